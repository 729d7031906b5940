"""Competency questions answered by SPARQL over the built dataset, with answers read off the digest."""

from __future__ import annotations

import yaml

from minilat import paths
from minilat.text import normalize

ID = "https://w3id.org/minilat/id/"


def slugs(rows: list[tuple], col: int = 0) -> set[str]:
    return {row[col].rsplit("/", 1)[-1] for row in rows}


def test_mechanisms_the_digest_discusses(select) -> None:
    rows = select(
        """SELECT DISTINCT ?m WHERE { GRAPH <https://w3id.org/minilat/graph/digest> {
             ?m a ?t FILTER(?t IN (mlo:MinilateralMechanism, mlo:MultilateralInstitution, mlo:TreatyRegime, mlo:DiplomaticInitiative)) } }"""
    )
    # the NPT Review Conference (NPT审议程序) is new; the Humanitarian Initiative is now a diplomatic initiative
    assert slugs(rows) == {
        "quad", "aukus", "nsg", "vg10", "aiib", "nac", "mtcr", "zangger-committee",
        "four-party-talks", "npt", "npt-review-conference", "tpnw", "un", "humanitarian-initiative",
    }
    rows = select("SELECT ?t WHERE { id:mechanism\\/humanitarian-initiative a ?t FILTER(STRSTARTS(STR(?t), STR(mlo:))) }")
    assert {r[0].rsplit("#", 1)[-1] for r in rows} == {"DiplomaticInitiative"}


def test_labels_as_the_digest_writes_them(select) -> None:
    rows = select("SELECT ?l WHERE { id:mechanism\\/quad rdfs:label ?l }")
    assert {r[0] for r in rows} == {"Quadrilateral Security Dialogue", "四方安全对话"}
    rows = select("SELECT ?l WHERE { id:mechanism\\/zangger-committee <http://www.w3.org/2004/02/skos/core#altLabel> ?l FILTER(lang(?l) = 'zh') }")
    assert {r[0] for r in rows} == {"核出口国委员会"}


def test_quad_members_stated_by_the_digest(select) -> None:
    rows = select(
        """SELECT ?zh WHERE { ?m org:organization id:mechanism\\/quad ; org:member ?s ; mlo:layer "digest" .
             ?s rdfs:label ?zh FILTER(lang(?zh) = "zh") }"""
    )
    assert {r[0] for r in rows} == {"美国", "日本", "印度", "澳大利亚"}


def test_aukus_members_digest_vs_background(select) -> None:
    rows = select("SELECT ?s ?layer WHERE { ?m org:organization id:mechanism\\/aukus ; org:member ?s ; mlo:layer ?layer }")
    assert {(r[0].rsplit("/", 1)[-1], r[1]) for r in rows} == {("AUS", "digest"), ("GBR", "background"), ("USA", "background")}


def test_dee_inside_and_outside(select) -> None:
    inside = select("SELECT ?m WHERE { ?m a mlo:InsideMinilateral }")
    outside = select("SELECT ?m WHERE { ?m a mlo:OutsideMinilateral }")
    assert slugs(inside) == {"vg10", "nac"}
    # the Humanitarian Initiative is no longer typed outside: that it is an outside path is Dee's claim
    assert slugs(outside) == {"nsg", "mtcr", "zangger-committee"}


def test_inside_minilaterals_are_inferred_by_hermit(select) -> None:
    rows = select("SELECT ?m ?g WHERE { GRAPH ?g { ?m a mlo:InsideMinilateral } }")
    assert {(r[0].rsplit("/", 1)[-1], r[1].rsplit("/", 1)[-1]) for r in rows} == {("vg10", "inferred"), ("nac", "inferred")}


