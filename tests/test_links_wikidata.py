"""``minilat link --wikidata`` against a stand-in SPARQL endpoint on loopback (no network)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import yaml
from click.testing import CliRunner
from test_push import StandIn

from minilat.cli import Group
from minilat.linking import links, wikidata

# Recorded answers for the stand-in. The QIDs are MADE UP (Q9000000xx) so that no test
# fixture could pass for a real Wikidata identifier; only the shape is Wikidata's.
SITELINKS = """
@prefix schema: <http://schema.org/> .
@prefix wd: <http://www.wikidata.org/entity/> .
<https://en.wikipedia.org/wiki/Quadrilateral_Security_Dialogue> schema:about wd:Q900000001 ; schema:isPartOf <https://en.wikipedia.org/> .
<https://en.wikipedia.org/wiki/AUKUS> schema:about wd:Q900000002 ; schema:isPartOf <https://en.wikipedia.org/> .
<https://de.wikipedia.org/wiki/AUKUS> schema:about wd:Q900000099 ; schema:isPartOf <https://de.wikipedia.org/> .
<https://en.wikipedia.org/wiki/Nuclear_Suppliers_Group> schema:about wd:Q900000003 ; schema:isPartOf <https://en.wikipedia.org/> .
<https://en.wikipedia.org/wiki/Missile_Technology_Control_Regime> schema:about wd:Q900000004 ; schema:isPartOf <https://en.wikipedia.org/> .
<https://en.wikipedia.org/wiki/Zangger_Committee> schema:about wd:Q900000005 ; schema:isPartOf <https://en.wikipedia.org/> .
<https://en.wikipedia.org/wiki/New_Agenda_Coalition> schema:about wd:Q900000006 ; schema:isPartOf <https://en.wikipedia.org/> .
<https://en.wikipedia.org/wiki/Treaty_on_the_Non-Proliferation_of_Nuclear_Weapons> schema:about wd:Q900000007, wd:Q900000008 ; schema:isPartOf <https://en.wikipedia.org/> .
<https://en.wikipedia.org/wiki/Australia> schema:about wd:Q408 ; schema:isPartOf <https://en.wikipedia.org/> .
"""


def endpoint():
    """A stand-in SPARQL endpoint: runs the query it is sent over the recorded sitelinks."""
    store = ox.Store()
    store.load(SITELINKS.encode(), format=ox.RdfFormat.TURTLE)

    def answer(method, path, headers, body):
        query = urllib.parse.parse_qs(body.decode()).get("query", [""])[0]
        result = store.query(query)
        return 200, "application/sparql-results+json", result.serialize(format=ox.QueryResultsFormat.JSON), {}

    return StandIn(answer)


def run(*args: str):
    group = Group()
    group.add_command(wikidata.link_command)
    return CliRunner().invoke(group, ["link", "--wikidata", *args], catch_exceptions=False)


def test_missing_qids_are_those_with_a_title_but_no_qid() -> None:
    titles = [title for _, title in wikidata.missing(links.load_reference())]
    assert titles == [
        "Quadrilateral_Security_Dialogue", "AUKUS", "Nuclear_Suppliers_Group", "Missile_Technology_Control_Regime", "Zangger_Committee",
        "New_Agenda_Coalition", "Treaty_on_the_Non-Proliferation_of_Nuclear_Weapons", "Treaty_on_the_Prohibition_of_Nuclear_Weapons",
    ]


def test_proposals_go_to_a_review_file_not_the_graph(tmp_path: Path, built) -> None:
    out = tmp_path / "wikidata-proposals.yaml"
    with endpoint() as server:
        result = run("--endpoint", f"{server.url}/sparql", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == f"6 of 8 titles matched a single Wikidata item; proposals written to {out} for review\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Wikidata QIDs proposed by `minilat link --wikidata`, NOT confirmed")
    document = yaml.safe_load(text)
    rows = {row["wikipedia"]: row for row in document["proposals"]}
    assert rows["Quadrilateral_Security_Dialogue"]["wikidata"] == "Q900000001"
    assert rows["AUKUS"]["wikidata"] == "Q900000002"  # the German article's item is not taken
    assert rows["Treaty_on_the_Non-Proliferation_of_Nuclear_Weapons"]["candidates"] == ["Q900000007", "Q900000008"]
    assert "wikidata" not in rows["Treaty_on_the_Prohibition_of_Nuclear_Weapons"]
    assert document["endpoint"] == f"{server.url}/sparql" and document["status"].startswith("PROPOSALS ONLY")
    # One query was asked, with the sitelink pattern, and nothing reached the links graph.
    queries = [urllib.parse.parse_qs(b.decode())["query"][0] for m, _, _, b in server.requests if m == "POST"]
    assert len(queries) == 1 and "schema:isPartOf <https://en.wikipedia.org/>" in queries[0]
    graph = links.link_graph(built.curation, links.load_reference(), built.graph("bibliography"))
    assert not any("Q9000000" in str(o) for o in graph.objects())


def test_no_network_is_one_line_exit_2(tmp_path: Path) -> None:
    with endpoint() as server:
        closed = server.url  # nothing listens there once the stand-in is gone
    result = run("--endpoint", f"{closed}/sparql", "--out", str(tmp_path / "p.yaml"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"minilat: error: cannot reach {closed}/sparql (no network, or nothing listening there?)")
    assert not (tmp_path / "p.yaml").exists()


def test_default_endpoint_is_wikidata() -> None:
    assert wikidata.DEFAULT_ENDPOINT == "https://query.wikidata.org/sparql"
    assert wikidata.PROPOSALS.name == "wikidata-proposals.yaml"
