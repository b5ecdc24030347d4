"""``cds aliases``: list the labels to review, accept or remove a reviewed alias.

    cds aliases                                   # labels the last clean could not place
    cds aliases accept "<label>" <indicator id>   # the label names that indicator from now on
    cds aliases remove "<label>"
    cds aliases accept "<name>" <geo code> --area [--vintage 2025-01-04]
    cds aliases remove "<name>" --area

Refusals (unknown id or area, a label that already names another entry) raise
:class:`~cdsanalysis.clean.aliases.AliasError`, which ``cds`` reports with exit status 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cdsanalysis.base import paths

ACTIONS = ("list", "accept", "remove")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``cds aliases`` on its subparser."""
    parser.add_argument("action", nargs="?", default="list", choices=ACTIONS)
    parser.add_argument("label", nargs="?", help="the label or area name as the agency wrote it")
    parser.add_argument("target", nargs="?", help="indicator id (or code), or area code")
    parser.add_argument("--area", action="store_true", help="an area name, not an indicator")
    parser.add_argument("--vintage", default=None, help="area list of the code, when in both")
    parser.add_argument(
        "--processed", type=Path, default=paths.PROCESSED_DIR, help="cleaned data folder"
    )


def _listing(processed: Path) -> str:
    from cdsanalysis.clean.aliases import unmatched_labels

    listed = unmatched_labels(processed / "quarantine.csv", processed / "observations.csv")
    if listed.empty:
        return "cds aliases: nothing to review"
    lines = [f'{len(listed)} labels to review (accept with: cds aliases accept "<label>" <id>)']
    for row in listed.itertuples(index=False):
        seen = f"read as {row.indicator_id}" if row.status == "similar" else "unmatched"
        hint = f"; candidates: {row.candidates}" if row.candidates else ""
        lines.append(f"  [{row.kind}] '{row.label}' ×{row.rows}: {seen}{hint}")
    return "\n".join(lines)


def run_aliases(args: argparse.Namespace) -> int:
    """Run ``cds aliases`` (see the module notes); return the exit status."""
    from cdsanalysis.clean import aliases

    if args.action == "list":
        print(_listing(Path(args.processed)))
        return 0
    if not args.label:
        raise aliases.AliasError(f"cds aliases {args.action}: give the label in quotes")
    if args.action == "remove":
        remove = aliases.remove_area_alias if args.area else aliases.remove_indicator_alias
        print(remove(args.label))
        return 0
    if not args.target:
        what = "an area code" if args.area else "an indicator id"
        raise aliases.AliasError(f"cds aliases accept: give {what} after the label")
    if args.area:
        print(aliases.accept_area_alias(args.label, args.target, vintage=args.vintage))
    else:
        print(aliases.accept_indicator_alias(args.label, args.target))
    return 0
