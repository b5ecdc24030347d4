"""Sidecars as `cds clean` meets them: misspelt keys, impossible dates, alias bombs, codes as text.

Each case runs `cds clean` as a subprocess and checks its exit status: 2 (nothing written) for an
unusable sidecar, 1 with --keep-going (the file reported failed, the others cleaned).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from cds_process import run_cds

from cdsanalysis.ingest.sidecar import read_sidecar

GOOD = "Chỉ tiêu,Địa bàn,Kỳ,Giá trị\ngov.dossiers_online,724,2024,50\n"
OTHER = "Chỉ tiêu,Địa bàn,Kỳ,Giá trị\ngov.dossiers_online,718,2024,60\n"


def _billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append(f"source: *a{levels}")
    return "\n".join(lines) + "\n"


def _clean(tmp_path, sidecar: str, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    (raw / "a.csv").write_text(GOOD, encoding="utf-8")
    (raw / "b.csv").write_text(OTHER, encoding="utf-8")
    (raw / "b.csv.meta.yaml").write_text(sidecar, encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "cdsanalysis", "clean", "--raw", str(raw), "--out", str(out)]
    done = subprocess.run([*command, *extra], capture_output=True, text=True, timeout=300)
    report = out / "clean_report.json"
    return done, json.loads(report.read_text("utf-8")) if report.exists() else {}


BAD_SIDECARS = {
    "misspelt key": ("perod: 2024\n", r"unknown key 'perod' \(did you mean 'period'\?\)"),
    "impossible date": ("period: 2024-02-30\n", r"period: .*30/02/2024 is not a calendar date"),
    "nested aliases": (_billion_laughs(9), "anchors and aliases"),
    "oversized": ("source: x\n" + "# padding\n" * 7_000, "over the limit of 64,000 bytes"),
    "list value": ("area: [724, 718]\n", "'area' must be one value"),
}


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
@pytest.mark.parametrize("case", list(BAD_SIDECARS))
def test_bad_sidecar_stops_the_run_naming_it(tmp_path, case):
    text, words = BAD_SIDECARS[case]
    done, report = _clean(tmp_path, text)
    assert done.returncode == 2, done.stderr
    assert "b.csv.meta.yaml" in done.stderr
    assert re.search(words, done.stderr), done.stderr
    assert len(done.stderr) < 2_000  # the message never copies the input
    assert report == {}  # nothing written


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
@pytest.mark.parametrize("case", ["misspelt key", "impossible date", "nested aliases"])
def test_bad_sidecar_with_keep_going_fails_only_its_file(tmp_path, case):
    done, report = _clean(tmp_path, BAD_SIDECARS[case][0], "--keep-going")
    assert done.returncode == 1, done.stderr
    status = {f["file"]: (f["status"], f["message"]) for f in report["files"]}
    assert status["a.csv"][0] == "ok"
    assert status["b.csv"][0] == "failed"
    assert "b.csv.meta.yaml" in status["b.csv"][1]
    assert "FAILED b.csv: b.csv.meta.yaml" in done.stdout
    assert report["records_clean"] == 1


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
def test_nested_alias_sidecar_is_refused_with_bounded_memory(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.csv").write_text(GOOD, encoding="utf-8")
    (raw / "b.csv").write_text(OTHER, encoding="utf-8")
    (raw / "b.csv.meta.yaml").write_text(_billion_laughs(9), encoding="utf-8")
    args = ["clean", "--raw", str(raw), "--out", str(tmp_path / "out")]
    done, peak_mb = run_cds(args, measure=True)
    assert done.returncode == 2
    print(f"peak memory of the clean refusing a level-9 alias bomb: {peak_mb:.0f} MB")
    assert peak_mb < 600


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
def test_codes_stay_text_and_good_sidecars_still_work(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.csv").write_text(GOOD, encoding="utf-8")
    (raw / "a.csv.meta.yaml").write_text(
        "Area: 0724\nperiod: 2024\nprovenance: published\nunit:\n", encoding="utf-8"
    )
    assert read_sidecar(raw / "a.csv") == {
        "area": "0724",
        "period": "2024",
        "provenance": "published",
    }
    (raw / "a.csv.meta.yaml").write_text("provenance: published\n", encoding="utf-8")
    done, report = _clean(tmp_path, "period: Năm 2024\n")
    assert done.returncode == 0, done.stderr
    assert report["records_clean"] == 2
