"""One target's area comparison as an object: the areas' rows, the two figures, a redraw.

A brief compares a district or commune target's areas in two pictures: the districts as ranked
bars (or the communes as dots by district, each district's middle half boxed) and the tile map
of the nine district-level areas. In JupyterLab an analyst wants the rows behind them and the
chance to draw them again; :func:`area_chart` builds an :class:`AreaChart` for a scoreboard
line, the brief's areas section embeds :meth:`AreaChart.html`, and the notebook's
``view.areas["G9b"]`` is the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.areas import plot_area_strip, plot_areas
from cdsanalysis.briefs.charts.marks import common_mark, row_marks
from cdsanalysis.briefs.charts.style import alt_text
from cdsanalysis.briefs.charts.tiles import tile_map
from cdsanalysis.briefs.markup import figure_html
from cdsanalysis.briefs.scoreboard import TargetLine


@dataclass
class AreaChart:
    """A target's areas compared: the rows, the comparison chart and the tile map.

    Attributes
    ----------
    line : TargetLine
        The scoreboard line whose areas are compared.
    lang : {"vi", "en"}
    kind : {"bars", "strip"}
        Ranked bars (a district target) or dots by district (a commune target).
    options : dict
        The options the brief draws the comparison with (those of
        :func:`~cdsanalysis.briefs.charts.areas.plot_areas` or
        :func:`~cdsanalysis.briefs.charts.areas.plot_area_strip`).
    figure : matplotlib.figure.Figure
        The comparison chart.
    tiles : matplotlib.figure.Figure
        The tile map (a commune target: each district's median).
    """

    line: TargetLine
    lang: str
    kind: str
    options: dict
    figure: Any = field(repr=False)
    tiles: Any = field(repr=False)

    @property
    def data(self) -> pd.DataFrame:
        """The areas' rows: one per district or commune (value, status, provenance...)."""
        return self.line.areas

    def redraw(self, **options: Any) -> Any:
        """Draw the comparison again with other options (``lang``, ``ax``, ``width``...) and
        return the new Figure."""
        plot = plot_areas if self.kind == "bars" else plot_area_strip
        return plot(self.data, **{"lang": self.lang, **self.options, **options})

    def html(self) -> str:
        """The two ``<figure>`` elements the brief embeds: the comparison, then the tile map."""
        named = f"{self.line.code} {self.line.name}. "
        caption = i18n.label("median_areas", self.lang) if self.kind == "strip" else ""
        return figure_html(self.figure, named + alt_text(self.figure)) + figure_html(
            self.tiles, named + alt_text(self.tiles), caption_text=caption
        )

    def _repr_html_(self) -> str:
        return self.html()


def area_chart(line: TargetLine, lang: str) -> AreaChart | None:
    """The area comparison of one scoreboard line; None for a line without areas.

    Parameters
    ----------
    line : TargetLine
    lang : {"vi", "en"}

    Returns
    -------
    AreaChart or None
    """
    frame = line.areas
    if not len(frame):
        return None
    target = line.target
    options = {
        "target": float(target["target"]),
        "unit": target["unit"],
        "target_label": line.target_text,
    }
    marks = row_marks(frame)
    if target["level"] == "district":
        kind = "bars"
        options["direction"] = int(target["direction"])
        figure = plot_areas(frame, lang=lang, **options)
        values = dict(zip(frame["geo_code"], frame["latest_value"], strict=True))
        statuses = dict(zip(frame["geo_code"], frame["status"], strict=True))
        tile_marks = dict(zip(frame["geo_code"], marks, strict=True))
    else:
        kind = "strip"
        options["group"] = "district"
        figure = plot_area_strip(frame, lang=lang, **options)
        placed = frame.assign(_mark=marks)[frame["district_code"].notna()]
        values = placed.groupby("district_code")["latest_value"].median().to_dict()
        statuses = {}
        # A district's median carries a mark only when all its communes share one.
        tile_marks = {d: common_mark(g) for d, g in placed.groupby("district_code")["_mark"]}
    tiles = tile_map(
        values, statuses=statuses or None, unit=target["unit"], lang=lang, marks=tile_marks
    )
    return AreaChart(line, lang, kind, options, figure, tiles)
