#!/usr/bin/env python3
"""How ``minilat build`` scales with the number of digest issues (issue 12, item 3).

    .venv/bin/python benchmarks/series_build.py                       # N = 1, 10, 50 (+100 when affordable)
    .venv/bin/python benchmarks/series_build.py --sizes 1,10 --reason-sizes 1 --work /tmp/sb
    .venv/bin/python benchmarks/series_build.py --profile-only 10     # in-process breakdown of one home

**Generator** (:func:`write_home`): a project home (``MINILAT_HOME``) with the real issue
and N-1 synthetic copies of it. Copy k (k ≥ 2) is the real digest text with its preface
theme changed (so its SHA-256 differs; every quote stays unique in the file) and a copy of
the real issue's curation (claims, mentions, memberships, events; claim links stay within the
copy; retired/ dropped) with ``scoped_iris: true``. About 10% of the concepts each copy refers to
become new registry entities (the concept record copied under ``{slug}-i{k}`` with distinct
labels, into registry/concepts/issue-{k}.yaml, and the copy's claims and mentions rewritten to
it), so the registry grows with N; each copy's first claim ``supports`` a claim of copy k-1
(origin curator, with a rationale). Deterministic for a seed.

**Measurement**: every build runs in a fresh subprocess,
``python -m minilat build --no-views --out HOME/graphs`` with ``MINILAT_HOME=HOME``, under
``/usr/bin/time -v`` (peak RSS) when present; the build's own ``timings:`` line gives the
stages; ``write`` is the wall time not covered by them (interpreter start, release files,
JSON-LD round trip, VoID). The "incremental" rebuild edits one claim's ``label_en`` in one
issue and runs the same command again, with the caches (``HOME/.cache``) the cold build left;
for ``--identical-sizes`` the edited home is then rebuilt cold into ``graphs-cold`` and every
release file compared. The 1-minute
load average is recorded at each run's start: the machine's 2 cores may be shared.

**Profile** (``--profile-only N`` or ``--profile-sizes``): in a subprocess, the build's steps
called one by one and timed, release formats each on its own (TriG, N-Quads, Turtle, JSON-LD
render, JSON-LD round-trip check, VoID), plus the cheap alternatives: pyoxigraph serializing
the N-Quads, and pySHACL over the shared layers + one issue instead of everything.

No timed assertion anywhere (benchmarks, not tests). Homes are big: they go under ``--work``
(default /tmp/minilat-series-build) and are removed unless ``--keep``.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
REAL = "minilateralism"
THEME = "全球治理中的小多边主义"
SEED = 20261130
TIME = Path("/usr/bin/time")
ISSUE_FOLDERS = ("claims", "mentions", "memberships", "events")  # retired/ is dropped


# --------------------------------------------------------------------------- generator


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def _walk(value: Any, fn: Any) -> Any:
    """``value`` with ``fn`` applied to every string in it (dicts' values, lists)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_walk(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, fn) for k, v in value.items()}
    return value


def _strings(value: Any) -> list[str]:
    out: list[str] = []
    _walk(value, lambda s: out.append(s) or s)
    return out


def issue_slug(k: int) -> str:
    return REAL if k == 1 else f"synthetic-{k:03d}"


def theme_of(k: int) -> str:
    # No character run shared with a real quote beyond the original theme's own words: every quote stays unique.
    return f"{THEME}·合成第{k}辑"


def real_quotes(curation: dict[str, list[dict]]) -> list[str]:
    return [r["quote"] for rows in curation.values() for r in rows if isinstance(r, dict) and r.get("quote")] + [
        q for rows in curation.values() for r in rows if isinstance(r, dict) for q in r.get("mentions", []) or []
    ]


def write_home(home: Path, n: int, seed: int = SEED) -> dict[str, Any]:
    """Write a project home with the real issue and ``n - 1`` copies; return a summary."""
    if home.exists():
        shutil.rmtree(home)
    for folder in ("corpus", "ontology"):
        shutil.copytree(ROOT / folder, home / folder, ignore=shutil.ignore_patterns("releases"))
    digests = home / "corpus/digests"
    curation = home / "corpus/curation"
    manifest = _load(digests / "manifest.yaml")
    real_entry = next(e for e in manifest if e["slug"] == REAL)
    raw = (digests / real_entry["file"]).read_text(encoding="utf-8")
    assert raw.count(f"“{THEME}”") == 1, "the real digest's theme is expected once, on one line"
    source = curation / "issues" / REAL
    files = {p.relative_to(source): _load(p) or [] for folder in ISSUE_FOLDERS for p in sorted((source / folder).glob("*.yaml"))}
    quotes = real_quotes({str(k): v for k, v in files.items()})
    concepts: dict[str, dict] = {}
    for path in sorted((curation / "registry/concepts").glob("*.yaml")):
        for rec in _load(path) or []:
            concepts[rec["slug"]] = rec
    claim_slugs = [c["slug"] for rel, rows in files.items() if rel.parts[0] == "claims" for c in rows]
    first_file = min(rel for rel in files if rel.parts[0] == "claims")
    rng = random.Random(seed)
    new_concepts = 0
    for k in range(2, n + 1):
        slug = issue_slug(k)
        theme = theme_of(k)
        text = raw.replace(f"“{THEME}”", f"“{theme}”")
        for q in quotes:  # every real quote (theme-bearing ones rewritten) still occurs exactly as often as before
            assert text.count(q.replace(THEME, theme)) == raw.count(q), f"quote no longer anchors as before: {q}"
        name = f"{k - 1:03d}_{slug}.txt"
        (digests / name).write_text(text, encoding="utf-8")
        manifest.append(
            {
                "file": name,
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "slug": slug,
                "number": k,
                "series": real_entry["series"],
                "series_en": real_entry["series_en"],
                "theme": theme,
                "theme_en": f"{real_entry['theme_en']} (synthetic issue {k})",
                "language": "zh",
                "source": "benchmarks/series_build.py (synthetic copy of the first issue)",
            }
        )
        # ~10% of the concepts this copy refers to (claims, mentions) become new registry entities.
        refs = sorted({s for rel, rows in files.items() if rel.parts[0] in ("claims", "mentions") for s in _strings(rows) if s.startswith("concept/")})
        refs = [r for r in refs if r.partition("/")[2] in concepts]
        chosen = sorted(rng.sample(refs, max(1, round(len(refs) / 10))))
        renamed = {ref: f"{ref}-i{k}" for ref in chosen}
        records = []
        for ref in chosen:
            rec = copy.deepcopy(concepts[ref.partition("/")[2]])
            rec["slug"] = f"{rec['slug']}-i{k}"
            rec["label"] = {"en": f"{rec['label']['en']} (issue {k})", "zh": f"{rec['label']['zh']}（第{k}辑）"}
            for alt, mark in (("alt_en", f" (issue {k})"), ("alt_zh", f"（第{k}辑）")):
                if rec.get(alt):
                    rec[alt] = [a + mark for a in rec[alt]]
            records.append(rec)
        new_concepts += len(records)
        _dump(curation / f"registry/concepts/issue-{k}.yaml", records)

        def rewrite(s: str, renamed: dict[str, str] = renamed, theme: str = theme) -> str:
            return renamed.get(s, s.replace(THEME, theme))

        for rel, rows in files.items():
            out = [_walk(row, rewrite) if rel.parts[0] in ("claims", "mentions") else _walk(row, lambda s, t=theme: s.replace(THEME, t)) for row in rows]
            if rel == first_file:
                target = rng.choice([c for c in claim_slugs if c != out[0]["slug"]])
                out[0] = {**out[0], "links": [*out[0].get("links", []), {
                    "relation": "supports",
                    "target": f"{issue_slug(k - 1)}/{target}",
                    "origin": "curator",
                    "rationale": {
                        "en": f"Synthetic cross-issue reading: issue {k} restates a point of issue {k - 1}.",
                        "zh": f"合成的跨期解读：第{k}辑重申第{k - 1}辑的观点。",
                    },
                }]}
            _dump(curation / "issues" / slug / rel, out)
    _dump(digests / "manifest.yaml", manifest)
    return {"issues": n, "new_concepts": new_concepts, "claims_per_issue": len(claim_slugs), "quotes_per_issue": len(quotes)}


def edit_one_claim(home: Path, n: int) -> str:
    """Change one claim's label_en in the middle issue (the 'one-issue edit'); return where."""
    k = max(1, (n + 1) // 2)
    path = home / "corpus/curation/issues" / issue_slug(k) / "claims/article-2.yaml"
    rows = _load(path)
    rows[3]["label_en"] = rows[3]["label_en"] + " (edited)"
    _dump(path, rows)
    return f"{issue_slug(k)}/{rows[3]['slug']}"


# --------------------------------------------------------------------------- measurement


def build(home: Path, reason: bool, out_name: str = "graphs") -> dict[str, Any]:
    """Run the real command in a fresh process; wall, stages, peak RSS, triples, load at start."""
    out = home / out_name
    cmd = [sys.executable, "-m", "minilat", "build", "--no-views", "--out", str(out)]
    if not reason:
        cmd.append("--no-reason")
    if TIME.exists():
        cmd = [str(TIME), "-v", *cmd]
    load = os.getloadavg()[0]
    env = dict(os.environ, MINILAT_HOME=str(home))
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=home, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed in {home} ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    stages = {}
    line = next(li for li in done.stdout.splitlines() if li.startswith("timings: "))
    for part in line[len("timings: ") :].split(", "):
        name, value = part.rsplit(" ", 1)
        stages[name] = float(value.rstrip("s"))
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    rss = int(match[1]) * 1024 if match else resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)) or None
    with open(out / "minilat.nq", "rb") as handle:
        triples = sum(1 for _ in handle)
    stages["write"] = max(0.0, wall - sum(stages.values()))  # start-up + release files + JSON-LD check + VoID
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    return {"reason": reason, "wall": wall, "cpu": cpu, "stages": stages, "rss": rss, "quads": triples, "load": load, "files": sizes}


