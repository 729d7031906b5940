"""HTML pages: the Jinja environment (autoescaping everything) and the views' data.

Every value from the store reaches HTML through a template with autoescape on, so a label
such as ``<img src=x onerror=alert(1)>`` shows as text. Pages carry a Content-Security-
Policy that allows only this origin: no page can make the browser fetch anything else.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator
from markupsafe import Markup
from starlette.responses import HTMLResponse

from minilat.ids import TURTLE_PREFIXES
from minilat.server import fragments, links
from minilat.server.conneg import FORMATS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DICT_ATTRIBUTES = frozenset(dir(dict))


def escape_output(value: Any) -> str:
    """What a template writes for ``{{ value }}``: ``markupsafe.escape``'s text, without making a
    ``Markup`` of every piece (the pieces are only joined into the page, or into a macro's
    ``Markup``, by Jinja itself); a few percent of an entity page's CPU."""
    if value.__class__ is str:
        return fragments.escape_text(value)
    if value.__class__ is Markup:
        return value
    return markupsafe.escape(value)


class Output(CodeGenerator):
    """Jinja's code generator, writing ``{{ … }}`` with :func:`escape_output` where it would write
    ``escape(…)`` (autoescaping, no finalize). Should Jinja rename the hook, templates compile as
    before: only slower."""

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if not frame.eval_ctx.volatile and frame.eval_ctx.autoescape and finalize.src is None:
            self.write("environment.escape_output(")
        else:
            super()._output_child_pre(node, frame, finalize)


class Environment(jinja2.Environment):
    """Jinja with ``row.key`` looked up as a dict key first (the pages' data are plain dicts):
    the default tries the attribute, and raising AttributeError for each lookup costs more than
    the rest of the lookup. Names of dict methods (``items``…) still mean the method."""

    code_generator_class = Output
    escape_output = staticmethod(escape_output)

    def make_globals(self, d: dict[str, Any] | None) -> dict[str, Any]:
        """A template's globals as one plain dict, not Jinja's ChainMap: every render copies them
        into its context, key by key through the ChainMap (a few percent of an entity page). The
        environment's globals are all set below, before any template loads."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


# auto_reload off: the templates are package files (a deploy restarts the server), and checking
# their times on every get_template was a few percent of an entity page's CPU
ENV = Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                  auto_reload=False)
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
GRAPH_NAMES = {links.GRAPH + name: name for name in ("ontology", "digest", "background", "bibliography", "inferred")}
XSD = "http://www.w3.org/2001/XMLSchema#"
DISPLAY_LIMIT = 400
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
# super-properties listed after the specific ones they repeat (mlo:about after mlo:hasTopic…)
GENERAL = {links.ONTOLOGY + "#about", "http://www.w3.org/2000/01/rdf-schema#label"}
PREFIXES = sorted(TURTLE_PREFIXES.items(), key=lambda p: -len(p[1]))  # longest namespace first
CURATOR_NOTE = {"text": "curator's note", "zh": "策展人注释"}


def graph_name(g: str | None) -> str:
    """A named graph's short name: its layer ("digest"), an issue's graph as "issue/{slug}"."""
    if not g:
        return "default"
    return GRAPH_NAMES.get(g) or (g[len(links.GRAPH) :] if g.startswith(links.GRAPH + "issue/") else links.local_name(g))


def graph_url(g: str | None) -> str | None:
    return safe_url(g) if g else None


ENV.filters["local"] = links.local
ENV.globals["value"] = fragments.value
ENV.globals["a"] = fragments.a
ENV.globals["passage_link"] = fragments.passage_link
ENV.globals["claim_items"] = fragments.claim_items
ENV.globals["relation_rows"] = lambda rows, incoming=False: fragments.relation_rows(rows, graph_url, graph_name, incoming)


def html(template: str, **context: Any) -> str:
    """A template rendered (in the server or in a query worker)."""
    context.setdefault("alternates", [])
    return ENV.get_template(template).render(**context)


def render(template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A template rendered into a response with the security headers."""
    return respond(html(template, **context), status, headers)


