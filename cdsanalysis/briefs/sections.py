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

from markupsafe import Markup

from cdsanalysis import __version__
from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import OBSERVATION_COLUMNS
from cdsanalysis.base.safe_io import neutralise_frame
from cdsanalysis.briefs import cells, templating
from cdsanalysis.briefs.appendix import appendix, source_groups
from cdsanalysis.briefs.area_view import AreaChart, area_chart
from cdsanalysis.briefs.chart_view import line_chart
from cdsanalysis.briefs.content import BriefContext, quarantined_for
from cdsanalysis.briefs.export import SUMMARY_MIMETYPE, TOC_MARKER
from cdsanalysis.briefs.lead import chart_id, key_lines
from cdsanalysis.briefs.markup import (
    chips_html,
    data_table_html,
    muted,
    paragraphs,
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
    if ctx.final:
        # Short, so that the first screen keeps the verdict and the targets furthest behind.
        reach = format_date(ctx.reach_date, lang) if ctx.reach_date else "–"
        ended = i18n.label("final_reach", lang, deadline=format_date(plan_deadline(ctx), lang))
        chips = verdict_chips(ctx.lines, lang)
    else:
        reach = _as_of_text(ctx)
        ended = ""
        chips = status_chips(ctx.counts, lang)
    vintage = format_date(ctx.vintage, lang) if ctx.vintage else "–"
    dates = (
        f"{i18n.label('vintage', lang)}: {vintage} · "
        f"{i18n.label('built', lang)}: {format_date(ctx.build_date, lang)}"
    )
    return templating.render(
        "sec_header.html.j2",
        programme=i18n.label("programme", lang),
        title=ctx.title,
        as_of=i18n.label("as_of_label", lang),
        reach=reach,
        ended=ended,
        dates=dates,
        chips=templating.html(chips),
    )


def status_chips(counts: Mapping[str, int], lang: str) -> str:
    """A row of chips, one per status present: icon, words and count."""
    return chips_html(
        (
            counts.get(status, 0),
            i18n.status_colour(status),
            i18n.status_icon(status),
            i18n.status_label(status, lang),
        )
        for status in i18n.STATUS_ORDER
    )


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
    return templating.render("sec_banner.html.j2", heading=heading, detail=detail)


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
    body = templating.render("sec_lead.html.j2", sentences=summary_sentences(ctx))
    # In the final review the first screen and the verdict table say it on paper.
    skip = "cds-print-skip" if ctx.final else ""
    return section_html("summary", i18n.label("sec_summary", ctx.lang), body, extra_class=skip)


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
        table += muted(note)
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
    missing = [line.code for line in ctx.lines if line.head is None or not has_data(line.head)]
    words = "Chưa có số liệu để vẽ" if lang == "vi" else "No figures to chart yet"
    body = templating.render(
        "sec_figures.html.j2",
        figures=[templating.html(f) for f in figures],
        missing=f"{words}: {', '.join(missing)}." if missing else "",
    )
    return section_html("charts", i18n.label("sec_charts", lang), body)


def areas_section(ctx: BriefContext, charts: list | None = None) -> str:
    """Districts and communes compared: ranked bars or dots, and the tile-grid map.

    ``charts`` are the lines' :class:`~cdsanalysis.briefs.area_view.AreaChart` (or None), in
    the lines' order, when already drawn (:class:`cdsanalysis.briefs.view.BriefView`)."""
    lang = ctx.lang
    if charts is None:
        charts = [area_chart(line, lang) for line in ctx.lines]
    blocks = [_area_block(chart, lang) for chart in charts if chart is not None]
    crosses = bool(blocks) and _crosses_reorganisation(ctx)
    body = templating.render(
        "sec_areas.html.j2",
        blocks=blocks,
        no_data=i18n.label("no_area_data", lang),
        reorg_short=i18n.label("reorg_short", lang) if crosses else "",
        reorg_link=i18n.label("reorg_link", lang),
    )
    return section_html("areas", i18n.label("sec_areas", lang), body)


def _area_block(chart: AreaChart, lang: str) -> Markup:
    line = chart.line
    note = ""
    if line.area_scope == "province":
        note = i18n.label("province_scope_note", lang)
    return templating.html(
        templating.render(
            "sec_area_block.html.j2",
            code=line.code,
            name=line.name,
            note=note,
            figures=templating.html(chart.html()),
        )
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
    texts = [i18n.label("reorg_text", lang)]
    if after:
        texts.append(i18n.label("reorg_rows", lang, n=after))
    body = paragraphs([*texts, *_aggregates_not_formed(ctx)])
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
    shown = ctx.shown
    sources = ""
    if not shown.empty:
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
        sources = data_table_html(headers, rows, cls="cds-sources", reflow=True)
    body = templating.render(
        "sec_quality.html.j2",
        sources_title=i18n.label("quality_sources", lang),
        sources=templating.html(sources),
        no_sources=i18n.label("no_sources", lang),
        real_values=templating.html(real_values_html(ctx)),
        context_values=templating.html(context_values_html(ctx)),
        coverage_title=i18n.label("quality_coverage", lang),
        coverage=templating.html(_coverage_table(ctx)),
        quarantine_title=i18n.label("quality_quarantine", lang),
        quarantine=templating.html(_quarantine_html(ctx)),
        clean=_cleaning_totals(ctx.clean_report, lang),
    )
    return section_html("quality", i18n.label("sec_quality", lang), body)


def _cleaning_totals(report: Mapping[str, Any], lang: str) -> str:
    """The cleaning's totals in words ("" when the clean report has none)."""
    if not report or "records_read" not in report:
        return ""

    def count(key: str) -> str:
        return i18n.format_number(report.get(key, 0), lang, 0)

    return i18n.label(
        "quality_clean",
        lang,
        read=count("records_read"),
        clean=count("records_clean"),
        quarantined=count("records_quarantined"),
        no_data=count("records_no_data"),
        duplicate=count("records_duplicate"),
    )


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
    none_text = i18n.label("quarantine_none", lang)
    if rows.empty:
        return templating.render("sec_quarantine.html.j2", table="", none_text=none_text)
    counts = rows.groupby("reason_code").size().sort_values(ascending=False)
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
    more = ""
    if len(rows) > QUARANTINE_ROWS_SHOWN:
        more = i18n.label("quarantine_more", lang, shown=QUARANTINE_ROWS_SHOWN)
    return templating.render(
        "sec_quarantine.html.j2",
        table=templating.html(
            data_table_html(headers, table_rows, cls="cds-quarantine", reflow=True)
        ),
        none_text=none_text,
        some=i18n.label("quarantine_some", lang, n=i18n.format_number(len(rows), lang, 0)),
        reasons=[
            (_reason_label(code, lang), i18n.format_number(n, lang, 0))
            for code, n in counts.items()
        ],
        more=more,
    )


def _reason_label(code: Any, lang: str) -> str:
    """A quarantine reason code in the brief's words (the code itself if the catalogue lacks it)."""
    try:
        return i18n.label(f"reason_code_{code}", lang)
    except KeyError:
        return str(code)


def method_section(ctx: BriefContext) -> str:
    """How progress is assessed: the Statistics Canada / Open SDG measure and the linear view."""
    lang = ctx.lang
    body = templating.render(
        "sec_method.html.j2",
        texts=[i18n.label(f"method_text_{i}", lang) for i in (1, 2, 3)],
        badges=[templating.html(status_badge(s, lang)) for s in i18n.STATUS_ORDER],
    )
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
    body = templating.render(
        "sec_download.html.j2",
        name=name,
        encoded=encoded,
        words=i18n.label("download", lang, rows=rows, size=_size_text(len(data), lang)),
        help=i18n.label("download_help", lang),
    )
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
    return templating.render("sec_footer.html.j2", text=text)


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
