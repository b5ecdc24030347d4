"""Benchmark `cds briefs --scheduler` on a local Dask cluster against the local build.

The same 18 briefs (8 sectors and the overview, in Vietnamese and English) are built from one
copy of the project (package, notebooks, reference files, processed demo data) by the two
commands a user runs, in turn (local, cluster, local, cluster, ...), so that the machine's
drift weighs on both alike:

- **local**: ``cds briefs --force`` (forked warm processes, one per core);
- **cluster**: ``cds briefs --force --scheduler ADDRESS``, on one ``dask scheduler`` and as many
  ``dask worker`` processes (one thread each) as the local build has processes, all on this
  machine. Its first build, on workers that have not yet warmed up nor fetched the data, is
  measured apart;
- **unchanged**: each command again with nothing to build (the cluster's connects to the
  scheduler).

Each figure is the wall time of the whole command; the cluster's CPU time is spent in the
workers, not in the command, so only wall time compares. After each pair the pages of the two
output folders are compared byte for byte. The result is written between
``<!-- bench_cluster:start -->`` and ``<!-- bench_cluster:end -->`` in ``docs/performance.md``::

    python benchmarks/bench_cluster.py              # 3 pairs
    python benchmarks/bench_cluster.py --pairs 1 --no-write
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_briefs import _cpu_busy, _project_copy, _versions  # siblings of this script
from perf_doc import write_section

from cdsanalysis.base import paths
from cdsanalysis.briefs.local_cluster import LocalProcessCluster
from cdsanalysis.briefs.params import check_jobs


def _timed(args: list[str], log: Path) -> float:
    started = time.perf_counter()
    with log.open("a", encoding="utf-8") as stream:
        stream.write(f"$ {' '.join(args)}\n")
        stream.flush()
        result = subprocess.run(args, stdout=stream, stderr=stream)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"bench_cluster: {args[3:6]} failed ({result.returncode}); see {log}")
    return seconds


def _snapshot(base: Path) -> Path:
    """A copy of the package, notebooks, reference files and processed data, used by every
    command and worker through ``PYTHONPATH`` and ``CDS_ROOT``: edits made to the working tree
    meanwhile change no input. Returns the processed folder."""
    from cdsanalysis.api import processed_is_stale
    from cdsanalysis.clean.run import clean_raw

    root = _project_copy(base)
    folder = root / "data" / "processed"
    if processed_is_stale():
        clean_raw(paths.RAW_DIR, folder)
    else:
        shutil.copytree(
            paths.PROCESSED_DIR, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*")
        )
    pythonpath = os.pathsep.join(filter(None, [str(base / "src"), os.environ.get("PYTHONPATH")]))
    # Inherited by the commands and by the cluster's processes alike.
    os.environ.update(CDS_ROOT=str(root), PYTHONHASHSEED="0", PYTHONPATH=pythonpath)
    return folder


def _same_pages(a: Path, b: Path) -> int:
    pages = sorted(p.relative_to(a) for p in a.rglob("*.html"))
    if pages != sorted(p.relative_to(b) for p in b.rglob("*.html")):
        raise SystemExit(f"bench_cluster: {a} and {b} hold different pages")
    differing = [p for p in pages if (a / p).read_bytes() != (b / p).read_bytes()]
    if differing:
        raise SystemExit(f"bench_cluster: pages differ between the builds: {differing}")
    return len(pages)


def alternate(
    cds: list[str], remote: list[str], local_out: Path, cluster_out: Path, pairs: int, log: Path
) -> dict:
    """The cluster's first build, then ``pairs`` local and cluster builds in turn (``--force``),
    each pair's pages compared byte for byte: ``first``, ``local``, ``cluster``, ``busy`` (the
    CPU's busy share as each pair began) and ``pages`` (compared in the last pair)."""
    first = _timed([*cds, "--force", "--out", str(cluster_out), *remote], log)
    figures: dict = {"first": first, "local": [], "cluster": [], "busy": []}
    for _ in range(pairs):
        figures["busy"].append(round(_cpu_busy(1.0), 2))
        figures["local"].append(_timed([*cds, "--force", "--out", str(local_out)], log))
        figures["cluster"].append(
            _timed([*cds, "--force", "--out", str(cluster_out), *remote], log)
        )
        figures["pages"] = _same_pages(local_out, cluster_out)
    return figures


