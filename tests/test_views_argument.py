"""The argument map's data and the readable layouts, against SPARQL over the release graph (no browser)."""

from __future__ import annotations

from collections import Counter

from test_views import count, page_data, real_views, release_store

MLO = "https://w3id.org/minilat/ontology#"
PREFIXES = """PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
CHAIN = "(mlo:supports|mlo:contests|mlo:qualifies)"


def rows(sparql: str) -> list[tuple]:
    result = release_store().query(PREFIXES + sparql)
    names = [v.value for v in result.variables]
    return [tuple(r[n].value if r[n] is not None else None for n in names) for r in result]


def argument() -> dict:
    return page_data(real_views() / "argument-map.html")


def fields(item: dict) -> dict[str, list]:
    """Tooltip fields by English key (a repeated key keeps every value)."""
    out: dict[str, list] = {}
    for key, _, value in item["fields"]:
        out.setdefault(key, []).append(value)
    return out


def test_about_edges_hidden_by_default_and_argument_edges_shown() -> None:
    edges = argument()["edges"]
    about = [e for e in edges if e["relation"] == MLO + "about"]
    assert len(about) == count(release_store(), "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?c ?x WHERE { ?c a mlo:Claim ; mlo:about ?x . "
                                                "{ ?x a mlo:State } UNION { ?x a <http://www.w3.org/2004/02/skos/core#Concept> } UNION "
                                                "{ VALUES ?t { mlo:MinilateralMechanism mlo:MultilateralInstitution mlo:TreatyRegime mlo:DiplomaticInitiative } ?x a ?t } } }")
    assert about and all(e["hidden"] is True for e in about)
    assert all(e["hidden"] is False for e in edges if e["relation"] != MLO + "about")
    legend = {item["key"]: item["hidden"] for item in argument()["legend"]["edges"]}
    assert legend[MLO + "about"] is True and legend[MLO + "supports"] is False


def test_every_argument_link_carries_both_claims_origin_and_rationale() -> None:
    """Each link between two sources carries its rationale, origin, link node and both claims' statement and quote."""
    expected = {
        (a, rel, b): (link, origin_en, origin_zh, rat_en, rat_zh, sa, qa, sb, qb)
        for a, rel, b, link, origin_en, origin_zh, rat_en, rat_zh, sa, qa, sb, qb in rows("""
        SELECT ?a ?rel ?b ?link ?oen ?ozh ?ren ?rzh ?sa ?qa ?sb ?qb WHERE {
          ?link a mlo:ArgumentLink ; mlo:linkFrom ?a ; mlo:linkTo ?b ; mlo:linkRelation ?rel ; mlo:linkOrigin ?o ;
                mlo:rationale ?ren, ?rzh .
          ?o rdfs:label ?oen, ?ozh . FILTER(lang(?oen) = "en" && lang(?ozh) = "zh" && lang(?ren) = "en" && lang(?rzh) = "zh")
          ?a mlo:statement ?sa ; mlo:anchoredBy/oa:hasTarget/oa:hasSelector/oa:exact ?qa .
          ?b mlo:statement ?sb ; mlo:anchoredBy/oa:hasTarget/oa:hasSelector/oa:exact ?qb . }""")
    }
    across = count(release_store(), """SELECT (COUNT(*) AS ?n) WHERE { VALUES ?r { mlo:supports mlo:contests mlo:qualifies mlo:elaborates }
        ?a ?r ?b ; mlo:claimOf ?wa . ?b mlo:claimOf ?wb . FILTER(?wa != ?wb) }""")
    assert len(expected) == across == 21
    data = argument()
    nodes = {n["id"]: n for n in data["nodes"]}
    by_ends = {(e["from"], e["relation"], e["to"]): e for e in data["edges"]}
    for key, (link, origin_en, origin_zh, rat_en, rat_zh, sa, qa, sb, qb) in expected.items():
        edge = by_ends[key]
        f = fields(edge)
        assert f["Origin"] == [[origin_en, origin_zh]] and f["Rationale"] == [[rat_en, rat_zh]], key
        assert f["It says"] == [[sa, qa], [sb, qb]], key
        assert f["From"] == [[nodes[key[0]]["en"], nodes[key[0]]["zh"]]] and f["To"] == [[nodes[key[2]]["en"], nodes[key[2]]["zh"]]]
        assert edge["origin"] == ("curator" if origin_en == "curator's reading" else "stated") and edge["link"] == link and edge["across"] is True
    within = [e for e in data["edges"] if "origin" in e and not e["across"]]
    assert within and all("Rationale" not in fields(e) and len(fields(e)["It says"]) == 2 for e in within)


