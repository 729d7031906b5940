"""HermiT's part of the rule engine's work: the classification of the ontology.

Two HermiT runs over the ontology alone (+ registry facts about the individuals its class
definitions name): one as ``reason.infer`` runs it, for the TBox inferences ``infer`` reports
(e.g. SecurityMinilateral ⊑ MinilateralMechanism); one with an auxiliary class for every class
expression of the axioms (``axioms.py``), for the subsumers of every named and auxiliary class —
the hierarchy ``entail.Engine`` closes types under. Cached in memory and, with a directory, on
disk, by a hash of the axioms (independent of blank-node labels).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.term import Node

from minilat.pipeline.reason import axioms
from minilat.pipeline.reason.axioms import Program, Unsupported, short
from minilat.pipeline.reason.hermit import Inconsistent, _run_hermit, explain

Triple = tuple[Node, Node, Node]
HIERARCHY = {RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty}


@dataclass
class Classified:
    """HermiT's view of the TBox: subsumers of every class, and what ``infer`` reports about the TBox."""

    up: dict[URIRef, frozenset[URIRef]]
    tbox_inferred: list[Triple]
    nominals: dict[URIRef, frozenset[URIRef]]  # the types HermiT gives the individuals the axioms name


_MEMO: dict[str, Classified] = {}


def graph_key(tbox: Graph) -> str:
    """A hash of a graph independent of blank-node labels (an ontology's blank nodes are trees:
    class expressions, lists, n-ary axioms; each is hashed by what hangs below it)."""
    memo: dict[Node, str] = {}

    def k(node: Node, depth: int = 0) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if node not in memo:
            memo[node] = "" if depth > 50 else "[" + ";".join(sorted(f"{p.n3()} {k(o, depth + 1)}" for p, o in tbox.predicate_objects(node))) + "]"
        return memo[node]

    objects = {o for o in tbox.objects() if isinstance(o, BNode)}
    lines = sorted(f"{s.n3()} {p.n3()} {k(o)}" for s, p, o in tbox if not isinstance(s, BNode))
    lines += sorted(k(s) for s in set(tbox.subjects()) if isinstance(s, BNode) and s not in objects)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _hierarchy(graph: Graph, found: Iterable[Triple]) -> dict[URIRef, set[URIRef]]:
    edges: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, p, o in [*graph.triples((None, RDFS.subClassOf, None)), *graph.triples((None, OWL.equivalentClass, None)), *found]:
        if isinstance(s, URIRef) and isinstance(o, URIRef) and p in (RDFS.subClassOf, OWL.equivalentClass):
            edges[s].add(o)
            if p == OWL.equivalentClass:
                edges[o].add(s)
    return edges


def classify(program: Program, tbox: Graph, extra: Graph | None = None, cache_dir: Path | None = None) -> Classified:
    """HermiT over the ontology (+ ``extra``: registry facts about individuals the axioms name),
    cached in memory and, with ``cache_dir``, on disk by a hash of the input."""
    source = tbox + extra if extra is not None else tbox
    digest = graph_key(source)
    path = cache_dir / f"classify-{digest[:32]}.json" if cache_dir else None
    cached = _MEMO.get(digest)
    if cached is None and path is not None and path.is_file():
        cached = _read(path)
    if cached is None:
        cached = _hermit_classification(program, source, tbox, extra)
    _MEMO[digest] = cached
    if path is not None and not path.is_file():
        _write(path, cached)
    values = {aux for aux, e in program.exprs.items() if e[0] in ("value", "dvalue")}
    for filler in program.fillers:
        if values & cached.up.get(filler, frozenset()):
            raise Unsupported(f"the entailment engine does not support an anonymous successor of class {short(filler)}: "
                              "the ontology gives it a property value (hasValue), which links it to a named individual")
    return cached


def _hermit_classification(program: Program, source: Graph, tbox: Graph, extra: Graph | None) -> Classified:
    plain = _run_hermit(source)  # as infer runs it: the TBox inferences it reports
    augmented = Graph()
    for aux, expr in program.exprs.items():
        augmented.add((aux, RDF.type, OWL.Class))
        augmented.add((aux, OWL.equivalentClass, axioms.to_rdf(expr, augmented)))
    found = _run_hermit(source + augmented) if plain is not None else None
    if plain is None or found is None:
        raise Inconsistent(explain(tbox, extra if extra is not None else Graph()))
    _check_property_hierarchy(program, plain, source)
    tbox_inferred = sorted(t for t in plain if t[1] in HIERARCHY and not isinstance(t[0], BNode) and not isinstance(t[2], BNode)
                           and t[2] not in (OWL.Thing, OWL.NamedIndividual) and t not in source)
    edges = _hierarchy(source + augmented, found)
    classes = set(edges) | {o for v in edges.values() for o in v} | set(program.exprs) | program.classes | {OWL.Thing}
    up: dict[URIRef, frozenset[URIRef]] = {}
    for c in classes:
        seen, todo = {c, OWL.Thing}, [c, OWL.Thing]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        up[c] = frozenset(seen)
    nominals: dict[URIRef, frozenset[URIRef]] = {}
    for n in program.nominals():
        types = {o for o in (source + augmented).objects(n, RDF.type)} | {o for s, p, o in found if s == n and p == RDF.type}
        nominals[n] = frozenset().union(*(up.get(t, frozenset([t, OWL.Thing])) for t in types | {OWL.Thing}))
    return Classified(up, tbox_inferred, nominals)


def _read(path: Path) -> Classified:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Classified({URIRef(c): frozenset(map(URIRef, ups)) for c, ups in data["up"].items()},
                      sorted(Graph().parse(data=data["tbox"], format="nt")),
                      {URIRef(n): frozenset(map(URIRef, ts)) for n, ts in data["nominals"].items()})


def _write(path: Path, c: Classified) -> None:
    graph = Graph()
    for t in c.tbox_inferred:
        graph.add(t)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"up": {k: sorted(u) for k, u in c.up.items()}, "tbox": graph.serialize(format="nt"),
                                "nominals": {n: sorted(t) for n, t in c.nominals.items()}}), encoding="utf-8")


def _check_property_hierarchy(program: Program, found: set[Triple], source: Graph) -> None:
    """The engine's property hierarchy is read from the axioms: HermiT must not find more, and
    properties must not be equivalent (HermiT then lists their values under one of them)."""
    pairs = [(s, o) for s, p, o in [*found, *source.triples((None, RDFS.subPropertyOf, None))] if p == RDFS.subPropertyOf]
    pairs += [(s, o) for s, p, o in found | set(source.triples((None, OWL.equivalentProperty, None))) if p == OWL.equivalentProperty]
    for s, o in pairs:
        if s in program.object_props and o in program.object_props and (o, False) not in program.sup((s, False)):
            raise Unsupported(f"the entailment engine does not derive {short(s)} SubPropertyOf {short(o)}, which HermiT does")
    for prop in program.object_props:
        for other, inverted in program.sup((prop, False)):
            if other != prop and not inverted and (prop, False) in program.sup((other, False)):
                raise Unsupported(f"the entailment engine does not support equivalent object properties: {short(prop)}, {short(other)}")
