"""Entity pages lead with what matters: a mechanism's members with their periods, its
founding and events, then what the digest's sources say about it (by source and holder);
a state's memberships; an article's authors, journal and compiler; a claim's holder,
statements, passage, argument links and "cite this"; a retired IRI's replacement. No
curator's note as a description, no repeated rows, and links into the network views."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from urllib.parse import quote

import test_server_pages
from starlette.testclient import TestClient

from minilat import paths
from minilat.ids import BASE
from minilat.server import Config, cite, create_app
from minilat.store import Store

HTML = {"accept": "text/html"}
ID = BASE + "id/"
MLO = BASE + "ontology#"
BLOCKS = {"dt", "dd", "li", "p", "h1", "h2", "h3", "h4", "td", "th", "tr", "blockquote", "pre", "summary"}
PREFIXES = "PREFIX mlo: <https://w3id.org/minilat/ontology#>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n"


class Sections(HTMLParser):
    """Per ``<section id>`` (and the retired banner): text, links, table rows; the order of ids."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.order: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self.stack: list[str] = []
        self.depth: list[tuple[str, int]] = []
        self.cell: list[str] | None = None
        self.level = 0
        self.feed(html)

    @property
    def current(self) -> str:
        return self.stack[-1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"section", "div"}:
            self.level += 1
            if attrs.get("id"):
                self.stack.append(attrs["id"])
                self.depth.append((attrs["id"], self.level))
                self.order.append(attrs["id"])
        if tag == "h1":
            self.order.append("h1")
        if tag == "a" and attrs.get("href"):
            self.links.setdefault(self.current, []).append(attrs["href"])
        if tag == "tr":
            self.rows.setdefault(self.current, []).append([])
        if tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in BLOCKS:  # text of separate blocks stays separate words
            self.text.setdefault(self.current, []).append(" ")
        if tag in {"td", "th"} and self.cell is not None:
            self.rows[self.current][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        if tag in {"section", "div"}:
            if self.depth and self.depth[-1][1] == self.level:
                self.depth.pop()
                self.stack.pop()
            self.level -= 1

    def handle_data(self, data):
        self.text.setdefault(self.current, []).append(data)
        if self.cell is not None:
            self.cell.append(data)

    def plain(self, section: str) -> str:
        return " ".join("".join(self.text.get(section, [])).split())


client, engine = test_server_pages.client, test_server_pages.engine  # its fixtures: the app and the store, one per module


def page(client: TestClient, path: str) -> Sections:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, response.text
    return Sections(response.text)


def body_rows(p: Sections, section: str) -> list[list[str]]:
    return [r for r in p.rows.get(section, []) if r and not r[0].startswith(("state", "mechanism", "property", "subject"))]


def test_quad_page_leads_with_members_periods_founding_and_sources(client):
    p = page(client, "/id/mechanism/quad")
    order = [s for s in p.order if s in {"glance", "members", "events", "sources", "passages", "properties", "incoming"}]
    assert order == ["glance", "members", "events", "sources", "passages", "properties", "incoming"]
    members = {r[0]: r[1:4] for r in body_rows(p, "members")}
    periods = ["current 现任", "2007–2008, since 2017-11", "founding member 创始成员"]
    assert members == {"Australia 澳大利亚": periods, "India 印度": periods, "Japan 日本": periods, "United States 美国": periods}
    glance = p.plain("glance")
    assert "Australia, India, Japan, United States · 2007–2008, since 2017-11" in glance
    assert "Founded 成立 2007 digest passage 6186–6222" in glance and "2008 lapse · 2017 revival" in glance
    events = re.findall(r"(\d{4}) (Founding of the Quad|The Quad lapses|Restart of the Quad)", p.plain("events"))
    assert events == [("2007", "Founding of the Quad"), ("2008", "The Quad lapses"), ("2017", "Restart of the Quad")]
    assert "/id/digest/minilateralism/text?start=6186&end=6222#passage" in p.links["events"]
    assert "background source: corpus/reference/external-ids.yaml" in p.plain("events")  # the lapse is not in the digest


def test_quad_sources_grouped_by_source_and_holder_with_quotes(client, engine):
    p = page(client, "/id/mechanism/quad")
    quad = ID + "mechanism/quad"
    expected = {
        row["c"].value
        for row in engine.query(PREFIXES + f"""SELECT DISTINCT ?c WHERE {{
            {{ ?c mlo:about <{quad}> }} UNION {{ ?c mlo:hasProposition ?p . ?p mlo:propositionSubject|mlo:propositionObject|mlo:byMeans|mlo:inRegion <{quad}> }} }}""")
    }
    assert len(expected) == 7
    claims = {link.removeprefix("/") for link in p.links["sources"] if link.startswith("/id/claim/")}
    assert {BASE + c for c in claims} == expected
    text = p.plain("sources")
    assert text.startswith("What the digest's sources say about it 文摘各方的相关论述 (7)")
    assert "The Quad, AUKUS and Australian Security Minilateralism" in text and "7 claims" in text  # one source…
    assert text.count("Nick Bisley · the article's authors 文章作者") == 1  # …one holder
    assert "Quad最初成立于2007年，旨在协调美、日、印、澳四国的安全政策" in text  # the quote
    assert "in its statements" in text and "cites example" in text  # how each claim involves the Quad


def test_no_curator_note_as_description_and_no_repeated_rows(client, engine):
    p = page(client, "/id/mechanism/quad")
    note = "Formality from common knowledge"
    lead = " ".join(p.plain(s) for s in ("glance", "members", "events", "sources", "passages"))
    assert note not in lead and note not in p.plain("")
    notes = [r for r in body_rows(p, "properties") if r[1].startswith(note)]
    assert len(notes) == 1 and notes[0][0].startswith("curator's note")
    for section in ("properties", "incoming"):
        rows = [tuple(r[:2]) for r in body_rows(p, section)]
        assert len(rows) == len(set(rows)), section
    labels = [r for r in body_rows(p, "properties") if r[1].startswith("四方安全对话")]
    assert len(labels) == 1 and labels[0][0] == "preferred label · rdfs:label"  # same value, one row
    members = engine.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ ?p mlo:propositionPredicate mlo:memberOf ; mlo:propositionObject <{ID}mechanism/quad> }}")
    statements = [r[0] for r in body_rows(p, "incoming") if "—member of→" in r[0]]
    assert len(statements) == len(set(statements)) == int(next(iter(members))["n"].value) == 5  # each statement named with its claim
    assert sum(s.startswith("Australia —member of→") for s in statements) == 2


