"""Building the briefs on a Dask distributed cluster (``cds briefs --scheduler ADDRESS``).

The client (the machine running ``cds briefs``) decides what to build exactly as for a local
build: same input hashes, same manifest. It then sends each brief to the cluster as one task;
a worker (``dask worker ADDRESS`` on any machine) builds the brief the way the local build does,
in a fresh process forked from a warm one, and sends back the page's bytes (or, for a brief
that failed, its partly run notebook and the failure). Only the client writes into the output
folder, each file atomically, as the local build does: workers on other machines cannot write
the client's disk, and an interrupted build leaves every page whole.

What a worker reads, and how it is checked:

- the processed data, by the path or URL given (``--data-url``; default the client's processed
  folder, which suits workers that see the same path, such as a shared mount). A path is read
  as it is; a URL through fsspec (``file://``, ``http(s)://``, ``s3://`` with s3fs installed,
  ...). The files are copied once per worker into its scratch space and checked against the
  SHA-256 of the client's files: data that differ make the brief fail with a message, never a
  page built from other data. The copy of the observations file gets the client's file time,
  because the brief prints that file's date as the data vintage;
- its own installed code, notebooks, reference files and packages, which must be those of the
  client: the worker hashes them as the client did (the manifest's ``inputs``) and refuses to
  build when one differs, naming it. A plan file given with ``--plan`` is sent with the task.
  The worker's time zone must be the client's (a brief prints dates in local time).

A failed brief is recorded as a local failure is (the others still build); so is a task the
cluster could not run (a worker lost three times, an error raised on the worker).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cdsanalysis.base.safe_io import atomic_write_bytes
from cdsanalysis.briefs.execute import error_line
from cdsanalysis.briefs.outdir import deferred_signals
from cdsanalysis.briefs.params import BriefParameterError
from cdsanalysis.briefs.tasks import BriefOutcome, BriefTask

#: Seconds to wait for the scheduler to answer, and then for a worker to be there.
CONNECT_TIMEOUT = 5.0
#: Seconds a build waits with no worker left on the cluster before the briefs still to build
#: are given up as failed (``CDS_CLUSTER_GRACE`` overrides it): a worker that leaves hands its
#: brief to another, but a cluster with none would otherwise keep the command waiting for ever.
WORKERLESS_GRACE = 60.0
_POLL = 1.0
#: The processed files a brief reads besides the observations (when they exist).
SIDE_FILES = ("quarantine.csv", "clean_report.json")
_SCHEMES = ("tcp", "tls", "ws", "wss")
_HOST = r"\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?"  # [IPv6], name, IPv4
_ADDRESS = re.compile(rf"^(?:(?P<scheme>[a-z]+)://)?(?P<host>{_HOST}):(?P<port>[0-9]{{1,5}})/?$")
_CHUNK = 1 << 20


# --------------------------------------------------------------------------------------------
# Parameters (client)
# --------------------------------------------------------------------------------------------


def check_scheduler(address: Any) -> str:
    """Return a scheduler address as ``scheme://host:port``; refuse one that cannot be one.

    Parameters
    ----------
    address : str
        What ``dask scheduler`` prints, e.g. ``tcp://10.0.0.5:8786``; ``10.0.0.5:8786`` means
        ``tcp://``.

    Raises
    ------
    BriefParameterError
        Naming the value and showing the form expected.

    Examples
    --------
    >>> check_scheduler("127.0.0.1:8786")
    'tcp://127.0.0.1:8786'
    >>> check_scheduler("tcp://cluster-head:99999")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdsanalysis.briefs.params.BriefParameterError: scheduler: 'tcp://cluster-head:99999' ...
    """
    form = (
        "give the address `dask scheduler` prints, such as tcp://10.0.0.5:8786 "
        f"(scheme {', '.join(_SCHEMES)}; port 1-65535)"
    )
    match = _ADDRESS.match(address.strip()) if isinstance(address, str) else None
    scheme = (match.group("scheme") or "tcp") if match else ""
    if match is None or scheme not in _SCHEMES or not 0 < int(match.group("port")) < 65536:
        raise BriefParameterError(f"scheduler: {address!r} is not a scheduler address; {form}")
    return f"{scheme}://{match.group('host')}:{int(match.group('port'))}"


def check_data_url(url: Any) -> str | None:
    """Return where the workers read the processed data (None: the client's folder).

    A path is used as it is; a URL needs a protocol fsspec knows, with its package installed
    (``s3://`` needs s3fs, ``http://`` aiohttp).

    Raises
    ------
    BriefParameterError
        For a value that is not text, or a protocol that cannot be read.
    """
    if url is None:
        return None
    if not isinstance(url, str | os.PathLike) or not str(url).strip():
        raise BriefParameterError(f"data_url: {url!r} is not a path or URL")
    text = str(url).strip()
    protocol = text.split("://", 1)[0] if "://" in text else "file"
    try:
        import fsspec

        fsspec.get_filesystem_class(protocol)
    except ImportError as exc:
        raise BriefParameterError(
            f"data_url: {text} needs a package that is not installed here (install it on the "
            f"client and on every worker): {exc}"
        ) from None
    except ValueError:
        raise BriefParameterError(
            f"data_url: {text}: {protocol!r} is not a protocol fsspec can read; give a path "
            "every worker sees, or a URL such as file:///srv/cds/processed or https://..."
        ) from None
    return text


# --------------------------------------------------------------------------------------------
# What a worker needs besides the task (client)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteInputs:
    """What the client sends with each brief: where the data are, and what they must be.

    Attributes
    ----------
    url : str
        The processed folder as the workers reach it: a path, or a URL fsspec reads.
    files : dict of str to str
        File name to SHA-256: the observations file the briefs read, then the side files.
    mtime : float
        Time of the client's observations file (the brief prints its date as the vintage).
    utc_offset : int
        The client's offset from UTC at that time, in seconds; the worker's must be the same.
    plan_text : bytes or None
        The plan file given with ``--plan``; None for the project's own plan.
    """

    url: str
    files: dict
    mtime: float
    utc_offset: int
    plan_text: bytes | None = None

    @property
    def observations(self) -> str:
        """Name of the observations file (``observations.parquet`` or ``.csv``)."""
        return next(iter(self.files))


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def describe_inputs(
    processed_dir: Path, data_url: str | None, plan_path: Path | None
) -> RemoteInputs:
    """Hash the client's processed files and read the plan to send, for :func:`build_remote`."""
    parquet = processed_dir / "observations.parquet"
    observations = parquet if parquet.is_file() else processed_dir / "observations.csv"
    names = [observations.name, *(n for n in SIDE_FILES if (processed_dir / n).is_file())]
    mtime = observations.stat().st_mtime
    return RemoteInputs(
        url=data_url if data_url is not None else str(processed_dir),
        files={name: _file_sha(processed_dir / name) for name in names},
        mtime=mtime,
        utc_offset=time.localtime(mtime).tm_gmtoff,
        plan_text=None if plan_path is None else Path(plan_path).read_bytes(),
    )


# --------------------------------------------------------------------------------------------
# On a worker
# --------------------------------------------------------------------------------------------


class RemoteInputError(RuntimeError):
    """A worker cannot build the brief the client asked for (data or environment differ)."""


_WARM_LOCK = threading.Lock()
_warm_done = False


def _warm_worker_process() -> None:
    """Prepare this worker process, once, to fork briefs' processes (as the local parent)."""
    global _warm_done
    from cdsanalysis.briefs.workers import warm_parent

    with _WARM_LOCK:
        if _warm_done:
            return
        # A worker started by `dask worker` (through its nanny) is a daemonic multiprocessing
        # child, which multiprocessing forbids to start processes. The rule keeps children from
        # outliving their parent; a brief's process dies with its parent anyway (its
        # PR_SET_PDEATHSIG), so the rule is lifted for this process.
        multiprocessing.current_process()._config["daemon"] = False
        # The warm objects stay frozen out of the collector's reach for the process's life,
        # as during a local batch: the forks then share their pages.
        warm_parent()
        _warm_done = True


def _scratch() -> Path:
    """The worker's own scratch folder (removed with the worker); the temp folder elsewhere."""
    try:
        from distributed import get_worker

        return Path(get_worker().local_directory)
    except (ImportError, ValueError):
        return Path(tempfile.gettempdir())


def _copy_checked(fs: Any, source: str, target: Path, expected: str) -> None:
    digest = hashlib.sha256()
    with fs.open(source, "rb") as reader, target.open("wb") as writer:
        while block := reader.read(_CHUNK):
            digest.update(block)
            writer.write(block)
    if digest.hexdigest() != expected:
        raise RemoteInputError(
            f"{source} is not the client's {target.name} (its SHA-256 differs): the workers "
            "must read the same processed data as the client; copy the folder again or give "
            "--data-url a place that holds it"
        )


def fetch_processed(inputs: RemoteInputs, base: Path) -> Path:
    """Copy the processed files from ``inputs.url`` into ``base``, checked; return the folder.

    The copy is kept (one folder per set of files) and shared by the briefs of the worker.

    Raises
    ------
    RemoteInputError
        When a file cannot be read there, or is not the client's file.
    """
    import fsspec

    key = hashlib.sha256(repr((sorted(inputs.files.items()), inputs.mtime)).encode()).hexdigest()
    folder = base / "cds-processed" / key[:20]
    if folder.is_dir():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".fetch-", dir=folder.parent))
    try:
        fs, root = fsspec.core.url_to_fs(inputs.url)
        for name, expected in inputs.files.items():
            source = f"{root.rstrip('/')}/{name}"
            try:
                _copy_checked(fs, source, staging / name, expected)
            except RemoteInputError:
                raise
            except Exception as exc:  # fsspec's back ends raise their own errors
                raise RemoteInputError(
                    f"cannot read {name} at {inputs.url} ({type(exc).__name__}: {exc}); give "
                    "--data-url a path or URL every worker can read"
                ) from None
        os.utime(staging / inputs.observations, (inputs.mtime, inputs.mtime))
        try:
            staging.rename(folder)
        except OSError:  # another brief of this worker fetched the same files meanwhile
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def _local_plan(inputs: RemoteInputs, base: Path) -> Path | None:
    """The plan sent by the client, written once into ``base`` (None: the project's own)."""
    if inputs.plan_text is None:
        return None
    digest = hashlib.sha256(inputs.plan_text).hexdigest()
    path = base / "cds-plans" / f"plan-{digest[:20]}.yaml"
    if not path.is_file():
        atomic_write_bytes(path, inputs.plan_text)
    return path


