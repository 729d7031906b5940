"""Links to other data sets, in their own named graph, generated from the reference file.

``corpus/reference/external-ids.yaml`` holds identifiers confirmed in stored public copies
of their sources (never looked up live, never invented). :func:`link_graph` turns them
into the graph https://w3id.org/minilat/graph/links:

* ``schema:sameAs`` to Wikidata (only confirmed QIDs) and to DBpedia
  (``http://dbpedia.org/resource/`` + the confirmed English Wikipedia title);
* ``foaf:page`` and ``schema:sameAs`` to the Wikipedia article;
* ``schema:sameAs`` to the ISSN portal record of each journal ISSN, and to the DOI;
* ``prism:doi`` for the article.

The alignment property is ``schema:sameAs`` (an annotation property in the ontology), not
``skos:exactMatch``: SKOS gives exactMatch the domain and range skos:Concept, which would
make every linked state and mechanism a SKOS concept (see the ontology's design notes). A
state's ISO 3166-1 alpha-3 code is stated once, as ``mlo:iso3166Alpha3`` in its own layer.

The graph describes itself (``dcterms:source`` = the reference file, whose confirming
sources are recorded). :func:`sameas_graph` derives the opt-in ``owl:sameAs`` linkset.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from minilat import ids, paths
from minilat.errors import UserError
from minilat.ids import FABIO, PRISM, SCHEMA
from minilat.pipeline.records.curation import Curation

LINKS = ids.GRAPH["links"]
SAMEAS = ids.GRAPH["links-sameas"]
REFERENCE = ids.ID["reference/external-ids"]
#: The alignment property for states and mechanisms (and journals, articles).
ALIGNMENT = SCHEMA.sameAs

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"
WIKIPEDIA_ARTICLE = "https://en.wikipedia.org/wiki/"
ISSN_RECORD = "https://portal.issn.org/resource/ISSN/"
DOI_RESOLVER = "https://doi.org/"


@dataclass(frozen=True)
class Target:
    """Another data set that minilat links into."""

    iri: URIRef
    title: str
    space: str
    endpoint: str | None = None


TARGETS = {
    "wikidata": Target(URIRef("https://www.wikidata.org/"), "Wikidata", WIKIDATA_ENTITY, "https://query.wikidata.org/sparql"),
    "dbpedia": Target(URIRef("https://dbpedia.org/"), "DBpedia", DBPEDIA_RESOURCE, "https://dbpedia.org/sparql"),
    "wikipedia": Target(URIRef("https://en.wikipedia.org/"), "English Wikipedia", WIKIPEDIA_ARTICLE),
    "issn": Target(URIRef("https://portal.issn.org/"), "ISSN Portal", ISSN_RECORD),
    "doi": Target(URIRef("https://doi.org/"), "DOI", DOI_RESOLVER),
}


@dataclass(frozen=True)
class Linkset:
    """Links of one predicate into one target data set (a void:Linkset)."""

    name: str
    predicate: URIRef
    target: str
    graph: URIRef = LINKS

    @property
    def iri(self) -> URIRef:
        return ids.ID[f"linkset/{self.name}"]


LINKSETS = [
    # names kept from the skos:exactMatch releases so that the linkset IRIs keep resolving
    Linkset("wikidata-exactmatch", ALIGNMENT, "wikidata"),
    Linkset("dbpedia-exactmatch", ALIGNMENT, "dbpedia"),
    Linkset("wikipedia-page", FOAF.page, "wikipedia"),
    Linkset("wikipedia-sameas", SCHEMA.sameAs, "wikipedia"),
    Linkset("issn-sameas", SCHEMA.sameAs, "issn"),
    Linkset("doi-sameas", SCHEMA.sameAs, "doi"),
    Linkset("wikidata-owl-sameas", OWL.sameAs, "wikidata", SAMEAS),
    Linkset("dbpedia-owl-sameas", OWL.sameAs, "dbpedia", SAMEAS),
]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    name: str | None = None
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9]\d*$")
    wikipedia: str | None = Field(default=None, pattern=r"^[^\s#<>\[\]|{}]+$")


class _State(_Entry):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")


class _Journal(_Entry):
    issn_print: str | None = Field(default=None, pattern=r"^\d{4}-\d{3}[\dX]$")
    issn_online: str | None = Field(default=None, pattern=r"^\d{4}-\d{3}[\dX]$")


class _Article(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    author: str
    title: str | None = Field(default=None, description="The article's English title, as the digest prints it: which of the author's articles the DOI is for.")
    doi: str = Field(pattern=r"^10\.\d{4,9}/\S+$")


class Reference(BaseModel):
    """The reference file: confirmed external identifiers, and where they were confirmed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    states: list[_State] = []
    organizations: list[_Entry] = []
    journals: list[_Journal] = []
    articles: list[_Article] = []
    sources_of_these_facts: str
    path: str = ""
    sha256: str = ""

    def sources(self) -> list[str]:
        """The confirming sources, one sentence each."""
        text = " ".join(self.sources_of_these_facts.split())
        return [s for s in re.split(r"(?<=\.)\s+(?=[A-Z])", text) if s]


