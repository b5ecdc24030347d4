"""Bad inputs: one test per case of the corpus in ``tests/bad_corpus.py`` (ids are its names).

- files go through ``cds clean`` as a subprocess, as a user runs it: the exit status, a message
  naming the file and the reason, no traceback, and after a refusal the previous outputs
  byte-identical and no temporary folder left; otherwise the record invariant in the report;
- cells are cleaned in-process: the record is in ``quarantine.csv`` with its reason code and
  plain reason (or an observation with its note), and the invariant holds;
- catalogue cases are refused by the plan's validation naming the entry and the field (or
  listed from ``tests/test_plan.py``, which checks them);
- parameters are refused by ``cds briefs`` and ``build_brief`` before any brief process,
  kernel or notebook runs, and nothing in the output folder changes;
- content: hostile text stays inert in briefs, the index and every spreadsheet written.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import bad_corpus as corpus
import nbformat
import openpyxl
import pandas as pd
import pytest
import yaml
from cds_process import run_cds

import cdsanalysis as cds
from cdsanalysis import cli, ingest
from cdsanalysis.base import paths
from cdsanalysis.base.contracts import REASON_CODES
from cdsanalysis.base.plan import PlanError, load_plan, plan_from_dict
from cdsanalysis.base.safe_io import FORMULA_PREFIXES
from cdsanalysis.briefs import batch
from cdsanalysis.briefs import build as briefs
from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.content import load_context
from cdsanalysis.briefs.execute import execute_notebook
from cdsanalysis.briefs.export import SUMMARY_MIMETYPE, export_html
from cdsanalysis.briefs.index_page import build_index
from cdsanalysis.briefs.params import BriefParameterError, brief_params, validate_params
from cdsanalysis.clean.run import clean_raw
from cdsanalysis.ingest import xlsx_guard

ROOT = Path(__file__).resolve().parent.parent
COUNTS = ("records_clean", "records_quarantined", "records_no_data", "records_duplicate")


def params_of(category: str) -> list:
    marks = []
    out = []
    for case in corpus.cases(category):
        marks = [pytest.mark.slow] if case.slow else []
        if case.gap:
            marks.append(pytest.mark.xfail(strict=True, reason=case.gap))
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


def invariant(counts: dict) -> None:
    assert counts["records_read"] == sum(counts[c] for c in COUNTS), counts


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def read_csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def check_reference(case: corpus.Case) -> None:
    """A case another test checks: that test exists and expects the case's words."""
    file, _, test = case.covered_by.partition("::")
    source = (ROOT / file).read_text(encoding="utf-8")
    assert f"def {test.split('[')[0]}(" in source, case.covered_by
    for words in case.words:
        assert words in source, (case.covered_by, words)


@pytest.fixture(scope="module")
def count_plan():
    """The project's plan plus a count target (the plan has none, the cleaner checks counts)."""
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    document["targets"].append(dict(corpus.COUNT_TARGET))
    return plan_from_dict(document, source="plan+count.yaml")


@pytest.fixture
def nothing_may_run(monkeypatch):
    """Fail the test if a brief process, kernel or notebook were about to start."""
    import papermill

    def refuse(*args, **kwargs):
        raise AssertionError("a brief was about to run")

    for name in ("warm_parent", "run_tasks", "ensure_processed"):
        monkeypatch.setattr(batch, name, refuse)
    monkeypatch.setattr(briefs, "build_one", refuse)
    monkeypatch.setattr(papermill, "execute_notebook", refuse)


