"""Candidate new entities with a type, proposed from one paragraph of a digest issue.

A curator accepts or rejects each candidate, so the rules favour clear, explainable
evidence over recall: a name with its acronym in brackets, a title in 《》, a state's name
from the committed ISO 3166-1 table, a term in “”, a Latin acronym, and the proper-noun tags
of jieba's bundled dictionary. Each rule is a named :class:`Rule` whose examples the tests
run; :func:`find_candidates` runs them all and resolves overlaps (the longest span wins; for
equal spans the rule listed first in :data:`RULES` wins). Offsets are code points into the
paragraph's rebuilt text. Nothing is downloaded: jieba uses its bundled dictionary only.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from minilat import paths
from minilat.pipeline.suggest.naming import is_chinese
from minilat.pipeline.suggest.rules import Rule, registry

CandidateType = Literal["mechanism", "treaty", "state", "person", "place", "organization", "concept"]

#: The committed zh/en table of ISO 3166-1 entries (scripts/states_table.py writes it).
STATES_TSV = paths.CORPUS / "reference" / "states.tsv"
#: The series' own title is not a candidate.
SERIES_TITLE = "全球治理学科动态"


@dataclass(frozen=True)
class Candidate:
    """A proposed new entity: its span in the paragraph, name, type and the rule that found it."""

    start: int
    end: int
    text: str
    name: str
    type: CandidateType
    rule: str
    acronym: str | None = None
    state: str | None = None


@dataclass(frozen=True)
class StateName:
    """A state's ISO alpha-3 code, English name, Chinese short name and other Chinese names."""

    iso3: str
    en: str
    zh: str
    aliases_zh: tuple[str, ...]


@cache
def _table() -> tuple[tuple[StateName, str], ...]:
    """Every row of the committed TSV with its kind (state | territory), read once."""
    with STATES_TSV.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        return tuple(
            (StateName(r["alpha_3"], r["en"], r["zh"], tuple(a for a in r["zh_aliases"].split("|") if a)), r["kind"])
            for r in rows
        )


def states(include_territories: bool = False) -> list[StateName]:
    """The states (UN members and observers) of the table; territories too if asked."""
    return [s for s, kind in _table() if include_territories or kind == "state"]


@cache
def _names() -> tuple[dict[str, str | None], re.Pattern[str]]:
    """Chinese name → alpha-3 (None for a territory), and a longest-first pattern of all names.

    Territories are in the pattern so that a state's name inside a territory's name
    (马里 in 北马里亚纳群岛) is consumed by the longer name and not reported.
    """
    index: dict[str, str | None] = {}
    for s, kind in _table():
        for name in (s.zh, *s.aliases_zh):
            index.setdefault(name, s.iso3 if kind == "state" else None)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(index, key=len, reverse=True)))
    return index, pattern


# --- jieba, initialised lazily once ------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    word: str
    flag: str
    start: int
    end: int


@cache
def _tagger() -> Any:
    """A private jieba POS tokenizer on the bundled dictionary (about 1 s, done once)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    tagger.tokenizer.check_initialized()
    return tagger


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[_Tok, ...]:
    """jieba's words with POS tags and offsets; cached so every rule shares one segmentation."""
    out, at = [], 0
    for word, flag in _tagger().cut(text):
        out.append(_Tok(word, flag, at, at + len(word)))
        at += len(word)
    return tuple(out)


def _words(spaced: str) -> frozenset[str]:
    """A set of words written space-separated (easier to read and edit for Chinese lists)."""
    return frozenset(spaced.split())


# --- rule: name-with-acronym -------------------------------------------------------------

