"""Load benchmark (not a test): ``minilat serve`` against Virtuoso 7 on loopback.

    .venv/bin/python benchmarks/load.py [--clients 50] [--duration 30] [--no-virtuoso] [--json FILE]

Each target gets the same mix for ``--duration`` seconds from ``--clients`` concurrent
keep-alive clients (after a short warm-up): every library query of minilat that both
servers can run, and entity requests (minilat: the HTML entity page; Virtuoso: a
CONSTRUCT of the entity's triples both ways, the data behind such a page). Reported:
throughput, p50/p99 latency overall and per kind, errors, peak memory (RSS of the server
process tree). minilat runs twice, with its response cache (the default) and without
(``--cache 0``). Virtuoso is a private instance started by ``scripts/virtuoso.sh``
(own ini, database in a temp dir, ports on 127.0.0.1), loaded with graphs/minilat.nq
by the bulk loader. Every request goes to 127.0.0.1 only; the run stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from minilat import library  # noqa: E402
from minilat.store import RELEASE, Store  # noqa: E402

VIRTUOSO_SH = ROOT / "scripts" / "virtuoso.sh"
ENTITY_CLASSES = ["ontology#MinilateralMechanism", "ontology#State", "ontology#Claim", "ontology#Event"]
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
BASE = "https://w3id.org/minilat/"


@dataclass
class Request:
    kind: str  # "library" or "entity"
    name: str
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def entities(store: Store, per_class: int = 10) -> list[str]:
    """A fixed sample of entity IRIs: mechanisms, states, claims, events, concepts."""
    out: list[str] = []
    for cls in [BASE + c for c in ENTITY_CLASSES] + [SKOS_CONCEPT]:
        rows = store.query(f"SELECT DISTINCT ?e WHERE {{ ?e a <{cls}> FILTER(STRSTARTS(STR(?e), \"{BASE}id/\")) }} ORDER BY ?e LIMIT {per_class}")
        out += [row["e"].value for row in rows]
    return out


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


class Connection:
    """A minimal HTTP/1.1 keep-alive client (Content-Length and chunked bodies)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, req: Request) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = f"{req.method} {req.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Length: {len(req.body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in req.headers.items()) + "\r\n"
        self.writer.write(head.encode() + req.body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        size = 0
        if chunked:
            while (chunk := int((await self.reader.readline()).split(b";")[0], 16)) > 0:
                size += len(await self.reader.readexactly(chunk + 2)) - 2
            await self.reader.readline()
        elif length is not None:
            size = len(await self.reader.readexactly(length))
        else:
            size = len(await self.reader.read())
            close = True
        if close:
            self.close()
        return status, size

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"library": [], "entity": []})
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())


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


