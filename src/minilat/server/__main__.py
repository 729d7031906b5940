"""``python -m minilat.server``: the same as ``minilat serve``."""

from minilat.server.cli import serve_command

if __name__ == "__main__":
    serve_command(prog_name="minilat serve")
