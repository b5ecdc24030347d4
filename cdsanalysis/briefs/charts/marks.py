"""Points marked by provenance: official, published, estimate and synthetic values told apart.

A chart point is a dict with ``year``, ``value``, ``mark`` (one of :data:`MARKS`, or "" when the
provenance is unknown), ``measure`` (what was measured; "" for the target's own measure) and
``chosen`` (False for a real reading that does not stand for its year: drawn as a lone marker).
A line joins consecutive years only when they share a mark and a measure, so that a published
path never runs into synthetic values and two measures are never read as one series.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.style import INK, MUTED

#: The provenance marks, in the order their legend lists them.
MARKS = ("official", "published", "estimate", "synthetic")

PUBLISHED_INK = "#1d4ed8"
MARK_STYLE: dict[str, dict[str, Any]] = {
    "official": {"marker": "o", "mfc": INK, "mec": INK, "line": INK, "ls": "-"},
    "published": {
        "marker": "s",
        "mfc": PUBLISHED_INK,
        "mec": PUBLISHED_INK,
        "line": PUBLISHED_INK,
        "ls": "-",
    },
    "estimate": {"marker": "D", "mfc": "white", "mec": INK, "line": INK, "ls": (0, (2, 2))},
    "synthetic": {"marker": "o", "mfc": "white", "mec": MUTED, "line": MUTED, "ls": (0, (5, 2))},
    "": {"marker": "o", "mfc": INK, "mec": INK, "line": INK, "ls": "-"},
}


def mark_of(provenance: Any, period_kind: Any = "") -> str:
    """The mark of one value: "estimate" for an estimate ("ước"), else its provenance.

    Examples
    --------
    >>> mark_of("official", "estimate"), mark_of("published", "official"), mark_of(None)
    ('estimate', 'published', '')
    """
    if str(period_kind or "") == "estimate":
        return "estimate"
    text = str(provenance or "")
    return text if text in MARKS else ""


def runs(points: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Split the chosen points into runs a line may join: same mark, same measure, no gap.

    Examples
    --------
    >>> pts = [{"year": y, "value": 1.0, "mark": m, "measure": "", "chosen": True}
    ...        for y, m in [(2022, "published"), (2023, "published"), (2024, "synthetic")]]
    >>> [[p["year"] for p in run] for run in runs(pts)]
    [[2022, 2023], [2024]]
    """
    out: list[list[Mapping[str, Any]]] = []
    previous: Mapping[str, Any] | None = None
    for point in sorted((p for p in points if p.get("chosen", True)), key=lambda p: p["year"]):
        joined = (
            previous is not None
            and point["year"] - previous["year"] == 1
            and point.get("mark", "") == previous.get("mark", "")
            and point.get("measure", "") == previous.get("measure", "")
        )
        if joined:
            out[-1].append(point)
        else:
            out.append([point])
        previous = point
    return out


def draw_points(
    ax: Any,
    points: Sequence[Mapping[str, Any]],
    *,
    lw: float = 2.2,
    ms: float = 5.5,
    muted: str | None = None,
    label: str | None = None,
) -> set[str]:
    """Draw the runs as lines and every point as its mark; return the marks drawn.

    ``muted`` draws everything in that one colour (a context series: the mark's shape and fill
    still tell its provenance); ``label`` names the series in the legend.
    """
    for run in runs(points):
        if len(run) > 1:
            style = MARK_STYLE[run[0].get("mark", "")]
            ax.plot(
                [p["year"] for p in run],
                [p["value"] for p in run],
                color=muted or style["line"],
                lw=lw,
                ls=style["ls"],
                zorder=2.5 if muted else 3,
            )
    if label:
        ax.plot([], [], color=muted or INK, lw=lw, marker="o", ms=ms, label=label)
    drawn = set()
    for point in points:
        mark = point.get("mark", "")
        style = MARK_STYLE[mark]
        filled = style["mfc"] != "white"
        ax.plot(
            [point["year"]],
            [point["value"]],
            ls="none",
            marker=style["marker"],
            ms=ms if point.get("chosen", True) else ms - 1,
            mfc=(muted if filled else "white") if muted else style["mfc"],
            mec=muted or style["mec"],
            mew=1.6,
            zorder=2.6 if muted else 3.5,
        )
        if mark:
            drawn.add(mark)
    return drawn


def mark_handles(marks: Iterable[str], lang: str) -> list[Line2D]:
    """Legend entries for the marks present, in :data:`MARKS` order."""
    present = set(marks)
    handles = []
    for mark in (m for m in MARKS if m in present):
        style = MARK_STYLE[mark]
        handles.append(
            Line2D(
                [],
                [],
                color=style["line"],
                ls=style["ls"],
                lw=1.4,
                marker=style["marker"],
                mfc=style["mfc"],
                mec=style["mec"],
                ms=6,
                label=i18n.label(f"mark_{mark}", lang),
            )
        )
    return handles


def chart_legend(fig: Figure, handles: Sequence[Any]) -> None:
    """One legend row under the figure (the provenance marks and any context series)."""
    if not handles:
        return
    fig.legend(
        handles=list(handles),
        loc="outside lower center",
        ncols=min(len(handles), 3),
        fontsize=8.5,
        handlelength=2.2,
        columnspacing=1.0,
    )
