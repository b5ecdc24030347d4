"""The real published figures: nothing invented, every row graded and sourced.

Each value must appear in the reference row its note names ("DOMAIN.md §1a row N",
"PUBLISHED-2023-2025.md row N" or "... disagreement N"), quoted verbatim in
``data/raw/published/SOURCES.md`` (a derived value must be the stated arithmetic of numbers in that
row). The quotes themselves are checked against the reference notes in ``docs/sources/``, and every
row must reach the processed observations, or lose a stated disagreement as a conflict.
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
NOTES_DIR = paths.DOCS_DIR / "sources"
DOMAIN = "DOMAIN.md §1a row"
PUBLISHED = "PUBLISHED-2023-2025.md row"
DISAGREEMENT = "PUBLISHED-2023-2025.md disagreement"
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
UNIT_WORDS = {"percent": "%", "rank": "Hạng", "index": "Điểm", "count": "Số lượng"}
# The heading of each quoted table in SOURCES.md, and the reference its rows are cited as.
_SECTIONS = {
    "### DOMAIN.md §1a": DOMAIN,
    "### PUBLISHED-2023-2025.md sources": "sources",
    "### PUBLISHED-2023-2025.md figures": PUBLISHED,
    "### PUBLISHED-2023-2025.md disagreements": DISAGREEMENT,
}
_ROW_LINE = re.compile(r"^\| (\d+) \|")
_CITED = re.compile(r"(DOMAIN\.md §1a row|PUBLISHED-2023-2025\.md (?:row|disagreement)) (\d+)")
# The notes write numbers in English: "1,586" groups thousands, "84.05" has a decimal point;
# "1.6 m" is millions.
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_MILLIONS = re.compile(r"(\d[\d,]*(?:\.\d+)?) m\b")
_DERIVED = re.compile(r"derived as ([\d.]+(?:\s*[-+*/]\s*[\d.]+)+)")
# A share derived from counts is scaled to percent: the factor 100 is not a figure of the row.
_PERCENT_FACTOR = 100.0


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return pd.read_csv(CSV_FILE, dtype=str, keep_default_na=False, encoding="utf-8")


@pytest.fixture(scope="module")
def quoted_rows() -> dict[tuple[str, int], str]:
    """The quoted lines of SOURCES.md by (reference, number); disagreements numbered 1, 2, ..."""
    rows, section, bullets = {}, None, 0
    for line in SOURCES_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = _SECTIONS.get(line.strip())
        elif section == DISAGREEMENT and line.startswith("- "):
            bullets += 1
            rows[(section, bullets)] = line
        elif section and (found := _ROW_LINE.match(line)):
            rows[(section, int(found.group(1)))] = line
        elif section == "sources" and line.startswith("| S"):
            rows[(section, len(rows))] = line
    return rows


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def _numbers(text: str) -> list[float]:
    figures = [float(token.replace(",", "")) for token in _NUMBER.findall(text)]
    return figures + [float(m.replace(",", "")) * 1e6 for m in _MILLIONS.findall(text)]


def _row_body(line: str) -> str:
    # Leave out the row number itself ("| 16 |"), which is not a figure.
    return line.split("|", 2)[2] if line.startswith("|") else line


def _cited(note: str) -> tuple[str, int]:
    found = _CITED.search(note)
    assert found, f"the note names no reference row: {note}"
    return found.group(1), int(found.group(2))


def _decimals(text: str) -> int:
    return len(text.split(",")[1]) if "," in text else 0


def test_file_shape(published):
    raw = CSV_FILE.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert list(published.columns) == COLUMNS
    assert len(published) >= 100
    key = ["Mã chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo"]
    assert not published.duplicated([*key, "Giá trị"]).any()
    # one key twice only where two sources disagree, and both rows say so
    repeated = published[published.duplicated(key, keep=False)]
    assert len(repeated) == 12
    for row in repeated.itertuples(index=False):
        assert "disagree" in row[8], row


def test_sidecar_says_published():
    meta = yaml.safe_load((PUBLISHED_DIR / f"{CSV_FILE.name}.meta.yaml").read_text("utf-8"))
    assert meta["provenance"] == "published"
    assert meta["layout"] == "long"
    assert meta["source"]


def test_rows_name_catalogue_targets_units_and_periods(published, plan):
    for row in published.itertuples(index=False):
        target = plan.target(row[0])
        assert row[1] == target["name_vi"]
        if target["kind"] != "context":
            assert row[2] == "Tỉnh Bình Dương"
        assert row[3] == ""
        parse_period(row[4])
        assert row[6] == UNIT_WORDS[target["unit"]]
        parsed = parse_value(row[5], unit=target["unit"])
        assert parsed.status == "ok", row
        if target["unit"] == "rank":
            assert 1 <= parsed.value <= target["rank_of"]
        elif target["unit"] == "percent":
            assert 0 <= parsed.value <= 100
        else:
            assert parsed.value >= 0


def test_weekly_readings_are_iso_weeks(published):
    weekly = published[published["Ghi chú"].str.contains("weekly reading")]
    assert len(weekly) >= 15
    assert weekly["Kỳ báo cáo"].str.fullmatch(r"20\d\d-W\d\d").all()
    assert parse_period("2023-W50").start.isoformat() == "2023-12-11"


def test_context_figures_are_context_indicators(published, plan):
    kinds = published["Mã chỉ tiêu"].map(lambda tid: plan.target(tid)["kind"])
    context = published[kinds == "context"]["Mã chỉ tiêu"]
    assert {"ctx.index766.score", "ctx.par_index.rank", "ctx.papi.rank", "ctx.ebi.score"} <= set(
        context
    )
    # the DTI 2022 main-index ranks (6 and 62) are context, not joined to R1c / R1d
    dti_2022 = published[published["Kỳ báo cáo"] == "2022"].set_index("Mã chỉ tiêu")["Giá trị"]
    assert dti_2022["ctx.dti.government_activity_rank"] == "6"
    assert dti_2022["ctx.dti.economy_activity_rank"] == "62"
    pillars = ["rank.digital_government", "rank.digital_economy"]
    assert list(published[published["Mã chỉ tiêu"].isin(pillars)]["Kỳ báo cáo"]) == ["2023"] * 2


def test_every_row_is_graded_and_sourced(published):
    for row in published.itertuples(index=False):
        source, note = row[7], row[8]
        assert re.match(r"grade [ABC]\b", note), note
        if note.startswith("grade C"):
            assert "derived" in note or "ambiguous" in note, note
        assert re.search(r"https?://", source) or "not kept" in source, source
        _cited(note)


def test_every_value_is_in_its_quoted_row(published, quoted_rows):
    for row in published.itertuples(index=False):
        value = parse_value(row[5]).value
        cited = _cited(row[8])
        assert cited in quoted_rows, f"{cited} is not quoted in SOURCES.md"
        figures = _numbers(_row_body(quoted_rows[cited]))
        if any(math.isclose(value, f, abs_tol=1e-9) for f in figures):
            continue
        derived = _DERIVED.search(row[8])
        assert derived, f"{row[0]} {row[4]}: {row[5]} is not in {cited} and not derived"
        expression = derived.group(1)
        for term in _numbers(expression):
            scale = math.isclose(term, _PERCENT_FACTOR) and "* 100" in expression
            assert scale or any(math.isclose(term, f, abs_tol=1e-9) for f in figures), term
        # Only digits, dots, spaces and + - * / reach eval, as the pattern guarantees.
        result = eval(expression, {"__builtins__": {}})  # noqa: S307
        assert math.isclose(round(result, _decimals(row[5])), value, abs_tol=1e-9), (
            expression,
            value,
        )


def test_every_url_is_in_the_quoted_rows(published, quoted_rows):
    quoted = " ".join(quoted_rows.values())
    for source in published["Nguồn"]:
        for url in re.findall(r"https?://\S+", source):
            assert url in quoted, url


def test_quoted_rows_are_verbatim_in_the_notes(quoted_rows):
    domain = set((NOTES_DIR / "DOMAIN.md").read_text(encoding="utf-8").splitlines())
    collection = set((NOTES_DIR / "PUBLISHED-2023-2025.md").read_text("utf-8").splitlines())
    assert {section for section, _ in quoted_rows} == {DOMAIN, PUBLISHED, DISAGREEMENT, "sources"}
    for (section, number), line in quoted_rows.items():
        lines = domain if section == DOMAIN else collection
        assert line in lines, f"SOURCES.md {section} {number} is not verbatim in its note"


def test_every_published_row_reaches_the_observations(tmp_path, published):
    raw = tmp_path / "raw" / "published"
    raw.mkdir(parents=True)
    for path in PUBLISHED_DIR.iterdir():
        if path.is_file():
            (raw / path.name).write_bytes(path.read_bytes())
    result = clean_raw(tmp_path / "raw", tmp_path / "out")
    observations = pd.read_csv(tmp_path / "out" / "observations.csv", dtype=str)
    quarantine = pd.read_csv(tmp_path / "out" / "quarantine.csv", dtype=str)
    assert (observations["provenance"] == "published").all()
    assert result.records_read == len(published)
    assert set(quarantine["reason_code"]) == {"conflict"}
    assert result.records_clean + len(quarantine) == len(published)
    # the cell reference "F12" is line 12 of the file, the header being line 1
    kept = {int(ref[1:]) - 2: obs for ref, obs in zip(
        observations["source_ref"], observations.itertuples(index=False), strict=True
    )}  # fmt: skip
    cells = quarantine["source_ref"].str[1:].astype(int) - 2
    lost = dict(zip(cells, quarantine["reason"], strict=True))
    for i, row in enumerate(published.itertuples(index=False)):
        if i in lost:
            assert "disagree" in row[8]
            assert re.match(r"conflicts with [\d.]+ in published/.+ F\d+ \(published\)", lost[i])
            continue
        obs = kept[i]
        assert obs.indicator_id == row[0] and obs.source == row[7] and obs.note == row[8]
        assert math.isclose(float(obs.value), parse_value(row[5]).value)