def environment_differences(task: BriefTask, plan_path: Path | None) -> list[str]:
    """The shared inputs of ``task`` whose hashes differ in this process's environment."""
    from cdsanalysis.briefs.batch import environment_inputs, notebook_hash

    own = dict(environment_inputs(plan_path), notebook=notebook_hash(task.params.notebook))
    return [name for name, sha in own.items() if sha != task.inputs.get(name)]


def _utc(offset: int) -> str:
    sign = "+" if offset >= 0 else "-"
    return f"UTC{sign}{abs(offset) // 3600:02d}:{abs(offset) % 3600 // 60:02d}"


def _check_worker(task: BriefTask, inputs: RemoteInputs, plan_path: Path | None) -> None:
    differing = environment_differences(task, plan_path)
    if differing:
        raise RemoteInputError(
            f"this worker's {', '.join(differing)} differ from the client's: install the same "
            "commit of cdsanalysis and the same packages on every worker"
        )
    offset = time.localtime(inputs.mtime).tm_gmtoff
    if offset != inputs.utc_offset:
        raise RemoteInputError(
            f"this worker's time zone ({_utc(offset)}) is not the client's "
            f"({_utc(inputs.utc_offset)}): a brief prints dates in local time; start the "
            "worker with the client's TZ"
        )


