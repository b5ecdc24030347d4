"""The final review of a brief, and the real figures it shows.

Once the plan has ended (the assessment's ``review`` is "final") a brief leads with the final
review: per target the verdict at the deadline, the value and period it rests on, what it rests
on (source and grade, or "synthetic"), the latest earlier value where there is no value for the
deadline, a conflicting source beside the kept value, and the progress status beside it as how
the target moved. The table of real figures lists every official or published value the brief's
charts draw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.briefs import cells, templating
from cdsanalysis.briefs.charts.marks import mark_of
from cdsanalysis.briefs.content import BriefContext
from cdsanalysis.briefs.markup import chips_html, data_table_html, section_html
from cdsanalysis.briefs.narrative import format_date, format_value, period_label
from cdsanalysis.briefs.provenance import REAL
from cdsanalysis.briefs.scoreboard import TargetLine
from cdsanalysis.briefs.verdicts import (
    VERDICT_COLOURS,
    VERDICT_ICONS,
    VERDICTS,
    verdict_piece,
)


def plan_deadline(ctx: BriefContext) -> dt.date:
    """The plan's latest deadline (the end of the plan period)."""
    deadlines = pd.to_datetime(ctx.plan.targets["deadline"].astype(str), errors="coerce")
    return deadlines.max().date()


def verdict_counts(lines: Sequence[TargetLine]) -> dict[str, int]:
    """Number of lines by verdict (met, not met, no data at the deadline)."""
    counts = dict.fromkeys(VERDICTS, 0)
    for line in lines:
        if line.verdict.verdict in counts:
            counts[line.verdict.verdict] += 1
    return counts


def verdict_chips(lines: Sequence[TargetLine], lang: str) -> str:
    """A row of chips, one per verdict present: icon, words and count ("" when there is none)."""
    return chips_html(
        (n, VERDICT_COLOURS[v], VERDICT_ICONS[v], i18n.label(f"verdict_{v}", lang))
        for v, n in verdict_counts(lines).items()
    )


def verdict_sentence(lines: Sequence[TargetLine], lang: str) -> str:
    """ "At the deadline: 3 of 9 targets met, 4 not met, 2 without data." """
    counts = verdict_counts(lines)
    return i18n.label(
        "final_counts",
        lang,
        n=sum(counts.values()),
        met=counts["met"],
        not_met=counts["not_met"],
        no_data=counts["no_data"],
    )


def _verdict_cells(line: TargetLine, lang: str) -> list[cells.Cell]:
    verdict = line.verdict
    result: list[Any] = [verdict_piece(verdict)]
    if verdict.note:
        result.append(cells.sub(verdict.note))
    value: list[Any]
    if verdict.verdict == "no_data":
        value = [cells.sub(verdict.earlier) if verdict.earlier else cells.DASH]
    else:
        value = [cells.strong(cells.text(verdict.value))]
        if verdict.period:
            value.append(cells.sub(verdict.period))
    basis: list[Any] = [cells.or_dash(verdict.rests_on)]
    if verdict.source:
        basis.append(cells.sub(*cells.source(verdict.source, verdict.provenance), cls="cds-source"))
    if line.conflict_text:
        basis.append(cells.sub(line.conflict_text, cls="cds-conflict"))
    name = [
        cells.span("cds-name", line.name),
        cells.sub(f"{cells.text(line.target_text)} · {cells.text(line.deadline_text)}"),
    ]
    return [cells.code(line.code), name, result, value, basis, cells.status(line.status, lang)]


def final_review_section(ctx: BriefContext) -> str:
    """The final review, leading the brief once the plan has ended ("" before then)."""
    if not ctx.final:
        return ""
    lang = ctx.lang
    reach = period_label(ctx.as_of, lang) if str(ctx.as_of).lower() != "latest" else "–"
    if ctx.reach_date is not None and str(ctx.as_of).lower() == "latest":
        reach = format_date(ctx.reach_date, lang)
    intro = i18n.label(
        "final_intro", lang, deadline=format_date(plan_deadline(ctx), lang), reach=reach
    )
    headers = [
        i18n.label("col_code", lang),
        i18n.label("col_target_name", lang),
        i18n.label("col_verdict", lang),
        i18n.label("col_verdict_value", lang),
        i18n.label("col_rests_on", lang),
        i18n.label("col_moved", lang),
    ]
    # Context indicators have no target, so no verdict: they stay out of the final review.
    rows = [_verdict_cells(line, lang) for line in ctx.lines if line.verdict.verdict]
    body = templating.render(
        "review_final.html.j2",
        intro=intro,
        sentence=verdict_sentence(ctx.lines, lang),
        table=templating.html(data_table_html(headers, rows, cls="cds-final", reflow=True)),
    )
    return section_html("final", i18n.label("sec_final", lang), body)


