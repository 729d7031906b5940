"""The bibliographic layer, from the parser: the digest issue, its preface and entries,
the source journal articles and journals, and the people with their roles."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from minilat import ids
from minilat.errors import UserError
from minilat.ids import FABIO, MLO, OA, PRISM, SCHEMA
from minilat.pipeline.anchor import Anchor
from minilat.pipeline.assemble.claims import EDITORS, Source
from minilat.pipeline.assemble.facts import Assembler, date_literal, entry_iri
from minilat.pipeline.corpus import DigestFile
from minilat.pipeline.parse import Article, Digest, Paragraph
from minilat.pipeline.records.curation import Curation


def article_slug(article: Article) -> str:
    """panda-park-2024, dee-2024, bisley-forthcoming: family names and year (the first and
    et-al for three or more authors, or a list ending in "et al.")."""
    names = [ids.slugify(name.split()[-1]) for name in article.authors]
    if len(names) > 2 or article.et_al:
        names = [names[0], "et-al"]
    when = str(article.citation.year) if article.citation.year else "forthcoming"
    return "-".join([*names, when])


#: Title words left out of a disambiguating slug.
TITLE_STOPWORDS = frozenset("a an the of and or in on for to with from at by is are as its their".split())


def work_key(article: Article) -> tuple[str, str]:
    """What makes two summarised articles one work: the names-and-year slug and the English title
    (case, spacing and punctuation aside)."""
    return article_slug(article), " ".join(re.findall(r"\w+", article.title_en.casefold()))


def article_slugs(digests: Iterable[Digest]) -> dict[tuple[str, str], str]:
    """Every summarised work of the series (:func:`work_key`) → its IRI slug, the issues taken in
    series order. A work keeps its names-and-year slug (panda-park-2024) unless an earlier issue
    gave it to another work (another title by the same family names in the same year): then
    its title's first words are added (dee-2024-climate-clubs-minilateral), so two works never
    share an IRI while an article summarised in two issues keeps one, and a released IRI never
    changes when a later issue is added."""
    slugs: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for digest in digests:
        for article in digest.articles:
            key = work_key(article)
            if key in slugs:
                continue
            slug = key[0]
            if slug in taken:
                words = [w for w in key[1].split() if w not in TITLE_STOPWORDS][:3]
                slug = "-".join([key[0], *(ids.slugify(w) for w in words)])
                stem, n = slug, 2
                while slug in taken:
                    slug, n = f"{stem}-{n}", n + 1
            slugs[key] = slug
            taken.add(slug)
    return slugs


def text_iri(entry: DigestFile) -> URIRef:
    """The digest's raw text file: the source every annotation selects from."""
    return ids.ID[f"digest/{entry.slug}/text"]


def span_anchor(entry: str, paragraphs: list[Paragraph]) -> Anchor:
    """An anchor covering a run of paragraphs (a whole preface or summary)."""
    first, last = paragraphs[0], paragraphs[-1]
    return Anchor(entry=entry, exact="", prefix="", suffix="", start=first.start, end=last.end, line=first.line)


class People:
    """Curated people by the name the digest prints."""

    def __init__(self, curation: Curation) -> None:
        self.by_name = {p.name: p for p in curation.of("people")}

    def iri(self, name: str, role: str) -> URIRef:
        person = self.by_name.get(name)
        if person is None:
            raise UserError(f"the digest names {role} {name!r} but corpus/curation/people/ has no record with that name")
        return ids.entity("person", person.slug)


