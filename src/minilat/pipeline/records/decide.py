"""Accept or reject the drafts of an issue, record by record (INCEpTION: a person decides).

A draft is named by an id: ``claim/{slug}``, ``mentions/{kind}/{slug}`` or the entity
reference of a proposed record (``concept/…``, ``person/…``, ``organization/…``). A decision
rewrites the record's file canonically with its new status; if the curation would then
not load (a reviewed record relying on a draft, a draft relying on a rejected record), the
files are put back and the error names what to decide first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minilat.errors import UserError
from minilat.pipeline.records import drafts
from minilat.pipeline.records.curation import (
    ISSUE_KINDS,
    REGISTRY_KINDS,
    Located,
    dump_canonical,
    load_file,
    load_folder,
)
from minilat.pipeline.records.series import FOLDER_REF, ISSUES, REGISTRY, load_series


@dataclass(frozen=True)
class Pending:
    """One draft of the issue: its id, record and where it is."""

    id: str
    kind: str  # record folder
    item: Located

    @property
    def record(self) -> Any:
        return self.item.record


def draft_id(kind: str, record: Any) -> str:
    if kind == "claims":
        return f"claim/{record.slug}"
    if kind == "mentions":
        return f"mentions/{record.entity}"
    return f"{FOLDER_REF.get(kind, kind)}/{record.slug}"


def drafts_of(root: Path, issue: str, statuses: tuple[str, ...] = ("suggested",)) -> list[Pending]:
    """The issue's drafts (in its folder and the registry) with one of ``statuses``."""
    out: list[Pending] = []
    for folder, kinds in ((root / ISSUES / issue, ISSUE_KINDS), (root / REGISTRY, REGISTRY_KINDS)):
        curation, _ = load_folder(folder, kinds)
        for kind, items in curation.records.items():
            for item in items:
                rec = item.record
                if drafts.status(rec) in statuses and getattr(rec, "suggestion", None) and rec.suggestion.issue == issue:
                    out.append(Pending(draft_id(kind, rec), kind, item))
    return out


def summary(p: Pending) -> str:
    """One line a curator can judge the draft by."""
    rec = p.record
    english = drafts.missing_english(rec)
    todo = f"  [English to write: {', '.join(english)}]" if english else ""
    if p.kind == "claims":
        return f"{p.id}  {rec.entry} · {rec.type} · {rec.holder} · {rec.modality}: {rec.quote}{todo}"
    if p.kind == "mentions":
        extra = f"; new aliases {', '.join([*rec.aliases_zh, *rec.aliases_en])}" if rec.aliases_zh or rec.aliases_en else ""
        return f"{p.id}  {len(rec.mentions)} passage(s){extra}"
    label = getattr(rec, "label", None)
    name = f"{label.zh} / {label.en or '?'}" if label else getattr(rec, "name", None) or getattr(rec, "title", "")
    return f"{p.id}  {name}  (rules: {', '.join(rec.suggestion.rules)}){todo}"


def decide(root: Path, issue: str, accept: list[str], reject: list[str], accept_all: bool = False) -> dict[str, str]:
    """Set the status of the named drafts; return id → new status. All or nothing."""
    pending = {p.id: p for p in drafts_of(root, issue)}
    unknown = sorted((set(accept) | set(reject)) - set(pending))
    if unknown:
        raise UserError(f"no draft {unknown[0]} left to decide in issue {issue}" + (f" (of {len(unknown)} unknown id(s))" if len(unknown) > 1 else ""))
    both = sorted(set(accept) & set(reject))
    if both:
        raise UserError(f"{both[0]} is both accepted and rejected")
    chosen = {**dict.fromkeys(pending if accept_all else accept, "reviewed"), **dict.fromkeys(reject, "rejected")}
    by_file: dict[Path, dict[int, str]] = {}
    for ident, new in chosen.items():
        item = pending[ident].item
        by_file.setdefault(item.path, {})[item.line] = new
    saved = {path: path.read_bytes() for path in by_file}
    try:
        for path, lines in by_file.items():
            _rewrite(path, lines, pending)
        load_series(root, english=False)
    except BaseException as exc:
        for path, data in saved.items():
            path.write_bytes(data)
        if isinstance(exc, UserError):
            first = exc.message.splitlines()[1] if "\n" in exc.message else exc.message
            raise UserError(f"not decided: the curation would not load ({first}); decide what it relies on first") from None
        raise
    return chosen


def _rewrite(path: Path, lines: dict[int, str], pending: dict[str, Pending]) -> None:
    items = [p.item for p in pending.values() if p.item.path == path]
    model = type(items[0].record)
    located, errors = load_file(path, model)
    if errors:
        raise UserError(errors[0])
    records = [item.record.model_copy(update={"status": lines[item.line]}) if item.line in lines else item.record for item in located]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(dump_canonical(records), encoding="utf-8")
    os.replace(tmp, path)
