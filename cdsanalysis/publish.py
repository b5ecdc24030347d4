"""Build briefs from Python: one (:func:`build_brief`), or many and their index
(:func:`build_briefs`).

A brief of the latest data goes to ``reports/<lang>/<id>.html``. A brief for an earlier period
goes to a folder named by that period, ``reports/<period>/<lang>/<id>.html`` (for example
``reports/2024/vi/health.html``), with its own index: it never replaces the current briefs or
the figures of ``reports/index.html``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cdsanalysis.api import plan_file
from cdsanalysis.base import paths
from cdsanalysis.base.vocabulary import LANGS
from cdsanalysis.errors import CdsError


def period_label(as_of: Any, *, lang: str | None = None) -> str:
    """``as_of`` as "latest" or its canonical period label (``2024`` -> ``"2024"``,
    ``"Quý IV/2024"`` -> ``"2024-Q4"``).

    Raises
    ------
    CdsError
        When ``as_of`` is not a period.
    """
    from cdsanalysis.base.periods import parse_as_of
    from cdsanalysis.lookup import period_text

    text = period_text(as_of, lang=lang)
    period = parse_as_of(text)
    return "latest" if period is None else period.label


def reports_folder(out_dir: str | Path | None, as_of: Any, *, lang: str | None = None) -> Path:
    """Where the briefs for ``as_of`` go: ``out_dir`` (default ``reports/``) for the latest
    data, its sub-folder named by the period (``reports/2024``) for an earlier ``as_of``."""
    base = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR
    label = period_label(as_of, lang=lang)
    return base if label == "latest" else base / label


def _check_lang(lang: Any) -> str:
    if lang not in LANGS:
        choices = ", ".join(LANGS)
        raise CdsError(
            f"ngôn ngữ {lang!r} không có; chọn một trong: {choices}",
            f"unknown language {lang!r}; one of {choices}",
        )
    return lang


def _check_brief_id(plan: Any, brief_id: Any, lang: str) -> str:
    from cdsanalysis.briefs.params import OVERVIEW
    from cdsanalysis.errors import unknown

    if brief_id != OVERVIEW and brief_id not in plan.sector_ids:
        choices = [*plan.sector_ids, OVERVIEW]
        raise unknown("bản tin", "brief", brief_id, choices, list_all=True, lang=lang)
    return brief_id


def build_brief(
    sector: str,
    lang: str = "vi",
    as_of: Any = "latest",
    *,
    out_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    plan: Any = None,
) -> Path:
    """Build one brief (a sector's or the overview) and return the page written.

    The processed data are cleaned first when they are missing or stale (the project's own
    ``data/processed`` only; a folder named in ``processed_dir`` is used as it is).

    Parameters
    ----------
    sector : str
        A sector id of the plan (``cds plan``, ``plan.sectors``), or ``"overview"``.
    lang : {"vi", "en"}, default "vi"
        The brief's language, and that of the error messages.
    as_of : str, int or datetime.date, default "latest"
        ``"latest"``, or a period (``2024``, ``"2025-H1"``, ``"Quý IV/2024"``): the brief then
        goes to ``<out_dir>/<period>/`` and leaves the current briefs as they are.
    out_dir : str or pathlib.Path, optional
        Default the project's ``reports/``.
    processed_dir : str or pathlib.Path, optional
        Default the project's ``data/processed``.
    plan : Plan or str or pathlib.Path, optional
        Default the project's plan; the automatic clean uses it too.

    Returns
    -------
    pathlib.Path
        ``<out_dir>/<lang>/<sector>.html``, or ``<out_dir>/<period>/<lang>/<sector>.html``.

    Raises
    ------
    CdsError
        For an unknown sector, language or period (nothing runs).
    cdsanalysis.briefs.execute.BriefBuildError
        When the notebook fails; the partly run notebook is kept under ``_failed/``.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> cds.build_brief("health")                            # doctest: +SKIP
    PosixPath('.../reports/vi/health.html')
    >>> cds.build_brief("health", "en", as_of=2024)          # doctest: +SKIP
    PosixPath('.../reports/2024/en/health.html')
    """
    from cdsanalysis.base.plan import load_plan
    from cdsanalysis.briefs import build
    from cdsanalysis.briefs.batch import ensure_processed

    lang = _check_lang(lang)
    plan_path = plan_file(plan)
    _check_brief_id(load_plan(plan_path), sector, lang)
    out = reports_folder(out_dir, as_of, lang=lang)
    ensure_processed(processed_dir, say=_say, plan_path=plan_path)
    return build.build_brief(
        sector,
        lang,
        period_label(as_of, lang=lang),
        out_dir=out,
        processed_dir=processed_dir,
        plan_path=plan_path,
    )


def build_briefs(
    sectors: Iterable[str] | None = None,
    langs: str | Iterable[str] = ("vi", "en"),
    as_of: Any = "latest",
    *,
    jobs: int | None = None,
    processed_dir: str | Path | None = None,
    plan: Any = None,
    out_dir: str | Path | None = None,
    force: bool = False,
    progress: bool = True,
) -> Any:
    """Build briefs and their index in parallel, rebuilding only those whose inputs changed.

    Parameters
    ----------
    sectors : iterable of str, optional
        Sector ids and/or ``"overview"``; default every sector and the overview.
    langs : {"vi", "en", "all"} or iterable of them, default both
    as_of : str, int or datetime.date, default "latest"
        As in :func:`build_brief`: an earlier period builds into ``<out_dir>/<period>/``, with
        its own ``index.html``.
    jobs : int, optional
        Briefs built at the same time; default the machine's cores.
    processed_dir : str or pathlib.Path, optional
        Default the project's ``data/processed``, cleaned first when missing or stale.
    plan : Plan or str or pathlib.Path, optional
        Default the project's plan; the automatic clean uses it too.
    out_dir : str or pathlib.Path, optional
        Default the project's ``reports/``.
    force : bool, default False
        Rebuild every brief asked for, changed or not.
    progress : bool, default True
        Show progress on stderr.

    Returns
    -------
    cdsanalysis.briefs.tasks.BatchResult
        ``outcomes`` (one per brief: ``name``, ``action`` built/skipped/failed, ``path``),
        ``index_path``, ``out_dir``, ``exit_status``.

    Raises
    ------
    CdsError
        For a period that cannot be read.
    cdsanalysis.briefs.params.BriefParameterError
        For another bad parameter, before anything runs or is written.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> result = cds.build_briefs(["health", "overview"], langs="vi")  # doctest: +SKIP
    >>> [(o.name, o.action) for o in result.outcomes]                  # doctest: +SKIP
    [('vi/health', 'built'), ('vi/overview', 'built')]
    >>> cds.build_briefs(as_of=2024).out_dir                           # doctest: +SKIP
    PosixPath('.../reports/2024')
    """
    from cdsanalysis.briefs import batch

    out = reports_folder(out_dir, as_of)
    return batch.build_briefs(
        sectors,
        langs,
        period_label(as_of),
        jobs,
        processed_dir,
        plan_file(plan),
        out,
        force,
        progress,
    )


def _say(text: str) -> None:
    print(text, file=sys.stderr)
