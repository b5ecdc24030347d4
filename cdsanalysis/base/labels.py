"""The words of the suite, one catalogue per language.

Each language has one dictionary with three tables: ``statuses`` (the words of a progress status;
the English ones are Statistics Canada's wording), ``pillars`` (the plan's three pillars) and
``words`` (everything else the terminal scoreboard, the briefs and their index page say, by key;
``{placeholders}`` are filled by :func:`cdsanalysis.base.i18n.label`). A Vietnamese and an
English brief built from the same data therefore say the same thing, and a key missing from one
language is caught by the tests.
"""

from __future__ import annotations

from cdsanalysis.base import locality_labels

VI: dict[str, dict[str, str]] = {
    "statuses": {
        "target_achieved": "Đã đạt",
        "substantial_progress": "Đúng tiến độ",
        "moderate_progress": "Có tiến bộ, cần đẩy nhanh",
        "limited_progress": "Chậm tiến độ",
        "deterioration": "Xấu đi",
        "not_available": "Chưa đủ số liệu",
    },
    "pillars": {"government": "Chính quyền số", "economy": "Kinh tế số", "society": "Xã hội số"},
    "words": {
        # The terminal scoreboard (cds status).
        "id": "Mã",
        "target_name": "Chỉ tiêu",
        "where": "Lĩnh vực / địa bàn",
        "latest": "Hiện tại",
        "target": "Mục tiêu",
        "status": "Đánh giá",
        "province_wide": "toàn tỉnh",
        "all_sectors": "tất cả lĩnh vực",
        "as_of": "số liệu đến",
        "sector": "lĩnh vực",
        "synthetic_banner": "DỮ LIỆU MẪU: có số liệu mẫu tổng hợp, không phải số liệu thật",
        "series": "chuỗi số liệu",
        "targets": "chỉ tiêu",
        "still_needed": "Còn cần",
        "no_data": "chưa có số liệu",
        # The briefs.
        "programme": "Bình Dương · Chuyển đổi số 2023–2025",
        "sector_title": "Lĩnh vực {name}",
        "overview_title": "Toàn tỉnh: tổng quan chuyển đổi số",
        "as_of_label": "Số liệu đến",
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
        "col_code": "Mã",
        "col_target_name": "Chỉ tiêu",
        "col_latest": "Hiện tại",
        "col_target": "Mục tiêu",
        "col_deadline": "Hạn",
        "col_status": "Đánh giá",
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
        "col_file_ref": "Tệp / ô",
        "col_indicator": "Chỉ tiêu (gốc)",
        "col_area": "Địa bàn (gốc)",
        "col_value": "Giá trị (gốc)",
        "col_period_raw": "Kỳ (gốc)",
        "col_rank": "Hạng",
        "col_unit": "Đơn vị",
        "col_score": "Điểm TB",
        "col_met": "Đạt",
        "col_on_track": "Đúng tiến độ",
        "col_behind": "Chậm",
        "col_na": "Chưa đủ DL",
        "col_change": "So với kỳ trước",
        "areas_met": "{met}/{n} {what} đạt",
        "after_deadline": "đạt nhưng sau thời hạn",
        "missed_deadline": "không đạt đúng hạn",
        "rank_worse": "tụt {n} bậc so với năm trước",
        "districts_short": "huyện",
        "communes_short": "xã",
        "reorg_short": (
            "Số liệu cấp huyện và của các xã cũ dừng ở 6 tháng đầu năm 2025, trước khi sắp xếp "
            "đơn vị hành chính ngày 01/7/2025; từ đó là số liệu của 36 xã, phường mới."
        ),
        "reorg_link": "Xem mục Sắp xếp đơn vị hành chính năm 2025.",
        "legend_sector": "Lĩnh vực",
        "milestone_at": "{value} ({date})",
        "districts": "huyện, thị xã, thành phố",
        "communes": "xã, phường, thị trấn",
        "province_scope_note": (
            "Ngành chưa có số liệu theo địa bàn; biểu đồ dùng số liệu chung của toàn tỉnh "
            "(không riêng lĩnh vực)."
        ),
        "no_area_data": "Chưa có số liệu theo địa bàn cho các chỉ tiêu của lĩnh vực này.",
        "reason_one_point": "mới có một điểm số liệu",
        "reason_no_rank": "chưa có thứ hạng từ năm gốc {year}",
        "reason_no_value_in_period": "không có số liệu trong giai đoạn kế hoạch",
        "reason_grade_c_only": "chỉ có số liệu hạng C, không dùng để đánh giá",
        "reason_other": "chưa đủ số liệu để đánh giá",
        "reason_code_unknown_indicator": "Không phải chỉ tiêu trong danh mục kế hoạch",
        "reason_code_unknown_sector": "Không phải lĩnh vực của kế hoạch",
        "reason_code_bad_period": "Không đọc được kỳ số liệu",
        "reason_code_unknown_area": "Không phải địa bàn của tỉnh",
        "reason_code_ambiguous_area": "Tên địa bàn trùng nhiều nơi, cần ghi loại hoặc mã",
        "reason_code_bad_value": "Không phải số đọc được (khoảng, ước lượng, chữ)",
        "reason_code_unit_mismatch": "Đơn vị tính khác đơn vị của chỉ tiêu",
        "reason_code_out_of_range": "Ngoài phạm vi đơn vị cho phép",
        "reason_code_conflict": "Mâu thuẫn với nguồn ưu tiên hơn (giữ giá trị của nguồn đó)",
        # The charts' alt texts: each names the chart's type and states its message.
        "chart_type_level": "Biểu đồ đường",
        "chart_type_rank": "Biểu đồ đường thứ hạng",
        "chart_type_growth": "Biểu đồ cột tăng trưởng từng năm",
        "chart_type_yes_no": "Biểu đồ điểm có/không",
        "chart_type_milestone": "Biểu đồ thanh",
        "alt_series": (
            "{type}{name}. Giá trị mới nhất {value} ({period}); mục tiêu {target}; tình "
            "trạng: {status}."
        ),
        "alt_series_empty": "{type}{name}. Chưa có số liệu; tình trạng: {status}.",
        "alt_areas": "Biểu đồ thanh xếp hạng {n} địa bàn: cao nhất {best}, thấp nhất {worst}{met}.",
        "alt_strip": (
            "Biểu đồ điểm: {n} xã, phường theo {groups} huyện, mỗi điểm một địa bàn; hộp xám là "
            "nửa giữa các xã, phường của mỗi huyện, vạch trong hộp là trung vị (cao nhất {top}, "
            "thấp nhất {bottom}); khoảng giá trị {low} đến {high}{met}."
        ),
        "legend_middle_half": "Nửa giữa (hộp), trung vị",
        "alt_tiles": "Bản đồ ô {n} huyện, thị xã, thành phố: cao nhất {best}, thấp nhất {worst}.",
        "alt_tiles_missing": "Không có số liệu: {names}.",
        "alt_milestone": (
            "Biểu đồ thanh tỷ lệ đã thực hiện theo đơn vị: {values}; mục tiêu {target}."
        ),
        "alt_grid": "Lưới tình trạng {rows} × {cols} ô, mỗi ô một chỉ tiêu của một cột: {counts}.",
        "alt_met": "; {met} trên {n} đạt mục tiêu {target}",
        "alt_values": "Giá trị: {synthetic} số liệu mẫu (mô phỏng), {real} số liệu thật.",
        "alt_no_data": "Biểu đồ: chưa có số liệu.",
        "lead_furthest": "Xa mục tiêu nhất",
        "final_reach": "tổng kết kế hoạch 2023–2025 (kết thúc {deadline})",
        "sec_peers": "Bình Dương giữa các tỉnh, thành (DTI)",
        "peers_intro": (
            "Các địa phương dẫn đầu Chỉ số chuyển đổi số (DTI) mỗi năm, theo những gì đã công bố, "
            "và các tỉnh Đông Nam Bộ (◆) có hạng được công bố; cột Bình Dương là hạng đã công bố "
            "của tỉnh. Độ tin cậy C là số suy ra, không dùng để đánh giá."
        ),
        "peers_group": "{n} tỉnh, thành",
        "col_year": "Năm",
        "col_ranked_among": "Xếp hạng trong",
        "col_peers": "Dẫn đầu và Đông Nam Bộ (◆)",
        "units_count": "{n} đơn vị",
        "print_communes_note": "Xếp hạng các xã, phường: xem bản HTML của báo cáo.",
        "lead_label": "Tóm tắt nhanh",
        "appendix": "Phụ lục: chất lượng dữ liệu, nguồn, phương pháp, tải dữ liệu",
        "print_sources": "Nguồn số liệu (bản in; đầy đủ trong phụ lục của bản HTML)",
        "measured_elsewhere": (
            "{codes}: đo theo địa bàn, chung cho mọi lĩnh vực; lĩnh vực này không có số liệu "
            "riêng, nên các chỉ tiêu này được đánh giá trong bản tổng quan toàn tỉnh."
        ),
        "target_line": "Mục tiêu {target} ({year})",
        "projection": "Dự báo {year}: {value}",
        "top_n": "nhóm {n} dẫn đầu",
        "rank_axis": "Thứ hạng (1 = cao nhất)",
        "yes": "Có",
        "no": "Không",
        "growth_mean": "Bình quân {value}",
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
        "reorg_text": (
            "Từ ngày 01/7/2025, tỉnh Bình Dương hợp nhất vào Thành phố Hồ Chí Minh; cấp huyện "
            "chấm dứt hoạt động và 91 xã, phường, thị trấn được sắp xếp thành 36 xã, phường. "
            "Số liệu cấp huyện và của các xã cũ vì vậy dừng ở 6 tháng đầu năm 2025 và được "
            "đánh giá tại thời điểm 30/6/2025. Từ ngày 01/7/2025, số liệu theo 36 xã, phường "
            "mới (danh mục 2025-07-01), và số liệu chung mang mã 74 với tên \u201cđịa bàn tỉnh "
            "Bình Dương (cũ)\u201d; không so sánh trực tiếp mã địa bàn cũ và mới. Số liệu chung "
            "của địa bàn cũ chỉ được tính từ các xã, phường mới (tổng tử số chia tổng mẫu số) "
            "khi đủ cả 36 đơn vị báo cáo; không bao giờ lấy trung bình các tỷ lệ."
        ),
        "reorg_rows": "{n} giá trị trong báo cáo thuộc kỳ sau ngày 01/7/2025.",
        "reorg_missing": "{indicator}, {period}: không tính số liệu chung vì thiếu {n} đơn vị: "
        "{units}.",
        "method_text_1": (
            "Tình trạng của mỗi chỉ tiêu theo thước đo tiến độ của Cơ quan Thống kê Canada, "
            "được nền tảng Open SDG sử dụng: so sánh tốc độ tăng bình quân năm đã đạt với tốc "
            "độ cần có để chạm mục tiêu đúng hạn. Tỷ số từ 95% trở lên là đúng tiến độ, từ 60% "
            "là có tiến bộ, cần đẩy nhanh, từ 0 là chậm tiến độ, dưới 0 là xấu đi."
        ),
        "method_text_2": (
            "Vì tỷ lệ phần trăm không vượt quá 100%, báo cáo còn tính đường thẳng bình phương "
            "nhỏ nhất kéo đến hạn và mức tăng mỗi năm còn cần. Thứ hạng (càng nhỏ càng tốt) "
            "đạt khi thuộc nhóm dẫn đầu; mục tiêu tăng trưởng đạt khi mọi năm 2023–2025 đạt "
            "ngưỡng (bình quân giai đoạn ghi kèm); chỉ tiêu có/không và mốc thời hạn được đánh "
            "giá đạt hay chưa. Năm chỉ có số liệu một phần năm được ghi “chưa trọn năm”."
        ),
        "method_text_3": (
            "Mỗi tình trạng luôn đi kèm biểu tượng và chữ, không chỉ bằng màu. Khi tổng kết "
            "(sau ngày 31/12/2025), mỗi chỉ tiêu được kết luận trên số liệu tại thời hạn: năm "
            "2025 (chính thức, nếu chưa có thì số ước), số lũy kế 12 tháng hoặc số đo trong "
            "tháng 12/2025; không có thì ghi “không có số liệu” kèm số liệu gần nhất trước đó. "
            "Trước thời hạn, số liệu cũ hơn 2 năm so với thời điểm đánh giá không được dùng để "
            "kết luận."
        ),
        "emulation_intro": (
            "Xếp theo điểm tiến độ bình quân (−5 đến 5) của các chỉ tiêu mà đơn vị có số liệu; "
            "so sánh với kỳ sơ kết trước ({previous})."
        ),
        "emulation_areas": "Huyện, thị xã, thành phố",
        "emulation_sectors": "Sở, ngành (lĩnh vực)",
        "emulation_none": "Chưa có số liệu để xếp hạng.",
        "new_entry": "mới",
        "milestone_none": "Chưa có số liệu về việc ban hành kế hoạch năm 2023.",
        "figure_alt_verdict": " Kết quả tại thời hạn: {verdict}.",
        "footer": "Lập bằng cdsanalysis {version}. Nguồn kế hoạch: {source}.",
        "median_areas": "trung vị các địa bàn",
        "range_areas": "khoảng giữa các địa bàn",
        "legend_province": "Toàn tỉnh",
        "tile_no_data": "không có số liệu",
        # The final review and the provenance of values.
        "banner_mixed": "DỮ LIỆU MẪU — có cả số liệu mẫu và số liệu thật",
        "banner_counts": (
            "{synthetic} số liệu mẫu (mô phỏng), {real} số liệu thật (chính thức hoặc đã công "
            "bố). Số liệu mẫu được đánh dấu riêng; không dùng để đánh giá hay ra quyết định."
        ),
        "mark_official": "chính thức",
        "mark_published": "đã công bố",
        "mark_estimate": "ước tính",
        "mark_synthetic": "mẫu (mô phỏng)",
        "rests_synthetic": "dữ liệu mẫu",
        "rests_graded": "{kind}, độ tin cậy {grade}",
        "verdict_met": "Đạt",
        "verdict_not_met": "Không đạt",
        "verdict_no_data": "Không có số liệu",
        "verdict_earlier": "số liệu gần nhất: {value} ({period})",
        "conflict_other": "nguồn khác cho {value} ({period}; số được giữ: {kept}): {source}",
        "sec_final": "Tổng kết giai đoạn 2023–2025",
        "final_intro": (
            "Kế hoạch kết thúc ngày {deadline}; số liệu đến {reach}. Mỗi chỉ tiêu được đánh giá "
            "tại thời hạn: đạt, không đạt hoặc không có số liệu. Cột “Diễn biến” giữ tình trạng "
            "tiến độ, cho biết chỉ tiêu đã chuyển biến thế nào."
        ),
        "final_counts": (
            "Tại thời hạn: {met} trên {n} chỉ tiêu đạt, {not_met} không đạt, {no_data} không có "
            "số liệu."
        ),
        "col_verdict": "Kết quả tại thời hạn",
        "col_verdict_value": "Số liệu đánh giá",
        "col_rests_on": "Căn cứ",
        "col_moved": "Diễn biến",
        "col_grade": "Độ tin cậy",
        "col_real_value": "Giá trị",
        "quality_real": "Số liệu chính thức và đã công bố trong báo cáo",
        "quality_real_none": "Báo cáo không có số liệu chính thức hay đã công bố.",
        "quality_context": "Số liệu tham khảo (không có mục tiêu trong kế hoạch)",
        "quality_context_note": "Các chỉ số này giúp hiểu bối cảnh; kế hoạch không đặt mục tiêu "
        "cho chúng nên không có đánh giá đạt hay không đạt.",
        "col_context_indicator": "Chỉ số tham khảo",
        "emulation_final_intro": (
            "Xếp hạng theo kết quả tổng kết: tỷ lệ chỉ tiêu đạt trên số chỉ tiêu có kết quả, "
            "rồi số chỉ tiêu đạt. Huyện, thị xã, thành phố đánh giá đến 30/6/2025 (cấp huyện đã "
            "bãi bỏ); xã, phường xếp riêng theo từng danh mục đơn vị."
        ),
        "emulation_communes": "Xã, phường, thị trấn (danh mục {vintage})",
        "col_not_met": "Không đạt",
        "col_no_verdict": "Không có số liệu",
        "col_share_met": "Tỷ lệ đạt",
        # The index page of the briefs.
        "index_heading": "Báo cáo tiếng Việt",
        "index_open": "Mở báo cáo",
        "index_failed": "Lỗi khi lập báo cáo",
        "index_notebook": "Sổ tay lỗi",
        "index_sample": "Dữ liệu mẫu",
    },
}

