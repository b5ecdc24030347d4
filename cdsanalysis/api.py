"""The analyst's entry points: processed observations and one series at a time.

``cds.load_observations()`` cleans first when the processed data are missing or stale (a raw
file, the plan, a reference table or the cleaning code changed since the clean), and says so,
so that a notebook never shows stale numbers silently.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def processed_is_stale(raw_dir: str | Path | None = None, out_dir: str | Path | None = None) -> str:
    """Say why the processed data must be rebuilt, or return "" when they are fresh.

    Fresh means made from the raw files, plan, reference tables and cleaning code as they are
    now (compared by content with the record the clean wrote, ``inputs.json``).

    Parameters
    ----------
    raw_dir, out_dir : str or pathlib.Path, optional
        Default: the raw folder the record names (``data/raw``), and ``data/processed``.
    """
    from cdsanalysis.clean import gateway

    return gateway.staleness(out_dir, raw_dir)


def load_observations(
    processed_dir: str | Path | None = None,
    *,
    raw_dir: str | Path | None = None,
    refresh: bool = True,
) -> pd.DataFrame:
    """Return the processed observations, cleaning the raw files first when they are stale.

    Parameters
    ----------
    processed_dir : str or pathlib.Path, optional
        Folder holding ``observations.parquet``; default ``data/processed``.
    raw_dir : str or pathlib.Path, optional
        Raw folder to clean from when the processed data are missing or stale; default
        ``data/raw``.
    refresh : bool, default True
        Clean first when the processed data are missing or stale: a raw file, the plan, a
        reference table or the cleaning code changed since the clean (a message says so).
        With False, never clean: read what is there, and warn when it is stale.

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
    from cdsanalysis.clean import gateway

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    if refresh:
        gateway.refresh(processed_dir, raw_dir, say=say)
    else:
        why = gateway.staleness(processed_dir, raw_dir)
        if why and (gateway.processed_folder(processed_dir) / gateway.OBSERVATIONS_FILE).exists():
            say(f"cdsanalysis: the processed data are stale ({why}); not cleaning (refresh=False)")
    return gateway.load_observations_frame(processed_dir)


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
