"""Numbers as agencies write them, in the Vietnamese or the English convention.

Rules
-----
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
:func:`detect_convention`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Literal

from cdsanalysis.base.cells import CellError

__all__ = [
    "Convention",
    "check_convention",
    "detect_convention",
    "format_number",
    "read_number_token",
]

Convention = Literal["vi", "en", "auto"]


def format_number(value: float | Decimal) -> str:
    """Format a number for a note: integers without ".0", others at full precision.

    Parameters
    ----------
    value : float or decimal.Decimal

    Returns
    -------
    str
        "1234" for 1234.0, "1.234" for 1.234.
    """
    number = float(value)
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)


def _group_ok(first: str, rest: list[str]) -> bool:
    """Whether ``first``/``rest`` are well-formed thousands groups (1-3 digits, then 3s)."""
    return (
        1 <= len(first) <= 3
        and (first[0] != "0" or first == "0" and not rest)
        and all(len(g) == 3 for g in rest)
    )


def read_number_token(token: str, convention: str) -> tuple[Decimal, str]:
    """Read one digit token with ``.``/``,`` separators by the module's four rules.

    Parameters
    ----------
    token : str
        Digits with ``.`` and ``,`` only ("1.234,5", "0,7411").
    convention : {"vi", "en"}
        How to read a lone separator before three digits (rule 3).

    Returns
    -------
    tuple of (decimal.Decimal, str)
        The value, exact, and the note ("" when no rule needed saying).

    Raises
    ------
    CellError
        When the separators cannot be thousands groups nor one decimal separator.
    """
    dots, commas = token.count("."), token.count(",")
    malformed = CellError(f"'{token}' has its separators in places no number format puts them")
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
            return value, f"'{token}' read as {format_number(value)} ({note})"
        return value, ""
    # Rule 4: the only possible reading is a decimal separator.
    return Decimal(f"{whole}.{frac}"), ""


def check_convention(convention: str) -> None:
    """Refuse a convention other than "vi", "en" or "auto" (a programming error: ValueError)."""
    if convention not in ("vi", "en", "auto"):
        raise ValueError(f"convention must be 'vi', 'en' or 'auto', not {convention!r}")


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
