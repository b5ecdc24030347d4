"""The plan catalogue's schema: one pydantic model per kind of entry (sector, target, milestone).

A target entry is either a target series of the plan or, with ``kind: context``, a context
indicator: a published measure shown beside the targets (PAR Index, PAPI, the "Bộ chỉ số 766"
index, a DTI main-index rank) that the plan sets no target for. A context indicator has the same
fields, except that ``comparison``, ``target`` and ``deadline`` must be absent (it is never
judged), and its ``source_quote_vi`` holds a short description of the measure, since the plan's
article does not name it. Its unit is free (a context rank still needs ``rank_of`` and direction
-1); its ``code`` is empty.

Each field is declared with its type and a check that words the problem the way the catalogue's
authors read it ("field 'unit': unknown unit 'percentage' (one of percent, ...)"); checks that
relate two fields (a rank target's direction, a percent target's range) sit on the later field and
see the earlier ones that passed. Allowed values come from :mod:`cdsanalysis.base.vocabulary`.
:func:`validate_entry` turns pydantic's errors into ``(field, problem)`` pairs, so that the plan
loader lists every problem of every entry at once.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from cdsanalysis.base.text import clip, short_repr
from cdsanalysis.base.vocabulary import COMPARISONS, DIRECTIONS, KINDS, LEVELS, PILLARS, UNITS

__all__ = ["CONTEXT", "Milestone", "Sector", "Target", "TARGET_FIELDS", "validate_entry"]

_MISSING = "is missing (required, never defaulted)"
# Problems of one field that are several (two unknown sectors) travel in one error, one per line.
_SEPARATOR = "\n"


def _problem(message: str, field: str | None = None) -> PydanticCustomError:
    """An error in the catalogue's words; ``field`` when it belongs to another field."""
    # The words travel in the context: a template would read braces in the input as fields.
    context = {"message": message} if field is None else {"message": message, "field": field}
    return PydanticCustomError("plan", "{message}", context)


def _is_number(value: Any) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer too large for a float
        return False


def _one_of(values: tuple) -> str:
    return ", ".join(str(v) for v in values)


def _required(value: Any) -> Any:
    if value is None:
        raise _problem(_MISSING)
    return value


def _text(value: Any) -> str:
    if not (isinstance(value, str) and value.strip()):
        raise _problem("must be a non-empty text")
    return value


def _optional_text(value: Any) -> str:
    return "" if value is None else _text(value)


def _choice(name: str, allowed: tuple):
    def check(value: Any) -> Any:
        if value not in allowed:
            raise _problem(f"unknown {name} {short_repr(value)} (one of {_one_of(allowed)})")
        return value

    return check


def _number(value: Any) -> float:
    if not _is_number(value):
        raise _problem(f"must be a number, not {short_repr(value)}")
    return value


def _iso_date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _problem(f"must be an ISO date (YYYY-MM-DD), not {short_repr(value)}") from None


def _then(*checks):
    """Chain checks, left to right, as one before-validator."""

    def run(value: Any) -> Any:
        for check in checks:
            value = check(value)
        return value

    return BeforeValidator(run)


RequiredText = Annotated[str, _then(_required, _text)]

#: The kind of a context indicator: shown beside the targets, never judged.
CONTEXT = "context"
# What a target's comparison, target value and deadline must be (a context has none of them).
_JUDGEMENT_CHECKS = {
    "comparison": _choice("comparison", COMPARISONS),
    "target": _number,
    "deadline": _iso_date,
}


