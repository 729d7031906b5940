"""VoID and DCAT description of the release: ``graphs/void.ttl``, served at /.well-known/void.

:func:`describe` states the title, licence, publisher, dates and source (the digest) of the
dataset, one ``void:subset`` per named graph with its triple count, one DCAT distribution
per release file (media type, byte size), the linksets of the links graphs with their
link counts and source, example resources and the SPARQL endpoint. Deterministic: the
same dataset and files give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from minilat import ids
from minilat.ids import MLO
from minilat.linking import links
from minilat.pipeline import release

DATASET = ids.ID["dataset/minilat"]
PUBLISHER = ids.ID["agent/minilat-project"]
SERVICE = ids.ID["service/sparql"]
DEFAULT_ENDPOINT = "http://127.0.0.1:8000/sparql"
DOWNLOAD_BASE = ids.BASE + "graphs/"
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


def describe(
    dataset: Dataset,
    release_files: Mapping[str, Path],
    endpoint: str = DEFAULT_ENDPOINT,
    download_base: str = DOWNLOAD_BASE,
    modified: str | None = None,
) -> Graph:
    """The VoID + DCAT graph of ``dataset`` and its release files (name → path)."""
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
    data = _union(dataset)
    _sources(g, data)
    g.add((DATASET, VOID.triples, Literal(sum(1 for _ in dataset.quads((None, None, None, None))), datatype=XSD.integer)))
    g.add((DATASET, VOID.entities, Literal(_entities(data), datatype=XSD.integer)))
    g.add((DATASET, VOID.uriSpace, Literal(str(ids.ID))))
    for vocabulary in VOCABULARIES:
        g.add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    for example in EXAMPLES:
        if (ids.ref(example), None, None) in data:
            g.add((DATASET, VOID.exampleResource, ids.ref(example)))
    _endpoint(g, endpoint)
    _subsets(g, dataset, data)
    for name in sorted(release_files):
        _distribution(g, name, release_files[name], download_base)
    return g


def _union(dataset: Dataset) -> Graph:
    """Every triple of every graph, as one graph (the Dataset API reads the default graph only)."""
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def _sources(g: Graph, data: Graph) -> None:
    """The digest issue (and its raw text, with its hash) as the dataset's source."""
    for issue in sorted(set(data.subjects(RDF.type, MLO.DigestIssue))):
        g.add((DATASET, DCTERMS.source, issue))
        for title in data.objects(issue, DCTERMS.title):
            g.add((issue, DCTERMS.title, title))
        for part in sorted(set(data.subjects(DCTERMS.isPartOf, issue))):
            for value in data.objects(part, DCTERMS.identifier):
                g.add((issue, DCTERMS.hasPart, part))
                g.add((part, DCTERMS.identifier, value))


def _entities(data: Graph) -> int:
    return len({s for s in data.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(ids.ID))})


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


def _subsets(g: Graph, dataset: Dataset, data: Graph) -> None:
    """One void:subset per named graph; the links graphs hold one void:Linkset per target."""
    names = sorted(str(c.identifier) for c in dataset.graphs() if len(c) and isinstance(c.identifier, URIRef) and c.identifier != DATASET_DEFAULT_GRAPH_ID)
    for name in names:
        graph = URIRef(name)
        short = name.removeprefix(str(ids.GRAPH))
        g.add((DATASET, VOID.subset, graph))
        g.add((graph, RDF.type, VOID.Dataset))
        g.add((graph, SD.name, graph))
        g.add((graph, DCTERMS.title, Literal(GRAPH_TITLES.get(short, f"Named graph {short}"), lang="en")))
        g.add((graph, VOID.triples, Literal(len(dataset.graph(graph)), datatype=XSD.integer)))
    for linkset in links.LINKSETS:
        if str(linkset.graph) not in names:
            continue
        n = links.count(dataset.graph(linkset.graph), linkset)
        if not n:
            continue
        target = links.TARGETS[linkset.target]
        node = linkset.iri
        g.add((linkset.graph, VOID.subset, node))
        g.add((node, RDF.type, VOID.Linkset))
        g.add((node, DCTERMS.title, Literal(f"{target.title} links ({g.namespace_manager.normalizeUri(linkset.predicate)})", lang="en")))
        g.add((node, VOID.subjectsTarget, DATASET))
        g.add((node, VOID.objectsTarget, target.iri))
        g.add((node, VOID.linkPredicate, linkset.predicate))
        g.add((node, VOID.triples, Literal(n, datatype=XSD.integer)))
        g.add((node, DCTERMS.source, links.REFERENCE))
        for p in (RDFS.label, DCTERMS.identifier, DCTERMS.description, DCTERMS.source):
            for value in data.objects(links.REFERENCE, p):
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


def write(dataset: Dataset, release_files: Mapping[str, Path], folder: Path, endpoint: str = DEFAULT_ENDPOINT) -> Path:
    """Write ``folder/void.ttl`` atomically; return its path."""
    path = folder / VOID_FILE
    release.write_atomic(path, describe(dataset, release_files, endpoint).serialize(format="turtle", encoding="utf-8"))
    return path


def served(path: Path, endpoint: str) -> bytes:
    """``void.ttl`` as a server publishes it at /.well-known/void: with its own endpoint URL."""
    g = Graph().parse(path, format="turtle")
    for s, p, _ in list(g.triples((None, VOID.sparqlEndpoint, None))):
        if s == DATASET:
            g.set((s, p, URIRef(endpoint)))
    for p in (DCAT.endpointURL, SD.endpoint):
        g.set((SERVICE, p, URIRef(endpoint)))
    return g.serialize(format="turtle", encoding="utf-8")
