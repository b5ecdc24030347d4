"""``python -m cdsanalysis`` runs the ``cds`` command."""

from cdsanalysis.cli import main

main()
