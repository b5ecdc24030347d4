"""Charts: every function returns a Figure, draws nothing globally, and reads without colour."""

from __future__ import annotations

import io
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle
from PIL import Image

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.areas import (
    plot_area_strip,
    plot_areas,
    plot_milestone,
    short_area_name,
)
from cdsanalysis.briefs.charts.grid import plot_status_grid
from cdsanalysis.briefs.charts.series import plot_series
from cdsanalysis.briefs.charts.style import figure_png
from cdsanalysis.briefs.charts.tiles import TILE_NAMES, tile_map

LEVEL = {
    "years": [2022, 2023, 2024],
    "values": [31.9, 40.0, 44.0],
    "kind": "level",
    "unit": "percent",
    "comparison": ">=",
    "target": 50.0,
    "deadline": "2025-12-31",
    "direction": 1,
    "limit": 100.0,
    "status": "moderate_progress",
    "projected_value": 50.7,
    "latest_period": "2024",
    "partial_year": False,
}
RANK = dict(
    LEVEL,
    years=[2020, 2021, 2022, 2023],
    values=[31, 22, 19, 7],
    kind="rank",
    unit="rank",
    comparison="<=",
    target=10.0,
    direction=-1,
    status="target_achieved",
)
GROWTH = dict(LEVEL, years=[2023, 2024], values=[5.0, 7.48], kind="growth", target=7.0)
YES_NO = dict(
    LEVEL,
    years=[2023, 2024],
    values=[0.0, 1.0],
    kind="yes_no",
    unit="yes_no",
    target=1.0,
    status="target_achieved",
)
MILESTONE = dict(
    LEVEL,
    years=[2023],
    values=[93.7],
    kind="milestone",
    target=100.0,
    deadline="2023-06-30",
    latest_period="2023-06-30",
    status="limited_progress",
)
DISTRICT_VALUES = {
    "718": 88.6,
    "719": 81.2,
    "720": 81.1,
    "721": 80.9,
    "722": 85.0,
    "723": 85.2,
    "724": 87.7,
    "725": None,
    "726": 86.8,
}


