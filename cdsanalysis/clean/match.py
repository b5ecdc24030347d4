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
from cdsanalysis.base.text import fold_key
from cdsanalysis.base.vocabulary import UNITS
from cdsanalysis.clean.aliases import load_indicator_aliases
from cdsanalysis.clean.arrays import codes_of, factorize
from cdsanalysis.clean.wording import Match, WordingMatcher, format_candidates

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


class IndicatorIndex:
    """The cleaner's reading of indicator labels: one :class:`WordingMatcher` over the plan and
    the analyst's reviewed aliases (``data/reference/indicator_aliases.csv``).

    Parameters
    ----------
    plan : Plan
    reviewed : pandas.DataFrame, optional
        The reviewed aliases; read from ``data/reference`` when not given.
    """

    def __init__(self, plan: Plan, reviewed: pd.DataFrame | None = None):
        self.matcher = WordingMatcher(
            plan, load_indicator_aliases() if reviewed is None else reviewed
        )

    def match(self, text: str, sector: str | None = None) -> Match:
        """Read one label (cached per label and sector by the matcher)."""
        return self.matcher.match(text or "", sector)

    def find_in_text(self, text: str) -> str | None:
        """The one catalogue indicator a title line or sheet name names, if any.

        Only the exact stages count here (a title is not a label to guess at), then a
        catalogue name or alias written inside the text.
        """
        found = self.matcher.exact_match(text)
        if found is not None and found.indicator_id:
            return found.indicator_id
        return self.matcher.named_in(text)


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
    :data:`UNIT_CODES`) and, as per-record codes into texts: ``texts`` (why an indicator did not
    match), ``notes`` (how a label was read, for the observation's note), ``candidates`` (the
    closest entries of a label that did not match, "id (score); …") and ``hints_vi`` (the
    matcher's Vietnamese note of a miss, "… Có phải: G5 …?", for the clean report)."""

    target: np.ndarray
    unit_code: np.ndarray
    texts: Texts
    notes: Texts
    candidates: Texts
    hints_vi: Texts


def match_indicators(
    raw: pa.Table, targets: pd.DataFrame, index: IndicatorIndex, sector: SectorMatch
) -> IndicatorMatch:
    """Read each distinct (indicator cell, sector) once; an id the reader found
    (``indicator_id``: a sidecar, a title line) wins over the cell."""
    codes, uniques = codes_of(raw, "indicator_raw")
    ids = {tid: i for i, tid in enumerate(targets["id"])}
    pair = (codes + 1) * (len(sector.names) + 1) + (sector.code + 1)
    _, first, inverse = factorize(pair)
    found, reasons, notes, candidates, hints = [], [], [], [], []
    for r0 in first:
        label = uniques[codes[r0]] if codes[r0] >= 0 else ""
        s = sector.code[r0]
        read = index.match(label or "", sector.names[s] if s > 0 else None)
        found.append(ids[read.indicator_id] if read.indicator_id else -1)
        missed = read.indicator_id is None
        reasons.append(read.note_en if missed else "")
        notes.append("" if missed else read.note_en)
        candidates.append(format_candidates(read.candidates) if missed else "")
        hints.append(read.note_vi if missed else "")
    hint_codes, hint_ids = codes_of(raw, "indicator_id")
    hinted = np.array([ids.get(h, -1) for h in hint_ids] + [-1], dtype=np.int64)[hint_codes]
    target = np.where(hinted >= 0, hinted, np.array(found + [-1], dtype=np.int64)[inverse])
    per_target = [UNIT_CODES.index(u) for u in targets["unit"]] + [len(UNIT_CODES) - 1]
    unit_code = np.array(per_target, dtype=np.int64)[target]
    by_label = np.where(hinted >= 0, -1, inverse)  # a hinted record owes nothing to its cell
    return IndicatorMatch(
        target,
        unit_code,
        (by_label, reasons),
        (by_label, notes),
        (by_label, candidates),
        (by_label, hints),
    )


def unmatched_label_messages(
    file_code: np.ndarray, files: list[str], quarantined: np.ndarray, indicator: IndicatorMatch
) -> dict[str, list[str]]:
    """Per file, the matcher's Vietnamese note of each distinct label quarantined as an unknown
    indicator ("'…' không phải chỉ tiêu của kế hoạch. Có phải: G5 …?"), for the clean report."""
    codes, hints = indicator.hints_vi
    rows = np.flatnonzero(quarantined & (codes >= 0))
    out: dict[str, list[str]] = {}
    if not len(rows):
        return out
    pairs, _, _ = factorize(file_code[rows] * (len(hints) + 1) + codes[rows], first=False)
    for f, c in zip(*np.divmod(pairs, len(hints) + 1), strict=True):
        if hints[c]:
            out.setdefault(files[f], []).append(hints[c])
    return out


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
