"""Integration: push to a private Virtuoso 7 on loopback; every library query answers as the embedded store.

Starts Virtuoso with scripts/virtuoso.sh in a temporary directory (both ports on 127.0.0.1,
own dba password), pushes with the digest-authenticated Graph Store endpoint, then runs
every library query (and, for queries with parameters, once more with the example binding
of their header) on both stores and compares normalized answers. Skipped only when
virtuoso-t is not installed (apt-get install -y virtuoso-opensource).
"""

from __future__ import annotations

import re
import secrets
import shutil
import socket
import subprocess
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from test_links import linked

from minilat import library, paths, push
from minilat.errors import UserError
from minilat.library.cli import parse_bindings
from minilat.linking import links
from minilat.store import Store

SCRIPT = paths.ROOT / "scripts" / "virtuoso.sh"
EXAMPLE_GRAPH = "https://example.org/graph/wikidata-sample"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "decimal", "double", "float", "nonNegativeInteger", "positiveInteger")}
CONCAT = re.compile(r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', re.IGNORECASE)
#: Queries whose answers genuinely differ on Virtuoso 7.2, and why. Everything else must be identical.
KNOWN = {
    "concept-hierarchy": "Virtuoso rejects `?concept skos:broader+ ?top` with both ends unbound: 'TR...: transitive start not given'",
    "argument-chain": "Virtuoso returns duplicate rows for the property path mlo:supports+ (SPARQL 1.1 paths give distinct pairs)",
}

pytestmark = pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="virtuoso-t not installed (apt-get install -y virtuoso-opensource)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    folder = tmp_path_factory.mktemp("virtuoso")
    http, sql, password = free_port(), free_port(), secrets.token_hex(8)
    started = time.perf_counter()
    subprocess.run(["bash", str(SCRIPT), "start", str(folder), str(http), str(sql)], check=True, timeout=120, env={"PATH": "/usr/bin:/bin:/usr/local/bin", "VIRTUOSO_PASSWORD": password})
    print(f"\nvirtuoso started in {time.perf_counter() - started:.1f}s")
    base = f"http://127.0.0.1:{http}"
    try:
        yield {"endpoint": f"{base}/sparql", "crud": f"{base}/sparql-graph-crud-auth", "update": f"{base}/sparql-auth", "password": password}
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(folder)], timeout=60)


@pytest.fixture(scope="module")
def local(built) -> Store:
    store = Store.open(None, release=linked(built).files["minilat.nq"])
    store.load(paths.CORPUS / "examples" / "wikidata-sample.ttl", graph=EXAMPLE_GRAPH)
    return store


@pytest.fixture(scope="module")
def pushed(virtuoso, local: Store):
    result = push.push(virtuoso["endpoint"], local, graph_store=virtuoso["crud"], user="dba", password=virtuoso["password"])
    print(f"pushed {len(result.graphs)} graphs, {result.triples} triples by Graph Store PUT in {result.seconds:.2f}s")
    return result


def term(value, separator: str | None = None):
    """A comparable form of a result term (Virtuoso quirks normalized, each documented)."""
    if separator is not None:  # GROUP_CONCAT: order is unspecified; over no values oxigraph leaves it unbound, Virtuoso gives ""
        return ("concat", tuple(sorted(value.value.split(separator))) if value is not None and value.value else ())
    if value is None:
        return None
    if isinstance(value, ox.NamedNode):
        return ("iri", value.value)
    if isinstance(value, ox.BlankNode):
        return ("bnode",)
    datatype = value.datatype.value
    if value.language:  # language tags are case-insensitive
        return ("lang", value.value, value.language.lower())
    if datatype in NUMERIC:  # counts: xsd:integer (oxigraph) vs xsd:int (Virtuoso)
        try:
            return ("num", Decimal(value.value))
        except InvalidOperation:
            return ("num", value.value)
    if datatype == XSD + "boolean":  # Virtuoso has no boolean: EXISTS, = ... come back as 1 / 0
        return ("num", Decimal(1 if value.value in ("true", "1") else 0))
    if datatype == XSD + "string":
        return ("str", value.value)
    return ("literal", value.value, datatype)


def answers(result, text: str):
    """Rows as tuples of comparable terms (or a boolean, or a set of triples)."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        separators = {var: sep for sep, var in CONCAT.findall(text)}
        names = [v.value for v in result.variables]
        return [tuple(term(row[n], separators.get(n)) for n in names) for row in result]
    return {(term(t.subject), term(t.predicate), term(t.object)) for t in result}


def order_keys(text: str, rows: list[tuple], names: list[str]) -> list[tuple] | None:
    """The ORDER BY key of each row, when every key is projected (ties may come in any order)."""
    match = re.search(r"ORDER\s+BY\s+(.*)$", text, re.IGNORECASE | re.DOTALL)
    keys = re.findall(r"\?(\w+)", match.group(1)) if match else []
    if not keys or any(k not in names for k in keys):
        return None
    return [tuple(row[names.index(k)] for k in keys) for row in rows]


def remote(endpoint: str, text: str, bindings, graphs):
    bound = push.with_bindings(text, bindings)
    if push.form(bound) in ("SELECT", "ASK"):
        _, body = push.sparql(endpoint, bound, push.SELECT_TYPES, graphs)
        return push._solutions(body)
    ctype, body = push.sparql(endpoint, bound, push.GRAPH_TYPES, graphs)
    return push.remote_triples(ctype, body)


def example_bindings(query: library.LibraryQuery) -> dict[str, str]:
    """The example value each parameter's header gives (e.g. <…/mechanism/quad>, mlo:contests)."""
    out = {}
    for param in query.params:
        match = re.search(r"<[^>]+>|\bmlo:\w+", param.description)
        if match:
            out[param.name] = match.group(0).replace("mlo:", "https://w3id.org/minilat/ontology#")
    return out