def run(pairs: int = 3) -> dict:
    """Measure; return the figures."""
    jobs = check_jobs(None)
    base = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    log = base / "bench.log"
    try:
        data = _snapshot(base)
        local_out, cluster_out = base / "local", base / "cluster"
        cds = [sys.executable, "-m", "cdsanalysis", "briefs", "--processed", str(data)]
        with LocalProcessCluster(base / "dask", workers=jobs, threads=1) as cluster:
            remote = ["--scheduler", cluster.address]
            figures = alternate(cds, remote, local_out, cluster_out, pairs, log)
            figures["local_unchanged"] = _timed([*cds, "--out", str(local_out)], log)
            cluster_cmd = [*cds, "--out", str(cluster_out), *remote]
            figures["cluster_unchanged"] = _timed(cluster_cmd, log)
        figures.update(jobs=jobs, pairs=pairs, cores=os.cpu_count())
        return figures
    finally:
        shutil.rmtree(base, ignore_errors=True)


def markdown(f: dict) -> str:
    """The section of docs/performance.md."""
    local, remote = statistics.median(f["local"]), statistics.median(f["cluster"])
    ratios = [c / lo for lo, c in zip(f["local"], f["cluster"], strict=True)]
    ratio = statistics.median(ratios)

    def runs(values: list[float]) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    return "\n".join(
        [
            "## `cds briefs --scheduler` on a local Dask cluster (18 briefs)",
            "",
            f"Generated by `python benchmarks/bench_cluster.py`: the local build and the cluster "
            f"build of the same 18 briefs (`--force`) from one snapshot of the project and its "
            f"processed demo data, "
            f"in turn, {f['pairs']} pairs in one run, on {f['cores']} cores "
            f"({platform.python_implementation()} {platform.python_version()}, {_versions()}, "
            f"distributed {_version('distributed')}). The local build runs {f['jobs']} "
            f"processes; the cluster is one `dask scheduler` and {f['jobs']} `dask worker` "
            "processes of one thread each, on the same machine. Wall seconds of the whole "
            "command (the cluster's CPU time is spent in its workers, outside the command).",
            "",
            "| measure | wall s (median) | runs | ratio to the local build |",
            "|---|---|---|---|",
            f"| local: `cds briefs --force` | {local:.2f} | {runs(f['local'])} | 1 |",
            f"| cluster: `cds briefs --force --scheduler ADDRESS` (warm workers) | {remote:.2f} "
            f"| {runs(f['cluster'])} | {ratio:.2f} (pair by pair: {runs(ratios)}) |",
            f"| cluster, first build (workers warm up and fetch the data) | {f['first']:.2f} | "
            f"1 | {f['first'] / local:.2f} |",
            f"| local, nothing to build | {f['local_unchanged']:.2f} | 1 | |",
            f"| cluster, nothing to build (connects to the scheduler) | "
            f"{f['cluster_unchanged']:.2f} | 1 | |",
            "",
            f"Every pair's {f['pages']} pages (the briefs and the index) were byte-identical. The "
            f"machine is shared: the share of its CPU busy when each pair began: "
            f"{', '.join(f'{b:.0%}' for b in f['busy'])}.",
            "",
            f"On warm workers, cluster minus local: {remote - local:+.2f} s (medians); the "
            f"median of the pair-by-pair ratios is {ratio:.2f}, and they ran from "
            f"{min(ratios):.2f} to {max(ratios):.2f}: that spread is what other load on the "
            "machine did to single runs. What the cluster build "
            "adds per brief: the task's round trip through the scheduler, the page's bytes sent "
            "back, the worker hashing its package, template and reference files to compare them "
            "with the client's; what it saves: the local build warms its parent (imports, "
            "template, fonts) on every run, a warm worker once. Its first build pays that "
            "warm-up in each worker, and the copy of the data. With nothing to build, the "
            "cluster command also connects to the scheduler and waits for its workers.",
        ]
    )


def _version(name: str) -> str:
    from importlib import metadata

    return metadata.version(name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3, help="local/cluster pairs (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the doc")
    args = parser.parse_args(argv)
    text = markdown(run(args.pairs))
    print(text)
    if not args.no_write:
        write_section("bench_cluster", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
