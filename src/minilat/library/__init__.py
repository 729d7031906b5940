"""The competency-query library: ``src/minilat/library/queries/*.rq``, each with a comment header.

Header lines (before the first non-comment line)::

    # title: Members of a mechanism
    # title@zh: 机制的成员
    # description: ...
    # description@zh: ...
    # param: mechanism — IRI of the mechanism (default: every mechanism)

Parameters are SPARQL variables bound at run time (``--bind mechanism=<iri>``); each
must be in the SELECT projection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from minilat.errors import UserError

QUERIES = Path(__file__).parent / "queries"
HEADER = re.compile(r"^#\s*(title|title@zh|description|description@zh|param)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Param:
    """A query parameter: a variable the caller may bind."""

    name: str
    description: str


@dataclass(frozen=True)
class LibraryQuery:
    """A named query of the library with its bilingual header."""

    name: str
    path: Path
    text: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith(("#", "PREFIX", "prefix")))
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return match.group(1).upper() if match else "SELECT"


def parse_header(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = HEADER.match(line)
        if not match:
            if fields and line.startswith("#   ") and "description" in fields:
                fields["description"] += " " + line[1:].strip()
            continue
        key, value = match.groups()
        if key == "param":
            name, _, description = value.partition("—")
            params.append(Param(name.strip().lstrip("?"), description.strip()))
        else:
            fields[key] = value.strip()
    missing = [k for k in ("title", "title@zh", "description", "description@zh") if not fields.get(k)]
    if missing:
        raise UserError(f"query header lacks {', '.join(missing)}", path, 1)
    return LibraryQuery(
        name=path.stem,
        path=path,
        text=text,
        title=fields["title"],
        title_zh=fields["title@zh"],
        description=fields["description"],
        description_zh=fields["description@zh"],
        params=tuple(params),
    )


@cache
def library() -> dict[str, LibraryQuery]:
    """Every library query by name, sorted."""
    return {q.name: q for q in (parse_header(p) for p in sorted(QUERIES.glob("*.rq")))}


def get(name: str) -> LibraryQuery:
    try:
        return library()[name]
    except KeyError:
        close = [n for n in library() if name in n or n in name]
        hint = f"; did you mean {', '.join(close)}?" if close else "; `minilat query --list` lists them"
        raise UserError(f"no library query named {name!r}{hint}") from None

