"""District-level files: each district's report (G4, G9b), its communes × periods matrix (G9c,
and G4 for the Excel ones), and Sở TT&TT's districts × periods matrix of satisfaction (G5)."""

from __future__ import annotations

from typing import Any

from cdsanalysis.base.geography import VINTAGE_BEFORE
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
)
from cdsanalysis.demo.truth import COMMUNE_PERIODS, DISTRICTS, District, Truth


def district_report(district: District, truth: Truth, rec: Recorder) -> DemoFile:
    """Write one district's report: G4 and G9b for 2023, 2024 and 2025-H1.

    Parameters
    ----------
    truth : Truth
        The values to write.
    rec : Recorder
        Receives the expected outcome of every cell written.
    district : District
        The district-level unit that sends the file.

    Returns
    -------
    DemoFile
    """
    plan = truth.plan
    periods = ["2023", "2024", "2025-H1"]
    labels = [period_label(p) for p in periods]
    sheet = Sheet("BC 6T2025")
    name = f"{FILE_PREFIX}ubnd-{district.slug}_2023-2025H1.{district.fmt}"
    file = DemoFile(
        name=name,
        layout="report",
        fmt=district.fmt,
        sheets=[sheet],
        meta=sidecar_meta("report"),
        description=f"{district.unit}: báo cáo G4, G9b 2023 – 6 tháng đầu năm 2025",
    )
    add_motto(sheet, district.unit.upper(), "TỈNH BÌNH DƯƠNG", 5)
    sheet.add([f"BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ 6 THÁNG ĐẦU NĂM 2025 ({SAMPLE_TAG})"], kind="title")
    sheet.add([f"Đơn vị: {district.unit}"])
    sheet.add()
    first, cols = add_report_header(
        sheet, periods, labels, two_rows=district.fmt == "xlsx", plan_label="Kế hoạch 2025"
    )
    rec.col_periods = {cols[p]: x for p, x in zip(periods, labels, strict=True)}
    sheet.add([None, "A. CHÍNH QUYỀN SỐ"], kind="section")
    rows = [
        ("gov.dossiers_online", plan.target("gov.dossiers_online")["name_vi"]),
        (
            "gov.work_dossiers_online.district",
            plan.target("gov.work_dossiers_online.district")["aliases"][1]
            if district.code in ("720", "725")
            else plan.target("gov.work_dossiers_online.district")["name_vi"],
        ),
    ]
    for stt, (indicator, display) in enumerate(rows, start=1):
        target = plan.target(indicator)["target"]
        style = "num" if district.fmt == "xlsx" else "pct"
        plan_cell = float(target) if district.fmt == "xlsx" else vn_number(target) + "%"
        row = sheet.add([stt, display, "%", plan_cell], kind="data")
        rec.context = {"indicator_raw": display, "area_raw": ""}
        for period in periods:
            value = truth.get(indicator, "", district.code, period)
            raw = percent_cell(value, style)
            fields = {
                "indicator_id": indicator,
                "geo_code": district.code,
                "geo_vintage": VINTAGE_BEFORE,
                "period": period,
            }
            if district.code == "720" and indicator == "gov.dossiers_online" and period == "2024":
                raw = "112%"
                sheet.set(row, cols[period], raw)
                rec.add(
                    file,
                    sheet,
                    row,
                    cols[period],
                    raw,
                    outcome="quarantine",
                    reason_code="out_of_range",
                    **fields,
                )
                continue
            sheet.set(row, cols[period], raw)
            rec.add(file, sheet, row, cols[period], raw, value=value, **fields)
            if isinstance(raw, float):
                sheet.formats[(row, cols[period])] = "0.0"
    sheet.add()
    sheet.add([f"Ghi chú: {SAMPLE_TAG}: số liệu tổng hợp để minh họa, không phải số liệu thật."])
    add_signature(
        sheet,
        f"{district.place}, ngày 27 tháng 6 năm 2025",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        5,
    )
    sheet.widths = {1: 6, 2: 62, 3: 10, 4: 12, **{c: 14 for c in cols.values()}}
    return file


