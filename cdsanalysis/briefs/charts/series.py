"""One target series against its target, drawn according to its kind.

Levels (history, target line, projection to the deadline), ranks (inverted axis, the top
group shaded), growth (a bar a year against the threshold), yes/no (a step) and dated
milestones (one share at one date).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing
from cdsanalysis.briefs.charts.marks import chart_legend, draw_marks, draw_points, mark_handles
from cdsanalysis.briefs.charts.style import (
    BAND,
    CONTEXT,
    HEIGHT,
    INK,
    LABEL_BOX,
    MUTED,
    TARGET_INK,
    WIDTH,
    axes_points,
    axis_formatter,
    clear_offset,
    darken,
    empty_axes,
    figure_axes,
    house_style,
    label_height,
    percent_axis,
    readable_on,
    set_alt,
    text_on,
)
from cdsanalysis.briefs.charts.words import values_sentence, words
from cdsanalysis.briefs.narrative import format_value, period_label, period_short


def _get(series: Mapping[str, Any], key: str, default: Any = None) -> Any:
    value = series.get(key, default) if hasattr(series, "get") else default
    if isinstance(value, float) and math.isnan(value):
        return default
    if value is pd.NA:
        return default
    return value


def _status_chip(fig: Figure, ax: Any, status: str, lang: str, own_figure: bool) -> None:
    # On the figure's top left; just above the axes when they share a figure with others.
    colour = i18n.status_colour(status)
    if own_figure:
        place = dict(x=0.01, y=0.99, va="top")
    else:
        place = dict(x=0.0, y=1.02, va="bottom", transform=ax.transAxes)
    (fig if own_figure else ax).text(
        s=f" {i18n.status_icon(status)} {i18n.status_label(status, lang)} ",
        ha="left",
        fontsize=10,
        fontweight="bold",
        color=text_on(colour),
        bbox=dict(boxstyle="round,pad=0.3", facecolor=colour, edgecolor="none"),
        **place,
    )


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


def _chosen(series: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    points = _get(series, "points") or []
    return sorted((p for p in points if p.get("chosen", True)), key=lambda p: p["year"])


def _years(series: Mapping[str, Any]) -> list[int]:
    if _get(series, "points"):
        return [int(p["year"]) for p in _chosen(series)]
    return [int(y) for y in (_get(series, "years") or [])]


def _values(series: Mapping[str, Any]) -> list[float]:
    if _get(series, "points"):
        return [float(p["value"]) for p in _chosen(series)]
    return [float(v) for v in (_get(series, "values") or [])]


def _headline(series: Mapping[str, Any], years: list[int], values: list[float]) -> tuple:
    """The point a chart writes out: the latest, unless it is a grade C value (never a headline)."""
    if _get(series, "points"):
        chosen = [p for p in _chosen(series) if str(p.get("grade") or "") != "C"]
        return (chosen[-1]["year"], float(chosen[-1]["value"])) if chosen else (None, None)
    return years[-1], values[-1]


def _draw_path(ax: Any, series: Mapping[str, Any], years: list[int], values: list[float]) -> set:
    """The series' own path: marked by provenance when its points are known, else one line."""
    if _get(series, "points"):
        return draw_points(ax, _get(series, "points"))
    ax.plot(*_with_gaps(years, values), color=INK, lw=2.2, marker="o", ms=5, zorder=3)
    return set()


def _deadline_year(series: Mapping[str, Any]) -> int | None:
    deadline = _get(series, "deadline")
    if deadline is None or deadline == "":
        return None
    return int(str(deadline)[:4])


