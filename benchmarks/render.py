"""Benchmark (not a test): time to first render and memory of the whole-graph explorer in Chromium.

Runs the real graph's explorer and a synthetic graph of about 5,000 nodes (same kinds and about the
same edges per node as the real one) through the whole pipeline — RDF store, SPARQL, networkx layout
and analysis, HTML — then opens each page from disk in Debian's Chromium (Playwright from PyPI) and
reports, as the median of several loads:

* first render: ms from navigation start to vis-network's first ``afterDrawing``;
* DOMContentLoaded and load event, ms;
* redraw: ms for one full redraw after load;
* JS heap used: ``performance.memory.usedJSHeapSize`` and CDP ``Performance.getMetrics``.

Usage: ``.venv/bin/python benchmarks/render.py [--nodes 5000] [--runs 3]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from minilat.store import Store
from minilat.views import analysis, facts, network, render
from minilat.views.describe import Describer

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--enable-precise-memory-info"]
ID = "https://w3id.org/minilat/id/"
MLO = "https://w3id.org/minilat/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
GRAPH = "<https://w3id.org/minilat/graph/digest>"


def synthetic(nodes: int, seed: int = 7) -> str:
    """N-Quads for a graph of about ``nodes`` entities shaped like the real one (claims, concepts, states, mechanisms)."""
    rng = random.Random(seed)
    quads: list[str] = []

    def q(s: str, p: str, o: str) -> None:
        quads.append(f"<{s}> <{p}> {o} {GRAPH} .")

    def label(s: str, en: str, zh: str) -> None:
        q(s, RDFS + "label", f'"{en}"@en')
        q(s, RDFS + "label", f'"{zh}"@zh')

    q(MLO + "EmpiricalFinding", RDFS + "subClassOf", f"<{MLO}Claim>")
    share = {"claim": 0.42, "concept": 0.27, "state": 0.12, "mechanism": 0.07, "event": 0.05, "person": 0.04, "work": 0.03}
    made: dict[str, list[str]] = {}
    for kind, part in share.items():
        made[kind] = [f"{ID}{kind}/s{i}" for i in range(max(2, round(nodes * part)))]
    kinds = ("MinilateralMechanism", "MultilateralInstitution", "TreatyRegime")
    for i, m in enumerate(made["mechanism"]):
        q(m, TYPE, f"<{MLO}{kinds[i % 3]}>")
        label(m, f"Mechanism {i}", f"机制{i}")
    for i, s in enumerate(made["state"]):
        q(s, TYPE, f"<{MLO}State>")
        label(s, f"State {i}", f"国家{i}")
    for i, c in enumerate(made["concept"]):
        q(c, TYPE, f"<{SKOS}Concept>")
        q(c, SKOS + "inScheme", f"<{ID}scheme/concepts>")
        label(c, f"Concept {i}", f"概念{i}")
        if i and rng.random() < 0.3:
            q(c, SKOS + "broader", f"<{made['concept'][rng.randrange(i)]}>")
        if rng.random() < 0.6:
            q(c, SKOS + "related", f"<{rng.choice(made['concept'])}>")
    for i, w in enumerate(made["work"]):
        q(w, TYPE, "<http://purl.org/spar/fabio/JournalArticle>")
        label(w, f"Article {i}", f"文章{i}")
    for i, p in enumerate(made["person"]):
        q(p, TYPE, "<http://xmlns.com/foaf/0.1/Person>")
        label(p, f"Person {i}", f"人物{i}")
        q(rng.choice(made["work"]), "http://purl.org/dc/terms/creator", f"<{p}>")
    for i, e in enumerate(made["event"]):
        q(e, TYPE, f"<{MLO}Event>")
        label(e, f"Event {i}", f"事件{i}")
        for target in rng.sample(made["state"] + made["mechanism"], 3):
            q(e, MLO + "involves", f"<{target}>")
    for i, c in enumerate(made["claim"]):
        q(c, TYPE, f"<{MLO}Claim>")
        q(c, TYPE, f"<{MLO}EmpiricalFinding>")
        q(c, MLO + "claimOf", f"<{rng.choice(made['work'])}>")
        annotation = f"{ID}annotation/claim-{i}"  # the quote is the annotation's oa:exact, as the assembly writes it
        q(c, MLO + "anchoredBy", f"<{annotation}>")
        q(annotation, OA + "hasTarget", f"<{annotation}#target>")
        q(f"{annotation}#target", OA + "hasSelector", f"<{annotation}#quote>")
        q(f"{annotation}#quote", OA + "exact", f'"论断{i}的原文"')
        q(c, MLO + "statement", f'"Statement of claim {i}"@en')
        for target in rng.sample(made["concept"], 2) + rng.sample(made["state"] + made["mechanism"], 1):
            q(c, MLO + "about", f"<{target}>")
        if i and rng.random() < 0.5:
            relation = rng.choice(("supports", "elaborates", "qualifies", "contests"))
            q(c, MLO + relation, f"<{made['claim'][rng.randrange(i)]}>")
    for j, m in enumerate(made["mechanism"]):
        for k, s in enumerate(rng.sample(made["state"], min(len(made["state"]), rng.randint(3, 12)))):
            ms = f"{ID}membership/s{j}-{k}"
            q(ms, TYPE, f"<{ORG}Membership>")
            q(ms, ORG + "member", f"<{s}>")
            q(ms, ORG + "organization", f"<{m}>")
            q(ms, MLO + "layer", '"digest"' if rng.random() < 0.3 else '"background"')
    return "\n".join(quads) + "\n"


def explorer_page(store: Store, out: Path) -> tuple[Path, dict[str, float], int, int]:
    """Write the explorer for a store; returns the file, the build timings and its node and edge counts."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    found = facts.load(store)
    timings["sparql"] = time.perf_counter() - clock
    clock = time.perf_counter()
    view = network.explorer(found, Describer(found))
    pos, metrics = analysis.layout(view), analysis.metrics(view)
    timings["networkx"] = time.perf_counter() - clock
    clock = time.perf_counter()
    works = list(found.works)
    labels = {w: (found.works[w].short_en, found.works[w].short_zh) for w in works}
    path = out / "explorer.html"
    path.write_text(render.page(view, pos, metrics, works, labels), encoding="utf-8")
    timings["html"] = time.perf_counter() - clock
    return path, timings, view.graph.number_of_nodes(), view.graph.number_of_edges()


