"""Plain-text tables for the terminal, with wrapped cells and East Asian widths aligned."""

from __future__ import annotations

import pyoxigraph as ox
from wcwidth import wcswidth, wcwidth

from minilat import ids
from minilat.store import Result


def width(text: str) -> int:
    """Display width: Chinese characters take two columns."""
    w = wcswidth(text)
    return w if w >= 0 else len(text)


def wrap(text: str, limit: int) -> list[str]:
    """Wrap to ``limit`` columns, breaking at spaces in Latin text and anywhere in Chinese."""
    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        current, current_w = "", 0
        for word in _tokens(paragraph):
            w = width(word)
            if current_w + w > limit and current:
                lines.append(current.rstrip())
                current, current_w = "", 0
                word = word.lstrip()
                w = width(word)
            while w > limit:  # a token longer than a line: hard break by character
                head, head_w = "", 0
                for ch in word:
                    cw = max(wcwidth(ch), 0)
                    if head_w + cw > limit:
                        break
                    head, head_w = head + ch, head_w + cw
                lines.append(head)
                word = word[len(head) :]
                w = width(word)
            current, current_w = current + word, current_w + w
        lines.append(current.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Latin words keep their leading space; each CJK character is its own token."""
    out: list[str] = []
    buf = ""
    for ch in text:
        if wcwidth(ch) == 2:
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        elif ch == " " and buf:
            out.append(buf)
            buf = " "
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


def render(headers: list[str], rows: list[list[str]], max_width: int = 48) -> str:
    """A table with a header rule; each cell wrapped to at most ``max_width`` columns."""
    cols = len(headers)
    widths = [min(max_width, max([width(headers[i])] + [max(width(x) for x in r[i].split("\n")) if r[i] else 0 for r in rows])) for i in range(cols)]
    widths = [max(w, 1) for w in widths]

    def line(cells: list[str]) -> list[str]:
        wrapped = [wrap(cell, widths[i]) for i, cell in enumerate(cells)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = []
            for i, chunks in enumerate(wrapped):
                text = chunks[k] if k < len(chunks) else ""
                parts.append(text + " " * (widths[i] - width(text)))
            out.append(" │ ".join(parts).rstrip())
        return out

    output = line(headers)
    output.append("─┼─".join("─" * w for w in widths))
    for row in rows:
        output.extend(line(row))
    return "\n".join(output)


SHORT = [(str(ids.ID), "id:"), (str(ids.MLO), "mlo:"), ("http://www.w3.org/2004/02/skos/core#", "skos:"), ("http://www.w3.org/2001/XMLSchema#", "xsd:")]


def show(value: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as a person reads it: prefixed IRIs, literal text with its language."""
    if value is None:
        return ""
    if isinstance(value, ox.NamedNode):
        for base, prefix in SHORT:
            if value.value.startswith(base):
                return prefix + value.value[len(base) :]
        return value.value
    if isinstance(value, ox.BlankNode):
        return f"_:{value.value}"
    return value.value + (f" @{value.language}" if value.language else "")


def as_table(result: Result) -> str:
    if isinstance(result, ox.QueryBoolean):
        return "yes" if bool(result) else "no"
    if isinstance(result, ox.QueryTriples):
        return render(["subject", "predicate", "object"], [[show(t.subject), show(t.predicate), show(t.object)] for t in result])
    names = [v.value for v in result.variables]
    rows = [[show(row[name]) for name in names] for row in result]
    return render(names, rows) + f"\n({len(rows)} row{'s' if len(rows) != 1 else ''})"
