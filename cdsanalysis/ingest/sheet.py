"""One sheet held in memory to records: legacy text fixed, header found, the layout's reader
run, and the columns left unread named."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from cdsanalysis.ingest import tcvn3
from cdsanalysis.ingest.cells import filled
from cdsanalysis.ingest.context import Context, title_context
from cdsanalysis.ingest.grid import Grid
from cdsanalysis.ingest.headers import Header, detect_header, repeated_columns
from cdsanalysis.ingest.layout_long import read_long_grid
from cdsanalysis.ingest.layout_matrix import read_matrix
from cdsanalysis.ingest.layout_report import read_report
from cdsanalysis.ingest.records import RAW_SCHEMA, IngestError, SheetRead

_UNREAD_SHOWN = 20  # columns named in the "columns not read" message


def fix_tcvn3(grid: Grid, ctx: Context) -> None:
    """Convert legacy TCVN3 cells to Unicode in place and say which (see :mod:`.tcvn3`)."""
    whole = ctx.tcvn3 or tcvn3.sheet_is_tcvn3(v for row in grid.rows for v in row)
    refs = []
    for r, row in enumerate(grid.rows):
        new, changed = tcvn3.fix_cells(row, whole)
        if changed:
            grid.rows[r] = new
            refs.extend(grid.ref(r, c) for c in changed if (r, c) not in grid.covered)
    if refs and not ctx.tcvn3:  # a file decoded as TCVN3 says so once, in its encoding note
        shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5:,} more" if len(refs) > 5 else "")
        ctx.notes.append(
            f"legacy TCVN3 text (.VnTime fonts) converted to Unicode in {len(refs):,} cell(s): "
            f"{shown}; check the accents"
        )


def read_grid(grid: Grid, ctx: Context) -> SheetRead:
    """Records of one sheet held in memory."""
    if not any(any(filled(v) for v in row) for row in grid.rows):
        return SheetRead(grid.name, "", RAW_SCHEMA.empty_table(), message="empty")
    if not grid.text_fixed:
        fix_tcvn3(grid, ctx)
    forced = ctx.sidecar.get("layout")
    header = detect_header(grid.rows, forced, ctx.lookup)
    title_context(grid, header, ctx)
    ctx.fill_from_sidecar()
    if header is None:
        return SheetRead(grid.name, "", RAW_SCHEMA.empty_table(), message="no table recognised")
    repeated = repeated_columns(header, lambda c: (header.row, c) in grid.covered)
    if repeated:
        where = f"sheet '{grid.name}': " if grid.xlsx else ""
        raise IngestError(f"{ctx.rel}: {where}{repeated}")
    reader = {"long": read_long_grid, "report": read_report, "matrix": read_matrix}
    table, targets = reader[header.layout](grid, header, ctx)
    note_unread_columns(header, ctx)
    return SheetRead(grid.name, header.layout, table, targets, "; ".join(ctx.notes))


def note_unread_columns(header: Header, ctx: Context) -> None:
    """Say which named columns were not read, so that no value goes missing unseen."""
    unread = [
        f"{get_column_letter(c.index + 1)} '{c.text}'"
        for c in header.columns
        if c.role is None and c.text and not (header.layout == "matrix" and not c.text.strip())
    ]
    if header.layout == "matrix" and not header.of("period_col"):
        unread = []  # an areas × indicators matrix reads every named column
    if unread:
        # a sheet of 10,000 named columns must not make a 100 KB message
        shown = ", ".join(unread[:_UNREAD_SHOWN])
        more = len(unread) - _UNREAD_SHOWN
        ctx.notes.append(f"columns not read: {shown}" + (f" and {more:,} more" if more > 0 else ""))
