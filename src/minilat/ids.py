"""IRIs minted by minilat: one persistent base, readable slugs. Never change a released IRI."""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/minilat/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
MLO = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
FABIO = Namespace("http://purl.org/spar/fabio/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("http://schema.org/")

#: The named graphs of the dataset, one per layer.
GRAPHS = {
    "ontology": GRAPH["ontology"],
    "digest": GRAPH["digest"],
    "background": GRAPH["background"],
    "bibliography": GRAPH["bibliography"],
    "inferred": GRAPH["inferred"],
    "links": GRAPH["links"],
    "readings": GRAPH["readings"],
}
#: Opt-in graph (``minilat build --sameas``): owl:sameAs copies of the exact-match links.
SAMEAS_GRAPH = GRAPH["links-sameas"]

#: Curation reference kinds ("mechanism/quad") to IRI path segments.
KIND_PATH = {
    "mechanism": "mechanism",
    "state": "state",
    "concept": "concept",
    "event": "event",
    "person": "person",
    "claim": "claim",
    "region": "region",
    "theory": "theory",
    "organization": "organization",
    "journal": "journal",
}

PREFIXES = {
    "mlo": MLO,
    "id": ID,
    "oa": OA,
    "org": ORG,
    "fabio": FABIO,
    "prism": PRISM,
    "time": TIME,
    "schema": SCHEMA,
}

#: Prefixes for Turtle and TriG output: the project's (but ``id:``, whose local names hold
#: a slash that Turtle must escape) and the usual vocabularies.
TURTLE_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items() if name != "id"} | {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "void": "http://rdfs.org/ns/void#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}


def entity(kind: str, slug: str) -> URIRef:
    """IRI of an entity: id/{kind}/{slug}."""
    return ID[f"{KIND_PATH.get(kind, kind)}/{slug}"]


def ref(reference: str) -> URIRef:
    """IRI of a curation reference such as 'mechanism/quad'."""
    kind, _, slug = reference.partition("/")
    return entity(kind, slug)


def issue_area(value: str) -> URIRef:
    return ID[f"issue-area/{value.replace('_', '-')}"]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def issue_graph(slug: str) -> URIRef:
    """The named graph of one digest issue: its claims and every annotation into its text."""
    return GRAPH[f"issue/{slug}"]
