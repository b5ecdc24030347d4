"""The built briefs in a real headless Chromium: offline, no errors, readable on a phone.

Debian's Chromium (/usr/bin/chromium) is driven by the playwright package. Every brief (eight
sectors and the overview, in both languages) and the index, built once by the batch, is opened from
file:// at a phone's width (390 px) and a desktop's; every request and console message is recorded.
The test also saves the README's screenshots under docs/img/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )


from cdsanalysis.base import paths  # noqa: E402
from cdsanalysis.briefs import batch  # noqa: E402

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
IMG_DIR = paths.DOCS_DIR / "img"
AXE = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The tables whose content is wider than their box (a column out of reach), with every fold open.
OVERFLOWING = (
    "Array.from(document.querySelectorAll('.cds-table-wrap'))"
    ".filter(e => e.getClientRects().length)"
    ".map(e => [e.querySelector('table').className, e.scrollWidth, e.clientWidth])"
    ".filter(x => x[1] > x[2] + 1)"
)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, demo_processed) -> list[Path]:
    """All eighteen briefs and the index, built by the batch as `make briefs` builds them."""
    out = tmp_path_factory.mktemp("all-reports")
    result = batch.build_briefs(processed_dir=demo_processed, out_dir=out, progress=False)
    assert result.exit_status == 0, [o.error for o in result.failed]
    built = [o.path for o in result.outcomes]
    assert len(built) == 18 and all(path.is_file() for path in built)
    return [*built, out / "index.html"]


def _open(browser, path: Path, viewport: dict) -> tuple:
    """Open a page from file:// and return (page, context, requests, console, errors)."""
    context = browser.new_context(viewport=viewport, device_scale_factor=1)
    page = context.new_page()
    requests, console, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: console.append((message.type, message.text)))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    return page, context, requests, console, errors


def test_every_page_offline_without_errors_and_fits_a_phone(browser, pages):
    for path in pages:
        page, context, requests, console, errors = _open(browser, path, PHONE)
        try:
            leaving = [u for u in requests if not u.startswith(("file://", "data:"))]
            assert leaving == [], (path.name, leaving)
            assert [m for m in console if m[0] == "error"] == [], (path.name, console)
            assert errors == [], (path.name, errors)
            images = page.evaluate(
                "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])"
            )
            for complete, width, alt in images:
                assert complete and width > 0, (path.name, alt)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
                path.name
            )
            lang = page.evaluate("document.documentElement.lang")
            assert lang == ("en" if "/en/" in path.as_posix() else "vi")
        finally:
            context.close()


def test_desktop_width_and_print_have_no_overflow(browser, pages):
    for path in pages:
        page, context, requests, _, errors = _open(browser, path, DESKTOP)
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
            page.emulate_media(media="print")
            assert page.evaluate(
                "getComputedStyle(document.querySelector('.cds-toc') || document.body).display"
            ) in ("none", "block")
            assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
            assert errors == []
        finally:
            context.close()


def _save_png(data: bytes, target: Path) -> None:
    """Save a screenshot as a palette PNG: small enough to commit for the README."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    image = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=0)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, format="PNG", optimize=True)


def _page(pages, suffix: str) -> Path:
    return next(p for p in pages if p.as_posix().endswith(suffix))


def test_screenshots_for_the_readme(browser, pages):
    health = _page(pages, "/vi/health.html")
    page, context, *_ = _open(browser, health, DESKTOP)
    try:
        _save_png(page.screenshot(full_page=True), IMG_DIR / "brief-health-vi.png")
    finally:
        context.close()
    overview = _page(pages, "/vi/overview.html")
    page, context, *_ = _open(browser, overview, DESKTOP)
    try:
        tile = page.locator("figure img[alt*='Bản đồ ô']").first
        tile.scroll_into_view_if_needed()
        _save_png(tile.screenshot(), IMG_DIR / "tile-map.png")
    finally:
        context.close()
    for path, name in (
        (health, "first-screen-health-vi.png"),
        (overview, "first-screen-overview-vi.png"),
    ):
        page, context, *_ = _open(browser, path, PHONE)
        try:
            _save_png(page.screenshot(), IMG_DIR / name)
        finally:
            context.close()
    assert (IMG_DIR / "brief-health-vi.png").stat().st_size > 10_000
    assert (IMG_DIR / "tile-map.png").stat().st_size > 5_000
    assert (IMG_DIR / "first-screen-health-vi.png").stat().st_size > 5_000


def test_the_first_screen_holds_the_verdict_and_the_targets_furthest_behind(browser, pages):
    for path in pages[:-1]:
        page, context, *_ = _open(browser, path, PHONE)
        try:
            bottom = PHONE["height"]
            boxes = {
                "title": page.locator("h1").bounding_box(),
                "reach": page.locator(".cds-reach").bounding_box(),
                "verdict": page.locator(".cds-verdict-line").bounding_box(),
            }
            items = page.locator(".cds-lead-list li")
            assert 2 <= items.count() <= 3, path
            boxes["last target"] = items.nth(items.count() - 1).bounding_box()
            if page.locator(".cds-banner").count():  # the demo data: the notice is on screen
                boxes["notice"] = page.locator(".cds-banner").bounding_box()
            for what, box in boxes.items():
                assert box is not None and box["y"] + box["height"] <= bottom, (path, what, box)
        finally:
            context.close()


def test_a_link_into_the_folded_appendix_opens_it(browser, pages):
    page, context, *_ = _open(browser, _page(pages, "/en/health.html"), PHONE)
    try:
        assert page.evaluate("document.querySelector('details.cds-appendix').open") is False
        page.click("nav.cds-toc summary")
        page.click("nav.cds-toc a[href='#method']")
        page.wait_for_function("document.querySelector('details.cds-appendix').open")
        assert page.evaluate("document.getElementById('method').getBoundingClientRect().top") < 200
    finally:
        context.close()


def test_tables_keep_every_column_in_reach_at_both_widths(browser, pages):
    for path in pages:
        for viewport in (PHONE, DESKTOP):
            page, context, *_ = _open(browser, path, viewport)
            try:
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                assert page.evaluate(OVERFLOWING) == [], (path, viewport)
            finally:
                context.close()


def test_printed_briefs_stay_within_their_page_budget(browser, pages):
    import re

    for path in pages[:-1]:
        page, context, *_ = _open(browser, path, DESKTOP)
        try:
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            context.close()
        n = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        budget = 6 if path.stem == "overview" else 3
        assert 1 <= n <= budget, (path, n)


def assert_wcag_aa(browser, pages) -> None:
    """axe-core's WCAG 2.1 AA rules on every page at both widths, every fold open: none broken."""
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it (npm ci in tests/browser)"
    script = AXE.read_text(encoding="utf-8")
    for path in pages:
        for viewport in (PHONE, DESKTOP):
            page, context, *_ = _open(browser, path, viewport)
            try:
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                page.add_script_tag(content=script)
                violations = page.evaluate(
                    "async tags => (await axe.run(document, "
                    "{runOnly: {type: 'tag', values: tags}}))"
                    ".violations.map(v => [v.id, v.nodes.length, v.nodes[0].html.slice(0, 120)])",
                    WCAG_AA,
                )
                assert violations == [], (path, viewport, violations)
            finally:
                context.close()


def test_every_page_meets_wcag_aa_by_axe(browser, pages):
    assert_wcag_aa(browser, pages)
