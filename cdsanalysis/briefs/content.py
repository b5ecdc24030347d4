"""The content of the briefs: what each brief shows, as HTML fragments.

Load inputs (:func:`load_context`: plan, processed observations, quarantine, clean report, and the
assessment of :func:`cdsanalysis.assess`), choose what a brief shows (one scoreboard line per
target, the areas, the observations behind them), and write each section as an HTML fragment
that a notebook displays with :func:`show` and nbconvert copies into the brief.

Every string that comes from data or from the catalogue goes through :func:`esc`
(``html.escape``): an indicator named ``<script>`` is shown as text. Figures are embedded as
base64 PNG (``data:`` URIs), each with alt text, so that a brief makes no network request.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cdsanalysis import __version__
from cdsanalysis.assessment.measure import aggregate_status
from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import OBSERVATION_COLUMNS
from cdsanalysis.base.safe_io import FORMULA_PREFIXES
from cdsanalysis.briefs import charts
from cdsanalysis.briefs.narrative import (
    PILLAR_NAMES,
    change_text,
    count_statuses,
    counts_sentence,
    format_date,
    format_number,
    format_target,
    format_value,
    lines_narrative,
    period_label,
    short_name,
    status_text,
    t,
)

SUMMARY_MIMETYPE = "application/vnd.cdsanalysis.summary+json"
TOC_MARKER = "<!--cds:toc-->"
REORGANISATION = dt.date(2025, 7, 1)
QUARANTINE_ROWS_SHOWN = 15
# Text cells beginning with these are read as formulas by spreadsheets (OWASP CSV injection):
# the same guard as every other file the suite writes.
_FORMULA_START = FORMULA_PREFIXES


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def esc(value: Any) -> str:
    """Escape any value for HTML text or attributes; None and NaN give an empty string."""
    if _missing(value):
        return ""
    return html.escape(str(value), quote=True)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return False


def _clean(value: Any) -> Any:
    """NaN, NA and NaT to None, numpy scalars to Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict | str):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _status_badge(status: str, lang: str) -> str:
    colour = i18n.status_colour(status)
    ink = charts._text_on(colour)
    return (
        f'<span class="cds-status" style="background:{colour};color:{ink}">'
        f'<span class="cds-icon" aria-hidden="true">{esc(i18n.status_icon(status))}</span> '
        f"{esc(i18n.status_label(status, lang))}</span>"
    )


