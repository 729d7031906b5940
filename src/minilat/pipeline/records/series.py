"""The curation of the whole series: one shared registry and one folder per issue.

``corpus/curation/registry/`` holds the entities every issue refers to (states,
mechanisms, concepts, theories, regions, leaders, people, journals, affiliations) and
what reference sources state; ``corpus/curation/issues/{slug}/`` holds what one issue's
text states (claims, mentions, memberships, events), every quote anchored in that
issue's file. An entity has one record, and so one IRI, whatever issue names it.
Loading checks every reference across the registry and the issues and reports every
problem at once as ``file:line: key: message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minilat.errors import UserError
from minilat.pipeline.records import drafts
from minilat.pipeline.records.curation import (
    ISSUE_KINDS,
    REGISTRY_KINDS,
    Curation,
    Located,
    load_folder,
)

REGISTRY = "registry"
ISSUES = "issues"

#: Registry folder → the kind its records are referred to by ("mechanism/quad"); people and
#: leaders share id/person/.
REF_KINDS = (
    ("mechanisms", "mechanism"),
    ("states", "state"),
    ("concepts", "concept"),
    ("events", "event"),
    ("people", "person"),
    ("affiliations", "organization"),
    ("journals", "journal"),
    ("regions", "region"),
    ("theories", "theory"),
    ("leaders", "person"),
)
#: Registry folder → reference kind, as a mapping.
FOLDER_REF = dict(REF_KINDS)


@dataclass
class Series:
    """The registry and each issue's records, issues in manifest (publication) order."""

    registry: Curation
    issues: dict[str, Curation] = field(default_factory=dict)

    def curations(self) -> Iterator[Curation]:
        yield self.registry
        yield from self.issues.values()

    def of(self, kind: str) -> list[Any]:
        """Every record of a kind, registry first, then issue by issue."""
        return [record for curation in self.curations() for record in curation.of(kind)]

    def located(self, kind: str) -> list[Located]:
        return [item for curation in self.curations() for item in curation.located(kind)]

    def combined(self) -> Curation:
        """One Curation over the registry and every issue (for steps that need no issue)."""
        out = Curation()
        for kind in {**REGISTRY_KINDS, **ISSUE_KINDS}:
            out.records[kind] = self.located(kind)
        return out

    def reviewed(self) -> Series:
        """The series without drafts: what the release's reviewed graphs are built from."""
        return Series(drafts.filtered(self.registry, {"reviewed"}), {slug: drafts.filtered(cur, {"reviewed"}) for slug, cur in self.issues.items()})

    def has_drafts(self) -> bool:
        return any(drafts.status(item.record) == "suggested" for cur in self.curations() for items in cur.records.values() for item in items)

    def claim_keys(self) -> dict[str, str]:
        """Claim reference ("slug" within an issue, "issue/slug" across) → the claim's issue."""
        return {f"{issue}/{claim.slug}": issue for issue, cur in self.issues.items() for claim in cur.of("claims")}


def issue_folder(root: Path, slug: str) -> Path:
    return root / ISSUES / slug


def load_series(root: Path, issues: Iterable[str] | None = None, english: bool = True) -> Series:
    """Load the registry and the issues (default: every issue folder); raise one UserError listing all problems.

    ``english=False`` lets reviewed records lack English (``minilat review`` works while a build would fail)."""
    errors: list[str] = []
    registry, problems = load_folder(root / REGISTRY, REGISTRY_KINDS)
    errors.extend(problems)
    present = sorted(p.name for p in (root / ISSUES).iterdir() if p.is_dir()) if (root / ISSUES).is_dir() else []
    wanted = list(issues) if issues is not None else present
    for slug in sorted(set(present) - set(wanted)):
        errors.append(f"{issue_folder(root, slug)}: curation for an issue the manifest does not list — add the issue to corpus/digests/manifest.yaml or remove the folder")
    series = Series(registry)
    for slug in wanted:
        folder = issue_folder(root, slug)
        if not folder.is_dir():
            errors.append(f"{folder}: no curation for issue {slug} — create the folder (claims/, mentions/, memberships/, events/)")
            continue
        series.issues[slug], problems = load_folder(folder, ISSUE_KINDS)
        errors.extend(problems)
    live = {"reviewed", "suggested"}  # rejected records stay in their files, out of every build
    series = Series(drafts.filtered(series.registry, live), {slug: drafts.filtered(cur, live) for slug, cur in series.issues.items()})
    if not errors:
        errors.extend(check_series(series))
    if not errors and series.has_drafts():
        errors.extend(f"{problem} (a reviewed record may not rely on a suggested one: accept it first)" for problem in check_series(series.reviewed()))
    if english:
        errors.extend(drafts.english_problems(list(series.curations()))[0])
    if errors:
        raise UserError(f"{len(errors)} curation problem(s):\n" + "\n".join(errors))
    return series


