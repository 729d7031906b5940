"""Load benchmark (not a test): ``minilat serve`` against Virtuoso 7 on loopback.

    .venv/bin/python benchmarks/load.py [--clients 50] [--duration 30] [--slices 6] [--no-virtuoso] [--json FILE] [--md FILE] [--wait-quiet]

Each target gets the same mix for ``--duration`` seconds from ``--clients`` concurrent
keep-alive clients (after a short warm-up): every library query of minilat that both
servers can run, and entity requests (minilat: the HTML entity page; Virtuoso: a
CONSTRUCT of the entity's triples both ways, the data behind such a page). Reported:
throughput, p50/p99 latency overall and per kind, errors, peak memory (RSS of the server
process tree), and where the CPU went: milliseconds per request in the server process (for
minilat its event loop), in its descendants (minilat's worker template and query workers;
Virtuoso has none) and in the load clients, and how busy the machine's CPUs were in all. minilat runs twice, with its
response cache (the default) and without (``--cache 0``), both servers up at once and loaded
in turn, ``--slices`` times for ``duration / slices`` seconds each: this machine's speed drifts
by 15-40% from one minute to the next, and two rows measured one after the other would put
that drift into their ratio. Virtuoso runs after them, in one piece. Virtuoso is a private instance
started by ``scripts/virtuoso.sh`` (own ini, database in a temp dir, ports on 127.0.0.1),
loaded with graphs/minilat.nq by the bulk loader. Every request goes to 127.0.0.1 only; the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from harness import (  # noqa: E402
    Connection,
    CpuSplit,
    PeakMemory,
    Request,
    free_port,
    host_speed,
    loadavg,
    percentile,
    quiet_note,
    snapshot,
    start_minilat,
    use_uvloop,
    wait_quiet,
    wait_ready,
)

from minilat import library  # noqa: E402
from minilat.store import Store  # noqa: E402

VIRTUOSO_SH = ROOT / "scripts" / "virtuoso.sh"
ENTITY_CLASSES = ["ontology#MinilateralMechanism", "ontology#State", "ontology#Claim", "ontology#Event"]
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
BASE = "https://w3id.org/minilat/"


def entities(store: Store, per_class: int = 10) -> list[str]:
    """A fixed sample of entity IRIs: mechanisms, states, claims, events, concepts."""
    out: list[str] = []
    for cls in [BASE + c for c in ENTITY_CLASSES] + [SKOS_CONCEPT]:
        rows = store.query(f"SELECT DISTINCT ?e WHERE {{ ?e a <{cls}> FILTER(STRSTARTS(STR(?e), \"{BASE}id/\")) }} ORDER BY ?e LIMIT {per_class}")
        out += [row["e"].value for row in rows]
    return out


def workload(prefix: str) -> tuple[Path, Path, dict[str, tuple[str, str]], list[str]]:
    """A temporary directory (``prefix``), the release snapshot in it, every library query
    (name → text, form) and the sample of entities: what the load and soak runs request."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    release = snapshot(tmp / "graphs")
    queries = {q.name: (q.text, q.form) for q in library.library().values()}
    return tmp, release, queries, entities(Store.open(None, release))