def test_origin_of_links_without_a_link_node_follows_their_graph() -> None:
    curator = count(release_store(), "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/minilat/graph/readings> { ?a ?r ?b } "
                                     "VALUES ?r { mlo:supports mlo:contests mlo:qualifies mlo:elaborates } }")
    found = Counter(e["origin"] for e in argument()["edges"] if "origin" in e)
    assert found == {"curator": curator, "stated": count(release_store(), "SELECT (COUNT(*) AS ?n) WHERE { ?a ?r ?b VALUES ?r "
                                                                          "{ mlo:supports mlo:contests mlo:qualifies mlo:elaborates } }") - curator}
    assert curator == 19
    assert {(o["key"], o["count"]) for o in argument()["argument"]["origins"]} == {("curator", 19), ("stated", found["stated"])}


def test_disagreements_are_contests_and_cross_source_qualifies() -> None:
    expected = set(rows("""SELECT ?a ?rel ?b WHERE {
        { ?a mlo:contests ?b BIND(mlo:contests AS ?rel) }
        UNION { ?a mlo:qualifies ?b ; mlo:claimOf ?wa . ?b mlo:claimOf ?wb . FILTER(?wa != ?wb) BIND(mlo:qualifies AS ?rel) } }"""))
    data = argument()
    edges = {e["id"]: e for e in data["edges"]}
    listed = data["argument"]["disagreements"]
    assert {(d["from"], edges[d["edge"]]["relation"], d["to"]) for d in listed} == expected
    assert len(expected) == 6 and {r for _, r, _ in expected} == {MLO + "qualifies"}  # no contests since issue 11's corrections
    assert all(d["rationale"] and d["origin"] == ["curator's reading", "策展人解读"] for d in listed)
    assert all(edges[d["edge"]]["label"] == "限定" and edges[d["edge"]]["width"] == 3.5 for d in listed)  # labelled on the map
    assert not [e for e in data["edges"] if e.get("label") and e["id"] not in {d["edge"] for d in listed}]


def test_claims_carry_holder_actors_and_passage() -> None:
    nodes = {n["id"]: n for n in argument()["nodes"] if n["kind"] == "claim"}
    passages = {c: [src, int(s), int(e)] for c, src, s, e in rows("""SELECT ?c ?src ?s ?e WHERE { ?c a mlo:Claim ;
        mlo:anchoredBy/oa:hasTarget ?t . ?t oa:hasSource ?src ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e ] }""")}
    assert len(passages) == len(nodes) == 105
    assert {c: n["passage"] for c, n in nodes.items()} == passages
    kinds = dict(rows("SELECT ?c ?k WHERE { ?c a mlo:Claim ; mlo:holderKind ?k }"))
    short = {MLO + "AuthorsHolder": "authors", MLO + "EditorsHolder": "editors", MLO + "ReportedActorHolder": "reported", MLO + "CompilerHolder": "compiler"}
    assert {c: n["holder"] for c, n in nodes.items()} == {c: short[k] for c, k in kinds.items()}
    reported = {c for c, n in nodes.items() if n["actors"] == ["https://w3id.org/minilat/id/state/CHN"]}
    assert reported == {c for (c,) in rows("SELECT ?c WHERE { ?c mlo:holderKind mlo:ReportedActorHolder ; mlo:heldBy <https://w3id.org/minilat/id/state/CHN> }")}
    options = {o["key"]: o["count"] for o in argument()["argument"]["holders"]}
    assert options == {"authors": 95, "editors": 6, "reported": 4, "actor:https://w3id.org/minilat/id/state/CHN": 4}


def test_claims_are_boxes_in_columns_by_source_in_reading_order() -> None:
    data = argument()
    claims = [n for n in data["nodes"] if n["kind"] == "claim"]
    assert {n["shape"] for n in claims} == {"box"}
    reported = [n for n in claims if n["holder"] == "reported"]
    assert reported and all(n["shapeProperties"]["borderDashes"] == [6, 3] for n in reported)
    order = [w["iri"] for w in data["argument"]["works"]]
    lefts = {w: min(n["x"] for n in claims if n["work"] == w) for w in order}
    rights = {w: max(n["x"] for n in claims if n["work"] == w) for w in order}
    assert [lefts[w] for w in order] == sorted(lefts.values())  # sources left to right in digest order
    assert all(rights[a] < lefts[b] for a, b in zip(order, order[1:]))  # columns of different sources never interleave
    for w in order:  # within a column, passage order from top to bottom
        mine = [n for n in claims if n["work"] == w]
        for x in {n["x"] for n in mine}:
            column = sorted((n for n in mine if n["x"] == x), key=lambda n: n["y"])
            assert [n["passage"][1] for n in column] == sorted(n["passage"][1] for n in column)


