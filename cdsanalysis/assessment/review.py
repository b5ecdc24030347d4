"""The final review: which mode an assessment is in, and the verdict of a series at its deadline.

Before the plan's deadline an assessment reports progress (statuses, pace, time left). Once the
build date is past the deadline, and the assessment is made as of the deadline or later, it is
the final review: every series gets a verdict at its deadline (met, not met, no data at the
deadline), resting on one value chosen by the rule for its kind (docs/method.md, "The final
review"). The progress status stays beside the verdict, as how the series moved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cdsanalysis.assessment.records import yearly_values
from cdsanalysis.assessment.series import meets

# The district tier ended on 30/6/2025 (2025 reorganisation); communes of the 2025-07-01 list
# (the new communes and wards) continue after it.
DISTRICT_TIER_END = dt.date(2025, 6, 30)
NEW_UNITS_VINTAGE = "2025-07-01"

REVIEW_MODES = ("final", "progress")
VERDICTS = ("met", "not_met", "no_data")
VERDICT_BASES = (
    "year",
    "cumulative_12m",
    "december_reading",
    "milestone",
    "rank_year",
    "growth_years",
    "district_tier_end",
    "none",
)
VERDICT_COLUMNS = [
    "review",
    "verdict",
    "verdict_vi",
    "verdict_en",
    "verdict_value",
    "verdict_period",
    "verdict_period_kind",
    "verdict_provenance",
    "verdict_source",
    "verdict_grade",
    "verdict_basis",
    "verdict_note_vi",
    "verdict_note_en",
    "earlier_value",
    "earlier_period",
]
VERDICT_WORDS = {
    "met": ("Đạt", "Met"),
    "not_met": ("Không đạt", "Not met"),
    "no_data": ("Không có số liệu", "No data at the deadline"),
}
TIER_END_WORDS = {
    "district": (
        "đánh giá đến 30/6/2025 — cấp huyện đã bãi bỏ",
        "assessed at 30/6/2025 — district tier abolished",
    ),
    "commune": (
        "đánh giá đến 30/6/2025 — xã, phường cũ đã sắp xếp lại",
        "assessed at 30/6/2025 — former communes reorganised",
    ),
}
RANK_2025_WORDS = (
    "{name} 2025 chỉ xếp hạng 34 đơn vị sau sáp nhập: tỉnh không có hạng",
    "{name} 2025 ranks only the 34 merged units: the province has no rank",
)
RANK_2025_GENERIC = (
    "bảng xếp hạng năm {year} chỉ gồm 34 đơn vị sau sáp nhập: tỉnh không có hạng",
    "the {year} ranking covers only the 34 merged units: the province has no rank",
)
AS_OF_HELP = '"latest" or a period label: 2024, 2024-Q4, 2025-H1, 2024-M12, 2025-YTD9, 2024-12-31'


# --------------------------------------------------------------------------------------------
# The mode
# --------------------------------------------------------------------------------------------


def as_of_date(as_of: Any, latest_end: dt.date | None) -> dt.date | None:
    """The date an ``as_of`` stands for: ``latest_end`` for "latest", else its period's end.

    Raises
    ------
    ValueError
        When ``as_of`` cannot be read; the message lists the accepted forms.
    """
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    if not isinstance(as_of, str) or not as_of.strip():
        raise ValueError(f"as_of {as_of!r} is not valid: use {AS_OF_HELP}")
    if as_of.strip().lower() == "latest":
        return latest_end
    from cdsanalysis.base.periods import parse_period  # the suite's one period grammar

    try:
        return parse_period(as_of).end
    except ValueError as exc:  # PeriodError names what is wrong with the text
        raise ValueError(f"as_of: {exc}; use {AS_OF_HELP}") from None


def plan_deadline(plan: Any) -> dt.date:
    """The plan's latest deadline (context indicators have none)."""
    targets = plan.targets
    if "kind" in targets:
        targets = targets[targets["kind"] != "context"]
    deadlines = [dt.date.fromisoformat(str(d)[:10]) for d in targets["deadline"].dropna()]
    if not deadlines:
        meta = getattr(plan, "meta", None) or {}
        return dt.date.fromisoformat(str(meta["period_end"])[:10])
    return max(deadlines)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def review_mode(plan: Any, as_of: Any = "latest", build_date: Any = None) -> str:
    """Whether an assessment is the final review or a progress report.

    Parameters
    ----------
    plan : Plan
        Anything with a ``.targets`` frame (``deadline``, ``kind``).
    as_of : str or datetime.date, default "latest"
        ``"latest"`` or a period label; a period ending before the plan's latest deadline reads
        as of that period (progress).
    build_date : datetime.date or ISO str, optional
        The day the assessment is made; None means today.

    Returns
    -------
    {"final", "progress"}
        "final" when ``build_date`` is after the plan's latest deadline and ``as_of`` is
        "latest" or ends on or after that deadline; else "progress".

    Raises
    ------
    ValueError
        When ``as_of`` cannot be read.
    """
    deadline = plan_deadline(plan)
    built = dt.date.today() if build_date is None else _date(build_date)
    if built <= deadline:
        return "progress"
    if isinstance(as_of, str) and as_of.strip().lower() == "latest":
        return "final"
    return "final" if as_of_date(as_of, None) >= deadline else "progress"


