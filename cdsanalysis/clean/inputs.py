"""The record of what a clean was made from: ``inputs.json`` beside the outputs.

Freshness is judged by content, never by dates: the record holds the SHA-256 of every raw file
and sidecar (by relative path, so a file deleted or added counts), of the plan file, of each
reference table in ``data/reference/`` and of the cleaning stage's source code (an editable
install keeps its version number while its code changes), and the size and SHA-256 of each
output, so that a reader can tell the set is the one the clean wrote.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cdsanalysis.base import paths
from cdsanalysis.ingest import find_raw_files
from cdsanalysis.ingest.sidecar import SIDECAR_SUFFIX

RECORD_FILE = "inputs.json"
#: Version of the record's layout; a record of another version is stale.
RECORD_VERSION = 1
# The base modules the cleaning stage uses (with cdsanalysis/ingest and cdsanalysis/clean).
_BASE_MODULES = (
    "contracts",
    "geography",
    "parse",
    "paths",
    "plan",
    "safe_io",
    "text",
    "vocabulary",
)


def file_sha(path: Path) -> str:
    """SHA-256 of a file's bytes; "" when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def raw_hashes(raw_dir: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every raw file the cleaner reads and of its sidecar."""
    found = {}
    for path in find_raw_files(raw_dir):
        found[path.relative_to(raw_dir).as_posix()] = file_sha(path)
        sidecar = Path(str(path) + SIDECAR_SUFFIX)
        if sidecar.is_file():
            found[sidecar.relative_to(raw_dir).as_posix()] = file_sha(sidecar)
    return found


def reference_hashes(plan_path: Path) -> dict[str, str]:
    """File name -> SHA-256 of each reference table (the plan is recorded apart)."""
    folder = paths.REFERENCE_DIR
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if not path.is_file() or path.name.startswith(".") or name == paths.PLAN_FILE.name:
            continue
        if path.resolve() != plan_path.resolve():
            found[name] = file_sha(path)
    return found


def code_hash() -> str:
    """SHA-256 over the cleaning stage's source files (names and bytes)."""
    package = paths.PACKAGE_DIR
    files = sorted((package / "ingest").glob("*.py")) + sorted((package / "clean").glob("*.py"))
    files += [package / "base" / f"{name}.py" for name in _BASE_MODULES]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(file_sha(path).encode("ascii"))
    return digest.hexdigest()


def describe_inputs(raw_dir: Path, plan_path: Path) -> dict:
    """What a clean of ``raw_dir`` with the plan ``plan_path`` is made from (see the module)."""
    return {
        "version": RECORD_VERSION,
        "raw_dir": str(raw_dir.resolve()),
        "raw": raw_hashes(raw_dir),
        "plan": {"path": str(plan_path.resolve()), "sha256": file_sha(plan_path)},
        "reference": reference_hashes(plan_path),
        "code": code_hash(),
    }


def describe_outputs(folder: Path, names: list[str]) -> dict[str, dict]:
    """Name -> ``bytes`` and ``sha256`` of each output in ``folder``."""
    return {
        name: {"bytes": (folder / name).stat().st_size, "sha256": file_sha(folder / name)}
        for name in names
    }


def _changed(kind: str, recorded: dict, current: dict) -> list[str]:
    reasons = [f"{kind} {name} deleted" for name in sorted(set(recorded) - set(current))]
    reasons += [f"{kind} {name} added" for name in sorted(set(current) - set(recorded))]
    reasons += [
        f"{kind} {name} changed"
        for name in sorted(set(recorded) & set(current))
        if recorded[name] != current[name]
    ]
    return reasons


def differences(recorded: dict, current: dict) -> list[str]:
    """Why the inputs ``current`` differ from the ``recorded`` ones, one reason per input."""
    if recorded.get("version") != current["version"]:
        return ["the record of inputs is of another version"]
    reasons = _changed("raw file", recorded.get("raw") or {}, current["raw"])
    plan = recorded.get("plan") or {}
    if plan.get("path") not in (None, current["plan"]["path"]):
        reasons.append(f"made with the plan {plan['path']}, not {current['plan']['path']}")
    elif plan.get("sha256") != current["plan"]["sha256"]:
        reasons.append(f"plan {current['plan']['path']} changed")
    reasons += _changed("reference table", recorded.get("reference") or {}, current["reference"])
    if recorded.get("code") != current["code"]:
        reasons.append("the cleaning code changed")
    return reasons
