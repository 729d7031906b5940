"""Linked-data resources: entities, named graphs, the ontology, VoID, the service
description, the library queries, downloads, and the home and query pages.

Each route negotiates its format through ``conneg`` (HTML for browsers; Turtle, JSON-LD,
N-Triples, RDF/XML by Accept or ``?format=``) and reads the store only through workers.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from minilat import library, paths
from minilat.pipeline import quality
from minilat.pipeline.release import jsonld
from minilat.server import (
    conneg,
    describe,
    issues,
    links,
    ontology,
    pages,
    querypage,
)
from minilat.server.pool import PoolError
from minilat.server.results import graph as serialize_graph
from minilat.server.runtime import Runtime

Handler = Callable[[Request], Awaitable[Response]]
DOWNLOADS = {".trig": "application/trig", ".nq": "application/n-quads", ".ttl": "text/turtle", ".nt": "application/n-triples", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}
MLO, FABIO, FOAF, SKOS = links.ONTOLOGY + "#", "http://purl.org/spar/fabio/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/2004/02/skos/core#"
GROUPS = [
    ("Mechanisms", "合作机制", [MLO + "MinilateralMechanism", MLO + "MultilateralInstitution", MLO + "TreatyRegime"]),
    ("States", "国家", [MLO + "State"]),
    ("Articles", "文章", [FABIO + "JournalArticle"]),
    ("Events", "事件", [MLO + "Event"]),
    ("People", "人物", [FOAF + "Person"]),
    ("Concepts", "概念", [SKOS + "Concept"]),
]


class Refused(Exception):
    """A response to send instead of the page (404, 406…)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def guarded(handler: Handler) -> Handler:
    """Turn refusals and worker overruns into plain-text 4xx/503 answers."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except Refused as exc:
            return PlainTextResponse(exc.message.rstrip() + "\n", exc.status, {"Vary": "Accept"})
        except PoolError as exc:
            return PlainTextResponse(f"{exc}\n", 503, {"Retry-After": str(exc.retry_after)})

    return run


PAGE_HEADERS = {"content-length"}


def cached(handler: Handler) -> Handler:
    """Reuse a GET response while the dataset is unchanged: same path, query, Accept and host."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        runtime = runtime_of(request)
        key = ("page", runtime.generation, request.url.path, request.scope.get("query_string", b""), request.headers.get("accept"), request.headers.get("host"))
        if (hit := runtime.cache.get(key)) is not None:
            return Response(hit["body"], 200, hit["headers"])
        response = await handler(request)
        if response.status_code == 200 and isinstance(getattr(response, "body", None), bytes):
            headers = {k: v for k, v in response.headers.items() if k not in PAGE_HEADERS}
            runtime.cache.put(key, {"body": response.body, "headers": headers})
        return response

    return run


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


def choose(request: Request, offer: tuple[str, ...]) -> conneg.Format:
    fmt = conneg.negotiate(request, offer)
    if fmt is None:
        raise Refused(406, conneg.not_acceptable(offer))
    return fmt


async def ask(request: Request, job: dict, missing: str = "Not Found: nothing is known about this IRI") -> dict:
    answer = await runtime_of(request).ask(job)
    if answer.get("status") == 404:
        raise Refused(404, missing)
    if answer.get("status") != 200:
        raise Refused(answer.get("status", 400), answer.get("message", "could not answer"))
    return answer


def rdf(body: bytes, fmt: conneg.Format) -> Response:
    return Response(body, 200, {"Vary": "Accept"}, media_type=fmt.content_type)


@guarded
@cached
async def entity(request: Request) -> Response:
    """GET /id/{path}: the entity page, its RDF, or (for the digest text) the raw text."""
    path = request.url.path
    iri = links.iri(path)
    fmt = choose(request, (*conneg.HTML_FIRST, "text"))
    if fmt.kind == "rdf":
        return rdf((await ask(request, {"op": "document", "iri": iri, "format": fmt.key}))["body"], fmt)
    folder = runtime_of(request).config.release.parent / "views"
    answer = await ask(request, {"op": "page", "iri": iri, "path": path, "views": str(folder), "render": fmt.key != "text"})
    if "html" in answer:  # rendered by the worker beside the queries, not on this event loop
        return pages.respond(answer["html"], 200, {"Vary": "Accept"})
    if answer["data"]["text"] is not None:
        return await text_resource(request, answer["data"], fmt)
    raise Refused(406, conneg.not_acceptable(conneg.HTML_FIRST))


