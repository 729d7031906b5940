"""A claim's content survives every release format and every engine the project uses.

Propositions are reified RDF 1.1 (no triple terms, no per-claim graphs), so each format
and engine must give back the same (claim, role, subject, predicate, object) tuples:
rdflib for TriG / N-Quads / Turtle / JSON-LD, pyoxigraph for the store, owlready2 for the
reasoner's view (with HermiT consistency). Virtuoso is checked by test_virtuoso, which runs
every library query (claim-content lists every proposition) against it.
"""

from __future__ import annotations

import io

import pytest
import yaml
from rdflib import Dataset, Graph, Namespace

from minilat import ids, paths
from minilat.pipeline.release import jsonld
from minilat.store import Store

MLO = Namespace("https://w3id.org/minilat/ontology#")
ID = "https://w3id.org/minilat/id/"
GRAPHS = paths.GRAPHS
TUPLES = """PREFIX mlo: <https://w3id.org/minilat/ontology#>
SELECT ?claim ?role ?s ?p ?o WHERE {
  VALUES ?role { mlo:hasProposition mlo:hasCondition mlo:hasOutcome }
  ?claim ?role ?x . ?x mlo:propositionSubject ?s ; mlo:propositionPredicate ?p ; mlo:propositionObject ?o .
}"""


def tuples(rows) -> set[tuple[str, ...]]:
    return {tuple(str(getattr(v, "value", v)) for v in row) for row in rows}


@pytest.fixture(scope="module")
def expected(built) -> set[tuple[str, ...]]:
    """From the curation files: every statement, under hasProposition and (conditions, outcomes) its role."""
    from test_queries_claims import (
        PREDICATE,  # the curation keys' ontology terms, written out by hand
    )

    want: set[tuple[str, ...]] = set()
    for path in sorted(paths.CURATION.glob("issues/*/claims/*.yaml")):
        for claim in yaml.safe_load(path.read_text(encoding="utf-8")):
            node = ID + "claim/" + claim["slug"]
            for st in claim["statements"]:
                triple = (ID + st["subject"], str(MLO[PREDICATE[st["predicate"]]]), ID + st["object"])
                want.add((node, str(MLO.hasProposition), *triple))
                role = st.get("role", "content")
                if role != "content":
                    want.add((node, str(MLO["has" + role.capitalize()]), *triple))
    assert tuples(built.dataset.graph(ids.issue_graph("minilateralism")).query(TUPLES)) == want
    return want


@pytest.mark.parametrize("name, fmt", [("minilat.trig", "trig"), ("minilat.nq", "nquads"), ("minilat.ttl", "turtle")])
def test_rdflib_reads_the_same_content_from_each_file(expected, name: str, fmt: str) -> None:
    path = GRAPHS / name
    graph: Graph = Dataset(default_union=True) if fmt != "turtle" else Graph()
    graph.parse(path, format=fmt)
    assert tuples(graph.query(TUPLES)) == expected


def test_jsonld_file_reads_back_the_same_content_offline(expected) -> None:
    dataset = jsonld.parse((GRAPHS / "minilat.jsonld").read_bytes())
    union = Graph()
    for graph in dataset.graphs():
        for triple in graph:
            union.add(triple)
    assert tuples(union.query(TUPLES)) == expected


def test_pyoxigraph_store_gives_the_same_content(expected) -> None:
    assert tuples(Store.open().query(TUPLES)) == expected


def test_owlready2_loads_the_content_and_hermit_finds_it_consistent(built, expected) -> None:
    import owlready2

    from minilat.pipeline.build import load_ontology
    from minilat.pipeline.reason.hermit import infer

    data = Graph()
    for triple in load_ontology():
        data.add(triple)
    for triple in built.dataset.graph(ids.issue_graph("minilateralism")):
        data.add(triple)
    world = owlready2.World()
    world.get_ontology("https://w3id.org/minilat/roundtrip").load(fileobj=io.BytesIO(data.serialize(format="nt", encoding="utf-8")), format="ntriples")
    assert tuples(world.as_rdflib_graph().query(TUPLES)) == expected  # what owlready2 stored, read back
    proposition = world[str(MLO.Proposition)]
    statements = sum(len(c["statements"]) for f in sorted(paths.CURATION.glob("issues/*/claims/*.yaml")) for c in yaml.safe_load(f.read_text(encoding="utf-8")))
    assert len(list(proposition.instances(world=world))) == statements  # one reified node per statement
    inferred = infer(load_ontology(), built.graph("digest") + built.graph("background") + built.graph("bibliography") + built.dataset.graph(ids.issue_graph("minilateralism")))  # raises if inconsistent
    assert not [t for t in inferred if str(t[1]).startswith(str(MLO)) and str(t[1]).endswith(("causes", "hasFeature", "aimsAt"))]