def tree_rss(pid: int) -> int:
    """RSS in bytes of ``pid`` and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except (OSError, IndexError):
            continue
        todo += [int(c) for c in children]
    return total


class PeakMemory:
    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def wait_ready(url: str, proc: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError("server exited") from None
            time.sleep(0.2)
    raise RuntimeError(f"not ready: {url}")


def start_minilat(port: int, extra: list[str], log: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "minilat.server", "--port", str(port), *extra], stdout=subprocess.DEVNULL, stderr=log.open("w"))
    wait_ready(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", proc)
    return proc


def isql(sql_port: int, password: str, command: str) -> str:
    done = subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", password, f"exec={command}"], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(done.stdout + done.stderr)
    return done.stdout


def start_virtuoso(directory: Path, http_port: int, sql_port: int) -> int:
    """A private Virtuoso on loopback (scripts/virtuoso.sh), bulk-loaded with the release N-Quads; its pid."""
    subprocess.run(["bash", str(VIRTUOSO_SH), "start", str(directory), str(http_port), str(sql_port)], check=True, capture_output=True, timeout=180)
    password = (directory / "password").read_text().strip()
    shutil.copy(RELEASE, directory / "minilat.nq")
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


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, result: Result, peak: int) -> dict:
    both = result.latencies["library"] + result.latencies["entity"]
    row = {"target": name, "requests": result.count, "throughput": result.count / result.seconds, "errors": sum(result.errors.values()), "peak_rss_mb": peak / 2**20}
    for kind, values in [("all", both), *result.latencies.items()]:
        row[f"p50_{kind}_ms"] = 1000 * percentile(values, 0.50)
        row[f"p99_{kind}_ms"] = 1000 * percentile(values, 0.99)
    row["error_detail"] = result.errors
    return row


def run(name: str, port: int, pid: int, mix: list[Request], args: argparse.Namespace) -> dict:
    asyncio.run(load(port, mix, args.clients, args.warmup, seed=1))
    with PeakMemory(pid) as memory:
        result = asyncio.run(load(port, mix, args.clients, args.duration))
    row = summary(name, result, memory.peak)
    print(f"  {name}: {row['throughput']:.0f} req/s, p50 {row['p50_all_ms']:.1f} ms, p99 {row['p99_all_ms']:.1f} ms, errors {row['errors']}", flush=True)
    return row


def table(rows: list[dict]) -> str:
    cols = [("target", "{}"), ("throughput", "{:.0f}"), ("p50_all_ms", "{:.1f}"), ("p99_all_ms", "{:.1f}"), ("p50_library_ms", "{:.1f}"), ("p99_library_ms", "{:.1f}"),
            ("p50_entity_ms", "{:.1f}"), ("p99_entity_ms", "{:.1f}"), ("errors", "{}"), ("peak_rss_mb", "{:.0f}")]
    lines = [" | ".join(c for c, _ in cols), " | ".join("---" for _ in cols)]
    lines += [" | ".join(f.format(r[c]) for c, f in cols) for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=0, help="minilat query workers (0: the server's default)")
    parser.add_argument("--no-virtuoso", action="store_true")
    parser.add_argument("--no-uncached", action="store_true", help="skip the run with the response cache off")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    store = Store.open()
    queries = {q.name: (q.text, q.form) for q in library.library().values()}
    iris = entities(store)
    tmp = Path(tempfile.mkdtemp(prefix="minilat-load-"))
    rows, virtuoso_pid, vdir = [], None, tmp / "virtuoso"
    try:
        vport = free_port()
        if not args.no_virtuoso:
            print("starting Virtuoso…", flush=True)
            virtuoso_pid = start_virtuoso(vdir, vport, free_port())
            wait_ready(f"http://127.0.0.1:{vport}/sparql?query=ASK%7B%7D")
            vcounts = runnable(vport, queries)
            skipped = sorted(n for n, c in vcounts.items() if c < 0)
            if skipped:
                print(f"  Virtuoso refuses {', '.join(skipped)}: left out of both mixes", flush=True)
            queries = {n: v for n, v in queries.items() if n not in skipped}
        extra = ["--workers", str(args.workers)] if args.workers else []
        configs = [("minilat", extra)] + ([] if args.no_uncached else [("minilat --cache 0", [*extra, "--cache", "0"])])
        for name, flags in configs:
            port = free_port()
            proc = start_minilat(port, flags, tmp / f"{port}.log")
            try:
                mcounts = runnable(port, queries)
                if not args.no_virtuoso and name == "minilat":
                    differ = {n: (mcounts[n], vcounts[n]) for n in queries if mcounts[n] != vcounts[n]}
                    if differ:
                        print(f"  answers that differ (minilat, Virtuoso): {differ}", flush=True)
                print(f"running {name}: {args.clients} clients × {args.duration:g} s, {len(queries)} library queries + {len(iris)} entities", flush=True)
                rows.append(run(name, port, proc.pid, minilat_mix(queries, iris), args))
            finally:
                proc.terminate()
                proc.wait(20)
        if virtuoso_pid is not None:
            print(f"running Virtuoso 7: {args.clients} clients × {args.duration:g} s", flush=True)
            rows.append(run("virtuoso 7", vport, virtuoso_pid, virtuoso_mix(queries, iris), args))
    finally:
        if virtuoso_pid is not None:
            stop_virtuoso(vdir)
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(table(rows))
    if virtuoso_pid is not None and rows:
        anchor = rows[-1]["throughput"]
        for r in rows[:-1]:
            print(f"{r['target']}: throughput {r['throughput'] / anchor:.2f}× Virtuoso's")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
