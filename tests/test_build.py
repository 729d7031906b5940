"""Build behaviour: anchoring failures, reasoning failures, release files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from minilat import paths
from minilat.errors import UserError
from minilat.ids import GRAPHS, ID, MLO, OA, issue_graph
from minilat.pipeline import release
from minilat.pipeline.anchor import anchor_all
from minilat.pipeline.build import load_ontology
from minilat.pipeline.parse import parse
from minilat.pipeline.reason.hermit import Inconsistent, infer
from minilat.pipeline.records.series import load_series


def _curation_copy(tmp_path: Path) -> Path:
    root = tmp_path / "curation"
    shutil.copytree(paths.CURATION, root)
    return root


def load(root: Path):
    """The first issue's records, checked against the registry."""
    return load_series(root, ["minilateralism"]).issues["minilateralism"]


def _anchor(root: Path) -> None:
    anchor_all(load(root), parse(paths.DIGEST), paths.DIGEST.read_text(encoding="utf-8"))


SLUG = "bisley-aukus-strategic-military-capability"


def _edit_claim(root: Path, slug: str, **changes: str) -> tuple[Path, int]:
    """Change fields of one claim record; return its file and the line where the record starts."""
    path = root / "issues" / "minilateralism" / "claims" / "article-4.yaml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    row = next(r for r in rows if r["slug"] == slug)
    row.update(changes)
    text = yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row == f"- slug: {slug}")
    return path, line


def test_quote_missing_from_digest_fails_naming_record_file_and_line(tmp_path: Path) -> None:
    root = _curation_copy(tmp_path)
    path, line = _edit_claim(root, SLUG, quote="AUKUS则是一个更具进攻性的安全合作机制")
    with pytest.raises(UserError) as err:
        _anchor(root)
    assert str(err.value) == (
        "1 quote(s) could not be anchored:\n"
        f"{path}:{line}: {SLUG}: claim quote does not occur in the digest: 'AUKUS则是一个更具进攻性的安全合作机制'"
    )


def test_ambiguous_quote_needs_a_prefix(tmp_path: Path) -> None:
    root = _curation_copy(tmp_path)
    path, line = _edit_claim(root, SLUG, quote="提供国际公共产品")
    with pytest.raises(UserError) as err:
        _anchor(root)
    message = str(err.value)
    assert f"{path}:{line}: {SLUG}: claim quote occurs 4 times" in message
    assert "lengthen it or give a prefix" in message


def test_prefix_disambiguates(tmp_path: Path) -> None:
    root = _curation_copy(tmp_path)
    _edit_claim(root, SLUG, quote="提供国际公共产品", prefix="其合作范围从传统的军事安全领域转向")
    anchored = anchor_all(load(root), parse(paths.DIGEST), paths.DIGEST.read_text(encoding="utf-8"))
    anchor = anchored.get("claims", SLUG)
    raw = paths.DIGEST.read_text(encoding="utf-8")
    assert raw[anchor.start : anchor.end] == "提供国际公共产品"
    assert anchor.prefix.endswith("其合作范围从传统的军事安全领域转向")


def test_unknown_reference_gets_a_fix_it_message(tmp_path: Path) -> None:
    root = _curation_copy(tmp_path)
    path = root / "issues" / "minilateralism" / "claims" / "article-4.yaml"
    text = path.read_text(encoding="utf-8")
    assert "- mechanism/aukus\n" in text
    path.write_text(text.replace("- mechanism/aukus\n", "- mechanism/aukuss\n", 1), encoding="utf-8")
    with pytest.raises(UserError) as err:
        load(root)
    assert "about.topic refers to unknown mechanism/aukuss — add a record to corpus/curation/registry/mechanisms/ or fix the reference" in str(err.value)


def _tiny_abox(outside_too: bool) -> Graph:
    g = Graph()
    vg10, npt = ID["mechanism/vg10"], ID["mechanism/npt"]
    g.add((vg10, RDF.type, MLO.MinilateralMechanism))
    g.add((npt, RDF.type, MLO.TreatyRegime))
    g.add((vg10, MLO.operatesWithin, npt))
    g.add((ID["mechanism/quad"], RDF.type, MLO.MinilateralMechanism))
    if outside_too:
        g.add((vg10, RDF.type, MLO.OutsideMinilateral))
    return g


