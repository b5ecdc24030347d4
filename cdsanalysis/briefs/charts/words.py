"""The words of the charts' alt texts: each names the chart's type and states its message.

The label catalogue (:mod:`cdsanalysis.base.labels`) is the one table of words; a key it does
not hold yet is taken from :data:`DEFAULT_WORDS` here, so that the charts speak both languages
whatever the catalogue's state (the catalogue's entry wins once it has one).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.briefs.charts.marks import mark_counts

DEFAULT_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "chart_type_level": "Biểu đồ đường",
        "chart_type_rank": "Biểu đồ đường thứ hạng",
        "chart_type_growth": "Biểu đồ cột tăng trưởng từng năm",
        "chart_type_yes_no": "Biểu đồ điểm có/không",
        "chart_type_milestone": "Biểu đồ thanh",
        "alt_series": (
            "{type}{name}. Giá trị mới nhất {value} ({period}); mục tiêu {target}; "
            "tình trạng: {status}."
        ),
        "alt_series_empty": "{type}{name}. Chưa có số liệu; tình trạng: {status}.",
        "alt_areas": (
            "Biểu đồ thanh xếp hạng {n} địa bàn: cao nhất {best}, thấp nhất {worst}{met}."
        ),
        "alt_strip": (
            "Biểu đồ điểm: {n} xã, phường theo {groups} huyện, mỗi điểm một địa bàn; "
            "khoảng giá trị {low} đến {high}{met}."
        ),
        "alt_tiles": "Bản đồ ô {n} huyện, thị xã, thành phố: cao nhất {best}, thấp nhất {worst}.",
        "alt_tiles_missing": "Không có số liệu: {names}.",
        "alt_milestone": (
            "Biểu đồ thanh tỷ lệ đã thực hiện theo đơn vị: {values}; mục tiêu {target}."
        ),
        "alt_grid": "Lưới tình trạng {rows} × {cols} ô, mỗi ô một chỉ tiêu của một cột: {counts}.",
        "alt_met": "; {met} trên {n} đạt mục tiêu {target}",
        "alt_values": "Giá trị: {synthetic} số liệu mẫu (mô phỏng), {real} số liệu thật.",
        "alt_no_data": "Biểu đồ: chưa có số liệu.",
    },
    "en": {
        "chart_type_level": "Line chart",
        "chart_type_rank": "Line chart of ranks",
        "chart_type_growth": "Bar chart of each year's growth",
        "chart_type_yes_no": "Dot chart, yes or no",
        "chart_type_milestone": "Bar chart",
        "alt_series": (
            "{type}{name}. Latest value {value} ({period}); target {target}; status: {status}."
        ),
        "alt_series_empty": "{type}{name}. No data yet; status: {status}.",
        "alt_areas": "Ranked bar chart of {n} areas: highest {best}, lowest {worst}{met}.",
        "alt_strip": (
            "Dot chart: {n} communes and wards by {groups} districts, one dot per area; "
            "values from {low} to {high}{met}."
        ),
        "alt_tiles": "Tile map of {n} district-level areas: highest {best}, lowest {worst}.",
        "alt_tiles_missing": "No data: {names}.",
        "alt_milestone": "Bar chart of the share done by unit: {values}; target {target}.",
        "alt_grid": (
            "Status grid of {rows} × {cols} cells, one target of one column each: {counts}."
        ),
        "alt_met": "; {met} of {n} meet the target {target}",
        "alt_values": "Values: {synthetic} synthetic (sample), {real} real.",
        "alt_no_data": "Chart: no data yet.",
    },
}


def words(key: str, lang: str, **values: Any) -> str:
    """The catalogue's words for ``key`` in ``lang``, else :data:`DEFAULT_WORDS`, filled in."""
    try:
        return i18n.label(key, lang, **values)
    except KeyError:
        text = DEFAULT_WORDS[i18n.check_lang(lang)][key]
        return text.format(**values) if values else text


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
