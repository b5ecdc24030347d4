"""CSV files to records: read whole (report, matrix, small long tables), column-wise by pyarrow
(long tables of a plain shape), or in chunks of rows (large long tables of another shape)."""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

from cdsanalysis.ingest import tcvn3
from cdsanalysis.ingest.context import Context
from cdsanalysis.ingest.csv_long import read_long_fast, read_long_stream
from cdsanalysis.ingest.csv_parse import CsvRows, note_nuls
from cdsanalysis.ingest.csv_rows import (
    check_csv_rows,
    sniff_delimiter,
)
from cdsanalysis.ingest.encoding import TCVN3_CODEC, Encoding, sniff_encoding, sniff_file
from cdsanalysis.ingest.grid import Grid
from cdsanalysis.ingest.headers import HEADER_SCAN_ROWS, Header, detect_header, repeated_columns
from cdsanalysis.ingest.records import RAW_SCHEMA, IngestError, SheetRead
from cdsanalysis.ingest.sheet import fix_tcvn3, read_grid

_HEAD_BYTES = 1 << 18
#: Largest CSV read whole into memory (report and matrix layouts, and long tables of a shape
#: the fast reader refuses); a larger long table is read in chunks of rows
#: (:mod:`.csv_long`), a larger report or matrix is refused.
CSV_WHOLE_MAX_BYTES = 16 * 1024 * 1024


@dataclass
class CsvHead:
    """What the first bytes of a CSV file say: encoding, delimiter, the first rows and the
    header found in them."""

    size: int
    encoding: Encoding
    delimiter: str
    rows: list[list[str]]
    header: Header | None


def read_csv(path: Path, rel: str, ctx: Context) -> tuple[SheetRead, str]:
    """Read a CSV/TSV file into the records of its one table.

    Parameters
    ----------
    path : pathlib.Path
    rel : str
        The file's name relative to the raw folder, for messages.
    ctx : Context
        The file's context (sidecar, provenance, indicator lookup); notes are added to it.

    Returns
    -------
    tuple of (SheetRead, str)
        The sheet read, and the encoding note ("" for plain UTF-8).

    Raises
    ------
    IngestError
        When the file cannot be decoded, is too big for its layout or has rows that do not fit
        its header.
    """
    head = _read_head(path, rel, ctx)
    if head is None:
        return _empty_sheet(), ""
    header = head.header
    long = header is not None and header.layout == "long" and header.rows == 1
    if long and (repeated := repeated_columns(header, lambda c: False)):
        raise IngestError(f"{rel}: {repeated}")
    if long:
        fast = read_long_fast(path, head.encoding.codec, head.delimiter, head.rows, header, ctx)
        if fast is not None:
            return fast, head.encoding.note
    if head.size > CSV_WHOLE_MAX_BYTES:
        if not long:
            raise IngestError(
                f"{rel}: {head.size / 2**20:,.0f} MB is too big for a report or matrix table "
                f"(at most {CSV_WHOLE_MAX_BYTES // 2**20} MB); only a long table, one "
                "observation a row, may be larger"
            )
        encoding = head.encoding
        if encoding == ("utf-8", "", "strict"):  # the head was UTF-8; the rest may not be
            encoding = sniff_file(path)
            ctx.tcvn3 = encoding.codec == TCVN3_CODEC
        sheet = read_long_stream(path, encoding, head.delimiter, head.rows, header, ctx)
        return sheet, encoding.note
    return _read_whole(path, rel, ctx, head)


_BLANK = b" \t\r\n\x00" + codecs.BOM_UTF8


def _empty_sheet() -> SheetRead:
    return SheetRead("", "", RAW_SCHEMA.empty_table(), message="empty")


def _read_head(path: Path, rel: str, ctx: Context) -> CsvHead | None:
    """Encoding, delimiter and header from the file's first bytes; None for a blank file."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        data = handle.read(_HEAD_BYTES)  # the head decides; the rest is read by the reader
    if size <= _HEAD_BYTES and not data.strip(_BLANK):
        return None
    try:
        # the fast reader checks the rest as it reads, the careful one reads it all
        encoding = sniff_encoding(data, partial=size > _HEAD_BYTES)
    except IngestError as exc:
        raise IngestError(f"{rel}: {exc}") from None
    ctx.tcvn3 = encoding.codec == TCVN3_CODEC
    text = codecs.getincrementaldecoder(encoding.codec)(errors="replace").decode(data)
    lines = text.splitlines()[: HEADER_SCAN_ROWS + 2]
    if size > _HEAD_BYTES and lines:
        lines = lines[:-1]  # the last line may be cut
    delimiter = sniff_delimiter(lines) if path.suffix.lower() != ".tsv" else "\t"
    rows = list(CsvRows(lines, delimiter, rel, complete=False))
    if ctx.tcvn3:
        rows = [tcvn3.fix_cells(row, True)[0] for row in rows]
    header = detect_header(rows, ctx.sidecar.get("layout"), ctx.lookup)
    return CsvHead(size, encoding, delimiter, rows, header)


def _read_whole(path: Path, rel: str, ctx: Context, head: CsvHead) -> tuple[SheetRead, str]:
    """Read a file of at most :data:`CSV_WHOLE_MAX_BYTES` as a grid (any layout)."""
    data = path.read_bytes()
    if not data.strip(_BLANK):
        return _empty_sheet(), ""
    encoding = head.encoding
    if encoding.codec in ("utf-8", "utf-8-sig"):  # the head was UTF-8; the rest may not be
        try:
            encoding = sniff_encoding(data)
        except IngestError as exc:
            raise IngestError(f"{rel}: {exc}") from None
        ctx.tcvn3 = encoding.codec == TCVN3_CODEC
    try:
        text = data.decode(encoding.codec, encoding.errors)
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{rel}: the text cannot be decoded as {encoding.codec} ({exc.reason}); save the "
            "file as CSV UTF-8"
        ) from None
    reader = CsvRows(io.StringIO(text, newline=""), head.delimiter, rel)
    grid = Grid("", [list(r) for r in reader])
    note_nuls(reader.nuls, ctx)
    fix_tcvn3(grid, ctx)
    grid.text_fixed = True
    full_header = detect_header(grid.rows, ctx.sidecar.get("layout"), ctx.lookup)
    if full_header is not None:
        check_csv_rows(grid.rows, full_header, head.delimiter, rel)
    return read_grid(grid, ctx), encoding.note
