"""Server settings, shared by the CLI, the app and the tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from minilat.store import RELEASE


def default_workers() -> int:
    """One query worker per core plus two: while the event loop turns a worker's answer around
    and hands it the next job, another worker keeps that core busy (measured on 2 cores: 2
    workers 640 uncached req/s, 3 738, 4 770). At least three, so a slow query never blocks the rest."""
    return (os.cpu_count() or 1) + 2


@dataclass(frozen=True)
class Config:
    """What the server serves and the limits it enforces."""

    store_dir: Path | None = None  # on-disk store (filled from ``release`` on first use)
    release: Path = RELEASE  # the N-Quads (or TriG) file loaded when the store is empty
    timeout: float = 10.0  # seconds a query may run (waiting for a worker not included)
    budget: float = 0.5  # first budget: seconds a query may run in the fast lane before it moves to the slow lane
    slow_lane: int = 1  # queries that may run past their first budget at once (0: no lanes, each keeps its worker up to the limit)
    queue: int = 64  # requests that may wait for a fast worker at once
    queue_wait: float = 0.0  # seconds a request may wait for a fast worker (0: the time limit)
    workers: int = 0  # query worker processes (0: one per core plus two)
    max_rows: int = 10_000  # result rows (or triples) returned at most
    max_body: int = 1_048_576  # request body bytes accepted at most
    max_query: int = 262_144  # query text characters accepted at most
    worker_memory_mb: int = 2048  # address-space limit of each worker (0: none)
    cache_mb: int = 64  # response cache for deterministic queries and pages (0: off)
    allow_update: bool = False  # accept SPARQL Update with the bearer token
    update_token: str | None = None
    log_requests: bool = True

    @property
    def pool_size(self) -> int:
        return self.workers or default_workers()
