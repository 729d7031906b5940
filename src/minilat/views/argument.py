"""The argument map's own data: claim boxes in columns per source, links that carry both claims and the rationale.

Each claim is a box labelled "holder: short label"; an argument link (supports, contests,
qualifies, elaborates) carries both claims' text, its origin (stated in the digest or a curator's
reading) and its rationale. Contests, and qualifies between two sources, are *disagreements*:
labelled on the map and listed beside it. Focus mode follows supports, contests and qualifies.
"""

from __future__ import annotations

from collections import defaultdict

from minilat.views import placement, style
from minilat.views.describe import Describer, Field
from minilat.views.facts import HOLDERS, Facts, Link
from minilat.views.view import View

MLO = style.MLO
#: Relations whose chain focus mode follows (both ways).
CHAIN = (MLO + "supports", MLO + "contests", MLO + "qualifies")
ARGUMENT = (*CHAIN, MLO + "elaborates")
ORIGINS = {MLO + "StatedInDigest": "stated", MLO + "CuratorReading": "curator"}
BOX_WIDTH = 190.0
BOX_FONT = 12.0
GAP_X, GAP_Y, WORK_GAP = 44.0, 14.0, 36.0


def claim_attrs(facts: Facts, iri: str) -> dict[str, object]:
    """What the map filters a claim by, and where its passage is."""
    claim = facts.claims[iri]
    passage = [claim.source, claim.start, claim.end] if claim.source and claim.start is not None else None
    return {"holder": claim.holder, "actors": sorted(claim.holders) if claim.holder == "reported" else [], "passage": passage}


def disagrees(relation: str, across: bool) -> bool:
    """Contests anywhere, or qualifies across two sources."""
    return relation == MLO + "contests" or (relation == MLO + "qualifies" and across)


def link_fields(facts: Facts, d: Describer, link: Link) -> tuple[list[Field], dict[str, object]]:
    """Tooltip lines of an argument link (both claims' text, origin, rationale) and its filter attributes."""
    a, b = facts.claims[link.source], facts.claims[link.target]
    across = a.work != b.work
    lines: list[Field] = [("Origin", "来源", facts.pair(link.origin))]
    if across:
        (a_en, a_zh), (b_en, b_zh) = d.work_tag(a.work), d.work_tag(b.work)
        lines.append(("Between sources", "跨文献", (f"{a_en} → {b_en}", f"{a_zh} → {b_zh}")))
    if a.issue != b.issue and a.issue and b.issue:
        (a_en, a_zh), (b_en, b_zh) = facts.theme(a.issue), facts.theme(b.issue)
        lines.append(("Between issues", "跨期", (f"{a_en} → {b_en}", f"{a_zh} → {b_zh}")))
    lines += [
        ("From", "起点", d.label(link.source)), ("It says", "原文", (a.statement, a.quote)),
        ("To", "终点", d.label(link.target)), ("It says", "原文", (b.statement, b.quote)),
    ]
    if link.rationale:
        lines.append(("Rationale", "理由", link.rationale))
    attrs = {"origin": ORIGINS.get(link.origin, "stated"), "across": across, "disagree": disagrees(link.relation, across), "link": link.node}
    return lines, attrs


def holder_options(facts: Facts) -> list[dict[str, object]]:
    """The holder filter: each kind of holder, then each reported actor."""
    counts: dict[str, int] = defaultdict(int)
    for claim in facts.claims.values():
        counts[claim.holder] += 1
        if claim.holder == "reported":
            for actor in claim.holders:
                counts["actor:" + actor] += 1
    options: list[dict[str, object]] = []
    for iri, key in HOLDERS.items():
        if counts.get(key):
            en, zh = facts.pair(iri)
            options.append({"key": key, "en": en, "zh": zh, "count": counts[key]})
    for key in sorted(k for k in counts if k.startswith("actor:")):
        en, zh = facts.pair(key.removeprefix("actor:"))
        options.append({"key": key, "en": f"{en} (a reported view)", "zh": f"{zh}（被转述的观点）", "count": counts[key]})
    return options


