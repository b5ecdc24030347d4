"""Briefs: parameter validation, the HTML fragments, and notebooks run end to end.

The end-to-end tests run each notebook with papermill on the demo data (health in Vietnamese,
industry in English, the overview in Vietnamese), once per session, and check the exported
pages offline; a small processed folder built here checks escaping and the sample-data banner.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.contracts import OBSERVATION_COLUMNS
from cdsanalysis.base.periods import period_from_label
from cdsanalysis.base.plan import load_plan
from cdsanalysis.base.safe_io import neutralise_frame
from cdsanalysis.briefs import build
from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.build import BriefResult, build_one
from cdsanalysis.briefs.content import load_context
from cdsanalysis.briefs.execute import execute_notebook, notebook_path
from cdsanalysis.briefs.export import export_html
from cdsanalysis.briefs.index_page import build_index, read_summary
from cdsanalysis.briefs.overview import emulation_section, emulation_table, status_grid_cells
from cdsanalysis.briefs.params import (
    NOTEBOOK_PARAMETERS,
    BriefParameterError,
    brief_params,
    check_parameter_names,
    validate_overview_params,
    validate_params,
)

EVIL = "<script>alert(1)</script>"
DEMO_BRIEFS = [("health", "vi"), ("industry", "en"), ("overview", "vi")]
DISTRICTS = {
    "718": "Thành phố Thủ Dầu Một",
    "719": "Huyện Bàu Bàng",
    "720": "Huyện Dầu Tiếng",
    "721": "Thành phố Bến Cát",
    "722": "Huyện Phú Giáo",
    "723": "Thành phố Tân Uyên",
    "724": "Thành phố Dĩ An",
    "725": "Thành phố Thuận An",
    "726": "Huyện Bắc Tân Uyên",
}
COMMUNES = {  # a few communes of 2025-01-04, with their district
    "25741": ("Phường Hiệp Thành", "718"),
    "25744": ("Phường Phú Lợi", "718"),
    "25942": ("Phường Dĩ An", "724"),
    "25945": ("Phường Tân Bình", "724"),
    "25816": ("Xã Trừ Văn Thố", "719"),
    "25858": ("Thị trấn Phước Vĩnh", "722"),
    "25966": ("Phường Lái Thiêu", "725"),
    "25900": ("Thị trấn Tân Bình", "726"),
}


# --------------------------------------------------------------------------------------------
# A small processed folder, built here
# --------------------------------------------------------------------------------------------


def _row(
    indicator,
    value,
    period,
    *,
    sector="",
    level="province",
    code="74",
    name=None,
    provenance="synthetic",
    source="Sở TT&TT (test)",
    note="",
    source_file=None,
):
    period_obj = period_from_label(period)
    return {
        "indicator_id": indicator,
        "sector": sector,
        "geo_code": code,
        "geo_level": level,
        "geo_name": name or {"74": "Tỉnh Bình Dương"}.get(code, code),
        "geo_vintage": "2025-01-04",
        "period": period,
        "period_start": period_obj.start.isoformat(),
        "period_end": period_obj.end.isoformat(),
        "period_kind": "official",
        "value": float(value),
        "unit": "percent",
        "provenance": provenance,
        "source": source,
        "source_file": source_file or f"test/{sector or 'province'}.csv",
        "source_ref": "B2",
        "note": note,
    }


def make_observations(*, provenance="synthetic", evil=False) -> pd.DataFrame:
    """Observations for every kind of target: sectors, province-wide, districts, communes."""
    plan = load_plan()
    rows = []
    tag = EVIL if evil else ""
    for s_pos, sector in enumerate(plan.sector_ids):
        for target in plan.targets_for_sector(sector).itertuples():
            if target.level != "province":
                continue
            if target.kind == "milestone":
                rows.append(
                    _row(
                        target.id,
                        100 - 5 * (s_pos % 3),
                        "2023-06-30",
                        sector=sector,
                        provenance=provenance,
                    )
                )
                continue
            goal = target.target
            base = goal * (0.45 + 0.05 * (s_pos % 4))
            pace = goal * (0.08 + 0.04 * ((s_pos + len(target.id)) % 4))
            for i, period in enumerate(["2022", "2023", "2024", "2025-H1"]):
                rows.append(
                    _row(
                        target.id,
                        min(base + pace * i, 100),
                        period,
                        sector=sector,
                        provenance=provenance,
                        note=tag if i == 0 else "",
                        source=f"Sở ngành {sector} {tag}".strip(),
                    )
                )
    for target in plan.targets.itertuples():
        if target.level != "province":
            continue
        if target.kind == "rank":
            for year, rank in zip(range(2020, 2025), [31, 22, 19, 7, 9], strict=True):
                rows.append(
                    dict(_row(target.id, rank, str(year), provenance=provenance), unit="rank")
                )
        elif target.kind == "growth":
            for year, growth in ((2023, 5.0), (2024, 7.48)):
                rows.append(_row(target.id, growth, str(year), provenance=provenance))
        elif target.kind == "yes_no":
            for year, flag in ((2023, 0), (2024, 1)):
                rows.append(
                    dict(_row(target.id, flag, str(year), provenance=provenance), unit="yes_no")
                )
        elif target.kind == "milestone":
            rows.append(_row(target.id, 96, "2023-06-30", provenance=provenance))
        else:
            for i, period in enumerate(["2022", "2023", "2024"]):
                rows.append(
                    _row(
                        target.id,
                        min(target.target * (0.6 + 0.12 * i), 100),
                        period,
                        provenance=provenance,
                    )
                )
    # Past the reorganisation: a province-wide value for the first nine months of 2025.
    rows.append(_row("gov.online_services.full_partial", 92.5, "2025-YTD9", provenance=provenance))
    for i, (code, name) in enumerate(DISTRICTS.items()):
        shown = f"{name} {tag}".strip() if i == 0 else name
        for j, period in enumerate(["2023", "2024", "2025-H1"]):
            value = 60 + 3 * i + 5 * j
            rows.append(
                _row(
                    "gov.work_dossiers_online.district",
                    value,
                    period,
                    level="district",
                    code=code,
                    name=shown,
                    provenance=provenance,
                )
            )
            rows.append(
                _row(
                    "gov.work_dossiers_online.district",
                    value - 4,
                    period,
                    sector="health",
                    level="district",
                    code=code,
                    name=shown,
                    provenance=provenance,
                )
            )
    for i, (code, (name, _district)) in enumerate(COMMUNES.items()):
        for j, period in enumerate(["2024", "2025-H1"]):
            rows.append(
                _row(
                    "gov.work_dossiers_online.commune",
                    45 + 4 * i + 6 * j,
                    period,
                    level="commune",
                    code=code,
                    name=name,
                    provenance=provenance,
                )
            )
    return pd.DataFrame(rows)


def write_processed(folder: Path, observations: pd.DataFrame, *, evil=False) -> Path:
    """Write observations.parquet, quarantine.csv and clean_report.json into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    observations.to_parquet(folder / "observations.parquet", index=False)
    quarantine = pd.DataFrame(
        [
            {
                "source_file": "test/health.csv",
                "source_ref": "C7",
                "indicator_raw": EVIL if evil else "Tỷ lệ hồ sơ trực tuyến",
                "area_raw": "Phường Không Có",
                "period_raw": "2024",
                "value_raw": "112%",
                "reason_code": "out_of_range",
                "reason": "percent 112 is above 100",
            }
        ]
    )
    quarantine.to_csv(folder / "quarantine.csv", index=False)
    report = {
        "records_read": len(observations) + 3,
        "records_clean": len(observations),
        "records_quarantined": 1,
        "records_no_data": 1,
        "records_duplicate": 1,
        "target_cells": 0,
        "files": [],
    }
    (folder / "clean_report.json").write_text(json.dumps(report), encoding="utf-8")
    return folder


