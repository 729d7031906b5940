"""The suggester quality scores (minilat.bench.suggestscore) on tiny hand-made gold and suggestions."""

from __future__ import annotations

import dataclasses
from collections import Counter
from types import SimpleNamespace

import pytest

from minilat import ids
from minilat.bench.suggestscore import (
    Gold,
    GoldClaim,
    GoldMention,
    Ratio,
    Score,
    about_items,
    best_match,
    gold_from_curation,
    overlap,
    score,
    suggested_right,
    to_ref,
    weakest,
)

QUAD = "https://w3id.org/minilat/id/mechanism/quad"


def claim(
    start: int,
    end: int,
    type_: str = "empirical_finding",
    holder: str = "authors",
    modality: str = "asserts",
    rules: list[str] | None = None,
) -> dict:
    return {
        "start": start,
        "end": end,
        "type": type_,
        "holder": holder,
        "modality": modality,
        "rules": rules or [],
    }


def mention(
    entity: str | None,
    start: int,
    end: int,
    article: str = "article-1",
    rule: str = "mention.known-label",
) -> dict:
    return {
        "entity": entity,
        "start": start,
        "end": end,
        "article": article,
        "rule": rule,
        "text": "x",
    }


def gclaim(
    slug: str, start: int, end: int, about: tuple[str, ...] = (), **fields: str
) -> GoldClaim:
    return GoldClaim(
        slug,
        fields.get("entry", "article-1"),
        start,
        end,
        fields.get("type", "empirical_finding"),
        fields.get("holder", "authors"),
        fields.get("modality", "asserts"),
        about,
    )


def test_to_ref_turns_iris_back_into_refs() -> None:
    assert to_ref(QUAD) == "mechanism/quad"
    assert to_ref(str(ids.ref("state/CHN"))) == "state/CHN"
    assert to_ref("concept/minilateralism") == "concept/minilateralism"
    assert to_ref(None) is None


def test_overlap_is_half_open() -> None:
    assert overlap(0, 10, 10, 20) == 0
    assert overlap(0, 10, 9, 20) == 1
    assert overlap(5, 8, 0, 20) == 3


def test_claim_recall_and_precision_with_a_partial_overlap() -> None:
    gold = Gold(claims=[gclaim("a", 0, 10), gclaim("b", 20, 30)])
    # covers a whole; overlaps b by 4 of 10 (below half); lies in no gold claim
    suggestion = {"claims": [claim(0, 10), claim(26, 40), claim(50, 60)]}
    s = score(gold, suggestion)
    assert (s.claim_recall.hit, s.claim_recall.total) == (1, 2)
    assert s.claim_recall.value == 0.5
    assert (s.claim_precision.hit, s.claim_precision.total) == (1, 3)
    assert [c.slug for c in s.missed_claims] == ["b"]


def test_recall_threshold_is_half_of_the_gold_span_inclusive() -> None:
    g = gclaim("g", 0, 10)
    assert best_match(g, [claim(5, 20)]) is not None  # exactly 5 of 10
    assert best_match(g, [claim(6, 20)]) is None  # 4 of 10
    odd = gclaim("odd", 0, 9)
    assert best_match(odd, [claim(5, 30)]) is None  # 4 of 9 < 4.5
    assert best_match(odd, [claim(4, 30)]) is not None  # 5 of 9


def test_precision_threshold_is_half_of_the_suggested_span_or_containment() -> None:
    gold = [gclaim("g", 10, 20)]
    assert suggested_right(claim(15, 25), gold)  # 5 of its 10
    assert not suggested_right(claim(16, 28), gold)  # 4 of its 12
    assert suggested_right(
        claim(0, 100), gold
    )  # contains the gold span though 10 of 100
    assert not suggested_right(claim(20, 30), gold)  # touches, no overlap


def test_best_match_takes_the_largest_overlap_and_the_first_on_ties() -> None:
    g = gclaim("g", 0, 10)
    first, second, bigger = (
        claim(0, 6, type_="causal_claim"),
        claim(4, 10, type_="typology_definition"),
        claim(0, 8),
    )
    assert best_match(g, [first, second]) is first
    assert best_match(g, [first, bigger]) is bigger


