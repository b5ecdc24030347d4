"""The brief's HTML skeleton from Jinja2 templates, with autoescape.

The templates in ``cdsanalysis/templates/cds_brief/parts/`` give the page's building blocks
(section, table and its cells, figure) and its first screen and appendix. Every value a template
receives is escaped by Jinja2 unless the package marks it as HTML it built itself
(:func:`html`), so a string from the data cannot become markup by passing through a template.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cdsanalysis", "templates/cds_brief/parts"),
        autoescape=True,
        undefined=StrictUndefined,  # a value a template names but is not given is an error
        keep_trailing_newline=False,
    )
    env.globals["zip"] = zip
    env.globals["unknown_piece"] = _unknown_piece
    return env


def _unknown_piece(piece: Any) -> str:
    raise ValueError(f"a table cell holds a piece of unknown kind: {piece!r}")


def html(fragment: str) -> Markup:
    """Mark HTML built (and escaped) by the package, so that a template keeps it as it is."""
    return Markup(fragment)


def render(template: str, **values: Any) -> str:
    """Render one template of ``templates/cds_brief/parts`` with ``values``.

    Parameters
    ----------
    template : str
        The template's file name (``"table.html.j2"``).
    **values
        Plain values (escaped) or :func:`html` fragments (kept).

    Returns
    -------
    str

    Examples
    --------
    >>> render("section.html.j2", classes="cds-section", section_id="x", title="<b>",
    ...        body=html("<p>ok</p>"))
    '<section class="cds-section" aria-labelledby="x"><h2 id="x">&lt;b&gt;</h2><p>ok</p></section>'
    """
    return str(_environment().get_template(template).render(**values))


def render_cell(cell: Any) -> str:
    """Draw one table cell of plain data (:mod:`cdsanalysis.briefs.cells`) as HTML.

    Examples
    --------
    >>> from cdsanalysis.briefs import cells
    >>> render_cell([cells.code("G1"), " <b>"])
    '<span class="cds-code">G1</span> &lt;b&gt;'
    """
    return str(_environment().get_template("cells.html.j2").module.cell(cell))
