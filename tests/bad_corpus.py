"""The bad-input corpus: every kind of broken or hostile input, with the outcome it must get.

Users feed the suite every kind of broken file, and briefs are shared publicly, so each case
below says what goes in and exactly what must come out: the exit status of the command, the
plain words of its message, the quarantine reason of the record. ``tests/test_bad_inputs.py``
runs one test per case; its ids are the case names.

Small hand-made inputs are committed under ``tests/data/bad/`` (``files/``, ``cells/``,
``content/``); inputs better made than committed (workbooks, forged zip packages, OLE2 files,
a 10,000-column table, files of tens or hundreds of megabytes) are made here, into a
temporary folder, when a test runs. ``python tests/bad_corpus.py DIR`` writes every case's
inputs into ``DIR/<category>/<case>/`` for a look (the slow file is left out).

Categories: ``file`` (whole files, run through ``cds clean`` as a subprocess), ``cell`` (one
record each, cleaned in-process, the outcome read from ``quarantine.csv`` or
``observations.csv``), ``catalogue`` (broken plan entries; most are checked by
``tests/test_plan.py`` and only referenced here), ``parameter`` (``cds briefs`` and
:func:`cdsanalysis.briefs.build.build_brief`, refused before any brief process starts) and
``content`` (hostile text in data: inert in briefs, the index and every spreadsheet written).
"""

from __future__ import annotations

import random
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "bad"
BASELINE = DATA / "_baseline.csv"
HEADER = "Chỉ tiêu,Đơn vị hành chính,Lĩnh vực,Kỳ báo cáo,Giá trị,Đơn vị tính,Ghi chú\n"
CATEGORIES = ("file", "cell", "catalogue", "parameter", "content")


@dataclass(frozen=True)
class Case:
    """One bad input and the outcome it must get.

    Attributes
    ----------
    name : str
        The case, as the test id shows it.
    category : {"file", "cell", "catalogue", "parameter", "content"}
    about : str
        What it exercises, in a line.
    make : callable, optional
        Makes the input. ``file``, ``cell``, ``content``: ``make(folder)`` writes into a raw
        folder and returns the names written; ``catalogue``: ``make(document)`` breaks a copy
        of the project's plan; ``parameter``: ``make()`` returns the arguments
        (``{"argv": [...], "build_brief": {...}}``). None when ``covered_by`` checks it.
    exit : int, optional
        Exit status of the command (``cds clean`` for files, ``cds briefs`` for parameters).
    words : tuple of str
        Words the message must hold (for a record: its reason or note; for content: the inert
        forms the output must hold).
    reason : str
        For a record: its quarantine reason code, or "clean" (an observation, with ``words``
        in its note or area), or "duplicate".
    ref : str
        The cell the outcome concerns ("E2", "Data!D2").
    records : int, optional
        Records read from the case's file.
    target : str
        What is checked, when the category has several: the outputs of ``cds clean``, a
        brief, the index, :func:`cdsanalysis.export_excel`, a brief's ``as_of``, ``cds
        briefs`` with the plan.
    plan : str
        "count": the project's plan plus a count target (the plan has none).
    argv : tuple of str
        Extra arguments of the command (``--keep-going``).
    covered_by : str
        The test that already checks the case (``file::test[id]``); the corpus only lists it.
    gap : str
        Why the promise is not kept yet (the test is an expected failure until it is).
    slow : bool
        Takes tens of seconds (``@pytest.mark.slow``).
    max_rss_mb : int, optional
        Peak memory the command may use.
    """

    name: str
    category: str
    about: str
    make: Callable[..., Any] | None = None
    exit: int | None = None
    words: tuple[str, ...] = ()
    reason: str = ""
    ref: str = ""
    records: int | None = None
    target: str = ""
    plan: str = ""
    argv: tuple[str, ...] = ()
    covered_by: str = ""
    gap: str = ""
    slow: bool = False
    max_rss_mb: int | None = None


# ---------------------------------------------------------------------------------------------
# Makers: committed files
# ---------------------------------------------------------------------------------------------


def committed(rel: str, as_name: str | None = None) -> Callable[[Path], list[str]]:
    """A maker copying ``tests/data/bad/<rel>`` into the raw folder."""

    def make(folder: Path) -> list[str]:
        folder.mkdir(parents=True, exist_ok=True)
        name = as_name or Path(rel).name
        shutil.copyfile(DATA / rel, folder / name)
        return [name]

    make.__doc__ = f"tests/data/bad/{rel}"
    return make


# ---------------------------------------------------------------------------------------------
# Makers: workbooks written here
# ---------------------------------------------------------------------------------------------

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {_NS} {_RNS}>'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>cdsanalysis tests</dc:creator>'
    "</cp:coreProperties>"
)
# A long table: Chỉ tiêu | Đơn vị hành chính | Kỳ báo cáo | Giá trị | Ghi chú
LONG_HEADER = ("Chỉ tiêu", "Đơn vị hành chính", "Kỳ báo cáo", "Giá trị", "Ghi chú")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(ref: str, value: Any) -> str:
    """One cell of sheet XML: a number, an inline string, or ("f", formula, cached, type)."""
    if isinstance(value, tuple):
        _, formula, cached, kind = value
        kind_attr = f' t="{kind}"' if kind else ""
        cached_xml = f"<v>{_escape(str(cached))}</v>" if cached is not None else ""
        return f'<c r="{ref}"{kind_attr}><f>{_escape(formula)}</f>{cached_xml}</c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>'


