"""Claim-candidate spans of a rebuilt digest paragraph: sentences, and the parts of a sentence
that carry claims of their own.

Summaries in 《全球治理学科动态》 pack several claims into one sentence (``；``-joined findings,
"如果…；如果…" scenario pairs, a preface's chain of "探讨了…，分析了…，深化了…"), and sometimes
spread one claim over two (an announcing sentence "本研究提出三点政策建议。" and its first
item). These rules cut and merge sentences at such genre cues; they only ever look at
punctuation and cue phrases, never at a particular issue's wording.
"""

from __future__ import annotations

import re
from itertools import pairwise

from minilat.pipeline.suggest.rules import Rule, registry

#: Sentence-final marks; closing quotes and brackets after them stay with the sentence.
_END = re.compile(r"[。？！?!]+[”’」』）)]*")
#: The study itself as a grammatical subject (not an actor the study reports on).
STUDY = r"(?:本文|该文|文章|本研究|该研究|研究|作者|笔者)"
_LEAD = r"(?:(?:然而|但是?|此外|同时|不过|另外)，)?"
_ANNOUNCE = re.compile(
    rf"^{_LEAD}{STUDY}?[^，。；：？！]{{0,40}}?(?:"
    r"(?:首先|接着|随后|然后|进而|进一步|继而|其次|最后)[^，。；]{0,8}?(?:回顾|分析|探讨|考察|梳理|介绍|讨论|阐述|论述)了?[^，。；]*"
    r"|提出了?[一二三四五六七八九十两几\d]+(?:点|项|条|个)[^，。；]*"
    r"|存在(?:一定|若干|一些|以下|诸多)?的?(?:局限|不足)性?"
    r")[。：]$"
)
_ENUM_MARK = r"(?:（\d+）|\(\d+\)|\d+）|[①②③④⑤⑥⑦⑧⑨])"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨"
_ORDINAL_START = r"(?:其一|第一|一是|首先|一方面|" + _ENUM_MARK + ")"
_ORDINAL_NEXT = r"(?:其[二三四五]|第[二三四五]|[二三四五]是|其次|再次|最后)"
_CONDITIONAL = r"(?:如果|假如|倘若|假设|一旦|若)"
_REPORT_VERB = r"(?:认为|指出|强调|发现|主张|表示)"
_MODAL = r"(?:应当|应该|(?<![回相适效反供响呼顺对感答理])应(?![对用急运变该当])|需要|需(?!求)|必须|务必|亟需)"
_CUE_TAIL = "，；：、 \t\n"


def is_announcement(sentence: str) -> bool:
    """Whether ``sentence`` only announces what the next sentence says (a header, not a claim)."""
    return bool(_ANNOUNCE.match(sentence.strip()))


def _raw_sentences(text: str) -> list[tuple[int, int]]:
    """Sentences ending at 。？！ (with closing quotes) or at the paragraph end."""
    out, start = [], 0
    for m in _END.finditer(text):
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _cuts(s: str) -> set[int]:
    """Offsets inside sentence ``s`` where a new claim part starts."""
    cuts: set[int] = set()
    colon = s.find("：")
    # split.colon-elaboration: "X存在Y：A；B" -> X / A / B, unless the list is enumerated (其一…；其二…).
    if 0 <= colon and "；" in s[colon:] and not re.match(_ORDINAL_START, s[colon + 1:]):
        cuts.add(colon + 1)
    # split.semicolon: each ；-clause is a claim, except an enumerated list after a colon
    # and a clause that goes on describing the study's own design (…；本文构建了…).
    for m in re.finditer("；", s):
        after = s[m.end():]
        if 0 <= colon < m.start() and re.match(_ORDINAL_NEXT, after) and re.match(_ORDINAL_START, s[colon + 1:]):
            continue
        if re.match(STUDY, after):
            continue
        cuts.add(m.end())
    # split.scenario-pair: two or more conditionals are alternative predictions.
    conds = [m.start(1) for m in re.finditer(rf"(?:^|[，；])({_CONDITIONAL})", s)]
    if len(conds) >= 2:
        cuts.update(c for c in conds if c > 0)
    # split.enumeration: inline numbered items 1）…2）… / （1）…（2）…
    marks = _items(s)
    if len(marks) >= 2:
        cuts.update(marks[1:])
    # split.contrast-clause: "…，但…" turns to a qualifying claim.
    cuts.update(m.end() for m in re.finditer(r"，(?=(?:但是?|然而|不过)(?!值得))", s))
    # split.modal-clause: "…，应/需/必须…" adds a normative claim.
    cuts.update(m.end() for m in re.finditer(rf"，(?={_MODAL})", s))
    # split.reporting-cue: "…（6+ chars），作者认为，…" starts the study's own claim.
    for m in re.finditer(rf"，(?={STUDY}{_REPORT_VERB})", s):
        if len(re.sub(r"\W", "", s[: m.start()].split("。")[-1])) >= 6:
            cuts.add(m.end())
    # split.reason-clause: "…，这主要基于/源于…" explains the clause before it.
    cuts.update(m.end() for m in re.finditer(r"，(?=这(?:主要|正|也)?(?:是)?(?:基于|源于|出于|由于|是因为))", s))
    # split.serial-predicate: "X探讨了…，分析了…，深化了…" -> each V了 after the first.
    serial = [m.end() for m in re.finditer(r"，(?=[\u4e00-\u9fff]{2}了)", s)]
    if len(serial) >= 2:
        cuts.update(serial[1:])
    return {c for c in cuts if 0 < c < len(s)}


