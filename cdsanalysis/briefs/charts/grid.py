"""The status grid: one cell per (row, column), coloured by status and marked with its icon."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.style import (
    figure_axes,
    house_style,
    set_alt,
    status_legend,
    text_on,
)
from cdsanalysis.briefs.charts.words import words


@house_style
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
    ax: Any = None,
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

    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure (``width`` is then not used).

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``; its alt text counts the cells by status.
    """
    row_keys = list(row_order) if row_order is not None else list(dict.fromkeys(frame[rows]))
    col_keys = list(col_order) if col_order is not None else list(dict.fromkeys(frame[cols]))
    row_labels = {k: str(row_labels.get(k, k)) for k in row_keys} if row_labels else {}
    col_labels = {k: str(col_labels.get(k, k)) for k in col_keys} if col_labels else {}
    # Size the figure from its labels, so that nothing is cut (about 0.075 in a character).
    cell = 0.4
    label_width = 0.3 + 0.075 * max((len(row_labels.get(r, r)) for r in row_keys), default=4)
    header = 0.3 + 0.055 * max((len(col_labels.get(c, c)) for c in col_keys), default=4)
    size = (label_width + cell * len(col_keys) + 0.6, header + cell * len(row_keys) + 1.0)
    fig, ax = figure_axes(ax, *size)
    ax.grid(False)
    lookup = {(r, c): s for r, c, s in zip(frame[rows], frame[cols], frame[status], strict=True)}
    present = set()
    shown = []
    for i, r in enumerate(row_keys):
        for j, c in enumerate(col_keys):
            st = lookup.get((r, c))
            if st is None:
                continue
            present.add(st)
            shown.append(st)
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
                color=text_on(colour),
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
    status_legend(fig, present, lang)
    counts = ", ".join(
        f"{shown.count(s)} {i18n.status_label(s, lang)}" for s in i18n.STATUS_ORDER if s in present
    )
    alt = words("alt_grid", lang, rows=len(row_keys), cols=len(col_keys), counts=counts)
    return set_alt(fig, alt)
