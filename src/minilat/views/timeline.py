"""The timeline view: dated events and membership periods per mechanism, drawn as a static SVG.

One row per mechanism that has a dated event or a dated membership (events as markers, interval
events as bars, one sub-row per member state with its ``org:memberDuring`` periods), then one row
per dated event that involves no mechanism. What the digest states is filled; what comes from a
background source is hollow (events) or pale with a dashed outline (periods). Every shape links to
its entity page; the tables below give each date, its source and (for the digest) its passage.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from minilat.ids import BASE
from minilat.views import placement, style
from minilat.views.events import DatedEvent, Period, Span
from minilat.views.facts import Facts

FILE = "timeline.html"
TITLE = ("Timeline", "时间线")
DESCRIPTION = (
    "Dated events and membership periods per mechanism (founding, lapse, revival, the members' periods), "
    "then the dated events of the digest that involve no mechanism. "
    "Filled shapes are stated in the digest, hollow or pale ones come from background sources.",
    "各合作机制的大事（成立、中断、重启）与成员时段，其后为文摘中不涉及具体机制的其他事件。实心为文摘所述，空心或浅色为背景资料。",
)
MLO = style.MLO
WIDTH, LEFT, RIGHT = 1400.0, 250.0, 40.0
LANE, LINE_GAP, SUB_ROW, ROW_PAD, CAPTION = 15.0, 10.0, 17.0, 14.0, 11.0
COLORS = {"Founding": "#2ca02c", "Lapse": "#d62728", "Revival": "#1f77b4"}
SHAPES = {"Founding": "M0,-6.5L6.5,5L-6.5,5Z", "Lapse": "M-6.5,-5L6.5,-5L0,6.5Z", "Revival": "M0,-6A6,6 0 1,1 -0.01,-6Z"}
OTHER_SHAPE, OTHER_COLOR = "M0,-6.5L6.5,0L0,6.5L-6.5,0Z", "#8c564b"


@dataclass
class Row:
    key: str
    kind: str  # "mechanism" or "event"
    en: str
    zh: str
    top: float = 0.0
    height: float = 0.0
    line: float = 0.0
    marks: list[dict[str, object]] = field(default_factory=list)
    bars: list[dict[str, object]] = field(default_factory=list)
    captions: list[dict[str, object]] = field(default_factory=list)
    subrows: list[dict[str, object]] = field(default_factory=list)


@dataclass
class Timeline:
    rows: list[Row]
    events: list[DatedEvent]
    periods: list[Period]
    low: int
    high: int
    height: float
    ticks: list[dict[str, object]]
    labels: dict[str, tuple[str, str]]

    def x(self, year: float) -> float:
        return round(LEFT + (year - self.low) / (self.high - self.low) * (WIDTH - LEFT - RIGHT), 1)


def kind_of(event: DatedEvent) -> str:
    """Founding, Lapse, Revival, or the first other type's local name."""
    names = [t.removeprefix(MLO) for t in event.types]
    return next((n for n in ("Founding", "Lapse", "Revival") if n in names), names[0] if names else "Event")


def kind_name(labels: dict[str, tuple[str, str]], kind: str) -> tuple[str, str]:
    """A kind's (English, Chinese) name: its class's label, else the kind itself."""
    return labels.get(MLO + kind, (kind, kind))


def when(start: Span, end: Span | None) -> str:
    return start.text if end is None else f"{start.text}–{end.text}"


def lanes(items: list[tuple[float, float]]) -> list[int]:
    """Greedy lanes: each (left, right) extent goes in the first lane where it clears the last one."""
    ends: list[float] = []
    out = []
    for left, right in items:
        lane = next((i for i, end in enumerate(ends) if left >= end + 6), len(ends))
        if lane == len(ends):
            ends.append(right)
        else:
            ends[lane] = right
        out.append(lane)
    return out


def mark(line: Timeline, event: DatedEvent, y: float) -> tuple[dict, dict | None]:
    kind = kind_of(event)
    color = COLORS.get(kind, OTHER_COLOR)
    x = line.x(event.date.start)
    shape = {"iri": event.iri, "x": x, "y": y, "path": SHAPES.get(kind, OTHER_SHAPE), "color": color, "layer": event.layer,
             "title": tooltip(event, line.labels)}
    bar = None
    if event.until or event.date.end - event.date.start >= 5:
        end = event.until.end if event.until else event.date.end
        bar = {"iri": event.iri, "x": x, "y": y - 3, "w": round(line.x(end) - x, 1), "h": 6, "color": color, "layer": event.layer}
    return shape, bar


