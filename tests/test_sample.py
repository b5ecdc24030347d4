"""The synthetic demo: committed files equal the generator's output, labelled synthetic, shaped
like the real thing, and every record's expected outcome agrees with the suite's own parsers."""

from __future__ import annotations

import ast
import io
import json
import math
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

import cdsanalysis
from cdsanalysis.base import paths
from cdsanalysis.base.geography import AreaIndex
from cdsanalysis.base.periods import parse_period
from cdsanalysis.base.plan import load_plan
from cdsanalysis.base.text import match_key
from cdsanalysis.base.values import parse_value
from cdsanalysis.clean.run import clean_raw
from cdsanalysis.demo.cells import FILE_PREFIX, SAMPLE_TAG, SOURCE_TEXT
from cdsanalysis.demo.published import published_series
from cdsanalysis.demo.sample import build_sample, expected_records, render_files, write_sample

DEMO_DIR = paths.RAW_DIR / "demo"


@pytest.fixture(scope="module")
def sample():
    return build_sample()


@pytest.fixture(scope="module")
def records(sample):
    return sample[1]


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return render_files()


def _zip_entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def test_committed_demo_is_what_the_generator_makes(tmp_path):
    written = write_sample(tmp_path)
    result = {p.name: p.read_bytes() for p in written}
    committed = {
        p.name: p.read_bytes() for p in DEMO_DIR.iterdir() if p.is_file() and p.name != ".gitkeep"
    }
    assert sorted(result) == sorted(committed), "run `cds sample` and commit data/raw/demo/"
    for name, data in result.items():
        if data == committed[name]:
            continue
        hint = ""
        if name.endswith(".xlsx") and _zip_entries(data) == _zip_entries(committed[name]):
            hint = " (same content, other compressed bytes: a different zlib build?)"
        pytest.fail(f"{name} differs from the generator's output{hint}; run `cds sample`")


def test_generator_is_deterministic(rendered):
    first, second = rendered, render_files()
    assert list(first) == list(second)
    assert all(first[name] == second[name] for name in first)


def test_write_sample_replaces_only_its_own_stale_files(tmp_path):
    (tmp_path / f"{FILE_PREFIX}old.csv").write_text("x\n", encoding="utf-8")
    (tmp_path / "agency-file.csv").write_text("x\n", encoding="utf-8")
    write_sample(tmp_path)
    assert not (tmp_path / f"{FILE_PREFIX}old.csv").exists()
    assert (tmp_path / "agency-file.csv").exists()


def test_every_file_says_it_is_synthetic(sample, rendered):
    files, _ = sample
    for file in files:
        assert file.name.startswith(FILE_PREFIX)
        meta = yaml.safe_load(rendered[f"{file.name}.meta.yaml"].decode("utf-8"))
        assert meta["provenance"] == "synthetic"
        assert meta["source"] == SOURCE_TEXT
        assert meta["layout"] == file.layout
        for sheet in file.sheets:
            titles = [str(c) for row in sheet.rows[:6] for c in row if c]
            titles = [unicodedata.normalize("NFC", t) for t in titles]
            assert any(SAMPLE_TAG in t for t in titles), f"{file.name} {sheet.name}: no tag"
    assert "DỮ LIỆU MẪU / SAMPLE" in rendered["README.md"].decode("utf-8")


def test_sample_tag_is_in_the_written_files():
    for path in DEMO_DIR.glob(f"{FILE_PREFIX}*"):
        if path.suffix == ".csv":
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig"))
            assert SAMPLE_TAG in text, path.name
        elif path.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path, read_only=True)
            for ws in workbook.worksheets:
                cells = [str(c) for row in ws.iter_rows(max_row=6, values_only=True) for c in row]
                assert any(SAMPLE_TAG in c for c in cells), f"{path.name} {ws.title}"


def test_layouts_formats_and_size(sample, records, rendered):
    files, _ = sample
    assert {(f.layout, f.fmt) for f in files} == {
        (layout, fmt) for layout in ("long", "report", "matrix") for fmt in ("csv", "xlsx")
    }
    assert 1000 <= len(records) <= 5000
    total = sum(len(data) for data in rendered.values())
    assert total < 600_000, f"the demo weighs {total} bytes"


def test_xlsx_are_reproducible_archives(rendered):
    for name, data in rendered.items():
        if not name.endswith(".xlsx"):
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            assert [i.filename for i in infos] == sorted(i.filename for i in infos)
            assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode("utf-8")
            assert "2025-01-01T00:00:00Z" in core


def test_csv_use_unix_newlines(rendered):
    for name, data in rendered.items():
        if name.endswith(".csv"):
            assert b"\r" not in data, name


