"""The plan catalogue as a plain-text table, for ``cds plan`` and the terminal."""

from __future__ import annotations

from cdsanalysis.base.plan import Plan
from cdsanalysis.base.text import one_line
from cdsanalysis.briefs.narrative import format_target, short_name

_HEADERS = {
    "vi": ("Mã", "Chỉ tiêu", "Cấp", "Mục tiêu", "Hạn", "Lĩnh vực"),
    "en": ("Code", "Target", "Level", "Target value", "Deadline", "Sectors"),
}
_LEVELS = {
    "vi": {"province": "tỉnh", "district": "huyện", "commune": "xã"},
    "en": {"province": "province", "district": "district", "commune": "commune"},
}


def format_plan_table(plan: Plan, lang: str = "vi", name_width: int = 62) -> str:
    """Return the catalogue as an aligned text table, one line per target series (context
    indicators, which have no target, are left out).

    Parameters
    ----------
    plan : Plan
        A loaded catalogue.
    lang : {"vi", "en"}
        Label language.
    name_width : int
        Target names longer than this are cut with an ellipsis.
    """
    n_sectors = len(plan.sectors)
    all_word = {"vi": f"cả {n_sectors}", "en": f"all {n_sectors}"}[lang]
    rows = []
    for target in plan.judged_targets.itertuples(index=False):
        name = one_line(short_name(target.name_vi if lang == "vi" else target.name_en, name_width))
        if len(target.sectors) == n_sectors:
            sectors = all_word
        elif target.sectors:
            sectors = ", ".join(target.sectors)
        else:
            sectors = "-"
        rows.append(
            (
                target.code,
                name,
                _LEVELS[lang][target.level],
                format_target(target.comparison, target.target, target.unit, target.kind, lang),
                target.deadline,
                sectors,
            )
        )
    headers = _HEADERS[lang]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    title = one_line(plan.meta.get("title_vi" if lang == "vi" else "title_en", ""))
    count = {"vi": f"{len(rows)} chỉ tiêu", "en": f"{len(rows)} target series"}[lang]
    return "\n".join([f"{title} — {count}", "", *lines])
