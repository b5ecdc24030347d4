"""Administrative areas: the unit list, former names, the 2025 crosswalk, and name matching.

Two unit lists are in play. ``2025-01-04`` is the GSO list of Bình Dương before the 2025
reorganisation (province 74, 9 district-level units, 91 communes). ``2025-07-01`` holds the 36
communes of Hồ Chí Minh City formed from them on 1/7/2025. GSO reuses codes across the two, so an
area is always a (code, vintage) pair.

The former province's territory stays an area after 1/7/2025, for the plan is reported on to the
end of 2025: a value for the whole territory dated from that day keeps code 74 with vintage
2025-07-01 and the name :data:`FORMER_PROVINCE_NAME` (:data:`FORMER_PROVINCE`); the area index
reaches it by code, by "Tỉnh Bình Dương" and by the words for the whole province.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cdsanalysis.base import paths
from cdsanalysis.base.text import fold, match_key, normalise_text

VINTAGE_BEFORE = "2025-01-04"
VINTAGE_AFTER = "2025-07-01"
REORGANISATION_DATE = dt.date(2025, 7, 1)
PROVINCE_CODE = "74"
# Words that stand for the whole province in an area cell ("Toàn tỉnh", "Cả tỉnh", a "Tổng cộng"
# row), folded: no diacritics, lower case, punctuation as spaces.
PROVINCE_WORDS = frozenset(
    {"toan tinh", "ca tinh", "tinh", "chung toan tinh", "tong", "tong cong", "cong"}
)
FORMER_PROVINCE_NAME = "địa bàn tỉnh Bình Dương (cũ)"
NEW_PROVINCE_CODE = "79"  # Thành phố Hồ Chí Minh, which ex-Bình Dương joined
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

AREA_COLUMNS = [
    "geo_code",
    "geo_level",
    "geo_name",
    "unit_type",
    "parent_code",
    "geo_vintage",
    "valid_from",
    "valid_to",
]
CROSSWALK_COLUMNS = [
    "new_code",
    "new_name",
    "old_code",
    "old_name",
    "old_district_code",
    "old_district_name",
    "merge_type",
    "note_raw",
    "old_split",
    "new_spans_districts",
]

# Longest first, so that "Thành phố" wins over "TP" and "Thị trấn" over "Thị xã"'s "T".
_TYPE_PREFIXES = [
    ("thành phố", "thành phố"),
    ("thị trấn", "thị trấn"),
    ("thị xã", "thị xã"),
    ("phường", "phường"),
    ("huyện", "huyện"),
    ("quận", "quận"),
    ("tỉnh", "tỉnh"),
    ("xã", "xã"),
    ("tp", "thành phố"),
    ("tx", "thị xã"),
    ("tt", "thị trấn"),
    ("h", "huyện"),
    ("p", "phường"),
    ("x", "xã"),
]
_PREFIX_RE = re.compile(
    r"^(" + "|".join(re.escape(p) for p, _ in _TYPE_PREFIXES) + r")(?:\.\s*|\s+)(?=\S)",
    re.IGNORECASE,
)
_CODE_IN_PARENS = re.compile(r"\((\d{2,5})\)\s*$")
_DIGITS = re.compile(r"^\d{1,5}$")


class AreaError(ValueError):
    """An area that cannot be matched; ``reason_code`` is unknown_area or ambiguous_area."""

    def __init__(self, message: str, reason_code: str):
        super().__init__(message)
        self.reason_code = reason_code


@dataclass(frozen=True)
class AreaMatch:
    """One matched area."""

    geo_code: str
    geo_level: str
    geo_name: str
    geo_vintage: str


#: The former province's territory after 1/7/2025 (see the module notes).
FORMER_PROVINCE = AreaMatch(PROVINCE_CODE, "province", FORMER_PROVINCE_NAME, VINTAGE_AFTER)


def split_type_prefix(name: str) -> tuple[str | None, str]:
    """Split "TP. Thủ Dầu Một" into ("thành phố", "Thủ Dầu Một").

    Parameters
    ----------
    name : str
        An area name as written, with or without its type word or abbreviation.

    Returns
    -------
    tuple
        The canonical type word (or None when there is none) and the bare name.
    """
    text = normalise_text(name)
    found = _PREFIX_RE.match(text)
    if not found:
        return None, text
    word = found.group(1).lower()
    canonical = dict(_TYPE_PREFIXES)[word]
    bare = text[found.end() :].strip()
    # "X" or "H" alone could start a real name ("Xuân ..."), but the regex needs "." or a space.
    return canonical, bare


def _unit_type_from_name(name: str) -> str:
    unit_type, _ = split_type_prefix(name)
    return unit_type or ""


def _district_code(text: str) -> str:
    found = _CODE_IN_PARENS.search(text or "")
    return found.group(1).zfill(3) if found else ""


@lru_cache(maxsize=4)
def _read_units(units_file: Path) -> pd.DataFrame:
    return pd.read_csv(units_file, dtype=str, keep_default_na=False)


def load_crosswalk(conversion_file: str | Path | None = None) -> pd.DataFrame:
    """Build the old→new commune crosswalk for ex-Bình Dương from the official conversion table.

    The official table is read as published: title rows, province header rows in capitals,
    padded and multi-line cells, NFD text. Every text cell goes through
    :func:`~cdsanalysis.base.text.normalise_text`.

    Parameters
    ----------
    conversion_file : str or pathlib.Path, optional
        The official table; default ``data/reference/official-unit-conversion-2025-07.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per (new commune, old commune) pair of province 74, columns
        :data:`CROSSWALK_COLUMNS`. ``merge_type`` is whole | partial | unchanged | renamed;
        ``old_split`` marks old communes shared by several new ones, ``new_spans_districts``
        new communes formed from more than one old district.
    """
    path = Path(conversion_file) if conversion_file else paths.CONVERSION_FILE
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    records = []
    for row in rows:
        cells = [normalise_text(c) for c in row] + [""] * (8 - len(row))
        new_prov, new_name, new_code, old_name, old_code, note, old_district, old_prov = cells[:8]
        # Data rows carry both codes; title and CAPITALS province rows do not.
        if not (new_code.isdigit() and old_code.isdigit()):
            continue
        if f"({PROVINCE_CODE})" not in old_prov:
            continue
        records.append(
            {
                "new_code": new_code.zfill(5),
                "new_name": new_name,
                "old_code": old_code.zfill(5),
                "old_name": old_name,
                "old_district_code": _district_code(old_district),
                "old_district_name": _CODE_IN_PARENS.sub("", old_district).strip(),
                "merge_type": _merge_type(note),
                "note_raw": note,
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["old_split"] = frame.groupby("old_code")["new_code"].transform("nunique") > 1
    frame["new_spans_districts"] = (
        frame.groupby("new_code")["old_district_code"].transform("nunique") > 1
    )
    frame = frame.sort_values(["new_code", "old_code"], kind="stable").reset_index(drop=True)
    return frame[CROSSWALK_COLUMNS]


def _merge_type(note: str) -> str:
    key = note.lower()
    if key.startswith("nhập toàn bộ"):
        return "whole"
    if key.startswith("nhập một phần"):
        return "partial"
    if key.startswith("giữ nguyên"):
        return "unchanged"
    if key.startswith("đổi tên"):
        return "renamed"
    return "other"


@lru_cache(maxsize=4)
def _load_areas_cached(units_file: Path, conversion_file: Path) -> pd.DataFrame:
    units = _read_units(units_file)
    before = pd.DataFrame(
        {
            "geo_code": [
                code.zfill(CODE_WIDTH[level])
                for code, level in zip(units["code"], units["level"], strict=True)
            ],
            "geo_level": units["level"],
            "geo_name": units["name"].map(normalise_text),
            "unit_type": units["unit_type"].map(normalise_text),
            "parent_code": units["parent_code"],
            "geo_vintage": VINTAGE_BEFORE,
            "valid_from": "",
            "valid_to": "2025-06-30",
        }
    )
    crosswalk = load_crosswalk(conversion_file)
    new_units = crosswalk.drop_duplicates("new_code")
    after = pd.DataFrame(
        {
            "geo_code": new_units["new_code"],
            "geo_level": "commune",
            "geo_name": new_units["new_name"],
            "unit_type": new_units["new_name"].map(_unit_type_from_name),
            "parent_code": NEW_PROVINCE_CODE,
            "geo_vintage": VINTAGE_AFTER,
            "valid_from": "2025-07-01",
            "valid_to": "",
        }
    )
    areas = pd.concat([before, after], ignore_index=True)
    return areas[AREA_COLUMNS]


def load_areas(
    units_file: str | Path | None = None, conversion_file: str | Path | None = None
) -> pd.DataFrame:
    """Return every area the suite knows, both vintages.

    Parameters
    ----------
    units_file, conversion_file : str or pathlib.Path, optional
        The GSO unit list of 2025-01-04 and the official conversion table; default the
        project's copies in ``data/reference/``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`AREA_COLUMNS`; 101 areas of vintage 2025-01-04 (province, 9 districts,
        91 communes) and 36 communes of vintage 2025-07-01.

    Examples
    --------
    >>> areas = load_areas()
    >>> areas.groupby("geo_vintage").size().to_dict()
    {'2025-01-04': 101, '2025-07-01': 36}
    """
    units = Path(units_file) if units_file else paths.UNITS_FILE
    conversion = Path(conversion_file) if conversion_file else paths.CONVERSION_FILE
    return _load_areas_cached(units.resolve(), conversion.resolve()).copy()


@lru_cache(maxsize=4)
def load_area_aliases(aliases_file: Path | None = None) -> pd.DataFrame:
    """Return the former names of areas, with the dates they were in use.

    The file ``data/reference/area_aliases.csv`` records, for instance, that 723 was "Thị xã
    Tân Uyên" until 9/4/2023 and 721 "Thị xã Bến Cát" until 30/4/2024.
    """
    path = aliases_file or paths.AREA_ALIASES_FILE
    return pd.read_csv(path, dtype=str, keep_default_na=False)


class AreaIndex:
    """Match area names and codes as agencies write them to (code, vintage) pairs.

    Codes win over names. A name is compared without its type word ("TP.", "Thị xã", ...);
    when the bare name fits several areas, the type word, the level hint and the vintage narrow
    it down, and what still fits several is ambiguous: never guessed.
    """

    def __init__(self, areas: pd.DataFrame | None = None, aliases: pd.DataFrame | None = None):
        self.areas = load_areas() if areas is None else areas
        alias_frame = load_area_aliases() if aliases is None else aliases
        self._by_code: dict[tuple[str, str], AreaMatch] = {}
        self._by_name: dict[str, list[tuple[AreaMatch, str, str, str]]] = {}
        for row in self.areas.itertuples(index=False):
            match = AreaMatch(row.geo_code, row.geo_level, row.geo_name, row.geo_vintage)
            self._by_code[(row.geo_code, row.geo_vintage)] = match
            unit_type, bare = split_type_prefix(row.geo_name)
            self._add_name(bare, match, unit_type or row.unit_type, row.valid_from, row.valid_to)
        for row in alias_frame.itertuples(index=False):
            match = self._by_code[(row.geo_code, row.geo_vintage)]
            unit_type, bare = split_type_prefix(row.alias)
            self._add_name(bare, match, unit_type or "", row.valid_from, row.valid_to)
        self._add_former_province()

    def _add_former_province(self) -> None:
        """The former territory after 1/7/2025, under the province's own name and code."""
        province = self._by_code.get((PROVINCE_CODE, VINTAGE_BEFORE))
        if province is None:
            return
        self._by_code[(PROVINCE_CODE, VINTAGE_AFTER)] = FORMER_PROVINCE
        unit_type, bare = split_type_prefix(province.geo_name)
        self._add_name(bare, FORMER_PROVINCE, unit_type or "tỉnh", "2025-07-01", "")
        self._add_name(FORMER_PROVINCE_NAME, FORMER_PROVINCE, "", "2025-07-01", "")

    def _add_name(self, bare: str, match: AreaMatch, unit_type: str, start: str, end: str):
        entries = self._by_name.setdefault(match_key(bare), [])
        entries.append((match, unit_type, start, end))

    def match(
        self, text: object, *, level: str | None = None, on: dt.date | str | None = None
    ) -> AreaMatch:
        """Match one area cell.

        Parameters
        ----------
        text : object
            A GSO code ("724", 25966, "Thành phố Hồ Chí Minh (79)"), a name with or without
            its type word ("TP. Dĩ An", "Thị xã Tân Uyên", "Phường Hoà Phú"), or words for the
            whole province ("Toàn tỉnh", "Tổng cộng": :data:`PROVINCE_WORDS`); from 1/7/2025
            the province is :data:`FORMER_PROVINCE`.
        level : {"province", "district", "commune"}, optional
            The level the caller expects (a column of districts), used to settle names shared
            by a district and a commune ("Dĩ An").
        on : datetime.date or str, optional
            The date the value refers to (a period's end). Data from 1/7/2025 on refer to the
            new communes; earlier data to the 2025-01-04 list.

        Returns
        -------
        AreaMatch

        Raises
        ------
        AreaError
            ``reason_code`` "unknown_area" or "ambiguous_area", with a plain message.
        """
        when = dt.date.fromisoformat(on) if isinstance(on, str) else on
        vintage = VINTAGE_AFTER if when and when >= REORGANISATION_DATE else VINTAGE_BEFORE
        raw = normalise_text("" if text is None else str(text))
        is_number = isinstance(text, int | float) and not isinstance(text, bool)
        if is_number and float(text).is_integer():
            raw = str(int(text))
        if not raw:
            raise AreaError("the area is empty", "unknown_area")
        if re.sub(r"[^0-9a-z]+", " ", fold(raw)).strip() in PROVINCE_WORDS:
            return self._match_code(PROVINCE_CODE, vintage, raw)
        code_match = _CODE_IN_PARENS.search(raw)
        code = code_match.group(1) if code_match else (raw if _DIGITS.match(raw) else None)
        if code is not None:
            return self._match_code(code, vintage, raw)
        return self._match_name(raw, level, when, vintage)

    def _match_code(self, code: str, vintage: str, raw: str) -> AreaMatch:
        widths = {2: "province", 3: "district", 5: "commune"}
        candidates = []
        for width in (2, 3, 5):
            padded = code.zfill(width)
            if len(code) <= width:
                for vint in (vintage, VINTAGE_BEFORE):
                    found = self._by_code.get((padded, vint))
                    if found and found.geo_level == widths[width]:
                        candidates.append(found)
                        break
        if len(code) in (2, 3, 5) and candidates:
            exact = [c for c in candidates if len(c.geo_code) == len(code)]
            if exact:
                return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise AreaError(f"{raw!r} is not a GSO code of the province's areas", "unknown_area")
        names = ", ".join(f"{c.geo_code} {c.geo_name}" for c in candidates)
        raise AreaError(f"code {raw!r} fits several areas ({names})", "ambiguous_area")

    def _match_name(
        self, raw: str, level: str | None, when: dt.date | None, vintage: str
    ) -> AreaMatch:
        unit_type, bare = split_type_prefix(raw)
        entries = self._by_name.get(match_key(bare), [])
        if not entries:
            raise AreaError(f"{raw!r} is not an area of the province", "unknown_area")
        fits = [e for e in entries if e[0].geo_vintage == vintage] or entries
        if unit_type is None and level != "commune":
            _refuse_former_province_as_ward(raw, entries, fits)
        if unit_type:
            typed = [e for e in fits if e[1] == unit_type]
            if not typed:
                typed = _unit_of_other_vintage(raw, unit_type, entries, vintage)
            fits = typed
        if when is not None:
            dated = [e for e in fits if _in_use(e[2], e[3], when)]
            fits = dated or fits
        if level:
            levelled = [e for e in fits if e[0].geo_level == level]
            fits = levelled or fits
        unique = {e[0] for e in fits}
        if len(unique) == 1:
            return unique.pop()
        names = "; ".join(sorted(f"{m.geo_code} {m.geo_name} ({m.geo_level})" for m in unique))
        raise AreaError(
            f"{raw!r} fits {len(unique)} areas ({names}); write the type (TP., Phường, Xã...) "
            "or the GSO code",
            "ambiguous_area",
        )


