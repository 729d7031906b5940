"""Assemble the RDF dataset from the curated records and their anchors.

One named graph per layer: ``digest`` holds what the digest states (every fact with
its Web Annotation), ``background`` what reference sources add (each with its
source). The bibliographic layer is built by :mod:`minilat.pipeline.assemble.bibliography`.
No blank nodes: every node has an IRI, so release files are stable.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from minilat import ids
from minilat.ids import MLO, OA, ORG, TIME
from minilat.pipeline.anchor import Anchor, Anchored
from minilat.pipeline.records.curation import Curation
from minilat.pipeline.records.models import (
    Concept,
    DatedIssueArea,
    Event,
    Leader,
    Mechanism,
    Membership,
    Period,
    Region,
    Retired,
    State,
    Theory,
)

KIND_CLASS = {
    "minilateral_mechanism": MLO.MinilateralMechanism,
    "multilateral_institution": MLO.MultilateralInstitution,
    "treaty_regime": MLO.TreatyRegime,
    "diplomatic_initiative": MLO.DiplomaticInitiative,
}
CLAIM_CLASS = {
    "empirical_finding": MLO.EmpiricalFinding,
    "causal_claim": MLO.CausalClaim,
    "typology_definition": MLO.TypologyOrDefinition,
    "policy_recommendation": MLO.PolicyRecommendation,
    "scenario_prediction": MLO.ScenarioPrediction,
    "study_limitation": MLO.StudyLimitation,
    "editorial_position": MLO.EditorialPosition,
    "research_question": MLO.ResearchQuestion,
}
EVENT_CLASS = {
    "founding": MLO.Founding,
    "revival": MLO.Revival,
    "policy_statement": MLO.PolicyStatement,
    "legislation": MLO.Legislation,
    "strategy_revision": MLO.StrategyRevision,
    "study_period": MLO.StudyPeriod,
    "treaty_adoption": MLO.TreatyAdoption,
    "reporting": MLO.Reporting,
    "lapse": MLO.Lapse,
}
LINK_PROPERTY = {
    "operates_within": MLO.operatesWithin,
    "reports_to": MLO.reportsTo,
    "led_to": MLO.ledTo,
    "revived": MLO.revived,
    "contrasted_with": MLO.contrastedWith,
}
ARGUMENT_PROPERTY = {
    "supports": MLO.supports,
    "contests": MLO.contests,
    "qualifies": MLO.qualifies,
    "elaborates": MLO.elaborates,
}
CONCEPT_SCHEME = ids.ID["scheme/concepts"]
TIME_PROPERTY = {4: TIME.inXSDgYear, 7: TIME.inXSDgYearMonth, 10: TIME.inXSDDate}


def date_literal(value: str) -> Literal:
    """A year as xsd:gYear, a full date as xsd:date, a month as xsd:gYearMonth; a decade ("1980s") as text."""
    if value.endswith("s"):
        return Literal(value)
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


def entry_iri(digest_slug: str, entry: str) -> URIRef:
    """The preface or an article summary of the digest issue."""
    if entry == "preface":
        return ids.ID[f"preface/{digest_slug}"]
    return ids.ID[f"summary/{digest_slug}-{entry.removeprefix('article-')}"]


class Assembler:
    """Writes triples for curated records into the layers of one Dataset."""

    def __init__(self, dataset: Dataset, anchored: Anchored, digest_slug: str, source: URIRef) -> None:
        self.ds = dataset
        self.anchored = anchored
        self.digest_slug = digest_slug
        self.source = source
        self.digest = dataset.graph(ids.GRAPHS["digest"])
        self.background = dataset.graph(ids.GRAPHS["background"])

    # --- annotations -------------------------------------------------------
    def annotate(self, graph: Graph, name: str, anchor: Anchor, body: URIRef, motivation: URIRef) -> URIRef:
        """A Web Annotation tying ``body`` to its passage: quote and position selectors."""
        ann = ids.ID[f"annotation/{name}"]
        target, quote, position = URIRef(ann + "#target"), URIRef(ann + "#quote"), URIRef(ann + "#position")
        graph.add((ann, RDF.type, OA.Annotation))
        graph.add((ann, OA.motivatedBy, motivation))
        graph.add((ann, OA.hasBody, body))
        graph.add((ann, OA.hasTarget, target))
        graph.add((target, RDF.type, OA.SpecificResource))
        graph.add((target, OA.hasSource, self.source))
        graph.add((target, OA.hasSelector, position))
        if anchor.exact:  # a whole entry is selected by position only
            graph.add((target, OA.hasSelector, quote))
            graph.add((quote, RDF.type, OA.TextQuoteSelector))
            graph.add((quote, OA.exact, Literal(anchor.exact)))
            graph.add((quote, OA.prefix, Literal(anchor.prefix)))
            graph.add((quote, OA.suffix, Literal(anchor.suffix)))
        graph.add((position, RDF.type, OA.TextPositionSelector))
        graph.add((position, OA.start, Literal(anchor.start, datatype=XSD.nonNegativeInteger)))
        graph.add((position, OA.end, Literal(anchor.end, datatype=XSD.nonNegativeInteger)))
        graph.add((body, MLO.anchoredBy, ann))
        return ann

    def mentions(self, graph: Graph, kind: str, slug: str, node: URIRef, count: int) -> None:
        for index in range(count):
            anchor = self.anchored.get(kind, slug, index)
            name = {"theories": "theory"}.get(kind, kind.removesuffix("s"))
            self.annotate(graph, f"{name}-{slug}-mention-{index + 1}", anchor, node, OA.identifying)

    def fact(self, subject: URIRef, predicate: URIRef, obj: URIRef, name: str, anchor: Anchor) -> None:
        """Assert a triple in the digest layer and a reified FactAssertion anchored to its passage."""
        self.digest.add((subject, predicate, obj))
        statement = ids.ID[f"fact/{name}"]
        self.digest.add((statement, RDF.type, MLO.FactAssertion))
        self.digest.add((statement, RDF.subject, subject))
        self.digest.add((statement, RDF.predicate, predicate))
        self.digest.add((statement, RDF.object, obj))
        self.annotate(self.digest, f"fact-{name}", anchor, statement, OA.describing)

    @staticmethod
    def labels(graph: Graph, node: URIRef, en: str, zh: str) -> None:
        for prop in (RDFS.label, SKOS.prefLabel):
            graph.add((node, prop, Literal(en, lang="en")))
            graph.add((node, prop, Literal(zh, lang="zh")))

    # --- records -----------------------------------------------------------
    def mechanism(self, rec: Mechanism) -> None:
        g, node = self.digest, ids.entity("mechanism", rec.slug)
        g.add((node, RDF.type, KIND_CLASS[rec.kind]))
        self.labels(g, node, rec.label.en, rec.label.zh)
        for alias in rec.aliases_en:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        for alias in rec.aliases_zh:
            g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
        if rec.dee_category:
            g.add((node, RDF.type, MLO.InsideMinilateral if rec.dee_category == "inside" else MLO.OutsideMinilateral))
        if rec.formality:
            g.add((node, RDF.type, MLO.FormalMechanism if rec.formality == "formal" else MLO.InformalMechanism))
        for area in rec.issue_areas:
            g.add((node, MLO.hasIssueArea, ids.issue_area(area)))
        for index, dated in enumerate(rec.dated_issue_areas):
            self.dated_issue_area(node, rec.slug, index, dated)
        if rec.note:
            g.add((node, RDFS.comment, Literal(rec.note, lang="en")))
        self.mentions(g, "mechanisms", rec.slug, node, len(rec.mentions))
        for index, link in enumerate(rec.links):
            anchor = self.anchored.get("mechanism-links", rec.slug, index)
            name = f"{rec.slug}-{link.relation.replace('_', '-')}-{link.target}"
            self.fact(node, LINK_PROPERTY[link.relation], ids.entity("mechanism", link.target), name, anchor)

    def dated_issue_area(self, mechanism: URIRef, slug: str, index: int, dated: DatedIssueArea) -> None:
        """The issue area with its period, in the layer of whatever dates it (the digest or a reference)."""
        g = self.digest if dated.quote else self.background
        area = ids.issue_area(dated.area)
        node = URIRef(f"{mechanism}#issue-area-{dated.area.replace('_', '-')}")
        g.add((mechanism, MLO.hasIssueArea, area))
        g.add((mechanism, MLO.hasDatedIssueArea, node))
        g.add((node, RDF.type, MLO.DatedIssueArea))
        g.add((node, MLO.issueArea, area))
        for value, prop in ((dated.start, MLO.startTime), (dated.end, MLO.endTime)):
            if value:
                g.add((node, prop, date_literal(value)))
        if dated.quote:
            self.annotate(g, f"issue-area-{slug}-{dated.area.replace('_', '-')}", self.anchored.get("issue-areas", slug, index), node, OA.describing)
        else:
            g.add((node, DCTERMS.source, Literal(dated.source)))

    def state(self, rec: State) -> None:
        g = self.digest if rec.mentions else self.background
        node = ids.entity("state", rec.slug)
        g.add((node, RDF.type, MLO.State))
        self.labels(g, node, rec.label.en, rec.label.zh)
        g.add((node, MLO.iso3166Alpha3, Literal(rec.slug)))
        for alias in rec.aliases_zh:
            g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
        if rec.source:
            g.add((node, DCTERMS.source, Literal(rec.source)))
        self.mentions(g, "states", rec.slug, node, len(rec.mentions))

    def membership(self, rec: Membership) -> None:
        g = self.digest if rec.layer == "digest" else self.background
        name = f"{rec.mechanism}-{rec.state}"
        node = ids.ID[f"membership/{name}"]
        state, mech = ids.entity("state", rec.state), ids.entity("mechanism", rec.mechanism)
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, state))
        g.add((node, ORG.organization, mech))
        g.add((node, ORG.role, ids.ID[f"role/{rec.role.replace('_', '-')}"]))
        g.add((node, MLO.layer, Literal(rec.layer)))
        g.add((state, MLO.memberOf, mech))
        g.add((node, RDF.type, MLO.CurrentMembership if rec.current else MLO.FormerMembership))
        dates = self.background if rec.period_source else g
        if rec.period_source:
            dates.add((node, DCTERMS.source, Literal(rec.period_source)))
        periods = rec.periods or ([Period(start=rec.start, end=rec.end, ended=rec.ended)] if rec.start or rec.end else [])
        for number, period in enumerate(periods, 1):
            suffix = "" if len(periods) == 1 else f"-{number}"
            interval = URIRef(f"{node}#period{suffix}")
            dates.add((node, ORG.memberDuring, interval))
            dates.add((interval, RDF.type, TIME.Interval))
            for when, prop, end in ((period.start, TIME.hasBeginning, "start"), (period.end, TIME.hasEnd, "end")):
                if when:
                    instant = URIRef(f"{node}#{end}{suffix}")
                    dates.add((interval, prop, instant))
                    self.instant(dates, instant, when)
        if rec.layer == "digest":
            self.annotate(g, f"membership-{name}", self.anchored.get("memberships", f"{rec.mechanism}/{rec.state}"), node, OA.describing)
        else:
            g.add((node, DCTERMS.source, Literal(rec.source)))

    @staticmethod
    def instant(g: Graph, node: URIRef, when: str) -> None:
        """An OWL-Time instant; a decade ("1980s") as a date-time description of decade precision."""
        g.add((node, RDF.type, TIME.Instant))
        if when.endswith("s"):
            description = URIRef(f"{node}-description")
            g.add((node, TIME.inDateTime, description))
            g.add((description, RDF.type, TIME.DateTimeDescription))
            g.add((description, TIME.unitType, TIME.unitDecade))
            g.add((description, TIME.year, Literal(when[:4], datatype=XSD.gYear)))
            return
        g.add((node, TIME_PROPERTY[len(when)], date_literal(when)))

    def event(self, rec: Event) -> None:
        g = self.digest if rec.layer == "digest" else self.background
        node = ids.entity("event", rec.slug)
        g.add((node, RDF.type, MLO.Event))
        g.add((node, RDF.type, EVENT_CLASS[rec.kind]))
        self.labels(g, node, rec.label.en, rec.label.zh)
        g.add((node, DCTERMS.date, date_literal(rec.date)))
        self.instant(g, URIRef(node + "#start"), rec.date)
        g.add((node, TIME.hasBeginning, URIRef(node + "#start")))
        if rec.end:
            self.instant(g, URIRef(node + "#end"), rec.end)
            g.add((node, TIME.hasEnd, URIRef(node + "#end")))
        for reference in rec.involves:
            g.add((node, MLO.involves, ids.ref(reference)))
        if rec.quote:
            self.annotate(g, f"event-{rec.slug}", self.anchored.get("events", rec.slug), node, OA.describing)
        else:
            g.add((node, DCTERMS.source, Literal(rec.source)))

    def concept(self, rec: Concept) -> None:
        g, node = self.digest, ids.entity("concept", rec.slug)
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, CONCEPT_SCHEME))
        self.labels(g, node, rec.label.en, rec.label.zh)
        for alt in rec.alt_zh:
            g.add((node, SKOS.altLabel, Literal(alt, lang="zh")))
        for alt in rec.alt_en:
            g.add((node, SKOS.altLabel, Literal(alt, lang="en")))
        g.add((node, SKOS.definition, Literal(rec.definition_en, lang="en")))
        if rec.definition_zh:
            g.add((node, SKOS.definition, Literal(rec.definition_zh, lang="zh")))
        for slug in rec.broader:
            g.add((node, SKOS.broader, ids.entity("concept", slug)))
        for slug in rec.related:
            g.add((node, SKOS.related, ids.entity("concept", slug)))
        if not rec.broader:
            g.add((CONCEPT_SCHEME, SKOS.hasTopConcept, node))
        self.mentions(g, "concepts", rec.slug, node, len(rec.mentions))

    def region(self, rec: Region) -> None:
        g, node = self.digest, ids.entity("region", rec.slug)
        g.add((node, RDF.type, MLO.Region))
        self.labels(g, node, rec.label.en, rec.label.zh)
        for alt in rec.alt_zh:
            g.add((node, SKOS.altLabel, Literal(alt, lang="zh")))
        self.mentions(g, "regions", rec.slug, node, len(rec.mentions))

    def theory(self, rec: Theory) -> None:
        g, node = self.digest, ids.entity("theory", rec.slug)
        g.add((node, RDF.type, MLO.Theory))
        self.labels(g, node, rec.label.en, rec.label.zh)
        g.add((node, SKOS.definition, Literal(rec.definition_en, lang="en")))
        if rec.definition_zh:
            g.add((node, SKOS.definition, Literal(rec.definition_zh, lang="zh")))
        self.mentions(g, "theories", rec.slug, node, len(rec.mentions))

    def leader(self, rec: Leader) -> None:
        g, node = self.digest, ids.entity("person", rec.slug)
        g.add((node, RDF.type, MLO.PoliticalLeader))
        self.labels(g, node, rec.label.en, rec.label.zh)
        g.add((node, MLO.leaderOf, ids.entity("state", rec.state)))
        g.add((node, RDFS.comment, Literal(rec.office_en, lang="en")))
        self.mentions(g, "leaders", rec.slug, node, len(rec.mentions))

    def retired(self, rec: Retired) -> None:
        """A released IRI kept resolving: deprecated, pointing at what replaced it."""
        g, node = self.digest, ids.ref(rec.ref)
        g.add((node, OWL.deprecated, Literal(True)))
        g.add((node, DCTERMS.isReplacedBy, ids.ref(rec.replaced_by)))
        g.add((node, RDFS.comment, Literal(f"Retired: {rec.reason_en}", lang="en")))


def assemble(dataset: Dataset, curation: Curation, anchored: Anchored, digest_slug: str, source: URIRef) -> None:
    """Add every curated record to the digest and background layers of ``dataset``."""
    asm = Assembler(dataset, anchored, digest_slug, source)
    g = asm.digest
    g.add((CONCEPT_SCHEME, RDF.type, SKOS.ConceptScheme))
    asm.labels(g, CONCEPT_SCHEME, "Concepts of minilateralism in global governance", "全球治理中的小多边主义概念")
    for role in ("member", "founding-member", "leading-member", "initiator"):
        node = ids.ID[f"role/{role}"]
        g.add((node, RDF.type, ORG.Role))
        g.add((node, RDFS.label, Literal(role.replace("-", " "), lang="en")))
        g.add((node, RDFS.label, Literal({"member": "成员", "founding-member": "创始成员", "leading-member": "主导成员", "initiator": "发起方"}[role], lang="zh")))
    for kind, write in RECORD_WRITERS:
        for rec in curation.of(kind):
            getattr(asm, write)(rec)


#: Curation folder → Assembler method, in the order the records are written.
RECORD_WRITERS = (
    ("mechanisms", "mechanism"),
    ("states", "state"),
    ("memberships", "membership"),
    ("events", "event"),
    ("concepts", "concept"),
    ("regions", "region"),
    ("theories", "theory"),
    ("leaders", "leader"),
    ("retired", "retired"),
)
