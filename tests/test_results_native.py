"""Solutions written by pyoxigraph's serializer under the row cap (server/results.Capped).

The sink's row count must never be below the solutions really written, whatever the terms
hold (a quote, `{}`, a line break, `<result>` in a literal, a triple term, variables named
like the format's keys), or a result over the cap would go out uncapped.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from minilat.server import results
from minilat.server.worker import Worker
from minilat.store import RESULT_FORMATS

FORMATS = ["json", "xml", "csv", "tsv"]
TRICKY = """
SELECT ?type ?value ?x ?head WHERE {
  VALUES (?type ?value ?x ?head) {
    ("a,{}" "b\\"c" UNDEF UNDEF)
    (UNDEF UNDEF UNDEF UNDEF)
    ("<result></result>" "line\\nbreak\\r\\n" <http://example.org/s> "x"@en)
    ("{\\"type\\":\\"uri\\"}" 1 <http://example.org/b> "[{},{}]")
    (UNDEF UNDEF UNDEF UNDEF)
  }
}"""
TRIPLE = 'SELECT ?t ?value ?b WHERE { VALUES ?value { "v" 2 } BIND(BNODE() AS ?b) BIND(TRIPLE(<http://example.org/s>, <http://example.org/p>, "o,{}") AS ?t) }'
EMPTY = "SELECT ?x WHERE { FILTER(false) }"
NO_VARIABLES = "SELECT * WHERE { } "
TRICKY_ROWS, TRIPLE_ROWS = 5, 2


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return ox.Store()


def written(store: ox.Store, query: str, fmt: str, limit: int) -> bytes | None:
    return results.native(store.query(query), fmt, limit)


def parsed_rows(body: bytes, fmt: str) -> int:
    kind = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV}[fmt]
    return len(list(ox.parse_query_results(body, format=kind)))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("query", "rows"), [(TRICKY, TRICKY_ROWS), (TRIPLE, TRIPLE_ROWS), (EMPTY, 0), (NO_VARIABLES, 1)])
def test_the_count_is_never_below_the_rows_written(store, fmt, query, rows):
    sink = results.Capped(fmt, 10**6)
    store.query(query).serialize(sink, format=RESULT_FORMATS[fmt])
    assert sink.rows >= rows
    if fmt != "csv":  # the body is the whole result (CSV cannot be read back: it has no term types)
        assert parsed_rows(sink.body(), fmt) == rows


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_json_and_xml_counts_are_exact_for_terms_that_look_like_markup(store, fmt):
    # only a literal holding `,{}` or `[{}` adds to the JSON count: "a,{}" once and "[{},{}]"
    # twice in TRICKY, the triple term's "o,{}" once in each of TRIPLE's two rows. JSON is
    # counted exactly once its first bound (every `{`) passes the cap, so the cap is set there.
    for query, rows, extra in [(TRICKY, TRICKY_ROWS, 3), (TRIPLE, TRIPLE_ROWS, 2)]:
        count = rows + (extra if fmt == "json" else 0)
        sink = results.Capped(fmt, count)
        store.query(query).serialize(sink, format=RESULT_FORMATS[fmt])
        assert sink.rows == count
        assert sink.first is None  # the exact marks were counted


def test_the_json_first_bound_counts_every_brace_but_the_heads(store):
    # TRICKY: 5 solutions, 10 bound terms, and the braces of "a,{}" (1), '{"type":"uri"}' (1), "[{},{}]" (2)
    sink = results.Capped("json", 10**6)
    store.query(TRICKY).serialize(sink, format=RESULT_FORMATS["json"])
    assert (sink.rows, sink.first) == (5 + 10 + 4, results.FIRST_BOUND["json"])
    sink = results.Capped("json", 10**6)
    store.query(EMPTY).serialize(sink, format=RESULT_FORMATS["json"])
    assert sink.rows == 0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("limit", [TRICKY_ROWS + 3, 10**6])
def test_marks_split_across_writes_are_counted_once(store, fmt, limit):
    whole = results.Capped(fmt, limit)
    store.query(TRICKY).serialize(whole, format=RESULT_FORMATS[fmt])
    for size in (1, 2, 3, 7):
        sink = results.Capped(fmt, limit)
        body = whole.body()
        for at in range(0, len(body), size):
            sink.write(body[at : at + size])
        assert (sink.rows, sink.body()) == (whole.rows, body)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_at_the_cap_is_written_one_over_it_is_not(store, fmt):
    query = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 6 7 } }"
    assert written(store, query, fmt, 7) is not None
    assert written(store, query, fmt, 6) is None


def test_an_endless_result_stops_at_the_cap():
    # 10^4 × 10^4 = 10^8 solutions: only stopping the serialization early returns at all
    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i))) for i in range(10_000)])
    assert written(store, "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d }", "json", 100) is None


def test_switching_to_the_exact_count_mid_result_returns_the_size_written():
    # regression: the write that moved to the exact count returned the length of everything
    # kept so far; pyoxigraph's buffered writer panicked and the worker process died
    store = ox.Store()
    store.extend([ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i))) for i in range(2000)])
    sink = results.Capped("json", 2000)
    store.query("SELECT ?s ?o WHERE { ?s ?p ?o }").serialize(sink, format=RESULT_FORMATS["json"])
    assert len(sink.parts) > 2 and sink.first is None and sink.rows == 2000  # switched after the first write
    assert parsed_rows(sink.body(), "json") == 2000


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_worker_caps_rows_in_every_format(tmp_path, fmt):
    data = tmp_path / "data.nq"
    data.write_text("".join(f"<http://example.org/{i}> <http://example.org/p> \"{i}\" .\n" for i in range(30)), encoding="utf-8")
    worker = Worker(data)
    job = {"op": "query", "text": "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s", "formats": {"solutions": fmt}, "max_rows": 30}
    whole = worker.handle(job)
    cut = worker.handle(job | {"max_rows": 12})
    assert whole["truncated"] is False and cut["truncated"] is True
    lines = {"csv": 1, "tsv": 1}
    if fmt in lines:  # header + one line per row
        assert len(whole["body"].splitlines()) == 31 and len(cut["body"].splitlines()) == 13
    else:
        assert parsed_rows(whole["body"], fmt) == 30 and parsed_rows(cut["body"], fmt) == 12
