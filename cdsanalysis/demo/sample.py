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

*The mess of real files* (reference DOMAIN.md §5): title rows, national-motto cells, two-row
merged headers, section rows ("I.", "A. CHÍNH QUYỀN SỐ"), plan columns ("Kế hoạch 2025") beside
actual ones, notes ("Ghi chú: ...") and signature blocks under the table, "1.234,5" and
"85,5%", a percent column holding fractions (a CSV with "0,612" and a workbook whose cells hold
0.612 shown as 61.2%), NFD text, old-style tone marks ("Hoà", "Văn hoá"), abbreviated area types
("TP.", "TX.", "P.", "H."), an en dash in a sector name, a UTF-8 byte-order mark, no-data markers
("-", "KPS", "x"), and bad cells that must end in quarantine: a percent of 112 (twice),
an unknown area "Phường Không Có", an unparseable "khoảng 80", an unknown indicator "Tỷ lệ chỉ
tiêu không có trong kế hoạch" and a context row in millions of đồng the plan does not track, and
a period "Quý V/2024".

*Determinism.* Every series draws from its own generator seeded by :data:`SEED` and the series
key, so adding a series never shifts the others. Workbooks get fixed document dates and are
re-packed with sorted entries, a fixed 1980-01-01 timestamp and deflate level 9; CSV files use
"\\n" line endings. The same package versions (zlib included) give the same bytes on every run;
``tests/test_sample.py`` compares the committed ``data/raw/demo/`` with a fresh run.

:func:`expected_records` lists every record (one non-blank cell in a value column of a data row)
with the outcome the cleaner should reach: ``clean``, ``no_data``, ``duplicate`` or
``quarantine`` with its reason code; ``README.md`` beside the files is written from it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.geography import VINTAGE_AFTER, VINTAGE_BEFORE, load_areas, load_crosswalk
from cdsanalysis.base.plan import Plan, load_plan

__all__ = [
    "FILE_PREFIX",
    "RECORD_COLUMNS",
    "SAMPLE_TAG",
    "SEED",
    "SOURCE_TEXT",
    "build_sample",
    "deterministic_xlsx_bytes",
    "expected_records",
    "render_files",
    "write_sample",
]

SEED = 20230504  # the day BDO published the plan
SAMPLE_TAG = "DỮ LIỆU MẪU / SAMPLE"
FILE_PREFIX = "DU-LIEU-MAU_SAMPLE_"
SOURCE_TEXT = (
    "Dữ liệu mẫu tổng hợp (synthetic) do cdsanalysis tạo — không phải số liệu thật / "
    "synthetic sample generated by cdsanalysis, not real figures"
)
PROVINCE = "74"
#: Document dates written into every workbook, so that the bytes never change.
FIXED_DATETIME = dt.datetime(2025, 1, 1, 0, 0, 0)
_ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_LEVEL = 9

RECORD_COLUMNS = [
    "file",
    "sheet",
    "ref",
    "layout",
    "indicator_id",
    "sector",
    "geo_code",
    "geo_vintage",
    "period",
    "period_kind",
    "value",
    "raw",
    "indicator_raw",
    "area_raw",
    "period_raw",
    "outcome",
    "reason_code",
]

# --------------------------------------------------------------------------------------------
# Periods: canonical label -> position in years (2022 = 1.0, the end of the base year)
# --------------------------------------------------------------------------------------------
_T = {
    "2022": 1.0,
    "2023-H1": 1.5,
    "2023": 2.0,
    "2024-H1": 2.5,
    "2024": 3.0,
    "2025-H1": 3.5,
    "2025-YTD9": 3.75,
    "2025-Q3": 3.75,
}


def _label(period: str, style: str = "nam") -> str:
    """How a report writes a period header (the parser's grammar reads them all)."""
    if period.endswith("-H1"):
        return f"6 tháng đầu năm {period[:4]}"
    if period.endswith("-YTD9"):
        return f"9 tháng năm {period[:4]}" if style == "nam" else f"9 tháng {period[:4]}"
    if period.endswith("-Q3"):
        return f"Quý III/{period[:4]}"
    if style == "th" and period == "2022":
        return "Thực hiện 2022"
    if style == "bare":
        return period
    return f"Năm {period}"


# --------------------------------------------------------------------------------------------
# Trajectories
# --------------------------------------------------------------------------------------------
# Progress ratio R at the latest point, per profile (see the module notes).
_PROFILE_R = {
    "M": (1.05, 1.35),  # met
    "T": (0.96, 0.99),  # on track
    "P": (0.66, 0.90),  # moderate progress
    "L": (0.15, 0.50),  # limited progress
    "D": (-0.60, -0.20),  # deterioration
}


def _rng(key: str) -> np.random.Generator:
    # crc32 is stable across runs and platforms (hash() is salted per process).
    return np.random.default_rng([SEED, zlib.crc32(key.encode("utf-8"))])


def _path(
    key: str,
    base: tuple[float, float],
    target: float,
    periods: Iterable[str],
    *,
    profile: str | None = None,
    r: float | None = None,
    limit: float = 100.0,
) -> dict[str, float]:
    """Values of one series at ``periods``: a base drawn in ``base``, the latest value set by
    the progress ratio R (from ``profile`` or given as ``r``), a concave path between."""
    rng = _rng(key)
    b = float(rng.uniform(*base))
    if r is None:
        r = float(rng.uniform(*_PROFILE_R[profile or "P"]))
    last = min(limit, b * (target / b) ** r)
    # Noise in proportion to the change, so that it wiggles the path without reversing it.
    noise = min(0.8, 0.12 * abs(last - b) + 0.1)
    periods = list(periods)
    t_last = max(_T[p] for p in periods)
    bump = float(rng.uniform(1.0, 3.0)) if r < 0 else 0.0
    out = {}
    for period in periods:
        x = (_T[period] - 1.0) / (t_last - 1.0)
        value = b + (last - b) * x**0.8 + bump * math.sin(math.pi * x)
        if 0.0 < x < 1.0:
            value += float(rng.normal(0.0, noise))
        out[period] = round(min(max(value, 0.0), limit), 1)
    return out


# --------------------------------------------------------------------------------------------
# Who is who
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Dept:
    sector: str
    name: str  # as written in the "Đơn vị:" line
    slug: str
    fmt: str  # csv | xlsx
    last: str  # 2025-YTD9 | 2025-Q3
    sector_line: str  # the sector as the department writes it
    profiles: str  # G1 G2 G4 G5 G6 G7 G9a E2, one letter each


DEPARTMENTS = [
    _Dept("urban", "Sở Xây dựng", "so-xay-dung", "xlsx", "2025-YTD9",
          "Quy hoạch và quản lý đô thị", "TPMPLPTL"),
    _Dept("industry", "Sở Công Thương", "so-cong-thuong", "csv", "2025-YTD9",
          "Sản xuất công nghiệp", "MTMTMTMM"),
    _Dept("environment", "Sở Tài nguyên và Môi trường", "so-tai-nguyen-moi-truong", "csv",
          "2025-YTD9", "Tài nguyên và môi trường", "PPTLPLPL"),
    _Dept("transport", "Sở Giao thông vận tải", "so-giao-thong-van-tai", "xlsx", "2025-Q3",
          "Giao thông – vận tải và logistics", "PLLPPDLP"),
    _Dept("agriculture", "Sở Nông nghiệp và PTNT", "so-nong-nghiep-ptnt", "csv", "2025-YTD9",
          "Nông nghiệp", "LLPTLLPD"),
    _Dept("health", "Sở Y tế", "so-y-te", "xlsx", "2025-Q3", "Y tế", "MMTMTMMT"),
    _Dept("education", "Sở Giáo dục và Đào tạo", "so-giao-duc-dao-tao", "xlsx", "2025-YTD9",
          "Giáo dục", "TTMMMTTP"),
    _Dept("culture_tourism", "Sở Văn hoá, Thể thao và Du lịch", "so-van-hoa-the-thao-du-lich",
          "csv", "2025-YTD9", "Văn hoá và du lịch", "PMPLTPPM"),
]  # fmt: skip

