"""Library queries "as asked": their parameters bound to one entity, as a user runs them.

Unbound, a parameterised library query answers for every entity at once, so its result
grows with the data (660k rows for claims-about-entity at 10M triples): that measures
an export. Bound, it answers the question its header asks ("claims about AUKUS"). The
benchmark times both. The value bound is the header's own example when that is an
ontology term (``mlo:contests``), else the busiest synthetic entity of the parameter's
kind, which the generator records (:data:`minilat.bench.generator.EXAMPLE_ROLES`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from minilat.bench.vocab import ID
from minilat.library import LibraryQuery

#: Suffix of the measurement key of a query run as asked (``mechanism-members@asked``).
ASKED = "@asked"

_EXAMPLE = re.compile(r"e\.g\.\s+(<[^>\s]+>|[A-Za-z][\w-]*:[\w-]+)")
_PREFIX = re.compile(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


class UnboundParameter(ValueError):
    """A library parameter the benchmark has no value for (a new kind of parameter)."""


def _expand(token: str, text: str) -> str:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    prefixes = dict(_PREFIX.findall(text))
    if prefix not in prefixes:
        raise UnboundParameter(f"example {token} uses a prefix the query does not declare")
    return prefixes[prefix] + local


def bindings(query: LibraryQuery, examples: Mapping[str, str]) -> dict[str, str]:
    """Parameter name -> IRI to bind when ``query`` is run as asked (empty: no parameters)."""
    bound: dict[str, str] = {}
    for param in query.params:
        match = _EXAMPLE.search(param.description)
        example = _expand(match.group(1), query.text) if match else None
        if example is not None and not example.startswith(ID):
            bound[param.name] = example  # an ontology term: exists in every dataset
        elif param.name in examples:
            bound[param.name] = examples[param.name]
        else:
            raise UnboundParameter(
                f"query {query.name}: no synthetic example for parameter {param.name!r}; add a role for it to "
                "EXAMPLE_ROLES in minilat/bench/generator.py"
            )
    return bound


def plan(library: Mapping[str, LibraryQuery], examples: Mapping[str, str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The measurements of a case in order (key -> query text) and the bindings per key.

    A parameterised query is measured twice: as asked (key ``name@asked``, first) and
    unbound (key ``name``); a query without parameters once, under its name.
    """
    texts: dict[str, str] = {}
    bound: dict[str, dict[str, str]] = {}
    for name, query in library.items():
        values = bindings(query, examples)
        if values:
            texts[name + ASKED] = query.text
            bound[name + ASKED] = values
        texts[name] = query.text
    return texts, bound
