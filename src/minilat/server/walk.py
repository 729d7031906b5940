"""Triple-pattern look-ups for the entity page (runs in the worker processes).

An entity page needs a few dozen small, fixed look-ups ("this node's mlo:heldBy", "the
subjects of mlo:involves this IRI"). Through SPARQL each one pays for parsing and planning
(0.1–2 ms, more with nested OPTIONALs); read straight from the store's indexes it costs a
few microseconds. The default graph is the union of the named graphs but the drafts ones, as
in :meth:`minilat.store.Store.query`: a value stated in two graphs is returned once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

import pyoxigraph as ox

from minilat.store import DRAFTS_PREFIX, Store

Node = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal
T = TypeVar("T")
MISSING = object()
# records kept per snapshot, ~1.7 KB each: today's data fills 532 (0.9 MB); past the bound, pages read the rest themselves
MEMO_LIMIT = 10_000


@lru_cache(maxsize=4096)
def iri(text: str) -> ox.NamedNode:
    """A NamedNode, made once per IRI text."""
    return ox.NamedNode(text)


class Walk:
    """Look-ups over one store: objects of (s, p) and subjects of (p, o), each value once. As in
    the store's default graph, the drafts graphs (suggested records) are left out."""

    def __init__(self, store: Store, memo: dict | None = None) -> None:
        self.engine = store.engine
        self.drafts = store.has_drafts()
        self.memo = memo  # the snapshot's records shared by its pages (see ``kept``), or None
        if not self.drafts:  # the store's own look-up, without a Python call around each of a page's hundred
            self.pattern = self.engine.quads_for_pattern  # type: ignore[method-assign]

    def kept(self, key: tuple, make: Callable[..., T], *args: Any) -> T:
        """``make(self, *args)``, kept in the snapshot's memo when the walk has one (see
        :class:`minilat.server.entity.Labels`): what many pages show (a claim's record) is read
        once per snapshot, not once per page. What it keeps is shared: never change it."""
        if self.memo is None:
            return make(self, *args)
        found = self.memo.get(key, MISSING)
        if found is MISSING:
            found = make(self, *args)
            if len(self.memo) < MEMO_LIMIT:
                self.memo[key] = found
        return found

    def pattern(self, s: Node | None, p: ox.NamedNode | None, o: Term | None) -> Iterable[ox.Quad]:
        """The quads matching (s, p, o) in any graph but the drafts ones."""
        found = self.engine.quads_for_pattern(s, p, o, None)
        if not self.drafts:
            return found
        return (q for q in found if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(DRAFTS_PREFIX)))

    def objects(self, s: Node | str, p: str) -> list[Term]:
        if s.__class__ is str:
            s = iri(s)
        elif s.__class__ is ox.Literal:
            return []
        found = [q.object for q in self.pattern(s, iri(p), None)]
        return found if len(found) < 2 else list(dict.fromkeys(found))

    def subjects(self, p: str, o: Term | str) -> list[Node]:
        found = [q.subject for q in self.pattern(None, iri(p), iri(o) if o.__class__ is str else o)]
        return found if len(found) < 2 else list(dict.fromkeys(found))

    def has(self, s: Node | str, p: str, o: Term | str | None = None) -> bool:
        """Whether (s, p, o) is stated (any object when ``o`` is None): the first quad found is enough."""
        return next(iter(self.pattern(node(s), iri(p), node(o))), None) is not None

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

    def quads(self, s: Node | str | None, p: str | None, o: Term | str | None) -> list[ox.Quad]:
        return list(self.pattern(node(s), node(p), node(o)))


def node(term: Term | str | None) -> Term | None:
    """An IRI given as text as a NamedNode; any other term (or None) as it is."""
    return iri(term) if isinstance(term, str) else term
