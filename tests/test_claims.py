"""The claim model (holder, modality, typed statements, argument links) and the corrections
of the interpretive layer, each as a regression test named after what was wrong.

Expected values come from the digest and the curation files, not from the graph itself.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from minilat.pipeline.validate import rules

ROOT = Path(__file__).resolve().parents[1]
CURATION = ROOT / "corpus" / "curation"
ID = "https://w3id.org/minilat/id/"
MLO = "https://w3id.org/minilat/ontology#"
READINGS = "https://w3id.org/minilat/graph/readings"


def records(kind: str) -> list[dict]:
    out: list[dict] = []
    for path in sorted([*CURATION.glob(f"registry/{kind}/*.yaml"), *CURATION.glob(f"issues/*/{kind}/*.yaml")]):
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return out


def claims() -> dict[str, dict]:
    return {c["slug"]: c for c in records("claims")}


def links(relation: str | None = None) -> set[tuple[str, str, str]]:
    return {(s, l["relation"], l["target"]) for s, c in claims().items() for l in c.get("links", []) if relation in (None, l["relation"])}


def iri(short: str) -> str:
    return short if short.startswith("http") else ID + short


# --- the model ------------------------------------------------------------------------------


def test_every_claim_has_holder_modality_and_a_statement(select):
    rows = select("""
        SELECT ?c (COUNT(DISTINCT ?h) AS ?holders) (COUNT(DISTINCT ?m) AS ?modalities) (COUNT(DISTINCT ?p) AS ?props) WHERE {
          ?c a mlo:Claim . OPTIONAL { ?c mlo:heldBy ?h } OPTIONAL { ?c mlo:hasModality ?m } OPTIONAL { ?c mlo:hasProposition ?p }
        } GROUP BY ?c""")
    assert len(rows) == len(claims())
    assert [r for r in rows if int(r[1]) < 1 or int(r[2]) != 1 or int(r[3]) < 1] == []
    expected = sum(len(c["statements"]) for c in claims().values())
    assert select("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?c mlo:hasProposition ?p }")[0][0] == str(expected)


def test_claim_statements_are_not_facts_of_the_default_graph(store):
    """`?x mlo:causes ?y` over the default graph returns nothing an article merely argues."""
    props = store.query(
        "PREFIX mlo: <https://w3id.org/minilat/ontology#> SELECT ?s ?p ?o WHERE { ?x a mlo:Proposition ; "
        "mlo:propositionSubject ?s ; mlo:propositionPredicate ?p ; mlo:propositionObject ?o }",
        use_default_graph_as_union=True,
    )
    triples = [(r["s"], r["p"], r["o"]) for r in props]
    assert len(triples) == sum(len(c["statements"]) for c in claims().values())  # one row per statement
    fact_predicates = {ox.NamedNode(MLO + "memberOf"), ox.NamedNode(MLO + "operatesWithin")}
    leaked = [t for t in triples if t[1] not in fact_predicates and list(store.quads_for_pattern(*t))]
    assert leaked == []
    # The two predicates that are also facts: every such fact comes from a curated record, not a claim.
    members = {(ID + "state/" + m["state"], ID + "mechanism/" + m["mechanism"]) for m in records("memberships")}
    member_triples = {(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, ox.NamedNode(MLO + "memberOf"), None)}
    assert member_triples == members
    for predicate in ("causes", "hasFeature", "aimsAt", "shouldPursue", "hedgesAgainst"):
        assert list(store.quads_for_pattern(None, ox.NamedNode(MLO + predicate), None)) == []


def test_reported_views_are_quoted_never_asserted(select):
    reported = {s for s, c in claims().items() if "/" in c["holder"]}
    assert reported  # the Wu & Kim claims on US practice at least
    quoted = {r[0].removeprefix(ID + "claim/") for r in select("SELECT ?c WHERE { ?e mlo:quotesClaim ?c }")}
    asserted = {r[0].removeprefix(ID + "claim/") for r in select("SELECT ?c WHERE { ?e mlo:assertsClaim ?c }")}
    assert quoted == reported
    assert asserted == set(claims()) - reported
    assert quoted & asserted == set()


def test_conditional_prediction_keeps_condition_and_outcome_apart(select):
    conditional = {s for s, c in claims().items() if any(st.get("role") == "condition" for st in c["statements"])}
    assert {"wu-kim-biden-continuity-scenario", "wu-kim-trump-return-scenario"} <= conditional
    rows = select("""SELECT ?c (COUNT(DISTINCT ?x) AS ?conditions) (COUNT(DISTINCT ?y) AS ?outcomes) WHERE {
        ?c mlo:hasCondition ?x ; mlo:hasOutcome ?y . FILTER(?x != ?y) } GROUP BY ?c""")
    assert {r[0].removeprefix(ID + "claim/") for r in rows} == conditional


def test_cross_source_links_carry_origin_and_rationale(select):
    entry = {s: c["entry"] for s, c in claims().items()}
    cross = {(s, r, t) for s, r, t in links() if entry[s] != entry[t]}
    rows = select("""SELECT ?a ?rel ?b ?origin ?en ?zh WHERE {
        ?l a mlo:ArgumentLink ; mlo:linkFrom ?a ; mlo:linkTo ?b ; mlo:linkRelation ?rel ; mlo:linkOrigin ?origin ;
           mlo:rationale ?en , ?zh . FILTER(lang(?en) = "en" && lang(?zh) = "zh") }""")
    got = {(a.removeprefix(ID + "claim/"), rel.removeprefix(MLO), b.removeprefix(ID + "claim/")) for a, rel, b, *_ in rows}
    assert len(cross) == 21 and got == cross  # only cross-source links carry an origin
    assert all(r != "elaborates" for _, r, _ in cross)


def test_curator_readings_can_be_left_out_in_one_clause(select):
    curator = {(s, l["relation"], l["target"]) for s, c in claims().items() for l in c.get("links", []) if l.get("origin") == "curator"}
    assert curator
    everything = select("SELECT ?a ?b WHERE { ?a mlo:supports|mlo:contests|mlo:qualifies|mlo:elaborates ?b }")
    stated_only = select(f"""SELECT ?a ?b WHERE {{ ?a mlo:supports|mlo:contests|mlo:qualifies|mlo:elaborates ?b
        MINUS {{ GRAPH <{READINGS}> {{ ?a ?r ?b }} }} }}""")
    assert len(everything) - len(stated_only) == len(curator)


def test_cross_source_rule_fails_a_link_without_rationale(store):
    """The build's rule catches a cross-source link whose rationale is missing."""
    broken = ox.Store()
    broken.bulk_extend(store.quads_for_pattern(None, None, None))
    rationale = ox.NamedNode(MLO + "rationale")
    victim = next(q.subject for q in broken.quads_for_pattern(None, rationale, None))
    for quad in list(broken.quads_for_pattern(victim, rationale, None)):
        broken.remove(quad)
    found = [v for v in rules(broken) if v.rule == "cross-source-link-without-rationale-violation.rq"]
    assert len(found) == 1
    assert rules(store) == []


