"""Which locality pages the processed data call for: one brief per district-level area.

The district briefs are named ``district-<code>-<vintage>``: the area's code and the date of the
unit list it belongs to (:data:`cdsanalysis.briefs.params.AREA_ID`), because a code may be
reused by a later list. Reading the few geography columns of the observations is enough, so the
build can plan its briefs without loading the data whole.
"""

from __future__ import annotations

from pathlib import Path

from cdsanalysis.briefs.params import AREA_ID, COMMUNES_RANKING, BriefParameterError

#: The levels ``cds briefs --areas`` accepts.
AREA_LEVELS = ("district",)


def district_areas(processed_dir: str | Path) -> list[tuple[str, str, str]]:
    """The district-level areas with figures: ``(code, vintage, name)``, by vintage then code.

    Parameters
    ----------
    processed_dir : str or pathlib.Path
        A folder holding ``observations.parquet`` (or ``observations.csv``).

    Returns
    -------
    list of tuple of str
    """
    from cdsanalysis.clean import gateway

    columns = ["geo_level", "geo_code", "geo_vintage", "geo_name"]
    frame = gateway.load_observations_frame(Path(processed_dir), columns=columns)
    districts = frame[frame["geo_level"] == "district"].dropna(subset=["geo_code", "geo_vintage"])
    names: dict[tuple[str, str], str] = {}
    for code, vintage, name in zip(
        districts["geo_code"], districts["geo_vintage"], districts["geo_name"], strict=True
    ):
        key = (str(code), str(vintage)[:10])
        if isinstance(name, str) and name:
            names[key] = name
        names.setdefault(key, str(code))
    return [(code, vintage, names[(code, vintage)]) for code, vintage in sorted(names, key=_order)]


def _order(key: tuple[str, str]) -> tuple[str, str]:
    code, vintage = key
    return vintage, code


def district_id(code: str, vintage: str) -> str:
    """A district brief's id, checked against :data:`~cdsanalysis.briefs.params.AREA_ID`.

    Examples
    --------
    >>> district_id("718", "2025-01-04")
    'district-718-2025-01-04'
    """
    area = f"district-{code}-{vintage}"
    if not AREA_ID.fullmatch(area):
        # The data are input too: a code that cannot name a file names no page.
        raise BriefParameterError(
            f"area: the processed data hold a district code {code!r} of vintage {vintage!r} "
            "that cannot name a brief (three digits and a date)"
        )
    return area


def district_ids(processed_dir: str | Path) -> list[str]:
    """The ids of the district briefs the processed data call for."""
    return [district_id(code, vintage) for code, vintage, _ in district_areas(processed_dir)]


def check_areas_level(level: object) -> None:
    """Refuse a level ``cds briefs --areas`` does not build (None: no locality pages).

    Raises
    ------
    BriefParameterError
        Naming the value and listing the levels.
    """
    if level is not None and level not in AREA_LEVELS:
        raise BriefParameterError(
            f"areas: {level!r} is not a level of the locality briefs; choose one of: "
            f"{', '.join(AREA_LEVELS)}"
        )


def is_locality(brief_id: str) -> bool:
    """Whether a brief id names a locality page (a district brief or the ranking page)."""
    return brief_id == COMMUNES_RANKING or bool(AREA_ID.fullmatch(brief_id))


def recorded_localities(manifest: dict) -> list[str]:
    """The locality pages a folder's manifest records (any language), districts first."""
    ids = {name.split("/", 1)[1] for name in manifest.get("briefs", {}) if "/" in name}
    local = sorted(i for i in ids if is_locality(i) and i != COMMUNES_RANKING)
    return local + ([COMMUNES_RANKING] if COMMUNES_RANKING in ids else [])


def locality_ids(level: str, processed_dir: str | Path) -> list[str]:
    """The pages ``cds briefs --areas LEVEL`` builds: one per area, then the ranking page.

    Parameters
    ----------
    level : {"district"}
    processed_dir : str or pathlib.Path

    Raises
    ------
    BriefParameterError
        For another level, listing the levels.
    """
    check_areas_level(level)
    return [*district_ids(processed_dir), COMMUNES_RANKING]
