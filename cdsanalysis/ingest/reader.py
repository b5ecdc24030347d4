"""Raw readers: agency files (CSV, XLSX, every sheet) to raw records, whatever their layout.

Three layouts are recognised from their header row (Vietnamese or English names, any case,
diacritics or spacing; see DESIGN "Raw layouts"):

- **long**: one observation a row (indicator, area, sector, period, value, unit, source, note);
- **report**: how agencies report: title lines, one or two header rows with merged cells,
  indicators in rows, periods in columns, plan/target columns, section rows, notes and a
  signature block below;
- **matrix**: areas × periods for one indicator (named in a title line, the sheet name, the
  sidecar or the file name), or areas × indicators for one period.

A raw record is one non-blank cell in a value column of a data row; cells of plan/target columns
are only counted (``target_cells``). Nothing is interpreted here beyond locating the cells: the
cleaner (:mod:`cdsanalysis.clean.run`) parses, matches and validates. Records come back as a
:class:`pyarrow.Table` with the columns :data:`RAW_COLUMNS`, so that a million-row long CSV is read
column-wise without a Python object per cell.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import yaml
from openpyxl.utils import get_column_letter

from cdsanalysis.base.periods import PeriodError, parse_period
from cdsanalysis.base.text import fold, normalise_text
from cdsanalysis.base.units import normalise_unit
from cdsanalysis.base.vocabulary import LAYOUTS, PROVENANCES
from cdsanalysis.ingest import tcvn3, xlsx_guard

SIDECAR_SUFFIX = ".meta.yaml"
SIDECAR_KEYS = ("indicator", "sector", "unit", "area", "source", "layout", "provenance", "period")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
#: Spreadsheet formats that cannot be read: reported as failed files, never skipped silently.
UNSUPPORTED_SUFFIXES = (".xls", ".ods", ".xlsb", ".numbers")

#: Columns of the raw record table, all text except ``row``, ``col`` and ``value_num``.
RAW_COLUMNS = [
    "file",  # path relative to the raw folder, "/" separators
    "sheet",  # sheet name; "" for CSV
    "ref",  # "Sheet!B12" (XLSX) or "B12" (CSV)
    "layout",
    "provenance",
    "indicator_raw",
    "indicator_id",  # set when the indicator was found by searching a title or name
    "area_raw",
    "sector_raw",
    "period_raw",
    "value_raw",
    "unit_raw",
    "source",
    "note",
    "level_hint",  # district | commune | "" from the area column's header
    "area_group",  # cells whose areas are read together (one column of one sheet)
    # "" | "formula" (no cached value) | "date" (a date where a number belongs) | "percent" (a
    # number formatted as a percent: value_num is already ×100)
    "flag",
    "row",
    "col",
    "value_num",  # the number of a numeric spreadsheet cell; NaN for text
]
_TEXT_COLUMNS = RAW_COLUMNS[:17]
# Text columns are dictionary-encoded: a million cells hold a few thousand distinct strings,
# and the cleaner works on the codes. Cell references are unique, so plain text.
_DICT = pa.dictionary(pa.int32(), pa.string())
RAW_SCHEMA = pa.schema(
    [pa.field(name, pa.string() if name == "ref" else _DICT) for name in _TEXT_COLUMNS]
    + [
        pa.field("row", pa.int64()),
        pa.field("col", pa.int32()),
        pa.field("value_num", pa.float64()),
    ]
)

_HEADER_SCAN_ROWS = 60
_UNREAD_SHOWN = 20  # columns named in the "columns not read" message


class IngestError(ValueError):
    """A file that cannot be read at all; the message names the file and the reason."""


@dataclass
class SheetRead:
    """What one sheet (or CSV file) gave."""

    sheet: str
    layout: str  # long | report | matrix | "" (nothing recognised)
    records: pa.Table
    target_cells: int = 0
    message: str = ""


@dataclass
class FileRead:
    """What one raw file gave: its sheets, provenance and plain-words messages."""

    file: str
    provenance: str
    sheets: list[SheetRead] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def layout(self) -> str:
        """The layouts found, joined with "+" ("report", "long+matrix"); "" when none."""
        return "+".join(sorted({s.layout for s in self.sheets if s.layout}))

    @property
    def target_cells(self) -> int:
        """Non-blank cells of plan/target columns, over all sheets."""
        return sum(s.target_cells for s in self.sheets)

    @property
    def records(self) -> pa.Table:
        """All sheets' records as one table (schema :data:`RAW_SCHEMA`)."""
        tables = [s.records for s in self.sheets if s.records.num_rows]
        return pa.concat_tables(tables) if tables else RAW_SCHEMA.empty_table()


# ---------------------------------------------------------------------------------------------
# Files, sidecars, provenance
# ---------------------------------------------------------------------------------------------


