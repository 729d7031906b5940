"""The uncached entity page's fast path: its data read straight from the store's indexes (no
SPARQL per page), its repeated HTML built by Python fragments that match the Jinja macros they
replace, the views index not re-read per request, and 503s whose Retry-After is the pool's."""

from __future__ import annotations

import jinja2
import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from minilat.ids import BASE
from minilat.server import (
    Config,
    create_app,
    entity,
    entitypage,
    fragments,
    leadview,
    pages,
    viewlinks,
)
from minilat.server.poolerrors import SlowLaneFull
from minilat.server.worker import Worker
from minilat.store import RELEASE, Store

QUAD = BASE + "id/mechanism/quad"
# the macros as they were in entity.html / lead.html before they became Python functions
MACROS = """{% macro value(v) %}
{% if v.kind == "iri" and v.url %}<a href="{{ v.url }}"{% if v.external %} rel="nofollow noopener" class="external"{% endif %} title="{{ v.iri }}">{{ v.text }}</a>{% if v.zh %} <span lang="zh" class="zh">{{ v.zh }}</span>{% endif %}{% if v.context is defined %} <span class="tag">in {{ v.context }}</span>{% endif %}
{% elif v.kind == "iri" %}<code>{{ v.iri }}</code>
{% elif v.kind == "literal" %}<span class="literal"{% if v.lang %} lang="{{ v.lang }}"{% endif %}>{{ v.text }}</span>{% if v.lang %} <span class="tag">@{{ v.lang }}</span>{% elif v.datatype %} <span class="tag">{{ v.datatype }}</span>{% endif %}
{% else %}<span class="bnode">{{ v.text }}</span>{% endif %}
{% endmacro %}
{% macro passage_link(url, offsets, text="passage") %}{% if url %}<a class="passage" href="{{ url }}">{{ text }}{% if offsets %} {{ offsets[0] }}–{{ offsets[1] }}{% endif %}</a>{% endif %}{% endmacro %}
{{ value(v) }}|{{ passage_link(url, offsets, text) }}"""
HOSTILE = '<img src=x onerror="alert(1)"> & \'q\''
TERMS = [
    {"kind": "iri", "iri": BASE + "id/x", "url": "/id/x", "text": HOSTILE, "zh": "四方<b>", "external": False},
    {"kind": "iri", "iri": "https://example.org/a?b=1&c=2", "url": "https://example.org/a?b=1&c=2", "text": "ext", "zh": None, "external": True},
    {"kind": "iri", "iri": BASE + "id/claim/c#p1", "url": "/id/claim/c#p1", "text": "p1", "zh": None, "external": False, "context": "A & B"},
    {"kind": "iri", "iri": "urn:x:<y>", "url": None, "text": "urn", "zh": None, "external": True},
    {"kind": "literal", "text": HOSTILE, "lang": "en", "datatype": None},
    {"kind": "literal", "text": "2017-11", "lang": None, "datatype": "xsd:gYearMonth"},
    {"kind": "literal", "text": "plain", "lang": None, "datatype": None},
    {"kind": "bnode", "text": "_:b<0>"},
]


@pytest.fixture(scope="module")
def store():
    return Store.open()


@pytest.mark.parametrize("term", TERMS, ids=range(len(TERMS)))
def test_fragments_write_what_the_macros_wrote(term):
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    for url, offsets, text in [("/id/text/d?start=1&end=9#passage", (1, 9), "the passage · 原文"), (None, None, "x"), ("/p", None, HOSTILE)]:
        expected = env.from_string(MACROS).render(v=term, url=url, offsets=offsets, text=text)
        assert f"{fragments.value(term)}|{fragments.passage_link(url, offsets, text)}" == expected
    assert "<img" not in str(fragments.value(term))