def _commune_name(district: str, name: str) -> str:
    """Write commune names the way each district does."""
    if district == "724":  # abbreviated type word
        return name.replace("Phường ", "P. ", 1) if name != "Phường Tân Bình" else "P.Tân Bình"
    if district == "725":  # NFD, as exported by some tools
        return nfd(name)
    if district == "720":  # new-style tone marks, where GSO writes the old style
        return name.replace("Hoà", "Hòa")
    return name


def commune_matrix(district: District, truth: Truth, rec: Recorder) -> DemoFile:
    """Write one district's communes × periods matrix: G9c, and G4 on a second sheet in Excel.

    Parameters
    ----------
    truth : Truth
        The values to write.
    rec : Recorder
        Receives the expected outcome of every cell written.
    district : District
        The district-level unit that sends the file.

    Returns
    -------
    DemoFile
    """
    plan = truth.plan
    communes = truth.communes(district.code)
    labels = [period_label(p) for p in COMMUNE_PERIODS]
    style = "num"
    if district.code == "722":
        style = "frac_num"
    elif district.fmt == "csv":
        style = "frac_text" if district.code == "719" else "comma"
    name = f"{FILE_PREFIX}ubnd-{district.slug}_cap-xa_2022-2025H1.{district.fmt}"
    file = DemoFile(
        name=name,
        layout="matrix",
        fmt=district.fmt,
        sheets=[],
        meta=sidecar_meta("matrix"),
        description=f"{district.unit}: xã, phường × kỳ (G9c"
        + (", G4)" if district.fmt == "xlsx" else ")")
        + (", tỷ lệ ghi dạng phân số" if style.startswith("frac") else ""),
    )
    indicators = ["gov.work_dossiers_online.commune"]
    if district.fmt == "xlsx":
        indicators.append("gov.dossiers_online")
    for indicator in indicators:
        sheet_name = (
            "Hồ sơ công việc cấp xã"
            if indicator.endswith("commune")
            else ("Tỷ lệ hồ sơ trực tuyến")
        )
        sheet = Sheet(sheet_name)
        file.sheets.append(sheet)
        sheet.add([district.unit.upper()], kind="title")
        sheet.add([f"TỔNG HỢP SỐ LIỆU CẤP XÃ, PHƯỜNG, THỊ TRẤN ({SAMPLE_TAG})"], kind="title")
        sheet.add([f"Chỉ tiêu: {plan.target(indicator)['name_vi']}"])
        sheet.add(["(ĐVT: %)"])
        area_header = "Địa bàn" if district.code == "726" else "Đơn vị hành chính"
        sheet.add(["STT", area_header, *labels], kind="header")
        rec.col_periods = {3 + i: x for i, x in enumerate(labels)}
        for stt, area in enumerate(communes.itertuples(), start=1):
            geo_name = area.geo_name
            if district.code == "718":
                # GSO's own list writes these with old-style tone marks.
                geo_name = {
                    "Phường Định Hòa": "Phường Định Hoà",
                    "Phường Hòa Phú": "Phường Hoà Phú",
                }.get(geo_name, geo_name)
            written = _commune_name(district.code, geo_name)
            row = sheet.add([stt, written], kind="data")
            rec.context = {"indicator_raw": plan.target(indicator)["name_vi"], "area_raw": written}
            for i, period in enumerate(COMMUNE_PERIODS):
                col = 3 + i
                value = truth.get(indicator, "", area.geo_code, period)
                raw, expected, number_format = _commune_cell(
                    (district.code, stt, period, indicator), value, style
                )
                sheet.set(row, col, raw)
                rec.add(
                    file,
                    sheet,
                    row,
                    col,
                    raw,
                    indicator_id=indicator,
                    geo_code=area.geo_code,
                    geo_vintage=VINTAGE_BEFORE,
                    period=period,
                    **expected,
                )
                if number_format:
                    sheet.formats[(row, col)] = number_format
        sheet.widths = {1: 6, 2: 30, **{3 + i: 14 for i in range(len(labels))}}
    return file