@house_style
def plot_series(
    series: Mapping[str, Any],
    *,
    lang: str = "vi",
    context: Mapping[str, Any] | None = None,
    band: Mapping[str, Sequence[float]] | None = None,
    rank_of: int | None = None,
    name: str | None = None,
    width: float = WIDTH,
    height: float = HEIGHT,
    ax: Any = None,
) -> Figure:
    """Plot one target series: its history, the target, the projection to the deadline, its status.

    Parameters
    ----------
    series : mapping
        One row of :func:`cdsanalysis.assess` (a ``pandas.Series`` or a dict) with at least
        ``years``, ``values``, ``kind``, ``unit``, ``comparison``, ``target``, ``deadline`` and
        ``status``; ``projected_value``, ``latest_period`` and ``partial_year`` are used when
        present. ``points`` (see :mod:`cdsanalysis.briefs.charts.marks`), when given, replace
        ``years`` and ``values``: each point is marked by its provenance, with a legend.
    lang : {"vi", "en"}, default "vi"
    context : mapping, optional
        A second series (``years``, ``values``) drawn as a thin grey line, e.g. the province-wide
        value beside a sector's own.
    band : mapping, optional
        ``years``, ``low``, ``high``: a shaded range (the middle half of the areas).
    rank_of : int, optional
        Number ranked, for rank targets (read from ``series["rank_of"]`` when not given).
    name : str, optional
        The target's name, for the alt text (default: ``series["name"]``, else its code).
    width, height : float
        Size in inches (of a new figure: not used with ``ax``).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (the status is then their title) instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The new figure, or the figure of ``ax``. Its alt text (:func:`~.style.alt_text`) names
        the chart's type (line, bar, dot) and states the latest value, the target, the status
        and how many of the values are synthetic.

    Examples
    --------
    >>> fig = plot_series({"years": [2022, 2023, 2024], "values": [31.9, 40.0, 44.0],
    ...                    "kind": "level", "unit": "percent", "comparison": ">=",
    ...                    "target": 50, "deadline": "2025-12-31",
    ...                    "status": "moderate_progress", "projected_value": 50.7})
    """
    own_figure = ax is None
    fig, ax = figure_axes(ax, width, height)
    kind = _get(series, "kind", "level")
    status = _get(series, "status", "not_available")
    years, values = _years(series), _values(series)
    name = name or _get(series, "name") or _get(series, "target_id") or ""
    if not years:
        empty_axes(ax, lang)
        _status_chip(fig, ax, status, lang, own_figure)
        return set_alt(fig, _series_alt(series, name, years, values, lang))
    if kind == "rank":
        marks = _draw_rank(ax, series, years, values, lang, rank_of or _get(series, "rank_of"))
    elif kind == "growth":
        marks = _draw_growth(ax, series, years, values, lang)
    elif kind == "yes_no":
        marks = _draw_yes_no(ax, series, years, values, lang)
    elif kind == "milestone":
        marks = _draw_milestone(ax, series, values, lang, context=context)
    else:
        marks = _draw_level(ax, series, years, values, lang, context=context, band=band)
    # One legend under the chart: the context series and the provenance of the points.
    # A bar chart's marks stand alone; a line chart's marks show the line that joins them.
    joined = kind not in ("growth", "milestone")
    handles = mark_handles(marks, lang, lines=joined)
    chart_legend(fig, [*ax.get_legend_handles_labels()[0], *handles])
    _status_chip(fig, ax, status, lang, own_figure)
    if own_figure:  # room above the axes for the status chip
        fig.get_layout_engine().set(rect=(0, 0, 1, 0.9))
    return set_alt(fig, _series_alt(series, name, years, values, lang))


def _series_alt(
    series: Mapping[str, Any], name: str, years: list[int], values: list[float], lang: str
) -> str:
    """The chart's type and message: latest value, target, status, values synthetic and real."""
    kind = _get(series, "kind", "level")
    status = i18n.status_label(_get(series, "status", "not_available"), lang)
    chart_type = words(f"chart_type_{kind}", lang)
    name = f": {name}" if name else ""
    head_year, head_value = _headline(series, years, values) if years else (None, None)
    if head_year is None:
        return words("alt_series_empty", lang, type=chart_type, name=name, status=status)
    unit = _get(series, "unit", "percent")
    value = format_value(
        head_value,
        unit,
        lang,
        kind=kind,
        rank_of=_get(series, "rank_of"),
        target=_get(series, "target"),
    )
    period = _get(series, "latest_period") if head_year == years[-1] else None
    text = words(
        "alt_series",
        lang,
        type=chart_type,
        name=name,
        value=value,
        period=period_label(period, lang) if period else head_year,
        target=_target_words(series, lang),
        status=status,
    )
    points = _get(series, "points") or []
    return text + values_sentence([p.get("mark", "") for p in points], lang)


