"""Plain Python values out of pandas frames: missing values, numpy scalars, records."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def is_blank(value: Any) -> bool:
    """Whether a cell is missing: None, ``pd.NA`` or a float NaN (not an empty string)."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return False


def plain(value: Any) -> Any:
    """NaN, NA and NaT to None, numpy scalars to Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict | str):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def as_records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as dicts of plain values (see :func:`plain`)."""
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
