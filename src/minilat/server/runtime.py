"""The server's running state: the dataset snapshot, the worker pool, the cache, updates.

Started and stopped by the app's lifespan. Routes call :meth:`Runtime.ask` for anything
that reads the store; it answers from the cache when it can and otherwise runs the job in
a worker within the time limit.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from minilat.errors import UserError
from minilat.server.cache import Cache
from minilat.server.config import Config
from minilat.server.pool import Pool
from minilat.store import Store

log = logging.getLogger("minilat.server")


class Runtime:
    """What the routes share while the server runs."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.cache = Cache(config.cache_mb * 1024 * 1024)
        self.pool: Pool | None = None
        self.primary: Store | None = None
        self.tmp: Path | None = None
        self.update_lock = asyncio.Lock()
        self.ontology_html: asyncio.Task[str] | None = None
        self.texts: dict[str, tuple[str, bool]] = {}  # digest files by path: text, hash verified

    async def start(self) -> None:
        """Open the dataset, write the workers' snapshot if needed, start the workers."""
        self.tmp = Path(tempfile.mkdtemp(prefix="minilat-serve-"))
        snapshot = self.config.release
        if self.config.store_dir is not None:
            self.primary = await asyncio.to_thread(Store.open, self.config.store_dir, self.config.release)
            snapshot = self.tmp / "snapshot-0.nq"
            await asyncio.to_thread(snapshot.write_bytes, self.primary.dump(ox.RdfFormat.N_QUADS))
        elif not snapshot.is_file():
            raise UserError("no such RDF file: run `minilat build` first", snapshot)
        config = self.config
        self.pool = Pool(config.pool_size, snapshot, config.worker_memory_mb, timeout=config.timeout, budget=config.budget,
                         slow=config.slow_lane, queue=config.queue, queue_wait=config.queue_wait or config.timeout)
        await self.pool.start()

    async def stop(self) -> None:
        if self.ontology_html is not None:
            self.ontology_html.cancel()
        if self.pool is not None:
            await self.pool.close()
        if self.primary is not None:
            self.primary.engine.flush()
            self.primary = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def generation(self) -> int:
        return self.pool.generation if self.pool else 0

    async def ask(self, job: dict, cacheable: bool = True) -> dict:
        """The worker's answer to ``job`` (from the cache when the same job was answered before)."""
        assert self.pool is not None
        if not cacheable or not self.cache.enabled:  # no key to build: nothing is looked up or kept
            return await self.pool.run(job)
        key = (self.generation, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in job.items() if k != "formats")), tuple(sorted(job.get("formats", {}).items())))
        if (hit := self.cache.get(key)) is not None:
            return hit
        answer = await self.pool.run(job)
        if answer.get("status") == 200:
            self.cache.put(key, answer)
        return answer

    async def update(self, text: str, verify: bool, base: str | None = None) -> dict:
        """Run a SPARQL Update in a worker (relative IRIs against ``base``); on success every
        worker moves to the new snapshot."""
        assert self.pool is not None and self.tmp is not None
        async with self.update_lock:
            snapshot = self.tmp / f"snapshot-{self.generation + 1}.nq"
            answer = await self.pool.run({"op": "update", "text": text, "verify": verify, "snapshot": str(snapshot), "base": base}, lanes=False)
            if answer.get("status") == 204:
                self.pool.advance(snapshot)
                self.cache.clear()
                log.info("update applied; dataset generation %d", self.generation)
                if self.primary is not None:
                    try:
                        await asyncio.to_thread(self.primary.engine.update, text, base_iri=base)
                    except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
                        log.error("update applied in memory but not persisted: %s", exc)
                        return {"status": 503, "message": "the update is live but could not be saved to the store directory"}
            return answer
