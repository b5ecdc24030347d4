"""The published DTI peers: the provinces ranked beside Bình Dương, for the rank targets' context.

``data/reference/dti_peers.csv`` holds, from the project's reference notes (``DOMAIN.md`` §1b),
the DTI top ten of each year as far as it was published and the provinces of the South-East region
(Đông Nam Bộ) where their rank was published; one row per year, group ranked and province, with the
score where published, its source (title and address) and grade (A, B or C, as for the published
figures: C is derived or unclear and is never a headline). DTI 2024 was published for two groups,
the 63 provinces before the merger and the 34 merged units (``ranked_among`` 63 or 34).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cdsanalysis.base import paths

__all__ = ["PEERS_COLUMNS", "PEERS_FILE", "PeersError", "load_peers"]

PEERS_FILE = paths.REFERENCE_DIR / "dti_peers.csv"
PEERS_COLUMNS = [
    "year",
    "ranked_among",
    "rank",
    "province",
    "score",
    "region",
    "source",
    "grade",
    "note",
]
_GRADES = ("A", "B", "C")


class PeersError(ValueError):
    """A peers file that cannot be used; the message names the file and the problem."""


def load_peers(path: str | Path | None = None) -> pd.DataFrame:
    """Load the published DTI peers.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A peers CSV; ``None`` reads the project's ``data/reference/dti_peers.csv``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PEERS_COLUMNS`: ``year``, ``ranked_among`` and ``rank`` as integers,
        ``score`` as a float (NaN where not published), the texts as strings ("" when empty),
        sorted by year, group and rank.

    Raises
    ------
    PeersError
        When a column is missing, a number does not read, a rank lies outside its group, a grade is
        not A, B or C, or a province appears twice in one year and group.

    Examples
    --------
    >>> peers = load_peers()
    >>> top = peers[(peers["year"] == 2023) & (peers["rank"] <= 10)]
    >>> list(top["province"])[:3]
    ['Đà Nẵng', 'TP. Hồ Chí Minh', 'Thừa Thiên Huế']
    """
    source = Path(path) if path is not None else PEERS_FILE
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise PeersError(f"{source}: cannot read the peers file ({exc})") from None
    missing = [c for c in PEERS_COLUMNS if c not in frame.columns]
    if missing:
        raise PeersError(f"{source}: missing column(s) {', '.join(missing)}")
    frame = frame[PEERS_COLUMNS].copy()
    try:
        for column in ("year", "ranked_among", "rank"):
            frame[column] = frame[column].astype(int)
        frame["score"] = pd.to_numeric(frame["score"].replace("", None), errors="raise")
    except ValueError as exc:
        raise PeersError(f"{source}: a number does not read ({exc})") from None
    _check(frame, source)
    order = frame.sort_values(["year", "ranked_among", "rank"], ascending=[True, False, True])
    return order.reset_index(drop=True)


def _check(frame: pd.DataFrame, source: Path) -> None:
    problems = []
    outside = frame[(frame["rank"] < 1) | (frame["rank"] > frame["ranked_among"])]
    problems += [f"rank {r.rank} is outside 1..{r.ranked_among}" for r in outside.itertuples()]
    problems += [f"unknown grade {g!r}" for g in set(frame["grade"]) - set(_GRADES)]
    twice = frame[frame.duplicated(["year", "ranked_among", "province"])]
    problems += [f"{r.province} twice in {r.year}" for r in twice.itertuples()]
    if frame["score"].lt(0).any() or frame["score"].gt(1).any():
        problems.append("a DTI score lies outside 0-1")
    if problems:
        raise PeersError(f"{source}: " + "; ".join(problems))
