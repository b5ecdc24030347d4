"""``cds aliases``: list the labels to review, accept or remove a reviewed alias.

    cds aliases                                   # labels the last clean could not place
    cds aliases accept "<label>" <indicator id>   # the label names that indicator from now on
    cds aliases remove "<label>"
    cds aliases accept "<name>" <geo code> --area [--vintage 2025-01-04]
    cds aliases remove "<name>" --area

Messages are in ``--lang`` (vi by default). A refused command (unknown id or area, a label that
already names another entry, a label not in the file, a missing argument) prints why, naming the
label or id, and returns exit status 2; nothing is written then. The next ``cds clean`` reads the
reviewed files (``data/reference/indicator_aliases.csv``, ``data/reference/area_aliases.csv``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdsanalysis.base import paths
from cdsanalysis.base.text import clip, one_line

ACTIONS = ("list", "accept", "remove")
EXIT_REFUSED = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``cds aliases`` on its subparser."""
    parser.add_argument("action", nargs="?", default="list", choices=ACTIONS)
    parser.add_argument("label", nargs="?", help="the label or area name as the agency wrote it")
    parser.add_argument("target", nargs="?", help="indicator id (or code), or area code")
    parser.add_argument("--area", action="store_true", help="an area name, not an indicator")
    parser.add_argument("--vintage", default=None, help="area list of the code, when in both")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="message language")
    parser.add_argument(
        "--processed", type=Path, default=None, help="cleaned data folder (default data/processed)"
    )


def _shown(text: str) -> str:
    """A label as one safe line: control characters escaped (\\x1b), long labels cut."""
    return clip(one_line(text), 300)


def _listing(processed: Path, lang: str) -> str:
    from cdsanalysis.clean.aliases import unmatched_labels

    vi = lang == "vi"
    listed = unmatched_labels(processed / "quarantine.csv", processed / "observations.csv")
    if listed.empty:
        return "cds aliases: không có nhãn cần xem lại" if vi else "cds aliases: nothing to review"
    head = (
        f'{len(listed)} nhãn cần xem lại (nhận bằng: cds aliases accept "<nhãn>" <mã>)'
        if vi
        else f'{len(listed)} labels to review (accept with: cds aliases accept "<label>" <id>)'
    )
    lines = [head]
    for row in listed.itertuples(index=False):
        if row.status == "similar":
            seen = (
                f"đọc theo độ giống là {row.indicator_id}" if vi else f"read as {row.indicator_id}"
            )
        else:
            seen = "chưa khớp" if vi else "unmatched"
        hint = f"; {'có phải' if vi else 'candidates'}: {row.candidates}" if row.candidates else ""
        kind = {"indicator": "chỉ tiêu", "area": "địa bàn"}[row.kind] if vi else row.kind
        where = f"{'tệp' if vi else 'files'}: {_shown(row.files)}"
        lines.append(f"  [{kind}] '{_shown(row.label)}' ×{row.rows}: {seen}{hint} ({where})")
    return "\n".join(lines)


def _act(args: argparse.Namespace) -> str:
    """Accept or remove; raise AliasError when refused."""
    from cdsanalysis.clean import aliases

    lang = args.lang
    if not args.label:
        raise aliases.AliasError(
            f"cds aliases {args.action}: give the label in quotes",
            f"cds aliases {args.action}: hãy ghi nhãn trong dấu ngoặc kép",
        )
    if args.action == "remove":
        remove = aliases.remove_area_alias if args.area else aliases.remove_indicator_alias
        return remove(args.label, lang=lang)
    if not args.target:
        what_en = "an area code" if args.area else "an indicator id"
        what_vi = "mã địa bàn" if args.area else "mã chỉ tiêu"
        raise aliases.AliasError(
            f"cds aliases accept '{args.label}': give {what_en} after the label",
            f"cds aliases accept '{args.label}': hãy ghi {what_vi} sau nhãn",
        )
    if args.area:
        return aliases.accept_area_alias(args.label, args.target, vintage=args.vintage, lang=lang)
    return aliases.accept_indicator_alias(args.label, args.target, lang=lang)


def run_aliases(args: argparse.Namespace) -> int:
    """Run ``cds aliases`` (see the module notes); return the exit status."""
    from cdsanalysis.clean.aliases import AliasError

    if args.action == "list":
        print(_listing(Path(args.processed or paths.PROCESSED_DIR), args.lang))
        return 0
    try:
        print(_shown(_act(args)))
    except AliasError as exc:
        print(f"cds aliases: {_shown(exc.text(args.lang))}", file=sys.stderr)
        return EXIT_REFUSED
    return 0
