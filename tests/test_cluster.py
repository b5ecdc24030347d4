"""cds briefs --scheduler: the same pages as a local build, built by a real Dask cluster.

The cluster is one ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, started by
the module's fixture as on separate machines and stopped (process groups) whatever happens. The
builds go through the command line, as a user runs them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from cds_process import run_cds
from test_batch import corrupt_sector

from cdsanalysis.briefs import cluster
from cdsanalysis.briefs.batch import environment_inputs, notebook_hash, plan_tasks
from cdsanalysis.briefs.local_cluster import LocalProcessCluster
from cdsanalysis.briefs.params import BriefParameterError, brief_params
from cdsanalysis.briefs.tasks import BriefTask

LONG_AGO = time.mktime((2024, 1, 2, 12, 0, 0, 0, 0, -1))


def cds(*args: str | Path) -> subprocess.CompletedProcess:
    return run_cds([str(a) for a in args])[0]


def copy_data(source: Path, target: Path, *, mtime: float | None = None) -> Path:
    shutil.copytree(source, target)
    if mtime is not None:
        for path in target.iterdir():
            os.utime(path, (mtime, mtime))
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------------------------
# Parameters and the worker's checks (no cluster)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        ("127.0.0.1:8786", "tcp://127.0.0.1:8786"),
        ("tls://cluster-head.example:8786/", "tls://cluster-head.example:8786"),
        ("tcp://[::1]:8786", "tcp://[::1]:8786"),
    ],
)
def test_scheduler_addresses_are_read(given, expected):
    assert cluster.check_scheduler(given) == expected


@pytest.mark.parametrize(
    "given", ["", "10.0.0.5", "http://10.0.0.5:8786", "tcp://10.0.0.5:0", "tcp://h:70000", 8786]
)
def test_bad_scheduler_addresses_are_refused(given):
    with pytest.raises(BriefParameterError, match=r"scheduler: .* is not a scheduler address"):
        cluster.check_scheduler(given)


def test_a_data_url_fsspec_cannot_read_is_refused():
    with pytest.raises(BriefParameterError, match="'nosuchproto' is not a protocol"):
        cluster.check_data_url("nosuchproto://bucket/processed")
    assert cluster.check_data_url("file:///srv/cds/processed") == "file:///srv/cds/processed"


def test_worker_copies_the_data_by_url_and_checks_every_file(tmp_path, demo_processed):
    inputs = cluster.describe_inputs(demo_processed, None, None)
    assert list(inputs.files)[0] == "observations.parquet"
    elsewhere = copy_data(demo_processed, tmp_path / "elsewhere", mtime=LONG_AGO)
    by_url = cluster.RemoteInputs(**{**vars(inputs), "url": elsewhere.as_uri()})
    folder = cluster.fetch_processed(by_url, tmp_path / "scratch")
    for name in inputs.files:
        assert (folder / name).read_bytes() == (demo_processed / name).read_bytes()
    # The brief prints the observations file's date: the copy carries the client's.
    assert (folder / "observations.parquet").stat().st_mtime == inputs.mtime
    assert cluster.fetch_processed(by_url, tmp_path / "scratch") == folder  # fetched once

    with (elsewhere / "quarantine.csv").open("a", encoding="utf-8") as stream:
        stream.write("\n")
    with pytest.raises(cluster.RemoteInputError, match="is not the client's quarantine.csv"):
        cluster.fetch_processed(by_url, tmp_path / "other-scratch")
    missing = cluster.RemoteInputs(**{**vars(inputs), "url": str(tmp_path / "nowhere")})
    with pytest.raises(cluster.RemoteInputError, match="cannot read observations.parquet at"):
        cluster.fetch_processed(missing, tmp_path / "third-scratch")
    assert not any((tmp_path / "other-scratch" / "cds-processed").iterdir())  # nothing half
    assert result_is_whole(folder, inputs)


def result_is_whole(folder: Path, inputs: cluster.RemoteInputs) -> bool:
    return sorted(p.name for p in folder.iterdir()) == sorted(inputs.files)


def test_worker_names_what_differs_from_the_client(tmp_path, demo_processed, monkeypatch):
    monkeypatch.setattr(cluster, "_scratch", lambda: tmp_path / "scratch")
    [task] = plan_tasks([brief_params("health", "en", processed_dir=demo_processed)])
    assert cluster.environment_differences(task, None) == []
    assert task.inputs["notebook"] == notebook_hash("sector_brief")
    other = dict(task.inputs, package="0" * 64, versions="1" * 64)
    changed = BriefTask(task.params, other, task.key)
    assert cluster.environment_differences(changed, None) == ["package", "versions"]
    assert set(environment_inputs(None)) <= set(task.inputs)

    inputs = cluster.describe_inputs(demo_processed, None, None)
    elsewhere = cluster.RemoteInputs(**{**vars(inputs), "utc_offset": inputs.utc_offset + 3600})
    with pytest.raises(cluster.RemoteInputError, match=r"time zone \(UTC[+-]\d\d:\d\d\)"):
        cluster._check_worker(task, elsewhere, None)
    result = cluster.build_remote(changed, inputs)
    assert result["action"] == "failed" and result.get("page") is None
    assert "package, versions differ from the client's" in result["failure"]["error"]


def test_an_unreachable_scheduler_writes_nothing(tmp_path):
    out = tmp_path / "reports"
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    result = cds("briefs", "--scheduler", address, "--sector", "health", "--out", out)
    assert result.returncode == 2, result.stderr
    assert f"scheduler: no answer from {address} within 5 s" in result.stderr
    assert "Traceback" not in result.stderr and "to build" not in result.stderr
    assert not out.exists()
    assert time.monotonic() - started < 60


def test_cluster_options_are_checked_before_anything_runs(tmp_path):
    out = tmp_path / "reports"
    for args, words in [
        (("--scheduler", "10.0.0.5"), "is not a scheduler address"),
        (("--scheduler", "127.0.0.1:1", "--jobs", "2"), "jobs: it sets the local processes"),
        (("--data-url", "/srv/processed"), "give a scheduler too"),
    ]:
        result = cds("briefs", "--sector", "health", "--out", out, *args)
        assert result.returncode == 2 and words in result.stderr, result.stderr
        assert not out.exists()


# --------------------------------------------------------------------------------------------
# On a cluster of one scheduler and two worker processes
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("dask")
    with LocalProcessCluster(folder, workers=2, threads=1) as running:
        yield SimpleNamespace(address=running.address, folder=folder)


def _entries(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    keep = ("key", "inputs", "parameters", "status", "bytes", "output", "summary")
    return {name: {k: e.get(k) for k in keep} for name, e in manifest["briefs"].items()}


@pytest.mark.slow
def test_cluster_pages_are_the_local_pages(tmp_path, demo_processed, dask_cluster):
    data = copy_data(demo_processed, tmp_path / "processed")
    # The workers read another copy, by URL, whose files are dated otherwise.
    shared = copy_data(demo_processed, tmp_path / "shared", mtime=LONG_AGO)
    briefs = ("--sector", "health", "--sector", "overview", "--lang", "vi")
    on_cluster, here = tmp_path / "cluster", tmp_path / "local"
    remote = cds(
        "briefs", *briefs, "--processed", data, "--out", on_cluster,
        "--scheduler", dask_cluster.address, "--data-url", shared.as_uri(),
    )  # fmt: skip
    assert remote.returncode == 0, remote.stdout + remote.stderr
    assert f"on the cluster at {dask_cluster.address}: 2 worker(s)" in remote.stderr
    local = cds("briefs", *briefs, "--processed", data, "--out", here)
    assert local.returncode == 0, local.stdout + local.stderr

    pages = sorted(p.relative_to(here) for p in here.rglob("*.html"))
    assert [p.as_posix() for p in pages] == ["index.html", "vi/health.html", "vi/overview.html"]
    assert sorted(p.relative_to(on_cluster) for p in on_cluster.rglob("*.html")) == pages
    for page in pages:
        assert (on_cluster / page).read_bytes() == (here / page).read_bytes(), page
    assert _entries(on_cluster) == _entries(here)
    # Built by the workers: each fetched the data into its scratch folder.
    fetched = list(dask_cluster.folder.glob("worker-*/**/cds-processed/*/observations.parquet"))
    assert fetched and all(p.read_bytes() == (data / p.name).read_bytes() for p in fetched)

    again = cds(
        "briefs", *briefs, "--processed", data, "--out", on_cluster,
        "--scheduler", dask_cluster.address, "--data-url", shared.as_uri(),
    )  # fmt: skip
    assert again.returncode == 0 and "0 built, 2 up to date" in again.stdout, again.stdout


@pytest.mark.slow
def test_the_locality_pages_built_on_the_cluster_are_the_local_pages(
    tmp_path, demo_processed, dask_cluster
):
    data = copy_data(demo_processed, tmp_path / "processed")
    areas = ("--areas", "district", "--lang", "en", "--processed", data)
    on_cluster, here = tmp_path / "cluster", tmp_path / "local"
    remote = cds("briefs", *areas, "--out", on_cluster, "--scheduler", dask_cluster.address)
    assert remote.returncode == 0, remote.stdout + remote.stderr
    assert "10 built, 0 up to date, 0 failed" in remote.stdout
    local = cds("briefs", *areas, "--out", here)
    assert local.returncode == 0, local.stdout + local.stderr
    pages = sorted(p.relative_to(here) for p in here.rglob("*.html"))
    assert len(pages) == 11  # nine districts, the ranking, the index
    assert sorted(p.relative_to(on_cluster) for p in on_cluster.rglob("*.html")) == pages
    for page in pages:
        assert (on_cluster / page).read_bytes() == (here / page).read_bytes(), page


@pytest.mark.slow
def test_a_brief_failing_on_a_worker_is_isolated(tmp_path, demo_processed, dask_cluster):
    data = copy_data(demo_processed, tmp_path / "processed")
    corrupt_sector(data, "health")
    out = tmp_path / "reports"
    result = cds(
        "briefs", "--sector", "health", "--sector", "industry", "--lang", "en",
        "--processed", data, "--out", out, "--scheduler", dask_cluster.address,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED en/health: cell " in result.stdout
    assert "`bc.show(view.charts)`: ValueError: Axis limits cannot be NaN or Inf" in (result.stdout)
    assert (out / "en" / "industry.html").exists() and not (out / "en" / "health.html").exists()
    kept = nbformat.read(out / "_failed" / "en" / "health.ipynb", as_version=4)
    errors = [o for c in kept.cells if c.cell_type == "code" for o in c.outputs]
    assert any(o.output_type == "error" and o.ename == "ValueError" for o in errors)
    entries = _entries(out)
    assert entries["en/health"]["status"] == "failed" and entries["en/industry"]["status"] == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "_failed/en/health.ipynb" in index and 'href="en/industry.html"' in index
    assert sorted(out.rglob("*.tmp")) == []

    # Data at the URL that are not the client's: the brief fails, naming the file, no page.
    other = copy_data(data, tmp_path / "other")
    with (other / "clean_report.json").open("a", encoding="utf-8") as stream:
        stream.write(" ")
    os.utime(data / "observations.parquet")  # a set of files the workers have not fetched yet
    result = cds(
        "briefs", "--sector", "industry", "--lang", "en", "--force", "--processed", data,
        "--out", out, "--scheduler", dask_cluster.address, "--data-url", other,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FAILED en/industry: RemoteInputError: worker " in result.stdout
    assert "is not the client's clean_report.json" in result.stdout
    assert not (out / "en" / "industry.html").exists()


@pytest.mark.slow
def test_a_cluster_left_without_workers_fails_the_briefs_left_and_stops(tmp_path, demo_processed):
    import sys

    data = copy_data(demo_processed, tmp_path / "processed")
    out = tmp_path / "reports"
    with LocalProcessCluster(tmp_path / "dask", workers=1, threads=1) as running:
        env = dict(os.environ, CDS_CLUSTER_GRACE="3")
        command = subprocess.Popen(
            [sys.executable, "-m", "cdsanalysis", "briefs", "--sector", "health",
             "--sector", "industry", "--sector", "urban", "--lang", "en", "--processed",
             str(data), "--out", str(out), "--scheduler", running.address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        time.sleep(4)  # connected, the briefs submitted, the worker still warming up
        worker = running._processes[1]
        os.killpg(worker.pid, signal.SIGKILL)
        stdout, stderr = command.communicate(timeout=120)
    assert command.returncode == 1, stdout + stderr
    assert "no worker left on the cluster at" in stdout
    entries = _entries(out)
    assert entries and all(e["status"] in ("ok", "failed") for e in entries.values())
    assert any(e["status"] == "failed" for e in entries.values())
    assert sorted(out.rglob("*.tmp")) == []
