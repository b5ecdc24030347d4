"""HTML building blocks of the briefs: escaping, sections, tables, status badges, figures.

Every string that comes from data or from the catalogue reaches the page through a Jinja2
template with autoescape (:mod:`cdsanalysis.briefs.templating`: paragraphs, sections, tables,
figures): an indicator named ``<script>`` is shown as text. Figures are
embedded as base64 PNG (``data:`` URIs), each with alt text, so that a brief makes no network
request.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from typing import Any

from cdsanalysis.briefs import cells, templating
from cdsanalysis.briefs.charts.style import figure_png, text_on


def status_badge(status: str, lang: str) -> str:
    """A status as a coloured badge: icon and words, the ink chosen to read on the colour."""
    return templating.render_cell(cells.status(status, lang))


def paragraphs(texts: Iterable[str], *, cls: str = "") -> str:
    """Plain-text paragraphs, each escaped, all with the class ``cls`` (if any).

    Examples
    --------
    >>> paragraphs(["a < b", "c"], cls="cds-muted")
    '<p class="cds-muted">a &lt; b</p><p class="cds-muted">c</p>'
    """
    return templating.render("paragraphs.html.j2", texts=list(texts), cls=cls)


def muted(text: str) -> str:
    """One plain-text paragraph in the muted style (a note beside the main content)."""
    return paragraphs([text], cls="cds-muted")


def chips_html(chips: Iterable[tuple[int, str, str, str]]) -> str:
    """A row of chips from ``(count, colour, icon, words)``, one per count above 0: the count on
    its colour in the ink that reads on it, the icon, the words ("" when no count is above 0).

    Examples
    --------
    >>> row = chips_html([(2, "#0072B2", "✔", "Met"), (0, "#999999", "?", "No data")])
    >>> row.count("<li"), "Met</li>" in row, "No data" in row
    (1, True, False)
    """
    shown = [
        {"n": n, "colour": colour, "ink": text_on(colour), "icon": icon, "words": words}
        for n, colour, icon, words in chips
        if n
    ]
    return templating.render("chips.html.j2", chips=shown)


def section_html(section_id: str, title: str, body: str, *, extra_class: str = "") -> str:
    """A ``<section>`` headed by ``<h2 id=section_id>`` (the table of contents links to it).

    ``body`` is HTML the package built; ``title`` is plain text (escaped by the template).
    """
    classes = f"cds-section {extra_class}".strip()
    return templating.render(
        "section.html.j2",
        classes=classes,
        section_id=section_id,
        title=title,
        body=templating.html(body),
    )


def table_html(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    cls: str = "",
    reflow: bool = False,
) -> str:
    """A table whose cells are already HTML; headers are plain text (escaped here).

    ``reflow`` tables turn into labelled cards on narrow screens; the others scroll inside
    their own container. :func:`data_table_html` takes cells of plain data instead.
    """
    # Cells (and whole rows given as one string) are HTML built by the caller; headers are text.
    marked = [
        templating.html(row) if isinstance(row, str) else [templating.html(c) for c in row]
        for row in rows
    ]
    return _table(headers, marked, cls=cls, reflow=reflow)


def data_table_html(
    headers: Sequence[str],
    rows: Iterable[Sequence[cells.Cell] | cells.Piece],
    *,
    cls: str = "",
    reflow: bool = False,
) -> str:
    """A table of plain data: each cell text, a piece or pieces of :mod:`~.cells`, drawn and
    escaped by the templates (``cells.html.j2``); a row may be a :func:`~.cells.group` heading.

    Parameters
    ----------
    headers : sequence of str
        Plain text, also each cell's label on a phone.
    rows : iterable
        One sequence of cells a row (as many as ``headers``), or a group heading.
    cls : str
        More classes of the table.
    reflow : bool
        Turn into labelled cards on narrow screens (else the table scrolls in its container).

    Returns
    -------
    str
    """
    return _table(headers, list(rows), cls=cls, reflow=reflow)


def _table(headers: Sequence[str], rows: list, *, cls: str, reflow: bool) -> str:
    classes = f"cds-table {cls} {'cds-reflow' if reflow else ''}".strip()
    for row in rows:
        if not isinstance(row, (str, cells.Piece)) and len(row) != len(headers):
            raise ValueError(f"a row of {len(row)} cells under {len(headers)} headers")
    return templating.render("table.html.j2", classes=classes, headers=list(headers), rows=rows)


def figure_html(
    fig: Any,
    alt: str,
    caption: str = "",
    *,
    caption_text: str = "",
    wide: bool = False,
    element_id: str = "",
    extra_class: str = "",
) -> str:
    """Embed a matplotlib figure as a base64 PNG ``<figure>`` with alt text and a caption.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    alt : str
        Plain-text alternative for screen readers (escaped here).
    caption : str
        HTML of the caption, built by the package (a template's output).
    caption_text : str
        A plain-text caption instead (escaped here).
    wide : bool
        Let the figure span the full width of the page.
    element_id : str
        An id for links to the figure (escaped here).
    extra_class : str
        More classes (``cds-key``: a chart that prints).

    Returns
    -------
    str
    """
    png = figure_png(fig)
    width, height = (int(round(v * 100)) for v in fig.get_size_inches())
    classes = " ".join(c for c in ("cds-figure", "cds-wide" if wide else "", extra_class) if c)
    return templating.render(
        "figure.html.j2",
        classes=classes,
        element_id=element_id,
        data=base64.b64encode(png).decode("ascii"),
        alt=alt,
        width=width,
        height=height,
        caption=templating.html(caption) if caption else caption_text,
    )


def source_html(source: Any, provenance: Any = "") -> str:
    """A source's words, escaped; its http(s) addresses shown by the rule of who gave them
    (:func:`~.cells.source`: links for published figures, text for an agency's own).

    Examples
    --------
    >>> source_html("BDO https://baobinhduong.vn/a1.html.", "published")  # doctest: +ELLIPSIS
    'BDO <a href="https://baobinhduong.vn/a1.html" rel="nofollow noopener noreferrer">...</a>.'
    >>> source_html("see http://x.example/p?q=1", "official")
    'see <span class="cds-url"><b>x.example</b>/p?q=1</span>'
    """
    return templating.render_cell(cells.source(source, provenance))
