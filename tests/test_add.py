"""``minilat add`` on a new issue written by the tests, then build, review and check —
the curator's workflow end to end, with the real commands in subprocesses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from newissue import issue_text, minilat, new_home, snapshot

from minilat.pipeline.suggest import candidates, cues, draft, lexicon, naming, suggester
from minilat.text import normalize

SLUG = "climate"
ID = "https://w3id.org/minilat/id/"
GRAPH = "https://w3id.org/minilat/graph/"
CLAIM_SLUGS = [f"lopez-sato-{n:02d}" for n in range(1, 8)]
#: Entities the new issue names: known ones (the Quad, the UN, three states, a region, two concepts)
#: and the three it proposes (the G7, BRICS, the climate club).
MENTIONED = sorted([
    "concept/inclusiveness", "concept/minilateralism", "concept/qi-hou-ju-le-bu", "mechanism/brics", "mechanism/g7",
    "mechanism/quad", "mechanism/un", "region/indo-pacific", "state/CHN", "state/JPN", "state/USA",
])


@pytest.fixture(scope="module")
def added(tmp_path_factory) -> Path:
    home = new_home(tmp_path_factory.mktemp("add"))
    done = minilat(home, "add", str(home.parent / "climate.txt"), "--slug", SLUG, "--date", "2025-03")
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture(scope="module")
def release(added: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    done = minilat(added, "build", "--no-views", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"drafts {SLUG}: " in done.stdout and "11 draft(s) still without English" in done.stdout
    assert f"issue {SLUG}: no English theme yet (theme_en in manifest.yaml)" in done.stdout
    assert "issue minilateralism: no English theme" not in done.stdout
    return out


@pytest.fixture(scope="module")
def built(release: Path) -> ox.Store:
    out = release
    store = ox.Store()
    store.load(path=str(out / "minilat.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def records(home: Path, rel: str) -> list[dict]:
    return yaml.safe_load((home / "corpus/curation" / rel).read_text(encoding="utf-8"))


def rows(store: ox.Store, query: str, **options) -> list[tuple[str, ...]]:
    return sorted(tuple(term.value if term is not None else None for term in row) for row in store.query(query, **options))


def test_add_copies_the_file_and_writes_its_manifest_entry(added: Path) -> None:
    entries = yaml.safe_load((added / "corpus/digests/manifest.yaml").read_text(encoding="utf-8"))
    entry = entries[-1]
    assert len(entries) == 2
    assert (entry["slug"], entry["number"], entry["date"], entry["theme"], entry["series"]) == (SLUG, 2, "2025-03", "气候治理中的小多边主义", "全球治理学科动态")
    assert "theme_en" not in entry  # English is the curator's
    assert (added / "corpus/digests" / entry["file"]).read_bytes() == issue_text().encode("utf-8")
    assert "# The issues of the series" in (added / "corpus/digests/manifest.yaml").read_text(encoding="utf-8")  # comments kept


def test_bibliographic_records_come_from_the_parse_reusing_people_by_name(added: Path) -> None:
    people = {(p["name"], p["name_en"], p.get("name_en_from"), tuple(p["roles"]), p.get("affiliation")) for p in records(added, f"registry/people/{SLUG}.yaml")}
    aff = records(added, f"registry/affiliations/{SLUG}.yaml")
    assert [(a["label"], a["status"]) for a in aff] == [({"zh": "复旦大学国际问题研究院"}, "suggested")]
    assert people == {
        ("Maria Lopez", "Maria Lopez", None, ("author",), None),
        ("Kenji Sato", "Kenji Sato", None, ("author",), None),
        ("欧阳文华", "Ouyang Wenhua", "pinyin", ("compiler",), aff[0]["slug"]),
        ("李明", "Li Ming", "pinyin", ("reviewer",), None),
    }  # 陈兆源, a reviewer of issue 1, is reused: no second record
    assert [j["title"] for j in records(added, f"registry/journals/{SLUG}.yaml")] == ["Global Governance"]


def test_mentions_link_known_entities_and_propose_new_ones(added: Path) -> None:
    mentions = {m["entity"]: m for m in records(added, f"issues/{SLUG}/mentions/suggested.yaml")}
    assert sorted(mentions) == MENTIONED
    assert all(m["status"] == "suggested" and m["suggestion"]["issue"] == SLUG for m in mentions.values())
    mechanisms = {m["slug"]: (m["label"], m["aliases_en"]) for m in records(added, f"registry/mechanisms/{SLUG}.yaml")}
    assert mechanisms == {"g7": ({"zh": "七国集团"}, ["G7"]), "brics": ({"zh": "金砖国家"}, ["BRICS"])}
    assert {c["label"]["zh"] for c in records(added, f"registry/concepts/{SLUG}.yaml")} == {"气候俱乐部"}


def test_every_sentence_is_a_claim_draft_with_type_holder_and_anchor(added: Path) -> None:
    article = {c["slug"]: c for c in records(added, f"issues/{SLUG}/claims/article-1.yaml")}
    preface = records(added, f"issues/{SLUG}/claims/preface.yaml")
    assert sorted(article) == CLAIM_SLUGS[:6] and [c["slug"] for c in preface] == ["preface-01"]
    assert preface[0]["holder"] == "editors"
    text = normalize(issue_text())
    assert all(c["quote"] in text and "text_en" not in c and c["status"] == "suggested" for c in [*article.values(), *preface])
    by_quote = {c["quote"]: c for c in article.values()}
    rec = by_quote["作者建议，中国应当通过金砖国家（BRICS）等机制参与气候治理。"]
    assert (rec["type"], rec["holder"], rec["modality"]) == ("policy_recommendation", "authors", "recommends")
    assert rec["statements"] == [{"subject": "state/CHN", "predicate": "should_pursue", "object": "mechanism/brics"}]
    assert rec["about"] == {"topic": ["state/CHN"], "context": ["mechanism/brics"]}
    limitation = by_quote["然而，文章也承认其研究局限在于案例数量有限。"]
    assert limitation["type"] == "study_limitation"


def test_the_build_has_the_bibliography_and_keeps_drafts_in_their_own_graph(built: ox.Store) -> None:
    drafts = f"{GRAPH}drafts/{SLUG}"
    claims_in_drafts = rows(built, f"SELECT ?c WHERE {{ GRAPH <{drafts}> {{ ?c a <https://w3id.org/minilat/ontology#Claim> }} }}")
    assert claims_in_drafts == sorted((f"{ID}claim/{SLUG}/{slug}",) for slug in ["preface-01", *CLAIM_SLUGS[:6]])
    union = rows(built, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/minilat/ontology#Claim> }", use_default_graph_as_union=True)
    assert union == [("112",)]  # the raw union holds both …
    reviewed = [g for g in built.named_graphs() if not g.value.startswith(f"{GRAPH}drafts/")]
    assert rows(built, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/minilat/ontology#Claim> }", default_graph=reviewed) == [("105",)]
    creators = rows(built, f"""PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        SELECT ?name WHERE {{ GRAPH <{GRAPH}bibliography> {{ ?work dcterms:creator ?p . ?p foaf:name ?name .
        <{ID}summary/{SLUG}-1> <https://w3id.org/minilat/ontology#summarizes> ?work }} }}""")
    assert creators == [("Kenji Sato",), ("Maria Lopez",)]
    pinyin = rows(built, f'SELECT ?n WHERE {{ GRAPH <{GRAPH}bibliography> {{ ?p <http://xmlns.com/foaf/0.1/name> ?n FILTER(LANG(?n) = "zh-latn-pinyin") }} }}')
    assert pinyin == [("Li Ming",), ("Ouyang Wenhua",)]
    run = f"{ID}activity/suggest-{SLUG}-"
    prov = rows(built, f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?used ?agent WHERE {{ GRAPH <{drafts}> {{ <{drafts}> prov:wasGeneratedBy ?a . ?a prov:used ?used ; prov:wasAssociatedWith ?agent .
        FILTER(STRSTARTS(STR(?a), "{run}")) <{ID}claim/{SLUG}/lopez-sato-01> prov:wasGeneratedBy ?a }} }}""")
    assert prov == [(f"{ID}digest/{SLUG}/text", f"{ID}agent/minilat-suggester")]


def test_the_store_default_graph_leaves_drafts_out_and_a_graph_clause_reaches_them(release: Path) -> None:
    from minilat.store import Store

    store = Store.open(release=release / "minilat.nq")
    count = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { %s }"
    claim = "?c a <https://w3id.org/minilat/ontology#Claim>"
    assert [row[0].value for row in store.query(count % claim)] == ["105"]
    assert [row[0].value for row in store.query(count % f"GRAPH <{GRAPH}drafts/{SLUG}> {{ {claim} }}")] == ["7"]


def test_review_walks_through_the_drafts_and_accepting_all_passes_check(added: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(added, home)
    listed = minilat(home, "review", SLUG, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    ids = {d["id"] for d in json.loads(listed.stdout)}
    assert ids == {
        "claim/preface-01", *(f"claim/{s}" for s in CLAIM_SLUGS[:6]), *(f"mentions/{ref}" for ref in MENTIONED),
        "concept/qi-hou-ju-le-bu", "mechanism/brics", "mechanism/g7", "journal/global-governance",
        "organization/fu-dan-da-xue-guo-ji-wen-ti-yan-jiu-yuan", "person/kenji-sato", "person/li-ming", "person/maria-lopez", "person/ouyang-wenhua",
    }

    before = snapshot(home)
    refused = minilat(home, "review", SLUG, "--reject", "mechanism/g7")  # claims and mentions still rely on it
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "mechanism/g7" in refused.stderr
    assert snapshot(home) == before

    assert minilat(home, "review", SLUG, "--reject", "mentions/region/indo-pacific").returncode == 0
    assert {m["entity"]: m["status"] for m in records(home, f"issues/{SLUG}/mentions/suggested.yaml")}["region/indo-pacific"] == "rejected"
    accepted = minilat(home, "review", SLUG, "--accept-all")
    assert accepted.returncode == 0 and f"{len(ids) - 1} accepted, 0 rejected" in accepted.stdout
    assert minilat(home, "review", SLUG).stdout.strip() == f"0 draft(s) of issue {SLUG} left to decide"

    check = minilat(home, "check", "--no-reason")
    problems = [line for line in check.stderr.splitlines()[1:] if line.strip()]
    assert check.returncode == 2 and len(problems) == 11 and all("English missing" in line for line in problems)  # 4 registry records, 7 claims
    fill_english(home)
    check = minilat(home, "check", "--no-reason")
    assert check.returncode == 0, check.stderr
    assert f"coverage {SLUG}: 6/6 sentences = 100.0%" in check.stdout


def fill_english(home: Path) -> None:
    """What the curator writes after review: the English of every accepted draft."""
    root = home / "corpus/curation"
    for path in [*root.glob(f"issues/{SLUG}/claims/*.yaml"), *root.glob(f"registry/*/{SLUG}.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rec in data:
            if "quote" in rec and "entry" in rec:
                rec.setdefault("text_en", f"English rendering of claim {rec['slug']}.")
                rec.setdefault("label_en", f"Claim {rec['slug']}")
            if "label" in rec and not rec["label"].get("en"):
                rec["label"]["en"] = f"Name of {rec['slug']}"
            if path.parent.name == "concepts":
                rec.setdefault("definition_en", "A concept the climate issue names.")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_suggest_prints_json_with_raw_offsets_and_changes_nothing(added: Path, tmp_path: Path) -> None:
    home = new_home(tmp_path)
    before = snapshot(home)
    done = minilat(home, "suggest", str(tmp_path / "climate.txt"), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert snapshot(home) == before
    data = json.loads(done.stdout)
    assert set(data) == {"issue", "articles", "mentions", "claims", "new_entities"}
    raw = (tmp_path / "climate.txt").read_text(encoding="utf-8")
    assert data["articles"][0]["authors"] == ["Maria Lopez", "Kenji Sato"] and data["articles"][0]["compilers"] == [{"name": "欧阳文华", "affiliation": "复旦大学国际问题研究院"}]
    for mention in data["mentions"]:
        assert {"text", "start", "end", "entity", "type", "article"} <= set(mention)
        assert normalize(raw[mention["start"] : mention["end"]]) == mention["text"]
    for claim in data["claims"]:
        assert {"text", "start", "end", "type", "holder", "article", "mentions"} <= set(claim)
        assert normalize(raw[claim["start"] : claim["end"]]) == claim["text"]
    quad = [m for m in data["mentions"] if m["entity"] == f"{ID}mechanism/quad"]
    assert [(m["text"], m["article"]) for m in quad] == [("四方安全对话", "article-1"), ("Quad", "article-1")]
    assert len(data["claims"]) == 7


def test_every_rule_a_draft_names_is_a_registered_rule(added: Path) -> None:
    known = {*candidates.RULES, *cues.RULES, *draft.RULES, *lexicon.RULES, *naming.RULES, *suggester.RULES}
    named: set[str] = set()
    for path in (added / "corpus" / "curation").rglob("*.yaml"):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(record, dict) and record.get("status") == "suggested":
                named.update(record["suggestion"]["rules"])
    assert {"bibliography.parse", "name.pinyin", "anchor.unique-context"} <= named
    assert named - known == set()
