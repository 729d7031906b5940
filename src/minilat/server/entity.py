"""What an entity page shows, gathered from the store (runs in the worker processes).

``gather(store, iri)`` returns plain data (picklable): labels, types, every relation both
ways with the named graph it is stated in, the lead section (``lead``: members, events,
the claims involving it…), the passages that anchor it, its hash sub-resources and its
external links.
``document(store, iri)`` returns the triples of its RDF representation.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from minilat.ids import BASE
from minilat.server import lead
from minilat.store import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OA_TARGET = "http://www.w3.org/ns/oa#hasTarget"
LABELS = {"http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel"}
VOCAB = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
ONTOLOGY_GRAPH = BASE + "graph/ontology"
PREFIX = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
OUT = "SELECT ?x ?p ?o ?g WHERE { GRAPH ?g { ?x ?p ?o } }"
IN = "SELECT ?x ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?x } }"
PASSAGE = """?t oa:hasSource ?source . ?t oa:hasSelector ?pos . ?pos oa:start ?start . ?pos oa:end ?end .
  OPTIONAL { ?t oa:hasSelector ?q . ?q oa:exact ?exact . OPTIONAL { ?q oa:prefix ?before } OPTIONAL { ?q oa:suffix ?after } }"""
# the passages anchoring an entity, and (for an annotation) its own passage
PASSAGES = PREFIX + "SELECT ?x ?a ?source ?start ?end ?exact ?before ?after WHERE { ?x mlo:anchoredBy ?a . ?a oa:hasTarget ?t . " + PASSAGE + " } ORDER BY ?start"
OWN_PASSAGE = PREFIX + "SELECT ?x ?a ?source ?start ?end ?exact ?before ?after WHERE { ?x oa:hasTarget ?t . " + PASSAGE + " BIND(?x AS ?a) }"
TEXT = PREFIX + "SELECT ?x ?path ?sha WHERE { ?x rdfs:label ?path ; dcterms:format ?fmt . OPTIONAL { ?x dcterms:identifier ?sha } FILTER(STRSTARTS(?fmt, \"text/plain\")) }"
TERMS = f"SELECT DISTINCT ?t WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t ?p ?o }} FILTER(isIRI(?t)) }}"
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


def rows(store: Store, query: str, iri: str) -> list[dict]:
    result = store.query(query, bindings={"x": ox.NamedNode(iri)})
    names = [v.value for v in result.variables]
    return [{n: row[n] for n in names} for row in result]


def outgoing(store: Store, iri: str) -> list[dict]:
    """The triples of ``iri`` and of its hash sub-resources (``iri#…``) reachable from it."""
    seen, frontier, out = {iri}, [iri], []
    while frontier:
        node = frontier.pop()
        for row in rows(store, OUT, node):
            out.append(row | {"s": ox.NamedNode(node)})
            obj = row["o"]
            if isinstance(obj, ox.NamedNode) and obj.value.startswith(iri + "#") and obj.value not in seen:
                seen.add(obj.value)
                frontier.append(obj.value)
    return out


def labels(store: Store, iris: set[str]) -> dict[str, dict[str, str]]:
    """Labels by language of many IRIs at once (rdfs:label, then skos:prefLabel)."""
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris))
    query = PREFIX + f"SELECT ?r ?l WHERE {{ VALUES ?r {{ {values} }} {{ ?r rdfs:label ?l }} UNION {{ ?r skos:prefLabel ?l }} }}"
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.query(query):
        lang = row["l"].language or ""
        out[row["r"].value].setdefault(lang, row["l"].value)
    return dict(out)


