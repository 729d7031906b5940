"""Every library query in src/minilat/library/queries/ against the release dataset, with its exact answer.

Expected values come from reading the digest (corpus/digests/) and the curation files
(corpus/curation/); where an answer is large, it is recomputed here independently from the
curation YAML rather than copied from the query's own output.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from minilat.library import library
from minilat.store import Store

ROOT = Path(__file__).resolve().parents[1]
CURATION = ROOT / "corpus" / "curation"
DIGEST = ROOT / "corpus" / "digests" / "000_8fd7909f589424fb.txt"
ID = "https://w3id.org/minilat/id/"
MLO = "https://w3id.org/minilat/ontology#"
GRAPH = "https://w3id.org/minilat/graph/"


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.open()


# --- helpers -------------------------------------------------------------------------------


def short(term):
    """A result term as a plain Python value: IRIs shortened, numbers as int, booleans as bool."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        value = term.value
        for base, prefix in ((ID, ""), (MLO, "mlo:"), (GRAPH, "graph:")):
            if value.startswith(base):
                return prefix + value[len(base) :]
        return value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith(("#integer", "#nonNegativeInteger", "#int", "#long")):
            return int(term.value)
        if datatype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return str(term)


def node(value: str) -> ox.NamedNode:
    if value.startswith("mlo:"):
        return ox.NamedNode(MLO + value[4:])
    return ox.NamedNode(value if value.startswith("http") else ID + value)


def run(store: Store, name: str, **bindings: str):
    return store.query(library()[name].text, bindings={k: node(v) for k, v in bindings.items()} or None)


def rows(store: Store, name: str, *columns: str, **bindings: str) -> list[tuple]:
    """The rows of a library SELECT query, as tuples of the named columns (all columns if none named)."""
    result = run(store, name, **bindings)
    names = list(columns) or [v.value for v in result.variables]
    return [tuple(short(row[n]) for n in names) for row in result]


def split(value: str | None) -> set[str]:
    return set(value.split(", ")) if value else set()


def squash(text: str) -> str:
    return re.sub(r"\s", "", text)


@cache
def raw() -> str:
    return DIGEST.read_text(encoding="utf-8")


# The curation is split into the shared registry and one folder per issue; the records of a kind
# are the registry's and the real issue's together, with what the issue states of an entity (mentions,
# links, dated issue areas) put back on the entity (as one record per entity, the shape these tests read).
ISSUE = CURATION / "issues" / "minilateralism"
MENTION_KIND = {"state": "states", "mechanism": "mechanisms", "concept": "concepts", "region": "regions", "theory": "theories", "person": "leaders"}


