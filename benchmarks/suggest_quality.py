"""Quality of ``minilat suggest`` against curated gold, on the real issue and on synthetic ones.

Runs the real CLI (``minilat suggest FILE --format json``) as a subprocess on (i) the real
issue, whose own curated records the suggester hides since the file is in the corpus, and
(ii) synthetic issues of other themes: ``tests/series.py``'s "regionalism" and "technology"
and the issues of ``benchmarks/suggest/`` (hand-written gold), written into a temporary
project home. Gold is computed in a subprocess too (``--gold SLUG``), because
``minilat.paths`` reads ``MINILAT_HOME`` at import. Scoring rules: ``minilat.bench.suggestscore``.

Prints the numbers and PASS/FAIL per target, writes the markdown table to
``benchmarks/results/suggest-quality-2026-11-30.md`` (``--out``) and exits 0: a benchmark,
not a test.

    .venv/bin/python benchmarks/suggest_quality.py
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from minilat.bench.suggestscore import Gold, Ratio, Score, score, to_ref, weakest

SYNTHETIC = ROOT / "benchmarks/suggest"
OUT = ROOT / "benchmarks/results/suggest-quality-2026-11-30.md"
#: (label, how a Score gives the ratio, threshold)
TARGETS: list[tuple[str, str, float]] = [
    ("mention recall", "recall_mentions", 0.95),
    ("claim-sentence recall", "claim_recall", 0.90),
    ("claim-sentence precision", "claim_precision", 0.70),
    ("type accuracy", "type", 0.70),
]


def ratio(s: Score, name: str) -> Ratio:
    """A named ratio of a score: an attribute, or a field accuracy (type, holder, modality)."""
    return s.accuracy[name] if name in s.accuracy else getattr(s, name)


def fmt(r: Ratio) -> str:
    return "–" if r.value is None else f"{r.value:.3f} ({r.hit}/{r.total})"


# --- the synthetic home -------------------------------------------------------------------


def write_synthetic(home: Path, folder: Path) -> str:
    """Add one issue of ``benchmarks/suggest/`` to ``home``: digest text, registry records, curation, manifest."""
    from factory import FakeArticle, digest
    from series import REVIEWERS, register_issue

    spec = yaml.safe_load((folder / "issue.yaml").read_text(encoding="utf-8"))
    slug = spec["slug"]
    text = digest(  # Latin words never cut over lines, as in the series' files
        [FakeArticle(**a) for a in spec["articles"]], preface=spec["preface"], keep_words=True
    ).replace("甲乙、丙丁", REVIEWERS)
    manifest = home / "corpus/digests/manifest.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    number = (
        max(e["number"] for e in entries if "number" in e) + 1
        if any("number" in e for e in entries)
        else len(entries) + 1
    )
    for rel, rows in spec.get("registry", {}).items():
        path = home / "corpus/curation/registry" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    shutil.copytree(folder / "curation", home / "corpus/curation/issues" / slug)
    register_issue(home, slug, number, text, spec["theme"], spec["theme_en"], f"benchmarks/suggest/{folder.name} (synthetic)")
    return slug


def make_home(home: Path) -> list[str]:
    """A project home with tests/series.py's two synthetic issues and those of benchmarks/suggest/; their slugs."""
    from series import ISSUE2, ISSUE3, write_home

    write_home(home)
    return [ISSUE2, ISSUE3] + [
        write_synthetic(home, d)
        for d in sorted(SYNTHETIC.iterdir())
        if (d / "issue.yaml").is_file()
    ]


# --- subprocesses ---------------------------------------------------------------------------


def minilat_cmd() -> list[str]:
    """The installed ``minilat`` script next to this interpreter, else ``python -m minilat``."""
    script = Path(sys.executable).with_name("minilat")
    return [str(script)] if script.exists() else [sys.executable, "-m", "minilat"]


