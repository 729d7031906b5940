"""Text rules for claim candidates: type, holder, modality, contrast and predicate cues of the
《全球治理学科动态》 summary genre, over the parser's rebuilt Chinese text.

Each decision comes from a named :class:`~minilat.pipeline.suggest.rules.Rule` whose examples
the tests run, and is returned with that rule's name so a curator (and the benchmark) can see
which cue fired. The cues are genre phrases (研究发现, 作者认为, 本文探讨, 应当, 如果…将 …),
not one issue's wording. Sentence splitting lives in :mod:`.sentences` and is re-exported here.
"""

from __future__ import annotations

import re

from minilat.pipeline.records.models import ClaimType, Modality, Predicate
from minilat.pipeline.suggest.rules import Rule, registry
from minilat.pipeline.suggest.sentences import (
    _ANNOUNCE,
    _CONDITIONAL,
    _ENUM_MARK,
    _MODAL,
    _REPORT_VERB,
    SPLIT_RULES,
    STUDY,
    sentences,
)

__all__ = ["RULES", "claim_type", "contrast", "default_predicate", "holder", "modality", "predicate", "sentences"]

_S = re.search
_Q = r"[^，。；：？！]"  # a character inside one clause
_INTERROGATIVE = r"(?:为何|为什么|如何|是否|何种|怎样|哪些|何以)"
_LIMIT = (r"(?:(?:存在|有)[^，。]{0,6}(?:局限|不足)|局限在于|不足之处|未能|未充分|尚未|涉及较少|较少涉及|"
          r"有待(?:进一步)?|未涉及|仍需进一步)")
#: The study as the subject of its own clause, not as the reporter of a view (作者认为，X尚未…).
_STUDY_SUBJECT = rf"{STUDY}(?!{_Q}{{0,2}}?{_REPORT_VERB})"
_AIM = rf"{STUDY}{_Q}{{0,6}}?(?:探讨|聚焦|关注|试图回答|试图探讨|旨在回答|旨在探讨|考察|研究了)"
_ASK = rf"{STUDY}{_Q}{{0,6}}?(?:分析|讨论|说明|解释|追问)了?{_Q}*?{_INTERROGATIVE}"
_ACTION = (r"(?:加强|促进|利用|推动|建立|完善|提升|增强|扩大|减少|深化|构建|探索|鼓励|支持|避免|坚持|确保|强化|"
           r"降低|共享|统一|制定|设立|引入|吸纳|调整|整合|协调|提高|发展)")
_ITEM = rf"^(?:{_ENUM_MARK}|(?:首先|其次|再次|最后|第[一二三四五六])，){_ACTION}"
_RECOMMEND = rf"(?:{STUDY}{_Q}{{0,4}}?(?:建议|主张|呼吁)|{_MODAL}(?!被)|有必要|最好)"
_PREDICT = (rf"(?:{_CONDITIONAL}{_Q}*，?[^。]*?(?:将|会|可能|或)|(?:^|，)(?:未来|今后|展望未来)|预计|预期|有望|势必|"
            r"将会|或将|必将|(?:也|则|仍|还|亦)将|将(?:继续|更|进一步|始终|持续|逐步|成为|不再|必然|长期|很快|逐渐|大幅|深刻|显著|面临|导致|削弱|加剧|推动)|"
            r"(?:反而|可能|也|还|就)会|会(?:使|导致|造成|削弱|加剧|带来|阻碍|限制|增强|推动)|可能(?!性))")
_RESPONSE = r"(?:是对[^。]{0,30}回应|回应了|反映了[^。]{0,30}回应)"
_ALIKE = r"(?:一样|不同|相似|类似)"
_TYPOLOGY = (r"(?:是一种|被定义为|定义为|可以?分为|分为[两二三四五]类|类型学|类型|特征|特点|特质|被视为|被看作|"
             r"区别于|不同于|有别于|共性|兼具|相比于?|相较于?|(?:是|成为|属于)[^。；]{0,30}一种|与(?![^，。]{0,15}(?:观点|看法|结论|判断|论点|主张|立场|观察)" + _ALIKE + r")[^，。]{1,15}" + _ALIKE + r"|"
             r"(?:并非|不是)[^。]*而是)")
