"""The overview, the final review and the district sections draw their HTML from Jinja2
templates with autoescape (``overview_*``, ``review_*``, ``area_*`` in
``templates/cds_brief/parts``): a string from the data is shown as text, never as markup, and
the modules build no HTML of their own with f-strings or concatenation."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from cdsanalysis.briefs import locality_sections as ls
from cdsanalysis.briefs import overview, review, templating
from cdsanalysis.briefs.verdicts import VERDICT_COLOURS
from tests.test_briefs import (
    EVIL,
    _context,
    make_observations,
    write_evil_plan,
    write_processed,
)

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
BRIEFS = Path(overview.__file__).parent
CONVERTED = ("overview.py", "review.py", "locality_sections.py")
PARTS = Path(templating.__file__).parents[1] / "templates" / "cds_brief" / "parts"


def _safe(page: str) -> None:
    assert "<script" not in page
    assert ESCAPED in page


# --------------------------------------------------------------------------------------------
# The modules build no HTML themselves
# --------------------------------------------------------------------------------------------

#: A string that starts a tag (``<p``, ``</div``) or holds one (``<li>``, ``"><span``).
TAG = re.compile(r"</?[a-z][a-z0-9]*[\s>/]|^</?[a-z]")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the constants that are docstrings (a doctest may show HTML)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def html_in_code(source: str) -> list[str]:
    """Every string literal or f-string of ``source`` (docstrings apart) that writes a tag."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            text = "{}".join(str(p) for p in parts)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in skip:
                continue
            text = node.value
        else:
            continue
        if TAG.search(text):
            hits.append(f"line {node.lineno}: {text[:60]!r}")
    return hits


def test_the_scan_finds_html_in_code():
    # The scan must be able to fail: each of these is HTML built by hand.
    for line in (
        'x = f"<p>{esc(a)}</p>"',
        "x = '<ul>' + ''.join(items) + '</ul>'",
        'x = f\'<span class="cds-chip-n" style="background:{c}">\'',
        'x = "".join(f"<li>{i}</li>" for i in items)',
    ):
        assert html_in_code(line), line
    # Comparisons and docstrings are not HTML.
    assert not html_in_code('def f():\n    """>>> f()\n    \'<p>x</p>\'"""\n    return a < b')


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_modules_build_no_html(name):
    source = (BRIEFS / name).read_text(encoding="utf-8")
    assert html_in_code(source) == []
    # Nothing escapes by hand either: the templates do it.
    assert "esc(" not in source


@pytest.mark.parametrize(
    "template",
    sorted(
        p.name for p in PARTS.glob("*.j2") if p.name.startswith(("overview_", "review_", "area_"))
    ),
)
def test_each_new_template_says_what_it_draws(template):
    text = (PARTS / template).read_text(encoding="utf-8")
    assert text.startswith("{#- ") and "-#}" in text.split("\n\n")[0]
    # Never the whole page's markup: the section wrapper is section.html.j2's.
    assert "<section" not in text


# --------------------------------------------------------------------------------------------
# The templates escape the data
# --------------------------------------------------------------------------------------------


def test_overview_templates_escape_text_and_keep_package_html():
    grid = templating.render(
        "overview_grid.html.j2",
        words=EVIL,
        figure=templating.html("<figure>f</figure>"),
        table=templating.html("<table></table>"),
    )
    assert grid == (
        f'<p>{ESCAPED}</p><figure>f</figure><div class="cds-narrow-only"><table></table></div>'
    )
    none = templating.render("overview_milestone.html.j2", figure="", intro="x", note=EVIL)
    assert none == f'<p class="cds-muted">{ESCAPED}</p>'
    shown = templating.render(
        "overview_milestone.html.j2",
        figure=templating.html("<figure></figure>"),
        intro=EVIL,
        note="",
    )
    assert shown == f"<p>{ESCAPED}</p><figure></figure>"


def test_emulation_lists_fold_and_escape():
    ctx = SimpleNamespace(lang="en")
    rankings = [
        overview._ranking(EVIL, "<table>districts</table>"),
        overview._ranking("Communes", "", folded=True, count="3 units"),
        overview._ranking("Sectors", "<table>sectors</table>"),
    ]
    page = overview._emulation_html(ctx, f"intro {EVIL}", rankings, print_note="not printed")
    _safe(page)
    assert page.startswith('<section class="cds-section" aria-labelledby="emulation"><h2 id=')
    body = page.split("</h2>", 1)[1]
    assert body == (
        f"<p>intro {ESCAPED}</p>"
        f"<h3>{ESCAPED}</h3><table>districts</table>"
        '<details class="cds-fold cds-print-skip"><summary><h3>Communes (3 units)</h3></summary>'
        '<p class="cds-muted">No figures to rank yet.</p></details>'
        "<h3>Sectors</h3><table>sectors</table>"
        '<p class="cds-print-only cds-muted">not printed</p></section>'
    )
    assert body.count("<details") == 1 and body.count("<h3>") == 3
    assert body.index("Communes") < body.index("</details>") < body.index("Sectors")


