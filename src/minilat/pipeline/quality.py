"""Ontology quality checks (issue 15): the pitfalls OOPS! and FOOPS! find, as checks a test runs.

Each check reads the dataset (a pyoxigraph store holding every named graph: the ontology
graph is ``ontology/minilat.ttl``) and returns :class:`Finding` s; none means it passes. The
checks that are SPARQL queries live in ``ontology/rules/`` as ``*-violation.rq``, so every
build runs them too; this module runs them again and adds what SPARQL cannot say.

* :func:`undeclared` — a property, class or datatype used anywhere but not declared in the
  ontology graph (OOPS P35; rule ``undeclared-term-violation.rq``). A date literal is fine as
  an annotation value; as a data value its datatype must be in the OWL 2 datatype map.
* :func:`undocumented` — a declared term without rdfs:label and skos:definition in English
  and Chinese, or without rdfs:isDefinedBy (rule ``undocumented-term-violation.rq``), which
  must be the ontology for ours and the namespace document (:data:`NAMESPACE_DOCUMENTS`)
  for a reused term.
* :func:`punning` — one IRI declared as two kinds of property, an annotation property in a
  logical axiom, an object property with a literal value or a data property with an IRI.
* :func:`reserved` — reserved RDF/RDFS/OWL vocabulary misused in the data (rdf:subject,
  rdf:Statement, a datatype declared outside the ontology …), which OWL 2 DL forbids.
* :func:`hijacking` — an axiom on another vocabulary's term that the vocabulary does not
  state (OOPS P40; the allowed ones are listed, with their sources, in
  ``ontology/rules/reused-term-axiom-violation.rq``), or a reused term's definition
  rewritten for minilat.
* :func:`versions` — the version IRI, the frozen release file per version, prior versions.
* :func:`profile` — the OWL API's OWL 2 DL profile check (Debian ``libowlapi-java``, run
  with Java's source launcher), with the RDF triples the OWL 2 mapping could not read.
* :func:`unused` — minilat terms the data never uses (nor a sub-term or inverse of them).

``python -m minilat.pipeline.quality [--release FILE] [--no-profile]`` prints the report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from minilat import paths
from minilat.errors import UserError
from minilat.store import Store

BASE = "https://w3id.org/minilat/"
MLO = BASE + "ontology#"
ONTOLOGY = BASE + "ontology"
ONTOLOGY_GRAPH = ox.NamedNode(BASE + "graph/ontology")
INFERRED_GRAPH = ox.NamedNode(BASE + "graph/inferred")
RELEASES = paths.ONTOLOGY_DIR / "releases"
JAVA_CHECKER = Path(__file__).with_name("OwlProfile.java")

RDF, RDFS, OWL, XSD = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
                       "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
SKOS = "http://www.w3.org/2004/02/skos/core#"
RESERVED = (RDF, RDFS, OWL, XSD)
TYPE = ox.NamedNode(RDF + "type")
KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object property", OWL + "DatatypeProperty": "data property",
         OWL + "AnnotationProperty": "annotation property", RDFS + "Datatype": "datatype"}
PROPERTY_KINDS = {"object property", "data property", "annotation property"}
#: OWL 2's built-in annotation properties, and what else of the reserved vocabulary data may use.
BUILTIN_ANNOTATIONS = {RDFS + n for n in ("label", "comment", "seeAlso", "isDefinedBy")} | {
    OWL + n for n in ("deprecated", "versionInfo", "priorVersion", "backwardCompatibleWith", "incompatibleWith")}
DATA_BUILTINS = BUILTIN_ANNOTATIONS | {RDF + "type", OWL + "sameAs", OWL + "differentFrom"}
INFERRED_BUILTINS = DATA_BUILTINS | {RDFS + "subClassOf", RDFS + "subPropertyOf", OWL + "equivalentClass"}
DATA_CLASSES = {OWL + "NamedIndividual", OWL + "Thing"}
#: Namespace of a reused term → the document that defines it (its rdfs:isDefinedBy).
NAMESPACE_DOCUMENTS = {
    "http://www.w3.org/2004/02/skos/core#": "http://www.w3.org/2004/02/skos/core",
    "http://purl.org/dc/terms/": "http://purl.org/dc/terms/",
    "http://www.w3.org/ns/org#": "http://www.w3.org/ns/org",
    "http://www.w3.org/ns/prov#": "http://www.w3.org/ns/prov-o#",
    "http://xmlns.com/foaf/0.1/": "http://xmlns.com/foaf/0.1/",
    "http://purl.org/spar/fabio/": "http://purl.org/spar/fabio",
    "http://prismstandard.org/namespaces/basic/2.0/": "http://prismstandard.org/namespaces/basic/2.0/",
    "http://schema.org/": "http://schema.org/",
    "http://www.w3.org/ns/oa#": "http://www.w3.org/ns/oa#",
    "http://www.w3.org/2006/time#": "http://www.w3.org/2006/time",
    "http://purl.org/vocab/vann/": "http://purl.org/vocab/vann/",
    "http://purl.org/ontology/bibo/": "http://purl.org/ontology/bibo/",
}
#: Words that give away a definition rewritten for minilat (its usage belongs in skos:scopeNote).
REWRITTEN = re.compile(r"\b(minilat|digest|here|claims?|compil\w*|mechanisms?|states?|declared|dbpedia)\b", re.IGNORECASE)
#: Debian's OWL API (libowlapi-java) and the jars its parsers need, in /usr/share/java.
OWLAPI_JARS = ("owlapi-distribution guava caffeine commons-io commons-codec commons-logging commons-rdf-api commons-rdf-simple "
               "commons-lang3 commons-text hppcrt slf4j-api slf4j-nop jsr305 atinject-jsr330-api xz jackson-core "
               "jackson-databind jackson-annotations httpclient httpcore jsonld-java").split()
JAVA_DIR = Path("/usr/share/java")


@dataclass(frozen=True, order=True)
class Finding:
    """One failed check: which check, which term (or triple), and what is wrong."""

    check: str
    term: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.term}: {self.detail}"


@dataclass
class Profile:
    """The OWL API's answer for one file: axiom count, profile violations, unread triples."""

    axioms: int = 0
    violations: list[tuple[str, str]] = field(default_factory=list)
    unparsed: list[tuple[str, str, str]] = field(default_factory=list)


