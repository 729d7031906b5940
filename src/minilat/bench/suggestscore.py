"""Score one ``minilat suggest --format json`` document against an issue's curated (gold) spans.

Pure functions over plain data, so the quality benchmark (``benchmarks/suggest_quality.py``)
and its tests share one exact definition of every number. Spans are half-open raw-file
code-point offsets ``[start, end)``, as both the suggester and the anchorer give them.

Matching rules
--------------
* Two spans *overlap* when ``a.start < b.end and b.start < a.end``; their overlap length is
  ``min(ends) - max(starts)``.
* Entities are compared as references ``kind/slug``; an IRI ``https://w3id.org/minilat/id/kind/slug``
  is turned back into its reference first (:func:`to_ref`).
* **Mention recall.** Gold items are (a) every anchored quote of a Mentions record (its entity,
  the quote's span) and (b) every (claim, about-entity) pair of the curated claims, with the
  claim's anchored span (each entity once per claim; kinds ``claim/`` and ``event/`` are skipped:
  they cannot be named in text). An item is *found* when some suggested mention with that
  entity overlaps its span. Recall is reported for (a), (b) and both together; as a diagnostic
  also for the (b) items the curator marked as named in the claim (a gold quote of the same
  entity overlaps the claim's span), since some about-entities are implied, never named.
* **Mention precision.** Among suggested mentions with a non-null entity, the share whose entity
  is gold in the same entry (``article`` field): an entry's gold entities are the entities of
  its anchored quotes plus the about-entities of its claims. Also by the mention's ``rule``.
* **Claim-sentence recall.** A gold claim is found when one suggested claim overlaps it by at
  least half of the *gold* span's length.
* **Claim-sentence precision.** A suggested claim is right when it overlaps some gold claim by at
  least half of the *suggested* span's length, or contains a gold span whole.
* **Type, holder, modality accuracy** over the matched pairs: each found gold claim with the
  suggested claim of largest overlap (ties: the one that comes first in the suggestion list).
  Each pair also credits or blames the suggested claim's ``type.*``, ``holder.*`` and
  ``modality.*`` rules, so the weakest rules show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Self

from minilat.ids import ID

ID_BASE = str(ID)
#: Reference kinds that name no span of text: claims and events are only pointed at.
UNNAMEABLE = ("claim/", "event/")
#: Claim fields scored over matched pairs, and the rule prefix that decides each.
FIELDS = ("type", "holder", "modality")


def to_ref(entity: str | None) -> str | None:
    """``kind/slug`` of an entity IRI (or of a reference, unchanged); None stays None."""
    if entity is None:
        return None
    return entity.removeprefix(ID_BASE)


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Length of the overlap of two half-open spans (0 when they do not overlap)."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


@dataclass(frozen=True)
class GoldMention:
    """One gold mention item: an entity expected to be named somewhere in ``[start, end)``."""

    entity: str
    entry: str
    start: int
    end: int
    source: (
        str  # "quote" (a Mentions record's quote) or "about" (a claim's about-entity)
    )
    claim: str | None = None


@dataclass(frozen=True)
class GoldClaim:
    """One curated claim, anchored."""

    slug: str
    entry: str
    start: int
    end: int
    type: str
    holder: str
    modality: str
    about: tuple[str, ...] = ()


@dataclass
class Gold:
    """All gold items of one issue; serialisable, so a subprocess can compute it under another home."""

    mentions: list[GoldMention] = field(default_factory=list)
    claims: list[GoldClaim] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "mentions": [asdict(m) for m in self.mentions],
            "claims": [asdict(c) | {"about": list(c.about)} for c in self.claims],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Gold:
        return cls(
            mentions=[GoldMention(**m) for m in data["mentions"]],
            claims=[
                GoldClaim(**(c | {"about": tuple(c.get("about", ()))}))
                for c in data["claims"]
            ],
        )


def about_items(claims: Iterable[GoldClaim]) -> list[GoldMention]:
    """Gold items (b): each nameable about-entity of each claim, once per claim, with the claim's span."""
    out: list[GoldMention] = []
    for c in claims:
        for ref in dict.fromkeys(c.about):
            if not ref.startswith(UNNAMEABLE):
                out.append(GoldMention(ref, c.entry, c.start, c.end, "about", c.slug))
    return out


