"""Resolving raw records: the outcome of each record, duplicates and conflicts.

Every record ends in exactly one outcome: clean, quarantined (with the first reason that
applies, in the order of :data:`cdsanalysis.base.contracts.REASON_CODES`), no data, or a
duplicate. Records of one key (indicator, sector, area, period and kind) with the same value
are duplicates; with different values the winner is chosen by provenance (official >
published > synthetic), then by the later revision, and the losers are quarantined naming it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from cdsanalysis.base.contracts import REASON_CODES
from cdsanalysis.base.geography import AreaIndex
from cdsanalysis.base.plan import Plan
from cdsanalysis.base.vocabulary import PROVENANCES
from cdsanalysis.clean import match, rules, values
from cdsanalysis.clean.arrays import codes_of, flat, rank_of, sort_rank
from cdsanalysis.clean.match import AreaMatches, IndicatorIndex, Periods, SectorMatch

#: Outcomes of a record.
CLEAN, QUARANTINED, NO_DATA, DUPLICATE = 0, 1, 2, 3
#: Reason codes by number (a record's ``reason`` is an index into this list, -1 for none).
REASONS = list(REASON_CODES)
#: Rank of a provenance when two records disagree: higher wins.
PRECEDENCE = {name: len(PROVENANCES) - 1 - i for i, name in enumerate(PROVENANCES)}


class Ledger:
    """The outcome of every record, and for a quarantined one its reason code and text."""

    def __init__(self, n: int):
        self.outcome = np.full(n, CLEAN, dtype=np.int8)
        self.reason = np.full(n, -1, dtype=np.int64)
        self.text = np.full(n, "", dtype=object)

    @property
    def live(self) -> np.ndarray:
        """Records with no outcome other than clean yet."""
        return self.outcome == CLEAN

    def quarantine(self, mask: np.ndarray, code: str, texts) -> None:
        """Quarantine the records of ``mask`` that are still clean.

        ``texts`` is one text, a per-record object array, or (per-record codes, texts).
        """
        mask = mask & self.live
        if not mask.any():
            return
        self.outcome[mask] = QUARANTINED
        self.reason[mask] = REASONS.index(code)
        if isinstance(texts, tuple):
            codes, words = texts
            self.text[mask] = np.array(list(words) + [""], dtype=object)[codes[mask]]
        elif isinstance(texts, np.ndarray):
            self.text[mask] = texts[mask]
        else:
            self.text[mask] = texts


@dataclass
class Origin:
    """Where each record comes from: codes of its ``file``, ``sheet`` and ``layout`` into the
    distinct names, and its ``row`` and ``col``."""

    file_code: np.ndarray
    files: list[str]
    sheet_code: np.ndarray
    sheets: list[str]
    layout_code: np.ndarray
    layouts: list[str]
    row: np.ndarray
    col: np.ndarray

    @classmethod
    def of(cls, raw: pa.Table) -> Origin:
        """The origin columns of the raw table."""
        return cls(
            *codes_of(raw, "file"),
            *codes_of(raw, "sheet"),
            *codes_of(raw, "layout"),
            raw.column("row").to_numpy(),
            raw.column("col").to_numpy(),
        )

    def file_sheet_rank(self) -> np.ndarray:
        """Per record: the sort rank of its file, then its sheet."""
        return (
            sort_rank(np.array(self.files, dtype=object))[self.file_code] * (len(self.sheets) + 1)
            + self.sheet_code
        )


@dataclass
class Resolved:
    """Everything the tables and the report need: the raw table, the ledger and the facts
    matched and read per record."""

    raw: pa.Table
    ledger: Ledger
    origin: Origin
    targets: pd.DataFrame
    indicator: match.IndicatorMatch
    values: values.Values
    sector: SectorMatch
    periods: Periods
    areas: AreaMatches


def resolve(
    raw: pa.Table, plan: Plan, indicators: IndicatorIndex, areas: AreaIndex, settle: bool = True
) -> Resolved:
    """Match, read, validate and settle every record of ``raw``.

    Parameters
    ----------
    raw : pyarrow.Table
        The raw records (:data:`cdsanalysis.ingest.RAW_SCHEMA`), dictionaries unified.
    plan : Plan
    indicators : IndicatorIndex
    areas : AreaIndex
    settle : bool
        Settle duplicates and conflicts; without it, records that would be settled against
        records of other files stay clean (the out-of-core cleaner settles them later).

    Returns
    -------
    Resolved
    """
    ledger = Ledger(raw.num_rows)
    origin = Origin.of(raw)
    targets = plan.targets.reset_index(drop=True)
    sector = match.match_sectors(raw, plan)  # the file's sector settles a shared wording
    indicator = match.match_indicators(raw, targets, indicators, sector)
    read = values.read_values(raw, origin.file_code, len(origin.files), indicator.unit_code)
    read.extra_notes.append(indicator.notes)  # how a label was read, when not by name
    ledger.outcome[(read.status == values.NO_DATA_MARK) | (read.status == values.BLANK)] = NO_DATA
    periods = match.read_periods(raw)
    report = origin.layouts.index("report") if "report" in origin.layouts else -1
    is_report = (origin.layout_code == report).astype(np.int64)
    found = match.match_areas(raw, areas, periods, is_report, ledger.live)
    resolved = Resolved(raw, ledger, origin, targets, indicator, read, sector, periods, found)
    _identify(resolved)
    _validate(resolved)
    if settle:
        _settle_duplicates(resolved)
    return resolved


def _identify(r: Resolved) -> None:
    """Quarantine records whose indicator, sector, period, area or value is not known."""
    ledger = r.ledger
    ledger.quarantine(r.indicator.target < 0, "unknown_indicator", r.indicator.texts)
    ledger.quarantine(r.sector.code < 0, "unknown_sector", r.sector.texts)
    ledger.quarantine(~r.periods.ok, "bad_period", r.periods.texts)
    for code in ("unknown_area", "ambiguous_area"):
        hit = np.array([x == code for x in r.areas.reasons] + [False], dtype=bool)[r.areas.key]
        ledger.quarantine(hit, code, (r.areas.key, r.areas.texts))
    bad = r.values.status == values.BAD
    ledger.quarantine(bad, "bad_value", (r.values.note, r.values.notes))


def _validate(r: Resolved) -> None:
    """Units, the fraction-percent rule and ranges by unit."""
    unit_code, target = r.indicator.unit_code, r.indicator.target
    mismatched = rules.unit_mismatches(r.raw, unit_code)
    if mismatched is not None:
        mask, texts = mismatched
        r.ledger.quarantine(mask, "unit_mismatch", texts)
    o = r.origin
    sheet_group = (o.file_code * (len(o.sheets) + 1) + o.sheet_code) * (len(r.targets) + 1) + target
    r.values.extra_notes.append(
        rules.apply_fractions(r.values, r.ledger.live, unit_code, sheet_group)
    )
    bad, why = rules.out_of_range(r.values, r.ledger.live, unit_code, target, r.targets)
    r.ledger.quarantine(bad, "out_of_range", why)


def _revision(origin: Origin, end_ord: np.ndarray) -> np.ndarray:
    """Revision order of records: a file reporting later periods was written later (a
    year-end report with "Ước 2024" precedes the report that runs to 2025); equal files go
    by path; within a file, a later row revises an earlier one."""
    n = len(origin.file_code)
    latest = np.zeros(len(origin.files), dtype=np.int64)
    np.maximum.at(latest, origin.file_code, end_ord)
    file_rank = rank_of([(int(latest[f]), name) for f, name in enumerate(origin.files)])
    return file_rank[origin.file_code] * (n + 1) + np.arange(n, dtype=np.int64)


def _observation_keys(r: Resolved, live: np.ndarray) -> np.ndarray:
    """One integer per live record: its indicator, sector, area and period (label and kind)."""
    p = r.periods
    # raw spellings of one period ("Năm 2024", "2024") share a label and kind
    labels = [f"{lab}|{k}" for lab, k in zip(p.label, p.kind, strict=True)]
    period_id = np.array(rank_of(labels).tolist() + [-1], dtype=np.int64)[p.code]
    # several spellings ("TP. Dĩ An", "Dĩ An") reach one area: key on (code, vintage)
    places = [(m.geo_code, m.geo_vintage) for m in r.areas.found]
    place_id = np.array(rank_of(places).tolist() + [-1], dtype=np.int64)[r.areas.index]
    key = np.zeros(len(live), dtype=np.int64)
    for part in (r.indicator.target, np.maximum(r.sector.code, 0), place_id, period_id):
        part = part[live]
        key = key * (int(part.max()) + 2) + (part + 1)
    return key


def _settle_duplicates(r: Resolved) -> None:
    """Exact duplicates counted once; conflicts resolved by precedence, then revision."""
    live = np.flatnonzero(r.ledger.live)
    if not len(live):
        return
    key = _observation_keys(r, live)
    # only keys seen more than once need a closer look
    repeated = pd.Series(key).duplicated(keep=False).to_numpy()  # hashing, no sort
    live, key = live[repeated], key[repeated]
    if not len(live):
        return
    prov_codes, provs = codes_of(r.raw, "provenance")
    precedence = np.array([PRECEDENCE.get(p, 0) for p in provs], dtype=np.int64)
    revision = _revision(r.origin, r.periods.end_ord)[live]
    # best first within a key and value: higher precedence, then the later record
    best = precedence[prov_codes[live]] * (int(revision.max()) + 1) + revision
    duplicate, losers, winners = settle_groups(key, r.values.value[live], best)
    r.ledger.outcome[live[duplicate]] = DUPLICATE
    if len(losers):
        _quarantine_losers(r, live[losers], live[winners], prov_codes, provs)


def settle_groups(
    key: np.ndarray, value: np.ndarray, best: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Settle the records of each key: the best record wins; a record equal in value to the
    winner or to a better record of its value is a duplicate; the others are conflicts.

    Parameters
    ----------
    key, value, best : numpy.ndarray
        Per record: its observation key, its value and its rank (higher wins; all distinct).

    Returns
    -------
    duplicate : numpy.ndarray
        Positions of the duplicates.
    losers, winners : numpy.ndarray
        Positions of the records in conflict and, for each, of the record that won.
    """
    empty = np.zeros(0, dtype=np.int64)
    if not len(key):
        return empty, empty, empty
    order = np.lexsort((-best, value, key))
    k, v, b = key[order], value[order], best[order]
    starts = np.r_[True, k[1:] != k[:-1]]
    group = np.cumsum(starts) - 1
    top = np.maximum.reduceat(b, np.flatnonzero(starts))
    is_winner = b == top[group]
    winner = np.zeros(int(group[-1]) + 1, dtype=np.int64)
    winner[group[is_winner]] = order[is_winner]
    first_of_value = np.r_[True, (k[1:] != k[:-1]) | (v[1:] != v[:-1])]
    same_value_as_winner = v == value[winner[group]]
    # a loser equal to the winner or to a better record of its value is a duplicate
    duplicate = ~is_winner & (same_value_as_winner | ~first_of_value)
    conflict = ~is_winner & ~duplicate
    return order[duplicate], order[conflict], winner[group[conflict]]


def _quarantine_losers(
    r: Resolved, losers: np.ndarray, winners: np.ndarray, prov_codes: np.ndarray, provs: list
) -> None:
    """Quarantine each loser of a conflict, naming the value, file and cell that won."""
    refs = flat(r.raw.column("ref")).take(pa.array(winners)).to_pylist()
    files, file_code, value = r.origin.files, r.origin.file_code, r.values.value
    texts = np.full(r.raw.num_rows, "", dtype=object)
    texts[losers] = [
        conflict_text(value[w], files[file_code[w]], ref, provs[prov_codes[w]])
        for w, ref in zip(winners, refs, strict=True)
    ]
    mask = np.zeros(r.raw.num_rows, dtype=bool)
    mask[losers] = True
    r.ledger.quarantine(mask, "conflict", texts)


def conflict_text(value: float, file: str, ref: str, provenance: str) -> str:
    """The reason of a record that lost a conflict, naming the record that won."""
    return (
        f"conflicts with {value:.15g} in {file} {ref} ({provenance}), which wins: "
        "official > published > synthetic, then the later file or row"
    )
