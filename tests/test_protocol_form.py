"""A form body (``application/x-www-form-urlencoded``) is read exactly as urllib's ``parse_qsl``
reads it, with the escapes decoded in C (protocol.form_fields)."""

from __future__ import annotations

import random
from urllib.parse import parse_qsl, urlencode

import pytest

from minilat.server.protocol import MAX_FIELDS, form_fields

CASES = [
    "", "a", "a=", "=b", "a=1&b=2", "a=1&&b", "&&", "a=b=c", "q=%E4%B8%AD%E6%96%87+x%20y", "q=%e4%b8%ad", "q=a%2Bb+c%3D",
    "q=中文%E4%B8%AD", "q=%zz%4", "q=%", "q=50%+off", "q=%3D%3D=", "q=a%0Ab", "q=a\nb%41", "q=%E4%B8", "q=%FF", "q=%E4中",
]


def read(text: str) -> list[tuple[str, str]] | str:
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        return type(exc).__name__


def ours(text: str) -> list[tuple[str, str]] | str:
    try:
        return form_fields(text)
    except (UnicodeDecodeError, ValueError) as exc:
        return type(exc).__name__


@pytest.mark.parametrize("text", CASES)
def test_a_form_reads_as_parse_qsl_reads_it(text):
    assert ours(text) == read(text)


def test_random_forms_read_as_parse_qsl_reads_them():
    rng = random.Random(3)
    alphabet = "ab=&%+中 \t\n\r20E4B8AD9fzZ"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(30_000)]
    differ = [t for t in texts if ours(t) != read(t)]
    assert differ == []


def test_a_library_query_round_trips():
    text = "# 中文注释 (comment) 100%\nSELECT ?s WHERE { ?s <http://example.org/p> \"a+b=c&d\" }"
    assert form_fields(urlencode({"query": text, "default-graph-uri": "http://example.org/g"})) == [("query", text), ("default-graph-uri", "http://example.org/g")]


def test_too_many_fields_are_refused_as_parse_qsl_refuses_them():
    text = "&".join(["a=1"] * (MAX_FIELDS + 1))
    assert ours(text) == read(text) == "ValueError"
