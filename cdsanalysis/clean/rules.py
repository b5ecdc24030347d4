"""Validation rules on parsed values: the stated unit, the fraction-percent rule and the ranges
each unit allows.

Growth rates in percent must lie in [-100, 1000]: a fall of more than all of it is impossible
and a rise of more than ten times in one period is a typing error far more often than a fact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cdsanalysis.base.units import normalise_unit
from cdsanalysis.base.values import percent_column_fraction_rule as fraction_rule
from cdsanalysis.clean.arrays import codes_of, factorize
from cdsanalysis.clean.match import UNIT_CODES
from cdsanalysis.clean.values import Values

#: Bounds of a growth rate in percent (a fall of all of it, a rise of ten times).
GROWTH_RANGE = (-100.0, 1000.0)
# A stated unit that may stand for the catalogue's (an index written as a ratio, or back).
_INTERCHANGEABLE = {("index", "ratio"), ("ratio", "index")}


def unit_mismatches(
    raw: pa.Table, unit_code: np.ndarray
) -> tuple[np.ndarray, tuple[np.ndarray, list[str]]] | None:
    """Records whose file states a unit contradicting the catalogue's: the mask and the texts
    (per-record codes into them); None when there is none."""
    ucodes, uniques = codes_of(raw, "unit_raw")
    stated = [normalise_unit(u) or "" for u in uniques]
    key = ucodes * len(UNIT_CODES) + unit_code
    distinct, _, inverse = factorize(key, first=False)
    d_bad = np.zeros(len(distinct), dtype=bool)
    d_text = []
    for j, k in enumerate(distinct):
        said, unit = stated[k // len(UNIT_CODES)], UNIT_CODES[k % len(UNIT_CODES)]
        d_text.append("")
        if said and unit and said != unit and (unit, said) not in _INTERCHANGEABLE:
            d_bad[j] = True
            d_text[j] = (
                f"the file states the unit '{uniques[k // len(UNIT_CODES)].strip()}' ({said}), "
                f"but the indicator is measured in {unit}"
            )
    return (d_bad[inverse], (inverse, d_text)) if d_bad.any() else None


def apply_fractions(
    values: Values, live: np.ndarray, unit_code: np.ndarray, sheet_group: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """A percent indicator written only as values in [0, 1] in a sheet is read ×100.

    ``sheet_group`` numbers each record's (file, sheet, indicator); ``values.value`` is changed
    in place. Returns the per-record note codes and their texts.
    """
    rows = np.flatnonzero(live & (unit_code == UNIT_CODES.index("percent")))
    note = np.zeros(len(live), dtype=np.int64)
    texts = [""]
    if not len(rows):
        return note, texts
    group, value = sheet_group[rows], values.value[rows]
    size = int(group.max()) + 1
    low, high = np.full(size, np.inf), np.full(size, -np.inf)
    np.minimum.at(low, group, value)
    np.maximum.at(high, group, value)
    shown = np.bincount(group, weights=values.percent_shown[rows], minlength=size)
    held = np.bincount(group, minlength=size) > 0  # group numbers are sparse
    # only a sheet whose values all lie in [0, 1] needs the rule's closer look
    for g in np.flatnonzero(held & (low >= 0) & (high <= 1) & (shown == 0)):
        sel = rows[group == g]
        frame = pd.DataFrame(
            {
                "value": values.value[sel],
                "status": "ok",
                "unit_detected": np.where(values.percent_shown[sel], "percent", ""),
            }
        )
        factor, why = fraction_rule(frame)
        if factor != 1.0:
            values.value[sel] = np.round(values.value[sel] * factor, 10)
        if why:
            if why not in texts:
                texts.append(why)
            note[sel] = texts.index(why)
    return note, texts


def _per_target(targets: pd.DataFrame, column: str, target: np.ndarray) -> np.ndarray:
    values = [np.nan if v is None or pd.isna(v) else float(v) for v in targets[column]]
    return np.array(values + [np.nan])[target]


def _percent_checks(v, limit, growth, pct) -> list[tuple[np.ndarray, object]]:
    upper = np.where(np.isfinite(limit) & (limit > 100), limit, 100.0)
    low, high = GROWTH_RANGE
    b_level = pct & ~growth & ((v < 0) | (v > upper))
    b_fall = pct & growth & (v < low)
    b_rise = pct & growth & (v > high)
    return [
        (
            b_level,
            [
                f"{x:.15g} is outside 0–{u:.15g} for a percent"
                for x, u in zip(v[b_level], upper[b_level], strict=True)
            ],
        ),
        (b_fall, [f"{x:.15g} is below {low:.15g} for a growth rate" for x in v[b_fall]]),
        (b_rise, [f"{x:.15g} is above {high:.15g} for a growth rate" for x in v[b_rise]]),
    ]


def out_of_range(
    values: Values, live: np.ndarray, unit_code: np.ndarray, target: np.ndarray, targets
) -> tuple[np.ndarray, np.ndarray]:
    """Records outside what their unit allows: the mask and the reason per record.

    Percent 0-100 (or up to the indicator's ``limit``), growth rates in :data:`GROWTH_RANGE`,
    rank 1..N, count >= 0, yes/no 0 or 1, and always a finite number.
    """
    limit, cat_rank = _per_target(targets, "limit", target), _per_target(targets, "rank_of", target)
    growth = np.array([k == "growth" for k in targets["kind"]] + [False])[target]
    v, unit = values.value, unit_code
    why = np.full(len(v), "", dtype=object)
    bad = np.zeros(len(v), dtype=bool)
    with np.errstate(invalid="ignore"):
        checks = _percent_checks(v, limit, growth, live & (unit == UNIT_CODES.index("percent")))
        of = np.where(np.isfinite(values.rank_of), values.rank_of, cat_rank)
        b = live & (unit == UNIT_CODES.index("rank"))
        b &= (v < 1) | (np.isfinite(of) & (v > of)) | (v != np.floor(v))
        checks.append(
            (
                b,
                [
                    f"{x:.15g} is not a rank in 1..{o:.15g}"
                    if np.isfinite(o)
                    else f"{x:.15g} is not a rank"
                    for x, o in zip(v[b], of[b], strict=True)
                ],
            )
        )
        b = live & (unit == UNIT_CODES.index("count")) & (v < 0)
        checks.append((b, [f"{x:.15g} is negative for a count" for x in v[b]]))
        b = live & (unit == UNIT_CODES.index("yes_no")) & ~np.isin(v, (0.0, 1.0))
        checks.append((b, [f"{x:.15g} is not yes (1) or no (0)" for x in v[b]]))
        checks.append((live & ~np.isfinite(v), "the value is not a finite number"))
    for mask, texts in checks:
        why[mask] = texts
        bad |= mask
    # the reading of an ambiguous number explains a value out of range ("1,234" as 1234)
    noted = bad & (values.note > 0)
    why[noted] = [
        f"{w} ({values.notes[c]})" for w, c in zip(why[noted], values.note[noted], strict=True)
    ]
    return bad, why
