"""The server over a build of three issues (tests/series.py, the session fixture ``series_home``):
`minilat serve` in a subprocess with MINILAT_HOME pointing at it, real HTTP requests.

The home page lists the issues with their themes and claim counts; an issue's page leads with its
theme, entries, claims by type, shared and new entities and its argument links into other issues;
an entity's claims are grouped by issue; a claim of a later issue (``id/claim/{issue}/{slug}``)
resolves, and its passage link points into its own issue's text.
"""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from test_server_live import free_port

HTML = {"Accept": "text/html"}
ISSUES = [
    ("/id/digest/minilateralism", "Minilateralism in Global Governance", "全球治理中的小多边主义", 105),
    ("/id/digest/regionalism", "Regionalism in Global Governance", "全球治理中的区域主义", 3),
    ("/id/digest/technology", "Minilateralism in Technology Governance", "技术治理中的小多边主义", 1),
]


@pytest.fixture(scope="module")
def served(series_home, tmp_path_factory):
    """`minilat serve` over the series build, on a free port; its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("series-server") / "server.log"
    env = dict(os.environ, MINILAT_HOME=str(series_home))
    proc = subprocess.Popen([sys.executable, "-m", "minilat", "serve", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=log.open("w"), env=env, start_new_session=True)
    try:
        deadline = time.time() + 90
        while "Uvicorn running on" not in log.read_text():
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("server did not start: " + log.read_text())
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        proc.wait(15)


def get(base: str, path: str) -> tuple[int, str]:
    request = urllib.request.Request(base + path, headers=HTML)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def section(page: str, ident: str) -> str:
    """The markup of ``<section id=ident>`` (sections in these pages are not nested)."""
    start = re.search(rf'<section[^>]* id="{ident}"', page).start()
    return page[start : page.index("</section>", start)]


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_home_lists_exactly_the_three_issues_with_themes_and_claim_counts(served):
    status, page = get(served, "/")
    assert status == 200
    items = re.findall(r'<li class="issue"><a href="([^"]+)"[^>]*>([^<]+)</a> <span lang="zh">([^<]+)</span>.*?(\d+) claims?</span></li>',
                       section(page, "issues"))
    assert [(u, en, zh, int(n)) for u, en, zh, n in items] == ISSUES
    assert "Issues 各期 (3)" in text(section(page, "issues"))


def test_issue_page_lists_its_claims_and_the_cross_issue_links(served):
    status, page = get(served, "/id/digest/regionalism")
    assert status == 200
    assert "Theme 主题 : Regionalism in Global Governance 全球治理中的区域主义" in text(section(page, "issue"))
    assert "3 claims : empirical finding 2 · typology or definition 1" in text(section(page, "issue"))
    entries = section(page, "entries")
    claims = re.findall(r'href="(/id/claim/[^"]+)"', entries)
    assert claims == [
        "/id/claim/regionalism/quad-hard-balancing-coalition",
        "/id/claim/regionalism/brics-expansion-spreads-minilateralism",
        "/id/claim/regionalism/asean-centrality-persists",
    ]
    assert "Entries 收录 (2)" in text(entries)
    assert "Jagannath Panda" in text(entries) and "compiled by 编译 Zhang Zunyue" in text(entries)
    across = section(page, "across")
    items = [text(li) for li in re.findall(r"<li.*?</li>", across, re.DOTALL)]
    assert len(items) == 2
    contest = next(i for i in items if " contests " in i)
    assert contest.startswith("The Quad is a hard-balancing coalition against China")
    assert "(to issue Minilateralism in Global Governance 全球治理中的小多边主义 )" in contest
    assert '/id/claim/bisley-security-infrastructure-not-balancing"' in across  # issue 1's unscoped IRI
    support = next(i for i in items if " supports " in i)
    assert support.startswith("The Quad's balancing against China is clearer in technology cooperation")
    assert "(from issue Minilateralism in Technology Governance" in support
    shared = re.findall(r'<li><a href="(/id/[^"]+)"', section(page, "shared"))
    assert shared == ["/id/state/CHN", "/id/concept/hard-balancing", "/id/concept/minilateralism", "/id/mechanism/quad"]
    assert re.findall(r'<li><a href="(/id/[^"]+)"', section(page, "new")) == ["/id/mechanism/asean", "/id/mechanism/brics"]


def test_quad_page_groups_claims_under_the_three_issues(served):
    status, page = get(served, "/id/mechanism/quad")
    assert status == 200
    sources = section(page, "sources")
    headings = [text(h) for h in re.findall(r'<h3 class="issue-heading">.*?</h3>', sources, re.DOTALL)]
    assert headings == [
        "Minilateralism in Global Governance 全球治理中的小多边主义 7 claims",
        "Regionalism in Global Governance 全球治理中的区域主义 No. 2 1 claim",
        "Minilateralism in Technology Governance 技术治理中的小多边主义 No. 3 1 claim",
    ]
    assert text(sources).startswith("What the digest's sources say about it 文摘各方的相关论述 (9)")
    groups = re.split(r'<div class="issue-group"', sources)[1:]
    claims = [re.findall(r'href="(/id/claim/[^"#]+)"', g) for g in groups]
    assert [len(c) for c in claims] == [7, 1, 1]
    assert claims[1] == ["/id/claim/regionalism/quad-hard-balancing-coalition"]
    assert claims[2] == ["/id/claim/technology/quad-balancing-in-technology"]
    assert all("/" not in c.removeprefix("/id/claim/") for c in claims[0])  # issue 1 keeps its unscoped IRIs
    passages = [re.findall(r'href="(/id/digest/[^"?]+)\?', g) for g in groups]
    assert [set(p) for p in passages] == [{"/id/digest/minilateralism/text"}, {"/id/digest/regionalism/text"}, {"/id/digest/technology/text"}]


def test_scoped_claim_resolves_and_its_passage_is_in_its_issues_text(served):
    status, page = get(served, "/id/claim/regionalism/quad-hard-balancing-coalition")
    assert status == 200
    claim = section(page, "claim")
    passage = re.findall(r'<a class="passage" href="([^"]+)"', claim)
    assert passage == ["/id/digest/regionalism/text?start=352&amp;end=383#passage"]
    assert 'href="/id/digest/regionalism"' in claim
    status, text_page = get(served, html.unescape(passage[0]).split("#")[0])
    assert status == 200
    marked = re.search(r"<mark[^>]*>(.*?)</mark>", text_page, re.DOTALL).group(1)
    assert "".join(marked.split()) == "四方安全对话（Quad）本质上是一个针对中国的硬制衡联盟。"  # the raw text, line layout removed
    status, _ = get(served, "/id/annotation/regionalism/claim-quad-hard-balancing-coalition")
    assert status == 200
    status, graph = get(served, "/graph/issue/regionalism")  # the issue's named graph
    # 203: its 3 claims state no mlo:quote since ontology 0.2.0 (the quote is the oa:exact of their annotations)
    assert status == 200 and "https://w3id.org/minilat/graph/issue/regionalism — 203 triples." in html.unescape(graph)
