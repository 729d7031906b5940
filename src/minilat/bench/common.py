"""Shared pieces of the scale benchmark: locations, defaults, progress lines, sizes, formatting.

Every other module of ``minilat.bench`` imports from here (and nothing here imports them
back), so the constants have one home and the modules no cycles.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click

from minilat import paths

# ---------------------------------------------------------------------------
# Locations and defaults
# ---------------------------------------------------------------------------

BENCHMARKS = paths.ROOT / "benchmarks"
DATA = BENCHMARKS / "data"
RESULTS = BENCHMARKS / "results"

DEFAULT_SEED = 20240601
DEFAULT_SIZES = "10k,100k,1M"
#: Sizes from this many triples on load into the on-disk store (bulk load).
ON_DISK_FROM = 5_000_000
#: Fewer runs per query from this size on.
FEW_RUNS_FROM = 5_000_000
FEW_RUNS = 3

ENGINES = ("minilat", "pyoxigraph", "rdflib")
ENGINE_LABELS = {"minilat": "minilat Store", "pyoxigraph": "raw pyoxigraph", "rdflib": "rdflib Dataset"}

#: Fast queries are repeated until this much time is spent (at most MAX_RUNS runs),
#: so that sub-millisecond medians are not one noisy sample.
MIN_QUERY_TIME = 1.0
MAX_RUNS = 201
#: Time spent on one query (all its runs) before the repeats are cut short.
QUERY_BUDGET = 120.0


def log(message: str) -> None:
    """One progress line on stderr."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------

_SUFFIX = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1M`` -> 1000000, ``2500`` -> 2500."""
    text = text.strip().replace("_", "")
    number, suffix = text, ""
    if text and text[-1].lower() in _SUFFIX and not text[-1].isdigit():
        number, suffix = text[:-1], text[-1].lower()
    try:
        value = float(number) * _SUFFIX[suffix]
    except (ValueError, KeyError):
        raise click.BadParameter(f"not a size: {text!r} (use e.g. 10k, 100k, 1M, 10M)") from None
    if value < 1000:
        raise click.BadParameter(f"size {text!r} is too small (at least 1k triples: the ontology alone is ~860)")
    return int(value)


def size_label(triples: int) -> str:
    for suffix, factor in (("M", 1_000_000), ("k", 1_000)):
        if triples >= factor and triples % factor == 0:
            return f"{triples // factor}{suffix}"
    return str(triples)


def human_count(n: float) -> str:
    for suffix, factor in (("M", 1e6), ("k", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f}{suffix}"
    return str(int(n))


def human_time(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def human_bytes(n: float | None) -> str:
    if n is None:
        return "–"
    if n >= 2**30:
        return f"{n / 2**30:.2f} GiB"
    return f"{n / 2**20:.0f} MiB"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON through a temporary file, so that a reader never sees half of it."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1))
    tmp.replace(path)
