"""Stage 3, processed data -> assessment: the reference progress measure, the extra views and
the table of one row per target, sector and area."""
