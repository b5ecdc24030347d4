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
import hashlib
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from . import ingest, paths
from .geography import (
    PROVINCE_CODE,
    REORGANISATION_DATE,
    AreaError,
    AreaIndex,
    area_index,
    load_area_aliases,
)
from .parse import detect_convention, normalise_unit, parse_periods, parse_values
from .parse import percent_column_fraction_rule as fraction_rule
from .plan import Plan, load_plan
from .safe_io import FORMULA_PREFIXES, atomic_replace_dir_files
from .text import fold, match_key

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
PRECEDENCE = {"official": 2, "published": 1, "synthetic": 0}

# Outcomes of a record
_CLEAN, _QUARANTINED, _NO_DATA, _DUPLICATE = 0, 1, 2, 3
_REASONS = list(REASON_CODES)
_UNITS = ["percent", "rank", "ratio", "index", "count", "yes_no", ""]
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
_PROVINCE_WORDS = {"toan tinh", "ca tinh", "tinh", "chung toan tinh", "tong", "tong cong", "cong"}
_ENUMERATOR = re.compile(r"^\s*(?:[ivx]+|[a-z]|\d+(?:\.\d+)*)\s*[.)/]\s+|^\s*[-+•*–]\s*")
_PREFIX_RATE = re.compile(r"^(?:tỷ lệ|tỉ lệ)\s+")
_TRAILING_UNIT = re.compile(r"\s*(?:\([^()]*\)|%)\s*$")


class CleanError(ValueError):
    """Input that cannot be used (a corrupt file, no raw files): nothing is written."""


# ---------------------------------------------------------------------------------------------
# Catalogue lookups
# ---------------------------------------------------------------------------------------------


def _indicator_key(text: str) -> str:
    key = match_key(str(text))
    for _ in range(2):
        key = _ENUMERATOR.sub("", key).strip()
    key = _TRAILING_UNIT.sub("", key).strip()
    key = _PREFIX_RATE.sub("", key).strip()
    return key


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
                self._keys[ingest._key(name)] = row.id
        for word, sid in SECTOR_WORDS.items():
            if sid in set(plan.sectors["id"]):
                self._keys.setdefault(word, sid)

    def match(self, text: str) -> tuple[str | None, str]:
        """Return ``(sector id or "", "")`` or ``(None, reason)``."""
        key = ingest._key(str(text))
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
    """Dictionary-encode a text column: per-row codes and the distinct strings."""
    column = table.column(name)
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    encoded = pc.dictionary_encode(column)
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), (
        encoded.dictionary.to_pylist()
    )


@dataclass
class _Resolved:
    outcome: np.ndarray  # per record: _CLEAN, _QUARANTINED, _NO_DATA, _DUPLICATE
    reason: np.ndarray  # per record: index into _REASONS, -1 when not quarantined
    reason_text: np.ndarray  # object, per record
    observations: pa.Table
    quarantine: pa.Table


