"""The words of the locality pages (district briefs, the communes' ranking), by language.

Kept beside :mod:`cdsanalysis.base.labels`, which merges them into each language's ``words``
table, so that :func:`cdsanalysis.base.i18n.label` finds them and a key missing from one language
is caught by the same tests.
"""

from __future__ import annotations

VI: dict[str, str] = {
    "area_title": "{name}: kết quả chuyển đổi số",
    "area_list": "danh mục đơn vị hành chính {date}",
    "area_intro": (
        "Cấp huyện, {list}. Cấp huyện kết thúc ngày 30/6/2025: số liệu và kết quả của địa bàn "
        "dừng ở kỳ cuối trước ngày đó."
    ),
    "area_no_lines": "Dữ liệu chưa có chỉ tiêu nào của địa bàn này.",
    "sec_area_scoreboard": "Các chỉ tiêu của địa bàn",
    "sec_area_peers": "Vị trí giữa các huyện, thị xã, thành phố",
    "sec_area_gaps": "Khoảng cách còn lại và số liệu còn thiếu",
    "sec_area_communes": "Xã, phường của địa bàn",
    "col_place": "Thứ hạng trên chỉ tiêu",
    "col_peer_median": "Trung vị các huyện",
    "col_best": "Cao nhất",
    "col_attainment": "Mức đạt TB",
    "col_district": "Huyện (trước 1/7/2025)",
    "col_former_districts": "Từ huyện",
    "col_key": "khóa danh mục:mã",
    "col_mark": "Nguồn",
    "place_of": "{place}/{n}",
    "peers_sentence": (
        "{name} xếp thứ {rank}/{n} huyện, thị xã, thành phố của {list}: {met} chỉ tiêu đạt, "
        "{not_met} không đạt, {no_data} không có số liệu."
    ),
    "peers_unranked": "{name} chưa được xếp hạng: chưa chỉ tiêu nào có kết quả.",
    "peers_rule": (
        "Thứ tự: tỷ lệ chỉ tiêu đạt, rồi mức đạt trung bình (giá trị so với mục tiêu, tối đa "
        "100%), rồi số chỉ tiêu đạt (xem phần Phương pháp)."
    ),
    "peers_this": "địa bàn này",
    "peers_targets": "Thứ hạng trên từng chỉ tiêu",
    "gap_short": "{code}: còn cách mục tiêu {gap} ({value}, mục tiêu {target}).",
    "gap_met": "{code}: đã đạt mục tiêu ({value}, mục tiêu {target}).",
    "gap_years": "{code}: không có số liệu năm {years}.",
    "gap_none": "Mọi chỉ tiêu của địa bàn đã đạt và không thiếu năm nào.",
    "gap_communes": (
        "{met}/{n} xã, phường của địa bàn đạt mọi chỉ tiêu của cấp xã; chưa đạt: {names}."
    ),
    "gap_communes_all": "{met}/{n} xã, phường của địa bàn đạt mọi chỉ tiêu của cấp xã.",
    "communes_former": "Xã, phường, thị trấn của địa bàn (danh mục {date})",
    "communes_rank_note": "Hạng tính trong toàn bộ {n} xã, phường, thị trấn của danh mục.",
    "communes_successors": "Từ 1/7/2025 địa bàn thuộc các xã, phường sau ({n}):",
    "successor_partial": "một phần",
    "communes_ranking_link": "Bảng xếp hạng mọi xã, phường",
    "reorg_area": (
        "Ngày 1/7/2025 tỉnh Bình Dương nhập vào Thành phố Hồ Chí Minh và cấp huyện được bãi "
        "bỏ. Các xã, phường của địa bàn được sắp xếp lại thành các đơn vị mới; mã đơn vị có "
        "thể được dùng lại giữa hai danh mục, nên mỗi đơn vị luôn đi kèm ngày danh mục."
    ),
    "ranking_title": "Xếp hạng xã, phường: kết quả chuyển đổi số",
    "ranking_intro": (
        "Mọi xã, phường, thị trấn có số liệu, xếp theo kết quả trong từng danh mục đơn vị: "
        "{lists}. Mã một đơn vị có thể được dùng lại ở danh mục khác, nên mỗi dòng ghi cả "
        "danh mục (khóa danh mục:mã)."
    ),
    "ranking_list": "Danh mục {date} ({n} đơn vị)",
    "ranking_list_old": "trước 1/7/2025, đánh giá đến 30/6/2025",
    "ranking_list_new": "từ 1/7/2025",
    "sort_by": "Sắp xếp theo",
    "sort_rank": "Hạng",
    "sort_name": "Tên",
    "sort_district": "Huyện",
    "sort_share": "Tỷ lệ đạt",
    "sec_ranking_method": "Cách xếp hạng",
    "locality_heading": "Địa bàn (tổng kết)",
    "locality_ranking_card": "Xếp hạng xã, phường",
    "spans_districts": "nhiều huyện",
    "new_units_group": "Xã, phường mới (từ 1/7/2025)",
}