_CONTRIBUTION = rf"{STUDY}的?(?:[^，。]{{0,4}}贡献|有助于|为{_Q}*提供)"
_CAUSAL = (r"(?:导致|促使|促成|致使|使得|引发|造成|加剧|推动|因此|因而|由于|源于|出于|植根于|根源|动因|原因|取决于|"
           r"依赖|受[^，。]{0,20}影响|有助于|帮助|因(?!素)|(?<![即假大促致行])使(?![用命馆节者])(?![^，。]{0,3}得以))")
_FINDING = rf"{STUDY}{_Q}{{0,4}}?(?:发现|表明|显示|证实)"


def claim_type(sentence: str, entry: str) -> tuple[ClaimType, str]:
    """Suggested claim type and the name of the rule that chose it (genre cues, checked in
    precedence order: the first cue that fires decides; a default per entry kind otherwise)."""
    s = sentence.strip()
    head, dot, body = s.partition("。")
    if dot and body and _ANNOUNCE.match(head + dot):
        if _S(r"建议|对策|措施|路径", head):
            return "policy_recommendation", "type.announced-recommendations"
        if _S(r"局限|不足", head):
            return "study_limitation", "type.announced-limitation"
        s = body  # a header such as 文章首先回顾了…背景。 says nothing itself: type its body
    if s.endswith(("？", "?")):
        return "research_question", "type.question"
    if entry == "preface":
        if _S(r"(?:本期|本辑|本刊|本书)[^。]*(?:主题|探讨|聚焦|关注)", s):
            return "research_question", "type.preface-theme"
        if re.match(r"^[\u4e00-\u9fff]{2}了", s):
            return "empirical_finding", "type.preface-contribution"
        return "editorial_position", "type.preface-default"
    if _S(_STUDY_SUBJECT, s) and _S(_LIMIT, s) or _S(r"局限在于|不足之处|有待进一步", s):
        return "study_limitation", "type.study-limitation"
    if _S(_AIM, s) or _S(_ASK, s):
        return "research_question", "type.research-aim"
    if re.match(_ITEM, s):
        return "policy_recommendation", "type.imperative-item"
    if _S(_RECOMMEND, s):
        return "policy_recommendation", "type.recommendation"
    if _S(_PREDICT, s):
        return "scenario_prediction", "type.scenario-prediction"
    if _S(_RESPONSE, s):
        return "causal_claim", "type.response"
    if _S(_TYPOLOGY, s):
        return "typology_definition", "type.typology"
    if _S(_CONTRIBUTION, s):
        return "empirical_finding", "type.contribution"
    if _S(_CAUSAL, s):
        return "causal_claim", "type.causal"
    if _S(_FINDING, s):
        return "empirical_finding", "type.finding"
    return "empirical_finding", "type.article-default"


_CONNECTIVE = r"^(?:与此同时|同时|此外|另外|而且|而|但是?|然而|不过|对此|因此|其中|尤其是|事实上|实际上)?"
_NOT_ACTOR = re.compile(rf"^(?:{STUDY}|编者|本期|该书|本书|学界|[这此该其])")


def _actor(subject: str) -> str | None:
    """The text naming a reported actor in a clause's subject, or None when it is the study itself."""
    subject = re.sub(_CONNECTIVE + "，?", "", subject.strip()).strip()
    subject = re.sub(r"(?:官方|方面|则|也|还|亦|都|均|普遍|一直|始终|一再)+$", "", subject)
    if not subject or _NOT_ACTOR.match(subject) or "被" in subject or len(subject) > 12:
        return None
    return subject


