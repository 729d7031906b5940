"""Protocol and CLI fixes (issue 14, item 7): one regression test per bug, named after what broke.

They run over a small fixture dataset (written here), never the release build: the server
serves it with ``Config(release=…)``, the CLI reads it from an on-disk ``--store``.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from minilat import paths
from minilat.errors import UserError
from minilat.ids import BASE
from minilat.library import bindings
from minilat.pipeline.release import jsonld
from minilat.server import Config, create_app
from minilat.store import Store

QUAD = BASE + "id/mechanism/quad"
SCHEME = BASE + "id/scheme/issue-areas"
TITLE = "minilat: an ontology of minilateralism in global governance · minilat：全球治理中的小多边主义本体"
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ROWS = 3000
FIXTURE = f"""
@prefix mlo: <{BASE}ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <{BASE}id/> .

<{BASE}graph/ontology> {{
  <{BASE}ontology> a owl:Ontology ;
    dcterms:title "minilat: an ontology of minilateralism in global governance"@en , "minilat：全球治理中的小多边主义本体"@zh .
  mlo:MinilateralMechanism a owl:Class ; rdfs:label "minilateral mechanism"@en , "小多边机制"@zh .
  mlo:memberOf a owl:ObjectProperty ; rdfs:label "member of"@en , "成员"@zh .
  <{SCHEME}> a owl:NamedIndividual , skos:ConceptScheme ;
    rdfs:label "Issue areas"@en , "议题领域"@zh ; skos:prefLabel "Issue areas"@en , "议题领域"@zh ;
    skos:definition "Controlled list of the policy fields in which cooperation mechanisms work."@en .
  <{BASE}id/issue-area/security> a owl:NamedIndividual ; skos:inScheme <{SCHEME}> ; rdfs:label "security"@en , "安全"@zh .
}}
<{BASE}graph/digest> {{
  <{QUAD}> a mlo:MinilateralMechanism ;
    rdfs:label "Quadrilateral Security Dialogue"@en , "四方安全对话"@zh ;
    mlo:hasIssueArea <{BASE}id/issue-area/security> .
  <{BASE}id/state/AUS> mlo:memberOf <{QUAD}> ; rdfs:label "Australia"@en , "澳大利亚"@zh .
  <{BASE}id/mechanism/aukus> a mlo:MinilateralMechanism ; rdfs:label "AUKUS"@en .
  <{BASE}id/concept/aukus> rdfs:label "AUKUS (the idea)"@en .
}}
<{BASE}graph/background> {{
{"".join(f'  <{BASE}id/state/s{n:04d}> rdfs:label "state {n}"@en .{chr(10)}' for n in range(ROWS))}}}
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fixture") / "fixture.trig"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def client(dataset: Path):
    with TestClient(create_app(Config(release=dataset, workers=2, log_requests=False))) as c:
        yield c


