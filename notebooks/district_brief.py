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
area = "district-718-2025-01-04"  # district-<code>-<unit list date> (`cds briefs --areas district`)
lang = "vi"  # language of the brief: "vi" or "en"
as_of = "latest"  # "latest" (latest period in the data) or a period such as "2024", "2025-H1"
processed_dir = None  # folder with observations.parquet (None: the project's data/processed)
plan_path = None  # plan catalogue (YAML) (None: the project's own)

# %%
from cdsanalysis.briefs import lead, review
from cdsanalysis.briefs import locality_sections as ls
from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.locality import load_area_context
from cdsanalysis.briefs.locality_view import AreaView
from cdsanalysis.briefs.params import validate_area_params

params = validate_area_params(area, lang, as_of, processed_dir, plan_path)
ctx = load_area_context(params)
view = AreaView(ctx)  # the scoreboard, charts, peers and narrative as objects

# %% [markdown]
# # District brief
#
# One district-level area of Bình Dương (the unit list of 2023 to 30/6/2025): the targets its
# own figures hold, its place among the districts of the same list, the gaps left, and its
# communes before and after the reorganisation of 1/7/2025. Build every district brief with
# `cds briefs --areas district`, or run one alone:
# `papermill notebooks/district_brief.ipynb out.ipynb -p area district-719-2025-01-04 -p lang en`.
#
# In JupyterLab: `view.scoreboard.frame` (with `place` and `rank_of` on each target),
# `view.charts["G9b"]` (`.figure`, `.data`, `.redraw()`), `view.peers` (the districts ranked).

# %% [markdown]
# ## First screen: header, sample-data notice, verdict, the targets furthest behind

# %%
bc.show(bc.header(ctx))
bc.show(bc.banner(ctx))
bc.show(lead.lead_section(ctx))
bc.show(ls.area_intro(ctx))
bc.show(bc.toc_marker())
bc.publish_summary(ctx)

# %% [markdown]
# ## Final review, the area's scoreboard and charts
# The verdict of each target at its deadline (after the plan ended), the area's value beside the
# province's and its place among the districts; each chart draws the area's series, the
# province-wide one and the middle half of the districts.

# %%
bc.show(review.final_review_section(ctx))
bc.show(view.narrative)
bc.show(view.scoreboard)
bc.show(view.charts)

# %% [markdown]
# ## Place among the districts, its published context figures, gaps, communes

# %%
bc.show(ls.peers_section(ctx))
bc.show(ls.area_context_section(ctx))
bc.show(ls.gaps_section(ctx))
bc.show(ls.communes_section(ctx))

# %% [markdown]
# ## Appendix: the reorganisation, method, download

# %%
bc.show(ls.area_appendix_section(ctx))
bc.show(bc.footer(ctx))
