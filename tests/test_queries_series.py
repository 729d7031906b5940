"""The series queries (issues, one issue's claims and entities, claims across issues, links between
issues), each with its exact answer on the real data (one issue) and on the three-issue build of
tests/series.py (the session fixture ``series_home``).

Expected answers are recomputed from the curation YAML of the real issue (corpus/curation/:
registry/ and issues/minilateralism/, read by test_queries.curated) and from the records that
tests/series.py writes for issues 2 and 3; small answers are written out by hand. Nothing is
copied from a query's own output.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pyoxigraph as ox
import pytest
import yaml
from series import ISSUE2, ISSUE2_RECORDS, ISSUE3, ISSUE3_RECORDS
from test_queries import CLAIM_TYPE, CURATION, about, claims, covers, rows
from test_queries_claims import en, holders, modality

from minilat.store import Store

ISSUE1 = "minilateralism"
THEME = {
    ISSUE1: ("全球治理中的小多边主义", "Minilateralism in Global Governance"),
    ISSUE2: ("全球治理中的区域主义", "Regionalism in Global Governance"),
    ISSUE3: ("技术治理中的小多边主义", "Minilateralism in Technology Governance"),
}
# issue 2 summarizes Jagannath Panda (a registry person of issue 1, reused), issue 3 Lin Mei (new)
AUTHOR = {ISSUE2: "person/jagannath-panda", ISSUE3: "person/lin-mei"}


@pytest.fixture(scope="module")
def store() -> Store:
    return Store.open()


@pytest.fixture(scope="module")
def series(series_home) -> Store:
    return Store.open(release=series_home / "graphs" / "minilat.nq")


# --- what the curators wrote --------------------------------------------------------------------


def entry(issue: str, key: str) -> str:
    """A curation entry key (preface, article-N) as the entry's IRI."""
    return (
        f"preface/{issue}"
        if key == "preface"
        else f"summary/{issue}-{key.removeprefix('article-')}"
    )


@cache
def issue1_mentions() -> Counter:
    """entity ref → number of passages naming it in the real issue (its mention records)."""
    counts: Counter = Counter()
    for path in sorted((CURATION / "issues" / ISSUE1 / "mentions").glob("*.yaml")):
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            counts[row["entity"]] += len(row.get("mentions", []))
    return counts


def synthetic_mentions(records: dict) -> Counter:
    return Counter(
        {
            row["entity"]: len(row["mentions"])
            for row in records["mentions/mentions.yaml"]
        }
    )


MENTIONS = {
    ISSUE2: synthetic_mentions(ISSUE2_RECORDS),
    ISSUE3: synthetic_mentions(ISSUE3_RECORDS),
}
SYNTHETIC_CLAIMS = {
    ISSUE2: {c["slug"]: c for c in ISSUE2_RECORDS["claims/article-1.yaml"]},
    ISSUE3: {c["slug"]: c for c in ISSUE3_RECORDS["claims/article-1.yaml"]},
}


# --- issues -------------------------------------------------------------------------------------


def issue_row(issue: str, claims_: int, summaries: int, entities: int) -> tuple:
    # the manifest gives the synthetic issues their numbers (2, 3); the first issue's file gives none
    number = {"regionalism": "2", "technology": "3"}.get(issue)
    return (f"digest/{issue}", *THEME[issue], number, claims_, summaries, entities, None)  # no issue gives a date


def test_curation_counts_the_issue_rows_rest_on():
    assert len(claims()) == 105
    assert len({c["entry"] for c in claims().values()} - {"preface"}) == 4
    assert len(issue1_mentions()) == 119


@covers("issues")
def test_issues_on_the_real_data(store):
    assert rows(store, "issues") == [
        issue_row(ISSUE1, len(claims()), 4, len(issue1_mentions()))
    ]


def test_issues_on_three_issues(series):
    assert rows(series, "issues") == [
        issue_row(ISSUE1, 105, 4, 119),
        issue_row(ISSUE2, 3, 1, 4),  # the Quad, BRICS, ASEAN, China
        issue_row(ISSUE3, 1, 1, 3),  # AUKUS, the Quad, Australia
    ]