def _draw_level(
    ax: Any,
    series: Mapping[str, Any],
    years: list[int],
    values: list[float],
    lang: str,
    *,
    context: Mapping[str, Any] | None,
    band: Mapping[str, Sequence[float]] | None,
) -> set:
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

    extra, first_year, marks = _draw_backdrop(ax, lang, context=context, band=band)
    lows += extra
    highs += extra
    x_min = min(x_min, first_year or x_min)

    marks |= _draw_path(ax, series, years, values)
    partial = bool(_get(series, "partial_year", False))
    head_year, head_value = _headline(series, years, values)
    if head_year is not None:
        ax.plot(
            [head_year],
            [head_value],
            marker="o",
            ms=11,
            mfc="none" if partial else colour,
            mec=darken(colour, 0.45),
            mew=2.2,
            zorder=3.2,
            ls="none",
        )
    # Every point drawn counts for the axis, the readings that stand for no year too.
    drawn = [float(p["value"]) for p in (_get(series, "points") or [])]
    lows += drawn
    highs += drawn

    projected = _draw_projection(ax, series, years, values, deadline_year=deadline_year)
    if projected is not None:
        lows.append(projected)
        highs.append(projected)
    _value_range(ax, unit, limit, lows, highs, lang)
    ax.set_xlim(x_min - 0.4, x_max + 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))

    taken = [_draw_target_line(ax, series, lang, deadline_year)]
    if head_year is not None:
        latest = format_value(head_value, unit, lang, kind=kind, target=_get(series, "target"))
        if partial:
            latest += f" ({period_short(_get(series, 'latest_period'), lang)})"
        # The latest value sits at the right edge: written to the left of the point, on the
        # side away from the target line, clear of it.
        taken.append(
            _value_label(ax, latest, (head_year, head_value), target, taken, dx=-12, size=10.5)
        )
    if projected is not None:
        text = i18n.label(
            "projection", lang, year=deadline_year, value=format_value(projected, unit, lang)
        )
        colour = readable_on(_projection_colour(series))
        _value_label(
            ax, text, (deadline_year, projected), target, taken, dx=-6, size=9.5, color=colour
        )
    return marks


def _value_range(
    ax: Any, unit: str, limit: Any, lows: list[float], highs: list[float], lang: str
) -> None:
    """The value axis: a share runs 0-100 %, ticked up to 100 and not past it; other units
    span the values with room for labels."""
    low, high = min(lows), max(highs)
    if unit == "percent" and low >= 0 and high <= 100:
        percent_axis(ax.yaxis, lang)
        return
    span = max(high - low, 1.0)
    bottom, top = low - 0.18 * span, high + 0.22 * span
    if unit == "percent":
        bottom = max(bottom, 0.0)
        top = min(top, (float(limit) if not _missing(limit) else 100.0) + 0.14 * span)
    ax.set_ylim(bottom, top)
    ax.yaxis.set_major_formatter(axis_formatter(unit, lang))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))


def _value_label(
    ax: Any,
    text: str,
    xy: tuple[float, float],
    target: float,
    taken: list[tuple[float, float]],
    *,
    dx: float,
    size: float,
    color: Any = INK,
    ha: str = "right",
    bold: bool | None = None,
    beside: bool = False,
) -> tuple[float, float]:
    """A value's words left of its point (``ha="right"``), on the side away from the target
    line and clear of it and of the labels ``taken``; ``beside`` puts them level with the point
    when that is clear. Return the band they fill (points above the axes' bottom)."""
    height = label_height(size)
    below = axes_points(ax, xy[1]) < axes_points(ax, target)
    preferred = (-height - 8, 8.0) if below else (8.0, -height - 8)
    if beside:
        preferred = (-height / 2, *preferred)
    dy = clear_offset(ax, xy[1], height, taken, preferred)
    ax.annotate(
        text,
        xy,
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va="bottom",
        fontsize=size,
        fontweight="bold" if (color == INK if bold is None else bold) else "normal",
        color=color,
        bbox=LABEL_BOX,
        zorder=5,
        gid="value-label",
    )
    at = axes_points(ax, xy[1]) + dy
    return at, at + height


def _draw_backdrop(
    ax: Any,
    lang: str,
    *,
    context: Mapping[str, Any] | None,
    band: Mapping[str, Sequence[float]] | None,
) -> tuple[list[float], int | None, set]:
    """The areas' middle half and the context series behind a level series.

    Returns the values drawn (for the axis range), the context's first year and the
    provenance marks of its points.
    """
    drawn: list[float] = []
    first_year, marks = None, set()
    if band and band.get("years"):
        ax.fill_between(
            band["years"],
            band["low"],
            band["high"],
            color=BAND,
            lw=0,
            label=i18n.label("range_areas", lang),
        )
        drawn += [*band["low"], *band["high"]]
    if not context or not (context.get("points") or context.get("years")):
        return drawn, first_year, marks
    label = context.get("label") or i18n.label("legend_province", lang)
    c_years, c_values = _years(context), _values(context)
    if context.get("points"):
        draw_points(ax, context["points"], lw=1.4, ms=4, muted=CONTEXT, label=label)
        drawn += [p["value"] for p in context["points"]]
        marks = {p["mark"] for p in context["points"] if p["mark"]}
    else:
        ax.plot(
            *_with_gaps(c_years, c_values),
            color=CONTEXT,
            lw=1.6,
            ls=(0, (4, 2)),
            marker="o",
            ms=3.5,
            label=label,
        )
        drawn += c_values
    return drawn, c_years[0], marks


