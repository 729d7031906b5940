"""Reviewed records and drafts: what the suggester drafted stays apart until a person accepts it.

A record's ``status`` is ``reviewed`` (the default: written or accepted by a person),
``suggested`` (drafted by ``minilat add``: built into the issue's drafts graph) or
``rejected`` (kept in its file so it is not suggested again; never built). English may
wait on a draft (a warning) but not on a reviewed record (an error).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from minilat.pipeline.records.curation import Curation, Located

#: Fields holding English, beside ``label.en`` (dotted: attribute paths).
ENGLISH_FIELDS = ("label.en", "text_en", "label_en", "definition_en")


def status(record: Any) -> str:
    """A record's review status; records that cannot be drafted are reviewed."""
    return getattr(record, "status", "reviewed")


def _value(record: Any, path: str) -> tuple[bool, Any]:
    """(has the attribute path, its value)."""
    value = record
    for name in path.split("."):
        if not hasattr(value, name):
            return False, None
        value = getattr(value, name)
    return True, value


def missing_english(record: Any) -> list[str]:
    """The English fields of ``record`` that are empty."""
    out = []
    for path in ENGLISH_FIELDS:
        present, value = _value(record, path)
        if present and not value:
            out.append(path)
    return out


def filtered(curation: Curation, keep: set[str]) -> Curation:
    """The records of ``curation`` whose status is in ``keep``."""
    out = Curation()
    for kind, items in curation.records.items():
        out.records[kind] = [item for item in items if status(item.record) in keep]
    return out


def english_problems(curations: list[Curation]) -> tuple[list[str], Counter[str]]:
    """Errors for reviewed records without English; a count of drafts without it, by issue."""
    errors: list[str] = []
    drafts: Counter[str] = Counter()
    for curation in curations:
        for items in curation.records.values():
            for item in items:
                missing = missing_english(item.record)
                if not missing:
                    continue
                if status(item.record) == "suggested":
                    drafts[item.record.suggestion.issue] += 1
                else:
                    errors.append(f"{_where(item)}: English missing ({', '.join(missing)}) on a reviewed record — write it (drafts may wait)")
    return errors, drafts


def _where(item: Located) -> str:
    rec = item.record
    ident = getattr(rec, "slug", None) or getattr(rec, "entity", None) or ""
    return f"{item.where()}: {ident}"


#: Records the parse gives (names, titles): built into the bibliography whatever their status.
BIBLIOGRAPHIC = ("people", "journals", "affiliations")


def with_bibliography(reviewed: Curation, full: Curation) -> Curation:
    """``reviewed`` with every live bibliographic record of ``full``: the bibliography is the parse's, complete."""
    out = Curation(dict(reviewed.records))
    for kind in BIBLIOGRAPHIC:
        out.records[kind] = full.located(kind)
    return out
