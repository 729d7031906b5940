"""The SPARQL 1.1 Service Description.

``stats(store)`` (in a worker) gives the counts it needs; ``service_description(...)`` builds
the ``sd:Service`` graph in the server process. The VoID dataset description it points to is
made by the build's generator, :mod:`minilat.pipeline.release.void` (the worker's ``void`` job).
"""

from __future__ import annotations

import pyoxigraph as ox

from minilat import library
from minilat.ids import BASE
from minilat.store import Store

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
FORMATS = "http://www.w3.org/ns/formats/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]
EXECUTABLE = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}

#: The dataset the served VoID description is about (``void.SERVED_DATASET``; kept here so that
#: the workers, which import this module, do not load the generator at start).
DATASET = BASE + ".well-known/void#dataset"


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def lit(text: str | int, lang: str | None = None) -> ox.Literal:
    if isinstance(text, int):
        return ox.Literal(str(text), datatype=n(XSD + "integer"))
    return ox.Literal(text, language=lang) if lang else ox.Literal(text)


def count(store: Store, query: str, **options: object) -> int:
    return int(next(iter(store.query(query, **options)))["n"].value)


def stats(store: Store) -> dict:
    """Triples per named graph and in the default (union) graph."""
    graphs = {g: count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", union=False) for g in store.graphs()}
    return {"graphs": graphs, "default": count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")}


def service_description(endpoint: str, counts: dict, update: bool) -> list[ox.Triple]:
    """The sd:Service at ``endpoint``: languages, formats, default dataset, and the library as examples."""
    svc, t = n(endpoint), []
    add = lambda s, p, o: t.append(ox.Triple(s, n(p), o))  # noqa: E731
    add(svc, RDF + "type", n(SD + "Service"))
    add(svc, SD + "endpoint", svc)
    add(svc, DCT + "title", lit("minilat SPARQL endpoint (read-only)" if not update else "minilat SPARQL endpoint", "en"))
    add(svc, SD + "supportedLanguage", n(SD + "SPARQL11Query"))
    if update:
        add(svc, SD + "supportedLanguage", n(SD + "SPARQL11Update"))
    for name in RESULT_FORMATS:
        add(svc, SD + "resultFormat", n(FORMATS + name))
    add(svc, SD + "feature", n(SD + "UnionDefaultGraph"))
    add(svc, SD + "defaultEntailmentRegime", n("http://www.w3.org/ns/entailment/Simple"))
    dataset, default = ox.BlankNode(), ox.BlankNode()
    add(svc, SD + "defaultDataset", dataset)
    add(dataset, RDF + "type", n(SD + "Dataset"))
    add(dataset, RDFS + "seeAlso", n(DATASET))
    add(dataset, SD + "defaultGraph", default)
    add(default, RDF + "type", n(SD + "Graph"))
    add(default, RDFS + "comment", lit("The union of the named graphs (unless the request names a dataset).", "en"))
    add(default, VOID + "triples", lit(counts["default"]))
    for graph, size in counts["graphs"].items():
        named, desc = ox.BlankNode(), ox.BlankNode()
        add(dataset, SD + "namedGraph", named)
        add(named, RDF + "type", n(SD + "NamedGraph"))
        add(named, SD + "name", n(graph))
        add(named, SD + "graph", desc)
        add(desc, RDF + "type", n(SD + "Graph"))
        add(desc, VOID + "triples", lit(size))
    for q in library.library().values():
        example = n(f"{BASE}query/{q.name}")
        add(example, RDF + "type", n(SH + "SPARQLExecutable"))
        add(example, RDF + "type", n(SH + f"SPARQL{q.form.title()}Executable"))
        add(example, RDFS + "label", lit(q.title, "en"))
        add(example, RDFS + "label", lit(q.title_zh, "zh"))
        add(example, RDFS + "comment", lit(q.description, "en"))
        add(example, RDFS + "comment", lit(q.description_zh, "zh"))
        add(example, SH + EXECUTABLE[q.form], lit(q.text))
        add(example, SCHEMA + "target", svc)
    return t
