"""Anchor curated quotes to passages of the digest.

A quote is searched in the parser's rebuilt paragraphs (whitespace rules applied to
the quote too). It must occur exactly once, or once after its ``prefix``; the
anchor then gives the Web Annotation selectors: exact/prefix/suffix on the rebuilt
text and start/end character offsets into the raw file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minilat.errors import UserError
from minilat.pipeline.parse import Digest, Paragraph
from minilat.pipeline.records.curation import Curation, Located
from minilat.text import normalize

CONTEXT = 32
SENTENCE = re.compile(r"[^。？！]+[。？！]?")


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits: its entry, selectors and raw-file offsets."""

    entry: str
    exact: str
    prefix: str
    suffix: str
    start: int  # raw offset of the first character
    end: int  # raw offset just past the last character
    line: int  # raw line of the first character

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}"


def occurrences(paragraphs: list[tuple[str, Paragraph]], quote: str, prefix: str | None = None) -> list[tuple[str, Paragraph, int]]:
    """Where ``quote`` occurs in the paragraphs (overlapping occurrences each count), after
    ``prefix`` when one is given: a quote anchors only when this finds exactly one."""
    exact = normalize(quote)
    before = normalize(prefix) if prefix is not None else None
    hits: list[tuple[str, Paragraph, int]] = []
    for key, paragraph in paragraphs:
        start = paragraph.text.find(exact)
        while start != -1:
            if before is None or paragraph.text[:start].endswith(before):
                hits.append((key, paragraph, start))
            start = paragraph.text.find(exact, start + 1)
    return hits


class Anchorer:
    """Finds quotes in one digest; collects every failure before raising."""

    def __init__(self, digest: Digest, raw: str) -> None:
        self.digest = digest
        self.raw = raw
        self.paragraphs = digest.passages()
        self.errors: list[str] = []

    def find(self, quote: str, where: Located, what: str, prefix: str | None = None, entry: str | None = None) -> Anchor | None:
        hits = occurrences(self.paragraphs, quote, prefix)
        rec = where.record
        ident = getattr(rec, "slug", None) or getattr(rec, "entity", None) or f"{getattr(rec, 'mechanism', '')}/{getattr(rec, 'state', '')}"
        if not hits:
            self.errors.append(f"{where.where()}: {ident}: {what} does not occur in the digest: {quote!r}")
            return None
        if len(hits) > 1:
            places = ", ".join(f"{k} line {self._line(p.offsets[i])}" for k, p, i in hits)
            self.errors.append(f"{where.where()}: {ident}: {what} occurs {len(hits)} times ({places}); lengthen it or give a prefix: {quote!r}")
            return None
        key, paragraph, index = hits[0]
        exact = normalize(quote)
        if entry is not None and key != entry:
            self.errors.append(f"{where.where()}: {ident}: {what} is in {key}, but the record says {entry}")
            return None
        last = index + len(exact) - 1
        return Anchor(
            entry=key,
            exact=exact,
            prefix=paragraph.text[max(0, index - CONTEXT) : index],
            suffix=paragraph.text[last + 1 : last + 1 + CONTEXT],
            start=paragraph.offsets[index],
            end=paragraph.offsets[last] + 1,
            line=self._line(paragraph.offsets[index]),
        )

    def _line(self, offset: int) -> int:
        return self.raw.count("\n", 0, offset) + 1

    def check(self) -> None:
        if self.errors:
            raise UserError(f"{len(self.errors)} quote(s) could not be anchored:\n" + "\n".join(self.errors))


@dataclass
class Anchored:
    """Anchors for every quoted record, keyed by (kind, record key, quote index)."""

    anchors: dict[tuple[str, str, int], Anchor]

    def get(self, kind: str, key: str, index: int = 0) -> Anchor:
        return self.anchors[(kind, key, index)]

    def spans(self, kinds: set[str] | None = None) -> list[Anchor]:
        return [a for (kind, _, _), a in self.anchors.items() if kinds is None or kind in kinds]


def record_key(kind: str, record: object) -> str:
    if kind == "memberships":
        return f"{record.mechanism}/{record.state}"  # type: ignore[attr-defined]
    if kind in ("mentions", "mechanism-links", "issue-areas"):
        return record.entity  # type: ignore[attr-defined]
    return record.slug  # type: ignore[attr-defined]


def anchor_all(curation: Curation, digest: Digest, raw: str) -> Anchored:
    """Anchor every quote of one issue's records in that issue's text; raise one UserError listing all failures."""
    anchorer = Anchorer(digest, raw)
    out: dict[tuple[str, str, int], Anchor] = {}

    def put(kind: str, item: Located, index: int, quote: str, what: str, prefix: str | None = None, entry: str | None = None) -> None:
        found = anchorer.find(quote, item, what, prefix, entry)
        if found:
            out[(kind, record_key(kind, item.record), index)] = found

    for item in curation.located("mentions"):
        for i, quote in enumerate(item.record.mentions):
            put("mentions", item, i, quote, f"mention {i + 1}")
        for i, link in enumerate(item.record.links):
            put("mechanism-links", item, i, link.quote, f"quote of link {link.relation} {link.target}")
        for i, dated in enumerate(item.record.dated_issue_areas):
            put("issue-areas", item, i, dated.quote, f"quote of dated issue area {dated.area}")
    for item in curation.located("memberships"):
        if item.record.quote:
            put("memberships", item, 0, item.record.quote, "membership quote")
    for item in curation.located("events"):
        if item.record.quote:
            put("events", item, 0, item.record.quote, "event quote")
    for item in curation.located("claims"):
        put("claims", item, 0, item.record.quote, "claim quote", item.record.prefix, item.record.entry)
    anchorer.check()
    return Anchored(out)


@dataclass(frozen=True)
class Coverage:
    """Share of the preface's and summaries' sentences covered by an anchored claim or fact."""

    total: int
    covered: int
    uncovered: list[tuple[str, int, str]]  # entry, raw line, sentence

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 1.0


#: Anchors that count as claims or facts for coverage (bare mentions of names do not).
FACT_KINDS = {"claims", "memberships", "events", "mechanism-links"}


def coverage(digest: Digest, anchored: Anchored, raw: str) -> Coverage:
    spans = [(a.start, a.end) for a in anchored.spans(FACT_KINDS)]
    total = covered = 0
    uncovered: list[tuple[str, int, str]] = []
    for entry, paragraph in digest.paragraphs():
        for match in SENTENCE.finditer(paragraph.text):
            sentence = match.group().strip()
            if not sentence:
                continue
            start = paragraph.offsets[match.start()]
            end = paragraph.offsets[match.end() - 1] + 1
            total += 1
            if any(s < end and start < e for s, e in spans):
                covered += 1
            else:
                uncovered.append((entry, raw.count("\n", 0, start) + 1, sentence))
    return Coverage(total, covered, uncovered)


def total_coverage(parts: list[Coverage]) -> Coverage:
    """Coverage over several issues together."""
    return Coverage(sum(c.total for c in parts), sum(c.covered for c in parts), [u for c in parts for u in c.uncovered])
