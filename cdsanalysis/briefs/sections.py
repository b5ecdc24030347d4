"""The sections of a brief, each an HTML fragment a notebook displays with :func:`show`.

Header, banner, summary, scoreboard, charts, areas, data quality, the 2025 reorganisation, method,
the CSV download and the footer; nbconvert copies what the notebook displays into the brief. The
province overview adds the sections of :mod:`cdsanalysis.briefs.overview`.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Mapping
from typing import Any

from cdsanalysis import __version__
from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import OBSERVATION_COLUMNS
from cdsanalysis.base.safe_io import neutralise_frame
from cdsanalysis.briefs import cells
from cdsanalysis.briefs.appendix import appendix, source_groups
from cdsanalysis.briefs.chart_view import line_chart
from cdsanalysis.briefs.charts.areas import plot_area_strip, plot_areas
from cdsanalysis.briefs.charts.marks import common_mark, row_marks
from cdsanalysis.briefs.charts.style import alt_text, text_on
from cdsanalysis.briefs.charts.tiles import tile_map
from cdsanalysis.briefs.content import BriefContext, quarantined_for
from cdsanalysis.briefs.export import SUMMARY_MIMETYPE, TOC_MARKER
from cdsanalysis.briefs.lead import chart_id, key_lines
from cdsanalysis.briefs.markup import (
    data_table_html,
    esc,
    figure_html,
    section_html,
    status_badge,
)
from cdsanalysis.briefs.narrative import (
    format_date,
    lines_narrative,
    period_label,
)
from cdsanalysis.briefs.review import (
    context_values_html,
    plan_deadline,
    real_values_html,
    verdict_chips,
    verdict_sentence,
)
from cdsanalysis.briefs.scoreboard import TargetLine, has_data

REORGANISATION = dt.date(2025, 7, 1)
QUARANTINE_ROWS_SHOWN = 15


def show(fragment: Any) -> None:
    """Display a section in the notebook (and so in the exported brief); "" shows nothing.

    Parameters
    ----------
    fragment : str or object
        HTML from one of this module's section functions, or an object of
        :mod:`cdsanalysis.briefs.view` (its HTML goes to the page; the notebook keeps the object).
    """
    if fragment is None or (isinstance(fragment, str) and not fragment):
        return
    from IPython.display import HTML, display

    display(HTML(fragment) if isinstance(fragment, str) else fragment)


def _as_of_text(ctx: BriefContext) -> str:
    lang = ctx.lang
    if ctx.as_of_date is None:
        return i18n.label("no_data", lang)
    date = format_date(ctx.reach_date, lang)
    if str(ctx.as_of).lower() == "latest":
        latest = "kỳ mới nhất trong dữ liệu" if lang == "vi" else "latest in the data"
        return f"{date} ({latest})"
    return f"{period_label(ctx.as_of, lang)} ({date})"


def header(ctx: BriefContext) -> str:
    """The brief's header: programme, title, as-of date, data vintage, build date, status chips.

    In the final review the header says the period the data reach and that the plan ended, and
    its chips count the verdicts.

    Parameters
    ----------
    ctx : BriefContext

    Returns
    -------
    str
        HTML.
    """
    lang = ctx.lang
    as_of = esc(i18n.label("as_of_label", lang))
    if ctx.final:
        # Short, so that the first screen keeps the verdict and the targets furthest behind.
        date = format_date(ctx.reach_date, lang) if ctx.reach_date else "–"
        ended = i18n.label("final_reach", lang, deadline=format_date(plan_deadline(ctx), lang))
        reach = f"<strong>{as_of}: {esc(date)}</strong> · {esc(ended)}"
        chips = verdict_chips(ctx.lines, lang)
    else:
        reach = f"<strong>{as_of}: {esc(_as_of_text(ctx))}</strong>"
        chips = status_chips(ctx.counts, lang)
    vintage = format_date(ctx.vintage, lang) if ctx.vintage else "–"
    dates = (
        f"{i18n.label('vintage', lang)}: {vintage} · "
        f"{i18n.label('built', lang)}: {format_date(ctx.build_date, lang)}"
    )
    return (
        f'<header class="cds-header" id="top"><p class="cds-kicker">'
        f"{esc(i18n.label('programme', lang))}</p><h1>{esc(ctx.title)}</h1>"
        f'<p class="cds-reach">{reach}</p><p class="cds-dates">{esc(dates)}</p>{chips}</header>'
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
            f'<span class="cds-chip-n" style="background:{colour};color:{text_on(colour)}">'
            f'{n}</span> <span aria-hidden="true">{esc(i18n.status_icon(status))}</span> '
            f"{esc(i18n.status_label(status, lang))}</li>"
        )
    return f'<ul class="cds-chips">{"".join(chips)}</ul>' if chips else ""


def banner(ctx: BriefContext) -> str:
    """The sample-data banner, shown exactly when a value the brief shows is synthetic.

    It says how many of the values shown are synthetic and how many real; its heading says the
    brief is all sample data only when no real value is shown.
    """
    if not ctx.synthetic:
        return ""
    lang = ctx.lang
    counts = ctx.value_counts
    heading = i18n.label("banner_mixed" if counts["real"] else "banner", lang)
    detail = i18n.label(
        "banner_counts",
        lang,
        synthetic=i18n.format_number(counts["synthetic"], lang, 0),
        real=i18n.format_number(counts["real"], lang, 0),
    )
    return (
        f'<div class="cds-banner" role="note"><strong>{esc(heading)}</strong>'
        f"<p>{esc(detail)}</p></div>"
    )


def toc_marker() -> str:
    """A placeholder the exporter replaces with the table of contents."""
    return TOC_MARKER


def summary_sentences(ctx: BriefContext) -> list[str]:
    """The summary's sentences: the verdict line in the final review, then the narrative."""
    sentences = lines_narrative([line.as_dict() for line in ctx.lines], ctx.lang)
    if ctx.final:
        sentences.insert(0, verdict_sentence(ctx.lines, ctx.lang))
    return sentences


