"""The argument map over a build of three issues (tests/series.py, the session fixture ``series_home``):
a filter by issue with exactly the three issues and their claim counts, every claim and column
header tagged with its issue, the cross-issue links drawn like cross-source ones; in Chromium,
unticking two issues leaves exactly the third's claims."""

from __future__ import annotations

from collections import Counter

import pytest
from test_views import page_data

from minilat.store import Store
from minilat.views import build_views, write_built

MLO = "https://w3id.org/minilat/ontology#"
ID = "https://w3id.org/minilat/id/"
DIGEST = "https://w3id.org/minilat/id/digest/"
CLAIM = "https://w3id.org/minilat/id/claim/"
ISSUES = [
    {"iri": DIGEST + "minilateralism", "en": "Minilateralism in Global Governance", "zh": "全球治理中的小多边主义", "count": 105},
    {"iri": DIGEST + "regionalism", "en": "Regionalism in Global Governance", "zh": "全球治理中的区域主义", "count": 3},
    {"iri": DIGEST + "technology", "en": "Minilateralism in Technology Governance", "zh": "技术治理中的小多边主义", "count": 1},
]


@pytest.fixture(scope="module")
def views(series_home, tmp_path_factory):
    """The views of the series build, written as `minilat views` writes them."""
    out = tmp_path_factory.mktemp("series-views")
    write_built(*build_views(Store.open(release=series_home / "graphs" / "minilat.nq")), out)
    return out


@pytest.fixture(scope="module")
def data(views):
    return page_data(views / "argument-map.html")


def visible_claims(data: dict, hidden_issues: set[str]) -> set[str]:
    """The page's filter (argument.js: a claim is shown unless its issue is unticked), in Python."""
    return {n["id"] for n in data["nodes"] if n["kind"] == "claim" and n["issue"] not in hidden_issues}


def test_issue_filter_has_exactly_the_three_issues(data):
    assert data["argument"]["issues"] == ISSUES


def test_every_claim_and_column_names_its_issue(data):
    claims = [n for n in data["nodes"] if n["kind"] == "claim"]
    assert Counter(n["issue"] for n in claims) == {DIGEST + "minilateralism": 105, DIGEST + "regionalism": 3, DIGEST + "technology": 1}
    works = {n["en"]: n["issue"] for n in data["nodes"] if n["kind"] == "work"}
    assert works == {
        "Preface · Minilateralism in Global Governance": DIGEST + "minilateralism",
        "Panda & Park 2024 · Minilateralism in Global Governance": DIGEST + "minilateralism",
        "Wu & Kim 2024 · Minilateralism in Global Governance": DIGEST + "minilateralism",
        "Dee 2024 · Minilateralism in Global Governance": DIGEST + "minilateralism",
        "Bisley forthcoming · Minilateralism in Global Governance": DIGEST + "minilateralism",
        "Panda 2025 · Regionalism in Global Governance": DIGEST + "regionalism",
        "Mei forthcoming · Minilateralism in Technology Governance": DIGEST + "technology",
    }
    legend = [item["en"] for item in data["legend"]["nodes"] if item["en"].startswith("claim — ")]
    assert legend[-2:] == ["claim — Panda 2025 · Regionalism in Global Governance", "claim — Mei forthcoming · Minilateralism in Technology Governance"]
    quad = next(n for n in claims if n["id"] == CLAIM + "regionalism/quad-hard-balancing-coalition")
    assert ["Issue", "期", ["Regionalism in Global Governance", "全球治理中的区域主义"]] in quad["fields"]


def test_filtering_to_one_issue_shows_exactly_its_claims(data):
    everyone = {i["iri"] for i in ISSUES}
    assert visible_claims(data, everyone - {DIGEST + "regionalism"}) == {
        CLAIM + "regionalism/quad-hard-balancing-coalition",
        CLAIM + "regionalism/brics-expansion-spreads-minilateralism",
        CLAIM + "regionalism/asean-centrality-persists",
    }
    assert visible_claims(data, everyone - {DIGEST + "technology"}) == {CLAIM + "technology/quad-balancing-in-technology"}
    assert len(visible_claims(data, everyone - {DIGEST + "minilateralism"})) == 105


def test_cross_issue_links_are_drawn_like_cross_source_ones(data):
    links = {(e["from"].removeprefix(CLAIM), e["relation"].removeprefix(MLO), e["to"].removeprefix(CLAIM)): e for e in data["edges"]
             if e["relation"] in {MLO + "supports", MLO + "contests"} and ("regionalism/" in e["from"] or "technology/" in e["from"])}
    assert set(links) == {
        ("regionalism/quad-hard-balancing-coalition", "contests", "bisley-security-infrastructure-not-balancing"),
        ("technology/quad-balancing-in-technology", "supports", "regionalism/quad-hard-balancing-coalition"),
    }
    contest = links[("regionalism/quad-hard-balancing-coalition", "contests", "bisley-security-infrastructure-not-balancing")]
    assert contest["across"] is True and contest["disagree"] is True and contest["origin"] == "curator"
    assert ["Between issues", "跨期", ["Regionalism in Global Governance → Minilateralism in Global Governance", "全球治理中的区域主义 → 全球治理中的小多边主义"]] in contest["fields"]
    assert contest["id"] in {d["edge"] for d in data["argument"]["disagreements"]}
    support = links[("technology/quad-balancing-in-technology", "supports", "regionalism/quad-hard-balancing-coalition")]
    assert support["across"] is True and support["disagree"] is False


def test_timeline_and_network_views_are_written(views):
    for name in ("mechanisms-and-states", "co-membership", "concept-map", "explorer"):
        assert page_data(views / f"{name}.html")["nodes"]
    mechanisms = {n["id"] for n in page_data(views / "mechanisms-and-states.html")["nodes"]}
    assert {ID + "mechanism/brics", ID + "mechanism/asean"} <= mechanisms  # new in issue 2
    timeline = page_data(views / "timeline.html")
    # the synthetic issues date nothing new; issue 3 restates Australia in AUKUS: still one membership, one bar
    assert (len(timeline["events"]), len(timeline["periods"])) == (19, 15)
    assert [p["membership"] for p in timeline["periods"] if p["membership"].endswith("/aukus-AUS")] == [ID + "membership/aukus-AUS"]


def test_unticking_two_issues_in_chromium_leaves_the_third(views, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((views / "argument-map.html").as_uri())
    page.wait_for_function("window.minilat && window.minilat.ready", timeout=20_000)
    boxes = page.evaluate("Array.from(document.querySelectorAll('#issue-filters input')).map(b => b.dataset.key)")
    assert boxes == [i["iri"] for i in ISSUES]
    shown = "window.minilat.nodes.get({filter: n => !n.hidden && window.minilat.byId.get(n.id).kind === 'claim'}).map(n => n.id).sort()"
    assert len(page.evaluate(shown)) == 109
    for issue in (DIGEST + "minilateralism", DIGEST + "technology"):
        page.click(f'#issue-filters input[data-key="{issue}"]')
    assert page.evaluate(shown) == sorted([
        CLAIM + "regionalism/asean-centrality-persists",
        CLAIM + "regionalism/brics-expansion-spreads-minilateralism",
        CLAIM + "regionalism/quad-hard-balancing-coalition",
    ])
    works = "window.minilat.nodes.get({filter: n => !n.hidden && window.minilat.byId.get(n.id).kind === 'work'}).map(n => n.id)"
    assert page.evaluate(works) == ["https://w3id.org/minilat/id/article/panda-2025"]
    assert errors == []
    page.close()