def find_raw_files(raw_dir: str | Path) -> list[Path]:
    """List the table files below ``raw_dir``, sorted by their relative path.

    CSV/TSV and XLSX/XLSM files are returned, and also old or foreign spreadsheet formats
    (.xls, .ods) so that the reader can say why it cannot read them. Hidden files, Excel lock
    files ("~$...") and sidecars are left out.
    """
    root = Path(raw_dir)
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith((".", "~$")) for part in rel.parts) or not path.is_file():
            continue
        if path.name.endswith(SIDECAR_SUFFIX):
            continue
        if path.suffix.lower() in TABLE_SUFFIXES + UNSUPPORTED_SUFFIXES:
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_sidecar(path: str | Path) -> dict[str, str]:
    """Read ``<file>.meta.yaml`` beside ``path``; an empty dict when there is none.

    Raises
    ------
    IngestError
        When the sidecar is not YAML, not a mapping, or states an unknown layout or provenance.
    """
    sidecar = Path(str(path) + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        document = yaml.safe_load(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IngestError(f"{sidecar.name}: not a readable YAML sidecar ({exc})") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise IngestError(f"{sidecar.name}: a sidecar must be a mapping (indicator: ..., ...)")
    meta = {}
    for key, value in document.items():
        key = str(key).strip().lower()
        if key in SIDECAR_KEYS and value is not None:
            meta[key] = str(value).strip()
    if meta.get("layout") and meta["layout"] not in LAYOUTS:
        raise IngestError(
            f"{sidecar.name}: layout {meta['layout']!r} is not one of {', '.join(LAYOUTS)}"
        )
    if meta.get("provenance") and meta["provenance"] not in PROVENANCES:
        raise IngestError(
            f"{sidecar.name}: provenance {meta['provenance']!r} is not one of "
            f"{', '.join(PROVENANCES)}"
        )
    return meta


def folder_provenance(rel_path: str) -> str:
    """Provenance implied by the folder: under ``demo/`` synthetic, ``published/`` published,
    anything else official."""
    parts = [fold(p) for p in rel_path.split("/")[:-1]]
    if "demo" in parts:
        return "synthetic"
    if "published" in parts:
        return "published"
    return "official"


_PROVENANCE_WORDS = {
    "official": "official",
    "chinh thuc": "official",
    "published": "published",
    "cong bo": "published",
    "da cong bo": "published",
    "synthetic": "synthetic",
    "demo": "synthetic",
    "gia lap": "synthetic",
    "mo phong": "synthetic",
}


# ---------------------------------------------------------------------------------------------
# Header, title and footer recognition
# ---------------------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Folded header key: no diacritics, lower case, punctuation as spaces ("%" kept)."""
    folded = fold(text)
    folded = re.sub(r"[^0-9a-z%#]+", " ", folded)
    return folded.strip()


_ROLE_KEYS: dict[str, set[str]] = {
    "stt": {"stt", "tt", "so tt", "so thu tu", "thu tu", "no", "#"},
    "indicator_id": {
        "ma chi tieu",
        "ma chi so",
        "indicator id",
        "indicator code",
        "id chi tieu",
        "target id",
    },
    "indicator": {
        "chi tieu",
        "ten chi tieu",
        "noi dung",
        "noi dung chi tieu",
        "chi so",
        "ten chi so",
        "tieu chi",
        "ten tieu chi",
        "indicator",
        "indicator name",
    },
    "area_code": {
        "ma dvhc",
        "ma don vi",
        "ma dia ban",
        "ma dia phuong",
        "ma hanh chinh",
        "geo code",
        "area code",
    },
    "area": {
        "don vi hanh chinh",
        "dvhc",
        "dia ban",
        "dia phuong",
        "ten dia phuong",
        "ten dvhc",
        "don vi",
        "ten don vi",
        "don vi bao cao",
        "co quan don vi",
        "dia ban don vi",
        "huyen thanh pho",
        "huyen thi xa thanh pho",
        "huyen thi xa",
        "xa phuong",
        "xa phuong thi tran",
        "phuong xa",
        "phuong xa thi tran",
        "area",
        "area name",
        "geo",
        "geo name",
        "district",
        "commune",
    },
    "sector": {"linh vuc", "nganh", "nganh linh vuc", "linh vuc nganh", "sector", "sector id"},
    "period": {
        "ky",
        "ky bao cao",
        "ky so lieu",
        "thoi gian",
        "thoi gian bao cao",
        "thoi ky",
        "thoi diem",
        "nam",
        "period",
        "year",
    },
    "value": {
        "gia tri",
        "value",
        "so lieu",
        "ket qua",
        "gia tri thuc hien",
        "ket qua thuc hien",
    },
    "unit": {"don vi tinh", "dvt", "dv tinh", "don vi do", "unit"},
    "source": {"nguon", "nguon so lieu", "nguon du lieu", "source"},
    "note": {"ghi chu", "chu thich", "note", "notes"},
    "provenance": {"provenance", "loai du lieu", "nguon goc du lieu"},
}
_KEY_ROLE = {key: role for role, keys in _ROLE_KEYS.items() for key in keys}
# A report column that holds results without naming the period (taken from the title).
_GENERIC_VALUE = {"thuc hien", "ket qua", "gia tri", "so lieu", "ket qua thuc hien"}
_GENERIC_ESTIMATE = {"uoc thuc hien", "uoc th", "uoc tinh", "uoc"}
_TARGET = re.compile(
    r"^(?:ke hoach|muc tieu|chi tieu giao|chi tieu ke hoach|kh|target|plan)\b|^chi tieu\b.*\d{4}"
)
_IDENTITY_ROLES = {"stt", "indicator", "indicator_id", "area", "area_code", "unit"}
_PARENS = re.compile(r"\(([^()]*)\)")
_COLUMN_NUMBERS = re.compile(r"^\(?[0-9a-z]{1,2}\)?(?:\s*=.*)?$", re.IGNORECASE)
_FOOTER = re.compile(
    r"^(?:\*\s*)?(?:ghi chu|chu thich|luu y|nguon|nguoi lap|lap bieu|thu truong|kt\b|tm\b|"
    r"giam doc|pho giam doc|chu tich|noi nhan|xac nhan|ky ten|ky, ghi ro)"
)
_FOOTER_DATE = re.compile(r"^[^,]{0,60},?\s*ngay\b.*\bthang\b.*\bnam\b")
_TOTAL_WORDS = {"tong", "tong cong", "cong", "tong so", "chung"}
_AGENCY = re.compile(
    r"^(?:so|ban|van phong|cuc|chi cuc|trung tam|cong an|bo|bo chi huy|kho bac|"
    r"bao hiem|dai|truong)\b"
)


@dataclass
class _Column:
    """One table column as the header names it."""

    index: int
    text: str  # header text (two rows joined)
    role: str | None  # a _ROLE_KEYS role, "target", "period_col", "value_col", "indicator_col"
    unit: str = ""  # unit stated in the header's parentheses ("Giá trị (%)")
    level_hint: str = ""


@dataclass
class _Header:
    row: int  # 0-based index of the (first) header row
    rows: int  # 1 or 2 header rows
    layout: str
    columns: list[_Column]

    def of(self, *roles: str) -> list[_Column]:
        return [c for c in self.columns if c.role in roles]


def _cell_text(value: Any) -> str:
    """A cell as display text (numbers without a trailing ".0", dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _is_period(text: str) -> bool:
    if not text or len(text) > 60:
        return False
    try:
        parse_period(text)
    except PeriodError:
        return False
    return True


def _level_from_header(key: str) -> str:
    words = key.split()
    if words and words[0] in ("huyen", "district"):
        return "district"
    if words and words[0] in ("xa", "phuong", "commune"):
        return "commune"
    return ""


def _classify(text: str, lookup: Callable[[str], str | None] | None) -> _Column:
    """Say what a header cell names."""
    shown = normalise_text(text)
    unit = ""
    bare = shown
    found = _PARENS.search(shown)
    if found and not _is_period(shown):
        unit = found.group(1).strip()
        bare = _PARENS.sub(" ", shown).strip()
    key = _key(bare)
    column = _Column(-1, shown, None, unit=unit)
    if not key:
        return column
    if _TARGET.match(key):
        column.role = "target"
    elif key in _KEY_ROLE:
        column.role = _KEY_ROLE[key]
        if column.role == "area":
            column.level_hint = _level_from_header(key)
    elif _is_period(shown):
        column.role = "period_col"
    elif (period := _generic_period(shown)) is not None:
        column.role, column.text = "period_col", period  # "Kết quả năm 2024"
    elif key in _GENERIC_VALUE or key in _GENERIC_ESTIMATE:
        column.role = "value_col"
    elif lookup is not None and lookup(bare):
        column.role = "indicator_col"
    return column


_GENERIC_PREFIX = re.compile(r"^(?:so lieu|ket qua|gia tri|ket qua thuc hien)\s+")


def _generic_period(shown: str) -> str | None:
    """The period of a header such as "Kết quả năm 2024" or "Số liệu Quý III/2025"."""
    folded = fold(shown)
    found = _GENERIC_PREFIX.match(folded)
    if not found or len(folded) != len(shown):
        return None
    rest = shown[found.end() :].strip()
    return rest if _is_period(rest) else None


def _row_texts(row: list[Any]) -> list[str]:
    return [normalise_text(_cell_text(v)) if v is not None else "" for v in row]


def _decide_layout(columns: list[_Column], forced: str | None) -> str | None:
    roles = [c.role for c in columns]
    has = set(roles)
    periods = roles.count("period_col")
    named = has & {"indicator", "indicator_id", "area", "area_code", "period", "sector"}
    long_ok = "value" in has and bool(named) and periods == 0
    report_ok = bool(has & {"indicator", "indicator_id"}) and bool(
        periods or has & {"target", "value_col", "value"}
    )
    area_ok = bool(has & {"area", "area_code"}) and not has & {"indicator", "indicator_id"}
    matrix_ok = area_ok and "value" not in has and (periods or "indicator_col" in has)
    if forced == "matrix" and area_ok and "value" not in has:
        matrix_ok = True  # columns named by indicators the catalogue does not know
    ok = {"long": long_ok, "report": report_ok, "matrix": matrix_ok}
    if forced:
        return forced if ok[forced] else None
    for layout in LAYOUTS:
        if ok[layout]:
            return layout
    return None


def _combine_cell(top: str, sub: str) -> str:
    """One column's header from two rows: "Thực hiện" over "Năm 2023", "Kết quả thực hiện"
    over "6 tháng đầu năm 2025", "Ước thực hiện" over "2024", "Kế hoạch" over "2025"."""
    if not sub or sub == top:
        return top
    if not top:
        return sub
    joined = f"{top} {sub}"
    if _TARGET.match(_key(sub)):
        return sub
    if _TARGET.match(_key(top)) or _is_period(joined):
        return joined
    if _is_period(sub):
        folded = fold(top)
        if re.search(r"\b(?:uoc|du uoc)\b", folded):
            return f"Ước {sub}"
        if re.search(r"\bso bo\b", folded):
            return f"Sơ bộ {sub}"
        return sub
    return joined


def _combine(top: list[str], sub: list[str]) -> list[str]:
    return [_combine_cell(a, b) for a, b in zip(top, sub, strict=True)]


def _detect_header(
    rows: list[list[Any]],
    forced: str | None,
    lookup: Callable[[str], str | None] | None,
) -> _Header | None:
    """Find the header row (and a second header row under it) and the layout it implies."""
    limit = min(len(rows), _HEADER_SCAN_ROWS)
    texts = [_row_texts(rows[i]) for i in range(min(len(rows), limit + 1))]
    for h in range(limit):
        top = texts[h]
        filled = [t for t in top if t]
        if len(filled) < 2 or any(t.endswith(":") for t in filled):
            continue  # a title line ("Đơn vị: ...", "Lĩnh vực:", "Y tế"), not a header
        alone = [_classify(t, lookup) for t in top]
        for i, col in enumerate(alone):
            col.index = i
        candidates = []
        if h + 1 < len(texts):
            sub = texts[h + 1] + [""] * (len(top) - len(texts[h + 1]))
            sub = sub[: len(top)]
            if _is_subheader(alone, top, sub):
                both = [_classify(t, lookup) for t in _combine(top, sub)]
                for i, col in enumerate(both):
                    col.index = i
                candidates.append(_Header(h, 2, "", both))
        candidates.append(_Header(h, 1, "", alone))
        for header in candidates:
            layout = _decide_layout(header.columns, forced)
            if layout:
                header.layout = layout
                return header
    return None


def _is_subheader(alone: list[_Column], top: list[str], sub: list[str]) -> bool:
    """Whether the row under a header continues it (merged two-row headers)."""
    for col in alone:
        if col.role in _IDENTITY_ROLES and sub[col.index] and sub[col.index] != top[col.index]:
            return False  # a data row names its indicator or area
    others = [i for i, col in enumerate(alone) if col.role not in _IDENTITY_ROLES and sub[i]]
    if not others:
        return False
    before = sum(c.role in ("period_col", "target") for c in alone)
    both = [_classify(t, None) for t in _combine(top, sub)]
    return sum(c.role in ("period_col", "target") for c in both) > before


def _is_footer(text: str) -> bool:
    key = fold(text).strip()
    return bool(_FOOTER.match(key) or _FOOTER_DATE.match(key))


def _first_filled(row: list[str]) -> str:
    for text in row:
        if text:
            return text
    return ""


@dataclass
class _Context:
    """What the file says about all its cells: sidecar, title lines, sheet and file names."""

    rel: str
    sheet: str
    provenance: str
    sidecar: dict[str, str]
    lookup: Callable[[str], str | None] | None
    indicator: str = ""
    indicator_id: str = ""
    area: str = ""
    sector: str = ""
    unit: str = ""
    period: str = ""
    source: str = ""
    authority: str = ""  # the issuing UBND of the document header ("UBND THÀNH PHỐ DĨ AN")
    free_titles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tcvn3: bool = False  # the whole file was found to be TCVN3 bytes: every cell converts

    def fill_from_sidecar(self) -> None:
        for key in ("indicator", "area", "sector", "unit", "period", "source"):
            if not getattr(self, key) and self.sidecar.get(key):
                setattr(self, key, self.sidecar[key])
        if not self.area and self.authority:
            self.area = self.authority


_AUTHORITY = re.compile(
    r"^(?:ubnd|uy ban nhan dan)\s+(?=(?:tinh|thanh pho|thi xa|huyen|quan|xa|phuong|thi tran)\b)"
)
_TITLE_KEYS = [
    ("unit", re.compile(r"^\(?\s*(?:dvt|dtv|don vi tinh|unit)\b")),
    (
        "area_unit",
        re.compile(r"^(?:don vi bao cao|don vi|co quan bao cao|co quan|reporting unit)$"),
    ),
    ("area", re.compile(r"^(?:dia ban|dia phuong|area)$")),
    ("sector", re.compile(r"^(?:linh vuc|nganh|sector)$")),
    ("indicator", re.compile(r"^(?:chi tieu|ten chi tieu|chi so|indicator)$")),
    ("period", re.compile(r"^(?:ky bao cao|ky|thoi gian|thoi ky|nam bao cao|period)$")),
    ("source", re.compile(r"^(?:nguon|nguon so lieu|source)$")),
]


def _read_title(text: str, ctx: _Context) -> None:
    """Take what a title line above the header states."""
    shown = normalise_text(text)
    if not shown:
        return
    folded = fold(shown)
    if _TITLE_KEYS[0][1].match(folded):
        value = shown.split(":", 1)[1] if ":" in shown else shown
        ctx.unit = ctx.unit or value.strip(" ()")
        return
    if ":" in shown:
        head, value = shown.split(":", 1)
        head_key, value = _key(head), value.strip()
        for name, pattern in _TITLE_KEYS[1:]:
            if value and pattern.match(head_key):
                if name == "area_unit":
                    _read_reporting_unit(value, ctx)
                elif not getattr(ctx, name):
                    setattr(ctx, name, value)
                return
    found = _AUTHORITY.match(folded)
    if found and len(folded) == len(shown):
        # the most specific issuing UBND comes last ("UBND TỈNH ..." above "UBND THÀNH PHỐ ...")
        ctx.authority = shown[found.end() :].strip()
    ctx.free_titles.append(shown)


def _read_reporting_unit(value: str, ctx: _Context) -> None:
    """ "Đơn vị: UBND thành phố Dĩ An" names an area; "Đơn vị: Sở Y tế" a provincial agency."""
    bare = re.sub(r"^(?:ubnd|uy ban nhan dan)\s+", "", fold(value))
    cut = len(value) - len(bare)
    if _AGENCY.match(bare):
        ctx.source = ctx.source or value
        return
    if not ctx.area:
        ctx.area = value[cut:].strip() if cut else value


def _search_indicator(ctx: _Context, texts: list[str]) -> None:
    """Find the one indicator of a matrix in title lines, the sidecar, sheet and file names."""
    if ctx.indicator:
        found = ctx.lookup(ctx.indicator) if ctx.lookup else None
        ctx.indicator_id = found or ""
        return
    for text in texts:
        found = ctx.lookup(text) if ctx.lookup else None
        if found:
            ctx.indicator, ctx.indicator_id = text, found
            return
    if ctx.sidecar.get("indicator"):
        ctx.indicator = ctx.sidecar["indicator"]
        return
    if texts:
        ctx.indicator = texts[0]
        ctx.notes.append("indicator not recognised in the title, sheet, sidecar or file name")


_PERIOD_IN_TEXT = re.compile(
    r"(?:(?:uoc|so bo)\s+)?(?:(?:quy\s+[ivx]+|\d{1,2}\s+thang(?:\s+dau)?)\s*(?:/|nam)?\s*"
    r"\d{4}|nam\s+\d{4}|thang\s+\d{1,2}\s*/\s*\d{4})"
)


def _search_period(texts: list[str]) -> str:
    """Find the period a title states: a whole line or name that is a period ("2024",
    "Quý III-2025"), else one written inside it ("TÌNH HÌNH ... NĂM 2024"; a bare year inside a
    title is not taken: "giai đoạn 2023-2025" names no period)."""
    for text in texts:
        if _is_period(normalise_text(text)):
            return normalise_text(text)
    for text in texts:
        shown = normalise_text(text)
        folded = fold(shown)
        if len(folded) != len(shown):
            continue
        for found in _PERIOD_IN_TEXT.finditer(folded):
            piece = shown[found.start() : found.end()]
            if _is_period(piece):
                return piece
    return ""


# ---------------------------------------------------------------------------------------------
# Record building
# ---------------------------------------------------------------------------------------------


class _PercentCell(float):
    """A number shown as a percent by its cell format (0.855 shown as 85.5%)."""


def _cell_number(value: Any) -> tuple[float, str]:
    """The number a spreadsheet cell holds and its flag ("percent" when formatted so)."""
    if isinstance(value, _PercentCell):
        return round(float(value) * 100, 10), "percent"
    if isinstance(value, int | float) and not isinstance(value, _Formula):
        return float(value), ""
    return float("nan"), ""


class _Formula:
    """A formula cell whose cached value is missing (the workbook was never recalculated)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


@dataclass
class _Grid:
    name: str  # sheet name; "" for CSV
    rows: list[list[Any]]
    covered: set[tuple[int, int]] = field(default_factory=set)  # merged, not the anchor
    xlsx: bool = False
    text_fixed: bool = False  # legacy TCVN3 cells already converted (never convert twice)

    def ref(self, row: int, col: int) -> str:
        cell = f"{get_column_letter(col + 1)}{row + 1}"
        return f"{self.name}!{cell}" if self.xlsx else cell


class _Records:
    """Collects raw records of a small table, then turns them into a pyarrow table."""

    def __init__(self, grid: _Grid, ctx: _Context, layout: str):
        self.grid, self.ctx, self.layout = grid, ctx, layout
        self.columns: dict[str, list] = {name: [] for name in RAW_COLUMNS}

    def add(self, row: int, col: int, value: Any, **fields: str) -> None:
        flag, number, raw = "", float("nan"), value
        if isinstance(value, _Formula):
            flag, raw = "formula", value.text
        elif isinstance(value, int | float):
            number, flag = _cell_number(value)
        elif isinstance(value, dt.date | dt.time):
            flag = "date"
        out = self.columns
        out["file"].append(self.ctx.rel)
        out["sheet"].append(self.grid.name)
        out["ref"].append(self.grid.ref(row, col))
        out["layout"].append(self.layout)
        out["provenance"].append(fields.get("provenance") or self.ctx.provenance)
        for name in ("indicator_raw", "indicator_id", "area_raw", "sector_raw", "period_raw"):
            out[name].append(fields.get(name, ""))
        out["value_raw"].append(_cell_text(raw))
        for name in ("unit_raw", "source", "note", "level_hint", "area_group"):
            out[name].append(fields.get(name, ""))
        out["flag"].append(flag)
        out["row"].append(row + 1)
        out["col"].append(col + 1)
        out["value_num"].append(number)

    def table(self) -> pa.Table:
        return pa.Table.from_pydict(self.columns, schema=RAW_SCHEMA)


def _cell(grid: _Grid, row: int, col: int) -> Any:
    cells = grid.rows[row]
    if col >= len(cells) or (row, col) in grid.covered:
        return None
    return cells[col]


def _merged_cell(grid: _Grid, row: int, col: int) -> Any:
    cells = grid.rows[row]
    return cells[col] if col < len(cells) else None


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value == "")


def _text_at(grid: _Grid, row: int, col: _Column | None) -> str:
    if col is None:
        return ""
    cells = grid.rows[row]
    return _cell_text(cells[col.index]) if col.index < len(cells) else ""


def _first_text(grid: _Grid, row: int, cols: list[_Column]) -> str:
    for col in cols:
        text = _text_at(grid, row, col)
        if text.strip():
            return text
    return ""


def _name_text(grid: _Grid, row: int, codes: list[_Column], names: list[_Column]) -> str:
    """A row's indicator or area: its code if a code column has one, else the longest name
    (a header merged over two columns puts "a" or "1.1" beside the name)."""
    code = _first_text(grid, row, codes)
    if code:
        return code
    texts = [_text_at(grid, row, col) for col in names]
    return max(texts, key=lambda t: len(t.strip()), default="")


def _data_rows(grid: _Grid, header: _Header) -> tuple[list[int], str]:
    """Rows of the table body: below the header, above the notes and signature block."""
    start = header.row + header.rows
    rows, footer_source = [], ""
    first = True
    for r in range(start, len(grid.rows)):
        texts = _row_texts(grid.rows[r])
        if not any(texts):
            continue
        lead = _first_filled(texts)
        if _is_footer(lead):
            # the notes may name the source: "Nguồn: Văn phòng UBND ..."
            for below in range(r, min(len(grid.rows), r + 20)):
                for text in _row_texts(grid.rows[below]):
                    if fold(text).startswith("nguon") and ":" in text:
                        footer_source = footer_source or text.split(":", 1)[1].strip()
            break
        if first and _is_column_numbers([t for t in texts if t]):
            first = False
            continue  # the column-number row "(1) (2) (3)" under a Vietnamese header
        first = False
        rows.append(r)
    return rows, footer_source


def _is_column_numbers(cells: list[str]) -> bool:
    """Whether a row numbers the columns ("A B 1 2 3=1/2", "(1) (2) (3)") rather than holding
    data ("74 38 52"): numbers in it count up by one, or are in parentheses."""
    if len(cells) < 2 or not all(_COLUMN_NUMBERS.match(c) for c in cells):
        return False
    if any(c.startswith("(") for c in cells):
        return True
    numbers = [int(m.group()) for c in cells if (m := re.match(r"\d+", c))]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False)) and (
        len(numbers) >= 2 or len(cells) - len(numbers) >= 2
    )