def _section(section_id: str, title: str, body: str, *, extra_class: str = "") -> str:
    cls = f"cds-section {extra_class}".strip()
    return (
        f'<section class="{cls}" aria-labelledby="{section_id}">'
        f'<h2 id="{section_id}">{esc(title)}</h2>{body}</section>'
    )


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    cls: str = "",
    reflow: bool = False,
) -> str:
    """A table whose cells are already HTML; headers are plain text (escaped here).

    ``reflow`` tables turn into labelled cards on narrow screens; the others scroll inside
    their own container.
    """
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = []
    for row in rows:
        if isinstance(row, str):  # a full row given as HTML (group headings)
            body.append(row)
            continue
        cells = "".join(
            f'<td data-label="{esc(h)}"><div>{c}</div></td>'
            for h, c in zip(headers, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    classes = f"cds-table {cls} {'cds-reflow' if reflow else ''}".strip()
    return (
        f'<div class="cds-table-wrap"><table class="{classes}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def figure_html(fig: Any, alt: str, caption: str = "", *, wide: bool = False) -> str:
    """Embed a matplotlib figure as a base64 PNG ``<figure>`` with alt text and a caption.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        Plain-text alternative for screen readers (escaped here).
    caption : str
        HTML of the caption (already escaped by the caller).
    wide : bool
        Let the figure span the full width of the page.

    Returns
    -------
    str
    """
    png = charts.figure_png(fig)
    width, height = (int(round(v * 100)) for v in fig.get_size_inches())
    data = base64.b64encode(png).decode("ascii")
    cls = "cds-figure cds-wide" if wide else "cds-figure"
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return (
        f'<figure class="{cls}"><img src="data:image/png;base64,{data}" alt="{esc(alt)}" '
        f'width="{width}" height="{height}" loading="eager">{cap}</figure>'
    )


def show(fragment: str) -> None:
    """Display an HTML fragment in the notebook (and so in the exported brief); "" shows nothing.

    Parameters
    ----------
    fragment : str
        HTML from one of this module's section functions.
    """
    if not fragment:
        return
    from IPython.display import HTML, display

    display(HTML(fragment))


# --------------------------------------------------------------------------------------------
# Context: everything a brief reads, loaded once
# --------------------------------------------------------------------------------------------


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
        }


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

    @property
    def sector_name(self) -> str:
        """The sector's name in the brief's language ("" for the overview)."""
        if self.sector is None:
            return ""
        row = self.plan.sectors[self.plan.sectors["id"] == self.sector].iloc[0]
        return str(row["name_vi" if self.lang == "vi" else "name_en"])

    @property
    def title(self) -> str:
        """The brief's title."""
        if self.sector is None:
            return t("overview_title", self.lang)
        return t("sector_title", self.lang, name=self.sector_name)

    @property
    def synthetic(self) -> bool:
        """Whether any value the brief shows is synthetic."""
        return bool((self.shown["provenance"] == "synthetic").any()) if len(self.shown) else False

    @property
    def counts(self) -> dict[str, int]:
        """Number of scoreboard lines by status."""
        return count_statuses(line.status for line in self.lines)


def read_observations(processed_dir: str | Path) -> pd.DataFrame:
    """Read ``observations.parquet`` (or ``.csv``) of a processed folder, codes as text.

    Parameters
    ----------
    processed_dir : str or pathlib.Path

    Returns
    -------
    pandas.DataFrame
        The contract's columns; missing optional columns are added empty.
    """
    from cdsanalysis.clean import gateway

    return gateway.read_observations(processed_dir)


def read_quarantine(processed_dir: str | Path) -> pd.DataFrame:
    """Read ``quarantine.csv`` as text (an empty frame when there is none)."""
    from cdsanalysis.clean import gateway

    return gateway.read_quarantine(processed_dir)


def read_clean_report(processed_dir: str | Path) -> dict:
    """Read ``clean_report.json`` ({} when there is none or it cannot be read)."""
    from cdsanalysis.clean import gateway

    return gateway.read_clean_report(processed_dir)


def _vintage(processed_dir: Path) -> dt.date | None:
    for name in ("observations.parquet", "observations.csv"):
        path = processed_dir / name
        if path.exists():
            return dt.date.fromtimestamp(path.stat().st_mtime)
    return None


def load_context(params: Any, *, build_date: dt.date | None = None) -> BriefContext:
    """Load and assess everything one brief shows.

    Parameters
    ----------
    params : BriefParams
        Validated parameters (:func:`cdsanalysis.briefs.build.validate_params`): ``sector``
        (None for the overview), ``lang``, ``as_of``, ``processed_dir``, ``plan_path``.
    build_date : datetime.date, optional
        The date printed as the build date (default: today).

    Returns
    -------
    BriefContext
    """
    from cdsanalysis.assessment.assess import assess, resolve_as_of
    from cdsanalysis.base.geography import load_areas
    from cdsanalysis.base.plan import load_plan

    plan = load_plan(params.plan_path)
    processed_dir = Path(params.processed_dir)
    observations = read_observations(processed_dir)
    as_of_date = resolve_as_of(params.as_of, observations)
    assessment = assess(observations, plan, params.as_of, sector=params.sector)
    areas = load_areas()
    previous = None
    if params.sector is None and as_of_date is not None:
        previous = assess(observations, plan, str(as_of_date.year - 1))
    lines = build_lines(plan, assessment, params.sector, params.lang, areas=areas)
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
        sector=params.sector,
        lang=params.lang,
        as_of=params.as_of,
        as_of_date=as_of_date,
        plan=plan,
        observations=observations,
        assessment=assessment,
        lines=lines,
        shown=shown,
        quarantine=read_quarantine(processed_dir),
        clean_report=read_clean_report(processed_dir),
        processed_dir=processed_dir,
        vintage=_vintage(processed_dir),
        build_date=build_date or dt.date.today(),
        previous=previous,
        areas=areas,
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


# --------------------------------------------------------------------------------------------
# Scoreboard lines
# --------------------------------------------------------------------------------------------


def _rank_of(row: Mapping[str, Any] | None, target: Mapping[str, Any]) -> int | None:
    if row is not None:
        view = (row.get("views") or {}).get("rank")
        if view is not None and getattr(view, "latest_rank_of", None):
            return int(view.latest_rank_of)
    value = target.get("rank_of")
    return None if _missing(value) else int(value)


def _has_data(row: Mapping[str, Any] | None) -> bool:
    return row is not None and int(row.get("n_points") or 0) > 0


def _aggregate(rows: list[dict]) -> tuple[str, float | None, int, int]:
    """Status, mean score, areas met and areas with data over one target's area series."""
    with_data = [r for r in rows if _has_data(r)]
    if not with_data:
        return "not_available", None, 0, 0
    result = aggregate_status(
        [r.get("score") for r in with_data], [bool(r.get("achieved")) for r in with_data]
    )
    met = sum(1 for r in with_data if r.get("achieved"))
    return result.status, result.score, met, len(with_data)


def _level_words(level: str, lang: str, *, short: bool = False) -> str:
    key = "districts" if level == "district" else "communes"
    return t(f"{key}_short" if short else key, lang)


def build_lines(
    plan: Any,
    assessment: pd.DataFrame,
    sector: str | None,
    lang: str,
    *,
    areas: pd.DataFrame | None = None,
) -> list[TargetLine]:
    """One scoreboard line per target of a sector (or, for the overview, of the whole plan).

    A sector's own series stands for the target; the province-wide series is shown beside it
    as context (for a single-sector target the province-wide series *is* the sector's). For
    district and commune targets the areas' series are rolled up with
    :func:`cdsanalysis.assessment.measure.aggregate_status`, and the line says how many areas met.

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

    Returns
    -------
    list of TargetLine
    """
    targets = plan.targets if sector is None else plan.targets_for_sector(sector)
    name_key = "name_vi" if lang == "vi" else "name_en"
    lines = []
    for target in _records(targets):
        rows = _records(assessment[assessment["target_id"] == target["id"]])
        if sector is None:
            own = [r for r in rows if r["sector"] == ""]
            wide: list[dict] = []
            if len(target["sectors"]) == 1 and not any(_has_data(r) for r in own):
                # A single-sector target (E2, S4) may be reported by its sector only.
                own = [r for r in rows if r["sector"] == target["sectors"][0]] or own
        else:
            own = [r for r in rows if r["sector"] == sector]
            wide = [r for r in rows if r["sector"] == ""]
            if len(target["sectors"]) == 1 and not any(_has_data(r) for r in own):
                own, wide = wide or own, []
        level = target["level"]
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
        )
        line.target_text = format_target(
            target["comparison"], target["target"], target["unit"], target["kind"], lang
        )
        line.deadline_text = format_date(target["deadline"], lang)
        if level == "province":
            _province_line(line, own, wide, lang)
        else:
            _area_line(line, own, wide, lang, areas)
        lines.append(line)
    return lines


def _province_line(line: TargetLine, own: list[dict], wide: list[dict], lang: str) -> None:
    target = line.target
    head = next((r for r in own if _has_data(r)), own[0] if own else None)
    context = next((r for r in wide if _has_data(r)), None)
    line.head, line.context = head, context
    line.rank_of = _rank_of(head, target)
    if head is None:
        return
    line.status = head["status"]
    line.score = head.get("score")
    line.achieved = bool(head.get("achieved"))
    if _has_data(head):
        line.value_text = format_value(
            head["latest_value"], target["unit"], lang, kind=target["kind"], rank_of=line.rank_of
        )
        line.period_text = period_label(head.get("latest_period"), lang)
        projected = head.get("projected_value")
        deadline_year = int(str(target["deadline"])[:4])
        # A projection says something only when the deadline lies in a later year.
        ahead = (head.get("latest_year") or deadline_year) < deadline_year
        if target["kind"] == "level" and not line.achieved and projected is not None and ahead:
            line.projection_text = format_value(projected, target["unit"], lang)
        if target["kind"] == "level" and not line.achieved:
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
        return t("after_deadline", lang)
    if reason.startswith("missed"):
        return t("missed_deadline", lang)
    view = (row.get("views") or {}).get("rank")
    change = getattr(view, "last_change", None)
    if row.get("status") == "deterioration" and change is not None and change < 0:
        return t("rank_worse", lang, n=-change)
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
        gap = format_number(abs(float(target["target"]) - float(head["latest_value"])), lang, 1)
        if lang == "vi":
            return f"+{gap}{unit} trong {months} tháng còn lại"
        return f"+{gap}{unit} in the {months} months left"
    per_year = "/năm" if lang == "vi" else " a year"
    sign = "+" if pace > 0 else "−"
    return f"{sign}{format_number(abs(pace), lang, 1)}{unit}{per_year}"


def _area_line(
    line: TargetLine,
    own: list[dict],
    wide: list[dict],
    lang: str,
    areas: pd.DataFrame | None,
) -> None:
    level = line.target["level"]
    what = _level_words(level, lang, short=True)
    own_data = [r for r in own if _has_data(r)]
    wide_data = [r for r in wide if _has_data(r)]
    if own_data:
        status, score, met, n = _aggregate(own_data)
        line.status, line.score, line.achieved = status, score, status == "target_achieved"
        line.value_text = t("areas_met", lang, met=met, n=n, what=what)
        latest = max((r.get("latest_period") or "" for r in own_data), default="")
        line.period_text = period_label(latest, lang)
        line.areas, line.area_scope = _area_frame(own_data, areas), "sector"
        line.head = own_data[0]
    else:
        line.head = own[0] if own else None
        if line.head is not None:
            line.notes = _row_notes(line.head, lang)
    if wide_data:
        _, _, met, n = _aggregate(wide_data)
        line.context_text = t("areas_met", lang, met=met, n=n, what=what)
        line.context = wide_data[0]
        if not own_data:
            line.areas, line.area_scope = _area_frame(wide_data, areas), "province"


def _area_frame(rows: list[dict], areas: pd.DataFrame | None) -> pd.DataFrame:
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
                codes.append(parents.get(f"{code}|{vintage}") or None)
        frame["district_code"] = codes
        frame["district"] = [district_names.get(c, "") if c else "" for c in codes]
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
        notes.append(t("partial_year", lang))
    note = str(row.get("note") or "")
    if "latest value is estimate" in note:
        notes.append(t("estimate", lang))
    if "latest value is preliminary" in note:
        notes.append(t("preliminary", lang))
    reason = str(row.get("reason") or "")
    if reason.startswith("stale") or "stale:" in note:
        notes.append(t("stale", lang))
    if row.get("status") == "not_available" and reason and not reason.startswith("stale"):
        notes.append(_reason_words(reason, lang))
    return notes


def _reason_words(reason: str, lang: str) -> str:
    if reason.startswith("no observations"):
        return t("no_data", lang)
    if reason == "one point":
        return "mới có một điểm số liệu" if lang == "vi" else "only one data point"
    # Other reasons are the assessment's own words (English); shown as they are.
    return reason


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def _as_of_text(ctx: BriefContext) -> str:
    lang = ctx.lang
    if ctx.as_of_date is None:
        return t("no_data", lang)
    date = format_date(ctx.as_of_date, lang)
    if str(ctx.as_of).lower() == "latest":
        latest = "kỳ mới nhất trong dữ liệu" if lang == "vi" else "latest in the data"
        return f"{date} ({latest})"
    return f"{period_label(ctx.as_of, lang)} ({date})"


def header(ctx: BriefContext) -> str:
    """The brief's header: programme, title, as-of date, data vintage, build date, status chips.

    Parameters
    ----------
    ctx : BriefContext

    Returns
    -------
    str
        HTML.
    """
    lang = ctx.lang
    meta = [
        (t("as_of", lang), _as_of_text(ctx)),
        (t("vintage", lang), format_date(ctx.vintage, lang) if ctx.vintage else "–"),
        (t("built", lang), format_date(ctx.build_date, lang)),
    ]
    meta_html = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in meta)
    return (
        f'<header class="cds-header" id="top"><p class="cds-kicker">'
        f"{esc(t('programme', lang))}</p><h1>{esc(ctx.title)}</h1>"
        f'<dl class="cds-meta">{meta_html}</dl>{status_chips(ctx.counts, lang)}</header>'
    )


