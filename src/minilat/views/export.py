"""Exports for other tools: centrality.csv, and GraphML and GEXF (for Gephi) of each view graph."""

from __future__ import annotations

import csv
import io
import re

import networkx as nx

from minilat.views import style
from minilat.views.analysis import Metrics
from minilat.views.view import View

CSV_COLUMNS = ("view", "iri", "kind", "category", "label_en", "label_zh", "degree", "betweenness", "eigenvector", "community")


def centrality_csv(rows: list[tuple[View, dict[str, Metrics]]]) -> str:
    """One row per node of every view: degree, betweenness, eigenvector centrality and community (1-based)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for view, metrics in rows:
        for node in sorted(view.graph.nodes, key=lambda n: (view.graph.nodes[n]["kind"], n)):
            data = view.graph.nodes[node]
            m = metrics[node]
            writer.writerow((view.name, node, data["kind"], data["category"], data["label_en"], data["label_zh"],
                             m.degree, f"{m.betweenness:.5f}", f"{m.eigenvector:.5f}", m.community + 1))
    return out.getvalue()


def rgb(color: str) -> dict[str, int | float]:
    value = color.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16), "a": 1.0}


def plain(view: View, pos: dict[str, tuple[int, int]], metrics: dict[str, Metrics], viz: bool) -> nx.MultiDiGraph:
    """The view graph with scalar attributes only (what GraphML and GEXF can hold)."""
    g = nx.MultiDiGraph(name=view.title[0])
    for node in sorted(view.graph.nodes):
        data = view.graph.nodes[node]
        m = metrics[node]
        attrs: dict[str, object] = {
            "label": data["label_en"], "label_zh": data["label_zh"], "kind": data["kind"], "category": data["category"],
            "degree": m.degree, "betweenness": m.betweenness, "eigenvector": m.eigenvector, "community": m.community + 1,
            "x": float(pos[node][0]), "y": float(pos[node][1]),
        }
        if viz:
            node_style = style.NODES.get(data["category"], style.NODES["claim"])
            attrs["viz"] = {"color": rgb(node_style.color), "position": {"x": float(pos[node][0]), "y": float(-pos[node][1]), "z": 0.0},
                            "size": float(6 + m.degree)}
        g.add_node(node, **attrs)
    for u, v, key, data in sorted(view.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        g.add_edge(u, v, key=key, relation=data["relation"], label=data["label_en"], label_zh=data["label_zh"], weight=float(data["weight"]))
    return g


def graphml(view: View, pos: dict[str, tuple[int, int]], metrics: dict[str, Metrics]) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(plain(view, pos, metrics, viz=False), out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return out.getvalue()


def gexf(view: View, pos: dict[str, tuple[int, int]], metrics: dict[str, Metrics]) -> bytes:
    """GEXF 1.2 with colours, positions and sizes; the writer's date stamp is removed for stable output."""
    out = io.BytesIO()
    nx.write_gexf(plain(view, pos, metrics, viz=True), out, encoding="utf-8", prettyprint=True, version="1.2draft")
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", out.getvalue())