def run(cmd: list[str], home: Path) -> str:
    env = dict(os.environ, MINILAT_HOME=str(home), PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        cmd, env=env, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if done.returncode:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    return done.stdout


def issue_file(home: Path, slug: str) -> Path:
    entries = yaml.safe_load(
        (home / "corpus/digests/manifest.yaml").read_text(encoding="utf-8")
    )
    return (
        home / "corpus/digests" / next(e["file"] for e in entries if e["slug"] == slug)
    )


def gold_json(slug: str) -> dict[str, Any]:
    """(Run in a subprocess under MINILAT_HOME) the gold of one issue, as JSON."""
    from minilat import paths
    from minilat.bench.suggestscore import gold_from_curation
    from minilat.pipeline import corpus
    from minilat.pipeline.anchor import anchor_all
    from minilat.pipeline.parse import parse
    from minilat.pipeline.records.series import load_series

    entries = corpus.manifest()
    entry = next(e for e in entries if e.slug == slug)
    series = load_series(paths.CURATION, [e.slug for e in entries])
    curation = series.issues[slug]
    anchored = anchor_all(
        curation, parse(entry.path), entry.path.read_text(encoding="utf-8")
    )
    return gold_from_curation(curation, anchored).to_json()


def evaluate(home: Path, slug: str) -> tuple[Score, dict[str, Any], Gold, str]:
    """Suggest and score one issue of ``home``: (score, suggestion, gold, raw text)."""
    path = issue_file(home, slug)
    suggestion = json.loads(
        run([*minilat_cmd(), "suggest", str(path), "--format", "json"], home)
    )
    gold = Gold.from_json(
        json.loads(run([sys.executable, __file__, "--gold", slug], home))
    )
    return score(gold, suggestion), suggestion, gold, path.read_text(encoding="utf-8")


# --- report ----------------------------------------------------------------------------------


def snippet(raw: str, start: int, end: int, width: int = 40) -> str:
    text = "".join(raw[start:end].split())
    return (text[:width] + "…" if len(text) > width else text).replace("|", "\\|")


def row(name: str, s: Score) -> str:
    cells = [
        name,
        fmt(s.recall_quotes),
        fmt(s.recall_about),
        fmt(s.recall_about_named),
        fmt(s.recall_mentions),
        fmt(s.mention_precision),
        fmt(s.claim_recall),
        fmt(s.claim_precision),
        fmt(s.accuracy["type"]),
        fmt(s.accuracy["holder"]),
        fmt(s.accuracy["modality"]),
    ]
    return "| " + " | ".join(cells) + " |"


def verdicts(name: str, s: Score) -> list[tuple[str, str, str, str]]:
    out = []
    for label, attr, threshold in TARGETS:
        r = ratio(s, attr)
        ok = r.value is not None and r.value >= threshold
        out.append(
            (
                name,
                label,
                f"≥ {threshold:.2f}",
                f"{'PASS' if ok else 'FAIL'} ({'–' if r.value is None else f'{r.value:.3f}'})",
            )
        )
    return out


def details(name: str, s: Score, raw: str, limit: int = 12) -> list[str]:
    """Misses and wrong suggestions of one issue, so a reader sees what the numbers count."""
    lines = [f"### {name}", ""]
    if s.missed_claims:
        lines.append(
            "Gold claims no suggested claim covers by half: "
            + "; ".join(
                f"`{c.slug}` «{snippet(raw, c.start, c.end)}»"
                for c in s.missed_claims[:limit]
            )
        )
    if s.wrong_claims:
        lines.append(
            "Suggested claims no gold claim covers (uncurated sentences count here): "
            + "; ".join(
                f"«{snippet(raw, c['start'], c['end'])}» ({c['type']})"
                for c in s.wrong_claims[:limit]
            )
        )
    quotes = [m for m in s.missed_mentions if m.source == "quote"]
    if quotes:
        lines.append(
            "Missed mention quotes (a): "
            + "; ".join(
                f"`{m.entity}` in «{snippet(raw, m.start, m.end)}»"
                for m in quotes[:limit]
            )
        )
    about = Counter(m.entity for m in s.missed_mentions if m.source == "about")
    if about:
        lines.append(
            "Most missed about-entities (b): "
            + ", ".join(f"`{e}` ×{n}" for e, n in about.most_common(limit))
        )
    wrong = Counter(
        (m["article"], to_ref(str(m["entity"])), m["text"])
        for m in s.wrong_mentions
    )
    if wrong:
        lines.append(
            "Mentions of entities not gold in their entry: "
            + ", ".join(
                f"{a}: «{t}» → `{e}` ×{n}" for (a, e, t), n in wrong.most_common(limit)
            )
        )
    if s.confusions:
        lines.append(
            "Field confusions (field: gold → suggested): "
            + ", ".join(
                f"{f}: {g} → {p} ×{n}"
                for (f, g, p), n in s.confusions.most_common(limit)
            )
        )
    return lines + [""]


def machine() -> str:
    commit = (
        subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        or "?"
    )
    return f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, commit {commit}"


def report(
    results: list[tuple[str, Score, int]],
    raws: dict[str, str],
    pooled: dict[str, Score],
) -> str:
    today = datetime.date.today().isoformat()
    head = "| issue | mention recall (a) quotes | (b) about | (b) named | mention recall (a+b) | mention precision | claim recall | claim precision | type acc. | holder acc. | modality acc. |"
    lines = [
        "# Suggester quality (`minilat suggest`)",
        "",
        f"Command: `.venv/bin/python benchmarks/suggest_quality.py`; run {today} on {machine()}.",
        "",
        "Scoring rules: `src/minilat/bench/suggestscore.py` (module docstring). Spans are raw-file offsets;",
        "(a) = anchored mention quotes, (b) = (claim, about-entity) pairs, (b) named = the (b) items whose",
        "entity a gold quote marks as named inside the claim (diagnostic). The real issue is scored with",
        "its own curated records hidden (same SHA-256 as in the corpus); synthetic issues: `tests/series.py`",
        "(regionalism, technology) and `benchmarks/suggest/` (health). The gold of `tests/series.py`'s issues",
        "was written for the series tests, not as full curation: their preface sentence and some article",
        "sentences are no claim there, so their claim precision counts those suggestions as wrong; and",
        "their few claims make their per-issue shares coarse (one claim = 0.33). Pooled rows add counts.",
        "A synthetic issue's new entities are in the registry (gold records need them), so the suggester",
        "knows their names: its discovery of new entities is not measured here.",
        "",
        head,
        "|" + " --- |" * (head.count("|") - 1),
    ]
    lines += [row(name, s) for name, s, _ in results]
    lines += [row(f"**{name}**", s) for name, s in pooled.items()]
    lines += [
        "",
        "## Targets",
        "",
        "| issue | target | threshold | result |",
        "| --- | --- | --- | --- |",
    ]
    for name, s, _ in results:
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in verdicts(name, s)]
    for name, s in pooled.items():
        lines += [f"| **{a}** | {b} | {c} | {d} |" for a, b, c, d in verdicts(name, s)]
    everything = pooled["all issues"]
    lines += [
        "",
        "## Weakest rules (all issues pooled)",
        "",
        "Claim rules: share of matched pairs whose field the rule decided right.",
        "",
    ]
    lines += ["| rule | right | share |", "| --- | --- | --- |"]
    lines += [
        f"| `{n}` | {r.hit}/{r.total} | {r.value:.3f} |"
        for n, r in weakest(everything.claim_rules, least=1, top=10)
    ]
    lines += [
        "",
        "Mention rules: precision (entity gold in the mention's entry).",
        "",
        "| rule | right | share |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| `{n}` | {r.hit}/{r.total} | {r.value:.3f} |"
        for n, r in weakest(everything.mention_rules, least=1, top=10)
    ]
    lines += ["", "## What was missed or wrong", ""]
    for name, s, _ in results:
        lines += details(name, s, raws[name])
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gold",
        metavar="SLUG",
        help="print the gold of one issue of MINILAT_HOME as JSON (internal)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="results markdown file")
    args = parser.parse_args(argv)
    if args.gold:
        print(json.dumps(gold_json(args.gold), ensure_ascii=False))
        return 0
    results: list[tuple[str, Score, int]] = []
    raws: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="minilat-suggest-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        slugs = make_home(home)
        real = yaml.safe_load(
            (ROOT / "corpus/digests/manifest.yaml").read_text(encoding="utf-8")
        )[0]["slug"]
        for where, slug in [(ROOT, real)] + [(home, s) for s in slugs]:
            s, suggestion, gold, raw = evaluate(where, slug)
            name = slug + (" (real)" if where == ROOT else " (synthetic)")
            results.append((name, s, len(suggestion.get("claims", []))))
            raws[name] = raw
            print(
                f"{name}: {len(gold.claims)} gold claims, {len(suggestion.get('claims', []))} suggested; {len(suggestion.get('mentions', []))} mentions"
            )
    synthetic, everything = Score(), Score()
    for name, s, _ in results:
        everything += s
        if "(synthetic)" in name:
            synthetic += s
    pooled = {"all synthetic": synthetic, "all issues": everything}
    text = report(results, raws, pooled)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    for name, s, _ in results:
        print(row(name, s))
    for name, s in pooled.items():
        for a, b, c, d in verdicts(name, s):
            print(f"{a:<28} {b:<26} {c:<7} {d}")
    for name, s, _ in results:
        for a, b, c, d in verdicts(name, s):
            print(f"{a:<28} {b:<26} {c:<7} {d}")
    print(
        f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