def sheet_xml(rows: list[list[Any]], *, dimension: str | None = None, prolog: str = "") -> str:
    """The XML of a worksheet holding ``rows`` (from A1), with a declared ``dimension``."""
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    width = max((len(row) for row in rows), default=1)
    dim = dimension or f"A1:{chr(64 + width)}{max(len(rows), 1)}"
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet {_NS}>'
        f'<dimension ref="{dim}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    )


def write_xlsx(path: Path, sheet: str, *, parts: dict[str, str] | None = None) -> Path:
    """Write a minimal workbook (one sheet "Data") from its sheet XML; ``parts`` replace or
    add package parts by name."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": _CORE,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet,
        **(parts or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def _long_rows(*data: list[Any]) -> list[list[Any]]:
    return [list(LONG_HEADER), *[list(row) for row in data]]


_GOOD_ROW = ["gov.satisfaction", "TP. Dĩ An", "Năm 2023", 91, ""]


def xlsx_case(name: str, rows: list[list[Any]], **kwargs: Any) -> Callable[[Path], list[str]]:
    """A maker writing a workbook of ``rows``."""

    def make(folder: Path) -> list[str]:
        write_xlsx(folder / name, sheet_xml(rows, **kwargs))
        return [name]

    return make


def corrupt_xlsx(folder: Path) -> list[str]:
    """A zip signature followed by noise: a damaged download."""
    noise = random.Random(8).randbytes(3000)
    (folder / "corrupt.xlsx").write_bytes(b"PK\x03\x04" + noise)
    return ["corrupt.xlsx"]


def truncated_xlsx(folder: Path) -> list[str]:
    """A sound workbook cut in half (an interrupted copy): its zip directory is gone."""
    path = write_xlsx(folder / "truncated.xlsx", sheet_xml(_long_rows(_GOOD_ROW)))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return ["truncated.xlsx"]


def cfb_bytes(streams: list[str]) -> bytes:
    """A minimal OLE2 Compound File (MS-CFB version 3, 512-byte sectors) whose root holds
    ``streams``, each 4096 bytes in regular sectors: the container of an encrypted .xlsx
    (EncryptionInfo, EncryptedPackage) or of a legacy .xls (Workbook)."""
    endchain, freesect, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 0x1000, endchain, 0, endchain, 0)
    difat = [0] + [freesect] * 108
    struct.pack_into("<109I", header, 76, *difat)
    per_stream = 4096 // 512
    fat = [fatsect, endchain]
    for s in range(len(streams)):
        first = 2 + s * per_stream
        fat += [first + k + 1 for k in range(per_stream - 1)] + [endchain]
    fat += [freesect] * (128 - len(fat))
    entries = []

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int):
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, left, right, child)
        struct.pack_into("<IQ", raw, 116, start, size)
        entries.append(bytes(raw))

    entry("Root Entry", 5, nostream, nostream, 1 if streams else nostream, endchain, 0)
    for s, name in enumerate(streams):
        right = s + 2 if s + 1 < len(streams) else nostream
        entry(name, 2, nostream, right, nostream, 2 + s * per_stream, 4096)
    while len(entries) < 4:
        entries.append(
            bytes(64) + struct.pack("<HBBIII", 0, 0, 0, nostream, nostream, nostream) + bytes(52)
        )
    noise = random.Random(2023).randbytes(4096 * len(streams))
    return bytes(header) + struct.pack("<128I", *fat) + b"".join(entries[:4]) + noise


def encrypted_xlsx(folder: Path) -> list[str]:
    """What Excel writes for a workbook saved with a password: an OLE2 container."""
    (folder / "mat-khau.xlsx").write_bytes(cfb_bytes(["EncryptionInfo", "EncryptedPackage"]))
    return ["mat-khau.xlsx"]


def legacy_xls_named_xlsx(folder: Path) -> list[str]:
    """An Excel 97-2003 workbook renamed .xlsx."""
    (folder / "bao-cao-cu.xlsx").write_bytes(cfb_bytes(["Workbook"]))
    return ["bao-cao-cu.xlsx"]


def huge_declared_xlsx(folder: Path) -> list[str]:
    """A sound workbook whose zip directory says its sheet unpacks to 2 GiB (forged sizes)."""
    path = write_xlsx(folder / "khai-2GB.xlsx", sheet_xml(_long_rows(_GOOD_ROW)))
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    eocd = data.rfind(b"PK\x05\x06")
    pos = struct.unpack_from("<I", data, eocd + 16)[0]
    while data[pos : pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46 : pos + 46 + name_len] == name:
            struct.pack_into("<I", data, pos + 24, 2**31)
            local = struct.unpack_from("<I", data, pos + 42)[0]
            struct.pack_into("<I", data, local + 22, 2**31)
        pos += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return ["khai-2GB.xlsx"]


def zip_bomb_xlsx(folder: Path) -> list[str]:
    """A sheet padded with 64 MiB of spaces between its elements: it deflates about 1000
    times (real sheets 5-20 times), the mark of a zip bomb, yet stays under the part limit."""
    path = folder / "bom-nen.xlsx"
    head, tail = sheet_xml(_long_rows(_GOOD_ROW)).split("<sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ):
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write((head + "<sheetData>").encode())
            block = b" " * (1 << 20)
            for _ in range(64):
                part.write(block)
            part.write(tail.encode())
    return ["bom-nen.xlsx"]


_BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def entity_bomb_xlsx(folder: Path) -> list[str]:
    """A sheet whose XML declares nested entities ("billion laughs": 10⁹ copies of "lol")."""
    rows = _long_rows(["gov.satisfaction", "TP. Dĩ An", "Năm 2023", 91, "&lol9;"])
    xml = sheet_xml(rows, prolog=_BILLION_LAUGHS).replace("&amp;lol9;", "&lol9;")
    write_xlsx(folder / "bom-xml.xlsx", xml)
    return ["bom-xml.xlsx"]


def external_entity_xlsx(folder: Path) -> list[str]:
    """Document properties that pull a local file in through an external entity (XXE)."""
    core = _CORE.replace(
        "<cp:coreProperties",
        '<!DOCTYPE cp:coreProperties [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
        "<cp:coreProperties",
    ).replace("cdsanalysis tests", "&leak;")
    write_xlsx(
        folder / "xxe.xlsx",
        sheet_xml(_long_rows(_GOOD_ROW)),
        parts={"docProps/core.xml": core},
    )
    return ["xxe.xlsx"]


def tcvn3_cells_xlsx(folder: Path) -> list[str]:
    """A workbook typed in a .VnTime font: Unicode header, TCVN3 text in the cells."""
    rows = _long_rows(
        ["Tû lÖ hå s¬ trùc tuyÕn", "Thµnh phè DÜ An", "N¨m 2023", 48.5, "Sè liÖu cña Së"]
    )
    write_xlsx(folder / "vntime.xlsx", sheet_xml(rows))
    return ["vntime.xlsx"]


def wide_csv(folder: Path) -> list[str]:
    """10,000 columns: the 7 the table needs and 9,993 named columns nobody reads."""
    extra = [f"Cột phụ {i}" for i in range(1, 9994)]
    header = HEADER.rstrip("\n").split(",") + extra
    row = ["gov.satisfaction", "TP. Dĩ An", "", "2023", "91", "%", ""] + [""] * len(extra)
    text = ",".join(header) + "\n" + ",".join(row) + "\n"
    (folder / "rong-10000-cot.csv").write_text(text, encoding="utf-8")
    return ["rong-10000-cot.csv"]


# Percent level targets of the plan (bounded 0-100), for the generated long files.
_PERCENT_IDS = [
    "gov.online_services.full_partial",
    "gov.transactions_e_authenticated",
    "gov.dossiers_online",
    "gov.satisfaction",
    "gov.cashless_admin",
    "gov.systems_connected",
    "gov.work_dossiers_online.province",
    "gov.work_dossiers_online.district",
    "gov.work_dossiers_online.commune",
    "econ.digital_economy_grdp",
    "econ.sme_ecommerce",
    "econ.ecommerce_cashless",
    "soc.broadband_communes",
    "soc.mobile_4g5g_coverage",
    "soc.smartphone_ownership",
    "soc.higher_vocational_dx_programmes",
]
_AREAS = ["74", "718", "719", "720", "721", "722", "723", "724", "725", "726"]


def write_long_csv(path: Path, records: int, *, blank_line_after: int | None = None) -> int:
    """Write a long CSV of ``records`` valid observations, each of its own key (indicator,
    area, day), about 135 bytes a row; a blank line after row ``blank_line_after`` makes the
    fast reader hand the file over. Return the file's size in bytes."""
    import datetime as dt

    combos = [(i, a) for i in _PERCENT_IDS for a in _AREAS]
    days = records // len(combos) + 1
    start = dt.date(1995, 1, 1)
    dates = [(start + dt.timedelta(days=d)).strftime("%d/%m/%Y") for d in range(days)]
    source = "Sở Thông tin và Truyền thông tỉnh Bình Dương (số liệu tổng hợp)"
    rng = random.Random(20250701)
    values = [f'"{rng.randrange(100)},{rng.randrange(10)}"' for _ in range(997)]
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("Chỉ tiêu,Đơn vị hành chính,Lĩnh vực,Kỳ báo cáo,Giá trị,Đơn vị tính,")
        handle.write("Nguồn,Ghi chú\n")
        lines = []
        for n in range(records):
            indicator, area = combos[n % len(combos)]
            date = dates[n // len(combos)]
            lines.append(f"{indicator},{area},,{date},{values[n % 997]},%,{source},\n")
            if blank_line_after is not None and n + 1 == blank_line_after:
                lines.append("\n")
            if len(lines) >= 100_000:
                handle.write("".join(lines))
                lines = []
        handle.write("".join(lines))
    return path.stat().st_size


#: Records of the slow file (about 200 MB) and of the chunked one (about 21 MB).
BIG_RECORDS = 1_500_000
STREAM_RECORDS = 160_000


def big_csv(folder: Path) -> list[str]:
    """A long CSV of about 200 MB."""
    write_long_csv(folder / "lon-200MB.csv", BIG_RECORDS)
    return ["lon-200MB.csv"]


def chunked_csv(folder: Path) -> list[str]:
    """A long CSV over the 16 MB read-whole limit with a blank line in it: read in chunks."""
    write_long_csv(folder / "dong-trong.csv", STREAM_RECORDS, blank_line_after=80_000)
    return ["dong-trong.csv"]


# ---------------------------------------------------------------------------------------------
# Makers: records in workbooks
# ---------------------------------------------------------------------------------------------


def formula_case(name: str, value: Any) -> Callable[[Path], list[str]]:
    """A long table whose value cell D2 is ``value`` (a formula tuple)."""
    return xlsx_case(name, _long_rows(["gov.satisfaction", "TP. Dĩ An", "Năm 2023", value, ""]))


def merged_value_xlsx(folder: Path) -> list[str]:
    """A report whose value 45 is merged over the 2023 and 2024 columns: read once."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Đơn vị: UBND thành phố Dĩ An"])
    ws.append(["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2023", "Năm 2024"])
    ws.append([1, "Tỷ lệ hồ sơ trực tuyến", "%", 45, None])
    ws.merge_cells("D3:E3")
    wb.save(folder / "o-gop-gia-tri.xlsx")
    return ["o-gop-gia-tri.xlsx"]


def merged_area_xlsx(folder: Path) -> list[str]:
    """A long table whose area is merged down three rows: it counts for each."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(list(LONG_HEADER[:4]))
    for year, value in ((2022, 40), (2023, 45), (2024, 50)):
        ws.append(["gov.dossiers_online", "TP. Dĩ An" if year == 2022 else None, year, value])
    ws.merge_cells("B2:B4")
    wb.save(folder / "o-gop-dia-ban.xlsx")
    return ["o-gop-dia-ban.xlsx"]


# ---------------------------------------------------------------------------------------------
# Makers: catalogue breakages (each gets a copy of the project's plan document)
# ---------------------------------------------------------------------------------------------


def _target(document: dict, target_id: str) -> dict:
    return next(t for t in document["targets"] if t["id"] == target_id)


def breaks(target_id: str, **changes: Any) -> Callable[[dict], None]:
    """A breakage setting fields of one target."""

    def make(document: dict) -> None:
        _target(document, target_id).update(changes)

    return make


def break_sector(position: int, **changes: Any) -> Callable[[dict], None]:
    def make(document: dict) -> None:
        document["sectors"][position].update(changes)

    return make


def drop_sector_field(document: dict) -> None:
    document["sectors"][0].pop("name_en")


def bad_milestone_date(document: dict) -> None:
    document["milestones"][0]["date"] = "30/6/2023"


def path_sector_id(document: dict) -> None:
    """A sector whose id is a path: the plan loads, `cds briefs` must not write there."""
    document["sectors"][0]["id"] = "../../etc"
    for target in document["targets"]:
        target["sectors"] = ["../../etc" if s == "urban" else s for s in target["sectors"]]


#: A count target added to the project's plan for the cells that need one (the plan has none).
COUNT_TARGET = {
    "id": "test.enterprises_online",
    "name_vi": "Số doanh nghiệp thực hiện thủ tục trực tuyến (chỉ tiêu thử)",
    "name_en": "Enterprises completing procedures online (test series)",
    "source_quote_vi": "(chỉ tiêu thử của bộ kiểm thử)",
    "pillar": "economy",
    "sectors": ["industry"],
    "unit": "count",
    "kind": "level",
    "comparison": ">=",
    "target": 1000,
    "deadline": "2025-12-31",
    "direction": 1,
    "level": "district",
}


# ---------------------------------------------------------------------------------------------
# Makers: parameters
# ---------------------------------------------------------------------------------------------

CODE_NAME = "__import__('os').system('touch pwned')"


def params(argv: list[str], **build: Any) -> Callable[[], dict]:
    def make() -> dict:
        return {"argv": argv, "build_brief": build}

    return make


# ---------------------------------------------------------------------------------------------
# Makers: content
# ---------------------------------------------------------------------------------------------


def evil_plan(folder: Path) -> Path:
    """The project's plan with HTML/JS in a target's and a sector's names."""
    import yaml

    from cdsanalysis.base import paths

    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    target = _target(document, "gov.dossiers_online")
    target["name_vi"] = '<script>alert("name_vi")</script> Tỷ lệ hồ sơ'
    target["name_en"] = '<script>alert("name_en")</script> Dossiers online'
    for sector in document["sectors"]:
        if sector["id"] == "health":
            sector["name_vi"] = '<img src=x onerror=alert("sector")> Y tế'
            sector["name_en"] = '<img src=x onerror=alert("sector")> Health'
    path = folder / "plan-doc-hai.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def html_content(folder: Path) -> list[str]:
    names = committed("content/html-in-cells.csv")(folder)
    evil_plan(folder.parent)
    return names


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------

_PLAN_TEST = "tests/test_plan.py::test_broken_catalogue_is_refused_naming_entry_and_field"

# The table reads best one case to a few lines: formatting stays as written.
# fmt: off
CASES: list[Case] = [
    # -- files: `cds clean` as a subprocess --------------------------------------------------
    Case("empty_csv", "file", "a file of 0 bytes is empty, not a failure",
         committed("files/empty.csv"), exit=0, words=("1 empty",), records=0),
    Case("header_only_csv", "file", "a header and no row is empty",
         committed("files/header-only.csv"), exit=0, words=("1 empty",), records=0),
    Case("csv_named_xlsx", "file", "CSV text saved with an .xlsx name",
         committed("files/csv-named.xlsx"), exit=2,
         words=("csv-named.xlsx", "text (CSV) file named .xlsx", "rename it to .csv")),
    Case("html_named_xlsx", "file", "a web page (HTML table) saved with an .xlsx name",
         committed("files/html-named.xlsx"), exit=2,
         words=("html-named.xlsx", "web page (HTML)", "save it as Excel Workbook")),
    Case("corrupt_xlsx", "file", "a zip signature followed by noise", corrupt_xlsx, exit=2,
         words=("corrupt.xlsx", "truncated or damaged")),
    Case("truncated_xlsx", "file", "a sound workbook cut in half", truncated_xlsx, exit=2,
         words=("truncated.xlsx", "truncated or damaged", "zip directory")),
    Case("password_protected_xlsx", "file", "OLE2 container (D0 CF 11 E0) of an encrypted "
         "workbook", encrypted_xlsx, exit=2, words=("mat-khau.xlsx", "password-protected")),
    Case("legacy_xls_named_xlsx", "file", "OLE2 container of an Excel 97-2003 workbook",
         legacy_xls_named_xlsx, exit=2, words=("bao-cao-cu.xlsx", "Excel 97-2003", ".xls")),
    Case("xlsx_part_declares_2_gib", "file", "the zip directory declares a 2 GiB sheet: refused "
         "from the directory, nothing expanded", huge_declared_xlsx, exit=2,
         words=("khai-2GB.xlsx", "xl/worksheets/sheet1.xml", "would unpack to 2,048 MB",
                "limit of 256 MB")),
    Case("xlsx_zip_bomb", "file", "a sheet that deflates ~1000 times (64 MiB of padding)",
         zip_bomb_xlsx, exit=2,
         words=("bom-nen.xlsx", "zip bomb", "limit of 200 times")),
    Case("xlsx_dimension_absurd", "file", "<dimension ref=A1:XFD1048576>: 17 billion cells "
         "declared", xlsx_case("chieu-XFD.xlsx", _long_rows(_GOOD_ROW),
                               dimension="A1:XFD1048576"), exit=2,
         words=("chieu-XFD.xlsx", "sheet 'Data'", "A1:XFD1048576", "17,179,869,184 cells",
                "limit of 5,000,000")),
    Case("xlsx_dimension_beyond_excel", "file", "a declared range down to row 2,000,000, "
         "beyond what Excel can hold", xlsx_case("2-trieu-dong.xlsx", _long_rows(_GOOD_ROW),
                                                 dimension="A1:A2000000"), exit=2,
         words=("2-trieu-dong.xlsx", "A1:A2000000", "beyond Excel's 1,048,576 rows")),
    Case("xlsx_entity_bomb", "file", "billion laughs in a sheet's XML: refused unexpanded",
         entity_bomb_xlsx, exit=2,
         words=("bom-xml.xlsx", "DOCTYPE/ENTITY", "before any XML parser")),
    Case("xlsx_external_entity", "file", "an external entity (XXE) in docProps/core.xml",
         external_entity_xlsx, exit=2, words=("xxe.xlsx", "docProps/core.xml", "DOCTYPE")),
    Case("csv_utf8_bom", "file", "UTF-8 with a byte-order mark: the header is recognised",
         committed("files/utf8-bom.csv"), exit=0, records=2, words=()),
    Case("csv_windows_1258", "file", "Windows-1258 with combining tones, decoded and said",
         committed("files/windows-1258.csv"), exit=0, records=2,
         words=("Windows-1258", "check the accents")),
    Case("csv_utf16_bom", "file", "UTF-16 with a byte-order mark (Excel's Unicode text)",
         committed("files/utf16-bom.csv"), exit=0, records=2, words=("UTF-16",)),
    Case("csv_utf16_without_bom", "file", "UTF-16 LE without a byte-order mark",
         committed("files/utf16-no-bom.csv"), exit=0, records=2,
         words=("UTF-16 without a byte-order mark",)),
    Case("csv_tcvn3_bytes", "file", "a CSV in the legacy TCVN3 (ABC) code: converted exactly "
         "(the indicator, area and 'Có' match)", committed("files/tcvn3.csv"), exit=0,
         records=2, words=("TCVN3", "converted to Unicode")),
    Case("xlsx_tcvn3_cells", "file", "cells typed in a .VnTime font in a Unicode workbook: "
         "converted, the cells named", tcvn3_cells_xlsx, exit=0, records=1,
         words=("TCVN3", "Data!A2", "Data!B2", "Data!C2", "Data!E2")),
    Case("csv_mixed_delimiters", "file", "one row separated by ';' in a ',' file",
         committed("files/mixed-delimiters.csv"), exit=2,
         words=("mixed-delimiters.csv", "row 3", "';'", "mixed delimiters")),
    Case("csv_unquoted_decimal_comma", "file", "85,5 unquoted shifts the row one field right",
         committed("files/unquoted-decimal-comma.csv"), exit=2,
         words=("unquoted-decimal-comma.csv", "row 3", "8 fields", "header has 7")),
    Case("csv_row_cut_short", "file", "the last line cut before its value",
         committed("files/row-cut-short.csv"), exit=2,
         words=("row-cut-short.csv", "row 3", "before the value column")),
    Case("csv_10000_columns", "file", "10,000 columns: read, the unread ones summed up",
         wide_csv, exit=0, records=1, words=("columns not read", "and 9,973 more")),
    Case("csv_chunked_over_16_mb", "file", "a 21 MB long CSV with a blank line: read in "
         "chunks of rows, every record kept, rows numbered past the blank line", chunked_csv,
         exit=0, records=STREAM_RECORDS, ref=f"E{STREAM_RECORDS + 2}",
         words=()),
    Case("corrupt_xlsx_keep_going", "file", "--keep-going records the file as failed, "
         "exit 1, the other files cleaned", corrupt_xlsx, exit=1, argv=("--keep-going",),
         words=("FAILED corrupt.xlsx", "truncated or damaged")),
    Case("csv_200_mb", "file", "a 200 MB long CSV (1.5 million records) cleaned in bounded "
         "memory", big_csv, exit=0, records=BIG_RECORDS, words=(), slow=True,
         max_rss_mb=1300),
    # -- cells: one record each, in-process ----------------------------------------------
    Case("percent_over_100", "cell", "a percent above 100",
         committed("cells/percent-over-100.csv"), reason="out_of_range", ref="E2",
         words=("100.5 is outside 0–100 for a percent",)),
    Case("negative_count", "cell", "a count below 0 (a count target is added to the plan)",
         committed("cells/negative-count.csv"), reason="out_of_range", ref="E2", plan="count",
         words=("-5 is negative for a count",)),
    Case("rank_0", "cell", "rank 0", committed("cells/rank-0.csv"), reason="out_of_range",
         ref="E2", words=("0 is not a rank in 1..63",)),
    Case("rank_64", "cell", "rank 64 of 63 provinces", committed("cells/rank-64.csv"),
         reason="out_of_range", ref="E2", words=("64 is not a rank in 1..63",)),
    Case("thousands_or_decimal_vietnamese", "cell", "'1,234' in a Vietnamese file: decimal "
         "comma, noted", committed("cells/thousands-or-decimal-vi.csv"), reason="clean",
         ref="E2", words=("'1,234' read as 1.234", "Vietnamese decimal separator")),
    Case("thousands_or_decimal_english", "cell", "'1,234' in a file written the English way: "
         "thousands, noted", committed("cells/thousands-or-decimal-en.csv"), reason="clean",
         ref="E4", plan="count", words=("'1,234' read as 1234", "English way")),
    Case("period_beyond_as_of", "cell", "a value of 2025-H1 in a brief as of 2024: not shown",
         committed("cells/period-beyond-as-of.csv"), reason="clean", ref="E3",
         target="brief_as_of", words=("2025-H1",)),
    Case("period_unparsable", "cell", "2024Q5", committed("cells/period-unparsable.csv"),
         reason="bad_period", ref="E2", words=("'2024Q5'", "quarter 5 does not exist")),
    Case("period_out_of_range", "cell", "the year 2101",
         committed("cells/period-out-of-range.csv"), reason="bad_period", ref="E2",
         words=("year 2101 is outside 1990–2100",)),
    Case("unknown_indicator", "cell", "an indicator the plan does not have",
         committed("cells/unknown-indicator.csv"), reason="unknown_indicator", ref="E2",
         words=("'Tỷ lệ cơ quan dùng máy fax' is not an indicator of the plan catalogue",)),
    Case("unknown_area_xa_binh_duong", "cell", "'Xã Bình Dương' (a commune of Cao Bằng, not "
         "of this province)", committed("cells/unknown-area.csv"), reason="unknown_area",
         ref="E2", words=("'Xã Bình Dương'", "no xã of that name")),
    Case("province_name_binh_duong", "cell", "'Bình Dương' in 2024 is the province",
         committed("cells/province-name.csv"), reason="clean", ref="E2",
         words=("Tỉnh Bình Dương",)),
    Case("ambiguous_binh_duong_after_merger", "cell", "'Bình Dương' in Q3/2025 fits the new "
         "ward and the former province", committed("cells/ambiguous-after-merger.csv"),
         reason="ambiguous_area", ref="E2",
         words=("Phường Bình Dương", "former province", "GSO code")),
    Case("province_name_after_merger", "cell", "'Tỉnh Bình Dương' for the year 2025 is the "
         "former province, as its code 74 is", committed("cells/province-after-merger.csv"),
         reason="clean", ref="E2", words=("| 74 |", "địa bàn tỉnh Bình Dương (cũ) | 2025-07-01")),
    Case("district_after_merger", "cell", "'Thành phố Dĩ An' for the year 2025: ceased on "
         "1/7/2025", committed("cells/district-after-merger.csv"), reason="unknown_area",
         ref="E2", words=("'Thành phố Dĩ An'", "ceased on 1/7/2025", "2025-H1")),
    Case("ambiguous_di_an", "cell", "'Dĩ An' fits a district and a commune",
         committed("cells/ambiguous-di-an.csv"), reason="ambiguous_area", ref="E2",
         words=("'Dĩ An' fits 2 areas", "write the type")),
    Case("duplicate_rows", "cell", "one record written twice, two spellings of area, period "
         "and value", committed("cells/duplicate-rows.csv"), reason="duplicate", ref="E2",
         records=2),
    Case("conflicting_values", "cell", "two values for one key: the later row wins",
         committed("cells/conflicting-values.csv"), reason="conflict", ref="E2", records=2,
         words=("conflicts with 87 in conflicting-values.csv E3",)),
    Case("negative_growth_stays_a_number", "cell", "-1,5 % growth is a number, kept",
         committed("cells/negative-growth.csv"), reason="clean", ref="E2", words=("-1.5",)),
    Case("formula_div0_cached", "cell", "=1/0 with its cached #DIV/0!",
         formula_case("chia-0.xlsx", ("f", "1/0", "#DIV/0!", "e")), reason="bad_value",
         ref="Data!D2", words=("'#DIV/0!' is an Excel error value",)),
    Case("formula_div0_uncached", "cell", "=1/0 never calculated",
         formula_case("chia-0-chua-tinh.xlsx", ("f", "1/0", None, "")), reason="bad_value",
         ref="Data!D2", words=("'=1/0' is a formula without a calculated value",)),
    Case("formula_hyperlink_cached", "cell", "=HYPERLINK(...) whose cached text is 50: the "
         "value shown is read", formula_case(
             "lien-ket.xlsx", ("f", 'HYPERLINK("http://example.invalid/x","50")', "50", "str")),
         reason="clean", ref="Data!D2", words=("Thành phố Dĩ An",)),
    Case("formula_hyperlink_uncached", "cell", "=HYPERLINK(...) never calculated",
         formula_case("lien-ket-chua-tinh.xlsx",
                      ("f", 'HYPERLINK("http://example.invalid/x","50")', None, "")),
         reason="bad_value", ref="Data!D2",
         words=("'=HYPERLINK(\"http://example.invalid/x\",\"50\")' is a formula",)),
    Case("merged_value_over_two_periods", "cell", "a value merged over 2023 and 2024 counts "
         "once, at its top-left cell", merged_value_xlsx, reason="clean", ref="Data!D3",
         records=1, words=("Thành phố Dĩ An",)),
    Case("merged_area_over_three_rows", "cell", "an area merged down three rows counts for "
         "each", merged_area_xlsx, reason="clean", ref="Data!D4", records=3,
         words=("Thành phố Dĩ An",)),
    # -- catalogue: most are in tests/test_plan.py ---------------------------------------
    *[
        Case(f"catalogue_{name}", "catalogue", about, covered_by=_PLAN_TEST, words=(words,))
        for name, about, words in [
            ("missing_direction", "direction absent (never defaulted)",
             "field 'direction': is missing"),
            ("unknown_unit", "unit 'percentage'", "unknown unit 'percentage'"),
            ("unknown_kind", "kind 'trend'", "unknown kind 'trend'"),
            ("percent_target_over_100", "percent target 120",
             "percent target 120 is outside 0-100"),
            ("unknown_sector", "sector 'finance'", "unknown sector 'finance'"),
            ("direction_contradicts_comparison", "direction -1 with '>='",
             "direction -1 contradicts comparison '>='"),
            ("direction_text", "direction 'up'", "must be 1"),
            ("target_text", "target '100%'", "must be a number, not '100%'"),
            ("deadline_not_iso", "deadline 30/6/2023", "must be an ISO date"),
            ("unknown_comparison", "comparison '=>'", "unknown comparison '=>'"),
            ("unknown_level", "level 'ward'", "unknown level 'ward'"),
            ("sectors_not_a_list", "sectors 'health'", "must be a list"),
            ("aliases_not_a_list", "aliases 'one alias'", "must be a list of texts"),
            ("unknown_pillar", "pillar 'culture'", "unknown pillar 'culture'"),
            ("limit_text", "limit 'hundred'", "must be a number or null"),
            ("empty_name", "name_vi ''", "must be a non-empty text"),
            ("unknown_field", "a field 'colour'", "is not a catalogue field"),
            ("rank_without_rank_of", "rank target without rank_of", "a rank target needs"),
            ("rank_target_beyond_rank_of", "rank target 70 of 63",
             "rank target 70 is outside 1..63"),
            ("yes_no_without_interpretation", "a target without a number, unexplained",
             "field 'interpretation'"),
            ("alias_shared", "one alias for two targets", "is already an alias of"),
        ]
    ],
    Case("catalogue_duplicate_id", "catalogue", "two targets with one id",
         covered_by=_PLAN_TEST, words=("duplicate id",)),
    Case("catalogue_unreadable_file", "catalogue", "missing file, YAML that does not parse",
         covered_by="tests/test_plan.py::test_missing_and_unparsable_files_are_named",
         words=("not valid YAML",)),
    Case("catalogue_cds_plan_exit_2", "catalogue", "`cds plan` with a broken plan: exit 2",
         covered_by="tests/test_plan.py::test_cds_plan_refuses_a_broken_plan_with_exit_2",
         words=("returncode == 2",)),
    Case("catalogue_id_not_text", "catalogue", "id 5", breaks("rank.dti", id=5),
         words=("target #", "field 'id': must be a non-empty text")),
    Case("catalogue_name_en_list", "catalogue", "name_en a list",
         breaks("rank.dti", name_en=["DTI"]), words=("'rank.dti' field 'name_en'",)),
    Case("catalogue_quote_number", "catalogue", "source_quote_vi a number",
         breaks("rank.dti", source_quote_vi=10), words=("field 'source_quote_vi'",)),
    Case("catalogue_target_bool", "catalogue", "target true (YAML's yes)",
         breaks("gov.satisfaction", target=True), words=("must be a number, not True",)),
    Case("catalogue_target_infinite", "catalogue", "target .inf",
         breaks("gov.satisfaction", target=float("inf")), words=("must be a number, not inf",)),
    Case("catalogue_direction_bool", "catalogue", "direction true",
         breaks("gov.satisfaction", direction=True), words=("field 'direction': must be 1",)),
    Case("catalogue_rank_of_text", "catalogue", "rank_of '63'",
         breaks("rank.dti", rank_of="63"), words=("'rank.dti' field 'rank_of'",)),
    Case("catalogue_interpretation_number", "catalogue", "interpretation 1",
         breaks("gov.satisfaction", interpretation=1), words=("must be a text or null",)),
    Case("catalogue_sector_without_name_en", "catalogue", "a sector without name_en",
         drop_sector_field, words=("sector #1 field 'name_en'",)),
    Case("catalogue_duplicate_sector", "catalogue", "two sectors with one id",
         break_sector(1, id="urban"), words=("sector 'urban' field 'id': duplicate id",)),
    Case("catalogue_milestone_date", "catalogue", "milestone date 30/6/2023",
         bad_milestone_date, words=("field 'date': not an ISO date",)),
    Case("catalogue_rank_direction_up", "catalogue", "a rank target (lower is better) with "
         "direction +1 and '>=': contradicts what a rank is",
         breaks("rank.dti", direction=1, comparison=">="), words=("'rank.dti'", "direction")),
    Case("catalogue_code_not_text", "catalogue", "code a list",
         breaks("rank.dti", code=["P1", "P2"]), words=("'rank.dti' field 'code'",)),
    Case("catalogue_sector_id_is_a_path", "catalogue", "sector id '../../etc': the plan "
         "loads, `cds briefs` refuses it before anything runs", path_sector_id,
         target="cds_briefs", exit=2, words=("plan: sector id '../../etc'",)),
    # -- parameters: refused before any brief process starts ------------------------------
    Case("unknown_sector", "parameter", "--sector finance",
         params(["--sector", "finance"], sector="finance"), exit=2,
         words=("sector", "'finance'", "urban")),
    Case("sector_path_traversal", "parameter", "--sector ../../etc",
         params(["--sector", "../../etc"], sector="../../etc"), exit=2,
         words=("sector", "'../../etc'")),
    Case("sector_value_is_code", "parameter", "--sector \"health');import os;('\"",
         params(["--sector", "health');import os;('"], sector="health');import os;('"),
         exit=2, words=("sector", "import os")),
    Case("lang_fr", "parameter", "--lang fr", params(["--lang", "fr"], sector="health",
                                                     lang="fr"),
         exit=2, words=("lang", "'fr'", "vi, en")),
    Case("as_of_2024Q5", "parameter", "--as-of 2024Q5",
         params(["--as-of", "2024Q5"], sector="health", as_of="2024Q5"), exit=2,
         words=("as_of", "2024Q5", "quarter 5")),
    Case("parameter_name_is_code", "parameter", "a parameter named by code, to the command, "
         "build_brief and the notebook runner", params([f"--{CODE_NAME}", "1"], sector="health",
                                                       **{CODE_NAME: 1}),
         exit=2, words=("__import__",)),
    # -- content: inert in briefs, the index and every spreadsheet written ------------------
    Case("html_in_brief", "content", "HTML/JS in indicator and sector names (plan), sources, "
         "notes, raw indicator and area names (quarantine): escaped in the brief's page",
         html_content, target="brief",
         words=('&lt;script&gt;alert("source")&lt;/script&gt;',
                '&lt;script&gt;alert("indicator")&lt;/script&gt;',
                '&lt;img src=x onerror=alert("area")&gt;',
                '&lt;script&gt;alert("name_vi")&lt;/script&gt;',
                '&lt;img src=x onerror=alert("sector")&gt;')),
    Case("html_in_index", "content", "HTML/JS in sector names, a brief's summary and a failure "
         "message: escaped on reports/index.html", html_content, target="index",
         words=('&lt;img src=x onerror=alert("sector")&gt;',
                '&lt;script&gt;alert("as_of")&lt;/script&gt;',
                '&lt;script&gt;alert("error")&lt;/script&gt;')),
    Case("formula_in_clean_outputs", "content", "text cells starting =, +, -, @, tab in "
         "observations.csv and quarantine.csv; negative values stay numbers",
         committed("content/formula-in-cells.csv"), target="outputs",
         words=("'@SUM(A1:A9)", "'=HYPERLINK(", "'+cmd|", "'-2+3", "'=1+1", "'@A1", "'+2024",
                "'-x")),
    Case("formula_in_export_excel", "content", "cds.export_excel: text cells and headers "
         "neutralised, numbers stay numbers", target="export_excel",
         words=("'=cmd|' /C calc'!A0", "'@SUM(1,2)", "'-x", "'=HYPERLINK(\"http://x\")")),
    Case("formula_in_template", "content", "the data-entry template's text cells",
         covered_by="tests/test_template.py::test_text_cells_are_neutralised_against_formulas",
         words=("=HYPERLINK",)),
    Case("formula_in_brief_csv", "content", "the brief's embedded CSV download",
         covered_by="tests/test_briefs.py::"
         "test_csv_download_is_the_brief_data_with_formulas_neutralised",
         words=("=HYPERLINK",)),
]
# fmt: on


def cases(category: str) -> list[Case]:
    """The cases of one category, in corpus order."""
    return [c for c in CASES if c.category == category]


def write_corpus(folder: str | Path) -> list[Path]:
    """Write every case's inputs into ``folder/<category>/<case>/`` (not the slow ones).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    import yaml

    from cdsanalysis.base import paths

    root = Path(folder)
    written = []
    for case in CASES:
        if case.make is None or case.slow:
            continue
        target = root / case.category / case.name
        target.mkdir(parents=True, exist_ok=True)
        if case.category in ("file", "cell", "content"):
            written += [target / n for n in case.make(target)]
        elif case.category == "catalogue":
            document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
            case.make(document)
            path = target / "plan.yaml"
            path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
            written.append(path)
        elif case.category == "parameter":
            path = target / "arguments.txt"
            path.write_text(repr(case.make()) + "\n", encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-corpus")
    files = write_corpus(out)
    counts = {c: sum(case.category == c for case in CASES) for c in CATEGORIES}
    print(
        f"{len(CASES)} cases ({', '.join(f'{c} {n}' for c, n in counts.items())}); "
        f"{len(files)} files written to {out}"
    )