def test_state_page_shows_memberships_and_claims(client, engine):
    p = page(client, "/id/state/CHN")
    rows = {r[0]: r[1:3] for r in body_rows(p, "memberships")}
    assert rows == {"Asian Infrastructure Investment Bank 亚洲基础设施投资银行": ["current 现任", ""], "Four-Party Talks 四方会谈": ["former 已退出", "1997-12-09–1999-04"]}
    chn = ID + "state/CHN"
    expected = {
        row["c"].value
        for row in engine.query(PREFIXES + f"""SELECT DISTINCT ?c WHERE {{
            {{ ?c mlo:about|mlo:heldBy <{chn}> }} UNION {{ ?c mlo:hasProposition ?p . ?p mlo:propositionSubject|mlo:propositionObject|mlo:byMeans|mlo:inRegion <{chn}> }} }}""")
    }
    assert {BASE + link[1:] for link in p.links["sources"] if link.startswith("/id/claim/")} == expected
    assert f"({len(expected)})" in p.plain("sources")
    assert "China · a reported actor 中国 被转述的行为体" in p.plain("sources")  # the views it holds, as reported


def test_article_pages_lead_with_authors_journal_and_compiler(client):
    p = page(client, "/id/article/wu-kim-2024")
    facts = p.plain("bibliography")
    assert facts.startswith("Authors 作者 Xian Wu, Dongchan Kim")  # in the article's order
    assert "Australian Journal of International Affairs, Vol. 78, No. 6, 2024 ISSN 1035-7718" in facts
    assert "Compiled by 编译 He Yiran 和怡然 (Beijing Foreign Studies University)" in facts and "(No. 2 in" in facts
    assert p.order.index("bibliography") < p.order.index("sources") < p.order.index("properties")
    assert "Its claims 本文论断 (21)" in p.plain("sources")
    bisley = page(client, "/id/article/bisley-forthcoming").plain("bibliography")
    assert "Journal of Contemporary China, forthcoming 待刊" in bisley and "Nick Bisley" in bisley and "Zheng Lu" in bisley