def _run_here(task: BriefTask, scratch: Path) -> dict:
    """Build one brief in a forked process, into a folder of its own; return what it made."""
    from cdsanalysis.briefs.workers import run_tasks

    _warm_worker_process()
    with tempfile.TemporaryDirectory(prefix="cds-brief-", dir=scratch) as work:
        [outcome] = run_tasks([task], Path(work), jobs=1, on_done=lambda *_: None)
        return {
            "action": outcome.action,
            "seconds": outcome.seconds,
            "summary": outcome.summary,
            "failure": outcome.failure,
            "page": outcome.path.read_bytes() if outcome.action == "built" else None,
            "notebook": (
                outcome.notebook_path.read_bytes() if outcome.notebook_path is not None else None
            ),
        }


def build_remote(task: BriefTask, inputs: RemoteInputs) -> dict:
    """Build one brief on this worker (the task the client submits); never writes its output.

    Returns
    -------
    dict
        ``action`` ("built" or "failed"), ``seconds``, ``summary``, ``failure``, ``page`` (the
        page's bytes), ``notebook`` (a failed brief's notebook, bytes) and ``worker`` (host).
    """
    started = time.perf_counter()
    host = socket.gethostname()
    scratch = _scratch()
    try:
        plan = _local_plan(inputs, scratch)
        _check_worker(task, inputs, plan)
        folder = fetch_processed(inputs, scratch)
    except RemoteInputError as exc:
        failure = _failure("RemoteInputError", f"worker {host}: {exc}")
        return {"action": "failed", "seconds": time.perf_counter() - started, "failure": failure}
    local = replace(task, params=replace(task.params, processed_dir=folder, plan_path=plan))
    return dict(_run_here(local, scratch), worker=host)


