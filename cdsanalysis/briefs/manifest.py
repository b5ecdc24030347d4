"""The batch's record, ``reports/manifest.json``: every brief's input hashes, parameters,
versions, status, time and size; what decides whether a brief is current."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from cdsanalysis.base.safe_io import atomic_write_text
from cdsanalysis.base.vocabulary import LANGS
from cdsanalysis.briefs.build import BriefResult
from cdsanalysis.briefs.outdir import deferred_signals
from cdsanalysis.briefs.tasks import BriefOutcome, BriefTask, failure_text

MANIFEST_NAME = "manifest.json"
MANIFEST_SCHEMA = 1
INDEX_NAME = "index.html"


def load_manifest(out_dir: str | Path) -> dict:
    """Read ``<out_dir>/manifest.json``; an empty manifest when it is missing or unreadable."""
    path = Path(out_dir) / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        manifest = {}
    manifest.setdefault("schema", MANIFEST_SCHEMA)
    if not isinstance(manifest.get("briefs"), dict):
        manifest["briefs"] = {}
    return manifest


def save_manifest(out: Path, manifest: dict) -> Path:
    """Write the manifest atomically, signals held back meanwhile; return its path."""
    with deferred_signals():
        return atomic_write_text(
            out / MANIFEST_NAME,
            json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        )


def is_current(task: BriefTask, entry: dict | None, out: Path) -> bool:
    """Whether the brief's page is in place and was built from the same inputs."""
    if not entry or entry.get("status") != "ok" or entry.get("key") != task.key:
        return False
    page = task.params.output_path(out)
    try:
        return page.stat().st_size == entry.get("bytes")
    except OSError:
        return False


def manifest_entry(task: BriefTask, outcome: BriefOutcome, out: Path, versions: dict) -> dict:
    """The manifest's record of one brief: inputs, parameters, versions, status, time, size."""
    params = task.params
    entry = {
        "brief_id": params.brief_id,
        "lang": params.lang,
        "notebook": params.notebook,
        "parameters": params.notebook_parameters(),
        "inputs": task.inputs,
        "key": task.key,
        "versions": versions,
        "status": "ok" if outcome.ok else "failed",
        "seconds": round(outcome.seconds, 3),
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "output": params.output_path(out).relative_to(out).as_posix() if outcome.ok else None,
        "bytes": outcome.size,
        "summary": outcome.summary,
    }
    if outcome.failure is not None:
        entry["failure"] = outcome.failure
        entry["failed_notebook"] = (
            outcome.notebook_path.relative_to(out).as_posix() if outcome.notebook_path else None
        )
    return entry


def index_results(manifest: dict, out: Path, ids: Sequence[str]) -> list[BriefResult]:
    """The briefs the manifest records for ``out``, as the index lists them: built or failed."""
    results = []
    for lang in LANGS:
        for brief_id in ids:
            entry = manifest["briefs"].get(f"{lang}/{brief_id}")
            if not entry:
                continue
            page = out / lang / f"{brief_id}.html"
            if entry.get("status") == "ok" and page.exists():
                results.append(
                    BriefResult(
                        brief_id, lang, True, page, entry.get("seconds", 0.0), entry["summary"]
                    )
                )
            elif entry.get("status") == "failed":
                kept = entry.get("failed_notebook")
                results.append(
                    BriefResult(
                        brief_id,
                        lang,
                        False,
                        None,
                        entry.get("seconds", 0.0),
                        error=failure_text(entry.get("failure") or {}),
                        notebook_path=out / kept if kept else None,
                    )
                )
    return results
