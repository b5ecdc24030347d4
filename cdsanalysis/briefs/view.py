"""The brief as objects an analyst can work with: one view model over a :class:`BriefContext`.

The brief notebooks display these objects; the exported page takes their HTML, and JupyterLab
keeps the objects themselves, so what a section shows is one attribute away:

>>> view = BriefView(ctx)                         # doctest: +SKIP
>>> view.scoreboard.frame                         # doctest: +SKIP
>>> view.scoreboard.styled()                      # doctest: +SKIP
>>> view.charts["G4"].data                        # doctest: +SKIP
>>> view.charts["G4"].redraw(lang="en", context=None)  # doctest: +SKIP
>>> view.areas["G9c"].data                        # doctest: +SKIP
>>> view.areas["G9c"].redraw(lang="en")           # doctest: +SKIP
>>> print(view.narrative.markdown)                # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.briefs import sections
from cdsanalysis.briefs.area_view import AreaChart, area_chart
from cdsanalysis.briefs.chart_view import Chart, line_chart
from cdsanalysis.briefs.content import BriefContext
from cdsanalysis.briefs.scoreboard import TargetLine

SCOREBOARD_COLUMNS = [
    "code",
    "target_id",
    "name",
    "sector",
    "value",
    "value_text",
    "period",
    "comparison",
    "target",
    "unit",
    "deadline",
    "status",
    "status_label",
    "verdict",
    "verdict_label",
    "provenance",
]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def scoreboard_frame(lines: list[TargetLine], lang: str) -> pd.DataFrame:
    """One row per scoreboard line, in plain columns (:data:`SCOREBOARD_COLUMNS`).

    ``value`` is the value the line stands on (the verdict's value in the final review, else the
    latest), ``deadline`` a datetime64 column, ``status``/``verdict`` the codes and
    ``status_label``/``verdict_label`` their words in ``lang``; ``sector`` is the series' sector
    (``"all_sectors"`` for a province-wide series, as in :func:`cdsanalysis.yearly`).
    """
    rows = []
    for line in lines:
        head = line.head or {}
        target = line.target
        verdict = line.verdict.verdict
        value = head.get("verdict_value") if verdict else None
        if value is None or pd.isna(value):
            value = head.get("latest_value")
        period = (head.get("verdict_period") if verdict else None) or head.get("latest_period")
        rows.append(
            {
                "code": line.code,
                "target_id": target["id"],
                "name": line.name,
                "sector": head.get("sector") or "all_sectors",
                "value": _number(value),
                "value_text": line.value_text,
                "period": "" if period is None or pd.isna(period) else str(period),
                "comparison": target["comparison"],
                "target": _number(target["target"]),
                "unit": target["unit"],
                "deadline": pd.to_datetime(target["deadline"]),
                "status": line.status,
                "status_label": i18n.status_label(line.status, lang),
                "verdict": verdict,
                "verdict_label": i18n.label(f"verdict_{verdict}", lang) if verdict else "",
                "provenance": head.get("provenance") or "",
            }
        )
    frame = pd.DataFrame(rows, columns=SCOREBOARD_COLUMNS)
    frame["deadline"] = pd.to_datetime(frame["deadline"])
    return frame


@dataclass
class Scoreboard:
    """The scoreboard: ``frame`` (a DataFrame) and the table the brief shows (``html``)."""

    frame: pd.DataFrame
    html: str

    def styled(self) -> Any:
        """The frame as a pandas Styler, each status in its colour (icon and words beside)."""
        colours = {
            i18n.status_label(s, lang): i18n.status_colour(s)
            for s in i18n.STATUS_ORDER
            for lang in ("vi", "en")
        }

        def paint(label: str) -> str:
            colour = colours.get(label)
            return f"border-left: 6px solid {colour}" if colour else ""

        shown = self.frame.drop(columns=["target_id", "status", "verdict"])
        return shown.style.map(paint, subset=["status_label"]).format(
            {"value": "{:.2f}", "target": "{:g}", "deadline": "{:%d/%m/%Y}"}, na_rep="–"
        )

    def _repr_html_(self) -> str:
        return self.html


class Charts:
    """The brief's charts by code (``charts["G4"]``), iterable; ``html`` is their section.

    The charts are :class:`~cdsanalysis.briefs.chart_view.Chart` (one target over time) or
    :class:`~cdsanalysis.briefs.area_view.AreaChart` (one target's areas compared).
    """

    def __init__(self, charts: list[Chart] | list[AreaChart], html: str):
        self._charts = charts
        self.html = html

    def __getitem__(self, code: str) -> Chart | AreaChart:
        for chart in self._charts:
            if code in (chart.line.code, chart.line.target["id"]):
                return chart
        known = ", ".join(c.line.code for c in self._charts)
        raise KeyError(f"no chart for {code!r}; the charts are: {known}")

    def __iter__(self) -> Iterator[Chart | AreaChart]:
        return iter(self._charts)

    def __len__(self) -> int:
        return len(self._charts)

    def _repr_html_(self) -> str:
        return self.html


@dataclass
class Narrative:
    """The brief's sentences: ``markdown`` for a notebook, ``html`` for the page."""

    sentences: list[str]
    html: str

    @property
    def markdown(self) -> str:
        return "\n\n".join(self.sentences)

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        return self.html


class BriefView:
    """The view model of one brief: scoreboard, charts, areas and narrative as objects.

    Parameters
    ----------
    ctx : BriefContext
        From :func:`cdsanalysis.briefs.content.load_context`.
    """

    def __init__(self, ctx: BriefContext):
        self.ctx = ctx

    @cached_property
    def scoreboard(self) -> Scoreboard:
        """:class:`Scoreboard`: ``.frame``, ``.styled()``, and the brief's table."""
        frame = scoreboard_frame(self.ctx.lines, self.ctx.lang)
        return Scoreboard(frame, sections.scoreboard_section(self.ctx))

    @cached_property
    def charts(self) -> Charts:
        """:class:`Charts`: one :class:`Chart` per target with data, by code."""
        made = [line_chart(line, self.ctx.lang) for line in self.ctx.lines]
        html = sections.charts_section(self.ctx, made)  # drawn once, for both
        return Charts([c for c in made if c is not None], html)

    @cached_property
    def areas(self) -> Charts:
        """:class:`Charts` of :class:`~cdsanalysis.briefs.area_view.AreaChart`: each district or
        commune target's areas compared (``.data``, ``.figure``, ``.tiles``, ``.redraw()``)."""
        made = [area_chart(line, self.ctx.lang) for line in self.ctx.lines]
        html = sections.areas_section(self.ctx, made)  # drawn once, for both
        return Charts([c for c in made if c is not None], html)

    @cached_property
    def narrative(self) -> Narrative:
        """:class:`Narrative`: the summary's sentences (Markdown) and its HTML."""
        return Narrative(sections.summary_sentences(self.ctx), sections.summary_section(self.ctx))
