"""Project folders: every path the suite uses comes from here.

The package is installed editable from the project root (``make`` does this), so the root is
the folder above the package. ``CDS_ROOT`` overrides it, for running against another copy of
the data.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    """Return the project root: ``$CDS_ROOT`` when set, else the folder above the package."""
    override = os.environ.get("CDS_ROOT")
    return Path(override).resolve() if override else PACKAGE_DIR.parent


ROOT = project_root()
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
REFERENCE_DIR = DATA_DIR / "reference"
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
DOCS_DIR = ROOT / "docs"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

PLAN_FILE = REFERENCE_DIR / "plan.yaml"
ARTICLE_FILE = REFERENCE_DIR / "plan-article-vi.txt"
UNITS_FILE = REFERENCE_DIR / "binhduong-units-2025-01-04.csv"
CONVERSION_FILE = REFERENCE_DIR / "official-unit-conversion-2025-07.csv"
AREA_ALIASES_FILE = REFERENCE_DIR / "area_aliases.csv"
CROSSWALK_FILE = REFERENCE_DIR / "crosswalk_2025.csv"
