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
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from minilat import ids, paths
from minilat.errors import UserError
from minilat.linking import links
from minilat.pipeline import corpus, release
from minilat.pipeline.anchor import (
    Anchored,
    Coverage,
    anchor_all,
    coverage,
    total_coverage,
)
from minilat.pipeline.assemble import drafts as assemble_drafts
from minilat.pipeline.assemble.bibliography import (
    article_slugs,
    bibliography,
    journals_and_people,
    text_iri,
)
from minilat.pipeline.assemble.claims import assemble_claims, entity_labels
from minilat.pipeline.assemble.facts import assemble_issue, assemble_registry
from minilat.pipeline.parse import Digest, parse, read_text
from minilat.pipeline.reason.entail import check_consistent, entail
from minilat.pipeline.records import drafts
from minilat.pipeline.records.curation import Curation
from minilat.pipeline.records.series import Series, load_series
from minilat.pipeline.release import jsonld, void
from minilat.pipeline.shapes import validate_issues
from minilat.pipeline.validate import Violation, rules, to_store

COVERAGE_TARGET = 0.90


def parsed_digests() -> list[tuple[corpus.DigestFile, Digest]]:
    """Verify every manifest entry's hash and parse it."""
    return [(entry, parse(corpus.verify(entry))) for entry in corpus.manifest()]


@dataclass
class Issue:
    """One issue as the build saw it: manifest entry, parse, records, anchors and coverage."""

    entry: corpus.DigestFile
    digest: Digest
    curation: Curation
    anchored: Anchored
    coverage: Coverage
    raw: str = field(repr=False)  # the file's text (its drafts are anchored into it again)


@dataclass
class Built:
    """Everything one build produced, for the commands and the tests."""

    dataset: Dataset
    issues: list[Issue]
    series: Series
    #: The series with its drafts (``series`` is the reviewed part).
    full: Series
    violations: list[Violation]
    timings: dict[str, float] = field(default_factory=dict)

    def graph(self, layer: str) -> Graph:
        return self.dataset.graph(ids.GRAPHS[layer])

    @property
    def curation(self) -> Curation:
        """Every record, registry and issues together."""
        return self.series.combined()

    @property
    def coverage(self) -> Coverage:
        """Coverage over every issue's sentences."""
        return total_coverage([issue.coverage for issue in self.issues])


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


def mentioned(series: Series) -> set[str]:
    """'kind/slug' of every registry entity some issue names."""
    return {rec.entity for curation in series.issues.values() for rec in curation.of("mentions") if rec.mentions}


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
    if not digests:
        raise UserError("the manifest lists no digest issue", paths.MANIFEST)
    lap("parse")
    full = load_series(curation_root, [entry.slug for entry, _ in digests])
    series = full.reviewed()  # drafts go to their own graphs below
    biblio = drafts.with_bibliography(series.registry, full.registry)
    issues: list[Issue] = []
    for entry, digest in digests:
        raw = read_text(entry.path)  # as the parser read it: a \r\n file keeps its \r, so offsets agree
        curation = series.issues[entry.slug]
        anchored = anchor_all(curation, digest, raw)
        issues.append(Issue(entry, digest, curation, anchored, coverage(digest, anchored, raw), raw))
    lap("curate+anchor")
    dataset = Dataset()
    ontology = load_ontology()
    graph = dataset.graph(ids.GRAPHS["ontology"])
    for triple in ontology:
        graph.add(triple)
    assemble_registry(dataset, series.registry, mentioned(series))
    journals_and_people(dataset, biblio)
    combined = series.combined()
    names = entity_labels(combined)
    entries = {issue.entry.slug: issue.entry for issue in issues}
    works = article_slugs(issue.digest for issue in issues)
    for issue in issues:
        text = text_iri(issue.entry)
        sources = bibliography(dataset, issue.entry, issue.digest, biblio, works)
        assemble_issue(dataset, issue.curation, issue.anchored, issue.entry, text)
        assemble_claims(dataset, issue.curation, issue.anchored, issue.entry, text, sources, ontology, names, entries)
    drafted = set(assemble_drafts.drafted(full))
    if drafted:
        have = assemble_drafts.reviewed_triples(dataset)
        context = Drafting(full, ontology, entries, entity_labels(full.combined()), mentioned(full), have, works)
        for issue in issues:
            if issue.entry.slug in drafted:
                add_issue_drafts(dataset, issue, context)
    found = links.link_graph(combined, links.load_reference(), dataset.graph(ids.GRAPHS["bibliography"]))
    for triple in found:
        dataset.graph(ids.GRAPHS["links"]).add(triple)
    if sameas:
        for triple in links.sameas_graph(found):
            dataset.graph(ids.SAMEAS_GRAPH).add(triple)
    lap("assemble+link")
    inferred = dataset.graph(ids.GRAPHS["inferred"])
    if reason:
        shared = Graph()
        for layer in SHARED_LAYERS:
            for triple in dataset.graph(ids.GRAPHS[layer]):
                shared.add(triple)
        check_consistent(ontology, shared, cache_dir=paths.CACHE)  # HermiT: ontology + what the issues share
        abox = (triple for name in abox_graphs(dataset) for triple in dataset.graph(name))
        for triple in entail(ontology, abox, cache_dir=paths.CACHE):  # rules over everything, clashes included
            inferred.add(triple)
    lap("reason")
    issue_graphs = [ids.issue_graph(issue.entry.slug) for issue in issues]
    violations = validate_issues(dataset, ontology, issue_graphs) + rules(to_store(dataset))
    lap("validate")
    return Built(dataset, issues, series, full, violations, timings)


