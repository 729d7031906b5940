"""``python -m minilat.server``: the same as ``minilat serve``, errors included (one line, exit 2)."""

import sys

from minilat.cli import cli

if __name__ == "__main__":
    cli(["serve", *sys.argv[1:]], prog_name="minilat")
