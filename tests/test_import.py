"""``minilat import``: external RDF into its own named graph, joined with minilat in one query."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from test_links import linked

from minilat import library, paths
from minilat.cli import Group
from minilat.errors import UserError
from minilat.importer import import_command, import_file
from minilat.store import Store

SAMPLE = paths.CORPUS / "examples" / "wikidata-sample.ttl"
GRAPH = "https://example.org/graph/wikidata-sample"
QUAD = "https://w3id.org/minilat/id/mechanism/quad"


@pytest.fixture(scope="module")
def store_dir(built, tmp_path_factory) -> Path:
    """An on-disk store holding the release with the links graph (as `minilat build` will write it)."""
    folder = tmp_path_factory.mktemp("store")
    Store.open(folder, release=linked(built).files["minilat.nq"])
    return folder


def cli() -> click.Group:
    group = Group()
    group.add_command(import_command)
    return group


def count(store: Store, graph: str) -> int:
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(result))["n"].value)


def test_import_then_join_through_the_links(store_dir: Path) -> None:
    assert import_file(SAMPLE, GRAPH, store_dir) == 48
    store = Store(store_dir)
    rows = [{k: row[k].value if row[k] is not None else None for k in ("mechanism", "role", "entity", "item", "iso3")} for row in store.query(library.get("link-wikidata-join").text)]
    assert len(rows) == 15
    quad = sorted((r["entity"].rsplit("/", 1)[1], r["item"].rsplit("/", 1)[1], r["iso3"]) for r in rows if r["mechanism"] == QUAD)
    assert quad == [("AUS", "Q408", "AUS"), ("IND", "Q668", "IND"), ("JPN", "Q17", "JPN"), ("USA", "Q30", "USA")]
    un = [r for r in rows if r["role"] == "mechanism" and r["item"].endswith("/Q1065")]
    assert un and un[0]["iso3"] is None


def test_reimport_replaces_the_graph(store_dir: Path, tmp_path: Path) -> None:
    import_file(SAMPLE, GRAPH, store_dir)
    small = tmp_path / "one.nt"
    small.write_text('<http://www.wikidata.org/entity/Q408> <http://www.w3.org/2000/01/rdf-schema#label> "Australia"@en .\n', encoding="utf-8")
    assert import_file(small, GRAPH, store_dir) == 1
    assert import_file(SAMPLE, GRAPH, store_dir) == 48


def test_dataset_formats_go_into_the_one_graph(store_dir: Path, tmp_path: Path) -> None:
    trig = tmp_path / "two.trig"
    trig.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "ex:g1 { ex:a ex:p ex:b . }\n"
        "ex:g2 { ex:c ex:p [ ex:q \"blank\" ] . }\n"
        "ex:d ex:p ex:e .\n",
        encoding="utf-8",
    )
    assert import_file(trig, "https://example.org/graph/mine", store_dir) == 4
    store = Store(store_dir)
    assert "https://example.org/g1" not in store.graphs() and "https://example.org/graph/mine" in store.graphs()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--graph", "not an iri"], "--graph must be an absolute IRI"),
        (["--graph", "https://w3id.org/minilat/graph/digest"], "one of minilat's own graphs"),
    ],
)
def test_bad_graph_is_one_line(store_dir: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli(), ["import", str(SAMPLE), "--store", str(store_dir), *args])
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1 and "Traceback" not in result.output


def test_bad_files_are_one_line(store_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/a> <https://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(UserError, match="not valid"):
        import_file(broken, GRAPH, store_dir)
    with pytest.raises(UserError, match="no such RDF file"):
        import_file(tmp_path / "missing.ttl", GRAPH, store_dir)
    odd = tmp_path / "data.xyz"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="cannot tell the RDF format"):
        import_file(odd, GRAPH, store_dir)


def test_cli_reports_the_count(store_dir: Path) -> None:
    result = CliRunner().invoke(cli(), ["import", str(SAMPLE), "--graph", GRAPH, "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert f"imported 48 triples from {SAMPLE} into <{GRAPH}>" in result.output
