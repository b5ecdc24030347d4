"""Cell parsers for what Vietnamese agencies write: numbers, percents, ranks, yes/no, periods.

Every parser here reads one cell and says what it holds; nothing is dropped silently. The cleaner
uses the vectorised entry points :func:`parse_values` and :func:`parse_periods`, which parse each
distinct raw cell once and never raise on bad data: a bad cell comes back with a status and a
plain-words reason, so it can be quarantined.

Numbers
-------
Vietnamese writes ``1.234.567,89`` (dot for thousands, comma for decimals); English writes
``1,234,567.89``. Both reach us, sometimes in one file (dti.gov.vn prints ``0.8002``). A token is
read by these rules, in order:

1. Both ``.`` and ``,`` present: the last one is the decimal separator, the other groups
   thousands (``1.234,5`` -> 1234.5, ``1,234.5`` -> 1234.5). Groups must be well formed.
2. Two or more of the same separator: thousands groups (``1.028.354`` -> 1028354,
   ``1,028,354`` -> 1028354); only one reading exists.
3. One separator followed by exactly three digits after a first group of 1-3 digits that does not
   start with 0 (``1,234``, ``71.234``): **ambiguous**, and the ``convention`` decides.
   Vietnamese (``"vi"``, the default): a dot groups thousands (``71.234`` -> 71234, as GSO prints
   every count) and a comma is the decimal separator (``1,234`` -> 1.234). The comma reading
   carries the note "'1,234' read as 1.234 (comma taken as the Vietnamese decimal separator)",
   because a lone comma before three digits is where English-formatted numbers slip into
   Vietnamese files. English (``"en"``): the reverse (``485,067`` -> 485067, ``1.234`` -> 1.234).
4. Any other single separator is a decimal separator, whatever the convention: ``0,7411``,
   ``83,71``, ``0.8002`` (a value in [0, 1] with four decimals, as dti.gov.vn prints),
   ``12.5``, ``1234,567``; a thousands group can never start with 0 or have 4+ digits.

``convention="auto"`` decides per column from all its distinct strings, see
:func:`detect_convention`. Spaces may group thousands (``1 234 567``). Word multipliers are read
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

Periods
-------
Canonical labels: ``2024`` (year), ``2024-Q4``, ``2025-H1``, ``2024-M12`` (months are two digits,
``2024-M01``, so labels of one year sort), ``2025-YTD9`` (January to the end of month 9) and
``2024-12-31`` (a date). A span has exactly one label: 3 months year-to-date is ``Q1``, 6 months is
``H1``, 12 months is the year, 1 month is ``M01``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from numbers import Number
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from cdsanalysis.base.text import fold, normalise_text
from cdsanalysis.base.vocabulary import PERIOD_KINDS, UNITS

__all__ = [
    "CATALOGUE_UNITS",
    "ParsedValue",
    "Period",
    "PeriodError",
    "detect_convention",
    "is_no_data",
    "normalise_unit",
    "parse_as_of",
    "parse_number",
    "parse_period",
    "parse_periods",
    "parse_value",
    "parse_values",
    "percent_column_fraction_rule",
    "period_from_label",
]

Convention = Literal["vi", "en", "auto"]

#: Units of the target catalogue; :func:`normalise_unit` maps agencies' words onto these.
CATALOGUE_UNITS = UNITS

# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


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


class _Bad(Exception):
    """A cell that is not a value; the message is the plain-words reason."""


def _ok(value: float, note: str = "", rank_of: float = _NAN, unit: str = "") -> ParsedValue:
    return ParsedValue(float(value) + 0.0, "ok", note, rank_of, unit)  # + 0.0 turns -0.0 into 0.0


def _bad(reason: str) -> ParsedValue:
    return ParsedValue(_NAN, "bad_value", reason)


def _fmt(value: float | Decimal) -> str:
    """Format a number for a note: integers without ".0", others at full precision."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)


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
_PP = re.compile(r"(?:điểm|diem)\s*(?:%|phần trăm|phan tram)|pp|p\.p\.|percentage points?")
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