def status_chips(counts: Mapping[str, int], lang: str) -> str:
    """A row of chips, one per status present: icon, words and count."""
    chips = []
    for status in i18n.STATUS_ORDER:
        n = counts.get(status, 0)
        if not n:
            continue
        colour = i18n.status_colour(status)
        chips.append(
            f'<li class="cds-chip" style="border-color:{colour}">'
            f'<span class="cds-chip-n" style="background:{colour};color:{charts._text_on(colour)}">'
            f'{n}</span> <span aria-hidden="true">{esc(i18n.status_icon(status))}</span> '
            f"{esc(i18n.status_label(status, lang))}</li>"
        )
    return f'<ul class="cds-chips">{"".join(chips)}</ul>' if chips else ""


def banner(ctx: BriefContext) -> str:
    """The sample-data banner, shown exactly when a value the brief shows is synthetic."""
    if not ctx.synthetic:
        return ""
    lang = ctx.lang
    return (
        f'<div class="cds-banner" role="note"><strong>{esc(t("banner", lang))}</strong>'
        f"<p>{esc(t('banner_detail', lang))}</p></div>"
    )


def toc_marker() -> str:
    """A placeholder the exporter replaces with the table of contents."""
    return TOC_MARKER


def summary_section(ctx: BriefContext) -> str:
    """Generated narrative: counts by status, what is met, what needs attention most."""
    sentences = lines_narrative([line.as_dict() for line in ctx.lines], ctx.lang)
    body = "".join(f"<p>{esc(s)}</p>" for s in sentences)
    return _section("summary", t("sec_summary", ctx.lang), f'<div class="cds-lead">{body}</div>')