def _title_context(grid: _Grid, header: _Header | None, ctx: _Context) -> None:
    stop = header.row if header else min(len(grid.rows), _HEADER_SCAN_ROWS)
    for r in range(stop):
        for c in range(len(grid.rows[r])):
            value = _cell(grid, r, c)  # a merged title is read once, from its anchor
            if isinstance(value, str) and value.strip():
                _read_title(value, ctx)


def _records_report(grid: _Grid, header: _Header, ctx: _Context) -> tuple[pa.Table, int]:
    rows, footer_source = _data_rows(grid, header)
    ctx.source = ctx.source or footer_source
    area_codes, area_cols = header.of("area_code"), header.of("area")
    unit_col = (header.of("unit") or [None])[0]
    # "Đơn vị" beside "Chỉ tiêu" may be the unit column ("%", "hồ sơ") or the reporting unit
    for col in [c for c in area_cols if _key(c.text) == "don vi"]:
        cells = [_text_at(grid, r, col) for r in rows]
        cells = [c for c in cells if c.strip()]
        if cells and sum(normalise_unit(c) is not None for c in cells) * 2 >= len(cells):
            area_cols.remove(col)
            unit_col = unit_col or col
    note_col = (header.of("note") or [None])[0]
    source_col = (header.of("source") or [None])[0]
    sector_col = (header.of("sector") or [None])[0]
    value_cols = header.of("period_col", "value_col", "value")
    target_cols = header.of("target")
    out = _Records(grid, ctx, "report")
    targets = 0
    default_period = ctx.period or _search_period(ctx.free_titles + [grid.name])
    for r in rows:
        targets += sum(_filled(_cell(grid, r, c.index)) for c in target_cols)
        indicator = _name_text(grid, r, header.of("indicator_id"), header.of("indicator"))
        for col in value_cols:
            value = _cell(grid, r, col.index)
            if not _filled(value):
                continue
            period = col.text if col.role == "period_col" else default_period
            if col.role != "period_col" and _key(col.text) in _GENERIC_ESTIMATE and period:
                period = f"Ước {period}"
            out.add(
                r,
                col.index,
                value,
                indicator_raw=indicator,
                area_raw=_name_text(grid, r, area_codes, area_cols) or ctx.area,
                sector_raw=_text_at(grid, r, sector_col) or ctx.sector,
                period_raw=period,
                unit_raw=_text_at(grid, r, unit_col) or col.unit or ctx.unit,
                source=_text_at(grid, r, source_col) or ctx.source,
                note=_text_at(grid, r, note_col),
                area_group=f"{ctx.rel}|{grid.name}|{[c.index for c in area_codes + area_cols]}",
            )
    return out.table(), targets


