"""Points marked by provenance: official, published, estimate and synthetic values told apart.

A chart point is a dict with ``year``, ``value``, ``mark`` (one of :data:`MARKS`, or "" when the
provenance is unknown), ``measure`` (what was measured; "" for the target's own measure) and
``chosen`` (False for a real reading that does not stand for its year: drawn as a lone marker).
A line joins consecutive years only when they share a mark and a measure, so that a published
path never runs into synthetic values and two measures are never read as one series.

The area charts use the same marks: a bar or a tile carries its value's mark (drawn by
:func:`draw_marks`, as the points of a line are); a dot whose shape and colour already tell
its status shows its provenance by its fill (:data:`DOT_FILL`: solid for a real figure, hollow
for a synthetic one, half for an estimate). Every chart lists the marks it shows in its legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
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


#: How a status dot (shape and colour taken by its status) shows its provenance: its fill.
DOT_FILL = {"official": "full", "published": "full", "estimate": "left", "synthetic": "none"}
#: The marks of real figures (the others are an estimate, or synthetic demo data).
REAL_MARKS = ("official", "published")


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


def row_marks(frame: pd.DataFrame) -> list[str]:
    """The mark of each row's value in a frame of areas (one row per area).

    A ``mark`` column is taken as it is. Otherwise the ``provenance`` column (with
    ``period_kind`` when present) gives it; an assessment row lists every provenance of its
    series ("official,synthetic"), and where it names more than one the value's own is not
    known: "" (no mark drawn, none claimed).

    Examples
    --------
    >>> row_marks(pd.DataFrame({"provenance": ["synthetic", "official,synthetic", None]}))
    ['synthetic', '', '']
    """
    if "mark" in frame.columns:
        return [m if m in MARKS else "" for m in frame["mark"].fillna("").astype(str)]
    if "provenance" not in frame.columns:
        return [""] * len(frame)
    kinds = frame["period_kind"] if "period_kind" in frame.columns else [""] * len(frame)
    out = []
    for provenance, kind in zip(frame["provenance"], kinds, strict=True):
        named = {p for p in str(provenance or "").split(",") if p and p != "nan"}
        out.append(mark_of(named.pop(), kind) if len(named) == 1 else "")
    return out


def common_mark(marks: Iterable[str]) -> str:
    """The one mark that all of ``marks`` share (a median of areas), else ""."""
    shared = set(marks)
    return shared.pop() if len(shared) == 1 else ""


def draw_marks(
    ax: Any,
    xs: Sequence[float],
    ys: Sequence[float],
    marks: Sequence[str],
    *,
    ms: float = 5.5,
    small: Sequence[bool] | None = None,
    halo: bool = False,
    zorder: float = 3.5,
) -> set[str]:
    """Draw one provenance mark at each (x, y), not joined; return the marks drawn.

    ``small`` draws those points a size smaller (a reading that stands for no year); ``halo``
    puts a white disc behind each mark so that it reads on a coloured bar or tile. An unknown
    mark ("") is drawn as a plain point on a line chart and not at all where ``halo`` is set.
    """
    drawn = set()
    for i, (x, y, mark) in enumerate(zip(xs, ys, marks, strict=True)):
        if halo and not mark:
            continue
        style = MARK_STYLE[mark]
        size = ms - 1 if small is not None and small[i] else ms
        if halo:
            ax.plot(
                [x],
                [y],
                ls="none",
                marker="o",
                ms=size + 4,
                mfc="white",
                mec="white",
                zorder=zorder - 0.05,
                clip_on=False,
            )
        ax.plot(
            [x],
            [y],
            ls="none",
            marker=style["marker"],
            ms=size,
            mfc=style["mfc"],
            mec=style["mec"],
            mew=1.6,
            zorder=zorder,
            clip_on=not halo,
        )
        if mark:
            drawn.add(mark)
    return drawn


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
    if not muted:
        return draw_marks(
            ax,
            [p["year"] for p in points],
            [p["value"] for p in points],
            [p.get("mark", "") for p in points],
            ms=ms,
            small=[not p.get("chosen", True) for p in points],
        )
    # A context series: the mark's shape and fill in the one muted colour.
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
            mfc=muted if filled else "white",
            mec=muted,
            mew=1.6,
            zorder=2.6,
        )
        if mark:
            drawn.add(mark)
    return drawn


def mark_handles(marks: Iterable[str], lang: str, *, lines: bool = True) -> list[Line2D]:
    """Legend entries for the marks present, in :data:`MARKS` order.

    ``lines`` shows each mark's line style too (a line chart, where a line joins its points);
    the area charts show the marks alone.
    """
    present = set(marks)
    handles = []
    for mark in (m for m in MARKS if m in present):
        style = MARK_STYLE[mark]
        handles.append(
            Line2D(
                [],
                [],
                color=style["line"],
                ls=style["ls"] if lines else "none",
                lw=1.4,
                marker=style["marker"],
                mfc=style["mfc"],
                mec=style["mec"],
                ms=6,
                label=i18n.label(f"mark_{mark}", lang),
            )
        )
    return handles


def fill_handles(marks: Iterable[str], lang: str) -> list[Line2D]:
    """Legend entries for the marks shown by a dot's fill (:data:`DOT_FILL`), in order."""
    present = set(marks)
    return [
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            ms=7,
            color=MUTED,
            mec=INK,
            mew=1.2,
            fillstyle=DOT_FILL[mark],
            markerfacecoloralt="white",
            label=i18n.label(f"mark_{mark}", lang),
        )
        for mark in MARKS
        if mark in present
    ]


def mark_counts(marks: Iterable[str]) -> tuple[int, int]:
    """How many of ``marks`` are synthetic and how many real (official or published)."""
    marks = list(marks)
    return marks.count("synthetic"), sum(m in REAL_MARKS for m in marks)


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