ACRONYM_PAREN = re.compile(r" ?[（(]\s*(?:英文简称|简称|缩写)?\s*[：:]?\s*(?P<acr>[A-Za-z][A-Za-z0-9&.\-]{1,11})\s*[）)]")
TREATY_WORDS = ("条约", "公约", "协定", "协议", "宪章", "议定书", "盟约")
#: Name endings of non-state bodies; a bank, fund, group or committee of states is a mechanism.
ORGANIZATION_HEADS = ("大学", "学院", "研究院", "研究所", "中心", "基金会", "公司", "协会", "学会", "智库", "实验室", "医院", "通讯社")
#: Words that end a name when walking back from the bracket (function words, framing verbs).
NAME_STOPS = _words(
    "的 和 与 及 以及 或 或者 、 在 是 由 了 如 例如 比如 包括 即 对 将 把 被 从 向 于 以 为 等 "
    "既有 也有 称为 简称 又称 通过 加入 成立 建立 参与 参加 发起 提出 退出 重新 激活 其 该 这 此 各 本 这一 "
    "推动 推进 主导 支持 反对 利用 依托 借助 设立 创建 组建 召开 举办 签署 批准 启动 领导 倡导 加强 扩大 重启 "
    "来自 位于 宣布 认为 指出 表示 关注 涉及 依据 根据 按照 基于 作为 形成 构建 打造 主办 联合 共同"
)
CONJUNCTIONS = "和与及或"
NUMERALS = "一二三四五六七八九十两0123456789"
COMMON_NOUN_FLAGS = _words("n vn an")
STOP_FLAGS = _words("x c p u uj ul uz ud ug uv d y e o t f")
VERB_FLAGS = _words("v vd vg vi vq")


def _acronym_ok(acr: str, name: str) -> bool:
    """WTO, VG10, G7 always; a capitalised short word (Quad) only after a name of 4+ characters."""
    if sum(ch.isupper() for ch in acr) >= 2 or (acr[0].isupper() and any(ch.isdigit() for ch in acr)):
        return True
    return acr[0].isupper() and acr[1:].islower() and len(acr) <= 5 and len(name) >= 4


def _name_start(text: str, end: int) -> int:
    """Start of the noun phrase ending at ``end``: walk back over jieba words to a stop.

    A verb stops the walk unless it is the phrase's last word (对话, 协定 are tagged v) or
    sits between common nouns (导弹技术控制制度).
    """
    start = end
    before = [t for t in _tokens(text) if t.end <= end]
    for i in range(len(before) - 1, -1, -1):
        tok = before[i]
        if tok.end != start or tok.word in NAME_STOPS or tok.flag in STOP_FLAGS:
            break
        if tok.flag in VERB_FLAGS and start != end:
            right = before[i + 1].flag
            between_nouns = i > 0 and before[i - 1].flag in COMMON_NOUN_FLAGS and (right[0] == "n" or right in ("j", "vn"))
            if not between_nouns:
                break
        if end - tok.start > 30:
            break
        start = tok.start
    # jieba fuses a conjunction with a numeral after it (和二|十国集团): the name starts after it
    if end - start > 2 and text[start] in CONJUNCTIONS and text[start + 1] in NUMERALS:
        start += 1
    return start


def _institution_type(name: str) -> CandidateType:
    """treaty for 协定/条约…, organization for 大学/研究所/基金会…, else mechanism."""
    if name.endswith(TREATY_WORDS):
        return "treaty"
    if name.endswith(ORGANIZATION_HEADS):
        return "organization"
    return "mechanism"


def find_named_acronyms(text: str) -> list[Candidate]:
    """世界贸易组织（WTO）: a Chinese name with a Latin acronym in full- or half-width brackets."""
    out = []
    for m in ACRONYM_PAREN.finditer(text):
        start = _name_start(text, m.start())
        name, acr = text[start : m.start()], m.group("acr")
        if len(name) >= 2 and is_chinese(name) and _acronym_ok(acr, name):
            out.append(Candidate(start, m.end(), text[start : m.end()], name, _institution_type(name), NAMED_ACRONYM.name, acronym=acr))
    return out


# --- rule: title-in-guillemets -----------------------------------------------------------

TITLE = re.compile(r"《(?P<title>[^《》\n]{2,40})》")


def find_titles(text: str) -> list[Candidate]:
    """《…》: treaty if the title names a treaty form (条约/公约/协定…), else concept."""
    out = []
    for m in TITLE.finditer(text):
        title = m.group("title")
        if title == SERIES_TITLE:
            continue
        end, acr = m.end(), None
        paren = ACRONYM_PAREN.match(text, end)
        if paren and _acronym_ok(paren.group("acr"), title):
            end, acr = paren.end(), paren.group("acr")
        kind: CandidateType = "treaty" if any(w in title for w in TREATY_WORDS) else "concept"
        out.append(Candidate(m.start(), end, text[m.start() : end], title, kind, TITLE_RULE.name, acronym=acr))
    return out


