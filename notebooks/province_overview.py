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
lang = "vi"  # language of the brief: "vi" or "en"
as_of = "latest"  # "latest" (latest period in the data) or a period such as "2024", "2025-H1"
processed_dir = None  # folder with observations.parquet (None: the project's data/processed)
plan_path = None  # plan catalogue (YAML) (None: the project's own)

# %%
from cdsanalysis.briefs import lead, overview, peers_table, review
from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.content import load_context
from cdsanalysis.briefs.params import validate_overview_params
from cdsanalysis.briefs.view import BriefView

params = validate_overview_params(lang, as_of, processed_dir, plan_path)
ctx = load_context(params)
view = BriefView(ctx)  # the scoreboard, charts, areas and narrative as objects

# %% [markdown]
# # Province overview
#
# Every province-level target of Bình Dương's Digital Transformation plan 2023–2025 (rankings,
# digital government, digital economy, digital society), the status of every sector, the 2023
# milestone and the emulation table. Run alone with
# `papermill notebooks/province_overview.ipynb out.ipynb -p lang en`.
#
# In JupyterLab the sections below are objects, not only pictures: `view.scoreboard.frame` is the
# scoreboard as a DataFrame (`view.scoreboard.styled()` coloured by status), `view.charts["G4"]`
# one target's chart (`.figure`, `.data`, `.redraw(lang="en")`), `view.areas["G9c"]` one
# target's districts or communes compared (`.data`, `.figure`, `.tiles`, `.redraw()`),
# `view.narrative.markdown` the summary's sentences. The exported brief takes their HTML.
#
# Parameters are checked before anything is read; then the data are loaded and assessed, now
# and at the previous review (end of the previous year) for the emulation table.

# %% [markdown]
# ## First screen: header, sample-data notice, verdict, the targets furthest behind
# What a leader sees on a phone before scrolling: the period the data reach, the verdict line
# with its counts, the two or three targets furthest from their target (the rule is in
# `docs/method.md`, "The first screen") and, when a value shown is synthetic, a compact notice.

# %%
bc.show(bc.header(ctx))
bc.show(bc.banner(ctx))
bc.show(lead.lead_section(ctx))
bc.show(bc.toc_marker())
bc.publish_summary(ctx)

# %% [markdown]
# ## Summary and province-level scoreboard
# Rankings first (the DTI path among them), then digital government, economy and society.

# %% [markdown]
# ## Final review
# Once the plan has ended (built after 31/12/2025, unless `as_of` names an earlier period), the
# brief leads with the verdict of every target at its deadline, the value and source it rests
# on, and the progress status beside it as how the target moved. Before then it shows nothing.

# %%
bc.show(review.final_review_section(ctx))

# %%
bc.show(view.narrative)
bc.show(view.scoreboard)
bc.show(view.charts)

# %% [markdown]
# ## Bình Dương among the provinces
# The published DTI leaders of each year and the South-East provinces, beside the province's own
# published rank (`data/reference/dti_peers.csv`): the context of the rank targets.

# %%
bc.show(peers_table.peers_section(ctx))

# %% [markdown]
# ## Sectors, the 2023 milestone, the emulation table

# %%
bc.show(overview.status_grid_section(ctx))
bc.show(overview.milestone_section(ctx))
bc.show(overview.emulation_section(ctx))
bc.show(view.areas)

# %% [markdown]
# ## Appendix: data quality, the 2025 reorganisation, method, download
# Folded on screen and listed in the contents; in print a compact source list takes its place.

# %%
bc.show(bc.appendix_section(ctx))
bc.show(bc.footer(ctx))
