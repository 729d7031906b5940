"""Safe when exposed: read-only, no outbound requests, time limits that really stop work,
updates only with the token — each shown against the real worker pool."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from minilat.server import Config, create_app

TIMEOUT = 2.0
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TOKEN = "test-token-0123456789abcdef"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Config(workers=2, timeout=TIMEOUT, log_requests=False))) as c:
        yield c


@pytest.fixture
def listener():
    """A TCP listener on loopback that records every connection it receives."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    hits: list[bytes] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            conn.settimeout(1)
            try:
                hits.append(conn.recv(4096))
            except OSError:
                hits.append(b"")
            conn.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


def total(client: TestClient) -> int:
    return int(client.get("/sparql", params={"query": COUNT}).json()["results"]["bindings"][0]["n"]["value"])


UPDATES = [
    "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP ALL",
    "CREATE GRAPH <urn:x:g>",
    "ADD DEFAULT TO <urn:x:g>",
    "MOVE DEFAULT TO <urn:x:g>",
    "COPY DEFAULT TO <urn:x:g>",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/> \\u0044ROP ALL",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_with_403(client, update):
    before = total(client)
    attempts = [
        client.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-update"}),
        client.post("/sparql", data={"update": update}),
        client.get("/sparql", params={"update": update}),
        client.get("/sparql", params={"query": update}),
        client.post("/sparql", data={"query": update}),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert "read-only" in attempts[0].text
    assert total(client) == before


def service_queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?svc {{ <{url}> }} SERVICE ?svc {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?svc) SERVICE SILENT ?svc {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERV\\u0049CE<{url}>{{ ?s ?p ?o }} }}",
        f"PREFIX ex: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICEex:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX SERVICE: <urn:x:> PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y 1SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ SERVICE <{url}> {{ }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o }} #\n SERVICE <{url}> {{ }}",
    ]


def test_the_engine_alone_would_call_out(listener):
    """The hazard is real: pyoxigraph itself sends SERVICE requests (so the listener works)."""
    port, hits = listener
    with pytest.raises(Exception):  # noqa: B017 - the listener answers nothing useful
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
    deadline = time.time() + 2
    while not hits and time.time() < deadline:
        time.sleep(0.05)
    assert hits and hits[0].startswith(b"POST /sparql")


def test_service_is_refused_and_nothing_leaves(client, listener):
    port, hits = listener
    for query in service_queries(port):
        for response in (
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"}),
        ):
            assert response.status_code == 400, (query, response.status_code, response.text)
            assert "SERVICE" in response.text
    time.sleep(0.3)
    assert hits == []


def test_literals_and_iris_mentioning_service_still_run(client):
    ok = client.get("/sparql", params={"query": 'SELECT * WHERE { BIND("SERVICE <http://x/> {}" AS ?x) } # SERVICE'})
    assert ok.status_code == 200
    pname = client.get("/sparql", params={"query": "PREFIX s: <http://example.org/> SELECT * WHERE { ?x s:service ?y }"})
    assert pname.status_code == 200 and pname.json()["results"]["bindings"] == []


def test_workers_have_no_network_when_the_kernel_allows(client, listener):
    """Defence in depth: even a SERVICE that reached a worker could not connect."""
    port, hits = listener
    pool = client.app.state.runtime.pool
    if not all(w.sandboxed for w in pool.workers):
        pytest.skip("no network namespace available here")
    job = {"op": "query", "text": f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}", "formats": {"solutions": "json"}, "max_rows": 10}
    answer = client.portal.call(pool.run, job, 5.0)
    assert answer["status"] == 200
    time.sleep(0.3)
    assert hits == []