def _records_matrix(grid: _Grid, header: _Header, ctx: _Context) -> tuple[pa.Table, int]:
    rows, footer_source = _data_rows(grid, header)
    ctx.source = ctx.source or footer_source
    area_cols = header.of("area_code") + header.of("area")
    unit_col = (header.of("unit") or [None])[0]
    note_col = (header.of("note") or [None])[0]
    period_cols = header.of("period_col")
    indicator_cols = header.of("indicator_col") + header.of("value_col")
    target_cols = header.of("target")
    by_period = bool(period_cols)
    if by_period:
        stem = Path(ctx.rel).stem
        _search_indicator(ctx, ctx.free_titles + [grid.name, stem])
        value_cols = period_cols
    else:
        value_cols = indicator_cols
        if header.layout == "matrix" and not value_cols:
            value_cols = [c for c in header.columns if c.role is None and c.text]
    period = ctx.period or _search_period(ctx.free_titles + [grid.name, Path(ctx.rel).stem])
    area_col = area_cols[0] if area_cols else None
    group = f"{ctx.rel}|{grid.name}|{area_col.index if area_col else ''}"
    out = _Records(grid, ctx, "matrix")
    targets = 0
    for r in rows:
        targets += sum(_filled(_cell(grid, r, c.index)) for c in target_cols)
        area = _name_text(grid, r, header.of("area_code"), header.of("area"))
        note = _text_at(grid, r, note_col)
        if _key(area) in _TOTAL_WORDS and ctx.area:
            note = "; ".join(filter(None, [f"total row '{area.strip()}' read as {ctx.area}", note]))
            area = ctx.area
        for col in value_cols:
            value = _cell(grid, r, col.index)
            if not _filled(value):
                continue
            if by_period:
                indicator, indicator_id, period_raw = ctx.indicator, ctx.indicator_id, col.text
                unit = _text_at(grid, r, unit_col) or ctx.unit
            else:
                bare = _PARENS.sub(" ", col.text).strip() if col.unit else col.text
                indicator, indicator_id, period_raw = bare, "", period
                unit = col.unit or _text_at(grid, r, unit_col) or ctx.unit
            out.add(
                r,
                col.index,
                value,
                indicator_raw=indicator,
                indicator_id=indicator_id,
                area_raw=area,
                sector_raw=ctx.sector,
                period_raw=period_raw,
                unit_raw=unit,
                source=ctx.source,
                note=note,
                level_hint=area_col.level_hint if area_col else "",
                area_group=group,
            )
    return out.table(), targets