def measure(browser: object, path: Path) -> dict[str, float]:
    """One cold load of a page in a new context."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("window.minilat && window.minilat.ready", timeout=120_000)
    result = page.evaluate("""async () => {
        const nav = performance.getEntriesByType('navigation')[0];
        const net = window.minilat.network;
        const t0 = performance.now();
        await new Promise(done => { net.once('afterDrawing', done); net.redraw(); });
        const redraw = performance.now() - t0;
        return {first: window.minilat.firstDraw, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, redraw,
                heap: performance.memory ? performance.memory.usedJSHeapSize : 0};
    }""")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    result["cdp_heap"] = metrics.get("JSHeapUsedSize", 0.0)
    result["nodes_dom"] = metrics.get("Nodes", 0.0)
    context.close()
    return result


def report(name: str, path: Path, timings: dict[str, float], nodes: int, edges: int, runs: list[dict[str, float]]) -> None:
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    firsts = ", ".join(f"{r['first']:.0f}" for r in runs)
    build = ", ".join(f"{k} {v:.2f}s" for k, v in timings.items())
    print(f"{name}: {nodes} nodes, {edges} edges, {path.stat().st_size / 1e6:.2f} MB HTML; build: {build}")
    print(f"  first render {med['first']:.0f} ms (DOMContentLoaded {med['dcl']:.0f} ms, load {med['load']:.0f} ms), "
          f"redraw {med['redraw']:.0f} ms, JS heap {med['heap'] / 2**20:.1f} MiB (CDP {med['cdp_heap'] / 2**20:.1f} MiB)"
          f"  [median of {len(runs)}; first renders {firsts} ms]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="minilat-bench-"))
    pages = []
    real = work / "real"
    real.mkdir()
    pages.append(("real graph", *explorer_page(Store.open(), real)))
    big = work / "synthetic"
    big.mkdir()
    nq = big / "synthetic.nq"
    nq.write_text(synthetic(args.nodes), encoding="utf-8")
    pages.append((f"synthetic {args.nodes}", *explorer_page(Store.open(release=nq), big)))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, timings, nodes, edges in pages:
            report(name, path, timings, nodes, edges, [measure(browser, path) for _ in range(args.runs)])
        browser.close()


if __name__ == "__main__":
    main()
