"""Interactive views of the graph: built by SPARQL through Store, laid out and analysed with networkx,
drawn with vis-network (data built with pyvis), written as self-contained offline HTML.

``write_views(store, out)`` writes ``index.html``, one page per view, ``centrality.csv`` and
GraphML and GEXF exports of each view graph. Same graph, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from minilat.pipeline.release import write_atomic
from minilat.store import Store
from minilat.views import analysis, export, facts, network, render, timeline
from minilat.views.analysis import Metrics
from minilat.views.view import View

__all__ = ["Built", "build_views", "write_built", "write_views", "View"]


@dataclass
class Built:
    """A view with its layout and analysis."""

    view: View
    positions: dict[str, tuple[int, int]]
    metrics: dict[str, Metrics]
    groups: list[dict[str, object]] = field(default_factory=list)

    @property
    def file(self) -> str:
        return f"{self.view.name}.html"


def build_views(store: Store) -> tuple[facts.Facts, list[Built]]:
    """Query, build, lay out and analyse every view (nothing is written)."""
    found = facts.load(store)
    built = []
    for view in network.build(found):
        measured = analysis.metrics(view)
        positions, groups = analysis.arrange(view, measured)
        built.append(Built(view, positions, measured, groups))
    return found, built


def top_rows(built: Built, count: int = 3) -> list[dict[str, object]]:
    """The most central states, mechanisms and concepts of a view, by betweenness."""
    graph = built.view.graph
    pool = [n for n in graph.nodes if graph.nodes[n]["kind"] in ("state", "mechanism", "concept")]
    ranked = sorted(pool, key=lambda n: (-built.metrics[n].betweenness, n))[:count]
    return [
        {"label_en": graph.nodes[n]["label_en"], "label_zh": graph.nodes[n]["label_zh"], "degree": built.metrics[n].degree,
         "betweenness": f"{built.metrics[n].betweenness:.3f}", "eigenvector": f"{built.metrics[n].eigenvector:.3f}",
         "community": built.metrics[n].community + 1}
        for n in ranked
    ]


def write_views(store: Store, out: Path) -> dict[str, Path]:
    """Write every view, the index and the exports into ``out``; returns the files by name."""
    return write_built(*build_views(store), out)


def write_built(found: facts.Facts, built: list[Built], out: Path) -> dict[str, Path]:
    """Write views already built (see ``build_views``)."""
    works = list(found.works)
    labels = {w: found.heading(w) for w in works}  # the theme too when there are several
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    for b in built:
        files[b.file] = render.page(b.view, b.positions, b.metrics, works, labels, b.groups, found).encode("utf-8")
        files[f"{b.view.name}.graphml"] = export.graphml(b.view, b.positions, b.metrics)
        files[f"{b.view.name}.gexf"] = export.gexf(b.view, b.positions, b.metrics)
    files["centrality.csv"] = export.centrality_csv([(b.view, b.metrics) for b in built]).encode("utf-8")
    entries = [
        {"file": b.file, "title": b.view.title, "description": b.view.description,
         "nodes": b.view.graph.number_of_nodes(), "edges": b.view.graph.number_of_edges(), "top": top_rows(b)}
        for b in built
    ]
    line = timeline.build(found)
    files[timeline.FILE] = timeline.page(line).encode("utf-8")
    entries.insert(2, {"file": timeline.FILE, "title": timeline.TITLE, "description": timeline.DESCRIPTION,
                       "count": (len(line.events), len(line.periods)), "top": []})
    legends = [render.legend(b.view, works, labels) for b in built]
    legend_nodes = list({item["key"]: item for lg in legends for item in lg["nodes"]}.values())
    legend_edges = list({item["key"]: item for lg in legends for item in lg["edges"]}.values())
    downloads = [{"file": "centrality.csv", "en": "degree, betweenness, eigenvector centrality and community of every node of every view",
                  "zh": "各视图全部节点的度、中介中心性、特征向量中心性与社群"}]
    for b in built:
        for ext, tool in (("graphml", "GraphML"), ("gexf", "GEXF (Gephi)")):
            downloads.append({"file": f"{b.view.name}.{ext}", "en": f"{b.view.title[0]}, {tool}", "zh": f"{b.view.title[1]}，{tool}"})
    files["index.html"] = render.index(entries, legend_nodes, legend_edges, downloads).encode("utf-8")
    written: dict[str, Path] = {}
    for name, content in sorted(files.items()):
        path = out / name
        write_atomic(path, content)
        written[name] = path
    return written
