"""Known entities by every name: one Aho–Corasick automaton over the registry's labels,
aliases and acronyms in Chinese and English, and the names earlier issues used.

Matching is leftmost-longest over the whole text in one pass (pyahocorasick), Latin names
case-insensitively and only at word boundaries; one-character Chinese abbreviations of
states (美, 澳) count only in a run of such abbreviations (美日印澳, 中美).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import ahocorasick

from minilat.pipeline.records.series import FOLDER_REF, Series
from minilat.pipeline.suggest.rules import Rule, registry

RULES = registry(
    Rule(
        "mention.known-label",
        "A registry label, alias or acronym (zh or en) or a name an earlier issue used for the entity; longest match wins.",
        (("四方安全对话（Quad）与奥库斯", ["四方安全对话", "Quad", "奥库斯"]), ("the quad and aukus", ["quad", "aukus"])),
    ),
    Rule(
        "mention.state-abbreviation-run",
        "A one-character abbreviation of a state (美, 日, 澳) counts only next to another one (美日印澳): alone it is too ambiguous.",
        (("美日印澳", ["美", "日", "印", "澳"]), ("美、日、印、澳四国", ["美", "日", "印", "澳"]), ("美好的", [])),
    ),
)

#: Registry folders whose entities the text can name (people are the bibliography's, matched by the parse).
TEXT_KINDS = {"mechanisms", "states", "concepts", "regions", "theories", "leaders"}


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded.casefold() if len(folded) == 1 else ch


def fold(text: str) -> str:
    """Match key: NFKC (full-width → half-width) and case-folded, one character per character (offsets hold)."""
    return "".join(map(_fold_char, text))


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Hit:
    """A known entity named in a text: span, the entity's reference and the name matched."""

    start: int
    end: int
    ref: str
    name: str
    rule: str


def names_of(record: object, folder: str) -> list[str]:
    """Every name a registry record gives its entity."""
    out: list[str] = []
    label = getattr(record, "label", None)
    if label is not None:
        out += [label.zh, label.en or ""]
    for attr in ("aliases_en", "aliases_zh", "alt_zh", "alt_en"):
        out += list(getattr(record, attr, []) or [])
    if folder == "states":
        out.append(record.slug)  # type: ignore[attr-defined]  # ISO3 codes appear in English text
    return [n for n in out if n and n.strip()]


class Lexicon:
    """Names → entity references, and the automaton that finds them."""

    def __init__(self, names: dict[str, set[str]], kinds: dict[str, str]) -> None:
        self.names = names  # folded name → refs
        self.kinds = kinds  # ref → entity kind (mechanism, state, concept …)
        self.automaton = ahocorasick.Automaton()
        for key, refs in names.items():
            self.automaton.add_word(key, (key, tuple(sorted(refs))))
        if names:
            self.automaton.make_automaton()

    @classmethod
    def from_series(cls, series: Series, skip_issue: str | None = None) -> Lexicon:
        """Every name of the registry's entities and the aliases issues (but ``skip_issue``) recorded."""
        names: dict[str, set[str]] = {}
        kinds: dict[str, str] = {}
        for folder in sorted(TEXT_KINDS):
            for rec in series.registry.of(folder):
                ref = f"{FOLDER_REF[folder]}/{rec.slug}"
                kinds[ref] = FOLDER_REF[folder]
                for name in names_of(rec, folder):
                    names.setdefault(fold(name), set()).add(ref)
        for slug, curation in series.issues.items():
            if slug == skip_issue:
                continue
            for rec in curation.of("mentions"):
                for name in [*rec.aliases_zh, *rec.aliases_en]:
                    names.setdefault(fold(name), set()).add(rec.entity)
        return cls(names, kinds)

    def lookup(self, name: str) -> list[str]:
        """The entities exactly named ``name``."""
        return sorted(self.names.get(fold(name), ()))

    def find(self, text: str) -> list[Hit]:
        """Leftmost-longest, non-overlapping known names in ``text``."""
        if not self.names:
            return []
        folded = fold(text)
        found: list[tuple[int, int, str, tuple[str, ...]]] = []
        for last, (key, refs) in self.automaton.iter(folded):
            start = last - len(key) + 1
            if _latin(key[0]) and start > 0 and _latin(folded[start - 1]):
                continue
            if _latin(key[-1]) and last + 1 < len(folded) and _latin(folded[last + 1]):
                continue
            found.append((start, last + 1, key, refs))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        hits: list[Hit] = []
        cursor = 0
        for start, end, key, refs in found:
            if start < cursor:
                continue
            hits.append(Hit(start, end, refs[0], text[start:end], "mention.known-label"))
            cursor = end
        return self._abbreviation_runs(hits, text)

    @staticmethod
    def _abbreviation_runs(hits: list[Hit], text: str) -> list[Hit]:
        """Keep a one-character CJK hit only next to another one (美日印澳, or 美、日、印、澳)."""

        def touching(a: Hit, b: Hit) -> bool:
            return a.end - a.start == 1 and b.end - b.start == 1 and text[a.end : b.start] in ("", "、")

        out = []
        for i, hit in enumerate(hits):
            if hit.end - hit.start == 1 and not _latin(hit.name):
                before = i > 0 and touching(hits[i - 1], hit)
                after = i + 1 < len(hits) and touching(hit, hits[i + 1])
                if not (before or after):
                    continue
                hit = Hit(hit.start, hit.end, hit.ref, hit.name, "mention.state-abbreviation-run")
            out.append(hit)
        return out
