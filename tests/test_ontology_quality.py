"""Issue 15: an ontology that ontology engineers would publish.

The quality checks (minilat.pipeline.quality, and the rules they share with the build) run
over the dataset built from the current sources; each pitfall the issue lists has a test
named after what broke. Tests marked ``xfail(strict=True)`` wait for a data-side change in
src/minilat/pipeline/ (listed in the reason): once it is applied they pass, and the strict
marker then fails the run until it is removed.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

from minilat import paths
from minilat.pipeline import quality
from minilat.pipeline.validate import rules

MLO = "https://w3id.org/minilat/ontology#"
ORG, FOAF, OA, SKOS = "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/oa#", "http://www.w3.org/2004/02/skos/core#"
DCTERMS, PROV, TIME = "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#", "http://www.w3.org/2006/time#"
PREFIXES = f"""PREFIX mlo: <{MLO}> PREFIX org: <{ORG}> PREFIX oa: <{OA}> PREFIX dcterms: <{DCTERMS}>
PREFIX fabio: <http://purl.org/spar/fabio/> PREFIX foaf: <{FOAF}> PREFIX skos: <{SKOS}>
PREFIX rdf: <{RDF}> PREFIX rdfs: <{RDFS}> PREFIX owl: <{OWL}> PREFIX schema: <http://schema.org/>
"""


@pytest.fixture(scope="module")
def store(built) -> ox.Store:
    """Every named graph of the dataset built from the current sources."""
    return quality.of_dataset(built.dataset)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(paths.ONTOLOGY, format="turtle")


def ask(store: ox.Store, query: str) -> list[tuple]:
    results = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    return [tuple(row[n].value if row[n] is not None else None for n in names) for row in results]


def count(store: ox.Store, query: str) -> int:
    return int(ask(store, query)[0][0])


def with_ontology_triples(extra: str) -> ox.Store:
    """The ontology graph alone, plus some Turtle added to it."""
    store = quality.ontology_store()
    store.load(PREFIXES + extra, format=ox.RdfFormat.TURTLE, to_graph=quality.ONTOLOGY_GRAPH)  # SPARQL-style PREFIX is Turtle too
    return store


# -- the checks pass ----------------------------------------------------------------------


def test_every_property_class_and_datatype_used_is_declared(store) -> None:
    assert quality.undeclared(store) == []


def test_every_term_has_bilingual_label_and_definition_and_is_defined_by(store) -> None:
    assert quality.undocumented(store) == []
    declared = quality.declarations(store)
    assert len(declared) == len(quality.declarations(quality.ontology_store())) == 226
    assert (sum(1 for t in declared if t.startswith(MLO)), sum(1 for t in declared if not t.startswith(quality.BASE))) == (135, 91)


def test_no_property_is_two_kinds_and_no_annotation_property_has_object_semantics(store) -> None:
    assert quality.punning(store) == []


def test_no_axiom_on_reused_terms_beyond_their_sources(store) -> None:
    assert quality.hijacking(store) == []


def test_the_current_version_is_frozen_and_every_release_carries_its_version_iri() -> None:
    assert quality.versions() == []
    assert sorted(p.name for p in quality.RELEASES.glob("*.ttl")) == ["0.1.0.ttl", "0.2.0.ttl", "0.3.0.ttl"]


def test_the_build_runs_the_quality_rules(built) -> None:
    names = {p.name for p in paths.RULES.glob("*-violation.rq")}
    assert {"undeclared-term-violation.rq", "undocumented-term-violation.rq", "reused-term-axiom-violation.rq"} <= names
    assert [v for v in built.violations if v.rule in names] == []


# -- OWL 2 DL: the OWL API's profile check ------------------------------------------------


def test_ontology_alone_is_owl2_dl() -> None:
    result = quality.profile(paths.ONTOLOGY)
    assert (result.violations, result.unparsed) == ([], [])
    assert result.axioms == 1987


def test_ontology_and_data_together_are_owl2_dl(store) -> None:
    assert quality.profile_of(store).violations == []


def test_ontology_and_data_map_to_owl_without_leftover_triples(store) -> None:
    assert quality.profile_of(store).unparsed == []


def test_the_data_uses_no_reserved_vocabulary(store) -> None:
    assert quality.reserved(store) == []


def test_release_0_1_0_dates_and_codes_were_not_owl2_dl_as_data_values(tmp_path: Path) -> None:
    # A year as a data property value: xsd:gYear is outside the OWL 2 datatype map.
    path = tmp_path / "years.ttl"
    path.write_text(f"""@prefix owl: <{OWL}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x:o> a owl:Ontology . <urn:x:year> a owl:DatatypeProperty . <urn:x:note> a owl:AnnotationProperty .
