"""Quick curation check for curators: ``python -m minilat.pipeline.records`` validates and anchors every record."""

from __future__ import annotations

import sys

from minilat import paths
from minilat.errors import UserError
from minilat.pipeline.anchor import anchor_all
from minilat.pipeline.corpus import manifest, verify
from minilat.pipeline.parse import parse, read_text
from minilat.pipeline.records.series import load_series


def main() -> int:
    try:
        entries = manifest()
        series = load_series(paths.CURATION, [entry.slug for entry in entries])
        anchors = 0
        for entry in entries:
            path = verify(entry)
            anchors += len(anchor_all(series.issues[entry.slug], parse(path), read_text(path)).anchors)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 2
    total = sum(len(v) for cur in series.curations() for v in cur.records.values())
    print(f"{total} records in the registry and {len(entries)} issue(s), {anchors} quotes anchored, 0 problems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
