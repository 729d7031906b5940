"""Bilingual labels and tooltip fields for the nodes and edges of the views (plain text only)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from minilat.views import style
from minilat.views.facts import Facts

#: A tooltip line: English key, Chinese key, and a value that is plain text or (English, Chinese).
Field = tuple[str, str, "str | tuple[str, str]"]


def shorten(text: str, limit: int, sep: str = "") -> str:
    """The start of ``text``, cut at ``limit`` characters (at a word boundary when ``sep``)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if sep and sep in cut:
        cut = cut[: cut.rindex(sep)]
    return cut.rstrip(" ,.;:，。；：") + "…"


@dataclass
class Describer:
    """Indexes over the facts, to describe any node of any view."""

    facts: Facts
    about: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    broader: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    claim_about: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    claim_tag: dict[str, tuple[str, str]] = field(default_factory=dict)
    props: dict[str, tuple[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.props = {p: self.facts.pair(p) for p in sorted({p for _, p, _ in self.facts.links})}
        for claim, entity in self.facts.about:
            self.about[entity].append(claim)
            self.claim_about[claim].append(entity)
        for m in self.facts.memberships:
            self.members[m.mechanism].append(m.state)
            self.members[m.state].append(m.mechanism)
        by_work: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for claim in self.facts.claims.values():
            by_work[claim.work].append((claim.start if claim.start is not None else 1 << 30, claim.iri))
        for work, claims in by_work.items():
            tag = self.work_tag(work)
            for number, (_, claim) in enumerate(sorted(claims), start=1):
                self.claim_tag[claim] = (f"{tag[0]} {number}", f"{tag[1]} {number}")
        for concept, relation, other in self.facts.concept_links:
            if relation == style.SKOS + "broader":
                self.broader[concept].append(other)

    def work_tag(self, work: str) -> tuple[str, str]:
        """A work's tag for its claims: its authors' family names ("Wu & Kim"), or 序言 for the preface."""
        found = self.facts.works.get(work)
        if found is None:
            return self.facts.pair(work)
        if found.kind == "preface":
            return found.short_en, found.short_zh
        names = re.sub(r" (\d{4}|forthcoming)$", "", found.short_en)
        return names, names

    def holder(self, iri: str) -> tuple[str, str]:
        """Whose view a claim is, briefly: "Wu", "Preface", "China (per Wu)"."""
        claim = self.facts.claims[iri]
        tag = self.work_tag(claim.work)
        if claim.holder == "reported":
            actor = self.names(list(claim.holders))
            return f"{actor[0]} (per {tag[0]})", f"{tag[1]}转述{actor[1]}"
        if claim.holder == "compiler":
            return f"compiler of {tag[0]}", f"{tag[1]}编译者"
        return tag

    def label(self, iri: str) -> tuple[str, str]:
        """Node label (English, Chinese); a claim's is its holder and its short label."""
        if iri in self.facts.claims:
            en, zh = self.facts.pair(iri)
            who = self.holder(iri)
            return f"{who[0]}: {shorten(en, 48, ' ')}", f"{who[1]}：{shorten(zh, 24)}"
        if iri in self.facts.works:
            return self.facts.heading(iri)
        return self.facts.pair(iri)

    def short(self, iri: str) -> tuple[str, str]:
        """The shortest name in each language among the labels and aliases ("Quad", "亚投行"), for crowded views."""
        en, zh = self.label(iri)
        aliases = self.facts.labels.alt.get(iri, [])
        latin = [a for a in aliases if a.isascii() and len(a) >= 2 and len(a) < len(en)]
        chinese = [a for a in aliases if not a.isascii() and len(a) >= 2 and len(a) < len(zh)]
        return min(latin, key=lambda a: (len(a), a), default=en), min(chinese, key=lambda a: (len(a), a), default=zh)

    def names(self, iris: list[str]) -> tuple[str, str]:
        pairs = [self.facts.pair(i) for i in sorted(set(iris), key=lambda i: self.facts.pair(i)[0].casefold())]
        return ", ".join(p[0] for p in pairs), "、".join(p[1] for p in pairs)

    def category(self, iri: str, kind: str) -> str:
        """The legend category: a mechanism's type, else the node's kind."""
        return self.facts.mechanisms.get(iri, kind) if kind == "mechanism" else kind

    def kind_names(self, iri: str, kind: str) -> tuple[str, str]:
        node = style.NODES.get(self.category(iri, kind))
        return (node.en, node.zh) if node else style.KIND_NAMES.get(kind, (kind, kind))

    def fields(self, iri: str, kind: str) -> list[Field]:
        """Tooltip lines for a node."""
        en, zh = self.facts.pair(iri)
        lines: list[Field] = [] if kind == "claim" else [("Name", "名称", en if en == zh else f"{zh} / {en}")]
        lines.append(("Kind", "类别", self.kind_names(iri, kind)))
        lines += getattr(self, f"_{kind.replace('-', '_')}", lambda _: [])(iri)
        if kind != "claim" and self.about.get(iri):
            lines.append(("Claims about it", "相关论断", str(len(self.about[iri]))))
        lines.append(("IRI", "IRI", iri))
        return lines

    def _claim(self, iri: str) -> list[Field]:
        claim = self.facts.claims[iri]
        lines: list[Field] = []
        if claim.type:
            lines.append(("Claim type", "论断类型", self.facts.pair(claim.type)))
        work = self.facts.works.get(claim.work)
        title_en, title_zh = self.facts.pair(claim.work)
        cite = (f"{work.short_en}: {title_en}", f"{work.short_zh}：{title_zh}") if work else (title_en, title_zh)
        lines.append(("Article", "出处", cite))
        if self.facts.series and claim.issue:
            lines.append(("Issue", "期", self.facts.theme(claim.issue)))
        lines.append(("Claim", "论断", self.claim_tag.get(iri, ("", ""))))
        lines.append(("Holder", "持有者", self.holder(iri)))
        if claim.modality:
            lines.append(("Modality", "论断方式", self.facts.pair(claim.modality)))
        lines.append(("Quote", "原文", claim.quote))
        lines.append(("Statement", "英文表述", claim.statement))
        if claim.start is not None:
            lines.append(("Passage", "原文位置", (f"characters {claim.start}–{claim.end} of the digest", f"文摘第 {claim.start}–{claim.end} 字符")))
        if self.claim_about.get(iri):
            lines.append(("About", "关于", self.names(self.claim_about[iri])))
        return lines

    def _mechanism(self, iri: str) -> list[Field]:
        lines: list[Field] = []
        if self.facts.labels.alt.get(iri):
            lines.append(("Also called", "又称", " · ".join(self.facts.labels.alt[iri])))
        if self.facts.issue_areas.get(iri):
            lines.append(("Issue areas", "议题领域", self.names(self.facts.issue_areas[iri])))
        for layer, en, zh in (("digest", "Members (digest)", "成员（文摘）"), ("background", "Members (background)", "成员（背景）")):
            states = [m.state for m in self.facts.memberships if m.mechanism == iri and m.layer == layer]
            if states:
                lines.append((en, zh, self.names(states)))
        return lines

    def _state(self, iri: str) -> list[Field]:
        lines: list[Field] = []
        if self.facts.states.get(iri):
            lines.append(("ISO 3166 code", "国家代码", self.facts.states[iri]))
        if self.members.get(iri):
            lines.append(("Member of", "所属机制", self.names(self.members[iri])))
        return lines

    def _concept(self, iri: str) -> list[Field]:
        lines: list[Field] = []
        if self.facts.concepts.get(iri):
            lines.append(("Definition", "定义", self.facts.concepts[iri]))
        if self.broader.get(iri):
            lines.append(("Broader", "上位概念", self.names(self.broader[iri])))
        return lines

    def _work(self, iri: str) -> list[Field]:
        work = self.facts.works[iri]
        claims = sum(1 for c in self.facts.claims.values() if c.work == iri)
        return [("Cited as", "引用", (work.short_en, work.short_zh)), ("Claims", "论断数", str(claims))]

    def edge_fields(self, source: str, target: str, relation: str, extra: list[Field] | None = None) -> list[Field]:
        """Tooltip lines for an edge (``extra`` may name the ends itself, with more than their labels)."""
        if any(f[0] == "From" for f in extra or []):
            return [("Relation", "关系", style.relation_names(relation, self.property_labels())), *(extra or [])]
        return [
            ("Relation", "关系", style.relation_names(relation, self.property_labels())),
            ("From", "起点", self.label(source)),
            ("To", "终点", self.label(target)),
            *(extra or []),
        ]

    def property_labels(self) -> dict[str, tuple[str, str]]:
        """Bilingual labels of the properties linking the whole graph's nodes."""
        return self.props
