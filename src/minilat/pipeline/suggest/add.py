"""``minilat suggest FILE`` prints what the suggester proposes; ``minilat add FILE`` copies a
new issue into the corpus with its manifest entry and draft records.

``add`` stages every file beside its destination, moves them in, validates the result
(records load, references resolve, every quote anchors) and only then writes the manifest;
any failure or interruption (Ctrl-C included) moves everything back, so the corpus and the
curation are exactly as before.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path

import click
import yaml
from pydantic import ValidationError

from minilat import paths
from minilat.errors import UserError
from minilat.pipeline import corpus
from minilat.pipeline.anchor import anchor_all
from minilat.pipeline.parse import Digest, parse_text, read_text
from minilat.pipeline.records.curation import dump_canonical
from minilat.pipeline.records.series import ISSUES, REGISTRY, Series, load_series
from minilat.pipeline.suggest.draft import Draft, Drafter
from minilat.pipeline.suggest.output import to_json
from minilat.pipeline.suggest.suggester import Suggester, Suggestions


def suggester_version() -> str:
    return package_version("minilat")


@dataclass
class Reading:
    """A candidate issue file, parsed and checked against the manifest."""

    path: Path
    data: bytes
    sha256: str
    digest: Digest
    entries: list[corpus.DigestFile]

    @property
    def existing(self) -> corpus.DigestFile | None:
        return next((e for e in self.entries if e.sha256 == self.sha256), None)


def read_issue(path: Path) -> Reading:
    """Parse ``path`` (the parser's one-line errors) and check it is an issue of the series."""
    raw = read_text(path)
    digest = parse_text(raw, path)
    entries = corpus.manifest()
    series = entries[0].series if entries else None
    if series and digest.series != series:
        found = f"《{digest.series}》" if digest.series else "no series title"
        raise UserError(f"not an issue of 《{series}》: its preface names {found}", path)
    return Reading(path, raw.encode("utf-8"), digest.sha256, digest, entries)  # the file's bytes: read_text kept them whole


def run_suggester(reading: Reading) -> tuple[Suggestions, Series]:
    """Suggestions for the file, and the curation they were made against; an issue already in
    the corpus is read without its own curation (so it can be scored blind)."""
    skip = reading.existing.slug if reading.existing else None
    series = load_series(paths.CURATION, [e.slug for e in reading.entries], english=False)
    return Suggester(series, skip).run(reading.digest), series


@click.command("suggest")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True, help="Output format.")
def suggest_command(file: Path, fmt: str) -> None:
    """Print the suggestions for FILE (mentions, claim candidates) without changing anything."""
    reading = read_issue(file)
    suggestions, _ = run_suggester(reading)
    slug = reading.existing.slug if reading.existing else None
    click.echo(json.dumps(to_json(suggestions, file.name, slug), ensure_ascii=False, indent=1))


def next_number(entries: list[corpus.DigestFile]) -> int:
    return max((e.number or i + 1 for i, e in enumerate(entries)), default=0) + 1


def manifest_row(reading: Reading, file: str, slug: str, number: int, date: str | None, theme: str | None = None) -> dict:
    first = reading.entries[0]
    theme = (theme or "").strip() or reading.digest.theme
    if not theme:
        raise UserError("the preface names no theme (本期…以“…”为主题); give it with --theme", reading.path)
    row = {
        "file": file,
        "sha256": reading.sha256,
        "slug": slug,
        "number": number,
        "date": date,
        "series": first.series,
        "series_en": first.series_en,
        "theme": theme,
        "language": "zh",
        "source": f"{reading.path} (copied byte for byte by minilat add)",
    }
    try:
        corpus.DigestFile.model_validate(row)  # a bad --slug or --date fails here, before anything is written
    except ValidationError as exc:
        err = exc.errors()[0]
        raise UserError(f"bad --{err['loc'][0]} {err['input']!r}: {err['msg']}", reading.path) from None
    return {k: v for k, v in row.items() if v is not None}


class Transaction:
    """Files moved into place one by one, undone in reverse on any failure."""

    def __init__(self) -> None:
        self.moved: list[Path] = []
        self.made: list[Path] = []
        self.restore: dict[Path, bytes] = {}

    def mkdirs(self, folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self.made.append(path)

    def move(self, staged: Path, target: Path) -> None:
        if target.exists():
            raise UserError("already exists; nothing was added", target)
        self.mkdirs(target.parent)
        os.replace(staged, target)
        self.moved.append(target)

    def replace(self, staged: Path, target: Path) -> None:
        self.restore[target] = target.read_bytes()
        os.replace(staged, target)

    def undo(self) -> None:
        for target, data in self.restore.items():
            target.write_bytes(data)
        for target in reversed(self.moved):
            shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
        for folder in reversed(self.made):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def write_records(folder: Path, records: dict[str, list]) -> None:
    for rel, rows in records.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_canonical(rows), encoding="utf-8")