def test_pathological_query_is_stopped_while_others_are_answered(client):
    pool = client.app.state.runtime.pool
    before, killed = set(pool.pids), pool.killed
    with ThreadPoolExecutor(4) as executor:
        started = time.monotonic()
        slow = executor.submit(client.get, "/sparql", params={"query": CARTESIAN})
        time.sleep(0.2)
        fast: list[tuple[int, float]] = []
        while not slow.done():
            t = time.monotonic()
            r = client.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a ?c }} # {len(fast)}"})
            fast.append((r.status_code, time.monotonic() - t))
        response = slow.result()
        elapsed = time.monotonic() - started
    assert response.status_code == 503 and "time limit" in response.text
    assert TIMEOUT - 0.1 <= elapsed < TIMEOUT + 3
    assert len(fast) >= 5 and all(status == 200 for status, _ in fast)
    assert max(seconds for _, seconds in fast) < TIMEOUT
    deadline = time.time() + 10
    while len(pool.pids) < pool.size and time.time() < deadline:
        time.sleep(0.1)
    assert pool.killed == killed + 1
    assert len(pool.pids) == pool.size and set(pool.pids) != before
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_several_pathological_queries_at_once_all_get_503(client):
    with ThreadPoolExecutor(4) as executor:
        futures = [executor.submit(client.get, "/sparql", params={"query": CARTESIAN + f" # {i}"}) for i in range(4)]
        statuses = [f.result().status_code for f in futures]
    assert statuses == [503] * 4
    deadline = time.time() + 15
    while client.get("/sparql", params={"query": "ASK {}"}).status_code != 200 and time.time() < deadline:
        time.sleep(0.2)
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_memory_hungry_query_gets_503_not_500(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"})
    assert response.status_code == 503


def test_entity_pages_are_also_time_limited(client):
    pool = client.app.state.runtime.pool
    answer = client.portal.call(pool.run, {"op": "page", "iri": "https://w3id.org/minilat/id/mechanism/quad", "path": "/id/mechanism/quad", "views": "/nonexistent"}, 5.0)
    assert answer["status"] == 200 and "Quadrilateral Security Dialogue" in answer["html"].decode()
    with pytest.raises(Exception, match="time limit"):
        client.portal.call(pool.run, {"op": "query", "text": CARTESIAN, "formats": {"solutions": "json"}, "max_rows": 1}, 0.5)


# --- updates when enabled ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def writable():
    with TestClient(create_app(Config(workers=2, timeout=5, allow_update=True, update_token=TOKEN, log_requests=False))) as c:
        yield c


def ask(client: TestClient, text: str) -> bool:
    return client.get("/sparql", params={"query": text}).json()["boolean"]


def test_updates_need_the_bearer_token(writable, listener):
    client = writable
    update = "INSERT DATA { <urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> \"added\" }"
    headers = {"content-type": "application/sparql-update"}
    missing = client.post("/sparql", content=update.encode(), headers=headers)
    assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post("/sparql", content=update.encode(), headers=headers | {"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert ask(client, "ASK { <urn:x:a> ?p ?o }") is False
    ok = client.post("/sparql", content=update.encode(), headers=headers | {"authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 204
    # every worker sees it (more queries than workers, none cached: each differs)
    assert all(ask(client, f"ASK {{ <urn:x:a> ?p \"added\" }} # {i}") for i in range(6))
    form = client.post("/sparql", data={"update": "DELETE DATA { <urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> \"added\" }"}, headers={"authorization": f"Bearer {TOKEN}"})
    assert form.status_code == 204 and ask(client, "ASK { <urn:x:a> ?p ?o } # gone") is False
    port, hits = listener
    for outbound in (f"LOAD <http://127.0.0.1:{port}/x.ttl>", f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{port}/s> {{ ?s ?p ?o }} }}"):
        refused = client.post("/sparql", content=outbound.encode(), headers=headers | {"authorization": f"Bearer {TOKEN}"})
        assert refused.status_code == 400
    assert client.get("/sparql", params={"update": update}, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 400
    bad = client.post("/sparql", content=b"INSERT DATA { oops }", headers=headers | {"authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400 and "error at" in bad.text
    time.sleep(0.3)
    assert hits == []


def test_updates_persist_in_the_store_directory(tmp_path):
    config = Config(workers=2, allow_update=True, update_token=TOKEN, store_dir=tmp_path / "store", log_requests=False)
    update = "INSERT DATA { <urn:x:kept> <urn:x:p> \"kept\" }"
    with TestClient(create_app(config)) as first:
        assert first.post("/sparql", data={"update": update}, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 204
    with TestClient(create_app(Config(workers=2, store_dir=tmp_path / "store", log_requests=False))) as again:
        assert ask(again, "ASK { <urn:x:kept> <urn:x:p> \"kept\" }") is True
        assert again.post("/sparql", data={"update": update}).status_code == 403


def test_pool_survives_a_cancelled_request(client):
    """A request abandoned mid-job costs its worker (killed, replaced), never a stuck pool."""
    pool = client.app.state.runtime.pool

    async def abandon() -> None:
        task = asyncio.ensure_future(pool.run({"op": "query", "text": CARTESIAN, "formats": {"solutions": "json"}, "max_rows": 1}, 10))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    client.portal.call(abandon)
    deadline = time.time() + 10
    while len(pool.pids) < pool.size and time.time() < deadline:
        time.sleep(0.1)
    assert len(pool.pids) == pool.size
    assert client.get("/sparql", params={"query": "ASK {} # after cancel"}).status_code == 200