def load(release: Path = paths.GRAPHS / "minilat.nq") -> ox.Store:
    """A release file (N-Quads) in an in-memory store."""
    return Store.open(release=release).engine


def of_dataset(dataset: Dataset) -> ox.Store:
    """A build's dataset (before any release file is written) in an in-memory store."""
    return Store.from_dataset(dataset).engine


def ontology_store(path: Path = paths.ONTOLOGY) -> ox.Store:
    """An ontology file alone, loaded into the ontology graph of a store."""
    store = Store.memory()
    store.load(path, graph=ONTOLOGY_GRAPH.value, fmt=ox.RdfFormat.TURTLE)
    return store.engine


def namespace(iri: str) -> str:
    return re.match(r"^(.*[#/])[^#/]*$", iri).group(1)  # type: ignore[union-attr]


def ours(iri: str) -> bool:
    return iri.startswith(BASE)


def declarations(store: ox.Store) -> dict[str, set[str]]:
    """Every IRI declared in the ontology graph → its kinds (class, object property, …)."""
    out: dict[str, set[str]] = {}
    for quad in store.quads_for_pattern(None, TYPE, None, ONTOLOGY_GRAPH):
        if isinstance(quad.subject, ox.NamedNode) and quad.object.value in KINDS:
            out.setdefault(quad.subject.value, set()).add(KINDS[quad.object.value])
    return out


def _quads(store: ox.Store, ontology: bool = True) -> Iterator[ox.Quad]:
    for quad in store:
        if ontology or quad.graph_name != ONTOLOGY_GRAPH:
            yield quad


