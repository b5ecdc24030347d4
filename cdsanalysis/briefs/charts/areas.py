"""Areas compared: ranked bars, communes as dots by district, a milestone's share by unit.

The comparison of areas is drawn with seaborn: the ranked bars with :func:`seaborn.barplot`,
and behind the communes' dots, each district's middle half and median with
:func:`seaborn.boxplot`. seaborn is called plainly under the house style (no theme is set),
with full saturation so that a bar's colour is exactly its status's colour.

A share's axis runs 0-100 %; the values are written in a column right of the axes, clear of the
bars, the target line and each other; each value carries its provenance mark (official,
published, estimate, synthetic: :mod:`~cdsanalysis.briefs.charts.marks`) and the legend says
which are synthetic. Each figure carries its alt text (:func:`~.style.alt_text`).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing
from cdsanalysis.briefs.charts.marks import (
    DOT_FILL,
    chart_legend,
    draw_marks,
    fill_handles,
    mark_handles,
    row_marks,
)
from cdsanalysis.briefs.charts.style import (
    BAND,
    CONTEXT,
    MUTED,
    STATUS_MARKERS,
    TARGET_INK,
    VALUE_BAR,
    WIDTH,
    axis_formatter,
    darken,
    empty_axes,
    figure_axes,
    house_style,
    percent_axis,
    set_alt,
    status_legend,
    value_column,
)
from cdsanalysis.briefs.charts.words import met_clause, values_sentence, words
from cdsanalysis.briefs.narrative import format_value

_TYPE_ABBREVIATIONS = {
    "thành phố": "TP.",
    "thị xã": "TX.",
    "huyện": "H.",
    "phường": "P.",
    "xã": "X.",
    "thị trấn": "TT.",
    "tỉnh": "",
}


def short_area_name(name: Any) -> str:
    """Abbreviate an area's type word as Vietnamese readers do: "TP. Thủ Dầu Một", "H. Bàu Bàng"."""
    from cdsanalysis.base.geography import split_type_prefix

    if not isinstance(name, str) or not name.strip():
        return "–"
    unit_type, bare = split_type_prefix(name)
    prefix = _TYPE_ABBREVIATIONS.get(unit_type or "", "")
    return f"{prefix} {bare}".strip()


def _vertical_target(ax: Axes, target: float, text: str | None) -> None:
    """The target as a dashed vertical line with its words above the axes: right of the line
    or, where the line sits in the right fifth of the axis (a 100% milestone), left of it."""
    ax.axvline(target, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)))
    if not text:
        return
    low, high = ax.get_xlim()
    left_of_line = (target - low) > 0.8 * (high - low)
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


def _value_axis(ax: Axes, unit: str, lang: str, high: float) -> None:
    """A share's axis 0-100 %; any other unit from 0 to a little past the highest value."""
    if unit == "percent":
        percent_axis(ax.xaxis, lang)
        return
    ax.set_xlim(0, high * 1.08 if high > 0 else 1)
    ax.xaxis.set_major_formatter(axis_formatter(unit, lang))


def _row_axes(ax: Axes, positions: Any, names: Any, rows: int) -> None:
    """Rows named on the left, no horizontal grid, no left spine."""
    ax.set_yticks(positions, names)
    ax.set_ylim(-0.6, rows - 0.4)  # a row without a bar keeps its place, off the axis
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _check_columns(frame: pd.DataFrame, columns: Any, lang: str) -> None:
    for column in columns:
        if column and column not in frame.columns:
            from cdsanalysis.errors import unknown

            raise unknown("cột", "column", column, map(str, frame.columns), lang=lang)


def _named_value(name: str, val: float, unit: str, lang: str) -> str:
    return f"{name} {format_value(val, unit, lang)}"


