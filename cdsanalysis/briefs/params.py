"""Parameters of the briefs, checked before anything runs.

Each check refuses a bad value with :class:`BriefParameterError`, naming the parameter and listing
the valid choices. Output paths are built from validated ids only
(``reports/<lang>/<brief_id>.html``), so a sector id such as "../x" never names a file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cdsanalysis.base import paths
from cdsanalysis.base.vocabulary import LANGS, SECTOR_ID

OVERVIEW = "overview"
#: The id of the communes' and wards' ranking page (a hyphen: never a sector id).
COMMUNES_RANKING = "communes-ranking"
#: A district brief's id: ``district-<code>-<unit-list vintage>`` (a code may be reused by
#: another vintage's list, so the vintage is part of the id, the file name and the key).
AREA_ID = re.compile(r"^district-(?P<code>\d{3})-(?P<vintage>\d{4}-\d{2}-\d{2})$")


NOTEBOOK_PARAMETERS = {
    "sector_brief": ("sector", "lang", "as_of", "processed_dir", "plan_path"),
    "province_overview": ("lang", "as_of", "processed_dir", "plan_path"),
    "district_brief": ("area", "lang", "as_of", "processed_dir", "plan_path"),
    "locality_ranking": ("lang", "as_of", "processed_dir", "plan_path"),
}


FAILED_DIR = "_failed"


class BriefParameterError(ValueError):
    """A brief parameter that cannot be used; the message names it and lists valid choices."""


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
    area : str or None
        A locality page: a district brief's id (``district-718-2025-01-04``, see
        :data:`AREA_ID`) or :data:`COMMUNES_RANKING`; None for a sector brief or the overview.
    """

    sector: str | None
    lang: str
    as_of: str
    processed_dir: Path
    plan_path: Path | None
    area: str | None = None

    @property
    def brief_id(self) -> str:
        """The brief's id: the area id, the sector id, or ``"overview"``."""
        if self.area is not None:
            return self.area
        return self.sector if self.sector is not None else OVERVIEW

    @property
    def notebook(self) -> str:
        """The notebook that builds the brief: ``sector_brief``, ``province_overview``,
        ``district_brief`` or ``locality_ranking``."""
        if self.area == COMMUNES_RANKING:
            return "locality_ranking"
        if self.area is not None:
            return "district_brief"
        return "sector_brief" if self.sector is not None else "province_overview"

    def notebook_parameters(self) -> dict[str, Any]:
        """The values injected into the notebook's parameters cell (plain, JSON-safe)."""
        values = {
            "area": self.area,
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

    def failed_notebook_path(self, out_dir: str | Path | None = None) -> Path:
        """``<out_dir>/_failed/<lang>/<brief_id>.ipynb``: a failed brief's notebook."""
        base = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR
        return base / FAILED_DIR / self.lang / f"{self.brief_id}.ipynb"


# --------------------------------------------------------------------------------------------
# 1. Parameters
# --------------------------------------------------------------------------------------------


def check_lang(lang: Any) -> str:
    """Return ``lang`` when the briefs are written in it; else refuse it, listing the choices."""
    if not isinstance(lang, str) or lang not in LANGS:
        raise BriefParameterError(
            f"lang: {lang!r} is not a language of the briefs; choose one of: {', '.join(LANGS)}"
        )
    return lang


def check_as_of(as_of: Any) -> str:
    """Return ``as_of`` as "latest" or a canonical period label; refuse what is not a period."""
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


def check_processed_dir(processed_dir: Any) -> Path:
    """Return the processed folder, absolute (default the project's); it must hold observations."""
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


def check_plan_path(plan_path: Any) -> tuple[Path | None, Any]:
    """Return the plan file's absolute path (None: the project's own) and the plan read from it."""
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
    cdsanalysis.briefs.params.BriefParameterError: lang: 'xx' is not a language ...
    """
    if not isinstance(sector, str) or not SECTOR_ID.fullmatch(sector):
        raise BriefParameterError(
            f"sector: {sector!r} is not a sector id (lower-case letters and '_' only, e.g. "
            "'health'); see `cds plan` for the sectors"
        )
    lang = check_lang(lang)
    as_of = check_as_of(as_of)
    plan_file, plan = check_plan_path(plan_path)
    if sector not in plan.sector_ids:
        raise BriefParameterError(
            f"sector: {sector!r} is not a sector of the plan; choose one of: "
            f"{', '.join(plan.sector_ids)}"
        )
    folder = check_processed_dir(processed_dir)
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
    lang = check_lang(lang)
    as_of = check_as_of(as_of)
    plan_file, _ = check_plan_path(plan_path)
    folder = check_processed_dir(processed_dir)
    return BriefParams(None, lang, as_of, folder, plan_file)


def check_area_id(area: Any, known: Iterable[str] | None = None) -> str:
    """Return a district brief's id when well formed (and, given ``known``, in the data).

    Parameters
    ----------
    area : str
        ``district-<code>-<vintage>``, e.g. ``district-718-2025-01-04``: digits and a date
        only, so a path such as "../x" is refused before anything is read.
    known : iterable of str, optional
        The district ids the processed data hold
        (:func:`cdsanalysis.briefs.locality_ids.district_ids`).

    Raises
    ------
    BriefParameterError
        Naming the value and the form (or the ids there are).
    """
    if not isinstance(area, str) or not AREA_ID.fullmatch(area):
        raise BriefParameterError(
            f"area: {area!r} is not a district brief id (district-<code>-<unit list date>, "
            "e.g. 'district-718-2025-01-04'); see `cds briefs --areas district`"
        )
    if known is not None:
        ids = list(known)
        if area not in ids:
            raise BriefParameterError(
                f"area: {area!r} has no district figures in the processed data; choose one "
                f"of: {', '.join(ids) or '(none)'}"
            )
    return area


def validate_area_params(
    area: Any,
    lang: Any = "vi",
    as_of: Any = "latest",
    processed_dir: Any = None,
    plan_path: Any = None,
) -> BriefParams:
    """Validate the parameters of a district brief or of the communes' ranking page.

    Parameters
    ----------
    area : str
        A district brief's id (``district-718-2025-01-04``) or ``"communes-ranking"``.
    lang, as_of, processed_dir, plan_path
        As for :func:`validate_params`.

    Returns
    -------
    BriefParams
        With ``sector`` None and ``area`` set.

    Raises
    ------
    BriefParameterError
        Naming the parameter, the value and the valid choices.

    Examples
    --------
    >>> validate_area_params("../../etc")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdsanalysis.briefs.params.BriefParameterError: area: '../../etc' is not a district brief id ...
    """
    if area != COMMUNES_RANKING:
        check_area_id(area)
    # The other parameters are the overview's; then the area is checked against the data.
    params = replace(validate_overview_params(lang, as_of, processed_dir, plan_path), area=area)
    if area != COMMUNES_RANKING:
        from cdsanalysis.briefs.locality_ids import district_ids

        check_area_id(area, district_ids(params.processed_dir))
    return params


def check_parameter_names(notebook: str, names: Iterable[str]) -> None:
    """Refuse parameter names that the notebook's parameters cell does not define.

    Parameters
    ----------
    notebook : {"sector_brief", "province_overview", "district_brief", "locality_ranking"}
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
    """Validate the parameters of a brief named by id: a sector id, ``"overview"``, a district
    brief's id or ``"communes-ranking"``."""
    if brief_id == COMMUNES_RANKING or str(brief_id).startswith("district-"):
        return validate_area_params(brief_id, lang, as_of, processed_dir, plan_path)
    if brief_id == OVERVIEW:
        return validate_overview_params(lang, as_of, processed_dir, plan_path)
    return validate_params(brief_id, lang, as_of, processed_dir, plan_path)


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


def check_out_dir(out_dir: Any) -> Path:
    """Return the output folder as an absolute path (default the project's ``reports/``)."""
    if out_dir is not None and not isinstance(out_dir, str | os.PathLike):
        raise BriefParameterError(f"out_dir: {out_dir!r} is not a folder path")
    out = (Path(out_dir).expanduser() if out_dir is not None else paths.REPORTS_DIR).resolve()
    if out.exists() and not out.is_dir():
        raise BriefParameterError(f"out_dir: {out} exists and is not a folder")
    return out
