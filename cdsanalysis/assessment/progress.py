"""The progress measure and the views it lacks.

:func:`series_progress` is the Statistics Canada / Open SDG progress measure (sdg-build 2.4.0) as
described in ``reference/PROGRESS-METHOD.md``, written from the formulas and checked against 175
production series. The other functions are the suite's own views for what that measure handles
badly: bounded percents (:func:`linear_view`), ranks (:func:`rank_view`), growth-rate targets
(:func:`growth_view`), yes/no targets (:func:`yes_no_view`) and dated milestones
(:func:`milestone_view`). :func:`aggregate_status` rolls series scores up to an indicator or a
sector.

Every function is pure and returns a frozen dataclass carrying every number it used, so that a brief
can say why a target got its status. A ``not_available`` result always has a ``reason`` in plain
words.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cdsanalysis.base.contracts import is_missing as _is_missing
from cdsanalysis.base.vocabulary import COMPARISONS

# Method 2 (with a target): thresholds on R = observed growth / required growth.
_HIGH_R, _MED_R = 0.95, 0.60
# Method 1 (no target): thresholds on the observed CAGR, scaled by C near a natural limit.
_HIGH_CAGR, _MED_CAGR = 0.015, 0.005
# The reference replaces a 0 base or target by this, so that growth rates exist.
_ZERO_SUBSTITUTE = 0.001
_NOT_FINITE = "growth cannot be computed: the values are too far apart"
# A latest value more than this many years before ``as_of`` is too old to judge by.
STALE_YEARS = 2
# Scores for the suite's own views, which have no score of their own: the middle of each band of
# aggregate_status, so that a view weighs in an aggregate exactly as its status says.
VIEW_SCORES = {
    "target_achieved": 5.0,
    "substantial_progress": 3.75,
    "moderate_progress": 1.25,
    "limited_progress": -1.25,
    "deterioration": -3.75,
    "not_available": None,
}


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_YEAR = re.compile(r"^\s*(\d{4})")


def _year_of(value: object) -> int:
    """Read a year: 2015, 2015.0, "2015" and "2015-16" (a fiscal year counts as its first)."""
    if isinstance(value, bool):
        raise ValueError(f"not a year: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"not a year: {value!r}")
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _year_of(value.item())
    match = _YEAR.match(str(value))
    if not match:
        raise ValueError(f"not a year: {value!r}")
    return int(match.group(1))


def _check_direction(direction: object) -> int:
    # Never defaulted, never guessed: the catalogue must say which way is better.
    if isinstance(direction, bool) or not isinstance(direction, numbers.Integral):
        raise ValueError(f"direction must be the int +1 or -1, not {direction!r}")
    if direction not in (1, -1):
        raise ValueError(f"direction must be the int +1 or -1, not {direction!r}")
    return int(direction)


def _check_comparison(comparison: str) -> str:
    if comparison not in COMPARISONS:
        raise ValueError(f"comparison must be one of {', '.join(COMPARISONS)}, not {comparison!r}")
    return comparison


def meets(value: float, target: float, comparison: str) -> bool:
    """Return whether ``value`` meets ``target`` by the catalogue's comparison.

    Parameters
    ----------
    value, target : float
        The value observed and the target.
    comparison : {">=", ">", "<="}
        ``">"`` is strict ("trên 99%" means more than 99%).

    Returns
    -------
    bool
    """
    comparison = _check_comparison(comparison)
    if comparison == ">=":
        return value >= target
    if comparison == ">":
        return value > target
    return value <= target


def _pairs(years: Iterable, values: Iterable) -> list[tuple[int, float]]:
    """Pair years with values, refuse duplicate years, drop missing values, sort by year."""
    years = list(years)
    values = list(values)
    if len(years) != len(values):
        raise ValueError(f"{len(years)} years but {len(values)} values")
    seen: set[int] = set()
    out = []
    for raw_year, value in zip(years, values, strict=True):
        year = _year_of(raw_year)
        if year in seen:
            raise ValueError(f"duplicate year {year}: one value per year is allowed")
        seen.add(year)
        if not _is_missing(value):
            out.append((year, float(value)))
    return sorted(out)


def as_of_year(as_of: object) -> int | None:
    """Return the year of an ``as_of`` given as a year, a date or a period label ("2025-H1").

    Parameters
    ----------
    as_of : int, datetime.date, str or None

    Returns
    -------
    int or None
        ``None`` when ``as_of`` is ``None``.
    """
    if as_of is None:
        return None
    if isinstance(as_of, dt.date):
        return as_of.year
    return _year_of(as_of)


def stale_reason(latest_year: int | None, as_of: object) -> str | None:
    """Return the staleness reason when the latest value is too old for ``as_of``, else None.

    Parameters
    ----------
    latest_year : int or None
        Year of the latest value of the series.
    as_of : int, datetime.date, str or None
        The date of the assessment; ``None`` never makes a series stale.

    Returns
    -------
    str or None
        ``"stale: latest value YYYY is more than two years before as_of"`` when
        ``as_of`` year - ``latest_year`` > 2.
    """
    year = as_of_year(as_of)
    if year is None or latest_year is None or year - latest_year <= STALE_YEARS:
        return None
    return f"stale: latest value {latest_year} is more than two years before as_of ({year})"


def _band(x: float, high: float, med: float, low: float = 0.0) -> str:
    if x >= high:
        return "substantial_progress"
    if x >= med:
        return "moderate_progress"
    if x >= low:
        return "limited_progress"
    return "deterioration"


def _opposite(a: float, b: float) -> bool:
    # Compared by sign, not by product: the product of two tiny values underflows to 0.
    return (a < 0 < b) or (b < 0 < a)


def _cagr(v1: float, v0: float, t1: float, t0: float) -> float:
    return (v1 / v0) ** (1 / (t1 - t0)) - 1


def _limit_factor(base_value: float, limit: float | None) -> float:
    """C of method 1: shrinks the thresholds as the base approaches a natural limit."""
    if limit is None:
        return 1.0
    y0, bound = abs(base_value), abs(limit)
    if y0 >= 2 * bound:
        return 1.0
    if y0 <= bound:
        return 1 - (y0 / bound) ** 4.44
    return 1 - ((2 * bound - y0) / bound) ** 4.44


def method2_status_score(ratio: float) -> tuple[str, float]:
    """Status and score of a series with a target that is not achieved ("method 2").

    Parameters
    ----------
    ratio : float
        R = observed CAGR / |required CAGR|, signed so that positive is progress.

    Returns
    -------
    (str, float)
        The status band (0.95 / 0.60 / 0) and the score in [-5, 5].
    """
    status = _band(ratio, _HIGH_R, _MED_R)
    if ratio >= _MED_R:
        score = min(7.1429 * ratio - 4.2857, 5.0)
    else:
        score = max(4.1667 * ratio - 2.5, -5.0)
    return status, score


def method1_status_score(rate: float, factor: float = 1.0) -> tuple[str, float]:
    """Status and score of a series without a target ("method 1").

    Parameters
    ----------
    rate : float
        v = observed CAGR, signed so that positive is progress.
    factor : float, default 1.0
        C, the limit factor (1 without a limit).

    Returns
    -------
    (str, float)
        The status band (1.5% C / 0.5% C / 0) and the score in [-5, 5].
    """
    high, med = _HIGH_CAGR * factor, _MED_CAGR * factor
    status = _band(rate, high, med)
    if rate < 0:
        score = max(125 * rate - 2.5, -5.0)
    elif factor == 0:
        score = 5.0
    elif rate >= high:
        score = min(500 * rate / factor - 5, 5.0)
    elif rate >= med:
        score = 250 * rate / factor - 1.25
    else:
        score = 500 * rate / factor - 2.5
    return status, score


# --------------------------------------------------------------------------------------------
# The reference measure
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesProgress:
    """Result of :func:`series_progress`.

    Attributes
    ----------
    progress_value : float or None
        R (with a target) or the signed CAGR (without); None when it cannot be computed.
    score : float or None
        -5 .. 5; None when ``status`` is ``not_available``.
    status : str
        One of :data:`STATUSES`.
    base_year, base_value, current_year, current_value : int, float or None
        The two points compared (values as observed, before any 0 -> 0.001 substitution).
    sign : int or None
        -1 when the base value is negative, else +1.
    reason : str or None
        Plain words when the status is ``not_available`` (or a rule decided it).
    """

    progress_value: float | None
    score: float | None
    status: str
    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    sign: int | None
    reason: str | None = None


def series_progress(
    years: Sequence,
    values: Sequence,
    *,
    direction: int,
    target: float | None = None,
    target_year: object = None,
    base_year: object = None,
    limit: float | None = None,
) -> SeriesProgress:
    """Progress of one series by the Statistics Canada / Open SDG measure.

    Parameters
    ----------
    years : sequence
        Years as ints, floats or text; "2015-16" counts as 2015.
    values : sequence of float
        One value per year; missing values (None, NaN) are dropped.
    direction : {1, -1}
        +1 when higher is better, -1 when lower is better. Required, never defaulted.
    target : float, optional
        The target value; without it the measure is "method 1" (growth alone).
    target_year : int or str, optional
        The year the target is due; required with a target.
    base_year : int or str, optional
        The first year compared; None means the first year with a value. Without a value in that
        year, the next year with one is used.
    limit : float, optional
        A natural bound (100 for a percent) that shrinks method 1's thresholds near it.

    Returns
    -------
    SeriesProgress

    Raises
    ------
    ValueError
        When ``direction`` is not +1 or -1, a target has no ``target_year``, a year repeats
        (the message names it) or a year cannot be read.

    Examples
    --------
    >>> r = series_progress([2015, 2023], [14.5, 10.2], direction=-1, target=7.25, target_year=2030)
    >>> r.status, round(r.progress_value, 8)
    ('substantial_progress', 0.95259018)
    """
    d = _check_direction(direction)
    if target is not None and _is_missing(target):
        target = None
    if target is not None and target_year is None:
        raise ValueError("a target needs its target_year")
    t_year = None if target_year is None else _year_of(target_year)
    points = _pairs(years, values)
    first = None if base_year is None else _year_of(base_year)
    if first is not None:
        points = [(y, v) for y, v in points if y >= first]
    if not points:
        reason = "no data" if first is None else f"no value in or after the base year {first}"
        return SeriesProgress(None, None, "not_available", first, None, None, None, None, reason)

    (y0, v0), (y1, v1) = points[0], points[-1]
    sign = -1 if v0 < 0 else 1

    def result(status, score=None, value=None, reason=None) -> SeriesProgress:
        return SeriesProgress(value, score, status, y0, v0, y1, v1, sign, reason)

    def achieved(value: float) -> bool:
        # The reference method's own test (>= / <=); the catalogue's strict ">" is the suite's.
        return value >= target if d == 1 else value <= target

    if len(points) == 1:
        if target is not None and achieved(v0):
            return result("target_achieved", 5.0, reason="one point")
        return result("not_available", reason="one point")

    base = _ZERO_SUBSTITUTE if v0 == 0 else v0
    goal = None
    if target is not None:
        goal = _ZERO_SUBSTITUTE if target == 0 else target
        if target == v0 or goal == base:
            # No growth is required: the target is either held or lost.
            if achieved(v1):
                return result("target_achieved", 5.0, reason="target equals base value")
            return result("deterioration", -5.0, reason="target equals base value")

    if _opposite(base, v1):
        read = " (read as 0.001)" if v0 == 0 else ""
        return result(
            "not_available",
            reason=f"base value {v0:g}{read} and current value {v1:g} have opposite signs",
        )
    observed = _cagr(v1, base, y1, y0)
    if target is None:
        rate = sign * d * observed
        if not math.isfinite(rate):
            return result("not_available", reason=_NOT_FINITE)
        status, score = method1_status_score(rate, _limit_factor(v0, limit))
        return result(status, score, rate)

    # Guards the reference does not need on its data, but a catalogue could hit: no required
    # growth can be computed, so only "achieved" can be said.
    problem = None
    if _opposite(base, goal):
        problem = f"base value {v0:g} and target {target:g} have opposite signs"
    elif t_year <= y0:
        problem = f"target year {t_year} is not after the base year {y0}"
    if problem is not None:
        if achieved(v1):
            return result("target_achieved", 5.0, reason=problem)
        return result("not_available", reason=problem)

    required = _cagr(goal, base, t_year, y0)
    if required == 0:  # target and base equal to the last bit of a float
        if achieved(v1):
            return result("target_achieved", 5.0, reason="target equals base value")
        return result("deterioration", -5.0, reason="target equals base value")
    ratio = sign * d * observed / abs(required)
    if not math.isfinite(ratio):
        if achieved(v1):
            return result("target_achieved", 5.0, reason=_NOT_FINITE)
        return result("not_available", reason=_NOT_FINITE)
    if achieved(v1):
        return result("target_achieved", 5.0, ratio)
    status, score = method2_status_score(ratio)
    return result(status, score, ratio)


# --------------------------------------------------------------------------------------------
# Aggregate
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AggregateStatus:
    """Result of :func:`aggregate_status`.

    Attributes
    ----------
    score : float or None
        Mean of the series scores that exist.
    status : str
        One of :data:`STATUSES`.
    n_series : int
        Series given.
    n_scored : int
        Series with a score (the mean's denominator).
    """

    score: float | None
    status: str
    n_series: int
    n_scored: int


def aggregate_status(scores: Sequence, achieved_flags: Sequence) -> AggregateStatus:
    """Roll series up to an indicator or sector status.

    Parameters
    ----------
    scores : sequence of float or None
        One score per series; None or NaN for a series without one.
    achieved_flags : sequence of bool
        One flag per series: whether it achieved its target.

    Returns
    -------
    AggregateStatus
        ``target_achieved`` when every scored series achieved its target; else the band of the mean
        score: [2.5, 5] substantial, [0, 2.5) moderate, [-2.5, 0) limited, [-5, -2.5)
        deterioration; ``not_available`` when no series has a score.

    Raises
    ------
    ValueError
        When the two sequences differ in length.
    """
    scores, flags = list(scores), list(achieved_flags)
    if len(scores) != len(flags):
        raise ValueError(f"{len(scores)} scores but {len(flags)} achieved flags")
    scored = [(float(s), bool(f)) for s, f in zip(scores, flags, strict=True) if not _is_missing(s)]
    if not scored:
        return AggregateStatus(None, "not_available", len(scores), 0)
    mean = sum(s for s, _ in scored) / len(scored)
    if all(f for _, f in scored):
        status = "target_achieved"
    else:
        status = _band(mean, 2.5, 0.0, -2.5)
    return AggregateStatus(mean, status, len(scores), len(scored))


# --------------------------------------------------------------------------------------------
# The suite's own views
# --------------------------------------------------------------------------------------------


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
    d = _check_direction(direction)
    comparison = _check_comparison(comparison)
    t_year = _year_of(target_year)
    points = _pairs(years, values)
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
    no_line = dict(
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
    stale = stale_reason(latest_year, as_of)
    if len(points) < 2:
        if not points:
            status, reason = "not_available", "no data"
        elif stale:
            status, reason = "not_available", stale
        elif common["achieved"]:
            status, reason = "target_achieved", "one point"
        else:
            status, reason = "not_available", "one point"
        return LinearView(**common, **no_line, status=status, reason=reason)

    xs = [float(y) for y in common["years"]]
    ys = common["values"]
    if latest_fraction is not None and 0 < latest_fraction < 1:
        xs[-1] = xs[-1] - 1 + latest_fraction
    n = len(points)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    # Evaluated about the mean year: years near 2000 make the intercept large and imprecise.
    raw = mean_y + slope * (t_year - mean_x)
    projected = raw
    if limit is not None:
        # A percent cannot pass 100 nor fall below 0, whatever the line says.
        projected = min(max(raw, min(limit, 0.0)), max(limit, 0.0))
    required = None
    if t_year > xs[-1]:
        required = (target - latest_value) / (t_year - xs[-1])

    reason = None
    if stale:
        status, reason = "not_available", stale
    elif common["achieved"]:
        status = "target_achieved"
    elif required is None:
        status, reason = "deterioration", f"deadline {t_year} passed without reaching the target"
    elif required == 0:
        # Only a strict ">" target can sit exactly on its value without being met.
        status = "substantial_progress" if d * slope > 0 else "limited_progress"
    else:
        status = _band(d * slope / abs(required), _HIGH_R, _MED_R)
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


@dataclass(frozen=True)
class RankView:
    """Result of :func:`rank_view`.

    Attributes
    ----------
    years, ranks : tuple
        The rank path (lower is better).
    rank_of : tuple
        The number ranked each year (63 provinces up to 2024, 34 after the 2025 merger).
    target_rank : int
        Achieved when the latest rank <= ``target_rank``.
    latest_year, latest_rank, best_year, best_rank : int or None
    latest_rank_of : int or None
        The number ranked in the latest year.
    n_points : int
    achieved : bool or None
    places_to_target : int or None
        Places still to climb (0 when achieved).
    trend : {"improved", "unchanged", "worsened"} or None
        The last step; None with one point or when the last two ranks come from groups of
        different sizes (not comparable).
    last_change : int or None
        Places gained in the last step (positive = better).
    status : str
        ``target_achieved``; else by the last step: improved -> ``moderate_progress``,
        unchanged -> ``limited_progress``, worsened -> ``deterioration``; ``not_available`` with
        one point, or non-comparable groups, or stale.
    score : float or None
        :data:`VIEW_SCORES` of the status.
    reason : str or None
    """

    years: tuple
    ranks: tuple
    rank_of: tuple
    target_rank: int
    latest_year: int | None
    latest_rank: int | None
    latest_rank_of: int | None
    best_year: int | None
    best_rank: int | None
    n_points: int
    achieved: bool | None
    places_to_target: int | None
    trend: str | None
    last_change: int | None
    status: str
    score: float | None
    reason: str | None = None


def rank_view(
    years: Sequence,
    ranks: Sequence,
    *,
    target_rank: int,
    rank_of: int | Sequence,
    as_of: object = None,
) -> RankView:
    """Judge a "top N" target on a rank path (lower is better).

    Parameters
    ----------
    years, ranks : sequence
        The rank each year (missing ranks dropped, duplicate years refused).
    target_rank : int
        N of "top N": achieved when the latest rank <= N.
    rank_of : int or sequence of int
        Number ranked: one number for every year, or one per year (aligned with ``years``).
    as_of : int, date or str, optional
        When given, a latest rank more than two years before it makes the view stale.

    Returns
    -------
    RankView

    Raises
    ------
    ValueError
        When a rank is outside 1..rank_of, or ``rank_of`` has the wrong length.
    """
    years = list(years)
    if isinstance(rank_of, Sequence) and not isinstance(rank_of, str):
        sizes = [int(n) for n in rank_of]
        if len(sizes) != len(years):
            raise ValueError(f"{len(years)} years but {len(sizes)} rank_of values")
    else:
        sizes = [int(rank_of)] * len(years)
    size_of = {_year_of(y): n for y, n in zip(years, sizes, strict=True)}
    points = [(y, int(round(v))) for y, v in _pairs(years, ranks)]
    for year, rank in points:
        if not 1 <= rank <= size_of[year]:
            raise ValueError(f"rank {rank} in {year} is outside 1..{size_of[year]}")
    target_rank = int(target_rank)
    common = dict(
        years=tuple(y for y, _ in points),
        ranks=tuple(r for _, r in points),
        rank_of=tuple(size_of[y] for y, _ in points),
        target_rank=target_rank,
        n_points=len(points),
    )
    if not points:
        return RankView(
            **common,
            latest_year=None,
            latest_rank=None,
            latest_rank_of=None,
            best_year=None,
            best_rank=None,
            achieved=None,
            places_to_target=None,
            trend=None,
            last_change=None,
            status="not_available",
            score=None,
            reason="no data",
        )
    latest_year, latest = points[-1]
    best_year, best = min(points, key=lambda p: (p[1], -p[0]))  # the best rank, latest if tied
    achieved = latest <= target_rank
    trend = change = None
    if len(points) >= 2:
        prev_year, prev = points[-2]
        # A rank among 63 and a rank among 34 do not compare.
        if size_of[prev_year] == size_of[latest_year]:
            change = prev - latest
            trend = "improved" if change > 0 else "worsened" if change < 0 else "unchanged"
    stale = stale_reason(latest_year, as_of)
    reason = None
    if stale:
        status, reason = "not_available", stale
    elif achieved:
        status = "target_achieved"
    elif len(points) < 2:
        status, reason = "not_available", "one point"
    elif trend is None:
        status = "not_available"
        reason = (
            f"the last two ranks come from groups of different sizes "
            f"({size_of[points[-2][0]]} and {size_of[latest_year]}): not comparable"
        )
    else:
        status = _RANK_TREND_STATUS[trend]
    return RankView(
        **common,
        latest_year=latest_year,
        latest_rank=latest,
        latest_rank_of=size_of[latest_year],
        best_year=best_year,
        best_rank=best,
        achieved=achieved,
        places_to_target=max(latest - target_rank, 0),
        trend=trend,
        last_change=change,
        status=status,
        score=VIEW_SCORES[status],
        reason=reason,
    )


_RANK_TREND_STATUS = {
    "improved": "moderate_progress",
    "unchanged": "limited_progress",
    "worsened": "deterioration",
}


@dataclass(frozen=True)
class GrowthView:
    """Result of :func:`growth_view`.

    Attributes
    ----------
    years, growth_rates : tuple
        Each year's growth (percent, e.g. 6.5 for +6.5%).
    met : tuple of bool
        Whether each year's growth meets the threshold.
    threshold : float
    comparison : str
    n_points, n_met : int
    share_met : float or None
        Share of years that met the threshold (0..1).
    mean_growth : float or None
        Arithmetic mean of the yearly growth rates over the period.
    latest_year, latest_growth : int, float or None
    ratio : float or None
        ``mean_growth / threshold`` (for ">=" and ">" with a positive threshold) or
        ``threshold / mean_growth`` (for "<=" with positive values): the share of the target pace
        achieved.
    achieved : bool or None
        The rule: achieved when the mean growth over the period meets the threshold by
        ``comparison`` (a year below it can be made up by a year above).
    status : str
        ``target_achieved``; else the band of ``ratio`` (0.95 / 0.60 / 0, as method 2), or
        ``deterioration`` when no ratio exists; ``not_available`` without data or when stale.
    score : float or None
    reason : str or None
    """

    years: tuple
    growth_rates: tuple
    met: tuple
    threshold: float
    comparison: str
    n_points: int
    n_met: int
    share_met: float | None
    mean_growth: float | None
    latest_year: int | None
    latest_growth: float | None
    ratio: float | None
    achieved: bool | None
    status: str
    score: float | None
    reason: str | None = None


def growth_view(
    years: Sequence,
    growth_rates: Sequence,
    *,
    threshold: float,
    comparison: str,
    as_of: object = None,
) -> GrowthView:
    """Judge a growth-rate target ("labour productivity grows >= 7% a year") year by year.

    The CAGR of a growth rate means nothing, so each year's growth is compared with the threshold
    and the period is judged on the mean growth.

    Parameters
    ----------
    years, growth_rates : sequence
        The growth of each year of the period (the caller chooses the period).
    threshold : float
        The growth a year the target asks for.
    comparison : {">=", ">", "<="}
    as_of : int, date or str, optional
        When given, a latest value more than two years before it makes the view stale.

    Returns
    -------
    GrowthView
        Achieved when the mean growth over the period meets ``threshold`` by ``comparison``.
    """
    comparison = _check_comparison(comparison)
    points = _pairs(years, growth_rates)
    rates = tuple(g for _, g in points)
    met = tuple(meets(g, threshold, comparison) for g in rates)
    common = dict(
        years=tuple(y for y, _ in points),
        growth_rates=rates,
        met=met,
        threshold=threshold,
        comparison=comparison,
        n_points=len(points),
        n_met=sum(met),
    )
    if not points:
        return GrowthView(
            **common,
            share_met=None,
            mean_growth=None,
            latest_year=None,
            latest_growth=None,
            ratio=None,
            achieved=None,
            status="not_available",
            score=None,
            reason="no data",
        )
    mean = sum(rates) / len(rates)
    achieved = meets(mean, threshold, comparison)
    ratio = None
    if comparison in (">=", ">") and threshold > 0:
        ratio = mean / threshold
    elif comparison == "<=" and threshold > 0 and mean > 0:
        ratio = threshold / mean
    latest_year, latest = points[-1]
    stale = stale_reason(latest_year, as_of)
    reason = None
    if stale:
        status, reason = "not_available", stale
    elif achieved:
        status = "target_achieved"
    elif ratio is None:
        status = "deterioration"
    else:
        status = _band(ratio, _HIGH_R, _MED_R)
    return GrowthView(
        **common,
        share_met=sum(met) / len(met),
        mean_growth=mean,
        latest_year=latest_year,
        latest_growth=latest,
        ratio=ratio,
        achieved=achieved,
        status=status,
        score=VIEW_SCORES[status],
        reason=reason,
    )


@dataclass(frozen=True)
class YesNoView:
    """Result of :func:`yes_no_view`.

    Attributes
    ----------
    years, values : tuple
        1 (yes) or 0 (no) each year.
    n_points : int
    latest_year, latest_value : int or None
    first_yes_year : int or None
        The first year with a yes.
    achieved : bool or None
        The latest value is yes.
    status : str
        ``target_achieved`` (yes), ``deterioration`` (no, after an earlier yes),
        ``limited_progress`` (not yet), ``not_available`` (no data, or stale).
    score : float or None
    reason : str or None
    """

    years: tuple
    values: tuple
    n_points: int
    latest_year: int | None
    latest_value: int | None
    first_yes_year: int | None
    achieved: bool | None
    status: str
    score: float | None
    reason: str | None = None


def yes_no_view(years: Sequence, values: Sequence, *, as_of: object = None) -> YesNoView:
    """Judge a yes/no target ("the services are offered on mobile devices").

    Parameters
    ----------
    years, values : sequence
        1 for yes, 0 for no, each year.
    as_of : int, date or str, optional
        When given, a latest value more than two years before it makes the view stale.

    Returns
    -------
    YesNoView

    Raises
    ------
    ValueError
        When a value is neither 0 nor 1.
    """
    points = _pairs(years, values)
    for year, value in points:
        if value not in (0.0, 1.0):
            raise ValueError(f"yes/no value in {year} must be 1 or 0, not {value:g}")
    flags = tuple(int(v) for _, v in points)
    common = dict(years=tuple(y for y, _ in points), values=flags, n_points=len(points))
    if not points:
        return YesNoView(
            **common,
            latest_year=None,
            latest_value=None,
            first_yes_year=None,
            achieved=None,
            status="not_available",
            score=None,
            reason="no data",
        )
    latest_year = points[-1][0]
    first_yes = next((y for y, v in points if v == 1), None)
    achieved = flags[-1] == 1
    stale = stale_reason(latest_year, as_of)
    reason = None
    if stale:
        status, reason = "not_available", stale
    elif achieved:
        status = "target_achieved"
    elif first_yes is not None:
        status, reason = "deterioration", f"yes in {first_yes}, no in {latest_year}"
    else:
        status, reason = "limited_progress", "not yet"
    return YesNoView(
        **common,
        latest_year=latest_year,
        latest_value=flags[-1],
        first_yes_year=first_yes,
        achieved=achieved,
        status=status,
        score=VIEW_SCORES[status],
        reason=reason,
    )


@dataclass(frozen=True)
class MilestoneView:
    """Result of :func:`milestone_view`.

    Attributes
    ----------
    value_share : float or None
        Share done (percent, 0..100) at ``as_of``.
    target : float
        Share required by the deadline (100 for "every agency").
    deadline, as_of : datetime.date
    on_time : bool
        Whether the share was measured on or before the deadline.
    met : bool or None
        Whether the share reaches the target (whatever the date).
    achieved : bool or None
        Met and on time.
    share_of_target : float or None
        ``value_share / target``.
    status : str
        ``target_achieved`` (met on time); ``moderate_progress`` (met after the deadline); not met
        before the deadline: the band of ``share_of_target`` (0.95 / 0.60 / 0); not met on or
        after the deadline: ``limited_progress`` (missed); ``not_available`` without a value.
    score : float or None
    reason : str or None
    """

    value_share: float | None
    target: float
    deadline: dt.date
    as_of: dt.date
    on_time: bool
    met: bool | None
    achieved: bool | None
    share_of_target: float | None
    status: str
    score: float | None
    reason: str | None = None


def _to_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def milestone_view(
    value_share: float | None, *, target: float, deadline: object, as_of: object
) -> MilestoneView:
    """Judge a dated milestone ("100% of agencies issue their plan before 30-6-2023").

    Parameters
    ----------
    value_share : float or None
        Share done (percent) as measured at ``as_of``.
    target : float
        Share required by the deadline.
    deadline : datetime.date or ISO str
    as_of : datetime.date or ISO str
        The date the share refers to.

    Returns
    -------
    MilestoneView
    """
    deadline, as_of = _to_date(deadline), _to_date(as_of)
    common = dict(target=target, deadline=deadline, as_of=as_of, on_time=as_of <= deadline)
    if _is_missing(value_share):
        return MilestoneView(
            **common,
            value_share=None,
            met=None,
            achieved=None,
            share_of_target=None,
            status="not_available",
            score=None,
            reason="no data",
        )
    share = float(value_share)
    met = share >= target
    ratio = share / target if target else None
    reason = None
    if met and common["on_time"]:
        status = "target_achieved"
    elif met:
        status, reason = "moderate_progress", f"reached after the deadline {deadline.isoformat()}"
    elif as_of < deadline:
        status = _band(ratio, _HIGH_R, _MED_R) if ratio is not None else "limited_progress"
    else:
        status, reason = "limited_progress", f"missed: not reached by {deadline.isoformat()}"
    return MilestoneView(
        **common,
        value_share=share,
        met=met,
        achieved=met and common["on_time"],
        share_of_target=ratio,
        status=status,
        score=VIEW_SCORES[status],
        reason=reason,
    )