def summary_section(ctx: BriefContext) -> str:
    """Generated narrative: counts by status, what is met, what needs attention most."""
    sentences = summary_sentences(ctx)
    body = "".join(f"<p>{esc(s)}</p>" for s in sentences)
    # In the final review the first screen and the verdict table say it on paper.
    skip = "cds-print-skip" if ctx.final else ""
    return section_html(
        "summary",
        i18n.label("sec_summary", ctx.lang),
        f'<div class="cds-lead">{body}</div>',
        extra_class=skip,
    )


def _line_cells(line: TargetLine, lang: str, *, context_column: bool) -> list[cells.Cell]:
    name: list[Any] = [cells.span("cds-name", line.name)]
    if line.notes:
        name.append(cells.span("cds-flags", *(cells.span("cds-flag", n) for n in line.notes)))
    latest: list[Any] = [cells.strong(line.value_text)]
    if line.period_text:
        latest.append(cells.sub(line.period_text))
    status: list[Any] = [cells.status(line.status, lang)]
    if line.projection_text:
        words = "Dự báo đến hạn" if lang == "vi" else "Projected by deadline"
        status.append(cells.sub(f"{words}: {line.projection_text}"))
    if line.pace_text:
        status.append(cells.sub(f"{i18n.label('still_needed', lang)}: {line.pace_text}"))
    row = [
        cells.code(line.code),
        name,
        latest,
        cells.text(line.target_text),
        cells.text(line.deadline_text),
        status,
    ]
    if context_column:
        row.append(cells.or_dash(line.context_text))
    return row


def _scoreboard_headers(lang: str, context_column: bool) -> list[str]:
    headers = [
        i18n.label("col_code", lang),
        i18n.label("col_target_name", lang),
        i18n.label("col_latest", lang),
        i18n.label("col_target", lang),
        i18n.label("col_deadline", lang),
        i18n.label("col_status", lang),
    ]
    if context_column:
        headers.append(i18n.label("col_province", lang))
    return headers


