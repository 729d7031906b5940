"""Run the suggestion rules over one parsed issue: mentions, candidate new entities, claim
candidates (type, holder, modality, statements) and argument-link candidates.

Spans are kept twice: into the paragraph's rebuilt text (for quoting) and into the raw
file (code points, for the JSON output and the annotations). Nothing is written here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from minilat.pipeline.parse import Digest, Paragraph
from minilat.pipeline.records.models import ENTITY_REF
from minilat.pipeline.records.series import Series
from minilat.pipeline.suggest import candidates, cues
from minilat.pipeline.suggest.lexicon import Lexicon, fold
from minilat.pipeline.suggest.naming import new_slug
from minilat.pipeline.suggest.rules import Rule, registry

RULES = registry(
    Rule("mention.not-series-title", "The series' own title (《全球治理学科动态》) names no entity, though 全球治理 is a concept's label.", (("本期《全球治理学科动态》以…", "no mention of concept/global-governance"),)),
    Rule("mention.proposed-name", "A proposed new entity's name found again elsewhere in the issue (without brackets or quotes) is a mention of it.", (("“气候俱乐部” … 气候俱乐部", "two mentions of the proposed concept"),)),
    Rule("mention.longer-name", "A name with an acronym in parentheses that contains a known name inside its name part is a longer name of its own, not that entity.", (("金砖国家（BRICS）", "candidate 金砖国家, not concept 国家"),)),
    Rule("mention.alias-by-acronym", "A Chinese name with an acronym in parentheses where one part is a known entity's name: the other part is proposed as an alias.", (("世界贸易组织（WTO）, WTO known", "alias 世界贸易组织 of WTO"),)),
    Rule("mention.alias-other-spelling", "A candidate whose name (or state code) is already an entity's is that entity under another spelling: proposed as an alias.", (("大韩民国, 韩国 known as state/KOR", "alias 大韩民国 of state/KOR"),)),
    Rule("claim.holder-resolved", "A reported actor (在中国看来) resolved to a known or proposed entity becomes the holder; unresolved, the entry's own voice holds it.", (("在中国看来 + state/CHN known", "state/CHN"),)),
    Rule("statement.consecutive-mentions", "A statement links two consecutive distinct entities of the sentence with the verb cue between them.", (("小多边主义 加剧 碎片化", "causes"),)),
    Rule("statement.entry-topic", "With one entity in the sentence, the other party is the entry's most mentioned entity (marked: a weak suggestion).", (("one entity", "entry topic"),)),
    Rule("link.contrast-shared-entity", "A sentence opening with a contrastive cue is proposed as contesting/qualifying reviewed claims of earlier issues that share its entities.", (("但… sharing mechanism/quad", "contests minilateralism/…"),)),
)
#: What a draft record is made for, by candidate type (other types are listed, not drafted).
DRAFT_KIND = {"state": "state", "mechanism": "mechanism", "treaty": "mechanism", "concept": "concept"}
MAX_LINKS = 2


@dataclass
class Mention:
    """A name in the text: a known entity, an alias of one, or a candidate new entity."""

    text: str
    start: int  # raw-file code points
    end: int
    entry: str
    type: str
    rule: str
    ref: str | None  # known entity, or the draft's reference for a new one
    known: bool
    paragraph: int
    local: tuple[int, int]  # span in the paragraph's rebuilt text
    alias: str | None = None  # a new name for a known entity
    acronym: str | None = None


@dataclass
class ClaimCandidate:
    """A sentence (or part) proposed as a claim."""

    text: str
    start: int
    end: int
    entry: str
    paragraph: int
    local: tuple[int, int]
    type: str
    holder: str
    modality: str
    mentions: list[Mention]
    statements: list[dict]
    links: list[dict]
    rules: list[str]


@dataclass
class NewEntity:
    """A proposed new registry entity."""

    ref: str
    name: str
    type: str
    rule: str
    acronym: str | None = None
    en: str | None = None


@dataclass
class Suggestions:
    """Everything the suggester proposes for one issue."""

    digest: Digest
    paragraphs: list[tuple[str, Paragraph]]
    mentions: list[Mention] = field(default_factory=list)
    claims: list[ClaimCandidate] = field(default_factory=list)
    new: dict[str, NewEntity] = field(default_factory=dict)


def _within_name(m: Mention, cand: candidates.Candidate) -> bool:
    """The known name lies strictly inside the candidate's name part (国家 in 金砖国家（BRICS）)."""
    name_start = cand.text.find(cand.name)
    start, end = cand.start + max(name_start, 0), cand.start + max(name_start, 0) + len(cand.name)
    return start <= m.local[0] and m.local[1] <= end and m.local[1] - m.local[0] < len(cand.name)


