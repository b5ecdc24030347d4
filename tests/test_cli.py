"""The cds command: exit statuses, plain messages, tracebacks only with --debug, fast start."""

from __future__ import annotations

import subprocess
import sys

import pytest


def cds(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "cdsanalysis", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_help_lists_every_command():
    result = cds("--help")
    assert result.returncode == 0
    for command in ("plan", "clean", "status", "sample", "template"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("status", "--sector", "finance"), "finance"),
        (("status", "--as-of", "2024Q5"), "2024Q5"),
        (("clean", "--raw", "/nonexistent-raw-folder"), "/nonexistent-raw-folder"),
        (("template", "--out", "template.csv"), "name it *.xlsx"),
    ],
)
def test_bad_parameters_exit_2_with_a_plain_message(tmp_path, args, words):
    result = cds(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_debug_shows_the_traceback(tmp_path):
    result = cds("--debug", "status", "--sector", "finance", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_unknown_command_is_a_usage_error():
    result = cds("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_cli_imports_no_heavy_module():
    code = (
        "import sys, cdsanalysis.cli as c; c.build_parser(); "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'nbconvert', 'papermill') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
