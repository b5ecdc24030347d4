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
   modules once (with whatever they import: seaborn is not among them today), compiles the
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cdsanalysis import __version__
from cdsanalysis.base import paths
from cdsanalysis.base.vocabulary import SECTOR_ID
from cdsanalysis.briefs.build import (
    FAILED_DIR,
    KERNEL_NAME,
    LANGS,
    OVERVIEW,
    BriefParameterError,
    BriefParams,
    BriefResult,
)

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = 1
INDEX_NAME = "index.html"
LOCK_NAME = ".cds-briefs.lock"
#: A brief still running after this many seconds is stopped and recorded as failed.
BRIEF_TIMEOUT = 1800.0
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


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefTask:
    """One brief to consider: validated parameters and the hashes of its inputs.

    Attributes
    ----------
    params : BriefParams
    inputs : dict of str to str
        Input name (``notebook``, ``package``, ``template``, ``plan``, ``reference``, ``data``,
        ``parameters``, ``versions``) to its SHA-256.
    key : str
        SHA-256 of ``inputs``: the brief is rebuilt when it changes.
    """

    params: BriefParams
    inputs: dict
    key: str

    @property
    def name(self) -> str:
        """``<lang>/<brief_id>``, the brief's name in messages and in the manifest."""
        return f"{self.params.lang}/{self.params.brief_id}"


@dataclass
class BriefOutcome:
    """What happened to one brief in a batch.

    Attributes
    ----------
    brief_id, lang : str
    action : {"built", "skipped", "failed"}
        ``skipped`` when its inputs were unchanged.
    seconds : float
        Time taken to build it (for a skipped brief, its last build's time).
    path : pathlib.Path or None
        The page, when there is one.
    size : int or None
        The page's size in bytes.
    summary : dict
        The facts the brief published about itself (title, status counts, as-of, vintage).
    failure : dict or None
        For a failed brief: ``cell_index`` (position in the kept notebook, from 0),
        ``execution_count``, ``source`` (the cell's first line), ``error`` (the error's last
        line); the cell fields are None when the brief failed outside a cell.
    notebook_path : pathlib.Path or None
        The partly run notebook of a failed brief.
    """

    brief_id: str
    lang: str
    action: str
    seconds: float
    path: Path | None = None
    size: int | None = None
    summary: dict = field(default_factory=dict)
    failure: dict | None = None
    notebook_path: Path | None = None

    @property
    def name(self) -> str:
        """``<lang>/<brief_id>``."""
        return f"{self.lang}/{self.brief_id}"

    @property
    def ok(self) -> bool:
        """Whether the brief's page is in place and current."""
        return self.action != "failed"

    @property
    def error(self) -> str | None:
        """One line saying where and why the brief failed (None when it did not)."""
        return None if self.failure is None else failure_text(self.failure)


@dataclass
class BatchResult:
    """The outcome of :func:`build_briefs`.

    Attributes
    ----------
    outcomes : list of BriefOutcome
        One per brief asked for, in the order asked.
    seconds : float
        Wall time of the whole batch.
    out_dir : pathlib.Path
    manifest_path : pathlib.Path
    index_path : pathlib.Path or None
        None when the index was already current.
    cleaned : str
        Why the raw data were cleaned first ("" when they were not).
    jobs : int
        Processes used.
    """

    outcomes: list[BriefOutcome]
    seconds: float
    out_dir: Path
    manifest_path: Path
    index_path: Path | None
    cleaned: str = ""
    jobs: int = 1

    def _with(self, action: str) -> list[BriefOutcome]:
        return [o for o in self.outcomes if o.action == action]

    @property
    def built(self) -> list[BriefOutcome]:
        """Briefs built in this batch."""
        return self._with("built")

    @property
    def skipped(self) -> list[BriefOutcome]:
        """Briefs whose inputs were unchanged."""
        return self._with("skipped")

    @property
    def failed(self) -> list[BriefOutcome]:
        """Briefs that failed."""
        return self._with("failed")

    @property
    def exit_status(self) -> int:
        """0 when every brief is in place, 1 when one failed."""
        return 1 if self.failed else 0


