"""Query worker processes: ``python -m minilat.server.worker SNAPSHOT --control FD --server PID [--memory-mb N] [--generation N]``.

That command starts the **template** for the server ``PID``: it cuts itself off from the
network when the kernel allows it (a fresh network namespace), limits its address space,
dies with the server, and loads the dataset into its in-memory store. It then forks a query
worker for each socket the server sends it over the control socket (``FD``, a Unix
SOCK_SEQPACKET socket), and reloads the store when told of a new dataset version. A forked
worker answers jobs read from its socket, each a length-prefixed pickle (see ``process``),
and dies with the template.

Forking shares the loaded store between the workers: their pages stay one copy in memory
until written, so on a busy machine the workers find more of it in the CPU caches (and a
worker is replaced in milliseconds, without loading anything). The server kills a worker
whose job overruns the time limit and forks another, which is how a query is really
stopped: pyoxigraph's Python API has no timeout.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import resource
import signal
import socket
import struct
import sys
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from minilat.errors import UserError
from minilat.server import describe, entity, entitypage, results
from minilat.store import QueryError, Store, one_line

HEADER = struct.Struct(">Q")
CLONE_NEWNET, CLONE_NEWUSER = 0x40000000, 0x10000000
PR_SET_PDEATHSIG = 1
OPS = {"query", "update", "load", "page", "document", "graph", "void", "stats", "index"}
LIBC = ctypes.CDLL(None, use_errno=True)  # prctl and unshare, which the os module lacks
EMPTY = "urn:x-minilat:empty"  # a graph that does not exist: an empty default graph or named-graph set


def read_frame(stream: BinaryIO) -> object | None:
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    return pickle.loads(stream.read(size))


def frame(message: object) -> bytes:
    """``message`` as it crosses a worker's socket: its pickle, after its length."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def write_frame(stream: BinaryIO, message: object) -> None:
    stream.write(frame(message))
    stream.flush()


def die_with(parent: int) -> None:
    """Be killed when ``parent`` exits (not inherited by a fork: each process asks), and exit now
    if it already has (this process was handed to another parent before asking)."""
    LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def batch() -> None:
    """Run as a batch task (SCHED_BATCH, inherited by the forked workers): a worker woken by a
    job no longer preempts the event loop or another worker mid-job; it waits for the
    scheduler's tick. Every preemption left the interrupted job to resume with cold caches:
    measured with the load benchmark's uncached mix (two servers loaded in turn in 3 s
    slices), batch workers answered 3.6% more requests, faster in 11 of 12 slices."""
    try:
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
    except (OSError, AttributeError):  # not Linux, or not allowed: the default policy
        pass


def isolate(memory_mb: int, parent: int) -> bool:
    """Die with ``parent``, cap memory, no core files, run as a batch task; drop network access if the kernel lets us."""
    die_with(parent)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    batch()
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if LIBC.unshare(flags) == 0:
            return True
    return False


def no_service(text: str, update: bool) -> str | None:
    """Confirm with a real parse (rdflib's algebra) that a query mentioning "service"/"load" has no SERVICE or LOAD."""
    from rdflib.plugins.sparql import parser

    try:
        tree = parser.parseUpdate(text) if update else parser.parseQuery(text)
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot verify"
        return f"query mentions SERVICE or LOAD and could not be verified to be free of them ({type(exc).__name__})"
    stack, seen = [tree], 0
    while stack and seen < 1_000_000:
        node, seen = stack.pop(), seen + 1
        name = getattr(node, "name", None)
        if name in {"ServiceGraphPattern", "Load"}:
            return "SERVICE and LOAD are not allowed: this endpoint makes no outbound requests"
        if isinstance(node, dict):
            stack.extend(node.values())
        if isinstance(node, list | tuple) or hasattr(node, "asList"):
            stack.extend(list(node))
    return None


