"""Sheets held in memory as grids of cells: merged cells, cell references, the rows of a
table's body, and the names a row gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from cdsanalysis.base.text import fold
from cdsanalysis.ingest.cells import cell_text, row_texts
from cdsanalysis.ingest.headers import Column, Header, first_filled, is_footer

_COLUMN_NUMBERS = re.compile(r"^\(?[0-9a-z]{1,2}\)?(?:\s*=.*)?$", re.IGNORECASE)


class Covered:
    """The cells covered by merged ranges, not their anchors: kept as column spans per row, so
    that a merged range costs one entry a row, not one a cell."""

    def __init__(self) -> None:
        self._rows: dict[int, list[tuple[int, int, bool]]] = {}

    def add_range(self, r0: int, c0: int, r1: int, c1: int) -> None:
        """Mark the range r0:r1 × c0:c1 (0-based, inclusive) as merged into its anchor r0, c0."""
        for r in range(r0, r1 + 1):
            self._rows.setdefault(r, []).append((c0, c1, r == r0))

    def __contains__(self, key: tuple[int, int]) -> bool:
        r, c = key
        for c0, c1, anchor_row in self._rows.get(r, ()):
            if c0 <= c <= c1 and not (anchor_row and c == c0):
                return True
        return False


@dataclass
class Grid:
    """A sheet (or CSV file) held in memory as rows of cell values."""

    name: str  # sheet name; "" for CSV
    rows: list[list[Any]]
    covered: Covered = field(default_factory=Covered)  # merged, not the anchor
    xlsx: bool = False
    text_fixed: bool = False  # legacy TCVN3 cells already converted (never convert twice)
    hidden: str = ""  # "hidden" or "very hidden" for a sheet Excel does not show

    def ref(self, row: int, col: int) -> str:
        """The cell reference as the user finds it: "Sheet!B12" (XLSX) or "B12" (CSV)."""
        cell = f"{get_column_letter(col + 1)}{row + 1}"
        return f"{self.name}!{cell}" if self.xlsx else cell


def cell(grid: Grid, row: int, col: int) -> Any:
    """A cell's value; None beyond the row's end or under a merged range's anchor."""
    cells = grid.rows[row]
    if col >= len(cells) or (row, col) in grid.covered:
        return None
    return cells[col]


def merged_cell(grid: Grid, row: int, col: int) -> Any:
    """A cell's value, a merged range's anchor value repeated in every cell it covers."""
    cells = grid.rows[row]
    return cells[col] if col < len(cells) else None


def text_at(grid: Grid, row: int, col: Column | None) -> str:
    """The display text of a row's cell in ``col`` ("" without such a column)."""
    if col is None:
        return ""
    cells = grid.rows[row]
    return cell_text(cells[col.index]) if col.index < len(cells) else ""


def _first_text(grid: Grid, row: int, cols: list[Column]) -> str:
    for col in cols:
        text = text_at(grid, row, col)
        if text.strip():
            return text
    return ""


def name_text(grid: Grid, row: int, codes: list[Column], names: list[Column]) -> str:
    """A row's indicator or area: its code if a code column has one, else the longest name
    (a header merged over two columns puts "a" or "1.1" beside the name)."""
    code = _first_text(grid, row, codes)
    if code:
        return code
    texts = [text_at(grid, row, col) for col in names]
    return max(texts, key=lambda t: len(t.strip()), default="")


def data_rows(grid: Grid, header: Header) -> tuple[list[int], str]:
    """Rows of the table body: below the header, above the notes and signature block."""
    start = header.row + header.rows
    rows, footer_source = [], ""
    first = True
    for r in range(start, len(grid.rows)):
        texts = row_texts(grid.rows[r])
        if not any(texts):
            continue
        lead = first_filled(texts)
        if is_footer(lead):
            # the notes may name the source: "Nguồn: Văn phòng UBND ..."
            for below in range(r, min(len(grid.rows), r + 20)):
                for text in row_texts(grid.rows[below]):
                    if fold(text).startswith("nguon") and ":" in text:
                        footer_source = footer_source or text.split(":", 1)[1].strip()
            break
        if first and is_column_numbers([t for t in texts if t]):
            first = False
            continue  # the column-number row "(1) (2) (3)" under a Vietnamese header
        first = False
        rows.append(r)
    return rows, footer_source


def is_column_numbers(cells: list[str]) -> bool:
    """Whether a row numbers the columns ("A B 1 2 3=1/2", "(1) (2) (3)") rather than holding
    data ("74 38 52"): numbers in it count up by one, or are in parentheses."""
    if len(cells) < 2 or not all(_COLUMN_NUMBERS.match(c) for c in cells):
        return False
    if any(c.startswith("(") for c in cells):
        return True
    numbers = [int(m.group()) for c in cells if (m := re.match(r"\d+", c))]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False)) and (
        len(numbers) >= 2 or len(cells) - len(numbers) >= 2
    )
