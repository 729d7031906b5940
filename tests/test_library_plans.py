"""The shape of the library queries' WHERE groups, as pyoxigraph plans them.

pyoxigraph joins the patterns of a group in about the order they are written, and an OPTIONAL
splits the group: the required patterns written after it are joined to everything before it
wholesale, not row by row. With that shape entity-claims-across-issues took 447 ms and
issue-claims 123 ms (unbound); with the OPTIONAL last, 7 and 2 ms. So a required pattern
(triples, GRAPH, a group or UNION, a subquery) must not follow an OPTIONAL in the same group,
unless it uses a variable that only the OPTIONAL binds (then the order is the query's meaning).
"""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql import parser
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from minilat.library import library

REQUIRED = {"TriplesBlock", "GraphGraphPattern", "GroupOrUnionGraphPattern"}

#: query name → reason, for a required pattern that must follow an OPTIONAL (none so far).
SEMANTIC_ORDER: dict[str, str] = {}


def children(node):
    if isinstance(node, CompValue):
        yield from node.values()
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        yield from node


def variables(node) -> set[str]:
    """The variables a parse-tree node mentions; of a subquery, only those it projects."""
    if isinstance(node, Variable):
        return {str(node)}
    if isinstance(node, CompValue) and node.name == "SubSelect":
        projected = node.get("projection") or []
        return set().union(*(variables(p.get("var")) | variables(p.get("evar")) for p in projected)) if projected else variables(node.get("where"))
    return set().union(set(), *(variables(c) for c in children(node)))


def groups(node):
    """Every GroupGraphPatternSub in the tree (OPTIONALs, UNIONs, subqueries, EXISTS included)."""
    if isinstance(node, CompValue) and node.name == "GroupGraphPatternSub":
        yield node
    for child in children(node):
        yield from groups(child)


def misplaced(text: str) -> list[str]:
    """The required patterns that follow an OPTIONAL of their group without needing its variables."""
    found = []
    for group in groups(parser.parseQuery(text)):
        bound: set[str] = set()  # by the group's required parts, BINDs and VALUES so far
        optional: set[str] = set()  # by its OPTIONALs so far
        for part in group.get("part") or []:
            mentioned = variables(part)
            if part.name == "OptionalGraphPattern":
                optional |= mentioned
                continue
            if part.name in REQUIRED and optional and not (mentioned & (optional - bound)):
                found.append(f"{part.name} mentioning {' '.join(sorted('?' + v for v in mentioned))}")
            if part.name == "Bind":
                bound.add(str(part.var))
            elif part.name != "Filter":
                bound |= mentioned
    return found


OLD_ENTITY_CLAIMS_ACROSS_ISSUES = """
PREFIX mlo: <https://w3id.org/minilat/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
SELECT ?entity ?issue ?claim WHERE {
  ?claim a mlo:Claim ; mlo:about ?entity ; mlo:madeIn ?entry .
  ?entry dcterms:isPartOf ?issue .
  OPTIONAL { ?issue prism:number ?issue_number }
  ?issue a mlo:DigestIssue ; rdfs:label ?issue_en . FILTER(lang(?issue_en) = "en")
}
"""


def test_the_check_finds_the_shape_that_was_slow():
    assert misplaced(OLD_ENTITY_CLAIMS_ACROSS_ISSUES) == ["TriplesBlock mentioning ?issue ?issue_en"]
    last = OLD_ENTITY_CLAIMS_ACROSS_ISSUES.replace("OPTIONAL { ?issue prism:number ?issue_number }", "")
    assert misplaced(last.replace("\n}", "\n  OPTIONAL { ?issue prism:number ?issue_number }\n}")) == []
    # a pattern reading what only the OPTIONAL binds keeps its place
    assert misplaced("SELECT * WHERE { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?c } ?c <urn:r> ?d }") == []
    assert misplaced("SELECT * WHERE { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?c } BIND(?c AS ?e) ?c <urn:r> ?d }") == []
    # nested groups are checked too
    assert misplaced("SELECT * WHERE { { ?a <urn:p> ?b OPTIONAL { ?b <urn:q> ?c } ?a <urn:r> ?d } }") != []


@pytest.mark.parametrize("name", sorted(library()))
def test_no_required_pattern_follows_an_optional(name):
    found = misplaced(library()[name].text)
    if name in SEMANTIC_ORDER:
        assert found, f"{name} is listed in SEMANTIC_ORDER but has no required pattern after an OPTIONAL"
        return
    assert not found, f"{name}: move the OPTIONAL after the group's required patterns ({'; '.join(found)})"
