"""``python -m filmgraph`` runs the command line."""

from filmgraph.cli import main

main()