def _items(s: str) -> list[int]:
    """Where the items of an inline enumeration start in ``s``: the marks numbered 1, 2, 3… in
    order. Other bracketed numbers are not items: 七国集团（G7）和二十国集团（G20） (7）, 20）),
    奥库斯（2021）."""
    starts, expected = [], 1
    for m in re.finditer(_ENUM_MARK, s):
        mark = m.group()
        number = _CIRCLED.index(mark) + 1 if mark in _CIRCLED else int(re.sub(r"\D", "", mark))
        if number == expected:
            starts.append(m.start())
            expected += 1
    return starts


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink (start, end) past whitespace and dangling clause punctuation; None when empty."""
    while start < end and text[start] in _CUE_TAIL:
        start += 1
    while end > start and text[end - 1] in _CUE_TAIL:
        end -= 1
    return (start, end) if start < end else None


def sentences(text: str) -> list[tuple[int, int]]:
    """Claim-candidate spans (start, end) into a rebuilt paragraph text: each sentence (ends at
    。？！ or the paragraph end), and where one sentence carries two claims, its parts
    (enumerations 1）… 2）… / （1）…, clauses split at ；, …). Spans are trimmed of surrounding
    whitespace, never empty, in order, non-overlapping."""
    raw = _raw_sentences(text)
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(raw):
        start, end = raw[i]
        # split.announcement-merge: a header sentence joins the sentence it announces.
        if i + 1 < len(raw) and is_announcement(text[start:end]):
            end = raw[i + 1][1]
            i += 1
        merged.append((start, end))
        i += 1
    # split.list-lead-in: "具体路径包括：" closing a paragraph introduces the next paragraphs' items.
    if merged and text[merged[-1][0]:merged[-1][1]].strip().endswith(("：", ":")):
        merged.pop()
    out: list[tuple[int, int]] = []
    for start, end in merged:
        bounds = [0, *sorted(_cuts(text[start:end])), end - start]
        for a, b in pairwise(bounds):
            span = _trim(text, start + a, start + b)
            if span:
                out.append(span)
    return out


SPLIT_RULES = registry(
    Rule("split.sentence", "A sentence ends at 。？！ (closing quotes stay with it) or at the paragraph end.",
         (("气候俱乐部正在扩大。成员国有何共识？", ["气候俱乐部正在扩大。", "成员国有何共识？"]),)),
    Rule("split.announcement-merge", "A sentence that only announces what follows (文章首先回顾了…背景。/ 本研究提出三点建议。/ 研究存在一定局限。) joins the next sentence: the curator quotes them together.",
         (("本研究提出两点政策建议。首先，扩大疫苗合作。其次，完善监测网络。", ["本研究提出两点政策建议。首先，扩大疫苗合作。", "其次，完善监测网络。"]),
          ("文章接着分析了该机制的功能。它成立于2019年。", ["文章接着分析了该机制的功能。它成立于2019年。"]))),
    Rule("split.list-lead-in", "A paragraph-final lead-in ending in ： (具体措施包括：) introduces the items in the next paragraphs and is no claim itself.",
         (("芯片联盟需要协调。具体措施包括：", ["芯片联盟需要协调。"]),)),
    Rule("split.semicolon", "Each ；-clause is its own claim, except enumerated items after a colon (：其一…；其二…) and a clause that goes on describing the study's design (…；本文构建了…).",
         (("一方面，贸易壁垒抬高成本；另一方面，供应链趋于区域化。", ["一方面，贸易壁垒抬高成本", "另一方面，供应链趋于区域化。"]),
          ("该倡议存在两个动因：其一是能源安全；其二是减排压力。", ["该倡议存在两个动因：其一是能源安全；其二是减排压力。"]),
          ("本研究比较了五个气候俱乐部；本文构建了分析框架。", ["本研究比较了五个气候俱乐部；本文构建了分析框架。"]))),
    Rule("split.colon-elaboration", "\"X：A；B\" with unnumbered items: the lead-in X and each item are separate claims.",
         (("卫生合作出现新趋势：部分国家转向区域机制；另一些国家坚持全球框架。", ["卫生合作出现新趋势", "部分国家转向区域机制", "另一些国家坚持全球框架。"]),)),
    Rule("split.scenario-pair", "Two or more conditionals (如果/若/一旦…) in one sentence are alternative predictions, split before each.",
         (("如果美欧达成协议，关税将下降，如果谈判破裂，贸易摩擦将加剧。", ["如果美欧达成协议，关税将下降", "如果谈判破裂，贸易摩擦将加剧。"]),
          ("若成员扩大，将限制决策效率。", ["若成员扩大，将限制决策效率。"]))),
    Rule("split.enumeration", "Two or more inline items numbered 1, 2… in order (1）2）/（1）（2）/①②): each item after the first starts a part (the lead-in stays with item 1); other bracketed numbers (二十国集团（G20）, （2021）) are no items.",
         (("作者建议：（1）共享数据（2）统一标准。", ["作者建议：（1）共享数据", "（2）统一标准。"]),
          ("各方应①扩大融资；②降低门槛。", ["各方应①扩大融资", "②降低门槛。"]),
          ("七国集团（G7）和二十国集团（G20）发挥了补充作用。", ["七国集团（G7）和二十国集团（G20）发挥了补充作用。"]))),
    Rule("split.contrast-clause", "\"…，但/然而/不过…\" adds a qualifying claim: split before the adversative.",
         (("该机制效率较高，但缺乏代表性。", ["该机制效率较高", "但缺乏代表性。"]),)),
    Rule("split.modal-clause", "\"…，应/需/必须…\" adds a normative claim: split before the modal.",
         (("需警惕技术集团化，应坚持开放合作。", ["需警惕技术集团化", "应坚持开放合作。"]),)),
    Rule("split.reporting-cue", "A mid-sentence 作者认为/文章指出/研究发现 after a clause of six or more characters starts the study's own claim (a short lead such as 对此， stays).",
         (("小国并不能单独应对气候风险，作者认为，区域合作会使其获得更多资源。", ["小国并不能单独应对气候风险", "作者认为，区域合作会使其获得更多资源。"]),
          ("对此，作者认为，小多边合作有助于应对疫情。", ["对此，作者认为，小多边合作有助于应对疫情。"]))),
    Rule("split.reason-clause", "\"…，这主要基于/源于…\" explains the clause before it: two claims.",
         (("日本加强了与澳大利亚的合作，这主要源于供应链安全的考虑。", ["日本加强了与澳大利亚的合作", "这主要源于供应链安全的考虑。"]),)),
    Rule("split.serial-predicate", "A chain of \"…V了…，V了…，V了…\" (a preface listing what the issue does): each V了 clause after the first is its own claim; the first keeps the subject.",
         (("本期以数字治理为主题，探讨了平台监管，分析了数据跨境流动，揭示了规则竞争。", ["本期以数字治理为主题，探讨了平台监管", "分析了数据跨境流动", "揭示了规则竞争。"]),)),
)
