"""Content negotiation, in one place: the media-type table and the one Accept parser.

Every route lists the formats it can produce (``offer``) and calls :func:`choose`, which
honours ``?format=`` (a short name or a media type) first, then the Accept header with
q-values (RFC 9110 §12.5.1: the most specific matching range sets an offer's quality;
ties go to the route's order). ``None`` means nothing acceptable: the route answers 406.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.requests import Request


@dataclass(frozen=True)
class Format:
    """A response format: short name, the Content-Type sent, and the media types that select it."""

    key: str
    media_type: str
    kind: str  # results | rdf | dataset | html | text | sparql | json
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def accepts(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/json", "/xml"))
        textual = textual or self.media_type in {"application/n-triples", "application/n-quads", "application/trig", "application/sparql-query"}
        return self.media_type + ("; charset=utf-8" if textual else "")


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("json", "application/sparql-results+json", "results", ("application/json",)),
        Format("xml", "application/sparql-results+xml", "results", ("application/xml", "text/xml")),
        Format("csv", "text/csv", "results"),
        Format("tsv", "text/tab-separated-values", "results", names=("tab",)),
        Format("turtle", "text/turtle", "rdf", ("application/x-turtle", "application/turtle"), names=("ttl", "n3", "text/n3", "text/rdf+n3")),
        Format("nt", "application/n-triples", "rdf", names=("ntriples", "n-triples")),
        Format("jsonld", "application/ld+json", "rdf", ("application/json",), names=("json-ld", "json", "application/x-json+ld")),
        Format("rdfxml", "application/rdf+xml", "rdf", ("application/xml", "text/xml"), names=("rdf", "owl", "xml", "rdf+xml")),
        Format("trig", "application/trig", "dataset"),
        Format("nq", "application/n-quads", "dataset", names=("nquads", "n-quads")),
        Format("html", "text/html", "html", ("application/xhtml+xml",), names=("htm",)),
        Format("text", "text/plain", "text", names=("txt", "plain")),
        Format("sparql", "application/sparql-query", "sparql", names=("rq",)),
        Format("hits", "application/json", "json", names=("json",)),  # /search: ranked hits
    )
}

RESULTS = ("json", "xml", "csv", "tsv")
GRAPH = ("turtle", "nt", "jsonld", "rdfxml")
HTML_FIRST = ("html", *GRAPH)
RDF_FIRST = (*GRAPH, "html")
# /sparql also answers a browser with an HTML results table (as the Wikidata Query Service
# does): HTML comes last, so no Accept, */* and every SPARQL client's media types keep
# their format; only a client that ranks text/html above them gets the page.
RESULTS_PAGE = (*RESULTS, "html")
GRAPH_PAGE = (*GRAPH, "html")

TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
ELEMENT = re.compile(r'(?:[^,"]|"(?:\\.|[^"\\])*")+')
QVALUE = re.compile(r"^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")


@dataclass(frozen=True)
class Range:
    """One media range of an Accept header, with its quality."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """2 exact, 1 type/*, 0 */*, -1 no match."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[Range]:
    """The valid media ranges of an Accept header; malformed elements are skipped."""
    ranges: list[Range] = []
    for element in ELEMENT.findall(header or ""):
        media, *params = (part.strip() for part in element.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not TOKEN.match(kind) or not TOKEN.match(sub) or (kind == "*" and sub != "*"):
            continue
        q = 1.0
        for param in params:
            name, eq, value = param.partition("=")
            if name.strip().lower() == "q" and eq:
                value = value.strip()
                q = float(value) if QVALUE.match(value) else -1.0
                break
        if q >= 0:
            ranges.append(Range(kind, sub, q))
    return ranges


def quality(ranges: Sequence[Range], fmt: Format) -> float:
    """The quality the client gives ``fmt``: best over its media types, each by its most specific range."""
    best = 0.0
    for media_type in fmt.accepts:
        matches = [(r.specificity(media_type), r.q) for r in ranges]
        # an alias (application/json for SPARQL JSON) is chosen only by name, never by a wildcard
        matches = [m for m in matches if m[0] >= (0 if media_type == fmt.media_type else 2)]
        if matches:
            top = max(s for s, _ in matches)
            best = max(best, max(q for s, q in matches if s == top))
    return best


def by_name(value: str, offered: Sequence[Format]) -> Format | None:
    """The offered format named by ``?format=``: a short name or a media type."""
    value = value.strip().lower().split(";")[0].strip()
    for fmt in offered:
        if value == fmt.key or value in fmt.names or value in fmt.accepts:
            return fmt
    return None


def choose(accept: str | None, format_values: str | Sequence[str] | None, offer: Sequence[str]) -> Format | None:
    """The best of the ``offer`` keys for this request, or ``None`` (406).

    ``format_values`` are the ``?format=`` / ``?output=`` values (clients such as SPARQLWrapper
    send several, some comma-separated lists): the first one naming an offered format wins.
    """
    if isinstance(format_values, str):
        format_values = [format_values]
    names = tuple(part for value in format_values or [] for part in value.split(",") if part.strip())
    short = (accept is None or len(accept) <= REMEMBERED_ACCEPT) and sum(map(len, names)) <= REMEMBERED_ACCEPT
    return (remembered if short else decide)(accept, names, tuple(offer))


def decide(accept: str | None, names: tuple[str, ...], offer: tuple[str, ...]) -> Format | None:
    """:func:`choose` for one Accept header, format names and offer."""
    offered = [FORMATS[key] for key in offer]
    if names:
        return next((fmt for fmt in (by_name(n, offered) for n in names) if fmt), None)
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0] if offered else None
    scored = [(quality(ranges, fmt), -i, fmt) for i, fmt in enumerate(offered)]
    q, _, fmt = max(scored, key=lambda item: item[:2])
    return fmt if q > 0 else None


# Clients send a few dozen distinct Accept headers: each is parsed and scored once (a header
# longer than this, or unusual names, is decided afresh every time, so it cannot fill memory).
REMEMBERED_ACCEPT = 512
remembered = functools.lru_cache(maxsize=2048)(decide)


def format_param(request: Request) -> list[str]:
    """The ``?format=`` (and Fuseki's ``?output=``) values of the URL."""
    return request.query_params.getlist("format") + request.query_params.getlist("output")


def negotiate(request: Request, offer: Sequence[str], format_values: Sequence[str] | None = None) -> Format | None:
    """:func:`choose` for a request: its format parameters (or the given ones) and its Accept header."""
    return choose(request.headers.get("accept"), format_values if format_values is not None else format_param(request), offer)


def not_acceptable(offer: Sequence[str]) -> str:
    """The body of a 406: what the route can produce."""
    kinds = ", ".join(f"{FORMATS[k].media_type} (format={k})" for k in offer)
    return f"Not Acceptable: this resource is available as {kinds}\n"
