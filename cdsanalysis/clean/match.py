"""Matching raw cells to the catalogue: indicators, sectors and areas.

Each distinct raw string is matched once; the functions return per-record integer codes into
the catalogue (-1 when nothing matched) and, beside them, the reason in plain words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from cdsanalysis.base.geography import (
    PROVINCE_CODE,
    REORGANISATION_DATE,
    AreaError,
    AreaIndex,
    AreaMatch,
    load_area_aliases,
)
from cdsanalysis.base.periods import parse_periods
from cdsanalysis.base.plan import Plan
from cdsanalysis.base.text import fold, fold_key, match_key, normalise_text
from cdsanalysis.base.vocabulary import UNITS
from cdsanalysis.clean.arrays import codes_of, factorize

#: Units of the catalogue, and "" for a record whose indicator is not known.
UNIT_CODES = [*UNITS, ""]
#: Level hints of an area column, by code (0: no hint).
LEVEL_HINTS = ["", "province", "district", "commune"]

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
_ENUMERATOR = re.compile(r"^\s*(?:[IVXivx]+|[A-Za-z]|\d+(?:\.\d+)*)\s*[.)/]\s+|^\s*[-+•*–]\s*")
_PREFIX_RATE = re.compile(r"^(?:tỷ lệ|tỉ lệ)\s+")
_TRAILING_UNIT = re.compile(r"\s*(?:\([^()]*\)|%)\s*$")


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
                self._keys[fold_key(name)] = row.id
        for word, sid in SECTOR_WORDS.items():
            if sid in set(plan.sectors["id"]):
                self._keys.setdefault(word, sid)

    def match(self, text: str) -> tuple[str | None, str]:
        """Return ``(sector id or "", "")`` or ``(None, reason)``."""
        key = fold_key(str(text))
        key = re.sub(r"^(?:linh vuc|nganh|so)\s+", "", key)
        if key in _NO_SECTOR:
            return "", ""
        if key in self._keys:
            return self._keys[key], ""
        return None, f"'{str(text).strip()}' is not a sector of the plan"


# ---------------------------------------------------------------------------------------------
# Per record
# ---------------------------------------------------------------------------------------------

#: Per-record codes into a list of texts: ``(codes, texts)``, code -1 for "".
Texts = tuple[np.ndarray, list[str]]


@dataclass
class IndicatorMatch:
    """Per record: ``target`` (row of the catalogue, -1 unknown), ``unit_code`` (into
    :data:`UNIT_CODES`) and ``texts``: why an indicator did not match."""

    target: np.ndarray
    unit_code: np.ndarray
    texts: Texts


def match_indicators(raw: pa.Table, targets: pd.DataFrame, index: IndicatorIndex) -> IndicatorMatch:
    """Match each distinct indicator cell once; an id the reader found (``indicator_id``) wins."""
    codes, uniques = codes_of(raw, "indicator_raw")
    ids = {tid: i for i, tid in enumerate(targets["id"])}
    found = np.full(len(uniques) + 1, -1, dtype=np.int64)
    messages = []
    for i, text in enumerate(uniques):
        tid, why = index.match(text or "")
        found[i] = ids[tid] if tid else -1
        messages.append(why)
    hint_codes, hints = codes_of(raw, "indicator_id")
    hinted = np.array([ids.get(h, -1) for h in hints] + [-1], dtype=np.int64)[hint_codes]
    target = np.where(hinted >= 0, hinted, found[codes])
    per_target = [UNIT_CODES.index(u) for u in targets["unit"]] + [len(UNIT_CODES) - 1]
    unit_code = np.array(per_target, dtype=np.int64)[target]
    return IndicatorMatch(target, unit_code, (codes, messages))


@dataclass
class SectorMatch:
    """Per record: ``code`` into ``names`` ("" first, then the plan's sector ids; -1 unknown)
    and ``texts``: why a sector did not match."""

    code: np.ndarray
    names: list[str]
    texts: Texts


def match_sectors(raw: pa.Table, plan: Plan) -> SectorMatch:
    """Match each distinct sector cell once."""
    codes, uniques = codes_of(raw, "sector_raw")
    index = SectorIndex(plan)
    names = [""] + list(plan.sectors["id"])
    numbers, messages = [], []
    for text in uniques:
        sid, why = index.match(text or "")
        numbers.append(names.index(sid) if sid is not None else -1)
        messages.append(why)
    code = np.array(numbers + [0], dtype=np.int64)[codes]  # -1 unknown
    return SectorMatch(code, names, (codes, messages))


@dataclass
class Periods:
    """The distinct periods (``label``, ``start``, ``end``, ``kind``) and per record: ``code``
    into them, ``ok`` (readable), ``end_ord`` (ordinal of the last day) and ``texts`` (why a
    period cannot be read)."""

    code: np.ndarray
    label: np.ndarray
    start: np.ndarray
    end: np.ndarray
    kind: np.ndarray
    ok: np.ndarray
    end_ord: np.ndarray
    texts: Texts


def read_periods(raw: pa.Table) -> Periods:
    """Read each distinct period cell once with the period grammar."""
    codes, uniques = codes_of(raw, "period_raw")
    parsed = parse_periods(pd.Series(uniques, dtype=object))
    ends = parsed["end"].to_numpy(dtype=object)
    errors = parsed["error"].tolist()
    return Periods(
        code=codes,
        label=parsed["label"].to_numpy(dtype=object),
        start=parsed["start"].to_numpy(dtype=object),
        end=ends,
        kind=parsed["kind"].to_numpy(dtype=object),
        ok=np.array([e == "" for e in errors] + [False], dtype=bool)[codes],
        end_ord=np.array([e.toordinal() if e else 0 for e in ends] + [0])[codes],
        texts=(codes, errors),
    )


def level_hints(
    raw: pa.Table, codes: np.ndarray, uniques: list[str], areas: AreaIndex
) -> np.ndarray:
    """Per-record level hint (into :data:`LEVEL_HINTS`): the column's header, else the level all
    the other names of the column share ("Dĩ An" among districts is the district)."""
    n = raw.num_rows
    hint_codes, hint_values = codes_of(raw, "level_hint")
    from_header = np.array([LEVEL_HINTS.index(h) if h in LEVEL_HINTS else 0 for h in hint_values])
    hint = from_header[hint_codes] if len(hint_values) else np.zeros(n, dtype=np.int64)
    group_codes, groups = codes_of(raw, "area_group")
    open_rows = np.flatnonzero(hint == 0)
    if not len(open_rows):
        return hint
    pairs, _, _ = factorize(
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
                    level_of[c] = areas.match(uniques[c]).geo_level
                except AreaError:
                    level_of[c] = ""
            levels.add(level_of[c])
        levels -= {"", "province"}  # a province total row says nothing about the others
        if len(levels) == 1:
            per_group[g] = LEVEL_HINTS.index(levels.pop())
    return np.where(hint == 0, per_group[group_codes], hint)


@dataclass
class AreaMatches:
    """The distinct areas matched (``found``) and per record: ``index`` into them (-1 none),
    and, per distinct match key (``key`` per record), the reason code, its text and a note."""

    found: list[AreaMatch]
    index: np.ndarray
    key: np.ndarray
    reasons: list[str]
    texts: list[str]
    notes: list[str]


def _date_buckets(areas: AreaIndex, end_ord: np.ndarray) -> tuple[np.ndarray, int]:
    """Per record, which span between the area lists' change points its period ends in."""
    breaks = {REORGANISATION_DATE}
    for frame in (areas.areas, load_area_aliases()):
        for text in frame["valid_from"]:
            if text:
                breaks.add(dt.date.fromisoformat(text))
        for text in frame["valid_to"]:
            if text:
                breaks.add(dt.date.fromisoformat(text) + dt.timedelta(days=1))
    ordinals = np.array(sorted(d.toordinal() for d in breaks))
    return np.searchsorted(ordinals, end_ord, side="right"), len(ordinals)


def match_areas(
    raw: pa.Table, areas: AreaIndex, periods: Periods, is_report: np.ndarray, live: np.ndarray
) -> AreaMatches:
    """Match each distinct (area, date bucket, level hint, layout) of the ``live`` records with a
    readable period once; a report naming no area is the province."""
    codes, uniques = codes_of(raw, "area_raw")
    hint = level_hints(raw, codes, uniques, areas)
    # the match depends on the date only through the change points of the area lists
    bucket, n_breaks = _date_buckets(areas, periods.end_ord)
    key = ((codes * (n_breaks + 2) + bucket) * 4 + hint) * 2 + is_report
    rows = np.flatnonzero(periods.ok & live)
    found: list[AreaMatch] = []
    area_key = np.full(raw.num_rows, -1, dtype=np.int64)
    d_index, d_reason, d_text, d_note = [], [], [], []
    if len(rows):
        _, first, inverse = factorize(key[rows])
        area_key[rows] = inverse
        province = areas.match(PROVINCE_CODE)
        for r0 in rows[first]:
            text = uniques[codes[r0]] or ""
            note = ""
            try:
                if not text.strip() and is_report[r0]:
                    match = province
                    note = "no reporting area named: read as the province"
                else:
                    level = LEVEL_HINTS[hint[r0]] or None
                    on = periods.end[periods.code[r0]]
                    match = areas.match(text, level=level, on=on)
            except AreaError as exc:
                d_index.append(-1)
                d_reason.append(exc.reason_code)
                d_text.append(str(exc))
                d_note.append("")
                continue
            d_index.append(len(found))
            found.append(match)
            d_reason.append("")
            d_text.append("")
            d_note.append(note)
    index = np.array(d_index + [-1], dtype=np.int64)[area_key]
    return AreaMatches(found, index, area_key, d_reason, d_text, d_note)
