"""series_progress against the reference: 175 production series of sdg-build 2.4.0.

The oracle (Statistics Canada's published indicators, run through sdg-build in production) gives
each series' base and current points directly, so each case calls the measure with those two
points. Status must match exactly; score and progress_value to 1e-9.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cdsanalysis.assessment.measure import series_progress

ORACLE_FILE = Path(__file__).parent / "data" / "progress-oracle-statcan-sdgbuild-2.4.0.json"
ROWS = json.loads(ORACLE_FILE.read_text(encoding="utf-8"))["rows"]
TOLERANCE = 1e-9


def _case_id(row: dict) -> str:
    # Series tags already begin with their indicator ("1-3-1 / Proportion of ...").
    tag = row["series_tag"]
    return tag if tag.startswith(row["indicator"]) else f"{row['indicator']} / {tag}"


def test_oracle_has_175_series():
    assert len(ROWS) == 175
    assert len({_case_id(row) for row in ROWS}) == 175


@pytest.mark.parametrize("row", ROWS, ids=[_case_id(row) for row in ROWS])
def test_series_progress_matches_oracle(row):
    result = series_progress(
        [row["base_year"], row["current_year"]],
        [row["base_value"], row["current_value"]],
        direction=row["direction"],
        target=row["target"],
        target_year=row["target_year"],
        limit=row["limit"],
    )

    assert result.status == row["status"]
    assert result.score == pytest.approx(row["score"], abs=TOLERANCE, rel=0)
    assert result.progress_value == pytest.approx(row["progress_value"], abs=TOLERANCE, rel=0)
    assert result.sign == row["sign"]
    assert (result.base_year, result.current_year) == (row["base_year"], row["current_year"])
    assert (result.base_value, result.current_value) == (row["base_value"], row["current_value"])
    assert result.reason is None


@pytest.mark.parametrize(
    ("years", "values", "target", "d", "limit", "progress_value", "score", "status"),
    [
        # The worked examples of docs/method.md ("The reference measure in full").
        (
            [2015, 2023],
            [14.5, 10.2],
            7.25,
            -1,
            None,
            0.95259018,
            2.51855639,
            "substantial_progress",
        ),
        ([2015, 2023], [0.9, 14.7], 10, 1, None, 2.39968361, 5.0, "target_achieved"),
        ([2015, 2021], [90.0, 93.2], None, 1, 100, 0.00583999, 2.81538665, "substantial_progress"),
    ],
    ids=["1-2-1", "14-5-1", "1-3-1 children"],
)
def test_worked_examples(years, values, target, d, limit, progress_value, score, status):
    result = series_progress(
        years, values, direction=d, target=target, target_year=2030, limit=limit
    )

    assert result.status == status
    assert result.progress_value == pytest.approx(progress_value, abs=1e-8)
    assert result.score == pytest.approx(score, abs=1e-8)