def read_text(runtime: Runtime, relative: str, sha256: str | None) -> tuple[str, bool]:
    """A digest file named in the data (only under corpus/), and whether its hash matches."""
    cache = runtime.texts
    if relative not in cache:
        file = (paths.ROOT / relative).resolve()
        if not file.is_relative_to(paths.CORPUS.resolve()) or not file.is_file():
            raise Refused(404, "Not Found: the text file of this resource is not on this server")
        raw = file.read_bytes()
        verified = sha256 is None or sha256.removeprefix("sha256:") == hashlib.sha256(raw).hexdigest()
        cache[relative] = (raw.decode("utf-8"), verified)
    return cache[relative]


def offsets(request: Request, length: int) -> tuple[int, int] | None:
    try:
        start, end = int(request.query_params["start"]), int(request.query_params["end"])
    except (KeyError, ValueError):
        return None
    return (start, end) if 0 <= start <= end <= length else None


async def text_resource(request: Request, data: dict, fmt: conneg.Format) -> Response:
    """The digest text: raw (text/plain) or as a page with the passage at raw offsets highlighted."""
    text, verified = await asyncio.to_thread(read_text, runtime_of(request), data["text"]["path"], data["text"]["sha256"])
    if fmt.key == "text":
        return Response(text.encode(), 200, {"Vary": "Accept"}, media_type=fmt.content_type)
    span = offsets(request, len(text))
    asked = "start" in request.query_params or "end" in request.query_params
    before, passage, after = (text[: span[0]], text[span[0] : span[1]], text[span[1] :]) if span else (text, "", "")
    return pages.render(
        "server/digest.html", headers={"Vary": "Accept"}, title=f"Digest text 文摘原文 · {data['text']['path']}", iri=data["iri"],
        before=before, passage=passage, after=after, highlight={"start": span[0], "end": span[1]} if span else None,
        bad_range=asked and not span, length=len(text), verified=verified, alternates=pages.alternates(request.url.path, conneg.GRAPH),
    )


@guarded
@cached
async def named_graph(request: Request) -> Response:
    """GET /graph/{name}: a named graph's triples, or a page about it."""
    iri = links.iri(request.url.path)
    fmt = choose(request, conneg.HTML_FIRST)
    if fmt.kind == "rdf":
        return rdf((await ask(request, {"op": "graph", "graph": iri, "format": fmt.key}))["body"], fmt)
    counts = (await ask(request, {"op": "stats"}))["data"]["graphs"]
    if iri not in counts:
        raise Refused(404, "Not Found: no such named graph")
    example = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT 100"
    return pages.render(
        "server/page.html", headers={"Vary": "Accept"}, title=f"Named graph {links.local_name(iri)}", intro=f"{iri} — {counts[iri]} triples.",
        rows=None, alternates=pages.alternates(request.url.path, conneg.GRAPH), text=example,
    )


async def ontology_page(request: Request) -> str:
    """The pyLODE page, generated once (in a child process) on first request."""
    runtime = runtime_of(request)
    task = runtime.ontology_html
    if task is None or (task.done() and (task.cancelled() or task.exception() is not None)):
        turtle = (await ask(request, {"op": "graph", "graph": links.GRAPH + "ontology", "format": "turtle"}))["body"]
        task = runtime.ontology_html = asyncio.ensure_future(ontology.generate(turtle))
    try:
        return await asyncio.shield(task)
    except (TimeoutError, RuntimeError, OSError) as exc:
        raise Refused(503, f"the ontology documentation is unavailable ({exc}); Turtle: /ontology?format=turtle") from None


@guarded
@cached
async def ontology_doc(request: Request) -> Response:
    """GET /ontology: pyLODE documentation or the ontology graph of the served dataset."""
    fmt = choose(request, ("html", "turtle", "rdfxml", "jsonld", "nt"))
    if fmt.kind == "rdf":
        return rdf((await ask(request, {"op": "graph", "graph": links.GRAPH + "ontology", "format": fmt.key}))["body"], fmt)
    return HTMLResponse(await ontology_page(request), 200, {**pages.SECURITY, "Vary": "Accept"})


def turtle_file(path: Path, fmt: conneg.Format) -> Response:
    """A Turtle source file: its exact bytes as Turtle, converted for the other RDF formats."""
    body = path.read_bytes()
    if fmt.key != "turtle":
        body = serialize_graph(list(ox.parse(body, format=ox.RdfFormat.TURTLE)), fmt.key)
    return rdf(body, fmt)


@guarded
@cached
async def ontology_version(request: Request) -> Response:
    """GET /ontology/{version}: that version's frozen release file (ontology/releases/), exactly
    as released for Turtle, or its documentation; an unknown version is 404."""
    version = request.path_params["version"]
    path = quality.release_file(version)
    if path is None:
        known = ", ".join(sorted(p.stem for p in quality.RELEASES.glob("*.ttl"))) or "none"
        raise Refused(404, f"Not Found: no ontology version {version!r} was released (released: {known})")
    fmt = choose(request, ("html", "turtle", "rdfxml", "jsonld", "nt"))
    if fmt.kind == "rdf":
        return turtle_file(path, fmt)
    pages_by_version = getattr(request.app.state, "ontology_versions", None)
    if pages_by_version is None:
        pages_by_version = request.app.state.ontology_versions = {}  # version → its pyLODE page (a task, made once)
    task = pages_by_version.get(version)
    if task is None or (task.done() and (task.cancelled() or task.exception() is not None)):
        task = pages_by_version[version] = asyncio.ensure_future(ontology.generate(path.read_bytes()))
    try:
        html = await asyncio.shield(task)
    except (TimeoutError, RuntimeError, OSError) as exc:
        raise Refused(503, f"the ontology documentation is unavailable ({exc}); Turtle: /ontology/{version}?format=turtle") from None
    return HTMLResponse(html, 200, {**pages.SECURITY, "Vary": "Accept"})


@guarded
@cached
async def shapes(request: Request) -> Response:
    """GET /shapes: the SHACL shapes (ontology/shapes.ttl) as Turtle, other RDF, or a page."""
    fmt = choose(request, conneg.RDF_FIRST)
    if not paths.SHAPES.is_file():
        raise Refused(404, "Not Found: no SHACL shapes on this server")
    if fmt.kind == "rdf":
        return turtle_file(paths.SHAPES, fmt)
    intro = "The SHACL shapes that every build of the dataset is validated against (closed-world checks; messages say what a curator should fix)."
    return pages.render("server/page.html", headers={"Vary": "Accept"}, title="SHACL shapes 约束", intro=intro, rows=None,
                        alternates=pages.alternates(request.url.path, conneg.GRAPH), text=paths.SHAPES.read_text(encoding="utf-8"))


@guarded
@cached
async def void(request: Request) -> Response:
    """GET /.well-known/void: the dataset description (VoID + DCAT), computed by a worker from the
    store with the build's generator (``pipeline.release.void``): this server's endpoint, the release
    files beside the loaded release as distributions, and the store's statistics."""
    fmt = choose(request, conneg.RDF_FIRST)
    job = {"op": "void", "format": fmt.key if fmt.kind == "rdf" else "turtle",
           "endpoint": str(request.base_url).rstrip("/") + "/sparql", "release": str(runtime_of(request).config.release.parent)}
    body = (await ask(request, job))["body"]
    if fmt.kind == "rdf":
        return rdf(body, fmt)
    return pages.render("server/page.html", headers={"Vary": "Accept"}, title="Dataset description (VoID)", intro="", rows=None,
                        alternates=pages.alternates(request.url.path, conneg.GRAPH), text=body.decode())


@guarded
@cached
async def service_description(request: Request) -> Response:
    """GET /sparql without a query: the SPARQL 1.1 Service Description."""
    fmt = choose(request, conneg.RDF_FIRST)
    runtime = runtime_of(request)
    endpoint = str(request.base_url).rstrip("/") + "/sparql"
    counts = (await ask(request, {"op": "stats"}))["data"]
    triples = describe.service_description(endpoint, counts, runtime.config.allow_update)
    if fmt.kind == "rdf":
        return rdf(serialize_graph(triples, fmt.key), fmt)
    rows = [[{"text": "named graph"}, {"text": g, "url": links.local(g)}, {"text": str(n)}] for g, n in counts["graphs"].items()]
    rows += [[{"text": "result format"}, {"text": f.media_type}, {"text": f"format={f.key}"}] for f in (conneg.FORMATS[k] for k in (*conneg.RESULTS, *conneg.GRAPH))]
    rows += [[{"text": f"example ({q.form})"}, {"text": f"{q.title} · {q.title_zh}", "url": f"/query/{q.name}"}, {"text": q.name}] for q in library.library().values()]
    intro = f"{endpoint} — SPARQL 1.1 Query (read-only); the default graph is the union of the named graphs ({counts['default']} triples)."
    return pages.render("server/page.html", headers={"Vary": "Accept"}, title="SPARQL endpoint 查询端点", intro=intro,
                        columns=["", "", ""], rows=rows, alternates=pages.alternates("/sparql", conneg.GRAPH), text=None)


