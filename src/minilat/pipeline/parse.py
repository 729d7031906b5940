"""Parse a digest of the series 《全球治理学科动态》 into a typed model.

The layout read here is the series' layout: a preface headed 专题序言, a table of
contents headed 本期目录, reviewers headed 本期审校, then articles each opening with a
"No. N" line (authors, journal, volume/issue/year or Forthcoming, English title in
“…”, Chinese title in 《…》, summary paragraphs) and closing with 编译：name（affiliation）.
Every rebuilt character keeps its raw-file offset, so provenance can point into the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import click
from pydantic import BaseModel, Field

from minilat.errors import UserError
from minilat.pipeline.citation import (
    AUTHORS_GO_ON,
    Citation,
    CitationError,
    parse_citation,
    split_authors,
    split_journal,
    starts_with_data,
)
from minilat.text import BOM, Line, TextBuilder, split_lines

PREFACE_HEAD = "专题序言"
TOC_HEAD = "本期目录"
REVIEW_HEAD = "本期审校"
ARTICLE_HEAD = re.compile(r"^No\.\s*(\d+)$")
TOC_ITEM = re.compile(r"^(\d+)\.\s+\S")
COMPILER = re.compile(r"^编译[：:]\s*(?P<rest>.+?)\s*$")
#: One group of a compiler line: names sharing the affiliation in （…）, then a separator or the end
#: (编译：甲、乙（北京大学） / 编译：甲（北京大学）、乙（清华大学）).
#: Names and groups are separated by punctuation only: 和 and 与 begin Chinese names too (和怡然).
SEPARATOR = r"[、，,；;]"
COMPILER_GROUP = re.compile(rf"\s*(?P<names>[^（()）]+?)\s*[（(](?P<aff>[^（()）]+)[）)]\s*(?:{SEPARATOR}\s*|$)")
NAME_SEPARATOR = re.compile(rf"\s*{SEPARATOR}\s*")
SERIES_THEME = re.compile(r"《(?P<series>[^》]+)》以“(?P<theme>[^”]+)”为主题")
#: Other ways a preface may name the series and the theme, tried when SERIES_THEME finds nothing:
#: the first 《…》, and a quoted theme after 围绕/聚焦/主题为 (not any “…” after 以: 以“小多边”之名).
SERIES_TITLE = re.compile(r"《(?P<series>[^《》]+)》")
THEMES = (
    re.compile(r"以“(?P<theme>[^”]+)”为(?:主题|专题|题)"),
    re.compile(r"围绕“(?P<theme>[^”]+)”(?:这一|这个|的)?(?:主题|专题|议题)"),
    re.compile(r"(?:主题|专题)(?:为|是)“(?P<theme>[^”]+)”"),
    re.compile(r"聚焦(?:于)?“(?P<theme>[^”]+)”"),
)
TOC_ENTRY = re.compile(r"^(?P<number>\d+)\.\s+(?P<authors>.+?),\s*“(?P<title>.+?),?”\s*,?\s*(?P<rest>.+?)\.?$")
#: Paragraph-final characters: a line ending with one of these and trailing whitespace ends a paragraph.
PARAGRAPH_END = set("。？！：；…!?")


class Paragraph(BaseModel):
    """A paragraph rebuilt from the line layout."""

    text: str = Field(description="Rebuilt text: no layout whitespace in Chinese, single spaces in Latin text.")
    line: int = Field(description="1-based raw line of the paragraph's first character.")
    start: int = Field(description="Raw-file character offset of the first character.")
    end: int = Field(description="Raw-file character offset just past the last character.")
    offsets: list[int] = Field(default_factory=list, exclude=True, repr=False, description="Raw offset of every character.")


class TocEntry(BaseModel):
    """One table-of-contents line: number, authors, English title and journal data."""

    number: int
    line: int
    authors: list[str]
    et_al: bool = Field(default=False, description="The author list ends with \"et al.\": there are more authors than named.")
    title_en: str
    citation: Citation


class Compiler(BaseModel):
    """A 编译 (compiler) of a summary and the affiliation in （…）."""

    name: str
    affiliation: str
    line: int


class Article(BaseModel):
    """A compiled article summary."""

    number: int
    line: int
    authors: list[str]
    et_al: bool = Field(default=False, description="The author list ends with \"et al.\": there are more authors than named.")
    citation: Citation
    title_en: str
    title_zh: str
    paragraphs: list[Paragraph]
    title_passages: list[Paragraph] = Field(default_factory=list, exclude=True, repr=False, description="The English and Chinese titles as passages, for anchoring.")
    compilers: list[Compiler] = Field(min_length=1, description="The summary's compilers in the order of the 编译 line (most summaries have one).")


class Digest(BaseModel):
    """A parsed digest issue."""

    path: str
    sha256: str
    series: str | None
    theme: str | None
    preface: list[Paragraph]
    toc: list[TocEntry]
    reviewers: list[str]
    articles: list[Article]
    mismatches: list[str] = Field(default_factory=list, description="Table of contents vs article header disagreements.")

    def paragraphs(self) -> list[tuple[str, Paragraph]]:
        """Every paragraph with the entry it belongs to ("preface", "article-N")."""
        out = [("preface", p) for p in self.preface]
        for article in self.articles:
            out.extend((f"article-{article.number}", p) for p in article.paragraphs)
        return out

    def passages(self) -> list[tuple[str, Paragraph]]:
        """Paragraphs plus article titles: every passage a quote may be anchored to."""
        out = self.paragraphs()
        for article in self.articles:
            out.extend((f"article-{article.number}", p) for p in article.title_passages)
        return out


def series_and_theme(preface: str) -> tuple[str | None, str | None]:
    """The series title and the issue's theme as the preface names them: "本期《全球治理学科动态》以“…”为主题",
    or the first 《…》 and a theme named by 以“…”为专题 / 围绕“…”主题 / 主题为“…” / 聚焦“…”."""
    if found := SERIES_THEME.search(preface):
        return found["series"], found["theme"]
    series = SERIES_TITLE.search(preface)
    theme = next((m for pattern in THEMES if (m := pattern.search(preface))), None)
    return (series["series"] if series else None), (theme["theme"] if theme else None)


def citation(journal: str, text: str, path: Path, line: int) -> Citation:
    """:func:`minilat.pipeline.citation.parse_citation`, its error naming the file and line."""
    try:
        return parse_citation(journal, text)
    except CitationError as exc:
        raise UserError(str(exc), path, line) from None


def parse_toc_entry(text: str, path: Path, line: int) -> TocEntry:
    match = TOC_ENTRY.match(text)
    if not match:
        raise UserError(f"table-of-contents entry not understood: {text[:60]!r}", path, line)
    rest = match["rest"]
    found = split_journal(rest)
    if not found:
        raise UserError(f"table-of-contents entry has no journal data: {rest!r}", path, line)
    authors, et_al = split_authors(match["authors"])
    return TocEntry(
        number=int(match["number"]),
        line=line,
        authors=authors,
        et_al=et_al,
        title_en=match["title"].strip(),
        citation=citation(*found, path, line),
    )


def _joined(lines: list[Line]) -> str:
    return _passage(lines).text


def _paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Group content lines into paragraphs; a blank-ish line or a paragraph-final line ends one."""
    out: list[Paragraph] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            out.append(_passage(current))
            current.clear()

    for index, line in enumerate(lines):
        if line.is_blank:
            # A blank line after each visual line is layout; a whitespace-only line is a gap.
            if line.text:
                flush()
            continue
        current.append(line)
        trailing = line.text != line.text.rstrip()
        if trailing and line.stripped[-1] in PARAGRAPH_END:
            flush()
    flush()
    return out


