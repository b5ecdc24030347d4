"""The period grammar: reporting periods as agencies write them, and their canonical labels.

Canonical labels: ``2024`` (year), ``2024-Q4``, ``2025-H1``, ``2024-M12`` (months are two digits,
``2024-M01``, so labels of one year sort), ``2025-YTD9`` (January to the end of month 9) and
``2024-12-31`` (a date). A span has exactly one label: 3 months year-to-date is ``Q1``, 6 months is
``H1``, 12 months is the year, 1 month is ``M01``. An ISO week is ``2023-W50`` (Monday to Sunday,
read from "tuần 50/2023" or "W50/2023"; its ISO year may start in late December).

Two rules decide what a text could be read two ways:

- ``2024.5`` is refused as ambiguous: it is a decimal number as much as month 5 of 2024 (agencies
  write the month as ``05/2024`` or ``tháng 5/2024``). ``2024.0`` stays the year, as Excel prints
  it, and ``5.2024`` stays a month.
- A reading its source calls cumulative ("lũy kế", "luỹ kế", "cộng dồn") starts on 1 January of its
  year: "Lũy kế tháng 9/2024" is ``2024-YTD9``, "Lũy kế quý II/2025" is ``2025-H1``, "lũy kế đến
  30/9/2024" is ``2024-YTD9``. A cumulative week, or a cumulative date that does not end a month,
  has no label for its span and is refused.

The cleaner uses :func:`parse_periods`, which parses each distinct cell once and never raises on
bad data: a cell that is not a period comes back with the reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from numbers import Number
from typing import Any, Literal

import numpy as np
import pandas as pd

from cdsanalysis.base.cells import CellError, is_empty_cell, unique_map
from cdsanalysis.base.text import fold, normalise_text
from cdsanalysis.base.vocabulary import PERIOD_KINDS

__all__ = [
    "Period",
    "PeriodError",
    "PeriodKind",
    "parse_as_of",
    "parse_period",
    "parse_periods",
    "period_from_label",
]


PeriodKind = Literal["official", "preliminary", "estimate"]
_KINDS = PERIOD_KINDS
_YEAR_MIN, _YEAR_MAX = 1990, 2100


class PeriodError(ValueError):
    """A text that is not a period; the message names the text and the reason."""


@dataclass(frozen=True)
class Period:
    """A reporting period.

    Attributes
    ----------
    label : str
        Canonical label: "2024", "2024-Q4", "2025-H1", "2024-M12", "2023-W50", "2025-YTD9",
        "2024-12-31".
    start, end : datetime.date
        First and last day, both included.
    kind : str
        "official", "preliminary" (sơ bộ) or "estimate" (ước tính).
    """

    label: str
    start: dt.date
    end: dt.date
    kind: str = "official"

    @property
    def granularity(self) -> str:
        """The span's kind: year, quarter, half, month, week, ytd or date."""
        if len(self.label) == 4:
            return "year"
        if len(self.label) == 10:
            return "date"
        return {"Q": "quarter", "H": "half", "M": "month", "W": "week", "Y": "ytd"}[self.label[5]]


def _check_year(year: int) -> int:
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise CellError(f"year {year} is outside {_YEAR_MIN}–{_YEAR_MAX}")
    return year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(granularity: str, year: int, n: int = 0) -> tuple[str, dt.date, dt.date]:
    """Label and dates of a period; months-to-date spans take their one canonical label."""
    year = _check_year(year)
    if granularity == "ytd":
        if not 1 <= n <= 12:
            raise CellError(f"{n} months is not a span within a year (1–12)")
        granularity, n = {1: ("month", 1), 3: ("quarter", 1), 6: ("half", 1)}.get(n, ("ytd", n))
        if n == 12:
            granularity = "year"
    if granularity == "year":
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
    if granularity == "quarter":
        if not 1 <= n <= 4:
            raise CellError(f"quarter {n} does not exist (quarters are I–IV, 1–4)")
        return f"{year}-Q{n}", dt.date(year, 3 * n - 2, 1), _month_end(year, 3 * n)
    if granularity == "half":
        if n not in (1, 2):
            raise CellError(f"half {n} does not exist (halves are 1 and 2)")
        return f"{year}-H{n}", dt.date(year, 6 * n - 5, 1), _month_end(year, 6 * n)
    if granularity == "month":
        if not 1 <= n <= 12:
            raise CellError(f"month {n} does not exist (months are 1–12)")
        return f"{year}-M{n:02d}", dt.date(year, n, 1), _month_end(year, n)
    return f"{year}-YTD{n}", dt.date(year, 1, 1), _month_end(year, n)


