"""Human documentation of the ontology, generated with pyLODE (offline).

pyLODE runs in a child process (``python -m minilat.server.ontology`` reads Turtle on
stdin, writes HTML on stdout) so its few seconds of work never stall the server. The page
is then made self-contained and local: any external stylesheet, script or font is
stripped, links to minilat IRIs point at this server, and every term gets an anchor named
after its IRI's fragment, so ``…/ontology#Claim`` lands on the class ``Claim``. The page
has the ontology's own title and IRI once, with the citation and status pyLODE leaves out;
concept schemes in the ontology graph (which pyLODE would take for more ontology headers)
get a section of their own. Version IRIs (``…/ontology/0.2.0``) link to this server's
``/ontology/0.2.0``, which serves that version's frozen release file.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from html import escape

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from minilat.server import links

log = logging.getLogger("minilat.server")
BIBO = Namespace("http://purl.org/ontology/bibo/")
EXTERNAL = [
    re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE),
    re.compile(r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>\s*</script>", re.IGNORECASE),
    re.compile(r"@import\s+url\([\"']?(?:https?:)?//[^)]*\)\s*;?", re.IGNORECASE),
    re.compile(r"@import\s+[\"'](?:https?:)?//[^\"']*[\"']\s*;?", re.IGNORECASE),
]
TERM = re.compile(r'(<div class="[^"]*\bentity\b[^"]*" id="([^"]*)">\s*<h3>.*?<code>([^<]*)</code>)', re.DOTALL)


def localize(html: str) -> str:
    """Strip external assets, add IRI-fragment anchors, point minilat links at this server."""
    for pattern in EXTERNAL:
        html = pattern.sub("", html)

    def anchor(match: re.Match[str]) -> str:
        block, given, iri = match.groups()
        fragment = iri.split("#", 1)[1] if iri.startswith(links.ONTOLOGY + "#") else None
        if fragment and fragment != given:
            return f'<span id="{fragment}" class="iri-anchor"></span>' + block
        return block

    html = TERM.sub(anchor, html)
    html = html.replace(f'href="{links.ONTOLOGY}#', 'href="/ontology#').replace(f'href="{links.ONTOLOGY}/', 'href="/ontology/')
    # pyLODE links a version IRI inside the ontology's namespace as a fragment of the page
    html = re.sub(r'href="#([^"]+)">' + re.escape(links.ONTOLOGY) + r'/\1<', lambda m: f'href="/ontology/{m.group(1)}">{links.ONTOLOGY}/{m.group(1)}<', html)
    return html.replace(f'href="{links.ID}', 'href="/id/')


async def generate(turtle: bytes) -> str:
    """Run pyLODE on ``turtle`` in a child process and return the localized page."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "minilat.server.ontology",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(turtle), 120)
    except BaseException:
        proc.kill()
        raise
    if proc.returncode != 0:
        log.error("pyLODE failed: %s", err.decode(errors="replace")[-500:])
        raise RuntimeError("the ontology documentation could not be generated")
    return localize(out.decode())


def ontology_title(graph: Graph) -> str:
    """The owl:Ontology's dcterms:title, English then Chinese (``en · zh``)."""
    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), None)
    titles = {t.language or "": str(t) for t in graph.objects(ontology, DCTERMS.title) if isinstance(t, Literal)} if ontology else {}
    ordered = [titles.pop(lang) for lang in ("en", "zh") if lang in titles] + sorted(titles.values())
    return " · ".join(ordered) or "minilat ontology"


def schemes(graph: Graph) -> list[URIRef]:
    """The skos:ConceptSchemes that are not the ontology itself, sorted."""
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    return sorted(s for s in set(graph.subjects(RDF.type, SKOS.ConceptScheme)) - ontologies if isinstance(s, URIRef))


def for_pylode(graph: Graph) -> Graph:
    """The graph pyLODE is given. pyLODE takes every skos:ConceptScheme for an ontology header
    and glues its title and IRI onto the owl:Ontology's, so the schemes lose that type here
    (the RDF served stays as it is) and are documented in a section of their own."""
    if any(graph.subjects(RDF.type, OWL.Ontology)):
        for scheme in schemes(graph):
            graph.remove((scheme, RDF.type, SKOS.ConceptScheme))
    return graph


