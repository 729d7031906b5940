"""The library queries over the claim model (holder, modality, typed statements, argument links),
each against the release dataset with its exact answer.

Expected answers are recomputed here from the curation YAML (corpus/curation/claims/ and the
entity records), with predicate, modality and holder-kind labels read from ontology/minilat.ttl;
small answers are also written out by hand from the digest text. Nothing is copied from a
query's own output.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import rdflib
from test_queries import WORK, covers, curated, rows

from minilat.store import Store

ROOT = Path(__file__).resolve().parents[1]
CURATION = ROOT / "corpus" / "curation"
ONTOLOGY = ROOT / "ontology" / "minilat.ttl"
MLO = rdflib.Namespace("https://w3id.org/minilat/ontology#")


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.open()


# --- what the curators wrote ---------------------------------------------------------------


@cache
def records(kind: str) -> tuple[dict, ...]:
    """The registry's and the real issue's records of a kind (see test_queries.curated)."""
    return tuple(curated(kind))


@cache
def claims() -> dict[str, dict]:
    return {c["slug"]: c for c in records("claims")}


def statements(claim: dict) -> list[dict]:
    """A claim's statements with the model's defaults filled in."""
    return [{"role": "content", "negated": False, "means": [], "region": None, "start": None, "end": None} | st for st in claim["statements"]]


@cache
def registry() -> dict[str, tuple[str, str | None]]:
    """kind/slug → (English label, Chinese label or None), from the curated entity records."""
    out: dict[str, tuple[str, str | None]] = {}
    for kind, prefix in (
        ("mechanisms", "mechanism"),
        ("states", "state"),
        ("concepts", "concept"),
        ("events", "event"),
        ("regions", "region"),
        ("theories", "theory"),
        ("leaders", "person"),
        ("affiliations", "organization"),
    ):
        for rec in records(kind):
            ref = f"{prefix}/{rec['slug']}"
            assert ref not in out, ref
            out[ref] = (rec["label"]["en"], rec["label"]["zh"])
    for person in records("people"):
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in person["name"])
        # a Latin-script name is its own English label and has no Chinese one
        out[f"person/{person['slug']}"] = (person["name_en"], person["name"] if chinese else None)
    out[EDITORS] = (EDITORS_EN, "《全球治理学科动态》编者")
    return out


def en(ref: str) -> str:
    return registry()[ref][0]


def zh(ref: str) -> str | None:
    return registry()[ref][1]


@cache
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY)


def olabel(local: str, lang: str = "en") -> str:
    """The rdfs:label of an ontology term (predicate, modality, holder kind, origin, issue area)."""
    node = rdflib.URIRef("https://w3id.org/minilat/id/" + local) if "/" in local else MLO[local]
    (label,) = [str(l) for l in ontology().objects(node, rdflib.RDFS.label) if l.language == lang]
    return label


# Curation keys → ontology terms, written out by hand from the ontology.
PREDICATE = {
    "has_feature": "hasFeature",
    "lacks": "lacks",
    "causes": "causes",
    "influences": "influences",
    "depends_on": "dependsOn",
    "responds_to": "respondsTo",
    "aims_at": "aimsAt",
    "strengthens": "strengthens",
    "erodes": "erodes",
    "complements": "complements",
    "contrasts_with": "differsFrom",
    "instead_of": "insteadOf",
    "is_kind_of": "isKindOf",
    "should_pursue": "shouldPursue",
    "member_of": "memberOf",
    "hedges_against": "hedgesAgainst",
    "perceives_as_threat": "perceivesAsThreat",
    "dominated_by": "dominatedBy",
    "faces": "faces",
    "operates_within": "operatesWithin",
    "covers_case": "coversCase",
}
MODALITY = {
    "asserts": "Asserting",
    "reports_view": "ReportingView",
    "asks": "Asking",
    "predicts": "Predicting",
    "recommends": "Recommending",
    "denies": "Denying",
    "states_limitation": "StatingLimitation",
}
HOLDER_KIND = {"authors": "AuthorsHolder", "editors": "EditorsHolder", "compiler": "CompilerHolder"}

# The bibliography, read off the digest: each entry's work (WORK, in test_queries), its authors
# (the article headers) and its compiler (编译：… at the end of each summary).
EDITORS = "organization/digest-editors"
EDITORS_EN = "Editors of Global Governance Studies Update"  # the series' English name in corpus/digests/manifest.yaml
AUTHORS = {
    "preface": [EDITORS],
    "article-1": ["person/jagannath-panda", "person/jae-jeok-park"],  # Jagannath Panda and Jae Jeok Park
    "article-2": ["person/xian-wu", "person/dongchan-kim"],  # Xian Wu and Dongchan Kim
    "article-3": ["person/megan-dee"],
    "article-4": ["person/nick-bisley"],
}
COMPILER = {
    "article-1": "person/zhang-zunyue",  # 张尊月
    "article-2": "person/he-yiran",  # 和怡然
    "article-3": "person/liu-zhexi",  # 刘哲希
    "article-4": "person/zheng-lu",  # 郑路
}


def work(claim: dict) -> str:
    return WORK[claim["entry"]]


def holders(claim: dict) -> list[str]:
    if "/" in claim["holder"]:
        return [claim["holder"]]
    if claim["holder"] == "compiler":
        return [COMPILER[claim["entry"]]]
    return AUTHORS[claim["entry"]]


def holder_kind(claim: dict) -> str:
    return olabel("ReportedActorHolder" if "/" in claim["holder"] else HOLDER_KIND[claim["holder"]])


def modality(claim: dict) -> str:
    return olabel(MODALITY[claim["modality"]])


def pred(key: str) -> str:
    return olabel(PREDICATE[key])


def time_value(value: str | None) -> str | None:
    """How a statement's start/end is published: a decade 1980s as the year 1980, else as written."""
    if value is None:
        return None
    return value[:4] if value.endswith("s") else value