def holder(sentence: str, entry: str, previous: str | None = None) -> tuple[str, str | None, str]:
    """('authors' | 'editors' | 'compiler' | 'reported', actor text or None, rule name).

    A view the summary reports of an actor (在中国看来…, 美国认为…) is 'reported' with the
    actor's own words; otherwise the preface speaks for the editors and a summary for the
    article's authors. ``previous`` is the preceding span of the same entry: a sentence that
    announces an actor's view (中国对X的看法主要见诸于…) makes the next one that actor's."""
    m = _S(r"在([^，。；“”]{1,15}?)看来", sentence)
    if m and (actor := _actor(m.group(1))):
        return "reported", actor, "holder.reported-view"
    for m in re.finditer(r"(?:认为|表示|声称|宣称|坚称|认定)", sentence):
        clause = re.split(r"[，。；：]", sentence[: m.start()])[-1]
        if re.match(r"^有(?:观点|学者|分析|人|声音|研究者)", clause):
            return "reported", (clause[1:] if "学者" in clause else None), "holder.reported-anonymous"
        if actor := _actor(clause):
            return "reported", actor, "holder.reported-view"
    if entry != "preface" and previous and not _S(rf"{STUDY}{_Q}{{0,4}}(?:认为|指出|强调|发现)", sentence):
        m = _S(r"(?:^|[，。])([^，。；]{1,10}?)对[^，。；]{1,20}的(?:看法|观点|认知|立场|判断)", previous)
        if m and (actor := _actor(m.group(1))):
            return "reported", actor, "holder.reported-view-lead"
    if entry == "preface":
        return "editors", None, "holder.preface-editors"
    if _S(r"编者按|编者注|编译者|译者注|编译注", sentence):
        return "compiler", None, "holder.compiler-note"
    return "authors", None, "holder.article-authors"


_NEGATION = r"(?:并非|并不是|绝非|(?<!而)不是|并未|从未|不能|无法|未能)"
_FRAME = rf"^(?:{_CONNECTIVE[1:]}，)?(?:[^，。]{{0,16}}(?:认为|指出|强调|发现|表示|看来|值得注意的是)，)?"


def modality(sentence: str, claim_type: ClaimType, reported: bool) -> tuple[Modality, str]:
    """What the claim does with its content: reports_view iff reported; asks / predicts /
    recommends / states_limitation follow the claim type; denies when the main clause is
    negated (并非/不是/不能/无法 …, not inside 使…无法); else asserts."""
    if reported:
        return "reports_view", "modality.reported"
    by_type: dict[str, tuple[Modality, str]] = {
        "research_question": ("asks", "modality.question"),
        "scenario_prediction": ("predicts", "modality.prediction"),
        "policy_recommendation": ("recommends", "modality.recommendation"),
        "study_limitation": ("states_limitation", "modality.limitation"),
    }
    if claim_type in by_type:
        return by_type[claim_type]
    if claim_type == "editorial_position" and _S(_MODAL + r"|警惕|呼吁", sentence):
        return "recommends", "modality.editorial-normative"
    main = re.sub(_FRAME, "", sentence.strip()).split("，")[0]
    m = _S(_NEGATION, main)
    if m and not _S(r"[使让令]", main[: m.start()]):
        return "denies", "modality.negated"
    return "asserts", "modality.assert"


def contrast(sentence: str) -> tuple[str, str] | None:
    """A contrastive cue opening the sentence → ('contests' | 'qualifies', rule name), to
    propose an argument link to earlier claims sharing entities; None when no cue. Opposition
    (相反, 与…不同) contests; adversatives, concessions and voiced reservations qualify."""
    s = re.sub(r"^(?:同时|此外|而)，?", "", sentence.strip())
    if re.match(r"^(?:相反|与此相反|与之相反|与[^，。]{1,20}(?:不同|相反)|反驳|驳斥)", s):
        return "contests", "contrast.opposing"
    if re.match(r"^(?:但是?|然而|不过|可是|只是)", s):
        return "qualifies", "contrast.adversative"
    if re.match(r"^(?:尽管|虽然|虽|诚然)", s):
        return "qualifies", "contrast.concessive"
    if _S(r"不乏[^。]*(?:担忧|质疑|批评)|(?:缺少|缺乏)[^。]{0,6}证据|受到[^。]{0,10}(?:质疑|批评)", s):
        return "qualifies", "contrast.reservation"
    return None


