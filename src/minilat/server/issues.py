"""The digest issues of the series, for the home page: the library's ``issues`` query, run by a
worker, in series order (by number, then date, then IRI)."""

from __future__ import annotations

import json

from minilat import library
from minilat.server import links


def job() -> dict:
    """The worker job answering the library's ``issues`` query as SPARQL JSON."""
    return {"op": "query", "text": library.get("issues").text, "formats": {"solutions": "json"}, "max_rows": 100_000, "union": True}


def rows(body: bytes) -> list[dict]:
    """The issues from the query's JSON results, in series order, each with its page's URL."""
    found = []
    for b in json.loads(body)["results"]["bindings"]:
        values = {k: v["value"] for k, v in b.items()}
        get = values.get
        iri = get("issue")
        en = get("theme_en") or get("theme_zh") or links.local_name(iri)
        found.append({"iri": iri, "url": links.local(iri), "en": en, "zh": get("theme_zh") or en, "number": get("number"),
                      "date": get("date"), "claims": int(get("claims") or 0)})
    return found
