"""The matrix layout: areas × periods for one indicator, or areas × indicators for one period."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from cdsanalysis.ingest.cell_records import CellRecords
from cdsanalysis.ingest.cells import filled
from cdsanalysis.ingest.context import Context, search_indicator, search_period
from cdsanalysis.ingest.grid import Grid, cell, data_rows, name_text, text_at
from cdsanalysis.ingest.headers import PARENS, Header, fold_key

_TOTAL_WORDS = {"tong", "tong cong", "cong", "tong so", "chung"}


def read_matrix(grid: Grid, header: Header, ctx: Context) -> tuple[pa.Table, int]:
    """Records of a matrix (areas in rows; periods or indicators in columns), target cells."""
    rows, footer_source = data_rows(grid, header)
    ctx.source = ctx.source or footer_source
    area_cols = header.of("area_code") + header.of("area")
    unit_col = (header.of("unit") or [None])[0]
    note_col = (header.of("note") or [None])[0]
    period_cols = header.of("period_col")
    indicator_cols = header.of("indicator_col") + header.of("value_col")
    target_cols = header.of("target")
    by_period = bool(period_cols)
    if by_period:
        stem = Path(ctx.rel).stem
        search_indicator(ctx, ctx.free_titles + [grid.name, stem])
        value_cols = period_cols
    else:
        value_cols = indicator_cols
        if header.layout == "matrix" and not value_cols:
            value_cols = [c for c in header.columns if c.role is None and c.text]
    period = ctx.period or search_period(ctx.free_titles + [grid.name, Path(ctx.rel).stem])
    area_col = area_cols[0] if area_cols else None
    group = f"{ctx.rel}|{grid.name}|{area_col.index if area_col else ''}"
    out = CellRecords(grid, ctx, "matrix")
    targets = 0
    for r in rows:
        targets += sum(filled(cell(grid, r, c.index)) for c in target_cols)
        area = name_text(grid, r, header.of("area_code"), header.of("area"))
        note = text_at(grid, r, note_col)
        if fold_key(area) in _TOTAL_WORDS and ctx.area:
            note = "; ".join(filter(None, [f"total row '{area.strip()}' read as {ctx.area}", note]))
            area = ctx.area
        for col in value_cols:
            value = cell(grid, r, col.index)
            if not filled(value):
                continue
            if by_period:
                indicator, indicator_id, period_raw = ctx.indicator, ctx.indicator_id, col.text
                unit = text_at(grid, r, unit_col) or ctx.unit
            else:
                bare = PARENS.sub(" ", col.text).strip() if col.unit else col.text
                indicator, indicator_id, period_raw = bare, "", period
                unit = col.unit or text_at(grid, r, unit_col) or ctx.unit
            out.add(
                r,
                col.index,
                value,
                indicator_raw=indicator,
                indicator_id=indicator_id,
                area_raw=area,
                sector_raw=ctx.sector,
                period_raw=period_raw,
                unit_raw=unit,
                source=ctx.source,
                note=note,
                level_hint=area_col.level_hint if area_col else "",
                area_group=group,
            )
    return out.table(), targets
