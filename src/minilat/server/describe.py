"""Self-descriptions: the SPARQL 1.1 Service Description and the VoID dataset description.

``void_description(store)`` runs in a worker over the store (one function, so it can be
replaced wholesale); ``stats(store)`` gives the counts the service description needs;
``service_description(...)`` builds the ``sd:Service`` graph in the server process.
"""

from __future__ import annotations

import pyoxigraph as ox

from minilat import library
from minilat.ids import BASE, GRAPHS
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

VOID_DOC = BASE + ".well-known/void"
DATASET = VOID_DOC + "#dataset"


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


def void_description(store: Store) -> list[ox.Triple]:
    """A VoID description of the dataset, computed from the store: sizes, partitions, subsets, access."""
    ds, t = n(DATASET), []
    add = lambda s, p, o: t.append(ox.Triple(s, n(p), o))  # noqa: E731
    add(n(VOID_DOC), RDF + "type", n(VOID + "DatasetDescription"))
    add(n(VOID_DOC), "http://xmlns.com/foaf/0.1/primaryTopic", ds)
    add(ds, RDF + "type", n(VOID + "Dataset"))
    add(ds, DCT + "title", lit("minilat: minilateralism in global governance", "en"))
    add(ds, DCT + "title", lit("minilat：全球治理中的小多边主义知识图谱", "zh"))
    add(ds, DCT + "description", lit("A knowledge graph of minilateralism built from the digest 《全球治理学科动态》, every fact traceable to its passage.", "en"))
    add(ds, DCT + "license", n("https://creativecommons.org/licenses/by/4.0/"))
    add(ds, VOID + "uriSpace", lit(BASE + "id/"))
    add(ds, VOID + "sparqlEndpoint", n(BASE + "sparql"))
    add(ds, VOID + "rootResource", n(BASE + "id/digest/minilateralism"))
    add(ds, VOID + "exampleResource", n(BASE + "id/mechanism/quad"))
    add(ds, VOID + "vocabulary", n(BASE + "ontology"))
    for ext in ("trig", "nq", "ttl"):
        add(ds, VOID + "dataDump", n(f"{BASE}download/minilat.{ext}"))
    totals = {
        "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
        "entities": f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{BASE}id/\")) }}",
        "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
        "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
        "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
        "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
    }
    for prop, query in totals.items():
        add(ds, VOID + prop, lit(count(store, query)))
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c"):
        part = ox.BlankNode()
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", row["c"])
        add(part, VOID + "entities", lit(int(row["n"].value)))
    for row in store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        part = ox.BlankNode()
        add(ds, VOID + "propertyPartition", part)
        add(part, VOID + "property", row["p"])
        add(part, VOID + "triples", lit(int(row["n"].value)))
    layers = {str(iri): name for name, iri in GRAPHS.items()}
    for graph, size in stats(store)["graphs"].items():
        add(ds, VOID + "subset", n(graph))
        add(n(graph), RDF + "type", n(VOID + "Dataset"))
        add(n(graph), SD + "name", n(graph))
        add(n(graph), VOID + "triples", lit(size))
        if graph in layers:
            add(n(graph), DCT + "title", lit(f"minilat {layers[graph]} layer", "en"))
    return t


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
