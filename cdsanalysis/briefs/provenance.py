"""Where each value a brief shows comes from: chart points, grades and conflicting sources.

The points of a series are the rows of :func:`cdsanalysis.assessment.yearly.yearly` (the value
that stands for each year), plus every other real (official or published) reading of the series
that no year stands for, drawn as a lone mark: a published figure is never hidden. A published
row's note starts with its grade ("grade A" / "grade B" / "grade C"); a ``proxy:`` clause in the
note names what it measures when that differs from the target's own measure, and a line never
joins two measures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from cdsanalysis.briefs.charts.marks import mark_of
from cdsanalysis.briefs.frames import is_blank

SERIES_KEY = ["sector", "geo_code", "geo_vintage"]
REAL = ("official", "published")

_GRADE = re.compile(r"^\s*grade\s+([ABC])\b", re.IGNORECASE)
_PROXY = re.compile(r"\bproxy:\s*([^;]*)", re.IGNORECASE)
_CONFLICT = re.compile(r"conflicts with (\S+) in (.+?) (\S+) \((\w+)\), which wins")


def _text(value: Any) -> str:
    return "" if is_blank(value) else str(value)


def grade_of(note: Any) -> str:
    """The grade a published row's note starts with ("A", "B", "C"), else ""."""
    match = _GRADE.match(_text(note))
    return match.group(1).upper() if match else ""


def measure_of(note: Any) -> str:
    """What a value measures when its note names a proxy ("" for the target's own measure).

    Years and counts are blanked so that one proxy read in several years stays one measure.

    Examples
    --------
    >>> measure_of("grade B: row 4; proxy: rank of the DTI 2022 main index")
    'rank of the dti # main index'
    """
    match = _PROXY.search(_text(note))
    if not match:
        return ""
    return re.sub(r"\d[\d.,]*", "#", match.group(1)).strip().lower()


def series_rows(frame: pd.DataFrame, row: Mapping[str, Any], id_column: str) -> pd.DataFrame:
    """The rows of ``frame`` (yearly rows or observations) of one assessment row's series."""
    if frame is None or frame.empty:
        return frame
    # The indicator first (one vectorised comparison), then the series keys on those rows.
    part = frame[frame[id_column] == row.get("target_id")]
    # The province is one series across the unit lists (the former province keeps its code
    # with the 2025-07-01 vintage); areas are told apart by their vintage too.
    province = _text(row.get("geo_level")) == "province"
    mask = part["geo_level"].map(_text) == _text(row.get("geo_level"))
    for column in SERIES_KEY[:2] if province else SERIES_KEY:
        mask &= part[column].map(_text) == _text(row.get(column))
    return part[mask]


def series_points(
    row: Mapping[str, Any] | None,
    yearly_rows: pd.DataFrame | None,
    observations: pd.DataFrame,
) -> list[dict]:
    """The chart points of one assessment row: its yearly values and its other real readings.

    Parameters
    ----------
    row : mapping or None
        An assessment row (``target_id``, ``sector``, ``geo_code``, ``geo_vintage``, ``as_of``).
    yearly_rows : pandas.DataFrame or None
        :func:`cdsanalysis.assessment.yearly.yearly` (any rows; those of the series are taken).
    observations : pandas.DataFrame
        The processed observations.

    Returns
    -------
    list of dict
        ``year``, ``value``, ``period``, ``period_end``, ``provenance``, ``period_kind``,
        ``mark``, ``grade``, ``source``, ``measure``, ``chosen``; by year. Empty when the row
        has no yearly rows.
    """
    if row is None or yearly_rows is None or yearly_rows.empty:
        return []
    chosen = series_rows(yearly_rows, row, "target_id")
    points = [_point(r, chosen=True) for r in chosen.to_dict("records")]
    if not points:
        return []
    as_of = _text(row.get("as_of"))[:10] or "9999"
    taken = {(p["period"], p["value"]) for p in points}
    observed = series_rows(observations, row, "indicator_id")
    for record in observed.to_dict("records"):
        if record.get("provenance") not in REAL:
            continue
        if _text(record.get("period_end"))[:10] > as_of:
            continue
        if (_text(record.get("period")), float(record["value"])) in taken:
            continue
        record["year"] = int(_text(record.get("period_start"))[:4])
        points.append(_point(record, chosen=False))
    return sorted(points, key=lambda p: (p["year"], not p["chosen"], p["period"]))


def _point(record: Mapping[str, Any], *, chosen: bool) -> dict:
    note = _text(record.get("note"))
    grade = _text(record.get("grade")) or grade_of(note)
    return {
        "year": int(record["year"]),
        "value": float(record["value"]),
        "period": _text(record.get("period")),
        "period_end": _text(record.get("period_end"))[:10],
        "provenance": _text(record.get("provenance")),
        "period_kind": _text(record.get("period_kind")),
        "mark": mark_of(record.get("provenance"), record.get("period_kind")),
        "grade": grade,
        "source": _text(record.get("source")),
        "source_file": _text(record.get("source_file")),
        "source_ref": _text(record.get("source_ref")),
        "measure": measure_of(note),
        "chosen": chosen,
    }


def headline_point(points: list[dict]) -> dict | None:
    """The latest point that may be a headline number: chosen for its year, not grade C."""
    usable = [p for p in points if p["chosen"] and p["grade"] != "C"]
    return usable[-1] if usable else None


def conflicts(quarantine: pd.DataFrame) -> dict[tuple[str, str], list[dict]]:
    """Quarantined conflicts by the kept value's (source_file, source_ref).

    The cleaner keeps one value per key and quarantines the other with reason code
    ``conflict`` and a reason naming the winner ("conflicts with 84.05 in <file> <ref>
    (published), which wins ...").
    """
    out: dict[tuple[str, str], list[dict]] = {}
    if quarantine is None or quarantine.empty or "reason_code" not in quarantine.columns:
        return out
    for record in quarantine[quarantine["reason_code"] == "conflict"].to_dict("records"):
        match = _CONFLICT.search(_text(record.get("reason")))
        if match:
            out.setdefault((match.group(2), match.group(3)), []).append(record)
    return out


def count_values(shown: pd.DataFrame) -> dict[str, int]:
    """How many values a brief shows, by provenance: synthetic, and real (official, published)."""
    if shown is None or shown.empty:
        return {"synthetic": 0, "real": 0}
    provenance = shown["provenance"].map(_text)
    synthetic = int((provenance == "synthetic").sum())
    return {"synthetic": synthetic, "real": int(provenance.isin(REAL).sum())}
