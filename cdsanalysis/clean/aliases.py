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
    """A refused command: unknown id or area, label mapped elsewhere, label not found."""


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
        raise AliasError(f"{source}: missing columns {sorted(missing)}")
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
        raise AliasError(
            f"code {indicator!r} names {len(by_code)} entries: give one id of "
            + ", ".join(by_code["id"])
        )
    names = list(targets["id"]) + [c for c in targets["code"] if c]
    close = [name for name, _, _ in process.extract(indicator, names, limit=3)]
    raise AliasError(f"{indicator!r} is not an indicator of the plan; did you mean {close}?")


def accept_indicator_alias(
    label: str,
    indicator: str,
    *,
    plan: Plan | None = None,
    path: str | Path | None = None,
    today: dt.date | None = None,
) -> str:
    """Add ``label`` as a reviewed alias of ``indicator`` (an id, or a code naming one entry).

    Returns
    -------
    str
        What was done, in plain words.

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
        raise AliasError("the label is empty")
    aliases = load_indicator_aliases(path)
    same = aliases[[light_key(x) == key for x in aliases["label"]]]
    if len(same):
        known = same["indicator_id"].iloc[0]
        if known == target:
            return f"'{label}' is already a reviewed alias of {target}: nothing to do"
        raise AliasError(f"'{label}' is already a reviewed alias of {known}; remove it first")
    found = WordingMatcher(plan).exact_match(label)
    if found is not None and found.indicator_id not in (None, target):
        raise AliasError(f"'{label}' already names {found.indicator_id} ({found.method})")
    row = pd.DataFrame([{"indicator_id": target, "label": label, "added": _today(today)}])
    frame = pd.concat([aliases, row], ignore_index=True).sort_values(["indicator_id", "label"])
    _write(frame, Path(path or INDICATOR_ALIASES_FILE))
    return f"'{label}' accepted as an alias of {target}"


def remove_indicator_alias(label: str, *, path: str | Path | None = None) -> str:
    """Remove a reviewed indicator alias; refuse a label that is not in the file."""
    aliases = load_indicator_aliases(path)
    key = light_key(label)
    keep = [light_key(x) != key for x in aliases["label"]]
    if all(keep):
        raise AliasError(f"'{normalise_text(label)}' is not a reviewed indicator alias")
    _write(aliases[keep], Path(path or INDICATOR_ALIASES_FILE))
    return f"'{normalise_text(label)}' removed from the reviewed aliases"


def _resolve_area(
    areas: pd.DataFrame, code: str, vintage: str | None, label: str
) -> tuple[str, str]:
    rows = areas[areas["geo_code"] == str(code).strip()]
    if vintage:
        rows = rows[rows["geo_vintage"] == vintage]
    if len(rows) == 1:
        return str(rows["geo_code"].iloc[0]), str(rows["geo_vintage"].iloc[0])
    if len(rows) > 1:
        raise AliasError(f"area {code} exists in vintages {list(rows['geo_vintage'])}: give one")
    shown = [f"{c} {n} ({v})" for c, n, v in areas[["geo_code", "geo_name", "geo_vintage"]].values]
    close = [name for name, _, _ in process.extract(label, shown, limit=3)]
    raise AliasError(f"{code!r} is not an area code; areas named like '{label}': {close}")


def accept_area_alias(
    label: str,
    geo_code: str,
    *,
    vintage: str | None = None,
    path: str | Path | None = None,
    today: dt.date | None = None,
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
        raise AliasError("the area name is empty")
    try:
        found = AreaIndex(areas, current).match(label)
    except AreaError:
        found = None  # unknown (or ambiguous) today: the alias is what settles it
    if found is not None:
        if found.geo_code == code:
            return f"'{label}' already reads as area {code}: nothing to do"
        raise AliasError(f"'{label}' already reads as area {found.geo_code} {found.geo_name}")
    row = {"geo_code": code, "geo_vintage": vintage, "alias": label, "valid_from": ""}
    row |= {"valid_to": "", "source": f"accepted by the analyst on {_today(today)}"}
    _write(pd.concat([current, pd.DataFrame([row])], ignore_index=True), source)
    load_area_aliases.cache_clear()
    return f"'{label}' accepted as a name of area {code} ({vintage})"


def remove_area_alias(label: str, *, path: str | Path | None = None) -> str:
    """Remove the rows of ``area_aliases.csv`` whose alias is ``label``."""
    source = Path(path or paths.AREA_ALIASES_FILE)
    current = pd.read_csv(source, dtype=str, keep_default_na=False)
    keep = [match_key(x) != match_key(label) for x in current["alias"]]
    if all(keep):
        raise AliasError(f"'{normalise_text(label)}' is not in {source.name}")
    _write(current[keep], source)
    load_area_aliases.cache_clear()
    return f"'{normalise_text(label)}' removed from {source.name}"


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
        "similar"), ``indicator_id`` (the entry read, for "similar"), ``candidates``, ``rows``.
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
                }
            )
        )
    if observations.exists():
        notes = pd.read_csv(observations, dtype=str, keep_default_na=False, usecols=["note"])
        found = notes["note"].str.extract(SIMILAR_NOTE).dropna()
        parts.append(
            pd.DataFrame(
                {
                    "kind": "indicator",
                    "label": found["label"],
                    "status": "similar",
                    "indicator_id": found["indicator_id"],
                    "candidates": found["indicator_id"] + " (" + found["score"] + ")",
                }
            )
        )
    columns = ["kind", "label", "status", "indicator_id", "candidates"]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    listed = frame.groupby(columns, sort=False).size().reset_index(name="rows")
    return listed.sort_values(["rows", "label"], ascending=[False, True], kind="stable")