def test_who_reports_what(records):
    plan = load_plan()
    clean = records[records["outcome"] == "clean"]
    by_sector = clean[clean["sector"] != ""].groupby("sector")["indicator_id"].agg(set)
    assert sorted(by_sector.index) == sorted(plan.sector_ids)
    for sector, indicators in by_sector.items():
        expected = set(plan.targets_for_sector(sector).query("kind != 'context'")["id"]) - {
            "gov.work_dossiers_online.district",
            "gov.work_dossiers_online.commune",
        }
        assert indicators == expected, sector
    districts = clean[clean["geo_code"].str.len() == 3]
    assert set(districts["geo_code"]) == {str(c) for c in range(718, 727)}
    assert districts["period"].max() == "2025-H1"
    communes = clean[(clean["geo_code"].str.len() == 5) & (clean["geo_vintage"] == "2025-01-04")]
    assert communes["geo_code"].nunique() == 91
    assert communes["period"].max() == "2025-H1"
    new = clean[(clean["geo_vintage"] == "2025-07-01") & (clean["geo_code"].str.len() == 5)]
    assert set(new["period"]) == {"2025-Q3", "2025-Q4"}
    assert new["geo_code"].nunique() == 36
    counted = new[new["numerator"].notna() & new["denominator"].notna()]
    per_key = counted.groupby(["indicator_id", "period"])["geo_code"].nunique().to_dict()
    # G9c: all 36 units with their counts; G4 (a published province series): never all 36
    assert per_key[("gov.work_dossiers_online.commune", "2025-Q3")] == 36
    assert per_key[("gov.work_dossiers_online.commune", "2025-Q4")] == 36
    assert per_key[("gov.dossiers_online", "2025-Q3")] == 30
    assert per_key[("gov.dossiers_online", "2025-Q4")] == 30
    assert (
        (100 * counted["numerator"] / counted["denominator"]).round(1) == counted["value"]
    ).all()
    province = clean[clean["geo_code"] == "74"]
    after = province["period"].isin(["2025-YTD9", "2025-Q3", "2025-Q4", "2025"])
    assert set(province.loc[after, "geo_vintage"]) == {"2025-07-01"}
    assert set(province.loc[~after, "geo_vintage"]) == {"2025-01-04"}
    published = published_series(plan)
    no_sector = set(plan.targets[plan.targets["sectors"].map(len) == 0]["id"])
    no_sector -= {indicator for indicator, _, _ in published}
    assert no_sector <= set(province[province["sector"] == ""]["indicator_id"])
    departments = clean[clean["sector"] != ""]
    assert {"2025-YTD9", "2025-Q3", "2025-Q4", "2025"} <= set(departments["period"])
    estimates = records[records["period_kind"] == "estimate"]
    assert len(estimates) >= 10
    for sector in plan.sector_ids:  # every sector: "Ước thực hiện 2025", then the official 2025
        mine = records[(records["sector"] == sector) & (records["period"] == "2025")]
        assert set(mine["period_kind"]) == {"estimate", "official"}, sector


def test_no_synthetic_value_for_a_published_series(records):
    published = published_series(load_plan())
    assert ("gov.dossiers_online", "", "74") in published
    made = records[records["outcome"].isin(["clean", "duplicate", "no_data"])]
    keys = set(zip(made["indicator_id"], made["sector"], made["geo_code"], strict=True))
    assert not keys & published


def test_bad_cells_cover_every_reason(records):
    bad = records[records["outcome"] == "quarantine"]
    assert set(bad["reason_code"]) == {
        "out_of_range",
        "unknown_area",
        "bad_value",
        "unknown_indicator",
        "bad_period",
    }
    raw = (
        set(bad["raw"]) | set(bad["area_raw"]) | set(bad["indicator_raw"]) | set(bad["period_raw"])
    )
    for needle in (
        "112%",
        "Phường Không Có",
        "khoảng 80",
        "Tỷ lệ chỉ tiêu không có trong kế hoạch",
        "Quý V/2024",
    ):
        assert needle in raw


def _parsed(row) -> tuple[str, float]:
    result = parse_value(row.raw if not _is_float_text(row.raw) else float(row.raw))
    return result.status, result.value


def _is_float_text(text: str) -> bool:
    # XLSX numbers are kept as repr(float) in the records ("47.6"), CSV cells as written.
    try:
        float(text)
    except ValueError:
        return False
    return "." in text and "," not in text