def add_issue(path: Path, slug: str | None = None, number: int | None = None, date: str | None = None,
              theme: str | None = None) -> tuple[corpus.DigestFile, Draft, Suggestions]:
    """Add the issue at ``path`` with its drafts; return its manifest entry, the drafts and the suggestions.
    ``theme`` (Chinese) replaces the one the preface names, and is needed when it names none."""
    reading = read_issue(path)
    if reading.existing:
        raise UserError(f"already in the corpus as issue {reading.existing.slug} ({reading.existing.file}); nothing was added", path)
    number = number or next_number(reading.entries)
    slug = slug or f"issue-{number}"
    if any(e.slug == slug for e in reading.entries):
        raise UserError(f"the manifest already has an issue {slug}; give another --slug", path)
    file = f"{number - 1:03d}_{reading.sha256[:16]}.txt"
    row = manifest_row(reading, file, slug, number, date, theme)
    suggestions, series = run_suggester(reading)
    draft = Drafter(suggestions, series, slug, f"suggest-{slug}-{reading.sha256[:8]}", suggester_version()).draft()

    stage = paths.CORPUS / f".add-{slug}"
    shutil.rmtree(stage, ignore_errors=True)  # a run killed before it could clean up
    tx = Transaction()
    try:
        (stage / "issue").mkdir(parents=True)
        (stage / "digest").write_bytes(reading.data)
        write_records(stage / "issue", draft.issue)
        for kind in ("claims", "mentions", "memberships", "events"):
            (stage / "issue" / kind).mkdir(exist_ok=True)
        write_records(stage / "registry", {f"{kind}/{slug}.yaml": rows for kind, rows in draft.registry.items()})
        manifest_text = paths.MANIFEST.read_text(encoding="utf-8")
        (stage / "manifest.yaml").write_text(manifest_text.rstrip("\n") + "\n" + yaml.safe_dump([row], allow_unicode=True, sort_keys=False), encoding="utf-8")
        tx.move(stage / "digest", paths.DIGESTS / file)
        tx.move(stage / "issue", paths.CURATION / ISSUES / slug)
        for kind in draft.registry:
            tx.move(stage / "registry" / kind / f"{slug}.yaml", paths.CURATION / REGISTRY / kind / f"{slug}.yaml")
        tx.replace(stage / "manifest.yaml", paths.MANIFEST)
        entries = corpus.manifest()
        entry = next(e for e in entries if e.slug == slug)
        check = load_series(paths.CURATION, [e.slug for e in entries], english=False)
        anchor_all(check.issues[slug], reading.digest, reading.data.decode("utf-8"))
    except BaseException:
        tx.undo()
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return entry, draft, suggestions


@click.command("add")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--slug", help="Slug of the new issue (IRIs id/digest/{slug}, graph/issue/{slug}); default issue-{number}.")
@click.option("--number", type=int, help="The issue's number in the series; default one after the last.")
@click.option("--date", help="Year, month or date of the issue (YYYY[-MM[-DD]]).")
@click.option("--theme", help="The issue's theme in Chinese, when the preface does not name it (本期…以“…”为主题) or names it otherwise.")
def add_command(file: Path, slug: str | None, number: int | None, date: str | None, theme: str | None) -> None:
    """Add a new issue FILE: copy it into the corpus and draft its curation for review."""
    entry, draft, suggestions = add_issue(file, slug, number, date, theme)
    known = sum(1 for m in suggestions.mentions if m.known and not m.alias)
    aliases = sum(1 for m in suggestions.mentions if m.alias)
    new = sum(1 for m in suggestions.mentions if not m.known)
    claims = sum(len(rows) for rel, rows in draft.issue.items() if rel.startswith("claims/"))
    click.echo(f"added {entry.path} as issue {entry.slug} (No. {entry.number}); sha256 {entry.sha256[:16]}…")
    click.echo(f"bibliography: {len(suggestions.digest.articles)} article(s); new records: " + ", ".join(f"{len(rows)} {kind}" for kind, rows in sorted(draft.registry.items())) or "none")
    click.echo(f"mentions: {known} of known entities, {aliases} proposing an alias, {new} of candidate new entities")
    click.echo(f"claims drafted: {claims} of {len(suggestions.claims)} candidate sentence(s)")
    for line in draft.skipped:
        click.echo(f"  not drafted (no entity to state it of): {line}")
    click.echo(f"next: minilat review {entry.slug}  (accept or reject each draft; English is left for you)")
