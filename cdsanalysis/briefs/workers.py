"""The briefs' processes: one fresh process per brief, forked from a warm parent.

The parent imports and prepares once everything a brief needs (:func:`warm_parent`); each brief's
process starts from that state (copy-on-write), runs the notebook on an in-process kernel, exports
the page and writes it atomically, and reports to the parent through a pipe. A brief's process dies
with the parent (``PR_SET_PDEATHSIG``); one that runs too long is stopped and recorded as failed.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdsanalysis.base import paths
from cdsanalysis.base.safe_io import atomic_write_text
from cdsanalysis.briefs.execute import error_line, execute_inprocess
from cdsanalysis.briefs.export import brief_summary, export_html
from cdsanalysis.briefs.outdir import deferred_signals
from cdsanalysis.briefs.tasks import BriefOutcome, BriefTask

#: A brief still running after this many seconds is stopped and recorded as failed.
BRIEF_TIMEOUT = 1800.0


def warm_parent() -> None:
    """Import and prepare, once, everything a brief's process needs, before forking.

    The heavy modules, the notebook machinery, the nbconvert template (compiled by exporting a
    tiny notebook), matplotlib's fonts (by drawing a figure in the house style), the reference
    list of areas. Nothing is read from the processed data: each brief loads its own.
    """
    # ipykernel imports debugpy, which warns about frozen modules on every start otherwise.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import ipykernel.inprocess.blocking  # noqa: F401
    import ipykernel.inprocess.ipkernel  # noqa: F401
    import nbformat
    import pandas  # noqa: F401
    import papermill.iorw  # noqa: F401
    import papermill.parameterize  # noqa: F401
    import pyarrow.parquet  # noqa: F401
    import seaborn  # noqa: F401
    from ipykernel.inprocess.manager import InProcessKernelManager  # noqa: F401

    # Imported here so that every forked brief finds them loaded.
    from cdsanalysis import assess  # noqa: F401
    from cdsanalysis.base import geography, plan  # noqa: F401
    from cdsanalysis.briefs import content, narrative, sections  # noqa: F401
    from cdsanalysis.briefs.charts import areas, grid, series, style, tiles  # noqa: F401

    # The areas of the reference files (an input of every brief, hashed as "reference"): read
    # and normalised once here rather than once per brief; load_areas hands out copies.
    geography.load_areas()
    fig = style.new_figure()
    ax = fig.add_subplot()
    ax.set_title("Bình Dương · Chuyển đổi số")
    ax.plot([2023, 2024, 2025], [1, 2, 3])
    style.figure_png(fig)
    cell = nbformat.v4.new_code_cell(
        outputs=[nbformat.v4.new_output("display_data", {"text/html": "<h1>·</h1>"})]
    )
    export_html(nbformat.v4.new_notebook(cells=[cell]), lang="vi")
    # Keep the warm objects out of the collector's reach, so that children do not copy the
    # pages holding them when a collection touches their headers.
    gc.collect()
    gc.freeze()


def _become_worker(parent_pid: int) -> None:
    """Signals of a brief's process: Ctrl-C is the parent's to handle; SIGTERM ends it now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(128 + signal.SIGTERM))
    # Forked with Ctrl-C held back (see run_tasks): ignored now, so let it through.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:  # Linux: die with the parent, even when it is killed outright
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(128 + signal.SIGTERM)
    os.chdir(paths.ROOT)


def _brief_process(task: BriefTask, out: Path, conn: Any, parent_pid: int) -> None:
    """Body of a brief's process: run, export, write; report to the parent through ``conn``."""
    _become_worker(parent_pid)
    started = time.perf_counter()
    params = task.params
    result: dict = {"type": "done", "ok": False}
    try:

        def on_cell(index: int, source: str) -> None:
            conn.send({"type": "cell", "index": index, "source": source})

        nb, failure = execute_inprocess(params, on_cell)
        if failure is not None and failure["ename"] == "KeyboardInterrupt":
            os._exit(128 + signal.SIGINT)  # a stop, not a failure: write nothing
        if failure is None:
            page = export_html(nb, lang=params.lang)
            with deferred_signals():
                path = atomic_write_text(params.output_path(out), page)
                params.failed_notebook_path(out).unlink(missing_ok=True)
            result.update(ok=True, size=path.stat().st_size, summary=brief_summary(nb))
        else:
            import nbformat

            with deferred_signals():
                kept = atomic_write_text(params.failed_notebook_path(out), nbformat.writes(nb))
                # The old page would show data the brief no longer matches.
                params.output_path(out).unlink(missing_ok=True)
            result.update(failure=failure, notebook=str(kept))
    except BaseException as exc:  # reported to the parent, which records the brief as failed
        result["failure"] = {
            "cell_index": None,
            "execution_count": None,
            "source": "",
            "ename": type(exc).__name__,
            "error": error_line(type(exc).__name__, str(exc)),
        }
    result["seconds"] = time.perf_counter() - started
    try:
        conn.send(result)
        conn.close()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        # No interpreter shutdown: the kernel's threads and the parent's state are not ours.
        os._exit(0)