# ---------------------------------------------------------------------------------------------
# Files: `cds clean` as a subprocess
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", params_of("file"))
def test_file(case, tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copyfile(corpus.BASELINE, raw / corpus.BASELINE.name)
    clean_raw(raw, out)  # the previous outputs
    before = snapshot(out)
    names = case.make(raw)
    args = ["clean", "--raw", str(raw), "--out", str(out), *case.argv]
    result, peak_mb = run_cds(args, measure=case.max_rss_mb is not None)
    shown = result.stdout + result.stderr
    assert result.returncode == case.exit, shown
    assert "Traceback" not in shown
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]  # no temporary left
    if case.exit == 2:
        # one line naming the file and the reason; nothing written
        assert result.stderr.startswith(f"cds: {names[0]}: "), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert snapshot(out) == before
        message = result.stderr
    else:
        report = json.loads((out / "clean_report.json").read_text(encoding="utf-8"))
        invariant(report)
        for entry in report["files"]:
            invariant(entry)
        entry = next(e for e in report["files"] if e["file"] == names[0])
        message = entry["message"] + "\n" + result.stdout
        assert (
            entry["status"] == {0: "empty" if case.records == 0 else "ok", 1: "failed"}[case.exit]
        )
        if case.records is not None:
            assert entry["records_read"] == entry["records_clean"] == case.records
        if case.ref:  # the cell a record came from, as the user finds it in the file
            assert f',"{case.ref}",' in (out / "observations.csv").read_text(encoding="utf-8")
    for words in case.words:
        assert words in message, message
    if case.max_rss_mb is not None:
        size_mb = (raw / names[0]).stat().st_size / 2**20
        print(f"{case.name}: {size_mb:.0f} MB file, peak memory {peak_mb} MB")
        assert peak_mb < case.max_rss_mb


