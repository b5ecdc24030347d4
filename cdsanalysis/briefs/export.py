"""Exporting an executed brief notebook to one self-contained HTML page.

The project's nbconvert template (``cdsanalysis/templates/cds_brief``) writes outputs only, with an
inline stylesheet and a table of contents, no script and no network request.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cdsanalysis import __version__
from cdsanalysis.base import i18n, paths
from cdsanalysis.briefs import templating
from cdsanalysis.briefs.params import check_lang

TEMPLATE_NAME = "cds_brief"
#: The data a brief publishes about itself (see :func:`cdsanalysis.briefs.sections.summary`).
SUMMARY_MIMETYPE = "application/vnd.cdsanalysis.summary+json"
#: Where the template puts the table of contents.
TOC_MARKER = "<!--cds:toc-->"


_H2 = re.compile(r'<h2 id="([a-z0-9-]+)">(.*?)</h2>', re.DOTALL)
_H1 = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@lru_cache(maxsize=1)
def _exporter() -> Any:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME, extra_template_basedirs=[str(paths.TEMPLATES_DIR)]
    )
    # The template writes outputs only; these keep nbconvert from adding anything else.
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def _text(data: Any) -> str:
    return "".join(data) if isinstance(data, list) else str(data)


def brief_summary(nb: Any) -> dict:
    """The facts a brief published about itself (title, status counts, as-of, vintage)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SUMMARY_MIMETYPE in data:
                value = data[SUMMARY_MIMETYPE]
                return dict(json.loads(value) if isinstance(value, str) else value)
    return {}


def _html_outputs(nb: Any) -> list[str]:
    return [
        _text(output["data"]["text/html"])
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") in ("display_data", "execute_result")
        and "text/html" in output.get("data", {})
    ]


def table_of_contents(fragments: Sequence[str], lang: str) -> str:
    """The table of contents: one link per section heading (``<h2 id=...>``) of the brief."""
    # The titles are the package's own words, already escaped in the fragment.
    items = [
        (section_id, templating.html(title))
        for fragment in fragments
        for section_id, title in _H2.findall(fragment)
    ]
    if not items:
        return ""
    return templating.render("toc.html.j2", heading=i18n.label("toc", lang), items=items)


def export_html(nb: Any, *, lang: str | None = None) -> str:
    """Export an executed brief notebook to one self-contained HTML page.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook run by :func:`execute_brief` (or by the papermill command line).
    lang : {"vi", "en"}, optional
        The page's language; default the ``lang`` parameter papermill recorded, else the
        brief's summary, else "vi".

    Returns
    -------
    str
        HTML: outputs only (no code, prompts or parameters), the project's inline stylesheet,
        a table of contents, no script and no external resource.
    """
    import copy

    summary = brief_summary(nb)
    recorded = nb.metadata.get("papermill", {}).get("parameters", {}).get("lang")
    lang = lang or recorded or summary.get("lang") or "vi"
    lang = check_lang(lang)
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text/html" in output.get("data", {}):
                output["data"]["text/html"] = _text(output["data"]["text/html"])
    fragments = _html_outputs(nb)
    title = summary.get("title")
    if not title:
        found = next((m for f in fragments for m in _H1.findall(f)), "cdsanalysis")
        title = html.unescape(_TAG.sub("", found))
    resources = {
        "cds": {
            "lang": lang,
            "title": title,
            "toc_marker": TOC_MARKER,
            "toc_html": table_of_contents(fragments, lang),
            "summary_json": json.dumps(summary, ensure_ascii=False, sort_keys=True),
            "version": __version__,
        }
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    return body