def gold_from_curation(curation: Any, anchored: Any) -> Gold:
    """Gold of one issue from its curated records and their anchors (see ``minilat.pipeline.anchor``)."""
    mentions: list[GoldMention] = []
    for rec in curation.of("mentions"):
        for i, _quote in enumerate(rec.mentions):
            a = anchored.get("mentions", rec.entity, i)
            mentions.append(GoldMention(rec.entity, a.entry, a.start, a.end, "quote"))
    claims: list[GoldClaim] = []
    for c in curation.of("claims"):
        a = anchored.get("claims", c.slug)
        about = tuple(ref for _role, ref in c.about.refs())
        claims.append(
            GoldClaim(
                c.slug, c.entry, a.start, a.end, c.type, c.holder, c.modality, about
            )
        )
    return Gold(mentions + about_items(claims), claims)


@dataclass
class Ratio:
    """A share as counts, so shares of several issues pool exactly."""

    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.hit += int(ok)
        self.total += 1

    def __iadd__(self, other: Ratio) -> Self:
        self.hit += other.hit
        self.total += other.total
        return self


@dataclass
class Score:
    """Every number of one issue (or of several, pooled with ``+=``)."""

    recall_quotes: Ratio = field(default_factory=Ratio)
    recall_about: Ratio = field(default_factory=Ratio)
    recall_about_named: Ratio = field(default_factory=Ratio)
    mention_precision: Ratio = field(default_factory=Ratio)
    mention_rules: dict[str, Ratio] = field(default_factory=dict)
    claim_recall: Ratio = field(default_factory=Ratio)
    claim_precision: Ratio = field(default_factory=Ratio)
    accuracy: dict[str, Ratio] = field(
        default_factory=lambda: {f: Ratio() for f in FIELDS}
    )
    claim_rules: dict[str, Ratio] = field(default_factory=dict)
    missed_mentions: list[GoldMention] = field(default_factory=list)
    wrong_mentions: list[dict[str, Any]] = field(default_factory=list)
    missed_claims: list[GoldClaim] = field(default_factory=list)
    wrong_claims: list[dict[str, Any]] = field(default_factory=list)
    confusions: Counter[tuple[str, str, str]] = field(
        default_factory=Counter
    )  # (field, gold, suggested)

    @property
    def recall_mentions(self) -> Ratio:
        return Ratio(
            self.recall_quotes.hit + self.recall_about.hit,
            self.recall_quotes.total + self.recall_about.total,
        )

    def __iadd__(self, other: Score) -> Self:
        for name in (
            "recall_quotes",
            "recall_about",
            "recall_about_named",
            "mention_precision",
            "claim_recall",
            "claim_precision",
        ):
            getattr(self, name).__iadd__(getattr(other, name))
        for mine, theirs in (
            (self.mention_rules, other.mention_rules),
            (self.claim_rules, other.claim_rules),
            (self.accuracy, other.accuracy),
        ):
            for key, ratio in theirs.items():
                mine.setdefault(key, Ratio()).__iadd__(ratio)
        self.missed_mentions += other.missed_mentions
        self.wrong_mentions += other.wrong_mentions
        self.missed_claims += other.missed_claims
        self.wrong_claims += other.wrong_claims
        self.confusions.update(other.confusions)
        return self


def mention_found(item: GoldMention, mentions: list[dict[str, Any]]) -> bool:
    """Some suggested mention of the item's entity overlaps the item's span."""
    return any(
        to_ref(m.get("entity")) == item.entity
        and overlap(item.start, item.end, m["start"], m["end"]) > 0
        for m in mentions
    )


def named_in_claim(item: GoldMention, gold: Gold) -> bool:
    """A gold quote of the item's entity overlaps the item's (claim) span: the curator saw it named there."""
    return any(
        q.source == "quote"
        and q.entity == item.entity
        and overlap(q.start, q.end, item.start, item.end) > 0
        for q in gold.mentions
    )