# --- rule: state-name --------------------------------------------------------------------

#: Words that may follow a state's name inside one jieba word (美国政府, 日本首相).
#: Short names that usually mean something else: 中非 is mostly China–Africa (中非合作).
AMBIGUOUS_STATE_NAMES = frozenset({"中非"})
STATE_HEADS = _words("政府 人民 总统 总理 首相 外长 外交部 国防部 国会 议会 军队 军方 海军 陆军 空军 大使馆 领导人 官员 当局")


def find_states(text: str) -> list[Candidate]:
    """A state's Chinese name from the table, on jieba word boundaries (not 中国 in 中国式).

    A name may also open a longer jieba word if the rest is a word of two or more
    characters (中国崛起, 美国政府), not a one-character suffix (中国式, 印度洋, 日本海).
    """
    index, pattern = _names()
    toks = _tokens(text)
    freq = _tagger().tokenizer.FREQ
    starts = {t.start for t in toks}
    ends = {t.end for t in toks}
    out = []
    for m in pattern.finditer(text):
        iso3 = index[m.group()]
        if iso3 is None or m.group() in AMBIGUOUS_STATE_NAMES or m.start() not in starts:
            continue
        if m.end() not in ends:
            tok = next(t for t in toks if t.start < m.end() < t.end)
            rest = tok.word[m.end() - tok.start :]
            if rest not in STATE_HEADS and not (len(rest) >= 2 and freq.get(rest, 0) > 0):
                continue
        out.append(Candidate(m.start(), m.end(), m.group(), m.group(), "state", STATE_RULE.name, state=iso3))
    return out


# --- rule: jieba-proper-noun -------------------------------------------------------------

POS_TYPES: dict[str, CandidateType] = {"nr": "person", "nrt": "person", "nrfg": "person", "ns": "place", "nt": "organization", "nz": "concept"}
#: Common words jieba's bundled dictionary tags as proper nouns (seen in the digest).
NOT_PROPER = _words("公正 世界秩序 小圈子 白皮书 大国 多极 攸关 关联 深度 古典 对华 对美 国际贸易 网络安全 军事同盟 中国式 美国式")
#: jieba tags these regions as persons.
RETYPE: dict[str, CandidateType] = {"亚太": "place", "印太": "place"}
GENERIC_COUNTRY = re.compile(r"[大小强各两三四五六七八九十他本该邻盟友全诸]国")
#: How many parties (双边, 三边, 四方, 多边): the form of a cooperation, not a place (jieba: 三边/ns).
PARTY_COUNT = re.compile(r"[双两三四五六七八九十多单诸]+(?:边|方)")
#: Pairs of one-character state abbreviations (中美, 美日, 中欧): relations, not places.
STATE_PAIR = re.compile(r"[中美日俄英法德印澳韩朝欧非]{2}")
LEADING_FUNCTION_CHAR = tuple("和与及的在是了对从向于以为")


def _fragment(toks: tuple[_Tok, ...], i: int) -> bool:
    """Whether a neighbour of word i is a lone noun-like character, the mark of a split name."""
    for j in (i - 1, i + 1):
        near = toks[j] if 0 <= j < len(toks) else None
        if near and len(near.word) == 1 and is_chinese(near.word) and (near.flag.startswith("n") or near.flag == "j"):
            return True
    return False


def find_proper_nouns(text: str) -> list[Candidate]:
    """jieba POS nr/nrt/nrfg → person, ns → place, nt → organization, nz → concept.

    Skipped: a word next to a one-character noun-like fragment (a split transliteration,
    苏/纳克, 布/莱切/利园), single characters, words without Chinese, a state's name (the state rule
    reports it), a state's name + 政府/总理… (德国总理), words in NOT_PROPER, 大国/四国…, 三边/四方….
    """
    index, _ = _names()
    toks = _tokens(text)
    out = []
    for i, tok in enumerate(toks):
        kind = POS_TYPES.get(tok.flag)
        w = tok.word
        if kind is None or len(w) < 2 or not is_chinese(w) or w in NOT_PROPER:
            continue
        if GENERIC_COUNTRY.fullmatch(w) or STATE_PAIR.fullmatch(w) or PARTY_COUNT.fullmatch(w):
            continue
        if _fragment(toks, i) or w.startswith(LEADING_FUNCTION_CHAR) or index.get(w) is not None:
            continue
        if any(w.startswith(n) and w[len(n) :] in STATE_HEADS for n in index if index[n]):
            continue
        out.append(Candidate(tok.start, tok.end, w, w, RETYPE.get(w, kind), PROPER_NOUN.name))
    return out


