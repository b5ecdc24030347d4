"""The processed contract: defined once, and docs/data-contracts.md and datapackage.json agree."""

from __future__ import annotations

import re

import pytest

from cdsanalysis.base import contracts, paths
from cdsanalysis.base.vocabulary import LEVELS, PERIOD_KINDS, PROVENANCES, UNITS

DOC = paths.PACKAGE_DIR.parent / "docs" / "data-contracts.md"


def doc_tables(text: str) -> dict[str, list[list[str]]]:
    """Tables of the document whose header is "column | type | allowed values | description",
    keyed by the heading above them."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    rows: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("| column | type | allowed values | description |"):
            rows = tables.setdefault(heading, [])
            continue
        if rows is not None and line.startswith("|"):
            if not set(line) <= set("|-"):
                rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        rows = None
    return tables


def expected_rows(fields) -> list[list[str]]:
    return [[f.name, f.type, ", ".join(f.enum), f.description] for f in fields]


def test_the_document_shows_every_column_type_and_description():
    tables = doc_tables(DOC.read_text(encoding="utf-8"))
    observations = [rows for title, rows in tables.items() if "observations" in title]
    quarantine = [rows for title, rows in tables.items() if "quarantine" in title]
    assert observations == [expected_rows(contracts.OBSERVATION_FIELDS)]
    assert quarantine == [expected_rows(contracts.QUARANTINE_FIELDS)]


def test_the_check_fails_on_a_wrong_description():
    text = DOC.read_text(encoding="utf-8")
    wrong = text.replace("| first day of the period |", "| the first day |", 1)
    assert wrong != text
    tables = doc_tables(wrong)
    observations = [rows for title, rows in tables.items() if "observations" in title]
    assert observations != [expected_rows(contracts.OBSERVATION_FIELDS)]


def test_columns_and_allowed_values_come_from_the_vocabulary():
    fields = {f.name: f for f in contracts.OBSERVATION_FIELDS + contracts.QUARANTINE_FIELDS}
    assert fields["geo_level"].enum == LEVELS
    assert fields["period_kind"].enum == PERIOD_KINDS
    assert fields["provenance"].enum == PROVENANCES
    assert fields["unit"].enum == UNITS
    assert fields["reason_code"].enum == tuple(contracts.REASON_CODES)
    assert contracts.OBSERVATION_COLUMNS == [f.name for f in contracts.OBSERVATION_FIELDS]
    assert set(contracts.OBSERVATION_KEY) <= set(contracts.OBSERVATION_COLUMNS)


@pytest.mark.parametrize("fields", [contracts.OBSERVATION_FIELDS, contracts.QUARANTINE_FIELDS])
def test_the_table_schema_is_the_contract(fields):
    schema = contracts.table_schema(fields, [fields[0].name])
    assert [f["name"] for f in schema["fields"]] == [f.name for f in fields]
    assert [f["type"] for f in schema["fields"]] == [f.type for f in fields]
    assert schema["fields"][0]["constraints"]["required"] is True
    assert schema["primaryKey"] == [fields[0].name]


def test_reason_codes_are_documented_in_order():
    text = DOC.read_text(encoding="utf-8")
    documented = re.findall(r"^\| (\w+) \| [^|]+ \|$", text, flags=re.MULTILINE)
    codes = [c for c in documented if c in contracts.REASON_CODES]
    assert codes == list(contracts.REASON_CODES)
