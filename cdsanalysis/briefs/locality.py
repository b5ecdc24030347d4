"""What a district brief reads: one district-level area, its own series and its peers.

A district brief (``cds briefs --areas district``) tells one area of the 2023 – 30/6/2025 unit
list what its own figures say: one scoreboard line per target its data hold (the area's series
stands for the target, the province-wide series beside it when there is one), its place among
the districts of the same list (the emulation table of :func:`cdsanalysis.assessment.ranking.
final_ranking` seen from the area, and its rank on each target), its gaps, its former communes
and the communes and wards of the 1/7/2025 list that took over its territory.

:func:`load_area_context` returns an :class:`AreaContext`, a
:class:`~cdsanalysis.briefs.content.BriefContext` whose lines are the area's, so the header, the
first screen, the charts and the appendix of the other briefs serve it unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import OBSERVATION_COLUMNS
from cdsanalysis.briefs.content import BriefContext, load_inputs, shown_observations
from cdsanalysis.briefs.frames import as_records, is_blank
from cdsanalysis.briefs.narrative import format_date
from cdsanalysis.briefs.params import AREA_ID
from cdsanalysis.briefs.provenance import series_points
from cdsanalysis.briefs.scoreboard import TargetLine, _province_line, has_data, new_line

AREA_COLUMNS = ["target_id", "sector", "geo_level", "geo_code", "geo_vintage"]


@dataclass
class AreaContext(BriefContext):
    """A :class:`~cdsanalysis.briefs.content.BriefContext` for one district-level area.

    Attributes
    ----------
    area_id : str
        ``district-<code>-<vintage>``.
    area_code, area_vintage, area_name : str
    peers : pandas.DataFrame
        The districts of the same unit list ranked on their results
        (:func:`cdsanalysis.assessment.ranking.final_ranking`), best first.
    peer_rows : pandas.DataFrame
        The assessment rows of every district of the list, for the area's targets.
    communes : pandas.DataFrame
        The area's former communes ranked among all the communes of the list (the ranking's
        columns, with ``rank`` and ``rank_of`` over the whole list).
    successors : pandas.DataFrame
        The communes and wards of the 1/7/2025 list formed from the area's communes
        (``new_code``, ``new_name``, ``whole``: whether every part came from this area).
    """

    area_id: str = ""
    area_code: str = ""
    area_vintage: str = ""
    area_name: str = ""
    peers: pd.DataFrame = field(default_factory=pd.DataFrame)
    peer_rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    communes: pd.DataFrame = field(default_factory=pd.DataFrame)
    successors: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def title(self) -> str:
        """The brief's title: the area's name and the plan."""
        return i18n.label("area_title", self.lang, name=self.area_name)

    @property
    def brief_kind(self) -> str:
        """``"district"``."""
        return "district"

    @property
    def file_stem(self) -> str:
        """The area's id, which names its CSV download."""
        return self.area_id

    @property
    def reach_date(self) -> dt.date | None:
        """The end of the last period of the area's own figures (at the latest 30/6/2025)."""
        own = self.shown[self.shown["geo_level"] == "district"]["period_end"].dropna()
        if own.empty:
            return self.as_of_date
        return dt.date.fromisoformat(str(own.astype(str).str[:10].max()))

    @property
    def list_text(self) -> str:
        """The unit list the area belongs to, in words ("danh mục 04/01/2025")."""
        return i18n.label("area_list", self.lang, date=format_date(self.area_vintage, self.lang))

    @property
    def own_rank(self) -> dict | None:
        """The area's row of :attr:`peers` (rank, rank_of, met, not met...), None if unranked."""
        rows = self.peers[self.peers["geo_code"] == self.area_code]
        return as_records(rows)[0] if len(rows) else None


