"""``cds clean``: raw agency files -> clean observations, quarantine, report, data package.

Load inputs / Process data / Save outputs:

1. every file below the raw folder is read by :mod:`cdsanalysis.ingest` into raw records;
2. the records are parsed (values, periods), matched (indicator, sector, area) and validated,
   each *distinct* raw string once, so a million-row file costs a few thousand lookups;
3. exact duplicates are counted once and conflicts resolved (official > published > synthetic,
   then the later file/row); the loser is quarantined naming the winner;
4. five files are written atomically and byte-identically for unchanged inputs:
   ``observations.parquet``, ``observations.csv``, ``quarantine.csv``, ``clean_report.json``,
   ``datapackage.json``.

Every record read ends in exactly one of observations, quarantine, no-data, duplicates:
``records_read = records_clean + records_quarantined + records_no_data + records_duplicate``,
per file and in total.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cdsanalysis import ingest
from cdsanalysis.base import paths
from cdsanalysis.base.contracts import OBSERVATION_COLUMNS, QUARANTINE_COLUMNS
from cdsanalysis.base.geography import (
    PROVINCE_CODE,
    REORGANISATION_DATE,
    AreaError,
    AreaIndex,
    area_index,
    load_area_aliases,
)
from cdsanalysis.base.parse import detect_convention, normalise_unit, parse_periods, parse_values
from cdsanalysis.base.parse import percent_column_fraction_rule as fraction_rule
from cdsanalysis.base.plan import Plan, load_plan
from cdsanalysis.base.safe_io import FORMULA_PREFIXES, atomic_replace_dir_files
from cdsanalysis.base.text import fold, match_key, normalise_text
from cdsanalysis.base.vocabulary import LEVELS, PERIOD_KINDS, PROVENANCES, UNITS

#: Why a record is quarantined, one line each (the ``reason`` column says it for the record).
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
REPORT_COUNTS = [
    "records_read",
    "records_clean",
    "records_quarantined",
    "records_no_data",
    "records_duplicate",
    "target_cells",
    "conflicts",
]
OUTPUT_FILES = [
    "observations.parquet",
    "observations.csv",
    "quarantine.csv",
    "clean_report.json",
    "datapackage.json",
]
PRECEDENCE = {name: len(PROVENANCES) - 1 - i for i, name in enumerate(PROVENANCES)}

# Outcomes of a record
_CLEAN, _QUARANTINED, _NO_DATA, _DUPLICATE = 0, 1, 2, 3
_REASONS = list(REASON_CODES)
_UNITS = [*UNITS, ""]
_R = {code: i for i, code in enumerate(_REASONS)}

# Words agencies put in a sector cell, beside the plan's own names (folded keys).
SECTOR_WORDS = {
    "do thi": "urban",
    "quy hoach": "urban",
    "xay dung": "urban",
    "quy hoach do thi": "urban",
    "cong nghiep": "industry",
    "cong thuong": "industry",
    "tai nguyen moi truong": "environment",
    "tn mt": "environment",
    "tnmt": "environment",
    "moi truong": "environment",
    "giao thong": "transport",
    "giao thong van tai": "transport",
    "gtvt": "transport",
    "logistics": "transport",
    "nong nghiep va ptnt": "agriculture",
    "nong nghiep va phat trien nong thon": "agriculture",
    "y te": "health",
    "giao duc va dao tao": "education",
    "gd dt": "education",
    "gddt": "education",
    "van hoa": "culture_tourism",
    "du lich": "culture_tourism",
    "van hoa the thao va du lich": "culture_tourism",
    "vh tt dl": "culture_tourism",
}
# A sector cell saying "all sectors" is the province-wide series: sector empty.
_NO_SECTOR = {"", "chung", "tat ca", "toan tinh", "all", "none", "khong"}
# Area cells meaning the whole province.
_ENUMERATOR = re.compile(r"^\s*(?:[IVXivx]+|[A-Za-z]|\d+(?:\.\d+)*)\s*[.)/]\s+|^\s*[-+•*–]\s*")
_PREFIX_RATE = re.compile(r"^(?:tỷ lệ|tỉ lệ)\s+")
_TRAILING_UNIT = re.compile(r"\s*(?:\([^()]*\)|%)\s*$")


class CleanError(ValueError):
    """Input that cannot be used (a corrupt file, no raw files): nothing is written."""


# ---------------------------------------------------------------------------------------------
# Catalogue lookups
# ---------------------------------------------------------------------------------------------


def _indicator_key(text: str) -> str:
    """Comparison key of an indicator name: no list numbering ("1.", "a)", "-"), no unit in
    parentheses, no leading "Tỷ lệ"; case, spacing and Unicode form unified."""
    shown = normalise_text(str(text))
    for _ in range(2):
        shown = _ENUMERATOR.sub("", shown, count=1).strip()
    shown = _TRAILING_UNIT.sub("", shown).strip()
    key = match_key(shown)
    return _PREFIX_RATE.sub("", key).strip()


class IndicatorIndex:
    """Match indicator cells to catalogue ids: the id, the plan's Vietnamese or English name
    or an alias, with or without a leading "Tỷ lệ", in any case, spacing or Unicode form.

    A name shared by two targets is ambiguous and matches neither. Names written without
    diacritics ("Ty le ho so truc tuyen", sheet names) match only when that is unique too.
    """

    def __init__(self, plan: Plan):
        self._exact: dict[str, str | None] = {}
        self._folded: dict[str, str | None] = {}
        for row in plan.targets.itertuples(index=False):
            names = [row.id, row.name_vi, row.name_en, *row.aliases]
            if row.code:
                names.append(row.code)
            for name in names:
                key = _indicator_key(name)
                if not key:
                    continue
                for table, k in ((self._exact, key), (self._folded, fold(key))):
                    table[k] = row.id if table.get(k, row.id) == row.id else None
        self._long_keys = sorted(
            ((k, v) for k, v in self._exact.items() if v and len(k) >= 10),
            key=lambda kv: -len(kv[0]),
        )

    def match(self, text: str) -> tuple[str | None, str]:
        """Return ``(id, "")`` or ``(None, reason in plain words)``."""
        key = _indicator_key(text)
        if not key:
            return None, "the indicator is empty"
        for table, k in ((self._exact, key), (self._folded, fold(key))):
            if k in table:
                found = table[k]
                if found is None:
                    return None, f"'{text.strip()}' names several catalogue indicators"
                return found, ""
        return None, f"'{text.strip()}' is not an indicator of the plan catalogue"

    def find_in_text(self, text: str) -> str | None:
        """The one catalogue indicator a title line or sheet name names, if any."""
        found, _ = self.match(text)
        if found:
            return found
        key = f" {_indicator_key(text)} "
        hits = {v for k, v in self._long_keys if f" {k} " in key}
        return hits.pop() if len(hits) == 1 else None


class SectorIndex:
    """Match sector cells (id, Vietnamese or English name, common words) to sector ids."""

    def __init__(self, plan: Plan):
        self._keys: dict[str, str] = {}
        for row in plan.sectors.itertuples(index=False):
            for name in (row.id, row.name_vi, row.name_en):
                self._keys[ingest.fold_key(name)] = row.id
        for word, sid in SECTOR_WORDS.items():
            if sid in set(plan.sectors["id"]):
                self._keys.setdefault(word, sid)

    def match(self, text: str) -> tuple[str | None, str]:
        """Return ``(sector id or "", "")`` or ``(None, reason)``."""
        key = ingest.fold_key(str(text))
        key = re.sub(r"^(?:linh vuc|nganh|so)\s+", "", key)
        if key in _NO_SECTOR:
            return "", ""
        if key in self._keys:
            return self._keys[key], ""
        return None, f"'{str(text).strip()}' is not a sector of the plan"


# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass
class CleanResult:
    """What :func:`clean_raw` did: the counts of ``clean_report.json`` and the paths written.

    Attributes
    ----------
    records_read, records_clean, records_quarantined, records_no_data, records_duplicate : int
        Totals over all files (see the invariant in the module notes).
    target_cells : int
        Non-blank cells of plan/target columns, counted apart from records.
    conflicts : int
        Records quarantined because another record with the same key won.
    files : list of dict
        One entry per raw file: ``file``, ``layout``, ``status`` (ok, failed, empty),
        ``provenance``, the counts above and ``message``.
    out_dir : pathlib.Path
        The folder written.
    paths : dict
        Output file name -> path.
    quarantine_reasons : dict
        Reason code -> number of quarantined records.
    layouts : dict
        Layout -> ``files`` (files with a sheet of that layout), ``records_read`` and
        ``records_clean``.
    """

    records_read: int
    records_clean: int
    records_quarantined: int
    records_no_data: int
    records_duplicate: int
    target_cells: int
    conflicts: int
    files: list[dict]
    out_dir: Path
    paths: dict[str, Path] = field(default_factory=dict)
    quarantine_reasons: dict[str, int] = field(default_factory=dict)
    layouts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def failed(self) -> list[str]:
        """Files that could not be read (only with ``keep_going``)."""
        return [f["file"] for f in self.files if f["status"] == "failed"]

    def report(self) -> dict:
        """The content of ``clean_report.json``."""
        out: dict[str, Any] = {name: getattr(self, name) for name in REPORT_COUNTS}
        out["quarantine_reasons"] = dict(self.quarantine_reasons)
        out["layouts"] = dict(self.layouts)
        out["files"] = self.files
        return out


# ---------------------------------------------------------------------------------------------
# Load inputs
# ---------------------------------------------------------------------------------------------


def _read_all(
    raw_dir: Path, keep_going: bool, indicators: IndicatorIndex
) -> tuple[list[ingest.FileRead], list[dict]]:
    files = ingest.find_raw_files(raw_dir)
    if not files:
        raise CleanError(f"{raw_dir}: no raw files (CSV, XLSX) to clean")
    reads, failures = [], []
    for path in files:
        try:
            reads.append(ingest.read_file(path, raw_dir, indicator_lookup=indicators.find_in_text))
        except ingest.IngestError as exc:
            if not keep_going:
                raise CleanError(str(exc)) from None
            rel = path.relative_to(raw_dir).as_posix()
            failures.append({"file": rel, "message": str(exc).removeprefix(f"{rel}: ")})
    return reads, failures


# ---------------------------------------------------------------------------------------------
# Process data
# ---------------------------------------------------------------------------------------------


def _codes(table: pa.Table, name: str) -> tuple[np.ndarray, list[str]]:
    """Per-row codes and the distinct strings of a text column."""
    column = table.column(name)
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    codes = column.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    values = column.dictionary.to_pylist()
    # defaults filled in per file can repeat a string in the dictionary: merge them
    merged, uniques = pd.factorize(pd.Series(values, dtype=object))
    if len(uniques) != len(values):
        return merged.astype(np.int64)[codes], [str(u) for u in uniques]
    return codes, values


@dataclass
class _Resolved:
    outcome: np.ndarray  # per record: _CLEAN, _QUARANTINED, _NO_DATA, _DUPLICATE
    reason: np.ndarray  # per record: index into _REASONS, -1 when not quarantined
    reason_text: np.ndarray  # object, per record
    observations: pa.Table
    quarantine: pa.Table


_OK, _NO_DATA_MARK, _BLANK, _BAD = 0, 1, 2, 3  # parse status codes
_STATUS = {"ok": _OK, "no_data": _NO_DATA_MARK, "blank": _BLANK, "bad_value": _BAD}
_HINTS = ["", "province", "district", "commune"]


class _Resolver:
    """Turns raw records into observations and quarantine rows, column-wise.

    Every per-record fact is an integer code into a short list of distinct values or texts,
    so that a million records cost a few array operations, not a million Python objects.
    """

    def __init__(self, raw: pa.Table, plan: Plan, indicators: IndicatorIndex, areas: AreaIndex):
        self.raw, self.plan, self.indicators, self.areas = raw, plan, indicators, areas
        self.n = raw.num_rows
        self.targets = plan.targets.reset_index(drop=True)
        self.reason = np.full(self.n, -1, dtype=np.int64)
        self.reason_text = np.full(self.n, "", dtype=object)
        self.outcome = np.full(self.n, _CLEAN, dtype=np.int8)
        self.notes: list[tuple[np.ndarray, list[str]]] = []  # per-record codes, their texts

    # -- helpers ------------------------------------------------------------------------------
    def _quarantine(self, mask: np.ndarray, code: str, texts: Any) -> None:
        """Quarantine the records of ``mask`` that have no outcome yet.

        ``texts`` is one text, a per-record object array, or (per-record codes, texts).
        """
        mask = mask & (self.outcome == _CLEAN)
        if not mask.any():
            return
        self.outcome[mask] = _QUARANTINED
        self.reason[mask] = _R[code]
        if isinstance(texts, tuple):
            codes, words = texts
            self.reason_text[mask] = np.array(list(words) + [""], dtype=object)[codes[mask]]
        elif isinstance(texts, np.ndarray):
            self.reason_text[mask] = texts[mask]
        else:
            self.reason_text[mask] = texts

    # -- steps --------------------------------------------------------------------------------
    def run(self) -> _Resolved:
        self._files()
        self._indicator()
        self._values()
        self._sector()
        self._period()
        self._area()
        self._identify()
        self._validate()
        self._dedupe()
        return _Resolved(
            self.outcome,
            self.reason,
            self.reason_text,
            self._observations(),
            self._quarantine_table(),
        )

    def _files(self) -> None:
        self.file_code, self.files = _codes(self.raw, "file")
        self.sheet_code, self.sheets = _codes(self.raw, "sheet")
        self.layout_code, self.layouts = _codes(self.raw, "layout")
        self.rows = self.raw.column("row").to_numpy()
        self.cols = self.raw.column("col").to_numpy()

    def _indicator(self) -> None:
        codes, uniques = _codes(self.raw, "indicator_raw")
        ids = {tid: i for i, tid in enumerate(self.targets["id"])}
        found = np.full(len(uniques) + 1, -1, dtype=np.int64)
        messages = []
        for i, text in enumerate(uniques):
            tid, why = self.indicators.match(text or "")
            found[i] = ids[tid] if tid else -1
            messages.append(why)
        hint_codes, hints = _codes(self.raw, "indicator_id")
        hinted = np.array([ids.get(h, -1) for h in hints] + [-1], dtype=np.int64)[hint_codes]
        self.target = np.where(hinted >= 0, hinted, found[codes])
        self.indicator_texts = (codes, messages)
        per_target = [_UNITS.index(u) for u in self.targets["unit"]] + [len(_UNITS) - 1]
        self.unit_code = np.array(per_target, dtype=np.int64)[self.target]

    def _values(self) -> None:
        """Parse values: each distinct (text, unit, number convention) once."""
        n, units = self.n, _UNITS
        numbers = self.raw.column("value_num").to_numpy(zero_copy_only=False)
        flag_codes, flags = _codes(self.raw, "flag")
        flag_of = {name: i for i, name in enumerate(flags)}
        no_flag = flag_codes == flag_of.get("", -1) if flags else np.ones(n, dtype=bool)
        value_codes, value_uniques = _codes(self.raw, "value_raw")
        text = np.isnan(numbers) & no_flag
        idx = np.flatnonzero(text)
        # number convention per file, decided from all its distinct strings
        per_file = np.zeros(len(self.files) + 1, dtype=np.int64)
        if len(idx):
            pairs, _, _ = _factorize(
                self.file_code[idx] * (len(value_uniques) + 1) + value_codes[idx], first=False
            )
            files_of, values_of = np.divmod(pairs, len(value_uniques) + 1)
            for f in np.unique(files_of):
                strings = [value_uniques[v] for v in values_of[files_of == f]]
                per_file[f] = 1 if detect_convention(strings)[0] == "en" else 0
        conv = per_file[self.file_code]
        self.value = np.where(text, np.nan, numbers)
        self.status = np.full(n, _OK, dtype=np.int8)
        self.rank_of = np.full(n, np.nan)
        self.percent_shown = np.zeros(n, dtype=bool)  # the cell itself wrote "%"
        self.parse_notes = [""]
        self.parse_note = np.zeros(n, dtype=np.int64)
        note_index = {"": 0}

        def note_code(text: str) -> int:
            if text not in note_index:
                note_index[text] = len(self.parse_notes)
                self.parse_notes.append(text)
            return note_index[text]

        if len(idx):
            key = (value_codes[idx] * len(units) + self.unit_code[idx]) * 2 + conv[idx]
            distinct, _, inverse = _factorize(key, first=False)
            d_value = np.full(len(distinct), np.nan)
            d_status = np.zeros(len(distinct), dtype=np.int8)
            d_note = np.zeros(len(distinct), dtype=np.int64)
            d_rank = np.full(len(distinct), np.nan)
            d_pct = np.zeros(len(distinct), dtype=bool)
            d_text = distinct // (2 * len(units))
            d_unit = (distinct // 2) % len(units)
            d_conv = distinct % 2
            for u in range(len(units)):
                for c in (0, 1):
                    sel = np.flatnonzero((d_unit == u) & (d_conv == c))
                    if not len(sel):
                        continue
                    cells = pd.Series([value_uniques[i] for i in d_text[sel]], dtype=object)
                    parsed = parse_values(
                        cells, unit=units[u] or None, convention="en" if c else "vi"
                    )
                    d_value[sel] = parsed["value"].to_numpy(dtype=float)
                    d_status[sel] = [_STATUS[s] for s in parsed["status"]]
                    d_note[sel] = [note_code(str(t)) for t in parsed["note"]]
                    if c:  # the parser reads the English way quietly; a Vietnamese reader
                        # expects the other reading of "1,234", so it is said here
                        for k in _ambiguous_english(cells, parsed):
                            d_note[sel[k]] = note_code(
                                f"'{cells[k].strip()}' read as {parsed['value'][k]:.15g} (the "
                                "file writes numbers the English way: ',' groups thousands, "
                                "'.' is the decimal point)"
                            )
                    d_rank[sel] = parsed["rank_of"].to_numpy(dtype=float)
                    d_pct[sel] = (parsed["unit_detected"] == "percent").to_numpy(dtype=bool)
            self.value[idx] = d_value[inverse]
            self.status[idx] = d_status[inverse]
            self.parse_note[idx] = d_note[inverse]
            self.rank_of[idx] = d_rank[inverse]
            self.percent_shown[idx] = d_pct[inverse]
        for flag, words in (
            (
                "formula",
                "'{}' is a formula without a calculated value; open and save the file "
                "in a spreadsheet program",
            ),
            ("date", "'{}' is a date, not a number"),
        ):
            rows = np.flatnonzero(flag_codes == flag_of[flag]) if flag in flag_of else []
            for r in rows:
                self.status[r] = _BAD
                self.parse_note[r] = note_code(words.format(value_uniques[value_codes[r]]))
        if "percent" in flag_of:
            shown = (flag_codes == flag_of["percent"]).astype(np.int64)
            self.percent_shown |= shown.astype(bool)
            self.notes.append((shown, ["", "a cell formatted as a percent: stored ×100"]))
        # "blank" cannot reach here (ingest keeps non-blank cells only); treat it as no data
        self.outcome[(self.status == _NO_DATA_MARK) | (self.status == _BLANK)] = _NO_DATA

    def _sector(self) -> None:
        codes, uniques = _codes(self.raw, "sector_raw")
        index = SectorIndex(self.plan)
        self.sector_names = [""] + list(self.plan.sectors["id"])
        numbers, messages = [], []
        for text in uniques:
            sid, why = index.match(text or "")
            numbers.append(self.sector_names.index(sid) if sid is not None else -1)
            messages.append(why)
        self.sector_code = np.array(numbers + [0], dtype=np.int64)[codes]  # -1 unknown
        self.sector_texts = (codes, messages)

    def _period(self) -> None:
        codes, uniques = _codes(self.raw, "period_raw")
        parsed = parse_periods(pd.Series(uniques, dtype=object))
        self.period_code = codes
        self.p_label = parsed["label"].to_numpy(dtype=object)
        self.p_start = parsed["start"].to_numpy(dtype=object)
        self.p_end = parsed["end"].to_numpy(dtype=object)
        self.p_kind = parsed["kind"].to_numpy(dtype=object)
        errors = parsed["error"].tolist()
        self.period_ok = np.array([e == "" for e in errors] + [False], dtype=bool)[codes]
        self.period_texts = (codes, errors)
        self.end_ord = np.array([e.toordinal() if e else 0 for e in self.p_end] + [0])[codes]

    def _level_hints(self, codes: np.ndarray, uniques: list[str]) -> np.ndarray:
        """Per-record level hint: the column's header, else the level all the other names of
        the column share ("Dĩ An" among districts is the district)."""
        hint_codes, hint_values = _codes(self.raw, "level_hint")
        from_header = np.array([_HINTS.index(h) if h in _HINTS else 0 for h in hint_values])
        hint = from_header[hint_codes] if len(hint_values) else np.zeros(self.n, dtype=np.int64)
        group_codes, groups = _codes(self.raw, "area_group")
        open_rows = np.flatnonzero(hint == 0)
        if not len(open_rows):
            return hint
        pairs, _, _ = _factorize(
            group_codes[open_rows] * (len(uniques) + 1) + codes[open_rows], first=False
        )
        group_of, area_of = np.divmod(pairs, len(uniques) + 1)
        level_of: dict[int, str] = {}
        per_group = np.zeros(len(groups) + 1, dtype=np.int64)
        for g in np.unique(group_of):
            levels = set()
            for c in area_of[group_of == g]:
                if c not in level_of:
                    try:
                        level_of[c] = self.areas.match(uniques[c]).geo_level
                    except AreaError:
                        level_of[c] = ""
                levels.add(level_of[c])
            levels -= {"", "province"}  # a province total row says nothing about the others
            if len(levels) == 1:
                per_group[g] = _HINTS.index(levels.pop())
        return np.where(hint == 0, per_group[group_codes], hint)

    def _area(self) -> None:
        """Match each distinct (area, date bucket, level hint, layout) once."""
        codes, uniques = _codes(self.raw, "area_raw")
        hint = self._level_hints(codes, uniques)
        # the match depends on the date only through these change points
        breaks = {REORGANISATION_DATE}
        for frame in (self.areas.areas, load_area_aliases()):
            for text in frame["valid_from"]:
                if text:
                    breaks.add(dt.date.fromisoformat(text))
            for text in frame["valid_to"]:
                if text:
                    breaks.add(dt.date.fromisoformat(text) + dt.timedelta(days=1))
        ordinals = np.array(sorted(d.toordinal() for d in breaks))
        bucket = np.searchsorted(ordinals, self.end_ord, side="right")
        report = self.layouts.index("report") if "report" in self.layouts else -1
        is_report = (self.layout_code == report).astype(np.int64)
        key = ((codes * (len(ordinals) + 2) + bucket) * 4 + hint) * 2 + is_report
        rows = np.flatnonzero(self.period_ok & (self.outcome == _CLEAN))
        self.area_match: list = []  # AreaMatch per distinct key that matched
        self.area_key = np.full(self.n, -1, dtype=np.int64)
        d_index, d_reason, d_text, d_note = [], [], [], []
        if len(rows):
            distinct, first, inverse = _factorize(key[rows])
            self.area_key[rows] = inverse
            province = self.areas.match(PROVINCE_CODE)
            for r0 in rows[first]:
                text = uniques[codes[r0]] or ""
                level = _HINTS[hint[r0]] or None
                on = self.p_end[self.period_code[r0]]
                note = ""
                try:
                    if not text.strip() and is_report[r0]:
                        found = province
                        note = "no reporting area named: read as the province"
                    else:
                        found = self.areas.match(text, level=level, on=on)
                except AreaError as exc:
                    d_index.append(-1)
                    d_reason.append(exc.reason_code)
                    d_text.append(str(exc))
                    d_note.append("")
                    continue
                d_index.append(len(self.area_match))
                self.area_match.append(found)
                d_reason.append("")
                d_text.append("")
                d_note.append(note)
        self.area_index = np.array(d_index + [-1], dtype=np.int64)[self.area_key]
        self.area_reason = (self.area_key, d_reason)
        self.area_texts = (self.area_key, d_text)
        self.area_notes = (self.area_key, d_note)

    def _identify(self) -> None:
        """Quarantine records whose indicator, sector, period or area is not known."""
        self._quarantine(self.target < 0, "unknown_indicator", self.indicator_texts)
        self._quarantine(self.sector_code < 0, "unknown_sector", self.sector_texts)
        self._quarantine(~self.period_ok, "bad_period", self.period_texts)
        key, reasons = self.area_reason
        for code in ("unknown_area", "ambiguous_area"):
            hit = np.array([r == code for r in reasons] + [False], dtype=bool)[key]
            self._quarantine(hit, code, self.area_texts)
        self._quarantine(self.status == _BAD, "bad_value", (self.parse_note, self.parse_notes))

    def _validate(self) -> None:
        """Units, the fraction-percent rule and ranges by unit."""
        ucodes, uniques = _codes(self.raw, "unit_raw")
        stated = [normalise_unit(u) or "" for u in uniques]
        allowed = {("index", "ratio"), ("ratio", "index")}
        key = ucodes * len(_UNITS) + self.unit_code
        distinct, _, inverse = _factorize(key, first=False)
        d_bad = np.zeros(len(distinct), dtype=bool)
        d_text = []
        for j, k in enumerate(distinct):
            said, unit = stated[k // len(_UNITS)], _UNITS[k % len(_UNITS)]
            d_text.append("")
            if said and unit and said != unit and (unit, said) not in allowed:
                d_bad[j] = True
                d_text[j] = (
                    f"the file states the unit '{uniques[k // len(_UNITS)].strip()}' ({said}), "
                    f"but the indicator is measured in {unit}"
                )
        if d_bad.any():
            self._quarantine(d_bad[inverse], "unit_mismatch", (inverse, d_text))
        self._fractions()
        self._ranges()

    def _fractions(self) -> None:
        """A percent indicator written only as values in [0, 1] in a sheet is read ×100."""
        percent = _UNITS.index("percent")
        rows = np.flatnonzero((self.outcome == _CLEAN) & (self.unit_code == percent))
        note = np.zeros(self.n, dtype=np.int64)
        texts = [""]
        if len(rows):
            group = (self.file_code[rows] * (len(self.sheets) + 1) + self.sheet_code[rows]) * (
                len(self.targets) + 1
            ) + self.target[rows]
            values = self.value[rows]
            size = int(group.max()) + 1
            low = np.full(size, np.inf)
            high = np.full(size, -np.inf)
            np.minimum.at(low, group, values)
            np.maximum.at(high, group, values)
            shown = np.bincount(group, weights=self.percent_shown[rows], minlength=size)
            # only a sheet whose values all lie in [0, 1] needs the rule's closer look
            for g in np.flatnonzero((low >= 0) & (high <= 1) & (shown == 0)):
                sel = rows[group == g]
                frame = pd.DataFrame(
                    {
                        "value": self.value[sel],
                        "status": "ok",
                        "unit_detected": np.where(self.percent_shown[sel], "percent", ""),
                    }
                )
                factor, why = fraction_rule(frame)
                if factor != 1.0:
                    self.value[sel] = np.round(self.value[sel] * factor, 10)
                if why:
                    if why not in texts:
                        texts.append(why)
                    note[sel] = texts.index(why)
        self.notes.append((note, texts))

    def _ranges(self) -> None:
        targets = self.targets

        def per_target(column: str) -> np.ndarray:
            values = [np.nan if v is None or pd.isna(v) else float(v) for v in targets[column]]
            return np.array(values + [np.nan])[self.target]

        limit, cat_rank = per_target("limit"), per_target("rank_of")
        growth = np.array([k == "growth" for k in targets["kind"]] + [False])[self.target]
        v, unit = self.value, self.unit_code
        live = self.outcome == _CLEAN
        why = np.full(self.n, "", dtype=object)
        bad = np.zeros(self.n, dtype=bool)
        with np.errstate(invalid="ignore"):
            upper = np.where(np.isfinite(limit) & (limit > 100), limit, 100.0)
            pct = live & (unit == _UNITS.index("percent"))
            b = pct & ~growth & ((v < 0) | (v > upper))
            why[b] = [
                f"{x:.15g} is outside 0–{u:.15g} for a percent"
                for x, u in zip(v[b], upper[b], strict=True)
            ]
            bad |= b
            b = pct & growth & (v < -100)
            why[b] = [f"{x:.15g} is below -100 for a growth rate" for x in v[b]]
            bad |= b
            of = np.where(np.isfinite(self.rank_of), self.rank_of, cat_rank)
            rank = live & (unit == _UNITS.index("rank"))
            b = rank & ((v < 1) | (np.isfinite(of) & (v > of)) | (v != np.floor(v)))
            why[b] = [
                f"{x:.15g} is not a rank in 1..{o:.15g}"
                if np.isfinite(o)
                else f"{x:.15g} is not a rank"
                for x, o in zip(v[b], of[b], strict=True)
            ]
            bad |= b
            b = live & (unit == _UNITS.index("count")) & (v < 0)
            why[b] = [f"{x:.15g} is negative for a count" for x in v[b]]
            bad |= b
            b = live & (unit == _UNITS.index("yes_no")) & ~np.isin(v, (0.0, 1.0))
            why[b] = [f"{x:.15g} is not yes (1) or no (0)" for x in v[b]]
            bad |= b
            b = live & ~np.isfinite(v)
            why[b] = "the value is not a finite number"
            bad |= b
        # the reading of an ambiguous number explains a value out of range ("1,234" as 1234)
        noted = bad & (self.parse_note > 0)
        why[noted] = [
            f"{w} ({self.parse_notes[c]})"
            for w, c in zip(why[noted], self.parse_note[noted], strict=True)
        ]
        self._quarantine(bad, "out_of_range", why)

    def _dedupe(self) -> None:
        """Exact duplicates counted once; conflicts resolved by precedence, then revision."""
        live = np.flatnonzero(self.outcome == _CLEAN)
        if not len(live):
            return
        prov_codes, provs = _codes(self.raw, "provenance")
        precedence = np.array([PRECEDENCE.get(p, 0) for p in provs], dtype=np.int64)
        # raw spellings of one period ("Năm 2024", "2024") share a label and kind
        labels = [f"{lab}|{k}" for lab, k in zip(self.p_label, self.p_kind, strict=True)]
        period_id = np.array(_rank_of(labels).tolist() + [-1], dtype=np.int64)[self.period_code]
        # several spellings ("TP. Dĩ An", "Dĩ An") reach one area: key on (code, vintage)
        places = [(m.geo_code, m.geo_vintage) for m in self.area_match]
        place_id = np.array(_rank_of(places).tolist() + [-1], dtype=np.int64)[self.area_index]
        key = np.zeros(len(live), dtype=np.int64)
        for part in (self.target, np.maximum(self.sector_code, 0), place_id, period_id):
            part = part[live]
            key = key * (int(part.max()) + 2) + (part + 1)
        # only keys seen more than once need a closer look
        repeated = pd.Series(key).duplicated(keep=False).to_numpy()  # hashing, no sort
        live, key = live[repeated], key[repeated]
        if not len(live):
            return
        revision = self._revision()[live]
        # best first within a key and value: higher precedence, then the later record
        best = precedence[prov_codes[live]] * (int(revision.max()) + 1) + revision
        value = self.value[live]
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
        self.outcome[live[order[duplicate]]] = _DUPLICATE
        if conflict.any():
            losers = live[order[conflict]]
            winners = live[winner[group[conflict]]]
            refs = _flat(self.raw.column("ref")).take(pa.array(winners)).to_pylist()
            texts = np.full(self.n, "", dtype=object)
            texts[losers] = [
                f"conflicts with {self.value[w]:.15g} in {self.files[self.file_code[w]]} {ref} "
                f"({provs[prov_codes[w]]}), which wins: official > published > synthetic, "
                "then the later file or row"
                for w, ref in zip(winners, refs, strict=True)
            ]
            mask = np.zeros(self.n, dtype=bool)
            mask[losers] = True
            self._quarantine(mask, "conflict", texts)

    def _revision(self) -> np.ndarray:
        """Revision order of records: a file reporting later periods was written later (a
        year-end report with "Ước 2024" precedes the report that runs to 2025); equal files go
        by path; within a file, a later row revises an earlier one."""
        latest = np.zeros(len(self.files), dtype=np.int64)
        np.maximum.at(latest, self.file_code, self.end_ord)
        file_rank = _rank_of([(int(latest[f]), name) for f, name in enumerate(self.files)])
        return file_rank[self.file_code] * (self.n + 1) + np.arange(self.n, dtype=np.int64)

    # -- outputs ------------------------------------------------------------------------------
    def _observations(self) -> pa.Table:
        """The clean records, sorted on their key; text columns are dictionary arrays built
        from their distinct values (a million rows hold a few thousand distinct strings)."""
        rows = np.flatnonzero(self.outcome == _CLEAN)
        ids = list(self.targets["id"])
        matches = self.area_match
        starts = [d if d else None for d in self.p_start]
        ends = [d if d else None for d in self.p_end]
        note_codes, note_texts = self._compose_notes(rows)
        # one integer key: indicator, sector, area (vintage, code), period; then file and cell
        geo_rank = _rank_of([(m.geo_vintage, m.geo_code) for m in matches] or [("", "")])
        period_rank = _rank_of(
            [
                (str(a or ""), str(b or ""), lab, kind)
                for a, b, lab, kind in zip(starts, ends, self.p_label, self.p_kind, strict=True)
            ]
        )
        target, sector = self.target[rows], self.sector_code[rows]
        area, period = self.area_index[rows], self.period_code[rows]
        key = _rank_of(ids)[target] if len(rows) else target
        for part, size in (
            (sector, len(self.sector_names)),
            (geo_rank[area] if len(rows) else area, len(geo_rank)),
            (period_rank[period] if len(rows) else period, len(period_rank)),
        ):
            key = key * (size + 1) + part
        order = np.argsort(key, kind="stable")  # one record per key once conflicts are settled
        rows, target, sector = rows[order], target[order], sector[order]
        area, period, note_codes = area[order], period[order], note_codes[order]
        take = pa.array(rows, pa.int64())
        source = _flat(self.raw.column("source")).take(take)
        table = {
            "indicator_id": _dict(ids, target),
            "sector": _dict(self.sector_names, sector),
            "geo_code": _dict([m.geo_code for m in matches], area),
            "geo_level": _dict([m.geo_level for m in matches], area),
            "geo_name": _dict([m.geo_name for m in matches], area),
            "geo_vintage": _dict([m.geo_vintage for m in matches], area),
            "period": _dict(self.p_label.tolist(), period),
            "period_start": pa.array(starts, pa.date32()).take(pa.array(period)),
            "period_end": pa.array(ends, pa.date32()).take(pa.array(period)),
            "period_kind": _dict(self.p_kind.tolist(), period),
            "value": pa.array(self.value[rows] + 0.0, pa.float64()),
            "unit": _dict(list(self.targets["unit"]), target),
            "provenance": _compact(_flat(self.raw.column("provenance")).take(take)),
            "source": _dict(
                [t.strip() for t in source.dictionary.to_pylist()],
                source.indices.to_numpy(zero_copy_only=False),
            ),
            "source_file": _compact(_flat(self.raw.column("file")).take(take)),
            "source_ref": _flat(self.raw.column("ref")).take(take),
            "note": _dict(note_texts, note_codes),
        }
        return pa.table({name: _flat(table[name]) for name in OBSERVATION_COLUMNS})

    def _compose_notes(self, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Join raw notes, parser notes, area notes and rule notes; each distinct mix once."""
        raw_codes, raw_notes = _codes(self.raw, "note")
        area_key, area_notes = self.area_notes
        # one code per distinct text, so that the mixes below stay few
        area_code, area_texts = pd.factorize(pd.Series(area_notes + [""], dtype=object))
        sources = [
            (raw_codes[rows], [n.strip() for n in raw_notes]),
            (area_code[area_key[rows]], [str(t) for t in area_texts]),
            (self.parse_note[rows], self.parse_notes),
        ] + [(codes[rows], texts) for codes, texts in self.notes]
        if not len(rows):
            return np.zeros(0, dtype=np.int64), []
        key = np.zeros(len(rows), dtype=np.int64)
        for codes, texts in sources:
            key = key * (len(texts) + 1) + np.where(codes < 0, len(texts), codes)
        _, first, inverse = _factorize(key)
        out = []
        for r in first:
            pieces = []
            for codes, texts in sources:
                c = codes[r]
                piece = texts[c] if 0 <= c < len(texts) else ""
                if piece and piece not in pieces:
                    pieces.append(piece)
            out.append("; ".join(pieces))
        return inverse.astype(np.int64), out

    def _quarantine_table(self) -> pa.Table:
        rows = np.flatnonzero(self.outcome == _QUARANTINED)
        order = np.lexsort((self.reason[rows], self.cols[rows], self.rows[rows]))
        order = order[np.argsort(self._file_sheet_rank()[rows][order], kind="stable")]
        take = pa.array(rows[order], pa.int64())
        codes = np.array(_REASONS, dtype=object)[self.reason[rows][order]]
        table = {
            "source_file": _flat(self.raw.column("file")).take(take),
            "source_ref": _flat(self.raw.column("ref")).take(take),
            "indicator_raw": _flat(self.raw.column("indicator_raw")).take(take),
            "area_raw": _flat(self.raw.column("area_raw")).take(take),
            "period_raw": _flat(self.raw.column("period_raw")).take(take),
            "value_raw": _flat(self.raw.column("value_raw")).take(take),
            "reason_code": _text_array(codes),
            "reason": _text_array(self.reason_text[rows][order]),
        }
        return pa.table({name: _plain(table[name]) for name in QUARANTINE_COLUMNS})

    def _file_sheet_rank(self) -> np.ndarray:
        return (
            _rank(np.array(self.files, dtype=object))[self.file_code] * (len(self.sheets) + 1)
            + self.sheet_code
        )


