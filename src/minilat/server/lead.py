"""The top of an entity page, gathered from the store (runs in the worker processes).

``lead(store, iri)`` returns plain data for what a reader wants first, by the entity's
kind: a mechanism's members with their periods and its events; a state's memberships; an
article's authors, journal and compiler; a claim's holder, modality, statements, passage
and argument links; for every entity the claims whose topics or statements involve it,
and whether its IRI is retired. IRIs are left for the page to label (see ``iris``).
Read with triple-pattern look-ups (:mod:`minilat.server.walk`), not SPARQL: the nested
OPTIONALs these sections need cost 0.4–2 ms each to plan and run, the look-ups microseconds.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from minilat.ids import BASE
from minilat.server.walk import Walk
from minilat.server.walk import iri as iri_node
from minilat.store import Store

MLO = BASE + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
TIME = "http://www.w3.org/2006/time#"
OWL = "http://www.w3.org/2002/07/owl#"
PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
SCHEMA = "http://schema.org/"
WHEN = [TIME + "inXSDDate", TIME + "inXSDgYearMonth", TIME + "inXSDgYear"]
STATUS = {MLO + "CurrentMembership", MLO + "FormerMembership"}
# how a claim can involve an entity: its roles, source and holder, or its statements' terms
VIAS = [MLO + v for v in ("hasTopic", "concernsActor", "ascribesFeature", "citesExample", "rejectsAlternative", "placesInContext", "about", "claimOf", "madeIn", "heldBy")]
IN_STATEMENT = [MLO + v for v in ("propositionSubject", "propositionObject", "byMeans", "inRegion")]
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def anchor(walk: Walk, node: ox.NamedNode | ox.BlankNode) -> tuple[dict | None, str | None]:
    """In one walk of ``node``'s anchors (mlo:anchoredBy/oa:hasTarget/oa:hasSelector): the first
    passage (its source and start/end) and the first quote (oa:exact)."""
    found, quote = None, None
    for a in walk.objects(node, MLO + "anchoredBy"):
        for t in walk.objects(a, OA + "hasTarget"):
            sources = walk.objects(t, OA + "hasSource")
            for selector in walk.objects(t, OA + "hasSelector"):
                if found is None and sources:
                    start, end = walk.objects(selector, OA + "start"), walk.objects(selector, OA + "end")
                    if start and end:
                        found = {"source": sources[0].value, "start": int(start[0].value), "end": int(end[0].value)}
                if quote is None and (exact := walk.objects(selector, OA + "exact")):
                    quote = exact[0].value
                if found is not None and quote is not None:
                    return found, quote
    return found, quote


def passage(walk: Walk, node: ox.NamedNode | ox.BlankNode) -> dict | None:
    """The first passage anchoring ``node``."""
    return anchor(walk, node)[0]


def when(walk: Walk, per: ox.NamedNode | ox.BlankNode, side: str) -> list[str]:
    """The dates of a period's beginning or end (time:inXSDDate, …gYearMonth, …gYear)."""
    return [w.value for instant in walk.objects(per, TIME + side) for p in WHEN for w in walk.objects(instant, p)]


def membership(walk: Walk, m: ox.NamedNode | ox.BlankNode, theirs: str) -> dict | None:
    """One membership: the state or mechanism on the other side (``theirs``), status, periods, role, source and passage."""
    others = walk.objects(m, ORG + theirs)
    if not others:
        return None
    status = [t.value for t in walk.objects(m, RDF_TYPE) if t.value in STATUS]
    periods = set()
    for per in walk.objects(m, ORG + "memberDuring"):
        periods |= {(s or "", e or "") for s in when(walk, per, "hasBeginning") or [None] for e in when(walk, per, "hasEnd") or [None] if s or e}
    return {
        "membership": m.value, "other": others[0].value, "current": status[-1] == MLO + "CurrentMembership" if status else None,
        "role": walk.first(m, ORG + "role"), "periods": sorted(periods), "source": walk.first(m, DCT + "source"), "passage": passage(walk, m),
    }


def memberships(walk: Walk, iri: str, side: str) -> list[dict]:
    """A mechanism's members (``side="organization"``) or a state's memberships (``"member"``);
    each membership read once per snapshot (both its mechanism's and its state's page show it)."""
    theirs = "member" if side == "organization" else "organization"
    found = {m.value: walk.kept(("membership", m, theirs), membership, m, theirs) for m in walk.subjects(ORG + side, iri)}
    return sorted((m for m in found.values() if m is not None), key=lambda m: (m["current"] is False, m["other"]))