def test_reasoner_infers_inside_minilateral() -> None:
    inferred = infer(load_ontology(), _tiny_abox(outside_too=False))
    assert (ID["mechanism/vg10"], RDF.type, MLO.InsideMinilateral) in inferred
    assert (ID["mechanism/quad"], RDF.type, MLO.InsideMinilateral) not in inferred


def test_contradiction_names_individual_and_classes() -> None:
    with pytest.raises(Inconsistent) as err:
        infer(load_ontology(), _tiny_abox(outside_too=True))
    message = str(err.value)
    assert "mechanism/vg10" in message
    assert "mlo:InsideMinilateral" in message and "mlo:OutsideMinilateral" in message
    assert "disjoint" in message


def test_missing_java_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UserError) as err:
        infer(load_ontology(), _tiny_abox(outside_too=False))
    assert "apt-get install default-jre-headless" in str(err.value)


def test_release_files_are_committed_and_match_a_fresh_build(built) -> None:
    fresh = release.render(built.dataset)
    for name, data in fresh.items():
        committed = paths.GRAPHS / name
        assert committed.is_file(), f"{committed} missing: run `minilat build` and commit graphs/"
        assert committed.read_bytes() == data, f"{committed} differs from a fresh build: run `minilat build` and commit graphs/"


def test_release_rendering_is_deterministic(built) -> None:
    assert release.render(built.dataset) == release.render(built.dataset)


def test_release_files_parse_back_to_the_same_graph(built) -> None:
    merged = Graph().parse(paths.GRAPHS / "minilat.ttl", format="turtle")
    quads = Graph()
    for s, p, o, _ in Dataset().parse(paths.GRAPHS / "minilat.nq", format="nquads").quads():
        quads.add((s, p, o))
    assert len(merged) == len(quads) == sum(len(built.dataset.graph(name)) for name in release.graph_names(built.dataset))
    assert isomorphic(merged, quads)


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "minilat.nq"
    target.write_bytes(b"old\n")

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        release.write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["minilat.nq"]


def test_claim_quote_is_its_annotations_exact_text(built) -> None:
    # ontology 0.2.0: mlo:quote is deprecated; the quote is stated once, as the oa:exact of the claim's annotation
    graph, claim = built.dataset.graph(issue_graph("minilateralism")), URIRef(ID["claim/bisley-aukus-strategic-military-capability"])
    assert list(graph.objects(claim, MLO.quote)) == []
    quotes = list(graph.objects(claim, MLO.anchoredBy / OA.hasTarget / OA.hasSelector / OA.exact))
    assert quotes == [Literal("AUKUS则是一个更具战略性的安全合作机制，旨在通过技术共享和核潜艇合作增强澳大利亚的军事能力。")]


def test_curation_files_are_canonical() -> None:
    from minilat.pipeline.records.format import check_canonical

    assert check_canonical(paths.CURATION) == [], "run `minilat format` to write the records canonically"


def test_trig_release_keeps_every_named_graph(built) -> None:
    parsed = Dataset().parse(paths.GRAPHS / "minilat.trig", format="trig")
    for layer, name in GRAPHS.items():
        assert isomorphic(parsed.graph(name), built.dataset.graph(name)), layer


def test_the_build_infers_what_hermit_infers_over_everything(built) -> None:
    """The build reasons by rules over the whole ABox (HermiT only for the TBox and the shared
    layers); on the real data that must give exactly what HermiT gives over everything."""
    from minilat.pipeline.build import abox_graphs

    abox = Graph()
    for name in abox_graphs(built.dataset):
        for triple in built.dataset.graph(name):
            abox.add(triple)
    full = set(infer(load_ontology(), abox))
    assert set(built.graph("inferred")) == full
    assert len(full) == 31