def ordered(items) -> list:
    return sorted(items, key=repr)


def split(value: str | None, sep: str = "; ") -> frozenset[str]:
    return frozenset(value.split(sep)) if value else frozenset()


# --- the curation itself --------------------------------------------------------------------


def test_curation_gives_every_statement_entity_a_label_and_the_counts_the_queries_rest_on():
    """Sanity of the independent side: 105 claims, every reference of a statement is a curated entity."""
    assert len(claims()) == 105
    refs = {
        ref
        for c in claims().values()
        for st in statements(c)
        for ref in (st["subject"], st["object"], *st["means"], *([st["region"]] if st["region"] else []))
    }
    assert refs - set(registry()) == set()
    assert {st["predicate"] for c in claims().values() for st in c["statements"]} <= set(PREDICATE)
    assert sum(len(c["statements"]) for c in claims().values()) == 238


# --- reported views -------------------------------------------------------------------------


def expected_reported_views() -> list[tuple]:
    return ordered(
        (c["holder"], en(c["holder"]), work(c), "claim/" + slug, c["label_en"], en(st["subject"]), pred(st["predicate"]), en(st["object"]))
        for slug, c in claims().items()
        if c["modality"] == "reports_view"
        for st in statements(c)
    )


@covers("reported-views")
def test_reported_views(store):
    got = rows(store, "reported-views")
    assert ordered(got) == expected_reported_views()
    assert len(got) == 10
    # Wu & Kim report four views of China's (中方认为…); no other source reports an actor's view
    assert {g[3] for g in got} == {
        "claim/wu-kim-chinese-style-as-extension-of-multilateralism",
        "claim/wu-kim-us-minilateralism-dual-intent",
        "claim/wu-kim-us-minilateralism-dual-logic",
        "claim/wu-kim-us-minilateralism-exclusive-path",
    }
    assert {(g[0], g[1], g[2]) for g in got} == {("state/CHN", "China", "article/wu-kim-2024")}


@covers("reported-views")
def test_reported_views_bound_to_china_and_to_a_state_whose_view_nobody_reports(store):
    got = rows(store, "reported-views", holder="state/CHN")
    assert ordered(got) == expected_reported_views()
    extension = [g[5:] for g in got if g[3] == "claim/wu-kim-chinese-style-as-extension-of-multilateralism"]
    assert extension == [("Chinese-style multilateralism", "is a kind of", "multilateralism")]
    assert rows(store, "reported-views", holder="state/USA") == []


# --- conditional predictions ----------------------------------------------------------------


