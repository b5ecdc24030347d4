"""What a sheet says about all its cells: sidecar, title lines above the table (unit, reporting
unit, issuing authority), and the indicator or period named in a title, sheet or file name."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cdsanalysis.base.text import fold, normalise_text
from cdsanalysis.ingest.grid import Grid, cell
from cdsanalysis.ingest.headers import HEADER_SCAN_ROWS, Header, fold_key, is_period

_AGENCY = re.compile(
    r"^(?:so|ban|van phong|cuc|chi cuc|trung tam|cong an|bo|bo chi huy|kho bac|"
    r"bao hiem|dai|truong)\b"
)


@dataclass
class Context:
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
        """Take from the sidecar, then from the issuing authority, what the titles did not state."""
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


def _read_title(text: str, ctx: Context) -> None:
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
        head_key, value = fold_key(head), value.strip()
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


def _read_reporting_unit(value: str, ctx: Context) -> None:
    """ "Đơn vị: UBND thành phố Dĩ An" names an area; "Đơn vị: Sở Y tế" a provincial agency."""
    bare = re.sub(r"^(?:ubnd|uy ban nhan dan)\s+", "", fold(value))
    cut = len(value) - len(bare)
    if _AGENCY.match(bare):
        ctx.source = ctx.source or value
        return
    if not ctx.area:
        ctx.area = value[cut:].strip() if cut else value


def search_indicator(ctx: Context, texts: list[str]) -> None:
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


def search_period(texts: list[str]) -> str:
    """Find the period a title states: a whole line or name that is a period ("2024",
    "Quý III-2025"), else one written inside it ("TÌNH HÌNH ... NĂM 2024"; a bare year inside a
    title is not taken: "giai đoạn 2023-2025" names no period)."""
    for text in texts:
        if is_period(normalise_text(text)):
            return normalise_text(text)
    for text in texts:
        shown = normalise_text(text)
        folded = fold(shown)
        if len(folded) != len(shown):
            continue
        for found in _PERIOD_IN_TEXT.finditer(folded):
            piece = shown[found.start() : found.end()]
            if is_period(piece):
                return piece
    return ""


def title_context(grid: Grid, header: Header | None, ctx: Context) -> None:
    """Read the title lines above the header (or the first rows when no header was found)."""
    stop = header.row if header else min(len(grid.rows), HEADER_SCAN_ROWS)
    for r in range(stop):
        for c in range(len(grid.rows[r])):
            value = cell(grid, r, c)  # a merged title is read once, from its anchor
            if isinstance(value, str) and value.strip():
                _read_title(value, ctx)
