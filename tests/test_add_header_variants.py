"""Article headers the first issue does not have, through ``minilat add``, the build and the pages:
a summary compiled by several people (编译：甲（某大学）、乙、丙（另一大学）), each a person of their
own with their group's affiliation; and a double journal issue (No. 1-2)."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from newissue import ROOT, issue_text, minilat
from starlette.testclient import TestClient

from minilat.server import Config, cite, create_app

SLUG = "climate"
ONE = "编译：欧阳文华（复旦大学国际问题研究院）"
SINGLE, DOUBLE = "Vol. 30, No. 2, 2024.", "Vol. 30, No. 1-2, 2024."
SEVERAL = "编译：欧阳文华（复旦大学国际问题研究院）、林晓、周洋（北京大学国际关系学院）"
MLO = "https://w3id.org/minilat/ontology#"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("compilers")
    home = base / "home"
    home.mkdir()
    for folder in ("corpus", "ontology"):
        shutil.copytree(ROOT / folder, home / folder)
    text = issue_text()
    assert ONE in text and text.count(SINGLE) == 2  # the header and the table of contents
    (base / "climate.txt").write_text(text.replace(ONE, SEVERAL).replace(SINGLE, DOUBLE), encoding="utf-8")
    done = minilat(home, "add", str(base / "climate.txt"), "--slug", SLUG, "--date", "2025-03")
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="module")
def release(home: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    done = minilat(home, "build", "--no-views", "--no-reason", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / "minilat.nq"


def test_parse_reports_each_compiler_with_its_groups_affiliation(home: Path) -> None:
    done = minilat(home, "suggest", str(home.parent / "climate.txt"), "--format", "json")
    assert done.returncode == 0, done.stderr
    article = json.loads(done.stdout)["articles"][0]
    assert article["compilers"] == [
        {"name": "欧阳文华", "affiliation": "复旦大学国际问题研究院"},
        {"name": "林晓", "affiliation": "北京大学国际关系学院"},
        {"name": "周洋", "affiliation": "北京大学国际关系学院"},
    ]


def test_add_drafts_a_person_per_compiler(home: Path) -> None:
    people = yaml.safe_load((home / f"corpus/curation/registry/people/{SLUG}.yaml").read_text(encoding="utf-8"))
    affiliations = {a["slug"]: a["label"]["zh"] for a in yaml.safe_load((home / f"corpus/curation/registry/affiliations/{SLUG}.yaml").read_text(encoding="utf-8"))}
    compilers = {p["name"]: (p["name_en"], affiliations[p["affiliation"]]) for p in people if "compiler" in p["roles"]}
    assert compilers == {
        "欧阳文华": ("Ouyang Wenhua", "复旦大学国际问题研究院"),
        "林晓": ("Lin Xiao", "北京大学国际关系学院"),
        "周洋": ("Zhou Yang", "北京大学国际关系学院"),
    }


def test_the_summary_is_compiled_by_all_three(release: Path) -> None:
    store = ox.Store()
    store.load(path=str(release), format=ox.RdfFormat.N_QUADS)
    rows = store.query(f"""SELECT ?name WHERE {{ <https://w3id.org/minilat/id/summary/{SLUG}-1> <{MLO}compiledBy> ?p .
        ?p <http://xmlns.com/foaf/0.1/name> ?name FILTER(lang(?name) = "zh") }}""", use_default_graph_as_union=True)
    assert sorted(r["name"].value for r in rows) == ["周洋", "林晓", "欧阳文华"]


def test_a_double_issue_is_one_prism_number(release: Path) -> None:
    store = ox.Store()
    store.load(path=str(release), format=ox.RdfFormat.N_QUADS)
    rows = store.query("""SELECT ?v ?n ?y ?f WHERE { <https://w3id.org/minilat/id/article/lopez-sato-2024> <http://prismstandard.org/namespaces/basic/2.0/volume> ?v ;
        <http://prismstandard.org/namespaces/basic/2.0/number> ?n ; <http://prismstandard.org/namespaces/basic/2.0/publicationDate> ?y ;
        <https://w3id.org/minilat/ontology#forthcoming> ?f }""", use_default_graph_as_union=True)
    assert [(r["v"].value, r["n"].value, r["y"].value, r["f"].value) for r in rows] == [("30", "1–2", "2024", "false")]


def test_article_page_shows_every_compiler_with_affiliation(release: Path) -> None:
    with TestClient(create_app(Config(workers=1, log_requests=False, release=release))) as client:
        page = client.get("/id/article/lopez-sato-2024", headers={"accept": "text/html"})
    assert page.status_code == 200, page.text[:200]

    def text(css: str) -> str:
        inner = page.text.split(f'<dd class="{css}">', 1)[1].split("</dd>", 1)[0]
        return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(inner)).split())

    # ordered by IRI (RDF keeps no order of the 编译 line)
    assert text("compiler").split(" — ", 1)[0] == (
        "Lin Xiao 林晓 (北京大学国际关系学院), Ouyang Wenhua 欧阳文华 (复旦大学国际问题研究院), Zhou Yang 周洋 (北京大学国际关系学院)")
    assert text("journal") == "Global Governance , Vol. 30, No. 1–2, 2024"


def test_citation_names_every_compiler() -> None:
    p = cite.Passage(claim="https://w3id.org/minilat/id/claim/climate/x", label="L", start=1, end=9, text_url="t", digest_en="D", digest_zh="文",
                     compilers=(("Lin Xiao", "林晓"), ("Zhou Yang", "周洋")), editors=None, part_en="Summary No. 1", part_zh="标题")
    assert cite.plain(p).startswith("Lin Xiao (林晓) and Zhou Yang (周洋), compilers. “标题” [Summary No. 1].")
    assert "author = {{Lin Xiao} and {Zhou Yang}}" in cite.bibtex(p)
    assert "compiled by Lin Xiao (林晓) and Zhou Yang (周洋)" in cite.bibtex(p)
    assert json.loads(cite.csl(p))[0]["author"] == [{"literal": "Lin Xiao (林晓)"}, {"literal": "Zhou Yang (周洋)"}]
