"""``minilat format``: write curated records back in canonical form (sorted, stable diffs)."""

from __future__ import annotations

import click

from minilat import paths
from minilat.errors import UserError
from minilat.pipeline.records.curation import check_canonical, write_canonical


@click.command("format")
@click.option("--check", is_flag=True, help="Only report files that are not canonical; exit 1 if any.")
def format_command(check: bool) -> None:
    """Rewrite corpus/curation/ files canonically (sorted by slug, defaults omitted)."""
    if check:
        files = check_canonical(paths.CURATION)
        for path in files:
            click.echo(f"not canonical: {path}")
        if files:
            raise UserError(f"{len(files)} file(s) not canonical: run `minilat format`")
        click.echo("all curation files are canonical")
        return
    changed = write_canonical(paths.CURATION)
    click.echo(f"{len(changed)} file(s) rewritten")
