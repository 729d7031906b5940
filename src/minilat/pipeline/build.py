"""``minilat build`` and ``minilat check``: the one straight data path, step by step.

digest → parse → curated records → anchor quotes → RDF dataset → reason → validate →
release files. Each step lives in its own module; this one only runs them in order.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click
from rdflib import RDF, Dataset, Graph
from rdflib.compare import to_canonical_graph

from minilat import ids, paths
from minilat.errors import UserError
from minilat.linking import links
from minilat.pipeline import corpus, release
from minilat.pipeline.anchor import Anchored, Coverage, anchor_all, coverage
from minilat.pipeline.assemble.bibliography import bibliography, text_iri
from minilat.pipeline.assemble.claims import assemble_claims
from minilat.pipeline.assemble.facts import assemble
from minilat.pipeline.parse import Digest, parse
from minilat.pipeline.reason import infer
from minilat.pipeline.records.curation import Curation, load
from minilat.pipeline.release import jsonld, void
from minilat.pipeline.validate import Violation, rules, shacl, to_store

COVERAGE_TARGET = 0.90


def parsed_digests() -> list[tuple[corpus.DigestFile, Digest]]:
    """Verify every manifest entry's hash and parse it."""
    return [(entry, parse(corpus.verify(entry))) for entry in corpus.manifest()]


@dataclass
class Built:
    """Everything one build produced, for the commands and the tests."""

    dataset: Dataset
    entry: corpus.DigestFile
    digest: Digest
    curation: Curation
    anchored: Anchored
    coverage: Coverage
    violations: list[Violation]
    timings: dict[str, float] = field(default_factory=dict)

    def graph(self, layer: str) -> Graph:
        return self.dataset.graph(ids.GRAPHS[layer])


def load_ontology(path: Path = paths.ONTOLOGY) -> Graph:
    try:
        # Canonical blank-node labels (OWL class expressions are blank nodes): stable release files.
        graph = Graph()
        for triple in to_canonical_graph(Graph().parse(path, format="turtle")):
            graph.add(triple)
        return graph
    except FileNotFoundError:
        raise UserError("ontology source missing", path) from None
    except Exception as exc:  # rdflib raises several parser error types
        raise UserError(f"ontology does not parse: {str(exc).splitlines()[0]}", path) from None