def _refuse_former_province_as_ward(raw: str, entries: list, fits: list) -> None:
    """A bare "Bình Dương" dated after 1/7/2025 fits the ward of that name and the former
    province (which a code or "Toàn tỉnh" still reach): ambiguous unless its column holds
    communes (``level`` "commune"), never guessed."""
    former = [e[0] for e in entries if e[0].geo_level == "province" and e not in fits]
    wards = [
        e[0] for e in fits if e[0].geo_level == "commune" and e[0].geo_vintage == VINTAGE_AFTER
    ]
    if former and wards:
        raise AreaError(
            f"{raw!r} after 1/7/2025 fits {wards[0].geo_code} {wards[0].geo_name} (commune) "
            f"and the former province ({former[0].geo_code}); write 'Phường {raw}', "
            "'Toàn tỉnh' or the GSO code",
            "ambiguous_area",
        )


def _unit_of_other_vintage(raw: str, unit_type: str, entries: list, vintage: str) -> list:
    """A typed name that fits no unit of the period's vintage, but one of the other vintage.

    After 1/7/2025 the former province still stands (its plan is reported on to the end of 2025
    under its name, as its code "74" is); a district or commune that ceased that day is
    refused with the reason, and so is a new ward or commune named for a period before it
    existed.
    """
    other = [e for e in entries if e[1] == unit_type and e[0].geo_vintage != vintage]
    if other and vintage == VINTAGE_AFTER:
        if all(e[0].geo_level == "province" for e in other):
            return other
        raise AreaError(
            f"{raw!r} ceased on 1/7/2025 (2025 reorganisation: districts dissolved, communes "
            "merged), before the period ends; give it a period up to 2025-H1 or name the new "
            "ward or commune",
            "unknown_area",
        )
    if other:
        raise AreaError(
            f"{raw!r} exists from 1/7/2025 (2025 reorganisation), after the period ends; "
            "name the area of the time or give a period from 2025-Q3 on",
            "unknown_area",
        )
    raise AreaError(f"{raw!r}: no {unit_type} of that name in the province", "unknown_area")


