"""The gateway to the processed data: freshness by content, readers that never clean, and a
set that is only seen whole."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.contracts import OUTPUT_FILES
from cdsanalysis.base.plan import load_plan
from cdsanalysis.clean import gateway
from cdsanalysis.clean.inputs import RECORD_FILE
from cdsanalysis.clean.run import clean_raw
from cdsanalysis.cli.status import run_status


def copy_raw(raw: Path) -> None:
    """The published file and the demo health agency's files (with their sidecars)."""
    shutil.copytree(paths.RAW_DIR / "published", raw / "published")
    (raw / "demo").mkdir()
    for path in (paths.RAW_DIR / "demo").glob("*so-y-te*"):
        shutil.copy(path, raw / "demo" / path.name)


@pytest.fixture()
def cleaned(tmp_path):
    raw = tmp_path / "raw"
    copy_raw(raw)
    plan = tmp_path / "plan.yaml"
    shutil.copy(paths.PLAN_FILE, plan)
    out = tmp_path / "processed"
    clean_raw(raw, out, plan=load_plan(plan))
    return raw, plan, out


def test_a_fresh_clean_is_fresh_and_records_its_inputs(cleaned):
    raw, plan, out = cleaned
    assert gateway.staleness(out) == ""
    record = json.loads((out / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["raw_dir"] == str(raw.resolve())
    assert record["plan"]["path"] == str(plan.resolve())
    assert set(record["outputs"]) == set(OUTPUT_FILES)
    assert all(name.startswith(("published/", "demo/")) for name in record["raw"])
    assert any(name.endswith(".meta.yaml") for name in record["raw"])


def test_a_deleted_or_added_raw_file_makes_the_data_stale(cleaned):
    raw, _, out = cleaned
    victim = sorted(raw.rglob("*.csv"))[0]
    rel = victim.relative_to(raw).as_posix()
    victim.unlink()
    assert f"raw file {rel} deleted" in gateway.staleness(out)
    shutil.copy(sorted(raw.rglob("*.xlsx"))[0], raw / "extra.xlsx")
    assert "raw file extra.xlsx added" in gateway.staleness(out)


def test_an_edited_plan_alias_makes_the_data_stale(cleaned):
    _, plan, out = cleaned
    document = yaml.safe_load(plan.read_text(encoding="utf-8"))
    document["targets"][0].setdefault("aliases", []).append("Một tên khác của chỉ tiêu")
    plan.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    assert f"plan {plan.resolve()} changed" in gateway.staleness(out)


def test_an_edited_reference_table_makes_the_data_stale(cleaned, tmp_path, monkeypatch):
    _, _, out = cleaned
    reference = tmp_path / "reference"
    shutil.copytree(paths.REFERENCE_DIR, reference)
    monkeypatch.setattr(paths, "REFERENCE_DIR", reference)
    assert gateway.staleness(out) == ""
    aliases = reference / "area_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "reference table area_aliases.csv changed" in gateway.staleness(out)


def test_outputs_not_written_by_the_clean_are_stale(cleaned):
    _, _, out = cleaned
    frame = pd.read_parquet(out / "observations.parquet")
    frame.iloc[:1].to_parquet(out / "observations.parquet", index=False)
    assert "observations.parquet is not the file the clean wrote" in gateway.staleness(out)
    (out / RECORD_FILE).unlink()
    assert "no record of the inputs" in gateway.staleness(out)


def test_readers_wait_while_a_clean_holds_the_lock(cleaned):
    _, _, out = cleaned
    (out / ".clean.lock").write_text(f"{os.getpid()}\n", encoding="ascii")
    started = time.monotonic()
    gateway.wait_for_writer(out, timeout=0.5)
    assert time.monotonic() - started >= 0.5
    (out / ".clean.lock").unlink()
    started = time.monotonic()
    gateway.wait_for_writer(out, timeout=5)
    assert time.monotonic() - started < 1


def test_status_says_stale_and_never_cleans(cleaned, capsys):
    raw, _, out = cleaned
    victim = sorted(raw.rglob("*.csv"))[0]
    victim.unlink()
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert run_status(processed_dir=out, stream=io.StringIO()) == 0
    err = capsys.readouterr().err
    assert "stale" in err and f"{victim.relative_to(raw).as_posix()} deleted" in err
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_readers_keep_the_contract(cleaned):
    _, _, out = cleaned
    frame = gateway.read_observations(out)
    assert list(frame.columns[:17]) == list(gateway.read_observations(out).columns[:17])
    assert frame["value"].dtype == float
    assert set(gateway.read_quarantine(out).columns) >= {"reason_code", "reason"}
    assert gateway.read_clean_report(out)["records_read"] > 0
    assert gateway.read_clean_report(out / "nowhere") == {}


# --------------------------------------------------------------------------------------------
# A project copy: `cds briefs` and load_observations() clean again, `cds status` does not
# --------------------------------------------------------------------------------------------


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CDS_ROOT=str(root))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=900, env=env
    )


def _record(root: Path) -> dict:
    return json.loads((root / "data" / "processed" / RECORD_FILE).read_text(encoding="utf-8"))


def _edit_plan(root: Path) -> str:
    plan = root / "data" / "reference" / "plan.yaml"
    document = yaml.safe_load(plan.read_text(encoding="utf-8"))
    document["targets"][0].setdefault("aliases", []).append("Một tên khác của chỉ tiêu")
    plan.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return "plan"


def _edit_reference(root: Path) -> str:
    aliases = root / "data" / "reference" / "area_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return "reference table area_aliases.csv changed"


def _delete_raw(root: Path) -> str:
    victim = sorted((root / "data" / "raw").rglob("*.csv"))[0]
    victim.unlink()
    return f"raw file {victim.relative_to(root / 'data' / 'raw').as_posix()} deleted"


@pytest.mark.slow
@pytest.mark.parametrize("change", [_delete_raw, _edit_plan, _edit_reference])
def test_briefs_and_load_observations_clean_again_status_does_not(tmp_path, change):
    root = tmp_path / "project"
    copy_raw(root / "data" / "raw")
    shutil.copytree(paths.REFERENCE_DIR, root / "data" / "reference")
    shutil.copytree(paths.NOTEBOOKS_DIR, root / "notebooks")
    assert _run(root, "-m", "cdsanalysis", "clean").returncode == 0
    first = _record(root)
    words = change(root)

    status = _run(root, "-m", "cdsanalysis", "status", "--sector", "health")
    assert status.returncode == 0, status.stderr
    assert "stale" in status.stderr and words in status.stderr
    assert _record(root) == first  # status never cleans

    briefs = _run(
        root, "-m", "cdsanalysis", "briefs", "--sector", "health", "--lang", "vi",
        "--out", str(tmp_path / "reports"),
    )  # fmt: skip
    assert briefs.returncode == 0, briefs.stderr
    assert "cleaning the raw data first" in briefs.stderr and words in briefs.stderr
    second = _record(root)
    assert second != first

    added = root / "data" / "raw" / "extra.xlsx"
    shutil.copy(sorted((root / "data" / "raw").rglob("*.xlsx"))[0], added)
    loaded = _run(root, "-c", "import cdsanalysis as cds; print(len(cds.load_observations()))")
    assert loaded.returncode == 0, loaded.stderr
    assert "cleaning the raw data first" in loaded.stderr
    assert "raw file extra.xlsx added" in loaded.stderr
    assert _record(root) != second
    fresh = _run(root, "-c", "from cdsanalysis.clean import gateway; print(gateway.staleness())")
    assert fresh.returncode == 0 and fresh.stdout.strip() == ""