def test_mechanisms_view_isolated_nodes_framed_apart_with_caption() -> None:
    data = page_data(real_views() / "mechanisms-and-states.html")
    isolated = {m for (m,) in rows("""SELECT ?m WHERE {
        VALUES ?t { mlo:MinilateralMechanism mlo:MultilateralInstitution mlo:TreatyRegime mlo:DiplomaticInitiative } ?m a ?t .
        FILTER NOT EXISTS { ?x org:organization ?m }
        FILTER NOT EXISTS { VALUES ?r { mlo:operatesWithin mlo:reportsTo mlo:leadsTo mlo:revives mlo:contrastedWith } { ?m ?r ?o } UNION { ?o ?r ?m } } }""")}
    assert {i.rsplit("/", 1)[-1] for i in isolated} == {"nsg", "mtcr", "un"}
    [group] = data["groups"]
    assert (group["en"], group["zh"]) == ("No members or links in the graph", "图谱中无成员与关联")
    inside = {n["id"] for n in data["nodes"] if group["x"] <= n["x"] <= group["x"] + group["w"] and group["y"] <= n["y"] <= group["y"] + group["h"]}
    assert inside == isolated
    assert all(n["x"] < group["x"] for n in data["nodes"] if n["id"] not in isolated)  # the rest stands to its left
    names = {n["id"].rsplit("/", 1)[-1]: (n["en"], n["zh"]) for n in data["nodes"] if n["kind"] == "mechanism"}
    assert names["quad"] == ("Quad", "四方安全对话") and names["aiib"] == ("AIIB", "亚投行") and names["nsg"][0] == "NSG"


def test_community_legend_names_every_community() -> None:
    for name in ("co-membership", "mechanisms-and-states"):
        data = page_data(real_views() / f"{name}.html")
        communities = data["communities"]
        assert sum(c["size"] for c in communities) == len(data["nodes"])
        sizes = Counter(n["metrics"][3] for n in data["nodes"])
        assert {c["index"]: c["size"] for c in communities} == dict(sizes)
        assert all(c["en"] and c["zh"] for c in communities)
    assert page_data(real_views() / "co-membership.html")["view"]["colorBy"] == "community"


CONTESTED = """\
@prefix mlo: <https://w3id.org/minilat/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix id: <https://w3id.org/minilat/id/> .

<https://w3id.org/minilat/graph/ontology> {
  mlo:CuratorReading rdfs:label "curator's reading"@en, "策展人解读"@zh .
  mlo:contests rdfs:label "contests"@en, "质疑"@zh .
}
<https://w3id.org/minilat/graph/digest> {
  id:claim\\/a a mlo:Claim ; mlo:claimOf id:article\\/one ; rdfs:label "A"@en, "甲"@zh ; mlo:statement "A says"@en ;
      mlo:anchoredBy [ oa:hasTarget [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "甲说" ] ] ] ;
      mlo:holderKind mlo:AuthorsHolder ; mlo:heldBy id:person\\/x ; mlo:hasModality mlo:Asserts .
  id:claim\\/b a mlo:Claim ; mlo:claimOf id:article\\/two ; rdfs:label "B"@en, "乙"@zh ; mlo:statement "B says"@en ;
      mlo:anchoredBy [ oa:hasTarget [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "乙说" ] ] ] .
  id:claim\\/c a mlo:Claim ; mlo:claimOf id:article\\/one ; rdfs:label "C"@en, "丙"@zh ; mlo:statement "C says"@en ;
      mlo:anchoredBy [ oa:hasTarget [ oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "丙说" ] ] ] ;
      mlo:qualifies id:claim\\/a .
}
<https://w3id.org/minilat/graph/readings> {
  id:claim\\/a mlo:contests id:claim\\/b .
  id:argument\\/a--contests--b a mlo:ArgumentLink ; mlo:linkFrom id:claim\\/a ; mlo:linkTo id:claim\\/b ; mlo:linkRelation mlo:contests ;
      mlo:linkOrigin mlo:CuratorReading ; mlo:rationale "A denies B"@en, "甲否认乙"@zh .
}
<https://w3id.org/minilat/graph/bibliography> {
  id:article\\/one a fabio:JournalArticle ; rdfs:label "One"@en .
  id:article\\/two a fabio:JournalArticle ; rdfs:label "Two"@en .
}
"""


def test_a_contests_link_is_a_disagreement_and_a_qualifies_within_one_source_is_not(tmp_path) -> None:
    """No contests are in this round's data: a small graph shows how one would be drawn and listed."""
    from minilat.store import Store
    from minilat.views import write_views

    release = tmp_path / "contested.trig"
    release.write_text(CONTESTED, encoding="utf-8")
    write_views(Store.open(release=release), tmp_path / "views")
    data = page_data(tmp_path / "views" / "argument-map.html")
    edges = {e["id"]: e for e in data["edges"]}
    [listed] = data["argument"]["disagreements"]
    edge = edges[listed["edge"]]
    assert (edge["from"], edge["relation"], edge["to"]) == ("https://w3id.org/minilat/id/claim/a", MLO + "contests", "https://w3id.org/minilat/id/claim/b")
    assert listed["rationale"] == ["A denies B", "甲否认乙"] and listed["origin"] == ["curator's reading", "策展人解读"]
    assert edge["label"] == "质疑" and edge["origin"] == "curator" and edge["color"]["color"] == "#d62728"
    within = next(e for e in data["edges"] if e["relation"] == MLO + "qualifies")
    assert within["across"] is False and "label" not in within and within["origin"] == "stated"
