"""The Excel data-entry template: built from the catalogue, validated, and read back by
``cds clean`` without loss."""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.periods import parse_period
from cdsanalysis.base.plan import load_plan, plan_from_dict
from cdsanalysis.base.safe_io import FORMULA_PREFIXES
from cdsanalysis.base.units import normalise_unit
from cdsanalysis.ingest.template import (
    COUNTS_HEADERS,
    COUNTS_SHEET,
    DEFAULT_PERIODS,
    PROVINCE_SHEET,
    UNIT_LABELS,
    build_template,
    write_template,
)

ID_COL, NAME_COL, UNIT_COL, TARGET_COL, FIRST_VALUE = 2, 3, 4, 5, 6


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def template_path(tmp_path_factory, plan):
    return write_template(tmp_path_factory.mktemp("tpl") / "mau-nhap-lieu.xlsx", plan)


def _header_row(ws) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "STT":
            return row[0].row
    raise AssertionError(f"{ws.title}: no header row")


def _target_rows(ws) -> dict[str, int]:
    """Catalogue id -> row number on one sheet."""
    start = _header_row(ws) + 1
    return {
        ws.cell(row=r, column=ID_COL).value: r
        for r in range(start, ws.max_row + 1)
        if ws.cell(row=r, column=ID_COL).value
    }


def test_one_sheet_per_sector_and_one_for_the_province(template_path, plan):
    workbook = openpyxl.load_workbook(template_path)
    assert workbook.sheetnames[0] == PROVINCE_SHEET
    assert len(workbook.sheetnames) == 1 + len(plan.sectors) + 1
    assert workbook.sheetnames[-1] == COUNTS_SHEET
    sector_sheets = workbook.worksheets[1 : 1 + len(plan.sectors)]
    for ws, sector in zip(sector_sheets, plan.sectors.itertuples(), strict=True):
        lines = [ws.cell(row=r, column=1).value for r in range(1, _header_row(ws))]
        assert f"Lĩnh vực: {sector.name_vi}" in lines
        judged = plan.targets_for_sector(sector.id).query("kind != 'context'")
        assert set(_target_rows(ws)) == set(judged["id"])  # context indicators have no target
        assert len(ws.title) <= 31
    province = workbook[PROVINCE_SHEET]
    lines = [province.cell(row=r, column=1).value for r in range(1, _header_row(province))]
    assert not any(str(line).startswith("Lĩnh vực") for line in lines)
    judged = plan.judged_targets
    no_sector = set(judged[judged["sectors"].map(len) == 0]["id"])
    assert no_sector <= set(_target_rows(province))
    context = set(plan.targets[plan.targets["kind"] == "context"]["id"])
    assert not context & set(_target_rows(province))
    assert any("Hướng dẫn" in str(line) for line in lines)


def test_rows_are_prefilled_from_the_catalogue(template_path, plan):
    workbook = openpyxl.load_workbook(template_path)
    for ws in workbook.worksheets[:-1]:  # the report sheets; the counts sheet is long
        header = [c.value for c in ws[_header_row(ws)]]
        assert header[: FIRST_VALUE - 1] == ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính",
                                             "Mục tiêu"]  # fmt: skip
        assert header[FIRST_VALUE - 1 : -1] == list(DEFAULT_PERIODS)
        for period in DEFAULT_PERIODS:
            parse_period(period)
        for target_id, r in _target_rows(ws).items():
            target = plan.target(target_id)
            assert ws.cell(row=r, column=NAME_COL).value == target["name_vi"]
            unit = ws.cell(row=r, column=UNIT_COL).value
            assert unit == UNIT_LABELS[target["unit"]]
            assert normalise_unit(unit) == target["unit"]
            assert ws.cell(row=r, column=TARGET_COL).value


def test_data_validation_on_units_and_values(template_path, plan):
    workbook = openpyxl.load_workbook(template_path)
    ws = workbook[PROVINCE_SHEET]
    rows = _target_rows(ws)
    rules = ws.data_validations.dataValidation

    def rule_for(cell: str):
        found = [dv for dv in rules if cell in dv.sqref]
        assert len(found) == 1, cell
        return found[0]

    unit_rule = rule_for(f"D{rows['rank.dti']}")
    assert unit_rule.type == "list" and "Hạng" in unit_rule.formula1 and "%" in unit_rule.formula1
    percent = rule_for(f"F{rows['econ.digital_economy_grdp']}")
    assert (percent.type, percent.formula1, percent.formula2) == ("decimal", "0", "100")
    growth = rule_for(f"G{rows['econ.labour_productivity_growth']}")
    assert (growth.formula1, growth.formula2) == ("-100", "100")
    rank = rule_for(f"H{rows['rank.dti']}")
    assert (rank.type, rank.formula1, rank.formula2) == ("whole", "1", "63")
    yes_no = rule_for(f"F{rows['gov.online_services.mobile']}")
    assert yes_no.type == "list" and "Có" in yes_no.formula1 and "Không" in yes_no.formula1
    assert all(dv.showErrorMessage for dv in rules)


def test_template_is_deterministic(tmp_path, plan):
    first = write_template(tmp_path / "a.xlsx", plan).read_bytes()
    second = write_template(tmp_path / "b.xlsx", plan).read_bytes()
    assert first == second


def test_write_template_refuses_other_formats(tmp_path):
    with pytest.raises(ValueError, match="xlsx"):
        write_template(tmp_path / "mau.csv")


