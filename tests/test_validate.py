"""SHACL shapes and SPARQL quality rules catch broken data, and pass the real build."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from minilat import ids, paths
from minilat.ids import ID, MLO
from minilat.pipeline.build import abox_graphs, load_ontology
from minilat.pipeline.validate import rules, shacl, to_store

CLAIM = URIRef(ID["claim/dee-inside-minilateralism-strengthens-npt"])


def _data(built) -> Graph:
    data = Graph()
    for name in [*abox_graphs(built.dataset), ids.GRAPHS["inferred"]]:
        for triple in built.dataset.graph(name):
            data.add(triple)
    return data


def test_shapes_catch_claim_without_passage_or_about(built) -> None:
    # mlo:quote is deprecated (ontology 0.2.0): a claim's quote is the oa:exact of its annotation, gone with it
    data = _data(built)
    data.remove((CLAIM, MLO.anchoredBy, None))
    data.remove((CLAIM, MLO.about, None))
    violations = shacl(data, ontology=load_ontology())
    assert {v.focus for v in violations} == {str(CLAIM)}
    assert sorted(v.message.split(" naming")[0].split(" annotation")[0] for v in violations) == [
        "A claim needs at least one mlo:about", "A claim needs at least one mlo:anchoredBy", "A claim needs at least one mlo:anchoredBy"]


def test_shapes_catch_mechanism_without_chinese_label(built) -> None:
    data = _data(built)
    quad = URIRef(ID["mechanism/quad"])
    for prop in (URIRef("http://www.w3.org/2000/01/rdf-schema#label"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")):
        data.remove((quad, prop, Literal("四方安全对话", lang="zh")))
    violations = shacl(data)
    assert {v.focus for v in violations} == {str(quad)}


def test_rules_pass_on_the_release(built) -> None:
    assert rules(to_store(built.dataset)) == []


def test_self_argument_rule_fires(built) -> None:
    store = to_store(built.dataset)
    import pyoxigraph

    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(str(CLAIM)), pyoxigraph.NamedNode(str(MLO.supports)), pyoxigraph.NamedNode(str(CLAIM)), pyoxigraph.NamedNode(str(ids.GRAPHS["digest"]))))
    found = rules(store)
    assert [(v.rule, v.focus) for v in found] == [("self-argument-violation.rq", f"entity={CLAIM}")]


def test_every_rule_file_has_a_title_header() -> None:
    files = sorted(paths.RULES.glob("*-violation.rq"))
    assert len(files) >= 8
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("# title:"), path.name


def test_validation_by_parts_finds_what_validation_of_everything_finds(built) -> None:
    """pipeline/shapes validates issue by issue and the shared layers apart; broken in both places,
    it must report exactly the violations pySHACL reports over the whole dataset."""
    from rdflib import Dataset

    from minilat.pipeline.shapes import validate_issues

    dataset = Dataset()
    for graph in built.dataset.graphs():
        for triple in graph:
            dataset.graph(graph.identifier).add(triple)
    issue = dataset.graph(ids.issue_graph("minilateralism"))
    issue.remove((CLAIM, MLO.about, None))  # an issue's node
    quad_aus = URIRef(ID["membership/quad-AUS"])
    issue.remove((quad_aus, MLO.anchoredBy, None))  # a shared node whose evidence is in the issue
    everything = Graph()
    for name in [*abox_graphs(dataset), ids.GRAPHS["inferred"]]:
        for triple in dataset.graph(name):
            everything.add(triple)
    whole = {(v.focus, v.message) for v in shacl(everything, ontology=load_ontology())}
    parts = {(v.focus, v.message) for v in validate_issues(dataset, load_ontology(), [ids.issue_graph("minilateralism")], cache=None)}
    assert parts == whole
    assert {focus for focus, _ in whole} == {str(CLAIM), str(quad_aus)}
