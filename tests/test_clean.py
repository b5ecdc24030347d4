"""The cleaner: the record invariant, quarantine, precedence and revisions, the fraction rule,
duplicates, byte-identical and atomic outputs, the data package, and the safe_io helpers."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cdsanalysis.base import safe_io
from cdsanalysis.base.contracts import (
    OBSERVATION_COLUMNS,
    OUTPUT_FILES,
    QUARANTINE_COLUMNS,
    REASON_CODES,
)
from cdsanalysis.clean.run import CleanError, clean_raw, run_clean

HEADER = "Chỉ tiêu,Đơn vị hành chính,Lĩnh vực,Kỳ báo cáo,Giá trị,Đơn vị tính,Ghi chú\n"
COUNTS = ("records_clean", "records_quarantined", "records_no_data", "records_duplicate")


def _csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _read(out: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(out / name, dtype=str, keep_default_na=False)
    if "value" in frame and name == "observations.csv":
        frame["value"] = frame["value"].astype(float)
    return frame


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def _invariant(entry: dict) -> None:
    assert entry["records_read"] == sum(entry[c] for c in COUNTS), entry


@pytest.fixture
def raw(tmp_path) -> Path:
    """A raw folder with one good long CSV."""
    folder = tmp_path / "raw"
    _csv(
        folder / "so-tttt" / "tong-hop.csv",
        [
            'gov.dossiers_online,TP. Dĩ An,,Năm 2024,"85,5",%,',
            "gov.satisfaction,Thuận An,,2024,90,%,",
            "rank.dti,Bình Dương,,2023,19/63,,",
        ],
    )
    return folder


# ---------------------------------------------------------------------------------------------
# invariant and quarantine
# ---------------------------------------------------------------------------------------------


def test_a_file_of_bad_cells_is_all_quarantined_naming_file_cell_and_reason(tmp_path):
    rows = [
        "Tỷ lệ không có trong kế hoạch,Dĩ An,,2024,50,%,",  # unknown_indicator
        "gov.dossiers_online,Xã Không Có,,2024,50,%,",  # unknown_area
        "gov.dossiers_online,Tân Bình,,2024,50,%,",  # ambiguous: not the same Tân Bình
        "gov.dossiers_online,724,,Quý V/2024,50,%,",  # bad_period
        "gov.dossiers_online,724,,2024,năm mươi,%,",  # bad_value
        "gov.dossiers_online,724,,2023,112,%,",  # out_of_range
        "rank.dti,74,,2024,70/63,,",  # out_of_range: rank beyond its denominator
        "gov.dossiers_online,724,Thiên văn,2024,50,%,",  # unknown_sector
        "gov.dossiers_online,724,,2022,50,người,",  # unit_mismatch
        "gov.online_services.mobile,74,,2024,2,,",  # out_of_range for yes/no
    ]
    raw = tmp_path / "raw"
    _csv(raw / "xau.csv", rows)
    result = clean_raw(raw, tmp_path / "out")
    entry = result.files[0]
    _invariant(entry)
    assert entry["records_read"] == len(rows) == entry["records_quarantined"]
    assert result.records_clean == 0
    quarantine = _read(tmp_path / "out", "quarantine.csv")
    assert list(quarantine.columns) == QUARANTINE_COLUMNS
    assert set(quarantine["source_file"]) == {"xau.csv"}
    assert quarantine["source_ref"].tolist() == [f"E{r}" for r in range(2, 12)]
    assert quarantine["reason_code"].tolist() == [
        "unknown_indicator",
        "unknown_area",
        "ambiguous_area",
        "bad_period",
        "bad_value",
        "out_of_range",
        "out_of_range",
        "unknown_sector",
        "unit_mismatch",
        "out_of_range",
    ]
    assert set(quarantine["reason_code"]) <= set(REASON_CODES)
    assert (quarantine["reason"].str.len() > 10).all()
    assert "70 is not a rank in 1..63" in quarantine["reason"][6]
    assert (tmp_path / "out" / "observations.csv").read_text(encoding="utf-8").count("\n") == 1


def test_no_data_markers_are_counted_not_dropped(tmp_path):
    raw = tmp_path / "raw"
    _csv(raw / "a.csv", [f"gov.dossiers_online,724,,{y},{m},%," for y, m in
                         [(2022, "-"), (2023, "x"), (2024, "KPS"), (2025, "…")]])  # fmt: skip
    result = clean_raw(raw, tmp_path / "out")
    assert (result.records_read, result.records_no_data) == (4, 4)
    _invariant(result.files[0])


def test_empty_and_header_only_files_are_empty_not_failed(tmp_path, raw):
    (raw / "empty.csv").write_bytes(b"")
    _csv(raw / "header-only.csv", [])
    wb = openpyxl.Workbook()
    wb.save(raw / "blank.xlsx")
    result = clean_raw(raw, tmp_path / "out")
    status = {e["file"]: e["status"] for e in result.files}
    assert status == {
        "blank.xlsx": "empty",
        "empty.csv": "empty",
        "header-only.csv": "empty",
        "so-tttt/tong-hop.csv": "ok",
    }
    assert result.records_clean == 3


# ---------------------------------------------------------------------------------------------
# duplicates, conflicts, revisions, period kinds
# ---------------------------------------------------------------------------------------------


def test_conflicts_are_won_by_official_then_published_then_synthetic(tmp_path):
    raw = tmp_path / "raw"
    row = "gov.dossiers_online,Thành phố Dĩ An,,2024,{},%,"
    _csv(raw / "demo" / "mau.csv", [row.format(70)])
    _csv(raw / "published" / "cong-bo.csv", [row.format(75)])
    _csv(raw / "so-tttt" / "bao-cao.csv", [row.format(80)])
    _csv(raw / "published" / "trung.csv", [row.format(80)])  # same value as the winner
    result = clean_raw(raw, tmp_path / "out")
    obs = _read(tmp_path / "out", "observations.csv")
    assert obs[["value", "provenance", "source_file", "source_ref"]].values.tolist() == [
        [80.0, "official", "so-tttt/bao-cao.csv", "E2"]
    ]
    quarantine = _read(tmp_path / "out", "quarantine.csv")
    assert quarantine["source_file"].tolist() == ["demo/mau.csv", "published/cong-bo.csv"]
    assert (quarantine["reason_code"] == "conflict").all()
    assert quarantine["reason"].str.contains("so-tttt/bao-cao.csv E2").all()
    assert (result.conflicts, result.records_duplicate) == (2, 1)
    for entry in result.files:
        _invariant(entry)
    by_file = {e["file"]: e for e in result.files}
    assert by_file["published/trung.csv"]["records_duplicate"] == 1
    assert by_file["demo/mau.csv"]["conflicts"] == 1


def test_within_one_provenance_the_later_revision_wins(tmp_path):
    raw = tmp_path / "raw"
    # the year-end report (to 2024) comes before the report that runs to 2025-H1
    _csv(raw / "b-bao-cao-nam-2024.csv", ["gov.satisfaction,74,,2023,80,%,"])
    _csv(
        raw / "a-bao-cao-2025.csv",
        ["gov.satisfaction,74,,2023,81,%,", "gov.satisfaction,74,,6 tháng đầu năm 2025,85,%,"],
    )
    # within one file, a later row revises an earlier one
    _csv(raw / "c.csv", ["gov.cashless_admin,74,,2024,30,%,", "gov.cashless_admin,74,,2024,31,%,"])
    clean_raw(raw, tmp_path / "out")
    obs = _read(tmp_path / "out", "observations.csv").set_index(["indicator_id", "period"])
    assert obs.loc[("gov.satisfaction", "2023"), "value"] == 81
    assert obs.loc[("gov.cashless_admin", "2024"), "source_ref"] == "E3"
    quarantine = _read(tmp_path / "out", "quarantine.csv")
    assert quarantine[["source_file", "reason_code"]].values.tolist() == [
        ["b-bao-cao-nam-2024.csv", "conflict"],
        ["c.csv", "conflict"],
    ]


def test_exact_duplicates_are_counted_once(tmp_path):
    raw = tmp_path / "raw"
    row = 'gov.dossiers_online,724,,Năm 2024,"85,5",%,'
    _csv(raw / "a.csv", [row, row, "gov.dossiers_online,Thành phố Dĩ An,,2024,85.5%,%,"])
    _csv(raw / "b.csv", [row])
    result = clean_raw(raw, tmp_path / "out")
    assert (result.records_read, result.records_clean, result.records_duplicate) == (4, 1, 3)
    assert result.conflicts == 0
    for entry in result.files:
        _invariant(entry)


def test_estimate_and_official_figures_of_one_period_are_both_kept(tmp_path):
    raw = tmp_path / "raw"
    _csv(
        raw / "a.csv",
        [
            "gov.dossiers_online,74,,Ước 2024,44,%,",
            "gov.dossiers_online,74,,Năm 2024,46,%,",
            "gov.dossiers_online,74,,Sơ bộ 2024,45,%,",
        ],
    )
    clean_raw(raw, tmp_path / "out")
    obs = _read(tmp_path / "out", "observations.csv")
    assert sorted(zip(obs["period"], obs["period_kind"], obs["value"], strict=True)) == [
        ("2024", "estimate", 44.0),
        ("2024", "official", 46.0),
        ("2024", "preliminary", 45.0),
    ]


# ---------------------------------------------------------------------------------------------
# fraction-percent rule, matching details
# ---------------------------------------------------------------------------------------------


def test_a_percent_column_of_fractions_is_read_times_100_with_a_note(tmp_path):
    raw = tmp_path / "raw"
    _csv(
        raw / "a.csv",
        [
            'gov.dossiers_online,724,,2023,"0,42",%,',
            'gov.dossiers_online,725,,2023,"0,615",%,',
            'gov.satisfaction,724,,2023,"0,9",%,',  # another indicator of the sheet
            "gov.satisfaction,725,,2023,88,%,",  # ... not only fractions: left alone
            'gov.cashless_admin,724,,2023,"0,5%",%,',  # written with "%": a percent
        ],
    )
    clean_raw(raw, tmp_path / "out")
    obs = _read(tmp_path / "out", "observations.csv").set_index(["indicator_id", "geo_code"])
    assert obs.loc[("gov.dossiers_online", "724"), "value"] == 42
    assert obs.loc[("gov.dossiers_online", "725"), "value"] == 61.5
    assert "read as fractions" in obs.loc[("gov.dossiers_online", "724"), "note"]
    assert obs.loc[("gov.satisfaction", "724"), "value"] == 0.9
    assert obs.loc[("gov.cashless_admin", "724"), "value"] == 0.5
    assert obs.loc[("gov.satisfaction", "724"), "note"] == ""


def test_indicator_names_match_in_any_form(tmp_path):
    raw = tmp_path / "raw"
    names = [
        "gov.dossiers_online",
        "  GOV.DOSSIERS_ONLINE ",
        unicodedata.normalize("NFD", "Tỷ lệ hồ sơ trực tuyến"),
        "hồ sơ giải quyết theo dịch vụ công trực tuyến toàn trình và một phần trên tổng số hồ sơ",
        "TỶ LỆ HỒ SƠ GIẢI QUYẾT THEO DỊCH VỤ CÔNG TRỰC TUYẾN  TOÀN TRÌNH VÀ MỘT PHẦN TRÊN TỔNG "
        "SỐ HỒ SƠ",
        "1. Tỷ lệ hồ sơ trực tuyến (%)",
    ]
    _csv(raw / "a.csv", [f'"{n}",74,,{2018 + i},50,%,' for i, n in enumerate(names)])
    result = clean_raw(raw, tmp_path / "out")
    assert result.records_clean == len(names)
    obs = _read(tmp_path / "out", "observations.csv")
    assert set(obs["indicator_id"]) == {"gov.dossiers_online"}


def test_post_2025_periods_use_the_new_communes(tmp_path):
    raw = tmp_path / "raw"
    _csv(
        raw / "a.csv",
        [
            "gov.dossiers_online,Phường Dĩ An,,Quý II/2025,60,%,",
            "gov.dossiers_online,Phường Dĩ An,,Quý III/2025,61,%,",
            "gov.dossiers_online,Phường Bình Dương,,Quý III/2025,62,%,",  # a new name
        ],
    )
    clean_raw(raw, tmp_path / "out")
    obs = _read(tmp_path / "out", "observations.csv")
    got = obs[["geo_code", "geo_vintage", "period"]].values.tolist()
    assert got == [  # sorted by vintage, then code
        ["25942", "2025-01-04", "2025-Q2"],
        ["25760", "2025-07-01", "2025-Q3"],
        ["25942", "2025-07-01", "2025-Q3"],
    ]


# ---------------------------------------------------------------------------------------------
# outputs: columns, formula guard, data package, byte-identical, atomic
# ---------------------------------------------------------------------------------------------


def test_outputs_columns_and_formula_guard(tmp_path, raw):
    _csv(raw / "b.csv", ['econ.labour_productivity_growth,74,,2024,-1.5,%,=HYPERLINK("x")'])
    result = clean_raw(raw, tmp_path / "out")
    out = tmp_path / "out"
    assert set(result.paths) == set(OUTPUT_FILES)
    obs = _read(out, "observations.csv")
    assert list(obs.columns) == OBSERVATION_COLUMNS
    parquet = pd.read_parquet(out / "observations.parquet")
    assert list(parquet.columns) == OBSERVATION_COLUMNS
    assert len(parquet) == len(obs) == 4
    row = obs[obs["indicator_id"] == "econ.labour_productivity_growth"].iloc[0]
    assert row["value"] == -1.5  # numbers are never altered
    assert row["note"] == '\'=HYPERLINK("x")'
    # the parquet keeps the text as written
    note = parquet.loc[parquet["indicator_id"] == "econ.labour_productivity_growth", "note"]
    assert note.iloc[0] == '=HYPERLINK("x")'
    report = json.loads((out / "clean_report.json").read_text(encoding="utf-8"))
    assert report["records_read"] == 4
    assert {"records_clean", "target_cells", "conflicts", "files"} <= set(report)


def test_datapackage_is_valid_frictionless(tmp_path, raw):
    frictionless = pytest.importorskip("frictionless")
    _csv(raw / "b.csv", ["foo,74,,2024,1,%,", "gov.satisfaction,74,,2024,-,%,"])
    clean_raw(raw, tmp_path / "out")
    report = frictionless.validate(str(tmp_path / "out" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert names == ["observations", "quarantine"]
    assert package["resources"][0]["schema"]["primaryKey"] == [
        "indicator_id",
        "sector",
        "geo_code",
        "geo_vintage",
        "period",
        "period_kind",
    ]


def test_two_runs_give_byte_identical_outputs(tmp_path, raw):
    _csv(raw / "b.csv", ["foo,74,,2024,1,%,", "gov.satisfaction,Dĩ An,,2024,88,%,"])
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Đơn vị", "Năm 2023", "Năm 2024"], ["Dĩ An", 30, 35], ["Thuận An", 31, "-"]]:
        ws.append(row)
    wb.save(raw / "m.xlsx")
    (raw / "m.xlsx.meta.yaml").write_text("indicator: gov.cashless_admin\n", encoding="utf-8")
    clean_raw(raw, tmp_path / "one")
    clean_raw(raw, tmp_path / "two")
    assert _snapshot(tmp_path / "one") == _snapshot(tmp_path / "two")
    clean_raw(raw, tmp_path / "one")  # and again over its own previous outputs
    assert _snapshot(tmp_path / "one") == _snapshot(tmp_path / "two")


def test_a_failing_run_leaves_the_previous_outputs(tmp_path, raw):
    out = tmp_path / "out"
    clean_raw(raw, out)
    before = _snapshot(out)
    (raw / "zz-corrupt.xlsx").write_bytes(b"PK\x03\x04 broken")
    _csv(raw / "so-tttt" / "more.csv", ["gov.satisfaction,74,,2025,91,%,"])
    with pytest.raises(CleanError, match="zz-corrupt.xlsx"):
        clean_raw(raw, out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out", "raw"]  # no temp left


def test_keep_going_records_the_failed_file_and_exits_1(tmp_path, raw):
    (raw / "zz-corrupt.xlsx").write_bytes(b"PK\x03\x04 broken")
    stream = io.StringIO()
    status = run_clean(raw, tmp_path / "out", keep_going=True, stream=stream)
    assert status == 1
    report = json.loads((tmp_path / "out" / "clean_report.json").read_text(encoding="utf-8"))
    failed = [e for e in report["files"] if e["status"] == "failed"]
    assert [e["file"] for e in failed] == ["zz-corrupt.xlsx"]
    assert "not a readable XLSX" in failed[0]["message"]
    text = stream.getvalue()
    assert "FAILED zz-corrupt.xlsx" in text and "clean_report.json" in text


def test_run_clean_summary(tmp_path, raw):
    stream = io.StringIO()
    assert run_clean(raw, tmp_path / "out", stream=stream) == 0
    text = stream.getvalue()
    for words in ("records read", "clean", "quarantined", "no data", "duplicates", "long 1 file"):
        assert words in text


def test_unusable_input_raises(tmp_path):
    with pytest.raises(CleanError, match="does not exist"):
        clean_raw(tmp_path / "nowhere", tmp_path / "out")
    (tmp_path / "raw").mkdir()
    with pytest.raises(CleanError, match="no raw files"):
        clean_raw(tmp_path / "raw", tmp_path / "out")
    assert not (tmp_path / "out").exists()


_KILL_HELPER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    import cdsanalysis.clean.run as clean
    import cdsanalysis.clean.write as write

    original = write.write_csv

    def slow_write_csv(*args, **kwargs):
        original(*args, **kwargs)
        # this test's own switch: stop half-way through writing the outputs
        Path(os.environ["CDS_TEST_KILL_MARKER"]).write_text("writing")
        time.sleep(120)

    write.write_csv = slow_write_csv
    clean.clean_raw(sys.argv[1], sys.argv[2])
    """
)


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_run_killed_mid_way_leaves_the_previous_outputs(tmp_path, raw):
    out = tmp_path / "out"
    clean_raw(raw, out)
    before = _snapshot(out)
    _csv(raw / "so-tttt" / "more.csv", ["gov.satisfaction,74,,2025,91,%,"])
    helper = tmp_path / "helper.py"
    helper.write_text(_KILL_HELPER, encoding="utf-8")
    marker = tmp_path / "marker"
    env = dict(os.environ, CDS_TEST_KILL_MARKER=str(marker))
    process = subprocess.Popen([sys.executable, str(helper), str(raw), str(out)], env=env)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None, "the helper ended before writing"
            assert time.monotonic() < deadline, "the helper never reached the outputs"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert _snapshot(out) == before
    # the next run cleans up after itself and writes the new outputs
    clean_raw(raw, out)
    assert _snapshot(out) != before


