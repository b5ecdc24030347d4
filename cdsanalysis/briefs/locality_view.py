"""The view model of a district brief: the objects an analyst works with in JupyterLab.

As :class:`cdsanalysis.briefs.view.BriefView` does for a sector, :class:`AreaView` gives the
area's scoreboard as a DataFrame (with its place on each target), its charts as matplotlib
Figures (the area's series, the province-wide one and the districts' middle half) and its peers
as the ranking DataFrame; the page takes their HTML.
"""

from __future__ import annotations

from functools import cached_property

import pandas as pd

from cdsanalysis.briefs import sections
from cdsanalysis.briefs.locality import AreaContext, target_rank
from cdsanalysis.briefs.locality_sections import area_charts, area_scoreboard_section
from cdsanalysis.briefs.view import BriefView, Charts, Scoreboard, scoreboard_frame


class AreaView(BriefView):
    """The view model of one district brief.

    Parameters
    ----------
    ctx : AreaContext
        From :func:`cdsanalysis.briefs.locality.load_area_context`.

    Examples
    --------
    >>> from cdsanalysis.briefs.locality import load_area_context  # doctest: +SKIP
    >>> view = AreaView(load_area_context(params))  # doctest: +SKIP
    >>> view.scoreboard.frame[["code", "place", "rank_of"]]  # doctest: +SKIP
    """

    ctx: AreaContext

    @cached_property
    def scoreboard(self) -> Scoreboard:
        """:class:`~cdsanalysis.briefs.view.Scoreboard` of the area's targets, with ``place``
        and ``rank_of``: the area's place among the districts on each target."""
        frame = scoreboard_frame(self.ctx.lines, self.ctx.lang)
        places = [
            target_rank(self.ctx.peer_rows, line, self.ctx.area_code) for line in self.ctx.lines
        ]
        frame["place"] = pd.array([p[0] if p else None for p in places], dtype="Int64")
        frame["rank_of"] = pd.array([p[1] if p else None for p in places], dtype="Int64")
        return Scoreboard(frame, area_scoreboard_section(self.ctx))

    @cached_property
    def charts(self) -> Charts:
        """:class:`~cdsanalysis.briefs.view.Charts`: one chart per target with data, by code."""
        made = area_charts(self.ctx)
        html = sections.charts_section(self.ctx, made)
        return Charts([c for c in made if c is not None], html)

    @property
    def peers(self) -> pd.DataFrame:
        """The districts of the area's list ranked on their results, best first."""
        return self.ctx.peers

    def __repr__(self) -> str:
        return f"AreaView({self.ctx.area_id!r})"
