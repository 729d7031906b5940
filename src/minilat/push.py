"""``minilat push`` and remote queries: minilat's named graphs in any SPARQL 1.1 store.

:func:`push` replaces each named graph on the store with the Graph Store HTTP Protocol
(one PUT per graph) or, without a graph store URL, with SPARQL Update (DROP, then INSERT
DATA in chunks), and drops minilat graphs it pushed before that the dataset no longer has.
:func:`remote_query` runs a query on a SPARQL endpoint over plain HTTP and returns the
answer in the same formats as ``minilat query`` (bindings join in as a VALUES block).
"""

from __future__ import annotations

import base64
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import click
import pyoxigraph as ox

from minilat import ids, store
from minilat.errors import UserError
from minilat.library.table import as_table, render, show
from minilat.store import Store, Term, rdf_format

USER_AGENT = "minilat/0.1 (https://w3id.org/minilat/)"
SELECT_TYPES = "application/sparql-results+json"
GRAPH_TYPES = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
CHUNK = 1000  # triples per INSERT DATA request: Virtuoso's SPARQL compiler runs out of memory near 5,000
CONTENT_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
}


@dataclass
class Pushed:
    """What one push did."""

    graphs: dict[str, int] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def request(url: str, data: bytes | None = None, headers: Mapping[str, str] | None = None, method: str | None = None,
            user: str | None = None, password: str | None = None, timeout: float = 60.0) -> tuple[int, str, bytes]:
    """One HTTP request (digest or basic auth if a user is given); (status, content type, body)."""
    method = method or ("POST" if data is not None else "GET")
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    if user is not None:
        sent.update(_authorization(url, method, data, user, password or "", timeout))
    req = urllib.request.Request(url, data=data, method=method, headers=sent)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as exc:
        body = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
        hint = " (check --user/--password)" if exc.code in (401, 403) else ""
        raise UserError(f"{method} {url.split('?')[0]}: HTTP {exc.code} {exc.reason}{hint}: {body}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(f"cannot reach {url.split('?')[0]} (no network, or nothing listening there?): {reason}") from None


def _authorization(url: str, method: str, data: bytes | None, user: str, password: str, timeout: float) -> dict[str, str]:
    """Answer the server's challenge before sending the body.

    Stores such as Virtuoso answer 401 and close the connection before reading a large
    body, so the challenge is fetched first with a body-less HEAD request.
    """
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT}), timeout=timeout).close()
        return {}
    except urllib.error.HTTPError as exc:
        challenges = exc.headers.get_all("WWW-Authenticate") or []
    except (urllib.error.URLError, OSError) as exc:
        raise UserError(f"cannot reach {url.split('?')[0]} (no network, or nothing listening there?): {getattr(exc, 'reason', exc)}") from None
    for challenge in challenges:
        scheme, _, params = challenge.partition(" ")
        if scheme.lower() == "digest":
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, user, password)
            chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(params)))
            value = urllib.request.HTTPDigestAuthHandler(manager).get_authorization(urllib.request.Request(url, data=data, method=method), chal)
            if value:
                return {"Authorization": f"Digest {value}"}
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def sparql(endpoint: str, text: str, accept: str, graphs: list[str] | None = None, user: str | None = None,
           password: str | None = None, update: bool = False, timeout: float = 60.0) -> tuple[str, bytes]:
    """POST a query (or update) by the SPARQL 1.1 protocol; (content type, body)."""
    form: list[tuple[str, str]] = [("update" if update else "query", text)]
    for graph in graphs or []:
        form += [("default-graph-uri", graph), ("named-graph-uri", graph)]
    data = urllib.parse.urlencode(form).encode("utf-8")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    _, ctype, body = request(endpoint, data, headers, "POST", user, password, timeout)
    return ctype, body


def remote_graphs(endpoint: str, prefix: str = str(ids.GRAPH), user: str | None = None, password: str | None = None) -> list[str]:
    """Named graphs on the store whose IRI starts with ``prefix`` (minilat's by default)."""
    query = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
    _, body = sparql(endpoint, query, SELECT_TYPES, user=user, password=password)
    return sorted(row["g"].value for row in _solutions(body))


