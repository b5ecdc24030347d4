"""The demo's bytes: CSV, deterministic workbooks, sidecars and the folder's README."""

from __future__ import annotations

import csv
import io

import pandas as pd
import yaml

from cdsanalysis.base.xlsx_bytes import deterministic_xlsx_bytes
from cdsanalysis.demo.cells import DemoFile, column_letter, vn_number

# The README's opening: what the files are and how the demo is designed.
_README_HEAD = [
    "# Demo raw data: DỮ LIỆU MẪU / SAMPLE (synthetic)",
    "",
    "Every file in this folder is **synthetic**: written by `cds sample` "
    "(`cdsanalysis.demo.sample.write_sample`), not received from any agency. The numbers are "
    "seeded trajectories, not real figures; the real published figures are in "
    "`data/raw/published/`. Do not edit these files by hand: change the generator, run "
    "`cds sample`, and commit its output (`tests/test_sample.py` fails when the committed "
    "files differ from what the generator makes). This README is generated too.",
    "",
    "## Design",
    "",
    "- **Who reports what.** The eight sector departments send a final report (layout "
    "`report`, `*_tong-ket_2022-2025`) with the targets that list their sector: the 2023 "
    "milestone, G1, G2, G4, G5, G6, G7, G9a, their E2 share, and S4 for education; periods "
    "2022, 2023, 2024, 2025-H1, 2025-YTD9 (Sở Y tế and Sở Giao thông vận tải write "
    '"Quý III/2025" and add "Quý IV/2025") and the official 2025 figure ("Năm 2025"; Sở Công '
    'Thương and Sở Nông nghiệp write the 12-month cumulative "12 tháng 2025"). Each also sent a '
    'year-end report with "Ước thực hiện 2025" estimates, which the official figure supersedes; '
    'Sở Công Thương sent one with "Ước 2024" too. Their repeated columns are duplicates. The nine '
    "district-level units send a report (G4, G9b; 2023 to 2025-H1) and a matrix of their "
    "communes × semi-annual periods (G9c; the five Excel ones add a G4 sheet). Sở TT&TT "
    "sends long files: province-wide series and province totals to 2025, the 2022 district "
    'baseline with the names of the time ("TX. Bến Cát", "Thị xã Tân Uyên"), and a matrix '
    "of districts × periods for G5. The 36 new communes and wards (vintage 2025-07-01) send "
    'G9c and G4 for Q3 and Q4/2025 with their counts ("Tử số", "Mẫu số"): all 36 for '
    "G9c, so `cds clean` computes the former province's G9c (sum over sum); six are missing "
    "for G4, so none is computed and the clean report names them.",
    "- **No synthetic value for a published series.** The generator reads "
    "`data/raw/published/` and makes no value for a series (indicator × sector × area) that "
    "has published figures: no synthetic ranks, no province totals of G1, G4, G5, G9a, no "
    "province E1 or 4G/5G coverage. Such a series reads only its published figures, and may "
    "have no 2025 value: that is the truth.",
    "- **District and commune series end with 2025-H1**: the district tier ended on "
    "1/7/2025. Values of the former province for periods ending from 1/7/2025 are read as "
    'code 74 of vintage 2025-07-01, "địa bàn tỉnh Bình Dương (cũ)".',
    "- **Trajectories** are set per series by a profile: met, on track, moderate, limited "
    "or deterioration (the progress ratio of the reference method at the latest point). "
    "Health and industry lead, transport and agriculture lag; transport's connected "
    "systems (G7) and agriculture's digital-economy share (E2) regress, and so does the "
    "synthetic cyber-security rank. The synthetic ranks are never the published ones.",
    "- **The mess of real files**: title rows and the national motto, two-row merged "
    'headers, section rows, plan columns ("Kế hoạch 2025", counted as target cells), '
    'notes and signature blocks, "1.234,5", "85,5%", fractions in a percent column '
    '("0,612" in a CSV, 0.612 shown as 61.2% in a workbook), NFD text, "Hoà"/"Hòa", '
    '"Văn hoá", an en dash in a sector name, abbreviated area types, a UTF-8 BOM, '
    'no-data markers ("-", "KPS", "x"), and the bad cells listed below.',
    "- **Sidecars** (`<file>.meta.yaml`) state `provenance: synthetic`, the `source` and "
    "the `layout`, and only what the file does not say itself (the area of department "
    'reports, whose "Đơn vị: Sở ..." line names an agency, not an area).',
    "",
]


def _csv_text(cell: object) -> str:
    if cell is None:
        return ""
    return vn_number(cell) if isinstance(cell, float) else str(cell)