def area_lines(
    plan: Any,
    assessment: pd.DataFrame,
    code: str,
    vintage: str,
    lang: str,
    *,
    yearly_rows: pd.DataFrame | None = None,
    observations: pd.DataFrame | None = None,
) -> list[TargetLine]:
    """One scoreboard line per target the area's figures hold, in the plan's order.

    The area's own (all-sector) series stands for the target, as a sector's does in its brief;
    the province-wide series, when the data hold one, is its context.

    Parameters
    ----------
    plan : Plan
    assessment : pandas.DataFrame
        :func:`cdsanalysis.assess` over every sector.
    code, vintage : str
        The area's code and unit-list date.
    lang : {"vi", "en"}
    yearly_rows, observations : pandas.DataFrame, optional
        As for :func:`cdsanalysis.briefs.scoreboard.build_lines` (the chart points).

    Returns
    -------
    list of TargetLine
    """
    observed = observations if observations is not None else pd.DataFrame()
    mine = assessment[
        (assessment["geo_level"] == "district")
        & (assessment["geo_code"] == code)
        & (assessment["geo_vintage"] == vintage)
    ]
    review = str(assessment["review"].iloc[0]) if len(assessment) else "progress"
    lines = []
    targets = plan.targets[plan.targets["kind"] != "context"]
    for target in as_records(targets):
        own = as_records(mine[mine["target_id"] == target["id"]])
        own.sort(key=lambda r: (r["sector"] != "", str(r["sector"])))  # all sectors first
        if not any(has_data(r) for r in own):
            continue
        wide = as_records(
            assessment[
                (assessment["target_id"] == target["id"])
                & (assessment["geo_level"] == "province")
                & (assessment["sector"] == "")
            ]
        )
        line = new_line(target, lang, review)
        head = next(r for r in own if has_data(r))
        line.points = series_points(head, yearly_rows, observed)
        context = next((r for r in wide if has_data(r)), None)
        line.context_points = series_points(context, yearly_rows, observed)
        _province_line(line, [head], [context] if context else [], lang)
        lines.append(line)
    return lines


