"""The scoreboard: one line per target, the series that stands for it, and its texts.

A sector's own series stands for a target; the province-wide series is shown beside it as
context. District and commune targets roll their areas up to one status
(:func:`cdsanalysis.assessment.measure.aggregate_status`) and say how many areas met. In the
final review each line also carries its verdict at the deadline
(:mod:`cdsanalysis.briefs.verdicts`); the status stays beside it as how the target moved, and
nothing speaks of the time left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdsanalysis.assessment.measure import aggregate_status
from cdsanalysis.base import i18n
from cdsanalysis.briefs.frames import as_records, is_blank
from cdsanalysis.briefs.narrative import (
    format_date,
    format_target,
    format_value,
    period_label,
    short_name,
)
from cdsanalysis.briefs.provenance import conflicts, headline_point, series_points
from cdsanalysis.briefs.verdicts import VerdictText, areas_verdict, row_verdict


@dataclass
class TargetLine:
    """One scoreboard line: a target, the series that stands for it, and its texts."""

    target: dict
    code: str
    name: str
    short_name: str
    status: str
    score: float | None
    achieved: bool
    head: dict | None
    context: dict | None
    areas: pd.DataFrame
    area_scope: str | None
    rank_of: int | None
    value_text: str = "–"
    period_text: str = ""
    target_text: str = ""
    deadline_text: str = ""
    projection_text: str = ""
    pace_text: str = ""
    context_text: str = ""
    why: str = ""
    notes: list[str] = field(default_factory=list)
    review: str = "progress"
    verdict: VerdictText = field(default_factory=VerdictText)
    points: list[dict] = field(default_factory=list)
    context_points: list[dict] = field(default_factory=list)
    conflict_text: str = ""

    def as_dict(self) -> dict:
        """The texts the narrative needs."""
        return {
            "code": self.code,
            "short_name": self.short_name,
            "status": self.status,
            "score": self.score,
            "value_text": self.value_text,
            "period_text": self.period_text,
            "target_text": self.target_text,
            "deadline_text": self.deadline_text,
            "projection_text": self.projection_text,
            "pace_text": self.pace_text,
            "why": self.why,
            "verdict": self.verdict.verdict,
        }


def _rank_of(row: Mapping[str, Any] | None, target: Mapping[str, Any]) -> int | None:
    if row is not None:
        view = (row.get("views") or {}).get("rank")
        if view is not None and getattr(view, "latest_rank_of", None):
            return int(view.latest_rank_of)
    value = target.get("rank_of")
    return None if is_blank(value) else int(value)


def has_data(row: Mapping[str, Any] | None) -> bool:
    """Whether an assessment row has at least one observed point."""
    return row is not None and int(row.get("n_points") or 0) > 0


def measured_for_sector(target: Mapping[str, Any], sector_rows: list[dict]) -> bool:
    """Whether a sector's brief shows a target: always for a province target, and for a target
    measured by area (G9b, G9c) only when the sector has area figures of its own.

    An area target's data are usually the areas' figures for all sectors together; a sector
    brief that listed it would say "no data" beside a chart of those very figures.
    """
    return target["level"] == "province" or any(has_data(r) for r in sector_rows)


def measured_elsewhere(plan: Any, assessment: pd.DataFrame, sector: str | None) -> list[str]:
    """Codes of the sector's targets left out of its brief by :func:`measured_for_sector`."""
    if sector is None:
        return []
    targets = plan.targets_for_sector(sector)
    left = []
    for target in as_records(targets[targets["kind"] != "context"]):
        rows = assessment[assessment["target_id"] == target["id"]]
        if not measured_for_sector(target, as_records(rows[rows["sector"] == sector])):
            left.append(str(target["code"] or target["id"]))
    return left


def aggregate_rows(rows: list[dict]) -> tuple[str, float | None, int, int]:
    """Status, mean score, areas met and areas with data over one target's area series."""
    with_data = [r for r in rows if has_data(r)]
    if not with_data:
        return "not_available", None, 0, 0
    result = aggregate_status(
        [r.get("score") for r in with_data], [bool(r.get("achieved")) for r in with_data]
    )
    met = sum(1 for r in with_data if r.get("achieved"))
    return result.status, result.score, met, len(with_data)


def level_words(level: str, lang: str, *, short: bool = False) -> str:
    """The areas of a level in words: "huyện, thị xã, thành phố" (short: "huyện")."""
    key = "districts" if level == "district" else "communes"
    return i18n.label(f"{key}_short" if short else key, lang)


