"""Scalable reasoning: a rule engine for the ABox, HermiT for the TBox and per-part consistency.

``entail(tbox, abox)`` returns exactly what ``reason.infer`` returns — the new most-specific
types of individuals, the property values HermiT lists, and the TBox inferences — without
running HermiT over the ABox (superlinear: 64 copies of the real data took 458 s):

1. ``classify.classify`` runs HermiT over the ontology alone (cached by a hash of its axioms), once
   as ``infer`` would (the TBox inferences it reports) and once with an auxiliary class for every
   class expression of the axioms (``axioms.py``): the subsumers of every named and auxiliary class.
2. ``Engine`` saturates the ABox (plain Python sets and dicts, semi-naive: every new type or
   edge is processed once): upward closure over that hierarchy, intersections, someValuesFrom
   and hasValue over edges, the property hierarchy with inverses, chains and transitivity.
3. ``results`` reads off what owlready2 would add: per individual the direct types not already
   asserted; per property the values not entailed through a sub-property nor asserted (also as
   the inverse owlready2 knows).

HermiT stays for what a rule engine cannot do: ``check_consistent`` per part (ontology + registry
+ one issue), cached by hash. Clashes that only appear in the union (a disjoint type from
another issue) are caught by the engine itself.
"""

from __future__ import annotations

import gc
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from minilat.errors import UserError
from minilat.pipeline.reason import axioms
from minilat.pipeline.reason.axioms import AUX, Program, Role, Unsupported, name, short
from minilat.pipeline.reason.classify import Classified, Triple, classify, graph_key
from minilat.pipeline.reason.hermit import (
    ANNOTATIONS,
    Inconsistent,
    _run_hermit,
    explain,
    reasoning_view,
)

#: ABox predicates that would change the TBox or merge individuals.
SCHEMA = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.sameAs, OWL.equivalentClass,
          OWL.equivalentProperty, OWL.inverseOf, OWL.disjointWith, OWL.propertyChainAxiom, OWL.hasKey}


