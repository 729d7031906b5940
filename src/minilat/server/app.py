"""The Starlette application: routes, request log, CORS, gzip, lifespan (workers up and down).

URL space (the base IRI ``https://w3id.org/minilat/`` maps to ``/``):

    /sparql                 SPARQL 1.1 Protocol; without a query: service description
    /query, /query/{name}   the YASGUI editor; a library query
    /id/…                   entities (hash IRIs resolve via their document)
    /graph/{name}           named graphs (an issue's: /graph/issue/{slug})
    /ontology               the ontology (pyLODE HTML, Turtle, RDF/XML…)
    /ontology/{version}     a released version: its frozen file (unknown versions 404)
    /shapes                 the SHACL shapes (Turtle, other RDF, HTML)
    /.well-known/void       VoID description
    /download/{file}        release files (also /graphs/{file})
    /static/…               CSS, JavaScript, vendored YASGUI

Responses over 1 KiB are gzip-compressed for clients that send ``Accept-Encoding: gzip``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from minilat.server import protocol, resources, search
from minilat.server.config import Config
from minilat.server.runtime import Runtime

log = logging.getLogger("minilat.server")
GZIP_MINIMUM = 1024  # bytes: smaller bodies go out as they are
GZIP_LEVEL = 6  # zlib's default: most of level 9's gain at a fraction of its time
STATIC = Path(__file__).resolve().parent.parent / "static"
CONTROL = {c: "?" for c in [*range(0x20), 0x7F]}


class AccessLog:
    """Request lines written in batches (at most every 0.1 s): cheap enough for every request."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.flushing = False
        self.stamp = (0, "")

    def now(self) -> str:
        second = int(time.time())
        if second != self.stamp[0]:
            self.stamp = (second, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second)))
        return self.stamp[1]

    def add(self, line: str) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        self.lines.append(f"{self.now()} INFO {line}\n")
        if not self.flushing:
            self.flushing = True
            try:
                asyncio.get_running_loop().call_later(0.1, self.flush)
            except RuntimeError:
                self.flush()

    def flush(self) -> None:
        self.flushing = False
        lines, self.lines = self.lines, []
        stream = next((h.stream for h in log.handlers if isinstance(h, logging.StreamHandler)), None)
        if stream is None:  # not configured by the CLI: go through logging
            for line in lines:
                log.info(line.split(" INFO ", 1)[1].rstrip())
            return
        try:
            stream.write("".join(lines))
            stream.flush()
        except (OSError, ValueError):
            pass


class RequestLog:
    """One line per request: client, method, path, status, bytes, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.out = AccessLog()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status, size = time.perf_counter(), 0, 0

        async def record(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            client = scope.get("client") or ("-", 0)
            query = scope.get("query_string", b"")
            target = (scope["path"] + ("?" + query.decode("latin-1")[:200] if query else "")).translate(CONTROL)
            self.out.add(f'{client[0]} "{scope["method"]} {target}" {status or 500} {size}B {1000 * (time.perf_counter() - start):.1f}ms')


class RejectMalformed:
    """400 for request targets no HTTP client should send (raw non-ASCII or control bytes), before any route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            target = scope.get("query_string", b"") + (scope.get("raw_path") or b"")
            if any(byte < 0x21 or byte > 0x7E for byte in target):
                await PlainTextResponse("Bad Request: the request target must be printable ASCII (percent-encode the rest)\n", 400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class WeakETags:
    """A gzip-encoded response's ETag made weak (``W/"…"``): its bytes are not the identity
    representation's, so the two must not share one strong validator (RFC 9110 §8.8.3)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def weaken(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", []))
                headers = MutableHeaders(raw=message["headers"])
                if headers.get("content-encoding") == "gzip" and headers.get("etag", "").startswith('"'):
                    headers["etag"] = "W/" + headers["etag"]
            await send(message)

        await self.app(scope, receive, weaken if scope["type"] == "http" else send)


def matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match's weak comparison: ``W/"x"`` (the gzip variant's tag) matches ``"x"``."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


class Static:
    """The files under static/ (CSS, JS, vendored YASGUI), read once and served from memory."""

    def __init__(self, root: Path) -> None:
        self.files: dict[str, tuple[bytes, str, str]] = {}
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file():
                data = path.read_bytes()
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                kind += "; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else ""
                self.files[path.relative_to(root).as_posix()] = (data, kind, '"' + hashlib.sha256(data).hexdigest()[:20] + '"')

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self.files.get(scope["path_params"]["path"] or "index.html")
        if found is None or scope["method"] not in {"GET", "HEAD"}:
            response = PlainTextResponse("Not Found\n", 404) if found is None else PlainTextResponse("Method Not Allowed\n", 405, {"Allow": "GET, HEAD"})
        elif matches(dict(scope["headers"]).get(b"if-none-match", b"").decode("latin-1"), found[2]):
            response = Response(status_code=304, headers={"ETag": found[2]})
        else:
            response = Response(found[0], 200, {"ETag": found[2], "Cache-Control": "public, max-age=3600"}, media_type=found[1])
        await response(scope, receive, send)


def build(config: Config) -> Starlette:
    """The application serving ``config``'s dataset."""
    runtime = Runtime(config)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.runtime = runtime
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    routes = [
        Route("/", resources.home),
        Route("/sparql", protocol.endpoint, methods=["GET", "POST"]),
        Route("/sparql/", resources.sparql_slash, methods=["GET", "POST"]),
        Route("/query", resources.query_page),
        Route("/search", search.page),
        Route("/query/{name}", resources.library_query),
        Route("/id/{path:path}", resources.entity),
        Route("/graph/{name:path}", resources.named_graph),  # also an issue's graph, /graph/issue/{slug}
        Route("/ontology", resources.ontology_doc),
        Route("/ontology/{version}", resources.ontology_version),
        Route("/shapes", resources.shapes),
        Route("/.well-known/void", resources.void),
        Route("/context/{name}", resources.jsonld_context),
        Route("/download/", resources.downloads),
        Route("/download/{name}", resources.download),
        Route("/graphs/{name}", resources.download),
        Route("/static/{path:path}", Static(STATIC), name="static"),
        Route("/views/{path:path}", Static(config.release.parent / "views")),  # written by `minilat build` / `minilat views`
    ]
    middleware = [
        Middleware(RejectMalformed),
        # gzip for clients that ask; the body of a streamed download is compressed chunk by chunk,
        # ranges (206) are left alone, and bodies over the minimum carry Vary: Accept-Encoding
        Middleware(WeakETags),
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=GZIP_LEVEL),
        Middleware(
            CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"], allow_headers=["Accept", "Content-Type"],
            expose_headers=["X-SPARQL-MaxRows", "Content-Type"], max_age=3600,
        ),
    ]
    if config.log_requests:
        middleware.insert(0, Middleware(RequestLog))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.runtime = runtime
    return app