def load_reference(path: Path = paths.REFERENCE) -> Reference:
    """Read and validate the reference file; one-line error on a problem."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except FileNotFoundError:
        raise UserError("reference file missing", path) from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(f"reference file does not parse: {str(exc).splitlines()[0]}", path) from None
    if not isinstance(data, dict):
        raise UserError("reference file must be a mapping (states, organizations, journals, articles, sources_of_these_facts)", path)
    try:
        shown = path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path
        return Reference.model_validate({**data, "path": str(shown), "sha256": hashlib.sha256(raw).hexdigest()})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise UserError(f"reference file: {where}: {err['msg']} ({exc.error_count()} problem(s))", path) from None


def dbpedia(title: str) -> URIRef:
    """DBpedia resource for an English Wikipedia title."""
    return URIRef(DBPEDIA_RESOURCE + _title(title))


def wikipedia(title: str) -> URIRef:
    return URIRef(WIKIPEDIA_ARTICLE + _title(title))


def wikidata(qid: str) -> URIRef:
    return URIRef(WIKIDATA_ENTITY + qid)


def _title(title: str) -> str:
    return quote(title.replace(" ", "_"), safe="_-.,()'!:;@&=+$*~/%")


def matches(curation: Curation, reference: Reference) -> tuple[list[tuple[URIRef, _Entry]], list[str]]:
    """Pair each reference state and organization with a curated entity; also list the unmatched."""
    states = {s.slug for s in curation.of("states")}
    by_name: dict[str, str] = {}
    for mech in curation.of("mechanisms"):
        for name in (n for n in (mech.label.en, *mech.aliases_en) if n):
            by_name.setdefault(name, mech.slug)
    pairs: list[tuple[URIRef, _Entry]] = []
    unmatched: list[str] = []
    for state in reference.states:
        if state.iso3 in states:
            pairs.append((ids.entity("state", state.iso3), state))
        else:
            unmatched.append(f"state {state.iso3}")
    for org in reference.organizations:
        slug = by_name.get(org.name or "")
        if slug:
            pairs.append((ids.entity("mechanism", slug), org))
        else:
            unmatched.append(f"organization {org.name}")
    return pairs, unmatched


def _article_by(bibliography: Graph, curation: Curation, article: _Article) -> URIRef | None:
    """The work the reference row's DOI belongs to: the author's article, with that title if one is given."""
    people = [ids.entity("person", p.slug) for p in curation.of("people") if article.author in (p.name, p.name_en)]
    works = sorted({w for p in people for w in bibliography.subjects(DCTERMS.creator, p) if (w, RDF.type, FABIO.JournalArticle) in bibliography})
    if article.title:
        wanted = article.title.casefold()
        works = [w for w in works if any(str(t).casefold() == wanted for t in bibliography.objects(w, DCTERMS.title))]
    if len(works) > 1:
        raise UserError(f"reference file: the DOI for {article.author!r} fits {len(works)} articles; give the article's title", paths.REFERENCE)
    return URIRef(works[0]) if works else None


def link_graph(curation: Curation, reference: Reference | None = None, bibliography: Graph | None = None) -> Graph:
    """The links graph: alignments, pages and identifiers from the reference file.

    ``bibliography`` (the bibliography named graph) is needed to place the DOI on its article.
    """
    reference = reference or load_reference()
    g = Graph()
    for prefix, ns in (("foaf", FOAF), ("schema", SCHEMA), ("prism", PRISM), ("dcterms", DCTERMS), ("prov", PROV), ("id", ids.ID)):
        g.bind(prefix, ns, override=True, replace=True)
    pairs, _ = matches(curation, reference)
    for node, entry in pairs:
        if entry.wikidata:
            g.add((node, ALIGNMENT, wikidata(entry.wikidata)))
        if entry.wikipedia:
            g.add((node, ALIGNMENT, dbpedia(entry.wikipedia)))
            g.add((node, FOAF.page, wikipedia(entry.wikipedia)))
            g.add((node, SCHEMA.sameAs, wikipedia(entry.wikipedia)))
    journals = {j.title: ids.entity("journal", j.slug) for j in curation.of("journals")}
    for journal in reference.journals:
        node = journals.get(journal.name or "")
        for issn in filter(None, (journal.issn_print, journal.issn_online)):
            if node is not None:
                g.add((node, SCHEMA.sameAs, URIRef(ISSN_RECORD + issn)))
    for article in reference.articles:
        work = _article_by(bibliography, curation, article) if bibliography is not None else None
        if work is not None:
            g.add((work, PRISM.doi, Literal(article.doi)))
            g.add((work, SCHEMA.sameAs, URIRef(DOI_RESOLVER + article.doi)))
    _describe(g, LINKS, reference, "Links from minilat entities to Wikidata, DBpedia, Wikipedia, the ISSN Portal and DOI, generated from the reference file.")
    return g


def sameas_graph(links: Graph, reference: Reference | None = None) -> Graph:
    """The opt-in owl:sameAs linkset: one owl:sameAs per Wikidata or DBpedia alignment."""
    reference = reference or load_reference()
    g = Graph()
    g.bind("owl", OWL, override=True, replace=True)
    for s, o in links.subject_objects(ALIGNMENT):
        if str(o).startswith((WIKIDATA_ENTITY, DBPEDIA_RESOURCE)):
            g.add((s, OWL.sameAs, o))
    _describe(g, SAMEAS, reference, "Opt-in owl:sameAs copies of the Wikidata and DBpedia alignments (schema:sameAs). Under OWL semantics owl:sameAs merges everything said about both IRIs; load it only where that is intended.")
    return g


def _describe(g: Graph, graph: URIRef, reference: Reference, description: str) -> None:
    """The graph says where its links come from: the reference file and its confirming sources."""
    g.add((graph, RDF.type, PROV.Entity))
    g.add((graph, DCTERMS.description, Literal(description, lang="en")))
    g.add((graph, DCTERMS.source, REFERENCE))
    g.add((graph, PROV.wasDerivedFrom, REFERENCE))
    g.add((REFERENCE, RDF.type, PROV.Entity))
    g.add((REFERENCE, RDFS.label, Literal(reference.path or "corpus/reference/external-ids.yaml")))
    g.add((REFERENCE, DCTERMS.identifier, Literal(f"sha256:{reference.sha256}")))
    g.add((REFERENCE, DCTERMS.description, Literal("Reference facts for linking: identifiers confirmed in stored public copies of their sources (no live look-up); none invented.", lang="en")))
    for source in reference.sources():
        g.add((REFERENCE, DCTERMS.source, Literal(source, lang="en")))


def count(graph: Graph, linkset: Linkset) -> int:
    """Number of links of a linkset in a graph."""
    space = TARGETS[linkset.target].space
    return sum(1 for o in graph.objects(None, linkset.predicate) if isinstance(o, URIRef) and str(o).startswith(space))


def counts(graph: Graph) -> dict[str, int]:
    """Links per linkset (only those present)."""
    out = {ls.name: count(graph, ls) for ls in LINKSETS}
    return {name: n for name, n in out.items() if n}
