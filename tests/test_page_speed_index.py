"""The worker's look-up index (:class:`minilat.server.walk.Index`): every look-up an entity page
makes, answered from dicts built when the worker loads its snapshot, must give what the store's
own look-up gives (same values, same order, drafts graphs left out), and be rebuilt when an
update changes the store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from minilat.ids import BASE
from minilat.server import entity
from minilat.server.walk import Index, Walk
from minilat.server.worker import Worker
from minilat.store import RELEASE, Store

QUAD = BASE + "id/mechanism/quad"
MLO = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.open()


def with_drafts(tmp_path) -> Store:
    """The release plus a drafts graph that restates and adds values about the Quad."""
    data = tmp_path / "with-drafts.nq"
    draft = f'<{QUAD}> <{entity.LABEL_ORDER[0]}> "DRAFT label"@en <{BASE}graph/drafts/next> .\n'
    draft += f'<{BASE}id/concept/drafted> <{MLO}about> <{QUAD}> <{BASE}graph/drafts/next> .\n'
    data.write_bytes(RELEASE.read_bytes() + draft.encode())
    found = Store()
    found.load(data)
    assert found.has_drafts()
    return found


def same_look_ups(store: Store) -> int:
    """Compare every key the index holds (and a few it does not) with the store's look-up; the number compared."""
    plain, indexed = Walk(store), Walk(store, Index(store))
    index = indexed.index
    terms = {t for q in store.engine.quads_for_pattern(None, None, None, None) for t in (q.subject, q.predicate, q.object)}
    missing = [BASE + "id/nothing", ox.NamedNode(BASE + "id/nothing"), ox.Literal("Quad"), ox.BlankNode("nowhere")]
    count = 0
    for s, p in {(q.subject, q.predicate) for q in store.engine.quads_for_pattern(None, None, None, None)}:
        for subject in (s, s.value) if isinstance(s, ox.NamedNode) else (s,):
            assert list(indexed.objects(subject, p.value)) == list(plain.objects(subject, p.value)), (s, p)
            assert indexed.has(subject, p.value) == plain.has(subject, p.value)
            count += 1
    for p, o in {(q.predicate, q.object) for q in store.engine.quads_for_pattern(None, None, None, None)}:
        for obj in (o, o.value) if isinstance(o, ox.NamedNode) else (o,):
            assert list(indexed.subjects(p.value, obj)) == list(plain.subjects(p.value, obj)), (p, o)
            count += 1
    for term in [*terms, *missing]:
        if not isinstance(term, ox.Literal):  # (the store refuses a literal subject)
            assert [tuple(q) for q in indexed.quads(term, None, None)] == [tuple(q) for q in plain.quads(term, None, None)], term
        assert [tuple(q) for q in indexed.quads(None, None, term)] == [tuple(q) for q in plain.quads(None, None, term)], term
        assert list(indexed.objects(term, RDF_TYPE)) == list(plain.objects(term, RDF_TYPE))
        assert list(indexed.subjects(MLO + "about", term)) == list(plain.subjects(MLO + "about", term))
        count += 4
    for s, p, o in [(QUAD, RDF_TYPE, MLO + "MinilateralMechanism"), (QUAD, RDF_TYPE, MLO + "Claim"), (QUAD, entity.LABEL_ORDER[0], ox.Literal("Quad"))]:
        assert indexed.has(s, p, o) == plain.has(s, p, o)
    assert indexed.has(QUAD, RDF_TYPE, MLO + "MinilateralMechanism") and not indexed.has(QUAD, RDF_TYPE, MLO + "Claim") and index.objects and index.subjects
    return count


def test_the_index_answers_every_look_up_as_the_store_does(store):
    assert same_look_ups(store) > 20000


def test_the_index_leaves_out_the_drafts_graphs(tmp_path):
    drafts = with_drafts(tmp_path)
    same_look_ups(drafts)
    walk = Walk(drafts, Index(drafts))
    assert BASE + "id/concept/drafted" not in {s.value for s in walk.subjects(MLO + "about", QUAD)}
    assert "DRAFT label" not in walk.values(QUAD, entity.LABEL_ORDER[0])


def test_a_page_gathered_with_the_index_is_the_page_gathered_without(store):
    labels = entity.Labels(store)
    iris = sorted({q.subject.value for q in store.engine.quads_for_pattern(None, None, None, None)
                   if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(BASE + "id/") and "#" not in q.subject.value})
    kinds = {iri[len(BASE) + 3 :].split("/", 1)[0] for iri in iris}
    assert {"mechanism", "state", "claim", "article", "digest", "concept"} <= kinds
    for iri in iris[::4]:
        assert entity.gather(store, iri, labels) == entity.gather(store, iri), iri


def test_an_index_of_another_store_is_not_used(store):
    other = Store()
    other.load_data(f'<{QUAD}> <http://www.w3.org/2004/02/skos/core#altLabel> "Other"@en <{BASE}graph/digest> .\n'.encode(), ox.RdfFormat.N_QUADS)
    # the release's index handed with another store: the page is read from that store
    assert entity.gather(other, QUAD, entity.Labels(store))["lead"]["aliases"] == [("Other", "en")]


def test_an_update_reaches_the_next_page(tmp_path):
    worker = Worker(RELEASE)
    job = {"op": "page", "iri": QUAD, "path": "/id/mechanism/quad", "views": str(tmp_path)}
    before = worker.handle(job)["html"].decode()
    assert "Quad-Index-Alias" not in before and "index-test-concept" not in before
    update = f"""INSERT DATA {{ GRAPH <{BASE}graph/digest> {{
        <{QUAD}> <http://www.w3.org/2004/02/skos/core#altLabel> "Quad-Index-Alias"@en .
        <{BASE}id/concept/index-test-concept> <{MLO}about> <{QUAD}> }} }}"""
    assert worker.handle({"op": "update", "text": update, "snapshot": str(tmp_path / "after.nq")})["status"] == 204
    after = worker.handle(job)["html"].decode()
    assert "Quad-Index-Alias" in after and "index-test-concept" in after
    worker.handle({"op": "load", "snapshot": str(RELEASE)})
    assert worker.handle(job)["html"].decode() == before


def test_a_store_over_the_index_limit_is_read_directly_with_the_same_pages(store, monkeypatch):
    indexed = entity.Labels(store)
    assert indexed.walk.index is not None
    monkeypatch.setattr(entity, "INDEX_MAX_QUADS", len(store.engine) - 1)
    direct = entity.Labels(store)
    assert direct.walk.index is None
    for iri in (QUAD, BASE + "id/state/AUS"):
        assert entity.gather(store, iri, direct) == entity.gather(store, iri, indexed)
