"""Where an uncached request's time goes, job by job (not a test; run before tuning the server).

    .venv/bin/python benchmarks/profile_jobs.py [--repeat 20] [--md FILE]

The load benchmark's mix (every library query, unbound, as JSON; the sampled entity pages)
is run the way a query worker runs it, in this one process, and timed in CPU milliseconds
(median of ``--repeat`` runs):

- a library query: the query with its results written (pyoxigraph's serializer), and the
  answer's pickle, which is what crosses the pipe to the server;
- an entity page: gathering its data (triple-pattern look-ups, the label index) and
  rendering its HTML (views, template), and the answer's pickle;
- the worker round trip: one trivial job (``ASK {}``) through the real pool, the server's
  side of it (event loop CPU per job) and its wall time.

The sums per round of the mix show which part of the work to make cheaper.
"""

from __future__ import annotations

import argparse
import asyncio
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from load import entities

from minilat import library
from minilat.server import entity, entitypage
from minilat.server.pool import Pool
from minilat.server.worker import Worker
from minilat.store import RELEASE

FORMATS = {"solutions": "json", "graph": "turtle", "boolean": "json"}


def cpu_ms(call: Callable[[], object], repeat: int) -> float:
    """The median CPU milliseconds of ``call`` (after one warm-up call)."""
    call()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        call()
        times.append(1000 * (time.process_time() - start))
    return statistics.median(times)


async def round_trip(jobs: int) -> tuple[float, float]:
    """The server's CPU and the wall time per trivial job through a real two-worker pool."""
    pool = Pool(2, RELEASE)
    await pool.start()
    job = {"op": "query", "text": "ASK {}", "formats": FORMATS, "max_rows": 10}
    try:
        await pool.run(job)
        cpu, wall = time.process_time(), time.perf_counter()

        async def client() -> None:
            for _ in range(jobs // 8):
                await pool.run(job)

        await asyncio.gather(*(client() for _ in range(8)))
        return 1000 * (time.process_time() - cpu) / jobs, 1000 * (time.perf_counter() - wall) / jobs
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--md", type=Path)
    args = parser.parse_args()
    worker = Worker(RELEASE)
    folder = RELEASE.parent / "views"
    queries = []
    for name, q in library.library().items():
        job = {"op": "query", "text": q.text, "formats": FORMATS, "max_rows": 10_000}
        answer = worker.handle(job)
        queries.append((name, cpu_ms(lambda job=job: worker.handle(job), args.repeat), len(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))))
    pages = []
    for iri in entities(worker.store):
        data = entity.gather(worker.store, iri, worker.labels)
        gather = cpu_ms(lambda iri=iri: entity.gather(worker.store, iri, worker.labels), args.repeat)
        render = cpu_ms(lambda data=data: entitypage.html(data, "/id/x", folder), args.repeat)
        answer = worker.handle({"op": "page", "iri": iri, "path": "/id/x", "views": str(folder)})
        pages.append((iri, gather, render, len(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))))
    server_cpu, wall = asyncio.run(round_trip(4000))

    query_ms = sum(ms for _, ms, _ in queries)
    gather_ms, render_ms = sum(g for _, g, _, _ in pages), sum(r for _, _, r, _ in pages)
    lines = [
        "# Uncached jobs, one by one",
        "",
        f"CPU milliseconds (median of {args.repeat}) of the load benchmark's jobs, run as a query worker runs them, in one process.",
        "",
        "part | jobs | ms per job | ms per round of the mix",
        "--- | --- | --- | ---",
        f"library query + results | {len(queries)} | {query_ms / len(queries):.3f} | {query_ms:.1f}",
        f"entity page: gather | {len(pages)} | {gather_ms / len(pages):.3f} | {gather_ms:.1f}",
        f"entity page: render | {len(pages)} | {render_ms / len(pages):.3f} | {render_ms:.1f}",
        f"worker round trip, server side (trivial job) | {len(queries) + len(pages)} | {server_cpu:.3f} | {server_cpu * (len(queries) + len(pages)):.1f}",
        "",
        f"A trivial job's wall time through a two-worker pool, 8 at a time: {wall:.3f} ms.",
        f"Answers crossing the pipe: library {sum(b for *_, b in queries) / len(queries) / 1024:.0f} KiB, pages {sum(b for *_, b in pages) / len(pages) / 1024:.0f} KiB on average.",
        "",
        "## The ten costliest library queries",
        "",
        "query | ms | answer KiB",
        "--- | --- | ---",
        *(f"{name} | {ms:.2f} | {size / 1024:.0f}" for name, ms, size in sorted(queries, key=lambda q: -q[1])[:10]),
        "",
        "## The five costliest entity pages",
        "",
        "entity | gather ms | render ms | answer KiB",
        "--- | --- | --- | ---",
        *(f"{iri.rsplit('/id/', 1)[1]} | {g:.3f} | {r:.3f} | {size / 1024:.0f}" for iri, g, r, size in sorted(pages, key=lambda p: -(p[1] + p[2]))[:5]),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.md:
        args.md.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