@house_style
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
    ax: Any = None,
) -> Figure:
    """Ranked horizontal bars, one per area, coloured by status (with icons) or one colour.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area. A ``mark`` column (or ``provenance``, see
        :func:`~cdsanalysis.briefs.charts.marks.row_marks`) marks each bar's end by the value's
        provenance, with a legend.
    value, name : str
        Columns of the value and the area's name (names are abbreviated: "TP. Dĩ An").
    status : str or None, default "status"
        Column of the status; None colours every bar alike (in a colour no status uses).
    target : float, optional
        Drawn as a dashed vertical line.
    unit : str, default "percent"
        A percent axis runs 0-100.
    direction : {1, -1}, default 1
        +1: the highest value ranks first.
    lang : {"vi", "en"}, default "vi"
    target_label : str, optional
        Words beside the target line (e.g. "≥ 80%").
    width : float
        Width in inches; the height grows with the number of areas.

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``; its alt text names the chart and its extremes.
    """
    _check_columns(frame, (value, name, status), lang)
    data = frame[frame[value].notna()].copy()
    data["_name"] = [short_area_name(n) for n in data[name]]
    data = data.sort_values([value, "_name"], ascending=[direction != 1, True], kind="mergesort")
    fig, ax = figure_axes(ax, width, 0.8 + 0.34 * max(len(data), 1))
    if data.empty:
        empty_axes(ax, lang)
        return set_alt(fig, words("alt_no_data", lang))
    positions = np.arange(len(data))[::-1]
    statuses = list(data[status]) if status else [None] * len(data)
    _ranked_bars(ax, data[value], positions, statuses)
    _row_axes(ax, positions, data["_name"], len(data))
    _value_axis(ax, unit, lang, float(data[value].max()))
    marks = row_marks(data)
    drawn = draw_marks(ax, list(data[value]), list(positions), marks, ms=6.5, halo=True, zorder=4)
    for pos, val, st in zip(positions, data[value], statuses, strict=True):
        label = format_value(val, unit, lang)
        value_column(ax, pos, f"{i18n.status_icon(st)} {label}" if st else label)
    target_text = None
    if target is not None:
        target_text = target_label or format_value(target, unit, lang)
        _vertical_target(ax, target, target_text)
    chart_legend(fig, mark_handles(drawn, lang, lines=False))
    best, worst = data.iloc[0], data.iloc[-1]
    alt = words(
        "alt_areas",
        lang,
        n=len(data),
        best=_named_value(best["_name"], best[value], unit, lang),
        worst=_named_value(worst["_name"], worst[value], unit, lang),
        met=met_clause(statuses, target_text, lang),
    )
    return set_alt(fig, alt + values_sentence(marks, lang))


def _ranked_bars(ax: Axes, values: pd.Series, positions: np.ndarray, statuses: list) -> None:
    """One horizontal bar per row at its position, in its status's colour (or the value colour).

    The positions are kept as numbers (``native_scale``), so that the marks and the value
    column drawn after find each bar where they expect it.
    """
    keys = [s or "_value" for s in statuses]
    palette = {k: (i18n.status_colour(k) if k != "_value" else VALUE_BAR) for k in keys}
    sns.barplot(
        x=list(values),
        y=list(positions),
        hue=keys,
        palette=palette,
        orient="h",
        native_scale=True,
        dodge=False,
        width=0.68,
        saturation=1,  # seaborn greys its colours by default: a status keeps its own colour
        errorbar=None,
        legend=False,
        edgecolor="none",
        ax=ax,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")


@house_style
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
    ax: Any = None,
) -> Figure:
    """One row per group (district), one dot per area (commune), shaped and coloured by status.

    A dot's fill shows its value's provenance (:data:`~.marks.DOT_FILL`: solid for a real
    figure, hollow for a synthetic one, half for an estimate); the legend lists the statuses and
    the fills shown.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per commune, with ``group``, ``value`` and ``status`` columns, and ``mark`` or
        ``provenance`` for the fill.
    group, value, status : str
        Column names.
    target : float, optional
        Drawn as a dashed vertical line.
    unit : str, default "percent"
        A percent axis runs 0-100.
    lang : {"vi", "en"}, default "vi"
    target_label : str, optional
    width : float

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``; its alt text names the chart and its range.
    """
    data = frame[frame[value].notna()].copy()
    medians = data.groupby(group)[value].median().sort_values(ascending=False)
    groups = medians.index.tolist()
    fig, ax = figure_axes(ax, width, 1.1 + 0.36 * max(len(groups), 1))
    if data.empty:
        empty_axes(ax, lang)
        return set_alt(fig, words("alt_no_data", lang))
    data["_mark"] = row_marks(data)
    positions = {g: len(groups) - 1 - i for i, g in enumerate(groups)}
    _middle_half_boxes(ax, data[value], [positions[g] for g in data[group]])
    for (st, mark), part in data.groupby([status, "_mark"], sort=False):
        _draw_dots(ax, part, positions, group, value, st, mark)
    ax.set_yticks(list(positions.values()), [short_area_name(g) for g in positions])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    _value_axis(ax, unit, lang, float(data[value].max()))
    target_text = None
    if target is not None:
        target_text = target_label or format_value(target, unit, lang)
        _vertical_target(ax, target, target_text)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    marks = list(data["_mark"])
    box = Patch(facecolor=BAND, edgecolor=CONTEXT, label=words("legend_middle_half", lang))
    status_legend(
        fig, data[status].unique(), lang, as_markers=True, extra=[box, *fill_handles(marks, lang)]
    )
    alt = words(
        "alt_strip",
        lang,
        n=len(data),
        groups=len(groups),
        top=_named_value(short_area_name(groups[0]), medians.iloc[0], unit, lang),
        bottom=_named_value(short_area_name(groups[-1]), medians.iloc[-1], unit, lang),
        low=format_value(float(data[value].min()), unit, lang),
        high=format_value(float(data[value].max()), unit, lang),
        met=met_clause(data[status], target_text, lang),
    )
    return set_alt(fig, alt + values_sentence(marks, lang))


