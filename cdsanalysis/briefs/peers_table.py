"""Where the province stands among its peers: the published DTI leaders and South-East provinces.

The rank targets (top ten in the DTI and its pillars) read better beside the provinces ranked
with Bình Dương. The overview shows, for each year and ranked group, the provinces the published
record names (:func:`cdsanalysis.base.peers.load_peers`: the top ten as far as published, and the
South-East region's provinces), with the province's own published DTI rank beside them and the
grade of what the row rests on. Nothing is filled in: a rank not published is not shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.base.peers import load_peers
from cdsanalysis.briefs import cells
from cdsanalysis.briefs.markup import data_table_html, paragraphs, section_html

PROVINCE = "Bình Dương"
DTI_TARGET = "rank.dti"


def province_ranks(observations: pd.DataFrame) -> dict[int, int]:
    """The province's real (official or published) DTI rank by year, from the observations."""
    rows = observations[
        (observations["indicator_id"] == DTI_TARGET)
        & (observations["geo_level"] == "province")
        & (observations["provenance"] != "synthetic")
        & (observations["period"].astype(str).str.fullmatch(r"\d{4}"))
    ]
    return {int(p): int(v) for p, v in zip(rows["period"], rows["value"], strict=True)}


def peers_section(ctx: Any) -> str:
    """The overview's peers table ("" when the plan has no DTI rank target or no peers)."""
    if DTI_TARGET not in set(ctx.plan.targets["id"]):
        return ""
    peers = load_peers()
    if peers.empty:
        return ""
    lang = ctx.lang
    own = province_ranks(ctx.observations)
    rows = []
    for (year, among), group in peers.groupby(["year", "ranked_among"], sort=True):
        names = []
        for record in group.sort_values("rank").to_dict("records"):
            name = f"{record['rank']}. {record['province']}"
            if record["region"]:
                name += " ◆"  # the South-East region
            names.append(cells.strong(name) if record["province"] == PROVINCE else name)
        mine = own.get(int(year)) if among == 63 else None
        if any(group["province"] == PROVINCE):
            mine = int(group[group["province"] == PROVINCE]["rank"].iloc[0])
        grades = ", ".join(sorted(set(group["grade"])))
        rows.append(
            [
                cells.text(year),
                i18n.label("peers_group", lang, n=among),
                _joined(names, " · "),
                cells.strong(cells.text(mine)) if mine else cells.DASH,
                grades,
            ]
        )
    headers = [
        i18n.label("col_year", lang),
        i18n.label("col_ranked_among", lang),
        i18n.label("col_peers", lang),
        PROVINCE,
        i18n.label("col_grade", lang),
    ]
    intro = paragraphs([i18n.label("peers_intro", lang)])
    table = data_table_html(headers, rows, cls="cds-peers", reflow=True)
    return section_html("peers", i18n.label("sec_peers", lang), intro + table)


def _joined(parts: list, separator: str) -> list:
    """``parts`` with ``separator`` between each two (the pieces of one cell)."""
    out: list = []
    for i, part in enumerate(parts):
        out.extend([separator, part] if i else [part])
    return out
