"""The parser reads the real digest exactly, and synthetic digests of the series' layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from factory import FakeArticle, digest
from hypothesis import given, settings
from hypothesis import strategies as st

from minilat import paths
from minilat.errors import UserError
from minilat.pipeline.citation import split_authors
from minilat.pipeline.parse import Digest, parse


@pytest.fixture(scope="module")
def real() -> Digest:
    return parse(paths.DIGEST)


def write(tmp_path: Path, text: str, name: str = "d.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_series_theme_reviewers(real: Digest) -> None:
    assert real.series == "全球治理学科动态"
    assert real.theme == "全球治理中的小多边主义"
    assert real.reviewers == ["陈兆源", "杨嘉豪"]
    assert len(real.preface) == 1
    assert real.preface[0].text.startswith("拓展小多边和次区域合作是推进和完善全球治理的重要增长点。")
    assert real.preface[0].text.endswith("推动全球治理朝着更加公正合理的方向发展。")


def test_articles_headers(real: Digest) -> None:
    got = [
        (a.number, a.authors, a.citation.journal, a.citation.volume, a.citation.issue, a.citation.year, a.citation.forthcoming)
        for a in real.articles
    ]
    assert got == [
        (1, ["Jagannath Panda", "Jae Jeok Park"], "Australian Journal of International Affairs", 78, 6, 2024, False),
        (2, ["Xian Wu", "Dongchan Kim"], "Australian Journal of International Affairs", 78, 6, 2024, False),
        (3, ["Megan Dee"], "Contemporary Security Policy", 45, 3, 2024, False),
        (4, ["Nick Bisley"], "Journal of Contemporary China", None, None, None, True),
    ]


def test_titles(real: Digest) -> None:
    assert [(a.title_en, a.title_zh) for a in real.articles] == [
        ("Minilateralism and Global Governance: Effectiveness of Hybrid Models", "小多边主义与全球治理：混合模式的有效性"),
        ("China’s Perception of Minilateralism and Chinese-style Multilateralism", "中国对小多边主义的认知与中国式多边主义"),
        ("Minilateralism and Effective Multilateralism in the Global Nuclear Order", "全球核秩序中的小多边主义和有效多边主义"),
        (
            "The Quad, AUKUS and Australian Security Minilateralism: China’s Rise and New Approaches to Security Cooperation",
            "四方安全对话、奥库斯与澳大利亚的安全小多边主义：中国崛起与安全合作新路径",
        ),
    ]


def test_compilers(real: Digest) -> None:
    assert [[(c.name, c.affiliation) for c in a.compilers] for a in real.articles] == [
        [("张尊月", "中国社会科学院大学")],
        [("和怡然", "北京外国语大学")],  # 和 is a surname here, not "and"
        [("刘哲希", "清华大学社会科学学院")],
        [("郑路", "中国社会科学院大学")],
    ]


def test_paragraph_counts(real: Digest) -> None:
    assert [len(a.paragraphs) for a in real.articles] == [7, 4, 5, 6]


def test_toc_matches_headers(real: Digest) -> None:
    assert [t.number for t in real.toc] == [1, 2, 3, 4]
    assert [t.authors for t in real.toc] == [a.authors for a in real.articles]
    assert real.toc[3].citation.forthcoming is True
    assert real.toc[1].title_en == "China’s Perception of Minilateralism and Chinese-style Multilateralism"
    assert real.mismatches == []


def test_page_break_inside_paragraph_is_joined(real: Digest) -> None:
    # Raw line 86 starts after a page break (" 从这一角度来说") in the middle of a paragraph.
    paragraph = real.articles[0].paragraphs[1]
    assert "合作的一种形式。从这一角度来说，小多边主义可以填补多边治理体系的空白" in paragraph.text


def test_chinese_has_no_layout_whitespace_latin_keeps_single_spaces(real: Digest) -> None:
    for _, paragraph in real.paragraphs():
        assert "\n" not in paragraph.text and "  " not in paragraph.text
    dee = real.articles[2].paragraphs
    assert "（简称NPT）框架因大国博弈" in dee[0].text
    assert "本研究选取了1970-2020年核治理中" in dee[1].text
    assert "又称核出口国委员会，Zangger Committee）向NPT提交报告" in dee[2].text


def test_offsets_map_back_to_raw(real: Digest) -> None:
    raw = paths.DIGEST.read_text(encoding="utf-8")
    for _, paragraph in real.paragraphs():
        assert len(paragraph.offsets) == len(paragraph.text)
        for ch, offset in zip(paragraph.text, paragraph.offsets):
            if not ch.isspace():
                assert raw[offset] == ch


@pytest.mark.parametrize(
    ("text", "names", "et_al"),
    [
        ("Megan Dee", ["Megan Dee"], False),
        ("A One and B Two", ["A One", "B Two"], False),
        ("A One, B Two and C Three", ["A One", "B Two", "C Three"], False),
        ("A One, B Two, and C Three", ["A One", "B Two", "C Three"], False),
        ("A One & B Two", ["A One", "B Two"], False),
        ("A One, B Two & C Three", ["A One", "B Two", "C Three"], False),
        ("A One et al.", ["A One"], True),
        ("A One, B Two, et al.", ["A One", "B Two"], True),
        ("José Antonio Sanahuja and Hyo-won Lee", ["José Antonio Sanahuja", "Hyo-won Lee"], False),
    ],
)
def test_split_authors(text: str, names: list[str], et_al: bool) -> None:
    assert split_authors(text) == (names, et_al)


def test_synthetic_one_and_three_authors(tmp_path: Path) -> None:
    arts = [FakeArticle(authors="Solo Writer"), FakeArticle(authors="Ann A, Bob B and Cy C", title_en="Second")]
    d = parse(write(tmp_path, digest(arts)))
    assert [a.authors for a in d.articles] == [["Solo Writer"], ["Ann A", "Bob B", "Cy C"]]
    assert [t.authors for t in d.toc] == [["Solo Writer"], ["Ann A", "Bob B", "Cy C"]]
    assert d.mismatches == []
    assert d.theme == "测试主题"


def test_synthetic_title_broken_across_lines(tmp_path: Path) -> None:
    art = FakeArticle(title_en="Minilateralism and the Long Title of Several Words", title_break=3)
    d = parse(write(tmp_path, digest([art])))
    assert d.articles[0].title_en == "Minilateralism and the Long Title of Several Words"
    assert d.mismatches == []


def test_synthetic_page_break_inside_paragraph(tmp_path: Path) -> None:
    para = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥一二三四五六七八九十。"
    text = digest([FakeArticle(paragraphs=[para, "另一段。"])], width=10, page_break=(0, 0, 1))
    assert "申酉\n 戌亥" in text  # the page break falls after visual line 1, mid-paragraph
    d = parse(write(tmp_path, text))
    assert [p.text for p in d.articles[0].paragraphs] == [para, "另一段。"]


def test_synthetic_forthcoming(tmp_path: Path) -> None:
    d = parse(write(tmp_path, digest([FakeArticle(volume="Forthcoming")])))
    assert d.articles[0].citation.forthcoming is True
    assert d.articles[0].citation.volume is None
    assert d.toc[0].citation.forthcoming is True
    assert d.mismatches == []


@pytest.mark.parametrize("count", [2, 5])
def test_synthetic_article_counts(tmp_path: Path, count: int) -> None:
    arts = [FakeArticle(title_en=f"Title {n}", compiler=f"编译：人{n}（大学{n}）") for n in range(count)]
    d = parse(write(tmp_path, digest(arts)))
    assert [a.number for a in d.articles] == list(range(1, count + 1))
    assert [[c.affiliation for c in a.compilers] for a in d.articles] == [[f"大学{n}"] for n in range(count)]
    assert len(d.toc) == count


def test_mismatch_names_both_places(tmp_path: Path) -> None:
    text = digest([FakeArticle(title_en="Right Title")])
    text = text.replace("“Right Title,”", "“Wrong Title,”", 1)
    d = parse(write(tmp_path, text))
    assert len(d.mismatches) == 1
    assert "(table of contents)" in d.mismatches[0] and "(article No. 1)" in d.mismatches[0]
    assert "'wrong title' != 'right title'" in d.mismatches[0]


def test_bad_inputs_raise_user_errors(tmp_path: Path) -> None:
    cases = {
        "no_article": digest([]),
        "no_compiler": digest([FakeArticle(compiler=None)]),
        "toc_longer": digest([FakeArticle()], toc_extra=1),
    }
    messages = {}
    for name, text in cases.items():
        with pytest.raises(UserError) as err:
            parse(write(tmp_path, text, name + ".txt"))
        messages[name] = str(err.value)
    assert "no article header 'No. 1'" in messages["no_article"]
    assert "has no '编译：name（affiliation）' line" in messages["no_compiler"]
    assert "lists 2 articles but the body holds 1" in messages["toc_longer"]


@settings(max_examples=60, deadline=None)
@given(
    paragraphs=st.lists(
        st.text(
            alphabet=st.sampled_from(list("小多边主义全球治理，。（）“”AUKUS Quad 2017-") ),
            min_size=1,
            max_size=80,
        ).map(lambda s: s.strip() + "。").filter(lambda s: len(s) > 1),
        min_size=1,
        max_size=4,
    ),
    width=st.integers(min_value=3, max_value=30),
    brk=st.integers(min_value=0, max_value=3),
)
def test_offset_map_round_trips(tmp_path_factory: pytest.TempPathFactory, paragraphs: list[str], width: int, brk: int) -> None:
    text = digest([FakeArticle(paragraphs=paragraphs)], width=width, page_break=(0, 0, brk))
    path = tmp_path_factory.mktemp("p") / "d.txt"
    path.write_text(text, encoding="utf-8")
    d = parse(path)
    raw = text
    for _, paragraph in d.paragraphs():
        assert len(paragraph.offsets) == len(paragraph.text)
        for i, ch in enumerate(paragraph.text):
            if not ch.isspace():
                assert raw[paragraph.offsets[i]] == ch


@pytest.mark.parametrize(("preface", "expected"), [
    ("本期《全球治理学科动态》以“全球治理中的小多边主义”为主题，探讨了…同时需警惕以“小多边”之名搞小圈子。", ("全球治理学科动态", "全球治理中的小多边主义")),
    ("本期《全球治理学科动态》聚焦“气候治理中的小多边合作”，讨论了三个问题。", ("全球治理学科动态", "气候治理中的小多边合作")),
    ("本期《全球治理学科动态》围绕“数字治理”这一主题展开。", ("全球治理学科动态", "数字治理")),
    ("本期《全球治理学科动态》的主题为“全球卫生治理”。", ("全球治理学科动态", "全球卫生治理")),
    ("本期《全球治理学科动态》同时提醒，需警惕以“小多边”之名搞小圈子。", ("全球治理学科动态", None)),  # 以“…”之名 is no theme
    ("本期聚焦气候治理。", (None, None)),
])
def test_series_and_theme_as_prefaces_name_them(preface: str, expected: tuple) -> None:
    from minilat.pipeline.parse import series_and_theme

    assert series_and_theme(preface) == expected
