"""The rule engine (``pipeline/entail.py``) gives exactly what HermiT gives (``reason.infer``).

(a) On the real data: the ABox as the build assembles it, from the release file.
(b) Per axiom form, on a small ontology and hand-written ABoxes: HermiT and the engine both run,
    and both must equal the expected set — including an individual that gets a defined class
    only from facts in two separately built parts of the ABox.
(c) An axiom outside the engine's fragment fails with one clear error naming it.
Speed is measured by ``benchmarks/entail.py``, not here.
"""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, URIRef

from minilat import ids, paths
from minilat.errors import UserError
from minilat.pipeline.reason import classify
from minilat.pipeline.reason.axioms import Unsupported
from minilat.pipeline.reason.entail import check_consistent, entail
from minilat.pipeline.reason.hermit import Inconsistent, infer

EX = "http://ex.org/"
PREFIXES = f"""@prefix : <{EX}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
SHORT = {EX: ":", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "a", "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
         "http://www.w3.org/2002/07/owl#": "owl:"}

#: One small ontology with every supported axiom form: defined classes (intersection, someValuesFrom,
#: a union filler, an inverse property, nesting), hasValue (object, data), oneOf, domain, range (a union,
#: with disjointness), sub-, inverse, symmetric and transitive properties, a chain, an anonymous
#: successor (A ⊑ ∃q.B), equivalent named classes.
TOY = """
:member a owl:ObjectProperty . :organization a owl:ObjectProperty . :hasArea a owl:ObjectProperty . :operatesWithin a owl:ObjectProperty .
:memberOf a owl:ObjectProperty ; owl:propertyChainAxiom ( [ owl:inverseOf :member ] :organization ) ; owl:inverseOf :hasMember .
:hasMember a owl:ObjectProperty .
:madeIn a owl:ObjectProperty ; rdfs:range [ a owl:Class ; owl:unionOf ( :Preface :Summary ) ] .
:q a owl:ObjectProperty ; rdfs:domain :Q . :p a owl:ObjectProperty .
:sym a owl:ObjectProperty , owl:SymmetricProperty . :sub a owl:ObjectProperty ; rdfs:subPropertyOf :sup .
:sup a owl:ObjectProperty ; rdfs:range :Target .
:tr a owl:ObjectProperty , owl:TransitiveProperty . :i1 a owl:ObjectProperty ; owl:inverseOf :i2 . :i2 a owl:ObjectProperty .
:year a owl:DatatypeProperty ; rdfs:domain :Dated . :flag a owl:DatatypeProperty .
:code a owl:DatatypeProperty , owl:FunctionalProperty .
:State a owl:Class . :Current a owl:Class . :Mech a owl:Class . :Target a owl:Class . :Dated a owl:Class . :Q a owl:Class .
:Minilateral a owl:Class ; rdfs:subClassOf :Mech . :Multilateral a owl:Class ; rdfs:subClassOf :Mech .
:Treaty a owl:Class ; rdfs:subClassOf :Mech .
[] a owl:AllDisjointClasses ; owl:members ( :Minilateral :Multilateral :Treaty ) .
:SecArea a owl:Class .
:SecMech a owl:Class ; owl:equivalentClass [ owl:intersectionOf ( :Minilateral
    [ a owl:Restriction ; owl:onProperty :hasArea ; owl:someValuesFrom :SecArea ] ) ] .
:Inside a owl:Class ; owl:equivalentClass [ owl:intersectionOf ( :Minilateral [ a owl:Restriction ; owl:onProperty :operatesWithin ;
    owl:someValuesFrom [ a owl:Class ; owl:unionOf ( :Multilateral :Treaty ) ] ] ) ] .
:Part a owl:Class ; owl:equivalentClass [ owl:intersectionOf ( :State [ a owl:Restriction ; owl:onProperty [ owl:inverseOf :member ] ;
    owl:someValuesFrom [ owl:intersectionOf ( :Current [ a owl:Restriction ; owl:onProperty :organization ; owl:someValuesFrom :SecMech ] ) ] ] ) ] .
