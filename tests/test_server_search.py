"""Find things: /search ranks entities by their names, aliases and acronyms in Chinese and
English (exact, prefix, word, substring), answers JSON hits for Accept: application/json and
HTML for browsers, and every server page carries the search box."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import test_server_pages
from starlette.testclient import TestClient

from minilat.ids import BASE
from minilat.server import conneg
from minilat.server.search import RDFS_LABEL, SKOS, Index

ID = BASE + "id/"
JSON = {"accept": "application/json"}
BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


client = test_server_pages.client  # its fixture: the app, one per module


def hits(client: TestClient, q: str, **params: str) -> list[dict]:
    response = client.get("/search", params={"q": q, **params}, headers=JSON)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["query"] == q
    return body["hits"]


@pytest.mark.parametrize(
    ("q", "first", "how"),
    [
        ("quad", "mechanism/quad", "exact"),  # the acronym (skos:altLabel)
        ("Quad", "mechanism/quad", "exact"),
        ("四方", "mechanism/quad", "prefix"),
        ("四方会谈", "mechanism/four-party-talks", "exact"),
        ("AUKUS", "mechanism/aukus", "exact"),
        ("aukus", "mechanism/aukus", "exact"),
        ("ＡＵＫＵＳ", "mechanism/aukus", "exact"),  # full-width, as a Chinese keyboard types it
        ("奥库斯", "mechanism/aukus", "exact"),
        ("Quadri", "mechanism/quad", "prefix"),
        ("security dialogue", "mechanism/quad", "word"),
        ("安全对话", "mechanism/quad", "word"),
        ("亚投行", "mechanism/aiib", "exact"),
        ("Bisley", "person/nick-bisley", "word"),
        ("china", "state/CHN", "exact"),
    ],
)
def test_search_ranks_names_and_aliases(client, q, first, how):
    found = hits(client, q)
    assert found[0]["iri"] == ID + first and found[0]["matched"]["how"] == how
    assert len({h["iri"] for h in found}) == len(found)  # one hit per entity


def test_ranking_within_a_grade_and_the_limit(client):
    assert [h["iri"] for h in hits(client, "四方")[:2]] == [ID + "mechanism/quad", ID + "mechanism/four-party-talks"]
    quad = hits(client, "quad")
    assert quad[0]["matched"] == {"text": "Quad", "lang": "en", "property": "skos:altLabel", "how": "exact"}
    assert [h["matched"]["how"] for h in quad] == sorted((h["matched"]["how"] for h in quad), key=["exact", "prefix", "word", "substring"].index)
    assert len(hits(client, "a", limit="3")) == 3 and len(hits(client, "a", limit="999")) == 50
    assert hits(client, "") == [] and hits(client, "zzzqqq") == []


def test_json_hits_carry_iri_labels_and_type(client):
    aukus = hits(client, "奥库斯")[0]
    assert aukus["url"] == "/id/mechanism/aukus" and aukus["kind"] == "mechanism"
    assert aukus["label"] == {"en": "AUKUS", "zh": "奥库斯"}
    assert aukus["type"] == {"iri": BASE + "ontology#MinilateralMechanism", "en": "minilateral mechanism", "zh": "小多边机制"}
    assert {t["en"] for t in aukus["types"]} == {"minilateral mechanism", "security minilateral"}  # the most specific types
    claim = hits(client, "Quad founded 2007")[0]
    assert claim["iri"] == ID + "claim/bisley-quad-founded-2007-coordinate-security" and claim["type"]["en"] == "empirical finding"


def test_html_for_browsers_json_by_negotiation(client):
    assert conneg.FORMATS["hits"].media_type == "application/json"
    page = client.get("/search", params={"q": "奥库斯"}, headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html") and "Accept" in page.headers["vary"]
    links = Links(page.text)
    assert links.hits[0] == "/id/mechanism/aukus"
    assert client.get("/search", params={"q": "quad", "format": "json"}).json()["hits"][0]["iri"] == ID + "mechanism/quad"
    assert client.get("/search", params={"q": "quad"}, headers={"accept": "image/png"}).status_code == 406
    hostile = client.get("/search", params={"q": "<script>alert(1)</script>"}, headers=BROWSER).text
    assert "<script>alert(1)" not in hostile and "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile


class Links(HTMLParser):
    """Search forms, scripts, and the result links of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.inputs: list[dict] = []
        self.scripts: list[str] = []
        self.hits: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(attrs)
        if tag == "input":
            self.inputs.append(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "a" and attrs.get("class") == "hit-link":
            self.hits.append(attrs["href"])


@pytest.mark.parametrize("path", ["/", "/id/mechanism/quad", "/id/digest/minilateralism/text", "/query", "/download/", "/graph/digest", "/.well-known/void", "/search"])
def test_every_page_has_the_search_box(client, path):
    page = Links(client.get(path, headers=BROWSER).text)
    assert {"class": "search", "action": "/search", "method": "get", "role": "search"} in page.forms
    assert any(i.get("id") == "site-search" and i.get("name") == "q" for i in page.inputs)
    assert "/static/search.js" in page.scripts
    script = client.get("/static/search.js")
    assert script.status_code == 200 and "application/json" in script.text and "textContent" in script.text


def test_index_grades_exact_prefix_word_substring():
    names = [
        (ID + "x/exact", RDFS_LABEL, "Alpha", "en"),
        (ID + "x/prefix", RDFS_LABEL, "Alphabet", "en"),
        (ID + "x/word", RDFS_LABEL, "Big Alpha", "en"),
        (ID + "x/inside", RDFS_LABEL, "Betalphas", "en"),
        (ID + "x/alias", SKOS + "altLabel", "ALPHA", "en"),
        (ID + "x/alias", RDFS_LABEL, "Something else", "en"),
        (ID + "x/none", RDFS_LABEL, "Gamma", "en"),
    ]
    index = Index(names, {}, {ID + "x/alias": 100})
    found = index.search("alpha")
    assert [h["iri"].rsplit("/", 1)[1] for h in found] == ["exact", "alias", "prefix", "word", "inside"]  # a name before an alias
    assert [h["matched"]["how"] for h in found] == ["exact", "exact", "prefix", "word", "substring"]
    assert found[1]["label"] == {"en": "Something else", "zh": None}  # shown by its name, found by its alias
    inside = [(h["iri"].rsplit("/", 1)[1], h["matched"]["how"]) for h in index.search("pha")]  # names by how much they cover, then the alias
    assert inside == [("exact", "substring"), ("prefix", "substring"), ("inside", "substring"), ("word", "substring"), ("alias", "substring")]
    assert index.search("  ALPHA ") == found and len(index) == 6