def failure_text(failure: dict) -> str:
    """Say where and why a brief failed: cell, its first line, the error's last line."""
    error = failure.get("error") or "failed"
    if failure.get("cell_index") is None:
        return error
    count = failure.get("execution_count")
    where = f"cell {failure['cell_index']}" + (f" (In [{count}])" if count else "")
    return f"{where} `{failure.get('source', '')}`: {error}"


# --------------------------------------------------------------------------------------------
# 1. Parameters
# --------------------------------------------------------------------------------------------


def normalise_langs(langs: str | Iterable[str] | None) -> tuple[str, ...]:
    """Return the languages asked for: "vi", "en", "all" (both) or a sequence of them.

    Raises
    ------
    BriefParameterError
        For a language the briefs are not written in, listing the choices.
    """
    if langs is None or langs == "all":
        return LANGS
    items = [langs] if isinstance(langs, str) else list(langs)
    if not items:
        raise BriefParameterError(
            f"lang: no language given; choose one of: {', '.join(LANGS)}, all"
        )
    chosen: list[str] = []
    for lang in items:
        if lang == "all":
            chosen.extend(LANGS)
        elif isinstance(lang, str) and lang in LANGS:
            chosen.append(lang)
        else:
            raise BriefParameterError(
                f"lang: {lang!r} is not a language of the briefs; choose one of: "
                f"{', '.join(LANGS)}, all"
            )
    return tuple(dict.fromkeys(chosen))


