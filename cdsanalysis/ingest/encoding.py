"""Text encodings of CSV files: UTF-8, UTF-16 with or without a BOM, legacy TCVN3 and
Windows-1258."""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from cdsanalysis.ingest import tcvn3
from cdsanalysis.ingest.records import IngestError

#: Codec of a file found to be TCVN3 bytes: each byte becomes the Latin-1 character of the same
#: number, then :mod:`.tcvn3` converts the cells to Unicode.
TCVN3_CODEC = "latin-1"
_TCVN3_NOTE = (
    "not UTF-8: legacy TCVN3 (ABC, .VnTime fonts) text, converted to Unicode; check the accents"
)


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text without a BOM: Vietnamese text is mostly
    ASCII digits, letters and separators, whose other byte is 0."""
    sample = data[: 1 << 16]
    half = len(sample) // 2
    if half < 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    codec = None
    if odd > 0.3 * half and even < 0.05 * half:
        codec = "utf-16-le"
    elif even > 0.3 * half and odd < 0.05 * half:
        codec = "utf-16-be"
    if codec is None:
        return None
    try:
        sample[: 2 * half].decode(codec)
    except UnicodeDecodeError:
        return None
    return codec


class Encoding(NamedTuple):
    """How a CSV file is decoded: the Python codec, a note for the file's message ("" for
    plain UTF-8), and the decoding error handler ("replace" for UTF-8 with a few bad bytes)."""

    codec: str
    note: str
    errors: str = "strict"


_BAD = re.compile("[\udc80-\udcff]")  # bad bytes, as the "surrogateescape" handler shows them
_SEPARATORS = re.compile(r"[\s,;\"]+")
_CP1258 = Encoding("cp1258", "not UTF-8: decoded as Windows-1258 (cp1258); check the accents")


@dataclass
class _Utf8Damage:
    """Bytes that are not UTF-8 in text read as UTF-8, the well-formed non-ASCII characters
    beside them, and a note naming the rows (lines) of the bad bytes."""

    bad: int
    good: int
    note: str


def _utf8_damage(data: bytes, partial: bool, lines_before: int = 0) -> _Utf8Damage:
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    text = decoder.decode(data, final=not partial)
    bad = [m.start() for m in _BAD.finditer(text)]
    if not bad:
        return _Utf8Damage(0, 0, "")
    good = sum(not ch.isascii() for ch in text) - len(bad)
    ends = [m.start() for m in re.finditer("\n", text)]
    rows = sorted({lines_before + bisect.bisect_left(ends, i) + 1 for i in bad})
    more = f" and {len(rows) - 5:,} more" if len(rows) > 5 else ""
    shown = ", ".join(f"{r:,}" for r in rows[:5]) + more
    note = (
        f"UTF-8 with {len(bad):,} invalid byte(s), replaced by '\ufffd', in row(s) {shown}; "
        "check these cells"
    )
    return _Utf8Damage(len(bad), good, note)


def _decide(data: bytes, damage: _Utf8Damage, codec: str = "utf-8") -> Encoding:
    """UTF-8 with its bad bytes replaced, or a legacy encoding.

    UTF-8 when the well-formed non-ASCII characters are at least as many as the bad bytes
    (Vietnamese in UTF-8 has many; TCVN3 or Windows-1258 read as UTF-8 have almost none); else
    TCVN3 or Windows-1258 on positive evidence (their letters inside words); else UTF-8 when
    the bad bytes are a few (at most 1% of the bytes, or 2); else Windows-1258 if it decodes.
    """
    if not damage.bad:
        return Encoding(codec, "")
    replacing = Encoding(codec, damage.note, "replace")
    if damage.good >= damage.bad:
        return replacing
    if b"\x00" not in data:
        if tcvn3.looks_tcvn3_bytes(data) and _words(data, "latin-1", tcvn3.looks_tcvn3):
            return Encoding(TCVN3_CODEC, _TCVN3_NOTE)
        if _words(data, "cp1258", _vietnamese_word):
            return _CP1258
    if damage.bad <= max(2, len(data) // 100):
        return replacing
    if b"\x00" not in data:
        try:
            data.decode("cp1258")
            return _CP1258
        except UnicodeDecodeError:
            pass
    raise IngestError(
        "the text is neither UTF-8, UTF-16, Windows-1258 nor TCVN3; save it as CSV UTF-8"
    )


def _words(data: bytes, codec: str, test: Callable[[str], bool]) -> bool:
    """Whether some word of the bytes decoded by ``codec`` passes ``test``."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return False
    return any(test(word) for word in _SEPARATORS.split(text))


def _vietnamese_word(word: str) -> bool:
    """A word of ASCII letters with a non-ASCII letter or tone mark among them ("Hoà")."""
    if word.isascii() or not any(ch.isascii() and ch.isalpha() for ch in word):
        return False
    return all(ch.isascii() or ch.isalpha() or unicodedata.combining(ch) for ch in word)


def sniff_encoding(data: bytes, partial: bool = False) -> Encoding:
    """Say how a CSV file is encoded: UTF-8 (with or without BOM, a few invalid bytes replaced
    and reported), UTF-16 (with or without a BOM), or, for text that is not UTF-8, legacy
    TCVN3 or Windows-1258.

    Parameters
    ----------
    data : bytes
        The file, or its first bytes (then ``partial`` is true: a character cut at the end
        is not an error).
    partial : bool
        Whether ``data`` is only the head of the file.

    Returns
    -------
    Encoding
        The Python codec name, a note ("" for plain UTF-8) and the decoding error handler.
        TCVN3 gives :data:`TCVN3_CODEC`: the cells are converted to Unicode after decoding.

    Raises
    ------
    IngestError
        When the bytes are none of these (the message is completed by the caller).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Encoding("utf-16", "decoded as UTF-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Encoding(
            utf16, f"decoded as UTF-16 without a byte-order mark ({utf16[-2:].upper()})"
        )
    codec = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    return _decide(data, _utf8_damage(data, partial), codec)


def sniff_file(path: Path) -> Encoding:
    """The encoding of a whole file whose head is UTF-8, read in blocks (never whole): the
    first block with a bad byte decides, as :func:`sniff_encoding` does (the rows named are
    that block's; later blocks are decoded the same way)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, sample = 0, b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 24):
            try:
                decoder.decode(block, final=False)
            except UnicodeDecodeError:
                damage = _utf8_damage(block, partial=True, lines_before=lines)
                return _decide(sample + block, damage)
            sample = sample or block
            lines += block.count(b"\n")
    return Encoding("utf-8", "")