def test_review_prints_every_claim_of_an_entry():
    from click.testing import CliRunner

    from minilat.cli import cli

    result = CliRunner().invoke(cli, ["review", "--entry", "article-2"])
    assert result.exit_code == 0, result.output
    expected = sorted(s for s, c in claims().items() if c["entry"] == "article-2")
    assert [line.split()[1] for line in result.output.splitlines() if line.startswith("── ")] == expected  # file order: canonical, by slug
    assert f"{len(expected)} claim(s)" in result.output
    assert "China / 中国 (state/CHN), as reported" in result.output
    json_out = CliRunner().invoke(cli, ["review", "--entry", "article-2", "--format", "json"])
    import json

    views = json.loads(json_out.output)
    assert [v["slug"] for v in views] == expected
    assert all(v["statements"] and v["holder"] and v["modality"] for v in views)
    bad = CliRunner().invoke(cli, ["review", "--entry", "article-9"])
    assert bad.exit_code == 2 and "no claims for entry article-9" in bad.output


# --- corrections of the interpretive layer --------------------------------------------------


def test_nac_former_members_slovenia_and_sweden_are_ended(select):
    rows = select("""SELECT ?s ?type WHERE { ?m org:organization id:mechanism\\/nac ; org:member ?s ; a ?type .
        FILTER(?type IN (mlo:CurrentMembership, mlo:FormerMembership)) }""")
    former = {s.rsplit("/", 1)[1] for s, t in rows if t.endswith("FormerMembership")}
    assert former == {"SVN", "SWE"}
    assert len(rows) == 8


def test_australia_aukus_membership_is_dated(select):
    rows = select("""SELECT ?d WHERE { id:membership\\/aukus-AUS org:memberDuring/<http://www.w3.org/2006/time#hasBeginning>/<http://www.w3.org/2006/time#inXSDDate> ?d }""")
    assert rows == [("2021-09-15",)]


