"""The plan catalogue: load the plan file (YAML) and refuse a broken one with a precise message.

The plan is data: pointing :func:`load_plan` at another file (the merged city's 2026–2030 plan,
another province) is all it takes to track another plan.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.vocabulary import COMPARISONS, DIRECTIONS, KINDS, LEVELS, PILLARS, UNITS

TARGET_COLUMNS = [
    "id",
    "code",
    "name_vi",
    "name_en",
    "source_quote_vi",
    "pillar",
    "sectors",
    "unit",
    "kind",
    "comparison",
    "target",
    "deadline",
    "direction",
    "limit",
    "level",
    "aliases",
    "interpretation",
    "rank_of",
]
_REQUIRED = ["id", "name_vi", "name_en", "source_quote_vi", "pillar", "sectors", "unit", "kind"]
_REQUIRED += ["comparison", "target", "deadline", "direction", "level"]
SECTOR_COLUMNS = ["id", "name_vi", "name_en"]
MILESTONE_COLUMNS = ["id", "date", "period", "name_vi", "name_en", "target_id"]


# libyaml's safe loader when PyYAML was built with it (several times faster), else the pure one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PlanError(ValueError):
    """A plan file that cannot be used; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Plan:
    """A validated plan catalogue.

    Attributes
    ----------
    meta : dict
        The plan's own description (id, titles, province code, period, source).
    targets : pandas.DataFrame
        One row per target series, columns :data:`TARGET_COLUMNS`.
    sectors : pandas.DataFrame
        The sectors the plan pushes, columns ``id``, ``name_vi``, ``name_en``.
    milestones : pandas.DataFrame
        The plan's dated events, columns :data:`MILESTONE_COLUMNS`.
    path : pathlib.Path
        The file it was read from.
    """

    meta: dict
    targets: pd.DataFrame
    sectors: pd.DataFrame
    milestones: pd.DataFrame
    path: Path
    _by_id: dict = field(default_factory=dict, repr=False, compare=False)

    def target(self, target_id: str) -> pd.Series:
        """Return the catalogue row of one target.

        Raises
        ------
        KeyError
            When the id is not in the catalogue; the message lists close ids.
        """
        if target_id not in self._by_id:
            close = [t for t in self._by_id if target_id.split(".")[0] in t][:5]
            raise KeyError(f"unknown target id {target_id!r}; similar ids: {close}")
        return self.targets.loc[self._by_id[target_id]]

    def targets_for_sector(self, sector: str) -> pd.DataFrame:
        """Return the targets whose ``sectors`` list names ``sector``."""
        mask = self.targets["sectors"].map(lambda s: sector in s)
        return self.targets[mask]

    @property
    def sector_ids(self) -> list[str]:
        """The sector ids, in the plan's order."""
        return list(self.sectors["id"])