<urn:x:a> <urn:x:year> "2017"^^xsd:gYear ; <urn:x:note> "2017"^^xsd:gYear .
<urn:x:f> <{RDF}subject> <urn:x:a> .
""", encoding="utf-8")
    result = quality.profile(path)
    assert sorted(kind for kind, _ in result.violations) == ["UseOfDefinedDatatypeInLiteral", "UseOfUndeclaredDatatype"]
    assert all("urn:x:year" in text for _, text in result.violations)  # the annotation value is fine
    assert result.unparsed == [("<urn:x:f>", f"<{RDF}subject>", "<urn:x:a>")]


# -- pitfalls of release 0.1.0, one regression test each -----------------------------------

UNDECLARED_IN_0_1_0 = {
    "http://prismstandard.org/namespaces/basic/2.0/doi": "data property",
    DCTERMS + "format": "annotation property",
    DCTERMS + "language": "annotation property",
    DCTERMS + "isReplacedBy": "annotation property",
    "http://schema.org/sameAs": "annotation property",
    SKOS + "hasTopConcept": "object property",
    FOAF + "page": "object property",
    TIME + "inXSDgYearMonth": "annotation property",
    TIME + "year": "annotation property",
    TIME + "inDateTime": "object property",
    TIME + "unitType": "object property",
    TIME + "DateTimeDescription": "class",
    MLO + "ISO3166Alpha3Code": "datatype",
}


def test_terms_release_0_1_0_used_without_declaring_them_are_declared(store) -> None:
    declared = quality.declarations(store)
    assert {term: declared.get(term) for term in UNDECLARED_IN_0_1_0} == {term: {kind} for term, kind in UNDECLARED_IN_0_1_0.items()}
    # skos:notation went with the duplicated ISO code; skos:exactMatch with the SKOS alignment
    assert SKOS + "notation" not in declared and SKOS + "exactMatch" not in declared


def test_an_undeclared_property_fails_the_build_rules() -> None:
    store = quality.ontology_store()
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/minilat/id/state/AUS"), ox.NamedNode("http://example.org/undeclared"), ox.Literal("x"), ox.NamedNode("https://w3id.org/minilat/graph/digest")))
    assert [str(f) for f in quality.undeclared(store)] == ["undeclared: http://example.org/undeclared: used as a property https://w3id.org/minilat/id/state/AUS"]
    assert [v.rule for v in rules(store)] == ["undeclared-term-violation.rq"]


def test_org_role_domain_membership_is_caught_as_hijacking() -> None:
    # ORG gives org:role the domain Membership or Post; 0.1.0 narrowed it to Membership.
    store = with_ontology_triples("org:role rdfs:domain org:Membership .")
    assert [str(f) for f in quality.hijacking(store)] == [
        "hijacking: http://www.w3.org/ns/org#role: http://www.w3.org/2000/01/rdf-schema#domain http://www.w3.org/ns/org#Membership: not stated by its vocabulary"]


def test_a_disjointness_among_reused_classes_only_is_caught_as_hijacking() -> None:
    store = with_ontology_triples("[] a owl:AllDisjointClasses ; owl:members ( foaf:Person org:Organization ) .")
    assert [f.detail.split(" ")[0] for f in quality.hijacking(store)] == [str(OWL) + "members"]


def test_definitions_rewritten_for_minilat_are_caught() -> None:
    store = with_ontology_triples('foaf:Person skos:definition "A person (FOAF): here an author, compiler or reviewer."@en .')
    assert [(f.term, f.detail.split(":")[0]) for f in quality.hijacking(store)] == [(FOAF + "Person", "definition rewritten for minilat ('here')")]


REWRITTEN_IN_0_1_0 = {
    FOAF + "Person": ("A person.", "Authors, compilers and reviewers of the digest, and the political leaders it names."),
    FOAF + "name": ("A name for some thing.", "A person's name as the digest prints it (Chinese names tagged @zh)."),
    OA + "Annotation": ("The class for Web Annotations.", "The evidence that ties a statement (its body) to the passage of the digest that states it (its target)."),
    OA + "hasSource": ("The resource that the ResourceSelection, or its subclass SpecificResource, is more specific than.", "The digest's raw text file (id/digest/{issue}/text)."),
    DCTERMS + "source": ("A related resource from which the described resource is derived.", "The reference source of a background-layer fact, as an IRI or a free-text citation; hence an annotation property."),
    DCTERMS + "creator": ("An entity responsible for making the resource.", "The authors of a journal article and the editors of the preface (IRIs); the ontology's creator is the minilat project. An annotation property, because Dublin Core allows names as well as agents."),
}


def test_reused_terms_keep_their_sources_definitions_and_minilat_use_goes_to_scope_notes(ontology) -> None:
    got = {}
    for term in REWRITTEN_IN_0_1_0:
        definition = {str(o) for o in ontology.objects(URIRef(term), URIRef(SKOS + "definition")) if o.language == "en"}
        note = {str(o) for o in ontology.objects(URIRef(term), URIRef(SKOS + "scopeNote")) if o.language == "en"}
        got[term] = (definition.pop(), note.pop())
    assert got == REWRITTEN_IN_0_1_0


def test_punning_an_object_property_as_an_annotation_property_is_caught() -> None:
    store = with_ontology_triples("mlo:about a owl:AnnotationProperty .")
    assert [str(f) for f in quality.punning(store)] == ["punning: https://w3id.org/minilat/ontology#about: annotation property in a logical axiom (domain)",
                                                        "punning: https://w3id.org/minilat/ontology#about: declared as annotation property and object property"]
    store = with_ontology_triples("mlo:x a owl:AnnotationProperty . mlo:x rdfs:domain mlo:Claim .")
    assert [str(f) for f in quality.punning(store)] == ["punning: https://w3id.org/minilat/ontology#x: annotation property in a logical axiom (domain)"]


def test_states_and_mechanisms_are_aligned_by_schema_sameas_not_skos_exactmatch(store) -> None:
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s skos:exactMatch ?o }") == 0
    aligned = ask(store, """SELECT ?kind (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/minilat/graph/links> { ?s schema:sameAs ?o }
        BIND(IF(STRSTARTS(STR(?o), "http://www.wikidata.org/"), "wikidata", IF(STRSTARTS(STR(?o), "http://dbpedia.org/"), "dbpedia", "other")) AS ?kind) } GROUP BY ?kind ORDER BY ?kind""")
    assert aligned == [("dbpedia", "18"), ("other", "23"), ("wikidata", "10")]


def test_the_iso_code_is_stated_once(store) -> None:
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s skos:notation ?o }") == 0
    assert count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s mlo:iso3166Alpha3 ?o ; a mlo:State }") == 23
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/minilat/graph/ontology> && (?o = mlo:ISO3166Alpha3Code || datatype(?o) = mlo:ISO3166Alpha3Code)) }") == 0


def test_the_quote_is_stated_once_on_claims(store) -> None:
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c mlo:quote ?q }") == 0


def test_the_data_uses_no_deprecated_property(store) -> None:
    assert ask(store, """SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/minilat/graph/ontology>)
        GRAPH <https://w3id.org/minilat/graph/ontology> { ?p owl:deprecated true } }""") == []


