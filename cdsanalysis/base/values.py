"""The value grammar: what one cell of a value column holds.

Every parser here reads one cell and says what it holds; nothing is dropped silently. The cleaner
uses the vectorised entry point :func:`parse_values`, which parses each distinct raw cell once and
never raises on bad data: a bad cell comes back with a status and a plain-words reason, so it can
be quarantined. Numbers follow the rules of :mod:`cdsanalysis.base.number_format` (the decimal
convention), unit words :mod:`cdsanalysis.base.units`.

Numbers
-------
Spaces may group thousands (``1 234 567``). Word multipliers are read
exactly (``40 tỷ 541 triệu`` -> 40541000000; nghìn/ngàn = 1e3, triệu = 1e6, tỷ/tỉ = 1e9,
``80 ngàn tỷ`` = 8e13). Negative numbers take a leading ``-``, ``+`` or a Unicode minus/dash
(``−5``). An amount in parentheses (``(5)``, accounting style) is **not** read as negative:
it may as well be a footnote or a row number, so it is a bad value with that reason.

Markers and words
-----------------
- No-data markers ``-``, ``–``, ``x``, ``X``, ``…``, ``...``, ``KPS`` (không phát sinh), ``n/a``,
  ``NA``, ``k/c`` and empty-looking text (spaces, NBSP) have status ``no_data``; None, NaN and
  ``""`` are ``blank`` (not a record at all). ``x`` is a no-data marker even in a yes/no
  column: in GSO tables it means "not published", and reading a tick as "yes" would invent data.
- Yes/no words (Đạt/Không đạt, Có/Không, Yes/No, Đã/Chưa ban hành, ...) give 1/0, unit yes_no.
- Ranks: ``19/63``, ``xếp hạng 02/63``, ``hạng 7``, ``7 (0,659)`` (the score goes to the
  note), ``Top 10`` (noted as a bound, not an exact rank).
- Percents: ``85,5%``, ``85,5 %``; ``điểm %`` is percentage points (unit ``pp``, noted).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from numbers import Number
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from cdsanalysis.base.cells import STR_DTYPE, CellError, is_empty_cell, unique_map
from cdsanalysis.base.number_format import (
    Convention,
    check_convention,
    detect_convention,
    format_number,
    read_number_token,
)
from cdsanalysis.base.text import fold, normalise_text
from cdsanalysis.base.units import PERCENTAGE_POINTS, normalise_unit, unit_of_words

__all__ = [
    "ParsedValue",
    "is_no_data",
    "parse_number",
    "parse_value",
    "parse_values",
    "percent_column_fraction_rule",
]


class ParsedValue(NamedTuple):
    """What one cell holds; the per-cell twin of a :func:`parse_values` row.

    Attributes
    ----------
    value : float
        The number (percent on 0-100, yes/no as 1/0); NaN unless ``status == "ok"``.
    status : str
        ``"ok"``, ``"no_data"`` (a marker such as "-" or "KPS"), ``"blank"`` (None, NaN, "") or
        ``"bad_value"``.
    note : str
        Plain words on a rule applied (ambiguous separator, score of a rank, percentage points),
        or why the value is bad; empty when there is nothing to say.
    rank_of : float
        The denominator of a rank written "19/63"; NaN otherwise.
    unit_detected : str
        The unit the cell itself shows: ``percent`` ("%"), ``pp`` ("điểm %"), ``rank``,
        ``yes_no``, ``index`` ("điểm"), ``count`` ("người"), ``ratio`` ("lần"), ``currency``
        ("tỷ đồng"); empty when the cell shows none.
    """

    value: float
    status: str
    note: str = ""
    rank_of: float = math.nan
    unit_detected: str = ""


_NAN = math.nan
_BLANK = ParsedValue(_NAN, "blank")
_VALUE_COLUMNS = {
    "value": "float",
    "status": "str",
    "note": "str",
    "rank_of": "float",
    "unit_detected": "str",
}


def _ok(value: float, note: str = "", rank_of: float = _NAN, unit: str = "") -> ParsedValue:
    return ParsedValue(float(value) + 0.0, "ok", note, rank_of, unit)  # + 0.0 turns -0.0 into 0.0


def _bad(reason: str) -> ParsedValue:
    return ParsedValue(_NAN, "bad_value", reason)


# What agencies write for "no data". Compared on folded text (lower case, no diacritics).
_NO_DATA = frozenset(
    {
        "x",
        "kps",
        "k.p.s",
        "khong phat sinh",
        "n/a",
        "na",
        "k/c",
        "khong co so lieu",
        "chua co so lieu",
        "khong co du lieu",
        "chua co du lieu",
    }
)
_NO_DATA_RUNS = re.compile(r"-+|\.{2,}|…+")
_EXCEL_ERROR = re.compile(r"#(?:n/a|div/0!|value!|ref!|name\?|num!|null!|getting_data|spill!)")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_FOOTNOTE = re.compile(r"\s*(?:\(\*+\)|\*+)$")

# Yes/no words, folded. "Chưa có số liệu" is no-data and is checked first.
_YES_NO = {
    **dict.fromkeys(
        [
            "dat",
            "co",
            "yes",
            "true",
            "da ban hanh",
            "da hoan thanh",
            "hoan thanh",
            "da trien khai",
            "da thuc hien",
            "da dat",
            "da co",
        ],
        1.0,
    ),
    **dict.fromkeys(
        [
            "khong dat",
            "khong",
            "no",
            "false",
            "chua ban hanh",
            "chua hoan thanh",
            "chua trien khai",
            "chua thuc hien",
            "chua dat",
            "chua co",
        ],
        0.0,
    ),
}

# Ranks, on folded text. Leading zeros ("02/63") are fine: int() ignores them.
_RANK_WORDS = r"(?:xep hang|thu hang|hang|xep thu|dung thu|thu)"
_RANK_TAIL = r"(?:\s+(?:tinh|tinh thanh|tinh, thanh|tinh, thanh pho|tinh/thanh|dia phuong))?"
_RANK_WORD = re.compile(
    rf"{_RANK_WORDS}\s*(?:thu\s*)?([0-9]+)(?:\s*/\s*([0-9]{{1,3}}))?{_RANK_TAIL}"
)
_RANK_TOP = re.compile(rf"top\s*([0-9]+)(?:\s*/\s*([0-9]{{1,3}}))?{_RANK_TAIL}")
# A denominator of 1-3 digits: "12/2023" is a month, not rank 12 of 2023.
_RANK_OF = re.compile(rf"([0-9]+)\s*/\s*([0-9]{{1,3}}){_RANK_TAIL}")
_RANK_SCORE = re.compile(r"([0-9]+)\s*\(\s*([0-9]+(?:[.,][0-9]+)?)\s*\)")

_BOUND = re.compile(
    r"(?:[<>≤≥~≈]|tren\b|duoi\b|khoang\b|gan\b|hon\b|toi thieu\b|toi da\b|it nhat\b|"
    r"xap xi\b|khong qua\b|khong duoi\b|nho hon\b|lon hon\b)"
)
_CHANGE = re.compile(r"(?:tang|giam)\b")
_DATE_LIKE = re.compile(
    r"[0-9]{1,2}\s*[/-]\s*(?:[0-9]{1,2}\s*[/-]\s*)?[0-9]{4}|[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?"
)

_PAREN_NUMBER = re.compile(r"\(\s*[0-9][0-9.,]*\s*%?\s*\)")
_SIGN = re.compile(r"([+-])\s*")
_SPACED_THOUSANDS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?: [0-9]{3})+(?![0-9])")
_MULTIPLIERS = {
    "nghìn": 3,
    "nghin": 3,
    "ngàn": 3,
    "ngan": 3,
    "triệu": 6,
    "trieu": 6,
    "tỷ": 9,
    "tỉ": 9,
    "ty": 9,
    "ti": 9,
}
_MULT_WORD = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
_TERM = re.compile(rf"\s*([0-9]+(?:[.,][0-9]+)*)((?:\s*(?:{_MULT_WORD})\b)*)")
_CURRENCY = frozenset(
    {"đồng", "dong", "đ", "d", "vnđ", "vnd", "usd", "$", "đô la", "do la", "đô la mỹ", "do la my"}
)

# Units a cell can show that a column of a catalogue unit accepts.
_COMPATIBLE = {
    "percent": {"percent", "pp"},
    "rank": {"rank"},
    "index": {"index"},
    "count": {"count"},
    "yes_no": {"yes_no"},
    "ratio": {"ratio"},
}
_UNIT_WORDS = {
    "percent": "a percent",
    "pp": "percentage points",
    "rank": "a rank",
    "index": "index points",
    "count": "a count",
    "yes_no": "a yes/no answer",
    "ratio": "a ratio",
    "currency": "an amount of money",
}


def _classify_rest(rest: str) -> str:
    """Name the unit shown by the words after a number; raise ``CellError`` if unknown."""
    if not rest:
        return ""
    if rest == "%":
        return "percent"
    if PERCENTAGE_POINTS.fullmatch(rest):
        return "pp"
    if rest in _CURRENCY:
        return "currency"
    # Only the unit vocabulary itself: "85% (ước)" must not pass as a plain percent.
    unit = unit_of_words(rest)
    if unit is not None:
        return unit
    raise CellError(f"words the parser does not know: '{rest}'")


def _read_quantity(text: str, convention: str) -> ParsedValue:
    """Read a number with optional sign, word multipliers and a unit word after it."""
    low = text.lower()
    sign = 1
    match = _SIGN.match(low)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        low = low[match.end() :]
    low = _SPACED_THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), low)
    terms: list[tuple[str, int]] = []
    pos = 0
    while match := _TERM.match(low, pos):
        words = re.findall(_MULT_WORD, match.group(2))
        terms.append((match.group(1), sum(_MULTIPLIERS[w] for w in words)))
        pos = match.end()
    rest = low[pos:].strip()
    if not terms:
        raise CellError(f"'{text}' is not a number")
    exponents = [e for _, e in terms]
    descending = all(a > b for a, b in zip(exponents, exponents[1:], strict=False))
    if any(ch.isdigit() for ch in rest) or (len(terms) > 1 and (0 in exponents or not descending)):
        # "40 tỷ 541 triệu" is one number; "64,93% - 25,08%" or "12 5" are several.
        raise CellError(f"'{text}' holds more than one number")
    try:
        unit = _classify_rest(rest)
    except CellError as exc:
        raise CellError(f"'{text}' is not a number: {exc}") from None
    if unit in ("percent", "pp") and any(e for _, e in terms):
        raise CellError(f"'{text}' mixes a percent with a word multiplier")
    total = Decimal(0)
    notes = []
    for token, exponent in terms:
        number, note = read_number_token(token, convention)
        total += number.scaleb(exponent)
        if note:
            notes.append(note)
    if unit == "pp":
        notes.append("percentage points (điểm %), not a percent level")
    return _ok(sign * float(total), "; ".join(notes), unit=unit)


def _read_rank(folded: str, convention: str) -> ParsedValue | None:
    """Read the rank forms ("19/63", "hạng 7", "Top 10", "7 (0,659)"); None if not a rank."""
    if match := _RANK_SCORE.fullmatch(folded):
        score, note = read_number_token(match.group(2).replace(" ", ""), convention)
        notes = [f"score {format_number(score)}"] + ([note] if note else [])
        return _ok(int(match.group(1)), "; ".join(notes), unit="rank")
    for pattern, note in (
        (_RANK_OF, ""),
        (_RANK_WORD, ""),
        (_RANK_TOP, "top-N bound, not an exact rank"),
    ):
        if match := pattern.fullmatch(folded):
            rank_of = float(int(match.group(2))) if match.group(2) else _NAN
            return _ok(int(match.group(1)), note, rank_of=rank_of, unit="rank")
    return None


def _clean_text(text: str) -> str:
    text = normalise_text(_INVISIBLE.sub("", text))
    if text[:1] == "'":  # Excel's "store as text" prefix survives some CSV exports
        text = text[1:].strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text


@lru_cache(maxsize=65536)
def _parse_text(raw: str, convention: str) -> ParsedValue:
    """Parse one text cell with a resolved convention ("vi" or "en"); never raises."""
    if raw == "":
        return _BLANK
    text = _clean_text(raw)
    if not text:
        return ParsedValue(_NAN, "no_data", "empty-looking text")
    notes = []
    if (match := _FOOTNOTE.search(text)) and match.start() > 0:
        # Footnote markers ("85,5*", "85,5 (*)") point to a note below the table.
        text = text[: match.start()]
        notes.append("footnote marker '*' dropped")
    folded = fold(text)
    if folded in _NO_DATA or _NO_DATA_RUNS.fullmatch(folded):
        return ParsedValue(_NAN, "no_data", f"no-data marker '{text}'")
    if _EXCEL_ERROR.fullmatch(folded):
        return _bad(f"'{text}' is an Excel error value, not a number")
    key = folded.rstrip(".").strip()
    if key in _YES_NO:
        return _ok(_YES_NO[key], "; ".join(notes), unit="yes_no")
    try:
        result = _read_rank(folded, convention)
        if result is None:
            if _PAREN_NUMBER.fullmatch(folded):
                raise CellError(
                    f"'{text}' is in parentheses: an accounting negative and a note look the "
                    "same, so it is not read; write the number with a minus sign"
                )
            if _BOUND.match(folded):
                raise CellError(f"'{text}' is a bound or an approximation, not a value")
            if _CHANGE.match(folded):
                raise CellError(f"'{text}' is a change ('tăng'/'giảm'), not a value")
            if _DATE_LIKE.fullmatch(folded):
                raise CellError(f"'{text}' looks like a date or a period, not a value")
            result = _read_quantity(text, convention)
    except CellError as exc:
        return _bad(str(exc))
    if notes:
        result = result._replace(note="; ".join(filter(None, [result.note, *notes])))
    return result


def _parse_other(raw: Any, convention: str) -> ParsedValue:
    """Parse a non-text cell (Excel numbers, booleans, dates)."""
    if isinstance(raw, bool | np.bool_):
        return _ok(float(raw), unit="yes_no")
    if isinstance(raw, dt.date | dt.time | np.datetime64):
        return _bad(f"'{raw}' is a date, not a number")
    if isinstance(raw, Number):
        try:
            number = float(raw)
        except (TypeError, ValueError):
            return _bad(f"'{raw}' is not a real number")
        if not math.isfinite(number):
            return _bad(f"'{raw}' is not a finite number")
        return _ok(number)
    return _parse_text(str(raw), convention)


def _resolve_unit(unit: str | None) -> str | None:
    if unit is None or unit in _COMPATIBLE:
        return unit
    return normalise_unit(unit) or unit


def _check_unit(result: ParsedValue, unit: str | None, shown: str) -> ParsedValue:
    """Turn a cell whose own unit contradicts the column's catalogue unit into a bad value."""
    allowed = _COMPATIBLE.get(unit) if unit else None
    if result.status != "ok" or allowed is None or not result.unit_detected:
        return result
    if result.unit_detected in allowed:
        return result
    what = _UNIT_WORDS.get(result.unit_detected, result.unit_detected)
    return _bad(f"'{shown}' is {what}, but the column's unit is {unit}")


