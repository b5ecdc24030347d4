"""The guarded YAML reader: aliases, oversized files, text scalars, unknown keys, short messages."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
import time

import pytest
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.plan import PlanError, load_plan, plan_from_dict
from cdsanalysis.base.yaml_safe import (
    SIDECAR_MAX_BYTES,
    YamlFileError,
    read_yaml,
    unknown_keys,
)


def billion_laughs(levels: int) -> str:
    """A document whose last alias expands to 10**levels strings."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        previous = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{previous}]")
    return "\n".join(lines) + "\n"


def test_nested_aliases_are_refused_before_they_expand(tmp_path):
    bomb = tmp_path / "plan.yaml"
    bomb.write_text(billion_laughs(9), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(PlanError, match=r"plan\.yaml: line 1: YAML anchors and aliases"):
        load_plan(bomb)
    assert time.perf_counter() - started < 2.0


def test_the_bomb_is_refused_in_bounded_memory(tmp_path):
    bomb = tmp_path / "plan.yaml"
    bomb.write_text(billion_laughs(9), encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import resource, sys
        from cdsanalysis.base.plan import PlanError, load_plan
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            load_plan({str(bomb)!r})
        except PlanError:
            pass
        else:
            sys.exit("the bomb loaded")
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(before, after)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    before_kb, after_kb = map(int, result.stdout.split())
    # ru_maxrss is in kilobytes on Linux: refusing the bomb adds well under 20 MB.
    assert after_kb - before_kb < 20_000, (before_kb, after_kb)


def test_a_single_anchor_is_refused_too(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("sectors: &s []\ntargets: []\n", encoding="utf-8")
    with pytest.raises(YamlFileError, match="line 1: YAML anchors and aliases"):
        read_yaml(path, max_bytes=1000, what="plan file")


def test_a_5_mb_plan_file_is_refused_from_its_size(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("# padding\n" * 500_000, encoding="utf-8")
    with pytest.raises(PlanError, match=r"plan\.yaml: the plan file is 5,000,000 bytes, over"):
        load_plan(path)


def test_sidecar_limit_and_text_scalars(tmp_path):
    path = tmp_path / "file.xlsx.yaml"
    path.write_text("area: 0724\nperiod: 2024\nfinal: yes\n", encoding="utf-8")
    assert read_yaml(path, max_bytes=SIDECAR_MAX_BYTES, text_scalars=True) == {
        "area": "0724",
        "period": "2024",
        "final": "yes",
    }
    assert read_yaml(path, max_bytes=SIDECAR_MAX_BYTES)["area"] == 468  # what YAML 1.1 does
    path.write_text("x: 1\n" * 20_000, encoding="utf-8")
    with pytest.raises(YamlFileError, match="over the limit of 64,000 bytes"):
        read_yaml(path, max_bytes=SIDECAR_MAX_BYTES, what="sidecar")


def test_unknown_keys_come_with_the_closest_allowed_key():
    result = unknown_keys({"area": 1, "perod": 2, "colour": 3}, ["area", "period", "unit"])
    assert result == [("perod", "period"), ("colour", None)]


def test_a_huge_field_value_gives_a_short_message():
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    broken = copy.deepcopy(document)
    huge = "x" * 70_000_000
    broken["targets"][0].update(unit=huge, direction=huge, target=huge, sectors=[huge])
    broken["targets"][0][huge] = 1
    broken["targets"][1]["id"] = huge
    broken["targets"][1]["unit"] = "percentage"
    with pytest.raises(PlanError) as info:
        plan_from_dict(broken, source="huge.yaml")
    message = str(info.value)
    assert len(message) < 3000
    assert "field 'unit': unknown unit 'xxx" in message
    assert "…" in message
    for line in message.splitlines():
        assert len(line) < 400, line[:100]


def test_an_unparsable_file_gives_a_short_message(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("targets: [" + "y" * 100_000 + "\n  : ]", encoding="utf-8")
    with pytest.raises(PlanError, match=r"plan\.yaml: not valid YAML") as info:
        load_plan(path)
    assert len(str(info.value)) <= 300


def test_cds_plan_refuses_the_bomb_with_exit_2(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(9), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cdsanalysis", "plan", "--plan", str(bomb)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "bomb.yaml" in result.stderr
    assert "anchors and aliases" in result.stderr
    assert "Traceback" not in result.stderr
