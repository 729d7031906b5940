"""The benchmark's reports: ratios between engines, the targets, results.json, results.md, scale.png.

Everything here is computed from the results dictionary alone, so a stored
``results.json`` can be re-rendered without running anything.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from minilat.bench.asked import ASKED
from minilat.bench.common import (
    ENGINE_LABELS,
    ENGINES,
    _write_json,
    human_bytes,
    human_time,
    log,
)

# ---------------------------------------------------------------------------
# Ratios and targets
# ---------------------------------------------------------------------------

#: The targets the benchmark checks (MET / NOT MET in results.md).
TARGETS = {
    "overhead": 1.3,  # minilat / raw pyoxigraph, per query, at 1M
    "vs_rdflib_query": 0.05,  # geometric mean of minilat / rdflib, at 1M
    "load_time": 0.12,  # minilat / rdflib load time, at 1M
    "load_rss": 0.5,  # minilat / rdflib peak RSS, at 1M
    "rss_10m_gib": 6.0,  # on-disk load of 10M, peak RSS
    "query_10m_s": 2.0,  # every library query at 10M, median
}


def measurements(meta: dict[str, Any]) -> list[str]:
    """Every measurement key in library order: ``name@asked`` (bound) before ``name`` (unbound)."""
    asked = meta.get("asked", {})
    return [key for name in meta["queries"] for key in ((name + ASKED, name) if name in asked else (name,))]


def as_asked(meta: dict[str, Any]) -> list[str]:
    """The library as a user asks it: bound where a query has parameters, else the query itself."""
    asked = meta.get("asked", {})
    return [name + ASKED if name in asked else name for name in meta["queries"]]


def _case(results: dict[str, Any], engine: str, label: str) -> dict[str, Any] | None:
    for c in results["cases"]:
        if c["engine"] == engine and c["label"] == label:
            return c
    return None


def _median(case: dict[str, Any] | None, query: str) -> float | None:
    if not case:
        return None
    return case.get("queries", {}).get(query, {}).get("median_s")


def _geomean(values: list[float]) -> float | None:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def ratios(results: dict[str, Any], label: str) -> dict[str, Any]:
    """Per-query minilat/raw and minilat/rdflib ratios at one size, with their geometric means."""
    minilat, raw, rdf = (_case(results, e, label) for e in ENGINES)
    per_query: dict[str, dict[str, float | None]] = {}
    for name in measurements(results["meta"]):
        m, r, b = _median(minilat, name), _median(raw, name), _median(rdf, name)
        pr = (minilat or {}).get("queries", {}).get(name, {}).get("paired_raw_median_s")
        per_query[name] = {
            "minilat/raw": m / r if m and r else None,
            "minilat/rdflib": m / b if m and b else None,
            "minilat/raw paired": m / pr if m and pr else None,
        }
    vs_raw = [v["minilat/raw"] for v in per_query.values() if v["minilat/raw"]]
    vs_paired = [v["minilat/raw paired"] for v in per_query.values() if v["minilat/raw paired"]]
    vs_rdf = [v["minilat/rdflib"] for v in per_query.values() if v["minilat/rdflib"]]
    out: dict[str, Any] = {
        "per_query": per_query,
        "geomean_minilat/raw": _geomean(vs_raw),
        "max_minilat/raw": max(vs_raw) if vs_raw else None,
        "geomean_minilat/raw paired": _geomean(vs_paired),
        "max_minilat/raw paired": max(vs_paired) if vs_paired else None,
        "geomean_minilat/rdflib": _geomean(vs_rdf),
        "rdflib_finished": len(vs_rdf),
    }
    if minilat and rdf and minilat.get("load_s") and rdf.get("load_s"):
        out["load_time_minilat/rdflib"] = minilat["load_s"] / rdf["load_s"]
        out["load_rss_minilat/rdflib"] = minilat["peak_rss_load"] / rdf["peak_rss_load"]
    if minilat and raw and minilat.get("load_s") and raw.get("load_s"):
        out["load_time_minilat/raw"] = minilat["load_s"] / raw["load_s"]
    return out


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each MET / NOT MET / NOT MEASURED with the measured value."""
    t = TARGETS
    found: list[dict[str, Any]] = []

    def add(key: str, text: str, measured: float | None, ok: bool | None, detail: str) -> None:
        status = "NOT MEASURED" if ok is None else ("MET" if ok else "NOT MET")
        found.append({"id": key, "target": text, "measured": measured, "status": status, "detail": detail})

    names = measurements(results["meta"])
    if "1M" in results["datasets"]:
        r = ratios(results, "1M")
        measured = [(n, v["minilat/raw"]) for n, v in r["per_query"].items() if v["minilat/raw"] is not None]
        missing = [n for n in names if r["per_query"][n]["minilat/raw"] is None]
        worst = max(measured, key=lambda x: x[1]) if measured else None
        over = [n for n, v in measured if v > t["overhead"]]
        add("overhead_1m", f"1M: every library query through minilat's store layer ≤ {t['overhead']}x the raw pyoxigraph median",
            worst[1] if worst else None, (not over and not missing) if measured else None,
            (f"max {worst[1]:.2f}x ({_shown_name(worst[0])}); geometric mean {r['geomean_minilat/raw']:.2f}x; "
             f"{len(over)} of {len(measured)} queries over" if worst else "no query measured")
            + (f"; same-process interleaved check: max {r['max_minilat/raw paired']:.2f}x, geometric mean "
               f"{r['geomean_minilat/raw paired']:.2f}x" if r.get("max_minilat/raw paired") else "")
            + (f"; not measured: {', '.join(missing)}" if missing else ""))
        paired = [(n, v["minilat/raw paired"]) for n, v in r["per_query"].items() if v["minilat/raw paired"] is not None]
        if paired:  # the layer's own cost: the same store, raw engine.query interleaved with Store.query
            worst_p = max(paired, key=lambda x: x[1])
            over_p = [n for n, v in paired if v > t["overhead"]]
            add("overhead_1m_paired", f"1M: the same, measured on one store (raw engine.query interleaved with "
                f"Store.query in one process) ≤ {t['overhead']}x", worst_p[1], not over_p,
                f"max {worst_p[1]:.2f}x ({_shown_name(worst_p[0])}); geometric mean {r['geomean_minilat/raw paired']:.2f}x; "
                f"{len(over_p)} of {len(paired)} queries over")
        g = r["geomean_minilat/rdflib"]
        add("vs_rdflib_1m", f"1M: geometric mean over the library of minilat/rdflib medians ≤ {t['vs_rdflib_query']}",
            g, g <= t["vs_rdflib_query"] if g is not None else None,
            f"over the {r['rdflib_finished']} of {len(names)} queries rdflib finished" if g is not None else "rdflib finished no query")
        lt, lr = r.get("load_time_minilat/rdflib"), r.get("load_rss_minilat/rdflib")
        add("load_time_1m", f"1M: load time ≤ {t['load_time']}x rdflib's", lt, lt <= t["load_time"] if lt is not None else None,
            _load_detail(results, "1M", "load_s", human_time))
        add("load_rss_1m", f"1M: peak RSS of the load ≤ {t['load_rss']}x rdflib's", lr, lr <= t["load_rss"] if lr is not None else None,
            _load_detail(results, "1M", "peak_rss_load", human_bytes))
    else:
        for key, text in (("overhead_1m", f"1M: minilat ≤ {t['overhead']}x raw pyoxigraph per query"),
                          ("vs_rdflib_1m", f"1M: minilat/rdflib geomean ≤ {t['vs_rdflib_query']}"),
                          ("load_time_1m", f"1M: load ≤ {t['load_time']}x rdflib"),
                          ("load_rss_1m", f"1M: peak RSS ≤ {t['load_rss']}x rdflib")):
            add(key, text, None, None, "1M not in this run")
    big = _case(results, "minilat", "10M")
    if big and big.get("load_s") is not None:
        rss = big["peak_rss_load"]
        add("rss_10m", f"10M: load into the on-disk store with peak RSS < {t['rss_10m_gib']:.0f} GiB", rss / 2**30,
            rss < t["rss_10m_gib"] * 2**30,
            f"{human_bytes(rss)} at the end of the load ({human_time(big['load_s'])}); "
            f"{human_bytes(big.get('peak_rss'))} peak over the whole case")
        for key, how, keys in (("query_10m", "as asked (parameters bound to one entity)", as_asked(results["meta"])),
                               ("query_10m_unbound", "unbound (every parameter = all: whole-graph results)",
                                results["meta"]["queries"])):
            medians = [(n, _median(big, n)) for n in keys]
            slow = [(n, m) for n, m in medians if m is None or m >= t["query_10m_s"]]
            worst = max((x for x in medians if x[1] is not None), key=lambda x: x[1], default=None)
            add(key, f"10M: every library query {how} answers with median < {t['query_10m_s']:.0f} s",
                worst[1] if worst else None, not slow,
                (f"slowest {_shown_name(worst[0])} {human_time(worst[1])}; {len(keys) - len(slow)} of {len(keys)} under" if worst else "")
                + (f"; over or not answered: {', '.join(_shown_name(n) for n, _ in slow)}" if slow else ""))
    else:
        reason = big.get("reason", "load failed") if big else "10M not in this run (use --with-10m)"
        # Over a cap (time, memory) is a measurement that fails the target; a crash measures nothing.
        verdict = False if big and big.get("status") == "skipped" else None
        add("rss_10m", f"10M: on-disk load with peak RSS < {t['rss_10m_gib']:.0f} GiB", None, verdict, reason)
        add("query_10m", f"10M: every library query as asked median < {t['query_10m_s']:.0f} s", None, verdict, reason)
        add("query_10m_unbound", f"10M: every library query unbound median < {t['query_10m_s']:.0f} s", None, verdict, reason)
    return found


