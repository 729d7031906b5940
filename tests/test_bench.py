"""The scale benchmark (minilat bench): a reproducible generator and sane case measurements."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from minilat import bench
from minilat.library import library

TINY = 5_000  # above the ontology alone (about 2.1k triples since ontology 0.2.0), so digests are generated
PREFIXES = """PREFIX mlo: <https://w3id.org/minilat/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
              PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
              PREFIX dct: <http://purl.org/dc/terms/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
              PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
#: The library queries over the claim model (holder, modality, propositions, argument-link nodes).
CLAIM_QUERIES = ("reported-views", "conditional-predictions", "recommendations", "causal-statements", "features-ascribed",
                 "disagreements", "claims-by-holder-and-modality", "statements-by-predicate", "claim-content",
                 "theories-applied", "research-questions", "denials", "entity-claims-by-holder", "complements-or-erodes",
                 "dated-issue-areas")


def count(store: ox.Store, pattern: str) -> int:
    """How many solutions ``pattern`` has over the union of the graphs."""
    query = f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bench")
    first, second = directory / "a.nq", directory / "b.nq"
    meta = bench.generate(first, TINY, seed=7, progress=False)
    bench.generate(second, TINY, seed=7, progress=False)
    return first, second, meta


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """20k triples: enough for every kind of entity (claims, argument links, memberships)."""
    path = tmp_path_factory.mktemp("bench") / "small.nq"
    return path, bench.generate(path, 20_000, seed=7, progress=False)


@pytest.fixture(scope="module")
def small_store(small):
    """The 20k dataset loaded once, for the tests that query it."""
    store = ox.Store()
    store.load(path=str(small[0]), format=ox.RdfFormat.N_QUADS)
    return store


def test_generator_is_reproducible_byte_for_byte(tiny):
    first, second, _ = tiny
    assert first.read_bytes() == second.read_bytes()


def test_generator_seed_changes_the_data(tiny, tmp_path):
    other = tmp_path / "c.nq"
    bench.generate(other, TINY, seed=8, progress=False)
    assert other.read_bytes() != tiny[0].read_bytes()


def test_generated_dataset_parses_and_has_the_requested_size(tiny):
    first, _, meta = tiny
    store = ox.Store()
    store.load(path=str(first), format=ox.RdfFormat.N_QUADS)
    assert len(store) == meta["quads"]  # every written quad is distinct
    assert abs(len(store) - TINY) <= 0.1 * TINY
    graphs = {g.value.rsplit("/", 1)[-1] for g in store.named_graphs()}
    assert {"ontology", "digest", "background", "bibliography", "inferred"} <= graphs


def test_generated_dataset_is_shaped_like_digests(small_store):
    def count_(pattern: str) -> int:
        return count(small_store, pattern)

    assert count_("?d a mlo:DigestIssue") >= 3
    assert count_("?c a mlo:Claim ; mlo:anchoredBy/oa:hasTarget/oa:hasSelector/oa:exact ?q ; mlo:statement ?s FILTER(lang(?s) = 'en')") >= 50
    assert count_("?c mlo:quote ?q") == 0  # deprecated (ontology 0.2.0): the quote is the annotation's oa:exact, as the assembly writes it
    assert count_("?f a mlo:FactAssertion ; mlo:factSubject ?s ; mlo:factPredicate ?p ; mlo:factObject ?o") >= 1
    assert count_("?f rdf:subject|rdf:predicate|rdf:object ?x") == 0
    assert count_("?a mlo:ledTo|mlo:revived ?b") == 0
    assert count_("?c a mlo:Claim ; mlo:anchoredBy ?a . ?a oa:hasTarget/oa:hasSelector/oa:exact ?x") >= 50
    assert count_("?c mlo:supports|mlo:elaborates|mlo:qualifies|mlo:contests ?d") >= 20
    assert count_("?m a org:Membership ; mlo:layer 'digest'") >= 1
    assert count_("?m a org:Membership ; mlo:layer 'background'") >= 1
    assert count_("GRAPH <https://w3id.org/minilat/graph/inferred> { ?x a ?t }") >= 1