def write_evil_plan(path: Path) -> Path:
    """The project's plan with HTML in a target name and a sector name."""
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    for target in document["targets"]:
        if target["id"] == "gov.dossiers_online":
            target["name_vi"] = f"Tỷ lệ hồ sơ {EVIL}"
            target["name_en"] = f"Dossiers online {EVIL}"
    for sector in document["sectors"]:
        if sector["id"] == "health":
            sector["name_vi"] = f"Y tế {EVIL}"
            sector["name_en"] = f"Health {EVIL}"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture(scope="module")
def small_processed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("processed-small")
    return write_processed(folder, make_observations())


# --------------------------------------------------------------------------------------------
# The demo reports, built once per session
# --------------------------------------------------------------------------------------------


def build_demo_reports(tmp_path_factory, processed: Path) -> tuple[Path, list[BriefResult]]:
    """Build health/vi, industry/en, overview/vi and the index once per test session."""
    out = tmp_path_factory.getbasetemp() / "demo-reports"
    marker = out / "results.json"
    if marker.exists():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        results = [
            BriefResult(
                r["brief_id"],
                r["lang"],
                r["ok"],
                Path(r["path"]) if r["path"] else None,
                r["seconds"],
                r["summary"],
                r["error"],
            )
            for r in saved
        ]
        return out, results
    results = [
        build_one(brief_params(b, lang, processed_dir=processed), out_dir=out)
        for b, lang in DEMO_BRIEFS
    ]
    build_index(results, out_dir=out)
    marker.write_text(
        json.dumps(
            [
                {
                    "brief_id": r.brief_id,
                    "lang": r.lang,
                    "ok": r.ok,
                    "path": str(r.path) if r.path else None,
                    "seconds": r.seconds,
                    "summary": r.summary,
                    "error": r.error,
                }
                for r in results
            ]
        ),
        encoding="utf-8",
    )
    return out, results


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory, demo_processed):
    return build_demo_reports(tmp_path_factory, demo_processed)


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


