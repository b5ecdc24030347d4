"""Table cells as plain data, drawn by the cells template with autoescape."""

from __future__ import annotations

import re

import pytest

from cdsanalysis.base import i18n
from cdsanalysis.briefs import cells
from cdsanalysis.briefs.charts.style import contrast_ratio
from cdsanalysis.briefs.markup import data_table_html, status_badge, table_html
from cdsanalysis.briefs.templating import render_cell
from cdsanalysis.briefs.verdicts import VerdictText, verdict_badge

EVIL = '<script>alert("x")</script>'


def test_every_piece_escapes_what_it_holds():
    headers = ["A", EVIL, "C"]
    rows = [
        cells.group(EVIL),
        [cells.code(EVIL), [cells.span("cds-name", EVIL), cells.sub(EVIL)], EVIL],
        [
            cells.strong(EVIL),
            cells.badge("#0072B2", EVIL, EVIL),
            cells.source(f"{EVIL} https://a.example/p{EVIL}", "published"),
        ],
        [cells.source(f"see http://b.example/{EVIL}", "official"), cells.DASH, ""],
    ]
    page = data_table_html(headers, rows, cls="t")
    assert "<script" not in page
    # Every place that holds the hostile text shows it as text: the header and its data-label
    # in each row; the group; code, name, sub, plain; strong, badge icon and words, the source's
    # words and what follows its link; what follows the agency's address.
    shown = 1 + 3 + 1 + 4 + 5 + 1
    assert page.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") == shown
    # A published address is a link that ends where the address does; an agency's is text.
    assert 'href="https://a.example/p" rel="nofollow noopener noreferrer"' in page
    assert '<span class="cds-url"><b>b.example</b>/</span>&lt;script&gt;' in page
    assert "http://b.example" not in re.findall(r'href="([^"]*)"', page)


def test_data_cells_draw_the_html_the_hand_built_cells_drew():
    headers = ["Code", "Status", "Source"]
    legacy = table_html(
        headers,
        [
            '<tr class="cds-group"><th colspan="3" scope="colgroup">Nhóm &amp; A</th></tr>',
            [
                '<span class="cds-code">G1</span>',
                status_badge("limited_progress", "vi"),
                '<span class="cds-url"><b>x.example</b>/a</span>',
            ],
        ],
        cls="cds-scoreboard",
        reflow=True,
    )
    data = data_table_html(
        headers,
        [
            cells.group("Nhóm & A"),
            [
                cells.code("G1"),
                cells.status("limited_progress", "vi"),
                cells.source("http://x.example/a", "official"),
            ],
        ],
        cls="cds-scoreboard",
        reflow=True,
    )
    assert data == legacy
    assert 'class="cds-table cds-scoreboard cds-reflow"' in data
    assert '<td data-label="Status"><div><span class="cds-status"' in data


@pytest.mark.parametrize("status", i18n.STATUS_ORDER)
def test_a_status_badge_is_its_icon_and_words_in_ink_that_reads(status):
    piece = cells.status(status, "en")
    assert contrast_ratio(piece.ink, piece.colour) >= 4.5
    html = render_cell(piece)
    assert f"background:{i18n.status_colour(status)};color:{piece.ink}" in html
    assert f"{i18n.status_icon(status)}</span> {i18n.status_label(status, 'en')}</span>" in html


def test_a_verdict_badge_keeps_its_own_class_and_escapes_its_words():
    html = verdict_badge(VerdictText(verdict="met", words=EVIL))
    assert html.startswith('<span class="cds-status cds-verdict" style="background:')
    assert "<script" not in html and "&lt;script&gt;" in html


def test_blank_values_are_empty_or_a_dash():
    assert cells.text(None) == cells.text(float("nan")) == ""
    assert cells.text(3) == "3"
    assert cells.or_dash(None) == cells.or_dash("") == "–"
    assert cells.source(None) == ("–",)


def test_a_piece_of_unknown_kind_is_an_error_naming_it():
    with pytest.raises(ValueError, match="unknown kind.*'frame'"):
        render_cell(cells.Piece("frame", text="x"))


def test_a_row_of_the_wrong_width_is_an_error():
    with pytest.raises(ValueError, match="a row of 1 cells under 2 headers"):
        data_table_html(["A", "B"], [["only one"]])
