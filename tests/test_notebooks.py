"""Every notebook: paired with its jupytext file, committed without outputs, lint-clean; the
analyst's explore notebook runs top to bottom on the demo data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from cdsanalysis.base import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_the_three_notebooks_exist():
    names = {p.stem for p in NOTEBOOKS}
    assert {"sector_brief", "province_overview", "explore"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_in_sync_and_without_outputs(path):
    import jupytext

    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a code cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a code cell was executed"
    paired = jupytext.read(path.with_suffix(".py"))
    result = [(c.cell_type, c.source) for c in paired.cells]
    expected = [(c.cell_type, c.source) for c in nb.cells]
    assert result == expected, f"{path.name} and its .py differ: run `jupytext --sync {path}`"


def test_notebooks_are_ruff_clean():
    ruff = shutil.which("ruff", path=os.path.dirname(sys.executable))
    assert ruff, "ruff is a test dependency"
    result = subprocess.run(
        [ruff, "check", *map(str, NOTEBOOKS), *(str(p.with_suffix(".py")) for p in NOTEBOOKS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_explore_runs_top_to_bottom_on_the_demo_data(tmp_path):
    import papermill

    # A copy of the project data, so that cleaning on first load writes there, not here.
    root = tmp_path / "project"
    shutil.copytree(paths.REFERENCE_DIR, root / "data" / "reference")
    shutil.copytree(paths.RAW_DIR, root / "data" / "raw")
    out = tmp_path / "explore-out.ipynb"
    os.environ["CDS_ROOT"] = str(root)
    try:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS_DIR / "explore.ipynb"),
            str(out),
            kernel_name="python3",
            cwd=str(tmp_path),
            progress_bar=False,
        )
    finally:
        del os.environ["CDS_ROOT"]
    nb = nbformat.read(out, as_version=4)
    images = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "image/png" in o.get("data", {})
    ]
    assert len(images) >= 5, "every chart of the tour is shown"
    text = "\n".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "đã ghi / written:" in text
    assert (root / "data" / "processed" / "observations.parquet").exists()
