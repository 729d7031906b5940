"""A SPARQL lexer for the safety checks that must run before a query reaches the engine.

The query text is first unescaped (``\\uXXXX`` / ``\\UXXXXXXXX``, SPARQL 1.1 §19.2), then
split into strings, IRIs, comments, variables, language tags and *code* (keywords,
prefixed names, numbers, punctuation). Checks look only at code, so ``"SERVICE"`` in a
literal is harmless while ``SERVICE``, ``1SERVICE`` (PEG parsers need no word boundary)
or ``\\u0053ERVICE`` are caught. Code that merely *contains* "service" (say
``schema:serviceType``) is flagged ``service_mention`` and the worker confirms with a real
parse (rdflib's algebra) before running it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*(?:'''|\Z)
             | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*(?:\"\"\"|\Z)
             | '(?:[^'\\\n\r]|\\.)*(?:'|(?=[\n\r])|\Z)
             | "(?:[^"\\\n\r]|\\.)*(?:"|(?=[\n\r])|\Z))
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]*)
  | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<bnode>_:[\w-]+)
  | (?P<pname>(?:[^\W\d_][\w-]*)?:[\w-]*)
  | (?P<word>\w+)
  | (?P<escape>\\.)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
NONDETERMINISTIC = {"NOW", "RAND", "UUID", "STRUUID", "BNODE"}


def unescape(text: str) -> str:
    """Replace SPARQL code-point escapes, as the grammar says to before parsing."""

    def one(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return ESCAPE.sub(one, text)


@dataclass(frozen=True)
class Scan:
    """What the lexer learned about a query or update."""

    words: tuple[str, ...]  # bare words, upper-cased, in order
    code: str  # every code token, lower-cased, space separated

    @property
    def form(self) -> str | None:
        """SELECT/ASK/CONSTRUCT/DESCRIBE, or the first update keyword, or None."""
        for word in self.words:
            if word in QUERY_FORMS or word in UPDATE_WORDS:
                return word
        return None

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_WORDS

    @property
    def service_keyword(self) -> bool:
        """A SERVICE keyword: refused outright."""
        return "SERVICE" in self.words

    @property
    def service_mention(self) -> bool:
        """"service" anywhere in code (``1SERVICE``, ``ex:service``): needs a real parse to clear."""
        return "service" in self.code

    @property
    def loads(self) -> bool:
        return "LOAD" in self.words

    @property
    def load_mention(self) -> bool:
        return "load" in self.code

    @property
    def has_dataset(self) -> bool:
        """FROM / FROM NAMED clauses: the query names its own dataset."""
        return "FROM" in self.words or "USING" in self.words

    @property
    def deterministic(self) -> bool:
        """No NOW(), RAND(), UUID()…: the same query over the same data gives the same answer."""
        return not any(word in NONDETERMINISTIC for word in self.words)


@functools.lru_cache(maxsize=1024)
def scan(text: str) -> Scan:
    """Lex ``text`` (after unescaping) into the facts the checks need."""
    words: list[str] = []
    code: list[str] = []
    for match in TOKEN.finditer(unescape(text)):
        kind = match.lastgroup
        if kind in {"word", "pname", "escape", "punct", "bnode"}:
            token = match.group()
            code.append(token.lower())
            if kind == "word":
                words.append(token.upper())
    return Scan(tuple(words), " ".join(code))
