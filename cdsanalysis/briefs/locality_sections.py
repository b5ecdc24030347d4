"""The sections of a district brief that the sector briefs do not have.

The header, the first screen, the final review, the charts and the appendix come from
:mod:`cdsanalysis.briefs.sections` (an :class:`~cdsanalysis.briefs.locality.AreaContext` is a
brief context). This module adds what is the area's own: its scoreboard with its place on each
target, its place among the districts of its list, its gaps, and its communes before and after
1/7/2025. Every data string is escaped: the HTML comes from the ``area_*`` templates
(:mod:`cdsanalysis.briefs.templating`).
"""

from __future__ import annotations

from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.briefs import cells, templating
from cdsanalysis.briefs.chart_view import Chart, line_chart
from cdsanalysis.briefs.charts.areas import short_area_name
from cdsanalysis.briefs.frames import as_records, is_blank
from cdsanalysis.briefs.locality import AreaContext, peer_band, target_rank
from cdsanalysis.briefs.markup import data_table_html, muted, paragraphs, section_html
from cdsanalysis.briefs.narrative import (
    format_date,
    format_share,
    format_value,
    gap_text,
    period_label,
)
from cdsanalysis.briefs.overview import final_ranking_headers
from cdsanalysis.briefs.params import COMMUNES_RANKING
from cdsanalysis.briefs.provenance import grade_of
from cdsanalysis.briefs.review import _figure_row, _figures_table, figures_block
from cdsanalysis.briefs.scoreboard import TargetLine
from cdsanalysis.briefs.sections import (
    _line_cells,
    _scoreboard_headers,
    appendix,
    data_section,
    method_section,
)

#: The years a district's series is expected to cover (base year to the level's end).
AREA_YEARS = (2022, 2023, 2024, 2025)


def area_intro(ctx: AreaContext) -> str:
    """One paragraph under the header: the unit list and the end of the district level."""
    text = i18n.label("area_intro", ctx.lang, list=ctx.list_text)
    return paragraphs([text], cls="cds-muted cds-area-intro")


def area_charts(ctx: AreaContext) -> list[Chart | None]:
    """One chart per line: the area's series, the province-wide one, the districts' middle half."""
    return [
        line_chart(line, ctx.lang, band=peer_band(ctx.peer_rows, line.target["id"]))
        for line in ctx.lines
    ]


def _place_text(ctx: AreaContext, line: TargetLine) -> str:
    place = target_rank(ctx.peer_rows, line, ctx.area_code)
    if place is None:
        return "–"
    return i18n.label("place_of", ctx.lang, place=place[0], n=place[1])


def area_scoreboard_section(ctx: AreaContext) -> str:
    """The area's targets: value, target, deadline, status, the province's value, its place."""
    lang = ctx.lang
    if not ctx.lines:
        body = muted(i18n.label("area_no_lines", lang))
        return section_html("scoreboard", i18n.label("sec_area_scoreboard", lang), body)
    headers = [*_scoreboard_headers(lang, True), i18n.label("col_place", lang)]
    rows = [
        [*_line_cells(line, lang, context_column=True), cells.text(_place_text(ctx, line))]
        for line in ctx.lines
    ]
    table = data_table_html(headers, rows, cls="cds-scoreboard", reflow=True)
    skip = "cds-print-skip" if ctx.final else ""
    title = i18n.label("sec_area_scoreboard", lang)
    return section_html("scoreboard", title, table, extra_class=skip)


def _unit_headers(lang: str) -> list[str]:
    """The emulation table's headers on the final results, and the mean attainment."""
    return [*final_ranking_headers(lang), i18n.label("col_attainment", lang)]


def _peer_row(record: dict, own: bool, lang: str) -> list[cells.Cell]:
    """One unit of a ranking (a district or a commune), the area's own row marked."""
    name: Any = cells.text(short_area_name(record["geo_name"]))
    if own:
        name = [
            cells.strong(name),
            " ",
            cells.span("cds-tag", "◀ " + i18n.label("peers_this", lang)),
        ]
    return [
        cells.DASH if is_blank(record["rank"]) else cells.text(record["rank"]),
        name,
        cells.text(record["n_met"]),
        cells.text(record["n_not_met"]),
        cells.text(record["n_no_data"]),
        format_share(record["share_met"], lang),
        format_share(record["mean_attainment"], lang),
    ]


