"""``minilat parse FILE``: print the parsed digest as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from minilat.digest import parse


@click.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--offsets", is_flag=True, help="Include each paragraph's character-to-raw-offset map.")
def parse_command(file: Path, offsets: bool) -> None:
    """Parse a digest FILE and print it as JSON (mismatches also go to stderr)."""
    digest = parse(file)
    data = digest.model_dump(mode="json")
    if offsets:
        data["preface"] = [p.model_dump(mode="json") | {"offsets": p.offsets} for p in digest.preface]
        for out, article in zip(data["articles"], digest.articles):
            out["paragraphs"] = [p.model_dump(mode="json") | {"offsets": p.offsets} for p in article.paragraphs]
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    for problem in digest.mismatches:
        click.echo(f"minilat: warning: {problem}", err=True)
