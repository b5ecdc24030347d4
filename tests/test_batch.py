"""cds briefs: failures isolated, incremental rebuilds, parameters checked first, kill-safe.

One build of three English briefs (health, industry, the overview) into a temporary folder is
shared by the incremental tests, which run in file order and each leave it current. The failing
brief and the SIGKILL run go through the command line, as a user runs them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

from cdsanalysis import __version__
from cdsanalysis.base import paths
from cdsanalysis.briefs import batch
from cdsanalysis.briefs.params import BriefParameterError, normalise_langs, resolve_brief_ids
from cdsanalysis.briefs.tasks import failure_text

BRIEFS = ["health", "industry", "overview"]


def cds(*args: str | Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cdsanalysis", *map(str, args)],
        capture_output=True,
        text=True,
        **kwargs,
    )


def names(outcomes) -> set[str]:
    return {o.name for o in outcomes}


def corrupt_sector(folder: Path, sector: str) -> None:
    """Give one sector's rows an impossible value (infinity), which the cleaner never writes."""
    path = folder / "observations.parquet"
    frame = pd.read_parquet(path)
    frame.loc[frame["sector"] == sector, "value"] = float("inf")
    frame.to_parquet(path, index=False)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, demo_processed) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("batch")
    data = root / "processed"
    shutil.copytree(demo_processed, data)
    plan = root / "plan.yaml"
    shutil.copy(paths.PLAN_FILE, plan)
    out = root / "reports"
    kwargs = dict(
        sectors=BRIEFS,
        langs="en",
        processed_dir=data,
        plan_path=plan,
        out_dir=out,
        progress=False,
    )
    first = batch.build_briefs(**kwargs)
    return SimpleNamespace(root=root, data=data, plan=plan, out=out, kwargs=kwargs, first=first)


# --------------------------------------------------------------------------------------------
# Parameters: refused before anything runs
# --------------------------------------------------------------------------------------------


@pytest.fixture
def nothing_may_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a brief process was about to start")

    monkeypatch.setattr(batch, "warm_parent", refuse)
    monkeypatch.setattr(batch, "run_tasks", refuse)
    monkeypatch.setattr(batch, "ensure_processed", refuse)