@pytest.fixture(scope="module")
def store_dir(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("store") / "store"
    store = Store(directory)
    store.load(dataset)
    del store  # releases the store's lock for the CLI processes
    return directory


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minilat", *args], capture_output=True, text=True, timeout=120)


def query(store_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return cli("query", "--store", str(store_dir), *args)


def one_error_line(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("minilat: error: ") and "Traceback" not in out.stderr, out.stderr
    return out.stderr


# 1. relative IRIs without BASE -------------------------------------------------------------


def test_relative_iri_without_base_resolves_against_the_endpoint(client: TestClient) -> None:
    # W3C protocol test: `CONSTRUCT { <s> <p> 1 } WHERE {}` got 400 ("IRI parsing failed").
    response = client.get("/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, headers={"accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    g = Graph().parse(data=response.text, format="nt")
    assert set(g) == {(URIRef("http://testserver/s"), URIRef("http://testserver/p"), Literal(1))}
    posted = client.post("/sparql", content="BASE <http://example.org/> CONSTRUCT { <s> <p> 1 } WHERE {}",
                         headers={"content-type": "application/sparql-query", "accept": "application/n-triples"})
    assert "<http://example.org/s>" in posted.text  # the query's own BASE still wins


def test_cli_relative_iri_resolves_against_the_dataset_base(store_dir: Path) -> None:
    out = query(store_dir, "--format", "nt", "CONSTRUCT { <s> <p> 1 } WHERE {}")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"<{BASE}s> <{BASE}p> ")


# 2. gzip -----------------------------------------------------------------------------------


def test_large_result_is_gzipped_when_the_client_accepts_it(client: TestClient) -> None:
    # Responses went out uncompressed whatever Accept-Encoding said.
    params = {"query": f"SELECT ?s ?l WHERE {{ GRAPH <{BASE}graph/background> {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }} ORDER BY ?s"}
    bodies = []
    for _ in range(2):  # the second answer comes from the server's cache
        with client.stream("GET", "/sparql", params=params, headers={"accept-encoding": "gzip"}) as response:
            raw = b"".join(response.iter_raw())
        assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
        assert {"Accept", "Accept-Encoding"} <= {v.strip() for v in response.headers["vary"].split(",")}
        assert raw[:2] == b"\x1f\x8b"
        bodies.append(gzip.decompress(raw))
        assert len(raw) < len(bodies[-1]) / 4
    assert bodies[0] == bodies[1] and len(json.loads(bodies[0])["results"]["bindings"]) == ROWS
    plain = client.get("/sparql", params=params, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and "Accept-Encoding" in plain.headers["vary"]
    assert plain.content == bodies[0]
    small = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers  # under the minimum size


def test_pages_and_streamed_downloads_are_gzipped_too(client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(2):  # an entity page, rendered then served from the page cache
        page = client.get("/id/mechanism/quad", headers={"accept": "text/html", "accept-encoding": "gzip"})
        assert page.status_code == 200 and page.headers["content-encoding"] == "gzip" and "四方安全对话" in page.text
    css = client.get("/static/minilat.css", headers={"accept-encoding": "gzip"})
    identity = client.get("/static/minilat.css", headers={"accept-encoding": "identity"})
    assert css.headers["content-encoding"] == "gzip" and css.content == identity.content
    assert css.headers["etag"] == "W/" + identity.headers["etag"]  # one strong validator per representation
    for etag in (css.headers["etag"], identity.headers["etag"]):  # revalidation still answers 304
        assert client.get("/static/minilat.css", headers={"if-none-match": etag, "accept-encoding": "gzip"}).status_code == 304
    release = tmp_path / "minilat.nt"
    release.write_bytes(b"".join(f"<{BASE}id/x/{n}> <{BASE}p> \"{n}\" .\n".encode() for n in range(5000)))  # several file chunks
    monkeypatch.setattr(paths, "GRAPHS", tmp_path)
    download = client.get("/download/minilat.nt", headers={"accept-encoding": "gzip"})
    assert download.status_code == 200 and download.headers["content-encoding"] == "gzip"
    assert download.content == release.read_bytes() and "content-length" not in download.headers


# 3. per-entity JSON-LD -------------------------------------------------------------------


def test_entity_jsonld_is_compacted_with_the_published_context(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # GET /id/mechanism/quad as application/ld+json was expanded JSON-LD (full IRIs, no context).
    response = client.get("/id/mechanism/quad", headers={"accept": "application/ld+json"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    document = response.json()
    assert document["@context"] == jsonld.CONTEXT_IRI == BASE + "context/" + jsonld.CONTEXT_NAME
    assert client.get("/context/" + jsonld.CONTEXT_NAME).json() == jsonld.context()  # served where it says
    quad = next(node for node in document["@graph"] if node["@id"] == "mechanism:quad")
    assert {"@language": "zh", "@value": "四方安全对话"} in quad["rdfs:label"] and quad["@type"] == "mlo:MinilateralMechanism"
    import urllib.request

    import rdflib.plugins.shared.jsonld.context as context_module

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network fetch attempted: {args[:1]}")

    monkeypatch.setattr(context_module, "source_to_json", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    expanded = Graph()
    for s, p, o, _ in jsonld.parse(response.content).quads((None, None, None, None)):
        expanded.add((s, p, o))
    turtle = Graph().parse(data=client.get("/id/mechanism/quad", headers={"accept": "text/turtle"}).text, format="turtle")
    assert isomorphic(expanded, turtle) and (URIRef(QUAD), RDF.type, URIRef(BASE + "ontology#MinilateralMechanism")) in turtle


# 4. bare slugs in --bind -----------------------------------------------------------------

LABEL_EN = 'SELECT ?{0} ?l WHERE {{ ?{0} <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") }}'


@pytest.mark.parametrize(
    ("binding", "row"),
    [
        ("mechanism=quad", f"{QUAD},Quadrilateral Security Dialogue"),  # the variable's kind
        ("entity=quad", f"{QUAD},Quadrilateral Security Dialogue"),  # the only id/*/quad
        ("mechanism=aukus", f"{BASE}id/mechanism/aukus,AUKUS"),  # the kind wins over id/concept/aukus
        ("entity=concept/aukus", f"{BASE}id/concept/aukus,AUKUS (the idea)"),  # kind/slug
        ("entity=mechanism:quad", f"{QUAD},Quadrilateral Security Dialogue"),  # a prefix of the JSON-LD context
    ],
)
def test_bare_slug_binding_resolves_to_the_entity(store_dir: Path, binding: str, row: str) -> None:
    # `minilat query --bind mechanism=quad` bound the literal "quad" and silently returned 0 rows.
    out = query(store_dir, "--format", "csv", "--bind", binding, LABEL_EN.format(binding.split("=")[0]))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1:] == [row]


@pytest.mark.parametrize(
    ("binding", "message"),
    [
        ("entity=aukus", "--bind entity=aukus is ambiguous: https://w3id.org/minilat/id/concept/aukus, https://w3id.org/minilat/id/mechanism/aukus"),
        ("mechanism=nosuch", "--bind mechanism=nosuch: no mechanism 'nosuch' (id/mechanism/nosuch) in the dataset"),
        ("entity=nosuch", "--bind entity=nosuch: no entity id/*/nosuch in the dataset"),
        ("state=quad", "--bind state=quad: no state 'quad' in the dataset, only https://w3id.org/minilat/id/mechanism/quad"),
    ],
)
def test_unknown_or_ambiguous_slug_binding_is_one_line_exit_2(store_dir: Path, binding: str, message: str) -> None:
    variable = binding.split("=")[0]
    assert message in one_error_line(query(store_dir, "--bind", binding, LABEL_EN.format(variable)))


def test_slug_lookup_without_a_dataset_is_an_error_not_a_literal() -> None:
    with pytest.raises(UserError, match="no mechanism 'quad'"):
        bindings.parse(("mechanism=quad",), lambda select: [])
    assert bindings.parse(('l="quad"',), lambda select: [])["l"].value == "quad"  # quoted: a literal


# 5. updates --------------------------------------------------------------------------------


def test_update_in_query_says_updates_are_not_supported(store_dir: Path) -> None:
    # `minilat query 'INSERT DATA {…}'` said "query syntax: error at 1:1: expected CONSTRUCT".
    line = one_error_line(query(store_dir, "INSERT DATA { <urn:a> <urn:b> <urn:c> }"))
    assert "updates are not supported here" in line and "expected" not in line
    with pytest.raises(UserError, match="updates are not supported here"):
        Store().query("DELETE WHERE { ?s ?p ?o }")


# 6. Turtle prefixes ----------------------------------------------------------------------


def test_construct_turtle_uses_the_project_prefixes(store_dir: Path) -> None:
    # CONSTRUCT output in Turtle from `minilat query` wrote every IRI in full.
    text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{BASE}graph/digest> {{ ?s ?p ?o }} }}"
    turtle = query(store_dir, "--format", "turtle", text)
    assert turtle.returncode == 0, turtle.stderr
    assert f"@prefix mlo: <{BASE}ontology#> ." in turtle.stdout and "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ." in turtle.stdout
    assert "mlo:memberOf" in turtle.stdout and "rdfs:label" in turtle.stdout and "<http://www.w3.org/2000/01/rdf-schema#label>" not in turtle.stdout
    nt = query(store_dir, "--format", "nt", text).stdout
    assert isomorphic(Graph().parse(data=turtle.stdout, format="turtle"), Graph().parse(data=nt, format="nt"))


# 7. a digest of only a BOM ---------------------------------------------------------------


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf \n\n"])
def test_bom_only_digest_is_reported_empty(tmp_path: Path, content: bytes) -> None:
    # A UTF-8 BOM alone was parsed as text and reported as "no article header 'No. 1' found".
    path = tmp_path / "bom.txt"
    path.write_bytes(content)
    assert one_error_line(cli("parse", str(path))) == f"minilat: error: {path}:1: empty file: no digest text\n"


# 8. the ontology page's header -------------------------------------------------------------


def test_ontology_page_shows_the_ontologys_title_and_iri_once(client: TestClient) -> None:
    # pyLODE took the issue-areas skos:ConceptScheme for a second ontology header: the page's
    # <h1> read "…本体minilat: an ontology…议题领域Issue areas" and its IRI was the scheme's.
    response = client.get("/ontology", headers={"accept": "text/html"})
    assert response.status_code == 200, response.text
    html = response.text
    assert re.findall(r"<title>(.*?)</title>", html, re.DOTALL) == [TITLE]
    metadata = html[html.index('id="metadata"') : html.index("</dl>", html.index('id="metadata"'))]
    assert re.findall(r"<h1>(.*?)</h1>", metadata, re.DOTALL) == [TITLE]
    assert re.findall(r"<code>(.*?)</code>", metadata)[0] == BASE + "ontology"
    assert "Issue areas" not in metadata and "议题领域" not in metadata and SCHEME not in metadata
    schemes = html[html.index('id="conceptschemes"') :]
    assert "Issue areas · 议题领域" in schemes and f"<code>{SCHEME}</code>" in schemes and 'href="/id/issue-area/security"' in schemes
    served = Graph().parse(data=client.get("/ontology", headers={"accept": "text/turtle"}).text, format="turtle")
    assert (URIRef(SCHEME), RDF.type, SKOS.ConceptScheme) in served  # the RDF itself is unchanged
    assert (URIRef(SCHEME), RDFS.label, Literal("Issue areas", lang="en")) in served