def load_plan(path: str | Path | None = None) -> Plan:
    """Load and validate a plan catalogue.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A plan YAML file. ``None`` reads the project's own ``data/reference/plan.yaml``.

    Returns
    -------
    Plan
        The validated catalogue with ``.targets``, ``.sectors`` and ``.milestones`` frames.

    Raises
    ------
    PlanError
        When the file is missing or not YAML, or when any entry is invalid. Every problem found is
        listed, each naming the entry (by id or position) and the field.

    Examples
    --------
    >>> import cdsanalysis as cds
    >>> plan = cds.load_plan()
    >>> len(plan.targets), len(plan.sectors)
    (35, 8)
    """
    plan_path = Path(path) if path is not None else paths.PLAN_FILE
    try:
        text = plan_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(f"{plan_path}: plan file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"{plan_path}: cannot read the plan file ({exc})") from None
    try:
        document = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise PlanError(f"{plan_path}: not valid YAML ({exc})") from None
    return plan_from_dict(document, source=plan_path)


def plan_from_dict(document: Any, *, source: str | Path = "<plan>") -> Plan:
    """Validate an already parsed plan document (see :func:`load_plan`)."""
    source = Path(source)
    if not isinstance(document, dict):
        raise PlanError(f"{source}: the plan must be a mapping with 'sectors' and 'targets'")
    problems: list[str] = []
    sectors = _validate_sectors(document.get("sectors"), problems)
    sector_ids = {s["id"] for s in sectors}
    targets = _validate_targets(document.get("targets"), sector_ids, problems)
    milestones = _validate_milestones(document.get("milestones") or [], problems)
    if problems:
        listing = "\n  - ".join(problems)
        raise PlanError(f"{source}: {len(problems)} problem(s) in the plan:\n  - {listing}")
    targets_frame = pd.DataFrame(targets, columns=TARGET_COLUMNS)
    return Plan(
        meta=dict(document.get("plan") or {}),
        targets=targets_frame,
        sectors=pd.DataFrame(sectors, columns=SECTOR_COLUMNS),
        milestones=pd.DataFrame(milestones, columns=MILESTONE_COLUMNS),
        path=source,
        _by_id={tid: i for i, tid in enumerate(targets_frame["id"])},
    )


def _validate_sectors(raw: Any, problems: list[str]) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        problems.append("'sectors': must be a non-empty list")
        return []
    out, seen = [], set()
    for pos, entry in enumerate(raw):
        where = f"sector #{pos + 1}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping with id, name_vi, name_en")
            continue
        for key in SECTOR_COLUMNS:
            if not isinstance(entry.get(key), str) or not entry.get(key).strip():
                problems.append(f"{where} field '{key}': must be a non-empty text")
        sid = entry.get("id")
        if sid in seen:
            problems.append(f"sector {sid!r} field 'id': duplicate id")
        seen.add(sid)
        out.append({k: entry.get(k) for k in SECTOR_COLUMNS})
    return out


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _validate_targets(raw: Any, sector_ids: set[str], problems: list[str]) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        problems.append("'targets': must be a non-empty list")
        return []
    out: list[dict] = []
    seen_ids: set[str] = set()
    alias_owner: dict[str, str] = {}
    for pos, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append(f"target #{pos + 1}: must be a mapping")
            continue
        tid = entry.get("id")
        where = f"target {tid!r}" if isinstance(tid, str) and tid else f"target #{pos + 1}"
        before = len(problems)
        _check_target(entry, where, sector_ids, problems)
        if isinstance(tid, str):
            if tid in seen_ids:
                problems.append(f"{where} field 'id': duplicate id")
            seen_ids.add(tid)
        for alias in entry.get("aliases") or []:
            key = str(alias).casefold()
            if key in alias_owner and alias_owner[key] != tid:
                problems.append(
                    f"{where} field 'aliases': {alias!r} is already an alias of "
                    f"{alias_owner[key]!r}"
                )
            alias_owner[key] = tid
        if len(problems) == before:
            out.append(_normalised_target(entry))
    return out


