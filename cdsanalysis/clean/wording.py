"""Read an agency's label of an indicator as an entry of the plan catalogue.

Stages, first hit wins:

1. ``id``: the entry's id or code ("gov.satisfaction", "G5");
2. ``name``, ``alias``, ``reviewed``: the catalogue's names, its aliases, then the aliases the
   analyst accepted (``data/reference/indicator_aliases.csv``), compared by
   :func:`~cdsanalysis.clean.wording_text.light_key` (case, spacing, punctuation, diacritics,
   "Tỷ lệ", numbering and trailing unit do not matter);
3. ``wording``: the same texts and the article's sentence (``source_quote_vi``) with the
   abbreviations of ``data/reference/abbreviations.csv`` written out on both sides;
4. ``similar``: rapidfuzz scores against all of these; a clear winner (score at least
   :data:`THRESHOLDS` ``accept``, ahead of the next entry by ``margin``) is accepted with a note,
   anything weaker is a miss that lists the best candidates ("Có phải: G5 …?").

A count ("Số …") is never read as a share ("Tỷ lệ …"), nor a level as a growth, nor the
reverse. A text that fits several entries (a quote shared by the five ranks, the code "E2")
is settled by the file's sector, or by the words that only one of them has; otherwise it is
ambiguous and matches none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from cdsanalysis.base.plan import Plan
from cdsanalysis.base.text import normalise_text
from cdsanalysis.clean.wording_text import (
    Abbreviations,
    expanded_key,
    light_key,
    measure_of,
    quote_key,
    strip_label,
)

SCORERS = {
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "WRatio": fuzz.WRatio,
    "ratio": fuzz.ratio,
}
# Chosen on the tuning half of tests/data/indicator_labels.csv by
# cdsanalysis.clean.wording_corpus.tune (see docs/indicator-matching.md); a test re-runs the
# tuning and checks these values.
THRESHOLDS = {"scorer": "ratio", "accept": 87.0, "margin": 5.0, "suggest": 60.0}
MAX_CANDIDATES = 3
# The observation note of a label read by similarity (see ``Match.note_en``), for listings.
SIMILAR_NOTE = re.compile(
    r"indicator label '(?P<label>.*?)' read as (?P<indicator_id>[\w.]+) by similarity "
    r"\(score (?P<score>\d+)"
)


@dataclass(frozen=True)
class Match:
    """What a label was read as.

    Attributes
    ----------
    label : str
        The label as written.
    indicator_id : str or None
        The catalogue id, or None when no entry was accepted.
    method : str
        "id", "name", "alias", "reviewed", "wording" or "similar" for a match; "ambiguous" when
        several entries fit equally; "none" otherwise.
    score : float
        100 for the exact stages, the similarity score for "similar", the best candidate's
        score for a miss (0 when there is none).
    candidates : tuple of (str, float)
        The closest entries (id, score), best first: for a miss, what to suggest.
    note_vi, note_en : str
        Why, in plain words; empty for an id, name or alias match.
    """

    label: str
    indicator_id: str | None
    method: str
    score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    note_vi: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class _Choice:
    key: str
    indicator_id: str
    text: str
    method: str  # the exact stage this text belongs to


def is_clear(ranked: list[tuple[str, float, str]], accept: float, margin: float) -> bool:
    """True when the best entry scores at least ``accept`` and leads the next by ``margin``."""
    if not ranked:
        return False
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][1] >= accept and ranked[0][1] - runner_up >= margin


def format_candidates(candidates: Iterable[tuple[str, float]]) -> str:
    """Write candidates as the quarantine's ``candidates`` cell: "id (score); id (score)".

    Examples
    --------
    >>> format_candidates([("gov.satisfaction", 88.4), ("gov.cashless_admin", 71.0)])
    'gov.satisfaction (88); gov.cashless_admin (71)'
    """
    return "; ".join(f"{tid} ({score:.0f})" for tid, score in candidates)


def parse_candidates(cell: str) -> list[tuple[str, float]]:
    """Read a ``candidates`` cell written by :func:`format_candidates`."""
    out = []
    for piece in str(cell or "").split(";"):
        tid, _, score = piece.strip().partition(" (")
        if tid:
            out.append((tid, float(score.rstrip(")") or 0)))
    return out


class WordingMatcher:
    """Match indicator labels to the plan catalogue (see the module notes for the stages).

    Parameters
    ----------
    plan : Plan
        The catalogue (:func:`cdsanalysis.base.plan.load_plan`).
    reviewed_aliases : pandas.DataFrame, optional
        The analyst's accepted labels, columns ``indicator_id`` and ``label``
        (:func:`cdsanalysis.clean.aliases.load_indicator_aliases`). Rows naming an id that is
        not in the plan are ignored.
    abbreviations : Abbreviations, optional
        The abbreviation table; ``data/reference/abbreviations.csv`` by default.
    thresholds : dict, optional
        ``scorer``, ``accept``, ``margin``, ``suggest``; :data:`THRESHOLDS` by default.

    Examples
    --------
    >>> from cdsanalysis.base.plan import load_plan
    >>> matcher = WordingMatcher(load_plan())
    >>> matcher.match("Tỷ lệ hồ sơ TTHC xử lý trực tuyến").indicator_id
    'gov.dossiers_online'
    """

    def __init__(
        self,
        plan: Plan,
        reviewed_aliases: pd.DataFrame | None = None,
        abbreviations: Abbreviations | None = None,
        thresholds: dict | None = None,
    ):
        self.abbreviations = abbreviations or Abbreviations.load()
        self.thresholds = {**THRESHOLDS, **(thresholds or {})}
        targets = plan.targets
        self._sectors = dict(zip(targets["id"], targets["sectors"], strict=True))
        names = zip(targets["id"], targets["name_vi"], strict=True)
        self._measure = {tid: measure_of(name) for tid, name in names}
        self._shown = {r.id: f"{r.code or r.id} {r.name_vi}" for r in targets.itertuples()}
        self._shown_en = {r.id: f"{r.code or r.id} {r.name_en}" for r in targets.itertuples()}
        self._ids: dict[str, set[str]] = {}
        for row in targets.itertuples(index=False):
            for name in (row.id, row.code):
                if name:
                    self._ids.setdefault(normalise_text(name).lower(), set()).add(row.id)
        self._choices = self._build_choices(targets, reviewed_aliases)
        self._exact: dict[str, dict[str, set[str]]] = {}
        self._wording: dict[str, set[str]] = {}
        for choice in self._choices:
            if choice.method != "wording":
                by_key = self._exact.setdefault(choice.method, {})
                by_key.setdefault(light_key(choice.text), set()).add(choice.indicator_id)
            self._wording.setdefault(choice.key, set()).add(choice.indicator_id)
        self._keys = [c.key for c in self._choices]
        self._choice_ids = np.array([c.indicator_id for c in self._choices], dtype=object)
        self._shared_quotes = {
            k: ids for k, ids in self._wording.items() if len(ids) > 1 and len(k.split()) >= 4
        }
        self._cache: dict[tuple[str, str | None], Match] = {}
        # names and aliases long enough to be found inside a title line or a sheet name
        self._long_names = {
            key: ids
            for method in ("name", "alias", "reviewed")
            for key, ids in self._exact.get(method, {}).items()
            if len(key) >= 10
        }

    def _build_choices(self, targets: pd.DataFrame, reviewed: pd.DataFrame | None) -> list:
        texts: list[tuple[str, str, str]] = []
        for row in targets.itertuples(index=False):
            texts += [(row.id, row.name_vi, "name"), (row.id, row.name_en, "name")]
            texts += [(row.id, alias, "alias") for alias in row.aliases]
        if reviewed is not None and len(reviewed):
            known = set(targets["id"])
            texts += [
                (tid, label, "reviewed")
                for tid, label in zip(reviewed["indicator_id"], reviewed["label"], strict=True)
                if tid in known
            ]
        choices = [
            _Choice(expanded_key(text, self.abbreviations)[0], tid, text, method)
            for tid, text, method in texts
        ]
        choices += [
            _Choice(quote_key(row.source_quote_vi, self.abbreviations), row.id, quote, "wording")
            for row in targets.itertuples(index=False)
            for quote in [row.source_quote_vi]
        ]
        return [c for c in choices if c.key]

    # -- the public call ----------------------------------------------------------------------
    def match(self, label: str, sector: str | None = None) -> Match:
        """Read one label.

        Parameters
        ----------
        label : str
            The indicator cell as the agency wrote it.
        sector : str, optional
            The file's sector id, which settles texts shared by several entries.

        Returns
        -------
        Match
            Cached by ``(label, sector)``: a cleaner calls this once per distinct label.
        """
        key = (str(label), sector if isinstance(sector, str) and sector else None)
        if key not in self._cache:
            self._cache[key] = self._match(*key)
        return self._cache[key]

    def _match(self, label: str, sector: str | None) -> Match:
        found = self.exact_match(label, sector)
        return found if found is not None else self._similar(label, sector)

    def exact_match(self, label: str, sector: str | None = None) -> Match | None:
        """The stages before similarity (id, name, alias, reviewed, wording); None if none fits.

        An empty label and a text that fits several entries are returned as misses.
        """
        light = light_key(label)
        if not light:
            return Match(label, None, "none", note_vi="chỉ tiêu để trống", note_en="empty label")
        ids = self._ids.get(normalise_text(label).lower())
        if ids:
            return self._settle(label, ids, sector, "id")
        measure = measure_of(label)
        for method in ("name", "alias", "reviewed"):
            ids = self._fitting(self._exact.get(method, {}).get(light, set()), measure)
            if ids:
                return self._settle(label, ids, sector, method)
        expanded, shorts = expanded_key(label, self.abbreviations)
        plain = quote_key(strip_label(label), self.abbreviations)  # without "đạt 50% trở lên"
        ids = self._fitting(self._wording.get(expanded, set()), measure)
        ids = ids or self._fitting(self._wording.get(plain, set()), measure)
        ids = ids or self._fitting(self._distinguished(plain), measure)
        if ids:
            return self._settle(label, ids, sector, "wording", shorts=shorts)
        return None

    def named_in(self, text: str) -> str | None:
        """The one entry whose name or alias (ten letters or more) is written inside ``text``
        ("BÁO CÁO TỶ LỆ HỒ SƠ TRỰC TUYẾN NĂM 2024"); None when none or several are."""
        padded = f" {light_key(text)} "
        hits = {tid for key, ids in self._long_names.items() if f" {key} " in padded for tid in ids}
        return hits.pop() if len(hits) == 1 else None

    def _fitting(self, ids: set[str], measure: str) -> set[str]:
        """The entries a label may name: those that measure what it measures (count, growth)."""
        return {tid for tid in ids if self._measure[tid] == measure}

    def _distinguished(self, expanded: str) -> set[str]:
        """Entries sharing a quote the label contains, kept when the label's other words are
        words of that entry's own names only ("... từng ngành, lĩnh vực: Y tế")."""
        for quote, ids in self._shared_quotes.items():
            if f" {quote} " in f" {expanded} ":
                rest = set(f" {expanded} ".replace(f" {quote} ", " ").split())
                if not rest:
                    return set(ids)
                own = {tid: self._own_words(tid) for tid in ids}
                hits = {tid for tid in ids if rest <= own[tid]}
                return hits if len(hits) == 1 else set()
        return set()

    def _own_words(self, tid: str) -> set[str]:
        return {w for c in self._choices if c.indicator_id == tid for w in c.key.split()}

    def _settle(
        self, label: str, ids: set[str], sector: str | None, method: str, shorts=()
    ) -> Match:
        """One entry, or the one the sector picks out, or an ambiguous miss."""
        if len(ids) > 1 and sector:
            ids = {tid for tid in ids if sector in self._sectors[tid]} or ids
        if len(ids) == 1:
            (tid,) = ids
            note_vi = note_en = ""
            if method == "wording":
                words = ", ".join(s.upper() for s in shorts)
                note_vi = f"nhãn '{label}' đọc là {self._shown[tid]} (theo lời văn kế hoạch"
                note_vi += f"; viết tắt: {words})" if words else ")"
                note_en = f"indicator label '{label}' read as {tid} by the plan's wording"
                note_en += f" (abbreviations: {words})" if words else ""
            return Match(label, tid, method, 100.0, ((tid, 100.0),), note_vi, note_en)
        listed = tuple((tid, 100.0) for tid in sorted(ids))
        names = "; ".join(self._shown[t] for t in sorted(ids))
        return Match(
            label,
            None,
            "ambiguous",
            100.0,
            listed,
            f"'{label}' ứng với nhiều chỉ tiêu ({names}); cần ghi rõ lĩnh vực hoặc chỉ tiêu",
            f"'{label}' names several catalogue indicators ({', '.join(t for t, _ in listed)})",
        )

    # -- similarity ---------------------------------------------------------------------------
    def ranked(self, label: str, sector: str | None = None) -> list[tuple[str, float, str]]:
        """Entries the label may name, best first: (id, score, the text it resembles most).

        Scored by the rapidfuzz scorer of ``thresholds["scorer"]`` on the expanded keys; a count
        meets only counts, a growth only growths; with a sector, other sectors' entries are out.
        """
        sector = sector if isinstance(sector, str) and sector else None
        expanded, _ = expanded_key(label, self.abbreviations)
        measure = measure_of(label)
        scorer = SCORERS[self.thresholds["scorer"]]
        row = process.cdist([expanded], self._keys, scorer=scorer, dtype=np.float32)[0]
        seen: set[str] = set()
        out = []
        for i in np.argsort(-row, kind="stable"):
            tid = self._choice_ids[i]
            if tid in seen or self._measure[tid] != measure:
                continue
            if sector and self._sectors[tid] and sector not in self._sectors[tid]:
                continue
            seen.add(tid)
            out.append((tid, round(float(row[i]), 1), self._choices[i].text))
        return out

    def _similar(self, label: str, sector: str | None) -> Match:
        t = self.thresholds
        ranked = self.ranked(label, sector)
        top, top_score, like = ranked[0] if ranked else (None, 0.0, "")
        candidates = tuple((tid, s) for tid, s, _ in ranked[:MAX_CANDIDATES] if s >= t["suggest"])
        if top and is_clear(ranked, t["accept"], t["margin"]):
            return Match(
                label,
                top,
                "similar",
                top_score,
                candidates,
                f"nhãn '{label}' đọc là {self._shown[top]} do gần giống '{like}' "
                f"(độ giống {top_score:.0f}/100)",
                f"indicator label '{label}' read as {top} by similarity (score {top_score:.0f}, "
                f"to '{like}')",
            )
        if not candidates:
            return Match(
                label,
                None,
                "none",
                top_score,
                (),
                f"'{label}' không phải chỉ tiêu của kế hoạch",
                f"'{label}' is not an indicator of the plan catalogue",
            )
        vi = ", ".join(f"{self._shown[tid]} ({s:.0f})" for tid, s in candidates)
        en = ", ".join(f"{self._shown_en[tid]} ({s:.0f})" for tid, s in candidates)
        return Match(
            label,
            None,
            "none",
            top_score,
            candidates,
            f"'{label}' không phải chỉ tiêu của kế hoạch. Có phải: {vi}?",
            f"'{label}' is not an indicator of the plan catalogue. Did you mean: {en}?",
        )
