"""The SPARQL 1.1 Protocol at ``/sparql``, with the checks that keep it safe to expose.

Queries by GET ``?query=``, POST form or POST ``application/sparql-query``; the dataset by
``default-graph-uri`` / ``named-graph-uri`` (absent: the union of the named graphs, as in
the CLI). Refused before any work: updates (403, unless ``--allow-update`` and the bearer
token), SERVICE and LOAD (400: no outbound requests, escapes included), oversized bodies
(413), unacceptable formats (406). Syntax errors come back as 400 with the engine's
message and position; overruns as 503. Relative IRIs in a query or update without BASE
resolve against the endpoint's URL. A browser (``text/html`` ranked first) gets the
results as an HTML table (``resultpage``); SPARQL clients keep their formats.
"""

from __future__ import annotations

import binascii
import hmac
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from minilat.library.sparqlscan import Scan, scan
from minilat.server import conneg, resources, resultpage
from minilat.server.pool import PoolError
from minilat.server.runtime import Runtime

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
MAX_FIELDS = 1000


class ProtocolError(Exception):
    """A request refused with ``status`` and a one-paragraph reason."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def response(self) -> Response:
        return Response(self.message.rstrip() + "\n", self.status, self.headers, media_type="text/plain; charset=utf-8")


@dataclass
class Operation:
    """One protocol request: a query or an update, its dataset and requested format."""

    params: list[tuple[str, str]] = field(default_factory=list)
    body_query: str | None = None
    body_update: str | None = None

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]

    def one(self, name: str) -> str | None:
        values = self.all(name)
        if len(values) > 1:
            raise ProtocolError(400, f"give the {name} parameter at most once")
        return values[0] if values else None

    @property
    def query(self) -> str | None:
        return self.body_query if self.body_query is not None else self.one("query")

    @property
    def update(self) -> str | None:
        return self.body_update if self.body_update is not None else self.one("update")

    def graphs(self, name: str) -> list[str]:
        out = []
        for value in self.all(name):
            try:
                out.append(ox.NamedNode(value.strip()).value)
            except ValueError:
                raise ProtocolError(400, f"{name} must be an absolute IRI, got {value[:200]!r}") from None
        return out


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"request body over the {limit}-byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body over the {limit}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what} is not UTF-8 (byte {exc.start})") from None


BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a % that escapes nothing stays as it is


def unquote_plus(value: str) -> str:
    """A form value decoded: ``+`` is a space, %XX a byte, the bytes strict UTF-8. The escapes
    are decoded in C by ``binascii.a2b_qp`` (quoted-printable's =XX with ``=`` itself escaped
    first): urllib's ``unquote`` takes them one by one in Python, and a query's Chinese comment
    is thousands of them. Values with line breaks (which quoted-printable treats apart)
    or a ``%`` that escapes nothing go to urllib."""
    value = value.replace("+", " ")
    if "%" not in value:
        return value
    if "\n" in value or "\r" in value or BARE_PERCENT.search(value):
        return unquote(value, errors="strict")
    return binascii.a2b_qp(value.replace("=", "=3D").replace("%", "=").encode("utf-8")).decode("utf-8")


def form_fields(text: str) -> list[tuple[str, str]]:
    """An ``application/x-www-form-urlencoded`` body as ``parse_qsl(text, keep_blank_values=True,
    errors="strict", max_num_fields=MAX_FIELDS)`` reads it (``&``-separated, ``name`` alone is blank)."""
    if text.count("&") + 1 > MAX_FIELDS:
        raise ValueError("Max number of fields exceeded")
    fields = []
    for part in text.split("&"):
        if part:
            name, _, value = part.partition("=")
            fields.append((unquote_plus(name), unquote_plus(value)))
    return fields


async def read_operation(request: Request, limit: int) -> Operation:
    """Parse a GET or POST protocol request."""
    op = Operation(params=list(request.query_params.multi_items()))
    if request.method in {"GET", "HEAD"}:
        return op
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request, limit)
    if media == FORM:
        try:
            op.params += form_fields(decode(body, "the form"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ProtocolError(400, f"malformed form body: {exc}") from None
    elif media == QUERY:
        op.body_query = decode(body, "the query")
    elif media == UPDATE:
        op.body_update = decode(body, "the update")
    else:
        raise ProtocolError(415, f"POST a query as {FORM} or {QUERY} (or an update as {UPDATE}), not {media or 'no content type'!r}")
    return op


def authorize(request: Request, runtime: Runtime) -> None:
    """Updates need --allow-update and ``Authorization: Bearer <token>``."""
    config = runtime.config
    if not config.allow_update or not config.update_token:
        raise ProtocolError(403, "SPARQL Update is disabled: this endpoint is read-only")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.update_token.encode()):
        raise ProtocolError(401, "SPARQL Update needs Authorization: Bearer <token>", {"WWW-Authenticate": 'Bearer realm="minilat"'})


def no_outbound(facts: Scan) -> bool:
    """Refuse SERVICE and LOAD outright; return whether a parse must confirm a mere mention."""
    if facts.service_keyword or facts.loads:
        raise ProtocolError(400, "SERVICE and LOAD are not allowed: this endpoint makes no outbound requests")
    return facts.service_mention or facts.load_mention


def formats_for(facts: Scan, request: Request, format_values: list[str]) -> dict[str, str | None]:
    """The negotiated format per result kind; 406 when the query's own kind has none."""
    results = conneg.negotiate(request, conneg.RESULTS_PAGE, format_values)
    graph = conneg.negotiate(request, conneg.GRAPH_PAGE, format_values)
    chosen = {"solutions": results and results.key, "boolean": results and results.key, "graph": graph and graph.key}
    expected = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}.get(facts.form or "")
    if expected and chosen[expected] is None:
        raise ProtocolError(406, conneg.not_acceptable(conneg.RESULTS_PAGE if expected != "graph" else conneg.GRAPH_PAGE))
    return chosen


