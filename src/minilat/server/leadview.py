"""The top of an entity page as the template shows it (rendered in the query workers, see ``entitypage``).

Turns :func:`minilat.server.lead.lead`'s data into labelled, linked rows: members and
memberships with their periods, events, the claims that involve the entity grouped by
source and holder, an article's bibliographic line, and a claim's holder, statements,
argument links and "cite this".
"""

from __future__ import annotations

from collections import defaultdict

from minilat.ids import BASE
from minilat.server import cite, links
from minilat.server.pages import label_of, passage_url, term

MLO = BASE + "ontology#"
READINGS = BASE + "graph/readings"
ROLE_ORDER = ["hasTopic", "concernsActor", "ascribesFeature", "citesExample", "rejectsAlternative", "placesInContext", "hasProposition", "heldBy"]
HIDDEN_VIA = {MLO + "about", MLO + "claimOf", MLO + "madeIn"}  # "about" is implied by every role; the others by the work's page
HEADINGS = {
    **dict.fromkeys(("article", "preface", "summary"), ("Its claims", "本文论断")),
    **dict.fromkeys(("person", "organization"), ("Claims they hold or that involve them", "其持有或涉及其的论断")),
}
HEADING = ("What the digest's sources say about it", "文摘各方的相关论述")
VIA_TEXT = {MLO + "hasProposition": ("in its statements", "见于论断内容"), MLO + "heldBy": ("its own view", "其自身观点")}
VIEW_ORDER = {"mechanism": ["mechanisms-and-states"], "state": ["mechanisms-and-states", "co-membership"], "claim": ["argument-map"], "concept": ["concept-map"], "article": ["argument-map"]}


def names(iri: str, labels: dict) -> tuple[str, str]:
    zh, en = label_of(iri, labels)
    en = en or zh or links.local_name(iri)
    return en, zh or en


def period(start: str, end: str, current: bool | None) -> str:
    """A membership period: "2007–2008", "since 2017-11" (ongoing), "until 1999-04"."""
    if start and not end:
        return f"since {start}" if current is not False else f"{start}–(ended)"
    return f"{start}–{end}" if start else f"until {end}"


def membership_rows(found: list[dict], labels: dict) -> list[dict]:
    return [
        {
            "who": term({"iri": m["other"]}, labels),
            "membership": links.local(m["membership"]),
            "status": {True: ("current", "现任"), False: ("former", "已退出"), None: ("", "")}[m["current"]],
            "role": term({"iri": m["role"]}, labels) if m["role"] else None,
            "periods": [period(s, e, m["current"]) for s, e in m["periods"]],
            "passage": passage_url(m["passage"]) if m["passage"] else None,
            "source": m["source"],
        }
        for m in found
    ]


def event_rows(found: list[dict], labels: dict) -> list[dict]:
    return [
        {
            "event": term({"iri": e["event"]}, labels),
            "date": e["date"],
            "types": [term({"iri": t}, labels) for t in e["types"]],
            "founding": MLO + "Founding" in e["types"],
            "passage": passage_url(e["passage"]) if e["passage"] else None,
            "offsets": (e["passage"]["start"], e["passage"]["end"]) if e["passage"] else None,
            "source": e["source"],
        }
        for e in found
    ]


def holder_text(claim: dict, labels: dict) -> tuple[str, str]:
    """Whose view: "Xian Wu, Dongchan Kim" or "China (reported)", in English and Chinese."""
    who = [names(h, labels) for h in claim["holders"]]
    en, zh = ", ".join(w[0] for w in who), "、".join(w[1] for w in who if w[1] != w[0])
    kind = names(claim["holder_kind"], labels) if claim["holder_kind"] else ("", "")
    return (f"{en} · {kind[0]}" if kind[0] else en), f"{zh} {kind[1]}".strip()


