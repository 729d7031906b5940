"""Linked data on the server: every minted IRI dereferences; entity pages, the digest text,
the ontology, VoID, named graphs and downloads; HTML escaping against a hostile store."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from starlette.testclient import TestClient

from minilat import paths
from minilat.ids import BASE
from minilat.pipeline.release import jsonld
from minilat.server import Config, create_app
from minilat.server.links import local
from minilat.store import RELEASE, Store

QUAD = URIRef(BASE + "id/mechanism/quad")
OWL_ONTOLOGY = URIRef("http://www.w3.org/2002/07/owl#Ontology")
VOID = Namespace("http://rdfs.org/ns/void#")
HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Config(workers=2, log_requests=False))) as c:
        yield c


@pytest.fixture(scope="module")
def engine():
    return Store.open()


class Page(HTMLParser):
    """Links, element ids, scripts/stylesheets and visible text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.assets: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in {"script", "img", "iframe"} and attrs.get("src"):
            self.assets.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in {"stylesheet", "preload", "icon"} and attrs.get("href"):
            self.assets.append(attrs["href"])

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def get_page(client: TestClient, path: str) -> Page:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    return Page(response.text)


def test_quad_page_shows_labels_types_relations_claims_and_passages(client):
    page = get_page(client, "/id/mechanism/quad")
    text = page.plain
    assert "四方安全对话" in text and "Quadrilateral Security Dialogue" in text
    assert "minilateral mechanism" in text and "informal mechanism" in text  # types, by their labels
    assert "/ontology#MinilateralMechanism" in page.links
    assert "/id/issue-area/security" in page.links  # outgoing relation
    assert "/id/state/AUS" in page.links and "member of" in text  # incoming: Australia mlo:memberOf the Quad
    assert "四方安全对话（Quad）" in text  # the passage that anchors it
    assert "/id/digest/minilateralism/text?start=5577&end=5589#passage" in page.links
    assert "Quad最初成立于2007年，旨在协调美、日、印、澳四国的安全政策" in text  # a claim's quote
    assert "The Quad was first set up in 2007" in text  # …and its English statement
    assert "/id/article/bisley-forthcoming" in page.links  # the claim's article
    assert all(link.startswith(("/", "#", "http://", "https://", "?")) for link in page.links)
    assert "https://en.wikipedia.org/wiki/Quadrilateral_Security_Dialogue" in page.links  # external links (graph/links)
    assert "http://www.wikidata.org/entity/Q408" in get_page(client, "/id/state/AUS").links


@pytest.mark.parametrize(
    ("accept", "fmt", "parse"),
    [
        ("text/turtle", None, "turtle"),
        ("application/ld+json", None, "json-ld"),
        ("application/n-triples", None, "nt"),
        ("application/rdf+xml", None, "xml"),
        (None, "turtle", "turtle"),
        ("text/html", "jsonld", "json-ld"),
    ],
)
def test_entity_rdf_by_accept_or_format(client, accept, fmt, parse):
    response = client.get("/id/mechanism/quad", params={"format": fmt} if fmt else {}, headers={"accept": accept} if accept else {})
    assert response.status_code == 200 and "Accept" in response.headers["vary"]
    if parse == "json-ld":  # compacted with minilat's context, referred to by IRI: expand with the local file
        g = Graph()
        for s, p, o, _ in jsonld.parse(response.content).quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        g = Graph().parse(data=response.text, format=parse)
    assert (QUAD, RDFS.label, Literal("四方安全对话", lang="zh")) in g
    assert (QUAD, RDFS.label, Literal("Quadrilateral Security Dialogue", lang="en")) in g
    assert (URIRef(BASE + "id/state/AUS"), URIRef(BASE + "ontology#memberOf"), QUAD) in g  # incoming too


