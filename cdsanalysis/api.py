"""The analyst's entry points: processed observations, one series, the assessment and the
yearly table, each checked for the analyst's mistakes (:class:`cdsanalysis.errors.CdsError`).

``cds.load_observations()`` cleans first when the processed data are missing or stale (a raw
file, the plan, a reference table or the cleaning code changed since the clean), and says so,
so that a notebook never shows stale numbers silently.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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


#: ``scope`` of a row that is not about one sector (its ``sector`` is empty in the files).
ALL_SECTORS = "all_sectors"
#: ``scope`` of a row about the sector its ``sector`` names.
ONE_SECTOR = "sector"


def as_plan(plan: Any) -> Any:
    """``plan`` as a Plan: the project's own for None, read from a file for a path, else
    ``plan`` itself."""
    from cdsanalysis.base.plan import load_plan

    return plan if plan is not None and not isinstance(plan, str | Path) else load_plan(plan)


def plan_file(plan: Any) -> Path | None:
    """The file of ``plan`` (a Plan or a path); None for the project's own (None)."""
    if plan is None:
        return None
    return Path(plan) if isinstance(plan, str | Path) else Path(plan.path)


def public_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The public form of a table: ``period_start``/``period_end`` as datetime64 and a
    ``scope`` column after ``sector`` (:data:`ALL_SECTORS` or :data:`ONE_SECTOR`)."""
    table = frame.copy()
    for column in ("period_start", "period_end"):
        if column in table.columns:
            table[column] = pd.to_datetime(table[column], errors="coerce")
    if "sector" in table.columns and "scope" not in table.columns:
        empty = table["sector"].isna() | (table["sector"].astype(str).str.strip() == "")
        scope = empty.map({True: ALL_SECTORS, False: ONE_SECTOR})
        table.insert(table.columns.get_loc("sector") + 1, "scope", scope.astype(str))
    return table


def load_observations(
    processed_dir: str | Path | None = None,
    *,
    raw_dir: str | Path | None = None,
    refresh: bool = True,
    plan: Any = None,
    indicators: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the processed observations, cleaning the raw files first when they are stale.

    Parameters
    ----------
    processed_dir : str or pathlib.Path, optional
        Folder holding ``observations.parquet``; default ``data/processed``. A folder named
        here must exist (it is never created: a typo is an error, not a new folder).
    raw_dir : str or pathlib.Path, optional
        Raw folder to clean from when the processed data are missing or stale; default
        ``data/raw``.
    refresh : bool, default True
        Clean first when the processed data are missing or stale: a raw file, the plan, a
        reference table or the cleaning code changed since the clean (a message says so).
        With False, never clean: read what is there, and warn when it is stale.
    plan : Plan or str or pathlib.Path, optional
        The plan to clean with (default the project's own); data cleaned with another plan
        are stale.
    indicators, sectors : iterable of str, optional
        Only these indicator ids, only these sector ids ("" for the province-wide rows); the
        filter is applied while the Parquet file is read, so other rows are never held.

    Returns
    -------
    pandas.DataFrame
        One row per observation, with the columns of ``docs/data-contracts.md``;
        ``period_start`` and ``period_end`` are datetime64, and ``scope`` tells a row about
        every sector (``"all_sectors"``, empty ``sector``) from one about a sector
        (``"sector"``).

    Raises
    ------
    CdsError
        When ``processed_dir`` does not exist.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> obs = cds.load_observations()                     # doctest: +SKIP
    >>> obs[obs["sector"] == "health"].groupby("indicator_id").size()  # doctest: +SKIP
    >>> obs.groupby(obs["period_end"].dt.year).size()     # doctest: +SKIP
    """
    from cdsanalysis.base import paths
    from cdsanalysis.base.contracts import OBSERVATIONS_FILE
    from cdsanalysis.clean import gateway
    from cdsanalysis.errors import CdsError

    if processed_dir is not None and not Path(processed_dir).is_dir():
        raise CdsError(
            f"thư mục dữ liệu đã xử lý {processed_dir} không tồn tại",
            f"the processed folder {processed_dir} does not exist",
        )
    plan_path = plan_file(plan)

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    if refresh:
        gateway.refresh(processed_dir, raw_dir, say=say, plan_path=plan_path)
    else:
        why = gateway.staleness(processed_dir, raw_dir, plan_path or paths.PLAN_FILE)
        if why and (gateway.processed_folder(processed_dir) / OBSERVATIONS_FILE).exists():
            say(f"cdsanalysis: the processed data are stale ({why}); not cleaning (refresh=False)")
    frame = gateway.load_observations_frame(processed_dir, indicators=indicators, sectors=sectors)
    return public_frame(frame)


