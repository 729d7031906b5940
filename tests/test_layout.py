"""The package layout: the pipeline's stages exist as named, only store.py opens stores, no import cycles.

Read from the source with ``ast`` (nothing is imported), so a lazy import inside a function
counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from functools import cache
from pathlib import Path

import networkx as nx

import minilat

PACKAGE = Path(minilat.__file__).parent
STORE_MODULE = "minilat.store"


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text(encoding="utf-8"), filename=str(modules()[name]))


def is_package(name: str) -> bool:
    return modules()[name].name == "__init__.py"


def imported(name: str) -> set[str]:
    """The package's modules that module ``name`` imports, anywhere in it: ``import a.b``, ``from a import b``
    (the submodule ``a.b`` if there is one, else ``a``), relative imports resolved."""
    known, out = modules(), set()
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".") if is_package(name) else name.split(".")[:-1]
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    out.add(f"{base}.{alias.name}")
                elif base in known:
                    out.add(base)
    return out - {name}


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name in modules():
        graph.add_node(name)
        graph.add_edges_from((name, target) for target in imported(name))
    return graph


def test_the_import_graph_is_read_right() -> None:
    """The reader resolves the forms the package uses (a check that the cycle test can fail)."""
    graph = import_graph()
    assert ("minilat.pipeline.build", "minilat.pipeline.corpus") in graph.edges  # from minilat.pipeline import corpus
    assert ("minilat.pipeline.build", "minilat.pipeline.release.void") in graph.edges  # from minilat.pipeline.release import void
    assert ("minilat.pipeline.build", "minilat.pipeline.validate") in graph.edges  # from minilat.pipeline.validate import rules
    assert ("minilat.server.worker", "minilat.pipeline.release.void") in graph.edges  # an import inside a method
    assert ("minilat.server.describe", "minilat.library") in graph.edges  # from minilat import library (a package)
    assert len(graph) == len(modules()) > 90


def test_no_import_cycles() -> None:
    cycles = sorted(" -> ".join([*c, c[0]]) for c in nx.simple_cycles(import_graph()))
    assert cycles == []


def pyoxigraph_store_calls(module: ast.Module) -> list[int]:
    """Lines that call pyoxigraph's ``Store(``: ``ox.Store(``, ``pyoxigraph.Store(`` or an imported ``Store``."""
    aliases, direct = set(), set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "pyoxigraph"}
        elif isinstance(node, ast.ImportFrom) and node.module == "pyoxigraph":
            direct |= {alias.asname or alias.name for alias in node.names if alias.name in {"Store", "*"}}
    if "*" in direct:
        direct.add("Store")
    lines = []
    for node in ast.walk(module):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "Store" and isinstance(func.value, ast.Name) and func.value.id in aliases or isinstance(func, ast.Name) and func.id in direct:
                lines.append(node.lineno)
    return lines


def test_only_store_py_opens_pyoxigraph_stores() -> None:
    opened = {name: lines for name in modules() if (lines := pyoxigraph_store_calls(tree(name)))}
    assert set(opened) == {STORE_MODULE}, {k: v for k, v in opened.items() if k != STORE_MODULE}


def test_the_store_check_catches_every_spelling() -> None:
    sources = {
        "import pyoxigraph as ox\nox.Store()": 1,
        "import pyoxigraph\ndef f():\n    return pyoxigraph.Store('dir')": 1,
        "from pyoxigraph import Store as S\nS()": 1,
        "from pyoxigraph import *\nStore()": 1,
        "from minilat.store import Store\nStore()\nStore.memory()": 0,  # the store layer's own class
    }
    for source, expected in sources.items():
        assert len(pyoxigraph_store_calls(ast.parse(source))) == expected, source


STAGE_LINE = re.compile(r"^\s*\d+\.\s+(\w+)\s+—\s+``([\w/]+)``", re.MULTILINE)


def test_the_stages_of_the_pipeline_docstring_exist_as_modules() -> None:
    """``minilat.pipeline``'s docstring lists the stages in order; each names a module or package
    of ``minilat.pipeline``, and the build imports every one of them."""
    doc = ast.get_docstring(tree("minilat.pipeline")) or ""
    stages = STAGE_LINE.findall(doc)
    assert [stage for stage, _ in stages] == ["corpus", "parse", "records", "anchor", "assemble", "reason", "validate", "release"]
    build = imported("minilat.pipeline.build")
    for stage, module in stages:
        name = "minilat.pipeline." + module.rstrip("/")
        assert importlib.util.find_spec(name) is not None, f"stage {stage}: no module {name}"
        assert module.endswith("/") == is_package(name), f"stage {stage}: {module} (a trailing / marks a package)"
        assert any(m == name or m.startswith(name + ".") for m in build), f"minilat build does not run stage {stage} ({name})"
    for package in ("minilat.pipeline", "minilat.pipeline.assemble", "minilat.linking", "minilat.library"):
        assert ast.get_docstring(tree(package)), f"{package} has no docstring"