def sha_release(home: Path, out_name: str = "graphs") -> dict[str, str]:
    out = home / out_name
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}


# --------------------------------------------------------------------------- profile (runs inside MINILAT_HOME)


def profile_here(n_label: str) -> dict[str, float]:
    """Call the build's steps one by one (MINILAT_HOME already set) and time each; print JSON."""
    sys.path.insert(0, str(ROOT / "src"))
    from rdflib import Graph

    from minilat import ids
    from minilat.pipeline import build as b
    from minilat.pipeline import release
    from minilat.pipeline.release import jsonld, void
    from minilat.pipeline.validate import rules, shacl, to_store

    t: dict[str, float] = {}

    def timed(name: str, fn: Any, *args: Any, **kw: Any) -> Any:
        start = time.perf_counter()
        value = fn(*args, **kw)
        t[name] = time.perf_counter() - start
        return value

    built = timed("build_dataset(no reason) total", b.build_dataset, reason=False)
    for k, v in built.timings.items():
        t[f"  stage {k}"] = v
    ds = built.dataset
    abox = Graph()
    for name in b.abox_graphs(ds):
        for triple in ds.graph(name):
            abox.add(triple)
    ontology = ds.graph(ids.GRAPHS["ontology"])
    timed("validate: pySHACL, whole abox", shacl, abox, ontology=ontology)
    store = timed("validate: rdflib dataset -> pyoxigraph", to_store, ds)
    timed("validate: SPARQL rules", rules, store)
    shared = [ids.GRAPHS[layer] for layer in ("digest", "background", "bibliography", "links", "readings")]
    one = Graph()
    issue_graphs = [g for g in b.abox_graphs(ds) if g not in shared]
    for name in [*shared, issue_graphs[-1]]:
        for triple in ds.graph(name):
            one.add(triple)
    t["(abox triples)"] = len(abox)
    t["(shared layers + one issue triples)"] = len(one)
    timed("validate alt: pySHACL, shared layers + one issue", shacl, one, ontology=ontology)
    timed("release: TriG (rdflib)", release.trig, ds)
    nq = timed("release: N-Quads (rdflib + sort)", release.nquads, ds)
    timed("release: Turtle merged", lambda: release.turtle(release.quads(ds)))
    data = timed("release: JSON-LD render (rdflib)", jsonld.render, ds)
    parsed = timed("release: JSON-LD parse back", jsonld.parse, data)
    timed("release: JSON-LD compare (isomorphic per graph)", jsonld.compare, parsed, ds)
    out = Path(os.environ["MINILAT_HOME"]) / "profile-out"
    out.mkdir(exist_ok=True)
    written = release.write(ds, out)
    timed("release: VoID", void.write, ds, dict(written), out)
    # Alternatives that need no change to src/: pyoxigraph for the N-Quads and TriG.
    import pyoxigraph as ox

    store2 = timed("alt: pyoxigraph load of the N-Quads bytes", _ox_load, nq)
    nq2 = timed("alt: pyoxigraph N-Quads serialize + sort", lambda: _ox_nquads(store2))
    t["(alt N-Quads identical to rdflib's)"] = float(nq2 == nq)
    timed("alt: pyoxigraph TriG serialize", lambda: store2.dump(format=ox.RdfFormat.TRIG))
    timed("alt: rdflib dataset -> pyoxigraph (Store.from_dataset)", to_store, ds)
    t["(quads)"] = nq.count(b"\n")
    print("PROFILE " + json.dumps({"n": n_label, "t": t}))
    return t