# --- the claims of one issue (one GRAPH clause) -------------------------------------------------


def expected_issue1_claims() -> set[tuple]:
    return {
        (
            entry(ISSUE1, c["entry"]),
            "claim/" + slug,
            CLAIM_TYPE[c["type"]],
            h,
            modality(c),
        )
        for slug, c in claims().items()
        for h in holders(c)
    }


ISSUE_CLAIMS_COLUMNS = ("issue", "graph", "entry", "claim", "claim_type", "holder", "modality")


def issue_claims(store: Store, issue: str) -> list[tuple]:
    got = rows(store, "issue-claims", *ISSUE_CLAIMS_COLUMNS, issue=f"digest/{issue}")
    # every row is read from the issue's own graph, and the bound issue comes back
    assert {(g[0], g[1]) for g in got} == {(f"digest/{issue}", f"graph:issue/{issue}")}
    return [g[2:] for g in got]


@covers("issue-claims")
def test_issue_claims_on_the_real_data(store):
    got = issue_claims(store, ISSUE1)
    assert (
        len(got) == len(set(got)) == 150
    )  # 105 claims, one row per holder (two-author articles twice)
    assert set(got) == expected_issue1_claims()
    # by entry: preface first, then summaries 1-4
    entries = [g[0] for g in got]
    assert list(dict.fromkeys(entries)) == [
        f"preface/{ISSUE1}",
        *(f"summary/{ISSUE1}-{n}" for n in range(1, 5)),
    ]
    # unbound: every issue, here the one
    assert {
        g[2:]
        for g in rows(store, "issue-claims", *ISSUE_CLAIMS_COLUMNS)
    } == expected_issue1_claims()


def test_issue_claims_on_three_issues(series):
    assert set(issue_claims(series, ISSUE1)) == expected_issue1_claims()
    assert issue_claims(series, ISSUE2) == [
        (
            f"summary/{ISSUE2}-1",
            f"claim/{ISSUE2}/asean-centrality-persists",
            "empirical finding",
            AUTHOR[ISSUE2],
            "asserts",
        ),
        (
            f"summary/{ISSUE2}-1",
            f"claim/{ISSUE2}/brics-expansion-spreads-minilateralism",
            "empirical finding",
            AUTHOR[ISSUE2],
            "asserts",
        ),
        (
            f"summary/{ISSUE2}-1",
            f"claim/{ISSUE2}/quad-hard-balancing-coalition",
            "typology or definition",
            AUTHOR[ISSUE2],
            "asserts",
        ),
    ]
    assert issue_claims(series, ISSUE3) == [
        (
            f"summary/{ISSUE3}-1",
            f"claim/{ISSUE3}/quad-balancing-in-technology",
            "empirical finding",
            AUTHOR[ISSUE3],
            "asserts",
        ),
    ]
    # the curated types agree
    for issue in (ISSUE2, ISSUE3):
        assert {(c, t) for _, c, t, _, _ in issue_claims(series, issue)} == {
            (f"claim/{issue}/{s}", CLAIM_TYPE[c["type"]])
            for s, c in SYNTHETIC_CLAIMS[issue].items()
        }
    # a claim of issue 1 that issue 2 contests stays in issue 1 (the reading lives in graph/readings)
    assert "claim/bisley-security-infrastructure-not-balancing" not in {
        g[1] for g in issue_claims(series, ISSUE2)
    }


# --- every claim about an entity, in any issue --------------------------------------------------


def expected_quad_issue1() -> set[tuple]:
    return {
        (
            f"digest/{ISSUE1}",
            entry(ISSUE1, c["entry"]),
            h,
            en(h),
            modality(c),
            "claim/" + slug,
        )
        for slug, c in claims().items()
        if "mechanism/quad" in about(c)
        for h in holders(c)
    }


QUAD_LATER = [
    (
        f"digest/{ISSUE2}",
        f"summary/{ISSUE2}-1",
        AUTHOR[ISSUE2],
        "Jagannath Panda",
        "asserts",
        f"claim/{ISSUE2}/quad-hard-balancing-coalition",
    ),
    (
        f"digest/{ISSUE3}",
        f"summary/{ISSUE3}-1",
        AUTHOR[ISSUE3],
        "Lin Mei",
        "asserts",
        f"claim/{ISSUE3}/quad-balancing-in-technology",
    ),
]
COLUMNS = ("issue", "entry", "holder", "holder_label", "modality", "claim")


