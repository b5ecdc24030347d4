"""The house style of the figures and the pieces every figure shares.

Colours, sizes and rcParams; a figure outside pyplot and its PNG; the legend of the statuses;
the ink that reads on a colour; the value axis in the reader's number format.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from cdsanalysis.base import i18n

INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
TARGET_INK = "#374151"
CONTEXT = "#9ca3af"
BAND = "#e5e7eb"
NO_DATA = "#f3f4f6"

# Widths in inches at 100 dpi: a 5-inch figure is 500 CSS pixels wide in the brief, shrunk to
# about 360 on a phone, where 11-point text is still about 11 pixels.
WIDTH = 5.0
HEIGHT = 3.0
SAVE_DPI = 200  # 2x for phone screens
LABEL_BOX = dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1.0)

HOUSE_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 10.5,
    "axes.edgecolor": "#9ca3af",
    "axes.labelcolor": INK,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.frameon": False,
    "legend.fontsize": 9.5,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "text.color": INK,
    "svg.fonttype": "none",
}

# Marker shapes that echo the status icons, for charts where a status is a dot.
STATUS_MARKERS = {
    "target_achieved": "o",
    "substantial_progress": "^",
    "moderate_progress": "D",
    "limited_progress": "v",
    "deterioration": "X",
    "not_available": "s",
}


def house_style(func: Callable[..., Figure]) -> Callable[..., Figure]:
    """Build the figure under the house style (rcParams are read when artists are made)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Figure:
        with matplotlib.rc_context(HOUSE_STYLE):
            return func(*args, **kwargs)

    return wrapper


def new_figure(width: float = WIDTH, height: float = HEIGHT) -> Figure:
    """Return an empty figure with an Agg canvas, outside pyplot (nothing global to close)."""
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def figure_axes(ax: Any, width: float, height: float) -> tuple[Figure, Any]:
    """A new figure of ``width`` x ``height`` inches and its axes; or, given ``ax``, its figure
    and ``ax`` itself, drawn into as the caller laid it out."""
    if ax is not None:
        return ax.figure, ax
    fig = new_figure(width, height)
    return fig, fig.add_subplot()


def figure_png(fig: Figure, *, dpi: int = SAVE_DPI, colours: int = 128) -> bytes:
    """Render a figure to PNG bytes, small enough to embed in a brief.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    dpi : int, default 200
        Twice the figure's 100 dpi, so that phones with dense screens show it sharp.
    colours : int, default 128
        The image is reduced to a palette of this many colours (charts have few colours and
        anti-aliased edges survive it), which makes it three to four times smaller. 0 keeps
        full colour.

    Returns
    -------
    bytes
    """
    from PIL import Image

    # Draw once at the target resolution and encode from the raw buffer (one PNG encode).
    fig.set_dpi(dpi)
    fig.canvas.draw()
    size = fig.canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", size, fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image = image.convert("RGB")
    if colours:
        image = image.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=0)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    fig.set_dpi(100)
    return out.getvalue()


def darken(colour: str, amount: float = 0.35) -> tuple[float, float, float]:
    """``colour`` darkened by ``amount`` (0: unchanged, 1: black), as an RGB tuple."""
    red, green, blue = to_rgb(colour)
    return (red * (1 - amount), green * (1 - amount), blue * (1 - amount))


def text_on(colour: Any) -> str:
    """Black or white text, whichever reads better on ``colour`` (WCAG relative luminance)."""
    channels = []
    for c in to_rgb(colour):
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "#111111" if luminance > 0.36 else "#ffffff"


def axis_formatter(unit: str, lang: str) -> FuncFormatter:
    """Tick labels in the reader's number format, with a % sign for percentages."""

    def fmt(value: float, _pos: int) -> str:
        text = i18n.format_number(value, lang, 1 if unit in ("percent", "count") else 3)
        return f"{text}%" if unit == "percent" else text

    return FuncFormatter(fmt)


def status_legend(
    fig: Figure, present: Iterable[str], lang: str, *, as_markers: bool = False
) -> None:
    """Put a legend of the statuses shown, in the plan's order, under the figure: coloured
    patches for bars and tiles, the status markers for a chart whose points carry them."""
    shown = set(present)
    handles = []
    for status in (s for s in i18n.STATUS_ORDER if s in shown):
        colour = i18n.status_colour(status)
        label = i18n.status_label(status, lang)
        if as_markers:
            marker = STATUS_MARKERS[status]
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="none",
                    marker=marker,
                    color=colour,
                    mec=darken(colour, 0.45),
                    ms=7,
                    label=label,
                )
            )
        else:
            handles.append(Patch(facecolor=colour, label=f"{i18n.status_icon(status)} {label}"))
    fig.legend(
        handles=handles, loc="outside lower center", ncols=_legend_columns(handles), fontsize=9
    )


def _legend_columns(handles: Sequence[Any]) -> int:
    """Two legend columns when the labels are short enough to sit side by side."""
    longest = max((len(h.get_label()) for h in handles), default=0)
    return 2 if longest <= 26 else 1


def empty_axes(ax: Any, lang: str) -> None:
    """Turn the axes off and say there are no data yet."""
    ax.set_axis_off()
    ax.text(
        0.5, 0.5, i18n.label("no_data", lang), ha="center", va="center", color=MUTED, fontsize=12
    )
