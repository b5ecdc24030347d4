"""The out-of-core cleaner gives the same bytes as the in-memory one, and the sorted runs it is
built on give every row in key order.

``batch_records`` forces the out-of-core path on small inputs (a batch of a few files, or of
one); ``runs.BATCH_ROWS`` is made tiny so that the merge reads every run in many batches.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from cdsanalysis.base import paths
from cdsanalysis.base.contracts import OUTPUT_FILES
from cdsanalysis.clean import runs
from cdsanalysis.clean.inputs import RECORD_FILE
from cdsanalysis.clean.run import clean_raw
from cdsanalysis.clean.spilled import SpilledClean

HEADER = "Chỉ tiêu,Đơn vị hành chính,Lĩnh vực,Kỳ báo cáo,Giá trị,Đơn vị tính,Ghi chú\n"
ALL_FILES = [*OUTPUT_FILES, RECORD_FILE]


@pytest.fixture
def batches(monkeypatch) -> list[int]:
    """Counts the batches the out-of-core cleaner is given; runs read back 7 rows at a time."""
    seen: list[int] = []
    add_batch = SpilledClean.add_batch

    def counting(self, reads):
        seen.append(len(reads))
        return add_batch(self, reads)

    monkeypatch.setattr(SpilledClean, "add_batch", counting)
    monkeypatch.setattr(runs, "BATCH_ROWS", 7)
    return seen


def _same_bytes(a: Path, b: Path) -> list[str]:
    return [name for name in ALL_FILES if (a / name).read_bytes() != (b / name).read_bytes()]


def _generated_raw(folder: Path, seed: int = 16) -> Path:
    """Files whose records meet on shared keys: exact duplicates and conflicts across files
    and provenances, unknown labels in different orders, unreadable values and periods."""
    rng = np.random.default_rng(seed)
    indicators = ["gov.dossiers_online", "gov.satisfaction", "Tỷ lệ thanh toán không dùng tiền mặt"]
    indicators += ["gov.cashless_admin", "chỉ tiêu lạ A", "chỉ tiêu lạ B"]
    areas = ["Thành phố Dĩ An", "TP. Dĩ An", "Thuận An", "74", "Bến Cát", "Nơi Không Có"]
    periods = ["2023", "Năm 2024", "2024", "Ước 2024", "Quý II/2024", "tháng 13/2024"]
    values = ["80", "85,5", "85.5%", "90", "abc", "-", "71"]
    sectors = ["", "", "Y tế", "Giáo dục"]
    for i, folder_name in enumerate(["demo", "published", "so-tttt", "so-yte", "published"]):
        for j in range(3):
            rows = []
            for _ in range(int(rng.integers(40, 120))):
                rows.append(
                    ",".join(
                        [
                            indicators[rng.integers(len(indicators))],
                            areas[rng.integers(len(areas))],
                            sectors[rng.integers(len(sectors))],
                            periods[rng.integers(len(periods))],
                            f'"{values[rng.integers(len(values))]}"',
                            "%",
                            "",
                        ]
                    )
                )
            path = folder / folder_name / f"bao-cao-{i}-{j}.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_out_of_core_gives_the_bytes_of_the_in_memory_cleaner_on_generated_files(tmp_path, batches):
    raw = _generated_raw(tmp_path / "raw")
    memory = clean_raw(raw, tmp_path / "memory")
    assert batches == []  # below the threshold: in memory
    assert memory.conflicts > 10 and memory.records_duplicate > 10
    assert memory.quarantine_reasons.keys() >= {"unknown_indicator", "bad_value", "conflict"}
    files = len(memory.files)
    for size, expected in ((1, [1] * files), (150, None)):
        batches.clear()
        out = tmp_path / f"spilled-{size}"
        spilled = clean_raw(raw, out, batch_records=size)
        assert _same_bytes(tmp_path / "memory", out) == []
        assert spilled.report() == memory.report()
        assert sum(batches) == files
        assert batches == expected if expected else 1 < len(batches) < files


def test_out_of_core_gives_the_bytes_of_the_in_memory_cleaner_on_the_shipped_data(
    tmp_path, batches
):
    clean_raw(paths.RAW_DIR, tmp_path / "memory")
    clean_raw(paths.RAW_DIR, tmp_path / "spilled", batch_records=200)
    assert len(batches) > 3
    assert _same_bytes(tmp_path / "memory", tmp_path / "spilled") == []


def test_out_of_core_keeps_a_failed_file_in_the_report(tmp_path, batches):
    raw = _generated_raw(tmp_path / "raw")
    (raw / "so-tttt" / "hong.xlsx").write_bytes(b"not a workbook")
    memory = clean_raw(raw, tmp_path / "memory", keep_going=True)
    spilled = clean_raw(raw, tmp_path / "spilled", keep_going=True, batch_records=100)
    assert memory.failed == spilled.failed == ["so-tttt/hong.xlsx"]
    assert _same_bytes(tmp_path / "memory", tmp_path / "spilled") == []


def test_sorted_runs_give_every_row_in_key_order(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "BATCH_ROWS", 5)
    rng = np.random.default_rng(3)
    n = 1000
    a, b = rng.integers(0, 4, n), rng.integers(0, 30, n)
    seq = rng.permutation(n)
    table = pa.table({"a": a, "b": b, "seq": seq, "text": [f"r{i}" for i in seq]})
    sorter = runs.SortedRuns(tmp_path, ["a", "b", "seq"], run_rows=90)
    for start in range(0, n, 37):
        sorter.add(table.slice(start, 37))
    parts = list(sorter.merged())
    assert len(list(tmp_path.iterdir())) > 5 and len(parts) > 5
    merged = pa.concat_tables(parts)
    order = np.lexsort((seq, b, a))
    assert merged.column("text").to_pylist() == [f"r{i}" for i in seq[order]]


def test_sorted_runs_below_one_run_sort_in_memory(tmp_path):
    sorter = runs.SortedRuns(tmp_path, ["k"], run_rows=100)
    sorter.add(pa.table({"k": [3, 1, 2]}))
    assert [p.column("k").to_pylist() for p in sorter.merged()] == [[1, 2, 3]]
    assert list(tmp_path.iterdir()) == []
    assert list(runs.SortedRuns(tmp_path, ["k"], run_rows=1).merged()) == []


# ---------------------------------------------------------------------------------------------
# reading only the series needed
# ---------------------------------------------------------------------------------------------


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(str).reset_index(drop=True)


def test_filters_are_pushed_into_the_parquet_read(demo_processed, monkeypatch):
    import pyarrow.parquet as pq

    from cdsanalysis.clean import gateway

    full = gateway.read_observations(demo_processed)
    seen = []
    read_table = pq.read_table

    def spying(*args, **kwargs):
        seen.append(kwargs.get("filters"))
        return read_table(*args, **kwargs)

    monkeypatch.setattr(pq, "read_table", spying)
    some = gateway.read_observations(
        demo_processed, indicators=["gov.dossiers_online", "health.ehr"], sectors=["health", ""]
    )
    assert seen and seen[-1] is not None  # the filter went into the read
    wanted = full["indicator_id"].isin(["gov.dossiers_online", "health.ehr"]) & full["sector"].isin(
        ["health", ""]
    )
    assert 0 < len(some) < len(full)
    pd.testing.assert_frame_equal(_text(some), _text(full[wanted]))


def test_a_sector_assessment_reads_its_sector_and_gives_the_same_table():
    import cdsanalysis as cds
    from cdsanalysis.base.plan import load_plan

    everything = cds.load_observations()  # the project's data, which the sector reads read
    for sector in list(load_plan().sectors["id"])[:4] + ["health"]:
        for as_of in ("latest", 2024):
            pushed = cds.assess(as_of=as_of, sector=sector, build_date=dt.date(2025, 6, 30))
            whole = cds.assess(
                everything, as_of=as_of, sector=sector, build_date=dt.date(2025, 6, 30)
            )
            pd.testing.assert_frame_equal(_text(pushed), _text(whole))
            pd.testing.assert_frame_equal(
                _text(cds.yearly(as_of=as_of, sector=sector)),
                _text(cds.yearly(everything, as_of=as_of, sector=sector)),
            )
