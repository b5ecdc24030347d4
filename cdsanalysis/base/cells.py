"""What the cell grammars share: the cell error, the empty-cell test and the per-distinct-cell map.

The value grammar (:mod:`cdsanalysis.base.values`) and the period grammar
(:mod:`cdsanalysis.base.periods`) read one cell at a time; their column entry points parse each
distinct cell once with :func:`unique_map`, which is what makes a million-row column cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Number
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["CellError", "STR_DTYPE", "is_empty_cell", "unique_map"]


class CellError(Exception):
    """A cell that is not what its column holds; the message is the plain-words reason."""


def is_empty_cell(raw: Any) -> bool:
    """Return whether ``raw`` is None or a scalar pandas counts as missing (NaN, NaT, NA)."""
    if raw is None:
        return True
    try:
        return bool(pd.isna(raw)) if np.ndim(raw) == 0 else False
    except (TypeError, ValueError):
        return False


#: The text dtype pandas infers ("str" from pandas 3, object before); columns are built in it
#: directly, because letting pandas infer it from a million Python strings costs more than parsing.
STR_DTYPE = pd.Series([""]).dtype


def unique_map(
    raw: pd.Series, func: Callable[[Any], tuple], columns: dict[str, str]
) -> pd.DataFrame:
    """Apply ``func`` once per distinct cell of ``raw`` and spread the results back.

    Parameters
    ----------
    raw : pandas.Series
        The cells.
    func : callable
        Takes a cell and returns a tuple with one item per column; missing cells get
        ``func(None)``.
    columns : dict of str to str
        Each output column's name and kind: "float", "str" or "object".

    Returns
    -------
    pandas.DataFrame
        Indexed like ``raw``, one column per entry of ``columns``.
    """
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    results = [func(u) for u in uniques]
    results.append(func(None))
    codes = np.where(codes < 0, len(uniques), codes)
    if raw.dtype == object and len(uniques):
        # factorize treats True, 1 and 1.0 as one value; those cells are redone one by one.
        suspects = [
            i
            for i, u in enumerate(uniques)
            if isinstance(u, bool | np.bool_ | Number) and not isinstance(u, str) and u in (0, 1)
        ]
        extra: dict[tuple[type, Any], int] = {}
        if suspects:
            values = raw.to_numpy(dtype=object)
            for row in np.flatnonzero(np.isin(codes, suspects)):
                cell = values[row]
                key = (type(cell), cell)
                if key not in extra:
                    extra[key] = len(results)
                    results.append(func(cell))
                codes[row] = extra[key]
    table = list(zip(*results, strict=True))
    spread = {}
    for (name, kind), column in zip(columns.items(), table, strict=True):
        if kind == "float":
            spread[name] = np.asarray(column, dtype=float)[codes]
        elif kind == "str":
            spread[name] = pd.array(column, dtype=STR_DTYPE).take(codes)
        else:
            spread[name] = np.asarray(column, dtype=object)[codes]
    return pd.DataFrame(spread, index=raw.index)