def issue_options(facts: Facts) -> list[dict[str, object]]:
    """The issue filter: each digest issue with claims, in series order, with its theme and claim count."""
    counts: dict[str | None, int] = defaultdict(int)
    for claim in facts.claims.values():
        counts[claim.issue] += 1
    return [{"iri": i.iri, "en": i.en, "zh": i.zh, "count": counts[i.iri]} for i in facts.issues.values() if counts.get(i.iri)]


def origin_options(facts: Facts) -> list[dict[str, object]]:
    counts: dict[str, int] = defaultdict(int)
    for link in facts.argument_links.values():
        counts[ORIGINS.get(link.origin, "stated")] += 1
    return [{"key": key, "en": facts.pair(iri)[0], "zh": facts.pair(iri)[1], "count": counts[key]} for iri, key in ORIGINS.items() if counts.get(key)]


def box_height(labels: tuple[str, ...]) -> float:
    lines = max(placement.box_lines(t, BOX_WIDTH - 12, BOX_FONT) for t in labels)
    return lines * BOX_FONT * 1.3 + 12


def columns(view: View) -> dict[str, tuple[float, float]]:
    """Claims in columns per source, in passage order; sources left to right; what claims are about in rows below."""
    graph = view.graph
    works = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == "work"), key=lambda n: (graph.nodes[n].get("cluster", 0), n))
    claims: dict[int, list[str]] = defaultdict(list)
    for n, d in sorted(graph.nodes(data=True)):
        if d["kind"] == "claim":
            claims[int(d.get("cluster", len(works)))].append(n)
    height = {n: box_height((graph.nodes[n]["label_en"], graph.nodes[n]["label_zh"])) for ns in claims.values() for n in ns}
    for ns in claims.values():
        ns.sort(key=lambda n: (graph.nodes[n].get("order", 0), n))

    def chunks(rows: int) -> list[list[list[str]]]:
        """Each source's claims in as few columns of at most ``rows`` as it needs, balanced."""
        out = []
        for _, ns in sorted(claims.items()):
            count = -(-len(ns) // rows)
            per = -(-len(ns) // count)
            out.append([ns[i : i + per] for i in range(0, len(ns), per)])
        return out

    def size(rows: int) -> tuple[float, float]:
        parts = chunks(rows)
        cols = sum(len(p) for p in parts)
        tallest = max((sum(height[n] + GAP_Y for n in col) for p in parts for col in p), default=0.0)
        return cols * (BOX_WIDTH + GAP_X) + len(parts) * WORK_GAP, tallest + 60

    longest = max((len(ns) for ns in claims.values()), default=1)
    rows = max(range(1, longest + 1), key=lambda r: (min(placement.CANVAS[0] / size(r)[0], placement.CANVAS[1] / size(r)[1]), r))
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for index, part in zip(sorted(claims), chunks(rows), strict=True):
        first = x
        for col in part:
            y = 60.0
            for n in col:
                pos[n] = (x + BOX_WIDTH / 2, y + height[n] / 2)
                y += height[n] + GAP_Y
            x += BOX_WIDTH + GAP_X
        if index < len(works):
            pos[works[index]] = ((first + x - GAP_X) / 2, 10.0)
        x += WORK_GAP
    others = sorted((n for n in graph if n not in pos), key=lambda n: (graph.nodes[n]["kind"], graph.nodes[n]["label_en"].casefold(), n))
    boxes = {n: placement.label_box((graph.nodes[n]["label_en"], graph.nodes[n]["label_zh"]), 12.0) for n in others}
    bottom = max((p[1] + height.get(n, 0) / 2 for n, p in pos.items()), default=0.0)
    pos.update(placement.grid(others, boxes, 0.0, bottom + 120.0, max(x - WORK_GAP - GAP_X, 800.0)))
    return pos
