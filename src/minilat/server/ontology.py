"""Human documentation of the ontology, generated with pyLODE (offline).

pyLODE runs in a child process (``python -m minilat.server.ontology`` reads Turtle on
stdin, writes HTML on stdout) so its few seconds of work never stall the server. The page
is then made self-contained and local: any external stylesheet, script or font is
stripped, links to minilat IRIs point at this server, and every term gets an anchor named
after its IRI's fragment, so ``…/ontology#Claim`` lands on the class ``Claim``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys

from minilat.server import links

log = logging.getLogger("minilat.server")
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
    return html.replace(f'href="{links.ONTOLOGY}#', 'href="/ontology#').replace(f'href="{links.ID}', 'href="/id/')


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


def main() -> None:
    """Turtle on stdin → pyLODE HTML on stdout."""
    logging.disable(logging.INFO)
    from pylode import OntPub
    from rdflib import Graph

    graph = Graph().parse(data=sys.stdin.buffer.read().decode(), format="turtle")
    sys.stdout.write(OntPub(ontology=graph).make_html())


if __name__ == "__main__":
    main()
