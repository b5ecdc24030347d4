"""One value a year for every target series: the points a chart draws.

:func:`yearly` applies the rule of :func:`~cdsanalysis.assessment.records.yearly_values` (the
value that stands for a year) to every target × sector × area, context indicators included, and
keeps what a reader needs beside each point: its period, kind, provenance, source and grade.
Values after the plan's deadline are kept (they are shown, even if they do not count).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cdsanalysis.assessment.records import prepare_records, yearly_values
from cdsanalysis.assessment.review import as_of_date

YEARLY_COLUMNS = [
    "target_id",
    "sector",
    "geo_code",
    "geo_level",
    "geo_name",
    "geo_vintage",
    "year",
    "value",
    "period",
    "period_start",
    "period_end",
    "period_kind",
    "provenance",
    "source",
    "grade",
    "partial_year",
    "note",
]


def _series_key(record: dict) -> tuple:
    # As in assess: the province is one series across unit-list vintages.
    vintage = None if record["geo_level"] == "province" else record["geo_vintage"]
    return (record["sector"], record["geo_level"] or "", record["geo_code"] or "", vintage or "")


def yearly(
    observations: pd.DataFrame,
    plan: Any,
    as_of: Any = "latest",
    *,
    sector: str | None = None,
) -> pd.DataFrame:
    """The value that stands for each year of every series of the catalogue.

    Parameters
    ----------
    observations : pandas.DataFrame
        The processed observations.
    plan : Plan
        The catalogue (``.targets`` with ``id``, ``sectors``, ``kind``; ``.sectors``).
    as_of : str or datetime.date, default "latest"
        Observations ending after it are left out.
    sector : str, optional
        Only targets that list the sector (context indicators and targets without sectors too),
        and only its series and the province-wide ones.

    Returns
    -------
    pandas.DataFrame
        One row per target × sector × area × year, columns :data:`YEARLY_COLUMNS`: ``year``
        (int), ``period_start`` / ``period_end`` (datetime64), ``grade`` ("A", "B", "C" or "",
        from a published row's note), ``partial_year`` (True when a sub-annual value stands for
        its year). A grade C figure stands for a year only when the year has no other value.
        In catalogue order, then sector, level, area and year.

    Raises
    ------
    ValueError
        For an unknown sector or an unreadable ``as_of``.
    """
    sector_ids = list(plan.sectors["id"])
    if sector is not None and sector not in sector_ids:
        raise ValueError(f"unknown sector {sector!r}: choose one of {', '.join(sector_ids)}")
    records = prepare_records(observations)
    cut = as_of_date(as_of, max((r["_end"] for r in records), default=None))
    by_indicator: dict[str, list[dict]] = {}
    for record in records:
        if cut is not None and record["_end"] <= cut:
            by_indicator.setdefault(record["indicator_id"], []).append(record)
    rows = []
    for target in plan.targets.to_dict("records"):
        listed = list(target.get("sectors") or [])
        if sector is not None and listed and sector not in listed:
            continue
        wanted = {sector, ""} if sector is not None else None
        series: dict[tuple, list[dict]] = {}
        for record in by_indicator.get(target["id"], []):
            if wanted is None or record["sector"] in wanted:
                series.setdefault(_series_key(record), []).append(record)
        for key in sorted(series):
            rows += [_row(target["id"], record) for record in yearly_values(series[key])]
    frame = pd.DataFrame(rows, columns=YEARLY_COLUMNS)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame["partial_year"] = frame["partial_year"].astype(bool)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _row(target_id: str, record: dict) -> dict:
    return {
        "target_id": target_id,
        "sector": record["sector"],
        "geo_code": record["geo_code"],
        "geo_level": record["geo_level"],
        "geo_name": record["geo_name"],
        "geo_vintage": record["geo_vintage"],
        "year": record["_year"],
        "value": record["value"],
        "period": record["period"],
        "period_start": record["_start"],
        "period_end": record["_end"],
        "period_kind": record["period_kind"] or "",
        "provenance": record["provenance"] or "",
        "source": record["source"] or "",
        "grade": record["grade"],
        "partial_year": not record["_full"],
        "note": record["note"] or "",
    }
