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
    # mlo:quote is deprecated (ontology 0.2.0): a claim's quote is the oa:exact of its annotation
    data = _data(built)
    data.remove((CLAIM, MLO.quote, None))
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