@pytest.mark.parametrize("outcome", ["clean", "duplicate", "no_data"])
def test_expected_values_agree_with_the_parsers(records, outcome):
    rows = records[records["outcome"] == outcome]
    for row in rows.itertuples():
        status, value = _parsed(row)
        if outcome == "no_data":
            assert status == "no_data", row
            continue
        assert status == "ok", row
        if row.file.endswith(
            ("h-bau-bang_cap-xa_2022-2025H1.csv", "phu-giao_cap-xa_2022-2025H1.xlsx")
        ):
            value *= 100.0  # the fraction files: every value of each column is in [0, 1]
        assert math.isclose(value, row.value, abs_tol=1e-6), row


def test_bad_values_are_bad_for_the_parsers(records):
    bad = records[records["outcome"] == "quarantine"]
    for row in bad.itertuples():
        status, value = _parsed(row)
        if row.reason_code == "bad_value":
            assert status == "bad_value"
        elif row.reason_code == "out_of_range":
            assert status == "ok" and value > 100
        elif row.reason_code == "bad_period":
            with pytest.raises(ValueError):
                parse_period(row.period_raw)


def test_periods_as_written_parse_to_the_expected_label(records):
    good = records[records["reason_code"] != "bad_period"]
    for (raw, label, kind), _ in good.groupby(["period_raw", "period", "period_kind"]):
        period = parse_period(unicodedata.normalize("NFC", raw))
        assert (period.label, period.kind) == (label, kind), raw


def test_areas_as_written_match_the_expected_codes(records):
    index = AreaIndex()
    rows = records[(records["area_raw"] != "") & (records["outcome"] != "quarantine")]
    pairs = rows.drop_duplicates(["area_raw", "geo_code", "geo_vintage", "period"])
    for row in pairs.itertuples():
        end = parse_period(row.period_raw).end
        match = index.match(row.area_raw, on=end)
        assert (match.geo_code, match.geo_vintage) == (row.geo_code, row.geo_vintage), row


def test_indicator_names_are_the_plans_words(records):
    plan = load_plan()
    known: dict[str, str] = {}
    for target in plan.targets.itertuples():
        for text in [target.id, target.name_vi, *target.aliases]:
            known[match_key(text)] = target.id
            if match_key(text).startswith("tỷ lệ "):
                known[match_key(text)[len("tỷ lệ ") :]] = target.id
    rows = records[records["outcome"].isin(["clean", "duplicate", "no_data"])]
    for (raw, indicator), _ in rows.groupby(["indicator_raw", "indicator_id"]):
        assert known.get(match_key(raw)) == indicator, raw


def test_expected_records_columns():
    frame = expected_records()
    assert isinstance(frame, pd.DataFrame)
    assert not frame.duplicated(["file", "ref"]).any()
    assert set(frame["outcome"]) == {"clean", "no_data", "duplicate", "quarantine"}


def test_readme_lists_every_file():
    readme = (DEMO_DIR / "README.md").read_text(encoding="utf-8")
    for path in Path(DEMO_DIR).glob(f"{FILE_PREFIX}*"):
        if not path.name.endswith(".meta.yaml"):
            assert f"`{path.name}`" in readme


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
def test_the_cleaner_reaches_every_expected_outcome(tmp_path, records):
    raw = tmp_path / "raw"
    write_sample(raw / "demo")
    result = clean_raw(raw, tmp_path / "out")
    expected = records.assign(file="demo/" + records["file"])
    counts = {
        "records_clean": "clean",
        "records_quarantined": "quarantine",
        "records_no_data": "no_data",
        "records_duplicate": "duplicate",
    }
    for entry in result.files:
        mine = expected[expected["file"] == entry["file"]]
        assert entry["status"] == "ok", entry
        assert entry["records_read"] == len(mine), entry["file"]
        for name, outcome in counts.items():
            assert entry[name] == (mine["outcome"] == outcome).sum(), (entry["file"], name)
    observations = pd.read_csv(
        tmp_path / "out" / "observations.csv", dtype=str, keep_default_na=False
    )
    _check_former_province(observations, expected, tmp_path / "out" / "clean_report.json")
    observations = observations[observations["source_ref"] != ""]
    got = observations.set_index(["source_file", "source_ref"])
    want = expected[expected["outcome"] == "clean"].set_index(["file", "ref"])
    assert sorted(got.index) == sorted(want.index)
    got = got.loc[want.index]
    for column in ["indicator_id", "sector", "geo_code", "geo_vintage", "period", "period_kind"]:
        assert (got[column] == want[column].astype(str)).all(), column
    assert (got["provenance"] == "synthetic").all()
    assert ((got["value"].astype(float) - want["value"]).abs() < 1e-9).all()
    for column in ["numerator", "denominator"]:
        counts = pd.to_numeric(got[column]).fillna(-1.0)
        assert (counts == want[column].astype(float).fillna(-1.0)).all(), column
    quarantine = pd.read_csv(tmp_path / "out" / "quarantine.csv", dtype=str)
    result_bad = quarantine.set_index(["source_file", "source_ref"])["reason_code"].sort_index()
    want_bad = expected[expected["outcome"] == "quarantine"].set_index(["file", "ref"])
    assert result_bad.to_dict() == want_bad["reason_code"].to_dict()


