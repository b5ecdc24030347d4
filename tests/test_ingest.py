"""Raw readers: the three layouts in XLSX and CSV, as agencies write them, end to end through
``clean_raw`` (exact values, units, periods, area codes and provenance of every record)."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cdsanalysis import ingest
from cdsanalysis.clean.run import CleanError, clean_raw

OBS_KEYS = [
    "indicator_id",
    "sector",
    "geo_code",
    "geo_level",
    "geo_vintage",
    "period",
    "period_kind",
    "value",
    "unit",
    "provenance",
    "source_ref",
]


def _sheet(wb: openpyxl.Workbook, title: str, cells: dict, merges: tuple = ()):
    ws = wb.create_sheet(title)
    for ref, value in cells.items():
        ws[ref] = value
    for rng in merges:
        ws.merge_cells(rng)
    return ws


def _workbook(path: Path, sheets: list[tuple[str, dict, tuple]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, cells, merges in sheets:
        _sheet(wb, title, cells, merges)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _observations(out: Path) -> pd.DataFrame:
    frame = pd.read_csv(out / "observations.csv", dtype=str, keep_default_na=False)
    frame["value"] = frame["value"].astype(float)
    return frame


def _records(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=OBS_KEYS)
    frame["value"] = frame["value"].astype(float)
    return frame


def _same(result: pd.DataFrame, expected: pd.DataFrame) -> None:
    got = result[OBS_KEYS].sort_values(["source_ref"]).reset_index(drop=True)
    want = expected.sort_values(["source_ref"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


# ---------------------------------------------------------------------------------------------
# report layout
# ---------------------------------------------------------------------------------------------

REPORT_CELLS = {
    "A1": "UBND TỈNH BÌNH DƯƠNG",
    "E1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "A2": "UBND THÀNH PHỐ DĨ AN",
    "E2": "Độc lập - Tự do - Hạnh phúc",
    "A4": "BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2024",
    "A5": "Đơn vị: UBND thành phố Dĩ An",
    "A6": "Lĩnh vực: Y tế",
    "A8": "STT",
    "B8": "Chỉ tiêu",
    "C8": "Đơn vị tính",
    "D8": "Kế hoạch 2025",
    "E8": "Thực hiện",
    "G8": "Ước thực hiện",
    "E9": "Năm 2023",
    "F9": "Năm 2024",
    "G9": "6 tháng đầu năm 2025",
    "A10": "I.",
    "B10": "A. CHÍNH QUYỀN SỐ",
    "A11": 1,
    "B11": "Tỷ lệ hồ sơ trực tuyến",
    "C11": "%",
    "D11": 50,
    "E11": 42.5,
    "F11": "48,2%",
    "G11": 49,
    "A12": 2,
    "B12": "TỶ LỆ NGƯỜI DÂN VÀ DOANH NGHIỆP HÀI LÒNG VỀ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    "C12": "%",
    "D12": 90,
    "E12": 85,
    "F12": "-",
    "A13": "II.",
    "B13": "B. KINH TẾ SỐ",
    "A14": 3,
    "B14": "  Tỷ trọng kinh tế số ngành y tế ",
    "C14": "%",
    "D14": 10,
    "F14": 7.5,
    "A16": "Ghi chú: số liệu năm 2024 là số liệu chính thức.",
    "A17": "Nguồn: Văn phòng UBND thành phố Dĩ An",
    "E19": "Dĩ An, ngày 10 tháng 01 năm 2025",
    "B20": "NGƯỜI LẬP BIỂU",
    "E20": "KT. CHỦ TỊCH",
    "E21": "PHÓ CHỦ TỊCH",
}
REPORT_MERGES = ("A4:G4", "A8:A9", "B8:B9", "C8:C9", "D8:D9", "E8:F8", "E20:G20")


def test_report_layout_xlsx(tmp_path):
    raw = tmp_path / "raw"
    _workbook(raw / "di-an" / "bao_cao_2024.xlsx", [("BC 2024", REPORT_CELLS, REPORT_MERGES)])
    result = clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    off, est = "official", "estimate"
    expected = _records(
        [
            ("gov.dossiers_online", "health", "724", "district", "2025-01-04", "2023", off, 42.5,
             "percent", "official", "BC 2024!E11"),
            ("gov.dossiers_online", "health", "724", "district", "2025-01-04", "2024", off, 48.2,
             "percent", "official", "BC 2024!F11"),
            ("gov.dossiers_online", "health", "724", "district", "2025-01-04", "2025-H1", est, 49,
             "percent", "official", "BC 2024!G11"),
            ("gov.satisfaction", "health", "724", "district", "2025-01-04", "2023", off, 85,
             "percent", "official", "BC 2024!E12"),
            ("econ.digital_economy_share.health", "health", "724", "district", "2025-01-04",
             "2024", off, 7.5, "percent", "official", "BC 2024!F14"),
        ]
    )  # fmt: skip
    _same(obs, expected)
    assert set(obs["source"]) == {"Văn phòng UBND thành phố Dĩ An"}  # the "Nguồn:" note
    assert set(obs["source_file"]) == {"di-an/bao_cao_2024.xlsx"}
    entry = result.files[0]
    assert entry["layout"] == "report" and entry["status"] == "ok"
    # 6 values + the "-" marker; the plan column holds 3 target cells, never observations
    assert (entry["records_read"], entry["records_no_data"], entry["target_cells"]) == (6, 1, 3)


def test_report_without_area_is_the_province_and_agency_is_the_source(tmp_path):
    cells = {
        "A1": "SỞ Y TẾ",
        "A3": "Đơn vị: Sở Y tế",
        "A5": "STT",
        "B5": "Chỉ tiêu",
        "C5": "ĐVT",
        "D5": "Năm 2024",
        "A6": 1,
        "B6": "Tỷ lệ hồ sơ trực tuyến",
        "C6": "%",
        "D6": 61.5,
    }
    raw = tmp_path / "raw"
    _workbook(raw / "so-y-te.xlsx", [("Báo cáo", cells, ())])
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    assert obs[["geo_code", "geo_level", "value", "source"]].values.tolist() == [
        ["74", "province", 61.5, "Sở Y tế"]
    ]
    assert "read as the province" in obs["note"][0]


# ---------------------------------------------------------------------------------------------
# matrix layout
# ---------------------------------------------------------------------------------------------


def test_matrix_layout_xlsx_areas_by_periods(tmp_path):
    cells = {
        "A1": "TỈNH BÌNH DƯƠNG",
        "A2": "TỶ LỆ HỒ SƠ GIẢI QUYẾT THEO DỊCH VỤ CÔNG TRỰC TUYẾN TOÀN TRÌNH VÀ MỘT PHẦN "
        "TRÊN TỔNG SỐ HỒ SƠ",
        "A3": "(ĐVT: %)",
        "A5": "STT",
        "B5": "Huyện, thành phố",
        "C5": "Kết quả thực hiện",
        "C6": "Năm 2023",
        "D6": "Quý IV/2024",
        "E6": "6 tháng đầu năm 2025",
        "A7": 1,
        "B7": "Dĩ An",  # also a phường: the column of districts decides
        "C7": 40,
        "D7": 55.5,
        "A8": 2,
        "B8": "TP. Thuận An",
        "C8": 41,
        "E8": "KPS",
        "A9": 3,
        "B9": "Thị xã Tân Uyên",  # the name of the time
        "C9": 30,
        "A10": "",
        "B10": "Toàn tỉnh",
        "C10": 38,
        "A12": "Ghi chú: số liệu tổng hợp.",
        "B14": "THỦ TRƯỞNG ĐƠN VỊ",
    }
    raw = tmp_path / "raw"
    _workbook(
        raw / "published" / "ho-so.xlsx",
        [("Sheet1", cells, ("A2:E2", "A5:A6", "B5:B6", "C5:E5"))],
    )
    result = clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    ind, pub, off = "gov.dossiers_online", "published", "official"
    expected = _records(
        [
            (ind, "", "724", "district", "2025-01-04", "2023", off, 40, "percent", pub,
             "Sheet1!C7"),
            (ind, "", "724", "district", "2025-01-04", "2024-Q4", off, 55.5, "percent", pub,
             "Sheet1!D7"),
            (ind, "", "725", "district", "2025-01-04", "2023", off, 41, "percent", pub,
             "Sheet1!C8"),
            (ind, "", "723", "district", "2025-01-04", "2023", off, 30, "percent", pub,
             "Sheet1!C9"),
            (ind, "", "74", "province", "2025-01-04", "2023", off, 38, "percent", pub,
             "Sheet1!C10"),
        ]
    )  # fmt: skip
    _same(obs, expected)
    entry = result.files[0]
    assert (entry["layout"], entry["records_read"], entry["records_no_data"]) == ("matrix", 6, 1)


def test_matrix_layout_xlsx_areas_by_indicators(tmp_path):
    cells = {
        "A1": "KẾT QUẢ CHUYỂN ĐỔI SỐ CẤP XÃ",
        "A2": "Kỳ báo cáo: Năm 2024",
        "A4": "Xã, phường, thị trấn",
        "B4": "Tỷ lệ hồ sơ trực tuyến (%)",
        "C4": "Hồ sơ công việc xử lý trên môi trường mạng cấp xã (%)",
        "A5": "Phường Hoà Phú",  # old-style tone mark, as in the GSO list
        "B5": 0.62,
        "C5": 0.71,
        "A6": "Xã An Lập",
        "B6": 0.5,
        "C6": 0.805,
    }
    raw = tmp_path / "raw"
    _workbook(raw / "demo" / "cap-xa.xlsx", [("Cấp xã", cells, ())])
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    syn, off, v = "synthetic", "official", "2025-01-04"
    work = "gov.work_dossiers_online.commune"
    expected = _records(
        [
            ("gov.dossiers_online", "", "25760", "commune", v, "2024", off, 62, "percent", syn,
             "Cấp xã!B5"),
            (work, "", "25760", "commune", v, "2024", off, 71, "percent", syn, "Cấp xã!C5"),
            ("gov.dossiers_online", "", "25801", "commune", v, "2024", off, 50, "percent", syn,
             "Cấp xã!B6"),
            (work, "", "25801", "commune", v, "2024", off, 80.5, "percent", syn, "Cấp xã!C6"),
        ]
    )  # fmt: skip
    _same(obs, expected)
    # fractions in a percent column are read ×100 and say so
    assert obs["note"].str.contains("read as fractions").all()


# ---------------------------------------------------------------------------------------------
# long layout
# ---------------------------------------------------------------------------------------------


def test_long_layout_xlsx(tmp_path):
    cells = {
        "A1": "SỐ LIỆU CHUYỂN ĐỔI SỐ (tổng hợp)",
        "A3": "Mã chỉ tiêu",
        "B3": "Địa bàn",
        "C3": "Lĩnh vực",
        "D3": "Kỳ",
        "E3": "Giá trị",
        "F3": "Đơn vị tính",
        "G3": "Ghi chú",
        "H3": "Provenance",
        "A4": "rank.dti",
        "B4": "Tỉnh Bình Dương",
        "D4": 2023,
        "E4": "7 (0,659)",
        "F4": "Hạng",
        "H4": "published",
        "A5": "gov.dossiers_online",
        "B5": "Phường Lái Thiêu",
        "C5": "Giáo dục",
        "D5": "Quý III/2025",  # after 1/7/2025: the new commune, same code, new vintage
        "E5": 66.6,
        "F5": "%",
        "A6": "gov.dossiers_online",
        "C6": "Giáo dục",
        "D6": "Quý IV/2024",
        "E6": 60,
        "F6": "%",
        "G6": "=ước tính",
        "A7": "gov.online_services.mobile",
        "B7": 74,
        "D7": "Năm 2024",
        "E7": "Có",
        "A9": "Ghi chú: tổng hợp từ báo cáo các sở.",
        "B11": "NGƯỜI LẬP BIỂU",
        "E11": "THỦ TRƯỞNG ĐƠN VỊ",
        "E12": "Nguyễn Văn A",
    }
    raw = tmp_path / "raw"
    # the title is merged across the table; one area cell is merged over two rows
    _workbook(raw / "tong-hop.xlsx", [("Dữ liệu", cells, ("A1:H1", "B5:B6"))])
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    off = "official"
    expected = _records(
        [
            ("rank.dti", "", "74", "province", "2025-01-04", "2023", off, 7, "rank",
             "published", "Dữ liệu!E4"),
            ("gov.dossiers_online", "education", "25966", "commune", "2025-07-01", "2025-Q3",
             off, 66.6, "percent", off, "Dữ liệu!E5"),
            ("gov.dossiers_online", "education", "25966", "commune", "2025-01-04", "2024-Q4",
             off, 60, "percent", off, "Dữ liệu!E6"),
            ("gov.online_services.mobile", "", "74", "province", "2025-01-04", "2024", off, 1,
             "yes_no", off, "Dữ liệu!E7"),
        ]
    )  # fmt: skip
    _same(obs, expected)
    notes = dict(zip(obs["source_ref"], obs["note"], strict=True))
    assert notes["Dữ liệu!E4"] == "score 0.659"
    assert notes["Dữ liệu!E6"] == "'=ước tính"  # neutralised in the CSV


def test_long_csv_with_vietnamese_numbers(tmp_path):
    text = (
        "BÁO CÁO SỐ LIỆU\n"
        "\n"
        "Chỉ tiêu;Đơn vị hành chính;Kỳ báo cáo;Giá trị;Đơn vị tính;Nguồn\n"
        "Tỷ lệ hồ sơ trực tuyến;TP. Thủ Dầu Một;Năm 2024;85,5%;%;Sở TT&TT\n"
        "Tỷ lệ DVCTT toàn trình và một phần;Huyện Bàu Bàng;Ước 2024;99,25;%;\n"
        "econ.labour_productivity_growth;Bình Dương;2023;-2,5;%;Cục Thống kê\n"
        "rank.ict_application;74;Năm 2022;19/63;;\n"
        "Tăng năng suất lao động;74;Sơ bộ 2024;6,1;%;\n"
        "Tỷ lệ hồ sơ trực tuyến;Thị xã Bến Cát;2023;x;%;\n"
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "so-lieu.csv").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    result = clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    off = "official"
    expected = _records(
        [
            ("gov.dossiers_online", "", "718", "district", "2025-01-04", "2024", off, 85.5,
             "percent", off, "D4"),
            ("gov.online_services.full_partial", "", "719", "district", "2025-01-04", "2024",
             "estimate", 99.25, "percent", off, "D5"),
            ("econ.labour_productivity_growth", "", "74", "province", "2025-01-04", "2023", off,
             -2.5, "percent", off, "D6"),
            ("rank.ict_application", "", "74", "province", "2025-01-04", "2022", off, 19,
             "rank", off, "D7"),
            ("econ.labour_productivity_growth", "", "74", "province", "2025-01-04", "2024",
             "preliminary", 6.1, "percent", off, "D8"),
        ]
    )  # fmt: skip
    _same(obs, expected)
    assert result.records_no_data == 1
    # a negative number stays a number in the CSV (never neutralised)
    line = (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8")
    assert ",-2.5," in line


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed â, ơ, ư..., combining tones."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_encodings_read_the_same(tmp_path, encoding):
    text = 'Chỉ tiêu,Địa bàn,Kỳ,Giá trị\nTỷ lệ hồ sơ trực tuyến,Phường Hòa Phú,Năm 2024,"71,2"\n'
    raw = tmp_path / "raw"
    raw.mkdir()
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    (raw / "x.csv").write_bytes(data)
    result = clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    assert obs[["indicator_id", "geo_code", "value"]].values.tolist() == [
        ["gov.dossiers_online", "25760", 71.2]
    ]
    message = result.files[0]["message"]
    assert ("Windows-1258" in message) == (encoding == "cp1258")


def test_csv_tab_delimited(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x.csv").write_text(
        "Indicator\tArea\tPeriod\tValue\ngov.satisfaction\t724\t2024-Q2\t91.5\n", encoding="utf-8"
    )
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    assert obs[["indicator_id", "geo_code", "period", "value"]].values.tolist() == [
        ["gov.satisfaction", "724", "2024-Q2", 91.5]
    ]


def test_sidecar_states_what_the_file_does_not(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "data.csv").write_text('Kỳ,Giá trị\n2023,"45,5"\n2024,50\n', encoding="utf-8")
    (raw / "data.csv.meta.yaml").write_text(
        "indicator: Tỷ lệ hồ sơ trực tuyến\n"
        "area: '724'\n"
        "sector: Y tế\n"
        "unit: '%'\n"
        "source: Sở Y tế\n"
        "provenance: published\n"
        "layout: long\n",
        encoding="utf-8",
    )
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    got = obs[["indicator_id", "sector", "geo_code", "period", "value", "provenance", "source"]]
    assert got.values.tolist() == [
        ["gov.dossiers_online", "health", "724", "2023", 45.5, "published", "Sở Y tế"],
        ["gov.dossiers_online", "health", "724", "2024", 50.0, "published", "Sở Y tế"],
    ]


def test_sidecar_names_the_indicator_of_a_matrix(tmp_path):
    cells = {"A1": "Đơn vị", "B1": "Năm 2023", "C1": "Năm 2024", "A2": "724", "B2": 1, "C2": 2}
    raw = tmp_path / "raw"
    _workbook(raw / "m.xlsx", [("Sheet", cells, ())])
    (raw / "m.xlsx.meta.yaml").write_text("indicator: soc.broadband_communes\n", "utf-8")
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    assert obs["indicator_id"].tolist() == ["soc.broadband_communes"] * 2


def test_bad_sidecar_is_unusable_input(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "data.csv").write_text("Chỉ tiêu,Địa bàn,Kỳ,Giá trị\n", encoding="utf-8")
    (raw / "data.csv.meta.yaml").write_text("layout: sideways\n", encoding="utf-8")
    with pytest.raises(CleanError, match=r"data\.csv.*sideways"):
        clean_raw(raw, tmp_path / "out")


# ---------------------------------------------------------------------------------------------
# reader details
# ---------------------------------------------------------------------------------------------


def test_formula_without_cached_value_is_a_bad_value(tmp_path):
    cells = {
        "A1": "Chỉ tiêu",
        "B1": "Địa bàn",
        "C1": "Kỳ",
        "D1": "Giá trị",
        "A2": "gov.dossiers_online",
        "B2": "724",
        "C2": "2024",
        "D2": "=SUM(1,2)",  # openpyxl writes no cached value
    }
    raw = tmp_path / "raw"
    _workbook(raw / "f.xlsx", [("S", cells, ())])
    clean_raw(raw, tmp_path / "out")
    quarantine = pd.read_csv(tmp_path / "out" / "quarantine.csv", dtype=str)
    row = quarantine.iloc[0]
    assert (row["source_ref"], row["reason_code"], row["value_raw"]) == (
        "S!D2",
        "bad_value",
        "'=SUM(1,2)",
    )


def test_read_file_counts_targets_and_finds_every_sheet(tmp_path):
    raw = tmp_path / "raw"
    path = _workbook(
        raw / "two.xlsx",
        [
            ("BC 2024", REPORT_CELLS, REPORT_MERGES),
            ("Hướng dẫn", {"A1": "Điền số liệu vào sheet BC 2024."}, ()),
        ],
    )
    read = ingest.read_file(path, raw)
    assert [s.sheet for s in read.sheets] == ["BC 2024", "Hướng dẫn"]
    assert read.layout == "report" and read.target_cells == 3
    assert read.records.num_rows == 6
    assert any("Hướng dẫn" in m and "skipped" in m for m in read.messages)
    refs = read.records.column("ref").to_pylist()
    assert refs[0] == "BC 2024!E11"


def test_unreadable_files_raise(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ingest.IngestError, match="broken.xlsx.*not a readable XLSX"):
        ingest.read_file(raw / "broken.xlsx", raw)
    (raw / "noise.csv").write_bytes(b"\x81\x8d\x8f\x90 \x9d\xff\xfe\x00")
    with pytest.raises(ingest.IngestError, match="noise.csv"):
        ingest.read_file(raw / "noise.csv", raw)
    (raw / "prose.csv").write_text("Kính gửi Sở TT&TT,\nXin gửi báo cáo.\n", encoding="utf-8")
    with pytest.raises(ingest.IngestError, match="prose.csv: no table"):
        ingest.read_file(raw / "prose.csv", raw)
    (raw / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ingest.IngestError, match="old.xls.*save the file as .xlsx"):
        ingest.read_file(raw / "old.xls", raw)


def test_find_raw_files_skips_sidecars_hidden_and_lock_files(tmp_path):
    for name in ["b.csv", "a/c.xlsx", "a/c.xlsx.meta.yaml", ".hidden.csv", "~$c.xlsx", "x.md"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in ingest.find_raw_files(tmp_path)]
    assert found == ["a/c.xlsx", "b.csv"]


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("demo/x.csv", "synthetic"),
        ("published/2024/x.csv", "published"),
        ("so-y-te/x.csv", "official"),
        ("x.csv", "official"),
    ],
)
def test_folder_provenance(rel, expected):
    assert ingest.folder_provenance(rel) == expected


def test_report_reads_don_vi_as_unit_or_area_by_its_cells(tmp_path):
    raw = tmp_path / "raw"
    _csv_text = (
        "STT,Chỉ tiêu,Đơn vị,Năm 2024,Số liệu năm 2023,Xếp loại\n"
        '1,Tỷ lệ hồ sơ trực tuyến,%,"61,5",55,Khá\n'
    )
    raw.mkdir()
    (raw / "unit.csv").write_text(_csv_text, encoding="utf-8")
    (raw / "area.csv").write_text(
        "STT,Chỉ tiêu,Đơn vị,Năm 2024\n"
        "1,Tỷ lệ hồ sơ trực tuyến,Thành phố Dĩ An,40\n"
        "2,Tỷ lệ hồ sơ trực tuyến,Huyện Phú Giáo,30\n",
        encoding="utf-8",
    )
    result = clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    got = obs[["source_file", "geo_code", "period", "value"]].values.tolist()
    assert sorted(got) == [
        ["area.csv", "722", "2024", 30.0],
        ["area.csv", "724", "2024", 40.0],
        ["unit.csv", "74", "2023", 55.0],
        ["unit.csv", "74", "2024", 61.5],
    ]
    by_file = {e["file"]: e for e in result.files}
    assert "columns not read: F 'Xếp loại'" in by_file["unit.csv"]["message"]


def test_long_csv_refs_are_line_numbers_whichever_reader_reads_it(tmp_path):
    header = "Chỉ tiêu,Địa bàn,Kỳ,Giá trị\n"
    rows = ["gov.satisfaction,74,2022,80", "gov.satisfaction,74,2023,81"]
    raw = tmp_path / "raw"
    raw.mkdir()
    # blank lines at the end: the column-wise reader; a blank line inside: the careful one
    (raw / "a.csv").write_text(header + "\n".join(rows) + "\n\n\n", encoding="utf-8")
    (raw / "b.csv").write_text(
        header + rows[0] + "\n\n" + rows[1] + '\n"Ghi chú: x, y",,,\n', encoding="utf-8"
    )
    refs = {
        name: ingest.read_file(raw / name, raw).records.column("ref").to_pylist()
        for name in ("a.csv", "b.csv")
    }
    assert refs == {"a.csv": ["D2", "D3"], "b.csv": ["D2", "D4"]}


def test_a_first_row_of_codes_is_data_and_a_column_number_row_is_not(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "codes.csv").write_text(
        "Mã ĐVHC,Năm 2023,Năm 2024\n74,38,52\n724,40,55\n", encoding="utf-8"
    )
    (raw / "codes.csv.meta.yaml").write_text("indicator: gov.dossiers_online\n", "utf-8")
    (raw / "numbered.csv").write_text(
        "STT,Chỉ tiêu,ĐVT,Năm 2024\n(1),(2),(3),(4)\n1,Tỷ lệ hài lòng về giải quyết TTHC,%,91\n",
        encoding="utf-8",
    )
    result = clean_raw(raw, tmp_path / "out")
    by_file = {e["file"]: e["records_read"] for e in result.files}
    assert by_file == {"codes.csv": 4, "numbered.csv": 1}
    assert result.records_clean == 5


def test_cells_formatted_as_percent_are_read_as_shown(tmp_path):
    raw = tmp_path / "raw"
    path = _workbook(
        raw / "pct.xlsx",
        [
            (
                "BC",
                {
                    "A1": "Chỉ tiêu",
                    "B1": "Năm 2023",
                    "C1": "Năm 2024",
                    "A2": "Tỷ lệ hồ sơ trực tuyến",
                    "B2": 0.425,  # shown as 42.5%
                    "C2": 48.2,  # typed as a number of percent
                },
                (),
            )
        ],
    )
    wb = openpyxl.load_workbook(path)
    wb["BC"]["B2"].number_format = "0.0%"
    wb.save(path)
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    assert obs[["period", "value"]].values.tolist() == [["2023", 42.5], ["2024", 48.2]]
    assert ["a cell formatted as a percent" in note for note in obs["note"]] == [True, False]


def test_a_header_merged_over_two_columns_reads_the_name_not_the_numbering(tmp_path):
    report = {
        "A1": "STT",
        "B1": "Chỉ tiêu",
        "D1": "Năm 2024",
        "A2": 1,
        "B2": "a)",
        "C2": "Tỷ lệ hồ sơ trực tuyến",
        "D2": 60,
    }
    matrix = {
        "A1": "Đơn vị",
        "C1": "Năm 2024",
        "A2": 1,
        "B2": "Thành phố Thuận An",
        "C2": 70,
    }
    raw = tmp_path / "raw"
    _workbook(raw / "r.xlsx", [("R", report, ("B1:C1",)), ("M", matrix, ("A1:B1",))])
    (raw / "r.xlsx.meta.yaml").write_text("indicator: gov.satisfaction\n", "utf-8")
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    got = obs[["indicator_id", "geo_code", "value", "source_ref"]].values.tolist()
    assert sorted(got) == [
        ["gov.dossiers_online", "74", 60.0, "R!D2"],
        ["gov.satisfaction", "725", 70.0, "M!C2"],
    ]


def test_the_issuing_ubnd_of_the_header_is_the_reporting_area(tmp_path):
    cells = {
        "A1": "UBND TỈNH BÌNH DƯƠNG",
        "A2": "UBND THÀNH PHỐ DĨ AN",
        "D1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "A4": "STT",
        "B4": "Chỉ tiêu",
        "C4": "Năm 2024",
        "A5": 1,
        "B5": "Tỷ lệ hồ sơ trực tuyến",
        "C5": 51,
    }
    raw = tmp_path / "raw"
    _workbook(raw / "r.xlsx", [("BC", cells, ())])
    clean_raw(raw, tmp_path / "out")
    obs = _observations(tmp_path / "out")
    assert obs[["geo_code", "geo_level", "value"]].values.tolist() == [["724", "district", 51.0]]