@covers("entity-claims-across-issues")
def test_entity_claims_across_issues_on_the_real_data(store):
    got = rows(store, "entity-claims-across-issues", *COLUMNS, entity="mechanism/quad")
    assert set(got) == expected_quad_issue1()
    assert (
        len(got) == len(set(got)) == 7
    )  # all Bisley's (No. 4): the Quad's founding, revival, what it is and is not
    assert [g[3] for g in got] == sorted(g[3] for g in got)  # by holder


def test_entity_claims_across_issues_on_three_issues(series):
    got = rows(series, "entity-claims-across-issues", *COLUMNS, entity="mechanism/quad")
    # issue 1's Quad claims, then issue 2's and issue 3's: one IRI for the Quad in every issue
    assert set(got[:-2]) == expected_quad_issue1()
    assert got[-2:] == QUAD_LATER
    assert [g[0] for g in got] == sorted(g[0] for g in got)  # by issue
    # BRICS is new in issue 2, named by one claim only
    assert rows(
        series, "entity-claims-across-issues", *COLUMNS, entity="mechanism/brics"
    ) == [
        (
            f"digest/{ISSUE2}",
            f"summary/{ISSUE2}-1",
            AUTHOR[ISSUE2],
            "Jagannath Panda",
            "asserts",
            f"claim/{ISSUE2}/brics-expansion-spreads-minilateralism",
        ),
    ]


# --- argument links between issues -------------------------------------------------------------


@covers("cross-issue-links")
def test_cross_issue_links_on_the_real_data(store):
    # one issue: every link, across sources or not, stays within it
    assert rows(store, "cross-issue-links") == []


def test_cross_issue_links_on_three_issues(series):
    assert (
        rows(series, "cross-issue-links")
        == [
            (
                "mlo:contests",
                f"claim/{ISSUE2}/quad-hard-balancing-coalition",
                f"digest/{ISSUE2}",
                "claim/bisley-security-infrastructure-not-balancing",  # issue 1 keeps its released, unscoped IRI
                f"digest/{ISSUE1}",
                "curator's reading",
                "Bisley denies that the Quad is hard balancing; this article asserts it.",
            ),
            (
                "mlo:supports",
                f"claim/{ISSUE3}/quad-balancing-in-technology",
                f"digest/{ISSUE3}",
                f"claim/{ISSUE2}/quad-hard-balancing-coalition",
                f"digest/{ISSUE2}",
                "curator's reading",
                "Both read the Quad as balancing China.",
            ),
        ]
    )


# --- the entities of one issue, shared or new ---------------------------------------------------


def status(others: int) -> str:
    return "shared" if others else "new in this issue"


def issue_entities(store: Store, issue: str) -> set[tuple]:
    got = rows(
        store,
        "issue-entities",
        "issue",
        "entity",
        "mentions",
        "other_issues",
        "status",
        issue=f"digest/{issue}",
    )
    assert len(got) == len(set(got))
    assert {g[0] for g in got} <= {f"digest/{issue}"}
    return {g[1:] for g in got}


@covers("issue-entities")
def test_issue_entities_on_the_real_data(store):
    got = issue_entities(store, ISSUE1)
    assert got == {
        (ref, n, 0, "new in this issue") for ref, n in issue1_mentions().items()
    }
    assert len(got) == 119
    labels = {
        r[1]: (r[2], r[3])
        for r in rows(
            store,
            "issue-entities",
            "issue",
            "entity",
            "entity_en",
            "entity_zh",
            issue=f"digest/{ISSUE1}",
        )
    }
    assert labels["mechanism/quad"] == (
        "Quadrilateral Security Dialogue",
        "四方安全对话",
    )


