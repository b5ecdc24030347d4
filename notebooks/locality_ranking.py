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

# %% tags=["parameters"]
lang = "vi"  # language of the page: "vi" or "en"
as_of = "latest"  # "latest" (latest period in the data) or a period such as "2024", "2025-H1"
processed_dir = None  # folder with observations.parquet (None: the project's data/processed)
plan_path = None  # plan catalogue (YAML) (None: the project's own)

# %%
from cdsanalysis.briefs import ranking_page as rp
from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.params import COMMUNES_RANKING, validate_area_params

params = validate_area_params(COMMUNES_RANKING, lang, as_of, processed_dir, plan_path)
ctx = rp.load_ranking_context(params)
ranking = ctx.ranking  # one row per commune or ward and unit list: a DataFrame to explore

# %% [markdown]
# # Communes and wards ranked
#
# Every commune, ward and town with figures, ranked within its unit list: the 2023 – 30/6/2025
# list (judged up to 30/6/2025) and the list of 1/7/2025. A code may be reused by the later list,
# so every row carries its list's date (key `<list date>:<code>`). Built by
# `cds briefs --areas district` beside the district briefs; `ranking` above is the table itself.

# %%
bc.show(bc.header(ctx))
bc.show(bc.banner(ctx))
bc.show(bc.toc_marker())
bc.publish_summary(ctx)
bc.show(rp.ranking_intro(ctx))

# %% [markdown]
# ## The two unit lists, sortable

# %%
bc.show(rp.ranking_sections(ctx))

# %% [markdown]
# ## Appendix: method, download

# %%
bc.show(bc.appendix(ctx, [bc.method_section(ctx), bc.data_section(ctx)]))
bc.show(bc.footer(ctx))
