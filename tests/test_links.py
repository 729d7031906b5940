"""The links graph: alignments (schema:sameAs), pages and identifiers from the reference file, with their source."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from rdflib import OWL, RDF, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from minilat import ids, paths
from minilat.errors import UserError
from minilat.ids import PRISM, SCHEMA
from minilat.linking import links
from minilat.pipeline import release
from minilat.pipeline.release import jsonld, void

QUAD = ids.entity("mechanism", "quad")
DBPEDIA_QUAD = URIRef("http://dbpedia.org/resource/Quadrilateral_Security_Dialogue")
DEE = ids.entity("article", "dee-2024")
COUNTS = {
    "wikidata-exactmatch": 10,
    "dbpedia-exactmatch": 18,
    "wikipedia-page": 18,
    "wikipedia-sameas": 18,
    "issn-sameas": 4,
    "doi-sameas": 1,
}


@dataclass
class Linked:
    """The built dataset plus the links graphs, and its release files in a temporary folder."""

    dataset: Dataset
    files: dict[str, Path]
    folder: Path


_cache: dict[tuple[int, bool], Linked] = {}


def linked(built, sameas: bool = False) -> Linked:
    """A copy of the session's built dataset with the links graph(s), written as the lead's build would."""
    key = (id(built), sameas)
    if key not in _cache:
        dataset = Dataset()
        for quad in built.dataset.quads((None, None, None, None)):
            dataset.add(quad)
        graph = links.link_graph(built.curation, links.load_reference(), built.graph("bibliography"))
        target = dataset.graph(links.LINKS)
        for triple in graph:
            target.add(triple)
        if sameas:
            extra = dataset.graph(links.SAMEAS)
            for triple in links.sameas_graph(graph):
                extra.add(triple)
        folder = Path(tempfile.mkdtemp(prefix="minilat-linked-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        files = release.write(dataset, folder)
        files["minilat.jsonld"] = jsonld.write(dataset, folder / jsonld.JSONLD_FILE)
        void.write(dataset, files, folder)
        _cache[key] = Linked(dataset, files, folder)
    return _cache[key]


@pytest.fixture(scope="module")
def graph(built):
    return links.link_graph(built.curation, links.load_reference(), built.graph("bibliography"))


def test_link_counts_by_target(graph) -> None:
    assert links.counts(graph) == COUNTS


def test_quad_links_to_dbpedia_and_wikipedia_but_has_no_qid(graph) -> None:
    assert set(graph.objects(QUAD, FOAF.page)) == {URIRef("https://en.wikipedia.org/wiki/Quadrilateral_Security_Dialogue")}
    assert set(graph.objects(QUAD, SCHEMA.sameAs)) == {DBPEDIA_QUAD, URIRef("https://en.wikipedia.org/wiki/Quadrilateral_Security_Dialogue")}
    assert not set(graph.triples((None, SKOS.exactMatch, None)))  # states and mechanisms are not SKOS concepts


def test_states_and_bodies_link_to_their_confirmed_qids(graph) -> None:
    assert set(graph.objects(ids.entity("state", "AUS"), SCHEMA.sameAs)) == {URIRef("http://www.wikidata.org/entity/Q408"), URIRef("http://dbpedia.org/resource/Australia"), URIRef("https://en.wikipedia.org/wiki/Australia")}
    assert URIRef("http://www.wikidata.org/entity/Q18109843") in set(graph.objects(ids.entity("mechanism", "aiib"), SCHEMA.sameAs))
    assert URIRef("http://www.wikidata.org/entity/Q1065") in set(graph.objects(ids.entity("mechanism", "un"), SCHEMA.sameAs))


def test_no_qid_is_invented(graph) -> None:
    reference = yaml.safe_load(paths.REFERENCE.read_text(encoding="utf-8"))
    confirmed = {row["wikidata"] for kind in ("states", "organizations") for row in reference[kind] if row.get("wikidata")}
    linked_qids = {str(o).removeprefix(links.WIKIDATA_ENTITY) for o in graph.objects(None, SCHEMA.sameAs) if str(o).startswith(links.WIKIDATA_ENTITY)}
    assert linked_qids == confirmed
    for slug in ("vg10", "four-party-talks", "humanitarian-initiative"):
        assert not {o for o in graph.objects(ids.entity("mechanism", slug), SCHEMA.sameAs) if str(o).startswith(links.WIKIDATA_ENTITY)}


def test_identifiers_iso_issn_doi(graph) -> None:
    assert not set(graph.triples((None, SKOS.notation, None)))  # the ISO code is stated once, as mlo:iso3166Alpha3 of the state
    journal = ids.entity("journal", "australian-journal-of-international-affairs")
    assert set(graph.objects(journal, SCHEMA.sameAs)) == {
        URIRef("https://portal.issn.org/resource/ISSN/1035-7718"),
        URIRef("https://portal.issn.org/resource/ISSN/1465-332X"),
    }
    assert set(graph.objects(DEE, SCHEMA.sameAs)) == {URIRef("https://doi.org/10.1080/13523260.2024.2373658")}
    assert set(graph.objects(DEE, PRISM.doi)) == {Literal("10.1080/13523260.2024.2373658")}


def test_links_graph_records_its_source(graph) -> None:
    assert (links.LINKS, DCTERMS.source, links.REFERENCE) in graph
    assert str(graph.value(links.REFERENCE, DCTERMS.identifier)).startswith("sha256:")
    sources = {str(s) for s in graph.objects(links.REFERENCE, DCTERMS.source)}
    assert len(sources) == 3 and any(s.startswith("Country QIDs:") for s in sources)
    assert not set(graph.triples((None, OWL.sameAs, None)))


def test_sameas_linkset_is_separate_and_opt_in(graph) -> None:
    sameas = links.sameas_graph(graph)
    assert links.counts(sameas) == {"wikidata-owl-sameas": 10, "dbpedia-owl-sameas": 18}
    assert (QUAD, OWL.sameAs, DBPEDIA_QUAD) in sameas
    assert (links.SAMEAS, DCTERMS.source, links.REFERENCE) in sameas


def test_release_carries_the_links_graph(built) -> None:
    result = linked(built)
    assert len(result.dataset.graph(links.LINKS)) == len(links.link_graph(built.curation, links.load_reference(), built.graph("bibliography")))
    assert f"<{links.LINKS}>".encode() in result.files["minilat.trig"].read_bytes()
    assert (DEE, RDF.type, None) in result.dataset.graph(ids.GRAPHS["bibliography"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("states:\n  - {iso3: AUS, wikidata: 408}\nsources_of_these_facts: x\n", "states.0.wikidata"),
        ("states:\n  - {iso3: aus}\nsources_of_these_facts: x\n", "states.0.iso3"),
        ("- a list\n", "must be a mapping"),
        ("states: [\n", "does not parse"),
    ],
)
def test_reference_errors_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "external-ids.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as err:
        links.load_reference(path)
    assert message in str(err.value) and "\n" not in str(err.value) and str(path) in str(err.value)