def test_validate_params_returns_canonical_values(small_processed):
    result = validate_params("health", "en", "Quý IV/2024", small_processed)
    assert result.sector == "health"
    assert result.lang == "en"
    assert result.as_of == "2024-Q4"
    assert result.processed_dir == small_processed.resolve()
    assert result.plan_path is None
    assert result.output_path("/tmp/r") == Path("/tmp/r/en/health.html")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("latest", "latest"),
        (2024, "2024"),
        ("2025-H1", "2025-H1"),
        ("6 tháng đầu năm 2025", "2025-H1"),
        (dt.date(2024, 12, 31), "2024-12-31"),
    ],
)
def test_as_of_forms(small_processed, as_of, expected):
    assert validate_params("health", "vi", as_of, small_processed).as_of == expected


@pytest.mark.parametrize(
    ("kwargs", "parameter", "listed"),
    [
        ({"sector": "sport"}, "sector:", "urban, industry, environment"),
        ({"sector": "../x"}, "sector:", "lower-case letters"),
        ({"sector": "Health"}, "sector:", "lower-case letters"),
        ({"sector": None}, "sector:", "lower-case letters"),
        ({"lang": "fr"}, "lang:", "vi, en"),
        ({"as_of": "2024Q5"}, "as_of:", '"latest"'),
        ({"as_of": ""}, "as_of:", '"latest"'),
        ({"as_of": 2024.5}, "as_of:", '"latest"'),
        ({"processed_dir": "/nowhere/at/all"}, "processed_dir:", "cds clean"),
        ({"plan_path": "/nowhere/plan.yaml"}, "plan_path:", "not found"),
    ],
)
def test_bad_parameters_are_named(small_processed, kwargs, parameter, listed):
    params = {
        "sector": "health",
        "lang": "vi",
        "as_of": "latest",
        "processed_dir": small_processed,
        **kwargs,
    }
    with pytest.raises(BriefParameterError) as info:
        validate_params(**params)
    message = str(info.value)
    assert message.startswith(parameter)
    assert listed in message
    assert isinstance(info.value, ValueError)


def test_processed_dir_without_observations_is_refused(tmp_path):
    with pytest.raises(BriefParameterError, match="processed_dir: .* no observations"):
        validate_params("health", "vi", "latest", tmp_path)


def test_sector_of_another_plan(tmp_path, small_processed):
    document = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    document["sectors"].append({"id": "sport", "name_vi": "Thể thao", "name_en": "Sport"})
    plan_file = tmp_path / "other.yaml"
    plan_file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = validate_params("sport", "vi", "latest", small_processed, plan_file)
    assert result.plan_path == plan_file.resolve()
    with pytest.raises(BriefParameterError, match="sector: 'sport'"):
        validate_params("sport", "vi", "latest", small_processed)


def test_unknown_parameter_names_are_refused():
    check_parameter_names("sector_brief", ["sector", "lang"])
    with pytest.raises(BriefParameterError, match="'colour': not a parameter"):
        check_parameter_names("sector_brief", ["sector", "colour"])
    with pytest.raises(BriefParameterError, match="'sector': not a parameter"):
        check_parameter_names("province_overview", ["sector"])
    with pytest.raises(BriefParameterError, match="notebook:"):
        check_parameter_names("../etc", [])


def test_execute_refuses_unknown_names_before_running(monkeypatch):
    import papermill

    def boom(*args, **kwargs):
        raise AssertionError("papermill must not run")

    monkeypatch.setattr(papermill, "execute_notebook", boom)
    with pytest.raises(BriefParameterError):
        execute_notebook("sector_brief", {"sector": "health", "theme": "dark"})


def test_build_brief_validates_before_running(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "build_one", lambda *a, **k: pytest.fail("must not run"))
    with pytest.raises(BriefParameterError, match="sector:"):
        build.build_brief("../../etc", out_dir=tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["sector_brief", "province_overview"])
def test_parameter_names_match_the_notebooks(name):
    import papermill

    found = papermill.inspect_notebook(str(notebook_path(name)))
    assert tuple(found) == NOTEBOOK_PARAMETERS[name]


# --------------------------------------------------------------------------------------------
# The notebooks as committed
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "validator"),
    [("sector_brief", "validate_params"), ("province_overview", "validate_overview_params")],
)
def test_notebooks_are_thin_paired_and_without_outputs(name, validator):
    import jupytext
    import nbformat

    path = notebook_path(name)
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert nb.cells[0].cell_type == "code"
    assert nb.cells[0].metadata.get("tags") == ["parameters"]
    for line in nb.cells[0].source.splitlines():
        # name = literal  # comment
        assert re.fullmatch(r"\w+ = (\"[^\"]*\"|None)  # .+", line), line
    assert validator in nb.cells[1].source
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    paired = jupytext.read(path.with_suffix(".py"))
    assert [c.source for c in paired.cells] == [c.source for c in nb.cells]
    # Thin: every code line is a parameter, an import or a call into the package.
    for cell in code[1:]:
        for line in cell.source.splitlines():
            assert line == "" or line.startswith(
                ("from cdsanalysis", "params = ", "ctx = ", "view = ", "bc.")
            ), line


