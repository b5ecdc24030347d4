"""Sections of the province overview: the status grid, the 2023 milestone, the emulation table.

Before the plan's deadline the emulation table ranks units by their mean progress score; in the
final review it ranks them on the final results (the verdicts at the deadline): districts as
judged at 30/6/2025, the communes of each unit list apart, and the sector departments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from cdsanalysis.assessment.ranking import final_ranking
from cdsanalysis.base import i18n
from cdsanalysis.briefs import cells, templating
from cdsanalysis.briefs.charts.areas import plot_milestone, short_area_name
from cdsanalysis.briefs.charts.grid import plot_status_grid
from cdsanalysis.briefs.charts.style import alt_text
from cdsanalysis.briefs.content import BriefContext
from cdsanalysis.briefs.frames import as_records, is_blank
from cdsanalysis.briefs.markup import data_table_html, figure_html, section_html
from cdsanalysis.briefs.narrative import (
    change_text,
    count_statuses,
    counts_sentence,
    format_date,
    format_target,
    format_value,
    short_name,
)
from cdsanalysis.briefs.scoreboard import aggregate_rows, has_data, measured_for_sector


def status_grid_cells(ctx: BriefContext) -> tuple[pd.DataFrame, list[str], dict[str, str]]:
    """The sector × target status grid's cells, its row order and its row labels.

    A target measured by area (G9b, G9c) has a cell only for a sector with area figures of its
    own (:func:`cdsanalysis.briefs.scoreboard.measured_for_sector`), and no row when none has.

    Returns
    -------
    cells : pandas.DataFrame
        One row per cell: ``target`` (code), ``sector`` (id), ``status``.
    row_order : list of str
        Target codes in the plan's order.
    row_labels : dict
        Code → "code short name".
    """
    lang = ctx.lang
    plan = ctx.plan
    sector_ids = list(plan.sectors["id"])
    name_key = "name_vi" if lang == "vi" else "name_en"
    found = []
    row_order, row_labels = [], {}
    # The assessment's rows read once, by target and sector (not a frame slice per cell).
    series: dict[tuple[str, str], list[dict]] = {}
    for record in as_records(ctx.assessment):
        series.setdefault((record["target_id"], record["sector"]), []).append(record)
    # A context indicator has no target, so no status: it has no row in the grid.
    targets = as_records(plan.targets[plan.targets["kind"] != "context"])
    codes = [t_["code"] or t_["id"] for t_ in targets]
    for target, code in zip(targets, codes, strict=True):
        listed = [s for s in target["sectors"] if s in sector_ids]
        if not listed:
            continue
        for sector in listed:
            own = series.get((target["id"], sector), [])
            if not measured_for_sector(target, own):
                continue  # measured by area for all sectors together: no sector cell
            if code not in row_labels:
                row_order.append(code)
                name = str(target[name_key])
                if codes.count(code) > 1:
                    # One code, one target per sector (E2): the words they share.
                    name = name.split(":")[0]
                row_labels[code] = f"{code} {short_name(name, 24)}"
            if len(listed) == 1 and not any(has_data(r) for r in own):
                own = series.get((target["id"], ""), [])
            if target["level"] == "province":
                head = next((r for r in own if has_data(r)), own[0] if own else None)
                status = head["status"] if head else "not_available"
            else:
                status = aggregate_rows(own)[0]
            found.append({"target": code, "sector": sector, "status": status})
    frame = pd.DataFrame(found, columns=["target", "sector", "status"])
    return frame, row_order, row_labels


def status_grid_section(ctx: BriefContext) -> str:
    """Sector × target status grid (targets that apply to sectors)."""
    lang = ctx.lang
    plan = ctx.plan
    sector_ids = list(plan.sectors["id"])
    name_key = "name_vi" if lang == "vi" else "name_en"
    frame, row_order, row_labels = status_grid_cells(ctx)
    if frame.empty:
        return ""
    sector_labels = dict(zip(plan.sectors["id"], plan.sectors[name_key], strict=True))
    fig = plot_status_grid(
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
    figure = figure_html(fig, alt_text(fig), wide=True, extra_class="cds-wide-only")
    table = _status_grid_table(frame, row_order, row_labels, sector_labels, lang)
    body = templating.render(
        "overview_grid.html.j2",
        words=words,
        figure=templating.html(figure),
        table=templating.html(table),
    )
    return section_html("grid", i18n.label("sec_grid", lang), body)


def _status_grid_table(
    grid: pd.DataFrame,
    row_order: list[str],
    row_labels: dict[str, str],
    sector_labels: dict[str, str],
    lang: str,
) -> str:
    """The grid as a table for a phone: one card per target, one line per sector with a status.

    The status grid's template shows it on narrow screens only.
    """
    columns = (grid["target"], grid["sector"], grid["status"])
    lookup = {(t, s): st for t, s, st in zip(*columns, strict=True)}
    sectors = [s for s in sector_labels if any(key[1] == s for key in lookup)]
    headers = [i18n.label("col_target_name", lang), *(sector_labels[s] for s in sectors)]
    rows = []
    for code in row_order:
        row: list[cells.Cell] = [cells.strong(row_labels[code])]
        for sector in sectors:
            status = lookup.get((code, sector))
            row.append(cells.status(status, lang) if status else cells.DASH)
        rows.append(row)
    return data_table_html(headers, rows, cls="cds-grid-table", reflow=True)


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
    target = as_records(plan.targets[plan.targets["id"] == target_id])[0]
    name_key = "name_vi" if lang == "vi" else "name_en"
    records = []
    province = as_records(rows[rows["sector"] == ""])
    if province:
        records.append(
            {
                "label": i18n.label("province_wide", lang).capitalize(),
                "latest_value": province[0]["latest_value"],
                "status": province[0]["status"],
                "provenance": province[0].get("provenance") or "",
            }
        )
    for sector in as_records(plan.sectors):
        own = as_records(rows[rows["sector"] == sector["id"]])
        head = next((r for r in own if has_data(r)), own[0] if own else None)
        records.append(
            {
                "label": short_name(sector[name_key], 26),
                "latest_value": head["latest_value"] if head else None,
                "status": head["status"] if head else "not_available",
                "provenance": (head.get("provenance") or "") if head else "",
            }
        )
    frame = pd.DataFrame(records)
    if frame["latest_value"].isna().all():
        body = templating.render(
            "overview_milestone.html.j2",
            figure="",
            intro="",
            note=i18n.label("milestone_none", lang),
        )
        return section_html("milestone", i18n.label("sec_milestone", lang), body)
    deadline = format_date(target["deadline"], lang)
    intro = f"{target[name_key]}. " + (
        f"Mục tiêu: {format_value(target['target'], 'percent', lang)} trước {deadline}."
        if lang == "vi"
        else f"Target: {format_value(target['target'], 'percent', lang)} by {deadline}."
    )
    fig = plot_milestone(
        frame,
        target=float(target["target"]),
        lang=lang,
        target_label=format_target(">=", target["target"], "percent", "level", lang),
    )
    body = templating.render(
        "overview_milestone.html.j2",
        figure=templating.html(figure_html(fig, alt_text(fig))),
        intro=intro,
        note="",
    )
    return section_html("milestone", i18n.label("sec_milestone", lang), body)


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
    now = _ranked(assessment, plan, by, lang)
    if previous is not None and len(previous):
        before = _ranked(previous, plan, by, lang)[["key", "rank"]].rename(
            columns={"rank": "previous_rank"}
        )
        now = now.merge(before, on="key", how="left")
    else:
        now["previous_rank"] = pd.NA
    now["change"] = [
        float(p - r) if not (is_blank(p) or is_blank(r)) else float("nan")
        for p, r in zip(now["previous_rank"], now["rank"], strict=True)
    ]
    return now


def _unit_statuses(frame: pd.DataFrame, plan: Any, by: str, lang: str) -> pd.DataFrame:
    """One status and score per unit (area or sector) and target."""
    records = []
    if by == "area":
        part = frame[frame["geo_level"] == "district"]
        for (code, _target), group in part.groupby(["geo_code", "target_id"], sort=True):
            rows = as_records(group)
            status, score, _, _ = aggregate_rows(rows)
            records.append(
                {"key": code, "name": rows[0].get("geo_name"), "status": status, "score": score}
            )
    else:
        name_key = "name_vi" if lang == "vi" else "name_en"
        names = dict(zip(plan.sectors["id"], plan.sectors[name_key], strict=True))
        part = frame[frame["sector"].isin(list(names))]
        for (sector, _target), group in part.groupby(["sector", "target_id"], sort=True):
            status, score, _, _ = aggregate_rows(as_records(group))
            records.append({"key": sector, "name": names[sector], "status": status, "score": score})
    return pd.DataFrame(records, columns=["key", "name", "status", "score"])


def _ranked(frame: pd.DataFrame, plan: Any, by: str, lang: str) -> pd.DataFrame:
    """Units by mean score, best first, with their counts by status and their rank."""
    per = _unit_statuses(frame, plan, by, lang)
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


def _unit_verdict(verdicts: list[str]) -> str:
    """One verdict over a unit's series of one target: met only when every decided one is."""
    decided = [v for v in verdicts if v in ("met", "not_met")]
    if not decided:
        return "no_data"
    return "met" if all(v == "met" for v in decided) else "not_met"


