"""HTML results for browsers: ``/sparql?query=…`` opened in a browser shows a table.

As the Wikidata Query Service does, a request that ranks ``text/html`` first (a browser's
GET) gets a page instead of a file to download: the solutions (or the triples of a
CONSTRUCT/DESCRIBE, or the ASK answer) in a table whose IRIs carry their labels (en and
zh, fetched with one extra query) and link to this server's pages for minted IRIs. The
worker answers in SPARQL JSON (N-Triples for graphs); the page is rendered here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from starlette.responses import Response

from minilat.ids import TURTLE_PREFIXES
from minilat.server import conneg, links, pages
from minilat.server.runtime import Runtime

#: What a worker produces for a result kind the browser gets as HTML.
WORKER_FORMATS = {"solutions": "json", "boolean": "json", "graph": "nt"}
DISPLAY_ROWS = 1000  # rows shown in the page; the download links give the whole result
LABELS = (
    "SELECT ?iri ?label WHERE {{ VALUES ?iri {{ {iris} }} "
    "{{ ?iri <http://www.w3.org/2000/01/rdf-schema#label> ?label }} UNION "
    "{{ ?iri <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }} FILTER(isLiteral(?label)) }}"
)
LANGS = ("en", "zh")
PLAIN = {"integer", "decimal", "double", "float", "boolean", "int", "long", "nonNegativeInteger", "positiveInteger", "gYear"}  # shown without their datatype

Labels = dict[str, dict[str, str]]
PREFIXES = sorted({"id": links.ID, **TURTLE_PREFIXES}.items(), key=lambda p: -len(p[1]))


def short(iri: str) -> str:
    """The IRI as a prefixed name (``id:mechanism/quad``, ``mlo:Claim``), whole when no prefix fits."""
    for prefix, base in PREFIXES:
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def split(formats: dict[str, str | None]) -> tuple[dict[str, str | None], set[str]]:
    """The formats to ask the worker for, and the result kinds to render as HTML."""
    page = {kind for kind, key in formats.items() if key == "html"}
    return {kind: WORKER_FORMATS[kind] if kind in page else key for kind, key in formats.items()}, page


@dataclass(frozen=True)
class Table:
    """A result as rows of SPARQL-JSON-like terms (``None`` for unbound)."""

    columns: list[str]
    rows: list[list[dict | None]]
    boolean: bool | None = None


def rdf_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    """A pyoxigraph term as a SPARQL JSON term."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "literal", "value": str(term)}
    out: dict = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != pages.XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def table(answer: dict) -> Table:
    """The worker's answer (SPARQL JSON or N-Triples) as a table."""
    if answer["kind"] == "graph":
        triples = ox.parse(answer["body"], format=ox.RdfFormat.N_TRIPLES)
        return Table(["subject", "predicate", "object"], [[rdf_term(t.subject), rdf_term(t.predicate), rdf_term(t.object)] for t in triples])
    data = json.loads(answer["body"])
    if "boolean" in data:
        return Table([], [], bool(data["boolean"]))
    columns = data["head"]["vars"]
    return Table(columns, [[b.get(c) for c in columns] for b in data["results"]["bindings"]])


def iris_of(rows: list[list[dict | None]]) -> list[str]:
    """The distinct IRIs of the rows (and the datatypes of their literals), in order."""
    seen: dict[str, None] = {}
    for row in rows:
        for cell in row:
            if cell and cell["type"] == "uri":
                seen[cell["value"]] = None
    return list(seen)


def labels_query(iris: list[str]) -> str | None:
    """One SELECT for the labels of ``iris`` (each checked by pyoxigraph, so none can break out)."""
    terms = []
    for iri in iris:
        try:
            terms.append(str(ox.NamedNode(iri)))
        except ValueError:
            continue
    return LABELS.format(iris=" ".join(terms)) if terms else None


async def fetch_labels(runtime: Runtime, iris: list[str]) -> Labels:
    """rdfs:label / skos:prefLabel per IRI and language (``en``, ``zh``, ``""`` for none)."""
    text = labels_query(iris)
    if text is None:
        return {}
    job = {"op": "query", "text": text, "verify": False, "formats": {"solutions": "json"}, "max_rows": 10 * len(iris) + 100,
           "default_graph": [], "named_graphs": [], "union": True, "base": None}
    answer = await runtime.ask(job)
    if answer.get("status") != 200:
        return {}
    out: Labels = {}
    for binding in json.loads(answer["body"])["results"]["bindings"]:
        lang = binding["label"].get("xml:lang", "").split("-")[0].lower()
        out.setdefault(binding["iri"]["value"], {}).setdefault(lang, binding["label"]["value"])
    return out


def cell(term: dict | None, labels: Labels) -> dict:
    """A term as the template shows it: an IRI with its labels and link, or a literal."""
    if term is None:
        return {"kind": "none"}
    if term["type"] == "uri":
        iri = term["value"]
        found = labels.get(iri, {})
        fallback = found.get("") or next(iter(found.values()), None)
        names = {lang: found.get(lang) or found.get(LANGS[1 - i]) or fallback for i, lang in enumerate(LANGS)}
        return {"kind": "iri", "iri": iri, "url": pages.safe_url(iri), "short": short(iri), "external": not links.is_minted(iri), **names}
    if term["type"] == "bnode":
        return {"kind": "bnode", "text": "_:" + term["value"]}
    datatype = term.get("datatype")
    shown = short(datatype) if datatype and datatype.removeprefix(pages.XSD) not in PLAIN else None
    return {"kind": "literal", "text": term["value"], "lang": term.get("xml:lang"), "datatype": shown, "type": short(datatype) if datatype else None}


def downloads(text: str, params: list[tuple[str, str]], kind: str) -> list[dict[str, str]]:
    """GET links to the same result in every format the protocol offers for its kind."""
    params = [("query", text), *((k, v) for k, v in params if k in {"default-graph-uri", "named-graph-uri"})]
    keys = conneg.GRAPH if kind == "graph" else conneg.RESULTS
    return [{"key": key, "type": conneg.FORMATS[key].media_type, "href": "/sparql?" + urlencode([*params, ("format", key)])} for key in keys]


async def respond(runtime: Runtime, text: str, params: list[tuple[str, str]], answer: dict, headers: dict[str, str]) -> Response:
    """The results page for a query the worker answered in its HTML stand-in format
    (``params``: the request's protocol parameters, for the download links)."""
    result = table(answer)
    shown = result.rows[:DISPLAY_ROWS]
    labels = await fetch_labels(runtime, iris_of(shown))
    rows = [[cell(term, labels) for term in row] for row in shown]
    editor = "/query?" + urlencode({"query": text})
    return pages.render(
        "server/results.html", headers=headers, title="Query results 查询结果", query=text, kind=answer["kind"],
        columns=result.columns, rows=rows, boolean=result.boolean, total=len(result.rows), truncated=answer["truncated"],
        max_rows=runtime.config.max_rows, downloads=downloads(text, params, answer["kind"]), editor=editor,
    )