def _week_span(year: int, week: int) -> tuple[str, dt.date, dt.date]:
    """Label and dates of an ISO week: Monday to Sunday."""
    _check_year(year)
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise CellError(
            f"week {week} does not exist in {year} (ISO weeks are 1–52, 53 in a long year)"
        ) from None
    return f"{year}-W{week:02d}", monday, monday + dt.timedelta(days=6)


def _date_span(year: int, month: int, day: int) -> tuple[str, dt.date, dt.date]:
    _check_year(year)
    try:
        day_ = dt.date(year, month, day)
    except ValueError:
        raise CellError(f"{day:02d}/{month:02d}/{year} is not a calendar date") from None
    return day_.isoformat(), day_, day_


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token in _ROMAN:
        return _ROMAN[token]
    raise CellError(f"quarter {token.upper()} does not exist (quarters are I–IV, 1–4)")


# Grammar of periods on folded text: (pattern, granularity). Named groups: y year, n number
# within the year (quarter, half, month, months to date), m month and d day of a date.
_YR = r"(?P<y>[0-9]{4})"
_SEP = r"\s*(?:[/.,-]|\s)\s*(?:nam\s*)?"
_PERIOD_GRAMMAR = [
    (rf"(?:nam\s*)?{_YR}(?:\.0+)?", "year"),
    (rf"(?:quy|q)\s*(?P<n>[ivx]+|[0-9]+){_SEP}{_YR}", "quarter"),
    (rf"{_YR}\s*-?\s*(?:q|quy)\s*(?P<n>[ivx]+|[0-9]+)", "quarter"),
    (rf"h\s*(?P<n>[0-9]+){_SEP}{_YR}", "half"),
    (rf"{_YR}\s*-?\s*h\s*(?P<n>[0-9]+)", "half"),
    (rf"6\s*thang\s*cuoi\s*(?:nam\s*)?{_YR}", "h2"),
    (rf"(?P<n>[0-9]{{1,2}})\s*thang\s*(?:dau\s*)?(?:nam\s*)?{_YR}", "ytd"),
    (rf"{_YR}\s*-?\s*ytd\s*(?P<n>[0-9]+)", "ytd"),
    (rf"ytd\s*(?P<n>[0-9]+){_SEP}{_YR}", "ytd"),
    (rf"(?:thang|t)\s*(?P<n>[0-9]{{1,2}}){_SEP}{_YR}", "month"),
    (rf"(?P<n>[0-9]{{1,2}})\s*[/.-]\s*{_YR}", "month"),
    (rf"{_YR}\s*-?\s*m\s*(?P<n>[0-9]{{1,2}})", "month"),
    (rf"{_YR}[-/](?P<n>[0-9]{{1,2}})", "month"),
    (rf"{_YR}\.(?P<n>[0-9]{{1,2}})", "decimal"),
    (rf"(?:tuan|week|w)\s*(?P<n>[0-9]{{1,2}}){_SEP}{_YR}", "week"),
    (rf"{_YR}\s*-?\s*w\s*(?P<n>[0-9]{{1,2}})", "week"),
    (
        rf"(?:ngay\s*)?(?P<d>[0-9]{{1,2}})\s*(?P<s>[/.-])\s*(?P<m>[0-9]{{1,2}})\s*(?P=s)\s*{_YR}",
        "date",
    ),
    (rf"{_YR}(?P<s>[-/.])(?P<m>[0-9]{{1,2}})(?P=s)(?P<d>[0-9]{{1,2}})", "date"),
    (rf"(?:ngay\s*)?(?P<d>[0-9]{{1,2}})\s*thang\s*(?P<m>[0-9]{{1,2}})\s*nam\s*{_YR}", "date"),
]
_PERIOD_PATTERNS = [(re.compile(pattern), granularity) for pattern, granularity in _PERIOD_GRAMMAR]


def _build_period(granularity: str, match: re.Match[str]) -> tuple[str, dt.date, dt.date]:
    year = int(match["y"])
    if granularity == "decimal":
        n = int(match["n"])
        raise CellError(
            f"it reads as a decimal number or as month {n} of {year}; write the month as "
            f"{n:02d}/{year} or {year}-M{n:02d}"
        )
    if granularity == "week":
        return _week_span(year, int(match["n"]))
    if granularity == "date":
        return _date_span(year, int(match["m"]), int(match["d"]))
    if granularity == "h2":
        return _span("half", year, 2)
    if granularity == "quarter":
        return _span("quarter", year, _quarter(match["n"]))
    return _span(granularity, year, int(match["n"]) if granularity != "year" else 0)


