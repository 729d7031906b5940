"""VoID + DCAT description: subsets with triple counts, linksets, distributions, endpoint;
one generator for graphs/void.ttl and the served /.well-known/void."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import DCTERMS, VOID
from starlette.testclient import TestClient
from test_links import COUNTS, linked

from minilat import ids
from minilat.linking import links
from minilat.pipeline.release import void
from minilat.server import Config, create_app, describe
from minilat.store import Store


@pytest.fixture(scope="module")
def described(built):
    result = linked(built, sameas=True)
    return result, Graph().parse(result.folder / "void.ttl", format="turtle")


def test_dataset_metadata(described) -> None:
    result, g = described
    ds = void.DATASET
    assert (ds, RDF.type, VOID.Dataset) in g and (ds, RDF.type, rns.DCAT.Dataset) in g
    assert {t.language for t in g.objects(ds, DCTERMS.title)} == {"en", "zh"}
    assert g.value(ds, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(ds, DCTERMS.created) == Literal(void.CREATED, datatype=rns.XSD.date)
    assert g.value(ds, DCTERMS.publisher) == void.PUBLISHER
    assert g.value(ds, DCTERMS.source) == ids.ID["digest/minilateralism"]
    assert g.value(ds, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:8000/sparql")
    assert int(g.value(ds, VOID.triples)) == sum(1 for _ in result.dataset.quads((None, None, None, None)))  # quads: the sum of the subsets
    assert ids.entity("mechanism", "quad") in set(g.objects(ds, VOID.exampleResource))


def test_one_subset_per_named_graph_with_its_triples(described) -> None:
    result, g = described
    subsets = set(g.objects(void.DATASET, VOID.subset))
    names = {c.identifier for c in result.dataset.graphs() if isinstance(c.identifier, URIRef) and len(c)}  # whatever their names
    assert subsets == names >= {*ids.GRAPHS.values(), links.LINKS, links.SAMEAS}
    for name in names:
        assert int(g.value(name, VOID.triples)) == len(result.dataset.graph(name)) > 0


def test_linksets_with_counts_targets_and_source(described) -> None:
    _, g = described
    found = {}
    for node in g.subjects(RDF.type, VOID.Linkset):
        found[str(node).rsplit("/", 1)[1]] = int(g.value(node, VOID.triples))
        assert g.value(node, VOID.subjectsTarget) == void.DATASET
        assert g.value(node, DCTERMS.source) == links.REFERENCE
    assert found == {**COUNTS, "wikidata-owl-sameas": 10, "dbpedia-owl-sameas": 18}
    wikidata = links.Linkset("wikidata-exactmatch", links.ALIGNMENT, "wikidata").iri
    assert g.value(wikidata, VOID.objectsTarget) == URIRef("https://www.wikidata.org/")
    assert g.value(wikidata, VOID.linkPredicate) == links.ALIGNMENT
    assert (links.LINKS, VOID.subset, wikidata) in g
    assert g.value(URIRef("https://dbpedia.org/"), VOID.uriSpace) == Literal("http://dbpedia.org/resource/")
    assert len(set(g.objects(links.REFERENCE, DCTERMS.source))) == 3


def test_distributions_give_media_type_and_byte_size(described) -> None:
    result, g = described
    media = {}
    for dist in g.objects(void.DATASET, rns.DCAT.distribution):
        name = str(g.value(dist, DCTERMS.title))
        assert int(g.value(dist, rns.DCAT.byteSize)) == result.files[name].stat().st_size
        media[name] = str(g.value(dist, rns.DCAT.mediaType)).removeprefix(void.IANA)
    assert media == {"minilat.trig": "application/trig", "minilat.nq": "application/n-quads", "minilat.ttl": "text/turtle", "minilat.jsonld": "application/ld+json"}


def test_endpoint_is_configurable_and_served(described) -> None:
    result, _ = described
    g = void.describe(result.dataset, result.files, endpoint="https://example.org/sparql")
    assert g.value(void.DATASET, VOID.sparqlEndpoint) == URIRef("https://example.org/sparql")
    served = void.served(Store.from_dataset(result.dataset), result.folder, "http://127.0.0.1:9999/sparql")
    assert served.value(void.DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:9999/sparql")
    assert served.value(void.SERVICE, rns.DCAT.endpointURL) == URIRef("http://127.0.0.1:9999/sparql")
    assert str(void.SERVED_DATASET) == describe.DATASET  # the service description's rdfs:seeAlso


SD = rns.Namespace("http://www.w3.org/ns/sparql-service-description#")
ENDPOINT_STATEMENTS = {(void.DATASET, VOID.sparqlEndpoint), (void.SERVICE, rns.DCAT.endpointURL), (void.SERVICE, SD.endpoint)}


def test_served_description_and_file_agree_on_every_shared_statement(described) -> None:
    """A server over the release serves every statement of its void.ttl (with its own endpoint)
    and only adds the store's statistics; on what both state, the values are the same."""
    result, file = described
    with TestClient(create_app(Config(release=result.folder / "minilat.nq", workers=1, log_requests=False))) as client:
        response = client.get("/.well-known/void", params={"format": "nt"})
    assert response.status_code == 200
    served = Graph().parse(data=response.content, format="nt")
    here, built = URIRef("http://testserver/sparql"), URIRef(void.DEFAULT_ENDPOINT)
    assert set(file) - set(served) == {(s, p, built) for s, p in ENDPOINT_STATEMENTS}
    for s, p in {(s, p) for s, p, _ in file} - ENDPOINT_STATEMENTS:
        if p == DCTERMS.title and s in set(file.objects(void.DATASET, VOID.subset)):
            continue  # a layer also has its short title, below
        assert set(served.objects(s, p)) == set(file.objects(s, p)), (s, p)
    extra = set(served) - set(file)
    endpoint = {(s, p, here) for s, p in ENDPOINT_STATEMENTS}
    layers = {(graph, DCTERMS.title, Literal(f"minilat {name} layer", lang="en")) for name, graph in ids.GRAPHS.items()}
    statistics = {t for t in extra if t[0] in {void.SERVED_DATASET, void.DESCRIPTION} or isinstance(t[0], BNode)}
    assert endpoint <= extra and layers <= extra
    assert extra == endpoint | layers | statistics
    assert set(served.objects(void.SERVED_DATASET, VOID.subset)) == set(file.objects(void.DATASET, VOID.subset))
    assert int(served.value(void.SERVED_DATASET, VOID.triples)) == len({(s, p, o) for s, p, o, _ in result.dataset.quads((None, None, None, None))})
    classes = {(served.value(part, VOID["class"]), int(served.value(part, VOID.entities))) for part in served.objects(void.SERVED_DATASET, VOID.classPartition)}
    mechanisms = {s for s, _, _, _ in result.dataset.quads((None, RDF.type, ids.MLO.MinilateralMechanism, None))}
    assert (ids.MLO.MinilateralMechanism, len(mechanisms)) in classes and len(mechanisms) > 5