@dataclass
class Drafting:
    """What assembling any issue's drafts needs, worked out once per build."""

    full: Series  # the curation with its drafts
    ontology: Graph
    entries: dict[str, corpus.DigestFile]
    names: dict[str, tuple[str, str]]  # entity labels, drafts included
    mentioned: set[str]  # registry entities some issue mentions, drafts included
    have: set  # the reviewed release's triples
    works: dict[tuple[str, str], str]  # the series' article slugs (bibliography.article_slugs)


def add_issue_drafts(dataset: Dataset, issue: Issue, c: Drafting) -> None:
    """The issue assembled again with its drafts; what that adds goes to graph/drafts/{issue}."""
    registry, curation = assemble_drafts.for_issue(c.full, issue.entry.slug)
    anchored = anchor_all(curation, issue.digest, issue.raw)
    text = text_iri(issue.entry)

    def assemble(scratch: Dataset) -> None:
        assemble_registry(scratch, registry, c.mentioned)
        sources = bibliography(scratch, issue.entry, issue.digest, registry, c.works)
        assemble_issue(scratch, curation, anchored, issue.entry, text)
        assemble_claims(scratch, curation, anchored, issue.entry, text, sources, c.ontology, c.names, c.entries)

    assemble_drafts.add_drafts(dataset, issue.entry, assemble, c.have, (registry, curation), text)


#: The layers every issue shares: HermiT checks their consistency with the ontology.
SHARED_LAYERS = ("digest", "background", "bibliography", "links", "readings")


def abox_graphs(dataset: Dataset) -> list[URIRef]:
    """The named graphs that hold data: the layers but the ontology and the inferred graph, and every issue's graph."""
    layers = [ids.GRAPHS[layer] for layer in SHARED_LAYERS]
    issues = sorted(URIRef(g.identifier) for g in dataset.graphs() if str(g.identifier).startswith(str(ids.GRAPH["issue/"])))
    return layers + issues


