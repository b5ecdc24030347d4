"""Writing the processed set: observations (Parquet and CSV), quarantine, the report, the data
package, and last the record of inputs.

The CSV text is guarded against formulas by the rule of :mod:`cdsanalysis.base.safe_io`, and
NUL characters are removed from it (a NUL cuts a text cell short in many CSV readers and
spreadsheet programs). The Parquet file keeps the text as read.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def write_csv(table: pa.Table, path: Path, pool: ThreadPoolExecutor | None = None) -> None:
    """Write ``table`` as CSV with its text guarded; the text of the next slice of rows is
    built in ``pool`` while the current one is written."""
    names = table.column_names

    def text_slice(part: pa.Table) -> pa.Table:
        return pa.table([_csv_column(flat(part.column(n))) for n in names], names=names)

    slices = [table.slice(start, _CSV_SLICE) for start in range(0, table.num_rows, _CSV_SLICE)]
    first = text_slice(table.slice(0, 0))
    with pacsv.CSVWriter(str(path), first.schema) as writer:
        if pool is None:
            for part in slices:
                writer.write_table(text_slice(part))
        else:
            # one slice ahead, not all: the text of every slice at once would cost memory in
            # proportion to the file (a 2-million-record file: half a gigabyte more)
            ahead = pool.submit(text_slice, slices[0]) if slices else None
            for following in slices[1:]:
                done, ahead = ahead, pool.submit(text_slice, following)
                writer.write_table(done.result())
            if ahead is not None:
                writer.write_table(ahead.result())


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write the observations as Parquet (zstd); the bytes depend on the data only."""
    pq.write_table(
        table,
        str(path),
        compression="zstd",
        use_dictionary=True,
        # min/max of numbers and dates help readers skip row groups; of text, hardly
        write_statistics=["period_start", "period_end", "value"],
        store_schema=False,  # no pandas/arrow metadata blob: the bytes depend on the data only
    )


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
    out: Path, observations: pa.Table, quarantine: pa.Table, report: dict, inputs: dict
) -> dict[str, Path]:
    """Write the five outputs and the record of ``inputs`` into ``out`` as one set.

    Everything is written in a staging folder inside ``out`` (the lock of ``out`` held by the
    caller), then moved into place, the record last: a run that fails or is killed before
    the moves leaves the previous outputs.
    """
    with output_folder.staging(out) as tmp:
        try:
            with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
                parquet = pool.submit(write_parquet, observations, tmp / "observations.parquet")
                write_csv(observations, tmp / "observations.csv", pool)
                write_csv(quarantine, tmp / "quarantine.csv", pool)
                parquet.result()
            (tmp / "clean_report.json").write_bytes(_json_bytes(report))
            (tmp / "datapackage.json").write_bytes(datapackage(tmp))
            record = dict(inputs, outputs=describe_outputs(tmp, OUTPUT_FILES))
            (tmp / RECORD_FILE).write_bytes(_json_bytes(record))
        except OSError as exc:
            raise output_folder.output_error(exc, out) from None
        output_folder.publish(tmp, out, OUTPUT_FILES, RECORD_FILE)
    return {name: out / name for name in OUTPUT_FILES}
