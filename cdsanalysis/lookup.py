"""Check what an analyst typed against the plan and the areas; say what is wrong in plain words.

Each check returns the canonical value or raises :class:`~cdsanalysis.errors.CdsError` (an
:class:`~cdsanalysis.errors.UnknownNameError` for a name that is not known), naming the most
similar valid choices. Area names are found with or without diacritics and type words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from cdsanalysis.base.geography import AreaError, area_index, load_areas, split_type_prefix
from cdsanalysis.base.text import fold
from cdsanalysis.errors import CdsError, unknown

_PERIOD_HELP_VI = 'dùng "latest" hoặc một kỳ: 2024, 2024-Q4, 2025-H1, 2024-M12, 2024-12-31'
_PERIOD_HELP_EN = 'use "latest" or a period: 2024, 2024-Q4, 2025-H1, 2024-M12, 2024-12-31'


@dataclass(frozen=True)
class Area:
    """One area an analyst's words fit."""

    geo_code: str
    geo_name: str
    geo_level: str


def check_target(plan: Any, target_id: object, *, lang: str | None = None) -> str:
    """Return ``target_id`` when the plan has it; else raise, naming the most similar ids."""
    ids = list(plan.targets["id"])
    if target_id not in ids:
        raise unknown("mã chỉ tiêu", "target id", target_id, ids, lang=lang)
    return str(target_id)


def check_sector(plan: Any, sector: object, *, lang: str | None = None) -> str | None:
    """Return ``sector`` (None stays None) when the plan has it; else raise with similar ids."""
    if sector is None or sector in plan.sector_ids:
        return sector  # type: ignore[return-value]
    raise unknown("lĩnh vực", "sector", sector, plan.sector_ids, list_all=True, lang=lang)


def period_text(as_of: object, *, lang: str | None = None) -> str | dt.date:
    """``as_of`` as the period grammar reads it: an integer year becomes its label ("2024").

    Raises
    ------
    CdsError
        For a value that is neither "latest", a period label, an integer year nor a date.
    """
    from cdsanalysis.base.periods import PeriodError, parse_as_of

    if isinstance(as_of, bool) or not isinstance(as_of, str | int | dt.date):
        raise CdsError(
            f"kỳ {as_of!r} không đọc được; {_PERIOD_HELP_VI}",
            f"as_of {as_of!r} cannot be read; {_PERIOD_HELP_EN}",
            lang=lang,
        )
    value = str(as_of) if isinstance(as_of, int) else as_of
    if value == "latest":
        return value
    try:
        parse_as_of(value)
    except PeriodError as exc:
        raise CdsError(
            f"kỳ {as_of!r} không đọc được; {_PERIOD_HELP_VI}",
            f"as_of {as_of!r} cannot be read ({exc}); {_PERIOD_HELP_EN}",
            lang=lang,
        ) from None
    return value


def _key(name: str) -> str:
    """A name without diacritics, case or punctuation: "Phường Dĩ An" -> "phuong di an"."""
    return re.sub(r"[^0-9a-z]+", " ", fold(name)).strip()


def _bare_key(name: str) -> str:
    """A name without its type word, diacritics, case or punctuation: "TP. Dĩ An" -> "di an"."""
    return _key(split_type_prefix(name)[1])


def find_areas(text: object, *, lang: str | None = None) -> list[Area]:
    """The areas ``text`` fits: a GSO code, or a name with or without diacritics or type word.

    "Dĩ An" fits the city and the ward of that name; "TP. Di An" the city only. The caller
    narrows several down (for instance to the areas a series has data for).

    Raises
    ------
    UnknownNameError
        When no area fits; the message names the most similar area names.
    """
    try:
        found = area_index().match(text)
        return [Area(found.geo_code, found.geo_name, found.geo_level)]
    except AreaError:
        pass  # ambiguous, or written without diacritics: compared below by folded names
    areas = load_areas()
    typed_type, _ = split_type_prefix(str(text))
    key, whole = _bare_key(str(text)), _key(str(text))
    fits = {}
    for row in areas.itertuples(index=False):
        area = Area(row.geo_code, row.geo_name, row.geo_level)
        if _key(row.geo_name) == whole:  # the type word typed without diacritics too
            fits.setdefault(row.geo_code, area)
        elif _bare_key(row.geo_name) == key and (
            typed_type is None or split_type_prefix(row.geo_name)[0] in (typed_type, None)
        ):
            fits.setdefault(row.geo_code, area)
    if not fits:
        raise unknown("địa bàn", "area", text, areas["geo_name"], lang=lang)
    return list(fits.values())


_LEVELS = ("province", "district", "commune")


def pick_area(text: object, codes_with_data: set[str], *, lang: str | None = None) -> Area:
    """The one area ``text`` means, among those with data when some have: a name shared by a
    city and its ward ("Dĩ An") means the higher level.

    Raises
    ------
    CdsError
        When no area fits, or several of one level still do.
    """
    areas = find_areas(text, lang=lang)
    fits = [a for a in areas if a.geo_code in codes_with_data] or areas
    top = min(_LEVELS.index(a.geo_level) for a in fits)
    fits = [a for a in fits if _LEVELS.index(a.geo_level) == top]
    if len(fits) > 1:
        raise ambiguous_area(text, fits, lang=lang)
    return fits[0]


def ambiguous_area(text: object, areas: list[Area], *, lang: str | None = None) -> CdsError:
    """The error for words that fit several areas, listing them with their codes."""
    listed = "; ".join(f"{a.geo_code} {a.geo_name} ({a.geo_level})" for a in areas)
    return CdsError(
        f"{text!r} ứng với {len(areas)} địa bàn ({listed}); ghi rõ loại (TP., Phường...) hoặc mã",
        f"{text!r} fits {len(areas)} areas ({listed}); write the type (TP., Phường...) or the code",
        lang=lang,
    )