def report(built: Built) -> str:
    lines = ["triples per named graph:"]
    for name in release.graph_names(built.dataset):
        lines.append(f"  {name.rsplit('/', 1)[-1]:<13} {len(built.dataset.graph(name)):>6}  <{name}>")
    claims = built.curation.of("claims")
    lines.append(f"claims: {len(claims)} in {len(built.issues)} issue(s)")
    for issue in built.issues:
        mine = issue.curation.of("claims")
        by_entry = Counter(c.entry for c in mine)
        lines.append(f"  {issue.entry.slug}: {len(mine)}; by entry: " + ", ".join(f"{k} {v}" for k, v in sorted(by_entry.items())))
    by_type = Counter(c.type for c in claims)
    lines.append("  by type:  " + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items())))
    inferred = built.graph("inferred")
    lines.append(f"inferred: {len(inferred)} triples, {len(set(inferred.subjects(RDF.type)))} individuals with new types")
    for issue in built.issues:
        cov = issue.coverage
        lines.append(f"coverage {issue.entry.slug}: {cov.covered}/{cov.total} sentences = {cov.ratio:.1%}")
    cov = built.coverage
    lines.append(f"coverage: {cov.covered}/{cov.total} sentences = {cov.ratio:.1%} (target {COVERAGE_TARGET:.0%})")
    waiting = drafts.english_problems(list(built.full.curations()))[1]
    for slug in assemble_drafts.drafted(built.full):
        graph = built.dataset.graph(assemble_drafts.drafts_graph(slug))
        waiting_here = waiting.get(slug, 0)
        lines.append(f"drafts {slug}: {len(graph)} triples in <{graph.identifier}>; {waiting_here} draft(s) still without English (minilat review {slug})")
    for issue in built.issues:
        if not issue.entry.theme_en:
            lines.append(f"issue {issue.entry.slug}: no English theme yet (theme_en in {paths.MANIFEST.name}); pages and queries show the Chinese one")
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
        where = cite.text
        lines.append(
            f"No. {article.number}  {' and '.join(article.authors)} — {cite.journal}, {where}; "
            f"《{article.title_zh}》; {len(article.paragraphs)} paragraph(s); 编译 {'、'.join(f'{c.name}（{c.affiliation}）' for c in article.compilers)}"
        )
    lines.append(f"table of contents: {len(digest.toc)} entries, {len(digest.mismatches)} mismatch(es)")
    return "\n".join(lines)


@click.command("build")
@click.option("--reason/--no-reason", default=True, show_default=True, help="Infer (rule engine over all issues; HermiT classifies the ontology and checks it with the shared layers) and store what is inferred.")
@click.option("--out", type=click.Path(path_type=Path), default=paths.GRAPHS, show_default=True, help="Folder for the release files.")
@click.option("--sameas/--no-sameas", default=False, show_default=True, help="Also publish the opt-in owl:sameAs linkset graph.")
@click.option("--endpoint", default=void.DEFAULT_ENDPOINT, show_default=True, help="SPARQL endpoint named in the VoID description.")
@click.option("--views/--no-views", default=True, show_default=True, help="Also write the interactive network views to OUT/views/.")
def build_command(reason: bool, out: Path, sameas: bool, endpoint: str, views: bool) -> None:
    """Build, reason, validate and write the release files to graphs/."""
    built = build_dataset(reason=reason, sameas=sameas)
    for issue in built.issues:
        click.echo(summary(issue.entry, issue.digest))  # the build's own parse, not a second one
        for problem in issue.digest.mismatches:
            click.echo(f"minilat: warning: {issue.entry.file}: {problem}", err=True)
    if built.violations:
        raise UserError(f"{len(built.violations)} validation violation(s); release files left unchanged:\n" + "\n".join(map(str, built.violations)))
    written = release.write(built.dataset, out)
    written[jsonld.JSONLD_FILE] = jsonld.write(built.dataset, out / jsonld.JSONLD_FILE, cache=paths.CACHE)  # checks each graph's round trip first
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
    for issue in built.issues:
        for entry, line, sentence in issue.coverage.uncovered:
            click.echo(f"  not covered: {issue.entry.file} {entry} line {line}: {sentence}")
    for violation in built.violations:
        click.echo(f"  violation: {violation}")
    low = [issue.entry.slug for issue in built.issues if issue.coverage.ratio < COVERAGE_TARGET]
    if built.violations or low:
        raise UserError(f"check failed: coverage {built.coverage.ratio:.1%} (below {COVERAGE_TARGET:.0%}: {', '.join(low) or 'none'}), {len(built.violations)} violation(s)")
