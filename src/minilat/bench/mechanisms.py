"""Cooperation mechanisms of the synthetic dataset: typology, issue areas, memberships, relations.

:class:`_Mechanisms` adds to the global pools (:class:`minilat.bench.pools._Pools`) the
mechanisms a digest issue introduces: their classes, dated issue areas, n-ary memberships on
the digest and background layers, and anchored mechanism-to-mechanism facts.
"""

from __future__ import annotations

from minilat.bench.pools import _Digest, _Pools
from minilat.bench.proportions import AREA_END, MINILATERAL_TURN
from minilat.bench.vocab import (
    ALT,
    BEGINNING,
    COMMENT,
    DATE,
    DCT_SOURCE,
    DESCRIBING,
    G_BACKGROUND,
    G_DIGEST,
    G_INFERRED,
    GYEAR,
    ID,
    IDENTIFYING,
    IN_DATE,
    IN_YEAR,
    INSTANT,
    INTERVAL,
    ISSUE_AREAS,
    MECHANISM_FORMS,
    MEMBERSHIP,
    ORG_DURING,
    ORG_MEMBER,
    ORG_ORGANIZATION,
    ORG_ROLE,
    REFERENCE_SOURCE,
    A,
    _iri,
    _lit,
    _m,
)


class _Mechanisms(_Pools):
    """The mechanisms, their memberships and the facts relating them."""

    def mechanism_term(self, i: int) -> str:
        return _iri(ID + "mechanism/" + self.mechanisms[i][0])

    def mechanism(self, digest: _Digest) -> int:
        """A new cooperation mechanism, described in the digest graph, with its memberships."""
        w, rng = self.w, self.rng
        idx = len(self.mechanisms)
        roll = rng.random()
        kind = "MinilateralMechanism" if roll < 0.72 or not self.institutions and idx > 0 else (
            "MultilateralInstitution" if roll < 0.86 else "TreatyRegime")
        if idx == 0:
            kind = "MultilateralInstitution"
        form_en, form_zh = rng.choice(MECHANISM_FORMS[kind])
        name_en, name_zh = self.proper_name((2, 3))
        slug = f"{name_en.lower()}-{form_en.lower().replace(' ', '-')}-{idx}"
        m = _iri(ID + "mechanism/" + slug)
        zh = name_zh + form_zh
        self.mechanisms.append((slug, kind, zh))
        w.q(m, A, _m(kind), G_DIGEST)
        minilateral = kind == "MinilateralMechanism"
        if minilateral:
            w.q(m, A, _m("InformalMechanism" if rng.random() < 0.75 else "FormalMechanism"), G_DIGEST)
        else:
            w.q(m, A, _m("FormalMechanism"), G_DIGEST)
            self.institutions.append(idx)
        self.labels(m, f"{name_en} {form_en}", zh, G_DIGEST)
        self.names[m] = (f"{name_en} {form_en}", zh)
        if rng.random() < 0.6:
            abbreviation = "".join(ch for ch in name_en if ch.isupper()) + form_en[0]
            w.q(m, ALT, _lit(abbreviation, "en"), G_DIGEST)
        if rng.random() < 0.5:
            w.q(m, COMMENT, _lit(self.en_sentence(8, 16), "en"), G_DIGEST)
        areas = rng.sample(ISSUE_AREAS, rng.randint(1, 3))
        if minilateral and rng.random() < 0.3 and "security" not in areas:
            areas[0] = "security"
        for area in areas:
            w.q(m, _m("hasIssueArea"), _iri(ID + "issue-area/" + area), G_DIGEST)
        for j in range(rng.randint(1, 2)):
            self.anchor(f"mechanism-{slug}-mention-{digest.slug}-{j}", m, zh, IDENTIFYING, digest)
        self.dated_issue_areas(slug, minilateral, areas, digest)
        security = minilateral and "security" in areas
        if security:
            w.q(m, A, _m("SecurityMinilateral"), G_INFERRED)
        if minilateral and self.institutions and rng.random() < 0.3:
            host = self.institutions[self.skewed(len(self.institutions), 1.5)]
            self.relate(idx, "operatesWithin", host, digest)
        elif minilateral and rng.random() < 0.3:
            self.outside.add(idx)
            w.q(m, A, _m("OutsideMinilateral"), G_DIGEST)
        # Memberships: a few states; digest-layer (anchored, with a period) or background-layer (sourced).
        n_members = rng.randint(3, 12) if minilateral else rng.randint(8, 30)
        for k, si in enumerate(self.pick(len(self.states), n_members, 1.6)):
            digest_layer = minilateral and rng.random() < 0.35
            self.membership(idx, m, si, digest_layer, k == 0, digest)
            if security and si not in self.state_participant:
                self.state_participant.add(si)
                w.q(self.state(si), A, _m("SecurityMinilateralParticipant"), G_INFERRED)
            if w.done:
                break
        return idx

    def dated_issue_areas(self, slug: str, minilateral: bool, areas: list[str], digest: _Digest) -> None:
        """Issue areas with a period: an institution's from its reference source (background, its
        founding year); now and then a minilateral's turn to new areas, dated by a digest passage."""
        w, rng = self.w, self.rng
        if minilateral:
            if rng.random() >= MINILATERAL_TURN:
                return
            year = rng.randint(1995, 2024)
            areas = rng.sample([a for a in ISSUE_AREAS if a not in areas and a != "security"], rng.randint(1, 3))
        else:
            year = rng.randint(1945, 2015)
        m = ID + "mechanism/" + slug
        g = G_DIGEST if minilateral else G_BACKGROUND
        for area in areas:
            node, area_iri = _iri(f"{m}#issue-area-{area}"), _iri(ID + "issue-area/" + area)
            if minilateral:
                w.q(_iri(m), _m("hasIssueArea"), area_iri, g)
            w.q(_iri(m), _m("hasDatedIssueArea"), node, g)
            w.q(node, A, _m("DatedIssueArea"), g)
            w.q(node, _m("issueArea"), area_iri, g)
            w.q(node, _m("startTime"), _lit(str(year), datatype=GYEAR), g)
            if rng.random() < AREA_END:
                w.q(node, _m("endTime"), _lit(str(min(2025, year + rng.randint(1, 20))), datatype=GYEAR), g)
            if minilateral:
                self.anchor(f"issue-area-{slug}-{area}", node, self.zh_sentence(4, 8), DESCRIBING, digest)
            else:
                w.q(node, DCT_SOURCE, REFERENCE_SOURCE, g)

    def membership(self, idx: int, m: str, si: int, digest_layer: bool, first: bool, digest: _Digest) -> None:
        w, rng = self.w, self.rng
        code = self.states[si][0]
        ms = ID + f"membership/{self.mechanisms[idx][0]}-{code}"
        g = G_DIGEST if digest_layer else G_BACKGROUND
        s = self.state_in_digest(si, digest) if digest_layer else self.describe_state(si, G_BACKGROUND)
        mem = _iri(ms)
        w.q(mem, A, MEMBERSHIP, g)
        w.q(mem, ORG_MEMBER, s, g)
        w.q(mem, ORG_ORGANIZATION, m, g)
        role = "founding-member" if first or (digest_layer and rng.random() < 0.4) else rng.choice(
            ["member", "member", "member", "leading-member", "initiator"])
        w.q(mem, ORG_ROLE, _iri(ID + "role/" + role), g)
        w.q(mem, _m("layer"), _lit("digest" if digest_layer else "background"), g)
        w.q(s, _m("memberOf"), m, g)
        if digest_layer or rng.random() < 0.1:
            period, start = _iri(ms + "#period"), _iri(ms + "#start")
            w.q(mem, ORG_DURING, period, g)
            w.q(period, A, INTERVAL, g)
            w.q(period, BEGINNING, start, g)
            w.q(start, A, INSTANT, g)
            year = rng.randint(1960, 2024)
            if digest_layer:
                w.q(start, IN_YEAR, _lit(str(year), datatype=GYEAR), g)
            else:
                w.q(start, IN_DATE, _lit(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", datatype=DATE), g)
        if digest_layer:
            self.anchor(f"membership-{self.mechanisms[idx][0]}-{code}", mem, self.zh_sentence(3, 6), DESCRIBING, digest)
        else:
            w.q(mem, DCT_SOURCE, REFERENCE_SOURCE, g)

    def relate(self, a: int, prop: str, b: int, digest: _Digest) -> None:
        """A mechanism-to-mechanism fact: the triple itself plus its reified, anchored FactAssertion."""
        if a == b or (a, prop, b) in self.relations:
            return
        inside = prop == "operatesWithin" and self.mechanisms[a][1] == "MinilateralMechanism" and b in self.institutions
        if prop == "operatesWithin" and (not inside or a in self.outside):
            return
        self.relations.add((a, prop, b))
        w = self.w
        sa, sb = self.mechanism_term(a), self.mechanism_term(b)
        w.q(sa, _m(prop), sb, G_DIGEST)
        if inside and a not in self.inside:
            self.inside.add(a)
            w.q(sa, A, _m("InsideMinilateral"), G_INFERRED)
        key = f"{self.mechanisms[a][0]}-{prop}-{self.mechanisms[b][0]}"
        fact = _iri(ID + "fact/" + key)
        w.q(fact, A, _m("FactAssertion"), G_DIGEST)
        w.q(fact, _m("factSubject"), sa, G_DIGEST)
        w.q(fact, _m("factPredicate"), _m(prop), G_DIGEST)
        w.q(fact, _m("factObject"), sb, G_DIGEST)
        self.anchor("fact-" + key, fact, self.zh_sentence(4, 8), DESCRIBING, digest)
