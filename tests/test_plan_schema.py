"""The plan schema: typed targets from the catalogue, and problems worded by field."""

from __future__ import annotations

import datetime as dt

import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.plan import load_plan
from cdsanalysis.base.plan_schema import TARGET_FIELDS, Sector, Target, validate_entry


def _entry(target_id: str) -> dict:
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    return next(t for t in document["targets"] if t["id"] == target_id)


def test_the_plan_yields_typed_targets_in_frame_order():
    plan = load_plan()
    assert [t.id for t in plan.entries] == list(plan.targets["id"])
    dti = next(t for t in plan.entries if t.id == "rank.dti")
    assert isinstance(dti, Target)
    assert (dti.unit, dti.rank_of, dti.direction, dti.target) == ("rank", 63, -1, 10.0)
    assert isinstance(dti.deadline, dt.date)


def test_target_fields_are_the_frame_columns():
    assert list(load_plan().targets.columns) == TARGET_FIELDS


def test_every_problem_of_an_entry_is_named_by_field():
    entry = dict(_entry("rank.dti"), unit="{0}", colour="red", name_en="")
    target, problems = validate_entry(Target, entry, {"sector_ids": {"urban"}})
    assert target is None
    fields = [field for field, _ in problems]
    assert sorted(fields) == ["colour", "name_en", "unit"]
    assert ("unit", "unknown unit '{0}' (one of percent, rank, ratio, index, count, yes_no)") in (
        problems
    )


def test_two_unknown_sectors_are_two_problems():
    entry = dict(_entry("gov.satisfaction"), sectors=["finance", "mining"])
    _, problems = validate_entry(Target, entry, {"sector_ids": {"urban", "health"}})
    assert problems == [
        ("sectors", "unknown sector 'finance' (one of health, urban)"),
        ("sectors", "unknown sector 'mining' (one of health, urban)"),
    ]


def test_a_rank_beyond_its_places_is_a_problem_of_the_target_field():
    entry = dict(_entry("rank.dti"), target=70)
    _, problems = validate_entry(Target, entry, {"sector_ids": set(entry["sectors"])})
    assert problems == [("target", "rank target 70 is outside 1..63")]


def test_a_sector_without_a_name_is_refused():
    sector, problems = validate_entry(Sector, {"id": "urban", "name_vi": "Đô thị"})
    assert sector is None
    assert problems == [("name_en", "must be a non-empty text")]


def _context_entry() -> dict:
    return _entry("ctx.par_index.rank")


def test_a_context_indicator_has_no_target_comparison_or_deadline():
    target, problems = validate_entry(Target, _context_entry(), {"sector_ids": set()})
    assert problems == []
    assert (target.kind, target.target, target.comparison, target.deadline) == (
        "context",
        None,
        None,
        None,
    )
    assert (target.unit, target.rank_of, target.direction) == ("rank", 63, -1)


def test_a_context_indicator_that_sets_a_target_is_refused():
    entry = dict(_context_entry(), target=10, comparison="<=", deadline="2025-12-31")
    _, problems = validate_entry(Target, entry, {"sector_ids": set()})
    said = "a context indicator has no target, comparison or deadline"
    assert problems == [("comparison", said), ("target", said), ("deadline", said)]


def test_a_target_still_needs_its_target_comparison_and_deadline():
    entry = {k: v for k, v in _entry("rank.dti").items() if k not in ("target", "deadline")}
    _, problems = validate_entry(Target, entry, {"sector_ids": set()})
    missing = "is missing (required, never defaulted)"
    assert problems == [("target", missing), ("deadline", missing)]


def test_a_context_rank_still_needs_its_places():
    entry = dict(_context_entry(), rank_of=None)
    _, problems = validate_entry(Target, entry, {"sector_ids": set()})
    assert problems == [
        ("rank_of", "a rank target needs the number of places ranked (an integer > 1)")
    ]
