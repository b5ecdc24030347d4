"""Hand-computed cases for series_progress's rules, aggregate_status and the suite's own views."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdsanalysis.assessment.linear import linear_view
from cdsanalysis.assessment.measure import (
    aggregate_status,
    method1_status_score,
    method2_status_score,
    series_progress,
)
from cdsanalysis.assessment.series import stale_reason
from cdsanalysis.assessment.views import growth_view, milestone_view, rank_view, yes_no_view

YEARS = list(range(2015, 2021))
RISING = [10, 14, 19, 25, 31, 38]  # the method page's example of a bounded percent


def cagr(v1, v0, t1, t0):
    return (v1 / v0) ** (1 / (t1 - t0)) - 1


# --------------------------------------------------------------------------------------------
# series_progress: inputs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("direction", [0, 2, 1.0, True, "1", None])
def test_direction_must_be_plus_or_minus_one(direction):
    with pytest.raises(ValueError, match="direction must be the int"):
        series_progress([2015, 2020], [1, 2], direction=direction)


def test_target_needs_target_year():
    with pytest.raises(ValueError, match="target_year"):
        series_progress([2015, 2020], [1, 2], direction=1, target=5)


@pytest.mark.parametrize(
    ("years", "named"),
    [([2015, 2016, 2016], 2016), ([2015, "2015-16"], 2015), (["2018", 2018.0], 2018)],
)
def test_duplicate_year_is_refused_naming_it(years, named):
    values = [1.0] * len(years)
    with pytest.raises(ValueError, match=f"duplicate year {named}"):
        series_progress(years, values, direction=1)


def test_fiscal_year_counts_as_its_first_year():
    result = series_progress(["2015-16", "2020-21"], [10, 20], direction=1)
    expected = series_progress([2015, 2020], [10, 20], direction=1)

    assert result == expected
    assert (result.base_year, result.current_year) == (2015, 2020)


def test_missing_values_are_dropped():
    result = series_progress([2015, 2016, 2017, 2018], [None, 10, float("nan"), 12], direction=1)

    assert (result.base_year, result.base_value) == (2016, 10)
    assert (result.current_year, result.current_value) == (2018, 12)
    assert result.progress_value == pytest.approx(cagr(12, 10, 2018, 2016))


def test_base_year_without_value_uses_next_year():
    result = series_progress([2014, 2015, 2016, 2017], [5, None, 8, 9], direction=1, base_year=2015)

    assert (result.base_year, result.base_value) == (2016, 8)


def test_no_value_after_base_year():
    result = series_progress([2014, 2015], [5, 6], direction=1, base_year=2016)

    assert result.status == "not_available"
    assert result.score is None
    assert result.reason == "no value in or after the base year 2016"


# --------------------------------------------------------------------------------------------
# series_progress: rules
# --------------------------------------------------------------------------------------------


def test_one_point_meeting_target_is_achieved():
    result = series_progress([2024], [60], direction=1, target=50, target_year=2025)

    assert (result.status, result.score, result.progress_value) == ("target_achieved", 5.0, None)


@pytest.mark.parametrize(("target", "direction"), [(70, 1), (None, 1), (50, -1)])
def test_one_point_otherwise_not_available(target, direction):
    result = series_progress([2024], [60], direction=direction, target=target, target_year=2025)

    assert result.status == "not_available"
    assert result.score is None
    assert result.reason == "one point"


def test_target_equal_to_base_held_is_achieved():
    result = series_progress([2020, 2024], [80, 85], direction=1, target=80, target_year=2025)

    assert (result.status, result.score, result.progress_value) == ("target_achieved", 5.0, None)


def test_target_equal_to_base_lost_is_deterioration():
    result = series_progress([2020, 2024], [80, 79], direction=1, target=80, target_year=2025)

    assert (result.status, result.score, result.progress_value) == ("deterioration", -5.0, None)


def test_base_value_zero_becomes_one_thousandth():
    result = series_progress([2015, 2020], [0, 10], direction=1)
    expected_rate = cagr(10, 0.001, 2020, 2015)

    assert result.base_value == 0
    assert result.progress_value == pytest.approx(expected_rate)
    assert (result.status, result.score) == ("substantial_progress", 5.0)


def test_target_zero_becomes_one_thousandth():
    result = series_progress([2015, 2020], [10, 5], direction=-1, target=0, target_year=2030)
    expected = -cagr(5, 10, 2020, 2015) / abs(cagr(0.001, 10, 2030, 2015))

    assert result.progress_value == pytest.approx(expected)
    assert result.status == "limited_progress"
    assert result.score == pytest.approx(max(4.1667 * expected - 2.5, -5))


def test_negative_values_use_sign():
    # -10 -> -5 with higher better: rising towards zero is progress.
    result = series_progress([2015, 2020], [-10, -5], direction=1)
    expected = -1 * (cagr(-5, -10, 2020, 2015))

    assert result.sign == -1
    assert result.progress_value == pytest.approx(expected)
    assert result.progress_value > 0
    assert result.status == "substantial_progress"


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ([-2, 3], "base value -2 and current value 3 have opposite signs"),
        ([0, -1], "base value 0 (read as 0.001) and current value -1 have opposite signs"),
        ([-1e-300, 1e-300], "opposite signs"),  # compared by sign: the product underflows
    ],
)
def test_opposite_signs_not_available(values, reason):
    result = series_progress([2015, 2020], values, direction=1)

    assert result.status == "not_available"
    assert result.score is None
    assert reason in result.reason


def test_rising_percent_is_on_track_by_cagr():
    result = series_progress(YEARS, RISING, direction=1, target=100, target_year=2025, limit=100)
    expected = cagr(38, 10, 2020, 2015) / cagr(100, 10, 2025, 2015)

    assert result.status == "substantial_progress"
    assert result.progress_value == pytest.approx(expected)
    assert result.score == pytest.approx(7.1429 * expected - 4.2857)


@pytest.mark.parametrize(
    ("base", "factor"),
    [
        (300, 1.0),  # y0 >= 2L
        (50, 1 - 0.5**4.44),  # y0 <= L
        (150, 1 - 0.5**4.44),  # L < y0 < 2L
    ],
)
def test_limit_factor(base, factor):
    # A rate of exactly 0.01 * C sits in the moderate band: 250 * v / C - 1.25 = 1.25.
    current = base * (1 + 0.01 * factor)
    result = series_progress([2020, 2021], [base, current], direction=1, limit=100)

    assert result.progress_value == pytest.approx(0.01 * factor)
    assert result.status == "moderate_progress"
    assert result.score == pytest.approx(1.25)


def test_limit_reached_scores_five():
    # y0 == L gives C = 0: any progress is full marks.
    result = series_progress([2020, 2021], [100, 100], direction=1, limit=100)

    assert (result.status, result.score) == ("substantial_progress", 5.0)


@pytest.mark.parametrize(
    ("ratio", "status", "score"),
    [
        (0.95, "substantial_progress", 7.1429 * 0.95 - 4.2857),
        (2.0, "substantial_progress", 5.0),
        (0.6, "moderate_progress", 7.1429 * 0.6 - 4.2857),
        (0.3, "limited_progress", 4.1667 * 0.3 - 2.5),
        (0.0, "limited_progress", -2.5),
        (-0.1, "deterioration", 4.1667 * -0.1 - 2.5),
        (-3.0, "deterioration", -5.0),
    ],
)
def test_method2_bands(ratio, status, score):
    assert method2_status_score(ratio) == (status, pytest.approx(score))


@pytest.mark.parametrize(
    ("rate", "status", "score"),
    [
        (0.015, "substantial_progress", 500 * 0.015 - 5),
        (0.01, "moderate_progress", 250 * 0.01 - 1.25),
        (0.005, "moderate_progress", 250 * 0.005 - 1.25),
        (0.001, "limited_progress", 500 * 0.001 - 2.5),
        (-0.01, "deterioration", 125 * -0.01 - 2.5),
        (-1.0, "deterioration", -5.0),
    ],
)
def test_method1_bands(rate, status, score):
    assert method1_status_score(rate) == (status, pytest.approx(score))


values = st.floats(min_value=-1000, max_value=1000, allow_nan=False)


@given(
    base=values,
    current=values,
    span=st.integers(min_value=1, max_value=15),
    target=st.none() | values,
    direction=st.sampled_from([1, -1]),
    limit=st.none() | st.sampled_from([5.0, 100.0]),
)
def test_status_and_score_always_agree(base, current, span, target, direction, limit):
    result = series_progress(
        [2015, 2015 + span], [base, current], direction=direction, target=target,
        target_year=2030, limit=limit,
    )  # fmt: skip

    if result.status == "not_available":
        assert result.score is None and result.reason
    else:
        assert -5 <= result.score <= 5
    if result.status == "target_achieved":
        assert result.score == 5
    if result.progress_value is not None and result.status != "target_achieved":
        assert (result.progress_value < 0) == (result.status == "deterioration")


# --------------------------------------------------------------------------------------------
# aggregate_status
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "flags", "status", "score"),
    [
        ([5.0, 5.0], [True, True], "target_achieved", 5.0),
        ([5.0, 0.0], [True, False], "substantial_progress", 2.5),
        ([2.4], [False], "moderate_progress", 2.4),
        ([0.0], [False], "moderate_progress", 0.0),
        ([-0.1], [False], "limited_progress", -0.1),
        ([-2.5], [False], "limited_progress", -2.5),
        ([-2.6], [False], "deterioration", -2.6),
        # a series without a score counts neither in the mean nor against "achieved"
        ([5.0, None, float("nan")], [True, False, False], "target_achieved", 5.0),
        ([3.0, None], [False, False], "substantial_progress", 3.0),
    ],
)
def test_aggregate_bands(scores, flags, status, score):
    result = aggregate_status(scores, flags)

    assert result.status == status
    assert result.score == pytest.approx(score)
    assert result.n_series == len(scores)
    assert result.n_scored == sum(1 for s in scores if s is not None and not math.isnan(s))


def test_aggregate_without_scores():
    result = aggregate_status([None, float("nan")], [False, False])

    assert (result.status, result.score, result.n_series, result.n_scored) == (
        "not_available",
        None,
        2,
        0,
    )


def test_aggregate_lengths_must_match():
    with pytest.raises(ValueError, match="2 scores but 1"):
        aggregate_status([1, 2], [True])


# --------------------------------------------------------------------------------------------
# linear_view
# --------------------------------------------------------------------------------------------


def test_linear_view_shows_what_cagr_hides():
    result = linear_view(
        YEARS, RISING, target=100, target_year=2025, comparison=">=", direction=1, limit=100
    )
    # Least squares by hand, years counted from 2015 (x = 0..5): mean x 2.5, Sxx 17.5,
    # Sxy = -2.5*10 - 1.5*14 - 0.5*19 + 0.5*25 + 1.5*31 + 2.5*38 = 98.5.
    slope = 98.5 / 17.5
    projected = sum(RISING) / 6 + slope * (10 - 2.5)

    assert result.slope == pytest.approx(slope)
    assert result.projected_value == pytest.approx(projected)
    assert result.projected_value == pytest.approx(65.05, abs=0.01)
    assert result.clipped is False
    assert result.projected_meets is False
    assert result.shortfall == pytest.approx(100 - projected)
    assert result.required_pace == pytest.approx((100 - 38) / 5)
    assert result.required_pace == pytest.approx(12.4)
    assert result.observed_pace == pytest.approx(slope)
    assert result.achieved is False
    # the straight line runs at less than 60% of the pace required
    assert result.status == "limited_progress"


def test_linear_view_clips_to_limit_and_says_so():
    result = linear_view(
        [2022, 2023, 2024], [50, 70, 90], target=100, target_year=2025,
        comparison=">=", direction=1, limit=100,
    )  # fmt: skip

    assert result.projected_raw == pytest.approx(110)
    assert result.projected_value == 100
    assert result.clipped is True
    assert result.projected_meets is True
    assert result.shortfall == pytest.approx(0)
    assert result.required_pace == pytest.approx(10)
    assert result.status == "substantial_progress"


def test_linear_view_lower_is_better_shortfall_sign():
    result = linear_view(
        [2022, 2023, 2024], [30, 28, 26], target=10, target_year=2025,
        comparison="<=", direction=-1,
    )  # fmt: skip

    assert result.projected_value == pytest.approx(24)
    assert result.shortfall == pytest.approx(14)  # still 14 above the target
    assert result.required_pace == pytest.approx(-16)
    assert result.status == "limited_progress"  # -2 a year against -16 needed


def test_linear_view_strict_comparison():
    result = linear_view(
        [2023, 2024], [97, 99], target=99, target_year=2025, comparison=">", direction=1
    )

    assert result.achieved is False
    assert result.projected_meets is True


def test_linear_view_one_point():
    result = linear_view([2024], [40], target=50, target_year=2025, comparison=">=", direction=1)

    assert (result.status, result.reason, result.projected_value) == (
        "not_available",
        "one point",
        None,
    )


def test_linear_view_stale():
    result = linear_view(
        [2020, 2021], [40, 45], target=50, target_year=2025, comparison=">=", direction=1,
        as_of="2025-H1",
    )  # fmt: skip

    assert result.status == "not_available"
    assert result.reason.startswith("stale: latest value 2021 is more than two years before as_of")


@pytest.mark.parametrize(
    ("latest", "as_of", "stale"),
    [(2023, 2025, False), (2022, 2025, True), (2022, dt.date(2024, 6, 30), False)],
)
def test_stale_reason(latest, as_of, stale):
    assert (stale_reason(latest, as_of) is not None) is stale


# --------------------------------------------------------------------------------------------
# rank_view
# --------------------------------------------------------------------------------------------


def test_rank_view_dti_path():
    result = rank_view([2020, 2021, 2022, 2023], [31, 22, 19, 7], target_rank=10, rank_of=63)

    assert result.achieved is True
    assert result.status == "target_achieved"
    assert result.score == 5.0
    assert result.ranks == (31, 22, 19, 7)
    assert (result.best_rank, result.best_year) == (7, 2023)
    assert (result.latest_rank, result.latest_rank_of, result.n_points) == (7, 63, 4)
    assert (result.trend, result.last_change, result.places_to_target) == ("improved", 12, 0)


@pytest.mark.parametrize(
    ("ranks", "trend", "status"),
    [
        ([15, 12], "improved", "moderate_progress"),
        ([12, 12], "unchanged", "limited_progress"),
        ([12, 15], "worsened", "deterioration"),
    ],
)
def test_rank_view_not_achieved_follows_last_step(ranks, trend, status):
    result = rank_view([2023, 2024], ranks, target_rank=10, rank_of=63)

    assert result.achieved is False
    assert (result.trend, result.status) == (trend, status)
    assert result.places_to_target == ranks[-1] - 10


def test_rank_view_one_point():
    result = rank_view([2024], [12], target_rank=10, rank_of=63)

    assert (result.status, result.reason) == ("not_available", "one point")


def test_rank_view_groups_of_different_sizes_do_not_compare():
    result = rank_view([2024, 2025], [12, 11], target_rank=10, rank_of=[63, 34])

    assert result.trend is None
    assert result.status == "not_available"
    assert "different sizes (63 and 34)" in result.reason
    assert result.rank_of == (63, 34)


def test_rank_view_refuses_rank_outside_group():
    with pytest.raises(ValueError, match="rank 40 in 2025 is outside 1..34"):
        rank_view([2024, 2025], [12, 40], target_rank=10, rank_of=[63, 34])


# --------------------------------------------------------------------------------------------
# growth_view
# --------------------------------------------------------------------------------------------


def test_growth_view_mean_meets_threshold_but_a_year_does_not():
    result = growth_view([2023, 2024, 2025], [6.5, 7.2, 7.4], threshold=7, comparison=">=")

    assert result.met == (False, True, True)
    assert (result.n_met, result.n_points) == (2, 3)
    assert result.share_met == pytest.approx(2 / 3)
    assert result.mean_growth == pytest.approx((6.5 + 7.2 + 7.4) / 3)
    # met only when every year meets the threshold: 2023 did not; the mean bands the status
    assert result.achieved is False
    assert result.status == "substantial_progress"


def test_growth_view_every_year_meets_threshold():
    result = growth_view([2023, 2024, 2025], [7.0, 7.2, 7.4], threshold=7, comparison=">=")

    assert (result.achieved, result.status) == (True, "target_achieved")


def test_growth_view_below_threshold_bands_by_ratio():
    result = growth_view([2023, 2024], [5.0, 6.0], threshold=7, comparison=">=")

    assert result.achieved is False
    assert result.ratio == pytest.approx(5.5 / 7)
    assert result.status == "moderate_progress"


def test_growth_view_strict_comparison():
    result = growth_view([2023, 2024], [6.0, 8.0], threshold=7, comparison=">")

    assert result.achieved is False
    assert result.status == "substantial_progress"


def test_growth_view_falling():
    result = growth_view([2023, 2024], [-1.0, -2.0], threshold=7, comparison=">=")

    assert result.status == "deterioration"


def test_growth_view_no_data():
    result = growth_view([], [], threshold=7, comparison=">=")

    assert (result.status, result.reason) == ("not_available", "no data")


# --------------------------------------------------------------------------------------------
# yes_no_view and milestone_view
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "status", "achieved"),
    [
        ([0, 1], "target_achieved", True),
        ([1, 0], "deterioration", False),
        ([0, 0], "limited_progress", False),
    ],
)
def test_yes_no_view(values, status, achieved):
    result = yes_no_view([2023, 2024], values)

    assert (result.status, result.achieved, result.latest_year) == (status, achieved, 2024)
    assert result.reason is None or result.status != "target_achieved"


def test_yes_no_view_refuses_other_values():
    with pytest.raises(ValueError, match="must be 1 or 0"):
        yes_no_view([2024], [0.5])


@pytest.mark.parametrize(
    ("share", "as_of", "status", "achieved"),
    [
        (100, "2023-06-30", "target_achieved", True),
        (100, "2023-12-31", "moderate_progress", False),  # reached, but late
        (96, "2023-05-31", "substantial_progress", False),  # not yet, deadline ahead
        (50, "2023-05-31", "limited_progress", False),
        (96, "2023-06-30", "moderate_progress", False),  # missed: never "on track" once past
        (50, "2023-06-30", "limited_progress", False),  # missed, far from the target
    ],
)
def test_milestone_view(share, as_of, status, achieved):
    result = milestone_view(share, target=100, deadline="2023-06-30", as_of=as_of)

    assert (result.status, result.achieved) == (status, achieved)
    assert result.share_of_target == pytest.approx(share / 100)
    assert result.deadline == dt.date(2023, 6, 30)


def test_milestone_view_without_value():
    result = milestone_view(None, target=100, deadline="2023-06-30", as_of="2023-06-30")

    assert (result.status, result.reason) == ("not_available", "no data")


def test_linear_view_places_a_partial_latest_year_inside_its_year():
    # 2025-H1 covers half of 2025: on the time axis it sits half a year after the end of 2024.
    result = linear_view(
        [2022, 2023, 2024, 2025],
        [10.0, 20.0, 30.0, 35.0],
        target=60,
        target_year=2025,
        comparison=">=",
        direction=1,
        limit=100,
        latest_fraction=0.5,
    )
    assert result.slope == pytest.approx(10.0)
    assert result.projected_value == pytest.approx(40.0)
    assert result.required_pace == pytest.approx((60 - 35) / 0.5)
    as_full_year = linear_view(
        [2022, 2023, 2024, 2025],
        [10.0, 20.0, 30.0, 35.0],
        target=60,
        target_year=2025,
        comparison=">=",
        direction=1,
        limit=100,
    )
    assert as_full_year.projected_value < result.projected_value