class Sector(BaseModel):
    """A sector the plan pushes (urban, health, ...)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: Annotated[str, _then(_text)] = Field(default=None, validate_default=True)
    name_vi: Annotated[str, _then(_text)] = Field(default=None, validate_default=True)
    name_en: Annotated[str, _then(_text)] = Field(default=None, validate_default=True)


class Target(BaseModel):
    """One target series of the plan: what is measured, the target, its deadline and direction.

    With ``kind`` "context" the entry is a context indicator (see the module notes): comparison,
    target and deadline are None.

    The sectors a target lists are checked against the plan's sectors, given as the validation
    context ``{"sector_ids": ...}``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: RequiredText
    code: Annotated[str, _then(_optional_text)] = ""
    name_vi: RequiredText
    name_en: RequiredText
    source_quote_vi: RequiredText
    pillar: Annotated[str, _then(_required, _choice("pillar", PILLARS))]
    sectors: list[str]
    unit: Annotated[str, _then(_required, _choice("unit", UNITS))]
    kind: Annotated[str, _then(_required, _choice("kind", KINDS))]
    comparison: str | None = Field(default=None, validate_default=True)
    target: float | None = Field(default=None, validate_default=True)
    deadline: dt.date | None = Field(default=None, validate_default=True)
    direction: int
    limit: float | None = None
    level: Annotated[str, _then(_required, _choice("level", LEVELS))]
    aliases: list[str] = Field(default_factory=list)
    interpretation: str | None = Field(default=None, validate_default=True)
    rank_of: int | None = Field(default=None, validate_default=True)

    @field_validator("sectors", mode="before")
    @classmethod
    def _known_sectors(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            raise _problem(_MISSING)
        if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
            raise _problem("must be a list of sector ids")
        known = set((info.context or {}).get("sector_ids", ()))
        listing = clip(", ".join(sorted(known)), 200)
        unknown = [
            f"unknown sector {short_repr(s)} (one of {listing})" for s in value if s not in known
        ]
        if unknown:
            raise _problem(_SEPARATOR.join(unknown))
        return value

    @field_validator("kind")
    @classmethod
    def _kind_fits_unit(cls, kind: str, info: ValidationInfo) -> str:
        unit = info.data.get("unit")
        if kind != CONTEXT and unit is not None and (kind == "rank") != (unit == "rank"):
            raise _problem(f"kind {kind!r} does not fit unit {unit!r} (ranks go with ranks)")
        return kind

    @field_validator("comparison", "target", "deadline", mode="before")
    @classmethod
    def _judged_unless_context(cls, value: Any, info: ValidationInfo) -> Any:
        # a context indicator is never judged; an entry whose kind is invalid is read as a target
        if info.data.get("kind") == CONTEXT:
            if value is not None:
                raise _problem("a context indicator has no target, comparison or deadline")
            return None
        return _JUDGEMENT_CHECKS[info.field_name](_required(value))

    @field_validator("target")
    @classmethod
    def _target_in_range(cls, target: float | None, info: ValidationInfo) -> float | None:
        if target is None:
            return None
        unit, kind = info.data.get("unit"), info.data.get("kind")
        if unit == "percent" and kind != "growth" and not 0 <= target <= 100:
            raise _problem(f"percent target {_shown_number(target)} is outside 0-100")
        if unit == "yes_no" and target not in (0, 1):
            raise _problem(f"yes/no target must be 1 (yes) or 0 (no), not {_shown_number(target)}")
        return target

    @field_validator("direction", mode="before")
    @classmethod
    def _direction_fits(cls, direction: Any, info: ValidationInfo) -> Any:
        if direction is None:
            raise _problem(_MISSING)
        if isinstance(direction, bool) or direction not in DIRECTIONS:
            raise _problem(
                f"must be 1 (higher is better) or -1 (lower is better), not {short_repr(direction)}"
            )
        kind, comparison = info.data.get("kind"), info.data.get("comparison")
        if kind == "rank" and direction != -1:
            raise _problem("a rank is lower-is-better: direction must be -1 with '<='")
        if comparison is not None and (direction == 1) != comparison.startswith(">"):
            raise _problem(
                f"direction {direction} contradicts comparison {comparison!r} "
                "(higher-is-better targets use >= or >, lower-is-better use <=)"
            )
        return direction

    @field_validator("limit", mode="before")
    @classmethod
    def _limit_number(cls, limit: Any) -> Any:
        if limit is not None and not _is_number(limit):
            raise _problem(f"must be a number or null, not {short_repr(limit)}")
        return limit

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases_texts(cls, aliases: Any) -> Any:
        if aliases is None:
            return []
        if not (
            isinstance(aliases, list) and all(isinstance(a, str) and a.strip() for a in aliases)
        ):
            raise _problem("must be a list of texts")
        return aliases

    @field_validator("interpretation", mode="before")
    @classmethod
    def _interpretation_said(cls, interpretation: Any, info: ValidationInfo) -> Any:
        if interpretation is not None and not isinstance(interpretation, str):
            raise _problem("must be a text or null")
        if info.data.get("kind") == "yes_no" and not interpretation:
            raise _problem("a target without a number must say how it is read")
        return interpretation

    @field_validator("rank_of", mode="before")
    @classmethod
    def _rank_of_fits(cls, rank_of: Any, info: ValidationInfo) -> Any:
        if "unit" not in info.data:
            return None  # an invalid unit is reported on its own; rank_of cannot be judged
        if info.data["unit"] != "rank":
            if rank_of is not None:
                raise _problem("only rank targets have rank_of")
            return rank_of
        if not (isinstance(rank_of, int) and not isinstance(rank_of, bool) and rank_of > 1):
            raise _problem("a rank target needs the number of places ranked (an integer > 1)")
        target = info.data.get("target")
        if target is not None and not 1 <= target <= rank_of:
            message = f"rank target {_shown_number(target)} is outside 1..{rank_of}"
            raise _problem(message, field="target")
        return rank_of


def _shown_number(value: float) -> str:
    """A target as the author wrote it: 70 for 70.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


#: The fields a target may have, in the catalogue's order.
TARGET_FIELDS = list(Target.model_fields)


class Milestone(BaseModel):
    """A dated event of the plan (a review, a deadline for the agencies' own plans)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: Any
    date: Any
    period: Any = None
    name_vi: Any = None
    name_en: Any = None
    target_id: Any = None

    @field_validator("date")
    @classmethod
    def _iso(cls, date: Any) -> Any:
        try:
            dt.date.fromisoformat(str(date))
        except ValueError:
            raise _problem("not an ISO date") from None
        return date


def validate_entry(
    model: type[BaseModel], entry: dict, context: dict | None = None
) -> tuple[BaseModel | None, list[tuple[str, str]]]:
    """Validate one entry against its model.

    Parameters
    ----------
    model : type
        :class:`Sector`, :class:`Target` or :class:`Milestone`.
    entry : dict
        The entry as read from the file.
    context : dict, optional
        The validation context (``{"sector_ids": ...}`` for a target).

    Returns
    -------
    tuple
        The model instance (None when there are problems) and the problems as
        ``(field, problem)`` pairs, in the model's field order.
    """
    try:
        return model.model_validate(entry, context=context), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            field = str(error["loc"][0]) if error["loc"] else ""
            if error["type"] == "missing":
                message = _MISSING
            elif error["type"] == "extra_forbidden":
                field = clip(field, 60)
                message = f"is not a catalogue field (fields: {', '.join(TARGET_FIELDS)})"
            else:
                field = (error.get("ctx") or {}).get("field", field)
                message = error["msg"]
            problems += [(field, line) for line in message.split(_SEPARATOR)]
        return None, problems
