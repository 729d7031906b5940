"""The query page as a user meets it, in Chromium (Playwright, Debian's chromium) against a
real server: every example listed and filterable, a parameter chosen by autocompletion (the
site search, /search, kept to the parameter's kinds) and
bound as a VALUES line, results with labels (en/zh by the page's switch) linking to the
entity pages, and /sparql opened in the browser as a table; no request leaves the origin and
no console error. Also the page's data (querypage).
Screenshots at 1440×900 go to $MINILAT_SCREENSHOTS (or a temporary directory).
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import test_server_live
from test_server_live import Server

from minilat import library
from minilat.server import links, querypage
from minilat.store import Store

AUKUS = "https://w3id.org/minilat/id/mechanism/aukus"
QUAD = "https://w3id.org/minilat/id/mechanism/quad"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MLO = "https://w3id.org/minilat/ontology#"


engine = test_server_live.engine  # its fixture: the store


def label(engine: Store, iri: str, lang: str) -> str:
    return next(t.value for (t,) in engine.query(f"SELECT ?l WHERE {{ <{iri}> <{RDFS_LABEL}> ?l }}") if t.language == lang)


# -- the page's data --------------------------------------------------------------------------


def test_every_parameter_gets_a_kind_or_its_choices():
    params = [(q["name"], p) for q in querypage.entries() for p in q["params"]]
    assert len(params) == sum(len(q.params) for q in library.library().values()) == 26
    assert all(p["kinds"] or p["choices"] for _, p in params)
    by = {(n, p["name"]): p for n, p in params}
    assert by[("argument-links", "relation")]["choices"] == [MLO + r for r in ("supports", "contests", "qualifies", "elaborates")]
    assert by[("mechanisms-by-type", "type")]["choices"] == [MLO + c for c in ("MinilateralMechanism", "MultilateralInstitution", "TreatyRegime", "DiplomaticInitiative")]
    assert by[("claims-about-entity", "entity")] == {
        "name": "entity", "description": "What the claims are about", "default": "every entity", "kinds": list(querypage.ENTITY), "choices": [], "example": AUKUS,
    }
    assert by[("reported-views", "holder")]["kinds"] == ["state", "person", "organization"]
    assert by[("digest-states-membership", "state")]["default"] is None
    assert by[("argument-links", "relation")]["example"] == MLO + "qualifies"  # the header's example


def test_the_editor_gets_the_query_without_its_header():
    entry = next(q for q in querypage.entries() if q["name"] == "claims-about-entity")
    original = library.get("claims-about-entity")
    assert not entry["text"].startswith("#") and original.text.endswith(entry["text"]) and entry["text"].startswith("PREFIX mlo:")
    assert entry["description_zh"] == original.description_zh and entry["title_zh"] == "关于某一实体的论断"


# -- in the browser ---------------------------------------------------------------------------


server = test_server_live.server  # its fixture: `minilat serve` in a subprocess, one per module


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("MINILAT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Visit:
    """A page at 1440×900 that records every request and console error."""

    def __init__(self, browser, server: Server) -> None:
        self.context = browser.new_context(viewport={"width": 1440, "height": 900})
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.context.route("**/*", self.guard)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.server = server

    def guard(self, route) -> None:
        self.requests.append(route.request.url)
        if urlsplit(route.request.url).hostname in {"127.0.0.1", "localhost"} or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    def close(self) -> None:
        self.context.close()
        outside = [u for u in self.requests if urlsplit(u).hostname not in {"127.0.0.1", "localhost"} and not u.startswith("data:")]
        assert outside == [] and self.problems == []


@pytest.fixture()
def visit(browser, server):
    v = Visit(browser, server)
    yield v
    v.close()


def cells(page, column: int) -> list[dict]:
    """The results table's cells of one column: label, prefixed name and link."""
    return page.eval_on_selector_all(
        f"#results table.results-table tbody tr td:nth-child({column + 2})",
        "tds => tds.map(td => ({label: (td.querySelector('.label') || {}).textContent || null,"
        " short: (td.querySelector('.short, .bare') || {}).textContent || null,"
        " href: (td.querySelector('a') || {getAttribute: () => null}).getAttribute('href')}))",
    )


