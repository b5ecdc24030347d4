"""Build the briefs: validate parameters, run a notebook with papermill, export it with nbconvert.

Three steps, each its own function so that a batch builder can reuse them (warm workers,
incremental rebuilds):

1. :func:`validate_params` / :func:`validate_overview_params`: refuse a bad parameter before
   anything runs, naming it and listing the valid choices. Output paths are built only from the
   validated ids (``reports/<lang>/<sector_id>.html``).
2. :func:`execute_brief`: run ``notebooks/sector_brief.ipynb`` or
   ``notebooks/province_overview.ipynb`` with papermill (kernel ``python3`` of this environment,
   working directory the project root), returning the executed notebook.
3. :func:`export_html`: turn the executed notebook into one self-contained HTML file with the
   project's nbconvert template (``cdsanalysis/templates/cds_brief``): outputs only, inline
   stylesheet, no script, no network request; :func:`write_atomic` puts it in place.

:func:`build_brief` chains the three for one brief; :func:`build_all` builds every brief (eight
sectors and the overview, in both languages) and the index page ``reports/index.html``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cdsanalysis import __version__
from cdsanalysis.base import paths
from cdsanalysis.base.vocabulary import LANGS, SECTOR_ID

OVERVIEW = "overview"
KERNEL_NAME = "python3"
TEMPLATE_NAME = "cds_brief"
INDEX_TEMPLATE = "site_index.html.j2"
NOTEBOOK_FILES = {
    "sector_brief": "sector_brief.ipynb",
    "province_overview": "province_overview.ipynb",
}
# The names each notebook's parameters cell defines; anything else is refused.
NOTEBOOK_PARAMETERS = {
    "sector_brief": ("sector", "lang", "as_of", "processed_dir", "plan_path"),
    "province_overview": ("lang", "as_of", "processed_dir", "plan_path"),
}
_H2 = re.compile(r'<h2 id="([a-z0-9-]+)">(.*?)</h2>', re.DOTALL)
_H1 = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
FAILED_DIR = "_failed"


class BriefParameterError(ValueError):
    """A brief parameter that cannot be used; the message names it and lists valid choices."""


class BriefBuildError(RuntimeError):
    """A brief whose notebook failed to run or export.

    Attributes
    ----------
    brief_id, lang : str
        Which brief.
    notebook_path : pathlib.Path or None
        The partly executed notebook, kept for diagnosis.
    """

    def __init__(
        self, message: str, *, brief_id: str, lang: str, notebook_path: Path | None = None
    ):
        super().__init__(message)
        self.brief_id = brief_id
        self.lang = lang
        self.notebook_path = notebook_path


@dataclass(frozen=True)
class BriefParams:
    """Validated parameters of one brief.

    Attributes
    ----------
    sector : str or None
        A sector id of the plan; None for the province overview.
    lang : {"vi", "en"}
    as_of : str
        "latest" or a canonical period label ("2024", "2025-H1", ...).
    processed_dir : pathlib.Path
        Absolute path of the processed data folder.
    plan_path : pathlib.Path or None
        Absolute path of the plan file; None for the project's own.
    """

    sector: str | None
    lang: str
    as_of: str
    processed_dir: Path
    plan_path: Path | None

    @property
    def brief_id(self) -> str:
        """The brief's id: the sector id, or ``"overview"``."""
        return self.sector if self.sector is not None else OVERVIEW

    @property
    def notebook(self) -> str:
        """The notebook that builds the brief: ``sector_brief`` or ``province_overview``."""
        return "sector_brief" if self.sector is not None else "province_overview"

    def notebook_parameters(self) -> dict[str, Any]:
        """The values injected into the notebook's parameters cell (plain, JSON-safe)."""
        values = {
            "sector": self.sector,
            "lang": self.lang,
            "as_of": self.as_of,
            "processed_dir": str(self.processed_dir),
            "plan_path": None if self.plan_path is None else str(self.plan_path),
        }
        return {k: v for k, v in values.items() if k in NOTEBOOK_PARAMETERS[self.notebook]}

    def output_path(self, out_dir: str | Path | None = None) -> Path:
        """``<out_dir>/<lang>/<brief_id>.html``, from validated ids only."""
        base = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR
        return base / self.lang / f"{self.brief_id}.html"


