"""Fixtures shared by several test files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cdsanalysis.base import paths


@pytest.fixture(scope="session")
def demo_processed(tmp_path_factory) -> Path:
    """The shipped data, processed once per test session in a folder of its own.

    The project's ``data/processed`` is copied when it is fresh; otherwise ``data/raw`` is cleaned
    into the folder. Tests that change the data copy the folder first.
    """
    from cdsanalysis.api import processed_is_stale
    from cdsanalysis.clean.run import clean_raw

    folder = tmp_path_factory.mktemp("demo-processed")
    if processed_is_stale():
        clean_raw(paths.RAW_DIR, folder)
    else:
        shutil.copytree(
            paths.PROCESSED_DIR, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*")
        )
    return folder


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium (/usr/bin/chromium) driven by playwright, for a test module
    (the browser tests skip themselves when it is not installed)."""
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
