"""Figures in one house style: series against their target, areas, status grids, tile maps.

Every function returns a :class:`matplotlib.figure.Figure` built without pyplot, so that nothing
is shown or kept in a global state (a notebook displays the figure it is given, a brief embeds it
with :func:`figure_png`). The font is DejaVu Sans, shipped with matplotlib, because it has every
Vietnamese diacritic and the status icons (✔ ▲ ◆ ▼ ✖). A status is never shown by colour alone:
its icon or marker shape goes with it.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing
from cdsanalysis.briefs.narrative import format_number, format_value, period_label, period_short, t

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
_LABEL_BOX = dict(facecolor="white", edgecolor="none", alpha=0.85, pad=1.0)

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

_TYPE_ABBREVIATIONS = {
    "thành phố": "TP.",
    "thị xã": "TX.",
    "huyện": "H.",
    "phường": "P.",
    "xã": "X.",
    "thị trấn": "TT.",
    "tỉnh": "",
}


def _styled(func: Callable[..., Figure]) -> Callable[..., Figure]:
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


def short_area_name(name: Any) -> str:
    """Abbreviate an area's type word as Vietnamese readers do: "TP. Thủ Dầu Một", "H. Bàu Bàng"."""
    from cdsanalysis.base.geography import split_type_prefix

    if not isinstance(name, str) or not name.strip():
        return "–"
    unit_type, bare = split_type_prefix(name)
    prefix = _TYPE_ABBREVIATIONS.get(unit_type or "", "")
    return f"{prefix} {bare}".strip()


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _get(series: Mapping[str, Any], key: str, default: Any = None) -> Any:
    value = series.get(key, default) if hasattr(series, "get") else default
    if isinstance(value, float) and math.isnan(value):
        return default
    if value is pd.NA:
        return default
    return value


def _darken(colour: str, amount: float = 0.35) -> tuple[float, float, float]:
    red, green, blue = to_rgb(colour)
    return (red * (1 - amount), green * (1 - amount), blue * (1 - amount))


def _text_on(colour: Any) -> str:
    """Black or white text, whichever reads better on ``colour`` (WCAG relative luminance)."""
    channels = []
    for c in to_rgb(colour):
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "#111111" if luminance > 0.36 else "#ffffff"


def _axis_formatter(unit: str, lang: str) -> FuncFormatter:
    def fmt(value: float, _pos: int) -> str:
        text = format_number(value, lang, 1 if unit in ("percent", "count") else 3)
        return f"{text}%" if unit == "percent" else text

    return FuncFormatter(fmt)


def _status_chip(fig: Figure, status: str, lang: str, x: float = 0.01, y: float = 0.99) -> None:
    colour = i18n.status_colour(status)
    fig.text(
        x,
        y,
        f" {i18n.status_icon(status)} {i18n.status_label(status, lang)} ",
        ha="left",
        va="top",
        fontsize=10,
        fontweight="bold",
        color=_text_on(colour),
        bbox=dict(boxstyle="round,pad=0.3", facecolor=colour, edgecolor="none"),
    )


def _status_legend(
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
                    mec=_darken(colour, 0.45),
                    ms=7,
                    label=label,
                )
            )
        else:
            handles.append(Patch(facecolor=colour, label=f"{i18n.status_icon(status)} {label}"))
    fig.legend(
        handles=handles, loc="outside lower center", ncols=_legend_columns(handles), fontsize=9
    )


def _vertical_target(
    ax: Axes, target: float, text: str | None, *, left_of_line: bool = False
) -> None:
    """The target as a dashed vertical line with its words at the top, right of the line or,
    where the line sits near the right edge (a 100% milestone), left of it."""
    ax.axvline(target, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)))
    if text:
        ax.annotate(
            text,
            (target, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3 if left_of_line else 3, 2),
            textcoords="offset points",
            ha="right" if left_of_line else "left",
            va="bottom",
            fontsize=9,
            color=TARGET_INK,
        )


