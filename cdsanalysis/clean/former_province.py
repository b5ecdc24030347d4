"""The former province's value after 1/7/2025, computed from the new communes' counts.

From 1/7/2025 the territory of Bình Dương is 36 communes and wards of Hồ Chí Minh City
(vintage 2025-07-01). The plan's province targets still need the whole territory's value. A
rate is never averaged over units of different sizes: the territory's value is the sum of the
units' numerators over the sum of their denominators, and it is formed only when **all 36**
units report both counts for the indicator, sector, period and period kind. Otherwise no value
is formed and the clean report names the units whose counts are missing
(``clean_report.json``, key ``former_province``). A value an agency reports for the whole
territory (code 74, vintage 2025-07-01) stands: nothing is computed over it.

A computed value keeps code 74, vintage 2025-07-01 and the name
:data:`~cdsanalysis.base.geography.FORMER_PROVINCE_NAME`; its provenance is the weakest of its
inputs (synthetic if any input is), and its note says how it was computed.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cdsanalysis.base.geography import (
    FORMER_PROVINCE,
    VINTAGE_AFTER,
    load_areas,
    load_crosswalk,
)
from cdsanalysis.base.vocabulary import PROVENANCES

__all__ = [
    "REPORT_KEY",
    "candidate_frame",
    "computed_rows",
    "former_province_values",
    "new_units",
]

#: The key of ``clean_report.json`` that lists the values computed and those not formed.
REPORT_KEY = "former_province"
_GROUP = ["indicator_id", "sector", "period", "period_kind"]
_SORT = ["geo_vintage", "geo_code", "period_start", "period_end", "period", "period_kind"]


@lru_cache(maxsize=1)
def new_units() -> tuple[tuple[str, str], ...]:
    """The 36 communes and wards formed from the former province on 1/7/2025.

    Returns
    -------
    tuple of (str, str)
        (GSO code, name), sorted by code.
    """
    codes = set(load_crosswalk()["new_code"])
    areas = load_areas()
    after = areas[(areas["geo_vintage"] == VINTAGE_AFTER) & areas["geo_code"].isin(codes)]
    return tuple(sorted(zip(after["geo_code"], after["geo_name"], strict=True)))


def _note(units: int) -> str:
    return (
        f"computed by cds clean from the counts of all {units} communes and wards of the "
        "former province (vintage 2025-07-01): sum of numerators / sum of denominators × 100; "
        "rates are never averaged"
    )


def _weakest(provenances: pd.Series) -> str:
    """Synthetic if any input is, else published if any is, else official."""
    present = set(provenances)
    return next((p for p in reversed(PROVENANCES) if p in present), PROVENANCES[-1])


def candidate_frame(observations: pa.Table) -> pd.DataFrame:
    """The rows after 1/7/2025 (of the new units and the territory among them)."""
    after = pc.equal(observations.column("geo_vintage").cast(pa.string()), VINTAGE_AFTER)
    if not pc.any(after).as_py():
        return pd.DataFrame(columns=observations.column_names)
    frame = observations.filter(after).to_pandas()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    return frame


def former_province_values(observations: pa.Table) -> tuple[pa.Table, dict]:
    """Add the territory's values computed from the new units' counts.

    Parameters
    ----------
    observations : pyarrow.Table
        The clean observations in the contract's columns, sorted on their key.

    Returns
    -------
    observations : pyarrow.Table
        The same rows, plus one row per value computed, each in its place in the order.
    report : dict
        ``units`` (36), ``computed`` (indicator_id, sector, period, period_kind, value,
        numerator, denominator, provenance), ``not_formed`` (the same key,
        ``units_with_counts`` and ``missing_units``: "code name" of each unit without both
        counts) and ``reported`` (keys whose territory value an agency reported).
    """
    rows, report = computed_rows(candidate_frame(observations))
    return (_insert(observations, rows) if rows else observations), report


def computed_rows(frame: pd.DataFrame) -> tuple[list[dict], dict]:
    """The territory's rows computed from the candidate rows ``frame`` (as
    :func:`candidate_frame` gives them, in the order of the observations), and the report of
    :func:`former_province_values`."""
    units = dict(new_units())
    report: dict = {"units": len(units), "computed": [], "not_formed": [], "reported": []}
    rows: list[dict] = []
    if frame.empty:
        return rows, report
    commune = frame[frame["geo_code"].isin(units)]
    territory = frame[frame["geo_code"] == FORMER_PROVINCE.geo_code]
    reported = set(territory[_GROUP].itertuples(index=False, name=None))
    for key, group in commune.groupby(_GROUP, sort=True):
        entry = dict(zip(_GROUP, key, strict=True))
        counted = group[group["numerator"].notna() & (group["denominator"] > 0)]
        missing = sorted(set(units) - set(counted["geo_code"]))
        if key in reported:
            report["reported"].append(entry)
        elif missing or group["unit"].iloc[0] != "percent":
            report["not_formed"].append(
                entry
                | {
                    "units_with_counts": len(units) - len(missing),
                    "missing_units": [f"{code} {units[code]}" for code in missing],
                }
            )
        else:
            row = _computed_row(counted, len(units))
            rows.append(row)
            report["computed"].append(
                entry
                | {name: row[name] for name in ("value", "numerator", "denominator", "provenance")}
            )
    return rows, report


def _computed_row(group: pd.DataFrame, units: int) -> dict:
    """The territory's row from the rows of all new units for one key."""
    first = group.iloc[0]
    numerator = float(group["numerator"].sum())
    denominator = float(group["denominator"].sum())
    return {
        **{name: first[name] for name in _GROUP},
        "geo_code": FORMER_PROVINCE.geo_code,
        "geo_level": FORMER_PROVINCE.geo_level,
        "geo_name": FORMER_PROVINCE.geo_name,
        "geo_vintage": FORMER_PROVINCE.geo_vintage,
        "period_start": first["period_start"],
        "period_end": first["period_end"],
        "value": 100.0 * numerator / denominator,
        "unit": first["unit"],
        "provenance": _weakest(group["provenance"]),
        "source": "; ".join(sorted(set(group["source"]) - {""})),
        "source_file": "; ".join(sorted(set(group["source_file"]))),
        "source_ref": "",
        "note": _note(units),
        "numerator": numerator,
        "denominator": denominator,
    }