def _raw(paragraph: Paragraph, start: int, end: int) -> tuple[int, int]:
    return paragraph.offsets[start], paragraph.offsets[end - 1] + 1


class Suggester:
    """The rules, bound to what the graph already knows (registry and other issues)."""

    def __init__(self, series: Series, skip_issue: str | None = None) -> None:
        self.series = series
        self.lexicon = Lexicon.from_series(series, skip_issue)
        self.taken = set(self.lexicon.kinds)  # references of known entities: new slugs must differ
        self.states = {s.iso3: s for s in candidates.states()}
        self.reviewed_claims = [(issue, rec) for issue, cur in series.issues.items() if issue != skip_issue for rec in cur.of("claims") if rec.status == "reviewed"]

    def run(self, digest: Digest) -> Suggestions:
        out = Suggestions(digest, digest.paragraphs())
        for index, (entry, paragraph) in enumerate(out.paragraphs):
            out.mentions.extend(self._mentions(out, index, entry, paragraph))
        self._proposed_names(out)
        topics = self._topics(out.mentions)
        for index, (entry, paragraph) in enumerate(out.paragraphs):
            previous: str | None = None
            for start, end in cues.sentences(paragraph.text):
                text = paragraph.text[start:end]
                mine = [m for m in out.mentions if m.paragraph == index and start <= m.local[0] and m.local[1] <= end]
                out.claims.append(self._claim(out, index, entry, paragraph, (start, end), text, previous, mine, topics))
                previous = text
        return out

    # --- mentions -------------------------------------------------------------
    def _mentions(self, out: Suggestions, index: int, entry: str, paragraph: Paragraph) -> list[Mention]:
        text = paragraph.text
        found: list[Mention] = []
        title = f"《{out.digest.series}》" if out.digest.series else None
        masked = [(m.start(), m.end()) for m in re.finditer(re.escape(title), text)] if title else []
        for hit in self.lexicon.find(text):
            if any(s <= hit.start and hit.end <= e for s, e in masked):
                continue  # the series' own title names no entity
            kind = self.lexicon.kinds.get(hit.ref, hit.ref.split("/")[0])
            found.append(Mention(hit.name, *_raw(paragraph, hit.start, hit.end), entry, kind, hit.rule, hit.ref, True, index, (hit.start, hit.end)))
        for cand in candidates.find_candidates(text):
            overlapping = [m for m in found if m.local[0] < cand.end and cand.start < m.local[1]]
            if overlapping and cand.acronym and all(_within_name(m, cand) for m in overlapping):
                found = [m for m in found if m not in overlapping]  # 金砖国家（BRICS）: a longer name, not 国家
                overlapping = []
            mention = self._candidate(out, index, entry, paragraph, cand, overlapping)
            if mention is not None:
                found.append(mention)
        return sorted(found, key=lambda m: m.local)

    def _candidate(self, out: Suggestions, index: int, entry: str, paragraph: Paragraph, cand: candidates.Candidate, overlapping: list[Mention]) -> Mention | None:
        raw = _raw(paragraph, cand.start, cand.end)
        if overlapping:
            known = overlapping[0]
            other = cand.name if cand.acronym and known.text.casefold() == cand.acronym.casefold() else cand.acronym if cand.acronym and known.text == cand.name else None
            if other and not self.lexicon.lookup(other) and len(overlapping) == 1:
                return Mention(cand.text, *raw, entry, known.type, "mention.alias-by-acronym", known.ref, True, index, (cand.start, cand.end), alias=other, acronym=cand.acronym)
            return None
        for name in filter(None, (cand.name, cand.acronym, cand.state)):
            refs = self.lexicon.lookup(name) or ([f"state/{cand.state}"] if cand.state and f"state/{cand.state}" in self.lexicon.kinds else [])
            if refs:
                alias = cand.name if not self.lexicon.lookup(cand.name) else cand.acronym if cand.acronym and not self.lexicon.lookup(cand.acronym) else None
                return Mention(cand.text, *raw, entry, self.lexicon.kinds.get(refs[0], cand.type), "mention.alias-other-spelling", refs[0], True, index, (cand.start, cand.end), alias=alias, acronym=cand.acronym)
        ref = self._new_entity(out, cand)
        return Mention(cand.text, *raw, entry, cand.type, cand.rule, ref, False, index, (cand.start, cand.end), acronym=cand.acronym)

    def _new_entity(self, out: Suggestions, cand: candidates.Candidate) -> str | None:
        kind = DRAFT_KIND.get(cand.type)
        if kind is None:
            return None
        for ref, new in out.new.items():
            if new.name == cand.name and ref.startswith(kind + "/"):
                return ref
        if kind == "state":
            if cand.state is None:
                return None
            ref = f"state/{cand.state}"
            table = self.states.get(cand.state)
            out.new[ref] = NewEntity(ref, cand.name, cand.type, cand.rule, en=table.en if table else None)
            return ref
        slug = new_slug(cand.acronym or cand.name, {r.split("/", 1)[1] for r in self.taken | set(out.new) if r.startswith(kind + "/")})
        ref = f"{kind}/{slug}"
        out.new[ref] = NewEntity(ref, cand.name, cand.type, cand.rule, acronym=cand.acronym)
        return ref

    def _proposed_names(self, out: Suggestions) -> None:
        """A proposed entity is named again elsewhere without its brackets or quotes (气候俱乐部)."""
        names: dict[str, set[str]] = {}
        for ref, new in out.new.items():
            if len(new.name) >= 2:
                names.setdefault(fold(new.name), set()).add(ref)
        if not names:
            return
        lexicon = Lexicon(names, {ref: ref.split("/")[0] for ref in out.new})
        for index, (entry, paragraph) in enumerate(out.paragraphs):
            taken = [m.local for m in out.mentions if m.paragraph == index]
            for hit in lexicon.find(paragraph.text):
                if not any(s < hit.end and hit.start < e for s, e in taken):
                    out.mentions.append(Mention(hit.name, *_raw(paragraph, hit.start, hit.end), entry, out.new[hit.ref].type, "mention.proposed-name", hit.ref, False, index, (hit.start, hit.end)))
        out.mentions.sort(key=lambda m: (m.paragraph, m.local))

    @staticmethod
    def _topics(mentions: list[Mention]) -> dict[str, list[str]]:
        """Per entry (and '' for the issue), entity references by how often they are named."""
        counts: dict[str, Counter[str]] = {}
        for m in mentions:
            if m.ref:
                counts.setdefault(m.entry, Counter())[m.ref] += 1
                counts.setdefault("", Counter())[m.ref] += 1
        return {entry: [ref for ref, _ in c.most_common()] for entry, c in counts.items()}

    # --- claims ---------------------------------------------------------------
    def _claim(self, out: Suggestions, index: int, entry: str, paragraph: Paragraph, span: tuple[int, int], text: str, previous: str | None, mentions: list[Mention], topics: dict[str, list[str]]) -> ClaimCandidate:
        kind, type_rule = cues.claim_type(text, entry)
        who, actor, holder_rule = cues.holder(text, entry, previous)
        rules = [type_rule, holder_rule]
        holder = "editors" if entry == "preface" else "authors"
        if who == "reported" and actor:
            resolved = self._actor(out, actor)
            if resolved:
                holder = resolved
                rules.append("claim.holder-resolved")
        elif who in ("authors", "editors", "compiler"):
            holder = who
        modality, modality_rule = cues.modality(text, kind, "/" in holder)
        rules.append(modality_rule)
        fallback = list(dict.fromkeys([*topics.get(entry, []), *topics.get("", [])]))
        statements, statement_rules = self._statements(text, span[0], kind, modality, mentions, fallback)
        rules += statement_rules
        links = self._links(text, mentions)
        if links:
            rules.append("link.contrast-shared-entity")
        return ClaimCandidate(text, *_raw(paragraph, *span), entry, index, span, kind, holder, modality, mentions, statements, links, rules)

    def _actor(self, out: Suggestions, actor: str) -> str | None:
        for ref in self.lexicon.lookup(actor):
            if ref.split("/")[0] in ("state", "person", "organization", "mechanism"):
                return ref
        for state in self.states.values():
            if actor in (state.zh, *state.aliases_zh):
                ref = f"state/{state.iso3}"
                if ref not in self.lexicon.kinds and ref not in out.new:
                    out.new[ref] = NewEntity(ref, actor, "state", "claim.holder-resolved", en=state.en)
                return ref
        return None

    def _statements(self, text: str, offset: int, kind: str, modality: str, mentions: list[Mention], topic: list[str]) -> tuple[list[dict], list[str]]:
        """Statements between consecutive distinct entities, with the verb cue between them."""
        refs: list[tuple[str, int, int]] = []
        for m in mentions:
            if m.ref and re.match(ENTITY_REF, m.ref) and m.ref not in {r for r, _, _ in refs}:
                refs.append((m.ref, m.local[0] - offset, m.local[1] - offset))
        rules: list[str] = []
        if len(refs) < 2:
            others = [t for t in topic if t not in {r for r, _, _ in refs}]
            if not others or (not refs and len(others) < 2):
                return [], rules
            if refs:
                refs = [refs[0], (others[0], len(text), len(text))]
            else:
                refs = [(others[0], 0, 0), (others[1], len(text), len(text))]
            rules.append("statement.entry-topic")
        statements = []
        for (subject, _, s_end), (obj, o_start, _) in pairwise(refs):
            between = text[s_end:o_start] if o_start > s_end else text
            found = cues.predicate(between)
            if found:
                predicate, negated, rule = found
            else:
                (predicate, rule), negated = cues.default_predicate(kind), False
            rules.append(rule)
            statements.append({"subject": subject, "predicate": predicate, "object": obj, "negated": negated})
        rules.append("statement.consecutive-mentions")
        if modality == "recommends" and not any(s["predicate"] == "should_pursue" for s in statements):
            statements[0]["predicate"] = "should_pursue"
        if modality == "denies" and not any(s["negated"] for s in statements):
            statements[0]["negated"] = True
        return statements, sorted(set(rules), key=rules.index)

    def _links(self, text: str, mentions: list[Mention]) -> list[dict]:
        cue = cues.contrast(text)
        refs = {m.ref for m in mentions if m.ref}
        if cue is None or not refs:
            return []
        relation, rule = cue
        scored = []
        for issue, claim in self.reviewed_claims:
            shared = refs & {ref for _, ref in claim.about.refs()}
            if shared:
                scored.append((len(shared), issue, claim, sorted(shared)))
        scored.sort(key=lambda s: (-s[0], s[1], s[2].slug))
        return [{"relation": relation, "target": f"{issue}/{claim.slug}", "shared": shared, "rule": rule} for _, issue, claim, shared in scored[:MAX_LINKS]]