class Engine:
    """The ABox saturated under the program's rules: types per node and edges per property."""

    def __init__(self, program: Program, classified: Classified) -> None:
        self.p, self.up = program, classified.up
        self.types: dict[Node, set[URIRef]] = {}
        self.fwd: dict[URIRef, dict[Node, set[Node]]] = defaultdict(dict)
        self.bwd: dict[URIRef, dict[Node, set[Node]]] = defaultdict(dict)
        self.derived: set[Triple] = set()
        self.values_of: dict[tuple[Node, URIRef], list[Literal]] = defaultdict(list)  # of functional data properties
        self.todo: list[tuple] = []
        self.conj: dict[URIRef, list[tuple[URIRef, list[URIRef]]]] = defaultdict(list)
        self.by_role: dict[Role, list[tuple[URIRef, URIRef | None]]] = defaultdict(list)
        self.by_filler: dict[URIRef, list[tuple[URIRef, Role]]] = defaultdict(list)
        self.by_data: dict[URIRef, list[tuple[URIRef, Node | None]]] = defaultdict(list)
        self.values: dict[URIRef, list[tuple[str, object, Node]]] = defaultdict(list)
        self.seeds: list[tuple[Node, URIRef]] = []
        self.chains: dict[Role, list[tuple[int, Role, URIRef]]] = defaultdict(list)
        self.supers: dict[URIRef, list[Role]] = {}
        for aux, e in program.exprs.items():
            if e[0] == "and":
                parts = [name(x) for x in e[1]]
                for part in parts:
                    self.conj[part].append((aux, parts))
            elif e[0] in ("some", "value"):
                filler = name(e[2]) if e[0] == "some" else name(("oneof", frozenset([e[2]])))
                self.by_role[e[1]].append((aux, None if filler == OWL.Thing else filler))
                if filler != OWL.Thing:
                    self.by_filler[filler].append((aux, e[1]))
                if e[0] == "value":
                    self.values[aux].append(("o", e[1], e[2]))
            elif e[0] in ("dsome", "dvalue"):
                self.by_data[e[1]].append((aux, e[2] if e[0] == "dvalue" else None))
                if e[0] == "dvalue":
                    self.values[aux].append(("d", e[1], e[2]))
            elif e[0] == "oneof":
                self.seeds += [(i, aux) for i in e[1]]
        for n, (chain, target) in enumerate(program.chains):
            if len(chain) < 2:
                raise Unsupported(f"the entailment engine does not support a property chain of one property ({short(target)})")
            first = chain[0]
            for i, element in enumerate(chain[1:], start=1):  # E1∘E2∘E3 ⊑ T as (E1∘E2 ⊑ aux) and (aux∘E3 ⊑ T)
                result = target if i == len(chain) - 1 else URIRef(f"{AUX}chain{n}-{i}")
                self.chains[first].append((0, element, result))
                self.chains[element].append((1, first, result))
                first = (result, False)

    # -- adding facts ---------------------------------------------------------------------
    def add_type(self, node: Node, cls: URIRef) -> None:
        have = self.types.get(node)
        if have is None:
            have = self.types[node] = set()
            if cls != OWL.Thing:
                self.add_type(node, OWL.Thing)
        new = self.up.get(cls, frozenset([cls])) - have
        if new:
            have |= new
            self.todo.append(("t", node, new))

    def add_edge(self, a: Node, prop: URIRef, b: Node, told: bool = False) -> None:
        """An edge and all its super-property (and inverse) edges."""
        supers = self.supers.get(prop)
        if supers is None:
            supers = self.supers[prop] = list(self.p.sup((prop, False)))
        for q, inverted in supers:
            s, o = (b, a) if inverted else (a, b)
            base = told and q == prop and not inverted
            out = self.fwd[q].setdefault(s, set())
            if o in out:
                if base:  # derived earlier (e.g. as a super-property edge), told after all
                    self.derived.discard((s, q, o))
                continue
            out.add(o)
            self.bwd[q].setdefault(o, set()).add(s)
            if not base:
                self.derived.add((s, q, o))
            self.todo.append(("e", s, q, o))

    def add_data(self, node: Node, prop: URIRef, value: Literal) -> None:
        for q in self.p.data_supers.get(prop, (prop,)):
            if q in self.p.functional_data:
                self.values_of[(node, q)].append(value)
            for aux, wanted in self.by_data.get(q, ()):
                if wanted is None or _same_value(wanted, value):
                    self.add_type(node, aux)

    # -- the fixpoint ---------------------------------------------------------------------
    def run(self) -> None:
        todo, types, fwd, bwd = self.todo, self.types, self.fwd, self.bwd
        while todo:
            event = todo.pop()
            if event[0] == "t":
                _, node, new = event
                have = types[node]
                for cls in new:
                    for aux, parts in self.conj.get(cls, ()):
                        if aux not in have and all(part in have for part in parts):
                            self.add_type(node, aux)
                    for aux, (q, inverted) in self.by_filler.get(cls, ()):
                        for subject in list((fwd if inverted else bwd)[q].get(node, ())):
                            self.add_type(subject, aux)
                    for kind, prop, value in self.values.get(cls, ()):
                        if kind == "o":
                            q, inverted = prop  # type: ignore[misc]
                            self.add_edge(value, q, node) if inverted else self.add_edge(node, q, value)
                        else:
                            self.add_data(node, prop, value)  # type: ignore[arg-type]
                continue
            _, a, q, b = event
            for node in (a, b):
                if node not in types:
                    self.add_type(node, OWL.Thing)
            for inverted, subject, other in ((False, a, b), (True, b, a)):
                for aux, filler in self.by_role.get((q, inverted), ()):
                    if filler is None or filler in types[other]:
                        self.add_type(subject, aux)
                for pos, element, target in self.chains.get((q, inverted), ()):
                    if pos == 0:  # subject→other matches the first element: extend with the second
                        for w in list(_step(fwd, bwd, element, other)):
                            self.add_edge(subject, target, w)
                    else:
                        for t in list(_step(fwd, bwd, (element[0], not element[1]), subject)):
                            self.add_edge(t, target, other)
            if q in self.p.transitive:
                for c in list(fwd[q].get(b, ())):
                    self.add_edge(a, q, c)
                for z in list(bwd[q].get(a, ())):
                    self.add_edge(z, q, b)


def _step(fwd: dict, bwd: dict, role: Role, node: Node) -> Iterable[Node]:
    """The nodes reached from ``node`` over ``role``."""
    q, inverted = role
    return (bwd if inverted else fwd)[q].get(node, ())


def _same_value(a: Node, b: Literal) -> bool:
    if a == b:
        return True
    try:
        return bool(isinstance(a, Literal) and a.eq(b))
    except TypeError:
        return False


