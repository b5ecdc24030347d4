"""The brief's view model: what an analyst reaches from the brief notebook in JupyterLab."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from matplotlib.figure import Figure

from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.charts.style import alt_text
from cdsanalysis.briefs.content import load_context
from cdsanalysis.briefs.params import validate_overview_params, validate_params
from cdsanalysis.briefs.view import SCOREBOARD_COLUMNS, BriefView


@pytest.fixture(scope="module")
def view(demo_processed) -> BriefView:
    params = validate_params("health", "vi", "latest", demo_processed, None)
    return BriefView(load_context(params, build_date=dt.date(2026, 3, 1)))


def test_the_scoreboard_is_a_frame_with_plain_columns(view):
    frame = view.scoreboard.frame
    assert list(frame.columns) == SCOREBOARD_COLUMNS
    assert len(frame) == len(view.ctx.lines)
    assert pd.api.types.is_datetime64_any_dtype(frame["deadline"])
    assert pd.api.types.is_float_dtype(frame["value"]) and pd.api.types.is_float_dtype(
        frame["target"]
    )
    assert set(frame["verdict"]) <= {"met", "not_met", "no_data"}
    g4 = frame.set_index("code").loc["G4"]
    assert g4["value"] == pytest.approx(49.4, abs=0.05) and g4["verdict_label"] == "Không đạt"
    assert "Không đạt" in view.scoreboard.styled().to_html()
    # what the brief shows is the same table
    assert view.scoreboard._repr_html_() == bc.scoreboard_section(view.ctx)


def test_a_chart_is_its_figure_its_data_and_a_redraw(view):
    chart = view.charts["G4"]
    assert isinstance(chart.figure, Figure)
    data = chart.data
    assert {"year", "value"} <= set(data.columns) and len(data) >= 2
    redrawn = chart.redraw(lang="en")
    assert isinstance(redrawn, Figure) and redrawn is not chart.figure
    texts = " ".join(t.get_text() for ax in redrawn.axes for t in ax.texts)
    assert "Target" in texts or any("Target" in t.get_text() for t in redrawn.legends[0].texts)
    assert len(view.charts) == sum(1 for _ in view.charts)
    with pytest.raises(KeyError, match="no chart for 'Z9'"):
        view.charts["Z9"]


def test_the_narrative_is_markdown_and_the_page_html(view):
    narrative = view.narrative
    assert narrative.markdown.startswith("Tại thời hạn:")
    assert narrative._repr_markdown_() == narrative.markdown
    assert narrative._repr_html_() == bc.summary_section(view.ctx)


def test_alt_text_names_the_chart_type_and_its_message(view):
    assert view.charts["M2023"].alt.startswith("Biểu đồ thanh")
    assert view.charts["G4"].alt.startswith("Biểu đồ đường: ")
    for chart in view.charts:
        assert chart.alt.endswith(f"Kết quả tại thời hạn: {chart.line.verdict.words}.")
        assert chart.line.name in chart.alt


@pytest.fixture(scope="module")
def overview_view(demo_processed) -> BriefView:
    params = validate_overview_params("vi", "latest", demo_processed, None)
    return BriefView(load_context(params, build_date=dt.date(2026, 3, 1)))


def test_an_area_comparison_is_its_rows_its_figures_and_a_redraw(overview_view):
    areas = overview_view.areas
    assert {chart.line.code for chart in areas} >= {"G9b", "G9c"}
    districts = areas["G9b"]
    assert districts.kind == "bars" and districts.options["direction"] == 1
    assert isinstance(districts.figure, Figure) and isinstance(districts.tiles, Figure)
    assert {"geo_code", "latest_value", "status"} <= set(districts.data.columns)
    assert len(districts.data) == 9
    assert alt_text(districts.figure).startswith("Biểu đồ thanh xếp hạng 9 địa bàn")
    redrawn = districts.redraw(lang="en")
    assert isinstance(redrawn, Figure) and redrawn is not districts.figure
    assert alt_text(redrawn).startswith("Ranked bar chart of 9 areas")
    communes = areas["G9c"]
    assert communes.kind == "strip" and communes.options["group"] == "district"
    assert alt_text(communes.figure).startswith("Biểu đồ điểm:")
    # The communes' tile map shows each district's median, and says so under it.
    assert communes.html().count("<figcaption>trung vị các địa bàn</figcaption>") == 1
    assert "<figcaption>" not in districts.html()
    with pytest.raises(KeyError, match="no chart for 'G4'"):
        areas["G4"]


def test_the_areas_section_is_the_area_charts_html(overview_view):
    areas = overview_view.areas
    page = areas._repr_html_()
    assert page == bc.areas_section(overview_view.ctx)
    for chart in areas:
        assert f'<span class="cds-code">{chart.line.code}</span>' in page
    assert page.count('<div class="cds-area-block">') == len(areas)
