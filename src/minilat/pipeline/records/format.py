"""``minilat format``: write curated records back in canonical form (sorted, stable diffs)."""

from __future__ import annotations

from pathlib import Path

import click
from pydantic import BaseModel

from minilat import paths
from minilat.errors import UserError
from minilat.pipeline.records.curation import dump_canonical
from minilat.pipeline.records.series import load_series


def _by_file(root: Path) -> dict[Path, str]:
    """Each curation file and its canonical text."""
    by_file: dict[Path, list[BaseModel]] = {}
    for curation in load_series(root).curations():
        for items in curation.records.values():
            for item in items:
                by_file.setdefault(item.path, []).append(item.record)
    return {path: dump_canonical(records) for path, records in sorted(by_file.items())}


def write_canonical(root: Path) -> list[Path]:
    """Rewrite every curation file canonically; return the files that changed."""
    changed: list[Path] = []
    for path, text in _by_file(root).items():
        if path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(".yaml.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            changed.append(path)
    return changed


def check_canonical(root: Path) -> list[Path]:
    """Files whose text differs from their canonical form."""
    return [path for path, text in _by_file(root).items() if path.read_text(encoding="utf-8") != text]


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
