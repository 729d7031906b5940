"""``minilat query``: run SPARQL inline, from a file or by name from the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pyoxigraph as ox

from minilat import library
from minilat.errors import UserError
from minilat.library import bindings
from minilat.library.table import as_table
from minilat.store import RESULT_FORMATS, Store, refuse_update, serialize

FORMATS = ["table", *RESULT_FORMATS, "turtle", "nt", "jsonld", "rdfxml"]
def parse_bindings(pairs: tuple[str, ...], lookup: bindings.Lookup | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
    """``--bind`` values; entity slugs need ``lookup`` (without it a slug is unknown)."""
    return bindings.parse(pairs, lookup or (lambda select: []))


def list_library() -> str:
    lines = []
    for q in library.library().values():
        params = ", ".join(p.name for p in q.params)
        lines.append(f"{q.name:<34} {q.form:<9} {q.title} / {q.title_zh}" + (f"  [params: {params}]" if params else ""))
    return "\n".join(lines)


@click.command("query")
@click.argument("text", required=False)
@click.option("-f", "--file", "file", type=click.Path(path_type=Path), help="Read the query from a file.")
@click.option("-n", "--name", help="Run a library query by name (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the library queries.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE", help="Bind a query variable: an IRI, <iri>, prefix:name, \"text\"@lang, or an entity slug (mechanism=quad).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), help="Use (and fill on first use) an on-disk store in DIR.")
@click.option("--endpoint", help="Run on a remote SPARQL endpoint (e.g. Virtuoso after `minilat push`) instead of the embedded store.")
@click.option("--graph", "graphs", multiple=True, help="With --endpoint: limit the default graph to these graph IRIs.")
def query_command(
    text: str | None, file: Path | None, name: str | None, list_: bool, fmt: str, binds: tuple[str, ...], store_dir: Path | None, endpoint: str | None, graphs: tuple[str, ...]
) -> None:
    """Run a SPARQL query over the minilat dataset (default graph = union of the named graphs;
    relative IRIs resolve against https://w3id.org/minilat/)."""
    if list_:
        click.echo(list_library())
        return
    given = [x for x in (text, file, name) if x]
    if len(given) != 1:
        raise UserError("give exactly one query: inline TEXT, --file PATH or --name NAME (or --list)")
    if file:
        try:
            sparql = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot read the query file: {exc.strerror}", file) from None
    elif name:
        sparql = library.get(name).text
    else:
        sparql = text or ""
    refuse_update(sparql)
    if endpoint:
        from minilat.push import remote_query

        def remote(select: str) -> list[str]:
            rows = json.loads(remote_query(endpoint, select, "json", graphs=list(graphs) or None))["results"]["bindings"]
            return [row["e"]["value"] for row in rows if "e" in row]

        sys.stdout.buffer.write(remote_query(endpoint, sparql, fmt, bindings=parse_bindings(binds, remote), graphs=list(graphs) or None))
        sys.stdout.flush()
        return
    store = Store.open(store_dir)

    def local(select: str) -> list[str]:
        return [row["e"].value for row in store.query(select)]

    result = store.query(sparql, bindings=parse_bindings(binds, local))
    if fmt == "table":
        click.echo(as_table(result))
    else:
        sys.stdout.buffer.write(serialize(result, fmt))
        sys.stdout.flush()