def rule(store: ox.Store, name: str, check: str, note: str = "") -> list[Finding]:
    """The rows of one ``ontology/rules/*-violation.rq`` (which the build also runs) as findings."""
    query = (paths.RULES / name).read_text(encoding="utf-8")
    rows = store.query(query, use_default_graph_as_union=True)
    return [Finding(check, row["entity"].value, f"{row['property'].value} {row['value'].value}{note}") for row in rows]


def undeclared(store: ox.Store) -> list[Finding]:
    """Properties, classes and datatypes used in any graph but not declared in the ontology graph."""
    return rule(store, "undeclared-term-violation.rq", "undeclared")


def undocumented(store: ox.Store) -> list[Finding]:
    """Declared terms without labels and definitions in en and zh, or not defined by the right document."""
    out = rule(store, "undocumented-term-violation.rq", "undocumented")
    defined_by = ox.NamedNode(RDFS + "isDefinedBy")
    for term in sorted(declarations(store)):
        defined = {q.object.value for q in store.quads_for_pattern(ox.NamedNode(term), defined_by, None, ONTOLOGY_GRAPH)}
        expected = ONTOLOGY if ours(term) else NAMESPACE_DOCUMENTS.get(namespace(term))
        if expected is None:
            out.append(Finding("undocumented", term, f"no namespace document known for {namespace(term)} (add it to NAMESPACE_DOCUMENTS)"))
        elif defined and defined != {expected}:
            out.append(Finding("undocumented", term, f"rdfs:isDefinedBy {sorted(defined)}, expected <{expected}>"))
    return out


AXIOM_PROPERTIES = {RDFS + n for n in ("domain", "range", "subPropertyOf")} | {
    OWL + n for n in ("onProperty", "inverseOf", "equivalentProperty", "propertyDisjointWith")}


def punning(store: ox.Store) -> list[Finding]:
    """Property punning and annotation properties used with object or data semantics."""
    declared = declarations(store)
    out = [Finding("punning", term, "declared as " + " and ".join(sorted(kinds & PROPERTY_KINDS)))
           for term, kinds in sorted(declared.items()) if len(kinds & PROPERTY_KINDS) > 1 or {"class", "datatype"} <= kinds]
    annotation = {t for t, kinds in declared.items() if "annotation property" in kinds}
    for quad in store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH):
        p = quad.predicate.value
        if p in AXIOM_PROPERTIES:
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode) and term.value in annotation and not (p == RDFS + "subPropertyOf" and quad.object.value in annotation | BUILTIN_ANNOTATIONS):
                    out.append(Finding("punning", term.value, f"annotation property in a logical axiom ({p.rsplit('#', 1)[-1]})"))
        if p == RDF + "first" and isinstance(quad.object, ox.NamedNode) and quad.object.value in annotation:
            out.append(Finding("punning", quad.object.value, "annotation property in a property chain or list axiom"))
    kinds_of = {t: k for t, k in declared.items()}
    wrong: set[Finding] = set()
    for quad in _quads(store, ontology=False):
        kinds = kinds_of.get(quad.predicate.value, set())
        if "object property" in kinds and isinstance(quad.object, ox.Literal):
            wrong.add(Finding("punning", quad.predicate.value, "object property with a literal value"))
        if "data property" in kinds and not isinstance(quad.object, ox.Literal):
            wrong.add(Finding("punning", quad.predicate.value, "data property with an IRI or blank node value"))
    return sorted(set(out)) + sorted(wrong)