def statement_text(st: dict) -> str:
    return f"{en(st['subject'])}{' NOT ' if st['negated'] else ' '}{pred(st['predicate'])} {en(st['object'])}"


@covers("conditional-predictions")
def test_conditional_predictions(store):
    got = [(c, label, w, split(cond, " AND "), split(out, " AND ")) for c, label, w, cond, out in rows(store, "conditional-predictions")]
    expected = [
        (
            "claim/" + slug,
            c["label_en"],
            work(c),
            frozenset(statement_text(st) for st in statements(c) if st["role"] == "condition"),
            frozenset(statement_text(st) for st in statements(c) if st["role"] == "outcome"),
        )
        for slug, c in claims().items()
        if c["modality"] == "predicts" and any(st["role"] == "condition" for st in statements(c))
    ]
    assert ordered(got) == ordered(expected)
    # ordered by work, then claim
    assert [g[0] for g in got] == [
        "claim/panda-park-multilateral-collapse-scenario",
        "claim/panda-park-plus-model-more-multilateral",
        "claim/wu-kim-biden-continuity-scenario",
        "claim/wu-kim-trump-return-scenario",
    ]
    # 如果特朗普重新掌权，中国式多边主义则将更多发挥遏制美国单边倾向的作用，或将赢得美国传统盟友与伙伴的支持
    trump = next(g for g in got if g[0] == "claim/wu-kim-trump-return-scenario")
    assert trump[3] == {"United States dominated by Donald Trump"}
    assert trump[4] == {"Chinese-style multilateralism erodes unilateralism", "US allies and partners strengthens Chinese-style multilateralism"}
    # a prediction without a condition (a plain forecast) is not a conditional one
    plain = {slug for slug, c in claims().items() if c["modality"] == "predicts"} - {g[0].removeprefix("claim/") for g in got}
    assert plain == {"panda-park-hybrid-system-reshapes-governance", "wu-kim-future-emphasis-on-chinese-style-multilateralism", "wu-kim-trajectory-intertwined-with-us"}


# --- recommendations ------------------------------------------------------------------------


def expected_recommendations(entry: str | None = None) -> list[tuple]:
    out = []
    for slug, c in claims().items():
        if c["modality"] != "recommends" or entry not in (None, c["entry"]):
            continue
        for st in statements(c):
            if st["predicate"] != "should_pursue":
                continue
            for means in st["means"] or [None]:
                out.append((work(c), "claim/" + slug, en(st["subject"]), en(st["object"]), en(means) if means else None, st["negated"]))
    return ordered(out)


@covers("recommendations")
def test_recommendations(store):
    got = rows(store, "recommendations", "work", "claim", "addressee_label", "goal_label", "means_label", "negated")
    assert ordered(got) == expected_recommendations()
    assert len(got) == 15
    assert Counter(g[0] for g in got) == {"article/panda-park-2024": 6, "article/dee-2024": 6, "preface/minilateralism": 3}
    # 同时需警惕以“小多边”之名搞地缘政治的小圈子: a warning, not advice to form cliques
    assert [g for g in got if g[5]] == [("preface/minilateralism", "claim/preface-warning-against-geopolitical-cliques", "minilateralism", "geopolitical cliques", None, True)]


@covers("recommendations")
def test_recommendations_bound_to_dee(store):
    got = rows(store, "recommendations", "claim", "addressee_label", "goal_label", "means_label", "negated", work="article/dee-2024")
    assert ordered(got) == ordered(g[1:] for g in expected_recommendations("article-3"))
    # Dee's three recommendations (提出三点政策建议): transparency, broader membership, institutional linkage
    assert ordered(got) == ordered(
        [
            ("claim/dee-rec-broaden-membership", "inside minilateralism", "inclusiveness", "developing countries", False),
            ("claim/dee-rec-broaden-membership", "outside minilateralism", "inclusiveness", None, False),
            ("claim/dee-rec-institutional-linkage", "states (in general)", "integration with multilateral institutions", "NPT Review Conference", False),
            ("claim/dee-rec-institutional-linkage", "states (in general)", "integration with multilateral institutions", "export control", False),
            ("claim/dee-rec-transparency-outside-groups", "outside minilateralism", "transparency", "information-disclosure mechanism", False),
            ("claim/dee-rec-transparency-outside-groups", "outside minilateralism", "transparency", "observer participation", False),
        ]
    )