def _records_long_grid(grid: _Grid, header: _Header, ctx: _Context) -> tuple[pa.Table, int]:
    """A long table held in a grid (XLSX, or a CSV the fast reader refused)."""
    rows, footer_source = _data_rows(grid, header)
    ctx.source = ctx.source or footer_source
    ncols = len(header.columns)
    columns = []
    value_col = header.of("value")[0]
    for c in range(ncols):
        # merged cells repeat an area or indicator down the rows; a value belongs to one cell
        get = _cell if c == value_col.index else _merged_cell
        texts = [_cell_text(get(grid, r, c)) for r in rows]
        columns.append(pa.array(texts, pa.string()).dictionary_encode())
    raw_values = [_cell(grid, r, value_col.index) for r in rows]
    numbers = np.array([_cell_number(v)[0] for v in raw_values], dtype=float)
    flags = [
        "formula"
        if isinstance(v, _Formula)
        else "date"
        if isinstance(v, dt.date | dt.time)
        else _cell_number(v)[1]
        for v in raw_values
    ]
    rownums = np.asarray(rows, dtype=np.int64) + 1
    flag_array = pa.array(flags, pa.string()).dictionary_encode()
    return _long_table(columns, rownums, header, ctx, grid, numbers, flag_array)


def _empty_dict() -> pa.DictionaryArray:
    return _dict_array(np.zeros(0, dtype=np.int32), [])


