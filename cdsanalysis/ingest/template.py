"""The Excel data-entry template (``cds template``), generated from the plan catalogue.

One sheet per sector, and a "Toàn tỉnh" sheet for the province as a whole, each laid out as an
agency report that ``cds clean`` reads back without loss (the reader's "report" layout):

- a header block: the title, ``Lĩnh vực: <sector>`` (sector sheets only), ``Địa bàn: Tỉnh Bình
  Dương (74)`` (the area the values refer to, with its GSO code so that periods after 1/7/2025
  still find the former province; a district or commune may put its own name and code there)
  and how to fill the sheet in, one instruction per line;
- a table: ``STT | Mã chỉ tiêu | Chỉ tiêu | Đơn vị tính | Mục tiêu | <period columns> | Ghi
  chú``, with the catalogue id, the Vietnamese name, the unit and the target pre-filled, rows
  grouped by pillar (section rows "A. CHÍNH QUYỀN SỐ", ...);
- data validation: the unit cell takes one of the plan's units (a list), a value cell a number
  within the unit's bounds (percent 0 to the target's limit, growth -100 to 100, rank 1 to the
  number ranked) or Có/Không.

A last sheet, :data:`COUNTS_SHEET`, asks the 36 new communes and wards (from 1/7/2025) for
their rates *with the counts they are computed from*: a long table ``Mã chỉ tiêu | Chỉ tiêu |
Đơn vị hành chính | Kỳ báo cáo | Tử số | Mẫu số | Giá trị | Đơn vị tính | Ghi chú``, one row per
commune-level percent target and unit, pre-filled. ``cds clean`` reads "Tử số"/"Mẫu số" into the
``numerator``/``denominator`` columns and computes the former province's value from them (sum
over sum) when all 36 units report.

A sector sheet lists the targets whose ``sectors`` names the sector. "Toàn tỉnh" lists the
targets with no sector (section A) and then, for the province-wide figure, the targets that
several sectors share (section B); its rows carry no sector. The "Mục tiêu" column is a target
column: ``cds clean`` counts its cells apart and never reads them as observations.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @) are neutralised
with :func:`cdsanalysis.base.safe_io.neutralise_formula`. The workbook's bytes are the same on every
run for the same plan (fixed document dates; see
:func:`cdsanalysis.base.xlsx_bytes.deterministic_xlsx_bytes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from cdsanalysis.base.plan import Plan, load_plan
from cdsanalysis.base.safe_io import atomic_write_bytes, neutralise_formula
from cdsanalysis.base.xlsx_bytes import deterministic_xlsx_bytes

__all__ = [
    "DEFAULT_PERIODS",
    "DEFAULT_TEMPLATE_NAME",
    "PROVINCE_SHEET",
    "UNIT_LABELS",
    "COUNTS_HEADERS",
    "COUNTS_SHEET",
    "build_template",
    "write_template",
]

#: How the template writes each catalogue unit (``cdsanalysis.base.units.normalise_unit`` reads
#: each back to its unit).
UNIT_LABELS = {
    "percent": "%",
    "rank": "Hạng",
    "yes_no": "Có/Không",
    "index": "Điểm",
    "ratio": "Lần",
    "count": "Số lượng",
}
#: Period columns, in the words agencies use; any period of the grammar works as a header.
DEFAULT_PERIODS = (
    "Năm 2022",
    "Năm 2023",
    "Năm 2024",
    "6 tháng đầu năm 2025",
    "9 tháng năm 2025",
    "Năm 2025",
)
PROVINCE_SHEET = "Toàn tỉnh"
#: A file name for ``cds template`` when no ``--out`` is given.
DEFAULT_TEMPLATE_NAME = "MAU-NHAP-LIEU_chuyen-doi-so_2023-2025.xlsx"
# With its GSO code: after 1/7/2025 the name alone fits no unit of the new list, the code does.
DEFAULT_AREA = "Tỉnh Bình Dương (74)"
_PILLARS = {"government": "CHÍNH QUYỀN SỐ", "economy": "KINH TẾ SỐ", "society": "XÃ HỘI SỐ"}
_COMPARISON = {">=": "≥", ">": ">", "<=": "≤"}
_FIXED = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu"]
_INSTRUCTIONS = [
    "Hướng dẫn nhập liệu / How to fill in",
    "1. Nhập số liệu vào các ô trắng dưới cột kỳ báo cáo; để trống ô chưa có số liệu. "
    "Không sửa cột Mã chỉ tiêu, tên chỉ tiêu, đơn vị tính và tiêu đề cột.",
    "2. Tỷ lệ (%) nhập số từ 0 đến 100, không kèm dấu % (ví dụ 85,5); thứ hạng nhập số nguyên "
    "(ví dụ 7 nếu xếp thứ 7/63); chỉ tiêu Có/Không chọn Có hoặc Không trong danh sách.",
    "3. Có thể thêm cột kỳ khác bên phải bảng, tiêu đề ghi theo mẫu Năm 2025, 6 tháng đầu năm "
    "2025, Quý III/2025; số ước tính ghi Ước trước kỳ (ví dụ Ước năm 2025).",
    "4. Số liệu của huyện, xã: sửa dòng Địa bàn thành tên và mã đơn vị hành chính (ví dụ Địa "
    "bàn: Thành phố Dĩ An (724)). Cột Mục tiêu là chỉ tiêu kế hoạch, không phải số thực hiện.",
    "Enter values under the period columns (percent 0-100, ranks as whole numbers, Có/Không for "
    "yes/no); leave unknown cells blank; do not edit ids, names, units or headers.",
]
COUNTS_SHEET = "Xã, phường từ 1-7-2025"
COUNTS_HEADERS = ["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Tử số",
                  "Mẫu số", "Giá trị", "Đơn vị tính", "Ghi chú"]  # fmt: skip
_COUNTS_INSTRUCTIONS = [
    "Số liệu của 36 xã, phường mới (từ 01/7/2025, địa bàn tỉnh Bình Dương cũ): ghi Kỳ báo cáo "
    "(ví dụ Quý IV/2025), Tử số và Mẫu số (số hồ sơ, số lượng), rồi Giá trị (%) = Tử số / Mẫu "
    "số × 100. Số liệu toàn địa bàn chỉ được tính (tổng tử số / tổng mẫu số) khi đủ 36 đơn vị.",
    "New communes and wards from 1/7/2025: give the period, the numerator and denominator "
    "(counts) and the rate; the former province's value is computed (sum over sum) only when "
    "all 36 units report.",
]
# Cells to fill in are white; the pre-filled ones grey.
_ENTRY_FILL = "FFFFFF"
_FIXED_FILL = "F2F2F2"


def _sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters at most, none of []:*?/\\)."""
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name).strip()
    if len(clean) > 31:
        words, short = clean.split(), ""
        for word in words:
            if len(short) + len(word) + 2 > 30:
                break
            short = f"{short} {word}".strip()
        clean = short + "…"
    title, n = clean, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _target_text(target: Any) -> str:
    if target["unit"] == "yes_no":
        return "Có" if target["target"] else "Không"
    number = float(target["target"])
    shown = str(int(number)) if number.is_integer() else f"{number:g}".replace(".", ",")
    return f"{_COMPARISON[target['comparison']]} {shown}"


