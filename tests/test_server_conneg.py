"""Unit tests of the server's content negotiation and of the SPARQL safety lexer."""

from __future__ import annotations

import pytest

from minilat.library.sparqlscan import scan, unescape
from minilat.server import conneg


def pick(accept: str | None, offer=conneg.RESULTS, fmt: str | None = None) -> str | None:
    chosen = conneg.choose(accept, fmt, offer)
    return chosen.key if chosen else None


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "json"),
        ("", "json"),
        ("*/*", "json"),
        ("text/csv", "csv"),
        ("text/csv;q=0.5, application/sparql-results+xml", "xml"),
        ("application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9", "tsv"),
        ("text/*", "csv"),  # csv comes before tsv in the route's order
        ("text/*;q=0.3, text/tab-separated-values", "tsv"),
        ("application/json", "json"),
        ("application/xml;q=1.0, */*;q=0.1", "xml"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml"),  # a browser
        ("TEXT/CSV", "csv"),
        ("text/csv;charset=utf-8;q=0.7, application/json;q=0.6", "csv"),
    ],
)
def test_accept_header_picks_by_quality_then_specificity(accept, expected):
    assert pick(accept) == expected


@pytest.mark.parametrize(
    "accept",
    ["text/turtle", "image/png, text/html", "application/sparql-results+json;q=0, */*;q=0", "*/*;q=0", "text/*;q=0, application/*;q=0"],
)
def test_nothing_acceptable_is_none(accept):
    assert pick(accept) is None


def test_most_specific_range_sets_the_quality():
    # */* would allow json at 1, but the exact range refuses it
    assert pick("application/sparql-results+json;q=0, */*", offer=("json", "xml")) == "xml"
    assert pick("text/turtle;q=0.2, */*;q=0.5", offer=conneg.GRAPH) == "nt"


@pytest.mark.parametrize(
    "accept",
    ["garbage", ";;;,,,", "text/csv;q=abc", "text/csv;q=1.5", "text/csv;q=-1", "/", "a/b/c", 'text/csv;x="a,b";q=0.5', "\x00\xff", "text/csv;q=0.3333"],
)
def test_malformed_accept_never_raises(accept):
    result = pick(accept)
    assert result in {None, *conneg.RESULTS}


def test_malformed_elements_are_skipped_not_fatal():
    assert pick("text/csv;q=abc, text/tab-separated-values") == "tsv"
    assert pick('text/csv;note="a, b";q=0.2, application/json;q=0.1') == "csv"


@pytest.mark.parametrize(
    ("fmt", "offer", "expected"),
    [("json", conneg.RESULTS, "json"), ("CSV", conneg.RESULTS, "csv"), ("tab", conneg.RESULTS, "tsv"), ("ttl", conneg.GRAPH, "turtle"),
     ("text/turtle", conneg.GRAPH, "turtle"), ("json-ld", conneg.GRAPH, "jsonld"), ("application/rdf+xml", conneg.GRAPH, "rdfxml"),
     ("turtle", conneg.RESULTS, None), ("nope", conneg.GRAPH, None)],
)
def test_format_parameter_overrides_accept(fmt, offer, expected):
    assert pick("text/csv", offer=offer, fmt=fmt) == expected


def test_html_first_routes_serve_browsers_html_and_rdf_clients_rdf():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    assert pick(browser, offer=conneg.HTML_FIRST) == "html"
    rdflib_like = "application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1"
    assert pick(rdflib_like, offer=conneg.HTML_FIRST) == "rdfxml"
    assert pick("application/ld+json", offer=conneg.HTML_FIRST) == "jsonld"
    assert pick("*/*", offer=conneg.RDF_FIRST) == "turtle"


def test_parse_accept_reads_q_values():
    ranges = conneg.parse_accept("text/html;level=1;q=0.7, */*;q=0.001, text/*")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [("text", "html", 0.7), ("*", "*", 0.001), ("text", "*", 1.0)]


