"""The status grid: one cell per (row, column), coloured by status and marked with its icon.

Drawn with :func:`seaborn.heatmap` on a categorical matrix (each cell holds its status's place in
:data:`~cdsanalysis.base.i18n.STATUS_ORDER`; a cell where the target does not apply is masked,
left blank) and a :class:`~matplotlib.colors.ListedColormap` of the status colours. seaborn is
called plainly, under the house style: no theme is set, so no other figure changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

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
    lookup = {(r, c): s for r, c, s in zip(frame[rows], frame[cols], frame[status], strict=True)}
    codes = _status_codes(lookup, row_keys, col_keys)
    sns.heatmap(
        codes,
        mask=np.isnan(codes),
        cmap=STATUS_CMAP,
        vmin=-0.5,
        vmax=len(i18n.STATUS_ORDER) - 0.5,
        cbar=False,
        linewidths=3.5,
        linecolor="white",
        xticklabels=[col_labels.get(c, c) for c in col_keys],
        yticklabels=[row_labels.get(r, r) for r in row_keys],
        ax=ax,
    )
    shown = [lookup[r, c] for r in row_keys for c in col_keys if (r, c) in lookup]
    present = set(shown)
    for (i, j), code in np.ndenumerate(codes):
        if np.isnan(code):
            continue  # the target does not apply here
        st = i18n.STATUS_ORDER[int(code)]
        ax.text(
            j + 0.5,
            i + 0.53,
            i18n.status_icon(st),
            ha="center",
            va="center",
            fontsize=11,
            color=text_on(i18n.status_colour(st)),
            fontweight="bold",
        )
    _grid_axes(ax)
    status_legend(fig, present, lang)
    counts = ", ".join(
        f"{shown.count(s)} {i18n.status_label(s, lang)}" for s in i18n.STATUS_ORDER if s in present
    )
    alt = words("alt_grid", lang, rows=len(row_keys), cols=len(col_keys), counts=counts)
    return set_alt(fig, alt)


#: One colour a status, in the plan's order: a cell's code is its status's place in the order.
STATUS_CMAP = ListedColormap([i18n.status_colour(s) for s in i18n.STATUS_ORDER], name="status")


def _status_codes(
    lookup: Mapping[tuple[Any, Any], str], row_keys: Sequence[Any], col_keys: Sequence[Any]
) -> np.ndarray:
    """The grid as a matrix of status codes (place in ``STATUS_ORDER``), NaN where none applies."""
    codes = np.full((len(row_keys), len(col_keys)), np.nan)
    for i, r in enumerate(row_keys):
        for j, c in enumerate(col_keys):
            st = lookup.get((r, c))
            if st is not None:
                codes[i, j] = i18n.STATUS_ORDER.index(st)
    return codes


def _grid_axes(ax: Any) -> None:
    """Column names slanted on top, row names on the left, in the house fonts; no ticks, no
    frame (seaborn names neither axis here: the matrix is unnamed)."""
    ax.grid(False)
    ax.xaxis.tick_top()
    ax.tick_params(length=0, labelsize=9.5)
    for label in ax.get_xticklabels():
        label.set(rotation=35, ha="left", rotation_mode="anchor")
    for label in ax.get_yticklabels():
        label.set(rotation=0, va="center")
    for spine in ax.spines.values():
        spine.set_visible(False)
