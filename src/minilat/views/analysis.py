"""Layouts, centrality and communities for the view graphs (networkx, seeded, deterministic)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np

from minilat.views import placement
from minilat.views.argument import columns
from minilat.views.view import View

SEED = 20240601
#: Pixel scale of the layouts: about this many pixels between neighbouring nodes.
SPACING = 70.0


@dataclass(frozen=True)
class Metrics:
    degree: int
    betweenness: float
    eigenvector: float
    community: int


def simple(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph under a view: one edge per pair, weight = the heaviest link."""
    g = nx.Graph()
    g.add_nodes_from(sorted(graph.nodes))
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("relation")))):
        if u == v:
            continue
        weight = float(data.get("weight", 1.0))
        if not g.has_edge(u, v) or g[u][v]["weight"] < weight:
            g.add_edge(u, v, weight=weight)
    return g


def eigenvector(g: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality (networkx's power iteration); zero where it cannot converge."""
    if g.number_of_edges() == 0:
        return {n: 0.0 for n in g}
    try:
        return nx.eigenvector_centrality(g, max_iter=5000, tol=1e-8, weight="weight")
    except nx.PowerIterationFailedConvergence:
        return {n: 0.0 for n in g}


def communities(g: nx.Graph) -> dict[str, int]:
    """Louvain communities (seeded), numbered largest first."""
    if g.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(g.nodes))}
    parts = nx.community.louvain_communities(g, weight="weight", seed=SEED)
    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    return {node: index for index, part in enumerate(ordered) for node in part}


def metrics(view: View, exact_limit: int = 1500) -> dict[str, Metrics]:
    """Degree, betweenness (sampled above ``exact_limit`` nodes), eigenvector centrality and community."""
    g = simple(view.graph)
    k = None if len(g) <= exact_limit else min(len(g), 100)
    betweenness = nx.betweenness_centrality(g, k=k, seed=SEED if k else None, normalized=True)
    eig = eigenvector(g)
    comm = communities(g)
    return {
        n: Metrics(int(g.degree(n)), round(betweenness[n], 5), round(eig.get(n, 0.0), 5), comm[n])
        for n in sorted(g.nodes)
    }