def parse_value(raw: Any, *, unit: str | None = None, convention: Convention = "vi") -> ParsedValue:
    """Parse one cell into a :class:`ParsedValue`; bad data never raises.

    Parameters
    ----------
    raw : object
        The cell as read: text, an Excel number or boolean, None or NaN.
    unit : str, optional
        The column's unit (a catalogue unit, or words :func:`normalise_unit` understands). When
        given, a cell that shows a different unit ("85%" in a count column, "19/63" in a percent
        column) is a bad value. Percentage points are accepted in a percent column, with a note.
    convention : {"vi", "en", "auto"}
        How to read a lone separator before three digits ("1,234"); see the module notes.
        ``"auto"`` decides from this one cell, which is rarely enough: prefer
        :func:`parse_values`, which decides from the whole column.

    Returns
    -------
    ParsedValue
        ``value``, ``status``, ``note``, ``rank_of``, ``unit_detected``.

    Examples
    --------
    >>> parse_value("1.234,5")
    ParsedValue(value=1234.5, status='ok', note='', rank_of=nan, unit_detected='')
    >>> parse_value("19/63").rank_of
    63.0
    """
    check_convention(convention)
    unit = _resolve_unit(unit)
    if is_empty_cell(raw):
        return _BLANK
    if isinstance(raw, str):
        conv = detect_convention([raw])[0] if convention == "auto" else convention
        return _check_unit(_parse_text(raw, conv), unit, raw.strip())
    conv = "vi" if convention == "auto" else convention
    return _check_unit(_parse_other(raw, conv), unit, str(raw))


