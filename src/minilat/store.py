"""The store layer: the one place that talks to the SPARQL engine (pyoxigraph).

In memory by default, persistent on disk with a directory. ``load`` reads the release
dataset (named graphs kept), ``query`` runs SPARQL with bindings passed as values
(never spliced into the text), ``dump`` serializes. The CLI, the server, the views and
the notebooks all use this API. It is also the only module that opens a pyoxigraph
store (:func:`open_engine`; a test checks it): ``Store.memory()`` and
``Store.from_dataset(dataset)`` for an in-memory one (the build's validation rules, VoID).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from minilat import paths
from minilat.errors import UserError
from minilat.ids import BASE, GRAPH, TURTLE_PREFIXES
from minilat.library.sparqlscan import scan

if TYPE_CHECKING:
    from rdflib import Dataset

#: The release file the store loads by default.
RELEASE = paths.GRAPHS / "minilat.nq"

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class QueryError(UserError):
    """A query the engine rejected: syntax error, unknown prefix, bad binding."""


def refuse_update(sparql: str) -> None:
    """One clear line for a SPARQL Update given where only a query is run."""
    facts = scan(sparql)
    if facts.is_update:
        raise QueryError(f"this is a SPARQL Update ({facts.form}): updates are not supported here, only SELECT, ASK, CONSTRUCT and DESCRIBE")


def one_line(message: str, limit: int = 200) -> str:
    """Engine messages can run over many lines: keep the position and the gist."""
    text = " ".join(message.split())
    if "Prefix not found" in text:
        head = text.split("expected")[0].strip()
        return f"{head} unknown prefix (declare it with PREFIX)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rdf_format(name: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[name.lower()]
    except KeyError:
        raise UserError(f"unknown RDF format {name!r}; use one of {', '.join(sorted(RDF_FORMATS))}") from None


def guess_format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        fmt = RDF_FORMATS.get(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise UserError("cannot tell the RDF format from the file extension (use .ttl, .nt, .nq, .trig, .jsonld or .rdf)", path)
    return fmt


def term(value: str) -> Term:
    """A binding value from the command line: <iri>, an absolute IRI, "literal"@lang or a plain literal."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    if value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    if value.startswith('"') and '"@' in value:
        text, _, lang = value[1:].rpartition('"@')
        return ox.Literal(text, language=lang)
    if value.startswith('"') and value.endswith('"'):
        return ox.Literal(value[1:-1])
    return ox.Literal(value)


def open_engine(directory: Path | None = None) -> ox.Store:
    """A pyoxigraph store, in memory or on disk in ``directory``: the one place one is opened.

    :class:`Store` wraps it; callers that measure or need the raw engine (the benchmark's
    pyoxigraph baseline) take it from here."""
    try:
        return ox.Store(str(directory)) if directory else ox.Store()
    except OSError as exc:
        raise UserError(f"cannot open the store: {exc}", directory) from None


#: Named graphs of suggested records (``graph/drafts/{issue}``): outside the default graph.
DRAFTS_PREFIX = str(GRAPH["drafts/"])


