"""The final review (issue 14): the mode, the verdict per target kind, yearly(), the emulation
ranking and ``cds status`` after the plan's deadline.

Every test passes ``build_date`` explicitly: nothing depends on today's date.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from cdsanalysis.assessment.assess import COLUMNS, assess
from cdsanalysis.assessment.ranking import RANKING_COLUMNS, final_ranking
from cdsanalysis.assessment.review import VERDICT_COLUMNS, review_mode
from cdsanalysis.assessment.yearly import YEARLY_COLUMNS, yearly
from tests.test_assess import frame, make_plan, obs, one, target

AFTER = dt.date(2026, 3, 1)  # a build date after the plan's deadline (31/12/2025)
BEFORE = dt.date(2025, 10, 1)


def rec(indicator, period, value, *, start=None, end=None, note="", vintage="2025-01-04", **kw):
    """An observation; ``start``/``end`` override the span (cumulative or dated readings)."""
    row = obs(indicator, period, value, **kw)
    row.update(note=note, geo_vintage=vintage)
    if start:
        row["period_start"] = start
    if end:
        row["period_end"] = end
    return row


def final(data, plan, **kw):
    return assess(frame(*data), plan, build_date=AFTER, **kw)


# --------------------------------------------------------------------------------------------
# The mode
# --------------------------------------------------------------------------------------------


def test_review_mode_follows_the_build_date_and_as_of():
    plan = make_plan(target("g4"))
    assert review_mode(plan, "latest", AFTER) == "final"
    assert review_mode(plan, "2025", AFTER) == "final"
    assert review_mode(plan, "2026-Q1", AFTER) == "final"
    assert review_mode(plan, "2025-H1", AFTER) == "progress"  # reads as of that period
    assert review_mode(plan, "latest", BEFORE) == "progress"
    assert review_mode(plan, "latest", "2025-12-31") == "progress"  # on the day: not yet after


def test_verdict_columns_follow_the_existing_ones():
    plan = make_plan(target("g4"))
    data = [rec("g4", "2024", 44), rec("g4", "2025", 52)]

    result = final(data, plan)
    progress = assess(frame(*data), plan, build_date=BEFORE)

    assert list(result.columns) == COLUMNS
    assert COLUMNS[-len(VERDICT_COLUMNS) :] == VERDICT_COLUMNS
    row = result.iloc[0]
    assert (row["review"], row["verdict"], row["verdict_vi"], row["verdict_en"]) == (
        "final",
        "met",
        "Đạt",
        "Met",
    )
    assert (row["verdict_value"], row["verdict_period"], row["verdict_basis"]) == (
        52,
        "2025",
        "year",
    )
    assert (progress.iloc[0]["review"], progress.iloc[0]["verdict"]) == ("progress", "")
    # the existing columns do not change meaning between the modes
    shared = ["status", "score", "latest_value", "latest_period", "achieved"]
    assert result[shared].equals(progress[shared])


# --------------------------------------------------------------------------------------------
# Level targets: the value for the deadline
# --------------------------------------------------------------------------------------------


def test_estimate_decides_until_the_official_figure_arrives():
    plan = make_plan(target("g4", value=50.0))
    estimate = rec("g4", "2025", 49, kind="estimate")

    row = final([rec("g4", "2024", 44), estimate], plan).iloc[0]
    assert (row["verdict"], row["verdict_period_kind"], row["verdict_value"]) == (
        "not_met",
        "estimate",
        49,
    )
    assert "(ước)" in row["verdict_note_vi"] and "estimate" in row["verdict_note_en"]

    row = final([rec("g4", "2024", 44), estimate, rec("g4", "2025", 51)], plan).iloc[0]
    assert (row["verdict"], row["verdict_period_kind"], row["verdict_value"]) == (
        "met",
        "official",
        51,
    )


def test_cumulative_and_december_readings_stand_for_the_deadline():
    plan = make_plan(target("g4", value=50.0))
    # a dated reading the source calls cumulative starts on 1 January
    cumulative = rec("g4", "2025-12-31", 53, start="2025-01-01")
    reading = rec("g4", "2025-12-20", 48)

    row = final([rec("g4", "2024", 44), cumulative, reading], plan).iloc[0]
    assert (row["verdict"], row["verdict_basis"], row["verdict_value"]) == (
        "met",
        "cumulative_12m",
        53,
    )
    row = final([rec("g4", "2024", 44), reading], plan).iloc[0]
    assert (row["verdict"], row["verdict_basis"], row["verdict_period"]) == (
        "not_met",
        "december_reading",
        "2025-12-20",
    )


def test_partial_year_never_decides_and_the_earlier_value_is_shown():
    # 2025-Q3 at 60 % would meet 50 %, but nine months are not the year
    plan = make_plan(target("g4", value=50.0))
    data = [rec("g4", "2024", 44), rec("g4", "2025-H1", 47), rec("g4", "2025-Q3", 60)]

    row = final(data, plan).iloc[0]

    assert (row["verdict"], row["verdict_vi"], row["verdict_en"]) == (
        "no_data",
        "Không có số liệu",
        "No data at the deadline",
    )
    assert (row["earlier_value"], row["earlier_period"]) == (60, "2025-Q3")
    assert pd.isna(row["verdict_value"]) and row["verdict_basis"] == "none"
    assert "2025-Q3 covers part of the year" in row["verdict_note_en"]


def test_values_after_the_deadline_do_not_count_but_are_shown():
    plan = make_plan(target("g4", value=50.0))
    data = [rec("g4", "2024", 44), rec("g4", "2026-H1", 70)]

    row = final(data, plan, as_of="2026-H1").iloc[0]
    points = yearly(frame(*data), plan, as_of="2026-H1")

    assert row["verdict"] == "no_data" and row["earlier_period"] == "2024"
    assert row["latest_period"] == "2024"  # the status does not rest on 2026 either
    assert list(points["period"]) == ["2024", "2026-H1"]


def test_grade_c_never_decides_nor_heads():
    plan = make_plan(target("g1", value=100.0))
    data = [
        rec("g1", "2023", 84.05, provenance="published", note="grade B: report"),
        rec("g1", "2024", 80.60, provenance="published", note="grade B: report"),
        rec("g1", "2025-12-31", 80.29, provenance="published", note="grade C: derived"),
    ]

    row = final(data, plan).iloc[0]

    assert row["latest_value"] == pytest.approx(80.60)  # the headline: the next best value
    assert (row["verdict"], row["earlier_value"]) == ("no_data", pytest.approx(80.60))
    assert "grade C figure not used: 80.29 (2025-12-31)" in row["verdict_note_en"]
    points = yearly(frame(*data), plan)
    assert list(points["grade"]) == ["B", "B", "C"]  # charts still get it, marked


def test_verdict_says_what_it_rests_on():
    plan = make_plan(target("g4", value=50.0))
    published = rec("g4", "2025", 76, provenance="published", note="grade A: DOMAIN.md")
    published["source"] = "Báo Bình Dương"

    row = final([published], plan).iloc[0]

    assert (row["verdict_provenance"], row["verdict_grade"], row["verdict_source"]) == (
        "published",
        "A",
        "Báo Bình Dương",
    )
    assert "source: Báo Bình Dương, grade A" in row["verdict_note_en"]
    synthetic = final([rec("g4", "2025", 40, provenance="synthetic")], plan).iloc[0]
    assert synthetic["verdict"] == "not_met" and "synthetic" in synthetic["verdict_note_en"]


# --------------------------------------------------------------------------------------------
# One rule per kind
# --------------------------------------------------------------------------------------------


def test_milestone_at_93_7_percent_is_not_met_and_moved_moderately():
    plan = make_plan(target("m23", kind="milestone", value=100.0, deadline="2023-06-30"))
    data = [rec("m23", "2023", 93.7), rec("m23", "2024", 100)]

    row = final(data, plan).iloc[0]

    assert (row["verdict"], row["verdict_basis"], row["verdict_period"]) == (
        "not_met",
        "milestone",
        "2023",  # its period began by the deadline: it stands for 30/6/2023
    )
    assert row["status"] == "moderate_progress"  # 93.7 % of the target: not "limited"
    assert row["reason"] == "missed: not reached by 2023-06-30"
    met = final([rec("m23", "2023", 100)], plan).iloc[0]
    assert met["verdict"] == "met"


def test_rank_status_from_the_base_year_and_verdict_on_the_last_year_ranked():
    plan = make_plan(target("rank.dti", kind="rank", unit="rank", comparison="<=", value=10.0,
                            rank_of=63))  # fmt: skip
    # 19th in 2022, 7th in 2023, 9th in 2024: one place lost last year, twelve gained since 2022
    data = [rec("rank.dti", "2022", 19), rec("rank.dti", "2023", 7), rec("rank.dti", "2024", 9)]

    row = final(data, plan).iloc[0]

    assert (row["verdict"], row["verdict_value"], row["verdict_period"]) == ("met", 9, "2024")
    assert row["verdict_basis"] == "rank_year"
    assert (
        "DTI 2025 ranks only the 34 merged units: the province has no rank"
        in (row["verdict_note_en"])
    )
    assert (
        "DTI 2025 chỉ xếp hạng 34 đơn vị sau sáp nhập: tỉnh không có hạng"
        in (row["verdict_note_vi"])
    )
    assert row["status"] == "target_achieved"


def test_rank_lost_last_year_is_a_note_not_the_status():
    plan = make_plan(target("rank.digital_economy", kind="rank", unit="rank", comparison="<=",
                            value=10.0, rank_of=63))  # fmt: skip
    # 40th in 2022, 31st in 2023, 35th in 2024: worse than last year, better than the base year
    data = [
        rec("rank.digital_economy", y, r) for y, r in (("2022", 40), ("2023", 31), ("2024", 35))
    ]

    row = final(data, plan).iloc[0]

    assert row["status"] == "limited_progress"  # 40 -> 35 since 2022, not the last step down
    assert row["views"]["progress"].base_year == 2022
    assert "last step worsened (-4 places)" in row["note"]
    assert (row["verdict"], row["verdict_value"]) == ("not_met", 35)
    assert "the 2025 ranking covers only the 34 merged units" in row["verdict_note_en"]


@pytest.mark.parametrize(
    ("growth", "verdict"),
    [
        ({"2023": 7.1, "2024": 7.4, "2025": 7.3}, "met"),
        ({"2023": 4.3, "2024": 8.8, "2025": 9.0}, "not_met"),  # mean 7.4, but 2023 missed
        ({"2023": 4.3, "2024": 6.8}, "not_met"),  # 2025 still to come, already missed
        ({"2023": 7.1, "2024": 7.4}, "no_data"),  # no year missed yet, 2025 missing
    ],
)
def test_growth_met_only_when_every_plan_year_reaches_the_threshold(growth, verdict):
    plan = make_plan(target("e3", kind="growth", value=7.0, limit=None))
    data = [rec("e3", "2022", 1.0)] + [rec("e3", y, g) for y, g in growth.items()]
    data.append(rec("e3", "2025-H1", 7.3))  # a half year never decides

    row = final(data, plan).iloc[0]

    assert row["verdict"] == verdict
    if verdict != "no_data":
        full = list(growth.values())
        assert row["verdict_value"] == pytest.approx(sum(full) / len(full))  # 2022 left out
        assert row["verdict_basis"] == "growth_years"
        assert row["verdict_period"] == f"2023–{2022 + len(full)}"


def test_district_tier_assessed_at_30_june_2025():
    plan = make_plan(target("w.d", value=80.0, level="district"))
    data = [
        rec("w.d", "2024", 75, geo_code="718", geo_level="district", geo_name="Thủ Dầu Một"),
        rec("w.d", "2025-H1", 82, geo_code="718", geo_level="district", geo_name="Thủ Dầu Một"),
        rec("w.d", "2024", 70, geo_code="719", geo_level="district", geo_name="Bàu Bàng"),
        rec("w.d", "2025-H1", 74, geo_code="719", geo_level="district", geo_name="Bàu Bàng"),
        rec("w.d", "2024", 60, geo_code="720", geo_level="district", geo_name="Dầu Tiếng"),
    ]

    result = final(data, plan)

    met, short, silent = (one(result, geo_code=c) for c in ("718", "719", "720"))
    assert (met["verdict"], short["verdict"], silent["verdict"]) == ("met", "not_met", "no_data")
    assert set(result["verdict_basis"]) == {"district_tier_end"}
    assert met["verdict_vi"] == "đánh giá đến 30/6/2025 — cấp huyện đã bãi bỏ"
    assert met["verdict_en"] == "assessed at 30/6/2025 — district tier abolished"
    assert "assessed at 30/6/2025 — district tier abolished" in silent["verdict_note_en"]
    assert (silent["earlier_value"], silent["earlier_period"]) == (60, "2024")


def test_new_communes_are_their_own_series():
    plan = make_plan(target("w.c", value=60.0, level="commune"))
    old = dict(geo_code="25741", geo_level="commune", geo_name="Hiệp Thành")
    new = dict(geo_code="25747", geo_level="commune", geo_name="Thủ Dầu Một", vintage="2025-07-01")
    data = [
        rec("w.c", "2025-H1", 65, **old),
        rec("w.c", "2025-Q3", 55, **new),
        rec("w.c", "2025-H2", 62, **new),
    ]

    result = final(data, plan)

    old_row, new_row = one(result, geo_code="25741"), one(result, geo_code="25747")
    assert (old_row["verdict"], old_row["verdict_basis"]) == ("met", "district_tier_end")
    assert (new_row["verdict"], new_row["verdict_basis"]) == ("met", "year")
    assert new_row["verdict_period"] == "2025-H2"  # the new unit's 2025 began on 1/7/2025
    assert new_row["geo_vintage"] == "2025-07-01"


def test_province_series_runs_across_the_merger_vintage():
    plan = make_plan(target("g4", value=50.0))
    data = [rec("g4", "2024", 44), rec("g4", "2025", 52, vintage="2025-07-01")]

    result = final(data, plan)

    assert len(result) == 1
    assert (result.iloc[0]["verdict"], result.iloc[0]["n_points"]) == ("met", 2)


def test_context_indicators_get_no_row_but_reach_yearly():
    plan = make_plan(target("g4"), target("ctx.papi", kind="context"))
    data = frame(rec("g4", "2025", 52), rec("ctx.papi", "2024", 43.1))

    assert list(assess(data, plan, build_date=AFTER)["target_id"]) == ["g4"]
    points = yearly(data, plan)
    assert list(points.columns) == YEARLY_COLUMNS
    assert set(points["target_id"]) == {"g4", "ctx.papi"}
    assert points["period_end"].dtype.kind == "M" and points["year"].dtype.kind == "i"


# --------------------------------------------------------------------------------------------
# The emulation ranking
# --------------------------------------------------------------------------------------------


def test_final_ranking_orders_units_within_their_group():
    plan = make_plan(target("w.d", value=80.0, level="district"),
                     target("s.d", value=90.0, level="district"))  # fmt: skip
    district = dict(geo_level="district")
    data = [
        rec("w.d", "2025-H1", 85, geo_code="718", geo_name="A", **district),
        rec("s.d", "2025-H1", 95, geo_code="718", geo_name="A", **district),
        rec("w.d", "2025-H1", 85, geo_code="719", geo_name="B", **district),
        rec("s.d", "2025-H1", 80, geo_code="719", geo_name="B", **district),
        rec("w.d", "2025-H1", 60, geo_code="720", geo_name="C", **district),
        rec("s.d", "2025-H1", 85, geo_code="720", geo_name="C", **district),
    ]

    table = final_ranking(final(data, plan))

    assert list(table.columns) == RANKING_COLUMNS
    assert list(table["geo_code"]) == ["718", "719", "720"]
    assert list(table["rank"]) == [1, 2, 3] and set(table["rank_of"]) == {3}
    assert list(table["n_met"]) == [2, 1, 0]
    # B and C both met nothing but B came closer: 1 and 80/90 against 60/80 and 85/90
    assert table.loc[1, "mean_attainment"] > table.loc[2, "mean_attainment"]


# --------------------------------------------------------------------------------------------
# cds status
# --------------------------------------------------------------------------------------------


@pytest.fixture
def processed(tmp_path):
    data = frame(
        rec("gov.dossiers_online", "2024", 44, provenance="synthetic"),
        rec("gov.dossiers_online", "2025-H1", 47, provenance="synthetic"),
        rec("gov.satisfaction", "2025", 91, provenance="published", note="grade A: survey"),
        rec("rank.dti", "2022", 19, provenance="published", note="grade A: DTI"),
        rec("rank.dti", "2024", 9, provenance="synthetic"),
    )
    data.to_parquet(tmp_path / "observations.parquet")
    return tmp_path


def run(processed, **kw):
    from cdsanalysis.cli.status import run_status

    out = io.StringIO()
    assert run_status(processed_dir=processed, stream=out, **kw) == 0
    return out.getvalue().splitlines()


def test_status_in_the_final_review_leads_with_the_verdict(processed):
    lines = run(processed, lang="en", build_date=AFTER)

    assert "Final review 2023–2025: the plan ended on 31/12/2025" in lines[1]
    assert "data reach 31/12/2025" in lines[1]
    text = "\n".join(lines)
    assert "months left" not in text
    satisfaction = next(line for line in lines if line.startswith("gov.satisfaction "))
    assert "✔ Met" in satisfaction and "91% (2025) · published, grade A" in satisfaction
    dossiers = next(line for line in lines if line.startswith("gov.dossiers_online "))
    assert "No data at the deadline" in dossiers
    assert "latest earlier: 47% (H1 2025)" in dossiers
    assert "how it moved:" in dossiers
    dti = next(line for line in lines if line.startswith("rank.dti "))
    assert "✔ Met" in dti and "9/63 (2024)" in dti and "34 merged units" in dti
    assert lines[-1].startswith("35 targets: ✔ Met: 2")


def test_status_in_vietnamese(processed):
    lines = run(processed, build_date=AFTER)

    assert "kế hoạch đã kết thúc ngày 31/12/2025" in lines[1]
    satisfaction = next(line for line in lines if line.startswith("gov.satisfaction "))
    assert "✔ Đạt" in satisfaction and "độ tin cậy A" in satisfaction
    assert any("Không có số liệu" in line for line in lines)


def test_status_as_of_first_half_2025_is_the_progress_view(processed):
    lines = run(processed, lang="en", as_of="2025-H1", build_date=AFTER)

    assert lines[1].startswith("data as of: 2025-06-30")
    assert "Final review" not in "\n".join(lines)
    dossiers = next(line for line in lines if line.startswith("gov.dossiers_online "))
    assert "in the 6 months left" in dossiers  # relative to 2025-H1


def test_status_series_in_the_final_review(processed):
    from cdsanalysis import load_plan

    lines = run(processed, lang="en", series=True, build_date=AFTER)

    observations = pd.read_parquet(processed / "observations.parquet")
    n = len(assess(observations, load_plan(), build_date=AFTER))
    assert lines[-1].startswith(f"{n} series: ✔ Met: 2 · ")
    assert any(line.startswith("rank.dti ") and "✔ Met" in line for line in lines)
