"""Turn suggestions into draft records (``status: suggested``) for one new issue.

Claims, mentions and proposed entities are drafts a person accepts or rejects; the
bibliographic records (people, journals, affiliations) are read off the parse and reuse
existing records by name, with a Chinese name's English from pinyin, marked as such.
Every quote is made unique in the issue (a longer context or a prefix), so it anchors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from minilat.ids import slugify
from minilat.pipeline import anchor
from minilat.pipeline.assemble.bibliography import article_slug
from minilat.pipeline.parse import Paragraph
from minilat.pipeline.records.models import (
    Affiliation,
    ArgumentLink,
    Claim,
    Concept,
    Journal,
    Labels,
    Mechanism,
    Mentions,
    Person,
    Rationale,
    State,
    Statement,
    Suggestion,
)
from minilat.pipeline.records.series import Series
from minilat.pipeline.suggest.naming import is_chinese, new_slug, pinyin_name
from minilat.pipeline.suggest.rules import Rule, registry
from minilat.pipeline.suggest.suggester import ClaimCandidate, Suggestions

RULES = registry(
    Rule("anchor.unique-context", "A mention's quote is widened around the name until it occurs once in the issue (the anchor must be unique).", (("四方安全对话 ×3", "…的四方安全对话（Quad）…"),)),
    Rule("anchor.prefix", "A claim sentence that occurs twice gets the text just before it as prefix.", (("重复的句子", "prefix: 前文…"),)),
    Rule("bibliography.parse", "People, journals and affiliations read off an article's header by the parser (authors, journal, compiler and affiliation lines).", (("作者：Maria Lopez, Kenji Sato", "person/maria-lopez, person/kenji-sato"),)),
    Rule("label.sentence-head", "A claim's Chinese short label is its sentence without the reporting cue, cut to 40 characters.", (("文章指出，小多边主义正在兴起。", "小多边主义正在兴起"),)),
)
LABEL_MAX = 40
REPORTING = ("文章指出", "作者认为", "研究发现", "文章认为", "作者指出", "文章发现", "作者建议", "本文探讨", "文章探讨", "作者强调", "文章强调")


@dataclass
class Draft:
    """Draft records by destination: the issue's folders and the registry's."""

    issue: dict[str, list[BaseModel]] = field(default_factory=dict)  # "claims/article-1.yaml" → records
    registry: dict[str, list[BaseModel]] = field(default_factory=dict)  # "people" → records
    skipped: list[str] = field(default_factory=list)  # claim candidates no record could be drafted for


def label_zh(text: str) -> str:
    body = text.rstrip("。；;，, ")
    for cue in REPORTING:
        if body.startswith(cue):
            body = body[len(cue) :].lstrip("，,：: ")
    body = body or text
    return body if len(body) <= LABEL_MAX else body[: LABEL_MAX - 1] + "…"


class Drafter:
    """Writes the records of one issue's suggestions."""

    def __init__(self, suggestions: Suggestions, series: Series, issue: str, run: str, version: str) -> None:
        self.s = suggestions
        self.series = series
        self.issue = issue
        self.run = run
        self.version = version
        self.paragraphs = suggestions.digest.passages()

    def suggestion(self, rules: list[str]) -> Suggestion:
        return Suggestion(issue=self.issue, run=self.run, version=self.version, rules=rules)

    def occurrences(self, text: str, prefix: str | None = None) -> int:
        """How often ``text`` occurs, as the anchoring that checks the draft will count it."""
        return len(anchor.occurrences(self.paragraphs, text, prefix))

    def unique_context(self, paragraph: Paragraph, start: int, end: int) -> str | None:
        """The shortest window around text[start:end] (within its sentence) that occurs once."""
        text = paragraph.text
        left, right = start, end
        while self.occurrences(text[left:right]) > 1:
            if right < len(text) and text[right] not in "。？！" and (right - end) <= (start - left):
                right += 1
            elif left > 0 and text[left - 1] not in "。？！":
                left -= 1
            elif right < len(text):
                right += 1
            else:
                return None
        return text[left:right]

    def draft(self) -> Draft:
        out = Draft()
        self._bibliography(out)
        self._entities(out)
        self._mentions(out)
        self._claims(out)
        return out

    # --- bibliography (from the parse) ---------------------------------------------
    def _bibliography(self, out: Draft) -> None:
        reg = self.series.registry
        people = {p.name for p in reg.of("people")}
        taken_people = {p.slug for p in [*reg.of("people"), *reg.of("leaders")]}
        affiliations = {a.label.zh: a.slug for a in reg.of("affiliations")}
        journals = {j.title for j in reg.of("journals")}
        digest = self.s.digest
        new_people: dict[str, dict[str, Any]] = {}

        def person(name: str, role: str, affiliation: str | None = None) -> None:
            if name in people:
                return
            row = new_people.setdefault(name, {"name": name, "roles": [], "affiliation": affiliation})
            if role not in row["roles"]:
                row["roles"].append(role)
            row["affiliation"] = row["affiliation"] or affiliation

        for name in digest.reviewers:
            person(name, "reviewer")
        for article in digest.articles:
            for name in article.authors:
                person(name, "author")
            for compiler in article.compilers:
                aff = compiler.affiliation
                if aff not in affiliations:
                    slug = new_slug(aff, set(affiliations.values()))
                    affiliations[aff] = slug
                    out.registry.setdefault("affiliations", []).append(Affiliation(slug=slug, label=Labels(zh=aff), status="suggested", suggestion=self.suggestion(["bibliography.parse"])))
                person(compiler.name, "compiler", affiliations[aff])
            if article.citation.journal not in journals:
                journals.add(article.citation.journal)
                out.registry.setdefault("journals", []).append(Journal(slug=slugify(article.citation.journal), title=article.citation.journal, status="suggested", suggestion=self.suggestion(["bibliography.parse"])))
        for name, row in new_people.items():
            chinese = is_chinese(name)
            name_en = pinyin_name(name) if chinese else name
            slug = new_slug(name_en, taken_people)
            taken_people.add(slug)
            rules = ["bibliography.parse", "name.pinyin"] if chinese else ["bibliography.parse"]
            out.registry.setdefault("people", []).append(
                Person(slug=slug, name=name, name_en=name_en, name_en_from="pinyin" if chinese else None, roles=row["roles"], affiliation=row["affiliation"], status="suggested", suggestion=self.suggestion(rules))
            )

    # --- proposed entities and mentions ----------------------------------------------
    def _entities(self, out: Draft) -> None:
        for ref, new in sorted(self.s.new.items()):
            kind, slug = ref.split("/", 1)
            meta = self.suggestion([new.rule])
            if kind == "state":
                out.registry.setdefault("states", []).append(State(slug=slug, label=Labels(zh=new.name, en=new.en), status="suggested", suggestion=meta))
            elif kind == "mechanism":
                out.registry.setdefault("mechanisms", []).append(
                    Mechanism(slug=slug, label=Labels(zh=new.name), aliases_en=[new.acronym] if new.acronym else [], kind="treaty_regime" if new.type == "treaty" else "multilateral_institution", status="suggested", suggestion=meta)
                )
            elif kind == "concept":
                out.registry.setdefault("concepts", []).append(Concept(slug=slug, label=Labels(zh=new.name), status="suggested", suggestion=meta))

    def _mentions(self, out: Draft) -> None:
        by_ref: dict[str, dict[str, Any]] = {}
        for m in self.s.mentions:
            if not m.ref:
                continue
            row = by_ref.setdefault(m.ref, {"quotes": [], "zh": [], "en": [], "rules": []})
            paragraph = self.s.paragraphs[m.paragraph][1]
            quote = self.unique_context(paragraph, *m.local)
            if quote and quote not in row["quotes"]:
                row["quotes"].append(quote)
            if m.alias:
                row["zh" if is_chinese(m.alias) else "en"].append(m.alias)
            for rule in (m.rule, "anchor.unique-context"):
                if rule not in row["rules"]:
                    row["rules"].append(rule)
        records = []
        for ref, row in sorted(by_ref.items()):
            if not row["quotes"]:
                continue
            records.append(Mentions(entity=ref, mentions=row["quotes"], aliases_zh=sorted(set(row["zh"])), aliases_en=sorted(set(row["en"])), status="suggested", suggestion=self.suggestion(row["rules"])))
        if records:
            out.issue["mentions/suggested.yaml"] = records

    # --- claims ---------------------------------------------------------------------
    def _claims(self, out: Draft) -> None:
        prefixes = {"preface": "preface"}
        for article in self.s.digest.articles:
            prefixes[f"article-{article.number}"] = article_slug(article).rsplit("-", 1)[0]
        numbers: dict[str, int] = {}
        for cand in self.s.claims:
            numbers[cand.entry] = numbers.get(cand.entry, 0) + 1
            slug = f"{prefixes[cand.entry]}-{numbers[cand.entry]:02d}"
            record = self._claim(cand, slug)
            if record is None:
                out.skipped.append(f"{cand.entry} line {self._line(cand)}: {cand.text}")
                continue
            out.issue.setdefault(f"claims/{cand.entry}.yaml", []).append(record)

    def _line(self, cand: ClaimCandidate) -> int:
        return self.s.paragraphs[cand.paragraph][1].line

    def _claim(self, cand: ClaimCandidate, slug: str) -> Claim | None:
        if not cand.statements:
            return None
        paragraph = self.s.paragraphs[cand.paragraph][1]
        prefix = None
        if self.occurrences(cand.text) > 1:
            start = cand.local[0]
            for k in range(1, start + 1):
                before = paragraph.text[start - k : start]
                if self.occurrences(cand.text, prefix=before) == 1:
                    prefix = before
                    break
        refs = list(dict.fromkeys(ref for st in cand.statements for ref in (st["subject"], st["object"])))
        links = [
            ArgumentLink(
                relation=link["relation"],
                target=link["target"],
                origin="curator",
                rationale=Rationale(
                    en=f"Suggested: both claims concern {', '.join(link['shared'])}, and this sentence opens with a contrastive cue ({link['rule']}).",
                    zh=f"建议：两条主张都涉及{'、'.join(link['shared'])}，且本句以转折词开头。",
                ),
            )
            for link in cand.links
        ]
        return Claim(
            slug=slug,
            entry=cand.entry,
            type=cand.type,
            holder=cand.holder,
            modality=cand.modality,
            quote=cand.text,
            prefix=prefix,
            label_zh=label_zh(cand.text),
            about={"topic": refs[:1], "context": refs[1:]},
            statements=[Statement(**{k: v for k, v in st.items() if v is not False}) for st in cand.statements],
            links=links,
            status="suggested",
            suggestion=self.suggestion(cand.rules + ["label.sentence-head"] + (["anchor.prefix"] if prefix else [])),
        )
