"""Release files: TriG and N-Quads of the dataset and one merged Turtle file.

Deterministic (same input, same bytes) and written atomically: a failed build never
leaves a half-written or missing release file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from minilat import ids

RELEASE_FILES = {
    "minilat.trig": "trig",
    "minilat.nq": "nquads",
    "minilat.ttl": "turtle",
}


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def bind_prefixes(graph: Graph) -> None:
    for prefix, namespace in ids.PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def graph_names(dataset: Dataset) -> list[URIRef]:
    """The layers in their fixed order, then any other non-empty named graph (e.g. the sameAs linkset)."""
    fixed = list(ids.GRAPHS.values())
    extra = sorted(
        g.identifier for g in dataset.graphs() if isinstance(g.identifier, URIRef) and g.identifier not in fixed and len(g) and str(g.identifier).startswith(str(ids.GRAPH))
    )
    return fixed + extra


def nquads(dataset: Dataset) -> bytes:
    """N-Quads with lines sorted: canonical once blank-node labels are canonical."""
    text = dataset.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def trig(dataset: Dataset) -> bytes:
    """TriG with the named graphs in a fixed order, each written by the Turtle serializer."""
    header: list[str] = []
    blocks: list[str] = []
    for name in graph_names(dataset):
        graph = Graph()
        bind_prefixes(graph)
        for triple in dataset.graph(name):
            graph.add(triple)
        text = graph.serialize(format="turtle")
        prefixes = [line for line in text.splitlines() if line.startswith("@prefix")]
        body = [line for line in text.splitlines() if line and not line.startswith("@prefix")]
        header.extend(p for p in prefixes if p not in header)
        blocks.append(f"<{name}> {{\n" + "\n".join("    " + line if line.strip() else "" for line in body) + "\n}\n")
    return ("\n".join(sorted(header)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def merged(dataset: Dataset) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    for name in graph_names(dataset):
        for triple in dataset.graph(name):
            graph.add(triple)
    return graph


def render(dataset: Dataset) -> dict[str, bytes]:
    """The bytes of every release file."""
    bind_prefixes(dataset)
    return {
        "minilat.trig": trig(dataset),
        "minilat.nq": nquads(dataset),
        "minilat.ttl": merged(dataset).serialize(format="turtle", encoding="utf-8"),
    }


def write(dataset: Dataset, folder: Path) -> dict[str, Path]:
    """Write every release file into ``folder``; return name → path."""
    out = {}
    for name, data in render(dataset).items():
        path = folder / name
        write_atomic(path, data)
        out[name] = path
    return out
