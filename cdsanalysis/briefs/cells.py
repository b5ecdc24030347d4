"""The content of a table's cells as plain data, drawn as HTML by a Jinja2 template.

A table built with :func:`~cdsanalysis.briefs.markup.data_table_html` takes rows of cells; a
cell is a plain string (text: escaped by the template), a :class:`Piece`, or a sequence of
them. The pieces say what a part of a cell is (a code, a name, a value, a status badge, a
source with its links); ``templates/cds_brief/parts/cells.html.j2`` says how each one looks. No
piece holds HTML, so nothing from the data can become markup on its way into a table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.style import text_on
from cdsanalysis.briefs.frames import is_blank

DASH = "–"


@dataclass(frozen=True)
class Piece:
    """One part of a cell, drawn by the ``piece`` macro of ``cells.html.j2``.

    Attributes
    ----------
    kind : {"span", "strong", "badge", "link", "address", "group"}
        What the piece is: ``span`` (a ``<span class=cls>`` around ``parts``), ``strong``,
        ``badge`` (``text`` on ``colour`` in ``ink``, after ``icon``), ``link`` (an address
        shown as a link), ``address`` (an address shown as text, its domain ``text`` in bold,
        then ``rest``), ``group`` (a row heading a group of rows, across every column).
    parts : tuple
        The pieces or strings inside a ``span`` or ``strong``.
    """

    kind: str
    parts: tuple[Any, ...] = ()
    cls: str = ""
    text: str = ""
    rest: str = ""
    icon: str = ""
    colour: str = ""
    ink: str = ""


#: A cell: its text, one piece, or a sequence of them.
Cell = str | Piece | Sequence[str | Piece]


def text(value: Any) -> str:
    """A value as text; None and NaN give "" (the template escapes it)."""
    return "" if is_blank(value) else str(value)


def or_dash(value: Any) -> str:
    """A value as text, or "–" when there is none."""
    return text(value) or DASH


def span(cls: str, *parts: Any) -> Piece:
    """``<span class=cls>`` around ``parts`` (strings are text)."""
    return Piece("span", parts=tuple(parts), cls=cls)


def strong(*parts: Any) -> Piece:
    """``<strong>`` around ``parts``."""
    return Piece("strong", parts=tuple(parts))


def code(value: Any) -> Piece:
    """A target's code ("G1")."""
    return span("cds-code", text(value))


def sub(*parts: Any, cls: str = "") -> Piece:
    """A second line under a cell's main text (``cls`` adds classes: ``cds-source``)."""
    return span(f"cds-sub {cls}".strip(), *parts)


def group(title: Any) -> Piece:
    """A row heading the rows under it, across every column."""
    return Piece("group", text=text(title))


def badge(colour: str, icon: str, words: str, *, cls: str = "cds-status") -> Piece:
    """A coloured badge: icon and words, the ink chosen to read on the colour (4.5:1)."""
    return Piece("badge", cls=cls, colour=colour, ink=text_on(colour), icon=icon, text=words)


def status(value: str, lang: str) -> Piece:
    """A status as a badge: icon and words in the status's colour."""
    return badge(i18n.status_colour(value), i18n.status_icon(value), i18n.status_label(value, lang))


_URL = re.compile(r"https?://[^\s<>\"']+")


def source(value: Any, provenance: Any = "") -> tuple[Any, ...]:
    """A source's words with its http(s) addresses shown by the rule of who gave them.

    The addresses of published figures (``data/raw/published/``, curated and checked by the
    project) become links. An address an agency wrote in its own file stays text, its domain in
    bold, never a link: a brief is published, and a link in it would vouch for whatever the
    address serves (docs/security.md). No source gives "–".
    """
    words = text(value)
    if not words:
        return (DASH,)
    curated = str(provenance) == "published"
    out: list[Any] = []
    last = 0
    for match in _URL.finditer(words):
        out.append(words[last : match.start()])
        url = match.group(0).rstrip(".,;)")
        if curated:
            out.append(Piece("link", text=url))
        else:
            domain, slash, path = url.split("://", 1)[1].partition("/")
            out.append(Piece("address", text=domain, rest=slash + path))
        out.append(match.group(0)[len(url) :])
        last = match.end()
    out.append(words[last:])
    return tuple(part for part in out if part != "")
