"""Quick curation check for curators: ``python -m minilat.curation`` validates records and quotes."""

from __future__ import annotations

import sys

from minilat.curation.records import load
from minilat.errors import UserError
from minilat.text import normalize


def main() -> int:
    from minilat import paths

    try:
        curation = load(paths.CURATION)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 2
    rebuilt = normalize(paths.DIGEST.read_text(encoding="utf-8"))
    missing = 0
    for kind, items in curation.records.items():
        for item in items:
            rec = item.record
            quotes = [getattr(rec, "quote", None), *getattr(rec, "mentions", [])]
            quotes += [link.quote for link in getattr(rec, "links", []) if hasattr(link, "quote")]
            for quote in filter(None, quotes):
                count = rebuilt.count(normalize(quote))
                if count != 1:
                    missing += 1
                    state = "not found" if count == 0 else f"found {count} times"
                    print(f"{item.where()}: {kind}: quote {state}: {quote!r}", file=sys.stderr)
    total = sum(len(v) for v in curation.records.values())
    print(f"{total} records, {missing} quote problem(s)")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