def reserved(store: ox.Store) -> list[Finding]:
    """Reserved RDF, RDFS, OWL and XSD vocabulary that the data uses as OWL 2 DL does not allow."""
    found: dict[Finding, int] = {}
    for quad in _quads(store, ontology=False):
        p, o = quad.predicate.value, quad.object
        allowed = INFERRED_BUILTINS if quad.graph_name == INFERRED_GRAPH else DATA_BUILTINS
        if p.startswith(RESERVED) and p not in allowed:
            finding = Finding("reserved", p, "reserved vocabulary used as a property in the data")
            found[finding] = found.get(finding, 0) + 1
        if p == TYPE.value and isinstance(o, ox.NamedNode) and o.value.startswith(RESERVED) and o.value not in DATA_CLASSES:
            finding = Finding("reserved", o.value, "reserved vocabulary used as a class in the data (declare terms in the ontology graph)")
            found[finding] = found.get(finding, 0) + 1
    return [Finding(f.check, f.term, f"{f.detail} ({n} triples)") for f, n in sorted(found.items())]


def hijacking(store: ox.Store) -> list[Finding]:
    """Axioms on reused terms that their vocabularies do not state, and rewritten definitions."""
    out = rule(store, "reused-term-axiom-violation.rq", "hijacking", ": not stated by its vocabulary")
    definition = ox.NamedNode(SKOS + "definition")
    for quad in store.quads_for_pattern(None, definition, None, ONTOLOGY_GRAPH):
        term = quad.subject.value
        if isinstance(quad.subject, ox.NamedNode) and not ours(term) and quad.object.language == "en" and (m := REWRITTEN.search(quad.object.value)):
            out.append(Finding("hijacking", term, f"definition rewritten for minilat ({m.group(0)!r}): keep the source's definition, put minilat's use in skos:scopeNote"))
    return sorted(out)


def _value(graph: ox.Store, subject: str, prop: str) -> str | None:
    found = [q.object.value for q in graph.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(prop), None, ONTOLOGY_GRAPH)]
    return found[0] if len(found) == 1 else None


def release_file(version: str, folder: Path = RELEASES) -> Path | None:
    """The frozen ontology file of a version (``0.2.0`` → releases/0.2.0.ttl), or None."""
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        return None
    path = folder / f"{version}.ttl"
    return path if path.is_file() else None


def versions(source: Path = paths.ONTOLOGY, folder: Path = RELEASES) -> list[Finding]:
    """Every release file carries its own version IRI; the current version is frozen, byte for byte."""
    out = []
    current = ontology_store(source)
    info = _value(current, ONTOLOGY, OWL + "versionInfo")
    iri = _value(current, ONTOLOGY, OWL + "versionIRI")
    if info is None or iri != f"{ONTOLOGY}/{info}":
        out.append(Finding("versions", ONTOLOGY, f"owl:versionIRI {iri} does not match owl:versionInfo {info}"))
    frozen = release_file(info or "", folder)
    if frozen is None or frozen.read_bytes() != source.read_bytes():
        out.append(Finding("versions", f"{ONTOLOGY}/{info}", f"{source.name} is not frozen as {folder.name}/{info}.ttl: copy it there (and raise the version for any later change)"))
    prior = _value(current, ONTOLOGY, OWL + "priorVersion")
    if prior is not None and release_file(prior.rsplit("/", 1)[-1], folder) is None:
        out.append(Finding("versions", prior, "owl:priorVersion has no release file"))
    for path in sorted(folder.glob("*.ttl")):
        release = ontology_store(path)
        version = path.stem
        if _value(release, ONTOLOGY, OWL + "versionIRI") != f"{ONTOLOGY}/{version}" or _value(release, ONTOLOGY, OWL + "versionInfo") != version:
            out.append(Finding("versions", str(path.name), f"the file's owl:versionIRI / owl:versionInfo are not {version}"))
    return out


