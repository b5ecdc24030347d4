"""Comparison keys of indicator labels: the words an agency wrote, without what does not matter.

Case, spacing, punctuation, typed or missing diacritics, list numbering ("1.", "a)"), a leading
"Tỷ lệ", and a trailing unit ("(%)", "- %", "(hạng)") do not change which indicator a label
names. The usual abbreviations of Vietnamese administration ("TTHC", "DVCTT", "CĐS", ...) are
written out from the table ``data/reference/abbreviations.csv``, on both sides of a match.

What a label measures (:func:`measure_of`) must be what the entry measures: a count ("Số thủ
tục hành chính", "Số lượng hồ sơ") is never read as a share ("Tỷ lệ ..."), nor a level
("Năng suất lao động") as a growth ("Tốc độ tăng năng suất lao động").
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cdsanalysis.base import paths
from cdsanalysis.base.text import fold, normalise_text

ABBREVIATIONS_FILE = paths.REFERENCE_DIR / "abbreviations.csv"

_ENUMERATOR = re.compile(r"^\s*(?:[IVXivx]+|[A-Za-z]|\d+(?:\.\d+)*)\s*[.)/:]\s+|^\s*[-+•*–]\s*")
# A unit in parentheses or after a dash at the end: "(%)", "(tỷ lệ %)", "(đơn vị tính: %)",
# "- %", "(hạng)", "(có/không)". Other parentheses carry words ("(cấp xã)") and stay.
_UNIT_WORDS = r"(?:đơn vị(?: tính)?|đvt|dvt|don vi(?: tinh)?)?\s*:?\s*"
_UNITS = r"(?:%|tỷ lệ\s*%?|tỉ lệ\s*%?|ty le\s*%?|phần trăm|phan tram|hạng|hang|thứ hạng|thu hang"
_UNITS += r"|có/không|co/khong)"
_TRAILING_UNIT = re.compile(
    rf"\s*(?:\(\s*{_UNIT_WORDS}{_UNITS}\s*\)|[-:,]?\s*{_UNIT_WORDS}%)\s*$", re.IGNORECASE
)
_PUNCTUATION = re.compile(r"[^\w]+")
_RATE_PREFIX = re.compile(r"^(?:ty|ti) le (?:phan tram )?")
# The target part of a plan sentence: "100%", "đạt từ 50% trở lên", "tối thiểu 90%", "trên 99%".
_TARGET_FIGURE = re.compile(
    r"\b(?:dat )?(?:tu |toi thieu |tren |it nhat )?\d+(?:[.,]\d+)? ?%(?: tro len)?"
    r"|\bnam \d{4}\b|\bphan dau\b"
)
_COUNT_WORDS = ("số lượng ", "số ", "tổng số ", "so luong ", "so ", "tong so ")
_NOT_COUNT = ("số hóa", "so hoa")
# "tăng" (growth), typed with marks or not; not "hạ tầng" (infrastructure, "ha tang" unmarked)
# nor "tăng thêm" (value added).
_GROWTH = re.compile(r"\b(?:tăng|(?<!ha )tang)\b(?! them| thêm)")


def strip_label(text: str) -> str:
    """Return ``text`` normalised, without list numbering and without a trailing unit."""
    shown = normalise_text(str(text))
    for _ in range(2):
        shown = _ENUMERATOR.sub("", shown, count=1).strip()
    for _ in range(2):
        shown = _TRAILING_UNIT.sub("", shown).strip()
    return shown


def _spaced(folded: str) -> str:
    words = _PUNCTUATION.sub(" ", folded.replace("_", " ")).split()
    return _RATE_PREFIX.sub("", " ".join(words))


class Abbreviations:
    """The abbreviation table: short forms and their long forms, matched as whole words.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``short``, ``long`` (and ``note``), as in ``data/reference/abbreviations.csv``.
    """

    def __init__(self, table: pd.DataFrame):
        self.table = table
        self._long = {
            fold(s): fold(lf) for s, lf in zip(table["short"], table["long"], strict=True)
        }
        shorts = sorted(self._long, key=len, reverse=True)  # "dvctt" before "dvc"
        body = "|".join(re.escape(s) for s in shorts) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w&-])(?:{body})(?![\w&])")

    @classmethod
    def load(cls, path: str | Path | None = None) -> Abbreviations:
        """Read the table (``data/reference/abbreviations.csv`` by default)."""
        source = path or ABBREVIATIONS_FILE
        frame = pd.read_csv(source, dtype=str, keep_default_na=False)
        missing = {"short", "long"} - set(frame.columns)
        if missing:
            raise ValueError(f"{source}: missing columns {sorted(missing)}")
        return cls(frame)

    def expand(self, folded: str) -> tuple[str, list[str]]:
        """Write out the short forms of a folded text; also return the short forms found."""
        found: list[str] = []

        def _long(match: re.Match) -> str:
            found.append(match.group(0))
            return self._long[match.group(0)]

        return self._pattern.sub(_long, folded), found


def light_key(text: str) -> str:
    """Key of a label as written: folded, no punctuation, no "Tỷ lệ", no unit.

    Examples
    --------
    >>> light_key("1. Tỷ lệ Hồ sơ trực tuyến (%)")
    'ho so truc tuyen'
    """
    return _spaced(fold(strip_label(text)))


def expanded_key(text: str, abbreviations: Abbreviations) -> tuple[str, list[str]]:
    """Key of a label with its abbreviations written out; also the short forms found.

    Examples
    --------
    >>> expanded_key("Tỷ lệ hồ sơ TTHC - %", Abbreviations.load())
    ('ho so thu tuc hanh chinh', ['tthc'])
    """
    expanded, found = abbreviations.expand(fold(strip_label(text)))
    return _spaced(expanded), found


def quote_key(quote: str, abbreviations: Abbreviations) -> str:
    """Key of a plan sentence without its target figure ("đạt từ 50% trở lên", "100%")."""
    expanded, _ = abbreviations.expand(fold(normalise_text(quote)))
    return _spaced(_TARGET_FIGURE.sub(" ", expanded))


def is_count(text: str) -> bool:
    """True when a label counts things ("Số ...", "Số lượng ...", "Tổng số ...").

    "Số hóa" (digitised) is not a count, nor is "Sở ..." (a department) when typed with marks.

    Examples
    --------
    >>> is_count("Số thủ tục hành chính"), is_count("Tỷ lệ thủ tục hành chính")
    (True, False)
    """
    lowered = strip_label(text).lower()
    return lowered.startswith(_COUNT_WORDS) and not lowered.startswith(_NOT_COUNT)


def measure_of(text: str) -> str:
    """What a label measures, as far as its words say: "count", "growth" or "" (anything else).

    Examples
    --------
    >>> measure_of("Số TTHC"), measure_of("Tốc độ tăng NSLĐ"), measure_of("Hạ tầng internet")
    ('count', 'growth', '')
    """
    if is_count(text):
        return "count"
    return "growth" if _GROWTH.search(strip_label(text).lower()) else ""
