"""The seeded synthetic dataset generator: N-Quads in minilat's vocabulary, 10k to 10M triples.

Many digest issues' worth of states, cooperation mechanisms (with dated issue areas),
memberships on the digest and background layers, anchored claims with holders, modalities,
reified propositions and argument links (curator's readings in their own graph), events,
SKOS concepts and the bibliography layer, plus the real ontology graph. Streamed to a file
(never held in memory), reproducible byte for byte for a (size, seed, ontology,
GENERATOR_VERSION), and cached under ``benchmarks/data/`` by :func:`dataset`.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

from minilat import paths
from minilat.bench.claims import _Claims, _Entry
from minilat.bench.common import (
    DATA,
    DEFAULT_SEED,
    human_bytes,
    human_count,
    log,
    size_label,
)
from minilat.bench.pools import Role, _Digest, _Writer
from minilat.bench.vocab import (
    ARTICLE,
    BEGINNING,
    BOOLEAN,
    BROADER,
    DCT_CREATOR,
    DCT_DATE,
    DCT_FORMAT,
    DCT_IDENTIFIER,
    DCT_LANGUAGE,
    DCT_PART,
    DCT_TITLE,
    DESCRIBING,
    EDITORS,
    ENDING,
    EVENT_TYPES,
    EXPRESSION,
    G_BIBLIO,
    G_DIGEST,
    GYEAR,
    ID,
    IDENTIFYING,
    IN_YEAR,
    INSTANT,
    INTEGER,
    LABEL,
    NUMBER,
    ORG_MEMBER,
    ORG_ORGANIZATION,
    PUBDATE,
    VOLUME,
    A,
    _iri,
    _lit,
    _m,
)

#: Bump when the generator's output changes, so cached files are regenerated.
GENERATOR_VERSION = 4  # 4: ontology 0.2.0 terms, as the assembly writes them: no mlo:quote on claims (oa:exact),
# mlo:factSubject/factPredicate/factObject on fact assertions, mlo:leadsTo for mlo:ledTo
# 3: claims with holder, modality, propositions, argument-link nodes; dated issue areas
# 2: names past the syllable space get a digit suffix without a space (IRIs at 10M)


#: What the benchmark binds each kind of query parameter to when it runs a library query
#: "as asked" (one entity, like the example in the query's header): the busiest entity of
#: the kind. The busiest is the slowest to answer, so these timings bound the others.
EXAMPLE_ROLES: dict[str, Role] = {
    "claim": Role("?x mlo:supports ?y", (_m("supports"),), "s"),  # argument-chain follows mlo:supports+
    "entity": Role("?y mlo:about ?x", (_m("about"),)),
    "mechanism": Role("?y org:organization ?x", (ORG_ORGANIZATION,)),
    "state": Role("?y org:member ?x", (ORG_MEMBER,)),
    "concept": Role("?x skos:broader ?y", (BROADER,), "s"),  # concept-hierarchy wants a narrower concept
    "issue_area": Role("?y mlo:hasIssueArea ?x", (_m("hasIssueArea"),)),
    "article": Role("?x dct:creator ?y", (DCT_CREATOR,), "s"),
    "subject": Role("?y mlo:propositionSubject ?x", (_m("propositionSubject"),)),  # the subject of most statements
    "holder": Role("?y mlo:holderKind mlo:ReportedActorHolder ; mlo:heldBy ?x"),  # the actor most often reported
    "work": Role("?y mlo:hasModality mlo:Recommending ; mlo:claimOf ?x"),  # the source with most recommendations
    "issue": Role("?x mlo:hasEntry ?y", (_m("hasEntry"),), "s"),  # the issue with most entries
}


class _Synth(_Claims):
    """The generator: the global pools, mechanisms and claims (:class:`_Claims`), then digest after digest."""

    # -- one digest issue ---------------------------------------------------

    def digest(self, d: int) -> None:
        digest = _Digest(d, len(self.claim_iris))
        w, rng = self.w, self.rng
        # Bibliography layer: the issue, its text, preface, summaries, articles, people.
        issue, text = digest.iri, digest.text
        w.q(issue, A, _m("DigestIssue"), G_BIBLIO)
        topic_en, topic_zh = self.proper_name((2, 3))
        self.labels(issue, f"{topic_en} in Global Governance", f"全球治理中的{topic_zh}", G_BIBLIO, pref=False)
        w.q(issue, DCT_TITLE, _lit(f"Global Governance Studies Update: {topic_en} in Global Governance", "en"), G_BIBLIO)
        w.q(issue, DCT_TITLE, _lit(f"《全球治理学科动态》：全球治理中的{topic_zh}", "zh"), G_BIBLIO)
        w.q(issue, DCT_LANGUAGE, _lit("zh"), G_BIBLIO)
        for reviewer in sorted({self.person(new=rng.random() < 0.3) for _ in range(2)}):
            w.q(issue, _m("reviewedBy"), reviewer, G_BIBLIO)
        w.q(text, A, EXPRESSION, G_BIBLIO)
        w.q(text, LABEL, _lit(f"corpus/digests/{d:03d}_{rng.getrandbits(64):016x}.txt"), G_BIBLIO)
        w.q(text, DCT_FORMAT, _lit("text/plain; charset=utf-8"), G_BIBLIO)
        w.q(text, DCT_IDENTIFIER, _lit(f"sha256:{rng.getrandbits(256):064x}"), G_BIBLIO)
        w.q(text, DCT_PART, issue, G_BIBLIO)
        preface = _iri(ID + f"preface/{digest.slug}")
        w.q(issue, _m("hasEntry"), preface, G_BIBLIO)
        w.q(preface, A, _m("Preface"), G_BIBLIO)
        self.labels(preface, "Preface", "专题序言", G_BIBLIO, pref=False)
        w.q(preface, DCT_PART, issue, G_BIBLIO)
        w.q(preface, DCT_CREATOR, _iri(EDITORS), G_BIBLIO)
        self.anchor(f"preface-{digest.slug}", preface, "", IDENTIFYING, digest, g=G_BIBLIO)
        digest.offset += rng.randint(200, 600)
        entries = [_Entry(preface, preface, [], None, editorial=True)]
        for k in range(1, rng.randint(3, 6) + 1):
            summary = _iri(ID + f"summary/{digest.slug}-{k}")
            article = _iri(ID + f"article/{digest.slug}-{k}")
            title_en = self.en_sentence(5, 10).rstrip(".").title()
            title_zh = self.zh_sentence(3, 6).rstrip("。")
            w.q(article, A, ARTICLE, G_BIBLIO)
            self.labels(article, title_en, title_zh, G_BIBLIO, pref=False)
            w.q(article, DCT_TITLE, _lit(title_en, "en"), G_BIBLIO)
            authors = sorted(set(self.person(new=rng.random() < 0.6) for _ in range(rng.randint(1, 2))))  # real: 1 or 2
            for author in authors:
                w.q(article, DCT_CREATOR, author, G_BIBLIO)
            w.q(article, DCT_PART, self.journal(), G_BIBLIO)
            forthcoming = rng.random() < 0.15
            w.q(article, _m("forthcoming"), _lit("true" if forthcoming else "false", datatype=BOOLEAN), G_BIBLIO)
            if not forthcoming:
                w.q(article, VOLUME, _lit(str(rng.randint(1, 80))), G_BIBLIO)
                w.q(article, NUMBER, _lit(str(rng.randint(1, 12))), G_BIBLIO)
                w.q(article, PUBDATE, _lit(str(rng.randint(1995, 2025)), datatype=GYEAR), G_BIBLIO)
            w.q(issue, _m("hasEntry"), summary, G_BIBLIO)
            w.q(summary, A, _m("CompiledSummary"), G_BIBLIO)
            self.labels(summary, f"Summary No. {k}: {title_en}", title_zh, G_BIBLIO, pref=False)
            w.q(summary, DCT_TITLE, _lit(title_zh, "zh"), G_BIBLIO)
            w.q(summary, DCT_PART, issue, G_BIBLIO)
            w.q(summary, _m("entryNumber"), _lit(str(k), datatype=INTEGER), G_BIBLIO)
            w.q(summary, _m("summarizes"), article, G_BIBLIO)
            compiler = self.person(new=rng.random() < 0.5)
            w.q(summary, _m("compiledBy"), compiler, G_BIBLIO)
            self.anchor(f"summary-{digest.slug}-{k}", summary, "", IDENTIFYING, digest, g=G_BIBLIO)
            entries.append(_Entry(summary, article, authors, compiler, editorial=False, theory=self.theory_slug()))
        if w.done:
            return
        # Mechanisms: a few new ones (with memberships), several known ones mentioned again.
        discussed: list[int] = []
        for _ in range(rng.randint(1, 3) if self.mechanisms else 4):
            discussed.append(self.mechanism(digest))
            if w.done:
                return
        for i in self.pick(len(self.mechanisms), rng.randint(2, 6), 1.8):
            if i not in discussed:
                slug, _, zh = self.mechanisms[i]
                self.anchor(f"mechanism-{slug}-mention-{digest.slug}-0", self.mechanism_term(i), zh, IDENTIFYING, digest)
                discussed.append(i)
        for _ in range(rng.randint(0, 2)):
            a, b = rng.choice(discussed), self.skewed(len(self.mechanisms))
            prop = rng.choice(["operatesWithin", "reportsTo", "leadsTo"])
            if prop == "operatesWithin" and (b not in self.institutions or self.mechanisms[a][1] != "MinilateralMechanism"):
                prop = "leadsTo"
            self.relate(a, prop, b, digest)
        if w.done:
            return
        # Concepts: new and known; states mentioned in the digest.
        new = [self.concept(digest) for _ in range(rng.randint(5, 10))]
        known = self.pick(len(self.concepts), rng.randint(5, 12), 2.0)  # the first: the issue's theme
        concepts = known + [c for c in new if c not in known]
        digest.concepts, digest.mechanisms = concepts, discussed
        for c in concepts:
            slug, zh = self.concepts[c]
            self.anchor(f"concept-{slug}-mention-{digest.slug}", self.concept_term(c), zh, IDENTIFYING, digest)
        if w.done:
            return
        states = self.pick(len(self.states), rng.randint(3, 8), 2.0)
        digest.states = states
        for si in states:
            self.state_in_digest(si, digest)
        if w.done:
            return
        # Events.
        for e in range(rng.randint(1, 4)):
            self.event(digest, e, discussed, concepts, states)
        if w.done:
            return
        # Claims, entry by entry (the preface's are the editors'), each opening with its question.
        for entry in entries:
            n = rng.randint(2, 6) if entry.editorial else rng.randint(6, 18)
            for j in range(n):
                self.claim(digest, entry, j == 0)
                if w.done:
                    return

    def event(self, digest: _Digest, e: int, mechanisms: list[int], concepts: list[int], states: list[int]) -> None:
        w, rng = self.w, self.rng
        cls = rng.choice(EVENT_TYPES)
        ev_iri = ID + f"event/{digest.slug}-{e}"
        ev = _iri(ev_iri)
        w.q(ev, A, _m("Event"), G_DIGEST)
        w.q(ev, A, _m(cls), G_DIGEST)
        year = rng.randint(1970, 2024)
        title, title_zh = self.en_sentence(3, 6).rstrip("."), self.zh_sentence(2, 4).rstrip("。")
        self.labels(ev, title, title_zh, G_DIGEST)
        self.names[ev] = (title, title_zh)
        digest.events.append(ev)
        w.q(ev, DCT_DATE, _lit(str(year), datatype=GYEAR), G_DIGEST)
        start = _iri(ev_iri + "#start")
        w.q(ev, BEGINNING, start, G_DIGEST)
        w.q(start, A, INSTANT, G_DIGEST)
        w.q(start, IN_YEAR, _lit(str(year), datatype=GYEAR), G_DIGEST)
        if cls == "StudyPeriod" or rng.random() < 0.1:
            end = _iri(ev_iri + "#end")
            w.q(ev, ENDING, end, G_DIGEST)
            w.q(end, A, INSTANT, G_DIGEST)
            w.q(end, IN_YEAR, _lit(str(min(2025, year + rng.randint(1, 30))), datatype=GYEAR), G_DIGEST)
        involved = {self.mechanism_term(rng.choice(mechanisms))}
        involved |= {self.state(rng.choice(states)) for _ in range(rng.randint(0, 4))}
        involved |= {self.concept_term(rng.choice(concepts)) for _ in range(rng.randint(0, 2))}
        for x in sorted(involved):
            w.q(ev, _m("involves"), x, G_DIGEST)
        self.anchor(f"event-{digest.slug}-{e}", ev, self.zh_sentence(4, 8), DESCRIBING, digest)


def _ontology_digest() -> str:
    import hashlib

    return hashlib.sha256(paths.ONTOLOGY.read_bytes()).hexdigest()[:12]


def generate(path: Path, triples: int, seed: int = DEFAULT_SEED, progress: bool = True) -> dict[str, Any]:
    """Write a synthetic dataset of about ``triples`` quads to ``path`` (N-Quads); return its statistics.

    Deterministic: the same (triples, seed, ontology file, GENERATOR_VERSION) give the same bytes.
    Generation stops at the first entity boundary at or after ``triples`` quads, so the
    file holds ``triples`` quads plus at most a few dozen (every quad is distinct).
    """
    label = size_label(triples)
    started = time.perf_counter()

    def report(count: int) -> None:
        if progress:
            log(f"generating {label}: {human_count(count)}/{human_count(triples)} triples ({time.perf_counter() - started:.0f} s)")

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        w = _Writer(fh, triples, report, EXAMPLE_ROLES)
        synth = _Synth(w, random.Random(seed))
        synth.ontology()
        synth.globals()
        digests = 0
        while not w.done:
            synth.digest(digests)
            digests += 1
        w.flush()
    tmp.replace(path)
    return {
        "target": triples,
        "quads": w.count,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "ontology": _ontology_digest(),
        "digests": digests,
        "claims": len(synth.claim_iris),
        "mechanisms": len(synth.mechanisms),
        "concepts": len(synth.concepts),
        "states": len(synth.state_described),
        "people": len(synth.people),
        "examples": w.examples(),
        "bytes": path.stat().st_size,
        "generate_s": round(time.perf_counter() - started, 3),
    }


def dataset(triples: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA) -> tuple[Path, dict[str, Any]]:
    """The cached synthetic dataset for a size, generated first if missing or stale."""
    path = data_dir / f"synthetic-{size_label(triples)}-seed{seed}-v{GENERATOR_VERSION}.nq"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        fresh = meta.get("ontology") == _ontology_digest() and meta.get("bytes") == path.stat().st_size
        if fresh and "examples" in meta:
            log(f"dataset {size_label(triples)}: cached {path.name} ({human_count(meta['quads'])} quads)")
            return path, meta
    log(f"dataset {size_label(triples)}: generating {path.name}")
    meta = generate(path, triples, seed)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    log(f"dataset {size_label(triples)}: {meta['quads']:,} quads, {meta['digests']} digests, {meta['claims']:,} claims, "
        f"{human_bytes(meta['bytes'])}, {meta['generate_s']:.1f} s")
    return path, meta