class _Resolver:
    """Turns raw records into observations and quarantine rows, column-wise."""

    def __init__(self, raw: pa.Table, plan: Plan, indicators: IndicatorIndex, areas: AreaIndex):
        self.raw, self.plan, self.indicators, self.areas = raw, plan, indicators, areas
        self.n = raw.num_rows
        self.targets = plan.targets.reset_index(drop=True)
        self.reason = np.full(self.n, -1, dtype=np.int64)
        self.reason_text = np.full(self.n, "", dtype=object)
        self.outcome = np.full(self.n, _CLEAN, dtype=np.int8)
        self.notes: list[np.ndarray] = []  # per-record note codes, with their texts
        self.note_texts: list[list[str]] = []

    # -- helpers ------------------------------------------------------------------------------
    def _quarantine(self, mask: np.ndarray, code: str, texts: np.ndarray | str) -> None:
        """Quarantine records in ``mask`` that have no outcome yet."""
        mask = mask & (self.outcome == _CLEAN)
        if not mask.any():
            return
        self.outcome[mask] = _QUARANTINED
        self.reason[mask] = _R[code]
        self.reason_text[mask] = texts[mask] if isinstance(texts, np.ndarray) else texts

    def _add_note(self, codes: np.ndarray, texts: list[str]) -> None:
        self.notes.append(codes)
        self.note_texts.append(texts)

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
        self.rows = self.raw.column("row").to_numpy()
        self.cols = self.raw.column("col").to_numpy()

    def _indicator(self) -> None:
        codes, uniques = _codes(self.raw, "indicator_raw")
        ids = {tid: i for i, tid in enumerate(self.targets["id"])}
        found = np.full(len(uniques) + 1, -1, dtype=np.int64)
        messages = np.full(len(uniques) + 1, "", dtype=object)
        for i, text in enumerate(uniques):
            tid, why = self.indicators.match(text or "")
            found[i] = ids[tid] if tid else -1
            messages[i] = why
        target = found[codes]
        hint_codes, hints = _codes(self.raw, "indicator_id")
        hint_found = np.array([ids.get(h, -1) for h in hints] + [-1], dtype=np.int64)[hint_codes]
        self.target = np.where(hint_found >= 0, hint_found, target)
        self.indicator_message = messages[codes]
        self.unit = np.array(list(self.targets["unit"]) + [""], dtype=object)[self.target]
        self.unit_names = _UNITS
        per_target = [_UNITS.index(u) for u in self.targets["unit"]] + [len(_UNITS) - 1]
        self.unit_code = np.array(per_target, dtype=np.int64)[self.target]

    def _values(self) -> None:
        """Parse values: each distinct (text, unit, number convention) once."""
        numbers = self.raw.column("value_num").to_numpy(zero_copy_only=False)
        flag_codes, flags = _codes(self.raw, "flag")
        flag = np.array(flags, dtype=object)[flag_codes] if flags else np.full(self.n, "")
        value_codes, value_uniques = _codes(self.raw, "value_raw")
        text = np.isnan(numbers) & (flag == "")
        # number convention per file, decided from all its distinct strings
        conv = np.zeros(self.n, dtype=np.int64)
        for f in range(len(self.files)):
            in_file = (self.file_code == f) & text
            distinct = np.unique(value_codes[in_file])
            choice, _ = detect_convention([value_uniques[i] for i in distinct])
            conv[in_file] = 1 if choice == "en" else 0
        units = _UNITS
        key = (value_codes * len(units) + self.unit_code) * 2 + conv
        self.value = np.where(text, np.nan, numbers)
        self.status = np.where(text, "", "ok").astype(object)
        self.parse_note = np.full(self.n, "", dtype=object)
        self.rank_of = np.full(self.n, np.nan)
        self.unit_detected = np.full(self.n, "", dtype=object)
        idx = np.flatnonzero(text)
        if len(idx):
            distinct, inverse = np.unique(key[idx], return_inverse=True)
            d_value = np.full(len(distinct), np.nan)
            d_status = np.empty(len(distinct), dtype=object)
            d_note = np.empty(len(distinct), dtype=object)
            d_rank = np.full(len(distinct), np.nan)
            d_unit = np.empty(len(distinct), dtype=object)
            d_text = distinct // (2 * len(units))
            d_unit_code = (distinct // 2) % len(units)
            d_conv = distinct % 2
            for u in range(len(units)):
                for c in (0, 1):
                    sel = np.flatnonzero((d_unit_code == u) & (d_conv == c))
                    if not len(sel):
                        continue
                    cells = pd.Series([value_uniques[i] for i in d_text[sel]], dtype=object)
                    parsed = parse_values(
                        cells, unit=units[u] or None, convention="en" if c else "vi"
                    )
                    d_value[sel] = parsed["value"].to_numpy(dtype=float)
                    d_status[sel] = parsed["status"].to_numpy(dtype=object)
                    d_note[sel] = parsed["note"].to_numpy(dtype=object)
                    d_rank[sel] = parsed["rank_of"].to_numpy(dtype=float)
                    d_unit[sel] = parsed["unit_detected"].to_numpy(dtype=object)
            self.value[idx] = d_value[inverse]
            self.status[idx] = d_status[inverse]
            self.parse_note[idx] = d_note[inverse]
            self.rank_of[idx] = d_rank[inverse]
            self.unit_detected[idx] = d_unit[inverse]
        formula = flag == "formula"
        if formula.any():
            self.status[formula] = "bad_value"
            self.parse_note[formula] = [
                f"'{value_uniques[c]}' is a formula without a calculated value; open and save "
                "the file in a spreadsheet program"
                for c in value_codes[formula]
            ]
        dates = flag == "date"
        if dates.any():
            self.status[dates] = "bad_value"
            self.parse_note[dates] = [
                f"'{value_uniques[c]}' is a date, not a number" for c in value_codes[dates]
            ]
        # "blank" cannot reach here (ingest keeps non-blank cells only); treat it as no data
        self.outcome[(self.status == "no_data") | (self.status == "blank")] = _NO_DATA

    def _sector(self) -> None:
        codes, uniques = _codes(self.raw, "sector_raw")
        index = SectorIndex(self.plan)
        sids = np.empty(len(uniques) + 1, dtype=object)
        messages = np.full(len(uniques) + 1, "", dtype=object)
        for i, text in enumerate(uniques):
            sid, why = index.match(text or "")
            sids[i], messages[i] = sid, why
        sids[-1] = ""
        order = [""] + list(self.plan.sectors["id"])
        numbers = np.array([order.index(x) if x in order else -1 for x in sids], dtype=np.int64)
        self.sector = sids[codes]
        self.sector_code = numbers[codes]  # 0 none, 1.. the plan's sectors, -1 unknown
        self.sector_names = order
        self.sector_message = messages[codes]

    def _period(self) -> None:
        codes, uniques = _codes(self.raw, "period_raw")
        parsed = parse_periods(pd.Series(uniques, dtype=object))
        self.period_code = codes
        self.p_label = parsed["label"].to_numpy(dtype=object)
        self.p_start = parsed["start"].to_numpy(dtype=object)
        self.p_end = parsed["end"].to_numpy(dtype=object)
        self.p_kind = parsed["kind"].to_numpy(dtype=object)
        self.p_error = parsed["error"].to_numpy(dtype=object)
        self.period_ok = (self.p_error == "")[codes]

    def _area(self) -> None:
        """Match each distinct (area, date bucket, level hint) once."""
        codes, uniques = _codes(self.raw, "area_raw")
        layout_codes, layouts = _codes(self.raw, "layout")
        group_codes, _groups = _codes(self.raw, "area_group")
        hint_codes, hint_values = _codes(self.raw, "level_hint")
        hint = np.array(hint_values, dtype=object)[hint_codes]
        # a bare name fitting a district and a commune: the rest of its column decides
        for g in np.unique(group_codes):
            rows = np.flatnonzero((group_codes == g) & (hint == ""))
            if not len(rows):
                continue
            levels = set()
            for c in np.unique(codes[rows]):
                try:
                    levels.add(self.areas.match(uniques[c]).geo_level)
                except AreaError:
                    pass
            levels.discard("province")  # a province total row says nothing about the others
            if len(levels) == 1:
                hint[rows] = levels.pop()
        # the match depends on the date only through these change points
        breaks = {REORGANISATION_DATE}
        for frame, start, end in (
            (self.areas.areas, "valid_from", "valid_to"),
            (load_area_aliases(), "valid_from", "valid_to"),
        ):
            for text in frame[start]:
                if text:
                    breaks.add(dt.date.fromisoformat(text))
            for text in frame[end]:
                if text:
                    breaks.add(dt.date.fromisoformat(text) + dt.timedelta(days=1))
        ordinals = np.array(sorted(d.toordinal() for d in breaks))
        end_ord = np.array([e.toordinal() if e else 0 for e in self.p_end] + [0], dtype=np.int64)
        record_end = end_ord[self.period_code]
        bucket = np.searchsorted(ordinals, record_end, side="right")
        hint_names = ["", "province", "district", "commune"]
        hint_code = np.zeros(self.n, dtype=np.int64)
        for i, name in enumerate(hint_names[1:], start=1):
            hint_code[hint == name] = i
        layout = np.array(layouts, dtype=object)[layout_codes]
        need = self.period_ok & (self.outcome == _CLEAN)
        key = (codes * (len(ordinals) + 2) + bucket) * 4 + hint_code
        self.area_match: list = []  # AreaMatch per distinct key
        self.area_index = np.full(self.n, -1, dtype=np.int64)
        self.area_error = np.full(self.n, "", dtype=object)
        self.area_reason = np.full(self.n, "", dtype=object)
        self.area_note = np.full(self.n, "", dtype=object)
        rows = np.flatnonzero(need)
        if not len(rows):
            return
        distinct, first, inverse = np.unique(key[rows], return_index=True, return_inverse=True)
        d_index = np.full(len(distinct), -1, dtype=np.int64)
        d_code = np.empty(len(distinct), dtype=object)
        d_text = np.empty(len(distinct), dtype=object)
        d_note = np.full(len(distinct), "", dtype=object)
        province = self.areas.match(PROVINCE_CODE)
        for j, r0 in enumerate(rows[first]):
            text = uniques[codes[r0]] or ""
            level = hint_names[hint_code[r0]] or None
            on = self.p_end[self.period_code[r0]]
            d_code[j], d_text[j] = "", ""
            folded = ingest._key(text)
            try:
                if not text.strip() and layout[r0] == "report":
                    found = province
                    d_note[j] = "no reporting area named: read as the province"
                elif folded in _PROVINCE_WORDS:
                    found = province
                else:
                    found = self.areas.match(text, level=level, on=on)
            except AreaError as exc:
                d_code[j], d_text[j] = exc.reason_code, str(exc)
                continue
            d_index[j] = len(self.area_match)
            self.area_match.append(found)
        self.area_index[rows] = d_index[inverse]
        self.area_reason[rows] = d_code[inverse]
        self.area_error[rows] = d_text[inverse]
        self.area_note[rows] = d_note[inverse]

    def _identify(self) -> None:
        """Quarantine records whose indicator, sector, period or area is not known."""
        self._quarantine(self.target < 0, "unknown_indicator", self.indicator_message)
        bad_sector = self.sector_code < 0
        self._quarantine(bad_sector, "unknown_sector", self.sector_message)
        errors = self.p_error[self.period_code]
        self._quarantine(~self.period_ok, "bad_period", errors)
        for code in ("unknown_area", "ambiguous_area"):
            self._quarantine(self.area_reason == code, code, self.area_error)
        self._quarantine(
            (self.status == "bad_value") & (self.outcome == _CLEAN), "bad_value", self.parse_note
        )

    def _validate(self) -> None:
        """Units, the fraction-percent rule and ranges by unit."""
        ucodes, uniques = _codes(self.raw, "unit_raw")
        stated = [normalise_unit(u) or "" for u in uniques]
        allowed = {("index", "ratio"), ("ratio", "index")}
        key = ucodes * len(_UNITS) + self.unit_code
        distinct, inverse = np.unique(key, return_inverse=True)
        d_bad = np.zeros(len(distinct), dtype=bool)
        d_text = np.full(len(distinct), "", dtype=object)
        for j, k in enumerate(distinct):
            said, unit = stated[k // len(_UNITS)], _UNITS[k % len(_UNITS)]
            if said and unit and said != unit and (unit, said) not in allowed:
                d_bad[j] = True
                d_text[j] = (
                    f"the file states the unit '{uniques[k // len(_UNITS)].strip()}' ({said}), "
                    f"but the indicator is measured in {unit}"
                )
        if d_bad.any():
            self._quarantine(d_bad[inverse], "unit_mismatch", d_text[inverse])
        self._fractions()
        self._ranges()

    def _fractions(self) -> None:
        """A percent indicator written only as values in [0, 1] in a sheet is read ×100."""
        live = (self.outcome == _CLEAN) & (self.unit == "percent")
        rows = np.flatnonzero(live)
        note = np.zeros(self.n, dtype=np.int64)
        texts = [""]
        if len(rows):
            group = (self.file_code[rows] * (len(self.sheets) + 1) + self.sheet_code[rows]) * (
                len(self.targets) + 1
            ) + self.target[rows]
            order = np.argsort(group, kind="stable")
            bounds = np.flatnonzero(np.diff(group[order])) + 1
            for part in np.split(order, bounds):
                sel = rows[part]
                frame = pd.DataFrame(
                    {
                        "value": self.value[sel],
                        "status": "ok",
                        "unit_detected": self.unit_detected[sel],
                    }
                )
                factor, why = fraction_rule(frame)
                if factor != 1.0:
                    self.value[sel] = np.round(self.value[sel] * factor, 10)
                if why:
                    if why not in texts:
                        texts.append(why)
                    note[sel] = texts.index(why)
        self._add_note(note, texts)

    def _ranges(self) -> None:
        targets = self.targets
        limit = np.array(
            [np.nan if v is None or pd.isna(v) else float(v) for v in targets["limit"]] + [np.nan]
        )[self.target]
        kind = np.array(list(targets["kind"]) + [""], dtype=object)[self.target]
        cat_rank = np.array(
            [np.nan if v is None or pd.isna(v) else float(v) for v in targets["rank_of"]] + [np.nan]
        )[self.target]
        v, unit = self.value, self.unit
        live = self.outcome == _CLEAN
        why = np.full(self.n, "", dtype=object)
        bad = np.zeros(self.n, dtype=bool)
        with np.errstate(invalid="ignore"):
            upper = np.where(np.isfinite(limit) & (limit > 100), limit, 100.0)
            pct = live & (unit == "percent")
            growth = kind == "growth"
            b = pct & ~growth & ((v < 0) | (v > upper))
            why[b] = [
                f"{x:g} is outside 0–{u:g} for a percent"
                for x, u in zip(v[b], upper[b], strict=True)
            ]
            bad |= b
            b = pct & growth & (v < -100)
            why[b] = [f"{x:g} is below -100 for a growth rate" for x in v[b]]
            bad |= b
            of = np.where(np.isfinite(self.rank_of), self.rank_of, cat_rank)
            rank = live & (unit == "rank")
            b = rank & ((v < 1) | (np.isfinite(of) & (v > of)) | (v != np.floor(v)))
            why[b] = [
                f"{x:g} is not a rank in 1..{o:g}" if np.isfinite(o) else f"{x:g} is not a rank"
                for x, o in zip(v[b], of[b], strict=True)
            ]
            bad |= b
            b = live & (unit == "count") & (v < 0)
            why[b] = [f"{x:g} is negative for a count" for x in v[b]]
            bad |= b
            b = live & (unit == "yes_no") & ~np.isin(v, (0.0, 1.0))
            why[b] = [f"{x:g} is not yes (1) or no (0)" for x in v[b]]
            bad |= b
            b = live & ~np.isfinite(v)
            why[b] = "the value is not a finite number"
            bad |= b
        self._quarantine(bad, "out_of_range", why)

    def _dedupe(self) -> None:
        """Exact duplicates counted once; conflicts resolved by precedence, then revision."""
        live = np.flatnonzero(self.outcome == _CLEAN)
        self.winner_of = np.full(self.n, -1, dtype=np.int64)
        if not len(live):
            return
        prov_codes, provs = _codes(self.raw, "provenance")
        rank = np.array([PRECEDENCE.get(p, 0) for p in provs], dtype=np.int64)[prov_codes]
        sec = np.maximum(self.sector_code, 0)
        # raw spellings of one period ("Năm 2024", "2024") share a label and kind
        labels = np.array(
            [f"{lab}|{k}" for lab, k in zip(self.p_label, self.p_kind, strict=True)], dtype=str
        )
        _, label_id = np.unique(labels, return_inverse=True)
        period_id = label_id.astype(np.int64)[self.period_code]
        # several spellings ("TP. Dĩ An", "Dĩ An") reach one area: key on (code, vintage)
        places = [(m.geo_code, m.geo_vintage) for m in self.area_match]
        ranks = {p: i for i, p in enumerate(sorted(set(places)))}
        place_id = np.array([ranks[p] for p in places] + [-1], dtype=np.int64)
        area_id = place_id[self.area_index]
        parts = [self.target, sec, area_id, period_id]
        key = np.zeros(self.n, dtype=np.int64)
        for part in parts:
            key = key * (int(part.max()) + 2) + (part + 1)
        k, val, r, s = key[live], self.value[live], rank[live], self._revision()[live]
        # best first within a key: higher precedence, then the later record
        order = np.lexsort((-s, -r, k))
        k_sorted = k[order]
        new_key = np.ones(len(order), dtype=bool)
        new_key[1:] = k_sorted[1:] != k_sorted[:-1]
        key_start = np.maximum.accumulate(np.where(new_key, np.arange(len(order)), 0))
        winner = live[order][key_start]
        # a record equal in value to a better record of its key is a duplicate
        order_v = np.lexsort((-s, -r, val, k))
        kv, vv = k[order_v], val[order_v]
        first_of_value = np.ones(len(order_v), dtype=bool)
        first_of_value[1:] = (kv[1:] != kv[:-1]) | (vv[1:] != vv[:-1])
        duplicate = np.zeros(self.n, dtype=bool)
        duplicate[live[order_v][~first_of_value]] = True
        win_of = np.full(self.n, -1, dtype=np.int64)
        win_of[live[order]] = winner
        is_winner = win_of == np.arange(self.n)
        self.winner_of = win_of
        # records equal to the winner or to another loser: duplicates; others: conflicts
        losers = (self.outcome == _CLEAN) & ~is_winner
        same_as_winner = np.zeros(self.n, dtype=bool)
        idx = np.flatnonzero(losers)
        same_as_winner[idx] = self.value[idx] == self.value[win_of[idx]]
        dup = losers & (same_as_winner | duplicate)
        self.outcome[dup] = _DUPLICATE
        conflict = losers & ~dup
        if conflict.any():
            rows = np.flatnonzero(conflict)
            files = np.array(self.files, dtype=object)
            refs = self.raw.column("ref").take(pa.array(win_of[rows])).to_pylist()
            texts = np.full(self.n, "", dtype=object)
            texts[rows] = [
                f"conflicts with {self.value[w]:g} in {files[self.file_code[w]]} {ref} "
                f"({provs[prov_codes[w]]}), which wins: official > published > synthetic, "
                "then the later file or row"
                for w, ref in zip(win_of[rows], refs, strict=True)
            ]
            self._quarantine(conflict, "conflict", texts)

    def _revision(self) -> np.ndarray:
        """Revision order of records: a file reporting later periods was written later (a
        year-end report with "Ước 2024" precedes the report that runs to 2025); equal files go
        by path; within a file, a later row revises an earlier one."""
        end_ord = np.array([e.toordinal() if e else 0 for e in self.p_end] + [0], dtype=np.int64)
        latest = np.zeros(len(self.files), dtype=np.int64)
        np.maximum.at(latest, self.file_code, end_ord[self.period_code])
        file_rank = _rank_of([(int(latest[f]), name) for f, name in enumerate(self.files)])
        return file_rank[self.file_code] * (self.n + 1) + np.arange(self.n, dtype=np.int64)

    # -- outputs ------------------------------------------------------------------------------
    def _observations(self) -> pa.Table:
        """The clean records, sorted on their key; every text column is built from its
        distinct values (a million rows hold a few thousand distinct strings)."""
        rows = np.flatnonzero(self.outcome == _CLEAN)
        ids = list(self.targets["id"])
        matches = self.area_match
        starts = [d.isoformat() if d else "" for d in self.p_start]
        ends = [d.isoformat() if d else "" for d in self.p_end]
        target, sector = self.target[rows], self.sector_code[rows]
        area, period = self.area_index[rows], self.period_code[rows]
        note_codes, note_texts = self._compose_notes(rows)
        geo_rank = _rank_of([(m.geo_vintage, m.geo_code) for m in matches])
        period_rank = _rank_of(
            list(zip(starts, ends, self.p_label.tolist(), self.p_kind.tolist(), strict=True))
        )
        order = np.lexsort(
            (
                self.cols[rows],
                self.rows[rows],
                self.sheet_code[rows],
                self.file_code[rows],
                period_rank[period] if len(rows) else period,
                geo_rank[area] if len(rows) else area,
                sector,
                _rank_of(ids)[target] if len(rows) else target,
            )
        )
        rows, target, sector = rows[order], target[order], sector[order]
        area, period, note_codes = area[order], period[order], note_codes[order]
        take = pa.array(rows, pa.int64())
        table = {
            "indicator_id": _take(ids, target),
            "sector": _take(self.sector_names, sector),
            "geo_code": _take([m.geo_code for m in matches], area),
            "geo_level": _take([m.geo_level for m in matches], area),
            "geo_name": _take([m.geo_name for m in matches], area),
            "geo_vintage": _take([m.geo_vintage for m in matches], area),
            "period": _take(self.p_label.tolist(), period),
            "period_start": pc.cast(_take(starts, period), pa.date32()),
            "period_end": pc.cast(_take(ends, period), pa.date32()),
            "period_kind": _take(self.p_kind.tolist(), period),
            "value": pa.array(self.value[rows] + 0.0, pa.float64()),
            "unit": _take(list(self.targets["unit"]), target),
            "provenance": self.raw.column("provenance").take(take),
            "source": pc.utf8_trim_whitespace(self.raw.column("source").take(take)),
            "source_file": self.raw.column("file").take(take),
            "source_ref": self.raw.column("ref").take(take),
            "note": _take(note_texts, note_codes),
        }
        return pa.table({name: _flat(table[name]) for name in OBSERVATION_COLUMNS})

    def _compose_notes(self, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Join raw notes, parser notes, area notes and rule notes; each distinct mix once."""
        raw_codes, raw_notes = _codes(self.raw, "note")
        sources: list[tuple[np.ndarray, list[str]]] = [
            (raw_codes[rows], [n.strip() for n in raw_notes]),
        ]
        for values in (self.area_note, self.parse_note):
            codes, uniques = pd.factorize(pd.Series(values[rows], dtype=object))
            sources.append((codes, [str(u) for u in uniques]))
        for codes, texts in zip(self.notes, self.note_texts, strict=True):
            sources.append((codes[rows], texts))
        if not len(rows):
            return np.zeros(0, dtype=np.int64), []
        key = np.zeros(len(rows), dtype=np.int64)
        for codes, texts in sources:
            key = key * (len(texts) + 1) + np.where(codes < 0, len(texts), codes)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
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
            "source_file": self.raw.column("file").take(take),
            "source_ref": self.raw.column("ref").take(take),
            "indicator_raw": self.raw.column("indicator_raw").take(take),
            "area_raw": self.raw.column("area_raw").take(take),
            "period_raw": self.raw.column("period_raw").take(take),
            "value_raw": self.raw.column("value_raw").take(take),
            "reason_code": _text_array(codes),
            "reason": _text_array(self.reason_text[rows][order]),
        }
        return pa.table({name: _flat(table[name]) for name in QUARANTINE_COLUMNS})

    def _file_sheet_rank(self) -> np.ndarray:
        return (
            _rank(np.array(self.files, dtype=object))[self.file_code] * (len(self.sheets) + 1)
            + self.sheet_code
        )


def _rank(values: np.ndarray) -> np.ndarray:
    """Sort rank of each value (equal values share a rank); for lexsort on text columns."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    _, inverse = np.unique(values.astype(str), return_inverse=True)
    return inverse.astype(np.int64)


def _rank_of(items: list) -> np.ndarray:
    """Sort rank of each of a few distinct items (tuples allowed)."""
    ranks = np.zeros(len(items), dtype=np.int64)
    for rank, i in enumerate(sorted(range(len(items)), key=lambda i: items[i])):
        ranks[i] = rank
    return ranks


def _take(uniques: list[str], codes: np.ndarray) -> pa.Array:
    """A text column from its distinct values and per-row codes."""
    dictionary = pa.array(list(uniques) + [""], pa.string())
    return dictionary.take(pa.array(np.asarray(codes, dtype=np.int64), pa.int64()))


def _text_array(values: np.ndarray) -> pa.Array:
    """A text column built from each distinct string once."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    return _take([str(u) for u in uniques], codes)


def _flat(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


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


def _csv_bytes(table: pa.Table) -> bytes:
    columns = []
    for name in table.column_names:
        column = _flat(table.column(name))
        if pa.types.is_string(column.type):
            column = _neutralise(column)
        elif pa.types.is_date(column.type):
            column = pc.cast(column, pa.string())
        columns.append(column)
    out = pa.BufferOutputStream()
    pacsv.write_csv(pa.table(columns, names=table.column_names), out)
    return out.getvalue().to_pybytes()


def _parquet_bytes(table: pa.Table) -> bytes:
    out = pa.BufferOutputStream()
    pq.write_table(
        table,
        out,
        compression="zstd",
        use_dictionary=True,
        write_statistics=True,
        store_schema=False,  # no pandas/arrow metadata blob: the bytes depend on the data only
    )
    return out.getvalue().to_pybytes()


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
    "geo_level": ["province", "district", "commune"],
    "period_kind": ["official", "preliminary", "estimate"],
    "provenance": list(PRECEDENCE),
    "unit": ["percent", "rank", "ratio", "index", "count", "yes_no"],
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


def _datapackage(blobs: dict[str, bytes]) -> bytes:
    def resource(name: str, path: str, columns: list[str], key: list[str] | None) -> dict:
        data = blobs[path]
        return {
            "name": name,
            "path": path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
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


def _write_outputs(out_dir: Path, blobs: dict[str, bytes]) -> dict[str, Path]:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        for name in OUTPUT_FILES:
            (tmp / name).write_bytes(blobs[name])
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
        status = "empty" if counts["records_read"] == 0 and read.target_cells == 0 else "ok"
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
    raw = raw.combine_chunks()

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
    blobs = {
        "observations.parquet": _parquet_bytes(resolved.observations),
        "observations.csv": _csv_bytes(resolved.observations),
        "quarantine.csv": _csv_bytes(resolved.quarantine),
    }
    report = json.dumps(result.report(), ensure_ascii=False, indent=2) + "\n"
    blobs["clean_report.json"] = report.encode("utf-8")
    blobs["datapackage.json"] = _datapackage(blobs)
    result.paths = _write_outputs(out_path, blobs)
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
