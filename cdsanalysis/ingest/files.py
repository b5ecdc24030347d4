"""Raw files: which files below the raw folder are read, and the provenance their folder implies."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from cdsanalysis.base.text import fold
from cdsanalysis.ingest.sidecar import SIDECAR_SUFFIX

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
#: Spreadsheet formats that cannot be read: reported as failed files, never skipped silently.
UNSUPPORTED_SUFFIXES = (".xls", ".ods", ".xlsb", ".numbers")
#: Documentation beside the data, ignored without a listing (docs/security.md, "Raw folder").
DOCUMENT_PREFIXES = ("readme", "sources", "license", "licence")
DOCUMENT_SUFFIXES = (".md", ".txt")


def is_document(name: str) -> bool:
    """Whether a file is documentation beside the data (README*, SOURCES*, LICENSE*, *.md,
    *.txt), which the reader ignores."""
    lowered = name.lower()
    return lowered.startswith(DOCUMENT_PREFIXES) or lowered.endswith(DOCUMENT_SUFFIXES)


def find_raw_files(raw_dir: str | Path) -> list[Path]:
    """List the entries below ``raw_dir`` that the reader reads or reports, sorted by their
    relative path.

    Table files (CSV/TSV, XLSX/XLSM) are returned, and every other entry the reader must
    report rather than skip silently: old or foreign spreadsheet formats (.xls, .ods), data
    files of unknown type, broken symbolic links, links to a folder already listed (a loop),
    and folders that cannot be listed. Symbolic links are followed. Hidden entries, Excel lock
    files ("~$..."), sidecars and documentation (:func:`is_document`) are left out.

    Parameters
    ----------
    raw_dir : str or pathlib.Path

    Returns
    -------
    list of pathlib.Path
    """
    root = Path(raw_dir)
    found: list[Path] = []
    _walk(root, {_identity(root)}, found)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _identity(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _walk(folder: Path, seen: set[tuple[int, int]], found: list[Path]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        found.append(folder)  # a folder that cannot be listed: the reader says why
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows a link
            identity = _identity(path) if is_dir else None
        except OSError:
            found.append(path)  # a broken link or a link loop
            continue
        if is_dir:
            if identity in seen:
                found.append(path)  # a link back to a folder already listed
                continue
            seen.add(identity)
            _walk(path, seen, found)
        elif not (entry.name.endswith(SIDECAR_SUFFIX) or is_document(entry.name)):
            found.append(path)


def unreadable_reason(path: Path) -> str:
    """Why an entry listed by :func:`find_raw_files` cannot be read as a table ("" when it
    may be): a broken link, a link loop, a folder, a file of unknown type."""
    if path.is_symlink():
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "a symbolic link in a loop (it leads back to itself); remove it"
            target = os.readlink(path)
            shown = target if len(target) <= 60 else "…" + target[-59:]  # the name is at the end
            return f"a broken symbolic link (its target '{shown}' is missing)"
    if path.is_dir():
        if path.is_symlink():
            return (
                "a symbolic link to a folder already read (a loop, or a second path to the same "
                "files); its files are read once"
            )
        return "a folder that cannot be read (permission denied); its files are not cleaned"
    if not path.is_file():
        return "not a regular file (a device, pipe or socket); remove it from the raw folder"
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES + UNSUPPORTED_SUFFIXES:
        kind = f"'{_cut(suffix)}'" if suffix else "without an extension"
        return (
            f"a file of unknown type ({kind}): only CSV, TSV, XLSX and XLSM files are read; "
            "convert it, or move it out of the raw folder"
        )
    return ""


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def folder_provenance(rel_path: str) -> str:
    """Provenance implied by the folder: under ``demo/`` synthetic, ``published/`` published,
    anything else official."""
    parts = [fold(p) for p in rel_path.split("/")[:-1]]
    if "demo" in parts:
        return "synthetic"
    if "published" in parts:
        return "published"
    return "official"


PROVENANCE_WORDS = {
    "official": "official",
    "chinh thuc": "official",
    "published": "published",
    "cong bo": "published",
    "da cong bo": "published",
    "synthetic": "synthetic",
    "demo": "synthetic",
    "gia lap": "synthetic",
    "mo phong": "synthetic",
}
