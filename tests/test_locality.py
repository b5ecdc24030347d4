"""The locality pages: district briefs and the communes' ranking (`cds briefs --areas district`).

Parameters are refused before anything runs; the area's lines, places and gaps come from the
shipped (demo) data; the pages are built by the real batch (papermill notebooks, nbconvert
export) and read back; a district name carrying markup reaches the pages escaped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cdsanalysis.briefs import batch
from cdsanalysis.briefs.locality_ids import (
    district_ids,
    is_locality,
    locality_ids,
    recorded_localities,
)
from cdsanalysis.briefs.narrative import format_value, gap_text, telling_decimals
from cdsanalysis.briefs.params import (
    COMMUNES_RANKING,
    BriefParameterError,
    BriefParams,
    validate_area_params,
)

DISTRICTS = [f"district-{code}-2025-01-04" for code in range(718, 727)]


# --------------------------------------------------------------------------------------------
# Parameters and ids
# --------------------------------------------------------------------------------------------


def test_the_data_call_for_nine_district_briefs_and_the_ranking_page(demo_processed):
    assert district_ids(demo_processed) == DISTRICTS
    assert locality_ids("district", demo_processed) == [*DISTRICTS, COMMUNES_RANKING]


@pytest.mark.parametrize(
    ("area", "words"),
    [
        ("../../etc/passwd", "is not a district brief id"),
        ("district-718", "is not a district brief id"),
        ("district-999-2025-01-04", "has no district figures"),
        ("district-718-2025-07-01", "has no district figures"),
    ],
)
def test_a_bad_area_is_refused_naming_it(demo_processed, area, words):
    with pytest.raises(BriefParameterError, match="area: ") as caught:
        validate_area_params(area, "vi", processed_dir=demo_processed)
    assert words in str(caught.value) and repr(area) in str(caught.value)


def test_an_unknown_level_is_refused_before_anything_is_built(demo_processed, tmp_path):
    with pytest.raises(BriefParameterError, match="areas: 'commune' is not a level"):
        batch.build_briefs(
            areas="commune", processed_dir=demo_processed, out_dir=tmp_path, progress=False
        )
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_exits_2_for_an_unknown_level(demo_processed, tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "cdsanalysis", "briefs", "--areas", "province"]
        + ["--processed", str(demo_processed), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2, run.stderr
    assert "areas: 'province' is not a level of the locality briefs" in run.stderr
    assert not (tmp_path / "out").exists()


def test_area_params_name_their_notebook_and_page(demo_processed):
    params = validate_area_params("district-719-2025-01-04", "en", processed_dir=demo_processed)
    assert params.notebook == "district_brief"
    assert params.output_path("/r") == Path("/r/en/district-719-2025-01-04.html")
    assert params.notebook_parameters()["area"] == "district-719-2025-01-04"
    ranking = validate_area_params(COMMUNES_RANKING, "vi", processed_dir=demo_processed)
    assert ranking.notebook == "locality_ranking"
    assert "area" not in ranking.notebook_parameters()
    assert is_locality("district-719-2025-01-04") and not is_locality("health")


def test_the_index_lists_the_localities_its_manifest_records():
    manifest = {
        "briefs": {
            "vi/health": {},
            "vi/communes-ranking": {},
            "en/district-720-2025-01-04": {},
            "vi/district-718-2025-01-04": {},
        }
    }
    assert recorded_localities(manifest) == [
        "district-718-2025-01-04",
        "district-720-2025-01-04",
        COMMUNES_RANKING,
    ]


# --------------------------------------------------------------------------------------------
# Values beside their target
# --------------------------------------------------------------------------------------------


def test_a_value_never_rounds_onto_or_across_its_target():
    assert format_value(49.97, "percent", "vi", target=50) == "49,97%"
    assert format_value(50.04, "percent", "en", target=50) == "50.04%"
    assert format_value(49.97, "percent", "vi") == "50%"  # no target: one decimal, rounded
    assert format_value(42.4, "percent", "vi", target=50) == "42,4%"
    assert telling_decimals(79.9996, 80) == 4
    assert gap_text(79.99, 80, "percent", "en") == "0.01 pp"


# --------------------------------------------------------------------------------------------
# The area's context
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bau_bang(demo_processed):
    from cdsanalysis.briefs.locality import load_area_context

    params = validate_area_params("district-719-2025-01-04", "vi", processed_dir=demo_processed)
    return load_area_context(params)


def test_the_area_has_its_own_lines_its_peers_and_its_communes(bau_bang):
    ctx = bau_bang
    assert ctx.area_name == "Huyện Bàu Bàng"
    assert [line.code for line in ctx.lines] == ["G4", "G5", "G9b"]
    for line in ctx.lines:
        assert line.head["geo_code"] == "719" and line.head["geo_level"] == "district"
    # The final review: the badge says the verdict; why it stops at 30/6/2025 is its note.
    assert {line.verdict.words for line in ctx.lines} == {"Không đạt"}
    assert ctx.reach_date.isoformat() == "2025-06-30"
    assert len(ctx.peers) == 9 and ctx.own_rank["rank"] == 9
    assert len(ctx.communes) == 7 and set(ctx.communes["geo_vintage"]) == {"2025-01-04"}
    assert "Xã Trừ Văn Thố" in set(ctx.successors["new_name"])
    assert ctx.title == "Huyện Bàu Bàng: kết quả chuyển đổi số"


def test_the_area_place_on_a_target_follows_its_value(bau_bang):
    from cdsanalysis.briefs.locality import target_rank

    ctx = bau_bang
    g4 = next(line for line in ctx.lines if line.code == "G4")
    rows = ctx.peer_rows[ctx.peer_rows["target_id"] == g4.target["id"]]
    values = rows.set_index("geo_code")["verdict_value"]
    expected = 1 + int((values > values["719"]).sum())
    assert target_rank(ctx.peer_rows, g4, "719") == (expected, len(values))


def test_the_area_view_gives_the_analyst_frames_and_figures(bau_bang):
    from matplotlib.figure import Figure

    from cdsanalysis.briefs.locality_view import AreaView

    view = AreaView(bau_bang)
    frame = view.scoreboard.frame
    assert list(frame["code"]) == ["G4", "G5", "G9b"]
    assert list(frame["rank_of"]) == [9, 9, 9]
    assert isinstance(view.charts["G9b"].figure, Figure)
    # The districts' middle half is drawn behind the area's own line.
    assert "band" in view.charts["G9b"].options
    assert view.peers["geo_code"].iloc[-1] == "719"


# --------------------------------------------------------------------------------------------
# The pages, built by the real batch
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo_processed):
    out = tmp_path_factory.mktemp("localities")
    result = batch.build_briefs(
        areas="district", langs="vi", processed_dir=demo_processed, out_dir=out, progress=False
    )
    assert result.exit_status == 0, [o.error for o in result.failed]
    return out, result


@pytest.mark.slow
def test_the_batch_builds_every_district_brief_and_the_ranking(built):
    out, result = built
    names = sorted(o.name for o in result.outcomes)
    assert names == sorted([f"vi/{d}" for d in DISTRICTS] + [f"vi/{COMMUNES_RANKING}"])
    # --areas alone leaves the sector briefs out.
    assert not (out / "vi" / "health.html").exists()
    for outcome in result.outcomes:
        page = outcome.path.read_text(encoding="utf-8")
        assert "<script" not in page
        assert outcome.size < 1_500_000, (outcome.name, outcome.size)
        assert "DỮ LIỆU MẪU" in page  # the demo data are labelled
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Địa bàn (tổng kết)" in index
    for area in [*DISTRICTS, COMMUNES_RANKING]:
        assert f'href="vi/{area}.html"' in index


@pytest.mark.slow
def test_a_district_brief_says_its_place_gaps_and_communes(built):
    out, _ = built
    page = (out / "vi" / "district-719-2025-01-04.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    text = re.sub(r"\s+", " ", text)
    assert "Huyện Bàu Bàng xếp thứ 9/9 huyện, thị xã, thành phố" in text
    assert "Số liệu đến: 30/06/2025" in text
    assert "G9b: còn cách mục tiêu 28,6 điểm %" in text
    assert "Xã Trừ Văn Thố (một phần)" in text
    assert 'href="communes-ranking.html"' in page
    assert 'download="cds-district-719-2025-01-04-vi.csv"' in page


def test_the_area_real_context_figures_are_shown_with_source_grade_and_place(demo_processed):
    from cdsanalysis.briefs.locality import load_area_context
    from cdsanalysis.briefs.locality_sections import area_context_section

    params = validate_area_params("district-721-2025-01-04", "en", processed_dir=demo_processed)
    ctx = load_area_context(params)
    html = area_context_section(ctx)
    # Bến Cát's published Bộ chỉ số 766 scores: 80.9 in 2023 (8th of the nine districts' scores,
    # grade B) and 83.8 in week 3 of 2024 (grade A), the only district reading that week: no place.
    assert "<strong>80.9</strong>" in html and "8 of 9" in html
    assert "<strong>83.8</strong>" in html and "1 of 1" not in html
    assert "bencat.binhduong.gov.vn" in html
    real = ctx.shown[ctx.shown["indicator_id"] == "ctx.index766.score"]
    assert list(real["provenance"]) == ["published", "published"]


@pytest.mark.slow
def test_the_ranking_keeps_a_reused_code_apart_by_its_list(built):
    out, _ = built
    page = (out / "vi" / f"{COMMUNES_RANKING}.html").read_text(encoding="utf-8")
    # 25747 names Phường Phú Cường in the 2025-01-04 list and Phường Thủ Dầu Một from 1/7/2025.
    assert 'id="unit-2025-01-04-25747"' in page and 'id="unit-2025-07-01-25747"' in page
    ids = re.findall(r'<tr id="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 91 + 36
    for sort in ("rank", "name", "district", "share"):
        assert page.count(f"cds-sorted cds-sorted-{sort}") == 2  # one per list


@pytest.mark.slow
def test_a_district_name_with_markup_reaches_the_pages_escaped(demo_processed, tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(demo_processed, folder)
    path = folder / "observations.parquet"
    frame = pd.read_parquet(path)
    evil = '<script>alert("district")</script>'
    frame.loc[frame["geo_code"] == "719", "geo_name"] = evil
    frame.to_parquet(path, index=False)
    result = batch.build_briefs(
        langs="en",
        processed_dir=folder,
        out_dir=tmp_path / "out",
        progress=False,
        areas="district",
    )
    assert result.exit_status == 0, [o.error for o in result.failed]
    page = (tmp_path / "out" / "en" / "district-719-2025-01-04.html").read_text(encoding="utf-8")
    assert "<script" not in page
    # Shown as text: in the title, the peers' sentence and the emulation table.
    assert page.count("&lt;script&gt;alert(") >= 3
    assert "<h1>&lt;script&gt;alert(" in page
    for other in (tmp_path / "out").rglob("*.html"):
        assert "<script" not in other.read_text(encoding="utf-8"), other


def test_brief_params_stay_positional_for_sector_briefs(demo_processed):
    params = BriefParams("health", "vi", "latest", demo_processed, None)
    assert params.area is None and params.brief_id == "health"


def test_new_communes_are_grouped_as_new_units_not_as_a_blank_district(demo_processed):
    from cdsanalysis.briefs.content import load_context
    from cdsanalysis.briefs.params import validate_overview_params

    ctx = load_context(validate_overview_params("vi", processed_dir=demo_processed))
    g9c = next(line for line in ctx.lines if line.code == "G9c")
    new = g9c.areas[g9c.areas["geo_vintage"] == "2025-07-01"]
    old = g9c.areas[g9c.areas["geo_vintage"] == "2025-01-04"]
    assert len(new) == 36 and set(new["district"]) == {"Xã, phường mới (từ 1/7/2025)"}
    assert new["district_code"].isna().all()  # no tile of the district map counts them
    assert old["district_code"].notna().all() and "" not in set(old["district"])
    # The final review's badge says the verdict; why the areas stop at 30/6/2025 is its note.
    for code in ("G9b", "G9c"):
        line = next(line for line in ctx.lines if line.code == code)
        assert line.verdict.words in ("Đạt", "Không đạt", "Không có số liệu"), line.verdict.words
        assert "đánh giá đến 30/6/2025" in line.verdict.note