def _same_fact(a: Any, b: Any) -> bool:
    """Two issues state the same membership or event: equal but for the quote."""
    skip = {"quote", "prefix"}
    return a.model_dump(exclude=skip) == b.model_dump(exclude=skip)


def check_series(series: Series) -> list[str]:
    """Cross-record checks: unique keys, layers in the right place, references that resolve."""
    errors: list[str] = []
    known: dict[str, set[str]] = {}
    for kind, ref_kind in REF_KINDS:
        seen: dict[str, Located] = {}
        for item in series.registry.located(kind):
            slug = item.record.slug
            if slug in seen:
                errors.append(f"{item.where()}: {slug}: duplicate slug, also at {seen[slug].where()} — rename one")
            seen[slug] = item
        overlap = known.get(ref_kind, set()) & set(seen)
        for slug in sorted(overlap):
            errors.append(f"{seen[slug].where()}: {slug}: duplicate {ref_kind} slug (people and leaders share id/person/)")
        known[ref_kind] = known.get(ref_kind, set()) | set(seen)
    for kind in ("memberships", "events"):
        for item in series.registry.located(kind):
            if item.record.layer != "background":
                errors.append(f"{item.where()}: {_ident(item)}: the registry holds what reference sources state; a {kind[:-1]} an issue states goes in that issue's {kind}/")
        first: dict[str, Located] = {}
        for curation in series.issues.values():
            for item in curation.located(kind):
                if item.record.layer != "digest":
                    errors.append(f"{item.where()}: {_ident(item)}: an issue holds what its text states; a background {kind[:-1]} goes in the registry")
                key = _ident(item)
                other = first.setdefault(key, item)
                if other is not item and other.path.parent.parent == item.path.parent.parent:
                    errors.append(f"{item.where()}: {key}: duplicate, also at {other.where()}")
                elif other is not item and not _same_fact(other.record, item.record):
                    errors.append(f"{item.where()}: {key}: differs from the same {kind[:-1]} at {other.where()} (only the quote may differ between issues)")
    known["event"] |= {item.record.slug for item in series.located("events")}
    claims = series.claim_keys()

    def check(item: Located, ref: str, what: str) -> None:
        kind, _, slug = ref.partition("/")
        if slug not in known.get(kind, set()):
            errors.append(
                f"{item.where()}: {_ident(item)}: {what} refers to unknown {ref} — "
                f"add a record to corpus/curation/{REGISTRY}/{kind if kind.endswith('s') else kind + 's'}/ or fix the reference"
            )

    for item in series.located("memberships"):
        check(item, f"state/{item.record.state}", "state")
        check(item, f"mechanism/{item.record.mechanism}", "mechanism")
    for item in series.located("events"):
        for ref in item.record.involves:
            check(item, ref, "involves")
    for item in series.registry.located("concepts"):
        for slug in [*item.record.broader, *item.record.related]:
            check(item, f"concept/{slug}", "broader/related")
    for item in series.registry.located("people"):
        if item.record.affiliation:
            check(item, f"organization/{item.record.affiliation}", "affiliation")
    for item in series.registry.located("leaders"):
        check(item, f"state/{item.record.state}", "state")
    for item in series.registry.located("mechanisms"):
        for dated in item.record.dated_issue_areas:
            if dated.quote:
                errors.append(f"{item.where()}: {item.record.slug}: a quoted dated issue area belongs to the issue that states it (its mentions/)")
    mentioned: set[str] = set()
    for issue, curation in series.issues.items():
        entities: dict[str, Located] = {}
        for item in curation.located("mentions"):
            ref = item.record.entity
            check(item, ref, "entity")
            if ref in entities:
                errors.append(f"{item.where()}: {ref}: mentioned twice in issue {issue}, also at {entities[ref].where()} — merge the records")
            entities[ref] = item
            mentioned.add(ref)
            for link in item.record.links:
                check(item, f"mechanism/{link.target}", f"link '{link.relation}'")
        errors.extend(_check_claims(issue, curation, claims, check))
        for item in curation.located("retired"):
            errors.extend(_check_retired(item, known, claims, issue))
    for item in series.registry.located("retired"):
        errors.extend(_check_retired(item, known, claims, None))
    for item in series.registry.located("states"):
        if not item.record.source and f"state/{item.record.slug}" not in mentioned:
            errors.append(f"{item.where()}: {item.record.slug}: no issue names this state and it has no source — add a mention or a source")
    return errors


