"""Department reports (layout "report"): one final report per sector department (to the
official 2025 figure), each department's year-end report of 2025 with "Ước thực hiện 2025"
estimates, and the industry department's year-end report of 2024 with "Ước 2024"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cdsanalysis.base.plan import Plan
from cdsanalysis.demo.cells import (
    FILE_PREFIX,
    SAMPLE_TAG,
    DemoFile,
    Recorder,
    Sheet,
    add_motto,
    add_report_header,
    add_signature,
    nfd,
    percent_cell,
    period_label,
    sidecar_meta,
    vn_number,
    without_ty_le,
)
from cdsanalysis.demo.truth import (
    DEPT_CODES,
    DEPT_TARGETS,
    PROVINCE,
    Dept,
    Truth,
    area_vintage,
    dept_periods,
)


def _department_rows(dept: Dept, plan: Plan) -> list[tuple[str, str, str]]:
    """(section or indicator id, display name, kind) in report order."""
    name = {row.id: row.name_vi for row in plan.judged_targets.itertuples()}
    alias = {row.id: row.aliases[0] for row in plan.judged_targets.itertuples()}
    rows: list[tuple[str, str, str]] = [("I.", "Triển khai phong trào thi đua", "section")]
    rows.append(("plan.movement_plans_2023", name["plan.movement_plans_2023"], "row"))
    rows.append(("II.", "CHÍNH QUYỀN SỐ", "section"))
    for i, code in enumerate(DEPT_CODES[:-1]):
        indicator = DEPT_TARGETS[code][0]
        text = name[indicator]
        # Each department words its rows its own way; the cleaner must match them all.
        if dept.sector in ("health",) and i % 2 == 0:
            text = alias[indicator]
        elif dept.sector in ("education", "agriculture") and i % 2 == 1:
            text = without_ty_le(text)
        elif dept.sector == "urban" and code == "G4":
            text = text.upper()
        elif dept.sector == "industry" and code == "G5":
            text = text.replace(" và ", "  và ")
        rows.append((indicator, text, "row"))
    rows.append(("III.", "KINH TẾ SỐ", "section"))
    e2 = f"econ.digital_economy_share.{dept.sector}"
    rows.append((e2, alias[e2] if dept.sector in ("transport", "health") else name[e2], "row"))
    if dept.sector == "education":
        rows.append(("IV.", "XÃ HỘI SỐ", "section"))
        s4 = "soc.higher_vocational_dx_programmes"
        rows.append((s4, without_ty_le(name[s4]), "row"))
    return rows


# Department report style: how each department writes a percent cell.
_STYLES = {
    "urban": "num",
    "industry": "pct",
    "environment": "comma",
    "transport": "num",
    "agriculture": "comma",
    "health": "num",
    "education": "num",
    "culture_tourism": "pct",
}
_NOTES = [
    "Ghi chú: (1) Tỷ lệ tính trên tổng số thủ tục hành chính, hồ sơ, hệ thống thuộc phạm vi "
    "quản lý của đơn vị.",
    f"(2) {SAMPLE_TAG}: số liệu tổng hợp để minh họa, không phải số liệu thật.",
]
_ESTIMATE_NOTE = "(3) Số liệu năm {year} là số ước tính, sẽ cập nhật khi có số chính thức."
# The year-end reports: estimated year -> (periods, headers, file name tail, signed).
_YEAR_END = {
    "2024": (
        ["2023", "2024"],
        ["Năm 2023", "Ước 2024"],
        "bao-cao-nam-2024_uoc-2024",
        "Bình Dương, ngày 10 tháng 12 năm 2024",
    ),
    "2025": (
        ["2024", "2025"],
        ["Năm 2024", "Ước thực hiện 2025"],
        "bao-cao-nam-2025_uoc-2025",
        "Thành phố Hồ Chí Minh, ngày 10 tháng 12 năm 2025",
    ),
}


@dataclass
class _Report:
    """One department report being written: where its cells go and how they are written."""

    dept: Dept
    truth: Truth
    rec: Recorder
    estimated: str  # the year a year-end report estimates; "" for the final report
    file: DemoFile
    sheet: Sheet
    periods: list[str]
    text: Callable[[str], str]
    cols: dict[str, int] = field(default_factory=dict)
    stt: int = 0

    def record(self, row: int, col: int, raw: Any, **fields: Any) -> None:
        self.sheet.set(row, col, raw)
        self.rec.add(self.file, self.sheet, row, col, raw, **fields)


def department_report(dept: Dept, truth: Truth, rec: Recorder, *, estimated: str = "") -> DemoFile:
    """Write one department's report (``estimated``: the year-end report estimating that year).

    Parameters
    ----------
    dept : Dept
        The department.
    truth : Truth
        The values to write.
    rec : Recorder
        Receives the expected outcome of every cell written.
    estimated : {"", "2024", "2025"}
        A year-end report: "2024" (the industry department's "Năm 2023", "Ước 2024", CSV) or
        "2025" ("Năm 2024", "Ước thực hiện 2025"); "" for the final report to 2025.

    Returns
    -------
    DemoFile
    """
    early = bool(estimated)
    report, labels, place_date = _open_report(dept, truth, rec, estimated)
    sheet, text = report.sheet, report.text
    add_motto(sheet, dept.name.upper(), "UBND TỈNH BÌNH DƯƠNG", 5)
    title = (
        f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2023-2025 ({SAMPLE_TAG})"
    )
    sheet.add([text(title)], kind="title")
    sheet.add([text(f"Đơn vị: {dept.name}")])
    sheet.add([text(f"Lĩnh vực: {dept.sector_line}")])
    sheet.add()
    two_rows = dept.sector in ("urban", "environment", "health", "education", "transport")
    first, report.cols = add_report_header(
        sheet,
        report.periods,
        [text(x) for x in labels],
        two_rows=two_rows and not early,
        plan_label="Kế hoạch 2025",
    )
    rec.col_periods = {report.cols[p]: text(x) for p, x in zip(report.periods, labels, strict=True)}
    for key, display, kind in _department_rows(dept, truth.plan):
        if kind == "section":
            _section_row(report, key, display)
        elif not (early and key == "soc.higher_vocational_dx_programmes"):
            _indicator_row(report, key, display)
    if dept.sector == "industry" and not early:
        _money_row(report)
    if dept.sector == "transport" and not early:
        _unknown_indicator_row(report)
    sheet.add()
    for note in _NOTES + ([_ESTIMATE_NOTE.format(year=estimated)] if early else []):
        sheet.add([text(note)])
    add_signature(sheet, place_date, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], 5)
    sheet.widths = {1: 6, 2: 62, 3: 10, 4: 12, **{c: 13 for c in report.cols.values()}}
    for r in range(first, len(sheet.rows) + 1):
        for c in report.cols.values():
            if isinstance(_get(sheet, r, c), float):
                sheet.formats[(r, c)] = "0.0"
    return report.file


def _open_report(
    dept: Dept, truth: Truth, rec: Recorder, estimated: str
) -> tuple[_Report, list[str], str]:
    """The report's file and sheet, its period labels and where and when it is signed."""
    fmt = dept.fmt
    if estimated:
        periods, labels, tail, place_date = _YEAR_END[estimated]
        fmt = "csv" if estimated == "2024" else dept.fmt
        name = f"{FILE_PREFIX}{dept.slug}_{tail}.{fmt}"
        description = f"báo cáo cuối năm {estimated} ({labels[0]}, {labels[1]})"
    else:
        periods = dept_periods(dept)
        labels = [period_label(p, "th" if p == "2022" else "nam") for p in periods]
        if dept.sector in ("industry", "agriculture"):
            # these two write the period to date: "9 tháng 2025", "12 tháng 2025" (= the year)
            labels[-2] = period_label(dept.last, "short")
            labels[-1] = "12 tháng 2025"
        name = f"{FILE_PREFIX}{dept.slug}_tong-ket_2022-2025.{dept.fmt}"
        place_date = "Thành phố Hồ Chí Minh, ngày 20 tháng 01 năm 2026"
        description = "báo cáo tổng kết 2022 – " + labels[-1]
    sheet = Sheet("Sheet1" if estimated == "2024" else "Báo cáo")
    file = DemoFile(
        name=name,
        layout="report",
        fmt=fmt,
        sheets=[sheet],
        meta=sidecar_meta("report", area=PROVINCE),
        description=f"{dept.name}: {description}",
        bom=dept.sector == "culture_tourism",
    )
    # Sở Tài nguyên và Môi trường's export writes decomposed (NFD) text.
    text: Callable[[str], str] = nfd if dept.sector == "environment" else (lambda s: s)
    report = _Report(dept, truth, rec, estimated, file, sheet, periods, text)
    return report, labels, place_date


def _section_row(report: _Report, key: str, display: str) -> None:
    if report.dept.sector in ("industry", "culture_tourism"):
        letter = "ABCD"["I. II. III. IV.".split().index(key)]
        report.sheet.add([None, report.text(f"{letter}. {display.upper()}")], kind="section")
    else:
        report.sheet.add([key, report.text(display)], kind="section")


def _indicator_row(report: _Report, key: str, display: str) -> None:
    """One target's row: the plan cell, then a cell per period with its expected outcome."""
    dept, text = report.dept, report.text
    report.stt += 1
    target = report.truth.plan.target(key)["target"]
    plan_cell: Any = float(target) if report.file.fmt == "xlsx" else vn_number(target) + "%"
    row = report.sheet.add([report.stt, text(display), "%", plan_cell], kind="data")
    report.rec.context = {"indicator_raw": text(display), "area_raw": ""}
    for period in report.periods:
        fields: dict[str, Any] = {
            "indicator_id": key,
            "sector": dept.sector,
            "geo_code": PROVINCE,
            "geo_vintage": area_vintage(PROVINCE, period),
            "period": period,
            "period_kind": "estimate" if period == report.estimated else "official",
        }
        if key == "plan.movement_plans_2023" and period != "2023":
            if dept.sector not in ("urban", "health", "transport"):  # the others leave it blank
                report.record(row, report.cols[period], "x", outcome="no_data", **fields)
            continue
        raw, expected = _period_cell(report, key, period)
        report.record(row, report.cols[period], raw, **expected, **fields)


def _period_cell(report: _Report, key: str, period: str) -> tuple[Any, dict[str, Any]]:
    """The cell a department writes for one value, and the outcome the cleaner should reach."""
    sector = report.dept.sector
    style = _STYLES[sector]
    tkey = (key, sector, PROVINCE, period)
    if period == report.estimated:
        value = report.truth.estimates[tkey]
        return percent_cell(value, style), {"value": value}
    value = report.truth.values[tkey]
    raw = percent_cell(value, style)
    outcome, reason = "clean", ""
    if report.estimated:
        outcome = "duplicate"  # repeats the final report exactly
    if (sector, key) == ("agriculture", "gov.cashless_admin") and period < "2024":
        raw, outcome = "KPS", "no_data"
    if (sector, key, period) == ("transport", "gov.transactions_e_authenticated", "2022"):
        raw, outcome = "-", "no_data"
    if sector == "transport" and key == "gov.dossiers_online":
        raw = vn_number(value) + "%"  # text among numbers, as pasted from another file
    if (sector, key, period) == ("culture_tourism", "gov.satisfaction", "2025-H1"):
        raw, outcome, reason = "khoảng 80", "quarantine", "bad_value"
    extra = {"value": value} if outcome in ("clean", "duplicate") else {}
    return raw, {"outcome": outcome, "reason_code": reason, **extra}


def _money_row(report: _Report) -> None:
    """A context row the plan does not track: money, in Vietnamese thousands notation."""
    report.stt += 1
    indicator = "Giá trị thanh toán trực tuyến phí, lệ phí"
    row = report.sheet.add([f"{report.stt}", indicator, "Triệu đồng", None], kind="data")
    report.rec.context = {"indicator_raw": indicator, "area_raw": ""}
    amounts = [1234.5, 2456.8, 3910.2, 2105.6, 3388.4, 4520.7, 5012.3]
    for period, amount in zip(report.periods, amounts, strict=False):
        report.record(
            row,
            report.cols[period],
            vn_number(amount),
            outcome="quarantine",
            reason_code="unknown_indicator",
            period=period,
        )


def _unknown_indicator_row(report: _Report) -> None:
    """A percent row whose name is not in the plan."""
    report.stt += 1
    indicator = "Tỷ lệ chỉ tiêu không có trong kế hoạch"
    row = report.sheet.add([report.stt, indicator, "%", 100.0], kind="data")
    report.rec.context = {"indicator_raw": indicator, "area_raw": ""}
    values = [41.0, 47.5, 52.0, 55.5, 57.0, 58.5]
    for period, value in zip(report.periods[1:], values, strict=False):
        report.record(
            row,
            report.cols[period],
            value,
            outcome="quarantine",
            reason_code="unknown_indicator",
            period=period,
        )


def _get(sheet: Sheet, row: int, col: int) -> Any:
    cells = sheet.rows[row - 1]
    return cells[col - 1] if col <= len(cells) else None