def test_generated_claims_have_holder_modality_and_content(small_store):
    """Claims in the shape minilat.pipeline.assemble.claims gives curated ones (ontology: "Claims that hold content")."""
    store = small_store
    claims = count(store, "?c a mlo:Claim")
    assert claims >= 50
    # One holder kind and one modality each, at least one holder, short labels in both languages.
    assert count(store, "?c a mlo:Claim ; mlo:holderKind ?k ; mlo:hasModality ?m") == claims
    assert count(store, "?c a mlo:Claim FILTER NOT EXISTS { ?c mlo:heldBy ?h }") == 0
    assert count(store, "?c a mlo:Claim ; rdfs:label ?en , ?zh FILTER(lang(?en) = 'en' && lang(?zh) = 'zh')") == claims
    # Asserted by its entry, or quoted when it reports a (state) actor's view.
    assert count(store, "?e mlo:assertsClaim ?c . ?c mlo:madeIn ?e") + count(store, "?e mlo:quotesClaim ?c . ?c mlo:madeIn ?e") == claims
    assert count(store, "?e mlo:quotesClaim ?c") == count(store, "?c mlo:holderKind mlo:ReportedActorHolder ; mlo:heldBy ?s . ?s a mlo:State") > 0
    assert count(store, "?c mlo:hasModality mlo:ReportingView ; mlo:holderKind ?k FILTER(?k != mlo:ReportedActorHolder)") == 0
    assert count(store, "?c mlo:holderKind mlo:EditorsHolder ; mlo:claimOf ?w FILTER(!CONTAINS(STR(?w), '/preface/'))") == 0
    for modality in ("Asserting", "ReportingView", "Asking", "Predicting", "Recommending", "Denying", "StatingLimitation"):
        assert count(store, f"?c mlo:hasModality mlo:{modality}") > 0, modality
    # Reified content: every claim has statements, each with a content predicate of the ontology.
    assert count(store, "?c a mlo:Claim FILTER NOT EXISTS { ?c mlo:hasProposition ?p }") == 0
    props = count(store, "?p a mlo:Proposition")
    assert props > claims
    assert count(store, """?p a mlo:Proposition ; mlo:propositionSubject ?s ; mlo:propositionPredicate ?pr ;
                           mlo:propositionObject ?o ; rdfs:label ?l FILTER(lang(?l) = 'en')
                           GRAPH <https://w3id.org/minilat/graph/ontology> { ?pr mlo:predicateKey ?key }""") == props
    assert count(store, "?x mlo:causes ?y") == 0  # content, never a fact of the graph
    assert count(store, "?c mlo:hasCondition ?a ; mlo:hasOutcome ?b ; mlo:hasProposition ?a , ?b ; mlo:hasModality mlo:Predicting") > 0
    assert count(store, "?p mlo:negated true") > 0
    assert count(store, "?c mlo:hasTopic ?x ; mlo:about ?x") > 0
    assert count(store, "?c mlo:hasTopic ?x FILTER NOT EXISTS { ?c mlo:about ?x }") == 0
    # Argument links: a node for every plain triple, in the same graph; a curator's reading in its own graph.
    for relation in ("supports", "elaborates", "qualifies", "contests"):
        plain = count(store, f"GRAPH ?g {{ ?a mlo:{relation} ?b }}")
        nodes = count(store, f"GRAPH ?g {{ ?l a mlo:ArgumentLink ; mlo:linkFrom ?a ; mlo:linkTo ?b ; mlo:linkRelation mlo:{relation} . ?a mlo:{relation} ?b }}")
        assert plain == nodes > 0, relation
    readings = count(store, "GRAPH <https://w3id.org/minilat/graph/readings> { ?l a mlo:ArgumentLink }")
    assert readings == count(store, "?l mlo:linkOrigin mlo:CuratorReading") > 0
    assert count(store, "?l mlo:linkOrigin ?o FILTER NOT EXISTS { ?l mlo:rationale ?en , ?zh FILTER(lang(?en) = 'en' && lang(?zh) = 'zh') }") == 0
    assert count(store, "?l mlo:linkOrigin ?o ; mlo:linkFrom ?a ; mlo:linkTo ?b . ?a mlo:madeIn ?e . ?b mlo:madeIn ?e") == 0
    # Dated issue areas, dated by a digest passage or a reference source.
    assert count(store, "?m mlo:hasDatedIssueArea ?d . ?d mlo:issueArea ?a ; mlo:startTime ?t") > 0