def event(walk: Walk, e: ox.NamedNode | ox.BlankNode) -> dict | None:
    """An event with its date (None without one), types, source and passage."""
    date = walk.first(e, DCT + "date")
    if date is None:
        return None
    types = sorted({t.value for t in walk.objects(e, RDF_TYPE)} - {MLO + "Event"})
    return {"event": e.value, "date": date, "types": types, "source": walk.first(e, DCT + "source"), "passage": passage(walk, e)}


def events(walk: Walk, iri: str) -> list[dict]:
    """The dated events involving ``iri`` (each read once per snapshot: every entity it involves shows it)."""
    found = [walk.kept(("event", e), event, e) for e in walk.subjects(MLO + "involves", iri)]
    return sorted((e for e in found if e is not None), key=lambda e: (e["date"], e["event"]))


def claim_record(walk: Walk, claim: str) -> dict:
    """A claim's holder, source, passage and quote: what every page listing it shows (shared, never changed)."""
    work, entry = walk.first(claim, MLO + "claimOf"), walk.first(claim, MLO + "madeIn")
    where, quote = anchor(walk, ox.NamedNode(claim))
    return {
        "claim": claim, "work": work, "summary": entry, "issue": walk.first(entry, DCT + "isPartOf") if entry else None,
        "holders": in_order(set(walk.values(claim, MLO + "heldBy")), work),
        "holder_kind": walk.first(claim, MLO + "holderKind"), "modality": walk.first(claim, MLO + "hasModality"),
        "quote": quote, "statement": walk.first(claim, MLO + "statement"),
        "types": sorted(set(walk.values(claim, RDF_TYPE)) - {MLO + "Claim"}), "passage": where,
    }


def claims(walk: Walk, vias: dict[str, set[str]]) -> list[dict]:
    """The claims in ``vias`` (claim → how it involves the entity) with holder, source and passage
    (each claim's record read once per snapshot when the walk keeps them, see :meth:`Walk.kept`)."""
    out = [walk.kept(("claim", claim), claim_record, claim) | {"via": sorted(vias[claim])} for claim in vias]
    return sorted(out, key=lambda c: (c["passage"]["start"] if c["passage"] else 1 << 62, c["claim"]))


