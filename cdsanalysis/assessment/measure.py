"""The reference progress measure: Statistics Canada / Open SDG (sdg-build 2.4.0).

:func:`series_progress` is the measure as ``docs/method.md`` describes it ("The reference
measure"), written from the formulas and checked against 175 production series;
:func:`aggregate_status` rolls series scores up to an indicator or a sector. The suite's own
views for what the measure handles badly are in :mod:`cdsanalysis.assessment.views`.

Every function is pure and returns a frozen dataclass carrying every number it used, so that a
brief can say why a target got its status. A ``not_available`` result always has a ``reason`` in
plain words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cdsanalysis.assessment.series import band, check_direction, year_of, yearly_points
from cdsanalysis.base.contracts import is_missing

# Method 2 (with a target): thresholds on R = observed growth / required growth.
_HIGH_R, _MED_R = 0.95, 0.60
# Method 1 (no target): thresholds on the observed CAGR, scaled by C near a natural limit.
_HIGH_CAGR, _MED_CAGR = 0.015, 0.005
# The reference replaces a 0 base or target by this, so that growth rates exist.
_ZERO_SUBSTITUTE = 0.001
_NOT_FINITE = "growth cannot be computed: the values are too far apart"


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
    status = ratio_band(ratio)
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
    status = band(rate, high, med)
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


def ratio_band(ratio: float) -> str:
    """Name the status band of a ratio of progress by method 2's thresholds (0.95 / 0.60 / 0).

    Parameters
    ----------
    ratio : float
        The share of the required pace achieved (positive is progress).

    Returns
    -------
    str
        ``substantial_progress``, ``moderate_progress``, ``limited_progress`` or
        ``deterioration``.
    """
    return band(ratio, _HIGH_R, _MED_R)


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
    d = check_direction(direction)
    if target is not None and is_missing(target):
        target = None
    if target is not None and target_year is None:
        raise ValueError("a target needs its target_year")
    t_year = None if target_year is None else year_of(target_year)
    points = yearly_points(years, values)
    first = None if base_year is None else year_of(base_year)
    if first is not None:
        points = [(y, v) for y, v in points if y >= first]
    if not points:
        reason = "no data" if first is None else f"no value in or after the base year {first}"
        return SeriesProgress(None, None, "not_available", first, None, None, None, None, reason)

    (y0, v0), (y1, v1) = points[0], points[-1]
    pair = _Compared(y0, v0, y1, v1, d, target, t_year)
    if len(points) == 1:
        if target is not None and pair.achieved(v0):
            return pair.result("target_achieved", 5.0, reason="one point")
        return pair.result("not_available", reason="one point")
    if target is not None and (target == v0 or pair.goal == pair.base):
        # No growth is required: the target is either held or lost.
        return pair.held_or_lost("target equals base value")
    if _opposite(pair.base, v1):
        read = " (read as 0.001)" if v0 == 0 else ""
        return pair.result(
            "not_available",
            reason=f"base value {v0:g}{read} and current value {v1:g} have opposite signs",
        )
    observed = _cagr(v1, pair.base, y1, y0)
    if target is None:
        return _method1(pair, observed, limit)
    return _method2(pair, observed)


@dataclass(frozen=True)
class _Compared:
    """The two points a series is judged on, and what it is judged against."""

    y0: int
    v0: float
    y1: int
    v1: float
    direction: int
    target: float | None
    target_year: int | None

    @property
    def sign(self) -> int:
        return -1 if self.v0 < 0 else 1

    @property
    def base(self) -> float:
        return _ZERO_SUBSTITUTE if self.v0 == 0 else self.v0

    @property
    def goal(self) -> float | None:
        if self.target is None:
            return None
        return _ZERO_SUBSTITUTE if self.target == 0 else self.target

    def result(self, status, score=None, value=None, reason=None) -> SeriesProgress:
        return SeriesProgress(
            value, score, status, self.y0, self.v0, self.y1, self.v1, self.sign, reason
        )

    def achieved(self, value: float) -> bool:
        # The reference method's own test (>= / <=); the catalogue's strict ">" is the suite's.
        return value >= self.target if self.direction == 1 else value <= self.target

    def held_or_lost(self, reason: str) -> SeriesProgress:
        if self.achieved(self.v1):
            return self.result("target_achieved", 5.0, reason=reason)
        return self.result("deterioration", -5.0, reason=reason)

    def achieved_or_not_available(self, reason: str) -> SeriesProgress:
        if self.achieved(self.v1):
            return self.result("target_achieved", 5.0, reason=reason)
        return self.result("not_available", reason=reason)


def _method1(pair: _Compared, observed: float, limit: float | None) -> SeriesProgress:
    """Method 1 (no target): the observed growth, signed so that positive is progress."""
    rate = pair.sign * pair.direction * observed
    if not math.isfinite(rate):
        return pair.result("not_available", reason=_NOT_FINITE)
    status, score = method1_status_score(rate, _limit_factor(pair.v0, limit))
    return pair.result(status, score, rate)


def _method2(pair: _Compared, observed: float) -> SeriesProgress:
    """Method 2 (a target): the observed growth over the growth the target requires."""
    # Guards the reference does not need on its data, but a catalogue could hit: no required
    # growth can be computed, so only "achieved" can be said.
    if _opposite(pair.base, pair.goal):
        problem = f"base value {pair.v0:g} and target {pair.target:g} have opposite signs"
        return pair.achieved_or_not_available(problem)
    if pair.target_year <= pair.y0:
        problem = f"target year {pair.target_year} is not after the base year {pair.y0}"
        return pair.achieved_or_not_available(problem)
    required = _cagr(pair.goal, pair.base, pair.target_year, pair.y0)
    if required == 0:  # target and base equal to the last bit of a float
        return pair.held_or_lost("target equals base value")
    ratio = pair.sign * pair.direction * observed / abs(required)
    if not math.isfinite(ratio):
        return pair.achieved_or_not_available(_NOT_FINITE)
    if pair.achieved(pair.v1):
        return pair.result("target_achieved", 5.0, ratio)
    status, score = method2_status_score(ratio)
    return pair.result(status, score, ratio)


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
    scored = [(float(s), bool(f)) for s, f in zip(scores, flags, strict=True) if not is_missing(s)]
    if not scored:
        return AggregateStatus(None, "not_available", len(scores), 0)
    mean = sum(s for s, _ in scored) / len(scored)
    if all(f for _, f in scored):
        status = "target_achieved"
    else:
        status = band(mean, 2.5, 0.0, -2.5)
    return AggregateStatus(mean, status, len(scores), len(scored))
