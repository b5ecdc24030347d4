"""Every part of a brief draws its HTML from Jinja2 templates with autoescape
(``templates/cds_brief/parts``): a string from the data is shown as text, never as markup, and
the modules build no HTML of their own with f-strings or concatenation."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cdsanalysis.briefs import locality_sections as ls
from cdsanalysis.briefs import markup, overview, review, templating
from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.export import table_of_contents
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
#: The modules that build the brief's parts (each draws them from templates).
CONVERTED = (
    "overview.py",
    "review.py",
    "locality_sections.py",
    "sections.py",
    "chart_view.py",
    "area_view.py",
    "peers_table.py",
    "export.py",
    "markup.py",
    "lead.py",
    "appendix.py",
    "ranking_page.py",
    "index_page.py",
)
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


def _patterns(tree: ast.AST) -> set[int]:
    """The ids of the constants that are regular expressions (they read HTML, not write it)."""
    return {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "re"
        for arg in node.args
        if isinstance(arg, ast.Constant)
    }


def html_in_code(source: str) -> list[str]:
    """Every string literal or f-string of ``source`` (docstrings and regular expressions
    apart) that writes a tag."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _patterns(tree)
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
    # Comparisons, docstrings and the patterns that read a page are not HTML.
    assert not html_in_code('def f():\n    """>>> f()\n    \'<p>x</p>\'"""\n    return a < b')
    assert not html_in_code("H2 = re.compile(r'<h2 id=\"(.*?)\">')")


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_modules_build_no_html(name):
    source = (BRIEFS / name).read_text(encoding="utf-8")
    assert html_in_code(source) == []
    # Nothing escapes by hand either: the templates do it.
    assert "esc(" not in source


@pytest.mark.parametrize(
    "template",
    sorted(p.name for p in PARTS.glob("*.j2")),
)
def test_each_new_template_says_what_it_draws(template):
    text = (PARTS / template).read_text(encoding="utf-8")
    assert text.startswith("{#- ") and "-#}" in text.split("\n\n")[0]
    # A section's body never wraps itself: the wrapper is section.html.j2's.
    if template.startswith(("overview_", "review_", "area_", "sec_")):
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


# --------------------------------------------------------------------------------------------
# The sector brief's sections, the chart captions and the contents
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evil_health(tmp_path_factory):
    """A health brief whose sector, a target, sources and quarantined cells hold HTML."""
    root = tmp_path_factory.mktemp("evil-sections")
    folder = write_processed(root / "evil", make_observations(evil=True), evil=True)
    return _context(folder, "health", "en", write_evil_plan(root / "plan.yaml"))


def test_header_escapes_the_title_and_keeps_its_chips(evil_health):
    header = bc.header(evil_health)
    _safe(header)
    assert header.startswith('<header class="cds-header" id="top"><p class="cds-kicker">')
    assert f"{ESCAPED}</h1>" in header
    assert '<p class="cds-reach"><strong>' in header and header.endswith("</ul></header>")
    assert header.count('<li class="cds-chip"') >= 1


def test_status_chips_follow_the_status_order_and_skip_zero_counts():
    chips = bc.status_chips({"deterioration": 1, "target_achieved": 2, "on_track": 0}, "en")
    assert chips.startswith('<ul class="cds-chips"><li class="cds-chip"')
    assert chips.count("<li") == 2
    assert chips.index("Target achieved") < chips.index("Deterioration")
    assert ">2</span>" in chips and ">1</span>" in chips
    assert bc.status_chips({}, "en") == ""


def test_sections_escape_every_data_string(evil_health):
    parts = {
        "scoreboard": bc.scoreboard_section(evil_health),
        "charts": bc.charts_section(evil_health),
        "quality": bc.quality_section(evil_health),
        "footer": bc.footer(evil_health),
    }
    for name, html_text in parts.items():
        assert "<script" not in html_text, name
    # The target named <script> is a caption's words, the sources and raw cells are table text.
    assert ESCAPED in parts["charts"] and ESCAPED in parts["quality"]
    quality = parts["quality"].split("</h2>", 1)[1]
    # Sources, (real values,) coverage and quarantine under their headings, then the totals.
    order = [quality.index(f"<h3>{w}") for w in ("Sources", "Coverage", "Records set aside")]
    assert order == sorted(order) and quality.index("cds-sources") < order[1]
    assert quality.endswith("duplicates.</p></section>")


def test_quarantine_lists_reasons_then_the_first_rows():
    page = templating.render(
        "sec_quarantine.html.j2",
        table=templating.html("<table></table>"),
        none_text="none",
        some=EVIL,
        reasons=[(EVIL, "2"), ("Unknown unit", "1")],
        more="15 shown",
    )
    assert page == (
        f'<p>{ESCAPED}</p><ul class="cds-reasons"><li>{ESCAPED}: 2</li>'
        "<li>Unknown unit: 1</li></ul><table></table>"
        '<p class="cds-muted">15 shown</p>'
    )
    empty = templating.render("sec_quarantine.html.j2", table="", none_text=EVIL)
    assert empty == f'<p class="cds-muted">{ESCAPED}</p>'


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        (
            "chart_caption.html.j2",
            {"code": "G4", "status": "On track", "target_word": "Target", "target": "≥ 50%"},
            f'<span class="cds-code">G4</span> {ESCAPED}'
            '<span class="cds-sub">On track · Target ≥ 50% · 31/12/2025</span>',
        ),
        (
            "sec_area_block.html.j2",
            {"code": "G9c", "note": "", "figures": templating.html("<figure></figure>")},
            f'<div class="cds-area-block"><h3><span class="cds-code">G9c</span> {ESCAPED}</h3>'
            '<div class="cds-figures"><figure></figure></div></div>',
        ),
    ],
)
def test_a_caption_and_an_area_block_escape_the_target_name(template, values, expected):
    extra = {"deadline": "31/12/2025", "median": ""} if template.startswith("chart") else {}
    assert templating.render(template, name=EVIL, **values, **extra) == expected


def test_paragraphs_and_a_plain_caption_are_escaped():
    assert markup.paragraphs([EVIL, "b"]) == f"<p>{ESCAPED}</p><p>b</p>"
    assert markup.muted(EVIL) == f'<p class="cds-muted">{ESCAPED}</p>'
    figure = Figure(figsize=(1, 1))
    FigureCanvasAgg(figure)
    plain = markup.figure_html(figure, alt=EVIL, caption_text=EVIL)
    _safe(plain)
    assert f"<figcaption>{ESCAPED}</figcaption>" in plain and f'alt="{ESCAPED}"' in plain
    kept = markup.figure_html(figure, alt="a", caption='<span class="cds-code">G4</span>')
    assert '<figcaption><span class="cds-code">G4</span></figcaption>' in kept


def test_contents_link_each_heading_without_escaping_it_twice():
    fragments = ['<section><h2 id="final">A &amp; B</h2></section>', "<p>no heading</p>"]
    toc = table_of_contents(fragments, "en")
    assert toc.startswith('<nav class="cds-toc" aria-label="Contents"><details>')
    assert '<li><a href="#final">A &amp; B</a></li>' in toc and "&amp;amp;" not in toc
    assert toc.count("<li>") == 1
    assert table_of_contents(["<p>x</p>"], "en") == ""