#: Verb cues of content predicates, longest first at one position (应对 before 应).
_PREDICATE_CUES: tuple[tuple[str, Predicate], ...] = (
    ("导致|促使|促成|加剧|推动|引发|造成", "causes"),
    ("依赖|取决于|基于|依托", "depends_on"),
    ("补充|互补|填补|弥补", "complements"),
    ("削弱|侵蚀|破坏|冲击", "erodes"),
    ("加强|增强|强化|巩固|有助于", "strengthens"),
    ("缺乏|缺少|欠缺", "lacks"),
    ("回应|应对", "responds_to"),
    ("应当|应该|需要|(?<![相适效反供响呼顺对感答])应(?![对用急运变])", "should_pursue"),
    ("旨在|目的是", "aims_at"),
    ("属于|是一种", "is_kind_of"),
    ("成员|加入", "member_of"),
    ("对冲", "hedges_against"),
    ("威胁", "perceives_as_threat"),
    ("面临", "faces"),
    ("主导", "dominated_by"),
    ("不同于|相比|区别于", "contrasts_with"),
    ("取代|而非", "instead_of"),
    ("影响", "influences"),
    ("具有|具备|特征", "has_feature"),
)
_PREDICATE_RE = re.compile("|".join(f"(?P<p{i}>{cues})" for i, (cues, _) in enumerate(_PREDICATE_CUES)))
_PREDICATE_NEGATION = re.compile(r"(?:并非|并不|不能|不会|不再|从未|并未|未能|无法|没有|不|未)$")


def predicate(segment: str) -> tuple[Predicate, bool, str] | None:
    """The content predicate a verb cue in ``segment`` (text between two entity mentions)
    expresses, whether it is negated (不/并非/未/无法/没有 directly before the cue), and the
    rule. The leftmost cue wins (at one position the listed order decides). None when no cue."""
    m = _PREDICATE_RE.search(segment)
    if not m:
        return None
    pred = _PREDICATE_CUES[int(m.lastgroup[1:])][1]
    negated = bool(_PREDICATE_NEGATION.search(segment[: m.start()]))
    return pred, negated, f"predicate.{pred.replace('_', '-')}"


def default_predicate(claim_type: ClaimType) -> tuple[Predicate, str]:
    """The predicate to propose when the text gives no verb cue, named as a fallback rule."""
    if claim_type in ("empirical_finding", "typology_definition"):
        return "has_feature", "predicate.default-feature"
    if claim_type == "causal_claim":
        return "causes", "predicate.default-causes"
    if claim_type == "policy_recommendation":
        return "should_pursue", "predicate.default-should"
    return "influences", "predicate.default-influences"


def _pred(name: Predicate, description: str, segment: str, negated: bool = False) -> Rule:
    """A predicate-cue rule with one (segment, (predicate, negated)) example."""
    return Rule(f"predicate.{name.replace('_', '-')}", description, ((segment, (name, negated)),))


