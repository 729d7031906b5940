"""What the pool tests share: a pool of real workers over the release, a query job and its labels."""

from __future__ import annotations

import asyncio
import json

from minilat.server.pool import Pool
from minilat.store import RELEASE

FORMATS = {"solutions": "json", "graph": "turtle", "boolean": "json"}
QUAD = "https://w3id.org/minilat/id/mechanism/quad"
LABEL = f"SELECT ?label WHERE {{ <{QUAD}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?label"
LABELS = ["Quadrilateral Security Dialogue", "四方安全对话"]


def query(text: str) -> dict:
    return {"op": "query", "text": text, "formats": FORMATS, "max_rows": 100}


def labels(answer: dict) -> list[str]:
    return sorted(b["label"]["value"] for b in json.loads(answer["body"])["results"]["bindings"])


def with_pool(body, size: int = 1, **options):
    """``body(pool)``'s result, run on a started pool of ``size`` fast workers, closed after."""

    async def run():
        pool = Pool(size, RELEASE, **options)
        await pool.start()
        try:
            return await body(pool)
        finally:
            await pool.close()

    return asyncio.run(run())