@dataclass
class Loaded:
    """What the full ABox asserts besides the reasoning view the engine saturated."""

    told_types: dict[Node, set[URIRef]]  # rdf:type assertions of the reasoning view and the TBox
    outside: set[Triple]  # rdf:type and object-property triples left out of the reasoning view


def load(engine: Engine, tbox: Graph, triples: Iterable[Triple]) -> Loaded:
    """Feed the TBox's individual assertions and the ABox's reasoning view to the engine
    (``reason.reasoning_view``'s filter, streamed), then fire every told fact once."""
    p = engine.p
    told: dict[Node, set[URIRef]] = defaultdict(set)
    edges: list[Triple] = []
    data: list[Triple] = []
    outside: set[Triple] = set()
    # Keys as plain str: dict look-ups then compare in C (rdflib's term __eq__ is Python).
    kinds = {str(k): v for k, v in ({RDF.type: 0} | {q: 1 for q in p.object_props} | {q: 2 for q in p.data_props} | {q: 3 for q in SCHEMA}).items()}
    starts = str.startswith
    not_a_class = {OWL.NamedIndividual}
    for view, source in ((False, p.assertions), (True, triples)):
        for s, pred, o in source:
            kind = kinds.get(str(pred))  # annotation properties (left out of the view) have no kind
            if kind is None:
                continue
            if view and starts(s, ANNOTATIONS):
                if kind < 2:
                    outside.add((s, pred, o))
            elif kind == 0:
                if isinstance(o, BNode):
                    raise Unsupported(f"the entailment engine does not support a class expression in the ABox: {short(s)} rdf:type […]")
                if o not in not_a_class:
                    told[s].add(o)
            elif kind == 1:
                if not isinstance(o, Literal):
                    edges.append((s, pred, o))
            elif kind == 2:
                if isinstance(o, Literal):
                    data.append((s, pred, o))
            else:
                raise Unsupported(f"the entailment engine does not support schema triples in the ABox: {short(s)} {short(pred)} {short(o)}")
    for s, pred, o in edges:
        engine.add_edge(s, pred, o, told=True)
    for node, classes in told.items():
        for cls in classes:
            engine.add_type(node, cls)
    for s, pred, o in data:
        engine.add_type(s, OWL.Thing)
        engine.add_data(s, pred, o)  # type: ignore[arg-type]
    for node, aux in engine.seeds:
        engine.add_type(node, aux)
    return Loaded(told, outside)


def results(engine: Engine, loaded: Loaded, tbox: Graph, classified: Classified) -> Graph:
    """What owlready2 adds after HermiT, filtered as ``reason.infer`` filters it."""
    p, up = engine.p, engine.up
    out = Graph()
    for t in classified.tbox_inferred:
        out.add(t)
    below: dict[URIRef, set[URIRef]] = {}
    aux = {c for c in up if str.startswith(c, AUX)}
    for node, types in engine.types.items():
        if not isinstance(node, URIRef):
            continue
        named = types - aux
        for c in named:
            if c not in below:
                ups = up.get(c, frozenset([c]))
                below[c] = {d for d in up if c in up[d] and d not in ups}
            if below[c] & named or c not in p.classes or c in (OWL.Thing, OWL.NamedIndividual):
                continue
            triple = (node, RDF.type, c)
            if c not in loaded.told_types.get(node, ()) and triple not in loaded.outside and triple not in tbox:
                out.add(triple)
    sub_props = {q: [s for s in p.object_props if s != q and (q, False) in p.sup((s, False))] for q in p.object_props}
    for a, q, b in engine.derived:
        if q not in p.object_props or not isinstance(a, URIRef) or not isinstance(b, URIRef):
            continue
        if any(b in engine.fwd[s].get(a, ()) for s in sub_props[q]):
            continue  # HermiT lists the value under the sub-property
        inverse = _owlready_inverse(p, q)
        if inverse is not None and a in engine.fwd[inverse].get(b, ()) and (b, inverse, a) not in engine.derived:
            continue  # owlready2 stores a value once: asserted as the inverse, it is not added
        if (a, q, b) not in loaded.outside and (a, q, b) not in tbox:
            out.add((a, q, b))
    return out