class Worker:
    """The store and the job handlers."""

    def __init__(self, snapshot: Path) -> None:
        self.store = Store()
        self.store.load(snapshot)
        self.labels = entity.Labels(self.store)
        entitypage.warm()  # templates compiled before the first job, so no page spends its first budget on them

    def query(self, job: dict) -> dict:
        if job.get("verify") and (problem := no_service(job["text"], update=False)):
            return {"status": 400, "message": problem}
        default, named = job.get("default_graph") or [], job.get("named_graphs") or []
        if default or named:
            default, named = default or [EMPTY], named or [EMPTY]
        options = {"base": job["base"]} if job.get("base") else {}
        def run() -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
            return self.store.query(job["text"], union=job.get("union", True), default_graph=default, named_graphs=named, **options)

        result = run()
        formats, limit = job["formats"], job["max_rows"]
        if isinstance(result, ox.QueryBoolean):
            kind = "boolean"
        else:
            kind = "graph" if isinstance(result, ox.QueryTriples) else "solutions"
        fmt = formats.get(kind)
        if fmt is None:
            return {"status": 406, "kind": kind}
        if kind == "boolean":
            return {"status": 200, "kind": kind, "format": fmt, "body": results.boolean(bool(result), fmt), "rows": 1, "truncated": False}
        if kind == "graph":
            triples, truncated = results.capped(result, limit)
            return {"status": 200, "kind": kind, "format": fmt, "body": results.graph(triples, fmt), "rows": len(triples), "truncated": truncated}
        assert isinstance(result, ox.QuerySolutions)
        if (body := results.native(result, fmt, limit)) is not None:
            return {"status": 200, "kind": kind, "format": fmt, "body": body, "truncated": False}
        result = run()  # there may be more than the cap: again, written in Python up to it
        assert isinstance(result, ox.QuerySolutions)
        variables = [v.value for v in result.variables]
        rows, truncated = results.capped(map(tuple, result), limit)  # a solution iterates its values in variable order
        return {"status": 200, "kind": kind, "format": fmt, "body": results.solutions(variables, rows, fmt), "truncated": truncated}

    def update(self, job: dict) -> dict:
        if job.get("verify") and (problem := no_service(job["text"], update=True)):
            return {"status": 400, "message": problem}
        try:
            self.store.engine.update(job["text"], base_iri=job.get("base"))
            self.labels = entity.Labels(self.store)
        except SyntaxError as exc:
            return {"status": 400, "message": f"update syntax: {' '.join(str(exc).split())}"}
        except (OSError, RuntimeError, ValueError) as exc:
            return {"status": 400, "message": f"update failed: {' '.join(str(exc).split())}"}
        Path(job["snapshot"]).write_bytes(self.store.dump(ox.RdfFormat.N_QUADS))
        return {"status": 204}

    def load(self, job: dict) -> dict:
        self.store = Store()
        self.store.load(Path(job["snapshot"]))
        self.labels = entity.Labels(self.store)
        return {"status": 200}

    def gather(self, job: dict) -> dict:
        """The data of an entity's page (``page`` answers with it when it renders nothing)."""
        try:
            data = entity.gather(self.store, job["iri"], self.labels)
        except ValueError:
            data = None
        return {"status": 200 if data else 404, "data": data}

    def page(self, job: dict) -> dict:
        """An entity's HTML page (``html``), or its data when it is a digest text (the server reads the file)."""
        answer = self.gather(job)
        data = answer["data"]
        if data is None or data["text"] is not None or not job.get("render", True):
            return answer
        return {"status": 200, "html": entitypage.html(data, job["path"], Path(job["views"])).encode()}

    def document(self, job: dict) -> dict:
        try:
            triples = entity.document(self.store, job["iri"])
        except ValueError:
            triples = []
        if not triples:
            return {"status": 404}
        if job["format"] == "jsonld":  # compacted with the published context, like the release file
            from minilat.pipeline.release import (
                jsonld,  # rdflib: imported on first use, not at every worker start
            )

            return {"status": 200, "body": jsonld.compact(results.graph(triples, "nt"))}
        return {"status": 200, "body": results.graph(triples, job["format"])}

    def graph(self, job: dict) -> dict:
        if job["graph"] not in self.store.graphs():
            return {"status": 404}
        quads = ox.parse(self.store.dump(ox.RdfFormat.N_TRIPLES, graph=job["graph"]), format=ox.RdfFormat.N_TRIPLES)
        return {"status": 200, "body": results.graph([q.triple for q in quads], job["format"])}

    def void(self, job: dict) -> dict:
        """The dataset description (VoID + DCAT) from the build's generator, over this store; the
        release files in ``release`` (a folder) as distributions, ``endpoint`` as the endpoint."""
        # rdflib and the linking tables: imported on first use, not at every worker start
        from minilat.pipeline.release import void

        folder = Path(job["release"]) if job.get("release") else None
        graph = void.served(self.store, folder, job.get("endpoint") or void.PUBLIC_ENDPOINT)
        triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return {"status": 200, "body": results.graph([t.triple for t in triples], job["format"])}

    def stats(self, job: dict) -> dict:
        return {"status": 200, "data": describe.stats(self.store)}

    def index(self, job: dict) -> dict:
        """Entities by class, for the home page."""
        query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?x ?e ?label WHERE { ?e a ?x . OPTIONAL { ?e rdfs:label ?label FILTER(lang(?label) = \"en\") } } ORDER BY ?label"
        out: dict[str, list] = {}
        for cls in job["classes"]:
            rows = self.store.query(query, bindings={"x": ox.NamedNode(cls)})
            out[cls] = sorted({(r["e"].value, r["label"].value if r["label"] else None) for r in rows}, key=lambda p: (p[1] or p[0]).casefold())
        return {"status": 200, "data": out}

    def handle(self, job: dict) -> dict:
        """Run one job; errors in the query come back as 400, never as a dead worker."""
        if job.get("op") not in OPS:
            return {"status": 400, "message": f"unknown job {job.get('op')!r}"}
        try:
            return getattr(self, job["op"])(job)
        except (QueryError, UserError) as exc:
            return {"status": 400, "message": exc.message}
        except MemoryError:
            return {"status": 503, "message": "the query ran out of memory"}
        except (RuntimeError, OSError, ValueError, TypeError) as exc:  # raised while results stream
            return {"status": 400, "message": f"query failed: {one_line(str(exc))}"}


def serve(worker: Worker, channel: int, info: dict) -> None:
    """Answer the jobs read from ``channel`` (a socket) until the server closes it."""
    channel_in = os.fdopen(channel, "rb")
    channel_out = os.fdopen(os.dup(channel), "wb")
    write_frame(channel_out, info)
    while (job := read_frame(channel_in)) is not None:
        write_frame(channel_out, worker.handle(job))


def fork(worker: Worker, channel: int, control: socket.socket, info: dict) -> None:
    """A query worker answering on ``channel``, forked from this template (which returns at once)."""
    template = os.getpid()
    if os.fork():
        os.close(channel)
        return
    status = 0
    try:
        control.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        die_with(template)
        serve(worker, channel, {**info, "pid": os.getpid()})
    except BaseException:  # noqa: BLE001 - whatever happens, never return into the template's loop
        status = 1
    finally:
        os._exit(status)


def template(snapshot: Path, memory_mb: int, generation: int, control: socket.socket, server: int) -> None:
    """Load the dataset (version ``generation``), then fork workers and reload on the server's
    word, until it closes ``control``."""
    sandboxed = isolate(memory_mb, server)
    worker = Worker(snapshot)
    gc.freeze()  # the loaded objects out of the collector's reach: a worker's collections leave their pages shared
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked workers are reaped by the kernel
    control.sendall(pickle.dumps({"ready": True, "pid": os.getpid(), "sandboxed": sandboxed}))
    while True:
        data, channels, _flags, _address = socket.recv_fds(control, 1 << 16, 1)
        if not data:
            return
        message = pickle.loads(data)
        if message["op"] == "fork":
            for channel in channels:
                fork(worker, channel, control, {"ready": True, "sandboxed": sandboxed, "generation": generation})
        elif message["op"] == "load":
            gc.unfreeze()
            try:
                worker.load(message)
                generation = message["generation"]
            except (OSError, ValueError, SyntaxError) as exc:  # workers forked now keep the old version (and fail to load it too)
                print(f"minilat worker template: could not load {message['snapshot']}: {exc}", file=sys.stderr)
            gc.collect()
            gc.freeze()


def option(name: str, default: int | None = None) -> int:
    """The integer after ``name`` on the command line (``default`` when absent)."""
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    if default is None:
        raise SystemExit(f"minilat worker template: {name} is required")
    return default


def main() -> None:
    control = socket.socket(fileno=option("--control"))
    os.dup2(2, 1)  # stray prints go to stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us; Ctrl-C goes to the whole group
    template(Path(sys.argv[1]), option("--memory-mb", 0), option("--generation", 0), control, option("--server"))


if __name__ == "__main__":
    main()
