"""HTML for the views: pyvis builds the vis-network node and edge data, our own template writes the page.

pyvis's own templates load Bootstrap and vis-network from CDNs, so only its data model is used.
The page inlines the vendored vis-network build, its CSS and script; graph text is embedded as
JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and the
page's script shows it with ``textContent`` only. Output is byte-identical for the same graph.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup
from pyvis.network import Network

from minilat.errors import UserError
from minilat.ids import BASE
from minilat.views import argument, placement, style
from minilat.views.analysis import Metrics
from minilat.views.facts import Facts
from minilat.views.view import View

PACKAGE = Path(__file__).resolve().parents[1]
VIS_JS = PACKAGE / "static" / "vendor" / "vis-network.min.js"
TEMPLATES = PACKAGE / "templates" / "views"
FONT = "system-ui, 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
FONTS: dict[str, dict[str, object]] = {"claim": {"size": 11}, "work": {"size": 22, "color": "#ffffff", "strokeWidth": 0}}
METRICS = ("degree", "betweenness", "eigenvector")
#: Node attributes the page needs beyond vis-network's drawing options.
NODE_EXTRAS = ("work", "issue", "holder", "actors", "passage")


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


def template_text(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def claim_colors(view: View, works: list[str]) -> dict[str, str]:
    return {w: style.WORK_COLORS[i % len(style.WORK_COLORS)] for i, w in enumerate(works)}


def tint(color: str, share: float = 0.16) -> str:
    """``color`` mixed into white (a box's background)."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


def boxed(view: View) -> bool:
    return view.layout == "columns"


def node_look(view: View, kind: str, color: str, holder: object) -> dict[str, object]:
    """A claim of the argument map is a box holding its label (dashed when the view is a reported one)."""
    if not (boxed(view) and kind == "claim"):
        return {"color": color, "font": FONTS.get(kind, {"size": 14})}
    return {
        "shape": style.CLAIM_BOX, "color": {"background": tint(color), "border": color, "highlight": {"background": tint(color, 0.35), "border": color}},
        "font": {"size": argument.BOX_FONT, "strokeWidth": 0}, "borderWidth": 2, "widthConstraint": {"minimum": argument.BOX_WIDTH, "maximum": argument.BOX_WIDTH},
        "shapeProperties": {"borderDashes": [6, 3] if holder == "reported" else False, "borderRadius": 4},
    }


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
        look = node_look(view, kind, color, data.get("holder"))
        extras = {k: data[k] for k in NODE_EXTRAS if k in data}
        shape = look.pop("shape", node_style.shape)
        net.add_node(
            node, label=data["label_zh"], shape=shape,
            x=x, y=y, size=placement.node_size(m.degree, top, kind), kind=kind, category=data["category"],
            en=data["label_en"], zh=data["label_zh"], fields=data["fields"], search=data["search"],
            metrics=[m.degree, m.betweenness, m.eigenvector, m.community], typeColor=look["color"], **look, **extras,
        )
    edges = sorted(view.graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    for index, (u, v, _key, data) in enumerate(edges):
        weight = data.get("weight") if data["relation"] == "co-member" or data["relation"] == "co-claimed" else None
        extra: dict[str, object] = {k: data[k] for k in ("origin", "across", "disagree", "link") if data.get(k) is not None}
        if data.get("disagree"):
            extra["label"] = data["label_zh"]
            extra["font"] = {"size": 22, "color": style.edge_style(data["relation"]).color, "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"}
            extra["width"] = 3.5
        if boxed(view) and pos[u][0] == pos[v][0]:
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.45}
        net.add_edge(u, v, id=f"e{index}", relation=data["relation"], en=data["label_en"], zh=data["label_zh"], weight=data["weight"],
                     fields=data["fields"], hidden=data["relation"] in view.hidden, **{**style.vis_edge(data["relation"], weight), **extra})
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
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 1.0, "font": {"face": FONT}},
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
    shape = style.CLAIM_BOX if boxed(view) else style.CLAIM_SHAPE
    nodes += [
        {"key": w, "en": f"claim — {labels[w][0]}", "zh": f"论断 — {labels[w][1]}", "color": colors[w], "shape": shape}
        for w in works if w in claim_works
    ]
    if boxed(view) and any(d.get("holder") == "reported" for _, d in view.graph.nodes(data=True)):
        nodes.append({"key": "reported", "en": "dashed border: a view the source reports (not its own)", "zh": "虚线边框：出处转述的他人观点（非其本身观点）",
                      "color": "#ffffff", "shape": "box dashed"})
    edges = [
        {"key": key, "en": s.en, "zh": s.zh, "color": s.color, "dashes": list(s.dashes), "arrow": s.arrow, "hidden": key in view.hidden}
        for key, s in style.EDGES.items() if key in relations
    ]
    others = sorted(r for r in relations if r not in style.EDGES)
    if others:
        s = style.EDGES["other"]
        edges.append({"key": "other", "en": s.en, "zh": s.zh, "color": s.color, "dashes": [], "arrow": True, "hidden": False})
    return {"nodes": nodes, "edges": edges}