def test_deprecated_terms_keep_their_iris_and_name_their_replacement(ontology) -> None:
    deprecated = {str(s): str(ontology.value(s, URIRef(DCTERMS + "isReplacedBy"))) for s in ontology.subjects(OWL.deprecated, Literal(True))}
    assert deprecated == {
        MLO + "ledTo": MLO + "leadsTo", MLO + "revived": MLO + "revives", MLO + "quote": OA + "exact",
        MLO + "usesConcept": MLO + "about", MLO + "ISO3166Alpha3Code": MLO + "iso3166Alpha3",
    }
    for old, new in deprecated.items():
        assert (URIRef(new), OWL.deprecated, Literal(True)) not in ontology
        assert {o.language for o in ontology.objects(URIRef(old), URIRef(SKOS + "scopeNote"))} == {"en", "zh"}
    assert (URIRef(MLO + "ledTo"), RDFS.subPropertyOf, URIRef(MLO + "leadsTo")) in ontology  # released data answers for the new name
    assert str(ontology.value(URIRef(MLO + "leadsTo"), RDFS.label)) in {"leads to", "促成"}


def test_unused_terms_are_only_values_the_curation_allows(store) -> None:
    assert quality.unused(store) == {MLO + "contests", MLO + "contrastedWith", MLO + "revives", MLO + "Reporting"}


