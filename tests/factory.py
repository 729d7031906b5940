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


def wrap_words(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters that never cut a Latin word or number, as the real
    PDF text never does (the parser joins Latin line ends with a space: "W HO")."""
    lines: list[str] = []
    while len(text) > width:
        cut = width
        while 0 < cut and text[cut - 1].isascii() and text[cut - 1].isalnum() and text[cut].isascii() and text[cut].isalnum():
            cut -= 1
        cut = cut or width
        lines.append(text[:cut])
        text = text[cut:]
    return lines + [text] if text or not lines else lines


def layout(paragraph: str, width: int, page_break_after: int | None = None, keep_words: bool = False) -> str:
    """Lines of ``width`` characters, each followed by a blank line; the last ends with a space.

    ``page_break_after`` replaces the blank line after that visual line with a page break ("\\n ").
    """
    lines = (wrap_words if keep_words else _wrap)(paragraph, width)  # keep_words: as in the series' files
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
    keep_words: bool = False,
) -> str:
    """A whole digest. ``page_break`` = (article index, paragraph index, line index)."""
    text = " 专题序言 \n\n" + layout(preface, width, keep_words=keep_words) + " \n\n本期目录 \n\n"
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
            text += layout(paragraph, width, brk, keep_words)
        if art.compiler:
            text += " \n\n" + art.compiler + " \n"
    return text
