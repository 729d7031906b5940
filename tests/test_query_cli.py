"""``minilat query``: inline, file and library queries, formats, bindings, errors, on-disk store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from minilat.library.table import width
from minilat.store import Store

QUAD = "https://w3id.org/minilat/id/mechanism/quad"
LABELS = "SELECT ?l WHERE { <%s> <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minilat", "query", *args], capture_output=True, text=True, timeout=120)


def test_inline_query_json() -> None:
    out = run("--format", "json", LABELS % QUAD)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["results"]["bindings"]
    assert [(r["l"]["value"], r["l"]["xml:lang"]) for r in rows] == [("Quadrilateral Security Dialogue", "en"), ("四方安全对话", "zh")]


def test_query_from_file_csv(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(LABELS % "https://w3id.org/minilat/id/mechanism/aukus", encoding="utf-8")
    out = run("--file", str(path), "--format", "csv")
    assert list(csv.reader(io.StringIO(out.stdout))) == [["l"], ["AUKUS"], ["奥库斯"]]


def test_library_query_with_binding_tsv() -> None:
    out = run("--name", "mechanisms-by-type", "--bind", "type=<https://w3id.org/minilat/ontology#TreatyRegime>", "--format", "tsv")
    assert out.returncode == 0, out.stderr
    labels = [line.split("\t")[1] for line in out.stdout.splitlines()[1:]]
    assert labels == ['"Treaty on the Non-Proliferation of Nuclear Weapons"@en', '"Treaty on the Prohibition of Nuclear Weapons"@en']


def test_construct_as_turtle() -> None:
    out = run("--format", "turtle", f"CONSTRUCT {{ <{QUAD}> ?p ?o }} WHERE {{ <{QUAD}> ?p ?o FILTER(?p = <http://www.w3.org/2004/02/skos/core#altLabel>) }}")
    graph = Graph().parse(data=out.stdout, format="turtle")
    assert {str(o) for o in graph.objects()} == {"Quad"}


def test_ask_as_xml() -> None:
    out = run("--format", "xml", f"ASK {{ <{QUAD}> a <https://w3id.org/minilat/ontology#SecurityMinilateral> }}")
    assert "<boolean>true</boolean>" in out.stdout


def test_table_aligns_chinese_columns() -> None:
    out = run("SELECT ?zh ?en WHERE { ?m <http://www.w3.org/2000/01/rdf-schema#label> ?zh, ?en FILTER(lang(?zh)='zh' && lang(?en)='en') "
              "FILTER(?m IN (<https://w3id.org/minilat/id/mechanism/quad>, <https://w3id.org/minilat/id/mechanism/nsg>)) } ORDER BY ?en")
    lines = out.stdout.splitlines()
    assert lines[-1] == "(2 rows)"
    body = lines[:-1]
    bars = {width(line.split("│")[0]) for line in body if "│" in line}
    assert len(bars) == 1  # the column separator sits at the same display column on every line
    assert "核供应国集团 @zh" in out.stdout and "四方安全对话 @zh" in out.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELEC ?x"], "minilat: error: query syntax: error at 1:"),
        (["SELECT ?x WHERE { ?x foo:bar ?y }"], "minilat: error: query syntax: error at 1:29: unknown prefix"),
        (["--name", "no-such-query"], "minilat: error: no library query named 'no-such-query'"),
        (["--bind", "x", "SELECT ?x WHERE {}"], "minilat: error: --bind expects name=value"),
        (["SELECT ?l WHERE { ?m ?p ?l }", "--bind", "m=<urn:x>"], "minilat: error: parameter ?m must appear in the query's SELECT projection"),
        (["--format", "turtle", "SELECT * WHERE {}"], "minilat: error: --format turtle is for CONSTRUCT/DESCRIBE"),
    ],
)
def test_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(message), out.stderr
    assert "Traceback" not in out.stderr


def test_list_shows_every_library_query() -> None:
    from minilat.library import library

    out = run("--list")
    names = [line.split()[0] for line in out.stdout.splitlines()]
    assert names == list(library())


def test_on_disk_store_persists(tmp_path: Path) -> None:
    directory = tmp_path / "store"
    first = Store.open(directory)
    count = len(first)
    assert count == len(Store.open())
    del first
    out = run("--store", str(directory), "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert out.stdout.splitlines()[1] == str(count)


def test_store_bindings_are_values_not_text() -> None:
    store = Store.open()
    injected = ox.Literal('x" } ?s ?p ?o { "')
    rows = list(store.query("SELECT ?l ?m WHERE { ?m <http://www.w3.org/2000/01/rdf-schema#label> ?l }", bindings={"l": injected}))
    assert rows == []