def _validation_key(target: Any) -> tuple:
    """What the value cells of a row may hold, as a hashable key."""
    unit = target["unit"]
    if unit == "yes_no":
        return ("list", '"Có,Không"')
    if unit == "rank":
        return ("whole", "1", str(int(target["rank_of"])))
    if unit == "percent" and target["kind"] == "growth":
        return ("decimal", "-100", "100")
    if unit == "percent":
        limit = target["limit"] if target["limit"] is not None else 100.0
        return ("decimal", "0", f"{float(limit):g}")
    if unit == "index":
        return ("decimal", "0", "1000")
    return ("decimal", "0", "1000000000000")


_VALIDATION_TEXT = {
    "list": (
        "Có hoặc Không",
        "Chọn Có hoặc Không trong danh sách / choose Có (yes) or Không (no).",
    ),
    "whole": ("Thứ hạng", "Nhập số nguyên từ {0} đến {1} / a whole number from {0} to {1}."),
    "decimal": ("Giá trị số", "Nhập số từ {0} đến {1} / a number from {0} to {1}."),
}


def _rows_for(plan: Plan, sheet: str) -> list[tuple[str, list[Any]]]:
    """(section title, targets) of one sheet, in catalogue order (context indicators have no
    target to report against, so the template leaves them out)."""
    targets = plan.judged_targets
    if sheet == PROVINCE_SHEET:
        alone = targets[targets["sectors"].map(len) == 0]
        shared = targets[targets["sectors"].map(len) > 1]
        sections = [
            ("A. CHỈ TIÊU CHUNG TOÀN TỈNH", alone),
            ("B. SỐ LIỆU TOÀN TỈNH CỦA CÁC CHỈ TIÊU THEO LĨNH VỰC", shared),
        ]
        return [(title, list(frame.itertuples(index=False))) for title, frame in sections]
    mine = targets[targets["sectors"].map(lambda ids: sheet in ids)]
    out = []
    for letter, (pillar, title) in zip("ABC", _PILLARS.items(), strict=True):
        rows = mine[mine["pillar"] == pillar]
        if len(rows):
            out.append((f"{letter}. {title}", list(rows.itertuples(index=False))))
    return out