# --- the lexer behind the SERVICE / update checks ---------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { \\U00000053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERV\\u0049CE <http://x/> {} }",
        "SELECT * WHERE {SERVICE<http://x/>{}}",
        "SELECT * WHERE { ?s ?p ?o .SERVICE <http://x/> {} }",
        "SELECT * WHERE { ?s ?p ?o }#\nSERVICE",
        "SELECT * WHERE { ?s <a:b\\#c> ?o . ex:a\\#b SERVICE <x> {} }",
    ],
)
def test_service_keyword_is_caught_in_every_spelling(query):
    facts = scan(query)
    assert facts.service_keyword or facts.service_mention


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX ex: <http://x/> SELECT * WHERE { SERVICEex:foo { ?s ?p ?o } }",  # PEG parsers need no word boundary
        "SELECT * WHERE { ?s ?p 1SERVICE <x> {} }",
        "SELECT * WHERE { ?s ?p trueSERVICE <x> {} }",
        "PREFIX s: <http://x/> SELECT * WHERE { ?s s:service ?o }",
    ],
)
def test_service_inside_a_token_needs_a_real_parse(query):
    facts = scan(query)
    assert facts.service_mention


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT * WHERE { ?s ?p '''multi\nline SERVICE''' }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "# SERVICE <http://x/>\nSELECT * WHERE { ?s ?p ?o }",
        "SELECT ?service WHERE { ?service ?p ?o }",
        'SELECT * WHERE { ?s ?p "x"@en }',
    ],
)
def test_service_in_strings_iris_comments_and_variables_is_harmless(query):
    facts = scan(query)
    assert not facts.service_keyword and not facts.service_mention


def test_codepoint_escapes_are_unescaped_like_the_grammar_says():
    assert unescape("\\u0053ERVICE \\U0001F600 \\u00") == "SERVICE \U0001F600 \\u00"


@pytest.mark.parametrize(
    ("text", "form", "update"),
    [
        ("SELECT * {}", "SELECT", False),
        ("PREFIX ex: <http://x/>\nask {}", "ASK", False),
        ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
        ("DESCRIBE <http://x/>", "DESCRIBE", False),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT", True),
        ("PREFIX ex: <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE", True),
        ("LOAD <http://x/>", "LOAD", True),
        ("clear all", "CLEAR", True),
        ("DROP GRAPH <a:b>", "DROP", True),
        ("CREATE GRAPH <a:b>", "CREATE", True),
        ("ADD DEFAULT TO <a:b>", "ADD", True),
        ("MOVE <a:b> TO <a:c>", "MOVE", True),
        ("COPY <a:b> TO <a:c>", "COPY", True),
        ("WITH <a:b> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH", True),
        ("\\u0044ROP ALL", "DROP", True),
    ],
)
def test_query_form_and_update_detection(text, form, update):
    facts = scan(text)
    assert facts.form == form
    assert facts.is_update is update


def test_dataset_and_determinism_flags():
    assert scan("SELECT * FROM <a:g> WHERE { ?s ?p ?o }").has_dataset
    assert not scan("SELECT * WHERE { ?s ?p 'FROM' }").has_dataset
    assert not scan("SELECT (NOW() AS ?t) {}").deterministic
    assert not scan("SELECT (rand() AS ?t) {}").deterministic
    assert scan("SELECT (STRLEN('now') AS ?t) {}").deterministic


def test_format_parameters_as_clients_send_them():
    # SPARQLWrapper: format=rdf+xml&format=application/rdf+xml, or a comma-separated list
    assert pick(None, offer=conneg.GRAPH, fmt=["rdf+xml", "application/rdf+xml"]) == "rdfxml"
    assert pick(None, offer=conneg.GRAPH, fmt=["json-ld", "application/ld+json,application/x-json+ld"]) == "jsonld"
    assert pick(None, offer=conneg.GRAPH, fmt=["n3"]) == "turtle"
    assert pick(None, offer=conneg.GRAPH, fmt=["xml"]) == "rdfxml"
    assert pick(None, offer=conneg.RESULTS, fmt=["xml"]) == "xml"
    assert pick(None, offer=conneg.RESULTS, fmt=["bogus", "csv"]) == "csv"
    assert pick("text/csv", offer=conneg.RESULTS, fmt=["bogus"]) is None



BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQLWRAPPER_JSON = "application/sparql-results+json,application/json,text/javascript,application/javascript"
SPARQLWRAPPER_N3 = "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3"
CLIENTS = [
    None,  # urllib, requests, most libraries: no Accept
    "*/*",  # curl
    "application/sparql-results+json",
    SPARQLWRAPPER_JSON,
    "application/sparql-results+xml",  # SPARQLWrapper XML, rdflib's SPARQLStore
    "application/sparql-results+xml,application/rdf+xml,*/*",  # SPARQLWrapper's default
    SPARQLWRAPPER_N3,
    "application/rdf+xml",
    "application/ld+json",
    "text/csv",
    "text/tab-separated-values",
    "text/*",
    "application/*",
    "application/xml, text/xml",
]


@pytest.mark.parametrize("accept", [BROWSER, FIREFOX, "application/xhtml+xml", "text/html", "text/html;q=0.9, text/turtle;q=0.5"])
def test_a_browser_gets_html_for_every_result_kind(accept):
    assert pick(accept, conneg.RESULTS_PAGE) == "html"
    assert pick(accept, conneg.GRAPH_PAGE) == "html"


@pytest.mark.parametrize("accept", CLIENTS)
def test_sparql_clients_keep_their_formats(accept):
    """Offering HTML changes nothing for a client that does not rank text/html first."""
    assert pick(accept, conneg.RESULTS_PAGE) == pick(accept, conneg.RESULTS)
    assert pick(accept, conneg.GRAPH_PAGE) == pick(accept, conneg.GRAPH)
    assert pick(accept, conneg.RESULTS_PAGE) != "html" and pick(accept, conneg.GRAPH_PAGE) != "html"


@pytest.mark.parametrize(
    ("accept", "results", "graph"),
    [
        (None, "json", "turtle"),
        ("*/*", "json", "turtle"),
        (SPARQLWRAPPER_JSON, "json", "jsonld"),
        ("application/sparql-results+xml", "xml", None),
        (SPARQLWRAPPER_N3, None, "turtle"),
        ("text/html;q=0.5, application/sparql-results+json", "json", "html"),  # q-values still decide
        ("text/html;q=0.4, text/turtle;q=0.5", "html", "turtle"),
        ("image/png", None, None),
    ],
)
def test_sparql_offers_by_quality(accept, results, graph):
    assert pick(accept, conneg.RESULTS_PAGE) == results
    assert pick(accept, conneg.GRAPH_PAGE) == graph


def test_html_comes_last_in_the_sparql_offers():
    assert conneg.RESULTS_PAGE == (*conneg.RESULTS, "html") and conneg.GRAPH_PAGE == (*conneg.GRAPH, "html")
    assert pick(None, conneg.RESULTS_PAGE, "html") == "html" and pick(None, conneg.GRAPH_PAGE, "text/html") == "html"
    assert "text/html (format=html)" in conneg.not_acceptable(conneg.RESULTS_PAGE)


def test_a_decision_is_remembered_per_short_header_and_never_for_a_long_one():
    conneg.remembered.cache_clear()
    for _ in range(3):
        assert conneg.choose("text/turtle;q=0.9, application/sparql-results+json", None, conneg.RESULTS).key == "json"
    assert conneg.remembered.cache_info().currsize == 1 and conneg.remembered.cache_info().hits == 2
    long = ", ".join(f"application/x-{i};q=0.1" for i in range(60)) + ", text/csv"
    assert len(long) > conneg.REMEMBERED_ACCEPT
    assert conneg.choose(long, None, conneg.RESULTS).key == "csv"
    assert conneg.remembered.cache_info().currsize == 1
