"""Find things by name: a ranked search over labels and aliases, built once per store.

The index holds every minted entity's ``rdfs:label``, ``skos:prefLabel`` and ``skos:altLabel``
(Chinese and English), normalised (NFKC, case-folded). A query is answered from memory:
exact names by a dict, prefixes by bisection in the sorted names (a contiguous range),
substrings by one regular-expression scan over all names joined into one string; ranking
is numpy over the matched rows — no per-name Python loop, so typing stays fast at a
hundred issues (see ``benchmarks/search.py``).

Ranking: exact name > prefix > word start > substring; then names over aliases; then how
often the graph refers to the entity (log scale) plus how much of the name the query
covers (the Quad, then the Four-Party Talks, then the article titled 四方安全对话… for "四方"). ``GET /search?q=…`` answers HTML for browsers and JSON ranked hits
(IRI, labels, type) for ``Accept: application/json``, through ``conneg``.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from starlette.requests import Request
from starlette.responses import Response

from minilat.ids import BASE
from minilat.server import conneg, links, pages

ID = BASE + "id/"
RDFS_LABEL, SKOS = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#"
NAME_WEIGHT = {RDFS_LABEL: 2, SKOS + "prefLabel": 2, SKOS + "altLabel": 1}
EXACT, PREFIX, WORD, SUBSTRING = 4, 3, 2, 1
MAX_CANDIDATES = 20_000  # substring occurrences examined per query at most (exact and prefix matches are always found)
LIMIT, MAX_LIMIT = 10, 50
SEPARATOR = "\x00"
ENTITY_FILTER = f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}") && !CONTAINS(STR(?s), "#"))'
QUERIES = {
    "names": "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ rdfs:label skos:prefLabel skos:altLabel }} ?s ?p ?l . {ENTITY_FILTER} }}",
    "types": f"SELECT DISTINCT ?s ?t WHERE {{ ?s a ?t . {ENTITY_FILTER} FILTER EXISTS {{ ?s <{RDFS_LABEL}> ?any }} }}",
    "classes": f"SELECT ?t ?l WHERE {{ GRAPH <{BASE}graph/ontology> {{ ?t <{RDFS_LABEL}> ?l }} }}",
    "supers": f"SELECT ?t ?super WHERE {{ GRAPH <{BASE}graph/ontology> {{ ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?super FILTER(isIRI(?super)) }} }}",
    "refs": f'SELECT ?s (COUNT(*) AS ?n) WHERE {{ ?x ?p ?s . {ENTITY_FILTER} }} GROUP BY ?s',
}


def norm(text: str) -> str:
    """What matching compares: NFKC (full-width → half-width), case-folded, spaces collapsed."""
    text = "".join(c for c in unicodedata.normalize("NFKC", text) if c.isprintable() or c.isspace())
    return " ".join(text.casefold().split())


@dataclass
class Entity:
    iri: str
    labels: dict[str, str] = field(default_factory=dict)  # language → rdfs:label / skos:prefLabel
    types: list[dict] = field(default_factory=list)
    refs: int = 0

    @property
    def kind(self) -> str:
        return links.kind(self.iri)


class Index:
    """Names of entities, searchable by exact name, prefix and substring (numpy arrays, one row per name)."""

    def __init__(self, names: list[tuple[str, str, str, str]], types: dict[str, list[dict]], refs: dict[str, int]) -> None:
        """``names``: (IRI, property, text, language) rows; ``types``: IRI → [{iri, en, zh}]; ``refs``: IRI → references."""
        self.entities: dict[str, Entity] = {}
        keys: dict[tuple[str, str], tuple[str, str, str, int]] = {}  # (IRI, normalised) → (text, lang, property, weight)
        for iri, prop, text, lang in names:
            entity = self.entities.setdefault(iri, Entity(iri, types=types.get(iri, []), refs=refs.get(iri, 0)))
            if prop != SKOS + "altLabel" and (prop == RDFS_LABEL or lang not in entity.labels):
                entity.labels[lang] = text
            key, weight = (iri, norm(text)), NAME_WEIGHT.get(prop, 1)
            if key[1] and (key not in keys or keys[key][3] < weight):
                keys[key] = (text, lang, prop, weight)
        self.iris = sorted(self.entities)
        number = {iri: i for i, iri in enumerate(self.iris)}
        self.keys = sorted(keys.items(), key=lambda kv: kv[0][1])  # by normalised name
        self.names = [k[1] for k, _ in self.keys]
        self.exact: dict[str, list[int]] = {}
        for i, name in enumerate(self.names):
            self.exact.setdefault(name, []).append(i)
        self.blob = SEPARATOR.join(self.names) + SEPARATOR
        lengths = np.fromiter((len(n) for n in self.names), dtype=np.int64, count=len(self.names))
        self.length = lengths.astype(np.float64)
        self.starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1])).astype(np.int64) if len(lengths) else np.zeros(0, np.int64)
        self.entity = np.fromiter((number[k[0]] for k, _ in self.keys), dtype=np.int64, count=len(self.keys))
        self.weight = np.fromiter((v[3] for _, v in self.keys), dtype=np.float64, count=len(self.keys))
        self.popularity = np.log1p(np.fromiter((self.entities[k[0]].refs for k, _ in self.keys), dtype=np.float64, count=len(self.keys)))
        # a match starting at position p starts a word when the character before p is not a letter or digit
        codes = np.frombuffer(self.blob.encode("utf-32-le"), dtype=np.uint32)
        previous = np.concatenate(([0], codes[:-1]))
        self.word_start = ~np.isin(previous, np.frombuffer("".join(c for c in map(chr, range(0x3000)) if c.isalnum()).encode("utf-32-le"), dtype=np.uint32))

    def __len__(self) -> int:
        return len(self.entities)

    def matches(self, q: str) -> tuple[np.ndarray, np.ndarray]:
        """Key indices and their match class (best per key) for the normalised query ``q``."""
        lo = bisect.bisect_left(self.names, q)
        hi = bisect.bisect_left(self.names, q + "\U0010ffff", lo)
        found = [np.arange(lo, hi, dtype=np.int64)]
        grades = [np.full(hi - lo, PREFIX, dtype=np.int64)]
        exact = self.exact.get(q, [])
        found.append(np.array(exact, dtype=np.int64))
        grades.append(np.full(len(exact), EXACT, dtype=np.int64))
        positions = np.fromiter(itertools.islice((m.start() for m in re.finditer(re.escape(q), self.blob)), MAX_CANDIDATES), dtype=np.int64)
        if len(positions):
            k = np.searchsorted(self.starts, positions, side="right") - 1
            word = self.word_start[positions] | (not q[0].isascii())
            found.append(k)
            grades.append(np.where(word, WORD, SUBSTRING))
        keys, grade = np.concatenate(found), np.concatenate(grades)
        order = np.lexsort((-grade, keys))  # by key, best grade first
        keys, grade = keys[order], grade[order]
        first = np.concatenate(([True], keys[1:] != keys[:-1])) if len(keys) else np.zeros(0, bool)
        return keys[first], grade[first]

    def search(self, query: str, limit: int = LIMIT) -> list[dict]:
        """The best ``limit`` entities for ``query``: one hit per entity, its best-matching name."""
        q = norm(query)
        if not q:
            return []
        keys, grade = self.matches(q)
        if not len(keys):
            return []
        length = self.length[keys]
        # grade, then name over alias, then references (log) plus how much of the name the query covers, then shorter
        score = grade * 1e6 + self.weight[keys] * 1e5 + np.round(self.popularity[keys] + 2 * len(q) / length, 3) * 1e3 - np.minimum(length, 999) * 0.1
        entity = self.entity[keys]
        order = np.lexsort((entity, -score))
        entity_sorted = entity[order]
        _, first = np.unique(entity_sorted, return_index=True)
        best = order[np.sort(first)][:limit]
        return [self.hit(int(keys[i]), int(grade[i])) for i in best]

    def hit(self, k: int, grade: int) -> dict:
        (iri, _), (text, lang, prop, _) = self.keys[k]
        entity = self.entities[iri]
        return {
            "iri": iri, "url": links.local(iri), "kind": entity.kind,
            "label": {"en": entity.labels.get("en") or entity.labels.get(""), "zh": entity.labels.get("zh")},
            "type": entity.types[0] if entity.types else None, "types": entity.types,
            "matched": {"text": text, "lang": lang or None, "property": pages.curie(prop), "how": ["", "substring", "word", "prefix", "exact"][grade]},
        }


def most_specific(types: dict[str, set[str]], supers: dict[str, set[str]], names: dict[str, dict[str, str]]) -> dict[str, list[dict]]:
    """Each entity's types without those a more specific type of it implies, labelled."""
    out = {}
    for iri, ts in types.items():
        implied = set().union(*(supers.get(t, set()) for t in ts)) if ts else set()
        kept = sorted(ts - implied, key=lambda t: (t not in names, names.get(t, {}).get("en", t)))
        out[iri] = [{"iri": t, "en": names.get(t, {}).get("en") or links.local_name(t), "zh": names.get(t, {}).get("zh")} for t in kept]
    return out


