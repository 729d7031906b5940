"""The views: built by SPARQL from the release graph, counts match SPARQL, deterministic, offline, escaped."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from minilat.library import get
from minilat.store import Store
from minilat.views import write_views
from minilat.views.cli import views_command
from minilat.views.render import vis_source

VIEWS = ("mechanisms-and-states", "co-membership", "argument-map", "concept-map", "explorer")
QUAD = "https://w3id.org/minilat/id/mechanism/quad"
XSS = "<img src=x onerror=alert(1)>"
PREFIXES = """\
PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX fabio: <http://purl.org/spar/fabio/>
"""
MECHANISM_TYPES = "VALUES ?t { mlo:MinilateralMechanism mlo:MultilateralInstitution mlo:TreatyRegime mlo:DiplomaticInitiative }"

#: For each view, a SPARQL count of the nodes it must show, written independently of minilat.views.
NODE_COUNTS = {
    "mechanisms-and-states": f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        {{ ?x a mlo:State }} UNION {{ {MECHANISM_TYPES} ?x a ?t }} }}""",
    "co-membership": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?m a org:Membership ; org:member ?x }",
    "argument-map": f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        {{ ?x a mlo:Claim }} UNION {{ ?c a mlo:Claim ; mlo:claimOf ?x }}
        UNION {{ ?c a mlo:Claim ; mlo:about ?x . ?x a mlo:State }}
        UNION {{ ?c a mlo:Claim ; mlo:about ?x . ?x a skos:Concept }}
        UNION {{ ?c a mlo:Claim ; mlo:about ?x . {MECHANISM_TYPES} ?x a ?t }} }}""",
    "concept-map": f"""SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        {{ ?x skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> }}
        UNION {{ ?x mlo:about ?k . ?k skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> }}
        UNION {{ ?c mlo:about ?x, ?k . ?k skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> . {MECHANISM_TYPES} ?x a ?t }} }}""",
    "explorer": """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
        VALUES ?t { mlo:Claim mlo:MinilateralMechanism mlo:MultilateralInstitution mlo:TreatyRegime mlo:DiplomaticInitiative mlo:State mlo:IssueArea
                    skos:Concept mlo:Event fabio:JournalArticle mlo:Preface fabio:Journal foaf:Person org:Organization }
        ?x a ?t . FILTER(isIRI(?x)) }""",
}

SYNTHETIC = """\
@prefix mlo: <https://w3id.org/minilat/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/minilat/id/> .