def build_lines(
    plan: Any,
    assessment: pd.DataFrame,
    sector: str | None,
    lang: str,
    *,
    areas: pd.DataFrame | None = None,
    yearly_rows: pd.DataFrame | None = None,
    observations: pd.DataFrame | None = None,
    quarantine: pd.DataFrame | None = None,
) -> list[TargetLine]:
    """One scoreboard line per target of a sector (or, for the overview, of the whole plan).

    A sector's own series stands for the target; the province-wide series is shown beside it
    as context (for a single-sector target the province-wide series *is* the sector's). For
    district and commune targets the areas' series are rolled up with
    :func:`cdsanalysis.assessment.measure.aggregate_status`, and the line says how many areas met;
    a sector brief leaves out an area target its sector has no area figures for
    (:func:`measured_for_sector`).

    Parameters
    ----------
    plan : Plan
    assessment : pandas.DataFrame
        Output of :func:`cdsanalysis.assess`.
    sector : str or None
        None: the province-wide series of every target (the overview).
    lang : {"vi", "en"}
    areas : pandas.DataFrame, optional
        :func:`cdsanalysis.base.geography.load_areas`, to name each commune's district.
    yearly_rows : pandas.DataFrame, optional
        :func:`cdsanalysis.assessment.yearly.yearly`: the chart points, marked by provenance.
    observations, quarantine : pandas.DataFrame, optional
        The processed observations (real readings no year stands for) and the quarantine
        (a conflicting source beside the kept value).

    Returns
    -------
    list of TargetLine
    """
    targets = plan.targets if sector is None else plan.targets_for_sector(sector)
    targets = targets[targets["kind"] != "context"]  # no target: shown as context figures instead
    review = str(assessment["review"].iloc[0]) if "review" in assessment and len(assessment) else ""
    observed = observations if observations is not None else pd.DataFrame()
    disputed = conflicts(quarantine)
    lines = []
    by_target: dict[str, list[dict]] = {}  # the assessment's rows read once, not per target
    for record in as_records(assessment[assessment["target_id"].isin(set(targets["id"]))]):
        by_target.setdefault(record["target_id"], []).append(record)
    for target in as_records(targets):
        rows = by_target.get(target["id"], [])
        if sector is None:
            own = [r for r in rows if r["sector"] == ""]
            wide: list[dict] = []
            if len(target["sectors"]) == 1 and not any(has_data(r) for r in own):
                # A single-sector target (E2, S4) may be reported by its sector only.
                own = [r for r in rows if r["sector"] == target["sectors"][0]] or own
        else:
            own = [r for r in rows if r["sector"] == sector]
            wide = [r for r in rows if r["sector"] == ""]
            if not measured_for_sector(target, own):
                continue
            if len(target["sectors"]) == 1 and not any(has_data(r) for r in own):
                own, wide = wide or own, []
        level = target["level"]
        line = new_line(target, lang, review or "progress")
        if level == "province":
            # A series whose only readings stand for no year (grade C, dated readings) still has
            # points: a published figure is never hidden.
            line.points = series_points(_charted(own), yearly_rows, observed)
            line.context_points = series_points(_charted(wide), yearly_rows, observed)
            _province_line(line, own, wide, lang)
            line.conflict_text = _conflict_text(line, disputed, lang)
        else:
            _area_line(line, own, wide, lang, areas)
        lines.append(line)
    return lines


def new_line(target: dict, lang: str, review: str) -> TargetLine:
    """A target's line before any series is read: its code, names, target and deadline texts,
    no status yet ("not_available")."""
    name_key = "name_vi" if lang == "vi" else "name_en"
    line = TargetLine(
        target=target,
        code=target["code"] or target["id"],
        name=str(target[name_key]),
        short_name=short_name(target[name_key], 58),
        status="not_available",
        score=None,
        achieved=False,
        head=None,
        context=None,
        areas=pd.DataFrame(),
        area_scope=None,
        rank_of=None,
        review=review,
    )
    line.target_text = format_target(
        target["comparison"], target["target"], target["unit"], target["kind"], lang
    )
    line.deadline_text = format_date(target["deadline"], lang)
    return line


def _with_data(rows: list[dict]) -> dict | None:
    return next((r for r in rows if has_data(r)), None)


def _charted(rows: list[dict]) -> dict | None:
    """The series a chart draws: the first with data, else the first there is."""
    return _with_data(rows) or (rows[0] if rows else None)