def _dict_parts(array: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Codes and distinct strings of a dictionary array."""
    return array.indices.to_numpy(zero_copy_only=False), array.dictionary.to_pylist()


def _dict_array(codes: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(codes, dtype=np.int32)), pa.array(values, pa.string())
    )


def _role_column(columns: list[pa.DictionaryArray], default: str, m: int) -> pa.DictionaryArray:
    """The first non-blank of ``columns`` (left to right), else ``default``; column-wise on
    the codes, each distinct string looked at once."""
    if not columns:
        return _dict_array(np.zeros(m, dtype=np.int32), [default])
    codes, values = _dict_parts(columns[0])
    for other in columns[1:]:
        blank = np.array([not v.strip() for v in values] + [True], dtype=bool)[codes]
        o_codes, o_values = _dict_parts(other)
        codes = np.where(blank, o_codes + len(values), codes)
        values = values + o_values
    if default:
        values = [v if v.strip() else default for v in values]
    return _dict_array(codes, values)


def _long_table(
    columns: list[pa.DictionaryArray],
    rownums: np.ndarray,
    header: _Header,
    ctx: _Context,
    grid: _Grid | None,
    numbers: np.ndarray | None = None,
    flags: pa.DictionaryArray | None = None,
) -> tuple[pa.Table, int]:
    """Build raw records of a long table column-wise, on dictionary codes."""
    n = len(rownums)
    if grid is None:  # the CSV fast path: footers are cut here, not in _data_rows
        cut = _footer_cut(columns, n)
        if cut < n:
            columns = [c.slice(0, cut) for c in columns]
            rownums = rownums[:cut]
            n = cut

    def nonblank(array: pa.DictionaryArray) -> np.ndarray:
        codes, values = _dict_parts(array)
        return np.array([v != "" for v in values] + [False], dtype=bool)[codes]

    targets = sum(int(nonblank(columns[c.index]).sum()) for c in header.of("target"))
    value_col = header.of("value")[0]
    keep = nonblank(columns[value_col.index])
    if numbers is not None:
        keep |= ~np.isnan(numbers)
    if flags is not None:
        keep |= nonblank(flags)
    idx = np.flatnonzero(keep)
    m = len(idx)
    take = pa.array(idx, pa.int64())
    taken = [c.take(take) for c in columns]

    def role(*roles: str) -> list[pa.DictionaryArray]:
        return [taken[c.index] for name in roles for c in header.of(name)]

    def const(text: str) -> pa.DictionaryArray:
        return _dict_array(np.zeros(m, dtype=np.int32), [text])

    rows = rownums[idx]
    letter = get_column_letter(value_col.index + 1)
    prefix = f"{grid.name}!{letter}" if grid is not None and grid.xlsx else letter
    refs = pc.binary_join_element_wise(prefix, pc.cast(pa.array(rows), pa.string()), "")
    provenance = const(ctx.provenance)
    if not ctx.sidecar.get("provenance") and header.of("provenance"):
        provenance = _provenance_column(taken[header.of("provenance")[0].index], ctx.provenance)
    unit_default = value_col.unit or ctx.unit
    area_cols = header.of("area_code") + header.of("area")
    level = area_cols[0].level_hint if len(area_cols) == 1 else ""
    group = f"{ctx.rel}|{grid.name if grid else ''}|{area_cols[0].index if area_cols else ''}"
    table = pa.table(
        {
            "file": const(ctx.rel),
            "sheet": const(grid.name if grid is not None else ""),
            "ref": refs,
            "layout": const("long"),
            "provenance": provenance,
            "indicator_raw": _role_column(role("indicator_id", "indicator"), ctx.indicator, m),
            "indicator_id": const(""),
            "area_raw": _role_column(role("area_code", "area"), ctx.area, m),
            "sector_raw": _role_column(role("sector"), ctx.sector, m),
            "period_raw": _role_column(role("period"), ctx.period, m),
            "value_raw": taken[value_col.index],
            "unit_raw": _role_column(role("unit"), unit_default, m),
            "source": _role_column(role("source"), ctx.source, m),
            "note": _role_column(role("note"), "", m),
            "level_hint": const(level),
            "area_group": const(group),
            "flag": flags.take(take) if flags is not None else const(""),
            "row": pa.array(rows, pa.int64()),
            "col": pa.array(np.full(m, value_col.index + 1, dtype=np.int32)),
            "value_num": pa.array(numbers[idx] if numbers is not None else np.full(m, np.nan)),
        },
        schema=RAW_SCHEMA,
    )
    return table, targets


def _provenance_column(values: pa.DictionaryArray, default: str) -> pa.DictionaryArray:
    codes, words = _dict_parts(values)
    # an unknown word falls back to the folder's provenance
    return _dict_array(codes, [_PROVENANCE_WORDS.get(_key(v), default) for v in words])


def _footer_cut(columns: list[pa.DictionaryArray], n: int) -> int:
    """Index of the first row of a notes/signature block (``n`` when there is none).

    A row is a candidate when any of its cells is a footer marker (each distinct string is
    looked at once); only candidates are checked for the marker being the row's first cell.
    """
    if not columns or n == 0:
        return n
    candidate = np.zeros(n, dtype=bool)
    for column in columns:
        codes, values = _dict_parts(column)
        marks = np.array([_is_footer(v) for v in values] + [False], dtype=bool)
        if marks.any():
            candidate |= marks[codes]
    if not candidate.any():
        return n
    parts = [_dict_parts(c) for c in columns]
    for row in np.flatnonzero(candidate):
        cells = [values[codes[row]] for codes, values in parts]
        if _is_footer(_first_filled([normalise_text(c) for c in cells])):
            return int(row)
    return n


# ---------------------------------------------------------------------------------------------
# Sheets and files
# ---------------------------------------------------------------------------------------------


def _fix_tcvn3(grid: _Grid, ctx: _Context) -> None:
    """Convert legacy TCVN3 cells to Unicode in place and say which (see :mod:`.tcvn3`)."""
    whole = ctx.tcvn3 or tcvn3.sheet_is_tcvn3(v for row in grid.rows for v in row)
    refs = []
    for r, row in enumerate(grid.rows):
        new, changed = tcvn3.fix_cells(row, whole)
        if changed:
            grid.rows[r] = new
            refs.extend(grid.ref(r, c) for c in changed if (r, c) not in grid.covered)
    if refs and not ctx.tcvn3:  # a file decoded as TCVN3 says so once, in its encoding note
        shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5:,} more" if len(refs) > 5 else "")
        ctx.notes.append(
            f"legacy TCVN3 text (.VnTime fonts) converted to Unicode in {len(refs):,} cell(s): "
            f"{shown}; check the accents"
        )


def _read_grid(grid: _Grid, ctx: _Context) -> SheetRead:
    """Records of one sheet held in memory."""
    if not any(any(_filled(v) for v in row) for row in grid.rows):
        return SheetRead(grid.name, "", RAW_SCHEMA.empty_table(), message="empty")
    if not grid.text_fixed:
        _fix_tcvn3(grid, ctx)
    forced = ctx.sidecar.get("layout")
    header = _detect_header(grid.rows, forced, ctx.lookup)
    _title_context(grid, header, ctx)
    ctx.fill_from_sidecar()
    if header is None:
        return SheetRead(grid.name, "", RAW_SCHEMA.empty_table(), message="no table recognised")
    reader = {"long": _records_long_grid, "report": _records_report, "matrix": _records_matrix}
    table, targets = reader[header.layout](grid, header, ctx)
    _note_unread_columns(header, ctx)
    return SheetRead(grid.name, header.layout, table, targets, "; ".join(ctx.notes))


def _note_unread_columns(header: _Header, ctx: _Context) -> None:
    """Say which named columns were not read, so that no value goes missing unseen."""
    unread = [
        f"{get_column_letter(c.index + 1)} '{c.text}'"
        for c in header.columns
        if c.role is None and c.text and not (header.layout == "matrix" and not c.text.strip())
    ]
    if header.layout == "matrix" and not header.of("period_col"):
        unread = []  # an areas × indicators matrix reads every named column
    if unread:
        # a sheet of 10,000 named columns must not make a 100 KB message
        shown = ", ".join(unread[:_UNREAD_SHOWN])
        more = len(unread) - _UNREAD_SHOWN
        ctx.notes.append(f"columns not read: {shown}" + (f" and {more:,} more" if more > 0 else ""))


def _context(rel: str, sheet: str, sidecar: dict, provenance: str, lookup) -> _Context:
    return _Context(rel=rel, sheet=sheet, provenance=provenance, sidecar=sidecar, lookup=lookup)


def read_file(
    path: str | Path,
    raw_dir: str | Path,
    *,
    indicator_lookup: Callable[[str], str | None] | None = None,
) -> FileRead:
    """Read one raw file into raw records, sheet by sheet.

    Parameters
    ----------
    path : str or pathlib.Path
        A CSV/TSV or XLSX/XLSM file below ``raw_dir``.
    raw_dir : str or pathlib.Path
        The raw folder; record ``file`` names are relative to it, with "/" separators, and the
        folder (``demo/``, ``published/``) implies the provenance.
    indicator_lookup : callable, optional
        ``text -> indicator id or None``: recognises the indicator a matrix is about in a title
        line, sheet or file name, and the indicator names heading matrix columns. Without it
        only "Chỉ tiêu: ..." title lines and the sidecar name the indicator.

    Returns
    -------
    FileRead
        The sheets read (each with its layout, records and target cells) and messages.

    Raises
    ------
    IngestError
        When the file cannot be read at all: a corrupt workbook, undecodable text, an
        unsupported format, a broken sidecar, or no recognisable table on any sheet.
    """
    path, root = Path(path), Path(raw_dir)
    rel = path.relative_to(root).as_posix()
    try:
        sidecar = read_sidecar(path)
    except IngestError as exc:
        raise IngestError(f"{rel}: {exc}") from None
    provenance = sidecar.get("provenance") or folder_provenance(rel)
    result = FileRead(rel, provenance)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise IngestError(
            f"{rel}: {suffix} files cannot be read; save the file as .xlsx or .csv (UTF-8)"
        )
    if suffix in (".xlsx", ".xlsm"):
        for grid in _xlsx_grids(path, rel):
            ctx = _context(rel, grid.name, sidecar, provenance, indicator_lookup)
            result.sheets.append(_read_grid(grid, ctx))
    else:
        ctx = _context(rel, "", sidecar, provenance, indicator_lookup)
        sheet, message = _read_csv(path, rel, ctx)
        result.sheets.append(sheet)
        if message:
            result.messages.append(message)
    contentful = [s for s in result.sheets if s.message != "empty"]
    if contentful and not any(s.layout for s in result.sheets):
        raise IngestError(
            f"{rel}: no table with a recognisable header (long: indicator, area, period, value; "
            "report: Chỉ tiêu and period columns; matrix: areas and periods) on "
            + ("any sheet" if suffix in (".xlsx", ".xlsm") else "the first 60 rows")
        )
    for sheet in result.sheets:
        if sheet.message and sheet.message != "empty":
            where = f"sheet '{sheet.sheet}': " if sheet.sheet else ""
            skipped = "" if sheet.layout else " (skipped)"
            result.messages.append(f"{where}{sheet.message}{skipped}")
    return result


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_CELL_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_CACHED = re.compile(rb"<(?:\w+:)?v>[^<]+</(?:\w+:)?v>")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _xml_unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def _sheet_xml_facts(xml: bytes) -> tuple[list[tuple[int, int, int, int]], dict]:
    """Merged ranges and formula cells without a cached value, read from the sheet's XML
    (the read-only reader exposes neither)."""
    merges = []
    for m in _MERGE.finditer(xml):
        c0, r0 = _col_index(m.group(1)), int(m.group(2)) - 1
        c1 = _col_index(m.group(3)) if m.group(3) else c0
        r1 = int(m.group(4)) - 1 if m.group(4) else r0
        merges.append((r0, c0, r1, c1))
    formulas = {}
    if b"<f" in xml or b":f" in xml:
        for m in _CELL.finditer(xml):
            inner = m.group(2) or b""
            if b"f" not in inner:
                continue
            formula = _FORMULA.search(inner)
            if not formula or _CACHED.search(inner):
                continue
            ref = _CELL_REF.search(m.group(1))
            if not ref:
                continue
            text = _xml_unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            key = (int(ref.group(2)) - 1, _col_index(ref.group(1)))
            formulas[key] = "=" + text if text else "=(shared formula)"
    return merges, formulas


def _first_line(exc: Exception) -> str:
    """An exception's message, first line only (openpyxl adds paragraphs of advice)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _sheet_rows(sheet: Any, rel: str) -> list[list[Any]]:
    """A sheet's cells as rows of values, refusing more than the guard's cell limit (the
    declared dimension was checked before; this holds when it is missing or wrong)."""
    rows, cells = [], 0
    for row in sheet.iter_rows(min_row=1, min_col=1):
        values = [_cell_value(cell) for cell in row]
        cells += len(values)
        if cells > xlsx_guard.MAX_SHEET_CELLS:
            raise IngestError(
                f"{rel}: sheet '{sheet.title}' holds more than {xlsx_guard.MAX_SHEET_CELLS:,} "
                "cells, the limit a sheet may hold; split the data or send it as CSV"
            )
        rows.append(values)
    return rows


def _xlsx_grids(path: Path, rel: str) -> list[_Grid]:
    import openpyxl

    try:
        xlsx_guard.check_workbook(path)  # bytes and zip directory only, nothing expanded
    except xlsx_guard.WorkbookRefused as exc:
        raise IngestError(f"{rel}: not a readable XLSX workbook: {exc}") from None
    grids = []
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise IngestError(f"{rel}: not a readable XLSX workbook ({_first_line(exc)})") from None
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in workbook.worksheets:
                rows = _sheet_rows(sheet, rel)
                while rows and not any(v is not None for v in rows[-1]):
                    rows.pop()
                xml_path = getattr(sheet, "_worksheet_path", None)
                merges, formulas = [], {}
                if xml_path:
                    merges, formulas = _sheet_xml_facts(archive.read(xml_path.lstrip("/")))
                grid = _Grid(sheet.title, rows, xlsx=True)
                _apply_xml_facts(grid, merges, formulas)
                grids.append(grid)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(f"{rel}: not a readable XLSX workbook ({_first_line(exc)})") from None
    finally:
        workbook.close()
    return grids


def _cell_value(cell: Any) -> Any:
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
    ):
        return _PercentCell(value)  # the workbook shows 0.855 as 85.5%
    return value


