"""``python -m cdsanalysis`` runs the ``cds`` command."""

from .cli import main

main()
