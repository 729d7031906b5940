"""One benchmark case (engine x size) inside its subprocess: load, then time every library query.

Runs in a fresh interpreter started by :func:`minilat.bench.cases.run_case`, so that peak
RSS is the case's own. Writes its result and a heartbeat (the phase and query it is in)
to files the supervising parent reads; rdflib queries over the cap are interrupted here
with SIGALRM.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from minilat.bench.common import (
    MAX_RUNS,
    MIN_QUERY_TIME,
    _write_json,
    human_bytes,
    human_time,
    log,
)


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout()


def _peak_rss() -> int:
    """Peak resident set size of this process so far, in bytes.

    Linux: VmHWM of /proc/self/status, the high-water mark of this address space. Not
    getrusage's ru_maxrss, which survives execve and so starts a case subprocess at the
    parent's own peak.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _current_rss() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # pragma: no cover - not Linux
        return _peak_rss()


def _consume(result: Any) -> int:
    """Materialize a query result fully; return its row (or triple) count."""
    if isinstance(result, bool):
        return int(result)
    ask = getattr(result, "askAnswer", None)  # rdflib ASK
    if ask is not None and getattr(result, "type", "") == "ASK":
        return int(bool(ask))
    if type(result).__name__ == "QueryBoolean":  # pyoxigraph ASK
        return int(bool(result))
    n = 0
    for _ in result:
        n += 1
    return n


def _beat(path: Path | None, **state: Any) -> None:
    """Tell the supervising parent what this case is doing (and since when)."""
    if path is not None:
        _write_json(path, state | {"since": time.time()})