# --------------------------------------------------------------------------------------------
# Content: words, escaping, banner, CSV
# --------------------------------------------------------------------------------------------


def _context(processed: Path, sector="health", lang="vi", plan_path=None):
    if sector is None:
        params = validate_overview_params(lang, "latest", processed, plan_path)
    else:
        params = validate_params(sector, lang, "latest", processed, plan_path)
    return load_context(params, build_date=dt.date(2025, 11, 1))


def test_scoreboard_has_every_target_of_the_sector(small_processed):
    ctx = _context(small_processed, "education")
    targets = load_plan().targets_for_sector("education")
    # G9b and G9c are measured by area; education has no area figures of its own for them.
    assert ctx.elsewhere == ["G9b", "G9c"]
    expected = list(targets[~targets["code"].isin(ctx.elsewhere)]["id"])
    assert [line.target["id"] for line in ctx.lines] == expected
    table = bc.scoreboard_section(ctx)
    assert table.split("<tbody>")[1].count("<tr>") == len(expected)
    assert "G9b, G9c: đo theo địa bàn" in table
    for line in ctx.lines:
        assert f">{line.code}<" in table
    # status by icon, colour and words
    assert 'class="cds-status" style="background:#' in table
    assert "✔" in table or "▲" in table
    assert "Đúng tiến độ" in table or "Đã đạt" in table


def test_area_targets_roll_up_and_say_how_many_met(small_processed):
    ctx = _context(small_processed, "health", "en")
    line = next(x for x in ctx.lines if x.target["id"] == "gov.work_dossiers_online.district")
    assert line.area_scope == "sector"
    assert len(line.areas) == 9
    assert re.fullmatch(r"\d of 9 districts met", line.value_text)
    # The sector has no commune figures of its own: G9c is left to the overview, never shown as
    # "no data" beside a chart of the province-wide communes.
    assert "gov.work_dossiers_online.commune" not in [x.target["id"] for x in ctx.lines]
    assert ctx.elsewhere == ["G9c"]
    for section in (bc.areas_section(ctx), bc.charts_section(ctx)):
        assert "G9c" not in re.sub(r'src="data:[^"]*"', "", section)
    assert "G9c: measured by area" in bc.scoreboard_section(ctx)


def test_status_grid_has_area_targets_only_where_a_sector_measures_them(small_processed):
    ctx = _context(small_processed, None)
    cells, order, labels = status_grid_cells(ctx)
    # Health sent district figures of its own for G9b; no sector sent commune figures (G9c).
    assert cells[cells["target"] == "G9b"]["sector"].tolist() == ["health"]
    assert "G9c" not in order and "G9c" not in set(cells["target"])
    assert set(cells[cells["target"] == "G1"]["sector"]) == set(ctx.plan.sectors["id"])
    assert set(order) == set(cells["target"]) and set(labels) == set(order)
    # A context indicator (no target, no status) has no row, though a sector lists it.
    context = ctx.plan.targets[ctx.plan.targets["kind"] == "context"]
    codes = {c or i for c, i in zip(context["code"], context["id"], strict=True)}
    assert any(context["sectors"].map(len)) and not codes & set(order)


def test_narrative_counts_every_line(small_processed):
    ctx = _context(small_processed, "health", "en")
    text = bc.summary_section(ctx)
    assert f"of {len(ctx.lines)} targets" in text


def test_banner_only_with_synthetic_values(tmp_path, small_processed):
    ctx = _context(small_processed)
    assert ctx.synthetic
    assert "DỮ LIỆU MẪU — không phải số liệu thật" in bc.banner(ctx)
    en = _context(small_processed, lang="en")
    assert "SAMPLE DATA — not real figures" in bc.banner(en)
    real = write_processed(tmp_path / "real", make_observations(provenance="published"))
    assert bc.banner(_context(real)) == ""


def test_banner_follows_what_is_shown_not_the_whole_file(tmp_path):
    # A synthetic value of another sector is not shown in the health brief.
    frame = make_observations(provenance="published")
    frame.loc[frame["sector"] == "transport", "provenance"] = "synthetic"
    folder = write_processed(tmp_path / "mixed", frame)
    assert bc.banner(_context(folder, "health")) == ""
    assert bc.banner(_context(folder, "transport")) != ""
    assert bc.banner(_context(folder, None)) != ""


