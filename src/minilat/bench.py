"""Scale benchmark: synthetic minilat datasets from 10k to 10M triples, three engines.

``minilat bench`` (and ``benchmarks/scale.py``, a thin wrapper) does three things:

1. **Generates** synthetic datasets in minilat's own vocabulary, shaped like many digest
   issues: states, cooperation mechanisms, n-ary ``org:Membership`` records on the digest
   and background layers, claims with a Chinese quote and an English statement anchored
   by ``oa:Annotation`` (TextQuoteSelector + TextPositionSelector), argument relations
   between claims, events, SKOS concepts, the bibliography layer, inferred types, and
   the real ontology graph. Output is N-Quads streamed to a file (never held in memory),
   seeded and reproducible byte for byte, cached under ``benchmarks/data/``.
2. **Measures**, each engine x size case in its own subprocess: load time, peak RSS and
   the median latency of every library query (``src/minilat/queries/*.rq``, whatever is
   there at run time, run without bindings), for minilat's store layer
   (:class:`minilat.store.Store`), raw pyoxigraph and rdflib's in-memory ``Dataset``
   (the baseline, with time and memory caps; cases over a cap are reported as skipped).
3. **Reports** ``results.json``, ``results.md`` (tables, ratios, targets MET / NOT MET)
   and ``scale.png`` (log-log time and memory against size) in ``--out``.

Progress goes to stderr.
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from minilat import paths

# ---------------------------------------------------------------------------
# Locations and defaults
# ---------------------------------------------------------------------------

BENCHMARKS = paths.ROOT / "benchmarks"
DATA = BENCHMARKS / "data"
RESULTS = BENCHMARKS / "results"

#: Bump when the generator's output changes, so cached files are regenerated.
GENERATOR_VERSION = 2  # 2: names past the syllable space get a digit suffix without a space (IRIs at 10M)
DEFAULT_SEED = 20240601
DEFAULT_SIZES = "10k,100k,1M"
#: Sizes from this many triples on load into the on-disk store (bulk load).
ON_DISK_FROM = 5_000_000
#: Fewer runs per query from this size on.
FEW_RUNS_FROM = 5_000_000
FEW_RUNS = 3

ENGINES = ("minilat", "pyoxigraph", "rdflib")
ENGINE_LABELS = {"minilat": "minilat Store", "pyoxigraph": "raw pyoxigraph", "rdflib": "rdflib Dataset"}

#: Fast queries are repeated until this much time is spent (at most MAX_RUNS runs),
#: so that sub-millisecond medians are not one noisy sample.
MIN_QUERY_TIME = 1.0
MAX_RUNS = 201
#: Time spent on one query (all its runs) before the repeats are cut short.
QUERY_BUDGET = 120.0

TARGETS = {
    "overhead": 1.3,  # minilat / raw pyoxigraph, per query, at 1M
    "vs_rdflib_query": 0.05,  # geometric mean of minilat / rdflib, at 1M
    "load_time": 0.12,  # minilat / rdflib load time, at 1M
    "load_rss": 0.5,  # minilat / rdflib peak RSS, at 1M
    "rss_10m_gib": 6.0,  # on-disk load of 10M, peak RSS
    "query_10m_s": 2.0,  # every library query at 10M, median
}


def log(message: str) -> None:
    """One progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------

_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip().replace("_", "")
    number, suffix = text, ""
    if text and text[-1].lower() in _SUFFIX and not text[-1].isdigit():
        number, suffix = text[:-1], text[-1].lower()
    try:
        value = float(number) * _SUFFIX[suffix]
    except (ValueError, KeyError):
        raise click.BadParameter(f"not a size: {text!r} (use e.g. 10k, 100k, 1M, 10M)") from None
    if value < 1000:
        raise click.BadParameter(f"size {text!r} is too small (at least 1k triples: the ontology alone is ~860)")
    return int(value)


def size_label(triples: int) -> str:
    for suffix, factor in (("M", 1_000_000), ("k", 1_000)):
        if triples >= factor and triples % factor == 0:
            return f"{triples // factor}{suffix}"
    return str(triples)