_KIND_ESTIMATE = re.compile(r"\b(?:uoc thuc hien|uoc tinh|du uoc|uoc th|uth|uoc)\b")
_KIND_PRELIMINARY = re.compile(r"\b(?:so bo|sb)\b")
_KIND_EXPLICIT_OFFICIAL = re.compile(r"\bchinh thuc\b")
_KIND_OFFICIAL = re.compile(r"\b(?:thuc hien|th)\b")
_PLAN = re.compile(r"\b(?:ke hoach|kh|muc tieu|chi tieu(?: giao)?|target|plan)\b")
_CUMULATIVE = re.compile(r"\b(?:luy ke|cong don)\b")
_PREFIX = re.compile(r"^(?:tinh den|den het|den|ky bao cao|ky|tai)\b\s*:?\s*")


@lru_cache(maxsize=16384)
def _parse_period_text(text: str, default_kind: str) -> Period:
    folded = fold(text).strip()
    if not folded:
        raise CellError("the text is empty")
    if _PLAN.search(folded):
        raise CellError("it names a plan or target column, not an observed period")
    # "Thực hiện"/"TH" (actual) is the ordinary column word and yields to "ước" or "sơ bộ";
    # "chính thức" (official) beside either of them is a contradiction.
    kinds = set()
    for pattern, kind in (
        (_KIND_ESTIMATE, "estimate"),
        (_KIND_PRELIMINARY, "preliminary"),
        (_KIND_EXPLICIT_OFFICIAL, "official"),
        (_KIND_OFFICIAL, ""),
    ):
        if pattern.search(folded):
            kinds.add(kind)
            folded = pattern.sub(" ", folded)
    if kinds == {""}:
        kinds = {"official"}
    kinds.discard("")
    if len(kinds) > 1:
        raise CellError(f"it says both {' and '.join(sorted(kinds))}")
    cumulative = bool(_CUMULATIVE.search(folded))
    core = re.sub(r"[()\[\]:,;]", " ", _CUMULATIVE.sub(" ", folded))
    core = re.sub(r"\s+", " ", core).strip()
    while match := _PREFIX.match(core):
        core = core[match.end() :].strip()
    for pattern, granularity in _PERIOD_PATTERNS:
        if match := pattern.fullmatch(core):
            label, start, end = _build_period(granularity, match)
            if cumulative:
                label, start, end = _year_to_date(label, end)
            return Period(label, start, end, kinds.pop() if kinds else default_kind)
    raise CellError(
        "not a period this parser knows (examples: 2024, Quý IV/2024, 6 tháng đầu năm 2025, "
        "tháng 12/2023, 31/12/2024)"
    )


def _year_to_date(label: str, end: dt.date) -> tuple[str, dt.date, dt.date]:
    """The span from 1 January to the end of a cumulative reading, with its canonical label."""
    if "-W" in label:
        raise CellError("a cumulative week has no period label (1 January to a Sunday)")
    if end != _month_end(end.year, end.month):
        raise CellError(
            f"a cumulative reading to {end.isoformat()} has no period label "
            "(1 January to a day that does not end a month)"
        )
    return _span("ytd", end.year, end.month)