def sparql_request(name: str, text: str, form: str) -> Request:
    accept = "text/turtle" if form in {"CONSTRUCT", "DESCRIBE"} else "application/sparql-results+json"
    return Request("library", name, "POST", "/sparql", urlencode({"query": text}).encode(), {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def minilat_mix(queries: dict[str, tuple[str, str]], iris: list[str]) -> list[Request]:
    mix = [sparql_request(n, t, f) for n, (t, f) in queries.items()]
    mix += [Request("entity", iri, "GET", "/" + iri[len(BASE):], b"", {"Accept": "text/html"}) for iri in iris]
    return mix


def virtuoso_mix(queries: dict[str, tuple[str, str]], iris: list[str]) -> list[Request]:
    mix = [sparql_request(n, t, f) for n, (t, f) in queries.items()]
    for iri in iris:
        text = f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
        mix.append(Request("entity", iri, "POST", "/sparql", urlencode({"query": text}).encode(), {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle"}))
    return mix


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"library": [], "entity": []})
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def add(self, other: Result) -> None:
        for kind, values in other.latencies.items():
            self.latencies[kind] += values
        for key, n in other.errors.items():
            self.errors[key] = self.errors.get(key, 0) + n
        self.seconds += other.seconds


@dataclass
class Measured:
    """A target's requests over one or more slices, with the CPU they took and the peak memory."""

    result: Result = field(default_factory=Result)
    server: float = 0.0
    workers: float = 0.0
    clients: float = 0.0
    peak: int = 0

    def slice(self, port: int, pid: int, mix: list[Request], clients: int, seconds: float, seed: int) -> None:
        with PeakMemory(pid) as memory, CpuSplit(pid) as cpu:
            self.result.add(asyncio.run(load(port, mix, clients, seconds, seed)))
        self.server, self.workers, self.clients = self.server + cpu.server, self.workers + cpu.workers, self.clients + cpu.clients
        self.peak = max(self.peak, memory.peak)


async def load(port: int, mix: list[Request], clients: int, duration: float, seed: int = 7) -> Result:
    """``clients`` closed-loop clients, each walking the mix from its own random start, for ``duration`` s."""
    result = Result()
    stop_at = time.perf_counter() + duration

    async def client(i: int) -> None:
        conn, rng = Connection(port), random.Random(seed + i)
        order = mix[:]
        rng.shuffle(order)
        n = 0
        while time.perf_counter() < stop_at:
            req = order[n % len(order)]
            n += 1
            start = time.perf_counter()
            try:
                status, _ = await asyncio.wait_for(conn.request(req), 30)
            except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
                conn.close()
                key = f"{req.kind}:{type(exc).__name__}"
                result.errors[key] = result.errors.get(key, 0) + 1
                continue
            if status != 200:
                key = f"{req.kind}:{status}:{req.name}"
                result.errors[key] = result.errors.get(key, 0) + 1
                continue
            result.latencies[req.kind].append(time.perf_counter() - start)
        conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(clients)))
    result.seconds = time.perf_counter() - began
    return result


def isql(sql_port: int, password: str, command: str) -> str:
    done = subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", password, f"exec={command}"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    return done.stdout


def start_virtuoso(directory: Path, http_port: int, sql_port: int, release: Path) -> int:
    """A private Virtuoso on loopback (scripts/virtuoso.sh), bulk-loaded with the release N-Quads; its pid."""
    subprocess.run(["bash", str(VIRTUOSO_SH), "start", str(directory), str(http_port), str(sql_port)], check=True, capture_output=True, timeout=180)
    password = (directory / "password").read_text().strip()
    shutil.copy(release, directory / "minilat.nq")
    isql(sql_port, password, f"ld_dir('{directory}', 'minilat.nq', 'urn:minilat:default'); rdf_loader_run(); checkpoint;")
    return int((directory / "virtuoso.pid").read_text())


def stop_virtuoso(directory: Path) -> None:
    subprocess.run(["bash", str(VIRTUOSO_SH), "stop", str(directory)], capture_output=True, timeout=60)


def runnable(port: int, queries: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Each query once; its row/triple count (-1 when the server refuses it)."""
    counts = {}
    for name, (text, form) in queries.items():
        accept = "application/sparql-results+json" if form in {"SELECT", "ASK"} else "application/n-triples"
        req = urllib.request.Request(f"http://127.0.0.1:{port}/sparql", urlencode({"query": text}).encode(), {"Accept": accept})
        try:
            body = urllib.request.urlopen(req, timeout=60).read()
        except OSError:
            counts[name] = -1
            continue
        if form == "SELECT":
            counts[name] = len(json.loads(body)["results"]["bindings"])
        elif form == "ASK":
            counts[name] = int(json.loads(body)["boolean"])
        else:
            counts[name] = len([line for line in body.decode().splitlines() if line.strip() and not line.startswith("#")])
    return counts


def summary(name: str, result: Result, peak: int) -> dict:
    both = result.latencies["library"] + result.latencies["entity"]
    row = {"target": name, "requests": result.count, "throughput": result.count / result.seconds, "errors": sum(result.errors.values()), "peak_rss_mb": peak / 2**20}
    for kind, values in [("all", both), *result.latencies.items()]:
        row[f"p50_{kind}_ms"] = 1000 * percentile(values, 0.50)
        row[f"p99_{kind}_ms"] = 1000 * percentile(values, 0.99)
    row["error_detail"] = result.errors
    return row


def run(targets: dict[str, tuple[int, int, list[Request]]], args: argparse.Namespace, slices: int) -> list[dict]:
    """Each target (name → port, server pid, mix) warmed up, then loaded in turn ``slices`` times."""
    for port, _, mix in targets.values():
        asyncio.run(load(port, mix, args.clients, args.warmup, seed=1))
    measured = {name: Measured() for name in targets}
    for k in range(slices):
        for name, (port, pid, mix) in targets.items():
            measured[name].slice(port, pid, mix, args.clients, args.duration / slices, seed=7 + k)
    return [row(name, m) for name, m in measured.items()]


def row(name: str, m: Measured) -> dict:
    out = summary(name, m.result, m.peak)
    # CPU milliseconds per answered request: the server's event loop, its query workers, the load clients
    per = 1000 / max(1, m.result.count)
    out |= {"cpu_server_ms": m.server * per, "cpu_workers_ms": m.workers * per, "cpu_clients_ms": m.clients * per,
            "cpu_busy": (m.server + m.workers + m.clients) / (m.result.seconds * len(os.sched_getaffinity(0)))}
    print(f"  {name}: {out['throughput']:.0f} req/s, p50 {out['p50_all_ms']:.1f} ms, p99 {out['p99_all_ms']:.1f} ms, errors {out['errors']}", flush=True)
    return out


def table(rows: list[dict]) -> str:
    cols = [("target", "{}"), ("throughput", "{:.0f}"), ("p50_all_ms", "{:.1f}"), ("p99_all_ms", "{:.1f}"), ("p50_library_ms", "{:.1f}"), ("p99_library_ms", "{:.1f}"),
            ("p50_entity_ms", "{:.1f}"), ("p99_entity_ms", "{:.1f}"), ("errors", "{}"), ("peak_rss_mb", "{:.0f}"),
            ("cpu_server_ms", "{:.2f}"), ("cpu_workers_ms", "{:.2f}"), ("cpu_clients_ms", "{:.2f}"), ("cpu_busy", "{:.0%}")]
    lines = [" | ".join(c for c, _ in cols), " | ".join("---" for _ in cols)]
    lines += [" | ".join(f.format(r[c]) for c, f in cols) for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--slices", type=int, default=6, help="minilat's rows are measured in turn, in this many slices of the duration")
    parser.add_argument("--workers", type=int, default=0, help="minilat query workers (0: the server's default)")
    parser.add_argument("--no-virtuoso", action="store_true")
    parser.add_argument("--no-uncached", action="store_true", help="skip the run with the response cache off")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--md", type=Path, help="write the table and the run's conditions as markdown")
    parser.add_argument("--wait-quiet", action="store_true", help="first wait (up to 30 min) for a 1-minute load average below 1.0")
    args = parser.parse_args()
    waited = wait_quiet() if args.wait_quiet else None
    load_before, probe_before = loadavg(), host_speed()
    use_uvloop()
    tmp, release, queries, iris = workload("minilat-load-")
    rows, virtuoso_pid, vdir = [], None, tmp / "virtuoso"
    try:
        vport = free_port()
        if not args.no_virtuoso:
            print("starting Virtuoso…", flush=True)
            virtuoso_pid = start_virtuoso(vdir, vport, free_port(), release)
            wait_ready(f"http://127.0.0.1:{vport}/sparql?query=ASK%7B%7D")
            vcounts = runnable(vport, queries)
            skipped = sorted(n for n, c in vcounts.items() if c < 0)
            if skipped:
                print(f"  Virtuoso refuses {', '.join(skipped)}: left out of both mixes", flush=True)
            queries = {n: v for n, v in queries.items() if n not in skipped}
        extra = ["--data", str(release), *(["--workers", str(args.workers)] if args.workers else [])]
        configs = [("minilat", extra)] + ([] if args.no_uncached else [("minilat --cache 0", [*extra, "--cache", "0"])])
        servers: dict[str, subprocess.Popen] = {}
        try:
            targets = {}
            for name, flags in configs:
                port = free_port()
                servers[name] = proc = start_minilat(port, flags, tmp / f"{port}.log")
                mcounts = runnable(port, queries)
                if not args.no_virtuoso and name == "minilat":
                    differ = {n: (mcounts[n], vcounts[n]) for n in queries if mcounts[n] != vcounts[n]}
                    if differ:
                        print(f"  answers that differ (minilat, Virtuoso): {differ}", flush=True)
                targets[name] = (port, proc.pid, minilat_mix(queries, iris))
            print(f"running {' and '.join(targets)} in turn, {args.slices} × {args.duration / args.slices:g} s each: "
                  f"{args.clients} clients, {len(queries)} library queries + {len(iris)} entities", flush=True)
            rows += run(targets, args, args.slices)
        finally:
            for proc in servers.values():
                proc.terminate()
                proc.wait(20)
        if virtuoso_pid is not None:
            print(f"running Virtuoso 7: {args.clients} clients × {args.duration:g} s", flush=True)
            rows += run({"virtuoso 7": (vport, virtuoso_pid, virtuoso_mix(queries, iris))}, args, 1)
    finally:
        if virtuoso_pid is not None:
            stop_virtuoso(vdir)
        shutil.rmtree(tmp, ignore_errors=True)
    load_after, probe_after = loadavg(), host_speed()
    notes = ratios(rows, virtuoso_pid is not None)
    conditions = {
        "clients": args.clients, "duration_s": args.duration, "slices": args.slices, "library_queries": len(queries), "entities": len(iris),
        "load_before": load_before, "load_after": load_after, "host_probe_ms": [probe_before, probe_after], "quiet_wait": waited, "cpus": len(os.sched_getaffinity(0)),
    }
    print()
    print(table(rows))
    print("\n".join(notes))
    print(f"load average before {load_before}, after {load_after}")
    if args.json:
        args.json.write_text(json.dumps({"conditions": conditions, "rows": rows}, indent=2, ensure_ascii=False))
    if args.md:
        args.md.write_text(markdown(rows, notes, conditions))


def ratios(rows: list[dict], virtuoso: bool) -> list[str]:
    """Uncached against cached throughput, and each against Virtuoso's."""
    by = {r["target"]: r for r in rows}
    notes = []
    if "minilat" in by and "minilat --cache 0" in by:
        notes.append(f"uncached / cached throughput: {by['minilat --cache 0']['throughput'] / by['minilat']['throughput']:.3f}×")
    if virtuoso and rows:
        anchor = rows[-1]["throughput"]
        notes += [f"{r['target']}: throughput {r['throughput'] / anchor:.2f}× Virtuoso's" for r in rows[:-1]]
    return notes


def markdown(rows: list[dict], notes: list[str], conditions: dict) -> str:
    return (
        f"# Load benchmark\n\n{conditions['clients']} clients × {conditions['duration_s']:g} s (minilat's two rows in turn, "
        f"{conditions['slices']} slices each), {conditions['library_queries']} library queries + "
        f"{conditions['entities']} entity pages, {conditions['cpus']} CPUs. Load average (1, 5, 15 min) before {conditions['load_before']}, "
        f"after {conditions['load_after']}{quiet_note(conditions['quiet_wait'])}. Host speed probe (`harness.host_speed`, "
        f"CPU ms, lower is faster) before and after: {conditions['host_probe_ms']}.\n\n{table(rows)}\n\n" + "".join(f"- {n}\n" for n in notes)
    )


if __name__ == "__main__":
    main()
