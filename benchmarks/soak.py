"""Soak benchmark (not a test): cheap requests keep answering while slow queries are refused.

    .venv/bin/python benchmarks/soak.py [--clients 24] [--duration 240] [--timeout 3] [--slow-share 0.05]
                                        [--json FILE] [--md FILE] [--wait-quiet]

``minilat serve --cache 0 --timeout 3`` on loopback; ``--clients`` closed-loop keep-alive
clients for ``--duration`` seconds. Each request is, with probability ``--slow-share``, a
query that runs into the time limit (a four-way cartesian product, counted), else the next
request of the load benchmark's mix (every library query and 48 entity pages). Halfway
through, one query worker is killed from outside (SIGKILL). Reported: the share of cheap
requests answered 200 and their latency, what the slow ones got (refused at once, stopped
at the time limit), the memory of the server's process tree minute by minute (RSS and PSS), the killed
worker's replacement, and whether any process outlived the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from harness import (  # noqa: E402
    Connection,
    Request,
    Sampler,
    children,
    free_port,
    loadavg,
    memory,
    percentile,
    query_workers,
    quiet_note,
    start_minilat,
    tree,
    use_uvloop,
    wait_quiet,
)
from load import minilat_mix, sparql_request, workload  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
OUTCOMES = [("refused: slow lane busy", "slow lane is busy"), ("stopped at the time limit", "time limit"), ("refused: queue", "the server is busy")]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


class Watch(Sampler):
    """Once a second: RSS and PSS of the server's process tree and its workers; kills one worker at ``kill_at`` s."""

    def __init__(self, pid: int, kill_at: float) -> None:
        super().__init__()
        self.pid, self.kill_at, self.began = pid, kill_at, time.perf_counter()
        self.samples: list[tuple[float, int, int, int]] = []  # seconds, RSS bytes, PSS bytes, workers
        self.seen: set[int] = set()
        self.kill: dict = {}

    def sample(self) -> None:
        now, kids = time.perf_counter() - self.began, query_workers(self.pid)
        self.seen.update(kids, children(self.pid))  # the workers and the template they are forked from
        pids = tree(self.pid)  # walked once for both readings
        self.samples.append((now, memory(pids, "rss"), memory(pids, "pss"), len(kids)))
        if not self.kill and now >= self.kill_at:
            victim = next((k for k in kids if niceness(k) == 0), kids[0])
            os.kill(victim, signal.SIGKILL)
            self.kill = {"at_s": round(now, 1), "pid": victim, "workers_before": len(kids)}
        elif self.kill and "replaced_after_s" not in self.kill and self.kill["pid"] not in kids and len(kids) >= self.kill["workers_before"]:
            self.kill["replaced_after_s"] = round(now - self.kill["at_s"], 1)