def scoreboard_section(ctx: BriefContext) -> str:
    """Every target of the brief: latest value, target, deadline, status (icon, colour, words)."""
    lang = ctx.lang
    context_column = ctx.sector is not None
    headers = _scoreboard_headers(lang, context_column)
    if ctx.sector is None:
        rows: list[Any] = []
        for group, lines in _overview_groups(ctx):
            rows.append(cells.group(group))
            rows.extend(_line_cells(line, lang, context_column=False) for line in lines)
    else:
        rows = [_line_cells(line, lang, context_column=True) for line in ctx.lines]
    table = data_table_html(headers, rows, cls="cds-scoreboard", reflow=True)
    if ctx.elsewhere:
        note = i18n.label("measured_elsewhere", lang, codes=", ".join(ctx.elsewhere))
        table += f'<p class="cds-muted">{esc(note)}</p>'
    # In the final review the verdict table stands for the scoreboard in print.
    skip = "cds-print-skip" if ctx.final else ""
    return section_html("scoreboard", i18n.label("sec_scoreboard", lang), table, extra_class=skip)


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
        groups.append((i18n.pillar_name(pillar, lang), members))
    return [(name, lines) for name, lines in groups if lines]


def charts_section(ctx: BriefContext, charts: list | None = None) -> str:
    """One figure per target with data: history, target line, projection, status colour.

    ``charts`` are the lines' :class:`~cdsanalysis.briefs.chart_view.Chart` (or None), in the
    lines' order, when already drawn (:class:`cdsanalysis.briefs.view.BriefView`)."""
    lang = ctx.lang
    if charts is None:
        charts = [line_chart(line, lang) for line in ctx.lines]
    charts = list(zip(ctx.lines, charts, strict=True))
    keys = key_lines(ctx)  # ranked once, not once a chart
    figures = [
        chart.html(element_id=chart_id(line), key=any(line is k for k in keys))
        for line, chart in charts
        if chart is not None
    ]
    missing = [line for line in ctx.lines if line.head is None or not has_data(line.head)]
    body = f'<div class="cds-figures">{"".join(figures)}</div>' if figures else ""
    if missing:
        codes = ", ".join(line.code for line in missing)
        words = "Chưa có số liệu để vẽ" if lang == "vi" else "No figures to chart yet"
        body += f'<p class="cds-muted">{esc(words)}: {esc(codes)}.</p>'
    return section_html("charts", i18n.label("sec_charts", lang), body)


def areas_section(ctx: BriefContext) -> str:
    """Districts and communes compared: ranked bars or dots, and the tile-grid map."""
    lang = ctx.lang
    blocks = []
    for line in ctx.lines:
        if not len(line.areas):
            continue
        blocks.append(_area_block(line, lang))
    if not blocks:
        body = f'<p class="cds-muted">{esc(i18n.label("no_area_data", lang))}</p>'
    else:
        body = "".join(blocks)
        if _crosses_reorganisation(ctx):
            body += (
                f'<p class="cds-note-box">{esc(i18n.label("reorg_short", lang))} '
                f'<a href="#reorganisation">{esc(i18n.label("reorg_link", lang))}</a></p>'
            )
    return section_html("areas", i18n.label("sec_areas", lang), body)