EN: dict[str, str] = {
    "area_title": "{name}: digital transformation results",
    "area_list": "unit list of {date}",
    "area_intro": (
        "District level, {list}. The district level ended on 30/6/2025: the area's figures and "
        "results stop at the last period before that date."
    ),
    "area_no_lines": "The data hold no target of this area yet.",
    "sec_area_scoreboard": "The area's targets",
    "sec_area_peers": "Place among the districts, towns and cities",
    "sec_area_gaps": "Gaps left and missing figures",
    "sec_area_communes": "The area's communes and wards",
    "col_place": "Place on the target",
    "col_peer_median": "Districts' median",
    "col_best": "Highest",
    "col_attainment": "Mean attainment",
    "col_district": "District (before 1/7/2025)",
    "col_former_districts": "From district",
    "col_key": "key list:code",
    "col_mark": "Source",
    "place_of": "{place} of {n}",
    "peers_sentence": (
        "{name} ranks {rank} of {n} districts, towns and cities of the {list}: {met} targets "
        "met, {not_met} not met, {no_data} without data."
    ),
    "peers_unranked": "{name} is not ranked: no target has a result yet.",
    "peers_rule": (
        "Order: share of targets met, then mean attainment (value against target, at most "
        "100%), then targets met (see Method)."
    ),
    "peers_this": "this area",
    "peers_targets": "Place on each target",
    "gap_short": "{code}: {gap} short of the target ({value}, target {target}).",
    "gap_met": "{code}: target met ({value}, target {target}).",
    "gap_years": "{code}: no figure for {years}.",
    "gap_none": "Every target of the area is met and no year is missing.",
    "gap_communes": (
        "{met} of {n} communes and wards of the area met every commune target; not met: {names}."
    ),
    "gap_communes_all": "{met} of {n} communes and wards of the area met every commune target.",
    "communes_former": "The area's communes, wards and towns (unit list of {date})",
    "communes_rank_note": "Ranks are among all {n} communes, wards and towns of the list.",
    "communes_successors": "From 1/7/2025 the area lies in these communes and wards ({n}):",
    "successor_partial": "in part",
    "communes_ranking_link": "Ranking of every commune and ward",
    "reorg_area": (
        "On 1/7/2025 Bình Dương province joined Ho Chi Minh City and the district level was "
        "abolished. The area's communes and wards were reorganised into new units; a unit's "
        "code may be reused between the two lists, so every unit is given with its list's date."
    ),
    "ranking_title": "Communes and wards ranked: digital transformation results",
    "ranking_intro": (
        "Every commune, ward and town with figures, ranked on its results within each unit "
        "list: {lists}. A unit's code may be reused by the other list, so every row names its "
        "list too (key list:code)."
    ),
    "ranking_list": "Unit list of {date} ({n} units)",
    "ranking_list_old": "before 1/7/2025, judged up to 30/6/2025",
    "ranking_list_new": "from 1/7/2025",
    "sort_by": "Sort by",
    "sort_rank": "Rank",
    "sort_name": "Name",
    "sort_district": "District",
    "sort_share": "Share met",
    "sec_ranking_method": "How units are ranked",
    "locality_heading": "Localities (final review)",
    "locality_ranking_card": "Communes and wards ranked",
    "spans_districts": "several districts",
    "new_units_group": "New communes, wards (1/7/2025)",
}
