"""The report layout: indicators in rows, periods (and plan/target columns) in columns."""

from __future__ import annotations

import pyarrow as pa

from cdsanalysis.base.units import normalise_unit
from cdsanalysis.ingest.cell_records import CellRecords
from cdsanalysis.ingest.cells import filled
from cdsanalysis.ingest.context import Context, search_period
from cdsanalysis.ingest.grid import Grid, cell, data_rows, name_text, text_at
from cdsanalysis.ingest.headers import GENERIC_ESTIMATE, Header, fold_key


def read_report(grid: Grid, header: Header, ctx: Context) -> tuple[pa.Table, int]:
    """Records of a report (indicators in rows, periods in columns) and its target cells."""
    rows, footer_source = data_rows(grid, header)
    ctx.source = ctx.source or footer_source
    area_codes, area_cols = header.of("area_code"), header.of("area")
    unit_col = (header.of("unit") or [None])[0]
    # "Đơn vị" beside "Chỉ tiêu" may be the unit column ("%", "hồ sơ") or the reporting unit
    for col in [c for c in area_cols if fold_key(c.text) == "don vi"]:
        cells = [text_at(grid, r, col) for r in rows]
        cells = [c for c in cells if c.strip()]
        if cells and sum(normalise_unit(c) is not None for c in cells) * 2 >= len(cells):
            area_cols.remove(col)
            unit_col = unit_col or col
    note_col = (header.of("note") or [None])[0]
    source_col = (header.of("source") or [None])[0]
    sector_col = (header.of("sector") or [None])[0]
    value_cols = header.of("period_col", "value_col", "value")
    target_cols = header.of("target")
    out = CellRecords(grid, ctx, "report")
    targets = 0
    default_period = ctx.period or search_period(ctx.free_titles + [grid.name])
    for r in rows:
        targets += sum(filled(cell(grid, r, c.index)) for c in target_cols)
        indicator = name_text(grid, r, header.of("indicator_id"), header.of("indicator"))
        for col in value_cols:
            value = cell(grid, r, col.index)
            if not filled(value):
                continue
            period = col.text if col.role == "period_col" else default_period
            if col.role != "period_col" and fold_key(col.text) in GENERIC_ESTIMATE and period:
                period = f"Ước {period}"
            out.add(
                r,
                col.index,
                value,
                indicator_raw=indicator,
                area_raw=name_text(grid, r, area_codes, area_cols) or ctx.area,
                sector_raw=text_at(grid, r, sector_col) or ctx.sector,
                period_raw=period,
                unit_raw=text_at(grid, r, unit_col) or col.unit or ctx.unit,
                source=text_at(grid, r, source_col) or ctx.source,
                note=text_at(grid, r, note_col),
                area_group=f"{ctx.rel}|{grid.name}|{[c.index for c in area_codes + area_cols]}",
            )
    return out.table(), targets
