"""The suggestions as JSON, with raw-file code-point offsets, so any tool can score them."""

from __future__ import annotations

from typing import Any

from minilat import ids
from minilat.pipeline.parse import Digest
from minilat.pipeline.suggest.suggester import Mention, Suggestions


def mention_json(m: Mention) -> dict[str, Any]:
    """One mention: a known entity's IRI, or null with the proposed entity's reference."""
    out: dict[str, Any] = {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "entity": str(ids.ref(m.ref)) if m.known and m.ref else None,
        "type": m.type,
        "article": m.entry,
        "rule": m.rule,
    }
    if not m.known:
        out["proposed"] = m.ref
    if m.alias:
        out["alias"] = m.alias
    if m.acronym:
        out["acronym"] = m.acronym
    return out


def articles_json(digest: Digest) -> list[dict[str, Any]]:
    """The parsed bibliographic data of every summarised article."""
    return [
        {
            "number": a.number,
            "entry": f"article-{a.number}",
            "authors": a.authors,
            "et_al": a.et_al,
            "journal": a.citation.journal,
            "volume": a.citation.volume,
            "issue": a.citation.issue,
            "issue_end": a.citation.issue_end,
            "pages": a.citation.pages,
            "year": a.citation.year,
            "forthcoming": a.citation.forthcoming,
            "title_en": a.title_en,
            "title_zh": a.title_zh,
            "compilers": [{"name": c.name, "affiliation": c.affiliation} for c in a.compilers],
        }
        for a in digest.articles
    ]


def to_json(s: Suggestions, file: str, slug: str | None) -> dict[str, Any]:
    """The whole suggestion document."""
    digest = s.digest
    return {
        "issue": {"file": file, "sha256": digest.sha256, "slug": slug, "series": digest.series, "theme": digest.theme, "reviewers": digest.reviewers},
        "articles": articles_json(digest),
        "mentions": [mention_json(m) for m in s.mentions],
        "claims": [
            {
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "type": c.type,
                "holder": c.holder,
                "modality": c.modality,
                "article": c.entry,
                "mentions": [mention_json(m) for m in c.mentions],
                "statements": c.statements,
                "links": c.links,
                "rules": c.rules,
            }
            for c in s.claims
        ],
        "new_entities": [{"ref": n.ref, "name": n.name, "type": n.type, "rule": n.rule, "acronym": n.acronym, "en": n.en} for n in s.new.values()],
    }