async def soak(port: int, cheap: list[Request], slow: Request, clients: int, duration: float, share: float, seed: int = 11) -> dict[str, list]:
    """Closed-loop clients; per kind, (status, seconds, body head) of every response."""
    out: dict[str, list] = {"library": [], "entity": [], "slow": []}
    stop_at = time.perf_counter() + duration

    async def client(i: int) -> None:
        conn, rng = Connection(port), random.Random(seed + i)
        order = cheap[:]
        rng.shuffle(order)
        n = 0
        while time.perf_counter() < stop_at:
            if rng.random() < share:
                req = slow
            else:
                req, n = order[n % len(order)], n + 1
            start = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(conn.request(req), 30)
            except (TimeoutError, OSError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
                conn.close()
                status, body = 0, type(exc).__name__.encode()
            out[req.kind].append((status, time.perf_counter() - start, body[:200].decode("utf-8", "replace") if status != 200 else ""))
        conn.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    return out


def report(out: dict[str, list], watch: Watch, left: list[int], conditions: dict, log: str) -> dict:
    cheap = out["library"] + out["entity"]
    ok = [r for r in cheap if r[0] == 200]
    result: dict = {"conditions": conditions, "cheap": {}, "slow": {}, "memory": {}, "workers": {}}
    for name, rows in [("all cheap", cheap), ("library", out["library"]), ("entity", out["entity"])]:
        good = [r for r in rows if r[0] == 200]
        result["cheap"][name] = {
            "requests": len(rows), "ok_share": len(good) / len(rows) if rows else float("nan"),
            "p50_ms": 1000 * percentile([r[1] for r in rows], 0.5), "p99_ms": 1000 * percentile([r[1] for r in rows], 0.99),
            "statuses": dict(Counter(r[0] for r in rows)), "failures": dict(Counter(r[2].strip()[:120] for r in rows if r[0] != 200).most_common(3)),
        }
    result["cheap"]["all cheap"]["throughput"] = len(ok) / conditions["duration_s"]
    kinds: Counter = Counter()
    for status, _, body in out["slow"]:
        kinds[next((name for name, needle in OUTCOMES if needle in body), f"other ({status})")] += 1
    result["slow"] = {
        "requests": len(out["slow"]), "outcomes": dict(kinds), "p50_ms": 1000 * percentile([r[1] for r in out["slow"]], 0.5),
        "messages": sorted({body.strip() for status, _, body in out["slow"] if status != 200})[:4],
    }
    minutes: dict[int, list[tuple[float, int, int, int]]] = {}
    for sample in watch.samples:
        minutes.setdefault(int(sample[0] // 60), []).append(sample)

    def per_minute(field: int) -> list[list[int]]:
        """Min and max MiB of one field of the samples, minute by minute."""
        return [[round(min(s[field] for s in v) / 2**20), round(max(s[field] for s in v) / 2**20)] for _, v in sorted(minutes.items())]

    result["memory"] = {"per_minute_mib": per_minute(1), "per_minute_pss_mib": per_minute(2)}
    result["workers"] = {
        "kill": watch.kill, "moved_to_slow_lane": log.count("moved to the slow lane"),
        "moves": [line.split(" INFO ", 1)[-1] for line in log.splitlines() if "moved to the slow lane" in line][:5], "exited_unexpectedly": log.count("exited unexpectedly"),
        "processes_seen": len(watch.seen), "left_after_stop": left,
    }
    return result


def markdown(r: dict) -> str:
    c, cheap, slow, mem, w = r["conditions"], r["cheap"], r["slow"], r["memory"], r["workers"]
    lines = [
        "# Soak benchmark", "",
        f"`minilat serve --cache 0 --timeout {c['timeout']:g}` ({c['server_flags']}), {c['clients']} clients × {c['duration_s']:g} s, "
        f"{100 * c['slow_share']:g}% of requests a query that runs into the time limit; {c['cpus']} CPUs. "
        f"Load average (1, 5, 15 min) before {c['load_before']}, after {c['load_after']}{quiet_note(c['quiet_wait'])}.", "",
        "requests | count | answered 200 | p50 ms | p99 ms | statuses", "---|---|---|---|---|---",
    ]
    lines += [f"{name} | {v['requests']} | {100 * v['ok_share']:.2f}% | {v['p50_ms']:.1f} | {v['p99_ms']:.1f} | {v['statuses']}" for name, v in cheap.items()]
    lines += [
        "", f"Cheap requests answered 200: {cheap['all cheap']['throughput']:.0f}/s.", "",
        f"Slow queries: {slow['requests']}, p50 {slow['p50_ms']:.0f} ms; " + ", ".join(f"{k}: {v}" for k, v in slow["outcomes"].items()) + ".",
        *[f"- “{m}”" for m in slow["messages"]], "",
        "Memory of the server's process tree (min–max MiB per minute): RSS summed over the processes (a page the workers share "
        "counted in each) " + ", ".join(f"{a}–{b}" for a, b in mem["per_minute_mib"]) + "; PSS (a shared page counted once) "
        + ", ".join(f"{a}–{b}" for a, b in mem["per_minute_pss_mib"]) + ".", "",
        f"Workers: {w['moved_to_slow_lane']} queries moved to the slow lane; one worker killed from outside at {w['kill'].get('at_s')} s "
        f"(pid {w['kill'].get('pid')}), " + (f"replaced within {w['kill']['replaced_after_s']} s" if "replaced_after_s" in w["kill"] else "NOT replaced")
        + f"; {w['processes_seen']} worker processes (and templates) over the run; left after the server stopped: {w['left_after_stop'] or 'none'}.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--duration", type=float, default=240.0)
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--slow-share", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--md", type=Path)
    parser.add_argument("--wait-quiet", action="store_true", help="first wait (up to 30 min) for a 1-minute load average below 1.0")
    args = parser.parse_args()
    use_uvloop()
    tmp, release, queries, iris = workload("minilat-soak-")
    cheap = minilat_mix(queries, iris)
    slow = sparql_request("cartesian", SLOW, "SELECT")
    slow.kind = "slow"
    waited = wait_quiet() if args.wait_quiet else None
    flags = ["--cache", "0", "--timeout", str(args.timeout), *(["--workers", str(args.workers)] if args.workers else [])]
    conditions = {"clients": args.clients, "duration_s": args.duration, "timeout": args.timeout, "slow_share": args.slow_share, "server_flags": " ".join(flags),
                  "cpus": len(os.sched_getaffinity(0)), "quiet_wait": waited, "load_before": loadavg()}
    port, logfile = free_port(), tmp / "server.log"
    proc = start_minilat(port, ["--data", str(release), *flags], logfile)
    try:
        print(f"soak: {args.clients} clients × {args.duration:g} s, {100 * args.slow_share:g}% slow, server pid {proc.pid}", flush=True)
        with Watch(proc.pid, args.duration / 2) as watch:
            out = asyncio.run(soak(port, cheap, slow, args.clients, args.duration, args.slow_share))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    time.sleep(1)
    conditions["load_after"] = loadavg()
    result = report(out, watch, sorted(p for p in watch.seen if alive(p)), conditions, logfile.read_text())
    shutil.rmtree(tmp, ignore_errors=True)
    text = markdown(result)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    if args.md:
        args.md.write_text(text)


if __name__ == "__main__":
    main()
