"""The global pools of the synthetic dataset: states, concepts, people, journals.

:class:`_Pools` holds the generator's state, its random helpers, the annotation anchoring
and the pools that every digest issue draws from (new items described on first use).
:class:`minilat.bench.mechanisms._Mechanisms`, :class:`minilat.bench.claims._Claims` and
:class:`minilat.bench.generator._Synth` add mechanisms, claims and the issues themselves on
top. Split only to keep each module readable. What they all share is here too, at the
bottom of that chain: the N-Quads output (:class:`_Writer`, with the example :class:`Role`
it tallies) and one issue's running state (:class:`_Digest`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from typing import NamedTuple

from minilat import paths
from minilat.bench.vocab import (
    AFFILIATION,
    ALT,
    ANNOTATION,
    BROADER,
    CONCEPT,
    CONCEPT_WORDS,
    DCT_SOURCE,
    DCT_TITLE,
    DEFN,
    EDITORS,
    EISSN,
    EN_GLUE,
    EN_WORDS,
    END,
    EXACT,
    FOAF_NAME,
    G_BACKGROUND,
    G_BIBLIO,
    G_DIGEST,
    G_INFERRED,
    G_ONTOLOGY,
    GIVEN,
    HAS_BODY,
    HAS_SELECTOR,
    HAS_SOURCE,
    HAS_TARGET,
    ID,
    IDENTIFYING,
    IN_SCHEME,
    ISSN,
    JOURNAL,
    LABEL,
    MOTIVATED,
    NNI,
    ORGANIZATION,
    PERSON,
    POS_SEL,
    PREF,
    PREFIX,
    QUOTE_SEL,
    REFERENCE_SOURCE,
    RELATED,
    ROLE_CLASS,
    ROLES,
    SCHEME,
    SPECIFIC,
    START,
    SUBCLASS,
    SUFFIX,
    SURNAMES,
    SYLLABLES,
    TOP,
    ZH_GLUE,
    ZH_WORDS,
    A,
    _iri,
    _lit,
    _m,
)


class Role(NamedTuple):
    """How the example of one kind of parameter is chosen: the ``?x`` that ``pattern`` matches most often.

    With ``predicates``, counted as quads with one of them are written (``?x`` their subject,
    side "s", or object, "o"); without, the generator notes each match itself (:meth:`_Writer.note`).
    ``pattern`` (prefixes mlo, org, skos, dct) says in SPARQL what is counted.
    """

    pattern: str
    predicates: tuple[str, ...] = ()
    side: str = "o"


class _Writer:
    """Buffered N-Quads output that counts quads (and tallies the example candidates of ``roles``,
    :data:`minilat.bench.generator.EXAMPLE_ROLES`)."""

    def __init__(self, fh, target: int, progress: Callable[[int], None] | None, roles: Mapping[str, Role]) -> None:
        self.fh, self.target, self.progress = fh, target, progress
        self.count = 0
        self.buffer: list[str] = []
        self._next_report = 1_000_000
        self.tally: dict[str, Counter[str]] = {role: Counter() for role in roles}
        #: predicate term → (role, side) for the roles counted from their predicates
        self.watch = {p: (name, role.side) for name, role in roles.items() for p in role.predicates}

    def q(self, s: str, p: str, o: str, g: str) -> None:
        self.buffer.append(f"{s} {p} {o} {g} .\n")
        self.count += 1
        watched = self.watch.get(p)
        if watched is not None:
            self.tally[watched[0]][s if watched[1] == "s" else o] += 1
        if len(self.buffer) >= 20_000:
            self.flush()

    def note(self, role: str, term: str) -> None:
        """Count one match of a role the generator tallies itself (no predicates)."""
        self.tally[role][term] += 1

    def flush(self) -> None:
        self.fh.write("".join(self.buffer))
        self.buffer.clear()
        if self.progress and self.count >= self._next_report:
            self.progress(self.count)
            self._next_report = (self.count // 1_000_000 + 1) * 1_000_000

    @property
    def done(self) -> bool:
        return self.count >= self.target

    def examples(self) -> dict[str, str]:
        """The busiest entity per role (ties: the smallest IRI), as bare IRIs."""
        return {role: min(c.items(), key=lambda kv: (-kv[1], kv[0][1:-1]))[0][1:-1] for role, c in self.tally.items() if c}


class _Digest:
    """Per-issue state: IRIs, the running text offset, the entities it discusses, the claims made so far."""

    def __init__(self, d: int, first_claim: int) -> None:
        self.slug = f"issue-{d:05d}"
        self.first_claim = first_claim  # claims of earlier issues: claim_iris[:first_claim]
        self.concepts: list[int] = []  # indices into the pools, the theme first
        self.mechanisms: list[int] = []
        self.states: list[int] = []
        self.events: list[str] = []
        self.iri = _iri(ID + "digest/" + self.slug)
        self.text = _iri(ID + "digest/" + self.slug + "/text")
        self.offset = 0
        self.previous = ""
        self.claims: list[str] = []
        self.mentions: list[str] = []



class _Pools:
    """The generator's state and helpers, and the pools every digest issue draws from."""

    def __init__(self, w: _Writer, rng: random.Random) -> None:
        self.w, self.rng = w, rng
        self.names_used: set[str] = set()
        self.states: list[tuple[str, str, str]] = []  # (code, en, zh)
        self.state_described: set[int] = set()
        self.state_participant: set[int] = set()
        # mechanisms: (slug, class, zh label); institutions, inside and outside minilaterals are the lists and sets below
        self.mechanisms: list[tuple[str, str, str]] = []
        self.institutions: list[int] = []  # MultilateralInstitution / TreatyRegime indices
        self.inside: set[int] = set()
        self.outside: set[int] = set()
        self.relations: set[tuple[int, str, int]] = set()
        self.concepts: list[tuple[str, str]] = []  # (slug, zh label)
        self.people: list[str] = []
        self.journals = 0
        self.organizations = 0
        self.claim_iris: list[str] = []
        self.names: dict[str, tuple[str, str]] = {}  # entity term -> (English, Chinese) label, for statement labels

    # -- helpers ------------------------------------------------------------

    def skewed(self, n: int, power: float = 2.0) -> int:
        """An index in [0, n) favouring the first (older, better-known) items."""
        return min(n - 1, int(n * self.rng.random() ** power))

    def pick(self, n: int, k: int, power: float = 2.0) -> list[int]:
        """Up to k distinct skewed indices in [0, n), in draw order."""
        chosen: list[int] = []
        seen: set[int] = set()
        for _ in range(4 * k):
            if len(chosen) >= min(k, n):
                break
            i = self.skewed(n, power)
            if i not in seen:
                seen.add(i)
                chosen.append(i)
        return chosen

    def proper_name(self, syllables: tuple[int, int] = (2, 3)) -> tuple[str, str]:
        for _ in range(20):
            parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(*syllables))]
            en = "".join(p[0] for p in parts).capitalize()
            if en not in self.names_used:
                break
        else:
            en = f"{en}{len(self.names_used)}"
        self.names_used.add(en)
        return en, "".join(p[1] for p in parts)

    def zh_sentence(self, lo: int = 5, hi: int = 12) -> str:
        rng = self.rng
        words = [rng.choice(ZH_WORDS) if i % 2 == 0 else rng.choice(ZH_GLUE) for i in range(rng.randint(lo, hi))]
        return "".join(words) + "。"

    def en_sentence(self, lo: int = 10, hi: int = 24) -> str:
        rng = self.rng
        words = [rng.choice(EN_WORDS) if rng.random() < 0.65 else rng.choice(EN_GLUE) for _ in range(rng.randint(lo, hi))]
        return " ".join(words).capitalize() + "."

    def labels(self, s: str, en: str, zh: str, g: str, pref: bool = True) -> None:
        w = self.w
        w.q(s, LABEL, _lit(en, "en"), g)
        w.q(s, LABEL, _lit(zh, "zh"), g)
        if pref:
            w.q(s, PREF, _lit(en, "en"), g)
            w.q(s, PREF, _lit(zh, "zh"), g)

    def anchor(self, key: str, body: str, exact: str, motivation: str, digest: _Digest, g: str = G_DIGEST) -> None:
        """An oa:Annotation anchoring ``body`` to a passage of the digest text (quote + position selectors)."""
        w, rng = self.w, self.rng
        a = ID + "annotation/" + key
        ann, target, pos, quote = _iri(a), _iri(a + "#target"), _iri(a + "#position"), _iri(a + "#quote")
        w.q(ann, A, ANNOTATION, g)
        w.q(ann, HAS_BODY, body, g)
        w.q(ann, HAS_TARGET, target, g)
        w.q(ann, MOTIVATED, motivation, g)
        w.q(body, _m("anchoredBy"), ann, g)
        w.q(target, A, SPECIFIC, g)
        w.q(target, HAS_SOURCE, digest.text, g)
        w.q(target, HAS_SELECTOR, pos, g)
        start = digest.offset + rng.randint(0, 40)
        end = start + (len(exact) if exact else rng.randint(300, 1500))
        digest.offset = end
        w.q(pos, A, POS_SEL, g)
        w.q(pos, START, _lit(str(start), datatype=NNI), g)
        w.q(pos, END, _lit(str(end), datatype=NNI), g)
        if g == G_DIGEST:
            w.q(target, HAS_SELECTOR, quote, g)
            w.q(quote, A, QUOTE_SEL, g)
            w.q(quote, EXACT, _lit(exact), g)
            context = self.zh_sentence(3, 6)
            w.q(quote, PREFIX, _lit(digest.previous[-32:]), g)
            w.q(quote, SUFFIX, _lit(context[:32]), g)
        if exact:
            digest.previous = exact

    # -- global pools -------------------------------------------------------

    def ontology(self) -> None:
        """The real ontology graph (ontology/minilat.ttl), blank nodes relabelled in parse order."""
        import pyoxigraph as ox

        bnodes: dict[str, str] = {}

        def term(t) -> str:
            if isinstance(t, ox.NamedNode):
                return _iri(t.value)
            if isinstance(t, ox.BlankNode):
                return bnodes.setdefault(t.value, f"_:o{len(bnodes)}")
            return _lit(t.value, t.language, t.datatype.value)

        for quad in ox.parse(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE):
            self.w.q(term(quad.subject), _iri(quad.predicate.value), term(quad.object), G_ONTOLOGY)

    def globals(self) -> None:
        w = self.w
        for slug, en, zh in ROLES:
            role = _iri(ID + "role/" + slug)
            w.q(role, A, ROLE_CLASS, G_DIGEST)
            self.labels(role, en, zh, G_DIGEST, pref=False)
        scheme = _iri(ID + "scheme/concepts")
        w.q(scheme, A, SCHEME, G_DIGEST)
        self.labels(scheme, "Concepts of minilateralism in global governance", "全球治理中的小多边主义概念", G_DIGEST)
        w.q(_m("SecurityMinilateral"), SUBCLASS, _m("MinilateralMechanism"), G_INFERRED)
        w.q(_m("SecurityMinilateralParticipant"), SUBCLASS, _m("State"), G_INFERRED)
        # A fixed pool of 200 states (ISO-like three-letter codes), described lazily on first use.
        codes = [a + b + c for a in "ABCDEFGHIJKLMNOPRSTUVZ" for b in "AEIOU" for c in "BDGKLMNRST"]
        for code in self.rng.sample(codes, 200):
            en, zh = self.proper_name((2, 3))
            self.states.append((code, en, zh + "国"))
            self.names[self.state(len(self.states) - 1)] = (en, zh + "国")
        editors = _iri(EDITORS)
        w.q(editors, A, ORGANIZATION, G_BIBLIO)
        self.labels(editors, "Editors of Global Governance Disciplinary Trends", "《全球治理学科动态》编者", G_BIBLIO, pref=False)

    def state(self, i: int) -> str:
        return _iri(ID + "state/" + self.states[i][0])

    def concept_term(self, i: int) -> str:
        return _iri(ID + "concept/" + self.concepts[i][0])

    def describe_state(self, i: int, g: str) -> str:
        """A state is described once, in the layer that first needs it: the digest when the
        digest names it (anchored mentions), the background when only a reference source does."""
        s = self.state(i)
        if i not in self.state_described:
            self.state_described.add(i)
            code, en, zh = self.states[i]
            w = self.w
            w.q(s, A, _m("State"), g)
            self.labels(s, en, zh, g)
            w.q(s, _m("iso3166Alpha3"), _lit(code), g)
            if g == G_BACKGROUND:
                w.q(s, DCT_SOURCE, REFERENCE_SOURCE, g)
            else:
                w.q(s, ALT, _lit(zh[0], "zh"), g)
        return s

    def state_in_digest(self, i: int, digest: _Digest) -> str:
        s = self.describe_state(i, G_DIGEST)
        code, _, zh = self.states[i]
        self.anchor(f"state-{code}-mention-{digest.slug}-{len(digest.mentions)}", s, zh, IDENTIFYING, digest)
        digest.mentions.append(s)
        return s

    def person(self, new: bool) -> str:
        if new or not self.people:
            n = len(self.people)
            p = _iri(ID + f"person/p{n:06d}")
            self.people.append(p)
            w, rng = self.w, self.rng
            en_first, _ = self.proper_name((1, 2))
            en_last, _ = self.proper_name((2, 2))
            en = f"{en_first} {en_last}"
            w.q(p, A, PERSON, G_BIBLIO)
            w.q(p, LABEL, _lit(en, "en"), G_BIBLIO)
            if rng.random() < 0.5:
                zh = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
                w.q(p, LABEL, _lit(zh, "zh"), G_BIBLIO)
                w.q(p, FOAF_NAME, _lit(zh, "zh"), G_BIBLIO)
            else:
                w.q(p, FOAF_NAME, _lit(en), G_BIBLIO)
            if rng.random() < 0.35:
                w.q(p, AFFILIATION, self.organization(), G_BIBLIO)
            return p
        return self.people[self.skewed(len(self.people), 1.5)]

    def organization(self) -> str:
        if self.organizations < 40 and (self.organizations == 0 or self.rng.random() < 0.3):
            o = _iri(ID + f"organization/o{self.organizations:03d}")
            self.organizations += 1
            en, zh = self.proper_name((2, 3))
            self.w.q(o, A, ORGANIZATION, G_BIBLIO)
            self.labels(o, f"{en} Institute of International Studies", f"{zh}国际问题研究院", G_BIBLIO, pref=False)
            return o
        return _iri(ID + f"organization/o{self.skewed(self.organizations, 1.5):03d}")

    def journal(self) -> str:
        if self.journals < 60 and (self.journals == 0 or self.rng.random() < 0.25):
            j = _iri(ID + f"journal/j{self.journals:03d}")
            self.journals += 1
            en, _ = self.proper_name((2, 3))
            title = f"{en} Journal of International Affairs"
            w = self.w
            w.q(j, A, JOURNAL, G_BIBLIO)
            w.q(j, LABEL, _lit(title, "en"), G_BIBLIO)
            w.q(j, DCT_TITLE, _lit(title, "en"), G_BIBLIO)
            w.q(j, ISSN, _lit(f"{self.rng.randint(1000, 9999)}-{self.rng.randint(1000, 9999)}"), G_BIBLIO)
            if self.rng.random() < 0.4:
                w.q(j, EISSN, _lit(f"{self.rng.randint(1000, 9999)}-{self.rng.randint(100, 999)}X"), G_BIBLIO)
            return j
        return _iri(ID + f"journal/j{self.skewed(self.journals, 1.5):03d}")

    def concept(self, digest: _Digest) -> int:
        w, rng = self.w, self.rng
        idx = len(self.concepts)
        words = rng.sample(CONCEPT_WORDS, rng.randint(2, 3))
        en = " ".join(x[0] for x in words)
        zh = "".join(x[1] for x in words)
        if en in self.names_used:
            en, zh = f"{en} ({idx})", f"{zh}（{idx}）"
        self.names_used.add(en)
        slug = f"c{idx:06d}-" + en.split(" (")[0].replace(" ", "-")
        c = _iri(ID + "concept/" + slug)
        self.concepts.append((slug, zh))
        self.names[c] = (en, zh)
        scheme = _iri(ID + "scheme/concepts")
        w.q(c, A, CONCEPT, G_DIGEST)
        self.labels(c, en, zh, G_DIGEST)
        w.q(c, IN_SCHEME, scheme, G_DIGEST)
        w.q(c, DEFN, _lit(self.en_sentence(8, 18), "en"), G_DIGEST)
        if rng.random() < 0.05:
            w.q(c, DEFN, _lit(self.zh_sentence(4, 8), "zh"), G_DIGEST)
        if rng.random() < 0.45:
            w.q(c, ALT, _lit(zh[:4], "zh") if rng.random() < 0.6 else _lit(en.split(" ")[0], "en"), G_DIGEST)
        if idx > 0 and rng.random() < 0.15:
            w.q(c, BROADER, self.concept_term(self.skewed(idx)), G_DIGEST)
        else:
            w.q(scheme, TOP, c, G_DIGEST)
        if idx > 0:
            for j in sorted(set(self.skewed(idx) for _ in range(rng.randint(0, 4)))):
                w.q(c, RELATED, self.concept_term(j), G_DIGEST)
        return idx
