"""One test per bug met while building minilat, named after what broke."""

from __future__ import annotations

from rdflib import BNode

from minilat import paths
from minilat.ids import GRAPHS
from minilat.pipeline import release
from minilat.pipeline.build import load_ontology
from minilat.pipeline.parse import parse
from minilat.text import normalize


def test_quote_across_two_paragraphs_is_not_found() -> None:
    # A curator's check on the whole text accepted "具体路径包括：1）…", which spans two paragraphs.
    digest = parse(paths.DIGEST)
    quote = normalize("具体路径包括：1）加强在非传统安全等特定领域内")
    assert not any(quote in p.text for _, p in digest.passages())


def test_chinese_title_is_an_anchorable_passage() -> None:
    # "安全小多边主义" occurs only in No. 4's Chinese title, which first was not searched.
    digest = parse(paths.DIGEST)
    hits = [key for key, p in digest.passages() if "安全小多边主义" in p.text]
    assert hits == ["article-4"]


def test_trig_named_graph_order_is_stable(built) -> None:
    # rdflib's TriG serializer wrote the named graphs in varying order between runs.
    text = release.trig(built.dataset).decode("utf-8")
    order = [line.split(">")[0][1:] for line in text.splitlines() if line.startswith("<https://w3id.org/minilat/graph/")]
    assert order == [*(str(g) for g in GRAPHS.values()), "https://w3id.org/minilat/graph/issue/minilateralism"]


def test_ontology_blank_nodes_have_canonical_labels() -> None:
    # OWL class expressions are blank nodes; random labels made the N-Quads differ between builds.
    first = sorted(str(t) for t in load_ontology() if any(isinstance(x, BNode) for x in t))
    second = sorted(str(t) for t in load_ontology() if any(isinstance(x, BNode) for x in t))
    assert first == second and len(first) > 10


def test_from_clause_is_honoured_by_the_store() -> None:
    # The union-default-graph option overrode FROM: a count over FROM <inferred> gave every triple.
    from minilat.store import Store

    store = Store.open()
    rows = list(store.query("SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/minilat/graph/inferred> WHERE { ?s ?p ?o }"))
    in_graph = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/minilat/graph/inferred> { ?s ?p ?o } }"))
    assert int(rows[0]["n"].value) == int(in_graph[0]["n"].value) == 31  # HermiT: 10 mechanism types, 19 participant states, 2 subclass axioms
    rows = list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(rows[0]["n"].value) == len(store)


def test_python_m_server_reports_a_missing_file_in_one_line(tmp_path) -> None:
    # `python -m minilat.server` bypassed the command group: a missing --data file ended in a
    # traceback with exit code 1 instead of `minilat serve`'s one line and exit code 2.
    import subprocess
    import sys

    missing = tmp_path / "nothing.nq"
    done = subprocess.run([sys.executable, "-m", "minilat.server", "--data", str(missing), "--port", "0"], check=False, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr.splitlines()) == (2, [f"minilat: error: {missing}: no such RDF file"])


def _saved_as(tmp_path, name: str, bom: str = "", newline: str = "\n"):
    """The real digest as a Windows editor might save it: a byte-order mark, CRLF line ends."""
    raw = paths.DIGEST.read_bytes().decode("utf-8")
    path = tmp_path / name
    path.write_bytes((bom + raw.replace("\n", newline)).encode("utf-8"))
    return path


def _paragraphs(digest) -> list[str]:
    return [p.text for _, p in digest.passages()]


def test_digest_saved_with_a_byte_order_mark_parses(tmp_path) -> None:
    # "\ufeff专题序言" is not the preface heading: a BOM before line 1 made the file "missing the
    # '专题序言' heading before 'No. 1'"; it is layout, and offsets still count it (raw[start:end]).
    from minilat.pipeline.parse import read_text

    path = _saved_as(tmp_path, "bom.txt", bom="\ufeff")
    digest, raw, original = parse(path), read_text(path), parse(paths.DIGEST)
    assert _paragraphs(digest) == _paragraphs(original)
    first = digest.articles[0].paragraphs[0]
    assert first.start == original.articles[0].paragraphs[0].start + 1
    assert raw[first.start] == first.text[0]


def test_crlf_digest_keeps_its_paragraphs_and_anchors(tmp_path) -> None:
    # Every line of a \r\n file ended in layout whitespace (the \r), which ends a paragraph: the
    # claim candidates doubled (216 against 102) and mentions fell (372 against 386). The build
    # then read the text with universal newlines, so its offsets lost the \r the parser counted.
    from minilat.pipeline.anchor import anchor_all
    from minilat.pipeline.parse import read_text
    from minilat.pipeline.records.series import load_series

    path = _saved_as(tmp_path, "crlf.txt", newline="\r\n")
    digest, raw = parse(path), read_text(path)
    assert _paragraphs(digest) == _paragraphs(parse(paths.DIGEST))
    curation = load_series(paths.CURATION, ["minilateralism"]).issues["minilateralism"]
    text = read_text(paths.DIGEST)
    crlf = anchor_all(curation, digest, raw).anchors
    plain = anchor_all(curation, parse(paths.DIGEST), text).anchors
    assert crlf.keys() == plain.keys() and len(crlf) == 310
    assert [raw[a.start : a.end].replace("\r", "") for a in crlf.values()] == [text[a.start : a.end] for a in plain.values()]
    assert [(a.exact, a.prefix, a.suffix, a.line) for a in crlf.values()] == [(a.exact, a.prefix, a.suffix, a.line) for a in plain.values()]


