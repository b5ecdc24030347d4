"""The words of the charts' alt texts: each names the chart's type and states its message.

They live in the label catalogue (:mod:`cdsanalysis.base.labels`, keys ``chart_type_*`` and
``alt_*``), the one table of the package's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.marks import mark_counts


def words(key: str, lang: str, **values: Any) -> str:
    """The catalogue's words for ``key`` in ``lang``, filled in."""
    return i18n.label(key, lang, **values)


def values_sentence(marks: Iterable[str], lang: str) -> str:
    """How many of the values shown are synthetic and how many real ("" when none is known)."""
    synthetic, real = mark_counts(marks)
    if not synthetic and not real:
        return ""
    return " " + words("alt_values", lang, synthetic=synthetic, real=real)


def met_clause(statuses: Iterable[Any], target_text: str | None, lang: str) -> str:
    """ "; 5 of 9 meet the target ≥ 80%" ("" without statuses or a target)."""
    statuses = [s for s in statuses if s]
    if not statuses or not target_text:
        return ""
    met = sum(s == "target_achieved" for s in statuses)
    return words("alt_met", lang, met=met, n=len(statuses), target=target_text)
