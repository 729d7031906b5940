"""HTML for the views: pyvis builds the vis-network node and edge data, our own template writes the page.

pyvis's own templates load Bootstrap and vis-network from CDNs, so only its data model is used.
The page inlines the vendored vis-network build, its CSS and script; graph text is embedded as
JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and the
page's script shows it with ``textContent`` only. Output is byte-identical for the same graph.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from minilat.errors import UserError
from minilat.views import style
from minilat.views.analysis import Metrics
from minilat.views.network import View

PACKAGE = Path(__file__).resolve().parents[1]
VIS_JS = PACKAGE / "static" / "vendor" / "vis-network.min.js"
TEMPLATES = PACKAGE / "templates" / "views"
FONT = "system-ui, 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
FONTS: dict[str, dict[str, object]] = {"claim": {"size": 11}, "work": {"size": 22, "color": "#ffffff", "strokeWidth": 0}}
METRICS = ("degree", "betweenness", "eigenvector")


def script_json(data: object) -> Markup:
    """JSON safe inside a <script> element: no '<', '>', '&' or line separators in the text."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def inline_script(text: str) -> Markup:
    """A library's source, safe to put between <script> tags."""
    return Markup(text.replace("</script", "<\\/script").replace("<!--", "<\\!--"))


@cache
def vis_source() -> str:
    if not VIS_JS.is_file():
        raise UserError("vis-network is not vendored: run `make setup` (scripts/vendor-js.sh)", VIS_JS)
    return VIS_JS.read_text(encoding="utf-8")


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def node_size(value: float, top: float, kind: str) -> float:
    """Node radius from a metric: 7–25 px (claims 5–23), square-root scaled. (page.js uses the same formula.)"""
    base = 5.0 if kind == "claim" else 7.0
    return round(base + 18.0 * math.sqrt(value / top), 2) if top > 0 else base


def claim_colors(view: View, works: list[str]) -> dict[str, str]:
    return {w: style.WORK_COLORS[i % len(style.WORK_COLORS)] for i, w in enumerate(works)}


def vis_data(view: View, pos: dict[str, tuple[int, int]], metrics: dict[str, Metrics], works: list[str]) -> tuple[list[dict], list[dict]]:
    """Nodes and edges for vis-network, built with pyvis and sorted."""
    net = Network(directed=True)
    colors = claim_colors(view, works)
    top = max((m.degree for m in metrics.values()), default=0)
    for node in sorted(view.graph.nodes):
        data = view.graph.nodes[node]
        kind = data["kind"]
        node_style = style.NODES.get(data["category"], style.NODES["claim"])
        color = colors.get(str(data.get("work")), node_style.color) if kind == "claim" else node_style.color
        m = metrics[node]
        x, y = pos[node]
        net.add_node(
            node, label=data["label_zh"], shape=node_style.shape, color=color,
            x=x, y=y, size=node_size(m.degree, top, kind), kind=kind, category=data["category"],
            en=data["label_en"], zh=data["label_zh"], fields=data["fields"], search=data["search"],
            font=FONTS.get(kind, {"size": 14}), metrics=[m.degree, m.betweenness, m.eigenvector, m.community],
            typeColor=color,
        )
    edges = sorted(view.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for index, (u, v, _key, data) in enumerate(edges):
        weight = data.get("weight") if data["relation"] == "co-member" or data["relation"] == "co-claimed" else None
        net.add_edge(u, v, id=f"e{index}", relation=data["relation"], en=data["label_en"], zh=data["label_zh"], weight=data["weight"],
                     fields=data["fields"], **style.vis_edge(data["relation"], weight))
    return net.nodes, net.edges


def options(count: int) -> dict[str, object]:
    """vis-network options: positions are precomputed, so physics is off until the user turns it on."""
    large = count > 1500
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "physics": {
            "enabled": False, "solver": "forceAtlas2Based", "stabilization": {"enabled": False},
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "springConstant": 0.04, "avoidOverlap": 0.3},
        },
        "interaction": {"hover": True, "tooltipDelay": 80, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "multiselect": False},
        "nodes": {
            "borderWidth": 1.2,
            "font": {"face": FONT, "color": "#1b1b1b", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "shapeProperties": {"interpolation": False},
        },
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 1.0},
    }


def legend(view: View, works: list[str], labels: dict[str, tuple[str, str]]) -> dict[str, list[dict]]:
    """Legend entries for the node categories and edge relations present in the view."""
    categories = {d["category"] for _, d in view.graph.nodes(data=True)}
    relations = {d["relation"] for _, _, d in view.graph.edges(data=True)}
    claim_works = {str(d.get("work")) for _, d in view.graph.nodes(data=True) if d["kind"] == "claim"}
    nodes = [
        {"key": key, "en": s.en, "zh": s.zh, "color": s.color, "shape": s.shape}
        for key, s in style.NODES.items() if key in categories and not (key == "claim" and claim_works & set(works))
    ]
    colors = claim_colors(view, works)
    nodes += [
        {"key": w, "en": f"claim — {labels[w][0]}", "zh": f"论断 — {labels[w][1]}", "color": colors[w], "shape": style.CLAIM_SHAPE}
        for w in works if w in claim_works
    ]
    edges = [
        {"key": key, "en": s.en, "zh": s.zh, "color": s.color, "dashes": list(s.dashes), "arrow": s.arrow}
        for key, s in style.EDGES.items() if key in relations
    ]
    others = sorted(r for r in relations if r not in style.EDGES)
    if others:
        s = style.EDGES["other"]
        edges.append({"key": "other", "en": s.en, "zh": s.zh, "color": s.color, "dashes": [], "arrow": True})
    return {"nodes": nodes, "edges": edges}


def kinds(view: View) -> list[dict[str, object]]:
    counts: dict[str, int] = {}
    for _, data in view.graph.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    return [{"kind": k, "en": style.KIND_NAMES[k][0], "zh": style.KIND_NAMES[k][1], "count": counts[k]} for k in sorted(counts)]


def page(view: View, pos: dict[str, tuple[int, int]], metrics: dict[str, Metrics], works: list[str], labels: dict[str, tuple[str, str]]) -> str:
    """The whole self-contained HTML page of a view."""
    nodes, edges = vis_data(view, pos, metrics, works)
    data = {
        "view": {"name": view.name, "title": list(view.title), "description": list(view.description), "colorBy": view.color_by},
        "nodes": nodes, "edges": edges, "options": options(len(nodes)),
        "legend": legend(view, works, labels), "kinds": kinds(view),
        "legendKey": {r: r if r in style.EDGES else "other" for r in sorted({e["relation"] for e in edges})},
        "communityColors": list(style.COMMUNITY_COLORS),
    }
    env = environment()
    return env.get_template("page.html").render(
        view=view, node_count=len(nodes), edge_count=len(edges), data=script_json(data),
        vis_js=inline_script(vis_source()),
        page_js=inline_script((TEMPLATES / "page.js").read_text(encoding="utf-8")),
        page_css=Markup((TEMPLATES / "page.css").read_text(encoding="utf-8")),
    )


def index(entries: list[dict[str, object]], legend_nodes: list[dict], legend_edges: list[dict], downloads: list[dict[str, str]]) -> str:
    """index.html: the views with a short description each, a legend and the downloads."""
    return environment().get_template("index.html").render(
        entries=entries, legend_nodes=legend_nodes, legend_edges=legend_edges, downloads=downloads,
        page_css=Markup((TEMPLATES / "page.css").read_text(encoding="utf-8")),
    )
