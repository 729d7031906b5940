"""What the query page shows and needs: the library as examples, each parameter's kind.

Every library query becomes an example with both titles and descriptions. Each ``# param:``
line becomes an input: as the user types, the site search (``/search``, JSON hits) suggests
entities, kept to the parameter's kinds (``kinds``: IRI path segments under ``id/``); when the
query lists the variable's values itself (``VALUES ?relation { mlo:supports … }``), those
values are the choices.
"""

from __future__ import annotations

import functools
import re

from minilat import library
from minilat.ids import TURTLE_PREFIXES
from minilat.server import links

#: Entities a claim can be about or a statement can name.
ENTITY = ("mechanism", "state", "concept", "event", "person", "organization", "region", "theory", "issue-area")
#: The kinds of entity each parameter name stands for.
KINDS: dict[str, tuple[str, ...]] = {
    "mechanism": ("mechanism",),
    "state": ("state",),
    "claim": ("claim",),
    "article": ("article",),
    "work": ("article", "preface"),
    "concept": ("concept",),
    "issue_area": ("issue-area",),
    "holder": ("state", "person", "organization"),
    "issue": ("digest",),
    "entity": ENTITY,
    "subject": ENTITY,
}
PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE | re.MULTILINE)
EXAMPLE = re.compile(r",?\s*e\.g\.\s*(<[^<>\s]+>|[A-Za-z][\w-]*:[\w-]+)")


def values_of(text: str, name: str) -> list[str]:
    """The IRIs a query lists for ``?name`` in a ``VALUES ?name { … }`` block (prefixed names expanded)."""
    match = re.search(r"VALUES\s+\?" + re.escape(name) + r"\s*\{([^}]*)\}", text, re.IGNORECASE)
    if match is None:
        return []
    prefixes = {p or "": iri for p, iri in PREFIX.findall(text)}
    out = []
    for token in match.group(1).split():
        if token.startswith("<") and token.endswith(">"):
            out.append(token[1:-1])
        elif ":" in token and token.split(":", 1)[0] in prefixes:
            prefix, local = token.split(":", 1)
            out.append(prefixes[prefix] + local)
    return out


def example_of(description: str, text: str) -> str | None:
    """The IRI a parameter's description gives as its example, if any."""
    match = EXAMPLE.search(description)
    if match is None:
        return None
    token = match.group(1)
    if token.startswith("<"):
        return token[1:-1]
    prefix, local = token.split(":", 1)
    prefixes = {p or "": iri for p, iri in PREFIX.findall(text)} | TURTLE_PREFIXES
    return prefixes[prefix] + local if prefix in prefixes else None


def param_entry(q: library.LibraryQuery, param: library.Param) -> dict:
    description, _, default = param.description.partition("(default:")
    description = EXAMPLE.sub("", description).strip().rstrip(",").removeprefix("IRI of ")
    return {
        "name": param.name,
        "description": description[:1].upper() + description[1:],
        "default": default.rstrip(") ").strip() or None,
        "kinds": list(KINDS.get(param.name, ())),
        "choices": values_of(q.text, param.name),
        "example": example_of(param.description, q.text),
    }


def body(text: str) -> str:
    """The query without its header comment (shown beside the editor instead)."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


@functools.cache
def entries() -> list[dict]:
    """Every library query as the page lists it (built once: the library is fixed while the server runs)."""
    return [
        {
            "name": q.name, "title": q.title, "title_zh": q.title_zh, "description": q.description, "description_zh": q.description_zh,
            "form": q.form, "params": [param_entry(q, p) for p in q.params], "text": body(q.text),
            "search": " ".join([q.name, q.title, q.title_zh, q.description, q.description_zh, q.form, *(f"?{p.name}" for p in q.params)]).lower(),
        }
        for q in library.library().values()
    ]


def config(open_name: str | None) -> dict:
    """What query.js needs: the endpoint, base IRI, prefixes, the library, the query to open."""
    return {"endpoint": "/sparql", "base": links.BASE, "prefixes": {"id": links.ID, **TURTLE_PREFIXES}, "queries": entries(), "open": open_name,
            "search": "/search"}