def _group_ok(first: str, rest: list[str]) -> bool:
    """Whether ``first``/``rest`` are well-formed thousands groups (1-3 digits, then 3s)."""
    return (
        1 <= len(first) <= 3
        and (first[0] != "0" or first == "0" and not rest)
        and all(len(g) == 3 for g in rest)
    )


def _read_token(token: str, convention: str) -> tuple[Decimal, str]:
    """Read one digit token with ``.``/``,`` separators; return the value and a note.

    Raises
    ------
    _Bad
        When the separators cannot be thousands groups nor one decimal separator.
    """
    dots, commas = token.count("."), token.count(",")
    malformed = _Bad(f"'{token}' has its separators in places no number format puts them")
    if dots and commas:
        # Rule 1: the last separator is the decimal one, the other groups thousands.
        decimal_sep = "," if token.rfind(",") > token.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, frac = token.rpartition(decimal_sep)
        groups = whole.split(group_sep)
        if decimal_sep in whole or not _group_ok(groups[0], groups[1:]):
            raise malformed
        return Decimal(f"{''.join(groups)}.{frac}"), ""
    if not (dots or commas):
        return Decimal(token), ""
    sep = "." if dots else ","
    groups = token.split(sep)
    if len(groups) > 2:
        # Rule 2: a repeated separator can only group thousands.
        if not _group_ok(groups[0], groups[1:]):
            raise malformed
        return Decimal("".join(groups)), ""
    whole, frac = groups
    if len(frac) == 3 and _group_ok(whole, [frac]):
        # Rule 3: ambiguous; the convention decides. A dot before three digits is how
        # Vietnamese prints every count ("71.234"), so it passes quietly; a lone comma before
        # three digits is where English-formatted numbers slip into Vietnamese files
        # ("485,067"), so reading it as a decimal is said in the note.
        if (sep == ".") == (convention == "vi"):
            return Decimal(whole + frac), ""
        value = Decimal(f"{whole}.{frac}")
        if convention == "vi":
            note = "comma taken as the Vietnamese decimal separator"
            return value, f"'{token}' read as {_fmt(value)} ({note})"
        return value, ""
    # Rule 4: the only possible reading is a decimal separator.
    return Decimal(f"{whole}.{frac}"), ""


def _classify_rest(rest: str) -> str:
    """Name the unit shown by the words after a number; raise ``_Bad`` if unknown."""
    if not rest:
        return ""
    if rest == "%":
        return "percent"
    if _PP.fullmatch(rest):
        return "pp"
    if rest in _CURRENCY:
        return "currency"
    # Only the unit vocabulary itself: "85% (ước)" must not pass as a plain percent.
    unit = _UNITS.get(_unit_key(rest))
    if unit is not None:
        return unit
    raise _Bad(f"words the parser does not know: '{rest}'")


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
        raise _Bad(f"'{text}' is not a number")
    exponents = [e for _, e in terms]
    descending = all(a > b for a, b in zip(exponents, exponents[1:], strict=False))
    if any(ch.isdigit() for ch in rest) or (len(terms) > 1 and (0 in exponents or not descending)):
        # "40 tỷ 541 triệu" is one number; "64,93% - 25,08%" or "12 5" are several.
        raise _Bad(f"'{text}' holds more than one number")
    try:
        unit = _classify_rest(rest)
    except _Bad as exc:
        raise _Bad(f"'{text}' is not a number: {exc}") from None
    if unit in ("percent", "pp") and any(e for _, e in terms):
        raise _Bad(f"'{text}' mixes a percent with a word multiplier")
    total = Decimal(0)
    notes = []
    for token, exponent in terms:
        number, note = _read_token(token, convention)
        total += number.scaleb(exponent)
        if note:
            notes.append(note)
    if unit == "pp":
        notes.append("percentage points (điểm %), not a percent level")
    return _ok(sign * float(total), "; ".join(notes), unit=unit)