def _load_detail(results: dict[str, Any], label: str, key: str, fmt: Callable[[Any], str]) -> str:
    parts = []
    for engine in ENGINES:
        c = _case(results, engine, label)
        parts.append(f"{engine} {fmt(c.get(key)) if c and c.get(key) is not None else (c or {}).get('reason', '–')}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------
# Reports: JSON, Markdown, PNG
# ---------------------------------------------------------------------------


def write_outputs(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    results["ratios"] = {label: ratios(results, label) for label in results["datasets"]}
    results["targets"] = targets(results)
    _write_json(out / "results.json", results)
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    try:
        plot(results, out / "scale.png")
    except ImportError:
        log("matplotlib is not installed: no scale.png (pip install -e '.[bench]')")


def _cell(case: dict[str, Any] | None, name: str) -> str:
    if not case:
        return "–"
    if case.get("status") == "skipped" and case.get("load_s") is None:
        return "skipped"
    q = case.get("queries", {}).get(name)
    if q is None:
        return "–"
    if "median_s" in q:
        return human_time(q["median_s"])
    if "skipped" in q:
        return f"skipped ({q['skipped']})"
    return "error"


def markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    machine = meta["machine"]
    lines = [
        "# minilat scale benchmark",
        "",
        f"- Date: {meta['date']}" + (f" (commit {meta['commit']})" if meta.get("commit") else ""),
        f"- Machine: {machine['nproc']} CPUs, {human_bytes(machine['ram_bytes'])} RAM, {machine['cpu']} ({machine['platform']})",
        f"- Versions: Python {meta['python']}, pyoxigraph {meta['pyoxigraph']}, rdflib {meta['rdflib']}",
        f"- Command: `{meta.get('command') or 'minilat bench'}`; seed {meta['seed']}; wall time "
        f"{meta.get('wall_s', 0) / 60:.1f} min",
        f"- Caps: rdflib load {meta['caps']['rdflib_load_s']:.0f} s, query {meta['caps']['query_s']:.0f} s per run (every engine), "
        f"memory {human_bytes(meta['caps']['mem_bytes'])} per case; cases over a cap are reported as skipped",
        f"- Method: {_sentence(meta['method']['runs'])} {_sentence(meta['method']['store'])} "
        f"{_sentence(meta['method']['union'] + '; ' + meta['method']['bindings'])} {_sentence(meta['method']['rss'])}",
        f"- Library: {len(meta['queries'])} queries ({', '.join(meta['queries'])})",
        "",
        "## Targets",
        "",
        "| Target | Status | Measured | Detail |",
        "|---|---|---|---|",
    ]
    for t in results["targets"]:
        measured = "–" if t["measured"] is None else (f"{t['measured']:.3g} GiB" if t["id"] == "rss_10m" else (
            human_time(t["measured"]) if t["id"].startswith("query_10m") else f"{t['measured']:.3g}x"))
        lines.append(f"| {t['target']} | **{t['status']}** | {measured} | {t['detail']} |")
    lines += ["", "## Datasets", "", "| Size | Quads | Digests | Claims | Mechanisms | Concepts | File | Generated in |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, d in results["datasets"].items():
        lines.append(f"| {label} | {d['quads']:,} | {d['digests']:,} | {d['claims']:,} | {d['mechanisms']:,} | "
                     f"{d['concepts']:,} | {human_bytes(d['bytes'])} | {d['generate_s']:.1f} s |")
    lines += ["", "## Load", "", "| Size | Engine | Store | Load time | Peak RSS (load) | Peak RSS (case) | Machine load avg | Status |",
              "|---|---|---|---:|---:|---:|---:|---|"]
    for c in results["cases"]:
        status = c.get("status", "?") + (f" ({c['reason']})" if c.get("reason") else "")
        store = c.get("store", "") + (f", {human_bytes(c['store_bytes'])} on disk" if (c.get("store_bytes") or 0) > 2**20 else "")
        avg = (f"{c['loadavg_start']:.1f} → {c['loadavg_end']:.1f}" if c.get("loadavg_end") is not None
               else f"{c['loadavg_start']:.1f}" if c.get("loadavg_start") is not None else "–")
        lines.append(f"| {c['label']} | {ENGINE_LABELS[c['engine']]} | {store} | {human_time(c.get('load_s'))} | "
                     f"{human_bytes(c.get('peak_rss_load'))} | {human_bytes(c.get('peak_rss'))} | {avg} | {status} |")
    for label in results["datasets"]:
        r = results["ratios"][label]
        cases = [_case(results, e, label) for e in ENGINES]
        lines += ["", f"## Queries at {label} triples (median latency)", "",
                  "| Query | minilat | raw pyoxigraph | rdflib | minilat/raw | minilat/raw (paired) | minilat/rdflib | rows |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name in measurements(meta):
            rq = r["per_query"][name]
            rows = {e: c["queries"][name]["rows"] for e, c in zip(ENGINES, cases, strict=True)
                    if c and "rows" in c.get("queries", {}).get(name, {})}
            shown = ("–" if not rows else str(next(iter(rows.values()))) if len(set(rows.values())) == 1
                     else ", ".join(f"{e} {n}" for e, n in rows.items()))
            lines.append(
                f"| {_shown_name(name)} | {_cell(cases[0], name)} | {_cell(cases[1], name)} | {_cell(cases[2], name)} | "
                f"{_ratio(rq['minilat/raw'])} | {_ratio(rq['minilat/raw paired'])} | {_ratio(rq['minilat/rdflib'])} | {shown} |")
        partial = f" (over {r['rdflib_finished']})" if r["rdflib_finished"] < len(measurements(meta)) else ""
        lines.append(f"| **geometric mean** | | | | {_ratio(r['geomean_minilat/raw'])} | "
                     f"{_ratio(r['geomean_minilat/raw paired'])} | {_ratio(r['geomean_minilat/rdflib'])}{partial} | |")
        if "load_time_minilat/rdflib" in r:
            lines.append("")
            lines.append(f"Load: minilat/rdflib time {r['load_time_minilat/rdflib']:.3f}x, "
                         f"peak RSS {r['load_rss_minilat/rdflib']:.3f}x; minilat/raw time {r.get('load_time_minilat/raw', 0):.2f}x.")
        elif "load_time_minilat/raw" in r:
            lines.append("")
            lines.append(f"Load: minilat/raw time {r['load_time_minilat/raw']:.2f}x.")
    if meta.get("asked"):
        lines += ["", "## Bindings of the queries run as asked", "",
                  "Each parameter bound to one entity: the header's example when it is an ontology term, else the "
                  "busiest synthetic entity of its kind (the generator's count, in the dataset's .json).", "",
                  "| Size | Query | Bindings |", "|---|---|---|"]
        for label in results["datasets"]:
            case = next((c for c in results["cases"] if c["label"] == label and c.get("queries")), None)
            for name in meta["asked"]:
                bound = ((case or {}).get("queries", {}).get(name + ASKED) or {}).get("bindings")
                if bound:
                    shown = ", ".join(f"{k} = <{v}>" for k, v in bound.items())
                    lines.append(f"| {label} | {name} | {shown} |")
    lines += ["", "Rows: the result sizes the engines returned (one number when they agree). pyoxigraph's union "
              "default graph matches a triple once per named graph holding it, rdflib's union is a set, so queries "
              "over triples asserted in two graphs can count differently.",
              "minilat/raw compares the two cases' medians (separate processes, as the targets are stated); "
              "minilat/raw (paired) times raw `engine.query` interleaved with `Store.query` on the same store in the "
              "minilat process, which cancels out load from other processes on the machine.",
              "Ratios use medians from this run; `–` where an engine did not answer.", "", "![scale](scale.png)", ""]
    return "\n".join(lines)


def _shown_name(key: str) -> str:
    return f"{key[: -len(ASKED)]}, as asked" if key.endswith(ASKED) else key


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _ratio(value: float | None) -> str:
    return "–" if value is None else (f"{value:.2f}x" if value >= 0.1 else f"{value:.4f}x")


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    cap = results["meta"]["caps"]["query_s"]
    colors = {"minilat": "tab:blue", "pyoxigraph": "tab:orange", "rdflib": "tab:green"}
    for engine in results["meta"]["engines"]:
        cases = sorted((c for c in results["cases"] if c["engine"] == engine and c.get("load_s")), key=lambda c: c["triples"])
        if not cases:
            continue
        x = [c["triples"] for c in cases]
        name = ENGINE_LABELS[engine]
        axes[0].plot(x, [c["load_s"] for c in cases], "o-", color=colors[engine], label=name)
        med, worst, xq = [], [], []
        for c in cases:
            # A query over the cap counts as the cap (a lower bound), so skips do not flatter an engine.
            values = [q["median_s"] if "median_s" in q else cap for q in c["queries"].values() if "error" not in q]
            if values:
                xq.append(c["triples"])
                med.append(statistics.median(values))
                worst.append(max(values))
        axes[1].plot(xq, med, "o-", color=colors[engine], label=f"{name}: median over the library")
        axes[1].plot(xq, worst, "s--", color=colors[engine], alpha=0.6, label=f"{name}: slowest query")
        axes[2].plot(x, [c["peak_rss_load"] / 2**20 for c in cases], "o-", color=colors[engine], label=name)
    titles = ("Load time", "Query latency (per-query medians)", "Peak RSS after load")
    ylabels = ("seconds", "seconds", "MiB")
    for ax, title, ylabel in zip(axes, titles, ylabels, strict=True):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("triples")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=7)
    fig.suptitle(f"minilat scale benchmark, {results['meta']['date'][:10]} (queries over the {cap:.0f} s cap "
                 "counted at the cap; rejected queries left out)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
