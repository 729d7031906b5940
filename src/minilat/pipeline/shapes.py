"""SHACL validation one part at a time, cached: what makes the build scale with the series.

pySHACL over the whole series grows faster than the data (72 s for ten issues' 100k
triples against 10 s for the shared layers and one issue). Every shape looks at a node and
its neighbours, so the dataset is validated in parts, each judging its own nodes:

- one part per issue: the shared layers, the issue's graph, the curator's readings that
  start at its claims, and the types of the other issues' claims it links to (so a link
  meets a claim); it judges the nodes of the issue (claims, propositions, annotations …);
- one part for the shared layers (entities, memberships, events, links), with, for each
  shared node that some issue anchors, the first such issue's evidence (mlo:anchoredBy and
  the annotation); it judges every other node.

Each part's report is cached under a hash of exactly its input (and the shapes, the ontology
and pySHACL's version), so rebuilding after editing one issue validates that issue (and
the shared part if the shared layers changed). Uncached parts run in parallel, one process
per core.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rdflib import RDF, Dataset, Graph, URIRef

from minilat import ids, paths
from minilat.ids import MLO
from minilat.pipeline.assemble.facts import annotation_parts
from minilat.pipeline.validate import Violation, shacl

#: Layers every issue's validation sees beside its own graph.
SHARED = ("digest", "background", "bibliography", "links", "inferred")


def _nt(triples: Iterable[tuple]) -> bytes:
    """Sorted N-Triples lines: a canonical text to hash and to hand to a worker process."""
    from rdflib.plugins.serializers.nt import (
        _nt_row,  # rdflib's own N-Triples line writer
    )

    return "".join(sorted({_nt_row(triple) for triple in triples})).encode("utf-8")


def _validate(data: bytes, ontology: bytes, shapes: str) -> list[tuple[str, str, str]]:
    """Worker: validate one issue's data (N-Triples) against the shapes."""
    graph = Graph().parse(data=data, format="nt")
    tbox = Graph().parse(data=ontology, format="nt")
    return [(v.rule, v.focus, v.message) for v in shacl(graph, Path(shapes), tbox)]


def _evidence(graph: Graph, nodes: set[URIRef], done: set[URIRef]) -> list[tuple]:
    """For shared ``nodes`` this issue anchors (and no earlier issue did): the mlo:anchoredBy
    triples and their annotations' subgraphs, enough for the evidence shapes."""
    out: list[tuple] = []
    for node, ann in graph.subject_objects(MLO.anchoredBy):
        if node in nodes and node not in done:
            out.append((node, MLO.anchoredBy, ann))
            for part in (ann, *annotation_parts(ann)):
                out.extend(graph.triples((part, None, None)))
    done.update(s for s, _, _ in out)
    return out


def _focused(rows: Iterable[tuple], nodes: set[str] | None, judged: set[str]) -> list[tuple]:
    """A part's results about the focus nodes it judges (None: every node no issue's part judges)."""
    return [row for row in rows if (row[1] in nodes if nodes is not None else row[1] not in judged)]


def validate_issues(dataset: Dataset, ontology: Graph, issue_graphs: list[URIRef], cache: Path | None = paths.CACHE, shapes: Path = paths.SHAPES) -> list[Violation]:
    """SHACL violations of the whole dataset, found part by part (see the module docstring)."""
    shared = [t for layer in SHARED for t in dataset.graph(ids.GRAPHS[layer])]
    claims_of = {name: {s for s in dataset.graph(name).subjects(RDF.type, MLO.Claim)} for name in issue_graphs}
    readings = dataset.graph(ids.GRAPHS["readings"])
    source = {node: claim for node, claim in readings.subject_objects(MLO.linkFrom)}  # link node → the claim it starts at
    issue_of = {claim: name for name, mine in claims_of.items() for claim in mine}
    owner = {s: issue_of.get(source.get(s, s)) for s in set(readings.subjects())}
    readings_of: dict[URIRef | None, list[tuple]] = defaultdict(list)  # issue graph (None: shared) → its readings
    for t in readings:
        readings_of[owner[t[0]]].append(t)
    shared += readings_of[None]
    shared_nodes = {s for s, _, _ in shared if isinstance(s, URIRef)}
    tbox = _nt(ontology)
    from pyshacl import __version__ as pyshacl_version

    shared_nt = _nt(shared)
    head = hashlib.sha256(pyshacl_version.encode() + tbox + shapes.read_bytes() + shared_nt).hexdigest()
    parts: list[tuple[bytes, set[str] | None]] = []  # (data, the focus nodes it judges; None: all but the issues')
    judged: set[str] = set()
    anchored: set[URIRef] = set()
    evidence: list[tuple] = []
    for name in issue_graphs:
        graph = dataset.graph(name)
        own = list(graph) + readings_of[name]
        mine = claims_of[name]
        others = sorted({o for _, _, o in own if o in issue_of} - mine)  # claims of other issues it links to
        nodes = {str(s) for s, _, _ in own if s not in shared_nodes}
        judged |= nodes
        evidence += _evidence(graph, shared_nodes, anchored)
        parts.append((_nt([*own, *((c, RDF.type, MLO.Claim) for c in others)]), nodes))
    parts.append((_nt(evidence), None))  # the shared layers, with one issue's evidence for each anchored node
    found: list[tuple[str, str, str]] = []
    jobs: dict[str, tuple[bytes, set[str] | None]] = {}
    for data, nodes in parts:  # data: the part's own triples; the worker gets the shared layers too
        key = hashlib.sha256(f"{head} {hashlib.sha256(data).hexdigest()}".encode()).hexdigest()
        hit = cache / "shacl" / f"{key}.json" if cache else None
        if hit is not None and hit.is_file():
            rows = [tuple(row) for row in json.loads(hit.read_text(encoding="utf-8"))]
        else:
            jobs[key] = (data, nodes)
            continue
        found.extend(_focused(rows, nodes, judged))
    if jobs:
        workers = min(len(jobs), os.cpu_count() or 1)
        datas = [shared_nt + data for data, _ in jobs.values()]
        if workers > 1:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver")) as pool:  # fresh workers: no copy of the build's memory
                results = dict(zip(jobs, pool.map(_validate, datas, [tbox] * len(jobs), [str(shapes)] * len(jobs))))
        else:
            results = {key: _validate(data, tbox, str(shapes)) for key, data in zip(jobs, datas)}
        for key, rows in results.items():
            found.extend(_focused(rows, jobs[key][1], judged))
            if cache is not None:
                (cache / "shacl").mkdir(parents=True, exist_ok=True)
                tmp = cache / "shacl" / f"{key}.json.tmp"
                tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
                tmp.replace(cache / "shacl" / f"{key}.json")
    return sorted({Violation(*row) for row in found}, key=str)