# --------------------------------------------------------------------------------------------
# 1. Parameters
# --------------------------------------------------------------------------------------------


def _check_lang(lang: Any) -> str:
    if not isinstance(lang, str) or lang not in LANGS:
        raise BriefParameterError(
            f"lang: {lang!r} is not a language of the briefs; choose one of: {', '.join(LANGS)}"
        )
    return lang


def _check_as_of(as_of: Any) -> str:
    from cdsanalysis.base.periods import PeriodError, parse_as_of

    help_text = (
        '"latest" or a period such as 2024, 2024-Q4, 2025-H1, 2024-M12, 2025-YTD9, '
        '2024-12-31 (or as agencies write it: "Quý IV/2024", "6 tháng đầu năm 2025")'
    )
    if isinstance(as_of, bool) or not isinstance(as_of, str | int | dt.date):
        raise BriefParameterError(f"as_of: {as_of!r} is not valid; use {help_text}")
    if isinstance(as_of, str) and not as_of.strip():
        raise BriefParameterError(f"as_of: an empty text is not valid; use {help_text}")
    try:
        period = parse_as_of(as_of)
    except PeriodError as exc:
        raise BriefParameterError(f"as_of: {exc}; use {help_text}") from None
    return "latest" if period is None else period.label


def _check_processed_dir(processed_dir: Any) -> Path:
    if processed_dir is not None and not isinstance(processed_dir, str | os.PathLike):
        raise BriefParameterError(
            f"processed_dir: {processed_dir!r} is not a folder path (give a path, or None for "
            f"the project's {paths.PROCESSED_DIR})"
        )
    folder = paths.PROCESSED_DIR if processed_dir is None else Path(processed_dir).expanduser()
    folder = folder.resolve()
    if not folder.is_dir():
        raise BriefParameterError(
            f"processed_dir: {folder} is not a folder; run `cds clean` to create the processed "
            "data, or give the folder that holds observations.parquet"
        )
    if not any((folder / name).is_file() for name in ("observations.parquet", "observations.csv")):
        raise BriefParameterError(
            f"processed_dir: {folder} holds no observations.parquet; run `cds clean` first"
        )
    return folder


def _check_plan(plan_path: Any) -> tuple[Path | None, Any]:
    from cdsanalysis.base.plan import PlanError, load_plan

    if plan_path is not None and not isinstance(plan_path, str | os.PathLike):
        raise BriefParameterError(
            f"plan_path: {plan_path!r} is not a file path (give a path, or None for the "
            "project's plan)"
        )
    path = None if plan_path is None else Path(plan_path).expanduser().resolve()
    try:
        return path, load_plan(path)
    except PlanError as exc:
        raise BriefParameterError(f"plan_path: {exc}") from None


def validate_params(
    sector: Any,
    lang: Any = "vi",
    as_of: Any = "latest",
    processed_dir: Any = None,
    plan_path: Any = None,
) -> BriefParams:
    """Validate the parameters of a sector brief.

    Parameters
    ----------
    sector : str
        A sector id of the plan (``urban``, ``industry``, ..., ``culture_tourism``): lower-case
        letters and "_" only, so a path such as "../x" is refused before the plan is read.
    lang : {"vi", "en"}, default "vi"
    as_of : str, int or datetime.date, default "latest"
        "latest" (the latest period in the data) or a period: 2024, "2025-H1", "Quý IV/2024".
    processed_dir : str or pathlib.Path, optional
        Folder with ``observations.parquet``; None for the project's ``data/processed``.
    plan_path : str or pathlib.Path, optional
        A plan file; None for the project's own.

    Returns
    -------
    BriefParams
        With ``as_of`` as a canonical label and absolute paths.

    Raises
    ------
    BriefParameterError
        Naming the parameter, the value and the valid choices.

    Examples
    --------
    >>> validate_params("health", "xx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdsanalysis.briefs.build.BriefParameterError: lang: 'xx' is not a language ...
    """
    if not isinstance(sector, str) or not SECTOR_ID.fullmatch(sector):
        raise BriefParameterError(
            f"sector: {sector!r} is not a sector id (lower-case letters and '_' only, e.g. "
            "'health'); see `cds plan` for the sectors"
        )
    lang = _check_lang(lang)
    as_of = _check_as_of(as_of)
    plan_file, plan = _check_plan(plan_path)
    if sector not in plan.sector_ids:
        raise BriefParameterError(
            f"sector: {sector!r} is not a sector of the plan; choose one of: "
            f"{', '.join(plan.sector_ids)}"
        )
    folder = _check_processed_dir(processed_dir)
    return BriefParams(sector, lang, as_of, folder, plan_file)