@guarded
async def query_page(request: Request) -> Response:
    """GET /query: YASGUI over /sparql, the library as examples."""
    config = querypage.config(None)
    return pages.render("server/query.html", title="Query 查询", queries=config["queries"], config=config)


@guarded
@cached
async def library_query(request: Request) -> Response:
    """GET /query/{name}: a library query (the editor with it open, its text, or its description)."""
    name = request.path_params["name"]
    q = library.library().get(name)
    if q is None:
        raise Refused(404, f"Not Found: no library query named {name!r}")
    fmt = choose(request, ("html", "sparql", "text", *conneg.GRAPH))
    if fmt.kind in {"sparql", "text"}:
        return Response(q.text.encode(), 200, {"Vary": "Accept"}, media_type=fmt.content_type)
    if fmt.kind == "rdf":
        counts = (await ask(request, {"op": "stats"}))["data"]
        example = links.BASE + f"query/{name}"
        triples = [t for t in describe.service_description(str(request.base_url).rstrip("/") + "/sparql", counts, False) if t.subject.value == example]
        return rdf(serialize_graph(triples, fmt.key), fmt)
    config = querypage.config(name)
    return pages.render("server/query.html", headers={"Vary": "Accept"}, title=f"{q.title} · {q.title_zh}", queries=config["queries"], config=config)


@guarded
@cached
async def home(request: Request) -> Response:
    """GET /: the dataset's home page (HTML), or its VoID description (RDF)."""
    fmt = choose(request, conneg.HTML_FIRST)
    if fmt.kind == "rdf":
        return rdf((await ask(request, {"op": "void", "format": fmt.key}))["body"], fmt)
    classes = [c for _, _, cs in GROUPS for c in cs]
    index = (await ask(request, {"op": "index", "classes": classes}))["data"]
    series = issues.rows((await ask(request, issues.job()))["body"])
    groups = []
    for title, title_zh, cs in GROUPS:
        items = sorted({(links.local(e), label or links.local_name(e)) for c in cs for e, label in index.get(c, [])}, key=lambda p: p[1].casefold())
        groups.append({"title": title, "title_zh": title_zh, "entries": [{"url": u, "text": t} for u, t in items]})
    return pages.render("server/home.html", headers={"Vary": "Accept"}, title="minilat", groups=groups, issues=series, alternates=pages.alternates("/", conneg.GRAPH))


def release_files() -> list[Path]:
    return sorted(p for p in paths.GRAPHS.glob("*") if p.suffix in DOWNLOADS and p.is_file())


@guarded
async def downloads(request: Request) -> Response:
    """GET /download/: the release files."""
    rows = [[{"text": p.name, "url": f"/download/{p.name}"}, {"text": DOWNLOADS[p.suffix]}, {"text": f"{p.stat().st_size:,} bytes"}] for p in release_files()]
    return pages.render("server/page.html", title="Downloads 下载", intro="The release files of the dataset.", columns=["file", "media type", "size"], rows=rows, text=None)


@guarded
async def download(request: Request) -> Response:
    """GET /download/{file} (and /graphs/{file}): a release file."""
    name = request.path_params["name"]
    match = [p for p in release_files() if p.name == name]
    if not match:
        raise Refused(404, "Not Found: no such release file (see /download/)")
    return FileResponse(match[0], media_type=DOWNLOADS[match[0].suffix] + ("; charset=utf-8" if match[0].suffix != ".jsonld" else ""), filename=name, content_disposition_type="inline")


@guarded
async def jsonld_context(request: Request) -> Response:
    """GET /context/{name}: the versioned JSON-LD @context the release file is compacted with."""
    if request.path_params["name"] != jsonld.CONTEXT_NAME:
        raise Refused(404, "Not Found: no such JSON-LD context")
    return Response(jsonld.context_bytes(), media_type="application/ld+json", headers={"Access-Control-Allow-Origin": "*"})


async def sparql_slash(request: Request) -> Response:
    return RedirectResponse("/sparql", 308)