def _line_cells(line: TargetLine, lang: str, *, context_column: bool) -> list[str]:
    notes = "".join(f'<span class="cds-flag">{esc(n)}</span>' for n in line.notes)
    name = f'<span class="cds-name">{esc(line.name)}</span>'
    if notes:
        name += f'<span class="cds-flags">{notes}</span>'
    latest = f"<strong>{esc(line.value_text)}</strong>"
    if line.period_text:
        latest += f'<span class="cds-sub">{esc(line.period_text)}</span>'
    status = _status_badge(line.status, lang)
    if line.projection_text:
        words = "Dự báo đến hạn" if lang == "vi" else "Projected by deadline"
        status += f'<span class="cds-sub">{esc(words)}: {esc(line.projection_text)}</span>'
    if line.pace_text:
        words = i18n.label("still_needed", lang)
        status += f'<span class="cds-sub">{esc(words)}: {esc(line.pace_text)}</span>'
    cells = [
        f'<span class="cds-code">{esc(line.code)}</span>',
        name,
        latest,
        esc(line.target_text),
        esc(line.deadline_text),
        status,
    ]
    if context_column:
        cells.append(esc(line.context_text) or "–")
    return cells


def _scoreboard_headers(lang: str, context_column: bool) -> list[str]:
    headers = [
        t("col_code", lang),
        t("col_target_name", lang),
        t("col_latest", lang),
        t("col_target", lang),
        t("col_deadline", lang),
        t("col_status", lang),
    ]
    if context_column:
        headers.append(t("col_province", lang))
    return headers


def scoreboard_section(ctx: BriefContext) -> str:
    """Every target of the brief: latest value, target, deadline, status (icon, colour, words)."""
    lang = ctx.lang
    context_column = ctx.sector is not None
    headers = _scoreboard_headers(lang, context_column)
    if ctx.sector is None:
        rows: list[Any] = []
        for group, lines in _overview_groups(ctx):
            rows.append(
                f'<tr class="cds-group"><th colspan="{len(headers)}" scope="colgroup">'
                f"{esc(group)}</th></tr>"
            )
            rows.extend(_line_cells(line, lang, context_column=False) for line in lines)
    else:
        rows = [_line_cells(line, lang, context_column=True) for line in ctx.lines]
    table = _table(headers, rows, cls="cds-scoreboard", reflow=True)
    return _section("scoreboard", t("sec_scoreboard", lang), table)


def _overview_groups(ctx: BriefContext) -> list[tuple[str, list[TargetLine]]]:
    """Rankings first, then the three pillars, as the plan lists them."""
    lang = ctx.lang
    ranks = [line for line in ctx.lines if line.target["kind"] == "rank"]
    groups = [("Xếp hạng" if lang == "vi" else "Rankings", ranks)]
    for pillar in ("government", "economy", "society"):
        members = [
            line
            for line in ctx.lines
            if line.target["pillar"] == pillar and line.target["kind"] != "rank"
        ]
        groups.append((PILLAR_NAMES[lang][pillar], members))
    return [(name, lines) for name, lines in groups if lines]


def _series_band(area_rows: pd.DataFrame) -> tuple[dict, dict] | None:
    """Median and middle half of the areas, year by year (for a district or commune target)."""
    points: dict[int, list[float]] = {}
    for years, values in zip(area_rows["years"], area_rows["values"], strict=True):
        for year, value in zip(years or [], values or [], strict=True):
            points.setdefault(int(year), []).append(float(value))
    if not points:
        return None
    years = sorted(points)
    median = [float(pd.Series(points[y]).median()) for y in years]
    low = [float(pd.Series(points[y]).quantile(0.25)) for y in years]
    high = [float(pd.Series(points[y]).quantile(0.75)) for y in years]
    return {"years": years, "values": median}, {"years": years, "low": low, "high": high}


def _line_figure(line: TargetLine, lang: str) -> str:
    target = line.target
    if line.head is None or not _has_data(line.head):
        return ""
    if len(line.areas):
        made = _series_band(line.areas)
        if made is None:
            return ""
        median, band = made
        series = dict(line.head, **median, status=line.status, projected_value=None)
        series["partial_year"] = bool(line.areas["partial_year"].any())
        series["latest_period"] = line.head.get("latest_period")
        series["label"] = t("median_areas", lang)
        fig = charts.plot_series(series, lang=lang, band=band)
        value_text = format_value(median["values"][-1], target["unit"], lang)
    else:
        context = None
        if _has_data(line.context):
            context = {
                "years": line.context["years"],
                "values": line.context["values"],
                "label": t("legend_province", lang),
            }
        fig = charts.plot_series(line.head, lang=lang, context=context, rank_of=line.rank_of)
        value_text = line.value_text
    alt = t(
        "figure_alt_series",
        lang,
        name=line.name,
        value=value_text,
        period=line.period_text or "–",
        target=line.target_text,
        deadline=line.deadline_text,
        status=i18n.status_label(line.status, lang),
    )
    caption = (
        f'<span class="cds-code">{esc(line.code)}</span> {esc(line.name)}'
        f'<span class="cds-sub">{esc(status_text(line.status, lang))} · '
        f"{esc(t('col_target', lang))} {esc(line.target_text)} · {esc(line.deadline_text)}"
        f"</span>"
    )
    if len(line.areas):
        caption += f'<span class="cds-sub">{esc(t("median_areas", lang))}</span>'
    return figure_html(fig, alt, caption)


