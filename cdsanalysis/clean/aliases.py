"""The analyst's reviewed aliases: labels of indicators and names of areas accepted by command.

Nothing is added without the analyst's command (``cds aliases accept``). The indicator file
``data/reference/indicator_aliases.csv`` (``indicator_id``, ``label``, ``added``) is read by
:class:`~cdsanalysis.clean.wording.WordingMatcher`; area names extend
``data/reference/area_aliases.csv`` (its own columns), read by the area matcher.

:func:`unmatched_labels` lists what the analyst may review: the labels the cleaner quarantined
(unknown indicator or area, with the matcher's ``candidates``) and those it accepted only by
similarity (recognised from the observation notes).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
from rapidfuzz import process

from cdsanalysis.base import paths
from cdsanalysis.base.geography import AreaError, AreaIndex, load_area_aliases, load_areas
from cdsanalysis.base.plan import Plan, load_plan
from cdsanalysis.base.safe_io import atomic_write_text
from cdsanalysis.base.text import match_key, normalise_text
from cdsanalysis.clean.wording import SIMILAR_NOTE, WordingMatcher
from cdsanalysis.clean.wording_text import light_key

INDICATOR_ALIASES_FILE = paths.REFERENCE_DIR / "indicator_aliases.csv"
INDICATOR_ALIAS_COLUMNS = ["indicator_id", "label", "added"]
AREA_ALIAS_COLUMNS = ["geo_code", "geo_vintage", "alias", "valid_from", "valid_to", "source"]
UNMATCHED_REASONS = {"unknown_indicator": "indicator", "unknown_area": "area"}
UNMATCHED_REASONS["ambiguous_area"] = "area"


class AliasError(ValueError):
    """A refused command: unknown id or area, label mapped elsewhere, label not found.

    ``str(error)`` is the English message; :meth:`text` gives it in either language.
    """

    def __init__(self, en: str, vi: str):
        super().__init__(en)
        self.vi = vi

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` ("vi" or "en")."""
        return self.vi if lang == "vi" else str(self)


def _say(lang: str, en: str, vi: str) -> str:
    return vi if lang == "vi" else en


def _today(today: dt.date | None) -> str:
    return (today or dt.date.today()).isoformat()


def _write(frame: pd.DataFrame, path: Path) -> None:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    atomic_write_text(path, buffer.getvalue())


def load_indicator_aliases(path: str | Path | None = None) -> pd.DataFrame:
    """Return the reviewed indicator aliases (an empty frame when the file does not exist)."""
    source = Path(path or INDICATOR_ALIASES_FILE)
    if not source.exists():
        return pd.DataFrame(columns=INDICATOR_ALIAS_COLUMNS)
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    missing = set(INDICATOR_ALIAS_COLUMNS) - set(frame.columns)
    if missing:
        raise AliasError(
            f"{source}: missing columns {sorted(missing)}", f"{source}: thiếu cột {sorted(missing)}"
        )
    return frame[INDICATOR_ALIAS_COLUMNS]


def _resolve_indicator(plan: Plan, indicator: str) -> str:
    """The plan id that ``indicator`` (an id or a code naming one entry) stands for."""
    targets = plan.targets
    if indicator in set(targets["id"]):
        return indicator
    by_code = targets[targets["code"].str.lower() == indicator.strip().lower()]
    if len(by_code) == 1:
        return str(by_code["id"].iloc[0])
    if len(by_code) > 1:
        listed = ", ".join(by_code["id"])
        raise AliasError(
            f"code {indicator!r} names {len(by_code)} entries: give one id of {listed}",
            f"mã {indicator!r} ứng với {len(by_code)} chỉ tiêu: hãy ghi một trong {listed}",
        )
    names = list(targets["id"]) + [c for c in targets["code"] if c]
    close = [name for name, _, _ in process.extract(indicator, names, limit=3)]
    raise AliasError(
        f"{indicator!r} is not an indicator of the plan; did you mean {close}?",
        f"{indicator!r} không phải mã chỉ tiêu của kế hoạch; có phải {close}?",
    )


