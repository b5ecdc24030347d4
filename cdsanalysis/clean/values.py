"""Reading the value cells: each distinct (text, unit, number convention) parsed once.

The number convention (Vietnamese or English separators) is decided per file from all its
distinct strings; a number that reads either way ("1,234") read the English way is noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from cdsanalysis.base.number_format import detect_convention
from cdsanalysis.base.values import parse_values
from cdsanalysis.clean.arrays import codes_of, factorize
from cdsanalysis.clean.match import UNIT_CODES

#: Parse status codes of a record.
OK, NO_DATA_MARK, BLANK, BAD = 0, 1, 2, 3
_STATUS = {"ok": OK, "no_data": NO_DATA_MARK, "blank": BLANK, "bad_value": BAD}
# One separator before exactly three digits: "1,234" or "1.234", thousands or decimal.
_AMBIGUOUS_NUMBER = re.compile(r"(?<![0-9.,])[1-9][0-9]{0,2}[.,][0-9]{3}(?![0-9.,])")
_FLAG_WORDS = {
    "formula": "'{}' is a formula without a calculated value; open and save the file "
    "in a spreadsheet program",
    "date": "'{}' is a date, not a number",
}


@dataclass
class Values:
    """Per record: ``value`` (NaN when none), parse ``status``, ``rank_of`` (N of "19/63"),
    ``percent_shown`` (the cell wrote "%"), ``note`` (code into ``notes``) and ``extra_notes``
    (further per-record notes, as codes and texts)."""

    value: np.ndarray
    status: np.ndarray
    rank_of: np.ndarray
    percent_shown: np.ndarray
    note: np.ndarray
    notes: list[str] = field(default_factory=lambda: [""])
    extra_notes: list[tuple[np.ndarray, list[str]]] = field(default_factory=list)
    _codes: dict[str, int] = field(default_factory=lambda: {"": 0}, repr=False)

    def note_code(self, text: str) -> int:
        """The code of a note text, added to ``notes`` when new."""
        if text not in self._codes:
            self._codes[text] = len(self.notes)
            self.notes.append(text)
        return self._codes[text]


def _ambiguous_english(cells: pd.Series, parsed: pd.DataFrame) -> list[int]:
    """Positions of cells read the English way without a note that hold an ambiguous number."""
    return [
        k
        for k, (cell, status, note) in enumerate(
            zip(cells, parsed["status"], parsed["note"], strict=True)
        )
        if status == "ok" and not note and _AMBIGUOUS_NUMBER.search(str(cell))
    ]


def _conventions(
    file_code: np.ndarray, n_files: int, value_codes: np.ndarray, uniques: list, idx: np.ndarray
) -> np.ndarray:
    """Per file: 1 when its distinct strings write numbers the English way, else 0."""
    per_file = np.zeros(n_files + 1, dtype=np.int64)
    if len(idx):
        pairs, _, _ = factorize(file_code[idx] * (len(uniques) + 1) + value_codes[idx], first=False)
        files_of, values_of = np.divmod(pairs, len(uniques) + 1)
        for f in np.unique(files_of):
            strings = [uniques[v] for v in values_of[files_of == f]]
            per_file[f] = 1 if detect_convention(strings)[0] == "en" else 0
    return per_file


def _parse_distinct(values: Values, idx: np.ndarray, key: np.ndarray, uniques: list) -> None:
    """Parse the cells of records ``idx``: each distinct key (text, unit, convention) once."""
    units = UNIT_CODES
    distinct, _, inverse = factorize(key, first=False)
    d_value = np.full(len(distinct), np.nan)
    d_status = np.zeros(len(distinct), dtype=np.int8)
    d_note = np.zeros(len(distinct), dtype=np.int64)
    d_rank = np.full(len(distinct), np.nan)
    d_pct = np.zeros(len(distinct), dtype=bool)
    d_text, d_unit, d_conv = (
        distinct // (2 * len(units)),
        (distinct // 2) % len(units),
        distinct % 2,
    )
    for u in range(len(units)):
        for c in (0, 1):
            sel = np.flatnonzero((d_unit == u) & (d_conv == c))
            if not len(sel):
                continue
            cells = pd.Series([uniques[i] for i in d_text[sel]], dtype=object)
            parsed = parse_values(cells, unit=units[u] or None, convention="en" if c else "vi")
            d_value[sel] = parsed["value"].to_numpy(dtype=float)
            d_status[sel] = [_STATUS[s] for s in parsed["status"]]
            d_note[sel] = [values.note_code(str(t)) for t in parsed["note"]]
            if c:  # the parser reads the English way quietly; a Vietnamese reader
                # expects the other reading of "1,234", so it is said here
                for k in _ambiguous_english(cells, parsed):
                    d_note[sel[k]] = values.note_code(
                        f"'{cells[k].strip()}' read as {parsed['value'][k]:.15g} (the "
                        "file writes numbers the English way: ',' groups thousands, "
                        "'.' is the decimal point)"
                    )
            d_rank[sel] = parsed["rank_of"].to_numpy(dtype=float)
            d_pct[sel] = (parsed["unit_detected"] == "percent").to_numpy(dtype=bool)
    values.value[idx] = d_value[inverse]
    values.status[idx] = d_status[inverse]
    values.note[idx] = d_note[inverse]
    values.rank_of[idx] = d_rank[inverse]
    values.percent_shown[idx] = d_pct[inverse]


def read_values(
    raw: pa.Table, file_code: np.ndarray, n_files: int, unit_code: np.ndarray
) -> Values:
    """Parse the value cells of ``raw``, given each record's file and catalogue unit.

    Numbers the reader already holds (``value_num``) are kept; text is parsed; cells the
    reader flagged as a formula without a value or a date are ``BAD``, and a cell formatted
    as a percent is noted.
    """
    n = raw.num_rows
    numbers = raw.column("value_num").to_numpy(zero_copy_only=False)
    flag_codes, flags = codes_of(raw, "flag")
    flag_of = {name: i for i, name in enumerate(flags)}
    no_flag = flag_codes == flag_of.get("", -1) if flags else np.ones(n, dtype=bool)
    value_codes, value_uniques = codes_of(raw, "value_raw")
    text = np.isnan(numbers) & no_flag
    idx = np.flatnonzero(text)
    conv = _conventions(file_code, n_files, value_codes, value_uniques, idx)[file_code]
    values = Values(
        value=np.where(text, np.nan, numbers),
        status=np.full(n, OK, dtype=np.int8),
        rank_of=np.full(n, np.nan),
        percent_shown=np.zeros(n, dtype=bool),
        note=np.zeros(n, dtype=np.int64),
    )
    if len(idx):
        key = (value_codes[idx] * len(UNIT_CODES) + unit_code[idx]) * 2 + conv[idx]
        _parse_distinct(values, idx, key, value_uniques)
    for flag, words in _FLAG_WORDS.items():
        rows = np.flatnonzero(flag_codes == flag_of[flag]) if flag in flag_of else []
        for r in rows:
            values.status[r] = BAD
            values.note[r] = values.note_code(words.format(value_uniques[value_codes[r]]))
    if "percent" in flag_of:
        shown = (flag_codes == flag_of["percent"]).astype(np.int64)
        values.percent_shown |= shown.astype(bool)
        values.extra_notes.append((shown, ["", "a cell formatted as a percent: stored ×100"]))
    return values
