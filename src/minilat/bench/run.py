"""The whole benchmark: every size x engine case in turn, with the run's environment and caps.

:func:`run_benchmark` generates (or reuses) the datasets, runs each case in its own
subprocess, skips what a smaller size shows to be over a cap, and rewrites the reports
after every case so that a long run can be read while it goes.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from minilat import paths
from minilat.bench.asked import plan
from minilat.bench.cases import run_case
from minilat.bench.common import (
    DATA,
    DEFAULT_SEED,
    ENGINES,
    FEW_RUNS,
    FEW_RUNS_FROM,
    MAX_RUNS,
    MIN_QUERY_TIME,
    ON_DISK_FROM,
    QUERY_BUDGET,
    RESULTS,
    human_bytes,
    log,
    size_label,
)
from minilat.bench.generator import dataset
from minilat.bench.report import write_outputs


def environment() -> dict[str, Any]:
    """Date, machine and versions, for the report header."""
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    cpu, ram = platform.processor() or platform.machine(), None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    commit = None
    try:
        commit = subprocess.run(["git", "-C", str(paths.ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"nproc": os.cpu_count(), "ram_bytes": ram, "cpu": cpu, "platform": platform.platform()},
        "python": platform.python_version(),
        "pyoxigraph": version("pyoxigraph"),
        "rdflib": version("rdflib"),
        "minilat": version("minilat"),
        "commit": commit,
    }


def _rdflib_precheck(cases: list[dict[str, Any]], triples: int, load_cap: float, mem_cap: int | None) -> str | None:
    """Skip an rdflib size that a smaller size in this run shows to be over a cap (say why)."""
    smaller = [c for c in cases if c["engine"] == "rdflib" and c["triples"] < triples]
    if not smaller:
        return None
    last = max(smaller, key=lambda c: c["triples"])
    if last.get("load_s") is None:
        return f"> cap: the {last['label']} load was already {last.get('reason', 'over a cap')}"
    factor = triples / last["triples"]
    load = last["load_s"] * factor
    if load > load_cap:
        return (f"> {load_cap:.0f} s load cap: predicted {load:.0f} s, {factor:.0f}x the {last['label']} load "
                f"of {last['load_s']:.0f} s")
    rss = (last.get("peak_rss_load") or 0) * factor
    if mem_cap and rss > mem_cap:
        return f"> {human_bytes(mem_cap)} memory cap: predicted {human_bytes(rss)}, {factor:.0f}x the {last['label']} load"
    return None


def run_benchmark(
    sizes: list[int],
    repeat: int = 5,
    out: Path = RESULTS,
    seed: int = DEFAULT_SEED,
    data_dir: Path = DATA,
    engines: tuple[str, ...] = ENGINES,
    rdflib_load_cap: float = 900.0,
    query_cap: float = 60.0,
    mem_cap: int | None = 16 * 2**30,
    keep_stores: bool = False,
    command: str = "",
) -> dict[str, Any]:
    from minilat.library import library

    started = time.perf_counter()
    lib = dict(library())  # later edits of the .rq files do not leak in
    snapshot = {name: q.text for name, q in lib.items()}
    queries = list(snapshot)
    results: dict[str, Any] = {
        "meta": environment() | {
            "command": command, "seed": seed, "repeat": repeat, "sizes": [size_label(s) for s in sorted(sizes)],
            "engines": list(engines), "queries": queries,
            "asked": {name: [p.name for p in q.params] for name, q in lib.items() if q.params},
            "query_sha256": {name: hashlib.sha256(text.encode()).hexdigest()[:16] for name, text in snapshot.items()},
            "caps": {"rdflib_load_s": rdflib_load_cap, "query_s": query_cap, "query_budget_s": QUERY_BUDGET,
                     "mem_bytes": mem_cap},
            "method": {
                "runs": f"median of >= {repeat} runs per query ({FEW_RUNS} from {size_label(FEW_RUNS_FROM)}), "
                        f"fast queries repeated until {MIN_QUERY_TIME} s (at most {MAX_RUNS} runs), slow ones cut short "
                        f"after {QUERY_BUDGET:.0f} s per query; a global warm-up query after the load, none per query",
                "store": f"in memory below {size_label(ON_DISK_FROM)} triples (Store.load / Store().load), on disk with "
                         "bulk_load from there on; rdflib: Dataset(default_union=True).parse(format='nquads')",
                "bindings": "library queries (texts read once at the start; sha256 in results.json) run unbound "
                            "(every parameter defaults to all: the result grows with the data) and, when they have "
                            "parameters, also as asked: each parameter bound to one entity (the header's example "
                            "when it is an ontology term, else the busiest synthetic entity of its kind), through "
                            "Store.query bindings / pyoxigraph substitutions / rdflib initBindings",
                "union": "default graph = union of the named graphs, in all three engines",
                "rss": "peak RSS (VmHWM) of the case's own subprocess, after the load and at the end of the case",
            },
        },
        "datasets": {},
        "cases": [],
    }
    out.mkdir(parents=True, exist_ok=True)
    log(f"benchmark: sizes {', '.join(results['meta']['sizes'])}; engines {', '.join(engines)}; "
        f"{len(queries)} library queries; results in {out}")
    for triples in sorted(sizes):
        label = size_label(triples)
        path, meta = dataset(triples, seed, data_dir)
        results["datasets"][label] = meta
        texts, bound = plan(lib, meta["examples"])
        on_disk = triples >= ON_DISK_FROM
        runs = min(repeat, FEW_RUNS) if triples >= FEW_RUNS_FROM else repeat
        for engine in engines:
            spec: dict[str, Any] = {"engine": engine, "label": label, "triples": triples, "data": str(path),
                                    "repeat": runs, "query_cap": query_cap, "query_budget": QUERY_BUDGET,
                                    "paired": engine == "minilat" and triples < FEW_RUNS_FROM, "queries": texts,
                                    "bindings": bound}
            # A query over the cap at a smaller size is not tried again at a larger one.
            skip: dict[str, str] = {}
            for c in results["cases"]:
                if c["engine"] == engine and c["triples"] < triples:
                    for name, q in c.get("queries", {}).items():
                        if "skipped" in q and name not in skip:
                            skip[name] = q["skipped"] if " at " in q["skipped"] else f"{q['skipped']} at {c['label']}"
            spec["skip_queries"] = skip
            timeout = None
            store_dir = None
            if engine == "rdflib":
                reason = _rdflib_precheck(results["cases"], triples, rdflib_load_cap, mem_cap)
                if reason:
                    log(f"{label} rdflib: skipped ({reason})")
                    results["cases"].append({"engine": engine, "label": label, "triples": triples, "status": "skipped",
                                             "reason": reason, "queries": {}, "store": "in memory"})
                    continue
                spec["load_cap"] = rdflib_load_cap
                timeout = rdflib_load_cap + len(texts) * (QUERY_BUDGET + query_cap) + 600
            elif on_disk:
                store_dir = data_dir / "stores" / f"{engine}-{label}"
                shutil.rmtree(store_dir, ignore_errors=True)
                store_dir.parent.mkdir(parents=True, exist_ok=True)
                spec["store_dir"] = str(store_dir)
            log(f"{label} {engine}: case starts")
            case = run_case(spec, mem_cap=mem_cap, timeout=timeout)
            if store_dir is not None and store_dir.is_dir():
                case["store_bytes"] = sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file())
                if not keep_stores:
                    shutil.rmtree(store_dir, ignore_errors=True)
            results["cases"].append(case)
            results["meta"]["wall_s"] = time.perf_counter() - started
            write_outputs(results, out)
    results["meta"]["wall_s"] = time.perf_counter() - started
    write_outputs(results, out)
    log(f"benchmark done in {results['meta']['wall_s'] / 60:.1f} min: {out / 'results.md'}")
    return results
