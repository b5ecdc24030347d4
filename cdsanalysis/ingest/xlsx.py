"""XLSX workbooks to grids: cell values with their formats, and what the read-only reader does
not expose (merged ranges, formulas without a cached value), read from the sheet XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from cdsanalysis.ingest import xlsx_guard
from cdsanalysis.ingest.cells import Formula, PercentCell
from cdsanalysis.ingest.grid import Grid
from cdsanalysis.ingest.records import IngestError

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _xml_unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def _sheet_xml_facts(xml: bytes) -> tuple[list[tuple[int, int, int, int]], dict]:
    """Merged ranges and formula cells without a cached value, read from the sheet's XML
    (the read-only reader exposes neither)."""
    merges = []
    for m in _MERGE.finditer(xml):
        c0, r0 = _col_index(m.group(1)), int(m.group(2)) - 1
        c1 = _col_index(m.group(3)) if m.group(3) else c0
        r1 = int(m.group(4)) - 1 if m.group(4) else r0
        merges.append((r0, c0, r1, c1))
    formulas = {}
    if b"<f" in xml or b":f" in xml:
        for m in _CELL.finditer(xml):
            inner = m.group(2) or b""
            if b"f" not in inner:
                continue
            formula = _FORMULA.search(inner)
            if not formula or _CACHED.search(inner):
                continue
            ref = _CELL_REF.search(m.group(1))
            if not ref:
                continue
            text = _xml_unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            key = (int(ref.group(2)) - 1, _col_index(ref.group(1)))
            formulas[key] = "=" + text if text else "=(shared formula)"
    return merges, formulas


def _first_line(exc: Exception) -> str:
    """An exception's message, first line only (openpyxl adds paragraphs of advice)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _sheet_rows(sheet: Any, rel: str) -> tuple[list[list[Any]], int]:
    """A sheet's cells as rows of values and their number, refusing more than the guard's cell
    limit (the declared dimension was checked before; this holds when it is missing or
    wrong)."""
    rows, cells = [], 0
    for row in sheet.iter_rows(min_row=1, min_col=1):
        values = [_cell_value(cell) for cell in row]
        cells += len(values)
        if cells > xlsx_guard.MAX_SHEET_CELLS:
            raise IngestError(
                f"{rel}: sheet '{sheet.title}' holds more than {xlsx_guard.MAX_SHEET_CELLS:,} "
                "cells, the limit a sheet may hold; split the data or send it as CSV"
            )
        rows.append(values)
    return rows, cells


def xlsx_grids(path: Path, rel: str) -> list[Grid]:
    """Every sheet of a workbook as a grid, after the structural checks of :mod:`.xlsx_guard`."""
    import openpyxl

    try:
        xlsx_guard.check_workbook(path)  # bytes and zip directory only, nothing expanded
    except xlsx_guard.WorkbookRefused as exc:
        raise IngestError(f"{rel}: not a readable XLSX workbook: {exc}") from None
    grids = []
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise IngestError(f"{rel}: not a readable XLSX workbook ({_first_line(exc)})") from None
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in workbook.worksheets:
                grids.append(_sheet_grid(sheet, archive, rel))
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(f"{rel}: not a readable XLSX workbook ({_first_line(exc)})") from None
    finally:
        workbook.close()
    return grids


def _sheet_grid(sheet: Any, archive: zipfile.ZipFile, rel: str) -> Grid:
    """One sheet as a grid: values, then formulas without a cached value and merged ranges
    from its XML, after the merged cells are counted against the sheet's cell limit."""
    rows, cells = _sheet_rows(sheet, rel)
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    xml_path = getattr(sheet, "_worksheet_path", None)
    merges, formulas = [], {}
    if xml_path:
        merges, formulas = _sheet_xml_facts(archive.read(xml_path.lstrip("/")))
    merges = [m for m in merges if m[2] - m[0] <= 10_000 and m[3] - m[1] <= 1_000]
    try:  # a whole-column merge (dropped above) is formatting, not content
        xlsx_guard.check_merged_cells(sheet.title, cells, merges)
    except xlsx_guard.WorkbookRefused as exc:
        raise IngestError(f"{rel}: {exc}") from None
    grid = Grid(sheet.title, rows, xlsx=True, hidden=_HIDDEN.get(sheet.sheet_state, ""))
    _apply_xml_facts(grid, merges, formulas)
    return grid


_HIDDEN = {"hidden": "hidden", "veryHidden": "very hidden"}


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    ):
        return PercentCell(value)  # the workbook shows 0.855 as 85.5%
    return value


def _apply_xml_facts(grid: Grid, merges: list, formulas: dict) -> None:
    rows = grid.rows

    def ensure(r: int, c: int) -> None:
        while len(rows) <= r:
            rows.append([])
        if len(rows[r]) <= c:
            rows[r].extend([None] * (c + 1 - len(rows[r])))

    for (r, c), text in formulas.items():
        ensure(r, c)
        if rows[r][c] is None:
            rows[r][c] = Formula(text)
    for r0, c0, r1, c1 in merges:
        ensure(r0, c0)
        anchor = rows[r0][c0]
        for r in range(r0, r1 + 1):
            ensure(r, c1)
            start = c0 + 1 if r == r0 else c0
            rows[r][start : c1 + 1] = [anchor] * (c1 + 1 - start)
        grid.covered.add_range(r0, c0, r1, c1)
