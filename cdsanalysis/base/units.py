"""Unit words as agencies write them, mapped to the catalogue's units.

A column header or a unit column says "%", "Tỷ lệ (%)", "(ĐVT: người)", "Số hồ sơ"; the cleaner
needs one of :data:`CATALOGUE_UNITS`. "điểm %" is percentage points (:data:`PERCENTAGE_POINTS`),
a change and not a catalogue unit.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cdsanalysis.base.cells import is_empty_cell
from cdsanalysis.base.text import fold
from cdsanalysis.base.vocabulary import UNITS

__all__ = ["CATALOGUE_UNITS", "PERCENTAGE_POINTS", "normalise_unit", "unit_of_words"]

#: Units of the target catalogue; :func:`normalise_unit` maps agencies' words onto these.
CATALOGUE_UNITS = UNITS

#: Percentage points ("điểm %"): a change of a percent, read on folded or plain text.
PERCENTAGE_POINTS = re.compile(
    r"(?:điểm|diem)\s*(?:%|phần trăm|phan tram)|pp|p\.p\.|percentage points?"
)

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
    if PERCENTAGE_POINTS.fullmatch(key):
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
    if is_empty_cell(text):
        return None
    return _normalise_unit(str(text))


def unit_of_words(text: str) -> str | None:
    """Return the unit that ``text`` names in the unit vocabulary itself, else None.

    Unlike :func:`normalise_unit`, no looser rule applies ("85% (ước)" must not pass as a plain
    percent): the words after a number in a cell are read with this.

    Parameters
    ----------
    text : str
        Unit words, as written after a number ("người", "hồ sơ", "điểm").

    Returns
    -------
    str or None
        A catalogue unit, or None when the words are not in the vocabulary.
    """
    return _UNITS.get(_unit_key(text))
