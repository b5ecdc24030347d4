"""Sở TT&TT's long files (layout "long"): province-wide series, province totals (and synthetic
ranks, for a rank without published figures), the 2022 district baseline, and the new
communes' and wards' rates with their counts from 2025-Q3."""

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
from cdsanalysis.demo.truth import (
    DISTRICTS,
    G4_GAPS,
    NAMES_2022,
    NEW_UNIT_INDICATORS,
    NEW_UNIT_PERIODS,
    PROVINCE,
    PROVINCE_PERIODS,
    Truth,
    area_vintage,
)

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
        expect = {k: v for k, v in item.items() if k not in columns and k not in _LONG_HEADER}
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
        name=f"{FILE_PREFIX}so-tttt_kinh-te-so-xa-hoi-so_2022-2025.csv",
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
    labels = {"2022": "Năm 2022", "2023": "2023", "2024": "Năm 2024", "2025": "Năm 2025"}
    estimate_labels = {"2024": "Ước 2024", "2025": "Ước thực hiện 2025"}
    rows = []
    indicators = [i for i in indicators if truth.has(i, "", PROVINCE, "2022")]
    for n, indicator in enumerate(indicators):
        # "Bình Dương" alone is read as the province up to 30/6/2025 only (after that it also
        # names a ward): values from then on name "Tỉnh Bình Dương"
        area = "Tỉnh Bình Dương" if n % 2 == 0 else "Bình Dương"
        for period in PROVINCE_PERIODS:
            written = "Tỉnh Bình Dương" if period == "2025" else area
            estimate = truth.estimates.get((indicator, "", PROVINCE, period))
            if estimate is not None:
                rows.append(
                    {
                        "Mã chỉ tiêu": indicator,
                        "Chỉ tiêu": plan.target(indicator)["name_vi"],
                        "Đơn vị hành chính": written,
                        "Kỳ báo cáo": estimate_labels[period],
                        "Giá trị": vn_number(estimate),
                        "Đơn vị tính": "%",
                        "Nguồn": _DEMO_SOURCE,
                        "Ghi chú": "Số ước tính",
                        "indicator_id": indicator,
                        "geo_code": PROVINCE,
                        "geo_vintage": area_vintage(PROVINCE, period),
                        "period": period,
                        "period_kind": "estimate",
                        "value": estimate,
                    }
                )
            value = truth.get(indicator, "", PROVINCE, period)
            rows.append(
                {
                    "Mã chỉ tiêu": indicator,
                    "Chỉ tiêu": plan.target(indicator)["name_vi"],
                    "Đơn vị hành chính": written,
                    "Kỳ báo cáo": labels.get(period) or period_label(period),
                    "Giá trị": vn_number(value) + ("%" if n % 3 == 0 else ""),
                    "Đơn vị tính": "%",
                    "Nguồn": _DEMO_SOURCE,
                    "Ghi chú": "Số chính thức" if period in ("2024", "2025") and n < 2 else None,
                    "indicator_id": indicator,
                    "geo_code": PROVINCE,
                    "geo_vintage": area_vintage(PROVINCE, period),
                    "period": period,
                    "value": value,
                }
            )
            if indicator == "soc.epayment_accounts" and period == "2024":
                rows.append(_bad_period_row(plan, indicator, area, value))
    _long_rows(file, sheet, rec, rows, _LONG_HEADER)
    return file