def _sort_key(row: dict) -> tuple:
    return tuple("" if row[c] is None or row[c] is pd.NaT else str(row[c]) for c in _SORT)


def _insert(observations: pa.Table, rows: list[dict]) -> pa.Table:
    """The observations with ``rows`` each placed in the block of its indicator and sector,
    in the order of the area (vintage, code) and the period, as the cleaner sorts them."""
    indicator = observations.column("indicator_id").cast(pa.string()).to_numpy(zero_copy_only=False)
    sector = observations.column("sector").cast(pa.string()).to_numpy(zero_copy_only=False)
    places = []
    for row in rows:
        block = np.flatnonzero((indicator == row["indicator_id"]) & (sector == row["sector"]))
        start = int(block[0])
        keys = [_sort_key(r) for r in observations.slice(start, len(block)).to_pylist()]
        places.append(start + bisect_right(keys, _sort_key(row)))
    order = np.argsort(places, kind="stable")
    parts, done = [], 0
    schema = pa.schema([f.with_type(_plain_type(f.type)) for f in observations.schema])
    plain = observations.cast(schema)
    for i in order:
        parts.append(plain.slice(done, places[i] - done))
        parts.append(pa.Table.from_pylist([rows[i]], schema=schema))
        done = places[i]
    parts.append(plain.slice(done))
    joined = pa.concat_tables(parts).combine_chunks()
    encoded = {
        name: pc.dictionary_encode(joined.column(name))
        if pa.types.is_dictionary(observations.schema.field(name).type)
        else joined.column(name)
        for name in observations.column_names
    }
    return pa.table({name: column.combine_chunks() for name, column in encoded.items()})


def _plain_type(kind: pa.DataType) -> pa.DataType:
    return pa.string() if pa.types.is_dictionary(kind) else kind
