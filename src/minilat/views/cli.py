"""``minilat views``: write the interactive views, centrality table and Gephi exports."""

from __future__ import annotations

from pathlib import Path

import click

from minilat import paths
from minilat.store import RELEASE, Store

DEFAULT_OUT = paths.GRAPHS / "views"


@click.command("views")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder for the HTML views and exports.")
@click.option("--release", type=click.Path(dir_okay=False, path_type=Path), default=RELEASE, show_default=True,
              help="The release dataset to read (N-Quads or TriG).")
def views_command(out: Path, release: Path) -> None:
    """Write the views (HTML, offline), centrality.csv and GraphML/GEXF exports from the graph."""
    from minilat.views import build_views, write_built

    found, built = build_views(Store.open(release=release))
    written = write_built(found, built, out)
    for b in built:
        click.echo(f"{b.view.name}: {b.view.graph.number_of_nodes()} nodes, {b.view.graph.number_of_edges()} edges")
    click.echo(f"timeline: {len(found.events)} dated events, {len(found.periods)} membership periods")
    for name, path in written.items():
        click.echo(f"wrote {path} ({path.stat().st_size} bytes)")
    click.echo(f"open {out / 'index.html'}")
