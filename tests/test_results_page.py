"""``/sparql?query=…`` opened in a browser: an HTML results table (content negotiation), in
process over real workers. IRIs carry their labels (en and zh) and link to this server's
pages; SPARQL clients' requests keep their formats; the page escapes what it shows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
import test_server_protocol
from test_server_protocol import MAX_ROWS

from minilat import library
from minilat.server import links, resultpage
from minilat.store import Store

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}
QUAD = "https://w3id.org/minilat/id/mechanism/quad"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass
class Cell:
    text: str = ""
    links: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    short: str | None = None


class ResultTable(HTMLParser):
    """The header and cells of ``table.results``; per cell its text, links, en/zh labels and prefixed name."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.columns: list[str] = []
        self.rows: list[list[Cell]] = []
        self.answer: str | None = None
        self.downloads: dict[str, str] = {}
        self.editor: str | None = None
        self.inside = False
        self.cell: Cell | None = None
        self.header: str | None = None
        self.span: tuple[str, str] | None = None
        self.code = False
        self.link: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "table" and "results" in a.get("class", "").split():
            self.inside = True
        elif tag == "p" and "data-answer" in a:
            self.answer = a["data-answer"]
        elif tag == "a" and "download" in a and a.get("href", "").startswith("/sparql?"):
            self.link = a["href"]
        elif tag == "a" and a.get("class") == "button" and a.get("href", "").startswith("/query?"):
            self.editor = a["href"]
        if not self.inside:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag == "th":
            self.header = ""
        elif tag == "td" and a.get("class") != "rownum":
            self.cell = Cell()
            self.rows[-1].append(self.cell)
        elif tag == "a" and self.cell is not None:
            self.cell.links.append(a["href"])
        elif tag == "span" and a.get("class") == "label" and self.cell is not None:
            self.span = (a["lang"], "")
        elif tag == "code" and self.cell is not None:
            self.code = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif tag == "th" and self.header is not None:
            if self.header != "#":
                self.columns.append(self.header)
            self.header = None
        elif tag == "td":
            self.cell = None
        elif tag == "span" and self.span and self.cell is not None:
            self.cell.labels[self.span[0]] = self.span[1]
            self.span = None
        elif tag == "code":
            self.code = False
        elif tag == "a" and self.link:
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.link:
            self.downloads[data.strip()] = self.link
        if self.header is not None:
            self.header += data.strip()
        if self.cell is None:
            return
        if self.span:
            self.span = (self.span[0], self.span[1] + data)
        elif self.code:
            self.cell.short = data
        self.cell.text += data

    @property
    def body(self) -> list[list[Cell]]:
        return [row for row in self.rows if row]


client, engine = test_server_protocol.client, test_server_protocol.engine  # its fixtures: an app (max_rows=MAX_ROWS) and the store, one per module


def labels_of(engine: Store, iri: str) -> dict[str, str]:
    return {t.language: t.value for (t,) in engine.query(f"SELECT ?l WHERE {{ <{iri}> <{RDFS_LABEL}> ?l }}")}


