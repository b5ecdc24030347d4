"""`cds aliases` as the analyst runs it, on a temporary copy of a small project (CDS_ROOT), so
the project's own data/reference is never written by a test."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from cdsanalysis.base import paths

LABEL = "Tỷ lệ hài lòng của DN về giải quyết TTHC"
ROWS = (
    "Chỉ tiêu,Địa bàn,Kỳ,Giá trị\n"
    f"{LABEL},74,2024,81\n"
    f"{LABEL},74,2023,78\n"
    "Tỷ lệ hồ sơ TTHC xử lý trực tuyến,74,2024,60\n"
    "Cung cấp DVCTT trên thiết bị di động,74,2024,1\n"
    "gov.dossiers_online,Phường Mới Lạ,2024,50\n"
)


@pytest.fixture()
def project(tmp_path):
    """A project root with data/reference copied and one raw file."""
    root = tmp_path / "project"
    shutil.copytree(paths.REFERENCE_DIR, root / "data" / "reference")
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "agency.csv").write_text(ROWS, encoding="utf-8")
    return root


def cds(root, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CDS_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "cdsanalysis", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _outputs(root):
    processed = root / "data" / "processed"
    quarantine = pd.read_csv(processed / "quarantine.csv", dtype=str, keep_default_na=False)
    observations = pd.read_csv(processed / "observations.csv", dtype=str, keep_default_na=False)
    inputs = json.loads((processed / "inputs.json").read_text("utf-8"))
    return quarantine, observations, inputs


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
def test_review_accept_and_remove_change_the_next_clean(project):
    shipped = (paths.REFERENCE_DIR / "indicator_aliases.csv").read_bytes()
    assert cds(project, "clean").returncode == 0
    quarantine, observations, first = _outputs(project)
    unknown = quarantine[quarantine["reason_code"] == "unknown_indicator"]
    assert unknown["indicator_raw"].tolist() == [LABEL, LABEL]
    assert "gov.satisfaction" in unknown["candidates"].iloc[0]
    report = json.loads((project / "data/processed/clean_report.json").read_text("utf-8"))
    assert "Có phải: G5" in report["files"][0]["message"]
    similar = observations[observations["note"].str.contains("by similarity")]
    assert similar["indicator_id"].tolist() == ["gov.online_services.mobile"]

    listed = cds(project, "aliases")
    assert listed.returncode == 0
    assert f"'{LABEL}' ×2: chưa khớp; có phải: gov.satisfaction" in listed.stdout
    assert "tệp: agency.csv" in listed.stdout
    assert "đọc theo độ giống là" in listed.stdout
    assert "'Phường Mới Lạ' ×1" in listed.stdout
    english = cds(project, "aliases", "--lang", "en")
    assert f"'{LABEL}' ×2: unmatched; candidates: gov.satisfaction" in english.stdout

    accepted = cds(project, "aliases", "accept", LABEL, "G5")
    assert accepted.returncode == 0, accepted.stderr
    assert "gov.satisfaction" in accepted.stdout and "đã nhận" in accepted.stdout
    area = cds(project, "aliases", "accept", "Phường Mới Lạ", "724", "--area", "--lang", "en")
    assert area.returncode == 0, area.stderr
    assert "accepted as a name of area 724" in area.stdout

    assert cds(project, "clean").returncode == 0
    quarantine, observations, second = _outputs(project)
    assert quarantine.empty
    assert (observations["indicator_id"] == "gov.satisfaction").sum() == 2
    # the record of inputs hashes the reviewed files: the earlier set is seen as stale
    for name in ("indicator_aliases.csv", "area_aliases.csv"):
        assert first["reference"][name] != second["reference"][name]

    removed = cds(project, "aliases", "remove", LABEL)
    assert removed.returncode == 0 and "đã xoá" in removed.stdout
    assert cds(project, "aliases", "remove", "Phường Mới Lạ", "--area").returncode == 0
    assert cds(project, "clean").returncode == 0
    assert len(_outputs(project)[0]) == 3
    assert (paths.REFERENCE_DIR / "indicator_aliases.csv").read_bytes() == shipped


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["accept", LABEL, "gov.satisfation", "--lang", "en"], "'gov.satisfation' is not an"),
        (["accept", LABEL, "gov.satisfation"], "'gov.satisfation' không phải mã chỉ tiêu"),
        (["accept", "Tỷ lệ hồ sơ trực tuyến", "G5", "--lang", "en"], "gov.dossiers_online"),
        (["accept", LABEL, "--lang", "en"], f"'{LABEL}': give an indicator id"),
        (["accept", LABEL], "hãy ghi mã chỉ tiêu"),
        (["remove", "Tỷ lệ hộ nghèo", "--lang", "en"], "'Tỷ lệ hộ nghèo' is not a reviewed"),
        (["accept", "Dĩ An", "99999", "--area", "--lang", "en"], "'99999' is not an area code"),
        (["remove", "Tên\x1b[31m lạ"], "'Tên\\x1b[31m lạ' không có"),
    ],
)
def test_refused_commands_exit_2_naming_the_label_or_id(project, args, words):
    before = sorted(p.read_bytes() for p in (project / "data" / "reference").iterdir())
    done = cds(project, "aliases", *args)
    assert done.returncode == 2, done.stdout
    assert words in done.stderr
    assert "\x1b" not in done.stderr
    after = sorted(p.read_bytes() for p in (project / "data" / "reference").iterdir())
    assert after == before  # a refused command writes nothing
