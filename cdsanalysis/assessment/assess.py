"""Assess every target series of the plan on the processed observations.

Load inputs (the observations frame and the plan), process (one series per target × sector × area,
one value standing for each year, a status by the method that fits the target's kind), and return
one row per series with every number used, so that a brief can explain each status.

Which method for which kind of target:

- ``level``: the Statistics Canada / Open SDG measure
  (:func:`~cdsanalysis.assessment.measure.series_progress`) for status and score, plus the
  straight-line projection and paces (:func:`~cdsanalysis.assessment.linear.linear_view`);
- ``rank``: :func:`~cdsanalysis.assessment.views.rank_view`;
- ``growth``: :func:`~cdsanalysis.assessment.views.growth_view` over the plan period;
- ``yes_no``: :func:`~cdsanalysis.assessment.views.yes_no_view`;
- ``milestone``: :func:`~cdsanalysis.assessment.views.milestone_view`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdsanalysis.assessment.linear import linear_view
from cdsanalysis.assessment.measure import method2_status_score, series_progress
from cdsanalysis.assessment.records import dates, prepare_records, yearly_values
from cdsanalysis.assessment.review import (
    DISTRICT_TIER_END,
    VERDICT_COLUMNS,
    as_of_date,
    no_series_verdict,
    progress_columns,
    review_mode,
    series_verdict,
    tier_ended,
)
from cdsanalysis.assessment.series import meets, stale_reason
from cdsanalysis.assessment.views import growth_view, milestone_view, rank_view, yes_no_view
from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing

SUB_PROVINCE_LEVELS = ("district", "commune")
_LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}

COLUMNS = [
    "target_id",
    "name_vi",
    "name_en",
    "pillar",
    "sector",
    "geo_code",
    "geo_level",
    "geo_name",
    "geo_vintage",
    "kind",
    "unit",
    "comparison",
    "target",
    "deadline",
    "direction",
    "limit",
    "as_of",
    "n_points",
    "first_year",
    "latest_year",
    "latest_value",
    "latest_period",
    "partial_year",
    "status",
    "score",
    "progress_value",
    "reason",
    "achieved",
    "projected_value",
    "projected_meets",
    "required_pace",
    "observed_pace",
    "status_vi",
    "status_en",
    "provenance",
    "synthetic",
    "years",
    "values",
    "note",
    "views",
    *VERDICT_COLUMNS,
]

_FLOAT_COLUMNS = [
    "target",
    "limit",
    "latest_value",
    "score",
    "progress_value",
    "projected_value",
    "required_pace",
    "observed_pace",
    "verdict_value",
    "earlier_value",
]


# --------------------------------------------------------------------------------------------
# as_of
# --------------------------------------------------------------------------------------------


def resolve_as_of(as_of: Any, observations: pd.DataFrame) -> dt.date | None:
    """Return the date an assessment is made as of.

    Parameters
    ----------
    as_of : str or datetime.date
        ``"latest"`` (the latest ``period_end`` in the data, never today's date), a period label
        in the suite's grammar (its end date is used) or a date.
    observations : pandas.DataFrame
        The observations, with a ``period_end`` column.

    Returns
    -------
    datetime.date or None
        None when ``as_of`` is ``"latest"`` and there are no observations.

    Raises
    ------
    ValueError
        When ``as_of`` cannot be read; the message lists the accepted forms.
    """
    ends = [d for d in dates(observations["period_end"]) if d is not None]
    return as_of_date(as_of, max(ends, default=None))


# --------------------------------------------------------------------------------------------
# assess
# --------------------------------------------------------------------------------------------


def _num(value: Any) -> float | None:
    return None if _missing(value) else float(value)


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _base_row(target: pd.Series, sector: str, as_of: dt.date | None) -> dict:
    return {
        "target_id": target["id"],
        "name_vi": target["name_vi"],
        "name_en": target["name_en"],
        "pillar": target["pillar"],
        "sector": sector,
        "kind": target["kind"],
        "unit": target["unit"],
        "comparison": target["comparison"],
        "target": float(target["target"]),
        "deadline": str(target["deadline"]),
        "direction": int(target["direction"]),
        "limit": _num(target.get("limit")),
        "as_of": None if as_of is None else as_of.isoformat(),
    }


def _empty_row(base: dict, geo: dict, reason: str, notes: list[str]) -> dict:
    row = dict(base)
    row.update(geo)
    row.update(
        n_points=0,
        first_year=None,
        latest_year=None,
        latest_value=None,
        latest_period=None,
        partial_year=False,
        status="not_available",
        score=None,
        progress_value=None,
        reason=reason,
        achieved=None,
        projected_value=None,
        projected_meets=None,
        required_pace=None,
        observed_pace=None,
        provenance="",
        synthetic=False,
        years=[],
        values=[],
        note="; ".join(notes),
        views={},
    )
    return row


@dataclass
class _Series:
    """One series being judged: its yearly points and target, and what the judging adds."""

    target: pd.Series
    obs: list[dict]
    yearly: list[dict]
    plan_start: int | None
    notes: list[str]
    out: dict[str, Any] = field(default_factory=dict)
    views: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.years = [record["_year"] for record in self.yearly]
        self.values = [record["value"] for record in self.yearly]
        self.latest = self.yearly[-1]
        self.t_value = float(self.target["target"])
        self.comparison = self.target["comparison"]
        self.deadline = dt.date.fromisoformat(str(self.target["deadline"]))
        self.limit = _num(self.target.get("limit"))


# A verdict: achieved, status, score and reason.
_Verdict = tuple[bool | None, str, float | None, str | None]


def _assess_series(
    target: pd.Series,
    obs: list[dict],
    as_of: dt.date,
    notes: list[str],
    plan_start: int | None,
) -> dict:
    """One row for one series whose observations (already cut at ``as_of``) are ``obs``."""
    series = _Series(target, obs, yearly_values(obs), plan_start, list(notes))
    years, values, latest, kind = series.years, series.values, series.latest, target["kind"]
    partial = [f"{r['_year']} = {r['period']}" for r in series.yearly if not r["_full"]]
    if partial and kind != "milestone":  # a milestone is a date, never a year
        series.notes.append("partial year: " + ", ".join(partial))
    if latest["period_kind"] in ("preliminary", "estimate"):
        series.notes.append(f"latest value is {latest['period_kind']}")
    series.out.update(
        progress_value=None,
        projected_value=None,
        projected_meets=None,
        required_pace=None,
        observed_pace=None,
        reason=None,
    )
    try:
        if kind not in _JUDGES:
            raise ValueError(f"unknown kind {kind!r}")
        achieved, status, score, reason = _JUDGES[kind](series)
    except ValueError as exc:
        # Data a view refuses (a rank outside 1..N, a yes/no that is 0.5) are reported, not raised.
        achieved, status, score, reason = None, "not_available", None, f"cannot assess: {exc}"

    # A milestone is judged once, on its date; every other series must be recent enough.
    stale = None if kind == "milestone" else stale_reason(years[-1], as_of)
    if stale and status != "not_available":
        achieved, status, score, reason = None, "not_available", None, stale
    elif stale:
        series.notes.append(stale)

    provenances = sorted({r["provenance"] for r in series.yearly if r["provenance"]})
    row = dict(
        n_points=len(years),
        first_year=years[0],
        latest_year=years[-1],
        latest_value=values[-1],
        latest_period=latest["period"],
        partial_year=not latest["_full"],
        status=status,
        score=score,
        achieved=achieved,
        provenance=",".join(provenances),
        synthetic="synthetic" in provenances,
        years=years,
        values=values,
        note="; ".join(series.notes),
        views=series.views,
        geo_name=latest["geo_name"],
    )
    row.update(series.out, reason=reason)
    return row


def _judge_level(series: _Series) -> _Verdict:
    """A level target: the reference measure for the status, the straight line beside it."""
    years, values, deadline, limit = series.years, series.values, series.deadline, series.limit
    direction, comparison = int(series.target["direction"]), series.comparison
    sp = series_progress(
        years,
        values,
        direction=direction,
        target=series.t_value,
        target_year=deadline.year,
        limit=limit,
    )
    lv = linear_view(
        years,
        values,
        target=series.t_value,
        target_year=deadline.year,
        comparison=comparison,
        direction=direction,
        limit=limit,
        latest_fraction=_year_fraction(series.latest),
    )
    series.views.update(progress=sp, linear=lv)
    achieved = meets(values[-1], series.t_value, comparison)
    status, score, reason = sp.status, sp.score, sp.reason
    if status == "target_achieved" and not achieved:
        # The reference tests ">="; the catalogue's strict ">" decides the verdict.
        reason = f"equal to the target, and the target asks for more ({comparison})"
        if sp.progress_value is not None:
            status, score = method2_status_score(sp.progress_value)
        elif len(years) == 1:
            status, score, reason = "not_available", None, "one point"
        else:
            status, score = "deterioration", -5.0
    series.out.update(
        progress_value=sp.progress_value,
        projected_value=lv.projected_value,
        projected_meets=lv.projected_meets,
        required_pace=_required_pace(values[-1], series.latest["_end"], series.t_value, deadline),
        observed_pace=lv.observed_pace,
    )
    if lv.projected_value is not None:
        line = f"straight line reaches {_fmt(lv.projected_value)} in {deadline.year}"
        if lv.clipped:
            line += f" (clipped to {_fmt(limit)} from {_fmt(lv.projected_raw)})"
        series.notes.append(line)
    return achieved, status, score, reason


def _judge_rank(series: _Series) -> _Verdict:
    """A "top N" target: the reference measure on the rank path from the base year.

    The base year is the year before the plan (2022): the status is how the rank moved from it,
    by the same measure as a level target (lower is better). Last year's move is a note only.
    """
    rank_of = int(series.target["rank_of"])
    rv = rank_view(series.years, series.values, target_rank=series.t_value, rank_of=rank_of)
    series.views.update(rank=rv)
    path = ", ".join(
        f"{y}: {r}/{n}" for y, r, n in zip(rv.years, rv.ranks, rv.rank_of, strict=True)
    )
    series.notes.append(f"rank path {path}; best {rv.best_rank} ({rv.best_year})")
    if rv.trend is not None:
        series.notes.append(f"last step {rv.trend} ({rv.last_change:+d} places)")
    base_year = series.years[0] if series.plan_start is None else series.plan_start - 1
    points = [(y, v) for y, v in zip(series.years, series.values, strict=True) if y >= base_year]
    if not points:
        return rv.achieved, "not_available", None, f"no rank from the base year {base_year} on"
    sp = series_progress(
        [y for y, _ in points],
        [v for _, v in points],
        direction=-1,
        target=series.t_value,
        target_year=series.deadline.year,
    )
    series.views.update(progress=sp)
    if sp.base_year is not None and sp.current_year is not None and sp.base_year != sp.current_year:
        series.notes.append(
            f"measured from {sp.base_year} (rank {_fmt(sp.base_value)}) "
            f"to {sp.current_year} (rank {_fmt(sp.current_value)})"
        )
    return rv.achieved, sp.status, sp.score, sp.reason


def _judge_growth(series: _Series) -> _Verdict:
    """A growth-rate target: each year's growth over the plan period."""
    deadline, plan_start = series.deadline, series.plan_start
    period = list(zip(series.years, series.values, strict=True))
    if plan_start is not None:
        period = [(y, v) for y, v in period if plan_start <= y <= deadline.year]
    gv = growth_view(
        [y for y, _ in period],
        [v for _, v in period],
        threshold=series.t_value,
        comparison=series.comparison,
    )
    series.views.update(growth=gv)
    series.out.update(progress_value=gv.ratio, observed_pace=gv.mean_growth)
    reason = gv.reason
    if gv.n_points:
        series.notes.append(
            f"mean growth {_fmt(gv.mean_growth)} over {gv.years[0]}–{gv.years[-1]}; "
            f"{gv.n_met} of {gv.n_points} years met {_fmt(series.t_value)}"
        )
    elif gv.status == "not_available":
        reason = f"no value in the plan period ({plan_start}–{deadline.year})"
    return gv.achieved, gv.status, gv.score, reason


def _judge_yes_no(series: _Series) -> _Verdict:
    """A yes/no target: the latest answer."""
    yv = yes_no_view(series.years, series.values)
    series.views.update(yes_no=yv)
    return yv.achieved, yv.status, yv.score, yv.reason


def _judge_milestone(series: _Series) -> _Verdict:
    """A dated milestone: judged once, on the observation that stands for its date."""
    judged, judged_on = _milestone_observation(series.obs, series.deadline)
    mv = milestone_view(
        judged["value"], target=series.t_value, deadline=series.deadline, as_of=judged_on
    )
    series.views.update(milestone=mv)
    series.out.update(progress_value=mv.share_of_target)
    series.notes.append(f"judged on {_fmt(mv.value_share)} at {judged['period']}")
    return mv.achieved, mv.status, mv.score, mv.reason


_JUDGES = {
    "level": _judge_level,
    "rank": _judge_rank,
    "growth": _judge_growth,
    "yes_no": _judge_yes_no,
    "milestone": _judge_milestone,
}


def _year_fraction(record: dict) -> float | None:
    """Share of its year a partial-year value covers (2025-H1: 0.5); None for a full year."""
    if record["_full"]:
        return None
    end = record["_end"]
    months = end.month if end.day >= 28 else end.month - 1
    return months / 12 if 0 < months < 12 else None


def _required_pace(
    latest_value: float, latest_end: dt.date, target: float, deadline: dt.date
) -> float | None:
    """Change a year needed from the latest value to the target by the deadline.

    Counted in whole months from the end of the latest value's period, so that a 2025-H1 value
    has half a year left to a 2025-12-31 deadline (a yearly value gives the same as
    :func:`~cdsanalysis.assessment.linear.linear_view`). None once the deadline is reached.
    """
    months = (deadline.year - latest_end.year) * 12 + deadline.month - latest_end.month
    if months <= 0:
        return None
    return (target - latest_value) / (months / 12)


def _milestone_observation(records: list[dict], deadline: dt.date) -> tuple[dict, dt.date]:
    """The value a milestone is judged on, and the date it stands for.

    The latest value whose period began by the deadline stands for the deadline: the indicator
    counts what was done by the date ("ban hành ... trước 30-6-2023"), so the year 2023's report
    of it is the share at 30-6-2023, not at 31-12-2023. A value measured on a later date only
    (a date or a period that begins after the deadline) is judged as of that date: late.
    """
    ranked = sorted(
        records, key=lambda r: (-r["_end"].toordinal(), r["_kind"], r["period"] or "", r["value"])
    )
    by_deadline = [r for r in ranked if r["_start"] <= deadline]
    judged = (by_deadline or ranked)[0]
    return judged, min(judged["_end"], deadline) if by_deadline else judged["_end"]


def assess(
    observations: pd.DataFrame,
    plan: Any,
    as_of: Any = "latest",
    *,
    sector: str | None = None,
    build_date: Any = None,
) -> pd.DataFrame:
    """Assess every target series against the plan.

    Parameters
    ----------
    observations : pandas.DataFrame
        The processed observations (the columns of docs/data-contracts.md: indicator_id,
        sector, geo_code, geo_level, geo_name, geo_vintage, period, period_start, period_end,
        period_kind, value, unit, provenance, ...).
    plan : Plan
        The catalogue from :func:`cdsanalysis.load_plan` (anything with ``.targets`` and
        ``.sectors`` frames; ``.meta["period_start"]`` bounds growth targets' period and
        ``.meta["province_code"]`` names the province in rows without data).
    as_of : str or datetime.date, default "latest"
        ``"latest"`` (the latest ``period_end`` in the data, never today's date) or a period label
        (2024, 2024-Q4, 2025-H1, 2024-M12, 2025-YTD9, 2024-12-31): observations ending after it are
        ignored. District and commune series are assessed as of 2025-06-30 at the latest (the
        district tier ended then), with a note.
    sector : str, optional
        A sector id: only targets that list it, and only its series and the province-wide ones.

    Returns
    -------
    pandas.DataFrame
        One row per series (target × sector × area), columns :data:`COLUMNS`, in catalogue order,
        then sector (province-wide first, then the plan's sector order), level and area code.
        Observations with an empty sector feed the province-wide series (``sector == ""``).
        A sector a target lists but no data cover gets a ``not_available`` row (except a
        single-sector target whose province-wide series exists: that series is the sector's).
        ``achieved`` is the suite's verdict on the latest value by the catalogue's comparison
        (strict for ">"); None when unknown. ``progress_value`` is R or the signed CAGR (level),
        mean growth / threshold (growth), share / target (milestone). ``views`` holds the
        dataclasses (of :mod:`~cdsanalysis.assessment.measure`,
        :mod:`~cdsanalysis.assessment.linear` and :mod:`~cdsanalysis.assessment.views`) that
        produced the row.

    Raises
    ------
    ValueError
        For an unknown sector or an unreadable ``as_of``; the message lists the valid choices.
    """
    sector_ids = list(plan.sectors["id"])
    if sector is not None and sector not in sector_ids:
        raise ValueError(f"unknown sector {sector!r}: choose one of {', '.join(sector_ids)}")
    records = prepare_records(observations)
    latest_end = max((r["_end"] for r in records), default=None)
    meta = getattr(plan, "meta", None) or {}
    context = _Context(
        as_of=as_of_date(as_of, latest_end),
        plan_start=_year_or_none(meta.get("period_start")),
        province_code=_province_code(meta, records),
        sector=sector,
        review=review_mode(plan, as_of, build_date),
    )
    by_indicator: dict[tuple, list[dict]] = {}
    for record in records:
        by_indicator.setdefault((record["indicator_id"], record["geo_level"]), []).append(record)

    rows: list[dict] = []
    targets = plan.targets.reset_index(drop=True)
    for position, target in targets.iterrows():
        if target["kind"] == "context":  # context indicators have no target to assess
            continue
        if sector is None or sector in list(target["sectors"] or []):
            rows += _target_rows(target, position, by_indicator, context)

    order = {s: i for i, s in enumerate(["", *sector_ids])}
    rows.sort(
        key=lambda r: (
            r["_position"],
            order.get(r["sector"], len(order)),
            r["sector"],
            _LEVEL_ORDER.get(r["geo_level"], len(_LEVEL_ORDER)),
            r["geo_code"] or "",
            r["geo_vintage"] or "",
        )
    )
    return _frame(rows)


@dataclass(frozen=True)
class _Context:
    """What every target of one assessment shares."""

    as_of: dt.date | None
    plan_start: int | None
    province_code: str | None
    sector: str | None
    review: str


def _province_code(meta: dict, records: list[dict]) -> str | None:
    """The plan's province code, else the one province code in the data, else None."""
    code = meta.get("province_code")
    if code is not None:
        return code
    codes = {r["geo_code"] for r in records if r["geo_level"] == "province" and r["geo_code"]}
    return codes.pop() if len(codes) == 1 else None


_TIER_NOTE = "assessed as of 2025-H1: the district tier ended on 30/6/2025"
_AREA_NOTE = "area value compared with the province-level target"


def _cutoff(target: pd.Series, level: str, vintage: str | None, context: _Context):
    """The last day a series' observations may end.

    ``as_of``; in the final review the deadline too (later values are shown, but do not count;
    a milestone keeps its later readings, which say whether it was reached late); 30/6/2025 for
    districts and the former communes, whose units ended then.
    """
    if context.as_of is None:
        return None
    cut = context.as_of
    if context.review == "final" and target["kind"] != "milestone":
        cut = min(cut, dt.date.fromisoformat(str(target["deadline"])[:10]))
    if tier_ended(level, vintage):
        cut = min(cut, DISTRICT_TIER_END)
    return cut


def _series_key(record: dict) -> tuple:
    # The province is one territory whatever the unit list: its series runs across the
    # 2025-07-01 vintage. Districts and communes of different lists are different units.
    vintage = None if record["geo_level"] == "province" else record["geo_vintage"]
    return (record["sector"], record["geo_code"], vintage)


def _tier_notes(level: str, vintage: str | None, context: _Context, notes: list[str]) -> list[str]:
    ended = context.as_of is not None and context.as_of > DISTRICT_TIER_END
    return [*notes, _TIER_NOTE] if tier_ended(level, vintage) and ended else list(notes)


def _series_rows(
    target: pd.Series,
    level: str,
    records: list[dict],
    wanted: set,
    context: _Context,
    notes: list[str],
) -> list[dict]:
    """One row per series (sector × area) of ``target`` at ``level``, with its verdict."""
    series: dict[tuple, list[dict]] = {}
    for record in records:
        if record["sector"] in wanted:
            series.setdefault(_series_key(record), []).append(record)
    rows = []
    for key in sorted(series, key=lambda k: tuple(part or "" for part in k)):
        s, code, vintage = key
        cut = _cutoff(target, level, vintage, context)
        kept = [r for r in series[key] if cut is not None and r["_end"] <= cut]
        if not kept:
            continue
        usable = [r for r in kept if r["grade"] != "C"]  # a grade C figure never decides
        set_aside = [r for r in kept if r["grade"] == "C"]
        row_notes = _tier_notes(level, vintage, context, notes)
        row_notes += [
            f"grade C figure not used: {_fmt(r['value'])} ({r['period']})" for r in set_aside
        ]
        latest = max(kept, key=lambda r: r["_end"])
        geo = dict(
            geo_code=code,
            geo_level=level,
            geo_name=latest["geo_name"],
            geo_vintage=vintage or latest["geo_vintage"],
        )
        base = dict(_base_row(target, "", cut), sector=s)
        if usable:
            row = dict(base, **geo)
            row.update(_assess_series(target, usable, cut, row_notes, context.plan_start))
        else:
            row = _empty_row(base, geo, "only a grade C figure, which never decides", row_notes)
        if context.review == "final":
            row.update(
                series_verdict(
                    target,
                    usable,
                    level=level,
                    vintage=geo["geo_vintage"],
                    plan_start=context.plan_start,
                    set_aside=set_aside,
                )
            )
        else:
            row.update(progress_columns())
        rows.append(row)
    return rows


def _target_rows(
    target: pd.Series, position: int, by_indicator: dict[tuple, list[dict]], context: _Context
) -> list[dict]:
    """The rows of one target: one per series with data, one per expected series without."""
    listed = list(target["sectors"] or [])
    sector = context.sector
    wanted = {sector, ""} if sector is not None else set(listed) | {""}
    level = target["level"]
    found_records = by_indicator.get((target["id"], level), [])
    rows = _series_rows(target, level, found_records, wanted, context, [])
    found = {r["sector"] for r in rows}
    if level == "province":
        # Agencies report some province targets (online dossiers, satisfaction) per district or
        # commune too: those areas are assessed against the province's target, for comparison.
        for area_level in SUB_PROVINCE_LEVELS:
            area_records = by_indicator.get((target["id"], area_level), [])
            rows += _series_rows(target, area_level, area_records, wanted, context, [_AREA_NOTE])
    cut = _cutoff(target, level, None, context)
    expected = [sector] if sector is not None else (listed or [""])
    for s in expected:
        if s in found or (len(listed) == 1 and "" in found):
            continue
        geo = dict(
            geo_code=context.province_code if level == "province" else None,
            geo_level=level,
            geo_name=None,
            geo_vintage=None,
        )
        where = "province-wide" if s == "" else f"sector {s}"
        when = "" if cut is None else f" on or before {cut.isoformat()}"
        reason = f"no observations ({where}, {level} level){when}"
        notes = _tier_notes(level, None, context, [])
        row = _empty_row(dict(_base_row(target, "", cut), sector=s), geo, reason, notes)
        if context.review == "final":
            row.update(no_series_verdict("không có số liệu", reason))
        else:
            row.update(progress_columns())
        rows.append(row)
    return [_finish(row, position) for row in rows]


def _year_or_none(value: Any) -> int | None:
    if _missing(value):
        return None
    match = re.match(r"\s*(\d{4})", str(value))
    return int(match.group(1)) if match else None


def _finish(row: dict, position: int) -> dict:
    row["_position"] = position
    row["status_vi"] = i18n.status_label(row["status"], "vi")
    row["status_en"] = i18n.status_label(row["status"], "en")
    return row


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for column in _FLOAT_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    for column in ("n_points", "direction"):
        frame[column] = frame[column].astype(int)
    for column in ("first_year", "latest_year"):
        frame[column] = frame[column].astype("Int64")
    for column in ("achieved", "projected_meets"):
        frame[column] = frame[column].astype("boolean")
    for column in ("partial_year", "synthetic"):
        frame[column] = frame[column].astype(bool)
    return frame