def test_text_cells_are_neutralised_against_formulas():
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    evil = document["targets"][0]
    evil["name_vi"] = '=HYPERLINK("http://example.invalid","x")'
    evil["aliases"] = []
    workbook = build_template(plan_from_dict(document))
    texts = [
        cell.value
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert "'" + evil["name_vi"] in texts
    assert not any(text.startswith(FORMULA_PREFIXES) for text in texts)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert b"<f>" not in buffer.getvalue()


# What a person types into the template, per sheet: (id, period header, value typed).
FILLED = {
    PROVINCE_SHEET: [
        ("gov.online_services.mobile", "Năm 2023", "Có"),
        ("gov.online_services.mobile", "Năm 2022", "Không"),
        ("rank.dti", "Năm 2024", 9),
        ("econ.digital_economy_grdp", "6 tháng đầu năm 2025", 12.3),
        ("econ.labour_productivity_growth", "Năm 2024", -1.5),
        ("soc.broadband_households", "Năm 2025", 99.4),
        ("gov.dossiers_online", "9 tháng năm 2025", 55),
    ],
    "health": [
        ("gov.online_services.full_partial", "Năm 2023", 87.5),
        ("gov.satisfaction", "Năm 2024", 91.25),
        ("econ.digital_economy_share.health", "Năm 2022", 4.2),
        ("plan.movement_plans_2023", "Năm 2023", 100),
    ],
    "transport": [
        ("gov.systems_connected", "Năm 2024", 33.3),
    ],
    "education": [
        ("soc.higher_vocational_dx_programmes", "6 tháng đầu năm 2025", 96),
    ],
}


def _fill_counts(ws) -> list[tuple]:
    """Two new wards' G9c for Q4/2025 with their counts, typed into the counts sheet."""
    header = [c.value for c in ws[_counts_header_row(ws)]]
    assert header == COUNTS_HEADERS
    filled = []
    for r in range(_counts_header_row(ws) + 1, ws.max_row + 1):
        name = ws.cell(row=r, column=3).value
        if name in ("Phường Dĩ An", "Xã Dầu Tiếng"):
            numerator, denominator = (612, 720) if name == "Phường Dĩ An" else (95, 130)
            for column, value in zip(
                ("Kỳ báo cáo", "Tử số", "Mẫu số", "Giá trị"),
                ("Quý IV/2025", numerator, denominator, round(100 * numerator / denominator, 1)),
                strict=True,
            ):
                ws.cell(row=r, column=header.index(column) + 1).value = value
            code = {"Phường Dĩ An": "25942", "Xã Dầu Tiếng": "25777"}[name]
            indicator = ws.cell(row=r, column=1).value
            value = round(100 * numerator / denominator, 1)
            filled.append((indicator, "", code, "2025-Q4", value, numerator, denominator))
    assert len(filled) == 2
    return filled


def _counts_header_row(ws) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "Mã chỉ tiêu":
            return row[0].row
    raise AssertionError("no header row")


@pytest.mark.slow  # fills the template and cleans it: `make test` runs it
def test_round_trip_through_the_cleaner(tmp_path, template_path, plan):
    clean = pytest.importorskip("cdsanalysis.clean.run")
    workbook = openpyxl.load_workbook(template_path)
    sheets = {PROVINCE_SHEET: workbook[PROVINCE_SHEET]}
    sector_sheets = workbook.worksheets[1 : 1 + len(plan.sectors)]
    for ws, sector in zip(sector_sheets, plan.sectors["id"], strict=True):
        sheets[sector] = ws
    expected = []
    for key, cells in FILLED.items():
        ws = sheets[key]
        header = [c.value for c in ws[_header_row(ws)]]
        rows = _target_rows(ws)
        for target_id, period_text, typed in cells:
            cell = ws.cell(row=rows[target_id], column=header.index(period_text) + 1)
            cell.value = typed
            period = parse_period(period_text)
            value = {"Có": 1.0, "Không": 0.0}.get(typed, typed)
            sector = "" if key == PROVINCE_SHEET else key
            expected.append((target_id, sector, "74", period.label, float(value)))
        if key == "health":
            ws.cell(row=rows["gov.satisfaction"], column=len(header)).value = "khảo sát quý IV"
    counts = _fill_counts(workbook[COUNTS_SHEET])
    expected += [key[:5] for key in counts]
    raw = tmp_path / "raw"
    raw.mkdir()
    workbook.save(raw / "mau-nhap-lieu-da-dien.xlsx")

    result = clean.clean_raw(raw, tmp_path / "out")

    assert result.records_read == len(expected)
    assert result.records_clean == len(expected)
    assert result.records_quarantined == result.records_no_data == 0
    # Every "Mục tiêu" cell is a target cell, never an observation.
    assert result.target_cells == sum(len(_target_rows(ws)) for ws in workbook.worksheets[:-1])
    observations = pd.read_csv(
        tmp_path / "out" / "observations.csv", dtype=str, keep_default_na=False
    )
    got = sorted(
        (r.indicator_id, r.sector, r.geo_code, r.period, float(r.value))
        for r in observations.itertuples()
    )
    assert len(got) == len(expected)
    for result_row, expected_row in zip(got, sorted(expected), strict=True):
        assert result_row[:4] == expected_row[:4]
        assert math.isclose(result_row[4], expected_row[4], abs_tol=1e-9)
    assert set(observations["provenance"]) == {"official"}
    with_counts = observations[observations["numerator"] != ""]
    assert sorted(
        (*r[:5], float(r.numerator), float(r.denominator))
        for r in with_counts[
            ["indicator_id", "sector", "geo_code", "period", "value", "numerator", "denominator"]
        ]
        .astype({"value": float})
        .itertuples(index=False)
    ) == sorted(counts)
    assert set(observations["unit"]) == {"percent", "rank", "yes_no"}
    note = observations.loc[observations["indicator_id"] == "gov.satisfaction", "note"]
    assert note.tolist() == ["khảo sát quý IV"]
