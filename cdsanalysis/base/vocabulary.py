"""The suite's closed vocabularies, each defined once.

Every stage that checks, stores or shows one of these values imports it from here: the plan
catalogue's fields, the processed contract's allowed values, the progress statuses and the
languages of the briefs.
"""

from __future__ import annotations

import re

#: Languages of labels, messages and briefs; the first is the default.
LANGS = ("vi", "en")

#: Pillars of the plan (chính quyền số, kinh tế số, xã hội số).
PILLARS = ("government", "economy", "society")

#: Units of a target series; percent is stored on 0-100, yes_no as 1/0.
UNITS = ("percent", "rank", "ratio", "index", "count", "yes_no")

#: Kinds of target, each with its own progress view; "context" is a context indicator (no target).
KINDS = ("level", "rank", "growth", "yes_no", "milestone", "context")

#: How a value is compared with its target.
COMPARISONS = (">=", ">", "<=")

#: Administrative levels, from the top.
LEVELS = ("province", "district", "commune")

#: Direction of improvement: +1 higher is better, -1 lower is better.
DIRECTIONS = (1, -1)

#: Where a figure comes from, in order of precedence when two disagree (first wins).
PROVENANCES = ("official", "published", "synthetic")

#: Kinds of a period's figure: final, preliminary (sơ bộ) or estimate (ước).
PERIOD_KINDS = ("official", "preliminary", "estimate")

#: Layouts of a raw file.
LAYOUTS = ("long", "report", "matrix")

#: Progress statuses, best first (Statistics Canada's measure, as Open SDG names them).
STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)

#: A sector id of the plan catalogue: lower-case letters and underscores.
SECTOR_ID = re.compile(r"^[a-z_]+$")
