"""The lexicon's and the naming rules' examples, run through the functions that implement them,
and the rule registries: every rule named once, every suggestion's rule a registered one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from minilat import paths
from minilat.pipeline import anchor
from minilat.pipeline.parse import Paragraph
from minilat.pipeline.records.series import load_series
from minilat.pipeline.suggest import candidates, cues, draft, lexicon, naming, suggester
from minilat.pipeline.suggest.lexicon import Lexicon


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.from_series(load_series(paths.CURATION), skip_issue="minilateralism")


@pytest.mark.parametrize(("text", "expected"), lexicon.RULES["mention.known-label"].examples + lexicon.RULES["mention.state-abbreviation-run"].examples)
def test_lexicon_examples(lex: Lexicon, text: str, expected: list[str]) -> None:
    assert [hit.name for hit in lex.find(text)] == expected


def test_lexicon_links_names_to_entities_at_word_boundaries(lex: Lexicon) -> None:
    hits = lex.find("四方安全对话（Quad）与奥库斯，美、日、印、澳；Quadrilateral 不是。")
    assert [(h.name, h.ref, h.rule) for h in hits] == [
        ("四方安全对话", "mechanism/quad", "mention.known-label"),
        ("Quad", "mechanism/quad", "mention.known-label"),
        ("奥库斯", "mechanism/aukus", "mention.known-label"),
        ("美", "state/USA", "mention.state-abbreviation-run"),
        ("日", "state/JPN", "mention.state-abbreviation-run"),
        ("印", "state/IND", "mention.state-abbreviation-run"),
        ("澳", "state/AUS", "mention.state-abbreviation-run"),
    ]


@pytest.mark.parametrize(("name", "expected"), naming.RULES["name.pinyin"].examples)
def test_pinyin_names(name: str, expected: str) -> None:
    assert naming.pinyin_name(name) == expected


@pytest.mark.parametrize(("name", "expected"), naming.RULES["slug.pinyin"].examples)
def test_new_slugs(name: str, expected: str) -> None:
    assert naming.new_slug(name, set()) == expected
    assert naming.new_slug(name, {expected}) == f"{expected}-2"


def test_label_zh_drops_the_reporting_cue_and_fits_forty_characters() -> None:
    [(text, expected)] = draft.RULES["label.sentence-head"].examples
    assert draft.label_zh(text) == expected
    assert len(draft.label_zh("文章指出，" + "小多边" * 20 + "。")) == 40


def test_rule_names_are_unique_across_modules() -> None:
    modules = (candidates, cues, draft, lexicon, naming, suggester)  # cues.RULES includes the sentence-splitting rules
    names = [name for module in modules for name in module.RULES]
    assert len(names) == len(set(names))


def test_the_drafter_counts_a_quote_as_the_anchoring_that_checks_it_does():
    """Overlapping occurrences count (美美 is twice in 美美美, once for str.count), and a prefix
    is the text just before the quote: a draft judged unique must anchor."""
    paragraphs = [("preface", Paragraph(text="美美美。前文重复的句子。后文重复的句子。", line=1, start=0, end=20))]
    assert [i for _, _, i in anchor.occurrences(paragraphs, "美美")] == [0, 1]
    assert len(anchor.occurrences(paragraphs, "重复的句子")) == 2
    assert [i for _, _, i in anchor.occurrences(paragraphs, "重复的句子", prefix="后文")] == [14]
    assert anchor.occurrences(paragraphs, "重复的句子", prefix="无此") == []
    drafter = SimpleNamespace(paragraphs=paragraphs)  # what Drafter.occurrences reads
    assert draft.Drafter.occurrences(drafter, "美美") == 2 and draft.Drafter.occurrences(drafter, "重复的句子", prefix="前文") == 1
