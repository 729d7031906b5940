"""Claims with content: holder, modality, reified propositions, role-typed links, argument links.

A claim's propositions are reified (``mlo:Proposition`` with subject, predicate, object and
Wikidata-style qualifiers), so that what an article argues is never a fact of the graph:
``?x mlo:causes ?y`` matches nothing. Argument links are published twice: the plain triple
(``claim mlo:contests claim``) for simple queries, and an ``mlo:ArgumentLink`` node with its
rationale and origin. A claim lives in its issue's graph (``graph/issue/{slug}``); links
that are a curator's reading go to their own named graph (``graph/readings``), so a user
can leave them out with one clause. A link may join claims of different issues.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from minilat import ids, paths
from minilat.errors import UserError
from minilat.ids import MLO, OA
from minilat.pipeline.anchor import Anchored
from minilat.pipeline.assemble.facts import (
    ARGUMENT_PROPERTY,
    CLAIM_CLASS,
    Assembler,
    date_literal,
    scoped_iri,
)
from minilat.pipeline.corpus import DigestFile
from minilat.pipeline.records.curation import Curation
from minilat.pipeline.records.models import ArgumentLink, Claim, Predicate, Statement
from minilat.pipeline.records.series import REF_KINDS, claim_ref

EDITORS = ids.entity("organization", "digest-editors")

MODALITY = {
    "asserts": MLO.Asserting,
    "reports_view": MLO.ReportingView,
    "asks": MLO.Asking,
    "predicts": MLO.Predicting,
    "recommends": MLO.Recommending,
    "denies": MLO.Denying,
    "states_limitation": MLO.StatingLimitation,
}
HOLDER_KIND = {"authors": MLO.AuthorsHolder, "editors": MLO.EditorsHolder, "compiler": MLO.CompilerHolder}
ABOUT_PROPERTY = {
    "topic": MLO.hasTopic,
    "actor": MLO.concernsActor,
    "feature": MLO.ascribesFeature,
    "example": MLO.citesExample,
    "alternative": MLO.rejectsAlternative,
    "context": MLO.placesInContext,
}
ROLE_PROPERTY = {"content": MLO.hasProposition, "condition": MLO.hasCondition, "outcome": MLO.hasOutcome}
ORIGIN = {"stated": MLO.StatedInDigest, "curator": MLO.CuratorReading}


def content_predicates(ontology: Graph) -> dict[str, tuple[URIRef, str, str]]:
    """Curation key → (property, English label, Chinese label), read from the ontology's
    ``mlo:predicateKey`` annotations: the one place a content predicate is named. A key the
    curation models allow but the ontology does not declare stops the build."""
    found: dict[str, tuple[URIRef, str, str]] = {}
    for prop, key in ontology.subject_objects(MLO.predicateKey):
        labels = {label.language: str(label) for label in ontology.objects(prop, RDFS.label) if isinstance(label, Literal)}
        found[str(key)] = (URIRef(prop), labels.get("en", str(key)), labels.get("zh", str(key)))
    missing = sorted(set(get_args(Predicate)) - set(found))
    if missing:
        raise UserError(f"content predicate(s) {', '.join(missing)} have no mlo:predicateKey in the ontology", paths.ONTOLOGY)
    return found


@dataclass(frozen=True)
class Source:
    """What a claim of one entry is attributed to: the work, the entry, its authors and compilers."""

    work: URIRef  # the source article, or the preface for the editors' claims
    entry: URIRef  # the preface or compiled summary that makes the claim
    authors: tuple[URIRef, ...]
    compilers: tuple[URIRef, ...]  # none for the preface


def entity_labels(curation: Curation) -> dict[str, tuple[str, str]]:
    """'kind/slug' → (English, Chinese) for every registry entity a statement may name."""
    out: dict[str, tuple[str, str]] = {}
    for kind, ref_kind in REF_KINDS:
        for rec in curation.of(kind):
            if kind == "people":
                out[f"person/{rec.slug}"] = (rec.name_en, rec.name)
            elif hasattr(rec, "label"):  # claims and journals are not statement entities
                out[f"{ref_kind}/{rec.slug}"] = (rec.label.en or rec.label.zh, rec.label.zh)
    return out


def proposition_text(subject: tuple[str, str], predicate: tuple[str, str], obj: tuple[str, str], role: str, negated: bool) -> tuple[str, str]:
    """A proposition's labels, "subject —predicate→ object" in English and Chinese (each part given
    as an (English, Chinese) pair), with if:/then: for a prediction's parts and 'not' when denied."""
    head_en, head_zh = {"condition": ("if: ", "条件："), "outcome": ("then: ", "结果：")}.get(role, ("", ""))
    neg_en, neg_zh = ("not ", "并非") if negated else ("", "")
    return (f"{head_en}{subject[0]} —{neg_en}{predicate[0]}→ {obj[0]}",
            f"{head_zh}{subject[1]} —{neg_zh}{predicate[1]}→ {obj[1]}")