def final_sector_table(assessment: pd.DataFrame, plan: Any, lang: str = "vi") -> pd.DataFrame:
    """Rank the sector departments on the final results, as :func:`final_ranking` ranks areas.

    Parameters
    ----------
    assessment : pandas.DataFrame
        :func:`cdsanalysis.assess` in final-review mode (its ``verdict`` column).
    plan : Plan
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    pandas.DataFrame
        Columns ``geo_name`` (the sector's name), ``n_met``, ``n_not_met``, ``n_no_data`` (its
        targets by verdict, a target's areas rolled up: met only when every decided one is),
        ``share_met`` (NaN without a verdict) and ``rank`` (equal results share a rank), best
        first.
    """
    columns = ["geo_name", "n_met", "n_not_met", "n_no_data", "share_met", "rank"]
    name_key = "name_vi" if lang == "vi" else "name_en"
    names = dict(zip(plan.sectors["id"], plan.sectors[name_key], strict=True))
    part = assessment[assessment["sector"].isin(list(names))]
    records = []
    for sector, group in part.groupby("sector", sort=True):
        per_target = group.groupby("target_id")["verdict"].agg(lambda v: _unit_verdict(list(v)))
        counts = per_target.value_counts()
        met, not_met = int(counts.get("met", 0)), int(counts.get("not_met", 0))
        records.append(
            {
                "geo_name": names[sector],
                "n_met": met,
                "n_not_met": not_met,
                "n_no_data": int(counts.get("no_data", 0)),
                "share_met": met / (met + not_met) if met + not_met else float("nan"),
            }
        )
    table = pd.DataFrame(records, columns=columns[:-1])
    table = table.sort_values(["share_met", "n_met", "geo_name"], ascending=[False, False, True])
    table["rank"] = pd.Series(dtype="Int64")
    scored = table[table["share_met"].notna()]
    results = list(zip(scored["share_met"], scored["n_met"], strict=True))
    table.loc[scored.index, "rank"] = [results.index(r) + 1 for r in results]
    return table.reset_index(drop=True)