def _legend_columns(handles: Sequence[Any]) -> int:
    """Two legend columns when the labels are short enough to sit side by side."""
    longest = max((len(h.get_label()) for h in handles), default=0)
    return 2 if longest <= 26 else 1


def _with_gaps(years: Sequence[int], values: Sequence[float]) -> tuple[list, list]:
    """Insert a break where years are missing, so that a line never bridges a gap."""
    xs: list[float] = []
    ys: list[float] = []
    for i, (year, value) in enumerate(zip(years, values, strict=True)):
        if i and year - years[i - 1] > 1:
            xs.append(float("nan"))
            ys.append(float("nan"))
        xs.append(year)
        ys.append(value)
    return xs, ys


def _years(series: Mapping[str, Any]) -> list[int]:
    return [int(y) for y in (_get(series, "years") or [])]


def _values(series: Mapping[str, Any]) -> list[float]:
    return [float(v) for v in (_get(series, "values") or [])]


def _deadline_year(series: Mapping[str, Any]) -> int | None:
    deadline = _get(series, "deadline")
    if deadline is None or deadline == "":
        return None
    return int(str(deadline)[:4])


# --------------------------------------------------------------------------------------------
# One series against its target
# --------------------------------------------------------------------------------------------


@_styled
def plot_series(
    series: Mapping[str, Any],
    *,
    lang: str = "vi",
    context: Mapping[str, Any] | None = None,
    band: Mapping[str, Sequence[float]] | None = None,
    rank_of: int | None = None,
    width: float = WIDTH,
    height: float = HEIGHT,
) -> Figure:
    """Plot one target series: its history, the target, the projection to the deadline, its status.

    Parameters
    ----------
    series : mapping
        One row of :func:`cdsanalysis.assess` (a ``pandas.Series`` or a dict) with at least
        ``years``, ``values``, ``kind``, ``unit``, ``comparison``, ``target``, ``deadline`` and
        ``status``; ``projected_value``, ``latest_period`` and ``partial_year`` are used when
        present.
    lang : {"vi", "en"}, default "vi"
    context : mapping, optional
        A second series (``years``, ``values``) drawn as a thin grey line, e.g. the province-wide
        value beside a sector's own.
    band : mapping, optional
        ``years``, ``low``, ``high``: a shaded range (the middle half of the areas).
    rank_of : int, optional
        Number ranked, for rank targets (read from ``series["rank_of"]`` when not given).
    width, height : float
        Size in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_series({"years": [2022, 2023, 2024], "values": [31.9, 40.0, 44.0],
    ...                    "kind": "level", "unit": "percent", "comparison": ">=",
    ...                    "target": 50, "deadline": "2025-12-31",
    ...                    "status": "moderate_progress", "projected_value": 50.7})
    """
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    kind = _get(series, "kind", "level")
    status = _get(series, "status", "not_available")
    years, values = _years(series), _values(series)
    if not years:
        _empty_axes(ax, lang)
        _status_chip(fig, status, lang)
        return fig
    if kind == "rank":
        _draw_rank(ax, series, years, values, lang, rank_of or _get(series, "rank_of"))
    elif kind == "growth":
        _draw_growth(ax, series, years, values, lang)
    elif kind == "yes_no":
        _draw_yes_no(ax, series, years, values, lang)
    elif kind == "milestone":
        _draw_milestone(ax, series, values, lang, context=context)
    else:
        _draw_level(ax, series, years, values, lang, context=context, band=band)
    _status_chip(fig, status, lang)
    # Room above the axes for the status chip.
    fig.get_layout_engine().set(rect=(0, 0, 1, 0.9))
    return fig


def _empty_axes(ax: Any, lang: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, t("no_data", lang), ha="center", va="center", color=MUTED, fontsize=12)


