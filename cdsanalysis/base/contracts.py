"""The processed data contract: the tables ``cds clean`` writes, defined once.

Every column of ``observations`` and ``quarantine`` is a :class:`Field` here: its name, its
type (as the Frictionless Table Schema names it), its description and the values it may take
(from :mod:`cdsanalysis.base.vocabulary`). The column constants, ``datapackage.json`` and the
tables of ``docs/data-contracts.md`` all come from these definitions (a test checks the
document against them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from cdsanalysis.base.vocabulary import LEVELS, PERIOD_KINDS, PROVENANCES, UNITS

#: Why a record is quarantined, one line each (the ``reason`` column says it for the record).
#: A record gets the first reason that applies, in this order.
REASON_CODES = {
    "unknown_indicator": "the indicator is not in the plan catalogue (id, Vietnamese name, alias)",
    "unknown_sector": "the sector is not one of the plan's sectors",
    "bad_period": "the period cannot be read (see the period grammar in docs/data-contracts.md)",
    "unknown_area": "the area is empty or not an area of the province (GSO code or name)",
    "ambiguous_area": "the area name fits several areas; the file must write its type or code",
    "bad_value": "the cell is not a readable number (or a formula never calculated, or a date)",
    "unit_mismatch": "the unit the file states contradicts the indicator's catalogue unit",
    "out_of_range": "outside what the unit allows: percent 0-100, rank 1..N, count >= 0, yes/no",
    "conflict": "same indicator, sector, area, period and kind with a different value: lost",
}


@dataclass(frozen=True)
class Field:
    """One column of a processed table.

    Attributes
    ----------
    name : str
    type : str
        Frictionless Table Schema type: ``string``, ``number`` or ``date``.
    description : str
    enum : tuple of str
        The values the column may take; empty when any text is allowed.
    optional : bool
        The cell may be empty (written as ""), which the schema declares as missing.
    """

    name: str
    type: str
    description: str
    enum: tuple[str, ...] = ()
    optional: bool = False


OBSERVATION_FIELDS = (
    Field("indicator_id", "string", "catalogue id of the target series (data/reference/plan.yaml)"),
    Field("sector", "string", "sector id, or empty for the province-wide series"),
    Field("geo_code", "string", "GSO code as text: province 2 digits, district 3, commune 5"),
    Field("geo_level", "string", "province, district or commune", LEVELS),
    Field("geo_name", "string", "area name as GSO writes it"),
    Field("geo_vintage", "string", "the unit list the code refers to (2025-01-04 or 2025-07-01)"),
    Field(
        "period",
        "string",
        "canonical period label (2024, 2024-Q4, 2025-H1, 2024-M12, 2025-YTD9, a date)",
    ),
    Field("period_start", "date", "first day of the period"),
    Field("period_end", "date", "last day of the period"),
    Field("period_kind", "string", "official, preliminary or estimate", PERIOD_KINDS),
    Field("value", "number", "the value; percent on 0-100, yes/no as 1/0"),
    Field("unit", "string", "catalogue unit", UNITS),
    Field("provenance", "string", "official, published or synthetic", PROVENANCES),
    Field("source", "string", "source named by the file"),
    Field("source_file", "string", "raw file, relative to the raw folder"),
    Field("source_ref", "string", "cell: Sheet!B12 (XLSX) or B12 (CSV)"),
    Field("note", "string", "rules applied and notes from the file"),
    Field(
        "numerator",
        "number",
        "optional: the count over which a rate is computed (empty when not reported)",
        optional=True,
    ),
    Field(
        "denominator",
        "number",
        "optional: the count the rate is computed on (empty when not reported)",
        optional=True,
    ),
)
QUARANTINE_FIELDS = (
    Field("source_file", "string", "raw file, relative to the raw folder"),
    Field("source_ref", "string", "cell: Sheet!B12 (XLSX) or B12 (CSV)"),
    Field("indicator_raw", "string", "indicator as written"),
    Field("area_raw", "string", "area as written"),
    Field("period_raw", "string", "period as written"),
    Field("value_raw", "string", "value as written"),
    Field(
        "reason_code",
        "string",
        "why the record is quarantined (see docs/data-contracts.md)",
        tuple(REASON_CODES),
    ),
    Field("reason", "string", "the reason in plain words"),
    Field(
        "candidates",
        "string",
        "unknown_indicator only: the closest catalogue entries with their similarity score, "
        "best first (gov.satisfaction (88); gov.cashless_admin (71)); empty otherwise",
    ),
)

OBSERVATION_COLUMNS = [f.name for f in OBSERVATION_FIELDS]
QUARANTINE_COLUMNS = [f.name for f in QUARANTINE_FIELDS]
#: One observation per key: the cleaner settles duplicates and conflicts on it.
OBSERVATION_KEY = ["indicator_id", "sector", "geo_code", "geo_vintage", "period", "period_kind"]


def table_schema(fields: tuple[Field, ...], primary_key: list[str] | None = None) -> dict:
    """The Frictionless Table Schema of a processed table.

    Parameters
    ----------
    fields : tuple of Field
        :data:`OBSERVATION_FIELDS` or :data:`QUARANTINE_FIELDS`.
    primary_key : list of str, optional
        Columns that identify a row; they are marked required.

    Returns
    -------
    dict
        ``fields`` (name, type, description, constraints), ``missingValues`` and
        ``primaryKey`` when given.
    """
    specs = []
    for field in fields:
        spec: dict[str, Any] = {
            "name": field.name,
            "type": field.type,
            "description": field.description,
        }
        constraints: dict[str, Any] = {}
        if field.enum:
            constraints["enum"] = list(field.enum)
        if primary_key and field.name in primary_key:
            constraints["required"] = True
        if constraints:
            spec["constraints"] = constraints
        if field.optional:
            spec["missingValues"] = [""]
        specs.append(spec)
    schema: dict[str, Any] = {"fields": specs, "missingValues": []}
    if primary_key:
        schema["primaryKey"] = primary_key
    return schema


def markdown_table(fields: tuple[Field, ...]) -> str:
    """The table of ``fields`` as ``docs/data-contracts.md`` shows it (column, type, values,
    description), one line per column."""
    lines = ["| column | type | allowed values | description |", "|---|---|---|---|"]
    for field in fields:
        values = ", ".join(field.enum)
        lines.append(f"| {field.name} | {field.type} | {values} | {field.description} |")
    return "\n".join(lines)


def is_missing(value: Any) -> bool:
    """Return True for None and NaN (of any numeric type); False for any other value."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


#: The processed observations as the readers load them.
OBSERVATIONS_FILE = "observations.parquet"

#: The outputs a clean writes, the record of inputs apart (it is written last).
OUTPUT_FILES = [
    "observations.parquet",
    "observations.csv",
    "quarantine.csv",
    "clean_report.json",
    "datapackage.json",
]
