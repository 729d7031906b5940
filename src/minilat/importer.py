"""``minilat import FILE --graph IRI``: external RDF into its own named graph of the on-disk store.

The store is filled with the release dataset the first time, so one query can join the
imported data with minilat's (``minilat query --store DIR -n link-wikidata-join``).
Triple formats load straight into the graph; from TriG and N-Quads every quad, whatever
its graph, is moved into the target graph. Importing again replaces the graph.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click
from rdflib import Dataset

from minilat import ids, paths
from minilat.errors import UserError
from minilat.store import Store, guess_format, rdf_format

#: Where ``minilat import`` keeps its store unless --store says otherwise.
DEFAULT_STORE = paths.ROOT / "store"
DATASET_SUFFIXES = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}
FORMAT_NAMES = ["turtle", "nt", "rdfxml", "jsonld", "trig", "nq"]


def check_graph(iri: str) -> str:
    """A target graph must be an absolute IRI outside minilat's own graphs."""
    parts = urlsplit(iri)
    if not parts.scheme or not (parts.netloc or parts.scheme in ("urn", "tag")) or any(c in iri for c in ' <>"{}|\\^`'):
        raise UserError(f"--graph must be an absolute IRI such as https://example.org/graph/mine, not {iri!r}")
    if iri.startswith(str(ids.GRAPH)):
        raise UserError(f"--graph {iri} is one of minilat's own graphs; choose an IRI of your own")
    return iri


def _flatten(source: Path, fmt: str) -> Path:
    """A TriG/N-Quads file as N-Triples (all graphs merged), in a temporary file."""
    dataset = Dataset()
    try:
        dataset.parse(source, format=fmt)
    except Exception as exc:  # rdflib raises several parser error types
        raise UserError(f"not valid {fmt}: {' '.join(str(exc).split())[:200]}", source) from None
    data = b"".join(
        f"{s.n3()} {p.n3()} {o.n3()} .\n".encode("utf-8") for s, p, o, _ in dataset.quads((None, None, None, None))
    )
    handle = tempfile.NamedTemporaryFile(prefix="minilat-import-", suffix=".nt", delete=False)
    with handle:
        handle.write(data)
    return Path(handle.name)


def import_file(source: Path, graph: str, store_dir: Path = DEFAULT_STORE, fmt: str | None = None) -> int:
    """Load ``source`` into named graph ``graph`` of the store in ``store_dir``; return its triple count."""
    graph = check_graph(graph)
    if not source.is_file():
        raise UserError("no such RDF file", source)
    store = Store.open(store_dir)
    failure: UserError | None = None
    try:
        _load(store, source, graph, fmt)
        count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", union=False)
        return int(next(iter(count))["n"].value)  # type: ignore[arg-type, index]
    except UserError as exc:
        failure = type(exc)(exc.message, exc.path, exc.line)
    finally:
        del store
    # Raised out here, without the traceback that holds the store: its on-disk lock is released.
    assert failure is not None
    raise failure


def _load(store: Store, source: Path, graph: str, fmt: str | None) -> None:
    suffix = {"turtle": ".ttl"}.get(fmt or "", f".{fmt}") if fmt else source.suffix.lower()
    store.engine.update(f"DROP SILENT GRAPH <{graph}>")
    if suffix in DATASET_SUFFIXES:
        flat = _flatten(source, DATASET_SUFFIXES[suffix])
        try:
            store.load(flat, graph=graph, fmt=rdf_format("nt"))
        finally:
            flat.unlink(missing_ok=True)
    else:
        store.load(source, graph=graph, fmt=rdf_format(fmt) if fmt else guess_format(source))


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--graph", "graph", required=True, help="IRI of the named graph to load the file into (replaced if present).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_STORE, show_default=True, help="On-disk store (filled with the release the first time).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), help="RDF format, if the file extension does not tell.")
def import_command(file: Path, graph: str, store_dir: Path, fmt: str | None) -> None:
    """Load an external RDF file into its own named graph, to query it together with minilat."""
    n = import_file(file, graph, store_dir, fmt)
    click.echo(f"imported {n} triples from {file} into <{graph}> of the store {store_dir}")
    click.echo(f"query them together: minilat query --store {store_dir} -n link-wikidata-join")
