"""What an entity page shows, gathered from the store (runs in the worker processes).

``gather(store, iri)`` returns plain data (picklable): labels, types, every relation both
ways with the named graph it is stated in, the lead section (``lead``: members, events,
the claims involving it…), the passages that anchor it, its hash sub-resources and its
external links.
``document(store, iri)`` returns the triples of its RDF representation.
Everything is read with triple-pattern look-ups on the store's indexes (:mod:`minilat.server.walk`),
not SPARQL: a page needs a few hundred small look-ups, each a few microseconds.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from minilat.ids import BASE
from minilat.server import lead, links
from minilat.server.walk import Walk
from minilat.store import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OA_TARGET = "http://www.w3.org/ns/oa#hasTarget"
LABEL_ORDER = ["http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"]
VOCAB = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_GRAPH = BASE + "graph/ontology"
OA = "http://www.w3.org/ns/oa#"
MLO_ANCHORED = BASE + "ontology#anchoredBy"
DCT = "http://purl.org/dc/terms/"
ISSN = re.compile(r"^\d{4}-\d{3}[\dXx]$")
DOI = re.compile(r"^(?:doi:|https?://doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> dict | None:
    """A term as plain data."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value}
    if isinstance(term, ox.BlankNode):
        return {"bnode": term.value}
    if isinstance(term, ox.Literal):
        return {"literal": term.value, "lang": term.language or None, "datatype": None if term.language else term.datatype.value}
    return {"literal": str(term), "lang": None, "datatype": None}


