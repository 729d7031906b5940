"""Validation: SHACL shapes (pySHACL) and quality rules as SPARQL ``*-violation.rq`` files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Graph, Namespace

from minilat import paths
from minilat.errors import UserError
from minilat.store import Store

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    """One failed check: which rule or shape, what node, and what to fix."""

    rule: str
    focus: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.focus}: {self.message}"


def shacl(data: Graph, shapes: Path = paths.SHAPES, ontology: Graph | None = None) -> list[Violation]:
    """Validate ``data`` against the SHACL shapes."""
    from pyshacl import validate

    if not shapes.is_file():
        raise UserError("SHACL shapes missing", shapes)
    shapes_graph = Graph().parse(shapes, format="turtle")
    conforms, report, _ = validate(data, shacl_graph=shapes_graph, ont_graph=ontology, inference="none", allow_warnings=True)
    if conforms:
        return []
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        shape = report.value(result, SH.sourceShape)
        out.append(
            Violation(
                rule=f"shape {shape}" if shape else "shape",
                focus=str(report.value(result, SH.focusNode)),
                message=str(report.value(result, SH.resultMessage) or report.value(result, SH.resultPath)),
            )
        )
    return sorted(out, key=str)


def rules(store: Store | pyoxigraph.Store, folder: Path = paths.RULES) -> list[Violation]:
    """Run every ``*-violation.rq`` over the union of the named graphs; each row is a violation."""
    engine = store.engine if isinstance(store, Store) else store
    out = []
    for path in sorted(folder.glob("*-violation.rq")):
        results = engine.query(path.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        for row in results:
            cells = [f"{name}={row[name].value}" for name in names if row[name] is not None]
            out.append(Violation(rule=path.name, focus=cells[0] if cells else "", message=", ".join(cells[1:])))
    return out


def to_store(dataset: Dataset) -> pyoxigraph.Store:
    """The dataset in memory (``Store.from_dataset``), as the pyoxigraph engine the SPARQL rules run on."""
    return Store.from_dataset(dataset).engine
