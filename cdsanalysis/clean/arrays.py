"""Column helpers of the cleaner: per-record integer codes into short lists of distinct values.

A million records hold a few thousand distinct strings, so every per-record fact is kept as an
integer code into a list of distinct values or texts, and each distinct value is worked on once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def codes_of(table: pa.Table, name: str) -> tuple[np.ndarray, list[str]]:
    """Per-row codes and the distinct strings of a text column."""
    column = table.column(name)
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    codes = column.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    values = column.dictionary.to_pylist()
    # defaults filled in per file can repeat a string in the dictionary: merge them
    merged, uniques = pd.factorize(pd.Series(values, dtype=object))
    if len(uniques) != len(values):
        return merged.astype(np.int64)[codes], [str(u) for u in uniques]
    return codes, values


def factorize(
    key: np.ndarray, first: bool = True
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Distinct values of a non-negative integer array, in increasing order, with the first
    position of each (when ``first``) and the inverse; without sorting when the values are
    small."""
    if not len(key):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    top = int(key.max()) + 1
    if top > max(4 * len(key), 1 << 16):
        distinct, where, inverse = np.unique(key, return_index=True, return_inverse=True)
        return distinct, where, inverse.astype(np.int64)
    if first:
        first_at = np.full(top, len(key), dtype=np.int64)
        np.minimum.at(first_at, key, np.arange(len(key), dtype=np.int64))
        distinct = np.flatnonzero(first_at < len(key))
        where = first_at[distinct]
    else:
        distinct, where = np.flatnonzero(np.bincount(key, minlength=top)), None
    lookup = np.zeros(top, dtype=np.int64)
    lookup[distinct] = np.arange(len(distinct))
    return distinct, where, lookup[key]


def sort_rank(values: np.ndarray) -> np.ndarray:
    """Sort rank of each value (equal values share a rank); for lexsort on text columns."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    _, inverse = np.unique(values.astype(str), return_inverse=True)
    return inverse.astype(np.int64)


def rank_of(items: list) -> np.ndarray:
    """Dense sort rank of each of a few distinct items (tuples allowed): equal items share a
    rank."""
    ranks = np.zeros(len(items), dtype=np.int64)
    ranks_by_item = {item: rank for rank, item in enumerate(sorted(set(items)))}
    for i, item in enumerate(items):
        ranks[i] = ranks_by_item[item]
    return ranks


def dictionary(uniques: list[str], codes: np.ndarray) -> pa.DictionaryArray:
    """A text column from a list of values and per-row codes into it (-1 for "").

    The dictionary written holds each used string once, in order of first code: the same
    rows always give the same bytes."""
    values = list(uniques) + [""]
    codes = np.where(np.asarray(codes) < 0, len(values) - 1, np.asarray(codes, dtype=np.int64))
    used, _, inverse = factorize(codes, first=False)
    merged, distinct = pd.factorize(pd.Series([values[c] for c in used], dtype=object))
    return pa.DictionaryArray.from_arrays(
        pa.array(merged.astype(np.int32)[inverse] if len(used) else np.zeros(0, np.int32)),
        pa.array([str(v) for v in distinct], pa.string()),
    )


def compact(array: pa.DictionaryArray) -> pa.DictionaryArray:
    """A dictionary column taken from the raw table, with only the strings it uses."""
    return dictionary(array.dictionary.to_pylist(), array.indices.to_numpy(zero_copy_only=False))


def text_array(values: np.ndarray) -> pa.Array:
    """A text column built from each distinct string once."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    return dictionary([str(u) for u in uniques], codes)


def plain(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Outputs hold plain text columns: the files then read the same everywhere."""
    array = flat(array)
    return array.cast(pa.string()) if pa.types.is_dictionary(array.type) else array


def flat(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous array from a (possibly chunked) column."""
    if isinstance(array, pa.ChunkedArray):
        return array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()
    return array
