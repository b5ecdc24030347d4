"""What a batch builds (:class:`BriefTask`) and what came of it (:class:`BriefOutcome`,
:class:`BatchResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cdsanalysis.briefs.params import BriefParams


@dataclass(frozen=True)
class BriefTask:
    """One brief to consider: validated parameters and the hashes of its inputs.

    Attributes
    ----------
    params : BriefParams
    inputs : dict of str to str
        Input name (``notebook``, ``package``, ``template``, ``plan``, ``reference``, ``data``,
        ``parameters``, ``versions``) to its SHA-256.
    key : str
        SHA-256 of ``inputs``: the brief is rebuilt when it changes.
    """

    params: BriefParams
    inputs: dict
    key: str

    @property
    def name(self) -> str:
        """``<lang>/<brief_id>``, the brief's name in messages and in the manifest."""
        return f"{self.params.lang}/{self.params.brief_id}"


@dataclass
class BriefOutcome:
    """What happened to one brief in a batch.

    Attributes
    ----------
    brief_id, lang : str
    action : {"built", "skipped", "failed"}
        ``skipped`` when its inputs were unchanged.
    seconds : float
        Time taken to build it (for a skipped brief, its last build's time).
    path : pathlib.Path or None
        The page, when there is one.
    size : int or None
        The page's size in bytes.
    summary : dict
        The facts the brief published about itself (title, status counts, as-of, vintage).
    failure : dict or None
        For a failed brief: ``cell_index`` (position in the kept notebook, from 0),
        ``execution_count``, ``source`` (the cell's first line), ``error`` (the error's last
        line); the cell fields are None when the brief failed outside a cell.
    notebook_path : pathlib.Path or None
        The partly run notebook of a failed brief.
    """

    brief_id: str
    lang: str
    action: str
    seconds: float
    path: Path | None = None
    size: int | None = None
    summary: dict = field(default_factory=dict)
    failure: dict | None = None
    notebook_path: Path | None = None

    @property
    def name(self) -> str:
        """``<lang>/<brief_id>``."""
        return f"{self.lang}/{self.brief_id}"

    @property
    def ok(self) -> bool:
        """Whether the brief's page is in place and current."""
        return self.action != "failed"

    @property
    def error(self) -> str | None:
        """One line saying where and why the brief failed (None when it did not)."""
        return None if self.failure is None else failure_text(self.failure)


@dataclass
class BatchResult:
    """The outcome of :func:`build_briefs`.

    Attributes
    ----------
    outcomes : list of BriefOutcome
        One per brief asked for, in the order asked.
    seconds : float
        Wall time of the whole batch.
    out_dir : pathlib.Path
    manifest_path : pathlib.Path
    index_path : pathlib.Path or None
        None when the index was already current.
    cleaned : str
        Why the raw data were cleaned first ("" when they were not).
    jobs : int
        Processes used.
    """

    outcomes: list[BriefOutcome]
    seconds: float
    out_dir: Path
    manifest_path: Path
    index_path: Path | None
    cleaned: str = ""
    jobs: int = 1

    def _with(self, action: str) -> list[BriefOutcome]:
        return [o for o in self.outcomes if o.action == action]

    @property
    def built(self) -> list[BriefOutcome]:
        """Briefs built in this batch."""
        return self._with("built")

    @property
    def skipped(self) -> list[BriefOutcome]:
        """Briefs whose inputs were unchanged."""
        return self._with("skipped")

    @property
    def failed(self) -> list[BriefOutcome]:
        """Briefs that failed."""
        return self._with("failed")

    @property
    def exit_status(self) -> int:
        """0 when every brief is in place, 1 when one failed."""
        return 1 if self.failed else 0


def failure_text(failure: dict) -> str:
    """Say where and why a brief failed: cell, its first line, the error's last line."""
    error = failure.get("error") or "failed"
    if failure.get("cell_index") is None:
        return error
    count = failure.get("execution_count")
    where = f"cell {failure['cell_index']}" + (f" (In [{count}])" if count else "")
    return f"{where} `{failure.get('source', '')}`: {error}"
