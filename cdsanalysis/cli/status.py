"""The terminal scoreboard behind ``cds status``: one line per target, or per series.

Load inputs (processed observations, plan), process (:func:`cdsanalysis.assessment.assess`), and
print the scoreboard. By default one line per target, chosen and worded as the briefs' scoreboard
(:func:`cdsanalysis.briefs.scoreboard.build_lines`: a sector's own series, district and commune
targets rolled up as "2/9 districts met"); ``series=True`` lists every series (target x sector x
area) instead. The status is always shown by icon and words; colour (ANSI, when the stream is a
terminal) only repeats it.

Once the plan has ended (the build date is past its deadline and ``as_of`` is "latest" or
later) the scoreboard is the final review (:func:`_final_lines`): each line leads
with the verdict at the deadline, what it rests on, and the status as how the series moved.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from cdsanalysis.base import i18n, paths
from cdsanalysis.base.text import one_line
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


def _status_text(status: str, lang: str, colour: bool) -> str:
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
    lines : list of cdsanalysis.briefs.scoreboard.TargetLine
        From :func:`cdsanalysis.briefs.scoreboard.build_lines`.
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
                    _status_text(line.status, lang, colour) + still + why,
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
        verdict = _status_text(row["status"], lang, colour)
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
    build_date: Any = None,
) -> int:
    """Print the scoreboard: one line per target, or per series.

    Parameters
    ----------
    sector : str, optional
        One sector id: its targets, judged on its own series as its brief judges them (with
        ``series``: its series and the province-wide ones). None: every target of the plan,
        judged on the province-wide series as the overview judges them (with ``series``: every
        series of every sector and area).
    as_of : str, default "latest"
        ``"latest"`` or a period label (2024, 2025-H1, ...). A period before the plan's deadline
        reads as of it (the progress view, with the time left relative to it).
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
    build_date : datetime.date or ISO str, optional
        The day of the review (default today): after the plan's deadline, the final review.

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
    frame = assess(observations, plan, as_of, sector=sector, build_date=build_date)
    if colour is None:
        colour = bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ
    final = bool(len(frame)) and frame["review"].iloc[0] == "final"
    lines = [*_header(plan, frame, observations, sector, lang, series=series, final=final), ""]
    if final:
        body, summary = _final_lines(plan, frame, sector, lang, colour=colour, series=series)
    else:
        body, summary = _progress_lines(plan, frame, sector, lang, colour=colour, series=series)
    lines += [*body, "", summary]
    if sector is not None and not series:
        from cdsanalysis.briefs.scoreboard import measured_elsewhere

        left = measured_elsewhere(plan, frame, sector)
        if left:  # as the sector's brief says: area targets it has no figures for
            lines.append(i18n.label("measured_elsewhere", lang, codes=", ".join(left)))
    stream.write("\n".join(lines) + "\n")
    return 0


def _header(
    plan: Any,
    frame: pd.DataFrame,
    observations: pd.DataFrame,
    sector: str | None,
    lang: str,
    *,
    series: bool,
    final: bool,
) -> list[str]:
    """The title, what the data reach (and, in the final review, that the plan ended), scope."""
    name_column = "name_vi" if lang == "vi" else "name_en"
    sector_names = dict(zip(plan.sectors["id"], plan.sectors[name_column], strict=True))
    meta = getattr(plan, "meta", None) or {}
    title = one_line(meta.get(f"title_{lang}") or meta.get("id") or "cdsanalysis")
    if sector:
        scope = sector_names.get(sector, sector)
    else:
        scope = i18n.label("all_sectors" if series else "province_wide", lang)
    scope_text = f"{i18n.label('sector', lang)}: {scope}"
    if final:
        header = [title, _final_header(plan, observations, lang), scope_text]
    else:
        as_of_text = frame["as_of"].dropna().max() if len(frame) else None
        header = [title, f"{i18n.label('as_of', lang)}: {as_of_text or '–'} · {scope_text}"]
    if frame["synthetic"].any():
        header.append(f"⚠ {i18n.label('synthetic_banner', lang)}")
    return header