def charts_section(ctx: BriefContext) -> str:
    """One figure per target with data: history, target line, projection, status colour."""
    lang = ctx.lang
    figures = [_line_figure(line, lang) for line in ctx.lines]
    figures = [f for f in figures if f]
    missing = [line for line in ctx.lines if line.head is None or not _has_data(line.head)]
    body = f'<div class="cds-figures">{"".join(figures)}</div>' if figures else ""
    if missing:
        codes = ", ".join(line.code for line in missing)
        words = "Chưa có số liệu để vẽ" if lang == "vi" else "No figures to chart yet"
        body += f'<p class="cds-muted">{esc(words)}: {esc(codes)}.</p>'
    return _section("charts", t("sec_charts", lang), body)


def areas_section(ctx: BriefContext) -> str:
    """Districts and communes compared: ranked bars or dots, and the tile-grid map."""
    lang = ctx.lang
    blocks = []
    for line in ctx.lines:
        if not len(line.areas):
            continue
        blocks.append(_area_block(line, lang))
    if not blocks:
        body = f'<p class="cds-muted">{esc(t("no_area_data", lang))}</p>'
    else:
        body = "".join(blocks)
        if _crosses_reorganisation(ctx):
            body += (
                f'<p class="cds-note-box">{esc(t("reorg_short", lang))} '
                f'<a href="#reorganisation">{esc(t("reorg_link", lang))}</a></p>'
            )
    return _section("areas", t("sec_areas", lang), body)


def _area_block(line: TargetLine, lang: str) -> str:
    target = line.target
    frame = line.areas
    level = target["level"]
    title = f'<h3><span class="cds-code">{esc(line.code)}</span> {esc(line.name)}</h3>'
    note = ""
    if line.area_scope == "province":
        note = f'<p class="cds-muted">{esc(t("province_scope_note", lang))}</p>'
    what = _level_words(level, lang)
    figures = []
    if level == "district":
        fig = charts.plot_areas(
            frame,
            target=float(target["target"]),
            unit=target["unit"],
            direction=int(target["direction"]),
            lang=lang,
            target_label=line.target_text,
        )
        alt = t("figure_alt_areas", lang, n=len(frame), what=what, name=line.name)
        figures.append(figure_html(fig, alt))
        values = dict(zip(frame["geo_code"], frame["latest_value"], strict=True))
        statuses = dict(zip(frame["geo_code"], frame["status"], strict=True))
    else:
        fig = charts.plot_area_strip(
            frame,
            group="district",
            target=float(target["target"]),
            unit=target["unit"],
            lang=lang,
            target_label=line.target_text,
        )
        alt = t("figure_alt_strip", lang, name=line.name)
        figures.append(figure_html(fig, alt))
        medians = frame[frame["district_code"].notna()].groupby("district_code")["latest_value"]
        values = medians.median().to_dict()
        statuses = {}
    tile = charts.tile_map(values, statuses=statuses or None, unit=target["unit"], lang=lang)
    tile_alt = t("figure_alt_tiles", lang, name=line.name)
    tile_caption = esc(t("median_areas", lang)) if level != "district" else ""
    figures.append(figure_html(tile, tile_alt, tile_caption))
    return (
        f'<div class="cds-area-block">{title}{note}<div class="cds-figures">'
        + "".join(figures)
        + "</div></div>"
    )


def _crosses_reorganisation(ctx: BriefContext) -> bool:
    shown = ctx.shown
    after = (shown["period_end"].astype(str).str[:10] >= REORGANISATION.isoformat()).any()
    new_units = (shown["geo_vintage"] == "2025-07-01").any()
    as_of_after = ctx.as_of_date is not None and ctx.as_of_date >= REORGANISATION
    has_areas = any(len(line.areas) for line in ctx.lines)
    return bool(after or new_units or (as_of_after and has_areas))


def reorganisation_section(ctx: BriefContext) -> str:
    """The note on the 1/7/2025 reorganisation, only when the brief's data cross that date."""
    if not _crosses_reorganisation(ctx):
        return ""
    lang = ctx.lang
    after = int((ctx.shown["period_end"].astype(str).str[:10] >= REORGANISATION.isoformat()).sum())
    body = f"<p>{esc(t('reorg_text', lang))}</p>"
    if after:
        body += f"<p>{esc(t('reorg_rows', lang, n=after))}</p>"
    return _section("reorganisation", t("sec_reorg", lang), body, extra_class="cds-note-section")


def _provenance_words(value: str, lang: str) -> str:
    if value in ("official", "published", "synthetic"):
        return t(f"provenance_{value}", lang)
    return value


def quality_section(ctx: BriefContext) -> str:
    """Sources, coverage and freshness, quarantined records touching the brief, cleaning totals."""
    lang = ctx.lang
    parts = []
    shown = ctx.shown
    parts.append(f"<h3>{esc(t('quality_sources', lang))}</h3>")
    if shown.empty:
        parts.append(f'<p class="cds-muted">{esc(t("no_sources", lang))}</p>')
    else:
        rows = []
        grouped = shown.groupby(["source", "provenance"], sort=True, dropna=False)
        # Official first, then published, then synthetic; the largest sources first within each.
        rank = {"official": 0, "published": 1, "synthetic": 2}
        groups = sorted(grouped, key=lambda g: (rank.get(g[0][1], 3), -len(g[1]), g[0][0]))
        for (source, provenance), group in groups:
            labels = sorted(set(group["period"]))
            periods = f"{period_label(labels[0], lang)} – {period_label(labels[-1], lang)}"
            if len(labels) == 1:
                periods = period_label(labels[0], lang)
            files = sorted(set(group["source_file"]) - {""})
            file_text = ", ".join(files[:3]) + (f" (+{len(files) - 3})" if len(files) > 3 else "")
            rows.append(
                [
                    _source_html(source),
                    esc(_provenance_words(provenance, lang)),
                    esc(format_number(len(group), lang, 0)),
                    esc(periods),
                    f'<span class="cds-file">{esc(file_text)}</span>',
                ]
            )
        headers = [
            t("col_source", lang),
            t("col_provenance", lang),
            t("col_values", lang),
            t("col_periods", lang),
            t("col_files", lang),
        ]
        parts.append(_table(headers, rows, cls="cds-sources", reflow=True))

    parts.append(f"<h3>{esc(t('quality_coverage', lang))}</h3>")
    parts.append(_coverage_table(ctx))

    parts.append(f"<h3>{esc(t('quality_quarantine', lang))}</h3>")
    parts.append(_quarantine_html(ctx))

    report = ctx.clean_report
    if report and "records_read" in report:
        parts.append(
            "<p>"
            + esc(
                t(
                    "quality_clean",
                    lang,
                    read=format_number(report.get("records_read", 0), lang, 0),
                    clean=format_number(report.get("records_clean", 0), lang, 0),
                    quarantined=format_number(report.get("records_quarantined", 0), lang, 0),
                    no_data=format_number(report.get("records_no_data", 0), lang, 0),
                    duplicate=format_number(report.get("records_duplicate", 0), lang, 0),
                )
            )
            + "</p>"
        )
    return _section("quality", t("sec_quality", lang), "".join(parts))