_A, _P = "article-2", "preface"
CUE_RULES = registry(
    Rule("type.announced-recommendations", "A header announcing recommendations (提出三点政策建议。) makes the merged span a recommendation.",
         ((("本研究提出两点政策建议。首先，扩大疫苗生产合作。", _A), "policy_recommendation"),)),
    Rule("type.announced-limitation", "A header announcing limitations (研究存在一定局限。) makes the merged span a limitation.",
         ((("然而，研究存在一定局限。第一，案例集中于欧洲。", _A), "study_limitation"),)),
    Rule("type.preface-theme", "Preface: 本期…以…为主题/探讨/聚焦 states the issue's question.",
         ((("本期以“数字贸易规则”为主题，探讨了小多边协定的扩散", _P), "research_question"),)),
    Rule("type.preface-contribution", "Preface: a clause opening with V了 (分析了/深化了/揭示了) reports what the issue found.",
         ((("揭示了气候俱乐部在减排承诺上的分歧", _P), "empirical_finding"),)),
    Rule("type.preface-default", "Preface: any other sentence is the editors' position.",
         ((("深化区域卫生合作是完善全球卫生治理的重要途径。", _P), "editorial_position"),)),
    Rule("type.question", "A sentence ending in ？ asks a research question.",
         ((("技术联盟能否取代多边规则？", _A), "research_question"),)),
    Rule("type.study-limitation", "The study as subject with a limitation cue (未能/未充分/涉及较少/有待/局限在于); "
         "not when the study only reports a view (作者认为，该倡议尚未落地 is the view's finding).",
         ((("第二，本文未能讨论私营部门在疫苗分配中的作用。", _A), "study_limitation"),)),
    Rule("type.research-aim", "The study as subject with an aim verb (探讨/聚焦/关注/试图回答), or 分析了 + an embedded 为何/如何/是否.",
         ((("本文探讨了七国集团在气候融资中的角色。", _A), "research_question"),
          (("文章分析了东盟国家为何加入供应链倡议。", _A), "research_question"))),
    Rule("type.imperative-item", "A numbered or ordinal item (1）/首先，) that opens with an action verb is a recommended step.",
         ((("2）加强成员国之间的数据共享。", _A), "policy_recommendation"),)),
    Rule("type.recommendation", "建议/主张/呼吁 of the study, or a modal (应当/应该/需要/必须; not 应该被视为).",
         ((("作者建议，气候俱乐部应当向发展中国家开放。", _A), "policy_recommendation"),)),
    Rule("type.scenario-prediction", "如果/若…将, 未来/今后, 或将/也将/将继续, 会使, 可能 → a scenario prediction.",
         ((("如果美国退出协定，欧盟将主导新一轮规则谈判。", _A), "scenario_prediction"),
          (("未来，半导体联盟将进一步扩大。", _A), "scenario_prediction"))),
    Rule("type.response", "是对…的回应 / 反映了…回应: a claim about what something answers to is causal.",
         ((("这一倡议被认为是对疫苗短缺的一种回应。", _A), "causal_claim"),)),
    Rule("type.typology", "Kind and feature cues: 是一种/被定义为/可以分为/类型/特征/被视为/区别于/共性/并非…而是; "
         "与X不同 compares kinds, but not when X is a view (与…的观点/看法/结论不同 sets one author against another).",
         ((("气候俱乐部是一种以减排目标为门槛的合作形式。", _A), "typology_definition"),
          (("与七国集团不同，气候俱乐部没有常设秘书处。", _A), "typology_definition"))),
    Rule("type.contribution", "The study's contribution (文章的贡献在于/本文有助于/为…提供) is reported as a finding.",
         ((("本文有助于为数字贸易谈判提供参考。", _A), "empirical_finding"),)),
    Rule("type.causal", "Causal verbs and connectives: 导致/促使/加剧/使得/推动/由于/因此/源于/取决于/依赖/有助于/使.",
         ((("文章指出，芯片出口管制加剧了供应链的区域化。", _A), "causal_claim"),)),
    Rule("type.finding", "研究发现/文章表明 with no stronger cue is an empirical finding.",
         ((("研究发现，多数成员国在疫情期间增加了卫生支出。", _A), "empirical_finding"),)),
    Rule("type.article-default", "An article sentence with no cue is an empirical finding (the most frequent type of summaries).",
         ((("2021年，美欧贸易和技术委员会正式成立。", _A), "empirical_finding"),
          (("与潘达和朴在积的观点不同，作者对小多边主义能否重振全球治理持怀疑态度。", _A), "empirical_finding"),
          (("作者认为，该倡议在实践中进展缓慢，约有六成项目尚未落地。", _A), "empirical_finding"))),
    Rule("holder.reported-view", "在X看来 / X认为 / X官方表示 with X not the study: a view reported of actor X.",
         ((("在印度看来，该机制有助于平衡地区力量。", _A, None), ("reported", "印度")),
          (("日本官方表示，供应链合作不针对第三方。", _A, None), ("reported", "日本")))),
    Rule("holder.reported-anonymous", "有观点认为 / 有学者认为: a reported view without a named actor (学者 kept).",
         ((("有观点认为，气候俱乐部会加剧南北分化。", _A, None), ("reported", None)),)),
    Rule("holder.reported-view-lead", "A previous sentence announcing X对…的看法 makes an unattributed next sentence X's view.",
         ((("欧盟的绿色新政存在双重目标。", _A, "印度对欧盟气候政策的看法主要见诸于其谈判立场。"), ("reported", "印度")),)),
    Rule("holder.preface-editors", "The preface speaks for the editors.",
         ((("应坚持开放包容的多边合作。", _P, None), ("editors", None)),)),
    Rule("holder.compiler-note", "An article sentence marked 编者按/译者注 is the compiler's.",
         ((("编者按：本文原载于2023年。", _A, None), ("compiler", None)),)),
    Rule("holder.article-authors", "Any other article sentence is the article's authors' (作者/文章/研究 are not actors).",
         ((("作者认为，数字贸易协定削弱了多边规则。", _A, None), ("authors", None)),)),
    Rule("modality.reported", "A reported view is reports_view whatever its type.",
         ((("美国认为该联盟将扩大。", "scenario_prediction", True), "reports_view"),)),
    Rule("modality.question", "Research questions ask.", ((("技术联盟能否取代多边规则？", "research_question", False), "asks"),)),
    Rule("modality.prediction", "Scenario predictions predict.", ((("未来，半导体联盟将扩大。", "scenario_prediction", False), "predicts"),)),
    Rule("modality.recommendation", "Recommendations recommend.", ((("各国应共享疫情数据。", "policy_recommendation", False), "recommends"),)),
    Rule("modality.limitation", "Study limitations state a limitation.", ((("本文未能讨论私营部门。", "study_limitation", False), "states_limitation"),)),
    Rule("modality.editorial-normative", "An editorial position with 应/需/必须/警惕/呼吁 recommends.",
         ((("同时需警惕以合作之名搞排他性集团", "editorial_position", False), "recommends"),)),
    Rule("modality.negated", "The main clause (after a 作者认为， frame) negated by 并非/不是/不能/无法 denies; 使…无法 does not.",
         ((("研究指出，气候俱乐部并非减排的万能药。", "typology_definition", False), "denies"),)),
    Rule("modality.assert", "Anything else asserts.", ((("东盟扩大了卫生合作。", "empirical_finding", False), "asserts"),)),
    Rule("contrast.opposing", "相反/与此相反/与…不同 opening a sentence contests an earlier claim.",
         (("与欧盟不同，美国更依赖双边协定。", "contests"),)),
    Rule("contrast.adversative", "但/但是/然而/不过 opening a sentence qualifies an earlier claim.",
         (("然而，芯片联盟的成员利益并不一致。", "qualifies"),)),
    Rule("contrast.concessive", "尽管/虽然 opening a sentence qualifies an earlier claim.",
         (("尽管疫苗合作扩大，分配不均仍然存在。", "qualifies"),)),
    Rule("contrast.reservation", "A voiced reservation (不乏…担忧, 缺少…证据, 受到…质疑) qualifies an earlier claim.",
         (("此外，也不乏对气候俱乐部排他性的担忧。", "qualifies"),)),
    _pred("causes", "导致/促使/促成/加剧/推动/引发/造成", "的出口管制加剧了"),
    _pred("depends_on", "依赖/取决于/基于/依托", "的成效取决于"),
    _pred("complements", "补充/互补/填补/弥补", "可以填补"),
    _pred("erodes", "削弱/侵蚀/破坏/冲击", "并未削弱", True),
    _pred("strengthens", "加强/增强/强化/巩固/有助于", "有助于"),
    _pred("lacks", "缺乏/缺少/欠缺", "普遍缺乏"),
    _pred("responds_to", "回应/应对 (before the modal 应)", "积极应对"),
    _pred("should_pursue", "应当/应该/需要/应 (not 应对/回应/效应)", "应当推动"),
    _pred("aims_at", "旨在/目的是", "的目的是"),
    _pred("is_kind_of", "属于/是一种", "是一种"),
    _pred("member_of", "成员/加入", "于2022年加入"),
    _pred("hedges_against", "对冲", "以对冲"),
    _pred("perceives_as_threat", "威胁", "视为安全威胁的"),
    _pred("faces", "面临", "面临"),
    _pred("dominated_by", "主导", "由大国主导的"),
    _pred("contrasts_with", "不同于/相比/区别于 (不同于 is a cue, not a negation)", "不同于"),
    _pred("instead_of", "取代/而非", "而非"),
    _pred("influences", "影响", "没有影响", True),
    _pred("has_feature", "具有/具备/特征", "具有"),
    Rule("predicate.default-feature", "No verb cue: findings and definitions ascribe a feature.", (("typology_definition", "has_feature"),)),
    Rule("predicate.default-causes", "No verb cue: a causal claim states a cause.", (("causal_claim", "causes"),)),
    Rule("predicate.default-should", "No verb cue: a recommendation says what should be pursued.", (("policy_recommendation", "should_pursue"),)),
    Rule("predicate.default-influences", "No verb cue: any other type is a plain influence.", (("scenario_prediction", "influences"),)),
)
#: Every suggestion rule of claim candidates: sentence splitting, type, holder, modality, contrast, predicate.
RULES: dict[str, Rule] = registry(*SPLIT_RULES.values(), *CUE_RULES.values())
