"""Write synthetic digests in the series' PDF-text layout, for parser tests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FakeArticle:
    authors: str = "Ann Author"
    journal: str = "Journal of Tests"
    volume: str = "Vol. 1, No. 2, 2023."
    title_en: str = "A Title"
    title_zh: str = "一个标题"
    paragraphs: list[str] = field(default_factory=lambda: ["第一段的文字很长，需要折行才能排下，这是第一段。", "第二段。"])
    compiler: str | None = "编译：王五（某某大学）"
    title_break: int | None = None  # break the English title after this many words


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def layout(paragraph: str, width: int, page_break_after: int | None = None) -> str:
    """Lines of ``width`` characters, each followed by a blank line; the last ends with a space.

    ``page_break_after`` replaces the blank line after that visual line with a page break ("\\n ").
    """
    lines = _wrap(paragraph, width)
    out = ""
    for i, line in enumerate(lines):
        last = i == len(lines) - 1
        out += line + (" " if last else "")
        out += "\n " if page_break_after == i and not last else "\n\n"
    return out


def toc_line(n: int, art: FakeArticle) -> str:
    journal = art.volume if art.volume != "Forthcoming" else "Forthcoming."
    return f"{n}. {art.authors}, “{art.title_en},” {art.journal}, {journal} \n\n"


def digest(
    articles: list[FakeArticle],
    width: int = 20,
    page_break: tuple[int, int, int] | None = None,
    toc_extra: int = 0,
    preface: str = "本期《全球治理学科动态》以“测试主题”为主题，讨论了很多问题。",
) -> str:
    """A whole digest. ``page_break`` = (article index, paragraph index, line index)."""
    text = " 专题序言 \n\n" + layout(preface, width) + " \n\n本期目录 \n\n"
    for n, art in enumerate(articles, start=1):
        text += toc_line(n, art)
    for k in range(toc_extra):
        text += toc_line(len(articles) + k + 1, FakeArticle(title_en=f"Ghost {k}"))
    text += " \n\n本期审校 \n\n甲乙、丙丁\t  \n"
    for n, art in enumerate(articles, start=1):
        text += f" No. {n} \n\n{art.authors} \n\n{art.journal} \n\n{art.volume} \n\n"
        words = f"“{art.title_en}”".split(" ")
        if art.title_break:
            text += " ".join(words[: art.title_break]) + " \n\n" + " ".join(words[art.title_break :]) + " \n\n"
        else:
            text += " ".join(words) + " \n\n"
        text += f"《{art.title_zh}》 \n\n"
        for p, paragraph in enumerate(art.paragraphs):
            brk = page_break[2] if page_break and page_break[:2] == (n - 1, p) else None
            text += layout(paragraph, width, brk)
        if art.compiler:
            text += " \n\n" + art.compiler + " \n"
    return text