def tooltip(event: DatedEvent, labels: dict[str, tuple[str, str]]) -> tuple[str, str]:
    en, zh = labels.get(event.iri, (event.iri, event.iri))
    types = [labels.get(t, (t, t)) for t in event.types]
    involved = [labels.get(i, (i, i)) for i in event.involved]
    source_en = "stated in the digest" if event.layer == "digest" else f"background source: {event.reference or ''}"
    source_zh = "文摘所述" if event.layer == "digest" else f"背景资料：{event.reference or ''}"
    return (
        f"{en}\n{when(event.date, event.until)} · {', '.join(t[0] for t in types)}\n{', '.join(i[0] for i in involved)}\n{source_en}",
        f"{zh}\n{when(event.date, event.until)} · {'、'.join(t[1] for t in types)}\n{'、'.join(i[1] for i in involved)}\n{source_zh}",
    )


def place_captions(line: Timeline, row: Row, items: list[tuple[float, tuple[str, str], str]]) -> int:
    """Captions above the row's line, in lanes so none overlaps; returns the number of lanes."""
    extents = []
    for x, (en, zh), _ in items:
        width = max(placement.text_width(en, CAPTION), placement.text_width(zh, CAPTION))
        left = min(max(x - width / 2, LEFT), WIDTH - RIGHT - width)
        extents.append((left, left + width))
    order = sorted(range(len(items)), key=lambda i: (extents[i][0], i))
    chosen = lanes([extents[i] for i in order])
    lane_of = {i: lane for i, lane in zip(order, chosen, strict=True)}
    for i, (x, text, iri) in enumerate(items):
        row.captions.append({"x": round(extents[i][0], 1), "lane": lane_of[i], "en": text[0], "zh": text[1], "iri": iri, "at": x})
    return max(chosen, default=-1) + 1


def period_bar(line: Timeline, p: Period, y: float) -> dict[str, object]:
    start = p.begin.start if p.begin else line.low
    end = p.end.end if p.end else line.high
    text = f"{p.begin.text if p.begin else '?'}–{p.end.text if p.end else ''}"
    x, w = line.x(start), round(line.x(end) - line.x(start), 1)
    inside = w >= placement.text_width(text, 10) + 8
    return {"iri": p.membership, "interval": p.interval, "x": x, "y": y, "w": w, "h": 11, "layer": p.layer, "open": p.end is None,
            "former": p.former, "text": text, "tx": round(x + 4 if inside else x + w + 4, 1), "inside": inside}


def row_name(facts: Facts, iri: str) -> tuple[str, str]:
    """A row's name, its shortest alias when the label would not fit the label column ("Quad", "MTCR")."""
    names = list(facts.pair(iri))
    aliases = sorted(facts.labels.alt.get(iri, []), key=lambda a: (len(a), a))
    for i, ascii_ in ((0, True), (1, False)):
        if placement.text_width(names[i], 15.0) > LEFT - 24:
            names[i] = next((a for a in aliases if a.isascii() == ascii_ and len(a) >= 2), names[i])
    return names[0], names[1]


def build(facts: Facts) -> Timeline:
    """Rows, positions and axis of the timeline (deterministic)."""
    events, periods = list(facts.events), list(facts.periods)
    labels = {iri: facts.pair(iri) for iri in {*(e.iri for e in events), *(t for e in events for t in e.types),
                                               *(i for e in events for i in e.involved), *(p.state for p in periods),
                                               *(p.mechanism for p in periods), *(m for e in events for m in e.mechanisms)}}
    spans = [e.date for e in events] + [e.until for e in events if e.until] + [s for p in periods for s in (p.begin, p.end) if s]
    low = int(math.floor(min((s.start for s in spans), default=2000) / 5) * 5)
    high = int(math.ceil((max((s.end for s in spans), default=2020) + 4) / 5) * 5)
    line = Timeline([], events, periods, low, high, 0.0, [], labels)
    first: dict[str, float] = {}
    for e in events:
        for m in e.mechanisms:
            first[m] = min(first.get(m, e.date.start), e.date.start)
    for p in periods:
        first[p.mechanism] = min(first.get(p.mechanism, p.begin.start if p.begin else high), p.begin.start if p.begin else high)
    y = 14.0
    for mechanism in sorted(first, key=lambda m: (first[m], labels[m][0].casefold(), m)):
        row = Row(mechanism, "mechanism", *row_name(facts, mechanism))
        mine = [e for e in events if mechanism in e.mechanisms]
        captions = []
        for e in mine:
            (en, zh), dates = kind_name(labels, kind_of(e)), when(e.date, e.until)
            captions.append((line.x(e.date.start), (f"{en} {dates}", f"{zh} {dates}"), e.iri))
        count = place_captions(line, row, captions)
        row.top, row.line = y, y + count * LANE + LINE_GAP
        for e in mine:
            shape, bar = mark(line, e, row.line)
            row.marks.append(shape)
            if bar:
                row.bars.append(bar)
        states = sorted({p.state for p in periods if p.mechanism == mechanism}, key=lambda s: (labels[s][0].casefold(), s))
        for index, state in enumerate(states):
            sy = row.line + 12 + index * SUB_ROW
            bars = [period_bar(line, p, sy) for p in periods if p.mechanism == mechanism and p.state == state]
            row.subrows.append({"iri": state, "en": labels[state][0], "zh": labels[state][1], "y": sy, "bars": bars})
        row.height = row.line - y + 12 + len(states) * SUB_ROW + ROW_PAD
        line.rows.append(row)
        y += row.height
    y += 26.0
    for e in (e for e in events if not e.mechanisms):
        names = [labels[i] for i in e.involved if i.startswith(BASE + "id/state/")]
        row = Row(e.iri, "event", ", ".join(n[0] for n in names) or labels[e.iri][0], "、".join(n[1] for n in names) or labels[e.iri][1])
        row.top, row.line = y, y + LANE
        shape, bar = mark(line, e, row.line)
        row.marks.append(shape)
        if bar:
            row.bars.append(bar)
        text = (f"{labels[e.iri][0]} ({e.date.text})", f"{labels[e.iri][1]}（{e.date.text}）")
        width = max(placement.text_width(t, CAPTION) for t in text)
        after = max(float(shape["x"]), float(bar["x"]) + float(bar["w"]) if bar else 0.0) + 10  # type: ignore[arg-type]
        right = after + width <= WIDTH - RIGHT
        row.captions.append({"x": round(after if right else float(shape["x"]) - 10 - width, 1), "lane": -1,  # type: ignore[arg-type]
                             "en": text[0], "zh": text[1], "iri": e.iri, "at": shape["x"]})
        row.height = LANE + ROW_PAD + 4
        line.rows.append(row)
        y += row.height
    line.height = y + 10
    line.ticks = [{"x": line.x(year), "year": year, "major": year % 10 == 0} for year in range(low, high + 1, 5)]
    return line


