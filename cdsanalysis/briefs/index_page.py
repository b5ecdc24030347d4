"""The index page of the briefs (``reports/index.html``): one card per brief, failures listed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cdsanalysis import __version__
from cdsanalysis.base import i18n, paths
from cdsanalysis.base.safe_io import atomic_write_text
from cdsanalysis.base.vocabulary import LANGS
from cdsanalysis.briefs.build import BriefResult
from cdsanalysis.briefs.export import TEMPLATE_NAME
from cdsanalysis.briefs.locality_ids import is_locality
from cdsanalysis.briefs.narrative import format_date
from cdsanalysis.briefs.params import COMMUNES_RANKING, OVERVIEW

INDEX_TEMPLATE = "site_index.html.j2"


def read_summary(brief_path: str | Path) -> dict:
    """Read the summary a built brief carries in its ``<meta name="cds-summary">`` tag."""
    from html.parser import HTMLParser

    found: dict = {}

    class _Meta(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            values = dict(attrs)
            if tag == "meta" and values.get("name") == "cds-summary" and not found:
                try:
                    found.update(json.loads(values.get("content") or "{}"))
                except ValueError:
                    pass

    _Meta().feed(Path(brief_path).read_text(encoding="utf-8"))
    return found


def build_index(
    results: Sequence[BriefResult],
    *,
    out_dir: str | Path | None = None,
    plan: Any = None,
) -> Path:
    """Write ``<out_dir>/index.html``: one card per brief, both languages, failures listed.

    Parameters
    ----------
    results : sequence of BriefResult
    out_dir : str or pathlib.Path, optional
        Default the project's ``reports/``.
    plan : Plan, optional
        Gives the sectors' order and names; default the project's plan.

    Returns
    -------
    pathlib.Path
    """
    import jinja2

    from cdsanalysis.base.plan import load_plan

    out = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR
    plan = plan or load_plan()
    order = {sid: i for i, sid in enumerate([OVERVIEW, *plan.sector_ids])}
    sections = []
    for lang in LANGS:
        mine = [r for r in results if r.lang == lang]
        if not mine:
            continue
        name_key = "name_vi" if lang == "vi" else "name_en"
        names = dict(zip(plan.sectors["id"], plan.sectors[name_key], strict=True))
        briefs = [r for r in mine if not is_locality(r.brief_id)]
        local = [r for r in mine if is_locality(r.brief_id)]
        cards = [
            _card(r, lang, names, out)
            for r in sorted(briefs, key=lambda r: (order.get(r.brief_id, 99), r.brief_id))
        ]
        # District briefs by name, then the communes' ranking.
        local_cards = sorted(
            (_card(r, lang, names, out) for r in local),
            key=lambda c: (c["ranking"], c["title"]),
        )
        sections.append(
            {"lang": lang, "cards": cards, "localities": local_cards, "words": _index_words(lang)}
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.TEMPLATES_DIR / TEMPLATE_NAME)),
        autoescape=True,
        keep_trailing_newline=True,
    )
    page = env.get_template(INDEX_TEMPLATE).render(
        sections=sections,
        version=__version__,
        built=dt.date.today().isoformat(),
        any_synthetic=any(c["synthetic"] for s in sections for c in s["cards"]),
        banner={lang: i18n.label("banner", lang) for lang in LANGS},
    )
    return atomic_write_text(out / "index.html", page)


def _card(result: BriefResult, lang: str, names: dict, out: Path) -> dict:
    """What the index says of one brief: its title, status chips, dates, or its failure."""
    from cdsanalysis.briefs.charts.style import text_on  # matplotlib: only when writing

    summary = result.summary or (read_summary(result.path) if result.path else {})
    if result.brief_id == OVERVIEW:
        title = i18n.label("overview_title", lang)
    elif is_locality(result.brief_id):
        fallback = (
            i18n.label("locality_ranking_card", lang)
            if result.brief_id == COMMUNES_RANKING
            else result.brief_id
        )
        title = summary.get("title") or fallback
    else:
        title = names.get(result.brief_id, result.brief_id)
    counts = summary.get("counts") or {}
    chips = [
        {
            "n": counts.get(s, 0),
            "icon": i18n.status_icon(s),
            "label": i18n.status_label(s, lang),
            "colour": i18n.status_colour(s),
            "ink": text_on(i18n.status_colour(s)),
        }
        for s in i18n.STATUS_ORDER
        if counts.get(s, 0)
    ]
    return {
        "ok": result.ok,
        "title": title,
        "ranking": result.brief_id == COMMUNES_RANKING,
        "href": f"{lang}/{result.brief_id}.html" if result.ok else None,
        "chips": chips,
        "as_of": summary.get("as_of_text") or "–",
        "vintage": format_date(summary.get("vintage"), lang) if summary.get("vintage") else "–",
        "synthetic": bool(summary.get("synthetic")),
        "error": result.error,
        "notebook": (
            result.notebook_path.relative_to(out).as_posix()
            if result.notebook_path and result.notebook_path.is_relative_to(out)
            else None
        ),
    }


def _index_words(lang: str) -> dict[str, str]:
    """The words of one language's section of the index, as the template names them."""
    keys = {
        "heading": "index_heading",
        "as_of": "as_of_label",
        "vintage": "vintage",
        "open": "index_open",
        "failed": "index_failed",
        "notebook": "index_notebook",
        "sample": "index_sample",
        "localities": "locality_heading",
    }
    return {name: i18n.label(key, lang) for name, key in keys.items()}