def _check_former_province(observations, expected, report_path):
    """G9c: all 36 new units send their counts, so the territory's value is computed (sum
    over sum) for 2025-Q3 and 2025-Q4; G4: units are missing, so none is, and the report
    names them."""
    computed = observations[observations["source_ref"] == ""]
    assert set(computed["indicator_id"]) == {"gov.work_dossiers_online.commune"}
    assert sorted(computed["period"]) == ["2025-Q3", "2025-Q4"]
    assert set(computed["geo_code"]) == {"74"} and set(computed["geo_vintage"]) == {"2025-07-01"}
    assert set(computed["geo_name"]) == {"địa bàn tỉnh Bình Dương (cũ)"}
    assert set(computed["provenance"]) == {"synthetic"}
    clean = expected[expected["outcome"] == "clean"]
    for row in computed.itertuples():
        units = clean[(clean["indicator_id"] == row.indicator_id) & (clean["period"] == row.period)]
        units = units[units["geo_vintage"] == "2025-07-01"]
        assert len(units) == 36
        value = 100 * units["numerator"].sum() / units["denominator"].sum()
        assert math.isclose(float(row.value), value)
        assert float(row.value) != pytest.approx(units["value"].mean(), abs=1e-9)  # not averaged
        assert "sum of numerators / sum of denominators" in row.note
    merger = json.loads(report_path.read_text(encoding="utf-8"))["former_province"]
    assert merger["units"] == 36 and len(merger["computed"]) == 2
    gaps = {(e["indicator_id"], e["period"]): e for e in merger["not_formed"]}
    assert set(gaps) == {("gov.dossiers_online", "2025-Q3"), ("gov.dossiers_online", "2025-Q4")}
    assert gaps[("gov.dossiers_online", "2025-Q3")]["units_with_counts"] == 30
    assert "25849 Phường Hòa Lợi" in gaps[("gov.dossiers_online", "2025-Q4")]["missing_units"]
    assert len(gaps[("gov.dossiers_online", "2025-Q4")]["missing_units"]) == 6


# --------------------------------------------------------------------------------------------
# The demo stays out of the runtime: only `cds sample` imports it
# --------------------------------------------------------------------------------------------
PACKAGE_DIR = Path(cdsanalysis.__file__).parent

# Imports the modules named on the command line and prints the cdsanalysis.demo modules then
# loaded; then imports the demo itself and prints them again, which shows the probe can see it.
_PROBE = """
import importlib, sys
def demo():
    return " ".join(sorted(m for m in sys.modules if m.split(".")[:2] == ["cdsanalysis", "demo"]))
for name in sys.argv[1:]:
    importlib.import_module(name)
print(demo())
importlib.import_module("cdsanalysis.demo.sample")
print(demo())
"""


def _production_modules() -> list[str]:
    """Every module of the package except the demo and ``__main__`` (which runs the command)."""
    names = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[1:2] != ("demo",) and parts[-1] != "__main__":
            names.append(".".join(parts))
    return names


def _demo_modules_loaded(modules: list[str]) -> tuple[list[str], list[str]]:
    """The cdsanalysis.demo modules loaded after importing ``modules`` in a fresh interpreter,
    and after importing the demo too."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *modules],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    before, after = result.stdout.split("\n")[:2]
    return before.split(), after.split()


@pytest.mark.slow  # imports every module in a fresh interpreter: `make test` runs it
def test_no_production_module_imports_the_demo():
    modules = _production_modules()
    assert {"cdsanalysis.api", "cdsanalysis.cli", "cdsanalysis.ingest.template"} <= set(modules)
    assert not any(m.startswith("cdsanalysis.demo") for m in modules)
    before, after = _demo_modules_loaded(modules)
    assert before == []
    # The probe does see the demo when it is imported: the check above can fail.
    assert "cdsanalysis.demo.sample" in after


def test_only_the_sample_command_names_the_demo():
    """Outside the demo package, the one import of it is inside the `cds sample` command."""
    importers = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if path.parent.name == "demo":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "cdsanalysis.demo"
            ):
                importers.append((path.relative_to(PACKAGE_DIR).as_posix(), node.module))
            elif isinstance(node, ast.Import) and any(
                a.name.startswith("cdsanalysis.demo") for a in node.names
            ):
                importers.append((path.relative_to(PACKAGE_DIR).as_posix(), node.names[0].name))
    assert importers == [("cli/__init__.py", "cdsanalysis.demo.sample")]