def human_count(n: float) -> str:
    for suffix, factor in (("M", 1e6), ("k", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f}{suffix}"
    return str(int(n))


def human_time(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def human_bytes(n: float | None) -> str:
    if n is None:
        return "–"
    if n >= 2**30:
        return f"{n / 2**30:.2f} GiB"
    return f"{n / 2**20:.0f} MiB"


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------

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
G_DIGEST, G_BACKGROUND, G_BIBLIO, G_INFERRED, G_ONTOLOGY = (
    _iri(GRAPH + g) for g in ("digest", "background", "bibliography", "inferred", "ontology")
)
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
R_SUBJECT, R_PREDICATE, R_OBJECT = _iri(RDF + "subject"), _iri(RDF + "predicate"), _iri(RDF + "object")


def _m(name: str) -> str:
    return _iri(MLO + name)


GYEAR, DATE, NNI, INTEGER, BOOLEAN = (XSD + t for t in ("gYear", "date", "nonNegativeInteger", "integer", "boolean"))
REFERENCE_SOURCE = _lit("corpus/reference/external-ids.yaml")
ROLES = [("founding-member", "founding member", "创始成员"), ("member", "member", "成员"),
         ("leading-member", "leading member", "主导成员"), ("initiator", "initiator", "发起方")]
ISSUE_AREAS = ["security", "nuclear-nonproliferation", "nuclear-disarmament", "export-control", "infrastructure-finance",
               "emerging-technology", "trade", "public-health", "climate-change", "non-traditional-security",
               "regional-security", "global-governance"]
CLAIM_TYPES = [("EmpiricalFinding", 24), ("CausalClaim", 25), ("TypologyOrDefinition", 20), ("ResearchQuestion", 13),
               ("PolicyRecommendation", 8), ("ScenarioPrediction", 7), ("StudyLimitation", 2), ("EditorialPosition", 2)]
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


class _Writer:
    """Buffered N-Quads output that counts quads."""

    def __init__(self, fh, target: int, progress: Callable[[int], None] | None) -> None:
        self.fh, self.target, self.progress = fh, target, progress
        self.count = 0
        self.buffer: list[str] = []
        self._next_report = 1_000_000

    def q(self, s: str, p: str, o: str, g: str) -> None:
        self.buffer.append(f"{s} {p} {o} {g} .\n")
        self.count += 1
        if len(self.buffer) >= 20_000:
            self.flush()

    def flush(self) -> None:
        self.fh.write("".join(self.buffer))
        self.buffer.clear()
        if self.progress and self.count >= self._next_report:
            self.progress(self.count)
            self._next_report = (self.count // 1_000_000 + 1) * 1_000_000

    @property
    def done(self) -> bool:
        return self.count >= self.target


class _Synth:
    """The generator: global pools of states, mechanisms, concepts and people, then digest after digest."""

    def __init__(self, w: _Writer, rng: random.Random) -> None:
        self.w, self.rng = w, rng
        self.names_used: set[str] = set()
        self.states: list[tuple[str, str, str]] = []  # (code, en, zh)
        self.state_described: set[int] = set()
        self.state_participant: set[int] = set()
        # mechanisms: (slug, class, zh label, minilateral?, security?)
        self.mechanisms: list[tuple[str, str, str]] = []
        self.institutions: list[int] = []  # MultilateralInstitution / TreatyRegime indices
        self.security_minilaterals: set[int] = set()
        self.inside: set[int] = set()
        self.outside: set[int] = set()
        self.relations: set[tuple[int, str, int]] = set()
        self.concepts: list[tuple[str, str]] = []  # (slug, zh label)
        self.people: list[str] = []
        self.journals = 0
        self.organizations = 0
        self.claims = 0  # claims made so far (IRIs are rebuilt from self.claim_iris)
        self.claim_iris: list[str] = []

    # -- helpers ------------------------------------------------------------

    def skewed(self, n: int, power: float = 2.0) -> int:
        """An index in [0, n) favouring the first (older, better-known) items."""
        return min(n - 1, int(n * self.rng.random() ** power))

    def pick(self, n: int, k: int, power: float = 2.0) -> list[int]:
        """Up to k distinct skewed indices in [0, n), in draw order."""
        chosen: list[int] = []
        seen: set[int] = set()
        for _ in range(4 * k):
            if len(chosen) >= min(k, n):
                break
            i = self.skewed(n, power)
            if i not in seen:
                seen.add(i)
                chosen.append(i)
        return chosen

    def proper_name(self, syllables: tuple[int, int] = (2, 3)) -> tuple[str, str]:
        for _ in range(20):
            parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(*syllables))]
            en = "".join(p[0] for p in parts).capitalize()
            if en not in self.names_used:
                break
        else:
            en = f"{en}{len(self.names_used)}"
        self.names_used.add(en)
        return en, "".join(p[1] for p in parts)

    def zh_sentence(self, lo: int = 5, hi: int = 12) -> str:
        rng = self.rng
        words = [rng.choice(ZH_WORDS) if i % 2 == 0 else rng.choice(ZH_GLUE) for i in range(rng.randint(lo, hi))]
        return "".join(words) + "。"

    def en_sentence(self, lo: int = 10, hi: int = 24) -> str:
        rng = self.rng
        words = [rng.choice(EN_WORDS) if rng.random() < 0.65 else rng.choice(EN_GLUE) for _ in range(rng.randint(lo, hi))]
        return " ".join(words).capitalize() + "."

    def labels(self, s: str, en: str, zh: str, g: str, pref: bool = True) -> None:
        w = self.w
        w.q(s, LABEL, _lit(en, "en"), g)
        w.q(s, LABEL, _lit(zh, "zh"), g)
        if pref:
            w.q(s, PREF, _lit(en, "en"), g)
            w.q(s, PREF, _lit(zh, "zh"), g)

    def anchor(self, key: str, body: str, exact: str, motivation: str, digest: "_Digest", g: str = G_DIGEST) -> None:
        """An oa:Annotation anchoring ``body`` to a passage of the digest text (quote + position selectors)."""
        w, rng = self.w, self.rng
        a = ID + "annotation/" + key
        ann, target, pos, quote = _iri(a), _iri(a + "#target"), _iri(a + "#position"), _iri(a + "#quote")
        w.q(ann, A, ANNOTATION, g)
        w.q(ann, HAS_BODY, body, g)
        w.q(ann, HAS_TARGET, target, g)
        w.q(ann, MOTIVATED, motivation, g)
        w.q(body, _m("anchoredBy"), ann, g)
        w.q(target, A, SPECIFIC, g)
        w.q(target, HAS_SOURCE, digest.text, g)
        w.q(target, HAS_SELECTOR, pos, g)
        start = digest.offset + rng.randint(0, 40)
        end = start + (len(exact) if exact else rng.randint(300, 1500))
        digest.offset = end
        w.q(pos, A, POS_SEL, g)
        w.q(pos, START, _lit(str(start), datatype=NNI), g)
        w.q(pos, END, _lit(str(end), datatype=NNI), g)
        if g == G_DIGEST:
            w.q(target, HAS_SELECTOR, quote, g)
            w.q(quote, A, QUOTE_SEL, g)
            w.q(quote, EXACT, _lit(exact), g)
            context = self.zh_sentence(3, 6)
            w.q(quote, PREFIX, _lit(digest.previous[-32:]), g)
            w.q(quote, SUFFIX, _lit(context[:32]), g)
        if exact:
            digest.previous = exact

    # -- global pools -------------------------------------------------------

    def ontology(self) -> None:
        """The real ontology graph (ontology/minilat.ttl), blank nodes relabelled in parse order."""
        import pyoxigraph as ox

        bnodes: dict[str, str] = {}

        def term(t) -> str:
            if isinstance(t, ox.NamedNode):
                return _iri(t.value)
            if isinstance(t, ox.BlankNode):
                return bnodes.setdefault(t.value, f"_:o{len(bnodes)}")
            return _lit(t.value, t.language, t.datatype.value)

        for quad in ox.parse(path=str(paths.ONTOLOGY), format=ox.RdfFormat.TURTLE):
            self.w.q(term(quad.subject), _iri(quad.predicate.value), term(quad.object), G_ONTOLOGY)

    def globals(self) -> None:
        w = self.w
        for slug, en, zh in ROLES:
            role = _iri(ID + "role/" + slug)
            w.q(role, A, ROLE_CLASS, G_DIGEST)
            self.labels(role, en, zh, G_DIGEST, pref=False)
        scheme = _iri(ID + "scheme/concepts")
        w.q(scheme, A, SCHEME, G_DIGEST)
        self.labels(scheme, "Concepts of minilateralism in global governance", "全球治理中的小多边主义概念", G_DIGEST)
        w.q(_m("SecurityMinilateral"), SUBCLASS, _m("MinilateralMechanism"), G_INFERRED)
        w.q(_m("SecurityMinilateralParticipant"), SUBCLASS, _m("State"), G_INFERRED)
        # A fixed pool of 200 states (ISO-like three-letter codes), described lazily on first use.
        codes = [a + b + c for a in "ABCDEFGHIJKLMNOPRSTUVZ" for b in "AEIOU" for c in "BDGKLMNRST"]
        for code in self.rng.sample(codes, 200):
            en, zh = self.proper_name((2, 3))
            self.states.append((code, en, zh + "国"))

    def state(self, i: int) -> str:
        return _iri(ID + "state/" + self.states[i][0])

    def describe_state(self, i: int, g: str) -> str:
        """A state is described once, in the layer that first needs it: the digest when the
        digest names it (anchored mentions), the background when only a reference source does."""
        s = self.state(i)
        if i not in self.state_described:
            self.state_described.add(i)
            code, en, zh = self.states[i]
            w = self.w
            w.q(s, A, _m("State"), g)
            self.labels(s, en, zh, g)
            w.q(s, _m("iso3166Alpha3"), _lit(code), g)
            if g == G_BACKGROUND:
                w.q(s, DCT_SOURCE, REFERENCE_SOURCE, g)
            else:
                w.q(s, ALT, _lit(zh[0], "zh"), g)
        return s

    def state_in_digest(self, i: int, digest: "_Digest") -> str:
        s = self.describe_state(i, G_DIGEST)
        code, _, zh = self.states[i]
        self.anchor(f"state-{code}-mention-{digest.slug}-{len(digest.mentions)}", s, zh, IDENTIFYING, digest)
        digest.mentions.append(s)
        return s

    def person(self, new: bool) -> str:
        if new or not self.people:
            n = len(self.people)
            p = _iri(ID + f"person/p{n:06d}")
            self.people.append(p)
            w, rng = self.w, self.rng
            en_first, _ = self.proper_name((1, 2))
            en_last, _ = self.proper_name((2, 2))
            en = f"{en_first} {en_last}"
            w.q(p, A, PERSON, G_BIBLIO)
            w.q(p, LABEL, _lit(en, "en"), G_BIBLIO)
            if rng.random() < 0.5:
                zh = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
                w.q(p, LABEL, _lit(zh, "zh"), G_BIBLIO)
                w.q(p, FOAF_NAME, _lit(zh, "zh"), G_BIBLIO)
            else:
                w.q(p, FOAF_NAME, _lit(en), G_BIBLIO)
            if rng.random() < 0.35:
                w.q(p, AFFILIATION, self.organization(), G_BIBLIO)
            return p
        return self.people[self.skewed(len(self.people), 1.5)]

    def organization(self) -> str:
        if self.organizations < 40 and (self.organizations == 0 or self.rng.random() < 0.3):
            o = _iri(ID + f"organization/o{self.organizations:03d}")
            self.organizations += 1
            en, zh = self.proper_name((2, 3))
            self.w.q(o, A, ORGANIZATION, G_BIBLIO)
            self.labels(o, f"{en} Institute of International Studies", f"{zh}国际问题研究院", G_BIBLIO, pref=False)
            return o
        return _iri(ID + f"organization/o{self.skewed(self.organizations, 1.5):03d}")

    def journal(self) -> str:
        if self.journals < 60 and (self.journals == 0 or self.rng.random() < 0.25):
            j = _iri(ID + f"journal/j{self.journals:03d}")
            self.journals += 1
            en, _ = self.proper_name((2, 3))
            title = f"{en} Journal of International Affairs"
            w = self.w
            w.q(j, A, JOURNAL, G_BIBLIO)
            w.q(j, LABEL, _lit(title, "en"), G_BIBLIO)
            w.q(j, DCT_TITLE, _lit(title, "en"), G_BIBLIO)
            w.q(j, ISSN, _lit(f"{self.rng.randint(1000, 9999)}-{self.rng.randint(1000, 9999)}"), G_BIBLIO)
            if self.rng.random() < 0.4:
                w.q(j, EISSN, _lit(f"{self.rng.randint(1000, 9999)}-{self.rng.randint(100, 999)}X"), G_BIBLIO)
            return j
        return _iri(ID + f"journal/j{self.skewed(self.journals, 1.5):03d}")

    def mechanism(self, digest: "_Digest") -> int:
        """A new cooperation mechanism, described in the digest graph, with its memberships."""
        w, rng = self.w, self.rng
        idx = len(self.mechanisms)
        roll = rng.random()
        kind = "MinilateralMechanism" if roll < 0.72 or not self.institutions and idx > 0 else (
            "MultilateralInstitution" if roll < 0.86 else "TreatyRegime")
        if idx == 0:
            kind = "MultilateralInstitution"
        form_en, form_zh = rng.choice(MECHANISM_FORMS[kind])
        name_en, name_zh = self.proper_name((2, 3))
        slug = f"{name_en.lower()}-{form_en.lower().replace(' ', '-')}-{idx}"
        m = _iri(ID + "mechanism/" + slug)
        zh = name_zh + form_zh
        self.mechanisms.append((slug, kind, zh))
        w.q(m, A, _m(kind), G_DIGEST)
        minilateral = kind == "MinilateralMechanism"
        if minilateral:
            w.q(m, A, _m("InformalMechanism" if rng.random() < 0.75 else "FormalMechanism"), G_DIGEST)
        else:
            w.q(m, A, _m("FormalMechanism"), G_DIGEST)
            self.institutions.append(idx)
        self.labels(m, f"{name_en} {form_en}", zh, G_DIGEST)
        if rng.random() < 0.6:
            abbreviation = "".join(ch for ch in name_en if ch.isupper()) + form_en[0]
            w.q(m, ALT, _lit(abbreviation, "en"), G_DIGEST)
        if rng.random() < 0.5:
            w.q(m, COMMENT, _lit(self.en_sentence(8, 16), "en"), G_DIGEST)
        areas = rng.sample(ISSUE_AREAS, rng.randint(1, 3))
        if minilateral and rng.random() < 0.3 and "security" not in areas:
            areas[0] = "security"
        for area in areas:
            w.q(m, _m("hasIssueArea"), _iri(ID + "issue-area/" + area), G_DIGEST)
        for j in range(rng.randint(1, 2)):
            self.anchor(f"mechanism-{slug}-mention-{digest.slug}-{j}", m, zh, IDENTIFYING, digest)
        security = minilateral and "security" in areas
        if security:
            self.security_minilaterals.add(idx)
            w.q(m, A, _m("SecurityMinilateral"), G_INFERRED)
        if minilateral and self.institutions and rng.random() < 0.3:
            host = self.institutions[self.skewed(len(self.institutions), 1.5)]
            self.relate(idx, "operatesWithin", host, digest)
        elif minilateral and rng.random() < 0.3:
            self.outside.add(idx)
            w.q(m, A, _m("OutsideMinilateral"), G_DIGEST)
        # Memberships: a few states; digest-layer (anchored, with a period) or background-layer (sourced).
        n_members = rng.randint(3, 12) if minilateral else rng.randint(8, 30)
        for k, si in enumerate(self.pick(len(self.states), n_members, 1.6)):
            digest_layer = minilateral and rng.random() < 0.35
            self.membership(idx, m, si, digest_layer, k == 0, digest)
            if security and si not in self.state_participant:
                self.state_participant.add(si)
                w.q(self.state(si), A, _m("SecurityMinilateralParticipant"), G_INFERRED)
            if w.done:
                break
        return idx

    def membership(self, idx: int, m: str, si: int, digest_layer: bool, first: bool, digest: "_Digest") -> None:
        w, rng = self.w, self.rng
        code = self.states[si][0]
        ms = ID + f"membership/{self.mechanisms[idx][0]}-{code}"
        g = G_DIGEST if digest_layer else G_BACKGROUND
        s = self.state_in_digest(si, digest) if digest_layer else self.describe_state(si, G_BACKGROUND)
        mem = _iri(ms)
        w.q(mem, A, MEMBERSHIP, g)
        w.q(mem, ORG_MEMBER, s, g)
        w.q(mem, ORG_ORGANIZATION, m, g)
        role = "founding-member" if first or (digest_layer and rng.random() < 0.4) else rng.choice(
            ["member", "member", "member", "leading-member", "initiator"])
        w.q(mem, ORG_ROLE, _iri(ID + "role/" + role), g)
        w.q(mem, _m("layer"), _lit("digest" if digest_layer else "background"), g)
        w.q(s, _m("memberOf"), m, g)
        if digest_layer or rng.random() < 0.1:
            period, start = _iri(ms + "#period"), _iri(ms + "#start")
            w.q(mem, ORG_DURING, period, g)
            w.q(period, A, INTERVAL, g)
            w.q(period, BEGINNING, start, g)
            w.q(start, A, INSTANT, g)
            year = rng.randint(1960, 2024)
            if digest_layer:
                w.q(start, IN_YEAR, _lit(str(year), datatype=GYEAR), g)
            else:
                w.q(start, IN_DATE, _lit(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", datatype=DATE), g)
        if digest_layer:
            self.anchor(f"membership-{self.mechanisms[idx][0]}-{code}", mem, self.zh_sentence(3, 6), DESCRIBING, digest)
        else:
            w.q(mem, DCT_SOURCE, REFERENCE_SOURCE, g)

    def relate(self, a: int, prop: str, b: int, digest: "_Digest") -> None:
        """A mechanism-to-mechanism fact: the triple itself plus its reified, anchored FactAssertion."""
        if a == b or (a, prop, b) in self.relations:
            return
        inside = prop == "operatesWithin" and self.mechanisms[a][1] == "MinilateralMechanism" and b in self.institutions
        if prop == "operatesWithin" and (not inside or a in self.outside):
            return
        self.relations.add((a, prop, b))
        w = self.w
        sa, sb = _iri(ID + "mechanism/" + self.mechanisms[a][0]), _iri(ID + "mechanism/" + self.mechanisms[b][0])
        w.q(sa, _m(prop), sb, G_DIGEST)
        if inside and a not in self.inside:
            self.inside.add(a)
            w.q(sa, A, _m("InsideMinilateral"), G_INFERRED)
        key = f"{self.mechanisms[a][0]}-{prop}-{self.mechanisms[b][0]}"
        fact = _iri(ID + "fact/" + key)
        w.q(fact, A, _m("FactAssertion"), G_DIGEST)
        w.q(fact, R_SUBJECT, sa, G_DIGEST)
        w.q(fact, R_PREDICATE, _m(prop), G_DIGEST)
        w.q(fact, R_OBJECT, sb, G_DIGEST)
        self.anchor("fact-" + key, fact, self.zh_sentence(4, 8), DESCRIBING, digest)

    def concept(self, digest: "_Digest") -> int:
        w, rng = self.w, self.rng
        idx = len(self.concepts)
        words = rng.sample(CONCEPT_WORDS, rng.randint(2, 3))
        en = " ".join(x[0] for x in words)
        zh = "".join(x[1] for x in words)
        if en in self.names_used:
            en, zh = f"{en} ({idx})", f"{zh}（{idx}）"
        self.names_used.add(en)
        slug = f"c{idx:06d}-" + en.split(" (")[0].replace(" ", "-")
        c = _iri(ID + "concept/" + slug)
        self.concepts.append((slug, zh))
        scheme = _iri(ID + "scheme/concepts")
        w.q(c, A, CONCEPT, G_DIGEST)
        self.labels(c, en, zh, G_DIGEST)
        w.q(c, IN_SCHEME, scheme, G_DIGEST)
        w.q(c, DEFN, _lit(self.en_sentence(8, 18), "en"), G_DIGEST)
        if rng.random() < 0.05:
            w.q(c, DEFN, _lit(self.zh_sentence(4, 8), "zh"), G_DIGEST)
        if rng.random() < 0.45:
            w.q(c, ALT, _lit(zh[:4], "zh") if rng.random() < 0.6 else _lit(en.split(" ")[0], "en"), G_DIGEST)
        if idx > 0 and rng.random() < 0.15:
            w.q(c, BROADER, _iri(ID + "concept/" + self.concepts[self.skewed(idx)][0]), G_DIGEST)
        else:
            w.q(scheme, TOP, c, G_DIGEST)
        if idx > 0:
            for j in sorted(set(self.skewed(idx) for _ in range(rng.randint(0, 4)))):
                w.q(c, RELATED, _iri(ID + "concept/" + self.concepts[j][0]), G_DIGEST)
        return idx

    # -- one digest issue ---------------------------------------------------

    def digest(self, d: int) -> None:
        digest = _Digest(d)
        w, rng = self.w, self.rng
        # Bibliography layer: the issue, its text, preface, summaries, articles, people.
        issue, text = digest.iri, digest.text
        w.q(issue, A, _m("DigestIssue"), G_BIBLIO)
        topic_en, topic_zh = self.proper_name((2, 3))
        self.labels(issue, f"{topic_en} in Global Governance", f"全球治理中的{topic_zh}", G_BIBLIO, pref=False)
        w.q(issue, DCT_TITLE, _lit(f"Global Governance Studies Update: {topic_en} in Global Governance", "en"), G_BIBLIO)
        w.q(issue, DCT_TITLE, _lit(f"《全球治理学科动态》：全球治理中的{topic_zh}", "zh"), G_BIBLIO)
        w.q(issue, DCT_LANGUAGE, _lit("zh"), G_BIBLIO)
        for reviewer in sorted({self.person(new=rng.random() < 0.3) for _ in range(2)}):
            w.q(issue, _m("reviewedBy"), reviewer, G_BIBLIO)
        w.q(text, A, EXPRESSION, G_BIBLIO)
        w.q(text, LABEL, _lit(f"corpus/digests/{d:03d}_{rng.getrandbits(64):016x}.txt"), G_BIBLIO)
        w.q(text, DCT_FORMAT, _lit("text/plain; charset=utf-8"), G_BIBLIO)
        w.q(text, DCT_IDENTIFIER, _lit(f"sha256:{rng.getrandbits(256):064x}"), G_BIBLIO)
        w.q(text, DCT_PART, issue, G_BIBLIO)
        preface = _iri(ID + f"preface/{digest.slug}")
        w.q(issue, _m("hasEntry"), preface, G_BIBLIO)
        w.q(preface, A, _m("Preface"), G_BIBLIO)
        self.labels(preface, "Preface", "专题序言", G_BIBLIO, pref=False)
        w.q(preface, DCT_PART, issue, G_BIBLIO)
        self.anchor(f"preface-{digest.slug}", preface, "", IDENTIFYING, digest, g=G_BIBLIO)
        digest.offset += rng.randint(200, 600)
        entries = [(preface, preface)]
        for k in range(1, rng.randint(3, 6) + 1):
            summary = _iri(ID + f"summary/{digest.slug}-{k}")
            article = _iri(ID + f"article/{digest.slug}-{k}")
            title_en = self.en_sentence(5, 10).rstrip(".").title()
            title_zh = self.zh_sentence(3, 6).rstrip("。")
            w.q(article, A, ARTICLE, G_BIBLIO)
            self.labels(article, title_en, title_zh, G_BIBLIO, pref=False)
            w.q(article, DCT_TITLE, _lit(title_en, "en"), G_BIBLIO)
            for author in sorted(set(self.person(new=rng.random() < 0.6) for _ in range(rng.randint(1, 3)))):
                w.q(article, DCT_CREATOR, author, G_BIBLIO)
            w.q(article, DCT_PART, self.journal(), G_BIBLIO)
            forthcoming = rng.random() < 0.15
            w.q(article, _m("forthcoming"), _lit("true" if forthcoming else "false", datatype=BOOLEAN), G_BIBLIO)
            if not forthcoming:
                w.q(article, VOLUME, _lit(str(rng.randint(1, 80))), G_BIBLIO)
                w.q(article, NUMBER, _lit(str(rng.randint(1, 12))), G_BIBLIO)
                w.q(article, PUBDATE, _lit(str(rng.randint(1995, 2025)), datatype=GYEAR), G_BIBLIO)
            w.q(issue, _m("hasEntry"), summary, G_BIBLIO)
            w.q(summary, A, _m("CompiledSummary"), G_BIBLIO)
            self.labels(summary, f"Summary No. {k}: {title_en}", title_zh, G_BIBLIO, pref=False)
            w.q(summary, DCT_TITLE, _lit(title_zh, "zh"), G_BIBLIO)
            w.q(summary, DCT_PART, issue, G_BIBLIO)
            w.q(summary, _m("entryNumber"), _lit(str(k), datatype=INTEGER), G_BIBLIO)
            w.q(summary, _m("summarizes"), article, G_BIBLIO)
            w.q(summary, _m("compiledBy"), self.person(new=rng.random() < 0.5), G_BIBLIO)
            self.anchor(f"summary-{digest.slug}-{k}", summary, "", IDENTIFYING, digest, g=G_BIBLIO)
            entries.append((summary, article))
        if w.done:
            return
        # Mechanisms: a few new ones (with memberships), several known ones mentioned again.
        discussed: list[int] = []
        for _ in range(rng.randint(1, 3) if self.mechanisms else 4):
            discussed.append(self.mechanism(digest))
            if w.done:
                return
        for i in self.pick(len(self.mechanisms), rng.randint(2, 6), 1.8):
            if i not in discussed:
                slug, _, zh = self.mechanisms[i]
                m = _iri(ID + "mechanism/" + slug)
                self.anchor(f"mechanism-{slug}-mention-{digest.slug}-0", m, zh, IDENTIFYING, digest)
                discussed.append(i)
        for _ in range(rng.randint(0, 2)):
            a, b = rng.choice(discussed), self.skewed(len(self.mechanisms))
            prop = rng.choice(["operatesWithin", "reportsTo", "ledTo"])
            if prop == "operatesWithin" and (b not in self.institutions or self.mechanisms[a][1] != "MinilateralMechanism"):
                prop = "ledTo"
            self.relate(a, prop, b, digest)
        if w.done:
            return
        # Concepts: new and known; states mentioned in the digest.
        concepts = [self.concept(digest) for _ in range(rng.randint(5, 10))]
        concepts += [c for c in self.pick(len(self.concepts), rng.randint(5, 12), 2.0) if c not in concepts]
        for c in concepts:
            slug, zh = self.concepts[c]
            iri = _iri(ID + "concept/" + slug)
            self.anchor(f"concept-{slug}-mention-{digest.slug}", iri, zh, IDENTIFYING, digest)
        if w.done:
            return
        states = self.pick(len(self.states), rng.randint(3, 8), 2.0)
        for si in states:
            self.state_in_digest(si, digest)
        if w.done:
            return
        # Events.
        for e in range(rng.randint(1, 4)):
            self.event(digest, e, discussed, concepts, states)
        if w.done:
            return
        # Claims, summary by summary (the preface's claims are editorial positions).
        for summary, source in entries:
            n = rng.randint(2, 6) if summary == preface else rng.randint(6, 18)
            for _ in range(n):
                self.claim(digest, summary, source, summary == preface, discussed, concepts, states)
                if w.done:
                    return

    def event(self, digest: "_Digest", e: int, mechanisms: list[int], concepts: list[int], states: list[int]) -> None:
        w, rng = self.w, self.rng
        cls = rng.choice(EVENT_TYPES)
        ev_iri = ID + f"event/{digest.slug}-{e}"
        ev = _iri(ev_iri)
        w.q(ev, A, _m("Event"), G_DIGEST)
        w.q(ev, A, _m(cls), G_DIGEST)
        year = rng.randint(1970, 2024)
        title = self.en_sentence(3, 6).rstrip(".")
        self.labels(ev, title, self.zh_sentence(2, 4).rstrip("。"), G_DIGEST)
        w.q(ev, DCT_DATE, _lit(str(year), datatype=GYEAR), G_DIGEST)
        start = _iri(ev_iri + "#start")
        w.q(ev, BEGINNING, start, G_DIGEST)
        w.q(start, A, INSTANT, G_DIGEST)
        w.q(start, IN_YEAR, _lit(str(year), datatype=GYEAR), G_DIGEST)
        if cls == "StudyPeriod" or rng.random() < 0.1:
            end = _iri(ev_iri + "#end")
            w.q(ev, ENDING, end, G_DIGEST)
            w.q(end, A, INSTANT, G_DIGEST)
            w.q(end, IN_YEAR, _lit(str(min(2025, year + rng.randint(1, 30))), datatype=GYEAR), G_DIGEST)
        involved = {_iri(ID + "mechanism/" + self.mechanisms[rng.choice(mechanisms)][0])}
        involved |= {self.state(rng.choice(states)) for _ in range(rng.randint(0, 4))}
        involved |= {_iri(ID + "concept/" + self.concepts[rng.choice(concepts)][0]) for _ in range(rng.randint(0, 2))}
        for x in sorted(involved):
            w.q(ev, _m("involves"), x, G_DIGEST)
        self.anchor(f"event-{digest.slug}-{e}", ev, self.zh_sentence(4, 8), DESCRIBING, digest)

    def claim(self, digest: "_Digest", summary: str, source: str, editorial: bool,
              mechanisms: list[int], concepts: list[int], states: list[int]) -> None:
        w, rng = self.w, self.rng
        n = len(digest.claims)
        key = f"{digest.slug}-{n:03d}"
        c = _iri(ID + "claim/" + key)
        w.q(c, A, _m("Claim"), G_DIGEST)
        if editorial:
            cls = "EditorialPosition"
        else:
            cls = rng.choices([t for t, _ in CLAIM_TYPES], weights=[x for _, x in CLAIM_TYPES])[0]
        w.q(c, A, _m(cls), G_DIGEST)
        quote, statement = self.zh_sentence(), self.en_sentence()
        w.q(c, LABEL, _lit(quote, "zh"), G_DIGEST)
        w.q(c, LABEL, _lit(statement, "en"), G_DIGEST)
        w.q(c, _m("quote"), _lit(quote, "zh"), G_DIGEST)
        w.q(c, _m("statement"), _lit(statement, "en"), G_DIGEST)
        w.q(c, _m("madeIn"), summary, G_DIGEST)
        w.q(c, _m("claimOf"), source, G_DIGEST)
        w.q(c, DERIVED, digest.text, G_DIGEST)
        about: set[str] = set()
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.75:
                about.add(_iri(ID + "concept/" + self.concepts[rng.choice(concepts)][0]))
            elif roll < 0.9:
                about.add(self.state(rng.choice(states)))
            else:
                about.add(_iri(ID + "mechanism/" + self.mechanisms[rng.choice(mechanisms)][0]))
        for x in sorted(about):
            w.q(c, _m("about"), x, G_DIGEST)
        # Argument relations to earlier claims: mostly within the issue, some across issues.
        targets: set[str] = set()
        for prop, p in (("elaborates", 0.5), ("supports", 0.45), ("qualifies", 0.18), ("contests", 0.04)):
            if rng.random() >= p:
                continue
            if digest.claims and rng.random() < 0.9:
                target = digest.claims[rng.randrange(max(0, len(digest.claims) - 12), len(digest.claims))]
            elif self.claim_iris:
                target = self.claim_iris[self.skewed(len(self.claim_iris), 1.3)]
            else:
                continue
            if target not in targets:
                targets.add(target)
                w.q(c, _m(prop), target, G_DIGEST)
        self.anchor(f"claim-{key}", c, quote, DESCRIBING, digest)
        digest.claims.append(c)
        self.claim_iris.append(c)


class _Digest:
    """Per-issue state: IRIs, the running text offset, the claims made so far."""

    def __init__(self, d: int) -> None:
        self.slug = f"issue-{d:05d}"
        self.iri = _iri(ID + "digest/" + self.slug)
        self.text = _iri(ID + "digest/" + self.slug + "/text")
        self.offset = 0
        self.previous = ""
        self.claims: list[str] = []
        self.mentions: list[str] = []


def _ontology_digest() -> str:
    import hashlib

    return hashlib.sha256(paths.ONTOLOGY.read_bytes()).hexdigest()[:12]


def generate(path: Path, triples: int, seed: int = DEFAULT_SEED, progress: bool = True) -> dict[str, Any]:
    """Write a synthetic dataset of about ``triples`` quads to ``path`` (N-Quads); return its statistics.

    Deterministic: the same (triples, seed, ontology file, GENERATOR_VERSION) give the same bytes.
    Generation stops at the first entity boundary at or after ``triples`` quads, so the
    file holds ``triples`` quads plus at most a few dozen (every quad is distinct).
    """
    label = size_label(triples)
    started = time.perf_counter()

    def report(count: int) -> None:
        if progress:
            log(f"generating {label}: {human_count(count)}/{human_count(triples)} triples ({time.perf_counter() - started:.0f} s)")

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        w = _Writer(fh, triples, report)
        synth = _Synth(w, random.Random(seed))
        synth.ontology()
        synth.globals()
        digests = 0
        while not w.done:
            synth.digest(digests)
            digests += 1
        w.flush()
    tmp.replace(path)
    return {
        "target": triples,
        "quads": w.count,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "ontology": _ontology_digest(),
        "digests": digests,
        "claims": len(synth.claim_iris),
        "mechanisms": len(synth.mechanisms),
        "concepts": len(synth.concepts),
        "states": len(synth.state_described),
        "people": len(synth.people),
        "bytes": path.stat().st_size,
        "generate_s": round(time.perf_counter() - started, 3),
    }


def dataset(triples: int, seed: int = DEFAULT_SEED, data_dir: Path = DATA) -> tuple[Path, dict[str, Any]]:
    """The cached synthetic dataset for a size, generated first if missing or stale."""
    path = data_dir / f"synthetic-{size_label(triples)}-seed{seed}-v{GENERATOR_VERSION}.nq"
    meta_path = path.with_suffix(".json")
    if path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        if meta.get("ontology") == _ontology_digest() and meta.get("bytes") == path.stat().st_size:
            log(f"dataset {size_label(triples)}: cached {path.name} ({human_count(meta['quads'])} quads)")
            return path, meta
    log(f"dataset {size_label(triples)}: generating {path.name}")
    meta = generate(path, triples, seed)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    log(f"dataset {size_label(triples)}: {meta['quads']:,} quads, {meta['digests']} digests, {meta['claims']:,} claims, "
        f"{human_bytes(meta['bytes'])}, {meta['generate_s']:.1f} s")
    return path, meta


# ---------------------------------------------------------------------------
# One case (engine x size), run in a subprocess
# ---------------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout()


def _peak_rss() -> int:
    """Peak resident set size of this process so far, in bytes.

    Linux: VmHWM of /proc/self/status, the high-water mark of this address space. Not
    getrusage's ru_maxrss, which survives execve and so starts a case subprocess at the
    parent's own peak.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _current_rss() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # pragma: no cover - not Linux
        return _peak_rss()


def _consume(result: Any) -> int:
    """Materialize a query result fully; return its row (or triple) count."""
    if isinstance(result, bool):
        return int(result)
    ask = getattr(result, "askAnswer", None)  # rdflib ASK
    if ask is not None and getattr(result, "type", "") == "ASK":
        return int(bool(ask))
    if type(result).__name__ == "QueryBoolean":  # pyoxigraph ASK
        return int(bool(result))
    n = 0
    for _ in result:
        n += 1
    return n


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1))
    tmp.replace(path)


def _beat(path: Path | None, **state: Any) -> None:
    """Tell the supervising parent what this case is doing (and since when)."""
    if path is not None:
        _write_json(path, state | {"since": time.time()})


def run_case_in_process(spec: dict[str, Any], result_path: Path | None = None,
                        heartbeat: Path | None = None) -> dict[str, Any]:
    """Load one dataset into one engine and time every library query (this process)."""
    from minilat.library import library

    engine, data, on_disk = spec["engine"], Path(spec["data"]), spec.get("store_dir")
    reuse = bool(spec.get("reuse_store"))
    label = spec["label"]
    tag = f"{label} {engine}"
    result: dict[str, Any] = {
        "engine": engine, "label": label, "triples": spec["triples"], "status": "running",
        "store": "on-disk (bulk load)" if on_disk else "in memory",
        "loadavg_start": os.getloadavg()[0],
        "queries": {},
    }

    def save() -> None:
        if result_path is not None:
            _write_json(result_path, result)

    signal.signal(signal.SIGALRM, _on_alarm)
    # The query texts the parent read at the start of the benchmark (one consistent library per run).
    texts = spec.get("queries") or {name: q.text for name, q in library().items()}
    queries = {name: text for name, text in texts.items() if name not in spec.get("exclude", ())}
    result["rss_before"] = _current_rss()

    # Load (or, when the parent restarts a case after a runaway query, reopen the on-disk store).
    log(f"{tag}: {'reopening' if reuse else 'loading'} {data.name} ({result['store']})")
    _beat(heartbeat, phase="load")
    load_cap = spec.get("load_cap")
    paired: Callable[[str], Any] | None = None
    t0 = time.perf_counter()
    try:
        if load_cap:
            signal.setitimer(signal.ITIMER_REAL, load_cap)
        if engine == "minilat":
            from minilat.store import Store

            store = Store(Path(on_disk) if on_disk else None)
            if not reuse:
                store.load(data)
            run = lambda text: store.query(text)  # noqa: E731 - union default graph is Store.query's default
            if spec.get("paired"):  # the same engine without the layer, interleaved in this process
                paired = lambda text: store.engine.query(text, use_default_graph_as_union=True)  # noqa: E731
            size = len(store)
        elif engine == "pyoxigraph":
            import pyoxigraph as ox

            raw = ox.Store(on_disk) if on_disk else ox.Store()
            if on_disk and not reuse:
                raw.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
                raw.flush()
            elif not on_disk:
                raw.load(path=str(data), format=ox.RdfFormat.N_QUADS)
            run = lambda text: raw.query(text, use_default_graph_as_union=True)  # noqa: E731
            size = len(raw)
        elif engine == "rdflib":
            import rdflib

            ds = rdflib.Dataset(default_union=True)
            ds.parse(str(data), format="nquads")
            run = lambda text: ds.query(text)  # noqa: E731
            size = len(ds)
        else:
            raise ValueError(f"unknown engine {engine!r}")
    except _Timeout:
        result.update(status="skipped", reason=f"load > {load_cap:.0f} s cap", load_s=None, peak_rss_load=_peak_rss())
        log(f"{tag}: load exceeded the {load_cap:.0f} s cap: skipped")
        save()
        return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    result["load_s"] = time.perf_counter() - t0
    result["peak_rss_load"] = _peak_rss()
    result["rss_after_load"] = _current_rss()
    result["quads_loaded"] = size
    result["status"] = "loaded"
    log(f"{tag}: {'reopened' if reuse else 'loaded'} {size:,} quads in {human_time(result['load_s'])}, "
        f"peak RSS {human_bytes(result['peak_rss_load'])}")
    save()

    # Warm up the query machinery (rdflib's parser grammar, lazy imports) outside the timings.
    _consume(run("ASK { ?s ?p ?o }"))

    repeat, cap, budget = spec["repeat"], spec.get("query_cap"), spec.get("query_budget")
    min_time = spec.get("min_query_time", MIN_QUERY_TIME)
    skip = spec.get("skip_queries", {})
    total = spec.get("total_queries", len(queries))
    for name, text in queries.items():
        i = spec.get("order", {}).get(name, 0) or len(result["queries"]) + 1
        entry: dict[str, Any] = {}
        result["queries"][name] = entry
        if name in skip:
            entry.update(skipped=skip[name])
            log(f"{tag}: query {i}/{total} {name}: skipped ({skip[name]})")
            continue
        times: list[float] = []
        paired_times: list[float] = []
        rows = None
        def timed(fn: Callable[[str], Any], text: str = text) -> tuple[int, float]:
            """One run under the cap (SIGALRM interrupts rdflib; the parent watches the Rust engines)."""
            _beat(heartbeat, phase="query", query=name)
            if cap:
                signal.setitimer(signal.ITIMER_REAL, cap)
            t = time.perf_counter()
            n = _consume(fn(text))
            elapsed = time.perf_counter() - t
            signal.setitimer(signal.ITIMER_REAL, 0)
            return n, elapsed

        try:
            while True:
                if paired and len(times) % 2:  # alternate which of the pair runs first
                    paired_times.append(timed(paired)[1])
                rows, elapsed = timed(run)
                times.append(elapsed)
                if paired and len(times) % 2:
                    paired_times.append(timed(paired)[1])
                spent = sum(times) + sum(paired_times)
                if budget and spent + (2 if paired else 1) * times[-1] > budget:
                    break  # a slow query: fewer runs rather than many minutes on it
                if len(times) >= repeat and (spent >= min_time or len(times) >= MAX_RUNS):
                    break
        except _Timeout:
            entry.update(skipped=f"> {cap:.0f} s cap")
            log(f"{tag}: query {i}/{total} {name}: > {cap:.0f} s, skipped")
            save()
            continue
        except Exception as exc:  # the engine rejected the query: record it, keep going
            entry.update(error=" ".join(str(exc).split())[:300])
            log(f"{tag}: query {i}/{total} {name}: error {entry['error'][:120]}")
            save()
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        entry.update(median_s=statistics.median(times), min_s=min(times), runs=len(times), rows=rows)
        if paired_times:
            entry["paired_raw_median_s"] = statistics.median(paired_times)
        log(f"{tag}: query {i}/{total} {name}: median {human_time(entry['median_s'])} ({len(times)} runs, {rows} rows)")
        save()
    _beat(heartbeat, phase="done")
    result["peak_rss"] = _peak_rss()
    result["loadavg_end"] = os.getloadavg()[0]
    result["status"] = "ok"
    save()
    return result


def _worker_main() -> None:
    """Entry point of the case subprocess: ``python -c '...' SPEC RESULT HEARTBEAT``."""
    spec = json.loads(Path(sys.argv[1]).read_text())
    run_case_in_process(spec, Path(sys.argv[2]), Path(sys.argv[3]))


def _attempt(spec: dict[str, Any], tmpdir: Path, mem_cap: int | None, timeout: float | None,
             query_grace: float) -> tuple[dict[str, Any] | None, str | None, str | None, int]:
    """One subprocess run of a case: (result, killed-because, runaway query, sampled peak RSS)."""
    spec_path, result_path, beat_path = tmpdir / "spec.json", tmpdir / "result.json", tmpdir / "beat.json"
    for f in (result_path, beat_path):
        f.unlink(missing_ok=True)
    spec_path.write_text(json.dumps(spec))
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    code = "from minilat.bench import _worker_main; _worker_main()"
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(spec_path), str(result_path), str(beat_path)], env=env)
    killed = runaway = None
    sampled = 0
    try:
        import psutil

        watched = psutil.Process(proc.pid)
    except Exception:  # psutil missing: no memory watchdog
        watched = None
    cap = spec.get("query_cap")
    while proc.poll() is None:
        try:
            proc.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            pass
        if watched is not None:
            try:
                sampled = max(sampled, watched.memory_info().rss)
            except Exception:
                pass
            if mem_cap and sampled > mem_cap:
                killed = f"RSS > {human_bytes(mem_cap)} cap"
        if timeout and time.perf_counter() - started > timeout:
            killed = f"case > {timeout:.0f} s cap"
        if cap and not killed:
            try:
                beat = json.loads(beat_path.read_text())
            except (OSError, ValueError):
                beat = {}
            if beat.get("phase") == "query" and time.time() - beat["since"] > cap + query_grace:
                runaway = beat["query"]
                killed = f"query {runaway} > {cap:.0f} s cap"
        if killed:
            proc.kill()
            proc.wait()
            break
    try:
        result = json.loads(result_path.read_text())
    except (OSError, ValueError):
        result = None
    if killed is None and proc.returncode != 0:
        killed = f"worker exited with code {proc.returncode}"
    return result, killed, runaway, sampled


def run_case(spec: dict[str, Any], mem_cap: int | None = None, timeout: float | None = None,
             query_grace: float = 10.0) -> dict[str, Any]:
    """Run one case in a fresh subprocess (so peak RSS is per case); watch its memory, time and queries.

    A query run over ``spec['query_cap']`` seconds is reported as skipped. rdflib is
    interrupted inside the worker (SIGALRM); pyoxigraph evaluates in Rust and does not
    see the signal, so the parent kills the worker and restarts the case without the
    queries already done (an on-disk store is reopened rather than loaded again).
    """
    from minilat.library import library

    order = {name: i for i, name in enumerate(spec.get("queries") or library(), 1)}
    tag = f"{spec['label']} {spec['engine']}"
    started = time.perf_counter()
    base: dict[str, Any] | None = None
    done: dict[str, dict[str, Any]] = {}
    skip = dict(spec.get("skip_queries", {}))
    sampled_peak = 0
    attempts = 0
    with tempfile.TemporaryDirectory(prefix="minilat-bench-") as tmp:
        while True:
            attempts += 1
            child = dict(spec, exclude=sorted(done), skip_queries=skip, order=order, total_queries=len(order),
                         reuse_store=bool(base and spec.get("store_dir")))
            remaining = None if timeout is None else max(60.0, timeout - (time.perf_counter() - started))
            result, killed, runaway, sampled = _attempt(child, Path(tmp), mem_cap, remaining, query_grace)
            sampled_peak = max(sampled_peak, sampled)
            if result is not None:
                done.update({name: entry for name, entry in result.get("queries", {}).items() if entry})
                if base is None and result.get("load_s") is not None:
                    base = result
                elif base is not None:  # a restart: the case's peak is the larger of the attempts'
                    base["peak_rss"] = max(base.get("peak_rss") or base.get("peak_rss_load") or 0,
                                           result.get("peak_rss") or result.get("peak_rss_load") or 0)
            if runaway and base is not None:
                cap = spec["query_cap"]
                log(f"{tag}: query {runaway} ran over the {cap:.0f} s cap: killed; restarting the case without it")
                done[runaway] = {"skipped": f"> {cap:.0f} s cap"}
                skip[runaway] = f"> {cap:.0f} s cap"
                continue
            break
    final = base or result or {"engine": spec["engine"], "label": spec["label"], "triples": spec["triples"],
                               "store": "on-disk (bulk load)" if spec.get("store_dir") else "in memory"}
    final["queries"] = {name: done[name] for name in order if name in done}
    if final.get("peak_rss_load"):
        final["peak_rss"] = max(final.get("peak_rss") or 0, final["peak_rss_load"])
    final["wall_s"] = time.perf_counter() - started
    final["peak_rss_sampled"] = sampled_peak or None
    final["attempts"] = attempts
    if killed and not runaway:
        final.update(status="skipped" if "cap" in killed else "error", reason=killed)
        log(f"{tag}: stopped ({killed})")
    elif base is not None and len(final["queries"]) == len(order):
        final["status"] = "ok"
    if result is not None and result.get("loadavg_end") is not None:
        final["loadavg_end"] = result["loadavg_end"]
    return final


# ---------------------------------------------------------------------------
# The whole benchmark
# ---------------------------------------------------------------------------


def environment() -> dict[str, Any]:
    """Date, machine and versions, for the report header."""
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    cpu, ram = platform.processor() or platform.machine(), None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    commit = None
    try:
        commit = subprocess.run(["git", "-C", str(paths.ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        pass
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"nproc": os.cpu_count(), "ram_bytes": ram, "cpu": cpu, "platform": platform.platform()},
        "python": platform.python_version(),
        "pyoxigraph": version("pyoxigraph"),
        "rdflib": version("rdflib"),
        "minilat": version("minilat"),
        "commit": commit,
    }


def _rdflib_precheck(cases: list[dict[str, Any]], triples: int, load_cap: float, mem_cap: int | None) -> str | None:
    """Skip an rdflib size that a smaller size in this run shows to be over a cap (say why)."""
    smaller = [c for c in cases if c["engine"] == "rdflib" and c["triples"] < triples]
    if not smaller:
        return None
    last = max(smaller, key=lambda c: c["triples"])
    if last.get("load_s") is None:
        return f"> cap: the {last['label']} load was already {last.get('reason', 'over a cap')}"
    factor = triples / last["triples"]
    load = last["load_s"] * factor
    if load > load_cap:
        return (f"> {load_cap:.0f} s load cap: predicted {load:.0f} s, {factor:.0f}x the {last['label']} load "
                f"of {last['load_s']:.0f} s")
    rss = (last.get("peak_rss_load") or 0) * factor
    if mem_cap and rss > mem_cap:
        return f"> {human_bytes(mem_cap)} memory cap: predicted {human_bytes(rss)}, {factor:.0f}x the {last['label']} load"
    return None


def run_benchmark(
    sizes: list[int],
    repeat: int = 5,
    out: Path = RESULTS,
    seed: int = DEFAULT_SEED,
    data_dir: Path = DATA,
    engines: tuple[str, ...] = ENGINES,
    rdflib_load_cap: float = 900.0,
    query_cap: float = 60.0,
    mem_cap: int | None = 16 * 2**30,
    keep_stores: bool = False,
    command: str = "",
) -> dict[str, Any]:
    from minilat.library import library

    import hashlib

    started = time.perf_counter()
    snapshot = {name: q.text for name, q in library().items()}  # later edits of the .rq files do not leak in
    queries = list(snapshot)
    results: dict[str, Any] = {
        "meta": environment() | {
            "command": command, "seed": seed, "repeat": repeat, "sizes": [size_label(s) for s in sorted(sizes)],
            "engines": list(engines), "queries": queries,
            "query_sha256": {name: hashlib.sha256(text.encode()).hexdigest()[:16] for name, text in snapshot.items()},
            "caps": {"rdflib_load_s": rdflib_load_cap, "query_s": query_cap, "query_budget_s": QUERY_BUDGET,
                     "mem_bytes": mem_cap},
            "method": {
                "runs": f"median of >= {repeat} runs per query ({FEW_RUNS} from {size_label(FEW_RUNS_FROM)}), "
                        f"fast queries repeated until {MIN_QUERY_TIME} s (at most {MAX_RUNS} runs), slow ones cut short "
                        f"after {QUERY_BUDGET:.0f} s per query; a global warm-up query after the load, none per query",
                "store": f"in memory below {size_label(ON_DISK_FROM)} triples (Store.load / Store().load), on disk with "
                         "bulk_load from there on; rdflib: Dataset(default_union=True).parse(format='nquads')",
                "bindings": "library queries (texts read once at the start; sha256 in results.json) run without "
                            "bindings (every parameter defaults to all)",
                "union": "default graph = union of the named graphs, in all three engines",
                "rss": "peak RSS (VmHWM) of the case's own subprocess, after the load and at the end of the case",
            },
        },
        "datasets": {},
        "cases": [],
    }
    out.mkdir(parents=True, exist_ok=True)
    log(f"benchmark: sizes {', '.join(results['meta']['sizes'])}; engines {', '.join(engines)}; "
        f"{len(queries)} library queries; results in {out}")
    for triples in sorted(sizes):
        label = size_label(triples)
        path, meta = dataset(triples, seed, data_dir)
        results["datasets"][label] = meta
        on_disk = triples >= ON_DISK_FROM
        runs = min(repeat, FEW_RUNS) if triples >= FEW_RUNS_FROM else repeat
        for engine in engines:
            spec: dict[str, Any] = {"engine": engine, "label": label, "triples": triples, "data": str(path),
                                    "repeat": runs, "query_cap": query_cap, "query_budget": QUERY_BUDGET,
                                    "paired": engine == "minilat" and triples < FEW_RUNS_FROM, "queries": snapshot}
            # A query over the cap at a smaller size is not tried again at a larger one.
            skip: dict[str, str] = {}
            for c in results["cases"]:
                if c["engine"] == engine and c["triples"] < triples:
                    for name, q in c.get("queries", {}).items():
                        if "skipped" in q and name not in skip:
                            skip[name] = q["skipped"] if " at " in q["skipped"] else f"{q['skipped']} at {c['label']}"
            spec["skip_queries"] = skip
            timeout = None
            store_dir = None
            if engine == "rdflib":
                reason = _rdflib_precheck(results["cases"], triples, rdflib_load_cap, mem_cap)
                if reason:
                    log(f"{label} rdflib: skipped ({reason})")
                    results["cases"].append({"engine": engine, "label": label, "triples": triples, "status": "skipped",
                                             "reason": reason, "queries": {}, "store": "in memory"})
                    continue
                spec["load_cap"] = rdflib_load_cap
                timeout = rdflib_load_cap + len(queries) * (QUERY_BUDGET + query_cap) + 600
            elif on_disk:
                store_dir = data_dir / "stores" / f"{engine}-{label}"
                shutil.rmtree(store_dir, ignore_errors=True)
                store_dir.parent.mkdir(parents=True, exist_ok=True)
                spec["store_dir"] = str(store_dir)
            log(f"{label} {engine}: case starts")
            case = run_case(spec, mem_cap=mem_cap, timeout=timeout)
            if store_dir is not None and store_dir.is_dir():
                case["store_bytes"] = sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file())
                if not keep_stores:
                    shutil.rmtree(store_dir, ignore_errors=True)
            results["cases"].append(case)
            results["meta"]["wall_s"] = time.perf_counter() - started
            write_outputs(results, out)
    results["meta"]["wall_s"] = time.perf_counter() - started
    write_outputs(results, out)
    log(f"benchmark done in {results['meta']['wall_s'] / 60:.1f} min: {out / 'results.md'}")
    return results


# ---------------------------------------------------------------------------
# Ratios and targets
# ---------------------------------------------------------------------------


def _case(results: dict[str, Any], engine: str, label: str) -> dict[str, Any] | None:
    for c in results["cases"]:
        if c["engine"] == engine and c["label"] == label:
            return c
    return None


def _median(case: dict[str, Any] | None, query: str) -> float | None:
    if not case:
        return None
    return case.get("queries", {}).get(query, {}).get("median_s")


def _geomean(values: list[float]) -> float | None:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def ratios(results: dict[str, Any], label: str) -> dict[str, Any]:
    """Per-query minilat/raw and minilat/rdflib ratios at one size, with their geometric means."""
    minilat, raw, rdf = (_case(results, e, label) for e in ENGINES)
    per_query: dict[str, dict[str, float | None]] = {}
    for name in results["meta"]["queries"]:
        m, r, b = _median(minilat, name), _median(raw, name), _median(rdf, name)
        pr = (minilat or {}).get("queries", {}).get(name, {}).get("paired_raw_median_s")
        per_query[name] = {
            "minilat/raw": m / r if m and r else None,
            "minilat/rdflib": m / b if m and b else None,
            "minilat/raw paired": m / pr if m and pr else None,
        }
    vs_raw = [v["minilat/raw"] for v in per_query.values() if v["minilat/raw"]]
    vs_paired = [v["minilat/raw paired"] for v in per_query.values() if v["minilat/raw paired"]]
    vs_rdf = [v["minilat/rdflib"] for v in per_query.values() if v["minilat/rdflib"]]
    out: dict[str, Any] = {
        "per_query": per_query,
        "geomean_minilat/raw": _geomean(vs_raw),
        "max_minilat/raw": max(vs_raw) if vs_raw else None,
        "geomean_minilat/raw paired": _geomean(vs_paired),
        "max_minilat/raw paired": max(vs_paired) if vs_paired else None,
        "geomean_minilat/rdflib": _geomean(vs_rdf),
        "rdflib_finished": len(vs_rdf),
    }
    if minilat and rdf and minilat.get("load_s") and rdf.get("load_s"):
        out["load_time_minilat/rdflib"] = minilat["load_s"] / rdf["load_s"]
        out["load_rss_minilat/rdflib"] = minilat["peak_rss_load"] / rdf["peak_rss_load"]
    if minilat and raw and minilat.get("load_s") and raw.get("load_s"):
        out["load_time_minilat/raw"] = minilat["load_s"] / raw["load_s"]
    return out


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each MET / NOT MET / NOT MEASURED with the measured value."""
    t = TARGETS
    found: list[dict[str, Any]] = []

    def add(key: str, text: str, measured: float | None, ok: bool | None, detail: str) -> None:
        status = "NOT MEASURED" if ok is None else ("MET" if ok else "NOT MET")
        found.append({"id": key, "target": text, "measured": measured, "status": status, "detail": detail})

    names = results["meta"]["queries"]
    if "1M" in results["datasets"]:
        r = ratios(results, "1M")
        measured = [(n, v["minilat/raw"]) for n, v in r["per_query"].items() if v["minilat/raw"] is not None]
        missing = [n for n in names if r["per_query"][n]["minilat/raw"] is None]
        worst = max(measured, key=lambda x: x[1]) if measured else None
        over = [n for n, v in measured if v > t["overhead"]]
        add("overhead_1m", f"1M: every library query through minilat's store layer ≤ {t['overhead']}x the raw pyoxigraph median",
            worst[1] if worst else None, (not over and not missing) if measured else None,
            (f"max {worst[1]:.2f}x ({worst[0]}); geometric mean {r['geomean_minilat/raw']:.2f}x; "
             f"{len(over)} of {len(measured)} queries over" if worst else "no query measured")
            + (f"; same-process interleaved check: max {r['max_minilat/raw paired']:.2f}x, geometric mean "
               f"{r['geomean_minilat/raw paired']:.2f}x" if r.get("max_minilat/raw paired") else "")
            + (f"; not measured: {', '.join(missing)}" if missing else ""))
        g = r["geomean_minilat/rdflib"]
        add("vs_rdflib_1m", f"1M: geometric mean over the library of minilat/rdflib medians ≤ {t['vs_rdflib_query']}",
            g, g <= t["vs_rdflib_query"] if g is not None else None,
            f"over the {r['rdflib_finished']} of {len(names)} queries rdflib finished" if g is not None else "rdflib finished no query")
        lt, lr = r.get("load_time_minilat/rdflib"), r.get("load_rss_minilat/rdflib")
        add("load_time_1m", f"1M: load time ≤ {t['load_time']}x rdflib's", lt, lt <= t["load_time"] if lt is not None else None,
            _load_detail(results, "1M", "load_s", human_time))
        add("load_rss_1m", f"1M: peak RSS of the load ≤ {t['load_rss']}x rdflib's", lr, lr <= t["load_rss"] if lr is not None else None,
            _load_detail(results, "1M", "peak_rss_load", human_bytes))
    else:
        for key, text in (("overhead_1m", "1M: minilat ≤ 1.3x raw pyoxigraph per query"), ("vs_rdflib_1m", "1M: minilat/rdflib geomean ≤ 0.05"),
                          ("load_time_1m", "1M: load ≤ 0.12x rdflib"), ("load_rss_1m", "1M: peak RSS ≤ 0.5x rdflib")):
            add(key, text, None, None, "1M not in this run")
    big = _case(results, "minilat", "10M")
    if big and big.get("load_s") is not None:
        rss = big["peak_rss_load"]
        add("rss_10m", f"10M: load into the on-disk store with peak RSS < {t['rss_10m_gib']:.0f} GiB", rss / 2**30,
            rss < t["rss_10m_gib"] * 2**30,
            f"{human_bytes(rss)} at the end of the load ({human_time(big['load_s'])}); "
            f"{human_bytes(big.get('peak_rss'))} peak over the whole case")
        medians = [(n, _median(big, n)) for n in names]
        slow = [(n, m) for n, m in medians if m is None or m >= t["query_10m_s"]]
        worst = max((x for x in medians if x[1] is not None), key=lambda x: x[1], default=None)
        add("query_10m", f"10M: every library query answers with median < {t['query_10m_s']:.0f} s",
            worst[1] if worst else None, not slow,
            (f"slowest {worst[0]} {human_time(worst[1])}" if worst else "")
            + (f"; over or not answered: {', '.join(n for n, _ in slow)}" if slow else ""))
    else:
        reason = big.get("reason", "load failed") if big else "10M not in this run (use --with-10m)"
        # Over a cap (time, memory) is a measurement that fails the target; a crash measures nothing.
        verdict = False if big and big.get("status") == "skipped" else None
        add("rss_10m", "10M: on-disk load with peak RSS < 6 GiB", None, verdict, reason)
        add("query_10m", "10M: every library query median < 2 s", None, verdict, reason)
    return found


def _load_detail(results: dict[str, Any], label: str, key: str, fmt: Callable[[Any], str]) -> str:
    parts = []
    for engine in ENGINES:
        c = _case(results, engine, label)
        parts.append(f"{engine} {fmt(c.get(key)) if c and c.get(key) is not None else (c or {}).get('reason', '–')}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------
# Reports: JSON, Markdown, PNG
# ---------------------------------------------------------------------------


def write_outputs(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    results["ratios"] = {label: ratios(results, label) for label in results["datasets"]}
    results["targets"] = targets(results)
    _write_json(out / "results.json", results)
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    try:
        plot(results, out / "scale.png")
    except ImportError:
        log("matplotlib is not installed: no scale.png (pip install -e '.[bench]')")


def _cell(case: dict[str, Any] | None, name: str) -> str:
    if not case:
        return "–"
    if case.get("status") == "skipped" and case.get("load_s") is None:
        return "skipped"
    q = case.get("queries", {}).get(name)
    if q is None:
        return "–"
    if "median_s" in q:
        return human_time(q["median_s"])
    if "skipped" in q:
        return f"skipped ({q['skipped']})"
    return "error"


def markdown(results: dict[str, Any]) -> str:
    meta = results["meta"]
    machine = meta["machine"]
    lines = [
        "# minilat scale benchmark",
        "",
        f"- Date: {meta['date']}" + (f" (commit {meta['commit']})" if meta.get("commit") else ""),
        f"- Machine: {machine['nproc']} CPUs, {human_bytes(machine['ram_bytes'])} RAM, {machine['cpu']} ({machine['platform']})",
        f"- Versions: Python {meta['python']}, pyoxigraph {meta['pyoxigraph']}, rdflib {meta['rdflib']}",
        f"- Command: `{meta.get('command') or 'minilat bench'}`; seed {meta['seed']}; wall time "
        f"{meta.get('wall_s', 0) / 60:.1f} min",
        f"- Caps: rdflib load {meta['caps']['rdflib_load_s']:.0f} s, query {meta['caps']['query_s']:.0f} s per run (every engine), "
        f"memory {human_bytes(meta['caps']['mem_bytes'])} per case; cases over a cap are reported as skipped",
        f"- Method: {_sentence(meta['method']['runs'])} {_sentence(meta['method']['store'])} "
        f"{_sentence(meta['method']['union'] + '; ' + meta['method']['bindings'])} {_sentence(meta['method']['rss'])}",
        f"- Library: {len(meta['queries'])} queries ({', '.join(meta['queries'])})",
        "",
        "## Targets",
        "",
        "| Target | Status | Measured | Detail |",
        "|---|---|---|---|",
    ]
    for t in results["targets"]:
        measured = "–" if t["measured"] is None else (f"{t['measured']:.3g} GiB" if t["id"] == "rss_10m" else (
            human_time(t["measured"]) if t["id"] == "query_10m" else f"{t['measured']:.3g}x"))
        lines.append(f"| {t['target']} | **{t['status']}** | {measured} | {t['detail']} |")
    lines += ["", "## Datasets", "", "| Size | Quads | Digests | Claims | Mechanisms | Concepts | File | Generated in |",
              "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, d in results["datasets"].items():
        lines.append(f"| {label} | {d['quads']:,} | {d['digests']:,} | {d['claims']:,} | {d['mechanisms']:,} | "
                     f"{d['concepts']:,} | {human_bytes(d['bytes'])} | {d['generate_s']:.1f} s |")
    lines += ["", "## Load", "", "| Size | Engine | Store | Load time | Peak RSS (load) | Peak RSS (case) | Machine load avg | Status |",
              "|---|---|---|---:|---:|---:|---:|---|"]
    for c in results["cases"]:
        status = c.get("status", "?") + (f" ({c['reason']})" if c.get("reason") else "")
        store = c.get("store", "") + (f", {human_bytes(c['store_bytes'])} on disk" if (c.get("store_bytes") or 0) > 2**20 else "")
        avg = (f"{c['loadavg_start']:.1f} → {c['loadavg_end']:.1f}" if c.get("loadavg_end") is not None
               else f"{c['loadavg_start']:.1f}" if c.get("loadavg_start") is not None else "–")
        lines.append(f"| {c['label']} | {ENGINE_LABELS[c['engine']]} | {store} | {human_time(c.get('load_s'))} | "
                     f"{human_bytes(c.get('peak_rss_load'))} | {human_bytes(c.get('peak_rss'))} | {avg} | {status} |")
    for label in results["datasets"]:
        r = results["ratios"][label]
        cases = [_case(results, e, label) for e in ENGINES]
        lines += ["", f"## Queries at {label} triples (median latency)", "",
                  "| Query | minilat | raw pyoxigraph | rdflib | minilat/raw | minilat/raw (paired) | minilat/rdflib | rows |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name in results["meta"]["queries"]:
            rq = r["per_query"][name]
            rows = {e: c["queries"][name]["rows"] for e, c in zip(ENGINES, cases, strict=True)
                    if c and "rows" in c.get("queries", {}).get(name, {})}
            shown = ("–" if not rows else str(next(iter(rows.values()))) if len(set(rows.values())) == 1
                     else ", ".join(f"{e} {n}" for e, n in rows.items()))
            lines.append(
                f"| {name} | {_cell(cases[0], name)} | {_cell(cases[1], name)} | {_cell(cases[2], name)} | "
                f"{_ratio(rq['minilat/raw'])} | {_ratio(rq['minilat/raw paired'])} | {_ratio(rq['minilat/rdflib'])} | {shown} |")
        partial = f" (over {r['rdflib_finished']})" if r["rdflib_finished"] < len(results["meta"]["queries"]) else ""
        lines.append(f"| **geometric mean** | | | | {_ratio(r['geomean_minilat/raw'])} | "
                     f"{_ratio(r['geomean_minilat/raw paired'])} | {_ratio(r['geomean_minilat/rdflib'])}{partial} | |")
        if "load_time_minilat/rdflib" in r:
            lines.append("")
            lines.append(f"Load: minilat/rdflib time {r['load_time_minilat/rdflib']:.3f}x, "
                         f"peak RSS {r['load_rss_minilat/rdflib']:.3f}x; minilat/raw time {r.get('load_time_minilat/raw', 0):.2f}x.")
        elif "load_time_minilat/raw" in r:
            lines.append("")
            lines.append(f"Load: minilat/raw time {r['load_time_minilat/raw']:.2f}x.")
    lines += ["", "Rows: the result sizes the engines returned (one number when they agree). pyoxigraph's union "
              "default graph matches a triple once per named graph holding it, rdflib's union is a set, so queries "
              "over triples asserted in two graphs can count differently.",
              "minilat/raw compares the two cases' medians (separate processes, as the targets are stated); "
              "minilat/raw (paired) times raw `engine.query` interleaved with `Store.query` on the same store in the "
              "minilat process, which cancels out load from other processes on the machine.",
              "Ratios use medians from this run; `–` where an engine did not answer.", "", "![scale](scale.png)", ""]
    return "\n".join(lines)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _ratio(value: float | None) -> str:
    return "–" if value is None else (f"{value:.2f}x" if value >= 0.1 else f"{value:.4f}x")


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    cap = results["meta"]["caps"]["query_s"]
    colors = {"minilat": "tab:blue", "pyoxigraph": "tab:orange", "rdflib": "tab:green"}
    for engine in results["meta"]["engines"]:
        cases = sorted((c for c in results["cases"] if c["engine"] == engine and c.get("load_s")), key=lambda c: c["triples"])
        if not cases:
            continue
        x = [c["triples"] for c in cases]
        name = ENGINE_LABELS[engine]
        axes[0].plot(x, [c["load_s"] for c in cases], "o-", color=colors[engine], label=name)
        med, worst, xq = [], [], []
        cap = results["meta"]["caps"]["query_s"]
        for c in cases:
            # A query over the cap counts as the cap (a lower bound), so skips do not flatter an engine.
            values = [q["median_s"] if "median_s" in q else cap for q in c["queries"].values() if "error" not in q]
            if values:
                xq.append(c["triples"])
                med.append(statistics.median(values))
                worst.append(max(values))
        axes[1].plot(xq, med, "o-", color=colors[engine], label=f"{name}: median over the library")
        axes[1].plot(xq, worst, "s--", color=colors[engine], alpha=0.6, label=f"{name}: slowest query")
        axes[2].plot(x, [c["peak_rss_load"] / 2**20 for c in cases], "o-", color=colors[engine], label=name)
    titles = ("Load time", "Query latency (per-query medians)", "Peak RSS after load")
    ylabels = ("seconds", "seconds", "MiB")
    for ax, title, ylabel in zip(axes, titles, ylabels, strict=True):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("triples")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=7)
    fig.suptitle(f"minilat scale benchmark, {results['meta']['date'][:10]} (queries over the {cap:.0f} s cap "
                 "counted at the cap; rejected queries left out)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


@click.command("bench")
@click.option("--sizes", default=DEFAULT_SIZES, show_default=True, help="Comma-separated dataset sizes in triples (10k, 100k, 1M, ...).")
@click.option("--with-10m", "with_10m", is_flag=True, help="Add 10M triples (on-disk store; takes a while).")
@click.option("--repeat", type=click.IntRange(1, 100), default=5, show_default=True,
              help=f"Runs per query for the median ({FEW_RUNS} at most from {size_label(FEW_RUNS_FROM)}).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESULTS, show_default=True,
              help="Directory for results.json, results.md and scale.png.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the dataset generator.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA, show_default=True,
              help="Cache of the generated datasets (and of the on-disk stores while they run).")
@click.option("--engines", default=",".join(ENGINES), show_default=True, help="Which engines to run.")
@click.option("--rdflib-load-cap", type=float, default=900.0, show_default=True, help="Seconds before an rdflib load is skipped.")
@click.option("--query-cap", type=float, default=60.0, show_default=True,
              help="Seconds before a query run is abandoned and reported as skipped (every engine).")
@click.option("--mem-cap", type=float, default=16.0, show_default=True, help="GiB of RSS before a case is killed and reported as skipped.")
@click.option("--keep-stores", is_flag=True, help="Keep the on-disk stores of the large sizes.")
@click.option("--generate-only", is_flag=True, help="Only generate (and cache) the datasets.")
def bench_command(sizes: str, with_10m: bool, repeat: int, out: Path, seed: int, data_dir: Path, engines: str,
                  rdflib_load_cap: float, query_cap: float, mem_cap: float, keep_stores: bool,
                  generate_only: bool) -> None:
    """Scale benchmark: load time, peak memory and library-query latency from 10k to 10M triples.

    Generates seeded synthetic datasets in minilat's vocabulary (cached in benchmarks/data/),
    runs each engine x size in its own subprocess (minilat's store layer, raw pyoxigraph,
    rdflib's in-memory Dataset as the baseline), and writes results.md, results.json and
    scale.png. Progress goes to stderr.
    """
    counts = sorted({parse_size(s) for s in sizes.split(",") if s.strip()} | ({10_000_000} if with_10m else set()))
    chosen = tuple(e.strip() for e in engines.split(",") if e.strip())
    unknown = [e for e in chosen if e not in ENGINES]
    if unknown:
        raise click.BadParameter(f"unknown engine(s) {', '.join(unknown)}; use {', '.join(ENGINES)}", param_hint="--engines")
    if generate_only:
        for triples in counts:
            dataset(triples, seed, data_dir)
        return
    run_benchmark(counts, repeat=repeat, out=out, seed=seed, data_dir=data_dir, engines=chosen,
                  rdflib_load_cap=rdflib_load_cap, query_cap=query_cap,
                  mem_cap=int(mem_cap * 2**30) if mem_cap else None, keep_stores=keep_stores,
                  command=_command_line())


def _command_line() -> str:
    """How this run was started, for the report header."""
    if sys.argv[1:2] == ["bench"]:
        return " ".join(["minilat bench", *sys.argv[2:]])
    return " ".join(["benchmarks/scale.py", *sys.argv[1:]])


def main() -> None:
    """``benchmarks/scale.py``: the same command without the ``minilat`` group."""
    bench_command(prog_name="benchmarks/scale.py")


if __name__ == "__main__":
    main()