def test_an_entity_page_runs_no_sparql(store, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the entity page ran a SPARQL query")

    monkeypatch.setattr(Store, "query", refuse)
    data = entity.gather(store, QUAD)
    members = {m["other"].rsplit("/", 1)[1]: m["periods"] for m in data["lead"]["members"]}
    assert members == {code: [("2007", "2008"), ("2017-11", "")] for code in ("AUS", "IND", "JPN", "USA")}
    assert data["labels"][QUAD] == {"en": "Quadrilateral Security Dialogue", "zh": "四方安全对话"}
    assert sorted(x["url"] for x in data["external"]) == ["http://dbpedia.org/resource/Quadrilateral_Security_Dialogue", "https://en.wikipedia.org/wiki/Quadrilateral_Security_Dialogue"]
    assert data["text"] is None
    html = pages.render("server/entity.html", title="t", e=pages.entity_view(data), lead=leadview.view(data, [])).body.decode()
    assert "Quadrilateral Security Dialogue" in html and 'id="members"' in html


def test_the_views_index_is_not_reread_on_every_page(tmp_path, monkeypatch):
    folder = tmp_path / "views"
    folder.mkdir()
    data = '{"view": {"title": ["Mechanisms", "机制"]}, "nodes": [{"id": "%s"}]}' % QUAD
    (folder / "mechanisms.html").write_text(f'<script type="application/json" id="minilat-data">{data}</script>')
    assert viewlinks.known(folder, QUAD) is None  # never read: the caller reads it off the event loop
    assert [v["name"] for v in viewlinks.views_of(folder, QUAD)] == ["mechanisms"]
    reads = []
    monkeypatch.setattr(viewlinks, "signature", lambda f: reads.append(f) or ())
    found = viewlinks.known(folder, QUAD)
    assert [(v["en"], v["zh"], v["url"]) for v in found] == [("Mechanisms", "机制", "/views/mechanisms.html#focus=https%3A%2F%2Fw3id.org%2Fminilat%2Fid%2Fmechanism%2Fquad")]
    assert reads == []  # answered from the index without looking at the files
    monkeypatch.setattr(viewlinks, "RECHECK", -1.0)
    assert viewlinks.known(folder, QUAD) is None  # stale: checked again by views_of


def test_503s_carry_the_pools_retry_after(monkeypatch):
    with TestClient(create_app(Config(workers=1, log_requests=False))) as client:
        runtime = client.app.state.runtime

        async def full(*args, **kwargs):
            raise SlowLaneFull(0.2, 1, 42)

        monkeypatch.setattr(runtime, "ask", full)
        for url in ["/sparql?query=ASK%7B%7D", "/id/mechanism/quad"]:
            response = client.get(url, headers={"accept": "text/html"})
            assert response.status_code == 503 and response.headers["retry-after"] == "42", url
            assert "slow lane is busy with a long query (ending within 42 s)" in response.text


def test_the_label_index_gives_what_a_look_up_per_iri_gives(store):
    everything = {t.value for q in store.engine.quads_for_pattern(None, None, None, None) for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    index = entity.Labels(store)
    assert index.of(everything) == entity.labels(store, everything)
    assert index.of({QUAD, BASE + "id/nothing"}) == {QUAD: {"en": "Quadrilateral Security Dialogue", "zh": "四方安全对话"}}
    assert entity.gather(store, QUAD, index) == entity.gather(store, QUAD)


def test_two_labels_in_one_language_resolve_as_the_look_up_resolves_them():
    store = Store()
    s, label, pref = ox.NamedNode(BASE + "id/x"), ox.NamedNode(entity.LABEL_ORDER[0]), ox.NamedNode(entity.LABEL_ORDER[1])
    graph = ox.NamedNode(BASE + "graph/digest")
    store.engine.extend([ox.Quad(s, label, ox.Literal(text, language="en"), graph) for text in ("Zeta", "Alpha", "Mu")]
                        + [ox.Quad(s, pref, ox.Literal("首选", language="zh"), graph), ox.Quad(s, label, ox.Literal("plain"), graph)])
    expected = entity.labels(store, {s.value})
    assert entity.Labels(store).of({s.value}) == expected
    assert expected[s.value]["zh"] == "首选" and expected[s.value][""] == "plain" and expected[s.value]["en"] in {"Zeta", "Alpha", "Mu"}


def test_the_worker_renders_an_entity_page_and_leaves_a_digest_text_to_the_server(store, tmp_path):
    worker = Worker(RELEASE)
    job = {"op": "page", "iri": QUAD, "path": "/id/mechanism/quad", "views": str(tmp_path)}
    page = worker.handle(job)
    assert set(page) == {"status", "html"} and page["status"] == 200
    assert page["html"].decode() == entitypage.html(entity.gather(store, QUAD), "/id/mechanism/quad", tmp_path)
    assert "Quadrilateral Security Dialogue" in page["html"].decode()
    # asked for text/plain, the page is not rendered: the server answers 406 from the data
    unrendered = worker.handle(job | {"render": False})
    assert "html" not in unrendered and unrendered["data"]["iri"] == QUAD
    text = worker.handle(job | {"iri": BASE + "id/digest/minilateralism/text"})
    assert "html" not in text and text["data"]["text"]["path"].startswith("corpus/")
    assert worker.handle(job | {"iri": BASE + "id/mechanism/no-such-thing"})["status"] == 404


def test_an_entity_asked_for_as_plain_text_is_406_and_a_digest_text_is_its_bytes():
    with TestClient(create_app(Config(workers=1, log_requests=False))) as client:
        refused = client.get("/id/mechanism/quad", headers={"accept": "text/plain"})
        assert refused.status_code == 406 and "text/html" in refused.text
        plain = client.get("/id/digest/minilateralism/text", headers={"accept": "text/plain"})
        assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/plain")


def test_an_entity_page_leaves_out_the_drafts_graphs_as_the_default_graph_does(tmp_path):
    data = tmp_path / "with-drafts.nq"
    draft = f'<{QUAD}> <{entity.LABEL_ORDER[0]}> "DRAFT label"@en <{BASE}graph/drafts/next> .\n'
    draft += f'<{BASE}id/concept/drafted> <{BASE}ontology#about> <{QUAD}> <{BASE}graph/drafts/next> .\n'
    data.write_bytes(RELEASE.read_bytes() + draft.encode())
    store = Store()
    store.load(data)
    assert store.has_drafts() and not Store.open().has_drafts()
    page = entity.gather(store, QUAD, entity.Labels(store))
    assert page == entity.gather(Store.open(), QUAD)
    assert page["labels"][QUAD] == {"en": "Quadrilateral Security Dialogue", "zh": "四方安全对话"}
    # the drafts graph is still there for whoever names it
    assert len(list(store.engine.quads_for_pattern(ox.NamedNode(BASE + "id/concept/drafted"), None, None, None))) == 1


def test_the_default_graph_sees_a_graph_an_update_adds_after_drafts_were_loaded(tmp_path):
    store = Store()
    store.load_data(f'<{BASE}id/x> <{BASE}p> "draft" <{BASE}graph/drafts/next> .\n<{BASE}id/x> <{BASE}p> "kept" <{BASE}graph/digest> .\n'.encode(), ox.RdfFormat.N_QUADS)
    ask = f"SELECT ?v WHERE {{ <{BASE}id/x> <{BASE}p> ?v }} ORDER BY ?v"
    assert [r["v"].value for r in store.query(ask)] == ["kept"]
    store.engine.update(f'INSERT DATA {{ GRAPH <{BASE}graph/issue/later> {{ <{BASE}id/x> <{BASE}p> "later" }} }}')
    assert [r["v"].value for r in store.query(ask)] == ["kept", "later"]
