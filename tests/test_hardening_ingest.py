"""Hardening of the reading side: real files written here (XLSX through openpyxl or raw zip XML,
CSV bytes) go through ``cds clean`` as a subprocess where the exit status matters.

Exit status: 2 unusable input (nothing written), 1 a file failed under ``--keep-going`` (the run
goes on and the report lists it), 3 only for bugs. Messages name the file (and sheet, row,
column) and never copy unbounded input.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import bad_corpus as corpus
import openpyxl
import pytest
from cds_process import run_cds

from cdsanalysis import ingest

COUNTS = ("records_clean", "records_quarantined", "records_no_data", "records_duplicate")
HEADER = "Chỉ tiêu,Đơn vị hành chính,Kỳ báo cáo,Giá trị,Ghi chú\n"
ROWS = [
    "gov.satisfaction,TP. Dĩ An,Năm 2023,91,\n",
    "gov.satisfaction,Thuận An,Năm 2023,92,\n",
    "gov.satisfaction,Bến Cát,Năm 2023,93,\n",
    "gov.satisfaction,Tân Uyên,Năm 2023,94,\n",
]


def clean(raw: Path, out: Path, *extra: str, measure: bool = False):
    """``cds clean`` as a user runs it: (exit status, stdout + stderr, peak MB or 0)."""
    done, peak = run_cds(["clean", "--raw", str(raw), "--out", str(out), *extra], measure=measure)
    return done.returncode, done.stdout + done.stderr, peak


def report(out: Path) -> dict:
    document = json.loads((out / "clean_report.json").read_text(encoding="utf-8"))
    for counts in [document, *document["files"]]:
        assert counts["records_read"] == sum(counts[c] for c in COUNTS), counts
    return document


def entry(out: Path, name: str) -> dict:
    return next(e for e in report(out)["files"] if e["file"] == name)


def refused(status: int, shown: str, name: str) -> str:
    """An exit-2 refusal: one line naming the file, no traceback."""
    assert status == 2, shown
    assert "Traceback" not in shown and "internal error" not in shown, shown
    assert shown.startswith(f"cds: {name}: ") and shown.count("\n") == 1, shown
    return shown


def long_csv(path: Path, rows: list[str] | None = None, header: str = HEADER) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "".join(ROWS if rows is None else rows), encoding="utf-8")
    return path


def merged_xlsx(path: Path, ranges: list[str]) -> Path:
    """A 2 KB workbook: one good long row and merged ``ranges`` (raw zip XML)."""
    xml = corpus.sheet_xml(corpus._long_rows(corpus._GOOD_ROW))
    merges = "".join(f'<mergeCell ref="{r}"/>' for r in ranges)
    xml = xml.replace(
        "</sheetData>", f'</sheetData><mergeCells count="{len(ranges)}">{merges}</mergeCells>'
    )
    return corpus.write_xlsx(path, xml)


# ---------------------------------------------------------------------------------------------
# a. memory bombs
# ---------------------------------------------------------------------------------------------


def test_merged_range_bomb_is_refused_in_bounded_memory(tmp_path):
    """Three merged ranges of 10 million cells each: refused before any is filled."""
    raw = tmp_path / "raw"
    path = merged_xlsx(raw / "bomb.xlsx", ["F3:ALL10003", "A10004:ALL20004", "A20005:ALL30005"])
    assert path.stat().st_size < 4096
    status, shown, peak_mb = clean(raw, tmp_path / "out", measure=True)
    refused(status, shown, "bomb.xlsx")
    assert "sheet 'Data'" in shown and "merged ranges" in shown, shown
    assert "A10004:ALL20004" in shown and "over the limit of 5,000,000 cells" in shown
    print(f"merged-range bomb (3 x 10 M cells, {path.stat().st_size} B): peak {peak_mb} MB")
    assert peak_mb < 400
    assert not (tmp_path / "out").exists()


def test_whole_sheet_merges_are_formatting_and_cost_nothing(tmp_path):
    """A1:XFD100000 four times: a whole-sheet merge is formatting, never filled; the row is read."""
    raw = tmp_path / "raw"
    merged_xlsx(raw / "wide.xlsx", ["A1:XFD100000"] * 4)
    status, shown, peak_mb = clean(raw, tmp_path / "out", measure=True)
    print(f"whole-sheet merges (4 x A1:XFD100000): peak {peak_mb} MB")
    assert peak_mb < 400
    assert status == 0, shown
    assert entry(tmp_path / "out", "wide.xlsx")["records_read"] == 1


def test_merged_ranges_below_the_limit_are_read_as_before(tmp_path):
    """Indicator and area merged down two rows repeat in each row."""
    raw = tmp_path / "raw"
    rows = corpus._long_rows(
        ["gov.satisfaction", "TP. Dĩ An", "Năm 2023", 91, ""],
        [None, None, "Năm 2024", 92, ""],
    )
    xml = corpus.sheet_xml(rows).replace(
        "</sheetData>",
        '</sheetData><mergeCells count="2"><mergeCell ref="A2:A3"/>'
        '<mergeCell ref="B2:B3"/></mergeCells>',
    )
    corpus.write_xlsx(raw / "m.xlsx", xml)
    read = ingest.read_file(raw / "m.xlsx", raw)
    records = read.records.to_pydict()
    assert records["area_raw"] == ["TP. Dĩ An", "TP. Dĩ An"]
    assert records["indicator_raw"] == ["gov.satisfaction", "gov.satisfaction"]


# ---------------------------------------------------------------------------------------------
# b. records lost silently
# ---------------------------------------------------------------------------------------------


def test_unterminated_quote_fails_naming_the_row_where_it_opens(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    rows = list(ROWS)
    rows[1] = 'gov.satisfaction,"Thuận An,Năm 2023,92,\n'
    long_csv(raw / "quote.csv", rows)
    status, shown, _ = clean(raw, out)
    refused(status, shown, "quote.csv")
    assert "row 3: a quote" in shown and "never closed" in shown, shown
    long_csv(raw / "good.csv")
    status, shown, _ = clean(raw, out, "--keep-going")
    assert status == 1, shown
    failed = entry(out, "quote.csv")
    assert failed["status"] == "failed" and "row 3" in failed["message"]
    assert entry(out, "good.csv")["records_clean"] == 4


def test_line_breaks_inside_quoted_cells_are_not_an_unterminated_quote(tmp_path):
    raw = tmp_path / "raw"
    rows = list(ROWS)
    rows[3] = 'gov.satisfaction,Tân Uyên,Năm 2023,94,"ghi chú\ndòng hai"\n'
    long_csv(raw / "multi.csv", rows)
    read = ingest.read_file(raw / "multi.csv", raw)
    assert read.records.num_rows == 4
    assert read.records.column("note").to_pylist()[-1] == "ghi chú\ndòng hai"


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        ("Chỉ tiêu,Đơn vị hành chính,Kỳ báo cáo,Giá trị,Giá trị\n", "D 'Giá trị' and E 'Giá trị'"),
        ("Chỉ tiêu,Địa bàn,Kỳ báo cáo,Giá trị,Địa bàn\n", "B 'Địa bàn' and E 'Địa bàn'"),
    ],
    ids=["two_value_columns", "two_area_columns"],
)
def test_repeated_columns_are_refused_naming_both(tmp_path, header, columns):
    raw = tmp_path / "raw"
    long_csv(raw / "dup.csv", ["gov.satisfaction,TP. Dĩ An,Năm 2023,91,95\n"], header=header)
    status, shown, _ = clean(raw, tmp_path / "out")
    refused(status, shown, "dup.csv")
    assert columns in shown and "same header" in shown, shown


def test_repeated_columns_in_a_workbook_name_the_sheet(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(["Chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Giá trị"])
    sheet.append(["gov.satisfaction", "TP. Dĩ An", "Năm 2023", 91, 95])
    workbook.save(raw / "dup.xlsx")
    with pytest.raises(ingest.IngestError, match="dup.xlsx: sheet 'Số liệu': columns D"):
        ingest.read_file(raw / "dup.xlsx", raw)


def test_a_header_merged_over_two_columns_is_one_column(tmp_path):
    """A merged header cell repeats its text under the merge: that is not a repeated column."""
    raw = tmp_path / "raw"
    raw.mkdir()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Chỉ tiêu", "Đơn vị hành chính", "", "Kỳ báo cáo", "Giá trị"])
    sheet.append(["gov.satisfaction", "TP. Dĩ An", "", "Năm 2023", 91])
    sheet.merge_cells("B1:C1")
    workbook.save(raw / "merged.xlsx")
    assert ingest.read_file(raw / "merged.xlsx", raw).records.num_rows == 1


# ---------------------------------------------------------------------------------------------
# c. files
# ---------------------------------------------------------------------------------------------


def test_links_followed_loops_and_broken_links_reported_documents_ignored(tmp_path):
    raw, out, elsewhere = tmp_path / "raw", tmp_path / "out", tmp_path / "elsewhere"
    long_csv(raw / "a.csv")
    long_csv(elsewhere / "b.csv", [r.replace("2023", "2024") for r in ROWS[:2]])
    (raw / "linked").symlink_to(elsewhere, target_is_directory=True)
    (raw / "loop").symlink_to(raw, target_is_directory=True)
    (raw / "gone.csv").symlink_to(tmp_path / "missing.csv")
    (raw / "self.csv").symlink_to(raw / "self.csv")
    (raw / "data.json").write_text("{}", encoding="utf-8")
    for name in ("README", "SOURCES.md", "LICENSE", "notes.txt", "doc.md"):
        (raw / name).write_text("about the data", encoding="utf-8")
    status, shown, _ = clean(raw, out)
    refused(status, shown, "data.json")  # the first of the files in name order
    status, shown, _ = clean(raw, out, "--keep-going")
    assert status == 1, shown
    files = {e["file"]: e for e in report(out)["files"]}
    assert sorted(files) == ["a.csv", "data.json", "gone.csv", "linked/b.csv", "loop", "self.csv"]
    assert files["linked/b.csv"]["records_clean"] == 2  # followed
    assert files["a.csv"]["records_clean"] == 4
    why = {name: files[name]["message"] for name in ("data.json", "gone.csv", "loop", "self.csv")}
    assert all(files[name]["status"] == "failed" for name in why)
    assert "unknown type ('.json')" in why["data.json"]
    assert "broken symbolic link" in why["gone.csv"] and "missing.csv" in why["gone.csv"]
    assert "folder already read" in why["loop"]
    assert "in a loop" in why["self.csv"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_unreadable_files_and_folders_are_reported(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    long_csv(raw / "a.csv")
    long_csv(raw / "secret.csv").chmod(0)
    long_csv(raw / "closed" / "c.csv")
    (raw / "closed").chmod(0)
    try:
        status, shown, _ = clean(raw, out, "--keep-going")
    finally:
        (raw / "closed").chmod(0o755)
    assert status == 1, shown
    files = {e["file"]: e for e in report(out)["files"]}
    assert "permission denied" in files["secret.csv"]["message"].lower()
    assert "cannot be read" in files["closed"]["message"]


def test_an_empty_workbook_file_is_empty_like_an_empty_csv(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    long_csv(raw / "a.csv")
    (raw / "zero.xlsx").write_bytes(b"")
    (raw / "zero.csv").write_bytes(b"")
    status, shown, _ = clean(raw, out)
    assert status == 0, shown
    for name in ("zero.xlsx", "zero.csv"):
        found = entry(out, name)
        assert found["status"] == "empty" and found["records_read"] == 0, found


# ---------------------------------------------------------------------------------------------
# d. encoding
# ---------------------------------------------------------------------------------------------


def test_a_stray_byte_leaves_a_utf8_file_utf8_and_is_reported_by_row(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    rows = [row.encode("utf-8") for row in ROWS]
    rows[2] = rows[2].replace(b",\n", b",x\xe9y\n")  # line 4: a byte that is not UTF-8
    rows[3] = rows[3].replace(b",\n", b",\xff\n")  # line 5
    (raw / "stray.csv").write_bytes(HEADER.encode("utf-8") + b"".join(rows))
    status, shown, _ = clean(raw, out)
    assert status == 0, shown
    found = entry(out, "stray.csv")
    assert found["records_clean"] == 4
    assert "UTF-8 with 2 invalid byte(s)" in found["message"], found["message"]
    assert "row(s) 4, 5" in found["message"] and "TCVN3" not in found["message"]
    read = ingest.read_file(raw / "stray.csv", raw)
    records = read.records.to_pydict()
    assert records["area_raw"] == ["TP. Dĩ An", "Thuận An", "Bến Cát", "Tân Uyên"]
    assert records["note"][2:] == ["x\ufffdy", "\ufffd"]


def tcvn3_bytes(text: str) -> bytes:
    """``text`` written in TCVN3, as a .VnTime document saves it."""
    from cdsanalysis.ingest import tcvn3

    encode = {unicode: latin1 for latin1, unicode in tcvn3.TABLE.items()}
    return "".join(encode.get(ch, ch) for ch in text).encode("latin-1")


def test_tcvn3_needs_tcvn3_words_not_only_a_failed_utf8(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    # an ASCII file with one stray byte standing alone: UTF-8 with the byte replaced
    path = raw / "ascii.csv"
    path.write_bytes(b"Indicator,Area,Period,Value,Note\ngov.satisfaction,724,2023,91,\xa9\n")
    read = ingest.read_file(path, raw)
    message = " ".join(read.messages)
    assert "TCVN3" not in message and "1 invalid byte(s)" in message, message
    assert read.records.column("area_raw").to_pylist() == ["724"]
    # TCVN3 letters inside words are positive evidence
    text = "Indicator,Area,Period,Value\ngov.satisfaction,Thuận An,2023,92\n"
    (raw / "tcvn3.csv").write_bytes(tcvn3_bytes(text + "gov.satisfaction,Bến Cát,2023,93\n"))
    read = ingest.read_file(raw / "tcvn3.csv", raw)
    assert "TCVN3" in " ".join(read.messages)
    assert read.records.column("area_raw").to_pylist() == ["Thuận An", "Bến Cát"]


# ---------------------------------------------------------------------------------------------
# e. a cell over the CSV cell limit
# ---------------------------------------------------------------------------------------------


def test_a_cell_over_128_kb_is_an_input_error_naming_row_and_column(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    rows = list(ROWS)
    rows[1] = 'gov.satisfaction,Thuận An,Năm 2023,92,"' + "x" * 200_000 + '"\n'
    long_csv(raw / "big.csv", [*rows[:2], "\n", *rows[2:]])  # a blank line: the careful reader
    status, shown, _ = clean(raw, out)
    refused(status, shown, "big.csv")
    assert "row 3, column E" in shown and "131,072 characters" in shown, shown
    assert len(shown) < 400  # the cell is not copied
    long_csv(raw / "good.csv")
    status, shown, _ = clean(raw, out, "--keep-going")
    assert status == 1, shown
    assert entry(out, "big.csv")["status"] == "failed"
    assert entry(out, "good.csv")["records_clean"] == 4


# ---------------------------------------------------------------------------------------------
# f. hidden sheets, NUL characters
# ---------------------------------------------------------------------------------------------


def test_hidden_sheets_are_read_and_named(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    workbook = openpyxl.Workbook()
    for title, state, area in [
        ("Shown", "visible", "TP. Dĩ An"),
        ("Hidden", "hidden", "Thuận An"),
        ("Deep", "veryHidden", "Bến Cát"),
    ]:
        sheet = workbook.active if title == "Shown" else workbook.create_sheet(title)
        sheet.title, sheet.sheet_state = title, state
        sheet.append(["Chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị"])
        sheet.append(["gov.satisfaction", area, "Năm 2023", 91])
    workbook.save(raw / "sheets.xlsx")
    status, shown, _ = clean(raw, out)
    assert status == 0, shown
    found = entry(out, "sheets.xlsx")
    assert found["records_clean"] == 3
    assert "hidden sheet(s) read" in found["message"]
    assert "'Hidden' (hidden)" in found["message"] and "'Deep' (very hidden)" in found["message"]
    assert "Shown" not in found["message"]


@pytest.mark.parametrize("blank_line", [False, True], ids=["column_wise", "careful"])
def test_nul_characters_are_removed_and_counted(tmp_path, blank_line):
    raw, out = tmp_path / "raw", tmp_path / "out"
    rows = [ROWS[0].replace("TP. Dĩ An", "TP. Dĩ\x00 An"), ROWS[1].replace("92", "9\x002\x00")]
    long_csv(raw / "nul.csv", [*rows, "\n"] if blank_line else rows)
    status, shown, _ = clean(raw, out)
    assert status == 0, shown
    found = entry(out, "nul.csv")
    assert found["records_clean"] == 2
    assert "3 NUL character(s) removed" in found["message"]
    for name in ("observations.csv", "quarantine.csv"):
        assert "\x00" not in (out / name).read_text(encoding="utf-8")
