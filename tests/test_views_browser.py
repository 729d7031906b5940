"""The views in Debian's Chromium (Playwright from PyPI, no downloaded browser): offline, counts, search, XSS."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from test_views import (
    NODE_COUNTS,
    QUAD,
    VIEWS,
    XSS,
    count,
    real_views,
    release_store,
    synthetic_views,
)

LOCAL = ("file://", "data:", "about:", "http://localhost", "http://127.0.0.1")
EVIL = "https://w3id.org/minilat/id/mechanism/evil"


@dataclass
class Opened:
    """A page with what it logged, requested outside its origin and tried to pop up."""

    page: object
    errors: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def page_opener(browser: object, width: int) -> Iterator[Callable[..., Opened]]:
    """Opens pages at ``width``×900, each recording console errors and warnings, requests not starting with
    ``local``, and dialogs; waits for ``window.minilat.ready`` unless told not to; closes them all at the end."""
    pages = []

    def opener(url: str, local: tuple[str, ...], wait: bool = True) -> Opened:
        page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
        pages.append(page)
        found = Opened(page)
        page.on("console", lambda m: found.errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: found.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(local) else found.remote.append(r.url))
        page.on("dialog", lambda d: (found.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        if wait:
            page.wait_for_function("window.minilat && window.minilat.ready", timeout=20_000)
        return found

    try:
        yield opener
    finally:
        for page in pages:
            page.close()


@pytest.fixture()
def open_page(browser: object) -> Iterator[Callable[..., Opened]]:
    with page_opener(browser, 1400) as opener:
        yield lambda path, wait=True: opener(path.as_uri(), LOCAL, wait)


def hover_node(page: object, node_id: str) -> None:
    """Move the mouse onto a node (canvas coordinates → page coordinates)."""
    point = page.evaluate(  # type: ignore[attr-defined]
        """id => { const n = window.minilat.network; const p = n.canvasToDOM(n.getPositions([id])[id]);
                   const box = document.getElementById('network').getBoundingClientRect();
                   return {x: box.left + p.x, y: box.top + p.y}; }""", node_id)
    page.mouse.move(point["x"] + 40, point["y"] + 40)  # type: ignore[attr-defined]
    page.mouse.move(point["x"], point["y"], steps=4)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", VIEWS)
def test_view_opens_offline_with_sparql_node_count(open_page, name: str) -> None:
    opened = open_page(real_views() / f"{name}.html")
    assert opened.page.evaluate("window.minilat.nodes.length") == count(release_store(), NODE_COUNTS[name])
    assert opened.page.evaluate("window.minilat.network.physics.physicsEnabled") is False
    assert opened.errors == [] and opened.remote == [] and opened.dialogs == []


def test_index_links_every_view(open_page) -> None:
    opened = open_page(real_views() / "index.html", wait=False)
    hrefs = opened.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert {f"{v}.html" for v in VIEWS} <= set(hrefs)
    assert "centrality.csv" in hrefs and "explorer.gexf" in hrefs
    assert opened.errors == [] and opened.remote == []


def test_explorer_search_finds_and_focuses_the_quad(open_page) -> None:
    opened = open_page(real_views() / "explorer.html")
    page = opened.page
    page.fill("#search", "四方安全对话")
    page.press("#search", "Enter")
    assert page.evaluate("window.minilat.network.getSelectedNodes()") == [QUAD]
    assert page.text_content("#search-status") == "已找到"
    assert page.text_content("#details h3") == "四方安全对话"
    view, node = page.evaluate("[window.minilat.network.getViewPosition(), window.minilat.network.getPositions(['%s'])['%s']]" % (QUAD, QUAD))
    assert abs(view["x"] - node["x"]) < 1 and abs(view["y"] - node["y"]) < 1
    page.fill("#search", "Quad")  # an English alternative label finds the same node
    page.press("#search", "Enter")
    assert page.evaluate("window.minilat.network.getSelectedNodes()") == [QUAD]
    assert opened.errors == []


def test_language_switch_filters_and_physics_toggle(open_page) -> None:
    page = open_page(real_views() / "explorer.html").page
    page.select_option("#lang", "en")
    assert page.evaluate(f"window.minilat.nodes.get('{QUAD}').label") == "Quadrilateral Security Dialogue"
    assert page.text_content("h1") == "Whole-graph explorer"
    page.uncheck('input[data-kind="claim"]')
    hidden = page.evaluate("window.minilat.nodes.get({filter: n => n.hidden}).length")
    assert hidden == count(release_store(), "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a mlo:Claim }")
    page.check("#physics")
    assert page.evaluate("window.minilat.network.physics.physicsEnabled") is True


def test_claim_tooltip_shows_quote_type_and_offsets(open_page) -> None:
    page = open_page(real_views() / "argument-map.html").page
    claim = page.evaluate("window.minilat.data.nodes.find(n => n.kind === 'claim' && n.id.endsWith('/claim/dee-inside-outside-typology')) || window.minilat.data.nodes.find(n => n.kind === 'claim')")
    hover_node(page, claim["id"])
    page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
    text = page.text_content("#tooltip")
    fields = {f[0]: f[2] for f in claim["fields"]}
    assert fields["Quote"] in text and "论断类型" in text and "原文位置" in text
    assert fields["Passage"][1] in text


def test_xss_label_does_not_run(open_page) -> None:
    for path in sorted(synthetic_views().glob("*.html")):
        opened = open_page(path, wait=path.name != "index.html")
        page = opened.page
        if path.name not in ("index.html", "timeline.html"):
            for node in page.evaluate("window.minilat.data.nodes.map(n => n.id)"):
                hover_node(page, node)
            page.evaluate("id => window.minilat.focusNode(id)", EVIL) if page.evaluate(f"!!window.minilat.nodes.get('{EVIL}')") else None
            page.fill("#search", XSS)
            page.press("#search", "Enter")
        if path.name in ("mechanisms-and-states.html", "explorer.html"):
            hover_node(page, EVIL)
            page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
            assert XSS in page.text_content("#tooltip")
            assert XSS in page.text_content("#details")
        tags = "img, iframe, b, i, u, object, embed" + ("" if path.name == "timeline.html" else ", svg")  # the timeline is drawn in SVG
        injected = page.evaluate(f"document.querySelectorAll('{tags}').length + document.querySelectorAll('[onload], [onerror]').length")
        scripts = page.evaluate("document.scripts.length")
        assert (opened.dialogs, injected) == ([], 0), path.name
        # the data, vis-network, the links helper, the page's and the legend's scripts (and the argument map's own)
        assert scripts == {"index.html": 1, "timeline.html": 3, "argument-map.html": 6}.get(path.name, 5), path.name
        assert opened.errors == [] and opened.remote == [], path.name