def validate_overview_params(
    lang: Any = "vi",
    as_of: Any = "latest",
    processed_dir: Any = None,
    plan_path: Any = None,
) -> BriefParams:
    """Validate the parameters of the province overview (as :func:`validate_params`).

    Returns
    -------
    BriefParams
        With ``sector`` None.
    """
    lang = _check_lang(lang)
    as_of = _check_as_of(as_of)
    plan_file, _ = _check_plan(plan_path)
    folder = _check_processed_dir(processed_dir)
    return BriefParams(None, lang, as_of, folder, plan_file)


def check_parameter_names(notebook: str, names: Iterable[str]) -> None:
    """Refuse parameter names that the notebook's parameters cell does not define.

    Parameters
    ----------
    notebook : {"sector_brief", "province_overview"}
    names : iterable of str

    Raises
    ------
    BriefParameterError
        Naming the unknown parameters and listing the notebook's own.
    """
    if notebook not in NOTEBOOK_PARAMETERS:
        raise BriefParameterError(
            f"notebook: {notebook!r} is not a brief notebook; choose one of: "
            f"{', '.join(NOTEBOOK_PARAMETERS)}"
        )
    known = NOTEBOOK_PARAMETERS[notebook]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise BriefParameterError(
            f"{', '.join(map(repr, unknown))}: not a parameter of {notebook}; its parameters "
            f"are: {', '.join(known)}"
        )


def brief_params(
    brief_id: str,
    lang: Any = "vi",
    as_of: Any = "latest",
    *,
    processed_dir: Any = None,
    plan_path: Any = None,
) -> BriefParams:
    """Validate the parameters of a brief named by id: a sector id or ``"overview"``."""
    if brief_id == OVERVIEW:
        return validate_overview_params(lang, as_of, processed_dir, plan_path)
    return validate_params(brief_id, lang, as_of, processed_dir, plan_path)


# --------------------------------------------------------------------------------------------
# 2. Execute
# --------------------------------------------------------------------------------------------


def notebook_path(notebook: str) -> Path:
    """Path of a brief notebook (``sector_brief`` or ``province_overview``)."""
    check_parameter_names(notebook, ())
    return paths.NOTEBOOKS_DIR / NOTEBOOK_FILES[notebook]


def execute_notebook(
    notebook: str,
    parameters: Mapping[str, Any],
    *,
    output_path: str | Path | None = None,
    cwd: str | Path | None = None,
) -> Any:
    """Run a brief notebook with papermill and return the executed notebook.

    Parameters
    ----------
    notebook : {"sector_brief", "province_overview"}
    parameters : mapping
        Values for the notebook's parameters cell; names it does not define are refused.
    output_path : str or pathlib.Path, optional
        Where papermill writes the executed notebook as it runs (kept when a cell fails);
        None writes nothing.
    cwd : str or pathlib.Path, optional
        The kernel's working directory; default the project root, so that a run does not
        depend on where it was started.

    Returns
    -------
    nbformat.NotebookNode

    Raises
    ------
    BriefParameterError
        For a parameter name the notebook does not define.
    papermill.PapermillExecutionError
        When a cell fails.
    """
    import papermill

    check_parameter_names(notebook, parameters)
    return papermill.execute_notebook(
        str(notebook_path(notebook)),
        None if output_path is None else str(output_path),
        parameters=dict(parameters),
        kernel_name=KERNEL_NAME,
        cwd=str(cwd if cwd is not None else paths.ROOT),
        progress_bar=False,
        log_output=False,
    )


