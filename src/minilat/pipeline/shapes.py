"""SHACL validation one issue at a time, cached: what makes the build scale with the series.

pySHACL over the whole series grows faster than the data (72 s for ten issues' 100k
triples against 10 s for the shared layers and one issue). Every shape looks at a node and
its neighbours, and an issue's nodes (claims, propositions, annotations) only point at
shared entities or at claims of other issues; so each issue is validated over the shared
layers, the inferred graph, its own graph and the types of every claim, and the report is
the union. The result of one issue is cached under a hash of exactly that input (and the
shapes and ontology), so rebuilding after editing one issue validates that issue only.
Uncached issues are validated in parallel, one process per core.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rdflib import RDF, Dataset, Graph, URIRef

from minilat import ids, paths
from minilat.ids import MLO
from minilat.pipeline.validate import Violation, shacl

#: Layers every issue's validation sees beside its own graph.
SHARED = ("digest", "background", "bibliography", "links", "readings", "inferred")


def _nt(triples: Iterable[tuple]) -> bytes:
    """Sorted N-Triples lines: a canonical text to hash and to hand to a worker process."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
    return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")


def _validate(data: bytes, ontology: bytes, shapes: str) -> list[tuple[str, str, str]]:
    """Worker: validate one issue's data (N-Triples) against the shapes."""
    graph = Graph().parse(data=data, format="nt")
    tbox = Graph().parse(data=ontology, format="nt")
    return [(v.rule, v.focus, v.message) for v in shacl(graph, Path(shapes), tbox)]


def validate_issues(dataset: Dataset, ontology: Graph, issue_graphs: list[URIRef], cache: Path | None = paths.CACHE, shapes: Path = paths.SHAPES) -> list[Violation]:
    """SHACL violations of the whole dataset, found issue by issue (see the module docstring)."""
    shared = [t for layer in SHARED for t in dataset.graph(ids.GRAPHS[layer])]
    claim_types = [t for name in issue_graphs for t in dataset.graph(name).triples((None, RDF.type, MLO.Claim))]
    tbox = _nt(ontology)
    from pyshacl import __version__ as pyshacl_version

    head = hashlib.sha256(pyshacl_version.encode() + tbox + shapes.read_bytes() + _nt(shared) + _nt(claim_types)).hexdigest()
    jobs: dict[str, bytes] = {}
    found: list[tuple[str, str, str]] = []
    for name in issue_graphs or [ids.GRAPHS["digest"]]:
        own = list(dataset.graph(name)) if name in issue_graphs else []
        data = _nt([*shared, *claim_types, *own])
        key = hashlib.sha256(f"{head} {hashlib.sha256(data).hexdigest()}".encode()).hexdigest()
        hit = cache / "shacl" / f"{key}.json" if cache else None
        if hit is not None and hit.is_file():
            found.extend(tuple(row) for row in json.loads(hit.read_text(encoding="utf-8")))
        else:
            jobs[key] = data
    if jobs:
        workers = min(len(jobs), os.cpu_count() or 1)
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                results = dict(zip(jobs, pool.map(_validate, jobs.values(), [tbox] * len(jobs), [str(shapes)] * len(jobs))))
        else:
            results = {key: _validate(data, tbox, str(shapes)) for key, data in jobs.items()}
        for key, rows in results.items():
            found.extend(rows)
            if cache is not None:
                (cache / "shacl").mkdir(parents=True, exist_ok=True)
                tmp = cache / "shacl" / f"{key}.json.tmp"
                tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
                tmp.replace(cache / "shacl" / f"{key}.json")
    return sorted({Violation(*row) for row in found}, key=str)
