"""Progress of a batch: a tqdm bar on a terminal, one line per finished brief otherwise."""

from __future__ import annotations

from typing import IO

from cdsanalysis.briefs.tasks import BriefOutcome


class BriefProgress:
    """A tqdm bar on a terminal; one line per finished brief otherwise (CI logs)."""

    def __init__(self, total: int, enabled: bool, stream: IO[str]):
        self.total, self.done, self.stream = total, 0, stream
        self.bar = None
        self.enabled = enabled and total > 0
        if self.enabled and stream.isatty():
            import tqdm

            # No monitor thread: the parent forks, and a fork should not copy a running thread.
            tqdm.tqdm.monitor_interval = 0
            self.bar = tqdm.tqdm(total=total, unit="brief", file=stream, desc="cds briefs")

    def update(self, outcome: BriefOutcome) -> None:
        """Count one finished brief: advance the bar, or print its line."""
        self.done += 1
        if not self.enabled:
            return
        words = f"{outcome.name} {outcome.action} in {outcome.seconds:.1f} s"
        if outcome.failure is not None:
            words += f": {outcome.error}"
        if self.bar is not None:
            if outcome.failure is not None:
                self.bar.write(f"cds briefs: {words}", file=self.stream)
            self.bar.set_postfix_str(outcome.name, refresh=False)
            self.bar.update(1)
        else:
            width = len(str(self.total))
            print(f"[{self.done:>{width}}/{self.total}] {words}", file=self.stream, flush=True)

    def close(self) -> None:
        """Close the bar (nothing to do without one)."""
        if self.bar is not None:
            self.bar.close()