def tier_ended(level: str | None, vintage: str | None) -> bool:
    """Whether a series belongs to the units that ended on 30/6/2025 (districts, old communes)."""
    return level == "district" or (level == "commune" and vintage != NEW_UNITS_VINTAGE)


# --------------------------------------------------------------------------------------------
# Verdict columns
# --------------------------------------------------------------------------------------------


def progress_columns() -> dict:
    """The verdict columns of a progress-mode row: empty."""
    return dict(
        review="progress",
        verdict="",
        verdict_vi="",
        verdict_en="",
        verdict_value=None,
        verdict_period=None,
        verdict_period_kind="",
        verdict_provenance="",
        verdict_source="",
        verdict_grade="",
        verdict_basis="",
        verdict_note_vi="",
        verdict_note_en="",
        earlier_value=None,
        earlier_period=None,
    )


def _fmt(value: float, lang: str) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def _columns(
    verdict: str,
    basis: str,
    record: dict | None,
    notes: tuple[list[str], list[str]],
    *,
    value: float | None = None,
    period: str | None = None,
    earlier: dict | None = None,
) -> dict:
    """The verdict columns from the record the verdict rests on (or the earlier one)."""
    vi, en = VERDICT_WORDS[verdict]
    out = progress_columns()
    out.update(review="final", verdict=verdict, verdict_vi=vi, verdict_en=en, verdict_basis=basis)
    if record is not None:
        out.update(
            verdict_value=record["value"] if value is None else value,
            verdict_period=period or record["period"],
            verdict_period_kind=record["period_kind"] or "",
            verdict_provenance=record["provenance"] or "",
            verdict_source=record.get("source") or "",
            verdict_grade=record.get("grade") or "",
        )
    if earlier is not None:
        out.update(earlier_value=earlier["value"], earlier_period=earlier["period"])
    note_vi, note_en = list(notes[0]), list(notes[1])
    if record is not None:
        vi_src, en_src = _source_words(record)
        note_vi.append(vi_src)
        note_en.append(en_src)
    out.update(verdict_note_vi="; ".join(note_vi), verdict_note_en="; ".join(note_en))
    return out


def _source_words(record: dict) -> tuple[str, str]:
    """What a value rests on: its source and grade, or "synthetic"."""
    if record["provenance"] == "synthetic":
        return "số liệu mô phỏng", "synthetic"
    source = record.get("source") or record["provenance"] or ""
    grade = record.get("grade")
    return (
        f"nguồn: {source}" + (f", độ tin cậy {grade}" if grade else ""),
        f"source: {source}" + (f", grade {grade}" if grade else ""),
    )


