"""Cell values as the readers hold them: display text, numbers, percent cells and formulas
without a cached value."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cdsanalysis.base.text import normalise_text


def cell_text(value: Any) -> str:
    """A cell as display text (numbers without a trailing ".0", dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class PercentCell(float):
    """A number shown as a percent by its cell format (0.855 shown as 85.5%)."""


def cell_number(value: Any) -> tuple[float, str]:
    """The number a spreadsheet cell holds and its flag ("percent" when formatted so)."""
    if isinstance(value, PercentCell):
        return round(float(value) * 100, 10), "percent"
    if isinstance(value, int | float) and not isinstance(value, Formula):
        return float(value), ""
    return float("nan"), ""


class Formula:
    """A formula cell whose cached value is missing (the workbook was never recalculated)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


def filled(value: Any) -> bool:
    """Whether a cell holds anything (an empty string is blank)."""
    return value is not None and not (isinstance(value, str) and value == "")


def row_texts(row: list[Any]) -> list[str]:
    """A row's cells as normalised display text ("" for an empty cell)."""
    return [normalise_text(cell_text(v)) if v is not None else "" for v in row]
