"""Sorting more rows than memory holds: sorted runs on disk, merged in order.

Rows are gathered in memory up to a bound, sorted on integer key columns and written as one
*run* (an Arrow IPC file, lz4, in batches of a few thousand rows); the merge then reads every
run a batch at a time and gives the rows in key order, a part at a time. The last key column
must be unique (a sequence number), so the order is total and the same however the rows were
split into runs. Memory holds one batch per run and the part being given, never the rows.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

#: Rows of a batch of a run: what the merge holds of each run at a time.
BATCH_ROWS = 16_384
_IPC = pa.ipc.IpcWriteOptions(compression="lz4")

Prepare = Callable[[pa.Table], pa.Table]


def sort_table(table: pa.Table, keys: list[str]) -> pa.Table:
    """``table`` sorted on the integer columns ``keys`` (the first the most significant)."""
    table = table.unify_dictionaries().combine_chunks()
    order = np.lexsort([table.column(k).to_numpy() for k in reversed(keys)])
    return table.take(pa.array(order, pa.int64()))


class _Cursor:
    """One run being merged: its current batch (prepared) and where it is in the file."""

    def __init__(self, path: Path, prepare: Prepare | None, keys: list[str]):
        self._reader = pa.ipc.open_file(pa.OSFile(str(path)))
        self._prepare, self._keys = prepare, keys
        self._next = 0
        self.table = self._load()

    def _load(self) -> pa.Table | None:
        while self._next < self._reader.num_record_batches:
            batch = pa.Table.from_batches([self._reader.get_batch(self._next)])
            self._next += 1
            if batch.num_rows:
                return self._prepare(batch) if self._prepare else batch
        return None

    def key_at(self, i: int) -> tuple:
        return tuple(self._columns[k][i] for k in range(len(self._keys)))

    @property
    def _columns(self) -> list[np.ndarray]:
        if getattr(self, "_cached_for", None) is not self.table:
            self._cached = [self.table.column(k).to_numpy() for k in self._keys]
            self._cached_for = self.table
        return self._cached

    def last_key(self) -> tuple:
        return self.key_at(self.table.num_rows - 1)

    def take_up_to(self, bound: tuple) -> pa.Table:
        """The rows of the current batch with a key up to ``bound``; loads the next batch when
        this one is used up."""
        n = bisect.bisect_right(range(self.table.num_rows), bound, key=self.key_at)
        part, rest = self.table.slice(0, n), self.table.slice(n)
        self.table = rest if rest.num_rows else self._load()
        return part


class SortedRuns:
    """Rows sorted on ``keys`` through runs written in ``folder``.

    Parameters
    ----------
    folder : pathlib.Path
        Where the runs are written (the caller removes it).
    keys : list of str
        Integer key columns, the most significant first; the last one unique.
    run_rows : int
        Rows gathered by :meth:`add` before they are sorted and written as a run.
    """

    def __init__(self, folder: Path, keys: list[str], run_rows: int):
        self.folder, self.keys, self.run_rows = folder, keys, run_rows
        self._buffer: list[pa.Table] = []
        self._buffered = 0
        self._runs: list[tuple[Path, Prepare | None]] = []
        self._schema: pa.Schema | None = None

    def add(self, table: pa.Table) -> None:
        """Rows in any order; written as a sorted run once ``run_rows`` are gathered."""
        if table.num_rows:
            self._buffer.append(table)
            self._buffered += table.num_rows
        if self._buffered >= self.run_rows:
            self._spill()

    def add_run(self, table: pa.Table, prepare: Prepare | None = None) -> None:
        """Rows already in order: written as one run; ``prepare`` adds the key columns to each
        batch read back (keys that can only be computed once every run is written)."""
        if not table.num_rows:
            return
        path = self.folder / f"run-{len(self._runs):05d}.arrow"
        table = table.unify_dictionaries().combine_chunks()
        with pa.ipc.new_file(str(path), table.schema, options=_IPC) as writer:
            writer.write_table(table, max_chunksize=BATCH_ROWS)
        self._runs.append((path, prepare))

    def _spill(self) -> None:
        if self._buffer:
            self.add_run(sort_table(pa.concat_tables(self._buffer), self.keys))
        self._buffer, self._buffered = [], 0

    def merged(self) -> Iterator[pa.Table]:
        """Every row, in key order, a part at a time (no part when there are no rows)."""
        if not self._runs:
            if self._buffer:
                yield sort_table(pa.concat_tables(self._buffer), self.keys)
            return
        self._spill()
        cursors = [_Cursor(path, prepare, self.keys) for path, prepare in self._runs]
        cursors = [c for c in cursors if c.table is not None]
        while cursors:
            # every row up to the smallest of the runs' last keys is in memory now
            bound = min(c.last_key() for c in cursors)
            parts = [c.take_up_to(bound) for c in cursors]
            yield sort_table(pa.concat_tables([p for p in parts if p.num_rows]), self.keys)
            cursors = [c for c in cursors if c.table is not None]