_URL = re.compile(r"https?://[^\s<>\"']+")


def _source_html(source: Any) -> str:
    """A source's words, escaped, with any http(s) address made a plain link."""
    text = "" if _missing(source) else str(source)
    if not text:
        return "–"
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(esc(text[last : match.start()]))
        url = match.group(0).rstrip(".,;)")
        out.append(f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>')
        out.append(esc(match.group(0)[len(url) :]))
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _coverage_table(ctx: BriefContext) -> str:
    lang = ctx.lang
    rows = []
    for line in ctx.lines:
        if len(line.areas):
            series = line.areas
            with_data = int((series["n_points"] > 0).sum())
            total = len(series)
            years = [y for ys in series["years"] for y in (ys or [])]
            latest = max((p for p in series["latest_period"] if isinstance(p, str)), default="")
            flags = []
            if series["partial_year"].any():
                flags.append(t("partial_year", lang))
            if series["synthetic"].any():
                flags.append(t("synthetic", lang))
        else:
            head = line.head
            with_data = 1 if _has_data(head) else 0
            total = 1
            years = list(head.get("years") or []) if head else []
            latest = (head or {}).get("latest_period") or ""
            flags = list(line.notes)
            if head and head.get("synthetic"):
                flags.append(t("synthetic", lang))
        span = f"{min(years)}–{max(years)}" if years else "–"
        if years and min(years) == max(years):
            span = str(years[0])
        rows.append(
            [
                f'<span class="cds-code">{esc(line.code)}</span>',
                esc(line.short_name),
                esc(f"{with_data}/{total}"),
                esc(span),
                esc(period_label(latest, lang) if latest else "–"),
                esc(", ".join(dict.fromkeys(flags))) or "–",
            ]
        )
    headers = [
        t("col_code", lang),
        t("col_target_name", lang),
        t("col_series", lang),
        t("col_years", lang),
        t("col_latest_period", lang),
        t("col_flags", lang),
    ]
    return _table(headers, rows, cls="cds-coverage")


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


def _quarantine_html(ctx: BriefContext) -> str:
    lang = ctx.lang
    rows = quarantined_for(ctx)
    if rows.empty:
        return f'<p class="cds-muted">{esc(t("quarantine_none", lang))}</p>'
    parts = [f"<p>{esc(t('quarantine_some', lang, n=format_number(len(rows), lang, 0)))}</p>"]
    counts = rows.groupby("reason_code").size().sort_values(ascending=False)
    parts.append(
        '<ul class="cds-reasons">'
        + "".join(
            f"<li><code>{esc(code)}</code>: {esc(format_number(n, lang, 0))}</li>"
            for code, n in counts.items()
        )
        + "</ul>"
    )
    table_rows = []
    for record in rows.head(QUARANTINE_ROWS_SHOWN).to_dict("records"):
        where = f"{record.get('source_file', '')} {record.get('source_ref', '')}".strip()
        table_rows.append(
            [
                f'<span class="cds-file">{esc(where)}</span>',
                esc(record.get("indicator_raw")),
                esc(record.get("area_raw")),
                esc(record.get("value_raw")),
                esc(record.get("reason")) or esc(record.get("reason_code")),
            ]
        )
    headers = [
        t("col_file_ref", lang),
        t("col_indicator", lang),
        t("col_area", lang),
        t("col_value", lang),
        t("col_reason", lang),
    ]
    parts.append(_table(headers, table_rows, cls="cds-quarantine", reflow=True))
    if len(rows) > QUARANTINE_ROWS_SHOWN:
        parts.append(
            f'<p class="cds-muted">{esc(t("quarantine_more", lang, shown=QUARANTINE_ROWS_SHOWN))}'
            "</p>"
        )
    return "".join(parts)


def method_section(ctx: BriefContext) -> str:
    """How progress is assessed: the Statistics Canada / Open SDG measure and the linear view."""
    lang = ctx.lang
    legend = "".join(f"<li>{_status_badge(s, lang)}</li>" for s in i18n.STATUS_ORDER)
    body = (
        f"<p>{esc(t('method_text_1', lang))}</p><p>{esc(t('method_text_2', lang))}</p>"
        f'<p>{esc(t("method_text_3", lang))}</p><ul class="cds-legend">{legend}</ul>'
    )
    return _section("method", t("sec_method", lang), body)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would read as a formula with "'".

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        A copy; numeric columns are never altered.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"a": ["=1+1", "ok"], "v": [-1.0, 2.0]}))["a"].tolist()
    ["'=1+1", 'ok']
    """
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]):
            continue
        out[column] = out[column].map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
        )
    return out


def brief_csv(ctx: BriefContext) -> bytes:
    """The brief's own data as CSV bytes (UTF-8 with BOM, formula-neutralised text cells)."""
    frame = neutralise_formulas(ctx.shown[OBSERVATION_COLUMNS])
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _size_text(n_bytes: int, lang: str) -> str:
    if n_bytes < 1024:
        return f"{n_bytes} B"
    return f"{format_number(n_bytes / 1024, lang, 0)} KB"


