"""One target's chart as an object: the Figure, the data it draws, and a redraw with options.

A brief shows each target's chart as a picture; an analyst in JupyterLab wants the figure itself,
the points behind it and the chance to draw it again (in English, on a given Axes, without the
projection...). :func:`line_chart` builds a :class:`Chart` for a scoreboard line; the brief's
charts section embeds :meth:`Chart.html`, and the notebook's ``view.charts["G4"]`` is the same
object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.briefs import templating
from cdsanalysis.briefs.charts.series import plot_series
from cdsanalysis.briefs.charts.style import alt_text
from cdsanalysis.briefs.markup import figure_html
from cdsanalysis.briefs.narrative import status_text
from cdsanalysis.briefs.review import median_points
from cdsanalysis.briefs.scoreboard import TargetLine, has_data


def series_band(area_rows: pd.DataFrame) -> tuple[dict, dict] | None:
    """Median and middle half of the areas, year by year (for a district or commune target)."""
    points: dict[int, list[float]] = {}
    for years, values in zip(area_rows["years"], area_rows["values"], strict=True):
        for year, value in zip(years or [], values or [], strict=True):
            points.setdefault(int(year), []).append(float(value))
    if not points:
        return None
    years = sorted(points)
    median = [float(pd.Series(points[y]).median()) for y in years]
    low = [float(pd.Series(points[y]).quantile(0.25)) for y in years]
    high = [float(pd.Series(points[y]).quantile(0.75)) for y in years]
    return {"years": years, "values": median}, {"years": years, "low": low, "high": high}


@dataclass
class Chart:
    """A target's chart: what it draws, how, and the drawn Figure.

    Attributes
    ----------
    line : TargetLine
        The scoreboard line it draws.
    lang : {"vi", "en"}
    series : dict
        What :func:`cdsanalysis.briefs.charts.series.plot_series` draws (``years``, ``values``,
        ``points`` with their provenance, target, status...).
    options : dict
        The drawing options the brief uses (``context``, ``band``, ``rank_of``).
    alt : str
        The alternative text (plain).
    caption : str
        The caption (HTML, escaped).
    figure : matplotlib.figure.Figure
    """

    line: TargetLine
    lang: str
    series: dict
    options: dict
    alt: str
    caption: str
    figure: Any = field(repr=False)

    @property
    def data(self) -> pd.DataFrame:
        """The points drawn: one row per point (year, value, period, provenance mark...)."""
        points = self.series.get("points") or []
        if points:
            return pd.DataFrame(points)
        return pd.DataFrame({"year": self.series["years"], "value": self.series["values"]})

    def redraw(self, **options: Any) -> Any:
        """Draw the chart again with other options (those of ``plot_series``: ``lang``, ``ax``,
        ``context=None``...) and return the new Figure."""
        return plot_series(self.series, **{"lang": self.lang, **self.options, **options})

    def html(self, *, element_id: str = "", key: bool = False) -> str:
        """The ``<figure>`` a brief embeds (``key``: printed)."""
        return figure_html(
            self.figure,
            self.alt,
            self.caption,
            element_id=element_id,
            extra_class="cds-key" if key else "",
        )

    def _repr_html_(self) -> str:
        return self.html()


def line_chart(line: TargetLine, lang: str, *, band: dict | None = None) -> Chart | None:
    """The chart of one scoreboard line; None for a line without data.

    A district or commune target draws the areas' median with their middle half as a band; a
    province target its own series, with the province-wide series beside it when there is one.

    Parameters
    ----------
    line : TargetLine
    lang : {"vi", "en"}
    band : dict, optional
        ``years``, ``low``, ``high``: a shaded range behind a province-level line (a district
        brief's peers: the middle half of the districts).

    Returns
    -------
    Chart or None
    """
    if line.head is None or not has_data(line.head):
        return None
    if len(line.areas):
        made = series_band(line.areas)
        if made is None:
            return None
        median, band = made
        series = dict(line.head, **median, status=line.status, projected_value=None)
        series["points"] = median_points(line.areas, median)
        series["partial_year"] = bool(line.areas["partial_year"].any())
        series["latest_period"] = line.head.get("latest_period")
        series["label"] = i18n.label("median_areas", lang)
        options: dict = {"band": band}
    else:
        context = None
        if has_data(line.context):
            context = {
                "years": line.context["years"],
                "values": line.context["values"],
                "points": line.context_points,
                "label": i18n.label("legend_province", lang),
            }
        series = dict(line.head, points=line.points)
        options = {"context": context, "rank_of": line.rank_of}
        if band is not None:
            options["band"] = band
    figure = plot_series(series, lang=lang, name=line.name, **options)
    alt = alt_text(figure)  # the chart's type and its message, with the values' provenance
    if line.verdict.words:  # the final review: the verdict is the chart's message too
        alt += i18n.label("figure_alt_verdict", lang, verdict=line.verdict.words)
    caption = templating.render(
        "chart_caption.html.j2",
        code=line.code,
        name=line.name,
        status=status_text(line.status, lang),
        target_word=i18n.label("col_target", lang),
        target=line.target_text,
        deadline=line.deadline_text,
        median=i18n.label("median_areas", lang) if len(line.areas) else "",
    )
    return Chart(line, lang, series, options, alt, caption, figure)