def _conflict_text(line: TargetLine, disputed: dict, lang: str) -> str:
    """ "another source gives 73.4 %: <file>" beside a kept value whose key is in conflict."""
    texts = []
    for point in line.points:
        for record in disputed.get((point["source_file"], point["source_ref"]), []):
            texts.append(
                i18n.label(
                    "conflict_other",
                    lang,
                    value=_raw_value(record.get("value_raw"), line.target, lang),
                    period=period_label(point["period"], lang),
                    kept=format_value(point["value"], line.target["unit"], lang),
                    source=record.get("source_file") or "",
                )
            )
    return "; ".join(dict.fromkeys(texts))


def _raw_value(raw: Any, target: Mapping[str, Any], lang: str) -> str:
    try:
        return format_value(float(str(raw).split("/")[0]), target["unit"], lang)
    except ValueError:
        return str(raw)


def _province_line(line: TargetLine, own: list[dict], wide: list[dict], lang: str) -> None:
    target = line.target
    head = next((r for r in own if has_data(r)), own[0] if own else None)
    context = next((r for r in wide if has_data(r)), None)
    line.head, line.context = head, context
    line.rank_of = _rank_of(head, target)
    if head is None:
        return
    line.status = head["status"]
    line.score = head.get("score")
    line.achieved = bool(head.get("achieved"))
    line.verdict = row_verdict(head, target, lang, rank_of=line.rank_of)
    if has_data(head):
        latest, period = head["latest_value"], head.get("latest_period")
        shown = headline_point(line.points)
        if line.points:
            # A grade C value is never the headline: the latest other value stands.
            latest, period = (shown["value"], shown["period"]) if shown else (None, None)
        line.value_text = format_value(
            latest,
            target["unit"],
            lang,
            kind=target["kind"],
            rank_of=line.rank_of,
            target=target.get("target"),
        )
        line.period_text = period_label(period, lang) if period else ""
        projected = head.get("projected_value")
        deadline_year = int(str(target["deadline"])[:4])
        # A projection says something only when the deadline lies in a later year; once the
        # plan has ended there is no time left to speak of.
        ahead = (head.get("latest_year") or deadline_year) < deadline_year
        ended = line.review == "final"
        level = target["kind"] == "level" and not line.achieved and not ended
        if level and projected is not None and ahead:
            line.projection_text = format_value(projected, target["unit"], lang)
        if level:
            line.pace_text = _pace_text(head, target, lang)
    if context is not None:
        line.context_text = format_value(
            context["latest_value"],
            target["unit"],
            lang,
            kind=target["kind"],
            rank_of=_rank_of(context, target),
        )
    line.notes = _row_notes(head, lang)
    line.why = _why(head, lang)
    if line.why:
        line.notes.append(line.why)


def _why(row: Mapping[str, Any], lang: str) -> str:
    """Words for a status the numbers alone do not explain (a late milestone, a rank lost)."""
    reason = str(row.get("reason") or "")
    if reason.startswith("reached after the deadline"):
        return i18n.label("after_deadline", lang)
    if reason.startswith("missed"):
        return i18n.label("missed_deadline", lang)
    view = (row.get("views") or {}).get("rank")
    change = getattr(view, "last_change", None)
    if row.get("status") == "deterioration" and change is not None and change < 0:
        return i18n.label("rank_worse", lang, n=-change)
    return ""


def _pace_text(head: Mapping[str, Any], target: Mapping[str, Any], lang: str) -> str:
    """What is still needed: "+2,4 điểm %/năm", or the gap when less than a year is left."""
    from cdsanalysis.base.periods import PeriodError, period_from_label

    pace = head.get("required_pace")
    if pace is None or pace * int(target["direction"]) <= 0:
        return ""
    unit = (" điểm %" if lang == "vi" else " pp") if target["unit"] == "percent" else ""
    try:
        end = period_from_label(str(head.get("latest_period"))).end
    except PeriodError:
        end = None
    deadline = dt.date.fromisoformat(str(target["deadline"]))
    months = None if end is None else (deadline.year - end.year) * 12 + deadline.month - end.month
    if months is not None and 0 < months < 12:
        # Less than a year left: a yearly pace would overstate it; say the gap and the time.
        gap = i18n.format_number(
            abs(float(target["target"]) - float(head["latest_value"])), lang, 1
        )
        if lang == "vi":
            return f"+{gap}{unit} trong {months} tháng còn lại"
        return f"+{gap}{unit} in the {months} months left"
    per_year = "/năm" if lang == "vi" else " a year"
    sign = "+" if pace > 0 else "−"
    return f"{sign}{i18n.format_number(abs(pace), lang, 1)}{unit}{per_year}"


