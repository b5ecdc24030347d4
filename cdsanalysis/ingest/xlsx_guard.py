"""Structural checks of an XLSX file before openpyxl opens it.

Agency workbooks arrive by e-mail and chat; some are not workbooks at all (a CSV or an HTML page
saved with an ``.xlsx`` name, a password-protected or Excel 97-2003 file), some are cut short,
and a hostile one can hold a zip bomb, an XML entity bomb or a sheet that declares billions of
cells. :func:`check_workbook` looks at the bytes and the zip directory only, never expanding
anything, and refuses such a file with a :class:`WorkbookRefused` that the reader turns into an
:class:`~cdsanalysis.ingest.records.IngestError` naming the file, with the reason in plain
words. The limits are the named constants below.

openpyxl parses XML with defusedxml when it is installed (nbconvert brings it here), but the
check below does not rely on that: a part that declares a DOCTYPE or an ENTITY is refused before
any parser sees it.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

#: Largest uncompressed size of one part of the zip package (a sheet's XML), in bytes.
MAX_PART_BYTES = 256 * 1024 * 1024
#: Largest uncompressed size of all parts together, in bytes.
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: Largest compression ratio (uncompressed / compressed) of a part of at least
#: :data:`RATIO_MIN_BYTES`; real sheets compress 5-20 times, a zip bomb about 1000 times.
MAX_COMPRESSION_RATIO = 200
#: Parts smaller than this are not held to :data:`MAX_COMPRESSION_RATIO` (they are harmless).
RATIO_MIN_BYTES = 1024 * 1024
#: Largest number of parts in the package.
MAX_PARTS = 10_000
#: Largest number of cells a sheet may declare (its ``<dimension ref>``) or hold.
MAX_SHEET_CELLS = 5_000_000
#: Excel's own limits: a dimension beyond them is not a real sheet.
EXCEL_MAX_ROWS, EXCEL_MAX_COLUMNS = 1_048_576, 16_384
#: How far into an XML part its prolog (declaration, comments, DOCTYPE) may run.
MAX_PROLOG_BYTES = 64 * 1024

_CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,4})\$?(\d+)(?::\$?([A-Z]{1,4})\$?(\d+))?"'
)
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")


_DAMAGED = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError)


class WorkbookRefused(ValueError):
    """A file refused by the structural check; ``str()`` is the reason, without the file name."""


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _describe_cfb(head: bytes) -> str:
    """Say what an OLE2 (Compound File Binary) file is: the directory entries name its streams
    in UTF-16, so their names are found in the bytes without parsing the container."""
    if _utf16("EncryptedPackage") in head or _utf16("EncryptionInfo") in head:
        return (
            "the workbook is password-protected (Excel stores an encrypted .xlsx as an OLE2 "
            "file); remove the password (File > Info > Protect Workbook) and save it again"
        )
    if _utf16("Workbook") in head or _utf16("Book") in head:
        return (
            "this is an Excel 97-2003 workbook (.xls) named .xlsx; open it and save it as "
            "Excel Workbook (.xlsx)"
        )
    return (
        "this is an OLE2 (Compound File) document, not an .xlsx: a password-protected "
        "workbook or a legacy .xls; remove the password or save it as Excel Workbook (.xlsx)"
    )


def _looks_like_text(head: bytes) -> str:
    """ "csv", "html" or "" for bytes that are not a zip package."""
    sample = head[:4096]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ""  # binary
    for encoding in ("utf-8", "utf-16", "cp1258"):
        try:
            text = sample.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return ""
    lowered = text.lstrip("\ufeff \r\n\t").lower()
    if lowered.startswith(("<!doctype html", "<html", "<table", "<?xml")) or "<table" in lowered:
        return "html"
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    if text and printable / len(text) > 0.95 and any(d in text for d in (",", ";", "\t")):
        return "csv"
    return ""


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part path -> sheet name, from ``xl/workbook.xml`` and its relationships (best effort;
    a part missing here is named by its path)."""
    try:
        workbook = archive.read("xl/workbook.xml")[: MAX_PROLOG_BYTES * 16]
        rels = archive.read("xl/_rels/workbook.xml.rels")[: MAX_PROLOG_BYTES * 16]
    except KeyError:
        return {}
    targets = {}
    for tag in _RELATIONSHIP.findall(rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[attrs.get(b"Id", b"")] = str(PurePosixPath(path))
    names = {}
    for tag in _SHEET.findall(workbook):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(tag)}
        part = targets.get(attrs.get(b"id", b""))
        if part:
            names[part] = attrs.get(b"name", b"").decode("utf-8", "replace")
    return names


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _prolog(data: bytes) -> bytes:
    """The part's head as UTF-8 bytes (a UTF-16 part is decoded first)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace").encode("utf-8")
    return data


def _check_prolog(head: bytes, part: str, complete: bool) -> None:
    """Refuse a DOCTYPE or ENTITY declaration before the root element of an XML part."""
    head = _prolog(head)
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while pos < len(head) and head[pos : pos + 1] in b" \t\r\n":
            pos += 1
        if head.startswith((b"<!DOCTYPE", b"<!doctype", b"<!ENTITY"), pos):
            raise WorkbookRefused(
                f"part '{part}' declares a DOCTYPE/ENTITY (XML entity expansion, a "
                "'billion laughs' attack); spreadsheets never do, so the file is refused "
                "before any XML parser reads it"
            )
        if head.startswith(b"<?", pos):
            end = head.find(b"?>", pos)
            pos = end + 2 if end >= 0 else -1
        elif head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos)
            pos = end + 3 if end >= 0 else -1
        else:
            return  # the root element (or not XML at all: openpyxl says so)
        if pos < 0:
            if complete:
                return
            raise WorkbookRefused(
                f"part '{part}' opens with more than {MAX_PROLOG_BYTES // 1024} KB of XML "
                "declarations and comments before its first element"
            )


def _check_dimension(head: bytes, part: str, name: str) -> None:
    found = _DIMENSION.search(_prolog(head))
    if not found:
        return
    c0, r0 = _column_number(found.group(1)), int(found.group(2))
    c1 = _column_number(found.group(3)) if found.group(3) else c0
    r1 = int(found.group(4)) if found.group(4) else r0
    rows, cols = abs(r1 - r0) + 1, abs(c1 - c0) + 1
    ref = found.group(0).split(b'"')[1].decode("ascii")
    where = f"sheet '{name}'" if name else f"part '{part}'"
    if max(r0, r1) > EXCEL_MAX_ROWS or max(c0, c1) > EXCEL_MAX_COLUMNS:
        raise WorkbookRefused(
            f"{where} declares the range {ref}, beyond Excel's {EXCEL_MAX_ROWS:,} rows and "
            f"{EXCEL_MAX_COLUMNS:,} columns: the file is damaged or forged"
        )
    if rows * cols > MAX_SHEET_CELLS:
        raise WorkbookRefused(
            f"{where} declares the range {ref} ({rows * cols:,} cells), over the limit of "
            f"{MAX_SHEET_CELLS:,} cells a sheet may hold; split the data or send it as CSV"
        )


def check_workbook(path: str | Path) -> None:
    """Refuse a file that is not a sound XLSX package, before any of it is expanded or parsed.

    Checks, in order: the first bytes (an OLE2 file is a password-protected workbook or a
    legacy .xls; text is a CSV or HTML page with the wrong name); the zip directory (present,
    at most :data:`MAX_PARTS` parts, each at most :data:`MAX_PART_BYTES` uncompressed and
    :data:`MAX_COMPRESSION_RATIO` times its compressed size, :data:`MAX_TOTAL_BYTES` in all,
    with ``xl/workbook.xml``); every XML part's prolog (no DOCTYPE or ENTITY); and every
    sheet's declared ``<dimension ref>`` (at most :data:`MAX_SHEET_CELLS` cells).

    Parameters
    ----------
    path : str or pathlib.Path
        The ``.xlsx`` or ``.xlsm`` file.

    Raises
    ------
    WorkbookRefused
        With the reason in plain words (the caller adds the file name).
    """
    path = Path(path)
    _check_head(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise WorkbookRefused(
            "the workbook is truncated or damaged (its zip directory is missing or unreadable); "
            "copy the file again from the sender"
        ) from None
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        try:
            _check_parts(archive, infos)
        except _DAMAGED as exc:  # a part cut short, an unknown compression, zip encryption
            raise WorkbookRefused(
                f"the workbook is damaged ({type(exc).__name__}: {exc}); copy the file again "
                "from the sender"
            ) from None


def _check_head(path: Path) -> None:
    """Refuse a file whose first bytes are not a zip package, saying what it is instead."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if not head:
        raise WorkbookRefused("the file is empty (0 bytes): not an Excel workbook")
    if head.startswith(_CFB_MAGIC):
        with path.open("rb") as handle:
            raise WorkbookRefused(_describe_cfb(handle.read(4 << 20)))
    if head.startswith(_ZIP_MAGIC):
        return
    kind = _looks_like_text(head)
    if kind == "csv":
        raise WorkbookRefused(
            "this is a text (CSV) file named .xlsx, not an Excel workbook; rename it to .csv"
        )
    if kind == "html":
        raise WorkbookRefused(
            "this is a web page (HTML) named .xlsx, not an Excel workbook; open it in "
            "Excel and save it as Excel Workbook (.xlsx)"
        )
    raise WorkbookRefused(
        "not an Excel workbook (an .xlsx file is a zip package; this one is not) or the "
        "file is damaged; ask the sender for the original file"
    )


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip directory with too many parts, parts too big or too compressed, or
    without ``xl/workbook.xml``."""
    if len(infos) > MAX_PARTS:
        raise WorkbookRefused(
            f"the package holds {len(infos):,} parts, over the limit of {MAX_PARTS:,}"
        )
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise WorkbookRefused(
                f"part '{info.filename}' would unpack to {info.file_size / 2**20:,.0f} MB, "
                f"over the limit of {MAX_PART_BYTES // 2**20} MB for one part"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise WorkbookRefused(
                f"part '{info.filename}' is compressed {ratio:,.0f} times (a zip bomb), over "
                f"the limit of {MAX_COMPRESSION_RATIO} times"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise WorkbookRefused(
            f"the workbook would unpack to {total / 2**20:,.0f} MB, over the limit of "
            f"{MAX_TOTAL_BYTES // 2**20} MB"
        )
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise WorkbookRefused(
            "a zip file without xl/workbook.xml: not an Excel workbook (perhaps a Word "
            "document or a zip archive named .xlsx)"
        )


def _check_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an XML part declaring a DOCTYPE/ENTITY, and a sheet declaring too many cells."""
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            chunk = part.read(MAX_PROLOG_BYTES)
        _check_prolog(chunk, info.filename, info.file_size <= len(chunk))
    sheet_names = _sheet_names(archive)
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            with archive.open(info) as part:
                chunk = part.read(MAX_PROLOG_BYTES)
            _check_dimension(chunk, info.filename, sheet_names.get(info.filename, ""))