# --- rule: quoted-term -------------------------------------------------------------------

QUOTED = re.compile(r"“(?P<zh>[\u4e00-\u9fff·]{2,12})(?:[（(](?P<en>[A-Za-z][A-Za-z .'\-]*)[）)])?”")
#: Scare quotes around one adjective, adverb or verb (“昏迷”, “狭窄”) are not terms.
SCARE_FLAGS = _words("a ad ag d v vd vi i z")
#: Words that make the quoted text a clause or a quotation rather than a term.
CLAUSE_WORDS = _words("我 我们 你 你们 他 他们 她 它 是 要 会 能 将 应 应该 了 吗 呢 吧 不")


def find_quoted_terms(text: str) -> list[Candidate]:
    """“点菜式多边主义”: 2–12 Chinese characters in “”, optionally with an English gloss → concept."""
    out = []
    for m in QUOTED.finditer(text):
        term = m.group("zh")
        words = _tokens(term)
        if len(words) == 1 and words[0].flag in SCARE_FLAGS:
            continue
        if any(t.word in CLAUSE_WORDS for t in words):
            continue
        out.append(Candidate(m.start(), m.end(), m.group(), term, "concept", QUOTED_TERM.name))
    return out


# --- rule: latin-acronym -----------------------------------------------------------------

LATIN_ACRONYM = re.compile(r"(?<![A-Za-z0-9&])[A-Z][A-Z0-9&]{1,5}(?![A-Za-z0-9&])")
#: Abbreviations that are not institutions.
NOT_MECHANISM = _words("AI GDP GNP CEO IT ICT PDF DNA RNA ID OK VS TV PC USB CPU GPS")


def find_latin_acronyms(text: str) -> list[Candidate]:
    """NPT, G7, VG10 standing alone: 2–6 capitals/digits with 2+ capitals or a digit → mechanism."""
    out = []
    for m in LATIN_ACRONYM.finditer(text):
        acr = m.group()
        caps = sum(ch.isupper() for ch in acr)
        if acr in NOT_MECHANISM or re.fullmatch(r"[IVX]+", acr) or not (caps >= 2 or any(ch.isdigit() for ch in acr)):
            continue
        out.append(Candidate(m.start(), m.end(), acr, acr, "mechanism", LATIN_ACRONYM_RULE.name, acronym=acr))
    return out


# --- the rules, their examples, and the whole pass ---------------------------------------


def brief(c: Candidate) -> tuple[str, str, str, str | None]:
    """(text, name, type, acronym or state): the compact form rule examples are written in."""
    return (c.text, c.name, c.type, c.acronym or c.state)