def _area_block(line: TargetLine, lang: str) -> str:
    target = line.target
    frame = line.areas
    level = target["level"]
    title = f'<h3><span class="cds-code">{esc(line.code)}</span> {esc(line.name)}</h3>'
    note = ""
    if line.area_scope == "province":
        note = f'<p class="cds-muted">{esc(i18n.label("province_scope_note", lang))}</p>'
    figures = []
    marks = row_marks(frame)
    if level == "district":
        fig = plot_areas(
            frame,
            target=float(target["target"]),
            unit=target["unit"],
            direction=int(target["direction"]),
            lang=lang,
            target_label=line.target_text,
        )
        values = dict(zip(frame["geo_code"], frame["latest_value"], strict=True))
        statuses = dict(zip(frame["geo_code"], frame["status"], strict=True))
        tile_marks = dict(zip(frame["geo_code"], marks, strict=True))
    else:
        fig = plot_area_strip(
            frame,
            group="district",
            target=float(target["target"]),
            unit=target["unit"],
            lang=lang,
            target_label=line.target_text,
        )
        placed = frame.assign(_mark=marks)[frame["district_code"].notna()]
        values = placed.groupby("district_code")["latest_value"].median().to_dict()
        statuses = {}
        # A district's median carries a mark only when all its communes share one.
        tile_marks = {d: common_mark(g) for d, g in placed.groupby("district_code")["_mark"]}
    figures.append(figure_html(fig, f"{line.code} {line.name}. {alt_text(fig)}"))
    tile = tile_map(
        values, statuses=statuses or None, unit=target["unit"], lang=lang, marks=tile_marks
    )
    tile_caption = esc(i18n.label("median_areas", lang)) if level != "district" else ""
    figures.append(figure_html(tile, f"{line.code} {line.name}. {alt_text(tile)}", tile_caption))
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
    body = f"<p>{esc(i18n.label('reorg_text', lang))}</p>"
    if after:
        body += f"<p>{esc(i18n.label('reorg_rows', lang, n=after))}</p>"
    body += "".join(f"<p>{esc(text)}</p>" for text in _aggregates_not_formed(ctx))
    return section_html(
        "reorganisation", i18n.label("sec_reorg", lang), body, extra_class="cds-note-section"
    )


def _aggregates_not_formed(ctx: BriefContext) -> list[str]:
    """The former territory's figures the clean could not form, naming the units missing
    (``former_province.not_formed`` of ``clean_report.json``), for the brief's targets."""
    merger = ctx.clean_report.get("former_province") or {}
    mine = {line.target["id"]: line.code for line in ctx.lines}
    texts = []
    for gap in merger.get("not_formed", []):
        code = mine.get(gap.get("indicator_id"))
        if code is None or gap.get("sector", "") not in ("", ctx.sector or ""):
            continue
        units = list(gap.get("missing_units", []))
        texts.append(
            i18n.label(
                "reorg_missing",
                ctx.lang,
                indicator=code,
                period=period_label(gap.get("period"), ctx.lang),
                n=len(units),
                units=", ".join(units),
            )
        )
    return texts


def _provenance_words(value: str, lang: str) -> str:
    if value in ("official", "published", "synthetic"):
        return i18n.label(f"provenance_{value}", lang)
    return value


def quality_section(ctx: BriefContext) -> str:
    """Sources, coverage and freshness, quarantined records touching the brief, cleaning totals."""
    lang = ctx.lang
    parts = []
    shown = ctx.shown
    parts.append(f"<h3>{esc(i18n.label('quality_sources', lang))}</h3>")
    if shown.empty:
        parts.append(f'<p class="cds-muted">{esc(i18n.label("no_sources", lang))}</p>')
    else:
        rows = []
        for source, provenance, group, periods in source_groups(shown, lang):
            files = sorted(set(group["source_file"]) - {""})
            file_text = ", ".join(files[:3]) + (f" (+{len(files) - 3})" if len(files) > 3 else "")
            rows.append(
                [
                    cells.source(source, provenance),
                    cells.text(_provenance_words(provenance, lang)),
                    i18n.format_number(len(group), lang, 0),
                    cells.text(periods),
                    cells.span("cds-file", file_text),
                ]
            )
        headers = [
            i18n.label("col_source", lang),
            i18n.label("col_provenance", lang),
            i18n.label("col_values", lang),
            i18n.label("col_periods", lang),
            i18n.label("col_files", lang),
        ]
        parts.append(data_table_html(headers, rows, cls="cds-sources", reflow=True))

    parts.append(real_values_html(ctx))
    parts.append(context_values_html(ctx))
    parts.append(f"<h3>{esc(i18n.label('quality_coverage', lang))}</h3>")
    parts.append(_coverage_table(ctx))

    parts.append(f"<h3>{esc(i18n.label('quality_quarantine', lang))}</h3>")
    parts.append(_quarantine_html(ctx))

    report = ctx.clean_report
    if report and "records_read" in report:
        parts.append(
            "<p>"
            + esc(
                i18n.label(
                    "quality_clean",
                    lang,
                    read=i18n.format_number(report.get("records_read", 0), lang, 0),
                    clean=i18n.format_number(report.get("records_clean", 0), lang, 0),
                    quarantined=i18n.format_number(report.get("records_quarantined", 0), lang, 0),
                    no_data=i18n.format_number(report.get("records_no_data", 0), lang, 0),
                    duplicate=i18n.format_number(report.get("records_duplicate", 0), lang, 0),
                )
            )
            + "</p>"
        )
    return section_html("quality", i18n.label("sec_quality", lang), "".join(parts))


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
                flags.append(i18n.label("partial_year", lang))
            if series["synthetic"].any():
                flags.append(i18n.label("synthetic", lang))
        else:
            head = line.head
            with_data = 1 if has_data(head) else 0
            total = 1
            years = list(head.get("years") or []) if head else []
            latest = (head or {}).get("latest_period") or ""
            flags = list(line.notes)
            if head and head.get("synthetic"):
                flags.append(i18n.label("synthetic", lang))
        span = f"{min(years)}–{max(years)}" if years else "–"
        if years and min(years) == max(years):
            span = str(years[0])
        rows.append(
            [
                cells.code(line.code),
                cells.text(line.short_name),
                f"{with_data}/{total}",
                span,
                period_label(latest, lang) if latest else cells.DASH,
                cells.or_dash(", ".join(dict.fromkeys(flags))),
            ]
        )
    headers = [
        i18n.label("col_code", lang),
        i18n.label("col_target_name", lang),
        i18n.label("col_series", lang),
        i18n.label("col_years", lang),
        i18n.label("col_latest_period", lang),
        i18n.label("col_flags", lang),
    ]
    return data_table_html(headers, rows, cls="cds-coverage", reflow=True)


