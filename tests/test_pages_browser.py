"""What a user does on the server's pages, in headless Chromium (Playwright, Debian's chromium):
from the home page to the passage that dates the Quad's founding in at most three clicks;
typing "奥库斯" in the search box on any page and landing on AUKUS; a claim's page with its
citation. No console error, no request outside the server. Screenshots at 1440×900 are
written to $MINILAT_SCREENSHOTS (default /tmp/shots) as artefacts, never committed."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import test_server_live
from test_server_live import CHROMIUM, Server

from minilat import paths

SHOTS = Path(os.environ.get("MINILAT_SCREENSHOTS", "/tmp/shots"))
VIEWPORT = {"width": 1440, "height": 900}

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


server = test_server_live.server  # its fixture: `minilat serve` in a subprocess, one per module


@pytest.fixture()
def tab(browser, server):
    """A 1440×900 page that may only reach the server; console errors and outside requests are kept."""
    context = browser.new_context(viewport=VIEWPORT)
    outside: list[str] = []
    errors: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == [] and outside == []


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"pages-{name}.png"))


def test_home_to_the_passage_dating_the_quads_founding_in_three_clicks(tab, server):
    raw = paths.DIGEST.read_text(encoding="utf-8")
    tab.goto(server.url + "/")
    clicks = 0
    tab.get_by_role("link", name="Quadrilateral Security Dialogue", exact=True).first.click()
    clicks += 1
    tab.wait_for_url("**/id/mechanism/quad")
    shot(tab, "quad")
    glance = tab.locator("#glance")
    assert "Founded 成立 2007" in " ".join(glance.inner_text().split())
    glance.get_by_role("link", name="digest passage 6186–6222").click()
    clicks += 1
    tab.wait_for_url("**/id/digest/minilateralism/text?start=6186&end=6222#passage")
    marked = tab.locator("mark#passage")
    assert marked.inner_text() == raw[6186:6222] and "2007" in marked.inner_text() and "Quad最初成立" in marked.inner_text()
    box = marked.bounding_box()
    assert box is not None and 0 <= box["y"] < VIEWPORT["height"]  # scrolled into view
    shot(tab, "quad-founding-passage")
    assert clicks <= 3


def test_search_as_you_type_lands_on_aukus(tab, server):
    tab.goto(server.url + "/id/state/AUS")
    box = tab.locator("#site-search")
    box.click()
    box.press_sequentially("奥库斯", delay=40)
    first = tab.locator("#site-suggestions li a").first
    first.wait_for(state="visible")
    assert first.get_attribute("href") == "/id/mechanism/aukus" and "AUKUS" in first.inner_text()
    shot(tab, "search-suggestions")
    box.press("ArrowDown")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    tab.wait_for_url("**/id/mechanism/aukus")
    assert tab.locator("h1 .label-zh").inner_text() == "奥库斯"
    shot(tab, "aukus")


def test_search_page_without_javascript_choice(tab, server):
    tab.goto(server.url + "/")
    box = tab.locator("#site-search")
    box.fill("四方")
    box.press("Enter")  # no suggestion chosen: the form goes to /search
    tab.wait_for_url("**/search?q=*")
    hits = tab.locator("ol.hits a.hit-link")
    assert hits.first.get_attribute("href") == "/id/mechanism/quad"
    assert hits.nth(1).get_attribute("href") == "/id/mechanism/four-party-talks"
    shot(tab, "search")


def test_claim_page_with_its_statements_links_and_citation(tab, server):
    tab.goto(server.url + "/id/claim/wu-kim-us-minilateralism-exclusive-path")
    assert "China" in tab.locator("#claim p.held").inner_text()
    assert tab.locator("#statements li").count() == 4
    assert tab.locator("#arguments li.argument").count() == 5
    tab.locator("#cite summary", has_text="BibTeX").click()
    assert tab.locator("#cite-bibtex").inner_text().startswith("@incollection{minilat-wu-kim-us-minilateralism-exclusive-path,")
    shot(tab, "claim")
    tab.locator("#cite").scroll_into_view_if_needed()
    shot(tab, "claim-cite")
    tab.goto(server.url + "/id/article/wu-kim-2024")
    assert tab.locator("#bibliography dd.authors").inner_text() == "Xian Wu, Dongchan Kim"
    shot(tab, "article")


def test_entity_page_opens_the_view_centred_on_it(browser, tmp_path):
    """Quad page → "Mechanisms and states": the view opens with the Quad selected (``#focus=IRI``)."""
    import shutil

    from minilat.store import Store
    from minilat.views import write_views

    release = tmp_path / "minilat.nq"
    shutil.copy(paths.GRAPHS / "minilat.nq", release)
    write_views(Store.open(release=release), tmp_path / "views")
    srv = Server(tmp_path, "--data", str(release))
    context = browser.new_context(viewport=VIEWPORT)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(srv.url + "/id/mechanism/quad")
        page.locator("#views a.view-link").first.click()
        page.wait_for_url("**/views/mechanisms-and-states.html#focus=*")
        page.wait_for_function("window.minilat && window.minilat.ready")
        page.wait_for_function("window.minilat.network.getSelectedNodes().length > 0")
        assert page.evaluate("window.minilat.network.getSelectedNodes()") == ["https://w3id.org/minilat/id/mechanism/quad"]
        shot(page, "view-focused-on-quad")
    finally:
        context.close()
        srv.stop()
    assert errors == []
