"""assess(): series, the value standing for each year, as_of, levels, sectors and kinds.

Most tests use a small stand-in plan (a ``.targets`` and a ``.sectors`` frame with the catalogue's
columns), so that they say exactly which target they exercise; one runs on the real catalogue.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest

from cdsanalysis.assessment.assess import COLUMNS, assess
from cdsanalysis.assessment.linear import linear_view
from cdsanalysis.assessment.measure import series_progress

SECTORS = pd.DataFrame(
    {
        "id": ["health", "education"],
        "name_vi": ["Y tế", "Giáo dục"],
        "name_en": ["Health", "Education"],
    }
)


def target(id, *, kind="level", unit="percent", comparison=">=", value=50.0, **extra):
    row = {
        "id": id,
        "name_vi": f"Chỉ tiêu {id}",
        "name_en": f"Target {id}",
        "source_quote_vi": "…",
        "pillar": "government",
        "sectors": [],
        "unit": unit,
        "kind": kind,
        "comparison": comparison,
        "target": value,
        "deadline": "2025-12-31",
        "direction": -1 if comparison == "<=" else 1,
        "limit": 100.0 if unit == "percent" else None,
        "level": "province",
        "aliases": [],
        "interpretation": None,
        "rank_of": None,
    }
    row.update(extra)
    return row


def make_plan(*targets):
    return SimpleNamespace(
        targets=pd.DataFrame(list(targets)),
        sectors=SECTORS,
        meta={"province_code": "74", "period_start": "2023-01-01"},
    )


def _span(period: str) -> tuple[str, str]:
    """Start and end of the canonical labels the tests use."""
    year = int(period[:4])
    if len(period) == 4:
        return f"{year}-01-01", f"{year}-12-31"
    if len(period) == 10:
        return period, period
    part, n = period[5], int(period[6:])
    months = {"Q": 3, "H": 6}[part]
    first = dt.date(year, months * (n - 1) + 1, 1)
    last_month = months * n
    after = dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
    return first.isoformat(), (after - dt.timedelta(days=1)).isoformat()


def obs(indicator, period, value, *, sector="", geo_code="74", geo_level="province",
        geo_name="Bình Dương", kind="official", provenance="official"):  # fmt: skip
    start, end = _span(period)
    return {
        "indicator_id": indicator,
        "sector": sector,
        "geo_code": geo_code,
        "geo_level": geo_level,
        "geo_name": geo_name,
        "geo_vintage": "2025-01-04",
        "period": period,
        "period_start": start,
        "period_end": end,
        "period_kind": kind,
        "value": float(value),
        "unit": "percent",
        "provenance": provenance,
        "source": "test",
        "source_file": "demo/test.csv",
        "source_ref": "B2",
        "note": "",
    }


def frame(*rows):
    return pd.DataFrame(list(rows))


def one(result: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=result.index)
    for column, value in where.items():
        mask &= result[column] == value
    assert mask.sum() == 1, f"{mask.sum()} rows match {where}"
    return result[mask].iloc[0]


# --------------------------------------------------------------------------------------------
# One series
# --------------------------------------------------------------------------------------------


def test_level_series_carries_its_numbers():
    plan = make_plan(target("g4", value=50.0))
    data = frame(obs("g4", "2022", 30), obs("g4", "2023", 38), obs("g4", "2024", 44))

    result = assess(data, plan)

    assert list(result.columns) == COLUMNS
    assert len(result) == 1
    row = result.iloc[0]
    progress = series_progress(
        [2022, 2023, 2024], [30, 38, 44], direction=1, target=50, target_year=2025, limit=100
    )
    line = linear_view(
        [2022, 2023, 2024], [30, 38, 44], target=50, target_year=2025, comparison=">=",
        direction=1, limit=100,
    )  # fmt: skip
    assert row["target_id"] == "g4"
    assert (row["sector"], row["geo_code"], row["geo_level"]) == ("", "74", "province")
    assert row["status"] == progress.status == "substantial_progress"
    assert row["score"] == pytest.approx(progress.score)
    assert row["progress_value"] == pytest.approx(progress.progress_value)
    assert row["projected_value"] == pytest.approx(line.projected_value)
    assert row["required_pace"] == pytest.approx(6.0)
    assert row["observed_pace"] == pytest.approx(7.0)
    assert bool(row["achieved"]) is False
    assert bool(row["projected_meets"]) is True
    assert (row["n_points"], row["first_year"], row["latest_year"]) == (3, 2022, 2024)
    assert (row["latest_value"], row["latest_period"], row["partial_year"]) == (44.0, "2024", False)
    assert (row["years"], row["values"]) == ([2022, 2023, 2024], [30.0, 38.0, 44.0])
    assert (row["status_vi"], row["status_en"]) == ("Đúng tiến độ", "On track")
    assert (row["provenance"], row["synthetic"]) == ("official", False)
    assert row["as_of"] == "2024-12-31"
    assert row["views"]["progress"] == progress


def test_yearly_value_official_then_preliminary_then_estimate_then_latest_quarter():
    plan = make_plan(target("g4"))
    data = frame(
        # 2023: a preliminary full year beats an estimate and an official quarter
        obs("g4", "2023", 21, kind="estimate"),
        obs("g4", "2023", 22, kind="preliminary"),
        obs("g4", "2023-Q4", 23),
        # 2024: the official full year beats everything
        obs("g4", "2024", 31, kind="estimate"),
        obs("g4", "2024", 32, kind="preliminary"),
        obs("g4", "2024", 33),
        obs("g4", "2024-Q4", 34),
        # 2025: no full year; the latest sub-annual value (H1 ends after Q1) stands for it
        obs("g4", "2025-Q1", 41),
        obs("g4", "2025-H1", 42, kind="estimate"),
    )

    row = assess(data, plan).iloc[0]

    assert row["years"] == [2023, 2024, 2025]
    assert row["values"] == [22.0, 33.0, 42.0]
    assert (row["latest_period"], row["partial_year"]) == ("2025-H1", True)
    assert "partial year: 2025 = 2025-H1" in row["note"]
    assert "latest value is estimate" in row["note"]


def test_same_period_end_kind_decides():
    plan = make_plan(target("g4"))
    data = frame(obs("g4", "2025-H1", 42, kind="estimate"), obs("g4", "2025-H1", 40))

    row = assess(data, plan).iloc[0]

    assert row["values"] == [40.0]


def test_as_of_label_ignores_later_observations():
    plan = make_plan(target("g4"))
    data = frame(obs("g4", "2023", 30), obs("g4", "2024", 40), obs("g4", "2025-H1", 45))

    latest = assess(data, plan).iloc[0]
    as_of_2024 = assess(data, plan, "2024").iloc[0]
    as_of_h1 = assess(data, plan, as_of="2025-H1").iloc[0]

    assert (latest["as_of"], latest["latest_period"]) == ("2025-06-30", "2025-H1")
    assert (as_of_2024["as_of"], as_of_2024["latest_period"]) == ("2024-12-31", "2024")
    assert as_of_2024["years"] == [2023, 2024]
    assert as_of_h1["latest_value"] == 45.0


def test_as_of_before_any_data():
    plan = make_plan(target("g4"), target("r1", kind="rank", unit="rank", comparison="<=",
                                           value=10.0, rank_of=63))  # fmt: skip
    data = frame(obs("g4", "2023", 30), obs("r1", "2023", 7))

    result = assess(data, plan, as_of="2019")

    expected = pd.DataFrame(
        {
            "target_id": ["g4", "r1"],
            "status": ["not_available", "not_available"],
            "n_points": [0, 0],
            "reason": [
                "no observations (province-wide, province level) on or before 2019-12-31",
                "no observations (province-wide, province level) on or before 2019-12-31",
            ],
        }
    )
    pd.testing.assert_frame_equal(
        result[["target_id", "status", "n_points", "reason"]], expected, check_dtype=False
    )
    assert result["score"].isna().all()


def test_latest_is_the_data_not_today():
    plan = make_plan(target("g4"))
    data = frame(obs("g4", "2020", 30), obs("g4", "2021", 40))

    row = assess(data, plan).iloc[0]

    # as of the data's own end, a 2021 value is current, however old it is today
    assert row["as_of"] == "2021-12-31"
    assert row["status"] != "not_available"


def test_stale_series_not_available():
    plan = make_plan(target("g4"), target("g5"))
    data = frame(obs("g4", "2020", 30), obs("g4", "2021", 40), obs("g5", "2025-H1", 60))

    row = one(assess(data, plan), target_id="g4")

    assert row["status"] == "not_available"
    assert row["reason"] == "stale: latest value 2021 is more than two years before as_of (2025)"
    assert pd.isna(row["score"]) and pd.isna(row["achieved"])
    assert row["latest_value"] == 40.0


def test_empty_observations():
    plan = make_plan(target("g4"))
    data = frame(obs("g4", "2023", 30)).iloc[0:0]

    row = assess(data, plan).iloc[0]

    assert row["status"] == "not_available"
    assert row["reason"] == "no observations (province-wide, province level)"


def test_bad_arguments_list_valid_choices():
    plan = make_plan(target("g4"))
    data = frame(obs("g4", "2023", 30))

    with pytest.raises(ValueError, match="unknown sector 'tourism': choose one of health, educ"):
        assess(data, plan, sector="tourism")
    with pytest.raises(ValueError, match='"latest" or a period label'):
        assess(data, plan, as_of="next year")


# --------------------------------------------------------------------------------------------
# Comparison, levels, sectors
# --------------------------------------------------------------------------------------------


def test_strict_comparison_decides_achieved():
    plan = make_plan(target("s1", comparison=">", value=99.0))
    data = frame(obs("s1", "2023", 97), obs("s1", "2024", 99))

    row = assess(data, plan).iloc[0]

    # the reference method (>=) would say "target achieved"; "trên 99%" means more than 99
    assert series_progress([2023, 2024], [97, 99], direction=1, target=99,
                           target_year=2025).status == "target_achieved"  # fmt: skip
    assert bool(row["achieved"]) is False
    assert row["status"] == "substantial_progress"
    assert "asks for more" in row["reason"]


def test_district_series_end_with_first_half_of_2025():
    plan = make_plan(target("g9b", value=80.0, level="district"))
    district = {"geo_level": "district", "geo_code": "725", "geo_name": "Dĩ An"}
    data = frame(
        obs("g9b", "2023", 60, **district),
        obs("g9b", "2024", 72, **district),
        obs("g9b", "2025-Q3", 90, **district),  # after the district tier ended
        obs("g9b", "2025", 95),  # province-level row: not a district series
        obs("g9b", "2025-Q4", 99, geo_level="commune", geo_code="25966"),
    )

    result = assess(data, plan)

    row = one(result, target_id="g9b")
    assert (row["geo_code"], row["geo_level"], row["geo_name"]) == ("725", "district", "Dĩ An")
    assert row["values"] == [60.0, 72.0]
    assert row["as_of"] == "2025-06-30"
    assert "district tier ended on 30/6/2025" in row["note"]


def test_sector_and_province_wide_series():
    plan = make_plan(
        target("g4", sectors=["health", "education"]),
        target("s4", sectors=["education"]),
        target("r1", kind="rank", unit="rank", comparison="<=", value=10.0, rank_of=63),
    )
    data = frame(
        obs("g4", "2023", 30),
        obs("g4", "2024", 40),
        obs("g4", "2023", 20, sector="health"),
        obs("g4", "2024", 25, sector="health"),
        obs("s4", "2023", 60),  # a one-sector target reported without a sector
        obs("s4", "2024", 70),
        obs("r1", "2023", 7),
    )

    result = assess(data, plan)

    expected = pd.DataFrame(
        {
            "target_id": ["g4", "g4", "g4", "s4", "r1"],
            "sector": ["", "health", "education", "", ""],
            "n_points": [2, 2, 0, 2, 1],
        }
    )
    pd.testing.assert_frame_equal(
        result[["target_id", "sector", "n_points"]], expected, check_dtype=False
    )
    missing = one(result, target_id="g4", sector="education")
    assert missing["status"] == "not_available"
    assert missing["reason"].startswith("no observations (sector education")
    assert missing["geo_code"] == "74"

    health = assess(data, plan, sector="health")
    assert list(zip(health["target_id"], health["sector"], strict=True)) == [
        ("g4", ""),
        ("g4", "health"),
    ]
    education = assess(data, plan, sector="education")
    assert list(zip(education["target_id"], education["sector"], strict=True)) == [
        ("g4", ""),
        ("g4", "education"),
        ("s4", ""),
    ]


def test_deterministic_whatever_the_row_order():
    plan = make_plan(target("g4", sectors=["health"]), target("g5"))
    rows = [
        obs("g4", "2023", 30),
        obs("g4", "2024", 40),
        obs("g4", "2024", 41, kind="estimate"),
        obs("g4", "2023", 20, sector="health"),
        obs("g4", "2024", 25, sector="health", provenance="synthetic"),
        obs("g5", "2024", 60),
        obs("g5", "2025-Q1", 61),
    ]

    result = assess(frame(*rows), plan)
    shuffled = assess(frame(*rows).sample(frac=1, random_state=7), plan)

    pd.testing.assert_frame_equal(result, shuffled)
    health = one(result, target_id="g4", sector="health")
    assert (health["provenance"], health["synthetic"]) == ("official,synthetic", True)


# --------------------------------------------------------------------------------------------
# Kinds
# --------------------------------------------------------------------------------------------


def test_rank_target():
    plan = make_plan(target("r1", kind="rank", unit="rank", comparison="<=", value=10.0,
                            rank_of=63))  # fmt: skip
    data = frame(obs("r1", "2021", 22), obs("r1", "2022", 19), obs("r1", "2023", 7))

    row = assess(data, plan, as_of="2024").iloc[0]

    assert (row["status"], row["score"], bool(row["achieved"])) == ("target_achieved", 5.0, True)
    assert row["views"]["rank"].trend == "improved"
    assert "rank path 2021: 22/63, 2022: 19/63, 2023: 7/63" in row["note"]
    assert pd.isna(row["progress_value"])


def test_growth_target_judged_over_the_plan_period():
    plan = make_plan(target("e3", kind="growth", value=7.0, limit=None))
    data = frame(obs("e3", "2021", 1), obs("e3", "2022", 3), obs("e3", "2023", 6.5),
                 obs("e3", "2024", 7.2), obs("e3", "2025-H1", 7.4))  # fmt: skip

    row = assess(data, plan).iloc[0]

    view = row["views"]["growth"]
    assert view.years == (2023, 2024, 2025)  # the plan runs from 2023
    assert view.mean_growth == pytest.approx((6.5 + 7.2 + 7.4) / 3)
    # every plan year must reach 7 %: 2023 (6.5 %) did not, so the mean only bands the status
    assert (row["status"], bool(row["achieved"])) == ("substantial_progress", False)
    assert row["years"] == [2021, 2022, 2023, 2024, 2025]  # the chart still gets the history


def test_yes_no_target():
    plan = make_plan(target("g3", kind="yes_no", unit="yes_no", value=1.0))
    data = frame(obs("g3", "2023", 0), obs("g3", "2024", 1))

    row = assess(data, plan).iloc[0]

    assert (row["status"], bool(row["achieved"])) == ("target_achieved", True)


def test_milestone_judged_on_the_value_by_its_deadline():
    plan = make_plan(target("m23", kind="milestone", value=100.0, deadline="2023-06-30"))
    data = frame(obs("m23", "2023-03-31", 80), obs("m23", "2023-06-30", 100),
                 obs("m23", "2023-12-31", 100))  # fmt: skip

    row = assess(data, plan).iloc[0]

    assert (row["status"], bool(row["achieved"])) == ("target_achieved", True)
    assert "judged on 100 at 2023-06-30" in row["note"]
    # a milestone is judged on its date: later years do not make it stale
    late = assess(data, plan, as_of="2025-H1").iloc[0]
    assert late["status"] == "target_achieved"


def test_milestone_reported_for_the_year_of_its_deadline():
    # "Năm 2023": the share of agencies that acted by 30-6-2023, as the indicator counts it
    plan = make_plan(target("m23", kind="milestone", value=100.0, deadline="2023-06-30"))
    met = assess(frame(obs("m23", "2023", 100)), plan).iloc[0]
    short = assess(frame(obs("m23", "2023", 93.7)), plan).iloc[0]
    late = assess(frame(obs("m23", "2023-09-30", 100)), plan).iloc[0]

    assert (met["status"], bool(met["achieved"])) == ("target_achieved", True)
    assert met["views"]["milestone"].as_of == dt.date(2023, 6, 30)
    # missed: 93.7 % of the target bands as any ratio (0.60 <= R < 0.95), never "limited"
    assert (short["status"], short["reason"]) == (
        "moderate_progress",
        "missed: not reached by 2023-06-30",
    )
    # measured on a date after the deadline only: reached, but late
    assert (late["status"], bool(late["achieved"])) == ("moderate_progress", False)
    assert late["reason"] == "reached after the deadline 2023-06-30"


def test_milestone_missed():
    plan = make_plan(target("m23", kind="milestone", value=100.0, deadline="2023-06-30"))
    data = frame(obs("m23", "2023-06-30", 90), obs("m23", "2023-12-31", 100))

    row = assess(data, plan).iloc[0]

    assert row["status"] == "moderate_progress"  # 90 % of the target, missed on its date
    assert row["reason"] == "missed: not reached by 2023-06-30"


# --------------------------------------------------------------------------------------------
# The real catalogue
# --------------------------------------------------------------------------------------------


def test_assess_on_the_project_catalogue():
    from cdsanalysis import load_plan

    plan = load_plan()
    data = frame(
        obs("gov.dossiers_online", "2023", 38),
        obs("gov.dossiers_online", "2024", 44),
        obs("gov.dossiers_online", "2024", 30, sector="health"),
        obs("rank.dti", "2022", 19),
        obs("rank.dti", "2023", 7),
        obs("soc.broadband_households", "2024", 99.2),
        obs("soc.broadband_households", "2025-H1", 99.5),
    )

    result = assess(data, plan)

    assert list(result.columns) == COLUMNS
    judged = plan.judged_targets  # context indicators have no target: no row
    assert set(result["target_id"]) == set(judged["id"])  # every target has a row
    assert list(dict.fromkeys(result["target_id"])) == list(judged["id"])  # in plan order
    assert one(result, target_id="rank.dti")["status"] == "target_achieved"
    broadband = one(result, target_id="soc.broadband_households")
    assert (broadband["status"], bool(broadband["achieved"])) == ("target_achieved", True)
    health = assess(data, plan, sector="health")
    assert set(health["sector"]) == {"", "health"}
    health_targets = plan.targets_for_sector("health").query("kind != 'context'")
    assert set(health["target_id"]) == set(health_targets["id"])


# --------------------------------------------------------------------------------------------
# The terminal scoreboard (cds status)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def processed(tmp_path):
    data = frame(
        obs("gov.dossiers_online", "2023", 38, provenance="synthetic"),
        obs("gov.dossiers_online", "2024", 44, provenance="synthetic"),
        obs("rank.dti", "2023", 7, provenance="synthetic"),
    )
    data.to_parquet(tmp_path / "observations.parquet")
    return tmp_path


def test_run_status_prints_one_line_per_series(processed):
    import io

    from cdsanalysis import load_plan
    from cdsanalysis.cli.status import run_status

    out = io.StringIO()
    code = run_status(processed_dir=processed, lang="en", stream=out, as_of="2024", series=True)

    plan = load_plan()
    lines = out.getvalue().splitlines()
    n_series = len(assess(pd.read_parquet(processed / "observations.parquet"), plan, "2024"))
    ids = set(plan.targets["id"])
    body = [line for line in lines if line.split(" ")[0] in ids]
    assert code == 0
    assert len(body) == n_series
    assert any("SYNTHETIC DATA" in line for line in lines)
    dossiers = next(line for line in body if line.startswith("gov.dossiers_online "))
    assert "44% (2024)" in dossiers and "≥ 50%" in dossiers
    dti = next(line for line in body if line.startswith("rank.dti "))
    assert "7/63" in dti and "top 10" in dti and "✔ Target achieved" in dti
    assert "\033[" not in out.getvalue()  # not a terminal: no colour codes


def test_run_status_prints_one_line_per_target_as_the_briefs_judge_it(processed):
    import io

    from cdsanalysis import load_plan
    from cdsanalysis.cli.status import run_status

    plan = load_plan()
    out = io.StringIO()
    code = run_status(processed_dir=processed, lang="en", stream=out, as_of="2024")

    lines = out.getvalue().splitlines()
    judged = plan.judged_targets  # context indicators have no target: no line
    body = [line for line in lines if line.split(" ")[0] in set(plan.targets["id"])]
    assert code == 0
    assert [line.split(" ")[0] for line in body] == list(judged["id"])  # all, in order
    dossiers = next(line for line in body if line.startswith("gov.dossiers_online "))
    assert "44% (2024)" in dossiers and "≥ 50%" in dossiers
    assert "Still needed: +6 pp a year" in dossiers  # 44 in 2024, 50 by the end of 2025
    assert lines[-1].startswith(f"{len(judged)} targets: ")
    health = io.StringIO()
    run_status(processed_dir=processed, sector="health", lang="en", stream=health)
    shown = [line.split(" ")[0] for line in health.getvalue().splitlines()]
    # As the health brief: G9b and G9c are measured by area, and health has no area figures.
    expected = plan.targets_for_sector("health").query("kind != 'context'")
    assert [i for i in shown if i in set(plan.targets["id"])] == list(
        expected[~expected["code"].isin(["G9b", "G9c"])]["id"]
    )
    assert health.getvalue().splitlines()[-1].startswith("G9b, G9c: measured by area")


def test_run_status_colour_and_vietnamese(processed):
    import io

    from cdsanalysis.cli.status import run_status

    out = io.StringIO()
    run_status(processed_dir=processed, sector="health", stream=out, colour=True)

    text = out.getvalue()
    assert "\033[38;2;" in text
    assert "Y tế" in text and "Chưa đủ số liệu" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"sector": "sports"}, "unknown sector 'sports': choose one of urban, industry"),
        ({"as_of": "2024-Q9"}, '"latest" or a period label'),
        ({"lang": "fr"}, "unknown language 'fr': choose one of vi, en"),
    ],
)
def test_run_status_refuses_bad_parameters(processed, arguments, message):
    from cdsanalysis.cli.status import run_status

    with pytest.raises(ValueError, match=message):
        run_status(processed_dir=processed, **arguments)


def test_run_status_without_processed_data(tmp_path):
    from cdsanalysis.cli.status import run_status

    with pytest.raises(FileNotFoundError, match="run `cds clean` first"):
        run_status(processed_dir=tmp_path)
