"""``cds clean``: raw agency files -> clean observations, quarantine, report, data package.

Load inputs / Process data / Save outputs:

1. every file below the raw folder is read by :mod:`cdsanalysis.ingest` into raw records;
2. the records are matched (:mod:`~cdsanalysis.clean.match`: indicator, sector, area), read
   (:mod:`~cdsanalysis.clean.values`) and validated (:mod:`~cdsanalysis.clean.rules`), each
   *distinct* raw string once, so a million-row file costs a few thousand lookups;
3. exact duplicates are counted once and conflicts resolved (:mod:`~cdsanalysis.clean.resolve`:
   official > published > synthetic, then the later file/row); the loser is quarantined naming
   the winner; the former province's values after 1/7/2025 are computed from the new
   communes' counts (:mod:`~cdsanalysis.clean.former_province`);
4. five files are written as one set (:mod:`~cdsanalysis.clean.write`), byte-identical for
   unchanged inputs: ``observations.parquet``, ``observations.csv``, ``quarantine.csv``,
   ``clean_report.json``, ``datapackage.json``; then the record of inputs ``inputs.json``
   (:mod:`~cdsanalysis.clean.inputs`), which tells readers whether the set is fresh.

Every record read ends in exactly one of observations, quarantine, no-data, duplicates (see
:mod:`~cdsanalysis.clean.report`).

Inputs of more than twice :data:`BATCH_RECORDS` records are cleaned out of core
(:mod:`~cdsanalysis.clean.spilled`): the same steps a batch of files at a time, settled while
sorted runs on disk (in the system's temporary folder, ``TMPDIR``) are merged; the outputs
are the same bytes, and memory no longer grows with the records.
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyarrow as pa

from cdsanalysis import ingest
from cdsanalysis.base import paths
from cdsanalysis.base.geography import area_index
from cdsanalysis.base.plan import Plan, load_plan
from cdsanalysis.clean import folder as output_folder
from cdsanalysis.clean.folder import CleanError
from cdsanalysis.clean.former_province import REPORT_KEY as MERGER_KEY
from cdsanalysis.clean.former_province import former_province_values
from cdsanalysis.clean.inputs import describe_inputs
from cdsanalysis.clean.match import IndicatorIndex, unmatched_label_messages
from cdsanalysis.clean.report import CleanResult, build_result, summary_lines
from cdsanalysis.clean.resolve import REASONS, resolve
from cdsanalysis.clean.spilled import SpilledClean
from cdsanalysis.clean.tables import observations_table, quarantine_table
from cdsanalysis.clean.write import write_set

__all__ = ["CleanError", "CleanResult", "clean_raw", "run_clean"]


#: Records of a batch of the out-of-core cleaner (:mod:`~cdsanalysis.clean.spilled`); inputs
#: of up to twice as many are cleaned in memory (about 0.8 GB at a million records).
BATCH_RECORDS = 500_000


def _reads(
    files: list[Path], raw_dir: Path, keep_going: bool, indicators: IndicatorIndex, failures: list
) -> Iterator[ingest.FileRead]:
    """Read each file in turn; a file that cannot be read stops the run, or with
    ``keep_going`` is recorded in ``failures``."""
    for path in files:
        try:
            yield ingest.read_file(path, raw_dir, indicator_lookup=indicators.find_in_text)
        except ingest.IngestError as exc:
            if not keep_going:
                raise CleanError(str(exc)) from None
            rel = path.relative_to(raw_dir).as_posix()
            failures.append({"file": rel, "message": str(exc).removeprefix(f"{rel}: ")})


def _drain(items: list) -> Iterator:
    """The items of ``items``, each let go of as it is given."""
    items.reverse()
    while items:
        yield items.pop()


def _batches(reads: Iterator[ingest.FileRead], size: int) -> Iterator[list[ingest.FileRead]]:
    """Consecutive files holding more than ``size`` records together (the last maybe fewer)."""
    batch, count = [], 0
    for read in reads:
        batch.append(read)
        count += read.records.num_rows
        if count > size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def clean_raw(
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    keep_going: bool = False,
    plan: Plan | None = None,
    batch_records: int = BATCH_RECORDS,
) -> CleanResult:
    """Clean every raw file into observations, quarantine, a report and a data package.

    Parameters
    ----------
    raw_dir : str or pathlib.Path, optional
        Folder of raw files (CSV, XLSX, any depth); default ``data/raw``.
    out_dir : str or pathlib.Path, optional
        Folder for the outputs; default ``data/processed``. Written as one set: a run that
        fails leaves the previous outputs as they were. It may not be, hold or lie inside
        ``raw_dir``; one clean at a time writes it (a lock file inside it).
    keep_going : bool
        Record a file that cannot be read as ``failed`` and go on, instead of stopping.
    plan : Plan, optional
        The target catalogue; default the project's own plan.
    batch_records : int
        Above twice this many records the files are cleaned out of core, in batches of about
        this many records (the same outputs, byte for byte, in bounded memory).

    Returns
    -------
    CleanResult
        The counts of ``clean_report.json``, the per-file entries and the paths written.

    Raises
    ------
    CleanError
        When the raw folder is missing or holds no table file, (without ``keep_going``) when a
        file cannot be read, or when ``out_dir`` cannot be used; nothing in ``out_dir`` changes.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> result = cds.clean_raw()  # doctest: +SKIP
    >>> result.records_read == (result.records_clean + result.records_quarantined
    ...     + result.records_no_data + result.records_duplicate)  # doctest: +SKIP
    True
    """
    # Load inputs
    raw_path = Path(raw_dir) if raw_dir is not None else paths.RAW_DIR
    out_path = Path(out_dir) if out_dir is not None else paths.PROCESSED_DIR
    if not raw_path.is_dir():
        raise CleanError(f"{raw_path}: the raw folder does not exist")
    output_folder.check_folders(raw_path, out_path)
    plan = plan if plan is not None else load_plan()
    # the inputs are described before they are read: a file changed during the run makes
    # the record differ from the files, so the next reader cleans again
    inputs = describe_inputs(raw_path, Path(plan.path))
    indicators = IndicatorIndex(plan)
    files = ingest.find_raw_files(raw_path)
    if not files:
        raise CleanError(f"{raw_path}: no raw files (CSV, XLSX) to clean")
    failures: list[dict] = []
    reads = _reads(files, raw_path, keep_going, indicators, failures)
    first = next(_batches(reads, 2 * batch_records), [])
    if sum(read.records.num_rows for read in first) <= 2 * batch_records:  # all files read
        observations, quarantine, result, merger = _in_memory(
            first, failures, plan, indicators, out_path
        )
        with output_folder.locked(out_path):
            result.paths = write_set(
                out_path, observations, quarantine, result.report() | {MERGER_KEY: merger}, inputs
            )
        return result
    with tempfile.TemporaryDirectory(prefix="cds-clean-") as work:
        spilled = SpilledClean(
            Path(work), files, raw_path, plan, indicators, area_index(), batch_records
        )
        for batch in _batches(itertools.chain(_drain(first), reads), batch_records):
            spilled.add_batch(batch)
            del batch  # a batch at a time in memory, not two while the next is read
        result, merger, observations, quarantine = spilled.finish(failures, out_path)
        report = result.report() | {MERGER_KEY: merger}
        with output_folder.locked(out_path):
            result.paths = write_set(out_path, observations, quarantine, report, inputs)
    return result


def _in_memory(reads, failures, plan, indicators, out_path):
    """Clean the records of ``reads`` all at once: observations, quarantine, result and the
    former province's report."""
    tables = [r.records for r in reads if r.records.num_rows]
    raw = pa.concat_tables(tables) if tables else ingest.RAW_SCHEMA.empty_table()
    raw = raw.unify_dictionaries().combine_chunks()

    # Process data
    resolved = resolve(raw, plan, indicators, area_index())
    unknown = resolved.ledger.reason == REASONS.index("unknown_indicator")
    messages = unmatched_label_messages(
        resolved.origin.file_code, resolved.origin.files, unknown, resolved.indicator
    )
    result = build_result(reads, failures, raw, resolved.ledger, out_path, messages)
    observations, merger = former_province_values(observations_table(resolved))
    return observations, quarantine_table(resolved), result, merger


def run_clean(
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    keep_going: bool = False,
    stream: IO[str] | None = None,
    plan_path: str | Path | None = None,
) -> int:
    """Run :func:`clean_raw` with the plan file ``plan_path`` (default the project's own) and
    print a short summary; return the exit status.

    Returns
    -------
    int
        0 when every file was read; 1 when ``keep_going`` recorded a failed file.

    Raises
    ------
    CleanError
        Unusable input or output folder (the CLI maps it to exit status 2).
    """
    out = stream if stream is not None else sys.stdout
    plan = load_plan(plan_path) if plan_path is not None else None
    result = clean_raw(raw_dir, out_dir, keep_going=keep_going, plan=plan)
    print("\n".join(summary_lines(result)), file=out)
    return 1 if result.failed else 0