def _projection_colour(series: Mapping[str, Any]) -> tuple[float, float, float]:
    return darken(i18n.status_colour(_get(series, "status", "not_available")), 0.35)


def _draw_projection(
    ax: Any,
    series: Mapping[str, Any],
    years: list[int],
    values: list[float],
    *,
    deadline_year: int,
) -> float | None:
    """The dotted segment from the latest value to the straight-line projection at the
    deadline (◇), as docs/method.md describes it; its words are written once the axis is set.

    Returns the projected value when it is drawn (a level series whose deadline lies ahead).
    """
    kind = _get(series, "kind", "level")
    projected = _get(series, "projected_value")
    if kind == "milestone" or projected is None or deadline_year <= years[-1]:
        return None
    line_colour = _projection_colour(series)
    ax.plot(
        [years[-1], deadline_year],
        [values[-1], projected],
        color=line_colour,
        lw=2,
        ls=(0, (1.5, 2)),  # dotted
        zorder=2,
        gid="projection",
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
    return projected


def _draw_target_line(
    ax: Any, series: Mapping[str, Any], lang: str, deadline_year: int
) -> tuple[float, float]:
    """The target as a dashed horizontal line, its words at the left edge just above it.

    Returns the band the line and its words fill (points above the axes' bottom), for the
    value labels to keep clear of.
    """
    target = float(_get(series, "target"))
    words_ = _target_words(series, lang)
    _target_line(ax, target, i18n.label("target_line", lang, target=words_, year=deadline_year))
    return _line_band(ax, target)


def _target_line(ax: Any, y: float, text: str) -> None:
    """A dashed horizontal target line at ``y``, its words at the left edge just above it."""
    ax.axhline(y, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)), zorder=1, gid="target-line")
    ax.annotate(
        text,
        (0.0, y),
        xycoords=("axes fraction", "data"),
        xytext=(2, 4),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=9.5,
        color=TARGET_INK,
        bbox=LABEL_BOX,
        gid="target-label",
    )


def _line_band(ax: Any, y: float) -> tuple[float, float]:
    """The band a target line at ``y`` and its words fill, in points above the axes' bottom
    (read once the value axis is set)."""
    at = axes_points(ax, y)
    return at - 1.5, at + 4 + label_height(9.5)


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
) -> set:
    status = _get(series, "status", "not_available")
    colour = i18n.status_colour(status)
    target = float(_get(series, "target"))
    deadline_year = _deadline_year(series) or years[-1]
    worst = max([*ranks, target]) + 4
    x_min, x_max = min(years[0], deadline_year - 1), max(deadline_year, years[-1])
    ax.axhspan(0.5, target + 0.5, color=i18n.status_colour("target_achieved"), alpha=0.08, lw=0)
    words_ = i18n.label("top_n", lang, n=int(target))
    _target_line(
        ax, target + 0.5, i18n.label("target_line", lang, target=words_, year=deadline_year)
    )
    marks = _draw_path(ax, series, years, ranks)
    head_year, head_rank = _headline(series, years, ranks)
    if head_year is not None:
        ax.plot(
            [head_year],
            [head_rank],
            marker="o",
            ms=11,
            mfc="none",
            mec=darken(colour, 0.45),
            mew=2.6,
            ls="none",
            zorder=4,
        )
    ax.set_ylim(worst, 0.5)  # inverted: 1 is the best rank, at the top
    ax.set_xlim(x_min - 0.4, x_max + 0.4)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    step = 10 if worst > 25 else 5
    ax.set_yticks(sorted({1, int(target), *range(step, int(worst) + 1, step)}))
    ax.set_ylabel(i18n.label("rank_axis", lang), fontsize=9.5, color=MUTED)
    line_band = _line_band(ax, target + 0.5)
    for x, y in zip(years, ranks, strict=True):
        last = x == head_year
        # Each rank under its point, the latest to its right: all clear of the target line.
        _value_label(
            ax,
            format_value(y, "rank", lang, rank_of=rank_of if last else None),
            (x, y),
            target + 0.5,
            [line_band],
            dx=12 if last else 0,
            size=10.5 if last else 10,
            ha="left" if last else "center",
            bold=last,
            beside=last,
        )
    return marks