def test_generated_propositions_are_labelled_as_the_assembly_labels_them(small_store):
    """"subject —predicate→ object" from the terms' labels and the ontology's predicate label,
    with if:/then: and not, in both languages: the text minilat.pipeline.assemble.claims.ClaimWriter writes."""
    props = count(small_store, "?p a mlo:Proposition")
    for lang, condition, outcome, negation in (("en", "if: ", "then: ", "not "), ("zh", "条件：", "结果：", "并非")):
        labelled = count(small_store, f"""
            ?p a mlo:Proposition ; rdfs:label ?l ; mlo:propositionSubject/rdfs:label ?s ; mlo:propositionPredicate ?pr ;
               mlo:propositionObject/rdfs:label ?o .
            GRAPH <https://w3id.org/minilat/graph/ontology> {{ ?pr rdfs:label ?pl }}
            FILTER(lang(?l) = '{lang}' && lang(?s) = '{lang}' && lang(?o) = '{lang}' && lang(?pl) = '{lang}')
            OPTIONAL {{ ?c mlo:hasCondition ?p }} OPTIONAL {{ ?d mlo:hasOutcome ?p }} OPTIONAL {{ ?p mlo:negated ?neg }}
            FILTER(STR(?l) = CONCAT(IF(BOUND(?c), "{condition}", IF(BOUND(?d), "{outcome}", "")), STR(?s), " —",
                                    IF(BOUND(?neg), "{negation}", ""), STR(?pl), "→ ", STR(?o)))""")
        assert labelled == props, lang


def test_one_case_returns_sane_numbers(tiny):
    first, _, meta = tiny
    spec = {"engine": "minilat", "label": "5k", "triples": TINY, "data": str(first), "repeat": 1,
            "min_query_time": 0.0, "query_cap": 60.0, "query_budget": 5.0}  # one run per query: fast
    case = bench.run_case(spec, mem_cap=None, timeout=120)
    assert case["status"] == "ok"
    assert case["load_s"] > 0
    assert case["peak_rss_load"] > 0 and case["peak_rss"] >= case["peak_rss_load"]
    assert case["quads_loaded"] == meta["quads"]
    assert set(case["queries"]) == set(library())
    for name, entry in case["queries"].items():
        assert "median_s" in entry or "skipped" in entry, (name, entry)


def test_sizes_parse():
    assert bench.parse_size("10k") == 10_000
    assert bench.parse_size("1M") == 1_000_000
    assert bench.size_label(10_000_000) == "10M"
    with pytest.raises(Exception):
        bench.parse_size("lots")


def test_names_past_the_syllable_space_make_valid_iris() -> None:
    # At 10M triples the generator ran out of syllable combinations and named a mechanism
    # "Navinki 38165", which put a space into an IRI and stopped the 10M load.
    import random

    from minilat.bench.generator import _Synth

    synth = _Synth(None, random.Random(1))  # type: ignore[arg-type]
    names = [synth.proper_name((1, 1))[0] for _ in range(200)]
    assert len(set(names)) == 200
    assert not [n for n in names if not n.isalnum()]


def test_generator_records_the_busiest_entity_of_each_kind(small, small_store):
    meta, store = small[1], small_store

    def busiest(pattern: str) -> str:
        query = f"""{PREFIXES} SELECT ?x (COUNT(*) AS ?n) WHERE {{ {pattern} }} GROUP BY ?x ORDER BY DESC(?n) STR(?x) LIMIT 1"""
        return next(iter(store.query(query, use_default_graph_as_union=True)))["x"].value

    examples = meta["examples"]
    assert set(examples) == set(bench.generator.EXAMPLE_ROLES)
    for name, role in bench.generator.EXAMPLE_ROLES.items():
        assert examples[name] == busiest(role.pattern), name
    assert "/state/" in examples["holder"]  # a reported actor, not an author
    assert examples["mechanism"] == busiest("?m org:organization ?x")
    assert examples["entity"] == busiest("?c mlo:about ?x")