def accept_indicator_alias(
    label: str,
    indicator: str,
    *,
    plan: Plan | None = None,
    path: str | Path | None = None,
    today: dt.date | None = None,
    lang: str = "en",
) -> str:
    """Add ``label`` as a reviewed alias of ``indicator`` (an id, or a code naming one entry).

    Returns
    -------
    str
        What was done, in plain words, in ``lang`` ("en" or "vi").

    Raises
    ------
    AliasError
        When the id is unknown (the message suggests close ids), the label is empty, or the
        label already names another entry (a catalogue name or alias, or a reviewed alias).
    """
    plan = plan or load_plan()
    target = _resolve_indicator(plan, indicator)
    label = normalise_text(label)
    key = light_key(label)
    if not key:
        raise AliasError("the label is empty", "nhãn để trống")
    aliases = load_indicator_aliases(path)
    same = aliases[[light_key(x) == key for x in aliases["label"]]]
    if len(same):
        known = same["indicator_id"].iloc[0]
        if known == target:
            return _say(
                lang,
                f"'{label}' is already a reviewed alias of {target}: nothing to do",
                f"'{label}' đã là tên khác của {target}: không có gì thay đổi",
            )
        raise AliasError(
            f"'{label}' is already a reviewed alias of {known}; remove it first",
            f"'{label}' đã là tên khác của {known}; hãy xoá trước (cds aliases remove)",
        )
    found = WordingMatcher(plan).exact_match(label)
    if found is not None and found.indicator_id not in (None, target):
        raise AliasError(
            f"'{label}' already names {found.indicator_id} ({found.method})",
            f"'{label}' đã ứng với chỉ tiêu {found.indicator_id} ({found.method})",
        )
    row = pd.DataFrame([{"indicator_id": target, "label": label, "added": _today(today)}])
    frame = pd.concat([aliases, row], ignore_index=True).sort_values(["indicator_id", "label"])
    _write(frame, Path(path or INDICATOR_ALIASES_FILE))
    return _say(
        lang,
        f"'{label}' accepted as an alias of {target}",
        f"đã nhận '{label}' là tên khác của chỉ tiêu {target}",
    )


def remove_indicator_alias(label: str, *, path: str | Path | None = None, lang: str = "en") -> str:
    """Remove a reviewed indicator alias; refuse a label that is not in the file."""
    aliases = load_indicator_aliases(path)
    key = light_key(label)
    keep = [light_key(x) != key for x in aliases["label"]]
    if all(keep):
        raise AliasError(
            f"'{normalise_text(label)}' is not a reviewed indicator alias",
            f"'{normalise_text(label)}' không có trong danh sách tên khác đã duyệt",
        )
    _write(aliases[keep], Path(path or INDICATOR_ALIASES_FILE))
    return _say(
        lang,
        f"'{normalise_text(label)}' removed from the reviewed aliases",
        f"đã xoá '{normalise_text(label)}' khỏi danh sách tên khác đã duyệt",
    )


def _resolve_area(
    areas: pd.DataFrame, code: str, vintage: str | None, label: str
) -> tuple[str, str]:
    rows = areas[areas["geo_code"] == str(code).strip()]
    if vintage:
        rows = rows[rows["geo_vintage"] == vintage]
    if len(rows) == 1:
        return str(rows["geo_code"].iloc[0]), str(rows["geo_vintage"].iloc[0])
    if len(rows) > 1:
        vintages = list(rows["geo_vintage"])
        raise AliasError(
            f"area {code} exists in vintages {vintages}: give one with --vintage",
            f"mã địa bàn {code} có trong các danh mục {vintages}: hãy chọn một bằng --vintage",
        )
    shown = [f"{c} {n} ({v})" for c, n, v in areas[["geo_code", "geo_name", "geo_vintage"]].values]
    close = [name for name, _, _ in process.extract(label, shown, limit=3)]
    raise AliasError(
        f"{code!r} is not an area code; areas named like '{label}': {close}",
        f"{code!r} không phải mã địa bàn; địa bàn có tên gần với '{label}': {close}",
    )


