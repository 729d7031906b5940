"""The minilat web server: SPARQL 1.1 protocol, linked-data pages, query editor.

``create_app(Config(...))`` builds the Starlette application; ``minilat serve`` runs it
under uvicorn. Queries run in killable worker processes (``pool``); every route picks
its response format through ``conneg``.
"""

from minilat.server.config import Config

__all__ = ["Config", "create_app"]


def create_app(config: Config | None = None):  # noqa: ANN201 - Starlette imported lazily
    """The ASGI application for ``config`` (defaults: the release dataset)."""
    from minilat.server.app import build

    return build(config or Config())