def endpoint_url(request: Request) -> str:
    """The endpoint's own URL, the base for relative IRIs in a query without BASE."""
    return str(request.url.replace(query="", fragment=""))


async def run_update(request: Request, runtime: Runtime, op: Operation, text: str) -> Response:
    authorize(request, runtime)
    if request.method != "POST":
        raise ProtocolError(400, "send updates with POST")
    if op.all("using-graph-uri") or op.all("using-named-graph-uri"):
        raise ProtocolError(400, "using-graph-uri and using-named-graph-uri are not supported; use USING in the update")
    verify = no_outbound(scan(text))
    answer = await runtime.update(text, verify, endpoint_url(request))
    if answer["status"] != 204:
        raise ProtocolError(answer["status"], answer.get("message", "update refused"))
    return Response(status_code=204)


async def run_query(request: Request, runtime: Runtime, op: Operation, text: str) -> Response:
    config = runtime.config
    if len(text) > config.max_query:
        raise ProtocolError(413, f"query over the {config.max_query}-character limit")
    facts = scan(text)
    if facts.is_update:
        authorize(request, runtime)
        raise ProtocolError(400, "this is an update: send it as update= or with Content-Type application/sparql-update")
    verify = no_outbound(facts)
    default, named = op.graphs("default-graph-uri"), op.graphs("named-graph-uri")
    formats, html = resultpage.split(formats_for(facts, request, op.all("format") + op.all("output")))
    job = {
        "op": "query", "text": text, "verify": verify, "formats": formats, "max_rows": config.max_rows,
        "default_graph": default, "named_graphs": named, "union": not facts.has_dataset,
        "base": endpoint_url(request),
    }
    answer = await runtime.ask(job, cacheable=facts.deterministic)
    if answer["status"] == 406:
        offer = conneg.GRAPH_PAGE if answer["kind"] == "graph" else conneg.RESULTS_PAGE
        raise ProtocolError(406, conneg.not_acceptable(offer))
    if answer["status"] != 200:
        raise ProtocolError(answer["status"], answer.get("message", "query failed"))
    headers = {"Vary": "Accept"}
    if answer["truncated"]:
        headers["X-SPARQL-MaxRows"] = str(config.max_rows)
    if answer["kind"] in html:  # a browser: the results as a page (see resultpage)
        return await resultpage.respond(runtime, text, op.params, answer, headers)
    return Response(answer["body"], 200, headers, media_type=conneg.FORMATS[answer["format"]].content_type)


async def endpoint(request: Request) -> Response:
    """GET/POST /sparql."""
    runtime: Runtime = request.app.state.runtime
    try:
        op = await read_operation(request, runtime.config.max_body)
        query, update = op.query, op.update
        if query is not None and update is not None:
            raise ProtocolError(400, "give either query or update, not both")
        if update is not None:
            return await run_update(request, runtime, op, update)
        if query is None:
            if request.method == "POST":
                raise ProtocolError(400, "no query given: POST query=… or a body of type application/sparql-query")
            return await resources.service_description(request)
        return await run_query(request, runtime, op, query)
    except ProtocolError as exc:
        return exc.response()
    except PoolError as exc:
        return ProtocolError(503, str(exc), {"Retry-After": str(exc.retry_after)}).response()
