"""``minilat serve``: run the server under uvicorn (clean shutdown on SIGINT/SIGTERM)."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import sys
from pathlib import Path

import click

from minilat.errors import UserError
from minilat.server.config import Config
from minilat.store import RELEASE

TOKEN_ENV = "MINILAT_UPDATE_TOKEN"


def update_token(allow: bool, token_file: Path | None) -> str | None:
    """The bearer token for updates: from --update-token-file, $MINILAT_UPDATE_TOKEN, or a fresh one."""
    if not allow:
        return None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UserError(f"cannot read the token file: {exc.strerror}", token_file) from None
    else:
        token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"minilat: updates allowed with: Authorization: Bearer {token}", err=True)
    if len(token) < 16:
        raise UserError("the update token must be at least 16 characters")
    return token


def exit_on_signal(signum: int, frame: object) -> None:
    """After uvicorn's graceful shutdown it re-raises the signal; finish with status 0 instead."""
    raise SystemExit(0)


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("minilat.server")
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), help="Serve (and fill on first use) an on-disk store in DIR.")
@click.option("--data", "release", type=click.Path(path_type=Path, dir_okay=False), default=RELEASE, show_default=True, help="Dataset file to load (N-Quads or TriG).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600), help="Seconds a query may run before it is stopped (503); waiting for a worker not included.")
@click.option("--budget", default=0.5, show_default=True, type=click.FloatRange(0.01, 3600), help="First budget: seconds a query may run in the fast lane before it moves to the slow lane.")
@click.option("--slow-lane", default=1, show_default=True, type=click.IntRange(0, 64), help="Queries that may run past their first budget at once; more are refused (503). 0: no slow lane, each query keeps its worker up to the time limit.")
@click.option("--queue", default=64, show_default=True, type=click.IntRange(0, 100_000), help="Requests that may wait for a query worker; more are refused (503).")
@click.option("--queue-wait", default=0.0, show_default="the time limit", type=click.FloatRange(0, 3600), help="Seconds a request may wait for a query worker (503 after).")
@click.option("--workers", default=0, show_default="one per core plus two", type=click.IntRange(0, 64), help="Query worker processes.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Result rows (or triples) returned at most.")
@click.option("--max-body", default=1_048_576, show_default=True, type=click.IntRange(1024), help="Request body bytes accepted at most.")
@click.option("--worker-memory", default=2048, show_default=True, type=click.IntRange(0), help="Address-space limit per worker in MiB (0: none).")
@click.option("--cache", "cache_mb", default=64, show_default=True, type=click.IntRange(0), help="Response cache in MiB (0: off).")
@click.option("--allow-update", is_flag=True, help=f"Accept SPARQL Update with Authorization: Bearer <token> (${TOKEN_ENV} or --update-token-file).")
@click.option("--update-token-file", type=click.Path(path_type=Path, dir_okay=False), help="File holding the update token.")
@click.option("--log-level", default="info", show_default=True, type=click.Choice(["debug", "info", "warning", "error"]))
def serve_command(host: str, port: int, store_dir: Path | None, release: Path, timeout: float, budget: float, slow_lane: int, queue: int, queue_wait: float, workers: int, max_rows: int, max_body: int,
                  worker_memory: int, cache_mb: int, allow_update: bool, update_token_file: Path | None, log_level: str) -> None:
    """Serve the dataset: SPARQL endpoint, linked-data pages and a query editor."""
    import uvicorn

    from minilat.server import create_app

    setup_logging(log_level)
    config = Config(
        store_dir=store_dir, release=release, timeout=timeout, budget=budget, slow_lane=slow_lane, queue=queue, queue_wait=queue_wait, workers=workers, max_rows=max_rows, max_body=max_body,
        worker_memory_mb=worker_memory, cache_mb=cache_mb, allow_update=allow_update, update_token=update_token(allow_update, update_token_file),
    )
    if store_dir is None and not release.is_file():
        raise UserError("no such RDF file: run `minilat build` first" if release == RELEASE else "no such RDF file", release)
    click.echo(f"minilat: serving on http://{host}:{port}/ (https://w3id.org/minilat/… ↔ http://{host}:{port}/…)", err=True)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, exit_on_signal)
    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level, access_log=False, timeout_graceful_shutdown=5, server_header=False)
