"""The JSON-LD release file ``graphs/minilat.jsonld`` (and the server's entity documents),
compacted with minilat's versioned context.

The context lives in the repository (``src/minilat/context/minilat-context-{VERSION}.jsonld``)
and the release file refers to it by IRI (:data:`CONTEXT_IRI`), which the minilat server
serves. minilat itself never fetches a context: compaction and expansion always use the
local file, and a document naming any other remote context is refused.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from minilat import ids
from minilat.errors import UserError
from minilat.pipeline import release

VERSION = "0.1"
CONTEXT_NAME = f"minilat-context-{VERSION}.jsonld"
CONTEXT_FILE = Path(__file__).parent / "context" / CONTEXT_NAME
#: Where the server publishes the context (path /context/{CONTEXT_NAME}).
CONTEXT_IRI = f"{ids.BASE}context/{CONTEXT_NAME}"
JSONLD_FILE = "minilat.jsonld"


@cache
def context() -> dict[str, Any]:
    """The local context document, ``{"@context": {...}}``."""
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))


def context_bytes() -> bytes:
    """The context file as the server sends it (media type application/ld+json)."""
    return CONTEXT_FILE.read_bytes()


def _canonical(value: Any) -> Any:
    """Sort node and value arrays (JSON-LD sets are unordered; @list arrays keep their order)."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _canonical(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: (str(v.get("@id", "")) if isinstance(v, dict) else "", json.dumps(v, sort_keys=True, ensure_ascii=False)))
    return value


def _only(dataset: Dataset, name: URIRef) -> Dataset:
    """A dataset of the one named graph ``name``."""
    one = Dataset()
    target = one.graph(name)
    for triple in dataset.graph(name):
        target.add(triple)
    return one


def _entry(name: URIRef, one: Dataset) -> dict[str, Any]:
    """One named graph (``one``: a dataset of it alone) as the document's ``{"@id": …, "@graph": […]}`` entry, compacted."""
    document = json.loads(one.serialize(format="json-ld", context=context()["@context"], auto_compact=False))
    if isinstance(document, list):
        document = document[0]
    if "@id" not in document:  # compaction kept the dataset wrapper: its one entry
        document = document["@graph"][0]
    return _canonical({k: v for k, v in document.items() if k != "@context"})


def entries(dataset: Dataset, cache: Path | None = None, check: bool = True) -> list[dict[str, Any]]:
    """Every named graph's entry. With ``cache``, an entry is reused when its graph's triples are
    unchanged (so rebuilding after editing one issue renders that issue's graph only); a freshly
    rendered entry is read back and compared with its graph first (``check``)."""
    from rdflib.plugins.serializers.nt import _nt_row

    out = []
    salt = context_bytes()
    for name in release.graph_names(dataset):
        graph = dataset.graph(name)
        if not len(graph):
            continue
        hit = None
        if cache is not None:  # the key costs a sort of the graph's lines: only when there is a cache to look in
            key = hashlib.sha256(salt + str(name).encode() + "".join(sorted(_nt_row(t) for t in graph)).encode()).hexdigest()
            hit = cache / "jsonld" / f"{key}.json"
        if hit is not None and hit.is_file():
            out.append(json.loads(hit.read_text(encoding="utf-8")))
            continue
        one = _only(dataset, name)
        entry = _entry(name, one)
        if check:
            body = json.dumps({"@context": CONTEXT_IRI, "@graph": [entry]}, ensure_ascii=False).encode("utf-8")
            compare(parse(body), one)
        if hit is not None:
            hit.parent.mkdir(parents=True, exist_ok=True)
            hit.with_suffix(".tmp").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            hit.with_suffix(".tmp").replace(hit)
        out.append(entry)
    return out


def render(dataset: Dataset, cache: Path | None = None, check: bool = False) -> bytes:
    """The compacted JSON-LD document: every named graph, ``@context`` by IRI."""
    body = {"@context": CONTEXT_IRI, "@graph": _canonical(entries(dataset, cache, check))}
    return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def compact(ntriples: bytes) -> bytes:
    """Triples (N-Triples) as one JSON-LD document compacted with the local context and
    referring to it by :data:`CONTEXT_IRI`, where the server publishes it (nothing is fetched)."""
    graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    document = json.loads(graph.serialize(format="json-ld", context=context()["@context"], auto_compact=False))
    nodes = document.get("@graph", [document]) if isinstance(document, dict) else document
    nodes = [node for node in ({k: v for k, v in n.items() if k != "@context"} for n in nodes) if node]
    body = {"@context": CONTEXT_IRI, "@graph": _canonical(nodes)}
    return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write(dataset: Dataset, path: Path, check_first: bool = True, cache: Path | None = None) -> Path:
    """Write the JSON-LD release file atomically; by default only once every graph round-trips
    (each checked when rendered; with ``cache``, unchanged graphs were checked when first rendered)."""
    data = render(dataset, cache, check=check_first)
    release.write_atomic(path, data)
    return path


def local(document: Any, where: Path | str = JSONLD_FILE) -> Any:
    """The document with minilat's context IRI replaced by the local context (no fetching)."""

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            if value != CONTEXT_IRI:
                raise UserError(f"refusing to fetch remote JSON-LD context {value!r}; only {CONTEXT_IRI} is known (served from the local file)", where)
            return context()["@context"]
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: (swap(v) if k == "@context" else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(document)


def parse(data: bytes, where: Path | str = JSONLD_FILE) -> Dataset:
    """Parse minilat JSON-LD bytes with the local context into a Dataset."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"not valid JSON: {exc}", where) from None
    dataset = Dataset()
    dataset.parse(data=json.dumps(local(document, where)), format="json-ld")
    return dataset


def load(path: Path) -> Dataset:
    """Parse a minilat JSON-LD file with the local context."""
    try:
        return parse(path.read_bytes(), path)
    except FileNotFoundError:
        raise UserError("no such JSON-LD file", path) from None


def check(path: Path, dataset: Dataset) -> int:
    """Expand the compacted file and compare it with ``dataset``, graph by graph; return the graphs checked."""
    return compare(load(path), dataset, path)


def compare(parsed: Dataset, dataset: Dataset, where: Path | str = JSONLD_FILE) -> int:
    """Raise a one-line UserError unless both datasets have isomorphic named graphs."""
    want, got = _graphs(dataset), _graphs(parsed)
    if set(want) != set(got):
        raise UserError(f"JSON-LD round trip: named graphs differ: missing {sorted(set(want) - set(got))}, extra {sorted(set(got) - set(want))}", where)
    for name, graph in want.items():
        if not _same(graph, got[name]):
            raise UserError(f"JSON-LD round trip: graph <{name}> differs ({len(graph)} triples built, {len(got[name])} read back)", where)
    return len(want)


def _same(a: Graph, b: Graph) -> bool:
    """Equal graphs: set equality when neither has a blank node (linear), isomorphism otherwise."""
    if len(a) != len(b):
        return False
    if not any(isinstance(term, BNode) for graph in (a, b) for triple in graph for term in triple):
        return set(a) == set(b)
    return isomorphic(a, b)


def _graphs(dataset: Dataset) -> dict[str, Any]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g) and isinstance(g.identifier, URIRef)}
