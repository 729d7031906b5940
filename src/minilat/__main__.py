"""``python -m minilat`` runs the command group."""

from minilat.cli import main

main()