def test_overview_sections_escape_the_plan_and_data(tmp_path):
    folder = write_processed(tmp_path / "evil", make_observations(evil=True), evil=True)
    ctx = _context(folder, None, "vi", write_evil_plan(tmp_path / "plan.yaml"))
    grid = overview.status_grid_section(ctx)
    # The sector named <script> heads a column of the phone's table (its chart is a PNG).
    _safe(grid)
    assert grid.count('<div class="cds-narrow-only"><div class="cds-table-wrap">') == 1
    emulation = overview.emulation_section(ctx)
    _safe(emulation)
    assert emulation.count("<h3>") == 2 and emulation.count("<table") == 2
    milestone = overview.milestone_section(ctx)
    assert "<script" not in milestone
    assert milestone == "" or milestone.count("<p") == 1


def test_review_chips_count_each_verdict_present():
    lines = [SimpleNamespace(verdict=SimpleNamespace(verdict=v)) for v in ("met", "met", "no_data")]
    chips = review.verdict_chips(lines, "en")
    assert chips.startswith('<ul class="cds-chips"><li class="cds-chip"')
    assert chips.count("<li") == 2
    assert f'style="border-color:{VERDICT_COLOURS["met"]}"' in chips
    assert '<span class="cds-chip-n"' in chips and ">2</span>" in chips and ">1</span>" in chips
    assert review.verdict_chips([], "en") == ""


def test_review_templates_escape():
    final = templating.render(
        "review_final.html.j2", intro=EVIL, sentence="3 of 9", table=templating.html("<table/>")
    )
    assert final == f'<div class="cds-lead"><p>{ESCAPED}</p><p>3 of 9</p></div><table/>'
    block = review.figures_block(EVIL, EVIL, "<table></table>")
    assert block == f'<h3>{ESCAPED}</h3><p class="cds-muted">{ESCAPED}</p><table></table>'
    assert review.figures_block("", "note", "") == '<p class="cds-muted">note</p>'


# --------------------------------------------------------------------------------------------
# The district sections
# --------------------------------------------------------------------------------------------


def _area(**values) -> SimpleNamespace:
    base = dict(
        lang="en",
        list_text=EVIL,
        lines=[],
        final=True,
        communes=pd.DataFrame(),
        successors=pd.DataFrame(columns=["new_name", "whole"]),
        area_name=EVIL,
        area_code="718",
        own_rank=None,
        peers=pd.DataFrame(),
        peer_rows=pd.DataFrame(columns=["target_id"]),
    )
    return SimpleNamespace(**{**base, **values})


def test_area_intro_is_one_escaped_paragraph():
    intro = ls.area_intro(_area())
    assert intro.startswith('<p class="cds-muted cds-area-intro">') and intro.endswith("</p>")
    _safe(intro)


def test_gaps_list_escapes_commune_names():
    communes = pd.DataFrame(
        {"geo_name": [EVIL, "Phường A"], "share_met": [0.5, 1.0], "n_not_met": [1, 0]}
    )
    gaps = ls.gaps_section(_area(communes=communes))
    _safe(gaps)
    body = gaps.split("</h2>", 1)[1]
    assert body.startswith("<ul><li>") and body.endswith("</li></ul></section>")
    assert body.count("<li>") == 1
    assert "<li>Every target" in ls.gaps_section(_area())


def test_communes_successors_escaped_and_marked_partial():
    successors = pd.DataFrame({"new_name": [EVIL, "Phường B"], "whole": [False, True]})
    page = ls.communes_section(_area(successors=successors))
    _safe(page)
    assert "<details" not in page  # no former communes: no folded ranking
    assert f"{ESCAPED} (in part), Phường B.</p>" in page
    link = '<p><a href="communes-ranking.html">Ranking of every commune and ward →</a></p>'
    assert page.endswith(link + "</section>")
    alone = ls.communes_section(_area())
    assert "<p>From" not in alone and alone.count("<p>") == 1


def test_peers_section_escapes_the_area_name():
    page = ls.peers_section(_area())
    _safe(page)
    assert f"<p><strong>{ESCAPED} is not ranked" in page
    assert "<h3>" not in page  # no target: no table of places


def test_reorganisation_note_without_a_period():
    page = ls.area_reorganisation_section(_area())
    assert 'class="cds-section cds-note-section"' in page
    assert page.count("<p") == 1
    with_period = templating.render(
        "area_reorganisation.html.j2", text="t", as_of_label="As of", period=EVIL
    )
    assert with_period == f'<p>t</p><p class="cds-muted">As of: {ESCAPED}</p>'
