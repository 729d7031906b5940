"""Benchmark (not a test): reasoning over k copies of the real ABox — HermiT vs the rule engine.

The ABox is the release's (``graphs/minilat.nq`` without the ontology and inferred graphs),
copied k times: states, mechanisms, concepts and the bibliography shared; the issue-local
claims, annotations, memberships, facts and argument links renamed per copy
(``…/id/claim/x`` → ``…/id/claim/x-c3``), as issues of a series would be. Each measurement
runs in its own process; its peak RSS is that process tree's (Java included).

* ``hermit``: ``reason.infer`` (owlready2 + HermiT over ontology + the whole ABox);
* ``engine``: ``entail.entail`` (plain Python sets; the TBox classification cached beforehand,
  its one-off cost reported apart);
* ``sparql``: the same rules as SPARQL updates in pyoxigraph, run to a fixpoint (store opened
  through ``minilat.store``), the output read off with SPARQL — the alternative design;
* ``consistency``: ``entail.check_consistent`` on one copy (what the build runs per issue), and
  HermiT's ``-k`` consistency check alone on the same input (what a leaner reason.py would run).

Every output is compared with the engine's at the same k (the ``same`` column).

Usage: ``.venv/bin/python benchmarks/entail.py [--hermit 1,4,16] [--engine 1,4,16,64,128]
[--sparql 1,4,16,64,128] [--repeat 2] [--wait-quiet] [--out benchmarks/results/entail-DATE.md]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from harness import PeakMemory, loadavg, quiet_note, wait_quiet

RELEASE = ROOT / "graphs" / "minilat.nq"
LEFT_OUT = ("/graph/ontology>", "/graph/inferred>")
LOCAL = re.compile(r"<(https://w3id\.org/minilat/id/(?:claim|annotation|membership|fact|argument)/[^>#]*)")


def base_lines() -> list[str]:
    """The ABox as N-Triples lines (the graph name dropped)."""
    out = []
    for line in RELEASE.read_text(encoding="utf-8").splitlines():
        if line and not line.endswith(LEFT_OUT[0] + " .") and not line.endswith(LEFT_OUT[1] + " ."):
            out.append(line.rsplit(" ", 2)[0] + " .")
    return out


def copy_lines(lines: list[str], k: int) -> list[str]:
    return [line if i == 0 else LOCAL.sub(f"<\\1-c{i}", line) for i in range(k) for line in lines]


def copy_triples(lines: list[str], k: int) -> list[tuple]:
    """The same copies as rdflib terms (what the build holds), renamed term by term."""
    from rdflib import Graph, URIRef

    base = list(Graph().parse(data="\n".join(lines), format="nt"))

    def rename(term: object, i: int) -> object:
        if isinstance(term, URIRef) and LOCAL.match(f"<{term}"):
            head, sep, tail = term.partition("#")
            return URIRef(f"{head}-c{i}{sep}{tail}")
        return term

    return [t if i == 0 else (rename(t[0], i), t[1], rename(t[2], i)) for i in range(k) for t in base]


def digest(triples: object) -> str:
    """A short hash of a set of triples (as plain strings, so the SPARQL rows compare too)."""
    return hashlib.sha256("\n".join(sorted(f"{s} {p} {o}" for s, p, o in triples)).encode()).hexdigest()[:12]


# -- the pyoxigraph alternative -------------------------------------------------------------

def sparql_entail(tbox: object, lines: list[str], cache: Path) -> tuple[set[tuple[str, str, str]], dict[str, float]]:
    """The engine's rules as SPARQL updates in pyoxigraph, to a fixpoint; the output read off with SPARQL."""
    from rdflib import OWL, RDF, RDFS

    from minilat.pipeline.reason import axioms, entail
    from minilat.pipeline.reason.classify import classify
    from minilat.pipeline.reason.hermit import ANNOTATIONS
    from minilat.store import Store

    times: dict[str, float] = {}
    clock = time.perf_counter()
    program = axioms.read(tbox)
    classified = classify(program, tbox, None, cache)
    engine = entail.Engine(program, classified)
    store = Store.memory()
    ox = store.engine
    skip = {f"<{p}>" for p in program.annotation_props | {RDFS.label, RDFS.comment}}
    typed = f"<{RDF.type}>"
    relevant = {typed} | {f"<{p}>" for p in program.object_props | program.data_props}
    annotation = f"<{ANNOTATIONS}"
    told, outside = [], []
    for s, p, o in program.assertions:
        told.append(f"{s.n3()} {p.n3()} {o.n3()} .")
    for line in lines:
        s, p, _ = line.split(" ", 2)
        if p in skip or p not in relevant:
            continue
        (outside if s.startswith(annotation) else told).append(line)
    data = "\n".join(told).encode()
    store.load_data(data, axioms_format())
    store.load_data(data, axioms_format(), graph="urn:told")
    store.load_data("\n".join(outside).encode(), axioms_format(), graph="urn:outside")
    schema = []
    named = {c for c in classified.up if not c.startswith(axioms.AUX)}
    for c in named:
        for d in named:
            if c in classified.up.get(d, ()) and d not in classified.up[c]:
                schema.append(f"<{d}> <urn:below> <{c}> .")
    for q in program.object_props:
        for s in program.object_props:
            if s != q and (q, False) in program.sup((s, False)):
                schema.append(f"<{s}> <urn:subprop> <{q}> .")
        inverse = entail._owlready_inverse(program, q)
        if inverse is not None:
            schema.append(f"<{q}> <urn:inverse> <{inverse}> .")
    store.load_data("\n".join(schema).encode(), axioms_format(), graph="urn:schema")
    times["load"] = time.perf_counter() - clock
    clock = time.perf_counter()
    updates = rules(program, classified, engine)
    rounds = 0
    while True:
        before = len(store)
        for update in updates:
            ox.update(update)
        rounds += 1
        if len(store) == before:
            break
    times["saturate"] = time.perf_counter() - clock
    times["rounds"] = rounds
    clock = time.perf_counter()
    classes = " ".join(f"<{c}>" for c in program.classes if c not in (OWL.Thing, OWL.NamedIndividual))
    found: set[tuple[str, str, str]] = set()
    for row in store.query(f"""SELECT ?x ?c WHERE {{ VALUES ?c {{ {classes} }} ?x a ?c . FILTER(isIRI(?x))
        FILTER NOT EXISTS {{ GRAPH <urn:told> {{ ?x a ?c }} }} FILTER NOT EXISTS {{ GRAPH <urn:outside> {{ ?x a ?c }} }}
        FILTER NOT EXISTS {{ ?x a ?d . GRAPH <urn:schema> {{ ?d <urn:below> ?c }} }} }}""", union=False):
        found.add((row["x"].value, str(RDF.type), row["c"].value))
    props = " ".join(f"<{q}>" for q in program.object_props)
    for row in store.query(f"""SELECT ?a ?q ?b WHERE {{ VALUES ?q {{ {props} }} ?a ?q ?b . FILTER(isIRI(?a) && isIRI(?b))
        FILTER NOT EXISTS {{ GRAPH <urn:told> {{ ?a ?q ?b }} }} FILTER NOT EXISTS {{ GRAPH <urn:outside> {{ ?a ?q ?b }} }}
        FILTER NOT EXISTS {{ GRAPH <urn:schema> {{ ?s <urn:subprop> ?q }} ?a ?s ?b }}
        FILTER NOT EXISTS {{ GRAPH <urn:schema> {{ ?q <urn:inverse> ?i }} GRAPH <urn:told> {{ ?b ?i ?a }} }} }}""", union=False):
        found.add((row["a"].value, row["q"].value, row["b"].value))
    found |= {(str(s), str(p), str(o)) for s, p, o in classified.tbox_inferred}
    times["read off"] = time.perf_counter() - clock
    return found, times