# --- causal statements ----------------------------------------------------------------------

CAUSAL = ("causes", "influences", "depends_on", "responds_to")


def expected_causal(entity: str | None = None) -> list[tuple]:
    out = []
    for slug, c in claims().items():
        for st in statements(c):
            if st["predicate"] not in CAUSAL:
                continue
            for ent in (st["subject"], st["object"]):
                if entity in (None, ent):
                    out.append((ent, work(c), holder_kind(c), modality(c), "claim/" + slug, en(st["subject"]), pred(st["predicate"]), en(st["object"]), st["negated"]))
    return ordered(out)


@covers("causal-statements")
def test_causal_statements(store):
    got = rows(store, "causal-statements", "entity", "work", "holder_kind", "modality", "claim", "cause_label", "relation", "effect_label", "negated")
    assert ordered(got) == expected_causal()
    # 55 causal statements, each listed once under its cause and once under its effect
    assert len(got) == 2 * 55
    # the two the sources deny, each under cause and effect: minilateralism is no panacea for global
    # governance (小多边主义并非…万能药); outside minilateralism operates independently (独立运作)
    assert Counter(g[4:] for g in got if g[8]) == {
        ("claim/panda-park-not-a-panacea", "minilateralism", "causes", "global governance", True): 2,
        ("claim/dee-outside-minilateralism-definition", "outside minilateralism", "depends on", "multilateralism", True): 2,
    }
    # research questions ask, they do not hold: Bisley's "how did Australia respond to China's rise?"
    assert ("concept/rise-of-china", "article/bisley-forthcoming", "the article's authors", "asks", "claim/bisley-research-focus-australia-response-china-rise", "Australia", "responds to", "rise of China", False) in got


@covers("causal-statements")
def test_causal_statements_bound_to_rise_of_china(store):
    got = rows(store, "causal-statements", "entity", "work", "holder_kind", "modality", "claim", "cause_label", "relation", "effect_label", "negated", entity="concept/rise-of-china")
    assert ordered(got) == expected_causal("concept/rise-of-china")
    assert ordered(g[3:8] for g in got) == ordered(
        [
            ("asserts", "claim/bisley-capability-without-harming-economy", "Australia", "responds to", "rise of China"),
            ("asserts", "claim/bisley-neoclassical-realist-explanation", "rise of China", "causes", "Australia's security policy shift"),
            ("asserts", "claim/bisley-quad-founded-2007-coordinate-security", "Quadrilateral Security Dialogue", "responds to", "rise of China"),
            ("asks", "claim/bisley-research-focus-australia-response-china-rise", "Australia", "responds to", "rise of China"),
        ]
    )


# --- features ascribed ----------------------------------------------------------------------


def expected_features(entity: str | None = None) -> list[tuple]:
    return ordered(
        (st["subject"], en(st["subject"]), work(c), holder_kind(c), modality(c), pred(st["predicate"]), st["object"], en(st["object"]), "claim/" + slug)
        for slug, c in claims().items()
        for st in statements(c)
        if st["predicate"] in ("has_feature", "lacks") and not st["negated"] and entity in (None, st["subject"])
    )


@covers("features-ascribed")
def test_features_ascribed(store):
    got = rows(store, "features-ascribed", "entity", "entity_label", "work", "holder_kind", "modality", "relation", "feature", "feature_label", "claim")
    assert ordered(got) == expected_features()
    assert len(got) == 33
    assert Counter(g[5] for g in got) == {"has feature": 26, "lacks": 7}