def check_jobs(jobs: Any) -> int:
    """Return the number of processes: ``jobs``, or the machine's cores when None.

    Raises
    ------
    BriefParameterError
        When ``jobs`` is not a whole number of at least 1.
    """
    if jobs is None:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not Linux
            return max(1, os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise BriefParameterError(f"jobs: {jobs!r} is not valid; give a whole number, 1 or more")
    return jobs


def resolve_brief_ids(sectors: Iterable[str] | None, sector_ids: Sequence[str]) -> list[str]:
    """Return the brief ids asked for: sector ids of the plan and ``"overview"``.

    Parameters
    ----------
    sectors : iterable of str, optional
        Sector ids and/or ``"overview"``; None for every sector and the overview.
    sector_ids : sequence of str
        The plan's sector ids.

    Raises
    ------
    BriefParameterError
        For an id that is not a sector of the plan (a path such as "../x" included), listing
        the valid ones; or for a plan whose own sector ids cannot name a file.
    """
    valid = [*sector_ids, OVERVIEW]
    # the plan is data too: a sector id such as "../x" would put a page outside the folder
    for sid in sector_ids:
        if not isinstance(sid, str) or not SECTOR_ID.fullmatch(sid) or sid == OVERVIEW:
            raise BriefParameterError(
                f"plan: sector id {sid!r} cannot name a brief (lower-case letters and '_' "
                "only, not 'overview'); fix the plan's 'sectors'"
            )
    if sectors is None:
        return valid
    items = [sectors] if isinstance(sectors, str) else list(sectors)
    if not items:
        raise BriefParameterError(f"sector: none given; choose from: {', '.join(valid)}")
    for item in items:
        if not isinstance(item, str) or not SECTOR_ID.fullmatch(item) or item not in valid:
            raise BriefParameterError(
                f"sector: {item!r} is not a sector of the plan; choose from: {', '.join(valid)}"
            )
    return list(dict.fromkeys(items))


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
    from cdsanalysis.briefs.build import _check_plan

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
    path, plan = _check_plan(plan_path)
    if cache is not None and key is not None:
        cache.clear()
        cache.update(key=key, sector_ids=list(plan.sector_ids))
    return path, list(plan.sector_ids), plan


def _check_out_dir(out_dir: Any) -> Path:
    if out_dir is not None and not isinstance(out_dir, str | os.PathLike):
        raise BriefParameterError(f"out_dir: {out_dir!r} is not a folder path")
    out = (Path(out_dir).expanduser() if out_dir is not None else paths.REPORTS_DIR).resolve()
    if out.exists() and not out.is_dir():
        raise BriefParameterError(f"out_dir: {out} exists and is not a folder")
    return out


def ensure_processed(
    processed_dir: str | Path | None, *, say: Callable[[str], None] = print
) -> str:
    """Clean the raw files first when the project's processed data are missing or stale.

    Only the project's own ``data/processed`` is cleaned: a folder given explicitly is used as
    it is (it may not come from ``data/raw`` at all); when it is stale, ``say`` tells why.

    Returns
    -------
    str
        Why the data were cleaned; "" when they were not.
    """
    from cdsanalysis.clean import gateway

    if processed_dir is not None and Path(processed_dir).resolve() != paths.PROCESSED_DIR:
        why = gateway.staleness(processed_dir)
        if why and (Path(processed_dir) / gateway.OBSERVATIONS_FILE).exists():
            say(f"cds briefs: {processed_dir} is stale ({why}); used as it is, not cleaned")
        return ""
    return gateway.refresh(say=say, who="cds briefs")


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
        source = folder / gateway.OBSERVATIONS_FILE
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
    from cdsanalysis.briefs.build import notebook_path

    if not todo:
        return []
    first = todo[0]
    plan_file = first.plan_path or paths.PLAN_FILE
    versions = package_versions()
    shared = {
        "package": _package_hash(),
        "template": hash_tree(paths.TEMPLATES_DIR),
        "plan": _sha(Path(plan_file).read_bytes()),
        "reference": hash_tree(paths.REFERENCE_DIR, exclude=[paths.PLAN_FILE]),
        "versions": _json_sha(versions),
    }
    notebooks = {
        name: _sha(notebook_path(name).read_bytes()) for name in sorted({p.notebook for p in todo})
    }
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


# --------------------------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------------------------


def load_manifest(out_dir: str | Path) -> dict:
    """Read ``<out_dir>/manifest.json``; an empty manifest when it is missing or unreadable."""
    path = Path(out_dir) / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        manifest = {}
    manifest.setdefault("schema", MANIFEST_SCHEMA)
    if not isinstance(manifest.get("briefs"), dict):
        manifest["briefs"] = {}
    return manifest


def _save_manifest(out: Path, manifest: dict) -> Path:
    from cdsanalysis.briefs.build import write_atomic

    with deferred_signals():
        return write_atomic(
            out / MANIFEST_NAME,
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        )


def is_current(task: BriefTask, entry: dict | None, out: Path) -> bool:
    """Whether the brief's page is in place and was built from the same inputs."""
    if not entry or entry.get("status") != "ok" or entry.get("key") != task.key:
        return False
    page = task.params.output_path(out)
    try:
        return page.stat().st_size == entry.get("bytes")
    except OSError:
        return False


def _manifest_entry(task: BriefTask, outcome: BriefOutcome, out: Path) -> dict:
    params = task.params
    entry = {
        "brief_id": params.brief_id,
        "lang": params.lang,
        "notebook": params.notebook,
        "parameters": params.notebook_parameters(),
        "inputs": task.inputs,
        "key": task.key,
        "versions": package_versions(),
        "status": "ok" if outcome.ok else "failed",
        "seconds": round(outcome.seconds, 3),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "output": params.output_path(out).relative_to(out).as_posix() if outcome.ok else None,
        "bytes": outcome.size,
        "summary": outcome.summary,
    }
    if outcome.failure is not None:
        entry["failure"] = outcome.failure
        entry["failed_notebook"] = (
            outcome.notebook_path.relative_to(out).as_posix() if outcome.notebook_path else None
        )
    return entry


# --------------------------------------------------------------------------------------------
# 3. Workers
# --------------------------------------------------------------------------------------------


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
    from ipykernel.inprocess.manager import InProcessKernelManager  # noqa: F401

    # Imported here so that every forked brief finds them loaded.
    from cdsanalysis import assess  # noqa: F401
    from cdsanalysis.base import geography, plan  # noqa: F401
    from cdsanalysis.briefs import charts, content, narrative  # noqa: F401
    from cdsanalysis.briefs.build import export_html

    # The areas of the reference files (an input of every brief, hashed as "reference"): read
    # and normalised once here rather than once per brief; load_areas hands out copies.
    geography.load_areas()
    fig = charts.new_figure()
    ax = fig.add_subplot()
    ax.set_title("Bình Dương · Chuyển đổi số")
    ax.plot([2023, 2024, 2025], [1, 2, 3])
    charts.figure_png(fig)
    cell = nbformat.v4.new_code_cell(
        outputs=[nbformat.v4.new_output("display_data", {"text/html": "<h1>·</h1>"})]
    )
    export_html(nbformat.v4.new_notebook(cells=[cell]), lang="vi")
    # Keep the warm objects out of the collector's reach, so that children do not copy the
    # pages holding them when a collection touches their headers.
    gc.collect()
    gc.freeze()


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def _error_line(ename: str, evalue: str) -> str:
    lines = [line for line in str(evalue).splitlines() if line.strip()]
    last = lines[-1].strip() if lines else ""
    return f"{ename}: {last}" if last else ename


def execute_inprocess(
    params: BriefParams, on_cell: Callable[[int, str], None] | None = None
) -> tuple[Any, dict | None]:
    """Run a brief's notebook on an in-process IPython kernel.

    The notebook is parameterized as papermill does (an ``injected-parameters`` cell after the
    ``parameters`` cell, ``metadata.papermill.parameters``); cells run in order until one fails.

    Parameters
    ----------
    params : BriefParams
    on_cell : callable, optional
        Called with each code cell's index and first line before it runs.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook (up to and including a failed cell).
    dict or None
        None when every cell ran; else the failure (see :class:`BriefOutcome`).
    """
    from ipykernel.inprocess.manager import InProcessKernelManager
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from traitlets.config import Config

    from cdsanalysis.briefs.build import check_parameter_names, notebook_path

    parameters = params.notebook_parameters()
    check_parameter_names(params.notebook, parameters)
    nb = load_notebook_node(str(notebook_path(params.notebook)))
    nb = parameterize_notebook(nb, parameters, kernel_name=KERNEL_NAME)
    manager = InProcessKernelManager(config=Config({"HistoryManager": {"enabled": False}}))
    manager.start_kernel()
    # ipykernel puts Python's SIGINT handler back around every request; in a brief's process
    # Ctrl-C belongs to the parent, which stops the brief cleanly instead.
    manager.kernel.pre_handler_hook = lambda: None
    manager.kernel.post_handler_hook = lambda: None
    client = manager.client()
    client.start_channels()
    client.kernel_info()
    info = client.get_shell_msg(timeout=60)
    nb.metadata["language_info"] = info["content"].get("language_info", {})
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        if not cell.source.strip():
            continue
        if on_cell is not None:
            on_cell(index, _first_line(cell.source))
        msg_id = client.execute(cell.source, store_history=True, allow_stdin=False)
        reply = client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=60)
        cell.outputs = _collect_outputs(client, msg_id)
        content = reply["content"]
        cell.execution_count = content.get("execution_count")
        if content.get("status") != "ok":
            failure = {
                "cell_index": index,
                "execution_count": cell.execution_count,
                "source": _first_line(cell.source),
                "ename": content.get("ename", "Error"),
                "error": _error_line(content.get("ename", "Error"), content.get("evalue", "")),
            }
            nb.metadata["cds_failure"] = failure
            nb.metadata.papermill["exception"] = True
            return nb, failure
    return nb, None


