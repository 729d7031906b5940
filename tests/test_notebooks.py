"""The notebooks run top to bottom (nbclient) and print real answers; they are committed without outputs."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import nbclient
import nbformat
import pytest
import yaml

from minilat.store import Store

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01-explore", "02-claims", "03-network")


@cache
def executed(name: str) -> object:
    book = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(book, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return book


def outputs(book: object) -> list[dict]:
    return [o for cell in book.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]  # type: ignore[attr-defined]


def text(book: object) -> str:
    parts = []
    for o in outputs(book):
        if o["output_type"] == "stream":
            parts.append(o["text"])
        elif "data" in o:
            parts.append(o["data"].get("text/plain", ""))
    return "\n".join(parts)


def streamed(book: object) -> list[str]:
    """Each code cell's printed text, whole: the kernel may flush one print() in several stream
    outputs ("Quad claims by issue:" in one, its dict in the next), as it did once under load."""
    cells = [c for c in book.cells if c.cell_type == "code"]  # type: ignore[attr-defined]
    return ["".join(o["text"] for o in c.get("outputs", []) if o["output_type"] == "stream" and o.get("name") == "stdout") for c in cells]


def line(book: object, prefix: str) -> str:
    found = [ln for cell in streamed(book) for ln in cell.splitlines() if ln.startswith(prefix)]
    assert found, f"no output line starting {prefix!r}"
    return found[0][len(prefix):].strip()


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs(name: str) -> None:
    book = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_explore_prints_the_quads_chinese_label_and_shows_a_view() -> None:
    book = executed("01-explore")
    assert line(book, "The Quad's Chinese label:") == "四方安全对话"
    html = [o["data"]["text/html"] for o in outputs(book) if "data" in o and "text/html" in o["data"]]
    assert any("<iframe srcdoc=" in h and "vis.Network" in h for h in html)
    assert "mechanisms-and-states: 37 nodes" in text(book)
    assert not [o for o in outputs(book) if o["output_type"] == "error"]


def test_claims_counts_per_article_match_sparql() -> None:
    book = executed("02-claims")
    printed = ast.literal_eval(line(book, "claims per work:"))
    query = """PREFIX mlo: <https://w3id.org/minilat/ontology#>
        SELECT ?work (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a mlo:Claim ; mlo:claimOf ?work } GROUP BY ?work"""
    expected = {row["work"].value.rsplit("/", 1)[-1]: int(row["n"].value) for row in Store.open().query(query)}
    assert printed == expected and printed["panda-park-2024"] == 28  # two fragments of one sentence merged (issue 11)
    assert "[bisley-forthcoming] qualifies [wu-kim-2024]" in text(book)  # a cross-article disagreement, printed with its quotes
    claims = [c for f in sorted((ROOT / "corpus" / "curation" / "issues" / "minilateralism" / "claims").glob("*.yaml")) for c in yaml.safe_load(f.read_text(encoding="utf-8"))]
    reported = sorted({c["slug"] for c in claims if c["holder"] == "state/CHN"})
    assert ast.literal_eval(line(book, "reported views:")) == {"China": len(reported)}
    holders = {"authors": "the article's authors", "editors": "the digest's editors", "compiler": "the compiler"}
    counts: dict[str, int] = {}
    for c in claims:
        kind = holders.get(c["holder"], "a reported actor")
        counts[kind] = counts.get(kind, 0) + 1
    assert ast.literal_eval(line(book, "claims by holder:")) == counts
    conditional = [c for c in claims if any(st.get("role") == "condition" for st in c["statements"])]
    printed = [ln for ln in text(book).splitlines() if " IF " in ln and " THEN " in ln]
    assert len(printed) == len(conditional) and any("Donald Trump" in ln for ln in printed)
    # the series section: one issue so far, its claims all in its own graph; the Quad's claims by issue
    assert ast.literal_eval(line(book, "issues:")) == {"minilateralism": len(claims)}
    assert int(line(book, "claims in graph/issue/minilateralism:")) == len(claims)
    quad = {c["slug"] for c in claims if "mechanism/quad" in {ref for refs in c.get("about", {}).values() for ref in refs}}
    assert ast.literal_eval(line(book, "Quad claims by issue:")) == {"minilateralism": len(quad)}


def test_network_prints_centrality_and_plots() -> None:
    book = executed("03-network")
    assert line(book, "most central state (betweenness):") == "Australia / 澳大利亚"
    assert line(book, "most central concept (betweenness):") == "minilateralism / 小多边主义"
    assert any(ln.startswith("community ") and "Japan" in ln and "United States" in ln for ln in text(book).splitlines())
    images = [o for o in outputs(book) if "data" in o and "image/png" in o["data"]]
    assert len(images) == 3


def test_a_print_flushed_in_two_outputs_reads_as_one_line() -> None:
    # CI once failed on `Quad claims by issue:` with nothing after it: the kernel had flushed
    # the print's label and its dict as two stream outputs, and each was read alone.
    book = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('Quad claims by issue:', {'minilateralism': 9})")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Quad claims by issue:"),
                    nbformat.v4.new_output("stream", name="stdout", text=" {'minilateralism': 9}\nnext: 1\n")]
    book.cells = [cell]
    assert (line(book, "Quad claims by issue:"), line(book, "next:")) == ("{'minilateralism': 9}", "1")