@covers("features-ascribed")
def test_features_ascribed_bound_to_minilateralism(store):
    got = rows(store, "features-ascribed", "work", "modality", "relation", "feature_label", "claim", entity="concept/minilateralism")
    assert ordered(got) == ordered(g[2:3] + g[4:6] + g[7:] for g in expected_features("concept/minilateralism"))
    p = "article/panda-park-2024"
    assert ordered(got) == ordered(
        [
            ("article/dee-2024", "asserts", "has feature", "inside-outside dynamic evolution", "claim/dee-inside-outside-dynamic-evolution"),
            (p, "asserts", "has feature", "flexibility", "claim/panda-park-narrower-flexible-framework"),
            (p, "recommends", "has feature", "flexibility", "claim/panda-park-path-flexible-outreach"),
            (p, "asserts", "has feature", "identifying features of minilateralism", "claim/panda-park-identifying-features"),
            (p, "predicts", "has feature", "multilateralism", "claim/panda-park-plus-model-more-multilateral"),
            (p, "asserts", "lacks", "diversity", "claim/panda-park-inclusiveness-diversity-concerns"),
            (p, "asserts", "lacks", "efficiency", "claim/panda-park-efficiency-evidence-lacking"),
            (p, "asserts", "lacks", "inclusiveness", "claim/panda-park-inclusiveness-diversity-concerns"),
        ]
    )


# --- disagreements --------------------------------------------------------------------------


@covers("disagreements")
def test_disagreements(store):
    got = [
        (rel, c, cl, split(ch), t, tl, split(th), split(shared), origin, rationale)
        for rel, c, cl, ch, t, tl, th, shared, origin, rationale in rows(store, "disagreements")
    ]

    def about(c: dict) -> set[str]:
        return {ref for refs in c["about"].values() for ref in refs}

    expected = []
    for slug, c in claims().items():
        for link in c.get("links", []):
            target = claims()[link["target"]]
            if link["relation"] not in ("contests", "qualifies") or target["entry"] == c["entry"]:
                continue
            expected.append(
                (
                    olabel(link["relation"]),
                    "claim/" + slug,
                    c["label_en"],
                    frozenset(en(h) for h in holders(c)),
                    "claim/" + link["target"],
                    target["label_en"],
                    frozenset(en(h) for h in holders(target)),
                    frozenset(en(ref) for ref in about(c) & about(target)),
                    olabel({"stated": "StatedInDigest", "curator": "CuratorReading"}[link["origin"]]),
                    link["rationale"]["en"],
                )
            )
    assert ordered(got) == ordered(expected)
    # issue 11: no source contests another; six cross-source qualifications, all curators' readings
    assert len(got) == 6
    assert {g[0] for g in got} == {"qualifies"} and {g[8] for g in got} == {"curator's reading"}
    assert ("claim/bisley-security-infrastructure-not-balancing", "claim/wu-kim-us-minilateralism-dual-intent") in {(g[1], g[4]) for g in got}
    assert {g[3] for g in got if g[1].startswith("claim/wu-kim-us-")} == {frozenset({"China"})}
    assert {g[6] for g in got if g[4].startswith("claim/panda-park-")} == {frozenset({"Jagannath Panda", "Jae Jeok Park"})}


# --- counts ---------------------------------------------------------------------------------


@covers("claims-by-holder-and-modality")
def test_claims_by_holder_and_modality(store):
    got = rows(store, "claims-by-holder-and-modality", "work", "holder_kind", "modality", "claims")
    counts = Counter((work(c), holder_kind(c), modality(c)) for c in claims().values())
    assert ordered(got) == ordered((*key, n) for key, n in counts.items())
    assert sum(g[3] for g in got) == 105 and len(got) == 19
    # the preface: the editors assert, recommend and ask (本期…探讨了…)
    assert ordered(g[1:] for g in got if g[0] == "preface/minilateralism") == ordered(
        [("the digest's editors", "asserts", 3), ("the digest's editors", "recommends", 2), ("the digest's editors", "asks", 1)]
    )
    assert [g for g in got if g[1] == "a reported actor"] == [("article/wu-kim-2024", "a reported actor", "reports a view", 4)]


@covers("statements-by-predicate")
def test_statements_by_predicate(store):
    got = rows(store, "statements-by-predicate", "predicate", "predicate_label", "work", "statements")
    counts = Counter((f"mlo:{PREDICATE[st['predicate']]}", pred(st["predicate"]), work(c)) for c in claims().values() for st in c["statements"])
    assert ordered(got) == ordered((*key, n) for key, n in counts.items())
    assert sum(g[3] for g in got) == 238
    totals = Counter()
    for p, _, _, n in got:
        totals[p] += n
    assert totals["mlo:hasFeature"] == 26 and totals["mlo:isKindOf"] == 25 and totals["mlo:insteadOf"] == 2