def _collect_outputs(client: Any, msg_id: str) -> list:
    """The outputs of one execution, from its iopub messages up to its idle status."""
    import nbformat

    outputs: list = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        kind = msg["msg_type"]
        content = msg["content"]
        mine = msg["parent_header"].get("msg_id") == msg_id
        if kind == "status" and mine and content.get("execution_state") == "idle":
            return outputs
        if kind == "clear_output" and mine:
            outputs = []
        elif kind == "stream":  # the in-process streams carry no parent header
            if outputs and outputs[-1].get("output_type") == "stream":
                if outputs[-1]["name"] == content["name"]:
                    outputs[-1]["text"] += content["text"]
                    continue
            outputs.append(nbformat.v4.output_from_msg(msg))
        elif kind in ("display_data", "execute_result", "error") and mine:
            outputs.append(nbformat.v4.output_from_msg(msg))


def _become_worker(parent_pid: int) -> None:
    """Signals of a brief's process: Ctrl-C is the parent's to handle; SIGTERM ends it now."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(128 + signal.SIGTERM))
    try:  # Linux: die with the parent, even when it is killed outright
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(128 + signal.SIGTERM)
    os.chdir(paths.ROOT)


def _failed_path(out: Path, params: BriefParams) -> Path:
    return out / FAILED_DIR / params.lang / f"{params.brief_id}.ipynb"


def _brief_process(task: BriefTask, out: Path, conn: Any, parent_pid: int) -> None:
    """Body of a brief's process: run, export, write; report to the parent through ``conn``."""
    _become_worker(parent_pid)
    started = time.perf_counter()
    params = task.params
    result: dict = {"type": "done", "ok": False}
    try:
        from cdsanalysis.briefs.build import brief_summary, export_html, write_atomic

        def on_cell(index: int, source: str) -> None:
            conn.send({"type": "cell", "index": index, "source": source})

        nb, failure = execute_inprocess(params, on_cell)
        if failure is not None and failure["ename"] == "KeyboardInterrupt":
            os._exit(128 + signal.SIGINT)  # a stop, not a failure: write nothing
        if failure is None:
            page = export_html(nb, lang=params.lang)
            with deferred_signals():
                path = write_atomic(params.output_path(out), page)
                _failed_path(out, params).unlink(missing_ok=True)
            result.update(ok=True, size=path.stat().st_size, summary=brief_summary(nb))
        else:
            import nbformat

            with deferred_signals():
                kept = write_atomic(_failed_path(out, params), nbformat.writes(nb))
                # The old page would show data the brief no longer matches.
                params.output_path(out).unlink(missing_ok=True)
            result.update(failure=failure, notebook=str(kept))
    except BaseException as exc:  # reported to the parent, which records the brief as failed
        result["failure"] = {
            "cell_index": None,
            "execution_count": None,
            "source": "",
            "ename": type(exc).__name__,
            "error": _error_line(type(exc).__name__, str(exc)),
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
                process.start()
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


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------


class _Progress:
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
        if self.bar is not None:
            self.bar.close()


# --------------------------------------------------------------------------------------------
# Index, lock, leftovers
# --------------------------------------------------------------------------------------------


def _index_results(manifest: dict, out: Path, ids: Sequence[str]) -> list[BriefResult]:
    results = []
    for lang in LANGS:
        for brief_id in ids:
            entry = manifest["briefs"].get(f"{lang}/{brief_id}")
            if not entry:
                continue
            page = out / lang / f"{brief_id}.html"
            if entry.get("status") == "ok" and page.exists():
                results.append(
                    BriefResult(
                        brief_id, lang, True, page, entry.get("seconds", 0.0), entry["summary"]
                    )
                )
            elif entry.get("status") == "failed":
                kept = entry.get("failed_notebook")
                results.append(
                    BriefResult(
                        brief_id,
                        lang,
                        False,
                        None,
                        entry.get("seconds", 0.0),
                        error=failure_text(entry.get("failure") or {}),
                        notebook_path=out / kept if kept else None,
                    )
                )
    return results


@contextmanager
def _locked(out: Path) -> Iterator[None]:
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


def _remove_leftovers(out: Path) -> None:
    """Remove temporary files a killed build left (write_atomic's ``.<name>.*.tmp``)."""
    folders = [out, *(out / lang for lang in LANGS), *(out / FAILED_DIR / lang for lang in LANGS)]
    for folder in folders:
        if folder.is_dir():
            for path in folder.glob(".*.tmp"):
                path.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# The batch
# --------------------------------------------------------------------------------------------


def _order(tasks: list[BriefTask], manifest: dict) -> list[BriefTask]:
    """Longest first (by the last build's time; the overview is the longest by far)."""

    def expected(task: BriefTask) -> float:
        entry = manifest["briefs"].get(task.name) or {}
        guess = 3.0 if task.params.sector is None else 1.0
        return float(entry.get("seconds") or guess)

    return sorted(tasks, key=expected, reverse=True)


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

    Returns
    -------
    BatchResult

    Raises
    ------
    BriefParameterError
        For a bad parameter, before anything runs or is written.

    Examples
    --------
    >>> from cdsanalysis.briefs.batch import build_briefs
    >>> result = build_briefs(sectors=["health", "overview"], langs="en")  # doctest: +SKIP
    >>> [(o.name, o.action) for o in result.outcomes]  # doctest: +SKIP
    [('en/health', 'built'), ('en/overview', 'built')]
    """
    from cdsanalysis.briefs.build import (
        _check_as_of,
        _check_plan,
        _check_processed_dir,
        build_index,
    )

    started = time.perf_counter()
    stream = stream if stream is not None else sys.stderr

    def say(text: str) -> None:
        if progress:
            print(text, file=stream, flush=True)

    # Load inputs: every parameter checked before anything runs or is written.
    lang_list = normalise_langs(langs)
    # "latest" needs no parsing (the period grammar's module imports pandas).
    as_of_label = "latest" if as_of == "latest" else _check_as_of(as_of)
    n_jobs = check_jobs(jobs)
    out = _check_out_dir(out_dir)
    previous = load_manifest(out)  # read only: its caches spare re-reading unchanged inputs
    plan_cache = dict(previous.get("plan_cache") or {})
    plan_file, sector_ids, plan = check_plan(plan_path, plan_cache)
    ids = resolve_brief_ids(sectors, sector_ids)
    if processed_dir is not None and not isinstance(processed_dir, str | os.PathLike):
        raise BriefParameterError(f"processed_dir: {processed_dir!r} is not a folder path")
    cleaned = ensure_processed(processed_dir, say=say)
    folder = _check_processed_dir(processed_dir)
    todo = [
        BriefParams(None if b == OVERVIEW else b, lang, as_of_label, folder, plan_file)
        for lang in lang_list
        for b in ids
    ]
    data_cache = dict(previous.get("data_cache") or {})
    tasks = plan_tasks(todo, data_cache)

    with _locked(out):
        _remove_leftovers(out)
        manifest = load_manifest(out)
        manifest["plan_cache"], manifest["data_cache"] = plan_cache, data_cache
        stale = [
            t for t in tasks if force or not is_current(t, manifest["briefs"].get(t.name), out)
        ]
        outcomes: dict[str, BriefOutcome] = {}
        for task in tasks:
            if task not in stale:
                entry = manifest["briefs"][task.name]
                outcomes[task.name] = BriefOutcome(
                    task.params.brief_id,
                    task.params.lang,
                    "skipped",
                    float(entry.get("seconds") or 0.0),
                    path=task.params.output_path(out),
                    size=entry.get("bytes"),
                    summary=entry.get("summary") or {},
                )
        n_jobs = min(n_jobs, max(1, len(stale)))
        if stale:
            say(
                f"cds briefs: {len(stale)} to build, {len(tasks) - len(stale)} up to date "
                f"({n_jobs} at a time)"
            )
            warm_parent()
            bar = _Progress(len(stale), progress, stream)

            def on_done(task: BriefTask, outcome: BriefOutcome) -> None:
                outcomes[task.name] = outcome
                manifest["briefs"][task.name] = _manifest_entry(task, outcome, out)
                _save_manifest(out, manifest)
                bar.update(outcome)

            try:
                run_tasks(_order(stale, manifest), out, jobs=n_jobs, on_done=on_done)
            finally:
                bar.close()
                gc.unfreeze()  # warm_parent froze them for the forks only

        # Save outputs: the index lists every brief of this folder, built now or before.
        listed = _index_results(manifest, out, [*sector_ids, OVERVIEW])
        index_key = _json_sha(
            [
                (r.lang, r.brief_id, r.ok, (manifest["briefs"][f"{r.lang}/{r.brief_id}"]["key"]))
                for r in listed
            ]
            + [__version__, hash_tree(paths.TEMPLATES_DIR)]
        )
        index_path = None
        if index_key != manifest.get("index_key") or not (out / INDEX_NAME).exists():
            if plan is None:
                plan = _check_plan(plan_path)[1]
            with deferred_signals():
                index_path = build_index(listed, out_dir=out, plan=plan)
            manifest["index_key"] = index_key
        manifest["versions"] = package_versions()
        manifest["last_run"] = {
            "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - started, 3),
            "jobs": n_jobs,
            "forced": bool(force),
            "cleaned": cleaned or None,
            "built": [n for n, o in outcomes.items() if o.action == "built"],
            "skipped": [n for n, o in outcomes.items() if o.action == "skipped"],
            "failed": [n for n, o in outcomes.items() if o.action == "failed"],
        }
        manifest_path = _save_manifest(out, manifest)
    return BatchResult(
        outcomes=[outcomes[t.name] for t in tasks],
        seconds=time.perf_counter() - started,
        out_dir=out,
        manifest_path=manifest_path,
        index_path=index_path,
        cleaned=cleaned,
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
) -> int:
    """Run :func:`build_briefs` for the command line and print a summary; return the exit status.

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
        result = build_briefs(sectors, langs, as_of, jobs, processed_dir, plan_path, out_dir, force)
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
