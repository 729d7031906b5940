"""Every location minilat reads or writes, in one place."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root: the checkout (src layout) or MINILAT_HOME when installed elsewhere.
ROOT = Path(os.environ.get("MINILAT_HOME", Path(__file__).resolve().parents[2]))

CORPUS = ROOT / "corpus"
DIGESTS = CORPUS / "digests"
MANIFEST = DIGESTS / "manifest.yaml"
DIGEST = DIGESTS / "000_8fd7909f589424fb.txt"
CURATION = CORPUS / "curation"
REFERENCE = CORPUS / "reference" / "external-ids.yaml"

ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "minilat.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
RULES = ONTOLOGY_DIR / "rules"

GRAPHS = ROOT / "graphs"

#: Build caches (TBox classification, consistency, per-issue validation), safe to delete.
CACHE = ROOT / ".cache"