# Department targets: code -> (catalogue id, 2022 base range, 2025 target)
_DEPT_TARGETS = {
    "G1": ("gov.online_services.full_partial", (52, 78), 100.0),
    "G2": ("gov.transactions_e_authenticated", (35, 65), 100.0),
    "G4": ("gov.dossiers_online", (18, 40), 50.0),
    "G5": ("gov.satisfaction", (76, 86), 90.0),
    "G6": ("gov.cashless_admin", (8, 28), 50.0),
    "G7": ("gov.systems_connected", (20, 42), 60.0),
    "G9a": ("gov.work_dossiers_online.province", (62, 82), 90.0),
    "E2": ("econ.digital_economy_share.{sector}", (2.5, 7.5), 10.0),
}
_DEPT_CODES = list(_DEPT_TARGETS)
# Share of a sector's agencies that issued their movement plan by 30-6-2023 (the milestone).
_MILESTONE_2023 = {
    "urban": 100.0,
    "industry": 100.0,
    "environment": 100.0,
    "transport": 85.7,
    "agriculture": 75.0,
    "health": 100.0,
    "education": 100.0,
    "culture_tourism": 88.9,
}


@dataclass(frozen=True)
class _District:
    code: str
    unit: str  # "UBND thành phố Dĩ An"
    place: str  # where the report is signed
    slug: str
    fmt: str
    profiles: str  # G4 G9b G5
    commune_r: float  # mean progress ratio of its communes (G9c)


DISTRICTS = [
    _District("718", "UBND thành phố Thủ Dầu Một", "Thủ Dầu Một", "tp-thu-dau-mot", "xlsx",
              "MMT", 1.15),
    _District("719", "UBND huyện Bàu Bàng", "Bàu Bàng", "h-bau-bang", "csv", "PDL", 0.50),
    _District("720", "UBND huyện Dầu Tiếng", "Dầu Tiếng", "h-dau-tieng", "csv", "LPP", 0.45),
    _District("721", "UBND thành phố Bến Cát", "Bến Cát", "tp-ben-cat", "xlsx", "TTP", 0.85),
    _District("722", "UBND huyện Phú Giáo", "Phú Giáo", "h-phu-giao", "xlsx", "PLT", 0.60),
    _District("723", "UBND thành phố Tân Uyên", "Tân Uyên", "tp-tan-uyen", "xlsx", "MTM", 0.95),
    _District("724", "UBND thành phố Dĩ An", "Dĩ An", "tp-di-an", "csv", "MMM", 1.05),
    _District("725", "UBND thành phố Thuận An", "Thuận An", "tp-thuan-an", "csv", "TPL", 0.80),
    _District("726", "UBND huyện Bắc Tân Uyên", "Bắc Tân Uyên", "h-bac-tan-uyen", "xlsx",
              "LPP", 0.55),
]  # fmt: skip
# How the 2022 baseline (before Tân Uyên and Bến Cát became cities) names the districts.
_NAMES_2022 = {
    "718": "TP. Thủ Dầu Một",
    "719": "H. Bàu Bàng",
    "720": "Huyện Dầu Tiếng",
    "721": "TX. Bến Cát",
    "722": "Huyện Phú Giáo",
    "723": "Thị xã Tân Uyên",
    "724": "TP. Dĩ An",
    "725": "TP.Thuận An",
    "726": "H. Bắc Tân Uyên",
}
_DISTRICT_PERIODS = ["2022", "2023", "2024", "2025-H1"]
_COMMUNE_PERIODS = ["2022", "2023-H1", "2023", "2024-H1", "2024", "2025-H1"]
# New communes (vintage 2025-07-01) that report "Quý III/2025" in the demo.
_NEW_COMMUNES = [
    "25747",  # Phường Thủ Dầu Một
    "25760",  # Phường Bình Dương
    "25771",  # Phường Chánh Hiệp
    "25813",  # Phường Bến Cát
    "25888",  # Phường Tân Uyên
    "25942",  # Phường Dĩ An
    "25951",  # Phường Đông Hòa
    "25966",  # Phường Lái Thiêu
    "25978",  # Phường Thuận An
    "25777",  # Xã Dầu Tiếng
    "25858",  # Xã Phú Giáo
    "25906",  # Xã Bắc Tân Uyên
]


# --------------------------------------------------------------------------------------------
# Sheets, files, records
# --------------------------------------------------------------------------------------------
@dataclass
class _Sheet:
    """A grid of cells as a person would lay it out, plus the bits of Excel styling."""

    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    bold_rows: set[int] = field(default_factory=set)
    header_rows: set[int] = field(default_factory=set)
    table_rows: set[int] = field(default_factory=set)
    widths: dict[int, float] = field(default_factory=dict)

    def add(self, cells: Iterable[Any] = (), *, kind: str = "") -> int:
        """Append a row; return its 1-based number."""
        self.rows.append(list(cells))
        number = len(self.rows)
        if kind in ("title", "section"):
            self.bold_rows.add(number)
        if kind == "header":
            self.header_rows.add(number)
        if kind in ("header", "section", "data"):
            self.table_rows.add(number)
        return number

    def set(self, row: int, col: int, value: Any) -> None:
        cells = self.rows[row - 1]
        cells.extend([None] * (col - len(cells)))
        cells[col - 1] = value


@dataclass
class _File:
    name: str
    layout: str
    fmt: str
    sheets: list[_Sheet]
    meta: dict
    description: str
    bom: bool = False