def test_quad_membership_shows_the_2008_lapse(select):
    rows = select("""SELECT ?p ?b ?e WHERE { id:membership\\/quad-AUS org:memberDuring ?p .
        OPTIONAL { ?p <http://www.w3.org/2006/time#hasBeginning>/(<http://www.w3.org/2006/time#inXSDgYear>|<http://www.w3.org/2006/time#inXSDgYearMonth>) ?b }
        OPTIONAL { ?p <http://www.w3.org/2006/time#hasEnd>/<http://www.w3.org/2006/time#inXSDgYear> ?e } } ORDER BY ?b""")
    assert [(b, e) for _, b, e in rows] == [("2007", "2008"), ("2017-11", None)]


def test_ended_membership_does_not_make_a_security_participant(select):
    """The Four-Party Talks (1997-1999) made China and North Korea permanent participants."""
    rows = select("SELECT ?s WHERE { GRAPH <https://w3id.org/minilat/graph/inferred> { ?s a mlo:SecurityMinilateralParticipant } }")
    got = {s.rsplit("/", 1)[1] for (s,) in rows}
    mechanisms = {"quad", "aukus", "nsg", "mtcr", "zangger-committee", "nac", "vg10", "four-party-talks"}
    expected = set()
    for m in records("memberships"):
        current = not (m.get("end") or m.get("ended") or (m.get("periods") and (m["periods"][-1].get("end") or m["periods"][-1].get("ended"))))
        if m["mechanism"] in mechanisms and current:
            expected.add(m["state"])
    assert got == expected
    assert {"CHN", "PRK", "KOR"} & got == set()
    assert {"AUS", "USA", "JPN", "IND", "GBR"} <= got


def test_security_minilateral_covers_the_nuclear_groups(select):
    rows = select("SELECT ?m WHERE { ?m a mlo:SecurityMinilateral }")
    assert {m.rsplit("/", 1)[1] for (m,) in rows} == {"quad", "aukus", "four-party-talks", "nsg", "mtcr", "zangger-committee", "nac", "vg10"}


def test_wu_kim_exclusive_path_does_not_contest_panda_park_values():
    assert ("wu-kim-us-minilateralism-exclusive-path", "contests", "panda-park-within-multilateral-values") not in links()
    assert not {l for l in links("contests") if l[0].startswith("wu-kim-us-minilateralism")}


def test_bisley_neoclassical_realism_is_not_linked_to_dee_choice():
    assert not {l for l in links() if l[0] == "bisley-neoclassical-realist-explanation" and l[2].startswith("dee-")}


def test_preface_cliques_warning_names_no_state_or_mechanism(select):
    rows = select("SELECT ?x WHERE { id:claim\\/preface-warning-against-geopolitical-cliques mlo:about ?x }")
    assert rows and not [x for (x,) in rows if "/state/" in x or "/mechanism/" in x or x.endswith("us-minilateralism")]
    assert not {l for l in links() if l[0] == "preface-warning-against-geopolitical-cliques" and l[2].startswith("bisley-")}
    tags = claims()["wu-kim-us-minilateralism-exclusive-path"]["about"]
    assert "concept/geopolitical-cliques" not in [r for refs in tags.values() for r in refs]


def test_wu_kim_us_practice_claims_are_china_reported_views(select):
    for slug in ("wu-kim-us-minilateralism-dual-logic", "wu-kim-us-minilateralism-dual-intent", "wu-kim-us-minilateralism-exclusive-path"):
        rows = select(f"SELECT ?h ?m WHERE {{ id:claim\\/{slug} mlo:heldBy ?h ; mlo:hasModality ?m }}")
        assert rows == [(ID + "state/CHN", MLO + "ReportingView")], slug


def test_wu_kim_bisley_pair_is_one_directional():
    pair = {l for l in links() if (l[0].startswith("wu-kim") and l[2].startswith("bisley")) or (l[0].startswith("bisley") and l[2].startswith("wu-kim-us-minilateralism"))}
    assert all(s.startswith("bisley") for s, _, _ in pair)
    assert ("bisley-security-infrastructure-not-balancing", "qualifies", "wu-kim-us-minilateralism-exclusive-path") in pair


def test_dee_institutional_linkage_supports_rather_than_elaborates():
    assert ("dee-rec-institutional-linkage", "supports", "panda-park-path-synergy") in links()
    assert ("dee-rec-institutional-linkage", "elaborates", "panda-park-path-synergy") not in links()