# ---------------------------------------------------------------------------------------------
# safe_io
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Dĩ An", "Dĩ An"),
        ("", ""),
        (-5.0, -5.0),
        (None, None),
    ],
)
def test_neutralise_formula(cell, expected):
    assert safe_io.neutralise_formula(cell) == expected


def test_neutralise_frame_leaves_numbers_and_the_input_alone():
    frame = pd.DataFrame(
        {"name": pd.Series(["=cmd", "ok", None], dtype=object), "value": [-1.0, 2.0, 3.0]}
    )
    result = safe_io.neutralise_frame(frame, ["name", "value"])
    assert result["name"].tolist() == ["'=cmd", "ok", None]
    assert result["value"].tolist() == [-1.0, 2.0, 3.0]
    assert frame["name"][0] == "=cmd"


def test_atomic_writes(tmp_path):
    target = tmp_path / "sub" / "a.txt"
    safe_io.atomic_write_text(target, "xin chào\n")
    assert target.read_bytes() == "xin chào\n".encode()
    safe_io.atomic_write_bytes(target, b"2")
    assert target.read_bytes() == b"2"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]
    staging, final = tmp_path / "staging", tmp_path / "final"
    staging.mkdir()
    (staging / "x.csv").write_text("new", encoding="utf-8")
    final.mkdir()
    (final / "x.csv").write_text("old", encoding="utf-8")
    safe_io.atomic_replace_dir_files(staging, final, ["x.csv"])
    assert (final / "x.csv").read_text(encoding="utf-8") == "new"
    with pytest.raises(FileNotFoundError, match="missing"):
        safe_io.atomic_replace_dir_files(staging, final, ["nope.csv"])


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_staging_folders_and_the_lock_of_killed_runs_are_taken_over(tmp_path, raw):
    out = tmp_path / "out"
    stale = out / ".staging-abc123"
    stale.mkdir(parents=True)
    (stale / "observations.csv").write_text("half", encoding="utf-8")
    (out / ".clean.lock").write_text(f"{_dead_pid()}\n", encoding="ascii")
    clean_raw(raw, out)
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, "inputs.json"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]  # nothing beside it


