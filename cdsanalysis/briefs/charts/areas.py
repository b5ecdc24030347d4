"""Areas compared: ranked bars, communes as dots by district, a milestone's share by unit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing
from cdsanalysis.briefs.charts.style import (
    INK,
    LABEL_BOX,
    MUTED,
    STATUS_MARKERS,
    TARGET_INK,
    WIDTH,
    axis_formatter,
    darken,
    empty_axes,
    figure_axes,
    house_style,
    status_legend,
)
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

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.
    """
    for column in (value, name, status):
        if column and column not in frame.columns:
            from cdsanalysis.errors import unknown

            raise unknown("cột", "column", column, map(str, frame.columns), lang=lang)
    data = frame[frame[value].notna()].copy()
    data["_name"] = [short_area_name(n) for n in data[name]]
    data = data.sort_values([value, "_name"], ascending=[direction != 1, True], kind="mergesort")
    n = max(len(data), 1)
    fig, ax = figure_axes(ax, width, 0.8 + 0.34 * n)
    if data.empty:
        empty_axes(ax, lang)
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
            bbox=LABEL_BOX,
            zorder=5,
        )
    limit = max(high, target or 0)
    if target is not None:
        _vertical_target(ax, target, target_label or format_value(target, unit, lang))
    ax.set_xlim(0, limit * 1.22 if limit > 0 else 1)
    if unit == "percent":
        ax.set_xlim(0, min(limit * 1.22, 118) if limit > 0 else 100)
    ax.xaxis.set_major_formatter(axis_formatter(unit, lang))
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig


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

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``.
    """
    data = frame[frame[value].notna()].copy()
    groups = (
        data.groupby(group)[value].median().sort_values(ascending=False).index.tolist()
        if len(data)
        else []
    )
    fig, ax = figure_axes(ax, width, 1.1 + 0.36 * max(len(groups), 1))
    if data.empty:
        empty_axes(ax, lang)
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
            edgecolor=darken(i18n.status_colour(st), 0.45),
            linewidth=0.7,
            zorder=3,
        )
        present.append(st)
    ax.set_yticks(list(positions.values()), [short_area_name(g) for g in positions])
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    if target is not None:
        _vertical_target(ax, target, target_label or format_value(target, unit, lang))
    ax.xaxis.set_major_formatter(axis_formatter(unit, lang))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    status_legend(fig, present, lang, as_markers=True)
    return fig


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
        without a value are drawn as "no data".
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
        The new figure, or the figure of ``ax``.
    """
    data = frame.reset_index(drop=True)
    fig, ax = figure_axes(ax, width, 0.8 + 0.36 * max(len(data), 1))
    if data.empty:
        empty_axes(ax, lang)
        return fig
    positions = np.arange(len(data))[::-1]
    for pos, (_, row) in zip(positions, data.iterrows(), strict=True):
        st = row[status]
        val = row[value]
        if _missing(val):
            ax.annotate(
                f"{i18n.status_icon(st)} {i18n.label('no_data', lang)}",
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
    ax.xaxis.set_major_formatter(axis_formatter("percent", lang))
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig
