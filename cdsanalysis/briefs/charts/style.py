"""The house style of the figures and the pieces every figure shares.

Colours, sizes and rcParams; a figure outside pyplot and its PNG; the legend of the statuses;
the ink that reads on a colour (WCAG contrast); the value axis in the reader's number format
(a percent axis runs 0-100); the alt text a figure carries.
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
from matplotlib.ticker import FixedLocator, FuncFormatter

from cdsanalysis.base import i18n

INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
TARGET_INK = "#374151"
CONTEXT = "#9ca3af"
BAND = "#e5e7eb"
NO_DATA = "#f3f4f6"
# Values that are not statuses take a hue no status uses (the statuses are blue, bluish green,
# yellow, orange, vermillion and grey): a value scale in purples, a single-colour bar in purple.
SEQUENTIAL_CMAP = "Purples"
VALUE_BAR = "#6a51a3"
DARK_INK = "#111111"
#: WCAG AA for normal text: text and badges reach this contrast with their background.
MIN_CONTRAST = 4.5

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
    # zlib's default level: a tenth of the time of its highest for about 9 % more bytes.
    image.save(out, format="PNG", compress_level=6)
    fig.set_dpi(100)
    return out.getvalue()


def darken(colour: str, amount: float = 0.35) -> tuple[float, float, float]:
    """``colour`` darkened by ``amount`` (0: unchanged, 1: black), as an RGB tuple."""
    red, green, blue = to_rgb(colour)
    return (red * (1 - amount), green * (1 - amount), blue * (1 - amount))


def relative_luminance(colour: Any) -> float:
    """WCAG 2 relative luminance of ``colour`` (0: black, 1: white)."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(first: Any, second: Any) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white).

    Examples
    --------
    >>> round(contrast_ratio("#ffffff", "#009E73"), 2), round(contrast_ratio("#fff", "#999"), 2)
    (3.42, 2.85)
    """
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(colour: Any) -> str:
    """The ink, white or near-black, with the higher contrast on ``colour``.

    Every status colour then reaches :data:`MIN_CONTRAST` (white on #009E73 would be 3.4:1,
    near-black is 5.5:1); pure black is the fallback for a colour where neither reaches it.
    """
    best = max(("#ffffff", DARK_INK), key=lambda ink: contrast_ratio(ink, colour))
    return best if contrast_ratio(best, colour) >= MIN_CONTRAST else "#000000"


def readable_on(colour: Any, background: Any = "white") -> tuple[float, float, float]:
    """``colour`` darkened just enough to read as text on ``background`` (4.5:1)."""
    amount = 0.0
    while contrast_ratio(darken(colour, amount), background) < MIN_CONTRAST and amount < 1:
        amount += 0.05
    return darken(colour, min(amount, 1.0))


def axis_formatter(unit: str, lang: str) -> FuncFormatter:
    """Tick labels in the reader's number format, with a % sign for percentages."""

    def fmt(value: float, _pos: int) -> str:
        text = i18n.format_number(value, lang, 1 if unit in ("percent", "count") else 3)
        return f"{text}%" if unit == "percent" else text

    return FuncFormatter(fmt)


def percent_axis(axis: Any, lang: str) -> None:
    """A share's axis: 0 to 100 %, ticked every 20 and never past 100.

    The axis is never cut: a change of two points looks like what it is. Labels that need room
    beyond 100 % sit outside the axes (see :func:`value_column`).
    """
    if axis.axis_name == "x":
        axis.axes.set_xlim(0, 100)
    else:
        axis.axes.set_ylim(0, 100)
    axis.set_major_locator(FixedLocator([0, 20, 40, 60, 80, 100]))
    axis.set_major_formatter(axis_formatter("percent", lang))


def value_column(ax: Any, position: float, text: str, **style: Any) -> Any:
    """Write ``text`` in a column right of the axes, level with row ``position``.

    Value labels of a horizontal bar or dot chart sit there, one per row: they never cross a
    bar, a target line or each other, and the value axis keeps its honest range.
    """
    return ax.annotate(
        text,
        (1.0, position),
        xycoords=("axes fraction", "data"),
        xytext=(6, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=9.5,
        color=INK,
        annotation_clip=False,
        **style,
    )


def label_height(fontsize: float) -> float:
    """Height in points of a one-line label in a :data:`LABEL_BOX` (text, descent and padding)."""
    return fontsize * 1.2 + 2 * LABEL_BOX["pad"]


def axes_points(ax: Any, value: float) -> float:
    """Where ``value`` sits, in points above the axes' bottom (an inverted axis counts too).

    Read before the layout runs (from the axes' nominal place), so a little off the final
    figure: callers keep a few points of margin.
    """
    low, high = ax.get_ylim()
    height = ax.get_position().height * ax.figure.get_size_inches()[1] * 72
    return (value - low) / (high - low) * height


def clear_offset(
    ax: Any,
    value: float,
    height: float,
    avoid: Sequence[tuple[float, float]],
    preferred: Sequence[float] = (8.0, -22.0),
    margin: float = 4.0,
) -> float:
    """A vertical offset in points for a label at ``value`` (drawn ``va="bottom"``) that keeps
    it clear of the bands in ``avoid`` (points above the axes' bottom: a target line, labels
    placed before) and inside the axes.

    The ``preferred`` offsets are tried first, then the places just above and just below each
    band; the smallest move that is clear wins.
    """
    at = axes_points(ax, value)
    top = ax.get_position().height * ax.figure.get_size_inches()[1] * 72

    def clear(offset: float) -> bool:
        low, high = at + offset, at + offset + height
        inside = low >= 0 and high <= top
        return inside and all(high + margin <= a or low - margin >= b for a, b in avoid)

    for offset in preferred:
        if clear(offset):
            return offset
    candidates = [b + margin + 1 - at for _, b in avoid] + [
        a - margin - 1 - height - at for a, _ in avoid
    ]
    fits = [o for o in candidates if clear(o)]
    return min(fits, key=abs) if fits else preferred[0]


def set_alt(fig: Figure, text: str) -> Figure:
    """Attach the figure's alt text (its type and its message) and return the figure."""
    fig.alt_text = text  # read by :func:`alt_text`; a brief puts it in the <img alt>
    return fig


def alt_text(fig: Figure) -> str:
    """The alt text a chart function attached to ``fig`` ("" when none).

    Every chart of :mod:`cdsanalysis.briefs.charts` names its type (line, bar, dot, tile map,
    grid) and states its message, with how many of its values are synthetic.
    """
    return str(getattr(fig, "alt_text", "") or "")


def status_legend(
    fig: Figure,
    present: Iterable[str],
    lang: str,
    *,
    as_markers: bool = False,
    extra: Sequence[Any] = (),
) -> None:
    """Put a legend of the statuses shown, in the plan's order, under the figure: coloured
    patches for bars and tiles, the status markers for a chart whose points carry them.
    ``extra`` handles (the provenance marks) follow in the same legend."""
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
    handles += list(extra)
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