def _commune_cell(
    where: tuple[str, int, str, str], value: float, style: str
) -> tuple[Any, dict[str, Any], str]:
    """The cell of one commune and period, its expected outcome and its number format.

    ``where`` is (district code, row number, period, indicator): a few cells are bad on purpose.
    """
    district, stt, period, _ = where
    if where == ("723", 4, "2024", "gov.work_dossiers_online.commune"):
        return 112.0, {"outcome": "quarantine", "reason_code": "out_of_range"}, ""
    if (district, stt, period) in (("719", 2, "2022"), ("726", 5, "2023-H1")):
        return "-", {"outcome": "no_data"}, ""
    if (district, stt, period) == ("724", 3, "2022"):
        return "KPS", {"outcome": "no_data"}, ""
    raw = percent_cell(value, style)
    if style.startswith("frac"):
        value = round(round(value / 100.0, 3) * 100.0, 1)
    number_format = {"num": "0.0", "frac_num": "0.0%"}.get(style, "")
    return raw, {"value": value}, number_format


def district_satisfaction_matrix(truth: Truth, rec: Recorder) -> DemoFile:
    """Write Sở TT&TT's districts × periods matrix of G5; the sheet name is the indicator.

    Parameters
    ----------
    truth : Truth
        The values to write.
    rec : Recorder
        Receives the expected outcome of every cell written.

    Returns
    -------
    DemoFile
    """
    periods = ["2023", "2024", "2025-H1"]
    sheet = Sheet("Mức độ hài lòng")  # an alias of G5: the sheet name names the indicator
    file = DemoFile(
        name=f"{FILE_PREFIX}so-tttt_hai-long-cap-huyen_2023-2025H1.xlsx",
        layout="matrix",
        fmt="xlsx",
        sheets=[sheet],
        meta=sidecar_meta("matrix", unit="percent"),
        description="Sở TT&TT: huyện × kỳ, G5 (tên sheet là bí danh của chỉ tiêu)",
    )
    add_motto(sheet, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH BÌNH DƯƠNG", 4)
    sheet.add([f"KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG CẤP HUYỆN ({SAMPLE_TAG})"], kind="title")
    sheet.add(["STT", "Đơn vị hành chính", *[period_label(p) for p in periods]], kind="header")
    rec.col_periods = {3 + i: period_label(p) for i, p in enumerate(periods)}
    areas = truth.areas.set_index(["geo_code", "geo_vintage"])
    for stt, district in enumerate(DISTRICTS, start=1):
        geo_name = areas.loc[(district.code, VINTAGE_BEFORE), "geo_name"]
        row = sheet.add([stt, geo_name], kind="data")
        rec.context = {"indicator_raw": sheet.name, "area_raw": geo_name}
        for i, period in enumerate(periods):
            value = truth.get("gov.satisfaction", "", district.code, period)
            sheet.set(row, 3 + i, value)
            sheet.formats[(row, 3 + i)] = "0.0"
            rec.add(
                file,
                sheet,
                row,
                3 + i,
                value,
                value=value,
                indicator_id="gov.satisfaction",
                geo_code=district.code,
                geo_vintage=VINTAGE_BEFORE,
                period=period,
            )
    sheet.add()
    sheet.add(["Ghi chú: tỷ lệ người dân, doanh nghiệp hài lòng (%), khảo sát mẫu."])
    place_date = "Bình Dương, ngày 15 tháng 7 năm 2025"
    add_signature(sheet, place_date, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], 4)
    sheet.widths = {1: 6, 2: 30, 3: 14, 4: 14, 5: 20}
    return file
