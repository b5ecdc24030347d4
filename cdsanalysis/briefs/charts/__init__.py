"""Figures in one house style: series against their target, areas, status grids, tile maps.

Every figure is a :class:`matplotlib.figure.Figure` built without pyplot, so that nothing is shown
or kept in a global state (a notebook displays the figure it is given, a brief embeds it with
:func:`cdsanalysis.briefs.charts.style.figure_png`). The font is DejaVu Sans, shipped with
matplotlib, because it has every Vietnamese diacritic and the status icons (✔ ▲ ◆ ▼ ✖). A status
is never shown by colour alone: its icon or marker shape goes with it, and a status colour means
nothing but a status. Every value shown carries its provenance mark (official, published, estimate,
synthetic) with a legend; a percent axis runs 0-100 %; text reads at 4.5:1 or more; each figure
carries an alt text naming its type and stating its message (:func:`.style.alt_text`).

:mod:`~cdsanalysis.briefs.charts.style` (the house style and the pieces every figure shares),
:mod:`~cdsanalysis.briefs.charts.marks` (the provenance marks),
:mod:`~cdsanalysis.briefs.charts.words` (the words of the alt texts),
:mod:`~cdsanalysis.briefs.charts.series` (one series against its target, drawn by kind),
:mod:`~cdsanalysis.briefs.charts.areas` (areas ranked, communes by district, a milestone by
unit), :mod:`~cdsanalysis.briefs.charts.grid` (the status grid) and
:mod:`~cdsanalysis.briefs.charts.tiles` (the tile map of the nine district-level areas).
"""