def is_no_data(raw: Any) -> bool:
    """Whether ``raw`` is a no-data marker ("-", "x", "KPS", "…", blank-looking text)."""
    return isinstance(raw, str) and parse_value(raw).status == "no_data"


def parse_number(text: Any, *, convention: Convention = "vi") -> tuple[float, str]:
    """Read a plain number, percent or word-multiplied amount; strict.

    Parameters
    ----------
    text : object
        The cell.
    convention : {"vi", "en", "auto"}
        See :func:`parse_value`.

    Returns
    -------
    tuple of (float, str)
        The value and the note (empty when no rule needed saying).

    Raises
    ------
    ValueError
        When the cell is blank, a no-data marker or not a number; the message says why.
    """
    result = parse_value(text, convention=convention)
    if result.status == "ok":
        return result.value, result.note
    if result.status == "bad_value":
        raise ValueError(result.note)
    raise ValueError(f"{text!r} holds no number ({result.status.replace('_', ' ')})")


def parse_values(
    raw: pd.Series | Iterable[Any], *, unit: str | None = None, convention: Convention = "vi"
) -> pd.DataFrame:
    """Parse a column of cells, each distinct cell once; bad data never raises.

    Parameters
    ----------
    raw : pandas.Series or iterable
        The cells as read (text, Excel numbers, booleans, None/NaN).
    unit : str, optional
        The column's unit, see :func:`parse_value`.
    convention : {"vi", "en", "auto"}
        Number convention; ``"auto"`` decides once for the whole column with
        :func:`detect_convention`.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``raw``, one row per cell, columns ``value`` (float), ``status`` ("ok",
        "no_data", "blank", "bad_value"), ``note`` (str, "" when none), ``rank_of`` (float, NaN
        when none), ``unit_detected`` (str, "" when none). Row by row it equals
        :func:`parse_value` with the same arguments (with ``"auto"`` resolved for the column).

    Examples
    --------
    >>> parse_values(pd.Series(["83,71", "-", None, "abc"]))[["value", "status"]]
       value     status
    0  83.71         ok
    1    NaN    no_data
    2    NaN      blank
    3    NaN  bad_value
    """
    check_convention(convention)
    if not isinstance(raw, pd.Series):
        raw = pd.Series(list(raw), dtype=object)
    unit = _resolve_unit(unit)
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        # Numbers from Excel pass through; only NaN (blank) and inf (bad) need words. Done
        # without factorize, since a numeric column may hold a million distinct values.
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        # code 0 ok, 1 blank, 2 + i the i-th infinite cell; text columns are taken from the
        # few distinct strings, which is much faster than building a million of them.
        codes = np.zeros(len(values), dtype=np.intp)
        codes[np.isnan(values)] = 1
        infinite = np.flatnonzero(np.isinf(values))
        codes[infinite] = 2 + np.arange(len(infinite))
        notes = ["", ""] + [f"'{v}' is not a finite number" for v in values[infinite]]
        statuses = ["ok", "blank"] + ["bad_value"] * len(infinite)
        return pd.DataFrame(
            {
                "value": np.where(codes == 0, values, np.nan) + 0.0,
                "status": pd.array(statuses, dtype=STR_DTYPE).take(codes),
                "note": pd.array(notes, dtype=STR_DTYPE).take(codes),
                "rank_of": np.full(len(values), np.nan),
                "unit_detected": pd.array([""], dtype=STR_DTYPE).take(np.zeros_like(codes)),
            },
            index=raw.index,
        )
    conv = convention
    if convention == "auto":
        strings = [u for u in pd.unique(raw.dropna()) if isinstance(u, str)]
        conv = detect_convention(strings)[0]

    def one(cell: Any) -> ParsedValue:
        return parse_value(cell, unit=unit, convention=conv)

    return unique_map(raw, one, _VALUE_COLUMNS)


