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

MechanismKind = Literal["minilateral_mechanism", "multilateral_institution", "treaty_regime"]
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
EntryRef = Literal["preface", "article-1", "article-2", "article-3", "article-4"]
PersonRole = Literal["author", "compiler", "reviewer"]

#: Kinds of entity a claim or event may point at, as "kind/slug" references.
REF = r"^(mechanism|state|concept|event|person|claim)/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"


class Record(BaseModel):
    """Base for every curated record: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(Record):
    """A bilingual label pair."""

    en: str = Field(title="English", description="English label.", min_length=1)
    zh: str = Field(title="Chinese", description="Chinese label as the digest writes it.", min_length=1)


class MechanismLink(Record):
    """A relation from one mechanism to another, as the digest states it."""

    relation: MechanismRelation = Field(title="Relation", description="How the subject relates to the target mechanism.")
    target: str = Field(title="Target", description="Slug of the target mechanism.", pattern=SLUG)
    quote: str = Field(title="Quote", description="Verbatim passage (rebuilt text) that states the relation.", min_length=2)


class Mechanism(Record):
    """A cooperation mechanism: minilateral grouping, multilateral institution or treaty regime."""

    slug: str = Field(title="Slug", description="Readable IRI slug: id/mechanism/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="Preferred English and Chinese names.")
    aliases_en: list[str] = Field(default_factory=list, title="English aliases", description="Other English names and abbreviations (Quad, AIIB, NPT).")
    aliases_zh: list[str] = Field(default_factory=list, title="Chinese aliases", description="Other Chinese names as the digest writes them (亚投行).")
    kind: MechanismKind = Field(title="Kind", description="Typology: minilateral mechanism, multilateral institution or treaty regime.")
    dee_category: Literal["inside", "outside"] | None = Field(default=None, title="Dee category", description="Asserted inside/outside minilateralism, only where the digest states it and it is not inferred from operates_within.")
    formality: Formality | None = Field(default=None, title="Formality", description="Formal (treaty-based, secretariat) or informal grouping.")
    issue_areas: list[IssueArea] = Field(default_factory=list, title="Issue areas", description="Policy fields the mechanism works in.")
    mentions: list[str] = Field(title="Mentions", description="Verbatim passages where the digest names the mechanism; the first anchors its labels.", min_length=1)
    links: list[MechanismLink] = Field(default_factory=list, title="Links", description="Relations to other mechanisms, each with its quote.")
    note: str | None = Field(default=None, title="Note", description="Curator's note.")


class State(Record):
    """A sovereign state named in the digest."""

    slug: str = Field(title="Slug", description="ISO 3166-1 alpha-3 code, upper case: id/state/{slug}.", pattern=r"^[A-Z]{3}$")
    label: Labels = Field(title="Label", description="English and Chinese names.")
    aliases_zh: list[str] = Field(default_factory=list, title="Chinese aliases", description="Abbreviations the digest uses (美, 澳).")
    mentions: list[str] = Field(default_factory=list, title="Mentions", description="Verbatim passages naming the state; empty only for states that come from background sources.")
    source: str | None = Field(default=None, title="Source", description="Reference source for a state the digest does not name.")

    @model_validator(mode="after")
    def _anchored_or_sourced(self) -> State:
        if not self.mentions and not self.source:
            raise ValueError("a state needs at least one mention quote or a source")
        return self


class Membership(Record):
    """An n-ary membership of a state in a mechanism (W3C ORG)."""

    state: str = Field(title="State", description="ISO3 slug of the member state.", pattern=r"^[A-Z]{3}$")
    mechanism: str = Field(title="Mechanism", description="Slug of the mechanism.", pattern=SLUG)
    role: MembershipRole = Field(default="member", title="Role", description="Role of the state in the mechanism.")
    start: str | None = Field(default=None, title="Start", description="Start year or ISO date.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    end: str | None = Field(default=None, title="End", description="End year or ISO date.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    layer: Layer = Field(title="Layer", description="'digest' when the digest states it (quote required), 'background' when from a reference source.")
    quote: str | None = Field(default=None, title="Quote", description="Verbatim passage stating the membership (digest layer).")
    source: str | None = Field(default=None, title="Source", description="Reference source (background layer).")

    @model_validator(mode="after")
    def _layer_evidence(self) -> Membership:
        if self.layer == "digest" and not self.quote:
            raise ValueError("a digest membership needs a quote")
        if self.layer == "background" and not self.source:
            raise ValueError("a background membership needs a source")
        return self


class Event(Record):
    """A dated event the digest gives."""

    slug: str = Field(title="Slug", description="id/event/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="Short English and Chinese description.")
    kind: EventKind = Field(title="Kind", description="What sort of event it is.")
    date: str = Field(title="Date", description="Year or ISO date (start of a span).", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    end: str | None = Field(default=None, title="End", description="End of a span, e.g. the 1970-2020 span of Dee's cases.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    involves: list[str] = Field(title="Involves", description="References kind/slug of mechanisms, states and concepts involved.", min_length=1)
    quote: str = Field(title="Quote", description="Verbatim passage that gives the date.", min_length=2)

    @field_validator("involves")
    @classmethod
    def _refs(cls, value: list[str]) -> list[str]:
        return _check_refs(value)


class Concept(Record):
    """An analytic concept, published as a SKOS concept."""

    slug: str = Field(title="Slug", description="id/concept/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="Preferred English and Chinese labels.")
    alt_zh: list[str] = Field(default_factory=list, title="Chinese alternative labels", description="Other Chinese wordings in the digest.")
    alt_en: list[str] = Field(default_factory=list, title="English alternative labels", description="Other English wordings.")
    definition_en: str = Field(title="Definition (English)", description="What the concept means in this digest.", min_length=5)
    definition_zh: str | None = Field(default=None, title="Definition (Chinese)", description="Chinese definition, if given.")
    broader: list[str] = Field(default_factory=list, title="Broader", description="Slugs of broader concepts.")
    related: list[str] = Field(default_factory=list, title="Related", description="Slugs of related concepts.")
    mentions: list[str] = Field(title="Mentions", description="Verbatim passages that use the concept.", min_length=1)


class Affiliation(Record):
    """An organization people work at."""

    slug: str = Field(title="Slug", description="id/organization/{slug}.", pattern=SLUG)
    label: Labels = Field(title="Label", description="English and Chinese names.")


class Person(Record):
    """An author, compiler (编译) or reviewer (审校)."""

    slug: str = Field(title="Slug", description="id/person/{slug}, romanised.", pattern=SLUG)
    name: str = Field(title="Name", description="Name exactly as the digest prints it.")
    name_en: str = Field(title="Romanised name", description="Name in Latin script (pinyin for Chinese names).")
    roles: list[PersonRole] = Field(title="Roles", description="Roles the person has in the digest.", min_length=1)
    affiliation: str | None = Field(default=None, title="Affiliation", description="Slug of the affiliation as the digest gives it.")


class Journal(Record):
    """A journal that published one of the source articles."""

    slug: str = Field(title="Slug", description="id/journal/{slug}.", pattern=SLUG)
    title: str = Field(title="Title", description="Journal title as the digest prints it.")
    issn_print: str | None = Field(default=None, title="Print ISSN", description="From the reference file.", pattern=r"^\d{4}-\d{3}[\dX]$")
    issn_online: str | None = Field(default=None, title="Online ISSN", description="From the reference file.", pattern=r"^\d{4}-\d{3}[\dX]$")


class ArgumentLink(Record):
    """An argument relation from one claim to another."""

    relation: ArgumentRelation = Field(title="Relation", description="supports, contests, qualifies or elaborates the target claim.")
    target: str = Field(title="Target", description="Slug of the target claim (any entry).", pattern=SLUG)


class Claim(Record):
    """An analytic claim of the preface or an article summary, with its verbatim quote."""

    slug: str = Field(title="Slug", description="id/claim/{slug}; prefixed by entry (preface-, panda-park-, wu-kim-, dee-, bisley-).", pattern=SLUG)
    entry: EntryRef = Field(title="Entry", description="Which part of the digest makes the claim.")
    type: ClaimType = Field(title="Type", description="Kind of analytic claim.")
    quote: str = Field(title="Quote", description="Verbatim Chinese passage (rebuilt text, one paragraph).", min_length=4)
    prefix: str | None = Field(default=None, title="Prefix", description="Text just before the quote, only when the quote occurs more than once.")
    text_en: str = Field(title="English", description="Faithful English rendering of the quote.", min_length=5)
    about: list[str] = Field(title="About", description="References kind/slug of what the claim is about.", min_length=1)
    links: list[ArgumentLink] = Field(default_factory=list, title="Argument links", description="Relations to other claims.")

    @field_validator("about")
    @classmethod
    def _refs(cls, value: list[str]) -> list[str]:
        return _check_refs(value)


def _check_refs(value: list[str]) -> list[str]:
    bad = [ref for ref in value if not re.match(REF, ref)]
    if bad:
        raise ValueError(f"references must look like kind/slug (mechanism/quad, state/AUS, concept/minilateralism): {bad}")
    return value