def axioms_format() -> object:
    import pyoxigraph

    return pyoxigraph.RdfFormat.N_TRIPLES


def rules(program: object, classified: object, engine: object) -> list[str]:
    """One SPARQL update per rule of the engine (``entail.Engine``'s tables)."""
    from rdflib import OWL

    def edge(role: tuple, x: str, y: str) -> str:
        return f"{y} <{role[0]}> {x}" if role[1] else f"{x} <{role[0]}> {y}"

    out = []
    pairs = " ".join(f"(<{c}> <{d}>)" for c, ds in classified.up.items() for d in ds if d != c and d != OWL.Thing)
    out.append(f"INSERT {{ ?x a ?d }} WHERE {{ ?x a ?c . VALUES (?c ?d) {{ {pairs} }} FILTER NOT EXISTS {{ ?x a ?d }} }}")
    for part, entries in engine.conj.items():
        for aux, parts in entries:
            if part == parts[0]:
                body = " . ".join(f"?x a <{p}>" for p in parts)
                out.append(f"INSERT {{ ?x a <{aux}> }} WHERE {{ {body} FILTER NOT EXISTS {{ ?x a <{aux}> }} }}")
    for role, entries in engine.by_role.items():
        for aux, filler in entries:
            body = edge(role, "?x", "?y") + (f" . ?y a <{filler}>" if filler is not None else "")
            out.append(f"INSERT {{ ?x a <{aux}> }} WHERE {{ {body} FILTER NOT EXISTS {{ ?x a <{aux}> }} }}")
    for prop, entries in engine.by_data.items():
        subs = " ".join(f"<{p}>" for p in program.data_props if prop in program.data_supers.get(p, ()))
        for aux, value in entries:
            test = f" FILTER(?v = {value.n3()})" if value is not None else ""
            out.append(f"INSERT {{ ?x a <{aux}> }} WHERE {{ VALUES ?p {{ {subs} }} ?x ?p ?v{test} FILTER NOT EXISTS {{ ?x a <{aux}> }} }}")
    for aux, entries in engine.values.items():
        for kind, prop, value in entries:
            triple = edge(prop, "?x", value.n3()) if kind == "o" else f"?x <{prop}> {value.n3()}"
            out.append(f"INSERT {{ {triple} }} WHERE {{ ?x a <{aux}> }}")
    for node, aux in engine.seeds:
        out.append(f"INSERT DATA {{ {node.n3()} a <{aux}> }}")
    for prop in program.object_props:
        for role in program.sup((prop, False)) - {(prop, False)}:
            out.append(f"INSERT {{ {edge(role, '?x', '?y')} }} WHERE {{ ?x <{prop}> ?y FILTER NOT EXISTS {{ {edge(role, '?x', '?y')} }} }}")
    for chain, target in program.chains:
        body = " . ".join(edge(role, f"?x{i}", f"?x{i + 1}") for i, role in enumerate(chain))
        out.append(f"INSERT {{ ?x0 <{target}> ?x{len(chain)} }} WHERE {{ {body} FILTER NOT EXISTS {{ ?x0 <{target}> ?x{len(chain)} }} }}")
    for prop in program.transitive:
        out.append(f"INSERT {{ ?x <{prop}> ?z }} WHERE {{ ?x <{prop}>+ ?z FILTER NOT EXISTS {{ ?x <{prop}> ?z }} }}")
    return out


