"""An entity page's HTML, rendered where its data is gathered: in a query worker.

The page's template work (about as much CPU as gathering the data) used to run on the
server's one event loop, which then made every other request wait; in the workers it runs
beside the queries, one page per worker at a time. The server only sends the bytes on.
"""

from __future__ import annotations

from pathlib import Path

from minilat.server import conneg, leadview, pages, viewlinks


def warm() -> None:
    """Compile the page's templates now (a worker does it before it takes jobs): the page, its base
    and its lead section, which alone takes ~80 ms, else spent by the first page within its budget."""
    for name in ("server/entity.html", "server/base.html", "server/lead.html"):
        pages.ENV.get_template(name)


def views(folder: Path, iri: str) -> list[dict]:
    """The network views showing ``iri`` (the index is re-read only when the files change)."""
    found = viewlinks.known(folder, iri)
    return viewlinks.views_of(folder, iri) if found is None else found


def html(data: dict, path: str, folder: Path) -> str:
    """The page of an entity (not a digest text) from :func:`minilat.server.entity.gather`'s data."""
    view = pages.entity_view(data)
    return pages.html("server/entity.html", title=view["title"], e=view, lead=leadview.view(data, views(folder, data["iri"])),
                      alternates=pages.alternates(path, conneg.GRAPH))
