"""The final review's words for one scoreboard line: the verdict and what it rests on.

In final-review mode (:func:`cdsanalysis.assessment.assess` gives ``review == "final"``) every
row carries a verdict at the deadline (met, not met, no data at the deadline), the value and
period it rests on, their provenance, source and grade, and a note. This module turns those
columns into the texts a brief shows; it judges nothing itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.briefs.frames import is_blank
from cdsanalysis.briefs.narrative import format_value, period_label

VERDICTS = ("met", "not_met", "no_data")
VERDICT_COLOURS = {"met": "#1a7f37", "not_met": "#b42318", "no_data": "#6b7280"}
VERDICT_ICONS = {"met": "✔", "not_met": "✖", "no_data": "?"}


@dataclass
class VerdictText:
    """What a reader sees of one target's verdict (every text plain, escaped by the caller)."""

    verdict: str = ""
    words: str = ""
    value: str = ""
    period: str = ""
    rests_on: str = ""
    source: str = ""
    provenance: str = ""
    note: str = ""
    earlier: str = ""


def _text(value: Any) -> str:
    return "" if is_blank(value) else str(value)


def rests_on(provenance: Any, source: Any, grade: Any, lang: str) -> tuple[str, str]:
    """What a value rests on, as (words, source): "dữ liệu mẫu" or its kind and grade, and source.

    Examples
    --------
    >>> rests_on("synthetic", "Sở TT&TT", "", "en")
    ('synthetic', '')
    >>> rests_on("published", "BDO, 2024", "B", "vi")
    ('đã công bố, độ tin cậy B', 'BDO, 2024')
    """
    provenance = _text(provenance)
    if provenance == "synthetic":
        return i18n.label("rests_synthetic", lang), ""
    words = i18n.label(f"provenance_{provenance}", lang) if provenance else ""
    grade = _text(grade)
    if grade:
        words = i18n.label("rests_graded", lang, kind=words, grade=grade)
    return words, _text(source)


def row_verdict(
    row: Mapping[str, Any], target: Mapping[str, Any], lang: str, **fmt: Any
) -> VerdictText:
    """The verdict texts of one assessment row in final-review mode ("" fields otherwise)."""
    verdict = _text(row.get("verdict"))
    if verdict not in VERDICTS:
        return VerdictText()
    unit, kind = target["unit"], target["kind"]
    # The badge says the verdict itself. An area's ``verdict_vi`` says why it was judged at
    # 30/6/2025 instead; its note says that too.
    out = VerdictText(verdict=verdict, words=i18n.label(f"verdict_{verdict}", lang))
    out.note = _text(row.get(f"verdict_note_{lang}"))
    if verdict == "no_data":
        if not is_blank(row.get("earlier_value")):
            out.earlier = i18n.label(
                "verdict_earlier",
                lang,
                value=format_value(row["earlier_value"], unit, lang, kind=kind, **fmt),
                period=period_label(row.get("earlier_period"), lang),
            )
        return out
    # Never rounded onto or across the target it is judged against.
    out.value = format_value(
        row.get("verdict_value"), unit, lang, kind=kind, target=target.get("target"), **fmt
    )
    out.period = period_label(row.get("verdict_period"), lang)
    if _text(row.get("verdict_period_kind")) == "estimate":
        out.period += f" ({i18n.label('estimate', lang)})"
    out.rests_on, out.source = rests_on(
        row.get("verdict_provenance"), row.get("verdict_source"), row.get("verdict_grade"), lang
    )
    out.provenance = _text(row.get("verdict_provenance"))
    return out


def areas_verdict(rows: Sequence[Mapping[str, Any]], lang: str, what: str) -> VerdictText:
    """One verdict over a target's areas: met only when every area with a verdict is met."""
    verdicts = [_text(r.get("verdict")) for r in rows if _text(r.get("verdict")) in VERDICTS]
    if not verdicts:
        return VerdictText()
    decided = [v for v in verdicts if v != "no_data"]
    if not decided:
        verdict = "no_data"
    else:
        verdict = "met" if all(v == "met" for v in decided) else "not_met"
    # The badge says the verdict (as row_verdict's); why the areas stop at 30/6/2025 is the note.
    out = VerdictText(verdict=verdict, words=i18n.label(f"verdict_{verdict}", lang))
    met = sum(1 for v in verdicts if v == "met")
    out.value = i18n.label("areas_met", lang, met=met, n=len(decided), what=what)
    notes = [_text(r.get(f"verdict_note_{lang}")) for r in rows]
    out.note = next((n for n in notes if n), "")
    periods = sorted({_text(r.get("verdict_period")) for r in rows} - {""})
    out.period = period_label(periods[-1], lang) if periods else ""
    provenances = sorted({_text(r.get("verdict_provenance")) for r in rows} - {""})
    if provenances:
        words_list = [rests_on(p, "", "", lang)[0] for p in provenances]
        out.rests_on = ", ".join(dict.fromkeys(words_list))
    return out


def verdict_piece(verdict: VerdictText) -> Any:
    """The verdict as a coloured badge with its icon: a :class:`~.cells.Piece` of a table cell."""
    from cdsanalysis.briefs import cells

    colour = VERDICT_COLOURS.get(verdict.verdict, "#6b7280")
    icon = VERDICT_ICONS.get(verdict.verdict, "")
    return cells.badge(colour, icon, verdict.words, cls="cds-status cds-verdict")


def verdict_badge(verdict: VerdictText) -> str:
    """The verdict as a coloured badge with its icon (HTML; the words escaped)."""
    from cdsanalysis.briefs.templating import render_cell

    return render_cell(verdict_piece(verdict))