def summary(page, start: str) -> None:
    """Wait until the results summary reads ``start`` (a function, not a string: the page's CSP forbids eval)."""
    page.wait_for_function("s => { const e = document.querySelector('#results .summary'); return !!e && e.textContent.startsWith(s); }", arg=start)


def test_claims_about_aukus_chosen_by_autocompletion(visit, engine, shots):
    """Open /query, pick "Claims about an entity", type AUKUS, choose the suggestion, run: rows with labels linking to /id/…"""
    q = library.get("claims-about-entity")
    expected = list(engine.query(q.text, bindings={"entity": ox.NamedNode(AUKUS)}))
    claims = {row["claim"].value for row in expected}
    page = visit.page
    page.goto(f"{visit.server.url}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.click("a.library-query[data-name=claims-about-entity]")
    page.wait_for_selector("#results table tbody tr")
    assert page.inner_text("#query-title").split("\n")[0] == "Claims about an entity"
    page.fill("#param-entity", "AUKUS")
    option = page.wait_for_selector(f"#param-entity-list .suggestion[data-iri='{AUKUS}'][data-kind=mechanism]")
    assert page.inner_text("#param-entity-list .suggestion >> nth=0").startswith("AUKUS\n奥库斯")
    page.screenshot(path=str(shots / "query-page-suggestions.png"))
    option.click()
    page.click("#run")
    summary(page, f"{len(expected)} results")
    assert f"VALUES ?entity {{ <{AUKUS}> }}  # parameter" in page.evaluate("minilatQuery.getText()")
    entities = cells(page, 0)
    assert entities == [{"label": "AUKUS", "short": "id:mechanism/aukus", "href": "/id/mechanism/aukus"}] * len(expected)
    shown = cells(page, 1)
    assert {c["href"] for c in shown} == {links.local(c) for c in claims} and len(shown) == len(expected) == 7
    assert all(c["label"] == label(engine, links.iri(c["href"]), "en") for c in shown)
    page.screenshot(path=str(shots / "query-page-results.png"), full_page=False)
    page.click(".lang-switch button[data-set-lang=zh]")
    assert cells(page, 0)[0]["label"] == "奥库斯"
    assert all(c["label"] == label(engine, links.iri(c["href"]), "zh") for c in cells(page, 1))
    page.screenshot(path=str(shots / "query-page-results-zh.png"))
    page.click(".lang-switch button[data-set-lang=en]")
    first = cells(page, 1)[0]["href"]
    page.click(f"#results a[href='{first}'] >> nth=0")
    page.wait_for_url(f"{visit.server.url}{first}")
    assert label(engine, links.iri(first), "zh") in page.inner_text("h1")


@pytest.mark.parametrize(
    ("name", "param", "typed", "first", "kinds"),
    [
        ("claims-about-entity", "entity", "奥库斯", AUKUS, querypage.ENTITY),
        ("mechanism-members", "mechanism", "quad", QUAD, ("mechanism",)),
        ("mechanism-members", "mechanism", "四方", QUAD, ("mechanism",)),
        ("reported-views", "holder", "china", "https://w3id.org/minilat/id/state/CHN", ("state", "person", "organization")),
        ("recommendations", "work", "核秩序", "https://w3id.org/minilat/id/article/dee-2024", ("article", "preface")),  # by its title
        ("argument-chain", "claim", "AUKUS", None, ("claim",)),
    ],
)
def test_suggestions_are_entities_of_the_parameters_kind(visit, engine, name, param, typed, first, kinds):
    page = visit.page
    page.goto(f"{visit.server.url}/query/{name}")
    page.wait_for_selector("#results table tbody tr")
    page.fill(f"#param-{param}", typed)
    page.wait_for_selector(f"#param-{param}-list .suggestion[data-kind]:not([data-kind=example])")
    found = page.eval_on_selector_all(f"#param-{param}-list .suggestion", "lis => lis.map(li => [li.dataset.iri, li.dataset.kind, li.querySelector('.main').textContent])")
    assert found and all(kind in kinds for _, kind, _ in found)
    assert all(text == label(engine, iri, "en") for iri, _, text in found)
    if first:
        assert found[0][0] == first
    else:  # every claim whose label names AUKUS, the first twelve
        named = {c.value for (c,) in engine.query(f'SELECT ?c WHERE {{ ?c a <{MLO}Claim> ; <{RDFS_LABEL}> ?l FILTER(CONTAINS(LCASE(STR(?l)), "aukus")) }}')}
        assert {iri for iri, _, _ in found} <= named and len(found) == min(12, len(named))


def test_every_example_is_listed_and_the_filter_finds_them(visit, shots):
    queries = library.library()
    page = visit.page
    page.goto(f"{visit.server.url}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    listed = page.eval_on_selector_all("#examples li.example", "lis => lis.map(li => [li.dataset.name, li.querySelector('.title-en').textContent, li.querySelector('.title-zh').textContent])")
    assert listed == [[q.name, q.title, q.title_zh] for q in queries.values()] and len(listed) == 46
    # no inner scroll box: the list grows with the page, whose scrollbar reaches every example
    overflow = page.eval_on_selector_all("#examples, aside.library", "els => els.map(e => getComputedStyle(e).overflowY)")
    assert overflow == ["visible", "visible"]
    page.locator("#examples li.example").last.scroll_into_view_if_needed()
    assert page.locator("#examples li.example").last.is_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "query-page.png"))

    def visible(words: str) -> list[str]:
        page.fill("#example-filter", words)
        return page.eval_on_selector_all("#examples li.example:not([hidden])", "lis => lis.map(li => li.dataset.name)")

    def expected(words: str) -> list[str]:
        texts = {q.name: " ".join([q.name, q.title, q.title_zh, q.description, q.description_zh, q.form, *(f"?{p.name}" for p in q.params)]).lower() for q in queries.values()}
        return [n for n, t in texts.items() if all(w in t for w in words.lower().split())]

    for words in ("论断", "members", "AUKUS", "construct", "claim passage", "?mechanism", "成员 机制"):
        found = visible(words)
        assert found == expected(words) and found, words
        assert page.inner_text("#example-shown") == str(len(found))
    assert visible("论断") == [n for n, q in queries.items() if "论断" in q.title_zh + q.description_zh + q.title + q.description]
    assert visible("xyzzy") == [] and page.is_visible("#no-examples")
    page.fill("#example-filter", "成员")
    page.screenshot(path=str(shots / "query-page-filtered.png"))
    page.press("#example-filter", "Enter")
    page.wait_for_selector("#results table tbody tr")
    assert page.url.endswith("/query/" + expected("成员")[0])