def test_hash_iris_resolve_through_their_document(client):
    doc = "/id/annotation/mechanism-quad-mention-1"
    page = get_page(client, doc)
    assert {"quote", "target", "position"} <= page.ids
    assert "四方安全对话（Quad）" in page.plain
    g = Graph().parse(data=client.get(doc, headers={"accept": "text/turtle"}).text, format="turtle")
    quote = URIRef(BASE + doc.lstrip("/") + "#quote")
    assert (quote, URIRef("http://www.w3.org/ns/oa#exact"), Literal("四方安全对话（Quad）")) in g
    assert local(str(quote)) == doc + "#quote"


def test_digest_text_with_the_passage_highlighted(client):
    raw = paths.DIGEST.read_text(encoding="utf-8")
    response = client.get("/id/digest/minilateralism/text", params={"start": 5577, "end": 5589}, headers=HTML)
    assert response.status_code == 200
    assert '<mark id="passage">四方安全对话（Quad）</mark>' in response.text
    assert raw[5577:5589] == "四方安全对话（Quad）"
    plain = client.get("/id/digest/minilateralism/text", headers={"accept": "text/plain"})
    assert plain.content == paths.DIGEST.read_bytes() and plain.headers["content-type"].startswith("text/plain")
    wrong = client.get("/id/digest/minilateralism/text", params={"start": 10, "end": 999999}, headers=HTML)
    assert wrong.status_code == 200 and "not within the text" in wrong.text and "<mark" not in wrong.text
    assert client.get("/id/digest/minilateralism/text", params={"format": "nt"}).status_code == 200


def test_every_passage_link_highlights_its_quote(client, engine):
    raw = paths.DIGEST.read_text(encoding="utf-8")
    rows = engine.query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?start ?end ?exact WHERE { ?t oa:hasSelector ?p, ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact } LIMIT 40"
    )
    checked = 0
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        page = client.get("/id/digest/minilateralism/text", params={"start": start, "end": end}, headers=HTML).text
        marked = re.search(r'<mark id="passage">(.*?)</mark>', page, re.DOTALL).group(1)
        assert marked.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&") == raw[start:end]
        assert "".join(raw[start:end].split()) == "".join(row["exact"].value.split())
        checked += 1
    assert checked == 40


def test_every_minted_iri_dereferences(client, engine):
    documents = set()
    for quad in engine.engine.quads_for_pattern(None, None, None):
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                documents.add(local(term.value).split("#")[0].split("?")[0])
    assert "/id/mechanism/quad" in documents and "/ontology" in documents and "/graph/digest" in documents
    failures = [d for d in sorted(documents) if client.get(d, headers={"accept": "application/n-triples"}).status_code != 200]
    assert failures == []
    assert len(documents) > 500


def test_ontology_serves_rdf_and_offline_documentation(client):
    turtle = client.get("/ontology", headers={"accept": "text/turtle"})
    g = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(BASE + "ontology"), RDF.type, OWL_ONTOLOGY) in g
    xml = Graph().parse(data=client.get("/ontology", headers={"accept": "application/rdf+xml"}).text, format="xml")
    assert len(xml) == len(g)
    assert client.get("/ontology/0.1.0", params={"format": "ttl"}).status_code == 200
    page = get_page(client, "/ontology")
    assert "Claim" in page.ids and "MinilateralMechanism" in page.ids  # …/ontology#Claim lands on the class
    assert page.assets == [] or all(not a.startswith(("http:", "https:", "//")) for a in page.assets)
    html = client.get("/ontology", headers=HTML).text
    assert "@import" not in html and "fonts.googleapis" not in html and 'src="http' not in html


def test_void_description(client, engine):
    response = client.get("/.well-known/void")
    assert response.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef(BASE + ".well-known/void#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in g
    counts = {str(row["g"].value): int(row["n"].value) for row in engine.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union=False)}
    subsets = {str(s): int(g.value(s, VOID.triples)) for s in g.objects(dataset, VOID.subset)}
    assert subsets == counts
    for dump in g.objects(dataset, VOID.dataDump):
        assert client.get(local(str(dump))).status_code == 200
    assert client.get("/.well-known/void", headers=HTML).status_code == 200
    assert Graph().parse(data=client.get("/", headers={"accept": "text/turtle"}).text, format="turtle").value(dataset, VOID.triples) is not None