NAMED_ACRONYM = Rule(
    "candidate.name-with-acronym",
    "A Chinese name followed by a Latin acronym in （） or (): the name runs back over jieba words "
    "to punctuation, a function word (的/和/与/及/在/是/由/了/如), a framing verb (加入/推动…) or a verb "
    "not between common nouns; a conjunction jieba fused with a numeral (和二|十国集团) is left out. Type treaty if the "
    "name ends in 条约/公约/协定…, organization if in 大学/研究所/中心/基金会/公司…, else mechanism "
    "(banks and funds of states such as 亚洲基础设施投资银行 are mechanisms).",
    (
        ("中国加入世界贸易组织（WTO）后扩大开放。", (("世界贸易组织（WTO）", "世界贸易组织", "mechanism", "WTO"),)),
        ("东南亚国家联盟(ASEAN)与中国签署协议。", (("东南亚国家联盟(ASEAN)", "东南亚国家联盟", "mechanism", "ASEAN"),)),
        ("如四方安全对话（Quad）和奥库斯（AUKUS）。", (
            ("四方安全对话（Quad）", "四方安全对话", "mechanism", "Quad"),
            ("奥库斯（AUKUS）", "奥库斯", "mechanism", "AUKUS"),
        )),
        ("各国签署了区域全面经济伙伴关系协定（RCEP）。", (("区域全面经济伙伴关系协定（RCEP）", "区域全面经济伙伴关系协定", "treaty", "RCEP"),)),
        ("核供应国集团、导弹技术控制制度（MTCR）由核国家主导。", (("导弹技术控制制度（MTCR）", "导弹技术控制制度", "mechanism", "MTCR"),)),
        ("美国推动亚洲基础设施投资银行（AIIB）改革。", (("亚洲基础设施投资银行（AIIB）", "亚洲基础设施投资银行", "mechanism", "AIIB"),)),
        ("世界卫生组织（WHO）与全球疫苗免疫联盟（Gavi）合作。", (
            ("世界卫生组织（WHO）", "世界卫生组织", "mechanism", "WHO"),
            ("全球疫苗免疫联盟（Gavi）", "全球疫苗免疫联盟", "mechanism", "Gavi"),
        )),
        ("研究者来自新加坡国立大学（NUS）。", (("新加坡国立大学（NUS）", "新加坡国立大学", "organization", "NUS"),)),
        ("小多边主义（Inside Minilateralism）与韧性（Resilience）。", ()),
        ("各国加入世界贸易组织 (WTO)。", (("世界贸易组织 (WTO)", "世界贸易组织", "mechanism", "WTO"),)),
        ("七国集团（G7）和二十国集团（G20）等平台。", (
            ("七国集团（G7）", "七国集团", "mechanism", "G7"),
            ("二十国集团（G20）", "二十国集团", "mechanism", "G20"),
        )),
    ),
)
TITLE_RULE = Rule(
    "candidate.title-in-guillemets",
    "A title in 《》, with an acronym in brackets right after it if any. Type treaty if the title "
    "contains 条约/公约/协定/协议/宪章/议定书/盟约; every other document (strategy, law, report, "
    "declaration, book) is a concept for the curator to retype. 《全球治理学科动态》 is skipped.",
    (
        ("《不扩散核武器条约》（简称NPT）框架停滞。", (("《不扩散核武器条约》（简称NPT）", "不扩散核武器条约", "treaty", "NPT"),)),
        ("各方重申《巴黎协定》的温控目标。", (("《巴黎协定》", "巴黎协定", "treaty", None),)),
        ("欧盟发布《人工智能法》与《全球风险报告》。", (
            ("《人工智能法》", "人工智能法", "concept", None),
            ("《全球风险报告》", "全球风险报告", "concept", None),
        )),
        ("本期《全球治理学科动态》以此为主题。", ()),
    ),
)
STATE_RULE = Rule(
    "candidate.state-name",
    "A state's Chinese short name or official name from corpus/reference/states.tsv (ISO 3166-1 via "
    "iso-codes; territories are not reported), matched longest-first and only on jieba word "
    "boundaries or at the start of a longer word whose rest is a word (中国崛起, 美国政府), so 中国式 and "
    "印度洋 are not states; 中非 (China–Africa) is skipped.",
    (
        ("日本和韩国与美国保持一致。", (("日本", "日本", "state", "JPN"), ("韩国", "韩国", "state", "KOR"), ("美国", "美国", "state", "USA"))),
        ("大韩民国与澳大利亚签署气候协议。", (("大韩民国", "大韩民国", "state", "KOR"), ("澳大利亚", "澳大利亚", "state", "AUS"))),
        ("印度尼西亚和南苏丹的卫生援助。", (("印度尼西亚", "印度尼西亚", "state", "IDN"), ("南苏丹", "南苏丹", "state", "SSD"))),
        ("美国政府宣布退出，以应对中国崛起。", (("美国", "美国", "state", "USA"), ("中国", "中国", "state", "CHN"))),
        ("中国式多边主义关注印度洋航运。", ()),
        ("香港与台湾的贸易，中非合作论坛。", ()),
    ),
)
QUOTED_TERM = Rule(
    "candidate.quoted-term",
    "2–12 Chinese characters in “” (optionally followed by an English gloss in brackets) → concept; "
    "punctuation inside, a single adjective/verb in scare quotes (“昏迷”) or a clause word (是/要/我们) "
    "disqualifies.",
    (
        ("这种“点菜式多边主义”避免“选边站”。", (
            ("“点菜式多边主义”", "点菜式多边主义", "concept", None),
            ("“选边站”", "选边站", "concept", None),
        )),
        ("构建“内部小多边主义（Inside Minilateralism）”框架。", (("“内部小多边主义（Inside Minilateralism）”", "内部小多边主义", "concept", None),)),
        ("振兴“昏迷”的多边主义，基于“情境利益、共同价值观”。", ()),
        ("他说“我们要合作”，推动“碳边境调节机制”。", (("“碳边境调节机制”", "碳边境调节机制", "concept", None),)),
    ),
)
LATIN_ACRONYM_RULE = Rule(
    "candidate.latin-acronym",
    "A Latin acronym standing alone: 2–6 capitals or digits with two capitals or a digit (NPT, G7, "
    "VG10) → mechanism; generic abbreviations (AI, GDP, CEO…) and Roman numerals are skipped.",
    (
        ("以NPT为核心，G7与VG10参与。", (("NPT", "NPT", "mechanism", "NPT"), ("G7", "G7", "mechanism", "G7"), ("VG10", "VG10", "mechanism", "VG10"))),
        ("AI推动GDP增长，建设5G网络。", ()),
    ),
)
PROPER_NOUN = Rule(
    "candidate.jieba-proper-noun",
    "jieba (bundled dictionary) POS tags: nr/nrt/nrfg → person, ns → place, nt → organization, nz → "
    "concept. Skips words next to a one-character name fragment (苏/纳克: a split transliteration), single characters, words without Chinese, state names (the state rule's), "
    "state + 政府/总理, generic 大国/四国, party counts 三边/四方, pairs like 中美 and common words jieba mis-tags (NOT_PROPER).",
    (
        ("拜登时期的政策与特朗普不同。", (("拜登", "拜登", "person", None), ("特朗普", "特朗普", "person", None))),
        ("世界卫生组织在日内瓦召开会议。", (("世界卫生组织", "世界卫生组织", "organization", None), ("日内瓦", "日内瓦", "place", None))),
        ("大国在亚太地区竞争，美国与日本合作。", (("亚太地区", "亚太地区", "place", None),)),
        ("德国总理默克尔访问中国。", (("默克尔", "默克尔", "person", None),)),
        ("中美博弈影响中欧关系。", ()),
        ("美日菲举行首次三边峰会，四方会谈随后举行。", ()),
        ("英国首相苏纳克在布莱切利园主办峰会。", ()),
        ("印度尼西亚总统佐科与菲律宾总统会面。", (("佐科", "佐科", "person", None),)),
    ),
)