def claim_ref(issue: str, target: str) -> str:
    """A claim link's target as "issue/slug": a bare slug is a claim of the same issue."""
    return target if "/" in target else f"{issue}/{target}"


def _check_claims(issue: str, curation: Curation, claims: dict[str, str], check: Any) -> list[str]:
    errors: list[str] = []
    seen: dict[str, Located] = {}
    entry_of = {claim.slug: claim.entry for claim in curation.of("claims")}
    for item in curation.located("claims"):
        claim = item.record
        if claim.slug in seen:
            errors.append(f"{item.where()}: {claim.slug}: duplicate slug, also at {seen[claim.slug].where()} — rename one")
        seen[claim.slug] = item
        for role, ref in claim.about.refs():
            check(item, ref, f"about.{role}")
        if claim.reported:
            check(item, claim.holder, "holder")
        for ref in claim.addressee:
            check(item, ref, "addressee")
        for number, statement in enumerate(claim.statements, 1):
            for ref in [statement.subject, statement.object, *statement.means, *([statement.region] if statement.region else [])]:
                check(item, ref, f"statement {number}")
        for link in claim.links:
            target = claim_ref(issue, link.target)
            if target not in claims:
                errors.append(f"{item.where()}: {claim.slug}: link '{link.relation}' refers to unknown claim {link.target} — fix the slug (another issue's claim is issue/slug)")
                continue
            if target == f"{issue}/{claim.slug}":
                errors.append(f"{item.where()}: {claim.slug}: a claim cannot link to itself")
            cross_issue = claims[target] != issue
            target_entry = None if cross_issue else entry_of.get(link.target)
            if cross_issue or (target_entry and target_entry != claim.entry):
                where = f"issue {claims[target]}" if cross_issue else target_entry
                if link.relation == "elaborates":
                    errors.append(f"{item.where()}: {claim.slug}: 'elaborates' stays within one source; {link.target} is in {where} — use supports or qualifies")
                if not (link.origin and link.rationale):
                    errors.append(f"{item.where()}: {claim.slug}: link '{link.relation}' to {link.target} crosses sources ({claim.entry} → {where}) and needs origin (stated/curator) and rationale (en, zh)")
    return errors


def _check_retired(item: Located, known: dict[str, set[str]], claims: dict[str, str], issue: str | None) -> list[str]:
    errors: list[str] = []
    rec = item.record

    def live(ref: str) -> bool:
        kind, _, slug = ref.partition("/")
        if kind == "claim":
            return issue is not None and f"{issue}/{slug}" in claims
        return slug in known.get(kind, set())

    if not live(rec.replaced_by):
        errors.append(f"{item.where()}: {rec.ref}: replaced_by refers to unknown {rec.replaced_by}" + (" (a retired claim is listed in its issue's retired/)" if issue is None else ""))
    if live(rec.ref):
        errors.append(f"{item.where()}: {rec.ref}: a retired IRI cannot also be a live record — remove the record or the retirement")
    return errors


def _ident(item: Located) -> str:
    rec = item.record
    if hasattr(rec, "mechanism") and hasattr(rec, "state"):
        return f"{rec.mechanism}/{rec.state}"
    return str(getattr(rec, "slug", None) or getattr(rec, "entity", None) or getattr(rec, "ref", ""))