def test_check_of_a_crlf_digest_reports_what_the_original_does(tmp_path) -> None:
    # The build read the text with universal newlines (\r\n → \n) while the parser's offsets
    # count the \r: in a digest saved on Windows every anchor after line 1 pointed elsewhere.
    import hashlib

    from newissue import minilat, new_home

    home = new_home(tmp_path)
    crlf = _saved_as(tmp_path, "crlf.txt", bom="\ufeff", newline="\r\n").read_bytes()
    (home / "corpus" / "digests" / paths.DIGEST.name).write_bytes(crlf)
    manifest = home / "corpus" / "digests" / "manifest.yaml"
    old_hash = hashlib.sha256(paths.DIGEST.read_bytes()).hexdigest()
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old_hash, hashlib.sha256(crlf).hexdigest()), encoding="utf-8")

    def check(root) -> list[str]:
        done = minilat(root, "check")
        assert done.returncode == 0, done.stderr
        return [line for line in done.stdout.splitlines() if not line.startswith("timings")]

    assert check(home) == check(paths.ROOT)


def test_acronym_with_digits_is_not_an_enumeration_item() -> None:
    # "二十国集团（G20）" after "七国集团（G7）" read as items 7）and 20）: a claim was cut at "（G|20）".
    from minilat.pipeline.suggest.sentences import sentences

    text = "作者认为，七国集团（G7）和二十国集团（G20）等平台发挥了补充作用，奥库斯（2021）则不同。"
    assert [text[a:b] for a, b in sentences(text)] == [text]


def test_conjunction_fused_with_a_numeral_is_not_part_of_a_name() -> None:
    # jieba cuts "和二|十国集团": the G20 was drafted as "和二十国集团".
    from minilat.pipeline.suggest.candidates import find_named_acronyms

    found = find_named_acronyms("七国集团（G7）和二十国集团（G20）、与三十国集团（G30）及和平伙伴关系计划（PfP）")
    assert [(c.name, c.acronym) for c in found] == [("七国集团", "G7"), ("二十国集团", "G20"), ("三十国集团", "G30"), ("和平伙伴关系计划", "PfP")]


def test_two_articles_by_one_author_in_one_year_get_two_iris(tmp_path) -> None:
    # A later issue summarising another 2024 article by Megan Dee minted id/article/dee-2024 again:
    # two works, two titles, one IRI. The earlier issue's IRI stays; the same article twice is one work.
    from factory import FakeArticle, digest

    from minilat.pipeline.assemble.bibliography import article_slugs, work_key

    def issue(name: str, *titles: str):
        path = tmp_path / name
        path.write_text(digest([FakeArticle(authors="Megan Dee", volume="Vol. 45, No. 3, 2024.", title_en=t) for t in titles]), encoding="utf-8")
        return parse(path)

    first = issue("1.txt", "Minilateralism and Effective Multilateralism in the Global Nuclear Order")
    later = issue("2.txt", "Climate Clubs and Minilateral Cooperation", "Minilateralism and effective multilateralism in the global nuclear order", "Climate clubs: minilateral cooperation")
    slugs = article_slugs([first, later])
    assert [slugs[work_key(a)] for a in first.articles + later.articles] == [
        "dee-2024", "dee-2024-climate-clubs-minilateral", "dee-2024", "dee-2024-climate-clubs-minilateral-2"]
    assert article_slugs([first])[work_key(first.articles[0])] == "dee-2024"  # adding an issue changes no released IRI


def test_doi_of_an_author_with_two_articles_goes_to_the_titled_one() -> None:
    # The reference file gave DOIs by author: a second article by Megan Dee made the build fail.
    from rdflib import RDF, Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS

    from minilat.ids import FABIO, ID, PRISM
    from minilat.linking import links
    from minilat.pipeline.records.series import load_series

    curation = load_series(paths.CURATION, ["minilateralism"]).combined()
    dee = ID["person/megan-dee"]
    bibliography = Graph()
    for slug, title in [("dee-2024", "Minilateralism and Effective Multilateralism in the Global Nuclear Order"), ("dee-2024-climate", "Climate Clubs")]:
        bibliography.add((ID[f"article/{slug}"], RDF.type, FABIO.JournalArticle))
        bibliography.add((ID[f"article/{slug}"], DCTERMS.creator, dee))
        bibliography.add((ID[f"article/{slug}"], DCTERMS.title, Literal(title, lang="en")))
    graph = links.link_graph(curation, links.load_reference(), bibliography)
    assert set(graph.subjects(PRISM.doi, None)) == {URIRef(ID["article/dee-2024"])}


def test_claims_of_an_issue_without_english_theme_are_not_dropped() -> None:
    # `minilat add` leaves theme_en to the curator; entity-claims-across-issues joined on the issue's
    # English label and silently lost every claim of such an issue.
    import pyoxigraph as ox

    from minilat import library
    from minilat.store import Store

    store = Store.open()
    query = library.library()["entity-claims-across-issues"].text
    quad = {"entity": ox.NamedNode("https://w3id.org/minilat/id/mechanism/quad")}
    before = [(r["claim"].value, r["issue_en"].value) for r in store.query(query, bindings=quad)]
    store.engine.update('DELETE WHERE { GRAPH ?g { <https://w3id.org/minilat/id/digest/minilateralism> <http://www.w3.org/2000/01/rdf-schema#label> "Minilateralism in Global Governance"@en } }')
    after = [(r["claim"].value, r["issue_en"].value) for r in store.query(query, bindings=quad)]
    assert len(before) == 7 and {issue for _, issue in before} == {"Minilateralism in Global Governance"}
    assert after == [(claim, "全球治理中的小多边主义") for claim, _ in before]