@pytest.fixture(autouse=True)
def _no_show(monkeypatch):
    """A chart must never show itself nor leave a pyplot figure behind."""
    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("plt.show() was called"))
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def _render(fig: Figure) -> list[str]:
    """Draw the figure and return the warnings raised (a missing glyph warns)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure_png(fig)
    return [str(w.message) for w in caught]


@pytest.mark.parametrize(
    "series",
    [LEVEL, RANK, GROWTH, YES_NO, MILESTONE],
    ids=["level", "rank", "growth", "yes_no", "milestone"],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plot_series_every_kind(series, lang):
    fig = plot_series(series, lang=lang, rank_of=63)
    assert isinstance(fig, Figure)
    assert _render(fig) == []
    texts = " ".join(_texts(fig))
    # the status chip: icon and words, never colour alone
    assert i18n.status_icon(series["status"]) in texts
    assert i18n.status_label(series["status"], lang) in texts


def test_level_chart_has_target_line_and_projection():
    fig = plot_series(LEVEL, lang="vi")
    texts = _texts(fig)
    assert any(t.startswith("Mục tiêu ≥ 50%") for t in texts)
    assert any(t.startswith("Dự báo 2025: 50,7%") for t in texts)
    ax = fig.axes[0]
    dotted = [line for line in ax.get_lines() if list(line.get_xdata()) == [2024, 2025]]
    assert dotted, "the projection runs from the latest year to the deadline"


def test_rank_axis_is_inverted():
    ax = plot_series(RANK, lang="en", rank_of=63).axes[0]
    low, high = ax.get_ylim()
    assert low > high  # 1, the best rank, at the top
    assert "7/63" in " ".join(_texts(ax.figure))


def test_empty_series_says_no_data():
    fig = plot_series(dict(LEVEL, years=[], values=[], status="not_available"), lang="en")
    assert "no data yet" in _texts(fig)


def test_vietnamese_text_renders_in_dejavu_sans():
    fig = plot_series(LEVEL, lang="vi")
    assert _render(fig) == []
    families = {t.get_fontfamily()[0] for t in fig.findobj(matplotlib.text.Text)}
    assert families == {"DejaVu Sans"}
    assert "Có tiến bộ, cần tăng tốc" in " ".join(_texts(fig))


def test_figure_png_is_small_and_twice_the_size():
    fig = plot_series(LEVEL)
    png = figure_png(fig)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1000, 600)  # 5 x 3 inches at 2 x 100 dpi
    assert image.mode == "P"  # palette: a few colours
    assert len(png) < 60_000
    assert fig.dpi == 100  # left as it was


def test_plot_areas_ranks_and_marks_status():
    frame = pd.DataFrame(
        {
            "geo_name": ["Thành phố Dĩ An", "Huyện Bàu Bàng", "Thành phố Thủ Dầu Một"],
            "latest_value": [87.7, 81.2, 66.0],
            "status": ["target_achieved", "moderate_progress", "limited_progress"],
        }
    )
    fig = plot_areas(frame, target=80, lang="vi", target_label="≥ 80%")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ticks = sorted(zip(ax.get_yticks(), labels, strict=True))
    assert [label for _, label in ticks] == ["TP. Thủ Dầu Một", "H. Bàu Bàng", "TP. Dĩ An"]
    texts = " ".join(_texts(fig))  # the best (Dĩ An) has the highest position: the top
    assert "✔ 87,7%" in texts and "◆ 81,2%" in texts and "▼ 66%" in texts
    assert _render(fig) == []


def test_plot_area_strip_uses_status_shapes():
    frame = pd.DataFrame(
        {
            "district": ["Thành phố Dĩ An"] * 3 + ["Huyện Phú Giáo"] * 2,
            "latest_value": [70.0, 55.0, 62.0, 48.0, 66.0],
            "status": [
                "target_achieved",
                "deterioration",
                "target_achieved",
                "limited_progress",
                "substantial_progress",
            ],
        }
    )
    fig = plot_area_strip(frame, target=60, lang="en")
    legend = fig.legends[0]
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == ["Target achieved", "On track", "Limited progress", "Deterioration"]
    assert _render(fig) == []


def test_status_grid_has_a_cell_and_icon_each():
    frame = pd.DataFrame(
        [
            {"target": "G1", "sector": "health", "status": "target_achieved"},
            {"target": "G1", "sector": "industry", "status": "deterioration"},
            {"target": "S4", "sector": "industry", "status": "not_available"},
        ]
    )
    fig = plot_status_grid(frame, lang="vi", col_labels={"health": "Y tế"})
    cells = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
    assert len(cells) == 3  # S4 x health does not apply: left blank
    texts = _texts(fig)
    assert texts.count("✔") == 1 and texts.count("✖") == 1 and texts.count("?") == 1
    assert "Y tế" in texts
    assert _render(fig) == []


def test_tile_map_places_the_nine_areas():
    statuses = {code: "target_achieved" for code in DISTRICT_VALUES}
    statuses["719"] = "deterioration"
    del statuses["725"]
    fig = tile_map(DISTRICT_VALUES, statuses=statuses, lang="vi")
    tiles = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(tiles) == 9
    position = {}
    for text in fig.axes[0].texts:
        for code, name in TILE_NAMES.items():
            if text.get_text().replace("\n", " ") == name:
                position[code] = text.get_position()
    assert len(position) == 9
    x = {c: p[0] for c, p in position.items()}
    y = {c: p[1] for c, p in position.items()}
    # Dầu Tiếng north-west, Phú Giáo north-east, Dĩ An south, Thủ Dầu Một centre
    assert x["720"] < x["719"] < x["722"] and y["720"] == y["719"] == y["722"]
    assert y["718"] < y["719"] and y["724"] < y["718"]
    assert x["725"] < x["724"] and y["725"] == y["724"]
    assert x["721"] < x["718"] < x["726"]
    texts = " ".join(_texts(fig))
    assert "✖ 81,2%" in texts  # status icon with the value
    assert "không có số liệu" in texts  # Thuận An has no value: said, and hatched
    assert fig.legends, "a legend of the statuses"
    assert _render(fig) == []


def test_tile_map_by_value_has_a_colour_bar():
    fig = tile_map(DISTRICT_VALUES, lang="en")
    assert len(fig.axes) == 2  # the map and its colour bar
    assert "no data" in _texts(fig)
    assert _render(fig) == []


def test_plot_milestone_bars():
    frame = pd.DataFrame(
        {
            "label": ["Toàn tỉnh", "Y tế"],
            "latest_value": [93.7, None],
            "status": ["limited_progress", "not_available"],
        }
    )
    fig = plot_milestone(frame, lang="vi", target_label="≥ 100%")
    texts = " ".join(_texts(fig))
    assert "▼ 93,7%" in texts and "chưa có số liệu" in texts
    # the last row has no bar: it keeps a row's height above the axis, not on it
    assert fig.axes[0].get_ylim()[0] <= -0.5
    assert _render(fig) == []


def test_short_area_name():
    assert short_area_name("Thành phố Thủ Dầu Một") == "TP. Thủ Dầu Một"
    assert short_area_name("Huyện Bàu Bàng") == "H. Bàu Bàng"
    assert short_area_name("Phường Lái Thiêu") == "P. Lái Thiêu"
    assert short_area_name(None) == "–"


def test_public_api_names():
    import cdsanalysis as cds

    drawn = {
        "plot_series": plot_series,
        "plot_areas": plot_areas,
        "plot_status_grid": plot_status_grid,
        "tile_map": tile_map,
    }
    for name, function in drawn.items():
        assert getattr(cds, name) is function


def test_points_are_marked_by_provenance_with_a_legend():
    def point(year, value, mark, grade=""):
        return {
            "year": year,
            "value": value,
            "mark": mark,
            "measure": "",
            "chosen": True,
            "grade": grade,
        }

    points = [
        point(2022, 31.9, "published"),
        point(2023, 40.0, "published"),
        point(2024, 44.0, "synthetic"),
        point(2025, 47.0, "published", grade="C"),
    ]
    fig = plot_series(dict(LEVEL, points=points), lang="en")
    labels = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    assert "published" in labels and "sample (synthetic)" in labels
    ax = fig.axes[0]
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 1]
    # Only the two published years are joined; the synthetic and grade C points stand alone.
    joined = sorted(tuple(line.get_xdata()) for line in lines if line.get_linestyle() != "--")
    assert (2022, 2023) in joined
    assert not any(set(x) & {2024, 2025} for x in joined)
    # A grade C value is never the headline number: the chart writes out 44%, not 47%.
    texts = [t.get_text() for t in ax.texts]
    assert any(t == "44%" for t in texts) and not any("47%" in t for t in texts)