def external_links(out: list[dict], ontology_terms: set[str]) -> list[dict]:
    """IRIs outside minilat that the entity points to (not its types or vocabulary), and DOIs/ISSNs."""
    links = []
    for rel in out:
        obj, pred = rel["o"], rel["p"]["iri"]
        if "iri" in obj and not obj["iri"].startswith(BASE) and pred != RDF_TYPE:
            if obj["iri"] not in ontology_terms and not obj["iri"].startswith(VOCAB):
                links.append({"p": rel["p"], "url": obj["iri"], "text": obj["iri"]})
        elif "literal" in obj and obj["literal"]:
            if ISSN.match(obj["literal"]) and pred.endswith(("issn", "Issn")):
                links.append({"p": rel["p"], "url": f"https://portal.issn.org/resource/ISSN/{obj['literal']}", "text": f"ISSN {obj['literal']}"})
            elif match := DOI.match(obj["literal"]):
                links.append({"p": rel["p"], "url": f"https://doi.org/{match.group(1)}", "text": f"doi:{match.group(1)}"})
    unique: dict[str, dict] = {}
    for link in links:
        unique.setdefault(link["url"], link)
    return list(unique.values())


def passage(row: dict) -> dict | None:
    if row.get("source") is None or row.get("start") is None:
        return None
    text = lambda k: row[k].value if row.get(k) is not None else None  # noqa: E731
    return {"source": row["source"].value, "start": int(row["start"].value), "end": int(row["end"].value), "exact": text("exact"), "before": text("before"), "after": text("after")}


def gather(store: Store, iri: str) -> dict | None:
    """Everything the entity page of ``iri`` shows, or None when the store says nothing about it."""
    out_rows, in_rows = outgoing(store, iri), rows(store, IN, iri)
    if not out_rows and not in_rows:
        return None
    own, parts = [], defaultdict(list)
    for row in out_rows:
        rel = {"p": value(row["p"]), "o": value(row["o"]), "g": row["g"].value if isinstance(row["g"], ox.NamedNode) else None}
        if row["s"].value == iri:
            own.append(rel)
        else:
            parts[row["s"].value.split("#", 1)[1]].append(rel)
    incoming = [{"s": value(r["s"]), "p": value(r["p"]), "g": r["g"].value if isinstance(r["g"], ox.NamedNode) else None} for r in in_rows]
    annotated = any(r["p"]["iri"] == OA_TARGET for r in own)
    found = rows(store, PASSAGES, iri) + (rows(store, OWN_PASSAGE, iri) if annotated else [])
    passages = [p | {"annotation": r["a"].value} for r in found if (p := passage(r))]
    ontology_terms = {row["t"].value for row in store.query(TERMS, union=False)}
    top = lead.lead(store, iri, kind_of(iri))
    mentioned = {iri} | lead.iris(top)
    for rel in [*own, *(r for rs in parts.values() for r in rs), *incoming]:
        mentioned.update(v["iri"].split("#", 1)[0] if k == "s" else v["iri"] for k, v in rel.items() if isinstance(v, dict) and "iri" in v)
        mentioned.update(v["iri"] for v in rel.values() if isinstance(v, dict) and "iri" in v)
    text = rows(store, TEXT, iri)
    return {
        "iri": iri,
        "own": own,
        "parts": dict(parts),
        "incoming": incoming,
        "lead": top,
        "passages": passages,
        "external": external_links(own, ontology_terms),
        "labels": labels(store, mentioned),
        "text": {"path": text[0]["path"].value, "sha256": text[0]["sha"].value if text[0]["sha"] is not None else None} if text else None,
    }


def kind_of(iri: str) -> str:
    """The kind of a minted entity: the ``id/{kind}/…`` segment of its IRI ("" for other IRIs)."""
    return iri[len(BASE) + 3 :].split("/", 1)[0] if iri.startswith(BASE + "id/") else ""


def document(store: Store, iri: str) -> list[ox.Triple]:
    """The RDF representation of ``iri``: its triples, its hash sub-resources' and the ones pointing at it."""
    triples = {ox.Triple(r["s"], r["p"], r["o"]) for r in outgoing(store, iri)}
    triples |= {ox.Triple(r["s"], r["p"], ox.NamedNode(iri)) for r in rows(store, IN, iri)}
    return sorted(triples, key=str)
