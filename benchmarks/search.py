"""Benchmark (not a test): the search index at the real size and at a hundred issues.

Reads the real names (the same queries ``/search`` runs, over ``graphs/minilat.nq``), then a
synthetic set ×N (default 100): every entity copied N−1 times under new IRIs, each name given
a pseudo-random suffix word ("Quadrilateral Security Dialogue keravo"), so the copies share
every prefix and substring of the real names — the worst case for typing "q", "qu", "qua"…
Reports the index's build time, its size, and per-keystroke latency (median, p99, max over
repeated runs) for what a user types: "quad", "四方", "AUKUS", "奥库斯", "nuclear",
"security dialogue", a single letter and a miss.

Usage: ``.venv/bin/python benchmarks/search.py [--copies 100] [--runs 50] [--out FILE.md]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
import tracemalloc
from pathlib import Path

from minilat.server import search
from minilat.store import RELEASE, Store, serialize

TYPED = ["quad", "四方", "AUKUS", "奥库斯", "nuclear", "security dialogue", "a", "zzqx"]


def real_results(release: Path) -> dict[str, list[dict]]:
    """The bindings of the index queries over the release, as the workers would answer them (SPARQL JSON)."""
    store = Store.open(None, release)
    return {name: json.loads(serialize(store.query(text), "json"))["results"]["bindings"] for name, text in search.QUERIES.items()}


def word(rng: random.Random) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def multiply(results: dict[str, list[dict]], copies: int, seed: int = 20240601) -> dict[str, list[dict]]:
    """The real bindings plus ``copies - 1`` renamed copies of every entity."""
    rng = random.Random(seed)
    out = {k: list(v) for k, v in results.items()}
    for i in range(1, copies):
        suffix = f"-c{i}"
        for b in results["names"]:
            lang = b["l"].get("xml:lang", "")
            extra = word(rng) if lang != "zh" else rng.choice("甲乙丙丁戊己庚辛壬癸") + rng.choice("东南西北中")
            out["names"].append({"s": {"value": b["s"]["value"] + suffix}, "p": b["p"], "l": {"value": f"{b['l']['value']} {extra}"} | ({"xml:lang": lang} if lang else {})})
        out["types"] += [{"s": {"value": b["s"]["value"] + suffix}, "t": b["t"]} for b in results["types"]]
        out["refs"] += [{"s": {"value": b["s"]["value"] + suffix}, "n": b["n"]} for b in results["refs"]]
    return out


def keystrokes(q: str) -> list[str]:
    return [q[:i] for i in range(1, len(q) + 1)]


def measure(results: dict[str, list[dict]], runs: int) -> dict:
    tracemalloc.start()
    started = time.perf_counter()
    index = search.build(results)
    build_s = time.perf_counter() - started
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    rows = {}
    for q in TYPED:
        samples = []
        for _ in range(runs):
            for prefix in keystrokes(q):
                t = time.perf_counter()
                index.search(prefix, 8)
                samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        first = index.search(q, 1)
        rows[q] = {"median_ms": statistics.median(samples), "p99_ms": samples[int(0.99 * (len(samples) - 1))], "max_ms": samples[-1],
                   "first": first[0]["iri"].rsplit("/id/", 1)[-1] if first else None}
    return {"entities": len(index), "names": len(index.names), "build_s": build_s, "memory_mib": memory / 2**20, "queries": rows}


def report(found: dict[int, dict], runs: int) -> str:
    lines = [f"# Search index benchmark ({time.strftime('%Y-%m-%d')})", "",
             f"`.venv/bin/python benchmarks/search.py` — Python {platform.python_version()}, {platform.machine()}; each query typed "
             f"one keystroke at a time, {runs} runs; 8 hits per answer (as the search box asks). In-process (no HTTP). "
             f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end of the run (read ratios on a busy machine).", ""]
    for copies, r in found.items():
        lines += [f"## ×{copies}: {r['entities']:,} entities, {r['names']:,} names — built in {r['build_s']:.2f} s, {r['memory_mib']:.1f} MiB", "",
                  "| typed | median ms/keystroke | p99 ms | max ms | first hit (full query) |", "|---|---|---|---|---|"]
        lines += [f"| `{q}` | {x['median_ms']:.3f} | {x['p99_ms']:.3f} | {x['max_ms']:.3f} | {x['first']} |" for q, x in r["queries"].items()]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--release", type=Path, default=RELEASE)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    real = real_results(args.release)
    found = {1: measure(real, args.runs), args.copies: measure(multiply(real, args.copies), args.runs)}
    text = report(found, args.runs)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
