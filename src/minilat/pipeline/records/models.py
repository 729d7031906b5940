"""Curated records: the facts a curator reads off the digest, as validated Pydantic models.

Every record that states something the digest says carries a verbatim ``quote``
(copied from the parser's rebuilt text) so the build can anchor it to a passage.
Records that come from reference sources instead carry a ``source``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

MechanismKind = Literal["minilateral_mechanism", "multilateral_institution", "treaty_regime", "diplomatic_initiative"]
Formality = Literal["formal", "informal"]
IssueArea = Literal[
    "security",
    "nuclear_nonproliferation",
    "nuclear_disarmament",
    "export_control",
    "infrastructure_finance",
    "emerging_technology",
    "trade",
    "public_health",
    "climate_change",
    "non_traditional_security",
    "regional_security",
    "global_governance",
    "infrastructure",
    "nuclear_submarines",
    "technology_sharing",
]
MechanismRelation = Literal["operates_within", "reports_to", "led_to", "revived", "contrasted_with"]
MembershipRole = Literal["member", "founding_member", "leading_member", "initiator"]
Layer = Literal["digest", "background"]
EventKind = Literal[
    "founding",
    "revival",
    "policy_statement",
    "legislation",
    "strategy_revision",
    "study_period",
    "treaty_adoption",
    "reporting",
    "lapse",
]
ClaimType = Literal[
    "empirical_finding",
    "causal_claim",
    "typology_definition",
    "policy_recommendation",
    "scenario_prediction",
    "study_limitation",
    "editorial_position",
    "research_question",
]
ArgumentRelation = Literal["supports", "contests", "qualifies", "elaborates"]
#: Where an argument link comes from: the digest says so, or a curator read it so.
LinkOrigin = Literal["stated", "curator"]
#: What a claim does with its content (Micropublications: asserted vs quoted; Wikidata: nature of statement).
Modality = Literal["asserts", "reports_view", "asks", "predicts", "recommends", "denies", "states_limitation"]
#: Whose view a claim is when it is the digest's own sources speaking.
HolderRole = Literal["authors", "editors", "compiler"]
#: Predicates of a claim's content statements: what the digest's sentences actually say.
Predicate = Literal[
    "has_feature",
    "lacks",
    "causes",
    "influences",
    "depends_on",
    "responds_to",
    "aims_at",
    "strengthens",
    "erodes",
    "complements",
    "contrasts_with",
    "instead_of",
    "is_kind_of",
    "should_pursue",
    "member_of",
    "hedges_against",
    "perceives_as_threat",
    "dominated_by",
    "faces",
    "operates_within",
    "covers_case",
]
#: The part a statement plays in its claim: plain content, or the condition / outcome of a prediction.
StatementRole = Literal["content", "condition", "outcome"]
#: An entry of an issue: its preface or the summary of article No. N.
ENTRY = r"^(preface|article-[1-9][0-9]*)$"
PersonRole = Literal["author", "compiler", "reviewer"]

#: Kinds of entity a claim or event may point at, as "kind/slug" references.
REF = r"^(mechanism|state|concept|event|person|claim|region|theory|organization)/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
#: Entities a claim's statement may have as subject or object (not claims: those are argument links).
ENTITY_REF = r"^(mechanism|state|concept|event|person|region|theory|organization)/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
#: A year, month or ISO date; or a decade written "1980s".
WHEN = r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{3}0s)$"


class Record(BaseModel):
    """Base for every curated record: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: Where a record stands in review: written by a person (or accepted), drafted by the suggester, or turned down.
Status = Literal["reviewed", "suggested", "rejected"]


class Suggestion(Record):
    """Who drafted a record: the suggester run, for which issue, by which rules (INCEpTION: a recommender's suggestion)."""

    issue: str = Field(title="Issue", description="Slug of the issue the suggestion was made for.", pattern=SLUG)
    run: str = Field(title="Run", description="Identifier of the suggester run (activity): id/activity/{run}.", pattern=SLUG)
    version: str = Field(title="Suggester version", description="Version of minilat that made the suggestion.")
    rules: list[str] = Field(default_factory=list, title="Rules", description="Names of the rules that made it (see minilat.pipeline.suggest).")


