"""Charts: every function returns a Figure, draws nothing globally, and reads without colour."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.colors import rgb_to_hsv, to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from PIL import Image

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.areas import (
    plot_area_strip,
    plot_areas,
    plot_milestone,
    short_area_name,
)
from cdsanalysis.briefs.charts.grid import plot_status_grid
from cdsanalysis.briefs.charts.marks import MARK_STYLE, common_mark, row_marks
from cdsanalysis.briefs.charts.series import plot_series
from cdsanalysis.briefs.charts.style import (
    VALUE_BAR,
    alt_text,
    contrast_ratio,
    figure_png,
    text_on,
)
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
    assert "Có tiến bộ, cần đẩy nhanh" in " ".join(_texts(fig))


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
    # Each bar in its status's own colour (seaborn's default desaturation is off).
    bars = {round(b.get_width(), 1): to_hex(b.get_facecolor()) for b in ax.patches}
    assert bars == {
        value: i18n.status_colour(status).lower()
        for value, status in zip(frame["latest_value"], frame["status"], strict=True)
    }
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
    assert labels == [
        "Target achieved",
        "On track",
        "Limited progress",
        "Deterioration",
        "Middle half (box), median",
    ]
    assert _render(fig) == []


def test_area_strip_boxes_each_districts_middle_half_behind_its_dots():
    frame = pd.DataFrame(
        {
            "district": ["Thành phố Dĩ An"] * 3 + ["Huyện Phú Giáo"] * 2,
            "latest_value": [70.0, 55.0, 62.0, 48.0, 66.0],
            "status": ["target_achieved"] * 5,
        }
    )
    fig = plot_area_strip(frame, target=60, lang="vi")
    ax = fig.axes[0]
    boxes = {}
    for patch in ax.patches:
        box = patch.get_path().get_extents()
        boxes[round((box.y0 + box.y1) / 2)] = (box.x0, box.x1)
        assert to_hex(patch.get_facecolor()) not in {
            c.lower() for c in i18n.STATUS_COLOURS.values()
        }
    # Dĩ An (median 62) ranks first, at the top; its middle half runs 58.5-66.
    assert boxes == {1: (58.5, 66.0), 0: (52.5, 61.5)}
    medians = sorted(
        (line.get_xdata()[0], line.get_ydata().mean())
        for line in ax.get_lines()
        if line.get_linewidth() > 1.6
        and len(set(line.get_xdata())) == 1
        and line.get_xdata()[0] != 60
    )
    assert medians == [(57.0, 0.0), (62.0, 1.0)]
    dots = [line for line in ax.get_lines() if line.get_marker() not in ("None", "", None)]
    assert min(d.get_zorder() for d in dots) > max(p.get_zorder() for p in ax.patches)
    alt = alt_text(fig)
    assert "trung vị (cao nhất TP. Dĩ An 62%, thấp nhất H. Phú Giáo 57%)" in alt
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
    fig.canvas.draw()
    cells = _grid_cells(fig.axes[0])
    assert len(cells) == 3  # S4 x health does not apply: left blank
    assert (1, 0) not in cells
    assert cells[0, 0] == to_hex(i18n.status_colour("target_achieved"))
    assert cells[0, 1] == to_hex(i18n.status_colour("deterioration"))
    assert cells[1, 1] == to_hex(i18n.status_colour("not_available"))
    texts = _texts(fig)
    assert texts.count("✔") == 1 and texts.count("✖") == 1 and texts.count("?") == 1
    assert "Y tế" in texts
    assert _render(fig) == []


def _grid_cells(ax) -> dict[tuple[int, int], str]:
    """The painted cells of a heatmap (seaborn's mesh), by (row, column): their colours."""
    (mesh,) = [c for c in ax.collections if isinstance(c, QuadMesh)]
    values = mesh.get_array()
    rows, cols = values.shape
    masked = np.ma.getmaskarray(values)
    colours = mesh.get_facecolors()
    return {
        (i, j): to_hex(colours[i * cols + j])
        for i in range(rows)
        for j in range(cols)
        if not masked[i, j]
    }


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


# --------------------------------------------------------------------------------------------
# Provenance on the area charts: the same marks as the line charts, with a legend
# --------------------------------------------------------------------------------------------


def _lone_marks(ax) -> list[tuple]:
    """(x, y, marker, face, edge) of every single-point mark drawn, white halos left out."""
    out = []
    for line in ax.get_lines():
        if len(line.get_xdata()) != 1 or line.get_marker() in ("None", "", None):
            continue
        face, edge = to_hex(line.get_markerfacecolor()), to_hex(line.get_markeredgecolor())
        if face == edge == "#ffffff":
            continue
        out.append((line.get_xdata()[0], line.get_ydata()[0], line.get_marker(), face, edge))
    return out


def _legend_texts(fig: Figure) -> list[str]:
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


def _style_of(mark: str) -> tuple:
    style = MARK_STYLE[mark]
    return style["marker"], to_hex(style["mfc"]), to_hex(style["mec"])


AREAS = pd.DataFrame(
    {
        "geo_code": ["724", "718", "719", "720"],
        "geo_name": [
            "Thành phố Dĩ An",
            "Thành phố Thủ Dầu Một",
            "Huyện Bàu Bàng",
            "Huyện Dầu Tiếng",
        ],
        "latest_value": [87.7, 83.5, 51.4, 78.4],
        "status": ["target_achieved", "target_achieved", "deterioration", "moderate_progress"],
        "provenance": ["synthetic", "official", "published", "official,synthetic"],
    }
)


def test_area_bars_carry_the_provenance_mark_of_their_value():
    fig = plot_areas(AREAS, target=80, lang="en", target_label="≥ 80%")
    marks = {round(m[1]): m[2:] for m in _lone_marks(fig.axes[0])}
    # Rows from the top (position 3): Dĩ An, Thủ Dầu Một, Dầu Tiếng, Bàu Bàng.
    assert marks[3] == _style_of("synthetic")
    assert marks[2] == _style_of("official")
    assert marks[0] == _style_of("published")
    assert 1 not in marks  # "official,synthetic": the value's own provenance is not known
    by_x = {round(x, 1) for x, *_ in _lone_marks(fig.axes[0])}
    assert by_x == {87.7, 83.5, 51.4}  # each mark at its bar's end
    labels = _legend_texts(fig)
    assert labels == ["official", "published", "sample (synthetic)"]
    assert "Values: 1 synthetic (sample), 2 real." in alt_text(fig)
    assert _render(fig) == []


def test_area_bars_take_a_mark_column_before_the_provenance():
    frame = AREAS.assign(mark=["estimate", "official", "published", "synthetic"])
    fig = plot_areas(frame, target=80, lang="vi")
    assert sorted(m[2:] for m in _lone_marks(fig.axes[0])) == sorted(
        _style_of(m) for m in ("estimate", "official", "published", "synthetic")
    )
    assert "mẫu (mô phỏng)" in _legend_texts(fig) and "ước tính" in _legend_texts(fig)


def test_area_strip_fills_dots_by_provenance():
    frame = pd.DataFrame(
        {
            "district": ["Thành phố Dĩ An"] * 3 + ["Huyện Phú Giáo"] * 2,
            "latest_value": [70.0, 55.0, 62.0, 48.0, 66.0],
            "status": ["target_achieved"] * 2 + ["limited_progress"] * 3,
            "provenance": ["synthetic", "official", "synthetic", "published", "synthetic"],
        }
    )
    fig = plot_area_strip(frame, target=60, lang="en")
    fills = {}
    for line in fig.axes[0].get_lines():
        if line.get_marker() not in ("None", "", None):
            for x in line.get_xdata():
                fills[float(x)] = line.get_fillstyle()
    assert fills == {70.0: "none", 55.0: "full", 62.0: "none", 48.0: "full", 66.0: "none"}
    labels = _legend_texts(fig)
    assert labels[-3:] == ["official", "published", "sample (synthetic)"]
    assert labels[:2] == ["Target achieved", "Limited progress"]
    assert "Values: 3 synthetic (sample), 2 real." in alt_text(fig)


def test_tile_map_marks_each_value_by_provenance():
    marks = {code: "synthetic" for code in DISTRICT_VALUES}
    marks["718"] = "published"
    statuses = {code: "target_achieved" for code in DISTRICT_VALUES if code != "725"}
    fig = tile_map(DISTRICT_VALUES, statuses=statuses, marks=marks, lang="en")
    drawn = _lone_marks(fig.axes[0])
    assert len(drawn) == 8  # Thuận An has no value, so no mark
    assert sorted(m[2:] for m in drawn).count(_style_of("synthetic")) == 7
    # Thủ Dầu Một (centre tile, column 1, row 1) carries the published mark in its corner.
    published = [m for m in drawn if m[2:] == _style_of("published")]
    assert len(published) == 1 and 1 < published[0][0] < 2 and -1 < published[0][1] < 0
    labels = _legend_texts(fig)
    assert labels[-2:] == ["published", "sample (synthetic)"] and "✔ Target achieved" in labels
    by_value = tile_map(DISTRICT_VALUES, marks=marks, lang="vi")
    assert _legend_texts(by_value) == ["đã công bố", "mẫu (mô phỏng)"]
    assert "7 số liệu mẫu (mô phỏng), 1 số liệu thật" in alt_text(by_value)
    assert _lone_marks(tile_map(DISTRICT_VALUES, lang="en").axes[0]) == []


def test_milestone_bars_marked_when_the_frame_gives_provenance():
    frame = pd.DataFrame(
        {
            "label": ["Toàn tỉnh", "Y tế"],
            "latest_value": [93.7, 100.0],
            "status": ["moderate_progress", "target_achieved"],
            "provenance": ["published", "synthetic"],
        }
    )
    fig = plot_milestone(frame, lang="en", target_label="≥ 100%")
    assert sorted(m[2:] for m in _lone_marks(fig.axes[0])) == sorted(
        [_style_of("published"), _style_of("synthetic")]
    )
    assert _legend_texts(fig) == ["published", "sample (synthetic)"]


def test_row_marks_and_common_mark():
    frame = pd.DataFrame(
        {
            "provenance": ["official", "official", "synthetic,official", ""],
            "period_kind": ["estimate", "", "", ""],
        }
    )
    assert row_marks(frame) == ["estimate", "official", "", ""]
    assert common_mark(["synthetic", "synthetic"]) == "synthetic"
    assert common_mark(["synthetic", "official"]) == ""


# --------------------------------------------------------------------------------------------
# Charts that do not mislead
# --------------------------------------------------------------------------------------------

NEAR_FULL = dict(
    LEVEL, years=[2022, 2023, 2024], values=[97.6, 98.9, 99.5], target=100.0, projected_value=100.0
)
MIDDLE = dict(LEVEL, years=[2022, 2023, 2024], values=[26.0, 38.0, 50.0], target=60.0)
STRIP = pd.DataFrame(
    {
        "district": ["Thành phố Dĩ An"] * 3 + ["Huyện Phú Giáo"] * 2,
        "latest_value": [70.0, 55.0, 62.0, 48.0, 66.0],
        "status": ["target_achieved", "deterioration", "target_achieved"]
        + ["limited_progress", "substantial_progress"],
        "provenance": ["synthetic"] * 5,
    }
)


def _percent_axes(fig: Figure) -> list[tuple[tuple, list]]:
    """(limits, ticks shown) of every percent axis of the figure (read from its tick labels)."""
    fig.canvas.draw()
    out = []
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            labels = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
            if labels and all(label.endswith("%") for label in labels):
                low, high = sorted(limits)
                ticks = [t for t in axis.get_majorticklocs() if low - 1e-9 <= t <= high + 1e-9]
                out.append(((low, high), ticks))
    return out


@pytest.mark.parametrize(
    "build",
    [
        lambda: plot_series(NEAR_FULL, lang="en"),
        lambda: plot_series(MIDDLE, lang="vi"),
        lambda: plot_series(MILESTONE, lang="vi"),
        lambda: plot_areas(AREAS, target=80, lang="vi"),
        lambda: plot_area_strip(STRIP, target=60, lang="en"),
        lambda: plot_milestone(AREAS.assign(label=AREAS["geo_name"]), lang="en"),
        lambda: tile_map(DISTRICT_VALUES, lang="en"),
    ],
    ids=["level-97-100", "level-26-50", "milestone", "areas", "strip", "milestones", "tiles"],
)
def test_a_percent_axis_runs_0_to_100_and_never_ticks_past_it(build):
    axes = _percent_axes(build())
    assert axes, "the chart has a percent axis"
    for (low, high), ticks in axes:
        assert (low, high) == (0, 100)
        assert max(ticks) == 100 and min(ticks) == 0


def test_tile_map_by_value_uses_no_status_colour():
    fig = tile_map(DISTRICT_VALUES, lang="en")
    faces = [p.get_facecolor()[:3] for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    statuses = [to_rgb(c) for c in i18n.STATUS_COLOURS.values()]
    for face in faces:
        if to_hex(face) == "#f3f4f6":  # no data
            continue
        hue, saturation, _ = rgb_to_hsv(face)
        assert 0.68 < hue < 0.83 and saturation > 0.1, "a purple, the hue no status uses"
        assert min(sum(abs(a - b) for a, b in zip(face, s, strict=True)) for s in statuses) > 0.25
    # Bars without statuses are one colour, not the blue of "target achieved".
    bars = plot_areas(AREAS, status=None, lang="en").axes[0].patches
    assert {to_hex(b.get_facecolor()) for b in bars} == {VALUE_BAR.lower()}
    assert VALUE_BAR.upper() not in i18n.STATUS_COLOURS.values()


def test_the_method_text_describes_the_projection_line_the_chart_draws():
    method = (Path(__file__).parents[1] / "docs" / "method.md").read_text(encoding="utf-8")
    section = method.split("## How the charts show it", 1)[1].split("\n## ", 1)[0]
    assert "dotted" in section and "least-squares" in section and "0–100 %" in section
    ax = plot_series(LEVEL, lang="en").axes[0]
    dotted = [
        line
        for line in ax.get_lines()
        if line.get_gid() == "projection" and list(line.get_xdata()) == [2024, 2025]
    ]
    assert dotted and list(dotted[0].get_ydata()) == [44.0, 50.7]
    assert dotted[0].get_linestyle() != "-"  # not a solid line
    diamond = [
        line
        for line in ax.get_lines()
        if line.get_marker() == "D" and list(line.get_xdata()) == [2025]
    ]
    assert diamond, "the projection at the deadline is marked ◇"


def _boxes(fig: Figure, gid: str) -> list:
    return [t.get_window_extent() for t in fig.axes[0].texts if t.get_gid() == gid]


@pytest.mark.parametrize(
    "series",
    [
        LEVEL,
        NEAR_FULL,
        MIDDLE,
        dict(LEVEL, values=[31.9, 40.0, 48.5], projected_value=52.0),  # just under the target
        dict(LEVEL, values=[31.9, 45.0, 51.5], projected_value=57.0),  # just over it
        dict(LEVEL, values=[60.0, 55.0, 50.5], projected_value=44.0),  # falling onto it
        dict(RANK, values=[31, 22, 12, 11]),  # a rank just outside the top ten
        dict(RANK, values=[31, 22, 10, 9]),  # just inside
    ],
    ids=["level", "near-full", "middle", "under", "over", "falling", "rank-11", "rank-9"],
)
def test_value_labels_clear_the_target_line_and_each_other(series):
    fig = plot_series(series, lang="vi", rank_of=63)
    fig.canvas.draw()  # the final layout, measured at the figure's own dpi
    ax = fig.axes[0]
    lines = [line for line in ax.get_lines() if line.get_gid() == "target-line"]
    assert len(lines) == 1
    line_y = ax.transData.transform((0, lines[0].get_ydata()[0]))[1]
    values = _boxes(fig, "value-label")
    assert values, "the chart writes its values"
    for box in values:
        assert not (box.y0 - 1 <= line_y <= box.y1 + 1), f"a value label crosses the target: {box}"
        for other in [*values, *_boxes(fig, "target-label")]:
            if other is not box:
                assert not box.overlaps(other), "two labels overlap"


def test_bar_values_sit_in_a_column_clear_of_the_bars_and_target():
    fig = plot_areas(AREAS, target=80, lang="vi", target_label="≥ 80%")
    fig.canvas.draw()
    ax = fig.axes[0]
    right = ax.get_window_extent().x1
    values = [t.get_window_extent() for t in ax.texts if "%" in t.get_text()][:-1]
    assert len(values) == 4
    for i, box in enumerate(values):
        assert box.x0 > right  # beyond the axes: no bar nor target line there
        assert not any(box.overlaps(other) for other in values[i + 1 :])


def test_contrast_ratio():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # The figures of the report: white on the bluish green and on the grey read badly.
    assert contrast_ratio("#ffffff", "#009E73") == pytest.approx(3.42, abs=0.01)
    assert contrast_ratio("#ffffff", "#999999") == pytest.approx(2.85, abs=0.01)
    assert contrast_ratio("#009E73", "#ffffff") == contrast_ratio("#ffffff", "#009E73")


@pytest.mark.parametrize("status", i18n.STATUS_ORDER)
def test_badge_ink_reaches_aa_on_every_status_colour(status):
    colour = i18n.status_colour(status)
    assert contrast_ratio(text_on(colour), colour) >= 4.5


def _background(fig: Figure, text) -> tuple:
    """The colour behind a text: its own box, else the tile, cell or bar it sits on, else white."""
    patch = text.get_bbox_patch()
    if patch is not None:
        return patch.get_facecolor()[:3]
    box = text.get_window_extent()
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    ax = text.axes
    if ax is not None:
        for shape in reversed(ax.patches):
            if shape.get_visible() and shape.contains_point(centre):
                return shape.get_facecolor()[:3]
        if any(isinstance(c, QuadMesh) for c in ax.collections):  # a heatmap's cell
            col, row = (int(v) for v in ax.transData.inverted().transform(centre))
            colour = _grid_cells(ax).get((row, col))
            if colour is not None:
                return to_rgb(colour)
    return to_rgb(fig.get_facecolor())


ALL_CHARTS = {
    "level": lambda lang: plot_series(LEVEL, lang=lang),
    "rank": lambda lang: plot_series(RANK, lang=lang, rank_of=63),
    "growth": lambda lang: plot_series(GROWTH, lang=lang),
    "yes_no": lambda lang: plot_series(YES_NO, lang=lang),
    "milestone": lambda lang: plot_series(
        MILESTONE, lang=lang, context={"values": [93.7], "years": [2023]}
    ),
    "areas": lambda lang: plot_areas(AREAS, target=80, lang=lang),
    "strip": lambda lang: plot_area_strip(STRIP, target=60, lang=lang),
    "milestones": lambda lang: plot_milestone(AREAS.assign(label=AREAS["geo_name"]), lang=lang),
    "tiles-status": lambda lang: tile_map(
        DISTRICT_VALUES,
        statuses={c: s for c, s in zip(DISTRICT_VALUES, [*i18n.STATUS_ORDER] * 2, strict=False)},
        lang=lang,
    ),
    "tiles-value": lambda lang: tile_map(DISTRICT_VALUES, lang=lang),
    "grid": lambda lang: plot_status_grid(
        pd.DataFrame(
            [
                {"target": "G1", "sector": str(i), "status": s}
                for i, s in enumerate(i18n.STATUS_ORDER)
            ]
        ),
        lang=lang,
    ),
}


@pytest.mark.parametrize("name", list(ALL_CHARTS))
def test_every_text_reaches_aa_contrast_on_its_background(name):
    fig = ALL_CHARTS[name]("vi")
    fig.canvas.draw()
    low = []
    for text in fig.findobj(matplotlib.text.Text):
        if not text.get_text().strip() or not text.get_visible():
            continue
        ratio = contrast_ratio(text.get_color(), _background(fig, text))
        if ratio < 4.5:
            low.append((text.get_text(), round(ratio, 2)))
    assert low == []


ALT_TYPES = {
    "level": ("Biểu đồ đường", "Line chart"),
    "rank": ("Biểu đồ đường thứ hạng", "Line chart of ranks"),
    "growth": ("Biểu đồ cột", "Bar chart"),
    "yes_no": ("Biểu đồ điểm", "Dot chart"),
    "milestone": ("Biểu đồ thanh", "Bar chart"),
    "areas": ("Biểu đồ thanh xếp hạng", "Ranked bar chart"),
    "strip": ("Biểu đồ điểm", "Dot chart"),
    "milestones": ("Biểu đồ thanh", "Bar chart"),
    "tiles-status": ("Bản đồ ô", "Tile map"),
    "tiles-value": ("Bản đồ ô", "Tile map"),
    "grid": ("Lưới tình trạng", "Status grid"),
}


@pytest.mark.parametrize("name", list(ALL_CHARTS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_alt_text_names_the_chart_type_and_renders_vietnamese(name, lang):
    fig = ALL_CHARTS[name](lang)
    alt = alt_text(fig)
    assert alt.startswith(ALT_TYPES[name][0 if lang == "vi" else 1])
    assert _render(fig) == []  # every glyph found (a missing one warns)
    assert {t.get_fontfamily()[0] for t in fig.findobj(matplotlib.text.Text)} == {"DejaVu Sans"}


def test_alt_text_states_the_message():
    assert alt_text(plot_series(LEVEL, lang="en", name="Online dossiers")) == (
        "Line chart: Online dossiers. Latest value 44% (2024); target ≥ 50%; "
        "status: Progress made but acceleration needed."
    )
    bars = alt_text(plot_areas(AREAS, target=80, lang="vi", target_label="≥ 80%"))
    assert bars.startswith(
        "Biểu đồ thanh xếp hạng 4 địa bàn: cao nhất TP. Dĩ An 87,7%, thấp nhất H. Bàu Bàng 51,4%"
    )
    assert "2 trên 4 đạt mục tiêu ≥ 80%" in bars
    tiles = alt_text(tile_map(DISTRICT_VALUES, lang="en"))
    assert "highest Thủ Dầu Một 88.6%, lowest Bến Cát 80.9%" in tiles
    assert "No data: Thuận An." in tiles
    grid = alt_text(ALL_CHARTS["grid"]("en"))
    assert "1 × 6 cells" in grid and "1 Target achieved" in grid