def data_section(ctx: BriefContext) -> str:
    """The brief's data as an embedded CSV download (a ``data:text/csv;base64`` link)."""
    lang = ctx.lang
    data = brief_csv(ctx)
    encoded = base64.b64encode(data).decode("ascii")
    name = f"cds-{ctx.sector or 'overview'}-{lang}.csv"
    rows = format_number(len(ctx.shown), lang, 0)
    words = t("download", lang, rows=rows, size=_size_text(len(data), lang))
    link = (
        f'<a class="cds-download" download="{esc(name)}" '
        f'href="data:text/csv;charset=utf-8;base64,{encoded}">{esc(words)}</a>'
    )
    body = f'<p>{link}</p><p class="cds-muted">{esc(t("download_help", lang))}</p>'
    return _section("data", t("sec_data", lang), body)


def footer(ctx: BriefContext) -> str:
    """Provenance line at the foot of the brief."""
    source = ctx.plan.meta.get("source") or ""
    text = t("footer", ctx.lang, version=__version__, source=source)
    return f'<footer class="cds-footer"><p>{esc(text)}</p></footer>'


def summary(ctx: BriefContext) -> dict:
    """Facts about the brief for the index page: title, counts, as-of, vintage, synthetic."""
    return {
        "kind": "overview" if ctx.sector is None else "sector",
        "sector": ctx.sector or "overview",
        "lang": ctx.lang,
        "title": ctx.title,
        "counts": ctx.counts,
        "n_targets": len(ctx.lines),
        "as_of": ctx.as_of_date.isoformat() if ctx.as_of_date else None,
        "as_of_text": _as_of_text(ctx),
        "vintage": ctx.vintage.isoformat() if ctx.vintage else None,
        "synthetic": ctx.synthetic,
    }


def publish_summary(ctx: BriefContext) -> None:
    """Display the brief's summary as data the exporter and the index read (not shown)."""
    from IPython.display import display

    facts = summary(ctx)
    display(
        {SUMMARY_MIMETYPE: facts, "text/plain": json.dumps(facts, ensure_ascii=False)}, raw=True
    )


# --------------------------------------------------------------------------------------------
# Overview sections
# --------------------------------------------------------------------------------------------


def status_grid_section(ctx: BriefContext) -> str:
    """Sector × target status grid (targets that apply to sectors)."""
    lang = ctx.lang
    plan = ctx.plan
    sector_ids = list(plan.sectors["id"])
    name_key = "name_vi" if lang == "vi" else "name_en"
    cells = []
    row_order, row_labels = [], {}
    targets = _records(plan.targets)
    codes = [t_["code"] or t_["id"] for t_ in targets]
    for target, code in zip(targets, codes, strict=True):
        listed = [s for s in target["sectors"] if s in sector_ids]
        if not listed:
            continue
        if code not in row_labels:
            row_order.append(code)
            name = str(target[name_key])
            if codes.count(code) > 1:
                # One code, one target per sector (E2): the words they share.
                name = name.split(":")[0]
            row_labels[code] = f"{code} {short_name(name, 24)}"
        rows = ctx.assessment[ctx.assessment["target_id"] == target["id"]]
        for sector in listed:
            own = _records(rows[rows["sector"] == sector])
            if len(listed) == 1 and not any(_has_data(r) for r in own):
                own = _records(rows[rows["sector"] == ""])
            if target["level"] == "province":
                head = next((r for r in own if _has_data(r)), own[0] if own else None)
                status = head["status"] if head else "not_available"
            else:
                status = _aggregate(own)[0]
            cells.append({"target": code, "sector": sector, "status": status})
    if not cells:
        return ""
    frame = pd.DataFrame(cells)
    sector_labels = dict(zip(plan.sectors["id"], plan.sectors[name_key], strict=True))
    fig = charts.plot_status_grid(
        frame,
        rows="target",
        cols="sector",
        lang=lang,
        row_labels=row_labels,
        col_labels={k: short_name(v, 20) for k, v in sector_labels.items()},
        row_order=row_order,
        col_order=sector_ids,
    )
    counts = count_statuses(frame["status"])
    words = counts_sentence(counts, lang, noun="ô" if lang == "vi" else "cells")
    body = f"<p>{esc(words)}</p>" + figure_html(fig, t("grid_alt", lang), wide=True)
    return _section("grid", t("sec_grid", lang), body)


def milestone_section(ctx: BriefContext) -> str:
    """The 2023 milestone: share of agencies that issued their movement plan, by sector."""
    lang = ctx.lang
    plan = ctx.plan
    milestone = plan.milestones[plan.milestones["target_id"].notna()]
    if milestone.empty:
        return ""
    target_id = milestone.iloc[0]["target_id"]
    rows = ctx.assessment[ctx.assessment["target_id"] == target_id]
    if rows.empty:
        return ""
    target = _records(plan.targets[plan.targets["id"] == target_id])[0]
    name_key = "name_vi" if lang == "vi" else "name_en"
    records = []
    province = _records(rows[rows["sector"] == ""])
    if province:
        records.append(
            {
                "label": t("province_wide", lang).capitalize(),
                "latest_value": province[0]["latest_value"],
                "status": province[0]["status"],
            }
        )
    for sector in _records(plan.sectors):
        own = _records(rows[rows["sector"] == sector["id"]])
        head = next((r for r in own if _has_data(r)), own[0] if own else None)
        records.append(
            {
                "label": short_name(sector[name_key], 26),
                "latest_value": head["latest_value"] if head else None,
                "status": head["status"] if head else "not_available",
            }
        )
    frame = pd.DataFrame(records)
    if frame["latest_value"].isna().all():
        body = f'<p class="cds-muted">{esc(t("milestone_none", lang))}</p>'
        return _section("milestone", t("sec_milestone", lang), body)
    deadline = format_date(target["deadline"], lang)
    intro = f"{target[name_key]}. " + (
        f"Mục tiêu: {format_value(target['target'], 'percent', lang)} trước {deadline}."
        if lang == "vi"
        else f"Target: {format_value(target['target'], 'percent', lang)} by {deadline}."
    )
    fig = charts.plot_milestone(
        frame,
        target=float(target["target"]),
        lang=lang,
        target_label=format_target(">=", target["target"], "percent", "level", lang),
    )
    body = f"<p>{esc(intro)}</p>" + figure_html(fig, t("figure_alt_milestone", lang))
    return _section("milestone", t("sec_milestone", lang), body)