def peer_rows(assessment: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Every district's all-sector rows of one unit list, with data."""
    rows = assessment[
        (assessment["geo_level"] == "district")
        & (assessment["geo_vintage"] == vintage)
        & (assessment["sector"] == "")
    ]
    return rows[rows["n_points"].fillna(0) > 0].reset_index(drop=True)


def target_rank(peers: pd.DataFrame, line: TargetLine, code: str) -> tuple[int, int] | None:
    """The area's place among the districts on one target: ``(place, number with a value)``.

    The value compared is the verdict's value in the final review, else the latest; places
    follow the target's direction (higher first when higher is better), equal values sharing a
    place.

    Parameters
    ----------
    peers : pandas.DataFrame
        :func:`peer_rows`.
    line : TargetLine
        The area's line for the target.
    code : str
        The area's code.
    """
    rows = peers[peers["target_id"] == line.target["id"]]
    column = "verdict_value" if line.review == "final" else "latest_value"
    values = {c: v for c, v in zip(rows["geo_code"], rows[column], strict=True) if not is_blank(v)}
    if code not in values:
        return None
    direction = int(line.target.get("direction") or 1)
    own = values[code] * direction
    place = 1 + sum(1 for v in values.values() if v * direction > own)
    return place, len(values)


def peer_band(peers: pd.DataFrame, target_id: str) -> dict | None:
    """The middle half of the districts year by year (``years``, ``low``, ``high``), for the
    band behind the area's own line; None with fewer than three districts."""
    from cdsanalysis.briefs.chart_view import series_band

    rows = peers[peers["target_id"] == target_id]
    if len(rows) < 3:
        return None
    made = series_band(rows)
    return None if made is None else made[1]


def successors(code: str) -> pd.DataFrame:
    """The communes and wards of the 1/7/2025 list formed from the area's former communes.

    Returns
    -------
    pandas.DataFrame
        ``new_code``, ``new_name``, ``whole`` (True when all of the new unit came from this
        district, whole), by name.
    """
    from cdsanalysis.base.geography import load_crosswalk

    crosswalk = load_crosswalk()
    rows = crosswalk[crosswalk["old_district_code"] == code]
    out = []
    for new_code, new_name in sorted(set(zip(rows["new_code"], rows["new_name"], strict=True))):
        all_parts = crosswalk[crosswalk["new_code"] == new_code]
        whole = bool(
            (all_parts["old_district_code"] == code).all() and not all_parts["old_split"].any()
        )
        out.append({"new_code": new_code, "new_name": new_name, "whole": whole})
    frame = pd.DataFrame(out, columns=["new_code", "new_name", "whole"])
    return frame.sort_values("new_name", kind="mergesort").reset_index(drop=True)


def former_communes(ranking: pd.DataFrame, code: str, vintage: str, areas: Any) -> pd.DataFrame:
    """The area's communes in the ranking of all the communes of its list (their rank kept)."""
    units = areas[(areas["geo_level"] == "commune") & (areas["geo_vintage"] == vintage)]
    codes = set(units.loc[units["parent_code"] == code, "geo_code"])
    rows = ranking[
        (ranking["geo_level"] == "commune")
        & (ranking["geo_vintage"] == vintage)
        & ranking["geo_code"].isin(codes)
    ]
    return rows.reset_index(drop=True)


def _context_observations(
    observations: pd.DataFrame, plan: Any, code: str, vintage: str
) -> pd.DataFrame:
    """The area's own readings of the context indicators (shown and downloaded with it)."""
    context = set(plan.targets.loc[plan.targets["kind"] == "context", "id"])
    rows = observations[
        observations["indicator_id"].isin(context)
        & (observations["geo_level"] == "district")
        & (observations["geo_code"] == code)
        & (observations["geo_vintage"] == vintage)
    ]
    return rows[OBSERVATION_COLUMNS]


def load_area_context(params: Any, *, build_date: dt.date | None = None) -> AreaContext:
    """Load and assess everything one district brief shows.

    Parameters
    ----------
    params : BriefParams
        Validated (:func:`cdsanalysis.briefs.params.validate_area_params`), with ``area`` a
        district brief's id.
    build_date : datetime.date, optional
        The date printed as the build date (default: today).

    Returns
    -------
    AreaContext
    """
    from cdsanalysis.assessment.ranking import final_ranking
    from cdsanalysis.assessment.yearly import yearly
    from cdsanalysis.base.geography import load_areas

    match = AREA_ID.fullmatch(params.area)
    code, vintage = match["code"], match["vintage"]
    base = load_inputs(params, build_date)
    plan, observations, assessment = base["plan"], base["observations"], base["assessment"]
    points = yearly(observations, plan, params.as_of)
    lines = area_lines(
        plan, assessment, code, vintage, params.lang, yearly_rows=points, observations=observations
    )
    ranking = final_ranking(assessment)
    peers = ranking[(ranking["geo_level"] == "district") & (ranking["geo_vintage"] == vintage)]
    areas = load_areas()
    communes = former_communes(ranking, code, vintage, areas)
    used = [line.head for line in lines] + [line.context for line in lines if line.context]
    mine = pd.DataFrame(used) if used else assessment.iloc[0:0]
    commune_rows = assessment[
        (assessment["geo_level"] == "commune")
        & (assessment["geo_vintage"] == vintage)
        & assessment["geo_code"].isin(set(communes["geo_code"]))
    ]
    shown = shown_observations(observations, pd.concat([mine, commune_rows], ignore_index=True))
    shown = pd.concat([shown, _context_observations(observations, plan, code, vintage)])
    shown = shown.drop_duplicates(ignore_index=True)
    names = dict(zip(peers["geo_code"], peers["geo_name"], strict=True))
    return AreaContext(
        **dict(base, quarantine=base["quarantine"].iloc[0:0]),  # no data-quality section
        lines=lines,
        shown=shown,
        areas=areas,
        yearly=points,
        area_id=params.area,
        area_code=code,
        area_vintage=vintage,
        area_name=str(names.get(code) or code),
        peers=peers.reset_index(drop=True),
        peer_rows=peer_rows(assessment, vintage),
        communes=communes,
        successors=successors(code),
    )