def peers_section(ctx: AreaContext) -> str:
    """The emulation table of the area's list seen from the area, and its place on each target."""
    lang = ctx.lang
    own = ctx.own_rank
    name = ctx.area_name
    if own is None or is_blank(own.get("rank")):
        sentence = i18n.label("peers_unranked", lang, name=name)
    else:
        sentence = i18n.label(
            "peers_sentence",
            lang,
            name=name,
            rank=own["rank"],
            n=own["rank_of"],
            list=ctx.list_text,
            met=own["n_met"],
            not_met=own["n_not_met"],
            no_data=own["n_no_data"],
        )
    headers = _unit_headers(lang)
    rows = [_peer_row(r, r["geo_code"] == ctx.area_code, lang) for r in as_records(ctx.peers)]
    body = templating.render(
        "area_peers.html.j2",
        sentence=sentence,
        table=templating.html(data_table_html(headers, rows, cls="cds-emulation", reflow=True)),
        rule=i18n.label("peers_rule", lang),
        places_title=i18n.label("peers_targets", lang),
        places=templating.html(_target_places(ctx)),
    )
    return section_html("peers", i18n.label("sec_area_peers", lang), body)


def _target_places(ctx: AreaContext) -> str:
    """Per target: the area's value and place, the districts' median and the highest ("" when
    the area has no target; the peers' template heads it)."""
    lang = ctx.lang
    headers = [
        i18n.label("col_code", lang),
        i18n.label("col_target_name", lang),
        i18n.label("col_latest", lang),
        i18n.label("col_place", lang),
        i18n.label("col_peer_median", lang),
        i18n.label("col_best", lang),
    ]
    rows = []
    column = "verdict_value" if ctx.final else "latest_value"
    for line in ctx.lines:
        peers = ctx.peer_rows[ctx.peer_rows["target_id"] == line.target["id"]]
        values = peers[column].dropna()
        unit, kind = line.target["unit"], line.target["kind"]
        median = format_value(values.median(), unit, lang, kind=kind) if len(values) else "–"
        best = "–"
        if len(values):
            best_at = values.idxmax() if int(line.target["direction"]) > 0 else values.idxmin()
            best_name = short_area_name(peers.loc[best_at, "geo_name"])
            best = f"{format_value(values[best_at], unit, lang, kind=kind)} ({best_name})"
        own = line.verdict.value if ctx.final and line.verdict.value else line.value_text
        rows.append(
            [
                cells.code(line.code),
                cells.text(line.short_name),
                cells.strong(own),
                cells.text(_place_text(ctx, line)),
                cells.text(median),
                cells.text(best),
            ]
        )
    if not rows:
        return ""
    return data_table_html(headers, rows, cls="cds-emulation", reflow=True)


def area_context_rows(ctx: AreaContext):
    """The area's own figures of the catalogue's context indicators (no target): real
    (official or published) readings, each with its place among the districts' readings of
    the same indicator and period."""
    obs = ctx.observations
    targets = ctx.plan.targets
    context = set(targets.loc[targets["kind"] == "context", "id"])
    districts = obs[
        obs["indicator_id"].isin(context)
        & (obs["geo_level"] == "district")
        & (obs["geo_vintage"] == ctx.area_vintage)
    ]
    return districts, districts[districts["geo_code"] == ctx.area_code]


def area_context_section(ctx: AreaContext) -> str:
    """The area's context figures (the Bộ chỉ số 766 score...), with source, grade and place:
    real figures are shown whatever the synthetic ones say ("" when the area has none)."""
    lang = ctx.lang
    districts, mine = area_context_rows(ctx)
    if mine.empty:
        return ""
    targets = ctx.plan.targets.set_index("id")
    name_key = "name_vi" if lang == "vi" else "name_en"
    rows = []
    for record in as_records(mine.sort_values(["indicator_id", "period_end"])):
        target = targets.loc[record["indicator_id"]]
        same = districts[
            (districts["indicator_id"] == record["indicator_id"])
            & (districts["period"] == record["period"])
        ]
        direction = int(target["direction"] or 1)
        first: list = [cells.text(target[name_key])]
        # A place among a few readings of that period (one district's weekly figure) says
        # nothing: it is given when at least three districts have one.
        if len(same) >= 3:
            place = 1 + int((same["value"] * direction > record["value"] * direction).sum())
            where = i18n.label("place_of", lang, place=place, n=len(same))
            first.append(cells.sub(where))
        value = format_value(record["value"], target["unit"], lang, kind="level")
        point = dict(record, grade=grade_of(record.get("note")))
        rows.append(_figure_row(first, value, point, lang))
    table = _figures_table(i18n.label("col_context_indicator", lang), rows, lang)
    body = figures_block("", i18n.label("quality_context_note", lang), table)
    return section_html("context", i18n.label("quality_context", lang), body)


