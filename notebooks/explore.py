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
cds.assess(observations, plan, as_of=2024).shape  # một năm là một kỳ / a year is a period
row = assessment[
    (assessment["target_id"] == "gov.dossiers_online") & (assessment["sector"] == "health")
].iloc[0]
fig = cds.plot_series(row, lang="vi")
fig

# %% [markdown]
# ### Bảng theo năm và biểu đồ nhiều chuỗi · The yearly table and several series in one chart
#
# `cds.yearly` cho một dòng mỗi chỉ tiêu × lĩnh vực × địa bàn × năm, với giá trị đại diện cho năm
# đó. `scope == "all_sectors"` là dòng chung cho mọi lĩnh vực. / `cds.yearly` gives one row per
# target × sector × area × year, with the value that stands for the year. `scope ==
# "all_sectors"` marks a row about every sector.

# %%
yearly = cds.yearly(observations, plan)
shares = yearly[yearly["target_id"].str.startswith("econ.digital_economy_share.")]
shares.pivot_table(index="year", columns="sector", values="value")

# %% [markdown]
# Mỗi hàm vẽ nhận `ax=` để ghép nhiều biểu đồ; `cds.plot_trend` vẽ mỗi lĩnh vực (hoặc mỗi địa
# bàn) một đường, kèm đường mục tiêu. / Every plot function takes `ax=` to compose figures;
# `cds.plot_trend` draws one line per sector (or per area) with the target line.

# %%
from matplotlib.figure import Figure

fig = Figure(figsize=(12, 4.2), layout="constrained")
left, right = fig.subplots(1, 2)
cds.plot_trend("gov.dossiers_online", by="sector", table=yearly, plan=plan, ax=left)
cds.plot_trend(
    "gov.dossiers_online",
    by="area",
    areas=["Di An", "Thu Dau Mot", "Bến Cát"],
    table=yearly,
    plan=plan,
    ax=right,
)
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

# %% [markdown]
# Mỗi dòng là một chỉ tiêu của kế hoạch (theo mã, như E2): tám tỷ trọng kinh tế số theo lĩnh vực
# gộp thành một dòng E2, mỗi lĩnh vực một ô. / One row per target of the plan (by its code, such
# as E2): the eight sector shares of the digital economy make one E2 row, one cell per sector.

# %%
code_of = dict(zip(plan.targets["id"], plan.targets["code"], strict=True))
sector_rows = assessment[
    (assessment["scope"] == "sector") & (assessment["geo_level"] == "province")
].assign(code=lambda t: t["target_id"].map(code_of))
cds.plot_status_grid(
    sector_rows.drop_duplicates(["code", "sector"]),
    rows="code",
    col_labels=dict(zip(plan.sectors["id"], plan.sectors["name_vi"], strict=True)),
    lang="vi",
)

# %% [markdown]
# ## 7. Xuất bảng ra Excel · Export a table to Excel
#
# `cds.export_excel` ghi tệp an toàn để mở và chia sẻ (chống chèn công thức). / `cds.export_excel`
# writes a file that is safe to open and share (formula injection neutralised).

# %% [markdown]
# Tệp được ghi vào `reports/exports/` của dự án; đổi `out_dir` sang thư mục bạn chọn. / The file
# goes to the project's `reports/exports/`; set `out_dir` to a folder of your choice.

# %%
from cdsanalysis.base import paths

out_dir = paths.REPORTS_DIR / "exports"
out_dir.mkdir(parents=True, exist_ok=True)
out = out_dir / "ho-so-truc-tuyen-theo-huyen.xlsx"
cds.export_excel(by_district[["geo_code", "geo_name", "latest_value", "status_vi"]], out)
print("đã ghi / written:", out)
