"""The scale benchmark (minilat bench): a reproducible generator and sane case measurements."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from minilat import bench
from minilat.library import library

TINY = 2_000


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
    store = small_store

    def count(pattern: str) -> int:
        query = f"""PREFIX mlo: <https://w3id.org/minilat/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
                    PREFIX oa: <http://www.w3.org/ns/oa#>
                    SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"""
        return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)

    assert count("?d a mlo:DigestIssue") >= 3
    assert count("?c a mlo:Claim ; mlo:quote ?q ; mlo:statement ?s FILTER(lang(?q) = 'zh' && lang(?s) = 'en')") >= 50
    assert count("?c a mlo:Claim ; mlo:anchoredBy ?a . ?a oa:hasTarget/oa:hasSelector/oa:exact ?x") >= 50
    assert count("?c mlo:supports|mlo:elaborates|mlo:qualifies|mlo:contests ?d") >= 20
    assert count("?m a org:Membership ; mlo:layer 'digest'") >= 1
    assert count("?m a org:Membership ; mlo:layer 'background'") >= 1
    assert count("GRAPH <https://w3id.org/minilat/graph/inferred> { ?x a ?t }") >= 1


def test_one_case_returns_sane_numbers(tiny):
    first, _, meta = tiny
    spec = {"engine": "minilat", "label": "2k", "triples": TINY, "data": str(first), "repeat": 1,
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
        query = f"""PREFIX mlo: <https://w3id.org/minilat/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
                    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
                    SELECT ?x (COUNT(*) AS ?n) WHERE {{ {pattern} }} GROUP BY ?x ORDER BY DESC(?n) STR(?x) LIMIT 1"""
        return next(iter(store.query(query, use_default_graph_as_union=True)))["x"].value

    examples = meta["examples"]
    assert examples["mechanism"] == busiest("?m org:organization ?x")
    assert examples["state"] == busiest("?m org:member ?x")
    assert examples["entity"] == busiest("?c mlo:about ?x")
    assert examples["claim"] == busiest("?x mlo:supports ?y")
    assert examples["concept"] == busiest("?x skos:broader ?y")
    assert set(examples) == set(bench.generator.EXAMPLE_ROLES)


def test_every_library_parameter_gets_a_value_as_asked(small):
    from minilat.bench.asked import ASKED, plan

    examples = small[1]["examples"]
    texts, bound = plan(library(), examples)
    with_params = {name for name, q in library().items() if q.params}
    assert set(bound) == {name + ASKED for name in with_params}
    for key, values in bound.items():
        assert set(values) == {p.name for p in library()[key.removesuffix(ASKED)].params}
    # Ontology-term examples in the headers are used as they are; entities come from the data.
    assert bound["argument-links" + ASKED] == {"relation": "https://w3id.org/minilat/ontology#contests"}
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
