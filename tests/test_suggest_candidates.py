"""Candidate new entities (minilat.pipeline.suggest.candidates): rule examples, whole
paragraphs with exact outputs, and the committed ISO 3166-1 zh/en table."""

from __future__ import annotations

import csv

import pytest

from minilat.pipeline.suggest import candidates as cand
from minilat.pipeline.suggest.candidates import (
    RULES,
    Candidate,
    apply_rule,
    brief,
    find_candidates,
    states,
)

RULE_EXAMPLES = [(name, i, inp, exp) for name, rule in RULES.items() for i, (inp, exp) in enumerate(rule.examples)]


def test_every_rule_has_examples_and_a_finder() -> None:
    assert list(RULES) == [
        "candidate.name-with-acronym",
        "candidate.title-in-guillemets",
        "candidate.state-name",
        "candidate.quoted-term",
        "candidate.latin-acronym",
        "candidate.jieba-proper-noun",
    ]
    for rule in RULES.values():
        assert rule.description and len(rule.examples) >= 2
        assert any(exp for _, exp in rule.examples), f"{rule.name} has no positive example"


@pytest.mark.parametrize(("name", "index", "text", "expected"), RULE_EXAMPLES, ids=[f"{n}#{i}" for n, i, _, _ in RULE_EXAMPLES])
def test_rule_examples(name: str, index: int, text: str, expected: tuple) -> None:
    found = apply_rule(name, text)
    assert tuple(brief(c) for c in found) == tuple(expected)
    for c in found:
        assert c.rule == name and text[c.start : c.end] == c.text


def C(start: int, end: int, text: str, name: str, type_: str, rule: str, acronym: str | None = None, state: str | None = None) -> Candidate:
    return Candidate(start, end, text, name, type_, f"candidate.{rule}", acronym, state)  # type: ignore[arg-type]


PARAGRAPHS = {
    "climate": (
        (
            "2015年，《联合国气候变化框架公约》缔约方在巴黎通过《巴黎协定》，欧盟与中国承诺推动“碳中和”，"
            "小岛屿国家联盟（AOSIS）则呼吁发达国家兑现资金承诺。"
        ),
        [
            C(6, 19, "《联合国气候变化框架公约》", "联合国气候变化框架公约", "treaty", "title-in-guillemets"),
            C(23, 25, "巴黎", "巴黎", "place", "jieba-proper-noun"),
            C(27, 33, "《巴黎协定》", "巴黎协定", "treaty", "title-in-guillemets"),
            C(37, 39, "中国", "中国", "state", "state-name", state="CHN"),
            C(43, 48, "“碳中和”", "碳中和", "concept", "quoted-term"),
            C(49, 63, "小岛屿国家联盟（AOSIS）", "小岛屿国家联盟", "mechanism", "name-with-acronym", acronym="AOSIS"),
        ],
    ),
    "health": (
        (
            "新冠疫情期间，世界卫生组织（WHO）与全球疫苗免疫联盟（Gavi）共同发起COVAX机制，南非和印度在世界贸易组织"
            "提出豁免知识产权的“疫苗民族主义”批评。"
        ),
        [
            C(7, 18, "世界卫生组织（WHO）", "世界卫生组织", "mechanism", "name-with-acronym", acronym="WHO"),
            C(19, 33, "全球疫苗免疫联盟（Gavi）", "全球疫苗免疫联盟", "mechanism", "name-with-acronym", acronym="Gavi"),
            C(37, 42, "COVAX", "COVAX", "mechanism", "latin-acronym", acronym="COVAX"),
            C(45, 47, "南非", "南非", "state", "state-name", state="ZAF"),
            C(48, 50, "印度", "印度", "state", "state-name", state="IND"),
            C(51, 57, "世界贸易组织", "世界贸易组织", "organization", "jieba-proper-noun"),
            C(66, 74, "“疫苗民族主义”", "疫苗民族主义", "concept", "quoted-term"),
        ],
    ),
    "trade": (
        (
            "美国主导的印太经济框架（IPEF）与区域全面经济伙伴关系协定（RCEP）并存，越南、新加坡和马来西亚在两者之间"
            "寻求平衡，避免“选边站”。"
        ),
        [
            C(0, 2, "美国", "美国", "state", "state-name", state="USA"),
            C(5, 17, "印太经济框架（IPEF）", "印太经济框架", "mechanism", "name-with-acronym", acronym="IPEF"),
            C(18, 36, "区域全面经济伙伴关系协定（RCEP）", "区域全面经济伙伴关系协定", "treaty", "name-with-acronym", acronym="RCEP"),
            C(39, 41, "越南", "越南", "state", "state-name", state="VNM"),
            C(42, 45, "新加坡", "新加坡", "state", "state-name", state="SGP"),
            C(46, 50, "马来西亚", "马来西亚", "state", "state-name", state="MYS"),
            C(62, 67, "“选边站”", "选边站", "concept", "quoted-term"),
        ],
    ),
    "region": (
        "东南亚国家联盟(ASEAN)秘书处位于雅加达，印度尼西亚总统佐科与菲律宾就南海问题交换意见，中非合作论坛亦讨论基础设施融资。",
        [
            C(0, 14, "东南亚国家联盟(ASEAN)", "东南亚国家联盟", "mechanism", "name-with-acronym", acronym="ASEAN"),
            C(19, 22, "雅加达", "雅加达", "place", "jieba-proper-noun"),
            C(23, 28, "印度尼西亚", "印度尼西亚", "state", "state-name", state="IDN"),
            C(30, 32, "佐科", "佐科", "person", "jieba-proper-noun"),
            C(33, 36, "菲律宾", "菲律宾", "state", "state-name", state="PHL"),
            C(37, 39, "南海", "南海", "place", "jieba-proper-noun"),
        ],
    ),
    "digest": (
        (
            "当前，《不扩散核武器条约》（简称NPT）框架停滞，澳大利亚通过四方安全对话（Quad）和奥库斯（AUKUS）回应中国崛起，"
            "这种“点菜式多边主义”振兴“昏迷”的多边主义。"
        ),
        [
            C(3, 20, "《不扩散核武器条约》（简称NPT）", "不扩散核武器条约", "treaty", "title-in-guillemets", acronym="NPT"),
            C(25, 29, "澳大利亚", "澳大利亚", "state", "state-name", state="AUS"),
            C(31, 43, "四方安全对话（Quad）", "四方安全对话", "mechanism", "name-with-acronym", acronym="Quad"),
            C(44, 54, "奥库斯（AUKUS）", "奥库斯", "mechanism", "name-with-acronym", acronym="AUKUS"),
            C(56, 58, "中国", "中国", "state", "state-name", state="CHN"),
            C(63, 72, "“点菜式多边主义”", "点菜式多边主义", "concept", "quoted-term"),
        ],
    ),
}


