"""The suite's own progress views, for what the reference measure handles badly.

Ranks (:func:`rank_view`), growth-rate targets (:func:`growth_view`), yes/no targets
(:func:`yes_no_view`) and dated milestones (:func:`milestone_view`); the straight line for bounded
percents is in :mod:`cdsanalysis.assessment.linear`.

Every function is pure and returns a frozen dataclass carrying every number it used, so that a
brief can say why a target got its status. A ``not_available`` result always has a ``reason`` in
plain words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cdsanalysis.assessment.measure import ratio_band
from cdsanalysis.assessment.series import (
    check_comparison,
    meets,
    stale_reason,
    year_of,
    yearly_points,
)
from cdsanalysis.base.contracts import is_missing

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
    points, size_of = _rank_points(years, ranks, rank_of)
    target_rank = int(target_rank)
    common = dict(
        years=tuple(y for y, _ in points),
        ranks=tuple(r for _, r in points),
        rank_of=tuple(size_of[y] for y, _ in points),
        target_rank=target_rank,
        n_points=len(points),
    )
    if not points:
        return RankView(**common, **_NO_RANK)
    latest_year, latest = points[-1]
    best_year, best = min(points, key=lambda p: (p[1], -p[0]))  # the best rank, latest if tied
    achieved = latest <= target_rank
    trend, change = _last_step(points, size_of)
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


# A rank view without any rank.
_NO_RANK = dict(
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


def _rank_points(years: Sequence, ranks: Sequence, rank_of: int | Sequence):
    """The (year, rank) points and the number ranked each year; a rank out of range raises."""
    years = list(years)
    if isinstance(rank_of, Sequence) and not isinstance(rank_of, str):
        sizes = [int(n) for n in rank_of]
        if len(sizes) != len(years):
            raise ValueError(f"{len(years)} years but {len(sizes)} rank_of values")
    else:
        sizes = [int(rank_of)] * len(years)
    size_of = {year_of(y): n for y, n in zip(years, sizes, strict=True)}
    points = [(y, int(round(v))) for y, v in yearly_points(years, ranks)]
    for year, rank in points:
        if not 1 <= rank <= size_of[year]:
            raise ValueError(f"rank {rank} in {year} is outside 1..{size_of[year]}")
    return points, size_of


def _last_step(points: list[tuple[int, int]], size_of: dict[int, int]):
    """The trend and the places gained in the last step; (None, None) when there is none."""
    if len(points) < 2:
        return None, None
    (prev_year, prev), (latest_year, latest) = points[-2], points[-1]
    # A rank among 63 and a rank among 34 do not compare.
    if size_of[prev_year] != size_of[latest_year]:
        return None, None
    change = prev - latest
    return ("improved" if change > 0 else "worsened" if change < 0 else "unchanged"), change


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
        The rule: achieved only when every year's growth meets the threshold by
        ``comparison`` (a year below it is not made up by a year above).
    status : str
        ``target_achieved``; else the band of ``ratio`` (the mean over the period against the
        threshold: 0.95 / 0.60 / 0, as method 2), or
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

    The CAGR of a growth rate means nothing, so each year's growth is compared with the threshold:
    the target is met only when every year meets it, and the mean growth bands the status
    otherwise.

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
        Achieved when every year's growth meets ``threshold`` by ``comparison``; the mean shows
        how far the period got.
    """
    comparison = check_comparison(comparison)
    points = yearly_points(years, growth_rates)
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
    achieved = all(met)
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
        status = ratio_band(ratio)
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
    points = yearly_points(years, values)
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
        after the deadline (missed): the same band, at best ``moderate_progress`` (there is no
        track left to be on); ``not_available`` without a value.
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
    if is_missing(value_share):
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
        status = ratio_band(ratio) if ratio is not None else "limited_progress"
    else:
        # Missed: the share reached bands the status as any ratio does, but once the date has
        # passed there is no track to be on, so at best "progress made".
        status = ratio_band(ratio) if ratio is not None else "limited_progress"
        if status == "substantial_progress":
            status = "moderate_progress"
        reason = f"missed: not reached by {deadline.isoformat()}"
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