def percent_column_fraction_rule(values: Any) -> tuple[float, str]:
    """Decide whether a percent column was written as fractions (0.855 for 85.5 %).

    A percent column whose values all lie in [0, 1] is read as fractions: the factor is 100 and
    the note says so. A column of only 0s and 1s is left alone (it may be 0 % / 1 % or
    0 % / 100 %), with a note asking to check. Cells written with "%" are percents whatever
    their size, so a column with any of them keeps factor 1.

    Parameters
    ----------
    values : pandas.DataFrame or array-like
        Either the frame :func:`parse_values` returned for the column (only ``ok`` rows count,
        and "%" cells are seen), or the column's numbers.

    Returns
    -------
    tuple of (float, str)
        The factor to multiply the column's values by (100.0 or 1.0) and the note ("" if none).
    """
    if isinstance(values, pd.DataFrame):
        ok = values[values["status"] == "ok"]
        if (ok["unit_detected"] == "percent").any():
            return 1.0, ""
        numbers = ok["value"].to_numpy(dtype=float)
    else:
        numbers = pd.to_numeric(pd.Series(np.asarray(values, dtype=object)), errors="coerce")
        numbers = numbers.to_numpy(dtype=float)
    numbers = numbers[np.isfinite(numbers)]
    if numbers.size == 0 or numbers.min() < 0 or numbers.max() > 1:
        return 1.0, ""
    if np.isin(numbers, (0.0, 1.0)).all():
        return 1.0, (
            "percent column holds only 0 and 1: left as percents; check whether they are "
            "fractions of 1"
        )
    return 100.0, "percent column holds only values in [0, 1]: read as fractions, multiplied by 100"
