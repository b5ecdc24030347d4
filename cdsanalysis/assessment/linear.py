"""The straight-line view: a bounded series projected to its deadline, and the pace required.

The compound growth of :func:`~cdsanalysis.assessment.measure.series_progress` over-projects
targets bounded at 100%; :func:`linear_view` shows the least-squares line beside it. Pure; the
result carries every number it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cdsanalysis.assessment.measure import ratio_band
from cdsanalysis.assessment.series import (
    check_comparison,
    check_direction,
    meets,
    stale_reason,
    year_of,
    yearly_points,
)


@dataclass(frozen=True)
class LinearView:
    """Result of :func:`linear_view`: a straight-line projection to the deadline.

    Attributes
    ----------
    years, values : tuple
        The points fitted.
    n_points : int
    slope, intercept : float or None
        The least-squares line value = intercept + slope * year.
    target, target_year, comparison, direction, limit :
        The target as given.
    latest_year, latest_value : int, float or None
    achieved : bool or None
        Whether the latest value already meets the target by ``comparison``.
    projected_raw : float or None
        The line at ``target_year``, before clipping.
    projected_value : float or None
        ``projected_raw`` clipped to ``limit`` (and to 0 for a percent-like limit).
    clipped : bool
        Whether the clipping changed the projection.
    projected_meets : bool or None
        Whether the projection meets the target by ``comparison``.
    shortfall : float or None
        ``direction * (target - projected_value)``: positive = the line falls short.
    required_pace : float or None
        Change a year needed from the latest value to reach the target by ``target_year``;
        None when the deadline is not after the latest year.
    observed_pace : float or None
        The slope (change a year).
    status : str
        ``target_achieved``, ``not_available`` (fewer than two points, or stale) or the band of
        ``observed_pace / required_pace`` (0.95 / 0.60 / 0, as method 2).
    reason : str or None
    """

    years: tuple
    values: tuple
    n_points: int
    slope: float | None
    intercept: float | None
    target: float
    target_year: int
    comparison: str
    direction: int
    limit: float | None
    latest_year: int | None
    latest_value: float | None
    achieved: bool | None
    projected_raw: float | None
    projected_value: float | None
    clipped: bool
    projected_meets: bool | None
    shortfall: float | None
    required_pace: float | None
    observed_pace: float | None
    status: str
    reason: str | None = None


# A series too short for a line has none of the line's numbers.
_NO_LINE = dict(
    slope=None,
    intercept=None,
    projected_raw=None,
    projected_value=None,
    clipped=False,
    projected_meets=None,
    shortfall=None,
    required_pace=None,
    observed_pace=None,
)


def linear_view(
    years: Sequence,
    values: Sequence,
    *,
    target: float,
    target_year: object,
    comparison: str,
    direction: int,
    limit: float | None = None,
    as_of: object = None,
    latest_fraction: float | None = None,
) -> LinearView:
    """Project a bounded series to its deadline along a least-squares straight line.

    The compound growth of :func:`series_progress` over-projects targets bounded at 100%; this view
    shows the straight line beside it, and the pace a year still required.

    Parameters
    ----------
    years, values : sequence
        The yearly points (missing values dropped, duplicate years refused).
    target : float
        The target value.
    target_year : int or str
        The year of the deadline.
    comparison : {">=", ">", "<="}
        How a value meets the target.
    direction : {1, -1}
        +1 higher is better, -1 lower is better.
    limit : float, optional
        A natural bound (100 for a percent); the projection is clipped to [0, limit] when
        ``limit`` is positive (to ``limit`` alone otherwise), and ``clipped`` says so.
    as_of : int, date or str, optional
        When given, a latest value more than two years before it makes the view stale.
    latest_fraction : float, optional
        The share of its year that the latest value covers, when it is a partial year (0.5 for
        2025-H1). Full years sit at their year on the time axis (their end); a partial latest
        value sits at ``year - 1 + latest_fraction``, so that the line still has the rest of
        the year to run and the required pace counts only the time left.

    Returns
    -------
    LinearView

    Examples
    --------
    >>> v = linear_view(range(2015, 2021), [10, 14, 19, 25, 31, 38], target=100,
    ...                 target_year=2025, comparison=">=", direction=1, limit=100)
    >>> round(v.projected_value, 2), v.projected_meets, round(v.required_pace, 1)
    (65.05, False, 12.4)
    """
    d = check_direction(direction)
    comparison = check_comparison(comparison)
    t_year = year_of(target_year)
    points = yearly_points(years, values)
    latest_year, latest_value = points[-1] if points else (None, None)
    common = dict(
        years=tuple(y for y, _ in points),
        values=tuple(v for _, v in points),
        n_points=len(points),
        target=target,
        target_year=t_year,
        comparison=comparison,
        direction=d,
        limit=limit,
        latest_year=latest_year,
        latest_value=latest_value,
        achieved=None if not points else meets(latest_value, target, comparison),
    )
    stale = stale_reason(latest_year, as_of)
    if len(points) < 2:
        status, reason = _short_series_status(len(points), stale, common["achieved"])
        return LinearView(**common, **_NO_LINE, status=status, reason=reason)

    xs = [float(y) for y in common["years"]]
    if latest_fraction is not None and 0 < latest_fraction < 1:
        xs[-1] = xs[-1] - 1 + latest_fraction
    slope, intercept, mean_x, mean_y = _least_squares(xs, common["values"])
    # Evaluated about the mean year: years near 2000 make the intercept large and imprecise.
    raw = mean_y + slope * (t_year - mean_x)
    # A percent cannot pass 100 nor fall below 0, whatever the line says.
    projected = raw if limit is None else min(max(raw, min(limit, 0.0)), max(limit, 0.0))
    required = (target - latest_value) / (t_year - xs[-1]) if t_year > xs[-1] else None
    status, reason = _line_status(stale, common["achieved"], d * slope, required, t_year)
    return LinearView(
        **common,
        slope=slope,
        intercept=intercept,
        projected_raw=raw,
        projected_value=projected,
        clipped=projected != raw,
        projected_meets=meets(projected, target, comparison),
        shortfall=d * (target - projected),
        required_pace=required,
        observed_pace=slope,
        status=status,
        reason=reason,
    )


def _short_series_status(n_points: int, stale: str | None, achieved: bool | None):
    """Status and reason of a series too short for a line (no point or one)."""
    if not n_points:
        return "not_available", "no data"
    if stale:
        return "not_available", stale
    if achieved:
        return "target_achieved", "one point"
    return "not_available", "one point"


def _least_squares(xs: list[float], ys: tuple) -> tuple[float, float, float, float]:
    """Slope, intercept and the means of the least-squares line through the points."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    return slope, mean_y - slope * mean_x, mean_x, mean_y


def _line_status(
    stale: str | None, achieved: bool, pace: float, required: float | None, target_year: int
):
    """Status and reason of a line: stale, achieved, or the pace against the pace required.

    ``pace`` is signed so that positive is progress.
    """
    if stale:
        return "not_available", stale
    if achieved:
        return "target_achieved", None
    if required is None:
        return "deterioration", f"deadline {target_year} passed without reaching the target"
    if required == 0:
        # Only a strict ">" target can sit exactly on its value without being met.
        return ("substantial_progress" if pace > 0 else "limited_progress"), None
    return ratio_band(pace / abs(required)), None
