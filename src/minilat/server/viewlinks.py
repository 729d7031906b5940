"""Which network views show an entity: read from the built views themselves.

Each view (``graphs/views/<name>.html``, written by ``minilat views``) embeds its data as
``<script type="application/json" id="minilat-data">`` with the node IRIs as ids. The index
IRI → views is read once and again only when the files change (their names, sizes and
times are looked at no more than once every ``RECHECK`` seconds, not on every page); an
entity page links to ``/views/<name>.html#focus=<IRI>``, which the view's script selects
and centres.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path
from urllib.parse import quote

DATA = re.compile(r'<script type="application/json" id="minilat-data">(.*?)</script>', re.DOTALL)
_lock = threading.Lock()
_cache: dict[Path, tuple[tuple, dict[str, list[dict]]]] = {}
_checked: dict[Path, float] = {}  # when each folder's signature was last compared
RECHECK = 1.0


def signature(folder: Path) -> tuple:
    files = sorted(folder.glob("*.html")) if folder.is_dir() else []
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)


def read(folder: Path) -> dict[str, list[dict]]:
    """IRI → the views that show it (name, English and Chinese title), in file order."""
    index: dict[str, list[dict]] = {}
    for file in sorted(folder.glob("*.html")):
        match = DATA.search(file.read_text(encoding="utf-8"))
        if not match:
            continue
        try:
            data = json.loads(match.group(1))
        except ValueError:
            continue
        title = (data.get("view") or {}).get("title") or [file.stem, file.stem]
        entry = {"name": file.stem, "en": title[0], "zh": title[1] if len(title) > 1 else title[0]}
        for node in data.get("nodes") or []:
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                index.setdefault(node["id"], []).append(entry)
    return index


def focused(entries: list[dict], iri: str) -> list[dict]:
    if not entries:
        return []
    focus = quote(iri, safe="")  # once per page, not per view
    return [v | {"url": f"/views/{v['name']}.html#focus={focus}"} for v in entries]


def known(folder: Path, iri: str) -> list[dict] | None:
    """The views showing ``iri`` from the index when it was checked within ``RECHECK`` seconds
    (no file system access), else None: then call :func:`views_of` (off the event loop)."""
    cached = _cache.get(folder)
    if cached is None or time.monotonic() - _checked.get(folder, 0.0) > RECHECK:
        return None
    return focused(cached[1].get(iri, []), iri)


def views_of(folder: Path, iri: str) -> list[dict]:
    """The views showing ``iri``, each with its URL focused on it."""
    key = signature(folder)
    with _lock:
        cached = _cache.get(folder)
        if cached is None or cached[0] != key:
            cached = _cache[folder] = (key, read(folder))
        _checked[folder] = time.monotonic()
    return focused(cached[1].get(iri, []), iri)
