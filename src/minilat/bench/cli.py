"""``minilat bench`` (and ``benchmarks/scale.py``): the command line of the scale benchmark."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from minilat.bench.common import (
    DATA,
    DEFAULT_SEED,
    DEFAULT_SIZES,
    ENGINES,
    FEW_RUNS,
    FEW_RUNS_FROM,
    RESULTS,
    parse_size,
    size_label,
)
from minilat.bench.generator import dataset
from minilat.bench.run import run_benchmark


@click.command("bench")
@click.option("--sizes", default=DEFAULT_SIZES, show_default=True, help="Comma-separated dataset sizes in triples (10k, 100k, 1M, ...).")
@click.option("--with-10m", "with_10m", is_flag=True, help="Add 10M triples (on-disk store; takes a while).")
@click.option("--repeat", type=click.IntRange(1, 100), default=5, show_default=True,
              help=f"Runs per query for the median ({FEW_RUNS} at most from {size_label(FEW_RUNS_FROM)}).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESULTS, show_default=True,
              help="Directory for results.json, results.md and scale.png.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Seed of the dataset generator.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DATA, show_default=True,
              help="Cache of the generated datasets (and of the on-disk stores while they run).")
@click.option("--engines", default=",".join(ENGINES), show_default=True, help="Which engines to run.")
@click.option("--rdflib-load-cap", type=float, default=900.0, show_default=True, help="Seconds before an rdflib load is skipped.")
@click.option("--query-cap", type=float, default=60.0, show_default=True,
              help="Seconds before a query run is abandoned and reported as skipped (every engine).")
@click.option("--mem-cap", type=float, default=16.0, show_default=True, help="GiB of RSS before a case is killed and reported as skipped.")
@click.option("--keep-stores", is_flag=True, help="Keep the on-disk stores of the large sizes.")
@click.option("--generate-only", is_flag=True, help="Only generate (and cache) the datasets.")
def bench_command(sizes: str, with_10m: bool, repeat: int, out: Path, seed: int, data_dir: Path, engines: str,
                  rdflib_load_cap: float, query_cap: float, mem_cap: float, keep_stores: bool,
                  generate_only: bool) -> None:
    """Scale benchmark: load time, peak memory and library-query latency from 10k to 10M triples.

    Generates seeded synthetic datasets in minilat's vocabulary (cached in benchmarks/data/),
    runs each engine x size in its own subprocess (minilat's store layer, raw pyoxigraph,
    rdflib's in-memory Dataset as the baseline), and writes results.md, results.json and
    scale.png. Progress goes to stderr.
    """
    counts = sorted({parse_size(s) for s in sizes.split(",") if s.strip()} | ({10_000_000} if with_10m else set()))
    chosen = tuple(e.strip() for e in engines.split(",") if e.strip())
    unknown = [e for e in chosen if e not in ENGINES]
    if unknown:
        raise click.BadParameter(f"unknown engine(s) {', '.join(unknown)}; use {', '.join(ENGINES)}", param_hint="--engines")
    if generate_only:
        for triples in counts:
            dataset(triples, seed, data_dir)
        return
    run_benchmark(counts, repeat=repeat, out=out, seed=seed, data_dir=data_dir, engines=chosen,
                  rdflib_load_cap=rdflib_load_cap, query_cap=query_cap,
                  mem_cap=int(mem_cap * 2**30) if mem_cap else None, keep_stores=keep_stores,
                  command=_command_line())


def _command_line() -> str:
    """How this run was started, for the report header."""
    if sys.argv[1:2] == ["bench"]:
        return " ".join(["minilat bench", *sys.argv[2:]])
    return " ".join(["benchmarks/scale.py", *sys.argv[1:]])


def main() -> None:
    """``benchmarks/scale.py``: the same command without the ``minilat`` group."""
    bench_command(prog_name="benchmarks/scale.py")