def _final_rows(table: pd.DataFrame, lang: str, *, short: bool) -> list[list[cells.Cell]]:
    rows = []
    for record in as_records(table):
        name = short_area_name(record["geo_name"]) if short else record["geo_name"]
        share = record["share_met"]
        rows.append(
            [
                _rank_text(record["rank"]),
                cells.text(name),
                cells.text(record["n_met"]),
                cells.text(record["n_not_met"]),
                cells.text(record["n_no_data"]),
                format_value(share * 100, "percent", lang) if share is not None else cells.DASH,
            ]
        )
    return rows


def _rank_text(rank: Any) -> str:
    """A unit's rank, "–" for a unit not ranked (None); a blank rank stays blank."""
    return cells.text(rank) if rank is not None else cells.DASH


def final_ranking_headers(lang: str) -> list[str]:
    """The headers of a ranking on the final results: rank, unit, met, not met, no data, share."""
    return [
        i18n.label("col_rank", lang),
        i18n.label("col_unit", lang),
        "✔ " + i18n.label("col_met", lang),
        "✖ " + i18n.label("col_not_met", lang),
        "? " + i18n.label("col_no_verdict", lang),
        i18n.label("col_share_met", lang),
    ]


def final_emulation_section(ctx: BriefContext) -> str:
    """The emulation table on the final results: districts, communes by unit list, sectors."""
    lang = ctx.lang
    headers = final_ranking_headers(lang)
    ranking = final_ranking(ctx.assessment)
    tables: list[tuple[str, pd.DataFrame, bool]] = [
        (i18n.label("emulation_areas", lang), ranking[ranking["geo_level"] == "district"], True)
    ]
    communes = ranking[ranking["geo_level"] == "commune"]
    for vintage, group in communes.groupby("geo_vintage", sort=True):
        title = i18n.label("emulation_communes", lang, vintage=format_date(vintage, lang))
        tables.append((title, group, True))
    sectors = final_sector_table(ctx.assessment, ctx.plan, lang)
    tables.append((i18n.label("emulation_sectors", lang), sectors, False))
    rankings = []
    for index, (title, table, short) in enumerate(tables):
        drawn = ""
        if not (table.empty or table["share_met"].isna().all()):
            # Six narrow columns: readable on a phone; a long list scrolls inside its box.
            rows = _final_rows(table, lang, short=short)
            drawn = data_table_html(headers, rows, cls="cds-emulation", reflow=True)
        # The communes' lists (over a hundred units) are folded on screen and left out of print.
        folded = 0 < index < len(tables) - 1
        count = i18n.label("units_count", lang, n=len(table)) if folded else ""
        rankings.append(_ranking(title, drawn, folded=folded, count=count))
    note = i18n.label("print_communes_note", lang) if len(tables) > 2 else ""
    intro = i18n.label("emulation_final_intro", lang)
    return _emulation_html(ctx, intro, rankings, print_note=note)


