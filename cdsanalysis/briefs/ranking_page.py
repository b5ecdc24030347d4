"""The communes' and wards' ranking page: every unit of each unit list, ranked, sortable.

One page per language (``reports/<lang>/communes-ranking.html``) lists the communes, wards and
towns of the 2023 – 30/6/2025 list (judged up to 30/6/2025) and those of the 1/7/2025 list, each
ranked within its list by :func:`cdsanalysis.assessment.ranking.final_ranking`. A code may be
reused by the later list, so every row carries its list's date: its key is ``<vintage>:<code>``,
which also names the row's anchor. The reader sorts a list by rank, name, district or share met
without any script: each order is written out once, and a radio button shows the one chosen
(the page stays offline and script-free like the briefs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.marks import mark_of
from cdsanalysis.briefs.content import BriefContext, load_inputs, shown_observations
from cdsanalysis.briefs.frames import as_records, is_blank
from cdsanalysis.briefs.markup import section_html
from cdsanalysis.briefs.narrative import format_date, format_share
from cdsanalysis.briefs.params import COMMUNES_RANKING
from cdsanalysis.briefs.templating import html, render

#: The orders a reader can choose, the first shown by default.
SORT_KEYS = ("rank", "name", "district", "share")
#: The glyph each provenance mark has on the charts (● official, ■ published, ◆ estimate,
#: ○ synthetic), written beside a unit's figures.
MARK_GLYPHS = {"official": "●", "published": "■", "estimate": "◆", "synthetic": "○"}
#: The date of the unit list that starts on 1/7/2025.
NEW_LIST = "2025-07-01"


@dataclass
class RankingContext(BriefContext):
    """A :class:`~cdsanalysis.briefs.content.BriefContext` for the communes' ranking page.

    Attributes
    ----------
    ranking : pandas.DataFrame
        :func:`cdsanalysis.assessment.ranking.final_ranking` of the communes (both lists), with
        ``district`` (the district of a former unit; the former district(s) of a new one) and
        ``provenance`` (of the values the unit is judged on).
    """

    ranking: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def title(self) -> str:
        """The page's title."""
        return i18n.label("ranking_title", self.lang)

    @property
    def brief_kind(self) -> str:
        """``"ranking"``."""
        return "ranking"

    @property
    def file_stem(self) -> str:
        """``communes-ranking``."""
        return COMMUNES_RANKING


def unit_key(vintage: str, code: str) -> str:
    """A unit's key: its list's date and its code (codes are reused across lists).

    Examples
    --------
    >>> unit_key("2025-07-01", "25747")
    '2025-07-01:25747'
    """
    return f"{vintage}:{code}"


def _districts_of(ranking: pd.DataFrame, areas: pd.DataFrame, lang: str) -> list[str]:
    """Each unit's district: its parent in the former list; for a new unit the former
    district(s) its communes came from (:func:`cdsanalysis.base.geography.load_crosswalk`)."""
    from cdsanalysis.base.geography import load_crosswalk

    districts = areas[areas["geo_level"] == "district"]
    names = dict(zip(districts["geo_code"], districts["geo_name"], strict=True))
    keys = areas["geo_code"] + "|" + areas["geo_vintage"]
    parents = dict(zip(keys, areas["parent_code"], strict=True))
    crosswalk = load_crosswalk()
    former = crosswalk.groupby("new_code")["old_district_code"].agg(lambda c: sorted(set(c)))
    out = []
    for code, vintage in zip(ranking["geo_code"], ranking["geo_vintage"], strict=True):
        if vintage == NEW_LIST:
            codes = former.get(code, [])
            if len(codes) > 1:
                out.append(i18n.label("spans_districts", lang))
                continue
        else:
            codes = [parents.get(f"{code}|{vintage}")]
        out.append(", ".join(str(names.get(c, "")) for c in codes if c) or "–")
    return out


def _provenance_of(assessment: pd.DataFrame, ranking: pd.DataFrame) -> list[str]:
    """The provenance a unit's values share ("synthetic" when any is)."""
    rows = assessment[assessment["geo_level"] == "commune"]
    found: dict[tuple[str, str], set] = {}
    for code, vintage, provenance in zip(
        rows["geo_code"], rows["geo_vintage"], rows["provenance"], strict=True
    ):
        if isinstance(provenance, str) and provenance:
            found.setdefault((str(code), str(vintage)), set()).update(provenance.split(","))
    out = []
    for code, vintage in zip(ranking["geo_code"], ranking["geo_vintage"], strict=True):
        kinds = found.get((code, vintage), set())
        out.append("synthetic" if "synthetic" in kinds else (sorted(kinds)[0] if kinds else ""))
    return out


