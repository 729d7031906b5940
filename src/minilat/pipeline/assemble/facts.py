"""Assemble the RDF dataset from the curated records and their anchors.

One named graph per layer: ``digest`` holds the entities the digests discuss and the
facts they state, ``background`` what reference sources add (each with its source);
and one graph per issue, ``graph/issue/{slug}``, holds what is that issue's own: its
claims and every Web Annotation into its text (mentions, facts' evidence), so a query
keeps to one issue with one ``GRAPH`` clause. The bibliographic layer is built by
:mod:`minilat.pipeline.assemble.bibliography`. No blank nodes: every node has an IRI,
so release files are stable.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from minilat import ids
from minilat.ids import MLO, OA, ORG, TIME
from minilat.pipeline.anchor import Anchor, Anchored
from minilat.pipeline.corpus import DigestFile
from minilat.pipeline.records.curation import Curation
from minilat.pipeline.records.models import (
    Concept,
    DatedIssueArea,
    Event,
    Leader,
    Mechanism,
    Membership,
    Mentions,
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
    "led_to": MLO.leadsTo,
    "revived": MLO.revives,
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


def annotation_parts(annotation: URIRef | str) -> tuple[URIRef, URIRef, URIRef]:
    """An annotation's target, quote selector and position selector (its hash sub-resources)."""
    return URIRef(f"{annotation}#target"), URIRef(f"{annotation}#quote"), URIRef(f"{annotation}#position")


def scoped_iri(issue: DigestFile, kind: str, name: str) -> URIRef:
    """An issue-scoped IRI (claim, annotation, fact assertion, argument link): id/{kind}/{issue}/{name},
    or id/{kind}/{name} for the first issue, whose IRIs were released before the series."""
    return ids.ID[f"{kind}/{issue.scoped(name)}"]


#: Reference kind → the word the first issue's mention annotations were named with.
MENTION_NAME = {"person": "leader"}


class Assembler:
    """Writes triples for curated records into the layers of one Dataset; with an ``issue``,
    writes that issue's annotations and fact assertions into its own graph."""

    def __init__(self, dataset: Dataset, anchored: Anchored | None, issue: DigestFile | None, source: URIRef | None) -> None:
        self.ds = dataset
        self.anchored = anchored
        self.issue = issue
        self.source = source
        self.digest = dataset.graph(ids.GRAPHS["digest"])
        self.background = dataset.graph(ids.GRAPHS["background"])
        self.own = dataset.graph(ids.issue_graph(issue.slug)) if issue else None

    # --- annotations -------------------------------------------------------
    def annotate(self, name: str, anchor: Anchor, body: URIRef, motivation: URIRef) -> URIRef:
        """A Web Annotation tying ``body`` to its passage of this issue: quote and position selectors."""
        assert self.issue is not None and self.own is not None and self.source is not None
        graph = self.own
        ann = scoped_iri(self.issue, "annotation", name)
        target, quote, position = annotation_parts(ann)
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

    def fact(self, subject: URIRef, predicate: URIRef, obj: URIRef, name: str, anchor: Anchor) -> None:
        """Assert a triple in the digest layer, and this issue's reified FactAssertion anchored to its passage."""
        assert self.issue is not None and self.own is not None
        self.digest.add((subject, predicate, obj))
        statement = scoped_iri(self.issue, "fact", name)
        self.own.add((statement, RDF.type, MLO.FactAssertion))
        self.own.add((statement, MLO.factSubject, subject))
        self.own.add((statement, MLO.factPredicate, predicate))
        self.own.add((statement, MLO.factObject, obj))
        self.annotate(f"fact-{name}", anchor, statement, OA.describing)

    @staticmethod
    def labels(graph: Graph, node: URIRef, en: str | None, zh: str) -> None:
        for prop in (RDFS.label, SKOS.prefLabel):
            if en:  # a draft's English may wait for the curator
                graph.add((node, prop, Literal(en, lang="en")))
            graph.add((node, prop, Literal(zh, lang="zh")))

    # --- registry records ----------------------------------------------------
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

    def dated_issue_area(self, mechanism: URIRef, slug: str, index: int, dated: DatedIssueArea) -> None:
        """The issue area with its period, in the layer of whatever dates it (an issue or a reference)."""
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
            assert self.anchored is not None
            self.annotate(f"issue-area-{slug}-{dated.area.replace('_', '-')}", self.anchored.get("issue-areas", f"mechanism/{slug}", index), node, OA.describing)
        else:
            g.add((node, DCTERMS.source, Literal(dated.source)))

    def state(self, rec: State, mentioned: bool) -> None:
        g = self.digest if mentioned else self.background
        node = ids.entity("state", rec.slug)
        g.add((node, RDF.type, MLO.State))
        self.labels(g, node, rec.label.en, rec.label.zh)
        g.add((node, MLO.iso3166Alpha3, Literal(rec.slug)))
        for alias in rec.aliases_zh:
            g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
        if rec.source:
            g.add((node, DCTERMS.source, Literal(rec.source)))
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
            assert self.anchored is not None
            self.annotate(f"membership-{name}", self.anchored.get("memberships", f"{rec.mechanism}/{rec.state}"), node, OA.describing)
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
            assert self.anchored is not None
            self.annotate(f"event-{rec.slug}", self.anchored.get("events", rec.slug), node, OA.describing)
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
        if rec.definition_en:  # a draft's English may wait for the curator
            g.add((node, SKOS.definition, Literal(rec.definition_en, lang="en")))
        if rec.definition_zh:
            g.add((node, SKOS.definition, Literal(rec.definition_zh, lang="zh")))
        for slug in rec.broader:
            g.add((node, SKOS.broader, ids.entity("concept", slug)))
        for slug in rec.related:
            g.add((node, SKOS.related, ids.entity("concept", slug)))
        if not rec.broader:
            g.add((CONCEPT_SCHEME, SKOS.hasTopConcept, node))

    def region(self, rec: Region) -> None:
        g, node = self.digest, ids.entity("region", rec.slug)
        g.add((node, RDF.type, MLO.Region))
        self.labels(g, node, rec.label.en, rec.label.zh)
        for alt in rec.alt_zh:
            g.add((node, SKOS.altLabel, Literal(alt, lang="zh")))

    def theory(self, rec: Theory) -> None:
        g, node = self.digest, ids.entity("theory", rec.slug)
        g.add((node, RDF.type, MLO.Theory))
        self.labels(g, node, rec.label.en, rec.label.zh)
        g.add((node, SKOS.definition, Literal(rec.definition_en, lang="en")))
        if rec.definition_zh:
            g.add((node, SKOS.definition, Literal(rec.definition_zh, lang="zh")))

    def leader(self, rec: Leader) -> None:
        g, node = self.digest, ids.entity("person", rec.slug)
        g.add((node, RDF.type, MLO.PoliticalLeader))
        self.labels(g, node, rec.label.en, rec.label.zh)
        g.add((node, MLO.leaderOf, ids.entity("state", rec.state)))
        g.add((node, RDFS.comment, Literal(rec.office_en, lang="en")))

    def retired(self, rec: Retired) -> None:
        """A released IRI kept resolving: deprecated, pointing at what replaced it (a claim's, in its issue)."""
        g, node, new = self.digest, ids.ref(rec.ref), ids.ref(rec.replaced_by)
        if self.issue is not None and self.own is not None:
            g, node, new = self.own, self.ref(rec.ref), self.ref(rec.replaced_by)
        g.add((node, OWL.deprecated, Literal(True)))
        g.add((node, DCTERMS.isReplacedBy, new))
        g.add((node, RDFS.comment, Literal(f"Retired: {rec.reason_en}", lang="en")))


    # --- issue records ---------------------------------------------------------
    def ref(self, reference: str) -> URIRef:
        """IRI of a reference; claims are scoped by this issue."""
        kind, _, slug = reference.partition("/")
        if kind == "claim" and self.issue is not None:
            return scoped_iri(self.issue, "claim", slug)
        return ids.ref(reference)

    def mentions(self, rec: Mentions) -> None:
        """Where this issue names a registry entity, and the relations and dated areas it states of a mechanism."""
        assert self.anchored is not None
        kind, _, slug = rec.entity.partition("/")
        node = ids.ref(rec.entity)
        name = MENTION_NAME.get(kind, kind)
        for index in range(len(rec.mentions)):
            self.annotate(f"{name}-{slug}-mention-{index + 1}", self.anchored.get("mentions", rec.entity, index), node, OA.identifying)
        graph = self.own if self.own is not None else self.digest
        for lang, aliases in (("zh", rec.aliases_zh), ("en", rec.aliases_en)):
            for alias in aliases:  # a name this issue uses that the registry lacks
                graph.add((node, SKOS.altLabel, Literal(alias, lang=lang)))
        for index, dated in enumerate(rec.dated_issue_areas):
            self.dated_issue_area(node, slug, index, dated)
        for index, link in enumerate(rec.links):
            anchor = self.anchored.get("mechanism-links", rec.entity, index)
            name = f"{slug}-{link.relation.replace('_', '-')}-{link.target}"
            self.fact(node, LINK_PROPERTY[link.relation], ids.entity("mechanism", link.target), name, anchor)


