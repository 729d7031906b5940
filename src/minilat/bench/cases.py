"""Running one benchmark case (engine x size) in a subprocess, from the parent's side.

:func:`run_case` starts :mod:`minilat.bench.worker` in a fresh interpreter (peak RSS per
case), samples its memory, enforces the time and memory caps, and kills a worker stuck in
a query over the cap (pyoxigraph evaluates in Rust and never sees SIGALRM), restarting the
case without that query.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from minilat.bench.common import human_bytes, log


def _attempt(spec: dict[str, Any], tmpdir: Path, mem_cap: int | None, timeout: float | None,
             query_grace: float) -> tuple[dict[str, Any] | None, str | None, str | None, int]:
    """One subprocess run of a case: (result, killed-because, runaway query, sampled peak RSS)."""
    spec_path, result_path, beat_path = tmpdir / "spec.json", tmpdir / "result.json", tmpdir / "beat.json"
    for f in (result_path, beat_path):
        f.unlink(missing_ok=True)
    spec_path.write_text(json.dumps(spec))
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    code = "from minilat.bench.worker import _worker_main; _worker_main()"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(spec_path), str(result_path), str(beat_path)], env=env)
    killed = runaway = None
    sampled = 0
    try:
        import psutil

        watched = psutil.Process(proc.pid)
    except Exception:  # psutil missing: no memory watchdog
        watched = None
    cap = spec.get("query_cap")
    while proc.poll() is None:
        try:
            proc.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            pass
        if watched is not None:
            try:
                sampled = max(sampled, watched.memory_info().rss)
            except Exception:
                pass
            if mem_cap and sampled > mem_cap:
                killed = f"RSS > {human_bytes(mem_cap)} cap"
        if timeout and time.perf_counter() - started > timeout:
            killed = f"case > {timeout:.0f} s cap"
        if cap and not killed:
            try:
                beat = json.loads(beat_path.read_text())
            except (OSError, ValueError):
                beat = {}
            if beat.get("phase") == "query" and time.time() - beat["since"] > cap + query_grace:
                runaway = beat["query"]
                killed = f"query {runaway} > {cap:.0f} s cap"
        if killed:
            proc.kill()
            proc.wait()
            break
    try:
        result = json.loads(result_path.read_text())
    except (OSError, ValueError):
        result = None
    if killed is None and proc.returncode != 0:
        killed = f"worker exited with code {proc.returncode}"
    return result, killed, runaway, sampled


def run_case(spec: dict[str, Any], mem_cap: int | None = None, timeout: float | None = None,
             query_grace: float = 10.0) -> dict[str, Any]:
    """Run one case in a fresh subprocess (so peak RSS is per case); watch its memory, time and queries.

    A query run over ``spec['query_cap']`` seconds is reported as skipped. rdflib is
    interrupted inside the worker (SIGALRM); pyoxigraph evaluates in Rust and does not
    see the signal, so the parent kills the worker and restarts the case without the
    queries already done (an on-disk store is reopened rather than loaded again).
    """
    from minilat.library import library

    order = {name: i for i, name in enumerate(spec.get("queries") or library(), 1)}
    tag = f"{spec['label']} {spec['engine']}"
    started = time.perf_counter()
    base: dict[str, Any] | None = None
    done: dict[str, dict[str, Any]] = {}
    skip = dict(spec.get("skip_queries", {}))
    sampled_peak = 0
    attempts = 0
    with tempfile.TemporaryDirectory(prefix="minilat-bench-") as tmp:
        while True:
            attempts += 1
            child = dict(spec, exclude=sorted(done), skip_queries=skip, order=order, total_queries=len(order),
                         reuse_store=bool(base and spec.get("store_dir")))
            remaining = None if timeout is None else max(60.0, timeout - (time.perf_counter() - started))
            result, killed, runaway, sampled = _attempt(child, Path(tmp), mem_cap, remaining, query_grace)
            sampled_peak = max(sampled_peak, sampled)
            if result is not None:
                done.update({name: entry for name, entry in result.get("queries", {}).items() if entry})
                if base is None and result.get("load_s") is not None:
                    base = result
                elif base is not None:  # a restart: the case's peak is the larger of the attempts'
                    base["peak_rss"] = max(base.get("peak_rss") or base.get("peak_rss_load") or 0,
                                           result.get("peak_rss") or result.get("peak_rss_load") or 0)
            if runaway and base is not None:
                cap = spec["query_cap"]
                log(f"{tag}: query {runaway} ran over the {cap:.0f} s cap: killed; restarting the case without it")
                done[runaway] = {"skipped": f"> {cap:.0f} s cap"}
                skip[runaway] = f"> {cap:.0f} s cap"
                continue
            break
    final = base or result or {"engine": spec["engine"], "label": spec["label"], "triples": spec["triples"],
                               "store": "on-disk (bulk load)" if spec.get("store_dir") else "in memory"}
    final["queries"] = {name: done[name] for name in order if name in done}
    if final.get("peak_rss_load"):
        final["peak_rss"] = max(final.get("peak_rss") or 0, final["peak_rss_load"])
    final["wall_s"] = time.perf_counter() - started
    final["peak_rss_sampled"] = sampled_peak or None
    final["attempts"] = attempts
    if killed and not runaway:
        final.update(status="skipped" if "cap" in killed else "error", reason=killed)
        log(f"{tag}: stopped ({killed})")
    elif base is not None and len(final["queries"]) == len(order):
        final["status"] = "ok"
    if result is not None and result.get("loadavg_end") is not None:
        final["loadavg_end"] = result["loadavg_end"]
    return final