def _plan_lookups(plan: Any, lang: str) -> tuple[dict[str, str], dict[str, float]]:
    """Sector id -> name in ``lang``, and target id -> number ranked (for "7/63")."""
    name_column = "name_vi" if lang == "vi" else "name_en"
    sector_names = dict(zip(plan.sectors["id"], plan.sectors[name_column], strict=True))
    ranks = plan.targets.dropna(subset=["rank_of"])
    return sector_names, dict(zip(ranks["id"], ranks["rank_of"], strict=True))


def _progress_lines(
    plan: Any, frame: pd.DataFrame, sector: str | None, lang: str, *, colour: bool, series: bool
) -> tuple[list[str], str]:
    """The progress scoreboard and its summary line (statuses counted)."""
    sector_names, rank_of = _plan_lookups(plan, lang)
    if series:
        statuses = list(frame["status"])
        body = format_status(
            frame, lang=lang, colour=colour, sector_names=sector_names, rank_of=rank_of
        )
    else:
        from cdsanalysis.base.geography import load_areas
        from cdsanalysis.briefs.scoreboard import build_lines

        rows = build_lines(plan, frame, sector, lang, areas=load_areas())
        statuses = [row.status for row in rows]
        body = format_targets(rows, lang=lang, colour=colour)
    counts = pd.Series(statuses, dtype=object).value_counts()
    summary = " · ".join(
        f"{i18n.status_icon(s)} {i18n.status_label(s, lang)}: {counts[s]}"
        for s in i18n.STATUS_ORDER
        if s in counts
    )
    what = i18n.label("series" if series else "targets", lang)
    return body, f"{len(statuses)} {what}: {summary}"


# --------------------------------------------------------------------------------------------
# The final review
# --------------------------------------------------------------------------------------------

# A verdict is shown with the icon and colour of the status that says the same.
_VERDICT_STATUS = {"met": "target_achieved", "not_met": "deterioration", "no_data": "not_available"}
_FINAL_WORDS = {
    "vi": {
        "verdict": "Kết luận",
        "rests_on": "Căn cứ",
        "moved": "diễn biến",
        "earlier": "gần nhất",
        "synthetic": "mô phỏng",
        "published": "công bố",
        "official": "chính thức",
        "estimate": "ước",
        "preliminary": "sơ bộ",
        "grade": "độ tin cậy",
        "review": "Tổng kết giai đoạn {start}–{end}: kế hoạch đã kết thúc ngày {deadline}",
        "reach": "số liệu đến {date} ({period})",
        "tier_end": "tại 30/6/2025",
        "new_units": "xã, phường mới đạt",
    },
    "en": {
        "verdict": "Verdict",
        "rests_on": "Rests on",
        "moved": "how it moved",
        "earlier": "latest earlier",
        "synthetic": "synthetic",
        "published": "published",
        "official": "official",
        "estimate": "estimate",
        "preliminary": "preliminary",
        "grade": "grade",
        "review": "Final review {start}–{end}: the plan ended on {deadline}",
        "reach": "data reach {date} ({period})",
        "tier_end": "at 30/6/2025",
        "new_units": "new communes met",
    },
}
_FINAL_WIDTHS = {"id": 36, "target_name": 40, "verdict": 26, "rests_on": 40, "target": 12}