def induced(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on ``nodes`` with sorted insertion order (networkx's subgraph views follow set order)."""
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(sorted(keep))
    sub.add_edges_from(sorted((u, v, d) for u, v, d in g.edges(data=True) if u in keep and v in keep))
    return sub


def spring(g: nx.Graph, edge_length: float = SPACING * 1.4) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold positions (seeded), scaled so the median edge is ``edge_length`` pixels.

    networkx's force method below 500 nodes; above, the same forces in blocked numpy (networkx's
    energy method takes minutes at 5,000 nodes).
    """
    if len(g) == 1:
        return {next(iter(g)): (0.0, 0.0)}
    k = 1.4 / math.sqrt(len(g))
    if len(g) < 500:
        pos = nx.spring_layout(g, seed=SEED, iterations=200, weight=None, k=k, method="force")
    else:
        pos = fruchterman_reingold(g, k)
    lengths = sorted(math.dist(pos[u], pos[v]) for u, v in g.edges)
    median = lengths[len(lengths) // 2] if lengths else 1.0
    scale = max(edge_length / max(median, 1e-6), SPACING / max(nearest(pos), 1e-6))
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}


def fruchterman_reingold(g: nx.Graph, k: float, block: int = 500) -> dict[str, np.ndarray]:
    """Fruchterman–Reingold (repulsion k²/d, attraction d²/k, linear cooling) from seeded random positions."""
    nodes = sorted(g)
    index = {n: i for i, n in enumerate(nodes)}
    iterations = 50 if len(nodes) <= 2000 else 30
    start = np.random.RandomState(SEED).rand(len(nodes), 2)
    x, y = start[:, 0].copy(), start[:, 1].copy()
    edges = np.array(sorted((index[u], index[v]) for u, v in g.edges if u != v), dtype=int).reshape(-1, 2)
    step = 0.1
    for _ in range(iterations):
        fx, fy = np.zeros_like(x), np.zeros_like(y)
        for lo in range(0, len(nodes), block):
            dx = x[lo : lo + block, None] - x[None, :]
            dy = y[lo : lo + block, None] - y[None, :]
            push = k * k / np.maximum(dx * dx + dy * dy, 1e-9)
            fx[lo : lo + block] = (dx * push).sum(axis=1)
            fy[lo : lo + block] = (dy * push).sum(axis=1)
        if len(edges):
            dx = x[edges[:, 0]] - x[edges[:, 1]]
            dy = y[edges[:, 0]] - y[edges[:, 1]]
            pull = np.sqrt(dx * dx + dy * dy) / k
            np.add.at(fx, edges[:, 0], -dx * pull)
            np.add.at(fx, edges[:, 1], dx * pull)
            np.add.at(fy, edges[:, 0], -dy * pull)
            np.add.at(fy, edges[:, 1], dy * pull)
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        move = np.minimum(length, step) / length
        x += fx * move
        y += fy * move
        step -= 0.1 / (iterations + 1)
    return {n: np.array((x[i], y[i])) for i, n in enumerate(nodes)}


def nearest(pos: dict[str, np.ndarray]) -> float:
    """Median distance from a node to its nearest neighbour in the layout (sampled on big graphs)."""
    points = np.array([pos[n] for n in sorted(pos)], dtype=float)
    sample = points[:: max(1, len(points) // 1000)]
    dist = np.sqrt(((sample[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    dist[dist == 0] = np.inf
    return float(np.median(dist.min(axis=1)))


def packed(g: nx.Graph, pad: float = SPACING * 1.5) -> dict[str, tuple[float, float]]:
    """Each connected component laid out on its own, then the components packed in rows, largest first."""
    parts = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for part in parts:
        local = spring(induced(g, part))
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        boxes.append((local, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + pad) * (h + pad) for _, _, _, w, h in boxes)
    limit = max(max((w for *_, w, _ in boxes), default=0.0), math.sqrt(area) * 1.2)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for local, left, top, w, h in boxes:
        if x > 0 and x + w > limit:
            x, y, row = 0.0, y + row + pad, 0.0
        for node, (px, py) in local.items():
            pos[node] = (x + px - left, y + py - top)
        x += w + pad
        row = max(row, h)
    return pos


def radius(kind: str, values: tuple[float, ...], tops: tuple[float, ...]) -> float:
    """The largest radius a node takes under any "size by" metric (placement.node_size)."""
    return max((placement.node_size(v, t, kind) for v, t in zip(values, tops, strict=True)), default=7.0)


def labelled(view: View, metrics: dict[str, Metrics]) -> tuple[dict[str, tuple[float, float]], list[dict[str, object]]]:
    """Spring positions, then labels pushed apart and isolated nodes grouped with a caption."""
    g = simple(view.graph)
    tops = tuple(max((getattr(m, k) for m in metrics.values()), default=0.0) for k in ("degree", "betweenness", "eigenvector"))
    boxes = {
        n: placement.label_box((d["label_en"], d["label_zh"]),
                               radius(d["kind"], tuple(getattr(metrics[n], k) for k in ("degree", "betweenness", "eigenvector")), tops))
        for n, d in view.graph.nodes(data=True)
    }
    linked = [n for n in g if g.degree(n) > 0]
    initial = packed(induced(g, linked)) if linked else {}
    return placement.apart(g, initial, boxes, view.isolated_caption)


def arrange(view: View, measured: dict[str, Metrics] | None = None) -> tuple[dict[str, tuple[int, int]], list[dict[str, object]]]:
    """Pixel positions for a view, centred on 0 (integers, so output is stable across platforms), and groups to frame."""
    groups: list[dict[str, object]] = []
    if view.layout == "labels":
        found, groups = labelled(view, measured if measured is not None else metrics(view))
    elif view.layout == "columns":
        found = columns(view)
    else:
        found = packed(simple(view.graph))
    if not found:
        return {}, groups
    xs = [p[0] for p in found.values()]
    ys = [p[1] for p in found.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    for group in groups:
        group["x"], group["y"] = round(float(group["x"]) - cx), round(float(group["y"]) - cy)  # type: ignore[arg-type]
    return {n: (round(x - cx), round(y - cy)) for n, (x, y) in sorted(found.items())}, groups


def layout(view: View) -> dict[str, tuple[int, int]]:
    """Pixel positions for a view, centred on 0."""
    return arrange(view)[0]
