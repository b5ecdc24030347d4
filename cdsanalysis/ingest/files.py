"""Raw files: which files below the raw folder are read, and the provenance their folder implies."""

from __future__ import annotations

from pathlib import Path

from cdsanalysis.base.text import fold
from cdsanalysis.ingest.sidecar import SIDECAR_SUFFIX

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
#: Spreadsheet formats that cannot be read: reported as failed files, never skipped silently.
UNSUPPORTED_SUFFIXES = (".xls", ".ods", ".xlsb", ".numbers")


def find_raw_files(raw_dir: str | Path) -> list[Path]:
    """List the table files below ``raw_dir``, sorted by their relative path.

    CSV/TSV and XLSX/XLSM files are returned, and also old or foreign spreadsheet formats
    (.xls, .ods) so that the reader can say why it cannot read them. Hidden files, Excel lock
    files ("~$...") and sidecars are left out.
    """
    root = Path(raw_dir)
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith((".", "~$")) for part in rel.parts) or not path.is_file():
            continue
        if path.name.endswith(SIDECAR_SUFFIX):
            continue
        if path.suffix.lower() in TABLE_SUFFIXES + UNSUPPORTED_SUFFIXES:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


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
