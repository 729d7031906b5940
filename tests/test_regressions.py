"""One test per bug met while building minilat, named after what broke."""

from __future__ import annotations

from rdflib import BNode

from minilat import paths
from minilat.ids import GRAPHS
from minilat.pipeline import release
from minilat.pipeline.build import load_ontology
from minilat.pipeline.parse import parse
from minilat.text import normalize


def test_quote_across_two_paragraphs_is_not_found() -> None:
    # A curator's check on the whole text accepted "具体路径包括：1）…", which spans two paragraphs.
    digest = parse(paths.DIGEST)
    quote = normalize("具体路径包括：1）加强在非传统安全等特定领域内")
    assert not any(quote in p.text for _, p in digest.passages())


def test_chinese_title_is_an_anchorable_passage() -> None:
    # "安全小多边主义" occurs only in No. 4's Chinese title, which first was not searched.
    digest = parse(paths.DIGEST)
    hits = [key for key, p in digest.passages() if "安全小多边主义" in p.text]
    assert hits == ["article-4"]


def test_trig_named_graph_order_is_stable(built) -> None:
    # rdflib's TriG serializer wrote the named graphs in varying order between runs.
    text = release.trig(built.dataset).decode("utf-8")
    order = [line.split(">")[0][1:] for line in text.splitlines() if line.startswith("<https://w3id.org/minilat/graph/")]
    assert order == [*(str(g) for g in GRAPHS.values()), "https://w3id.org/minilat/graph/issue/minilateralism"]


def test_ontology_blank_nodes_have_canonical_labels() -> None:
    # OWL class expressions are blank nodes; random labels made the N-Quads differ between builds.
    first = sorted(str(t) for t in load_ontology() if any(isinstance(x, BNode) for x in t))
    second = sorted(str(t) for t in load_ontology() if any(isinstance(x, BNode) for x in t))
    assert first == second and len(first) > 10


def test_from_clause_is_honoured_by_the_store() -> None:
    # The union-default-graph option overrode FROM: a count over FROM <inferred> gave every triple.
    from minilat.store import Store

    store = Store.open()
    rows = list(store.query("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/minilat/graph/inferred> WHERE { ?s ?p ?o }"))
    in_graph = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/minilat/graph/inferred> { ?s ?p ?o } }"))
    assert int(rows[0]["n"].value) == int(in_graph[0]["n"].value) == 31  # HermiT: 10 mechanism types, 19 participant states, 2 subclass axioms
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(rows[0]["n"].value) == len(store)


def test_python_m_server_reports_a_missing_file_in_one_line(tmp_path) -> None:
    # `python -m minilat.server` bypassed the command group: a missing --data file ended in a
    # traceback with exit code 1 instead of `minilat serve`'s one line and exit code 2.
    import subprocess
    import sys

    missing = tmp_path / "nothing.nq"
    done = subprocess.run([sys.executable, "-m", "minilat.server", "--data", str(missing), "--port", "0"], check=False, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr.splitlines()) == (2, [f"minilat: error: {missing}: no such RDF file"])