def named(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads of named graphs (what ``GRAPH ?g { … }`` matches)."""
    return [q for q in quads if isinstance(q.graph_name, ox.NamedNode)]


def outgoing(store: Store, iri: str, walk: Walk | None = None) -> list[ox.Quad]:
    """The quads (in named graphs) of ``iri`` and of its hash sub-resources (``iri#…``) reachable from it."""
    walk = walk or Walk(store)
    seen, frontier, out, hashed = {iri}, [iri], [], iri + "#"
    while frontier:
        found = named(walk.quads(frontier.pop(), None, None))
        out += found
        for q in found:
            obj = q.object
            if obj.__class__ is ox.NamedNode and obj.value.startswith(hashed) and obj.value not in seen:
                seen.add(obj.value)
                frontier.append(obj.value)
    return out


def incoming_rows(store: Store, iri: str, walk: Walk | None = None) -> list[ox.Quad]:
    """The quads (in named graphs) pointing at ``iri``."""
    return named((walk or Walk(store)).quads(None, None, iri))


def ontology_terms(store: Store, candidates: set[str]) -> set[str]:
    """Which of ``candidates`` are terms of the ontology graph (subjects of a triple there)."""
    engine, graph = store.engine, ox.NamedNode(ONTOLOGY_GRAPH)
    return {c for c in candidates if next(iter(engine.quads_for_pattern(ox.NamedNode(c), None, None, graph)), None) is not None}


class Labels:
    """Every IRI's labels by language (rdfs:label, then skos:prefLabel), read from the store in
    one pass when a worker loads its snapshot: a page asks for the labels of dozens of IRIs,
    which one by one cost more than the rest of gathering it. Rebuild it when the store changes.
    It also holds the snapshot's memo for :meth:`Walk.kept`, dropped with it: the claims by the
    entities they involve (read here, ~3 ms for today's 14,000 quads) and the records that many
    pages show, such as a claim's (filled as pages read them)."""

    def __init__(self, store: Store) -> None:
        self.kept: dict = {}
        self.by_iri: dict[str, dict[str, str]] = {}
        values: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        walk = Walk(store, self.kept)
        lead.claims_index(walk)
        for p in LABEL_ORDER:
            for q in walk.pattern(None, ox.NamedNode(p), None):
                if isinstance(q.object, ox.Literal) and isinstance(q.subject, ox.NamedNode):
                    lang = q.object.language or ""
                    values[(q.subject.value, p, lang)].add(q.object.value)
                    self.by_iri.setdefault(q.subject.value, {}).setdefault(lang, q.object.value)
        # two labels in one language: the first in the IRI's own index order wins, as a look-up per IRI reads it
        for iri in sorted({iri for (iri, _, _), found in values.items() if len(found) > 1}):
            self.by_iri[iri] = lookup(walk, iri)

    def of(self, iris: set[str]) -> dict[str, dict[str, str]]:
        return {iri: found for iri in iris if (found := self.by_iri.get(iri))}


def lookup(walk: Walk, iri: str) -> dict[str, str]:
    """One IRI's labels by language, read from the store."""
    found: dict[str, str] = {}
    for p in LABEL_ORDER:
        for label in walk.objects(iri, p):
            if isinstance(label, ox.Literal):
                found.setdefault(label.language or "", label.value)
    return found


def labels(store: Store, iris: set[str]) -> dict[str, dict[str, str]]:
    """Labels by language of many IRIs at once (rdfs:label, then skos:prefLabel), without an index."""
    walk = Walk(store)
    return {iri: found for iri in sorted(iris) if (found := lookup(walk, iri))}


def candidates(out: list[dict]) -> set[str]:
    """IRIs outside minilat that the entity points to, before the ontology's terms are set aside."""
    return {rel["o"]["iri"] for rel in out if "iri" in rel["o"] and not rel["o"]["iri"].startswith(BASE) and rel["p"]["iri"] != RDF_TYPE}


def external_links(out: list[dict], ontology_terms: set[str]) -> list[dict]:
    """IRIs outside minilat that the entity points to (not its types or vocabulary), and DOIs/ISSNs."""
    links = []
    for rel in out:
        obj, pred = rel["o"], rel["p"]["iri"]
        if "iri" in obj and not obj["iri"].startswith(BASE) and pred != RDF_TYPE:
            if obj["iri"] not in ontology_terms and not obj["iri"].startswith(VOCAB):
                links.append({"p": rel["p"], "url": obj["iri"], "text": obj["iri"]})
        elif obj.get("literal"):
            if ISSN.match(obj["literal"]) and pred.endswith(("issn", "Issn")):
                links.append({"p": rel["p"], "url": f"https://portal.issn.org/resource/ISSN/{obj['literal']}", "text": f"ISSN {obj['literal']}"})
            elif match := DOI.match(obj["literal"]):
                links.append({"p": rel["p"], "url": f"https://doi.org/{match.group(1)}", "text": f"doi:{match.group(1)}"})
    unique: dict[str, dict] = {}
    for link in links:
        unique.setdefault(link["url"], link)
    return list(unique.values())


def targets(walk: Walk, annotation: ox.NamedNode | ox.BlankNode) -> list[dict]:
    """The passages an annotation targets: source and start/end, with the quote's text and context."""
    found = []
    for t in walk.objects(annotation, OA + "hasTarget"):
        selectors = walk.objects(t, OA + "hasSelector")
        quotes = [(exact.value, before, after) for q in selectors for exact in walk.objects(q, OA + "exact")
                  for before in walk.values(q, OA + "prefix") or [None] for after in walk.values(q, OA + "suffix") or [None]] or [(None, None, None)]
        for source in walk.objects(t, OA + "hasSource"):
            for pos in selectors:
                for start in walk.objects(pos, OA + "start"):
                    for end in walk.objects(pos, OA + "end"):
                        found += [{"source": source.value, "start": int(start.value), "end": int(end.value), "exact": e, "before": b, "after": a, "annotation": annotation.value}
                                  for e, b, a in quotes]
    return found


def passages(walk: Walk, iri: str, annotated: bool) -> list[dict]:
    """The passages anchoring ``iri`` (by start), and for an annotation its own passage."""
    found = sorted((p for a in walk.objects(iri, MLO_ANCHORED) for p in targets(walk, a)), key=lambda p: p["start"])
    return found + (targets(walk, ox.NamedNode(iri)) if annotated else [])


def text_file(walk: Walk, iri: str) -> dict | None:
    """The file behind a text resource (an rdfs:label path with a text/plain dcterms:format)."""
    if not any(isinstance(f, ox.Literal) and f.value.startswith("text/plain") for f in walk.objects(iri, DCT + "format")):
        return None
    paths = walk.values(iri, "http://www.w3.org/2000/01/rdf-schema#label")
    return {"path": paths[0], "sha256": walk.first(iri, DCT + "identifier")} if paths else None


def gather(store: Store, iri: str, index: Labels | None = None) -> dict | None:
    """Everything the entity page of ``iri`` shows, or None when the store says nothing about it
    (labels from ``index`` when given, else read IRI by IRI)."""
    walk = Walk(store, index.kept if index is not None else None)  # one walk for the whole page: the store is asked about drafts graphs once
    out_rows, in_rows = outgoing(store, iri, walk), incoming_rows(store, iri, walk)
    if not out_rows and not in_rows:
        return None
    own, parts = [], defaultdict(list)
    mentioned = {iri}  # every IRI the page names, for its labels
    for q in out_rows:
        p, o = q.predicate.value, q.object
        rel = {"p": {"iri": p}, "o": value(o), "g": q.graph_name.value}
        mentioned.add(p)
        if o.__class__ is ox.NamedNode:
            mentioned.add(o.value)
        if (s := q.subject.value) == iri:
            own.append(rel)
        else:
            parts[s.split("#", 1)[1]].append(rel)
    incoming = []
    for q in in_rows:
        p, s = q.predicate.value, q.subject
        incoming.append({"s": value(s), "p": {"iri": p}, "g": q.graph_name.value})
        mentioned.add(p)
        if s.__class__ is ox.NamedNode:
            mentioned.update((s.value, links.document(s.value)))  # a statement is named with its claim
    annotated = any(r["p"]["iri"] == OA_TARGET for r in own)
    top = lead.lead(store, iri, links.kind(iri), walk)
    mentioned |= lead.mentioned(walk, top)
    return {
        "iri": iri,
        "own": own,
        "parts": dict(parts),
        "incoming": incoming,
        "lead": top,
        "passages": passages(walk, iri, annotated),
        "external": external_links(own, ontology_terms(store, candidates(own))),
        "labels": index.of(mentioned) if index is not None else labels(store, mentioned),
        "text": text_file(walk, iri),
    }


def document(store: Store, iri: str) -> list[ox.Triple]:
    """The RDF representation of ``iri``: its triples, its hash sub-resources' and the ones pointing at it."""
    triples = {q.triple for q in outgoing(store, iri)}
    triples |= {q.triple for q in incoming_rows(store, iri)}
    return sorted(triples, key=str)
