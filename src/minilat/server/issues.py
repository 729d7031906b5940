"""The digest issues of the series, for the home page: one SPARQL query run by a worker.

Each issue (``mlo:DigestIssue``) with its theme (``rdfs:label`` zh/en), its number (``prism:number``)
and date (``dcterms:issued``) when the manifest gives them, and its claim count (claims ``mlo:madeIn`` an entry ``dcterms:isPartOf`` it),
in series order: by number, then date, then IRI.
"""

from __future__ import annotations

import json

from minilat.server import links

ISSUES = """\
PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
SELECT ?issue (SAMPLE(?en_) AS ?en) (SAMPLE(?zh_) AS ?zh) (SAMPLE(?number_) AS ?number) (SAMPLE(?date_) AS ?date)
       (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?issue a mlo:DigestIssue .
  OPTIONAL { ?issue rdfs:label ?en_ FILTER(langMatches(lang(?en_), "en")) }
  OPTIONAL { ?issue rdfs:label ?zh_ FILTER(langMatches(lang(?zh_), "zh")) }
  OPTIONAL { ?issue prism:number ?number_ }
  OPTIONAL { ?issue dcterms:issued ?date_ }
  OPTIONAL { ?entry dcterms:isPartOf ?issue . ?claim mlo:madeIn ?entry ; a mlo:Claim }
}
GROUP BY ?issue"""


def job() -> dict:
    """The worker job answering :data:`ISSUES` as SPARQL JSON."""
    return {"op": "query", "text": ISSUES, "formats": {"solutions": "json"}, "max_rows": 100_000, "union": True}


def rows(body: bytes) -> list[dict]:
    """The issues from the query's JSON results, in series order, each with its page's URL."""
    found = []
    for b in json.loads(body)["results"]["bindings"]:
        values = {k: v["value"] for k, v in b.items()}
        get = values.get
        iri = get("issue")
        en = get("en") or get("zh") or links.local_name(iri)
        found.append({"iri": iri, "url": links.local(iri), "en": en, "zh": get("zh") or en, "number": get("number"),
                      "date": get("date"), "claims": int(get("claims") or 0)})
    number = lambda i: int(i["number"]) if (i["number"] or "").isdigit() else 0  # noqa: E731
    return sorted(found, key=lambda i: (number(i), i["date"] or "", i["iri"]))
