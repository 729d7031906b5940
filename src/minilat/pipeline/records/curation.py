"""Load curated records from ``corpus/curation/`` and write them back canonically.

Each kind of record lives in its own folder; every ``*.yaml`` file there holds a list
of records. Loading validates each record and the references between records, and
reports every problem as ``file:line: slug: message`` with a hint to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from minilat.errors import UserError
from minilat.pipeline.records.models import (
    Affiliation,
    Claim,
    Concept,
    Event,
    Journal,
    Leader,
    Mechanism,
    Membership,
    Person,
    Region,
    Retired,
    State,
    Theory,
)

#: folder name -> record model
KINDS: dict[str, type[BaseModel]] = {
    "mechanisms": Mechanism,
    "states": State,
    "memberships": Membership,
    "events": Event,
    "concepts": Concept,
    "affiliations": Affiliation,
    "people": Person,
    "journals": Journal,
    "claims": Claim,
    "regions": Region,
    "theories": Theory,
    "leaders": Leader,
    "retired": Retired,
}


@dataclass(frozen=True)
class Located:
    """A record with the file and line it was read from."""

    record: Any
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Curation:
    """All curated records, by kind, each list in file order."""

    records: dict[str, list[Located]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Any]:
        return [item.record for item in self.records.get(kind, [])]

    def located(self, kind: str) -> list[Located]:
        return self.records.get(kind, [])


def _key(record: BaseModel) -> str:
    for name in ("slug", "state"):
        if hasattr(record, name):
            value = getattr(record, name)
            if name == "state":
                return f"{record.mechanism}/{value}"  # type: ignore[attr-defined]
            return str(value)
    return ""


def _load_file(path: Path, model: type[BaseModel]) -> tuple[list[Located], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except UnicodeDecodeError:
        return [], [f"{path}: not valid UTF-8"]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return [], [f"{path}:{line}: YAML error: {problem}"]
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [f"{path}:1: expected a list of records, found {type(data).__name__}"]
    out: list[Located] = []
    errors: list[str] = []
    for index, item in enumerate(data):
        line = node.value[index].start_mark.line + 1 if node is not None else 1
        try:
            out.append(Located(model.model_validate(item), path, line))
        except ValidationError as exc:
            ident = item.get("slug", f"record {index + 1}") if isinstance(item, dict) else f"record {index + 1}"
            for err in exc.errors():
                loc = ".".join(str(part) for part in err["loc"]) or "(record)"
                errors.append(f"{path}:{line}: {ident}: field '{loc}': {err['msg']}")
    return out, errors


def load(root: Path) -> Curation:
    """Read and validate every record under ``root``; raise one UserError listing all problems."""
    curation = Curation()
    errors: list[str] = []
    for kind, model in KINDS.items():
        items: list[Located] = []
        for path in sorted((root / kind).glob("*.yaml")):
            loaded, problems = _load_file(path, model)
            items.extend(loaded)
            errors.extend(problems)
        curation.records[kind] = items
    errors.extend(_check_references(curation))
    if errors:
        raise UserError(f"{len(errors)} curation problem(s):\n" + "\n".join(errors))
    return curation


#: Curation folder → the kind its records are referred to by ("mechanism/quad"); people and
#: leaders share id/person/.
REF_KINDS = (
    ("mechanisms", "mechanism"),
    ("states", "state"),
    ("concepts", "concept"),
    ("events", "event"),
    ("people", "person"),
    ("claims", "claim"),
    ("affiliations", "organization"),
    ("journals", "journal"),
    ("regions", "region"),
    ("theories", "theory"),
    ("leaders", "person"),
)


def _check_references(curation: Curation) -> list[str]:
    """Cross-record checks: unique slugs, references that resolve, claim links that exist."""
    errors: list[str] = []
    known: dict[str, set[str]] = {}
    for kind, ref_kind in REF_KINDS:
        seen: dict[str, Located] = {}
        for item in curation.located(kind):
            slug = item.record.slug
            if slug in seen:
                errors.append(f"{item.where()}: {slug}: duplicate slug, also at {seen[slug].where()} — rename one")
            seen[slug] = item
        overlap = known.get(ref_kind, set()) & set(seen)
        for slug in sorted(overlap):
            errors.append(f"{seen[slug].where()}: {slug}: duplicate {ref_kind} slug (people and leaders share id/person/)")
        known[ref_kind] = known.get(ref_kind, set()) | set(seen)

    def check(item: Located, ref: str, what: str) -> None:
        kind, _, slug = ref.partition("/")
        if slug not in known.get(kind, set()):
            errors.append(
                f"{item.where()}: {_key(item.record)}: {what} refers to unknown {ref} — "
                f"add a record to corpus/curation/{kind if kind.endswith('s') else kind + 's'}/ or fix the reference"
            )

    for item in curation.located("mechanisms"):
        for link in item.record.links:
            check(item, f"mechanism/{link.target}", f"link '{link.relation}'")
    for item in curation.located("memberships"):
        check(item, f"state/{item.record.state}", "state")
        check(item, f"mechanism/{item.record.mechanism}", "mechanism")
    for item in curation.located("events"):
        for ref in item.record.involves:
            check(item, ref, "involves")
    for item in curation.located("concepts"):
        for slug in [*item.record.broader, *item.record.related]:
            check(item, f"concept/{slug}", "broader/related")
    for item in curation.located("people"):
        if item.record.affiliation:
            check(item, f"organization/{item.record.affiliation}", "affiliation")
    for item in curation.located("leaders"):
        check(item, f"state/{item.record.state}", "state")
    for item in curation.located("retired"):
        check(item, item.record.replaced_by, "replaced_by")
        kind, _, slug = item.record.ref.partition("/")
        if slug in known.get(kind, set()):
            errors.append(f"{item.where()}: {item.record.ref}: a retired IRI cannot also be a live record — remove the record or the retirement")
    entry_of = {item.record.slug: item.record.entry for item in curation.located("claims")}
    for item in curation.located("claims"):
        claim = item.record
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
            check(item, f"claim/{link.target}", f"link '{link.relation}'")
            if link.target == claim.slug:
                errors.append(f"{item.where()}: {claim.slug}: a claim cannot link to itself")
            target_entry = entry_of.get(link.target)
            if target_entry and target_entry != claim.entry:
                if link.relation == "elaborates":
                    errors.append(f"{item.where()}: {claim.slug}: 'elaborates' stays within one source; {link.target} is in {target_entry} — use supports or qualifies")
                if not (link.origin and link.rationale):
                    errors.append(f"{item.where()}: {claim.slug}: link '{link.relation}' to {link.target} crosses sources ({claim.entry} → {target_entry}) and needs origin (stated/curator) and rationale (en, zh)")
    return errors


def dump_canonical(records: list[BaseModel]) -> str:
    """YAML text of records in canonical form: sorted by key, defaults omitted, stable field order."""
    rows = [r.model_dump(mode="json", exclude_defaults=True) for r in sorted(records, key=_key)]
    return yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100)


def _by_file(root: Path) -> dict[Path, str]:
    """Each curation file and its canonical text."""
    by_file: dict[Path, list[BaseModel]] = {}
    for items in load(root).records.values():
        for item in items:
            by_file.setdefault(item.path, []).append(item.record)
    return {path: dump_canonical(records) for path, records in sorted(by_file.items())}


def write_canonical(root: Path) -> list[Path]:
    """Rewrite every curation file canonically; return the files that changed."""
    changed: list[Path] = []
    for path, text in _by_file(root).items():
        if path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(".yaml.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            changed.append(path)
    return changed


def check_canonical(root: Path) -> list[Path]:
    """Files whose text differs from their canonical form."""
    return [path for path, text in _by_file(root).items() if path.read_text(encoding="utf-8") != text]
