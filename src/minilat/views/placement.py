"""Label-aware placement: no two labels overlap, the drawing has the canvas's shape, isolated nodes apart.

vis-network draws a dot's or diamond's label centred below it, in canvas units that scale with
the zoom, so two labels that do not overlap in the layout never overlap at any zoom. Text widths
are estimated per character (CJK full width, Latin by class) with a margin, for the wider of the
English and Chinese label, so either language fits.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import networkx as nx
import numpy as np

#: The network canvas at 1440×900 (the side panel is 360 px, the header about 45 px).
CANVAS = (1080.0, 850.0)
ASPECT = CANVAS[0] / CANVAS[1]
FONT = 14.0
PAD = 6.0


def node_size(value: float, top: float, kind: str) -> float:
    """Node radius from a metric: 7–25 px (claims 5–23), square-root scaled. (page.js uses the same formula.)"""
    base = 5.0 if kind == "claim" else 7.0
    return round(base + 18.0 * math.sqrt(value / top), 2) if top > 0 else base


def char_width(char: str) -> float:
    """Width of a character in ems, on the generous side for the sans-serif fonts Chromium picks."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char == " ":
        return 0.34
    if char.isupper() or char in "mwMW@%&":
        return 0.78
    if char.isdigit():
        return 0.66
    if char.isalpha():
        return 0.6
    return 0.42


def text_width(text: str, size: float = FONT) -> float:
    return sum(char_width(c) for c in text) * size


@dataclass(frozen=True)
class Box:
    """A node and its label below it, relative to the node's centre."""

    half_width: float
    top: float  # distance above the centre
    bottom: float  # distance below the centre


def label_box(labels: tuple[str, ...], radius: float, font: float = FONT) -> Box:
    width = max((text_width(t, font) for t in labels), default=0.0)
    return Box(max(width / 2, radius) + PAD, radius + PAD, radius + 4 + 1.35 * font + PAD)


def separate(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], rounds: int = 400) -> dict[str, tuple[float, float]]:
    """Push overlapping boxes apart along the axis of least overlap until none overlap (deterministic)."""
    nodes = sorted(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    hw = np.array([boxes[n].half_width for n in nodes])
    top = np.array([boxes[n].top for n in nodes])
    bottom = np.array([boxes[n].bottom for n in nodes])
    order = np.arange(len(nodes))
    for _ in range(rounds):
        dx = xy[:, None, 0] - xy[None, :, 0]
        dy = xy[:, None, 1] - xy[None, :, 1]
        over_x = hw[:, None] + hw[None, :] - np.abs(dx)
        # i below j (dy > 0): i's top against j's bottom; else i's bottom against j's top
        over_y = np.where(dy > 0, top[:, None] + bottom[None, :], bottom[:, None] + top[None, :]) - np.abs(dy)
        clash = (over_x > 0) & (over_y > 0) & (order[:, None] != order[None, :])
        if not clash.any():
            break
        along_x = over_x < over_y * 1.6  # labels are wide: prefer moving sideways a little less
        sign_x = np.where(dx == 0, np.where(order[:, None] < order[None, :], -1.0, 1.0), np.sign(dx))
        sign_y = np.where(dy == 0, np.where(order[:, None] < order[None, :], -1.0, 1.0), np.sign(dy))
        push_x = np.where(clash & along_x, sign_x * (over_x / 2 + 0.5), 0.0).sum(axis=1)
        push_y = np.where(clash & ~along_x, sign_y * (over_y / 2 + 0.5), 0.0).sum(axis=1)
        xy[:, 0] += np.clip(push_x, -60, 60)
        xy[:, 1] += np.clip(push_y, -60, 60)
    return {n: (float(xy[i, 0]), float(xy[i, 1])) for i, n in enumerate(nodes)}


def extent(pos: dict[str, tuple[float, float]], boxes: dict[str, Box]) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of the boxes."""
    return (
        min(pos[n][0] - boxes[n].half_width for n in pos), min(pos[n][1] - boxes[n].top for n in pos),
        max(pos[n][0] + boxes[n].half_width for n in pos), max(pos[n][1] + boxes[n].bottom for n in pos),
    )


def upright(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions rotated so their principal axis is horizontal (a long chain then runs across the canvas)."""
    nodes = sorted(pos)
    points = np.array([pos[n] for n in nodes], dtype=float)
    if len(points) < 3:
        return dict(pos)
    points -= points.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(points.T))
    axis = vectors[:, -1] * (1 if vectors[np.argmax(np.abs(vectors[:, -1])), -1] > 0 else -1)
    across = np.array([-axis[1], axis[0]])
    turned = np.column_stack((points @ axis, points @ across))
    return {n: (float(turned[i, 0]), float(turned[i, 1])) for i, n in enumerate(nodes)}


