"""The entity page's rendering shortcuts write what Jinja and the fragments wrote before them:
``{{ … }}`` escaped without a ``Markup`` per piece, templates kept as first loaded, fragments
joined as plain strings (escaped once), and relation rows merged by the same key."""

from __future__ import annotations

import jinja2
import markupsafe
import pyoxigraph as ox
import pytest
from markupsafe import Markup

from minilat.ids import BASE
from minilat.server import entity, fragments, pages
from minilat.store import Store

HOSTILE = '<img src=x onerror="alert(1)"> & \'q\''


class Html:
    """An object that writes its own HTML (``__html__``)."""

    def __html__(self) -> str:
        return "<b>bold</b>"


TEMPLATE = """{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{% set block %}<s>{{ s }}</s>{% endset %}
{{ s }}|{{ mk }}|{{ n }}|{{ f }}|{{ none }}|{{ h }}|{{ m(s) }}|{{ block }}|{{ s ~ mk }}|{{ [s] }}|{{ {"k": s} }}|{{ s|e }}|{{ mk|safe }}
{% for x in xs %}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}"""
VALUES = {"s": HOSTILE, "mk": Markup("<em>ok</em>"), "n": 42, "f": 1.5, "none": None, "h": Html(), "xs": [HOSTILE, 3, Markup("<br>")]}


def test_templates_write_what_stock_jinja_writes():
    stock = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    expected = stock.from_string(TEMPLATE).render(**VALUES)
    assert pages.ENV.from_string(TEMPLATE).render(**VALUES) == expected
    assert "&lt;img" in expected and "<em>ok</em>" in expected and "<b>bold</b>" in expected
    with pytest.raises(jinja2.UndefinedError):
        pages.ENV.from_string("{{ missing }}").render()


def test_templates_escape_through_escape_output():
    """Jinja's hook is still the one the environment overrides (else pages are only slower)."""
    source = pages.ENV.loader.get_source(pages.ENV, "server/entity.html")[0]
    code = pages.ENV.compile(source, "entity", "entity.html", raw=True)
    assert "environment.escape_output(" in code and "escape(" not in code.replace("escape_output(", "")
    for value in [HOSTILE, Markup("<em>x</em>"), 3, None, Html()]:
        assert str(pages.escape_output(value)) == str(markupsafe.escape(value))


def test_templates_are_kept_as_first_loaded():
    first = pages.ENV.get_template("server/entity.html")
    assert pages.ENV.get_template("server/entity.html") is first
    assert pages.ENV.get_template("server/base.html", "server/entity.html") is pages.ENV.get_template("server/base.html", "server/entity.html")
    assert not pages.ENV.auto_reload


def test_fragments_escape_each_value_once():
    note = {"url": "/x?a=1&b=2", "text": fragments.CURATOR_NOTE, "iri": BASE + "x", "zh": "策展人<注释>"}
    plain = {"url": None, "text": "a<b", "iri": "urn:x", "zh": "不显示"}
    expected = ('<a href="/x?a=1&amp;b=2" title="https://w3id.org/minilat/x">curator&#39;s note</a> <span lang="zh" class="zh">策展人&lt;注释&gt;</span>'
                ' · <span title="urn:x">a&lt;b</span>')
    assert fragments.preds_html([note, plain]) == expected
    assert isinstance(fragments.a(None, "t", "u"), Markup) and isinstance(fragments.value(plain | {"kind": "iri"}), Markup)
    row = {"v": {"kind": "literal", "text": HOSTILE, "lang": "en", "datatype": None}, "ps": [plain], "gs": [None, BASE + "graph/digest"]}
    name = lambda g: "digest" if g else "default"  # noqa: E731
    url = lambda g: "/graph/digest" if g else None  # noqa: E731
    out = fragments.relation_rows([row], url, name)
    assert out == ('  <tr><td><span title="urn:x">a&lt;b</span></td>'
                   f'<td><span class="literal" lang="en">{markupsafe.escape(HOSTILE)}</span> <span class="tag">@en</span></td>'
                   '<td class="graph"> · <a href="/graph/digest">digest</a></td></tr>\n')
    assert out.count("&lt;img") == 1 and "&amp;lt;" not in out


def test_relation_rows_merge_by_the_same_key_as_before():
    """``value_key`` keeps the grouping of the sorted items with None as "" for every value a page holds."""
    store = Store.open()
    walk_terms = {t for q in store.engine.quads_for_pattern(None, None, None, None) for t in (q.subject, q.object)}
    values = [entity.value(t) for t in walk_terms] + [entity.value(ox.Literal("x", language="en")), entity.value(ox.Literal("x"))]
    before = lambda v: tuple(sorted((k, x or "") for k, x in v.items()))  # noqa: E731
    groups_before: dict[tuple, set[int]] = {}
    groups_now: dict[tuple, set[int]] = {}
    for i, v in enumerate(values):
        groups_before.setdefault(before(v), set()).add(i)
        groups_now.setdefault(pages.value_key(v), set()).add(i)
    assert sorted(map(sorted, groups_before.values())) == sorted(map(sorted, groups_now.values()))
