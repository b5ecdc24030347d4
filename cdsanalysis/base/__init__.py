"""Base pieces every stage stands on: paths, the processed contract, text normalisation, labels,
the plan catalogue, the areas and their reorganisation, the value and period grammar, safe writes.

Nothing here imports a stage (ingest, clean, assessment, briefs).
"""