def kinds(view: View) -> list[dict[str, object]]:
    counts: dict[str, int] = {}
    for _, data in view.graph.nodes(data=True):
        counts[data["kind"]] = counts.get(data["kind"], 0) + 1
    return [{"kind": k, "en": style.KIND_NAMES[k][0], "zh": style.KIND_NAMES[k][1], "count": counts[k]} for k in sorted(counts)]


def communities(view: View, metrics: dict[str, Metrics], top: int = 3) -> list[dict[str, object]]:
    """Each community with its size and its best-connected members' names (the legend in colour-by-community mode)."""
    groups: dict[int, list[str]] = {}
    for node, m in metrics.items():
        groups.setdefault(m.community, []).append(node)
    out = []
    for index, members in sorted(groups.items()):
        ranked = sorted(members, key=lambda n: (-metrics[n].degree, view.graph.nodes[n]["label_en"].casefold(), n))[:top]
        more = "…" if len(members) > top else ""
        out.append({"index": index, "size": len(members), "color": style.COMMUNITY_COLORS[index % len(style.COMMUNITY_COLORS)],
                    "en": ", ".join(view.graph.nodes[n]["label_en"] for n in ranked) + more,
                    "zh": "、".join(view.graph.nodes[n]["label_zh"] for n in ranked) + more})
    return out


def argument_panel(view: View, edges: list[dict], works: list[str], labels: dict[str, tuple[str, str]], facts: Facts | None) -> dict[str, object] | None:
    """The argument map's filters and its list of disagreements."""
    if not boxed(view) or facts is None:
        return None
    colors = claim_colors(view, works)
    counts = {w: sum(1 for _, d in view.graph.nodes(data=True) if d["kind"] == "claim" and d.get("work") == w) for w in works}
    disagreements = []
    for e in edges:
        if e.get("disagree"):
            link = facts.argument_links[(e["from"], e["relation"], e["to"])]
            disagreements.append({"edge": e["id"], "from": e["from"], "to": e["to"], "relation": [e["en"], e["zh"]],
                                  "rationale": list(link.rationale) if link.rationale else None, "origin": list(facts.pair(link.origin))})
    return {
        "works": [{"iri": w, "en": labels[w][0], "zh": labels[w][1], "color": colors[w], "count": counts[w]} for w in works if counts[w]],
        "issues": argument.issue_options(facts),
        "holders": argument.holder_options(facts),
        "origins": argument.origin_options(facts),
        "chain": list(argument.CHAIN),
        "relations": list(argument.ARGUMENT),
        "disagreements": disagreements,
    }


def page(view: View, pos: dict[str, tuple[int, int]], metrics: dict[str, Metrics], works: list[str], labels: dict[str, tuple[str, str]],
         groups: list[dict[str, object]] | None = None, facts: Facts | None = None) -> str:
    """The whole self-contained HTML page of a view."""
    nodes, edges = vis_data(view, pos, metrics, works)
    panel = argument_panel(view, edges, works, labels, facts)
    data = {
        "view": {"name": view.name, "title": list(view.title), "description": list(view.description), "colorBy": view.color_by},
        "nodes": nodes, "edges": edges, "options": options(len(nodes)),
        "legend": legend(view, works, labels), "kinds": kinds(view),
        "legendKey": {r: r if r in style.EDGES else "other" for r in sorted({e["relation"] for e in edges})},
        "communityColors": list(style.COMMUNITY_COLORS), "communities": communities(view, metrics),
        "groups": groups or [], "base": BASE, "argument": panel,
    }
    env = environment()
    return env.get_template("page.html").render(
        view=view, node_count=len(nodes), edge_count=len(edges), data=script_json(data), argument=panel is not None,
        vis_js=inline_script(vis_source()),
        page_js=inline_script(template_text("page.js")),
        legend_js=inline_script(template_text("legend.js")),
        links_js=inline_script(template_text("links.js")),
        argument_js=inline_script(template_text("argument.js")) if panel is not None else "",
        page_css=Markup(template_text("page.css")),
    )


def index(entries: list[dict[str, object]], legend_nodes: list[dict], legend_edges: list[dict], downloads: list[dict[str, str]]) -> str:
    """index.html: the views with a short description each, a legend and the downloads."""
    return environment().get_template("index.html").render(
        entries=entries, legend_nodes=legend_nodes, legend_edges=legend_edges, downloads=downloads,
        page_css=Markup(template_text("page.css")), links_js=inline_script(template_text("links.js")),
    )
