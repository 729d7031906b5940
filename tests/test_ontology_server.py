"""Publication (issue 15): version IRIs serve their frozen release file, unknown versions are
404, /ontology documents the ontology (title, IRI, citation, status, version links), and
/shapes serves the SHACL shapes with content negotiation.

The server runs over a small dataset whose ontology graph is ontology/minilat.ttl."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from starlette.testclient import TestClient

from minilat import paths
from minilat.pipeline.quality import RELEASES
from minilat.server import Config, create_app

ONTOLOGY = "https://w3id.org/minilat/ontology"
TITLE = "minilat: an ontology of minilateralism in global governance · minilat：全球治理中的小多边主义本体"


def canonical(data: bytes, fmt: ox.RdfFormat) -> set[ox.Quad]:
    """The triples with canonical blank-node labels, to compare graphs across formats."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(data, format=fmt))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = ox.Store()
    store.load(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/minilat/graph/ontology"))
    release = tmp_path_factory.mktemp("ontology") / "ontology.nq"
    store.dump(str(release), format=ox.RdfFormat.N_QUADS)
    with TestClient(create_app(Config(release=release, workers=1, log_requests=False))) as c:
        yield c


@pytest.mark.parametrize("version", ["0.1.0", "0.2.0", "0.3.0"])
def test_a_version_iri_serves_exactly_its_release_file(client, version) -> None:
    response = client.get(f"/ontology/{version}", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.content == (RELEASES / f"{version}.ttl").read_bytes()
    graph = Graph().parse(data=response.text, format="turtle")
    assert str(graph.value(URIRef(ONTOLOGY), URIRef("http://www.w3.org/2002/07/owl#versionIRI"))) == f"{ONTOLOGY}/{version}"


def test_the_old_version_stays_the_old_file(client) -> None:
    old = client.get("/ontology/0.1.0", params={"format": "turtle"}).text
    assert "owl:versionInfo \"0.1.0\"" in old and "mlo:leadsTo" not in old and "org:role a owl:ObjectProperty ;\n    rdfs:domain org:Membership" in old


def test_a_version_in_other_rdf_formats_is_the_same_graph(client) -> None:
    frozen = canonical((RELEASES / "0.2.0.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    assert canonical(client.get("/ontology/0.2.0", headers={"accept": "application/rdf+xml"}).content, ox.RdfFormat.RDF_XML) == frozen
    assert canonical(client.get("/ontology/0.2.0", params={"format": "nt"}).content, ox.RdfFormat.N_TRIPLES) == frozen


@pytest.mark.parametrize("version", ["9.9.9", "0.1", "latest", "0.2.0.ttl", "0.2.0-rc"])
def test_an_unknown_version_is_404(client, version) -> None:
    # 9.9.9 used to answer 200 with the current file
    response = client.get(f"/ontology/{version}", headers={"accept": "text/turtle"})
    assert response.status_code == 404
    assert response.text == f"Not Found: no ontology version {version!r} was released (released: 0.1.0, 0.2.0, 0.3.0)\n"
    assert client.get("/ontology/..%2Freleases%2F0.1.0").status_code == 404


def test_a_version_has_its_own_documentation_page(client) -> None:
    html = client.get("/ontology/0.1.0", headers={"accept": "text/html"}).text
    assert re.findall(r"<title>(.*?)</title>", html, re.DOTALL) == [TITLE]
    assert 'href="/ontology/0.1.0"' in html and "0.2.0" not in html


def test_the_documentation_page_is_the_ontology_with_citation_status_and_versions(client) -> None:
    html = client.get("/ontology", headers={"accept": "text/html"}).text
    metadata = html[html.index('id="metadata"') : html.index("</dl>", html.index('id="metadata"'))]
    assert re.findall(r"<h1>(.*?)</h1>", metadata, re.DOTALL) == [TITLE]
    assert re.findall(r"<code>(.*?)</code>", metadata)[0] == ONTOLOGY
    assert "Issue areas" not in metadata and "议题领域" not in metadata
    assert 'href="/ontology/0.3.0"' in metadata and 'href="/ontology/0.2.0"' in metadata  # version IRI and prior version, on this server
    assert "<p>minilat project (2026). minilat: an ontology of minilateralism in global governance, version 0.3.0. https://w3id.org/minilat/ontology/0.3.0</p>" in metadata
    assert '<a href="http://purl.org/ontology/bibo/status/published">published</a>' in metadata
    assert "<span>minilat project</span>" in metadata  # the named creator and publisher
    schemes = html[html.index('id="conceptschemes"') :]
    assert "Issue areas · 议题领域" in schemes and "<code>https://w3id.org/minilat/id/scheme/issue-areas</code>" in schemes


def test_shapes_are_served_as_turtle_and_by_content_negotiation(client) -> None:
    # …/shapes was 404
    turtle = client.get("/shapes", headers={"accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.content == paths.SHAPES.read_bytes()
    jsonld = client.get("/shapes", params={"format": "jsonld"})
    assert canonical(jsonld.content, ox.RdfFormat.JSON_LD) == canonical(paths.SHAPES.read_bytes(), ox.RdfFormat.TURTLE)
    assert client.get("/shapes").headers["content-type"].startswith("text/turtle")  # no Accept: RDF first
    page = client.get("/shapes", headers={"accept": "text/html"})
    assert page.status_code == 200 and "SHACL shapes" in page.text and "mls:MemberOfShape" in page.text
    assert client.get("/shapes", headers={"accept": "image/png"}).status_code == 406


def test_release_folder_holds_only_version_files() -> None:
    assert sorted(p.name for p in Path(RELEASES).iterdir()) == ["0.1.0.ttl", "0.2.0.ttl", "0.3.0.ttl"]
