"""The ``cds`` command.

Exit status of every subcommand: 0 done; 1 done with failures that the output records; 2 unusable
input or parameters, nothing written; 3 an internal error (a bug). Messages name the file, sheet,
cell or parameter and the reason; a traceback is shown only with ``--debug``. Heavy modules are
imported inside each subcommand so that ``cds --help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_OK, EXIT_FAILURES, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    """Unusable input or parameters: reported in plain words, exit status 2."""


def _cmd_plan(args: argparse.Namespace) -> int:
    from cdsanalysis.base.plan import load_plan
    from cdsanalysis.cli.plan_table import format_plan_table

    plan = load_plan(args.plan)
    print(format_plan_table(plan, lang=args.lang))
    return EXIT_OK


def _message_lang(lang: str) -> str | None:
    """The language of error messages: the one asked for, both (None) for ``--lang all``."""
    return lang if lang in ("vi", "en") else None


def _check_scope(
    plan_path: str | None,
    sectors: list[str],
    as_of: str,
    lang: str | None,
    *,
    overview: bool = False,
) -> str:
    """Refuse unknown sectors (``"overview"`` too when ``overview``) and unreadable periods in
    the language asked for; return the canonical period label."""
    from cdsanalysis.base.plan import load_plan
    from cdsanalysis.briefs.params import OVERVIEW
    from cdsanalysis.errors import unknown
    from cdsanalysis.publish import period_label

    plan = load_plan(plan_path)
    choices = [*plan.sector_ids, OVERVIEW] if overview else plan.sector_ids
    for sector in sectors:
        if sector not in choices:
            raise unknown("lĩnh vực", "sector", sector, choices, list_all=True, lang=lang)
    return period_label(as_of, lang=lang)


def _cmd_status(args: argparse.Namespace) -> int:
    from cdsanalysis.cli.status import run_status

    sectors = [args.sector] if args.sector is not None else []
    as_of = _check_scope(args.plan, sectors, args.as_of, _message_lang(args.lang))
    return run_status(
        sector=args.sector,
        as_of=as_of,
        lang=args.lang,
        processed_dir=args.processed,
        plan_path=args.plan,
        series=args.series,
    )


def _cmd_clean(args: argparse.Namespace) -> int:
    from cdsanalysis.clean.run import run_clean

    return run_clean(args.raw, args.out, keep_going=args.keep_going, plan_path=args.plan)


def _cmd_sample(args: argparse.Namespace) -> int:
    from cdsanalysis.demo.sample import write_sample

    written = write_sample(args.out)
    folder = written[0].parent if written else args.out
    print(f"cds sample: wrote {len(written)} synthetic demo files to {folder}")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cdsanalysis.base.plan import load_plan
    from cdsanalysis.ingest.template import DEFAULT_TEMPLATE_NAME, write_template

    out = Path(args.out) if args.out else Path(DEFAULT_TEMPLATE_NAME)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out {out}: the template is an Excel workbook, name it *.xlsx")
    path = write_template(out, plan=load_plan(args.plan))
    print(f"cds template: wrote {path}")
    return EXIT_OK


def _cmd_briefs(args: argparse.Namespace) -> int:
    from cdsanalysis.briefs.batch import run_briefs
    from cdsanalysis.publish import reports_folder

    lang = _message_lang(args.lang)
    as_of = _check_scope(args.plan, args.sector or [], args.as_of, lang, overview=True)
    if args.pdf:
        from cdsanalysis.briefs.pdf import find_chromium

        find_chromium()  # no browser to print with: say so before building anything
    out_dir = reports_folder(args.out, as_of)
    # An earlier period builds into its own folder: the current briefs and index stay.
    status = run_briefs(
        sectors=args.sector,
        langs=args.lang,
        as_of=as_of,
        jobs=args.jobs,
        processed_dir=args.processed,
        plan_path=args.plan,
        out_dir=out_dir,
        force=args.force,
        scheduler=args.scheduler,
        data_url=args.data_url,
        areas=args.areas,
    )
    if args.pdf:
        _print_pdfs(out_dir, args.sector, args.lang)
    return status


def _print_pdfs(out_dir: Path, sectors: list[str] | None, langs: str) -> None:
    from cdsanalysis.base.vocabulary import LANGS
    from cdsanalysis.briefs.pdf import brief_pages, print_briefs

    chosen = LANGS if langs == "all" else [langs]
    printed, current = print_briefs(brief_pages(out_dir, sectors, chosen))
    done = f"{len(printed)} PDF printed, {len(current)} up to date"
    print(f"cds briefs: {done} (A4, beside each page)")


def _cmd_aliases(args: argparse.Namespace) -> int:
    from cdsanalysis.cli.aliases import run_aliases

    return run_aliases(args)


def _add_common(parser: argparse.ArgumentParser, default=False) -> None:
    # Subcommands take --debug too, without overriding one given before the subcommand.
    parser.add_argument(
        "--debug", action="store_true", default=default, help="show tracebacks on errors"
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``cds`` command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog="cds",
        description="Track Bình Dương's Digital Transformation plan 2023-2025: clean agency "
        "data, assess progress, build briefs.",
    )
    _add_common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _add_data_commands(sub)
    _add_status_command(sub)
    _add_briefs_command(sub)

    p_aliases = sub.add_parser(
        "aliases",
        help="review the labels the last clean could not place; accept or remove an alias",
    )
    from cdsanalysis.cli.aliases import add_arguments as add_alias_arguments

    add_alias_arguments(p_aliases)
    p_aliases.set_defaults(func=_cmd_aliases)

    for p in sub.choices.values():
        _add_common(p, default=argparse.SUPPRESS)
    return parser


def _add_data_commands(sub: argparse._SubParsersAction) -> None:
    """``cds plan``, ``cds clean``, ``cds sample`` and ``cds template``."""
    p_plan = sub.add_parser("plan", help="print the plan catalogue as a table")
    p_plan.add_argument("--lang", choices=("vi", "en"), default="vi", help="label language")
    p_plan.add_argument("--plan", default=None, help="plan file (default: the project's own)")
    p_plan.set_defaults(func=_cmd_plan)

    p_clean = sub.add_parser("clean", help="clean data/raw into data/processed")
    p_clean.add_argument("--raw", default=None, help="raw folder (default: data/raw)")
    p_clean.add_argument(
        "--out",
        default=None,
        help="output folder (default: data/processed); not the raw folder, inside it or "
        "holding it; one clean at a time writes it",
    )
    p_clean.add_argument(
        "--plan",
        default=None,
        help="plan file to match indicators with (default: the project's own)",
    )
    p_clean.add_argument(
        "--keep-going",
        action="store_true",
        help="record unreadable files as failed and go on (exit 1) instead of stopping (exit 2)",
    )
    p_clean.set_defaults(func=_cmd_clean)

    p_sample = sub.add_parser("sample", help="write the synthetic demo raw files")
    p_sample.add_argument("--out", default=None, help="folder (default: data/raw/demo)")
    p_sample.set_defaults(func=_cmd_sample)

    p_template = sub.add_parser("template", help="write an Excel data-entry template")
    p_template.add_argument("--out", default=None, help="the .xlsx file to write")
    p_template.add_argument("--plan", default=None, help="plan file (default: the project's own)")
    p_template.set_defaults(func=_cmd_template)


def _add_status_command(sub: argparse._SubParsersAction) -> None:
    """``cds status``."""
    p_status = sub.add_parser("status", help="print the progress scoreboard in the terminal")
    p_status.add_argument("--sector", default=None, help="one sector id (default: all)")
    p_status.add_argument("--as-of", default="latest", help='"latest" or a period, e.g. 2024')
    p_status.add_argument("--lang", choices=("vi", "en"), default="vi", help="label language")
    p_status.add_argument("--processed", default=None, help="processed data folder")
    p_status.add_argument(
        "--plan",
        default=None,
        help="plan file (default: the project's own); data cleaned with another are stale",
    )
    p_status.add_argument(
        "--series",
        action="store_true",
        help="one line per series (target x sector x area) instead of one per target",
    )
    p_status.set_defaults(func=_cmd_status)


def _add_briefs_command(sub: argparse._SubParsersAction) -> None:
    """``cds briefs``."""
    p_briefs = sub.add_parser(
        "briefs",
        help="build the HTML briefs and reports/index.html (in parallel, only what changed)",
    )
    p_briefs.add_argument(
        "--sector",
        action="append",
        default=None,
        metavar="S",
        help="a sector id or 'overview' (repeatable; default: every sector and the overview)",
    )
    # Languages are checked by the build, so that a bad one is named with the choices (exit 2).
    p_briefs.add_argument("--lang", default="all", help="vi, en or all (default: all)")
    p_briefs.add_argument(
        "--as-of",
        default="latest",
        help='"latest" or a period, e.g. 2024 (built into <out>/<period>/, beside the current)',
    )
    p_briefs.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="briefs at a time (default: cores)"
    )
    p_briefs.add_argument("--processed", default=None, help="processed data folder")
    p_briefs.add_argument(
        "--plan",
        default=None,
        help="plan file (default: the project's own); the automatic clean uses it too",
    )
    p_briefs.add_argument("--out", default=None, help="output folder (default: reports/)")
    p_briefs.add_argument(
        "--force", action="store_true", help="rebuild every brief, changed or not"
    )
    p_briefs.add_argument(
        "--areas",
        default=None,
        metavar="LEVEL",
        help="build the locality pages: 'district' gives one brief per district-level area "
        "(2023 – 30/6/2025) and the communes' ranking page; alone, only those",
    )
    p_briefs.add_argument(
        "--pdf",
        action="store_true",
        help="also print each brief to an A4 PDF beside its page (needs Chromium)",
    )
    p_briefs.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="build on a Dask cluster: the address `dask scheduler` prints (tcp://host:8786); "
        "needs the cluster extra; pages are written here",
    )
    p_briefs.add_argument(
        "--data-url",
        default=None,
        metavar="PATH_OR_URL",
        help="with --scheduler: where the workers read the processed data (a path they see, or "
        "an fsspec URL; default the processed folder's path here)",
    )
    p_briefs.set_defaults(func=_cmd_briefs)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the ``cds`` command with ``argv`` and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    from cdsanalysis.cli.terminal import SafeStream

    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return _run_safely(func, args)
    finally:
        sys.stdout, sys.stderr = streams


def _run_safely(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run one subcommand; every failure becomes a plain message and an exit status."""
    try:
        return func(args)
    except KeyboardInterrupt:
        print("cds: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # every failure gets a plain message; the traceback on request
        if args.debug:
            raise
        from cdsanalysis.base.plan import PlanError

        known = (UsageError, PlanError, ValueError, FileNotFoundError, KeyError)
        prefix = "cds" if isinstance(exc, known) else f"cds: internal error ({type(exc).__name__})"
        message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"{prefix}: {message}", file=sys.stderr)
        if not isinstance(exc, known):
            print("this is a bug: run again with --debug and report the traceback", file=sys.stderr)
            return EXIT_INTERNAL
        return EXIT_BAD_INPUT


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
