"""Areas, former names, the 2025 crosswalk and area matching."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from cdsanalysis.base import paths
from cdsanalysis.base.geography import (
    FORMER_PROVINCE,
    AreaError,
    AreaIndex,
    districts_for_new_commune,
    load_areas,
    load_crosswalk,
)


@pytest.fixture(scope="module")
def crosswalk():
    return load_crosswalk()


@pytest.fixture(scope="module")
def index():
    return AreaIndex()


def test_crosswalk_counts_for_province_74(crosswalk):
    assert len(crosswalk) == 107
    result = crosswalk["merge_type"].value_counts().to_dict()
    assert result == {"whole": 74, "partial": 31, "unchanged": 1, "renamed": 1}
    assert crosswalk["new_code"].nunique() == 36
    assert crosswalk["old_code"].nunique() == 91


def test_crosswalk_cells_are_normalised(crosswalk):
    text = crosswalk[["new_name", "old_name", "old_district_name"]].stack()
    assert not text.str.contains("\n").any()
    assert (text == text.str.strip()).all()
    assert text.map(lambda s: unicodedata.is_normalized("NFC", s)).all()
    # the official table writes "Phường Thủ Dầu Một\n"; the crosswalk has it clean
    assert "Phường Thủ Dầu Một" in set(crosswalk["new_name"])


def test_crosswalk_reads_nfd_padded_and_multiline_cells(tmp_path):
    header = (
        "Đơn vị hành chính từ ngày 01/7/2025,,,Đơn vị hành chính trước ngày 01/7/2025,,,,,\n"
        '"Tỉnh, thành phố",Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ,\n'
        "THÀNH PHỐ HỒ CHÍ MINH  ,,,,,,,,\n"
    )
    nfd_name = unicodedata.normalize("NFD", "Phường Hoà Phú")
    row = (
        f'Thành phố Hồ Chí Minh (79),"Phường Bình Dương\n",25760,  {nfd_name} ,25760,'
        "Nhập toàn bộ,Thành phố Thủ Dầu Một (718),Tỉnh Bình Dương (74),\n"
    )
    source = tmp_path / "conversion.csv"
    source.write_text(header + row, encoding="utf-8")
    result = load_crosswalk(source)
    expected = pd.DataFrame(
        {
            "new_code": ["25760"],
            "new_name": ["Phường Bình Dương"],
            "old_code": ["25760"],
            "old_name": ["Phường Hòa Phú"],
            "old_district_code": ["718"],
            "old_district_name": ["Thành phố Thủ Dầu Một"],
            "merge_type": ["whole"],
            "note_raw": ["Nhập toàn bộ"],
            "old_split": [False],
            "new_spans_districts": [False],
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_committed_crosswalk_file_is_what_the_code_builds(crosswalk):
    committed = pd.read_csv(paths.CROSSWALK_FILE, dtype=str, keep_default_na=False)
    expected = crosswalk.astype(str)
    pd.testing.assert_frame_equal(committed, expected)


def test_areas_of_both_vintages():
    areas = load_areas()
    before = areas[areas["geo_vintage"] == "2025-01-04"]
    assert before["geo_level"].value_counts().to_dict() == {
        "commune": 91,
        "district": 9,
        "province": 1,
    }
    assert set(before.loc[before["geo_level"] == "district", "geo_code"]) == {
        str(c) for c in range(718, 727)
    }
    after = areas[areas["geo_vintage"] == "2025-07-01"]
    assert len(after) == 36
    assert (after["geo_code"].str.len() == 5).all()
    # codes are reused across vintages: the pair is the key
    assert not areas.duplicated(["geo_code", "geo_vintage"]).any()
    assert areas.duplicated(["geo_code"]).any()


@pytest.mark.parametrize(
    ("text", "on", "level", "expected"),
    [
        ("TP. Dĩ An", "2024-12-31", None, ("724", "2025-01-04")),
        ("TX. Bến Cát", "2023-12-31", None, ("721", "2025-01-04")),
        ("Thị xã Tân Uyên", "2022-12-31", None, ("723", "2025-01-04")),
        ("Thành phố Tân Uyên", "2024-12-31", None, ("723", "2025-01-04")),
        ("H. Bắc Tân Uyên", "2024-12-31", None, ("726", "2025-01-04")),
        ("Phường Hoà Phú", "2024-12-31", None, ("25760", "2025-01-04")),
        ("Phường Hòa Phú", "2024-12-31", None, ("25760", "2025-01-04")),
        (unicodedata.normalize("NFD", "P. Lái Thiêu"), "2024-12-31", None, ("25966", "2025-01-04")),
        ("  thành   phố thủ dầu một ", "2024-12-31", None, ("718", "2025-01-04")),
        ("Xã An Tây", "2023-06-30", None, ("25843", "2025-01-04")),
        ("724", None, None, ("724", "2025-01-04")),
        (25966, None, None, ("25966", "2025-01-04")),
        ("74", None, None, ("74", "2025-01-04")),
        ("Tỉnh Bình Dương", "2024-12-31", None, ("74", "2025-01-04")),
        ("Bình Dương", "2024-12-31", None, ("74", "2025-01-04")),
        ("Dĩ An", "2024-12-31", "district", ("724", "2025-01-04")),
        ("Dĩ An", "2024-12-31", "commune", ("25942", "2025-01-04")),
        ("Phường Bình Dương", "2025-09-30", None, ("25760", "2025-07-01")),
        ("Bình Dương", "2025-09-30", "commune", ("25760", "2025-07-01")),  # a column of communes
        ("Toàn tỉnh", "2024-12-31", None, ("74", "2025-01-04")),
        ("TỔNG CỘNG", "2025-12-31", "district", ("74", "2025-07-01")),
        # the former province after the merge, by name as by code
        ("Tỉnh Bình Dương", "2025-12-31", None, ("74", "2025-07-01")),
        ("74", "2025-12-31", None, ("74", "2025-07-01")),
        ("25747", "2025-09-30", None, ("25747", "2025-07-01")),
        ("25747", "2025-06-30", None, ("25747", "2025-01-04")),
        ("Phường Thủ Dầu Một (25747)", "2025-09-30", None, ("25747", "2025-07-01")),
    ],
)
def test_area_matching(index, text, on, level, expected):
    result = index.match(text, on=on, level=level)
    assert (result.geo_code, result.geo_vintage) == expected


@pytest.mark.parametrize(
    ("text", "on", "reason_code", "words"),
    [
        ("Dĩ An", "2024-12-31", "ambiguous_area", "fits 2 areas"),
        ("Tân Định", "2024-12-31", "ambiguous_area", "Phường Tân Định"),
        ("Phường Không Có", "2024-12-31", "unknown_area", "is not an area of the province"),
        ("Xã Dĩ An", "2024-12-31", "unknown_area", "no xã of that name"),
        ("Thành phố Dĩ An", "2025-12-31", "unknown_area", "ceased on 1/7/2025"),
        ("Xã Dĩ An", "2025-12-31", "unknown_area", "no xã of that name"),
        ("Phường Bình Dương", "2024-12-31", "unknown_area", "exists from 1/7/2025"),
        ("Bình Dương", "2025-12-31", "ambiguous_area", "and the former province"),
        ("99999", None, "unknown_area", "not a GSO code"),
        ("", None, "unknown_area", "empty"),
    ],
)
def test_area_errors_say_why(index, text, on, reason_code, words):
    with pytest.raises(AreaError, match=words) as info:
        index.match(text, on=on)
    assert info.value.reason_code == reason_code


def test_bình_dương_communes_elsewhere_are_not_joined(index):
    # Xã Bình Dương in Cao Bằng (01711) is not an area of this province.
    with pytest.raises(AreaError):
        index.match("01711")


def test_new_communes_map_to_old_districts_only_when_exact():
    assert districts_for_new_commune("25846") == {
        "district_code": "721",
        "exact": True,
        "reason": "whole merge",
    }
    result = districts_for_new_commune("25747")
    assert result["district_code"] == "718"
    assert result["exact"] is False
    spanning = districts_for_new_commune("25760")
    assert spanning["district_code"] is None
    assert "2 old districts" in spanning["reason"]


def test_package_does_not_read_the_shared_folder():
    for source in paths.PACKAGE_DIR.rglob("*.py"):
        assert "../shared" not in source.read_text(encoding="utf-8"), source


def test_the_former_province_after_the_merger_keeps_code_74_with_the_new_vintage():
    index = AreaIndex()
    for text in ("74", "Tỉnh Bình Dương", "Toàn tỉnh", "địa bàn tỉnh Bình Dương (cũ)"):
        after = index.match(text, on="2025-09-30")
        assert after == FORMER_PROVINCE, text
        assert (after.geo_code, after.geo_vintage) == ("74", "2025-07-01")
        assert after.geo_name == "địa bàn tỉnh Bình Dương (cũ)"
    before = index.match("Tỉnh Bình Dương", on="2025-06-30")
    assert (before.geo_vintage, before.geo_name) == ("2025-01-04", "Tỉnh Bình Dương")
    # the ward of the same name is still reached by its type word
    assert index.match("Phường Bình Dương", on="2025-09-30").geo_code == "25760"
