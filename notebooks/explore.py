# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Khám phá dữ liệu chuyển đổi số · Exploring the digital transformation data
#
# Sổ tay này hướng dẫn chuyên viên mới làm quen với bộ công cụ `cdsanalysis`, từng bước một, chỉ
# dùng API công khai. / This notebook walks a new analyst through `cdsanalysis`, step by step,
# using only the public API.
#
# > Dữ liệu trong `data/raw/demo/` là **dữ liệu mẫu tổng hợp** (cột `provenance` = `synthetic`),
# > không phải số liệu thật. / The data in `data/raw/demo/` are **synthetic** (column `provenance`
# > = `synthetic`), not real figures.

# %% [markdown]
# ## 1. Nạp kế hoạch và dữ liệu · Load the plan and the data
#
# `cds.load_observations()` làm sạch dữ liệu thô trước nếu dữ liệu đã xử lý chưa có hoặc cũ hơn.
# / `cds.load_observations()` cleans the raw files first when the processed data are missing or
# older, and says so.

# %%
# %matplotlib inline
import cdsanalysis as cds

plan = cds.load_plan()
observations = cds.load_observations()
print(len(plan.targets), "target series ·", len(observations), "observations")
observations["provenance"].value_counts()

# %% [markdown]
# ## 2. Lọc một lĩnh vực · Filter one sector
#
# Mã lĩnh vực / sector ids: `plan.sectors`.

# %%
plan.sectors

# %%
health = observations[observations["sector"] == "health"]
health.groupby("indicator_id")["period"].agg(["count", "min", "max"])

# %% [markdown]
# ## 3. Xem một chuỗi số liệu · Look at one series
#
# `cds.series` trả về một bảng gọn kèm mục tiêu; `cds.assess` đánh giá tiến độ mọi chuỗi.
# / `cds.series` returns one tidy series with its target; `cds.assess` assesses every series.

# %%
cds.series("gov.dossiers_online", sector="health")

# %%
assessment = cds.assess(observations, plan)
row = assessment[
    (assessment["target_id"] == "gov.dossiers_online") & (assessment["sector"] == "health")
].iloc[0]
fig = cds.plot_series(row, lang="vi")
fig

# %% [markdown]
# ## 4. So sánh các huyện, thị xã, thành phố · Compare the districts
#
# Tỷ lệ hồ sơ giải quyết trực tuyến theo cấp huyện. / Share of dossiers handled online, by
# district.

# %%
by_district = assessment[
    (assessment["target_id"] == "gov.dossiers_online") & (assessment["geo_level"] == "district")
]
cds.plot_areas(by_district, target=50, lang="vi")

# %%
cds.tile_map(
    by_district.set_index("geo_code")["latest_value"],
    statuses=by_district.set_index("geo_code")["status"],
    lang="vi",
    title="Hồ sơ trực tuyến / Dossiers online (%)",
)

# %% [markdown]
# ## 5. Vì sao một chỉ tiêu chậm tiến độ? · Why is a target off track?
#
# Mỗi đánh giá mang theo các con số đã tạo ra nó. / Every status carries the numbers behind it.

# %%
behind = assessment[assessment["status"].isin(["limited_progress", "deterioration"])]
columns = [
    "target_id", "sector", "geo_name", "latest_value", "target", "progress_value",
    "observed_pace", "required_pace", "projected_value", "status_vi", "status_en", "reason",
]  # fmt: skip
behind[columns].head(10)

# %%
worst = behind.sort_values("score").iloc[0]
print(worst["name_vi"], "·", worst["geo_name"])
print("  tốc độ hiện tại / observed pace:", worst["observed_pace"])
print("  tốc độ cần có / required pace:", worst["required_pace"])
print("  ghi chú / note:", worst["note"])
cds.plot_series(worst, lang="en")

# %% [markdown]
# ## 6. Tổng hợp theo lĩnh vực · Summarise by sector
#
# `cds.plot_status_grid` vẽ lưới lĩnh vực × chỉ tiêu. / `cds.plot_status_grid` draws the sector
# × target grid.

# %%
sector_rows = assessment[assessment["sector"].isin(plan.sector_ids)]
cds.plot_status_grid(
    sector_rows,
    rows="target_id",
    row_labels=dict(zip(plan.targets["id"], plan.targets["code"], strict=True)),
    col_labels=dict(zip(plan.sectors["id"], plan.sectors["name_vi"], strict=True)),
    lang="vi",
)

# %% [markdown]
# ## 7. Xuất bảng ra Excel · Export a table to Excel
#
# `cds.export_excel` ghi tệp an toàn để mở và chia sẻ (chống chèn công thức). / `cds.export_excel`
# writes a file that is safe to open and share (formula injection neutralised).

# %%
import tempfile
from pathlib import Path

out = Path(tempfile.mkdtemp()) / "ho-so-truc-tuyen-theo-huyen.xlsx"
cds.export_excel(by_district[["geo_code", "geo_name", "latest_value", "status_vi"]], out)
print("đã ghi / written:", out)
