"""Scale benchmark: synthetic minilat datasets from 10k to 10M triples, three engines.

``minilat bench`` (and ``benchmarks/scale.py``, a thin wrapper) does three things:

1. **Generates** synthetic datasets in minilat's own vocabulary, shaped like many digest
   issues: states, cooperation mechanisms, n-ary ``org:Membership`` records on the digest
   and background layers, claims with a Chinese quote and an English statement anchored
   by ``oa:Annotation`` (TextQuoteSelector + TextPositionSelector), each with its holder,
   modality and reified propositions, argument links between claims (curator's readings
   in the readings graph), events, SKOS concepts, the bibliography layer, inferred types,
   and the real ontology graph, in proportions measured on the real digest. Output is
   N-Quads streamed to a file (never held in memory), seeded and reproducible byte for
   byte, cached under ``benchmarks/data/``.
2. **Measures**, each engine x size case in its own subprocess: load time, peak RSS and
   the median latency of every library query (``src/minilat/library/queries/*.rq``, whatever is
   there at run time; unbound, and also "as asked" with its parameters bound, see
   ``asked``), for minilat's store layer (:class:`minilat.store.Store`), raw pyoxigraph and rdflib's in-memory ``Dataset``
   (the baseline, with time and memory caps; cases over a cap are reported as skipped).
3. **Reports** ``results.json``, ``results.md`` (tables, ratios, targets MET / NOT MET)
   and ``scale.png`` (log-log time and memory against size) in ``--out``.

Progress goes to stderr. The modules, in the order a run uses them:

- ``common``: locations, defaults, progress lines, sizes and number formatting;
- ``vocab``, ``proportions``, ``pools``, ``mechanisms``, ``claims``, ``generator``: the dataset
  generator (``generate``, ``dataset``; shares measured on graphs/minilat.nq in ``proportions``);
- ``asked``: what a query's parameters are bound to when it is run as asked;
- ``cases`` (parent) and ``worker`` (subprocess): one engine x size case (``run_case``);
- ``run``: the whole benchmark (``run_benchmark``);
- ``report``: ratios, targets, results.json, results.md, scale.png (``write_outputs``);
- ``cli``: the ``minilat bench`` command (``bench_command``) and ``benchmarks/scale.py`` (``main``).
"""

from __future__ import annotations

from minilat.bench.cases import run_case
from minilat.bench.cli import bench_command, main
from minilat.bench.common import (
    DATA,
    DEFAULT_SEED,
    DEFAULT_SIZES,
    ENGINES,
    RESULTS,
    human_bytes,
    human_count,
    human_time,
    log,
    parse_size,
    size_label,
)
from minilat.bench.generator import GENERATOR_VERSION, dataset, generate
from minilat.bench.report import TARGETS, markdown, plot, ratios, targets, write_outputs
from minilat.bench.run import environment, run_benchmark
from minilat.bench.worker import run_case_in_process

__all__ = [
    "DATA", "DEFAULT_SEED", "DEFAULT_SIZES", "ENGINES", "GENERATOR_VERSION", "RESULTS", "TARGETS", "bench_command",
    "dataset", "environment", "generate", "human_bytes", "human_count", "human_time", "log", "main", "markdown",
    "parse_size", "plot", "ratios", "run_benchmark", "run_case", "run_case_in_process", "size_label", "targets",
    "write_outputs",
]