def push(endpoint: str, source: Store, graph_store: str | None = None, update: str | None = None,
         user: str | None = None, password: str | None = None, timeout: float = 300.0) -> Pushed:
    """Replace every named graph of ``source`` on the store; drop stale minilat graphs."""
    start = time.perf_counter()
    result = Pushed()
    names = source.graphs()
    if not names:
        raise UserError("nothing to push: the dataset has no named graphs")
    stale = [g for g in remote_graphs(endpoint, user=user, password=password) if g not in names]
    for name in names:
        data = source.dump(rdf_format("nt"), graph=name)
        result.graphs[name] = data.count(b"\n")
        if graph_store:
            url = f"{graph_store}?{urllib.parse.urlencode({'graph': name})}"
            # N-Triples is Turtle: every store accepts text/turtle for a Graph Store PUT.
            request(url, data, {"Content-Type": "text/turtle; charset=utf-8"}, "PUT", user, password, timeout)
        else:
            sparql(update or endpoint, f"DROP SILENT GRAPH <{name}>", "*/*", user=user, password=password, update=True, timeout=timeout)
            for chunk in chunks(data.decode("utf-8")):
                # INSERT DATA may not hold blank nodes on every store (Virtuoso); a template may.
                head, tail = ("INSERT", " WHERE {}") if BNODE.search(chunk.split("\n", 1)[0]) else ("INSERT DATA", "")
                body = f"{head} {{ GRAPH <{name}> {{\n{chunk}}} }}{tail}"
                sparql(update or endpoint, body, "*/*", user=user, password=password, update=True, timeout=timeout)
    for name in stale:
        if graph_store:
            request(f"{graph_store}?{urllib.parse.urlencode({'graph': name})}", None, {}, "DELETE", user, password, timeout)
        else:
            sparql(update or endpoint, f"DROP SILENT GRAPH <{name}>", "*/*", user=user, password=password, update=True)
        result.dropped.append(name)
    result.seconds = time.perf_counter() - start
    return result


BNODE = re.compile(r'^_:|\s_:[^\s"<>]+ \.$')


def chunks(ntriples: str, size: int = CHUNK) -> list[str]:
    """N-Triples split into INSERT DATA-sized pieces; triples with blank nodes stay together.

    A blank node label is scoped to one INSERT DATA operation, so every triple that names
    blank nodes goes into the first piece.
    """
    lines = [line for line in ntriples.splitlines() if line.strip()]
    bnodes = [line for line in lines if BNODE.search(line)]
    plain = [line for line in lines if not BNODE.search(line)]
    pieces = [bnodes + plain[: max(0, size - len(bnodes))]]
    rest = plain[len(pieces[0]) - len(bnodes) :]
    pieces += [rest[i : i + size] for i in range(0, len(rest), size)]
    return ["\n".join(piece) + "\n" for piece in pieces if piece]


def form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (comments, prologue and string contents ignored)."""
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", _masked(text), re.IGNORECASE)
    return match.group(1).upper() if match else "SELECT"


def _masked(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length), to find keywords."""
    return re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*', lambda m: " " * len(m.group(0)), text)