# --- what a claim says ----------------------------------------------------------------------


def expected_content(slug: str | None = None) -> list[tuple]:
    out = []
    for s, c in claims().items():
        if slug not in (None, s):
            continue
        for st in statements(c):
            means = sorted((en(m) for m in st["means"]), key=str) or [None]
            for m in means:
                out.append(
                    (
                        "claim/" + s,
                        modality(c),
                        st["role"],
                        en(st["subject"]),
                        pred(st["predicate"]),
                        en(st["object"]),
                        zh(st["subject"]),
                        olabel(PREDICATE[st["predicate"]], "zh"),
                        zh(st["object"]),
                        st["negated"],
                        m,
                        en(st["region"]) if st["region"] else None,
                        time_value(st["start"]),
                        time_value(st["end"]),
                    )
                )
    return out


@covers("claim-content")
def test_claim_content(store):
    got = rows(store, "claim-content")
    assert ordered(got) == ordered(expected_content())
    # one row per statement, one more per extra means
    extra = sum(max(0, len(st.get("means", [])) - 1) for c in claims().values() for st in c["statements"])
    assert len(got) == 238 + extra == 243
    # a statement whose subject has no Chinese label (Megan Dee) is still there
    assert ("claim/dee-practical-contribution-nuclear-governance-reform", "asserts", "content", "Megan Dee", "influences", "global nuclear governance") in {g[:6] for g in got}
    # the 1980s as a decade: the year 1980
    dated = {(g[3], g[4], g[5], g[12]) for g in got if g[0] == "claim/wu-kim-preference-evolution-causes" and g[12]}
    assert dated == {("China", "causes", en("event/chn-multilateral-preference-1980s"), "1980")}


@covers("claim-content")
def test_claim_content_bound_to_trump_return_scenario(store):
    got = rows(store, "claim-content", claim="claim/wu-kim-trump-return-scenario")
    # 如果特朗普重新掌权，中国式多边主义则将更多发挥遏制美国单边倾向的作用，或将赢得美国传统盟友与伙伴的支持
    c = "claim/wu-kim-trump-return-scenario"
    assert got == [
        (c, "predicts", "condition", "United States", "dominated by", "Donald Trump", "美国", "由…主导", "特朗普", False, None, None, None, None),
        (c, "predicts", "outcome", "Chinese-style multilateralism", "erodes", "unilateralism", zh("concept/chinese-style-multilateralism"), "削弱", zh("concept/unilateralism"), False, None, None, None, None),
        (c, "predicts", "outcome", "US allies and partners", "strengthens", "Chinese-style multilateralism", zh("concept/us-allies-and-partners"), "增强", zh("concept/chinese-style-multilateralism"), False, None, None, None, None),
    ]
    assert got == expected_content("wu-kim-trump-return-scenario")


# --- theories, research questions, denials --------------------------------------------------


@covers("theories-applied")
def test_theories_applied(store):
    got = rows(store, "theories-applied", "theory", "theory_label", "work", "claim", "relation", "other_label")
    expected = [
        (ref, en(ref), work(c), "claim/" + slug, pred(st["predicate"]), en(other))
        for slug, c in claims().items()
        for st in statements(c)
        for ref, other in ((st["object"], st["subject"]), (st["subject"], st["object"]))
        if ref.startswith("theory/")
    ]
    assert ordered(got) == ordered(expected)
    # 澳大利亚的政策转变受到新古典现实主义理论的影响
    assert got == [("theory/neoclassical-realism", "neoclassical realism", "article/bisley-forthcoming", "claim/bisley-neoclassical-realist-explanation", "influences", "Australia's security policy shift")]


def expected_questions(entry: str | None = None) -> list[tuple]:
    return ordered(
        (work(c), "claim/" + slug, c["label_en"], c["label_zh"], frozenset(en(t) for t in c["about"]["topic"]))
        for slug, c in claims().items()
        if c["modality"] == "asks" and entry in (None, c["entry"])
    )


@covers("research-questions")
def test_research_questions(store):
    got = [(w, c, l, lz, split(t)) for w, c, l, lz, t in rows(store, "research-questions")]
    assert ordered(got) == expected_questions()
    assert len(got) == 13
    assert Counter(g[0] for g in got) == {
        "article/bisley-forthcoming": 5,
        "article/dee-2024": 4,
        "article/panda-park-2024": 2,
        "article/wu-kim-2024": 1,
        "preface/minilateralism": 1,
    }