@pytest.mark.parametrize(
    ("kwargs", "named", "listed"),
    [
        ({"sectors": ["../x"]}, "'../x'", "culture_tourism, overview"),
        ({"sectors": ["health", "finance"]}, "'finance'", "urban, industry"),
        ({"langs": "fr"}, "'fr'", "vi, en, all"),
        ({"as_of": "2024Q5"}, "2024Q5", "2025-H1"),
        ({"jobs": 0}, "jobs: 0", "1 or more"),
    ],
)
def test_bad_parameters_are_refused_before_anything_runs(
    tmp_path, nothing_may_run, kwargs, named, listed
):
    out = tmp_path / "reports"
    with pytest.raises(BriefParameterError) as caught:
        batch.build_briefs(out_dir=out, progress=False, **kwargs)
    assert named in str(caught.value) and listed in str(caught.value)
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--sector", "../x"), "one of urban, industry"),
        (("--lang", "fr"), "choose one of: vi, en, all"),
        (("--as-of", "2024Q5"), "2024Q5"),
    ],
)
def test_command_exits_2_without_starting_a_brief(tmp_path, args, words):
    out = tmp_path / "reports"
    started = time.monotonic()
    result = cds("briefs", "--out", out, *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert "to build" not in result.stderr  # the line printed just before processes start
    assert not out.exists()
    assert time.monotonic() - started < 20  # a started brief alone takes longer


def test_languages_and_ids():
    assert normalise_langs("all") == ("vi", "en")
    assert normalise_langs(["en", "en"]) == ("en",)
    assert resolve_brief_ids(None, ["a", "b"]) == ["a", "b", "overview"]
    assert resolve_brief_ids(["b", "b"], ["a", "b"]) == ["b"]


def test_failure_text_names_the_cell():
    failure = {"cell_index": 5, "execution_count": 3, "source": "x = 1", "error": "E: boom"}
    assert failure_text(failure) == "cell 5 (In [3]) `x = 1`: E: boom"
    assert failure_text({"cell_index": None, "error": "E: boom"}) == "E: boom"


def test_data_hashes_follow_the_rows_each_brief_reads(tmp_path, demo_processed):
    folder = tmp_path / "processed"
    shutil.copytree(demo_processed, folder)
    before = batch.DataFingerprints(folder)
    frame = pd.read_parquet(folder / "observations.parquet")
    frame.loc[frame.index[frame["sector"] == "health"][0], "value"] += 1
    frame.to_parquet(folder / "observations.parquet", index=False)
    after = batch.DataFingerprints(folder)
    changed = {
        s
        for s in ["health", "industry", "urban", None]
        if before.for_brief(s, "latest") != after.for_brief(s, "latest")
    }
    assert changed == {"health", None}


# --------------------------------------------------------------------------------------------
# Incremental builds (shared workspace, in order)
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_first_build_writes_briefs_index_and_manifest(workspace):
    result, out = workspace.first, workspace.out
    assert result.exit_status == 0, [o.error for o in result.failed]
    assert names(result.built) == {"en/health", "en/industry", "en/overview"}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for brief in BRIEFS:
        entry = manifest["briefs"][f"en/{brief}"]
        page = out / "en" / f"{brief}.html"
        assert entry["status"] == "ok" and entry["bytes"] == page.stat().st_size
        assert set(entry["inputs"]) == {
            "notebook", "package", "template", "plan", "reference", "data", "parameters",
            "versions",
        }  # fmt: skip
        assert entry["parameters"]["processed_dir"] == str(workspace.data)
        for package in ("python", "pandas", "matplotlib", "nbconvert", "papermill"):
            assert entry["versions"][package]
        assert entry["versions"]["cdsanalysis"] == __version__
        assert entry["seconds"] > 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="en/{brief}.html"' in index for brief in BRIEFS)


@pytest.mark.slow
def test_second_run_rebuilds_nothing(workspace):
    started = time.monotonic()
    result = batch.build_briefs(**workspace.kwargs)
    assert names(result.skipped) == {"en/health", "en/industry", "en/overview"}
    assert result.built == [] and result.index_path is None
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_changing_one_sector_rebuilds_its_brief_and_the_overview(workspace):
    path = workspace.data / "observations.parquet"
    frame = pd.read_parquet(path)
    rows = frame.index[(frame["sector"] == "health") & frame["value"].between(0, 50)]
    frame.loc[rows[0], "value"] += 1
    frame.to_parquet(path, index=False)
    result = batch.build_briefs(**workspace.kwargs)
    assert names(result.built) == {"en/health", "en/overview"}
    assert names(result.skipped) == {"en/industry"}


@pytest.mark.slow
def test_editing_the_plan_rebuilds_every_brief(workspace):
    with workspace.plan.open("a", encoding="utf-8") as stream:
        stream.write("\n# edited\n")
    result = batch.build_briefs(**workspace.kwargs)
    assert names(result.built) == {"en/health", "en/industry", "en/overview"}


@pytest.mark.slow
def test_sigkill_leaves_earlier_briefs_whole(workspace):
    out = workspace.out
    before = {p: p.read_bytes() for p in out.rglob("*.html")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cdsanalysis", "briefs", "--force", "--jobs", "1", "--lang", "en",
         "--sector", "health", "--sector", "industry", "--processed", str(workspace.data),
         "--plan", str(workspace.plan), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the brief processes are found by it
    )  # fmt: skip
    log = ""
    while "[1/2]" not in log:
        line = process.stdout.readline()
        assert line, log
        log += line
    time.sleep(1.0)  # the second brief is running
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    while True:  # the brief processes die with the parent
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "a brief process outlived the killed build"
        time.sleep(0.1)
    assert sorted(out.rglob("*.tmp")) == []
    for path in before:
        page = path.read_text(encoding="utf-8")
        assert page.rstrip().endswith("</html>"), path
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["briefs"].items():
        assert (out / f"{name}.html").stat().st_size == entry["bytes"]
    # The next build finds every brief current: the killed one's page is the earlier one.
    result = batch.build_briefs(**workspace.kwargs)
    assert result.built == [] and result.failed == []


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_ctrl_c_stops_every_brief_process(workspace):
    out = workspace.out
    before = {p: p.read_bytes() for p in out.rglob("*.html")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cdsanalysis", "briefs", "--force", "--lang", "en",
         "--sector", "health", "--sector", "industry", "--processed", str(workspace.data),
         "--plan", str(workspace.plan), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        # As at a terminal, whatever the test runner's own handling of SIGINT.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2:  # both briefs are running
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 130, output
    assert "interrupted" in output and "Traceback" not in output
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # no brief process (nor kernel) is left
        os.killpg(process.pid, 0)
    assert sorted(out.rglob("*.tmp")) == []
    assert {p: p.read_bytes() for p in out.rglob("*.html")} == before


# --------------------------------------------------------------------------------------------
# A failing brief
# --------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


@pytest.mark.slow
def test_a_failing_brief_is_isolated(tmp_path, demo_processed):
    data = tmp_path / "processed"
    shutil.copytree(demo_processed, data)
    corrupt_sector(data, "health")
    out = tmp_path / "reports"
    result = cds(
        "briefs", "--sector", "health", "--sector", "industry", "--lang", "en",
        "--processed", data, "--out", out,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    # The summary names the brief, the cell (index, first line) and the error's last line.
    assert "FAILED en/health: cell " in result.stdout
    assert "`bc.show(view.charts)`" in result.stdout
    assert "ValueError: Axis limits cannot be NaN or Inf" in result.stdout
    assert (out / "en" / "industry.html").exists()
    assert not (out / "en" / "health.html").exists()
    kept = nbformat.read(out / "_failed" / "en" / "health.ipynb", as_version=4)
    errors = [o for c in kept.cells if c.cell_type == "code" for o in c.outputs]
    assert any(o.output_type == "error" and o.ename == "ValueError" for o in errors)
    index = (out / "index.html").read_text(encoding="utf-8")
    links = _Links()
    links.feed(index)
    assert "en/industry.html" in links.hrefs and "en/health.html" not in links.hrefs
    assert "The brief failed to build" in index and "_failed/en/health.ipynb" in index
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    failure = manifest["briefs"]["en/health"]["failure"]
    assert manifest["briefs"]["en/health"]["status"] == "failed"
    assert failure["source"] == "bc.show(view.charts)"
    assert manifest["briefs"]["en/industry"]["status"] == "ok"


@pytest.mark.slow
def test_a_kernel_that_goes_silent_is_built_again_once(tmp_path, demo_processed, monkeypatch):
    import queue

    from cdsanalysis.briefs import workers

    real = workers.execute_inprocess
    stalled = tmp_path / "stalled"

    def stalls_once(params, on_cell=None):  # runs in the forked brief process
        if params.brief_id == "health" and not stalled.exists():
            stalled.write_text("once", encoding="utf-8")
            raise queue.Empty
        return real(params, on_cell)

    monkeypatch.setattr(workers, "execute_inprocess", stalls_once)
    result = batch.build_briefs(
        sectors=["health"], langs="en", processed_dir=demo_processed,
        out_dir=tmp_path / "reports", progress=False,
    )  # fmt: skip
    assert stalled.exists() and result.failed == []
    assert [o.name for o in result.built] == ["en/health"]
    assert (tmp_path / "reports" / "en" / "health.html").is_file()
