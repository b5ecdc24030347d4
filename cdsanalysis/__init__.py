"""cdsanalysis: track Bình Dương's Digital Transformation (CĐS) plan 2023–2025.

The public API is small and imported lazily, so that ``import cdsanalysis`` and the ``cds``
command start fast::

    import cdsanalysis as cds
    plan = cds.load_plan()
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it; resolved on first use
_LAZY = {
    "load_plan": "cdsanalysis.base.plan",
    "Plan": "cdsanalysis.base.plan",
    "PlanError": "cdsanalysis.base.plan",
    "load_areas": "cdsanalysis.base.geography",
    "clean_raw": "cdsanalysis.clean.run",
    "load_observations": "cdsanalysis.api",
    "series": "cdsanalysis.api",
    "export_excel": "cdsanalysis.api",
    "assess": "cdsanalysis.api",
    "yearly": "cdsanalysis.api",
    "CdsError": "cdsanalysis.errors",
    "UnknownNameError": "cdsanalysis.errors",
    "build_brief": "cdsanalysis.publish",
    "build_briefs": "cdsanalysis.publish",
    "plot_trend": "cdsanalysis.plots",
    "series_progress": "cdsanalysis.assessment.measure",
    "aggregate_status": "cdsanalysis.assessment.measure",
    "plot_series": "cdsanalysis.briefs.charts.series",
    "plot_areas": "cdsanalysis.briefs.charts.areas",
    "plot_status_grid": "cdsanalysis.briefs.charts.grid",
    "tile_map": "cdsanalysis.briefs.charts.tiles",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cdsanalysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
