"""Load one folder of curated records and write records back canonically.

A folder (the registry, or one issue's folder) holds a sub-folder per kind of record;
every ``*.yaml`` file there holds a list of records. Loading validates each record and
reports every problem as ``file:line: slug: message``; :mod:`.series` checks the
references between records across the registry and the issues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

#: libyaml's loader when PyYAML was built with it (ten times faster), else the pure-Python one.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from minilat.pipeline.records.models import (
    Affiliation,
    Claim,
    Concept,
    Event,
    Journal,
    Leader,
    Mechanism,
    Membership,
    Mentions,
    Person,
    Region,
    Retired,
    State,
    Theory,
)

#: folder name -> record model, for the shared registry (corpus/curation/registry/):
#: entities every issue refers to, and what reference sources (not an issue) state.
REGISTRY_KINDS: dict[str, type[BaseModel]] = {
    "mechanisms": Mechanism,
    "states": State,
    "memberships": Membership,
    "events": Event,
    "concepts": Concept,
    "affiliations": Affiliation,
    "people": Person,
    "journals": Journal,
    "regions": Region,
    "theories": Theory,
    "leaders": Leader,
    "retired": Retired,
}
#: ... and for one issue (corpus/curation/issues/{slug}/): what that issue's text states.
ISSUE_KINDS: dict[str, type[BaseModel]] = {
    "claims": Claim,
    "mentions": Mentions,
    "memberships": Membership,
    "events": Event,
    "retired": Retired,
}
KINDS: dict[str, type[BaseModel]] = REGISTRY_KINDS | ISSUE_KINDS


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
    for name in ("slug", "state", "entity", "ref"):
        if hasattr(record, name):
            value = getattr(record, name)
            if name == "state":
                return f"{record.mechanism}/{value}"  # type: ignore[attr-defined]
            return str(value)
    return ""


def load_file(path: Path, model: type[BaseModel]) -> tuple[list[Located], list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
        loader = LOADER(text)  # one parse: the node tree gives each record's line, then the values
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
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


def load_folder(root: Path, kinds: dict[str, type[BaseModel]]) -> tuple[Curation, list[str]]:
    """Read and validate every record of ``kinds`` under ``root``; return them and the problems."""
    curation = Curation()
    errors: list[str] = []
    for child in sorted(root.iterdir()) if root.is_dir() else []:
        if child.is_dir() and child.name not in kinds:
            errors.append(f"{child}: unknown record folder; expected one of {', '.join(kinds)}")
    for kind, model in kinds.items():
        items: list[Located] = []
        for path in sorted((root / kind).glob("*.yaml")):
            loaded, problems = load_file(path, model)
            items.extend(loaded)
            errors.extend(problems)
        curation.records[kind] = items
    return curation, errors


def _review_last(row: dict[str, Any]) -> dict[str, Any]:
    """The record's own fields first, its review status and suggestion last."""
    tail = {key: row.pop(key) for key in ("status", "suggestion") if key in row}
    return {**row, **tail}


def dump_canonical(records: list[BaseModel]) -> str:
    """YAML text of records in canonical form: sorted by key, defaults omitted, stable field order."""
    rows = [_review_last(r.model_dump(mode="json", exclude_defaults=True)) for r in sorted(records, key=_key)]
    return yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100)
