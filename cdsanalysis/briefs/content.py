"""What a brief reads, loaded once: the plan, the processed data and their assessment.

:func:`load_context` validates nothing (the notebook's parameters are checked first, by
:mod:`cdsanalysis.briefs.params`); it reads the plan, the processed observations, the quarantine
and the clean report, assesses the targets with :func:`cdsanalysis.assess` as of the build date
(after the plan's deadline the assessment is the final review), reads the value that stands for
each year (:func:`cdsanalysis.assessment.yearly.yearly`, the chart points), builds one scoreboard
line per target (:mod:`cdsanalysis.briefs.scoreboard`) and keeps the observations behind what the
brief shows (its CSV download). The sections (:mod:`cdsanalysis.briefs.sections`,
:mod:`cdsanalysis.briefs.overview`) read the :class:`BriefContext` it returns.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import OBSERVATION_COLUMNS
from cdsanalysis.briefs.frames import is_blank as _missing
from cdsanalysis.briefs.narrative import count_statuses
from cdsanalysis.briefs.provenance import count_values
from cdsanalysis.briefs.scoreboard import TargetLine, build_lines, measured_elsewhere
from cdsanalysis.clean import gateway


@dataclass
class BriefContext:
    """Everything one brief shows, computed once by :func:`load_context`.

    Attributes
    ----------
    sector : str or None
        The sector id; None for the province overview.
    lang : str
    as_of : str
        As given: "latest" or a canonical period label.
    as_of_date : datetime.date or None
        The date the assessment is made as of.
    plan : Plan
    observations : pandas.DataFrame
        Every processed observation.
    assessment : pandas.DataFrame
        :func:`cdsanalysis.assess` for the sector (all sectors for the overview).
    lines : list of TargetLine
        One per target the brief tracks.
    shown : pandas.DataFrame
        The observations behind the assessment rows the brief shows (its CSV download).
    quarantine : pandas.DataFrame
    clean_report : dict
    processed_dir : pathlib.Path
    vintage : datetime.date or None
        When the processed data were written.
    build_date : datetime.date
    previous : pandas.DataFrame or None
        The overview's assessment at the previous review (end of the previous year).
    areas : pandas.DataFrame or None
        The unit lists (:func:`cdsanalysis.base.geography.load_areas`).
    yearly : pandas.DataFrame or None
        :func:`cdsanalysis.assessment.yearly.yearly`: the value standing for each year.
    elsewhere : list of str
        Codes of the sector's area targets it has no area figures for: the brief names them
        and leaves them to the overview (:func:`cdsanalysis.briefs.scoreboard.measured_elsewhere`).
    """

    sector: str | None
    lang: str
    as_of: str
    as_of_date: dt.date | None
    plan: Any
    observations: pd.DataFrame
    assessment: pd.DataFrame
    lines: list[TargetLine]
    shown: pd.DataFrame
    quarantine: pd.DataFrame
    clean_report: dict
    processed_dir: Path
    vintage: dt.date | None
    build_date: dt.date
    previous: pd.DataFrame | None = None
    areas: pd.DataFrame | None = None
    yearly: pd.DataFrame | None = None
    elsewhere: list[str] = field(default_factory=list)

    @property
    def review(self) -> str:
        """ "final" when the assessment is the final review, else "progress"."""
        frame = self.assessment
        if "review" in frame.columns and len(frame) and frame["review"].iloc[0] == "final":
            return "final"
        return "progress"

    @property
    def final(self) -> bool:
        """Whether the brief is the final review (the plan has ended)."""
        return self.review == "final"

    @property
    def value_counts(self) -> dict[str, int]:
        """How many values the brief shows: synthetic, and real (official or published)."""
        return count_values(self.shown)

    @property
    def sector_name(self) -> str:
        """The sector's name in the brief's language ("" for the overview)."""
        if self.sector is None:
            return ""
        row = self.plan.sectors[self.plan.sectors["id"] == self.sector].iloc[0]
        return str(row["name_vi" if self.lang == "vi" else "name_en"])

    @property
    def brief_kind(self) -> str:
        """``"overview"`` or ``"sector"`` (a district brief says ``"district"``)."""
        return "overview" if self.sector is None else "sector"

    @property
    def reach_date(self) -> dt.date | None:
        """The date the brief's figures reach, as its header says: the assessment's date (a
        district brief's figures stop at the end of the district level)."""
        return self.as_of_date

    @property
    def file_stem(self) -> str:
        """What names the brief's own files (its CSV download): the sector id or "overview"."""
        return self.sector or "overview"

    @property
    def title(self) -> str:
        """The brief's title."""
        if self.sector is None:
            return i18n.label("overview_title", self.lang)
        return i18n.label("sector_title", self.lang, name=self.sector_name)

    @property
    def synthetic(self) -> bool:
        """Whether any value the brief shows is synthetic."""
        return bool((self.shown["provenance"] == "synthetic").any()) if len(self.shown) else False

    @property
    def counts(self) -> dict[str, int]:
        """Number of scoreboard lines by status."""
        return count_statuses(line.status for line in self.lines)


def _vintage(processed_dir: Path) -> dt.date | None:
    for name in ("observations.parquet", "observations.csv"):
        path = processed_dir / name
        if path.exists():
            return dt.date.fromtimestamp(path.stat().st_mtime)
    return None


def load_inputs(params: Any, build_date: dt.date | None = None) -> dict[str, Any]:
    """What every brief reads first: the plan, the processed files and the assessment.

    Parameters
    ----------
    params : BriefParams
        Validated; the assessment covers ``params.sector`` (every sector when None).
    build_date : datetime.date, optional
        Default today.

    Returns
    -------
    dict
        The :class:`BriefContext` fields ``sector``, ``lang``, ``as_of``, ``as_of_date``,
        ``plan``, ``observations``, ``assessment``, ``quarantine``, ``clean_report``,
        ``processed_dir``, ``vintage`` and ``build_date``.
    """
    from cdsanalysis.assessment.assess import assess, resolve_as_of
    from cdsanalysis.base.plan import load_plan

    plan = load_plan(params.plan_path)
    processed_dir = Path(params.processed_dir)
    observations = gateway.read_observations(processed_dir)
    build_date = build_date or dt.date.today()
    return {
        "sector": params.sector,
        "lang": params.lang,
        "as_of": params.as_of,
        "as_of_date": resolve_as_of(params.as_of, observations),
        "plan": plan,
        "observations": observations,
        "assessment": assess(
            observations, plan, params.as_of, sector=params.sector, build_date=build_date
        ),
        "quarantine": gateway.read_quarantine(processed_dir),
        "clean_report": gateway.read_clean_report(processed_dir),
        "processed_dir": processed_dir,
        "vintage": _vintage(processed_dir),
        "build_date": build_date,
    }


def load_context(params: Any, *, build_date: dt.date | None = None) -> BriefContext:
    """Load and assess everything one brief shows.

    Parameters
    ----------
    params : BriefParams
        Validated parameters (:func:`cdsanalysis.briefs.params.validate_params`): ``sector``
        (None for the overview), ``lang``, ``as_of``, ``processed_dir``, ``plan_path``.
    build_date : datetime.date, optional
        The date printed as the build date (default: today).

    Returns
    -------
    BriefContext
    """
    from cdsanalysis.assessment.assess import assess
    from cdsanalysis.assessment.yearly import yearly
    from cdsanalysis.base.geography import load_areas

    base = load_inputs(params, build_date)
    plan, observations, assessment = base["plan"], base["observations"], base["assessment"]
    as_of_date, build_date = base["as_of_date"], base["build_date"]
    points = yearly(observations, plan, params.as_of, sector=params.sector)
    quarantine = base["quarantine"]
    areas = load_areas()
    previous = None
    if params.sector is None and as_of_date is not None:
        previous = assess(observations, plan, str(as_of_date.year - 1), build_date=build_date)
    lines = build_lines(
        plan,
        assessment,
        params.sector,
        params.lang,
        areas=areas,
        yearly_rows=points,
        observations=observations,
        quarantine=quarantine,
    )
    used = [line.head for line in lines if line.head is not None]
    used += [line.context for line in lines if line.context is not None]
    used_frame = pd.DataFrame(used) if used else pd.DataFrame()
    area_frames = [line.areas for line in lines if len(line.areas)]
    if params.sector is None:
        used_frame = assessment
    elif area_frames:
        used_frame = pd.concat([used_frame, *area_frames], ignore_index=True)
    shown = shown_observations(observations, used_frame)
    return BriefContext(
        **base,
        lines=lines,
        shown=shown,
        previous=previous,
        areas=areas,
        yearly=points,
        elsewhere=measured_elsewhere(plan, assessment, params.sector),
    )


def shown_observations(observations: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The observations behind assessment rows: same series, period ending by the row's as_of.

    Parameters
    ----------
    observations : pandas.DataFrame
        Processed observations.
    rows : pandas.DataFrame
        Assessment rows (``target_id``, ``sector``, ``geo_code``, ``geo_vintage``,
        ``geo_level``, ``as_of``).

    Returns
    -------
    pandas.DataFrame
        Observations in the contract's columns, sorted by indicator, sector, area and period.
    """
    if rows is None or rows.empty or observations.empty:
        return observations.iloc[0:0][OBSERVATION_COLUMNS]
    keys = rows[["target_id", "sector", "geo_code", "geo_vintage", "geo_level", "as_of"]].copy()
    keys = keys[keys["geo_vintage"].map(lambda v: not _missing(v))]
    keys = keys.rename(columns={"target_id": "indicator_id", "as_of": "_as_of"})
    for column in ("sector", "geo_code", "geo_vintage", "geo_level"):
        keys[column] = keys[column].map(lambda v: "" if _missing(v) else str(v))
    keys = keys.drop_duplicates(["indicator_id", "sector", "geo_code", "geo_vintage", "geo_level"])
    merged = observations.merge(
        keys, on=["indicator_id", "sector", "geo_code", "geo_vintage", "geo_level"], how="inner"
    )
    ends = merged["period_end"].astype(str).str[:10]
    keep = merged["_as_of"].isna() | (ends <= merged["_as_of"].fillna("9999").astype(str))
    shown = merged[keep][OBSERVATION_COLUMNS]
    order = ["indicator_id", "sector", "geo_level", "geo_code", "period_start", "period"]
    return shown.sort_values(order, kind="mergesort").reset_index(drop=True)


def quarantined_for(ctx: BriefContext) -> pd.DataFrame:
    """Quarantined records touching the brief: from files that feed it, or naming its sector.

    The quarantine has no sector of its own (a record is set aside before it is matched), so a
    record touches a sector when its file gave the sector observations, or its file path names
    the sector id. The overview takes every quarantined record.
    """
    quarantine = ctx.quarantine
    if quarantine.empty or ctx.sector is None:
        return quarantine
    sector_obs = ctx.observations[ctx.observations["sector"] == ctx.sector]
    files = set(sector_obs["source_file"]) - {""}
    pattern = re.compile(rf"(^|[/_.\-]){re.escape(ctx.sector)}([/_.\-]|$)", re.IGNORECASE)
    mask = quarantine["source_file"].isin(files) | quarantine["source_file"].map(
        lambda f: bool(pattern.search(str(f)))
    )
    if "sector" in quarantine.columns:
        mask |= quarantine["sector"] == ctx.sector
    return quarantine[mask]
