"""The published DTI peers: every row from DOMAIN.md §1b, graded and sourced, and a loader that
refuses a broken file."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from cdsanalysis.base import paths
from cdsanalysis.base.peers import PEERS_COLUMNS, PEERS_FILE, PeersError, load_peers

DOMAIN_FILE = paths.DOCS_DIR / "sources" / "DOMAIN.md"


@pytest.fixture(scope="module")
def peers() -> pd.DataFrame:
    return load_peers()


@pytest.fixture(scope="module")
def peer_rows() -> dict[str, str]:
    """The rows of DOMAIN.md §1b by their number ("P6")."""
    rows = {}
    for line in DOMAIN_FILE.read_text(encoding="utf-8").splitlines():
        if found := re.match(r"^\| (P\d+) \|", line):
            rows[found.group(1)] = line
    return rows


def test_columns_and_types(peers):
    assert list(peers.columns) == PEERS_COLUMNS
    assert peers["year"].between(2020, 2024).all()
    assert set(peers["grade"]) <= {"A", "B", "C"}
    assert peers["score"].dropna().between(0, 1).all()


def test_the_2023_top_ten_places_binh_duong_seventh(peers):
    top = peers[(peers["year"] == 2023) & (peers["rank"] <= 10)]
    assert list(top["rank"]) == list(range(1, 11))
    assert top.set_index("province").loc["Bình Dương", "rank"] == 7
    published = pd.read_csv(
        paths.RAW_DIR / "published" / "binh-duong_so-lieu-cong-bo_2017-2025.csv", dtype=str
    )
    dti = published[published["Mã chỉ tiêu"] == "rank.dti"].set_index("Kỳ báo cáo")["Giá trị"]
    assert dti["2023"] == "7"


def test_dti_2024_is_two_groups(peers):
    groups = peers[peers["year"] == 2024].groupby("ranked_among")["province"].apply(list)
    assert groups[34][:4] == ["Hà Nội", "Huế", "Hải Phòng", "TP. Hồ Chí Minh"]
    assert groups[63] == ["TP. Hồ Chí Minh", "Đà Nẵng"]
    assert "Bình Dương" not in set(peers[peers["year"] == 2024]["province"])


def test_south_east_provinces_are_marked(peers):
    south_east = set(peers[peers["region"] == "Đông Nam Bộ"]["province"])
    assert south_east == {"TP. Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu", "Đồng Nai"}


def test_every_row_comes_from_its_domain_row(peers, peer_rows):
    for row in peers.itertuples(index=False):
        cited = re.match(r"DOMAIN\.md §1b (P\d+)", row.note)
        assert cited, row.note
        line = peer_rows[cited.group(1)]
        if pd.notna(row.score):
            assert f"{row.score:.4f}" in line, (row.province, row.score)
        if row.grade == "C":
            assert "derived" in row.note or "≈" in row.note, row.note
        for url in re.findall(r"https?://\S+", row.source):
            assert url in DOMAIN_FILE.read_text(encoding="utf-8"), url


def test_a_broken_peers_file_is_refused(tmp_path):
    frame = pd.read_csv(PEERS_FILE, dtype=str, keep_default_na=False)
    bad = frame.copy()
    bad.loc[0, "rank"] = "70"
    bad.loc[1, "grade"] = "D"
    path = tmp_path / "peers.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(PeersError, match=r"rank 70 is outside 1\.\.63.*unknown grade 'D'"):
        load_peers(path)
    frame.drop(columns=["grade"]).to_csv(path, index=False)
    with pytest.raises(PeersError, match="missing column"):
        load_peers(path)