def test_void_includes_the_builds_dcat_and_linksets(client):
    from minilat.ids import ID

    g = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    linksets = {str(s).rsplit("/", 1)[-1]: int(g.value(s, VOID.triples)) for s in g.subjects(RDF.type, VOID.Linkset)}
    assert linksets == {
        "wikidata-exactmatch": 10, "dbpedia-exactmatch": 18, "wikipedia-page": 18,
        "wikipedia-sameas": 18, "issn-sameas": 4, "doi-sameas": 1,
    }
    dcat = Namespace("http://www.w3.org/ns/dcat#")
    built = ID["dataset/minilat"]
    sizes = {str(g.value(d, dcat.downloadURL)).rsplit("/", 1)[-1]: int(g.value(d, dcat.byteSize)) for d in g.objects(built, dcat.distribution)}
    assert sizes["minilat.nq"] == (paths.GRAPHS / "minilat.nq").stat().st_size
    assert URIRef("http://testserver/sparql") in set(g.objects(None, dcat.endpointURL))


def test_jsonld_context_is_served_locally(client):
    import json

    response = client.get(jsonld.CONTEXT_IRI.removeprefix(BASE.rstrip("/")))
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    assert json.loads(response.content) == jsonld.context()
    assert json.loads((paths.GRAPHS / "minilat.jsonld").read_bytes())["@context"] == jsonld.CONTEXT_IRI
    assert client.get("/context/minilat-context-9.9.jsonld").status_code == 404


def test_views_are_served_beside_the_release(tmp_path):
    import shutil

    from minilat.views import write_views

    release = tmp_path / "minilat.nq"
    shutil.copy(paths.GRAPHS / "minilat.nq", release)
    write_views(Store.open(release=release), tmp_path / "views")
    with TestClient(create_app(Config(workers=1, log_requests=False, release=release))) as c:
        response = c.get("/views/")
        assert response.status_code == 200 and response.content == (tmp_path / "views" / "index.html").read_bytes()
        page = c.get("/views/mechanisms-and-states.html")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "四方安全对话" in page.text
        assert c.get("/views/nope.html").status_code == 404


