"""The top of an entity page, gathered from the store (runs in the worker processes).

``lead(store, iri)`` returns plain data for what a reader wants first, by the entity's
kind: a mechanism's members with their periods and its events; a state's memberships; an
article's authors, journal and compiler; a claim's holder, modality, statements, passage
and argument links; for every entity the claims whose topics or statements involve it,
and whether its IRI is retired. IRIs are left for the page to label (see ``iris``).
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from minilat.ids import BASE
from minilat.store import Store

MLO = BASE + "ontology#"
PREFIX = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
PREFIX schema: <http://schema.org/>
"""
ANCHOR = "OPTIONAL { {node} mlo:anchoredBy/oa:hasTarget ?t . ?t oa:hasSource ?psource ; oa:hasSelector ?pos . ?pos oa:start ?pstart ; oa:end ?pend }"
WHEN = "(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear)"
MEMBERSHIPS = PREFIX + """SELECT ?x ?m ?other ?status ?role ?source ?start ?end ?psource ?pstart ?pend WHERE {
  ?m org:{mine} ?x ; org:{theirs} ?other .
  OPTIONAL { ?m a ?status FILTER(?status IN (mlo:CurrentMembership, mlo:FormerMembership)) }
  OPTIONAL { ?m org:role ?role }
  OPTIONAL { ?m dcterms:source ?source }
  OPTIONAL { ?m org:memberDuring ?per . OPTIONAL { ?per time:hasBeginning/WHEN ?start } OPTIONAL { ?per time:hasEnd/WHEN ?end } }
  ANCHOR
}""".replace("WHEN", WHEN).replace("ANCHOR", ANCHOR.replace("{node}", "?m"))
EVENTS = PREFIX + """SELECT ?x ?e ?date ?type ?source ?psource ?pstart ?pend WHERE {
  ?e mlo:involves ?x ; dcterms:date ?date .
  OPTIONAL { ?e a ?type FILTER(?type != mlo:Event) }
  OPTIONAL { ?e dcterms:source ?source }
  ANCHOR
}""".replace("ANCHOR", ANCHOR.replace("{node}", "?e"))
# claims whose roles, statements, source or holder involve ?x, and how
INVOLVING = PREFIX + """SELECT DISTINCT ?x ?claim ?via WHERE {
  { ?claim ?via ?x .
    VALUES ?via { mlo:hasTopic mlo:concernsActor mlo:ascribesFeature mlo:citesExample mlo:rejectsAlternative mlo:placesInContext mlo:about mlo:claimOf mlo:madeIn mlo:heldBy } }
  UNION { ?claim mlo:hasProposition ?p . ?p mlo:propositionSubject|mlo:propositionObject|mlo:byMeans|mlo:inRegion ?x . BIND(mlo:hasProposition AS ?via) }
}"""
CLAIM = PREFIX + """SELECT ?claim ?work ?summary ?holder ?kind ?modality ?quote ?statement ?type ?psource ?pstart ?pend WHERE {
  VALUES ?claim { CLAIMS }
  OPTIONAL { ?claim mlo:claimOf ?work }
  OPTIONAL { ?claim mlo:madeIn ?summary }
  OPTIONAL { ?claim mlo:heldBy ?holder }
  OPTIONAL { ?claim mlo:holderKind ?kind }
  OPTIONAL { ?claim mlo:hasModality ?modality }
  OPTIONAL { ?claim mlo:quote ?quote }
  OPTIONAL { ?claim mlo:statement ?statement }
  OPTIONAL { ?claim a ?type FILTER(?type != mlo:Claim) }
  ANCHOR
}""".replace("ANCHOR", ANCHOR.replace("{node}", "?claim"))
PROPOSITIONS = PREFIX + """SELECT ?x ?p ?role ?subject ?predicate ?object ?negated ?means ?region ?from ?until WHERE {
  ?x mlo:hasProposition ?p .
  OPTIONAL { ?x ?role ?p FILTER(?role IN (mlo:hasCondition, mlo:hasOutcome)) }
  OPTIONAL { ?p mlo:propositionSubject ?subject } OPTIONAL { ?p mlo:propositionPredicate ?predicate } OPTIONAL { ?p mlo:propositionObject ?object }
  OPTIONAL { ?p mlo:negated ?negated } OPTIONAL { ?p mlo:byMeans ?means } OPTIONAL { ?p mlo:inRegion ?region }
  OPTIONAL { ?p mlo:startTime ?from } OPTIONAL { ?p mlo:endTime ?until }
} ORDER BY ?p"""
ARGUMENTS = PREFIX + """SELECT ?x ?link ?direction ?other ?relation ?origin ?g WHERE {
  { ?link mlo:linkFrom ?x ; mlo:linkTo ?other BIND("out" AS ?direction) } UNION { ?link mlo:linkTo ?x ; mlo:linkFrom ?other BIND("in" AS ?direction) }
  ?link a mlo:ArgumentLink .
  OPTIONAL { ?link mlo:linkRelation ?relation } OPTIONAL { ?link mlo:linkOrigin ?origin } 
  OPTIONAL { GRAPH ?g { ?link mlo:linkRelation ?relation } }
}"""
ARTICLE = PREFIX + """SELECT ?x ?author ?journal ?issn ?volume ?number ?year ?forthcoming ?title ?summary ?entry ?compiler ?affiliation ?digest WHERE {
  OPTIONAL { ?x dcterms:creator ?author }
  OPTIONAL { ?x dcterms:isPartOf ?journal OPTIONAL { ?journal prism:issn ?issn } }
  OPTIONAL { ?x prism:volume ?volume } OPTIONAL { ?x prism:number ?number } OPTIONAL { ?x prism:publicationDate ?year }
  OPTIONAL { ?x mlo:forthcoming ?forthcoming } OPTIONAL { ?x dcterms:title ?title }
  OPTIONAL { ?summary mlo:summarizes ?x OPTIONAL { ?summary mlo:entryNumber ?entry } OPTIONAL { ?summary dcterms:isPartOf ?digest }
             OPTIONAL { ?summary mlo:compiledBy ?compiler OPTIONAL { ?compiler schema:affiliation ?affiliation } } }
}"""
RETIRED = PREFIX + "SELECT ?x ?by ?why WHERE { ?x owl:deprecated true OPTIONAL { ?x dcterms:isReplacedBy ?by } OPTIONAL { ?x rdfs:comment ?why FILTER(lang(?why) = \"en\") } }"
ALIASES = PREFIX + "SELECT ?x ?alias WHERE { ?x skos:altLabel ?alias } ORDER BY ?alias"
TITLE = PREFIX + "SELECT ?x ?title WHERE { ?x dcterms:title ?title }"
RATIONALE = PREFIX + "SELECT ?x ?r WHERE { ?x mlo:rationale ?r }"