def involvements(walk: Walk, entity: ox.NamedNode | None = None) -> dict[str, dict[str, set[str]]]:
    """Entity → claim → how the claim involves it (its roles, source and holder, or its statements'
    terms: mlo:hasProposition), for ``entity`` alone or for every entity (the snapshot's index)."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for via in VIAS:
        for q in walk.pattern(None, iri_node(via), entity):
            if q.object.__class__ is ox.NamedNode:
                found[q.object.value][q.subject.value].add(via)
    for p in IN_STATEMENT:
        for q in walk.pattern(None, iri_node(p), entity):
            if q.object.__class__ is ox.NamedNode:
                for claim in walk.subjects(MLO + "hasProposition", q.subject):
                    found[q.object.value][claim.value].add(MLO + "hasProposition")
    return found


def claims_index(walk: Walk) -> dict[str, dict[str, set[str]]]:
    """:func:`involvements` of every entity, read once per snapshot (kept by the walk: never changed)."""
    return walk.kept(("involvements",), involvements)


def involving(walk: Walk, iri: str) -> list[dict]:
    """The claims involving ``iri``: from the snapshot's index when the walk keeps one, else with
    look-ups for it alone."""
    vias = (involvements(walk, iri_node(iri)) if walk.memo is None else claims_index(walk)).get(iri, {})
    return claims(walk, {c: v for c, v in vias.items() if c != iri and c.startswith(("http://", "https://"))})


def propositions(walk: Walk, iri: str) -> list[dict]:
    found = []
    for p in walk.objects(iri, MLO + "hasProposition"):
        roles = [r for r in (MLO + "hasCondition", MLO + "hasOutcome") if walk.has(iri, r, p)]
        one = lambda name: walk.first(p, MLO + name)  # noqa: E731
        found.append({
            "iri": p.value, "role": roles[0] if roles else None, "subject": one("propositionSubject"), "predicate": one("propositionPredicate"),
            "object": one("propositionObject"), "means": one("byMeans"), "region": one("inRegion"), "from": one("startTime"), "until": one("endTime"),
            "negated": one("negated") == "true",
        })
    order = {MLO + "hasCondition": 0, None: 1, MLO + "hasOutcome": 2}
    return sorted(found, key=lambda p: (order.get(p["role"], 1), len(p["iri"]), p["iri"]))


def arguments(walk: Walk, iri: str) -> list[dict]:
    found: dict[str, dict] = {}
    for direction, mine, theirs in (("out", "linkFrom", "linkTo"), ("in", "linkTo", "linkFrom")):
        for link in walk.subjects(MLO + mine, iri):
            if not walk.has(link, RDF_TYPE, MLO + "ArgumentLink"):
                continue
            for other in walk.objects(link, MLO + theirs):
                relations = walk.quads(link, MLO + "linkRelation", None)
                graph = next((q.graph_name.value for q in relations if isinstance(q.graph_name, ox.NamedNode)), None)
                found.setdefault(link.value, {
                    "link": link.value, "direction": direction, "other": other.value, "relation": relations[0].object.value if relations else None,
                    "origin": walk.first(link, MLO + "linkOrigin"), "graph": graph, "rationale": walk.langs(link, MLO + "rationale"),
                })
    return sorted(found.values(), key=lambda a: (a["direction"] != "out", a["relation"] or "", a["other"]))


def in_order(people: set[str], work: str | None) -> list[str]:
    """People in the order of the work's slug, which lists the authors' family names ("wu-kim-2024")."""
    slug = (work or "").rstrip("/").rsplit("/", 1)[-1].split("-")
    position = lambda p: next((i for i, part in enumerate(slug) if p.endswith(("-" + part, "/" + part))), len(slug))  # noqa: E731
    return sorted(people, key=lambda p: (position(p), p))


def article(walk: Walk, iri: str) -> dict | None:
    authors = walk.values(iri, DCT + "creator")
    journals = walk.objects(iri, DCT + "isPartOf")
    summaries = walk.subjects(MLO + "summarizes", iri)
    if not authors and not journals and not summaries:
        return None
    issn = next((v for j in journals for v in walk.values(j, PRISM + "issn")), None)
    summary = summaries[0] if summaries else None
    compilers = sorted(walk.objects(summary, MLO + "compiledBy"), key=lambda c: c.value) if summary else []
    digest = walk.first(summary, DCT + "isPartOf") if summary else None
    return {
        "authors": in_order(set(authors), iri), "journal": journals[0].value if journals else None, "issn": issn,
        "volume": walk.first(iri, PRISM + "volume"), "number": walk.first(iri, PRISM + "number"), "year": walk.first(iri, PRISM + "publicationDate"),
        "forthcoming": walk.first(iri, MLO + "forthcoming") == "true", "title": walk.langs(iri, DCT + "title"),
        "summary": summary.value if summary else None, "entry": walk.first(summary, MLO + "entryNumber") if summary else None,
        "compilers": [{"iri": c.value, "affiliation": walk.first(c, SCHEMA + "affiliation")} for c in compilers],
        "digest": digest, "digest_title": walk.langs(digest, DCT + "title"),
    }


#: What an issue's page lists as the entities it discusses (the shared registry's kinds).
REGISTRY_KINDS = ("mechanism", "state", "concept", "theory", "region")
#: How the bibliography states an issue's number and date (when the manifest gives them).
ISSUE_NUMBER = [PRISM + "number"]
ISSUE_DATE = [DCT + "issued"]


def issue_of_claim(walk: Walk, claim: ox.NamedNode | str) -> str | None:
    """The digest issue a claim is made in (mlo:madeIn its entry, dcterms:isPartOf the issue)."""
    entry = walk.first(claim, MLO + "madeIn")
    return walk.first(entry, DCT + "isPartOf") if entry else None


def issues(walk: Walk, wanted: set[str]) -> dict[str, dict]:
    """Each issue in ``wanted``: its theme (rdfs:label by language), number and date if the graph
    gives them, and its place in the series (by number, then date, then IRI)."""
    found = walk.kept(("issues",), series)
    return {iri: found[iri] for iri in sorted(wanted & found.keys(), key=lambda i: found[i]["rank"])}


def series(walk: Walk) -> dict[str, dict]:
    """Every digest issue by IRI: theme, number, date and rank in the series (read once per snapshot)."""
    found: dict[str, dict] = {}
    for iri in {i.value for i in walk.subjects(RDF_TYPE, MLO + "DigestIssue")}:
        number = next((v for p in ISSUE_NUMBER for v in walk.values(iri, p)), None)
        found[iri] = {"iri": iri, "theme": walk.langs(iri, RDFS + "label"), "number": number,
                      "date": next((v for p in ISSUE_DATE for v in walk.values(iri, p)), None)}
    number = lambda i: int(i["number"]) if (i["number"] or "").isdigit() else 0  # noqa: E731
    for rank, item in enumerate(sorted(found.values(), key=lambda i: (number(i), i["date"] or "", i["iri"]))):
        item["rank"] = rank
    return found


def issue_entities(walk: Walk, iri: str, claims: list[str], text: str | None) -> dict[str, set[str]]:
    """The registry entities an issue discusses (its claims are about them, or its text names them),
    each with every issue that discusses it."""
    mine: set[str] = set()
    for claim in claims:
        mine |= {e.value for e in walk.objects(claim, MLO + "about") if isinstance(e, ox.NamedNode)}
    if text:
        for target in walk.subjects(OA + "hasSource", text):
            for annotation in walk.subjects(OA + "hasTarget", target):
                mine |= {e.value for e in walk.subjects(MLO + "anchoredBy", annotation)}
    mine = {e for e in mine if e.startswith(BASE + "id/") and e[len(BASE) + 3 :].split("/", 1)[0] in REGISTRY_KINDS}
    out: dict[str, set[str]] = {}
    for entity in sorted(mine):
        where = {i for c in walk.subjects(MLO + "about", entity) if (i := issue_of_claim(walk, c))}
        for annotation in walk.objects(entity, MLO + "anchoredBy"):
            for target in walk.objects(annotation, OA + "hasTarget"):
                for source in walk.objects(target, OA + "hasSource"):
                    where |= set(walk.values(source, DCT + "isPartOf"))
        out[entity] = where | {iri}
    return out


def issue(walk: Walk, iri: str) -> dict:
    """A digest issue: its entries (preface, summaries with their article, authors and compiler) and
    claims, its claims by type, the entities it shares with other issues or alone discusses, and the
    argument links between its claims and another issue's."""
    entries, claims = [], []
    for entry in walk.objects(iri, MLO + "hasEntry"):
        types = {t.value for t in walk.objects(entry, RDF_TYPE)}
        work = walk.first(entry, MLO + "summarizes")
        own = sorted((c for c in walk.subjects(MLO + "madeIn", entry) if walk.has(c, RDF_TYPE, MLO + "Claim")),
                     key=lambda c: ((passage(walk, c) or {}).get("start", 1 << 62), c.value))
        claims += [c.value for c in own]
        compilers = sorted(c.value for c in walk.objects(entry, MLO + "compiledBy"))
        entries.append({
            "entry": entry.value, "preface": MLO + "Preface" in types, "number": walk.first(entry, MLO + "entryNumber"),
            "work": work, "authors": in_order(set(walk.values(work, DCT + "creator")), work) if work else [],
            "journal": walk.first(work, DCT + "isPartOf") if work else None, "compilers": compilers,
            "claims": [c.value for c in own], "passage": passage(walk, entry),
        })
    entries.sort(key=lambda e: (not e["preface"], int(e["number"] or 0), e["entry"]))
    by_type: dict[str, int] = defaultdict(int)
    for claim in claims:
        for t in set(walk.values(claim, RDF_TYPE)) - {MLO + "Claim"}:
            by_type[t] += 1
    texts = [t.value for t in walk.subjects(DCT + "isPartOf", iri) if walk.has(t, DCT + "format")]
    mine = set(claims)
    across = []
    for claim in claims:
        for a in arguments(walk, claim):
            other = issue_of_claim(walk, a["other"])
            if other and other != iri and a["other"] not in mine:
                across.append(a | {"claim": claim, "other_issue": other})
    entities = issue_entities(walk, iri, claims, texts[0] if texts else None)
    return {
        "title": walk.langs(iri, DCT + "title"), "entries": entries, "claim_count": len(claims),
        "by_type": sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])), "text": texts[0] if texts else None,
        "shared": [(e, sorted(w - {iri})) for e, w in entities.items() if w - {iri}],  # pairs: the page labels every IRI
        "new": sorted(e for e, w in entities.items() if not w - {iri}),
        "across": sorted(across, key=lambda a: (a["claim"], a["direction"], a["other"])),
        "reviewers": sorted(walk.values(iri, MLO + "reviewedBy")),
    }