def with_bindings(text: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with the bindings joined in as a VALUES block opening its WHERE group.

    Equivalent to binding the variables for a library query (each parameter is in the
    projection). A trailing VALUES clause would be shorter, but Virtuoso 7 ignores it in
    SELECT and rejects it in ASK and CONSTRUCT.
    """
    if not bindings:
        return text
    match = re.search(r"\bWHERE\s*\{|\bASK\s*\{", _masked(text), re.IGNORECASE)
    if match is None:
        raise UserError("cannot bind parameters: the query has no WHERE group")
    names = " ".join(f"?{name.lstrip('?$')}" for name in bindings)
    values = " ".join(str(value) for value in bindings.values())
    return f"{text[: match.end()]}\n  VALUES ({names}) {{ ({values}) }}{text[match.end() :]}"


def _solutions(body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
    try:
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise UserError(f"the endpoint's answer is not SPARQL JSON results: {store.one_line(str(exc))}") from None


def remote_query(endpoint: str, text: str, fmt: str = "json", bindings: Mapping[str, Term] | None = None,
                 graphs: list[str] | None = None, user: str | None = None, password: str | None = None, timeout: float = 60.0) -> bytes:
    """Run a query on a remote endpoint; the answer serialized like ``minilat query --format fmt``.

    ``graphs`` restricts the dataset (default-graph-uri and named-graph-uri for each graph): the
    default graph is then their union. Without it the store's own default graph is used
    (Virtuoso and GraphDB: the union of all graphs; Fuseki: set ``tdb2:unionDefaultGraph``).
    """
    text = with_bindings(text, bindings)
    if form(text) in ("SELECT", "ASK"):
        _, body = sparql(endpoint, text, SELECT_TYPES, graphs, user, password, timeout=timeout)
        result = _solutions(body)
        return (as_table(result) + "\n").encode("utf-8") if fmt == "table" else store.serialize(result, fmt)
    ctype, body = sparql(endpoint, text, GRAPH_TYPES, graphs, user, password, timeout=timeout)
    triples = remote_triples(ctype, body)
    if fmt == "table":
        rows = [[show(t.subject), show(t.predicate), show(t.object)] for t in triples]
        return (render(["subject", "predicate", "object"], rows) + "\n").encode("utf-8")
    if fmt in store.RESULT_FORMATS:
        raise UserError(f"--format {fmt} is for SELECT/ASK; a CONSTRUCT/DESCRIBE result needs turtle, nt, jsonld or rdfxml")
    return ox.serialize(triples, format=rdf_format(fmt))


def remote_triples(ctype: str, body: bytes) -> list[ox.Triple]:
    """Parse a CONSTRUCT/DESCRIBE answer by its content type."""
    name = CONTENT_FORMATS.get(ctype)
    if name is None:
        raise UserError(f"the endpoint answered a graph query with {ctype!r}; expected N-Triples, Turtle, RDF/XML or JSON-LD")
    try:
        return [t for t in ox.parse(body, format=rdf_format(name))]  # type: ignore[misc]
    except SyntaxError as exc:
        raise UserError(f"the endpoint's {ctype} answer does not parse: {store.one_line(str(exc))}") from None


@click.command("push")
@click.option("--endpoint", required=True, help="SPARQL query endpoint of the store (e.g. http://127.0.0.1:8890/sparql).")
@click.option("--graph-store", help="Graph Store HTTP Protocol endpoint (PUT per graph); without it, SPARQL Update is used.")
@click.option("--update", "update_url", help="SPARQL Update endpoint, if not the query endpoint (used without --graph-store).")
@click.option("--user", help="User name (HTTP digest or basic authentication).")
@click.option("--password", envvar="MINILAT_PUSH_PASSWORD", help="Password (or set MINILAT_PUSH_PASSWORD).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False), help="Push this on-disk store (with imported graphs) instead of the release file.")
def push_command(endpoint: str, graph_store: str | None, update_url: str | None, user: str | None, password: str | None, store_dir: Path | None) -> None:
    """Load every named graph into a SPARQL 1.1 store, replacing what minilat pushed before."""
    if password is not None and user is None:
        raise UserError("--password needs --user")
    result = push(endpoint, Store.open(store_dir), graph_store, update_url, user, password)
    for name, n in result.graphs.items():
        click.echo(f"  {n:>6} triples  <{name}>")
    for name in result.dropped:
        click.echo(f"  dropped stale graph <{name}>")
    how = "Graph Store PUT" if graph_store else "SPARQL Update"
    click.echo(f"pushed {len(result.graphs)} graphs, {result.triples} triples to {graph_store or update_url or endpoint} by {how} in {result.seconds:.2f}s")
