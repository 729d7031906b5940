"""The processes of a running ``minilat serve``: its worker template (its one child) and the
query workers forked from that."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:  # exited
        return []


def query_workers(server: int) -> list[int]:
    """The query workers: children of the server's children (the template)."""
    return [w for template in children(server) for w in children(template)]