def retired(walk: Walk, iri: str) -> dict | None:
    """Whether ``iri`` is retired (owl:deprecated true): by what it is replaced, and why (in English)."""
    if not any(o.value == "true" and o.datatype.value == XSD_BOOLEAN for o in walk.objects(iri, OWL + "deprecated") if isinstance(o, ox.Literal)):
        return None
    why = next((o.value for o in walk.objects(iri, RDFS + "comment") if isinstance(o, ox.Literal) and o.language == "en"), None)
    return {"by": sorted(walk.values(iri, DCT + "isReplacedBy")), "why": why}


def lead(store: Store, iri: str, kind: str, walk: Walk | None = None) -> dict:
    """The lead section's data for an entity of ``kind`` (the ``id/{kind}/…`` segment of its IRI),
    read with ``walk`` when the caller has one over ``store``."""
    walk = walk or Walk(store)
    out: dict = {
        "kind": kind,
        "retired": retired(walk, iri),
        "aliases": sorted(set(aliases(walk, iri))),
        "claims": involving(walk, iri),
    }
    if kind == "mechanism":
        out["members"] = memberships(walk, iri, "organization")
    if kind == "state":
        out["memberships"] = memberships(walk, iri, "member")
    if kind in {"mechanism", "state", "concept", "person", "region"}:
        out["events"] = events(walk, iri)
    if kind == "article":
        out["article"] = article(walk, iri)
    if kind == "digest" and walk.has(iri, RDF_TYPE, MLO + "DigestIssue"):
        out["issue"] = issue(walk, iri)
    if kind == "claim":
        own = claims(walk, {iri: set()})
        out["claim"] = own[0] if own else None
        out["propositions"] = propositions(walk, iri)
        out["arguments"] = arguments(walk, iri)
        if out["claim"] and out["claim"]["work"]:
            out["article"] = article(walk, out["claim"]["work"]) if "/article/" in out["claim"]["work"] else source_of(walk, out["claim"])
    wanted = {c["issue"] for c in [*out["claims"], out.get("claim") or {}] if c.get("issue")} | ({iri} if out.get("issue") else set())
    if wanted:
        out["issues"] = issues(walk, wanted)
    return out