def bibliography(dataset: Dataset, manifest: DigestFile, digest: Digest, curation: Curation, works: dict[tuple[str, str], str]) -> dict[str, Source]:
    """Add the bibliographic layer; return, per entry, what its claims are attributed to.
    ``works``: the series' :func:`article_slugs`."""
    g = dataset.graph(ids.GRAPHS["bibliography"])
    asm = Assembler(dataset, anchored=None, issue=manifest, source=text_iri(manifest))
    people = People(curation)
    journals = {j.title: j for j in curation.of("journals")}
    issue = ids.ID[f"digest/{manifest.slug}"]
    text = text_iri(manifest)

    g.add((issue, RDF.type, MLO.DigestIssue))
    g.add((issue, DCTERMS.title, Literal(f"《{manifest.series}》：{manifest.theme}", lang="zh")))
    if manifest.theme_en:
        g.add((issue, DCTERMS.title, Literal(f"{manifest.series_en}: {manifest.theme_en}", lang="en")))
    g.add((issue, RDFS.label, Literal(manifest.theme, lang="zh")))
    if manifest.theme_en:
        g.add((issue, RDFS.label, Literal(manifest.theme_en, lang="en")))
    g.add((issue, DCTERMS.language, Literal(manifest.language)))
    if manifest.number is not None:
        g.add((issue, PRISM.number, Literal(str(manifest.number))))
    if manifest.date:
        g.add((issue, DCTERMS.issued, date_literal(manifest.date)))
    g.add((text, RDF.type, FABIO.Expression))
    g.add((text, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    g.add((text, DCTERMS.identifier, Literal(f"sha256:{manifest.sha256}")))
    g.add((text, RDFS.label, Literal(f"corpus/digests/{manifest.file}")))
    g.add((text, DCTERMS.isPartOf, issue))
    for name in digest.reviewers:
        g.add((issue, MLO.reviewedBy, people.iri(name, "reviewer")))

    preface = entry_iri(manifest.slug, "preface")
    g.add((preface, RDF.type, MLO.Preface))
    g.add((preface, RDFS.label, Literal("专题序言", lang="zh")))
    g.add((preface, RDFS.label, Literal("Preface", lang="en")))
    g.add((preface, DCTERMS.isPartOf, issue))
    g.add((issue, MLO.hasEntry, preface))
    asm.annotate(f"preface-{manifest.slug}", span_anchor("preface", digest.preface), preface, OA.identifying)
    g.add((EDITORS, RDF.type, ids.ORG.Organization))
    g.add((EDITORS, RDFS.label, Literal(f"《{manifest.series}》编者", lang="zh")))
    g.add((EDITORS, RDFS.label, Literal(f"Editors of {manifest.series_en}", lang="en")))
    g.add((preface, DCTERMS.creator, EDITORS))
    claim_of = {"preface": Source(preface, preface, (EDITORS,), ())}

    for article in digest.articles:
        summary = entry_iri(manifest.slug, f"article-{article.number}")
        work = ids.entity("article", works[work_key(article)])
        compilers = tuple(people.iri(c.name, "compiler") for c in article.compilers)
        authors = tuple(people.iri(name, "author") for name in article.authors)
        claim_of[f"article-{article.number}"] = Source(work, summary, authors, compilers)
        g.add((summary, RDF.type, MLO.CompiledSummary))
        g.add((summary, MLO.entryNumber, Literal(article.number)))
        g.add((summary, DCTERMS.title, Literal(article.title_zh, lang="zh")))
        g.add((summary, RDFS.label, Literal(article.title_zh, lang="zh")))
        g.add((summary, RDFS.label, Literal(f"Summary No. {article.number}: {article.title_en}", lang="en")))
        g.add((summary, DCTERMS.isPartOf, issue))
        g.add((summary, MLO.summarizes, work))
        for compiler in compilers:
            g.add((summary, MLO.compiledBy, compiler))
        g.add((issue, MLO.hasEntry, summary))
        asm.annotate(f"summary-{manifest.slug}-{article.number}", span_anchor(f"article-{article.number}", article.title_passages + article.paragraphs), summary, OA.identifying)

        g.add((work, RDF.type, FABIO.JournalArticle))
        g.add((work, DCTERMS.title, Literal(article.title_en, lang="en")))
        g.add((work, RDFS.label, Literal(article.title_en, lang="en")))
        g.add((work, RDFS.label, Literal(article.title_zh, lang="zh")))
        for name in article.authors:
            g.add((work, DCTERMS.creator, people.iri(name, "author")))
        cite = article.citation
        journal = journals.get(cite.journal)
        if journal is None:
            raise UserError(f"article No. {article.number} appeared in {cite.journal!r}, which has no record in corpus/curation/journals/")
        journal_iri = ids.entity("journal", journal.slug)
        g.add((work, DCTERMS.isPartOf, journal_iri))
        g.add((work, MLO.forthcoming, Literal(cite.forthcoming)))
        if cite.volume is not None:
            g.add((work, PRISM.volume, Literal(str(cite.volume))))
        if cite.number is not None:
            g.add((work, PRISM.number, Literal(cite.number)))
        if cite.year is not None:  # a forthcoming article's year when the journal published it online
            g.add((work, PRISM.publicationDate, Literal(str(cite.year), datatype=XSD.gYear)))
    return claim_of


def journals_and_people(dataset: Dataset, curation: Curation) -> None:
    """The registry's journals, affiliations and people (the bibliographic layer shared by every issue)."""
    g = dataset.graph(ids.GRAPHS["bibliography"])
    for journal in curation.of("journals"):
        node = ids.entity("journal", journal.slug)
        g.add((node, RDF.type, FABIO.Journal))
        g.add((node, DCTERMS.title, Literal(journal.title, lang="en")))
        g.add((node, RDFS.label, Literal(journal.title, lang="en")))
        if journal.issn_print:
            g.add((node, PRISM.issn, Literal(journal.issn_print)))
        if journal.issn_online:
            g.add((node, PRISM.eIssn, Literal(journal.issn_online)))
    for org in curation.of("affiliations"):
        node = ids.entity("organization", org.slug)
        g.add((node, RDF.type, ids.ORG.Organization))
        if org.label.en:
            g.add((node, RDFS.label, Literal(org.label.en, lang="en")))
        g.add((node, RDFS.label, Literal(org.label.zh, lang="zh")))
    for person in curation.of("people"):
        node = ids.entity("person", person.slug)
        g.add((node, RDF.type, FOAF.Person))
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in person.name)
        g.add((node, FOAF.name, Literal(person.name, lang="zh" if chinese else None)))
        g.add((node, RDFS.label, Literal(person.name, lang="zh" if chinese else "en")))
        if chinese:
            g.add((node, RDFS.label, Literal(person.name_en, lang="en")))
        if person.name_en_from == "pinyin":  # romanised by the tool: BCP 47 marks the transliteration
            g.add((node, FOAF.name, Literal(person.name_en, lang="zh-Latn-pinyin")))
        if person.affiliation:
            g.add((node, SCHEMA.affiliation, ids.entity("organization", person.affiliation)))