def _area_line(
    line: TargetLine,
    own: list[dict],
    wide: list[dict],
    lang: str,
    areas: pd.DataFrame | None,
) -> None:
    level = line.target["level"]
    what = level_words(level, lang, short=True)
    own_data = [r for r in own if has_data(r)]
    wide_data = [r for r in wide if has_data(r)]
    line.verdict = areas_verdict(own_data or wide_data, lang, what)
    if own_data:
        status, score, met, n = aggregate_rows(own_data)
        line.status, line.score, line.achieved = status, score, status == "target_achieved"
        line.value_text = i18n.label("areas_met", lang, met=met, n=n, what=what)
        latest = max((r.get("latest_period") or "" for r in own_data), default="")
        line.period_text = period_label(latest, lang)
        line.areas, line.area_scope = _area_frame(own_data, areas, lang), "sector"
        line.head = own_data[0]
    else:
        line.head = own[0] if own else None
        if line.head is not None:
            line.notes = _row_notes(line.head, lang)
    if wide_data:
        _, _, met, n = aggregate_rows(wide_data)
        line.context_text = i18n.label("areas_met", lang, met=met, n=n, what=what)
        line.context = wide_data[0]
        if not own_data:
            line.areas, line.area_scope = _area_frame(wide_data, areas, lang), "province"


def _area_frame(rows: list[dict], areas: pd.DataFrame | None, lang: str = "vi") -> pd.DataFrame:
    """The areas' rows with their district (``district_code``, ``district``): a commune of the
    1/7/2025 list has none (the district level ended), so it is grouped as a new unit."""
    frame = pd.DataFrame(rows)
    frame["district_code"] = [
        code if level == "district" else None
        for code, level in zip(frame["geo_code"], frame["geo_level"], strict=True)
    ]
    if areas is not None and len(areas):
        keys = areas["geo_code"] + "|" + areas["geo_vintage"]
        parents = dict(zip(keys, areas["parent_code"], strict=True))
        names = dict(zip(areas["geo_code"], areas["geo_name"], strict=True))
        districts = areas[areas["geo_level"] == "district"]
        district_names = dict(zip(districts["geo_code"], districts["geo_name"], strict=True))
        codes = []
        for code, vintage, level in zip(
            frame["geo_code"], frame["geo_vintage"], frame["geo_level"], strict=True
        ):
            if level == "district":
                codes.append(code)
            else:
                # A commune of the 1/7/2025 list belongs to the city, not to a district.
                parent = parents.get(f"{code}|{vintage}")
                codes.append(parent if parent in district_names else None)
        frame["district_code"] = codes
        new_units = i18n.label("new_units_group", lang)
        frame["district"] = [
            district_names.get(c, "") if c else (new_units if level == "commune" else "")
            for c, level in zip(codes, frame["geo_level"], strict=True)
        ]
        frame["geo_name"] = [
            n if isinstance(n, str) and n else names.get(c, c)
            for n, c in zip(frame["geo_name"], frame["geo_code"], strict=True)
        ]
    else:
        frame["district"] = ""
    return frame


def _row_notes(row: Mapping[str, Any] | None, lang: str) -> list[str]:
    """Short flags for a series: partial year, estimate, stale, reason when not available."""
    if row is None:
        return []
    notes = []
    if row.get("partial_year") and row.get("kind") != "milestone":
        notes.append(i18n.label("partial_year", lang))
    note = str(row.get("note") or "")
    if "latest value is estimate" in note:
        notes.append(i18n.label("estimate", lang))
    if "latest value is preliminary" in note:
        notes.append(i18n.label("preliminary", lang))
    reason = str(row.get("reason") or "")
    if reason.startswith("stale") or "stale:" in note:
        notes.append(i18n.label("stale", lang))
    if row.get("status") == "not_available" and reason and not reason.startswith("stale"):
        notes.append(_reason_words(reason, lang))
    return notes


def _reason_words(reason: str, lang: str) -> str:
    """Why a line has no status, in the brief's language (the assessment's reasons are codes
    and English words for analysts; a brief never shows them as they are)."""
    if reason.startswith("no observations"):
        return i18n.label("no_data", lang)
    if reason == "one point":
        return i18n.label("reason_one_point", lang)
    if reason.startswith("no rank from the base year"):
        return i18n.label("reason_no_rank", lang, year=reason.rsplit(" ", 2)[-2])
    if reason.startswith(("no value in the plan period", "no value in or after")):
        return i18n.label("reason_no_value_in_period", lang)
    if reason.startswith("only a grade C figure"):
        return i18n.label("reason_grade_c_only", lang)
    return i18n.label("reason_other", lang)
