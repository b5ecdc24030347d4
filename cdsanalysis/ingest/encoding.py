"""Text encodings of CSV files: UTF-8, UTF-16 with or without a BOM, legacy TCVN3 and
Windows-1258."""

from __future__ import annotations

import codecs
from pathlib import Path

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


def _legacy_encoding(data: bytes) -> tuple[str, str]:
    """The one-byte encoding of text that is not UTF-8: TCVN3 or Windows-1258."""
    if b"\x00" not in data:
        if tcvn3.looks_tcvn3_bytes(data):
            return TCVN3_CODEC, _TCVN3_NOTE
        try:
            data.decode("cp1258")
            return "cp1258", "not UTF-8: decoded as Windows-1258 (cp1258); check the accents"
        except UnicodeDecodeError:
            pass
    raise IngestError(
        "the text is neither UTF-8, UTF-16, Windows-1258 nor TCVN3; save it as CSV UTF-8"
    )


def sniff_encoding(data: bytes, partial: bool = False) -> tuple[str, str]:
    """Say how a CSV file is encoded: UTF-8 (with or without BOM), UTF-16 (with or without a
    BOM), or, for text that is not UTF-8, legacy TCVN3 or Windows-1258.

    Parameters
    ----------
    data : bytes
        The file, or its first bytes (then ``partial`` is true: a character cut at the end
        is not an error).
    partial : bool
        Whether ``data`` is only the head of the file.

    Returns
    -------
    tuple of (str, str)
        The Python codec name and a note ("" for plain UTF-8). TCVN3 gives
        :data:`TCVN3_CODEC`: the cells are converted to Unicode after decoding.

    Raises
    ------
    IngestError
        When the bytes are none of these (the message is completed by the caller).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "decoded as UTF-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16, f"decoded as UTF-16 without a byte-order mark ({utf16[-2:].upper()})"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        step = 1 << 24
        for start in range(0, len(data), step):
            decoder.decode(data[start : start + step], final=False)
        if not partial:
            decoder.decode(b"", final=True)
        return "utf-8", ""
    except UnicodeDecodeError:
        pass
    return _legacy_encoding(data)


def sniff_file(path: Path) -> tuple[str, str]:
    """The encoding of a whole file whose head is UTF-8, read in blocks (never whole)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        sample = b""
        try:
            while block := handle.read(1 << 24):
                sample = sample or block
                decoder.decode(block, final=False)
            decoder.decode(b"", final=True)
            return "utf-8", ""
        except UnicodeDecodeError:
            return _legacy_encoding(sample + block)