def rows(store: Store, query: str, iri: str | None = None) -> list[dict]:
    """Rows as dicts of plain strings (None when unbound)."""
    result = store.query(query, bindings={"x": ox.NamedNode(iri)} if iri else None)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def langs(store: Store, query: str, iri: str, key: str) -> dict[str, str]:
    """A literal's values by language tag, from ``query`` (``?x`` bound)."""
    result = store.query(query, bindings={"x": ox.NamedNode(iri)})
    return {(row[key].language or ""): row[key].value for row in result if row[key] is not None}


def passage(row: dict) -> dict | None:
    if not row.get("psource") or row.get("pstart") is None:
        return None
    return {"source": row["psource"], "start": int(row["pstart"]), "end": int(row["pend"])}


def memberships(store: Store, iri: str, side: str) -> list[dict]:
    """A mechanism's members (``side="organization"``) or a state's memberships (``"member"``)."""
    mine, theirs = (side, "member" if side == "organization" else "organization")
    query = MEMBERSHIPS.replace("{mine}", mine).replace("{theirs}", theirs)
    found: dict[str, dict] = {}
    for r in rows(store, query, iri):
        m = found.setdefault(r["m"], {"membership": r["m"], "other": r["other"], "current": None, "role": r["role"], "periods": set(), "source": r["source"], "passage": passage(r)})
        if r["status"]:
            m["current"] = r["status"] == MLO + "CurrentMembership"
        if r["start"] or r["end"]:
            m["periods"].add((r["start"] or "", r["end"] or ""))
    out = [m | {"periods": sorted(m["periods"])} for m in found.values()]
    return sorted(out, key=lambda m: (m["current"] is False, m["other"]))


def events(store: Store, iri: str) -> list[dict]:
    found: dict[str, dict] = {}
    for r in rows(store, EVENTS, iri):
        e = found.setdefault(r["e"], {"event": r["e"], "date": r["date"], "types": set(), "source": r["source"], "passage": passage(r)})
        if r["type"]:
            e["types"].add(r["type"])
    return sorted((e | {"types": sorted(e["types"])} for e in found.values()), key=lambda e: (e["date"], e["event"]))


def claims(store: Store, vias: dict[str, set[str]]) -> list[dict]:
    """The claims in ``vias`` (claim → how it involves the entity) with holder, source and passage."""
    if not vias:
        return []
    values = " ".join(f"<{c}>" for c in sorted(vias))
    found: dict[str, dict] = {}
    for r in rows(store, CLAIM.replace("CLAIMS", values)):
        c = found.setdefault(r["claim"], {
            "claim": r["claim"], "work": r["work"], "summary": r["summary"], "holders": set(), "holder_kind": r["kind"], "modality": r["modality"],
            "quote": r["quote"], "statement": r["statement"], "types": set(), "passage": passage(r), "via": sorted(vias[r["claim"]]),
        })
        c["holders"].update([r["holder"]] if r["holder"] else [])
        c["types"].update([r["type"]] if r["type"] else [])
    out = [c | {"holders": in_order(c["holders"], c["work"]), "types": sorted(c["types"])} for c in found.values()]
    return sorted(out, key=lambda c: (c["passage"]["start"] if c["passage"] else 1 << 62, c["claim"]))