class Store:
    """A minilat dataset in pyoxigraph, in memory or on disk."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._store = open_engine(directory)

    @classmethod
    def memory(cls) -> Store:
        """An empty in-memory store."""
        return cls(None)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> Store:
        """An in-memory store holding an rdflib ``Dataset`` (named graphs kept), e.g. a build's
        dataset before any release file is written."""
        from rdflib import URIRef

        store = cls.memory()
        store.engine.bulk_extend(
            ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), from_rdflib(g.identifier))  # type: ignore[arg-type]
            for g in dataset.graphs()
            if isinstance(g.identifier, URIRef)
            for s, p, o in g
        )
        return store

    @classmethod
    def open(cls, directory: Path | None = None, release: Path = RELEASE) -> Store:
        """The release dataset: loaded into memory, or into ``directory`` the first time."""
        store = cls(directory)
        if len(store) == 0:
            store.load(release)
        return store

    def __len__(self) -> int:
        return len(self._store)

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store itself, for callers that need its full API (benchmarks)."""
        return self._store

    def load(self, source: Path, graph: str | None = None, fmt: ox.RdfFormat | None = None) -> None:
        """Load an RDF file; triple formats go into ``graph`` (a named graph IRI) if given."""
        if not source.is_file():
            raise UserError("no such RDF file: run `minilat build` first" if source == RELEASE else "no such RDF file", source)
        fmt = fmt or guess_format(source)
        to_graph = ox.NamedNode(graph) if graph else None
        if to_graph is not None and fmt.supports_datasets:
            raise UserError("a --graph target needs a triple format (Turtle, N-Triples, RDF/XML, JSON-LD)", source)
        try:
            if self.directory is not None:
                self._store.bulk_load(path=str(source), format=fmt, to_graph=to_graph)
            else:
                self._store.load(path=str(source), format=fmt, to_graph=to_graph)
        except SyntaxError as exc:
            raise UserError(f"not valid {fmt.name}: {one_line(str(exc))}", source) from None
        self._store.flush() if self.directory is not None else None

    def load_data(self, data: bytes, fmt: ox.RdfFormat, graph: str | None = None) -> None:
        """Load RDF given as bytes; triple formats go into ``graph`` (a named graph IRI) if given."""
        try:
            self._store.load(data, format=fmt, to_graph=ox.NamedNode(graph) if graph else None)
        except SyntaxError as exc:
            raise UserError(f"not valid {fmt.name}: {one_line(str(exc))}") from None
        self._store.flush() if self.directory is not None else None

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        union: bool = True,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base: str | None = BASE,
    ) -> Result:
        """Run a SPARQL query. By default the default graph is the union of the named graphs;
        relative IRIs resolve against ``base`` (the dataset base) unless the query has a BASE."""
        refuse_update(sparql)
        options: dict[str, object] = {"base_iri": base} if base else {}
        if default_graph:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        elif union and not scan(sparql).has_dataset:  # FROM / FROM NAMED win over the union default
            reviewed = self.reviewed_graphs()
            if reviewed is None:
                options["use_default_graph_as_union"] = True
            else:  # drafts are queried by naming their graph, never mixed into the default
                options["default_graph"] = reviewed
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            options["substitutions"] = {ox.Variable(name.lstrip("?$")): value for name, value in bindings.items()}
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise QueryError(f"query syntax: {one_line(str(exc))}") from None
        except RuntimeError as exc:
            message = str(exc)
            if "does not contains variable" in message:
                name = message.split("variable")[1].split()[0]
                raise QueryError(f"parameter {name} must appear in the query's SELECT projection to be bound") from None
            raise QueryError(f"query failed: {one_line(message)}") from None

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def has_drafts(self) -> bool:
        """Whether the store holds a drafts graph (suggested records, outside the default graph)."""
        return any(g.value.startswith(DRAFTS_PREFIX) for g in self._store.named_graphs())

    def reviewed_graphs(self) -> list[ox.NamedNode] | None:
        """The named graphs but the drafts ones, or None when there are no drafts (the plain union).
        Read from the store each time (about 2 µs): an update through the engine may add a graph."""
        names = self.graphs()
        if not any(g.startswith(DRAFTS_PREFIX) for g in names):
            return None
        return [ox.NamedNode(g) for g in names if not g.startswith(DRAFTS_PREFIX)]

    def dump(self, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS, graph: str | None = None) -> bytes:
        """Serialize the whole dataset (a quad format) or one named graph."""
        if graph:
            return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph))
        return self._store.dump(format=fmt)


def used_prefixes(triples: list[ox.Triple] | list[ox.Quad]) -> dict[str, str]:
    """The project's Turtle prefixes that the IRIs of ``triples`` actually use."""
    iris = {t.value for q in triples for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    iris |= {q.object.datatype.value for q in triples if isinstance(q.object, ox.Literal)}
    # an IRI starts with a namespace ending in / or # exactly when the IRI cut after its last
    # / or # does: the few distinct cuts are checked, not every IRI
    cuts = {i[: max(i.rfind("/"), i.rfind("#")) + 1] for i in iris}
    return {p: ns for p, ns in TURTLE_PREFIXES.items() if any(c.startswith(ns) for c in (cuts if ns[-1] in "/#" else iris))}


def serialize(result: Result, fmt: str) -> bytes:
    """A query result in a named format: json/xml/csv/tsv for SELECT and ASK, RDF formats for graphs
    (Turtle with the project's prefixes)."""
    if isinstance(result, ox.QueryTriples):
        if fmt in RESULT_FORMATS and fmt != "xml":
            raise UserError(f"--format {fmt} is for SELECT/ASK; a CONSTRUCT/DESCRIBE result needs turtle, nt, jsonld or rdfxml")
        rdf = rdf_format(fmt)
        if rdf != ox.RdfFormat.TURTLE:
            return result.serialize(format=rdf)
        triples = list(result)
        return ox.serialize(triples, format=rdf, prefixes=used_prefixes(triples)) or b""
    if fmt not in RESULT_FORMATS:
        raise UserError(f"--format {fmt} is for CONSTRUCT/DESCRIBE; a SELECT/ASK result needs json, xml, csv or tsv")
    return result.serialize(format=RESULT_FORMATS[fmt])


@functools.cache
def rdflib_terms() -> tuple[type, type, type]:
    """rdflib's URIRef, BNode and Literal, imported on first use, not with this module (the
    server never needs rdflib), and once, not on every call (three per quad of a release)."""
    from rdflib import BNode, Literal, URIRef

    return URIRef, BNode, Literal


def from_rdflib(node: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (direct: ten times faster than an N-Quads round trip)."""
    URIRef, BNode, Literal = rdflib_terms()  # noqa: N806
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    assert isinstance(node, Literal), node
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