:Preface a owl:Class ; rdfs:subClassOf :Expression ; owl:disjointWith :Summary .
:Summary a owl:Class ; rdfs:subClassOf :Expression . :Expression a owl:Class .
:Translation a owl:Class ; owl:disjointWith :Preface .
:Flagged a owl:Class ; owl:equivalentClass [ a owl:Restriction ; owl:onProperty :flag ; owl:hasValue true ] .
:ToA a owl:Class ; owl:equivalentClass [ a owl:Restriction ; owl:onProperty :p ; owl:hasValue :a ] .
:Listed a owl:Class . [ a owl:Class ; owl:oneOf ( :a :b ) ] rdfs:subClassOf :Listed .
:A a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :q ; owl:someValuesFrom :B ] .
:B a owl:Class ; rdfs:subClassOf :C . :C a owl:Class .
:K a owl:Class ; owl:equivalentClass [ a owl:Restriction ; owl:onProperty :q ; owl:someValuesFrom :C ] .
:E a owl:Class ; owl:equivalentClass :E2 . :E2 a owl:Class .
"""
#: What HermiT infers about the toy ontology itself, whatever the ABox (owlready2 adds the inferred
#: subsumptions, and the types of the individuals of the oneOf).
TOY_TBOX = {":A rdfs:subClassOf :K", ":K rdfs:subClassOf :Q", ":Inside rdfs:subClassOf :Minilateral", ":Part rdfs:subClassOf :State",
            ":SecMech rdfs:subClassOf :Minilateral", ":E2 owl:equivalentClass :E", ":a a :Listed", ":b a :Listed"}


def parse(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def short(triples: Graph) -> set[str]:
    out = set()
    for triple in triples:
        text = []
        for term in triple:
            value = str(term)
            for base, prefix in SHORT.items():
                if value.startswith(base):
                    value = prefix + value[len(base):]
            text.append(value)
        out.add(" ".join(text))
    return out


def both(tbox: str, abox: str) -> tuple[set[str], set[str]]:
    """HermiT's and the engine's answer on the same input."""
    t, a = parse(tbox), parse(abox)
    return short(infer(t, a)), short(entail(t, a))


# -- (a) the real data ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> tuple[Graph, Graph]:
    """The current ontology, and the ABox as build.py assembles it: every graph of the release
    but the ontology and the inferred one (digest, background, bibliography, links, readings, and
    the per-issue graphs …/graph/issue/… of the series)."""
    release = Dataset()
    release.parse(paths.GRAPHS / "minilat.nq", format="nquads")
    left_out = {URIRef(ids.GRAPHS["ontology"]), URIRef(ids.GRAPHS["inferred"]), URIRef(ids.SAMEAS_GRAPH)}
    abox = Graph()
    for s, p, o, g in release.quads():
        if g not in left_out:
            abox.add((s, p, o))
    return Graph().parse(paths.ONTOLOGY, format="turtle"), abox


def test_real_data_engine_equals_hermit(real: tuple[Graph, Graph]) -> None:
    tbox, abox = real
    hermit, engine = set(infer(tbox, abox)), set(entail(tbox, abox))
    assert engine == hermit
    assert len(hermit) > 20  # e.g. the Quad is a security minilateral, its members take part in one


# -- (b) per axiom form -----------------------------------------------------------------------

CASES = {
    "intersection, someValuesFrom, union filler": (
        (":m1 a :Minilateral ; :hasArea :s1 . :s1 a :SecArea . :m2 a :Minilateral ; :operatesWithin :t . :t a :Treaty ."
         " :m3 a :Minilateral ; :operatesWithin :u . :m4 a :Mech ; :hasArea :s1 ."),
        {":m1 a :SecMech", ":m2 a :Inside"}),
    "nested restriction on an inverse property, chain and inverse values": (
        (":s a :State . :ms a :Current ; :member :s ; :organization :m1 . :m1 a :Minilateral ; :hasArea :s1 . :s1 a :SecArea ."
         " :s2 a :State . :ms2 a :Current ; :member :s2 ; :organization :m5 . :m5 a :Minilateral ."
         " :s3 a :State . :ms3 :member :s3 ; :organization :m1 ."),
        {":m1 a :SecMech", ":s a :Part", ":s :memberOf :m1", ":m1 :hasMember :s", ":s2 :memberOf :m5", ":m5 :hasMember :s2",
         ":s3 :memberOf :m1", ":m1 :hasMember :s3"}),
    "hasValue (data and object), oneOf": (
        ":x1 :flag true . :x2 :flag false . :x3 :p :a . :x4 :p :c .",
        {":x1 a :Flagged", ":x3 a :ToA"}),
    "domain, range, a union range narrowed by disjointness, a year literal": (
        (":c1 :madeIn :e1 . :c2 :madeIn :e2 . :e2 a :Translation . :c3 :madeIn :e3 . :e3 a :Summary ."
         ' :y1 :year "2017"^^xsd:gYear . :x :q :z .'),
        {":e1 a :Expression", ":e2 a :Summary", ":x a :Q", ":y1 a :Dated"}),
    "sub-, symmetric, transitive, inverse properties and a chain": (
        (":a1 :sym :b1 . :a1 :sub :c1 . :t1 :tr :t2 . :t2 :tr :t3 . :j1 :i1 :j2 . :k1 :i1 :k2 . :k2 :i2 :k1 ."
         " :ms :member :s ; :organization :org . :h :hasMember :g ."),
        {":c1 a :Target", ":t1 :tr :t3", ":s :memberOf :org", ":org :hasMember :s"}),
    "anonymous successor, equivalent named classes": (
        ":x5 a :A . :x6 a :B . :w a :E .",
        {":w a :E2"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_axiom_form(case: str) -> None:
    abox, expected = CASES[case]
    hermit, engine = both(TOY, abox)
    assert hermit == TOY_TBOX | expected
    assert engine == hermit


PART_ONE = ":s a :State . :ms a :Current ; :member :s ; :organization :quad . :quad a :Minilateral ."
PART_TWO = ":quad :hasArea :sec . :sec a :SecArea ."


def test_defined_class_from_two_parts() -> None:
    """:s takes part in a security minilateral only when its membership (part one) meets the
    Quad's security issue area (part two): the engine over the union of the parts finds it,
    as HermiT does over the merged ABox; neither part alone gives it."""
    tbox, one, two = parse(TOY), parse(PART_ONE), parse(PART_TWO)
    union = {":quad a :SecMech", ":s a :Part", ":s :memberOf :quad", ":quad :hasMember :s"}
    assert short(entail(tbox, [*one, *two])) == TOY_TBOX | union
    assert short(infer(tbox, one + two)) == TOY_TBOX | union
    assert short(entail(tbox, one)) == TOY_TBOX | {":s :memberOf :quad", ":quad :hasMember :s"}
    assert short(entail(tbox, two)) == TOY_TBOX


@pytest.mark.parametrize(("one", "two", "message"), [
    (":x a :Minilateral .", ":x a :Treaty .",
     "<http://ex.org/x> would belong to both <http://ex.org/Minilateral> and <http://ex.org/Treaty>, which the ontology declares disjoint"),
    (':x :code "AUS" .', ':x :code "AUT" .', '<http://ex.org/x> has several values of the functional <http://ex.org/code>: "AUS", "AUT"'),
])
def test_clash_across_parts(one: str, two: str, message: str) -> None:
    """Each part is consistent for HermiT; only their union clashes, and the engine says so."""
    tbox = parse(TOY)
    check_consistent(tbox, parse(one))
    check_consistent(tbox, parse(two))
    with pytest.raises(Inconsistent, match=message):
        entail(tbox, [*parse(one), *parse(two)])
    with pytest.raises(Inconsistent):
        check_consistent(tbox, parse(one + two))


def test_classification_cache(tmp_path) -> None:
    """The TBox classification is stored by the hash of the axioms and read back (no HermiT run)."""
    tbox, abox = parse(TOY), parse(CASES["hasValue (data and object), oneOf"][0])
    first = short(entail(tbox, abox, cache_dir=tmp_path))
    assert len(list(tmp_path.glob("classify-*.json"))) == 1
    classify._MEMO.clear()
    assert short(entail(parse(TOY), abox, cache_dir=tmp_path)) == first


# -- (c) what the engine does not support -----------------------------------------------------

UNSUPPORTED = {
    "allValuesFrom": (":Z a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :C ] .",
                      r"restriction owl:allValuesFrom on <http://ex.org/p>: <http://ex.org/Z> rdfs:subClassOf"),
    "cardinality": (":Z a owl:Class ; owl:equivalentClass [ a owl:Restriction ; owl:onProperty :p ; owl:minCardinality 2 ] .",
                    r"restriction owl:minCardinality on <http://ex.org/p>: <http://ex.org/Z> owl:equivalentClass"),
    "complementOf": (":Z a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:complementOf :C ] .", r"owl:complementOf.*: <http://ex.org/Z> owl:equivalentClass"),
    "functional object property": (":p a owl:FunctionalProperty .", r"functional object property .*: <http://ex.org/p> rdf:type"),
    "successor over a transitive property": (":Z a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :tr ; owl:someValuesFrom :C ] .",
                                             r"anonymous successor over <http://ex.org/tr>, .* transitive .*: <http://ex.org/Z> rdfs:subClassOf"),
    "union of expressions as a necessary condition": (
        ":Z a owl:Class ; rdfs:subClassOf [ a owl:Class ; owl:unionOf ( :C [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :C ] ) ] .",
        r"union of class expressions .*: <http://ex.org/Z> rdfs:subClassOf"),
}


@pytest.mark.parametrize("case", list(UNSUPPORTED))
def test_unsupported_axiom_fails_naming_it(case: str) -> None:
    extra, message = UNSUPPORTED[case]
    with pytest.raises(Unsupported, match=message):
        entail(parse(TOY + extra), parse(":x a :C ."))


def test_schema_triples_in_the_abox_fail() -> None:
    with pytest.raises(Unsupported, match=r"schema triples in the ABox: <http://ex.org/x> owl:sameAs <http://ex.org/y>"):
        entail(parse(TOY), parse(":x owl:sameAs :y ."))


def test_registry_facts_about_named_individuals() -> None:
    """:ToA is defined with hasValue :a. Facts about :a in the ABox could change the TBox's
    classification, so the engine asks for them as ``registry`` (they then enter HermiT's run)."""
    tbox, abox = parse(TOY), parse(":a a :Q . :x :p :a .")
    with pytest.raises(UserError, match=r"names <http://ex.org/a> in a class definition .* pass the facts about it as registry="):
        entail(tbox, abox)
    assert short(entail(tbox, abox, registry=parse(":a a :Q ."))) == short(infer(tbox, abox)) == TOY_TBOX | {":x a :ToA"}


def test_consistency_cache(tmp_path, monkeypatch) -> None:
    """A part found consistent is remembered by the hash of its input: asked again (even by a new
    process, through the cache directory), HermiT does not run."""
    from minilat.pipeline.reason import entail as engine

    tbox, part = parse(TOY), parse(PART_ONE)
    check_consistent(tbox, part, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("consistent-*"))) == 1
    engine._CONSISTENT.clear()
    monkeypatch.setattr(engine, "_run_hermit", lambda graph: pytest.fail("HermiT ran although the input was cached"))
    check_consistent(parse(TOY), parse(PART_ONE), cache_dir=tmp_path)