def test_every_data_string_is_escaped(tmp_path):
    folder = write_processed(tmp_path / "evil", make_observations(evil=True), evil=True)
    plan_file = write_evil_plan(tmp_path / "plan.yaml")
    for sector in ("health", None):
        ctx = _context(folder, sector, "vi", plan_file)
        page = "".join(
            [
                bc.header(ctx),
                bc.summary_section(ctx),
                bc.scoreboard_section(ctx),
                bc.areas_section(ctx),
                bc.quality_section(ctx),
                bc.data_section(ctx),
            ]
        )
        assert "<script" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_csv_download_is_the_brief_data_with_formulas_neutralised(tmp_path):
    frame = make_observations(provenance="published")
    frame.loc[frame.index[:5], "note"] = '=HYPERLINK("http://x")'
    frame.loc[frame.index[:5], "sector"] = "health"
    frame.loc[frame.index[5], "value"] = -3.0
    folder = write_processed(tmp_path / "csv", frame)
    ctx = _context(folder)
    html_text = bc.data_section(ctx)
    encoded = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', html_text).group(1)
    raw = base64.b64decode(encoded).decode("utf-8")
    assert raw.startswith("\ufeff")
    table = pd.read_csv(io.StringIO(raw[1:]), dtype=str, keep_default_na=False)
    # The codes stay; the labels in the brief's language follow them.
    assert list(table.columns) == OBSERVATION_COLUMNS + bc.CSV_LABEL_COLUMNS
    assert len(table) == len(ctx.shown)
    health = table[table["sector"] == "health"].iloc[0]
    assert health["sector_name"] == "Y tế" and health["provenance_label"] == "đã công bố"
    assert table["indicator_name"].str.len().gt(0).all()
    assert set(table[table["period"] == "2024"]["period_label"]) == {"năm 2024"}
    text_columns = [c for c in table.columns if c != "value"]
    for column in text_columns:
        assert not table[column].str.match(r"^[=+\-@]").any(), column
    assert (table["note"] == '\'=HYPERLINK("http://x")').any()
    expected = neutralise_frame(pd.DataFrame({"v": [-1.5], "t": ["-x"]}), ["v", "t"])
    assert expected["v"].tolist() == [-1.5]
    assert expected["t"].tolist() == ["'-x"]


def test_shown_observations_stop_at_as_of(small_processed):
    params = validate_params("health", "vi", "2024", small_processed)
    ctx = load_context(params)
    assert (ctx.shown["period_end"] <= "2024-12-31").all()
    assert bc.reorganisation_section(ctx) == ""
    latest = _context(small_processed)
    assert "01/7/2025" in bc.reorganisation_section(latest)


def test_emulation_table_ranks_areas_and_sectors(small_processed):
    ctx = _context(small_processed, None, "en")
    areas = emulation_table(ctx.assessment, ctx.previous, ctx.plan, by="area")
    assert len(areas) == 9
    assert list(areas["rank"]) == list(range(1, 10))
    assert areas["score"].is_monotonic_decreasing
    assert {"met", "on_track", "behind", "not_available", "change"} <= set(areas.columns)
    sectors = emulation_table(ctx.assessment, ctx.previous, ctx.plan, by="sector")
    assert set(sectors["key"]) == set(ctx.plan.sector_ids)
    section = emulation_section(ctx)
    assert "Districts, towns and cities" in section and "Departments (sectors)" in section


def test_index_lists_failed_briefs(tmp_path):
    ok = BriefResult(
        "health",
        "vi",
        True,
        tmp_path / "vi" / "health.html",
        1.0,
        {
            "counts": {"target_achieved": 2},
            "as_of_text": "30/06/2025",
            "vintage": "2025-11-01",
            "synthetic": True,
        },
    )
    bad = BriefResult(
        "industry",
        "en",
        False,
        None,
        1.0,
        error=f"ValueError: {EVIL}",
        notebook_path=tmp_path / "_failed" / "en" / "industry.ipynb",
    )
    page = build_index([ok, bad], out_dir=tmp_path).read_text(encoding="utf-8")
    assert 'href="vi/health.html"' in page
    assert "The brief failed to build" in page
    assert "&lt;script&gt;" in page and "<script" not in page
    assert "_failed/en/industry.ipynb" in page
    assert 'lang="en"' in page and 'lang="vi"' in page


# --------------------------------------------------------------------------------------------
# End to end: notebooks run with papermill, pages checked offline
# --------------------------------------------------------------------------------------------