def _owlready_inverse(p: Program, q: URIRef) -> URIRef | None:
    """The inverse owlready2 gives a property: itself if symmetric, else its one named owl:inverseOf."""
    if q in p.symmetric:
        return q
    named = p.inverses.get(q, set())
    if len(named) > 1:
        raise Unsupported(f"the entailment engine does not support several named inverses of {short(q)} (owlready2 keeps one of them)")
    return next(iter(named), None)


def clashes(engine: Engine) -> None:
    """Inconsistencies the rules see: an individual in two disjoint classes or in an unsatisfiable
    one, or an edge a property characteristic forbids — across parts checked separately by HermiT."""
    p = engine.p
    pairs: dict[URIRef, set[URIRef]] = defaultdict(set)
    for pair in p.disjoint:
        a, b = tuple(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
        pairs[a].add(b)
        pairs[b].add(a)
    for node, types in engine.types.items():
        if OWL.Nothing in types:
            raise Inconsistent(f"inconsistent data: {short(node)} would belong to an unsatisfiable class")
        for a in sorted(types & pairs.keys()):
            clash = pairs[a] & types
            if clash:
                asserted = ", ".join(sorted(short(c) for c in types if not c.startswith(AUX)))
                raise Inconsistent(f"inconsistent data: {short(node)} would belong to both {short(a)} and {short(min(clash))}, "
                                   f"which the ontology declares disjoint (its types: {asserted})")
    for q in p.irreflexive | p.asymmetric:
        for s, objects in engine.fwd[q].items():
            for o in objects:
                if s == o or (q in p.asymmetric and s in engine.fwd[q].get(o, ())):
                    raise Inconsistent(f"inconsistent data: {short(s)} {short(q)} {short(o)}, which the property forbids")
    for (node, prop), values in engine.values_of.items():
        if any(not _same_value(v, values[0]) for v in values[1:]):
            shown = ", ".join(sorted({v.n3() for v in values}))
            raise Inconsistent(f"inconsistent data: {short(node)} has several values of the functional {short(prop)}: {shown}")
    for pair in p.disjoint_props:
        a, b = tuple(pair)
        for s, objects in engine.fwd[a].items():
            if objects & engine.fwd[b].get(s, set()):
                raise Inconsistent(f"inconsistent data: {short(s)} is linked by both {short(a)} and {short(b)}, declared disjoint")


def entail(tbox: Graph, abox: Iterable[Triple], registry: Graph | None = None, cache_dir: Path | None = None) -> Graph:
    """What ``reason.infer(tbox, abox)`` returns, by rules over the whole ABox (any iterable of
    triples: an rdflib Graph, the union of several). ``registry``: facts about individuals the
    ontology names in hasValue/oneOf, when the ABox holds them (they enter the classification)."""
    program = axioms.read(tbox)
    extra = reasoning_view(tbox, registry) if registry is not None and program.nominals() else None
    classified = classify(program, tbox, extra, cache_dir)
    engine = Engine(program, classified)
    collecting = gc.isenabled()
    gc.disable()  # millions of small sets and tuples, no cycles: the cyclic collector only rescans them
    try:
        loaded = load(engine, tbox, abox)
        engine.run()
    finally:
        if collecting:
            gc.enable()
    for n, known in classified.nominals.items():  # the classification took their types as the TBox gives them
        more = engine.types.get(n, set()) - known
        if more:
            raise UserError(f"the ontology names {short(n)} in a class definition and the ABox gives it more types "
                            f"({', '.join(sorted(short(c) for c in more))}): pass the facts about it as registry=")
    clashes(engine)
    return results(engine, loaded, tbox, classified)


_CONSISTENT: set[str] = set()


def check_consistent(tbox: Graph, graph: Graph, cache_dir: Path | None = None) -> None:
    """HermiT's consistency check of ontology + ``graph`` (e.g. the registry and one issue), on
    ``reason.reasoning_view``; raises ``reason.Inconsistent`` naming the culprits. A consistent
    input is remembered by its hash (in memory, and in ``cache_dir`` across processes)."""
    view = reasoning_view(tbox, graph)
    digest = hashlib.sha256(f"{graph_key(tbox)} {graph_key(view)}".encode()).hexdigest()
    marker = cache_dir / f"consistent-{digest[:32]}" if cache_dir else None
    if digest in _CONSISTENT or (marker is not None and marker.exists()):
        return
    if _run_hermit(tbox + view) is None:
        raise Inconsistent(explain(tbox, view))
    _CONSISTENT.add(digest)
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
