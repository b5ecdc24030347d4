"""Stage 4, assessment -> pages: the briefs.

What a brief shows: :mod:`content` (loading, the :class:`~content.BriefContext`),
:mod:`scoreboard` (one line per target), :mod:`narrative` (sentences and value formats),
:mod:`charts` (figures), :mod:`markup` (HTML blocks), :mod:`sections` and :mod:`overview` (the
sections the notebooks display). How it is built: :mod:`params`, :mod:`execute`, :mod:`export`,
:mod:`build` (one brief) and :mod:`index_page`; :mod:`batch` builds every brief in parallel with
:mod:`tasks`, :mod:`manifest`, :mod:`outdir`, :mod:`workers` and :mod:`progress_bar`.
"""
