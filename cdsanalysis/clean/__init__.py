"""Stage 2, raw records -> processed data: indicators, sectors and areas matched, values and
periods parsed, duplicates and conflicts settled, the outputs written as one set."""