def test_no_article_supports_the_prefaces_political_stance():
    assert {l for l in links() if l[2] in ("preface-true-multilateralism-stance", "preface-warning-against-geopolitical-cliques") and not l[0].startswith("preface")} == set()


def test_minilateralism_is_related_to_not_narrower_than_multilateralism(select):
    broader = select("SELECT ?a ?b WHERE { ?a <http://www.w3.org/2004/02/skos/core#broader> ?b }")
    pairs = {(a.rsplit("/", 1)[1], b.rsplit("/", 1)[1]) for a, b in broader}
    assert ("minilateralism", "multilateralism") not in pairs
    assert ("chinese-style-multilateralism", "multilateralism") not in pairs
    assert ("inside-outside-dynamic-evolution", "minilateralism") not in pairs
    related = select("SELECT ?b WHERE { id:concept\\/minilateralism <http://www.w3.org/2004/02/skos/core#related> ?b }")
    assert (ID + "concept/multilateralism",) in related


def test_vg10_remit_is_the_vienna_issues(select):
    rows = select("SELECT ?a WHERE { id:mechanism\\/vg10 mlo:hasIssueArea ?a }")
    assert {a.rsplit("/", 1)[1] for (a,) in rows} == {"nuclear-disarmament", "nuclear-nonproliferation", "export-control"}


def test_humanitarian_initiative_is_one_entity_and_not_typed_outside(select):
    types = {t for (t,) in select("SELECT ?t WHERE { id:mechanism\\/humanitarian-initiative a ?t }")}
    assert MLO + "DiplomaticInitiative" in types and MLO + "OutsideMinilateral" not in types
    assert select("SELECT ?t WHERE { id:concept\\/humanitarian-initiative a ?t }") == []
    assert select("SELECT ?r WHERE { id:concept\\/humanitarian-initiative <http://purl.org/dc/terms/isReplacedBy> ?r }") == [(ID + "mechanism/humanitarian-initiative",)]
    reading = select("""SELECT ?c ?h WHERE { ?c mlo:hasProposition ?p ; mlo:heldBy ?h . ?p mlo:propositionSubject id:mechanism\\/humanitarian-initiative ;
        mlo:propositionPredicate mlo:isKindOf ; mlo:propositionObject id:concept\\/outside-minilateralism }""")
    assert reading == [(ID + "claim/dee-disillusioned-states-turn-outside-tpnw", ID + "person/megan-dee")]


def test_panda_park_crisis_response_sentence_is_one_claim():
    sentence = "这种基于“情境利益、共同价值观和相关能力”的小多边被认为是对全球治理危机的一种回应"
    holding = [s for s, c in claims().items() if c["quote"] in sentence or sentence in c["quote"]]
    assert holding == ["panda-park-response-to-governance-crisis"]
    assert claims()[holding[0]]["text_en"].startswith("This minilateralism in the Asia-Pacific, ")  # not minilateralism in general
    retired = {r["ref"]: r["replaced_by"] for r in records("retired") if r["ref"].startswith("claim/")}
    assert retired == {"claim/panda-park-minilateralism-basis": "claim/panda-park-response-to-governance-crisis"}


def test_renderings_follow_the_digest():
    every = claims()
    for slug, claim in every.items():
        if "最小化多边主义" in claim["quote"]:
            assert "minimal multilateralism" not in claim["text_en"].lower(), slug
        if "由核国家主导" in claim["quote"]:
            assert "supplier" in claim["text_en"].lower(), slug
    assert "influenced" in every["bisley-neoclassical-realist-explanation"]["text_en"]
    assert "explained by" not in every["bisley-neoclassical-realist-explanation"]["text_en"]


def test_claim_types_are_consistent():
    every = claims()
    assert every["dee-practical-contribution-nuclear-governance-reform"]["type"] == "empirical_finding"
    assert every["bisley-new-perspective-regional-security-trends"]["type"] == "empirical_finding"
    repeated = "Quad和AUKUS并非传统意义上的“硬制衡”或“制度制衡”"
    pair = [c for c in every.values() if "并非传统意义上的“硬制衡”或“制度制衡”" in c["quote"] or "并非简单的“硬制衡”或“制度制衡”" in c["quote"]]
    assert sorted(c["slug"] for c in pair) == ["bisley-quad-aukus-security-infrastructure", "bisley-security-infrastructure-not-balancing"]
    assert {(c["type"], c["modality"]) for c in pair} == {("typology_definition", "denies")}, repeated