def _read_rank(folded: str, convention: str) -> ParsedValue | None:
    """Read the rank forms ("19/63", "hạng 7", "Top 10", "7 (0,659)"); None if not a rank."""
    if match := _RANK_SCORE.fullmatch(folded):
        score, note = _read_token(match.group(2).replace(" ", ""), convention)
        notes = [f"score {_fmt(score)}"] + ([note] if note else [])
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
                raise _Bad(
                    f"'{text}' is in parentheses: an accounting negative and a note look the "
                    "same, so it is not read; write the number with a minus sign"
                )
            if _BOUND.match(folded):
                raise _Bad(f"'{text}' is a bound or an approximation, not a value")
            if _CHANGE.match(folded):
                raise _Bad(f"'{text}' is a change ('tăng'/'giảm'), not a value")
            if _DATE_LIKE.fullmatch(folded):
                raise _Bad(f"'{text}' looks like a date or a period, not a value")
            result = _read_quantity(text, convention)
    except _Bad as exc:
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


def _is_missing(raw: Any) -> bool:
    if raw is None:
        return True
    try:
        return bool(pd.isna(raw)) if np.ndim(raw) == 0 else False
    except (TypeError, ValueError):
        return False


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


def _check_convention(convention: str) -> None:
    if convention not in ("vi", "en", "auto"):
        raise ValueError(f"convention must be 'vi', 'en' or 'auto', not {convention!r}")


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
    _check_convention(convention)
    unit = _resolve_unit(unit)
    if _is_missing(raw):
        return _BLANK
    if isinstance(raw, str):
        conv = detect_convention([raw])[0] if convention == "auto" else convention
        return _check_unit(_parse_text(raw, conv), unit, raw.strip())
    conv = "vi" if convention == "auto" else convention
    return _check_unit(_parse_other(raw, conv), unit, str(raw))


def _separator_evidence(text: str) -> tuple[int, int]:
    """Count tokens of ``text`` that can only be Vietnamese / only be English numbers."""
    vi = en = 0
    for token in re.findall(r"[0-9]+(?:[.,][0-9]+)+", text):
        dots, commas = token.count("."), token.count(",")
        if dots and commas:
            if token.rfind(",") > token.rfind("."):
                vi += 1
            else:
                en += 1
            continue
        sep = "." if dots else ","
        groups = token.split(sep)
        if len(groups) > 2:
            vi += sep == "."
            en += sep == ","
        elif not (len(groups[1]) == 3 and _group_ok(groups[0], groups[1:])):
            if sep == ",":
                vi += 1
            elif not (groups[0] == "0" and len(groups[1]) >= 4):
                # "0.8002" is how dti.gov.vn prints index scores and turns up in Vietnamese
                # files too, so it is no evidence; "12.5" is.
                en += 1
    return vi, en


def detect_convention(values: Iterable[Any]) -> tuple[str, str]:
    """Decide whether a column writes numbers the Vietnamese or the English way.

    Only strings that can be read one way count as evidence. Vietnamese: a comma followed by
    other than three digits ("83,71", "0,659"), both separators with the comma last
    ("1.234,5"), or repeated dots ("1.028.354"). English: repeated commas ("1,028,354"), both
    separators with the dot last ("1,234.5"), or a decimal dot that is not a group of three
    ("12.5"), except values like "0.8002" (in [0, 1] with four or more decimals), which
    Vietnamese sources print too. The side with more distinct strings wins; no evidence or a
    tie keeps the Vietnamese default.

    Parameters
    ----------
    values : iterable
        The column's cells; non-text cells are ignored and each distinct string counts once.

    Returns
    -------
    tuple of (str, str)
        ``"vi"`` or ``"en"``, and the reason in plain words.
    """
    vi = en = 0
    for text in {v for v in values if isinstance(v, str)}:
        a, b = _separator_evidence(text)
        vi += a > 0
        en += b > 0
    if en > vi:
        return "en", f"{en} values written the English way, {vi} the Vietnamese way"
    if vi:
        return "vi", f"{vi} values written the Vietnamese way, {en} the English way"
    return "vi", "no value decides; the Vietnamese default applies"


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