def _sector_observations(sector: str, as_of: Any) -> pd.DataFrame:
    """The observations a sector's assessment reads: its rows and the province-wide ones,
    filtered in the read. For ``as_of="latest"`` the rows with the latest end of all the data
    are added, so that "latest" means what it means for the whole file (they belong to other
    sectors, which the sector's assessment leaves out)."""
    from cdsanalysis.clean import gateway

    frame = load_observations(sectors=[sector, ""])
    if as_of != "latest":
        return frame
    latest = public_frame(gateway.latest_rows())
    if latest.empty or (len(frame) and frame["period_end"].max() >= latest["period_end"].max()):
        return frame
    return pd.concat([frame, latest.head(1)], ignore_index=True)


def _area_rows(selected: pd.DataFrame, area: object, lang: str | None) -> pd.DataFrame:
    """The rows of the area ``area`` names (:func:`cdsanalysis.lookup.pick_area`)."""
    from cdsanalysis.lookup import pick_area

    found = pick_area(area, set(selected["geo_code"]), lang=lang)
    return selected[selected["geo_code"] == found.geo_code]


def series(
    target_id: str,
    sector: str | None = None,
    area: str | None = None,
    *,
    observations: pd.DataFrame | None = None,
    plan: Any = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """Return one target's series as a tidy frame, with the target beside each value.

    Parameters
    ----------
    target_id : str
        A catalogue id, e.g. ``"gov.dossiers_online"`` (see ``cds plan``).
    sector : str, optional
        A sector id; None keeps every sector's observations.
    area : str, optional
        A GSO code ("724") or an area name, with or without diacritics or type word ("TP. Dĩ
        An", "Di An"; a name shared by a city and its ward means the city: write "Phường Dĩ An"
        for the ward); None keeps every area.
    observations : pandas.DataFrame, optional
        Default: :func:`load_observations`.
    plan : Plan or str or pathlib.Path, optional
        Default: the project's catalogue.
    lang : {"vi", "en"}, optional
        Language of error messages; default both.

    Returns
    -------
    pandas.DataFrame
        Columns: indicator_id, sector, scope, geo_code, geo_name, geo_level, period,
        period_start, period_end (datetime64), period_kind, value, unit, provenance, source,
        target, comparison, deadline, sorted by area and period.

    Raises
    ------
    CdsError
        For an unknown target id, sector or area (an :class:`~cdsanalysis.errors.UnknownNameError`
        naming the most similar ones), or a name that fits several areas with data.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> cds.series("gov.dossiers_online", sector="health")   # doctest: +SKIP
    >>> cds.series("gov.dossiers_online", area="Di An")      # doctest: +SKIP
    """
    from cdsanalysis.lookup import check_sector, check_target

    catalogue = as_plan(plan)
    row = catalogue.target(check_target(catalogue, target_id, lang=lang))
    check_sector(catalogue, sector, lang=lang)
    frame = public_frame(load_observations() if observations is None else observations)
    selected = frame[frame["indicator_id"] == target_id]
    if sector is not None:
        selected = selected[selected["sector"] == sector]
    if area is not None:
        selected = _area_rows(selected, area, lang)
    columns = [
        "indicator_id", "sector", "scope", "geo_code", "geo_name", "geo_level", "period",
        "period_start", "period_end", "period_kind", "value", "unit", "provenance", "source",
    ]  # fmt: skip
    result = selected[columns].copy()
    result["target"] = row["target"]
    result["comparison"] = row["comparison"]
    result["deadline"] = row["deadline"]
    return result.sort_values(["geo_code", "period_end", "period_kind"]).reset_index(drop=True)


def assess(
    observations: pd.DataFrame | None = None,
    plan: Any = None,
    as_of: Any = "latest",
    *,
    sector: str | None = None,
    lang: str | None = None,
    build_date: Any = None,
) -> pd.DataFrame:
    """Assess every target series against the plan: one row per target × sector × area.

    Parameters
    ----------
    observations : pandas.DataFrame, optional
        Default: :func:`load_observations`.
    plan : Plan or str or pathlib.Path, optional
        Default: the project's catalogue.
    as_of : str, int or datetime.date, default "latest"
        ``"latest"`` (the latest period in the data), a period (``2024``, ``"2024"``,
        ``"2025-H1"``, ``"Quý IV/2024"``) or a date: observations ending after it are ignored.
    sector : str, optional
        Only the targets that list this sector, its series and the province-wide ones.
    lang : {"vi", "en"}, optional
        Language of error messages; default both.
    build_date : datetime.date, optional
        The day the review is made (default today): after the plan's deadline the table is the
        final review, with a verdict per series (``docs/method.md``, "The final review").

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`cdsanalysis.assessment.assess.assess`, described one by one in
        ``docs/assessment-columns.md``, with ``scope`` after ``sector``. For one value a year
        in long form, use :func:`yearly`.

    Raises
    ------
    CdsError
        For an unknown sector (with the most similar ids) or an ``as_of`` that is not a period.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> table = cds.assess(as_of=2024, sector="health")     # doctest: +SKIP
    >>> table[["target_id", "scope", "geo_name", "latest_value", "status"]]  # doctest: +SKIP
    """
    from cdsanalysis.assessment.assess import assess as assess_table
    from cdsanalysis.lookup import check_sector, period_text

    catalogue = as_plan(plan)
    check_sector(catalogue, sector, lang=lang)
    period = period_text(as_of, lang=lang)
    if observations is not None:
        frame = observations
    else:
        frame = load_observations() if sector is None else _sector_observations(sector, period)
    table = assess_table(frame, catalogue, period, sector=sector, build_date=build_date)
    return public_frame(table)


def yearly(
    observations: pd.DataFrame | None = None,
    plan: Any = None,
    as_of: Any = "latest",
    *,
    sector: str | None = None,
    lang: str | None = None,
) -> pd.DataFrame:
    """One row per target × sector × area × year: the value that stands for the year.

    The value that stands for a year follows ``docs/method.md`` ("One value a year"): a
    full-year value beats a part of the year; among full-year values official > preliminary >
    estimate; failing one, the latest part of the year stands for it (``partial_year``).

    Parameters
    ----------
    observations : pandas.DataFrame, optional
        Default: :func:`load_observations`.
    plan : Plan or str or pathlib.Path, optional
        Default: the project's catalogue.
    as_of : str, int or datetime.date, default "latest"
        As in :func:`assess`: observations ending after it are left out.
    sector : str, optional
        Only that sector's rows and the province-wide ones.
    lang : {"vi", "en"}, optional
        Language of error messages; default both.

    Returns
    -------
    pandas.DataFrame
        Columns target_id, sector, scope, geo_code, geo_level, geo_name, geo_vintage, year
        (int), value, period, period_start, period_end (datetime64), period_kind, provenance,
        source, grade, partial_year (bool), note; no list or object-valued columns. Context
        indicators (no target) are included.

    Raises
    ------
    CdsError
        For an unknown sector or an ``as_of`` that is not a period.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> table = cds.yearly(sector="health")                   # doctest: +SKIP
    >>> table.pivot_table(index="year", columns="sector", values="value")  # doctest: +SKIP
    """
    from cdsanalysis.lookup import check_sector, period_text

    catalogue = as_plan(plan)
    check_sector(catalogue, sector, lang=lang)
    period = period_text(as_of, lang=lang)
    from cdsanalysis.assessment.yearly import yearly as yearly_table

    if observations is not None:
        frame = observations
    else:
        frame = load_observations() if sector is None else _sector_observations(sector, period)
    return public_frame(yearly_table(frame, catalogue, period, sector=sector))


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