def emulation_table(
    assessment: pd.DataFrame,
    previous: pd.DataFrame | None,
    plan: Any,
    *,
    by: str,
    lang: str = "vi",
) -> pd.DataFrame:
    """Rank the district-level areas or the sector departments by mean progress score.

    Parameters
    ----------
    assessment : pandas.DataFrame
        :func:`cdsanalysis.assess` now.
    previous : pandas.DataFrame or None
        The same at the previous review (as of the end of the previous year).
    plan : Plan
    by : {"area", "sector"}
        Areas: every district-level series, one per target and area. Sectors: each sector's
        series, its areas rolled up to one status per target.
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    pandas.DataFrame
        Columns ``key``, ``name``, ``rank``, ``score``, ``n``, ``met``, ``on_track``,
        ``behind``, ``not_available``, ``previous_rank``, ``change`` (places gained; NaN when the
        unit was not ranked before), best first.
    """

    def units(frame: pd.DataFrame) -> pd.DataFrame:
        records = []
        if by == "area":
            part = frame[frame["geo_level"] == "district"]
            for (code, _target), group in part.groupby(["geo_code", "target_id"], sort=True):
                rows = _records(group)
                status, score, _, _ = _aggregate(rows)
                records.append(
                    {"key": code, "name": rows[0].get("geo_name"), "status": status, "score": score}
                )
        else:
            name_key = "name_vi" if lang == "vi" else "name_en"
            names = dict(zip(plan.sectors["id"], plan.sectors[name_key], strict=True))
            part = frame[frame["sector"].isin(list(names))]
            for (sector, _target), group in part.groupby(["sector", "target_id"], sort=True):
                status, score, _, _ = _aggregate(_records(group))
                records.append(
                    {"key": sector, "name": names[sector], "status": status, "score": score}
                )
        return pd.DataFrame(records, columns=["key", "name", "status", "score"])

    def ranked(frame: pd.DataFrame) -> pd.DataFrame:
        per = units(frame)
        out = []
        for key, group in per.groupby("key", sort=True):
            scores = group["score"].dropna()
            statuses = list(group["status"])
            names = [n for n in group["name"] if isinstance(n, str) and n]
            out.append(
                {
                    "key": key,
                    "name": names[0] if names else key,
                    "score": float(scores.mean()) if len(scores) else float("nan"),
                    "n": len(group),
                    "met": statuses.count("target_achieved"),
                    "on_track": statuses.count("substantial_progress"),
                    "behind": sum(
                        statuses.count(s)
                        for s in ("moderate_progress", "limited_progress", "deterioration")
                    ),
                    "not_available": statuses.count("not_available"),
                }
            )
        table = pd.DataFrame(
            out,
            columns=[
                "key",
                "name",
                "score",
                "n",
                "met",
                "on_track",
                "behind",
                "not_available",
            ],
        )
        table = table.sort_values(["score", "met", "name"], ascending=[False, False, True])
        scored = table["score"].notna()
        table["rank"] = pd.Series(dtype="Int64")
        table.loc[scored, "rank"] = range(1, int(scored.sum()) + 1)
        return table.reset_index(drop=True)

    now = ranked(assessment)
    if previous is not None and len(previous):
        before = ranked(previous)[["key", "rank"]].rename(columns={"rank": "previous_rank"})
        now = now.merge(before, on="key", how="left")
    else:
        now["previous_rank"] = pd.NA
    now["change"] = [
        float(p - r) if not (_missing(p) or _missing(r)) else float("nan")
        for p, r in zip(now["previous_rank"], now["rank"], strict=True)
    ]
    return now


def emulation_section(ctx: BriefContext) -> str:
    """The emulation table (bảng xếp hạng thi đua): areas and sector departments."""
    lang = ctx.lang
    previous_label = (
        format_date(dt.date(ctx.as_of_date.year - 1, 12, 31), lang) if ctx.as_of_date else "–"
    )
    parts = [f"<p>{esc(t('emulation_intro', lang, previous=previous_label))}</p>"]
    headers = [
        t("col_rank", lang),
        t("col_unit", lang),
        t("col_score", lang),
        "✔ " + t("col_met", lang),
        "▲ " + t("col_on_track", lang),
        t("col_behind", lang),
        "? " + t("col_na", lang),
        t("col_change", lang),
    ]
    for by, title in (("area", "emulation_areas"), ("sector", "emulation_sectors")):
        table = emulation_table(ctx.assessment, ctx.previous, ctx.plan, by=by, lang=lang)
        parts.append(f"<h3>{esc(t(title, lang))}</h3>")
        if table.empty or table["score"].isna().all():
            parts.append(f'<p class="cds-muted">{esc(t("emulation_none", lang))}</p>')
            continue
        rows = []
        for record in _records(table):
            name = record["name"]
            if by == "area":
                name = charts.short_area_name(name)
            rows.append(
                [
                    esc(record["rank"] if record["rank"] is not None else "–"),
                    esc(name),
                    esc(format_number(record["score"], lang, 2))
                    if record["score"] is not None
                    else "–",
                    esc(record["met"]),
                    esc(record["on_track"]),
                    esc(record["behind"]),
                    esc(record["not_available"]),
                    esc(change_text(record["change"], lang)),
                ]
            )
        # A compact numeric table: it scrolls inside its box on a phone rather than reflow.
        parts.append(_table(headers, rows, cls="cds-emulation"))
    return _section("emulation", t("sec_emulation", lang), "".join(parts))