# The text dtype pandas infers ("str" from pandas 3, object before); columns are built in it
# directly, because letting pandas infer it from a million Python strings costs more than parsing.
_STR = pd.Series([""]).dtype


def _unique_map(raw: pd.Series, func, columns: dict[str, str]) -> pd.DataFrame:
    """Apply ``func`` once per distinct cell of ``raw`` and spread the results back.

    ``func`` takes a cell and returns a tuple with one item per column; missing cells get
    ``func(None)``. ``columns`` maps each name to its kind: "float", "str" or "object".
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
            spread[name] = pd.array(column, dtype=_STR).take(codes)
        else:
            spread[name] = np.asarray(column, dtype=object)[codes]
    return pd.DataFrame(spread, index=raw.index)


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
    _check_convention(convention)
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
                "status": pd.array(statuses, dtype=_STR).take(codes),
                "note": pd.array(notes, dtype=_STR).take(codes),
                "rank_of": np.full(len(values), np.nan),
                "unit_detected": pd.array([""], dtype=_STR).take(np.zeros_like(codes)),
            },
            index=raw.index,
        )
    conv = convention
    if convention == "auto":
        strings = [u for u in pd.unique(raw.dropna()) if isinstance(u, str)]
        conv = detect_convention(strings)[0]

    def one(cell: Any) -> ParsedValue:
        return parse_value(cell, unit=unit, convention=conv)

    return _unique_map(raw, one, _VALUE_COLUMNS)


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


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------

# Keys are folded (no diacritics, lower case), spaces around "/" removed, parentheses dropped.
_UNITS = {
    **dict.fromkeys(
        ["%", "ty le %", "ti le %", "ty le", "ti le", "phan tram", "percent", "pct", "percentage"],
        "percent",
    ),
    **dict.fromkeys(
        ["hang", "thu hang", "xep hang", "thu bac", "vi tri", "rank", "ranking"], "rank"
    ),
    **dict.fromkeys(["diem", "chi so", "diem so", "index", "score", "points"], "index"),
    **dict.fromkeys(
        [
            "ho so",
            "cai",
            "chiec",
            "nguoi",
            "doanh nghiep",
            "so luong",
            "so",
            "count",
            "number",
            "truong hop",
            "luot",
            "tai khoan",
            "giao dich",
            "he thong",
            "dich vu",
            "dich vu cong",
            "dvc",
            "thu tuc",
            "thu tuc hanh chinh",
            "tthc",
            "co quan",
            "co quan, don vi",
            "don vi",
            "xa",
            "ho",
            "ho gia dinh",
            "thue bao",
            "ung dung",
            "nen tang",
            "co so du lieu",
            "csdl",
            "truong",
            "co so",
            "benh vien",
            "tram",
            "may",
            "thiet bi",
            "hoc sinh",
            "hoc vien",
            "lop",
            "khoa hoc",
            "buoi",
            "van ban",
            "hop tac xa",
            "san pham",
        ],
        "count",
    ),
    **dict.fromkeys(
        ["co/khong", "dat/khong dat", "yes/no", "y/n", "co/chua", "da/chua", "yes_no"], "yes_no"
    ),
    **dict.fromkeys(["lan", "ratio", "ty so", "ti so"], "ratio"),
}
_UNITS.update({u: u for u in CATALOGUE_UNITS})
_DVT = re.compile(r"\(?\s*(?:dvt|dtv|don vi tinh|unit)\s*[:.]?\s*(.*?)\s*\)?")


def _unit_key(text: str) -> str:
    """Fold unit words to a lookup key: no diacritics, no brackets, "co / khong" -> "co/khong"."""
    key = fold(text).strip()
    if match := _DVT.fullmatch(key):
        key = match.group(1)  # "(ĐVT: %)", the typo "(ĐTV: %)", "Đơn vị tính: %"
    key = re.sub(r"\s*/\s*", "/", key)
    key = re.sub(r"[()\[\]]", " ", key)
    return re.sub(r"\s+", " ", key).strip(" .:;,-")


@lru_cache(maxsize=4096)
def _normalise_unit(text: str) -> str | None:
    key = _unit_key(text)
    if key in _UNITS:
        return _UNITS[key]
    if _PP.fullmatch(key):
        return None  # percentage points are a change, not a catalogue unit
    if "%" in key:
        return "percent"  # "Tỷ lệ hồ sơ (%)"
    if key.startswith("so luong ") or key.startswith("so "):
        rest = key.split(" ", 2)[-1] if key.startswith("so luong ") else key[3:]
        return "count" if _UNITS.get(rest) == "count" else None
    return None


def normalise_unit(text: Any) -> str | None:
    """Map the unit words agencies write to a catalogue unit.

    Parameters
    ----------
    text : object
        "%", "Tỷ lệ (%)", "phần trăm", "hạng", "điểm", "chỉ số", "người", "hồ sơ", "có/không",
        "lần", a catalogue unit, or any of these wrapped as "(ĐVT: %)", "ĐVT: %",
        "Đơn vị tính: %" or the common typo "(ĐTV: %)".

    Returns
    -------
    str or None
        One of ``percent``, ``rank``, ``ratio``, ``index``, ``count``, ``yes_no``; None when the
        words are unknown, empty, or name something outside the catalogue ("điểm %" is
        percentage points, a change; "tỷ đồng" is money).

    Examples
    --------
    >>> normalise_unit("(ĐTV: %)")
    'percent'
    >>> normalise_unit("Số hồ sơ")
    'count'
    """
    if _is_missing(text):
        return None
    return _normalise_unit(str(text))


# --------------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------------

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
        Canonical label: "2024", "2024-Q4", "2025-H1", "2024-M12", "2025-YTD9", "2024-12-31".
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
        """The span's kind: year, quarter, half, month, ytd or date."""
        if len(self.label) == 4:
            return "year"
        if len(self.label) == 10:
            return "date"
        return {"Q": "quarter", "H": "half", "M": "month", "Y": "ytd"}[self.label[5]]


