"""The long layout, one observation a row: records built column-wise on dictionary codes, so
that a million-row table needs no Python object per cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.utils import get_column_letter

from cdsanalysis.base.text import fold_key, normalise_text
from cdsanalysis.ingest.cells import Formula, cell_number, cell_text
from cdsanalysis.ingest.context import Context
from cdsanalysis.ingest.files import PROVENANCE_WORDS
from cdsanalysis.ingest.grid import Grid, cell, data_rows, merged_cell
from cdsanalysis.ingest.headers import Header, first_filled, is_footer
from cdsanalysis.ingest.records import RAW_SCHEMA


def read_long_grid(grid: Grid, header: Header, ctx: Context) -> tuple[pa.Table, int]:
    """A long table held in a grid (XLSX, or a CSV the fast reader refused)."""
    rows, footer_source = data_rows(grid, header)
    ctx.source = ctx.source or footer_source
    ncols = len(header.columns)
    columns = []
    value_col = header.of("value")[0]
    for c in range(ncols):
        # merged cells repeat an area or indicator down the rows; a value belongs to one cell
        get = cell if c == value_col.index else merged_cell
        texts = [cell_text(get(grid, r, c)) for r in rows]
        columns.append(pa.array(texts, pa.string()).dictionary_encode())
    raw_values = [cell(grid, r, value_col.index) for r in rows]
    numbers = np.array([cell_number(v)[0] for v in raw_values], dtype=float)
    flags = [
        "formula"
        if isinstance(v, Formula)
        else "date"
        if isinstance(v, dt.date | dt.time)
        else cell_number(v)[1]
        for v in raw_values
    ]
    rownums = np.asarray(rows, dtype=np.int64) + 1
    flag_array = pa.array(flags, pa.string()).dictionary_encode()
    return long_table(columns, rownums, header, ctx, grid, numbers, flag_array)


def empty_dict_array() -> pa.DictionaryArray:
    """A dictionary array of no strings."""
    return dict_array(np.zeros(0, dtype=np.int32), [])


def dict_parts(array: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Codes and distinct strings of a dictionary array."""
    return array.indices.to_numpy(zero_copy_only=False), array.dictionary.to_pylist()


def dict_array(codes: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    """A dictionary array of ``values`` indexed by ``codes``."""
    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(codes, dtype=np.int32)), pa.array(values, pa.string())
    )


def _role_column(columns: list[pa.DictionaryArray], default: str, m: int) -> pa.DictionaryArray:
    """The first non-blank of ``columns`` (left to right), else ``default``; column-wise on
    the codes, each distinct string looked at once."""
    if not columns:
        return dict_array(np.zeros(m, dtype=np.int32), [default])
    codes, values = dict_parts(columns[0])
    for other in columns[1:]:
        blank = np.array([not v.strip() for v in values] + [True], dtype=bool)[codes]
        o_codes, o_values = dict_parts(other)
        codes = np.where(blank, o_codes + len(values), codes)
        values = values + o_values
    if default:
        values = [v if v.strip() else default for v in values]
    return dict_array(codes, values)


def long_table(
    columns: list[pa.DictionaryArray],
    rownums: np.ndarray,
    header: Header,
    ctx: Context,
    grid: Grid | None,
    numbers: np.ndarray | None = None,
    flags: pa.DictionaryArray | None = None,
) -> tuple[pa.Table, int]:
    """Build raw records of a long table column-wise, on dictionary codes.

    Parameters
    ----------
    columns : list of pyarrow.DictionaryArray
        The table's columns as text, one entry a data row.
    rownums : numpy.ndarray
        The row number (from 1) of each data row.
    header : Header
    ctx : Context
    grid : Grid or None
        The grid the rows come from; None for a CSV read column-wise, whose notes and
        signature block are then cut here.
    numbers, flags : optional
        The value column's numbers (NaN for text) and flags, for a grid.

    Returns
    -------
    tuple of (pyarrow.Table, int)
        The records (schema :data:`RAW_SCHEMA`) and the non-blank cells of target columns.
    """
    if grid is None:  # the CSV readers: footers are cut here, not in data_rows
        cut = footer_cut(columns, len(rownums))
        if cut < len(rownums):
            columns = [c.slice(0, cut) for c in columns]
            rownums = rownums[:cut]
    targets = sum(int(_nonblank(columns[c.index]).sum()) for c in header.of("target"))
    keep = _nonblank(columns[header.of("value")[0].index])
    if numbers is not None:
        keep |= ~np.isnan(numbers)
    if flags is not None:
        keep |= _nonblank(flags)
    idx = np.flatnonzero(keep)
    take = pa.array(idx, pa.int64())
    kept = _Kept(
        columns=[c.take(take) for c in columns],
        rows=rownums[idx],
        numbers=numbers[idx] if numbers is not None else np.full(len(idx), np.nan),
        flags=flags.take(take) if flags is not None else None,
    )
    return _long_records(kept, header, ctx, grid), targets


