"""Raw records of a small table collected cell by cell (report and matrix layouts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from cdsanalysis.ingest.cells import Formula, cell_number, cell_text
from cdsanalysis.ingest.context import Context
from cdsanalysis.ingest.grid import Grid
from cdsanalysis.ingest.records import RAW_COLUMNS, RAW_SCHEMA


class CellRecords:
    """Collects raw records of a small table, then turns them into a pyarrow table."""

    def __init__(self, grid: Grid, ctx: Context, layout: str):
        self.grid, self.ctx, self.layout = grid, ctx, layout
        self.columns: dict[str, list] = {name: [] for name in RAW_COLUMNS}

    def add(self, row: int, col: int, value: Any, **fields: str) -> None:
        """Add the record of the cell at ``row``, ``col`` (0-based) holding ``value``."""
        flag, number, raw = "", float("nan"), value
        if isinstance(value, Formula):
            flag, raw = "formula", value.text
        elif isinstance(value, int | float):
            number, flag = cell_number(value)
        elif isinstance(value, dt.date | dt.time):
            flag = "date"
        out = self.columns
        out["file"].append(self.ctx.rel)
        out["sheet"].append(self.grid.name)
        out["ref"].append(self.grid.ref(row, col))
        out["layout"].append(self.layout)
        out["provenance"].append(fields.get("provenance") or self.ctx.provenance)
        for name in ("indicator_raw", "indicator_id", "area_raw", "sector_raw", "period_raw"):
            out[name].append(fields.get(name, ""))
        out["value_raw"].append(cell_text(raw))
        for name in ("unit_raw", "source", "note", "numerator_raw", "denominator_raw"):
            out[name].append(fields.get(name, ""))
        for name in ("level_hint", "area_group"):
            out[name].append(fields.get(name, ""))
        out["flag"].append(flag)
        out["row"].append(row + 1)
        out["col"].append(col + 1)
        out["value_num"].append(number)

    def table(self) -> pa.Table:
        """The records collected, as a table of schema :data:`RAW_SCHEMA`."""
        return pa.Table.from_pydict(self.columns, schema=RAW_SCHEMA)
