"""The series that have published figures, read from ``data/raw/published/`` when the demo is
generated: the demo makes no synthetic value for them, so a real figure is never hidden by a
synthetic one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cdsanalysis.base import paths
from cdsanalysis.base.geography import AreaError, AreaIndex
from cdsanalysis.base.plan import Plan
from cdsanalysis.base.text import match_key

#: A series: (indicator id, sector id or "", area code).
Series = tuple[str, str, str]


def published_series(plan: Plan, folder: Path | None = None) -> frozenset[Series]:
    """The series (indicator × sector × area) of every published figure.

    Parameters
    ----------
    plan : Plan
        The catalogue, to read indicator and sector names written in words.
    folder : pathlib.Path, optional
        The folder of published long files; default ``data/raw/published``.

    Returns
    -------
    frozenset of (str, str, str)
        (indicator id, sector id or "", GSO area code); rows whose indicator, sector or area
        cannot be read are left out (the cleaner quarantines them).
    """
    folder = folder if folder is not None else paths.RAW_DIR / "published"
    indicators = _words(plan.targets, ["id", "name_vi", "name_en"], "aliases")
    sectors = _words(plan.sectors, ["id", "name_vi", "name_en"], None)
    areas = AreaIndex()
    found = set()
    for path in sorted(folder.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for row in frame.itertuples(index=False):
            cells = dict(zip(frame.columns, row, strict=True))
            indicator = indicators.get(match_key(cells.get("Mã chỉ tiêu") or "")) or (
                indicators.get(match_key(cells.get("Chỉ tiêu") or ""))
            )
            sector_text = cells.get("Lĩnh vực") or ""
            sector = sectors.get(match_key(sector_text)) if sector_text else ""
            try:
                area = areas.match(cells.get("Đơn vị hành chính") or "").geo_code
            except AreaError:
                continue
            if indicator and sector is not None:
                found.add((indicator, sector, area))
    return frozenset(found)


def _words(frame: pd.DataFrame, columns: list[str], lists: str | None) -> dict[str, str]:
    """Folded word -> id, from the id, its names and (``lists``) its aliases."""
    words: dict[str, str] = {}
    for row in frame.to_dict("records"):
        texts = [str(row.get(c) or "") for c in columns]
        texts += list(row.get(lists) or []) if lists else []
        for text in texts:
            if text:
                words.setdefault(match_key(text), row["id"])
    return words