def test_field_accuracy_and_rule_counts_use_the_best_matching_claim() -> None:
    gold = Gold(
        claims=[
            gclaim("a", 0, 10, type="causal_claim"),
            gclaim("b", 20, 30, holder="state/CHN", modality="reports_view"),
        ]
    )
    suggestion = {
        "claims": [
            claim(
                0, 3, type_="typology_definition", rules=["type.typology"]
            ),  # smaller overlap: not the pair
            claim(
                0,
                10,
                type_="causal_claim",
                rules=["type.causal", "holder.article-authors", "modality.assert"],
            ),
            claim(
                20,
                30,
                rules=[
                    "type.article-default",
                    "holder.article-authors",
                    "modality.assert",
                ],
            ),
        ]
    }
    s = score(gold, suggestion)
    assert (s.accuracy["type"].hit, s.accuracy["type"].total) == (2, 2)
    assert (s.accuracy["holder"].hit, s.accuracy["holder"].total) == (1, 2)
    assert (s.accuracy["modality"].hit, s.accuracy["modality"].total) == (1, 2)
    assert (
        s.claim_rules["holder.article-authors"].hit,
        s.claim_rules["holder.article-authors"].total,
    ) == (1, 2)
    assert (s.claim_rules["type.causal"].hit, s.claim_rules["type.causal"].total) == (
        1,
        1,
    )
    assert "type.typology" not in s.claim_rules
    assert s.confusions[("holder", "state/CHN", "authors")] == 1
    assert weakest(s.claim_rules, least=2)[0][0] == "holder.article-authors"


def test_about_items_skip_claims_and_events_and_count_an_entity_once_per_claim() -> (
    None
):
    c = gclaim(
        "c",
        0,
        10,
        about=(
            "mechanism/quad",
            "claim/other",
            "event/quad-revival",
            "mechanism/quad",
            "state/CHN",
        ),
    )
    items = about_items([c])
    assert [(i.entity, i.start, i.end, i.claim) for i in items] == [
        ("mechanism/quad", 0, 10, "c"),
        ("state/CHN", 0, 10, "c"),
    ]


def test_mention_recall_by_entity_and_overlap() -> None:
    claims = [gclaim("c", 0, 30, about=("mechanism/quad", "state/CHN", "event/e"))]
    gold = Gold(
        mentions=[
            GoldMention("mechanism/quad", "article-1", 2, 6, "quote"),
            GoldMention("state/USA", "article-1", 40, 42, "quote"),
        ]
        + about_items(claims),
        claims=claims,
    )
    suggestion = {
        "mentions": [
            mention(QUAD, 4, 8),  # overlaps the Quad quote and lies in the claim
            mention(
                "https://w3id.org/minilat/id/state/CHN", 42, 44
            ),  # CHN outside the claim; USA's quote only touched
            mention(None, 40, 42),  # a proposed new entity: no entity, never finds USA
        ]
    }
    s = score(gold, suggestion)
    assert (s.recall_quotes.hit, s.recall_quotes.total) == (1, 2)
    assert (s.recall_about.hit, s.recall_about.total) == (1, 2)
    assert (s.recall_mentions.hit, s.recall_mentions.total) == (2, 4)
    assert (s.recall_about_named.hit, s.recall_about_named.total) == (
        1,
        1,
    )  # only the Quad has a quote in the claim
    assert sorted((m.entity, m.source) for m in s.missed_mentions) == [
        ("state/CHN", "about"),
        ("state/USA", "quote"),
    ]


def test_mention_precision_counts_entities_gold_in_the_same_entry() -> None:
    gold = Gold(
        mentions=[GoldMention("mechanism/quad", "article-1", 0, 4, "quote")],
        claims=[gclaim("p", 0, 10, about=("concept/minilateralism",), entry="preface")],
    )
    suggestion = {
        "mentions": [
            mention(QUAD, 50, 54),  # gold in article-1, anywhere in it
            mention(QUAD, 0, 4, article="preface"),  # not gold in the preface
            mention(
                "https://w3id.org/minilat/id/concept/minilateralism",
                3,
                6,
                article="preface",
                rule="mention.state-abbreviation-run",
            ),
            mention(None, 7, 9),  # no entity: not counted
        ]
    }
    s = score(gold, suggestion)
    assert (s.mention_precision.hit, s.mention_precision.total) == (2, 3)
    assert (
        s.mention_rules["mention.known-label"].hit,
        s.mention_rules["mention.known-label"].total,
    ) == (1, 2)
    assert (
        s.mention_rules["mention.state-abbreviation-run"].hit,
        s.mention_rules["mention.state-abbreviation-run"].total,
    ) == (1, 1)
    assert [m["article"] for m in s.wrong_mentions] == ["preface"]


def test_scores_pool_exactly() -> None:
    gold = Gold(claims=[gclaim("a", 0, 10)])
    total = Score()
    total += score(gold, {"claims": [claim(0, 10)]})
    total += score(gold, {"claims": [claim(50, 60)]})
    assert (total.claim_recall.hit, total.claim_recall.total) == (1, 2)
    assert (total.claim_precision.hit, total.claim_precision.total) == (1, 2)
    assert total.accuracy["type"].total == 1


