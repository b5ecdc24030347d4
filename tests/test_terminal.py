"""Names from users reach the terminal as text: no escape sequence runs, no message is forged.

Issue: file names and plan names with escape sequences or newlines were printed raw by
``cds clean``, ``cds plan`` and ``cds status``. Each command runs here as a user runs it.
"""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
import yaml

from cdsanalysis.base import paths
from cdsanalysis.base.text import one_line
from cdsanalysis.cli.terminal import SafeStream, safe_text

ESC, BEL = "\x1b", "\x07"
EVIL = f"bad{ESC}[2J{ESC}]0;title{BEL}\nFAILED forged"


def cds(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cdsanalysis", *args], capture_output=True, text=True
    )


def assert_inert(done: subprocess.CompletedProcess) -> str:
    shown = done.stdout + done.stderr
    assert ESC not in shown and BEL not in shown, shown
    return shown


def test_safe_text_keeps_line_breaks_and_colour_and_escapes_the_rest():
    assert safe_text(f"{ESC}[31mred{ESC}[0m\nnext\r") == f"{ESC}[31mred{ESC}[0m\nnext\r"
    assert safe_text(f"x{ESC}[2Jy{BEL}{ESC}]0;t") == "x\\x1b[2Jy\\x07\\x1b]0;t"
    assert safe_text("\u202eevil") == "\\u202eevil"  # a right-to-left override reorders text
    out = io.StringIO()
    SafeStream(out).write(f"a{ESC}[H")
    assert out.getvalue() == "a\\x1b[H"


def test_one_line_escapes_newlines_too():
    assert one_line(EVIL) == "bad\\x1b[2J\\x1b]0;title\\x07\\nFAILED forged"


def test_clean_names_a_hostile_file_on_one_inert_line(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / f"{EVIL}.csv").write_text('a,b\n"x,1\n', encoding="utf-8")
    done = cds("clean", "--raw", str(raw), "--out", str(tmp_path / "out"), "--keep-going")
    assert done.returncode == 1
    shown = assert_inert(done)
    failed = [line for line in shown.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "\\nFAILED forged" in failed[0]


@pytest.fixture()
def hostile_plan(tmp_path):
    plan = yaml.safe_load(paths.PLAN_FILE.read_text(encoding="utf-8"))
    plan["plan"]["title_vi"] = EVIL
    plan["plan"]["title_en"] = EVIL
    plan["targets"][0]["name_vi"] = EVIL
    plan["targets"][0]["name_en"] = EVIL
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plan_shows_hostile_names_inert(hostile_plan, lang):
    done = cds("plan", "--plan", str(hostile_plan), "--lang", lang)
    assert done.returncode == 0, done.stderr
    shown = assert_inert(done)
    assert "forged" in shown and not any(line.startswith("FAILED") for line in shown.splitlines())


def test_status_shows_hostile_names_inert(hostile_plan, demo_processed):
    done = cds("status", "--plan", str(hostile_plan), "--processed", str(demo_processed))
    assert done.returncode == 0, done.stderr
    shown = assert_inert(done)
    assert "forged" in shown and not any(line.startswith("FAILED") for line in shown.splitlines())
