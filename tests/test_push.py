"""``minilat push`` and remote queries, against a stand-in store on loopback (no Virtuoso needed)."""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from minilat import push
from minilat.cli import Group
from minilat.errors import UserError
from minilat.library.cli import parse_bindings
from minilat.store import Store

AUTH = "Basic " + base64.b64encode(b"minilat:secret").decode()


class StandIn:
    """A tiny HTTP server on 127.0.0.1 that records requests and answers from a callback."""

    def __init__(self, answer) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                owner.requests.append((self.command, self.path, dict(self.headers), body))
                status, ctype, data, extra = answer(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                for key, value in {"Content-Type": ctype, "Content-Length": str(len(data)), **extra}.items():
                    self.send_header(key, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def results(variables: list[str], rows: list[dict]) -> bytes:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode()


def store_answer(stale: list[str]):
    """A Graph Store + SPARQL endpoint that wants basic auth for writes."""

    def answer(method, path, headers, body):
        if path.startswith("/sparql"):
            query = urllib.parse.parse_qs(body.decode()).get("query", [""])[0]
            if "GRAPH ?g" in query:
                return 200, push.SELECT_TYPES, results(["g"], [{"g": {"type": "uri", "value": g}} for g in stale]), {}
            return 200, push.SELECT_TYPES, results(["x"], [{"x": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]), {}
        if headers.get("Authorization") != AUTH:
            return 401, "text/plain", b"auth", {"WWW-Authenticate": 'Basic realm="store"'}
        return (201 if method == "PUT" else 204), "text/plain", b"", {}

    return answer


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Store:
    path = tmp_path_factory.mktemp("push") / "small.nq"
    path.write_text(
        "<https://w3id.org/minilat/id/mechanism/quad> <http://www.w3.org/2000/01/rdf-schema#label> \"Quad\"@en <https://w3id.org/minilat/graph/digest> .\n"
        "_:b <http://www.w3.org/2000/01/rdf-schema#label> \"x\" <https://w3id.org/minilat/graph/ontology> .\n"
        "_:b <http://www.w3.org/2000/01/rdf-schema#comment> \"y\" <https://w3id.org/minilat/graph/ontology> .\n",
        encoding="utf-8",
    )
    return Store.open(None, release=path)


def test_push_puts_each_graph_and_drops_stale_ones(small: Store) -> None:
    stale = "https://w3id.org/minilat/graph/links-sameas"
    with StandIn(store_answer([stale, "https://w3id.org/minilat/graph/digest"])) as server:
        result = push.push(f"{server.url}/sparql", small, graph_store=f"{server.url}/crud", user="minilat", password="secret")
    puts = {urllib.parse.parse_qs(urllib.parse.urlsplit(p).query)["graph"][0]: b for m, p, h, b in server.requests if m == "PUT"}
    assert set(puts) == {"https://w3id.org/minilat/graph/digest", "https://w3id.org/minilat/graph/ontology"}
    assert len(Graph().parse(data=puts["https://w3id.org/minilat/graph/ontology"].decode(), format="turtle")) == 2
    assert all(h.get("Content-Type", "").startswith("text/turtle") for m, _, h, _ in server.requests if m == "PUT")
    assert [p for m, p, _, _ in server.requests if m == "DELETE"] == [f"/crud?graph={urllib.parse.quote(stale, safe='')}"]
    assert result.graphs == {"https://w3id.org/minilat/graph/digest": 1, "https://w3id.org/minilat/graph/ontology": 2}
    assert result.dropped == [stale]


def test_push_by_sparql_update_keeps_blank_nodes_together(small: Store) -> None:
    with StandIn(store_answer([])) as server:
        push.push(f"{server.url}/sparql", small, update=f"{server.url}/update", user="minilat", password="secret")
    updates = [urllib.parse.parse_qs(b.decode())["update"][0] for m, p, _, b in server.requests if m == "POST" and p == "/update"]
    assert updates[0] == "DROP SILENT GRAPH <https://w3id.org/minilat/graph/digest>"
    ontology = [u for u in updates if "graph/ontology> {" in u]
    assert len(ontology) == 1 and ontology[0].startswith("INSERT {") and ontology[0].endswith("WHERE {}")


def test_chunks_keep_blank_node_triples_in_the_first_piece() -> None:
    lines = [f"<https://e.org/s{i}> <https://e.org/p> <https://e.org/o> ." for i in range(5)] + ['_:a <https://e.org/p> "_:b x" .', "<https://e.org/s> <https://e.org/p> _:a ."]
    pieces = push.chunks("\n".join(lines) + "\n", size=3)
    assert [p.count("\n") for p in pieces] == [3, 3, 1]
    assert "_:a <" in pieces[0] and "> _:a ." in pieces[0]


def test_bindings_open_the_where_group() -> None:
    text = 'PREFIX a: <https://e.org/#>  # ASK { comment }\nSELECT ?m WHERE { ?m a:p "WHERE {" }'
    bound = push.with_bindings(text, parse_bindings(("m=<https://e.org/quad>",)))
    assert bound.endswith('WHERE {\n  VALUES (?m) { (<https://e.org/quad>) } ?m a:p "WHERE {" }')
    assert push.form(text) == "SELECT" and push.form("# SELECT\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert push.with_bindings("ASK { ?s ?p ?o }", parse_bindings(('s="x"@en',))) == 'ASK {\n  VALUES (?s) { ("x"@en) } ?s ?p ?o }'


def test_remote_query_formats_like_local_output() -> None:
    rows = [{"l": {"type": "literal", "value": "四方安全对话", "xml:lang": "zh"}}, {"l": {"type": "literal", "value": "Quad", "xml:lang": "en"}}]
    with StandIn(lambda *a: (200, push.SELECT_TYPES, results(["l"], rows), {})) as server:
        table = push.remote_query(f"{server.url}/sparql", "SELECT ?l WHERE { ?s ?p ?l }", "table").decode()
        csv = push.remote_query(f"{server.url}/sparql", "SELECT ?l WHERE { ?s ?p ?l }", "csv", graphs=["https://w3id.org/minilat/graph/digest"]).decode()
    assert "四方安全对话 @zh" in table and table.rstrip().endswith("(2 rows)")
    assert csv.splitlines() == ["l", "四方安全对话", "Quad"]
    form = urllib.parse.parse_qs(server.requests[-1][3].decode())
    assert form["default-graph-uri"] == form["named-graph-uri"] == ["https://w3id.org/minilat/graph/digest"]


def test_remote_construct_as_turtle() -> None:
    nt = b'<https://w3id.org/minilat/id/mechanism/quad> <http://www.w3.org/2000/01/rdf-schema#label> "Quad"@en .\n'
    with StandIn(lambda *a: (200, "application/n-triples", nt, {})) as server:
        out = push.remote_query(f"{server.url}/sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "turtle")
    assert {str(o) for o in Graph().parse(data=out.decode(), format="turtle").objects()} == {"Quad"}


def test_unreachable_store_is_one_line(small: Store) -> None:
    with StandIn(lambda *a: (200, "text/plain", b"", {})) as server:
        url = server.url
    with pytest.raises(UserError, match=r"cannot reach http://127\.0\.0\.1:\d+/sparql \(no network, or nothing listening there\?\)"):
        push.push(f"{url}/sparql", small, graph_store=f"{url}/crud")


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    group = Group()
    group.add_command(push.push_command)
    with StandIn(store_answer([])) as server:
        result = CliRunner().invoke(group, ["push", "--endpoint", f"{server.url}/sparql", "--graph-store", f"{server.url}/crud", "--user", "minilat", "--password", "wrong", "--store", str(tmp_path / "s")], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "HTTP 401" in result.output and "check --user/--password" in result.output