def _check_target(entry: dict, where: str, sector_ids: set[str], problems: list[str]) -> None:
    def bad(field_name: str, why: str) -> None:
        problems.append(f"{where} field '{field_name}': {why}")

    for key in _REQUIRED:
        if key not in entry or entry[key] is None:
            bad(key, "is missing (required, never defaulted)")
    unknown = set(entry) - set(TARGET_COLUMNS)
    for key in sorted(unknown):
        bad(key, f"is not a catalogue field (fields: {', '.join(TARGET_COLUMNS)})")
    for key in ("id", "code", "name_vi", "name_en", "source_quote_vi"):
        if (
            key in entry
            and entry[key] is not None
            and not (isinstance(entry[key], str) and entry[key].strip())
        ):
            bad(key, "must be a non-empty text")
    if "pillar" in entry and entry["pillar"] is not None and entry["pillar"] not in PILLARS:
        bad("pillar", f"unknown pillar {entry['pillar']!r} (one of {', '.join(PILLARS)})")
    unit, kind = entry.get("unit"), entry.get("kind")
    if unit is not None and unit not in UNITS:
        bad("unit", f"unknown unit {unit!r} (one of {', '.join(UNITS)})")
    if kind is not None and kind not in KINDS:
        bad("kind", f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if (kind == "rank") != (unit == "rank") and unit in UNITS and kind in KINDS:
        bad("kind", f"kind {kind!r} does not fit unit {unit!r} (ranks go with ranks)")
    comparison = entry.get("comparison")
    if comparison is not None and comparison not in COMPARISONS:
        bad("comparison", f"unknown comparison {comparison!r} (one of {', '.join(COMPARISONS)})")
    direction = entry.get("direction")
    if direction is not None:
        if isinstance(direction, bool) or direction not in DIRECTIONS:
            why = f"must be 1 (higher is better) or -1 (lower is better), not {direction!r}"
            bad("direction", why)
        elif kind == "rank" and direction != -1:
            bad("direction", "a rank is lower-is-better: direction must be -1 with '<='")
        elif comparison in COMPARISONS and (direction == 1) != comparison.startswith(">"):
            bad(
                "direction",
                f"direction {direction} contradicts comparison {comparison!r} "
                "(higher-is-better targets use >= or >, lower-is-better use <=)",
            )
    target = entry.get("target")
    if target is not None:
        if not _is_number(target):
            bad("target", f"must be a number, not {target!r}")
        elif unit == "percent" and kind != "growth" and not 0 <= target <= 100:
            bad("target", f"percent target {target} is outside 0-100")
        elif unit == "yes_no" and target not in (0, 1):
            bad("target", f"yes/no target must be 1 (yes) or 0 (no), not {target}")
    sectors = entry.get("sectors")
    if sectors is not None:
        if not isinstance(sectors, list) or not all(isinstance(s, str) for s in sectors):
            bad("sectors", "must be a list of sector ids")
        else:
            for sid in sectors:
                if sid not in sector_ids:
                    known = ", ".join(sorted(sector_ids))
                    bad("sectors", f"unknown sector {sid!r} (one of {known})")
    deadline = entry.get("deadline")
    if deadline is not None:
        try:
            dt.date.fromisoformat(str(deadline))
        except ValueError:
            bad("deadline", f"must be an ISO date (YYYY-MM-DD), not {deadline!r}")
    level = entry.get("level")
    if level is not None and level not in LEVELS:
        bad("level", f"unknown level {level!r} (one of {', '.join(LEVELS)})")
    limit = entry.get("limit")
    if limit is not None and not _is_number(limit):
        bad("limit", f"must be a number or null, not {limit!r}")
    aliases = entry.get("aliases")
    if aliases is not None and not (
        isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases)
    ):
        bad("aliases", "must be a list of texts")
    rank_of = entry.get("rank_of")
    if unit == "rank":
        if not (isinstance(rank_of, int) and not isinstance(rank_of, bool) and rank_of > 1):
            bad("rank_of", "a rank target needs the number of places ranked (an integer > 1)")
        elif _is_number(target) and not 1 <= target <= rank_of:
            bad("target", f"rank target {target} is outside 1..{rank_of}")
    elif rank_of is not None:
        bad("rank_of", "only rank targets have rank_of")
    interpretation = entry.get("interpretation")
    if interpretation is not None and not isinstance(interpretation, str):
        bad("interpretation", "must be a text or null")
    if kind in ("yes_no",) and not interpretation:
        bad("interpretation", "a target without a number must say how it is read")


def _normalised_target(entry: dict) -> dict:
    row = {key: entry.get(key) for key in TARGET_COLUMNS}
    row["target"] = float(row["target"])
    row["direction"] = int(row["direction"])
    row["limit"] = None if row["limit"] is None else float(row["limit"])
    row["deadline"] = str(dt.date.fromisoformat(str(row["deadline"])))
    row["sectors"] = list(row["sectors"])
    row["aliases"] = list(row["aliases"] or [])
    row["code"] = row["code"] or ""
    return row


def _validate_milestones(raw: Any, problems: list[str]) -> list[dict]:
    if not isinstance(raw, list):
        problems.append("'milestones': must be a list")
        return []
    out = []
    for pos, entry in enumerate(raw):
        where = f"milestone #{pos + 1}"
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("date"):
            problems.append(f"{where}: needs at least 'id' and 'date'")
            continue
        try:
            dt.date.fromisoformat(str(entry["date"]))
        except ValueError:
            problems.append(f"milestone {entry['id']!r} field 'date': not an ISO date")
            continue
        out.append({key: entry.get(key) for key in MILESTONE_COLUMNS})
    return out
