"""The brief's first screen: the verdict line with its counts and the targets furthest behind.

A leader reading on a phone sees, before scrolling, how many targets were met (or, before the
deadline, how many are in each progress status) and the two or three targets furthest from their
target, each by code, short name, value and target. Which targets those are follows one rule,
written in ``docs/method.md`` ("The first screen"):

1. status order first: in the final review *not met*, then *no data at the deadline*; before
   it the progress statuses from worst (deterioration) to best; targets met are never listed;
2. then the gap as a share of the target, largest first: ``|target − value| / |target|`` for a
   level, growth or milestone target, the places behind as a share of the ranked field for a
   rank target, and the share of areas that missed for a target measured by area;
3. then the plan's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.briefs.frames import is_blank
from cdsanalysis.briefs.markup import status_badge
from cdsanalysis.briefs.narrative import counts_sentence, short_name
from cdsanalysis.briefs.review import verdict_sentence
from cdsanalysis.briefs.scoreboard import TargetLine, has_data
from cdsanalysis.briefs.templating import html, render
from cdsanalysis.briefs.verdicts import verdict_badge

FIRST_SCREEN_TARGETS = 3
LEAD_NAME_CHARS = 44

# Worst first; a target met is never "furthest behind".
_PROGRESS_ORDER = {
    "deterioration": 0,
    "limited_progress": 1,
    "moderate_progress": 2,
    "substantial_progress": 3,
    "not_available": 4,
}
_VERDICT_ORDER = {"not_met": 0, "no_data": 1}


def _number(value: Any) -> float | None:
    if is_blank(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def gap_share(line: TargetLine) -> float | None:
    """How far a line is from its target, as a share (0 = on the target); None without data.

    Parameters
    ----------
    line : TargetLine

    Returns
    -------
    float or None

    Examples
    --------
    A level target of 50 % at 40 % is a fifth short:

    >>> from cdsanalysis.briefs.scoreboard import TargetLine
    >>> import pandas as pd
    >>> line = TargetLine(
    ...     target={"kind": "level", "target": 50.0, "rank_of": None},
    ...     code="G4", name="", short_name="", status="limited_progress", score=None,
    ...     achieved=False, head={"n_points": 3, "latest_value": 40.0}, context=None,
    ...     areas=pd.DataFrame(), area_scope=None, rank_of=None,
    ... )
    >>> gap_share(line)
    0.2
    """
    target = line.target
    if len(line.areas):
        judged = line.areas[line.areas["n_points"].fillna(0) > 0]
        if judged.empty:
            return None
        return float(1 - judged["achieved"].fillna(False).astype(bool).mean())
    if line.head is None or not has_data(line.head):
        return None
    value = _number(line.head.get("verdict_value"))
    if value is None:
        value = _number(line.head.get("latest_value"))
    goal = _number(target.get("target"))
    if value is None or goal is None:
        return None
    if target.get("kind") == "rank":
        field = line.rank_of or _number(target.get("rank_of")) or 0
        return max(value - goal, 0.0) / field if field else None
    if goal == 0:
        return abs(value)
    return round(abs(goal - value) / abs(goal), 12)


def _order_key(line: TargetLine, final: bool) -> int | None:
    if final:
        return _VERDICT_ORDER.get(line.verdict.verdict)
    if line.status == "target_achieved":
        return None
    return _PROGRESS_ORDER.get(line.status)


def furthest_behind(
    lines: Sequence[TargetLine], final: bool, n: int = FIRST_SCREEN_TARGETS
) -> list[TargetLine]:
    """The ``n`` targets furthest from their target, by the rule in the module's docstring.

    Parameters
    ----------
    lines : sequence of TargetLine
        The brief's scoreboard lines, in the plan's order.
    final : bool
        Whether the brief is the final review (order by verdict, else by progress status).
    n : int, default 3

    Returns
    -------
    list of TargetLine
    """
    ranked = []
    for position, line in enumerate(lines):
        order = _order_key(line, final)
        if order is None:
            continue
        gap = gap_share(line)
        ranked.append((order, -(gap if gap is not None else -1.0), position, line))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked[:n]]


def chart_id(line: TargetLine) -> str:
    """The id of a line's chart, which the first screen links to (one per target)."""
    return f"chart-{line.target['id']}"


def lead_name(name: str, limit: int = LEAD_NAME_CHARS) -> str:
    """A target's name short enough for the first screen, keeping what follows a colon (the
    sector of a per-sector target).

    Examples
    --------
    >>> lead_name("Tỷ trọng kinh tế số trong ngành, lĩnh vực: Nông nghiệp")
    'Tỷ trọng kinh tế số trong…: Nông nghiệp'
    """
    if ":" not in name or len(name) <= limit:
        return short_name(name, limit)
    head, tail = (part.strip() for part in name.rsplit(":", 1))
    return f"{short_name(head, max(12, limit - len(tail) - 2))}: {tail}"


def _target_item(line: TargetLine, lang: str, final: bool) -> dict:
    """What the first screen says of one target (plain values; the badge is built HTML)."""
    if final and line.verdict.verdict:
        badge = verdict_badge(line.verdict)
        value = line.verdict.value or line.value_text
    else:
        badge = status_badge(line.status, lang)
        value = line.value_text
    has_chart = line.head is not None and has_data(line.head)  # a line with data has a chart
    return {
        "href": chart_id(line) if has_chart else "",
        "code": line.code,
        "name": lead_name(line.name),
        "value": value,
        "target": f"{i18n.label('col_target', lang)} {line.target_text}",
        "badge": html(badge),
    }


def lead_section(ctx: Any) -> str:
    """The first screen: the verdict (or status) line with counts and the targets furthest behind.

    Parameters
    ----------
    ctx : BriefContext

    Returns
    -------
    str
        HTML (``templates/cds_brief/parts/first_screen.html.j2``).
    """
    lang = ctx.lang
    final = ctx.final
    sentence = verdict_sentence(ctx.lines, lang) if final else counts_sentence(ctx.counts, lang)
    return render(
        "first_screen.html.j2",
        label=i18n.label("lead_label", lang),
        sentence=sentence,
        title=i18n.label("lead_furthest", lang),
        items=[_target_item(line, lang, final) for line in furthest_behind(ctx.lines, final)],
    )


def key_lines(ctx: Any) -> list[TargetLine]:
    """The lines whose charts print: the first screen's targets and every rank target."""
    first = furthest_behind(ctx.lines, ctx.final)
    return [
        line
        for line in ctx.lines
        if line.target.get("kind") == "rank" or any(line is other for other in first)
    ]
