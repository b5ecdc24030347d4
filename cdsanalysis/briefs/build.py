"""Build one brief: validate its parameters, run its notebook with papermill, export, write.

:func:`build_brief` chains :mod:`~cdsanalysis.briefs.params`, :mod:`~cdsanalysis.briefs.execute`
and :mod:`~cdsanalysis.briefs.export` for one brief; ``cds briefs``
(:func:`cdsanalysis.briefs.batch.build_briefs`) builds many at once.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdsanalysis.base import paths
from cdsanalysis.base.safe_io import atomic_write_text
from cdsanalysis.briefs.execute import BriefBuildError, execute_brief
from cdsanalysis.briefs.export import brief_summary, export_html
from cdsanalysis.briefs.params import BriefParams, brief_params


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
    failed_nb = params.failed_notebook_path(out)
    with tempfile.TemporaryDirectory(prefix="cds-brief-") as work:
        executed = Path(work) / f"{params.brief_id}-{params.lang}.ipynb"
        try:
            nb = execute_brief(params, output_path=executed)
            page = export_html(nb, lang=params.lang)
            path = atomic_write_text(params.output_path(out), page)
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
