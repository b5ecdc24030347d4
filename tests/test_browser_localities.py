"""The locality pages in a real headless Chromium: a sample of district briefs, the ranking.

`cds briefs --areas district` is built once by the batch (both languages); two district briefs,
the communes' ranking in each language and the index are opened from file:// at a phone's width
and a desktop's: offline, no errors, nothing out of reach, the first screen, WCAG 2.1 AA by
axe-core, print within budget, and the ranking sorted by the reader's choice without a script.
"""

from __future__ import annotations

import re

import pytest
from test_browser import (
    DESKTOP,
    OVERFLOWING,
    PHONE,
    _open,
    assert_wcag_aa,
)

from cdsanalysis.briefs import batch
from cdsanalysis.briefs.params import COMMUNES_RANKING

pytestmark = pytest.mark.slow
SAMPLE = ("vi/district-719-2025-01-04", "en/district-724-2025-01-04")


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo_processed):
    out = tmp_path_factory.mktemp("locality-reports")
    result = batch.build_briefs(
        areas="district", processed_dir=demo_processed, out_dir=out, progress=False
    )
    assert result.exit_status == 0, [o.error for o in result.failed]
    assert len(result.outcomes) == 20
    return out


@pytest.fixture(scope="module")
def sample(built) -> list:
    pages = [built / f"{name}.html" for name in SAMPLE]
    pages += [built / lang / f"{COMMUNES_RANKING}.html" for lang in ("vi", "en")]
    return [*pages, built / "index.html"]


def test_the_sample_is_offline_error_free_and_in_reach(browser, sample):
    for path in sample:
        for viewport in (PHONE, DESKTOP):
            page, context, requests, console, errors = _open(browser, path, viewport)
            try:
                assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
                assert [m for m in console if m[0] == "error"] == [] and errors == [], path
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                assert page.evaluate(OVERFLOWING) == [], (path, viewport)
            finally:
                context.close()


def test_a_district_brief_opens_on_its_verdict_and_targets(browser, sample):
    for path in sample[:2]:
        page, context, *_ = _open(browser, path, PHONE)
        try:
            items = page.locator(".cds-lead-list li")
            # Bàu Bàng missed all three targets; Dĩ An met all three, so none is behind.
            assert items.count() == (3 if "719" in path.name else 0), path
            boxes = [
                page.locator("h1").bounding_box(),
                page.locator(".cds-reach").bounding_box(),
                page.locator(".cds-verdict-line").bounding_box(),
                page.locator(".cds-banner").bounding_box(),
            ]
            if items.count():
                boxes.append(items.nth(items.count() - 1).bounding_box())
            for box in boxes:
                assert box is not None and box["y"] + box["height"] <= PHONE["height"], path
        finally:
            context.close()


def test_the_reader_sorts_the_ranking_without_a_script(browser, sample):
    path = sample[2]  # vi
    page, context, *_ = _open(browser, path, DESKTOP)
    try:
        assert page.evaluate("document.scripts.length") == 0
        visible_names = (
            "Array.from(document.querySelectorAll('#list-20250104 ~ * .cds-sorted, "
            "section:has(#list-20250104) .cds-sorted'))"
            ".filter(e => e.getClientRects().length)"
            ".flatMap(e => Array.from(e.querySelectorAll('tbody tr td:nth-child(2) strong')))"
            ".map(e => e.textContent)"
        )
        by_rank = page.evaluate(visible_names)
        assert len(by_rank) == 91
        page.click("label[for='sort-20250104-name']")
        by_name = page.evaluate(visible_names)
        assert sorted(by_name) == sorted(by_rank) and by_name != by_rank
        folded = [re.sub(r"^(Phường|Xã|Thị trấn) ", "", n) for n in by_name]
        assert folded[0].startswith("An ")  # "Phường An Bình" under A, not under P
        page.keyboard.press("ArrowRight")  # the radio group answers the keyboard too
        assert page.evaluate("document.querySelector('#sort-20250104-district').checked")
    finally:
        context.close()


def test_the_sample_meets_wcag_aa_by_axe(browser, sample):
    assert_wcag_aa(browser, sample)


def test_a_district_brief_prints_on_three_pages_at_most(browser, sample):
    for path in sample[:2]:
        page, context, *_ = _open(browser, path, DESKTOP)
        try:
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            context.close()
        n = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= n <= 3, (path, n)