def _ranking(title: str, table: str, *, folded: bool = False, count: str = "") -> dict[str, Any]:
    """One unit list of the emulation table, for its template: ``table`` "" when none is ranked."""
    return {"title": title, "table": templating.html(table), "folded": folded, "count": count}


def _emulation_html(
    ctx: BriefContext, intro: str, rankings: list[dict[str, Any]], *, print_note: str = ""
) -> str:
    """The emulation section: its introduction and its unit lists (:func:`_ranking`)."""
    lang = ctx.lang
    body = templating.render(
        "overview_emulation.html.j2",
        intro=intro,
        rankings=rankings,
        empty=i18n.label("emulation_none", lang),
        print_note=print_note,
    )
    return section_html("emulation", i18n.label("sec_emulation", lang), body)


def emulation_section(ctx: BriefContext) -> str:
    """The emulation table (bảng xếp hạng thi đua): areas and sector departments.

    In the final review the units are ranked on the final results
    (:func:`final_emulation_section`).
    """
    if ctx.final:
        return final_emulation_section(ctx)
    lang = ctx.lang
    previous_label = (
        format_date(dt.date(ctx.as_of_date.year - 1, 12, 31), lang) if ctx.as_of_date else "–"
    )
    intro = i18n.label("emulation_intro", lang, previous=previous_label)
    headers = [
        i18n.label("col_rank", lang),
        i18n.label("col_unit", lang),
        i18n.label("col_score", lang),
        "✔ " + i18n.label("col_met", lang),
        "▲ " + i18n.label("col_on_track", lang),
        i18n.label("col_behind", lang),
        "? " + i18n.label("col_na", lang),
        i18n.label("col_change", lang),
    ]
    rankings = []
    for by, title in (("area", "emulation_areas"), ("sector", "emulation_sectors")):
        table = emulation_table(ctx.assessment, ctx.previous, ctx.plan, by=by, lang=lang)
        if table.empty or table["score"].isna().all():
            rankings.append(_ranking(i18n.label(title, lang), ""))
            continue
        rows = []
        for record in as_records(table):
            name = record["name"]
            if by == "area":
                name = short_area_name(name)
            rows.append(
                [
                    _rank_text(record["rank"]),
                    cells.text(name),
                    i18n.format_number(record["score"], lang, 2)
                    if record["score"] is not None
                    else cells.DASH,
                    cells.text(record["met"]),
                    cells.text(record["on_track"]),
                    cells.text(record["behind"]),
                    cells.text(record["not_available"]),
                    cells.text(change_text(record["change"], lang)),
                ]
            )
        # A compact numeric table: it scrolls inside its box on a phone rather than reflow.
        drawn = data_table_html(headers, rows, cls="cds-emulation", reflow=True)
        rankings.append(_ranking(i18n.label(title, lang), drawn))
    return _emulation_html(ctx, intro, rankings)
