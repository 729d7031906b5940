"""The views as a user meets them, in Debian's Chromium at 1440×900: opened from disk and from `minilat serve`.

Every page opens with no console error and no request outside its origin; labels of the mechanisms
view never overlap and the drawing fills the canvas; the legend follows the colour mode; the
argument map's filters, focus mode and disagreements; from a qualifies edge to both claims'
passages on the server. Screenshots of every page go to a pytest temporary folder (or to
$MINILAT_SCREENSHOTS), never into the repository.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_views import real_views, release_store
from test_views_browser import Opened, page_opener

from minilat import paths
from minilat.store import Store
from minilat.views import write_views

PAGES = ("index", "mechanisms-and-states", "co-membership", "timeline", "argument-map", "concept-map", "explorer")
ID = "https://w3id.org/minilat/id/"
QUAD = ID + "mechanism/quad"
RIVALRY = ID + "claim/panda-park-rivalry-and-fragmentation-drive-indo-pacific-minilateralism"
OVERLAPS = """() => { const n = window.minilat.network; const ids = window.minilat.nodes.getIds({filter: x => !x.hidden});
  const boxes = ids.map(id => [id, n.getBoundingBox(id)]); const clash = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) { const a = boxes[i][1], b = boxes[j][1];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) clash.push([boxes[i][0], boxes[j][0]]); }
  const c = document.getElementById('network').getBoundingClientRect();
  const tl = n.canvasToDOM({x: Math.min(...boxes.map(b => b[1].left)), y: Math.min(...boxes.map(b => b[1].top))});
  const br = n.canvasToDOM({x: Math.max(...boxes.map(b => b[1].right)), y: Math.max(...boxes.map(b => b[1].bottom))});
  return {clash, fill: [(br.x - tl.x) / c.width, (br.y - tl.y) / c.height], canvas: [c.width, c.height]}; }"""
EDGE_POINT = """id => { const n = window.minilat.network; const e = window.minilat.edges.get(id); const pos = n.getPositions([e.from, e.to]);
  const boxes = window.minilat.nodes.getIds({filter: x => !x.hidden}).map(i => n.getBoundingBox(i));
  const r = document.getElementById('network').getBoundingClientRect();
  for (let k = 0; k < 60; k++) { const t = 0.5 + (k % 2 ? 1 : -1) * Math.floor((k + 1) / 2) * 0.012;
    const p = {x: pos[e.from].x + t * (pos[e.to].x - pos[e.from].x), y: pos[e.from].y + t * (pos[e.to].y - pos[e.from].y)};
    if (!boxes.some(b => p.x >= b.left - 6 && p.x <= b.right + 6 && p.y >= b.top - 6 && p.y <= b.bottom + 6)) {
      const d = n.canvasToDOM(p); if (d.x > 5 && d.y > 5 && d.x < r.width - 5 && d.y < r.height - 5) return {x: r.left + d.x, y: r.top + d.y}; } }
  return null; }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`minilat serve` on a free loopback port, serving this build's views beside a copy of the release."""
    folder = tmp_path_factory.mktemp("served")
    release = folder / "minilat.nq"
    shutil.copy(paths.GRAPHS / "minilat.nq", release)
    write_views(Store.open(release=release), folder / "views")
    port = free_port()
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "minilat.server", "--port", str(port), "--workers", "2", "--data", str(release)],
                            stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/views/index.html", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                raise RuntimeError((folder / "server.log").read_text()) from None
            time.sleep(0.1)
    yield url
    proc.send_signal(signal.SIGTERM)
    proc.wait(15)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $MINILAT_SCREENSHOTS, else a pytest temporary folder (kept for the last runs)."""
    folder = Path(os.environ["MINILAT_SCREENSHOTS"]) if os.environ.get("MINILAT_SCREENSHOTS") else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture()
def open_page(browser: object) -> Iterator[Callable[..., Opened]]:
    with page_opener(browser, 1440) as opener:
        yield lambda url, origin, wait=True: opener(url, (origin, "data:", "about:"), wait)


def until(page: object, script: str, seconds: float = 10.0) -> object:
    """Poll ``script`` until it is truthy (the views' CSP forbids the eval that wait_for_function uses)."""
    deadline = time.time() + seconds
    while not (value := page.evaluate(script)):  # type: ignore[attr-defined]
        if time.time() > deadline:
            raise AssertionError(f"never true: {script}")
        page.wait_for_timeout(50)  # type: ignore[attr-defined]
    return value


def disk(name: str) -> tuple[str, str]:
    return (real_views() / f"{name}.html").as_uri(), "file://"


@pytest.mark.parametrize("mode", ["disk", "served"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_offline_with_links_for_its_mode(open_page, served: str, shots: Path, name: str, mode: str) -> None:
    url, origin = disk(name) if mode == "disk" else (f"{served}/views/{name}.html", served)
    opened = open_page(url, origin, wait=name != "index")
    page = opened.page
    page.screenshot(path=str(shots / f"{name}-{mode}.png"))
    assert opened.errors == [] and opened.remote == [] and opened.dialogs == [], (opened.errors, opened.remote, opened.dialogs)
    nav = page.eval_on_selector_all("nav.site a", "links => links.map(a => [a.getAttribute('href'), a.offsetParent !== null])")
    if mode == "served":
        assert nav and all(shown for _, shown in nav) and nav[0][0] == "/" and ["/query", True] in nav
    else:
        assert nav and not any(shown for _, shown in nav)
    iris = page.eval_on_selector_all("a[data-iri]", "links => links.map(a => [a.dataset.iri, a.getAttribute('href')])")
    for iri, href in iris:
        assert href == (iri if mode == "disk" else iri.removeprefix("https://w3id.org/minilat"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_mechanisms_labels_never_overlap_and_fill_the_canvas(open_page, shots: Path, lang: str) -> None:
    page = open_page(*disk("mechanisms-and-states")).page
    page.evaluate("lang => window.minilat.setLanguage(lang)", lang)
    for metric in ("0", "1", "2"):  # size by degree, betweenness, eigenvector
        page.select_option("#size-by", metric)
        found = page.evaluate(OVERLAPS)
        assert found["clash"] == [], (lang, metric, found["clash"])
    assert found["canvas"] == [1080, pytest.approx(855, abs=20)]
    assert max(found["fill"]) >= 0.85 and min(found["fill"]) >= 0.7, found["fill"]
    assert page.evaluate("window.minilat.data.groups.length") == 1
    page.screenshot(path=str(shots / f"mechanisms-and-states-{lang}.png"))


def test_legend_follows_the_colour_mode(open_page) -> None:
    page = open_page(*disk("co-membership")).page
    shown = "sel => Array.from(document.querySelectorAll(sel)).filter(r => r.offsetParent !== null).length"
    communities = page.evaluate("window.minilat.data.communities.length")
    assert page.evaluate(shown, "#legend .by-community.legend-row") == communities >= 2
    assert page.evaluate(shown, "#legend .by-type") == 0
    page.select_option("#color-by", "type")
    assert page.evaluate(shown, "#legend .by-community") == 0 and page.evaluate(shown, "#legend .by-type") == 1  # states
    assert page.evaluate(f"window.minilat.nodes.get('{ID}state/AUS').color") == "#2ca02c"
    page.select_option("#color-by", "community")
    assert "社群 1（" in page.text_content("#legend")


def visible(page: object, kind: str | None = None) -> set[str]:
    return set(page.evaluate("kind => window.minilat.nodes.get({filter: n => !n.hidden}).map(n => n.id)"  # type: ignore[attr-defined]
                             ".filter(id => !kind || window.minilat.byId.get(id).kind === kind)", kind))


def sparql(query: str) -> set[str]:
    prefixes = "PREFIX mlo: <https://w3id.org/minilat/ontology#>\n"
    return {r[0].value for r in release_store().query(prefixes + query)}


def test_argument_map_filters(open_page) -> None:
    page = open_page(*disk("argument-map")).page
    claims = sparql("SELECT ?c WHERE { ?c a mlo:Claim }")
    assert visible(page) == claims | sparql("SELECT DISTINCT ?w WHERE { ?c mlo:claimOf ?w }")  # what claims are about: off at first
    assert page.evaluate("window.minilat.edges.get({filter: e => !e.hidden}).length") == len(list(
        release_store().query("PREFIX mlo: <https://w3id.org/minilat/ontology#> SELECT * WHERE { ?a ?r ?b VALUES ?r "
                              "{ mlo:supports mlo:contests mlo:qualifies mlo:elaborates } }")))
    page.check('input[data-relation="https://w3id.org/minilat/ontology#about"]')
    assert QUAD in visible(page, "mechanism")
    page.uncheck('input[data-relation="https://w3id.org/minilat/ontology#about"]')
    page.uncheck(f'#work-filters input[data-key="{ID}article/dee-2024"]')
    assert visible(page, "claim") == claims - sparql(f"SELECT ?c WHERE {{ ?c mlo:claimOf <{ID}article/dee-2024> }}")
    page.check(f'#work-filters input[data-key="{ID}article/dee-2024"]')
    page.select_option("#holder-filter", f"actor:{ID}state/CHN")
    assert visible(page, "claim") == sparql(f"SELECT ?c WHERE {{ ?c mlo:holderKind mlo:ReportedActorHolder ; mlo:heldBy <{ID}state/CHN> }}")
    page.select_option("#holder-filter", "editors")
    assert visible(page, "claim") == sparql("SELECT ?c WHERE { ?c mlo:holderKind mlo:EditorsHolder }")
    page.select_option("#holder-filter", "")
    page.uncheck('#relation-filters input[data-key="https://w3id.org/minilat/ontology#elaborates"]')
    relations = page.evaluate("window.minilat.edges.get({filter: e => !e.hidden}).map(e => window.minilat.edgeById.get(e.id).relation)")
    assert set(relations) == {"https://w3id.org/minilat/ontology#supports", "https://w3id.org/minilat/ontology#qualifies"}
    assert not page.is_checked('#legend input[data-relation="https://w3id.org/minilat/ontology#elaborates"]')  # the legend follows
    page.check('#legend input[data-relation="https://w3id.org/minilat/ontology#elaborates"]')
    assert page.is_checked('#relation-filters input[data-key="https://w3id.org/minilat/ontology#elaborates"]')
    page.uncheck('#origin-filters input[data-key="curator"]')
    shown = page.evaluate("window.minilat.edges.get({filter: e => !e.hidden}).map(e => window.minilat.edgeById.get(e.id).origin)")
    assert "curator" not in shown and len(shown) == 94


def test_focus_mode_is_the_chain_both_ways(open_page, shots: Path) -> None:
    page = open_page(*disk("argument-map")).page
    path = "(mlo:supports|mlo:contests|mlo:qualifies)+"
    expected: dict[str, set[str]] = {}
    for row in release_store().query(f"PREFIX mlo: <https://w3id.org/minilat/ontology#> SELECT ?c ?x WHERE {{ ?c a mlo:Claim . "
                                     f"{{ ?x {path} ?c }} UNION {{ ?c {path} ?x }} }}"):
        expected.setdefault(row["c"].value, {row["c"].value}).add(row["x"].value)
    claims = sparql("SELECT ?c WHERE { ?c a mlo:Claim }")
    found = page.evaluate("ids => Object.fromEntries(ids.map(id => [id, window.minilat.chain(id)]))", sorted(claims))
    assert {c: set(v) for c, v in found.items()} == {c: expected.get(c, {c}) for c in claims}
    page.evaluate("id => window.minilat.focusChain(id)", RIVALRY)
    assert visible(page, "claim") == expected[RIVALRY] and len(expected[RIVALRY]) > 5
    at = page.evaluate("ids => window.minilat.network.getPositions(ids)", sorted(expected[RIVALRY]))
    axis = page.evaluate("window.minilat.focusAxis()")  # depth runs down the canvas, or across it, whichever shows it larger
    before = sparql(f"SELECT ?x WHERE {{ ?x {path} <{RIVALRY}> }}")
    assert axis == "y" and page.evaluate("window.minilat.network.getScale()") > 1.0  # this chain is shallow and wide: read at full size
    assert all(at[c][axis] < at[RIVALRY][axis] for c in before) and all(at[c][axis] > at[RIVALRY][axis] for c in expected[RIVALRY] - before - {RIVALRY})
    assert "论证链" in page.text_content("#focus-text")
    page.screenshot(path=str(shots / "argument-map-focus.png"))
    page.click("#focus-exit")
    assert len(visible(page, "claim")) == len(claims)


def test_disagreements_readable_without_hovering_and_on_hover(open_page) -> None:
    page = open_page(*disk("argument-map")).page
    items = page.eval_on_selector_all("#disagreements li.disagreement", "lis => lis.map(li => li.innerText)")
    listed = page.evaluate("window.minilat.data.argument.disagreements")
    assert len(items) == len(listed) == 6
    for text, d in zip(items, listed, strict=True):
        nodes = page.evaluate("ids => ids.map(id => window.minilat.byId.get(id).zh)", [d["from"], d["to"]])
        assert nodes[0] in text and nodes[1] in text and d["rationale"][1] in text and "限定" in text
    point = page.evaluate(EDGE_POINT, listed[0]["edge"])
    page.mouse.move(point["x"] + 30, point["y"] + 30)
    page.mouse.move(point["x"], point["y"], steps=5)
    page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
    tip = page.text_content("#tooltip")
    edge = page.evaluate("id => window.minilat.edgeById.get(id)", listed[0]["edge"])
    says = [f[2][1] for f in edge["fields"] if f[0] == "It says"]
    assert len(says) == 2 and all(s in tip for s in says) and listed[0]["rationale"][1] in tip and "策展人解读" in tip


def test_from_a_qualifies_edge_to_both_passages(open_page, served: str, shots: Path) -> None:
    """Click the edge on the map, then each passage link: the digest page highlights each claim's passage."""
    opened = open_page(f"{served}/views/argument-map.html", served)
    page = opened.page
    target = page.evaluate("window.minilat.data.argument.disagreements[0]")
    point = page.evaluate(EDGE_POINT, target["edge"])
    page.mouse.click(point["x"], point["y"])
    assert page.evaluate("window.minilat.network.getSelectedEdges()") == [target["edge"]]
    page.screenshot(path=str(shots / "argument-map-edge-selected.png"))
    links = page.eval_on_selector_all("#details a.passage-link", "links => links.map(a => a.getAttribute('href'))")
    passages = page.evaluate("ids => ids.map(id => window.minilat.byId.get(id).passage)", [target["from"], target["to"]])
    assert links == [f"/id/digest/minilateralism/text?start={p[1]}&end={p[2]}#passage" for p in passages]
    raw = (paths.ROOT / "corpus" / "digests" / "000_8fd7909f589424fb.txt").read_text(encoding="utf-8")
    for index, p in enumerate(passages):
        page.click(f"#details a.passage-link >> nth={index}")
        page.wait_for_selector("#passage")
        assert page.text_content("#passage") == raw[p[1] : p[2]]
        page.screenshot(path=str(shots / f"passage-{index + 1}.png"))
        page.go_back()
        until(page, "window.minilat && window.minilat.ready")
        page.evaluate("id => window.minilat.selectEdge(id)", target["edge"])  # the list entry does the same
    assert opened.errors == [] and opened.remote == []


def test_a_node_links_to_its_page_and_double_click_opens_it(open_page, served: str) -> None:
    opened = open_page(f"{served}/views/mechanisms-and-states.html", served)
    page = opened.page
    page.evaluate("id => window.minilat.focusNode(id)", QUAD)
    assert page.get_attribute("#details a.page-link", "href") == "/id/mechanism/quad"
    point = page.evaluate("""id => { const n = window.minilat.network; const p = n.canvasToDOM(n.getPositions([id])[id]);
        const r = document.getElementById('network').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }""", QUAD)
    with page.expect_navigation():
        page.mouse.dblclick(point["x"], point["y"])
    assert page.url == f"{served}/id/mechanism/quad" and "四方安全对话" in page.title()
    disk_page = open_page(*disk("argument-map")).page
    disk_page.evaluate("id => window.minilat.focusNode(id)", RIVALRY)
    assert disk_page.get_attribute("#details a.page-link", "href") == RIVALRY
    assert disk_page.get_attribute("#details a.passage-link", "href").startswith(ID + "digest/minilateralism/text?start=")


def test_views_centre_on_the_entity_named_in_the_address(open_page) -> None:
    page = open_page(real_views().joinpath("explorer.html").as_uri() + "#focus=" + QUAD, "file://").page
    until(page, f"window.minilat.network.getSelectedNodes()[0] === '{QUAD}'")
    assert page.text_content("#details h3") == "四方安全对话"
    page = open_page(real_views().joinpath("argument-map.html").as_uri() + "#chain=" + RIVALRY, "file://").page
    until(page, "window.minilat.inFocus() !== null")
    assert page.evaluate("window.minilat.inFocus()") == RIVALRY and not page.is_hidden("#focus-bar")
    page = open_page(real_views().joinpath("timeline.html").as_uri() + "#focus=" + QUAD, "file://").page
    assert page.evaluate("window.minilat.focused") == [QUAD]


def test_timeline_layers_switch_and_links(open_page, served: str, shots: Path) -> None:
    page = open_page(*disk("timeline")).page
    markers = "layer => Array.from(document.querySelectorAll('a.event.layer-' + layer)).filter(a => a.getBoundingClientRect().width > 0).length"
    digest, background = page.evaluate(markers, "digest"), page.evaluate(markers, "background")
    assert digest > 0 and background > 0
    page.uncheck("#layer-background")
    assert page.evaluate(markers, "background") == 0 and page.evaluate(markers, "digest") == digest
    page.select_option("#lang", "en")
    assert page.text_content("h1") == "Timeline" and "Quad" in page.text_content("#timeline")
    opened = open_page(f"{served}/views/timeline.html#focus={QUAD}", served)
    opened.page.screenshot(path=str(shots / "timeline-quad-served.png"))
    href = opened.page.get_attribute(f'tr[data-event="{ID}event/quad-founding-2007"] a.passage-link', "href")
    assert href.startswith("/id/digest/minilateralism/text?start=")
    opened.page.click(f'tr[data-event="{ID}event/quad-founding-2007"] a.passage-link')
    opened.page.wait_for_selector("#passage")
    assert "2007" in opened.page.text_content("#passage")
    assert opened.errors == [] and opened.remote == []