def _no_data(records: list[dict], what: tuple[str, str], basis: str = "none") -> dict:
    """No value for the deadline: the latest earlier value beside the verdict."""
    standing = yearly_values(records)
    earlier = standing[-1] if standing else None
    note_vi, note_en = [f"không có {what[0]}"], [f"no {what[1]}"]
    if earlier is not None:
        note_vi.append(f"số liệu gần nhất: {_fmt(earlier['value'], 'vi')} ({earlier['period']})")
        note_en.append(
            f"latest earlier value: {_fmt(earlier['value'], 'en')} ({earlier['period']})"
        )
    return _columns("no_data", basis, None, (note_vi, note_en), earlier=earlier)


def _kind_rank(record: dict) -> tuple:
    return (record["_kind"], record["_prov"], record["period"] or "", record["value"])


def _estimate_words(record: dict) -> tuple[str, str]:
    if record["period_kind"] == "estimate":
        return " (ước)", " (estimate, ước)"
    if record["period_kind"] == "preliminary":
        return " (sơ bộ)", " (preliminary)"
    return "", ""


def _day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _partial_note(records: list[dict], year: int) -> tuple[list[str], list[str]]:
    """Say so when the latest value covers part of the deadline's year only."""
    standing = yearly_values(records)
    if not standing or standing[-1]["_year"] != year or standing[-1]["_full"]:
        return [], []
    period = standing[-1]["period"]
    return (
        [f"{period} là số liệu một phần năm: không dùng để kết luận"],
        [f"{period} covers part of the year: it does not decide the verdict"],
    )


def _met(record_value: float, target: Any) -> str:
    met = meets(record_value, float(target["target"]), target["comparison"])
    return "met" if met else "not_met"


def _deadline_verdict(target: Any, records: list[dict], deadline: dt.date, first_day: dt.date):
    """Level and yes/no targets: the year, a 12-month cumulative figure or a December reading."""
    whole = [r for r in records if r["_start"] == first_day and r["_end"] == deadline]
    if whole:
        record = min(whole, key=_kind_rank)
        est_vi, est_en = _estimate_words(record)
        new_unit = first_day != dt.date(deadline.year, 1, 1)
        # A new unit's year is the part of it the unit existed.
        if record["period"] == str(deadline.year) or new_unit:
            basis = "year"
            notes = (
                [f"số liệu năm {record['period']}{est_vi}"],
                [f"year {record['period']}{est_en}"],
            )
            if new_unit:
                notes[0].append(f"đơn vị mới từ {_day(first_day)}")
                notes[1].append(f"new unit since {_day(first_day)}")
        else:
            basis = "cumulative_12m"
            notes = (
                [f"lũy kế 12 tháng đến {_day(deadline)}{est_vi}"],
                [f"12-month cumulative figure to {_day(deadline)}{est_en}"],
            )
        return _columns(_met(record["value"], target), basis, record, notes)
    readings = [
        r
        for r in records
        if r["_start"] == r["_end"]
        and (r["_end"].year, r["_end"].month) == (deadline.year, deadline.month)
        and r["_end"] <= deadline
    ]
    if readings:
        record = min(readings, key=lambda r: (-r["_end"].toordinal(), *_kind_rank(r)))
        notes = [f"số liệu tại {_day(record['_end'])}"], [f"reading of {_day(record['_end'])}"]
        return _columns(_met(record["value"], target), "december_reading", record, notes)
    out = _no_data(
        records,
        (
            f"số liệu năm {deadline.year} (cả năm, lũy kế 12 tháng hoặc tại tháng 12)",
            f"value for {deadline.year} (the year, a 12-month cumulative figure or a "
            f"December {deadline.year} reading)",
        ),
    )
    return _add_notes(out, _partial_note(records, deadline.year))


def _add_notes(out: dict, notes: tuple[list[str], list[str]]) -> dict:
    for lang, extra in zip(("vi", "en"), notes, strict=True):
        if extra:
            out[f"verdict_note_{lang}"] = "; ".join([out[f"verdict_note_{lang}"], *extra])
    return out


