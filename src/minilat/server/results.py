"""Serialize query results with a row cap (runs in the worker processes).

Solutions go through pyoxigraph's own serializer (a third of a large result's cost is
writing it in Python) into a :class:`Capped` sink, which counts the rows written so far
from the bytes and stops the query as soon as there may be more than ``max_rows``. Only
then are the first ``max_rows`` solutions written here, in Python: SPARQL 1.1 Query
Results JSON, XML, CSV and TSV. Graph results go through pyoxigraph's serializer after
the cap.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from minilat.store import RDF_FORMATS, RESULT_FORMATS, used_prefixes

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
DUMPS = json.JSONEncoder(ensure_ascii=False).encode


# What each solution adds to the bytes, counted so the total is never below the solutions
# written: format → the marks counted and the constant the count is offset by. pyoxigraph
# writes JSON without spaces, and every solution is an object that opens the bindings array
# (`[{`) or follows another (`,{`); a term's object follows a colon (`":{`), also inside a
# triple term. Only a literal holding `[{` or `,{` adds to the count, never takes from it.
# Text never holds a raw `<` in XML; a literal's line break at most adds to a CSV/TSV count.
ROW_MARKS: dict[str, tuple[tuple[bytes, ...], int]] = {
    "json": ((b"[{", b",{"), 0),
    "xml": ((b"<result>",), 0),
    "csv": ((b"\n",), -1),  # one line per solution after the header
    "tsv": ((b"\n",), -1),
}
# A cheaper first bound where the exact marks cost more to count (a two-byte pattern is
# scanned at half the speed of one byte): every `{` but the three of the JSON head, i.e. the
# solutions plus their terms. Only once it passes the cap are the exact marks counted.
FIRST_BOUND: dict[str, tuple[bytes, int]] = {"json": (b"{", -3)}


class TooMany(Exception):
    """More solutions than the cap: the native serialization was stopped."""


class Capped:
    """A binary sink for pyoxigraph's serializer that keeps the bytes and an upper bound of the
    solutions in them, and stops the serialization (and with it the query) past ``limit``.
    Each write is scanned once per mark (a mark split across two writes is found in the few
    bytes around the seam); for JSON, a one-byte first bound is counted until it passes the
    cap, and only then the exact marks, over everything kept so far and each write after."""

    def __init__(self, fmt: str, limit: int) -> None:
        self.marks, self.offset = ROW_MARKS[fmt]
        self.limit = limit
        self.parts: list[bytes] = []
        self.keep = max(len(p) for p in self.marks) - 1
        self.tail = b""  # the last ``keep`` bytes written, for a mark split across two writes
        self.first = FIRST_BOUND.get(fmt)
        self.rows = self.first[1] if self.first else self.offset

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        size = len(chunk)  # what was written (the serializer's buffer panics if told more)
        self.parts.append(chunk)
        if self.first:
            self.rows += chunk.count(self.first[0])
            if self.rows <= self.limit:
                return size
            self.first = None  # past the cap by the first bound: the exact marks, once over all so far
            chunk = b"".join(self.parts)
            self.parts, self.rows = [chunk], self.offset + self.count(chunk, b"")
        else:
            self.rows += self.count(chunk, self.tail)
        if self.rows > self.limit:
            raise TooMany
        if self.keep:
            self.tail = chunk[-self.keep :] if len(chunk) >= self.keep else (self.tail + chunk)[-self.keep :]
        return size

    def count(self, chunk: bytes, tail: bytes) -> int:
        """The marks in ``chunk``, with those that start in ``tail`` (the bytes before it) and end in it."""
        found = sum(chunk.count(p) for p in self.marks)
        if tail:
            head = chunk[: self.keep]
            seam = tail + head
            found += sum(seam.count(p) - tail.count(p) - head.count(p) for p in self.marks)
        return found

    def flush(self) -> None:
        pass

    def body(self) -> bytes:
        return b"".join(self.parts)


def native(result: ox.QuerySolutions, fmt: str, limit: int) -> bytes | None:
    """The solutions in ``fmt`` by pyoxigraph's serializer; None when there may be more than ``limit``."""
    sink = Capped(fmt, limit)
    try:
        result.serialize(sink, format=RESULT_FORMATS[fmt])
    except TooMany:
        return None
    return sink.body()


def capped(items: Iterable, limit: int) -> tuple[list, bool]:
    """The first ``limit`` items and whether there were more."""
    head = list(itertools.islice(iter(items), limit + 1))
    return head[:limit], len(head) > limit


def json_term(term: Term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{k}>{xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def solutions(variables: list[str], rows: Sequence[Sequence[Term | None]], fmt: str) -> bytes:
    """SELECT results in ``fmt`` (json, xml, csv, tsv)."""
    if fmt == "json":  # what json.dumps would write, each distinct term encoded once
        encoded: dict[Term, str] = {}
        names = [DUMPS(v) + ": " for v in variables]
        bindings = ", ".join(
            "{" + ", ".join(name + (encoded.get(t) or encoded.setdefault(t, DUMPS(json_term(t)))) for name, t in zip(names, row, strict=True) if t is not None) + "}"
            for row in rows
        )
        return f'{{"head": {{"vars": {DUMPS(variables)}}}, "results": {{"bindings": [{bindings}]}}}}'.encode()
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        xml: dict[Term, str] = {}
        opens = [f"<binding name={quoteattr(v)}>" for v in variables]
        body = "".join(
            "<result>" + "".join(f"{name}{xml.get(t) or xml.setdefault(t, xml_term(t))}</binding>" for name, t in zip(opens, row, strict=True) if t is not None) + "</result>"
            for row in rows
        )
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{body}</results></sparql>\n"
        ).encode()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([csv_term(t) for t in row] for row in rows)
        return out.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"not a results format: {fmt}")


def boolean(value: bool, fmt: str) -> bytes:
    """ASK results in ``fmt``."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>{word}</boolean></sparql>\n'.encode()
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    return f"?_askResult\n{word}\n".encode()


def graph(triples: list[ox.Triple] | list[ox.Quad], fmt: str) -> bytes:
    """Triples (or quads) in an RDF format; Turtle and TriG get the prefixes they use."""
    prefixes = used_prefixes(triples) if fmt in {"turtle", "trig"} else None
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=prefixes) or b""