def source_of(walk: Walk, claim: dict) -> dict:
    """A claim's work that is not an article (the preface): its digest issue, for the citation."""
    digest = walk.first(claim["work"], DCT + "isPartOf")
    return {"authors": [], "journal": None, "issn": None, "volume": None, "number": None, "year": None, "forthcoming": False, "title": {},
            "summary": None, "entry": None, "compilers": [], "digest": digest,
            "digest_title": walk.langs(digest, DCT + "title")}


def aliases(walk: Walk, iri: str) -> list[tuple[str, str]]:
    """skos:altLabel values with their language tags."""
    return sorted((o.value, o.language or "") for o in walk.objects(iri, SKOS + "altLabel") if isinstance(o, ox.Literal))


def mentioned(walk: Walk, top: dict) -> set[str]:
    """Every IRI in :func:`lead`'s data (for the page's labels), each claim's found once per snapshot."""
    found = iris({k: v for k, v in top.items() if k != "claims"})
    for c in top["claims"]:
        found |= walk.kept(("claim iris", c["claim"]), claim_iris, c["claim"])
        found.update(c["via"])
    return found


def claim_iris(walk: Walk, claim: str) -> set[str]:
    """The IRIs in a claim's record."""
    return iris(walk.kept(("claim", claim), claim_record, claim))


def iris(data: dict) -> set[str]:
    """Every IRI in the lead data (for the page's labels)."""
    found: set[str] = set()
    stack: list = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item.startswith(("https://", "http://")):
                found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):  # a tuple of types: cheaper than a union
            stack.extend(item)
    return found