def build(results: dict[str, list[dict]]) -> Index:
    """The index from the answers to ``QUERIES`` (SPARQL JSON bindings)."""
    value = lambda b, k: b[k]["value"] if k in b else None  # noqa: E731
    names = [(value(b, "s"), value(b, "p"), value(b, "l"), b["l"].get("xml:lang", "")) for b in results["names"]]
    class_names: dict[str, dict[str, str]] = {}
    for b in results["classes"]:
        class_names.setdefault(value(b, "t"), {}).setdefault(b["l"].get("xml:lang", "en") or "en", value(b, "l"))
    supers: dict[str, set[str]] = {}
    for b in results["supers"]:
        supers.setdefault(value(b, "t"), set()).add(value(b, "super"))
    types: dict[str, set[str]] = {}
    for b in results["types"]:
        types.setdefault(value(b, "s"), set()).add(value(b, "t"))
    refs = {value(b, "s"): int(value(b, "n")) for b in results["refs"]}
    return Index(names, most_specific(types, supers, class_names), refs)


class Searcher:
    """The index of the store the workers serve, rebuilt when the dataset changes (an update)."""

    def __init__(self) -> None:
        self.index: Index | None = None
        self.generation = -1
        self.lock = asyncio.Lock()

    async def get(self, runtime) -> Index:  # noqa: ANN001 - minilat.server.runtime.Runtime
        if self.index is not None and self.generation == runtime.generation:
            return self.index
        async with self.lock:
            generation = runtime.generation
            if self.index is None or self.generation != generation:
                results = {}
                for name, text in QUERIES.items():
                    job = {"op": "query", "text": text, "verify": False, "formats": {"solutions": "json"}, "max_rows": 100_000_000,
                           "default_graph": [], "named_graphs": [], "union": True, "base": None}
                    answer = await runtime.ask(job, cacheable=False)
                    if answer.get("status") != 200:
                        raise RuntimeError(answer.get("message", "the search index could not be built"))
                    results[name] = json.loads(answer["body"])["results"]["bindings"]
                self.index = await asyncio.to_thread(build, results)
                self.generation = generation
        return self.index