def _bad_period_row(plan, indicator: str, area: str, value: float) -> dict:
    """A row whose period does not exist ("Quý V/2024"): quarantined as bad_period."""
    return {
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


def province_government(truth: Truth, rec: Recorder) -> DemoFile:
    """Write the province totals of digital government, and the synthetic R1 ranks of the ranks
    without published figures on a second sheet when there are any.

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
        name=f"{FILE_PREFIX}so-tttt_chinh-quyen-so_2022-2025.xlsx",
        layout="long",
        fmt="xlsx",
        sheets=[gov],
        meta=sidecar_meta("long"),
        description="Sở TT&TT: tổng hợp toàn tỉnh chính quyền số (tên, bí danh), trừ các "
        "chỉ tiêu đã có số liệu công bố",
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
        for period in PROVINCE_PERIODS:
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
                    "geo_vintage": area_vintage(PROVINCE, period),
                    "period": period,
                    "value": value,
                }
            )
    _long_rows(file, gov, rec, rows, columns)
    gov.widths = {1: 6, 2: 60, 3: 18, 4: 10, 5: 22, 6: 10, 7: 10, 8: 36, 9: 30}

    if any(truth.has(i, "", PROVINCE, "2022") for i in _RANKS):
        file.sheets.append(ranks)
        _rank_rows(truth, file, ranks, rec)
    return file


_RANKS = [
    "rank.dti",
    "rank.ict_application",
    "rank.digital_government",
    "rank.digital_economy",
    "rank.cyber_security",
]


def _rank_rows(truth: Truth, file: DemoFile, ranks: Sheet, rec: Recorder) -> None:
    """The synthetic R1 ranks, one sheet of the province workbook (indicator ids, not names)."""
    columns = ["Mã chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Đơn vị tính",
               "Nguồn", "Ghi chú"]  # fmt: skip
    ranks.add([f"XẾP HẠNG MẪU CỦA TỈNH ({SAMPLE_TAG})"], kind="title")
    ranks.add(["Thứ hạng tổng hợp (synthetic), không phải kết quả xếp hạng đã công bố."])
    ranks.add(columns, kind="header")
    rows = []
    for indicator in [i for i in _RANKS if truth.has(i, "", PROVINCE, "2022")]:
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


def new_units_report(truth: Truth, rec: Recorder) -> DemoFile:
    """Write the new communes' and wards' rates with their counts (vintage 2025-07-01).

    G9c comes from all 36 units with its counts ("Tử số", "Mẫu số"), so the cleaner forms the
    former province's value; G4 lacks a few units (none at all, or the rate without its
    counts), so no territory value is formed and the clean report names them.

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
    sheet = Sheet("Xã phường mới")
    file = DemoFile(
        name=f"{FILE_PREFIX}xa-phuong-moi_quy-III-IV-2025.xlsx",
        layout="long",
        fmt="xlsx",
        sheets=[sheet],
        meta=sidecar_meta("long"),
        description="36 xã, phường mới (từ 1/7/2025): G9c, G4 quý III, IV/2025 với tử số, "
        "mẫu số (mã chỉ tiêu)",
    )
    columns = ["Mã chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Tử số", "Mẫu số",
               "Giá trị", "Đơn vị tính", "Ghi chú"]  # fmt: skip
    sheet.add(
        [f"SỐ LIỆU XÃ, PHƯỜNG SAU SẮP XẾP (TỪ 01/7/2025) - QUÝ III, IV/2025 ({SAMPLE_TAG})"],
        kind="title",
    )
    sheet.add(["Địa bàn tỉnh Bình Dương cũ, nay thuộc Thành phố Hồ Chí Minh"])
    sheet.add(columns, kind="header")
    rows = []
    for indicator in NEW_UNIT_INDICATORS:
        for period in NEW_UNIT_PERIODS:
            for code in truth.new_units():
                if not truth.has(indicator, "", code, period):
                    continue
                value = truth.get(indicator, "", code, period)
                numerator, denominator = truth.counts[(indicator, code, period)]
                if indicator == "gov.dossiers_online" and code in G4_GAPS[period][1]:
                    numerator = denominator = None  # the rate sent without its counts
                rows.append(
                    {
                        "Mã chỉ tiêu": indicator,
                        "Đơn vị hành chính": areas.loc[(code, VINTAGE_AFTER), "geo_name"],
                        "Kỳ báo cáo": period_label(period),
                        "Tử số": numerator,
                        "Mẫu số": denominator,
                        "Giá trị": value,
                        "Đơn vị tính": "%",
                        "indicator_id": indicator,
                        "geo_code": code,
                        "geo_vintage": VINTAGE_AFTER,
                        "period": period,
                        "value": value,
                        "numerator": numerator,
                        "denominator": denominator,
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
    sheet.widths = {1: 34, 2: 26, 3: 14, 4: 10, 5: 10, 6: 10, 7: 10, 8: 30}
    return file