<https://w3id.org/minilat/graph/ontology> {
  mlo:EmpiricalFinding rdfs:subClassOf mlo:Claim ; rdfs:label "empirical finding"@en, "经验发现"@zh .
  mlo:supports rdfs:label "supports"@en, "支持"@zh .
}
<https://w3id.org/minilat/graph/digest> {
  <https://w3id.org/minilat/id/mechanism/evil> a mlo:MinilateralMechanism, mlo:OutsideMinilateral ;
      rdfs:label "<img src=x onerror=alert(1)>"@en, "<img src=x onerror=alert(1)>"@zh ;
      skos:altLabel "</script><script>alert(4)</script>"@en .
  <https://w3id.org/minilat/id/mechanism/un> a mlo:MultilateralInstitution ; rdfs:label "United Nations"@en, "联合国"@zh .
  <https://w3id.org/minilat/id/state/AAA> a mlo:State ; rdfs:label "Aland"@en, "甲国"@zh ; mlo:iso3166Alpha3 "<u>AAA</u>" .
  <https://w3id.org/minilat/id/state/BBB> a mlo:State ; rdfs:label "Bland"@en, "乙国"@zh .
  <https://w3id.org/minilat/id/membership/evil-AAA> a org:Membership ; org:member <https://w3id.org/minilat/id/state/AAA> ;
      org:organization <https://w3id.org/minilat/id/mechanism/evil> ; mlo:layer "digest" .
  <https://w3id.org/minilat/id/membership/evil-BBB> a org:Membership ; org:member <https://w3id.org/minilat/id/state/BBB> ;
      org:organization <https://w3id.org/minilat/id/mechanism/evil> ; mlo:layer "background" ; dcterms:source "<b>bold source</b>" .
  <https://w3id.org/minilat/id/membership/un-AAA> a org:Membership ; org:member <https://w3id.org/minilat/id/state/AAA> ;
      org:organization <https://w3id.org/minilat/id/mechanism/un> ; mlo:layer "background" .
  <https://w3id.org/minilat/id/concept/xss> a skos:Concept ; skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> ;
      skos:prefLabel "\\"><svg onload=alert(2)>"@en, "<svg onload=alert(2)>"@zh ; skos:definition "<iframe src=javascript:alert(5)></iframe>"@en .
  <https://w3id.org/minilat/id/event/evil-1998> a mlo:Event ; dcterms:date "1998" ; mlo:involves <https://w3id.org/minilat/id/mechanism/evil> ;
      rdfs:label "<svg onload=alert(7)>"@en, "<iframe src=javascript:alert(8)>"@zh .
  <https://w3id.org/minilat/id/concept/plain> a skos:Concept ; skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> ;
      skos:prefLabel "plain"@en, "普通"@zh ; skos:broader <https://w3id.org/minilat/id/concept/xss> .
  <https://w3id.org/minilat/id/claim/c1> a mlo:Claim, mlo:EmpiricalFinding ; mlo:claimOf <https://w3id.org/minilat/id/article/a1> ;
      mlo:statement "A <b>bold</b> statement"@en ;
      mlo:about <https://w3id.org/minilat/id/mechanism/evil>, <https://w3id.org/minilat/id/concept/xss>, <https://w3id.org/minilat/id/state/AAA> ;
      mlo:anchoredBy <https://w3id.org/minilat/id/annotation/c1> .
  <https://w3id.org/minilat/id/annotation/c1> a oa:Annotation ; oa:hasTarget <https://w3id.org/minilat/id/annotation/c1#t> .
  <https://w3id.org/minilat/id/annotation/c1#t> oa:hasSelector <https://w3id.org/minilat/id/annotation/c1#p>, <https://w3id.org/minilat/id/annotation/c1#q> .
  <https://w3id.org/minilat/id/annotation/c1#q> a oa:TextQuoteSelector ; oa:exact "<img src=x onerror=alert(3)>引文" .
  <https://w3id.org/minilat/id/annotation/c1#p> a oa:TextPositionSelector ; oa:start 10 ; oa:end 24 .
  <https://w3id.org/minilat/id/claim/c2> a mlo:Claim, mlo:EmpiricalFinding ; mlo:claimOf <https://w3id.org/minilat/id/preface/p> ;
      mlo:statement "A preface claim"@en ; mlo:supports <https://w3id.org/minilat/id/claim/c1> ;
      mlo:about <https://w3id.org/minilat/id/concept/plain>, <https://w3id.org/minilat/id/mechanism/un> .
}
<https://w3id.org/minilat/graph/bibliography> {
  <https://w3id.org/minilat/id/article/a1> a fabio:JournalArticle ; rdfs:label "<script>alert(6)</script>"@en ;
      dcterms:creator <https://w3id.org/minilat/id/person/x> .
  <https://w3id.org/minilat/id/person/x> a foaf:Person ; foaf:name "Evil <i>Author</i>" ; rdfs:label "Evil <i>Author</i>"@en .
  <https://w3id.org/minilat/id/preface/p> a mlo:Preface ; rdfs:label "Preface"@en, "专题序言"@zh .
}
"""


def count(store: Store, sparql: str) -> int:
    return int(next(iter(store.query(PREFIXES + sparql)))["n"].value)


@cache
def release_store() -> Store:
    return Store.open()


@cache
def real_views() -> Path:
    """The real graph's views, written once per test session."""
    out = Path(tempfile.mkdtemp(prefix="minilat-views-"))
    write_views(release_store(), out)
    return out


@cache
def synthetic_views() -> Path:
    """Views of a tiny graph whose labels, quotes and sources are HTML and script injections."""
    folder = Path(tempfile.mkdtemp(prefix="minilat-xss-"))
    release = folder / "synthetic.trig"
    release.write_text(SYNTHETIC, encoding="utf-8")
    write_views(Store.open(release=release), folder / "views")
    return folder / "views"


def page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="minilat-data">(.*?)</script>', text, re.S)
    assert match, path
    return json.loads(match.group(1))


@pytest.mark.parametrize("name", VIEWS)
def test_node_count_equals_sparql(name: str) -> None:
    nodes = page_data(real_views() / f"{name}.html")["nodes"]
    assert len(nodes) == count(release_store(), NODE_COUNTS[name])
    assert len({n["id"] for n in nodes}) == len(nodes)


