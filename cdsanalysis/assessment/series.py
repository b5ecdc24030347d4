"""Reading a series for progress: years, yearly points, directions, comparisons, staleness.

What the reference measure (:mod:`cdsanalysis.assessment.measure`) and the suite's own views
(:mod:`cdsanalysis.assessment.views`) both need: every function is pure.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Iterable

from cdsanalysis.base.contracts import is_missing
from cdsanalysis.base.vocabulary import COMPARISONS

# A latest value more than this many years before ``as_of`` is too old to judge by.
STALE_YEARS = 2

_YEAR = re.compile(r"^\s*(\d{4})")


def year_of(value: object) -> int:
    """Read a year: 2015, 2015.0, "2015" and "2015-16" (a fiscal year counts as its first).

    Raises
    ------
    ValueError
        When ``value`` is not a year (True, 2015.5, "abc").
    """
    if isinstance(value, bool):
        raise ValueError(f"not a year: {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"not a year: {value!r}")
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return year_of(value.item())
    match = _YEAR.match(str(value))
    if not match:
        raise ValueError(f"not a year: {value!r}")
    return int(match.group(1))


def check_direction(direction: object) -> int:
    """Return ``direction`` as an int, refusing anything but the int +1 or -1 (ValueError)."""
    # Never defaulted, never guessed: the catalogue must say which way is better.
    if isinstance(direction, bool) or not isinstance(direction, numbers.Integral):
        raise ValueError(f"direction must be the int +1 or -1, not {direction!r}")
    if direction not in (1, -1):
        raise ValueError(f"direction must be the int +1 or -1, not {direction!r}")
    return int(direction)


def check_comparison(comparison: str) -> str:
    """Return ``comparison``, refusing one not in the vocabulary (ValueError)."""
    if comparison not in COMPARISONS:
        raise ValueError(f"comparison must be one of {', '.join(COMPARISONS)}, not {comparison!r}")
    return comparison


def meets(value: float, target: float, comparison: str) -> bool:
    """Return whether ``value`` meets ``target`` by the catalogue's comparison.

    Parameters
    ----------
    value, target : float
        The value observed and the target.
    comparison : {">=", ">", "<="}
        ``">"`` is strict ("trên 99%" means more than 99%).

    Returns
    -------
    bool
    """
    comparison = check_comparison(comparison)
    if comparison == ">=":
        return value >= target
    if comparison == ">":
        return value > target
    return value <= target


def yearly_points(years: Iterable, values: Iterable) -> list[tuple[int, float]]:
    """Pair years with values, refuse duplicate years, drop missing values, sort by year."""
    years = list(years)
    values = list(values)
    if len(years) != len(values):
        raise ValueError(f"{len(years)} years but {len(values)} values")
    seen: set[int] = set()
    out = []
    for raw_year, value in zip(years, values, strict=True):
        year = year_of(raw_year)
        if year in seen:
            raise ValueError(f"duplicate year {year}: one value per year is allowed")
        seen.add(year)
        if not is_missing(value):
            out.append((year, float(value)))
    return sorted(out)


def as_of_year(as_of: object) -> int | None:
    """Return the year of an ``as_of`` given as a year, a date or a period label ("2025-H1").

    Parameters
    ----------
    as_of : int, datetime.date, str or None

    Returns
    -------
    int or None
        ``None`` when ``as_of`` is ``None``.
    """
    if as_of is None:
        return None
    if isinstance(as_of, dt.date):
        return as_of.year
    return year_of(as_of)


def stale_reason(latest_year: int | None, as_of: object) -> str | None:
    """Return the staleness reason when the latest value is too old for ``as_of``, else None.

    Parameters
    ----------
    latest_year : int or None
        Year of the latest value of the series.
    as_of : int, datetime.date, str or None
        The date of the assessment; ``None`` never makes a series stale.

    Returns
    -------
    str or None
        ``"stale: latest value YYYY is more than two years before as_of"`` when
        ``as_of`` year - ``latest_year`` > 2.
    """
    year = as_of_year(as_of)
    if year is None or latest_year is None or year - latest_year <= STALE_YEARS:
        return None
    return f"stale: latest value {latest_year} is more than two years before as_of ({year})"


def band(x: float, high: float, med: float, low: float = 0.0) -> str:
    """Name the status band of ``x`` (substantial, moderate, limited progress or deterioration).

    Substantial at or above ``high``, moderate at or above ``med``, limited at or above ``low``,
    deterioration below.
    """
    if x >= high:
        return "substantial_progress"
    if x >= med:
        return "moderate_progress"
    if x >= low:
        return "limited_progress"
    return "deterioration"