def unused(store: ox.Store) -> set[str]:
    """minilat terms (not deprecated) that the data never uses, directly or through a sub-term or inverse."""
    declared = {t for t in declarations(store) if t.startswith(MLO)}
    deprecated = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(OWL + "deprecated"), ox.Literal(True), ONTOLOGY_GRAPH)}
    used: set[str] = set()
    for quad in store:  # every property used anywhere; in the data, every IRI value; in the ontology, individuals' types
        used.add(quad.predicate.value)
        if isinstance(quad.object, ox.NamedNode) and (quad.graph_name != ONTOLOGY_GRAPH or (quad.predicate == TYPE and quad.subject.value not in declared)):
            used.add(quad.object.value)
    links = [(q.subject.value, q.object.value) for p in ("subClassOf", "subPropertyOf") for q in store.quads_for_pattern(None, ox.NamedNode(RDFS + p), None, ONTOLOGY_GRAPH)
             if isinstance(q.object, ox.NamedNode)]
    links += [pair for q in store.quads_for_pattern(None, ox.NamedNode(OWL + "inverseOf"), None, ONTOLOGY_GRAPH)
              if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode) for pair in ((q.subject.value, q.object.value), (q.object.value, q.subject.value))]
    changed = True
    while changed:  # a super-term or inverse of a used term is used
        changed = False
        for sub, sup in links:
            if sub in used and sup not in used:
                used.add(sup)
                changed = True
    return declared - used - deprecated


def classpath(folder: Path = JAVA_DIR) -> str:
    """The OWL API jars (Debian libowlapi-java and its dependencies)."""
    if not (folder / "owlapi-distribution.jar").is_file():
        raise UserError("the OWL 2 DL profile check needs the OWL API: apt-get install libowlapi-java (scripts/system-deps.sh test)")
    jars = [folder / f"{name}.jar" for name in OWLAPI_JARS] + sorted(p for p in folder.glob("rdf4j-*.jar") if not re.search(r"-\d[\d.]*\.jar$", p.name))
    return ":".join(str(j) for j in jars if j.is_file())


def profile(path: Path) -> Profile:
    """Run the OWL API's OWL 2 DL profile check on a Turtle or N-Triples file."""
    java = shutil.which("java")
    if java is None:
        raise UserError("the OWL 2 DL profile check needs Java: apt-get install default-jre-headless")
    done = subprocess.run([java, "-cp", classpath(), str(JAVA_CHECKER), str(path)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise UserError(f"the OWL API could not check {path}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    result = Profile()
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "axioms":
            result.axioms = int(rest)
        elif kind == "violation":
            name, _, text = rest.partition("\t")
            result.violations.append((name, text))
        elif kind == "unparsed":
            s, p, o = rest.split("\t", 2)
            result.unparsed.append((s, p, o))
    return result


def profile_of(store: ox.Store) -> Profile:
    """The profile check of everything in ``store`` merged into one graph (ontology + data)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "merged.nt"
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store), str(path), format=ox.RdfFormat.N_TRIPLES)
        return profile(path)


CHECKS = {"undeclared": undeclared, "undocumented": undocumented, "punning": punning, "reserved": reserved, "hijacking": hijacking}


def report(store: ox.Store, with_profile: bool = True) -> dict[str, list[str]]:
    """Every check's findings as text, by check name."""
    out = {name: [str(f) for f in check(store)] for name, check in CHECKS.items()}
    out["versions"] = [str(f) for f in versions()]
    out["unused"] = sorted(unused(store))
    if with_profile:
        for name, result in (("profile (ontology)", profile(paths.ONTOLOGY)), ("profile (ontology + data)", profile_of(store))):
            out[name] = [f"{kind}: {text}" for kind, text in result.violations] + [f"unparsed triple: {s} {p} {o}" for s, p, o in result.unparsed]
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the quality report; exit 1 when a check (other than the unused-term list) has findings."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m minilat.pipeline.quality", description=__doc__.splitlines()[0])
    parser.add_argument("--release", type=Path, default=paths.GRAPHS / "minilat.nq", help="the release file (N-Quads) to check")
    parser.add_argument("--no-profile", action="store_true", help="skip the OWL API profile check (needs Java and libowlapi-java)")
    args = parser.parse_args(argv)
    results = report(load(args.release), with_profile=not args.no_profile)
    failed = 0
    for name, findings in results.items():
        print(f"{name}: {len(findings)}")
        for line in findings:
            print(f"  {line}")
        failed += len(findings) if name != "unused" else 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
