"""The observations of the out-of-core cleaner: gathered in order on disk, then given back as
the row groups of ``observations.parquet``.

The settled observations come in their final order a part at a time. Each text column is kept
as codes into one dictionary of the whole output, in the order its strings first appear, as
:func:`cdsanalysis.clean.write.first_seen_dictionaries` orders them for a table in memory;
the Parquet file needs those dictionaries in its first row group already, so the rows go to
disk first (Arrow IPC, lz4) and are read back once every string is known. The rows the
former province's values add (:mod:`~cdsanalysis.clean.former_province`) are placed on the
way back, where the in-memory cleaner inserts them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from cdsanalysis.base.contracts import OBSERVATION_COLUMNS
from cdsanalysis.clean.arrays import flat
from cdsanalysis.clean.write import ROW_GROUP

#: The column of the observations' key (for placing computed rows), kept beside the codes.
KEY = "_key"
_IPC = pa.ipc.IpcWriteOptions(compression="lz4")


class _Strings:
    """The distinct strings of one text column in first-seen order, with where each was first
    seen: (row, 1) for a row of the stream, (row, 0, j) for the j-th row placed before it."""

    def __init__(self) -> None:
        self.code: dict[str, int] = {}
        self.first: list[tuple] = []

    def encode(self, column: pa.DictionaryArray, offset: int) -> np.ndarray:
        """Codes of the rows of ``column`` (the rows from ``offset`` on in the stream)."""
        indices = column.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        words = column.dictionary.to_pylist()
        lookup = np.zeros(len(words), dtype=np.int64)
        for used in pd.unique(indices).tolist():  # in order of first appearance
            word = words[used]
            if word not in self.code:
                self.code[word] = len(self.first)
                self.first.append((offset + int(np.argmax(indices == used)), 1))
            lookup[used] = self.code[word]
        return lookup[indices]

    def place(self, word: str, where: tuple) -> None:
        """A string of a row placed in the stream at ``where``."""
        if word not in self.code:
            self.code[word] = len(self.first)
            self.first.append(where)
        elif where < self.first[self.code[word]]:
            self.first[self.code[word]] = where

    def final(self) -> tuple[np.ndarray, pa.Array]:
        """The recoding of the codes given out and the dictionary, in first-seen order."""
        order = sorted(range(len(self.first)), key=self.first.__getitem__)
        recode = np.zeros(len(order), dtype=np.int32)
        recode[order] = np.arange(len(order), dtype=np.int32)
        words = list(self.code)
        return recode, pa.array([words[i] for i in order], pa.string())


class ObservationSink:
    """Gathers the settled observations in order and gives back the output's row groups.

    Parameters
    ----------
    path : pathlib.Path
        The file the observations are gathered in.
    schema : pyarrow.Schema
        The observations' schema (text columns as dictionaries).
    """

    def __init__(self, path: Path, schema: pa.Schema):
        self.path, self.schema = path, schema
        self.texts = [
            n for n in OBSERVATION_COLUMNS if pa.types.is_dictionary(schema.field(n).type)
        ]
        self.strings = {name: _Strings() for name in self.texts}
        self.rows = 0
        self._writer: pa.ipc.RecordBatchFileWriter | None = None

    def add(self, table: pa.Table, key: np.ndarray) -> None:
        """The next observations (contract columns) and their keys (increasing)."""
        if not table.num_rows:
            return
        columns = {
            name: pa.array(self.strings[name].encode(flat(table.column(name)), self.rows))
            if name in self.strings
            else flat(table.column(name))
            for name in OBSERVATION_COLUMNS
        }
        part = pa.table(columns | {KEY: pa.array(key, pa.int64())})
        if self._writer is None:
            self._writer = pa.ipc.new_file(str(self.path), part.schema, options=_IPC)
        self._writer.write_table(part)
        self.rows += table.num_rows

    def row_groups(self, placed: list[tuple[int, dict]]) -> Iterator[pa.Table]:
        """The row groups of the output (at least one, maybe empty), with ``placed`` rows
        (key, row of contract values), in the order the in-memory cleaner inserts them, each
        put before the first row of a greater key."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        places = self._places([key for key, _ in placed])
        for j, ((_, row), at) in enumerate(zip(placed, places, strict=True)):
            for name in self.texts:
                self.strings[name].place(str(row[name]), (at, 0, j))
        finals = {name: s.final() for name, s in self.strings.items()}
        pending: list[pa.Table] = []
        held, given = 0, False
        for part in self._parts(placed, places, finals):
            pending.append(part)
            held += part.num_rows
            while held >= ROW_GROUP:
                joined = pa.concat_tables(pending)
                yield joined.slice(0, ROW_GROUP).combine_chunks()
                rest = joined.slice(ROW_GROUP)
                pending, held, given = [rest], rest.num_rows, True
        if held:
            yield pa.concat_tables(pending).combine_chunks()
        elif not given:
            yield self._empty(finals)

    def _batches(self) -> Iterator[pa.RecordBatch]:
        if not self.rows:
            return
        with pa.OSFile(str(self.path)) as source:
            reader = pa.ipc.open_file(source)
            for i in range(reader.num_record_batches):
                yield reader.get_batch(i)

    def _places(self, keys: list[int]) -> list[int]:
        """For each key, the number of gathered rows with a smaller key."""
        counts = [0] * len(keys)
        if not keys:
            return counts
        wanted = np.array(keys, dtype=np.int64)
        for batch in self._batches():
            counts = [
                c + int(n)
                for c, n in zip(counts, np.searchsorted(batch.column(KEY), wanted), strict=True)
            ]
        return counts

    def _parts(self, placed, places, finals) -> Iterator[pa.Table]:
        """The rows in output order, the placed rows among them, as tables of the schema."""
        order = np.argsort(places, kind="stable").tolist()
        done = 0
        for batch in self._batches():
            table = self._decode(pa.Table.from_batches([batch]), finals)
            start = 0
            while order and places[order[0]] < done + table.num_rows:
                j = order.pop(0)
                cut = places[j] - done
                yield table.slice(start, cut - start)
                yield self._row(placed[j][1], finals)
                start = cut
            yield table.slice(start)
            done += table.num_rows
        for j in order:
            yield self._row(placed[j][1], finals)

    def _decode(self, table: pa.Table, finals: dict) -> pa.Table:
        columns = []
        for name in OBSERVATION_COLUMNS:
            column = flat(table.column(name))
            if name in finals:
                recode, words = finals[name]
                indices = pa.array(recode[column.to_numpy()], pa.int32())
                column = pa.DictionaryArray.from_arrays(indices, words)
            columns.append(column)
        return pa.table(columns, schema=self.schema)

    def _row(self, row: dict, finals: dict) -> pa.Table:
        columns = []
        for name in OBSERVATION_COLUMNS:
            if name in finals:
                recode, words = finals[name]
                code = recode[self.strings[name].code[str(row[name])]]
                columns.append(pa.DictionaryArray.from_arrays(pa.array([code], pa.int32()), words))
            else:
                columns.append(pa.array([row[name]], self.schema.field(name).type))
        return pa.table(columns, schema=self.schema)

    def _empty(self, finals: dict) -> pa.Table:
        return pa.table(
            [
                pa.DictionaryArray.from_arrays(pa.array([], pa.int32()), finals[name][1])
                if name in finals
                else pa.array([], self.schema.field(name).type)
                for name in OBSERVATION_COLUMNS
            ],
            schema=self.schema,
        )