def build_template(
    plan: Plan | None = None,
    *,
    periods: Sequence[str] = DEFAULT_PERIODS,
    area: str = DEFAULT_AREA,
) -> Any:
    """Build the data-entry workbook (see the module notes for its layout).

    Parameters
    ----------
    plan : Plan, optional
        The catalogue to build from; default the project's own plan.
    periods : sequence of str
        Period column headers, as agencies write them ("Năm 2024", "6 tháng đầu năm 2025").
    area : str
        The area written on every sheet's "Địa bàn:" line.

    Returns
    -------
    openpyxl.Workbook
    """
    from openpyxl import Workbook

    plan = plan if plan is not None else load_plan()
    workbook = Workbook()
    workbook.remove(workbook.active)
    units = [UNIT_LABELS[u] for u in UNIT_LABELS if u in set(plan.judged_targets["unit"])]
    taken: set[str] = set()
    title_vi = plan.meta.get("title_vi") or "Kế hoạch chuyển đổi số"
    sheets = [(PROVINCE_SHEET, None)] + [
        (row.id, row.name_vi) for row in plan.sectors.itertuples(index=False)
    ]
    headers = _FIXED + list(periods) + ["Ghi chú"]
    for key, sector_name in sheets:
        ws = workbook.create_sheet(_sheet_title(sector_name or key, taken))
        lines = [f"MẪU NHẬP SỐ LIỆU CHỈ TIÊU CHUYỂN ĐỔI SỐ - {title_vi}"]
        if sector_name:
            lines.append(f"Lĩnh vực: {sector_name}")
        lines.append(f"Địa bàn: {area}")
        lines += _INSTRUCTIONS
        header_row = _write_header(ws, lines, headers)
        sections = _rows_for(plan, key if sector_name else PROVINCE_SHEET)
        unit_cells, validations = _write_table(ws, sections, header_row, headers)
        _add_validations(ws, units, unit_cells, validations)
        _set_widths(ws, header_row, headers)
    _write_counts_sheet(workbook, plan)
    return workbook


def _write_counts_sheet(workbook: Any, plan: Plan) -> None:
    """The long sheet of the new units' rates and counts (see the module notes)."""
    from cdsanalysis.base.geography import VINTAGE_AFTER, load_areas

    ws = workbook.create_sheet(COUNTS_SHEET)
    lines = [f"MẪU NHẬP TỶ LỆ KÈM TỬ SỐ, MẪU SỐ - {plan.meta.get('title_vi') or ''}".strip()]
    header_row = _write_header(ws, lines + _COUNTS_INSTRUCTIONS, COUNTS_HEADERS)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)
    areas = load_areas()
    units = areas[(areas["geo_vintage"] == VINTAGE_AFTER) & (areas["geo_level"] == "commune")]
    judged = plan.judged_targets
    targets = judged[(judged["level"] == "commune") & (judged["unit"] == "percent")]
    r = header_row
    for target in targets.itertuples(index=False):
        for name in units.sort_values("geo_code")["geo_name"]:
            r += 1
            cells = [target.id, target.name_vi, name, "", None, None, None, UNIT_LABELS["percent"]]
            for c, value in enumerate(cells + [None], start=1):
                cell = _put(ws, r, c, value)
                cell.border = _border()
                cell.fill = _fill(_FIXED_FILL if c in (1, 2, 3, 8) else _ENTRY_FILL)
    for c, width in enumerate([34, 50, 26, 16, 12, 12, 12, 11, 30], start=1):
        ws.column_dimensions[get_column_letter(c)].width = width


def _put(ws: Any, row: int, col: int, value: Any) -> Any:
    """Write a cell whose text a spreadsheet could run as a formula, neutralised."""
    return ws.cell(row=row, column=col, value=neutralise_formula(value))


