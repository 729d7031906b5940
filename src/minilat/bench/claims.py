"""Synthetic claims in the shape of minilat.pipeline.assemble.claims: holder, modality, propositions, argument links.

:class:`_Claims` writes each claim the way :class:`minilat.pipeline.assemble.claims.ClaimWriter` writes a
curated one: its class and modality, whose view it is (``mlo:holderKind``, ``mlo:heldBy``),
short labels, role-typed ``mlo:about`` links, reified ``mlo:Proposition`` content (with
condition and outcome for conditional predictions, negation and qualifiers; the content
predicates named and labelled by :func:`minilat.pipeline.assemble.claims.content_predicates`), the entry's
``mlo:assertsClaim`` / ``mlo:quotesClaim``, and argument links both as a plain triple and as
an ``mlo:ArgumentLink`` node (a curator's reading in the readings graph). The shares come
from :mod:`minilat.bench.proportions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from minilat import paths
from minilat.bench import proportions as P
from minilat.bench.mechanisms import _Mechanisms
from minilat.bench.pools import _Digest
from minilat.bench.vocab import (
    BOOLEAN,
    DERIVED,
    DESCRIBING,
    EDITORS,
    G_DIGEST,
    G_READINGS,
    GYEAR,
    ID,
    LABEL,
    A,
    _iri,
    _lit,
    _m,
)

T = TypeVar("T")
ROLE_PROPERTY = {"content": "hasProposition", "condition": "hasCondition", "outcome": "hasOutcome"}
_CLAIM = _iri(ID + "claim/")[:-1]  # "<…/id/claim/" : claim terms start with it
_FEATURE_PREDICATES = {"has_feature", "lacks", "is_kind_of", "aims_at"}
#: Draw tables that do not change from claim to claim: a claim type after the entry's first
#: claim (the preface's EditorialPosition is drawn apart), a recommendation's later predicates.
_LATER_TYPES = [(t, P.RQ_AFTER_FIRST if t == "ResearchQuestion" else n) for t, n in P.CLAIM_TYPES if t != "EditorialPosition"]
_LATER_RECOMMENDING = [(p, P.SHOULD_PURSUE_AFTER_FIRST if p == "should_pursue" else n)
                       for p, n in P.PREDICATES_BY_MODALITY["Recommending"]]


def content_terms() -> dict[str, tuple[str, str, str]]:
    """Curation key → (N-Quads term, English label, Chinese label) of every content predicate,
    as the assembly names them (:func:`minilat.pipeline.assemble.claims.content_predicates` over the ontology).

    Imported here, not at module level: rdflib would add some 20 MB to the RSS of every
    benchmark worker (they import this package), and that RSS is measured.
    """
    from rdflib import Graph

    from minilat.pipeline.assemble.claims import content_predicates

    ontology = Graph().parse(paths.ONTOLOGY, format="turtle")
    return {key: (_iri(str(prop)), en, zh) for key, (prop, en, zh) in content_predicates(ontology).items()}


@dataclass
class _Entry:
    """A preface or compiled summary, and what its claims are attributed to."""

    iri: str
    work: str  # the summarised article, or the preface itself
    authors: list[str]
    compiler: str | None
    editorial: bool
    theory: str | None = None  # the IR theory the article applies, if any
    claims: list[str] = field(default_factory=list)


@dataclass
class _Prop:
    """One reified statement of a claim's content."""

    role: str
    subject: str
    predicate: str  # a curation key: has_feature
    object: str
    negated: bool = False
    means: list[str] = field(default_factory=list)
    region: str | None = None
    start: str | None = None  # a year, or a decade "1980s"
    end: str | None = None


def _kind(term: str) -> str:
    """The kind of an entity term from its IRI: <…/id/state/ABC> → state."""
    return term[len(ID) + 1:].split("/", 1)[0]


