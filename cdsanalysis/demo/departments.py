"""Department reports (layout "report"): one per sector department, plus the industry
department's earlier year-end report with "Ước 2024" estimates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cdsanalysis.base.geography import VINTAGE_BEFORE
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
from cdsanalysis.demo.truth import DEPT_CODES, DEPT_TARGETS, PROVINCE, Dept, Truth


def _department_rows(dept: Dept, plan: Plan) -> list[tuple[str, str, str]]:
    """(section or indicator id, display name, kind) in report order."""
    name = {row.id: row.name_vi for row in plan.targets.itertuples()}
    alias = {row.id: row.aliases[0] for row in plan.targets.itertuples()}
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


def department_report(dept: Dept, truth: Truth, rec: Recorder, *, early: bool = False) -> DemoFile:
    plan = truth.plan
    if early:
        periods, labels = ["2023", "2024"], ["Năm 2023", "Ước 2024"]
        name = f"{FILE_PREFIX}{dept.slug}_bao-cao-nam-2024_uoc-2024.csv"
        place_date = "Bình Dương, ngày 10 tháng 12 năm 2024"
    else:
        periods = ["2022", "2023", "2024", "2025-H1", dept.last]
        labels = [period_label(p, "th" if p == "2022" else "nam") for p in periods]
        if dept.sector in ("industry", "agriculture"):
            labels[-1] = period_label(dept.last, "short")
        name = f"{FILE_PREFIX}{dept.slug}_2022-2025.{dept.fmt}"
        place_date = "Bình Dương, ngày 10 tháng 10 năm 2025"
    fmt = "csv" if early else dept.fmt
    decomposed = dept.sector == "environment"
    text: Callable[[str], str] = nfd if decomposed else (lambda s: s)
    style = {
        "urban": "num",
        "industry": "pct",
        "environment": "comma",
        "transport": "num",
        "agriculture": "comma",
        "health": "num",
        "education": "num",
        "culture_tourism": "pct",
    }[dept.sector]
    sheet = Sheet("Báo cáo" if not early else "Sheet1")
    file = DemoFile(
        name=name,
        layout="report",
        fmt=fmt,
        sheets=[sheet],
        meta=sidecar_meta("report", area=PROVINCE),
        description=f"{dept.name}: báo cáo "
        + ("cuối năm 2024 (Năm 2023, Ước 2024)" if early else "2022 – " + labels[-1]),
        bom=dept.sector == "culture_tourism",
    )
    add_motto(sheet, dept.name.upper(), "UBND TỈNH BÌNH DƯƠNG", 5)
    title = (
        f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2023-2025 ({SAMPLE_TAG})"
    )
    sheet.add([text(title)], kind="title")
    sheet.add([text(f"Đơn vị: {dept.name}")])
    sheet.add([text(f"Lĩnh vực: {dept.sector_line}")])
    sheet.add()
    two_rows = dept.sector in ("urban", "environment", "health", "education", "transport")
    first, cols = add_report_header(
        sheet,
        periods,
        [text(x) for x in labels],
        two_rows=two_rows and not early,
        plan_label="Kế hoạch 2025",
    )
    rec.col_periods = {cols[p]: text(x) for p, x in zip(periods, labels, strict=True)}
    stt = 0
    for key, display, kind in _department_rows(dept, plan):
        if kind == "section":
            if dept.sector in ("industry", "culture_tourism"):
                letter = "ABCD"["I. II. III. IV.".split().index(key)]
                sheet.add([None, text(f"{letter}. {display.upper()}")], kind="section")
            else:
                sheet.add([key, text(display)], kind="section")
            continue
        if early and key in ("soc.higher_vocational_dx_programmes",):
            continue
        stt += 1
        target = plan.target(key)["target"]
        plan_cell: Any = float(target) if fmt == "xlsx" else vn_number(target) + "%"
        row = sheet.add([stt, text(display), "%", plan_cell], kind="data")
        rec.context = {"indicator_raw": text(display), "area_raw": ""}
        for period in periods:
            col = cols[period]
            tkey = (key, dept.sector, PROVINCE, period)
            raw: Any
            fields: dict[str, Any] = {
                "indicator_id": key,
                "sector": dept.sector,
                "geo_code": PROVINCE,
                "geo_vintage": VINTAGE_BEFORE,
                "period": period,
                "period_kind": "estimate" if early and period == "2024" else "official",
            }
            if key == "plan.movement_plans_2023" and period != "2023":
                if dept.sector in ("urban", "health", "transport"):
                    continue  # left blank: not a record
                raw = "x"
                sheet.set(row, col, raw)
                rec.add(file, sheet, row, col, raw, outcome="no_data", **fields)
                continue
            if early and period == "2024":
                value = truth.estimates[tkey]
                raw = percent_cell(value, style)
                sheet.set(row, col, raw)
                rec.add(file, sheet, row, col, raw, value=value, **fields)
                continue
            value = truth.values[tkey]
            raw = percent_cell(value, style)
            outcome, reason = "clean", ""
            if early:
                outcome = "duplicate"  # repeats the later report exactly
            if (dept.sector, key) == ("agriculture", "gov.cashless_admin") and period < "2024":
                raw, outcome = "KPS", "no_data"
            if (dept.sector, key, period) == (
                "transport",
                "gov.transactions_e_authenticated",
                "2022",
            ):
                raw, outcome = "-", "no_data"
            if dept.sector == "transport" and key == "gov.dossiers_online":
                raw = vn_number(value) + "%"  # text among numbers, as pasted from another file
            if (dept.sector, key, period) == ("culture_tourism", "gov.satisfaction", "2025-H1"):
                raw, outcome, reason = "khoảng 80", "quarantine", "bad_value"
            sheet.set(row, col, raw)
            extra = {"value": value} if outcome in ("clean", "duplicate") else {}
            rec.add(
                file, sheet, row, col, raw, outcome=outcome, reason_code=reason, **fields, **extra
            )
    if dept.sector == "industry" and not early:
        # A context row the plan does not track: money, in Vietnamese thousands notation.
        stt += 1
        row = sheet.add(
            [f"{stt}", "Giá trị thanh toán trực tuyến phí, lệ phí", "Triệu đồng", None],
            kind="data",
        )
        rec.context = {"indicator_raw": "Giá trị thanh toán trực tuyến phí, lệ phí", "area_raw": ""}
        amounts = [1234.5, 2456.8, 3910.2, 2105.6, 3388.4]
        for period, amount in zip(periods, amounts, strict=True):
            raw = vn_number(amount)
            sheet.set(row, cols[period], raw)
            rec.add(
                file,
                sheet,
                row,
                cols[period],
                raw,
                outcome="quarantine",
                reason_code="unknown_indicator",
                period=period,
            )
    if dept.sector == "transport":
        stt += 1
        row = sheet.add([stt, "Tỷ lệ chỉ tiêu không có trong kế hoạch", "%", 100.0], kind="data")
        rec.context = {"indicator_raw": "Tỷ lệ chỉ tiêu không có trong kế hoạch", "area_raw": ""}
        for period, value in zip(periods[1:], [41.0, 47.5, 52.0, 55.5], strict=True):
            sheet.set(row, cols[period], value)
            rec.add(
                file,
                sheet,
                row,
                cols[period],
                value,
                outcome="quarantine",
                reason_code="unknown_indicator",
                period=period,
            )
    sheet.add()
    notes = [
        "Ghi chú: (1) Tỷ lệ tính trên tổng số thủ tục hành chính, hồ sơ, hệ thống thuộc phạm vi "
        "quản lý của đơn vị.",
        f"(2) {SAMPLE_TAG}: số liệu tổng hợp để minh họa, không phải số liệu thật.",
    ]
    if early:
        notes.append("(3) Số liệu năm 2024 là số ước tính, sẽ cập nhật khi có số chính thức.")
    for note in notes:
        sheet.add([text(note)])
    add_signature(sheet, place_date, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], 5)
    sheet.widths = {1: 6, 2: 62, 3: 10, 4: 12, **{c: 13 for c in cols.values()}}
    for r in range(first, len(sheet.rows) + 1):
        for c in cols.values():
            if isinstance(_get(sheet, r, c), float):
                sheet.formats[(r, c)] = "0.0"
    return file


def _get(sheet: Sheet, row: int, col: int) -> Any:
    cells = sheet.rows[row - 1]
    return cells[col - 1] if col <= len(cells) else None