def test_security_minilateral_participants_are_inferred(select) -> None:
    rows = select("SELECT ?s WHERE { GRAPH <https://w3id.org/minilat/graph/inferred> { ?s a mlo:SecurityMinilateralParticipant } }")
    # current members only: Quad (digest), AUKUS (digest + background), NAC and VG10 (background); not the
    # Four-Party Talks (ended 1999, so no China and no Koreas), nor Slovenia (left the NAC); Sweden stays by the VG10
    assert slugs(rows) == {
        "AUS", "GBR", "IND", "JPN", "USA",
        "BRA", "EGY", "IRL", "MEX", "NZL", "ZAF",
        "AUT", "CAN", "DNK", "FIN", "HUN", "NLD", "NOR", "SWE",
    }
    rows = select("SELECT ?m WHERE { GRAPH <https://w3id.org/minilat/graph/inferred> { ?m a mlo:SecurityMinilateral } }")
    # a minilateral mechanism with any security issue area: security, regional security, the nuclear fields
    assert slugs(rows) == {"quad", "aukus", "four-party-talks", "nsg", "mtcr", "zangger-committee", "nac", "vg10"}


def test_claims_about_aukus_with_article_and_quote(select) -> None:
    rows = select(
        """SELECT ?c ?article ?quote WHERE { ?c mlo:about id:mechanism\\/aukus ; mlo:claimOf ?article ; mlo:anchoredBy/oa:hasTarget/oa:hasSelector/oa:exact ?quote }"""
    )
    assert slugs(rows) == {
        "bisley-aukus-emerging-technologies", "bisley-aukus-strategic-military-capability",
        "bisley-capability-without-harming-economy",
        "bisley-quad-aukus-security-infrastructure", "bisley-research-focus-australia-response-china-rise",
        "bisley-research-focus-why-turn-and-implications", "bisley-shift-prompted-quad-revival-aukus",
    }
    assert {r[1] for r in rows} == {ID + "article/bisley-forthcoming"}
    quotes = {r[0].rsplit("/", 1)[-1]: r[2] for r in rows}
    assert quotes["bisley-aukus-strategic-military-capability"] == "AUKUS则是一个更具战略性的安全合作机制，旨在通过技术共享和核潜艇合作增强澳大利亚的军事能力。"


def test_claims_by_type_and_article(select) -> None:
    rows = select(
        """SELECT ?e ?t (COUNT(?c) AS ?n) WHERE { ?c a mlo:Claim, ?t ; mlo:madeIn ?e .
             ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf> mlo:Claim } GROUP BY ?e ?t"""
    )
    got = {(e.split("/id/")[1], t.rsplit("#", 1)[-1]): int(n) for e, t, n in rows}
    # issue 11 retypings (preface ×2, Dee's practical contribution, Bisley's new perspective → findings; Panda & Park's
    # UN credibility → finding; Bisley's 'not balancing' → definition) and the merged panda-park-minilateralism-basis
    assert got == {
        ("preface/minilateralism", "EditorialPosition"): 3, ("preface/minilateralism", "EmpiricalFinding"): 2,
        ("preface/minilateralism", "ResearchQuestion"): 1,
        ("summary/minilateralism-1", "CausalClaim"): 7, ("summary/minilateralism-1", "EmpiricalFinding"): 6,
        ("summary/minilateralism-1", "PolicyRecommendation"): 5, ("summary/minilateralism-1", "ResearchQuestion"): 2,
        ("summary/minilateralism-1", "ScenarioPrediction"): 3, ("summary/minilateralism-1", "TypologyOrDefinition"): 5,
        ("summary/minilateralism-2", "CausalClaim"): 6, ("summary/minilateralism-2", "EmpiricalFinding"): 3,
        ("summary/minilateralism-2", "ResearchQuestion"): 1, ("summary/minilateralism-2", "ScenarioPrediction"): 4,
        ("summary/minilateralism-2", "TypologyOrDefinition"): 7,
        ("summary/minilateralism-3", "CausalClaim"): 7,
        ("summary/minilateralism-3", "EmpiricalFinding"): 6, ("summary/minilateralism-3", "PolicyRecommendation"): 3,
        ("summary/minilateralism-3", "ResearchQuestion"): 4, ("summary/minilateralism-3", "StudyLimitation"): 2,
        ("summary/minilateralism-3", "TypologyOrDefinition"): 5,
        ("summary/minilateralism-4", "CausalClaim"): 4,
        ("summary/minilateralism-4", "EmpiricalFinding"): 11, ("summary/minilateralism-4", "ResearchQuestion"): 5,
        ("summary/minilateralism-4", "TypologyOrDefinition"): 3,
    }


