"""Triple-pattern look-ups for the entity page (runs in the worker processes).

An entity page needs a few dozen small, fixed look-ups ("this node's mlo:heldBy", "the
subjects of mlo:involves this IRI"). Through SPARQL each one pays for parsing and planning
(0.1–2 ms, more with nested OPTIONALs); read straight from the store's indexes it costs a
few microseconds. The default graph is the union of the named graphs but the drafts ones, as
in :meth:`minilat.store.Store.query`: a value stated in two graphs is returned once.

A worker answers them faster still from an :class:`Index` of the whole store, built when it
loads its snapshot (with :class:`minilat.server.entity.Labels`, and rebuilt with it when the
store changes): each look-up is then one dict access instead of a pass through the store
(a page makes about a hundred, and they were a sixth of its CPU). The index holds, for every
key, exactly what the store's own look-up returns, in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

import pyoxigraph as ox

from minilat.store import DRAFTS_PREFIX, Store

Node = ox.NamedNode | ox.BlankNode
NamedNode = ox.NamedNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@lru_cache(maxsize=4096)
def iri(text: str) -> ox.NamedNode:
    """A NamedNode, made once per IRI text."""
    return ox.NamedNode(text)


class Quad(NamedTuple):
    """A quad read from the index (the same attributes as ``ox.Quad``)."""

    subject: Node
    predicate: ox.NamedNode
    object: Term
    graph_name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def key(term: Term | str) -> object:
    """How the index names a term: an IRI by its text (so IRIs given as strings need no node), any other term as itself."""
    return term.value if term.__class__ is ox.NamedNode else term


class Walk:
    """Look-ups over one store: objects of (s, p) and subjects of (p, o), each value once. As in
    the store's default graph, the drafts graphs (suggested records) are left out. With an
    ``index`` of that store, the look-ups it holds are answered from it."""

    def __init__(self, store: Store, index: Index | None = None) -> None:
        self.engine = store.engine
        self.index = index
        self.drafts = store.has_drafts() if index is None else index.drafts
        self.indexed = None if index is None else index.objects  # the hot look-up, one attribute away

    def pattern(self, s: Node | None, p: ox.NamedNode | None, o: Term | None) -> Iterable[ox.Quad]:
        """The quads matching (s, p, o) in any graph but the drafts ones."""
        found = self.engine.quads_for_pattern(s, p, o, None)
        if not self.drafts:
            return found
        return (q for q in found if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(DRAFTS_PREFIX)))

    def objects(self, s: Node | str, p: str) -> Sequence[Term]:
        """The objects of (s, p), each once, in the store's order (do not change what it returns)."""
        if self.indexed is not None:
            kind = s.__class__
            return self.indexed.get((s if kind is str else s.value if kind is NamedNode else s, p), ())
        if s.__class__ is str:
            s = iri(s)
        elif s.__class__ is ox.Literal:
            return []
        found = [q.object for q in self.pattern(s, iri(p), None)]
        return found if len(found) < 2 else list(dict.fromkeys(found))

    def subjects(self, p: str, o: Term | str) -> Sequence[Node]:
        """The subjects of (p, o), each once, in the store's order (do not change what it returns)."""
        if self.index is not None:
            return self.index.subjects.get((p, o if o.__class__ is str else key(o)), ())
        found = [q.subject for q in self.pattern(None, iri(p), iri(o) if o.__class__ is str else o)]
        return found if len(found) < 2 else list(dict.fromkeys(found))

    def has(self, s: Node | str, p: str, o: Term | str | None = None) -> bool:
        """Whether (s, p, o) is stated (any object when ``o`` is None)."""
        if self.index is not None:
            found = self.objects(s, p)
            return bool(found) if o is None else key(o) in {key(t) for t in found}
        return next(iter(self.quads(s, p, o)), None) is not None

    def first(self, s: Node | str, p: str) -> str | None:
        """The value of one object of (s, p), or None."""
        found = self.objects(s, p)
        return found[0].value if found else None

    def values(self, s: Node | str, p: str) -> list[str]:
        return [o.value for o in self.objects(s, p)]

    def langs(self, s: Node | str | None, p: str) -> dict[str, str]:
        """A literal's values by language tag ("" untagged)."""
        if s is None:
            return {}
        return {(o.language or ""): o.value for o in self.objects(s, p) if isinstance(o, ox.Literal)}

    def quads(self, s: Node | str | None, p: str | None, o: Term | str | None) -> Sequence[ox.Quad | Quad]:
        """The quads matching (s, p, o), each once per graph (do not change what it returns)."""
        if self.index is not None and p is None and (s is None) != (o is None):
            return self.index.by_subject.get(key(s), ()) if o is None else self.index.by_object.get(key(o), ())
        as_node = lambda t: iri(t) if isinstance(t, str) else t  # noqa: E731
        return list(self.pattern(as_node(s), as_node(p), as_node(o)))


class Index:
    """What :class:`Walk` reads, for every subject, predicate and object of the store: the objects
    of each (s, p), the subjects of each (p, o), and the quads of each subject and of each object.
    Each entry is what the store's look-up of that key returns (read with that look-up, so in its
    order), without the drafts graphs. Build it again when the store changes."""

    def __init__(self, store: Store) -> None:
        walk = Walk(store)
        self.drafts = walk.drafts
        terms: dict = {}  # one Python object per term (and one key), shared by every entry that holds it
        one = terms.setdefault
        every = {q: Quad(one(q.subject, q.subject), one(q.predicate, q.predicate), one(q.object, q.object), one(q.graph_name, q.graph_name))
                 for q in walk.pattern(None, None, None)}
        name = {t: key(t) for t in terms}
        # each entry is read with the look-up it stands for, so it keeps that look-up's order
        self.objects: dict[tuple[object, str], tuple[Term, ...]] = {
            (name[s], name[p]): tuple(dict.fromkeys(every[q].object for q in walk.pattern(s, p, None)))
            for s, p in {(q.subject, q.predicate) for q in every.values()}}
        self.subjects: dict[tuple[str, object], tuple[Node, ...]] = {
            (name[p], name[o]): tuple(dict.fromkeys(every[q].subject for q in walk.pattern(None, p, o)))
            for p, o in {(q.predicate, q.object) for q in every.values()}}
        self.by_subject = {name[s]: tuple(every[q] for q in walk.pattern(s, None, None)) for s in {q.subject for q in every.values()}}
        self.by_object = {name[o]: tuple(every[q] for q in walk.pattern(None, None, o)) for o in {q.object for q in every.values()}}
