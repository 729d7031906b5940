"""Interleaved A/B of minilat servers (not a test): which of two changes serves the load mix faster.

    .venv/bin/python benchmarks/ab.py [--slices 10] [--seconds 3] [--clients 50] [--cache 0] [--json FILE] CONFIG CONFIG [CONFIG …]

A CONFIG is one quoted string: ``NAME[@REV] [VAR=VALUE …] [--server-flag …]``. ``@REV`` runs that
git revision's ``src/`` (checked out in a temporary worktree) instead of the working tree's;
``VAR=VALUE`` goes into the server's environment (its workers inherit it); the rest are
``minilat serve`` flags. For example::

    benchmarks/ab.py "before@HEAD~1" "after"
    benchmarks/ab.py "four" "three --workers 3"

Every server is up for the whole run, loaded in turn with the load benchmark's mix
(``load.minilat_mix``) in ``--slices`` slices of ``--seconds`` each, the order reversed every
slice: this machine's speed drifts by 15-40% from one minute to the next, which two runs one
after the other would put into their ratio, while slices seconds apart see nearly the same
machine. Printed: each server's req/s per slice and the ratio of each to the first (means,
and in how many slices it was faster). A/A runs of the method (the same code twice, 10 slices
of 3 s) gave 1.004 (4 of 10 slices "faster", fourth session) and 1.039 (7 of 10, sixth): treat
differences under ~5% as noise unless repeated runs agree, or use more and longer slices.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

from harness import free_port, start_minilat, use_uvloop
from load import load, minilat_mix, workload


@dataclass
class Config:
    """One server to compare: its name, git revision (None: the working tree), environment and flags."""

    name: str
    rev: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, spec: str) -> Config:
        words = shlex.split(spec)
        if not words:
            raise SystemExit("ab.py: an empty CONFIG")
        name, _, rev = words[0].partition("@")
        config = cls(name, rev or None)
        for word in words[1:]:
            if "=" in word and not word.startswith("-"):
                key, _, value = word.partition("=")
                config.env[key] = value
            else:
                config.flags.append(word)
        return config


def checkout(rev: str, into: Path) -> Path:
    """``rev``'s tree in a detached worktree under ``into``; its ``src`` folder."""
    folder = into / f"rev-{len(list(into.iterdir()))}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder), rev], check=True)
    return folder / "src"


def start(config: Config, tmp: Path, release: Path, cache_mb: int) -> tuple[int, subprocess.Popen]:
    """The server of ``config`` on a free port (its code from the revision's worktree if any)."""
    env = dict(os.environ, **config.env)
    if config.rev is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(checkout(config.rev, tmp / "trees")), config.env.get("PYTHONPATH")]))
    where = subprocess.run([sys.executable, "-c", "import minilat; print(minilat.__file__)"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    print(f"{config.name}: minilat from {where}; env {config.env or '-'}; flags {config.flags or '-'}", flush=True)
    port = free_port()
    return port, start_minilat(port, ["--data", str(release), "--cache", str(cache_mb), *config.flags], tmp / f"{config.name}.log", env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("configs", nargs="+", help="NAME[@REV] [VAR=VALUE …] [--server-flag …]")
    parser.add_argument("--slices", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--cache", type=int, default=0, help="response cache in MiB for every server (0: off, the uncached row; a CONFIG's own --cache wins)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    configs = [Config.parse(spec) for spec in args.configs]
    if len(configs) < 2 or len({c.name for c in configs}) < len(configs):
        raise SystemExit("ab.py: give two or more CONFIGs with different names")
    use_uvloop()
    tmp, release, queries, iris = workload("minilat-ab-")
    (tmp / "trees").mkdir()
    mix = minilat_mix(queries, iris)
    servers: dict[str, tuple[int, subprocess.Popen]] = {}
    try:
        for config in configs:
            servers[config.name] = start(config, tmp, release, args.cache)
        for port, _ in servers.values():  # warm: templates, the workers' first pages
            asyncio.run(load(port, mix, args.clients, 3))
        rates: dict[str, list[float]] = {name: [] for name in servers}
        for index in range(args.slices):
            order = list(servers.items())
            for name, (port, _) in order if index % 2 == 0 else reversed(order):
                result = asyncio.run(load(port, mix, args.clients, args.seconds, seed=index))
                rates[name].append(result.count / result.seconds)
        report(rates, args.json)
    finally:
        for _, proc in servers.values():
            proc.terminate()
            proc.wait(20)
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "prune"], check=False)  # forget the removed worktrees


def report(rates: dict[str, list[float]], out: Path | None) -> None:
    first = next(iter(rates))
    summary = {}
    for name, values in rates.items():
        ratio = statistics.mean(values) / statistics.mean(rates[first])
        faster = sum(b > a for a, b in zip(rates[first], values, strict=True))
        summary[name] = {"mean_rps": round(statistics.mean(values), 1), "slices": [round(v) for v in values], "ratio": round(ratio, 3), "faster_slices": faster}
        print(f"{name}: {statistics.mean(values):.1f} req/s, slices {[round(v) for v in values]}" + ("" if name == first else f"; {name}/{first} {ratio:.3f}, faster in {faster} of {len(values)}"))
    if out:
        out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
