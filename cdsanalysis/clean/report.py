"""The clean report: counts per file and in total, and the record invariant.

Every record read ends in exactly one of observations, quarantine, no-data, duplicates:
``records_read = records_clean + records_quarantined + records_no_data + records_duplicate``,
per file and in total; it is checked before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from cdsanalysis.base.text import one_line
from cdsanalysis.clean.arrays import codes_of
from cdsanalysis.clean.resolve import CLEAN, DUPLICATE, NO_DATA, QUARANTINED, REASONS, Ledger
from cdsanalysis.ingest import FileRead

REPORT_COUNTS = [
    "records_read",
    "records_clean",
    "records_quarantined",
    "records_no_data",
    "records_duplicate",
    "target_cells",
    "conflicts",
]


@dataclass
class CleanResult:
    """What :func:`cdsanalysis.clean.run.clean_raw` did: the counts of ``clean_report.json``
    and the paths written.

    Attributes
    ----------
    records_read, records_clean, records_quarantined, records_no_data, records_duplicate : int
        Totals over all files (see the invariant in the module notes).
    target_cells : int
        Non-blank cells of plan/target columns, counted apart from records.
    conflicts : int
        Records quarantined because another record with the same key won.
    files : list of dict
        One entry per raw file: ``file``, ``layout``, ``status`` (ok, failed, empty),
        ``provenance``, the counts above and ``message``.
    out_dir : pathlib.Path
        The folder written.
    paths : dict
        Output file name -> path.
    quarantine_reasons : dict
        Reason code -> number of quarantined records.
    layouts : dict
        Layout -> ``files`` (files with a sheet of that layout), ``records_read`` and
        ``records_clean``.
    """

    records_read: int
    records_clean: int
    records_quarantined: int
    records_no_data: int
    records_duplicate: int
    target_cells: int
    conflicts: int
    files: list[dict]
    out_dir: Path
    paths: dict[str, Path] = field(default_factory=dict)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    layouts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def failed(self) -> list[str]:
        """Files that could not be read (only with ``keep_going``)."""
        return [f["file"] for f in self.files if f["status"] == "failed"]

    def report(self) -> dict:
        """The content of ``clean_report.json``."""
        out: dict[str, Any] = {name: getattr(self, name) for name in REPORT_COUNTS}
        out["quarantine_reasons"] = dict(self.quarantine_reasons)
        out["layouts"] = dict(self.layouts)
        out["files"] = self.files
        return out


def check_invariant(counts: dict, where: str) -> None:
    """Raise AssertionError (a bug) when the outcomes do not add up to the records read."""
    parts = ("records_clean", "records_quarantined", "records_no_data", "records_duplicate")
    total = sum(counts[p] for p in parts)
    if counts["records_read"] != total:
        raise AssertionError(
            f"{where}: records_read {counts['records_read']} != clean + quarantined + no-data "
            f"+ duplicate {total}"
        )


def _counts(mask: np.ndarray, ledger: Ledger, target_cells: int) -> dict[str, int]:
    outcome = ledger.outcome
    return {
        "records_read": int(mask.sum()),
        "records_clean": int((mask & (outcome == CLEAN)).sum()),
        "records_quarantined": int((mask & (outcome == QUARANTINED)).sum()),
        "records_no_data": int((mask & (outcome == NO_DATA)).sum()),
        "records_duplicate": int((mask & (outcome == DUPLICATE)).sum()),
        "target_cells": target_cells,
        "conflicts": int((mask & (ledger.reason == REASONS.index("conflict"))).sum()),
    }


def file_entries(
    reads: list[FileRead],
    failures: list[dict],
    raw: pa.Table,
    ledger: Ledger,
    label_messages: dict[str, list[str]] | None = None,
) -> list[dict]:
    """One report entry per file read or failed, sorted by path, each checked; a file's
    ``message`` adds ``label_messages`` (labels of unknown indicators, with candidates)."""
    file_codes, files = codes_of(raw, "file") if raw.num_rows else (np.zeros(0, int), [])
    per_file = {name: i for i, name in enumerate(files)}
    entries = []
    for read in reads:
        code = per_file.get(read.file)
        mask = file_codes == code if code is not None else np.zeros(len(ledger.outcome), bool)
        counts = _counts(mask, ledger, read.target_cells)
        status = "empty" if counts["records_read"] == 0 else "ok"  # plan cells are no data
        entries.append(
            {
                "file": read.file,
                "layout": read.layout,
                "status": status,
                "provenance": read.provenance,
                **counts,
                "message": "; ".join(read.messages + (label_messages or {}).get(read.file, [])),
            }
        )
    for failure in failures:
        entries.append(
            {
                "file": failure["file"],
                "layout": "",
                "status": "failed",
                "provenance": "",
                **dict.fromkeys(REPORT_COUNTS, 0),
                "message": failure["message"],
            }
        )
    entries.sort(key=lambda e: e["file"])
    for entry in entries:
        check_invariant(entry, entry["file"])
    return entries


def build_result(
    reads: list[FileRead],
    failures: list[dict],
    raw: pa.Table,
    ledger: Ledger,
    out: Path,
    label_messages: dict[str, list[str]] | None = None,
) -> CleanResult:
    """The counts per file, per layout, per quarantine reason and in total."""
    entries = file_entries(reads, failures, raw, ledger, label_messages)
    return assemble(entries, layout_counts(raw, ledger), reason_counts(ledger), out)


def reason_counts(ledger: Ledger) -> np.ndarray:
    """Quarantined records per reason (indexed like :data:`REASONS`)."""
    reasons = ledger.reason[ledger.outcome == QUARANTINED]
    return np.bincount(reasons, minlength=len(REASONS)) if len(reasons) else np.zeros(len(REASONS))


def layout_counts(raw: pa.Table, ledger: Ledger) -> dict[str, dict[str, int]]:
    """Per layout: the records read and the records clean."""
    layouts: dict[str, dict[str, int]] = {}
    if raw.num_rows:
        codes, names = codes_of(raw, "layout")
        for i, name in enumerate(names):
            mask = codes == i
            layouts[name] = {
                "records_read": int(mask.sum()),
                "records_clean": int((mask & (ledger.outcome == CLEAN)).sum()),
            }
    return layouts


def assemble(
    entries: list[dict], layouts: dict[str, dict[str, int]], reasons: np.ndarray, out: Path
) -> CleanResult:
    """The result from the checked per-file ``entries``, the counts per layout and the
    quarantined records per reason."""
    totals = {name: sum(e[name] for e in entries) for name in REPORT_COUNTS}
    check_invariant(totals, "total")
    per_layout = {
        name: {"files": sum(name in e["layout"].split("+") for e in entries)} | counts
        for name, counts in sorted(layouts.items())
    }
    return CleanResult(
        **totals,
        layouts=per_layout,
        files=entries,
        out_dir=out,
        quarantine_reasons={code: int(reasons[i]) for i, code in enumerate(REASONS) if reasons[i]},
    )


def summary_lines(result: CleanResult) -> list[str]:
    """The lines ``cds clean`` prints."""
    status_counts = {s: sum(e["status"] == s for e in result.files) for s in ("ok", "empty")}
    layouts = ", ".join(
        f"{name} {c['files']} file(s), {c['records_read']:,} read, {c['records_clean']:,} clean"
        for name, c in result.layouts.items()
    )
    lines = [
        f"cleaned {len(result.files)} file(s): {status_counts['ok']} ok, "
        f"{status_counts['empty']} empty, {len(result.failed)} failed",
        f"  records read        {result.records_read:>10,}",
        f"  clean               {result.records_clean:>10,}",
        f"  quarantined         {result.records_quarantined:>10,}"
        + (f"  (conflicts {result.conflicts:,})" if result.conflicts else ""),
        f"  no data             {result.records_no_data:>10,}",
        f"  duplicates          {result.records_duplicate:>10,}",
        f"  target cells        {result.target_cells:>10,}  (plan/target columns, not data)",
        "  by layout: " + (layouts or "none"),
    ]
    if result.quarantine_reasons:
        lines.append(
            "  quarantine reasons: "
            + ", ".join(f"{k} {v:,}" for k, v in result.quarantine_reasons.items())
        )
    for name in result.failed:
        entry = next(e for e in result.files if e["file"] == name)
        lines.append(f"  FAILED {one_line(name)}: {one_line(entry['message'])}")
    lines.append(f"report: {result.paths['clean_report.json']}")
    lines.append(f"quarantine: {result.paths['quarantine.csv']}")
    return lines
