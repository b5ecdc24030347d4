"""Reading one raw file: sidecar, provenance, the XLSX or CSV reader, and the file's messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cdsanalysis.ingest.context import Context
from cdsanalysis.ingest.csv_read import read_csv
from cdsanalysis.ingest.files import UNSUPPORTED_SUFFIXES, folder_provenance, unreadable_reason
from cdsanalysis.ingest.records import RAW_SCHEMA, FileRead, IngestError, SheetRead
from cdsanalysis.ingest.sheet import read_grid
from cdsanalysis.ingest.sidecar import read_sidecar
from cdsanalysis.ingest.xlsx import xlsx_grids


def _context(rel: str, sheet: str, sidecar: dict, provenance: str, lookup) -> Context:
    return Context(rel=rel, sheet=sheet, provenance=provenance, sidecar=sidecar, lookup=lookup)


def read_file(
    path: str | Path,
    raw_dir: str | Path,
    *,
    indicator_lookup: Callable[[str], str | None] | None = None,
) -> FileRead:
    """Read one raw file into raw records, sheet by sheet.

    Parameters
    ----------
    path : str or pathlib.Path
        A CSV/TSV or XLSX/XLSM file below ``raw_dir``.
    raw_dir : str or pathlib.Path
        The raw folder; record ``file`` names are relative to it, with "/" separators, and the
        folder (``demo/``, ``published/``) implies the provenance.
    indicator_lookup : callable, optional
        ``text -> indicator id or None``: recognises the indicator a matrix is about in a title
        line, sheet or file name, and the indicator names heading matrix columns. Without it
        only "Chỉ tiêu: ..." title lines and the sidecar name the indicator.

    Returns
    -------
    FileRead
        The sheets read (each with its layout, records and target cells) and messages.

    Raises
    ------
    IngestError
        When the file cannot be read at all: a corrupt workbook, undecodable text, an
        unsupported format, a broken sidecar, or no recognisable table on any sheet.
    """
    path, root = Path(path), Path(raw_dir)
    rel = path.relative_to(root).as_posix()
    why = unreadable_reason(path)
    if why:
        raise IngestError(f"{rel}: {why}")
    try:
        sidecar = read_sidecar(path)
    except IngestError as exc:
        raise IngestError(f"{rel}: {exc}") from None
    result = FileRead(rel, sidecar.get("provenance") or folder_provenance(rel))
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise IngestError(
            f"{rel}: {suffix} files cannot be read; save the file as .xlsx or .csv (UTF-8)"
        )
    try:
        hidden = _read_sheets(path, result, sidecar, indicator_lookup)
    except OSError as exc:  # permission denied, a file removed or cut while it is read
        raise IngestError(f"{rel}: the file cannot be read ({exc.strerror or exc})") from None
    contentful = [s for s in result.sheets if s.message != "empty"]
    if contentful and not any(s.layout for s in result.sheets):
        raise IngestError(
            f"{rel}: no table with a recognisable header (long: indicator, area, period, value; "
            "report: Chỉ tiêu and period columns; matrix: areas and periods) on "
            + ("any sheet" if suffix in XLSX_SUFFIXES else "the first 60 rows")
        )
    _add_messages(result, hidden)
    return result


XLSX_SUFFIXES = (".xlsx", ".xlsm")


def _read_sheets(
    path: Path, result: FileRead, sidecar: dict, lookup: Callable[[str], str | None] | None
) -> list[str]:
    """Read the file's sheets into ``result``; return the hidden sheets read, as
    "'Name' (hidden)" (hidden sheets are read like the others, and said so)."""
    rel, provenance = result.file, result.provenance
    if path.suffix.lower() not in XLSX_SUFFIXES:
        ctx = _context(rel, "", sidecar, provenance, lookup)
        sheet, message = read_csv(path, rel, ctx)
        result.sheets.append(sheet)
        if message:
            result.messages.append(message)
        return []
    if path.stat().st_size == 0:  # as a 0-byte CSV: nothing to read, the run goes on
        result.sheets.append(SheetRead("", "", RAW_SCHEMA.empty_table(), message="empty"))
        return []
    hidden = []
    for grid in xlsx_grids(path, rel):
        ctx = _context(rel, grid.name, sidecar, provenance, lookup)
        result.sheets.append(read_grid(grid, ctx))
        if grid.hidden:
            hidden.append(f"'{grid.name}' ({grid.hidden})")
    return hidden


def _add_messages(result: FileRead, hidden: list[str]) -> None:
    """The sheets' messages, each named by its sheet, then the hidden sheets read."""
    for sheet in result.sheets:
        if sheet.message and sheet.message != "empty":
            where = f"sheet '{sheet.sheet}': " if sheet.sheet else ""
            skipped = "" if sheet.layout else " (skipped)"
            result.messages.append(f"{where}{sheet.message}{skipped}")
    if hidden:
        result.messages.append(
            f"hidden sheet(s) read like the others: {', '.join(hidden)}; "
            "unhide them in Excel to check them"
        )
