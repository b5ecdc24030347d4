"""Long CSV tables read without holding the file as a grid: column-wise by pyarrow (a plain
shape), or in chunks of rows (blank lines, line breaks inside cells, not UTF-8)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from cdsanalysis.base.text import fold
from cdsanalysis.ingest import tcvn3
from cdsanalysis.ingest.cells import row_texts
from cdsanalysis.ingest.context import Context, title_context
from cdsanalysis.ingest.csv_parse import CsvRows, note_nuls
from cdsanalysis.ingest.csv_rows import count_lines, row_problem, usual_width
from cdsanalysis.ingest.encoding import Encoding
from cdsanalysis.ingest.grid import Grid, is_column_numbers
from cdsanalysis.ingest.headers import Header
from cdsanalysis.ingest.layout_long import empty_dict_array, footer_cut, long_table
from cdsanalysis.ingest.records import DICT_STRING, RAW_SCHEMA, IngestError, SheetRead
from cdsanalysis.ingest.sheet import note_unread_columns

#: Rows of a chunk of the chunked reader.
STREAM_ROWS = 100_000


def read_long_stream(
    path: Path,
    encoding: Encoding,
    delimiter: str,
    head_rows: list[list[str]],
    header: Header,
    ctx: Context,
) -> SheetRead:
    """Read a long CSV too big to read whole that the fast reader refused (blank lines, line
    breaks inside cells, not UTF-8) in chunks of rows: one chunk's text is in memory at a
    time, the records are kept column-wise as dictionary codes. Rows are numbered as the
    careful reader numbers them, and the same row checks apply.

    Parameters
    ----------
    path : pathlib.Path
    encoding : Encoding
        As sniffed from the file.
    delimiter : str
        As sniffed from the head of the file.
    head_rows : list of list of str
        The first rows, holding the title lines and the header.
    header : Header
        The long table's one-row header.
    ctx : Context

    Returns
    -------
    SheetRead
    """
    grid = Grid("", head_rows[: header.row])
    title_context(grid, header, ctx)
    ctx.fill_from_sidecar()
    reader = _ChunkedReader(header, ctx, delimiter, head_rows)
    index = 0
    try:
        with path.open("r", encoding=encoding.codec, errors=encoding.errors, newline="") as handle:
            rows = CsvRows(handle, delimiter, ctx.rel)
            for index, row in enumerate(rows):
                if index > header.row and not reader.add(row, index + 1):
                    break
            reader.finish()
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{ctx.rel}: near row {index + 2}, the text cannot be decoded as {encoding.codec} "
            f"({exc.reason}); save the file as CSV UTF-8"
        ) from None
    note_nuls(rows.nuls, ctx)
    if reader.converted and not ctx.tcvn3:
        ctx.notes.append(
            f"legacy TCVN3 text (.VnTime fonts) converted to Unicode in {reader.converted:,} "
            "distinct cell text(s); check the accents"
        )
    note_unread_columns(header, ctx)
    records = pa.concat_tables(reader.tables) if reader.tables else RAW_SCHEMA.empty_table()
    return SheetRead("", "long", records, reader.targets, "; ".join(ctx.notes))


class _ChunkedReader:
    """Rows of a long table collected in chunks of :data:`STREAM_ROWS`, each chunk turned into
    records column-wise; stops at the notes/signature block."""

    def __init__(self, header: Header, ctx: Context, delimiter: str, head_rows: list[list[str]]):
        self.header, self.ctx, self.delimiter = header, ctx, delimiter
        self.width = len(head_rows[header.row])
        self.value_index = header.of("value")[0].index
        self.usual = usual_width(head_rows[header.row + 1 :], self.width)
        self.tables: list[pa.Table] = []
        self.targets = self.converted = 0
        self.stopped = False
        self.first = True
        self.chunk: list[list[str]] = []
        self.numbers: list[int] = []
        self.problems: list[tuple[int, str]] = []  # (position in the chunk, why)

    def add(self, row: list[str], number: int) -> bool:
        """Take one data row (``number`` counts from 1); False once the table has ended."""
        if not any(c.strip() for c in row):
            return True
        if self.first:
            self.first = False
            if is_column_numbers([t for t in row_texts(row) if t]):
                return True
        why = row_problem(row, self.width, self.value_index, self.delimiter, self.usual)
        if why:
            self.problems.append((len(self.chunk), why))
        self.chunk.append(row[: self.width] + [""] * (self.width - len(row)))
        self.numbers.append(number)
        if len(self.chunk) >= STREAM_ROWS:
            self._flush()
        return not self.stopped

    def finish(self) -> None:
        """Turn the last rows into records."""
        if self.chunk and not self.stopped:
            self._flush()

    def _columns(self) -> list[pa.DictionaryArray]:
        columns = []
        for c in range(self.width):
            array = pa.array([row[c] for row in self.chunk], pa.string()).dictionary_encode()
            fixed, changed = tcvn3.fix_cells(array.dictionary.to_pylist(), self.ctx.tcvn3)
            if changed:
                self.converted += len(changed)
                array = pa.DictionaryArray.from_arrays(array.indices, pa.array(fixed, pa.string()))
            columns.append(array)
        return columns

    def _flush(self) -> None:
        columns = self._columns()
        cut = footer_cut(columns, len(self.chunk))
        for position, why in self.problems:
            if position < cut:
                raise IngestError(f"{self.ctx.rel}: row {self.numbers[position]} {why}")
        if cut < len(self.chunk):
            self.stopped = True
            for row in self.chunk[cut : cut + 20]:  # the notes may name the source
                for text in row_texts(row):
                    if fold(text).startswith("nguon") and ":" in text:
                        self.ctx.source = self.ctx.source or text.split(":", 1)[1].strip()
        numbers = np.asarray(self.numbers, np.int64)
        table, targets = long_table(columns, numbers, self.header, self.ctx, None)
        self.tables.append(table)
        self.targets += targets
        self.chunk.clear()
        self.numbers.clear()
        self.problems.clear()


def read_long_fast(
    path: Path,
    encoding: str,
    delimiter: str,
    head_rows: list[list[str]],
    header: Header,
    ctx: Context,
) -> SheetRead | None:
    """Read a long CSV column-wise with pyarrow; None when its shape needs the careful reader
    (blank or ragged lines, line breaks inside cells), so that cell references stay exact."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return None
    grid = Grid("", head_rows[: header.row])
    title_context(grid, header, ctx)
    ctx.fill_from_sidecar()
    ncols = len(head_rows[header.row])
    names = [f"c{i}" for i in range(ncols)]
    try:
        # pyarrow checks that every cell is valid UTF-8 while it reads, and refuses a ragged
        # row (ArrowInvalid): the careful reader then keeps the row numbers exact. No Python
        # row handler: a callback held by pyarrow's reader threads can abort the process
        # ("terminate called without an active exception") when it exits soon after.
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header.row + 1, column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, DICT_STRING),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
        return None
    if count_lines(path) != header.row + 1 + table.num_rows:
        return None
    table = table.unify_dictionaries().combine_chunks()
    columns = [
        table.column(i).chunk(0) if table.num_rows else empty_dict_array() for i in range(ncols)
    ]
    texts = [v for c in columns for v in c.dictionary.to_pylist()]
    if any(tcvn3.looks_tcvn3(v) or "\x00" in v for v in texts):
        return None  # legacy TCVN3 cells, NUL characters: the other readers fix them and say so
    rownums = np.arange(header.row + 2, header.row + 2 + table.num_rows, dtype=np.int64)
    records, targets = long_table(columns, rownums, header, ctx, None)
    note_unread_columns(header, ctx)
    return SheetRead("", "long", records, targets, "; ".join(ctx.notes))