class ClaimWriter:
    """Writes one issue's claims into its graph, and curator-read links into the readings layer."""

    def __init__(self, asm: Assembler, sources: dict[str, Source], names: dict[str, tuple[str, str]], ontology: Graph, issues: dict[str, DigestFile]) -> None:
        assert asm.issue is not None and asm.own is not None and asm.anchored is not None
        self.asm = asm
        self.issue = asm.issue
        self.issues = issues
        self.g: Graph = asm.own
        self.readings: Graph = asm.ds.graph(ids.GRAPHS["readings"])
        self.sources = sources
        self.names = names
        self.predicates = content_predicates(ontology)

    def proposition_labels(self, st: Statement) -> tuple[str, str]:
        _, p_en, p_zh = self.predicates[st.predicate]
        return proposition_text(self.names[st.subject], (p_en, p_zh), self.names[st.object], st.role, st.negated)

    def holders(self, rec: Claim) -> tuple[URIRef, list[URIRef]]:
        source = self.sources[rec.entry]
        if rec.reported:
            return MLO.ReportedActorHolder, [ids.ref(rec.holder)]
        if rec.holder == "compiler":
            return MLO.CompilerHolder, list(source.compilers)
        return HOLDER_KIND[rec.holder], list(source.authors)

    def write(self, rec: Claim) -> None:
        g, node, source = self.g, self.claim(rec.slug), self.sources[rec.entry]
        anchor = self.asm.anchored.get("claims", rec.slug)  # type: ignore[union-attr]
        g.add((node, RDF.type, MLO.Claim))
        g.add((node, RDF.type, CLAIM_CLASS[rec.type]))
        if rec.text_en:  # a draft's English may wait for the curator
            g.add((node, MLO.statement, Literal(rec.text_en, lang="en")))
        if rec.label_en:
            g.add((node, RDFS.label, Literal(rec.label_en, lang="en")))
        g.add((node, RDFS.label, Literal(rec.label_zh, lang="zh")))
        g.add((node, MLO.madeIn, source.entry))
        g.add((node, MLO.claimOf, source.work))
        g.add((node, PROV.wasDerivedFrom, self.asm.source))
        kind, holders = self.holders(rec)
        g.add((node, MLO.holderKind, kind))
        for holder in holders:
            g.add((node, MLO.heldBy, holder))
        g.add((node, MLO.hasModality, MODALITY[rec.modality]))
        g.add((source.entry, MLO.quotesClaim if rec.reported else MLO.assertsClaim, node))
        for ref in rec.addressee:
            g.add((node, MLO.addressee, ids.ref(ref)))
        for role, ref in rec.about.refs():
            g.add((node, ABOUT_PROPERTY[role], ids.ref(ref)))
            g.add((node, MLO.about, ids.ref(ref)))
        for number, statement in enumerate(rec.statements, 1):
            self.proposition(node, URIRef(f"{node}#p{number}"), statement)
        for link in rec.links:
            self.link(rec, link)
        self.asm.annotate(f"claim-{rec.slug}", anchor, node, OA.describing)

    def claim(self, target: str) -> URIRef:
        """IRI of a claim: a slug of this issue, or issue/slug of another."""
        issue, _, slug = claim_ref(self.issue.slug, target).partition("/")
        return scoped_iri(self.issues[issue], "claim", slug)

    def proposition(self, claim: URIRef, node: URIRef, st: Statement) -> None:
        g = self.g
        g.add((claim, ROLE_PROPERTY[st.role], node))
        if st.role != "content":
            g.add((claim, MLO.hasProposition, node))
        g.add((node, RDF.type, MLO.Proposition))
        en, zh = self.proposition_labels(st)
        g.add((node, RDFS.label, Literal(en, lang="en")))
        g.add((node, RDFS.label, Literal(zh, lang="zh")))
        g.add((node, MLO.propositionSubject, ids.ref(st.subject)))
        g.add((node, MLO.propositionPredicate, self.predicates[st.predicate][0]))
        g.add((node, MLO.propositionObject, ids.ref(st.object)))
        if st.negated:
            g.add((node, MLO.negated, Literal(True)))
        for ref in st.means:
            g.add((node, MLO.byMeans, ids.ref(ref)))
        if st.region:
            g.add((node, MLO.inRegion, ids.ref(st.region)))
        for value, prop in ((st.start, MLO.startTime), (st.end, MLO.endTime)):
            if value:
                g.add((node, prop, time_literal(value)))
                if value.endswith("s") and prop == MLO.startTime:
                    g.add((node, MLO.startPrecision, Literal("decade")))

    def link(self, rec: Claim, link: ArgumentLink) -> None:
        subject, target = self.claim(rec.slug), self.claim(link.target)
        relation = ARGUMENT_PROPERTY[link.relation]
        graph = self.readings if link.origin == "curator" else self.g
        graph.add((subject, relation, target))
        node = scoped_iri(self.issue, "argument", f"{rec.slug}--{link.relation}--{link.target}")
        graph.add((node, RDF.type, MLO.ArgumentLink))
        graph.add((node, MLO.linkFrom, subject))
        graph.add((node, MLO.linkTo, target))
        graph.add((node, MLO.linkRelation, relation))
        if link.origin:
            graph.add((node, MLO.linkOrigin, ORIGIN[link.origin]))
        if link.rationale:
            graph.add((node, MLO.rationale, Literal(link.rationale.en, lang="en")))
            graph.add((node, MLO.rationale, Literal(link.rationale.zh, lang="zh")))


def time_literal(value: str) -> Literal:
    """A year/month/date as its XSD type; a decade "1980s" as the gYear of its first year."""
    if value.endswith("s"):
        return Literal(value[:4], datatype=XSD.gYear)
    return date_literal(value)


def assemble_claims(
    dataset: Dataset,
    curation: Curation,
    anchored: Anchored,
    issue: DigestFile,
    text: URIRef,
    sources: dict[str, Source],
    ontology: Graph,
    names: dict[str, tuple[str, str]],
    issues: dict[str, DigestFile],
) -> None:
    """Add every claim of one issue, its content and its argument links (``names``: :func:`entity_labels` of the registry)."""
    writer = ClaimWriter(Assembler(dataset, anchored, issue, text), sources, names, ontology, issues)
    for rec in curation.of("claims"):
        writer.write(rec)
