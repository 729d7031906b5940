"""VoID + DCAT description: subsets with triple counts, linksets, distributions, endpoint."""

from __future__ import annotations

import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib import namespace as rns
from rdflib.namespace import DCTERMS, VOID
from test_links import COUNTS, linked

from minilat import ids
from minilat.linking import links
from minilat.pipeline.release import void


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
    names = {*ids.GRAPHS.values(), links.LINKS, links.SAMEAS}
    assert subsets == names
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
    wikidata = links.Linkset("wikidata-exactmatch", SKOS.exactMatch, "wikidata").iri
    assert g.value(wikidata, VOID.objectsTarget) == URIRef("https://www.wikidata.org/")
    assert g.value(wikidata, VOID.linkPredicate) == SKOS.exactMatch
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
    served = Graph().parse(data=void.served(result.folder / "void.ttl", "http://127.0.0.1:9999/sparql"), format="turtle")
    assert served.value(void.DATASET, VOID.sparqlEndpoint) == URIRef("http://127.0.0.1:9999/sparql")
    assert served.value(void.SERVICE, rns.DCAT.endpointURL) == URIRef("http://127.0.0.1:9999/sparql")


def test_deterministic(described) -> None:
    result, _ = described
    first = void.describe(result.dataset, result.files).serialize(format="turtle")
    assert first == void.describe(result.dataset, result.files).serialize(format="turtle")
    assert first.encode() == (result.folder / "void.ttl").read_bytes()
