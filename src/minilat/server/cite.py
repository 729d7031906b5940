""""Cite this" for a claim's passage: plain text, BibTeX and CSL-JSON.

What is cited is the passage of the digest: the compiled summary (its compiler, its number
in the issue) or the preface (the digest's editors), the digest issue, the character range
of the passage in the digest's text file, and the claim's permanent IRI. The summarised
article is given as the original (CSL's ``original-*`` variables; a note in BibTeX).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

Names = Callable[[str], tuple[str, str]]  # IRI → (English, Chinese) label
BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


@dataclass(frozen=True)
class Passage:
    """What a citation of one claim's passage is made of."""

    claim: str  # the claim's IRI (the permalink)
    label: str  # its short label (English)
    start: int
    end: int
    text_url: str  # the digest text with the passage highlighted
    digest_en: str
    digest_zh: str
    compilers: tuple[tuple[str, str], ...]  # the summary's compilers (en, zh); none for the preface
    editors: tuple[str, str] | None  # the preface's authors (the digest's editors)
    part_en: str  # "Summary No. 4" / "Preface"
    part_zh: str  # the summary's (Chinese) title / 专题序言
    authors: tuple[str, ...] = ()  # the summarised article's authors (English)
    title: str | None = None  # the article's title (English)
    journal: str | None = None
    volume: str | None = None
    number: str | None = None
    year: str | None = None
    forthcoming: bool = False

    @property
    def key(self) -> str:
        """minilat-{slug}; a later issue's claim (id/claim/{issue}/{slug}) keeps its issue in the key."""
        head, found, path = self.claim.rstrip("/").partition("/id/claim/")
        return "minilat-" + (path.replace("/", "-") if found else head.rsplit("/", 1)[-1])

    @property
    def range(self) -> str:
        return f"{self.start}–{self.end}"

    @property
    def makers(self) -> tuple[tuple[str, str], ...]:
        """Who made the cited text: the summary's compilers, else the preface's editors."""
        return self.compilers or ((self.editors,) if self.editors else (("", ""),))

    def original(self) -> str | None:
        """The summarised article, as one line ("Nick Bisley, “Title,” Journal, forthcoming")."""
        if not self.title:
            return None
        where = ", ".join(x for x in [self.journal, f"Vol. {self.volume}" if self.volume else None, f"No. {self.number}" if self.number else None,
                                       "forthcoming" if self.forthcoming else self.year] if x)
        return f"{names(self.authors)}, “{self.title},” {where}"


def names(people: tuple[str, ...]) -> str:
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1] if people else ""


def shown(person: tuple[str, str]) -> str:
    """A maker as cited: "Zhang Zunyue (张尊月)", or the one name when both are the same."""
    en, zh = person
    return f"{en} ({zh})" if zh and zh != en else en


def listed(people: tuple[tuple[str, str], ...]) -> str:
    """Makers as cited, joined: "A (甲) and B (乙)"."""
    return names(tuple(shown(m) for m in people))


def plain(p: Passage) -> str:
    """One paragraph, Chicago-like: maker(s), part, digest, range, what it summarises, claim, permalink."""
    who = listed(p.makers)
    role = (", compilers" if len(p.compilers) > 1 else ", compiler") if p.compilers else ""
    line = f"{who}{role}. “{p.part_zh}” [{p.part_en}]. In {p.digest_zh} ({p.digest_en}), characters {p.range}."
    if original := p.original():
        line += f" Summary of {original}."
    return f"{line} Claim: “{p.label}.” {p.claim} (passage: {p.text_url})"


def bib(value: str) -> str:
    return BIBTEX_SPECIAL.sub(r"\\\1", value)


def bibtex(p: Passage) -> str:
    """A BibLaTeX/BibTeX ``@incollection`` entry for the passage (each maker braced: never split into names)."""
    note = f"Characters {p.start}--{p.end} of the digest text, {p.text_url}. Claim: {p.label}."
    if original := p.original():
        note = f"Summary of {original}. " + note
    addon = p.part_en + (f", compiled by {listed(p.compilers)}" if p.compilers else "")
    fields = [
        ("author", " and ".join("{" + bib(en) + "}" for en, _ in p.makers)),
        ("title", bib(p.part_zh)),
        ("titleaddon", bib(addon)),
        ("booktitle", f"{bib(p.digest_zh)} ({bib(p.digest_en)})"),
        ("note", bib(note)),
        ("url", p.claim),
        ("langid", "chinese"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@incollection{{{p.key},\n{body}\n}}"


def csl(p: Passage) -> str:
    """A CSL-JSON item (a list of one, as citation managers import it)."""
    item: dict = {
        "id": p.key,
        "type": "chapter",
        "title": p.part_zh,
        "container-title": p.digest_zh,
        "author": [{"literal": shown(m)} for m in p.makers],
        "language": "zh",
        "URL": p.claim,
        "note": f"{p.part_en}; {p.digest_en}; characters {p.start}–{p.end} of the digest text ({p.text_url}). Claim: {p.label}.",
    }
    if p.title:
        item["original-title"] = p.title
        item["original-author"] = [{"literal": a} for a in p.authors]
        if p.journal:
            item["original-container-title"] = p.journal
        if p.year and not p.forthcoming:
            item["original-date"] = {"date-parts": [[int(p.year[:4])]]}
    return json.dumps([item], ensure_ascii=False, indent=2)


def formats(p: Passage) -> dict[str, str]:
    return {"text": plain(p), "bibtex": bibtex(p), "csl": csl(p)}
