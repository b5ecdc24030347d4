"""Cleaning more records than memory holds: files in batches, settled by merging sorted runs.

The in-memory cleaner (:func:`cdsanalysis.clean.run.clean_raw` below its threshold) keeps
every record until duplicates and conflicts are settled. This one keeps a batch of whole files
at a time, and its peak memory no longer grows with the number of records:

1. each batch is matched, read and validated like the in-memory cleaner does (a record's
   outcome before settling depends on its own file only); its quarantined records go to a
   sorted run of the quarantine (file, sheet, row, column, reason), and its clean records,
   with what settling needs, to a run sorted on the observations' order;
2. the runs are merged in that order; the records of one key meet there, are settled with
   :func:`~cdsanalysis.clean.resolve.settle_groups` (precedence, then the later file and row)
   and the observations go out in order (:mod:`~cdsanalysis.clean.spilled_output`), the
   losers to the quarantine;
3. the outputs are written from the merged streams, the same bytes as the in-memory cleaner's.

The codes the in-memory cleaner gives the sheets and the indicator labels (the order of their
first appearance over all files) order the quarantine and the report's notes, so the batches
take them from one running dictionary over all files read so far.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from cdsanalysis import ingest
from cdsanalysis.base.contracts import QUARANTINE_COLUMNS
from cdsanalysis.base.geography import FORMER_PROVINCE, AreaIndex
from cdsanalysis.base.plan import Plan
from cdsanalysis.clean import former_province
from cdsanalysis.clean.arrays import codes_of, flat, rank_of
from cdsanalysis.clean.match import IndicatorIndex, unmatched_label_messages
from cdsanalysis.clean.report import (
    CleanResult,
    assemble,
    file_entries,
    layout_counts,
    reason_counts,
)
from cdsanalysis.clean.resolve import (
    PRECEDENCE,
    REASONS,
    Ledger,
    Resolved,
    conflict_text,
    resolve,
    settle_groups,
)
from cdsanalysis.clean.runs import SortedRuns
from cdsanalysis.clean.spilled_output import ObservationSink
from cdsanalysis.clean.tables import observations_table, quarantine_table

#: The quarantine's order: file, sheet, row, column, reason, then the order records were read.
QUARANTINE_KEYS = ["_file", "_sheet", "_row", "_col", "_reason", "_seq"]
_ALIGNED = ("sheet", "indicator_raw")  # columns whose codes order outputs
_RAW_KEPT = ("indicator_raw", "area_raw", "period_raw", "value_raw", "layout")
_CONFLICT = REASONS.index("conflict")


@dataclass
class _Run:
    """What a batch's run of clean records needs beside its rows: its distinct areas and
    periods in order, to be ranked among those of every batch."""

    places: list[tuple[str, str]]
    periods: list[tuple[str, str, str, str]]
    place_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    period_rank: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


class SpilledClean:
    """The out-of-core cleaner: :meth:`add_batch` for each batch of files read, then
    :meth:`finish`.

    Parameters
    ----------
    work : pathlib.Path
        An empty folder for the runs (the caller removes it).
    files : list of pathlib.Path
        Every file the clean reads, relative to ``raw_dir`` by its name.
    raw_dir : pathlib.Path
    plan, indicators, areas
        As for :func:`cdsanalysis.clean.resolve.resolve`.
    batch_records : int
        Records of a batch: the quarantine is written in runs of that many rows too.
    """

    def __init__(
        self,
        work,
        files,
        raw_dir,
        plan: Plan,
        indicators: IndicatorIndex,
        areas: AreaIndex,
        batch_records: int,
    ):
        self.plan, self.indicators, self.areas = plan, indicators, areas
        names = sorted(Path(f).relative_to(raw_dir).as_posix() for f in files)
        self.file_rank = {name: i for i, name in enumerate(names)}
        self.files = names
        self.latest = np.zeros(len(names), dtype=np.int64)  # last period end of each file
        self.running: dict[str, dict[str, int]] = {name: {} for name in _ALIGNED}
        self.seq = 0
        self.entries: list[dict] = []
        self.layouts: dict[str, dict[str, int]] = {}
        self.reasons = np.zeros(len(REASONS), dtype=np.int64)
        self.targets = plan.targets.reset_index(drop=True)
        self.target_rank = rank_of(list(self.targets["id"]))
        self.sectors = [""] + list(plan.sectors["id"])
        self.runs: list[_Run] = []
        self.clean = SortedRuns(work, ["_k1", "_k2", "_seq"], batch_records)
        self.quarantine = SortedRuns(work / "quarantine", QUARANTINE_KEYS, batch_records)
        (work / "quarantine").mkdir()
        self.work = work

    # ---- pass 1: batches ------------------------------------------------------------------

    def _align(self, raw: pa.Table) -> pa.Table:
        """``raw`` with the columns of :data:`_ALIGNED` coded in one running dictionary, in
        the order of first appearance over all batches, as unifying all files would."""
        for name in _ALIGNED:
            running = self.running[name]
            chunks = []
            for chunk in raw.column(name).chunks:
                words = chunk.dictionary.to_pylist()
                for word in words:
                    running.setdefault(word, len(running))
                lookup = np.array([running[w] for w in words], dtype=np.int32)
                chunks.append(lookup[chunk.indices.to_numpy(zero_copy_only=False)])
            dictionary = pa.array(list(running), pa.string())
            codes = np.concatenate(chunks) if chunks else np.zeros(0, np.int32)
            column = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), dictionary)
            raw = raw.set_column(raw.schema.get_field_index(name), name, column)
        return raw

    def add_batch(self, reads: list[ingest.FileRead]) -> None:
        """Match, read and validate the records of ``reads`` and put them into the runs."""
        tables = [r.records for r in reads if r.records.num_rows]
        raw = pa.concat_tables(tables) if tables else ingest.RAW_SCHEMA.empty_table()
        raw = self._align(raw.unify_dictionaries()).combine_chunks()
        resolved = resolve(raw, self.plan, self.indicators, self.areas, settle=False)
        ledger, origin = resolved.ledger, resolved.origin
        unknown = ledger.reason == REASONS.index("unknown_indicator")
        messages = unmatched_label_messages(
            origin.file_code, origin.files, unknown, resolved.indicator
        )
        self.entries += file_entries(reads, [], raw, ledger, messages)
        for name, counts in layout_counts(raw, ledger).items():
            into = self.layouts.setdefault(name, dict.fromkeys(counts, 0))
            for key, count in counts.items():
                into[key] += count
        self.reasons += reason_counts(ledger).astype(np.int64)
        file_index = np.array([self.file_rank[f] for f in origin.files], dtype=np.int64)
        np.maximum.at(self.latest, file_index[origin.file_code], resolved.periods.end_ord)
        self._quarantine_batch(resolved, file_index)
        self._clean_batch(resolved, file_index)
        self.seq += raw.num_rows

    def _quarantine_batch(self, r: Resolved, file_index: np.ndarray) -> None:
        table, rows = quarantine_table(r, with_rows=True)
        o = r.origin
        keys = {
            "_file": file_index[o.file_code[rows]],
            "_sheet": o.sheet_code[rows],
            "_row": o.row[rows],
            "_col": o.col[rows].astype(np.int64),
            "_reason": r.ledger.reason[rows],
            "_seq": self.seq + rows,
        }
        for name, values in keys.items():
            table = table.append_column(name, pa.array(values, pa.int64()))
        self.quarantine.add(table)

    def _clean_batch(self, r: Resolved, file_index: np.ndarray) -> None:
        table, rows = observations_table(r, with_rows=True)
        self.schema = _schema(table)
        places = [(m.geo_vintage, m.geo_code) for m in r.areas.found]
        p = r.periods
        periods = [
            (str(s or ""), str(e or ""), lab, k)
            for s, e, lab, k in zip(p.start, p.end, p.label, p.kind, strict=True)
        ]
        run = _Run(sorted(set(places)), sorted(set(periods)))
        place_code = np.array([run.places.index(x) for x in places] + [-1], np.int64)
        period_code = np.array([run.periods.index(x) for x in periods] + [-1], np.int64)
        prov_codes, provs = codes_of(r.raw, "provenance")
        precedence = np.array([PRECEDENCE.get(x, 0) for x in provs] + [0], np.int64)
        target, sector = r.indicator.target[rows], r.sector.code[rows]
        extra = {
            "_block": self.target_rank[target] * (len(self.sectors) + 1) + sector,
            "_place": place_code[r.areas.index[rows]],
            "_period": period_code[r.periods.code[rows]],
            "_value": r.values.value[rows],
            "_precedence": precedence[prov_codes[rows]],
            "_file": file_index[r.origin.file_code[rows]],
            "_sheet": r.origin.sheet_code[rows],
            "_row": r.origin.row[rows],
            "_col": r.origin.col[rows].astype(np.int64),
            "_seq": self.seq + rows,
        }
        for name, values in extra.items():
            table = table.append_column(name, pa.array(values))
        take = pa.array(rows, pa.int64())
        for name in _RAW_KEPT:
            table = table.append_column(f"_{name}", flat(r.raw.column(name)).take(take))
        index = len(self.runs)
        self.runs.append(run)
        self.clean.add_run(table, prepare=lambda batch: self._prepare(batch, index))

    # ---- pass 2: merge and settle ---------------------------------------------------------

    def _rank_places_and_periods(self) -> None:
        self.places = sorted({x for run in self.runs for x in run.places})
        self.periods = sorted({x for run in self.runs for x in run.periods})
        for run in self.runs:
            run.place_rank = np.array([bisect.bisect_left(self.places, x) for x in run.places])
            run.period_rank = np.array([bisect.bisect_left(self.periods, x) for x in run.periods])
        self.width = 2 * len(self.periods) + 2

    def _prepare(self, batch: pa.Table, index: int) -> pa.Table:
        """Global keys of a batch read back: ranks doubled, so a computed row can fall
        between two ranks."""
        run = self.runs[index]
        place = 2 * run.place_rank[batch.column("_place").to_numpy()] + 1
        k1 = batch.column("_block").to_numpy() * (2 * len(self.places) + 2) + place
        k2 = 2 * run.period_rank[batch.column("_period").to_numpy()] + 1
        return batch.append_column("_k1", pa.array(k1)).append_column("_k2", pa.array(k2))

    def _groups(self) -> Iterator[pa.Table]:
        """The merged clean records a part at a time, no key split between two parts."""
        held: pa.Table | None = None
        for part in self.clean.merged():
            if held is not None:
                part = pa.concat_tables([held, part]).unify_dictionaries().combine_chunks()
            k1, k2 = part.column("_k1").to_numpy(), part.column("_k2").to_numpy()
            same = (k1 == k1[-1]) & (k2 == k2[-1])
            cut = int(np.argmax(same))  # the last key may go on in the next part
            held = part.slice(cut)
            if cut:
                yield part.slice(0, cut)
        if held is not None and held.num_rows:
            yield held

    def finish(
        self, failures: list[dict], out: Path
    ) -> tuple[CleanResult, dict, Iterable, Iterable]:
        """Settle, and return the result, the former province's report, the observations' row
        groups and the quarantine's parts (both to be written in that order)."""
        self._rank_places_and_periods()
        n_files, total = len(self.files), self.seq
        revision_rank = rank_of([(int(self.latest[i]), name) for i, name in enumerate(self.files)])
        duplicates = np.zeros(n_files, dtype=np.int64)
        conflicts = np.zeros(n_files, dtype=np.int64)
        lost_by_layout: dict[str, int] = {}
        sink: ObservationSink | None = None
        frames = []
        for part in self._groups():
            key = part.column("_k1").to_numpy() * self.width + part.column("_k2").to_numpy()
            file = part.column("_file").to_numpy()
            revision = revision_rank[file] * (total + 1) + part.column("_seq").to_numpy()
            best = part.column("_precedence").to_numpy() * ((n_files + 1) * (total + 1)) + revision
            value = part.column("_value").to_numpy()
            duplicate, losers, winners = settle_groups(key, value, best)
            np.add.at(duplicates, file[duplicate], 1)
            np.add.at(conflicts, file[losers], 1)
            layout = flat(part.column("_layout"))
            lost = np.bincount(
                layout.indices.to_numpy()[np.concatenate([duplicate, losers])],
                minlength=len(layout.dictionary),
            )
            for word, count in zip(layout.dictionary.to_pylist(), lost, strict=True):
                lost_by_layout[word] = lost_by_layout.get(word, 0) + int(count)
            if len(losers):
                self.quarantine.add(self._losers(part, losers, winners))
            keep = np.ones(part.num_rows, dtype=bool)
            keep[duplicate] = keep[losers] = False
            kept = part.filter(pa.array(keep))
            observations = kept.select(list(_observation_columns(kept)))
            if sink is None:
                sink = ObservationSink(self.work / "observations.arrow", _schema(observations))
            sink.add(observations, key[keep])
            frames.append(former_province.candidate_frame(observations))
        self.reasons[_CONFLICT] += int(conflicts.sum())
        result = self._result(failures, out, duplicates, conflicts, lost_by_layout)
        frames = [f for f in frames if not f.empty]
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        rows, merger = former_province.computed_rows(frame)
        placed = [(self._computed_key(row), row) for row in rows]
        if sink is None:
            sink = ObservationSink(self.work / "observations.arrow", self.schema)
        return result, merger, sink.row_groups(placed), self._quarantine_parts()

    def _computed_key(self, row: dict) -> int:
        """The key of a computed row: between the ranks of the rows around it."""
        place = (FORMER_PROVINCE.geo_vintage, FORMER_PROVINCE.geo_code)
        period = tuple(
            "" if row[c] is None or row[c] is pd.NaT else str(row[c])
            for c in ("period_start", "period_end", "period", "period_kind")
        )
        block = int(self.target_rank[list(self.targets["id"]).index(row["indicator_id"])])
        block = block * (len(self.sectors) + 1) + self.sectors.index(row["sector"])

        def doubled(items: list, item: tuple) -> int:
            at = bisect.bisect_left(items, item)
            return 2 * at + int(at < len(items) and items[at] == item)

        k1 = block * (2 * len(self.places) + 2) + doubled(self.places, place)
        return k1 * self.width + doubled(self.periods, period)

    def _losers(self, part: pa.Table, losers: np.ndarray, winners: np.ndarray) -> pa.Table:
        """The quarantine rows of the records that lost a conflict, naming the winner."""
        value = part.column("_value").to_numpy()[winners]
        won = pa.array(winners, pa.int64())
        files, refs, provenances = (
            flat(part.column(n)).take(won).cast(pa.string()).to_pylist()
            for n in ("source_file", "source_ref", "provenance")
        )
        texts = [
            conflict_text(*facts) for facts in zip(value, files, refs, provenances, strict=True)
        ]
        take = pa.array(losers, pa.int64())

        def text(name: str) -> pa.Array:
            return flat(part.column(name)).take(take).cast(pa.string())

        table = {
            "source_file": text("source_file"),
            "source_ref": text("source_ref"),
            "indicator_raw": text("_indicator_raw"),
            "area_raw": text("_area_raw"),
            "period_raw": text("_period_raw"),
            "value_raw": text("_value_raw"),
            "reason_code": pa.array(["conflict"] * len(losers), pa.string()),
            "reason": pa.array(texts, pa.string()),
            "candidates": pa.array([""] * len(losers), pa.string()),
        }
        table = {name: table[name] for name in QUARANTINE_COLUMNS}
        for name in QUARANTINE_KEYS:
            if name == "_reason":
                values = np.full(len(losers), _CONFLICT, dtype=np.int64)
            else:
                values = part.column(name).to_numpy()[losers]
            table[name] = pa.array(values, pa.int64())
        return pa.table(table)

    def _quarantine_parts(self) -> Iterator[pa.Table]:
        given = False
        for part in self.quarantine.merged():
            given = True
            yield part.drop_columns(QUARANTINE_KEYS)
        if not given:
            yield _empty_quarantine()

    def _result(self, failures, out, duplicates, conflicts, lost_by_layout) -> CleanResult:
        entries = self.entries + file_entries(
            [], failures, ingest.RAW_SCHEMA.empty_table(), Ledger(0)
        )
        for entry in entries:
            i = self.file_rank.get(entry["file"])
            if i is None or entry["status"] == "failed":
                continue
            d, c = int(duplicates[i]), int(conflicts[i])
            entry["records_clean"] -= d + c
            entry["records_duplicate"] += d
            entry["records_quarantined"] += c
            entry["conflicts"] += c
        entries.sort(key=lambda e: e["file"])
        for name, lost in lost_by_layout.items():
            self.layouts[name]["records_clean"] -= lost
        return assemble(entries, self.layouts, self.reasons, out)


def _observation_columns(table: pa.Table) -> list[str]:
    return [n for n in table.column_names if not n.startswith("_")]


def _schema(observations: pa.Table) -> pa.Schema:
    return pa.schema(
        [
            pa.field(f.name, pa.dictionary(pa.int32(), pa.string()))
            if pa.types.is_dictionary(f.type)
            else f
            for f in observations.schema
        ]
    )


def _empty_quarantine() -> pa.Table:
    return pa.table({name: pa.array([], pa.string()) for name in QUARANTINE_COLUMNS})