def assemble_registry(dataset: Dataset, registry: Curation, mentioned: set[str]) -> None:
    """Add the shared entities and what reference sources state (``mentioned``: 'kind/slug' some issue names)."""
    asm = Assembler(dataset, None, None, None)
    g = asm.digest
    g.add((CONCEPT_SCHEME, RDF.type, SKOS.ConceptScheme))
    asm.labels(g, CONCEPT_SCHEME, "Concepts of minilateralism in global governance", "全球治理中的小多边主义概念")
    for role in ("member", "founding-member", "leading-member", "initiator"):
        node = ids.ID[f"role/{role}"]
        g.add((node, RDF.type, ORG.Role))
        g.add((node, RDFS.label, Literal(role.replace("-", " "), lang="en")))
        g.add((node, RDFS.label, Literal({"member": "成员", "founding-member": "创始成员", "leading-member": "主导成员", "initiator": "发起方"}[role], lang="zh")))
    for rec in registry.of("states"):
        asm.state(rec, f"state/{rec.slug}" in mentioned)
    for kind, write in REGISTRY_WRITERS:
        for rec in registry.of(kind):
            getattr(asm, write)(rec)


def assemble_issue(dataset: Dataset, curation: Curation, anchored: Anchored, issue: DigestFile, source: URIRef) -> None:
    """Add what one issue states: its mentions, facts, memberships and events, each with its evidence."""
    asm = Assembler(dataset, anchored, issue, source)
    for kind, write in ISSUE_WRITERS:
        for rec in curation.of(kind):
            getattr(asm, write)(rec)


#: Registry folder → Assembler method, in the order the records are written (states first, apart).
REGISTRY_WRITERS = (
    ("mechanisms", "mechanism"),
    ("memberships", "membership"),
    ("events", "event"),
    ("concepts", "concept"),
    ("regions", "region"),
    ("theories", "theory"),
    ("leaders", "leader"),
    ("retired", "retired"),
)
#: Issue folder → Assembler method (claims are written by :mod:`.claims`).
ISSUE_WRITERS = (
    ("mentions", "mentions"),
    ("memberships", "membership"),
    ("events", "event"),
    ("retired", "retired"),
)
