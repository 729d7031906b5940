"""SPARQL for the views: every fact a view shows comes from one of these queries, run through Store.

Each function returns plain Python rows (strings, ints), sorted, so the views built from them
are deterministic. Labels, alternative labels and types are fetched once for the whole dataset.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from minilat.store import Store

PREFIXES = """\
PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
"""

MLO = "https://w3id.org/minilat/ontology#"
SCHEME = "https://w3id.org/minilat/id/scheme/concepts"

#: Node kinds of the whole graph, by rdf:type; the first matching kind wins.
KIND_TYPES: tuple[tuple[str, str], ...] = (
    ("claim", "mlo:Claim"),
    ("mechanism", "mlo:MinilateralMechanism"),
    ("mechanism", "mlo:MultilateralInstitution"),
    ("mechanism", "mlo:TreatyRegime"),
    ("mechanism", "mlo:DiplomaticInitiative"),
    ("state", "mlo:State"),
    ("issue-area", "mlo:IssueArea"),
    ("concept", "skos:Concept"),
    ("event", "mlo:Event"),
    ("work", "fabio:JournalArticle"),
    ("work", "mlo:Preface"),
    ("journal", "fabio:Journal"),
    ("person", "foaf:Person"),
    ("organization", "org:Organization"),
)
KINDS_VALUES = " ".join(f'({t} "{k}")' for k, t in KIND_TYPES)

LABELS = PREFIXES + """
SELECT ?x ?p ?label WHERE {
  VALUES ?p { skos:prefLabel rdfs:label skos:altLabel }
  ?x ?p ?label .
  FILTER(isIRI(?x) && isLiteral(?label))
}"""

TYPES = PREFIXES + """
SELECT DISTINCT ?x ?type WHERE { ?x rdf:type ?type . FILTER(isIRI(?x) && isIRI(?type)) }"""

NODES = PREFIXES + f"""
SELECT DISTINCT ?x ?kind WHERE {{
  VALUES (?type ?kind) {{ {KINDS_VALUES} }}
  ?x a ?type . FILTER(isIRI(?x))
}}"""

LINKS = PREFIXES + """
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && isIRI(?o) && ?p != rdf:type)
}"""

MEMBERSHIPS = PREFIXES + """
SELECT ?membership ?state ?mechanism ?layer ?role ?passage ?source WHERE {
  ?membership a org:Membership ; org:member ?state ; org:organization ?mechanism .
  OPTIONAL { ?membership mlo:layer ?layer }
  OPTIONAL { ?membership org:role ?role }
  OPTIONAL { ?membership mlo:anchoredBy/oa:hasTarget/oa:hasSelector/oa:exact ?passage }
  OPTIONAL { ?membership dcterms:source ?source }
}"""

MECHANISM_RELATIONS = PREFIXES + """
SELECT DISTINCT ?subject ?relation ?object WHERE {
  VALUES ?relation { mlo:operatesWithin mlo:reportsTo mlo:leadsTo mlo:revives mlo:contrastedWith }
  ?subject ?relation ?object .
}"""

ISSUE_AREAS = PREFIXES + """
SELECT DISTINCT ?mechanism ?area WHERE { ?mechanism mlo:hasIssueArea ?area }"""

STATE_CODES = PREFIXES + """
SELECT ?state ?code WHERE { ?state a mlo:State ; mlo:iso3166Alpha3 ?code }"""

WORKS = PREFIXES + """
SELECT ?work ?kind ?entry ?year ?forthcoming (GROUP_CONCAT(DISTINCT ?name; separator="|") AS ?names) WHERE {
  VALUES (?type ?kind) { (fabio:JournalArticle "article") (mlo:Preface "preface") }
  ?work a ?type .
  OPTIONAL { ?summary mlo:summarizes ?work ; mlo:entryNumber ?number }
  BIND(COALESCE(?number, 0) AS ?entry)
  OPTIONAL { ?work prism:publicationDate ?date BIND(STR(?date) AS ?year) }
  OPTIONAL { ?work mlo:forthcoming ?forthcoming }
  OPTIONAL { ?work dcterms:creator/foaf:name ?name }
}
GROUP BY ?work ?kind ?entry ?year ?forthcoming"""

CLAIMS = PREFIXES + """
SELECT ?claim ?type ?work ?quote ?statement ?source ?start ?end WHERE {
  ?claim a mlo:Claim ; mlo:claimOf ?work .
  OPTIONAL { ?claim a ?type . ?type rdfs:subClassOf mlo:Claim . FILTER(?type != mlo:Claim) }
  OPTIONAL { ?claim mlo:anchoredBy/oa:hasTarget/oa:hasSelector/oa:exact ?quote }
  OPTIONAL { ?claim mlo:statement ?statement }
  OPTIONAL {
    ?claim mlo:anchoredBy/oa:hasTarget/oa:hasSelector ?position .
    ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    OPTIONAL { ?claim mlo:anchoredBy/oa:hasTarget/oa:hasSource ?source }
  }
}"""

HOLDERS = PREFIXES + """
SELECT ?claim ?kind ?holder ?modality WHERE {
  ?claim a mlo:Claim ; mlo:holderKind ?kind ; mlo:heldBy ?holder ; mlo:hasModality ?modality .
}"""

ARGUMENTS = PREFIXES + """
SELECT DISTINCT ?source ?relation ?target ?graph ?link ?origin ?rationale_en ?rationale_zh WHERE {
  VALUES ?relation { mlo:supports mlo:contests mlo:qualifies mlo:elaborates }
  GRAPH ?graph { ?source ?relation ?target }
  ?source a mlo:Claim . ?target a mlo:Claim .
  OPTIONAL {
    ?link a mlo:ArgumentLink ; mlo:linkFrom ?source ; mlo:linkTo ?target ; mlo:linkRelation ?relation .
    OPTIONAL { ?link mlo:linkOrigin ?origin }
    OPTIONAL { ?link mlo:rationale ?rationale_en FILTER(langMatches(lang(?rationale_en), "en")) }
    OPTIONAL { ?link mlo:rationale ?rationale_zh FILTER(langMatches(lang(?rationale_zh), "zh")) }
  }
}"""

ABOUT = PREFIXES + """
SELECT DISTINCT ?claim ?entity WHERE { ?claim a mlo:Claim ; mlo:about ?entity }"""

CONCEPTS = PREFIXES + """
SELECT ?concept (SAMPLE(?text) AS ?definition) WHERE {
  ?concept skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> .
  OPTIONAL { ?concept skos:definition ?text . FILTER(lang(?text) = "en") }
}
GROUP BY ?concept"""

CONCEPT_LINKS = PREFIXES + """
SELECT DISTINCT ?concept ?relation ?other WHERE {
  VALUES ?relation { skos:broader skos:related }
  ?concept skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> ; ?relation ?other .
  ?other skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> .
}"""

WORK_ISSUES = PREFIXES + """
SELECT DISTINCT ?work ?issue WHERE {
  { ?summary mlo:summarizes ?work ; dcterms:isPartOf ?issue } UNION { ?work a mlo:Preface ; dcterms:isPartOf ?issue }
  ?issue a mlo:DigestIssue .
}"""

CLAIM_ISSUES = PREFIXES + """
SELECT DISTINCT ?claim ?issue WHERE { ?claim a mlo:Claim ; mlo:madeIn/dcterms:isPartOf ?issue . ?issue a mlo:DigestIssue }"""

USES_CONCEPT = PREFIXES + """
SELECT DISTINCT ?user ?concept WHERE { ?user mlo:usesConcept ?concept . ?concept skos:inScheme <https://w3id.org/minilat/id/scheme/concepts> }"""


def value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str | None:
    """The lexical value of a term (IRI string or literal text)."""
    return None if term is None else term.value


def rows(store: Store, sparql: str, **bindings: ox.NamedNode | ox.Literal) -> Iterator[dict[str, str | None]]:
    """A SELECT query's solutions as dicts of lexical values."""
    result = store.query(sparql, bindings or None)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    for solution in result:  # type: ignore[union-attr]
        yield {name: value(solution[name]) for name in names}


@dataclass
class Labels:
    """Preferred English and Chinese labels and alternative labels of every IRI."""

    en: dict[str, str] = field(default_factory=dict)
    zh: dict[str, str] = field(default_factory=dict)
    alt: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def pair(self, iri: str) -> tuple[str, str]:
        """(English, Chinese), each falling back on the other, then on the IRI's last segment."""
        fallback = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        en = self.en.get(iri) or self.zh.get(iri) or fallback
        return en, self.zh.get(iri) or en


def labels(store: Store) -> Labels:
    """skos:prefLabel before rdfs:label; among equals the smallest string, so the choice is stable."""
    rank = {"http://www.w3.org/2004/02/skos/core#prefLabel": 0, "http://www.w3.org/2000/01/rdf-schema#label": 1}
    best: dict[tuple[str, str], tuple[int, str]] = {}
    found = Labels()
    result = store.query(LABELS)
    for solution in result:  # type: ignore[union-attr]
        iri, prop, label = solution["x"].value, solution["p"].value, solution["label"]
        lang = (label.language or "").split("-")[0]
        if prop not in rank:
            found.alt[iri].append(label.value)
            continue
        if lang not in ("en", "zh", ""):
            continue
        key = (iri, lang or "en")
        candidate = (rank[prop] + (2 if not lang else 0), label.value)
        if key not in best or candidate < best[key]:
            best[key] = candidate
    for (iri, lang), (_, text) in best.items():
        (found.en if lang == "en" else found.zh)[iri] = text
    for iri in found.alt:
        found.alt[iri] = sorted(set(found.alt[iri]))
    return found


def types(store: Store) -> dict[str, set[str]]:
    """rdf:type of every IRI (all named graphs, so inferred types are included)."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows(store, TYPES):
        found[row["x"]].add(row["type"])  # type: ignore[index,arg-type]
    return found


def mechanism_category(kinds: set[str]) -> str | None:
    """inside / outside / minilateral / multilateral / treaty / initiative, or None for a non-mechanism."""
    for cls, category in (
        ("InsideMinilateral", "inside"),
        ("OutsideMinilateral", "outside"),
        ("MinilateralMechanism", "minilateral"),
        ("MultilateralInstitution", "multilateral"),
        ("TreatyRegime", "treaty"),
        ("DiplomaticInitiative", "initiative"),
    ):
        if MLO + cls in kinds:
            return category
    return None


def node_kinds(store: Store) -> dict[str, str]:
    """The whole graph's nodes: IRI → kind (state, mechanism, concept, claim, …)."""
    rank: dict[str, int] = {}
    for i, (kind, _) in enumerate(KIND_TYPES):
        rank.setdefault(kind, i)
    chosen: dict[str, str] = {}
    for row in rows(store, NODES):
        iri, kind = str(row["x"]), str(row["kind"])
        if iri not in chosen or rank[kind] < rank[chosen[iri]]:
            chosen[iri] = kind
    return dict(sorted(chosen.items()))


def sorted_rows(store: Store, sparql: str, *keys: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, str | None]]:
    """Rows sorted on the given columns (None first), for deterministic output."""
    found = list(rows(store, sparql, **bindings))
    return sorted(found, key=lambda r: tuple((r[k] is not None, r[k] or "") for k in keys))


def as_int(text: str | None) -> int | None:
    return None if text is None else int(float(text))
