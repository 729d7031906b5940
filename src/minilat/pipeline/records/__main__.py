"""Quick curation check for curators: ``python -m minilat.pipeline.records`` validates and anchors every record."""

from __future__ import annotations

import sys

from minilat import paths
from minilat.errors import UserError
from minilat.pipeline.anchor import anchor_all
from minilat.pipeline.parse import parse
from minilat.pipeline.records.curation import load


def main() -> int:
    try:
        curation = load(paths.CURATION)
        anchored = anchor_all(curation, parse(paths.DIGEST), paths.DIGEST.read_text(encoding="utf-8"))
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 2
    total = sum(len(v) for v in curation.records.values())
    print(f"{total} records, {len(anchored.anchors)} quotes anchored, 0 problems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