def load_ranking_context(params: Any, *, build_date: dt.date | None = None) -> RankingContext:
    """Load, assess and rank every commune and ward, for the ranking page.

    Parameters
    ----------
    params : BriefParams
        Validated (:func:`cdsanalysis.briefs.params.validate_area_params`), ``area`` being
        ``"communes-ranking"``.
    build_date : datetime.date, optional
        The date printed as the build date (default: today).

    Returns
    -------
    RankingContext
    """
    from cdsanalysis.assessment.ranking import final_ranking
    from cdsanalysis.base.geography import load_areas

    base = load_inputs(params, build_date)
    observations, assessment = base["observations"], base["assessment"]
    ranking = final_ranking(assessment)
    ranking = ranking[ranking["geo_level"] == "commune"].reset_index(drop=True)
    areas = load_areas()
    ranking["district"] = _districts_of(ranking, areas, params.lang)
    ranking["provenance"] = _provenance_of(assessment, ranking)
    rows = assessment[(assessment["geo_level"] == "commune") & assessment["geo_code"].notna()]
    return RankingContext(
        **dict(base, quarantine=base["quarantine"].iloc[0:0]),  # no data-quality section
        lines=[],
        shown=shown_observations(observations, rows),
        areas=areas,
        ranking=ranking,
    )


def _unit_rows(group: pd.DataFrame, lang: str) -> list[dict]:
    """The rows of one list as plain values (the template escapes them)."""
    rows = []
    for record in as_records(group):
        key = unit_key(record["geo_vintage"], record["geo_code"])
        rows.append(
            {
                "anchor": "unit-" + key.replace(":", "-"),
                "key": key,
                "rank": "–" if is_blank(record["rank"]) else str(record["rank"]),
                "name": str(record["geo_name"] or record["geo_code"]),
                "district": record["district"],
                "met": record["n_met"],
                "not_met": record["n_not_met"],
                "no_data": record["n_no_data"],
                "share": format_share(record["share_met"], lang),
                "attainment": format_share(record["mean_attainment"], lang),
                "mark": MARK_GLYPHS.get(mark_of(record["provenance"]), ""),
                "provenance": i18n.label(f"mark_{mark_of(record['provenance'])}", lang)
                if mark_of(record["provenance"])
                else "–",
                "_share": record["share_met"],
                "_rank": record["rank"],
            }
        )
    return rows


def _ordered(rows: list[dict], key: str, lang: str) -> list[dict]:
    """The rows in one of :data:`SORT_KEYS`' orders (unranked units last by rank)."""
    from cdsanalysis.base.geography import split_type_prefix
    from cdsanalysis.base.text import fold_key

    def sort_key(name: str) -> str:  # "Phường An Bình" sorts under A, not under "Phường"
        return fold_key(split_type_prefix(name)[1] or name)

    if key == "rank":
        return sorted(rows, key=lambda r: (is_blank(r["_rank"]), r["_rank"] or 0, r["key"]))
    if key == "name":
        return sorted(rows, key=lambda r: (sort_key(r["name"]), r["key"]))
    if key == "district":
        return sorted(rows, key=lambda r: (sort_key(r["district"]), sort_key(r["name"])))
    return sorted(
        rows, key=lambda r: (is_blank(r["_share"]), -(r["_share"] or 0), sort_key(r["name"]))
    )


def ranking_sections(ctx: RankingContext) -> str:
    """One section per unit list: the ranked units, sortable, with their keys."""
    lang = ctx.lang
    parts = []
    for vintage, group in ctx.ranking.groupby("geo_vintage", sort=True):
        words = i18n.label("ranking_list_new" if vintage == NEW_LIST else "ranking_list_old", lang)
        title = i18n.label("ranking_list", lang, date=format_date(vintage, lang), n=len(group))
        rows = _unit_rows(group, lang)
        slug = str(vintage).replace("-", "")
        body = render(
            "ranking_table.html.j2",
            slug=slug,
            note=words,
            sort_label=i18n.label("sort_by", lang),
            sorts=[
                {
                    "key": k,
                    "label": i18n.label(f"sort_{k}", lang),
                    "rows": _ordered(rows, k, lang),
                    "anchors": k == SORT_KEYS[0],  # ids once: the default order's rows
                }
                for k in SORT_KEYS
            ],
            headers=_headers(lang, vintage),
        )
        parts.append(section_html(f"list-{slug}", f"{title}", html(body)))
    return "".join(parts)


def _headers(lang: str, vintage: str) -> list[str]:
    district = "col_former_districts" if vintage == NEW_LIST else "col_district"
    counts = " · ".join(
        i18n.label(key, lang) for key in ("col_met", "col_not_met", "col_no_verdict")
    )
    return [
        i18n.label("col_rank", lang),
        f"{i18n.label('col_unit', lang)} ({i18n.label('col_mark', lang)} · "
        f"{i18n.label('col_key', lang)})",
        i18n.label(district, lang),
        counts,
        i18n.label("col_share_met", lang),
        i18n.label("col_attainment", lang),
    ]


def ranking_intro(ctx: RankingContext) -> str:
    """What the page lists and why each row names its list."""
    lang = ctx.lang
    lists = "; ".join(
        i18n.label("ranking_list", lang, date=format_date(v, lang), n=len(g))
        for v, g in ctx.ranking.groupby("geo_vintage", sort=True)
    )
    text = i18n.label("ranking_intro", lang, lists=lists or "–")
    rule = i18n.label("peers_rule", lang)
    return render("ranking_intro.html.j2", text=text, rule=rule)