class _Recorder:
    """Collects the expected outcome of every record the renderers write."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.context: dict[str, str] = {}  # indicator_raw, area_raw of the current row
        self.col_periods: dict[int, str] = {}  # column -> period header as written

    def add(self, file: _File, sheet: _Sheet, row: int, col: int, raw: Any, **fields: Any):
        ref = f"{_col_letter(col)}{row}"
        if file.fmt == "xlsx":
            ref = f"{sheet.name}!{ref}"
        record = dict.fromkeys(RECORD_COLUMNS, "")
        record.update(
            file=file.name,
            sheet=sheet.name if file.fmt == "xlsx" else "",
            ref=ref,
            layout=file.layout,
            raw=_raw_text(raw),
            value=math.nan,
            period_kind="official",
            outcome="clean",
            period_raw=self.col_periods.get(col, ""),
        )
        record.update(self.context)
        record.update(fields)
        self.rows.append(record)


def _raw_text(raw: Any) -> str:
    if isinstance(raw, float):
        return repr(raw)
    return str(raw)


def _col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --------------------------------------------------------------------------------------------
# Cell text in Vietnamese conventions
# --------------------------------------------------------------------------------------------
def _vn(value: float, decimals: int = 1) -> str:
    """85.5 -> "85,5"; 100.0 -> "100"; 1234.5 -> "1.234,5"."""
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _cell(value: float, style: str) -> Any:
    """Render a percent value as a given file writes it."""
    if style == "num":
        return float(value)
    if style == "pct":
        return _vn(value) + "%"
    if style == "comma":
        return _vn(value)
    if style == "frac_num":
        return round(value / 100.0, 3)
    if style == "frac_text":
        return _vn(round(value / 100.0, 3), 3)
    raise ValueError(style)


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _without_ty_le(name: str) -> str:
    """Agencies drop the leading "Tỷ lệ" as often as not."""
    if name.startswith("Tỷ lệ "):
        rest = name[len("Tỷ lệ ") :]
        return rest[0].upper() + rest[1:]
    return name


# --------------------------------------------------------------------------------------------
# The truth: every synthetic value, before any file is written
# --------------------------------------------------------------------------------------------
class _Truth:
    def __init__(self, plan: Plan, areas: pd.DataFrame, crosswalk: pd.DataFrame):
        self.plan = plan
        self.areas = areas
        self.crosswalk = crosswalk
        self.values: dict[tuple[str, str, str, str], float] = {}
        self.estimates: dict[tuple[str, str, str, str], float] = {}
        self._departments()
        self._districts()
        self._communes()
        self._province()
        self._new_communes()

    def put(self, indicator: str, sector: str, geo: str, series: dict[str, float]) -> None:
        for period, value in series.items():
            self.values[(indicator, sector, geo, period)] = value

    def get(self, indicator: str, sector: str, geo: str, period: str) -> float:
        return self.values[(indicator, sector, geo, period)]

    def _departments(self) -> None:
        for dept in DEPARTMENTS:
            periods = ["2022", "2023", "2024", "2025-H1", dept.last]
            for code, profile in zip(_DEPT_CODES, dept.profiles, strict=True):
                template, base, target = _DEPT_TARGETS[code]
                indicator = template.format(sector=dept.sector)
                key = f"dept:{dept.sector}:{code}"
                series = _path(key, base, target, periods, profile=profile)
                self.put(indicator, dept.sector, PROVINCE, series)
            milestone = {"2023": _MILESTONE_2023[dept.sector]}
            self.put("plan.movement_plans_2023", dept.sector, PROVINCE, milestone)
            if dept.sector == "education":
                series = _path("dept:education:S4", (45, 70), 100.0, periods, profile="T")
                self.put("soc.higher_vocational_dx_programmes", "education", PROVINCE, series)
        # The industry department's year-end report estimated 2024 before the official figure.
        rng = _rng("estimates:industry")
        for code in _DEPT_CODES:
            indicator = _DEPT_TARGETS[code][0].format(sector="industry")
            official = self.get(indicator, "industry", PROVINCE, "2024")
            shift = float(rng.choice([-1.0, 1.0])) * float(rng.uniform(0.6, 2.4))
            estimate = round(min(max(official + shift, 0.0), 100.0), 1)
            if estimate == official:
                estimate = round(official - 0.7, 1)
            self.estimates[(indicator, "industry", PROVINCE, "2024")] = estimate

    def _districts(self) -> None:
        specs = [
            ("gov.dossiers_online", (18, 40), 50.0),
            ("gov.work_dossiers_online.district", (50, 70), 80.0),
            ("gov.satisfaction", (78, 87), 90.0),
        ]
        for district in DISTRICTS:
            for (indicator, base, target), profile in zip(specs, district.profiles, strict=True):
                key = f"district:{district.code}:{indicator}"
                series = _path(key, base, target, _DISTRICT_PERIODS, profile=profile)
                self.put(indicator, "", district.code, series)

    def communes(self, district: str) -> pd.DataFrame:
        areas = self.areas
        mask = (areas["geo_vintage"] == VINTAGE_BEFORE) & (areas["parent_code"] == district)
        return areas[mask & (areas["geo_level"] == "commune")]

    def _communes(self) -> None:
        for district in DISTRICTS:
            for code in self.communes(district.code)["geo_code"]:
                rng = _rng(f"commune-r:{code}")
                r9 = float(rng.normal(district.commune_r, 0.3))
                r4 = float(rng.normal(district.commune_r, 0.3))
                g9c = _path(f"commune:{code}:G9c", (25, 55), 60.0, _COMMUNE_PERIODS, r=r9)
                self.put("gov.work_dossiers_online.commune", "", code, g9c)
                g4 = _path(f"commune:{code}:G4", (15, 40), 50.0, _COMMUNE_PERIODS, r=r4)
                self.put("gov.dossiers_online", "", code, g4)

    def _province(self) -> None:
        periods = ["2022", "2023", "2024", "2025-H1"]
        rng = _rng("province-totals")
        for code in ["G1", "G2", "G4", "G5", "G6", "G7", "G9a"]:
            indicator = _DEPT_TARGETS[code][0]
            for period in periods:
                mean = np.mean(
                    [self.get(indicator, d.sector, PROVINCE, period) for d in DEPARTMENTS]
                )
                value = round(float(mean + rng.normal(0.0, 0.5)), 1)
                self.values[(indicator, "", PROVINCE, period)] = min(value, 100.0)
        milestone = round(float(np.mean(list(_MILESTONE_2023.values()))), 1)
        self.values[("plan.movement_plans_2023", "", PROVINCE, "2023")] = milestone
        yes_no = {
            "gov.online_services.mobile": [0.0, 1.0, 1.0, 1.0],
            "gov.data_not_resupplied": [0.0, 0.0, 1.0, 1.0],
        }
        for indicator, values in yes_no.items():
            self.put(indicator, "", PROVINCE, dict(zip(periods, values, strict=True)))
        levels = [
            ("econ.digital_economy_grdp", (7.5, 9.0), 20.0, "L"),
            ("econ.sme_ecommerce", (15, 20), 50.0, "P"),
            ("econ.ecommerce_cashless", (34, 40), 50.0, "M"),
            ("soc.broadband_households", (92.5, 94.5), 99.0, "T"),
            ("soc.mobile_4g5g_coverage", (97.0, 98.5), 100.0, "M"),
            ("soc.smartphone_ownership", (68, 74), 100.0, "L"),
            ("soc.epayment_accounts", (38, 43), 50.0, "M"),
        ]
        for indicator, base, target, profile in levels:
            series = _path(f"province:{indicator}", base, target, periods, profile=profile)
            self.put(indicator, "", PROVINCE, series)
        # "phổ cập" targets already met stay at 100; growth is compared year by year.
        self.put("soc.broadband_communes", "", PROVINCE, dict.fromkeys(periods, 100.0))
        growth = {"2022": 5.6, "2023": 4.3, "2024": 6.8, "2025-H1": 7.3}
        self.put("econ.labour_productivity_growth", "", PROVINCE, growth)
        self.estimates[("econ.labour_productivity_growth", "", PROVINCE, "2024")] = 7.1
        grdp = self.get("econ.digital_economy_grdp", "", PROVINCE, "2024")
        self.estimates[("econ.digital_economy_grdp", "", PROVINCE, "2024")] = round(grdp + 0.6, 1)
        # Synthetic ranks: met, met, met, behind, regressing. Never the published ranks.
        ranks = {
            "rank.dti": [17, 12, 9],
            "rank.ict_application": [9, 8, 6],
            "rank.digital_government": [14, 10, 8],
            "rank.digital_economy": [48, 41, 35],
            "rank.cyber_security": [27, 33, 38],
        }
        for indicator, values in ranks.items():
            series = dict(zip(["2022", "2023", "2024"], map(float, values), strict=True))
            self.put(indicator, "", PROVINCE, series)

    def _new_communes(self) -> None:
        cw = self.crosswalk
        for code in _NEW_COMMUNES:
            olds = cw.loc[cw["new_code"] == code, "old_code"].tolist()
            rng = _rng(f"new:{code}")
            for indicator in ["gov.work_dossiers_online.commune", "gov.dossiers_online"]:
                before = [self.get(indicator, "", old, "2025-H1") for old in olds]
                value = round(min(float(np.mean(before) + rng.uniform(0.5, 3.0)), 100.0), 1)
                self.values[(indicator, "", code, "2025-Q3")] = value


# --------------------------------------------------------------------------------------------
# Renderers: one per kind of file
# --------------------------------------------------------------------------------------------
def _meta(layout: str, **extra: Any) -> dict:
    meta = {"provenance": "synthetic", "source": SOURCE_TEXT, "layout": layout}
    meta.update(extra)
    return meta


def _motto(sheet: _Sheet, agency: str, parent: str, motto_col: int) -> None:
    """The two-line header every Vietnamese administrative document starts with."""
    row = sheet.add([parent], kind="title")
    sheet.set(row, motto_col, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    row = sheet.add([agency], kind="title")
    sheet.set(row, motto_col, "Độc lập - Tự do - Hạnh phúc")
    sheet.add()


def _signature(sheet: _Sheet, place_date: str, right: list[str], sign_col: int) -> None:
    """Place, date and signatures under the table, as every report ends."""
    sheet.add()
    sheet.set(sheet.add(), sign_col, place_date)
    row = sheet.add([None, "NGƯỜI LẬP BIỂU"], kind="title")
    sheet.set(row, sign_col, right[0])
    for line in right[1:]:
        sheet.set(sheet.add(), sign_col, line)
    row = sheet.add([None, "(ký, ghi rõ họ tên)"])
    sheet.set(row, sign_col, "(ký, ghi rõ họ tên)")


def _report_header(
    sheet: _Sheet, periods: list[str], labels: list[str], *, two_rows: bool, plan_label: str
) -> tuple[int, dict[str, int]]:
    """Write the header; return the first data row and the period -> column map."""
    fixed = ["STT", "Chỉ tiêu", "Đơn vị tính", plan_label]
    first_value_col = len(fixed) + 1
    cols = {p: first_value_col + i for i, p in enumerate(periods)}
    if two_rows:
        top = fixed + ["Kết quả thực hiện"] + [None] * (len(periods) - 1)
        r1 = sheet.add(top, kind="header")
        r2 = sheet.add([None] * len(fixed) + labels, kind="header")
        for c in range(1, len(fixed) + 1):
            sheet.merges.append((r1, c, r2, c))
        sheet.merges.append((r1, first_value_col, r1, first_value_col + len(periods) - 1))
    else:
        sheet.add(fixed + labels, kind="header")
    return len(sheet.rows) + 1, cols


def _department_rows(dept: _Dept, plan: Plan) -> list[tuple[str, str, str]]:
    """(section or indicator id, display name, kind) in report order."""
    name = {row.id: row.name_vi for row in plan.targets.itertuples()}
    alias = {row.id: row.aliases[0] for row in plan.targets.itertuples()}
    rows: list[tuple[str, str, str]] = [("I.", "Triển khai phong trào thi đua", "section")]
    rows.append(("plan.movement_plans_2023", name["plan.movement_plans_2023"], "row"))
    rows.append(("II.", "CHÍNH QUYỀN SỐ", "section"))
    for i, code in enumerate(_DEPT_CODES[:-1]):
        indicator = _DEPT_TARGETS[code][0]
        text = name[indicator]
        # Each department words its rows its own way; the cleaner must match them all.
        if dept.sector in ("health",) and i % 2 == 0:
            text = alias[indicator]
        elif dept.sector in ("education", "agriculture") and i % 2 == 1:
            text = _without_ty_le(text)
        elif dept.sector == "urban" and code == "G4":
            text = text.upper()
        elif dept.sector == "industry" and code == "G5":
            text = text.replace(" và ", "  và ")
        rows.append((indicator, text, "row"))
    rows.append(("III.", "KINH TẾ SỐ", "section"))
    e2 = f"econ.digital_economy_share.{dept.sector}"
    rows.append((e2, alias[e2] if dept.sector in ("transport", "health") else name[e2], "row"))
    if dept.sector == "education":
        rows.append(("IV.", "XÃ HỘI SỐ", "section"))
        s4 = "soc.higher_vocational_dx_programmes"
        rows.append((s4, _without_ty_le(name[s4]), "row"))
    return rows


def _department_report(dept: _Dept, truth: _Truth, rec: _Recorder, *, early: bool = False) -> _File:
    plan = truth.plan
    if early:
        periods, labels = ["2023", "2024"], ["Năm 2023", "Ước 2024"]
        name = f"{FILE_PREFIX}{dept.slug}_bao-cao-nam-2024_uoc-2024.csv"
        place_date = "Bình Dương, ngày 10 tháng 12 năm 2024"
    else:
        periods = ["2022", "2023", "2024", "2025-H1", dept.last]
        labels = [_label(p, "th" if p == "2022" else "nam") for p in periods]
        if dept.sector in ("industry", "agriculture"):
            labels[-1] = _label(dept.last, "short")
        name = f"{FILE_PREFIX}{dept.slug}_2022-2025.{dept.fmt}"
        place_date = "Bình Dương, ngày 10 tháng 10 năm 2025"
    fmt = "csv" if early else dept.fmt
    nfd = dept.sector == "environment"
    text: Callable[[str], str] = _nfd if nfd else (lambda s: s)
    style = {
        "urban": "num",
        "industry": "pct",
        "environment": "comma",
        "transport": "num",
        "agriculture": "comma",
        "health": "num",
        "education": "num",
        "culture_tourism": "pct",
    }[dept.sector]
    sheet = _Sheet("Báo cáo" if not early else "Sheet1")
    file = _File(
        name=name,
        layout="report",
        fmt=fmt,
        sheets=[sheet],
        meta=_meta("report", area=PROVINCE),
        description=f"{dept.name}: báo cáo "
        + ("cuối năm 2024 (Năm 2023, Ước 2024)" if early else "2022 – " + labels[-1]),
        bom=dept.sector == "culture_tourism",
    )
    _motto(sheet, dept.name.upper(), "UBND TỈNH BÌNH DƯƠNG", 5)
    title = (
        f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ GIAI ĐOẠN 2023-2025 ({SAMPLE_TAG})"
    )
    sheet.add([text(title)], kind="title")
    sheet.add([text(f"Đơn vị: {dept.name}")])
    sheet.add([text(f"Lĩnh vực: {dept.sector_line}")])
    sheet.add()
    two_rows = dept.sector in ("urban", "environment", "health", "education", "transport")
    first, cols = _report_header(
        sheet,
        periods,
        [text(x) for x in labels],
        two_rows=two_rows and not early,
        plan_label="Kế hoạch 2025",
    )
    rec.col_periods = {cols[p]: text(x) for p, x in zip(periods, labels, strict=True)}
    stt = 0
    for key, display, kind in _department_rows(dept, plan):
        if kind == "section":
            if dept.sector in ("industry", "culture_tourism"):
                letter = "ABCD"["I. II. III. IV.".split().index(key)]
                sheet.add([None, text(f"{letter}. {display.upper()}")], kind="section")
            else:
                sheet.add([key, text(display)], kind="section")
            continue
        if early and key in ("soc.higher_vocational_dx_programmes",):
            continue
        stt += 1
        target = plan.target(key)["target"]
        plan_cell: Any = float(target) if fmt == "xlsx" else _vn(target) + "%"
        row = sheet.add([stt, text(display), "%", plan_cell], kind="data")
        rec.context = {"indicator_raw": text(display), "area_raw": ""}
        for period in periods:
            col = cols[period]
            tkey = (key, dept.sector, PROVINCE, period)
            raw: Any
            fields: dict[str, Any] = {
                "indicator_id": key,
                "sector": dept.sector,
                "geo_code": PROVINCE,
                "geo_vintage": VINTAGE_BEFORE,
                "period": period,
                "period_kind": "estimate" if early and period == "2024" else "official",
            }
            if key == "plan.movement_plans_2023" and period != "2023":
                if dept.sector in ("urban", "health", "transport"):
                    continue  # left blank: not a record
                raw = "x"
                sheet.set(row, col, raw)
                rec.add(file, sheet, row, col, raw, outcome="no_data", **fields)
                continue
            if early and period == "2024":
                value = truth.estimates[tkey]
                raw = _cell(value, style)
                sheet.set(row, col, raw)
                rec.add(file, sheet, row, col, raw, value=value, **fields)
                continue
            value = truth.values[tkey]
            raw = _cell(value, style)
            outcome, reason = "clean", ""
            if early:
                outcome = "duplicate"  # repeats the later report exactly
            if (dept.sector, key) == ("agriculture", "gov.cashless_admin") and period < "2024":
                raw, outcome = "KPS", "no_data"
            if (dept.sector, key, period) == (
                "transport",
                "gov.transactions_e_authenticated",
                "2022",
            ):
                raw, outcome = "-", "no_data"
            if dept.sector == "transport" and key == "gov.dossiers_online":
                raw = _vn(value) + "%"  # text among numbers, as pasted from another file
            if (dept.sector, key, period) == ("culture_tourism", "gov.satisfaction", "2025-H1"):
                raw, outcome, reason = "khoảng 80", "quarantine", "bad_value"
            sheet.set(row, col, raw)
            extra = {"value": value} if outcome in ("clean", "duplicate") else {}
            rec.add(
                file, sheet, row, col, raw, outcome=outcome, reason_code=reason, **fields, **extra
            )
    if dept.sector == "industry" and not early:
        # A context row the plan does not track: money, in Vietnamese thousands notation.
        stt += 1
        row = sheet.add(
            [f"{stt}", "Giá trị thanh toán trực tuyến phí, lệ phí", "Triệu đồng", None],
            kind="data",
        )
        rec.context = {"indicator_raw": "Giá trị thanh toán trực tuyến phí, lệ phí", "area_raw": ""}
        amounts = [1234.5, 2456.8, 3910.2, 2105.6, 3388.4]
        for period, amount in zip(periods, amounts, strict=True):
            raw = _vn(amount)
            sheet.set(row, cols[period], raw)
            rec.add(
                file,
                sheet,
                row,
                cols[period],
                raw,
                outcome="quarantine",
                reason_code="unknown_indicator",
                period=period,
            )
    if dept.sector == "transport":
        stt += 1
        row = sheet.add([stt, "Tỷ lệ chỉ tiêu không có trong kế hoạch", "%", 100.0], kind="data")
        rec.context = {"indicator_raw": "Tỷ lệ chỉ tiêu không có trong kế hoạch", "area_raw": ""}
        for period, value in zip(periods[1:], [41.0, 47.5, 52.0, 55.5], strict=True):
            sheet.set(row, cols[period], value)
            rec.add(
                file,
                sheet,
                row,
                cols[period],
                value,
                outcome="quarantine",
                reason_code="unknown_indicator",
                period=period,
            )
    sheet.add()
    notes = [
        "Ghi chú: (1) Tỷ lệ tính trên tổng số thủ tục hành chính, hồ sơ, hệ thống thuộc phạm vi "
        "quản lý của đơn vị.",
        f"(2) {SAMPLE_TAG}: số liệu tổng hợp để minh họa, không phải số liệu thật.",
    ]
    if early:
        notes.append("(3) Số liệu năm 2024 là số ước tính, sẽ cập nhật khi có số chính thức.")
    for note in notes:
        sheet.add([text(note)])
    _signature(sheet, place_date, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], 5)
    sheet.widths = {1: 6, 2: 62, 3: 10, 4: 12, **{c: 13 for c in cols.values()}}
    for r in range(first, len(sheet.rows) + 1):
        for c in cols.values():
            if isinstance(_get(sheet, r, c), float):
                sheet.formats[(r, c)] = "0.0"
    return file


def _get(sheet: _Sheet, row: int, col: int) -> Any:
    cells = sheet.rows[row - 1]
    return cells[col - 1] if col <= len(cells) else None


def _district_report(district: _District, truth: _Truth, rec: _Recorder) -> _File:
    plan = truth.plan
    periods = ["2023", "2024", "2025-H1"]
    labels = [_label(p) for p in periods]
    sheet = _Sheet("BC 6T2025")
    name = f"{FILE_PREFIX}ubnd-{district.slug}_2023-2025H1.{district.fmt}"
    file = _File(
        name=name,
        layout="report",
        fmt=district.fmt,
        sheets=[sheet],
        meta=_meta("report"),
        description=f"{district.unit}: báo cáo G4, G9b 2023 – 6 tháng đầu năm 2025",
    )
    _motto(sheet, district.unit.upper(), "TỈNH BÌNH DƯƠNG", 5)
    sheet.add([f"BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ 6 THÁNG ĐẦU NĂM 2025 ({SAMPLE_TAG})"], kind="title")
    sheet.add([f"Đơn vị: {district.unit}"])
    sheet.add()
    first, cols = _report_header(
        sheet, periods, labels, two_rows=district.fmt == "xlsx", plan_label="Kế hoạch 2025"
    )
    rec.col_periods = {cols[p]: x for p, x in zip(periods, labels, strict=True)}
    sheet.add([None, "A. CHÍNH QUYỀN SỐ"], kind="section")
    rows = [
        ("gov.dossiers_online", plan.target("gov.dossiers_online")["name_vi"]),
        (
            "gov.work_dossiers_online.district",
            plan.target("gov.work_dossiers_online.district")["aliases"][1]
            if district.code in ("720", "725")
            else plan.target("gov.work_dossiers_online.district")["name_vi"],
        ),
    ]
    for stt, (indicator, display) in enumerate(rows, start=1):
        target = plan.target(indicator)["target"]
        style = "num" if district.fmt == "xlsx" else "pct"
        plan_cell = float(target) if district.fmt == "xlsx" else _vn(target) + "%"
        row = sheet.add([stt, display, "%", plan_cell], kind="data")
        rec.context = {"indicator_raw": display, "area_raw": ""}
        for period in periods:
            value = truth.get(indicator, "", district.code, period)
            raw = _cell(value, style)
            fields = {
                "indicator_id": indicator,
                "geo_code": district.code,
                "geo_vintage": VINTAGE_BEFORE,
                "period": period,
            }
            if district.code == "720" and indicator == "gov.dossiers_online" and period == "2024":
                raw = "112%"
                sheet.set(row, cols[period], raw)
                rec.add(
                    file,
                    sheet,
                    row,
                    cols[period],
                    raw,
                    outcome="quarantine",
                    reason_code="out_of_range",
                    **fields,
                )
                continue
            sheet.set(row, cols[period], raw)
            rec.add(file, sheet, row, cols[period], raw, value=value, **fields)
            if isinstance(raw, float):
                sheet.formats[(row, cols[period])] = "0.0"
    sheet.add()
    sheet.add([f"Ghi chú: {SAMPLE_TAG}: số liệu tổng hợp để minh họa, không phải số liệu thật."])
    _signature(
        sheet,
        f"{district.place}, ngày 27 tháng 6 năm 2025",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        5,
    )
    sheet.widths = {1: 6, 2: 62, 3: 10, 4: 12, **{c: 14 for c in cols.values()}}
    return file


def _commune_name(district: str, name: str) -> str:
    """Write commune names the way each district does."""
    if district == "724":  # abbreviated type word
        return name.replace("Phường ", "P. ", 1) if name != "Phường Tân Bình" else "P.Tân Bình"
    if district == "725":  # NFD, as exported by some tools
        return _nfd(name)
    if district == "720":  # new-style tone marks, where GSO writes the old style
        return name.replace("Hoà", "Hòa")
    return name


def _commune_matrix(district: _District, truth: _Truth, rec: _Recorder) -> _File:
    plan = truth.plan
    communes = truth.communes(district.code)
    labels = [_label(p) for p in _COMMUNE_PERIODS]
    style = "num"
    if district.code == "722":
        style = "frac_num"
    elif district.fmt == "csv":
        style = "frac_text" if district.code == "719" else "comma"
    name = f"{FILE_PREFIX}ubnd-{district.slug}_cap-xa_2022-2025H1.{district.fmt}"
    file = _File(
        name=name,
        layout="matrix",
        fmt=district.fmt,
        sheets=[],
        meta=_meta("matrix"),
        description=f"{district.unit}: xã, phường × kỳ (G9c"
        + (", G4)" if district.fmt == "xlsx" else ")")
        + (", tỷ lệ ghi dạng phân số" if style.startswith("frac") else ""),
    )
    indicators = ["gov.work_dossiers_online.commune"]
    if district.fmt == "xlsx":
        indicators.append("gov.dossiers_online")
    for indicator in indicators:
        sheet_name = (
            "Hồ sơ công việc cấp xã"
            if indicator.endswith("commune")
            else ("Tỷ lệ hồ sơ trực tuyến")
        )
        sheet = _Sheet(sheet_name)
        file.sheets.append(sheet)
        sheet.add([district.unit.upper()], kind="title")
        sheet.add([f"TỔNG HỢP SỐ LIỆU CẤP XÃ, PHƯỜNG, THỊ TRẤN ({SAMPLE_TAG})"], kind="title")
        sheet.add([f"Chỉ tiêu: {plan.target(indicator)['name_vi']}"])
        sheet.add(["(ĐVT: %)"])
        area_header = "Địa bàn" if district.code == "726" else "Đơn vị hành chính"
        sheet.add(["STT", area_header, *labels], kind="header")
        rec.col_periods = {3 + i: x for i, x in enumerate(labels)}
        for stt, area in enumerate(communes.itertuples(), start=1):
            geo_name = area.geo_name
            if district.code == "718":
                # GSO's own list writes these with old-style tone marks.
                geo_name = {
                    "Phường Định Hòa": "Phường Định Hoà",
                    "Phường Hòa Phú": "Phường Hoà Phú",
                }.get(geo_name, geo_name)
            written = _commune_name(district.code, geo_name)
            row = sheet.add([stt, written], kind="data")
            rec.context = {"indicator_raw": plan.target(indicator)["name_vi"], "area_raw": written}
            for i, period in enumerate(_COMMUNE_PERIODS):
                col = 3 + i
                value = truth.get(indicator, "", area.geo_code, period)
                raw: Any = _cell(value, style)
                fields = {
                    "indicator_id": indicator,
                    "geo_code": area.geo_code,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": period,
                }
                if (district.code, stt, period, indicator) == (
                    "723",
                    4,
                    "2024",
                    "gov.work_dossiers_online.commune",
                ):
                    raw = 112.0
                    sheet.set(row, col, raw)
                    rec.add(
                        file,
                        sheet,
                        row,
                        col,
                        raw,
                        outcome="quarantine",
                        reason_code="out_of_range",
                        **fields,
                    )
                    continue
                if (district.code, stt, period) in (("719", 2, "2022"), ("726", 5, "2023-H1")):
                    raw = "-"
                    sheet.set(row, col, raw)
                    rec.add(file, sheet, row, col, raw, outcome="no_data", **fields)
                    continue
                if district.code == "724" and stt == 3 and period == "2022":
                    raw = "KPS"
                    sheet.set(row, col, raw)
                    rec.add(file, sheet, row, col, raw, outcome="no_data", **fields)
                    continue
                sheet.set(row, col, raw)
                if style.startswith("frac"):
                    value = round(round(value / 100.0, 3) * 100.0, 1)
                rec.add(file, sheet, row, col, raw, value=value, **fields)
                if style == "num":
                    sheet.formats[(row, col)] = "0.0"
                elif style == "frac_num":
                    sheet.formats[(row, col)] = "0.0%"
        sheet.widths = {1: 6, 2: 30, **{3 + i: 14 for i in range(len(labels))}}
    return file


def _district_satisfaction_matrix(truth: _Truth, rec: _Recorder) -> _File:
    periods = ["2023", "2024", "2025-H1"]
    sheet = _Sheet("Mức độ hài lòng")  # an alias of G5: the sheet name names the indicator
    file = _File(
        name=f"{FILE_PREFIX}so-tttt_hai-long-cap-huyen_2023-2025H1.xlsx",
        layout="matrix",
        fmt="xlsx",
        sheets=[sheet],
        meta=_meta("matrix", unit="percent"),
        description="Sở TT&TT: huyện × kỳ, G5 (tên sheet là bí danh của chỉ tiêu)",
    )
    _motto(sheet, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH BÌNH DƯƠNG", 4)
    sheet.add([f"KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG CẤP HUYỆN ({SAMPLE_TAG})"], kind="title")
    sheet.add(["STT", "Đơn vị hành chính", *[_label(p) for p in periods]], kind="header")
    rec.col_periods = {3 + i: _label(p) for i, p in enumerate(periods)}
    areas = truth.areas.set_index(["geo_code", "geo_vintage"])
    for stt, district in enumerate(DISTRICTS, start=1):
        geo_name = areas.loc[(district.code, VINTAGE_BEFORE), "geo_name"]
        row = sheet.add([stt, geo_name], kind="data")
        rec.context = {"indicator_raw": sheet.name, "area_raw": geo_name}
        for i, period in enumerate(periods):
            value = truth.get("gov.satisfaction", "", district.code, period)
            sheet.set(row, 3 + i, value)
            sheet.formats[(row, 3 + i)] = "0.0"
            rec.add(
                file,
                sheet,
                row,
                3 + i,
                value,
                value=value,
                indicator_id="gov.satisfaction",
                geo_code=district.code,
                geo_vintage=VINTAGE_BEFORE,
                period=period,
            )
    sheet.add()
    sheet.add(["Ghi chú: tỷ lệ người dân, doanh nghiệp hài lòng (%), khảo sát mẫu."])
    _signature(sheet, "Bình Dương, ngày 15 tháng 7 năm 2025", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], 4)
    sheet.widths = {1: 6, 2: 30, 3: 14, 4: 14, 5: 20}
    return file


_LONG_HEADER = [
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị hành chính",
    "Lĩnh vực",
    "Kỳ báo cáo",
    "Giá trị",
    "Đơn vị tính",
    "Nguồn",
    "Ghi chú",
]
_DEMO_SOURCE = "Sở TT&TT - dữ liệu mẫu tổng hợp (synthetic)"


def _long_rows(
    file: _File,
    sheet: _Sheet,
    rec: _Recorder,
    rows: list[dict],
    columns: list[str],
) -> None:
    """Append long-layout rows; each dict has the cells plus the expected record fields."""
    rec.col_periods = {}
    for item in rows:
        cells = [item.get(c) for c in columns]
        row = sheet.add(cells, kind="data")
        col = columns.index("Giá trị") + 1
        raw = item["Giá trị"]
        expect = {k: v for k, v in item.items() if k not in _LONG_HEADER and k != "STT"}
        rec.context = {
            "indicator_raw": str(item.get("Mã chỉ tiêu") or item.get("Chỉ tiêu") or ""),
            "area_raw": str(item.get("Đơn vị hành chính") or ""),
            "period_raw": str(item.get("Kỳ báo cáo") or ""),
        }
        rec.add(file, sheet, row, col, raw, **expect)
        if isinstance(raw, float):
            sheet.formats[(row, col)] = "0.0"


def _province_econ_society(truth: _Truth, rec: _Recorder) -> _File:
    plan = truth.plan
    sheet = _Sheet("data")
    file = _File(
        name=f"{FILE_PREFIX}so-tttt_kinh-te-so-xa-hoi-so_2022-2025H1.csv",
        layout="long",
        fmt="csv",
        sheets=[sheet],
        meta=_meta("long"),
        description="Sở TT&TT: chỉ tiêu toàn tỉnh kinh tế số, xã hội số (mã và tên chỉ tiêu)",
    )
    sheet.add(["SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH BÌNH DƯƠNG"], kind="title")
    sheet.add([f"SỐ LIỆU CHỈ TIÊU KINH TẾ SỐ, XÃ HỘI SỐ TOÀN TỈNH ({SAMPLE_TAG})"], kind="title")
    sheet.add()
    sheet.add(_LONG_HEADER, kind="header")
    indicators = [
        "econ.digital_economy_grdp",
        "econ.labour_productivity_growth",
        "econ.sme_ecommerce",
        "econ.ecommerce_cashless",
        "soc.broadband_households",
        "soc.broadband_communes",
        "soc.mobile_4g5g_coverage",
        "soc.smartphone_ownership",
        "soc.epayment_accounts",
    ]
    labels = {"2022": "Năm 2022", "2023": "2023", "2024": "Năm 2024", "2025-H1": None}
    rows = []
    for n, indicator in enumerate(indicators):
        area = "Tỉnh Bình Dương" if n % 2 == 0 else "Bình Dương"
        for period in ["2022", "2023", "2024", "2025-H1"]:
            if period == "2024":
                estimate = truth.estimates.get((indicator, "", PROVINCE, "2024"))
                if estimate is not None:
                    rows.append(
                        {
                            "Mã chỉ tiêu": indicator,
                            "Chỉ tiêu": plan.target(indicator)["name_vi"],
                            "Đơn vị hành chính": area,
                            "Kỳ báo cáo": "Ước 2024",
                            "Giá trị": _vn(estimate),
                            "Đơn vị tính": "%",
                            "Nguồn": _DEMO_SOURCE,
                            "Ghi chú": "Số ước tính",
                            "indicator_id": indicator,
                            "geo_code": PROVINCE,
                            "geo_vintage": VINTAGE_BEFORE,
                            "period": "2024",
                            "period_kind": "estimate",
                            "value": estimate,
                        }
                    )
            value = truth.get(indicator, "", PROVINCE, period)
            rows.append(
                {
                    "Mã chỉ tiêu": indicator,
                    "Chỉ tiêu": plan.target(indicator)["name_vi"],
                    "Đơn vị hành chính": area,
                    "Kỳ báo cáo": labels[period] or _label(period),
                    "Giá trị": _vn(value) + ("%" if n % 3 == 0 else ""),
                    "Đơn vị tính": "%",
                    "Nguồn": _DEMO_SOURCE,
                    "Ghi chú": "Số chính thức" if period == "2024" and n < 2 else None,
                    "indicator_id": indicator,
                    "geo_code": PROVINCE,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": period,
                    "value": value,
                }
            )
            if indicator == "econ.sme_ecommerce" and period == "2024":
                rows.append(
                    {
                        "Mã chỉ tiêu": indicator,
                        "Chỉ tiêu": plan.target(indicator)["name_vi"],
                        "Đơn vị hành chính": area,
                        "Kỳ báo cáo": "Quý V/2024",
                        "Giá trị": _vn(value + 1.2),
                        "Đơn vị tính": "%",
                        "Nguồn": _DEMO_SOURCE,
                        "outcome": "quarantine",
                        "reason_code": "bad_period",
                    }
                )
    _long_rows(file, sheet, rec, rows, _LONG_HEADER)
    return file


def _province_government(truth: _Truth, rec: _Recorder) -> _File:
    plan = truth.plan
    gov = _Sheet("Chính quyền số")
    ranks = _Sheet("Xếp hạng")
    file = _File(
        name=f"{FILE_PREFIX}so-tttt_chinh-quyen-so-xep-hang_2022-2025H1.xlsx",
        layout="long",
        fmt="xlsx",
        sheets=[gov, ranks],
        meta=_meta("long"),
        description="Sở TT&TT: tổng hợp toàn tỉnh chính quyền số (tên, bí danh) và xếp hạng "
        "mẫu R1 (mã chỉ tiêu)",
    )
    columns = ["STT", "Chỉ tiêu", "Đơn vị hành chính", "Lĩnh vực", "Kỳ báo cáo", "Giá trị",
               "Đơn vị tính", "Nguồn", "Ghi chú"]  # fmt: skip
    gov.add([f"TỔNG HỢP CHỈ TIÊU CHÍNH QUYỀN SỐ TOÀN TỈNH ({SAMPLE_TAG})"], kind="title")
    gov.add(["Đơn vị báo cáo: Sở Thông tin và Truyền thông"])
    gov.add(columns, kind="header")
    order = [
        "plan.movement_plans_2023",
        "gov.online_services.full_partial",
        "gov.transactions_e_authenticated",
        "gov.online_services.mobile",
        "gov.dossiers_online",
        "gov.satisfaction",
        "gov.cashless_admin",
        "gov.systems_connected",
        "gov.data_not_resupplied",
        "gov.work_dossiers_online.province",
    ]
    rows = []
    stt = 0
    for n, indicator in enumerate(order):
        target = plan.target(indicator)
        display = target["aliases"][0] if n % 3 == 1 else target["name_vi"]
        if n % 3 == 2:
            display = _without_ty_le(display)
        yes_no = target["unit"] == "yes_no"
        for period in ["2022", "2023", "2024", "2025-H1"]:
            key = (indicator, "", PROVINCE, period)
            if key not in truth.values:
                continue
            value = truth.values[key]
            stt += 1
            if yes_no:
                raw: Any = ("Đạt" if period == "2025-H1" else "Có") if value else "Không"
            else:
                raw = value
            rows.append(
                {
                    "STT": stt,
                    "Chỉ tiêu": display,
                    "Đơn vị hành chính": "Tỉnh Bình Dương",
                    "Kỳ báo cáo": _label(period),
                    "Giá trị": raw,
                    "Đơn vị tính": "Có/Không" if yes_no else "%",
                    "Nguồn": _DEMO_SOURCE,
                    "indicator_id": indicator,
                    "geo_code": PROVINCE,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": period,
                    "value": value,
                }
            )
    _long_rows(file, gov, rec, rows, columns)
    gov.widths = {1: 6, 2: 60, 3: 18, 4: 10, 5: 22, 6: 10, 7: 10, 8: 36, 9: 30}

    columns = ["Mã chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Đơn vị tính",
               "Nguồn", "Ghi chú"]  # fmt: skip
    ranks.add([f"XẾP HẠNG MẪU CỦA TỈNH ({SAMPLE_TAG})"], kind="title")
    ranks.add(["Thứ hạng tổng hợp (synthetic), không phải kết quả xếp hạng đã công bố."])
    ranks.add(columns, kind="header")
    rows = []
    for indicator in [
        "rank.dti",
        "rank.ict_application",
        "rank.digital_government",
        "rank.digital_economy",
        "rank.cyber_security",
    ]:
        for i, period in enumerate(["2022", "2023", "2024"]):
            value = truth.get(indicator, "", PROVINCE, period)
            # "7 (0,659)": the rank with its score, as the MIC tables print it.
            raw = f"{int(value)}/63" if i != 1 else f"{int(value)} (0,{800 - 4 * int(value)})"
            rows.append(
                {
                    "Mã chỉ tiêu": indicator,
                    "Đơn vị hành chính": "74",
                    "Kỳ báo cáo": period,
                    "Giá trị": raw,
                    "Đơn vị tính": "Hạng",
                    "Nguồn": _DEMO_SOURCE,
                    "Ghi chú": "Xếp hạng mẫu (synthetic)",
                    "indicator_id": indicator,
                    "geo_code": PROVINCE,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": period,
                    "value": value,
                }
            )
    _long_rows(file, ranks, rec, rows, columns)
    ranks.widths = {1: 28, 2: 18, 3: 12, 4: 12, 5: 10, 6: 36, 7: 28}
    return file


def _district_baseline(truth: _Truth, rec: _Recorder) -> _File:
    plan = truth.plan
    sheet = _Sheet("data")
    file = _File(
        name=f"{FILE_PREFIX}so-tttt_cap-huyen_nam-2022.csv",
        layout="long",
        fmt="csv",
        sheets=[sheet],
        meta=_meta("long"),
        description="Sở TT&TT: số liệu cấp huyện năm 2022, tên đơn vị trước khi Tân Uyên, "
        "Bến Cát lên thành phố",
        bom=True,
    )
    columns = ["Chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Đơn vị tính", "Nguồn"]
    sheet.add([f"SỐ LIỆU CẤP HUYỆN NĂM 2022 ({SAMPLE_TAG})"], kind="title")
    sheet.add(columns, kind="header")
    rows = []
    for indicator in [
        "gov.dossiers_online",
        "gov.work_dossiers_online.district",
        "gov.satisfaction",
    ]:
        target = plan.target(indicator)
        for district in DISTRICTS:
            value = truth.get(indicator, "", district.code, "2022")
            display = (
                target["name_vi"] if int(district.code) % 2 else _without_ty_le(target["name_vi"])
            )
            rows.append(
                {
                    "Chỉ tiêu": display,
                    "Đơn vị hành chính": _NAMES_2022[district.code],
                    "Kỳ báo cáo": "Năm 2022",
                    "Giá trị": _vn(value),
                    "Đơn vị tính": "%",
                    "Nguồn": _DEMO_SOURCE,
                    "indicator_id": indicator,
                    "geo_code": district.code,
                    "geo_vintage": VINTAGE_BEFORE,
                    "period": "2022",
                    "value": value,
                }
            )
    _long_rows(file, sheet, rec, rows, columns)
    return file


def _new_communes_q3(truth: _Truth, rec: _Recorder) -> _File:
    areas = truth.areas.set_index(["geo_code", "geo_vintage"])
    sheet = _Sheet("Quý III-2025")
    file = _File(
        name=f"{FILE_PREFIX}xa-phuong-moi_quy-III-2025.xlsx",
        layout="long",
        fmt="xlsx",
        sheets=[sheet],
        meta=_meta("long"),
        description="Xã, phường mới (từ 1/7/2025): G9c, G4 quý III/2025 (mã chỉ tiêu)",
    )
    columns = ["Mã chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Đơn vị tính",
               "Ghi chú"]  # fmt: skip
    sheet.add(
        [f"SỐ LIỆU XÃ, PHƯỜNG SAU SẮP XẾP (TỪ 01/7/2025) - QUÝ III/2025 ({SAMPLE_TAG})"],
        kind="title",
    )
    sheet.add(["Địa bàn tỉnh Bình Dương cũ, nay thuộc Thành phố Hồ Chí Minh"])
    sheet.add(columns, kind="header")
    rows = []
    for indicator in ["gov.work_dossiers_online.commune", "gov.dossiers_online"]:
        for code in _NEW_COMMUNES:
            value = truth.get(indicator, "", code, "2025-Q3")
            rows.append(
                {
                    "Mã chỉ tiêu": indicator,
                    "Đơn vị hành chính": areas.loc[(code, VINTAGE_AFTER), "geo_name"],
                    "Kỳ báo cáo": "Quý III/2025",
                    "Giá trị": value,
                    "Đơn vị tính": "%",
                    "indicator_id": indicator,
                    "geo_code": code,
                    "geo_vintage": VINTAGE_AFTER,
                    "period": "2025-Q3",
                    "value": value,
                }
            )
    rows.append(
        {
            "Mã chỉ tiêu": "gov.work_dossiers_online.commune",
            "Đơn vị hành chính": "Phường Không Có",
            "Kỳ báo cáo": "Quý III/2025",
            "Giá trị": 58.0,
            "Đơn vị tính": "%",
            "Ghi chú": "đơn vị không có trong danh mục",
            "indicator_id": "gov.work_dossiers_online.commune",
            "period": "2025-Q3",
            "outcome": "quarantine",
            "reason_code": "unknown_area",
        }
    )
    _long_rows(file, sheet, rec, rows, columns)
    sheet.widths = {1: 34, 2: 26, 3: 14, 4: 10, 5: 10, 6: 30}
    return file


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------
def build_sample(plan: Plan | None = None) -> tuple[list[_File], pd.DataFrame]:
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
    truth = _Truth(plan, load_areas(), load_crosswalk())
    rec = _Recorder()
    files: list[_File] = []
    # Each renderer sets the recorder's column and row context before it records cells.
    for dept in DEPARTMENTS:
        files.append(_department_report(dept, truth, rec))
        if dept.sector == "industry":
            files.append(_department_report(dept, truth, rec, early=True))
    for district in DISTRICTS:
        files.append(_district_report(district, truth, rec))
        files.append(_commune_matrix(district, truth, rec))
    files.append(_district_satisfaction_matrix(truth, rec))
    files.append(_province_econ_society(truth, rec))
    files.append(_province_government(truth, rec))
    files.append(_district_baseline(truth, rec))
    files.append(_new_communes_q3(truth, rec))
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


# --------------------------------------------------------------------------------------------
# Writing: deterministic bytes
# --------------------------------------------------------------------------------------------
def _csv_bytes(file: _File) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows = file.sheets[0].rows
    width = max(len(r) for r in rows)
    for row in rows:
        cells = ["" if c is None else (_vn(c) if isinstance(c, float) else str(c)) for c in row]
        writer.writerow(cells + [""] * (width - len(cells)))
    text = buffer.getvalue()
    return ("\ufeff" + text if file.bom else text).encode("utf-8")


def deterministic_xlsx_bytes(workbook: Any) -> bytes:
    """Serialise an openpyxl workbook to the same bytes on every run.

    The document dates are fixed to :data:`FIXED_DATETIME`; the archive is re-packed with its
    entries sorted by name, dated 1980-01-01, Unix attributes, deflated at level 9. Deflate
    output is fixed for a given zlib; a different zlib build (zlib-ng) may compress the same
    content to other bytes.

    Parameters
    ----------
    workbook : openpyxl.Workbook

    Returns
    -------
    bytes
        The .xlsx file.
    """
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = FIXED_DATETIME
    workbook.properties.modified = FIXED_DATETIME
    workbook.properties.creator = "cdsanalysis"
    workbook.properties.lastModifiedBy = None
    raw = io.BytesIO()
    # ExcelWriter directly: save_workbook() would stamp the current time as "modified".
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _repack(raw.getvalue())


def _repack(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # "Unix", whatever the platform that writes it
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=_ZIP_LEVEL)
    return out.getvalue()


def _xlsx_bytes(file: _File) -> bytes:
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
            ws.column_dimensions[_col_letter(col)].width = w
    return deterministic_xlsx_bytes(workbook)


def _sidecar_bytes(file: _File) -> bytes:
    meta = dict(file.meta)
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    header = f"# Sidecar of {file.name}: what the file does not say itself.\n"
    return (header + text).encode("utf-8")


def _readme_bytes(files: list[_File], records: pd.DataFrame) -> bytes:
    lines = [
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
        "- **Who reports what.** The eight sector departments send reports (layout `report`) "
        "with the targets that list their sector: the 2023 milestone, G1, G2, G4, G5, G6, G7, "
        "G9a, their E2 share, and S4 for education; periods 2022, 2023, 2024, 2025-H1 and "
        '2025-YTD9 (Sở Y tế and Sở Giao thông vận tải write "Quý III/2025" instead). '
        'Sở Công Thương also sent a year-end report with "Ước 2024" estimates that the later '
        "report revises; its 2023 column repeats the later report (duplicates). The nine "
        "district-level units send a report (G4, G9b; 2023 to 2025-H1) and a matrix of their "
        "communes × semi-annual periods (G9c; the five Excel ones add a G4 sheet). Sở TT&TT "
        "sends long files: province-wide series, province totals, five synthetic R1 ranks, the "
        '2022 district baseline with the names of the time ("TX. Bến Cát", "Thị xã Tân '
        'Uyên"), and "Quý III/2025" values on new communes (vintage 2025-07-01); and a '
        "matrix of districts × periods for G5.",
        "- **District and commune series end with 2025-H1**: the district tier ended on "
        "1/7/2025. Department series run to September 2025 and are read against province 74 "
        "(the sidecar says so).",
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
        'Estimates ("Ước 2024", period kind `estimate`) sit beside the official 2024 values '
        "of the same series; they are expected clean, with the official value standing for "
        "the year. If both are cleaned together with `data/raw/published/`, the synthetic "
        "ranks for 2022 and 2023 and the other overlapping keys lose to the published values "
        "(precedence published > synthetic) and are quarantined as `conflict`.",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


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
        out[file.name] = _xlsx_bytes(file) if file.fmt == "xlsx" else _csv_bytes(file)
        out[f"{file.name}.meta.yaml"] = _sidecar_bytes(file)
    out["README.md"] = _readme_bytes(files, records)
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