def _period_from_object(raw: Any, default_kind: str) -> Period:
    if isinstance(raw, Period):
        return raw
    if is_empty_cell(raw):
        raise CellError("the cell is empty")
    if isinstance(raw, np.datetime64):
        raw = pd.Timestamp(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        label, start, end = _date_span(raw.year, raw.month, raw.day)
        return Period(label, start, end, default_kind)
    if isinstance(raw, bool | np.bool_):
        raise CellError("a yes/no value is not a period")
    if isinstance(raw, Number):
        number = float(raw)
        if not number.is_integer():
            raise CellError("a number with decimals is not a year")
        label, start, end = _span("year", int(number))
        return Period(label, start, end, default_kind)
    return _parse_period_text(normalise_text(str(raw)), default_kind)


def parse_period(text: Any, *, default_kind: PeriodKind = "official") -> Period:
    """Read a period as agencies write it.

    Parameters
    ----------
    text : object
        "2024", "Năm 2024", "Quý IV/2024", "Q4-2024", "2024Q4", "6 tháng đầu năm 2025",
        "9 tháng năm 2024", "tháng 12/2023", "12/2023", "H1/2025", canonical labels, dates
        ("31/12/2024", "2024-12-31"), ISO weeks ("tuần 50/2023", "W50/2023", "2023-W50"), Excel
        dates or numbers (2024, 2024.0). Day-first dates, as Vietnam writes them. "Lũy kế",
        "cộng dồn" (cumulative) make the span start on 1 January (see the module notes). "Ước",
        "ước tính", "dự ước", "UTH" mark an estimate; "Sơ bộ", "SB" a preliminary figure;
        "Thực hiện", "TH", "chính thức" an official one.
    default_kind : {"official", "preliminary", "estimate"}
        The kind when the text names none.

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        When the text is not a period ("2024Q5", "Quý V/2024", "13/2024", a year outside
        1990–2100, the ambiguous "2024.5", a cumulative week, a plan column such as "Kế hoạch
        2025", empty); the message names the text and the reason.

    Examples
    --------
    >>> period = parse_period("Ước 6 tháng đầu năm 2025")
    >>> period.label, period.end.isoformat(), period.kind
    ('2025-H1', '2025-06-30', 'estimate')
    """
    if default_kind not in _KINDS:
        raise ValueError(f"default_kind must be one of {_KINDS}, not {default_kind!r}")
    try:
        return _period_from_object(text, default_kind)
    except CellError as exc:
        shown = "" if is_empty_cell(text) else str(text).strip()
        raise PeriodError(f"'{shown}' is not a valid period: {exc}") from None


_CANONICAL = re.compile(
    r"[0-9]{4}(?:-Q[1-4]|-H[12]|-M(?:0[1-9]|1[0-2])|-W(?:0[1-9]|[1-4][0-9]|5[0-3])"
    r"|-YTD[0-9]{1,2}|-[0-9]{2}-[0-9]{2})?"
)


def period_from_label(label: str, *, kind: PeriodKind = "official") -> Period:
    """Turn a canonical label back into its :class:`Period`.

    Parameters
    ----------
    label : str
        "2024", "2024-Q4", "2025-H1", "2024-M12", "2023-W50", "2025-YTD9" or "2024-12-31",
        exactly.
    kind : {"official", "preliminary", "estimate"}
        Labels do not carry the kind; it is given here.

    Raises
    ------
    PeriodError
        When ``label`` is not canonical ("2024-M1", "2025-YTD6"); the message gives the
        canonical spelling when there is one.
    """
    if not isinstance(label, str) or not _CANONICAL.fullmatch(label):
        try:
            canonical = parse_period(label).label
            hint = f"; the canonical label is '{canonical}'"
        except PeriodError:
            hint = ""
        raise PeriodError(f"'{label}' is not a canonical period label{hint}")
    period = parse_period(label, default_kind=kind)
    if period.label != label:
        raise PeriodError(
            f"'{label}' is not a canonical period label; the canonical label is '{period.label}'"
        )
    return period


def parse_as_of(text: Any) -> Period | None:
    """Read an ``as_of`` parameter: "latest" (or None) gives None, anything else a period.

    "latest" means the latest period present in the data, which only the caller knows; it is
    never today's date.

    Raises
    ------
    PeriodError
        When the text is neither "latest" nor a period.
    """
    if text is None or isinstance(text, str) and fold(text).strip() in ("latest", "moi nhat"):
        return None
    return parse_period(text)


_PERIOD_COLUMNS = {
    "label": "str",
    "start": "object",
    "end": "object",
    "kind": "str",
    "error": "str",
}


def parse_periods(raw: pd.Series | Iterable[Any], *, default_kind: PeriodKind = "official"):
    """Parse a column of period cells, each distinct cell once; bad periods never raise.

    Parameters
    ----------
    raw : pandas.Series or iterable
        Period cells (text, Excel dates or numbers, None/NaN).
    default_kind : {"official", "preliminary", "estimate"}
        The kind when a cell names none.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``raw``, columns ``label`` (str), ``start`` and ``end``
        (``datetime.date``), ``kind`` (str) and ``error`` (str). A cell that is not a period
        has ``label`` and ``kind`` "", ``start``/``end`` None and the reason in ``error``
        (the :class:`PeriodError` message); otherwise ``error`` is "".
    """
    if default_kind not in _KINDS:
        raise ValueError(f"default_kind must be one of {_KINDS}, not {default_kind!r}")
    if not isinstance(raw, pd.Series):
        raw = pd.Series(list(raw), dtype=object)

    def one(cell: Any) -> tuple[str, dt.date | None, dt.date | None, str, str]:
        try:
            period = parse_period(cell, default_kind=default_kind)
        except PeriodError as exc:
            return "", None, None, "", str(exc)
        return period.label, period.start, period.end, period.kind, ""

    return unique_map(raw, one, _PERIOD_COLUMNS)