@covers("research-questions")
def test_research_questions_bound_to_dee(store):
    got = [(c, l, split(t)) for _, c, l, _, t in rows(store, "research-questions", work="article/dee-2024")]
    assert ordered(got) == ordered((c, l, t) for _, c, l, _, t in expected_questions("article-3"))
    assert [g[0] for g in got] == [
        "claim/dee-research-focus-minilateral-response",
        "claim/dee-rq-complement-or-challenge-npt",
        "claim/dee-rq-conditions-for-minilateral-choice",
        "claim/dee-rq-dynamic-evolution-impact",
    ]
    assert got[1][1] == "RQ: does minilateralism complement or challenge the NPT system?"


@covers("denials")
def test_denials(store):
    got = rows(store, "denials", "work", "claim", "subject_label", "predicate_label", "denied_label")
    expected = [
        (work(c), "claim/" + slug, en(st["subject"]), pred(st["predicate"]), en(st["object"]))
        for slug, c in claims().items()
        for st in statements(c)
        if st["negated"] or st["predicate"] == "instead_of"
    ]
    assert ordered(got) == ordered(expected)
    assert len(got) == 17 + 2
    # 小多边主义…并非…硬制衡或制度制衡: what the Quad and AUKUS are not
    b = ("article/bisley-forthcoming", "claim/bisley-quad-aukus-security-infrastructure")
    assert {g[2:] for g in got if g[:2] == b} == {
        ("AUKUS", "is a kind of", "hard balancing"),
        ("AUKUS", "is a kind of", "institutional balancing"),
        ("Quadrilateral Security Dialogue", "is a kind of", "hard balancing"),
        ("Quadrilateral Security Dialogue", "is a kind of", "institutional balancing"),
    }


# --- everything said about an entity, by holder ---------------------------------------------


def expected_entity_claims(entity: str | None = None) -> set[tuple]:
    return {
        (ent, h, en(h), work(c), modality(c), "claim/" + slug, c["label_en"])
        for slug, c in claims().items()
        for st in statements(c)
        for ent in (st["subject"], st["object"])
        if entity in (None, ent)
        for h in holders(c)
    }


@covers("entity-claims-by-holder")
def test_entity_claims_by_holder(store):
    got = rows(store, "entity-claims-by-holder", "entity", "holder", "holder_label", "work", "modality", "claim", "claim_label")
    assert len(got) == len(set(got))  # DISTINCT
    assert set(got) == expected_entity_claims()
    # the preface's claims are the editors'; Wu & Kim's reported views are China's, not the authors'
    assert {g[1] for g in got if g[3] == "preface/minilateralism"} == {EDITORS}
    assert {g[2] for g in got if g[5] == "claim/wu-kim-us-minilateralism-dual-intent"} == {"China"}


@covers("entity-claims-by-holder")
def test_entity_claims_by_holder_bound_to_aukus(store):
    got = rows(store, "entity-claims-by-holder", "holder_label", "work", "modality", "claim", entity="mechanism/aukus")
    assert set(got) == {g[2:6] for g in expected_entity_claims("mechanism/aukus")}
    # every statement on AUKUS is Bisley's (No. 4); AUKUS as a means (bisley-capability-without-harming-economy) counts
    # only through its membership statement (澳大利亚…加入AUKUS)
    assert got == [
        ("Nick Bisley", "article/bisley-forthcoming", "asserts", "claim/bisley-aukus-emerging-technologies"),
        ("Nick Bisley", "article/bisley-forthcoming", "asserts", "claim/bisley-aukus-strategic-military-capability"),
        ("Nick Bisley", "article/bisley-forthcoming", "asserts", "claim/bisley-capability-without-harming-economy"),
        ("Nick Bisley", "article/bisley-forthcoming", "denies", "claim/bisley-quad-aukus-security-infrastructure"),
        ("Nick Bisley", "article/bisley-forthcoming", "asserts", "claim/bisley-shift-prompted-quad-revival-aukus"),
    ]


# --- complements or erodes ------------------------------------------------------------------


