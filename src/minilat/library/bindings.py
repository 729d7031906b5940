"""Values for ``minilat query --bind NAME=VALUE``.

A value is an IRI (``<iri>`` or absolute), a prefixed name with one of the context's
prefixes (``mlo:contests``, ``mechanism:quad``), a quoted literal (``"text"@lang``), or a
bare entity slug (``quad``, or ``mechanism/quad``) looked up among the dataset's
``https://w3id.org/minilat/id/*/{slug}``: the variable's own kind wins (``mechanism=quad``),
otherwise the slug must name exactly one entity. An unknown or ambiguous slug is an error
naming the binding, never a silent literal that matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pyoxigraph as ox

from minilat import ids
from minilat.errors import UserError
from minilat.pipeline.release import jsonld
from minilat.store import Term, term

#: Runs a SELECT and returns the IRIs of its first column.
Lookup = Callable[[str], list[str]]

SLUG = re.compile(r"^(?:(?P<kind>[a-z][a-z0-9-]*)/)?(?P<slug>[A-Za-z0-9][A-Za-z0-9._~-]*)$")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")  # bare numbers stay plain literals, as before
PNAME = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_-]*):(?P<local>[^\s<>\"{}|^`\\]*)$")
ID = str(ids.ID)


def prefixes() -> dict[str, str]:
    """The published JSON-LD context's prefixes (``mlo``, ``rdfs``, ``mechanism``…)."""
    return {k: v for k, v in jsonld.context()["@context"].items() if isinstance(v, str)}


def kind_of(name: str) -> str | None:
    """The entity kind (IRI path segment) a variable name stands for, if any: ``issue_area`` → ``issue-area``."""
    key = name.replace("_", "-")
    kinds = set(ids.KIND_PATH.values()) | {v[len(ID) :].rstrip("/") for v in prefixes().values() if v.startswith(ID) and v != ID}
    kind = ids.KIND_PATH.get(key, key)
    return kind if kind in kinds else None


def candidates(slug: str, lookup: Lookup) -> list[str]:
    """Every entity ``id/{kind}/{slug}`` in the dataset."""
    query = (  # the slug matched SLUG: no quote or backslash can reach the string
        f'SELECT DISTINCT ?e WHERE {{ ?e ?p ?o FILTER(isIRI(?e) && STRSTARTS(STR(?e), "{ID}") && STRENDS(STR(?e), "/{slug}")) }}'
    )
    pattern = re.compile(re.escape(ID) + r"[^/#?]+/" + re.escape(slug))
    return sorted(iri for iri in lookup(query) if pattern.fullmatch(iri))


def exists(iri: str, lookup: Lookup) -> bool:
    return bool(lookup(f"SELECT ?e WHERE {{ VALUES ?e {{ {ox.NamedNode(iri)} }} ?e ?p ?o }} LIMIT 1"))


def resolve(name: str, value: str, lookup: Lookup) -> ox.NamedNode:
    """The entity IRI a bare slug stands for, or a one-line error naming the binding."""
    match = SLUG.match(value)
    assert match is not None
    given, slug = match.group("kind"), match.group("slug")
    kind = given or kind_of(name)
    if kind is not None and exists(ID + f"{kind}/{slug}", lookup):
        return ox.NamedNode(ID + f"{kind}/{slug}")
    found = [] if given else candidates(slug, lookup)
    hint = "give an IRI, <iri> or a quoted \"literal\""
    if kind is not None and not found:
        raise UserError(f"--bind {name}={value}: no {kind} {slug!r} (id/{kind}/{slug}) in the dataset; {hint}")
    if kind is not None:
        raise UserError(f"--bind {name}={value}: no {kind} {slug!r} in the dataset, only {', '.join(found)}")
    if not found:
        raise UserError(f"--bind {name}={value}: no entity id/*/{slug} in the dataset; {hint}")
    if len(found) > 1:
        raise UserError(f"--bind {name}={value} is ambiguous: {', '.join(found)}; give the IRI or kind/{slug}")
    return ox.NamedNode(found[0])


def value(name: str, text: str, lookup: Lookup) -> Term:
    """One binding's value (see the module docstring)."""
    text = text.strip()
    if (pname := PNAME.match(text)) and pname.group("prefix") in prefixes():
        return ox.NamedNode(prefixes()[pname.group("prefix")] + pname.group("local"))
    if SLUG.match(text) and not NUMBER.match(text):
        return resolve(name, text, lookup)
    try:
        return term(text)
    except ValueError as exc:
        raise UserError(f"--bind {name}={text}: {exc}") from None


def parse(pairs: tuple[str, ...], lookup: Lookup) -> dict[str, Term]:
    """``NAME=VALUE`` pairs as a binding per variable."""
    out: dict[str, Term] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise UserError(f"--bind expects name=value, got {pair!r}")
        out[name] = value(name, text, lookup)
    return out