def test_every_library_parameter_gets_a_value_as_asked(small):
    from minilat.bench.asked import ASKED, plan

    examples = small[1]["examples"]
    texts, bound = plan(library(), examples)
    with_params = {name for name, q in library().items() if q.params}
    assert set(bound) == {name + ASKED for name in with_params}
    for key, values in bound.items():
        assert set(values) == {p.name for p in library()[key.removesuffix(ASKED)].params}
    # Ontology-term examples in the headers are used as they are; entities come from the data.
    assert bound["argument-links" + ASKED] == {"relation": "https://w3id.org/minilat/ontology#qualifies"}  # the header's example: the data has no contests links since issue 11
    assert bound["mechanism-members" + ASKED] == {"mechanism": examples["mechanism"]}


def test_a_parameter_without_an_example_is_reported_by_name():
    from minilat.bench.asked import UnboundParameter, bindings
    from minilat.library import LibraryQuery, Param

    query = LibraryQuery(name="q", path=None, text="SELECT ?treaty {}", title="t", title_zh="t", description="d",  # type: ignore[arg-type]
                         description_zh="d", params=(Param("treaty", "IRI of a treaty (default: all)"),))
    with pytest.raises(UnboundParameter, match="parameter 'treaty'"):
        bindings(query, {"mechanism": "https://example.org/m"})


def test_a_case_runs_each_parameterised_query_bound_and_unbound(small):
    from minilat.bench.asked import ASKED, plan
    from minilat.bench.report import as_asked, markdown, measurements, ratios, targets

    first, meta = small
    texts, bound = plan(library(), meta["examples"])
    spec = {"engine": "minilat", "label": "20k", "triples": 20_000, "data": str(first), "repeat": 1,
            "min_query_time": 0.0, "query_cap": 60.0, "query_budget": 5.0, "queries": texts, "bindings": bound}
    case = bench.run_case(spec, mem_cap=None, timeout=120)
    assert case["status"] == "ok"
    assert list(case["queries"]) == list(texts)
    member_rows = case["queries"]["mechanism-members" + ASKED]["rows"]
    assert 0 < member_rows < case["queries"]["mechanism-members"]["rows"]
    assert 0 < case["queries"]["claims-about-entity" + ASKED]["rows"] < case["queries"]["claims-about-entity"]["rows"]
    assert case["queries"]["mechanism-members" + ASKED]["bindings"] == {"mechanism": meta["examples"]["mechanism"]}
    # The claim-model queries measure real answers, not empty ones, bound and unbound.
    for name in CLAIM_QUERIES:
        assert case["queries"][name]["rows"] > 0, name
        if name + ASKED in case["queries"]:
            assert 0 < case["queries"][name + ASKED]["rows"] <= case["queries"][name]["rows"], name

    results = {"meta": {"queries": list(library()), "asked": {n: [p.name for p in q.params] for n, q in library().items() if q.params},
                        "date": "2026-11-27T00:00:00", "machine": {"nproc": 2, "ram_bytes": 2**30, "cpu": "x", "platform": "y"},
                        "python": "3", "pyoxigraph": "0", "rdflib": "0", "seed": 7,
                        "caps": {"rdflib_load_s": 1, "query_s": 1, "mem_bytes": 2**30},
                        "method": {k: "x" for k in ("runs", "store", "union", "bindings", "rss")}},
               "datasets": {"20k": meta}, "cases": [case]}
    assert measurements(results["meta"])[:2] == ["argument-chain" + ASKED, "argument-chain"]
    assert len(as_asked(results["meta"])) == len(library())
    results["ratios"] = {"20k": ratios(results, "20k")}
    results["targets"] = targets(results)
    text = markdown(results)
    assert "| mechanism-members, as asked |" in text
    assert f"| 20k | mechanism-members | mechanism = <{meta['examples']['mechanism']}> |" in text