def test_since_the_1980s_is_a_decade_not_a_year(select):
    rows = select("""SELECT ?y ?u WHERE { id:event\\/chn-multilateral-preference-1980s <http://www.w3.org/2006/time#hasBeginning>/<http://www.w3.org/2006/time#inDateTime> ?d .
        ?d <http://www.w3.org/2006/time#year> ?y ; <http://www.w3.org/2006/time#unitType> ?u }""")
    assert rows == [("1980", "http://www.w3.org/2006/time#unitDecade")]
    assert select("SELECT ?y WHERE { id:event\\/chn-multilateral-preference-1980s <http://www.w3.org/2006/time#hasBeginning>/<http://www.w3.org/2006/time#inXSDgYear> ?y }") == []


def test_aukus_and_quad_issue_areas_follow_the_digest(select):
    aukus = {a.rsplit("/", 1)[1] for (a,) in select("SELECT ?a WHERE { id:mechanism\\/aukus mlo:hasIssueArea ?a }")}
    assert {"nuclear-submarines", "technology-sharing", "security", "emerging-technology"} == aukus
    dated = select("SELECT ?a ?s WHERE { id:mechanism\\/quad mlo:hasDatedIssueArea ?d . ?d mlo:issueArea ?a ; mlo:startTime ?s }")
    assert {(a.rsplit("/", 1)[1], s) for a, s in dated} == {("infrastructure", "2017"), ("climate-change", "2017"), ("public-health", "2017")}


# --- entities the digest names --------------------------------------------------------------


def test_regions_leaders_and_theories_are_entities(select):
    rows = select("SELECT ?x ?t WHERE { VALUES ?t { mlo:Region mlo:PoliticalLeader mlo:Theory } ?x a ?t }")
    assert {(x.removeprefix(ID), t.removeprefix(MLO)) for x, t in rows} == {
        ("region/asia-pacific", "Region"), ("region/indo-pacific", "Region"), ("region/korean-peninsula", "Region"),
        ("person/joe-biden", "PoliticalLeader"), ("person/donald-trump", "PoliticalLeader"),
        ("theory/neoclassical-realism", "Theory"),
    }
    labels = {
        "concept/non-nuclear-weapon-states": {"non-nuclear-weapon states", "非核国家"},
        "concept/liberal-trade-order": {"liberal international trade order", "自由国际贸易秩序"},
        "concept/nuclear-arms-control": {"nuclear arms control", "核军控"},
        "mechanism/npt-review-conference": {"NPT Review Conference", "NPT审议大会"},
    }
    for slug, names in labels.items():
        assert {l for (l,) in select(f"SELECT ?l WHERE {{ <{iri(slug)}> rdfs:label ?l }}")} == names, slug


def test_background_founding_dates_from_the_reference(select):
    rows = select("""SELECT ?m ?d WHERE { GRAPH <https://w3id.org/minilat/graph/background> {
        ?e a mlo:Founding ; mlo:involves ?m ; <http://purl.org/dc/terms/date> ?d ; <http://purl.org/dc/terms/source> ?src } }""")
    got = {(m.rsplit("/", 1)[1], d) for m, d in rows if "/mechanism/" in m}
    assert got == {("nsg", "1975-11"), ("mtcr", "1987-04"), ("zangger-committee", "1971"), ("nac", "1998-06-09"),
                   ("vg10", "1980"), ("aiib", "2015-12-25"), ("aukus", "2021-09-15"), ("four-party-talks", "1997-12-09")}
    tpnw = select("""SELECT ?d WHERE { GRAPH <https://w3id.org/minilat/graph/background> { ?e a mlo:TreatyAdoption ; mlo:involves id:mechanism\\/tpnw ; <http://purl.org/dc/terms/date> ?d } }""")
    assert tpnw == [("2017-07-07",)]


def test_a_content_predicate_missing_from_the_ontology_stops_the_build():
    """The curation's predicate keys are named once, by mlo:predicateKey in the ontology."""
    from rdflib import Literal, URIRef

    from minilat.errors import UserError
    from minilat.pipeline.assemble.claims import content_predicates
    from minilat.pipeline.build import load_ontology

    ontology = load_ontology()
    found = content_predicates(ontology)
    assert found["contrasts_with"][:2] == (URIRef(MLO + "differsFrom"), "contrasts with") and len(found) == 21
    ontology.remove((URIRef(MLO + "hedgesAgainst"), URIRef(MLO + "predicateKey"), Literal("hedges_against")))
    with pytest.raises(UserError, match="hedges_against"):
        content_predicates(ontology)
