"""HTML fragments the entity page repeats hundreds of times, built in Python (in the query workers, see ``entitypage``).

A Jinja macro call costs tens of microseconds; an entity page makes thousands (a link for
every term, the predicates and graphs of every relation row). These functions write the same
markup as the macros they replace, escaping every value with ``markupsafe.escape``: what
they return is ``Markup``, so the templates insert it as is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from markupsafe import Markup

CURATOR_NOTE = "curator's note"


try:  # markupsafe's own C escaping, without a Markup object per call
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:  # pragma: no cover - the pure-Python build of markupsafe
    def escape_text(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&#34;")


def escape(text: object) -> str:
    """``markupsafe.escape`` as a plain string (the same entities)."""
    if isinstance(text, Markup):
        return str(text)
    return escape_text(str(text))


def value(v: dict) -> Markup:
    """A term: a link with its Chinese label (and the claim it belongs to), an IRI, a literal, a blank node."""
    return Markup(value_html(v))


def value_html(v: dict) -> str:
    """:func:`value` as a plain string (for the fragments that put it in theirs: a ``Markup`` per piece costs)."""
    kind = v["kind"]
    if kind == "iri" and v.get("url"):
        return iri_link(v["url"], bool(v.get("external")), v["iri"], v["text"], v.get("zh"), v.get("context"))
    if kind == "iri":
        return f"<code>{escape(v['iri'])}</code>\n"  # the macro's line break, kept
    if kind == "literal":
        lang = v.get("lang")
        out = '<span class="literal"' + (f' lang="{escape(lang)}"' if lang else "") + f">{escape(v['text'])}</span>"
        if lang:
            out += f' <span class="tag">@{escape(lang)}</span>'
        elif v.get("datatype"):
            out += f' <span class="tag">{escape(v["datatype"])}</span>'
        return out
    return f'<span class="bnode">{escape(v["text"])}</span>'


@lru_cache(maxsize=8192)
def iri_link(url: str, external: bool, iri: str, text: str, zh: str | None, context: str | None) -> str:
    """A linked IRI (the same IRI and labels are linked many times on a page and across pages)."""
    out = f'<a href="{escape(url)}"' + (' rel="nofollow noopener" class="external"' if external else "") + f' title="{escape(iri)}">{escape(text)}</a>'
    if zh:
        out += f' <span lang="zh" class="zh">{escape(zh)}</span>'
    if context is not None:
        out += f' <span class="tag">in {escape(context)}</span>'
    return out


def a(url: str | None, text: str, title: str) -> Markup:
    """A link, or the text with its title when there is nowhere to link."""
    return Markup(a_html(url, text, title))


@lru_cache(maxsize=8192)
def a_html(url: str | None, text: str, title: str) -> str:
    if url:
        return f'<a href="{escape(url)}" title="{escape(title)}">{escape(text)}</a>'
    return f'<span title="{escape(title)}">{escape(text)}</span>'


def preds_html(ps: list[dict]) -> str:
    """The predicates of a relation row, the curator's note with its Chinese name."""
    return " · ".join(
        a_html(p["url"], p["text"], p["iri"]) + (f' <span lang="zh" class="zh">{escape(p["zh"])}</span>' if p.get("zh") and p["text"] == CURATOR_NOTE else "")
        for p in ps
    )


@lru_cache(maxsize=1024)
def graph_links(gs: tuple[str | None, ...], url: Callable[[str | None], str | None], name: Callable[[str | None], str]) -> str:
    """The named graphs a row is stated in, each linked ("·" between them)."""
    return " · ".join(f'<a href="{escape(u)}">{escape(name(g))}</a>' if (u := url(g)) else "" for g in gs)


def relation_rows(rows: Iterable[dict], url: Callable, name: Callable, incoming: bool = False) -> Markup:
    """The ``<tr>`` rows of a relations table: property, value, graph (value first for incoming)."""
    indent = "      " if incoming else "  "
    out = []
    for r in rows:
        first, second = (value_html(r["v"]), preds_html(r["ps"])) if incoming else (preds_html(r["ps"]), value_html(r["v"]))
        out.append(f'{indent}<tr><td>{first}</td><td>{second}</td><td class="graph">{graph_links(tuple(r["gs"]), url, name)}</td></tr>\n')
    return Markup("".join(out))


def passage_link(url: str | None, offsets: tuple[int, int] | None, text: str = "passage") -> Markup:
    """A link to a passage of the digest, with its character offsets."""
    return Markup(passage_link_html(url, offsets, text))


def passage_link_html(url: str | None, offsets: tuple[int, int] | None, text: str = "passage") -> str:
    if not url:
        return ""
    return f'<a class="passage" href="{escape(url)}">{escape(text)}' + (f" {escape(offsets[0])}–{escape(offsets[1])}" if offsets else "") + "</a>"


def claim_items(claims: list[dict]) -> Markup:
    """The ``<li>`` of each claim in a holder's group: label, modality and roles, quote, statement, passage."""
    out = []
    for c in claims:
        head = value_html(c["claim"]) + (f' <span class="chip modality">{escape(c["modality"]["text"])}</span>' if c["modality"] else "")
        head += "".join(f' <span class="chip role">{escape(r["text"])}</span>' for r in c["roles"])
        quote = f'<blockquote lang="zh" class="quote">{escape(c["quote"])}</blockquote>' if c["quote"] else ""
        statement = f'<p class="statement" lang="en">{escape(c["statement"])}</p>' if c["statement"] else ""
        out.append(f'        <li>\n          <p class="claim-head">{head}</p>\n{quote}{statement}          <p class="meta">{passage_link_html(c["passage"], c["offsets"])}</p>\n        </li>\n')
    return Markup("".join(out))