def _apply_xml_facts(grid: _Grid, merges: list, formulas: dict) -> None:
    rows = grid.rows

    def ensure(r: int, c: int) -> None:
        while len(rows) <= r:
            rows.append([])
        if len(rows[r]) <= c:
            rows[r].extend([None] * (c + 1 - len(rows[r])))

    for (r, c), text in formulas.items():
        ensure(r, c)
        if rows[r][c] is None:
            rows[r][c] = _Formula(text)
    for r0, c0, r1, c1 in merges:
        if r1 - r0 > 10_000 or c1 - c0 > 1_000:
            continue  # a whole-column merge is formatting, not content
        ensure(r0, c0)
        anchor = rows[r0][c0]
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0):
                    continue
                ensure(r, c)
                rows[r][c] = anchor
                grid.covered.add((r, c))


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


#: Codec of a file found to be TCVN3 bytes: each byte becomes the Latin-1 character of the same
#: number, then :mod:`.tcvn3` converts the cells to Unicode.
TCVN3_CODEC = "latin-1"
_TCVN3_NOTE = (
    "not UTF-8: legacy TCVN3 (ABC, .VnTime fonts) text, converted to Unicode; check the accents"
)


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text without a BOM: Vietnamese text is mostly
    ASCII digits, letters and separators, whose other byte is 0."""
    sample = data[: 1 << 16]
    half = len(sample) // 2
    if half < 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    codec = None
    if odd > 0.3 * half and even < 0.05 * half:
        codec = "utf-16-le"
    elif even > 0.3 * half and odd < 0.05 * half:
        codec = "utf-16-be"
    if codec is None:
        return None
    try:
        sample[: 2 * half].decode(codec)
    except UnicodeDecodeError:
        return None
    return codec


def _legacy_encoding(data: bytes) -> tuple[str, str]:
    """The one-byte encoding of text that is not UTF-8: TCVN3 or Windows-1258."""
    if b"\x00" not in data:
        if tcvn3.looks_tcvn3_bytes(data):
            return TCVN3_CODEC, _TCVN3_NOTE
        try:
            data.decode("cp1258")
            return "cp1258", "not UTF-8: decoded as Windows-1258 (cp1258); check the accents"
        except UnicodeDecodeError:
            pass
    raise IngestError(
        "the text is neither UTF-8, UTF-16, Windows-1258 nor TCVN3; save it as CSV UTF-8"
    )


def sniff_encoding(data: bytes, partial: bool = False) -> tuple[str, str]:
    """Say how a CSV file is encoded: UTF-8 (with or without BOM), UTF-16 (with or without a
    BOM), or, for text that is not UTF-8, legacy TCVN3 or Windows-1258.

    Parameters
    ----------
    data : bytes
        The file, or its first bytes (then ``partial`` is true: a character cut at the end
        is not an error).
    partial : bool
        Whether ``data`` is only the head of the file.

    Returns
    -------
    tuple of (str, str)
        The Python codec name and a note ("" for plain UTF-8). TCVN3 gives
        :data:`TCVN3_CODEC`: the cells are converted to Unicode after decoding.

    Raises
    ------
    IngestError
        When the bytes are none of these (the message is completed by the caller).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "decoded as UTF-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16, f"decoded as UTF-16 without a byte-order mark ({utf16[-2:].upper()})"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        step = 1 << 24
        for start in range(0, len(data), step):
            decoder.decode(data[start : start + step], final=False)
        if not partial:
            decoder.decode(b"", final=True)
        return "utf-8", ""
    except UnicodeDecodeError:
        pass
    return _legacy_encoding(data)