def _quarantine_html(ctx: BriefContext) -> str:
    lang = ctx.lang
    rows = quarantined_for(ctx)
    if rows.empty:
        return f'<p class="cds-muted">{esc(i18n.label("quarantine_none", lang))}</p>'
    n = i18n.format_number(len(rows), lang, 0)
    parts = [f"<p>{esc(i18n.label('quarantine_some', lang, n=n))}</p>"]
    counts = rows.groupby("reason_code").size().sort_values(ascending=False)
    parts.append(
        '<ul class="cds-reasons">'
        + "".join(
            f"<li>{esc(_reason_label(code, lang))}: {esc(i18n.format_number(n, lang, 0))}</li>"
            for code, n in counts.items()
        )
        + "</ul>"
    )
    table_rows = []
    for record in rows.head(QUARANTINE_ROWS_SHOWN).to_dict("records"):
        where = f"{record.get('source_file', '')} {record.get('source_ref', '')}".strip()
        # The cleaner's message is English words for analysts: the English brief shows it, the
        # Vietnamese one the reason's own words (the raw period and value are in their columns).
        reason = record.get("reason") if lang == "en" else ""
        table_rows.append(
            [
                cells.span("cds-file", where),
                cells.text(record.get("indicator_raw")),
                cells.text(record.get("area_raw")),
                cells.text(record.get("period_raw")),
                cells.text(record.get("value_raw")),
                cells.text(reason or _reason_label(record.get("reason_code"), lang)),
            ]
        )
    headers = [
        i18n.label("col_file_ref", lang),
        i18n.label("col_indicator", lang),
        i18n.label("col_area", lang),
        i18n.label("col_period_raw", lang),
        i18n.label("col_value", lang),
        i18n.label("col_reason", lang),
    ]
    parts.append(data_table_html(headers, table_rows, cls="cds-quarantine", reflow=True))
    if len(rows) > QUARANTINE_ROWS_SHOWN:
        more = i18n.label("quarantine_more", lang, shown=QUARANTINE_ROWS_SHOWN)
        parts.append(f'<p class="cds-muted">{esc(more)}</p>')
    return "".join(parts)


def _reason_label(code: Any, lang: str) -> str:
    """A quarantine reason code in the brief's words (the code itself if the catalogue lacks it)."""
    try:
        return i18n.label(f"reason_code_{code}", lang)
    except KeyError:
        return str(code)


