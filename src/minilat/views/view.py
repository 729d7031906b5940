"""A view: its graph, its texts and how to lay it out (built by :mod:`minilat.views.network`,
laid out by :mod:`minilat.views.argument` and :mod:`minilat.views.placement`, drawn by
:mod:`minilat.views.render`)."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass
class View:
    """One view: its graph, its texts and how to lay it out."""

    name: str
    title: tuple[str, str]
    description: tuple[str, str]
    graph: nx.MultiDiGraph
    layout: str = "spring"
    color_by: str = "type"
    #: The caption of the frame around nodes without any edge (label-aware layouts).
    isolated_caption: tuple[str, str] = ("Not linked in this view", "本视图中无连线")
    #: Relations hidden until the user switches them on.
    hidden: tuple[str, ...] = ()