def execute_brief(params: BriefParams, *, output_path: str | Path | None = None) -> Any:
    """Run the notebook of one brief (validated parameters) and return the executed notebook.

    Raises
    ------
    BriefBuildError
        When a cell fails; the message is the cell's error, ``notebook_path`` the partly run
        notebook when ``output_path`` was given.
    """
    from papermill.exceptions import PapermillExecutionError

    try:
        return execute_notebook(
            params.notebook, params.notebook_parameters(), output_path=output_path
        )
    except PapermillExecutionError as exc:
        message = f"{params.lang}/{params.brief_id}: {exc.ename}: {exc.evalue}"
        raise BriefBuildError(
            message,
            brief_id=params.brief_id,
            lang=params.lang,
            notebook_path=None if output_path is None else Path(output_path),
        ) from None


# --------------------------------------------------------------------------------------------
# 3. Export
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _exporter() -> Any:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME, extra_template_basedirs=[str(paths.TEMPLATES_DIR)]
    )
    # The template writes outputs only; these keep nbconvert from adding anything else.
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def _text(data: Any) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def brief_summary(nb: Any) -> dict:
    """The facts a brief published about itself (title, status counts, as-of, vintage)."""
    from cdsanalysis.briefs.content import SUMMARY_MIMETYPE

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SUMMARY_MIMETYPE in data:
                value = data[SUMMARY_MIMETYPE]
                return dict(json.loads(value) if isinstance(value, str) else value)
    return {}


def _html_outputs(nb: Any) -> list[str]:
    return [
        _text(output["data"]["text/html"])
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") in ("display_data", "execute_result")
        and "text/html" in output.get("data", {})
    ]


def table_of_contents(fragments: Sequence[str], lang: str) -> str:
    """The table of contents: one link per section heading (``<h2 id=...>``) of the brief."""
    from cdsanalysis.briefs.narrative import t

    items = []
    for fragment in fragments:
        for section_id, title in _H2.findall(fragment):
            # The titles are the package's own words, already escaped in the fragment.
            items.append(f'<li><a href="#{section_id}">{title}</a></li>')
    if not items:
        return ""
    heading = html.escape(t("toc", lang))
    return (
        f'<nav class="cds-toc" aria-label="{heading}"><h2 class="cds-toc-title">{heading}</h2>'
        f"<ol>{''.join(items)}</ol></nav>"
    )