def test_debug_shows_the_traceback_of_a_refused_file(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    corpus.encrypted_xlsx(raw)
    result, _ = run_cds(["--debug", "clean", "--raw", str(raw), "--out", str(tmp_path / "o")])
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "password-protected" in result.stderr


def test_a_sheet_holding_more_cells_than_the_limit_is_refused(tmp_path, monkeypatch):
    """The declared dimension may be missing or lie: cells are counted as they are read."""
    raw = tmp_path / "raw"
    rows = corpus._long_rows(*[corpus._GOOD_ROW] * 10)
    xml = corpus.sheet_xml(rows).replace('<dimension ref="A1:E11"/>', "")
    corpus.write_xlsx(raw / "many.xlsx", xml)
    monkeypatch.setattr(xlsx_guard, "MAX_SHEET_CELLS", 40)
    with pytest.raises(ingest.IngestError, match="many.xlsx: sheet 'Data' holds more than 40"):
        ingest.read_file(raw / "many.xlsx", raw)


def test_tcvn3_table_is_the_standard():
    """The TCVN3 table against glibc's TCVN5712-1 converter, byte by byte, when present."""
    from cdsanalysis.ingest import tcvn3

    assert tcvn3.convert("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == (
        "Cộng hoà xã hội chủ nghĩa Việt Nam"
    )
    assert tcvn3.convert("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"
    if shutil.which("iconv") is None:
        pytest.skip("no iconv to compare with")
    for char, expected in tcvn3.TABLE.items():
        done = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
            input=char.encode("latin-1"),
            capture_output=True,
            check=False,
        )
        if done.returncode:
            pytest.skip("iconv has no TCVN5712-1")
        assert done.stdout.decode("utf-8") == expected, hex(ord(char))


# ---------------------------------------------------------------------------------------------
# Cells: one record each
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", params_of("cell"))
def test_cell(case, tmp_path, count_plan):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    names = case.make(raw)
    result = clean_raw(raw, out, plan=count_plan if case.plan == "count" else None)
    invariant(result.report())
    for entry in result.files:
        invariant(entry)
    assert [e["file"] for e in result.files] == names
    if case.records is not None:
        assert result.records_read == case.records
    quarantine = {r["source_ref"]: r for r in read_csv_rows(out / "quarantine.csv")}
    observations = {r["source_ref"]: r for r in read_csv_rows(out / "observations.csv")}
    if case.reason == "clean":
        row = observations[case.ref]
        text = " | ".join(row.values())
    elif case.reason == "duplicate":
        assert result.records_duplicate == 1
        assert case.ref not in quarantine and case.ref not in observations
        text = ""
    else:
        assert case.reason in REASON_CODES
        row = quarantine[case.ref]
        assert row["reason_code"] == case.reason, row
        text = row["reason"]
    for words in case.words:
        assert words in text, text
    if case.target == "brief_as_of":
        params = validate_params("health", "en", "2024", out)
        context = load_context(params)
        assert "2025-H1" in set(context.observations["period"])
        assert set(context.shown["period"]) == {"2024"}


# ---------------------------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", params_of("catalogue"))
def test_catalogue(case, tmp_path, capsys, nothing_may_run):
    if case.covered_by:
        check_reference(case)
        return
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    case.make(document)
    if case.target == "cds_briefs":
        plan_from_dict(document)  # the plan itself loads
        plan_file = tmp_path / "plan.yaml"
        plan_file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        out = tmp_path / "reports"
        status = cli.run(["briefs", "--plan", str(plan_file), "--out", str(out)])
        message = capsys.readouterr().err
        assert status == case.exit, message
        assert not out.exists()
    else:
        with pytest.raises(PlanError) as info:
            plan_from_dict(document, source="bad-plan.yaml")
        message = str(info.value)
        assert message.startswith("bad-plan.yaml: ")
    for words in case.words:
        assert words in message, message


# ---------------------------------------------------------------------------------------------
# Parameters: refused before anything runs
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", params_of("parameter"))
def test_parameter(case, tmp_path, capsys, nothing_may_run):
    arguments = case.make()
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("<p>the previous index</p>\n", encoding="utf-8")
    before = snapshot(out)
    try:
        status = cli.run(["briefs", *arguments["argv"], "--out", str(out)])
    except SystemExit as exc:  # argparse refuses an option it does not know
        status = exc.code
    message = capsys.readouterr().err
    assert status == case.exit, message
    assert "Traceback" not in message
    for words in case.words:
        assert words in message, message
    assert snapshot(out) == before
    with pytest.raises((BriefParameterError, TypeError)) as info:
        briefs.build_brief(out_dir=out, **arguments["build_brief"])
    for words in case.words:
        assert words in str(info.value), str(info.value)
    assert snapshot(out) == before
    if case.name == "parameter_name_is_code":  # and the notebook runner, by name
        with pytest.raises(BriefParameterError, match="not a parameter of sector_brief"):
            execute_notebook("sector_brief", {corpus.CODE_NAME: 1})
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


# ---------------------------------------------------------------------------------------------
# Content: inert everywhere it is shown or written
# ---------------------------------------------------------------------------------------------

_ACTIVE = re.compile(r"<(?:script|iframe|object|embed|link|base|meta http-equiv)\b", re.I)
_EVIL = ('<script>alert("', "<img src=x onerror")


def _notebook_of(fragments: list[str], facts: dict) -> nbformat.NotebookNode:
    """A brief notebook as papermill leaves it: one output per section, and the summary."""
    cells = [
        nbformat.v4.new_code_cell(
            outputs=[nbformat.v4.new_output("display_data", data={SUMMARY_MIMETYPE: facts})]
        )
    ]
    for fragment in fragments:
        output = nbformat.v4.new_output("display_data", data={"text/html": fragment})
        cells.append(nbformat.v4.new_code_cell(outputs=[output]))
    return nbformat.v4.new_notebook(cells=cells)


def assert_inert(page: str) -> None:
    for evil in _EVIL:
        assert evil not in page
    assert not _ACTIVE.search(page), _ACTIVE.search(page)
    # nothing loaded from a network when the page opens: images are data: URIs
    for tag in re.findall(r"<(?:img|source|video|audio|input)\b[^>]*>", page, re.I):
        source = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", tag)
        assert source is None or source.group(1).startswith("data:"), tag
    assert "url(http" not in page and "@import" not in page


def _brief_pages(raw: Path, out: Path, plan_file: Path) -> list[str]:
    clean_raw(raw, out, plan=load_plan(plan_file))
    pages = []
    for brief_id in ("health", "overview"):
        params = brief_params(brief_id, "vi", processed_dir=out, plan_path=plan_file)
        ctx = load_context(params)
        sections = [
            bc.header,
            bc.summary_section,
            bc.scoreboard_section,
            bc.areas_section,
            bc.quality_section,
            bc.data_section,
        ]
        if brief_id == "health":
            sections.append(bc.charts_section)
        fragments = [section(ctx) for section in sections]
        pages.append(export_html(_notebook_of(fragments, bc.summary(ctx)), lang="vi"))
    return pages


@pytest.mark.parametrize("case", params_of("content"))
def test_content(case, tmp_path):
    if case.covered_by:
        check_reference(case)
        return
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    if case.target == "brief":
        case.make(raw)
        pages = _brief_pages(raw, out, tmp_path / "plan-doc-hai.yaml")
        for page in pages:
            assert_inert(page)
        shown = "\n".join(pages)
    elif case.target == "index":
        case.make(raw)
        plan = load_plan(tmp_path / "plan-doc-hai.yaml")
        results = [
            briefs.BriefResult(
                "health",
                "vi",
                True,
                None,
                1.0,
                summary={
                    "title": '<script>alert("title")</script>',
                    "as_of_text": '<script>alert("as_of")</script>',
                },
            ),
            briefs.BriefResult(
                "overview", "vi", False, None, 1.0, error='<script>alert("error")</script>'
            ),
        ]
        shown = build_index(results, out_dir=tmp_path / "reports", plan=plan).read_text(
            encoding="utf-8"
        )
        assert_inert(shown)
    elif case.target == "outputs":
        case.make(raw)
        clean_raw(raw, out)
        cells = []
        for name in ("observations.csv", "quarantine.csv"):
            for row in read_csv_rows(out / name):
                for column, value in row.items():
                    if column == "value":
                        float(value)  # a number, as written
                        continue
                    assert not value.startswith(FORMULA_PREFIXES), (name, column, value)
                    cells.append(value)
        values = {r["source_ref"]: r["value"] for r in read_csv_rows(out / "observations.csv")}
        assert values["E2"] == "-1.5"  # a negative number stays a number, unquoted
        assert ",-1.5," in (out / "observations.csv").read_text(encoding="utf-8")
        shown = "\n".join(cells)
    elif case.target == "export_excel":
        frame = pd.DataFrame(
            {
                "name": ["=cmd|' /C calc'!A0", "@SUM(1,2)", "-x", "ok"],
                "value": [-5.0, 1.5, 0.0, 2.0],
                '=HYPERLINK("http://x")': ["a", "b", "c", "d"],
                "status": pd.Categorical(["+1", "ok", "ok", "ok"]),
            }
        )
        path = cds.export_excel(frame, tmp_path / "bang.xlsx")
        sheet = openpyxl.load_workbook(path).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)  # no live formula
        assert [c.value for c in sheet["B"][1:]] == [-5, 1.5, 0, 2]
        assert all(c.data_type == "n" for c in sheet["B"][1:])
        assert sheet["D2"].value == "'+1"
        shown = "\n".join(str(c.value) for c in cells)
    else:
        raise AssertionError(f"unknown target {case.target!r}")
    # escaped quotes read the same in either spelling (nbconvert and jinja2 differ)
    shown = shown.replace("&quot;", '"').replace("&#34;", '"')
    for words in case.words:
        assert words in shown, words


# ---------------------------------------------------------------------------------------------
# The corpus itself
# ---------------------------------------------------------------------------------------------


def test_the_corpus_is_distinct_and_complete():
    names = [c.name for c in corpus.CASES]
    assert len(names) == len(set(names))
    assert {c.category for c in corpus.CASES} == set(corpus.CATEGORIES)
    for case in corpus.CASES:
        assert case.make is not None or case.covered_by or case.target == "export_excel"
        if case.category == "file":
            assert case.exit in (0, 1, 2)
        if case.category == "cell":
            assert case.reason in (*REASON_CODES, "clean", "duplicate") and case.ref
    committed = {p.relative_to(corpus.DATA).as_posix() for p in corpus.DATA.rglob("*.*")}
    used = {
        c.make.__doc__.split("tests/data/bad/")[1]
        for c in corpus.CASES
        if c.make is not None and (c.make.__doc__ or "").startswith("tests/data/bad/")
    }
    assert committed - used <= {"_baseline.csv", "README.md", "content/html-in-cells.csv"}


def test_write_corpus(tmp_path):
    written = corpus.write_corpus(tmp_path)
    assert {p.relative_to(tmp_path).parts[0] for p in written} == set(corpus.CATEGORIES)
    assert all(p.is_file() for p in written)
