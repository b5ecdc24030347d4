"""Sở TT&TT's long files (layout "long"): province-wide series, province totals and synthetic
ranks, the 2022 district baseline, and "Quý III/2025" values on the new communes."""

from __future__ import annotations

from typing import Any

from cdsanalysis.base.geography import VINTAGE_AFTER, VINTAGE_BEFORE
from cdsanalysis.demo.cells import (
    FILE_PREFIX,
    SAMPLE_TAG,
    DemoFile,
    Recorder,
    Sheet,
    period_label,
    sidecar_meta,
    vn_number,
    without_ty_le,
)
from cdsanalysis.demo.truth import DISTRICTS, NAMES_2022, NEW_COMMUNES, PROVINCE, Truth

_LONG_HEADER = [
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
_DEMO_SOURCE = "Sở TT&TT - dữ liệu mẫu tổng hợp (synthetic)"


def _long_rows(
    file: DemoFile,
    sheet: Sheet,
    rec: Recorder,
    rows: list[dict],
    columns: list[str],
) -> None:
    """Append long-layout rows; each dict has the cells plus the expected record fields."""
    rec.col_periods = {}
    for item in rows:
        cells = [item.get(c) for c in columns]
        row = sheet.add(cells, kind="data")
        col = columns.index("Giá trị") + 1
        raw = item["Giá trị"]
        expect = {k: v for k, v in item.items() if k not in _LONG_HEADER and k != "STT"}
        rec.context = {
            "indicator_raw": str(item.get("Mã chỉ tiêu") or item.get("Chỉ tiêu") or ""),
            "area_raw": str(item.get("Đơn vị hành chính") or ""),
            "period_raw": str(item.get("Kỳ báo cáo") or ""),
        }
        rec.add(file, sheet, row, col, raw, **expect)
        if isinstance(raw, float):
            sheet.formats[(row, col)] = "0.0"


def province_econ_society(truth: Truth, rec: Recorder) -> DemoFile:
    """Write the province-wide digital economy and society series (CSV, ids and names).

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
    plan = truth.plan
    sheet = Sheet("data")
    file = DemoFile(
        name=f"{FILE_PREFIX}so-tttt_kinh-te-so-xa-hoi-so_2022-2025H1.csv",
        layout="long",
        fmt="csv",
        sheets=[sheet],
        meta=sidecar_meta("long"),
        description="Sở TT&TT: chỉ tiêu toàn tỉnh kinh tế số, xã hội số (mã và tên chỉ tiêu)",
    )
    sheet.add(["SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH BÌNH DƯƠNG"], kind="title")
    sheet.add([f"SỐ LIỆU CHỈ TIÊU KINH TẾ SỐ, XÃ HỘI SỐ TOÀN TỈNH ({SAMPLE_TAG})"], kind="title")
    sheet.add()
    sheet.add(_LONG_HEADER, kind="header")
    indicators = [
        "econ.digital_economy_grdp",
        "econ.labour_productivity_growth",
        "econ.sme_ecommerce",
        "econ.ecommerce_cashless",
        "soc.broadband_households",
        "soc.broadband_communes",
        "soc.mobile_4g5g_coverage",
        "soc.smartphone_ownership",
        "soc.epayment_accounts",
    ]
    labels = {"2022": "Năm 2022", "2023": "2023", "2024": "Năm 2024", "2025-H1": None}
    rows = []
    for n, indicator in enumerate(indicators):
        area = "Tỉnh Bình Dương" if n % 2 == 0 else "Bình Dương"
        for period in ["2022", "2023", "2024", "2025-H1"]:
            if period == "2024":
                estimate = truth.estimates.get((indicator, "", PROVINCE, "2024"))
                if estimate is not None:
                    rows.append(
                        {
                            "Mã chỉ tiêu": indicator,
                            "Chỉ tiêu": plan.target(indicator)["name_vi"],
                            "Đơn vị hành chính": area,
                            "Kỳ báo cáo": "Ước 2024",
                            "Giá trị": vn_number(estimate),
                            "Đơn vị tính": "%",
                            "Nguồn": _DEMO_SOURCE,
                            "Ghi chú": "Số ước tính",
                            "indicator_id": indicator,
                            "geo_code": PROVINCE,
                            "geo_vintage": VINTAGE_BEFORE,
                            "period": "2024",
                            "period_kind": "estimate",
                            "value": estimate,
                        }
                    )
            value = truth.get(indicator, "", PROVINCE, period)
            rows.append(
                {
                    "Mã chỉ tiêu": indicator,
                    "Chỉ tiêu": plan.target(indicator)["name_vi"],
                    "Đơn vị hành chính": area,
                    "Kỳ báo cáo": labels[period] or period_label(period),
                    "Giá trị": vn_number(value) + ("%" if n % 3 == 0 else ""),
                    "Đơn vị tính": "%",
                    "Nguồn": _DEMO_SOURCE,
                    "Ghi chú": "Số chính thức" if period == "2024" and n < 2 else None,
                    "indicator_id": indicator,
                    "geo_code": PROVINCE,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": period,
                    "value": value,
                }
            )
            if indicator == "econ.sme_ecommerce" and period == "2024":
                rows.append(
                    {
                        "Mã chỉ tiêu": indicator,
                        "Chỉ tiêu": plan.target(indicator)["name_vi"],
                        "Đơn vị hành chính": area,
                        "Kỳ báo cáo": "Quý V/2024",
                        "Giá trị": vn_number(value + 1.2),
                        "Đơn vị tính": "%",
                        "Nguồn": _DEMO_SOURCE,
                        "outcome": "quarantine",
                        "reason_code": "bad_period",
                    }
                )
    _long_rows(file, sheet, rec, rows, _LONG_HEADER)
    return file


def province_government(truth: Truth, rec: Recorder) -> DemoFile:
    """Write the province totals of digital government and the synthetic R1 ranks (two sheets).

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
    plan = truth.plan
    gov = Sheet("Chính quyền số")
    ranks = Sheet("Xếp hạng")
    file = DemoFile(
        name=f"{FILE_PREFIX}so-tttt_chinh-quyen-so-xep-hang_2022-2025H1.xlsx",
        layout="long",
        fmt="xlsx",
        sheets=[gov, ranks],
        meta=sidecar_meta("long"),
        description="Sở TT&TT: tổng hợp toàn tỉnh chính quyền số (tên, bí danh) và xếp hạng "
        "mẫu R1 (mã chỉ tiêu)",
    )
    columns = ["STT", "Chỉ tiêu", "Đơn vị hành chính", "Lĩnh vực", "Kỳ báo cáo", "Giá trị",
               "Đơn vị tính", "Nguồn", "Ghi chú"]  # fmt: skip
    gov.add([f"TỔNG HỢP CHỈ TIÊU CHÍNH QUYỀN SỐ TOÀN TỈNH ({SAMPLE_TAG})"], kind="title")
    gov.add(["Đơn vị báo cáo: Sở Thông tin và Truyền thông"])
    gov.add(columns, kind="header")
    order = [
        "plan.movement_plans_2023",
        "gov.online_services.full_partial",
        "gov.transactions_e_authenticated",
        "gov.online_services.mobile",
        "gov.dossiers_online",
        "gov.satisfaction",
        "gov.cashless_admin",
        "gov.systems_connected",
        "gov.data_not_resupplied",
        "gov.work_dossiers_online.province",
    ]
    rows = []
    stt = 0
    for n, indicator in enumerate(order):
        target = plan.target(indicator)
        display = target["aliases"][0] if n % 3 == 1 else target["name_vi"]
        if n % 3 == 2:
            display = without_ty_le(display)
        yes_no = target["unit"] == "yes_no"
        for period in ["2022", "2023", "2024", "2025-H1"]:
            key = (indicator, "", PROVINCE, period)
            if key not in truth.values:
                continue
            value = truth.values[key]
            stt += 1
            if yes_no:
                raw: Any = ("Đạt" if period == "2025-H1" else "Có") if value else "Không"
            else:
                raw = value
            rows.append(
                {
                    "STT": stt,
                    "Chỉ tiêu": display,
                    "Đơn vị hành chính": "Tỉnh Bình Dương",
                    "Kỳ báo cáo": period_label(period),
                    "Giá trị": raw,
                    "Đơn vị tính": "Có/Không" if yes_no else "%",
                    "Nguồn": _DEMO_SOURCE,
                    "indicator_id": indicator,
                    "geo_code": PROVINCE,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": period,
                    "value": value,
                }
            )
    _long_rows(file, gov, rec, rows, columns)
    gov.widths = {1: 6, 2: 60, 3: 18, 4: 10, 5: 22, 6: 10, 7: 10, 8: 36, 9: 30}

    _rank_rows(truth, file, ranks, rec)
    return file


def _rank_rows(truth: Truth, file: DemoFile, ranks: Sheet, rec: Recorder) -> None:
    """The synthetic R1 ranks, one sheet of the province workbook (indicator ids, not names)."""
    columns = ["Mã chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Đơn vị tính",
               "Nguồn", "Ghi chú"]  # fmt: skip
    ranks.add([f"XẾP HẠNG MẪU CỦA TỈNH ({SAMPLE_TAG})"], kind="title")
    ranks.add(["Thứ hạng tổng hợp (synthetic), không phải kết quả xếp hạng đã công bố."])
    ranks.add(columns, kind="header")
    rows = []
    for indicator in [
        "rank.dti",
        "rank.ict_application",
        "rank.digital_government",
        "rank.digital_economy",
        "rank.cyber_security",
    ]:
        for i, period in enumerate(["2022", "2023", "2024"]):
            value = truth.get(indicator, "", PROVINCE, period)
            # "7 (0,659)": the rank with its score, as the MIC tables print it.
            raw = f"{int(value)}/63" if i != 1 else f"{int(value)} (0,{800 - 4 * int(value)})"
            rows.append(
                {
                    "Mã chỉ tiêu": indicator,
                    "Đơn vị hành chính": "74",
                    "Kỳ báo cáo": period,
                    "Giá trị": raw,
                    "Đơn vị tính": "Hạng",
                    "Nguồn": _DEMO_SOURCE,
                    "Ghi chú": "Xếp hạng mẫu (synthetic)",
                    "indicator_id": indicator,
                    "geo_code": PROVINCE,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": period,
                    "value": value,
                }
            )
    _long_rows(file, ranks, rec, rows, columns)
    ranks.widths = {1: 28, 2: 18, 3: 12, 4: 12, 5: 10, 6: 36, 7: 28}


def district_baseline(truth: Truth, rec: Recorder) -> DemoFile:
    """Write the 2022 district baseline, with the district names of the time.

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
    plan = truth.plan
    sheet = Sheet("data")
    file = DemoFile(
        name=f"{FILE_PREFIX}so-tttt_cap-huyen_nam-2022.csv",
        layout="long",
        fmt="csv",
        sheets=[sheet],
        meta=sidecar_meta("long"),
        description="Sở TT&TT: số liệu cấp huyện năm 2022, tên đơn vị trước khi Tân Uyên, "
        "Bến Cát lên thành phố",
        bom=True,
    )
    columns = ["Chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Đơn vị tính", "Nguồn"]
    sheet.add([f"SỐ LIỆU CẤP HUYỆN NĂM 2022 ({SAMPLE_TAG})"], kind="title")
    sheet.add(columns, kind="header")
    rows = []
    for indicator in [
        "gov.dossiers_online",
        "gov.work_dossiers_online.district",
        "gov.satisfaction",
    ]:
        target = plan.target(indicator)
        for district in DISTRICTS:
            value = truth.get(indicator, "", district.code, "2022")
            display = (
                target["name_vi"] if int(district.code) % 2 else without_ty_le(target["name_vi"])
            )
            rows.append(
                {
                    "Chỉ tiêu": display,
                    "Đơn vị hành chính": NAMES_2022[district.code],
                    "Kỳ báo cáo": "Năm 2022",
                    "Giá trị": vn_number(value),
                    "Đơn vị tính": "%",
                    "Nguồn": _DEMO_SOURCE,
                    "indicator_id": indicator,
                    "geo_code": district.code,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": "2022",
                    "value": value,
                }
            )
    _long_rows(file, sheet, rec, rows, columns)
    return file


def new_communes_q3(truth: Truth, rec: Recorder) -> DemoFile:
    """Write "Quý III/2025" values of the new communes (vintage 2025-07-01).

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
    areas = truth.areas.set_index(["geo_code", "geo_vintage"])
    sheet = Sheet("Quý III-2025")
    file = DemoFile(
        name=f"{FILE_PREFIX}xa-phuong-moi_quy-III-2025.xlsx",
        layout="long",
        fmt="xlsx",
        sheets=[sheet],
        meta=sidecar_meta("long"),
        description="Xã, phường mới (từ 1/7/2025): G9c, G4 quý III/2025 (mã chỉ tiêu)",
    )
    columns = ["Mã chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Đơn vị tính",
               "Ghi chú"]  # fmt: skip
    sheet.add(
        [f"SỐ LIỆU XÃ, PHƯỜNG SAU SẮP XẾP (TỪ 01/7/2025) - QUÝ III/2025 ({SAMPLE_TAG})"],
        kind="title",
    )
    sheet.add(["Địa bàn tỉnh Bình Dương cũ, nay thuộc Thành phố Hồ Chí Minh"])
    sheet.add(columns, kind="header")
    rows = []
    for indicator in ["gov.work_dossiers_online.commune", "gov.dossiers_online"]:
        for code in NEW_COMMUNES:
            value = truth.get(indicator, "", code, "2025-Q3")
            rows.append(
                {
                    "Mã chỉ tiêu": indicator,
                    "Đơn vị hành chính": areas.loc[(code, VINTAGE_AFTER), "geo_name"],
                    "Kỳ báo cáo": "Quý III/2025",
                    "Giá trị": value,
                    "Đơn vị tính": "%",
                    "indicator_id": indicator,
                    "geo_code": code,
                    "geo_vintage": VINTAGE_AFTER,
                    "period": "2025-Q3",
                    "value": value,
                }
            )
    rows.append(
        {
            "Mã chỉ tiêu": "gov.work_dossiers_online.commune",
            "Đơn vị hành chính": "Phường Không Có",
            "Kỳ báo cáo": "Quý III/2025",
            "Giá trị": 58.0,
            "Đơn vị tính": "%",
            "Ghi chú": "đơn vị không có trong danh mục",
            "indicator_id": "gov.work_dossiers_online.commune",
            "period": "2025-Q3",
            "outcome": "quarantine",
            "reason_code": "unknown_area",
        }
    )
    _long_rows(file, sheet, rec, rows, columns)
    sheet.widths = {1: 34, 2: 26, 3: 14, 4: 10, 5: 10, 6: 30}
    return file
