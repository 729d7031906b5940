"""The JSON-LD release file: compacted with the local versioned context, round-trips, never fetches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_links import linked

from minilat import ids
from minilat.errors import UserError
from minilat.pipeline.release import jsonld


@pytest.fixture(scope="module")
def release(built):
    return linked(built)


def test_context_is_local_and_versioned() -> None:
    document = json.loads(jsonld.CONTEXT_FILE.read_text(encoding="utf-8"))
    assert jsonld.CONTEXT_FILE.name == "minilat-context-0.1.jsonld"
    terms = document["@context"]
    for prefix, namespace in ids.PREFIXES.items():
        assert terms[prefix] == str(namespace)
    assert terms["dbr"] == "http://dbpedia.org/resource/" and terms["wd"] == "http://www.wikidata.org/entity/"
    assert jsonld.CONTEXT_IRI == "https://w3id.org/minilat/context/minilat-context-0.1.jsonld"


def test_file_is_compacted_with_the_context_iri(release) -> None:
    document = json.loads(release.files["minilat.jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == jsonld.CONTEXT_IRI
    graphs = {g["@id"].replace("graph:", str(ids.GRAPH)): g["@graph"] for g in document["@graph"]}
    assert set(graphs) == {*map(str, ids.GRAPHS.values()), str(ids.issue_graph("minilateralism")), "https://w3id.org/minilat/graph/links"}
    quad = next(node for node in graphs["https://w3id.org/minilat/graph/links"] if node["@id"] == "mechanism:quad")
    assert quad["schema:sameAs"] == [{"@id": "dbr:Quadrilateral_Security_Dialogue"}, {"@id": "https://en.wikipedia.org/wiki/Quadrilateral_Security_Dialogue"}]


def test_round_trip_is_isomorphic_per_graph(release) -> None:
    assert jsonld.check(release.files["minilat.jsonld"], release.dataset) == len(ids.GRAPHS) + 1 == 8  # the layers and the one issue's graph


def test_no_document_loader_reaches_the_network(release, monkeypatch) -> None:
    import urllib.request

    import rdflib.plugins.shared.jsonld.context as context_module

    def refuse(*args, **kwargs):
        raise AssertionError(f"network fetch attempted: {args[:1]}")

    monkeypatch.setattr(context_module, "source_to_json", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    assert jsonld.check(release.files["minilat.jsonld"], release.dataset) == len(ids.GRAPHS) + 1 == 8  # the layers and the one issue's graph


def test_other_remote_contexts_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps({"@context": "https://example.org/ctx.jsonld", "@id": "https://example.org/a"}), encoding="utf-8")
    with pytest.raises(UserError, match="refusing to fetch remote JSON-LD context"):
        jsonld.load(path)


def test_a_changed_file_fails_the_check(release, tmp_path: Path) -> None:
    document = json.loads(release.files["minilat.jsonld"].read_text(encoding="utf-8"))
    links_graph = next(g for g in document["@graph"] if g["@id"] == "graph:links")
    links_graph["@graph"] = [n for n in links_graph["@graph"] if n["@id"] != "mechanism:quad"]
    path = tmp_path / "minilat.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match="graph <https://w3id.org/minilat/graph/links> differs"):
        jsonld.check(path, release.dataset)


def test_deterministic(release) -> None:
    assert jsonld.render(release.dataset) == release.files["minilat.jsonld"].read_bytes()