def check_merged_cells(sheet: str, cells: int, merges: list[tuple[int, int, int, int]]) -> None:
    """Refuse a sheet whose merged ranges would fill more cells than a sheet may hold.

    A merged range is read by repeating its first cell's value in every cell it covers, so a
    2 KB workbook merging A1:ALL10000 a few times would fill tens of millions of cells. The
    cells a range adds are counted generously (its rows times its last column), together with
    the ``cells`` read, against :data:`MAX_SHEET_CELLS`, before any of them is filled.

    Parameters
    ----------
    sheet : str
        The sheet's name, for the message.
    cells : int
        The cells read from the sheet.
    merges : list of tuple of int
        The merged ranges as ``(first row, first column, last row, last column)``, 0-based.

    Raises
    ------
    WorkbookRefused
        Naming the sheet, the largest ranges and the count.
    """
    filled = cells + sum((r1 - r0 + 1) * (c1 + 1) for r0, _, r1, c1 in merges)
    if filled <= MAX_SHEET_CELLS:
        return
    largest = sorted(merges, key=lambda m: (m[2] - m[0] + 1) * (m[3] - m[1] + 1), reverse=True)
    shown = ", ".join(_range_ref(*m) for m in largest[:3])
    more = f" and {len(merges) - 3:,} more" if len(merges) > 3 else ""
    raise WorkbookRefused(
        f"sheet '{_cut(sheet)}': its merged ranges ({shown}{more}) would fill {filled:,} cells, "
        f"over the limit of {MAX_SHEET_CELLS:,} cells a sheet may hold; unmerge them, or split "
        "the data or send it as CSV"
    )


def _range_ref(r0: int, c0: int, r1: int, c1: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"


def _cut(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with "…", so that a message never copies an
    unbounded input."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
