"""A slow query must not starve cheap ones: the fast lane, the slow lane and the queue of a
real server (``python -m minilat.server`` in a subprocess, real worker processes).

Nothing here asserts a duration: each step waits (with a generous ceiling) for the server to
report the state it needs in its debug log, then asserts what a client gets.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from urllib.parse import urlencode

import pytest
from processes import query_workers

QUAD = "https://w3id.org/minilat/id/mechanism/quad"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LABEL = f'SELECT ?label WHERE {{ <{QUAD}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?label'
LABELS = ["Quadrilateral Security Dialogue", "四方安全对话"]


class Server:
    """The server in a subprocess on a free loopback port, logging at debug level."""

    def __init__(self, tmp: Path, *args: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = tmp / f"server-{self.port}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "minilat.server", "--port", str(self.port), "--cache", "0", "--log-level", "debug", *args],
            stdout=subprocess.DEVNULL, stderr=self.log.open("w"), start_new_session=True,
        )
        self.wait_for("Uvicorn running on")  # the socket is bound only after the application's startup completes

    def text(self) -> str:
        return self.log.read_text()

    def wait_for(self, needle: str, count: int = 1, ceiling: float = 60) -> None:
        """Until the log holds ``needle`` ``count`` times (the ceiling only stops a broken run)."""
        deadline = time.time() + ceiling
        while self.text().count(needle) < count:
            if self.proc.poll() is not None or time.time() > deadline:
                raise AssertionError(f"never logged {needle!r}:\n{self.text()[-3000:]}")
            time.sleep(0.05)

    def workers(self) -> list[int]:
        return query_workers(self.proc.pid)

    def get(self, query: str) -> tuple[int, Message, bytes]:
        url = f"http://127.0.0.1:{self.port}/sparql?" + urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def page(self, path: str) -> tuple[int, str]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()

    def in_background(self, query: str) -> tuple[threading.Thread, list]:
        answer: list = []

        def run() -> None:
            try:
                answer.append(self.get(query))
            except OSError as exc:  # the server stopped under it at the end of the test
                answer.append(exc)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread, answer

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)


def nice(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def cpu(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def labels(body: bytes) -> list[str]:
    return [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]


@pytest.fixture
def server(tmp_path):
    servers: list[Server] = []

    def start(*args: str) -> Server:
        servers.append(Server(tmp_path, *args))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


def test_cheap_requests_answer_while_a_slow_query_holds_the_slow_lane(server):
    s = server("--workers", "1", "--timeout", "60", "--budget", "0.2", "--slow-lane", "1")
    slow, slow_answer = s.in_background(CARTESIAN)
    s.wait_for("moved to the slow lane (1 of 1)")
    # the only fast worker was replaced by the spare: a cheap SELECT and an entity page answer
    status, _, body = s.get(LABEL)
    assert status == 200 and sorted(labels(body)) == LABELS
    status, html = s.page("/id/mechanism/quad")
    assert status == 200 and "Quadrilateral Security Dialogue" in html
    assert slow.is_alive() and slow_answer == []
    # the slow query's worker (the busiest) runs at a lower CPU priority than the fast lane's
    busiest, *others = sorted(s.workers(), key=cpu, reverse=True)
    assert nice(busiest) == 10 and 0 in [nice(pid) for pid in others]
    # a second long query finds the slow lane full: refused with a reason and a Retry-After
    status, headers, body = s.get(CARTESIAN + " # another")
    assert status == 503 and headers["Retry-After"].isdigit()
    assert "runs longer than the 0.2 s first budget, and the slow lane is busy with a long query" in body.decode()
    # asked again it is refused at once, without taking a fast worker: nothing more moved to the slow lane
    started = s.text().count("started on worker")
    status, _, body = s.get(CARTESIAN + " # another")
    assert status == 503 and "slow lane is busy" in body.decode()
    assert s.text().count("started on worker") == started and s.text().count("moved to the slow lane") == 1
    status, _, body = s.get(LABEL + " # still cheap")
    assert status == 200 and sorted(labels(body)) == LABELS
    assert slow.is_alive()


def test_a_full_queue_is_refused_with_503_and_retry_after(server):
    s = server("--workers", "1", "--slow-lane", "0", "--timeout", "60", "--queue", "1")
    slow, _ = s.in_background(CARTESIAN)
    s.wait_for("job query started on worker")
    waiting, waiting_answer = s.in_background(LABEL)
    s.wait_for("a job waits for a query worker (1 waiting)")
    status, headers, body = s.get(LABEL + " # one too many")
    assert status == 503 and headers["Retry-After"].isdigit()
    assert body.decode().strip() == "the server is busy: 1 requests are already waiting for a query worker; retry in a moment"
    assert waiting.is_alive() and waiting_answer == [] and slow.is_alive()


def test_waiting_behind_a_slow_query_does_not_count_against_the_time_limit(server):
    # one worker, no slow lane, a 2 s limit: the cheap query waits behind the slow one for
    # longer than its own limit, then runs on the replacement worker and answers
    s = server("--workers", "1", "--slow-lane", "0", "--timeout", "2", "--queue-wait", "120")
    slow, slow_answer = s.in_background(CARTESIAN)
    s.wait_for("job query started on worker")
    cheap, cheap_answer = s.in_background(LABEL)
    s.wait_for("a job waits for a query worker (1 waiting)")
    slow.join(120)
    cheap.join(120)
    status, _, body = slow_answer[0]
    assert status == 503 and body.decode().strip() == "the query was stopped after the 2 s time limit"
    status, _, body = cheap_answer[0]
    assert status == 200 and sorted(labels(body)) == LABELS


def test_a_worker_killed_from_outside_is_replaced(server):
    s = server("--workers", "2")
    before = s.workers()
    assert len(before) == 3  # two in the fast lane and a spare
    os.kill(before[0], signal.SIGKILL)
    s.wait_for(f"query worker {before[0]} exited unexpectedly")
    deadline = time.time() + 60
    while (len(s.workers()) < 3 or before[0] in s.workers()) and time.time() < deadline:
        time.sleep(0.05)
    after = s.workers()
    assert len(after) == 3 and before[0] not in after and set(before[1:]) <= set(after)
    for i in range(4):  # every worker answers
        status, _, body = s.get(LABEL + f" # {i}")
        assert status == 200 and sorted(labels(body)) == LABELS
    s.stop()
    assert not any(Path(f"/proc/{pid}").exists() for pid in after)