def _grace() -> float:
    """:data:`WORKERLESS_GRACE`, or ``CDS_CLUSTER_GRACE`` seconds when set to a number."""
    try:
        return max(0.0, float(os.environ.get("CDS_CLUSTER_GRACE", WORKERLESS_GRACE)))
    except ValueError:
        return WORKERLESS_GRACE


def _failure(ename: str, message: str) -> dict:
    return {
        "cell_index": None,
        "execution_count": None,
        "source": "",
        "ename": ename,
        "error": error_line(ename, message),
    }


# --------------------------------------------------------------------------------------------
# The client's side of a build
# --------------------------------------------------------------------------------------------


def save_result(task: BriefTask, result: dict, out: Path) -> BriefOutcome:
    """Write what a worker sent into ``out`` as the local build does; return the outcome."""
    params = task.params
    seconds = float(result.get("seconds") or 0.0)
    if result.get("action") == "built":
        page = result["page"]
        with deferred_signals():
            path = atomic_write_bytes(params.output_path(out), page)
            params.failed_notebook_path(out).unlink(missing_ok=True)
        return BriefOutcome(
            params.brief_id,
            params.lang,
            "built",
            seconds,
            path=path,
            size=len(page),
            summary=result.get("summary") or {},
        )
    kept = None
    with deferred_signals():
        if result.get("notebook") is not None:
            kept = atomic_write_bytes(params.failed_notebook_path(out), result["notebook"])
        # The old page would show data the brief no longer matches.
        params.output_path(out).unlink(missing_ok=True)
    failure = result.get("failure") or _failure("Error", "the worker reported no failure")
    return BriefOutcome(
        params.brief_id, params.lang, "failed", seconds, failure=failure, notebook_path=kept
    )