# One separator before exactly three digits: "1,234" or "1.234", thousands or decimal.
_AMBIGUOUS_NUMBER = re.compile(r"(?<![0-9.,])[1-9][0-9]{0,2}[.,][0-9]{3}(?![0-9.,])")


def _ambiguous_english(cells: pd.Series, parsed: pd.DataFrame) -> list[int]:
    """Positions of cells read the English way without a note that hold an ambiguous number."""
    return [
        k
        for k, (cell, status, note) in enumerate(
            zip(cells, parsed["status"], parsed["note"], strict=True)
        )
        if status == "ok" and not note and _AMBIGUOUS_NUMBER.search(str(cell))
    ]


def _rank(values: np.ndarray) -> np.ndarray:
    """Sort rank of each value (equal values share a rank); for lexsort on text columns."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    _, inverse = np.unique(values.astype(str), return_inverse=True)
    return inverse.astype(np.int64)


def _factorize(
    key: np.ndarray, first: bool = True
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """Distinct values of a non-negative integer array, in increasing order, with the first
    position of each (when ``first``) and the inverse; without sorting when the values are
    small."""
    if not len(key):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    top = int(key.max()) + 1
    if top > max(4 * len(key), 1 << 16):
        distinct, where, inverse = np.unique(key, return_index=True, return_inverse=True)
        return distinct, where, inverse.astype(np.int64)
    if first:
        first_at = np.full(top, len(key), dtype=np.int64)
        np.minimum.at(first_at, key, np.arange(len(key), dtype=np.int64))
        distinct = np.flatnonzero(first_at < len(key))
        where = first_at[distinct]
    else:
        distinct, where = np.flatnonzero(np.bincount(key, minlength=top)), None
    lookup = np.zeros(top, dtype=np.int64)
    lookup[distinct] = np.arange(len(distinct))
    return distinct, where, lookup[key]


def _rank_of(items: list) -> np.ndarray:
    """Dense sort rank of each of a few distinct items (tuples allowed): equal items share a
    rank."""
    ranks = np.zeros(len(items), dtype=np.int64)
    rank_of = {item: rank for rank, item in enumerate(sorted(set(items)))}
    for i, item in enumerate(items):
        ranks[i] = rank_of[item]
    return ranks


def _dict(uniques: list[str], codes: np.ndarray) -> pa.DictionaryArray:
    """A text column from a list of values and per-row codes into it (-1 for "").

    The dictionary written holds each used string once, in order of first code: the same
    rows always give the same bytes."""
    values = list(uniques) + [""]
    codes = np.where(np.asarray(codes) < 0, len(values) - 1, np.asarray(codes, dtype=np.int64))
    used, _, inverse = _factorize(codes, first=False)
    merged, distinct = pd.factorize(pd.Series([values[c] for c in used], dtype=object))
    return pa.DictionaryArray.from_arrays(
        pa.array(merged.astype(np.int32)[inverse] if len(used) else np.zeros(0, np.int32)),
        pa.array([str(v) for v in distinct], pa.string()),
    )


def _compact(array: pa.DictionaryArray) -> pa.DictionaryArray:
    """A dictionary column taken from the raw table, with only the strings it uses."""
    return _dict(array.dictionary.to_pylist(), array.indices.to_numpy(zero_copy_only=False))


def _text_array(values: np.ndarray) -> pa.Array:
    """A text column built from each distinct string once."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    return _dict([str(u) for u in uniques], codes)


