"""VoID and DCAT description of the dataset: the one generator behind ``graphs/void.ttl``
(written by the build) and ``/.well-known/void`` (computed by the server from its store).

:func:`describe` reads the dataset through the store layer and states the title, licence,
publisher, dates and source (the digest) of the dataset, one ``void:subset`` per named
graph (whatever its name) with its triple count, one DCAT distribution per release file
(media type, byte size), the linksets of the links graphs with their link counts and
source, example resources and the SPARQL endpoint. Deterministic: the same dataset and
files give the same bytes. With ``statistics`` (what the server serves, :func:`served`) it
adds the store's statistics: the description document, distinct subjects, objects,
properties and classes, class and property partitions, and a layer title per known graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import (
    OWL,
    RDF,
    RDFS,
    SKOS,
    XSD,
    BNode,
    Dataset,
    Graph,
    Literal,
    Namespace,
    URIRef,
)
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from minilat import ids
from minilat.ids import MLO
from minilat.linking import links
from minilat.pipeline import release
from minilat.pipeline.release import jsonld
from minilat.store import Store

DATASET = ids.ID["dataset/minilat"]
PUBLISHER = ids.ID["agent/minilat-project"]
SERVICE = ids.ID["service/sparql"]
DEFAULT_ENDPOINT = "http://127.0.0.1:8000/sparql"
#: The endpoint's persistent IRI (w3id redirects it to the server): named when the local URL is unknown.
PUBLIC_ENDPOINT = ids.BASE + "sparql"
DOWNLOAD_BASE = ids.BASE + "graphs/"
#: The description document the server publishes, and the dataset its statistics are about.
DESCRIPTION = URIRef(ids.BASE + ".well-known/void")
SERVED_DATASET = URIRef(str(DESCRIPTION) + "#dataset")
#: The date the dataset was first built (first commit of the project); modified dates are passed in.
CREATED = "2026-11-27"
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
VOID_FILE = "void.ttl"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
IANA = "https://www.iana.org/assignments/media-types/"

#: Release file suffix → (media type, W3C format IRI).
MEDIA = {
    ".trig": ("application/trig", FORMATS.TriG),
    ".nq": ("application/n-quads", FORMATS["N-Quads"]),
    ".ttl": ("text/turtle", FORMATS.Turtle),
    ".jsonld": ("application/ld+json", FORMATS["JSON-LD"]),
    ".nt": ("application/n-triples", FORMATS["N-Triples"]),
    ".rdf": ("application/rdf+xml", FORMATS.RDF_XML),
}
#: Titles of the known layers; any other named graph (e.g. one per digest issue) is titled by its name.
GRAPH_TITLES = {
    "ontology": "The minilat ontology (OWL 2 DL)",
    "digest": "What the digest states, each fact anchored to its passage",
    "background": "Facts from reference sources, each with its source",
    "bibliography": "The digest issue, its entries, the summarized articles, journals and people",
    "inferred": "Triples inferred by the HermiT reasoner",
    "links": "Links to Wikidata, DBpedia, Wikipedia, the ISSN Portal and DOI",
    "links-sameas": "Opt-in owl:sameAs linkset (Wikidata, DBpedia)",
}
EXAMPLES = ["mechanism/quad", "mechanism/aukus", "state/AUS", "concept/minilateralism", "article/dee-2024"]
VOCABULARIES = [str(MLO)[:-1], "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/org#", "http://purl.org/dc/terms/", "http://purl.org/spar/fabio/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/2006/time#", "http://www.w3.org/ns/prov#"]
#: The release files a build publishes (and the server lists as distributions when they are there).
PUBLISHED = [*release.RELEASE_FILES, jsonld.JSONLD_FILE]
#: Counts over the union of the named graphs, on the served dataset (name → SELECT giving ?n).
TOTALS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
    "entities": f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ids.ID}")) }}',
    "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
}


def describe(
    source: Store | Dataset,
    release_files: Mapping[str, Path],
    endpoint: str = DEFAULT_ENDPOINT,
    download_base: str = DOWNLOAD_BASE,
    modified: str | None = None,
    statistics: bool = False,
) -> Graph:
    """The VoID + DCAT graph of a dataset (a store, or an rdflib dataset put into one) and its
    release files (name → path); with ``statistics``, also the store's statistics."""
    store = source if isinstance(source, Store) else Store.from_dataset(source)
    g = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("skos", SKOS), ("sd", SD), ("id", ids.ID), ("mlo", MLO), ("schema", ids.SCHEMA), ("owl", OWL)):
        g.bind(prefix, ns, override=True, replace=True)
    g.add((DATASET, RDF.type, VOID.Dataset))
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, DCTERMS.title, Literal("minilat: a knowledge graph of minilateralism in global governance", lang="en")))
    g.add((DATASET, DCTERMS.title, Literal("minilat：全球治理中的小多边主义知识图谱", lang="zh")))
    g.add((DATASET, DCTERMS.description, Literal(
        "A linked-data knowledge graph of minilateralism in global governance, built from one issue of the Chinese research digest "
        "《全球治理学科动态》 (theme: 全球治理中的小多边主义): mechanisms, states, memberships, events, concepts and the analytic claims "
        "of its preface and four article summaries, every fact traceable to the passage it came from.", lang="en")))
    g.add((DATASET, DCTERMS.license, LICENSE))
    g.add((DATASET, DCTERMS.publisher, PUBLISHER))
    g.add((PUBLISHER, RDF.type, FOAF.Organization))
    g.add((PUBLISHER, FOAF.name, Literal("The minilat project")))
    g.add((DATASET, DCTERMS.created, Literal(CREATED, datatype=XSD.date)))
    if modified:
        g.add((DATASET, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
    for keyword, lang in (("minilateralism", "en"), ("global governance", "en"), ("小多边主义", "zh"), ("全球治理", "zh")):
        g.add((DATASET, DCAT.keyword, Literal(keyword, lang=lang)))
    _sources(g, store)
    g.add((DATASET, VOID.triples, _integer(len(store))))  # quads: the sum of the subsets
    g.add((DATASET, VOID.entities, _integer(_count(store, f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ids.ID}")) }}'))))
    g.add((DATASET, VOID.uriSpace, Literal(str(ids.ID))))
    for vocabulary in VOCABULARIES:
        g.add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    for example in EXAMPLES:
        if store.query(f"ASK {{ <{ids.ref(example)}> ?p ?o }}"):
            g.add((DATASET, VOID.exampleResource, ids.ref(example)))
    _endpoint(g, endpoint)
    sizes = graph_sizes(store)
    _subsets(g, store, sizes)
    for name in sorted(release_files):
        _distribution(g, name, release_files[name], download_base)
    if statistics:
        _statistics(g, store, sizes)
    return g


def graph_sizes(store: Store) -> dict[str, int]:
    """Triples per non-empty named graph, by graph name (sorted)."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    sizes = {row["g"].value: int(row["n"].value) for row in store.query(query, union=False) if isinstance(row["g"], ox.NamedNode)}
    return dict(sorted(sizes.items()))


def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def _count(store: Store, query: str, **options: object) -> int:
    return int(next(iter(store.query(query, **options)))["n"].value)


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """A pyoxigraph term as rdflib's (a simple literal keeps no datatype, as rdflib reads it)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


def _values(store: Store, subject: URIRef, predicate: URIRef) -> list[Literal | URIRef | BNode]:
    rows = store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", bindings={"s": ox.NamedNode(str(subject)), "p": ox.NamedNode(str(predicate))})
    return [_term(row["o"]) for row in rows]


def _sources(g: Graph, store: Store) -> None:
    """The digest issue (and its raw text, with its hash) as the dataset's source."""
    issues = store.query(f"SELECT DISTINCT ?issue WHERE {{ ?issue a <{MLO.DigestIssue}> FILTER(isIRI(?issue)) }}")
    for issue in sorted(URIRef(row["issue"].value) for row in issues):
        g.add((DATASET, DCTERMS.source, issue))
        for title in _values(store, issue, DCTERMS.title):
            g.add((issue, DCTERMS.title, title))
        rows = store.query(f"SELECT DISTINCT ?issue ?part ?id WHERE {{ ?part <{DCTERMS.isPartOf}> ?issue ; <{DCTERMS.identifier}> ?id }}", bindings={"issue": ox.NamedNode(str(issue))})
        for row in rows:
            part = _term(row["part"])
            g.add((issue, DCTERMS.hasPart, part))
            g.add((part, DCTERMS.identifier, _term(row["id"])))


def _endpoint(g: Graph, endpoint: str) -> None:
    url = URIRef(endpoint)
    g.add((DATASET, VOID.sparqlEndpoint, url))
    g.add((SERVICE, RDF.type, DCAT.DataService))
    g.add((SERVICE, RDF.type, SD.Service))
    g.add((SERVICE, DCAT.endpointURL, url))
    g.add((SERVICE, SD.endpoint, url))
    g.add((SERVICE, DCAT.servesDataset, DATASET))
    g.add((SERVICE, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((SERVICE, RDFS.comment, Literal("The default graph is the union of the named graphs.", lang="en")))


def _subsets(g: Graph, store: Store, sizes: Mapping[str, int]) -> None:
    """One void:subset per named graph, whatever its name; the links graphs hold one void:Linkset per target."""
    for name, size in sizes.items():
        graph = URIRef(name)
        short = name.removeprefix(str(ids.GRAPH))
        g.add((DATASET, VOID.subset, graph))
        g.add((graph, RDF.type, VOID.Dataset))
        g.add((graph, SD.name, graph))
        g.add((graph, DCTERMS.title, Literal(GRAPH_TITLES.get(short, f"Named graph {short}"), lang="en")))
        g.add((graph, VOID.triples, _integer(size)))
    for linkset in links.LINKSETS:
        if str(linkset.graph) not in sizes:
            continue
        target = links.TARGETS[linkset.target]
        n = _count(store, f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{linkset.graph}> {{ ?s <{linkset.predicate}> ?o FILTER(isIRI(?o) && STRSTARTS(STR(?o), "{target.space}")) }} }}', union=False)
        if not n:
            continue
        node = linkset.iri
        g.add((linkset.graph, VOID.subset, node))
        g.add((node, RDF.type, VOID.Linkset))
        g.add((node, DCTERMS.title, Literal(f"{target.title} links ({g.namespace_manager.normalizeUri(linkset.predicate)})", lang="en")))
        g.add((node, VOID.subjectsTarget, DATASET))
        g.add((node, VOID.objectsTarget, target.iri))
        g.add((node, VOID.linkPredicate, linkset.predicate))
        g.add((node, VOID.triples, _integer(n)))
        g.add((node, DCTERMS.source, links.REFERENCE))
        for p in (RDFS.label, DCTERMS.identifier, DCTERMS.description, DCTERMS.source):
            for value in _values(store, links.REFERENCE, p):
                g.add((links.REFERENCE, p, value))
        g.add((target.iri, RDF.type, VOID.Dataset))
        g.add((target.iri, DCTERMS.title, Literal(target.title)))
        g.add((target.iri, VOID.uriSpace, Literal(target.space)))
        if target.endpoint:
            g.add((target.iri, VOID.sparqlEndpoint, URIRef(target.endpoint)))


def _distribution(g: Graph, name: str, path: Path, download_base: str) -> None:
    media, feature = MEDIA.get(path.suffix, ("application/octet-stream", None))
    node = ids.ID[f"distribution/{name}"]
    url = URIRef(download_base + name)
    g.add((DATASET, DCAT.distribution, node))
    g.add((DATASET, VOID.dataDump, url))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(name)))
    g.add((node, DCAT.downloadURL, url))
    g.add((node, DCAT.mediaType, URIRef(IANA + media)))
    g.add((node, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
    g.add((node, DCTERMS.license, LICENSE))
    if feature is not None:
        g.add((node, VOID.feature, feature))


def _statistics(g: Graph, store: Store, sizes: Mapping[str, int]) -> None:
    """What the server adds: the description document and the dataset as the store holds it
    (distinct triples of the union, partitions by class and by property, access points)."""
    ds = SERVED_DATASET
    g.add((DESCRIPTION, RDF.type, VOID.DatasetDescription))
    g.add((DESCRIPTION, FOAF.primaryTopic, ds))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("minilat: minilateralism in global governance", lang="en")))
    g.add((ds, DCTERMS.title, Literal("minilat：全球治理中的小多边主义知识图谱", lang="zh")))
    g.add((ds, DCTERMS.description, Literal("A knowledge graph of minilateralism built from the digest 《全球治理学科动态》, every fact traceable to its passage.", lang="en")))
    g.add((ds, DCTERMS.license, LICENSE))
    g.add((ds, VOID.uriSpace, Literal(str(ids.ID))))
    g.add((ds, VOID.sparqlEndpoint, URIRef(PUBLIC_ENDPOINT)))
    g.add((ds, VOID.rootResource, ids.ID["digest/minilateralism"]))
    g.add((ds, VOID.exampleResource, ids.ID["mechanism/quad"]))
    g.add((ds, VOID.vocabulary, ids.ONTOLOGY_IRI))
    for ext in ("trig", "nq", "ttl"):
        g.add((ds, VOID.dataDump, URIRef(f"{ids.BASE}download/minilat.{ext}")))
    for prop, query in TOTALS.items():
        g.add((ds, VOID[prop], _integer(_count(store, query))))
    for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c"):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], _term(row["c"])))
        g.add((part, VOID.entities, _integer(int(row["n"].value))))
    for row in store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, _term(row["p"])))
        g.add((part, VOID.triples, _integer(int(row["n"].value))))
    layers = {str(iri): name for name, iri in ids.GRAPHS.items()}
    for name in sizes:
        graph = URIRef(name)
        g.add((ds, VOID.subset, graph))  # each subset's type, name and size are stated by _subsets
        if name in layers:
            g.add((graph, DCTERMS.title, Literal(f"minilat {layers[name]} layer", lang="en")))


def published(folder: Path | None) -> dict[str, Path]:
    """The release files a build wrote to ``folder`` (those that are there), by name."""
    if folder is None:
        return {}
    return {name: folder / name for name in PUBLISHED if (folder / name).is_file()}


def served(store: Store, folder: Path | None, endpoint: str = PUBLIC_ENDPOINT) -> Graph:
    """The description a server publishes at /.well-known/void: this generator over its store,
    with its own endpoint URL, the release files in ``folder`` and the statistics."""
    return describe(store, published(folder), endpoint, statistics=True)


def write(dataset: Dataset, release_files: Mapping[str, Path], folder: Path, endpoint: str = DEFAULT_ENDPOINT) -> Path:
    """Write ``folder/void.ttl`` atomically; return its path."""
    path = folder / VOID_FILE
    release.write_atomic(path, describe(dataset, release_files, endpoint).serialize(format="turtle", encoding="utf-8"))
    return path
