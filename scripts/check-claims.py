#!/usr/bin/env python3
"""Check one claims file while others are being edited: fields, references, anchors.

Usage: .venv/bin/python scripts/check-claims.py corpus/curation/claims/article-2.yaml
Other claims files are read only for their slugs and entries (link targets).
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from minilat import corpus, paths
from minilat.anchor import Anchorer
from minilat.curation import records
from minilat.curation.records import KINDS, Curation, _check_references, _load_file
from minilat.digest import parse

target = Path(sys.argv[1]).resolve()
root = paths.CURATION
curation = Curation()
errors: list[str] = []
for kind, model in KINDS.items():
    items = []
    for path in sorted((root / kind).glob("*.yaml")):
        if kind == "claims" and path.resolve() != target:
            continue
        loaded, problems = _load_file(path, model)
        items.extend(loaded)
        errors.extend(problems if kind != "claims" or path.resolve() == target else [])
    curation.records[kind] = items
others = {}
for path in sorted((root / "claims").glob("*.yaml")):
    if path.resolve() != target:
        for row in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            others[row["slug"]] = row["entry"]
ref_errors = _check_references(curation)
errors += [e for e in ref_errors if not any(f"unknown claim/{slug} " in e for slug in others)]
entry_of = {c.slug: c.entry for c in curation.of("claims")} | others
for item in curation.located("claims"):
    for link in item.record.links:
        if link.target in others and others[link.target] != item.record.entry:
            if link.relation == "elaborates":
                errors.append(f"{item.where()}: {item.record.slug}: 'elaborates' stays within one source")
            if not (link.origin and link.rationale):
                errors.append(f"{item.where()}: {item.record.slug}: cross-source link to {link.target} needs origin and rationale")
entry = corpus.manifest()[0]
digest = parse(corpus.verify(entry))
anchorer = Anchorer(digest, entry.path.read_text(encoding="utf-8"))
for item in curation.located("claims"):
    anchorer.find(item.record.quote, item, "claim quote", item.record.prefix, item.record.entry)
errors += anchorer.errors
print("\n".join(errors) if errors else f"ok: {len(curation.of('claims'))} claims in {target.name}")
sys.exit(1 if errors else 0)