def real_points(lines: Sequence[TargetLine]) -> list[tuple[TargetLine, dict]]:
    """Every official or published point the brief's charts draw, by line."""
    out = []
    for line in lines:
        for point in [*line.points, *line.context_points]:
            if point["provenance"] in REAL:
                out.append((line, point))
    return out


def _figure_row(
    first: cells.Cell, value: str, point: Mapping[str, Any], lang: str
) -> list[cells.Cell]:
    """One row of a table of figures: what it is, value, period, kind, grade and source."""
    kind = i18n.label(f"mark_{mark_of(point['provenance'], point['period_kind'])}", lang)
    return [
        first,
        cells.strong(cells.text(value)),
        cells.text(period_label(point["period"], lang)),
        kind,
        cells.or_dash(point["grade"]),
        cells.source(point["source"], point["provenance"]),
    ]


def _figures_table(first_header: str, rows: list[list[cells.Cell]], lang: str) -> str:
    headers = [
        first_header,
        *(i18n.label(k, lang) for k in ("col_real_value", "col_periods", "col_provenance")),
        *(i18n.label(k, lang) for k in ("col_grade", "col_source")),
    ]
    return data_table_html(headers, rows, cls="cds-sources cds-real", reflow=True)


def figures_block(title: str, note: str, table: str) -> str:
    """A table of figures (HTML the package built, may be "") under a heading, after a note.

    Parameters
    ----------
    title : str
        Plain text of the ``<h3>`` heading; "" for none.
    note : str
        Plain text of a muted paragraph before the table; "" for none.
    table : str
        The table's HTML (:func:`_figures_table`), or "".

    Returns
    -------
    str

    Examples
    --------
    >>> print(figures_block("A < B", "none yet", ""))
    <h3>A &lt; B</h3><p class="cds-muted">none yet</p>
    """
    return templating.render(
        "review_figures.html.j2", title=title, note=note, table=templating.html(table)
    )


def real_values_html(ctx: BriefContext) -> str:
    """The table of real figures: value, period, kind, grade and source of each one drawn."""
    lang = ctx.lang
    title = i18n.label("quality_real", lang)
    found = real_points(ctx.lines)
    if not found:
        return figures_block(title, i18n.label("quality_real_none", lang), "")
    rows = [
        _figure_row(
            cells.code(line.code),
            format_value(point["value"], line.target["unit"], lang, kind=line.target["kind"]),
            point,
            lang,
        )
        for line, point in found
    ]
    return figures_block(title, "", _figures_table(i18n.label("col_code", lang), rows, lang))


def context_values_html(ctx: BriefContext) -> str:
    """The context figures (indicators of the catalogue with no target): every value shown, with
    its period, kind, grade and source; nothing when the brief's data hold none."""
    points = ctx.yearly
    if points is None or points.empty:
        return ""
    targets = ctx.plan.targets.set_index("id")
    context = targets.index[targets["kind"] == "context"]
    if ctx.sector is not None:
        mine = targets["sectors"].map(lambda ids: not ids or ctx.sector in ids)
        context = [i for i in context if mine[i]]
    rows_of = points[points["target_id"].isin(context)].sort_values(["target_id", "period_end"])
    if rows_of.empty:
        return ""
    lang = ctx.lang
    name_key = "name_vi" if lang == "vi" else "name_en"
    rows = []
    for point in rows_of.to_dict("records"):
        target = targets.loc[point["target_id"]]
        where = "" if point["geo_level"] == "province" else f" · {point['geo_name']}"
        value = format_value(point["value"], target["unit"], lang, kind="level")
        rows.append(_figure_row(f"{target[name_key]}{where}", value, point, lang))
    table = _figures_table(i18n.label("col_context_indicator", lang), rows, lang)
    note = i18n.label("quality_context_note", lang)
    return figures_block(i18n.label("quality_context", lang), note, table)


def median_points(areas: pd.DataFrame, median: dict) -> list[dict]:
    """The median of the areas, year by year, marked when every area shares one provenance."""
    provenances = {str(p) for p in areas.get("provenance", pd.Series(dtype=str)) if p}
    mark = mark_of(provenances.pop()) if len(provenances) == 1 else ""
    return [
        {"year": y, "value": v, "mark": mark, "measure": "", "chosen": True, "grade": ""}
        for y, v in zip(median["years"], median["values"], strict=True)
    ]