@dataclass
class _Running:
    task: BriefTask
    process: Any
    started: float
    cell: dict | None = None
    result: dict | None = None


def _outcome(task: BriefTask, out: Path, result: dict | None, running: _Running) -> BriefOutcome:
    params = task.params
    seconds = time.monotonic() - running.started
    if result is None:
        code = running.process.exitcode
        where = running.cell or {}
        failure = {
            "cell_index": where.get("index"),
            "execution_count": None,
            "source": where.get("source", ""),
            "ename": "WorkerDied",
            "error": f"the brief's process ended without a result (exit status {code})",
        }
        return BriefOutcome(params.brief_id, params.lang, "failed", seconds, failure=failure)
    if result.get("ok"):
        return BriefOutcome(
            params.brief_id,
            params.lang,
            "built",
            result.get("seconds", seconds),
            path=params.output_path(out),
            size=result.get("size"),
            summary=result.get("summary") or {},
        )
    notebook = result.get("notebook")
    return BriefOutcome(
        params.brief_id,
        params.lang,
        "failed",
        result.get("seconds", seconds),
        failure=result.get("failure"),
        notebook_path=Path(notebook) if notebook else None,
    )


def run_tasks(
    tasks: Sequence[BriefTask],
    out: Path,
    *,
    jobs: int,
    on_done: Callable[[BriefTask, BriefOutcome], None],
    timeout: float = BRIEF_TIMEOUT,
) -> list[BriefOutcome]:
    """Build the briefs of ``tasks``, ``jobs`` at a time, one forked process each.

    Call :func:`warm_parent` first. On KeyboardInterrupt every brief's process is stopped
    (SIGTERM, then SIGKILL after 5 s) and the interrupt raised again.

    Returns
    -------
    list of BriefOutcome
        In the order the briefs finished.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("fork")
    pending = list(tasks)
    running: dict[Any, _Running] = {}
    outcomes: list[BriefOutcome] = []
    retried: set[str] = set()
    parent = os.getpid()
    try:
        while pending or running:
            while pending and len(running) < jobs:
                task = pending.pop(0)
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(
                    target=_brief_process,
                    args=(task, out, writer, parent),
                    name=f"cds-brief {task.name}",
                    daemon=True,
                )
                # Ctrl-C is held back while forking: a child must not take it before its
                # handler ignores it (it would unwind through the parent's exit hooks). The
                # parent gets a held-back Ctrl-C as soon as the child is started.
                held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                try:
                    process.start()
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, held)
                writer.close()  # the child holds the only writer: EOF when it ends
                running[reader] = _Running(task, process, time.monotonic())
            for reader in wait(list(running), timeout=1.0):
                job = running[reader]
                try:
                    while reader.poll():
                        message = reader.recv()
                        if message.get("type") == "cell":
                            job.cell = message
                        else:
                            job.result = message
                    continue
                except (EOFError, OSError):
                    pass
                job.process.join()
                reader.close()
                del running[reader]
                outcome = _outcome(job.task, out, job.result, job)
                if _kernel_went_silent(outcome) and job.task.name not in retried:
                    retried.add(job.task.name)  # a stall of the machine, not of the brief
                    pending.insert(0, job.task)
                    continue
                outcomes.append(outcome)
                on_done(job.task, outcome)
            now = time.monotonic()
            for reader, job in list(running.items()):
                if now - job.started > timeout:
                    job.process.terminate()
                    job.process.join(5)
                    if job.process.is_alive():
                        job.process.kill()
                        job.process.join()
                    reader.close()
                    del running[reader]
                    outcome = _outcome(job.task, out, None, job)
                    outcome.failure["error"] = f"stopped after {timeout:.0f} s"
                    outcomes.append(outcome)
                    on_done(job.task, outcome)
    except BaseException:
        _stop(list(running.values()))
        raise
    return outcomes


def _kernel_went_silent(outcome: BriefOutcome) -> bool:
    """Whether a brief failed because its kernel sent no message for a minute (``queue.Empty``
    outside any cell): seen once on a loaded machine; the brief is built again, once."""
    failure = outcome.failure or {}
    return outcome.action == "failed" and failure.get("ename") == "Empty"


def _stop(jobs: Sequence[_Running]) -> None:
    for job in jobs:
        if job.process.is_alive():
            job.process.terminate()
    deadline = time.monotonic() + 5
    for job in jobs:
        job.process.join(max(0.0, deadline - time.monotonic()))
        if job.process.is_alive():
            job.process.kill()
            job.process.join()
