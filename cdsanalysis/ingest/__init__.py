"""Stage 1, raw files -> raw records: CSV and XLSX readers, legacy encodings, sidecars, the three
layouts (long, report, matrix), and the data-entry template that agencies fill in."""
