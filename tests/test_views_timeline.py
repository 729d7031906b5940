"""The timeline view: its dated events and membership periods are exactly what SPARQL finds (no browser)."""

from __future__ import annotations

import re

import pytest
from test_views import page_data, real_views, release_store, synthetic_views

from minilat.views.events import span

ID = "https://w3id.org/minilat/id/"
MLO = "https://w3id.org/minilat/ontology#"
PREFIXES = """PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
"""
VALUE = "(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate|time:inXSDDateTime)"
MECHANISMS = "VALUES ?class { mlo:MinilateralMechanism mlo:MultilateralInstitution mlo:TreatyRegime mlo:DiplomaticInitiative }"


def rows(sparql: str) -> set[tuple]:
    result = release_store().query(PREFIXES + sparql)
    names = [v.value for v in result.variables]
    return {tuple(r[n].value if r[n] is not None else None for n in names) for r in result}


def timeline() -> dict:
    return page_data(real_views() / "timeline.html")


def layer(graph: str) -> str:
    return graph.rsplit("/", 1)[-1]


def test_events_are_every_dated_event_with_its_layer() -> None:
    expected = {(e, d, layer(g)) for e, d, g in rows("SELECT ?e ?d ?g WHERE { GRAPH ?g { ?e dcterms:date ?d } ?e a mlo:Event }")}
    found = {(e["iri"], e["date"], e["layer"]) for e in timeline()["events"]}
    assert found == expected and len(found) == 19
    until = dict(rows(f"SELECT ?e ?u WHERE {{ ?e a mlo:Event ; dcterms:date ?d ; time:hasEnd/{VALUE} ?u }}"))
    assert {e["iri"]: e["until"] for e in timeline()["events"] if e["until"]} == until


def test_quad_founding_lapse_and_revival() -> None:
    quad = next(r for r in timeline()["rows"] if r["key"] == ID + "mechanism/quad")
    events = {e["iri"]: e for e in timeline()["events"]}
    shown = {(events[i]["date"], [t.removeprefix(MLO) for t in events[i]["types"]][0], events[i]["layer"]) for i in quad["events"]}
    assert shown == {("2007", "Founding", "digest"), ("2008", "Lapse", "background"), ("2017", "Revival", "digest")}
    passage = events[ID + "event/quad-founding-2007"]["passage"]
    expected = rows("""PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?src ?s ?e WHERE { <https://w3id.org/minilat/id/event/quad-founding-2007>
        mlo:anchoredBy/oa:hasTarget ?t . ?t oa:hasSource ?src ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e ] }""")
    assert {(passage[0], str(passage[1]), str(passage[2]))} == expected
    assert events[ID + "event/quad-lapse-2008"]["passage"] is None  # a background fact: its source, not a passage


def test_membership_periods_match_member_during() -> None:
    expected = {
        (interval, membership, state, mechanism, begin, end, layer(g))
        for interval, membership, state, mechanism, begin, end, g in rows(f"""SELECT ?i ?m ?s ?o ?b ?e ?g WHERE {{
            ?m org:member ?s ; org:organization ?o . GRAPH ?g {{ ?m org:memberDuring ?i }}
            OPTIONAL {{ ?i time:hasBeginning/{VALUE} ?b }} OPTIONAL {{ ?i time:hasEnd/{VALUE} ?e }} }}""")
    }
    found = {(p["interval"], p["membership"], p["state"], p["mechanism"], p["begin"], p["end"], p["layer"]) for p in timeline()["periods"]}
    assert found == expected
    quad = {(p["state"].rsplit("/", 1)[-1], p["begin"], p["end"]) for p in timeline()["periods"] if p["mechanism"] == ID + "mechanism/quad"}
    assert quad == {(s, b, e) for s in ("AUS", "IND", "JPN", "USA") for b, e in (("2007", "2008"), ("2017-11", None))}
    former = {p["mechanism"] for p in timeline()["periods"] if p["former"]}
    assert former == {ID + "mechanism/four-party-talks"}


def test_rows_are_the_dated_mechanisms_then_the_other_events() -> None:
    data = timeline()
    mechanisms = {m for (m,) in rows(f"SELECT DISTINCT ?m WHERE {{ {MECHANISMS} ?m a ?class . "
                                     "{ ?e dcterms:date ?d ; mlo:involves ?m } UNION { ?x org:organization ?m ; org:memberDuring ?i } }")}
    kinds = [r["kind"] for r in data["rows"]]
    assert kinds == sorted(kinds, key=lambda k: k != "mechanism")  # mechanisms first
    assert {r["key"] for r in data["rows"] if r["kind"] == "mechanism"} == mechanisms
    loose = {e for (e,) in rows(f"SELECT ?e WHERE {{ ?e a mlo:Event ; dcterms:date ?d FILTER NOT EXISTS {{ {MECHANISMS} ?e mlo:involves ?m . ?m a ?class }} }}")}
    assert {r["key"] for r in data["rows"] if r["kind"] == "event"} == loose
    assert ID + "event/chn-multilateral-preference-1980s" in loose
    for row in data["rows"]:
        if row["kind"] == "mechanism":
            involved = {e for (e,) in rows(f"SELECT ?e WHERE {{ ?e dcterms:date ?d ; mlo:involves <{row['key']}> }}")}
            assert set(row["events"]) == involved, row["key"]
    quad = next(r for r in data["rows"] if r["key"] == ID + "mechanism/quad")
    assert quad["states"] == [ID + f"state/{s}" for s in ("AUS", "IND", "JPN", "USA")]


def test_page_draws_every_event_and_period_with_links_and_layers() -> None:
    text = (real_views() / "timeline.html").read_text(encoding="utf-8")
    data = timeline()
    drawn = re.findall(r'class="event layer-(\w+)" data-event="([^"]+)"', text)
    placed = sum(len(r["events"]) for r in data["rows"])
    assert len(drawn) == placed and {e for _, e in drawn} == {e["iri"] for e in data["events"]}
    layers = {e["iri"]: e["layer"] for e in data["events"]}
    assert all(layers[e] == lay for lay, e in drawn)
    assert sorted(re.findall(r'class="period layer-\w+[^"]*" data-interval="([^"]+)"', text)) == sorted(p["interval"] for p in data["periods"])
    assert text.count('class="passage-link"') == sum(1 for e in data["events"] if e["passage"])
    assert data["axis"][0] <= 1970 and data["axis"][1] >= 2025


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2007", 2007.0, 2008.0), ("1980s", 1980.0, 1990.0), ("2017-11", 2017.8333, 2017.9167), ("2021-09-15", 2021.7041, 2021.7068),
    ("2020-12-31", 2020.9973, 2021.0), ("2100-03-01", 2100.1616, 2100.1644),  # a leap year's last day; 2100 is not a leap year
])
def test_spans_keep_the_precision_of_a_date(text: str, start: float, end: float) -> None:
    assert (span(text).start, span(text).end) == (start, end)


def test_injected_event_label_is_text() -> None:
    text = (synthetic_views() / "timeline.html").read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(7)&gt;" in text and "<svg onload" not in text and "<iframe" not in text