def _cds_clean(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cdsanalysis", "clean", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow  # a whole `cds clean` in a subprocess: `make test` runs it
def test_an_unusable_out_folder_is_exit_2_naming_it(tmp_path, raw):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    cases = [
        (a_file, "exists and is not a folder"),
        (raw, "is the raw folder"),
        (raw / "processed", "inside the raw folder"),
        (tmp_path, "holds the raw folder"),
        (a_file / "sub", "cannot write the outputs"),
    ]
    for out, words in cases:
        done = _cds_clean("--raw", str(raw), "--out", str(out))
        assert done.returncode == 2, (out, done.stderr)
        assert str(out) in done.stderr and words in done.stderr, done.stderr
        assert "internal error" not in done.stderr
    assert a_file.read_text(encoding="utf-8") == "x"
    assert not (raw / "processed").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_out_folder_is_exit_2(tmp_path, raw):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        done = _cds_clean("--raw", str(raw), "--out", str(out))
    finally:
        out.chmod(0o755)
    assert done.returncode == 2 and str(out) in done.stderr, done.stderr


def test_a_read_only_file_system_is_exit_2(tmp_path, raw):
    out = Path("/proc/cds-clean-out")  # read-only for every user, root too
    if not Path("/proc/self").exists():
        pytest.skip("needs /proc")
    done = _cds_clean("--raw", str(raw), "--out", str(out))
    assert done.returncode == 2 and str(out) in done.stderr, done.stderr


def test_out_on_another_file_system_stages_inside_it(tmp_path, raw):
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("needs a second file system")
    out = shm / f"cds-clean-test-{os.getpid()}"
    try:
        done = _cds_clean("--raw", str(raw), "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, "inputs.json"])
    finally:
        import shutil

        shutil.rmtree(out, ignore_errors=True)


def test_a_second_clean_of_the_same_out_is_refused(tmp_path, raw):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".clean.lock").write_text(f"{os.getpid()}\n", encoding="ascii")  # a live process
    done = _cds_clean("--raw", str(raw), "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert "another clean is writing" in done.stderr and str(out) in done.stderr
    assert sorted(p.name for p in out.iterdir()) == [".clean.lock"]


def test_nul_bytes_never_reach_the_csv(tmp_path, raw):
    _csv(raw / "nul.csv", ["gov.satisfaction,74,,2024,90,%,ghi\x00chú", "foo\x00x,74,,2024,1,%,"])
    out = tmp_path / "out"
    clean_raw(raw, out)
    for name in ("observations.csv", "quarantine.csv"):
        assert b"\x00" not in (out / name).read_bytes(), name
    obs = _read(out, "observations.csv")
    assert "ghichú" in set(obs["note"])
    assert "foox" in set(_read(out, "quarantine.csv")["indicator_raw"])


def test_growth_rates_have_an_upper_bound(tmp_path, raw):
    rows = [
        "econ.labour_productivity_growth,74,,2023,1000,%,",
        "econ.labour_productivity_growth,74,,2024,1000.5,%,",
        "econ.labour_productivity_growth,74,,2022,-100.5,%,",
    ]
    _csv(raw / "growth.csv", rows)
    out = tmp_path / "out"
    clean_raw(raw, out)
    quarantine = _read(out, "quarantine.csv")
    bad = quarantine[quarantine["source_file"] == "growth.csv"]
    assert list(bad["reason_code"]) == ["out_of_range", "out_of_range"]
    assert "1000.5 is above 1000 for a growth rate" in set(bad["reason"])
    # the CSV guards a leading "-" like any formula start
    assert "'-100.5 is below -100 for a growth rate" in set(bad["reason"])
    obs = _read(out, "observations.csv")
    kept = obs[obs["source_file"] == "growth.csv"]
    assert list(kept["value"]) == [1000.0]