# -- missing axioms, each justified by the data ---------------------------------------------

DOMAINS = {  # property → (its domain in the ontology, subjects in the data)
    "quote": ("Claim", 0),  # deprecated (0.2.0): the domain stays declared; no claim states it since the quote is oa:exact
    "statement": ("Claim", 105), "madeIn": ("Claim", 105), "about": ("Claim", 105),
    "compiledBy": ("CompiledSummary", 4), "entryNumber": ("CompiledSummary", 4), "forthcoming": ("fabio:JournalArticle", 4),
    "iso3166Alpha3": ("State", 23), "layer": ("org:Membership", 31),
}


def test_new_domains_hold_for_every_subject_in_the_data(store, ontology) -> None:
    got = {}
    for prop, (domain, _) in DOMAINS.items():
        iri = domain if ":" in domain else f"mlo:{domain}"
        assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/minilat/graph/ontology> {{ mlo:{prop} rdfs:domain {iri} }} }}") == 1
        subjects = count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s mlo:{prop} ?o }}")
        outside = count(store, f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s mlo:{prop} ?o
            FILTER NOT EXISTS {{ ?s a ?t . GRAPH <https://w3id.org/minilat/graph/ontology> {{ ?t rdfs:subClassOf* {iri} }} }} }}""")
        got[prop] = (domain, subjects) if outside == 0 else (domain, f"{outside} subjects outside")
    assert got == DOMAINS


def test_disjoint_groups_hold_in_the_data(store) -> None:
    groups = [("mlo:State", "foaf:Person"), ("mlo:FactAssertion", "mlo:Claim"), ("mlo:FactAssertion", "mlo:Event"), ("mlo:Claim", "mlo:Event"),
              ("fabio:JournalArticle", "mlo:CompiledSummary"), ("fabio:JournalArticle", "mlo:Preface"), ("fabio:JournalArticle", "mlo:DigestIssue"),
              ("mlo:CompiledSummary", "mlo:Preface"), ("mlo:DigestIssue", "mlo:Preface"), ("mlo:DigestIssue", "mlo:CompiledSummary")]
    assert {(a, b): count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a {a} , {b} }}") for a, b in groups} == {pair: 0 for pair in groups}
    sizes = {c: count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {c} }}") for c in ("mlo:State", "foaf:Person", "mlo:FactAssertion", "mlo:Claim", "mlo:Event")}
    assert sizes == {"mlo:State": 23, "foaf:Person": 12, "mlo:FactAssertion": 5, "mlo:Claim": 105, "mlo:Event": 19}


def test_inverse_declarations_match_the_data(store) -> None:
    # mlo:anchoredBy ⊑ inverse(oa:hasBody): exactly the same pairs, reversed
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?x mlo:anchoredBy ?a }") == count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a oa:hasBody ?x }") == 315
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?x mlo:anchoredBy ?a FILTER NOT EXISTS { ?a oa:hasBody ?x } }") == 0
    # mlo:assertsClaim, mlo:quotesClaim ⊑ inverse(mlo:madeIn): together they are madeIn, reversed
    assert (count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e mlo:assertsClaim ?c }"), count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e mlo:quotesClaim ?c }")) == (101, 4)
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c mlo:madeIn ?e FILTER NOT EXISTS { ?e mlo:assertsClaim|mlo:quotesClaim ?c } }") == 0
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e mlo:assertsClaim|mlo:quotesClaim ?c FILTER NOT EXISTS { ?c mlo:madeIn ?e } }") == 0
    # mlo:hasEntry ⊑ inverse(dcterms:isPartOf); mlo:hasMember ⊑ org:hasMember, the inverse ORG states
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?i mlo:hasEntry ?e FILTER NOT EXISTS { ?e dcterms:isPartOf ?i } }") == 0
    assert count(store, """SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/minilat/graph/ontology> {
        mlo:hasMember rdfs:subPropertyOf org:hasMember . org:hasMember owl:inverseOf org:memberOf . mlo:memberOf owl:inverseOf mlo:hasMember } }""") == 1