def _day(value: Any) -> str:
    day = pd.Timestamp(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _final_header(plan: Any, observations: pd.DataFrame, lang: str) -> str:
    """ "Final review 2023–2025: the plan ended on 31/12/2025 · data reach 30/09/2025 (Q3 2025)"."""
    from cdsanalysis.assessment.review import plan_deadline
    from cdsanalysis.briefs.narrative import period_short

    words = _FINAL_WORDS[lang]
    meta = getattr(plan, "meta", None) or {}
    deadline = plan_deadline(plan)
    start = str(meta.get("period_start") or deadline.year)[:4]
    text = words["review"].format(start=start, end=deadline.year, deadline=_day(deadline))
    ends = pd.to_datetime(observations["period_end"], errors="coerce")
    if ends.notna().any():
        latest = observations[ends == ends.max()]
        # The shortest period ending last names it best (Q3 rather than nine months).
        starts = pd.to_datetime(latest["period_start"], errors="coerce")
        period = latest.loc[starts.idxmax(), "period"] if starts.notna().any() else ""
        reach = words["reach"].format(date=_day(ends.max()), period=period_short(period, lang))
        text = f"{text} · {reach}"
    return text


def _verdict_words(verdict: str, lang: str, colour: bool, text: str | None = None) -> str:
    """Icon and words of a verdict ("✔ Đạt"); ``text`` replaces the words (a roll-up)."""
    from cdsanalysis.assessment.review import VERDICT_WORDS

    status = _VERDICT_STATUS.get(verdict, "not_available")
    words = text or VERDICT_WORDS[verdict][0 if lang == "vi" else 1]
    shown = f"{i18n.status_icon(status)} {words}"
    return f"{_ansi(i18n.status_colour(status))}{shown}{_RESET}" if colour else shown


def _rests_on(row: Any, lang: str, rank_of: float | None) -> str:
    """What a verdict rests on: the value, its period, and whose figure it is (or the latest
    earlier value, when there is none for the deadline)."""
    from cdsanalysis.briefs.narrative import format_value, period_short

    words = _FINAL_WORDS[lang]

    def value(number: Any) -> str:
        return format_value(number, row["unit"], lang, kind=row["kind"], rank_of=rank_of)

    if row["verdict"] == "no_data":
        if pd.isna(row["earlier_value"]):
            return "–"
        period = period_short(row["earlier_period"], lang)
        return f"– · {words['earlier']}: {value(row['earlier_value'])} ({period})"
    whose = words.get(row["verdict_provenance"], row["verdict_provenance"])
    if row["verdict_grade"]:
        whose = f"{whose}, {words['grade']} {row['verdict_grade']}"
    if row["verdict_period_kind"] in ("estimate", "preliminary"):
        whose = f"{words[row['verdict_period_kind']]}, {whose}"
    period = period_short(row["verdict_period"], lang)
    return f"{value(row['verdict_value'])} ({period}) · {whose}"


def _final_line(cells: list[str], widths: dict[str, int], last: str) -> str:
    keys = ["id", "target_name", "verdict", "rests_on", "target"]
    fitted = [_fit(cell, widths[key]) for key, cell in zip(keys, cells, strict=True)]
    return "  ".join([*fitted, last])


def _area_verdict(rows: pd.DataFrame) -> tuple[str, int, int]:
    """A district or commune target's roll-up: met when every area met, not met when any did
    not, else no data; and how many areas met, of how many."""
    verdicts = list(rows["verdict"])
    met = verdicts.count("met")
    overall = (
        "not_met"
        if "not_met" in verdicts
        else "met"
        if verdicts and met == len(verdicts)
        else "no_data"
    )
    return overall, met, len(verdicts)


def _final_lines(
    plan: Any, frame: pd.DataFrame, sector: str | None, lang: str, *, colour: bool, series: bool
) -> tuple[list[str], str]:
    """The final review's lines (verdict first, then what it rests on, the target and how the
    series moved) and the summary line (verdicts counted)."""
    words = _FINAL_WORDS[lang]
    items = _series_items(frame, lang) if series else _target_items(plan, frame, sector, lang)
    widths = dict(_FINAL_WIDTHS, id=max([_FINAL_WIDTHS["id"], *(len(i["id"]) for i in items)]))
    head = [i18n.label("id", lang), i18n.label("target_name", lang), words["verdict"]]
    head += [words["rests_on"], i18n.label("target", lang)]
    lines = [_final_line(head, widths, words["moved"])]
    for item in items:
        verdict = _verdict_words(item["verdict"], lang, colour, item.get("verdict_text"))
        moved = f"{words['moved']}: {_status_text(item['status'], lang, colour)}"
        if item.get("why"):
            moved += f" · {item['why']}"
        cells = [item["id"], item["name"], verdict, item["rests_on"], item["target"]]
        lines.append(_final_line(cells, widths, moved))
    counts = pd.Series([i["verdict"] for i in items], dtype=object).value_counts()
    summary = " · ".join(
        f"{_verdict_words(v, lang, False)}: {counts[v]}"
        for v in ("met", "not_met", "no_data")
        if v in counts
    )
    what = i18n.label("series" if series else "targets", lang)
    return lines, f"{len(items)} {what}: {summary}"


def _target_text(row: Any, lang: str) -> str:
    from cdsanalysis.briefs.narrative import format_target

    return format_target(row["comparison"], row["target"], row["unit"], row["kind"], lang)


def _series_items(frame: pd.DataFrame, lang: str) -> list[dict]:
    """One item per series: its own verdict."""
    name_column = "name_vi" if lang == "vi" else "name_en"
    items = []
    for _, row in frame.iterrows():
        where = row["geo_name"] if row["geo_level"] != "province" else row["sector"]
        name = (
            f"{row[name_column]} · {where}"
            if isinstance(where, str) and where
            else row[name_column]
        )
        items.append(
            dict(
                id=row["target_id"],
                name=name,
                verdict=row["verdict"],
                rests_on=_rests_on(row, lang, None),
                target=_target_text(row, lang),
                status=row["status"],
            )
        )
    return items


def _target_items(plan: Any, frame: pd.DataFrame, sector: str | None, lang: str) -> list[dict]:
    """One item per target, on the series the briefs' scoreboard chooses; district and commune
    targets rolled up ("2 of 9 districts met")."""
    from cdsanalysis.base.geography import load_areas
    from cdsanalysis.briefs.scoreboard import build_lines

    _, rank_of = _plan_lookups(plan, lang)
    items = []
    for line in build_lines(plan, frame, sector, lang, areas=load_areas()):
        target, head = line.target, line.head
        item = dict(id=target["id"], name=line.name, target=line.target_text, status=line.status)
        if head is None:
            item.update(verdict="no_data", rests_on="–")
        elif target["level"] == "province":
            item.update(
                verdict=head["verdict"],
                rests_on=_rests_on(head, lang, rank_of.get(target["id"])),
                why=_rank_why(head, lang),
            )
        else:
            item.update(_area_item(frame, target, head["sector"], lang))
        items.append(item)
    return items


def _area_item(frame: pd.DataFrame, target: Any, sector: str, lang: str) -> dict:
    """A district or commune target: the units that ended on 30/6/2025 rolled up; the new
    communes (2025-07-01 list) counted beside them."""
    from cdsanalysis.assessment.review import NEW_UNITS_VINTAGE
    from cdsanalysis.briefs.scoreboard import level_words

    level = target["level"]
    rows = frame[
        (frame["target_id"] == target["id"])
        & (frame["geo_level"] == level)
        & (frame["sector"] == sector)
        & frame["geo_code"].notna()
    ]
    new = rows["geo_vintage"] == NEW_UNITS_VINTAGE
    what = level_words(level, lang, short=True)
    verdict, met, n = _area_verdict(rows[~new])
    rests_on = _FINAL_WORDS[lang]["tier_end"]
    if new.any():
        _, new_met, new_n = _area_verdict(rows[new])
        rests_on += f" · {_FINAL_WORDS[lang]['new_units']}: {new_met}/{new_n}"
    if n == 0 and new.any():  # only the new units report
        verdict, met, n = _area_verdict(rows[new])
        rests_on = _FINAL_WORDS[lang]["new_units"]
    count = i18n.label("areas_met", lang, met=met, n=n, what=what) if n else None
    return dict(verdict=verdict, verdict_text=count, rests_on=rests_on)


def _rank_why(row: Any, lang: str) -> str:
    """Why a rank verdict rests on an earlier year: the 2025 ranking has no rank for it."""
    if row["verdict_basis"] != "rank_year":
        return ""
    note = row["verdict_note_vi" if lang == "vi" else "verdict_note_en"]
    return next((part for part in note.split("; ") if "34" in part), "")
