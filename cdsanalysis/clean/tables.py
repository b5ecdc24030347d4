"""The two processed tables built from resolved records: observations and quarantine.

Text columns are dictionary arrays built from their distinct values (a million rows hold a few
thousand distinct strings); the columns come in the order of the contract.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cdsanalysis.base.contracts import OBSERVATION_COLUMNS, QUARANTINE_COLUMNS
from cdsanalysis.base.values import parse_value
from cdsanalysis.clean.arrays import (
    codes_of,
    compact,
    dictionary,
    factorize,
    flat,
    plain,
    rank_of,
    text_array,
)
from cdsanalysis.clean.resolve import CLEAN, QUARANTINED, REASONS, Resolved


def _compose_notes(r: Resolved, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Join raw notes, parser notes, area notes and rule notes; each distinct mix once."""
    raw_codes, raw_notes = codes_of(r.raw, "note")
    # one code per distinct text, so that the mixes below stay few
    area_code, area_texts = pd.factorize(pd.Series(r.areas.notes + [""], dtype=object))
    sources = [
        (raw_codes[rows], [n.strip() for n in raw_notes]),
        (area_code[r.areas.key[rows]], [str(t) for t in area_texts]),
        (r.values.note[rows], r.values.notes),
    ] + [(codes[rows], texts) for codes, texts in r.values.extra_notes]
    if not len(rows):
        return np.zeros(0, dtype=np.int64), []
    key = np.zeros(len(rows), dtype=np.int64)
    for codes, texts in sources:
        key = key * (len(texts) + 1) + np.where(codes < 0, len(texts), codes)
    _, first, inverse = factorize(key)
    out = []
    for i in first:
        pieces = []
        for codes, texts in sources:
            c = codes[i]
            piece = texts[c] if 0 <= c < len(texts) else ""
            if piece and piece not in pieces:
                pieces.append(piece)
        out.append("; ".join(pieces))
    return inverse.astype(np.int64), out


def _counts(r: Resolved, name: str, rows: np.ndarray) -> pa.Array:
    """The numerator or denominator of each row: a number >= 0, else empty (null)."""
    codes, texts = codes_of(r.raw, name)
    numbers = np.full(len(texts) + 1, np.nan)
    for i, text in enumerate(texts):
        parsed = parse_value(text, unit="count")
        if parsed.status == "ok" and parsed.value >= 0:
            numbers[i] = parsed.value
    picked = numbers[codes[rows]] if len(rows) else np.zeros(0)
    return pa.array(picked, pa.float64(), mask=np.isnan(picked))


def _observation_order(r: Resolved, rows: np.ndarray) -> np.ndarray:
    """Order of the clean records: indicator, sector, area (vintage, code), period."""
    p = r.periods
    starts = [str(d or "") for d in p.start]
    ends = [str(d or "") for d in p.end]
    geo_rank = rank_of([(m.geo_vintage, m.geo_code) for m in r.areas.found] or [("", "")])
    period_rank = rank_of(list(zip(starts, ends, p.label, p.kind, strict=True)))
    target, sector = r.indicator.target[rows], r.sector.code[rows]
    area, period = r.areas.index[rows], p.code[rows]
    key = rank_of(list(r.targets["id"]))[target] if len(rows) else target
    for part, size in (
        (sector, len(r.sector.names)),
        (geo_rank[area] if len(rows) else area, len(geo_rank)),
        (period_rank[period] if len(rows) else period, len(period_rank)),
    ):
        key = key * (size + 1) + part
    return np.argsort(key, kind="stable")  # one record per key once conflicts are settled


def observations_table(r: Resolved, with_rows: bool = False) -> pa.Table:
    """The clean records, sorted on their key, in the contract's columns (and, with
    ``with_rows``, the position of each row's record in ``r.raw``)."""
    rows = np.flatnonzero(r.ledger.outcome == CLEAN)
    note_codes, note_texts = _compose_notes(r, rows)
    order = _observation_order(r, rows)
    rows, note_codes = rows[order], note_codes[order]
    target, sector = r.indicator.target[rows], r.sector.code[rows]
    area, period = r.areas.index[rows], r.periods.code[rows]
    found, p = r.areas.found, r.periods
    starts = [d if d else None for d in p.start]
    ends = [d if d else None for d in p.end]
    take = pa.array(rows, pa.int64())
    source = flat(r.raw.column("source")).take(take)
    table = {
        "indicator_id": dictionary(list(r.targets["id"]), target),
        "sector": dictionary(r.sector.names, sector),
        "geo_code": dictionary([m.geo_code for m in found], area),
        "geo_level": dictionary([m.geo_level for m in found], area),
        "geo_name": dictionary([m.geo_name for m in found], area),
        "geo_vintage": dictionary([m.geo_vintage for m in found], area),
        "period": dictionary(p.label.tolist(), period),
        "period_start": pa.array(starts, pa.date32()).take(pa.array(period)),
        "period_end": pa.array(ends, pa.date32()).take(pa.array(period)),
        "period_kind": dictionary(p.kind.tolist(), period),
        "value": pa.array(r.values.value[rows] + 0.0, pa.float64()),
        "unit": dictionary(list(r.targets["unit"]), target),
        "provenance": compact(flat(r.raw.column("provenance")).take(take)),
        "source": dictionary(
            [t.strip() for t in source.dictionary.to_pylist()],
            source.indices.to_numpy(zero_copy_only=False),
        ),
        "source_file": compact(flat(r.raw.column("file")).take(take)),
        "source_ref": flat(r.raw.column("ref")).take(take),
        "note": dictionary(note_texts, note_codes),
        "numerator": _counts(r, "numerator_raw", rows),
        "denominator": _counts(r, "denominator_raw", rows),
    }
    out = pa.table({name: flat(table[name]) for name in OBSERVATION_COLUMNS})
    return (out, rows) if with_rows else out


def _candidates(r: Resolved, rows: np.ndarray, reason_codes: np.ndarray) -> pa.Array:
    """The closest catalogue entries of a record quarantined as an unknown indicator."""
    codes, texts = r.indicator.candidates
    picked = np.where(reason_codes == "unknown_indicator", codes[rows], -1)
    return plain(dictionary(texts, picked))


def quarantine_table(r: Resolved, with_rows: bool = False) -> pa.Table:
    """The quarantined records, sorted by file, sheet, row, column and reason (and, with
    ``with_rows``, the position of each row's record in ``r.raw``)."""
    ledger, origin = r.ledger, r.origin
    rows = np.flatnonzero(ledger.outcome == QUARANTINED)
    order = np.lexsort((ledger.reason[rows], origin.col[rows], origin.row[rows]))
    order = order[np.argsort(origin.file_sheet_rank()[rows][order], kind="stable")]
    take = pa.array(rows[order], pa.int64())
    codes = np.array(REASONS, dtype=object)[ledger.reason[rows][order]]
    table = {
        "source_file": flat(r.raw.column("file")).take(take),
        "source_ref": flat(r.raw.column("ref")).take(take),
        "indicator_raw": flat(r.raw.column("indicator_raw")).take(take),
        "area_raw": flat(r.raw.column("area_raw")).take(take),
        "period_raw": flat(r.raw.column("period_raw")).take(take),
        "value_raw": flat(r.raw.column("value_raw")).take(take),
        "reason_code": text_array(codes),
        "reason": text_array(ledger.text[rows][order]),
        "candidates": _candidates(r, rows[order], codes),
    }
    out = pa.table({name: plain(table[name]) for name in QUARANTINE_COLUMNS})
    return (out, rows[order]) if with_rows else out