def _ox_load(nq: bytes) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(nq, format=ox.RdfFormat.N_QUADS)
    return store


def _ox_nquads(store: Any) -> bytes:
    import pyoxigraph as ox

    text = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def profile(home: Path) -> dict[str, Any]:
    env = dict(os.environ, MINILAT_HOME=str(home))
    cmd = [sys.executable, __file__, "--profile-here", str(home.name)]
    if TIME.exists():
        cmd = [str(TIME), "-v", *cmd]
    load = os.getloadavg()[0]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"profile failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    line = next(li for li in done.stdout.splitlines() if li.startswith("PROFILE "))
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = sum(float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)) or None
    return {"cpu": cpu, **json.loads(line[len("PROFILE ") :]), "load": load, "rss": int(match[1]) * 1024 if match else None}


# --------------------------------------------------------------------------- report


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def table(rows: list[dict[str, Any]]) -> str:
    stages = ["parse", "curate+anchor", "assemble+link", "reason", "validate", "write"]
    head = "| N | run | reason | quads | wall s | CPU s | " + " | ".join(stages) + " | peak RSS | load avg at start | same bytes as a cold full build |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        cells = [str(r["n"]), r["run"], "rules + HermiT (TBox, shared)" if r["reason"] else "no", f"{r['quads']:,}", f"{r['wall']:.1f}", f"{r['cpu']:.1f}" if r.get("cpu") else "–"]
        cells += [f"{r['stages'].get(s, 0):.2f}" for s in stages]
        same = r.get("identical_to_full_build")
        cells += [_mib(r["rss"]), f"{r['load']:.2f}", "–" if same is None else ("yes" if same else "NO")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,50", help="issue counts (100 is added when the 50 run predicts it fits --budget-100)")
    parser.add_argument("--no-reason-sizes", default="", help="sizes also built with --no-reason")
    parser.add_argument("--identical-sizes", default="1,10", help="sizes whose incremental output is compared with a cold full build")
    parser.add_argument("--incremental-sizes", default="1,10,50,100", help="sizes whose one-claim edit rebuild is measured")
    parser.add_argument("--profile-sizes", default="", help="sizes profiled step by step in process")
    parser.add_argument("--budget-100", type=float, default=15 * 60, help="seconds the 100-issue build may take")
    parser.add_argument("--work", type=Path, default=Path("/tmp/minilat-series-build"))
    parser.add_argument("--out", type=Path, default=None, help="results JSON + markdown table (default WORK/results.{json,md})")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", action="store_true", help="keep the homes")
    parser.add_argument("--profile-only", type=int, default=None, help="generate one home of N issues and profile it")
    parser.add_argument("--profile-here", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile_here is not None:
        profile_here(args.profile_here)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    out = args.out or args.work / "results"
    results: dict[str, Any] = {"rows": [], "profiles": [], "generator": [], "machine": machine()}

    def save() -> None:
        out.with_suffix(".json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        out.with_suffix(".md").write_text(table(results["rows"]) + "\n", encoding="utf-8")

    if args.profile_only:
        home = args.work / f"home-{args.profile_only}"
        results["generator"].append(write_home(home, args.profile_only, args.seed))
        results["profiles"].append(profile(home))
        save()
        print(json.dumps(results["profiles"], indent=1))
        return
    sizes = ints(args.sizes)
    done: list[int] = []
    while sizes:
        n = sizes.pop(0)
        home = args.work / f"home-{n}"
        start = time.perf_counter()
        results["generator"].append({**write_home(home, n, args.seed), "seconds": time.perf_counter() - start})
        runs = [True] + ([False] if n in ints(args.no_reason_sizes) else [])  # the default build reasons
        for reason in runs:
            shutil.rmtree(home / ".cache", ignore_errors=True)  # a cold build: no cached classification or validation
            row = {"n": n, "run": "full (cold)", **build(home, reason)}
            results["rows"].append(row)
            save()
            print(f"N={n} reason={reason}: {row['wall']:.1f}s {_mib(row['rss'])} {row['quads']} quads {row['stages']}", flush=True)
        if n in ints(args.incremental_sizes):
            before = sha_release(home)
            where = edit_one_claim(home, n)
            row = {"n": n, "run": f"edit {where}", **build(home, True)}  # warm: the caches of the full build
            after = sha_release(home)
            row["changed_files"] = sorted(k for k in before if before[k] != after.get(k))
            if n in ints(args.identical_sizes):  # the incremental output against a cold full build of the edited home
                shutil.rmtree(home / ".cache", ignore_errors=True)
                build(home, True, "graphs-cold")
                row["identical_to_full_build"] = sha_release(home, "graphs-cold") == after
            results["rows"].append(row)
            save()
            print(f"N={n} incremental: {row['wall']:.1f}s {_mib(row['rss'])} identical={row.get('identical_to_full_build')}", flush=True)
        if n in ints(args.profile_sizes):
            results["profiles"].append(profile(home))
            save()
        done.append(n)
        if n == 50 and 100 not in sizes and 100 not in done:
            full = next(r for r in results["rows"] if r["n"] == 50 and r["run"].startswith("full"))
            predicted = full["wall"] * 2.2  # at least linear; validation and JSON-LD isomorphism grow faster
            results["predicted_100_wall"] = predicted
            if predicted <= args.budget_100:
                sizes.append(100)
            else:
                print(f"N=100 skipped: predicted {predicted:.0f}s > {args.budget_100:.0f}s", flush=True)
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    save()
    print(table(results["rows"]))


def machine() -> dict[str, Any]:
    import platform

    info = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0]
        info["memory"] = mem.split(":", 1)[1].strip()
        model = [li for li in Path("/proc/cpuinfo").read_text().splitlines() if li.startswith("model name")]
        info["cpu"] = model[0].split(":", 1)[1].strip() if model else ""
    except OSError:
        pass
    return info


if __name__ == "__main__":
    main()
