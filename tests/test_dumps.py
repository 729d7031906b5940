"""Every release file parses back, with rdflib and with pyoxigraph, to the same graphs."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from test_links import linked

from minilat import ids
from minilat.linking import links
from minilat.pipeline.release import jsonld

QUAD_FORMATS = {"minilat.trig": ("trig", ox.RdfFormat.TRIG), "minilat.nq": ("nquads", ox.RdfFormat.N_QUADS)}


@pytest.fixture(scope="module")
def release(built):
    return linked(built, sameas=True)


def named(dataset: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID}


def by_oxigraph(data: bytes, fmt: ox.RdfFormat) -> Dataset:
    """Parse with pyoxigraph, hand the quads to rdflib through N-Quads."""
    quads = list(ox.parse(data, format=fmt))
    dataset = Dataset()
    dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    return dataset


def assert_same(expected: Dataset, got: Dataset) -> None:
    want, have = named(expected), named(got)
    assert set(want) == set(have)
    for name, graph in want.items():
        assert isomorphic(graph, have[name]), name


def union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_every_named_graph_is_in_the_release(release) -> None:
    assert set(named(release.dataset)) == {*map(str, ids.GRAPHS.values()), str(ids.issue_graph("minilateralism")), str(links.LINKS), str(links.SAMEAS)}


def test_blank_nodes_only_in_the_ontology(release) -> None:
    for name, graph in named(release.dataset).items():
        has_bnodes = any(isinstance(t, BNode) for triple in graph for t in triple)
        assert has_bnodes == (name == str(ids.GRAPHS["ontology"])), name


@pytest.mark.parametrize("name", sorted(QUAD_FORMATS))
def test_quad_files_parse_back_with_rdflib_and_pyoxigraph(release, name: str) -> None:
    rdflib_format, ox_format = QUAD_FORMATS[name]
    data = release.files[name].read_bytes()
    assert_same(release.dataset, Dataset().parse(data=data.decode("utf-8"), format=rdflib_format))
    assert_same(release.dataset, by_oxigraph(data, ox_format))


def test_merged_turtle_parses_back_to_the_union(release) -> None:
    data = release.files["minilat.ttl"].read_bytes()
    want = union(release.dataset)
    assert isomorphic(want, Graph().parse(data=data.decode("utf-8"), format="turtle"))
    assert isomorphic(want, union(by_oxigraph(data, ox.RdfFormat.TURTLE)))


def test_jsonld_parses_back_with_rdflib_and_pyoxigraph(release) -> None:
    path = release.files["minilat.jsonld"]
    assert_same(release.dataset, jsonld.load(path))
    # pyoxigraph has no document loader either: give it the local context inline.
    inline = json.dumps(jsonld.local(json.loads(path.read_text(encoding="utf-8")))).encode("utf-8")
    assert_same(release.dataset, by_oxigraph(inline, ox.RdfFormat.JSON_LD))


def test_iris_survive_both_parsers(release) -> None:
    dataset = by_oxigraph(release.files["minilat.nq"].read_bytes(), ox.RdfFormat.N_QUADS)
    quad = ids.entity("mechanism", "quad")
    dbpedia = URIRef("http://dbpedia.org/resource/Quadrilateral_Security_Dialogue")
    assert (quad, URIRef("http://schema.org/sameAs"), dbpedia, links.LINKS) in set(dataset.quads((quad, None, dbpedia, None)))