def compare(local: Store, endpoint: str, graphs: list[str] | None) -> dict[str, str]:
    """Run every library query (and its example binding) on both stores; name → verdict."""
    verdicts: dict[str, str] = {}
    for query in library.library().values():
        variants = [{}] + ([example_bindings(query)] if query.params else [])
        for binds in variants:
            key = query.name + ("" if not binds else " (bound)")
            bindings = parse_bindings(tuple(f"{k}={v}" for k, v in binds.items()))
            want = local.query(query.text, bindings=bindings)
            names = [v.value for v in want.variables] if isinstance(want, ox.QuerySolutions) else []
            want = answers(want, query.text)
            try:
                got = answers(remote(endpoint, query.text, bindings, graphs), query.text)
            except UserError as exc:
                verdicts[key] = f"error: {str(exc)[:160]}"
                continue
            if isinstance(want, list) and isinstance(got, list):
                if sorted(want, key=repr) == sorted(got, key=repr):
                    keys = order_keys(query.text, want, names)
                    same_order = keys is None or keys == order_keys(query.text, got, names)
                    verdicts[key] = "identical" if same_order else "same rows, different order"
                elif set(want) == set(got):
                    verdicts[key] = f"same rows, different multiplicity ({len(want)} vs {len(got)})"
                else:
                    verdicts[key] = f"different rows ({len(want)} vs {len(got)})"
            else:
                verdicts[key] = "identical" if want == got else f"different ({want!r:.60} vs {got!r:.60})"
    return verdicts


def test_push_replaces_graphs_and_counts_match(virtuoso, local: Store, pushed) -> None:
    assert pushed.graphs[str(links.LINKS)] == len(list(local.query(f"SELECT * WHERE {{ GRAPH <{links.LINKS}> {{ ?s ?p ?o }} }}")))
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    remote_counts = {row["g"].value: int(row["n"].value) for row in remote(virtuoso["endpoint"], text, None, local.graphs())}
    assert remote_counts == pushed.graphs
    again = push.push(virtuoso["endpoint"], local, graph_store=virtuoso["crud"], user="dba", password=virtuoso["password"])
    assert again.graphs == pushed.graphs and again.dropped == []
    quad = push.remote_query(virtuoso["endpoint"], "SELECT ?o WHERE { <https://w3id.org/minilat/id/mechanism/quad> <http://schema.org/sameAs> ?o } ORDER BY ?o", "csv")
    assert quad.decode().split() == ["o", "http://dbpedia.org/resource/Quadrilateral_Security_Dialogue", "https://en.wikipedia.org/wiki/Quadrilateral_Security_Dialogue"]


def test_every_library_query_answers_the_same(virtuoso, local: Store, pushed) -> None:
    verdicts = compare(local, virtuoso["endpoint"], local.graphs())
    differing = {k: v for k, v in verdicts.items() if v != "identical"}
    identical = len(verdicts) - len(differing)
    print(f"\n{identical} of {len(verdicts)} query runs identical ({len(library.library())} library queries, parameterized ones run twice)")
    for key, verdict in sorted(differing.items()):
        print(f"  {key}: {verdict}")
    assert {k.removesuffix(" (bound)") for k in differing} <= set(KNOWN), differing
    assert identical >= len(verdicts) - 2 * len(KNOWN)
    join = [v for k, v in verdicts.items() if k.startswith("link-wikidata-join")]
    assert join == ["identical", "identical"]


def test_union_default_graph_without_dataset_restriction(virtuoso, local: Store, pushed) -> None:
    """Virtuoso's default graph is the union of ALL its graphs, its own system graphs included."""
    verdicts = compare(local, virtuoso["endpoint"], None)
    differing = {k: v for k, v in verdicts.items() if v != "identical"}
    print(f"\nwithout default-graph-uri: {len(verdicts) - len(differing)} of {len(verdicts)} identical")
    for key, verdict in sorted(differing.items()):
        print(f"  {key}: {verdict}")
    assert "named-graph-triple-counts" in differing  # Virtuoso's system graphs (virtrdf#, owl#, ...) are counted too


def test_stale_graphs_are_dropped_and_update_path_works(virtuoso, local: Store, built, pushed, tmp_path: Path) -> None:
    with_sameas = Store.open(None, release=linked(built, sameas=True).files["minilat.nq"])
    first = push.push(virtuoso["endpoint"], with_sameas, graph_store=virtuoso["crud"], user="dba", password=virtuoso["password"])
    assert str(links.SAMEAS) in first.graphs
    # By SPARQL Update this time (the blank nodes of the ontology graph go in one INSERT).
    second = push.push(virtuoso["endpoint"], local, update=virtuoso["update"], user="dba", password=virtuoso["password"])
    assert second.dropped == [str(links.SAMEAS)]
    text = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/minilat/graph/ontology> { ?s ?p ?o } }"
    got = Graph().parse(data=push.remote_query(virtuoso["endpoint"], text, "nt").decode(), format="nt")
    want = Graph().parse(data=local.dump(ox.RdfFormat.N_TRIPLES, graph="https://w3id.org/minilat/graph/ontology").decode(), format="nt")
    assert isomorphic(got, want)


def test_wrong_password_is_one_line(virtuoso, local: Store) -> None:
    with pytest.raises(UserError) as err:
        push.push(virtuoso["endpoint"], local, graph_store=virtuoso["crud"], user="dba", password="dba")
    assert "HTTP 401" in str(err.value) and "\n" not in str(err.value)