@pytest.mark.parametrize("key", list(PARAGRAPHS))
def test_find_candidates_exact(key: str) -> None:
    text, expected = PARAGRAPHS[key]
    found = find_candidates(text)
    assert found == expected
    assert all(text[c.start : c.end] == c.text for c in found)


def test_overlaps_longest_span_then_specific_rule() -> None:
    text = "《巴黎协定》与世界贸易组织（WTO）"
    # the jieba word 巴黎 and the acronym WTO lie inside longer spans; 世界贸易组织 (nt) loses to the bracketed name
    assert [(c.text, c.name, c.type, c.acronym) for c in apply_rule("candidate.jieba-proper-noun", text)] == [
        ("巴黎", "巴黎", "place", None), ("世界贸易组织", "世界贸易组织", "organization", None)]
    assert [(c.text, c.name, c.type, c.acronym) for c in apply_rule("candidate.latin-acronym", text)] == [("WTO", "WTO", "mechanism", "WTO")]
    assert [(c.text, c.rule) for c in find_candidates(text)] == [
        ("《巴黎协定》", "candidate.title-in-guillemets"),
        ("世界贸易组织（WTO）", "candidate.name-with-acronym"),
    ]
    # equal spans: the state rule beats jieba's ns tag (the jieba rule itself skips state names)
    same = [
        Candidate(0, 2, "日本", "日本", "place", "candidate.jieba-proper-noun"),
        Candidate(0, 2, "日本", "日本", "state", "candidate.state-name", state="JPN"),
    ]
    assert cand.resolve(same) == [same[1]]


def test_real_issue_first_summary() -> None:
    from minilat import paths
    from minilat.pipeline.parse import parse

    paragraphs = [p.text for _, p in parse(paths.DIGEST).paragraphs()]
    found = [c for text in paragraphs for c in find_candidates(text)]
    names = {(c.name, c.type) for c in found}
    assert {("亚洲基础设施投资银行", "mechanism"), ("核供应国集团", "mechanism"), ("导弹技术控制制度", "mechanism"),
            ("不扩散核武器条约", "treaty"), ("点菜式多边主义", "concept"), ("拜登", "person")} <= names
    assert ("全球治理学科动态", "concept") not in names
    assert ("中国式", "concept") not in names and ("昏迷", "concept") not in names


# --- the committed table -----------------------------------------------------------------


def _rows() -> dict[str, list[str]]:
    with cand.STATES_TSV.open(encoding="utf-8") as f:
        assert f.readline().startswith("# Source: Debian package iso-codes 4.15.0-1")
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert next(reader) == ["alpha_3", "alpha_2", "en", "zh", "zh_aliases", "kind"]
        return {r[0]: r for r in reader}


def test_states_table_rows() -> None:
    rows = _rows()
    assert len(rows) == 249
    assert sum(r[5] == "state" for r in rows.values()) == 195
    assert rows["USA"] == ["USA", "US", "United States", "美国", "美利坚合众国", "state"]
    assert rows["KOR"] == ["KOR", "KR", "South Korea", "韩国", "大韩民国", "state"]
    assert rows["CHN"] == ["CHN", "CN", "China", "中国", "中华人民共和国", "state"]
    assert rows["AUS"] == ["AUS", "AU", "Australia", "澳大利亚", "", "state"]
    assert rows["HKG"][5] == rows["TWN"][5] == "territory"


def test_states_api() -> None:
    listed = states()
    assert len(listed) == 195 and len(states(include_territories=True)) == 249
    kor = next(s for s in listed if s.iso3 == "KOR")
    assert (kor.en, kor.zh, kor.aliases_zh) == ("South Korea", "韩国", ("大韩民国",))
    assert {s.iso3 for s in listed if "韩国" in (s.zh, *s.aliases_zh) or "大韩民国" in (s.zh, *s.aliases_zh)} == {"KOR"}
    assert "HKG" not in {s.iso3 for s in listed}