def _plain(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Outputs hold plain text columns: the files then read the same everywhere."""
    array = _flat(array)
    return array.cast(pa.string()) if pa.types.is_dictionary(array.type) else array


def _flat(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(array, pa.ChunkedArray):
        return array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()
    return array


# ---------------------------------------------------------------------------------------------
# Save outputs
# ---------------------------------------------------------------------------------------------


def _neutralise(array: pa.Array) -> pa.Array:
    """Prefix text cells a spreadsheet would run as a formula with "'" (see safe_io)."""
    pattern = "^[" + re.escape("".join(FORMULA_PREFIXES)) + "]"
    risky = pc.match_substring_regex(array, pattern)
    if not pc.any(risky).as_py():
        return array
    return pc.if_else(risky, pc.binary_join_element_wise("'", array, ""), array)


def _csv_column(column: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(column.type):  # guard each distinct string once
        return pa.DictionaryArray.from_arrays(column.indices, _neutralise(column.dictionary)).cast(
            pa.string()
        )
    if pa.types.is_string(column.type):
        return _neutralise(column)
    if pa.types.is_date(column.type):
        return pc.cast(column, pa.string())
    return column


_CSV_SLICE = 200_000


def _write_csv(table: pa.Table, path: Path, pool: ThreadPoolExecutor | None = None) -> None:
    """Write ``table`` as CSV with text guarded against formulas; the text of the next slice of
    rows is built in ``pool`` while the current one is written."""
    names = table.column_names

    def text_slice(part: pa.Table) -> pa.Table:
        return pa.table([_csv_column(_flat(part.column(n))) for n in names], names=names)

    slices = [table.slice(start, _CSV_SLICE) for start in range(0, table.num_rows, _CSV_SLICE)]
    first = text_slice(table.slice(0, 0))
    with pacsv.CSVWriter(str(path), first.schema) as writer:
        if pool is None:
            for part in slices:
                writer.write_table(text_slice(part))
        else:
            # one slice ahead, not all: the text of every slice at once would cost memory in
            # proportion to the file (a 2-million-record file: half a gigabyte more)
            ahead = pool.submit(text_slice, slices[0]) if slices else None
            for following in slices[1:]:
                done, ahead = ahead, pool.submit(text_slice, following)
                writer.write_table(done.result())
            if ahead is not None:
                writer.write_table(ahead.result())


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(
        table,
        str(path),
        compression="zstd",
        use_dictionary=True,
        # min/max of numbers and dates help readers skip row groups; of text, hardly
        write_statistics=["period_start", "period_end", "value"],
        store_schema=False,  # no pandas/arrow metadata blob: the bytes depend on the data only
    )


_FIELD_TYPES = {
    "value": "number",
    "period_start": "date",
    "period_end": "date",
}
_FIELD_DOCS = {
    "indicator_id": "catalogue id of the target series (data/reference/plan.yaml)",
    "sector": "sector id, or empty for the province-wide series",
    "geo_code": "GSO code as text: province 2 digits, district 3, commune 5",
    "geo_level": "province, district or commune",
    "geo_name": "area name as GSO writes it",
    "geo_vintage": "the unit list the code refers to (2025-01-04 or 2025-07-01)",
    "period": "canonical period label (2024, 2024-Q4, 2025-H1, 2024-M12, 2025-YTD9, a date)",
    "period_start": "first day of the period",
    "period_end": "last day of the period",
    "period_kind": "official, preliminary or estimate",
    "value": "the value; percent on 0-100, yes/no as 1/0",
    "unit": "catalogue unit",
    "provenance": "official, published or synthetic",
    "source": "source named by the file",
    "source_file": "raw file, relative to the raw folder",
    "source_ref": "cell: Sheet!B12 (XLSX) or B12 (CSV)",
    "note": "rules applied and notes from the file",
    "indicator_raw": "indicator as written",
    "area_raw": "area as written",
    "period_raw": "period as written",
    "value_raw": "value as written",
    "reason_code": "why the record is quarantined (see docs/data-contracts.md)",
    "reason": "the reason in plain words",
}
_ENUMS = {
    "geo_level": list(LEVELS),
    "period_kind": list(PERIOD_KINDS),
    "provenance": list(PROVENANCES),
    "unit": list(UNITS),
    "reason_code": _REASONS,
}


def _schema(columns: list[str], primary_key: list[str] | None) -> dict:
    fields = []
    for name in columns:
        spec: dict[str, Any] = {
            "name": name,
            "type": _FIELD_TYPES.get(name, "string"),
            "description": _FIELD_DOCS[name],
        }
        constraints: dict[str, Any] = {}
        if name in _ENUMS:
            constraints["enum"] = _ENUMS[name]
        if primary_key and name in primary_key:
            constraints["required"] = True
        if constraints:
            spec["constraints"] = constraints
        fields.append(spec)
    schema: dict[str, Any] = {"fields": fields, "missingValues": []}
    if primary_key:
        schema["primaryKey"] = primary_key
    return schema


def _datapackage(folder: Path) -> bytes:
    def resource(name: str, path: str, columns: list[str], key: list[str] | None) -> dict:
        return {
            "name": name,
            "path": path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": (folder / path).stat().st_size,
            "schema": _schema(columns, key),
        }

    package = {
        "name": "cdsanalysis-processed",
        "title": "Bình Dương Digital Transformation plan 2023-2025: clean observations",
        "description": "Written by `cds clean`; see docs/data-contracts.md.",
        "resources": [
            resource(
                "observations",
                "observations.csv",
                OBSERVATION_COLUMNS,
                ["indicator_id", "sector", "geo_code", "geo_vintage", "period", "period_kind"],
            ),
            resource("quarantine", "quarantine.csv", QUARANTINE_COLUMNS, None),
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_STALE_SECONDS = 3600


def _remove_stale_temporaries(out_dir: Path) -> None:
    """Remove temporary folders that killed runs left beside ``out_dir`` (an hour old: a run
    still writing is never touched)."""
    now = time.time()
    for folder in out_dir.parent.glob(f".{out_dir.name}.*.tmp"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


def _write_outputs(
    out_dir: Path, observations: pa.Table, quarantine: pa.Table, report: dict
) -> dict[str, Path]:
    """Write the five outputs into a temporary folder beside ``out_dir``, then move each into
    place: a run that fails or is killed before the moves leaves the previous outputs."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
            parquet = pool.submit(_write_parquet, observations, tmp / "observations.parquet")
            _write_csv(observations, tmp / "observations.csv", pool)
            _write_csv(quarantine, tmp / "quarantine.csv", pool)
            parquet.result()
        text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
        (tmp / "clean_report.json").write_bytes(text.encode("utf-8"))
        (tmp / "datapackage.json").write_bytes(_datapackage(tmp))
        atomic_replace_dir_files(tmp, out_dir, OUTPUT_FILES)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {name: out_dir / name for name in OUTPUT_FILES}


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def _file_entries(
    reads: list[ingest.FileRead], failures: list[dict], raw: pa.Table, resolved: _Resolved
) -> list[dict]:
    file_codes, files = _codes(raw, "file") if raw.num_rows else (np.zeros(0, int), [])
    per_file = {name: i for i, name in enumerate(files)}
    outcome, reason = resolved.outcome, resolved.reason
    entries = []
    for read in reads:
        code = per_file.get(read.file)
        mask = file_codes == code if code is not None else np.zeros(len(outcome), dtype=bool)
        counts = {
            "records_read": int(mask.sum()),
            "records_clean": int((mask & (outcome == _CLEAN)).sum()),
            "records_quarantined": int((mask & (outcome == _QUARANTINED)).sum()),
            "records_no_data": int((mask & (outcome == _NO_DATA)).sum()),
            "records_duplicate": int((mask & (outcome == _DUPLICATE)).sum()),
            "target_cells": read.target_cells,
            "conflicts": int((mask & (reason == _R["conflict"])).sum()),
        }
        status = "empty" if counts["records_read"] == 0 else "ok"  # plan cells are no data
        entries.append(
            {
                "file": read.file,
                "layout": read.layout,
                "status": status,
                "provenance": read.provenance,
                **counts,
                "message": "; ".join(read.messages),
            }
        )
    for failure in failures:
        entries.append(
            {
                "file": failure["file"],
                "layout": "",
                "status": "failed",
                "provenance": "",
                **dict.fromkeys(REPORT_COUNTS, 0),
                "message": failure["message"],
            }
        )
    entries.sort(key=lambda e: e["file"])
    for entry in entries:
        _check_invariant(entry, entry["file"])
    return entries


def _check_invariant(counts: dict, where: str) -> None:
    parts = ("records_clean", "records_quarantined", "records_no_data", "records_duplicate")
    total = sum(counts[p] for p in parts)
    if counts["records_read"] != total:
        raise AssertionError(
            f"{where}: records_read {counts['records_read']} != clean + quarantined + no-data "
            f"+ duplicate {total}"
        )


def clean_raw(
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    keep_going: bool = False,
    plan: Plan | None = None,
) -> CleanResult:
    """Clean every raw file into observations, quarantine, a report and a data package.

    Parameters
    ----------
    raw_dir : str or pathlib.Path, optional
        Folder of raw files (CSV, XLSX, any depth); default ``data/raw``.
    out_dir : str or pathlib.Path, optional
        Folder for the outputs; default ``data/processed``. Written atomically: a run that
        fails leaves the previous outputs as they were.
    keep_going : bool
        Record a file that cannot be read as ``failed`` and go on, instead of stopping.
    plan : Plan, optional
        The target catalogue; default the project's own plan.

    Returns
    -------
    CleanResult
        The counts of ``clean_report.json``, the per-file entries and the paths written.

    Raises
    ------
    CleanError
        When the raw folder is missing or holds no table file, or (without ``keep_going``)
        when a file cannot be read; nothing in ``out_dir`` changes.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> result = cds.clean_raw()  # doctest: +SKIP
    >>> result.records_read == (result.records_clean + result.records_quarantined
    ...     + result.records_no_data + result.records_duplicate)  # doctest: +SKIP
    True
    """
    # Load inputs
    raw_path = Path(raw_dir) if raw_dir is not None else paths.RAW_DIR
    out_path = Path(out_dir) if out_dir is not None else paths.PROCESSED_DIR
    if not raw_path.is_dir():
        raise CleanError(f"{raw_path}: the raw folder does not exist")
    plan = plan if plan is not None else load_plan()
    indicators = IndicatorIndex(plan)
    reads, failures = _read_all(raw_path, keep_going, indicators)
    tables = [r.records for r in reads if r.records.num_rows]
    raw = pa.concat_tables(tables) if tables else ingest.RAW_SCHEMA.empty_table()
    raw = raw.unify_dictionaries().combine_chunks()

    # Process data
    resolved = _Resolver(raw, plan, indicators, area_index()).run()
    entries = _file_entries(reads, failures, raw, resolved)
    totals = {name: sum(e[name] for e in entries) for name in REPORT_COUNTS}
    _check_invariant(totals, "total")
    reasons = resolved.reason[resolved.outcome == _QUARANTINED]
    counted = np.bincount(reasons, minlength=len(_REASONS)) if len(reasons) else []
    layouts: dict[str, dict[str, int]] = {}
    if raw.num_rows:
        codes, names = _codes(raw, "layout")
        for i, name in enumerate(names):
            mask = codes == i
            layouts[name] = {
                "files": sum(name in e["layout"].split("+") for e in entries),
                "records_read": int(mask.sum()),
                "records_clean": int((mask & (resolved.outcome == _CLEAN)).sum()),
            }
    layouts = dict(sorted(layouts.items()))
    result = CleanResult(
        **totals,
        layouts=layouts,
        files=entries,
        out_dir=out_path,
        quarantine_reasons={
            code: int(counted[i]) for i, code in enumerate(_REASONS) if len(counted) and counted[i]
        },
    )

    # Save outputs
    result.paths = _write_outputs(
        out_path, resolved.observations, resolved.quarantine, result.report()
    )
    return result


def run_clean(
    raw_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    keep_going: bool = False,
    stream: IO[str] | None = None,
) -> int:
    """Run :func:`clean_raw` and print a short summary; return the exit status.

    Returns
    -------
    int
        0 when every file was read; 1 when ``keep_going`` recorded a failed file.

    Raises
    ------
    CleanError
        Unusable input (the CLI maps it to exit status 2).
    """
    out = stream if stream is not None else sys.stdout
    result = clean_raw(raw_dir, out_dir, keep_going=keep_going)
    status_counts = {s: sum(e["status"] == s for e in result.files) for s in ("ok", "empty")}
    lines = [
        f"cleaned {len(result.files)} file(s): {status_counts['ok']} ok, "
        f"{status_counts['empty']} empty, {len(result.failed)} failed",
        f"  records read        {result.records_read:>10,}",
        f"  clean               {result.records_clean:>10,}",
        f"  quarantined         {result.records_quarantined:>10,}"
        + (f"  (conflicts {result.conflicts:,})" if result.conflicts else ""),
        f"  no data             {result.records_no_data:>10,}",
        f"  duplicates          {result.records_duplicate:>10,}",
        f"  target cells        {result.target_cells:>10,}  (plan/target columns, not data)",
        "  by layout: "
        + (
            ", ".join(
                f"{name} {c['files']} file(s), {c['records_read']:,} read, "
                f"{c['records_clean']:,} clean"
                for name, c in result.layouts.items()
            )
            or "none"
        ),
    ]
    if result.quarantine_reasons:
        lines.append(
            "  quarantine reasons: "
            + ", ".join(f"{k} {v:,}" for k, v in result.quarantine_reasons.items())
        )
    for name in result.failed:
        entry = next(e for e in result.files if e["file"] == name)
        lines.append(f"  FAILED {name}: {entry['message']}")
    lines.append(f"report: {result.paths['clean_report.json']}")
    lines.append(f"quarantine: {result.paths['quarantine.csv']}")
    print("\n".join(lines), file=out)
    return 1 if result.failed else 0
