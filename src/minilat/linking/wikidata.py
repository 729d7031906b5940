"""``minilat link --wikidata``: propose the Wikidata QIDs the reference file lacks.

For every state and organization of ``corpus/reference/external-ids.yaml`` with a
confirmed English Wikipedia title but no QID, one SPARQL query asks the endpoint for the
item the article is about (``schema:about`` / ``schema:isPartOf <https://en.wikipedia.org/>``).
The answers go to a review file, never into the graph: a curator checks each proposal
and copies it into the reference file by hand.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import click
import yaml

from minilat import paths, push
from minilat.errors import UserError
from minilat.linking import links
from minilat.pipeline import release

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
PROPOSALS = paths.CORPUS / "reference" / "wikidata-proposals.yaml"
QUERY = """PREFIX schema: <http://schema.org/>
SELECT ?article ?item WHERE {
  VALUES ?article { %s }
  ?article schema:about ?item ;
           schema:isPartOf <https://en.wikipedia.org/> .
}"""


def missing(reference: links.Reference) -> list[tuple[str, str]]:
    """(name, Wikipedia title) of every entry with a confirmed title and no QID."""
    entries = [*reference.states, *reference.organizations]
    return [(e.name or e.wikipedia or "", e.wikipedia) for e in entries if e.wikipedia and not e.wikidata]


def ask(endpoint: str, titles: list[str], timeout: float = 30.0) -> dict[str, list[str]]:
    """Wikipedia title → the QIDs of the items whose English article it is."""
    articles = {str(links.wikipedia(title)): title for title in titles}
    values = " ".join(f"<{iri}>" for iri in sorted(articles))
    _, body = push.sparql(endpoint, QUERY % values, push.SELECT_TYPES, timeout=timeout)
    found: dict[str, list[str]] = {title: [] for title in titles}
    for row in push._solutions(body):  # type: ignore[union-attr]
        article, item = row["article"], row["item"]
        if article is None or item is None or not item.value.startswith(links.WIKIDATA_ENTITY):
            continue
        title = articles.get(article.value)
        if title is not None:
            found[title].append(item.value.removeprefix(links.WIKIDATA_ENTITY))
    return {title: sorted(set(qids)) for title, qids in found.items()}


def proposals(reference: links.Reference, endpoint: str, timeout: float = 30.0) -> dict[str, object]:
    """The review document: one proposal per title, with the endpoint and time asked."""
    todo = missing(reference)
    answers = ask(endpoint, [title for _, title in todo], timeout) if todo else {}
    rows = []
    for name, title in todo:
        qids = answers.get(title, [])
        row: dict[str, object] = {"name": name, "wikipedia": title}
        if len(qids) == 1:
            row["wikidata"] = qids[0]
        elif qids:
            row["candidates"] = qids
            row["note"] = "several items claim this article: pick one by hand"
        else:
            row["note"] = "no item found for this article"
        rows.append(row)
    return {
        "status": "PROPOSALS ONLY: review each QID, then copy it into external-ids.yaml by hand; the build never reads this file",
        "endpoint": endpoint,
        "asked": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "query": "?article schema:about ?item ; schema:isPartOf <https://en.wikipedia.org/> (article = https://en.wikipedia.org/wiki/<title>)",
        "proposals": rows,
    }


def write(document: dict[str, object], path: Path) -> None:
    header = "# Wikidata QIDs proposed by `minilat link --wikidata`, NOT confirmed: review before use.\n"
    release.write_atomic(path, (header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)).encode("utf-8"))


@click.command("link")
@click.option("--wikidata", "wikidata_", is_flag=True, required=True, help="Ask Wikidata for the QIDs of confirmed Wikipedia titles.")
@click.option("--endpoint", default=DEFAULT_ENDPOINT, show_default=True, help="SPARQL endpoint to ask.")
@click.option("--reference", "reference_path", type=click.Path(path_type=Path, dir_okay=False), default=paths.REFERENCE, show_default=True, help="Reference file to read.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=PROPOSALS, show_default=True, help="Review file to write.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for the endpoint.")
def link_command(wikidata_: bool, endpoint: str, reference_path: Path, out: Path, timeout: float) -> None:
    """Propose missing Wikidata QIDs (written to a review file, never into the graph)."""
    if not wikidata_:
        raise UserError("say what to link: --wikidata")
    reference = links.load_reference(reference_path)
    document = proposals(reference, endpoint, timeout)
    rows = document["proposals"]
    assert isinstance(rows, list)
    if not rows:
        click.echo("every confirmed Wikipedia title already has its QID; nothing to ask")
        return
    write(document, out)
    found = sum(1 for r in rows if "wikidata" in r)
    click.echo(f"{found} of {len(rows)} titles matched a single Wikidata item; proposals written to {out} for review")