def _rank_verdict(target: Any, records: list[dict], deadline: dt.date, plan_start: int | None):
    """Rank targets: the rank for the last year ranked in the plan period."""
    first = deadline.year if plan_start is None else plan_start
    standing = [r for r in yearly_values(records) if first <= r["_year"] <= deadline.year]
    if not standing:
        return _no_data(
            records,
            (f"hạng trong giai đoạn {first}–{deadline.year}", f"rank in {first}–{deadline.year}"),
        )
    record = standing[-1]
    year = record["_year"]
    notes = [f"hạng năm {year}"], [f"rank for {year}"]
    if year < deadline.year:
        # The DTI by name; the other rankings in the same words.
        dti = "dti" in str(target["id"]).lower()
        vi, en = RANK_2025_WORDS if dti else RANK_2025_GENERIC
        notes[0].append(vi.format(name="DTI", year=deadline.year))
        notes[1].append(en.format(name="DTI", year=deadline.year))
    return _columns(_met(record["value"], target), "rank_year", record, notes)


def _growth_verdict(target: Any, records: list[dict], deadline: dt.date, plan_start: int | None):
    """Growth targets: met only if every plan year reaches the threshold; the mean is shown."""
    first = deadline.year if plan_start is None else plan_start
    years = list(range(first, deadline.year + 1))
    full = {r["_year"]: r for r in yearly_values(records) if r["_full"]}
    present = [full[y] for y in years if y in full]
    threshold, comparison = float(target["target"]), target["comparison"]
    failing = [r for r in present if not meets(r["value"], threshold, comparison)]
    missing = [y for y in years if y not in full]
    if not present or (missing and not failing):
        out = _no_data(
            records,
            (
                f"tăng trưởng cả năm cho {', '.join(map(str, missing))}",
                f"full-year growth for {', '.join(map(str, missing))}",
            ),
            basis="none",
        )
        return _add_notes(out, _partial_note(records, deadline.year))
    mean = sum(r["value"] for r in present) / len(present)
    span = f"{present[0]['_year']}–{present[-1]['_year']}"
    each = {
        lang: ", ".join(f"{r['_year']}: {_fmt(r['value'], lang)}" for r in present)
        for lang in ("vi", "en")
    }
    gap = (
        [f"năm {', '.join(map(str, missing))}: chưa có số liệu cả năm"],
        [f"{', '.join(map(str, missing))}: no full-year value"],
    )
    notes = (
        [
            f"bình quân {_fmt(mean, 'vi')}/năm giai đoạn {span}",
            f"mỗi năm phải đạt {comparison} {_fmt(threshold, 'vi')} ({each['vi']})",
        ],
        [
            f"mean {_fmt(mean, 'en')} a year over {span}",
            f"every year must reach {comparison} {_fmt(threshold, 'en')} ({each['en']})",
        ],
    )
    # The figure rests on every year's value: the weakest kind, provenance and grade speak for it.
    weakest = max(present, key=lambda r: (r["_prov"], r["_kind"], r.get("grade") or ""))
    out = _columns("not_met" if failing else "met", "growth_years", weakest, notes,
                   value=mean, period=span)  # fmt: skip
    out["verdict_source"] = "; ".join(dict.fromkeys(r.get("source") or "" for r in present))
    return _add_notes(out, gap) if missing else out


def _milestone_verdict(target: Any, records: list[dict], deadline: dt.date):
    """Dated milestones: the value whose period began by the deadline stands for it."""
    by_deadline = [r for r in records if r["_start"] <= deadline]
    if not by_deadline:
        out = _no_data([], (f"số liệu tính đến {_day(deadline)}", f"value for {_day(deadline)}"))
        later = sorted(records, key=lambda r: r["_end"])
        if later:
            out = _add_notes(
                out,
                (
                    [f"chỉ có số liệu sau hạn ({later[0]['period']})"],
                    [f"only readings after the deadline ({later[0]['period']})"],
                ),  # fmt: skip
            )
        return out
    record = min(by_deadline, key=lambda r: (-r["_end"].toordinal(), *_kind_rank(r)))
    notes = (
        [f"số liệu tính đến hạn {_day(deadline)}: {record['period']}"],
        [f"value standing for the deadline {_day(deadline)}: {record['period']}"],
    )
    return _columns(_met(record["value"], target), "milestone", record, notes)


