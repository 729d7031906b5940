"""Colours, shapes and line styles shared by every view, and the bilingual names of each."""

from __future__ import annotations

from dataclasses import dataclass

MLO = "https://w3id.org/minilat/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


@dataclass(frozen=True)
class NodeStyle:
    en: str
    zh: str
    color: str
    shape: str


@dataclass(frozen=True)
class EdgeStyle:
    en: str
    zh: str
    color: str
    dashes: tuple[int, ...] = ()
    arrow: bool = False
    width: float = 1.0


#: Node categories: mechanisms by type, then the other kinds of node.
NODES: dict[str, NodeStyle] = {
    "inside": NodeStyle("inside minilateral", "内部小多边机制", "#d62728", "diamond"),
    "outside": NodeStyle("outside minilateral", "外部小多边机制", "#ff7f0e", "diamond"),
    "minilateral": NodeStyle("other minilateral mechanism", "其他小多边机制", "#e6b800", "diamond"),
    "multilateral": NodeStyle("multilateral institution", "多边机构", "#1f77b4", "diamond"),
    "treaty": NodeStyle("treaty regime", "条约机制", "#17becf", "diamond"),
    "initiative": NodeStyle("diplomatic initiative", "外交倡议", "#ad494a", "diamond"),
    "state": NodeStyle("state", "国家", "#2ca02c", "dot"),
    "concept": NodeStyle("concept", "概念", "#9467bd", "triangle"),
    "issue-area": NodeStyle("issue area", "议题领域", "#e377c2", "triangleDown"),
    "claim": NodeStyle("claim", "论断", "#7f7f7f", "dot"),
    "event": NodeStyle("event", "事件", "#8c564b", "star"),
    "work": NodeStyle("article or preface", "文章或序言", "#393b79", "box"),
    "journal": NodeStyle("journal", "期刊", "#637939", "square"),
    "person": NodeStyle("person", "人物", "#bcbd22", "triangleDown"),
    "organization": NodeStyle("organization", "机构", "#5254a3", "square"),
}

#: Claims are coloured by the work they come from, in digest order.
WORK_COLORS = ("#8c6d31", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#d6616b")

#: A claim's shape in the argument map (a box holding its label); other kinds keep their NODES shape.
CLAIM_BOX = "box"
CLAIM_SHAPE = "dot"

#: Colours for communities (cycled).
COMMUNITY_COLORS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295",
)

EDGES: dict[str, EdgeStyle] = {
    "member-digest": EdgeStyle("member (stated in the digest)", "成员（文摘明言）", "#333333", (), False, 2.2),
    "member-background": EdgeStyle("member (background source)", "成员（背景资料）", "#888888", (6, 5), False, 1.4),
    MLO + "operatesWithin": EdgeStyle("operates within", "在其框架内运作", "#d62728", (2, 4), True, 1.6),
    MLO + "reportsTo": EdgeStyle("reports to", "向其报告", "#ff7f0e", (2, 4), True, 1.6),
    MLO + "leadsTo": EdgeStyle("leads to", "促成", "#17becf", (2, 4), True, 1.6),
    MLO + "revives": EdgeStyle("revives", "重启", "#8c564b", (2, 4), True, 1.6),
    MLO + "contrastedWith": EdgeStyle("contrasted with", "与之对比", "#7f7f7f", (2, 4), False, 1.6),
    "co-member": EdgeStyle("shared mechanisms (width = number)", "共同机制（线宽 = 数量）", "#2ca02c", (), False, 1.0),
    MLO + "supports": EdgeStyle("supports", "支持", "#2ca02c", (), True, 2.0),
    MLO + "contests": EdgeStyle("contests", "质疑", "#d62728", (), True, 3.0),
    MLO + "qualifies": EdgeStyle("qualifies", "限定", "#ff7f0e", (8, 4), True, 2.0),
    MLO + "elaborates": EdgeStyle("elaborates", "阐发", "#1f77b4", (2, 3), True, 1.5),
    MLO + "about": EdgeStyle("is about", "关于", "#c7c7c7", (), False, 0.6),
    SKOS + "broader": EdgeStyle("has broader concept", "上位概念", "#9467bd", (), True, 2.0),
    SKOS + "related": EdgeStyle("related concept", "相关概念", "#c5b0d5", (5, 4), False, 1.2),
    "co-claimed": EdgeStyle("mechanism discussed with concept (width = claims)", "机制与概念同见于论断（线宽 = 论断数）", "#ff9896", (3, 3), False, 1.0),
    MLO + "usesConcept": EdgeStyle("uses concept", "使用概念", "#ff9896", (), True, 1.4),
    "other": EdgeStyle("other relation", "其他关系", "#b0b0b0", (), True, 0.8),
}

KIND_NAMES = {kind: (s.en, s.zh) for kind, s in NODES.items()}
KIND_NAMES["mechanism"] = ("mechanism", "合作机制")


def edge_style(relation: str) -> EdgeStyle:
    return EDGES.get(relation, EDGES["other"])


def relation_names(relation: str, labels: dict[str, tuple[str, str]] | None = None) -> tuple[str, str]:
    """Bilingual name of a relation: the style's, else the property's labels, else its local name."""
    if relation in EDGES:
        return EDGES[relation].en, EDGES[relation].zh
    if labels and relation in labels:
        return labels[relation]
    local = relation.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return local, local


def vis_edge(relation: str, weight: float | None = None) -> dict[str, object]:
    """vis-network edge options for a relation."""
    style = edge_style(relation)
    options: dict[str, object] = {
        "color": {"color": style.color, "highlight": style.color, "hover": style.color, "opacity": 0.9},
        "width": style.width if weight is None else round(1 + 1.6 * weight, 2),
        "dashes": list(style.dashes) if style.dashes else False,
        "arrows": {"to": {"enabled": style.arrow, "scaleFactor": 0.6}},
    }
    return options