def read_text(path: Path) -> str:
    """Read a digest file as UTF-8 text, with one-line errors for empty, binary and non-UTF-8 files."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError("no such file", path) from None
    except IsADirectoryError:
        raise UserError("is a directory, not a digest file", path) from None
    if not data.removeprefix(BOM.encode()).strip():  # a byte-order mark alone is still an empty file
        raise UserError("empty file: no digest text", path, 1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise UserError("binary file (NUL byte), not a digest text", path, line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start}); convert it, e.g. iconv -f GB18030 -t UTF-8",
            path,
            line,
        ) from None


def parse(path: Path) -> Digest:
    """Parse the digest at ``path``."""
    raw = read_text(path)
    return parse_text(raw, path)


def parse_text(raw: str, path: Path) -> Digest:
    lines = split_lines(raw)
    heads = {line.stripped: line for line in lines if line.stripped in (PREFACE_HEAD, TOC_HEAD, REVIEW_HEAD)}
    starts = [(int(m.group(1)), line) for line in lines if (m := ARTICLE_HEAD.match(line.stripped))]
    if not starts or starts[0][0] != 1:
        raise UserError("no article header 'No. 1' found: not a digest of this series", path, 1)
    first_article = starts[0][1].number
    for head in (PREFACE_HEAD, TOC_HEAD):
        if head not in heads or heads[head].number > first_article:
            raise UserError(f"missing the '{head}' heading before 'No. 1'", path, starts[0][1].number)

    def section(begin: Line, stop_number: int) -> list[Line]:
        return [line for line in lines if begin.number < line.number < stop_number]

    toc_head, preface_head = heads[TOC_HEAD], heads[PREFACE_HEAD]
    review_head = heads.get(REVIEW_HEAD)
    preface = _paragraphs(section(preface_head, toc_head.number))
    toc_end = review_head.number if review_head and review_head.number < first_article else first_article
    toc = _parse_toc(section(toc_head, toc_end), path)
    reviewers: list[str] = []
    if review_head and review_head.number < first_article:
        text = _joined([ln for ln in section(review_head, first_article) if not ln.is_blank])
        reviewers = [name for name in re.split(r"[、，,\s]+", text) if name]

    articles: list[Article] = []
    for index, (number, head) in enumerate(starts):
        if number != index + 1:
            raise UserError(f"article 'No. {number}' out of order: expected 'No. {index + 1}'", path, head.number)
        stop = starts[index + 1][1].number if index + 1 < len(starts) else len(lines) + 1
        articles.append(_parse_article(number, head, section(head, stop), path))

    series, theme = series_and_theme("".join(p.text for p in preface))
    digest = Digest(
        path=str(path),
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        series=series,
        theme=theme,
        preface=preface,
        toc=toc,
        reviewers=reviewers,
        articles=articles,
    )
    digest.mismatches = cross_check(digest, path)
    return digest


def _parse_toc(lines: list[Line], path: Path) -> list[TocEntry]:
    entries: list[list[Line]] = []
    for line in lines:
        if line.is_blank:
            continue
        if TOC_ITEM.match(line.stripped):
            entries.append([line])
        elif entries:
            entries[-1].append(line)
        else:
            raise UserError(f"text before the first table-of-contents entry: {line.stripped[:40]!r}", path, line.number)
    return [parse_toc_entry(_joined(group), path, group[0].number) for group in entries]


def parse_compilers(text: str, line: int) -> list[Compiler]:
    """The compilers of a 编译 line, each with the affiliation of its group; [] when the line is not
    understood (a part outside any group, an empty name, no affiliation)."""
    match = COMPILER.match(text)
    if not match:
        return []
    rest, at, out = match["rest"], 0, []
    while at < len(rest):
        group = COMPILER_GROUP.match(rest, at)
        if not group or group.end() == at:
            return []
        names = NAME_SEPARATOR.split(group["names"].strip())
        if not all(names):
            return []
        out += [Compiler(name=name, affiliation=group["aff"].strip(), line=line) for name in names]
        at = group.end()
    return out


def _parse_article(number: int, head: Line, lines: list[Line], path: Path) -> Article:
    content = [line for line in lines if not line.is_blank]
    compiler_at = next((i for i, line in enumerate(content) if line.stripped.startswith("编译")), None)
    if compiler_at is None:
        raise UserError(f"article No. {number} has no '编译：name（affiliation）' line before the next article", path, head.number)
    compiler_line = content[compiler_at]
    compilers = parse_compilers(compiler_line.stripped, compiler_line.number)
    if not compilers:
        raise UserError(f"compiler line not understood, expected '编译：name（affiliation）' (or 'name、name（affiliation）'): {compiler_line.stripped!r}", path, compiler_line.number)
    if len(content) < 5:
        raise UserError(f"article No. {number} header is incomplete (authors, journal, volume, titles)", path, head.number)
    authors, et_al, journal_data, cursor = _header(content[:compiler_at], number, head, path)
    title_en, en_passage, cursor = _delimited(content, cursor, "“", "”", path, "English title in “…”")
    title_zh, zh_passage, cursor = _delimited(content, cursor, "《", "》", path, "Chinese title in 《…》")
    body_lines = [line for line in lines if content[cursor].number <= line.number < compiler_line.number] if cursor < compiler_at else []
    return Article(
        number=number,
        line=head.number,
        authors=authors,
        et_al=et_al,
        citation=journal_data,
        title_en=title_en,
        title_zh=title_zh,
        paragraphs=_paragraphs(body_lines),
        title_passages=[en_passage, zh_passage],
        compilers=compilers,
    )


def _header(content: list[Line], number: int, head: Line, path: Path) -> tuple[list[str], bool, Citation, int]:
    """Authors, journal and journal data: the lines before the English title (“…), and where the
    title starts. Usually one line each; a long author list or journal name may wrap onto the
    next line, and so may the journal data (read from the last line, else the last two)."""
    title_at = next((i for i, line in enumerate(content) if line.stripped.startswith("“")), 3)
    if title_at < 3:
        raise UserError(f"article No. {number} header is incomplete (authors, journal, volume, titles)", path, head.number)
    lines = content[:title_at]
    errors: dict[int, CitationError] = {}
    for n in (2, 1):  # journal data wrapped onto two lines, else on the last one
        if len(lines) - n < 2 or (n == 2 and not starts_with_data(lines[-2].stripped)):
            continue
        try:
            data = parse_citation("", " ".join(line.stripped for line in lines[-n:]))
        except CitationError as exc:
            errors[n] = exc
            continue
        rest = lines[:-n]
        names = 1
        while names < len(rest) - 1 and AUTHORS_GO_ON.search(rest[names - 1].stripped):
            names += 1
        authors, et_al = split_authors(" ".join(line.stripped for line in rest[:names]))
        journal = " ".join(line.stripped for line in rest[names:])
        return authors, et_al, data.model_copy(update={"journal": journal}), title_at
    raise UserError(str(errors.get(1) or errors[2]), path, lines[-1].number)  # the last line's own error first


def _delimited(content: list[Line], cursor: int, opener: str, closer: str, path: Path, what: str) -> tuple[str, Paragraph, int]:
    """Collect lines from ``cursor`` until the closing delimiter; return the inner text, the passage and next cursor."""
    if cursor >= len(content) or not content[cursor].stripped.startswith(opener):
        line = content[min(cursor, len(content) - 1)]
        raise UserError(f"expected the {what}, found {line.stripped[:40]!r}", path, line.number)
    group: list[Line] = []
    for line in content[cursor:]:
        group.append(line)
        if closer in line.stripped:
            break
    else:
        raise UserError(f"the {what} is never closed with {closer}", path, content[cursor].number)
    whole = _passage(group)
    return whole.text[whole.text.index(opener) + 1 : whole.text.rindex(closer)].strip(), whole, cursor + len(group)


def _passage(lines: list[Line]) -> Paragraph:
    """Join lines into one passage, whatever their endings."""
    builder = TextBuilder()
    for line in lines:
        builder.add_line(line)
    rebuilt = builder.result()
    return Paragraph(text=rebuilt.text, line=lines[0].number, start=rebuilt.offsets[0], end=rebuilt.offsets[-1] + 1, offsets=rebuilt.offsets)


def _norm_title(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().rstrip(",").casefold()


def cross_check(digest: Digest, path: Path) -> list[str]:
    """Compare the table of contents with the article headers; name both places on a mismatch."""
    if len(digest.toc) > len(digest.articles):
        extra = digest.toc[len(digest.articles)]
        raise UserError(
            f"the table of contents lists {len(digest.toc)} articles but the body holds {len(digest.articles)} (entry {extra.number} has no 'No. {extra.number}')",
            path,
            extra.line,
        )
    problems: list[str] = []
    by_number = {entry.number: entry for entry in digest.toc}
    for article in digest.articles:
        entry = by_number.get(article.number)
        if entry is None:
            problems.append(f"{path}:{article.line}: article No. {article.number} is missing from the table of contents")
            continue
        pairs = [
            ("authors", entry.authors, article.authors),
            ("English title", _norm_title(entry.title_en), _norm_title(article.title_en)),
            ("journal data", entry.citation.model_dump(), article.citation.model_dump()),
        ]
        for what, toc_value, header_value in pairs:
            if toc_value != header_value:
                problems.append(
                    f"{path}:{entry.line} (table of contents) vs {path}:{article.line} (article No. {article.number}): "
                    f"{what} differ: {toc_value!r} != {header_value!r}"
                )
    return problems

@click.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--offsets", is_flag=True, help="Include each paragraph's character-to-raw-offset map.")
def parse_command(file: Path, offsets: bool) -> None:
    """Parse a digest FILE and print it as JSON (mismatches also go to stderr)."""
    digest = parse(file)
    data = digest.model_dump(mode="json")
    if offsets:
        data["preface"] = [p.model_dump(mode="json") | {"offsets": p.offsets} for p in digest.preface]
        for out, article in zip(data["articles"], digest.articles):
            out["paragraphs"] = [p.model_dump(mode="json") | {"offsets": p.offsets} for p in article.paragraphs]
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    for problem in digest.mismatches:
        click.echo(f"minilat: warning: {problem}", err=True)