def build_dataset(reason: bool = True, curation_root: Path = paths.CURATION, sameas: bool = False) -> Built:
    """Run the data path up to a validated dataset (nothing is written)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    digests = parsed_digests()
    if len(digests) != 1:
        raise UserError(f"the manifest lists {len(digests)} digests; curation currently covers exactly one", paths.MANIFEST)
    entry, digest = digests[0]
    raw = entry.path.read_text(encoding="utf-8")
    lap("parse")
    curation = load(curation_root)
    anchored = anchor_all(curation, digest, raw)
    lap("curate+anchor")
    dataset = Dataset()
    ontology = load_ontology()
    graph = dataset.graph(ids.GRAPHS["ontology"])
    for triple in ontology:
        graph.add(triple)
    sources = bibliography(dataset, entry, digest, curation)
    assemble(dataset, curation, anchored, entry.slug, text_iri(entry))
    assemble_claims(dataset, curation, anchored, entry.slug, text_iri(entry), sources, ontology)
    found = links.link_graph(curation, links.load_reference(), dataset.graph(ids.GRAPHS["bibliography"]))
    for triple in found:
        dataset.graph(ids.GRAPHS["links"]).add(triple)
    if sameas:
        for triple in links.sameas_graph(found):
            dataset.graph(ids.SAMEAS_GRAPH).add(triple)
    lap("assemble+link")
    abox = Graph()
    for layer in ("digest", "background", "bibliography", "links", "readings"):
        for triple in dataset.graph(ids.GRAPHS[layer]):
            abox.add(triple)
    inferred = dataset.graph(ids.GRAPHS["inferred"])
    if reason:
        for triple in infer(ontology, abox):
            inferred.add(triple)
    lap("reason")
    data = abox + inferred
    violations = shacl(data, ontology=ontology) + rules(to_store(dataset))
    lap("validate")
    return Built(dataset, entry, digest, curation, anchored, coverage(digest, anchored, raw), violations, timings)


def report(built: Built) -> str:
    lines = ["triples per named graph:"]
    for name in release.graph_names(built.dataset):
        lines.append(f"  {name.rsplit('/', 1)[-1]:<13} {len(built.dataset.graph(name)):>6}  <{name}>")
    claims = built.curation.of("claims")
    lines.append(f"claims: {len(claims)}")
    by_entry = Counter(c.entry for c in claims)
    by_type = Counter(c.type for c in claims)
    lines.append("  by entry: " + ", ".join(f"{k} {v}" for k, v in sorted(by_entry.items())))
    lines.append("  by type:  " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
    inferred = built.graph("inferred")
    lines.append(f"inferred: {len(inferred)} triples, {len(set(inferred.subjects(RDF.type)))} individuals with new types")
    cov = built.coverage
    lines.append(f"coverage: {cov.covered}/{cov.total} sentences = {cov.ratio:.1%} (target {COVERAGE_TARGET:.0%})")
    lines.append(f"violations: {len(built.violations)}")
    lines.append("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in built.timings.items()))
    return "\n".join(lines)


def summary(entry: corpus.DigestFile, digest: Digest) -> str:
    lines = [
        f"{entry.file}  sha256 {digest.sha256[:16]}…  verified",
        f"series 《{digest.series}》  theme “{digest.theme}”",
        f"preface: {len(digest.preface)} paragraph(s); reviewers: {'、'.join(digest.reviewers)}",
    ]
    for article in digest.articles:
        cite = article.citation
        where = "forthcoming" if cite.forthcoming else f"Vol. {cite.volume}, No. {cite.issue}, {cite.year}"
        lines.append(
            f"No. {article.number}  {' and '.join(article.authors)} — {cite.journal}, {where}; "
            f"《{article.title_zh}》; {len(article.paragraphs)} paragraph(s); 编译 {article.compiler.name}（{article.compiler.affiliation}）"
        )
    lines.append(f"table of contents: {len(digest.toc)} entries, {len(digest.mismatches)} mismatch(es)")
    return "\n".join(lines)


@click.command("build")
@click.option("--reason/--no-reason", default=True, show_default=True, help="Run HermiT and store what it infers.")
@click.option("--out", type=click.Path(path_type=Path), default=paths.GRAPHS, show_default=True, help="Folder for the release files.")
@click.option("--sameas/--no-sameas", default=False, show_default=True, help="Also publish the opt-in owl:sameAs linkset graph.")
@click.option("--endpoint", default=void.DEFAULT_ENDPOINT, show_default=True, help="SPARQL endpoint named in the VoID description.")
@click.option("--views/--no-views", default=True, show_default=True, help="Also write the interactive network views to OUT/views/.")
def build_command(reason: bool, out: Path, sameas: bool, endpoint: str, views: bool) -> None:
    """Build, reason, validate and write the release files to graphs/."""
    built = build_dataset(reason=reason, sameas=sameas)
    click.echo(summary(built.entry, built.digest))  # the build's own parse, not a second one
    for problem in built.digest.mismatches:
        click.echo(f"minilat: warning: {problem}", err=True)
    if built.violations:
        raise UserError(f"{len(built.violations)} validation violation(s); release files left unchanged:\n" + "\n".join(map(str, built.violations)))
    written = release.write(built.dataset, out)
    written[jsonld.JSONLD_FILE] = jsonld.write(built.dataset, out / jsonld.JSONLD_FILE)  # checks the round trip first
    written["void.ttl"] = void.write(built.dataset, dict(written), out, endpoint)
    click.echo(report(built))
    for path in written.values():
        click.echo(f"wrote {path} ({path.stat().st_size} bytes)")
    if views:
        from minilat.store import Store
        from minilat.views import write_views

        files = write_views(Store.open(release=written["minilat.nq"]), out / "views")
        click.echo(f"wrote {len(files)} view files to {out / 'views'} (open index.html in a browser)")


@click.command("check")
@click.option("--reason/--no-reason", default=True, show_default=True, help="Include the reasoner's consistency check.")
def check_command(reason: bool) -> None:
    """Check curation, anchoring, coverage and quality rules without writing anything."""
    built = build_dataset(reason=reason)
    click.echo(report(built))
    for entry, line, sentence in built.coverage.uncovered:
        click.echo(f"  not covered: {entry} line {line}: {sentence}")
    for violation in built.violations:
        click.echo(f"  violation: {violation}")
    if built.violations or built.coverage.ratio < COVERAGE_TARGET:
        raise UserError(f"check failed: coverage {built.coverage.ratio:.1%}, {len(built.violations)} violation(s)")
