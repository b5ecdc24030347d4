"""Deterministic generator of the synthetic demo raw files (``cds sample``).

The demo is **synthetic**: every number comes from this module's seeded trajectories, never from
a real report. It says so everywhere a reader could look: "DỮ LIỆU MẪU / SAMPLE" in the title
line of every sheet and ``DU-LIEU-MAU_SAMPLE_`` at the start of every file name, and a sidecar
``<file>.meta.yaml`` with ``provenance: synthetic`` and a ``source`` saying it is not real.
Real published figures live apart, in ``data/raw/published/``.

Design
------
*Who reports what.* The shape follows how reports reach the provincial Department of Information
and Communications (Sở TT&TT):

- the eight sector departments (Sở Xây dựng → urban, Sở Công Thương → industry, Sở Tài nguyên
  và Môi trường → environment, Sở Giao thông vận tải → transport, Sở Nông nghiệp và PTNT →
  agriculture, Sở Y tế → health, Sở Giáo dục và Đào tạo → education, Sở Văn hóa, Thể thao và
  Du lịch → culture_tourism) each send a *report* (layout 2) with the targets that list their
  sector: the 2023 milestone, G1, G2, G4, G5, G6, G7, G9a, their own E2 share, and S4 for
  education; periods 2022, 2023, 2024, "6 tháng đầu năm 2025" and "9 tháng 2025" (two of them
  write "Quý III/2025" instead). Sở Công Thương also sent an earlier year-end report with
  "Ước 2024" estimates that the later report revises, and whose 2023 column repeats the later
  report exactly (duplicates);
- the nine district-level units each send a *report* with G4 and G9b for 2023, 2024 and
  2025-H1, and a *matrix* of their communes × periods for G9c (commune-level work dossiers),
  with semi-annual columns from 2022 to 2025-H1; the five districts that send Excel add a second
  sheet with G4 by commune. District and commune series end with 2025-H1: the district tier
  ended on 1/7/2025;
- Sở TT&TT sends *long* files (layout 1): the province-wide series (G3, G8, E1, E3, E4, E5,
  S1a, S1b, S2a, S2b, S3 in CSV; province totals of G1–G9a and the 2023 milestone, and the five
  R1 ranks in a two-sheet workbook), the 2022 district baseline (written with the names of the
  time: "TX. Bến Cát", "Thị xã Tân Uyên"), a *matrix* of districts × periods for G5, and a few
  values for "Quý III/2025" on the new communes of the 2025-07-01 vintage ("Phường Bình
  Dương", "Phường Thủ Dầu Một", ...), derived from their predecessors.

*Trajectories.* Each series has a 2022 base drawn in a plausible range and a profile that fixes
where its latest value lands against the 2025 target, as the progress ratio of the reference
method R = ln(latest / base) / ln(target / base): met (R > 1, capped at the natural limit), on
track (0.96–0.99), moderate (0.66–0.90), limited (0.15–0.50) or deterioration (R < 0). Sectors
differ on purpose (health and industry lead, transport and agriculture lag, transport's
connected systems and agriculture's digital-economy share regress), so the eight briefs differ.
Intermediate points carry small noise; the latest point does not, so statuses are stable. The
R1 ranks are invented ranks, labelled synthetic in the file, and chosen apart from the published
ranks.

*The mess of real files* (``docs/sources/DOMAIN.md`` §5): title rows, national-motto cells, two-row
merged headers, section rows ("I.", "A. CHÍNH QUYỀN SỐ"), plan columns ("Kế hoạch 2025") beside
actual ones, notes ("Ghi chú: ...") and signature blocks under the table, "1.234,5" and
"85,5%", a percent column holding fractions (a CSV with "0,612" and a workbook whose cells hold
0.612 shown as 61.2%), NFD text, old-style tone marks ("Hoà", "Văn hoá"), abbreviated area types
("TP.", "TX.", "P.", "H."), an en dash in a sector name, a UTF-8 byte-order mark, no-data markers
("-", "KPS", "x"), and bad cells that must end in quarantine: a percent of 112 (twice),
an unknown area "Phường Không Có", an unparseable "khoảng 80", an unknown indicator "Tỷ lệ chỉ
tiêu không có trong kế hoạch" and a context row in millions of đồng the plan does not track, and
a period "Quý V/2024".

*Determinism.* Every series draws from its own generator seeded by
:data:`cdsanalysis.demo.truth.SEED` and the series key, so adding a series never shifts the
others. Workbooks get fixed document dates and are re-packed with sorted entries, a fixed
1980-01-01 timestamp and deflate level 9 (:mod:`cdsanalysis.base.xlsx_bytes`); CSV files use
"\\n" line endings. The same package versions (zlib included) give the same bytes on every run;
``tests/test_sample.py`` compares the committed ``data/raw/demo/`` with a fresh run.

:func:`expected_records` lists every record (one non-blank cell in a value column of a data row)
with the outcome the cleaner should reach: ``clean``, ``no_data``, ``duplicate`` or
``quarantine`` with its reason code; ``README.md`` beside the files is written from it.

*Modules.* :mod:`~cdsanalysis.demo.truth` (every value, before any file is written),
:mod:`~cdsanalysis.demo.cells` (sheets, files, the recorder of expected outcomes, Vietnamese cell
text), one module per kind of file (:mod:`~cdsanalysis.demo.departments`,
:mod:`~cdsanalysis.demo.districts`, :mod:`~cdsanalysis.demo.long_files`),
:mod:`~cdsanalysis.demo.writing` (the bytes) and this module (assembly and writing to disk).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from cdsanalysis.base import paths
from cdsanalysis.base.geography import load_areas, load_crosswalk
from cdsanalysis.base.plan import Plan, load_plan
from cdsanalysis.demo.cells import FILE_PREFIX, RECORD_COLUMNS, DemoFile, Recorder
from cdsanalysis.demo.departments import department_report
from cdsanalysis.demo.districts import commune_matrix, district_report, district_satisfaction_matrix
from cdsanalysis.demo.long_files import (
    district_baseline,
    new_units_report,
    province_econ_society,
    province_government,
)
from cdsanalysis.demo.published import published_series
from cdsanalysis.demo.truth import DEPARTMENTS, DISTRICTS, Truth
from cdsanalysis.demo.writing import csv_bytes, readme_bytes, sidecar_bytes, workbook_bytes

__all__ = ["build_sample", "expected_records", "render_files", "write_sample"]


def build_sample(plan: Plan | None = None) -> tuple[list[DemoFile], pd.DataFrame]:
    """Build the demo in memory.

    Parameters
    ----------
    plan : Plan, optional
        The catalogue whose names the files use; default the project's own.

    Returns
    -------
    files : list
        The files to write (internal objects: name, layout, format, sheets, sidecar).
    records : pandas.DataFrame
        Every record with its expected outcome, columns :data:`RECORD_COLUMNS`.
    """
    plan = plan or load_plan()
    truth = Truth(plan, load_areas(), load_crosswalk(), published_series(plan))
    rec = Recorder()
    files: list[DemoFile] = []
    # Each renderer sets the recorder's column and row context before it records cells.
    for dept in DEPARTMENTS:
        files.append(department_report(dept, truth, rec))
        files.append(department_report(dept, truth, rec, estimated="2025"))
        if dept.sector == "industry":
            files.append(department_report(dept, truth, rec, estimated="2024"))
    for district in DISTRICTS:
        files.append(district_report(district, truth, rec))
        files.append(commune_matrix(district, truth, rec))
    files.append(district_satisfaction_matrix(truth, rec))
    files.append(province_econ_society(truth, rec))
    files.append(province_government(truth, rec))
    files.append(district_baseline(truth, rec))
    files.append(new_units_report(truth, rec))
    files.sort(key=lambda f: f.name)
    records = pd.DataFrame(rec.rows, columns=RECORD_COLUMNS)
    records = records.sort_values(["file", "sheet", "ref"], kind="stable").reset_index(drop=True)
    return files, records


def expected_records(plan: Plan | None = None) -> pd.DataFrame:
    """Return every record of the demo with the outcome the cleaner should reach.

    Parameters
    ----------
    plan : Plan, optional
        The catalogue; default the project's own.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RECORD_COLUMNS`. ``outcome`` is ``clean``, ``no_data``, ``duplicate``
        (an exact repeat of a record in another file; which copy is counted as the duplicate
        depends on reading order) or ``quarantine`` with ``reason_code``. ``value`` is the
        expected stored value (percent on 0-100, fractions already ×100).
    """
    return build_sample(plan)[1]


def render_files(plan: Plan | None = None) -> dict[str, bytes]:
    """Render the demo in memory, without writing anything.

    Parameters
    ----------
    plan : Plan, optional
        The catalogue; default the project's own.

    Returns
    -------
    dict
        File name -> bytes, sorted by name: the data files, their ``.meta.yaml`` sidecars and
        ``README.md``.
    """
    files, records = build_sample(plan)
    out: dict[str, bytes] = {}
    for file in files:
        out[file.name] = workbook_bytes(file) if file.fmt == "xlsx" else csv_bytes(file)
        out[f"{file.name}.meta.yaml"] = sidecar_bytes(file)
    out["README.md"] = readme_bytes(files, records)
    return dict(sorted(out.items()))


def write_sample(out_dir: str | Path | None = None) -> list[Path]:
    """Write the synthetic demo raw files.

    Parameters
    ----------
    out_dir : str or pathlib.Path, optional
        Destination folder; default ``data/raw/demo``. Earlier demo files there
        (``DU-LIEU-MAU_SAMPLE_*``) that this version no longer makes are removed; nothing else
        in the folder is touched.

    Returns
    -------
    list of pathlib.Path
        The files written, sorted: data files, their ``.meta.yaml`` sidecars and README.md.

    Examples
    --------
    >>> paths = write_sample(tmp_path)  # doctest: +SKIP
    """
    from cdsanalysis.base.safe_io import atomic_write_bytes

    target = Path(out_dir) if out_dir is not None else paths.RAW_DIR / "demo"
    target.mkdir(parents=True, exist_ok=True)
    rendered = render_files()
    for stale in sorted(target.glob(f"{FILE_PREFIX}*")):
        if stale.name not in rendered and stale.is_file():
            stale.unlink()
    mode = _file_mode()
    written = []
    for name, data in rendered.items():
        path = atomic_write_bytes(target / name, data)
        path.chmod(mode)  # the temporary file was private (0600); data files are for reading
        written.append(path)
    return sorted(written)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