def involving(store: Store, iri: str) -> list[dict]:
    vias: dict[str, set[str]] = defaultdict(set)
    for r in rows(store, INVOLVING, iri):
        if r["claim"] != iri:
            vias[r["claim"]].add(r["via"])
    return claims(store, vias)


def propositions(store: Store, iri: str) -> list[dict]:
    found: dict[str, dict] = {}
    for r in rows(store, PROPOSITIONS, iri):
        p = found.setdefault(r["p"], {"iri": r["p"], "role": None} | {k: r[k] for k in ("subject", "predicate", "object", "means", "region", "from", "until")} | {"negated": r["negated"] == "true"})
        p["role"] = p["role"] or r["role"]
    order = {MLO + "hasCondition": 0, None: 1, MLO + "hasOutcome": 2}
    return sorted(found.values(), key=lambda p: (order.get(p["role"], 1), len(p["iri"]), p["iri"]))


def arguments(store: Store, iri: str) -> list[dict]:
    found: dict[str, dict] = {}
    for r in rows(store, ARGUMENTS, iri):
        found.setdefault(r["link"], {"link": r["link"], "direction": r["direction"], "other": r["other"], "relation": r["relation"], "origin": r["origin"], "graph": r["g"]})
    for a in found.values():
        a["rationale"] = langs(store, RATIONALE, a["link"], "r")
    return sorted(found.values(), key=lambda a: (a["direction"] != "out", a["relation"] or "", a["other"]))


def in_order(people: set[str], work: str | None) -> list[str]:
    """People in the order of the work's slug, which lists the authors' family names ("wu-kim-2024")."""
    slug = (work or "").rstrip("/").rsplit("/", 1)[-1].split("-")
    position = lambda p: next((i for i, part in enumerate(slug) if p.endswith(("-" + part, "/" + part))), len(slug))  # noqa: E731
    return sorted(people, key=lambda p: (position(p), p))


def article(store: Store, iri: str) -> dict | None:
    found = rows(store, ARTICLE, iri)
    if not found or not any(r["author"] or r["journal"] or r["summary"] for r in found):
        return None
    one = lambda key: next((r[key] for r in found if r[key] is not None), None)  # noqa: E731
    authors = in_order({r["author"] for r in found if r["author"]}, iri)
    digest = one("digest")
    return {
        "authors": authors, "journal": one("journal"), "issn": one("issn"), "volume": one("volume"), "number": one("number"),
        "year": one("year"), "forthcoming": one("forthcoming") == "true", "title": langs(store, TITLE, iri, "title"),
        "summary": one("summary"), "entry": one("entry"), "compiler": one("compiler"), "affiliation": one("affiliation"),
        "digest": digest, "digest_title": langs(store, TITLE, digest, "title") if digest else {},
    }


def lead(store: Store, iri: str, kind: str) -> dict:
    """The lead section's data for an entity of ``kind`` (the ``id/{kind}/…`` segment of its IRI)."""
    retired = rows(store, RETIRED, iri)
    out: dict = {
        "kind": kind,
        "retired": {"by": sorted({r["by"] for r in retired if r["by"]}), "why": next((r["why"] for r in retired if r["why"]), None)} if retired else None,
        "aliases": sorted(set(aliases(store, iri))),
        "claims": involving(store, iri),
    }
    if kind == "mechanism":
        out["members"] = memberships(store, iri, "organization")
    if kind == "state":
        out["memberships"] = memberships(store, iri, "member")
    if kind in {"mechanism", "state", "concept", "person", "region"}:
        out["events"] = events(store, iri)
    if kind == "article":
        out["article"] = article(store, iri)
    if kind == "claim":
        own = claims(store, {iri: set()})
        out["claim"] = own[0] if own else None
        out["propositions"] = propositions(store, iri)
        out["arguments"] = arguments(store, iri)
        if out["claim"] and out["claim"]["work"]:
            out["article"] = article(store, out["claim"]["work"]) if "/article/" in out["claim"]["work"] else source_of(store, out["claim"])
    return out


def source_of(store: Store, claim: dict) -> dict:
    """A claim's work that is not an article (the preface): its digest issue, for the citation."""
    digest = next((r["d"] for r in rows(store, PREFIX + f"SELECT ?d WHERE {{ <{claim['work']}> dcterms:isPartOf ?d }}")), None)
    return {"authors": [], "journal": None, "issn": None, "volume": None, "number": None, "year": None, "forthcoming": False, "title": {},
            "summary": None, "entry": None, "compiler": None, "affiliation": None, "digest": digest,
            "digest_title": langs(store, TITLE, digest, "title") if digest else {}}


def aliases(store: Store, iri: str) -> list[tuple[str, str]]:
    """skos:altLabel values with their language tags."""
    result = store.query(ALIASES, bindings={"x": ox.NamedNode(iri)})
    return [(row["alias"].value, row["alias"].language or "") for row in result]


def iris(data: dict) -> set[str]:
    """Every IRI in the lead data (for the page's labels)."""
    found: set[str] = set()
    stack: list = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
        elif isinstance(item, str) and item.startswith(("https://", "http://")):
            found.add(item)
    return found
