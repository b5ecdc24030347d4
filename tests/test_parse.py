"""Tests for the value and period grammars (cdsanalysis.base values, number_format, units, periods).

Real strings from agencies' files and the press.

The strings come from DOMAIN.md §5.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd
import pandas.testing as tm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdsanalysis.base.number_format import detect_convention
from cdsanalysis.base.periods import (
    Period,
    PeriodError,
    parse_as_of,
    parse_period,
    parse_periods,
    period_from_label,
)
from cdsanalysis.base.units import normalise_unit
from cdsanalysis.base.values import (
    ParsedValue,
    is_no_data,
    parse_number,
    parse_value,
    parse_values,
    percent_column_fraction_rule,
)

NAN = math.nan
D = dt.date


def assert_parsed_equal(result: ParsedValue, expected: ParsedValue) -> None:
    """Compare two parses field by field, NaN equal to NaN."""
    tm.assert_series_equal(
        pd.Series(result, index=ParsedValue._fields, dtype=object),
        pd.Series(expected, index=ParsedValue._fields, dtype=object),
    )


PP = "percentage points (điểm %), not a percent level"
FRACTIONS = "percent column holds only values in [0, 1]: read as fractions, multiplied by 100"
ZERO_ONE = (
    "percent column holds only 0 and 1: left as percents; check whether they are fractions of 1"
)


def ok(value, note="", rank_of=NAN, unit=""):
    return ParsedValue(value, "ok", note, rank_of, unit)


def no_data(note):
    return ParsedValue(NAN, "no_data", note)


def bad(note):
    return ParsedValue(NAN, "bad_value", note)


# --------------------------------------------------------------------------------------------
# Values: fixed real strings
# --------------------------------------------------------------------------------------------

VALUE_CASES = [
    # decimal comma, thousands dot (Đà Nẵng statistics page, MIC tables, kinhtenet)
    ("83,71", {}, ok(83.71)),
    ("0,7411", {}, ok(0.7411)),
    ("98,01%", {}, ok(98.01, unit="percent")),
    ("85,5 %", {}, ok(85.5, unit="percent")),
    ("85,5%", {}, ok(85.5, unit="percent")),
    ("1.028.354", {}, ok(1028354.0)),
    ("2.722.527", {}, ok(2722527.0)),
    ("1.028.354 trường hợp", {}, ok(1028354.0, unit="count")),
    ("2.722.527 người", {}, ok(2722527.0, unit="count")),
    ("1.234,5", {}, ok(1234.5)),
    ("1.234.567,89", {}, ok(1234567.89)),
    ("71.234", {}, ok(71234.0)),  # a dot before three digits is thousands, quietly
    (
        "71.234 tỷ đồng",
        {},
        ok(71234e9, unit="currency"),
    ),
    ("0,7411 điểm", {}, ok(0.7411, unit="index")),
    # dti.gov.vn prints the dot decimal; a value in [0, 1] with 4 decimals is never thousands
    ("0.8002", {}, ok(0.8002)),
    ("0.7024", {"convention": "vi"}, ok(0.7024)),
    # the ambiguous single separator before three digits
    (
        "1,234",
        {},
        ok(1.234, "'1,234' read as 1.234 (comma taken as the Vietnamese decimal separator)"),
    ),
    (
        "485,067",
        {},
        ok(485.067, "'485,067' read as 485.067 (comma taken as the Vietnamese decimal separator)"),
    ),
    (
        "485,067",
        {"convention": "en"},
        ok(485067.0),
    ),
    (
        "1.234",
        {"convention": "en"},
        ok(1.234),
    ),
    ("1,234,567", {}, ok(1234567.0)),
    ("1,234.5", {}, ok(1234.5)),
    ("1234,567", {}, ok(1234.567)),
    ("0,123", {}, ok(0.123)),
    ("12.5", {}, ok(12.5)),
    ("1 234 567", {}, ok(1234567.0)),
    ("1\xa0234,5", {}, ok(1234.5)),
    # signs
    ("-5", {}, ok(-5.0)),
    ("−5", {}, ok(-5.0)),  # U+2212 minus
    ("+2,5", {}, ok(2.5)),
    ("-0", {}, ok(0.0)),
    # word multipliers (Kiến Thức, kinhtenet)
    ("40 tỷ 541 triệu", {}, ok(40_541_000_000.0)),
    ("40 tỷ 541 triệu đô la Mỹ", {}, ok(40_541_000_000.0, unit="currency")),
    ("80 ngàn tỷ", {}, ok(80e12)),
    ("807 ngàn tỷ đồng", {}, ok(807e12, unit="currency")),
    ("1,2 triệu", {}, ok(1_200_000.0)),
    ("5 nghìn", {}, ok(5000.0)),
    ("3 tỉ", {}, ok(3e9)),
    ("2 trieu", {}, ok(2e6)),
    # percentage points and ratios
    ("2,5 điểm %", {}, ok(2.5, PP, unit="pp")),
    ("2,5 điểm phần trăm", {}, ok(2.5, PP, unit="pp")),
    ("1,5 lần", {}, ok(1.5, unit="ratio")),
    # ranks (MIC 2017 table, dti.gov.vn, the press)
    ("11 (0,659)", {}, ok(11.0, "score 0.659", unit="rank")),
    ("17 (0,633)", {}, ok(17.0, "score 0.633", unit="rank")),
    ("7 (0.659)", {}, ok(7.0, "score 0.659", unit="rank")),
    ("19/63", {}, ok(19.0, rank_of=63.0, unit="rank")),
    ("19 / 63", {}, ok(19.0, rank_of=63.0, unit="rank")),
    ("xếp hạng 02/63", {}, ok(2.0, rank_of=63.0, unit="rank")),
    ("Xếp hạng 02/63", {}, ok(2.0, rank_of=63.0, unit="rank")),
    ("hạng 7", {}, ok(7.0, unit="rank")),
    ("thứ 3", {}, ok(3.0, unit="rank")),
    ("Top 10", {}, ok(10.0, "top-N bound, not an exact rank", unit="rank")),
    ("5/34 tỉnh, thành", {}, ok(5.0, rank_of=34.0, unit="rank")),
    # yes/no
    ("Đạt", {}, ok(1.0, unit="yes_no")),
    ("Không đạt", {}, ok(0.0, unit="yes_no")),
    ("Có", {}, ok(1.0, unit="yes_no")),
    ("Không", {}, ok(0.0, unit="yes_no")),
    ("Yes", {}, ok(1.0, unit="yes_no")),
    ("No", {}, ok(0.0, unit="yes_no")),
    ("Đã ban hành", {}, ok(1.0, unit="yes_no")),
    ("Chưa ban hành", {}, ok(0.0, unit="yes_no")),
    ("đạt", {"unit": "yes_no"}, ok(1.0, unit="yes_no")),
    # "x" is a no-data marker even in a yes/no column
    ("x", {"unit": "yes_no"}, no_data("no-data marker 'x'")),
    # no-data markers
    ("-", {}, no_data("no-data marker '-'")),
    ("–", {}, no_data("no-data marker '-'")),  # en dash, normalised
    ("x", {}, no_data("no-data marker 'x'")),
    ("X", {}, no_data("no-data marker 'X'")),
    ("…", {}, no_data("no-data marker '…'")),
    ("...", {}, no_data("no-data marker '...'")),
    ("KPS", {}, no_data("no-data marker 'KPS'")),
    ("n/a", {}, no_data("no-data marker 'n/a'")),
    ("NA", {}, no_data("no-data marker 'NA'")),
    ("k/c", {}, no_data("no-data marker 'k/c'")),
    ("Chưa có số liệu", {}, no_data("no-data marker 'Chưa có số liệu'")),
    ("   ", {}, no_data("empty-looking text")),
    ("\xa0", {}, no_data("empty-looking text")),
    ("\u200b", {}, no_data("empty-looking text")),
    # blanks
    ("", {}, ParsedValue(NAN, "blank")),
    (None, {}, ParsedValue(NAN, "blank")),
    (NAN, {}, ParsedValue(NAN, "blank")),
    (pd.NA, {}, ParsedValue(NAN, "blank")),
    # Excel cells pass through
    (5, {}, ok(5.0)),
    (0.855, {}, ok(0.855)),
    (np.float64(83.71), {}, ok(83.71)),
    (True, {}, ok(1.0, unit="yes_no")),
    (False, {}, ok(0.0, unit="yes_no")),
    (math.inf, {}, bad("'inf' is not a finite number")),
    (dt.date(2024, 12, 31), {}, bad("'2024-12-31' is a date, not a number")),
    # footnote markers and Excel's text prefix
    ("85,5*", {}, ok(85.5, "footnote marker '*' dropped")),
    ("85,5 (*)", {}, ok(85.5, "footnote marker '*' dropped")),
    ("'1.234,5", {}, ok(1234.5)),
    # bad values, with the reason in plain words
    ("abc", {}, bad("'abc' is not a number")),
    ("64,93% - 25,08% - 7,26%", {}, bad("'64,93% - 25,08% - 7,26%' holds more than one number")),
    ("12/2023", {}, bad("'12/2023' looks like a date or a period, not a value")),
    (">90%", {}, bad("'>90%' is a bound or an approximation, not a value")),
    ("trên 90%", {}, bad("'trên 90%' is a bound or an approximation, not a value")),
    ("tăng 22,36 điểm", {}, bad("'tăng 22,36 điểm' is a change ('tăng'/'giảm'), not a value")),
    ("#N/A", {}, bad("'#N/A' is an Excel error value, not a number")),
    ("1.2.3", {}, bad("'1.2.3' has its separators in places no number format puts them")),
    (
        "85,5% (ước)",
        {},
        bad("'85,5% (ước)' is not a number: words the parser does not know: '% (ước)'"),
    ),
    ("(*)", {}, bad("'(*)' is not a number")),
    ("12 kg", {}, bad("'12 kg' is not a number: words the parser does not know: 'kg'")),
    ("541 triệu 40 tỷ", {}, bad("'541 triệu 40 tỷ' holds more than one number")),
    ("5 triệu %", {}, bad("'5 triệu %' mixes a percent with a word multiplier")),
    (
        "(5)",
        {},
        bad(
            "'(5)' is in parentheses: an accounting negative and a note look the same, so it is "
            "not read; write the number with a minus sign"
        ),
    ),
    # a cell whose own unit contradicts the column's unit
    ("85%", {"unit": "count"}, bad("'85%' is a percent, but the column's unit is count")),
    ("19/63", {"unit": "percent"}, bad("'19/63' is a rank, but the column's unit is percent")),
    ("Đạt", {"unit": "percent"}, bad("'Đạt' is a yes/no answer, but the column's unit is percent")),
    ("85%", {"unit": "Tỷ lệ (%)"}, ok(85.0, unit="percent")),
    ("85", {"unit": "percent"}, ok(85.0)),
    ("1,5 điểm %", {"unit": "percent"}, ok(1.5, PP, unit="pp")),
]


@pytest.mark.parametrize(("raw", "kwargs", "expected"), VALUE_CASES, ids=repr)
def test_parse_value(raw, kwargs, expected):
    result = parse_value(raw, **kwargs)
    assert_parsed_equal(result, expected)


@pytest.mark.parametrize(("raw", "kwargs", "expected"), VALUE_CASES, ids=repr)
def test_parse_values_matches_parse_value_on_fixed_cases(raw, kwargs, expected):
    result = parse_values(pd.Series([raw], dtype=object), **kwargs)
    expected_frame = pd.DataFrame([expected], columns=list(ParsedValue._fields))
    tm.assert_frame_equal(result, expected_frame, check_dtype=False)


def test_parse_values_frame():
    raw = pd.Series(["83,71", "-", None, "abc", "19/63", "98,01%", "83,71"], index=list("abcdefg"))
    result = parse_values(raw)
    expected = pd.DataFrame(
        {
            "value": [83.71, NAN, NAN, NAN, 19.0, 98.01, 83.71],
            "status": ["ok", "no_data", "blank", "bad_value", "ok", "ok", "ok"],
            "note": ["", "no-data marker '-'", "", "'abc' is not a number", "", "", ""],
            "rank_of": [NAN, NAN, NAN, NAN, 63.0, NAN, NAN],
            "unit_detected": ["", "", "", "", "rank", "percent", ""],
        },
        index=list("abcdefg"),
    )
    tm.assert_frame_equal(result, expected)


def test_parse_values_numeric_column_passes_through():
    raw = pd.Series([1.5, np.nan, np.inf, -0.0, 3], index=[10, 11, 12, 13, 14])
    result = parse_values(raw, unit="percent")
    expected = pd.DataFrame(
        {
            "value": [1.5, NAN, NAN, 0.0, 3.0],
            "status": ["ok", "blank", "bad_value", "ok", "ok"],
            "note": ["", "", "'inf' is not a finite number", "", ""],
            "rank_of": [NAN] * 5,
            "unit_detected": [""] * 5,
        },
        index=[10, 11, 12, 13, 14],
    )
    tm.assert_frame_equal(result, expected)


def test_parse_values_nullable_and_bool_columns():
    result = parse_values(pd.Series([1, None, 3], dtype="Int64"))
    assert result["status"].tolist() == ["ok", "blank", "ok"]
    result = parse_values(pd.Series([True, False]))
    assert result["value"].tolist() == [1.0, 0.0]
    assert result["unit_detected"].tolist() == ["yes_no", "yes_no"]
    result = parse_values(pd.Series([True, False]), unit="percent")
    assert result["status"].tolist() == ["bad_value", "bad_value"]


def test_parse_values_keeps_true_and_one_apart():
    # pandas.factorize sees True, 1 and 1.0 as one value; the parser must not.
    raw = pd.Series([1, True, 1.0, "1", 0, False], dtype=object)
    result = parse_values(raw)
    assert result["unit_detected"].tolist() == ["", "yes_no", "", "", "", "yes_no"]
    assert result["value"].tolist() == [1.0, 1.0, 1.0, 1.0, 0.0, 0.0]


def test_parse_values_accepts_a_list_and_string_dtype():
    expected = parse_values(pd.Series(["1,5", None, "x"], dtype=object))
    tm.assert_frame_equal(parse_values(["1,5", None, "x"]), expected)
    tm.assert_frame_equal(parse_values(pd.Series(["1,5", None, "x"], dtype="string")), expected)


def test_parse_values_auto_convention_decides_per_column():
    english = pd.Series(["485,067", "1,028,354", "12.5"])
    result = parse_values(english, convention="auto")
    assert result["value"].tolist() == [485067.0, 1028354.0, 12.5]
    assert result["note"].tolist() == ["", "", ""]
    vietnamese = pd.Series(["485,067", "83,71"])
    result = parse_values(vietnamese, convention="auto")
    assert result["value"].tolist() == [485.067, 83.71]
    assert result["note"][0] == (
        "'485,067' read as 485.067 (comma taken as the Vietnamese decimal separator)"
    )


def test_parse_values_rejects_unknown_convention():
    with pytest.raises(ValueError, match="convention"):
        parse_values(pd.Series(["1"]), convention="fr")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["83,71", "1.234,5", "1.028.354", "0,659"], "vi"),
        (["1,028,354", "1,234.5", "12.5"], "en"),
        (["1,234", "19/63", "abc"], "vi"),  # no evidence: the Vietnamese default
        (["0.8002", "485,067"], "vi"),  # "0.8002" is no evidence (dti.gov.vn style)
        (["12.5", "12.75", "83,71"], "en"),  # the majority of distinct strings
        ([1234.5, None, "1,234"], "vi"),
    ],
)
def test_detect_convention(values, expected):
    result, reason = detect_convention(values)
    assert result == expected
    assert reason


def test_parse_number():
    assert parse_number("1.234,5") == (1234.5, "")
    assert parse_number("485,067", convention="en")[0] == 485067.0
    with pytest.raises(ValueError, match="'abc' is not a number"):
        parse_number("abc")
    with pytest.raises(ValueError, match="no data"):
        parse_number("KPS")


@pytest.mark.parametrize(
    ("raw", "expected"), [("KPS", True), (" ", True), ("0", False), ("", False)]
)
def test_is_no_data(raw, expected):
    assert is_no_data(raw) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.855, 0.9, 1.0, 0.0], (100.0, FRACTIONS)),
        ([85.5, 0.9], (1.0, "")),
        ([], (1.0, "")),
        ([np.nan, 0.5], (100.0, FRACTIONS)),
        ([0.0, 1.0, 1.0], (1.0, ZERO_ONE)),
        ([-0.5, 0.5], (1.0, "")),
    ],
)
def test_percent_column_fraction_rule(values, expected):
    result = percent_column_fraction_rule(values)
    assert result == expected


def test_percent_column_fraction_rule_on_parsed_frame():
    fractions = parse_values(pd.Series(["0,855", "0,9", "-", None]))
    factor, note = percent_column_fraction_rule(fractions)
    assert factor == 100.0
    assert "fractions" in note
    # "0,5%" is an explicit (small) percent, never a fraction
    explicit = parse_values(pd.Series(["0,5%", "0,9"]))
    assert percent_column_fraction_rule(explicit) == (1.0, "")


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%", "percent"),
        ("Tỷ lệ %", "percent"),
        ("tỷ lệ (%)", "percent"),
        ("Tỉ lệ (%)", "percent"),
        ("phần trăm", "percent"),
        ("percent", "percent"),
        ("Tỷ lệ hồ sơ (%)", "percent"),
        ("hạng", "rank"),
        ("thứ hạng", "rank"),
        ("Xếp hạng", "rank"),
        ("rank", "rank"),
        ("điểm", "index"),
        ("Chỉ số", "index"),
        ("index", "index"),
        ("hồ sơ", "count"),
        ("cái", "count"),
        ("người", "count"),
        ("Doanh nghiệp", "count"),
        ("số lượng", "count"),
        ("Số hồ sơ", "count"),
        ("count", "count"),
        ("có/không", "yes_no"),
        ("Có / Không", "yes_no"),
        ("đạt/không đạt", "yes_no"),
        ("yes/no", "yes_no"),
        ("lần", "ratio"),
        ("ratio", "ratio"),
        ("(ĐVT: %)", "percent"),
        ("ĐVT: %", "percent"),
        ("Đơn vị tính: %", "percent"),
        ("(ĐTV: %)", "percent"),  # the Đà Nẵng page's typo
        ("(ĐVT: người)", "count"),
        ("  Ho\u0300 sơ ", "count"),  # NFD and padding
        ("điểm %", None),  # percentage points are not a catalogue unit
        ("tỷ đồng", None),
        ("km", None),
        ("", None),
        (None, None),
        (NAN, None),
    ],
)
def test_normalise_unit(text, expected):
    result = normalise_unit(text)
    assert result == expected


# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------

PERIOD_CASES = [
    ("2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    ("Năm 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    ("năm 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    ("Quý IV/2024", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "official"),
    ("quý I/2024", "2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "official"),
    ("Quý III/2025", "2025-Q3", D(2025, 7, 1), D(2025, 9, 30), "official"),
    ("Quý II năm 2024", "2024-Q2", D(2024, 4, 1), D(2024, 6, 30), "official"),
    ("Quý 4/2024", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "official"),
    ("Q4-2024", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "official"),
    ("Q4/2024", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "official"),
    ("2024Q4", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "official"),
    ("2024-Q4", "2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "official"),
    ("6 tháng đầu năm 2024", "2024-H1", D(2024, 1, 1), D(2024, 6, 30), "official"),
    ("6 tháng đầu năm 2025", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "official"),
    ("6 tháng 2025", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "official"),
    ("6 tháng cuối năm 2024", "2024-H2", D(2024, 7, 1), D(2024, 12, 31), "official"),
    ("H1/2025", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "official"),
    ("2025-H1", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "official"),
    ("9 tháng 2024", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("9 tháng năm 2024", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("9 tháng đầu năm 2024", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("2025-YTD9", "2025-YTD9", D(2025, 1, 1), D(2025, 9, 30), "official"),
    ("2025-YTD6", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "official"),
    ("3 tháng đầu năm 2025", "2025-Q1", D(2025, 1, 1), D(2025, 3, 31), "official"),
    ("12 tháng 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    ("tháng 12/2023", "2023-M12", D(2023, 12, 1), D(2023, 12, 31), "official"),
    ("Tháng 12 năm 2023", "2023-M12", D(2023, 12, 1), D(2023, 12, 31), "official"),
    ("12/2023", "2023-M12", D(2023, 12, 1), D(2023, 12, 31), "official"),
    ("T2/2024", "2024-M02", D(2024, 2, 1), D(2024, 2, 29), "official"),
    ("2024-M12", "2024-M12", D(2024, 12, 1), D(2024, 12, 31), "official"),
    ("2024-M1", "2024-M01", D(2024, 1, 1), D(2024, 1, 31), "official"),
    ("31/12/2024", "2024-12-31", D(2024, 12, 31), D(2024, 12, 31), "official"),
    ("31-12-2024", "2024-12-31", D(2024, 12, 31), D(2024, 12, 31), "official"),
    ("2024-12-31", "2024-12-31", D(2024, 12, 31), D(2024, 12, 31), "official"),
    ("30/6/2025", "2025-06-30", D(2025, 6, 30), D(2025, 6, 30), "official"),
    ("Tính đến 30/6/2025", "2025-06-30", D(2025, 6, 30), D(2025, 6, 30), "official"),
    ("ngày 31 tháng 12 năm 2024", "2024-12-31", D(2024, 12, 31), D(2024, 12, 31), "official"),
    # kinds
    ("Sơ bộ 2020", "2020", D(2020, 1, 1), D(2020, 12, 31), "preliminary"),
    ("SB 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "preliminary"),
    ("Ước 2023", "2023", D(2023, 1, 1), D(2023, 12, 31), "estimate"),
    ("Ước 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "estimate"),
    ("ước tính 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "estimate"),
    ("Ước thực hiện 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "estimate"),
    ("dự ước 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "estimate"),
    ("UTH 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "estimate"),
    ("Năm 2024 (ước)", "2024", D(2024, 1, 1), D(2024, 12, 31), "estimate"),
    ("Ước 6 tháng đầu năm 2025", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "estimate"),
    ("Thực hiện 2023", "2023", D(2023, 1, 1), D(2023, 12, 31), "official"),
    ("TH 2023", "2023", D(2023, 1, 1), D(2023, 12, 31), "official"),
    # Excel cells
    (dt.datetime(2024, 12, 31), "2024-12-31", D(2024, 12, 31), D(2024, 12, 31), "official"),
    (dt.date(2024, 6, 30), "2024-06-30", D(2024, 6, 30), D(2024, 6, 30), "official"),
    (pd.Timestamp("2024-03-31"), "2024-03-31", D(2024, 3, 31), D(2024, 3, 31), "official"),
    (2024, "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    (2024.0, "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    (np.int64(2024), "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    ("2024.0", "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    ("5.2024", "2024-M05", D(2024, 5, 1), D(2024, 5, 31), "official"),
    # ISO weeks: Monday to Sunday; week 1 of 2025 starts in 2024
    ("tuần 50/2023", "2023-W50", D(2023, 12, 11), D(2023, 12, 17), "official"),
    ("Tuần 50/2023", "2023-W50", D(2023, 12, 11), D(2023, 12, 17), "official"),
    ("W50/2023", "2023-W50", D(2023, 12, 11), D(2023, 12, 17), "official"),
    ("2023-W50", "2023-W50", D(2023, 12, 11), D(2023, 12, 17), "official"),
    ("Tuần 03 năm 2024", "2024-W03", D(2024, 1, 15), D(2024, 1, 21), "official"),
    ("tuần 1/2025", "2025-W01", D(2024, 12, 30), D(2025, 1, 5), "official"),
    ("Ước tuần 53/2020", "2020-W53", D(2020, 12, 28), D(2021, 1, 3), "estimate"),
    # cumulative readings start on 1 January
    ("Lũy kế tháng 9/2024", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("Luỹ kế tháng 9/2024", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("Cộng dồn tháng 9/2024", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("tháng 9/2024 (lũy kế)", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("Lũy kế quý II/2025", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "official"),
    ("Lũy kế quý III/2025", "2025-YTD9", D(2025, 1, 1), D(2025, 9, 30), "official"),
    ("Lũy kế tháng 1/2025", "2025-M01", D(2025, 1, 1), D(2025, 1, 31), "official"),
    ("Lũy kế năm 2024", "2024", D(2024, 1, 1), D(2024, 12, 31), "official"),
    ("Lũy kế 9 tháng 2025", "2025-YTD9", D(2025, 1, 1), D(2025, 9, 30), "official"),
    ("Lũy kế đến 30/9/2024", "2024-YTD9", D(2024, 1, 1), D(2024, 9, 30), "official"),
    ("Ước lũy kế tháng 6/2025", "2025-H1", D(2025, 1, 1), D(2025, 6, 30), "estimate"),
]


@pytest.mark.parametrize(("text", "label", "start", "end", "kind"), PERIOD_CASES, ids=repr)
def test_parse_period(text, label, start, end, kind):
    result = parse_period(text)
    expected = Period(label, start, end, kind)
    assert result == expected


def test_parse_period_default_kind():
    result = parse_period("2024", default_kind="estimate")
    assert result.kind == "estimate"
    result = parse_period("Sơ bộ 2024", default_kind="estimate")
    assert result.kind == "preliminary"
    result = parse_period("Thực hiện 2023", default_kind="estimate")
    assert result.kind == "official"
    result = parse_period("Thực hiện 2024 (ước)")
    assert result.kind == "estimate"
    with pytest.raises(ValueError, match="default_kind"):
        parse_period("2024", default_kind="final")


INVALID_PERIODS = [
    ("2024Q5", "quarter 5 does not exist"),
    ("Quý V/2024", "quarter V does not exist"),
    ("2024-Q0", "quarter 0 does not exist"),
    ("13/2024", "month 13 does not exist"),
    ("tháng 0/2024", "month 0 does not exist"),
    ("1989", "year 1989 is outside 1990–2100"),
    ("Năm 2101", "year 2101 is outside 1990–2100"),
    ("2025H3", "half 3 does not exist"),
    ("13 tháng 2024", "13 months is not a span within a year"),
    ("31/02/2024", "31/02/2024 is not a calendar date"),
    ("", "the text is empty"),
    ("   ", "the text is empty"),
    ("Kế hoạch 2025", "plan or target"),
    ("2024.5", "decimal number or as month 5 of 2024; write the month as 05/2024 or 2024-M05"),
    ("2024.12", "decimal number or as month 12 of 2024"),
    ("tuần 53/2023", "week 53 does not exist in 2023"),
    ("tuần 0/2024", "week 0 does not exist in 2024"),
    ("Lũy kế tuần 50/2023", "a cumulative week has no period label"),
    ("Lũy kế đến 15/9/2024", "a cumulative reading to 2024-09-15 has no period label"),
    ("Sơ bộ ước 2024", "both estimate and preliminary"),
    ("Sơ bộ chính thức 2024", "both official and preliminary"),
    ("abc", "not a period this parser knows"),
    ("so với cùng kỳ", "not a period this parser knows"),
]


@pytest.mark.parametrize(("text", "why"), INVALID_PERIODS, ids=repr)
def test_invalid_period_raises(text, why):
    with pytest.raises(PeriodError, match=re.escape(f"'{text.strip()}' is not a valid period")):
        parse_period(text)
    with pytest.raises(PeriodError, match=re.escape(why)):
        parse_period(text)


@pytest.mark.parametrize(
    ("value", "why"), [(None, "empty"), (NAN, "empty"), (True, "yes/no"), (2024.5, "decimals")]
)
def test_invalid_period_cells_raise(value, why):
    with pytest.raises(PeriodError, match=why):
        parse_period(value)


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize(
    ("label", "granularity"),
    [
        ("2024", "year"),
        ("2024-Q4", "quarter"),
        ("2025-H1", "half"),
        ("2024-M12", "month"),
        ("2024-M01", "month"),
        ("2025-YTD9", "ytd"),
        ("2023-W50", "week"),
        ("2024-12-31", "date"),
    ],
)
def test_period_from_label(label, granularity):
    result = period_from_label(label)
    assert result.label == label
    assert result.granularity == granularity
    assert period_from_label(label, kind="estimate").kind == "estimate"


@pytest.mark.parametrize(
    ("label", "hint"),
    [
        ("2024-M1", "2024-M01"),
        ("2025-YTD6", "2025-H1"),
        ("Quý IV/2024", "2024-Q4"),
        ("2023-W5", "2023-W05"),
        ("W50/2023", "2023-W50"),
        ("nope", None),
    ],
)
def test_period_from_label_rejects_non_canonical(label, hint):
    message = f"'{label}' is not a canonical period label"
    if hint:
        message += f"; the canonical label is '{hint}'"
    with pytest.raises(PeriodError, match=re.escape(message)):
        period_from_label(label)


def test_parse_as_of():
    assert parse_as_of("latest") is None
    assert parse_as_of("Latest") is None
    assert parse_as_of(None) is None
    assert parse_as_of("Quý IV/2024") == period_from_label("2024-Q4")
    assert parse_as_of("2025-H1").end == D(2025, 6, 30)
    with pytest.raises(PeriodError, match="'soon'"):
        parse_as_of("soon")


def test_parse_periods_frame():
    raw = pd.Series(["Quý IV/2024", "Quý V/2024", None, "Ước 2024", 2024], index=[5, 6, 7, 8, 9])
    result = parse_periods(raw)
    expected = pd.DataFrame(
        {
            "label": ["2024-Q4", "", "", "2024", "2024"],
            "start": [D(2024, 10, 1), None, None, D(2024, 1, 1), D(2024, 1, 1)],
            "end": [D(2024, 12, 31), None, None, D(2024, 12, 31), D(2024, 12, 31)],
            "kind": ["official", "", "", "estimate", "official"],
            "error": [
                "",
                "'Quý V/2024' is not a valid period: quarter V does not exist "
                "(quarters are I–IV, 1–4)",
                "'' is not a valid period: the cell is empty",
                "",
                "",
            ],
        },
        index=[5, 6, 7, 8, 9],
    )
    tm.assert_frame_equal(result, expected)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


def format_vi(integer: int, fraction: str, negative: bool) -> str:
    """Write a number the Vietnamese way: "1.234.567,89"."""
    text = f"{integer:,}".replace(",", ".")
    if fraction:
        text += "," + fraction
    return ("-" if negative else "") + text


def format_en(integer: int, fraction: str, negative: bool) -> str:
    """Write a number the English way: "1,234,567.89"."""
    text = f"{integer:,}"
    if fraction:
        text += "." + fraction
    return ("-" if negative else "") + text


numbers = st.tuples(
    st.integers(min_value=0, max_value=10**13),
    st.text(alphabet="0123456789", max_size=5),
    st.booleans(),
)


@given(numbers, st.sampled_from(["", "%", " %"]))
def test_vietnamese_formatting_round_trips(number, suffix):
    integer, fraction, negative = number
    text = format_vi(integer, fraction, negative) + suffix
    result = parse_value(text)
    expected = float(Decimal(f"{'-' if negative else ''}{integer}.{fraction or '0'}")) + 0.0
    assert result.status == "ok", result.note
    assert result.value == expected
    assert result.unit_detected == ("percent" if suffix else "")


@given(numbers)
def test_english_formatting_round_trips_with_english_convention(number):
    integer, fraction, negative = number
    text = format_en(integer, fraction, negative)
    result = parse_value(text, convention="en")
    expected = float(Decimal(f"{'-' if negative else ''}{integer}.{fraction or '0'}")) + 0.0
    assert result.value == expected


@st.composite
def periods(draw):
    """A canonical label and Vietnamese ways of writing it."""
    year = draw(st.integers(min_value=1990, max_value=2100))
    kind = draw(st.sampled_from(["year", "quarter", "half", "month", "ytd", "date"]))
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    if kind == "year":
        return str(year), [f"Năm {year}", f"{year}", year]
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        return f"{year}-Q{q}", [f"Quý {roman[q]}/{year}", f"quý {q}/{year}", f"Q{q}-{year}"]
    if kind == "half":
        h = draw(st.integers(1, 2))
        texts = [f"H{h}/{year}"] + ([f"6 tháng đầu năm {year}"] if h == 1 else [])
        return f"{year}-H{h}", texts
    if kind == "month":
        m = draw(st.integers(1, 12))
        return f"{year}-M{m:02d}", [f"tháng {m}/{year}", f"Tháng {m} năm {year}", f"{m}/{year}"]
    if kind == "ytd":
        n = draw(st.sampled_from([2, 4, 5, 7, 8, 9, 10, 11]))
        return f"{year}-YTD{n}", [f"{n} tháng năm {year}", f"{n} tháng đầu năm {year}"]
    day = draw(st.dates(min_value=D(year, 1, 1), max_value=D(year, 12, 31)))
    return day.isoformat(), [f"{day.day}/{day.month}/{year}", day.strftime("%d-%m-%Y"), day]


@given(periods())
def test_period_label_round_trips(case):
    label, texts = case
    result = parse_period(label)
    assert result.label == label
    assert period_from_label(label) == result
    for text in texts:
        assert parse_period(text) == result


cells = st.one_of(
    st.sampled_from([c for c, kwargs, _ in VALUE_CASES if not kwargs]),
    st.sampled_from(["1,234", "485,067", "1.234", "12.5", "1,028,354", "0,5", "Quý IV/2024"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.none(),
    st.text(alphabet="0123456789.,%- xtỷđ/()", max_size=8),
)


@settings(max_examples=200)
@given(
    st.lists(cells, max_size=30),
    st.sampled_from([None, "percent", "rank", "yes_no", "count"]),
    st.sampled_from(["vi", "en", "auto"]),
)
def test_parse_values_equals_per_cell_parse(values, unit, convention):
    raw = pd.Series(values, dtype=object)
    result = parse_values(raw, unit=unit, convention=convention)
    cell_convention = detect_convention(values)[0] if convention == "auto" else convention
    expected = pd.DataFrame(
        [parse_value(v, unit=unit, convention=cell_convention) for v in values],
        columns=list(ParsedValue._fields),
        index=raw.index,
    )
    tm.assert_frame_equal(result, expected, check_dtype=False, check_index_type=False)


@given(st.lists(st.one_of(st.floats(), st.integers(-(10**9), 10**9)), max_size=30))
def test_parse_values_numeric_column_equals_per_cell_parse(values):
    raw = pd.Series(values, dtype=float)
    result = parse_values(raw)
    expected = pd.DataFrame(
        [parse_value(v) for v in raw], columns=list(ParsedValue._fields), index=raw.index
    )
    tm.assert_frame_equal(result, expected, check_dtype=False, check_index_type=False)


@given(st.lists(st.one_of(st.text(max_size=12), st.integers(1980, 2110), st.none()), max_size=20))
def test_parse_periods_equals_per_cell_parse(values):
    raw = pd.Series(values, dtype=object)
    result = parse_periods(raw)
    rows = []
    for value in values:
        try:
            p = parse_period(value)
            rows.append((p.label, p.start, p.end, p.kind, ""))
        except PeriodError as exc:
            rows.append(("", None, None, "", str(exc)))
    expected = pd.DataFrame(rows, columns=["label", "start", "end", "kind", "error"])
    tm.assert_frame_equal(result, expected, check_dtype=False, check_index_type=False)


@given(st.text(max_size=20))
def test_parse_value_never_raises_on_text(text):
    result = parse_value(text)
    assert result.status in {"ok", "no_data", "blank", "bad_value"}
    assert (result.status == "ok") == (not math.isnan(result.value))
    if result.status == "bad_value":
        assert result.note


@given(st.text(max_size=20))
def test_parse_period_raises_only_period_error(text):
    try:
        result = parse_period(text)
    except PeriodError as exc:
        assert str(exc).startswith(f"'{text.strip()}'") or not text.strip()
    else:
        assert result.start <= result.end
        assert period_from_label(result.label).start == result.start
