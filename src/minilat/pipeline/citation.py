"""The journal data and author lists of the digest's article headers and table of contents.

The first issue prints "Vol. 78, No. 6, 2024." or "Forthcoming". Journals print more than
that, and a compiler copies what the journal prints: a double issue (No. 1-2), "Issue 3",
no volume or no number, a page range, an article published online before its issue ("Online
First", "Early View", "Published online, 2025"). Each comma-separated part is read on its
own; a part that is none of these is an error naming it, so nothing is silently dropped.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

#: An article not yet in a journal issue: the digest's "Forthcoming" and its publishers' variants.
AHEAD_WORDS = r"(?:forthcoming|online first|early view|in press|published online|advance online publication|first view|ahead of print)"
AHEAD = re.compile(rf"^{AHEAD_WORDS}(?:\s*:?\s*(?P<rest>.*))?$", re.IGNORECASE)
VOLUME_WORD = r"Vol(?:ume|\.)?"
ISSUE_WORD = r"(?:No\.?|Nos\.|Issue|Iss\.|Number)"
YEAR = r"(?:19|20)\d{2}"
VOLUME_PART = re.compile(rf"^{VOLUME_WORD}\s*(?P<n>\d+)$", re.IGNORECASE)
ISSUE_PART = re.compile(rf"^{ISSUE_WORD}\s*(?P<n>\d+)(?:\s*[-–—/&]\s*(?P<end>\d+))?$", re.IGNORECASE)
YEAR_PART = re.compile(rf"^(?:(?:[A-Z][a-z]+\.?|\d{{1,2}}\s+[A-Z][a-z]+\.?)\s+)?\(?(?P<year>{YEAR})\)?$")
PAGES_PART = re.compile(r"^(?:pp?\.|pages?)\s*(?P<first>\w+)(?:\s*[-–—]\s*(?P<last>\w+))?$", re.IGNORECASE)
#: Where a table-of-contents entry's journal name ends: a comma before its first journal-data part.
DATA_START = re.compile(rf",\s*(?={VOLUME_WORD}\s*\d|{ISSUE_WORD}\s*\d|{YEAR}\b|{AHEAD_WORDS})", re.IGNORECASE)


class Citation(BaseModel):
    """Journal data of an article: volume, issue and year, or forthcoming."""

    journal: str
    volume: int | None = None
    issue: int | None = None
    issue_end: int | None = Field(default=None, description="The last number of a double issue (No. 1-2).")
    year: int | None = None
    pages: str | None = Field(default=None, description="The page range as printed (12-34).")
    forthcoming: bool = Field(default=False, description="Not yet in a journal issue (Forthcoming, Online First, Early View …).")

    @property
    def number(self) -> str | None:
        """The issue as PRISM writes it: "6", or "1–2" for a double issue."""
        if self.issue is None:
            return None
        return f"{self.issue}–{self.issue_end}" if self.issue_end else str(self.issue)

    @property
    def text(self) -> str:
        """The journal data in one line: "Vol. 78, No. 6, 2024" / "forthcoming" / "forthcoming, 2025"."""
        parts = [f"Vol. {self.volume}" if self.volume is not None else None, f"No. {self.number}" if self.number else None,
                 "forthcoming" if self.forthcoming else None, str(self.year) if self.year else None, f"pp. {self.pages}" if self.pages else None]
        return ", ".join(p for p in parts if p)


class CitationError(ValueError):
    """Journal data that is not understood; the message names the part."""


def parse_citation(journal: str, text: str) -> Citation:
    """``journal`` with its data as printed ("Vol. V, No. I, YEAR.", "Forthcoming", …)."""
    text = text.strip().rstrip(".").strip()
    if not text:
        raise CitationError("no journal data (expected 'Vol. V, No. I, YEAR.' or 'Forthcoming')")
    found: dict[str, object] = {"journal": journal}
    for part in (p.strip().rstrip(".").strip() for p in text.split(",")):
        if ahead := AHEAD.match(part):
            found["forthcoming"] = True
            part = (ahead["rest"] or "").strip()
            if not part:
                continue
        if (m := VOLUME_PART.match(part)) and "volume" not in found:
            found["volume"] = int(m["n"])
        elif (m := ISSUE_PART.match(part)) and "issue" not in found:
            found["issue"] = int(m["n"])
            if m["end"]:
                found["issue_end"] = int(m["end"])
        elif (m := YEAR_PART.match(part)) and "year" not in found:
            found["year"] = int(m["year"])
        elif (m := PAGES_PART.match(part)) and "pages" not in found:
            found["pages"] = f"{m['first']}–{m['last']}" if m["last"] else m["first"]
        else:
            raise CitationError(f"journal data part {part!r} not understood (expected 'Vol. V', 'No. I', a year, 'pp. A-B' or 'Forthcoming') in {text!r}")
    citation = Citation.model_validate(found)
    if not citation.forthcoming and citation.year is None:
        raise CitationError(f"journal data without a year and not forthcoming: {text!r}")
    return citation


def starts_with_data(text: str) -> bool:
    """Whether ``text`` opens with journal data ("Vol. 78, …", "No. 4, …", "Forthcoming"), not a journal name."""
    return DATA_START.match(", " + text.strip()) is not None


def split_journal(rest: str) -> tuple[str, str] | None:
    """A table-of-contents entry's "Journal, Vol. 1, No. 2, 2024" as (journal, data); None without data."""
    found = DATA_START.search(rest)
    if not found:
        return None
    return rest[: found.start()].strip(), rest[found.end():].strip()


#: "et al." closing an author list: the authors the digest names, and that there are more.
ET_AL = re.compile(r"(?:,\s*|\s+)et\s+al\.?$", re.IGNORECASE)


def split_authors(text: str) -> tuple[list[str], bool]:
    """Split "A and B", "A, B and C", "A, B, and C", "A & B" into names; and whether "et al." ends the list."""
    text, more = ET_AL.subn("", text.strip())
    parts = re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", text)
    return [p.strip() for p in parts if p.strip()], bool(more)


#: A header line whose author list goes on in the next line: it ends in a comma, "and" or "&".
AUTHORS_GO_ON = re.compile(r"(?:,|\band|&)$")
