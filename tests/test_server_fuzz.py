"""No request ever yields 500: hypothesis sends over 5,000 generated queries, headers,
parameters, bodies and paths through the app, with the real worker pool behind it.

The app runs in process under Starlette's TestClient (lifespan, event loop); requests are
handed to it as raw ASGI messages through the client's portal, which is faster than going
through an HTTP client and lets the fuzz send what a client library would refuse to build
(control characters, invalid UTF-8, malformed percent-escapes, odd header bytes).
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from minilat import library
from minilat.server import Config, create_app

SENT = {"sparql": 0, "routes": 0}
SPARQL_EXAMPLES = 3200
ROUTE_EXAMPLES = 2000

FRAGMENTS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "*", ".", ";", ",", "?s", "?p", "?o", "$x",
    "<https://w3id.org/minilat/id/mechanism/quad>", "<http://127.0.0.1:9/>", "<", ">", "<=", "a", '"lit"', "'x'@zh", '"""long\nstring"""',
    "FILTER(", "BIND(", "AS", "VALUES", "OPTIONAL", "UNION", "MINUS", "GRAPH", "FROM", "NAMED", "LIMIT", "OFFSET", "1", "1.5", "-0e3",
    "ORDER BY", "GROUP BY", "COUNT(*)", "DISTINCT", 'REGEX(?o, "(a+)+$")', "STR(?s)", "NOW()", "RAND()", "PREFIX ex: <http://e/>", "ex:a",
    "rdfs:label", "SERVICE", "SILENT", "\\u0053ERVICE", "\\u", "\\U0010FFFF", "INSERT", "DATA", "DELETE", "LOAD", "DROP", "#", "\n",
    "_:b", "[]", "^^", "<<", ">>", "|", "/", "^", "+", "?", "\\", "\x00", "😀", "四方安全对话", "%", "&&", "||", "!", "true",
]
LIBRARY = [q.text for q in library.library().values()]
GRAPHS = ["https://w3id.org/minilat/graph/digest", "https://w3id.org/minilat/graph/inferred", "urn:x:none", "not an iri", "", "<x>", "http://[::1"]
ACCEPTS = [
    "*/*", "text/html", "application/sparql-results+json", "text/csv;q=0.1, text/turtle", "application/ld+json", "text/plain",
    "application/*;q=0.5", "garbage", "text/csv;q=x", "*/*;q=0", ";;,", "text/turtle;q=1.5", "application/sparql-query",
]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update", "text/plain",
                 "multipart/form-data; boundary=x", "", "application/sparql-query; charset=latin-1", "application/x-www-form-urlencoded; charset=utf-16"]

header_value = st.one_of(st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60).map(lambda s: s.encode("latin-1")), st.sampled_from([a.encode() for a in ACCEPTS]))
header_names = st.sampled_from([b"accept", b"content-type", b"authorization", b"origin", b"content-length", b"access-control-request-method", b"x-junk", b"accept"])
headers = st.lists(st.tuples(header_names, header_value), max_size=4)
queries = st.one_of(
    st.sampled_from(LIBRARY),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join),
    st.text(max_size=200),
    st.sampled_from(LIBRARY).flatmap(lambda q: st.integers(0, len(q)).map(lambda i: q[:i])),
)
params = st.lists(
    st.tuples(
        st.sampled_from(["default-graph-uri", "named-graph-uri", "format", "output", "update", "query", "x"]),
        st.one_of(st.sampled_from(GRAPHS + ["json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "rdfxml", "html", "bogus"]), st.text(max_size=30)),
    ),
    max_size=3,
)
raw_query_strings = st.one_of(st.binary(max_size=80), st.sampled_from([b"query=%", b"query=%ZZ", b"query=%C3%28", b"query=&&&=", b"format=%00", b"query=a&query=b"]))


async def call(app, method: str, path: str, query: bytes, head: list[tuple[bytes, bytes]], body: bytes) -> tuple[int, dict[bytes, bytes], bytes]:
    """One raw ASGI request; the status, headers and body of the response."""
    done = asyncio.Event()
    delivered = False
    start: dict = {}
    chunks: list[bytes] = []

    async def receive() -> dict:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                done.set()

    scope = {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": quote(path).encode(), "root_path": "", "query_string": query,
        "headers": [(b"host", b"testserver"), *head], "client": ("127.0.0.1", 40000), "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    done.set()
    return start.get("status", 0), dict(start.get("headers", [])), b"".join(chunks)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Config(workers=2, timeout=2.0, max_rows=200, log_requests=False))) as c:
        yield c


def send(client: TestClient, method: str, path: str, query: bytes, head: list, body: bytes = b"") -> None:
    status, response_headers, content = client.portal.call(call, client.app, method, path, query, head, body)
    assert status != 500, content[:500]
    assert 200 <= status < 500 or status == 503, (status, content[:300])
    assert b"content-type" in response_headers or status in {204, 304} or not content


@settings(max_examples=SPARQL_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(query=queries, extra=params, head=headers, how=st.sampled_from(["GET", "POST-form", "POST-body", "GET-raw"]), content_type=st.sampled_from(CONTENT_TYPES), raw=raw_query_strings)
def test_fuzz_sparql_endpoint(client, query, extra, head, how, content_type, raw):
    SENT["sparql"] += 1
    text = query.encode("utf-8", "surrogatepass")
    if how == "GET":
        send(client, "GET", "/sparql", urlencode([("query", query), *extra], encoding="utf-8", errors="surrogatepass").encode(), head)
    elif how == "GET-raw":
        send(client, "GET", "/sparql", raw, head)
    elif how == "POST-form":
        body = urlencode([("query", query), *extra], encoding="utf-8", errors="surrogatepass").encode()
        send(client, "POST", "/sparql", b"", [(b"content-type", b"application/x-www-form-urlencoded"), *head], body)
    else:
        send(client, "POST", "/sparql", urlencode(extra).encode(), [(b"content-type", content_type.encode()), *head], text)


paths = st.one_of(
    st.sampled_from(["/", "/sparql", "/query", "/ontology/0.1.0", "/.well-known/void", "/download/", "/download/minilat.trig",
                     "/id/mechanism/quad", "/id/state/AUS", "/id/digest/minilateralism/text", "/graph/inferred", "/query/mechanism-members",
                     "/static/minilat.css", "/static/vendor/yasgui.min.css", "/id/", "/graph/", "/nope", "/static/../../pyproject.toml"]),
    st.tuples(st.sampled_from(["/id/", "/graph/", "/query/", "/download/", "/ontology/", "/static/", "/graphs/", "/", "/id/annotation/"]), st.text(max_size=40)).map("".join),
)
route_values = st.sampled_from(["html", "turtle", "nt", "jsonld", "rdfxml", "text", "5577", "-1", "99999999999999999999", "abc"])
route_params = st.lists(st.tuples(st.sampled_from(["format", "output", "start", "end", "query", "x"]), st.one_of(route_values, st.text(max_size=20))), max_size=3)


@settings(max_examples=ROUTE_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(path=paths, extra=route_params, head=headers, method=st.sampled_from(["GET", "GET", "GET", "HEAD", "OPTIONS", "DELETE", "POST", "PUT"]), raw=raw_query_strings, use_raw=st.booleans())
def test_fuzz_every_route(client, path, extra, head, method, raw, use_raw):
    SENT["routes"] += 1
    if path.startswith("/ontology"):
        extra = [*extra, ("format", "turtle")]  # the pyLODE page is tested elsewhere; keep the fuzz fast
        use_raw = False
    query = raw if use_raw else urlencode(extra, encoding="utf-8", errors="surrogatepass").encode()
    send(client, method, path, query, head)


def test_fuzz_sent_at_least_5000_requests():
    if not all(SENT.values()):
        pytest.skip("run together with the two fuzz tests")
    assert sum(SENT.values()) >= 5000
