"""CSV text to rows, accounting for every line: NUL characters are removed and counted, a cell
over the size limit and a quote that is never closed are refused naming the row and column,
instead of ending the run or swallowing the rest of the file into one cell."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from openpyxl.utils import get_column_letter

from cdsanalysis.ingest.context import Context
from cdsanalysis.ingest.records import IngestError

#: Largest cell of a CSV file, in characters (the csv module's own limit, 128 K).
MAX_CELL_CHARS = csv.field_size_limit()


class CsvRows:
    """The rows of CSV text, read lazily; ``nuls`` counts the NUL characters removed.

    Parameters
    ----------
    lines : iterable of str
        The text's lines with their line ends (a file opened with ``newline=""``, or
        ``io.StringIO(text, newline="")``).
    delimiter : str
    rel : str
        The file's name, for messages.
    complete : bool
        Whether ``lines`` reach the end of the file: only then is a quote still open at the end
        an error (the head of a file may cut a cell that holds line breaks).
    """

    def __init__(self, lines: Iterable[str], delimiter: str, rel: str, complete: bool = True):
        self._lines, self.delimiter, self.rel, self.complete = lines, delimiter, rel, complete
        self.nuls = 0
        self._line = 0  # lines read so far
        self._record: list[str] = []  # the lines of the record being read

    def _tap(self) -> Iterator[str]:
        for line in self._lines:
            self._line += 1
            if "\x00" in line:
                self.nuls += line.count("\x00")
                line = line.replace("\x00", "")
            self._record.append(line)
            yield line

    def __iter__(self) -> Iterator[list[str]]:
        reader = csv.reader(self._tap(), delimiter=self.delimiter)
        number, last, start = 0, [], 1
        while True:
            self._record = []
            first_line = self._line + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise self._error(exc, number + 1, first_line) from None
            number, last, start = number + 1, self._record, first_line
            yield row
        if self.complete and len(last) > 1:
            self._check_closed("".join(last), number, start)

    def _error(self, exc: csv.Error, number: int, line: int) -> IngestError:
        where = _where(self.rel, number, line)
        if "field larger than field limit" in str(exc):
            column = _wide_column("".join(self._record), self.delimiter)
            return IngestError(
                f"{where}, column {column}: a cell of more than {MAX_CELL_CHARS:,} characters, "
                "more than a cell may hold; check the file (a quote never closed?) or shorten "
                "the cell"
            )
        return IngestError(f"{where}: {exc}")

    def _check_closed(self, text: str, number: int, line: int) -> None:
        """Refuse a last record that ends inside a quoted cell: a quote opened and never closed
        would otherwise take every line after it into one cell."""
        try:
            for _ in csv.reader(
                io.StringIO(text, newline=""), delimiter=self.delimiter, strict=True
            ):
                pass
        except csv.Error as exc:
            if "unexpected end of data" not in str(exc):
                return
            lines = text.count("\n") + (not text.endswith("\n"))
            raise IngestError(
                f'{_where(self.rel, number, line)}: a quote (") opens in this row and is never '
                f"closed, so its {lines:,} lines to the end of the file would be read as one "
                "cell; close the quote or save the file again as CSV"
            ) from None


def note_nuls(count: int, ctx: Context) -> None:
    """Say how many NUL characters were removed from a file's cells (none reach the outputs)."""
    if count:
        ctx.notes.append(f"{count:,} NUL character(s) removed from the cells")


def _where(rel: str, number: int, line: int) -> str:
    return f"{rel}: row {number:,}" + (f" (line {line:,})" if line != number else "")


def _wide_column(text: str, delimiter: str) -> str:
    """The column letter of the first cell over :data:`MAX_CELL_CHARS` in a record's text."""
    csv.field_size_limit(max(MAX_CELL_CHARS, len(text) + 1))
    try:
        fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    finally:
        csv.field_size_limit(MAX_CELL_CHARS)
    for i, value in enumerate(fields):
        if len(value) > MAX_CELL_CHARS:
            return get_column_letter(i + 1)
    return get_column_letter(len(fields) or 1)
