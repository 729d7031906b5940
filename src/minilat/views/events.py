"""Dated events and membership periods for the timeline, fetched by SPARQL through Store.

Dates keep their precision: ``2007`` (a year), ``2017-11`` (a month), ``1997-12-09`` (a day) and
``1980s`` (a decade) each become a span of fractional years ``[start, end)``, so a year-precise
founding covers its whole year on the timeline and a decade its ten years.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from minilat.ids import GRAPHS
from minilat.store import Store
from minilat.views import queries as q

BACKGROUND = str(GRAPHS["background"])
TIME_VALUE = "(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate|time:inXSDDateTimeStamp|time:inXSDDateTime)"
MECHANISM_CLASSES = "mlo:MinilateralMechanism mlo:MultilateralInstitution mlo:TreatyRegime mlo:DiplomaticInitiative"

EVENTS = q.PREFIXES + f"""PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?event ?date ?graph ?type ?involved ?mechanism ?until ?text ?start ?end ?reference WHERE {{
  GRAPH ?graph {{ ?event dcterms:date ?date }}
  ?event a mlo:Event .
  OPTIONAL {{ ?event a ?type . ?type rdfs:subClassOf mlo:Event . FILTER(?type != mlo:Event) }}
  OPTIONAL {{ ?event mlo:involves ?involved .
             OPTIONAL {{ VALUES ?class {{ {MECHANISM_CLASSES} }} ?involved a ?class BIND(?involved AS ?mechanism) }} }}
  OPTIONAL {{ ?event time:hasEnd/{TIME_VALUE} ?until }}
  OPTIONAL {{ ?event mlo:anchoredBy/oa:hasTarget ?target . ?target oa:hasSource ?text ; oa:hasSelector ?position .
             ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }}
  OPTIONAL {{ ?event dcterms:source ?reference }}
}}"""

PERIODS = q.PREFIXES + f"""PREFIX time: <http://www.w3.org/2006/time#>
SELECT ?membership ?state ?mechanism ?interval ?graph ?begin ?end ?status ?layer WHERE {{
  ?membership a org:Membership ; org:member ?state ; org:organization ?mechanism .
  GRAPH ?graph {{ ?membership org:memberDuring ?interval }}
  OPTIONAL {{ ?interval time:hasBeginning/{TIME_VALUE} ?begin }}
  OPTIONAL {{ ?interval time:hasEnd/{TIME_VALUE} ?end }}
  OPTIONAL {{ VALUES ?status {{ mlo:CurrentMembership mlo:FormerMembership }} ?membership a ?status }}
  OPTIONAL {{ ?membership mlo:layer ?layer }}
}}"""


@dataclass(frozen=True)
class Span:
    """A date as written and the fractional years it covers."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class DatedEvent:
    iri: str
    date: Span
    until: Span | None
    layer: str  # "digest" or "background": the named graph stating the date
    types: tuple[str, ...]
    mechanisms: tuple[str, ...]
    involved: tuple[str, ...]
    passage: tuple[str, int, int] | None  # (text source, start, end)
    reference: str | None


@dataclass(frozen=True)
class Period:
    """One ``org:memberDuring`` interval of a membership."""

    membership: str
    interval: str
    state: str
    mechanism: str
    begin: Span | None
    end: Span | None
    layer: str  # the named graph stating the interval
    membership_layer: str  # where the membership itself is stated
    former: bool


def span(text: str) -> Span:
    """``2007`` → [2007, 2008); ``2017-11`` → its month; ``1997-12-09`` → its day; ``1980s`` → [1980, 1990)."""
    if match := re.fullmatch(r"(\d{3})0s", text):
        start = int(match.group(1)) * 10
        return Span(text, float(start), float(start + 10))
    if re.fullmatch(r"-?\d{4}", text):
        return Span(text, float(text), float(text) + 1)
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(match.group(1)), int(match.group(2))
        return Span(text, round(year + (month - 1) / 12, 4), round(year + month / 12, 4))
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        day = date.fromisoformat(text[:10])
        days = 366 if calendar.isleap(day.year) else 365
        start = day.year + (day.timetuple().tm_yday - 1) / days
        return Span(text[:10], round(start, 4), round(start + 1 / days, 4))
    raise ValueError(f"not a date the timeline can place: {text!r}")


def layer(graph: str | None) -> str:
    return "background" if graph == BACKGROUND else "digest"


def load_events(store: Store) -> list[DatedEvent]:
    rows: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for row in q.rows(store, EVENTS):
        rows[str(row["event"])].append(row)
    found = []
    for iri, group in rows.items():
        first = min(group, key=lambda r: (str(r["graph"]), str(r["date"])))
        passage = next(((str(r["text"]), int(str(r["start"])), int(str(r["end"]))) for r in group if r["start"] is not None), None)
        until = next((str(r["until"]) for r in group if r["until"]), None)
        found.append(DatedEvent(
            iri=iri,
            date=span(str(first["date"])),
            until=span(until) if until else None,
            layer=layer(first["graph"]),
            types=tuple(sorted({str(r["type"]) for r in group if r["type"]})),
            mechanisms=tuple(sorted({str(r["mechanism"]) for r in group if r["mechanism"]})),
            involved=tuple(sorted({str(r["involved"]) for r in group if r["involved"]})),
            passage=passage,
            reference=next((str(r["reference"]) for r in group if r["reference"]), None),
        ))
    return sorted(found, key=lambda e: (e.date.start, e.iri))


def load_periods(store: Store) -> list[Period]:
    found: dict[str, Period] = {}
    for row in q.sorted_rows(store, PERIODS, "interval", "graph", "status"):
        interval = str(row["interval"])
        found.setdefault(interval, Period(
            membership=str(row["membership"]), interval=interval, state=str(row["state"]), mechanism=str(row["mechanism"]),
            begin=span(str(row["begin"])) if row["begin"] else None, end=span(str(row["end"])) if row["end"] else None,
            layer=layer(row["graph"]), membership_layer=str(row["layer"] or "digest"),
            former=row["status"] == q.MLO + "FormerMembership",
        ))
    return sorted(found.values(), key=lambda p: (p.mechanism, p.state, p.begin.start if p.begin else 0.0, p.interval))