def method_section(ctx: BriefContext) -> str:
    """How progress is assessed: the Statistics Canada / Open SDG measure and the linear view."""
    lang = ctx.lang
    legend = "".join(f"<li>{status_badge(s, lang)}</li>" for s in i18n.STATUS_ORDER)
    texts = "".join(f"<p>{esc(i18n.label(f'method_text_{i}', lang))}</p>" for i in (1, 2, 3))
    body = f'{texts}<ul class="cds-legend">{legend}</ul>'
    return section_html("method", i18n.label("sec_method", lang), body)


CSV_LABEL_COLUMNS = ["indicator_name", "sector_name", "period_label", "provenance_label"]


def brief_csv(ctx: BriefContext) -> bytes:
    """The brief's own data as CSV bytes (UTF-8 with BOM, formula-neutralised text cells).

    The contract's columns keep their codes; :data:`CSV_LABEL_COLUMNS` follow them, in the
    brief's language (the indicator's and sector's names, the period and provenance in words).
    """
    lang = ctx.lang
    name_key = "name_vi" if lang == "vi" else "name_en"
    frame = ctx.shown[OBSERVATION_COLUMNS].copy()
    indicators = dict(zip(ctx.plan.targets["id"], ctx.plan.targets[name_key], strict=True))
    sectors = dict(zip(ctx.plan.sectors["id"], ctx.plan.sectors[name_key], strict=True))
    frame["indicator_name"] = frame["indicator_id"].map(indicators).fillna("")
    wide = i18n.label("province_wide", lang)
    frame["sector_name"] = frame["sector"].map(lambda s: sectors.get(s, wide if not s else s))
    # A spreadsheet has no use for the page's non-breaking spaces.
    frame["period_label"] = frame["period"].map(
        lambda p: period_label(p, lang).replace("\xa0", " ")
    )
    frame["provenance_label"] = frame["provenance"].map(lambda p: _provenance_words(p, lang))
    text_columns = [c for c in frame.columns if c != "value"]
    frame = neutralise_frame(frame, text_columns)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _size_text(n_bytes: int, lang: str) -> str:
    if n_bytes < 1024:
        return f"{n_bytes} B"
    return f"{i18n.format_number(n_bytes / 1024, lang, 0)} KB"


def data_section(ctx: BriefContext) -> str:
    """The brief's data as an embedded CSV download (a ``data:text/csv;base64`` link)."""
    lang = ctx.lang
    data = brief_csv(ctx)
    encoded = base64.b64encode(data).decode("ascii")
    name = f"cds-{ctx.file_stem}-{lang}.csv"
    rows = i18n.format_number(len(ctx.shown), lang, 0)
    words = i18n.label("download", lang, rows=rows, size=_size_text(len(data), lang))
    link = (
        f'<a class="cds-download" download="{esc(name)}" '
        f'href="data:text/csv;charset=utf-8;base64,{encoded}">{esc(words)}</a>'
    )
    body = f'<p>{link}</p><p class="cds-muted">{esc(i18n.label("download_help", lang))}</p>'
    return section_html("data", i18n.label("sec_data", lang), body)


def appendix_section(ctx: BriefContext) -> str:
    """The appendix (folded on screen, a source list in print): data quality, the 2025
    reorganisation, the method and the download (:func:`cdsanalysis.briefs.appendix.appendix`)."""
    parts = [quality_section(ctx), reorganisation_section(ctx), method_section(ctx)]
    return appendix(ctx, [*parts, data_section(ctx)])


def footer(ctx: BriefContext) -> str:
    """Provenance line at the foot of the brief."""
    source = ctx.plan.meta.get("source") or ""
    text = i18n.label("footer", ctx.lang, version=__version__, source=source)
    return f'<footer class="cds-footer"><p>{esc(text)}</p></footer>'


def summary(ctx: BriefContext) -> dict:
    """Facts about the brief for the index page: title, counts, as-of, vintage, synthetic."""
    return {
        "kind": ctx.brief_kind,
        "sector": ctx.sector or ctx.file_stem,
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
