"""The terminal scoreboard behind ``cds status``: one line per target, or per series.

Load inputs (processed observations, plan), process (:func:`cdsanalysis.assessment.assess`), and
print the scoreboard. By default one line per target, chosen and worded as the briefs' scoreboard
(:func:`cdsanalysis.briefs.content.build_lines`: a sector's own series, district and commune
targets rolled up as "2/9 districts met"); ``series=True`` lists every series (target x sector x
area) instead. The status is always shown by icon and words; colour (ANSI, when the stream is a
terminal) only repeats it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

from cdsanalysis.base import i18n, paths
from cdsanalysis.base.vocabulary import LANGS

_RESET = "\033[0m"
_WIDTHS = {"id": 36, "target_name": 44, "where": 22, "latest": 20, "target": 15}
# One line per target needs no sector/area column: its room goes to the value and the target.
_TARGET_WIDTHS = {"id": 36, "target_name": 44, "latest": 32, "target": 15}


def _fit(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def _ansi(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"\033[38;2;{red};{green};{blue}m"


def _verdict(status: str, lang: str, colour: bool) -> str:
    verdict = f"{i18n.status_icon(status)} {i18n.status_label(status, lang)}"
    return f"{_ansi(i18n.status_colour(status))}{verdict}{_RESET}" if colour else verdict


def _header_line(lang: str, widths: dict[str, int]) -> str:
    """The column names, for the columns ``widths`` has (the status column is last)."""
    names = [_fit(i18n.label(key, lang), width) for key, width in widths.items()]
    return "  ".join([*names, i18n.label("status", lang)])


def format_targets(lines: list, *, lang: str = "vi", colour: bool = False) -> list[str]:
    """Format the briefs' scoreboard lines for the terminal (a header, then one line per target).

    The scope (a sector, or the province) is the same for every line: the caller's title says it.

    Parameters
    ----------
    lines : list of cdsanalysis.briefs.content.TargetLine
        From :func:`cdsanalysis.briefs.content.build_lines`.
    lang : {"vi", "en"}, default "vi"
    colour : bool, default False
        Wrap the status in an ANSI colour (the icon and words are there either way).

    Returns
    -------
    list of str
    """
    from cdsanalysis.briefs.narrative import period_short

    widths = dict(
        _TARGET_WIDTHS, id=max([_TARGET_WIDTHS["id"], *(len(x.target["id"]) for x in lines)])
    )
    out = [_header_line(lang, widths)]
    for line in lines:
        latest = line.value_text
        period = (line.head or {}).get("latest_period") if line.value_text != "–" else None
        if isinstance(period, str) and period:
            latest = f"{latest} ({period_short(period, lang)})"
        still = f" · {i18n.label('still_needed', lang)}: {line.pace_text}" if line.pace_text else ""
        why = f" · {line.why}" if line.why else ""
        out.append(
            "  ".join(
                [
                    _fit(line.target["id"], widths["id"]),
                    _fit(line.name, widths["target_name"]),
                    _fit(latest, widths["latest"]),
                    _fit(line.target_text, widths["target"]),
                    _verdict(line.status, lang, colour) + still + why,
                ]
            )
        )
    return out


def format_status(
    frame: pd.DataFrame,
    *,
    lang: str = "vi",
    colour: bool = False,
    sector_names: dict[str, str] | None = None,
    rank_of: dict[str, float] | None = None,
) -> list[str]:
    """Format assessed series as scoreboard lines (no header).

    Parameters
    ----------
    frame : pandas.DataFrame
        The output of :func:`cdsanalysis.assessment.assess`.
    lang : {"vi", "en"}, default "vi"
    colour : bool, default False
        Wrap the status in an ANSI colour (the icon and words are there either way).
    sector_names : dict, optional
        Sector id -> name in ``lang``; ids are shown when missing.
    rank_of : dict, optional
        Target id -> number ranked, to show ranks as "7/63".

    Returns
    -------
    list of str
        A column header line, then one line per row of ``frame``.
    """
    from cdsanalysis.briefs.narrative import format_target, format_value

    sector_names = sector_names or {}
    rank_of = rank_of or {}
    name_column = "name_vi" if lang == "vi" else "name_en"
    # Ids are never cut: they are what a reader types to look a target up.
    widths = dict(_WIDTHS, id=max([_WIDTHS["id"], *map(len, frame["target_id"])]))
    lines = [_header_line(lang, widths)]
    for _, row in frame.iterrows():
        where = sector_names.get(row["sector"], row["sector"])
        if row["geo_level"] != "province" and isinstance(row["geo_name"], str):
            where = f"{where} · {row['geo_name']}" if where else row["geo_name"]
        where = where or i18n.label("province_wide", lang)
        latest = format_value(
            row["latest_value"],
            row["unit"],
            lang,
            kind=row["kind"],
            rank_of=rank_of.get(row["target_id"]),
        )
        if isinstance(row["latest_period"], str):
            latest = f"{latest} ({row['latest_period']})"
        verdict = _verdict(row["status"], lang, colour)
        target_text = format_target(
            row["comparison"], row["target"], row["unit"], row["kind"], lang
        )
        lines.append(
            "  ".join(
                [
                    _fit(row["target_id"], widths["id"]),
                    _fit(row[name_column], _WIDTHS["target_name"]),
                    _fit(where, _WIDTHS["where"]),
                    _fit(latest, _WIDTHS["latest"]),
                    _fit(target_text, _WIDTHS["target"]),
                    verdict,
                ]
            )
        )
    return lines


def _load_observations(
    processed_dir: str | Path | None, plan_path: str | Path | None
) -> pd.DataFrame:
    """The processed observations, as they are: a warning on stderr when they are stale (the
    scoreboard never cleans; ``cds clean`` does)."""
    from cdsanalysis.clean import gateway

    observations = gateway.load_observations_frame(processed_dir)
    why = gateway.staleness(processed_dir, plan_path=plan_path or paths.PLAN_FILE)
    if why:
        print(
            f"cds status: the processed data are stale ({why}); run `cds clean` to refresh them",
            file=sys.stderr,
        )
    return observations


def run_status(
    *,
    sector: str | None = None,
    as_of: str = "latest",
    lang: str = "vi",
    processed_dir: str | Path | None = None,
    plan_path: str | Path | None = None,
    stream: TextIO | None = None,
    colour: bool | None = None,
    series: bool = False,
) -> int:
    """Print the progress scoreboard: one line per target, or per series.

    Parameters
    ----------
    sector : str, optional
        One sector id: its targets, judged on its own series as its brief judges them (with
        ``series``: its series and the province-wide ones). None: every target of the plan,
        judged on the province-wide series as the overview judges them (with ``series``: every
        series of every sector and area).
    as_of : str, default "latest"
        ``"latest"`` or a period label (2024, 2025-H1, ...).
    lang : {"vi", "en"}, default "vi"
    processed_dir : str or pathlib.Path, optional
        Folder of ``observations.parquet``; default :data:`cdsanalysis.base.paths.PROCESSED_DIR`.
    plan_path : str or pathlib.Path, optional
        Plan file; default the project's own.
    stream : file-like, optional
        Where to print; default ``sys.stdout``.
    colour : bool, optional
        ANSI colours; None means when ``stream`` is a terminal and ``NO_COLOR`` is not set.
    series : bool, default False
        One line per series (target x sector x area) instead of one per target.

    Returns
    -------
    int
        0 (done).

    Raises
    ------
    ValueError
        For an unknown sector, language or an unreadable ``as_of``; the message lists the valid
        choices.
    FileNotFoundError
        When there are no processed observations (run ``cds clean`` first). Stale data are
        shown, with a warning naming what changed; they are never cleaned here.
    """
    from cdsanalysis.assessment.assess import assess, resolve_as_of
    from cdsanalysis.base.plan import load_plan

    stream = sys.stdout if stream is None else stream
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    plan = load_plan(plan_path)
    sector_ids = list(plan.sectors["id"])
    if sector is not None and sector not in sector_ids:
        raise ValueError(f"unknown sector {sector!r}: choose one of {', '.join(sector_ids)}")
    empty = pd.DataFrame({"period_end": []})
    resolve_as_of(as_of, empty)  # refuse a bad as_of before reading any data

    observations = _load_observations(processed_dir, plan_path)
    frame = assess(observations, plan, as_of, sector=sector)

    if colour is None:
        colour = bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ
    name_column = "name_vi" if lang == "vi" else "name_en"
    sector_names = dict(zip(plan.sectors["id"], plan.sectors[name_column], strict=True))
    ranks = plan.targets.dropna(subset=["rank_of"])
    rank_of = dict(zip(ranks["id"], ranks["rank_of"], strict=True))

    meta = getattr(plan, "meta", None) or {}
    title = meta.get(f"title_{lang}") or meta.get("id") or "cdsanalysis"
    as_of_text = frame["as_of"].dropna().max() if len(frame) else None
    if sector:
        scope = sector_names.get(sector, sector)
    else:
        scope = i18n.label("all_sectors" if series else "province_wide", lang)
    header = [
        title,
        f"{i18n.label('as_of', lang)}: {as_of_text or '–'} · {i18n.label('sector', lang)}: {scope}",
    ]
    if frame["synthetic"].any():
        header.append(f"⚠ {i18n.label('synthetic_banner', lang)}")
    lines = [*header, ""]
    if series:
        statuses = list(frame["status"])
        lines += format_status(
            frame, lang=lang, colour=colour, sector_names=sector_names, rank_of=rank_of
        )
    else:
        from cdsanalysis.base.geography import load_areas
        from cdsanalysis.briefs.scoreboard import build_lines

        rows = build_lines(plan, frame, sector, lang, areas=load_areas())
        statuses = [row.status for row in rows]
        lines += format_targets(rows, lang=lang, colour=colour)
    counts = pd.Series(statuses, dtype=object).value_counts()
    summary = " · ".join(
        f"{i18n.status_icon(s)} {i18n.status_label(s, lang)}: {counts[s]}"
        for s in i18n.STATUS_ORDER
        if s in counts
    )
    what = i18n.label("series" if series else "targets", lang)
    lines += ["", f"{len(statuses)} {what}: {summary}"]
    stream.write("\n".join(lines) + "\n")
    return 0
