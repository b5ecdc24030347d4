"""Print briefs to A4 PDF with a headless Chromium: the meeting document beside each HTML page.

The PDF is what the brief's print stylesheet gives (the summary part, the key charts, a compact
source list), printed by the browser the reader would use. Chromium is looked for as
``$CDS_CHROMIUM``, then ``chromium``, ``chromium-browser``, ``google-chrome`` on the ``PATH``;
without it :class:`ChromiumMissing` says what to install, and no PDF is written. A PDF is
written to a temporary file beside its target and moved into place when complete, and only
when the HTML is newer than it (or it is missing), so a second run prints nothing again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cdsanalysis.errors import CdsError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
PRINT_TIMEOUT_S = 180


class ChromiumMissing(CdsError):
    """No Chromium to print with."""


def find_chromium() -> str:
    """The Chromium executable to print with.

    Returns
    -------
    str

    Raises
    ------
    ChromiumMissing
        When ``$CDS_CHROMIUM`` names no executable file and none of :data:`BROWSERS` is on the
        ``PATH``; the message says how to install one.
    """
    named = os.environ.get("CDS_CHROMIUM")
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return named
        raise ChromiumMissing(
            f"CDS_CHROMIUM={named}: không phải tệp chạy được",
            f"CDS_CHROMIUM={named} is not an executable file",
        )
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing(
        "--pdf cần Chromium để in mà không tìm thấy (cài gói 'chromium', ví dụ `apt-get "
        "install chromium`, hoặc đặt CDS_CHROMIUM); bỏ --pdf để chỉ lập báo cáo HTML",
        "--pdf needs Chromium to print and none was found (install the 'chromium' package, for "
        "example `apt-get install chromium`, or set CDS_CHROMIUM); leave out --pdf for the "
        "HTML briefs only",
    )


def print_pdf(html_path: str | Path, pdf_path: str | Path, *, browser: str | None = None) -> Path:
    """Print one brief to an A4 PDF (atomic: a complete PDF or none).

    Parameters
    ----------
    html_path : str or pathlib.Path
        The brief's HTML page.
    pdf_path : str or pathlib.Path
        Where the PDF goes.
    browser : str, optional
        The Chromium executable (default: :func:`find_chromium`).

    Returns
    -------
    pathlib.Path
        ``pdf_path``.

    Raises
    ------
    ChromiumMissing
    CdsError
        When Chromium fails or writes no PDF; the message names the brief.
    """
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    browser = browser or find_chromium()
    fd, temporary = tempfile.mkstemp(
        prefix=f".{pdf_path.stem}.", suffix=".pdf", dir=pdf_path.parent
    )
    os.close(fd)
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # root in a container has no user namespace for the sandbox
        "--disable-gpu",
        "--no-pdf-header-footer",
        f"--print-to-pdf={temporary}",
        html_path.as_uri(),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S)
        if done.returncode != 0 or Path(temporary).stat().st_size == 0:
            detail = (done.stderr or "").strip().splitlines()[-1:] or ["no PDF written"]
            raise CdsError(
                f"{html_path.name}: Chromium không in được PDF ({detail[0]})",
                f"{html_path.name}: Chromium could not print the PDF ({detail[0]})",
            )
        os.chmod(temporary, 0o644)
        os.replace(temporary, pdf_path)
    except subprocess.TimeoutExpired as exc:
        raise CdsError(
            f"{html_path.name}: Chromium in PDF quá {PRINT_TIMEOUT_S} giây",
            f"{html_path.name}: Chromium took over {PRINT_TIMEOUT_S} s to print the PDF",
        ) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)
    return pdf_path


def brief_pages(out_dir: str | Path, ids: Iterable[str] | None, langs: Iterable[str]) -> list[Path]:
    """The brief pages in ``out_dir`` (``<lang>/<id>.html``) for the ids and languages asked.

    Parameters
    ----------
    out_dir : str or pathlib.Path
    ids : iterable of str, optional
        Brief ids (sector ids, ``"overview"``); None for every brief there.
    langs : iterable of str

    Returns
    -------
    list of pathlib.Path
    """
    wanted = None if ids is None else set(ids)
    pages = []
    for lang in langs:
        for page in sorted((Path(out_dir) / lang).glob("*.html")):
            if wanted is None or page.stem in wanted:
                pages.append(page)
    return pages


def print_briefs(html_paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Print each brief to a PDF beside it, when the HTML is newer than its PDF.

    Parameters
    ----------
    html_paths : iterable of str or pathlib.Path

    Returns
    -------
    printed : list of pathlib.Path
        PDFs written now.
    current : list of pathlib.Path
        PDFs already newer than their HTML.

    Raises
    ------
    ChromiumMissing
        Before anything is printed, when there is no Chromium.
    """
    paths = [Path(p) for p in html_paths]
    browser = find_chromium() if paths else ""
    printed, current = [], []
    for html_path in paths:
        pdf_path = html_path.with_suffix(".pdf")
        if pdf_path.exists() and pdf_path.stat().st_mtime >= html_path.stat().st_mtime:
            current.append(pdf_path)
            continue
        printed.append(print_pdf(html_path, pdf_path, browser=browser))
    return printed, current