def test_every_named_graph_is_a_subset_whatever_its_name(built) -> None:
    store = Store.from_dataset(built.dataset)
    sizes = {str(c.identifier): len(c) for c in built.dataset.graphs() if isinstance(c.identifier, URIRef) and str(c.identifier).startswith(str(ids.GRAPH)) and len(c)}
    issue, yours = ids.GRAPH["issue/a-later-issue"], "http://example.org/graph/yours"
    labels = b"".join(f'<{ids.ID}claim/{x}> <{RDFS.label}> "{x}" .\n'.encode() for x in ("x", "y"))
    store.load_data(labels, ox.RdfFormat.N_TRIPLES, graph=str(issue))
    store.load_data(b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", ox.RdfFormat.N_TRIPLES, graph=yours)
    for g, dataset in ((void.describe(store, {}), void.DATASET), (void.served(store, None), void.SERVED_DATASET)):
        subsets = {str(s): int(g.value(s, VOID.triples)) for s in g.objects(dataset, VOID.subset)}
        assert subsets == {**sizes, str(issue): 2, yours: 1}
        assert g.value(issue, DCTERMS.title) == Literal("Named graph issue/a-later-issue", lang="en")
        assert g.value(issue, SD.name) == issue


def test_deterministic(described) -> None:
    result, _ = described
    first = void.describe(result.dataset, result.files).serialize(format="turtle")
    assert first == void.describe(result.dataset, result.files).serialize(format="turtle")
    assert first.encode() == (result.folder / "void.ttl").read_bytes()
