"""``python -m minilat.bench``: the same as ``benchmarks/scale.py`` (the old module ran as a script too)."""

from minilat.bench.cli import main

main()