def data(line: Timeline) -> dict[str, object]:
    """The timeline as plain data (embedded in the page, for scripts and tests)."""
    def span(s: Span | None) -> str | None:
        return s.text if s else None

    keys = sorted({r.key for r in line.rows} | {str(m["iri"]) for r in line.rows for m in r.marks})
    return {
        "view": {"name": FILE.removesuffix(".html"), "title": list(TITLE), "description": list(DESCRIPTION)},
        "nodes": [{"id": key} for key in keys],  # what #focus= can centre on (entity pages link here)
        "axis": [line.low, line.high],
        "rows": [{"key": r.key, "kind": r.kind, "events": [m["iri"] for m in r.marks],
                  "states": [s["iri"] for s in r.subrows]} for r in line.rows],
        "events": [{"iri": e.iri, "date": e.date.text, "until": span(e.until), "layer": e.layer, "types": list(e.types),
                    "mechanisms": list(e.mechanisms), "passage": [e.passage[0], e.passage[1], e.passage[2]] if e.passage else None}
                   for e in line.events],
        "periods": [{"interval": p.interval, "membership": p.membership, "state": p.state, "mechanism": p.mechanism,
                     "begin": span(p.begin), "end": span(p.end), "layer": p.layer, "former": p.former} for p in line.periods],
    }


def page(line: Timeline) -> str:
    """The whole self-contained timeline page."""
    from minilat.views import render

    labels = line.labels
    rows = sorted(line.events, key=lambda e: (e.date.start, e.iri))
    table = [{"iri": e.iri, "when": when(e.date, e.until), "en": labels[e.iri][0], "zh": labels[e.iri][1],
              "types": [labels.get(t, (t, t)) for t in e.types], "involved": [(i, *labels.get(i, (i, i))) for i in e.involved],
              "layer": e.layer, "passage": json.dumps([e.passage[0], e.passage[1], e.passage[2]]) if e.passage else None,
              "reference": e.reference} for e in rows]
    periods = [{"p": p, "mechanism": labels[p.mechanism], "state": labels[p.state], "begin": p.begin.text if p.begin else "",
                "end": p.end.text if p.end else ""} for p in line.periods]
    kinds = sorted({kind_of(e) for e in line.events}, key=lambda k: (k not in COLORS, list(COLORS).index(k) if k in COLORS else 0, k))
    legend = [{"path": SHAPES.get(k, OTHER_SHAPE), "color": COLORS.get(k, OTHER_COLOR), "en": kind_name(labels, k)[0], "zh": kind_name(labels, k)[1]}
              for k in kinds]
    return render.environment().get_template("timeline.html").render(
        line=line, width=WIDTH, left=LEFT, lane=LANE, title=TITLE, description=DESCRIPTION, table=table, periods=periods, legend=legend,
        data=render.script_json(data(line)), page_css=render.Markup(render.template_text("page.css")),
        links_js=render.inline_script(render.template_text("links.js")), timeline_js=render.inline_script(render.template_text("timeline.js")),
    )