# -- one measurement per process ------------------------------------------------------------

def worker(mode: str, k: int, cache: Path) -> dict:
    from rdflib import Graph

    from minilat import paths
    from minilat.pipeline.reason import entail
    from minilat.pipeline.reason import hermit as reason

    tbox = Graph().parse(paths.ONTOLOGY, format="turtle")
    lines = base_lines()
    result: dict = {"mode": mode, "k": k}
    clock = time.perf_counter()
    if mode == "classify":
        from minilat.pipeline.reason.classify import classify

        classify(entail.axioms.read(tbox), tbox, None, cache)
        result["seconds"] = time.perf_counter() - clock
        return result
    if mode == "sparql":
        copies = copy_lines(lines, k)
        result["triples"], result["prepare"] = len(copies), time.perf_counter() - clock
        clock = time.perf_counter()
        found, times = sparql_entail(tbox, copies, cache)
        result["seconds"], result["phases"] = time.perf_counter() - clock, times
        result["out"], result["digest"] = len(found), digest(found)
        return result
    triples = copy_triples(lines, k)
    result["triples"] = len(triples)
    if mode in ("hermit", "consistency", "consistency-k"):
        abox = Graph()
        for t in triples:
            abox.add(t)
        triples = abox  # type: ignore[assignment]
    result["prepare"] = time.perf_counter() - clock
    clock = time.perf_counter()
    if mode == "hermit":
        out = reason.infer(tbox, abox)
    elif mode == "engine":
        out = entail.entail(tbox, triples, cache_dir=cache)
    elif mode == "consistency":
        entail.check_consistent(tbox, abox)
        out = Graph()
    else:  # HermiT's -k alone, on the file owlready2 would write
        import owlready2
        from owlready2 import reasoning

        with tempfile.NamedTemporaryFile(suffix=".nt") as f:
            (tbox + reason.reasoning_view(tbox, abox)).serialize(f.name, format="nt", encoding="utf-8")
            done = subprocess.run([owlready2.JAVA_EXE, f"-Xmx{reasoning.JAVA_MEMORY}M", "-cp", reasoning._HERMIT_CLASSPATH,
                                   "org.semanticweb.HermiT.cli.CommandLine", "-k", "--ignoreUnsupportedDatatypes", f"file://{f.name}"],
                                  capture_output=True, text=True, check=True)
            result["answer"] = done.stdout.strip()
        out = Graph()
    result["seconds"] = time.perf_counter() - clock
    result["out"], result["digest"] = len(out), digest(out) if mode in ("hermit", "engine") else ""
    return result


