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

from playwright.sync_api import sync_playwright  # noqa: E402

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


@pytest.fixture(scope="module")
def pages(tmp_path_factory, demo_processed) -> list[Path]:
    """All eighteen briefs and the index, built by the batch as `make briefs` builds them."""
    out = tmp_path_factory.mktemp("all-reports")
    result = batch.build_briefs(processed_dir=demo_processed, out_dir=out, progress=False)
    assert result.exit_status == 0, [o.error for o in result.failed]
    built = [o.path for o in result.outcomes]
    assert len(built) == 18 and all(path.is_file() for path in built)
    return [*built, out / "index.html"]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


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


def test_screenshots_for_the_readme(browser, pages):
    health = next(p for p in pages if p.as_posix().endswith("/vi/health.html"))
    page, context, *_ = _open(browser, health, DESKTOP)
    try:
        _save_png(page.screenshot(full_page=True), IMG_DIR / "brief-health-vi.png")
        tile = page.locator("figure img[alt^='Bản đồ ô']").first
        tile.scroll_into_view_if_needed()
        _save_png(tile.screenshot(), IMG_DIR / "tile-map.png")
    finally:
        context.close()
    assert (IMG_DIR / "brief-health-vi.png").stat().st_size > 10_000
    assert (IMG_DIR / "tile-map.png").stat().st_size > 5_000