def test_claim_page_holder_statements_arguments(client, engine):
    iri = ID + "claim/wu-kim-us-minilateralism-exclusive-path"
    p = page(client, "/id/claim/wu-kim-us-minilateralism-exclusive-path")
    head = p.plain("claim")
    assert head.startswith("Held by 持有者: China 中国 (a reported actor · 被转述的行为体) · reports a view 转述观点")
    assert "reported by Xian Wu, Dongchan Kim" in head and "而美国的小多边策略则背离多边主义的包容精神" in head
    assert "/id/digest/minilateralism/text?start=3469&end=3522#passage" in p.links["claim"]
    said = re.findall(r"US minilateralism —(.+?)→", p.plain("statements"))
    assert said == ["contrasts with", "lacks", "has feature", "aims at"]
    links = {
        (row["d"].value, row["rel"].value.removeprefix(MLO), "/" + row["other"].value.removeprefix(BASE))
        for row in engine.query(PREFIXES + f"""SELECT ?d ?rel ?other WHERE {{ {{ ?l mlo:linkFrom <{iri}> ; mlo:linkTo ?other BIND("out" AS ?d) }}
            UNION {{ ?l mlo:linkTo <{iri}> ; mlo:linkFrom ?other BIND("in" AS ?d) }} ?l mlo:linkRelation ?rel }}""")
    }
    assert len(links) == 5
    text = p.plain("arguments")
    for _, rel, other in links:
        assert other in p.links["arguments"] and rel in text
    assert text.count("curator's reading") == 3  # the three cross-source links, each with its rationale
    assert "limits how far Panda and Park's 'parallel branch, not contradiction' reading" in text
    assert "限定了潘达与朴的“平行分支而非相互矛盾”之说" in text


def test_cite_this_plain_bibtex_and_csl_json(client, engine):
    iri = ID + "claim/bisley-quad-founded-2007-coordinate-security"
    response = client.get("/id/claim/bisley-quad-founded-2007-coordinate-security", headers=HTML)
    p = Sections(response.text)
    row = next(iter(engine.query(PREFIXES + f"SELECT ?s ?e ?q WHERE {{ <{iri}> mlo:anchoredBy/oa:hasTarget ?t . ?t oa:hasSelector ?p . ?p oa:start ?s ; oa:end ?e . ?t oa:hasSelector/oa:exact ?q }}")))
    start, end = int(row["s"].value), int(row["e"].value)
    raw = paths.DIGEST.read_text(encoding="utf-8")
    assert "".join(raw[start:end].split()) == row["q"].value  # the cited range is the quote
    text = p.plain("cite")
    assert f"characters {start}–{end}" in text and "Zheng Lu (郑路), compiler." in text
    assert "Summary of Nick Bisley, “The Quad, AUKUS and Australian Security Minilateralism" in text and "Journal of Contemporary China, forthcoming" in text
    assert f"{iri} (passage: {BASE}id/digest/minilateralism/text?start={start}&end={end})" in text
    bibtex = re.search(r'<pre class="source" id="cite-bibtex">(.*?)</pre>', response.text, re.DOTALL).group(1)
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bibtex.replace("&amp;", "&"), re.MULTILINE))
    assert bibtex.startswith("@incollection{minilat-bisley-quad-founded-2007-coordinate-security,")
    assert fields["author"] == "{Zheng Lu}" and fields["url"] == iri and fields["langid"] == "chinese"
    assert f"Characters {start}--{end} of the digest text" in fields["note"] and fields["titleaddon"] == "Summary No. 4, compiled by Zheng Lu (郑路)"
    csl = json.loads(re.search(r'<pre class="source" id="cite-csl">(.*?)</pre>', response.text, re.DOTALL).group(1).replace("&#34;", '"').replace("&amp;", "&").replace("&#39;", "'"))
    assert len(csl) == 1 and csl[0]["type"] == "chapter" and csl[0]["URL"] == iri
    assert csl[0]["original-author"] == [{"literal": "Nick Bisley"}] and csl[0]["original-container-title"] == "Journal of Contemporary China"
    assert csl[0]["container-title"] == "《全球治理学科动态》：全球治理中的小多边主义" and "original-date" not in csl[0]  # forthcoming