def gold_entities(gold: Gold) -> dict[str, set[str]]:
    """Gold entities by entry: entities of anchored quotes plus claims' about-entities (all kinds)."""
    out: dict[str, set[str]] = {}
    for m in gold.mentions:
        out.setdefault(m.entry, set()).add(m.entity)
    for c in gold.claims:
        out.setdefault(c.entry, set()).update(c.about)
    return out


def score_mentions(gold: Gold, suggestion: dict[str, Any], out: Score) -> None:
    """Mention recall (a), (b) and precision (overall and by rule) into ``out``."""
    mentions = suggestion.get("mentions", [])
    for item in gold.mentions:
        ok = mention_found(item, mentions)
        (out.recall_quotes if item.source == "quote" else out.recall_about).add(ok)
        if not ok:
            out.missed_mentions.append(item)
        if item.source == "about" and named_in_claim(item, gold):
            out.recall_about_named.add(ok)
    by_entry = gold_entities(gold)
    for m in mentions:
        ref = to_ref(m.get("entity"))
        if ref is None:
            continue
        ok = ref in by_entry.get(m.get("article", ""), set())
        out.mention_precision.add(ok)
        out.mention_rules.setdefault(m.get("rule", "?"), Ratio()).add(ok)
        if not ok:
            out.wrong_mentions.append(m)


def best_match(g: GoldClaim, claims: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The suggested claim overlapping ``g`` most, if it covers at least half of ``g``; first wins ties."""
    best, size = None, 0
    for c in claims:
        n = overlap(g.start, g.end, c["start"], c["end"])
        if n > size:
            best, size = c, n
    return best if best is not None and 2 * size >= g.end - g.start else None


def suggested_right(c: dict[str, Any], gold: list[GoldClaim]) -> bool:
    """The suggested claim overlaps a gold claim by half its own length, or contains one whole."""
    length = c["end"] - c["start"]
    for g in gold:
        n = overlap(g.start, g.end, c["start"], c["end"])
        if n > 0 and (2 * n >= length or (c["start"] <= g.start and g.end <= c["end"])):
            return True
    return False


def rule_for(c: dict[str, Any], name: str) -> str:
    """The suggested claim's rule that decided field ``name`` (``type.*`` …), or ``name.?``."""
    return next(
        (r for r in c.get("rules", []) if r.startswith(name + ".")), name + ".?"
    )


def score_claims(gold: Gold, suggestion: dict[str, Any], out: Score) -> None:
    """Claim-sentence recall, precision, field accuracies and per-rule counts into ``out``."""
    claims = suggestion.get("claims", [])
    for g in gold.claims:
        match = best_match(g, claims)
        out.claim_recall.add(match is not None)
        if match is None:
            out.missed_claims.append(g)
            continue
        for name in FIELDS:
            ok = match.get(name) == getattr(g, name)
            out.accuracy[name].add(ok)
            out.claim_rules.setdefault(rule_for(match, name), Ratio()).add(ok)
            if not ok:
                out.confusions[(name, getattr(g, name), str(match.get(name)))] += 1
    for c in claims:
        ok = suggested_right(c, gold.claims)
        out.claim_precision.add(ok)
        if not ok:
            out.wrong_claims.append(c)


def score(gold: Gold, suggestion: dict[str, Any]) -> Score:
    """Every number for one suggestion document against one issue's gold."""
    out = Score()
    score_mentions(gold, suggestion, out)
    score_claims(gold, suggestion, out)
    return out


def weakest(
    rules: dict[str, Ratio], least: int = 2, top: int = 8
) -> list[tuple[str, Ratio]]:
    """Rules with at least ``least`` decisions, lowest share right first (then most decisions)."""
    rows = [(name, r) for name, r in rules.items() if r.total >= least]
    return sorted(rows, key=lambda nr: (nr[1].value or 0.0, -nr[1].total, nr[0]))[:top]