EN: dict[str, dict[str, str]] = {
    "statuses": {
        "target_achieved": "Target achieved",
        "substantial_progress": "On track",
        "moderate_progress": "Progress made but acceleration needed",
        "limited_progress": "Limited progress",
        "deterioration": "Deterioration",
        "not_available": "Not available",
    },
    "pillars": {
        "government": "Digital government",
        "economy": "Digital economy",
        "society": "Digital society",
    },
    "words": {
        # The terminal scoreboard (cds status).
        "id": "ID",
        "target_name": "Target",
        "where": "Sector / area",
        "latest": "Latest",
        "target": "Target",
        "status": "Status",
        "province_wide": "province-wide",
        "all_sectors": "all sectors",
        "as_of": "data as of",
        "sector": "sector",
        "synthetic_banner": "SYNTHETIC DATA: some figures are synthetic, not real",
        "series": "series",
        "targets": "targets",
        "still_needed": "Still needed",
        "no_data": "no data yet",
        # The briefs.
        "programme": "Bình Dương · Digital transformation 2023–2025",
        "sector_title": "{name}",
        "overview_title": "Province overview: digital transformation",
        "as_of_label": "Data as of",
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
        "col_code": "Code",
        "col_target_name": "Indicator",
        "col_latest": "Latest",
        "col_target": "Target",
        "col_deadline": "Deadline",
        "col_status": "Status",
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
        "col_file_ref": "File / cell",
        "col_indicator": "Indicator (as written)",
        "col_area": "Area (as written)",
        "col_value": "Value (as written)",
        "col_period_raw": "Period (as written)",
        "col_rank": "Rank",
        "col_unit": "Unit",
        "col_score": "Mean score",
        "col_met": "Met",
        "col_on_track": "On track",
        "col_behind": "Behind",
        "col_na": "No data",
        "col_change": "Since last review",
        "areas_met": "{met} of {n} {what} met",
        "after_deadline": "reached, but after the deadline",
        "missed_deadline": "not reached by the deadline",
        "rank_worse": "down {n} places on the year before",
        "districts_short": "districts",
        "communes_short": "communes",
        "reorg_short": (
            "District figures and those of the former communes end with the first half of 2025, "
            "before the reorganisation of 1 July 2025; from then on the 36 new communes and "
            "wards report."
        ),
        "reorg_link": "See The 2025 reorganisation.",
        "legend_sector": "Sector",
        "milestone_at": "{value} ({date})",
        "districts": "districts",
        "communes": "communes",
        "province_scope_note": (
            "The sector has no figures by area; the charts use the province-wide figures "
            "(all sectors together)."
        ),
        "no_area_data": "No figures by area for this sector's targets yet.",
        "reason_one_point": "only one data point",
        "reason_no_rank": "no rank from the base year {year} on",
        "reason_no_value_in_period": "no value in the plan period",
        "reason_grade_c_only": "only a grade C figure, which never decides",
        "reason_other": "not enough data to assess",
        "reason_code_unknown_indicator": "Not an indicator of the plan catalogue",
        "reason_code_unknown_sector": "Not a sector of the plan",
        "reason_code_bad_period": "Period cannot be read",
        "reason_code_unknown_area": "Not an area of the province",
        "reason_code_ambiguous_area": "Area name fits several areas: give its type or code",
        "reason_code_bad_value": "Not a readable number (a range, an estimate, words)",
        "reason_code_unit_mismatch": "Unit differs from the indicator's unit",
        "reason_code_out_of_range": "Outside what the unit allows",
        "reason_code_conflict": "Conflicts with a source of higher rank (its value is kept)",
        # The charts' alt texts: each names the chart's type and states its message.
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
            "Dot chart: {n} communes and wards by {groups} districts, one dot per area; a grey "
            "box spans each district's middle half, the bar inside it is the median (highest "
            "{top}, lowest {bottom}); values from {low} to {high}{met}."
        ),
        "legend_middle_half": "Middle half (box), median",
        "alt_tiles": "Tile map of {n} district-level areas: highest {best}, lowest {worst}.",
        "alt_tiles_missing": "No data: {names}.",
        "alt_milestone": "Bar chart of the share done by unit: {values}; target {target}.",
        "alt_grid": (
            "Status grid of {rows} × {cols} cells, one target of one column each: {counts}."
        ),
        "alt_met": "; {met} of {n} meet the target {target}",
        "alt_values": "Values: {synthetic} synthetic (sample), {real} real.",
        "alt_no_data": "Chart: no data yet.",
        "lead_furthest": "Furthest from target",
        "final_reach": "final review of the 2023–2025 plan (ended {deadline})",
        "sec_peers": "Bình Dương among the provinces (DTI)",
        "peers_intro": (
            "The leaders of the Digital Transformation Index (DTI) each year, as far as published, "
            "and the South-East provinces (◆) whose rank was published; the Bình Dương column is "
            "the province's published rank. Grade C is derived and never used to assess."
        ),
        "peers_group": "{n} provinces",
        "col_year": "Year",
        "col_ranked_among": "Ranked among",
        "col_peers": "Leaders and South-East (◆)",
        "units_count": "{n} units",
        "print_communes_note": "The communes' and wards' ranking: see the HTML brief.",
        "lead_label": "At a glance",
        "appendix": "Appendix: data quality, sources, method, download",
        "print_sources": "Sources (printed copy; in full in the HTML brief's appendix)",
        "measured_elsewhere": (
            "{codes}: measured by area for all sectors together; this sector has no figures of "
            "its own for them, so they are assessed in the province overview."
        ),
        "target_line": "Target {target} ({year})",
        "projection": "Projected {year}: {value}",
        "top_n": "top {n}",
        "rank_axis": "Rank (1 = best)",
        "yes": "Yes",
        "no": "No",
        "growth_mean": "Mean {value}",
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
        "reorg_text": (
            "On 1 July 2025 Bình Dương province merged into Hồ Chí Minh City; the district tier "
            "was abolished and the 91 communes were reorganised into 36. District figures and "
            "those of the former communes therefore end with the first half of 2025 and are "
            "assessed as of 30 June 2025. From 1 July 2025 figures are by the 36 new communes "
            "and wards (unit list 2025-07-01), and figures for the whole former territory keep "
            "code 74 under the name \u201cđịa bàn tỉnh Bình Dương (cũ)\u201d; old and new area "
            "codes are not directly comparable. The former territory's figure is computed from "
            "the new units (sum of numerators over sum of denominators) only when all 36 "
            "report; rates are never averaged."
        ),
        "reorg_rows": "{n} values in this brief refer to periods after 1 July 2025.",
        "reorg_missing": "{indicator}, {period}: no figure for the former territory, {n} units "
        "did not report: {units}.",
        "method_text_1": (
            "Each target's status follows the progress measure designed by Statistics Canada "
            "and used by Open SDG: the observed compound annual growth is compared with the "
            "growth needed to reach the target by its deadline. A ratio of 95% or more is on "
            "track, 60% or more is progress that needs to accelerate, 0 or more is limited "
            "progress, below 0 is deterioration."
        ),
        "method_text_2": (
            "Because a percentage cannot pass 100%, the brief also computes a least-squares "
            "straight line to the deadline and the change a year still needed. Ranks (lower "
            "is better) are met inside the top group; growth targets are met only when every "
            "year 2023–2025 reaches the threshold (the period mean is shown); yes/no targets "
            "and dated milestones are met or not yet. A year known only in part is marked "
            "“part of the year”."
        ),
        "method_text_3": (
            "A status is always shown by icon and words, never by colour alone. In the final "
            "review (after 31/12/2025) each target is judged on its figure for the deadline: "
            "the year 2025 (official, else the estimate), a 12-month cumulative figure or a "
            "December reading; with none, “no data at the deadline”, beside the latest earlier "
            "figure. Before the deadline, figures more than two years older than the "
            "assessment date are not used for a verdict."
        ),
        "emulation_intro": (
            "Ranked by the mean progress score (−5 to 5) over the targets each unit reports; "
            "compared with the previous review ({previous})."
        ),
        "emulation_areas": "Districts, towns and cities",
        "emulation_sectors": "Departments (sectors)",
        "emulation_none": "No figures to rank yet.",
        "new_entry": "new",
        "milestone_none": "No figures yet on the 2023 movement plans.",
        "figure_alt_verdict": " Verdict at the deadline: {verdict}.",
        "footer": "Built with cdsanalysis {version}. Plan source: {source}.",
        "median_areas": "median of areas",
        "range_areas": "middle half of areas",
        "legend_province": "Province",
        "tile_no_data": "no data",
        # The final review and the provenance of values.
        "banner_mixed": "SAMPLE DATA — sample and real figures side by side",
        "banner_counts": (
            "{synthetic} synthetic (sample) values, {real} real values (official or "
            "published). Synthetic values are marked apart; do not use them to assess or decide."
        ),
        "mark_official": "official",
        "mark_published": "published",
        "mark_estimate": "estimate",
        "mark_synthetic": "sample (synthetic)",
        "rests_synthetic": "synthetic",
        "rests_graded": "{kind}, grade {grade}",
        "verdict_met": "Met",
        "verdict_not_met": "Not met",
        "verdict_no_data": "No data at the deadline",
        "verdict_earlier": "latest earlier value: {value} ({period})",
        "conflict_other": "another source gives {value} ({period}; kept: {kept}): {source}",
        "sec_final": "Final review 2023–2025",
        "final_intro": (
            "The plan ended on {deadline}; the data reach {reach}. Each target is judged at its "
            "deadline: met, not met, or no data at the deadline. The “How it moved” column "
            "keeps the progress status."
        ),
        "final_counts": (
            "At the deadline: {met} of {n} targets met, {not_met} not met, {no_data} without data."
        ),
        "col_verdict": "Result at the deadline",
        "col_verdict_value": "Value judged",
        "col_rests_on": "Rests on",
        "col_moved": "How it moved",
        "col_grade": "Grade",
        "col_real_value": "Value",
        "quality_real": "Official and published figures in this brief",
        "quality_real_none": "This brief shows no official or published figure.",
        "quality_context": "Context figures (no target in the plan)",
        "quality_context_note": "These indicators give context; the plan sets no target for "
        "them, so they have no verdict.",
        "col_context_indicator": "Context indicator",
        "emulation_final_intro": (
            "Ranked on the final results: the share of targets met among those with a result, "
            "then the number met. Districts are judged at 30/6/2025 (the district tier was "
            "abolished); communes are ranked apart for each list of units."
        ),
        "emulation_communes": "Communes and wards (unit list of {vintage})",
        "col_not_met": "Not met",
        "col_no_verdict": "No data",
        "col_share_met": "Share met",
        # The index page of the briefs.
        "index_heading": "Briefs in English",
        "index_open": "Open the brief",
        "index_failed": "The brief failed to build",
        "index_notebook": "Failed notebook",
        "index_sample": "Sample data",
    },
}

VI["words"].update(locality_labels.VI)
EN["words"].update(locality_labels.EN)

#: The catalogue of each language of :data:`cdsanalysis.base.vocabulary.LANGS`.
CATALOGUES = {"vi": VI, "en": EN}