#: Values that give rows where a header's example gives none.
OVERRIDES = {("research-questions", "work"): "https://w3id.org/minilat/id/article/dee-2024"}


def test_every_parameter_binds_as_the_engine_binds(visit, engine):
    """The page's VALUES line gives, through /sparql, exactly the engine's answer with the variable pre-bound."""
    page = visit.page
    page.goto(f"{visit.server.url}/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    checked = 0
    for entry in querypage.entries():
        q = library.get(entry["name"])
        values = {p["name"]: OVERRIDES.get((q.name, p["name"]), p["example"]) for p in entry["params"]}
        if not values:
            continue
        text = entry["text"]
        for name, iri in values.items():
            text = page.evaluate("([t, n, i]) => minilatQuery.bindText(t, n, i)", [text, name, iri])
        assert text.count("# parameter") == len(values)
        data = urllib.parse.urlencode({"query": text, "format": "nt" if q.form == "CONSTRUCT" else "json"}).encode()
        body = urllib.request.urlopen(f"{visit.server.url}/sparql", data, timeout=30).read()
        bound = engine.query(q.text, bindings={n: ox.NamedNode(i) for n, i in values.items()})
        if q.form == "ASK":
            assert json.loads(body)["boolean"] is bool(bound), q.name
        elif q.form == "CONSTRUCT":
            triples = set(bound)
            assert {t.triple for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} == triples and triples, q.name
        else:
            names = [v.value for v in bound.variables]
            mine = sorted(json.dumps({k: v["value"] for k, v in b.items()}, sort_keys=True) for b in json.loads(body)["results"]["bindings"])
            theirs = sorted(json.dumps({n: r[n].value for n in names if r[n] is not None}, sort_keys=True) for r in bound)
            assert mine == theirs and (mine or q.name == "link-wikidata-join"), q.name  # that one needs imported Wikidata data
        checked += 1
    assert checked == 25


@pytest.mark.parametrize("iri", ["http://e/x> } ; DROP ALL #", "not an iri", "javascript:alert(1) x", 'http://e/"quote"'])
def test_only_a_checked_iri_is_written_into_the_query(visit, iri):
    visit.page.goto(f"{visit.server.url}/query")
    visit.page.wait_for_selector(".yasqe .CodeMirror")
    error = visit.page.evaluate("i => { try { minilatQuery.bindText('SELECT * WHERE { ?s ?p ?o }', 's', i); return null } catch (e) { return e.message } }", iri)
    assert error and error.startswith("not an IRI")


def test_a_choice_parameter_and_a_shared_link(visit, engine):
    """Relations listed by the query itself are offered with their labels; the link reopens the bound query."""
    q = library.get("argument-links")
    expected = list(engine.query(q.text, bindings={"relation": ox.NamedNode(MLO + "qualifies")}))
    assert expected
    page = visit.page
    page.goto(f"{visit.server.url}/query/argument-links")
    page.wait_for_selector("#results table tbody tr")
    page.click("#param-relation")
    options = page.eval_on_selector_all("#param-relation-list .suggestion", "lis => lis.map(li => li.dataset.iri)")
    assert options == [MLO + r for r in ("supports", "contests", "qualifies", "elaborates")]
    page.click(f"#param-relation-list .suggestion[data-iri='{MLO}qualifies']")
    summary(page, f"{len(expected)} results")
    shared = page.get_attribute("#share", "href")
    assert shared == "/query/argument-links?" + urllib.parse.urlencode({"relation": MLO + "qualifies"})
    page.goto(visit.server.url + shared)
    summary(page, f"{len(expected)} results")
    assert page.input_value("#param-relation") == label(engine, MLO + "qualifies", "en")


def test_sparql_opened_in_the_browser_shows_a_table(visit, engine, shots):
    text = f"SELECT ?member ?label WHERE {{ ?m <http://www.w3.org/ns/org#organization> <{QUAD}> ; <http://www.w3.org/ns/org#member> ?member . ?member <{RDFS_LABEL}> ?label FILTER(lang(?label) = 'en') }}"
    expected = {(r["member"].value, r["label"].value) for r in engine.query(text)}
    page = visit.page
    response = page.goto(f"{visit.server.url}/sparql?" + urllib.parse.urlencode({"query": text}))
    assert response.status == 200 and response.headers["content-type"] == "text/html; charset=utf-8"
    rows = page.eval_on_selector_all("table.results tbody tr", "trs => trs.map(tr => [tr.querySelector('a').getAttribute('href'), tr.querySelector('a .label[lang=en]').textContent])")
    assert {(links.iri(h), t) for h, t in rows} == expected and len(rows) == len(expected)
    shown = page.inner_text("table.results")  # the English labels are the ones displayed
    assert all(name in shown for _, name in expected)
    page.click(".lang-switch button[data-set-lang=zh]")
    assert page.eval_on_selector("a[href='/id/state/AUS'] .label[lang=zh]", "e => getComputedStyle(e).display") != "none"
    assert page.eval_on_selector("a[href='/id/state/AUS'] .label[lang=en]", "e => getComputedStyle(e).display") == "none"
    page.screenshot(path=str(shots / "sparql-as-page.png"))
    page.click(".lang-switch button[data-set-lang=en]")
    page.click("a.button[href^='/query?query=']")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.evaluate("minilatQuery.getText()") == text