def test_events_are_activities_and_study_periods_are_intervals(ontology) -> None:
    supers = {c: {str(o) for o in ontology.objects(URIRef(MLO + c), RDFS.subClassOf)} for c in ("Event", "StudyPeriod", "Claim", "FactAssertion")}
    assert supers == {"Event": {PROV + "Activity"}, "StudyPeriod": {TIME + "ProperInterval"}, "Claim": {PROV + "Entity"}, "FactAssertion": {PROV + "Entity"}}


def test_publication_metadata_names_creator_publisher_dates_status_citation_and_namespace(ontology) -> None:
    header = URIRef(quality.ONTOLOGY)
    values = {p: sorted(str(o) for o in ontology.objects(header, URIRef(p))) for p in (
        DCTERMS + "creator", DCTERMS + "publisher", DCTERMS + "issued", DCTERMS + "modified", "http://purl.org/ontology/bibo/status",
        "http://purl.org/vocab/vann/preferredNamespacePrefix", "http://purl.org/vocab/vann/preferredNamespaceUri", str(OWL.priorVersion), str(OWL.versionIRI))}
    project = "https://w3id.org/minilat/id/organization/minilat-project"
    assert values == {
        DCTERMS + "creator": [project], DCTERMS + "publisher": [project], DCTERMS + "issued": ["2026-11-30"], DCTERMS + "modified": ["2026-11-30"],
        "http://purl.org/ontology/bibo/status": ["http://purl.org/ontology/bibo/status/published"],
        "http://purl.org/vocab/vann/preferredNamespacePrefix": ["mlo"], "http://purl.org/vocab/vann/preferredNamespaceUri": [MLO],
        str(OWL.priorVersion): [quality.ONTOLOGY + "/0.2.0"], str(OWL.versionIRI): [quality.ONTOLOGY + "/0.3.0"],
    }
    assert str(ontology.value(header, URIRef(DCTERMS + "bibliographicCitation"))) == "minilat project (2026). minilat: an ontology of minilateralism in global governance, version 0.3.0. https://w3id.org/minilat/ontology/0.3.0"
    assert {str(o) for o in ontology.objects(URIRef(project), RDFS.label)} == {"minilat project", "minilat 项目"}
