"""Header rows: what each column names (its role), the header row (one or two rows) and the
layout it implies, and the notes/signature block below a table."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from cdsanalysis.base.periods import PeriodError, parse_period
from cdsanalysis.base.text import fold, fold_key, normalise_text
from cdsanalysis.base.vocabulary import LAYOUTS
from cdsanalysis.ingest.cells import row_texts

HEADER_SCAN_ROWS = 60


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
    # the counts of a rate: explicit headers only ("Số hồ sơ ..." names a count indicator)
    "numerator": {"tu so", "numerator"},
    "denominator": {"mau so", "denominator"},
}
_KEY_ROLE = {key: role for role, keys in _ROLE_KEYS.items() for key in keys}
# A report column that holds results without naming the period (taken from the title).
_GENERIC_VALUE = {"thuc hien", "ket qua", "gia tri", "so lieu", "ket qua thuc hien"}
GENERIC_ESTIMATE = {"uoc thuc hien", "uoc th", "uoc tinh", "uoc"}
_TARGET = re.compile(
    r"^(?:ke hoach|muc tieu|chi tieu giao|chi tieu ke hoach|kh|target|plan)\b|^chi tieu\b.*\d{4}"
)
_IDENTITY_ROLES = {"stt", "indicator", "indicator_id", "area", "area_code", "unit"}
PARENS = re.compile(r"\(([^()]*)\)")
_FOOTER = re.compile(
    r"^(?:\*\s*)?(?:ghi chu|chu thich|luu y|nguon|nguoi lap|lap bieu|thu truong|kt\b|tm\b|"
    r"giam doc|pho giam doc|chu tich|noi nhan|xac nhan|ky ten|ky, ghi ro)"
)
_FOOTER_DATE = re.compile(r"^[^,]{0,60},?\s*ngay\b.*\bthang\b.*\bnam\b")


@dataclass
class Column:
    """One table column as the header names it."""

    index: int
    text: str  # header text (two rows joined)
    role: str | None  # a _ROLE_KEYS role, "target", "period_col", "value_col", "indicator_col"
    unit: str = ""  # unit stated in the header's parentheses ("Giá trị (%)")
    level_hint: str = ""


@dataclass
class Header:
    """A table's header: its row(s), the layout it implies and its columns."""

    row: int  # 0-based index of the (first) header row
    rows: int  # 1 or 2 header rows
    layout: str
    columns: list[Column]

    def of(self, *roles: str) -> list[Column]:
        """The columns of the given roles, left to right."""
        return [c for c in self.columns if c.role in roles]


def is_period(text: str) -> bool:
    """Whether a text is a period the parser reads ("2024", "Quý III/2025")."""
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


def _classify(text: str, lookup: Callable[[str], str | None] | None) -> Column:
    """Say what a header cell names."""
    shown = normalise_text(text)
    unit = ""
    bare = shown
    found = PARENS.search(shown)
    if found and not is_period(shown):
        unit = found.group(1).strip()
        bare = PARENS.sub(" ", shown).strip()
    key = fold_key(bare)
    column = Column(-1, shown, None, unit=unit)
    if not key:
        return column
    if _TARGET.match(key):
        column.role = "target"
    elif key in _KEY_ROLE:
        column.role = _KEY_ROLE[key]
        if column.role == "area":
            column.level_hint = _level_from_header(key)
    elif is_period(shown):
        column.role = "period_col"
    elif (period := _generic_period(shown)) is not None:
        column.role, column.text = "period_col", period  # "Kết quả năm 2024"
    elif key in _GENERIC_VALUE or key in GENERIC_ESTIMATE:
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
    return rest if is_period(rest) else None


def _decide_layout(columns: list[Column], forced: str | None) -> str | None:
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
    if _TARGET.match(fold_key(sub)):
        return sub
    if _TARGET.match(fold_key(top)) or is_period(joined):
        return joined
    if is_period(sub):
        folded = fold(top)
        if re.search(r"\b(?:uoc|du uoc)\b", folded):
            return f"Ước {sub}"
        if re.search(r"\bso bo\b", folded):
            return f"Sơ bộ {sub}"
        return sub
    return joined


def _combine(top: list[str], sub: list[str]) -> list[str]:
    return [_combine_cell(a, b) for a, b in zip(top, sub, strict=True)]


def detect_header(
    rows: list[list[Any]],
    forced: str | None,
    lookup: Callable[[str], str | None] | None,
) -> Header | None:
    """Find the header row (and a second header row under it) and the layout it implies."""
    limit = min(len(rows), HEADER_SCAN_ROWS)
    texts = [row_texts(rows[i]) for i in range(min(len(rows), limit + 1))]
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
                candidates.append(Header(h, 2, "", both))
        candidates.append(Header(h, 1, "", alone))
        for header in candidates:
            layout = _decide_layout(header.columns, forced)
            if layout:
                header.layout = layout
                return header
    return None


def _is_subheader(alone: list[Column], top: list[str], sub: list[str]) -> bool:
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


def is_footer(text: str) -> bool:
    """Whether a row's first text opens the notes or signature block below a table."""
    key = fold(text).strip()
    return bool(_FOOTER.match(key) or _FOOTER_DATE.match(key))


def first_filled(row: list[str]) -> str:
    """The first non-blank text of a row ("" when there is none)."""
    for text in row:
        if text:
            return text
    return ""


# Roles of which one column is read a row: a second column of the same header would be lost.
_READ_ONCE = {
    "indicator",
    "indicator_id",
    "area",
    "area_code",
    "sector",
    "period",
    "value",
    "unit",
    "source",
    "note",
    "provenance",
    "numerator",
    "denominator",
}


def repeated_columns(header: Header, merged: Callable[[int], bool]) -> str:
    """Say which two columns share a header whose role is read once a row ("" when none).

    Parameters
    ----------
    header : Header
    merged : callable
        ``column index -> bool``: whether the header cell is covered by a merged range (a
        header merged over two columns names one column, not two).

    Returns
    -------
    str
        "columns B 'Giá trị' and D 'Giá trị' have the same header ...", or "".
    """
    seen: dict[tuple[str, str], Column] = {}
    for col in header.columns:
        if col.role not in _READ_ONCE or merged(col.index):
            continue
        key = (col.role, fold_key(col.text))
        first = seen.setdefault(key, col)
        if first is not col:
            return (
                f"columns {_named(first)} and {_named(col)} have the same header, and only one "
                "of them would be read; rename one or remove it"
            )
    return ""


def _named(col: Column) -> str:
    text = col.text if len(col.text) <= 40 else col.text[:39] + "…"
    return f"{get_column_letter(col.index + 1)} '{text}'"
