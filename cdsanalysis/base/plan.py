"""The plan catalogue: load the plan file (YAML) and refuse a broken one with a precise message.

The plan is data: pointing :func:`load_plan` at another file (the merged city's 2026–2030 plan,
another province) is all it takes to track another plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cdsanalysis.base import paths
from cdsanalysis.base.plan_schema import (
    CONTEXT,
    TARGET_FIELDS,
    Milestone,
    Sector,
    Target,
    validate_entry,
)
from cdsanalysis.base.text import short_repr
from cdsanalysis.base.yaml_safe import PLAN_MAX_BYTES, YamlFileError, read_yaml

#: The columns of :attr:`Plan.targets`: the fields of a target (:class:`.plan_schema.Target`).
TARGET_COLUMNS = TARGET_FIELDS
SECTOR_COLUMNS = ["id", "name_vi", "name_en"]
MILESTONE_COLUMNS = ["id", "date", "period", "name_vi", "name_en", "target_id"]


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
        One row per target series and per context indicator (``kind`` "context": no target,
        comparison or deadline), columns :data:`TARGET_COLUMNS`.
    sectors : pandas.DataFrame
        The sectors the plan pushes, columns ``id``, ``name_vi``, ``name_en``.
    milestones : pandas.DataFrame
        The plan's dated events, columns :data:`MILESTONE_COLUMNS`.
    path : pathlib.Path
        The file it was read from.
    entries : tuple of Target
        The targets as typed objects (:class:`~cdsanalysis.base.plan_schema.Target`), in the
        order of ``targets``.
    """

    meta: dict
    targets: pd.DataFrame
    sectors: pd.DataFrame
    milestones: pd.DataFrame
    path: Path
    entries: tuple[Target, ...] = field(default=(), repr=False, compare=False)
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
    def judged_targets(self) -> pd.DataFrame:
        """The target series the plan sets a target for: :attr:`targets` less the context
        indicators."""
        return self.targets[self.targets["kind"] != CONTEXT]

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
    >>> len(plan.judged_targets), len(plan.targets), len(plan.sectors)
    (35, 69, 8)
    """
    plan_path = Path(path) if path is not None else paths.PLAN_FILE
    try:
        document = read_yaml(plan_path, max_bytes=PLAN_MAX_BYTES, what="plan file")
    except YamlFileError as exc:
        raise PlanError(str(exc)) from None
    return plan_from_dict(document, source=plan_path)


def plan_from_dict(document: Any, *, source: str | Path = "<plan>") -> Plan:
    """Validate an already parsed plan document (see :func:`load_plan`)."""
    source = Path(source)
    if not isinstance(document, dict):
        raise PlanError(f"{source}: the plan must be a mapping with 'sectors' and 'targets'")
    problems: list[str] = []
    sectors = _validate_sectors(document.get("sectors"), problems)
    sector_ids = {s["id"] for s in sectors if isinstance(s["id"], str)}
    targets = _validate_targets(document.get("targets"), sector_ids, problems)
    milestones = _validate_milestones(document.get("milestones") or [], problems)
    if problems:
        listing = "\n  - ".join(problems)
        raise PlanError(f"{source}: {len(problems)} problem(s) in the plan:\n  - {listing}")
    targets_frame = pd.DataFrame([_target_row(t) for t in targets], columns=TARGET_COLUMNS)
    return Plan(
        meta=dict(document.get("plan") or {}),
        targets=targets_frame,
        sectors=pd.DataFrame(sectors, columns=SECTOR_COLUMNS),
        milestones=pd.DataFrame(milestones, columns=MILESTONE_COLUMNS),
        path=source,
        entries=tuple(targets),
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
        _, found = validate_entry(Sector, entry)
        problems += [f"{where} field '{name}': {why}" for name, why in found]
        sid = entry.get("id")
        if _hashable(sid) and sid in seen:
            problems.append(f"sector {short_repr(sid)} field 'id': duplicate id")
        seen.add(sid if _hashable(sid) else id(sid))
        out.append({k: entry.get(k) for k in SECTOR_COLUMNS})
    return out


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _validate_targets(raw: Any, sector_ids: set[str], problems: list[str]) -> list[Target]:
    if not isinstance(raw, list) or not raw:
        problems.append("'targets': must be a non-empty list")
        return []
    out: list[Target] = []
    seen_ids: set[str] = set()
    alias_owner: dict[str, str] = {}
    context = {"sector_ids": sector_ids}
    for pos, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append(f"target #{pos + 1}: must be a mapping")
            continue
        tid = entry.get("id")
        where = (
            f"target {short_repr(tid)}" if isinstance(tid, str) and tid else f"target #{pos + 1}"
        )
        target, found = validate_entry(Target, entry, context)
        problems += [f"{where} field '{name}': {why}" for name, why in found]
        if isinstance(tid, str):
            if tid in seen_ids:
                problems.append(f"{where} field 'id': duplicate id")
            seen_ids.add(tid)
        for alias in entry.get("aliases") or []:
            key = str(alias).casefold()
            if key in alias_owner and alias_owner[key] != tid:
                problems.append(
                    f"{where} field 'aliases': {short_repr(alias)} is already an alias of "
                    f"{short_repr(alias_owner[key])}"
                )
            alias_owner[key] = tid
        if target is not None and not found:
            out.append(target)
    return out


def _target_row(target: Target) -> dict:
    """A catalogue row: the target's fields, the deadline as its ISO text (None for a context
    indicator)."""
    row = target.model_dump()
    row["deadline"] = target.deadline.isoformat() if target.deadline else None
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
        milestone, found = validate_entry(Milestone, entry)
        problems += [f"milestone {short_repr(entry['id'])} field '{n}': {why}" for n, why in found]
        if milestone is not None:
            out.append({key: getattr(milestone, key) for key in MILESTONE_COLUMNS})
    return out