def _in_use(start: str, end: str, when: dt.date) -> bool:
    if start and when < dt.date.fromisoformat(start):
        return False
    return not (end and when > dt.date.fromisoformat(end))


@lru_cache(maxsize=1)
def area_index() -> AreaIndex:
    """Return the shared :class:`AreaIndex` over the project's own reference files."""
    return AreaIndex()


def districts_for_new_commune(new_code: str, crosswalk: pd.DataFrame | None = None) -> dict:
    """Say which old district a post-2025 commune maps to, and whether that is exact.

    Returns a dict with ``district_code`` (None when the new commune spans several old
    districts), ``exact`` (False when any predecessor was only partly merged) and ``reason``.
    Partial merges are flagged, never apportioned.
    """
    frame = load_crosswalk() if crosswalk is None else crosswalk
    rows = frame[frame["new_code"] == str(new_code).zfill(5)]
    if rows.empty:
        reason = "not a new commune of ex-Bình Dương"
        return {"district_code": None, "exact": False, "reason": reason}
    districts = sorted(set(rows["old_district_code"]))
    partial = bool(rows["old_split"].any())
    if len(districts) > 1:
        return {
            "district_code": None,
            "exact": False,
            "reason": f"formed from communes of {len(districts)} old districts "
            f"({', '.join(districts)})",
        }
    return {
        "district_code": districts[0],
        "exact": not partial,
        "reason": (
            "partial merge: part of a predecessor went elsewhere" if partial else "whole merge"
        ),
    }