class Reviewable(Record):
    """A record a curator may have written or the suggester may have drafted."""

    status: Status = Field(default="reviewed", title="Status", description="reviewed (written or accepted by a person), suggested (a draft: its own named graph), rejected (kept so it is not suggested again; never built).")
    suggestion: Suggestion | None = Field(default=None, title="Suggestion", description="The suggester run that drafted the record (kept after it is accepted).")

    @model_validator(mode="after")
    def _suggested_by(self) -> Reviewable:
        if self.status != "reviewed" and self.suggestion is None:
            raise ValueError(f"a {self.status} record needs its suggestion (issue, run, version)")
        return self


class Labels(Record):
    """A bilingual label pair (English may wait for the curator on a suggested record)."""

    en: str | None = Field(default=None, title="English", description="English label; missing is an error on a reviewed record, a warning on a suggested one.", min_length=1)
    zh: str = Field(title="Chinese", description="Chinese label as the digest writes it.", min_length=1)


class MechanismLink(Record):
    """A relation from one mechanism to another, as the digest states it."""

    relation: MechanismRelation = Field(title="Relation", description="How the subject relates to the target mechanism.")
    target: str = Field(title="Target", description="Slug of the target mechanism.", pattern=SLUG)
    quote: str = Field(title="Quote", description="Verbatim passage (rebuilt text) that states the relation.", min_length=2)


class DatedIssueArea(Record):
    """An issue area a mechanism works in from (or until) a date: the Quad's turn to public goods in 2017."""

    area: IssueArea = Field(title="Issue area", description="The policy field.")
    start: str | None = Field(default=None, title="Start", description="When the mechanism took up the area.", pattern=WHEN)
    end: str | None = Field(default=None, title="End", description="When it dropped the area.", pattern=WHEN)
    quote: str | None = Field(default=None, title="Quote", description="Verbatim passage that dates the area (digest layer).")
    source: str | None = Field(default=None, title="Source", description="Reference source that dates it (background layer).")

    @model_validator(mode="after")
    def _evidence(self) -> DatedIssueArea:
        if not (self.start or self.end):
            raise ValueError("a dated issue area needs a start or an end; list undated areas under issue_areas")
        if bool(self.quote) == bool(self.source):
            raise ValueError("a dated issue area needs exactly one of quote (the digest dates it) or source (a reference does)")
        return self


