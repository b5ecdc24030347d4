"""The plan catalogue: contents checked against the article, and broken catalogues refused."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import unicodedata

import pytest
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.plan import PlanError, load_plan, plan_from_dict

SECTOR_IDS = [
    "urban",
    "industry",
    "environment",
    "transport",
    "agriculture",
    "health",
    "education",
    "culture_tourism",
]


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def article():
    return unicodedata.normalize("NFC", paths.ARTICLE_FILE.read_text(encoding="utf-8"))


@pytest.fixture()
def document():
    return yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))


def test_catalogue_has_35_series_with_unique_ids(plan):
    result = plan.judged_targets["id"]
    assert len(result) == 35
    assert plan.targets["id"].is_unique


def test_sectors_are_the_eight_pinned_ids(plan):
    assert list(plan.sectors["id"]) == SECTOR_IDS
    assert list(plan.sectors.columns) == ["id", "name_vi", "name_en"]


def test_target_columns_follow_the_design(plan):
    expected = {
        "id", "name_vi", "name_en", "source_quote_vi", "pillar", "sectors", "unit", "kind",
        "comparison", "target", "deadline", "direction", "limit", "level", "aliases",
        "interpretation", "rank_of",
    }  # fmt: skip
    assert expected <= set(plan.targets.columns)


@pytest.mark.parametrize(
    ("code_prefix", "expected_count"),
    [("G9", 3), ("R1", 5), ("S1", 2), ("S2", 2), ("E2", 8), ("M2023", 1)],
)
def test_multi_series_targets_are_split(plan, code_prefix, expected_count):
    result = plan.targets["code"].str.startswith(code_prefix).sum()
    assert result == expected_count


def test_work_dossier_levels_have_their_own_targets(plan):
    g9 = plan.targets[plan.targets["code"].str.startswith("G9")].set_index("level")["target"]
    assert g9.to_dict() == {"province": 90.0, "district": 80.0, "commune": 60.0}


def test_each_sector_has_its_own_digital_economy_target(plan):
    e2 = plan.targets[plan.targets["code"] == "E2"]
    assert sorted(s for sectors in e2["sectors"] for s in sectors) == sorted(SECTOR_IDS)
    assert (e2["target"] == 10).all()


def test_targets_without_a_number_carry_an_interpretation(plan):
    for code in ("G3", "G8", "S2a", "S2b"):
        row = plan.targets[plan.targets["code"] == code].iloc[0]
        assert row["interpretation"], code


def test_labour_productivity_is_a_growth_target(plan):
    row = plan.target("econ.labour_productivity_growth")
    assert row["kind"] == "growth"
    assert row["target"] == 7


def test_ranks_are_lower_is_better_top_10_of_63(plan):
    ranks = plan.targets[plan.targets["kind"] == "rank"]
    assert len(ranks) == 5
    assert (ranks["direction"] == -1).all()
    assert (ranks["comparison"] == "<=").all()
    assert (ranks["target"] == 10).all()
    assert (ranks["rank_of"] == 63).all()


def test_strict_comparisons_follow_the_wording(plan):
    # "trên 99%" and "trên 50%" are strictly more than.
    assert plan.target("soc.broadband_households")["comparison"] == ">"
    assert plan.target("soc.epayment_accounts")["comparison"] == ">"
    assert plan.target("gov.dossiers_online")["comparison"] == ">="


def test_milestone_is_a_target_with_the_2023_deadline(plan):
    row = plan.target("plan.movement_plans_2023")
    assert row["kind"] == "milestone"
    assert row["deadline"] == "2023-06-30"
    expected = {"movement_plans_due", "preliminary_review", "final_review"}
    assert expected <= set(plan.milestones["id"])


def test_every_quote_is_verbatim_in_the_article(plan, article):
    # a context indicator's quote is a description: the article does not name it
    for target in plan.judged_targets.itertuples():
        quote = unicodedata.normalize("NFC", target.source_quote_vi)
        assert quote in article, f"{target.id}: quote not found verbatim in the article"


def _target_paragraphs(article: str) -> list[tuple[int, str]]:
    """Paragraphs (with their offset) that set targets: those holding a percentage."""
    out, offset = [], 0
    for paragraph in article.split("\n"):
        if "%" in paragraph:
            out.append((offset, paragraph))
        offset += len(paragraph) + 1
    return out


def _spans(plan, article):
    spans = []
    for target in plan.targets.itertuples():
        quote = unicodedata.normalize("NFC", target.source_quote_vi)
        start = article.find(quote)
        while start != -1:
            spans.append((start, start + len(quote), target))
            start = article.find(quote, start + 1)
    return spans


def test_every_percentage_of_the_article_is_covered(plan, article):
    spans = _spans(plan, article)
    numbers = [
        (offset + m.start(), int(m.group(1)), m.group(0))
        for offset, paragraph in _target_paragraphs(article)
        for m in re.finditer(r"(\d+)%", paragraph)
    ]
    assert len(numbers) >= 19, "the article's target paragraphs hold at least 19 percentages"
    uncovered = [
        f"{text} at offset {pos} ({article[max(0, pos - 30) : pos + 30]!r})"
        for pos, number, text in numbers
        if not any(s <= pos < e and t.target == number for s, e, t in spans)
    ]
    assert not uncovered, "percentages with no catalogue entry: " + "; ".join(uncovered)


def test_top_10_ranking_is_covered(plan, article):
    spans = _spans(plan, article)
    found = list(re.finditer(r"nhóm (\d+) địa phương", article))
    assert found
    for m in found:
        covering = [t for s, e, t in spans if s <= m.start() < e and t.kind == "rank"]
        assert len(covering) == 5, "each of the five rankings needs its own entry"
        assert all(t.target == int(m.group(1)) for t in covering)


# --- broken catalogues -------------------------------------------------------------------


def _first(document):
    return document["targets"][0]


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (
            lambda d: d["targets"].append(copy.deepcopy(d["targets"][1])),
            r"'gov.online_services.full_partial' field 'id': duplicate id",
        ),
        (
            lambda d: _first(d).pop("direction"),
            r"'plan.movement_plans_2023' field 'direction': is missing",
        ),
        (lambda d: _first(d).update(unit="percentage"), r"field 'unit': unknown unit 'percentage'"),
        (lambda d: _first(d).update(kind="trend"), r"field 'kind': unknown kind 'trend'"),
        (
            lambda d: _first(d).update(target=120),
            r"field 'target': percent target 120 is outside 0-100",
        ),
        (
            lambda d: _first(d).update(sectors=["health", "finance"]),
            r"field 'sectors': unknown sector 'finance'",
        ),
        (
            lambda d: _first(d).update(direction=-1),
            r"field 'direction': direction -1 contradicts comparison '>='",
        ),
        (lambda d: _first(d).update(direction="up"), r"field 'direction': must be 1 .* not 'up'"),
        (
            lambda d: _first(d).update(target="100%"),
            r"field 'target': must be a number, not '100%'",
        ),
        (
            lambda d: _first(d).update(deadline="30/6/2023"),
            r"field 'deadline': must be an ISO date",
        ),
        (
            lambda d: _first(d).update(comparison="=>"),
            r"field 'comparison': unknown comparison '=>'",
        ),
        (lambda d: _first(d).update(level="ward"), r"field 'level': unknown level 'ward'"),
        (lambda d: _first(d).update(sectors="health"), r"field 'sectors': must be a list"),
        (
            lambda d: _first(d).update(aliases="one alias"),
            r"field 'aliases': must be a list of texts",
        ),
        (lambda d: _first(d).update(pillar="culture"), r"field 'pillar': unknown pillar 'culture'"),
        (lambda d: _first(d).update(limit="hundred"), r"field 'limit': must be a number or null"),
        (lambda d: _first(d).update(name_vi=""), r"field 'name_vi': must be a non-empty text"),
        (lambda d: _first(d).update(colour="red"), r"field 'colour': is not a catalogue field"),
        (
            lambda d: d["targets"][12].update(rank_of=None),
            r"'rank.dti' field 'rank_of': a rank target needs",
        ),
        (
            lambda d: d["targets"][12].update(target=70),
            r"'rank.dti' field 'target': rank target 70 is outside 1..63",
        ),
        (
            lambda d: d["targets"][3].update(interpretation=None),
            r"'gov.online_services.mobile' field 'interpretation'",
        ),
        (
            lambda d: d["targets"][5].update(aliases=["Xếp hạng DTI"]),
            r"'rank.dti' field 'aliases': 'Xếp hạng DTI' is already an alias of 'gov.satisfac",
        ),
        (lambda d: d.update(sectors=[]), r"'sectors': must be a non-empty list"),
        (lambda d: d.update(targets=None), r"'targets': must be a non-empty list"),
    ],
)
def test_broken_catalogue_is_refused_naming_entry_and_field(document, breakage, expected):
    breakage(document)
    with pytest.raises(PlanError, match=expected):
        plan_from_dict(document, source="broken.yaml")


def test_all_problems_are_listed_at_once(document):
    _first(document).pop("direction")
    document["targets"][1]["unit"] = "percentage"
    with pytest.raises(PlanError, match=r"2 problem\(s\)") as info:
        plan_from_dict(document, source="broken.yaml")
    assert "broken.yaml" in str(info.value)


def test_missing_and_unparsable_files_are_named(tmp_path):
    with pytest.raises(PlanError, match="plan file not found"):
        load_plan(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("targets: [unclosed", encoding="utf-8")
    with pytest.raises(PlanError, match=r"bad\.yaml: not valid YAML"):
        load_plan(bad)


def test_another_plan_file_works_by_pointing_at_it(document, tmp_path):
    document["plan"]["id"] = "another-plan"
    document["targets"] = [
        t for t in document["targets"] if t["pillar"] == "society" and t["kind"] != "context"
    ]
    other = tmp_path / "other-plan.yaml"
    other.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = load_plan(other)
    assert result.meta["id"] == "another-plan"
    assert len(result.targets) == 6
    assert result.path == other


def test_cds_plan_lists_every_series_in_both_languages(plan):
    # targets in the briefs' words: a rank target is "top 10", growth is "per year"
    for lang, *words in (
        ("vi", "35 chỉ tiêu", "nhóm 10 dẫn đầu", "≥ 7%/năm", "> 99%"),
        ("en", "35 target series", "top 10", "≥ 7%/year", "> 99%"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "cdsanalysis", "plan", "--lang", lang],
            capture_output=True,
            text=True,
            check=True,
        )
        for word in words:
            assert word in result.stdout, word
        for code in plan.judged_targets["code"].unique():
            assert f"\n{code} " in result.stdout, code


def test_cds_plan_refuses_a_broken_plan_with_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sectors: []\ntargets: []\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cdsanalysis", "plan", "--plan", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "bad.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_context_indicators_are_declared_without_targets(plan):
    context = plan.targets[plan.targets["kind"] == "context"]
    assert len(context) == len(plan.targets) - 35
    assert context["id"].str.startswith("ctx.").all()
    assert context["target"].isna().all() and context["deadline"].isna().all()
    assert context["comparison"].isna().all()
    # the DTI 2022 main-index ranks are their own indicators, not the pillar-rank targets
    assert {"ctx.dti.government_activity_rank", "ctx.dti.economy_activity_rank"} <= set(
        context["id"]
    )
    assert not set(context["id"]) & set(plan.judged_targets["id"])
    assert "ctx.health.ehr" in set(plan.targets_for_sector("health")["id"])


def test_cds_plan_leaves_context_indicators_out(plan):
    result = subprocess.run(
        [sys.executable, "-m", "cdsanalysis", "plan", "--lang", "en"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "PAR Index" not in result.stdout and "nan" not in result.stdout