def label(graph: Graph, node: URIRef) -> str:
    """``en · zh`` labels (skos:prefLabel, else rdfs:label) of ``node``, or its IRI."""
    found = {t.language or "": str(t) for p in (RDFS.label, SKOS.prefLabel) for t in graph.objects(node, p) if isinstance(t, Literal)}
    return " · ".join(found[lang] for lang in ("en", "zh") if lang in found) or str(node)


def schemes_section(graph: Graph, found: list[URIRef]) -> str:
    """HTML documenting each concept scheme: IRI, definition, concepts."""
    if not found:
        return ""
    out = ['<div class="section" id="conceptschemes"><h2>Concept Schemes</h2>']
    for scheme in found:
        definition = " ".join(str(d) for d in graph.objects(scheme, SKOS.definition))
        concepts = sorted(graph.subjects(SKOS.inScheme, scheme), key=lambda c: label(graph, c).casefold())
        items = "".join(f'<li><a href="{escape(str(c))}">{escape(label(graph, c))}</a></li>' for c in concepts)
        out.append(
            f'<div class="scheme" id="scheme-{escape(str(scheme).rstrip("/").rsplit("/", 1)[-1])}"><h3>{escape(label(graph, scheme))}</h3>'
            f"<table><tr><th>IRI</th><td><code>{escape(str(scheme))}</code></td></tr>"
            + (f"<tr><th>Definition</th><td><p>{escape(definition)}</p></td></tr>" if definition else "")
            + f"<tr><th>Concepts</th><td><ul>{items}</ul></td></tr></table></div>"
        )
    return "".join(out) + "</div>"


def metadata_rows(graph: Graph) -> str:
    """Metadata rows pyLODE does not render: the citation (dcterms:bibliographicCitation) and
    the status (bibo:status), as ``<div><dt>…</dt><dd>…</dd></div>`` for its metadata list."""
    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), None)
    rows = []
    for prop, name in ((DCTERMS.bibliographicCitation, "Citation"), (BIBO.status, "Status")):
        for value in sorted(graph.objects(ontology, prop), key=str) if ontology is not None else ():
            shown = str(value).rsplit("/", 1)[-1] if isinstance(value, URIRef) else str(value)
            cell = f'<a href="{escape(str(value))}">{escape(shown)}</a>' if isinstance(value, URIRef) else f"<p>{escape(shown)}</p>"
            rows.append(f'<div><dt><a class="hover_property" href="{escape(str(prop))}">{name}</a></dt><dd>{cell}</dd></div>')
    return "".join(rows)


def with_header(html: str, title: str, section: str, rows: str = "") -> str:
    """One title (``<title>`` and the metadata ``<h1>``), the extra metadata rows, and the
    schemes before the namespaces."""
    html = re.sub(r"<title>.*?</title>", lambda m: f"<title>{escape(title)}</title>", html, count=1, flags=re.DOTALL)
    html = re.sub(r'(<div class="section" id="metadata">\s*)<h1>.*?</h1>', lambda m: f"{m.group(1)}<h1>{escape(title)}</h1>", html, count=1, flags=re.DOTALL)
    if rows:
        html = re.sub(r'(<div class="section" id="metadata">.*?)(</dl>)', lambda m: m.group(1) + rows + m.group(2), html, count=1, flags=re.DOTALL)
    return html.replace('<div id="namespaces">', section + '<div id="namespaces">', 1) if section else html


def document(turtle: str) -> str:
    """pyLODE's page for the ontology in ``turtle``, with one header and the concept schemes."""
    from pylode import OntPub

    graph = Graph().parse(data=turtle, format="turtle")
    title, found, rows = ontology_title(graph), schemes(graph), metadata_rows(graph)
    section = schemes_section(graph, found)
    return with_header(OntPub(ontology=for_pylode(graph)).make_html(), title, section, rows)


def main() -> None:
    """Turtle on stdin → pyLODE HTML on stdout."""
    logging.disable(logging.INFO)
    sys.stdout.write(document(sys.stdin.buffer.read().decode()))


if __name__ == "__main__":
    main()
