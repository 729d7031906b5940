"""The drafts graph of an issue: what its suggested records add, apart from reviewed knowledge.

The issue is assembled a second time with its drafts (and the registry entities proposed
for it); the drafts graph ``graph/drafts/{issue}`` holds exactly the triples that pass adds
(nanopublication-style: assertion apart, provenance attached), with the suggester run as a
``prov:Activity`` each draft ``prov:wasGeneratedBy``. Drafts are neither reasoned over nor
SHACL-validated, and the store leaves them out of the default graph.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef

from minilat import ids
from minilat.pipeline.assemble.facts import scoped_iri
from minilat.pipeline.corpus import DigestFile
from minilat.pipeline.records import drafts
from minilat.pipeline.records.curation import Curation
from minilat.pipeline.records.series import FOLDER_REF, Series

PROV = Namespace("http://www.w3.org/ns/prov#")
SUGGESTER = ids.ID["agent/minilat-suggester"]


def drafts_graph(issue: str) -> URIRef:
    return ids.GRAPH[f"drafts/{issue}"]


def for_issue(full: Series, issue: str) -> tuple[Curation, Curation]:
    """(registry with the entities proposed for ``issue``, the issue's records with its drafts)."""
    registry = Curation()
    for kind, items in full.registry.records.items():
        registry.records[kind] = [i for i in items if drafts.status(i.record) == "reviewed" or i.record.suggestion.issue == issue]
    return registry, full.issues[issue]


def drafted(full: Series) -> list[str]:
    """Issues that have drafts, in manifest order."""
    out = []
    for issue, curation in full.issues.items():
        mine = [i for items in curation.records.values() for i in items if drafts.status(i.record) == "suggested"]
        mine += [i for items in full.registry.records.values() for i in items if drafts.status(i.record) == "suggested" and i.record.suggestion.issue == issue]
        if mine:
            out.append(issue)
    return out


def reviewed_triples(dataset: Dataset) -> set:
    """Every triple of the release's graphs (read once, before any drafts graph is added)."""
    have: set = set()
    for graph in dataset.graphs():
        have.update(graph)
    return have


def add_drafts(dataset: Dataset, entry: DigestFile, assemble: Callable[[Dataset], None], have: set, records: tuple[Curation, Curation], text: URIRef) -> int:
    """Assemble the issue with its drafts (``records``: registry and issue) into a scratch dataset;
    keep what the reviewed release (``have``) lacks. Returns the drafts graph's triple count."""
    scratch = Dataset()
    assemble(scratch)
    out = dataset.graph(drafts_graph(entry.slug))
    for graph in scratch.graphs():
        for triple in graph:
            if triple not in have:
                out.add(triple)
    _provenance(out, entry, records, text)
    return len(out)


def _provenance(g: Graph, entry: DigestFile, records: tuple[Curation, Curation], text: URIRef) -> None:
    issue = entry.slug
    runs: dict[str, str] = {}
    subjects: list[tuple[URIRef, str]] = []
    for source in records:
        for kind, items in source.records.items():
            for item in items:
                rec = item.record
                if drafts.status(rec) != "suggested":
                    continue
                runs[rec.suggestion.run] = rec.suggestion.version
                if kind == "claims":
                    subjects.append((scoped_iri(entry, "claim", rec.slug), rec.suggestion.run))
                elif hasattr(rec, "slug") and kind in FOLDER_REF:
                    subjects.append((ids.entity(FOLDER_REF[kind], rec.slug), rec.suggestion.run))
    g.add((SUGGESTER, RDF.type, PROV.SoftwareAgent))
    g.add((SUGGESTER, RDFS.label, Literal("minilat suggester", lang="en")))
    for run, version in sorted(runs.items()):
        activity = ids.ID[f"activity/{run}"]
        g.add((drafts_graph(issue), PROV.wasGeneratedBy, activity))
        g.add((activity, RDF.type, PROV.Activity))
        g.add((activity, RDFS.label, Literal(f"minilat {version} suggests drafts for issue {issue}", lang="en")))
        g.add((activity, PROV.used, text))
        g.add((activity, PROV.wasAssociatedWith, SUGGESTER))
        g.add((activity, ids.SCHEMA.softwareVersion, Literal(version)))
    for node, run in subjects:
        g.add((node, PROV.wasGeneratedBy, ids.ID[f"activity/{run}"]))