def _sniff_file(path: Path) -> tuple[str, str]:
    """The encoding of a whole file whose head is UTF-8, read in blocks (never whole)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        sample = b""
        try:
            while block := handle.read(1 << 24):
                sample = sample or block
                decoder.decode(block, final=False)
            decoder.decode(b"", final=True)
            return "utf-8", ""
        except UnicodeDecodeError:
            return _legacy_encoding(sample + block)


def _sniff_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        rows = list(csv.reader(lines, delimiter=delimiter))
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        if not widths:
            continue
        score = max(widths) * 1000 + sum(w > 1 for w in widths)
        if max(widths) > 1 and score > best_score:
            best, best_score = delimiter, score
    return best


_HEAD_BYTES = 1 << 18
#: Largest CSV read whole into memory (report and matrix layouts, and long tables of a shape
#: the fast reader refuses); a larger long table is read in chunks of :data:`_STREAM_ROWS`
#: rows, a larger report or matrix is refused.
CSV_WHOLE_MAX_BYTES = 16 * 1024 * 1024
_STREAM_ROWS = 100_000
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}


def _usual_width(rows: list[list[str]], width: int) -> int:
    """The number of fields data rows usually have, at least the header's: some writers end
    every row with one delimiter more than the header, which is no problem."""
    counts = Counter(len(r) for r in rows if any(c.strip() for c in r))
    return max(width, counts.most_common(1)[0][0]) if counts else width


def _row_problem(
    row: list[str], width: int, value_index: int | None, delimiter: str, usual: int
) -> str:
    """Why a CSV data row cannot be read as its header says ("" when it can): more fields
    than the header (filled, or more than the other rows have: "85,5" unquoted shifts the
    row), fields separated by another delimiter, or a row cut before its value."""
    if len(row) > width and (len(row) > usual or any(c.strip() for c in row[width:])):
        example = " such as 85,5" if delimiter == "," else ""
        return (
            f"has {len(row)} fields where the header has {width} (an unquoted "
            f"{_DELIMITER_NAMES[delimiter]} inside a value{example}?); quote such values or "
            "save the file again as CSV"
        )
    filled = [c for c in row if c.strip()]
    if len(filled) == 1 and width >= 3:
        for other in (",", ";", "\t"):
            # about the header's width: a section title with a ';' or two is not a row
            if other != delimiter and len(filled[0].split(other)) >= max(3, 2 * width // 3):
                return (
                    f"holds fields separated by {_DELIMITER_NAMES[other]} in a file separated "
                    f"by {_DELIMITER_NAMES[delimiter]} (mixed delimiters); save the file with "
                    "one delimiter"
                )
    if value_index is not None and len(row) <= value_index and filled:
        return (
            f"ends after {len(row)} field(s), before the value column "
            f"({get_column_letter(value_index + 1)}): a line cut short?"
        )
    return ""


def _check_csv_rows(rows: list[list[str]], header: _Header, delimiter: str, rel: str) -> None:
    """Refuse a CSV whose table rows do not fit its header (rows of the notes and signature
    block below the table may have any shape)."""
    width = len(header.columns)
    value_index = header.of("value")[0].index if header.layout == "long" else None
    start = header.row + header.rows
    usual = _usual_width(rows[start:], width)
    for r in range(start, len(rows)):
        why = _row_problem(rows[r], width, value_index, delimiter, usual)
        if not why:
            continue
        for above in range(start, r + 1):  # a footer above it ends the table first
            if _is_footer(_first_filled(_row_texts(rows[above]))):
                return
        raise IngestError(f"{rel}: row {r + 1} {why}")


def _read_csv(path: Path, rel: str, ctx: _Context) -> tuple[SheetRead, str]:
    size = path.stat().st_size
    with path.open("rb") as handle:
        data = handle.read(_HEAD_BYTES)  # the head decides; the rest is read by the reader
    blank = b" \t\r\n\x00" + codecs.BOM_UTF8
    if size <= _HEAD_BYTES and not data.strip(blank):
        return SheetRead("", "", RAW_SCHEMA.empty_table(), message="empty"), ""
    try:
        # the fast reader checks the rest as it reads, the careful one below reads it all
        encoding, enc_note = sniff_encoding(data, partial=size > _HEAD_BYTES)
    except IngestError as exc:
        raise IngestError(f"{rel}: {exc}") from None
    ctx.tcvn3 = encoding == TCVN3_CODEC
    head = codecs.getincrementaldecoder(encoding)(errors="replace").decode(data)
    lines = head.splitlines()[: _HEADER_SCAN_ROWS + 2]
    if size > _HEAD_BYTES and lines:
        lines = lines[:-1]  # the last line may be cut
    delimiter = _sniff_delimiter(lines) if path.suffix.lower() != ".tsv" else "\t"
    head_rows = list(csv.reader(lines, delimiter=delimiter))
    if ctx.tcvn3:
        head_rows = [tcvn3.fix_cells(row, True)[0] for row in head_rows]
    forced = ctx.sidecar.get("layout")
    header = _detect_header(head_rows, forced, ctx.lookup)
    long = header is not None and header.layout == "long" and header.rows == 1
    if long:
        fast = _read_csv_fast(path, encoding, delimiter, head_rows, header, ctx)
        if fast is not None:
            return fast, enc_note
    if size > CSV_WHOLE_MAX_BYTES:
        if not long:
            raise IngestError(
                f"{rel}: {size / 2**20:,.0f} MB is too big for a report or matrix table (at "
                f"most {CSV_WHOLE_MAX_BYTES // 2**20} MB); only a long table, one observation "
                "a row, may be larger"
            )
        if encoding == "utf-8":  # the head was UTF-8; the rest may not be
            encoding, enc_note = _sniff_file(path)
            ctx.tcvn3 = encoding == TCVN3_CODEC
        return _read_csv_stream(path, encoding, delimiter, head_rows, header, ctx), enc_note
    data = path.read_bytes()
    if not data.strip(blank):
        return SheetRead("", "", RAW_SCHEMA.empty_table(), message="empty"), ""
    if encoding == "utf-8":
        try:
            encoding, enc_note = sniff_encoding(data)
        except IngestError as exc:
            raise IngestError(f"{rel}: {exc}") from None
        ctx.tcvn3 = encoding == TCVN3_CODEC
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"{rel}: the text cannot be decoded as {encoding} ({exc})") from None
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    grid = _Grid("", rows)
    _fix_tcvn3(grid, ctx)
    grid.text_fixed = True
    full_header = _detect_header(grid.rows, forced, ctx.lookup)
    if full_header is not None:
        _check_csv_rows(grid.rows, full_header, delimiter, rel)
    return _read_grid(grid, ctx), enc_note


def _read_csv_stream(
    path: Path,
    encoding: str,
    delimiter: str,
    head_rows: list[list[str]],
    header: _Header,
    ctx: _Context,
) -> SheetRead:
    """Read a long CSV too big to read whole that the fast reader refused (blank lines, line
    breaks inside cells, not UTF-8) in chunks of rows: one chunk's text is in memory at a
    time, the records are kept column-wise as dictionary codes. Rows are numbered as the
    careful reader numbers them, and the same row checks apply."""
    grid = _Grid("", head_rows[: header.row])
    _title_context(grid, header, ctx)
    ctx.fill_from_sidecar()
    width = len(head_rows[header.row])
    value_index = header.of("value")[0].index
    usual = _usual_width(head_rows[header.row + 1 :], width)
    tables: list[pa.Table] = []
    chunk: list[list[str]] = []
    numbers: list[int] = []
    problems: list[tuple[int, str]] = []  # (position in the chunk, why)
    state = {"targets": 0, "converted": 0, "stopped": False, "first": True}

    def flush() -> None:
        columns = []
        for c in range(width):
            array = pa.array([row[c] for row in chunk], pa.string()).dictionary_encode()
            fixed, changed = tcvn3.fix_cells(array.dictionary.to_pylist(), ctx.tcvn3)
            if changed:
                state["converted"] += len(changed)
                array = pa.DictionaryArray.from_arrays(array.indices, pa.array(fixed, pa.string()))
            columns.append(array)
        cut = _footer_cut(columns, len(chunk))
        for position, why in problems:
            if position < cut:
                raise IngestError(f"{ctx.rel}: row {numbers[position]} {why}")
        if cut < len(chunk):
            state["stopped"] = True
            for row in chunk[cut : cut + 20]:  # the notes may name the source
                for text in _row_texts(row):
                    if fold(text).startswith("nguon") and ":" in text:
                        ctx.source = ctx.source or text.split(":", 1)[1].strip()
        table, targets = _long_table(columns, np.asarray(numbers, np.int64), header, ctx, None)
        tables.append(table)
        state["targets"] += targets
        chunk.clear()
        numbers.clear()
        problems.clear()

    index = 0
    try:
        with path.open("r", encoding=encoding, newline="") as handle:
            for index, row in enumerate(csv.reader(handle, delimiter=delimiter)):
                if index <= header.row or not any(c.strip() for c in row):
                    continue
                if state["first"]:
                    state["first"] = False
                    if _is_column_numbers([t for t in _row_texts(row) if t]):
                        continue
                why = _row_problem(row, width, value_index, delimiter, usual)
                if why:
                    problems.append((len(chunk), why))
                chunk.append(row[:width] + [""] * (width - len(row)))
                numbers.append(index + 1)
                if len(chunk) >= _STREAM_ROWS:
                    flush()
                    if state["stopped"]:
                        break
            if chunk and not state["stopped"]:
                flush()
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{ctx.rel}: near row {index + 2}, the text cannot be decoded as {encoding} "
            f"({exc.reason}); save the file as CSV UTF-8"
        ) from None
    except csv.Error as exc:
        raise IngestError(f"{ctx.rel}: row {index + 2}: {exc}") from None
    if state["converted"] and not ctx.tcvn3:
        ctx.notes.append(
            f"legacy TCVN3 text (.VnTime fonts) converted to Unicode in {state['converted']:,} "
            "distinct cell text(s); check the accents"
        )
    _note_unread_columns(header, ctx)
    records = pa.concat_tables(tables) if tables else RAW_SCHEMA.empty_table()
    return SheetRead("", "long", records, state["targets"], "; ".join(ctx.notes))


def _count_lines(path: Path) -> int:
    """Lines of a file as a CSV reader sees them: a last line without a newline counts, blank
    lines at the end do not."""
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            count += chunk.count(b"\n")
        handle.seek(max(0, handle.tell() - (1 << 16)))
        tail = handle.read()
    trailing = tail[len(tail.rstrip(b"\r\n")) :].count(b"\n")
    return count + 1 if trailing == 0 else count - (trailing - 1)


def _read_csv_fast(
    path: Path,
    encoding: str,
    delimiter: str,
    head_rows: list[list[str]],
    header: _Header,
    ctx: _Context,
) -> SheetRead | None:
    """Read a long CSV column-wise with pyarrow; None when its shape needs the careful reader
    (blank or ragged lines, line breaks inside cells), so that cell references stay exact."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return None
    grid = _Grid("", head_rows[: header.row])
    _title_context(grid, header, ctx)
    ctx.fill_from_sidecar()
    ncols = len(head_rows[header.row])
    names = [f"c{i}" for i in range(ncols)]
    try:
        # pyarrow checks that every cell is valid UTF-8 while it reads, and refuses a ragged
        # row (ArrowInvalid): the careful reader then keeps the row numbers exact. No Python
        # row handler: a callback held by pyarrow's reader threads can abort the process
        # ("terminate called without an active exception") when it exits soon after.
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header.row + 1, column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, _DICT),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
        return None
    if _count_lines(path) != header.row + 1 + table.num_rows:
        return None
    table = table.unify_dictionaries().combine_chunks()
    columns = [table.column(i).chunk(0) if table.num_rows else _empty_dict() for i in range(ncols)]
    if any(tcvn3.looks_tcvn3(v) for c in columns for v in c.dictionary.to_pylist()):
        return None  # legacy TCVN3 cells: the other readers convert them and say where
    rownums = np.arange(header.row + 2, header.row + 2 + table.num_rows, dtype=np.int64)
    records, targets = _long_table(columns, rownums, header, ctx, None)
    _note_unread_columns(header, ctx)
    return SheetRead("", "long", records, targets, "; ".join(ctx.notes))