class _Claims(_Mechanisms):
    """Claims, their content and their argument links; theories and regions, described on first use."""

    predicates: dict[str, tuple[str, str, str]]  # content predicates by curation key (:func:`content_terms`)
    label_text: Callable[..., tuple[str, str]]  # :func:`minilat.pipeline.assemble.claims.proposition_text`, the assembly's wording

    def ontology(self) -> None:
        super().ontology()
        self.predicates = content_terms()
        from minilat.pipeline.assemble.claims import (
            proposition_text,  # after content_terms: rdflib is loaded by then
        )

        self.label_text = proposition_text

    def weighted(self, table: list[tuple[T, int]] | list[tuple[T, float]]) -> T:
        """One value of a (value, weight) table, drawn by weight."""
        return self.rng.choices([v for v, _ in table], weights=[x for _, x in table])[0]

    def named(self, path: str, en: str, zh: str, cls: str) -> str:
        """An entity of a small fixed pool (theory, region), described in the digest graph on first use."""
        term = _iri(ID + path)
        if term not in self.names:
            self.names[term] = (en, zh)
            self.w.q(term, A, _m(cls), G_DIGEST)
            self.labels(term, en, zh, G_DIGEST)
        return term

    def theory_slug(self) -> str | None:
        """The IR theory a new article applies, if it applies one."""
        if self.rng.random() < P.ARTICLE_THEORY:
            return P.THEORIES[self.skewed(len(P.THEORIES), 1.5)][0]
        return None

    def region(self) -> str:
        i = self.skewed(P.REGIONS, 1.5)
        en, zh = self.states[len(self.states) - 1 - i][1:]  # a name from the state pool's end, never a state's
        return self.named(f"region/r{i:02d}", f"{en} Region", zh.removesuffix("国") + "地区", "Region")

    def entity(self, kind: str, digest: _Digest) -> str:
        """An entity of ``kind`` from the issue's pools, favouring the first (the issue's theme)."""
        if kind == "state" and digest.states:
            return self.state(digest.states[self.skewed(len(digest.states), 1.6)])
        if kind == "mechanism" and digest.mechanisms:
            return self.mechanism_term(digest.mechanisms[self.skewed(len(digest.mechanisms), 1.6)])
        if kind == "event" and digest.events:
            return self.rng.choice(digest.events)
        if kind == "region":
            return self.region()
        return self.concept_term(digest.concepts[self.skewed(len(digest.concepts), 1.6)])

    # -- content ------------------------------------------------------------

    def predicate(self, modality: str, index: int) -> str:
        if modality == "Recommending":
            return "should_pursue" if index == 0 else self.weighted(_LATER_RECOMMENDING)
        return self.weighted(P.PREDICATES_BY_MODALITY[modality])

    def propositions(self, modality: str, entry: _Entry, digest: _Digest) -> list[_Prop]:
        """What the claim says: statements with subject, predicate, object, negation and qualifiers."""
        rng = self.rng
        if modality == "Predicting" and rng.random() < P.CONDITIONAL_SHARE:
            roles = ["condition"] + ["outcome"] * self.weighted(P.OUTCOMES)
        else:
            roles = ["content"] * self.weighted(P.PROPOSITIONS)
        props: list[_Prop] = []
        for i, role in enumerate(roles):
            if i == 0 and entry.theory and modality == "Asserting":
                props.append(_Prop(role, self.theory_term(entry), "influences", self.entity("concept", digest)))
                continue
            pred = self.predicate(modality, i)
            s_kind, o_kind = self.weighted(P.KINDS[pred])
            earlier = [p.subject for p in props if _kind(p.subject) == s_kind]
            s = rng.choice(earlier) if earlier and rng.random() < P.SAME_SUBJECT else self.entity(s_kind, digest)
            seen = [t for p in props for t in (p.subject, p.object) if t != s and _kind(t) == o_kind]
            o = rng.choice(seen) if seen and rng.random() < P.CHAINED_OBJECT else self.entity(o_kind, digest)
            for _ in range(3):
                if o != s:
                    break
                o = self.entity(o_kind, digest)
            negated = (modality == "Denying" and i == 0) or rng.random() < P.NEGATED_AFTER_FIRST.get(modality, 0.0)
            prop = _Prop(role, s, pred, o, negated)
            if rng.random() < P.MEANS.get(modality, 0.0):
                for _ in range(2 if rng.random() < P.SECOND_MEANS else 1):
                    kind = "mechanism" if rng.random() < P.MEANS_MECHANISM else "concept"
                    means = self.entity(kind, digest)
                    if means not in prop.means and means not in (s, o):
                        prop.means.append(means)
            if rng.random() < P.IN_REGION:
                prop.region = self.region()
            if rng.random() < P.START_TIME:
                year = rng.randint(1970, 2024)
                prop.start = f"{year // 10 * 10}s" if rng.random() < P.DECADE else str(year)
            if rng.random() < P.END_TIME:
                prop.end = str(rng.randint(2000, 2025))
            props.append(prop)
        return props

    def theory_term(self, entry: _Entry) -> str:
        """The article's theory, described on first use; the article applies it once."""
        slug = entry.theory or ""
        entry.theory = None
        en, zh = next((e, z) for s, e, z in P.THEORIES if s == slug)
        return self.named("theory/" + slug, en, zh, "Theory")

    def about(self, props: list[_Prop], digest: _Digest) -> dict[str, str]:
        """Entity → role-typed sub-property of mlo:about, from the statements and a few more."""
        rng = self.rng
        subjects = list(dict.fromkeys(p.subject for p in props))
        topics = set(subjects[:self.weighted(P.TOPICS)])
        roles: dict[str, str] = {}
        for p in props:
            for term, is_object in ((p.subject, False), (p.object, True)):
                if term in roles or (term not in topics and rng.random() < P.ABOUT_SKIP):
                    continue
                kind = _kind(term)
                if term in topics:
                    roles[term] = "hasTopic"
                elif is_object and (p.negated or p.predicate == "instead_of"):
                    roles[term] = "rejectsAlternative"
                elif is_object and p.predicate in _FEATURE_PREDICATES and kind == "concept":
                    roles[term] = "ascribesFeature"
                elif kind == "state":
                    roles[term] = "concernsActor"
                elif kind in ("mechanism", "event"):
                    roles[term] = "citesExample"
                else:
                    roles[term] = "placesInContext"
            for term in [*p.means, *([p.region] if p.region else [])]:
                roles.setdefault(term, "placesInContext")
        for _ in range(rng.randint(*P.EXTRA_ABOUT)):
            role, kind = self.weighted(P.EXTRA_ROLES)
            roles.setdefault(self.entity(kind, digest), role)
        return roles

    # -- the claim ----------------------------------------------------------

    def claim_type(self, entry: _Entry, first: bool) -> str:
        rng = self.rng
        if first:
            return "ResearchQuestion"  # every source sets out its question first
        if entry.editorial and rng.random() < P.EDITORIAL_SHARE:
            return "EditorialPosition"
        return self.weighted(_LATER_TYPES)

    def holders(self, modality: str, entry: _Entry, digest: _Digest) -> tuple[str, list[str]]:
        if modality == "ReportingView":
            return "ReportedActorHolder", [self.entity("state", digest)]
        if entry.editorial:
            return "EditorsHolder", [_iri(EDITORS)]
        if entry.compiler and self.rng.random() < P.COMPILER_SHARE:
            return "CompilerHolder", [entry.compiler]
        return "AuthorsHolder", entry.authors

    def claim(self, digest: _Digest, entry: _Entry, first: bool) -> None:
        """One claim of ``entry``, with its content, anchoring and argument links to earlier claims."""
        w = self.w
        key = f"{digest.slug}-{len(digest.claims):03d}"
        c = _iri(ID + "claim/" + key)
        cls = self.claim_type(entry, first)
        modality = self.weighted(P.MODALITY_BY_TYPE[cls])
        w.q(c, A, _m("Claim"), G_DIGEST)
        w.q(c, A, _m(cls), G_DIGEST)
        quote, statement = self.zh_sentence(), self.en_sentence()
        kind, holders = self.holders(modality, entry, digest)
        label_en, label_zh = self.en_sentence(4, 8).rstrip("."), self.zh_sentence(3, 5).rstrip("。")
        if kind == "ReportedActorHolder":
            en, zh = self.names[holders[0]]
            label_en, label_zh = f"{en}'s view: {label_en}", f"{zh}看法：{label_zh}"
        w.q(c, _m("statement"), _lit(statement, "en"), G_DIGEST)
        w.q(c, LABEL, _lit(label_en, "en"), G_DIGEST)
        w.q(c, LABEL, _lit(label_zh, "zh"), G_DIGEST)
        w.q(c, _m("madeIn"), entry.iri, G_DIGEST)
        w.q(c, _m("claimOf"), entry.work, G_DIGEST)
        w.q(c, DERIVED, digest.text, G_DIGEST)
        w.q(c, _m("holderKind"), _m(kind), G_DIGEST)
        for holder in holders:
            w.q(c, _m("heldBy"), holder, G_DIGEST)
            if kind == "ReportedActorHolder":
                w.note("holder", holder)
        w.q(c, _m("hasModality"), _m(modality), G_DIGEST)
        if modality == "Recommending":
            w.note("work", entry.work)
        w.q(entry.iri, _m("quotesClaim" if kind == "ReportedActorHolder" else "assertsClaim"), c, G_DIGEST)
        props = self.propositions(modality, entry, digest)
        if modality == "Recommending" and self.rng.random() < P.ADDRESSEE:
            w.q(c, _m("addressee"), props[0].subject, G_DIGEST)
        for term, role in self.about(props, digest).items():
            w.q(c, _m(role), term, G_DIGEST)
            w.q(c, _m("about"), term, G_DIGEST)
        for n, prop in enumerate(props, 1):
            self.proposition(c, _iri(f"{ID}claim/{key}#p{n}"), prop)
        self.links(c, key, digest, entry)
        self.anchor(f"claim-{key}", c, quote, DESCRIBING, digest)
        digest.claims.append(c)
        entry.claims.append(c)
        self.claim_iris.append(c)

    def proposition(self, claim: str, node: str, p: _Prop) -> None:
        w, g = self.w, G_DIGEST
        w.q(claim, _m(ROLE_PROPERTY[p.role]), node, g)
        if p.role != "content":
            w.q(claim, _m("hasProposition"), node, g)
        w.q(node, A, _m("Proposition"), g)
        predicate, p_en, p_zh = self.predicates[p.predicate]
        en, zh = self.label_text(self.names[p.subject], (p_en, p_zh), self.names[p.object], p.role, p.negated)
        w.q(node, LABEL, _lit(en, "en"), g)
        w.q(node, LABEL, _lit(zh, "zh"), g)
        w.q(node, _m("propositionSubject"), p.subject, g)
        w.q(node, _m("propositionPredicate"), predicate, g)
        w.q(node, _m("propositionObject"), p.object, g)
        if p.negated:
            w.q(node, _m("negated"), _lit("true", datatype=BOOLEAN), g)
        for means in p.means:
            w.q(node, _m("byMeans"), means, g)
        if p.region:
            w.q(node, _m("inRegion"), p.region, g)
        if p.start:
            w.q(node, _m("startTime"), _lit(p.start[:4], datatype=GYEAR), g)
            if p.start.endswith("s"):
                w.q(node, _m("startPrecision"), _lit("decade"), g)
        if p.end:
            w.q(node, _m("endTime"), _lit(p.end, datatype=GYEAR), g)

    # -- argument links -----------------------------------------------------

    def links(self, c: str, key: str, digest: _Digest, entry: _Entry) -> None:
        """Links to earlier claims: within the summary (plain), across summaries (with origin and rationale)."""
        rng = self.rng
        targets: set[str] = set()
        for relation, share in P.LINKS_WITHIN:
            if rng.random() < share and entry.claims:
                target = entry.claims[rng.randrange(max(0, len(entry.claims) - 12), len(entry.claims))]
                if target not in targets:
                    targets.add(target)
                    self.link(c, key, relation, target, None)
        for relation, share in P.LINKS_ACROSS:
            if rng.random() < share:
                target = self.across(digest, entry)
                if target and target not in targets:
                    targets.add(target)
                    self.link(c, key, relation, target, "CuratorReading" if rng.random() < P.CURATOR_SHARE else "StatedInDigest")

    def across(self, digest: _Digest, entry: _Entry) -> str | None:
        """An earlier claim of another summary: of this issue mostly, else of an earlier one."""
        earlier = len(digest.claims) - len(entry.claims)  # this issue's claims of the entries before
        if earlier and (digest.first_claim == 0 or self.rng.random() >= P.ACROSS_ISSUES):
            return digest.claims[self.rng.randrange(earlier)]
        if digest.first_claim:
            return self.claim_iris[self.skewed(digest.first_claim, 1.3)]
        return None

    def link(self, c: str, key: str, relation: str, target: str, origin: str | None) -> None:
        w = self.w
        g = G_READINGS if origin == "CuratorReading" else G_DIGEST
        w.q(c, _m(relation), target, g)
        node = _iri(ID + f"argument/{key}--{relation}--{target[len(_CLAIM):-1]}")
        w.q(node, A, _m("ArgumentLink"), g)
        w.q(node, _m("linkFrom"), c, g)
        w.q(node, _m("linkTo"), target, g)
        w.q(node, _m("linkRelation"), _m(relation), g)
        if origin:
            w.q(node, _m("linkOrigin"), _m(origin), g)
            w.q(node, _m("rationale"), _lit(self.en_sentence(12, 24), "en"), g)
            w.q(node, _m("rationale"), _lit(self.zh_sentence(6, 12), "zh"), g)
