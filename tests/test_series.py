"""Many issues, one graph: the real issue and two synthetic ones (tests/series.py) built together."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from series import ISSUE2, ISSUE3

from minilat.store import Store

ID = "https://w3id.org/minilat/id/"
GRAPH = "https://w3id.org/minilat/graph/"
PREFIXES = "PREFIX mlo: <https://w3id.org/minilat/ontology#>\nPREFIX oa: <http://www.w3.org/ns/oa#>\nPREFIX org: <http://www.w3.org/ns/org#>\n"


@pytest.fixture(scope="module")
def series_store(series_home: Path) -> Store:
    return Store.open(release=series_home / "graphs" / "minilat.nq")


def rows(store: Store, query: str) -> set[tuple[str, ...]]:
    result = store.query(PREFIXES + query)
    names = [v.value for v in result.variables]
    return {tuple(row[n].value for n in names) for row in result}


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MINILAT_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "minilat", *args], env=env, capture_output=True, text=True)


def test_claims_of_one_issue_are_one_graph_clause_away(series_store: Store) -> None:
    counts = rows(series_store, "SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a mlo:Claim } } GROUP BY ?g")
    assert counts == {(GRAPH + "issue/minilateralism", "105"), (GRAPH + f"issue/{ISSUE2}", "3"), (GRAPH + f"issue/{ISSUE3}", "1")}
    regional = rows(series_store, f"SELECT ?c WHERE {{ GRAPH <{GRAPH}issue/{ISSUE2}> {{ ?c a mlo:Claim }} }}")
    assert regional == {
        (f"{ID}claim/{ISSUE2}/quad-hard-balancing-coalition",),
        (f"{ID}claim/{ISSUE2}/brics-expansion-spreads-minilateralism",),
        (f"{ID}claim/{ISSUE2}/asean-centrality-persists",),
    }


def test_a_shared_entity_has_one_iri_and_a_mention_per_issue(series_store: Store) -> None:
    found = rows(series_store, f"SELECT ?g ?ann WHERE {{ GRAPH ?g {{ ?ann oa:hasBody <{ID}mechanism/quad> ; oa:motivatedBy oa:identifying }} }}")
    by_issue: dict[str, int] = {}
    for graph, _ in found:
        by_issue[graph] = by_issue.get(graph, 0) + 1
    assert by_issue == {GRAPH + "issue/minilateralism": 3, GRAPH + f"issue/{ISSUE2}": 1, GRAPH + f"issue/{ISSUE3}": 1}
    assert (GRAPH + f"issue/{ISSUE2}", f"{ID}annotation/{ISSUE2}/mechanism-quad-mention-1") in found
    labels = rows(series_store, f"SELECT ?g ?l WHERE {{ GRAPH ?g {{ <{ID}mechanism/quad> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}")
    assert {label for _, label in labels} == {"Quadrilateral Security Dialogue", "四方安全对话"}
    assert {graph for graph, _ in labels} == {GRAPH + "digest"}


def test_claims_across_issues_contest_and_support(series_store: Store) -> None:
    links = rows(series_store, "SELECT ?a ?rel ?b ?g WHERE { GRAPH ?g { ?n a mlo:ArgumentLink ; mlo:linkFrom ?a ; mlo:linkTo ?b ; mlo:linkRelation ?rel } FILTER(CONTAINS(STR(?a), '/claim/regionalism/') || CONTAINS(STR(?a), '/claim/technology/')) }")
    assert links == {
        (f"{ID}claim/{ISSUE2}/quad-hard-balancing-coalition", "https://w3id.org/minilat/ontology#contests", f"{ID}claim/bisley-security-infrastructure-not-balancing", GRAPH + "readings"),
        (f"{ID}claim/{ISSUE3}/quad-balancing-in-technology", "https://w3id.org/minilat/ontology#supports", f"{ID}claim/{ISSUE2}/quad-hard-balancing-coalition", GRAPH + "readings"),
    }


def test_a_membership_two_issues_state_has_two_anchors_each_in_its_own_file(series_store: Store, series_home: Path) -> None:
    found = rows(
        series_store,
        f"SELECT ?g ?source ?start ?end WHERE {{ GRAPH ?g {{ ?ann oa:hasBody <{ID}membership/aukus-AUS> ; oa:hasTarget ?t . "
        "?t oa:hasSource ?source ; oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end } }",
    )
    assert {(g, source) for g, source, _, _ in found} == {
        (GRAPH + "issue/minilateralism", f"{ID}digest/minilateralism/text"),
        (GRAPH + f"issue/{ISSUE3}", f"{ID}digest/{ISSUE3}/text"),
    }
    files = {"minilateralism": "000_8fd7909f589424fb.txt", ISSUE3: f"003_{ISSUE3}.txt"}
    for _, source, start, end in found:
        issue = source.split("/digest/")[1].split("/")[0]
        raw = (series_home / "corpus" / "digests" / files[issue]).read_text(encoding="utf-8")
        passage = "".join(raw[int(start) : int(end)].split())
        assert passage in {"澳大利亚是奥库斯（AUKUS）的创始成员", "澳大利亚在安全政策上采取了新的“小多边”合作方式，即重新激活Quad和建立AUKUS"}
    assert rows(series_store, f"SELECT ?m WHERE {{ ?m org:member <{ID}state/AUS> ; org:organization <{ID}mechanism/aukus> }}") == {(f"{ID}membership/aukus-AUS",)}


def test_check_reports_coverage_per_issue_and_fails_the_low_ones(series_home: Path) -> None:
    done = run(series_home, "check", "--no-reason")
    assert done.returncode == 2
    assert "coverage minilateralism: 94/95 sentences = 98.9%" in done.stdout
    assert f"coverage {ISSUE2}: 3/4 sentences = 75.0%" in done.stdout
    assert f"coverage {ISSUE3}: 2/3 sentences = 66.7%" in done.stdout
    assert f"below 90%: {ISSUE2}, {ISSUE3}" in done.stderr


def _copy(series_home: Path, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    for folder in ("corpus", "ontology"):
        shutil.copytree(series_home / folder, home / folder)
    return home


def test_curation_for_an_issue_the_manifest_does_not_list_fails_in_one_line(series_home: Path, tmp_path: Path) -> None:
    home = _copy(series_home, tmp_path)
    (home / "corpus/curation/issues/ghost/claims").mkdir(parents=True)
    done = run(home, "check", "--no-reason")
    assert done.returncode == 2
    assert "issues/ghost: curation for an issue the manifest does not list" in done.stderr


def test_two_issues_disagreeing_on_a_membership_fail(series_home: Path, tmp_path: Path) -> None:
    home = _copy(series_home, tmp_path)
    path = home / "corpus/curation/issues" / ISSUE3 / "memberships/memberships.yaml"
    rows_ = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows_[0]["role"] = "member"
    path.write_text(yaml.safe_dump(rows_, allow_unicode=True), encoding="utf-8")
    done = run(home, "check", "--no-reason")
    assert done.returncode == 2
    assert "aukus/AUS: differs from the same membership at" in done.stderr
    assert "(only the quote may differ between issues)" in done.stderr


def test_a_link_to_an_unknown_claim_of_another_issue_names_the_file(series_home: Path, tmp_path: Path) -> None:
    home = _copy(series_home, tmp_path)
    path = home / "corpus/curation/issues" / ISSUE3 / "claims/article-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"{ISSUE2}/quad-hard-balancing-coalition", f"{ISSUE2}/no-such-claim"), encoding="utf-8")
    done = run(home, "check", "--no-reason")
    assert done.returncode == 2
    assert f"claims/article-1.yaml:1: quad-balancing-in-technology: link 'supports' refers to unknown claim {ISSUE2}/no-such-claim" in done.stderr
