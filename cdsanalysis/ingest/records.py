"""Raw records: the record table's columns and schema, what a file and a sheet gave, and
the error of a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

#: Columns of the raw record table, all text except ``row``, ``col`` and ``value_num``.
RAW_COLUMNS = [
    "file",  # path relative to the raw folder, "/" separators
    "sheet",  # sheet name; "" for CSV
    "ref",  # "Sheet!B12" (XLSX) or "B12" (CSV)
    "layout",
    "provenance",
    "indicator_raw",
    "indicator_id",  # set when the indicator was found by searching a title or name
    "area_raw",
    "sector_raw",
    "period_raw",
    "value_raw",
    "unit_raw",
    "source",
    "note",
    "numerator_raw",  # the count a rate is computed over, as written ("" when not given)
    "denominator_raw",  # the count a rate is computed on, as written
    "level_hint",  # district | commune | "" from the area column's header
    "area_group",  # cells whose areas are read together (one column of one sheet)
    # "" | "formula" (no cached value) | "date" (a date where a number belongs) | "percent" (a
    # number formatted as a percent: value_num is already ×100)
    "flag",
    "row",
    "col",
    "value_num",  # the number of a numeric spreadsheet cell; NaN for text
]
_TEXT_COLUMNS = RAW_COLUMNS[:19]
# Text columns are dictionary-encoded: a million cells hold a few thousand distinct strings,
# and the cleaner works on the codes. Cell references are unique, so plain text.
DICT_STRING = pa.dictionary(pa.int32(), pa.string())
RAW_SCHEMA = pa.schema(
    [pa.field(name, pa.string() if name == "ref" else DICT_STRING) for name in _TEXT_COLUMNS]
    + [
        pa.field("row", pa.int64()),
        pa.field("col", pa.int32()),
        pa.field("value_num", pa.float64()),
    ]
)


class IngestError(ValueError):
    """A file that cannot be read at all; the message names the file and the reason."""


@dataclass
class SheetRead:
    """What one sheet (or CSV file) gave."""

    sheet: str
    layout: str  # long | report | matrix | "" (nothing recognised)
    records: pa.Table
    target_cells: int = 0
    message: str = ""


@dataclass
class FileRead:
    """What one raw file gave: its sheets, provenance and plain-words messages."""

    file: str
    provenance: str
    sheets: list[SheetRead] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def layout(self) -> str:
        """The layouts found, joined with "+" ("report", "long+matrix"); "" when none."""
        return "+".join(sorted({s.layout for s in self.sheets if s.layout}))

    @property
    def target_cells(self) -> int:
        """Non-blank cells of plan/target columns, over all sheets."""
        return sum(s.target_cells for s in self.sheets)

    @property
    def records(self) -> pa.Table:
        """All sheets' records as one table (schema :data:`RAW_SCHEMA`)."""
        tables = [s.records for s in self.sheets if s.records.num_rows]
        return pa.concat_tables(tables) if tables else RAW_SCHEMA.empty_table()
