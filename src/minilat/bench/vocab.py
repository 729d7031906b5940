"""The generator's vocabulary: namespaces, N-Quads terms and the word pools names are drawn from.

The predicates, classes and graphs are formatted as N-Quads terms once, here, so that the
generator's hot loop only joins strings.
"""

from __future__ import annotations

ID = "https://w3id.org/minilat/id/"
MLO = "https://w3id.org/minilat/ontology#"
GRAPH = "https://w3id.org/minilat/graph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
FABIO = "http://purl.org/spar/fabio/"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "http://schema.org/"
TIME = "http://www.w3.org/2006/time#"


def _iri(value: str) -> str:
    return f"<{value}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = f'"{_escape(text)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{body}^^<{datatype}>"
    return body


# Graphs, predicates and classes, pre-formatted as N-Quads terms.
G_DIGEST, G_BACKGROUND, G_BIBLIO, G_INFERRED, G_ONTOLOGY, G_READINGS = (
    _iri(GRAPH + g) for g in ("digest", "background", "bibliography", "inferred", "ontology", "readings")
)
#: The digest's editors, who hold the preface's claims.
EDITORS = ID + "organization/digest-editors"
A = _iri(RDF + "type")
LABEL, COMMENT, SUBCLASS = _iri(RDFS + "label"), _iri(RDFS + "comment"), _iri(RDFS + "subClassOf")
PREF, ALT, DEFN = _iri(SKOS + "prefLabel"), _iri(SKOS + "altLabel"), _iri(SKOS + "definition")
BROADER, RELATED, IN_SCHEME, TOP = (_iri(SKOS + p) for p in ("broader", "related", "inScheme", "hasTopConcept"))
CONCEPT, SCHEME = _iri(SKOS + "Concept"), _iri(SKOS + "ConceptScheme")
MEMBERSHIP, ROLE_CLASS = _iri(ORG + "Membership"), _iri(ORG + "Role")
ORG_MEMBER, ORG_ORGANIZATION, ORG_ROLE, ORG_DURING = (_iri(ORG + p) for p in ("member", "organization", "role", "memberDuring"))
ORGANIZATION = _iri(ORG + "Organization")
ANNOTATION, SPECIFIC, QUOTE_SEL, POS_SEL = (
    _iri(OA + c) for c in ("Annotation", "SpecificResource", "TextQuoteSelector", "TextPositionSelector")
)
HAS_BODY, HAS_TARGET, MOTIVATED, HAS_SOURCE, HAS_SELECTOR = (
    _iri(OA + p) for p in ("hasBody", "hasTarget", "motivatedBy", "hasSource", "hasSelector")
)
EXACT, PREFIX, SUFFIX, START, END = (_iri(OA + p) for p in ("exact", "prefix", "suffix", "start", "end"))
DESCRIBING, IDENTIFYING = _iri(OA + "describing"), _iri(OA + "identifying")
DERIVED = _iri(PROV + "wasDerivedFrom")
DCT_SOURCE, DCT_DATE, DCT_TITLE, DCT_PART, DCT_CREATOR = (_iri(DCT + p) for p in ("source", "date", "title", "isPartOf", "creator"))
DCT_FORMAT, DCT_IDENTIFIER, DCT_LANGUAGE = (_iri(DCT + p) for p in ("format", "identifier", "language"))
INSTANT, INTERVAL = _iri(TIME + "Instant"), _iri(TIME + "Interval")
BEGINNING, ENDING, IN_YEAR, IN_DATE = (_iri(TIME + p) for p in ("hasBeginning", "hasEnd", "inXSDgYear", "inXSDDate"))
JOURNAL, ARTICLE, EXPRESSION = _iri(FABIO + "Journal"), _iri(FABIO + "JournalArticle"), _iri(FABIO + "Expression")
ISSN, EISSN, VOLUME, NUMBER, PUBDATE = (_iri(PRISM + p) for p in ("issn", "eIssn", "volume", "number", "publicationDate"))
PERSON, FOAF_NAME, AFFILIATION = _iri(FOAF + "Person"), _iri(FOAF + "name"), _iri(SCHEMA + "affiliation")


def _m(name: str) -> str:
    return _iri(MLO + name)


GYEAR, DATE, NNI, INTEGER, BOOLEAN = (XSD + t for t in ("gYear", "date", "nonNegativeInteger", "integer", "boolean"))
REFERENCE_SOURCE = _lit("corpus/reference/external-ids.yaml")
ROLES = [("founding-member", "founding member", "创始成员"), ("member", "member", "成员"),
         ("leading-member", "leading member", "主导成员"), ("initiator", "initiator", "发起方")]
ISSUE_AREAS = ["security", "nuclear-nonproliferation", "nuclear-disarmament", "export-control", "infrastructure-finance",
               "emerging-technology", "trade", "public-health", "climate-change", "non-traditional-security",
               "regional-security", "global-governance", "infrastructure", "nuclear-submarines", "technology-sharing"]
EVENT_TYPES = ["Founding", "Revival", "PolicyStatement", "Legislation", "StrategyRevision", "StudyPeriod",
               "TreatyAdoption", "Reporting"]
MECHANISM_FORMS = {
    "MinilateralMechanism": [("Dialogue", "对话"), ("Group", "集团"), ("Initiative", "倡议"), ("Partnership", "伙伴关系"),
                             ("Forum", "论坛"), ("Coalition", "联盟"), ("Committee", "委员会"), ("Quartet", "四方机制")],
    "MultilateralInstitution": [("Organization", "组织"), ("Development Bank", "开发银行"), ("Union", "联盟组织")],
    "TreatyRegime": [("Treaty", "条约"), ("Convention", "公约"), ("Protocol", "议定书")],
}
# Syllables with a Chinese transliteration, for pronounceable bilingual proper names.
SYLLABLES = [("va", "瓦"), ("ler", "勒"), ("mo", "莫"), ("ra", "拉"), ("ki", "基"), ("sa", "萨"), ("to", "托"), ("ne", "内"),
             ("li", "利"), ("da", "达"), ("ro", "罗"), ("ta", "塔"), ("mi", "米"), ("na", "纳"), ("bel", "贝尔"), ("gor", "戈尔"),
             ("an", "安"), ("es", "埃斯"), ("dor", "多尔"), ("vin", "文"), ("ka", "卡"), ("lu", "卢"), ("zen", "曾"), ("po", "波")]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀", "霞", "平"]
# Parallel concept vocabulary (English, Chinese).
CONCEPT_WORDS = [("security", "安全"), ("governance", "治理"), ("minilateral", "小多边"), ("multilateral", "多边"),
                 ("institutional", "制度"), ("regional", "地区"), ("strategic", "战略"), ("economic", "经济"),
                 ("nuclear", "核"), ("technology", "技术"), ("order", "秩序"), ("balancing", "平衡"), ("hedging", "对冲"),
                 ("legitimacy", "合法性"), ("efficiency", "效率"), ("cooperation", "合作"), ("competition", "竞争"),
                 ("public goods", "公共产品"), ("alliance", "联盟"), ("interdependence", "相互依存"), ("norms", "规范"),
                 ("supply chain", "供应链"), ("climate", "气候"), ("finance", "金融"), ("development", "发展"),
                 ("inclusiveness", "包容性"), ("transparency", "透明度"), ("sovereignty", "主权"), ("power", "权力"),
                 ("fragmentation", "碎片化"), ("resilience", "韧性"), ("deterrence", "威慑")]
ZH_WORDS = ["小多边主义", "全球治理", "多边机制", "安全合作", "战略竞争", "地缘政治", "中等强国", "制度平衡", "经济相互依存",
            "国际公共产品", "核不扩散", "出口管制", "气候变化", "基础设施", "新兴技术", "规则秩序", "合法性", "有效性", "包容性",
            "透明度", "区域一体化", "同盟体系", "制度对冲", "威胁感知", "国家利益", "话语权", "发展中国家", "治理赤字", "集体行动",
            "互联互通", "供应链", "数字治理", "公共卫生", "能源安全", "海洋安全", "发展融资", "机制创新", "大国关系", "功能合作"]
ZH_GLUE = ["的", "与", "在", "通过", "促进了", "推动", "影响", "加强了", "面临", "体现了", "导致", "取决于", "回应", "重塑", "削弱了"]
EN_WORDS = ["minilateral", "cooperation", "mechanisms", "states", "security", "governance", "institutions", "rise", "competition",
            "regional", "order", "strategy", "alliances", "economic", "interdependence", "public", "goods", "legitimacy",
            "effectiveness", "middle", "powers", "hedging", "balancing", "norms", "supply", "chains", "technology", "nuclear",
            "export", "controls", "climate", "finance", "infrastructure", "inclusive", "exclusive", "flexible", "informal"]
EN_GLUE = ["the", "of", "and", "in", "through", "shapes", "drives", "reflects", "limits", "strengthens", "undermines", "with"]
