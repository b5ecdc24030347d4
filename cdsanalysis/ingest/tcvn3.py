"""Legacy TCVN3 (ABC, TCVN 5712:1993 VN3) text: detect it and convert it to Unicode exactly.

Before Unicode, Vietnamese offices typed in the .VnTime fonts of the TCVN3 ("ABC") code: one byte
a letter, drawn by the font. Such text read by any other program shows the Latin-1 characters of
those bytes: "Céng hoµ x· héi chñ nghÜa ViÖt Nam" is "Cộng hoà xã hội chủ nghĩa Việt Nam". It
still reaches us in old workbooks (cells in a .VnTime font) and in CSV files saved from them.

The table below is the standard's upper half (bytes 0xA1-0xFF), as glibc's ``TCVN5712-1``
converter gives it; VN3 uses a subset of it, so each byte has exactly one reading and the
conversion is exact. Two limits: the combining tone marks 0xB0-0xB4 of VN1 are left as they are
(VN3 has none; "°", "²" and "³" are far more likely), and text typed in the capital-letter
fonts (.VnTimeH) is stored in the small-letter codes, so it converts to small letters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

#: Unicode of the bytes 0xA1-0xFF in TCVN 5712:1993 (read as Latin-1 characters U+00A1-U+00FF).
_UPPER_HALF = (
    "\u0102\u00c2\u00ca\u00d4\u01a0\u01af\u0110\u0103\u00e2\u00ea\u00f4\u01a1\u01b0\u0111\u1eb0\u0300"
    "\u0309\u0303\u0301\u0323\u00e0\u1ea3\u00e3\u00e1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf\u1eb4\u1eae"
    "\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9\u1eab\u1ea5\u1ead\u00e8\u1ec2\u1ebb\u1ebd\u00e9"
    "\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\u00ec\u1ec9\u1ec4\u1ebe\u1ed2\u0129\u00ed\u1ecb\u00f2\u1ed4"
    "\u1ecf\u00f5\u00f3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1\u1ed9\u1edd\u1edf\u1ee1\u1edb\u1ee3\u00f9\u1ed6"
    "\u1ee7\u0169\u00fa\u1ee5\u1eeb\u1eed\u1eef\u1ee9\u1ef1\u1ef3\u1ef7\u1ef9\u00fd\u1ef5\u1ed0"
)
#: Latin-1 character -> Unicode letter; 0xB0-0xB4 (combining marks in VN1 only) stay as they are.
TABLE = {chr(0xA1 + i): ch for i, ch in enumerate(_UPPER_HALF) if not 0xB0 <= 0xA1 + i <= 0xB4}
_TRANSLATE = str.maketrans(TABLE)
# Latin-1 letters that Unicode Vietnamese uses as they are: their presence says nothing.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
#: Characters that betray TCVN3 text shown in a Unicode font ("¬" is ơ, "µ" à, "¸" á, "Ð" é,
#: "×" ì, "§" Đ ...): in the table, and never part of Vietnamese written in Unicode.
MARKERS = frozenset(TABLE) - _VIETNAMESE_LATIN1
# Bytes of the same characters, for files read as bytes; and the combining tone marks of
# Windows-1258, which a cp1258 file has and a TCVN3 file almost never.
_MARKER_BYTES = frozenset(ord(ch) for ch in MARKERS)
_CP1258_TONE_BYTES = frozenset(b"\xcc\xd2\xde\xec\xf2")


def convert(text: str) -> str:
    """Convert TCVN3 text (its bytes read as Latin-1) to Unicode, NFC.

    Parameters
    ----------
    text : str

    Returns
    -------
    str

    Examples
    --------
    >>> convert("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    'Cộng hoà xã hội chủ nghĩa Việt Nam'
    """
    return unicodedata.normalize("NFC", text.translate(_TRANSLATE))


def _latin1_only(text: str) -> bool:
    return max(text) <= "\u00ff"


def looks_tcvn3(text: str) -> bool:
    """Whether a cell is TCVN3 text shown in a Unicode font.

    It must hold only ASCII and Latin-1 characters (Unicode Vietnamese almost always has a
    letter beyond them: ư, ơ, đ, ă, ạ ...) and, inside a word, either a character of
    :data:`MARKERS` ("s¬" is "sơ"; "§1a" and "3×4" are symbols) or a capital Latin-1 letter
    between small letters ("tuyÕn" is "tuyến").
    """
    if not text or text.isascii() or not _latin1_only(text):
        return False

    def letter(pos: int) -> bool:
        return 0 <= pos < len(text) and text[pos].isascii() and text[pos].isalpha()

    for i, ch in enumerate(text):
        # inside a word: "s¬" is sơ; a symbol between spaces or digits ("§1a", "3×4") is not
        if ch in MARKERS and (letter(i - 1) or letter(i + 1)):
            return True
        if ch in _VIETNAMESE_LATIN1 and ch.isupper() and letter(i - 1) and letter(i + 1):
            if text[i - 1].islower() and text[i + 1].islower():
                return True
    return False


def looks_tcvn3_bytes(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 are TCVN3 rather than Windows-1258.

    TCVN3 writes ơ, ư, à, á, Đ ... as bytes that are symbols in Windows-1258 (¬, ­, µ, ¸, §);
    Windows-1258 writes tones as combining bytes (0xCC, 0xD2, 0xDE, 0xEC, 0xF2) after a letter.
    """
    markers = sum(data.count(bytes([b])) for b in _MARKER_BYTES)
    tones = sum(data.count(bytes([b])) for b in _CP1258_TONE_BYTES)
    return markers > 0 and markers > tones


def fix_cells(values: Iterable[object], whole: bool = False) -> tuple[list[object], list[int]]:
    """Convert the TCVN3 cells of a sequence; return the new values and the converted positions.

    Parameters
    ----------
    values : iterable
        Cells; only strings are looked at.
    whole : bool
        Every cell with a Latin-1 letter is TCVN3 (the file as a whole was found to be TCVN3),
        so "Cã" (Có), which has no marker of its own, is converted too.

    Returns
    -------
    tuple of (list, list of int)
    """
    out, changed = list(values), []
    for i, value in enumerate(out):
        if not isinstance(value, str) or value.isascii():
            continue
        if (whole and _latin1_only(value)) or looks_tcvn3(value):
            new = convert(value)
            if new != value:
                out[i] = new
                changed.append(i)
    return out, changed


def sheet_is_tcvn3(cells: Iterable[object]) -> bool:
    """Whether a sheet's text is all TCVN3: some cell looks it and no cell has a character
    beyond Latin-1 (which Unicode Vietnamese would)."""
    found = False
    for value in cells:
        if not isinstance(value, str) or value.isascii():
            continue
        if not _latin1_only(value):
            return False
        found = found or looks_tcvn3(value)
    return found
