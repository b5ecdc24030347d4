"""Several series of one target in one chart: by sector or by area, with the target line.

:func:`plot_trend` reads the yearly table (:func:`cdsanalysis.yearly`: one value a year per
target × sector × area) and draws one line per sector or per area, in the house style of the
briefs' charts, into a new figure or into axes the analyst laid out (``ax=``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.style import (
    HEIGHT,
    MUTED,
    TARGET_INK,
    WIDTH,
    axis_formatter,
    empty_axes,
    figure_axes,
    house_style,
)
from cdsanalysis.errors import CdsError

#: Marker of a value by its provenance; a hollow marker is an estimate or a part of the year.
PROVENANCE_MARKERS = {"official": "o", "published": "s", "synthetic": "^"}
_BY = ("sector", "area")


def _series_rows(table: pd.DataFrame, by: str, sector: str | None) -> pd.DataFrame:
    """The rows to draw: by sector, the top level present; by area, one sector's rows (the
    rows about every sector when ``sector`` is None)."""
    if by == "sector":
        levels = [lvl for lvl in ("province", "district", "commune") if lvl in set(table.geo_level)]
        return table[table["geo_level"] == levels[0]] if levels else table
    wanted = "" if sector is None else sector
    return table[table["sector"].fillna("") == wanted]


def _labels(rows: pd.DataFrame, by: str, plan: Any, lang: str) -> dict[str, str]:
    """Group key -> the words in the legend."""
    if by == "area":
        return dict(zip(rows["geo_code"], rows["geo_name"], strict=True))
    names = dict(zip(plan.sectors["id"], plan.sectors[f"name_{lang}"], strict=True))
    everyone = i18n.label("province_wide", lang).capitalize()
    return {s: names.get(s, s) if s else everyone for s in rows["sector"]}


def _draw_group(ax: Any, rows: pd.DataFrame, label: str) -> None:
    rows = rows.sort_values("year")
    (line,) = ax.plot(rows["year"], rows["value"], lw=2, label=label, zorder=3)
    hollow = rows["period_kind"].eq("estimate") | rows["partial_year"].astype(bool)
    for provenance, marker in PROVENANCE_MARKERS.items():
        for is_hollow in (False, True):
            points = rows[(rows["provenance"] == provenance) & (hollow == is_hollow)]
            if len(points):
                ax.scatter(
                    points["year"],
                    points["value"],
                    marker=marker,
                    s=36,
                    color=line.get_color(),
                    facecolors="white" if is_hollow else line.get_color(),
                    zorder=4,
                )


def _draw_target(ax: Any, target: pd.Series, lang: str) -> None:
    from cdsanalysis.briefs.narrative import format_target

    value = pd.to_numeric(pd.Series([target["target"]]), errors="coerce").iloc[0]
    if pd.isna(value) or target["kind"] not in ("level", "rank", "growth"):
        return
    words = format_target(
        target["comparison"], target["target"], target["unit"], target["kind"], lang
    )
    ax.axhline(value, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)), zorder=1)
    ax.annotate(
        f"{i18n.label('target', lang)} {words}",
        (0.01, value),
        xycoords=("axes fraction", "data"),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=9,
        color=TARGET_INK,
    )
    if isinstance(target["deadline"], str) and target["deadline"][:4].isdigit():
        ax.axvline(int(target["deadline"][:4]), color=MUTED, lw=1, ls=":", zorder=1)


@house_style
def plot_trend(
    target_id: str,
    by: str = "sector",
    *,
    table: pd.DataFrame | None = None,
    sector: str | None = None,
    areas: Sequence[str] | None = None,
    plan: Any = None,
    lang: str = "vi",
    ax: Any = None,
    width: float = WIDTH,
    height: float = HEIGHT,
) -> Figure:
    """Draw one target's yearly values, one line per sector or per area, with its target.

    Parameters
    ----------
    target_id : str
        A catalogue id (``cds plan``), e.g. ``"econ.digital_economy_share.health"``.
    by : {"sector", "area"}, default "sector"
        One line per sector (at the province level; "province-wide" for the rows about every
        sector), or one line per area.
    table : pandas.DataFrame, optional
        The yearly table (:func:`cdsanalysis.yearly`, or a slice of it); default
        ``cds.yearly()`` of the project's data.
    sector : str, optional
        With ``by="area"``: whose areas to draw; default the rows about every sector.
    areas : sequence of str, optional
        With ``by="area"``: only these areas (codes or names, diacritics optional).
    plan : Plan or str or pathlib.Path, optional
        Default the project's catalogue.
    lang : {"vi", "en"}, default "vi"
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.
    width, height : float
        Size in inches of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``. Markers: ● official, ■ published, ▲ synthetic;
        hollow for an estimate or a part of the year. The dashed line is the target, the
        dotted one its deadline.

    Raises
    ------
    CdsError
        For an unknown target id, sector or area, or ``by`` not "sector" or "area".

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(10, 3.5), layout="constrained")           # doctest: +SKIP
    >>> left, right = fig.subplots(1, 2)                                  # doctest: +SKIP
    >>> cds.plot_trend("gov.dossiers_online", by="sector", ax=left)       # doctest: +SKIP
    >>> cds.plot_trend("gov.dossiers_online", by="area", ax=right)        # doctest: +SKIP
    """
    from cdsanalysis.api import as_plan, public_frame, yearly
    from cdsanalysis.lookup import check_sector, check_target, pick_area

    catalogue = as_plan(plan)
    target = catalogue.target(check_target(catalogue, target_id, lang=lang))
    check_sector(catalogue, sector, lang=lang)
    if by not in _BY:
        raise CdsError(
            f"by={by!r} không dùng được; chọn 'sector' hoặc 'area'",
            f"by={by!r} is not usable; choose 'sector' or 'area'",
            lang=lang,
        )
    frame = public_frame(yearly(plan=catalogue) if table is None else table)
    rows = _series_rows(frame[frame["target_id"] == target_id], by, sector)
    if areas is not None:
        present = set(rows["geo_code"])
        codes = {pick_area(name, present, lang=lang).geo_code for name in areas}
        rows = rows[rows["geo_code"].isin(codes)]
    fig, ax = figure_axes(ax, width, height)
    ax.set_title(textwrap.fill(target[f"name_{lang}"], 60), loc="left", fontsize=10)
    if rows.empty:
        empty_axes(ax, lang)
        return fig
    key = "geo_code" if by == "area" else "sector"
    labels = _labels(rows, by, catalogue, lang)
    for group, group_rows in rows.groupby(key, sort=False):
        _draw_group(ax, group_rows, labels[group])
    _draw_target(ax, target, lang)
    if target["kind"] == "rank":
        ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(axis_formatter(target["unit"], lang))
    ax.legend(fontsize=8.5, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return fig