def test_compilers_and_affiliations(select) -> None:
    rows = select(
        """SELECT ?n ?name ?aff WHERE { ?s mlo:entryNumber ?n ; mlo:compiledBy ?p . ?p rdfs:label ?name FILTER(lang(?name) = "zh")
             ?p schema:affiliation ?o . ?o rdfs:label ?aff FILTER(lang(?aff) = "zh") } ORDER BY ?n"""
    )
    assert rows == [
        ("1", "张尊月", "中国社会科学院大学"),
        ("2", "和怡然", "北京外国语大学"),
        ("3", "刘哲希", "清华大学社会科学学院"),
        ("4", "郑路", "中国社会科学院大学"),
    ]


def test_reviewers(select) -> None:
    rows = select("SELECT ?name WHERE { ?d a mlo:DigestIssue ; mlo:reviewedBy ?p . ?p rdfs:label ?name }")
    assert {r[0] for r in rows} == {"陈兆源", "杨嘉豪", "Chen Zhaoyuan", "Yang Jiahao"}


def test_claim_passage_offsets(select) -> None:
    rows = select(
        """SELECT ?exact ?start ?end WHERE { id:claim\\/dee-inside-minilateralism-strengthens-npt mlo:anchoredBy ?a .
             ?a oa:hasTarget ?t . ?t oa:hasSelector ?q, ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }"""
    )
    assert len(rows) == 1
    exact, start, end = rows[0]
    assert exact == "内部小多边主义，如维也纳十国集团、新议程联盟（NAC），通过跨区域代表性与NPT的深度整合，推动核裁军议程，增强多边机制效能"
    raw = paths.DIGEST.read_text(encoding="utf-8")
    assert (int(start), int(end)) == (raw.index("内部小多边主义，如维也纳"), raw.index("增强多边机制效能") + len("增强多边机制效能"))
    assert normalize(raw[int(start) : int(end)]) == exact


def curated(kind: str) -> list[dict]:
    items: list[dict] = []
    for path in sorted([*(paths.ROOT / "corpus" / "curation").glob(f"registry/{kind}/*.yaml"), *(paths.ROOT / "corpus" / "curation").glob(f"issues/*/{kind}/*.yaml")]):
        items += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return items


def quoted_passages() -> int:
    """Every verbatim passage the curation quotes: entity mentions (mechanisms, states, concepts, and now regions,
    theories and leaders), mechanism-link quotes, the quotes that date issue areas, digest memberships and events
    (background events have none), and one per claim."""
    mentions = sum(len(r.get("mentions", [])) for r in curated("mentions"))
    links = sum(len(m.get("links", [])) for m in curated("mentions"))
    dated = sum(1 for m in curated("mentions") for d in m.get("dated_issue_areas", []) if d.get("quote"))
    facts = sum(1 for kind in ("memberships", "events") for r in curated(kind) if r.get("quote"))
    return mentions + links + dated + facts + len(curated("claims"))


def test_every_selector_points_at_its_quote(select, built) -> None:
    rows = select("SELECT ?exact ?start ?end WHERE { ?t oa:hasSelector ?q, ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }")
    raw = paths.DIGEST.read_text(encoding="utf-8")
    assert len(rows) == sum(len(issue.anchored.anchors) for issue in built.issues) == quoted_passages() == 310
    bad = [exact for exact, start, end in rows if normalize(raw[int(start) : int(end)]) != exact]
    assert bad == []


def test_coverage_at_least_90_percent(built) -> None:
    assert built.coverage.total == 95
    assert built.coverage.ratio >= 0.90
    assert [s for _, _, s in built.coverage.uncovered] == ["具体路径包括："]


def test_no_violations(built) -> None:
    assert [str(v) for v in built.violations] == []
