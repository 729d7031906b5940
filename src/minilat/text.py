"""Rebuild running text from the PDF line layout, keeping an exact map back to the raw file.

The digest is text extracted from a PDF: every visual line is followed by a blank
line, lines break mid-sentence and a page break shows as a newline followed by a
space. Chinese text is rebuilt with no layout whitespace at all; Latin text keeps one
space between words. ``offsets[i]`` is the raw-file character offset of ``text[i]``.
"""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"  # a byte-order mark, as Windows editors save UTF-8: layout before line 1, never text


def is_cjk(ch: str) -> bool:
    """True for Han ideographs, CJK punctuation and full-width forms (no spaces around them)."""
    code = ord(ch)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，（）：
        or 0x20000 <= code <= 0x2FFFF
    )


@dataclass(frozen=True)
class Line:
    """One raw line: its 1-based number, its start offset and its text (without the newline)."""

    number: int
    start: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.lstrip(BOM).strip()

    @property
    def content_start(self) -> int:
        return self.start + (len(self.text) - len(self.text.lstrip(BOM).lstrip()))

    @property
    def is_blank(self) -> bool:
        return not self.stripped


def split_lines(raw: str) -> list[Line]:
    """Split raw text into lines with their offsets. A line's text ends before its newline,
    ``\r\n`` (a file saved on Windows) as well as ``\n``: a carriage return is never layout
    whitespace at the end of a line, which would end a paragraph there."""
    lines: list[Line] = []
    start = 0
    for number, text in enumerate(raw.split("\n"), start=1):
        lines.append(Line(number, start, text.removesuffix("\r")))
        start += len(text) + 1
    return lines


@dataclass
class Rebuilt:
    """Rebuilt text with the raw offset of each character."""

    text: str = ""
    offsets: list[int] | None = None

    def __post_init__(self) -> None:
        if self.offsets is None:
            self.offsets = []


class TextBuilder:
    """Accumulates characters and their raw offsets, applying the whitespace rules."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets: list[int] = []
        self._pending_space: int | None = None  # raw offset of whitespace awaiting a decision

    def _emit(self, ch: str, offset: int) -> None:
        if self._pending_space is not None and self.chars:
            prev = self.chars[-1]
            if not is_cjk(prev) and not is_cjk(ch) and prev != "-":
                self.chars.append(" ")
                self.offsets.append(self._pending_space)
        self._pending_space = None
        self.chars.append(ch)
        self.offsets.append(offset)

    def space(self, offset: int) -> None:
        """Whitespace in the raw text: becomes one space only between two Latin characters."""
        if self._pending_space is None:
            self._pending_space = offset

    def add(self, text: str, start: int) -> None:
        for i, ch in enumerate(text):
            if ch.isspace():
                self.space(start + i)
            else:
                self._emit(ch, start + i)

    def add_line(self, line: Line) -> None:
        """Append a visual line; the break before it counts as whitespace."""
        if self.chars:
            self.space(line.start - 1)
        self.add(line.text, line.start)

    def result(self) -> Rebuilt:
        return Rebuilt("".join(self.chars), list(self.offsets))


def rebuild(text: str, start: int = 0) -> Rebuilt:
    """Apply the whitespace rules to a fragment (used for quotes and single lines)."""
    builder = TextBuilder()
    builder.add(text, start)
    return builder.result()


def normalize(text: str) -> str:
    """The rebuilt form of any text: what a quote must look like to be found."""
    return rebuild(text).text
