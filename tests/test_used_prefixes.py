"""The Turtle prefixes a graph result declares (store.used_prefixes): exactly the namespaces its IRIs use.

The prefixes are found from each IRI cut after its last / or #; these tests compare that with
checking every IRI against every namespace, on the whole release and on IRIs made to sit on
the edges (an IRI equal to a namespace, a # after the namespace's /, a namespace without a
trailing / or #).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from minilat import store as store_module
from minilat.store import RELEASE, Store, used_prefixes


def every_iri_checked(triples, prefixes) -> dict[str, str]:
    iris = {t.value for q in triples for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    iris |= {q.object.datatype.value for q in triples if isinstance(q.object, ox.Literal)}
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def triple(s: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(ox.NamedNode(s), ox.NamedNode("http://example.org/p"), o)


@pytest.mark.skipif(not RELEASE.is_file(), reason="needs the built release (minilat build)")
def test_the_release_graphs_declare_what_checking_every_iri_declares():
    store = Store()
    store.load(RELEASE)
    quads = list(store._store)
    found = used_prefixes(quads)
    assert found == every_iri_checked(quads, store_module.TURTLE_PREFIXES)
    assert {"mlo", "rdfs", "oa", "xsd"} <= set(found)


def test_edge_iris(monkeypatch):
    prefixes = {"ex": "http://example.org/ns/", "frag": "http://example.org/f#", "bare": "http://example.org/bare", "none": "http://example.org/none/"}
    monkeypatch.setattr(store_module, "TURTLE_PREFIXES", prefixes)
    triples = [
        triple("http://example.org/ns/", ox.NamedNode("http://example.org/f#")),  # the namespaces themselves
        triple("http://example.org/ns/a#b", ox.Literal("1", datatype=ox.NamedNode("http://example.org/barex"))),
        triple("http://example.org/nonex", ox.NamedNode("http://example.org/nonex/y")),  # not under none/
    ]
    assert used_prefixes(triples) == every_iri_checked(triples, prefixes) == {"ex": prefixes["ex"], "frag": prefixes["frag"], "bare": prefixes["bare"]}