class Mechanism(Reviewable):
    """A cooperation mechanism: minilateral grouping, multilateral institution or treaty regime."""

    slug: str = Field(title="Slug", description="Readable IRI slug: id/mechanism/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="Preferred English and Chinese names.")
    aliases_en: list[str] = Field(default_factory=list, title="English aliases", description="Other English names and abbreviations (Quad, AIIB, NPT).")
    aliases_zh: list[str] = Field(default_factory=list, title="Chinese aliases", description="Other Chinese names as the digest writes them (亚投行).")
    kind: MechanismKind = Field(title="Kind", description="Typology: minilateral mechanism, multilateral institution or treaty regime.")
    dee_category: Literal["inside", "outside"] | None = Field(default=None, title="Dee category", description="Asserted inside/outside minilateralism, only where the digest states it and it is not inferred from operates_within.")
    formality: Formality | None = Field(default=None, title="Formality", description="Formal (treaty-based, secretariat) or informal grouping.")
    issue_areas: list[IssueArea] = Field(default_factory=list, title="Issue areas", description="Policy fields the mechanism works in.")
    dated_issue_areas: list[DatedIssueArea] = Field(default_factory=list, title="Dated issue areas", description="Issue areas with the period a reference source dates (an issue that dates one states it in its mentions/).")
    note: str | None = Field(default=None, title="Note", description="Curator's note.")


class State(Reviewable):
    """A sovereign state named in the digest."""

    slug: str = Field(title="Slug", description="ISO 3166-1 alpha-3 code, upper case: id/state/{slug}.", pattern=r"^[A-Z]{3}$")
    label: Labels = Field(title="Label", description="English and Chinese names.")
    aliases_zh: list[str] = Field(default_factory=list, title="Chinese aliases", description="Abbreviations the digest uses (美, 澳).")
    source: str | None = Field(default=None, title="Source", description="Reference source for a state no issue of the digest names.")


class Period(Record):
    """One period of a membership."""

    start: str | None = Field(default=None, title="Start", description="Start year or ISO date.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    end: str | None = Field(default=None, title="End", description="End year or ISO date.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    ended: bool = Field(default=False, title="Ended", description="Ended, date not confirmed.")


class Membership(Record):
    """An n-ary membership of a state in a mechanism (W3C ORG)."""

    state: str = Field(title="State", description="ISO3 slug of the member state.", pattern=r"^[A-Z]{3}$")
    mechanism: str = Field(title="Mechanism", description="Slug of the mechanism.", pattern=SLUG)
    role: MembershipRole = Field(default="member", title="Role", description="Role of the state in the mechanism.")
    start: str | None = Field(default=None, title="Start", description="Start year or ISO date.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    end: str | None = Field(default=None, title="End", description="End year or ISO date.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    ended: bool = Field(default=False, title="Ended", description="The membership is known to have ended though no end date is confirmed (e.g. former NAC members).")
    periods: list[Period] = Field(default_factory=list, title="Periods", description="Several periods (a lapse and a revival) instead of start/end.")
    period_source: str | None = Field(default=None, title="Period source", description="Reference that gives the dates when the quote does not (dates then go to the background layer).")
    layer: Layer = Field(title="Layer", description="'digest' when the digest states it (quote required), 'background' when from a reference source.")
    quote: str | None = Field(default=None, title="Quote", description="Verbatim passage stating the membership (digest layer).")
    source: str | None = Field(default=None, title="Source", description="Reference source (background layer).")

    @model_validator(mode="after")
    def _layer_evidence(self) -> Membership:
        if self.layer == "digest" and not self.quote:
            raise ValueError("a digest membership needs a quote")
        if self.layer == "background" and not self.source:
            raise ValueError("a background membership needs a source")
        if self.periods and (self.start or self.end or self.ended):
            raise ValueError("give either periods or start/end/ended, not both")
        return self

    @property
    def current(self) -> bool:
        """Still a member: no end date, not marked ended, and the last period open."""
        if self.periods:
            last = self.periods[-1]
            return not (last.end or last.ended)
        return not (self.end or self.ended)


class Event(Record):
    """A dated event the digest gives."""

    slug: str = Field(title="Slug", description="id/event/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="Short English and Chinese description.")
    kind: EventKind = Field(title="Kind", description="What sort of event it is.")
    date: str = Field(title="Date", description="Year, ISO date, or a decade such as 1980s (start of a span).", pattern=WHEN)
    end: str | None = Field(default=None, title="End", description="End of a span, e.g. the 1970-2020 span of Dee's cases.", pattern=WHEN)
    involves: list[str] = Field(title="Involves", description="References kind/slug of mechanisms, states and concepts involved.", min_length=1)
    layer: Layer = Field(default="digest", title="Layer", description="'digest' when the digest dates it (quote required), 'background' when a reference source does.")
    quote: str | None = Field(default=None, title="Quote", description="Verbatim passage that gives the date.", min_length=2)
    source: str | None = Field(default=None, title="Source", description="Reference source (background layer), e.g. corpus/reference/external-ids.yaml.")

    @model_validator(mode="after")
    def _layer_evidence(self) -> Event:
        if self.layer == "digest" and not self.quote:
            raise ValueError("a digest event needs a quote")
        if self.layer == "background" and (self.quote or not self.source):
            raise ValueError("a background event needs a source and no quote")
        return self

    @field_validator("involves")
    @classmethod
    def _refs(cls, value: list[str]) -> list[str]:
        return _check_refs(value)


class Concept(Reviewable):
    """An analytic concept, published as a SKOS concept."""

    slug: str = Field(title="Slug", description="id/concept/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="Preferred English and Chinese labels.")
    alt_zh: list[str] = Field(default_factory=list, title="Chinese alternative labels", description="Other Chinese wordings in the digest.")
    alt_en: list[str] = Field(default_factory=list, title="English alternative labels", description="Other English wordings.")
    definition_en: str | None = Field(default=None, title="Definition (English)", description="What the concept means in this digest (required once reviewed).", min_length=5)
    definition_zh: str | None = Field(default=None, title="Definition (Chinese)", description="Chinese definition, if given.")
    broader: list[str] = Field(default_factory=list, title="Broader", description="Slugs of broader concepts.")
    related: list[str] = Field(default_factory=list, title="Related", description="Slugs of related concepts.")


class Affiliation(Reviewable):
    """An organization people work at."""

    slug: str = Field(title="Slug", description="id/organization/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="English and Chinese names.")


class Person(Reviewable):
    """An author, compiler (编译) or reviewer (审校)."""

    slug: str = Field(title="Slug", description="id/person/{slug}, romanised.", pattern=SLUG)
    name: str = Field(title="Name", description="Name exactly as the digest prints it.")
    name_en: str = Field(title="Romanised name", description="Name in Latin script (pinyin for Chinese names).")
    name_en_from: Literal["pinyin"] | None = Field(default=None, title="Romanised by", description="'pinyin' when name_en was generated from the Chinese name by pypinyin, not read or checked by a person.")
    roles: list[PersonRole] = Field(title="Roles", description="Roles the person has in the digest.", min_length=1)
    affiliation: str | None = Field(default=None, title="Affiliation", description="Slug of the affiliation as the digest gives it.")


class Journal(Reviewable):
    """A journal that published one of the source articles."""

    slug: str = Field(title="Slug", description="id/journal/{slug}.", pattern=SLUG)
    title: str = Field(title="Title", description="Journal title as the digest prints it.")
    issn_print: str | None = Field(default=None, title="Print ISSN", description="From the reference file.", pattern=r"^\d{4}-\d{3}[\dX]$")
    issn_online: str | None = Field(default=None, title="Online ISSN", description="From the reference file.", pattern=r"^\d{4}-\d{3}[\dX]$")


class Rationale(Record):
    """Why a curator links two claims: one sentence in each language."""

    en: str = Field(title="English", description="One sentence: why the relation holds.", min_length=10)
    zh: str = Field(title="Chinese", description="The same sentence in Chinese.", min_length=5)


class ArgumentLink(Record):
    """An argument relation from one claim to another (AIF / Toulmin: support, attack, qualification)."""

    relation: ArgumentRelation = Field(title="Relation", description="supports, contests, qualifies or elaborates the target claim (elaborates only within one source).")
    target: str = Field(title="Target", description="Slug of the target claim (any entry of the same issue), or issue/slug for a claim of another issue.", pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$")
    origin: LinkOrigin | None = Field(default=None, title="Origin", description="'stated' when the digest itself relates the two claims, 'curator' when it is a curator's reading. Required across sources.")
    rationale: Rationale | None = Field(default=None, title="Rationale", description="Why the relation holds. Required across sources.")


class Statement(Record):
    """One (subject, predicate, object) statement of a claim's content, with Wikidata-style qualifiers.

    Not a fact of the graph: it is published reified, as what the claim's holder says.
    """

    subject: str = Field(title="Subject", description="Entity reference kind/slug.", pattern=ENTITY_REF)
    predicate: Predicate = Field(title="Predicate", description="A content predicate of the ontology.")
    object: str = Field(title="Object", description="Entity reference kind/slug.", pattern=ENTITY_REF)
    role: StatementRole = Field(default="content", title="Role", description="content; or condition / outcome of a conditional prediction.")
    negated: bool = Field(default=False, title="Negated", description="The claim denies this statement (not X).")
    means: list[str] = Field(default_factory=list, title="Means", description="Qualifier: by which means (recommendations, strategies).")
    region: str | None = Field(default=None, title="Region", description="Qualifier: where the statement applies (region/…).", pattern=r"^region/[a-z0-9-]+$")
    start: str | None = Field(default=None, title="Start time", description="Qualifier: from when it holds (Wikidata P580).", pattern=WHEN)
    end: str | None = Field(default=None, title="End time", description="Qualifier: until when it holds (Wikidata P582).", pattern=WHEN)

    @field_validator("means")
    @classmethod
    def _means(cls, value: list[str]) -> list[str]:
        bad = [ref for ref in value if not re.match(ENTITY_REF, ref)]
        if bad:
            raise ValueError(f"means must be entity references kind/slug: {bad}")
        return value


class ClaimAbout(Record):
    """What a claim points at, by role (each role a sub-property of mlo:about)."""

    topic: list[str] = Field(title="Topic", description="What the claim is about.", min_length=1)
    actor: list[str] = Field(default_factory=list, title="Actor", description="States, people or organisations acting in the claim.")
    feature: list[str] = Field(default_factory=list, title="Feature", description="Features or properties the claim ascribes.")
    example: list[str] = Field(default_factory=list, title="Example", description="Cases cited as examples.")
    alternative: list[str] = Field(default_factory=list, title="Alternative", description="Alternatives the claim rejects or sets against its topic.")
    context: list[str] = Field(default_factory=list, title="Context", description="Background the claim places its topic in.")

    @field_validator("topic", "actor", "feature", "example", "alternative", "context")
    @classmethod
    def _refs(cls, value: list[str]) -> list[str]:
        return _check_refs(value)

    def refs(self) -> list[tuple[str, str]]:
        """(role, reference) pairs in a stable order."""
        return [(role, ref) for role in ABOUT_ROLES for ref in getattr(self, role)]


ABOUT_ROLES = ("topic", "actor", "feature", "example", "alternative", "context")


class Claim(Reviewable):
    """An analytic claim of the preface or an article summary: who holds it, what it does, what it says."""

    slug: str = Field(title="Slug", description="id/claim/{slug}; prefixed by entry (preface-, panda-park-, wu-kim-, dee-, bisley-).", pattern=SLUG)
    entry: str = Field(title="Entry", description="Which part of the issue makes the claim: preface, or article-N for the summary of article No. N.", pattern=ENTRY)
    type: ClaimType = Field(title="Type", description="Kind of analytic claim.")
    holder: str = Field(title="Holder", description="Whose view it is: authors, editors, compiler — or the reference (state/CHN …) of an actor whose view the text reports.", pattern=r"^(authors|editors|compiler|(state|person|organization|mechanism)/[A-Za-z0-9-]+)$")
    modality: Modality = Field(title="Modality", description="What the claim does: asserts, reports_view, asks, predicts, recommends, denies, states_limitation.")
    quote: str = Field(title="Quote", description="Verbatim Chinese passage (rebuilt text, one paragraph).", min_length=4)
    prefix: str | None = Field(default=None, title="Prefix", description="Text just before the quote, only when the quote occurs more than once.")
    text_en: str | None = Field(default=None, title="English", description="Faithful English rendering of the quote (required once reviewed).", min_length=5)
    label_en: str | None = Field(default=None, title="Short label (English)", description="A few words naming the claim, for maps and lists (required once reviewed).", min_length=3, max_length=80)
    label_zh: str = Field(title="Short label (Chinese)", description="简短标签.", min_length=2, max_length=40)
    about: ClaimAbout = Field(title="About", description="What the claim points at, by role.")
    statements: list[Statement] = Field(title="Statements", description="The claim's content as typed statements.", min_length=1)
    addressee: list[str] = Field(default_factory=list, title="Addressee", description="Who should act (recommendations).")
    links: list[ArgumentLink] = Field(default_factory=list, title="Argument links", description="Relations to other claims.")

    @property
    def reported(self) -> bool:
        """The text reports someone else's view: the source quotes, it does not assert."""
        return "/" in self.holder

    @model_validator(mode="after")
    def _coherent(self) -> Claim:
        if self.reported != (self.modality == "reports_view"):
            raise ValueError("a reported actor as holder goes with modality reports_view, and reports_view needs a reported actor (state/CHN …) as holder")
        roles = {s.role for s in self.statements}
        if self.modality == "predicts" and "condition" in roles and "outcome" not in roles:
            raise ValueError("a conditional prediction needs an outcome statement beside its condition")
        if roles - {"content"} and self.modality not in ("predicts", "reports_view"):
            raise ValueError("condition/outcome statements belong to predictions")
        if self.modality == "denies" and not any(s.negated for s in self.statements):
            raise ValueError("a claim that denies needs at least one negated statement")
        if self.modality == "recommends" and not any(s.predicate == "should_pursue" for s in self.statements):
            raise ValueError("a recommendation needs a should_pursue statement (who should do what)")
        if self.addressee and self.modality != "recommends":
            raise ValueError("addressee belongs to recommendations")
        return self

    @field_validator("addressee")
    @classmethod
    def _addressee(cls, value: list[str]) -> list[str]:
        return _check_refs(value)


class Region(Record):
    """A world region the digest names (亚太, 印太, 朝鲜半岛)."""

    slug: str = Field(title="Slug", description="id/region/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="English and Chinese names.")
    alt_zh: list[str] = Field(default_factory=list, title="Chinese aliases", description="Other Chinese wordings.")


class Theory(Record):
    """A theory of international relations an article applies (新古典现实主义)."""

    slug: str = Field(title="Slug", description="id/theory/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="English and Chinese names.")
    definition_en: str = Field(title="Definition (English)", description="What the theory holds, as the digest presents it.", min_length=5)
    definition_zh: str | None = Field(default=None, title="Definition (Chinese)", description="The same in Chinese.")


class Leader(Record):
    """A political leader the digest names (拜登, 特朗普): a person of the world, not of the bibliography."""

    slug: str = Field(title="Slug", description="id/person/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="English and Chinese names.")
    state: str = Field(title="State", description="ISO3 slug of the state the person led.", pattern=r"^[A-Z]{3}$")
    office_en: str = Field(title="Office", description="Office held, in English (President of the United States).")


class Mentions(Reviewable):
    """What one issue says of a registry entity: where it names it and, for a mechanism,
    the relations and dated issue areas it states. Quotes belong to an issue; the registry has none."""

    entity: str = Field(title="Entity", description="kind/slug of the registry entity (mechanism/quad, state/AUS, person/biden).", pattern=REF)
    mentions: list[str] = Field(default_factory=list, title="Mentions", description="Verbatim passages of this issue naming the entity; the first anchors its labels.")
    links: list[MechanismLink] = Field(default_factory=list, title="Links", description="Relations of the mechanism to other mechanisms that this issue states, each with its quote.")
    dated_issue_areas: list[DatedIssueArea] = Field(default_factory=list, title="Dated issue areas", description="Issue areas this issue dates for the mechanism, each with its quote.")
    aliases_zh: list[str] = Field(default_factory=list, title="New Chinese aliases", description="Chinese names this issue uses for the entity that the registry does not list (published as alternative labels).")
    aliases_en: list[str] = Field(default_factory=list, title="New English aliases", description="English names or acronyms this issue uses that the registry does not list.")

    @model_validator(mode="after")
    def _something_quoted(self) -> Mentions:
        if not (self.mentions or self.links or self.dated_issue_areas):
            raise ValueError("a mentions record needs at least one mention, link or dated issue area")
        if (self.links or self.dated_issue_areas) and not self.entity.startswith("mechanism/"):
            raise ValueError("links and dated issue areas are stated of mechanisms only")
        if any(not d.quote for d in self.dated_issue_areas):
            raise ValueError("a dated issue area in an issue needs its quote (a reference-dated one goes in the registry)")
        return self


class Retired(Record):
    """A released IRI whose entity was merged or remodelled: it keeps resolving, pointing at its replacement."""

    ref: str = Field(title="Retired reference", description="kind/slug of the released IRI.", pattern=REF)
    replaced_by: str = Field(title="Replaced by", description="kind/slug of the entity that replaces it.", pattern=REF)
    reason_en: str = Field(title="Reason", description="Why it was retired.", min_length=10)


def _check_refs(value: list[str]) -> list[str]:
    bad = [ref for ref in value if not re.match(REF, ref)]
    if bad:
        raise ValueError(f"references must look like kind/slug (mechanism/quad, state/AUS, concept/minilateralism): {bad}")
    return value