def test_issue_entities_on_three_issues(series):
    later = {
        ref: {ISSUE2, ISSUE3} & {i for i, m in MENTIONS.items() if ref in m}
        for ref in issue1_mentions()
    }
    assert {ref: len(i) for ref, i in later.items() if i} == {
        "mechanism/quad": 2,
        "mechanism/aukus": 1,
        "state/AUS": 1,
        "state/CHN": 1,
    }
    assert issue_entities(series, ISSUE1) == {
        (ref, n, len(later[ref]), status(len(later[ref])))
        for ref, n in issue1_mentions().items()
    }
    assert issue_entities(series, ISSUE2) == {
        ("mechanism/quad", 1, 2, "shared"),  # issues 1 and 3
        ("state/CHN", 1, 1, "shared"),
        ("mechanism/brics", 1, 0, "new in this issue"),
        ("mechanism/asean", 1, 0, "new in this issue"),
    }
    assert issue_entities(series, ISSUE3) == {
        ("mechanism/quad", 1, 2, "shared"),
        ("mechanism/aukus", 1, 1, "shared"),
        ("state/AUS", 1, 1, "shared"),
    }
    # shared first, then new
    order = [r[6] for r in rows(series, "issue-entities", issue=f"digest/{ISSUE2}")]
    assert order == ["shared", "shared", "new in this issue", "new in this issue"]


# --- existing queries that now see many issues --------------------------------------------------


def test_series_order_of_the_bibliographic_queries(series):
    """Articles, authors, compilers and claim counts come issue by issue, then entry by entry."""
    got = rows(series, "articles", "digest_issue", "entry", "article")
    assert [g[:2] for g in got] == [
        *((f"digest/{ISSUE1}", n) for n in range(1, 5)),
        (f"digest/{ISSUE2}", 1),
        (f"digest/{ISSUE3}", 1),
    ]
    reviewed = [
        g
        for g in rows(
            series, "compilers-and-reviewers", "task", "digest_issue", "person"
        )
        if g[0] == "reviewed"
    ]
    assert reviewed == [
        ("reviewed", f"digest/{issue}", p)
        for issue in (ISSUE1, ISSUE2, ISSUE3)
        for p in ("person/chen-zhaoyuan", "person/yang-jiahao")
    ]
    counts = rows(
        series, "claims-by-article-and-type", "digest_issue", "entry", "work", "claims"
    )
    assert [g for g in counts if g[0] != f"digest/{ISSUE1}"] == [
        (
            f"digest/{ISSUE2}",
            1,
            "article/panda-2025",
            2,
        ),  # empirical finding: BRICS, ASEAN
        (
            f"digest/{ISSUE2}",
            1,
            "article/panda-2025",
            1,
        ),  # typology or definition: the Quad
        (f"digest/{ISSUE3}", 1, "article/mei-forthcoming", 1),  # Lin Mei, forthcoming
    ]
    assert sum(g[3] for g in counts) == 105 + 3 + 1


def test_issues_are_ordered_by_number_as_a_number_and_an_issue_without_english_is_listed():
    """Issue 10 comes after issue 2 (the numbers are plain literals), an issue with no number
    first; an issue `minilat add` just drafted has no English theme yet and is still listed."""
    store = Store()
    mlo, rdfs, prism = "https://w3id.org/minilat/ontology#", "http://www.w3.org/2000/01/rdf-schema#", "http://prismstandard.org/namespaces/basic/2.0/"
    digest = "https://w3id.org/minilat/id/digest/"
    quads = ""
    for slug, number, en in [("ten", "10", "Ten"), ("two", "2", "Two"), ("none", None, "None"), ("fresh", "11", None)]:
        quads += f'<{digest}{slug}> a <{mlo}DigestIssue> ; <{rdfs}label> "{slug}"@zh .\n'
        quads += f'<{digest}{slug}> <{rdfs}label> "{en}"@en .\n' if en else ""
        quads += f'<{digest}{slug}> <{prism}number> "{number}" .\n' if number else ""
    store.load_data(quads.encode(), ox.RdfFormat.TURTLE, graph="https://w3id.org/minilat/graph/bibliography")
    assert rows(store, "issues", "issue", "theme_en", "number") == [
        ("digest/none", "None", None), ("digest/two", "Two", "2"), ("digest/ten", "Ten", "10"), ("digest/fresh", None, "11"),
    ]
