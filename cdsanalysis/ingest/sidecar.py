"""Sidecars: ``<file>.meta.yaml`` beside a raw file states what the file does not."""

from __future__ import annotations

from pathlib import Path

import yaml

from cdsanalysis.base.vocabulary import LAYOUTS, PROVENANCES
from cdsanalysis.ingest.records import IngestError

SIDECAR_SUFFIX = ".meta.yaml"
SIDECAR_KEYS = ("indicator", "sector", "unit", "area", "source", "layout", "provenance", "period")


def read_sidecar(path: str | Path) -> dict[str, str]:
    """Read ``<file>.meta.yaml`` beside ``path``; an empty dict when there is none.

    Raises
    ------
    IngestError
        When the sidecar is not YAML, not a mapping, or states an unknown layout or provenance.
    """
    sidecar = Path(str(path) + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        document = yaml.safe_load(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IngestError(f"{sidecar.name}: not a readable YAML sidecar ({exc})") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise IngestError(f"{sidecar.name}: a sidecar must be a mapping (indicator: ..., ...)")
    meta = {}
    for key, value in document.items():
        key = str(key).strip().lower()
        if key in SIDECAR_KEYS and value is not None:
            meta[key] = str(value).strip()
    if meta.get("layout") and meta["layout"] not in LAYOUTS:
        raise IngestError(
            f"{sidecar.name}: layout {meta['layout']!r} is not one of {', '.join(LAYOUTS)}"
        )
    if meta.get("provenance") and meta["provenance"] not in PROVENANCES:
        raise IngestError(
            f"{sidecar.name}: provenance {meta['provenance']!r} is not one of "
            f"{', '.join(PROVENANCES)}"
        )
    return meta