def test_mechanisms_coloured_by_type_and_layers_drawn_apart() -> None:
    data = page_data(real_views() / "mechanisms-and-states.html")
    category = {n["id"].rsplit("/", 1)[-1]: n["category"] for n in data["nodes"] if n["kind"] == "mechanism"}
    assert category["nac"] == category["vg10"] == "inside"  # inferred by the reasoner
    assert category["nsg"] == "outside" and category["quad"] == "minilateral"
    assert category["un"] == "multilateral" and category["npt"] == "treaty"
    assert category["humanitarian-initiative"] == "initiative"  # a diplomatic initiative: it led to the TPNW
    dashes = {e["relation"]: e["dashes"] for e in data["edges"] if e["relation"].startswith("member-")}
    assert dashes["member-digest"] is False and dashes["member-background"] == [6, 5]
    layers = count(release_store(), 'SELECT (COUNT(*) AS ?n) WHERE { ?m a org:Membership ; mlo:layer "digest" }')
    assert sum(e["relation"] == "member-digest" for e in data["edges"]) == layers


def test_co_membership_weights_match_library_query() -> None:
    expected = {}
    for row in release_store().query(get("co-membership").text):
        expected[frozenset((row["state_a"].value, row["state_b"].value))] = int(row["shared_count"].value)
    data = page_data(real_views() / "co-membership.html")
    found = {frozenset((e["from"], e["to"])): e["weight"] for e in data["edges"]}
    assert found == expected
    assert all(e["width"] == round(1 + 1.6 * e["weight"], 2) for e in data["edges"])


def test_argument_edges_by_relation_match_sparql() -> None:
    data = page_data(real_views() / "argument-map.html")
    store = release_store()
    for relation in ("supports", "contests", "qualifies", "elaborates"):
        n = count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a mlo:{relation} ?b . ?a a mlo:Claim . ?b a mlo:Claim }}")
        assert sum(e["relation"].endswith("#" + relation) for e in data["edges"]) == n, relation
    styles = {e["relation"].rsplit("#", 1)[-1]: (e["color"]["color"], str(e["dashes"])) for e in data["edges"]}
    present = [r for r in ("supports", "contests", "qualifies", "elaborates") if r in styles]
    assert present == ["supports", "qualifies", "elaborates"]  # no contests since the corrections of issue 11
    assert len({styles[r] for r in present}) == len(present)
    from minilat.views import style

    assert len({(style.EDGES[style.MLO + r].color, style.EDGES[style.MLO + r].dashes) for r in ("supports", "contests", "qualifies", "elaborates")}) == 4


def test_claim_tooltip_has_quote_type_article_and_offsets() -> None:
    row = next(iter(release_store().query(PREFIXES + """PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?claim ?quote ?start ?end WHERE { ?claim a mlo:Claim ; mlo:anchoredBy/oa:hasTarget/oa:hasSelector/oa:exact ?quote ; mlo:claimOf <https://w3id.org/minilat/id/article/dee-2024> ;
        mlo:anchoredBy/oa:hasTarget/oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] } ORDER BY ?start LIMIT 1""")))
    nodes = {n["id"]: n for n in page_data(real_views() / "argument-map.html")["nodes"]}
    fields = {f[0]: f[2] for f in nodes[row["claim"].value]["fields"]}
    assert fields["Quote"] == row["quote"].value
    assert fields["Article"][0].startswith("Dee 2024: ")
    assert fields["Claim type"][0] in {"empirical finding", "causal claim", "typology or definition", "research question",
                                       "policy recommendation", "scenario or prediction", "study limitation", "editorial position"}
    assert f"characters {row['start'].value}–{row['end'].value}" in fields["Passage"][0]


def test_labels_in_both_languages() -> None:
    nodes = {n["id"]: n for n in page_data(real_views() / "explorer.html")["nodes"]}
    assert (nodes[QUAD]["zh"], nodes[QUAD]["en"]) == ("四方安全对话", "Quadrilateral Security Dialogue")
    assert "Quad" in nodes[QUAD]["search"]


def test_centrality_csv() -> None:
    rows = list(csv.DictReader(io.StringIO((real_views() / "centrality.csv").read_text(encoding="utf-8"))))
    assert {r["view"] for r in rows} == set(VIEWS)
    quad = next(r for r in rows if r["view"] == "mechanisms-and-states" and r["iri"] == QUAD)
    members = count(release_store(), f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?m org:member ?s ; org:organization <{QUAD}> }}")
    assert int(quad["degree"]) == members == 4
    assert quad["label_zh"] == "四方安全对话"
    for r in rows:
        assert 0 <= float(r["betweenness"]) <= 1 and 0 <= float(r["eigenvector"]) <= 1 and int(r["community"]) >= 1
    states = [r for r in rows if r["view"] == "mechanisms-and-states" and r["kind"] == "state"]
    assert len(states) == count(release_store(), "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a mlo:State }")


