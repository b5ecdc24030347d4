"""Guards of the output folder: one build at a time, signals held back while a file is written,
temporary files of a killed build removed."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cdsanalysis.base.vocabulary import LANGS
from cdsanalysis.briefs.params import FAILED_DIR, BriefParameterError

LOCK_NAME = ".cds-briefs.lock"


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a file is written and renamed.

    A signal that arrives meanwhile is delivered when the block ends, so a stop never leaves a
    temporary file behind (SIGKILL aside, which nothing can hold back).
    """
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError):  # not POSIX, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One build at a time per output folder."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BriefParameterError(
                f"out_dir: another `cds briefs` is writing to {out}; wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_leftovers(out: Path) -> None:
    """Remove temporary files a killed build left (the atomic writer's ``.<name>.*.tmp``)."""
    folders = [out, *(out / lang for lang in LANGS), *(out / FAILED_DIR / lang for lang in LANGS)]
    for folder in folders:
        if folder.is_dir():
            for path in folder.glob(".*.tmp"):
                path.unlink(missing_ok=True)
