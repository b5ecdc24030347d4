"""Indicator labels read as plan entries: stages, thresholds on the corpus, reviewed aliases."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import time

import pandas as pd
import pytest

from cdsanalysis.base import paths
from cdsanalysis.base.plan import load_plan
from cdsanalysis.clean import aliases
from cdsanalysis.clean.wording import (
    SIMILAR_NOTE,
    THRESHOLDS,
    WordingMatcher,
    format_candidates,
    parse_candidates,
)
from cdsanalysis.clean.wording_corpus import (
    BEGIN,
    REPORT_FILE,
    evaluate,
    load_corpus,
    render,
    summary,
    tune,
)
from cdsanalysis.clean.wording_text import Abbreviations, expanded_key, light_key, measure_of
from cdsanalysis.cli.aliases import add_arguments, run_aliases

RANKS = {"rank.dti", "rank.ict_application", "rank.digital_government"}
RANKS |= {"rank.digital_economy", "rank.cyber_security"}


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def matcher(plan):
    return WordingMatcher(plan)


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


# -- keys ------------------------------------------------------------------------------------
def test_keys_ignore_case_marks_prefix_numbering_and_unit():
    same = ["1. Tỷ lệ hồ sơ trực tuyến (%)", "ty le HO SO truc tuyen - %", "Hồ sơ trực tuyến"]
    assert {light_key(t) for t in same} == {"ho so truc tuyen"}
    assert light_key("Hồ sơ công việc (cấp xã)") == "ho so cong viec cap xa"  # words kept


def test_abbreviations_come_from_the_table():
    table = Abbreviations.load()
    assert {
        "TTHC",
        "DVCTT",
        "CĐS",
        "CNTT",
        "CSDL",
        "HTTT",
        "KTS",
        "XHS",
        "CQS",
        "TMĐT",
        "UBND",
    } <= set(table.table["short"])
    assert expanded_key("Tỷ lệ DVCTT", table) == ("dich vu cong truc tuyen", ["dvctt"])
    bare = Abbreviations(pd.DataFrame({"short": ["XYZ"], "long": ["hồ sơ"]}))
    assert expanded_key("Tỷ lệ DVCTT", bare)[0] == "dvctt"
    assert expanded_key("XYZ trực tuyến", bare)[0] == "ho so truc tuyen"


def test_measure_words():
    assert measure_of("Số thủ tục hành chính") == "count"
    assert measure_of("Số lượng DVCTT") == "count"
    assert measure_of("Số hóa hồ sơ") == ""
    assert measure_of("Tốc độ tăng NSLĐ") == "growth"
    assert measure_of("Hạ tầng internet băng rộng") == measure_of("ha tang internet") == ""


# -- stages ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "expected", "method"),
    [
        ("G5", "gov.satisfaction", "id"),
        ("gov.cashless_admin", "gov.cashless_admin", "id"),
        ("Tỷ lệ DVCTT toàn trình và một phần", "gov.online_services.full_partial", "alias"),
        ("Tỷ lệ người dân và DN hài lòng về việc giải quyết TTHC", "gov.satisfaction", "wording"),
        ("Hạ tầng mạng internet băng rộng phủ hộ gia đình", "soc.broadband_households", "wording"),
        (
            "Tỷ lệ DVCTT được cung cấp toàn trình và 1 phần",
            "gov.online_services.full_partial",
            "similar",
        ),
    ],
)
def test_stages(matcher, label, expected, method):
    found = matcher.match(label)
    assert (found.indicator_id, found.method) == (expected, method)


def test_count_is_never_a_share(matcher, plan):
    assert matcher.match("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến").indicator_id == (
        "gov.online_services.full_partial"
    )
    for label in ["Số TTHC cung cấp dịch vụ công trực tuyến", "Số thủ tục hành chính"]:
        found = matcher.match(label)
        assert found.indicator_id is None
        # not even suggested: a share (unit percent) is never a candidate for a count
        assert all(plan.target(c)["unit"] != "percent" for c, _ in found.candidates)
    assert matcher.match("Tăng năng suất lao động").indicator_id == (
        "econ.labour_productivity_growth"
    )
    assert matcher.match("Năng suất lao động").indicator_id is None


def test_shared_quotes_need_the_sector_or_a_distinguishing_word(matcher, plan):
    rank_quote = plan.target("rank.dti")["source_quote_vi"]
    found = matcher.match(rank_quote)
    assert found.method == "ambiguous" and {t for t, _ in found.candidates} == RANKS
    assert matcher.match(rank_quote, "health").indicator_id is None
    share = "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực"
    alone = matcher.match(share)
    assert alone.indicator_id is None and len(alone.candidates) == 8
    assert "several" in alone.note_en
    assert matcher.match(share, "health").indicator_id == "econ.digital_economy_share.health"
    assert matcher.match(f"{share}: Y tế").indicator_id == "econ.digital_economy_share.health"
    assert matcher.match("E2").indicator_id is None
    assert matcher.match("E2", "education").indicator_id == "econ.digital_economy_share.education"


def test_similar_match_carries_a_note_and_a_miss_its_candidates(matcher):
    found = matcher.match("Cung cấp DVCTT trên thiết bị di động")
    assert (found.indicator_id, found.method) == ("gov.online_services.mobile", "similar")
    assert THRESHOLDS["accept"] <= found.score < 100
    parsed = SIMILAR_NOTE.search(f"other note; {found.note_en}")
    assert parsed["label"] == found.label
    assert parsed["indicator_id"] == found.indicator_id
    assert "G3" in found.note_vi
    miss = matcher.match("Tỷ lệ người dân hài lòng")
    assert miss.indicator_id is None and miss.candidates[0][0] == "gov.satisfaction"
    assert "Có phải: G5" in miss.note_vi and "Did you mean: G5" in miss.note_en
    cell = format_candidates(miss.candidates)
    assert [t for t, _ in parse_candidates(cell)] == [t for t, _ in miss.candidates]


def test_results_are_cached_and_fast(plan):
    fresh = WordingMatcher(plan)
    labels = [f"Tỷ lệ chỉ tiêu thử số {i} về hồ sơ trực tuyến" for i in range(300)]
    start = time.perf_counter()
    for label in labels:
        fresh.match(label)
    assert time.perf_counter() - start < 3.0
    assert fresh.match(labels[0]) is fresh.match(labels[0])
    assert fresh.match(labels[0], "health") is not fresh.match(labels[0])


# -- corpus and thresholds -------------------------------------------------------------------
def test_corpus_shape(corpus, plan):
    assert len(corpus) >= 80
    assert set(corpus["split"]) == {"tune", "test"}
    assert set(corpus["expected"]) - {"none"} <= set(plan.targets["id"])
    assert (corpus["expected"] == "none").sum() >= 30
    assert not corpus.duplicated(["label", "sector"]).any()


def test_no_wrong_match_on_either_half(matcher, corpus):
    results = evaluate(matcher, corpus)
    wrong = results[results["outcome"] == "wrong"]
    assert wrong.empty, wrong[["label", "expected", "got"]].to_string()
    shares = summary(results).set_index("split")
    for split in ("tune", "test"):
        row = shares.loc[split]
        assert row["matched right"] / row["naming an entry"] >= 0.7


def test_thresholds_are_the_ones_the_tuning_half_chooses(plan, corpus):
    chosen, table = tune(plan, corpus)
    assert chosen == THRESHOLDS
    assert table.iloc[0]["scorer"] == THRESHOLDS["scorer"]


def test_report_is_generated_and_up_to_date(plan, corpus):
    text = REPORT_FILE.read_text(encoding="utf-8")
    assert BEGIN + text.split(BEGIN)[1] == render(plan, corpus)


# -- reviewed aliases ------------------------------------------------------------------------
def test_indicator_alias_round_trip(tmp_path, plan):
    path = tmp_path / "indicator_aliases.csv"
    label = "Mức hài lòng của DN với chính quyền"
    assert WordingMatcher(plan).match(label).indicator_id is None
    day = dt.date(2025, 3, 1)
    said = aliases.accept_indicator_alias(label, "G5", plan=plan, path=path, today=day)
    assert "gov.satisfaction" in said
    assert path.read_text(encoding="utf-8").splitlines() == [
        "indicator_id,label,added",
        f"gov.satisfaction,{label},2025-03-01",
    ]
    reviewed = aliases.load_indicator_aliases(path)
    found = WordingMatcher(plan, reviewed).match(label.upper())
    assert (found.indicator_id, found.method) == ("gov.satisfaction", "reviewed")
    again = aliases.accept_indicator_alias(label, "gov.satisfaction", plan=plan, path=path)
    assert "nothing to do" in again
    with pytest.raises(aliases.AliasError, match="gov.satisfaction"):
        aliases.accept_indicator_alias(label, "gov.cashless_admin", plan=plan, path=path)
    aliases.remove_indicator_alias(label, path=path)
    assert aliases.load_indicator_aliases(path).empty
    with pytest.raises(aliases.AliasError, match="not a reviewed"):
        aliases.remove_indicator_alias(label, path=path)


def test_accept_refuses_unknown_ids_shared_codes_and_taken_labels(tmp_path, plan):
    path = tmp_path / "indicator_aliases.csv"
    with pytest.raises(aliases.AliasError, match="did you mean.*gov.satisfaction"):
        aliases.accept_indicator_alias("abc", "gov.satisfation", plan=plan, path=path)
    with pytest.raises(aliases.AliasError, match="names 8 entries"):
        aliases.accept_indicator_alias("abc", "E2", plan=plan, path=path)
    with pytest.raises(aliases.AliasError, match="gov.dossiers_online"):
        aliases.accept_indicator_alias("Tỷ lệ hồ sơ trực tuyến", "G5", plan=plan, path=path)
    assert not path.exists()


def test_shipped_reviewed_file_has_its_header():
    assert list(aliases.load_indicator_aliases().columns) == aliases.INDICATOR_ALIAS_COLUMNS


def test_area_alias_round_trip(tmp_path):
    path = tmp_path / "area_aliases.csv"
    shutil.copy(paths.AREA_ALIASES_FILE, path)
    before = pd.read_csv(path, dtype=str, keep_default_na=False)
    said = aliases.accept_area_alias("Tp Dĩ An mới", "724", path=path, today=dt.date(2025, 3, 1))
    assert "724" in said
    after = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(after.columns) == aliases.AREA_ALIAS_COLUMNS
    assert after.iloc[-1].tolist() == [
        "724",
        "2025-01-04",
        "Tp Dĩ An mới",
        "",
        "",
        "accepted by the analyst on 2025-03-01",
    ]
    with pytest.raises(aliases.AliasError, match="723"):
        aliases.accept_area_alias("Thị xã Tân Uyên", "724", path=path)
    with pytest.raises(aliases.AliasError, match="not an area code"):
        aliases.accept_area_alias("Dĩ An", "99999", path=path)
    aliases.remove_area_alias("Tp Dĩ An mới", path=path)
    pd.testing.assert_frame_equal(pd.read_csv(path, dtype=str, keep_default_na=False), before)


# -- listing and command ---------------------------------------------------------------------
def _processed(tmp_path, matcher):
    similar = matcher.match("Cung cấp DVCTT trên thiết bị di động")
    quarantine = pd.DataFrame(
        {
            "source_file": ["a.xlsx"] * 4,
            "source_ref": ["A1", "A2", "A3", "A4"],
            "indicator_raw": ["Tỷ lệ người dân hài lòng"] * 2 + ["G5", "G5"],
            "area_raw": ["", "", "Huyện Mới", ""],
            "period_raw": ["2024"] * 4,
            "value_raw": ["1"] * 4,
            "reason_code": ["unknown_indicator"] * 2 + ["unknown_area", "bad_value"],
            "reason": ["x"] * 4,
            "candidates": ["gov.satisfaction (73)"] * 2 + ["", ""],
        }
    )
    observations = pd.DataFrame(
        {
            "indicator_id": [similar.indicator_id, "gov.satisfaction"],
            "source_file": ["b.csv", "b.csv"],
            "note": [similar.note_en, ""],
        }
    )
    quarantine.to_csv(tmp_path / "quarantine.csv", index=False)
    observations.to_csv(tmp_path / "observations.csv", index=False)
    return similar


def test_unmatched_labels_listing(tmp_path, matcher):
    similar = _processed(tmp_path, matcher)
    listed = aliases.unmatched_labels(tmp_path / "quarantine.csv", tmp_path / "observations.csv")
    rows = {(r.kind, r.label, r.status): r for r in listed.itertuples(index=False)}
    assert set(rows) == {
        ("indicator", "Tỷ lệ người dân hài lòng", "unmatched"),
        ("area", "Huyện Mới", "unmatched"),
        ("indicator", similar.label, "similar"),
    }
    assert rows[("indicator", "Tỷ lệ người dân hài lòng", "unmatched")].rows == 2
    assert rows[("indicator", similar.label, "similar")].indicator_id == similar.indicator_id
    assert listed.iloc[0]["label"] == "Tỷ lệ người dân hài lòng"
    assert rows[("indicator", "Tỷ lệ người dân hài lòng", "unmatched")].files == "a.xlsx"
    assert rows[("indicator", similar.label, "similar")].files == "b.csv"


def test_command(tmp_path, matcher, monkeypatch, capsys):
    _processed(tmp_path, matcher)
    monkeypatch.setattr(aliases, "INDICATOR_ALIASES_FILE", tmp_path / "indicator_aliases.csv")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run_aliases(parser.parse_args(["--processed", str(tmp_path), "--lang", "en"])) == 0
    assert "'Tỷ lệ người dân hài lòng' ×2: unmatched" in capsys.readouterr().out
    args = parser.parse_args(["accept", "Tỷ lệ người dân hài lòng", "G5", "--lang", "en"])
    assert run_aliases(args) == 0
    assert "accepted" in capsys.readouterr().out
    assert len(aliases.load_indicator_aliases(tmp_path / "indicator_aliases.csv")) == 1
    assert run_aliases(parser.parse_args(["accept", "Tỷ lệ hộ nghèo", "--lang", "en"])) == 2
    assert "indicator id" in capsys.readouterr().err
    assert run_aliases(parser.parse_args(["remove", "Tỷ lệ người dân hài lòng"])) == 0
    assert aliases.load_indicator_aliases(tmp_path / "indicator_aliases.csv").empty