def test_every_field_of_a_score_is_pooled() -> None:
    """Each field of the pooled score is the two scores' field combined: ratios and per-rule
    ratios summed, lists joined, confusions counted together (so a field left out of
    ``Score.__iadd__`` fails here)."""
    claims = [gclaim("c", 0, 30, about=("mechanism/quad", "state/CHN"))]
    gold = Gold(mentions=[GoldMention("mechanism/quad", "article-1", 2, 6, "quote"), GoldMention("state/USA", "article-1", 40, 42, "quote"), *about_items(claims)], claims=claims)
    one = score(gold, {"mentions": [mention(QUAD, 4, 8), mention(QUAD, 0, 4, article="preface")], "claims": [claim(0, 30, type_="policy_recommendation", rules=["type.recommend"]), claim(50, 60)]})
    two = score(gold, {"mentions": [mention("https://w3id.org/minilat/id/state/USA", 40, 42, rule="mention.state-abbreviation-run")], "claims": [claim(0, 30, holder="editors")]})
    total = Score()
    total += one
    total += two

    def pooled(a: object, b: object) -> object:
        if isinstance(a, Ratio):
            return (a.hit + b.hit, a.total + b.total)
        if isinstance(a, dict) and not isinstance(a, Counter):
            return {k: pooled(a.get(k, Ratio()), b.get(k, Ratio())) for k in a.keys() | b.keys()}
        return a + b  # lists and the confusions Counter

    def shown(value: object) -> object:
        if isinstance(value, Ratio):
            return (value.hit, value.total)
        return {k: shown(v) for k, v in value.items()} if isinstance(value, dict) and not isinstance(value, Counter) else value

    for f in dataclasses.fields(Score):
        a, b = getattr(one, f.name), getattr(two, f.name)
        assert shown(getattr(total, f.name)) == pooled(a, b), f.name
    # the two scores differ in every kind of field, so the check means something
    assert one.wrong_mentions and two.missed_claims == [] and one.confusions != two.confusions
    assert one.mention_rules.keys() != two.mention_rules.keys() and one.claim_rules


def test_empty_suggestion_scores_zero_not_none() -> None:
    gold = Gold(
        mentions=[GoldMention("state/CHN", "preface", 0, 2, "quote")],
        claims=[gclaim("a", 0, 10)],
    )
    s = score(gold, {})
    assert s.recall_mentions.value == 0.0
    assert s.claim_recall.value == 0.0
    assert s.claim_precision.value is None
    assert s.mention_precision.value is None


def test_gold_round_trips_through_json() -> None:
    gold = Gold(
        [GoldMention("state/CHN", "preface", 0, 2, "quote")],
        [gclaim("a", 0, 10, about=("state/CHN",))],
    )
    assert Gold.from_json(gold.to_json()) == gold


def test_gold_from_curation_reads_quotes_claims_and_about_entities() -> None:
    anchor = lambda entry, start, end: SimpleNamespace(
        entry=entry, start=start, end=end
    )
    anchors = {
        ("mentions", "mechanism/quad", 0): anchor("article-1", 5, 9),
        ("mentions", "mechanism/quad", 1): anchor("article-2", 70, 74),
        ("claims", "c1", 0): anchor("article-1", 0, 20),
    }
    about = SimpleNamespace(
        refs=lambda: [
            ("topic", "mechanism/quad"),
            ("actor", "state/CHN"),
            ("context", "event/x"),
        ]
    )
    curation = SimpleNamespace(
        of=lambda kind: {
            "mentions": [
                SimpleNamespace(
                    entity="mechanism/quad", mentions=["四方安全对话", "Quad"]
                )
            ],
            "claims": [
                SimpleNamespace(
                    slug="c1",
                    entry="article-1",
                    type="causal_claim",
                    holder="authors",
                    modality="asserts",
                    about=about,
                )
            ],
        }[kind]
    )
    gold = gold_from_curation(
        curation, SimpleNamespace(get=lambda kind, key, i=0: anchors[(kind, key, i)])
    )
    assert [(m.entity, m.entry, m.start, m.end, m.source) for m in gold.mentions] == [
        ("mechanism/quad", "article-1", 5, 9, "quote"),
        ("mechanism/quad", "article-2", 70, 74, "quote"),
        ("mechanism/quad", "article-1", 0, 20, "about"),
        ("state/CHN", "article-1", 0, 20, "about"),
    ]
    assert gold.claims == [
        GoldClaim(
            "c1",
            "article-1",
            0,
            20,
            "causal_claim",
            "authors",
            "asserts",
            ("mechanism/quad", "state/CHN", "event/x"),
        )
    ]


@pytest.mark.parametrize("least, expected", [(1, ["r.bad", "r.good"]), (3, [])])
def test_weakest_orders_by_share_and_drops_rare_rules(
    least: int, expected: list[str]
) -> None:
    from minilat.bench.suggestscore import Ratio

    rules = {"r.good": Ratio(2, 2), "r.bad": Ratio(1, 2)}
    assert [name for name, _ in weakest(rules, least=least)] == expected