def _tier_end_verdict(target: Any, records: list[dict], level: str):
    """Districts and former communes: the result at 30/6/2025, when the units ended."""
    end = DISTRICT_TIER_END
    words = TIER_END_WORDS["district" if level == "district" else "commune"]
    at_end = [
        r
        for r in records
        if r["_end"] == end
        or (r["_start"] == r["_end"] and (r["_end"].year, r["_end"].month) == (end.year, end.month))
    ]
    if not at_end:
        out = _no_data(
            records,
            (f"số liệu tại {_day(end)}", f"value at {_day(end)}"),
            basis="district_tier_end",
        )
        return _add_notes(out, ([words[0]], [words[1]]))
    # Half-year first (it covers the units' last months), then the latest reading, official first.
    record = min(
        at_end,
        key=lambda r: (
            r["_start"] != dt.date(end.year, 1, 1),
            -r["_end"].toordinal(),
            *_kind_rank(r),
        ),
    )
    verdict = _met(record["value"], target)
    said_vi, said_en = VERDICT_WORDS[verdict]
    notes = (
        [f"{said_vi} tại {_day(end)} ({record['period']})", words[0]],
        [f"{said_en} at {_day(end)} ({record['period']})", words[1]],
    )
    out = _columns(verdict, "district_tier_end", record, notes)
    out.update(verdict_vi=words[0], verdict_en=words[1])
    return out


def series_verdict(
    target: Any,
    records: list[dict],
    *,
    level: str,
    vintage: str | None,
    plan_start: int | None,
    set_aside: list[dict] | None = None,
) -> dict:
    """The verdict columns of one series in the final review.

    Parameters
    ----------
    target : Mapping
        The catalogue row (``kind``, ``target``, ``comparison``, ``deadline``, ``id``).
    records : list of dict
        The series' records (:func:`~cdsanalysis.assessment.records.prepare_records`) that may
        count: grade C figures left out, nothing after the deadline (or after 30/6/2025 for
        districts and former communes).
    level, vintage : str
        The series' level and unit-list vintage (a commune of the 2025-07-01 list is new).
    plan_start : int or None
        The plan's first year (rank and growth targets look at 2023–2025).
    set_aside : list of dict, optional
        Grade C figures left out, named in the note.

    Returns
    -------
    dict
        :data:`VERDICT_COLUMNS`.
    """
    deadline = _date(target["deadline"])
    kind = target["kind"]
    if tier_ended(level, vintage):
        out = _tier_end_verdict(target, records, level)
    elif kind == "rank":
        out = _rank_verdict(target, records, deadline, plan_start)
    elif kind == "growth":
        out = _growth_verdict(target, records, deadline, plan_start)
    elif kind == "milestone":
        out = _milestone_verdict(target, records, deadline)
    else:
        new_unit = level == "commune" and vintage == NEW_UNITS_VINTAGE
        first_day = _date(NEW_UNITS_VINTAGE) if new_unit else dt.date(deadline.year, 1, 1)
        out = _deadline_verdict(target, records, deadline, first_day)
    # Grade C figures of the plan period are named: they may look like the missing value.
    first = deadline.year if plan_start is None else plan_start
    for record in [r for r in set_aside or [] if r["_year"] >= first]:
        out = _add_notes(
            out,
            (
                [
                    f"số liệu độ tin cậy C không dùng: {_fmt(record['value'], 'vi')} "
                    f"({record['period']})"
                ],
                [f"grade C figure not used: {_fmt(record['value'], 'en')} ({record['period']})"],
            ),  # fmt: skip
        )
    return out


def no_series_verdict(reason_vi: str, reason_en: str) -> dict:
    """The verdict columns of an expected series without any observation."""
    out = _columns("no_data", "none", None, ([reason_vi], [reason_en]))
    return out
