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


@pytest.fixture(scope="session")
def series_home(tmp_path_factory):
    """A project home with the real issue and two synthetic ones (tests/series.py), built
    by the real command (`minilat build --no-views`, MINILAT_HOME pointing at it): its
    release files are in HOME/graphs/. Serve it with MINILAT_HOME=HOME as well."""
    import os
    import subprocess

    from series import write_home

    home = write_home(tmp_path_factory.mktemp("series"))
    env = dict(os.environ, MINILAT_HOME=str(home))
    done = subprocess.run([sys.executable, "-m", "minilat", "build", "--no-views", "--out", str(home / "graphs")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return home