def accept_area_alias(
    label: str,
    geo_code: str,
    *,
    vintage: str | None = None,
    path: str | Path | None = None,
    today: dt.date | None = None,
    lang: str = "en",
) -> str:
    """Add ``label`` as another name of the area ``geo_code`` in ``area_aliases.csv``.

    ``vintage`` is needed only when the code exists in both area lists. Refused (AliasError):
    an unknown code (with close areas suggested), or a name that already reads as another area.
    """
    areas = load_areas()
    source = Path(path or paths.AREA_ALIASES_FILE)
    current = pd.read_csv(source, dtype=str, keep_default_na=False)
    label = normalise_text(label)
    code, vintage = _resolve_area(areas, geo_code, vintage, label)
    if not match_key(label):
        raise AliasError("the area name is empty", "tên địa bàn để trống")
    try:
        found = AreaIndex(areas, current).match(label)
    except AreaError:
        found = None  # unknown (or ambiguous) today: the alias is what settles it
    if found is not None:
        if found.geo_code == code:
            return _say(
                lang,
                f"'{label}' already reads as area {code}: nothing to do",
                f"'{label}' đã được đọc là địa bàn {code}: không có gì thay đổi",
            )
        raise AliasError(
            f"'{label}' already reads as area {found.geo_code} {found.geo_name}",
            f"'{label}' đã được đọc là địa bàn {found.geo_code} {found.geo_name}",
        )
    row = {"geo_code": code, "geo_vintage": vintage, "alias": label, "valid_from": ""}
    row |= {"valid_to": "", "source": f"accepted by the analyst on {_today(today)}"}
    _write(pd.concat([current, pd.DataFrame([row])], ignore_index=True), source)
    load_area_aliases.cache_clear()
    return _say(
        lang,
        f"'{label}' accepted as a name of area {code} ({vintage})",
        f"đã nhận '{label}' là tên khác của địa bàn {code} ({vintage})",
    )


def remove_area_alias(label: str, *, path: str | Path | None = None, lang: str = "en") -> str:
    """Remove the rows of ``area_aliases.csv`` whose alias is ``label``."""
    source = Path(path or paths.AREA_ALIASES_FILE)
    current = pd.read_csv(source, dtype=str, keep_default_na=False)
    keep = [match_key(x) != match_key(label) for x in current["alias"]]
    if all(keep):
        raise AliasError(
            f"'{normalise_text(label)}' is not in {source.name}",
            f"'{normalise_text(label)}' không có trong {source.name}",
        )
    _write(current[keep], source)
    load_area_aliases.cache_clear()
    return _say(
        lang,
        f"'{normalise_text(label)}' removed from {source.name}",
        f"đã xoá '{normalise_text(label)}' khỏi {source.name}",
    )


def unmatched_labels(
    quarantine: str | Path | None = None, observations: str | Path | None = None
) -> pd.DataFrame:
    """The labels to review after a clean, most frequent first.

    Parameters
    ----------
    quarantine : path, optional
        ``quarantine.csv`` (``data/processed`` by default): rows with ``reason_code``
        unknown_indicator (``indicator_raw``, ``candidates``) or unknown/ambiguous_area
        (``area_raw``).
    observations : path, optional
        ``observations.csv``: rows whose ``note`` says an indicator label was read by
        similarity.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` ("indicator" or "area"), ``label``, ``status`` ("unmatched" or
        "similar"), ``indicator_id`` (the entry read, for "similar"), ``candidates``, ``rows``
        (records) and ``files`` (the raw files they come from, "; "-separated).
    """
    quarantine = Path(quarantine or paths.PROCESSED_DIR / "quarantine.csv")
    observations = Path(observations or paths.PROCESSED_DIR / "observations.csv")
    parts = []
    if quarantine.exists():
        q = pd.read_csv(quarantine, dtype=str, keep_default_na=False)
        q = q[q["reason_code"].isin(list(UNMATCHED_REASONS))]
        kind = q["reason_code"].map(UNMATCHED_REASONS)
        candidates = q["candidates"] if "candidates" in q else ""
        parts.append(
            pd.DataFrame(
                {
                    "kind": kind,
                    "label": q["indicator_raw"].where(kind == "indicator", q["area_raw"]),
                    "status": "unmatched",
                    "indicator_id": "",
                    "candidates": candidates,
                    "file": q["source_file"],
                }
            )
        )
    if observations.exists():
        notes = pd.read_csv(
            observations, dtype=str, keep_default_na=False, usecols=["note", "source_file"]
        )
        found = notes["note"].str.extract(SIMILAR_NOTE).dropna()
        parts.append(
            pd.DataFrame(
                {
                    "kind": "indicator",
                    "label": found["label"],
                    "status": "similar",
                    "indicator_id": found["indicator_id"],
                    "candidates": found["indicator_id"] + " (" + found["score"] + ")",
                    "file": notes.loc[found.index, "source_file"],
                }
            )
        )
    columns = ["kind", "label", "status", "indicator_id", "candidates"]
    frame = (
        pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*columns, "file"])
    )
    listed = (
        frame.groupby(columns, sort=False)["file"]
        .agg(rows="size", files=lambda f: "; ".join(sorted(set(f))))
        .reset_index()
    )
    return listed.sort_values(["rows", "label"], ascending=[False, True], kind="stable")
