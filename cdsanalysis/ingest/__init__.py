"""Stage 1, raw files -> raw records: agency files (CSV, XLSX, every sheet), whatever their layout.

Three layouts are recognised from their header row (Vietnamese or English names, any case,
diacritics or spacing; see docs/data-contracts.md):

- **long**: one observation a row (indicator, area, sector, period, value, unit, source, note);
- **report**: how agencies report: title lines, one or two header rows with merged cells,
  indicators in rows, periods in columns, plan/target columns, section rows, notes and a
  signature block below;
- **matrix**: areas × periods for one indicator (named in a title line, the sheet name, the
  sidecar or the file name), or areas × indicators for one period.

A raw record is one non-blank cell in a value column of a data row; cells of plan/target columns
are only counted (``target_cells``). Nothing is interpreted here beyond locating the cells: the
cleaner (:mod:`cdsanalysis.clean.run`) parses, matches and validates. Records come back as a
:class:`pyarrow.Table` with the columns :data:`RAW_COLUMNS`, so that a million-row long CSV is read
column-wise without a Python object per cell.

The stage's modules, one job each: :mod:`.records` (the record table, :class:`FileRead`),
:mod:`.files` and :mod:`.sidecar` (which files, what their folder and sidecar say),
:mod:`.headers`, :mod:`.context`, :mod:`.cells` and :mod:`.grid` (recognising a table),
:mod:`.layout_long`, :mod:`.layout_report`, :mod:`.layout_matrix` (one reader a layout),
:mod:`.sheet`, :mod:`.xlsx`, :mod:`.xlsx_guard`, :mod:`.encoding`, :mod:`.tcvn3`,
:mod:`.csv_rows`, :mod:`.csv_read`, and :mod:`.read` (one file, start to end); the data-entry
template that agencies fill in is :mod:`.template`.
"""

from cdsanalysis.ingest.csv_read import CSV_WHOLE_MAX_BYTES
from cdsanalysis.ingest.encoding import sniff_encoding
from cdsanalysis.ingest.files import find_raw_files, folder_provenance
from cdsanalysis.ingest.read import read_file
from cdsanalysis.ingest.records import RAW_COLUMNS, RAW_SCHEMA, FileRead, IngestError, SheetRead
from cdsanalysis.ingest.sidecar import read_sidecar

__all__ = [
    "CSV_WHOLE_MAX_BYTES",
    "RAW_COLUMNS",
    "RAW_SCHEMA",
    "FileRead",
    "IngestError",
    "SheetRead",
    "find_raw_files",
    "folder_provenance",
    "read_file",
    "read_sidecar",
    "sniff_encoding",
]
