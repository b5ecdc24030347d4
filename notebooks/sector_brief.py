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
sector = "health"  # sector id from the plan: urban, industry, environment, transport, ...
lang = "vi"  # language of the brief: "vi" or "en"
as_of = "latest"  # "latest" (latest period in the data) or a period such as "2024", "2025-H1"
processed_dir = None  # folder with observations.parquet (None: the project's data/processed)
plan_path = None  # plan catalogue (YAML) (None: the project's own)

# %%
from cdsanalysis.briefs import lead, review
from cdsanalysis.briefs import sections as bc
from cdsanalysis.briefs.content import load_context
from cdsanalysis.briefs.params import validate_params
from cdsanalysis.briefs.view import BriefView

params = validate_params(sector, lang, as_of, processed_dir, plan_path)
ctx = load_context(params)
view = BriefView(ctx)  # the scoreboard, charts, areas and narrative as objects

# %% [markdown]
# # Sector brief
#
# One sector of Bình Dương's Digital Transformation plan 2023–2025: every target the sector
# tracks, how far it has come, where its areas stand, and how good the data are. The brief's
# words come from `cdsanalysis` in the chosen language; these notes are for whoever opens the
# notebook. Build the HTML with `cds briefs` or `cdsanalysis.briefs.build.build_brief`, or run it
# alone: `papermill notebooks/sector_brief.ipynb out.ipynb -p sector health -p lang en`.
#
# In JupyterLab the sections below are objects, not only pictures: `view.scoreboard.frame` is the
# scoreboard as a DataFrame (`view.scoreboard.styled()` coloured by status), `view.charts["G4"]`
# one target's chart (`.figure`, `.data`, `.redraw(lang="en")`), `view.areas["G9c"]` one
# target's districts or communes compared (`.data`, `.figure`, `.tiles`, `.redraw()`),
# `view.narrative.markdown` the summary's sentences. The exported brief takes their HTML.
#
# Parameters are checked before anything is read: a bad value stops here with a message that
# names it and lists the valid choices. Then the data are loaded and assessed once.

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
# ## Summary and scoreboard
# Sentences generated from the statuses (`cdsanalysis.briefs.narrative`), then one line per target:
# latest value, target, deadline, status by icon, colour and words, and the province-wide value.

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

# %% [markdown]
# ## Each target over time
# History, the target line, the straight-line projection to the deadline, the status colour.

# %%
bc.show(view.charts)

# %% [markdown]
# ## Areas compared
# Districts and communes where the data have them, and the tile map of the nine district-level
# areas.

# %%
bc.show(view.areas)

# %% [markdown]
# ## Appendix: data quality, the 2025 reorganisation, method, download
# Folded on screen and listed in the contents; in print a compact source list takes its place.

# %%
bc.show(bc.appendix_section(ctx))
bc.show(bc.footer(ctx))