def _write_header(ws: Any, lines: list[str], headers: list[str]) -> int:
    """The header block (each line in one cell, merged across the table for reading) and the
    table's header row; return the header row's number."""
    from openpyxl.styles import Alignment, Font

    for r, text in enumerate(lines, start=1):
        cell = _put(ws, r, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1 or text.startswith(("Lĩnh vực:", "Địa bàn:")):
            cell.font = Font(bold=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(headers))
        if len(text) > 110:
            ws.row_dimensions[r].height = 30
    header_row = len(lines) + 2
    for c, text in enumerate(headers, start=1):
        cell = _put(ws, header_row, c, text)
        cell.font = Font(bold=True)
        cell.border = _border()
        cell.fill = _fill(_FIXED_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=len(_FIXED) + 1)
    return header_row


def _write_table(
    ws: Any, sections: list[tuple[str, list[Any]]], header_row: int, headers: list[str]
) -> tuple[list[str], dict[tuple, list[str]]]:
    """Section and target rows; return the unit cells and the value spans per validation."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    first_value, last_value = len(_FIXED) + 1, len(headers) - 1
    validations: dict[tuple, list[str]] = {}
    unit_cells: list[str] = []
    r, stt = header_row, 0
    for title, targets in sections:
        r += 1
        _put(ws, r, 1, title.split(". ", 1)[0] + ".")
        _put(ws, r, 3, title.split(". ", 1)[1])
        for c in range(1, len(headers) + 1):
            ws.cell(row=r, column=c).border = _border()
            ws.cell(row=r, column=c).font = Font(bold=True)
        for target in targets:
            r, stt = r + 1, stt + 1
            row = target._asdict()
            _put(ws, r, 1, stt)
            _put(ws, r, 2, row["id"])
            _put(ws, r, 3, row["name_vi"])
            _put(ws, r, 4, UNIT_LABELS[row["unit"]])
            _put(ws, r, 5, _target_text(row))
            for c in range(1, len(headers) + 1):
                cell = ws.cell(row=r, column=c)
                cell.border = _border()
                entry = first_value <= c <= last_value or c == len(headers)
                cell.fill = _fill(_ENTRY_FILL if entry else _FIXED_FILL)
                if c == 3:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            unit_cells.append(f"D{r}")
            span = f"{get_column_letter(first_value)}{r}:{get_column_letter(last_value)}{r}"
            validations.setdefault(_validation_key(row), []).append(span)
    return unit_cells, validations


def _add_validations(
    ws: Any, units: list[str], unit_cells: list[str], validations: dict[tuple, list[str]]
) -> None:
    """The unit cells take a unit from the list; value cells a number within bounds or Có/Không."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if unit_cells:
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(units) + '"',
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="Đơn vị tính",
            error="Chọn đơn vị trong danh sách / choose a unit from the list: " + ", ".join(units),
        )
        for ref in unit_cells:
            dv.add(ref)
        ws.add_data_validation(dv)
    for vkey, spans in validations.items():
        kind = vkey[0]
        title_text, message = _VALIDATION_TEXT[kind]
        if kind == "list":
            dv = DataValidation(type="list", formula1=vkey[1], allow_blank=True)
        else:
            dv = DataValidation(
                type=kind,
                operator="between",
                formula1=vkey[1],
                formula2=vkey[2],
                allow_blank=True,
            )
            message = message.format(vkey[1], vkey[2])
        dv.showErrorMessage = True
        dv.showInputMessage = True
        dv.errorTitle, dv.error = title_text, message
        dv.promptTitle, dv.prompt = title_text, message
        for span in spans:
            dv.add(span)
        ws.add_data_validation(dv)


def _set_widths(ws: Any, header_row: int, headers: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    widths = {1: 6, 2: 34, 3: 60, 4: 11, 5: 10}
    for c in range(len(_FIXED) + 1, len(headers)):
        widths[c] = 14
    widths[len(headers)] = 30
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[header_row].height = 32


def _fill(color: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=color)


def _border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def write_template(out_path: str | Path, plan: Plan | None = None) -> Path:
    """Write the Excel data-entry template generated from the plan catalogue.

    Parameters
    ----------
    out_path : str or pathlib.Path
        The .xlsx file to write; its folder is created when missing. Written atomically.
    plan : Plan, optional
        The catalogue to build from; default the project's own plan.

    Returns
    -------
    pathlib.Path
        ``out_path``.

    Raises
    ------
    ValueError
        When ``out_path`` does not end in ``.xlsx``.

    Examples
    --------
    >>> write_template("mau-nhap-lieu-cds.xlsx")  # doctest: +SKIP
    PosixPath('mau-nhap-lieu-cds.xlsx')
    """
    path = Path(out_path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path}: the template is an Excel workbook; give a .xlsx file name")
    workbook = build_template(plan)
    return atomic_write_bytes(path, deterministic_xlsx_bytes(workbook))
