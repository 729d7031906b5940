"""Real clients against a real server: uvicorn in a subprocess on a free loopback port.

SPARQLWrapper, rdflib's SPARQLStore and rdflib's own dereferencing query it; headless
Chromium (Playwright driving Debian's chromium) runs a library query in the YASGUI page
and follows a result to an entity page, and no request leaves localhost. The server logs
one line per request and shuts down cleanly, workers included, on SIGTERM and SIGINT.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from processes import children, query_workers
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, N3, POST, XML, SPARQLWrapper

from minilat import library
from minilat.store import Store

QUAD = "https://w3id.org/minilat/id/mechanism/quad"
from chromium import ARGS as CHROMIUM_ARGS
from chromium import CHROMIUM

LOG_LINE = re.compile(r'INFO 127\.0\.0\.1 "(GET|POST|HEAD) (\S+)" (\d{3}) \d+B [\d.]+ms$')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``python -m minilat.server`` (= ``minilat serve``) in a subprocess."""

    def __init__(self, tmp: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"server-{self.port}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "minilat.server", "--port", str(self.port), "--workers", "2", *args],
            stdout=subprocess.DEVNULL, stderr=self.log.open("w"), start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/sparql?query=ASK%7B%7D", timeout=1).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.log.read_text()) from None
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + self.log.read_text())

    def workers(self) -> list[int]:
        """The query worker processes (forked by the template, the server's child)."""
        return query_workers(self.proc.pid)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(15)

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("live"))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def engine():
    return Store.open()


def test_sparqlwrapper_select_ask_construct(server, engine):
    q = library.get("mechanism-members")
    sparql = SPARQLWrapper(f"{server.url}/sparql")
    sparql.setQuery(q.text)
    sparql.setReturnFormat(JSON)
    bindings = sparql.query().convert()["results"]["bindings"]
    assert len(bindings) == len(list(engine.query(q.text)))
    quad = {b["state_en"]["value"] for b in bindings if b["mechanism"]["value"] == QUAD and b["layer"]["value"] == "digest"}
    assert quad == {"Australia", "India", "Japan", "United States"}
    sparql.setMethod(POST)
    sparql.setReturnFormat(XML)
    sparql.setQuery(f"ASK {{ <{QUAD}> <http://www.w3.org/2000/01/rdf-schema#label> \"四方安全对话\"@zh }}")
    assert sparql.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    sparql.setReturnFormat(N3)
    sparql.setQuery(f"CONSTRUCT WHERE {{ <{QUAD}> ?p ?o }}")
    graph = Graph().parse(data=sparql.query().convert(), format="turtle")
    assert (URIRef(QUAD), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Quadrilateral Security Dialogue", lang="en")) in graph


def test_rdflib_sparqlstore(server, engine):
    graph = Graph(store=SPARQLStore(f"{server.url}/sparql", returnFormat="json"))
    labels = {(str(r.l), r.l.language) for r in graph.query(f"SELECT ?l WHERE {{ <{QUAD}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")}
    assert labels == {("四方安全对话", "zh"), ("Quadrilateral Security Dialogue", "en")}
    q = library.get("mechanisms-by-type")
    assert len(list(graph.query(q.text))) == len(list(engine.query(q.text)))
    assert (URIRef(QUAD), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("四方安全对话", lang="zh")) in graph


def test_rdflib_dereferences_entities_and_the_ontology(server):
    g = Graph().parse(f"{server.url}/id/mechanism/quad")
    assert (URIRef(QUAD), URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("四方安全对话", lang="zh")) in g
    onto = Graph().parse(f"{server.url}/ontology")
    assert (URIRef("https://w3id.org/minilat/ontology"), None, None) in onto


def test_one_log_line_per_request(server):
    time.sleep(0.3)  # lines are written in batches, at most 0.1 s apart
    before = len([line for line in server.lines() if LOG_LINE.search(line)])
    for path in ["/sparql?query=ASK%7B%7D", "/id/mechanism/quad", "/nope", "/static/minilat.css"]:
        try:
            urllib.request.urlopen(server.url + path, timeout=5).read()
        except OSError:
            pass
    time.sleep(0.3)
    entries = [LOG_LINE.search(line) for line in server.lines()]
    entries = [m for m in entries if m]
    assert len(entries) - before == 4
    assert [(m.group(2), m.group(3)) for m in entries[-4:]] == [("/sparql?query=ASK%7B%7D", "200"), ("/id/mechanism/quad", "200"), ("/nope", "404"), ("/static/minilat.css", "200")]


def test_browser_runs_a_library_query_and_opens_an_entity(server, engine):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    q = library.get("mechanism-members")
    expected = len(list(engine.query(q.text)))
    requests: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()

        def guard(route):
            requests.append(route.request.url)
            if urlsplit(route.request.url).hostname in {"127.0.0.1", "localhost"} or route.request.url.startswith("data:"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{server.url}/query")
        page.wait_for_selector(".yasqe .CodeMirror")
        page.click(f"a.library-query[data-name={q.name}]")
        page.wait_for_selector(".yasr table tbody tr", timeout=15000)
        summary = page.inner_text(".yasr")
        assert f"{expected} results" in summary
        assert "Quadrilateral Security Dialogue" in summary or "id:mechanism/quad" in summary
        link = page.locator(".yasr a[href='/id/mechanism/quad']").first
        link.click()
        page.wait_for_url(f"{server.url}/id/mechanism/quad")
        heading = page.inner_text("h1")
        assert "四方安全对话" in heading and "Quadrilateral Security Dialogue" in heading
        assert page.locator("a.passage").count() >= 3
        browser.close()
    outside = [u for u in requests if urlsplit(u).hostname not in {"127.0.0.1", "localhost"} and not u.startswith("data:")]
    assert outside == []
    assert any(u.endswith("/sparql") for u in requests)
    assert problems == []


def test_sigterm_and_sigint_stop_cleanly_with_the_workers(tmp_path):
    for sig in (signal.SIGTERM, signal.SIGINT):
        srv = Server(tmp_path)
        workers = srv.workers() + children(srv.proc.pid)  # and the template they are forked from
        assert len(workers) == 2 + 1 + 1 and all(alive(w) for w in workers)  # --workers 2, the slow lane's standby worker
        assert srv.stop(sig) == 0
        deadline = time.time() + 5
        while any(alive(w) for w in workers) and time.time() < deadline:
            time.sleep(0.1)
        assert not any(alive(w) for w in workers)
        log = srv.log.read_text()
        assert "Traceback" not in log and "Finished server process" in log