def export_html(nb: Any, *, lang: str | None = None) -> str:
    """Export an executed brief notebook to one self-contained HTML page.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook run by :func:`execute_brief` (or by the papermill command line).
    lang : {"vi", "en"}, optional
        The page's language; default the ``lang`` parameter papermill recorded, else the
        brief's summary, else "vi".

    Returns
    -------
    str
        HTML: outputs only (no code, prompts or parameters), the project's inline stylesheet,
        a table of contents, no script and no external resource.
    """
    import copy

    summary = brief_summary(nb)
    recorded = nb.metadata.get("papermill", {}).get("parameters", {}).get("lang")
    lang = lang or recorded or summary.get("lang") or "vi"
    lang = _check_lang(lang)
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text/html" in output.get("data", {}):
                output["data"]["text/html"] = _text(output["data"]["text/html"])
    fragments = _html_outputs(nb)
    title = summary.get("title")
    if not title:
        found = next((m for f in fragments for m in _H1.findall(f)), "cdsanalysis")
        title = html.unescape(_TAG.sub("", found))
    from cdsanalysis.briefs.content import TOC_MARKER

    resources = {
        "cds": {
            "lang": lang,
            "title": title,
            "toc_marker": TOC_MARKER,
            "toc_html": table_of_contents(fragments, lang),
            "summary_json": json.dumps(summary, ensure_ascii=False, sort_keys=True),
            "version": __version__,
        }
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body


def write_atomic(path: str | Path, text: str) -> Path:
    """Write text to ``path`` through a temporary file in the same folder and a rename.

    A reader never sees a half-written brief, and a failed write leaves the old one in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# --------------------------------------------------------------------------------------------
# One brief, every brief, the index
# --------------------------------------------------------------------------------------------


@dataclass
class BriefResult:
    """The outcome of building one brief."""

    brief_id: str
    lang: str
    ok: bool
    path: Path | None
    seconds: float
    summary: dict = field(default_factory=dict)
    error: str | None = None
    notebook_path: Path | None = None


def build_one(params: BriefParams, *, out_dir: str | Path | None = None) -> BriefResult:
    """Execute and export one brief; a failure is recorded, not raised.

    The executed notebook of a failed brief is kept under ``<out_dir>/_failed/<lang>/``.
    """
    out = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR
    started = time.perf_counter()
    failed_nb = out / FAILED_DIR / params.lang / f"{params.brief_id}.ipynb"
    with tempfile.TemporaryDirectory(prefix="cds-brief-") as work:
        executed = Path(work) / f"{params.brief_id}-{params.lang}.ipynb"
        try:
            nb = execute_brief(params, output_path=executed)
            page = export_html(nb, lang=params.lang)
            path = write_atomic(params.output_path(out), page)
        except Exception as exc:  # one failed brief must not stop the others
            kept = None
            if executed.exists():
                failed_nb.parent.mkdir(parents=True, exist_ok=True)
                failed_nb.write_bytes(executed.read_bytes())
                kept = failed_nb
            return BriefResult(
                params.brief_id,
                params.lang,
                False,
                None,
                time.perf_counter() - started,
                error=str(exc) or type(exc).__name__,
                notebook_path=kept,
            )
    failed_nb.unlink(missing_ok=True)
    return BriefResult(
        params.brief_id,
        params.lang,
        True,
        path,
        time.perf_counter() - started,
        summary=brief_summary(nb),
    )


def build_brief(
    sector: str,
    lang: str = "vi",
    as_of: Any = "latest",
    *,
    out_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    plan_path: str | Path | None = None,
) -> Path:
    """Build one brief: validate, run the notebook, export, write ``<out_dir>/<lang>/<id>.html``.

    Parameters
    ----------
    sector : str
        A sector id of the plan, or ``"overview"`` for the province overview.
    lang : {"vi", "en"}, default "vi"
    as_of : str, default "latest"
    out_dir : str or pathlib.Path, optional
        Default the project's ``reports/``.
    processed_dir, plan_path : str or pathlib.Path, optional
        See :func:`validate_params`.

    Returns
    -------
    pathlib.Path
        The brief written.

    Raises
    ------
    BriefParameterError
        For a bad parameter (nothing runs).
    BriefBuildError
        When the notebook fails; the partly run notebook is kept under ``_failed/``.
    """
    params = brief_params(sector, lang, as_of, processed_dir=processed_dir, plan_path=plan_path)
    result = build_one(params, out_dir=out_dir)
    if not result.ok:
        raise BriefBuildError(
            result.error or "failed",
            brief_id=result.brief_id,
            lang=result.lang,
            notebook_path=result.notebook_path,
        )
    return result.path


def build_all(
    *,
    sectors: Sequence[str] | None = None,
    langs: Sequence[str] = LANGS,
    as_of: Any = "latest",
    out_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    plan_path: str | Path | None = None,
    overview: bool = True,
    progress: Callable[[BriefResult], None] | None = None,
) -> list[BriefResult]:
    """Build every brief (each sector and the overview, in each language) and the index.

    Parameters are validated for every brief before the first notebook runs. A brief that
    fails is recorded (its notebook kept under ``_failed/``) and listed as failed on the index;
    the others are built.

    Parameters
    ----------
    sectors : sequence of str, optional
        Sector ids; default every sector of the plan.
    langs : sequence of {"vi", "en"}, default both
    as_of : str, default "latest"
    out_dir : str or pathlib.Path, optional
        Default the project's ``reports/``.
    processed_dir, plan_path : str or pathlib.Path, optional
    overview : bool, default True
        Build the province overview too.
    progress : callable, optional
        Called with each :class:`BriefResult` as it is done.

    Returns
    -------
    list of BriefResult
        In build order; ``reports/index.html`` lists them.

    Raises
    ------
    BriefParameterError
        For a bad parameter, before anything runs.
    """
    for lang in langs:
        _check_lang(lang)
    plan_file, plan = _check_plan(plan_path)
    ids = list(sectors) if sectors is not None else list(plan.sector_ids)
    if overview:
        ids.append(OVERVIEW)
    todo = [
        brief_params(b, lang, as_of, processed_dir=processed_dir, plan_path=plan_file)
        for lang in langs
        for b in ids
    ]
    results = []
    for params in todo:
        result = build_one(params, out_dir=out_dir)
        results.append(result)
        if progress is not None:
            progress(result)
    build_index(results, out_dir=out_dir, plan=plan)
    return results


def read_summary(brief_path: str | Path) -> dict:
    """Read the summary a built brief carries in its ``<meta name="cds-summary">`` tag."""
    from html.parser import HTMLParser

    found: dict = {}

    class _Meta(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            values = dict(attrs)
            if tag == "meta" and values.get("name") == "cds-summary" and not found:
                try:
                    found.update(json.loads(values.get("content") or "{}"))
                except ValueError:
                    pass

    _Meta().feed(Path(brief_path).read_text(encoding="utf-8"))
    return found


def build_index(
    results: Sequence[BriefResult],
    *,
    out_dir: str | Path | None = None,
    plan: Any = None,
) -> Path:
    """Write ``<out_dir>/index.html``: one card per brief, both languages, failures listed.

    Parameters
    ----------
    results : sequence of BriefResult
    out_dir : str or pathlib.Path, optional
        Default the project's ``reports/``.
    plan : Plan, optional
        Gives the sectors' order and names; default the project's plan.

    Returns
    -------
    pathlib.Path
    """
    import jinja2

    from cdsanalysis.base import i18n
    from cdsanalysis.base.plan import load_plan
    from cdsanalysis.briefs import charts
    from cdsanalysis.briefs.narrative import format_date, t

    out = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR
    plan = plan or load_plan()
    order = {sid: i for i, sid in enumerate([OVERVIEW, *plan.sector_ids])}
    sections = []
    for lang in LANGS:
        mine = [r for r in results if r.lang == lang]
        if not mine:
            continue
        name_key = "name_vi" if lang == "vi" else "name_en"
        names = dict(zip(plan.sectors["id"], plan.sectors[name_key], strict=True))
        cards = []
        for result in sorted(mine, key=lambda r: (order.get(r.brief_id, 99), r.brief_id)):
            summary = result.summary or (read_summary(result.path) if result.path else {})
            if result.brief_id == OVERVIEW:
                title = t("overview_title", lang)
            else:
                title = names.get(result.brief_id, result.brief_id)
            counts = summary.get("counts") or {}
            chips = [
                {
                    "n": counts.get(s, 0),
                    "icon": i18n.status_icon(s),
                    "label": i18n.status_label(s, lang),
                    "colour": i18n.status_colour(s),
                    "ink": charts._text_on(i18n.status_colour(s)),
                }
                for s in i18n.STATUS_ORDER
                if counts.get(s, 0)
            ]
            cards.append(
                {
                    "ok": result.ok,
                    "title": title,
                    "href": f"{lang}/{result.brief_id}.html" if result.ok else None,
                    "chips": chips,
                    "as_of": summary.get("as_of_text") or "–",
                    "vintage": format_date(summary.get("vintage"), lang)
                    if summary.get("vintage")
                    else "–",
                    "synthetic": bool(summary.get("synthetic")),
                    "error": result.error,
                    "notebook": (
                        result.notebook_path.relative_to(out).as_posix()
                        if result.notebook_path and result.notebook_path.is_relative_to(out)
                        else None
                    ),
                }
            )
        sections.append({"lang": lang, "cards": cards, "words": _index_words(lang)})
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.TEMPLATES_DIR / TEMPLATE_NAME)),
        autoescape=True,
        keep_trailing_newline=True,
    )
    page = env.get_template(INDEX_TEMPLATE).render(
        sections=sections,
        version=__version__,
        built=dt.date.today().isoformat(),
        any_synthetic=any(c["synthetic"] for s in sections for c in s["cards"]),
        banner={lang: t("banner", lang) for lang in LANGS},
    )
    return write_atomic(out / "index.html", page)


def _index_words(lang: str) -> dict[str, str]:
    if lang == "vi":
        return {
            "heading": "Báo cáo tiếng Việt",
            "as_of": "Số liệu đến",
            "vintage": "Dữ liệu xử lý",
            "open": "Mở báo cáo",
            "failed": "Lỗi khi lập báo cáo",
            "notebook": "Sổ tay lỗi",
            "sample": "Dữ liệu mẫu",
        }
    return {
        "heading": "Briefs in English",
        "as_of": "Data as of",
        "vintage": "Data processed",
        "open": "Open the brief",
        "failed": "The brief failed to build",
        "notebook": "Failed notebook",
        "sample": "Sample data",
    }
