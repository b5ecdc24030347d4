"""The emulation table: districts and communes ranked on their results.

The emulation movement (phong trào thi đua) compares units. :func:`final_ranking` ranks them on
the verdicts of the final review (districts and the former communes as of 30/6/2025, the new
communes and wards of the 2025-07-01 list on their own), or, on a progress-mode assessment, on
whether each series has reached its target so far.
"""

from __future__ import annotations

import pandas as pd

RANKING_COLUMNS = [
    "geo_level",
    "geo_vintage",
    "geo_code",
    "geo_name",
    "n_series",
    "n_met",
    "n_not_met",
    "n_no_data",
    "share_met",
    "mean_attainment",
    "rank",
    "rank_of",
]
_AREA_LEVELS = ("district", "commune")


def _outcome(row: pd.Series) -> str:
    """met / not_met / no_data: the verdict, or in progress mode whether the target is reached."""
    if row["review"] == "final":
        return row["verdict"]
    if pd.isna(row["achieved"]):
        return "no_data"
    return "met" if bool(row["achieved"]) else "not_met"


def _attainment(row: pd.Series, outcome: str) -> float | None:
    """How close the value came to the target: value / target (target / value when lower is
    better), capped at 1 so that overshooting one target does not hide a miss on another."""
    value = row["verdict_value"] if row["review"] == "final" else row["latest_value"]
    target = row["target"]
    if outcome == "no_data" or pd.isna(value) or pd.isna(target) or not target:
        return None
    ratio = value / target if row["direction"] > 0 else (target / value if value else None)
    return None if ratio is None else min(float(ratio), 1.0)


def final_ranking(assessment: pd.DataFrame) -> pd.DataFrame:
    """Rank the districts and communes on their final results (the emulation table).

    Parameters
    ----------
    assessment : pandas.DataFrame
        The output of :func:`cdsanalysis.assessment.assess.assess` (final or progress mode).

    Returns
    -------
    pandas.DataFrame
        One row per unit (district, or commune of one unit-list vintage), columns
        :data:`RANKING_COLUMNS`:

        - ``geo_level``, ``geo_vintage``, ``geo_code``, ``geo_name``: the unit. Districts and the
          former communes (vintage 2025-01-04) are judged at 30/6/2025; the new communes and
          wards (vintage 2025-07-01) form their own group.
        - ``n_series``: the unit's series in the assessment (target × sector);
          ``n_met``, ``n_not_met``, ``n_no_data``: their verdicts (in progress mode, whether the
          series has reached its target: ``achieved`` True, False or unknown).
        - ``share_met``: ``n_met / (n_met + n_not_met)``, NaN when no series has a verdict.
        - ``mean_attainment``: the mean over the series with a verdict of value / target
          (target / value when lower is better), each capped at 1; the value is
          ``verdict_value`` (final) or ``latest_value`` (progress).
        - ``rank``: 1 = best within its group (``geo_level``, ``geo_vintage``), by
          ``share_met``, then ``mean_attainment``, then ``n_met`` (higher first); units without
          any verdict come last, unranked (``rank`` NA). ``rank_of``: the units ranked in the
          group.

        Sorted by level (districts first), vintage, rank, then code.
    """
    # Rows standing for a series no area reported (no code) name no unit.
    areas = assessment[assessment["geo_level"].isin(_AREA_LEVELS) & assessment["geo_code"].notna()]
    rows = []
    for (level, vintage, code), unit in areas.groupby(
        ["geo_level", "geo_vintage", "geo_code"], sort=True, dropna=False
    ):
        outcomes = [_outcome(row) for _, row in unit.iterrows()]
        scores = [
            _attainment(row, o) for (_, row), o in zip(unit.iterrows(), outcomes, strict=True)
        ]
        scores = [s for s in scores if s is not None]
        met, not_met = outcomes.count("met"), outcomes.count("not_met")
        rows.append(
            dict(
                geo_level=level,
                geo_vintage=vintage,
                geo_code=code,
                geo_name=unit["geo_name"].dropna().iloc[-1]
                if unit["geo_name"].notna().any()
                else None,
                n_series=len(unit),
                n_met=met,
                n_not_met=not_met,
                n_no_data=outcomes.count("no_data"),
                share_met=met / (met + not_met) if met + not_met else float("nan"),
                mean_attainment=sum(scores) / len(scores) if scores else float("nan"),
            )
        )
    table = pd.DataFrame(rows, columns=RANKING_COLUMNS[:-2])
    table["rank"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table["rank_of"] = pd.array([pd.NA] * len(table), dtype="Int64")
    for _, group in table.groupby(["geo_level", "geo_vintage"], dropna=False):
        ranked = group[group["share_met"].notna()].sort_values(
            ["share_met", "mean_attainment", "n_met", "geo_code"],
            ascending=[False, False, False, True],
            na_position="last",
        )
        table.loc[ranked.index, "rank"] = range(1, len(ranked) + 1)
        table.loc[group.index, "rank_of"] = len(ranked)
    order = {level: i for i, level in enumerate(_AREA_LEVELS)}
    table["_order"] = table["geo_level"].map(order)
    table = table.sort_values(["_order", "geo_vintage", "rank", "geo_code"], na_position="last")
    return table.drop(columns="_order").reset_index(drop=True)