def searcher(request: Request) -> Searcher:
    state = request.app.state
    if getattr(state, "searcher", None) is None:
        state.searcher = Searcher()
    return state.searcher


def limit_of(request: Request) -> int:
    try:
        return max(1, min(MAX_LIMIT, int(request.query_params.get("limit", LIMIT))))
    except ValueError:
        return LIMIT


async def page(request: Request) -> Response:
    """GET /search?q=…[&limit=N]: ranked hits as HTML or JSON (by Accept or ?format=)."""
    fmt = conneg.negotiate(request, ("html", "hits"))
    if fmt is None:
        return Response(conneg.not_acceptable(("html", "hits")), 406, {"Vary": "Accept"}, media_type="text/plain")
    query = request.query_params.get("q", "")[:200]
    index = await searcher(request).get(request.app.state.runtime)
    hits = index.search(query, limit_of(request) if fmt.key == "hits" else MAX_LIMIT)
    headers = {"Vary": "Accept", "Cache-Control": "no-cache"}
    if fmt.key == "hits":
        body = json.dumps({"query": query, "hits": hits}, ensure_ascii=False).encode()
        return Response(body, 200, headers, media_type=fmt.content_type)
    return pages.render("server/search.html", headers=headers, title=f"Search 搜索 · {query}" if query else "Search 搜索", query=query, hits=hits, size=len(index))