class _Resources(HTMLParser):
    """Collect every tag with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def external_resources(page: str) -> list[str]:
    """src/href of scripts, stylesheets, images, fonts... that point outside the file."""
    parser = _Resources()
    parser.feed(page)
    bad = []
    for tag, attrs in parser.tags:
        if tag == "script":
            bad.append(f"script {attrs.get('src', '(inline)')}")
        for name in ("src", "srcset", "poster", "data"):
            value = attrs.get(name)
            if value and not value.startswith("data:"):
                bad.append(f"{tag} {name}={value}")
        if tag == "link" and attrs.get("href"):
            bad.append(f"link href={attrs['href']}")
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", page):
        if not url.startswith("data:"):
            bad.append(f"css url({url})")
    if "@import" in page or "@font-face" in page:
        bad.append("css @import/@font-face")
    return bad


@pytest.mark.slow
def test_demo_briefs_build(demo_reports):
    out, results = demo_reports
    assert [(r.brief_id, r.lang, r.ok) for r in results] == [
        (b, lang, True) for b, lang in DEMO_BRIEFS
    ], [r.error for r in results]
    for result in results:
        assert result.path == out / result.lang / f"{result.brief_id}.html"
        limit = 3_000_000 if result.brief_id == "overview" else 1_500_000
        assert result.path.stat().st_size < limit
        assert result.summary["lang"] == result.lang
        assert read_summary(result.path) == result.summary
        assert sum(result.summary["counts"].values()) == result.summary["n_targets"]


@pytest.mark.slow
def test_demo_pages_are_offline_and_clean(demo_reports):
    out, results = demo_reports
    pages = [r.path for r in results] + [out / "index.html"]
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert external_resources(page) == [], path
        assert "require.js" not in page and "MathJax" not in page and "<script" not in page
        # no code, prompts or parameters
        for marker in (
            "jp-InputArea",
            "In&nbsp;[",
            "validate_params",
            "processed_dir =",
            "injected-parameters",
            "jp-OutputPrompt",
        ):
            assert marker not in page, (path, marker)
        assert page.startswith("<!DOCTYPE html>")
        assert re.search(r"<meta [^>]*name=\"viewport\"", page) and "@media print" in page
        assert len(re.findall(r"<style>", page)) == 1


@pytest.mark.slow
def test_demo_brief_content(demo_reports):
    from bs4 import BeautifulSoup

    out, _ = demo_reports
    page = (out / "vi" / "health.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "vi"
    assert soup.title.string == "Lĩnh vực Y tế"
    # The demo shows published figures beside synthetic ones: the banner counts both.
    banner = soup.select_one(".cds-banner").text
    assert "DỮ LIỆU MẪU" in banner and "số liệu thật (chính thức hoặc đã công bố)" in banner
    toc = [a["href"] for a in soup.select("nav.cds-toc a")]
    for section in ("summary", "scoreboard", "charts", "areas", "quality", "method", "data"):
        assert f"#{section}" in toc
        assert soup.find(id=section) is not None
    targets = load_plan().targets_for_sector("health").query("kind != 'context'")
    # Health sent no area figures of its own: G9b and G9c are named and left to the overview.
    n_targets = len(targets[~targets["code"].isin(["G9b", "G9c"])])
    assert len(soup.select("table.cds-scoreboard tbody tr")) == n_targets
    assert "G9b, G9c: đo theo địa bàn" in soup.select_one("#scoreboard").parent.text
    assert soup.select_one("details.cds-appendix #quality") is not None  # folded appendix
    for status in soup.select("table.cds-scoreboard .cds-status"):
        assert status.get("style", "").startswith("background:#")  # colour
        assert status.select_one(".cds-icon").text.strip()  # icon
        assert len(status.text.strip()) > 3  # words
    images = soup.find_all("img")
    assert len(images) >= n_targets - 2
    for image in images:
        assert len(image["alt"]) > 10
        assert image["src"].startswith("data:image/png;base64,")
    assert soup.select_one("a.cds-download")["href"].startswith("data:text/csv;")
    english = BeautifulSoup((out / "en" / "industry.html").read_text("utf-8"), "html.parser")
    assert english.html["lang"] == "en"
    assert "SAMPLE DATA" in english.select_one(".cds-banner").text
    assert "synthetic (sample) values, " in english.select_one(".cds-banner").text
    overview = BeautifulSoup((out / "vi" / "overview.html").read_text("utf-8"), "html.parser")
    for section in ("grid", "milestone", "emulation"):
        assert overview.find(id=section) is not None
    assert "Thứ hạng Chỉ số chuyển đổi số cấp tỉnh (DTI)" in overview.text
    index = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    links = {a["href"] for a in index.find_all("a")}
    for b, lang in DEMO_BRIEFS:
        assert f"{lang}/{b}.html" in links


@pytest.mark.slow
def test_bad_parameter_stops_the_notebook(small_processed):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as info:
        execute_notebook(
            "sector_brief",
            {"sector": "../x", "lang": "vi", "processed_dir": str(small_processed)},
        )
    assert info.value.ename == "BriefParameterError"
    assert "sector: '../x'" in info.value.evalue


@pytest.mark.slow
def test_papermill_command_line_from_anywhere(tmp_path):
    """The injection brief, run by the papermill command from another folder, then exported."""
    folder = write_processed(
        tmp_path / "evil", make_observations(provenance="published", evil=True), evil=True
    )
    plan_file = write_evil_plan(tmp_path / "plan.yaml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    papermill = Path(sys.executable).with_name("papermill")
    run = subprocess.run(
        [
            str(papermill),
            str(notebook_path("sector_brief")),
            "out.ipynb",
            "-p",
            "sector",
            "health",
            "-p",
            "lang",
            "en",
            "-p",
            "processed_dir",
            str(folder),
            "-p",
            "plan_path",
            str(plan_file),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    import nbformat

    nb = nbformat.read(elsewhere / "out.ipynb", as_version=4)
    page = export_html(nb)
    assert '<html lang="en">' in page
    assert "<script" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # name, note, area, source
    assert "SAMPLE DATA" not in page  # no synthetic row: no banner
    assert external_resources(page) == []


def test_label_catalogues_say_the_same_things_in_both_languages():
    from cdsanalysis.base import i18n
    from cdsanalysis.base.labels import CATALOGUES

    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    for table in ("statuses", "pillars", "words"):
        assert set(vi[table]) == set(en[table]), table
    assert set(vi["statuses"]) == set(i18n.STATUS_ORDER)
    for key, text in vi["words"].items():
        fields = set(re.findall(r"{(\w+)}", text))
        assert fields == set(re.findall(r"{(\w+)}", en["words"][key])), key
    assert i18n.label("areas_met", "vi", met=3, n=9, what="huyện") == "3/9 huyện đạt"
    assert i18n.pillar_name("economy", "en") == "Digital economy"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.label("toc", "fr")


# --------------------------------------------------------------------------------------------
# The final review and the provenance of values
# --------------------------------------------------------------------------------------------

FINAL_BUILD = dt.date(2026, 3, 1)


@pytest.fixture
def final_verdicts(monkeypatch):
    """The assessment with final-review columns set by hand on every row.

    Targets take turns: met on a synthetic 2025 value, not met on a published grade B estimate,
    no data at the deadline (the latest earlier value beside).
    """
    from cdsanalysis.assessment import assess as assess_module
    from cdsanalysis.briefs import content

    real = assess_module.assess

    def assess(observations, plan, as_of="latest", *, sector=None, build_date=None):
        frame = real(observations, plan, as_of, sector=sector).copy()
        final = build_date is not None and build_date > dt.date(2025, 12, 31)
        frame["review"] = "final" if final else "progress"
        position = frame.groupby("target_id", sort=False).ngroup() % 3
        verdict = position.map({0: "met", 1: "not_met", 2: "no_data"})
        frame["verdict"] = verdict if final else ""
        words = {"met": ("Đạt", "Met"), "not_met": ("Không đạt", "Not met")}
        words["no_data"] = ("Không có số liệu", "No data at the deadline")
        frame["verdict_vi"] = frame["verdict"].map(lambda v: words.get(v, ("", ""))[0])
        frame["verdict_en"] = frame["verdict"].map(lambda v: words.get(v, ("", ""))[1])
        decided = frame["verdict"].isin(["met", "not_met"])
        frame["verdict_value"] = frame["latest_value"].where(decided)
        frame["verdict_period"] = frame["verdict"].map({"met": "2025", "not_met": "2025"})
        frame["verdict_period_kind"] = frame["verdict"].map(
            {"met": "official", "not_met": "estimate"}
        )
        frame["verdict_provenance"] = frame["verdict"].map(
            {"met": "synthetic", "not_met": "published"}
        )
        frame["verdict_source"] = frame["verdict"].map(
            {"not_met": "BDO <b>, https://example.org/a"}
        )
        frame["verdict_grade"] = frame["verdict"].map({"not_met": "B"})
        frame["verdict_basis"] = frame["verdict"].map({"met": "year", "not_met": "year"})
        frame["verdict_note_vi"] = ""
        frame["verdict_note_en"] = ""
        frame["earlier_value"] = frame["latest_value"].where(frame["verdict"] == "no_data")
        frame["earlier_period"] = frame["latest_period"].where(frame["verdict"] == "no_data")
        return frame

    monkeypatch.setattr(assess_module, "assess", assess)
    return content


def _final_context(processed: Path, sector="health", lang="vi", as_of="latest", build=FINAL_BUILD):
    if sector is None:
        params = validate_overview_params(lang, as_of, processed, None)
    else:
        params = validate_params(sector, lang, as_of, processed, None)
    return load_context(params, build_date=build)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_final_review_leads_with_verdicts_and_what_they_rest_on(small_processed, final_verdicts):
    from cdsanalysis.briefs.review import final_review_section

    ctx = _final_context(small_processed, "health", "vi")
    assert ctx.final
    section = final_review_section(ctx)
    text = _text(section)
    assert "Tổng kết giai đoạn 2023–2025" in text
    assert {"Đạt", "Không đạt", "Không có số liệu"} <= {v.verdict.words for v in ctx.lines}
    for line in ctx.lines:
        assert esc_in(line.verdict.words, section)
        if line.verdict.verdict == "no_data" and line.verdict.earlier:
            assert "số liệu gần nhất:" in line.verdict.earlier and esc_in(
                line.verdict.earlier, section
            )
    assert "dữ liệu mẫu" in text  # a synthetic verdict says so
    assert "đã công bố, độ tin cậy B" in text  # a published one gives its kind and grade
    assert "BDO &lt;b&gt;" in section and 'href="https://example.org/a"' in section
    assert "(ước tính)" in text  # an estimate is marked
    # the progress status stays beside the verdict, as how the target moved
    assert "Diễn biến" in text and 'class="cds-status"' in section
    header = _text(bc.header(ctx))
    assert "tổng kết kế hoạch 2023–2025 (kết thúc 31/12/2025)" in header
    assert "Số liệu đến: 30/09/2025" in header
    rest = bc.summary_section(ctx) + bc.scoreboard_section(ctx) + section
    assert "tháng còn lại" not in rest and "Dự báo đến hạn" not in rest
    assert "Tại thời hạn:" in _text(bc.summary_section(ctx))
    english = _final_context(small_processed, "health", "en")
    words = _text(final_review_section(english) + bc.summary_section(english))
    assert "No data at the deadline" in words and "Final review 2023–2025" in words
    assert "months left" not in words + _text(bc.scoreboard_section(english))


def esc_in(text: str, html: str) -> bool:
    from markupsafe import escape

    return str(escape(text)) in html


def test_progress_mode_reads_as_of_its_period(small_processed, final_verdicts):
    from cdsanalysis.briefs.review import final_review_section

    before = _final_context(small_processed, "health", "vi", build=dt.date(2025, 11, 1))
    assert not before.final and final_review_section(before) == ""
    assert "kết thúc" not in bc.header(before)
    assert all(line.verdict.verdict == "" for line in before.lines)


def test_final_emulation_ranks_on_final_results(small_processed, final_verdicts):
    from cdsanalysis.briefs.overview import final_sector_table

    ctx = _final_context(small_processed, None, "en")
    sectors = final_sector_table(ctx.assessment, ctx.plan, "en")
    assert len(sectors) == len(ctx.plan.sector_ids)
    scored = sectors[sectors["share_met"].notna()]
    assert scored["share_met"].is_monotonic_decreasing and scored["rank"].iloc[0] == 1
    section = emulation_section(ctx)
    assert "Ranked on the final results" in section and "Share met" in section
    assert "Districts, towns and cities" in section and "Departments (sectors)" in section
    assert "Mean score" not in section


def test_banner_counts_synthetic_and_real_values(tmp_path):
    mixed = make_observations()
    real = make_observations(provenance="official")
    mixed = pd.concat([mixed, real[real["indicator_id"] == real["indicator_id"].iloc[0]]])
    mixed = mixed.drop_duplicates(
        ["indicator_id", "sector", "geo_code", "geo_vintage", "period"], keep="last"
    )
    folder = write_processed(tmp_path / "mixed", mixed)
    ctx = _context(folder, None)
    counts = ctx.value_counts
    assert counts["real"] > 0 and counts["synthetic"] > 0
    text = _text(bc.banner(ctx))
    assert "có cả số liệu mẫu và số liệu thật" in text
    assert f"{counts['synthetic']} số liệu mẫu" in text.replace(".", "")


def test_marks_never_join_provenances_or_measures():
    from cdsanalysis.briefs.charts.marks import runs
    from cdsanalysis.briefs.provenance import grade_of, measure_of

    def point(year, mark, measure=""):
        return {"year": year, "value": 1.0, "mark": mark, "measure": measure, "chosen": True}

    pts = [point(2017, "published", "sipas"), point(2018, "published", "sipas")]
    pts += [point(2022, "synthetic"), point(2023, "synthetic"), point(2024, "published")]
    pts += [point(2025, "published", "pillar rank")]
    assert [[p["year"] for p in run] for run in runs(pts)] == [
        [2017, 2018],
        [2022, 2023],
        [2024],
        [2025],
    ]
    assert grade_of("grade C (derived): row 1") == "C" and grade_of("Số ước tính") == ""
    assert measure_of("grade B; proxy: rank of the DTI 2022 main index") == measure_of(
        "grade B; proxy: rank of the DTI 2023 main index"
    )


@pytest.mark.slow
def test_every_published_value_reaches_chart_and_table(demo_processed):
    """Every published value of a target a brief tracks is a chart point and a table row."""
    from cdsanalysis.briefs.narrative import format_value, period_label
    from cdsanalysis.briefs.review import real_values_html

    plan = load_plan()
    observations = pd.read_parquet(demo_processed / "observations.parquet")
    published = observations[observations["provenance"] == "published"]
    assert len(published)
    for sector in [*plan.sector_ids, None]:
        params = (
            validate_params(sector, "vi", "latest", demo_processed, None)
            if sector
            else validate_overview_params("vi", "latest", demo_processed, None)
        )
        ctx = load_context(params, build_date=FINAL_BUILD)
        table = real_values_html(ctx)
        by_target = {line.target["id"]: line for line in ctx.lines}
        for record in published.to_dict("records"):
            line = by_target.get(record["indicator_id"])
            if line is None or record["geo_level"] != "province":
                continue
            if line.target.get("kind") == "context":  # no target: not charted as one
                continue
            if record["sector"] not in ("", sector):
                continue
            if str(record["period_end"])[:10] > str(ctx.as_of_date):
                continue
            points = {(p["period"], p["value"]) for p in [*line.points, *line.context_points]}
            where = f"{sector} {record['indicator_id']} {record['period']}"
            assert (record["period"], float(record["value"])) in points, where
            value = format_value(
                record["value"], line.target["unit"], "vi", kind=line.target["kind"]
            )
            assert esc_in(value, table) and esc_in(period_label(record["period"], "vi"), table), (
                where
            )
