"""Words of the briefs: section titles, value formats and generated sentences, in vi and en.

Everything a brief says in words comes from here, so that a Vietnamese and an English brief built
from the same data say the same thing. Functions return plain text; the HTML layer
(:mod:`cdsanalysis.briefs.content`) escapes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cdsanalysis.base import i18n
from cdsanalysis.base.contracts import is_missing as _missing
from cdsanalysis.base.vocabulary import LANGS

# Status groups the narrative speaks of: "met or on track", "needs to accelerate", "behind".
GOOD = ("target_achieved", "substantial_progress")
ACCELERATE = ("moderate_progress",)
BEHIND = ("limited_progress", "deterioration")

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "programme": "Bình Dương · Chuyển đổi số 2023–2025",
        "programme_long": "Phong trào thi đua “Chuyển đổi số giai đoạn 2023–2025”",
        "sector_title": "Lĩnh vực {name}",
        "overview_title": "Toàn tỉnh: tổng quan chuyển đổi số",
        "as_of": "Số liệu đến",
        "vintage": "Dữ liệu xử lý",
        "built": "Ngày lập",
        "banner": "DỮ LIỆU MẪU — không phải số liệu thật",
        "banner_detail": (
            "Báo cáo này có số liệu mô phỏng (dữ liệu mẫu để minh hoạ cách đọc báo cáo). "
            "Không dùng các con số này để đánh giá hay ra quyết định."
        ),
        "toc": "Nội dung",
        "sec_summary": "Tóm tắt",
        "sec_scoreboard": "Bảng theo dõi chỉ tiêu",
        "sec_charts": "Diễn biến từng chỉ tiêu",
        "sec_areas": "So sánh địa bàn",
        "sec_quality": "Chất lượng và nguồn dữ liệu",
        "sec_reorg": "Sắp xếp đơn vị hành chính năm 2025",
        "sec_method": "Phương pháp đánh giá",
        "sec_data": "Tải dữ liệu của báo cáo",
        "sec_grid": "Tình trạng theo lĩnh vực",
        "sec_milestone": "Mốc năm 2023: ban hành kế hoạch",
        "sec_emulation": "Bảng xếp hạng thi đua",
        "sec_province": "Chỉ tiêu cấp tỉnh",
        "col_code": "Mã",
        "col_target_name": "Chỉ tiêu",
        "col_latest": "Hiện tại",
        "col_target": "Mục tiêu",
        "col_deadline": "Hạn",
        "col_status": "Đánh giá",
        "col_projection": "Dự báo đến hạn",
        "col_province": "Toàn tỉnh",
        "col_source": "Nguồn",
        "col_provenance": "Loại",
        "col_values": "Số giá trị",
        "col_periods": "Kỳ",
        "col_files": "Tệp",
        "col_series": "Chuỗi có số liệu",
        "col_years": "Các năm",
        "col_latest_period": "Kỳ mới nhất",
        "col_flags": "Lưu ý",
        "col_reason": "Lý do",
        "col_count": "Số bản ghi",
        "col_file_ref": "Tệp / ô",
        "col_indicator": "Chỉ tiêu (gốc)",
        "col_area": "Địa bàn (gốc)",
        "col_value": "Giá trị (gốc)",
        "col_rank": "Hạng",
        "col_unit": "Đơn vị",
        "col_score": "Điểm TB",
        "col_met": "Đạt",
        "col_on_track": "Đúng tiến độ",
        "col_behind": "Chậm",
        "col_na": "Chưa đủ DL",
        "col_change": "So với kỳ trước",
        "col_sector": "Lĩnh vực",
        "col_pillar": "Trụ cột",
        "areas_word": "địa bàn",
        "areas_met": "{met}/{n} {what} đạt",
        "after_deadline": "đạt nhưng sau thời hạn",
        "missed_deadline": "không đạt đúng hạn",
        "rank_worse": "tụt {n} bậc so với năm trước",
        "districts_short": "huyện",
        "communes_short": "xã",
        "reorg_short": (
            "Số liệu cấp huyện và cấp xã dừng ở 6 tháng đầu năm 2025, trước khi sắp xếp đơn vị "
            "hành chính ngày 01/7/2025."
        ),
        "reorg_link": "Xem mục Sắp xếp đơn vị hành chính năm 2025.",
        "legend_sector": "Lĩnh vực",
        "milestone_at": "{value} ({date})",
        "districts": "huyện, thị xã, thành phố",
        "communes": "xã, phường, thị trấn",
        "province_wide": "toàn tỉnh",
        "province_scope_note": (
            "Ngành chưa có số liệu theo địa bàn; biểu đồ dùng số liệu chung của toàn tỉnh "
            "(không riêng lĩnh vực)."
        ),
        "no_data": "chưa có số liệu",
        "no_area_data": "Chưa có số liệu theo địa bàn cho các chỉ tiêu của lĩnh vực này.",
        "target_line": "Mục tiêu {target} ({year})",
        "projection": "Dự báo {year}: {value}",
        "top_n": "nhóm {n} dẫn đầu",
        "rank_word": "hạng",
        "rank_axis": "Thứ hạng (1 = cao nhất)",
        "yes": "Có",
        "no": "Không",
        "growth_mean": "Bình quân {value}",
        "deadline_word": "hạn",
        "partial_year": "chưa trọn năm",
        "estimate": "ước tính",
        "preliminary": "sơ bộ",
        "stale": "cũ (quá 2 năm)",
        "synthetic": "mẫu",
        "provenance_official": "chính thức",
        "provenance_published": "đã công bố",
        "provenance_synthetic": "mẫu (mô phỏng)",
        "download": "Tải CSV ({rows} dòng, {size})",
        "download_help": (
            "Tệp CSV (UTF-8) gồm mọi giá trị quan sát mà báo cáo này sử dụng, theo các cột của "
            "dữ liệu đã xử lý. Ô văn bản bắt đầu bằng =, +, - hoặc @ được thêm dấu ' phía "
            "trước để bảng tính không hiểu nhầm là công thức."
        ),
        "quality_sources": "Nguồn số liệu",
        "quality_coverage": "Độ phủ và độ mới",
        "quality_quarantine": "Bản ghi bị loại (cách ly)",
        "quality_clean": (
            "Lần làm sạch gần nhất: đọc {read} bản ghi; {clean} hợp lệ, {quarantined} bị "
            "cách ly, {no_data} ô ghi “không có số liệu”, {duplicate} bản ghi trùng."
        ),
        "quarantine_none": "Không có bản ghi nào của lĩnh vực này bị cách ly.",
        "quarantine_some": (
            "{n} bản ghi từ các tệp của lĩnh vực này bị cách ly, không được dùng để đánh giá."
        ),
        "quarantine_more": "Chỉ hiện {shown} bản ghi đầu; xem đầy đủ trong quarantine.csv.",
        "no_sources": "Chưa có số liệu nào cho các chỉ tiêu của báo cáo này.",
        "stale_note": "Số liệu mới nhất cách thời điểm đánh giá hơn 2 năm.",
        "reorg_text": (
            "Từ ngày 01/7/2025, tỉnh Bình Dương hợp nhất vào Thành phố Hồ Chí Minh; cấp huyện "
            "chấm dứt hoạt động và 91 xã, phường, thị trấn được sắp xếp thành 36 xã, phường. "
            "Số liệu cấp huyện và cấp xã của báo cáo vì vậy dừng ở 6 tháng đầu năm 2025 và "
            "được đánh giá tại thời điểm 30/6/2025. Số liệu sau ngày 01/7/2025 dùng danh mục "
            "đơn vị hành chính mới; không so sánh trực tiếp mã địa bàn cũ và mới."
        ),
        "reorg_rows": "{n} giá trị trong báo cáo thuộc kỳ sau ngày 01/7/2025.",
        "method_text_1": (
            "Tình trạng của mỗi chỉ tiêu theo thước đo tiến độ của Cơ quan Thống kê Canada, "
            "được nền tảng Open SDG sử dụng: so sánh tốc độ tăng bình quân năm đã đạt với tốc "
            "độ cần có để chạm mục tiêu đúng hạn. Tỷ số từ 95% trở lên là đúng tiến độ, từ 60% "
            "là có tiến bộ nhưng cần tăng tốc, từ 0 là tiến bộ hạn chế, dưới 0 là đi xuống."
        ),
        "method_text_2": (
            "Vì tỷ lệ phần trăm không vượt quá 100%, báo cáo còn vẽ đường thẳng bình phương "
            "nhỏ nhất kéo đến hạn (đường chấm) và tính mức tăng mỗi năm còn cần. Thứ hạng "
            "(càng nhỏ càng tốt) đạt khi thuộc nhóm dẫn đầu; mục tiêu tăng trưởng so từng năm "
            "và bình quân giai đoạn với ngưỡng; chỉ tiêu có/không và mốc thời hạn được đánh "
            "giá đạt hay chưa. Năm chỉ có số liệu một phần năm được ghi “chưa trọn năm”."
        ),
        "method_text_3": (
            "Mỗi tình trạng luôn đi kèm biểu tượng và chữ, không chỉ bằng màu. Số liệu cũ "
            "hơn 2 năm so với thời điểm đánh giá không được dùng để kết luận."
        ),
        "emulation_intro": (
            "Xếp theo điểm tiến độ bình quân (−5 đến 5) của các chỉ tiêu mà đơn vị có số liệu; "
            "so sánh với kỳ sơ kết trước ({previous})."
        ),
        "emulation_areas": "Huyện, thị xã, thành phố",
        "emulation_sectors": "Sở, ngành (lĩnh vực)",
        "emulation_none": "Chưa có số liệu để xếp hạng.",
        "new_entry": "mới",
        "grid_alt": "Lưới tình trạng: mỗi ô là một chỉ tiêu của một lĩnh vực.",
        "milestone_none": "Chưa có số liệu về việc ban hành kế hoạch năm 2023.",
        "figure_alt_series": (
            "Biểu đồ đường: {name}. Giá trị mới nhất {value} ({period}); mục tiêu {target} "
            "vào {deadline}; tình trạng: {status}."
        ),
        "figure_alt_areas": "Biểu đồ thanh xếp hạng {n} {what}: {name}.",
        "figure_alt_strip": "Biểu đồ điểm: {name}, mỗi điểm là một xã, phường theo huyện.",
        "figure_alt_tiles": "Bản đồ ô 9 huyện, thị xã, thành phố: {name}.",
        "figure_alt_milestone": "Biểu đồ thanh: tỷ lệ ban hành kế hoạch năm 2023 theo lĩnh vực.",
        "footer": "Lập bằng cdsanalysis {version}. Nguồn kế hoạch: {source}.",
        "median_areas": "trung vị các địa bàn",
        "range_areas": "khoảng giữa các địa bàn",
        "legend_history": "Số liệu",
        "legend_province": "Toàn tỉnh",
        "tile_no_data": "không có số liệu",
    },
    "en": {
        "programme": "Bình Dương · Digital transformation 2023–2025",
        "programme_long": "Emulation movement “Digital Transformation 2023–2025”",
        "sector_title": "{name}",
        "overview_title": "Province overview: digital transformation",
        "as_of": "Data as of",
        "vintage": "Data processed",
        "built": "Built",
        "banner": "SAMPLE DATA — not real figures",
        "banner_detail": (
            "This brief shows synthetic figures (sample data that show how to read the brief). "
            "Do not use them to judge progress or make decisions."
        ),
        "toc": "Contents",
        "sec_summary": "Summary",
        "sec_scoreboard": "Scoreboard",
        "sec_charts": "Each target over time",
        "sec_areas": "Areas compared",
        "sec_quality": "Data quality and sources",
        "sec_reorg": "The 2025 reorganisation",
        "sec_method": "How progress is assessed",
        "sec_data": "Download this brief's data",
        "sec_grid": "Status by sector",
        "sec_milestone": "2023 milestone: movement plans issued",
        "sec_emulation": "Emulation table",
        "sec_province": "Province-level targets",
        "col_code": "Code",
        "col_target_name": "Target",
        "col_latest": "Latest",
        "col_target": "Target",
        "col_deadline": "Deadline",
        "col_status": "Status",
        "col_projection": "Projected at deadline",
        "col_province": "Province",
        "col_source": "Source",
        "col_provenance": "Type",
        "col_values": "Values",
        "col_periods": "Periods",
        "col_files": "Files",
        "col_series": "Series with data",
        "col_years": "Years",
        "col_latest_period": "Latest period",
        "col_flags": "Notes",
        "col_reason": "Reason",
        "col_count": "Records",
        "col_file_ref": "File / cell",
        "col_indicator": "Indicator (as written)",
        "col_area": "Area (as written)",
        "col_value": "Value (as written)",
        "col_rank": "Rank",
        "col_unit": "Unit",
        "col_score": "Mean score",
        "col_met": "Met",
        "col_on_track": "On track",
        "col_behind": "Behind",
        "col_na": "No data",
        "col_change": "Since last review",
        "col_sector": "Sector",
        "col_pillar": "Pillar",
        "areas_word": "areas",
        "areas_met": "{met} of {n} {what} met",
        "after_deadline": "reached, but after the deadline",
        "missed_deadline": "not reached by the deadline",
        "rank_worse": "down {n} places on the year before",
        "districts_short": "districts",
        "communes_short": "communes",
        "reorg_short": (
            "District and commune figures end with the first half of 2025, before the "
            "reorganisation of 1 July 2025."
        ),
        "reorg_link": "See The 2025 reorganisation.",
        "legend_sector": "Sector",
        "milestone_at": "{value} ({date})",
        "districts": "districts",
        "communes": "communes",
        "province_wide": "province-wide",
        "province_scope_note": (
            "The sector has no figures by area; the charts use the province-wide figures "
            "(all sectors together)."
        ),
        "no_data": "no data yet",
        "no_area_data": "No figures by area for this sector's targets yet.",
        "target_line": "Target {target} ({year})",
        "projection": "Projected {year}: {value}",
        "top_n": "top {n}",
        "rank_word": "rank",
        "rank_axis": "Rank (1 = best)",
        "yes": "Yes",
        "no": "No",
        "growth_mean": "Mean {value}",
        "deadline_word": "deadline",
        "partial_year": "part of the year",
        "estimate": "estimate",
        "preliminary": "preliminary",
        "stale": "stale (over 2 years old)",
        "synthetic": "sample",
        "provenance_official": "official",
        "provenance_published": "published",
        "provenance_synthetic": "sample (synthetic)",
        "download": "Download CSV ({rows} rows, {size})",
        "download_help": (
            "A UTF-8 CSV file with every observed value this brief uses, in the columns of the "
            "processed data. Text cells that begin with =, +, - or @ get a leading ' so that "
            "spreadsheets do not read them as formulas."
        ),
        "quality_sources": "Sources",
        "quality_coverage": "Coverage and freshness",
        "quality_quarantine": "Records set aside (quarantined)",
        "quality_clean": (
            "Latest cleaning run: {read} records read; {clean} clean, {quarantined} "
            "quarantined, {no_data} marked “no data”, {duplicate} duplicates."
        ),
        "quarantine_none": "No record from this sector's files was quarantined.",
        "quarantine_some": (
            "{n} records from this sector's files were quarantined and are not used in the "
            "assessment."
        ),
        "quarantine_more": "Showing the first {shown}; see quarantine.csv for all of them.",
        "no_sources": "No figures yet for this brief's targets.",
        "stale_note": "The latest value is more than two years older than the assessment date.",
        "reorg_text": (
            "On 1 July 2025 Bình Dương province merged into Hồ Chí Minh City; the district tier "
            "was abolished and the 91 communes were reorganised into 36. District and commune "
            "figures in this brief therefore end with the first half of 2025 and are assessed "
            "as of 30 June 2025. Figures after 1 July 2025 refer to the new units; old and new "
            "area codes are not directly comparable."
        ),
        "reorg_rows": "{n} values in this brief refer to periods after 1 July 2025.",
        "method_text_1": (
            "Each target's status follows the progress measure designed by Statistics Canada "
            "and used by Open SDG: the observed compound annual growth is compared with the "
            "growth needed to reach the target by its deadline. A ratio of 95% or more is on "
            "track, 60% or more is progress that needs to accelerate, 0 or more is limited "
            "progress, below 0 is deterioration."
        ),
        "method_text_2": (
            "Because a percentage cannot pass 100%, the brief also draws a least-squares "
            "straight line to the deadline (dotted) and the change a year still needed. Ranks "
            "(lower is better) are met inside the top group; growth targets compare each year "
            "and the period mean with the threshold; yes/no targets and dated milestones are "
            "met or not yet. A year known only in part is marked “part of the year”."
        ),
        "method_text_3": (
            "A status is always shown by icon and words, never by colour alone. Figures more "
            "than two years older than the assessment date are not used for a verdict."
        ),
        "emulation_intro": (
            "Ranked by the mean progress score (−5 to 5) over the targets each unit reports; "
            "compared with the previous review ({previous})."
        ),
        "emulation_areas": "Districts, towns and cities",
        "emulation_sectors": "Departments (sectors)",
        "emulation_none": "No figures to rank yet.",
        "new_entry": "new",
        "grid_alt": "Status grid: each cell is one target of one sector.",
        "milestone_none": "No figures yet on the 2023 movement plans.",
        "figure_alt_series": (
            "Line chart: {name}. Latest value {value} ({period}); target {target} by "
            "{deadline}; status: {status}."
        ),
        "figure_alt_areas": "Ranked bar chart of {n} {what}: {name}.",
        "figure_alt_strip": "Dot chart: {name}, one dot per commune, by district.",
        "figure_alt_tiles": "Tile map of the nine district-level areas: {name}.",
        "figure_alt_milestone": "Bar chart: share of 2023 movement plans issued, by sector.",
        "footer": "Built with cdsanalysis {version}. Plan source: {source}.",
        "median_areas": "median of areas",
        "range_areas": "middle half of areas",
        "legend_history": "Observed",
        "legend_province": "Province",
        "tile_no_data": "no data",
    },
}

PILLAR_NAMES = {
    "vi": {"government": "Chính quyền số", "economy": "Kinh tế số", "society": "Xã hội số"},
    "en": {
        "government": "Digital government",
        "economy": "Digital economy",
        "society": "Digital society",
    },
}

_MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGS)})")
    return lang


def t(key: str, lang: str = "vi", **values: Any) -> str:
    """Return the words for ``key`` in ``lang``, with ``{placeholders}`` filled.

    Parameters
    ----------
    key : str
        A key of :data:`TEXT`.
    lang : {"vi", "en"}, default "vi"
    **values
        Values for the placeholders.

    Returns
    -------
    str

    Examples
    --------
    >>> t("areas_met", "en", met=3, n=9, what="districts")
    '3 of 9 districts met'
    """
    text = TEXT[_lang(lang)][key]
    return text.format(**values) if values else text


def format_number(value: float, lang: str = "vi", decimals: int = 1) -> str:
    """Format a number as readers of ``lang`` write it ("1.234,5" in vi, "1,234.5" in en)."""
    return i18n.format_number(float(value), lang, decimals)


def format_value(
    value: Any,
    unit: str,
    lang: str = "vi",
    *,
    kind: str | None = None,
    rank_of: Any = None,
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

    Returns
    -------
    str

    Examples
    --------
    >>> format_value(42.5, "percent", "vi"), format_value(7, "rank", "en", rank_of=63)
    ('42,5%', '7/63')
    """
    if _missing(value):
        return "–"
    value = float(value)
    if unit == "yes_no":
        return t("yes" if value >= 1 else "no", lang)
    if unit == "rank":
        of = "" if _missing(rank_of) else f"/{int(rank_of)}"
        return f"{int(round(value))}{of}"
    decimals = 3 if unit in ("index", "ratio") and abs(value) < 10 else 1
    text = format_number(value, lang, decimals)
    if kind == "growth" and value > 0:
        text = "+" + text
    return f"{text}%" if unit == "percent" else text


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
        return t("yes" if target >= 1 else "no", lang)
    if kind == "rank":
        return t("top_n", lang, n=int(target))
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