def _middle_half_boxes(ax: Axes, values: pd.Series, positions: list[int]) -> None:
    """Behind each group's dots, a box over its middle half with a bar at its median.

    Neither whiskers nor outliers: every value is a dot already. The box is grey, the band
    colour of the middle half in the line charts; no status uses it.
    """
    with warnings.catch_warnings():
        # seaborn 0.13 still passes matplotlib's deprecated ``vert``; the brief must not show it.
        warnings.filterwarnings("ignore", message=".*vert: bool.*", category=DeprecationWarning)
        _boxes(ax, values, positions)
    ax.set_xlabel("")
    ax.set_ylabel("")


def _boxes(ax: Axes, values: pd.Series, positions: list[int]) -> None:
    sns.boxplot(
        x=list(values),
        y=positions,
        orient="h",
        native_scale=True,
        width=0.6,
        whis=0,
        showcaps=False,
        showfliers=False,
        color=BAND,
        saturation=1,
        linecolor=CONTEXT,
        linewidth=1,
        medianprops={"color": MUTED, "linewidth": 1.8},
        whiskerprops={"linewidth": 0},
        ax=ax,
        zorder=1,
    )


def _draw_dots(
    ax: Axes,
    part: pd.DataFrame,
    positions: dict,
    group: str,
    value: str,
    st: str,
    mark: str,
) -> None:
    """The dots of one status and one provenance: the status's shape and colour, the mark's fill."""
    # Deterministic jitter from the row's place in the frame, so the same data give the same
    # picture however the rows are grouped.
    offsets = [((int(i) * 37) % 9 - 4) * 0.045 for i in part.index]
    ys = [positions[g] + o for g, o in zip(part[group], offsets, strict=True)]
    colour = i18n.status_colour(st)
    fill = DOT_FILL.get(mark, "full")
    ax.plot(
        part[value],
        ys,
        ls="none",
        marker=STATUS_MARKERS.get(st, "o"),
        ms=6.5,
        mfc=colour,
        mec=darken(colour, 0.45 if fill == "full" else 0.3),
        mew=0.8 if fill == "full" else 1.5,
        fillstyle=fill,
        markerfacecoloralt="white",
        zorder=3,
    )


@house_style
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
    ax: Any = None,
) -> Figure:
    """Bars of a milestone's share done by unit (e.g. 2023 movement plans issued by sector).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per unit with ``label``, ``value`` (percent) and ``status`` columns; rows
        without a value are drawn as "no data". A ``mark`` or ``provenance`` column marks each
        bar's end by provenance, with a legend.
    label, value, status : str
        Column names.
    target : float, default 100
    lang : {"vi", "en"}, default "vi"
    target_label : str, optional
    width : float

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``; its alt text gives each unit's share.
    """
    data = frame.reset_index(drop=True)
    fig, ax = figure_axes(ax, width, 0.8 + 0.36 * max(len(data), 1))
    if data.empty:
        empty_axes(ax, lang)
        return set_alt(fig, words("alt_no_data", lang))
    positions = np.arange(len(data))[::-1]
    percent_axis(ax.xaxis, lang)
    marks = row_marks(data)
    shown, drawn = [], set()
    for pos, (i, row) in zip(positions, data.iterrows(), strict=True):
        st, val = row[status], row[value]
        if _missing(val):
            text = f"{i18n.status_icon(st)} {i18n.label('no_data', lang)}"
            value_column(ax, pos, text, style="italic")
            shown.append(f"{row[label]} {i18n.label('no_data', lang)}")
            continue
        ax.barh(pos, val, height=0.68, color=i18n.status_colour(st))
        drawn |= draw_marks(ax, [val], [pos], [marks[i]], ms=6.5, halo=True, zorder=4)
        value_column(ax, pos, f"{i18n.status_icon(st)} {format_value(val, 'percent', lang)}")
        shown.append(_named_value(row[label], val, "percent", lang))
    _vertical_target(ax, target, target_label)
    _row_axes(ax, positions, list(data[label]), len(data))
    chart_legend(fig, mark_handles(drawn, lang, lines=False))
    target_text = target_label or format_value(target, "percent", lang)
    alt = words("alt_milestone", lang, values="; ".join(shown), target=target_text)
    return set_alt(fig, alt + values_sentence(marks, lang))
