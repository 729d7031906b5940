"""The SPARQL 1.1 Protocol at /sparql, in process (Starlette's TestClient) over real workers.

Answers are checked against the engine itself (the CLI's store) and against known facts
of the dataset: the Quad's labels, its members, named-graph sizes.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from starlette.testclient import TestClient

from minilat import library
from minilat.server import Config, create_app
from minilat.store import Store

QUAD = "https://w3id.org/minilat/id/mechanism/quad"
INFERRED = "https://w3id.org/minilat/graph/inferred"
DIGEST = "https://w3id.org/minilat/graph/digest"
ALL = "SELECT * WHERE { ?s ?p ?o }"
MAX_ROWS = 5000
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Config(workers=2, max_rows=MAX_ROWS, log_requests=False))) as c:
        yield c


@pytest.fixture(scope="module")
def engine():
    return Store.open()


def rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    data = response.json()
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def engine_rows(engine: Store, text: str, **options) -> list[dict[str, str]]:
    result = engine.query(text, **options)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def canonical(items: list[dict]) -> list[str]:
    """Rows as comparable strings, blank-node labels blanked (they differ between stores)."""
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in items)


def count(client: TestClient, text: str, **params) -> int:
    found = rows(client.get("/sparql", params={"query": text, **params}))
    return int(found[0]["n"])


def test_quad_labels_in_both_languages(client):
    response = client.get("/sparql", params={"query": f"SELECT ?l WHERE {{ <{QUAD}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"})
    data = response.json()
    labels = {(b["l"]["value"], b["l"]["xml:lang"]) for b in data["results"]["bindings"]}
    assert labels == {("四方安全对话", "zh"), ("Quadrilateral Security Dialogue", "en")}
    assert response.headers["content-type"].startswith("application/sparql-results+json")


def test_quad_members_from_the_library_query(client):
    members = rows(client.get("/sparql", params={"query": library.get("mechanism-members").text}))
    quad = {r["state_en"] for r in members if r["mechanism"] == QUAD and r["layer"] == "digest"}
    assert quad == {"Australia", "India", "Japan", "United States"}


@pytest.mark.parametrize("name", sorted(library.library()))
def test_every_library_query_answers_exactly_as_the_engine(client, engine, name):
    q = library.get(name)
    if q.form == "SELECT":
        assert canonical(rows(client.get("/sparql", params={"query": q.text}))) == canonical(engine_rows(engine, q.text)) or q.text.count("_:")
        assert len(rows(client.post("/sparql", data={"query": q.text}))) == len(engine_rows(engine, q.text))
    elif q.form == "ASK":
        assert client.get("/sparql", params={"query": q.text}).json()["boolean"] is bool(engine.query(q.text))
    else:
        response = client.post("/sparql", content=q.text.encode(), headers={"content-type": "application/sparql-query", "accept": "application/n-triples"})
        assert response.status_code == 200
        assert len(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))) == len(set(engine.query(q.text)))


def test_three_ways_to_send_a_query_agree(client):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/minilat/ontology#State> }"
    get = rows(client.get("/sparql", params={"query": text}))
    form = rows(client.post("/sparql", data={"query": text}))
    direct = rows(client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query; charset=utf-8"}))
    assert get == form == direct and int(get[0]["n"]) > 0


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        ("application/sparql-results+json", None, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("text/csv;q=0.2, text/tab-separated-values;q=0.9", None, "text/tab-separated-values"),
        ("text/turtle", "xml", "application/sparql-results+xml"),
        (None, "tsv", "text/tab-separated-values"),
    ],
)
def test_select_result_formats(client, engine, accept, fmt, media):
    text = f"SELECT ?p ?o WHERE {{ <{QUAD}> ?p ?o }}"
    params = {"query": text} | ({"format": fmt} if fmt else {})
    response = client.get("/sparql", params=params, headers={"accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    expected = len(engine_rows(engine, text))
    if media.endswith("json") or media.endswith("xml") or media.endswith("values"):
        kind = {"n": ox.QueryResultsFormat.JSON, "l": ox.QueryResultsFormat.XML, "s": ox.QueryResultsFormat.TSV}[media[-1]]
        assert len(list(ox.parse_query_results(response.content, format=kind))) == expected
    else:
        table = list(csv.reader(io.StringIO(response.text)))
        assert table[0] == ["p", "o"] and len(table) == expected + 1


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("text/html;q=0.4, application/rdf+xml;q=0.3, text/turtle;q=0.5", "text/turtle", ox.RdfFormat.TURTLE),
    ],
)
def test_construct_and_describe_formats(client, engine, accept, media, fmt):
    text = f"CONSTRUCT WHERE {{ <{QUAD}> ?p ?o }}"
    response = client.get("/sparql", params={"query": text}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media
    assert len(list(ox.parse(response.content, format=fmt))) == len(list(engine.query(text)))
    described = client.get("/sparql", params={"query": f"DESCRIBE <{QUAD}>", "format": "nt"})
    assert described.status_code == 200 and f"<{QUAD}>" in described.text


def test_ask_in_every_results_format(client):
    text = f"ASK {{ <{QUAD}> a ?type }}"
    assert client.get("/sparql", params={"query": text}).json() == {"head": {}, "boolean": True}
    assert "<boolean>true</boolean>" in client.get("/sparql", params={"query": text, "format": "xml"}).text
    assert client.get("/sparql", params={"query": "ASK { <urn:nothing> ?p ?o }", "format": "csv"}).text.split() == ["_askResult", "false"]


@pytest.mark.parametrize(
    ("query", "accept", "fmt"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle", None),
        ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv", None),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", None, "pdf"),
        ("ASK {}", "image/png", None),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+json;q=0", None),
    ],
)
def test_unsupported_formats_get_406(client, query, accept, fmt):
    params = {"query": query} | ({"format": fmt} if fmt else {})
    response = client.get("/sparql", params=params, headers={"accept": accept} if accept else {})
    assert response.status_code == 406
    assert "Not Acceptable" in response.text


def test_default_graph_is_the_union_of_the_named_graphs(client, engine):
    union = count(client, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    per_graph = engine_rows(engine, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)
    assert union == len(engine_rows(engine, "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", union=False))
    assert {r["g"] for r in per_graph} >= {INFERRED, DIGEST}


def test_protocol_dataset_parameters(client, engine):
    inferred = len(engine_rows(engine, f"SELECT * WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}", union=False))
    assert inferred > 0
    assert count(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": INFERRED}) == inferred
    by_graph = rows(client.get("/sparql", params={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "named-graph-uri": INFERRED}))
    assert by_graph == [{"g": INFERRED, "n": str(inferred)}]
    # named graphs only: the default graph is empty (as in Oxigraph's server)
    assert count(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"named-graph-uri": INFERRED}) == 0
    form = rows(client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": INFERRED}))
    assert int(form[0]["n"]) == inferred


def test_from_in_the_query_is_honoured(client, engine):
    inferred = len(engine_rows(engine, f"SELECT * WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}", union=False))
    assert count(client, f"SELECT (COUNT(*) AS ?n) FROM <{INFERRED}> WHERE {{ ?s ?p ?o }}") == inferred


def test_bad_graph_iri_is_400(client):
    response = client.get("/sparql", params={"query": ALL, "default-graph-uri": "not an iri"})
    assert response.status_code == 400 and "absolute IRI" in response.text


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("SELEC * WHERE { ?s ?p ?o }", "error at 1:"),
        ("SELECT * WHERE { ?s ?p }", "error at 1:"),
        ("SELECT * WHERE { ?s nope:p ?o }", "unknown prefix"),
        ("SELECT * WHERE {\n  ?s ?p ?o\n  FILTER(\n}", "error at 4:"),
        ("", "error at 1:1"),
    ],
)
def test_malformed_queries_get_400_with_message_and_position(client, query, fragment):
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert fragment in response.text
    assert response.headers["content-type"].startswith("text/plain")


def test_protocol_misuse_is_4xx(client):
    assert client.post("/sparql", content=b"SELECT * {}", headers={"content-type": "text/plain"}).status_code == 415
    assert client.post("/sparql", data={"nothing": "here"}).status_code == 400
    assert client.get("/sparql", params=[("query", ALL), ("query", ALL)]).status_code == 400
    assert client.post("/sparql", content=b"\xff\xfe", headers={"content-type": "application/sparql-query"}).status_code == 400
    assert client.put("/sparql", content=b"x").status_code == 405


def test_result_rows_are_capped(client, engine):
    total = len(engine_rows(engine, ALL))
    assert total > MAX_ROWS
    response = client.get("/sparql", params={"query": ALL})
    assert len(rows(response)) == MAX_ROWS
    assert response.headers["x-sparql-maxrows"] == str(MAX_ROWS)
    graph = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert len(graph.text.strip().splitlines()) == MAX_ROWS
    small = client.get("/sparql", params={"query": ALL + " LIMIT 10"})
    assert "x-sparql-maxrows" not in small.headers


def test_request_body_is_capped(client):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_100_000
    assert client.post("/sparql", content=huge.encode(), headers={"content-type": "application/sparql-query"}).status_code == 413
    assert client.post("/sparql", data={"query": huge}).status_code == 413


def test_cors_for_get(client):
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://elsewhere.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    page = client.get("/id/mechanism/quad", headers={"origin": "https://elsewhere.example", "accept": "text/turtle"})
    assert page.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/sparql", headers={"origin": "https://elsewhere.example", "access-control-request-method": "GET"})
    assert preflight.status_code == 200 and "GET" in preflight.headers["access-control-allow-methods"]
    denied = client.options("/sparql", headers={"origin": "https://x.example", "access-control-request-method": "PUT"})
    assert denied.status_code == 400


def test_service_description(client, engine):
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.text, format="turtle")
    service = URIRef("http://testserver/sparql")
    assert (service, SD.endpoint, service) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert len(set(g.objects(service, SD.resultFormat))) == 8
    names = {str(g.value(n, SD.name)): int(g.value(g.value(n, SD.graph), VOID.triples)) for n in g.objects(None, SD.namedGraph)}
    expected = engine_rows(engine, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)
    assert names == {r["g"]: int(r["n"]) for r in expected}
    examples = set(g.subjects(SH.select, None)) | set(g.subjects(SH.ask, None)) | set(g.subjects(SH.construct, None))
    assert len(examples) == len(library.library())
    mm = URIRef("https://w3id.org/minilat/query/mechanism-members")
    assert str(g.value(mm, SH.select)) == library.get("mechanism-members").text
    html = client.get("/sparql", headers={"accept": "text/html"})
    assert html.status_code == 200 and "/query/mechanism-members" in html.text
    assert client.get("/sparql", headers={"accept": "application/ld+json"}).json()


def test_library_query_iris_dereference(client):
    q = library.get("mechanism-members")
    assert client.get("/query/mechanism-members", headers={"accept": "application/sparql-query"}).text == q.text
    page = client.get("/query/mechanism-members", headers={"accept": "text/html"})
    assert page.status_code == 200 and q.title in page.text
    described = client.get("/query/mechanism-members", params={"format": "turtle"})
    assert "shacl#" in described.text or "sh:" in described.text
    assert client.get("/query/no-such-query").status_code == 404