def respond(body: str | bytes, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """An HTML body as a response with the security headers."""
    return HTMLResponse(body, status, {**SECURITY, **(headers or {})})


@functools.lru_cache(maxsize=16384)
def curie(iri: str) -> str:
    for prefix, base in PREFIXES:
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


@functools.lru_cache(maxsize=16384)
def safe_url(iri: str) -> str | None:
    """Where a link to ``iri`` may point: this server for minted IRIs, the web for http(s), else nowhere."""
    if links.is_minted(iri):
        return links.local(iri)
    return iri if iri.startswith(("http://", "https://")) else None


NO_LABELS: dict[str, str] = {}


def label_of(iri: str, labels: dict[str, dict[str, str]]) -> tuple[str | None, str | None]:
    """An IRI's Chinese and English label (an untagged label counts as English)."""
    found = labels.get(iri, NO_LABELS)
    return found.get("zh"), found.get("en") or found.get("")


def term(value: dict | None, labels: dict[str, dict[str, str]]) -> dict:
    """A term as the templates show it: link, text and both labels, or a literal with its language."""
    if value is None:
        return {"kind": "none", "text": ""}
    if "iri" in value:
        iri = value["iri"]
        return iri_term(iri, *label_of(iri, labels))
    if "bnode" in value:
        return {"kind": "bnode", "text": "_:" + value["bnode"]}
    datatype = value.get("datatype")
    shown = None if datatype in (None, XSD + "string") else curie(datatype)
    return {"kind": "literal", "text": value["literal"], "lang": value.get("lang"), "datatype": shown}


@functools.lru_cache(maxsize=8192)  # ~0.4 KB each: at most ~3.5 MB (2,300 after every page of today's data)
def iri_term(iri: str, zh: str | None, en: str | None) -> dict:
    """:func:`term` of an IRI with these labels, made once: a page shows dozens, and the same ones
    as other pages. Shared by every page that shows it, so never changed (copy it with ``|``)."""
    return {"kind": "iri", "iri": iri, "url": safe_url(iri), "text": en or zh or curie(iri), "zh": zh if en else None, "external": not links.is_minted(iri)}


def predicate(value: dict, labels: dict[str, dict[str, str]]) -> dict:
    """A predicate as the templates show it (shared, as :func:`iri_term`'s are: never changed)."""
    iri = value["iri"]
    return iri_predicate(iri, *label_of(iri, labels))


@functools.lru_cache(maxsize=4096)
def iri_predicate(iri: str, zh: str | None, en: str | None) -> dict:
    return {"iri": iri, "url": safe_url(iri), "text": en or curie(iri), "zh": zh, "curie": curie(iri)}


def passage_url(passage: dict) -> str | None:
    """The exact passage: the digest text page, raw offsets highlighted."""
    base = safe_url(passage["source"])
    return f"{base}?start={passage['start']}&end={passage['end']}#passage" if base and links.is_minted(passage["source"]) else None


def value_key(value: dict) -> tuple:
    """Which values are the same: a value's items in order. The values come from
    :func:`minilat.server.entity.value`, which writes each kind's keys in one order and never
    an empty language or datatype, so this is sorting the items with None as "", only faster."""
    return tuple(value.items())


def relations(rows: list[dict], labels: dict, key: str) -> list[dict]:
    """One row per value: predicates stating the same value (rdfs:label and skos:prefLabel, a role
    and mlo:about) are merged into one row with their graphs, the more specific predicate first.
    Each predicate's dict is looked up once per table; terms and predicates are shared (see
    :func:`iri_term`): nothing changes them in place."""
    merged: dict[tuple, dict] = {}
    named: dict[str, dict] = {}
    for r in rows:
        value, p = r[key], r["p"]
        row = merged.get(found := value_key(value))
        if row is None:
            row = merged[found] = {"ps": {}, "v": term(value, labels), "gs": set()}
        if (iri := p["iri"]) not in row["ps"]:
            row["ps"][iri] = named.get(iri) or named.setdefault(iri, predicate(p, labels))
        row["gs"].add(r["g"])
    out = []
    for row in merged.values():
        ps = sorted(row["ps"].values(), key=lambda p: (p["iri"] in GENERAL, p["text"].casefold()))
        out.append({"p": ps[0], "ps": ps, "v": row["v"], "gs": sorted(row["gs"], key=lambda g: g or "")})
    return sorted(out, key=lambda r: (r["p"]["text"].casefold(), r["v"]["text"].casefold()))


def entity_view(data: dict) -> dict:
    """The entity page's data: labels, types, relations both ways, passages, links."""
    labels, iri = data["labels"], data["iri"]
    zh, en = label_of(iri, labels)
    type_rows = [r for r in data["own"] if r["p"]["iri"] == links.RDF_TYPE]
    types = sorted({(t["url"], t["text"], t["iri"]) for t in (term(r["o"], labels) for r in type_rows)})
    own = relations([r for r in data["own"] if r["p"]["iri"] != links.RDF_TYPE], labels, "o")
    if data["lead"]["kind"] == "mechanism":  # a mechanism's rdfs:comment is the curator's note, not a description
        for row in own:
            row["ps"] = [p | CURATOR_NOTE if p["iri"] == RDFS_COMMENT else p for p in row["ps"]]
    incoming = relations(data["incoming"], labels, "s")
    for row in incoming:  # a statement (claim#p1) is named with the claim it belongs to
        v = row["v"]
        if v["kind"] == "iri" and "#" in v["iri"] and (doc := label_of(v["iri"].split("#", 1)[0], labels)[1]):
            row["v"] = v | {"context": doc}
    return {
        "iri": iri,
        "zh": zh,
        "en": en,
        "title": zh or en or links.local_name(iri),
        "types": [{"url": u, "text": t, "iri": i} for u, t, i in types],
        "own": own,
        "parts": {frag: relations(rows, labels, "o") for frag, rows in sorted(data["parts"].items())},
        "incoming": incoming[:DISPLAY_LIMIT],
        "incoming_total": len(incoming),
        "passages": [p | {"url": passage_url(p)} for p in data["passages"]],
        "external": [{"url": x["url"], "text": x["text"], "p": predicate(x["p"], labels)} for x in data["external"] if x["url"].startswith(("http://", "https://"))],
        "text": data["text"],
    }


def alternates(path: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    """``<link rel=alternate>`` entries for a resource's other formats."""
    return [{"type": FORMATS[k].media_type, "href": f"{path}?format={k}", "key": k} for k in keys]
