"""Sidecars: ``<file>.meta.yaml`` beside a raw file states what the file does not.

A sidecar is read with :func:`cdsanalysis.base.yaml_safe.read_yaml`: anchors and aliases are
refused (a nested-alias "billion laughs" never expands), a file over
:data:`~cdsanalysis.base.yaml_safe.SIDECAR_MAX_BYTES` is refused from its size, and every value
stays text as written (``area: 0724`` is "0724", not the octal 468). A key the sidecar may not
have (``perod:``) and a period that cannot be read (``period: 2024-02-30``) make the sidecar,
and so its file, unusable: every message names the sidecar.
"""

from __future__ import annotations

from pathlib import Path

from cdsanalysis.base.periods import PeriodError, parse_period
from cdsanalysis.base.text import clip
from cdsanalysis.base.vocabulary import LAYOUTS, PROVENANCES
from cdsanalysis.base.yaml_safe import SIDECAR_MAX_BYTES, YamlFileError, read_yaml, unknown_keys
from cdsanalysis.ingest.records import IngestError

SIDECAR_SUFFIX = ".meta.yaml"
SIDECAR_KEYS = ("indicator", "sector", "unit", "area", "source", "layout", "provenance", "period")


def _check_keys(name: str, document: dict) -> dict[str, str]:
    """The sidecar's values by key (lower case, stripped); IngestError for an unknown key."""
    keys = {str(key).strip().lower(): value for key, value in document.items()}
    unknown = unknown_keys(keys, SIDECAR_KEYS)
    if unknown:
        said = "; ".join(
            f"'{key}'" + (f" (did you mean '{close}'?)" if close else "") for key, close in unknown
        )
        raise IngestError(
            f"{name}: unknown key{'s' if len(unknown) > 1 else ''} {said}; a sidecar may state "
            + ", ".join(SIDECAR_KEYS)
        )
    meta = {}
    for key, value in keys.items():
        if isinstance(value, (dict, list)):
            raise IngestError(f"{name}: '{key}' must be one value, not a list or a mapping")
        if value is not None and str(value).strip():
            meta[key] = str(value).strip()
    return meta


def read_sidecar(path: str | Path) -> dict[str, str]:
    """Read ``<file>.meta.yaml`` beside ``path``; an empty dict when there is none.

    Raises
    ------
    IngestError
        When the sidecar is not YAML, over the size limit, uses YAML anchors or aliases, is not
        a mapping, has a key outside :data:`SIDECAR_KEYS` (the message suggests the right one),
        states an unknown layout or provenance, or a period that cannot be read. The message
        starts with the sidecar's name.
    """
    sidecar = Path(str(path) + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        document = read_yaml(
            sidecar, max_bytes=SIDECAR_MAX_BYTES, what="sidecar", text_scalars=True
        )
    except YamlFileError as exc:
        message = str(exc).removeprefix(f"{sidecar}: ")
        raise IngestError(f"{sidecar.name}: {message}") from None
    if document is None or document == "":
        return {}
    if not isinstance(document, dict):
        raise IngestError(f"{sidecar.name}: a sidecar must be a mapping (indicator: ..., ...)")
    meta = _check_keys(sidecar.name, document)
    if meta.get("layout") and meta["layout"] not in LAYOUTS:
        raise IngestError(
            f"{sidecar.name}: layout {clip(meta['layout'], 60)!r} is not one of "
            f"{', '.join(LAYOUTS)}"
        )
    if meta.get("provenance") and meta["provenance"] not in PROVENANCES:
        raise IngestError(
            f"{sidecar.name}: provenance {clip(meta['provenance'], 60)!r} is not one of "
            f"{', '.join(PROVENANCES)}"
        )
    if meta.get("period"):
        try:
            parse_period(meta["period"])
        except PeriodError as exc:
            raise IngestError(f"{sidecar.name}: period: {clip(str(exc), 200)}") from None
    return meta