def test_preface_claim_cites_the_editors():
    p = cite.Passage(claim=ID + "claim/x", label="A label", start=1, end=9, text_url="t", digest_en="Digest", digest_zh="文摘",
                     compilers=(), editors=("Editors", "编者"), part_en="Preface", part_zh="专题序言")
    assert cite.plain(p).startswith("Editors (编者). “专题序言” [Preface]. In 文摘 (Digest), characters 1–9. Claim: “A label.”")
    assert "@incollection{minilat-x," in cite.bibtex(p) and "original-title" not in cite.csl(p)


def test_retired_iri_shows_its_replacement_first(client):
    p = page(client, "/id/concept/humanitarian-initiative")
    assert p.order.index("retired") < p.order.index("h1")
    assert p.links["retired"] == ["/id/mechanism/humanitarian-initiative"]
    assert p.plain("retired").startswith("Retired IRI 已停用 — replaced by 已由以下实体取代: Humanitarian Initiative 人道主义倡议")
    assert "published twice, as a concept and as a mechanism" in p.plain("retired")
    assert "retired" not in page(client, "/id/mechanism/humanitarian-initiative").order


def test_entity_pages_link_to_the_views_centred_on_them(tmp_path):
    from minilat.views import write_views

    release = tmp_path / "minilat.nq"
    shutil.copy(paths.GRAPHS / "minilat.nq", release)
    write_views(Store.open(release=release), tmp_path / "views")
    shown: dict[str, set[str]] = {}
    for view in (tmp_path / "views").glob("*.html"):
        found = re.search(r'<script type="application/json" id="minilat-data">(.*?)</script>', view.read_text(encoding="utf-8"), re.DOTALL)
        if found:
            for node in json.loads(found.group(1)).get("nodes", []):
                shown.setdefault(node["id"], set()).add(view.stem)
    with TestClient(create_app(Config(workers=1, log_requests=False, release=release))) as c:
        for path, first in [("/id/mechanism/quad", "mechanisms-and-states"), ("/id/claim/bisley-quad-founded-2007-coordinate-security", "argument-map"), ("/id/state/AUS", "mechanisms-and-states")]:
            iri = BASE + path[1:]
            links = Sections(c.get(path, headers=HTML).text).links["views"]
            assert links[0].startswith(f"/views/{first}.html#") and links[-1].startswith("/views/explorer.html#")  # its own view first
            assert {u.split("#")[0] for u in links} == {f"/views/{name}.html" for name in shown[iri]}
            assert all(u.endswith("#focus=" + quote(iri, safe="")) for u in links)
            assert c.get(links[0].split("#")[0]).status_code == 200


def test_citation_keys_of_two_issues_claims_with_one_slug_differ():
    """Claims are scoped by issue: id/claim/{issue}/{slug}; the BibTeX key must keep the issue."""
    def key(claim: str) -> str:
        p = cite.Passage(claim=claim, label="L", start=1, end=9, text_url="t", digest_en="D", digest_zh="文",
                         compilers=(), editors=("E", "编"), part_en="Preface", part_zh="专题序言")
        return cite.bibtex(p).split("{", 1)[1].split(",", 1)[0]

    assert key(ID + "claim/regionalism/x") == "minilat-regionalism-x"
    assert key(ID + "claim/technology/x") == "minilat-technology-x"
    assert key(ID + "claim/x") == "minilat-x"  # the first issue's released IRIs keep their keys
