"""The real published figures: nothing invented, every row graded and sourced.

Each value must appear in the reference-table row its note names, quoted verbatim in
``data/raw/published/SOURCES.md`` (a derived value must be the stated arithmetic of numbers in
that row). The quotes themselves are checked against the reference notes,
``docs/sources/DOMAIN.md``.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.periods import parse_period
from cdsanalysis.base.plan import load_plan
from cdsanalysis.base.values import parse_value
from cdsanalysis.clean.run import clean_raw

PUBLISHED_DIR = paths.RAW_DIR / "published"
CSV_FILE = PUBLISHED_DIR / "binh-duong_so-lieu-cong-bo_2017-2025.csv"
SOURCES_FILE = PUBLISHED_DIR / "SOURCES.md"
DOMAIN_FILE = paths.DOCS_DIR / "sources" / "DOMAIN.md"
COLUMNS = [
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị hành chính",
    "Lĩnh vực",
    "Kỳ báo cáo",
    "Giá trị",
    "Đơn vị tính",
    "Nguồn",
    "Ghi chú",
]
_ROW_LINE = re.compile(r"^\| (\d+) \|")
# DOMAIN.md writes numbers in English: "1,586" groups thousands, "84.05" has a decimal point.
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DERIVED = re.compile(r"derived as ([\d.]+(?:\s*[-+*/]\s*[\d.]+)+)")


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.read_csv(CSV_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def quoted_rows() -> dict[int, str]:
    rows = {}
    for line in SOURCES_FILE.read_text(encoding="utf-8").splitlines():
        if found := _ROW_LINE.match(line):
            rows[int(found.group(1))] = line
    return rows


def _numbers(text: str) -> list[float]:
    return [float(token.replace(",", "")) for token in _NUMBER.findall(text)]


def _row_body(line: str) -> str:
    # Leave out the row number itself ("| 16 |"), which is not a figure.
    return line.split("|", 2)[2]


def test_file_shape(published):
    raw = CSV_FILE.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert list(published.columns) == COLUMNS
    assert len(published) >= 15
    assert not published.duplicated(["Mã chỉ tiêu", "Kỳ báo cáo"]).any()


def test_sidecar_says_published():
    meta = yaml.safe_load((PUBLISHED_DIR / f"{CSV_FILE.name}.meta.yaml").read_text("utf-8"))
    assert meta["provenance"] == "published"
    assert meta["layout"] == "long"
    assert meta["source"]


def test_rows_name_catalogue_targets_units_and_periods(published):
    plan = load_plan()
    for row in published.itertuples(index=False):
        target = plan.target(row[0])
        assert row[1] == target["name_vi"]
        assert row[2] == "Tỉnh Bình Dương" and row[3] == ""
        parse_period(row[4])
        assert row[6] == {"percent": "%", "rank": "Hạng"}[target["unit"]]
        parsed = parse_value(row[5], unit=target["unit"])
        assert parsed.status == "ok", row
        if target["unit"] == "rank":
            assert 1 <= parsed.value <= target["rank_of"]
        else:
            assert 0 <= parsed.value <= 100


def test_every_row_is_graded_and_sourced(published):
    for row in published.itertuples(index=False):
        source, note = row[7], row[8]
        assert re.match(r"grade [ABC]\b", note), note
        if note.startswith("grade C"):
            assert "derived" in note, note
        assert re.search(r"https?://", source), source
        assert re.search(r"DOMAIN\.md §1a row \d+", note), note


def test_every_value_is_in_its_quoted_row(published, quoted_rows):
    for row in published.itertuples(index=False):
        value = parse_value(row[5]).value
        number = int(re.search(r"DOMAIN\.md §1a row (\d+)", row[8]).group(1))
        assert number in quoted_rows, f"row {number} is not quoted in SOURCES.md"
        figures = _numbers(_row_body(quoted_rows[number]))
        if any(math.isclose(value, f, abs_tol=1e-9) for f in figures):
            continue
        derived = _DERIVED.search(row[8])
        assert derived, f"{row[0]} {row[4]}: {row[5]} is not in row {number} and not derived"
        expression = derived.group(1)
        for term in _numbers(expression):
            assert any(math.isclose(term, f, abs_tol=1e-9) for f in figures), term
        # Only digits, dots, spaces and + - * / reach eval, as the pattern guarantees.
        result = eval(expression, {"__builtins__": {}})  # noqa: S307
        assert math.isclose(result, value, abs_tol=1e-9), (expression, value)


def test_every_url_is_in_the_quoted_rows(published, quoted_rows):
    quoted = " ".join(quoted_rows.values())
    for source in published["Nguồn"]:
        for url in re.findall(r"https?://\S+", source):
            assert url in quoted, url


def test_quoted_rows_are_verbatim_in_domain_md(quoted_rows):
    assert quoted_rows, "SOURCES.md quotes no row of the reference table"
    lines = set(DOMAIN_FILE.read_text(encoding="utf-8").splitlines())
    for number, line in quoted_rows.items():
        assert line in lines, f"SOURCES.md row {number} is not verbatim in DOMAIN.md"


def test_the_cleaner_keeps_every_published_row(tmp_path, published):
    raw = tmp_path / "raw" / "published"
    raw.mkdir(parents=True)
    for path in PUBLISHED_DIR.iterdir():
        if path.is_file():
            (raw / path.name).write_bytes(path.read_bytes())
    result = clean_raw(tmp_path / "raw", tmp_path / "out")
    assert result.records_read == result.records_clean == len(published)
    observations = pd.read_csv(tmp_path / "out" / "observations.csv", dtype=str)
    assert (observations["provenance"] == "published").all()
