"""CSV shape: the delimiter, and rows that do not fit their header (an unquoted delimiter,
mixed delimiters, a line cut short)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from openpyxl.utils import get_column_letter

from cdsanalysis.ingest.cells import row_texts
from cdsanalysis.ingest.headers import Header, first_filled, is_footer
from cdsanalysis.ingest.records import IngestError


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter (comma, semicolon or tab) that gives the widest rows."""
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:  # a cell over the size limit: the reader names it
            continue
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        score = max(widths) * 1000 + sum(w > 1 for w in widths)
        if max(widths) > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}


def usual_width(rows: list[list[str]], width: int) -> int:
    """The number of fields data rows usually have, at least the header's: some writers end
    every row with one delimiter more than the header, which is no problem."""
    counts = Counter(len(r) for r in rows if any(c.strip() for c in r))
    return max(width, counts.most_common(1)[0][0]) if counts else width


def row_problem(
    row: list[str], width: int, value_index: int | None, delimiter: str, usual: int
) -> str:
    """Why a CSV data row cannot be read as its header says ("" when it can): more fields
    than the header (filled, or more than the other rows have: "85,5" unquoted shifts the
    row), fields separated by another delimiter, or a row cut before its value."""
    if len(row) > width and (len(row) > usual or any(c.strip() for c in row[width:])):
        example = " such as 85,5" if delimiter == "," else ""
        return (
            f"has {len(row)} fields where the header has {width} (an unquoted "
            f"{DELIMITER_NAMES[delimiter]} inside a value{example}?); quote such values or "
            "save the file again as CSV"
        )
    filled = [c for c in row if c.strip()]
    if len(filled) == 1 and width >= 3:
        for other in (",", ";", "\t"):
            # about the header's width: a section title with a ';' or two is not a row
            if other != delimiter and len(filled[0].split(other)) >= max(3, 2 * width // 3):
                return (
                    f"holds fields separated by {DELIMITER_NAMES[other]} in a file separated "
                    f"by {DELIMITER_NAMES[delimiter]} (mixed delimiters); save the file with "
                    "one delimiter"
                )
    if value_index is not None and len(row) <= value_index and filled:
        return (
            f"ends after {len(row)} field(s), before the value column "
            f"({get_column_letter(value_index + 1)}): a line cut short?"
        )
    return ""


def check_csv_rows(rows: list[list[str]], header: Header, delimiter: str, rel: str) -> None:
    """Refuse a CSV whose table rows do not fit its header (rows of the notes and signature
    block below the table may have any shape)."""
    width = len(header.columns)
    value_index = header.of("value")[0].index if header.layout == "long" else None
    start = header.row + header.rows
    usual = usual_width(rows[start:], width)
    for r in range(start, len(rows)):
        why = row_problem(rows[r], width, value_index, delimiter, usual)
        if not why:
            continue
        for above in range(start, r + 1):  # a footer above it ends the table first
            if is_footer(first_filled(row_texts(rows[above]))):
                return
        raise IngestError(f"{rel}: row {r + 1} {why}")


def count_lines(path: Path) -> int:
    """Lines of a file as a CSV reader sees them: a last line without a newline counts, blank
    lines at the end do not."""
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            count += chunk.count(b"\n")
        handle.seek(max(0, handle.tell() - (1 << 16)))
        tail = handle.read()
    trailing = tail[len(tail.rstrip(b"\r\n")) :].count(b"\n")
    return count + 1 if trailing == 0 else count - (trailing - 1)
