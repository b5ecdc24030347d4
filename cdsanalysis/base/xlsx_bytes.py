"""Deterministic .xlsx bytes: the same openpyxl workbook gives the same file on every run.

Used by the Excel data-entry template (``cds template``) and the synthetic demo (``cds sample``),
whose committed files are compared byte for byte with a fresh run.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

__all__ = ["FIXED_DATETIME", "deterministic_xlsx_bytes"]

#: Document dates written into every workbook, so that the bytes never change.
FIXED_DATETIME = dt.datetime(2025, 1, 1, 0, 0, 0)
_ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_LEVEL = 9


def deterministic_xlsx_bytes(workbook: Any) -> bytes:
    """Serialise an openpyxl workbook to the same bytes on every run.

    The document dates are fixed to :data:`FIXED_DATETIME`; the archive is re-packed with its
    entries sorted by name, dated 1980-01-01, Unix attributes, deflated at level 9. Deflate
    output is fixed for a given zlib; a different zlib build (zlib-ng) may compress the same
    content to other bytes.

    Parameters
    ----------
    workbook : openpyxl.Workbook

    Returns
    -------
    bytes
        The .xlsx file.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> book = Workbook()
    >>> book.active["A1"] = "Tỷ lệ"
    >>> data = deterministic_xlsx_bytes(book)
    >>> data[:2], data == deterministic_xlsx_bytes(book)
    (b'PK', True)
    """
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = FIXED_DATETIME
    workbook.properties.modified = FIXED_DATETIME
    workbook.properties.creator = "cdsanalysis"
    workbook.properties.lastModifiedBy = None
    raw = io.BytesIO()
    # ExcelWriter directly: save_workbook() would stamp the current time as "modified".
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _repack(raw.getvalue())


def _repack(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # "Unix", whatever the platform that writes it
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=_ZIP_LEVEL)
    return out.getvalue()
