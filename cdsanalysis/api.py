"""The analyst's entry points: processed observations and one series at a time.

``cds.load_observations()`` cleans first when the processed data are missing or older than the
raw files, and says so, so that a notebook never shows stale numbers silently.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from cdsanalysis.base import paths

OBSERVATIONS_FILE = "observations.parquet"
_RAW_SUFFIXES = {".csv", ".xlsx", ".yaml", ".yml"}


def _newest_raw_mtime(raw_dir: Path) -> float:
    times = [
        p.stat().st_mtime
        for p in raw_dir.rglob("*")
        if p.is_file() and p.suffix.lower() in _RAW_SUFFIXES
    ]
    return max(times, default=0.0)


def processed_is_stale(raw_dir: str | Path | None = None, out_dir: str | Path | None = None) -> str:
    """Say why the processed data must be rebuilt, or return "" when they are up to date.

    Parameters
    ----------
    raw_dir, out_dir : str or pathlib.Path, optional
        Default ``data/raw`` and ``data/processed``.
    """
    raw = Path(raw_dir) if raw_dir else paths.RAW_DIR
    out = Path(out_dir) if out_dir else paths.PROCESSED_DIR
    target = out / OBSERVATIONS_FILE
    if not target.exists():
        return f"{target} does not exist yet"
    if _newest_raw_mtime(raw) > target.stat().st_mtime:
        return f"files in {raw} are newer than {target}"
    return ""


def load_observations(
    processed_dir: str | Path | None = None,
    *,
    raw_dir: str | Path | None = None,
    refresh: bool = True,
) -> pd.DataFrame:
    """Return the processed observations, cleaning the raw files first when needed.

    Parameters
    ----------
    processed_dir : str or pathlib.Path, optional
        Folder holding ``observations.parquet``; default ``data/processed``.
    raw_dir : str or pathlib.Path, optional
        Raw folder to clean from when the processed data are missing or stale; default
        ``data/raw``.
    refresh : bool, default True
        Clean first when the processed data are missing or older than the raw files (a message
        says so). With False, read what is there.

    Returns
    -------
    pandas.DataFrame
        One row per observation, with the columns of ``docs/data-contracts.md``.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> obs = cds.load_observations()                     # doctest: +SKIP
    >>> obs[obs["sector"] == "health"].groupby("indicator_id").size()  # doctest: +SKIP
    """
    out = Path(processed_dir) if processed_dir else paths.PROCESSED_DIR
    if refresh:
        why = processed_is_stale(raw_dir, out)
        if why:
            from cdsanalysis.clean.run import clean_raw

            print(f"cdsanalysis: cleaning the raw data first ({why})", file=sys.stderr)
            clean_raw(raw_dir, out)
    return pd.read_parquet(out / OBSERVATIONS_FILE)


def series(
    target_id: str,
    sector: str | None = None,
    area: str | None = None,
    *,
    observations: pd.DataFrame | None = None,
    plan=None,
) -> pd.DataFrame:
    """Return one target's series as a tidy frame, with the target beside each value.

    Parameters
    ----------
    target_id : str
        A catalogue id, e.g. ``"gov.dossiers_online"`` (see ``cds plan``).
    sector : str, optional
        A sector id; None keeps every sector's observations.
    area : str, optional
        A GSO code ("724") or an area name ("TP. Dĩ An"); None keeps every area.
    observations : pandas.DataFrame, optional
        Default: :func:`load_observations`.
    plan : Plan, optional
        Default: the project's catalogue.

    Returns
    -------
    pandas.DataFrame
        Columns: indicator_id, sector, geo_code, geo_name, geo_level, period, period_end,
        period_kind, value, unit, provenance, source, target, comparison, deadline, sorted by
        area and period.

    Raises
    ------
    KeyError
        When ``target_id`` is not in the catalogue.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> cds.series("gov.dossiers_online", sector="health")   # doctest: +SKIP
    """
    from cdsanalysis.base.geography import area_index
    from cdsanalysis.base.plan import load_plan

    catalogue = plan if plan is not None else load_plan()
    row = catalogue.target(target_id)
    frame = load_observations() if observations is None else observations
    selected = frame[frame["indicator_id"] == target_id]
    if sector is not None:
        if sector not in catalogue.sector_ids:
            raise KeyError(f"unknown sector {sector!r}; one of {', '.join(catalogue.sector_ids)}")
        selected = selected[selected["sector"] == sector]
    if area is not None:
        code = area_index().match(area).geo_code
        selected = selected[selected["geo_code"] == code]
    columns = [
        "indicator_id", "sector", "geo_code", "geo_name", "geo_level", "period", "period_end",
        "period_kind", "value", "unit", "provenance", "source",
    ]  # fmt: skip
    result = selected[columns].copy()
    result["target"] = row["target"]
    result["comparison"] = row["comparison"]
    result["deadline"] = row["deadline"]
    return result.sort_values(["geo_code", "period_end", "period_kind"]).reset_index(drop=True)


def export_excel(frame: pd.DataFrame, path: str | Path, *, sheet_name: str = "data") -> Path:
    """Write a table to an Excel file that is safe to open and share.

    Text cells beginning with ``=``, ``+``, ``-`` or ``@`` are neutralised against formula
    injection; numeric columns are written as numbers, untouched. Columns holding lists or
    objects (such as the ``views`` of :func:`cdsanalysis.assess`) are written as text.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table, e.g. a slice of ``cds.assess(...)``.
    path : str or pathlib.Path
        The ``.xlsx`` file to write (written to a temporary file, then renamed).
    sheet_name : str, default "data"

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> cds.export_excel(table, "dossiers-by-district.xlsx")   # doctest: +SKIP
    """
    import io

    from cdsanalysis.base.safe_io import atomic_write_bytes, neutralise_frame

    out_path = Path(path)
    if out_path.suffix.lower() != ".xlsx":
        raise ValueError(f"{out_path}: name the Excel file *.xlsx")
    table = frame.copy()
    for name in table.columns:
        column = table[name]
        if column.dtype == object and not column.map(_is_scalar).all():
            table[name] = column.map(lambda v: "" if v is None else str(v))
    text_columns = [
        c
        for c in table.columns
        if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])
    ]
    table = neutralise_frame(table, text_columns)
    buffer = io.BytesIO()
    table.to_excel(buffer, sheet_name=sheet_name, index=False)
    return atomic_write_bytes(out_path, buffer.getvalue())


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)