@cache
def curated(kind: str) -> list[dict]:
    items: list[dict] = []
    for folder in (CURATION / "registry" / kind, ISSUE / kind):
        for path in sorted(folder.glob("*.yaml")):
            items += [dict(item) for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    stated: dict[str, dict[str, list]] = {}  # slug → what the issue states of it: mentions, links, dated issue areas
    for path in sorted((ISSUE / "mentions").glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            prefix, _, slug = row["entity"].partition("/")
            if MENTION_KIND.get(prefix) == kind:
                for key, values in row.items():
                    if key != "entity":
                        stated.setdefault(slug, {}).setdefault(key, []).extend(values)
    for item in items:
        for key, values in stated.get(item.get("slug"), {}).items():
            item[key] = [*item.get(key, []), *values]
    return items


@cache
def claims() -> dict[str, dict]:
    """The curated claim records by slug, as the YAML has them (``about`` a mapping by role)."""
    return {c["slug"]: c for c in curated("claims")}


#: The roles of a claim's ``about`` mapping, each published as a sub-property of mlo:about.
ABOUT_ROLES = ("topic", "actor", "feature", "example", "alternative", "context")
ABOUT_PROPERTY = {
    "topic": "mlo:hasTopic",
    "actor": "mlo:concernsActor",
    "feature": "mlo:ascribesFeature",
    "example": "mlo:citesExample",
    "alternative": "mlo:rejectsAlternative",
    "context": "mlo:placesInContext",
}


def about_roles(claim: dict) -> list[tuple[str, str]]:
    """A claim's (role, reference) pairs, in role order."""
    return [(role, ref) for role in ABOUT_ROLES for ref in claim.get("about", {}).get(role, [])]


def about(claim: dict) -> set[str]:
    """Everything a claim points at: mlo:about is asserted for the reference of every role."""
    return {ref for _, ref in about_roles(claim)}


WORK = {
    "preface": "preface/minilateralism",
    "article-1": "article/panda-park-2024",
    "article-2": "article/wu-kim-2024",
    "article-3": "article/dee-2024",
    "article-4": "article/bisley-forthcoming",
}
CLAIM_TYPE = {
    "causal_claim": "causal claim",
    "empirical_finding": "empirical finding",
    "typology_definition": "typology or definition",
    "research_question": "research question",
    "policy_recommendation": "policy recommendation",
    "scenario_prediction": "scenario or prediction",
    "editorial_position": "editorial position",
    "study_limitation": "study limitation",
}
MECHANISM_EN = {
    "aiib": "Asian Infrastructure Investment Bank",
    "aukus": "AUKUS",
    "four-party-talks": "Four-Party Talks",
    "humanitarian-initiative": "Humanitarian Initiative",
    "mtcr": "Missile Technology Control Regime",
    "nac": "New Agenda Coalition",
    "npt": "Treaty on the Non-Proliferation of Nuclear Weapons",
    "nsg": "Nuclear Suppliers Group",
    "quad": "Quadrilateral Security Dialogue",
    "tpnw": "Treaty on the Prohibition of Nuclear Weapons",
    "un": "United Nations",
    "vg10": "Vienna Group of Ten",
    "zangger-committee": "Zangger Committee",
}
QUAD_QUOTE = "Quad最初成立于2007年，旨在协调美、日、印、澳四国的安全政策"
REFERENCE = "corpus/reference/external-ids.yaml"

TESTED: set[str] = set()


def covers(name: str):
    """Mark a test as covering a library query (checked by test_every_query_is_tested)."""
    TESTED.add(name)
    return lambda f: f


# --- the library itself --------------------------------------------------------------------


def test_library_has_enough_queries_with_bilingual_headers():
    queries = library()
    assert len(queries) >= 22
    for query in queries.values():
        assert query.title and query.description, query.name
        assert re.search(r"[\u4e00-\u9fff]", query.title_zh), query.name
        assert re.search(r"[\u4e00-\u9fff]", query.description_zh), query.name
        if query.form == "SELECT":
            assert "ORDER BY" in query.text, query.name
        for param in query.params:
            assert f"?{param.name}" in query.text, (query.name, param.name)
            if query.form == "SELECT":
                projection = query.text.split("WHERE")[0]
                assert f"?{param.name}" in projection, (query.name, param.name)


def test_every_query_runs_and_every_parameterised_query_declares_its_params(store):
    for name, query in library().items():
        run(store, name)  # parses (every prefix declared) and runs
    params = {name: [p.name for p in q.params] for name, q in library().items() if q.params}
    assert params == {
        "argument-chain": ["claim"],
        "argument-links": ["relation"],
        "article-authors": ["article"],
        "causal-statements": ["entity"],
        "claim-content": ["claim"],
        "claim-passage": ["claim"],
        "claims-about-entity": ["entity"],
        "complements-or-erodes": ["subject"],
        "concept-hierarchy": ["concept"],
        "dated-issue-areas": ["mechanism"],
        "digest-states-membership": ["state", "mechanism"],
        "entity-claims-across-issues": ["entity"],
        "entity-claims-by-holder": ["entity"],
        "features-ascribed": ["entity"],
        "issue-claims": ["issue"],
        "issue-entities": ["issue"],
        "link-wikidata-join": ["mechanism"],
        "mechanism-members": ["mechanism"],
        "mechanism-neighbourhood": ["mechanism"],
        "mechanism-relations": ["relation"],
        "mechanisms-by-issue-area": ["issue_area"],
        "mechanisms-by-type": ["type"],
        "recommendations": ["work"],
        "reported-views": ["holder"],
        "research-questions": ["work"],
    }
    assert {library()[n].form for n in library()} == {"SELECT", "ASK", "CONSTRUCT"}


# --- mechanisms ----------------------------------------------------------------------------


@covers("mechanisms-by-type")
def test_mechanisms_by_type(store):
    got = [(m, en, zh, t, split(a), split(areas)) for m, en, zh, t, a, areas in rows(store, "mechanisms-by-type")]
    assert got == [
        ("mechanism/humanitarian-initiative", "Humanitarian Initiative", "人道主义倡议", "mlo:DiplomaticInitiative", set(), {"nuclear disarmament"}),
        ("mechanism/aukus", "AUKUS", "奥库斯", "mlo:MinilateralMechanism", set(), {"security", "emerging technology", "nuclear-powered submarines", "technology sharing"}),
        ("mechanism/four-party-talks", "Four-Party Talks", "四方会谈", "mlo:MinilateralMechanism", set(), {"security", "regional security"}),
        ("mechanism/mtcr", "Missile Technology Control Regime", "导弹技术控制制度", "mlo:MinilateralMechanism", {"MTCR"}, {"export control", "nuclear non-proliferation"}),
        ("mechanism/nac", "New Agenda Coalition", "新议程联盟", "mlo:MinilateralMechanism", {"NAC"}, {"nuclear disarmament"}),
        ("mechanism/nsg", "Nuclear Suppliers Group", "核供应国集团", "mlo:MinilateralMechanism", {"NSG"}, {"export control", "nuclear non-proliferation"}),
        # the dated areas (from 2017) are also plain issue areas
        ("mechanism/quad", "Quadrilateral Security Dialogue", "四方安全对话", "mlo:MinilateralMechanism", {"Quad"}, {"security", "infrastructure", "climate change", "public health"}),
        ("mechanism/vg10", "Vienna Group of Ten", "维也纳十国集团", "mlo:MinilateralMechanism", {"VG10"}, {"nuclear disarmament", "nuclear non-proliferation", "export control"}),
        ("mechanism/zangger-committee", "Zangger Committee", "桑戈委员会", "mlo:MinilateralMechanism", {"核出口国委员会"}, {"export control", "nuclear non-proliferation"}),
        ("mechanism/aiib", "Asian Infrastructure Investment Bank", "亚洲基础设施投资银行", "mlo:MultilateralInstitution", {"AIIB", "亚投行"}, {"infrastructure finance"}),
        ("mechanism/npt-review-conference", "NPT Review Conference", "NPT审议大会", "mlo:MultilateralInstitution", {"NPT审议程序"}, {"nuclear non-proliferation", "nuclear disarmament"}),
        ("mechanism/un", "United Nations", "联合国", "mlo:MultilateralInstitution", {"UN"}, {"global governance"}),
        ("mechanism/npt", "Treaty on the Non-Proliferation of Nuclear Weapons", "不扩散核武器条约", "mlo:TreatyRegime", {"NPT", "Non-Proliferation Treaty"}, {"nuclear non-proliferation", "nuclear disarmament"}),
        ("mechanism/tpnw", "Treaty on the Prohibition of Nuclear Weapons", "禁止核武器条约", "mlo:TreatyRegime", {"TPNW"}, {"nuclear disarmament"}),
    ]
    # every curated mechanism appears, under the type its curation `kind` gives
    kinds = {"minilateral_mechanism": "mlo:MinilateralMechanism", "multilateral_institution": "mlo:MultilateralInstitution", "treaty_regime": "mlo:TreatyRegime", "diplomatic_initiative": "mlo:DiplomaticInitiative"}
    assert {(g[0], g[3]) for g in got} == {("mechanism/" + m["slug"], kinds[m["kind"]]) for m in curated("mechanisms")}


@covers("mechanisms-by-type")
def test_mechanisms_by_type_bound_to_treaty_regimes(store):
    got = rows(store, "mechanisms-by-type", "mechanism", "type", type="mlo:TreatyRegime")
    assert got == [("mechanism/npt", "mlo:TreatyRegime"), ("mechanism/tpnw", "mlo:TreatyRegime")]


@covers("mechanisms-by-issue-area")
def test_mechanisms_by_issue_area(store):
    got = rows(store, "mechanisms-by-issue-area", "issue_area", "area_zh", "mechanism", "via_area_en")
    assert got == [
        ("issue-area/climate-change", "气候变化", "mechanism/quad", "climate change"),
        ("issue-area/emerging-technology", "新兴技术", "mechanism/aukus", "emerging technology"),
        ("issue-area/export-control", "出口管制", "mechanism/mtcr", "export control"),
        ("issue-area/export-control", "出口管制", "mechanism/nsg", "export control"),
        ("issue-area/export-control", "出口管制", "mechanism/vg10", "export control"),
        ("issue-area/export-control", "出口管制", "mechanism/zangger-committee", "export control"),
        ("issue-area/global-governance", "全球治理", "mechanism/un", "global governance"),
        ("issue-area/infrastructure", "基础设施建设", "mechanism/quad", "infrastructure"),
        ("issue-area/infrastructure-finance", "基础设施融资", "mechanism/aiib", "infrastructure finance"),
        ("issue-area/nuclear-disarmament", "核裁军", "mechanism/humanitarian-initiative", "nuclear disarmament"),
        ("issue-area/nuclear-disarmament", "核裁军", "mechanism/npt-review-conference", "nuclear disarmament"),
        ("issue-area/nuclear-disarmament", "核裁军", "mechanism/nac", "nuclear disarmament"),
        ("issue-area/nuclear-disarmament", "核裁军", "mechanism/npt", "nuclear disarmament"),
        ("issue-area/nuclear-disarmament", "核裁军", "mechanism/tpnw", "nuclear disarmament"),
        ("issue-area/nuclear-disarmament", "核裁军", "mechanism/vg10", "nuclear disarmament"),
        ("issue-area/nuclear-nonproliferation", "核不扩散", "mechanism/mtcr", "nuclear non-proliferation"),
        ("issue-area/nuclear-nonproliferation", "核不扩散", "mechanism/npt-review-conference", "nuclear non-proliferation"),
        ("issue-area/nuclear-nonproliferation", "核不扩散", "mechanism/nsg", "nuclear non-proliferation"),
        ("issue-area/nuclear-nonproliferation", "核不扩散", "mechanism/npt", "nuclear non-proliferation"),
        ("issue-area/nuclear-nonproliferation", "核不扩散", "mechanism/vg10", "nuclear non-proliferation"),
        ("issue-area/nuclear-nonproliferation", "核不扩散", "mechanism/zangger-committee", "nuclear non-proliferation"),
        ("issue-area/nuclear-submarines", "核潜艇合作", "mechanism/aukus", "nuclear-powered submarines"),
        ("issue-area/public-health", "公共卫生", "mechanism/quad", "public health"),
        ("issue-area/regional-security", "地区安全", "mechanism/four-party-talks", "regional security"),
        ("issue-area/security", "安全", "mechanism/aukus", "security"),
        ("issue-area/security", "安全", "mechanism/aukus", "nuclear-powered submarines"),
        ("issue-area/security", "安全", "mechanism/four-party-talks", "regional security"),
        ("issue-area/security", "安全", "mechanism/four-party-talks", "security"),
        ("issue-area/security", "安全", "mechanism/quad", "security"),
        ("issue-area/technology-sharing", "技术共享", "mechanism/aukus", "technology sharing"),
    ]


@covers("mechanisms-by-issue-area")
def test_mechanisms_by_issue_area_bound_to_security_includes_narrower_areas(store):
    got = rows(store, "mechanisms-by-issue-area", "issue_area", "mechanism_en", "via_area_en", issue_area="issue-area/security")
    assert got == [
        ("issue-area/security", "AUKUS", "security"),
        ("issue-area/security", "AUKUS", "nuclear-powered submarines"),
        ("issue-area/security", "Four-Party Talks", "regional security"),
        ("issue-area/security", "Four-Party Talks", "security"),
        ("issue-area/security", "Quadrilateral Security Dialogue", "security"),
    ]


@covers("mechanism-members")
def test_mechanism_members_match_curated_memberships_with_layers_apart(store):
    got = rows(store, "mechanism-members", "mechanism", "layer", "state", "evidence", "since")
    expected = {("mechanism/" + m["mechanism"], m["layer"], "state/" + m["state"]) for m in curated("memberships")}
    # one row per period of membership: the Quad's four founding members have two (2007–2008, 2017-11–)
    periods = sum(max(1, len(m.get("periods", []))) for m in curated("memberships"))
    assert len(got) == 35 == periods and len(expected) == 31
    assert {g[:3] for g in got} == expected
    assert Counter(g[1] for g in got) == {"digest": 11, "background": 24}
    # the start of every period, whether the dates come from the quote or from a reference (period_source)
    starts = {
        ("mechanism/" + m["mechanism"], "state/" + m["state"]): sorted((p.get("start") for p in m["periods"]), key=str) if m.get("periods") else [m.get("start")]
        for m in curated("memberships")
    }
    assert {key: sorted((g[4] for g in got if (g[0], g[2]) == key), key=str) for key in starts} == starts
    got = [g[:4] for g in got]
    # digest-stated members come before background ones within each mechanism
    for mechanism in {g[0] for g in got}:
        layers = [g[1] for g in got if g[0] == mechanism]
        assert layers == sorted(layers, reverse=True), mechanism
    # evidence: the passage for digest memberships, the reference file for background ones
    for mechanism, layer, _, evidence in got:
        if layer == "background":
            assert evidence == REFERENCE
        else:
            assert squash(evidence) in squash(raw())


@covers("mechanism-members")
def test_mechanism_members_bound_to_quad(store):
    got = rows(store, "mechanism-members", mechanism="mechanism/quad")
    # two periods each: founded 2007, lapsed 2008, revived November 2017 (dates from the reference file)
    assert got == [
        ("mechanism/quad", "Quadrilateral Security Dialogue", "digest", f"state/{code}", en, zh, "founding member", since, QUAD_QUOTE)
        for code, en, zh in (("AUS", "Australia", "澳大利亚"), ("IND", "India", "印度"), ("JPN", "Japan", "日本"), ("USA", "United States", "美国"))
        for since in ("2007", "2017-11")
    ]


@covers("mechanism-members")
def test_mechanism_members_bound_to_aukus_shows_digest_and_background(store):
    got = rows(store, "mechanism-members", "layer", "state", "role_en", "since", "evidence", mechanism="mechanism/aukus")
    assert got == [
        # the digest states the membership, the reference file dates it (period_source)
        ("digest", "state/AUS", "founding member", "2021-09-15", "澳大利亚在安全政策上采取了新的“小多边”合作方式，即重新激活Quad和建立AUKUS"),
        ("background", "state/GBR", "founding member", "2021-09-15", REFERENCE),
        ("background", "state/USA", "founding member", "2021-09-15", REFERENCE),
    ]


@covers("co-membership")
def test_co_membership_pairs_match_curated_memberships(store):
    got = rows(store, "co-membership", "state_a", "state_b", "shared_count", "shared_mechanisms")
    members = defaultdict(set)
    for m in curated("memberships"):
        members[m["mechanism"]].add(m["state"])
    expected = defaultdict(set)
    for mechanism, states in members.items():
        for a, b in combinations(sorted(states), 2):
            expected[(f"state/{a}", f"state/{b}")].add(MECHANISM_EN[mechanism])
    # aukus 3 + four-party talks 6 + nac 28 + quad 6 + vg10 55 pairs, four of them counted twice
    assert len(got) == 94 == len(expected)
    assert {(a, b): split(shared) for a, b, _, shared in got} == dict(expected)
    assert all(count == len(split(shared)) for _, _, count, shared in got)
    assert [(a, b, n, split(s)) for a, b, n, s in got[:4]] == [
        ("state/AUS", "state/USA", 2, {"AUKUS", "Quadrilateral Security Dialogue"}),
        ("state/IRL", "state/NZL", 2, {"New Agenda Coalition", "Vienna Group of Ten"}),
        ("state/IRL", "state/SWE", 2, {"New Agenda Coalition", "Vienna Group of Ten"}),
        ("state/NZL", "state/SWE", 2, {"New Agenda Coalition", "Vienna Group of Ten"}),
    ]
    assert {n for _, _, n, _ in got[4:]} == {1}


# --- states --------------------------------------------------------------------------------


@covers("states-named-in-digest")
def test_states_named_in_digest(store):
    got = [(*r[:6], split(r[6])) for r in rows(store, "states-named-in-digest")]
    assert got == [
        ("state/JPN", "Japan", "日本", 2, 1642, 2, {"Quadrilateral Security Dialogue"}),
        ("state/KOR", "South Korea", "韩国", 1, 1642, 1, set()),
        ("state/USA", "United States", "美国", 3, 1660, 16, {"Quadrilateral Security Dialogue"}),
        ("state/CHN", "China", "中国", 3, 2625, 19, {"Asian Infrastructure Investment Bank", "Four-Party Talks"}),
        ("state/AUS", "Australia", "澳大利亚", 2, 5527, 18, {"AUKUS", "Quadrilateral Security Dialogue"}),
        ("state/IND", "India", "印度", 1, 6204, 1, {"Quadrilateral Security Dialogue"}),
    ]
    # mention counts and claim counts agree with the curation
    states = {s["slug"]: s for s in curated("states")}
    about_counts = Counter(a for c in claims().values() for a in about(c))
    for state, *_, mentions, _, n_claims, _ in got:
        code = state.split("/")[1]
        assert mentions == len(states[code]["mentions"])
        assert n_claims == about_counts[state]
    assert raw()[1642:].startswith("尤其是对于日本和韩国")
    assert raw()[6204:].startswith("旨在协调美、日、印、澳四国")


#: Issue areas of the class mlo:SecurityIssueArea (a mechanism with one is a security minilateral).
SECURITY_AREAS = {"security", "regional_security", "non_traditional_security", "nuclear_nonproliferation", "nuclear_disarmament", "export_control", "nuclear_submarines"}


def current(membership: dict) -> bool:
    """A curated membership still runs: no end, not marked ended, and its last period open."""
    last = membership["periods"][-1] if membership.get("periods") else membership
    return not (last.get("end") or last.get("ended"))


@covers("security-minilateral-participants")
def test_security_minilateral_participants_from_inferred_graph(store):
    got = rows(store, "security-minilateral-participants", "state", "state_zh", "mechanism", "layer")
    # only current memberships count: the Four-Party Talks ended in 1999 (so China, the Koreas and the
    # US's seat there drop out), Slovenia and Sweden have left the NAC (Sweden stays through the VG10)
    assert got == [
        ("state/AUS", "澳大利亚", "mechanism/aukus", "digest"),
        ("state/AUS", "澳大利亚", "mechanism/quad", "digest"),
        ("state/AUS", "澳大利亚", "mechanism/vg10", "background"),
        ("state/AUT", "奥地利", "mechanism/vg10", "background"),
        ("state/BRA", "巴西", "mechanism/nac", "background"),
        ("state/CAN", "加拿大", "mechanism/vg10", "background"),
        ("state/DNK", "丹麦", "mechanism/vg10", "background"),
        ("state/EGY", "埃及", "mechanism/nac", "background"),
        ("state/FIN", "芬兰", "mechanism/vg10", "background"),
        ("state/HUN", "匈牙利", "mechanism/vg10", "background"),
        ("state/IND", "印度", "mechanism/quad", "digest"),
        ("state/IRL", "爱尔兰", "mechanism/nac", "background"),
        ("state/IRL", "爱尔兰", "mechanism/vg10", "background"),
        ("state/JPN", "日本", "mechanism/quad", "digest"),
        ("state/MEX", "墨西哥", "mechanism/nac", "background"),
        ("state/NLD", "荷兰", "mechanism/vg10", "background"),
        ("state/NZL", "新西兰", "mechanism/nac", "background"),
        ("state/NZL", "新西兰", "mechanism/vg10", "background"),
        ("state/NOR", "挪威", "mechanism/vg10", "background"),
        ("state/ZAF", "南非", "mechanism/nac", "background"),
        ("state/SWE", "瑞典", "mechanism/vg10", "background"),
        ("state/GBR", "英国", "mechanism/aukus", "background"),
        ("state/USA", "美国", "mechanism/aukus", "background"),
        ("state/USA", "美国", "mechanism/quad", "digest"),
    ]
    # recomputed from the curation: minilateral mechanisms with a security area, their current members
    security = {
        m["slug"] for m in curated("mechanisms")
        if m["kind"] == "minilateral_mechanism" and SECURITY_AREAS & {*m.get("issue_areas", []), *(d["area"] for d in m.get("dated_issue_areas", []))}
    }
    assert security == {"quad", "aukus", "four-party-talks", "nsg", "mtcr", "zangger-committee", "nac", "vg10"}
    zh = {s["slug"]: s["label"]["zh"] for s in curated("states")}
    expected = {("state/" + m["state"], zh[m["state"]], "mechanism/" + m["mechanism"], m["layer"]) for m in curated("memberships") if m["mechanism"] in security and current(m)}
    assert set(got) == expected and len(got) == len(expected)


# --- Dee's typology and mechanism relations -------------------------------------------------


@covers("dee-inside-outside")
def test_dee_inside_outside(store):
    npt = "Treaty on the Non-Proliferation of Nuclear Weapons"
    assert rows(store, "dee-inside-outside") == [
        ("inside", "mechanism/nac", "New Agenda Coalition", "新议程联盟", "graph:inferred", npt),
        ("inside", "mechanism/vg10", "Vienna Group of Ten", "维也纳十国集团", "graph:inferred", npt),
        ("outside", "mechanism/mtcr", "Missile Technology Control Regime", "导弹技术控制制度", "graph:digest", None),
        ("outside", "mechanism/nsg", "Nuclear Suppliers Group", "核供应国集团", "graph:digest", None),
        ("outside", "mechanism/zangger-committee", "Zangger Committee", "桑戈委员会", "graph:digest", None),
    ]
    # the Humanitarian Initiative is a diplomatic initiative, not a minilateral: its being an 'outside'
    # path is Dee's claim, not a type
    outside = {"mechanism/" + m["slug"] for m in curated("mechanisms") if m.get("dee_category") == "outside"}
    assert "mechanism/humanitarian-initiative" not in outside
    assert outside == {m for c, m, *_ in rows(store, "dee-inside-outside") if c == "outside"}


@covers("mechanism-relations")
def test_mechanism_relations(store):
    npt = ("mechanism/npt", "Treaty on the Non-Proliferation of Nuclear Weapons", "不扩散核武器条约")
    assert rows(store, "mechanism-relations") == [
        ("mechanism/humanitarian-initiative", "Humanitarian Initiative", "mlo:leadsTo", "leads to", "mechanism/tpnw", "Treaty on the Prohibition of Nuclear Weapons", "禁止核武器条约"),
        ("mechanism/npt-review-conference", "NPT Review Conference", "mlo:operatesWithin", "operates within", *npt),
        ("mechanism/nac", "New Agenda Coalition", "mlo:operatesWithin", "operates within", *npt),
        ("mechanism/vg10", "Vienna Group of Ten", "mlo:operatesWithin", "operates within", *npt),
        ("mechanism/zangger-committee", "Zangger Committee", "mlo:reportsTo", "reports to", *npt),
    ]
    relation = {"operates_within": "mlo:operatesWithin", "reports_to": "mlo:reportsTo", "led_to": "mlo:leadsTo", "contrasted_with": "mlo:contrastedWith"}
    curated_links = {("mechanism/" + m["slug"], relation[l["relation"]], "mechanism/" + l["target"]) for m in curated("mechanisms") for l in m.get("links", []) if l["relation"] in relation}
    assert {(r[0], r[2], r[4]) for r in rows(store, "mechanism-relations")} == curated_links


@covers("mechanism-relations")
def test_mechanism_relations_bound_to_reports_to(store):
    assert rows(store, "mechanism-relations", "subject", "object", relation="mlo:reportsTo") == [("mechanism/zangger-committee", "mechanism/npt")]


@covers("fact-provenance")
def test_fact_provenance(store):
    inside = "内部小多边主义，如维也纳十国集团、新议程联盟（NAC），通过跨区域代表性与NPT的深度整合"
    npt = "Treaty on the Non-Proliferation of Nuclear Weapons"
    got = rows(store, "fact-provenance")
    assert got == [
        ("fact/humanitarian-initiative-led-to-tpnw", "Humanitarian Initiative", "mlo:leadsTo", "Treaty on the Prohibition of Nuclear Weapons", "对NPT失望的国家可能转向外部机制，例如通过人道主义倡议促成《禁止核武器条约》", 4751, 4794, True),
        ("fact/nac-operates-within-npt", "New Agenda Coalition", "mlo:operatesWithin", npt, inside, 4581, 4630, True),
        ("fact/npt-review-conference-operates-within-npt", "NPT Review Conference", "mlo:operatesWithin", npt, "纳入NPT审议程序", 5078, 5088, True),
        ("fact/vg10-operates-within-npt", "Vienna Group of Ten", "mlo:operatesWithin", npt, inside, 4581, 4630, True),
        ("fact/zangger-committee-reports-to-npt", "Zangger Committee", "mlo:reportsTo", npt, "桑戈委员会（又称核出口国委员会，Zangger Committee）向NPT提交报告", 4821, 4866, True),
    ]
    for *_, quote, start, end, _ in got:
        assert squash(raw()[start:end]) == squash(quote)


@covers("background-facts")
def test_background_facts_and_sources(store):
    got = rows(store, "background-facts", "kind", "fact", "state_en", "mechanism_en", "role_en", "since", "source")
    assert {r[6] for r in got} == {REFERENCE}
    memberships = [r for r in got if r[0] == "membership"]
    states = [r for r in got if r[0] == "state"]
    # background memberships, and digest-stated memberships whose dates a reference gives (period_source);
    # one row per period
    dated = [m for m in curated("memberships") if m["layer"] == "background" or m.get("period_source")]
    expected = {f"membership/{m['mechanism']}-{m['state']}" for m in dated}
    assert [r[1] for r in memberships] == [
        "membership/aukus-AUS", "membership/aukus-GBR", "membership/aukus-USA",
        "membership/four-party-talks-CHN", "membership/four-party-talks-PRK", "membership/four-party-talks-KOR", "membership/four-party-talks-USA",
        "membership/nac-BRA", "membership/nac-EGY", "membership/nac-IRL", "membership/nac-MEX",
        "membership/nac-NZL", "membership/nac-SVN", "membership/nac-ZAF", "membership/nac-SWE",
        "membership/quad-AUS", "membership/quad-AUS", "membership/quad-IND", "membership/quad-IND",
        "membership/quad-JPN", "membership/quad-JPN", "membership/quad-USA", "membership/quad-USA",
        "membership/vg10-AUS", "membership/vg10-AUT", "membership/vg10-CAN", "membership/vg10-DNK",
        "membership/vg10-FIN", "membership/vg10-HUN", "membership/vg10-IRL", "membership/vg10-NLD",
        "membership/vg10-NZL", "membership/vg10-NOR", "membership/vg10-SWE",
    ]
    assert set(r[1] for r in memberships) == expected
    assert [(r[2], r[4], r[5]) for r in memberships[:3]] == [("Australia", "founding member", "2021-09-15"), ("United Kingdom", "founding member", "2021-09-15"), ("United States", "founding member", "2021-09-15")]
    assert [(r[2], r[5]) for r in memberships if r[1] == "membership/quad-JPN"] == [("Japan", "2007"), ("Japan", "2017-11")]
    # role and the start of every period as curated
    role = {"member": "member", "founding_member": "founding member"}
    assert {(r[1], r[4], r[5]) for r in memberships} == {
        (f"membership/{m['mechanism']}-{m['state']}", role[m.get("role", "member")], p.get("start")) for m in dated for p in (m.get("periods") or [m])
    }
    # states that only the reference file introduces: every curated state with a `source`
    assert {r[1] for r in states} == {"state/" + s["slug"] for s in curated("states") if s.get("source")}
    assert len(states) == 17


@covers("digest-states-membership")
def test_ask_digest_states_membership(store):
    def ask(state: str, mechanism: str) -> bool:
        return bool(run(store, "digest-states-membership", state=f"state/{state}", mechanism=f"mechanism/{mechanism}"))

    assert ask("AUS", "quad") and ask("AUS", "aukus") and ask("CHN", "aiib") and ask("CHN", "four-party-talks")
    assert not ask("USA", "aukus")  # background only
    assert not ask("GBR", "aukus")
    assert not ask("KOR", "four-party-talks")
    assert not ask("AUS", "vg10")
    assert not ask("CHN", "quad")  # no membership at all
    for m in curated("memberships"):
        assert ask(m["state"], m["mechanism"]) == (m["layer"] == "digest"), m


@covers("mechanism-neighbourhood")
def test_construct_neighbourhood_of_npt(store):
    triples = {(short(t.subject), short(t.predicate), short(t.object)) for t in run(store, "mechanism-neighbourhood", mechanism="mechanism/npt")}
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    structure = {t for t in triples if t[1] != label}
    npt_claims = sorted(s for s, c in claims().items() if "mechanism/npt" in about(c))
    assert npt_claims == [
        "dee-disillusioned-states-turn-outside-tpnw", "dee-inside-minilateralism-definition",
        "dee-inside-minilateralism-strengthens-npt", "dee-inside-outside-typology-framework",
        "dee-npt-disarmament-stalemate", "dee-outside-groups-integrate-zangger",
        "dee-rq-complement-or-challenge-npt",
    ]
    # the recommendation to put the NSG's lists into the NPT review process now points at the review conference
    assert "mechanism/npt-review-conference" in about(claims()["dee-rec-institutional-linkage"])
    assert structure == {
        ("mechanism/npt", rdf_type, "mlo:TreatyRegime"),
        ("mechanism/npt", rdf_type, "mlo:FormalMechanism"),
        ("mechanism/npt", "mlo:hasIssueArea", "issue-area/nuclear-disarmament"),
        ("mechanism/npt", "mlo:hasIssueArea", "issue-area/nuclear-nonproliferation"),
        ("mechanism/nac", "mlo:operatesWithin", "mechanism/npt"),
        ("mechanism/npt-review-conference", "mlo:operatesWithin", "mechanism/npt"),
        ("mechanism/vg10", "mlo:operatesWithin", "mechanism/npt"),
        ("mechanism/zangger-committee", "mlo:reportsTo", "mechanism/npt"),
    } | {(f"claim/{c}", "mlo:about", "mechanism/npt") for c in npt_claims}
    labels = {(s, o) for s, p, o in triples if p == label}
    assert {o for s, o in labels if s == "mechanism/npt"} == {"Treaty on the Non-Proliferation of Nuclear Weapons", "不扩散核武器条约"}
    assert {o for s, o in labels if s == "mechanism/zangger-committee"} == {"Zangger Committee", "桑戈委员会"}
    # every neighbour carries an English and a Chinese label
    neighbours = {s for s, _, _ in structure} | {o for _, p, o in structure if p != rdf_type}
    assert {s for s, _ in labels} == neighbours
    assert len(labels) == 2 * len(neighbours) == 2 * 14
    assert len(triples) == 43


@covers("mechanism-neighbourhood")
def test_construct_neighbourhood_of_the_humanitarian_initiative(store):
    # a diplomatic initiative (mlo:DiplomaticInitiative), no longer a minilateral: it keeps its neighbourhood
    triples = {(short(t.subject), short(t.predicate), short(t.object)) for t in run(store, "mechanism-neighbourhood", mechanism="mechanism/humanitarian-initiative")}
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    hi_claims = sorted(s for s, c in claims().items() if "mechanism/humanitarian-initiative" in about(c))
    assert hi_claims == ["dee-disillusioned-states-turn-outside-tpnw"]
    assert {t for t in triples if t[1] != label} == {
        ("mechanism/humanitarian-initiative", rdf_type, "mlo:DiplomaticInitiative"),
        ("mechanism/humanitarian-initiative", "mlo:hasIssueArea", "issue-area/nuclear-disarmament"),
        ("mechanism/humanitarian-initiative", "mlo:leadsTo", "mechanism/tpnw"),
        ("claim/dee-disillusioned-states-turn-outside-tpnw", "mlo:about", "mechanism/humanitarian-initiative"),
    }
    # a claim's label is its short label now, in both languages
    c = claims()["dee-disillusioned-states-turn-outside-tpnw"]
    assert {o for s, p, o in triples if p == label and s.startswith("claim/")} == {c["label_en"], c["label_zh"]}
    assert len(triples) == 4 + 2 * 4


# --- claims and arguments ------------------------------------------------------------------


@covers("claims-about-entity")
def test_claims_about_entity_default_covers_every_about_link(store):
    got = rows(store, "claims-about-entity", "entity", "claim", "claim_type", "work")
    expected = {(a, "claim/" + s, CLAIM_TYPE[c["type"]], WORK[c["entry"]]) for s, c in claims().items() for a in about(c)}
    assert len(got) == 423 == len(expected)
    assert set(got) == expected
    # `about` is now a mapping by role: each role is published as its sub-property of mlo:about, and mlo:about
    # itself is still asserted for every reference of every role (which is what this query reads)
    values = " ".join(f"<{MLO}{p[4:]}>" for p in ABOUT_PROPERTY.values())
    published = {(short(r["p"]), short(r["c"]), short(r["e"])) for r in store.query(f"SELECT ?p ?c ?e WHERE {{ VALUES ?p {{ {values} }} ?c ?p ?e }}")}
    assert published == {(ABOUT_PROPERTY[role], "claim/" + s, ref) for s, c in claims().items() for role, ref in about_roles(c)}
    assert {(c, e) for _, c, e in published} == {(c, e) for e, c, _, _ in got}


@covers("claims-about-entity")
def test_claims_about_aukus(store):
    got = rows(store, "claims-about-entity", "claim", "claim_type", "start", entity="mechanism/aukus")
    assert [(c, t) for c, t, _ in got] == [
        ("claim/bisley-research-focus-australia-response-china-rise", "research question"),
        ("claim/bisley-research-focus-why-turn-and-implications", "research question"),
        ("claim/bisley-shift-prompted-quad-revival-aukus", "causal claim"),
        ("claim/bisley-aukus-strategic-military-capability", "empirical finding"),
        ("claim/bisley-aukus-emerging-technologies", "empirical finding"),
        ("claim/bisley-quad-aukus-security-infrastructure", "typology or definition"),
        ("claim/bisley-capability-without-harming-economy", "empirical finding"),
    ]
    # the curators pruned AUKUS from the 'new mode of security cooperation' claim (its topic: security minilateralism)
    assert {c for c, _, _ in got} == {"claim/" + s for s, c in claims().items() if "mechanism/aukus" in about(c)}
    assert "mechanism/aukus" not in about(claims()["bisley-new-mode-of-security-cooperation"])
    assert all(t == CLAIM_TYPE[claims()[c[6:]]["type"]] for c, t, _ in got)
    starts = [s for _, _, s in got]
    assert starts == sorted(starts) and 5366 <= starts[0] and starts[-1] < 6900  # all in summary No. 4
    full = rows(store, "claims-about-entity", entity="mechanism/aukus")
    capability = next(r for r in full if r[1] == "claim/bisley-aukus-strategic-military-capability")
    _, _, _, quote, statement, work, start, end = capability
    assert quote == "AUKUS则是一个更具战略性的安全合作机制，旨在通过技术共享和核潜艇合作增强澳大利亚的军事能力。"
    assert statement.startswith("AUKUS, by contrast, is a more strategic security cooperation mechanism")
    assert work == "article/bisley-forthcoming"
    assert squash(raw()[start:end]) == squash(quote)


@covers("claims-by-article-and-type")
def test_claims_by_article_and_type(store):
    got = rows(store, "claims-by-article-and-type", "entry", "work", "claim_type", "claims")
    # issue 11: the preface's two statements of fact, Dee's practical contribution and Bisley's new perspective are
    # empirical findings, not editorial positions; Panda & Park's UN credibility claim is a finding, not causal;
    # Bisley's 'infrastructure, not balancing' is a definition; panda-park-minilateralism-basis (a definition) is merged away
    assert got == [
        (0, "preface/minilateralism", "editorial position", 3),
        (0, "preface/minilateralism", "empirical finding", 2),
        (0, "preface/minilateralism", "research question", 1),
        (1, "article/panda-park-2024", "causal claim", 7),
        (1, "article/panda-park-2024", "empirical finding", 6),
        (1, "article/panda-park-2024", "policy recommendation", 5),
        (1, "article/panda-park-2024", "research question", 2),
        (1, "article/panda-park-2024", "scenario or prediction", 3),
        (1, "article/panda-park-2024", "typology or definition", 5),
        (2, "article/wu-kim-2024", "causal claim", 6),
        (2, "article/wu-kim-2024", "empirical finding", 3),
        (2, "article/wu-kim-2024", "research question", 1),
        (2, "article/wu-kim-2024", "scenario or prediction", 4),
        (2, "article/wu-kim-2024", "typology or definition", 7),
        (3, "article/dee-2024", "causal claim", 7),
        (3, "article/dee-2024", "empirical finding", 6),
        (3, "article/dee-2024", "policy recommendation", 3),
        (3, "article/dee-2024", "research question", 4),
        (3, "article/dee-2024", "study limitation", 2),
        (3, "article/dee-2024", "typology or definition", 5),
        (4, "article/bisley-forthcoming", "causal claim", 4),
        (4, "article/bisley-forthcoming", "empirical finding", 11),
        (4, "article/bisley-forthcoming", "research question", 5),
        (4, "article/bisley-forthcoming", "typology or definition", 3),
    ]
    assert Counter({(w, t): n for _, w, t, n in got}) == Counter((WORK[c["entry"]], CLAIM_TYPE[c["type"]]) for c in claims().values())
    assert sum(n for *_, n in got) == 105


@cache
def curated_links() -> set[tuple[str, str, str]]:
    """Every curated argument link (claim, mlo:relation, claim), whatever its origin."""
    return {("claim/" + s, "mlo:" + l["relation"], "claim/" + l["target"]) for s, c in claims().items() for l in c.get("links", [])}


@cache
def link_origins() -> dict[tuple[str, str, str], str | None]:
    """The origin of each curated link: 'stated', 'curator', or None (a link within one source)."""
    return {("claim/" + s, "mlo:" + l["relation"], "claim/" + l["target"]): l.get("origin") for s, c in claims().items() for l in c.get("links", [])}


def graph_links(store: Store, graph: str) -> set[tuple[str, str, str]]:
    """The plain argument triples (claim relation claim) of one named graph."""
    result = store.query(
        f"""SELECT ?s ?r ?t WHERE {{ GRAPH <{GRAPH}{graph}> {{ ?s ?r ?t }}
             VALUES ?r {{ <{MLO}supports> <{MLO}contests> <{MLO}qualifies> <{MLO}elaborates> }} }}"""
    )
    return {(short(r["s"]), short(r["r"]), short(r["t"])) for r in result}


@covers("argument-links")
def test_argument_links_within_and_across(store):
    got = rows(store, "argument-links")
    assert len(got) == 113
    assert {(s, r, t) for _, r, s, _, t, _ in got} == curated_links()
    for scope, _, source, source_work, target, target_work in got:
        assert source_work == WORK[claims()[source[6:]]["entry"]]
        assert target_work == WORK[claims()[target[6:]]["entry"]]
        assert scope == ("within" if source_work == target_work else "across")
    # issue 11 corrections: no contests at all (Wu & Kim's four are gone or now qualify), no supports into the
    # preface's stance (8 across supports fewer), dee-rec-institutional-linkage supports (elaborates stays
    # within one source), Bisley qualifies Wu & Kim's dual intent, two links within a source added as elaborates
    assert Counter((scope, r) for scope, r, *_ in got) == {
        ("across", "mlo:supports"): 15,
        ("across", "mlo:qualifies"): 6,
        ("within", "mlo:supports"): 24,
        ("within", "mlo:qualifies"): 12,
        ("within", "mlo:elaborates"): 56,
    }
    scopes = [g[0] for g in got]
    assert scopes == sorted(scopes)
    # every link across sources has an origin; a curator's reading lives in graph/readings, the rest (with the
    # claims) in the issue's graph, graph/issue/minilateralism (issue 12: claims are no longer in graph/digest)
    origins = link_origins()
    assert all((origins[(s, r, t)] is None) == (scope == "within") for scope, r, s, _, t, _ in got)
    assert Counter(origins.values()) == {None: 92, "curator": 19, "stated": 2}
    assert graph_links(store, "readings") == {link for link, origin in origins.items() if origin == "curator"}
    assert graph_links(store, "issue/minilateralism") == {link for link, origin in origins.items() if origin != "curator"}
    assert graph_links(store, "digest") == set()


@covers("argument-links")
def test_argument_links_bound_to_contests(store):
    # the premise is gone on purpose: Wu & Kim contest nothing any more, and no other claim contests either
    assert rows(store, "argument-links", relation="mlo:contests") == []
    assert not [link for link in curated_links() if link[1] == "mlo:contests"]
    # what replaced the disagreement: Wu & Kim's exclusive path only qualifies Panda & Park's parallel branch,
    # and Bisley's 'security infrastructure, not balancing' qualifies both of Wu & Kim's claims about US intent
    assert [r for r in rows(store, "argument-links", relation="mlo:qualifies") if r[0] == "across"] == [
        ("across", "mlo:qualifies", "claim/bisley-conclusion-complex-response", "article/bisley-forthcoming", "claim/panda-park-rivalry-and-fragmentation-drive-indo-pacific-minilateralism", "article/panda-park-2024"),
        ("across", "mlo:qualifies", "claim/bisley-influence-without-confrontation", "article/bisley-forthcoming", "claim/panda-park-avoid-taking-sides", "article/panda-park-2024"),
        ("across", "mlo:qualifies", "claim/bisley-security-infrastructure-not-balancing", "article/bisley-forthcoming", "claim/wu-kim-us-minilateralism-dual-intent", "article/wu-kim-2024"),
        ("across", "mlo:qualifies", "claim/bisley-security-infrastructure-not-balancing", "article/bisley-forthcoming", "claim/wu-kim-us-minilateralism-exclusive-path", "article/wu-kim-2024"),
        ("across", "mlo:qualifies", "claim/dee-outside-minilateralism-efficient-nonproliferation", "article/dee-2024", "claim/panda-park-efficiency-evidence-lacking", "article/panda-park-2024"),
        ("across", "mlo:qualifies", "claim/wu-kim-us-minilateralism-exclusive-path", "article/wu-kim-2024", "claim/panda-park-parallel-branch-of-multilateralism", "article/panda-park-2024"),
    ]


@covers("argument-chain")
def test_argument_chain_default_is_the_transitive_closure_of_supports(store):
    supports = defaultdict(set)
    for s, r, t in curated_links():
        if r == "mlo:supports":
            supports[s].add(t)

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in supports[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    expected = {(c, d) for c in list(supports) for d in reach(c)}
    got = rows(store, "argument-chain", "claim", "supported_claim")
    assert len(got) == 66 == len(expected)
    assert set(got) == expected
    assert got == sorted(got)
    # nothing supports the preface's stance any more (its true-multilateralism stance and its warning)
    assert not {d for _, d in got} & {"claim/preface-true-multilateralism-stance", "claim/preface-warning-against-geopolitical-cliques"}


@covers("argument-chain")
def test_argument_chain_from_the_2009_white_paper(store):
    start = "claim/bisley-2009-white-paper-growing-suspicion"
    got = rows(store, "argument-chain", "claim", "supported_claim", "supported_work", claim=start)
    # the chain stops at Wu & Kim's dual logic: its support of the preface's warning was removed
    assert got == [
        (start, "claim/bisley-australia-attitude-shift-since-2017", "article/bisley-forthcoming"),
        (start, "claim/bisley-shift-prompted-quad-revival-aukus", "article/bisley-forthcoming"),
        (start, "claim/panda-park-rivalry-and-fragmentation-drive-indo-pacific-minilateralism", "article/panda-park-2024"),
        (start, "claim/wu-kim-us-minilateralism-dual-logic", "article/wu-kim-2024"),
    ]


@covers("cross-article-challenges")
def test_claims_contested_or_qualified_across_works(store):
    got = rows(store, "cross-article-challenges")
    # no contests left; Panda & Park's parallel branch is qualified (no longer contested) by Wu & Kim; Bisley
    # qualifies Wu & Kim's dual intent too; the preface's qualification of Bisley and Bisley's of Dee are gone
    assert [r[:5] for r in got] == [
        ("claim/panda-park-avoid-taking-sides", "article/panda-park-2024", "mlo:qualifies", "claim/bisley-influence-without-confrontation", "article/bisley-forthcoming"),
        ("claim/panda-park-efficiency-evidence-lacking", "article/panda-park-2024", "mlo:qualifies", "claim/dee-outside-minilateralism-efficient-nonproliferation", "article/dee-2024"),
        ("claim/panda-park-parallel-branch-of-multilateralism", "article/panda-park-2024", "mlo:qualifies", "claim/wu-kim-us-minilateralism-exclusive-path", "article/wu-kim-2024"),
        ("claim/panda-park-rivalry-and-fragmentation-drive-indo-pacific-minilateralism", "article/panda-park-2024", "mlo:qualifies", "claim/bisley-conclusion-complex-response", "article/bisley-forthcoming"),
        ("claim/wu-kim-us-minilateralism-dual-intent", "article/wu-kim-2024", "mlo:qualifies", "claim/bisley-security-infrastructure-not-balancing", "article/bisley-forthcoming"),
        ("claim/wu-kim-us-minilateralism-exclusive-path", "article/wu-kim-2024", "mlo:qualifies", "claim/bisley-security-infrastructure-not-balancing", "article/bisley-forthcoming"),
    ]
    expected = {(t, r, s) for s, r, t in curated_links() if r in ("mlo:contests", "mlo:qualifies") and WORK[claims()[s[6:]]["entry"]] != WORK[claims()[t[6:]]["entry"]]}
    assert {(r[0], r[2], r[3]) for r in got} == expected
    for challenged, _, _, challenging, _, challenged_quote, challenging_quote in got:
        assert challenged_quote == claims()[challenged[6:]]["quote"]
        assert challenging_quote == claims()[challenging[6:]]["quote"]
    assert got[0][5] == "小多边制度为区域其他国家提供了一种避免“选边站”的方式。"


@covers("claim-passage")
def test_claim_passage_of_inside_minilateralism_definition(store):
    got = rows(store, "claim-passage", claim="claim/dee-inside-minilateralism-definition")
    assert got == [
        (
            "claim/dee-inside-minilateralism-definition",
            "Summary No. 3: Minilateralism and Effective Multilateralism in the Global Nuclear Order",
            4410,
            4446,
            "本研究指出，“内部小多边主义”依托多边机构（如NPT框架内协商）",
            got[0][5],
            got[0][6],
        )
    ]
    _, _, start, end, exact, prefix, suffix = got[0]
    assert squash(raw()[start:end]) == squash(exact)
    assert squash(raw()[:start]).endswith(squash(prefix))
    assert squash(raw()[end:]).startswith(squash(suffix))
    assert suffix.startswith("，“外部小多边主义”")


@covers("claim-passage")
def test_claim_passage_default_anchors_every_claim_in_the_raw_text(store):
    got = rows(store, "claim-passage", "claim", "entry_en", "start", "end", "exact")
    # 105: panda-park-minilateralism-basis was merged into panda-park-response-to-governance-crisis
    assert len(got) == 105 == len(claims())
    assert "panda-park-minilateralism-basis" not in claims()
    assert {c for c, *_ in got} == {"claim/" + s for s in claims()}
    assert [s for _, _, s, _, _ in got] == sorted(s for _, _, s, _, _ in got)
    for claim, entry_en, start, end, exact in got:
        assert exact == claims()[claim[6:]]["quote"]
        assert squash(raw()[start:end]) == squash(exact)
    assert Counter(e.split(":")[0] for _, e, *_ in got) == {"Preface": 6, "Summary No. 1": 28, "Summary No. 2": 21, "Summary No. 3": 27, "Summary No. 4": 23}


# --- concepts ------------------------------------------------------------------------------


@covers("concept-usage")
def test_concept_usage_counts_agree_with_curation(store):
    got = rows(store, "concept-usage", "concept", "concept_en", "claims", "works", "mechanisms", "events", "mentions")
    concepts = {c["slug"]: c for c in curated("concepts")}
    assert len(got) == 93 == len(concepts)
    claims_about = defaultdict(set)
    works = defaultdict(set)
    mechanisms = defaultdict(set)
    for slug, c in claims().items():
        for a in about(c):
            claims_about[a].add(slug)
            works[a].add(c["entry"])
            mechanisms[a] |= {m for m in about(c) if m.startswith("mechanism/")}
    events = Counter(i for e in curated("events") for i in e.get("involves", []))
    for concept, _, n_claims, n_works, n_mechanisms, n_events, n_mentions in got:
        assert n_claims == len(claims_about[concept]), concept
        assert n_works == len(works[concept]), concept
        assert n_mechanisms == len(mechanisms[concept]), concept
        assert n_events == events[concept], concept
        assert n_mentions == len(concepts[concept.split("/")[1]]["mentions"]), concept
    # the curators re-sorted and pruned the refs of the claims (about is now by role); the new NPT Review
    # Conference joins the mechanisms of (mini/multi)lateralism; the Humanitarian Initiative, now a diplomatic
    # initiative, still counts as a mechanism (for states-in-general and inside-outside-dynamic-evolution)
    assert got[:4] == [
        ("concept/minilateralism", "minilateralism", 44, 4, 5, 1, 4),
        ("concept/multilateralism", "multilateralism", 19, 3, 5, 1, 2),
        ("concept/chinese-style-multilateralism", "Chinese-style multilateralism", 14, 1, 2, 1, 2),
        ("concept/us-minilateralism", "US minilateralism", 10, 1, 0, 0, 2),
    ]
    assert got[-1] == ("concept/us-relative-decline", "relative decline of the United States", 0, 0, 0, 0, 1)
    # the retired concepts are no longer in the scheme
    assert not {"concept/humanitarian-initiative", "concept/neoclassical-realism"} & {c for c, *_ in got}
    assert [n for _, _, n, *_ in got] == sorted((n for _, _, n, *_ in got), reverse=True)


@covers("concept-hierarchy")
def test_concept_hierarchy(store):
    got = rows(store, "concept-hierarchy", "concept", "broader", "top_en", "depth")
    # minilateralism and Chinese-style multilateralism are now skos:related (not narrower) to multilateralism, and
    # inside-outside-dynamic-evolution related (not narrower) to minilateralism: minilateralism is a top concept
    assert got == [
        ("concept/global-nuclear-governance", "concept/global-governance", "global governance", 1),
        ("concept/us-minilateralism", "concept/minilateralism", "minilateralism", 1),
        ("concept/inside-minilateralism", "concept/minilateralism", "minilateralism", 1),
        ("concept/outside-minilateralism", "concept/minilateralism", "minilateralism", 1),
        ("concept/security-minilateralism", "concept/minilateralism", "minilateralism", 1),
        ("concept/effective-multilateralism", "concept/multilateralism", "multilateralism", 1),
        ("concept/true-multilateralism", "concept/multilateralism", "multilateralism", 1),
    ]
    related = {c["slug"]: set(c.get("related", [])) for c in curated("concepts")}
    assert "multilateralism" in related["minilateralism"] and "multilateralism" in related["chinese-style-multilateralism"]
    assert "minilateralism" in related["inside-outside-dynamic-evolution"]
    curated_broader = {("concept/" + c["slug"], "concept/" + b) for c in curated("concepts") for b in c.get("broader", [])}
    assert {(c, b) for c, b, _, _ in got} == curated_broader


@covers("concept-hierarchy")
def test_concept_hierarchy_bound_to_inside_minilateralism(store):
    assert rows(store, "concept-hierarchy", concept="concept/inside-minilateralism") == [
        ("concept/inside-minilateralism", "inside minilateralism", "内部小多边主义", "concept/minilateralism", "minilateralism", "minilateralism", 1)
    ]


# --- events and bibliography ---------------------------------------------------------------


@covers("event-timeline")
def test_event_timeline_in_date_order(store):
    got = [(*r[:4], split(r[4])) for r in rows(store, "event-timeline", "date", "end_year", "event", "kind", "involves")]
    china_aus = {"China", "Australia"}
    quad_founders = {"United States", "Japan", "India", "Australia"}
    # ten background events (dated by the reference file) join the digest's nine; China's preference is a decade
    assert got == [
        ("1970", "2020", "event/dee-case-span-1970-2020", "study period", {"Megan Dee", "Vienna Group of Ten", "Nuclear Suppliers Group", "minilateralism", "global nuclear governance"}),
        ("1971", None, "event/zangger-committee-founding-1971", "founding", {"Zangger Committee"}),
        ("1975-11", None, "event/nsg-first-meeting-1975", "founding", {"Nuclear Suppliers Group"}),
        ("1980", None, "event/vg10-first-meeting-1980", "founding", {"Vienna Group of Ten"}),
        ("1980s", None, "event/chn-multilateral-preference-1980s", "strategy revision", {"China", "United States", "multilateralism", "Chinese-style multilateralism", "unilateralism"}),
        ("1987-04", None, "event/mtcr-founding-1987", "founding", {"Missile Technology Control Regime"}),
        ("1997-12-09", "1999-04", "event/four-party-talks-plenaries-1997-1999", "founding", {"Four-Party Talks", "China", "South Korea", "North Korea", "United States"}),
        ("1998-06-09", None, "event/nac-founding-1998", "founding", {"New Agenda Coalition"}),
        ("2007", None, "event/quad-founding-2007", "founding", {"Quadrilateral Security Dialogue"} | quad_founders),
        ("2008", None, "event/quad-lapse-2008", "lapse", {"Quadrilateral Security Dialogue"}),
        ("2009", None, "event/aus-defence-white-paper-2009", "policy statement", china_aus | {"rise of China"}),
        ("2015-12-25", None, "event/aiib-founding-2015", "founding", {"Asian Infrastructure Investment Bank", "China"}),
        ("2017", None, "event/aus-attitude-shift-2017", "strategy revision", china_aus | {"rise of China"}),
        ("2017", None, "event/aus-concern-2017", "policy statement", china_aus),
        ("2017", None, "event/quad-revival-2017", "revival", {"Quadrilateral Security Dialogue", "international public goods"}),
        ("2017-07-07", None, "event/tpnw-adoption-2017", "treaty adoption", {"Treaty on the Prohibition of Nuclear Weapons", "Humanitarian Initiative"}),
        ("2018", None, "event/aus-5g-legislation-2018", "legislation", china_aus),
        ("2020", None, "event/aus-defence-strategy-2020", "strategy revision", china_aus),
        ("2021-09-15", None, "event/aukus-founding-2021", "founding", {"AUKUS", "Australia", "United Kingdom", "United States"}),
    ]
    assert {e for _, _, e, _, _ in got} == {"event/" + e["slug"] for e in curated("events")}
    assert {(e, d) for d, _, e, _, _ in got} == {("event/" + e["slug"], e["date"]) for e in curated("events")}
    assert [len(i) for *_, i in got] == [len(e["involves"]) for e in sorted(curated("events"), key=lambda e: (e["date"], e["slug"]))]
    # the background events sit in graph/background with their source, and no passage
    background = {short(r["e"]) for r in store.query(
        f"SELECT ?e WHERE {{ GRAPH <{GRAPH}background> {{ ?e a <{MLO}Event> ; <http://purl.org/dc/terms/source> ?s }} FILTER NOT EXISTS {{ ?e <{MLO}anchoredBy> ?a }} }}"
    )}
    assert background == {"event/" + e["slug"] for e in curated("events") if e.get("layer") == "background"}
    assert len(background) == 10
    labels = rows(store, "event-timeline", "event", "event_zh")
    assert ("event/quad-founding-2007", "Quad最初成立") in labels


@covers("compilers-and-reviewers")
def test_compilers_and_reviewers(store):
    assert rows(store, "compilers-and-reviewers", "task", "person", "name_en", "name_zh", "affiliation_zh", "entry", "article") == [
        ("compiled", "person/zhang-zunyue", "Zhang Zunyue", "张尊月", "中国社会科学院大学", 1, "article/panda-park-2024"),
        ("compiled", "person/he-yiran", "He Yiran", "和怡然", "北京外国语大学", 2, "article/wu-kim-2024"),
        ("compiled", "person/liu-zhexi", "Liu Zhexi", "刘哲希", "清华大学社会科学学院", 3, "article/dee-2024"),
        ("compiled", "person/zheng-lu", "Zheng Lu", "郑路", "中国社会科学院大学", 4, "article/bisley-forthcoming"),
        ("reviewed", "person/chen-zhaoyuan", "Chen Zhaoyuan", "陈兆源", None, None, None),
        ("reviewed", "person/yang-jiahao", "Yang Jiahao", "杨嘉豪", None, None, None),
    ]
    # as printed in the digest
    for line in ("编译：张尊月（中国社会科学院大学）", "编译：和怡然（北京外国语大学）", "编译：刘哲希（清华大学社会科学学院）", "编译：郑路（中国社会科学院大学）", "陈兆源、杨嘉豪"):
        assert line in raw()


@covers("articles")
def test_articles_with_journal_and_issue(store):
    ajia = ("Australian Journal of International Affairs", "1035-7718", "1465-332X", "78", "6", "2024", False)
    assert rows(store, "articles", "entry", "article", "title_en", "journal_en", "issn", "eissn", "volume", "issue", "year", "forthcoming") == [
        (1, "article/panda-park-2024", "Minilateralism and Global Governance: Effectiveness of Hybrid Models", *ajia),
        (2, "article/wu-kim-2024", "China’s Perception of Minilateralism and Chinese-style Multilateralism", *ajia),
        (3, "article/dee-2024", "Minilateralism and Effective Multilateralism in the Global Nuclear Order", "Contemporary Security Policy", "1352-3260", None, "45", "3", "2024", False),
        (4, "article/bisley-forthcoming", "The Quad, AUKUS and Australian Security Minilateralism: China’s Rise and New Approaches to Security Cooperation", "Journal of Contemporary China", "1067-0564", None, None, None, None, True),
    ]
    assert rows(store, "articles", "title_zh")[3] == ("四方安全对话、奥库斯与澳大利亚的安全小多边主义：中国崛起与安全合作新路径",)


@covers("article-authors")
def test_article_authors(store):
    assert rows(store, "article-authors", "entry", "author", "author_name", "author_count") == [
        (1, "person/jae-jeok-park", "Jae Jeok Park", 2),
        (1, "person/jagannath-panda", "Jagannath Panda", 2),
        (2, "person/dongchan-kim", "Dongchan Kim", 2),
        (2, "person/xian-wu", "Xian Wu", 2),
        (3, "person/megan-dee", "Megan Dee", 1),
        (4, "person/nick-bisley", "Nick Bisley", 1),
    ]


@covers("article-authors")
def test_article_authors_bound_to_dee(store):
    assert rows(store, "article-authors", "article", "author_name", "author_count", article="article/dee-2024") == [("article/dee-2024", "Megan Dee", 1)]


# --- the dataset ---------------------------------------------------------------------------


@covers("named-graph-triple-counts")
def test_named_graph_triple_counts(store):
    got = rows(store, "named-graph-triple-counts")
    assert got == [
        ("graph:background", 548),
        ("graph:bibliography", 165),
        ("graph:digest", 1448),
        ("graph:inferred", 31),
        ("graph:issue/minilateralism", 9427),  # issue 12: the issue's claims and every annotation into its text; issue 15: no mlo:quote (105 fewer: the quote is the oa:exact)
        ("graph:links", 81),  # issue 15: the ISO code is stated once (mlo:iso3166Alpha3), no skos:notation copies
        ("graph:ontology", 2136),  # issue 15: every term used declared, labels and definitions in en and zh, rdfs:isDefinedBy, scope notes; 0.3.0: the PROV terms of drafts
        ("graph:readings", 152),
    ]
    counts = dict(got)
    # the inferred graph: 2 inside minilaterals + 8 security minilaterals + their current members + 2 subclass axioms
    security = {m["slug"] for m in curated("mechanisms") if m["kind"] == "minilateral_mechanism" and SECURITY_AREAS & {*m.get("issue_areas", []), *(d["area"] for d in m.get("dated_issue_areas", []))}}
    participants = {m["state"] for m in curated("memberships") if m["mechanism"] in security and current(m)}
    assert counts["graph:inferred"] == 2 + len(security) + len(participants) + 2 == 2 + 8 + 19 + 2
    # the readings graph: each curator-read link as its plain triple and an mlo:ArgumentLink node
    # (type, from, to, relation, origin, rationale in English and in Chinese)
    assert counts["graph:readings"] == 8 * Counter(link_origins().values())["curator"] == 8 * 19
    # the bibliography: 216 before, plus the digest editors (organisation, two labels, creator of the preface),
    # less the preface's and the four summaries' span annotations (10 triples each, and the entry's
    # mlo:anchoredBy), which are annotations into the issue's text and so in its graph (issue 12)
    assert counts["graph:bibliography"] == 216 + 4 - 5 * 11
    # the digest and the issue graph split what graph/digest held before (10925 + those 55), less the
    # 105 claims' mlo:quote (issue 15: the quote is stated once, as the oa:exact of the claim's annotation)
    assert counts["graph:digest"] + counts["graph:issue/minilateralism"] == 10925 + 5 * 11 - 105
    # as the release's VoID description counts them
    void = {
        short(t.subject): int(t.object.value)
        for t in ox.parse(path=str(ROOT / "graphs" / "void.ttl"), format=ox.RdfFormat.TURTLE)
        if t.predicate.value == "http://rdfs.org/ns/void#triples" and str(t.subject).startswith(f"<{GRAPH}")
    }
    assert void == counts
    assert sum(n for _, n in got) == len(store)


@covers("link-wikidata-join")
def test_link_wikidata_join():
    s = Store.open()
    s.load(ROOT / "corpus/examples/wikidata-sample.ttl", graph="https://example.org/graph/wikidata-sample")
    got = rows(s, "link-wikidata-join", "entity", "iso3", mechanism="mechanism/quad")
    assert got == [("state/AUS", "AUS"), ("state/IND", "IND"), ("state/JPN", "JPN"), ("state/USA", "USA")]


def test_every_query_is_tested():
    # the queries over the claim model are tested in tests/test_queries_claims.py, which marks them with
    # `covers` from this module: import it here (not at the top, so collection never depends on it)
    import importlib

    try:
        importlib.import_module("test_queries_claims")
    except ModuleNotFoundError as exc:
        if exc.name != "test_queries_claims":
            raise
        pytest.fail("tests/test_queries_claims.py (the tests of the claim-model queries) is missing")
    # the series queries (issues, cross-issue) are tested in tests/test_queries_series.py, likewise
    importlib.import_module("test_queries_series")
    assert TESTED == set(library())
