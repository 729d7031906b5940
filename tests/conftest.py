import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module (see tests/chromium.py)."""
    from chromium import launched

    with launched() as b:
        yield b


@pytest.fixture(scope="session")
def built():
    """The dataset built once, with reasoning, for every graph test."""
    from minilat.pipeline.build import build_dataset

    return build_dataset(reason=True)


@pytest.fixture(scope="session")
def store(built):
    from minilat.pipeline.validate import to_store

    return to_store(built.dataset)


@pytest.fixture(scope="session")
def select(store):
    """Run a SELECT over the union of the named graphs; rows as tuples of plain values."""
    prefixes = (
        "PREFIX mlo: <https://w3id.org/minilat/ontology#>\n"
        "PREFIX id: <https://w3id.org/minilat/id/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX org: <http://www.w3.org/ns/org#>\n"
        "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "PREFIX schema: <http://schema.org/>\n"
    )

    def run(query: str) -> list[tuple]:
        results = store.query(prefixes + query, use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        return [tuple(row[n].value if row[n] is not None else None for n in names) for row in results]

    return run