def claim_row(c: dict, labels: dict) -> dict:
    vias = [v for v in c["via"] if v not in HIDDEN_VIA]
    vias.sort(key=lambda v: ROLE_ORDER.index(v[len(MLO):]) if v[len(MLO):] in ROLE_ORDER else len(ROLE_ORDER))
    return {
        "claim": term({"iri": c["claim"]}, labels),
        "modality": term({"iri": c["modality"]}, labels) if c["modality"] else None,
        "types": [term({"iri": t}, labels) for t in c["types"]],
        "roles": [term({"iri": v}, labels) | (dict(zip(("text", "zh"), VIA_TEXT[v])) if v in VIA_TEXT else {}) for v in vias],
        "quote": c["quote"],
        "statement": c["statement"],
        "passage": passage_url(c["passage"]) if c["passage"] else None,
        "offsets": (c["passage"]["start"], c["passage"]["end"]) if c["passage"] else None,
    }


def claim_groups(found: list[dict], labels: dict, page: str, rows: dict[str, dict] | None = None) -> list[dict]:
    """Claims grouped by source (article or preface), then by holder, in the digest's order. ``rows``
    keeps each claim's row (by claim IRI) for this page, which groups its claims twice: all
    together and by issue."""
    rows = {} if rows is None else rows
    works: dict[str | None, dict[tuple, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for c in found:
        works[c["work"]][(c["holder_kind"], tuple(c["holders"]))].append(c)
    groups = []
    for work, holders in works.items():
        groups.append({
            "work": term({"iri": work}, labels) if work and work != page else None,
            "count": sum(len(cs) for cs in holders.values()),
            "holders": [{"who": holder_text(cs[0], labels), "kind": key[0], "claims": [rows.get(c["claim"]) or rows.setdefault(c["claim"], claim_row(c, labels)) for c in cs]}
                        for key, cs in holders.items()],
        })
    return groups


def theme(item: dict | None, iri: str | None, labels: dict) -> dict:
    """An issue as a heading: its theme in English and Chinese, its number if any, and its page."""
    found = (item or {}).get("theme") or {}
    en = found.get("en") or found.get("") or found.get("zh") or (links.local_name(iri) if iri else "")
    return {"iri": iri, "url": links.local(iri) if iri else None, "en": en, "zh": found.get("zh") or en,
            "number": (item or {}).get("number"), "date": (item or {}).get("date")}


def issue_groups(found: list[dict], issues: dict[str, dict], labels: dict, page: str, rows: dict[str, dict] | None = None) -> list[dict]:
    """Claims grouped by digest issue (in series order, the theme as heading), then by source and holder."""
    by_issue: dict[str | None, list[dict]] = defaultdict(list)
    for c in found:
        by_issue[c.get("issue")].append(c)
    rank = lambda i: issues[i]["rank"] if i in issues else len(issues)  # noqa: E731
    return [{"issue": theme(issues.get(i), i, labels), "count": len(cs), "groups": claim_groups(cs, labels, page, rows)}
            for i, cs in sorted(by_issue.items(), key=lambda kv: (rank(kv[0]), kv[0] or ""))]


def issue_view(iri: str, top: dict, labels: dict) -> dict | None:
    """A digest issue's page: theme, entries with their claims, claims by type, shared and new entities,
    the argument links that cross into other issues."""
    found = top.get("issue")
    if not found:
        return None
    issues = top.get("issues", {})
    entries = []
    for e in found["entries"]:
        entries.append({
            "entry": term({"iri": e["entry"]}, labels), "preface": e["preface"], "number": e["number"],
            "work": term({"iri": e["work"]}, labels) if e["work"] else None,
            "authors": [term({"iri": a}, labels) for a in e["authors"]],
            "journal": term({"iri": e["journal"]}, labels) if e["journal"] else None,
            "compilers": [term({"iri": c}, labels) for c in e["compilers"]],
            "claims": [term({"iri": c}, labels) for c in e["claims"]],
            "passage": passage_url(e["passage"]) if e["passage"] else None,
        })
    others = lambda ws: [theme(None, w, labels) | {"text": names(w, labels)[0]} for w in ws]  # noqa: E731
    across = [{
        "claim": term({"iri": a["claim"]}, labels), "direction": a["direction"], "other": term({"iri": a["other"]}, labels),
        "other_issue": theme(None, a["other_issue"], labels) | dict(zip(("en", "zh"), names(a["other_issue"], labels))),
        "relation": term({"iri": a["relation"]}, labels) if a["relation"] else None,
        "origin": term({"iri": a["origin"]}, labels) if a["origin"] else None, "reading": a["graph"] == READINGS,
        "rationale_en": a["rationale"].get("en"), "rationale_zh": a["rationale"].get("zh"), "link": term({"iri": a["link"]}, labels),
    } for a in found["across"]]
    return {
        "theme": theme(issues.get(iri), iri, labels), "title": found["title"], "entries": entries, "claim_count": found["claim_count"],
        "by_type": [{"type": term({"iri": t}, labels), "count": n} for t, n in found["by_type"]],
        "text": links.local(found["text"]) if found["text"] else None,
        "shared": [{"entity": term({"iri": e}, labels), "issues": others(ws)} for e, ws in sorted(found["shared"], key=lambda kv: names(kv[0], labels)[0].casefold())],
        "new": sorted((term({"iri": e}, labels) for e in found["new"]), key=lambda t: t["text"].casefold()),
        "across": across,
        "reviewers": [term({"iri": r}, labels) for r in found["reviewers"]],
    }


def proposition_rows(found: list[dict], labels: dict) -> list[dict]:
    rows = []
    for p in found:
        qualifiers = [(names(MLO + k, labels)[0], term({"iri": p[v]}, labels)) for k, v in (("byMeans", "means"), ("inRegion", "region")) if p[v]]
        qualifiers += [(names(MLO + k, labels)[0], {"kind": "literal", "text": p[v], "lang": None, "datatype": None}) for k, v in (("startTime", "from"), ("endTime", "until")) if p[v]]
        en, zh = names(p["iri"], labels)
        rows.append({
            "iri": p["iri"], "en": en, "zh": zh, "negated": p["negated"],
            "role": {MLO + "hasCondition": ("if", "条件"), MLO + "hasOutcome": ("then", "结果")}.get(p["role"] or "", None),
            "subject": term({"iri": p["subject"]}, labels) if p["subject"] else None,
            "predicate": term({"iri": p["predicate"]}, labels) if p["predicate"] else None,
            "object": term({"iri": p["object"]}, labels) if p["object"] else None,
            "qualifiers": qualifiers,
        })
    return rows


def argument_rows(found: list[dict], labels: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"out": [], "in": []}
    for a in found:
        out[a["direction"]].append({
            "link": term({"iri": a["link"]}, labels),
            "relation": term({"iri": a["relation"]}, labels) if a["relation"] else None,
            "other": term({"iri": a["other"]}, labels),
            "origin": term({"iri": a["origin"]}, labels) if a["origin"] else None,
            "reading": a["graph"] == READINGS,
            "rationale_en": a["rationale"].get("en"), "rationale_zh": a["rationale"].get("zh"),
        })
    return out


def article_view(art: dict, labels: dict) -> dict:
    return {
        "authors": [term({"iri": a}, labels) for a in art["authors"]],
        "journal": term({"iri": art["journal"]}, labels) if art["journal"] else None,
        "issn": art["issn"], "volume": art["volume"], "number": art["number"], "year": art["year"], "forthcoming": art["forthcoming"],
        "summary": term({"iri": art["summary"]}, labels) if art["summary"] else None,
        "entry": art["entry"],
        "compilers": [{"person": term({"iri": c["iri"]}, labels), "affiliation": term({"iri": c["affiliation"]}, labels) if c["affiliation"] else None}
                      for c in art["compilers"]],
        "digest": term({"iri": art["digest"]}, labels) if art["digest"] else None,
    }


def citation(iri: str, claim: dict, art: dict | None, labels: dict) -> dict[str, str] | None:
    """The three citation formats of a claim's passage (None without a passage or a digest)."""
    if not claim["passage"] or not art or not art["digest_title"]:
        return None
    summary = art["summary"] or claim["summary"]
    text = claim["passage"]["source"]
    is_summary = bool(art["summary"])
    p = cite.Passage(
        claim=iri, label=names(iri, labels)[0], start=claim["passage"]["start"], end=claim["passage"]["end"],
        text_url=f"{text}?start={claim['passage']['start']}&end={claim['passage']['end']}",
        digest_en=art["digest_title"].get("en", ""), digest_zh=art["digest_title"].get("zh") or art["digest_title"].get("en", ""),
        compilers=tuple(names(c["iri"], labels) for c in art["compilers"]),
        editors=None if is_summary else (", ".join(names(h, labels)[0] for h in claim["holders"]), "、".join(names(h, labels)[1] for h in claim["holders"])),
        part_en=f"Summary No. {art['entry']}" if is_summary and art["entry"] else names(summary, labels)[0] if summary else "",
        part_zh=names(summary, labels)[1] if summary else "",
        authors=tuple(names(a, labels)[0] for a in art["authors"]), title=art["title"].get("en"),
        journal=names(art["journal"], labels)[0] if art["journal"] else None,
        volume=art["volume"], number=art["number"], year=art["year"], forthcoming=art["forthcoming"],
    )
    return cite.formats(p)


def claim_view(iri: str, top: dict, labels: dict) -> dict | None:
    c = top.get("claim")
    if not c:
        return None
    work_labels = names(c["work"], labels) if c["work"] else ("", "")
    return {
        "holders": [term({"iri": h}, labels) for h in c["holders"]],
        "holder_kind": term({"iri": c["holder_kind"]}, labels) if c["holder_kind"] else None,
        "reported_by": [term({"iri": a}, labels) for a in (top.get("article") or {}).get("authors", [])] if c["holder_kind"] == MLO + "ReportedActorHolder" else [],
        "modality": term({"iri": c["modality"]}, labels) if c["modality"] else None,
        "types": [term({"iri": t}, labels) for t in c["types"]],
        "quote": c["quote"], "statement": c["statement"],
        "passage": passage_url(c["passage"]) if c["passage"] else None,
        "offsets": (c["passage"]["start"], c["passage"]["end"]) if c["passage"] else None,
        "work": term({"iri": c["work"]}, labels) if c["work"] else None, "work_zh": work_labels[1],
        "summary": term({"iri": c["summary"]}, labels) if c["summary"] else None,
        "issue": theme(top.get("issues", {}).get(c["issue"]), c["issue"], labels) if c.get("issue") else None,
        "propositions": proposition_rows(top.get("propositions", []), labels),
        "arguments": argument_rows(top.get("arguments", []), labels),
        "cite": citation(iri, c, top.get("article"), labels),
    }


def ordered_views(views: list[dict], kind: str) -> list[dict]:
    """The views for this kind of entity first, the whole-graph explorer last."""
    first = VIEW_ORDER.get(kind, [])
    return sorted(views, key=lambda v: (first.index(v["name"]) if v["name"] in first else len(first), v["name"] == "explorer", v["name"]))


def view(data: dict, views: list[dict] | None = None) -> dict:
    """The lead section of ``data`` (an entity's gathered data) and the views showing it."""
    top, labels, iri = data["lead"], data["labels"], data["iri"]
    kind = top["kind"]
    rows: dict[str, dict] = {}  # each claim's row, made once for both groupings
    return {
        "kind": kind,
        "retired": [term({"iri": b}, labels) for b in top["retired"]["by"]] if top["retired"] else None,
        "retired_why": top["retired"]["why"] if top["retired"] else None,
        "aliases": [a for a, _ in top["aliases"]],
        "members": membership_rows(top.get("members", []), labels),
        "memberships": membership_rows(top.get("memberships", []), labels),
        "events": event_rows(top.get("events", []), labels),
        "groups": claim_groups(top["claims"], labels, iri, rows),
        "issue_groups": issue_groups(top["claims"], top.get("issues", {}), labels, iri, rows),
        "issue": issue_view(iri, top, labels) if kind == "digest" else None,
        "claim_count": len(top["claims"]),
        "claims_heading": HEADINGS.get(kind, HEADING),
        "article": article_view(top["article"], labels) if kind == "article" and top.get("article") else None,
        "claim": claim_view(iri, top, labels) if kind == "claim" else None,
        "views": ordered_views(views or [], kind),
    }
