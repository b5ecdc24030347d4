"""The brief's appendix: folded on screen, left out of print but for a compact source list.

The summary part of a brief (first screen, verdicts, scoreboard, charts, areas) is what a
leader reads; the appendix (data quality, sources in full, the reorganisation, the method, the
download) is what an analyst checks. On screen the appendix is one ``<details>`` element, folded,
whose sections the contents still list (following a link opens it). In print it is left out, and
a short list of the sources takes its place, so that a printed brief still says where every
figure comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.briefs.markup import esc
from cdsanalysis.briefs.narrative import period_label

# Official first, then published, then synthetic.
_PROVENANCE_RANK = {"official": 0, "published": 1, "synthetic": 2}

_ADDRESS = re.compile(r",?\s*https?://[^\s<>\"']+")

# Following a link into the folded appendix opens it (browsers open a closed <details> for a
# text search, not always for a fragment).
_OPEN_ON_LINK = (
    "<script>(function(){function o(){var h=location.hash.slice(1);if(!h)return;"
    "var e=document.getElementById(h);while(e){if(e.tagName==='DETAILS')e.open=true;"
    "e=e.parentElement;}}window.addEventListener('hashchange',o);o();})();</script>"
)


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
        HTML.
    """
    lang = ctx.lang
    body = "".join(s for s in sections if s)
    title = esc(i18n.label("appendix", lang))
    return (
        f"{print_sources(ctx)}"
        f'<details class="cds-appendix" id="appendix"><summary>{title}</summary>{body}</details>'
        f"{_OPEN_ON_LINK}"
    )


def print_sources(ctx: Any) -> str:
    """The compact source list a printed brief keeps: source, kind, values and periods."""
    lang = ctx.lang
    if ctx.shown.empty:
        return ""
    items = []
    for source, provenance, group, periods in source_groups(ctx.shown, lang):
        kind = i18n.label(f"provenance_{provenance}", lang) if provenance else ""
        n = i18n.format_number(len(group), lang, 0)
        # Titles and dates name a source on paper; its address is in the HTML brief.
        title = _ADDRESS.sub("", source).strip(" ,") or source
        items.append(f"<li>{esc(title)} · {esc(kind)} · {esc(n)} · {esc(periods)}</li>")
    title = esc(i18n.label("print_sources", lang))
    return (
        f'<section class="cds-print-only cds-print-sources">'
        f"<h2>{title}</h2><ol>{''.join(items)}</ol></section>"
    )
