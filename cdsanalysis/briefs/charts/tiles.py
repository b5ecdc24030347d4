"""The tile map of the nine district-level areas, each a labelled square where it lies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing
from cdsanalysis.briefs.charts.style import (
    INK,
    MUTED,
    NO_DATA,
    axis_formatter,
    figure_axes,
    house_style,
    status_legend,
    text_on,
)
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
    unit: str = "percent",
    lang: str = "vi",
    cmap: str = "Blues",
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
    unit : str, default "percent"
    lang : {"vi", "en"}, default "vi"
    cmap : str, default "Blues"
        Colour map for values.
    vmin, vmax : float, optional
        Colour scale bounds (default: the values' range).
    title : str, optional
        Drawn above the map.
    width : float

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.
    """
    values = {str(k): v for k, v in dict(values).items()}
    # A pandas Series is accepted like any mapping (and has no truth value of its own).
    statuses = {} if statuses is None else {str(k): v for k, v in dict(statuses).items()}
    names = {**TILE_NAMES, **({} if names is None else {str(k): v for k, v in dict(names).items()})}
    fig, ax = figure_axes(ax, width, width * 1.12)
    ax.set_axis_off()
    numbers = [float(v) for v in values.values() if not _missing(v)]
    low = vmin if vmin is not None else (min(numbers) if numbers else 0.0)
    high = vmax if vmax is not None else (max(numbers) if numbers else 1.0)
    if high <= low:
        high = low + 1.0
    colour_map = matplotlib.colormaps[cmap]

    def value_colour(v: float) -> Any:
        # Keep off the palest end, so that every tile stands out from the page.
        return colour_map(0.18 + 0.82 * (float(v) - low) / (high - low))

    for code, (col, row) in TILE_LAYOUT.items():
        value, st = values.get(code), statuses.get(code)
        has_value = not _missing(value)
        if st:
            face = i18n.status_colour(st)
        elif has_value:
            face = value_colour(value)
        else:
            face = NO_DATA
        _draw_tile(ax, (col, -row), face, names.get(code, code), value, st, unit, lang)
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
    if statuses:
        status_legend(fig, statuses.values(), lang)
    elif numbers:
        _colour_bar(fig, ax, colour_map, low, high, unit, lang)
    return fig


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
