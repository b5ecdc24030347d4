"""Sentences and value formats of the briefs, in vi and en.

Values, targets, dates and periods written as readers of the language write them, and the
sentences generated from the statuses; the words themselves come from the catalogues of
:mod:`cdsanalysis.base.labels`. Functions return plain text; the HTML layer
(:mod:`cdsanalysis.briefs.markup`) escapes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing

# Status groups the narrative speaks of: "met or on track", "needs to accelerate", "behind".
GOOD = ("target_achieved", "substantial_progress")
ACCELERATE = ("moderate_progress",)
BEHIND = ("limited_progress", "deterioration")

_MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format_value(
    value: Any,
    unit: str,
    lang: str = "vi",
    *,
    kind: str | None = None,
    rank_of: Any = None,
    target: Any = None,
) -> str:
    """Format one observed value with its unit.

    Parameters
    ----------
    value : float or None
        The value; None or NaN gives an en dash.
    unit : str
        The catalogue unit (percent, rank, ratio, index, count, yes_no).
    lang : {"vi", "en"}, default "vi"
    kind : str, optional
        The target kind; ``"growth"`` writes a sign ("+6,5%").
    rank_of : int, optional
        Number ranked, to write "7/63".
    target : float, optional
        The target the value is shown beside: the value then keeps as many decimals as it takes
        not to round onto or across it (:func:`telling_decimals`), so 49.97 beside 50 reads
        "49,97%", never "50,0%".

    Returns
    -------
    str

    Examples
    --------
    >>> format_value(42.5, "percent", "vi"), format_value(7, "rank", "en", rank_of=63)
    ('42,5%', '7/63')
    >>> format_value(49.97, "percent", "vi", target=50)
    '49,97%'
    """
    if _missing(value):
        return "–"
    value = float(value)
    if unit == "yes_no":
        return i18n.label("yes" if value >= 1 else "no", lang)
    if unit == "rank":
        of = "" if _missing(rank_of) else f"/{int(rank_of)}"
        return f"{int(round(value))}{of}"
    decimals = 3 if unit in ("index", "ratio") and abs(value) < 10 else 1
    if not _missing(target):
        decimals = telling_decimals(value, float(target), decimals)
    text = i18n.format_number(value, lang, decimals)
    if kind == "growth" and value > 0:
        text = "+" + text
    return f"{text}%" if unit == "percent" else text


def format_share(share: Any, lang: str = "vi") -> str:
    """A share (0 to 1) as a percentage, "–" when there is none.

    Examples
    --------
    >>> format_share(2 / 3, "vi"), format_share(None)
    ('66,7%', '–')
    """
    return "–" if _missing(share) else format_value(float(share) * 100, "percent", lang)


def telling_decimals(value: float, target: float, fewest: int = 1, most: int = 6) -> int:
    """The fewest decimals (at least ``fewest``) at which ``value``, rounded, stays on its own
    side of ``target``: a value below the target never reads as equal to it or above it.

    Examples
    --------
    >>> telling_decimals(49.97, 50), telling_decimals(48.2, 50), telling_decimals(50.0, 50)
    (2, 1, 1)
    """
    if value == target:
        return fewest
    for decimals in range(fewest, most + 1):
        if (round(value, decimals) - target) * (value - target) > 0:
            return decimals
    return most


def gap_text(value: float, target: float, unit: str, lang: str = "vi") -> str:
    """How far a value is from its target, in the target's unit ("7,6 điểm %", "0,03 pp"),
    with the decimals it takes not to read as no gap.

    Examples
    --------
    >>> gap_text(42.4, 50, "percent", "vi"), gap_text(49.97, 50, "percent", "en")
    ('7,6 điểm %', '0.03 pp')
    """
    gap = abs(float(target) - float(value))
    text = i18n.format_number(gap, lang, telling_decimals(gap, 0.0))
    if unit == "percent":
        return f"{text} điểm %" if lang == "vi" else f"{text} pp"
    return text


def format_target(comparison: str, target: float, unit: str, kind: str, lang: str = "vi") -> str:
    """Write a target as a reader says it: "≥ 50%", "> 99%", "nhóm 10 dẫn đầu", "Có".

    Parameters
    ----------
    comparison : {">=", ">", "<="}
    target : float
    unit, kind : str
        The catalogue unit and kind.
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    str
    """
    if unit == "yes_no":
        return i18n.label("yes" if target >= 1 else "no", lang)
    if kind == "rank":
        return i18n.label("top_n", lang, n=int(target))
    symbol = {">=": "≥", ">": ">", "<=": "≤"}.get(comparison, comparison)
    number = format_value(target, unit, lang)
    if kind == "growth":
        number = f"{number}/{'năm' if lang == 'vi' else 'year'}"
    return f"{symbol} {number}"


def format_date(value: Any, lang: str = "vi") -> str:
    """Write a date as "31/12/2025" (vi) or "31 Dec 2025" (en); "–" when missing."""
    if _missing(value) or value == "":
        return "–"
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    if lang == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day}\u00a0{_MONTHS_EN[day.month - 1]}\u00a0{day.year}"


_LABEL = re.compile(r"^(\d{4})(?:-(Q|H|M|YTD|W)(\d{1,2})|-(\d{2})-(\d{2}))?$")


def period_label(label: Any, lang: str = "vi") -> str:
    """Write a canonical period label in words.

    Parameters
    ----------
    label : str
        "2024", "2024-Q4", "2025-H1", "2024-M12", "2025-YTD9", "2024-12-31" or "2023-W50".
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    str
        For example "quý IV/2024" or "Q4 2024"; an unknown label is returned as given.

    Examples
    --------
    >>> period_label("2025-H1", "vi"), period_label("2024-Q4", "en")
    ('6 tháng đầu năm\xa02025', 'Q4\xa02024')
    >>> period_label("2023-W50", "vi"), period_label("2023-W50", "en")
    ('tuần\xa050/2023', 'week\xa050 of 2023')
    """
    if _missing(label) or label == "":
        return "–"
    text = str(label)
    match = _LABEL.match(text)
    if not match:
        return text
    year, part, number, month, day = match.groups()
    vi = i18n.check_lang(lang) == "vi"
    if month:
        return format_date(text, lang)
    # No-break spaces keep a label on one line in narrow table cells.
    if not part:
        return f"năm\u00a0{year}" if vi else year
    n = int(number)
    if part == "Q":
        return f"quý\u00a0{_ROMAN.get(n, n)}/{year}" if vi else f"Q{n}\u00a0{year}"
    if part == "H":
        if vi:
            return f"6 tháng {'đầu' if n == 1 else 'cuối'} năm\u00a0{year}"
        return f"H{n}\u00a0{year}"
    if part == "M":
        return f"tháng\u00a0{n}/{year}" if vi else f"{_MONTHS_EN[n - 1]}\u00a0{year}"
    if part == "W":
        return f"tuần\u00a0{n}/{year}" if vi else f"week\u00a0{n} of {year}"
    return f"{n} tháng đầu năm\u00a0{year}" if vi else f"Jan–{_MONTHS_EN[n - 1]}\u00a0{year}"


def period_short(label: Any, lang: str = "vi") -> str:
    """A short period label for charts: "6 tháng 2025" / "H1 2025", "quý IV/2024" / "Q4 2024".

    Examples
    --------
    >>> period_short("2025-YTD9", "vi"), period_short("2024-M12", "en")
    ('9 tháng 2025', 'Dec\xa02024')
    """
    if _missing(label) or label == "":
        return "–"
    match = _LABEL.match(str(label))
    if not match or not match.group(2):
        return period_label(label, lang) if match and match.group(4) else str(label)
    year, part, number = match.group(1), match.group(2), int(match.group(3))
    if lang == "vi" and part == "H":
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} {year}"
    if lang == "vi" and part == "YTD":
        return f"{number} tháng {year}"
    if lang == "en" and part == "YTD":
        return f"{number} months {year}"
    return period_label(label, lang)


def status_text(status: str, lang: str = "vi") -> str:
    """Icon and words of a status: "▲ Đúng tiến độ"."""
    return f"{i18n.status_icon(status)} {i18n.status_label(status, lang)}"


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    """Count statuses in :data:`cdsanalysis.base.i18n.STATUS_ORDER` order (zeros included)."""
    counts = dict.fromkeys(i18n.STATUS_ORDER, 0)
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts


def counts_sentence(counts: Mapping[str, int], lang: str = "vi", noun: str | None = None) -> str:
    """The headline sentence: how many targets are met or on track, and the rest.

    Parameters
    ----------
    counts : mapping
        Status -> number of targets (see :func:`count_statuses`).
    lang : {"vi", "en"}, default "vi"
    noun : str, optional
        What is counted ("chỉ tiêu" / "targets" by default).

    Returns
    -------
    str

    Examples
    --------
    >>> counts_sentence({"target_achieved": 2, "substantial_progress": 1,
    ...                  "moderate_progress": 4, "not_available": 0}, "en")
    '3 of 7 targets are met or on track; 4 have made progress but need to accelerate.'
    """
    total = sum(counts.values())
    good = sum(counts.get(s, 0) for s in GOOD)
    faster = sum(counts.get(s, 0) for s in ACCELERATE)
    behind = sum(counts.get(s, 0) for s in BEHIND)
    missing = counts.get("not_available", 0)
    vi = i18n.check_lang(lang) == "vi"
    noun = noun or ("chỉ tiêu" if vi else "targets")
    if vi:
        parts = [f"{good} trên {total} {noun} đã đạt hoặc đúng tiến độ"]
        if faster:
            parts.append(f"{faster} có tiến bộ nhưng cần đẩy nhanh")
        if behind:
            parts.append(f"{behind} chậm tiến độ hoặc xấu đi")
        if missing:
            parts.append(f"{missing} chưa đủ số liệu để đánh giá")
    else:
        verb = "is" if good == 1 else "are"
        parts = [f"{good} of {total} {noun} {verb} met or on track"]
        if faster == 1:
            parts.append("1 has made progress but needs to accelerate")
        elif faster:
            parts.append(f"{faster} have made progress but need to accelerate")
        if behind:
            verb = "shows" if behind == 1 else "show"
            parts.append(f"{behind} {verb} limited progress or deterioration")
        if missing:
            parts.append(f"{missing} cannot be assessed yet for lack of data")
    return "; ".join(parts) + "."


def _names(items: Sequence[Mapping[str, Any]], lang: str, limit: int = 3) -> str:
    shown = [f"{item['code']} ({item['short_name']})" for item in items[:limit]]
    rest = len(items) - len(shown)
    if rest > 0:
        shown.append(f"{rest} chỉ tiêu khác" if lang == "vi" else f"{rest} more")
    joiner = " và " if lang == "vi" else " and "
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + joiner + shown[-1]


def short_name(name: str, width: int = 60) -> str:
    """Cut a long target name at a word boundary, with an ellipsis."""
    name = " ".join(str(name).split())
    if len(name) <= width:
        return name
    cut = name[:width].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


def lines_narrative(lines: Sequence[Mapping[str, Any]], lang: str = "vi") -> list[str]:
    """Sentences that sum up a scoreboard: counts, what is met, what needs attention.

    Parameters
    ----------
    lines : sequence of mapping
        One per target, with keys ``code``, ``short_name``, ``status``, ``score``,
        ``value_text``, ``period_text``, ``target_text``, ``deadline_text``,
        ``projection_text`` and ``pace_text`` (texts may be empty).
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    list of str
        Two to four sentences, plain text.
    """
    vi = i18n.check_lang(lang) == "vi"
    sentences = [counts_sentence(count_statuses(line["status"] for line in lines), lang)]
    met = [line for line in lines if line["status"] == "target_achieved"]
    if met:
        lead = "Đã đạt mục tiêu: " if vi else "Already met: "
        sentences.append(lead + _names(met, lang) + ".")
    scored = [
        line
        for line in lines
        if line["status"] not in ("target_achieved", "not_available")
        and not _missing(line.get("score"))
    ]
    if scored:
        worst = min(scored, key=lambda line: (float(line["score"]), line["code"]))
        sentences.append(attention_sentence(worst, lang))
    missing = [line for line in lines if line["status"] == "not_available"]
    if missing:
        lead = "Chưa đủ số liệu: " if vi else "Not enough data: "
        tail = "; xem mục Chất lượng và nguồn dữ liệu." if vi else "; see Data quality and sources."
        sentences.append(lead + _names(missing, lang) + tail)
    return sentences


def attention_sentence(line: Mapping[str, Any], lang: str = "vi") -> str:
    """The sentence on the target that most needs attention (lowest score)."""
    vi = lang == "vi"
    head = "Cần chú ý nhất" if vi else "Most in need of attention"
    text = (
        f"{head}: {line['code']} ({line['short_name']}), {line['value_text']}"
        f" ({line['period_text']})"
    )
    text += (
        f", mục tiêu {line['target_text']} vào {line['deadline_text']}"
        if vi
        else f", against a target of {line['target_text']} by {line['deadline_text']}"
    )
    if line.get("why"):
        text += f" ({line['why']})"
    if line.get("projection_text"):
        text += (
            f"; theo đường xu hướng, đến hạn đạt khoảng {line['projection_text']}"
            if vi
            else f"; on the straight-line trend it reaches about {line['projection_text']}"
        )
    if line.get("pace_text"):
        text += f"; còn cần {line['pace_text']}" if vi else f"; it still needs {line['pace_text']}"
    return text + "."


def change_text(change: Any, lang: str = "vi") -> str:
    """Places gained (+) or lost (−) since the previous review, with an arrow."""
    if _missing(change):
        return i18n.label("new_entry", lang)
    change = int(change)
    if change > 0:
        return f"↑ {change}"
    if change < 0:
        return f"↓ {-change}"
    return "="