@dataclass
class _Kept:
    """The data rows of a long table whose value cell is not blank."""

    columns: list[pa.DictionaryArray]
    rows: np.ndarray
    numbers: np.ndarray
    flags: pa.DictionaryArray | None


def _nonblank(array: pa.DictionaryArray) -> np.ndarray:
    codes, values = dict_parts(array)
    return np.array([v != "" for v in values] + [False], dtype=bool)[codes]


def _long_records(kept: _Kept, header: Header, ctx: Context, grid: Grid | None) -> pa.Table:
    """The raw record table of the kept rows: role columns, defaults from the context."""
    m = len(kept.rows)

    def role(*roles: str) -> list[pa.DictionaryArray]:
        return [kept.columns[c.index] for name in roles for c in header.of(name)]

    def const(text: str) -> pa.DictionaryArray:
        return dict_array(np.zeros(m, dtype=np.int32), [text])

    value_col = header.of("value")[0]
    letter = get_column_letter(value_col.index + 1)
    prefix = f"{grid.name}!{letter}" if grid is not None and grid.xlsx else letter
    refs = pc.binary_join_element_wise(prefix, pc.cast(pa.array(kept.rows), pa.string()), "")
    provenance = const(ctx.provenance)
    if not ctx.sidecar.get("provenance") and header.of("provenance"):
        provenance = _provenance_column(role("provenance")[0], ctx.provenance)
    unit_default = value_col.unit or ctx.unit
    area_cols = header.of("area_code") + header.of("area")
    level = area_cols[0].level_hint if len(area_cols) == 1 else ""
    group = f"{ctx.rel}|{grid.name if grid else ''}|{area_cols[0].index if area_cols else ''}"
    return pa.table(
        {
            "file": const(ctx.rel),
            "sheet": const(grid.name if grid is not None else ""),
            "ref": refs,
            "layout": const("long"),
            "provenance": provenance,
            "indicator_raw": _role_column(role("indicator_id", "indicator"), ctx.indicator, m),
            "indicator_id": const(""),
            "area_raw": _role_column(role("area_code", "area"), ctx.area, m),
            "sector_raw": _role_column(role("sector"), ctx.sector, m),
            "period_raw": _role_column(role("period"), ctx.period, m),
            "value_raw": kept.columns[value_col.index],
            "unit_raw": _role_column(role("unit"), unit_default, m),
            "source": _role_column(role("source"), ctx.source, m),
            "note": _role_column(role("note"), "", m),
            "numerator_raw": _role_column(role("numerator"), "", m),
            "denominator_raw": _role_column(role("denominator"), "", m),
            "level_hint": const(level),
            "area_group": const(group),
            "flag": kept.flags if kept.flags is not None else const(""),
            "row": pa.array(kept.rows, pa.int64()),
            "col": pa.array(np.full(m, value_col.index + 1, dtype=np.int32)),
            "value_num": pa.array(kept.numbers),
        },
        schema=RAW_SCHEMA,
    )


def _provenance_column(values: pa.DictionaryArray, default: str) -> pa.DictionaryArray:
    codes, words = dict_parts(values)
    # an unknown word falls back to the folder's provenance
    return dict_array(codes, [PROVENANCE_WORDS.get(fold_key(v), default) for v in words])


def footer_cut(columns: list[pa.DictionaryArray], n: int) -> int:
    """Index of the first row of a notes/signature block (``n`` when there is none).

    A row is a candidate when any of its cells is a footer marker (each distinct string is
    looked at once); only candidates are checked for the marker being the row's first cell.
    """
    if not columns or n == 0:
        return n
    candidate = np.zeros(n, dtype=bool)
    for column in columns:
        codes, values = dict_parts(column)
        marks = np.array([is_footer(v) for v in values] + [False], dtype=bool)
        if marks.any():
            candidate |= marks[codes]
    if not candidate.any():
        return n
    parts = [dict_parts(c) for c in columns]
    for row in np.flatnonzero(candidate):
        cells = [values[codes[row]] for codes, values in parts]
        if is_footer(first_filled([normalise_text(c) for c in cells])):
            return int(row)
    return n
