"""Build every brief at once (``cds briefs``): in parallel, incrementally, failures isolated.

Load inputs / decide / build / save, in that order:

1. Parameters are validated before anything runs (sector ids, languages, ``as_of``, jobs, the
   plan); output paths are built from validated ids only. When the project's processed data are
   missing or older than the raw files, :func:`cdsanalysis.clean.run.clean_raw` runs first.
2. Each brief gets a key: the SHA-256 of its inputs (notebook, package source, nbconvert
   template, plan file, reference files, parameters, package versions, and the processed rows
   that feed it: a sector brief reads its sector's rows and the province-wide ones, the overview
   reads everything). A brief whose key matches ``reports/manifest.json`` and whose page is in
   place is not rebuilt; ``force`` rebuilds.
3. The briefs to build run in parallel, one fresh process per brief forked from a warm parent.
   The parent imports pandas, matplotlib, nbconvert, papermill, ipykernel and the package's
   modules once (seaborn among them, for the status grid), compiles the
   nbconvert template and loads the fonts; each brief's process starts from that state
   (copy-on-write, nothing flows from one brief to another), runs the notebook on an
   in-process IPython kernel (the kernel class a Jupyter kernel runs, without a separate
   process that would import pandas again), exports the page in-process and writes it
   atomically. There is no kernel process, so no ZMQ port to race for and no kernel start to
   time out; a brief's process dies with the parent (``PR_SET_PDEATHSIG``).
4. A brief that fails does not stop the others: its partly run notebook is kept under
   ``reports/_failed/<lang>/<id>.ipynb``, the index lists it as failed and the command exits 1,
   naming the cell that failed. ``reports/manifest.json`` records every brief's input hashes,
   parameters, versions, status, time and size; ``reports/index.html`` lists every brief.

With a Dask scheduler's address (``cds briefs --scheduler``) step 3 runs on the cluster's
workers instead (:mod:`cdsanalysis.briefs.cluster`): each sends back its brief's page, which this
process writes, so steps 2 and 4 are the same.

Every file is written to a temporary file beside it and renamed, with termination signals held
back for the few milliseconds of a write, so an interrupted build (Ctrl-C, ``kill``) leaves every
earlier brief whole and no half-written page.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cdsanalysis import __version__
from cdsanalysis.base import paths
from cdsanalysis.base.contracts import OBSERVATIONS_FILE
from cdsanalysis.briefs.cluster import ClusterBuild, check_data_url, check_scheduler
from cdsanalysis.briefs.execute import notebook_path
from cdsanalysis.briefs.index_page import build_index
from cdsanalysis.briefs.locality_ids import check_areas_level, locality_ids, recorded_localities
from cdsanalysis.briefs.manifest import (
    INDEX_NAME,
    index_results,
    is_current,
    load_manifest,
    manifest_entry,
    save_manifest,
)
from cdsanalysis.briefs.outdir import deferred_signals, locked, remove_leftovers
from cdsanalysis.briefs.params import (
    OVERVIEW,
    BriefParameterError,
    BriefParams,
    check_as_of,
    check_jobs,
    check_out_dir,
    check_plan_path,
    check_processed_dir,
    normalise_langs,
    resolve_brief_ids,
)
from cdsanalysis.briefs.progress_bar import BriefProgress
from cdsanalysis.briefs.tasks import BatchResult, BriefOutcome, BriefTask
from cdsanalysis.briefs.workers import run_tasks, warm_parent

#: Packages whose versions are inputs of every brief (with Python and cdsanalysis).
VERSION_PACKAGES = (
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "nbconvert",
    "nbformat",
    "papermill",
    "ipykernel",
    "ipython",
    "jinja2",
)
CLEAN_TOTALS = (
    "records_read",
    "records_clean",
    "records_quarantined",
    "records_no_data",
    "records_duplicate",
)
_SOURCE_SUFFIXES = {".py", ".j2", ".tpl", ".css", ".json", ".yaml", ".yml"}


def check_plan(plan_path: Any, cache: dict | None = None) -> tuple[Path | None, list[str], Any]:
    """Validate the plan file; return its path, its sector ids and the plan.

    Reading the plan (YAML) is the slowest check, so the sector ids of a plan already validated
    are taken from ``cache`` (the manifest's ``plan_cache``) when the plan's bytes and the
    package source are unchanged; the plan is then None. ``cache`` is updated in place.

    Raises
    ------
    BriefParameterError
        For a plan that cannot be used.
    """
    path = None
    if isinstance(plan_path, str | os.PathLike):
        path = Path(plan_path).expanduser().resolve()
    file = path if path is not None else paths.PLAN_FILE
    key = None
    if plan_path is None or path is not None:
        try:
            key = _json_sha([_sha(file.read_bytes()), _package_hash()])
        except OSError:
            key = None  # the validation below names the file and the reason
    if cache is not None and key is not None and cache.get("key") == key:
        return path, list(cache["sector_ids"]), None
    path, plan = check_plan_path(plan_path)
    if cache is not None and key is not None:
        cache.clear()
        cache.update(key=key, sector_ids=list(plan.sector_ids))
    return path, list(plan.sector_ids), plan


def ensure_processed(
    processed_dir: str | Path | None,
    *,
    say: Callable[[str], None] = print,
    plan_path: str | Path | None = None,
) -> str:
    """Clean the raw files first, with the plan ``plan_path``, when the project's processed
    data are missing or stale (made with another plan included).

    Only the project's own ``data/processed`` is cleaned: a folder given explicitly is used as
    it is (it may not come from ``data/raw`` at all); when it is stale, ``say`` tells why.

    Returns
    -------
    str
        Why the data were cleaned; "" when they were not.
    """
    from cdsanalysis.clean import gateway

    if processed_dir is not None and Path(processed_dir).resolve() != paths.PROCESSED_DIR:
        why = gateway.staleness(processed_dir, plan_path=plan_path)
        if why and (Path(processed_dir) / OBSERVATIONS_FILE).exists():
            say(f"cds briefs: {processed_dir} is stale ({why}); used as it is, not cleaned")
        return ""
    return gateway.refresh(say=say, who="cds briefs", plan_path=plan_path)


# --------------------------------------------------------------------------------------------
# 2. Input hashes
# --------------------------------------------------------------------------------------------


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _json_sha(value: Any) -> str:
    return _sha(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def hash_tree(
    folder: Path, *, suffixes: set[str] | None = None, exclude: Sequence[Path] = ()
) -> str:
    """SHA-256 of every file under ``folder`` (names and bytes, in sorted order).

    Parameters
    ----------
    folder : pathlib.Path
    suffixes : set of str, optional
        Only files with these suffixes; None for every file.
    exclude : sequence of pathlib.Path
        Files left out.
    """
    digest = hashlib.sha256()
    skip = {p.resolve() for p in exclude}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path.resolve() in skip:
                continue
            if suffixes is not None and path.suffix.lower() not in suffixes:
                continue
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(_sha(path.read_bytes()).encode("ascii"))
    return digest.hexdigest()


def _package_hash() -> str:
    return hash_tree(paths.PACKAGE_DIR, suffixes=_SOURCE_SUFFIXES)


def package_versions() -> dict[str, str]:
    """Versions of Python, cdsanalysis and the packages a brief's output depends on."""
    import platform
    from importlib import metadata

    versions = {"python": platform.python_version(), "cdsanalysis": __version__}
    for name in VERSION_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


class DataFingerprints:
    """Hashes of the processed data each brief reads.

    A sector brief reads its sector's observations and the province-wide ones (empty
    ``sector``), the quarantined records that touch the sector (the rule of
    :func:`cdsanalysis.briefs.content.quarantined_for`), and facts every brief prints: the
    cleaning totals, the data vintage (date of the observations file), the province code, and
    for ``as_of="latest"`` the latest period end in the data. The overview reads everything.
    Rows are hashed as canonical text, sorted, so a rewrite of the same rows hashes the same.

    Parameters
    ----------
    processed_dir : pathlib.Path
        A folder holding ``observations.parquet`` (or ``observations.csv``).
    """

    def __init__(self, processed_dir: Path):
        import pandas as pd

        from cdsanalysis.clean import gateway

        folder = Path(processed_dir)
        frame = gateway.load_observations_frame(folder, use_threads=False)
        # the file the briefs read: the Parquet file, else the CSV
        source = folder / OBSERVATIONS_FILE
        source = source if source.exists() else folder / "observations.csv"
        text = frame.astype(str)
        self.sector = frame["sector"].fillna("").astype(str).replace({"None": "", "nan": ""})
        text["sector"] = self.sector
        self.text = text
        self.quarantine = gateway.read_quarantine(folder)
        report = gateway.read_clean_report(folder)
        ends = sorted(e for e in text.get("period_end", pd.Series(dtype=str)) if _is_date(e))
        self.latest_end = ends[-1] if ends else None
        levels = text.get("geo_level", pd.Series(dtype=str))
        self.common = {
            "totals": {k: report.get(k) for k in CLEAN_TOTALS},
            "vintage": dt.date.fromtimestamp(source.stat().st_mtime).isoformat(),
            "province_codes": sorted(set(text.loc[levels == "province", "geo_code"])),
        }

    @staticmethod
    def _rows_sha(frame: Any) -> str:
        if frame.empty:
            return _sha(",".join(map(str, frame.columns)))
        ordered = frame.sort_values(list(frame.columns), kind="mergesort")
        return _sha(ordered.to_csv(index=False, lineterminator="\n"))

    def _quarantine_for(self, sector: str) -> Any:
        quarantine = self.quarantine
        if quarantine.empty:
            return quarantine
        files = set(self.text.loc[self.sector == sector, "source_file"]) - {""}
        pattern = re.compile(rf"(^|[/_.\-]){re.escape(sector)}([/_.\-]|$)", re.IGNORECASE)
        mask = quarantine["source_file"].isin(files) | quarantine["source_file"].map(
            lambda f: bool(pattern.search(str(f)))
        )
        if "sector" in quarantine.columns:
            mask |= quarantine["sector"] == sector
        return quarantine[mask]

    def for_brief(self, sector: str | None, as_of: str) -> str:
        """SHA-256 of what the brief of ``sector`` (None: the overview) reads."""
        if sector is None:
            rows, quarantine = self.text, self.quarantine
        else:
            rows = self.text[self.sector.isin([sector, ""])]
            quarantine = self._quarantine_for(sector)
        facts = dict(self.common)
        if as_of == "latest":
            facts["latest_end"] = self.latest_end
        return _json_sha(
            {
                "rows": self._rows_sha(rows),
                "quarantine": self._rows_sha(quarantine),
                "facts": facts,
            }
        )


def _is_date(text: str) -> bool:
    return bool(re.match(r"^\d{4}-\d{2}-\d{2}", text))


def _processed_signature(folder: Path) -> list:
    """Identity of the processed files: name, inode, size, mtime (a rewrite changes it)."""
    from cdsanalysis.clean import gateway

    return gateway.identity(folder)


def environment_inputs(plan_path: Path | None) -> dict[str, str]:
    """Hashes of the inputs every brief shares: package source, nbconvert template, plan file,
    reference files, package versions. A cluster's worker compares its own with the client's.

    Parameters
    ----------
    plan_path : pathlib.Path or None
        The plan file; None for the project's own.
    """
    return {
        "package": _package_hash(),
        "template": hash_tree(paths.TEMPLATES_DIR),
        "plan": _sha(Path(plan_path or paths.PLAN_FILE).read_bytes()),
        "reference": hash_tree(paths.REFERENCE_DIR, exclude=[paths.PLAN_FILE]),
        "versions": _json_sha(package_versions()),
    }


def notebook_hash(notebook: str) -> str:
    """SHA-256 of a brief notebook's file (``sector_brief`` or ``province_overview``)."""
    return _sha(notebook_path(notebook).read_bytes())


def plan_tasks(todo: Sequence[BriefParams], cache: dict | None = None) -> list[BriefTask]:
    """Hash the inputs of each brief.

    Parameters
    ----------
    todo : sequence of BriefParams
        Validated parameters, all with the same processed folder and plan file.
    cache : dict, optional
        The manifest's ``data_cache``: the data hashes of the briefs, kept with the identity
        (inode, size, mtime) of the processed files they were computed from, and reused while
        those files are the same ones. Updated in place.

    Returns
    -------
    list of BriefTask
    """
    if not todo:
        return []
    first = todo[0]
    shared = environment_inputs(first.plan_path)
    notebooks = {name: notebook_hash(name) for name in sorted({p.notebook for p in todo})}
    cache = cache if cache is not None else {}
    signature = _processed_signature(first.processed_dir)
    if cache.get("signature") != signature:
        cache.clear()
        cache.update(signature=signature, briefs={})
    known = cache["briefs"]
    data = None
    tasks = []
    for params in todo:
        slot = f"{params.sector or OVERVIEW}|{params.as_of}"
        if slot not in known:
            data = data or DataFingerprints(first.processed_dir)
            known[slot] = data.for_brief(params.sector, params.as_of)
        inputs = dict(
            shared,
            notebook=notebooks[params.notebook],
            parameters=_json_sha(params.notebook_parameters()),
            data=known[slot],
        )
        tasks.append(BriefTask(params, inputs, _json_sha(inputs)))
    return tasks


def _order(tasks: list[BriefTask], manifest: dict) -> list[BriefTask]:
    """Longest first (by the last build's time; the overview is the longest by far)."""

    def expected(task: BriefTask) -> float:
        entry = manifest["briefs"].get(task.name) or {}
        guess = 3.0 if task.params.sector is None else 1.0
        return float(entry.get("seconds") or guess)

    return sorted(tasks, key=expected, reverse=True)


@dataclass
class _Batch:
    """A batch's validated inputs: where it writes, what it builds, the caches it keeps."""

    out: Path
    jobs: int
    tasks: list[BriefTask]
    sector_ids: list[str]
    plan: Any  # None when the plan's sector ids came from the manifest's cache
    plan_cache: dict
    data_cache: dict
    cleaned: str


def _prepare(
    sectors: Iterable[str] | None,
    langs: str | Iterable[str],
    as_of: Any,
    jobs: int | None,
    processed_dir: str | Path | None,
    plan_path: str | Path | None,
    out_dir: str | Path | None,
    say: Callable[[str], None],
    areas: str | None = None,
) -> _Batch:
    """Check every parameter of :func:`build_briefs` and hash each brief's inputs."""
    lang_list = normalise_langs(langs)
    # "latest" needs no parsing (the period grammar's module imports pandas).
    as_of_label = "latest" if as_of == "latest" else check_as_of(as_of)
    n_jobs = check_jobs(jobs)
    out = check_out_dir(out_dir)
    previous = load_manifest(out)  # read only: its caches spare re-reading unchanged inputs
    plan_cache = dict(previous.get("plan_cache") or {})
    plan_file, sector_ids, plan = check_plan(plan_path, plan_cache)
    check_areas_level(areas)
    # With --areas alone, the locality pages only; the sector briefs stay as they are.
    ids = [] if areas is not None and sectors is None else resolve_brief_ids(sectors, sector_ids)
    if processed_dir is not None and not isinstance(processed_dir, str | os.PathLike):
        raise BriefParameterError(f"processed_dir: {processed_dir!r} is not a folder path")
    cleaned = ensure_processed(processed_dir, say=say, plan_path=plan_path)
    folder = check_processed_dir(processed_dir)
    todo = [
        BriefParams(None if b == OVERVIEW else b, lang, as_of_label, folder, plan_file)
        for lang in lang_list
        for b in ids
    ]
    if areas is not None:
        local = locality_ids(areas, folder)
        todo += [
            BriefParams(None, lang, as_of_label, folder, plan_file, area)
            for lang in lang_list
            for area in local
        ]
    data_cache = dict(previous.get("data_cache") or {})
    tasks = plan_tasks(todo, data_cache)
    return _Batch(out, n_jobs, tasks, sector_ids, plan, plan_cache, data_cache, cleaned)


def _skipped(task: BriefTask, manifest: dict, out: Path) -> BriefOutcome:
    """The outcome of a brief whose inputs are unchanged: its last build, as recorded."""
    entry = manifest["briefs"][task.name]
    return BriefOutcome(
        task.params.brief_id,
        task.params.lang,
        "skipped",
        float(entry.get("seconds") or 0.0),
        path=task.params.output_path(out),
        size=entry.get("bytes"),
        summary=entry.get("summary") or {},
    )


def _build_stale(
    stale: list[BriefTask],
    manifest: dict,
    out: Path,
    n_jobs: int,
    progress: bool,
    stream: IO[str],
    cluster: ClusterBuild | None = None,
) -> dict[str, BriefOutcome]:
    """Build the briefs whose inputs changed, recording each in the manifest as it finishes:
    here, or on ``cluster``'s workers."""
    outcomes: dict[str, BriefOutcome] = {}
    versions = package_versions()
    if cluster is None:
        warm_parent()
    bar = BriefProgress(len(stale), progress, stream)

    def on_done(task: BriefTask, outcome: BriefOutcome) -> None:
        outcomes[task.name] = outcome
        manifest["briefs"][task.name] = manifest_entry(task, outcome, out, versions)
        save_manifest(out, manifest)
        bar.update(outcome)

    try:
        if cluster is not None:
            cluster.run(_order(stale, manifest), out, on_done=on_done)
        else:
            run_tasks(_order(stale, manifest), out, jobs=n_jobs, on_done=on_done)
    finally:
        bar.close()
        gc.unfreeze()  # warm_parent froze them for the forks only
    return outcomes


def _actions(outcomes: dict[str, BriefOutcome]) -> dict[str, list[str]]:
    """The briefs built, skipped and failed, by name, in the order they were done."""
    return {
        action: [name for name, outcome in outcomes.items() if outcome.action == action]
        for action in ("built", "skipped", "failed")
    }


def _update_index(
    manifest: dict, out: Path, ids: Sequence[str], plan: Any, plan_path: Any
) -> Path | None:
    """Rewrite the index when the briefs it lists changed; return its path (None: current).

    The plan (``None`` when its sector ids came from the manifest's cache) is read only then.
    """
    listed = index_results(manifest, out, [*ids, *recorded_localities(manifest)])
    index_key = _json_sha(
        [
            (r.lang, r.brief_id, r.ok, (manifest["briefs"][f"{r.lang}/{r.brief_id}"]["key"]))
            for r in listed
        ]
        + [__version__, hash_tree(paths.TEMPLATES_DIR)]
    )
    if index_key == manifest.get("index_key") and (out / INDEX_NAME).exists():
        return None
    if plan is None:
        plan = check_plan_path(plan_path)[1]
    with deferred_signals():
        index_path = build_index(listed, out_dir=out, plan=plan)
    manifest["index_key"] = index_key
    return index_path


def build_briefs(
    sectors: Iterable[str] | None = None,
    langs: str | Iterable[str] = ("vi", "en"),
    as_of: Any = "latest",
    jobs: int | None = None,
    processed_dir: str | Path | None = None,
    plan_path: str | Path | None = None,
    out_dir: str | Path | None = None,
    force: bool = False,
    progress: bool = True,
    *,
    stream: IO[str] | None = None,
    scheduler: str | None = None,
    data_url: str | None = None,
    areas: str | None = None,
) -> BatchResult:
    """Build the briefs and the index, in parallel, rebuilding only what changed.

    Parameters
    ----------
    sectors : iterable of str, optional
        Brief ids: sector ids of the plan and/or ``"overview"``; None for the eight sectors and
        the overview.
    langs : {"vi", "en", "all"} or iterable of them, default both
    as_of : str, default "latest"
        "latest" or a period ("2024", "2025-H1", "Quý IV/2024").
    jobs : int, optional
        Briefs built at the same time; default the machine's cores.
    processed_dir : str or pathlib.Path, optional
        Default the project's ``data/processed``, cleaned first when missing or stale.
    plan_path : str or pathlib.Path, optional
        Default the project's plan.
    out_dir : str or pathlib.Path, optional
        Default the project's ``reports/``.
    force : bool, default False
        Rebuild every brief asked for, changed or not.
    progress : bool, default True
        Show progress on ``stream``: a bar on a terminal, one line per brief otherwise.
    stream : file, optional
        Where progress and notes go; default ``sys.stderr``.
    scheduler : str, optional
        A Dask scheduler's address (``tcp://host:8786``): the briefs are built on its workers
        (:mod:`cdsanalysis.briefs.cluster`), the pages written here; None builds here.
    data_url : str, optional
        With ``scheduler``: where the workers read the processed data, a path or a URL that
        fsspec reads; default the processed folder's path here.
    areas : {"district"}, optional
        Also build the locality pages: one brief per district-level area of the data and the
        communes' ranking page (:mod:`cdsanalysis.briefs.locality_ids`); without ``sectors``,
        only those.

    Returns
    -------
    BatchResult

    Raises
    ------
    BriefParameterError
        For a bad parameter, or a scheduler that does not answer (or has no worker), before
        anything runs or is written.

    Examples
    --------
    >>> from cdsanalysis.briefs.batch import build_briefs
    >>> result = build_briefs(sectors=["health", "overview"], langs="en")  # doctest: +SKIP
    >>> [(o.name, o.action) for o in result.outcomes]  # doctest: +SKIP
    [('en/health', 'built'), ('en/overview', 'built')]
    """
    started = time.perf_counter()
    stream = stream if stream is not None else sys.stderr

    def say(text: str) -> None:
        if progress:
            print(text, file=stream, flush=True)

    # Load inputs: every parameter checked before anything runs or is written.
    address, data_url = _check_cluster_options(scheduler, data_url, jobs)
    batch = _prepare(sectors, langs, as_of, jobs, processed_dir, plan_path, out_dir, say, areas)
    if address is None:
        return _run_batch(batch, force, progress, stream, say, started, plan_path)
    # Connected before the output folder is touched: an unreachable scheduler writes nothing.
    with ClusterBuild(address, data_url) as cluster:
        return _run_batch(batch, force, progress, stream, say, started, plan_path, cluster)


def _check_cluster_options(
    scheduler: Any, data_url: Any, jobs: Any
) -> tuple[str | None, str | None]:
    """The checked scheduler address and data URL (None, None for a local build)."""
    if scheduler is None:
        if data_url is not None:
            raise BriefParameterError(
                "data_url: it tells a cluster's workers where the data are; give a scheduler too"
            )
        return None, None
    if jobs is not None:
        raise BriefParameterError(
            "jobs: it sets the local processes; on a cluster each worker builds as many briefs "
            "at a time as it has threads (`dask worker --nthreads N`)"
        )
    return check_scheduler(scheduler), check_data_url(data_url)


def _run_batch(
    batch: _Batch,
    force: bool,
    progress: bool,
    stream: IO[str],
    say: Callable[[str], None],
    started: float,
    plan_path: Any,
    cluster: ClusterBuild | None = None,
) -> BatchResult:
    """Decide what to build, build it (here or on ``cluster``), then write index and manifest."""
    out, tasks, n_jobs = batch.out, batch.tasks, batch.jobs
    with locked(out):
        remove_leftovers(out)
        manifest = load_manifest(out)
        manifest["plan_cache"], manifest["data_cache"] = batch.plan_cache, batch.data_cache
        stale = [
            t for t in tasks if force or not is_current(t, manifest["briefs"].get(t.name), out)
        ]
        outcomes = {t.name: _skipped(t, manifest, out) for t in tasks if t not in stale}
        n_jobs = min(n_jobs if cluster is None else cluster.threads, max(1, len(stale)))
        if stale:
            where = f"{n_jobs} at a time" if cluster is None else cluster.describe()
            say(f"cds briefs: {len(stale)} to build, {len(outcomes)} up to date ({where})")
            outcomes.update(_build_stale(stale, manifest, out, n_jobs, progress, stream, cluster))

        # Save outputs: the index lists every brief of this folder, built now or before.
        ids = [*batch.sector_ids, OVERVIEW]
        index_path = _update_index(manifest, out, ids, batch.plan, plan_path)
        manifest["versions"] = package_versions()
        manifest["last_run"] = dict(
            _actions(outcomes),
            finished=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            seconds=round(time.perf_counter() - started, 3),
            jobs=n_jobs,
            forced=bool(force),
            cleaned=batch.cleaned or None,
            scheduler=None if cluster is None else cluster.address,
        )
        manifest_path = save_manifest(out, manifest)
    return BatchResult(
        outcomes=[outcomes[t.name] for t in tasks],
        seconds=time.perf_counter() - started,
        out_dir=out,
        manifest_path=manifest_path,
        index_path=index_path,
        cleaned=batch.cleaned,
        jobs=n_jobs,
    )


def run_briefs(
    sectors: Iterable[str] | None = None,
    langs: str | Iterable[str] = "all",
    as_of: Any = "latest",
    jobs: int | None = None,
    processed_dir: str | Path | None = None,
    plan_path: str | Path | None = None,
    out_dir: str | Path | None = None,
    force: bool = False,
    *,
    stream: IO[str] | None = None,
    scheduler: str | None = None,
    data_url: str | None = None,
    areas: str | None = None,
) -> int:
    """Run :func:`build_briefs` for the command line and print a summary; return the exit status.

    Parameters
    ----------
    sectors, langs, as_of, jobs, processed_dir, plan_path, out_dir, force
        As for :func:`build_briefs`.
    scheduler, data_url, areas
        As for :func:`build_briefs`.
    stream : file, optional
        Where the summary goes; default ``sys.stdout``.

    Returns
    -------
    int
        0 when every brief asked for is in place; 1 when one failed (named, with the cell).

    Raises
    ------
    BriefParameterError
        For a bad parameter (the command maps it to exit status 2).
    KeyboardInterrupt
        On Ctrl-C or SIGTERM, after every brief's process has stopped.
    """
    out_stream = stream if stream is not None else sys.stdout
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    # A `kill` stops the build as Ctrl-C does: brief processes stopped, finished pages kept.
    signal.signal(signal.SIGTERM, on_term)
    try:
        result = build_briefs(
            sectors,
            langs,
            as_of,
            jobs,
            processed_dir,
            plan_path,
            out_dir,
            force,
            scheduler=scheduler,
            data_url=data_url,
            areas=areas,
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    counts = (
        f"{len(result.built)} built, {len(result.skipped)} up to date, {len(result.failed)} failed"
    )
    print(f"cds briefs: {counts} in {result.seconds:.1f} s -> {result.out_dir}", file=out_stream)
    if result.index_path is not None:
        print(f"cds briefs: index {result.index_path}", file=out_stream)
    for outcome in result.failed:
        print(f"FAILED {outcome.name}: {outcome.error}", file=out_stream)
        if outcome.notebook_path is not None:
            print(f"  notebook kept: {outcome.notebook_path}", file=out_stream)
    return result.exit_status
