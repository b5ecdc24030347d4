"""Text normalisation shared by every matcher: Unicode form, tone-mark placement, dashes, spaces.

Vietnamese files mix NFD and NFC, old-style ("hoà") and new-style ("hòa") tone placement, en
dashes and padded or multi-line cells. Everything that compares names goes through
:func:`normalise_text` (for display) or :func:`match_key` (for lookups).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old-style placement puts the tone on the second vowel of "oa", "oe", "uy"; the new style on
# the first. Both are correct Vietnamese, but NFC does not unify them, so files disagree.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}  # huyền, sắc, hỏi, ngã, nặng
_TONE_PAIRS = re.compile(r"(?<![qQ])([oO])([aAeE])([\u0300\u0301\u0309\u0303\u0323])(?![\w])")
_TONE_PAIRS_UY = re.compile(r"(?<![qQ])([uU])([yY])([\u0300\u0301\u0309\u0303\u0323])(?![\w])")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_SPACES = re.compile(r"\s+")


def _move_tone_to_first_vowel(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    decomposed = _TONE_PAIRS.sub(r"\1\3\2", decomposed)
    decomposed = _TONE_PAIRS_UY.sub(r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", decomposed)


@lru_cache(maxsize=65536)
def normalise_text(value: str) -> str:
    """Return ``value`` in NFC with new-style tone placement, plain dashes and single spaces.

    Parameters
    ----------
    value : str
        Any text cell.

    Returns
    -------
    str
        The cleaned text; leading/trailing space and embedded newlines are collapsed.

    Examples
    --------
    >>> normalise_text("  Phường Hoà\\nPhú ") == "Phường Hòa Phú"
    True
    """
    text = unicodedata.normalize("NFC", str(value))
    text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip()
    return _move_tone_to_first_vowel(text)


@lru_cache(maxsize=65536)
def fold(value: str) -> str:
    """Return ``value`` without diacritics, lower case ("Đ" becomes "d").

    Only for matching headers and keywords; never for joining area names across provinces.
    """
    text = normalise_text(value).replace("Đ", "D").replace("đ", "d")
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn"
    )
    return stripped.lower()


@lru_cache(maxsize=65536)
def match_key(value: str) -> str:
    """Return a comparison key: normalised, lower case, diacritics kept, punctuation spaced.

    Two spellings of one Vietnamese name (NFD/NFC, "Hoà"/"Hòa", case, extra spaces) share a key;
    two different names that differ only by diacritics do not.
    """
    text = normalise_text(value).lower()
    text = re.sub(r"[.,;:()\[\]\"'’“”]", " ", text)
    return _SPACES.sub(" ", text).strip()


def clip(text: str, width: int = 80) -> str:
    """Cut ``text`` to at most ``width`` characters, ending with "…" when it was cut.

    Examples
    --------
    >>> clip("abcdef", 4)
    'abc…'
    """
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def short_repr(value: object, width: int = 60) -> str:
    """Return ``repr(value)`` cut to about ``width`` characters, for a message about any input.

    A long text is cut before ``repr`` is taken, so a field holding megabytes costs no more than
    a short one; the cut text ends with "…" inside its quotes.

    Examples
    --------
    >>> short_repr("x" * 1000, 8)
    "'xxxxxxx…'"
    """
    if isinstance(value, str):
        return repr(clip(value, width))
    return clip(repr(value), width)


def fold_key(text: str) -> str:
    """Folded key of a header or sector cell: no diacritics, lower case, punctuation as spaces.

    "%" and "#" are kept, since they tell columns apart ("Tỷ lệ (%)", "#").

    >>> fold_key("Lĩnh vực: Y tế (%)")
    'linh vuc y te %'
    """
    return re.sub(r"[^0-9a-z%#]+", " ", fold(text)).strip()


def one_line(text: object) -> str:
    """Show any text on one terminal line: control, format and separator characters escaped.

    File names, plan names and labels come from users; printed raw, an escape sequence could
    recolour or rewrite the terminal and a newline could forge a second message.

    >>> one_line("bad\\x1b[2Jname\\nnext")
    'bad\\\\x1b[2Jname\\\\nnext'
    """
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(text))
