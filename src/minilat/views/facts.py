"""Everything the views show, fetched from the store by the SPARQL in ``queries`` once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from minilat import library
from minilat.ids import GRAPHS
from minilat.store import Store
from minilat.views import events as ev
from minilat.views import queries as q

SKOS = "http://www.w3.org/2004/02/skos/core#"
#: A claim's holder kind, briefly (the argument map's holder filter, and how a claim is labelled).
HOLDERS = {q.MLO + "AuthorsHolder": "authors", q.MLO + "EditorsHolder": "editors", q.MLO + "CompilerHolder": "compiler",
           q.MLO + "ReportedActorHolder": "reported"}


@dataclass(frozen=True)
class Membership:
    state: str
    mechanism: str
    layer: str
    role: str | None
    evidence: str | None


@dataclass(frozen=True)
class Issue:
    """A digest issue: its theme (English, Chinese) and its place in the series."""

    iri: str
    en: str
    zh: str
    rank: int


@dataclass(frozen=True)
class Work:
    """An article or the preface, with a short citation label (``Panda & Park 2024``)."""

    iri: str
    kind: str
    entry: int
    short_en: str
    short_zh: str
    issue: str | None = None  # the digest issue it is an entry of


@dataclass(frozen=True)
class Claim:
    iri: str
    type: str | None
    work: str
    quote: str
    statement: str
    start: int | None
    end: int | None
    holder_kind: str | None = None
    holders: tuple[str, ...] = ()
    modality: str | None = None
    source: str | None = None  # the text the passage offsets point into
    issue: str | None = None  # the digest issue it is made in

    @property
    def holder(self) -> str:
        """Whose view it is: authors, editors, compiler or reported (authors when the graph does not say)."""
        return HOLDERS.get(self.holder_kind or "", "authors")


@dataclass(frozen=True)
class Link:
    """An argument link between two claims: where it is stated, its origin and rationale."""

    source: str
    relation: str
    target: str
    origin: str  # mlo:StatedInDigest or mlo:CuratorReading
    rationale: tuple[str, str] | None  # (English, Chinese)
    node: str | None = None  # its mlo:ArgumentLink node


@dataclass
class Facts:
    """The dataset as the views see it: plain, sorted Python values."""

    labels: q.Labels
    types: dict[str, set[str]]
    kinds: dict[str, str]
    mechanisms: dict[str, str]
    states: dict[str, str]
    issue_areas: dict[str, list[str]]
    memberships: list[Membership]
    mechanism_relations: list[tuple[str, str, str]]
    works: dict[str, Work]
    claims: dict[str, Claim]
    about: list[tuple[str, str]]
    concepts: dict[str, str]
    concept_links: list[tuple[str, str, str]]
    uses: list[tuple[str, str]]
    links: list[tuple[str, str, str]] = field(default_factory=list)
    argument_links: dict[tuple[str, str, str], Link] = field(default_factory=dict)
    events: list[ev.DatedEvent] = field(default_factory=list)
    periods: list[ev.Period] = field(default_factory=list)
    issues: dict[str, Issue] = field(default_factory=dict)

    def pair(self, iri: str) -> tuple[str, str]:
        return self.labels.pair(iri)

    @property
    def series(self) -> bool:
        """Whether the graph holds more than one digest issue (then views name each claim's issue)."""
        return len(self.issues) > 1

    def theme(self, issue: str | None) -> tuple[str, str]:
        found = self.issues.get(issue or "")
        return (found.en, found.zh) if found else ("", "")

    def heading(self, work: str) -> tuple[str, str]:
        """A work's column header and legend name: its short citation, and its issue's theme when there are several."""
        found = self.works[work]
        if not self.series or not found.issue:
            return found.short_en, found.short_zh
        en, zh = self.theme(found.issue)
        return f"{found.short_en} · {en}", f"{found.short_zh} · {zh}"


def short_citation(iri: str, names: str | None, year: str | None, forthcoming: bool) -> str:
    """Family names joined with ``&`` in the order the work's IRI gives them, and the year."""
    slug = iri.rsplit("/", 1)[-1].casefold()
    people = sorted((n.split()[-1] for n in (names or "").split("|") if n.strip()), key=lambda n: (slug.find(n.casefold()) % 10_000, n))
    when = "forthcoming" if forthcoming else (year or "")
    return " ".join(part for part in (" & ".join(people), when) if part)


def load_issues(store: Store, labels: q.Labels) -> dict[str, Issue]:
    """The digest issues in series order: by number, then date, then IRI."""
    issues = {}
    for rank, row in enumerate(q.rows(store, library.get("issues").text)):  # the query orders them
        iri = str(row["issue"])
        en, zh = labels.pair(iri)
        issues[iri] = Issue(iri, row["theme_en"] or en, row["theme_zh"] or zh, rank)
    return issues


def load_works(store: Store, labels: q.Labels, issues: dict[str, Issue] | None = None) -> dict[str, Work]:
    issues = issues or {}
    of = {str(r["work"]): str(r["issue"]) for r in q.sorted_rows(store, q.WORK_ISSUES, "issue", "work")}
    works: dict[str, Work] = {}
    for row in q.sorted_rows(store, q.WORKS, "entry", "work"):
        iri = str(row["work"])
        en, zh = labels.pair(iri)
        if row["kind"] == "preface":
            short_en, short_zh = en, zh
        else:
            citation = short_citation(iri, row["names"], row["year"], row["forthcoming"] == "true")
            short_en = citation or en
            short_zh = (citation.replace("forthcoming", "待刊") if citation else zh)
        works[iri] = Work(iri, str(row["kind"]), q.as_int(row["entry"]) or 0, short_en, short_zh, of.get(iri))
    rank = lambda w: issues[w.issue].rank if w.issue in issues else len(issues)  # noqa: E731
    return dict(sorted(works.items(), key=lambda kv: (rank(kv[1]), kv[1].entry, kv[0])))


def load_claims(store: Store) -> dict[str, Claim]:
    claims: dict[str, Claim] = {}
    for row in q.sorted_rows(store, q.CLAIMS, "claim", "type", "start"):
        iri = str(row["claim"])
        if iri in claims and claims[iri].type is not None:
            continue
        claims[iri] = Claim(
            iri=iri,
            type=row["type"],
            work=str(row["work"]),
            quote=row["quote"] or "",
            statement=row["statement"] or "",
            start=q.as_int(row["start"]),
            end=q.as_int(row["end"]),
            source=row["source"],
        )
    held: dict[str, tuple[str, set[str], str]] = {}
    for row in q.rows(store, q.HOLDERS):
        iri = str(row["claim"])
        kind, holders, modality = held.setdefault(iri, (str(row["kind"]), set(), str(row["modality"])))
        holders.add(str(row["holder"]))
    for iri, (kind, holders, modality) in held.items():
        if iri in claims:
            claims[iri] = replace(claims[iri], holder_kind=kind, holders=tuple(sorted(holders)), modality=modality)
    for row in q.sorted_rows(store, q.CLAIM_ISSUES, "claim", "issue"):
        iri = str(row["claim"])
        if iri in claims and claims[iri].issue is None:
            claims[iri] = replace(claims[iri], issue=str(row["issue"]))
    return claims


def load_memberships(store: Store) -> list[Membership]:
    found = {}
    for row in q.sorted_rows(store, q.MEMBERSHIPS, "membership", "layer", "role", "passage", "source"):
        key = str(row["membership"])
        if key not in found:
            found[key] = Membership(
                state=str(row["state"]),
                mechanism=str(row["mechanism"]),
                layer=row["layer"] or "digest",
                role=row["role"],
                evidence=row["passage"] or row["source"],
            )
    return sorted(found.values(), key=lambda m: (m.mechanism, m.state, m.layer))


READINGS = str(GRAPHS["readings"])


def load_arguments(store: Store) -> dict[tuple[str, str, str], Link]:
    """Every argument link; without an mlo:ArgumentLink node, its origin follows its named graph."""
    found: dict[tuple[str, str, str], Link] = {}
    for row in q.sorted_rows(store, q.ARGUMENTS, "source", "relation", "target", "graph", "origin"):
        key = (str(row["source"]), str(row["relation"]), str(row["target"]))
        origin = row["origin"] or q.MLO + ("CuratorReading" if row["graph"] == READINGS else "StatedInDigest")
        rationale = (row["rationale_en"] or row["rationale_zh"] or "", row["rationale_zh"] or row["rationale_en"] or "")
        link = Link(*key, origin=origin, rationale=rationale if any(rationale) else None, node=row["link"])
        if key not in found or (found[key].rationale is None and link.rationale is not None) or (found[key].node is None and link.node):
            found[key] = link
    return dict(sorted(found.items()))


def load(store: Store) -> Facts:
    """Run every view query once."""
    labels = q.labels(store)
    issues = load_issues(store, labels)
    types = q.types(store)
    kinds = q.node_kinds(store)
    mechanisms = {iri: cat for iri in sorted(types) if (cat := q.mechanism_category(types[iri]))}
    states = {iri: "" for iri, kind in kinds.items() if kind == "state"}
    for row in q.rows(store, q.STATE_CODES):
        states[str(row["state"])] = str(row["code"])
    issue_areas: dict[str, list[str]] = defaultdict(list)
    for row in q.sorted_rows(store, q.ISSUE_AREAS, "mechanism", "area"):
        issue_areas[str(row["mechanism"])].append(str(row["area"]))
    triples = lambda sparql, a, b, c: sorted((str(r[a]), str(r[b]), str(r[c])) for r in q.rows(store, sparql))  # noqa: E731
    return Facts(
        labels=labels,
        types=dict(types),
        kinds=kinds,
        mechanisms=mechanisms,
        states=dict(sorted(states.items())),
        issue_areas=dict(issue_areas),
        memberships=load_memberships(store),
        mechanism_relations=triples(q.MECHANISM_RELATIONS, "subject", "relation", "object"),
        works=load_works(store, labels, issues),
        claims=load_claims(store),
        argument_links=load_arguments(store),
        about=sorted((str(r["claim"]), str(r["entity"])) for r in q.rows(store, q.ABOUT)),
        concepts={str(r["concept"]): r["definition"] or "" for r in q.sorted_rows(store, q.CONCEPTS, "concept")},
        concept_links=sorted((str(r["concept"]), str(r["relation"]), str(r["other"])) for r in q.rows(store, q.CONCEPT_LINKS)),
        uses=sorted((str(r["user"]), str(r["concept"])) for r in q.rows(store, q.USES_CONCEPT)),
        links=[t for t in triples(q.LINKS, "s", "p", "o") if t[0] in kinds and t[2] in kinds],
        events=ev.load_events(store),
        periods=ev.load_periods(store),
        issues=issues,
    )
