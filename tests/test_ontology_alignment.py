"""What HermiT infers from minilat's modelling choices (issue 15), each run both ways.

* Aligning a state with Wikidata by skos:exactMatch makes it a skos:Concept (and the
  Wikidata item too) as soon as SKOS's own axioms are loaded; by schema:sameAs, declared
  an annotation property, nothing is inferred. minilat links with schema:sameAs.
* The membership chain of ontology 0.1.0 (mlo:memberOf with domain mlo:State) typed a
  person who is an org:member of a mechanism as a state; 0.2.0 infers only mlo:memberOf.
"""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, Graph, URIRef

from minilat import paths
from minilat.pipeline.build import load_ontology
from minilat.pipeline.quality import RELEASES
from minilat.pipeline.reason.hermit import infer

MLO = "https://w3id.org/minilat/ontology#"
ID = "https://w3id.org/minilat/id/"
AUS, Q408 = URIRef(ID + "state/AUS"), URIRef("http://www.wikidata.org/entity/Q408")
SKOS_CONCEPT = URIRef("http://www.w3.org/2004/02/skos/core#Concept")
PREFIXES = f"""@prefix mlo: <{MLO}> . @prefix owl: <{OWL}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> . @prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
"""
# The SKOS axioms that matter here, as the SKOS RDF schema (http://www.w3.org/2004/02/skos/core) states them.
SKOS_AXIOMS = PREFIXES + """
skos:semanticRelation a owl:ObjectProperty ; rdfs:domain skos:Concept ; rdfs:range skos:Concept .
skos:mappingRelation a owl:ObjectProperty ; rdfs:subPropertyOf skos:semanticRelation .
skos:closeMatch a owl:ObjectProperty ; rdfs:subPropertyOf skos:mappingRelation .
skos:exactMatch a owl:ObjectProperty , owl:TransitiveProperty ; rdfs:subPropertyOf skos:closeMatch .
"""


def turtle(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def types_of(inferred: Graph, node: URIRef) -> set[URIRef]:
    return set(inferred.objects(node, RDF.type))


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


def test_skos_exactmatch_would_make_a_state_and_its_wikidata_item_skos_concepts(ontology) -> None:
    inferred = infer(ontology + Graph().parse(data=SKOS_AXIOMS, format="turtle"), turtle("<https://w3id.org/minilat/id/state/AUS> a mlo:State ; skos:exactMatch <http://www.wikidata.org/entity/Q408> ."))
    assert types_of(inferred, AUS) == {SKOS_CONCEPT}
    assert types_of(inferred, Q408) == {SKOS_CONCEPT}


def test_schema_sameas_aligns_a_state_without_any_inference(ontology) -> None:
    inferred = infer(ontology + Graph().parse(data=SKOS_AXIOMS, format="turtle"), turtle("<https://w3id.org/minilat/id/state/AUS> a mlo:State ; schema:sameAs <http://www.wikidata.org/entity/Q408> ."))
    assert set(inferred.triples((AUS, None, None))) == set()
    assert set(inferred.triples((Q408, None, None))) == set()


PERSON_MEMBER = """
<https://w3id.org/minilat/id/mechanism/quad> a mlo:MinilateralMechanism .
<https://w3id.org/minilat/id/person/someone> a foaf:Person .
<https://w3id.org/minilat/id/membership/quad-someone> a org:Membership ; org:member <https://w3id.org/minilat/id/person/someone> ; org:organization <https://w3id.org/minilat/id/mechanism/quad> .
<https://w3id.org/minilat/id/state/AUS> a mlo:State .
<https://w3id.org/minilat/id/membership/quad-AUS> a org:Membership ; org:member <https://w3id.org/minilat/id/state/AUS> ; org:organization <https://w3id.org/minilat/id/mechanism/quad> .
"""


def test_membership_chain_of_0_1_0_typed_a_person_member_as_a_state() -> None:
    released = load_ontology(RELEASES / "0.1.0.ttl")
    inferred = infer(released, turtle(PERSON_MEMBER))
    assert URIRef(MLO + "State") in types_of(inferred, URIRef(ID + "person/someone"))


def test_membership_chain_no_longer_types_a_non_state_member(ontology) -> None:
    inferred = infer(ontology, turtle(PERSON_MEMBER))
    person, quad = URIRef(ID + "person/someone"), URIRef(ID + "mechanism/quad")
    assert types_of(inferred, person) == set()
    assert set(inferred.triples((person, None, None))) == {(person, URIRef(MLO + "memberOf"), quad)}
    assert (AUS, URIRef(MLO + "memberOf"), quad) in inferred
    assert (quad, URIRef(MLO + "hasMember"), person) in inferred


def test_released_ontology_files_are_the_served_versions() -> None:
    assert (RELEASES / "0.3.0.ttl").read_bytes() == paths.ONTOLOGY.read_bytes()