def _check_year(year: int) -> int:
    if not _YEAR_MIN <= year <= _YEAR_MAX:
        raise _Bad(f"year {year} is outside {_YEAR_MIN}–{_YEAR_MAX}")
    return year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(granularity: str, year: int, n: int = 0) -> tuple[str, dt.date, dt.date]:
    """Label and dates of a period; months-to-date spans take their one canonical label."""
    year = _check_year(year)
    if granularity == "ytd":
        if not 1 <= n <= 12:
            raise _Bad(f"{n} months is not a span within a year (1–12)")
        granularity, n = {1: ("month", 1), 3: ("quarter", 1), 6: ("half", 1)}.get(n, ("ytd", n))
        if n == 12:
            granularity = "year"
    if granularity == "year":
        return str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)
    if granularity == "quarter":
        if not 1 <= n <= 4:
            raise _Bad(f"quarter {n} does not exist (quarters are I–IV, 1–4)")
        return f"{year}-Q{n}", dt.date(year, 3 * n - 2, 1), _month_end(year, 3 * n)
    if granularity == "half":
        if n not in (1, 2):
            raise _Bad(f"half {n} does not exist (halves are 1 and 2)")
        return f"{year}-H{n}", dt.date(year, 6 * n - 5, 1), _month_end(year, 6 * n)
    if granularity == "month":
        if not 1 <= n <= 12:
            raise _Bad(f"month {n} does not exist (months are 1–12)")
        return f"{year}-M{n:02d}", dt.date(year, n, 1), _month_end(year, n)
    return f"{year}-YTD{n}", dt.date(year, 1, 1), _month_end(year, n)