def best(mode: str, k: int, cache: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` runs (the machine is shared: other load only ever adds time)."""
    runs = [measure(mode, k, cache) for _ in range(repeat)]
    good = [r for r in runs if "error" not in r]
    return min(good, key=lambda r: r["seconds"]) | {"runs": [round(r["seconds"], 2) for r in good]} if good else runs[0]


def measure(mode: str, k: int, cache: Path) -> dict:
    proc = subprocess.Popen([sys.executable, __file__, "--worker", mode, str(k), str(cache)], stdout=subprocess.PIPE, text=True)
    with PeakMemory(proc.pid) as peak:
        stdout, _ = proc.communicate()
    if proc.returncode != 0:
        return {"mode": mode, "k": k, "error": f"exit {proc.returncode}"}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["rss_mib"] = peak.peak / 2**20
    print(json.dumps(result), flush=True)
    return result


def report(rows: list[dict], classify_s: float, command: str, note: str) -> str:
    engine = {r["k"]: r for r in rows if r["mode"] == "engine"}
    header = (f"`{command}` — {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}; "
              f"load average {loadavg()[0]:.1f} at the end of the run{note}. One process per measurement; "
              "peak RSS of its process tree (the HermiT JVM included). Seconds are the reasoning call alone "
              "(preparing the copies is the `prepare` column); with --repeat, the fastest run. `same` compares the output "
              "with the engine's at the same k.")
    lines = [f"# Reasoning at scale: HermiT vs the rule engine ({time.strftime('%Y-%m-%d')})", "", header, "",
             f"TBox classification by HermiT (two runs, cached by a hash of the axioms afterwards): {classify_s:.1f} s.", "",
             "| k | ABox triples | method | seconds | peak RSS MiB | prepare s | inferred triples | same |", "|---|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (r["k"], r["mode"])):
        if "error" in r:
            lines.append(f"| {r['k']} | | {r['mode']} | {r['error']} | | | | |")
            continue
        same = "—" if r["mode"] == "engine" or not r.get("digest") else ("yes" if engine.get(r["k"], {}).get("digest") == r["digest"] else "**no**")
        phases = ", ".join(f"{n} {v:.1f}" if isinstance(v, float) else f"{n} {v}" for n, v in r.get("phases", {}).items())
        method = r["mode"] + (f" ({phases})" if phases else "")
        lines.append(f"| {r['k']} | {r.get('triples', 0):,} | {method} | {r['seconds']:.2f} | {r['rss_mib']:.0f} | "
                     f"{r.get('prepare', 0):.1f} | {r['out'] if r['mode'] in ('engine', 'hermit', 'sparql') else '—'} | {same} |")
    lines += ["", "| k | HermiT ÷ engine | SPARQL ÷ engine | engine µs per triple |", "|---|---|---|---|"]
    for k, e in sorted(engine.items()):
        other = {r["mode"]: r for r in rows if r["k"] == k and "error" not in r}
        ratio = {m: f"{other[m]['seconds'] / e['seconds']:.1f}×" if m in other else "—" for m in ("hermit", "sparql")}
        lines.append(f"| {k} | {ratio['hermit']} | {ratio['sparql']} | {e['seconds'] / e['triples'] * 1e6:.1f} |")
    return "\n".join(lines)


def ks(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hermit", type=ks, default=ks("1,4,16"))
    parser.add_argument("--engine", type=ks, default=ks("1,4,16,64,128"))
    parser.add_argument("--sparql", type=ks, default=ks("1,4,16,64,128"))
    parser.add_argument("--consistency", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell; the table keeps the fastest")
    parser.add_argument("--wait-quiet", action="store_true", help="wait for a 1-minute load average below 1.0 first")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    waited = wait_quiet() if args.wait_quiet else None
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        classify_s = measure("classify", 1, cache)["seconds"]
        plan = [("engine", args.engine), ("sparql", args.sparql), ("hermit", args.hermit)]
        plan += [("consistency", [1]), ("consistency-k", [1])] if args.consistency else []
        rows = [best(mode, k, cache, args.repeat) for mode, values in plan for k in values]
    text = report(rows, classify_s, "python benchmarks/entail.py " + " ".join(sys.argv[1:]), quiet_note(waited))
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
