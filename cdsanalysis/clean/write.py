"""Writing the processed set: observations (Parquet and CSV), quarantine, the report, the data
package, and last the record of inputs.

The CSV text is guarded against formulas by the rule of :mod:`cdsanalysis.base.safe_io`, and
NUL characters are removed from it (a NUL cuts a text cell short in many CSV readers and
spreadsheet programs). The Parquet file keeps the text as read.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cdsanalysis.base.contracts import (
    OBSERVATION_FIELDS,
    OBSERVATION_KEY,
    OUTPUT_FILES,
    QUARANTINE_FIELDS,
    Field,
    table_schema,
)
from cdsanalysis.base.safe_io import neutralise_arrow
from cdsanalysis.clean import folder as output_folder
from cdsanalysis.clean.arrays import flat
from cdsanalysis.clean.inputs import RECORD_FILE, describe_outputs

_CSV_SLICE = 200_000
#: Rows in a row group of ``observations.parquet`` (pyarrow's default for one table).
ROW_GROUP = 1 << 20


def _csv_text(array: pa.Array) -> pa.Array:
    """Text as a CSV file holds it: no NUL characters, formulas guarded."""
    if pc.any(pc.match_substring(array, "\x00")).as_py():
        array = pc.replace_substring(array, "\x00", "")
    return neutralise_arrow(array)


def _csv_column(column: pa.Array) -> pa.Array:
    if pa.types.is_dictionary(column.type):  # guard each distinct string once
        return pa.DictionaryArray.from_arrays(column.indices, _csv_text(column.dictionary)).cast(
            pa.string()
        )
    if pa.types.is_string(column.type):
        return _csv_text(column)
    if pa.types.is_date(column.type):
        return pc.cast(column, pa.string())
    return column


def _text_slice(part: pa.Table) -> pa.Table:
    names = part.column_names
    return pa.table([_csv_column(flat(part.column(n))) for n in names], names=names)


def write_csv(
    tables: pa.Table | Iterable[pa.Table], path: Path, pool: ThreadPoolExecutor | None = None
) -> None:
    """Write ``tables`` (one table, or the parts of one in order, at least one part) as CSV
    with its text guarded; the text of the next slice of rows is built in ``pool`` while the
    current one is written."""
    with contextlib.ExitStack() as stack:
        writer = None
        for table in [tables] if isinstance(tables, pa.Table) else tables:
            if writer is None:
                schema = _text_slice(table.slice(0, 0)).schema
                writer = stack.enter_context(pacsv.CSVWriter(str(path), schema))
            _write_csv_slices(writer, table, pool)


def _write_csv_slices(
    writer: pacsv.CSVWriter, table: pa.Table, pool: ThreadPoolExecutor | None
) -> None:
    slices = [table.slice(start, _CSV_SLICE) for start in range(0, table.num_rows, _CSV_SLICE)]
    if pool is None:
        for part in slices:
            writer.write_table(_text_slice(part))
        return
    # one slice ahead, not all: the text of every slice at once would cost memory in
    # proportion to the file (a 2-million-record file: half a gigabyte more)
    ahead = pool.submit(_text_slice, slices[0]) if slices else None
    for following in slices[1:]:
        done, ahead = ahead, pool.submit(_text_slice, following)
        writer.write_table(done.result())
    if ahead is not None:
        writer.write_table(ahead.result())


def first_seen_dictionaries(table: pa.Table) -> pa.Table:
    """``table`` with each text dictionary in the order its strings first appear in the rows:
    the bytes of the Parquet file then depend on the rows only, however they were gathered."""
    columns = [
        _first_seen(flat(column)) if pa.types.is_dictionary(column.type) else flat(column)
        for column in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def _first_seen(column: pa.DictionaryArray) -> pa.DictionaryArray:
    words = column.dictionary
    if column.null_count or pc.count_distinct(words).as_py() != len(words):
        return pc.dictionary_encode(column.cast(pa.string()))
    # distinct strings: reorder the dictionary by the codes' first appearance, no text work
    codes = column.indices.to_numpy(zero_copy_only=False)
    used = pd.unique(codes)
    lookup = np.zeros(len(words), dtype=np.int32)
    lookup[used] = np.arange(len(used), dtype=np.int32)
    return pa.DictionaryArray.from_arrays(
        pa.array(lookup[codes], pa.int32()), words.take(pa.array(used, pa.int64()))
    )


def row_groups(table: pa.Table) -> Iterator[pa.Table]:
    """The row groups of the observations file (at least one, maybe empty)."""
    table = first_seen_dictionaries(table)
    yield table.slice(0, ROW_GROUP)
    for start in range(ROW_GROUP, table.num_rows, ROW_GROUP):
        yield table.slice(start, ROW_GROUP)


def _parquet_writer(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    return pq.ParquetWriter(
        str(path),
        schema,
        compression="zstd",
        use_dictionary=True,
        # min/max of numbers and dates help readers skip row groups; of text, hardly
        write_statistics=["period_start", "period_end", "value"],
        store_schema=False,  # no pandas/arrow metadata blob: the bytes depend on the data only
    )


def write_observations(groups: Iterable[pa.Table], folder: Path, pool: ThreadPoolExecutor) -> None:
    """Write the observations as Parquet (zstd, one row group per part of ``groups``: each
    part but the last holds :data:`ROW_GROUP` rows and the dictionaries of the whole file)
    and as CSV; a row group is written in ``pool`` while the CSV text is built."""
    with contextlib.ExitStack() as stack:
        parquet, csv, pending = None, None, None
        for group in groups:
            if parquet is None:
                path = folder / "observations.parquet"
                parquet = stack.enter_context(_parquet_writer(path, group.schema))
                schema = _text_slice(group.slice(0, 0)).schema
                csv = stack.enter_context(pacsv.CSVWriter(str(folder / "observations.csv"), schema))
            if pending is not None:
                pending.result()
            group = group.combine_chunks()  # the pages of a row group depend on its chunks
            pending = pool.submit(parquet.write_table, group, max(group.num_rows, 1))
            _write_csv_slices(csv, group, pool)
        if pending is not None:
            pending.result()


def datapackage(folder: Path) -> bytes:
    """``datapackage.json`` for the CSV files in ``folder``, from the contract."""

    def resource(name: str, path: str, fields: tuple[Field, ...], key: list[str] | None) -> dict:
        return {
            "name": name,
            "path": path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": (folder / path).stat().st_size,
            "schema": table_schema(fields, key),
        }

    package = {
        "name": "cdsanalysis-processed",
        "title": "Bình Dương Digital Transformation plan 2023-2025: clean observations",
        "description": "Written by `cds clean`; see docs/data-contracts.md.",
        "resources": [
            resource("observations", "observations.csv", OBSERVATION_FIELDS, OBSERVATION_KEY),
            resource("quarantine", "quarantine.csv", QUARANTINE_FIELDS, None),
        ],
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_bytes(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_set(
    out: Path,
    observations: pa.Table | Iterable[pa.Table],
    quarantine: pa.Table | Iterable[pa.Table],
    report: dict,
    inputs: dict,
) -> dict[str, Path]:
    """Write the five outputs and the record of ``inputs`` into ``out`` as one set.

    ``observations`` is the table, or its row groups as :func:`row_groups` gives them;
    ``quarantine`` the table, or its parts in order.

    Everything is written in a staging folder inside ``out`` (the lock of ``out`` held by the
    caller), then moved into place, the record last: a run that fails or is killed before
    the moves leaves the previous outputs.
    """
    with output_folder.staging(out) as tmp:
        try:
            with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
                if isinstance(observations, pa.Table):
                    observations = row_groups(observations)
                write_observations(observations, tmp, pool)
                write_csv(quarantine, tmp / "quarantine.csv", pool)
            (tmp / "clean_report.json").write_bytes(_json_bytes(report))
            (tmp / "datapackage.json").write_bytes(datapackage(tmp))
            record = dict(inputs, outputs=describe_outputs(tmp, OUTPUT_FILES))
            (tmp / RECORD_FILE).write_bytes(_json_bytes(record))
        except OSError as exc:
            raise output_folder.output_error(exc, out) from None
        output_folder.publish(tmp, out, OUTPUT_FILES, RECORD_FILE)
    return {name: out / name for name in OUTPUT_FILES}
