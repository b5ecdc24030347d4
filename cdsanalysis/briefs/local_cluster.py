"""A Dask cluster on this machine, started with the ``dask`` command as on separate machines.

One ``dask scheduler`` and N ``dask worker`` processes (each with its nanny), every one in a
process group of its own, listening on 127.0.0.1 on ports the system chooses. It lets
``cds briefs --scheduler`` be tried, tested and measured on one machine; across machines, the
scheduler and workers are started by hand as the README says.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

#: Seconds to wait for the scheduler and then every worker to be up.
START_TIMEOUT = 120.0


class LocalProcessCluster:
    """One scheduler and ``workers`` worker processes on 127.0.0.1; a context manager.

    Parameters
    ----------
    folder : pathlib.Path
        Where the scheduler file, the logs and the workers' scratch folders go.
    workers : int, default 2
    threads : int, default 1
        Threads of each worker: briefs it builds at a time.

    Examples
    --------
    >>> with LocalProcessCluster(tmp_path) as cluster:  # doctest: +SKIP
    ...     run_briefs(["health"], scheduler=cluster.address)
    """

    def __init__(self, folder: Path, workers: int = 2, threads: int = 1):
        self.folder = Path(folder)
        self.workers, self.threads = workers, threads
        self.address = ""
        self._processes: list[subprocess.Popen] = []
        self._logs: list[IO[bytes]] = []

    def _start(self, name: str, *args: str) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        self._logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "dask", *args],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own group: stopped whole, its worker process included
        )
        self._processes.append(process)

    def _wait_for_scheduler(self, scheduler_file: Path, deadline: float) -> str:
        while time.monotonic() < deadline:
            if self._processes[0].poll() is not None:
                break
            try:
                return json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        raise RuntimeError(f"the scheduler did not start; see {self.folder / 'scheduler.log'}")

    def start(self) -> LocalProcessCluster:
        """Start the scheduler, then the workers; return once every worker has registered."""
        from distributed import Client

        self.folder.mkdir(parents=True, exist_ok=True)
        scheduler_file = self.folder / "scheduler.json"
        scheduler_file.unlink(missing_ok=True)
        deadline = time.monotonic() + START_TIMEOUT
        self._start(
            "scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(scheduler_file),
        )  # fmt: skip
        self.address = self._wait_for_scheduler(scheduler_file, deadline)
        for index in range(self.workers):
            self._start(
                f"worker-{index}", "worker", self.address, "--host", "127.0.0.1",
                "--nthreads", str(self.threads), "--no-dashboard", "--name", f"worker-{index}",
                "--local-directory", str(self.folder / f"worker-{index}"),
            )  # fmt: skip
        with Client(self.address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(self.workers, timeout=max(1.0, deadline - time.monotonic()))
        return self

    def stop(self) -> None:
        """Stop every process group (SIGTERM, then SIGKILL after 10 s), workers first."""
        for process in reversed(self._processes):
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in reversed(self._processes):
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)  # what outlived SIGTERM in its group
            process.wait()
        self._processes.clear()
        for log in self._logs:
            log.close()
        self._logs.clear()

    def __enter__(self) -> LocalProcessCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass
