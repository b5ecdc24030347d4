"""The one way into the processed data: read the tables, and tell whether they are fresh.

Every reader (``cds.load_observations``, ``cds status``, the briefs) comes here. The data are
fresh when the record of inputs the clean wrote (``inputs.json``) matches the raw files, the
plan, the reference tables and the cleaning code as they are now, and the outputs are the
files the clean wrote. Only :func:`refresh` cleans; the readers and :func:`staleness` never do.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cdsanalysis.base import paths
from cdsanalysis.base.contracts import (
    OBSERVATION_COLUMNS,
    OBSERVATIONS_FILE,
    QUARANTINE_COLUMNS,
)
from cdsanalysis.clean import folder as output_folder
from cdsanalysis.clean.inputs import RECORD_FILE, describe_inputs, differences, file_sha

# How long a reader waits for a clean writing the same folder to finish.
_WAIT_SECONDS = 600.0


def processed_folder(processed_dir: str | Path | None) -> Path:
    """``processed_dir`` as a path; the project's ``data/processed`` for None."""
    return Path(processed_dir) if processed_dir is not None else paths.PROCESSED_DIR


def wait_for_writer(folder: Path, timeout: float = _WAIT_SECONDS) -> None:
    """Wait while a clean is writing ``folder`` (it holds the folder's lock), at most
    ``timeout`` seconds, so that a reader never reads a set half-written."""
    deadline = time.monotonic() + timeout
    while output_folder.writer_pid(folder) is not None and time.monotonic() < deadline:
        time.sleep(0.2)


def read_record(processed_dir: str | Path | None = None) -> dict | None:
    """The record of inputs of a processed folder; None when there is none or it is unreadable."""
    try:
        text = (processed_folder(processed_dir) / RECORD_FILE).read_text(encoding="utf-8")
        record = json.loads(text)
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _outputs_changed(folder: Path, record: dict) -> list[str]:
    """Outputs that are not the files the clean recorded (rewritten, deleted, half-written)."""
    changed = []
    for name, facts in sorted((record.get("outputs") or {}).items()):
        path = folder / name
        try:
            size = path.stat().st_size
        except OSError:
            changed.append(f"{name} is missing")
            continue
        if size != facts.get("bytes") or file_sha(path) != facts.get("sha256"):
            changed.append(f"{name} is not the file the clean wrote")
    return changed


def staleness(
    processed_dir: str | Path | None = None,
    raw_dir: str | Path | None = None,
    plan_path: str | Path | None = None,
) -> str:
    """Say why the processed data are stale, or return "" when they are fresh. Never cleans.

    Parameters
    ----------
    processed_dir : str or pathlib.Path, optional
        Default ``data/processed``.
    raw_dir, plan_path : str or pathlib.Path, optional
        The raw folder and plan to compare with; default those the record names.

    Returns
    -------
    str
        "" when fresh; else the reasons, e.g. "raw file published/a.csv deleted".
    """
    folder = processed_folder(processed_dir)
    if not (folder / OBSERVATIONS_FILE).exists():
        return f"{folder / OBSERVATIONS_FILE} does not exist yet"
    wait_for_writer(folder)
    record = read_record(folder)
    if record is None:
        return f"{folder} has no record of the inputs it was made from ({RECORD_FILE})"
    reasons = _outputs_changed(folder, record)
    raw = Path(raw_dir) if raw_dir is not None else Path(record.get("raw_dir") or paths.RAW_DIR)
    plan_file = (record.get("plan") or {}).get("path")
    plan = Path(plan_path) if plan_path is not None else Path(plan_file or paths.PLAN_FILE)
    reasons += differences(record, describe_inputs(raw, plan))
    if len(reasons) > 4:
        reasons = [*reasons[:4], f"and {len(reasons) - 4} more"]
    return "; ".join(reasons)


def refresh(
    processed_dir: str | Path | None = None,
    raw_dir: str | Path | None = None,
    *,
    say: Callable[[str], None],
    who: str = "cdsanalysis",
    plan_path: str | Path | None = None,
) -> str:
    """Clean ``raw_dir`` into ``processed_dir`` with a plan when the processed data are stale.

    Parameters
    ----------
    processed_dir, raw_dir : str or pathlib.Path, optional
        Default ``data/processed`` and ``data/raw``.
    say : callable
        Receives one line saying why the data are cleaned, and one with the counts.
    who : str
        The name the lines begin with.
    plan_path : str or pathlib.Path, optional
        The plan to clean with, default the project's own: data cleaned with another plan are
        stale.

    Returns
    -------
    str
        Why the data were cleaned; "" when they were fresh.
    """
    from cdsanalysis.base.plan import load_plan
    from cdsanalysis.clean.run import clean_raw

    folder = processed_folder(processed_dir)
    raw = Path(raw_dir) if raw_dir is not None else paths.RAW_DIR
    plan_file = Path(plan_path) if plan_path is not None else paths.PLAN_FILE
    why = staleness(folder, raw, plan_file)
    if why:
        say(f"{who}: cleaning the raw data first ({why})")
        result = clean_raw(raw, folder, plan=load_plan(plan_file))
        say(
            f"{who}: cleaned {len(result.files)} file(s): {result.records_clean:,} "
            f"observations, {result.records_quarantined:,} quarantined"
        )
    return why


def observation_filters(
    indicators: Iterable[str] | None = None, sectors: Iterable[str] | None = None
) -> list[tuple] | None:
    """The row filters of a read (pyarrow's form): only these indicator ids and sector ids
    ("" the province-wide rows); None for every row."""
    filters = [
        (column, "in", sorted(set(wanted)))
        for column, wanted in (("indicator_id", indicators), ("sector", sectors))
        if wanted is not None
    ]
    return filters or None


def load_observations_frame(
    processed_dir: str | Path | None = None,
    *,
    indicators: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
    **options,
) -> pd.DataFrame:
    """The observations as stored: the Parquet file (``options`` go to
    :func:`pandas.read_parquet`), or the CSV as text when there is no Parquet file.

    ``indicators`` and ``sectors`` keep only those indicator ids and sector ids ("" for the
    province-wide rows); from the Parquet file the filter is applied while it is read, so
    the other rows are never held.

    Raises
    ------
    FileNotFoundError
        When the folder holds neither (run ``cds clean`` first).
    """
    folder = processed_folder(processed_dir)
    wait_for_writer(folder)
    parquet, csv = folder / OBSERVATIONS_FILE, folder / "observations.csv"
    filters = observation_filters(indicators, sectors)
    if parquet.exists():
        return pd.read_parquet(parquet, filters=filters, **options)
    if csv.exists():
        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        for column, _, wanted in filters or []:
            frame = frame[frame[column].isin(wanted)].reset_index(drop=True)
        return frame
    raise FileNotFoundError(f"{parquet}: no processed observations; run `cds clean` first")


def latest_rows(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """The rows with the latest ``period_end`` of all the observations (one column is read
    to find it, then those rows only); empty when there are no observations."""
    folder = processed_folder(processed_dir)
    wait_for_writer(folder)
    parquet = folder / OBSERVATIONS_FILE
    if not parquet.exists():
        frame = load_observations_frame(folder)
        ends = pd.to_datetime(frame["period_end"], errors="coerce")
        return frame[ends == ends.max()].reset_index(drop=True)
    ends = pq.read_table(parquet, columns=["period_end"]).column("period_end")
    latest = pc.max(ends).as_py()
    if latest is None:
        return pd.read_parquet(parquet).head(0)
    return pd.read_parquet(parquet, filters=[("period_end", "==", latest)])


def _absent(value: object) -> bool:
    """None, pandas' NA or a float NaN (a text "nan" is text)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def read_observations(
    processed_dir: str | Path | None = None,
    *,
    indicators: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The observations with the contract's columns first, codes and text as ``str`` ("" for
    missing) and ``value`` as float; missing optional columns are added empty. ``indicators``
    and ``sectors`` as for :func:`load_observations_frame`."""
    frame = load_observations_frame(processed_dir, indicators=indicators, sectors=sectors)
    for column in OBSERVATION_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in OBSERVATION_COLUMNS:
        if column != "value":
            frame[column] = frame[column].map(lambda v: "" if _absent(v) else str(v))
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    return frame[OBSERVATION_COLUMNS + [c for c in frame.columns if c not in OBSERVATION_COLUMNS]]


def read_quarantine(processed_dir: str | Path | None = None) -> pd.DataFrame:
    """``quarantine.csv`` as text, every contract column present (empty when there is none)."""
    folder = processed_folder(processed_dir)
    wait_for_writer(folder)
    path = folder / "quarantine.csv"
    if not path.exists():
        return pd.DataFrame(columns=QUARANTINE_COLUMNS)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in QUARANTINE_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def read_clean_report(processed_dir: str | Path | None = None) -> dict:
    """``clean_report.json`` ({} when there is none or it cannot be read)."""
    folder = processed_folder(processed_dir)
    wait_for_writer(folder)
    try:
        return json.loads((folder / "clean_report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def identity(processed_dir: str | Path | None = None) -> list:
    """Identity of the processed files (name, inode, size, mtime): a rewrite changes it."""
    folder = processed_folder(processed_dir)
    signature = []
    for name in ("observations.parquet", "observations.csv", "quarantine.csv", "clean_report.json"):
        try:
            info = (folder / name).stat()
        except OSError:
            signature.append([name, None])
            continue
        signature.append([name, info.st_ino, info.st_size, info.st_mtime_ns])
    return [str(folder), signature]