def test_a_browser_gets_a_select_as_an_html_table_with_labels_and_local_links(client, engine):
    q = library.get("mechanism-members")
    response = client.get("/sparql", params={"query": q.text}, headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8" and "Accept" in response.headers["vary"].split(", ")
    assert "content-disposition" not in response.headers  # shown, not downloaded
    table = ResultTable(response.text)
    result = engine.query(q.text)
    variables = [v.value for v in result.variables]
    expected = [[row[v] for v in variables] for row in result]
    assert table.columns == variables and len(table.body) == len(expected)
    for cells, row in zip(table.body, expected, strict=True):
        for cell, term in zip(cells, row, strict=True):
            if isinstance(term, ox.NamedNode) and links.is_minted(term.value):
                assert cell.links == [links.local(term.value)]
                names = labels_of(engine, term.value)
                if names:  # both labels, the page's language switch shows one
                    assert cell.labels == {"en": names.get("en") or names["zh"], "zh": names.get("zh") or names["en"]}
            elif isinstance(term, ox.Literal):
                shown = term.value + (f" @{term.language}" if term.language else "")
                assert " ".join(cell.text.split()) == " ".join(shown.split()) and not cell.links
    quad = [c for cells in table.body for c in cells if c.links == ["/id/mechanism/quad"]]
    assert quad and quad[0].labels == {"en": "Quadrilateral Security Dialogue", "zh": "四方安全对话"} and quad[0].short == "id:mechanism/quad"


def test_the_page_links_every_format_and_the_editor(client, engine):
    text = f"SELECT ?p ?o WHERE {{ <{QUAD}> ?p ?o }}"
    table = ResultTable(client.get("/sparql", params={"query": text}, headers=BROWSER).text)
    assert set(table.downloads) == {"json", "xml", "csv", "tsv"}
    downloaded = client.get(table.downloads["csv"], headers=BROWSER)  # format= wins over a browser's Accept
    assert downloaded.headers["content-type"].startswith("text/csv")
    assert len(list(csv.reader(io.StringIO(downloaded.text)))) == len(list(engine.query(text))) + 1
    opened = client.get(table.editor)
    assert opened.status_code == 200 and 'id="editor"' in opened.text


def test_ask_and_construct_as_pages(client, engine):
    yes = ResultTable(client.get("/sparql", params={"query": f"ASK {{ <{QUAD}> a ?t }}"}, headers=BROWSER).text)
    no = ResultTable(client.get("/sparql", params={"query": "ASK { <urn:x:nothing> ?p ?o }"}, headers=BROWSER).text)
    assert (yes.answer, no.answer) == ("true", "false")
    text = library.get("mechanism-neighbourhood").text
    response = client.get("/sparql", params={"query": text}, headers=BROWSER)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    table = ResultTable(response.text)
    triples = set(engine.query(text))
    assert table.columns == ["subject", "predicate", "object"] and len(table.body) == len(triples)
    subjects = {links.local(t.subject.value) for t in triples if isinstance(t.subject, ox.NamedNode)}
    assert {c[0].links[0] for c in table.body if c[0].links} == subjects
    assert set(table.downloads) == {"turtle", "nt", "jsonld", "rdfxml"}


@pytest.mark.parametrize(
    ("accept", "params", "media"),
    [
        (None, {}, "application/sparql-results+json"),
        ("*/*", {}, "application/sparql-results+json"),
        ("application/sparql-results+json", {}, "application/sparql-results+json"),
        ("application/sparql-results+xml", {}, "application/sparql-results+xml"),
        ("application/sparql-results+json,application/json,text/javascript,application/javascript", {}, "application/sparql-results+json"),
        ("text/html;q=0.5, text/csv", {}, "text/csv"),
        (BROWSER["accept"], {"format": "json"}, "application/sparql-results+json"),
        (None, {"format": "html"}, "text/html"),
    ],
)
def test_clients_keep_their_formats(client, accept, params, media):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2", **params}, headers={"accept": accept} if accept else {})
    assert response.status_code == 200 and response.headers["content-type"].split(";")[0] == media


def test_a_posted_form_from_a_browser_gets_the_page_too(client):
    response = client.post("/sparql", data={"query": f"SELECT ?l WHERE {{ <{QUAD}> <{RDFS_LABEL}> ?l }}"}, headers=BROWSER)
    table = ResultTable(response.text)
    assert sorted(" ".join(c[0].text.split()) for c in table.body) == ["Quadrilateral Security Dialogue @en", "四方安全对话 @zh"]


def test_long_results_show_the_first_rows_and_say_so(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1500"}, headers=BROWSER)
    table = ResultTable(response.text)
    assert len(table.body) == resultpage.DISPLAY_ROWS == 1000
    assert "<strong>1500</strong> results" in response.text and "the first 1000 are shown" in response.text
    capped = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=BROWSER)
    assert capped.headers["x-sparql-maxrows"] == str(MAX_ROWS) and f"cut at the server's limit of {MAX_ROWS} rows" in capped.text


def test_the_page_escapes_what_it_shows(client):
    hostile = '<img src=x onerror=alert(1)>'
    text = f'SELECT ?x ?y WHERE {{ BIND("{hostile}" AS ?x) BIND(<http://example.org/a?b=<c>> AS ?y) }}'
    response = client.get("/sparql", params={"query": f'SELECT ?x WHERE {{ BIND("{hostile}" AS ?x) }}'}, headers=BROWSER)
    assert response.status_code == 200 and hostile not in response.text and "&lt;img src=x onerror=alert(1)&gt;" in response.text
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert client.get("/sparql", params={"query": text}, headers=BROWSER).status_code == 400  # the engine refuses the IRI


def test_errors_stay_plain_text_for_browsers(client):
    response = client.get("/sparql", params={"query": "SELECT WHERE {"}, headers=BROWSER)
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/plain")
    assert client.get("/sparql", params={"query": "SELECT * WHERE {}"}, headers={"accept": "image/png"}).status_code == 406


def test_labels_query_checks_every_iri():
    text = resultpage.labels_query([QUAD, "http://e/x> } ; DROP ALL #", "urn:x:y"])
    assert text is not None and f"<{QUAD}> <urn:x:y> }}" in text and "DROP" not in text
    assert resultpage.labels_query(["not an iri"]) is None