def _missing_years(line: TargetLine) -> list[int]:
    head = line.head or {}
    have = {int(y) for y in head.get("years") or []}
    return [y for y in AREA_YEARS if y not in have]


def gaps_section(ctx: AreaContext) -> str:
    """What is left: each target's gap to its target (decimals that keep it on its side), the
    years without a figure, and the former communes that missed."""
    lang = ctx.lang
    items = []
    for line in ctx.lines:
        head = line.head or {}
        value = head.get("verdict_value") if ctx.final else head.get("latest_value")
        if is_blank(value):
            value = head.get("latest_value")
        target = line.target
        shown = line.verdict.value if ctx.final and line.verdict.value else line.value_text
        words = dict(code=line.code, value=shown, target=line.target_text)
        met = line.verdict.verdict == "met" if ctx.final else line.achieved
        if met:
            items.append(i18n.label("gap_met", lang, **words))
        elif not is_blank(value):
            gap = gap_text(float(value), float(target["target"]), target["unit"], lang)
            items.append(i18n.label("gap_short", lang, gap=gap, **words))
        missing = _missing_years(line)
        if missing:
            years = ", ".join(str(y) for y in missing)
            items.append(i18n.label("gap_years", lang, code=line.code, years=years))
    communes = ctx.communes
    if len(communes):
        decided = communes[communes["share_met"].notna()]
        full = decided[decided["n_not_met"] == 0]
        missed = decided[decided["n_not_met"] > 0]
        if len(missed):
            names = ", ".join(missed["geo_name"].astype(str))
            items.append(
                i18n.label("gap_communes", lang, met=len(full), n=len(decided), names=names)
            )
        elif len(decided):
            items.append(i18n.label("gap_communes_all", lang, met=len(full), n=len(decided)))
    if not items:
        items.append(i18n.label("gap_none", lang))
    body = templating.render("area_gaps.html.j2", gaps=items)
    return section_html("gaps", i18n.label("sec_area_gaps", lang), body)


def communes_section(ctx: AreaContext) -> str:
    """The area's former communes ranked among their list, and the units that succeeded them."""
    lang = ctx.lang
    communes = ctx.communes
    title, table, note = "", "", ""
    if len(communes):
        title = i18n.label("communes_former", lang, date=format_date(ctx.area_vintage, lang))
        rows = [_peer_row(r, False, lang) for r in as_records(communes)]
        table = data_table_html(_unit_headers(lang), rows, cls="cds-emulation", reflow=True)
        rank_of = communes["rank_of"].dropna()
        if len(rank_of):
            note = i18n.label("communes_rank_note", lang, n=int(rank_of.iloc[0]))
    successors = ctx.successors
    named = zip(successors["new_name"], successors["whole"], strict=True) if len(successors) else ()
    body = templating.render(
        "area_communes.html.j2",
        title=title,
        count=len(communes),
        table=templating.html(table),
        note=note,
        successors_text=i18n.label("communes_successors", lang, n=len(successors)),
        successors=[{"name": cells.text(name), "whole": bool(whole)} for name, whole in named],
        partial=i18n.label("successor_partial", lang),
        link=f"{COMMUNES_RANKING}.html",
        link_text=i18n.label("communes_ranking_link", lang),
    )
    return section_html("communes", i18n.label("sec_area_communes", lang), body)


def area_reorganisation_section(ctx: AreaContext) -> str:
    """The 1/7/2025 reorganisation as it touches the area (in the appendix)."""
    lang = ctx.lang
    last = [line.head.get("latest_period") for line in ctx.lines if line.head]
    last = sorted(str(p) for p in last if not is_blank(p))
    body = templating.render(
        "area_reorganisation.html.j2",
        text=i18n.label("reorg_area", lang),
        as_of_label=i18n.label("as_of_label", lang),
        period=cells.text(period_label(last[-1], lang)) if last else None,
    )
    return section_html(
        "reorganisation", i18n.label("sec_reorg", lang), body, extra_class="cds-note-section"
    )


def area_appendix_section(ctx: Any) -> str:
    """The appendix of a district brief: the reorganisation, the method, the download."""
    return appendix(ctx, [area_reorganisation_section(ctx), method_section(ctx), data_section(ctx)])
