"""The five view graphs, as networkx multigraphs built from the facts the SPARQL queries returned.

Nodes carry ``kind``, ``category``, ``label_en``/``label_zh`` and tooltip ``fields``; edges carry
``relation``, ``weight`` and ``fields``. Nodes and edges are added in sorted order, so layouts
and analyses that depend on insertion order are deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import networkx as nx

from minilat.views import argument, style
from minilat.views.describe import Describer, Field
from minilat.views.facts import Facts
from minilat.views.view import View

MLO = style.MLO
SKOS = style.SKOS
SYMMETRIC = {SKOS + "related", MLO + "contrastedWith"}
#: Whole-graph predicates replaced by the qualified org:Membership edges (which carry the layer).
REPLACED = {MLO + "memberOf", MLO + "hasMember", "http://www.w3.org/ns/org#memberOf"}


class Builder:
    """Adds described nodes and edges to a graph."""

    def __init__(self, describer: Describer) -> None:
        self.d = describer
        self.graph = nx.MultiDiGraph()

    def node(self, iri: str, kind: str, short: bool = False, **extra: object) -> None:
        if iri in self.graph:
            return
        en, zh = self.d.short(iri) if short else self.d.label(iri)
        self.graph.add_node(
            iri, kind=kind, category=self.d.category(iri, kind), label_en=en, label_zh=zh,
            fields=self.d.fields(iri, kind), search=sorted({*self.d.facts.pair(iri), *self.d.facts.labels.alt.get(iri, [])}), **extra,
        )

    def edge(self, source: str, target: str, relation: str, weight: float = 1.0, extra: list[Field] | None = None, key: str | None = None,
             attrs: dict[str, object] | None = None) -> None:
        if source not in self.graph or target not in self.graph:
            return
        if relation in SYMMETRIC and source > target:
            source, target = target, source
        key = key or relation
        if self.graph.has_edge(source, target, key):
            return
        en, zh = style.relation_names(relation, self.d.property_labels())
        self.graph.add_edge(source, target, key=key, relation=relation, label_en=en, label_zh=zh, weight=weight,
                            fields=self.d.edge_fields(source, target, relation, extra), **(attrs or {}))


def membership_edges(b: Builder) -> None:
    """state → mechanism, one per org:Membership, styled by layer."""
    roles = {m.role for m in b.d.facts.memberships if m.role}
    for m in b.d.facts.memberships:
        extra: list[Field] = [("Layer", "数据层", ("stated in the digest", "文摘明言") if m.layer == "digest" else ("background source", "背景资料"))]
        if m.role and m.role in roles:
            extra.append(("Role", "角色", b.d.facts.pair(m.role)))
        if m.evidence:
            extra.append(("Evidence", "依据", m.evidence))
        b.edge(m.state, m.mechanism, f"member-{m.layer}", extra=extra, key=f"member-{m.layer}")


def mechanisms_and_states(facts: Facts, d: Describer) -> View:
    b = Builder(d)
    for iri in sorted(facts.mechanisms):
        b.node(iri, "mechanism", short=True)
    for iri in sorted(facts.states):
        b.node(iri, "state")
    membership_edges(b)
    for source, relation, target in facts.mechanism_relations:
        b.edge(source, target, relation)
    return View(
        "mechanisms-and-states",
        ("Mechanisms and states", "合作机制与国家"),
        ("Which states belong to which cooperation mechanisms. Mechanisms (diamonds, by acronym) are coloured by type: "
         "Dee's inside and outside minilaterals, other minilateral mechanisms, multilateral institutions, treaty regimes and diplomatic initiatives. "
         "Memberships the digest states are solid lines, those from background sources dashed; dotted arrows link mechanisms. "
         "Mechanisms the graph gives no member and no link to another mechanism stand apart, framed on the right.",
         "各国分属哪些合作机制。机制（菱形）按类型着色：迪所说的内部与外部小多边机制、其他小多边机制、多边机构、条约机制与外交倡议。"
         "文摘明言的成员关系为实线，取自背景资料的为虚线；点线箭头表示机制之间的关系。"
         "图谱中既无成员国、又与其他机制无关联的机制单独列于右侧框内。"),
        b.graph,
        layout="labels",
        isolated_caption=("No members or links in the graph", "图谱中无成员与关联"),
    )


def co_membership(facts: Facts, d: Describer) -> View:
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_mechanism: dict[str, set[str]] = defaultdict(set)
    for m in facts.memberships:
        by_mechanism[m.mechanism].add(m.state)
    for mechanism, states in sorted(by_mechanism.items()):
        ordered = sorted(states)
        for i, a in enumerate(ordered):
            for c in ordered[i + 1 :]:
                shared[(a, c)].add(mechanism)
    b = Builder(d)
    for state in sorted({m.state for m in facts.memberships}):
        b.node(state, "state")
    for (a, c), mechanisms in sorted(shared.items()):
        names = d.names(sorted(mechanisms))
        b.edge(a, c, "co-member", weight=float(len(mechanisms)),
               extra=[("Shared mechanisms", "共同机制", str(len(mechanisms))), ("Mechanisms", "机制", names)])
    return View(
        "co-membership",
        ("Co-membership of states", "国家共同成员关系"),
        ("States linked when they belong to the same mechanisms; line width is the number of mechanisms they share "
         "(digest and background memberships together).",
         "同属某些合作机制的国家之间相连；线宽表示它们共同所属机制的数量（合并文摘层与背景层）。"),
        b.graph,
        layout="labels",
        color_by="community",
    )


def argument_map(facts: Facts, d: Describer) -> View:
    b = Builder(d)
    works = [w for w in facts.works if any(c.work == w for c in facts.claims.values())]
    for index, work in enumerate(works):
        b.node(work, "work", cluster=index, issue=facts.works[work].issue)
    cluster = {w: i for i, w in enumerate(works)}
    for iri, claim in sorted(facts.claims.items()):
        b.node(iri, "claim", cluster=cluster.get(claim.work, len(works)), work=claim.work, order=claim.start or 0,
               issue=claim.issue, **argument.claim_attrs(facts, iri))
    for _, entity in facts.about:
        kind = facts.kinds.get(entity)
        if kind in ("mechanism", "state", "concept"):
            b.node(entity, kind)
    for key, link in facts.argument_links.items():
        fields, attrs = argument.link_fields(facts, d, link)
        b.edge(key[0], key[2], key[1], extra=fields, attrs=attrs)
    for claim, entity in facts.about:
        b.edge(claim, entity, MLO + "about")
    view = View(
        "argument-map",
        ("Argument map", "论证图"),
        ("The claims of the preface and the four articles, one column per source in reading order, each labelled with whose view it is. "
         "Arrows: supports, contests, qualifies, elaborates; hover one for both claims and the rationale. "
         "Where two sources disagree the line is labelled and listed beside the map. "
         "Links to what claims are about are hidden until switched on.",
         "专题序言与四篇文章中的论断，每个出处一列，按原文顺序排列，并标明观点持有者。"
         "箭头表示支持、质疑、限定、阐发；悬停可见两条论断原文及理由。"
         "两个出处之间的分歧在图上标注，并列于右侧。论断所涉对象的连线默认隐藏，可开启。"),
        b.graph,
        layout="columns",
        hidden=(MLO + "about",),
    )
    if facts.series:  # several issues: say so, and how to tell them apart
        view.description = (
            f"The claims of the {len(facts.issues)} digest issues, one column per source in reading order, grouped by issue "
            "(each column's header names the source and its issue's theme; filter by issue beside the map), each labelled with whose view it is. "
            "Arrows: supports, contests, qualifies, elaborates; hover one for both claims and the rationale. "
            "Where two sources disagree, within an issue or across issues, the line is labelled and listed beside the map. "
            "Links to what claims are about are hidden until switched on.",
            f"{len(facts.issues)}期文摘中的论断，每个出处一列，按期分组、按原文顺序排列（列标题注明出处及所属期的主题；可在右侧按期筛选），并标明观点持有者。"
            "箭头表示支持、质疑、限定、阐发；悬停可见两条论断原文及理由。"
            "两个出处之间（同期或跨期）的分歧在图上标注，并列于右侧。论断所涉对象的连线默认隐藏，可开启。",
        )
    return view


def concept_map(facts: Facts, d: Describer) -> View:
    b = Builder(d)
    for iri in sorted(facts.concepts):
        b.node(iri, "concept")
    about = [(c, e) for c, e in facts.about if e in facts.concepts]
    for claim in sorted({c for c, _ in about}):
        b.node(claim, "claim")
    co_claimed: dict[tuple[str, str], set[str]] = defaultdict(set)
    entities: dict[str, set[str]] = defaultdict(set)
    for claim, entity in facts.about:
        entities[claim].add(entity)
    for claim, found in sorted(entities.items()):
        for mechanism in sorted(found & set(facts.mechanisms)):
            for concept in sorted(found & set(facts.concepts)):
                co_claimed[(mechanism, concept)].add(claim)
    users = sorted({u for u, _ in facts.uses if u in facts.mechanisms} | {m for m, _ in co_claimed})
    for mechanism in users:
        b.node(mechanism, "mechanism")
    for concept, relation, other in facts.concept_links:
        b.edge(concept, other, relation)
    for claim, concept in about:
        b.edge(claim, concept, MLO + "about")
    for (mechanism, concept), claims in sorted(co_claimed.items()):
        b.edge(mechanism, concept, "co-claimed", weight=float(len(claims)), extra=[("Claims", "论断数", str(len(claims)))])
    for user, concept in facts.uses:
        if facts.kinds.get(user) == "claim":
            b.node(user, "claim")
        b.edge(user, concept, MLO + "usesConcept")
    return View(
        "concept-map",
        ("Concept map", "概念图"),
        ("The SKOS concept scheme: arrows point to broader concepts, dashed lines join related ones. "
         "Grey dots are the claims about each concept; mechanisms are joined to the concepts discussed in the same claims.",
         "SKOS 概念体系：箭头指向上位概念，虚线连接相关概念。灰点为关于各概念的论断；"
         "机制与同一论断中讨论的概念相连。"),
        b.graph,
    )


def explorer(facts: Facts, d: Describer) -> View:
    b = Builder(d)
    for iri, kind in facts.kinds.items():
        b.node(iri, kind, **({"work": facts.claims[iri].work} if kind == "claim" else {}))
    for source, relation, target in facts.links:
        if relation not in REPLACED:
            b.edge(source, target, relation)
    membership_edges(b)
    return View(
        "explorer",
        ("Whole-graph explorer", "全图浏览"),
        ("Every state, mechanism, concept, issue area, claim, event, work, person, journal and organization in the graph "
         "and every link between them. Search by name in either language and filter by type.",
         "图谱中的全部国家、机制、概念、议题领域、论断、事件、作品、人物、期刊与机构及其相互关系。"
         "可用中文或英文名称搜索，并按类别筛选。"),
        b.graph,
    )


BUILDERS: tuple[Callable[[Facts, Describer], View], ...] = (
    mechanisms_and_states, co_membership, argument_map, concept_map, explorer,
)


def build(facts: Facts) -> list[View]:
    """Every view graph, in index order."""
    describer = Describer(facts)
    return [builder(facts, describer) for builder in BUILDERS]