def stretch(pos: dict[str, tuple[float, float]], width: float, height: float) -> dict[str, tuple[float, float]]:
    """Positions scaled (separately along x and y) to span ``width`` × ``height`` from (0, 0)."""
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    sx, sy = width / max(max(xs) - min(xs), 1e-6), height / max(max(ys) - min(ys), 1e-6)
    return {n: ((x - min(xs)) * sx, (y - min(ys)) * sy) for n, (x, y) in pos.items()}


def grid(nodes: list[str], boxes: dict[str, Box], left: float, top: float, width: float) -> dict[str, tuple[float, float]]:
    """Nodes in rows from (left, top), wrapping at ``width``."""
    pos: dict[str, tuple[float, float]] = {}
    x, y, row = left, top, 0.0
    for n in nodes:
        b = boxes[n]
        if x > left and x + 2 * b.half_width > left + width:
            x, y, row = left, y + row, 0.0
        pos[n] = (x + b.half_width, y + b.top)
        x += 2 * b.half_width
        row = max(row, b.top + b.bottom)
    return pos


def apart(graph: nx.Graph, initial: dict[str, tuple[float, float]], boxes: dict[str, Box],
          caption: tuple[str, str]) -> tuple[dict[str, tuple[float, float]], list[dict[str, object]]]:
    """The connected nodes stretched to the canvas's shape with no label overlapping, isolated ones in a captioned group.

    Returns the positions and the groups to draw (a frame and caption around the isolated nodes).
    """
    lonely = sorted((n for n in graph if graph.degree(n) == 0), key=lambda n: (boxes[n].half_width, n))
    linked = {n: initial[n] for n in graph if n not in lonely}
    side = max(2 * max((boxes[n].half_width for n in lonely), default=0.0), max(text_width(c, 13.0) for c in caption) + 2 * PAD) + 4 * PAD
    groups: list[dict[str, object]] = []
    if not linked:
        return grid(lonely, boxes, 0.0, 0.0, CANVAS[0]), groups
    area = 3.5 * sum((2 * b.half_width) * (b.top + b.bottom) for b in boxes.values())
    width = max(math.sqrt(area * ASPECT), CANVAS[0] * 1.1)
    pos = separate(stretch(upright(linked), width - side, width / ASPECT), boxes)
    left, top, right, bottom = extent(pos, boxes)
    if lonely:
        column = grid(lonely, boxes, right + 3 * PAD, top + 2 * FONT + 2 * PAD, side - 4 * PAD)
        pos.update(column)
        l2, t2, r2, b2 = extent(column, boxes)
        groups.append({"x": round(l2 - PAD), "y": round(top), "w": round(r2 - l2 + 2 * PAD), "h": round(b2 - top + PAD),
                       "en": caption[0], "zh": caption[1]})
    return pos, groups


def box_lines(text: str, width: float, font: float) -> int:
    """Lines a box of ``width`` needs for ``text`` (vis-network wraps at spaces, CJK anywhere)."""
    lines, current = 1, 0.0
    for word in text.replace("：", "： ").split(" "):
        w = text_width(word, font)
        gap = text_width(" ", font) if current else 0.0
        if current + gap + w <= width:
            current += gap + w
            continue
        if w <= width:
            lines, current = lines + (1 if current else 0), w
            continue
        for char in word:  # a CJK run (or a very long word) breaks anywhere
            cw = text_width(char, font)
            if current + cw > width:
                lines, current = lines + 1, 0.0
            current += cw
    return lines