class ClusterBuild:
    """A connection to a Dask scheduler, to build briefs on its workers.

    Parameters
    ----------
    address : str
        A checked scheduler address (:func:`check_scheduler`).
    data_url : str, optional
        Where the workers read the processed data (:func:`check_data_url`).
    timeout : float
        Seconds to wait for the scheduler, then for a worker.

    Raises
    ------
    BriefParameterError
        When dask's distributed is not installed, the scheduler does not answer in time, or it
        has no worker: before anything is written.
    """

    def __init__(self, address: str, data_url: str | None, timeout: float = CONNECT_TIMEOUT):
        try:
            from distributed import Client
        except ImportError:
            raise BriefParameterError(
                "scheduler: building on a cluster needs dask's distributed; install the "
                "cluster extra: pip install -e '.[cluster]'"
            ) from None
        self.address, self.data_url = address, data_url
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise BriefParameterError(
                f"scheduler: no answer from {address} within {timeout:g} s ({exc}); start it "
                "with `dask scheduler` and give the address it prints"
            ) from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):
            self.close()
            raise BriefParameterError(
                f"scheduler: {address} has no worker; start one on each machine with "
                f"`dask worker {address}`"
            ) from None

    @property
    def threads(self) -> int:
        """Briefs the cluster builds at a time: its workers' threads."""
        return max(1, sum(self.client.nthreads().values()))

    def describe(self) -> str:
        """Where the briefs are built, for the progress line."""
        workers = len(self.client.nthreads())
        return f"on the cluster at {self.address}: {workers} worker(s), {self.threads} at a time"

    def run(
        self,
        tasks: Sequence[BriefTask],
        out: Path,
        *,
        on_done: Callable[[BriefTask, BriefOutcome], None],
    ) -> list[BriefOutcome]:
        """Build ``tasks`` on the cluster, in the order given; write each result into ``out``.

        On KeyboardInterrupt the tasks not finished are cancelled and the interrupt raised
        again; the pages written by then are whole.

        Returns
        -------
        list of BriefOutcome
            In the order the briefs finished.
        """
        if not tasks:
            return []
        first = tasks[0].params
        inputs = describe_inputs(first.processed_dir, self.data_url, first.plan_path)
        futures = {}
        for rank, task in enumerate(tasks):
            key = f"cds-brief-{task.params.lang}-{task.params.brief_id}-{uuid.uuid4().hex[:8]}"
            future = self.client.submit(
                build_remote, task, inputs, key=key, priority=len(tasks) - rank, retries=0
            )
            futures[future] = task
        outcomes = []
        try:
            for task, result in self._results(futures):
                outcome = save_result(task, result, out)
                outcomes.append(outcome)
                on_done(task, outcome)
        except BaseException:
            self.client.cancel(list(futures))
            raise
        return outcomes

    def _results(self, futures: dict) -> Any:
        """Yield ``(task, result)`` as the briefs finish; when the cluster has had no
        worker for :data:`WORKERLESS_GRACE` seconds, the briefs left fail with that reason."""
        from distributed import wait

        grace = _grace()
        pending = set(futures)
        alone_since = None
        while pending:
            try:
                with self.client.as_current():  # wait() takes the current client's loop
                    done, pending = wait(pending, timeout=_POLL, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            for future in done:
                try:
                    result = future.result()
                except Exception as exc:  # the cluster could not run it: that brief failed
                    result = {"action": "failed", "failure": _failure(type(exc).__name__, str(exc))}
                yield futures[future], result
            if done or self.client.nthreads():
                alone_since = None
                continue
            alone_since = alone_since or time.monotonic()
            if time.monotonic() - alone_since >= grace:
                self.client.cancel(list(pending))
                message = (
                    f"no worker left on the cluster at {self.address} for {grace:g} s; start "
                    f"workers with `dask worker {self.address}` and run the command again"
                )
                for future in sorted(pending, key=lambda f: futures[f].name):
                    failure = _failure("WorkerLost", message)
                    yield futures[future], {"action": "failed", "failure": failure}
                pending = set()

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster keeps running)."""
        self.client.close()

    def __enter__(self) -> ClusterBuild:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