def _label_point(ax: Any, x: float, y: float, text: str, *, above: bool = True, **kw: Any) -> None:
    ax.annotate(
        text,
        (x, y),
        xytext=(0, 8 if above else -14),
        textcoords="offset points",
        ha="center",
        fontsize=10,
        fontweight=kw.pop("fontweight", "bold"),
        color=kw.pop("color", INK),
        **kw,
    )


def _draw_level(
    ax: Any,
    series: Mapping[str, Any],
    years: list[int],
    values: list[float],
    lang: str,
    *,
    context: Mapping[str, Any] | None,
    band: Mapping[str, Sequence[float]] | None,
) -> None:
    unit = _get(series, "unit", "percent")
    kind = _get(series, "kind", "level")
    status = _get(series, "status", "not_available")
    colour = i18n.status_colour(status)
    target = float(_get(series, "target"))
    deadline_year = _deadline_year(series) or years[-1]
    limit = _get(series, "limit")
    x_max = max(deadline_year, years[-1])
    x_min = min(years[0], x_max - 1)
    lows = [*values, target]
    highs = [*values, target]

    if band and band.get("years"):
        ax.fill_between(
            band["years"], band["low"], band["high"], color=BAND, lw=0, label=t("range_areas", lang)
        )
        lows += list(band["low"])
        highs += list(band["high"])
    if context and context.get("years"):
        c_years, c_values = _years(context), _values(context)
        ax.plot(
            *_with_gaps(c_years, c_values),
            color=CONTEXT,
            lw=1.6,
            ls=(0, (4, 2)),
            marker="o",
            ms=3.5,
            label=context.get("label") or t("legend_province", lang),
        )
        lows += c_values
        highs += c_values
        x_min = min(x_min, c_years[0])

    ax.plot(*_with_gaps(years, values), color=INK, lw=2.2, marker="o", ms=5, zorder=3)
    partial = bool(_get(series, "partial_year", False))
    ax.plot(
        [years[-1]],
        [values[-1]],
        marker="o",
        ms=11,
        mfc="white" if partial else colour,
        mec=_darken(colour, 0.45),
        mew=2.2,
        zorder=4,
        ls="none",
    )
    latest = format_value(values[-1], unit, lang, kind=kind)
    if partial:
        latest += f" ({period_short(_get(series, 'latest_period'), lang)})"
    higher_better = int(_get(series, "direction", 1) or 1) == 1

    projected = _get(series, "projected_value")
    if kind != "milestone" and projected is not None and deadline_year > years[-1]:
        line_colour = _darken(colour, 0.35)
        ax.plot(
            [years[-1], deadline_year],
            [values[-1], projected],
            color=line_colour,
            lw=2,
            ls=(0, (1.5, 2)),
            zorder=2,
        )
        ax.plot(
            [deadline_year],
            [projected],
            marker="D",
            ms=8,
            mfc="white",
            mec=line_colour,
            mew=2,
            ls="none",
            zorder=4,
        )
        lows.append(projected)
        highs.append(projected)
        proj_text = t(
            "projection", lang, year=deadline_year, value=format_value(projected, unit, lang)
        )
        below = projected >= target if higher_better else projected <= target
        ax.annotate(
            proj_text,
            (deadline_year, projected),
            xytext=(-6, -16 if below else 10),
            textcoords="offset points",
            ha="right",
            fontsize=9.5,
            color=line_colour,
            bbox=_LABEL_BOX,
        )

    ax.axhline(target, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)), zorder=1)
    target_text = t(
        "target_line",
        lang,
        target=_target_words(series, lang),
        year=deadline_year,
    )
    ax.annotate(
        target_text,
        (0.0, target),
        xycoords=("axes fraction", "data"),
        xytext=(2, 4),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=9.5,
        color=TARGET_INK,
        bbox=_LABEL_BOX,
    )
    # The latest value sits at the right edge: write it to the left of the point.
    ax.annotate(
        latest,
        (years[-1], values[-1]),
        xytext=(-12, 10 if values[-1] < target or not higher_better else -18),
        textcoords="offset points",
        ha="right",
        fontsize=10.5,
        fontweight="bold",
        color=INK,
        bbox=_LABEL_BOX,
        zorder=5,
    )

    low, high = min(lows), max(highs)
    span = max(high - low, 1.0)
    bottom, top = low - 0.18 * span, high + 0.22 * span
    if unit == "percent":
        bottom = max(bottom, 0.0)
        top = min(top, (float(limit) if not _missing(limit) else 100.0) + 0.14 * span)
    ax.set_ylim(bottom, top)
    ax.set_xlim(x_min - 0.4, x_max + 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(_axis_formatter(unit, lang))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    if context and context.get("years") or band and band.get("years"):
        ax.legend(loc="best", fontsize=9)


def _target_words(series: Mapping[str, Any], lang: str) -> str:
    from cdsanalysis.briefs.narrative import format_target

    return format_target(
        _get(series, "comparison", ">="),
        float(_get(series, "target")),
        _get(series, "unit", "percent"),
        _get(series, "kind", "level"),
        lang,
    )


def _draw_rank(
    ax: Any,
    series: Mapping[str, Any],
    years: list[int],
    ranks: list[float],
    lang: str,
    rank_of: Any,
) -> None:
    status = _get(series, "status", "not_available")
    colour = i18n.status_colour(status)
    target = float(_get(series, "target"))
    deadline_year = _deadline_year(series) or years[-1]
    worst = max([*ranks, target]) + 4
    x_min, x_max = min(years[0], deadline_year - 1), max(deadline_year, years[-1])
    ax.axhspan(0.5, target + 0.5, color=i18n.status_colour("target_achieved"), alpha=0.08, lw=0)
    ax.axhline(target + 0.5, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)))
    ax.annotate(
        t("target_line", lang, target=t("top_n", lang, n=int(target)), year=deadline_year),
        (0.0, target + 0.5),
        xycoords=("axes fraction", "data"),
        xytext=(2, 4),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=9.5,
        color=TARGET_INK,
        bbox=_LABEL_BOX,
    )
    ax.plot(*_with_gaps(years, ranks), color=INK, lw=2.2, marker="o", ms=5, zorder=3)
    ax.plot(
        [years[-1]],
        [ranks[-1]],
        marker="o",
        ms=11,
        mfc=colour,
        mec=_darken(colour, 0.45),
        mew=2.2,
        ls="none",
        zorder=4,
    )
    for x, y in zip(years, ranks, strict=True):
        last = x == years[-1]
        # The latest rank is written to its right, clear of the target line.
        ax.annotate(
            format_value(y, "rank", lang, rank_of=rank_of if last else None),
            (x, y),
            xytext=(12, -4) if last else (0, -18),
            textcoords="offset points",
            ha="left" if last else "center",
            fontsize=10.5 if last else 10,
            fontweight="bold" if last else "normal",
            color=INK,
            bbox=_LABEL_BOX,
        )
    ax.set_ylim(worst, 0.5)  # inverted: 1 is the best rank, at the top
    ax.set_xlim(x_min - 0.4, x_max + 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    step = 10 if worst > 25 else 5
    ax.set_yticks(sorted({1, int(target), *range(step, int(worst) + 1, step)}))
    ax.set_ylabel(t("rank_axis", lang), fontsize=9.5, color=MUTED)


def _draw_growth(
    ax: Any, series: Mapping[str, Any], years: list[int], values: list[float], lang: str
) -> None:
    target = float(_get(series, "target"))
    comparison = _get(series, "comparison", ">=")
    from cdsanalysis.assessment.series import meets

    met_colour = i18n.status_colour("target_achieved")
    short_colour = i18n.status_colour("limited_progress")
    for year, value in zip(years, values, strict=True):
        met = meets(value, target, comparison)
        ax.bar(
            year,
            value,
            width=0.6,
            color=met_colour if met else short_colour,
            hatch=None if met else "///",
            edgecolor=_darken(met_colour if met else short_colour, 0.4),
            lw=1,
        )
        face = met_colour if met else short_colour
        # Inside the bar, at its base, clear of the target and mean lines.
        ax.annotate(
            format_value(value, "percent", lang, kind="growth"),
            (year, 0),
            xytext=(0, 6 if value >= 0 else -6),
            textcoords="offset points",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=10.5,
            fontweight="bold",
            color=_text_on(face),
            bbox=dict(facecolor=face, edgecolor="none", pad=1.5),
        )
    ax.axhline(target, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)))
    ax.annotate(
        t("target_line", lang, target=_target_words(series, lang), year=_deadline_year(series)),
        (0.0, target),
        xycoords=("axes fraction", "data"),
        xytext=(2, 4),
        textcoords="offset points",
        fontsize=9.5,
        color=TARGET_INK,
        bbox=_LABEL_BOX,
    )
    mean = sum(values) / len(values)
    ax.axhline(mean, color=MUTED, lw=1, ls=":")
    ax.annotate(
        t("growth_mean", lang, value=format_value(mean, "percent", lang, kind="growth")),
        (1.0, mean),
        xycoords=("axes fraction", "data"),
        xytext=(-2, -12),
        textcoords="offset points",
        ha="right",
        fontsize=9,
        color=MUTED,
        bbox=_LABEL_BOX,
    )
    top = max([*values, target]) * 1.3 + 0.5
    bottom = min(0.0, min(values) * 1.3)
    ax.set_ylim(bottom, top)
    ax.axhline(0, color=MUTED, lw=0.8)
    ax.set_xticks(years)
    ax.yaxis.set_major_formatter(_axis_formatter("percent", lang))