#: Every candidate rule by name, most specific first (the order breaks ties between equal spans).
RULES: dict[str, Rule] = registry(NAMED_ACRONYM, TITLE_RULE, STATE_RULE, QUOTED_TERM, LATIN_ACRONYM_RULE, PROPER_NOUN)
_FINDERS: dict[str, Callable[[str], list[Candidate]]] = {
    NAMED_ACRONYM.name: find_named_acronyms,
    TITLE_RULE.name: find_titles,
    STATE_RULE.name: find_states,
    QUOTED_TERM.name: find_quoted_terms,
    LATIN_ACRONYM_RULE.name: find_latin_acronyms,
    PROPER_NOUN.name: find_proper_nouns,
}
_PRIORITY = {name: i for i, name in enumerate(RULES)}


def apply_rule(name: str, text: str) -> list[Candidate]:
    """One rule's candidates over a paragraph, before overlaps with other rules are resolved."""
    return sorted(_FINDERS[name](text), key=lambda c: (c.start, c.end))


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Drop overlapping candidates: the longest span wins, then the more specific rule."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, _PRIORITY[c.rule], c.start)):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def find_candidates(text: str) -> list[Candidate]:
    """Every rule over one paragraph's text, overlaps resolved, sorted by start."""
    return resolve([c for name in RULES for c in _FINDERS[name](text)])