def run_case_in_process(spec: dict[str, Any], result_path: Path | None = None,
                        heartbeat: Path | None = None) -> dict[str, Any]:
    """Load one dataset into one engine and time every library query (this process)."""
    from minilat.library import library

    engine, data, on_disk = spec["engine"], Path(spec["data"]), spec.get("store_dir")
    reuse = bool(spec.get("reuse_store"))
    label = spec["label"]
    tag = f"{label} {engine}"
    result: dict[str, Any] = {
        "engine": engine, "label": label, "triples": spec["triples"], "status": "running",
        "store": "on-disk (bulk load)" if on_disk else "in memory",
        "loadavg_start": os.getloadavg()[0],
        "queries": {},
    }

    def save() -> None:
        if result_path is not None:
            _write_json(result_path, result)

    signal.signal(signal.SIGALRM, _on_alarm)
    # The query texts the parent read at the start of the benchmark (one consistent library per run).
    texts = spec.get("queries") or {name: q.text for name, q in library().items()}
    queries = {name: text for name, text in texts.items() if name not in spec.get("exclude", ())}
    result["rss_before"] = _current_rss()

    # Load (or, when the parent restarts a case after a runaway query, reopen the on-disk store).
    log(f"{tag}: {'reopening' if reuse else 'loading'} {data.name} ({result['store']})")
    _beat(heartbeat, phase="load")
    load_cap = spec.get("load_cap")
    paired: Callable[..., Any] | None = None
    t0 = time.perf_counter()
    try:
        if load_cap:
            signal.setitimer(signal.ITIMER_REAL, load_cap)
        if engine == "minilat":
            from minilat.store import Store

            store = Store(Path(on_disk) if on_disk else None)
            if not reuse:
                store.load(data)
            import pyoxigraph as ox

            def run(text: str, bound: dict[str, str] | None = None) -> Any:
                """Store.query: union default graph by default; bindings as --bind passes them."""
                return store.query(text, bindings={k: ox.NamedNode(v) for k, v in (bound or {}).items()})

            if spec.get("paired"):  # the same engine without the layer, interleaved in this process
                def paired(text: str, bound: dict[str, str] | None = None) -> Any:
                    return store.engine.query(text, use_default_graph_as_union=True, substitutions=_subst(ox, bound))
            size = len(store)
        elif engine == "pyoxigraph":
            import pyoxigraph as ox

            from minilat.store import open_engine

            raw = open_engine(Path(on_disk) if on_disk else None)  # the bare engine, no Store layer
            if on_disk and not reuse:
                raw.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
                raw.flush()
            elif not on_disk:
                raw.load(path=str(data), format=ox.RdfFormat.N_QUADS)
            def run(text: str, bound: dict[str, str] | None = None) -> Any:
                return raw.query(text, use_default_graph_as_union=True, substitutions=_subst(ox, bound))
            size = len(raw)
        elif engine == "rdflib":
            import rdflib

            ds = rdflib.Dataset(default_union=True)
            ds.parse(str(data), format="nquads")
            def run(text: str, bound: dict[str, str] | None = None) -> Any:
                if not bound:
                    return ds.query(text)
                return ds.query(text, initBindings={k: rdflib.URIRef(v) for k, v in bound.items()})
            size = len(ds)
        else:
            raise ValueError(f"unknown engine {engine!r}")
    except _Timeout:
        result.update(status="skipped", reason=f"load > {load_cap:.0f} s cap", load_s=None, peak_rss_load=_peak_rss())
        log(f"{tag}: load exceeded the {load_cap:.0f} s cap: skipped")
        save()
        return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    result["load_s"] = time.perf_counter() - t0
    result["peak_rss_load"] = _peak_rss()
    result["rss_after_load"] = _current_rss()
    result["quads_loaded"] = size
    result["status"] = "loaded"
    log(f"{tag}: {'reopened' if reuse else 'loaded'} {size:,} quads in {human_time(result['load_s'])}, "
        f"peak RSS {human_bytes(result['peak_rss_load'])}")
    save()

    # Warm up the query machinery (rdflib's parser grammar, lazy imports) outside the timings.
    _consume(run("ASK { ?s ?p ?o }"))

    repeat, cap, budget = spec["repeat"], spec.get("query_cap"), spec.get("query_budget")
    min_time = spec.get("min_query_time", MIN_QUERY_TIME)
    skip = spec.get("skip_queries", {})
    total = spec.get("total_queries", len(queries))
    for name, text in queries.items():
        i = spec.get("order", {}).get(name, 0) or len(result["queries"]) + 1
        entry: dict[str, Any] = {}
        result["queries"][name] = entry
        if name in skip:
            entry.update(skipped=skip[name])
            log(f"{tag}: query {i}/{total} {name}: skipped ({skip[name]})")
            continue
        times: list[float] = []
        paired_times: list[float] = []
        rows = None
        bound = spec.get("bindings", {}).get(name)
        if bound:
            entry["bindings"] = bound

        def timed(fn: Callable[..., Any], text: str = text, name: str = name,
                  bound: dict[str, str] | None = bound) -> tuple[int, float]:
            """One run under the cap (SIGALRM interrupts rdflib; the parent watches the Rust engines)."""
            _beat(heartbeat, phase="query", query=name)
            if cap:
                signal.setitimer(signal.ITIMER_REAL, cap)
            t = time.perf_counter()
            n = _consume(fn(text, bound))
            elapsed = time.perf_counter() - t
            signal.setitimer(signal.ITIMER_REAL, 0)
            return n, elapsed

        try:
            while True:
                if paired and len(times) % 2:  # alternate which of the pair runs first
                    paired_times.append(timed(paired)[1])
                rows, elapsed = timed(run)
                times.append(elapsed)
                if paired and len(times) % 2:
                    paired_times.append(timed(paired)[1])
                spent = sum(times) + sum(paired_times)
                if budget and spent + (2 if paired else 1) * times[-1] > budget:
                    break  # a slow query: fewer runs rather than many minutes on it
                if len(times) >= repeat and (spent >= min_time or len(times) >= MAX_RUNS):
                    break
        except _Timeout:
            entry.update(skipped=f"> {cap:.0f} s cap")
            log(f"{tag}: query {i}/{total} {name}: > {cap:.0f} s, skipped")
            save()
            continue
        except Exception as exc:  # the engine rejected the query: record it, keep going
            entry.update(error=" ".join(str(exc).split())[:300])
            log(f"{tag}: query {i}/{total} {name}: error {entry['error'][:120]}")
            save()
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        entry.update(median_s=statistics.median(times), min_s=min(times), runs=len(times), rows=rows)
        if paired_times:
            entry["paired_raw_median_s"] = statistics.median(paired_times)
        log(f"{tag}: query {i}/{total} {name}: median {human_time(entry['median_s'])} ({len(times)} runs, {rows} rows)")
        save()
    _beat(heartbeat, phase="done")
    result["peak_rss"] = _peak_rss()
    result["loadavg_end"] = os.getloadavg()[0]
    result["status"] = "ok"
    save()
    return result


def _subst(ox: Any, bound: dict[str, str] | None) -> dict[Any, Any] | None:
    """pyoxigraph's SEP-0007 substitutions for the bindings of a query run as asked."""
    return {ox.Variable(k): ox.NamedNode(v) for k, v in bound.items()} if bound else None


def _worker_main() -> None:
    """Entry point of the case subprocess: ``python -c '...' SPEC RESULT HEARTBEAT``."""
    spec = json.loads(Path(sys.argv[1]).read_text())
    run_case_in_process(spec, Path(sys.argv[2]), Path(sys.argv[3]))
