"""Observations as plain records, and the value that stands for each year.

What :func:`~cdsanalysis.assessment.assess.assess` and :func:`~cdsanalysis.assessment.yearly.yearly`
share: the observations read once into records (dates parsed, precedence ranks and the grade of a
published figure attached), and the one rule that picks the value standing for a year.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from cdsanalysis.base.contracts import is_missing

# Which value stands for a year, first wins (see yearly_values).
KIND_RANK = {"official": 0, "preliminary": 1, "estimate": 2}
PROVENANCE_RANK = {"official": 0, "published": 1, "synthetic": 2}

# A published row's note starts "grade A", "grade B" or "grade C" (its reliability).
_GRADE = re.compile(r"^\s*grade\s+([ABC])\b", re.IGNORECASE)

TEXT_FIELDS = (
    "indicator_id",
    "geo_code",
    "geo_level",
    "geo_name",
    "geo_vintage",
    "period",
    "period_kind",
    "provenance",
)
# Read when present: the processed contract has them, small test frames may not.
_OPTIONAL_TEXT = ("source", "note")


def grade_of(note: Any) -> str:
    """The grade a note starts with ("grade B: ..." -> "B"), else ""."""
    if is_missing(note):
        return ""
    match = _GRADE.match(str(note))
    return match.group(1).upper() if match else ""


def dates(column: pd.Series) -> list[dt.date | None]:
    """A column of dates (or date strings) as ``datetime.date``, None where unreadable."""
    parsed = pd.to_datetime(column, errors="coerce")
    return [None if pd.isna(t) else t.date() for t in parsed]


def is_full_year(start: dt.date, end: dt.date) -> bool:
    """A whole calendar year, or a value at 31 December (a year-end stock stands for its year)."""
    if start.year != end.year or (end.month, end.day) != (12, 31):
        return False
    return (start.month, start.day) == (1, 1) or start == end


def prepare_records(observations: pd.DataFrame) -> list[dict]:
    """Observations as plain records with their dates read and their precedence ranks.

    Records rather than frames: a plan has hundreds of small series, and plain Python is faster
    than pandas on many tiny groups. Rows whose value or period cannot be read are left out (they
    cannot stand for a year). Private keys (``_start``, ``_end``, ``_year``, ``_full``, ``_kind``,
    ``_prov``) carry what the choice of a yearly value needs; ``grade`` is "A", "B", "C" or "".
    """
    starts = dates(observations["period_start"])
    ends = dates(observations["period_end"])
    values = pd.to_numeric(observations["value"], errors="coerce").tolist()
    text = {name: observations[name].tolist() for name in TEXT_FIELDS}
    for name in _OPTIONAL_TEXT:
        text[name] = observations[name].tolist() if name in observations else [None] * len(values)
    sectors = observations["sector"].tolist()
    records = []
    for i, (start, end, value) in enumerate(zip(starts, ends, values, strict=True)):
        if start is None or end is None or is_missing(value):
            continue
        record = {name: None if is_missing(text[name][i]) else str(text[name][i]) for name in text}
        kind, provenance = record["period_kind"], record["provenance"]
        record.update(
            sector="" if is_missing(sectors[i]) else str(sectors[i]).strip(),
            value=float(value),
            grade=grade_of(record["note"]) if provenance != "synthetic" else "",
            _start=start,
            _end=end,
            _year=start.year,
            _full=is_full_year(start, end),
            _kind=KIND_RANK.get(kind, len(KIND_RANK)),
            _prov=PROVENANCE_RANK.get(provenance, len(PROVENANCE_RANK)),
        )
        records.append(record)
    return records


def _year_key(record: dict) -> tuple:
    # Year, then a grade C value last, full year first, later end first, official first, then
    # tie-breakers.
    return (
        record["_year"],
        record["grade"] == "C",
        not record["_full"],
        -record["_end"].toordinal(),
        record["_kind"],
        record["_prov"],
        record["period"] or "",
        record["value"],
    )


def yearly_values(records: list[dict]) -> list[dict]:
    """Choose the record that stands for each year, in year order.

    A full-year value beats a sub-annual one; among full-year values official > preliminary >
    estimate; failing a full-year value, the latest sub-annual value by ``period_end`` (then by
    kind) stands for the year, flagged ``partial_year``. A grade C figure stands for its year only
    when the year has no other value. Provenance (official > published > synthetic), the label
    and the value break remaining ties, so the choice is deterministic.
    """
    chosen: dict[int, dict] = {}
    for record in sorted(records, key=_year_key):
        chosen.setdefault(record["_year"], record)
    return [chosen[year] for year in sorted(chosen)]