def _draw_milestone(
    ax: Any,
    series: Mapping[str, Any],
    values: list[float],
    lang: str,
    *,
    context: Mapping[str, Any] | None,
) -> None:
    """A dated milestone is one share at one date: bars against the target, not a trend."""
    from cdsanalysis.briefs.narrative import format_date

    status = _get(series, "status", "not_available")
    target = float(_get(series, "target"))
    rows = [(series.get("label") or t("legend_sector", lang), values[-1], status)]
    if context and context.get("values"):
        rows.append(
            (context.get("label") or t("legend_province", lang), context["values"][-1], None)
        )
    positions = list(range(len(rows)))[::-1]
    when = _get(series, "latest_period")
    for pos, (_label, value, st) in zip(positions, rows, strict=True):
        face = i18n.status_colour(st) if st else CONTEXT
        ax.barh(pos, value, height=0.55, color=face, edgecolor=_darken(face, 0.4), lw=1)
        text = format_value(value, "percent", lang)
        if st and when:
            text = t("milestone_at", lang, value=text, date=period_label(when, lang))
        ax.annotate(
            text,
            (value, pos),
            xytext=(-6, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=10.5,
            fontweight="bold" if st else "normal",
            color=_text_on(face),
        )
    ax.axvline(target, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)))
    ax.annotate(
        t(
            "target_line",
            lang,
            target=_target_words(series, lang),
            year=format_date(_get(series, "deadline"), lang),
        ),
        (target, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(-3, 3),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=9.5,
        color=TARGET_INK,
    )
    ax.set_yticks(positions, [r[0] for r in rows])
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xlim(0, max(target, *[r[1] for r in rows]) * 1.04)
    ax.xaxis.set_major_formatter(_axis_formatter("percent", lang))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _draw_yes_no(
    ax: Any, series: Mapping[str, Any], years: list[int], values: list[float], lang: str
) -> None:
    status = _get(series, "status", "not_available")
    colour = i18n.status_colour(status)
    ax.step(years, values, where="mid", color=INK, lw=1.6)
    for year, value in zip(years, values, strict=True):
        ax.plot(
            [year],
            [value],
            marker="o",
            ms=11,
            mfc=colour if year == years[-1] else ("white" if value < 1 else INK),
            mec=_darken(colour, 0.45) if year == years[-1] else INK,
            mew=2,
            ls="none",
        )
    ax.set_yticks([0, 1], [t("no", lang), t("yes", lang)])
    ax.set_ylim(-0.4, 1.5)
    deadline_year = _deadline_year(series) or years[-1]
    ax.set_xlim(min(years[0], deadline_year - 1) - 0.5, max(deadline_year, years[-1]) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


# --------------------------------------------------------------------------------------------
# Areas
# --------------------------------------------------------------------------------------------


@_styled
def plot_areas(
    frame: pd.DataFrame,
    *,
    value: str = "latest_value",
    name: str = "geo_name",
    status: str | None = "status",
    target: float | None = None,
    unit: str = "percent",
    direction: int = 1,
    lang: str = "vi",
    target_label: str | None = None,
    width: float = WIDTH,
) -> Figure:
    """Ranked horizontal bars, one per area, coloured by status (with icons) or one colour.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area.
    value, name : str
        Columns of the value and the area's name (names are abbreviated: "TP. Dĩ An").
    status : str or None, default "status"
        Column of the status; None colours every bar alike.
    target : float, optional
        Drawn as a dashed vertical line.
    unit : str, default "percent"
    direction : {1, -1}, default 1
        +1: the highest value ranks first.
    lang : {"vi", "en"}, default "vi"
    target_label : str, optional
        Words beside the target line (e.g. "≥ 80%").
    width : float
        Width in inches; the height grows with the number of areas.

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = frame[frame[value].notna()].copy()
    data["_name"] = [short_area_name(n) for n in data[name]]
    data = data.sort_values([value, "_name"], ascending=[direction != 1, True], kind="mergesort")
    n = max(len(data), 1)
    fig = new_figure(width, 0.8 + 0.34 * n)
    ax = fig.add_subplot()
    if data.empty:
        _empty_axes(ax, lang)
        return fig
    positions = np.arange(len(data))[::-1]
    colours = (
        [i18n.status_colour(s) for s in data[status]]
        if status
        else [i18n.status_colour("target_achieved")] * len(data)
    )
    ax.barh(positions, data[value], height=0.68, color=colours, edgecolor="none")
    ax.set_yticks(positions, data["_name"])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    high = float(data[value].max())
    for pos, val, st in zip(
        positions, data[value], data[status] if status else [None] * len(data), strict=True
    ):
        label = format_value(val, unit, lang)
        if st:
            label = f"{i18n.status_icon(st)} {label}"
        ax.annotate(
            label,
            (val, pos),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9.5,
            color=INK,
            bbox=_LABEL_BOX,
            zorder=5,
        )
    limit = max(high, target or 0)
    if target is not None:
        _vertical_target(ax, target, target_label or format_value(target, unit, lang))
    ax.set_xlim(0, limit * 1.22 if limit > 0 else 1)
    if unit == "percent":
        ax.set_xlim(0, min(limit * 1.22, 118) if limit > 0 else 100)
    ax.xaxis.set_major_formatter(_axis_formatter(unit, lang))
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig


@_styled
def plot_area_strip(
    frame: pd.DataFrame,
    *,
    group: str = "district",
    value: str = "latest_value",
    status: str = "status",
    target: float | None = None,
    unit: str = "percent",
    lang: str = "vi",
    target_label: str | None = None,
    width: float = WIDTH,
) -> Figure:
    """One row per group (district), one dot per area (commune), shaped and coloured by status.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per commune, with ``group``, ``value`` and ``status`` columns.
    group, value, status : str
        Column names.
    target : float, optional
        Drawn as a dashed vertical line.
    unit : str, default "percent"
    lang : {"vi", "en"}, default "vi"
    target_label : str, optional
    width : float

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = frame[frame[value].notna()].copy()
    groups = (
        data.groupby(group)[value].median().sort_values(ascending=False).index.tolist()
        if len(data)
        else []
    )
    fig = new_figure(width, 1.1 + 0.36 * max(len(groups), 1))
    ax = fig.add_subplot()
    if data.empty:
        _empty_axes(ax, lang)
        return fig
    positions = {g: len(groups) - 1 - i for i, g in enumerate(groups)}
    present = []
    for st, part in data.groupby(status, sort=False):
        # Deterministic jitter, so the same data give the same picture.
        offsets = [((i * 37) % 9 - 4) * 0.045 for i in range(len(part))]
        ys = [positions[g] + o for g, o in zip(part[group], offsets, strict=True)]
        ax.scatter(
            part[value],
            ys,
            s=34,
            marker=STATUS_MARKERS.get(st, "o"),
            color=i18n.status_colour(st),
            edgecolor=_darken(i18n.status_colour(st), 0.45),
            linewidth=0.7,
            zorder=3,
        )
        present.append(st)
    ax.set_yticks(list(positions.values()), [short_area_name(g) for g in positions])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    if target is not None:
        _vertical_target(ax, target, target_label or format_value(target, unit, lang))
    ax.xaxis.set_major_formatter(_axis_formatter(unit, lang))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _status_legend(fig, present, lang, as_markers=True)
    return fig


# --------------------------------------------------------------------------------------------
# Status grid
# --------------------------------------------------------------------------------------------


@_styled
def plot_status_grid(
    frame: pd.DataFrame,
    *,
    rows: str = "target",
    cols: str = "sector",
    status: str = "status",
    lang: str = "vi",
    row_labels: Mapping[str, str] | None = None,
    col_labels: Mapping[str, str] | None = None,
    row_order: Sequence[str] | None = None,
    col_order: Sequence[str] | None = None,
) -> Figure:
    """A grid of cells, one per (row, column), each coloured by status and marked with its icon.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per cell with ``rows``, ``cols`` and ``status`` columns; a missing cell is left
        blank (the target does not apply there).
    rows, cols, status : str
        Column names.
    lang : {"vi", "en"}, default "vi"
    row_labels, col_labels : mapping, optional
        Display names of the row and column keys.
    row_order, col_order : sequence, optional
        Order of the keys (default: order of first appearance).

    Returns
    -------
    matplotlib.figure.Figure
    """
    row_keys = list(row_order) if row_order is not None else list(dict.fromkeys(frame[rows]))
    col_keys = list(col_order) if col_order is not None else list(dict.fromkeys(frame[cols]))
    row_labels = {k: str(row_labels.get(k, k)) for k in row_keys} if row_labels else {}
    col_labels = {k: str(col_labels.get(k, k)) for k in col_keys} if col_labels else {}
    # Size the figure from its labels, so that nothing is cut (about 0.075 in a character).
    cell = 0.4
    label_width = 0.3 + 0.075 * max((len(row_labels.get(r, r)) for r in row_keys), default=4)
    header = 0.3 + 0.055 * max((len(col_labels.get(c, c)) for c in col_keys), default=4)
    fig = new_figure(label_width + cell * len(col_keys) + 0.6, header + cell * len(row_keys) + 1.0)
    ax = fig.add_subplot()
    ax.grid(False)
    lookup = {(r, c): s for r, c, s in zip(frame[rows], frame[cols], frame[status], strict=True)}
    present = set()
    for i, r in enumerate(row_keys):
        for j, c in enumerate(col_keys):
            st = lookup.get((r, c))
            if st is None:
                continue
            present.add(st)
            colour = i18n.status_colour(st)
            ax.add_patch(
                Rectangle((j + 0.06, i + 0.06), 0.88, 0.88, facecolor=colour, edgecolor="white")
            )
            ax.text(
                j + 0.5,
                i + 0.53,
                i18n.status_icon(st),
                ha="center",
                va="center",
                fontsize=11,
                color=_text_on(colour),
                fontweight="bold",
            )
    ax.set_xlim(0, len(col_keys))
    ax.set_ylim(len(row_keys), 0)
    ax.set_xticks(
        [j + 0.5 for j in range(len(col_keys))],
        [col_labels.get(c, c) for c in col_keys],
        rotation=35,
        ha="left",
        rotation_mode="anchor",
        fontsize=9.5,
    )
    ax.xaxis.tick_top()
    ax.set_yticks(
        [i + 0.5 for i in range(len(row_keys))],
        [row_labels.get(r, r) for r in row_keys],
        fontsize=9.5,
    )
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _status_legend(fig, present, lang)
    return fig


# --------------------------------------------------------------------------------------------
# Tile map
# --------------------------------------------------------------------------------------------


@_styled
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

    Returns
    -------
    matplotlib.figure.Figure
    """
    values = {str(k): v for k, v in dict(values).items()}
    # A pandas Series is accepted like any mapping (and has no truth value of its own).
    statuses = {} if statuses is None else {str(k): v for k, v in dict(statuses).items()}
    names = {**TILE_NAMES, **({} if names is None else {str(k): v for k, v in dict(names).items()})}
    fig = new_figure(width, width * 1.12)
    ax = fig.add_subplot()
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
        value = values.get(code)
        st = statuses.get(code)
        has_value = not _missing(value)
        if st:
            face = i18n.status_colour(st)
        elif has_value:
            face = value_colour(value)
        else:
            face = NO_DATA
        x, y = col, -row
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
        ink = _text_on(face)
        ax.text(
            x + 0.5,
            y + 0.7,
            _wrap(names.get(code, code)),
            ha="center",
            va="center",
            fontsize=10,
            color=ink,
            linespacing=1.0,
        )
        shown = format_value(value, unit, lang) if has_value else t("tile_no_data", lang)
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
        _status_legend(fig, statuses.values(), lang)
    elif numbers:
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
        bar.ax.xaxis.set_major_formatter(_axis_formatter(unit, lang))
        bar.ax.tick_params(labelsize=9)
        bar.outline.set_visible(False)
    return fig


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


@_styled
def plot_milestone(
    frame: pd.DataFrame,
    *,
    label: str = "label",
    value: str = "latest_value",
    status: str = "status",
    target: float = 100.0,
    lang: str = "vi",
    target_label: str | None = None,
    width: float = WIDTH,
) -> Figure:
    """Bars of a milestone's share done by unit (e.g. 2023 movement plans issued by sector).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per unit with ``label``, ``value`` (percent) and ``status`` columns; rows
        without a value are drawn as "no data".
    label, value, status : str
        Column names.
    target : float, default 100
    lang : {"vi", "en"}, default "vi"
    target_label : str, optional
    width : float

    Returns
    -------
    matplotlib.figure.Figure
    """
    data = frame.reset_index(drop=True)
    fig = new_figure(width, 0.8 + 0.36 * max(len(data), 1))
    ax = fig.add_subplot()
    if data.empty:
        _empty_axes(ax, lang)
        return fig
    positions = np.arange(len(data))[::-1]
    for pos, (_, row) in zip(positions, data.iterrows(), strict=True):
        st = row[status]
        val = row[value]
        if _missing(val):
            ax.annotate(
                f"{i18n.status_icon(st)} {t('no_data', lang)}",
                (0, pos),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9.5,
                color=MUTED,
            )
            continue
        ax.barh(pos, val, height=0.68, color=i18n.status_colour(st))
        ax.annotate(
            f"{i18n.status_icon(st)} {format_value(val, 'percent', lang)}",
            (val, pos),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9.5,
        )
    _vertical_target(ax, target, target_label, left_of_line=True)
    ax.set_yticks(positions, list(data[label]))
    ax.set_ylim(-0.6, len(data) - 0.4)  # a row without a bar keeps its place, off the axis
    ax.set_xlim(0, 122)
    ax.xaxis.set_major_formatter(_axis_formatter("percent", lang))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig
