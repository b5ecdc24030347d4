"""The brief's appendix: folded on screen, left out of print but for a compact source list.

The summary part of a brief (first screen, verdicts, scoreboard, charts, areas) is what a
leader reads; the appendix (data quality, sources in full, the reorganisation, the method, the
download) is what an analyst checks. On screen the appendix is one ``<details>`` element, folded,
whose sections the contents still list (following a link opens it: the browser reveals a closed
``<details>`` that holds a link's target, so the page needs no script). In print it is left out, and
a short list of the sources takes its place, so that a printed brief still says where every
figure comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.briefs.narrative import period_label
from cdsanalysis.briefs.templating import html, render

# Official first, then published, then synthetic.
_PROVENANCE_RANK = {"official": 0, "published": 1, "synthetic": 2}

_ADDRESS = re.compile(r",?\s*https?://[^\s<>\"']+")


def source_groups(shown: pd.DataFrame, lang: str) -> Iterator[tuple[str, str, pd.DataFrame, str]]:
    """The sources behind the values a brief shows, official first, the largest first within.

    Parameters
    ----------
    shown : pandas.DataFrame
        The observations the brief shows (``source``, ``provenance``, ``period``).
    lang : {"vi", "en"}

    Yields
    ------
    source : str
    provenance : str
    group : pandas.DataFrame
        The source's observations.
    periods : str
        The periods they cover, in words ("2023 – 2025").
    """
    grouped = shown.groupby(["source", "provenance"], sort=True, dropna=False)
    ordered = sorted(
        grouped, key=lambda g: (_PROVENANCE_RANK.get(g[0][1], 3), -len(g[1]), str(g[0][0]))
    )
    for (source, provenance), group in ordered:
        labels = sorted(set(group["period"]))
        periods = period_label(labels[0], lang)
        if len(labels) > 1:
            periods = f"{periods} – {period_label(labels[-1], lang)}"
        yield str(source), str(provenance), group, periods


def appendix(ctx: Any, sections: Sequence[str]) -> str:
    """Wrap the appendix sections in one folded ``<details>``, with the printed source list.

    Parameters
    ----------
    ctx : BriefContext
    sections : sequence of str
        HTML of the appendix sections, in order (empty ones are skipped).

    Returns
    -------
    str
        HTML (``templates/cds_brief/parts/appendix.html.j2``).
    """
    lang = ctx.lang
    return render(
        "appendix.html.j2",
        title=i18n.label("appendix", lang),
        body=html("".join(s for s in sections if s)),
        sources_title=i18n.label("print_sources", lang),
        sources=print_sources(ctx),
    )


def print_sources(ctx: Any) -> list[str]:
    """The compact source list a printed brief keeps: source, kind, values and periods (text)."""
    lang = ctx.lang
    if ctx.shown.empty:
        return []
    items = []
    for source, provenance, group, periods in source_groups(ctx.shown, lang):
        kind = i18n.label(f"provenance_{provenance}", lang) if provenance else ""
        n = i18n.format_number(len(group), lang, 0)
        # Titles and dates name a source on paper; its address is in the HTML brief.
        title = _ADDRESS.sub("", source).strip(" ,") or source
        items.append(f"{title} · {kind} · {n} · {periods}")
    return items
