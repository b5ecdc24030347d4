"""Stage 4, assessment -> pages: narrative, charts, brief content, notebook execution and export,
and the batch that builds every brief."""
