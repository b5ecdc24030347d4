"""The processed data contracts: column names and order of the tables ``cds clean`` writes.

One definition, read by the cleaner that writes the tables and by the briefs that read them
(see ``docs/data-contracts.md``).
"""

from __future__ import annotations

import math
from typing import Any

OBSERVATION_COLUMNS = [
    "indicator_id",
    "sector",
    "geo_code",
    "geo_level",
    "geo_name",
    "geo_vintage",
    "period",
    "period_start",
    "period_end",
    "period_kind",
    "value",
    "unit",
    "provenance",
    "source",
    "source_file",
    "source_ref",
    "note",
]
QUARANTINE_COLUMNS = [
    "source_file",
    "source_ref",
    "indicator_raw",
    "area_raw",
    "period_raw",
    "value_raw",
    "reason_code",
    "reason",
]


def is_missing(value: Any) -> bool:
    """Return True for None and NaN (of any numeric type); False for any other value."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False