def _date_span(year: int, month: int, day: int) -> tuple[str, dt.date, dt.date]:
    _check_year(year)
    try:
        day_ = dt.date(year, month, day)
    except ValueError:
        raise _Bad(f"{day:02d}/{month:02d}/{year} is not a calendar date") from None
    return day_.isoformat(), day_, day_


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token in _ROMAN:
        return _ROMAN[token]
    raise _Bad(f"quarter {token.upper()} does not exist (quarters are I–IV, 1–4)")


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
    (rf"{_YR}[-/.](?P<n>[0-9]{{1,2}})", "month"),
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
_WEEK = re.compile(r"\b(?:tuan|week)\b")
_PREFIX = re.compile(r"^(?:luy ke|tinh den|den het|den|ky bao cao|ky|tai)\b\s*:?\s*")


@lru_cache(maxsize=16384)
def _parse_period_text(text: str, default_kind: str) -> Period:
    folded = fold(text).strip()
    if not folded:
        raise _Bad("the text is empty")
    if _PLAN.search(folded):
        raise _Bad("it names a plan or target column, not an observed period")
    if _WEEK.search(folded):
        raise _Bad("weeks are not a supported period")
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
        raise _Bad(f"it says both {' and '.join(sorted(kinds))}")
    core = re.sub(r"[()\[\]:,;]", " ", folded)
    core = re.sub(r"\s+", " ", core).strip()
    while match := _PREFIX.match(core):
        core = core[match.end() :].strip()
    for pattern, granularity in _PERIOD_PATTERNS:
        if match := pattern.fullmatch(core):
            label, start, end = _build_period(granularity, match)
            return Period(label, start, end, kinds.pop() if kinds else default_kind)
    raise _Bad(
        "not a period this parser knows (examples: 2024, Quý IV/2024, 6 tháng đầu năm 2025, "
        "tháng 12/2023, 31/12/2024)"
    )


def _period_from_object(raw: Any, default_kind: str) -> Period:
    if isinstance(raw, Period):
        return raw
    if _is_missing(raw):
        raise _Bad("the cell is empty")
    if isinstance(raw, np.datetime64):
        raw = pd.Timestamp(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        label, start, end = _date_span(raw.year, raw.month, raw.day)
        return Period(label, start, end, default_kind)
    if isinstance(raw, bool | np.bool_):
        raise _Bad("a yes/no value is not a period")
    if isinstance(raw, Number):
        number = float(raw)
        if not number.is_integer():
            raise _Bad("a number with decimals is not a year")
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
        ("31/12/2024", "2024-12-31"), Excel dates or numbers (2024, 2024.0). Day-first dates,
        as Vietnam writes them. "Ước", "ước tính", "dự ước", "UTH" mark an estimate; "Sơ bộ",
        "SB" a preliminary figure; "Thực hiện", "TH", "chính thức" an official one.
    default_kind : {"official", "preliminary", "estimate"}
        The kind when the text names none.

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        When the text is not a period ("2024Q5", "Quý V/2024", "13/2024", a year outside
        1990–2100, a week, a plan column such as "Kế hoạch 2025", empty); the message names
        the text and the reason.

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
    except _Bad as exc:
        shown = "" if _is_missing(text) else str(text).strip()
        raise PeriodError(f"'{shown}' is not a valid period: {exc}") from None


_CANONICAL = re.compile(
    r"[0-9]{4}(?:-Q[1-4]|-H[12]|-M(?:0[1-9]|1[0-2])|-YTD[0-9]{1,2}|-[0-9]{2}-[0-9]{2})?"
)


def period_from_label(label: str, *, kind: PeriodKind = "official") -> Period:
    """Turn a canonical label back into its :class:`Period`.

    Parameters
    ----------
    label : str
        "2024", "2024-Q4", "2025-H1", "2024-M12", "2025-YTD9" or "2024-12-31", exactly.
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

    return _unique_map(raw, one, _PERIOD_COLUMNS)
