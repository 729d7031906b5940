"""Reasoning with HermiT through owlready2: consistency, and the triples it infers.

owlready2 reads N-Triples, not Turtle, so the graph is handed over in memory. When
HermiT finds the data inconsistent, owlready2 raises an error with no message; we find
the culprits ourselves: bisect the individuals, then reason without the disjointness
axioms and see which disjoint pair the culprit falls into.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from itertools import combinations

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection

from minilat.errors import UserError
from minilat.ids import ID, MLO

ANNOTATIONS = str(ID["annotation/"])
JAVA_HINT = "Java is needed for the HermiT reasoner but `java` was not found: install a Java runtime (Debian: apt-get install default-jre-headless), or build with --no-reason"


class Inconsistent(UserError):
    """The data contradicts the ontology."""


def _short(node: object) -> str:
    text = str(node)
    for base, prefix in (("https://w3id.org/minilat/id/", ""), (str(MLO), "mlo:")):
        if text.startswith(base):
            return prefix + text[len(base) :]
    return text


def _run_hermit(graph: Graph) -> set[tuple[object, object, object]] | None:
    """Reason over ``graph``; None if inconsistent, else the set of inferred triples."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None and shutil.which("java") is None:
        raise UserError(JAVA_HINT)
    world = owlready2.World()
    data = graph.serialize(format="nt", encoding="utf-8")
    world.get_ontology("https://w3id.org/minilat/reasoning").load(fileobj=io.BytesIO(data), format="ntriples")
    before = set(world.as_rdflib_graph())
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True)
    except owlready2.OwlReadyInconsistentOntologyError:
        return None
    except owlready2.OwlReadyJavaError as exc:
        raise UserError(f"HermiT failed: {str(exc).strip().splitlines()[-1]}") from None
    after = set(world.as_rdflib_graph())
    return after - before


def reasoning_view(tbox: Graph, abox: Graph) -> Graph:
    """The ABox without what carries no logical weight: annotation properties and the
    Web Annotation nodes (labels, quotes, selectors). A third of the triples, a third of the time."""
    skip = set(tbox.subjects(RDF.type, OWL.AnnotationProperty)) | {RDFS.label, RDFS.comment}
    view = Graph()
    for s, p, o in abox:
        if p in skip or str(s).startswith(ANNOTATIONS):
            continue
        view.add((s, p, o))
    return view


def infer(tbox: Graph, abox: Graph) -> Graph:
    """Check consistency of TBox + ABox and return the inferred triples as a graph."""
    merged = tbox + abox
    view = reasoning_view(tbox, abox)
    result = _run_hermit(tbox + view)
    if result is None:
        raise Inconsistent(explain(tbox, view))
    inferred = Graph()
    for s, p, o in result:
        if isinstance(s, BNode) or isinstance(o, BNode):
            continue
        if o in (OWL.Thing, OWL.NamedIndividual) or (s, p, o) in merged:
            continue
        if p == RDF.type and (o, RDF.type, OWL.Class) not in tbox:
            continue
        inferred.add((s, p, o))
    return inferred


def _subset(abox: Graph, subjects: Iterable[object]) -> Graph:
    keep = set(subjects)
    out = Graph()
    for s, p, o in abox:
        if s in keep or (p == RDF.type and any((k, None, s) in abox for k in keep)):
            out.add((s, p, o))
    return out


def _pairwise(tbox: Graph) -> tuple[Graph, list[tuple[URIRef, URIRef]]]:
    """The TBox with AllDisjointClasses turned into pairwise disjointWith, and the list of pairs."""
    out = Graph()
    pairs: list[tuple[URIRef, URIRef]] = []
    skip: set[object] = set()
    for axiom in tbox.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(tbox, tbox.value(axiom, OWL.members)))
        pairs.extend(combinations(members, 2))
        skip.add(axiom)
    for s, p, o in tbox:
        if s in skip:
            continue
        if p == OWL.disjointWith:
            pairs.append((s, o))
        out.add((s, p, o))
    for a, b in pairs:
        out.add((a, OWL.disjointWith, b))
    return out, pairs


def explain(tbox: Graph, abox: Graph) -> str:
    """Name the individuals and the disjoint classes behind an inconsistency."""
    subjects = sorted({s for s in abox.subjects() if isinstance(s, URIRef)}, key=str)
    while len(subjects) > 1:
        half = len(subjects) // 2
        left, right = subjects[:half], subjects[half:]
        if _run_hermit(tbox + _subset(abox, left)) is None:
            subjects = left
        elif _run_hermit(tbox + _subset(abox, right)) is None:
            subjects = right
        else:
            break
    core = _subset(abox, subjects)
    pairwise, pairs = _pairwise(tbox)
    culprits = ", ".join(_short(s) for s in subjects)
    relaxed = Graph()
    for triple in pairwise:
        if triple[1] != OWL.disjointWith:
            relaxed.add(triple)
    inferred = _run_hermit(relaxed + core)
    if inferred is None:
        return f"inconsistent data involving {culprits}"
    for individual in subjects:
        types = set(core.objects(individual, RDF.type)) | {o for s, p, o in inferred if s == individual and p == RDF.type}
        closure = _superclasses(tbox, types)
        for a, b in pairs:
            if a in closure and b in closure:
                asserted = ", ".join(sorted(_short(o) for o in core.objects(individual, RDF.type)))
                return (
                    f"inconsistent data: {_short(individual)} would belong to both {_short(a)} and {_short(b)}, "
                    f"which the ontology declares disjoint (asserted types: {asserted})"
                )
    return f"inconsistent data involving {culprits}"


def _superclasses(tbox: Graph, classes: set[object]) -> set[object]:
    """The classes and all their named superclasses (subClassOf and equivalentClass)."""
    seen = set(classes)
    todo = list(classes)
    while todo:
        current = todo.pop()
        for parent in [*tbox.objects(current, RDFS.subClassOf), *tbox.objects(current, OWL.equivalentClass)]:
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen
