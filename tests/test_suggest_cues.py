"""Claim-candidate text rules (minilat.pipeline.suggest.cues): every rule's examples, synthetic
sentences of other themes, and pinned counts on the real minilateralism issue."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from minilat.pipeline.suggest import cues
from minilat.pipeline.suggest.rules import Rule

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "corpus/digests/000_8fd7909f589424fb.txt"


def spans_text(text: str) -> list[str]:
    """The texts of sentences()' spans."""
    return [text[a:b] for a, b in cues.sentences(text)]


def run(rule: Rule, given: object) -> object:
    """What the function implementing ``rule`` returns for one example input, with the rule's
    name checked where the function reports it (so the example is decided by that rule)."""
    name = rule.name
    if name.startswith("split."):
        return spans_text(given)
    if name.startswith("type."):
        kind, by = cues.claim_type(*given)
        assert by == name, (given, by)
        return kind
    if name.startswith("holder."):
        role, actor, by = cues.holder(*given)
        assert by == name, (given, by)
        return role, actor
    if name.startswith("modality."):
        mod, by = cues.modality(*given)
        assert by == name, (given, by)
        return mod
    if name.startswith("contrast."):
        found = cues.contrast(given)
        assert found is not None and found[1] == name, (given, found)
        return found[0]
    if name.startswith("predicate.default-"):
        pred, by = cues.default_predicate(given)
        assert by == name
        return pred
    if name.startswith("predicate."):
        found = cues.predicate(given)
        assert found is not None and found[2] == name, (given, found)
        return found[0], found[1]
    raise AssertionError(f"no function implements rule {name}")


@pytest.mark.parametrize(
    ("rule", "given", "expected"),
    [(r, i, e) for r in cues.RULES.values() for i, e in r.examples],
    ids=lambda v: v.name if isinstance(v, Rule) else "",
)
def test_rule_examples(rule: Rule, given: object, expected: object) -> None:
    assert run(rule, given) == expected


def test_every_rule_has_examples_and_a_dotted_name() -> None:
    families = {"split", "type", "holder", "modality", "contrast", "predicate"}
    for name, rule in cues.RULES.items():
        assert rule.examples, name
        assert name.split(".")[0] in families and "." in name, name


def test_boundaries_are_left_to_another_rule() -> None:
    """应该被视为 is no recommendation; 使…无法 is no denial of the main clause."""
    assert cues.claim_type("因此，该协定应该被视为多边体制的补充。", "article-2") == ("typology_definition", "type.typology")
    assert cues.modality("关税壁垒使小国无法进入市场。", "causal_claim", False) == ("asserts", "modality.assert")
    assert cues.modality("但其资金来源并不稳定。", "empirical_finding", False) == ("asserts", "modality.assert")
    assert cues.claim_type("与欧盟不同，东盟更依赖外部援助。", "article-1") == ("typology_definition", "type.typology")
    assert cues.holder("这一机制被认为是对疫苗短缺的回应。", "article-1") == ("authors", None, "holder.article-authors")


# --- synthetic sentences of other themes: (sentence, entry, type, holder role, actor, modality) ---
SYNTHETIC = [
    ("研究发现，加入气候俱乐部的国家碳排放强度下降更快。", "article-1", "empirical_finding", "authors", None, "asserts"),
    ("文章指出，疫苗民族主义导致低收入国家接种率长期偏低。", "article-2", "causal_claim", "authors", None, "asserts"),
    ("作者认为，芯片联盟是一种以技术标准为纽带的小多边安排。", "article-3", "typology_definition", "authors", None, "asserts"),
    ("作者建议，区域卫生机制应当建立常设的信息共享平台。", "article-1", "policy_recommendation", "authors", None, "recommends"),
    ("如果主要经济体退出协定，全球碳市场或将进一步碎片化。", "article-2", "scenario_prediction", "authors", None, "predicts"),
    ("本文试图回答数字贸易协定为何在亚太地区迅速扩散。", "article-4", "research_question", "authors", None, "asks"),
    ("第二，本研究的样本有待扩展到非洲国家。", "article-3", "study_limitation", "authors", None, "states_limitation"),
    ("本期聚焦全球卫生治理中的区域合作，探讨了其兴起原因。", "preface", "research_question", "editors", None, "asks"),
    ("推动数字治理朝着更加公平的方向发展是国际社会的共同责任。", "preface", "editorial_position", "editors", None, "asserts"),
    ("在欧盟看来，碳边境调节机制有助于防止碳泄漏。", "article-2", "causal_claim", "reported", "欧盟", "reports_view"),
    ("美国认为，半导体出口管制将长期限制竞争对手的技术进步。", "article-4", "scenario_prediction", "reported", "美国", "reports_view"),
    ("研究指出，贸易小多边协定并非多边贸易体制的替代品。", "article-1", "empirical_finding", "authors", None, "denies"),
    ("韩国与日本的供应链合作由于历史争端而进展缓慢。", "article-3", "causal_claim", "authors", None, "asserts"),
    ("技术标准联盟的扩大是否会削弱联合国的作用？", "article-2", "research_question", "authors", None, "asks"),
]


@pytest.mark.parametrize(("sentence", "entry", "kind", "role", "actor", "mod"), SYNTHETIC)
def test_synthetic_sentences(sentence: str, entry: str, kind: str, role: str, actor: str | None, mod: str) -> None:
    got_kind, _ = cues.claim_type(sentence, entry)
    got_role, got_actor, _ = cues.holder(sentence, entry)
    assert (got_kind, got_role, got_actor) == (kind, role, actor)
    assert cues.modality(sentence, got_kind, got_role == "reported")[0] == mod


def test_sentences_splits_enumeration_and_semicolons() -> None:
    text = "作者提出了具体路径：（1）扩大疫苗生产合作；（2）统一监管标准。此外，一方面资金不足；另一方面协调困难。"
    assert spans_text(text) == ["作者提出了具体路径：（1）扩大疫苗生产合作", "（2）统一监管标准。",
                                "此外，一方面资金不足", "另一方面协调困难。"]


def test_sentences_spans_are_trimmed_ordered_and_disjoint() -> None:
    text = "  气候俱乐部正在扩大。 \n成员国有何共识？其影响仍待观察"
    spans = cues.sentences(text)
    assert [text[a:b] for a, b in spans] == ["气候俱乐部正在扩大。", "成员国有何共识？", "其影响仍待观察"]
    assert all(a < b for a, b in spans) and all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))
    assert cues.sentences("") == [] and cues.sentences("  ") == []


def test_predicate_none_and_leftmost_cue() -> None:
    assert cues.predicate("与") is None
    assert cues.predicate("积极回应并加强") == ("responds_to", False, "predicate.responds-to")
    assert cues.predicate("的协同效应与") is None  # 效应 is no modal 应
    assert cues.contrast("气候俱乐部正在扩大。") is None


@pytest.fixture(scope="module")
def issue() -> list[tuple[str, str]]:
    from minilat.pipeline.parse import parse

    return [(entry, p.text) for entry, p in parse(ISSUE).paragraphs()]


def test_real_issue_span_counts(issue: list[tuple[str, str]]) -> None:
    """Pinned as measured: 102 spans in all, 6 in the preface's one paragraph."""
    counts = {}
    for entry, text in issue:
        counts[entry] = counts.get(entry, 0) + len(cues.sentences(text))
    assert counts == {"preface": 6, "article-1": 28, "article-2": 21, "article-3": 25, "article-4": 22}
    preface = issue[0][1]
    assert spans_text(preface)[1:4] == [
        "本期《全球治理学科动态》以“全球治理中的小多边主义”为主题，探讨了小多边主义的兴起原因、表现形式及其在应对全球性挑战方面的有效性与局限性",
        "分析了小多边安排在制度合法性、代表性及公平性方面的挑战",
        "深化了对小多边主义作用机制和实际效果的认识，为理解全球治理转型趋势及其背后的政治经济逻辑提供了有益启示。",
    ]