def expected_relations(subject: str | None = None) -> list[tuple]:
    return ordered(
        (st["subject"], en(st["subject"]), pred(st["predicate"]), en(st["object"]), st["negated"], work(c), holder_kind(c), modality(c), "claim/" + slug)
        for slug, c in claims().items()
        for st in statements(c)
        if st["predicate"] in ("strengthens", "complements", "erodes", "contrasts_with") and subject in (None, st["subject"])
    )


@covers("complements-or-erodes")
def test_complements_or_erodes(store):
    got = rows(store, "complements-or-erodes", "subject", "subject_label", "relation", "object_label", "negated", "work", "holder_kind", "modality", "claim")
    assert ordered(got) == expected_relations()
    assert len(got) == 20 + 7 + 14 + 9


@covers("complements-or-erodes")
def test_complements_or_erodes_bound_to_minilateralism_and_multilateralism(store):
    got = rows(store, "complements-or-erodes", "relation", "object_label", "negated", "work", "modality", "claim", subject="concept/minilateralism")
    assert ordered(got) == ordered((g[2], g[3], g[4], g[5], g[7], g[8]) for g in expected_relations("concept/minilateralism"))
    assert Counter(g[0] for g in got) == {"strengthens": 8, "complements": 6, "erodes": 3, "contrasts with": 1}
    # minilateralism and multilateralism: complementary, not eroding — both articles that weigh it say so
    multi = ordered((g[0], g[2], g[4], g[5]) for g in got if g[1] == "multilateralism")
    p = "claim/panda-park-"
    assert multi == ordered(
        [
            ("complements", False, "recommends", p + "hybrid-model-proposal"),
            ("complements", False, "asserts", p + "fills-governance-gap"),
            ("complements", False, "recommends", p + "path-synergy"),
            ("complements", False, "asserts", "claim/dee-complementarity-beyond-binary"),
            ("contrasts with", False, "asserts", p + "narrower-flexible-framework"),
            ("erodes", True, "asserts", p + "parallel-branch-of-multilateralism"),
            ("erodes", True, "recommends", p + "within-multilateral-values"),
            ("strengthens", False, "asks", p + "antidote-or-fragmentation-question"),
        ]
    )
    # Dee asks whether minilateralism complements or challenges the NPT: both statements are asked, not held
    assert {(g[0], g[4]) for g in got if g[5] == "claim/dee-rq-complement-or-challenge-npt"} == {("complements", "asks"), ("erodes", "asks")}


# --- dated issue areas ----------------------------------------------------------------------


def expected_dated(mechanism: str | None = None) -> list[tuple]:
    return ordered(
        (
            "mechanism/" + m["slug"],
            "issue-area/" + d["area"].replace("_", "-"),
            olabel("issue-area/" + d["area"].replace("_", "-")),
            d.get("start"),
            d.get("end"),
            "digest" if d.get("quote") else "background",
        )
        for m in records("mechanisms")
        for d in m.get("dated_issue_areas", [])
        if mechanism in (None, "mechanism/" + m["slug"])
    )


@covers("dated-issue-areas")
def test_dated_issue_areas(store):
    got = rows(store, "dated-issue-areas")
    assert ordered(got) == expected_dated()
    # 2017年，Quad重新启动，其合作范围从传统的军事安全领域转向提供国际公共产品，如基础设施建设、气候变化和公共卫生等领域
    assert got == [
        ("mechanism/quad", "issue-area/climate-change", "climate change", "2017", None, "digest"),
        ("mechanism/quad", "issue-area/infrastructure", "infrastructure", "2017", None, "digest"),
        ("mechanism/quad", "issue-area/public-health", "public health", "2017", None, "digest"),
    ]


@covers("dated-issue-areas")
def test_dated_issue_areas_bound_to_quad_and_to_an_undated_mechanism(store):
    got = rows(store, "dated-issue-areas", "area_label", "start", "layer", mechanism="mechanism/quad")
    assert got == [(d[2], d[3], d[5]) for d in expected_dated("mechanism/quad")] == [("climate change", "2017", "digest"), ("infrastructure", "2017", "digest"), ("public health", "2017", "digest")]
    assert rows(store, "dated-issue-areas", mechanism="mechanism/aukus") == []
