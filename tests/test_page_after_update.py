"""An entity page after the data change: a worker's labels (built once at load) are rebuilt by an
update and by a reload, so the next page shows what the store now says."""

from __future__ import annotations

from minilat.ids import BASE
from minilat.server.worker import Worker
from minilat.store import RELEASE

QUAD = BASE + "id/mechanism/quad"
MLO = BASE + "ontology#"


def test_an_update_reaches_the_next_page(tmp_path):
    worker = Worker(RELEASE)
    job = {"op": "page", "iri": QUAD, "path": "/id/mechanism/quad", "views": str(tmp_path)}
    before = worker.handle(job)["html"].decode()
    assert "Quad-Index-Alias" not in before and "index-test-concept" not in before
    update = f"""INSERT DATA {{ GRAPH <{BASE}graph/digest> {{
        <{QUAD}> <http://www.w3.org/2004/02/skos/core#altLabel> "Quad-Index-Alias"@en .
        <{BASE}id/concept/index-test-concept> <{MLO}about> <{QUAD}> }} }}"""
    assert worker.handle({"op": "update", "text": update, "snapshot": str(tmp_path / "after.nq")})["status"] == 204
    after = worker.handle(job)["html"].decode()
    assert "Quad-Index-Alias" in after and "index-test-concept" in after
    worker.handle({"op": "load", "snapshot": str(RELEASE)})
    assert worker.handle(job)["html"].decode() == before