def _draw_growth(
    ax: Any, series: Mapping[str, Any], years: list[int], values: list[float], lang: str
) -> set:
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
            edgecolor=darken(met_colour if met else short_colour, 0.4),
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
            color=text_on(face),
            bbox=dict(facecolor=face, edgecolor="none", pad=1.5),
        )
    words_ = _target_words(series, lang)
    _target_line(
        ax, target, i18n.label("target_line", lang, target=words_, year=_deadline_year(series))
    )
    mean = sum(values) / len(values)
    ax.axhline(mean, color=MUTED, lw=1, ls=":")
    ax.annotate(
        i18n.label("growth_mean", lang, value=format_value(mean, "percent", lang, kind="growth")),
        (1.0, mean),
        xycoords=("axes fraction", "data"),
        xytext=(-2, -12),
        textcoords="offset points",
        ha="right",
        fontsize=9,
        color=MUTED,
        bbox=LABEL_BOX,
    )
    top = max([*values, target]) * 1.3 + 0.5
    bottom = min(0.0, min(values) * 1.3)
    ax.set_ylim(bottom, top)
    ax.axhline(0, color=MUTED, lw=0.8)
    ax.set_xticks(years)
    ax.yaxis.set_major_formatter(axis_formatter("percent", lang))
    # Each bar's provenance as a mark on its top, not joined (bars are years apart).
    points = [dict(p, chosen=False) for p in _chosen(series)]
    return draw_points(ax, points, ms=7) if points else set()


def _draw_milestone(
    ax: Any,
    series: Mapping[str, Any],
    values: list[float],
    lang: str,
    *,
    context: Mapping[str, Any] | None,
) -> set:
    """A dated milestone is one share at one date: bars against the target, not a trend."""
    from cdsanalysis.briefs.narrative import format_date

    status = _get(series, "status", "not_available")
    target = float(_get(series, "target"))
    rows = [(series.get("label") or i18n.label("legend_sector", lang), values[-1], status)]
    if context and context.get("values"):
        rows.append(
            (
                context.get("label") or i18n.label("legend_province", lang),
                context["values"][-1],
                None,
            )
        )
    positions = list(range(len(rows)))[::-1]
    when = _get(series, "latest_period")
    for pos, (_label, value, st) in zip(positions, rows, strict=True):
        face = i18n.status_colour(st) if st else CONTEXT
        ax.barh(pos, value, height=0.55, color=face, edgecolor=darken(face, 0.4), lw=1)
        text = format_value(value, "percent", lang)
        if st and when:
            text = i18n.label("milestone_at", lang, value=text, date=period_label(when, lang))
        ax.annotate(
            text,
            (value, pos),
            xytext=(-12, 0),  # clear of the provenance mark at the bar's end
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=10.5,
            fontweight="bold" if st else "normal",
            color=text_on(face),
        )
    ax.axvline(target, color=TARGET_INK, lw=1.4, ls=(0, (6, 3)))
    ax.annotate(
        i18n.label(
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
    percent_axis(ax.xaxis, lang)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    # The provenance of each share, as a mark at the end of its bar.
    own = _chosen(series)
    heads = [own[-1].get("mark", "") if own else ""]
    if len(rows) > 1:
        theirs = _chosen(context)
        heads.append(theirs[-1].get("mark", "") if theirs else "")
    return draw_marks(ax, [r[1] for r in rows], positions, heads, ms=7, halo=True, zorder=4)


def _draw_yes_no(
    ax: Any, series: Mapping[str, Any], years: list[int], values: list[float], lang: str
) -> set:
    status = _get(series, "status", "not_available")
    colour = i18n.status_colour(status)
    if _get(series, "points"):
        ax.set_yticks([0, 1], [i18n.label("no", lang), i18n.label("yes", lang)])
        ax.set_ylim(-0.4, 1.5)
        deadline_year = _deadline_year(series) or years[-1]
        ax.set_xlim(min(years[0], deadline_year - 1) - 0.5, max(deadline_year, years[-1]) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.plot(
            [years[-1]],
            [values[-1]],
            marker="o",
            ms=13,
            mfc="none",
            ls="none",
            mec=darken(colour, 0.45),
            mew=2.4,
        )
        return draw_points(ax, _get(series, "points"), ms=8)
    ax.step(years, values, where="mid", color=INK, lw=1.6)
    for year, value in zip(years, values, strict=True):
        ax.plot(
            [year],
            [value],
            marker="o",
            ms=11,
            mfc=colour if year == years[-1] else ("white" if value < 1 else INK),
            mec=darken(colour, 0.45) if year == years[-1] else INK,
            mew=2,
            ls="none",
        )
    ax.set_yticks([0, 1], [i18n.label("no", lang), i18n.label("yes", lang)])
    ax.set_ylim(-0.4, 1.5)
    deadline_year = _deadline_year(series) or years[-1]
    ax.set_xlim(min(years[0], deadline_year - 1) - 0.5, max(deadline_year, years[-1]) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return set()