_LABEL = re.compile(r"^(\d{4})(?:-(Q|H|M|YTD)(\d{1,2})|-(\d{2})-(\d{2}))?$")


def period_label(label: Any, lang: str = "vi") -> str:
    """Write a canonical period label in words.

    Parameters
    ----------
    label : str
        "2024", "2024-Q4", "2025-H1", "2024-M12", "2025-YTD9" or "2024-12-31".
    lang : {"vi", "en"}, default "vi"

    Returns
    -------
    str
        For example "quý IV/2024" or "Q4 2024"; an unknown label is returned as given.

    Examples
    --------
    >>> period_label("2025-H1", "vi"), period_label("2024-Q4", "en")
    ('6 tháng đầu năm\xa02025', 'Q4\xa02024')
    """
    if _missing(label) or label == "":
        return "–"
    text = str(label)
    match = _LABEL.match(text)
    if not match:
        return text
    year, part, number, month, day = match.groups()
    vi = _lang(lang) == "vi"
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
    vi = _lang(lang) == "vi"
    noun = noun or ("chỉ tiêu" if vi else "targets")
    if vi:
        parts = [f"{good} trên {total} {noun} đã đạt hoặc đúng tiến độ"]
        if faster:
            parts.append(f"{faster} có tiến bộ nhưng cần tăng tốc")
        if behind:
            parts.append(f"{behind} tiến bộ hạn chế hoặc đi xuống")
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
    vi = _lang(lang) == "vi"
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
        return t("new_entry", lang)
    change = int(change)
    if change > 0:
        return f"↑ {change}"
    if change < 0:
        return f"↓ {-change}"
    return "="