def test_named_graphs_and_downloads(client, engine):
    inferred = client.get("/graph/inferred", headers={"accept": "application/n-triples"})
    expected = len(list(engine.engine.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/inferred"))))
    assert len(inferred.text.strip().splitlines()) == expected
    assert "triples" in get_page(client, "/graph/inferred").plain
    assert client.get("/graph/nope", headers={"accept": "text/turtle"}).status_code == 404
    for name, media in [("minilat.trig", "application/trig"), ("minilat.nq", "application/n-quads"), ("minilat.ttl", "text/turtle")]:
        response = client.get(f"/download/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        assert response.content == (RELEASE.parent / name).read_bytes()
    assert client.get("/download/../pyproject.toml").status_code == 404
    assert client.get("/download/%2e%2e%2fpyproject.toml").status_code == 404
    assert "minilat.trig" in get_page(client, "/download/").plain


def test_home_and_query_pages(client):
    home = get_page(client, "/")
    assert "/query" in home.links and "/id/mechanism/quad" in home.links and "/id/state/AUS" in home.links
    query = client.get("/query", headers=HTML)
    page = Page(query.text)
    assert "/static/vendor/yasgui.min.js" in page.assets and "/static/query.js" in page.assets
    assert all(a.startswith(("/", "data:")) for a in page.assets)
    assert "/query/mechanism-members" in page.links
    assert client.get("/static/vendor/yasgui.min.js").status_code == 200
    assert client.head("/id/mechanism/quad").status_code == 200


def test_unknown_iris_are_404(client):
    assert client.get("/id/mechanism/no-such-thing", headers=HTML).status_code == 404
    assert client.get("/id/mechanism/no-such-thing", headers={"accept": "text/turtle"}).status_code == 404
    assert client.get("/id/mechanism/quad", headers={"accept": "image/png"}).status_code == 406


HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A store whose labels, quotes and links try to inject HTML and script."""
    target = BASE + "id/mechanism/evil"
    mlo = BASE + "ontology#"
    g = BASE + "graph/digest"
    quads = [
        (f"<{target}>", "<http://www.w3.org/2000/01/rdf-schema#label>", f'"{HOSTILE}"@en'),
        (f"<{target}>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"</h1><script>alert(2)</script>"@zh'),
        (f"<{target}>", "<http://www.w3.org/2002/07/owl#sameAs>", "<javascript:alert(3)>"),
        (f"<{target}>", "<http://www.w3.org/2000/01/rdf-schema#seeAlso>", '<https://example.org/"onmouseover="alert(4)>'.replace('"', "%22")),
        (f"<{target}>", "<http://www.w3.org/2000/01/rdf-schema#comment>", '"{{ 7*7 }} \\u003Cb\\u003Ebold\\u003C/b\\u003E"'),
        (f"<{target}>", "<http://www.w3.org/2004/02/skos/core#exactMatch>", "<http://www.wikidata.org/entity/Q30>"),
        (f"<{target}>", "<http://prismstandard.org/namespaces/basic/2.0/issn>", '"1035-7718"'),
        (f"<{BASE}id/claim/evil>", f"<{mlo}about>", f"<{target}>"),
        (f"<{BASE}id/claim/evil>", f"<{mlo}statement>", f'"{HOSTILE}"@en'),
        # the quote is the oa:exact of the claim's annotation (mlo:quote is deprecated since ontology 0.2.0)
        (f"<{BASE}id/claim/evil>", f"<{mlo}anchoredBy>", f"<{BASE}id/annotation/evil>"),
        (f"<{BASE}id/annotation/evil>", "<http://www.w3.org/ns/oa#hasTarget>", f"<{BASE}id/annotation/evil#target>"),
        (f"<{BASE}id/annotation/evil#target>", "<http://www.w3.org/ns/oa#hasSelector>", f"<{BASE}id/annotation/evil#quote>"),
        (f"<{BASE}id/annotation/evil#quote>", "<http://www.w3.org/ns/oa#exact>", '"</blockquote><script>alert(5)</script>"'),
        (f"<{BASE}id/claim/evil>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<javascript:alert(6)>"),
    ]
    path = tmp_path_factory.mktemp("hostile") / "hostile.nq"
    path.write_text("".join(f"{s} {p} {o} <{g}> .\n" for s, p, o in quads), encoding="utf-8")
    with TestClient(create_app(Config(workers=2, release=path, log_requests=False))) as c:
        yield c


def test_everything_rendered_into_html_is_escaped(hostile):
    response = hostile.get("/id/mechanism/evil", headers=HTML)
    assert response.status_code == 200
    html = response.text
    assert HOSTILE not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/h1&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;/blockquote&gt;&lt;script&gt;alert(5)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html
    page = Page(html)
    assert HOSTILE in page.plain  # …shown as text
    assert not any(link.lower().startswith("javascript:") for link in page.links)
    assert not any('"' in link for link in page.links)
    assert "http://www.wikidata.org/entity/Q30" in page.links  # external links are listed…
    assert "https://portal.issn.org/resource/ISSN/1035-7718" in page.links
    assert "External links" in page.plain
    claim = Page(hostile.get("/id/claim/evil", headers=HTML).text)
    assert HOSTILE in claim.plain and not any(link.lower().startswith("javascript:") for link in claim.links)
    home = hostile.get("/", headers=HTML).text
    assert "<script>alert" not in home