@pytest.mark.parametrize("name", VIEWS)
def test_graphml_and_gexf_read_back(name: str) -> None:
    html_nodes = len(page_data(real_views() / f"{name}.html")["nodes"])
    graphml = nx.read_graphml(real_views() / f"{name}.graphml")
    gexf = nx.read_gexf(real_views() / f"{name}.gexf")
    assert graphml.number_of_nodes() == gexf.number_of_nodes() == html_nodes
    assert b"lastmodifieddate" not in (real_views() / f"{name}.gexf").read_bytes()


def test_offline_no_remote_urls() -> None:
    for path in sorted(real_views().glob("*.html")):
        text = path.read_text(encoding="utf-8")
        tags = re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text, re.I)
        assert not [t for t in tags if re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", t, re.I)], path.name
        assert not re.search(r"@import|@font-face|url\(\s*['\"]?(https?:)?//", text, re.I), path.name
        if path.name not in ("index.html", "timeline.html"):
            assert "vis.Network" in text and "physics" in text
            assert page_data(path)["options"]["physics"]["enabled"] is False


def test_deterministic_across_processes(tmp_path: Path) -> None:
    """Another process with another hash seed writes byte-identical files."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from pathlib import Path; from minilat.store import Store; from minilat.views import write_views; write_views(Store.open(), Path(sys.argv[1]))"
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env, timeout=300)
    ours = {p.name: p.read_bytes() for p in real_views().iterdir()}
    theirs = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(ours) == sorted(theirs)
    assert [n for n in ours if ours[n] != theirs[n]] == []
    assert not re.search(rb"20\d\d-\d\d-\d\dT\d\d:", ours["explorer.html"].split(b"</script>")[0])


def test_injected_markup_is_escaped_text() -> None:
    for path in sorted(synthetic_views().glob("*.html")):
        text = path.read_text(encoding="utf-8").replace(vis_source(), "")  # the vendored library mentions <b>, <i>
        for needle in ("<img", "<svg" if path.name != "timeline.html" else "<svg onload", "<iframe", "<b>", "<i>", "<u>", "<script>alert", "</script><script>"):
            assert needle not in text, (path.name, needle)
        if path.name in ("index.html", "timeline.html"):
            continue
        data = page_data(path)
        labels = {n["en"] for n in data["nodes"]}
        if path.name in ("mechanisms-and-states.html", "explorer.html"):
            assert XSS in labels  # the label survives, as text
        assert all("title" not in n for n in data["nodes"]) and all("title" not in e for e in data["edges"])


def test_views_command(tmp_path: Path) -> None:
    release = tmp_path / "synthetic.trig"
    release.write_text(SYNTHETIC, encoding="utf-8")
    result = CliRunner().invoke(views_command, ["--out", str(tmp_path / "out"), "--release", str(release)])
    assert result.exit_code == 0, result.output
    assert "mechanisms-and-states: 4 nodes, 3 edges" in result.output
    assert "timeline: 1 dated events, 0 membership periods" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        ["index.html", "centrality.csv", "timeline.html"] + [f"{v}.{ext}" for v in VIEWS for ext in ("html", "graphml", "gexf")]
    )


def test_argument_map_labels_claims_by_holder_and_short_label() -> None:
    """Claims were labelled "Wu 16": now the holder and the claim's short label, and a reported view says whose."""
    import yaml

    nodes = {n["id"]: n for n in page_data(real_views() / "argument-map.html")["nodes"]}
    curation = Path(__file__).resolve().parents[1] / "corpus" / "curation" / "issues" / "minilateralism" / "claims"
    claims = {c["slug"]: c for f in sorted(curation.glob("*.yaml")) for c in yaml.safe_load(f.read_text(encoding="utf-8"))}
    reported = nodes["https://w3id.org/minilat/id/claim/wu-kim-us-minilateralism-dual-intent"]
    assert reported["en"].startswith("China (per Wu & Kim): ")
    assert reported["zh"].startswith("Wu & Kim转述中国：" + claims["wu-kim-us-minilateralism-dual-intent"]["label_zh"][:10])
    fields = {f[0]: f[2] for f in reported["fields"]}
    assert fields["Holder"] == ["China (per Wu & Kim)", "Wu & Kim转述中国"] and fields["Modality"] == ["reports a view", "转述观点"]
    own = nodes["https://w3id.org/minilat/id/claim/bisley-neoclassical-realist-explanation"]
    assert own["en"].startswith("Bisley: " + claims["bisley-neoclassical-realist-explanation"]["label_en"][:20])
    preface = nodes["https://w3id.org/minilat/id/claim/preface-issue-scope"]
    assert preface["en"].split(":")[0] in ("Preface", "preface")
    assert not [n for n in nodes.values() if n["kind"] == "claim" and re.fullmatch(r"\w+ \d+", n["en"])]
