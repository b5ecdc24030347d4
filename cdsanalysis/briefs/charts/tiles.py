"""The tile map of the nine district-level areas, each a labelled square where it lies.

A tile is coloured by its status (with the status's icon) or, without statuses, by its value on
a scale in purples, a hue no status uses (blue means "target achieved" everywhere else). Each
tile carries its value's provenance mark and the legend says which values are synthetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing
from cdsanalysis.briefs.charts.marks import chart_legend, draw_marks, mark_handles
from cdsanalysis.briefs.charts.style import (
    INK,
    MUTED,
    NO_DATA,
    SEQUENTIAL_CMAP,
    axis_formatter,
    figure_axes,
    house_style,
    percent_axis,
    set_alt,
    status_legend,
    text_on,
)
from cdsanalysis.briefs.charts.words import values_sentence, words
from cdsanalysis.briefs.narrative import format_value

# The nine district-level areas (GSO codes) placed on a 3 x 3 grid roughly as they lie on the map:
# (column, row), row 0 at the top (north).
TILE_LAYOUT = {
    "720": (0, 0),  # Dầu Tiếng, north-west
    "719": (1, 0),  # Bàu Bàng, north
    "722": (2, 0),  # Phú Giáo, north-east
    "721": (0, 1),  # Bến Cát, west-centre
    "718": (1, 1),  # Thủ Dầu Một, centre
    "726": (2, 1),  # Bắc Tân Uyên, east
    "725": (0, 2),  # Thuận An, south-west
    "724": (1, 2),  # Dĩ An, south
    "723": (2, 2),  # Tân Uyên, east-centre (south of Bắc Tân Uyên)
}
TILE_NAMES = {
    "718": "Thủ Dầu Một",
    "719": "Bàu Bàng",
    "720": "Dầu Tiếng",
    "721": "Bến Cát",
    "722": "Phú Giáo",
    "723": "Tân Uyên",
    "724": "Dĩ An",
    "725": "Thuận An",
    "726": "Bắc Tân Uyên",
}


@house_style
def tile_map(
    values: Mapping[str, float] | pd.Series,
    *,
    statuses: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    marks: Mapping[str, str] | None = None,
    unit: str = "percent",
    lang: str = "vi",
    cmap: str = SEQUENTIAL_CMAP,
    vmin: float | None = None,
    vmax: float | None = None,
    title: str | None = None,
    width: float = 4.6,
    ax: Any = None,
) -> Figure:
    """A tile-grid map of the nine district-level areas, each a labelled square.

    Each square sits roughly where the area lies (Dầu Tiếng north-west ... Dĩ An south, see
    :data:`TILE_LAYOUT`); no boundary file is read and nothing is fetched.

    Parameters
    ----------
    values : mapping or pandas.Series
        District GSO code ("718" ... "726") -> value. Areas without a value are drawn hatched.
    statuses : mapping, optional
        Code -> status. When given, tiles are coloured by status and carry its icon; the legend
        lists the statuses. Otherwise tiles are coloured by value with a colour bar.
    names : mapping, optional
        Code -> display name (default: the short names of :data:`TILE_NAMES`).
    marks : mapping, optional
        Code -> provenance mark of the value ("official", "published", "estimate",
        "synthetic"; see :mod:`~cdsanalysis.briefs.charts.marks`): drawn in the tile's corner
        and listed in the legend. For a median of communes, the mark they share
        (:func:`~cdsanalysis.briefs.charts.marks.common_mark`).
    unit : str, default "percent"
    lang : {"vi", "en"}, default "vi"
    cmap : str, default "Purples"
        Colour map for values: never a status's hue, since status colours mean status.
    vmin, vmax : float, optional
        Colour scale bounds (default: 0-100 for a percent, else the values' range).
    title : str, optional
        Drawn above the map.
    width : float

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``; its alt text names the highest and lowest.
    """
    values = {str(k): v for k, v in dict(values).items()}
    marks = {} if marks is None else {str(k): str(v or "") for k, v in dict(marks).items()}
    # A pandas Series is accepted like any mapping (and has no truth value of its own).
    statuses = {} if statuses is None else {str(k): v for k, v in dict(statuses).items()}
    names = {**TILE_NAMES, **({} if names is None else {str(k): v for k, v in dict(names).items()})}
    fig, ax = figure_axes(ax, width, width * 1.12)
    ax.set_axis_off()
    numbers = [float(v) for v in values.values() if not _missing(v)]
    low, high = _scale(numbers, unit, vmin, vmax)
    colour_map = matplotlib.colormaps[cmap]
    for code, (col, row) in TILE_LAYOUT.items():
        value, st = values.get(code), statuses.get(code)
        if st:
            face = i18n.status_colour(st)
        elif not _missing(value):
            # Kept off the palest end, so that every tile stands out from the page.
            face = colour_map(0.18 + 0.82 * (float(value) - low) / (high - low))
        else:
            face = NO_DATA
        _draw_tile(ax, (col, -row), face, names.get(code, code), value, st, unit, lang)
    shown = [c for c in TILE_LAYOUT if not _missing(values.get(c))]
    drawn = draw_marks(
        ax,
        [TILE_LAYOUT[c][0] + 0.83 for c in shown],
        [-TILE_LAYOUT[c][1] + 0.83 for c in shown],
        [marks.get(c, "") for c in shown],
        ms=6,
        halo=True,
        zorder=5,
    )
    _frame_map(ax, title)
    handles = mark_handles(drawn, lang, lines=False)
    if statuses:
        status_legend(fig, statuses.values(), lang, extra=handles)
    else:
        if numbers:
            _colour_bar(fig, ax, colour_map, low, high, unit, lang)
        chart_legend(fig, handles)
    return set_alt(fig, _tiles_alt(values, names, shown, marks, unit, lang))


def _frame_map(ax: Any, title: str | None) -> None:
    """The map's frame: the 3 x 3 grid square, the north arrow and the title."""
    ax.set_xlim(-0.05, 3.05)
    ax.set_ylim(-2.05, 1.05)
    ax.set_aspect("equal")
    ax.annotate(
        "N ↑",
        (1.0, 1.0),
        xycoords="axes fraction",
        ha="right",
        va="bottom",
        fontsize=9,
        color=MUTED,
    )
    if title:
        ax.set_title(title, loc="left", fontsize=11, color=INK)


def _scale(
    numbers: list[float], unit: str, vmin: float | None, vmax: float | None
) -> tuple[float, float]:
    """The colour scale's bounds: those given, else 0-100 for a share (as its axis would run,
    so that a few points' difference does not look like the whole range), else the values'."""
    share = unit == "percent" and all(0 <= v <= 100 for v in numbers)
    low = vmin if vmin is not None else 0.0 if share else (min(numbers) if numbers else 0.0)
    high = vmax if vmax is not None else 100.0 if share else (max(numbers) if numbers else 1.0)
    return (low, high) if high > low else (low, low + 1.0)


def _tiles_alt(
    values: Mapping[str, Any],
    names: Mapping[str, str],
    shown: list[str],
    marks: Mapping[str, str],
    unit: str,
    lang: str,
) -> str:
    """The tile map's alt text: its type, the highest and lowest area, those without data."""
    if not shown:
        return words("alt_no_data", lang)
    ranked = sorted(shown, key=lambda c: float(values[c]))

    def named(code: str) -> str:
        return f"{names.get(code, code)} {format_value(values[code], unit, lang)}"

    text = words(
        "alt_tiles", lang, n=len(TILE_LAYOUT), best=named(ranked[-1]), worst=named(ranked[0])
    )
    missing = [names.get(c, c) for c in TILE_LAYOUT if c not in shown]
    if missing:
        text += " " + words("alt_tiles_missing", lang, names=", ".join(missing))
    return text + values_sentence([marks.get(c, "") for c in shown], lang)


def _draw_tile(
    ax: Any,
    at: tuple[int, int],
    face: Any,
    name: str,
    value: Any,
    st: str | None,
    unit: str,
    lang: str,
) -> None:
    """One area's square at ``at`` (column, minus row): its name and its value or status."""
    x, y = at
    has_value = not _missing(value)
    ax.add_patch(
        FancyBboxPatch(
            (x + 0.05, y + 0.05),
            0.9,
            0.9,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=face,
            edgecolor="white" if has_value or st else "#9ca3af",
            hatch=None if has_value or st else "////",
            lw=1.2,
        )
    )
    ink = text_on(face)
    ax.text(
        x + 0.5,
        y + 0.7,
        _wrap(name),
        ha="center",
        va="center",
        fontsize=10,
        color=ink,
        linespacing=1.0,
    )
    shown = format_value(value, unit, lang) if has_value else i18n.label("tile_no_data", lang)
    if st:
        shown = f"{i18n.status_icon(st)} {shown}"
    ax.text(
        x + 0.5,
        y + 0.32,
        shown,
        ha="center",
        va="center",
        fontsize=12.5 if has_value else 8.5,
        fontweight="bold" if has_value else "normal",
        color=ink,
    )


def _colour_bar(
    fig: Figure, ax: Any, colour_map: Any, low: float, high: float, unit: str, lang: str
) -> None:
    """The colour scale of the values under the map (the part of the map the tiles use)."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import LinearSegmentedColormap, Normalize

    shown_map = LinearSegmentedColormap.from_list(
        "shown", [colour_map(0.18 + 0.82 * i / 20) for i in range(21)]
    )
    bar = fig.colorbar(
        ScalarMappable(norm=Normalize(low, high), cmap=shown_map),
        ax=ax,
        orientation="horizontal",
        fraction=0.05,
        pad=0.02,
        aspect=30,
    )
    if unit == "percent" and low == 0 and high == 100:
        percent_axis(bar.ax.xaxis, lang)
    else:
        bar.ax.xaxis.set_major_formatter(axis_formatter(unit, lang))
    bar.ax.tick_params(labelsize=9)
    bar.outline.set_visible(False)


def _wrap(name: str, width: int = 12) -> str:
    """Split a name on two lines when long ("Bắc Tân\\nUyên")."""
    words = str(name).split()
    if len(name) <= width or len(words) < 2:
        return name
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])