def csv_bytes(file: DemoFile) -> bytes:
    """The CSV bytes of a one-sheet file: "\\n" line endings, rows padded to the widest, floats
    in Vietnamese notation, a byte-order mark when the file has one.

    Parameters
    ----------
    file : DemoFile

    Returns
    -------
    bytes
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows = file.sheets[0].rows
    width = max(len(r) for r in rows)
    for row in rows:
        cells = [_csv_text(c) for c in row]
        writer.writerow(cells + [""] * (width - len(cells)))
    text = buffer.getvalue()
    return ("\ufeff" + text if file.bom else text).encode("utf-8")


def workbook_bytes(file: DemoFile) -> bytes:
    """The .xlsx bytes of a file: its sheets with bold titles, bordered tables, merged header
    cells, number formats and column widths, written deterministically.

    Parameters
    ----------
    file : DemoFile

    Returns
    -------
    bytes
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for spec in file.sheets:
        ws = workbook.create_sheet(spec.name)
        width = max(len(r) for r in spec.rows)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if (r, c) in spec.formats:
                    cell.number_format = spec.formats[(r, c)]
            if r in spec.bold_rows:
                for c in range(1, len(row) + 1):
                    ws.cell(row=r, column=c).font = Font(bold=True)
            if r in spec.table_rows:
                for c in range(1, width + 1):
                    cell = ws.cell(row=r, column=c)
                    cell.border = border
                    if r in spec.header_rows:
                        cell.font = Font(bold=True)
                        cell.alignment = Alignment(
                            horizontal="center", vertical="center", wrap_text=True
                        )
        for r1, c1, r2, c2 in spec.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for col, w in sorted(spec.widths.items()):
            ws.column_dimensions[column_letter(col)].width = w
    return deterministic_xlsx_bytes(workbook)


def sidecar_bytes(file: DemoFile) -> bytes:
    """The ``<file>.meta.yaml`` sidecar: what the file does not say itself.

    Parameters
    ----------
    file : DemoFile

    Returns
    -------
    bytes
    """
    meta = dict(file.meta)
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    header = f"# Sidecar of {file.name}: what the file does not say itself.\n"
    return (header + text).encode("utf-8")


def readme_bytes(files: list[DemoFile], records: pd.DataFrame) -> bytes:
    """The demo folder's README.md: the design, a table of the files with their expected
    outcomes, and the bad cells that must end in quarantine.

    Parameters
    ----------
    files : list of DemoFile
    records : pandas.DataFrame
        The expected records (:func:`cdsanalysis.demo.sample.expected_records`).

    Returns
    -------
    bytes
    """
    lines = [
        *_README_HEAD,
        "## Files",
        "",
        "| file | layout | format | sheets | records | clean | no data | duplicate | "
        "quarantined | what |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for file in files:
        sub = records[records["file"] == file.name]
        counts = sub["outcome"].value_counts()
        sheets = ", ".join(s.name for s in file.sheets) if file.fmt == "xlsx" else "-"
        lines.append(
            f"| `{file.name}` | {file.layout} | {file.fmt.upper()} | {sheets} | {len(sub)} | "
            f"{counts.get('clean', 0)} | {counts.get('no_data', 0)} | "
            f"{counts.get('duplicate', 0)} | {counts.get('quarantine', 0)} | "
            f"{file.description} |"
        )
    counts = records["outcome"].value_counts()
    lines += [
        f"| **total** | | | | **{len(records)}** | {counts.get('clean', 0)} | "
        f"{counts.get('no_data', 0)} | {counts.get('duplicate', 0)} | "
        f"{counts.get('quarantine', 0)} | |",
        "",
        "By layout and format: "
        + "; ".join(
            f"{layout} {fmt.upper()}: {n} file(s)"
            for (layout, fmt), n in sorted(
                pd.Series([(f.layout, f.fmt) for f in files]).value_counts().items()
            )
        )
        + ".",
        "",
        "## Bad cells: expected quarantine",
        "",
        "| file | cell | raw | reason code |",
        "|---|---|---|---|",
    ]
    bad = records[records["outcome"] == "quarantine"]
    for row in bad.itertuples():
        lines.append(f"| `{row.file}` | {row.ref} | `{row.raw}` | {row.reason_code} |")
    lines += [
        "",
        'Estimates ("Ước 2024", "Ước thực hiện 2025", period kind `estimate`) sit beside the '
        "official values of the same series; they are expected clean, with the official value "
        "standing for the year. No synthetic value shares a series with a published figure, "
        "so cleaning the demo together with `data/raw/published/` gives no conflict.",
        "",
    ]
    return "\n".join(lines).encode("utf-8")
