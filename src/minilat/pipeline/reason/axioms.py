"""The ontology's axioms read into rules for the entailment engine (``entail.py``).

Every OWL axiom of the TBox graph is read generically into class expressions (nested tuples,
free of blank nodes, so they hash and compare by structure) and property axioms. An axiom
the engine cannot evaluate exactly fails with one ``UserError`` naming it — never skipped.

The fragment (what HermiT would conclude about named individuals, for consistent data):

* sufficient conditions (left of SubClassOf, both sides of EquivalentClasses): named classes,
  intersectionOf, unionOf, someValuesFrom (object, also on an inverse property; data with
  rdfs:Literal), hasValue (object and data), oneOf;
* necessary conditions (right of SubClassOf): named classes, intersectionOf, hasValue, a unionOf
  of named classes (case analysis: the disjuncts HermiT classifies as disjoint with a type of the
  individual drop out), someValuesFrom (an anonymous successor, of a class without individuals,
  whose consequences HermiT's classification of the auxiliary classes already holds);
* domain, range, subPropertyOf, equivalentProperty, inverseOf, symmetric and transitive
  properties, property chains; disjointness and irreflexive/asymmetric/disjoint properties
  only constrain (consistency); functional data properties too.

Rejected: allValuesFrom, complementOf, cardinalities, hasSelf, data ranges other than
rdfs:Literal, functional, inverse-functional or reflexive object properties, keys, owl:sameAs,
and an anonymous successor that a chain, a transitive property or a restriction on the way back
could connect to other facts (``Reader.check_successors``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import combinations

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from minilat.errors import UserError

Role = tuple[URIRef, bool]  # (property, inverted)
Expr = tuple  # ("class", iri) | ("and"|"or", frozenset) | ("some", role, expr) | ("value", role, ind)
#              | ("oneof", frozenset) | ("dsome", prop) | ("dvalue", prop, literal) | ("not", expr)
THING: Expr = ("class", OWL.Thing)
AUX = "urn:minilat:entail#"

#: rdf:type objects that declare vocabulary rather than assert a class of an individual.
DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology,
                OWL.NamedIndividual, OWL.Restriction, RDFS.Datatype, RDFS.Class, RDF.Property, OWL.AllDifferent,
                OWL.DeprecatedClass, OWL.DeprecatedProperty, OWL.Axiom, OWL.Annotation}
CONSTRAINTS = {OWL.IrreflexiveProperty, OWL.AsymmetricProperty}
#: Axioms whose subject may be a blank node (an expression); any other triple on a blank node is part
#: of an expression, a list or an n-ary axiom, read where it is referenced.
ON_EXPRESSIONS = {RDF.type, RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.subPropertyOf}
#: Predicates that only constrain individuals (consistency, HermiT's part) or only occur inside expressions.
STRUCTURE = {OWL.differentFrom, OWL.members, OWL.distinctMembers}
IGNORED = {OWL.versionIRI, OWL.versionInfo, OWL.imports, OWL.priorVersion, OWL.backwardCompatibleWith,
           OWL.incompatibleWith, OWL.deprecated, RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy,
           OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}  # axiom annotations: no logical weight


class Unsupported(UserError):
    """An axiom outside the engine's fragment."""


def short(node: object) -> str:
    text = str(node)
    for base, prefix in (("https://w3id.org/minilat/ontology#", "mlo:"), (str(OWL), "owl:"), (str(RDFS), "rdfs:"), (str(RDF), "rdf:"),
                         ("https://w3id.org/minilat/id/", ""), (AUX, "aux:")):
        if text.startswith(base):
            return prefix + text[len(base):]
    if isinstance(node, BNode):
        return "[…]"
    return f"<{text}>" if isinstance(node, URIRef) else text


def show(e: Expr) -> str:
    """A class expression in a Manchester-like syntax, for messages."""
    kind = e[0]
    if kind == "class":
        return short(e[1])
    if kind in ("and", "or"):
        return "(" + f" {kind} ".join(sorted(show(x) for x in e[1])) + ")"
    if kind in ("some", "value"):
        prop = ("inverse " if e[1][1] else "") + short(e[1][0])
        return f"({prop} {kind} {show(e[2]) if kind == 'some' else short(e[2])})"
    if kind == "dsome":
        return f"({short(e[1])} some rdfs:Literal)"
    if kind == "dvalue":
        return f"({short(e[1])} value {e[2].n3()})"
    if kind == "oneof":
        return "{" + ", ".join(sorted(short(i) for i in e[1])) + "}"
    return f"(not {show(e[1])})"


def key(e: object) -> str:
    """A canonical string for an expression (sets sorted): the aux class name is its hash."""
    if isinstance(e, frozenset):
        return "{" + ",".join(sorted(key(x) for x in e)) + "}"
    if isinstance(e, tuple):
        return "(" + ",".join(key(x) for x in e) + ")"
    return e.n3() if isinstance(e, Node) else repr(e)


def name(e: Expr) -> URIRef:
    """The class standing for ``e``: itself when named, else an auxiliary class."""
    if e[0] == "class":
        return e[1]
    return URIRef(AUX + hashlib.sha1(key(e).encode()).hexdigest()[:16])


@dataclass
class Program:
    """What the engine needs from the ontology, read once per ontology."""

    classes: set[URIRef] = field(default_factory=set)  # declared owl:Class
    object_props: set[URIRef] = field(default_factory=set)
    data_props: set[URIRef] = field(default_factory=set)
    annotation_props: set[URIRef] = field(default_factory=set)
    exprs: dict[URIRef, Expr] = field(default_factory=dict)  # aux class → expression
    top_existentials: list[tuple[Role, Expr, str]] = field(default_factory=list)
    fillers: set[URIRef] = field(default_factory=set)  # classes of anonymous successors
    role_axioms: list[tuple[Role, Role]] = field(default_factory=list)  # sub ⊑ super
    data_axioms: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    transitive: set[URIRef] = field(default_factory=set)
    symmetric: set[URIRef] = field(default_factory=set)
    chains: list[tuple[tuple[Role, ...], URIRef]] = field(default_factory=list)
    inverses: dict[URIRef, set[URIRef]] = field(default_factory=dict)  # named owl:inverseOf, both ways
    disjoint: set[frozenset[URIRef]] = field(default_factory=set)
    irreflexive: set[URIRef] = field(default_factory=set)
    asymmetric: set[URIRef] = field(default_factory=set)
    disjoint_props: set[frozenset[URIRef]] = field(default_factory=set)
    functional_data: set[URIRef] = field(default_factory=set)
    assertions: list[tuple[Node, Node, Node]] = field(default_factory=list)  # individuals in the TBox
    supers: dict[Role, frozenset[Role]] = field(default_factory=dict)
    data_supers: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)

    def register(self, e: Expr) -> URIRef:
        """Name ``e`` and every sub-expression (the classification will place them all)."""
        if e[0] in ("and", "or"):
            for part in e[1]:
                self.register(part)
        elif e[0] in ("some", "not"):
            self.register(e[2] if e[0] == "some" else e[1])
        elif e[0] == "value":
            self.register(("oneof", frozenset([e[2]])))
        if e[0] != "class":
            self.exprs[name(e)] = e
        return name(e)

    def nominals(self) -> set[URIRef]:
        """The individuals named in class expressions (hasValue, oneOf)."""
        return {i for e in self.exprs.values() if e[0] == "oneof" for i in e[1]}

    def sup(self, role: Role) -> frozenset[Role]:
        return self.supers.get(role, frozenset([role]))


def inv(role: Role) -> Role:
    return (role[0], not role[1])


class Reader:
    """Reads one TBox graph into a ``Program``."""

    def __init__(self, tbox: Graph) -> None:
        self.g = tbox
        self.p = Program()
        for kind, target in ((OWL.Class, self.p.classes), (OWL.ObjectProperty, self.p.object_props),
                             (OWL.DatatypeProperty, self.p.data_props), (OWL.AnnotationProperty, self.p.annotation_props)):
            target.update(s for s in tbox.subjects(RDF.type, kind) if isinstance(s, URIRef))

    def fail(self, axiom: str, why: str) -> None:
        raise Unsupported(f"the entailment engine does not support {why}: {axiom}")

    def items(self, node: Node, axiom: str) -> list[Node]:
        try:
            return list(Collection(self.g, node))
        except Exception:  # a malformed RDF list
            self.fail(axiom, "a malformed RDF list")
            raise

    def role(self, node: Node, axiom: str) -> Role:
        if isinstance(node, URIRef) and node in self.p.object_props:
            return (node, False)
        inner = self.g.value(node, OWL.inverseOf) if isinstance(node, BNode) else None
        if isinstance(inner, URIRef) and inner in self.p.object_props:
            return (inner, True)
        self.fail(axiom, f"the property {short(node)} (declare it an owl:ObjectProperty)")
        raise AssertionError

    def cls(self, node: Node, axiom: str) -> Expr:
        """A class expression."""
        if isinstance(node, URIRef):
            return ("class", node)
        g = self.g
        for op in (OWL.intersectionOf, OWL.unionOf):
            members = g.value(node, op)
            if members is not None:
                return ("and" if op == OWL.intersectionOf else "or", frozenset(self.cls(m, axiom) for m in self.items(members, axiom)))
        oneof = g.value(node, OWL.oneOf)
        if oneof is not None:
            return ("oneof", frozenset(self.items(oneof, axiom)))
        prop = g.value(node, OWL.onProperty)
        if prop is None:
            found = sorted(short(p) for p in g.predicates(node) if p != RDF.type)
            self.fail(axiom, f"the class expression with {', '.join(found) or 'no definition'}")
        data = isinstance(prop, URIRef) and prop in self.p.data_props
        some, value = g.value(node, OWL.someValuesFrom), g.value(node, OWL.hasValue)
        if some is not None and data:
            if some not in (RDFS.Literal,):
                self.fail(axiom, f"a data someValuesFrom with the data range {short(some)} (only rdfs:Literal)")
            return ("dsome", prop)
        if some is not None:
            return ("some", self.role(prop, axiom), self.cls(some, axiom))
        if value is not None and data:
            return ("dvalue", prop, value)
        if value is not None:
            if isinstance(value, Literal):
                self.fail(axiom, f"hasValue with a literal on the object property {short(prop)}")
            return ("value", self.role(prop, axiom), value)
        found = sorted(short(p) for p in g.predicates(node) if p not in (RDF.type, OWL.onProperty))
        self.fail(axiom, f"the restriction {', '.join(found)} on {short(prop)}")
        raise AssertionError

    def gci(self, sub: Node, sup: Node, axiom: str) -> None:
        lhs, rhs = self.cls(sub, axiom), self.cls(sup, axiom)
        self.add_gci(lhs, rhs, f"{axiom}  [{show(lhs)} SubClassOf {show(rhs)}]")

    def add_gci(self, lhs: Expr, rhs: Expr, axiom: str) -> None:
        self.p.register(lhs)
        self.p.register(rhs)
        self.rhs(rhs, axiom)

    def rhs(self, e: Expr, axiom: str) -> None:
        """A necessary condition of named individuals: what the engine can act on."""
        kind = e[0]
        if kind == "and":
            for part in e[1]:
                self.rhs(part, axiom)
        elif kind == "or":
            named = [x[1] for x in e[1] if x[0] == "class"]
            if len(named) < len(e[1]):
                self.fail(axiom, "a union of class expressions as a necessary condition (only a union of named classes)")
            for j in named:  # case analysis: the union and all other disjuncts excluded ⇒ the remaining one
                self.p.register(("and", frozenset([e] + [("not", ("class", i)) for i in named if i != j])))
        elif kind == "some":
            self.p.top_existentials.append((e[1], e[2], axiom))
            self.filler(e[2], axiom)
        elif kind == "oneof":
            self.fail(axiom, "an enumeration (owl:oneOf) as a necessary condition")

    def filler(self, e: Expr, axiom: str) -> None:
        """The class of an anonymous successor: HermiT classifies it; no individuals inside."""
        self.p.fillers.add(name(e))
        if e[0] in ("value", "oneof", "dvalue"):
            self.fail(axiom, f"an individual inside an anonymous successor ({show(e)})")
        for part in e[1] if e[0] in ("and", "or") else [e[2]] if e[0] == "some" else []:
            self.filler(part, axiom)

    def read(self) -> Program:
        g, p = self.g, self.p
        for s, pred, o in g:
            axiom = f"{short(s)} {short(pred)} {short(o)}"
            if isinstance(s, BNode) and pred not in ON_EXPRESSIONS:
                continue  # part of a class or property expression, a list or an n-ary axiom: read where used
            if pred == RDF.type:
                self.typed(s, o, axiom)
            elif pred == RDFS.subClassOf:
                self.gci(s, o, axiom)
            elif pred == OWL.equivalentClass:
                self.gci(s, o, axiom)
                self.gci(o, s, axiom)
            elif pred == OWL.disjointWith:
                p.disjoint.add(frozenset([s, o]))
            elif pred == OWL.disjointUnionOf:
                members = self.items(o, axiom)
                union = ("or", frozenset(self.cls(m, axiom) for m in members))
                self.add_gci(("class", s), union, axiom)
                self.add_gci(union, ("class", s), axiom)
                p.disjoint.update(frozenset(pair) for pair in combinations(members, 2))
            elif pred in (RDFS.domain, RDFS.range):
                self.domain_range(s, pred, o, axiom)
            elif pred in (RDFS.subPropertyOf, OWL.equivalentProperty):
                self.subproperty(s, o, axiom, both=pred == OWL.equivalentProperty)
            elif pred == OWL.inverseOf:
                a, b = self.role(s, axiom), inv(self.role(o, axiom))
                p.role_axioms += [(a, b), (b, a)]
                if isinstance(o, URIRef):
                    p.inverses.setdefault(s, set()).add(o)
                    p.inverses.setdefault(o, set()).add(s)
            elif pred == OWL.propertyChainAxiom:
                chain = tuple(self.role(x, axiom) for x in self.items(o, axiom))
                p.chains.append((chain, self.role(s, axiom)[0]))
            elif pred == OWL.propertyDisjointWith:
                p.disjoint_props.add(frozenset([s, o]))
            elif pred in STRUCTURE or pred in IGNORED or pred in p.annotation_props:
                continue
            elif pred in p.object_props or pred in p.data_props:
                p.assertions.append((s, pred, o))
            elif str(pred).startswith((str(OWL), str(RDFS), str(RDF))):
                self.fail(axiom, f"the axiom {short(pred)}")
        self.closures()
        return p

    def typed(self, s: Node, o: Node, axiom: str) -> None:
        p = self.p
        if o in DECLARATIONS:
            return
        if o in (OWL.TransitiveProperty, OWL.SymmetricProperty):
            (p.transitive if o == OWL.TransitiveProperty else p.symmetric).add(s)
        elif o in CONSTRAINTS:
            (p.irreflexive if o == OWL.IrreflexiveProperty else p.asymmetric).add(s)
        elif o == OWL.FunctionalProperty:
            if s not in p.data_props:
                self.fail(axiom, "a functional object property (it merges individuals)")
            p.functional_data.add(s)  # only constrains: two values clash
        elif o == OWL.AllDisjointClasses:
            members = self.items(self.g.value(s, OWL.members), axiom)
            p.disjoint.update(frozenset(pair) for pair in combinations(members, 2))
        elif o == OWL.AllDisjointProperties:
            members = self.items(self.g.value(s, OWL.members), axiom)
            p.disjoint_props.update(frozenset(pair) for pair in combinations(members, 2))
        elif isinstance(o, URIRef) and not str(o).startswith((str(OWL), str(RDFS), str(RDF))):
            p.assertions.append((s, RDF.type, o))
        else:
            self.fail(axiom, f"the axiom type {short(o)}")

    def domain_range(self, s: Node, pred: Node, o: Node, axiom: str) -> None:
        p = self.p
        if s in p.annotation_props or (pred == RDFS.range and s in p.data_props):
            return  # no logical weight on named individuals (a data range constrains literals)
        if s in p.data_props:
            lhs: Expr = ("dsome", s)
        else:
            lhs = ("some", self.role(s, axiom) if pred == RDFS.domain else inv(self.role(s, axiom)), THING)
        rhs = self.cls(o, axiom)
        self.add_gci(lhs, rhs, f"{axiom}  [{show(lhs)} SubClassOf {show(rhs)}]")

    def subproperty(self, s: Node, o: Node, axiom: str, both: bool) -> None:
        p = self.p
        if s in p.annotation_props or o in p.annotation_props:
            return
        if s in p.data_props or o in p.data_props:
            p.data_axioms += [(s, o)] + ([(o, s)] if both else [])
            return
        a, b = self.role(s, axiom), self.role(o, axiom)
        p.role_axioms += [(a, b)] + ([(b, a)] if both else [])

    def closures(self) -> None:
        """Property hierarchies over property expressions, inverses included, closed transitively."""
        p = self.p
        edges: dict[Role, set[Role]] = {}
        for a, b in p.role_axioms:
            edges.setdefault(a, set()).add(b)
            edges.setdefault(inv(a), set()).add(inv(b))
        for s in p.symmetric:
            edges.setdefault((s, False), set()).add((s, True))
            edges.setdefault((s, True), set()).add((s, False))
        for prop in p.object_props:
            for role in ((prop, False), (prop, True)):
                seen, todo = {role}, [role]
                while todo:
                    for nxt in edges.get(todo.pop(), ()):
                        if nxt not in seen:
                            seen.add(nxt)
                            todo.append(nxt)
                p.supers[role] = frozenset(seen)
        data: dict[URIRef, set[URIRef]] = {}
        for a, b in p.data_axioms:
            data.setdefault(a, set()).add(b)
        for prop in p.data_props:
            seen, todo = {prop}, [prop]
            while todo:
                for nxt in data.get(todo.pop(), ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            p.data_supers[prop] = frozenset(seen)
        self.check_successors()

    def check_successors(self) -> None:
        """An anonymous successor (x ∈ C ⊑ ∃R.B) is left to HermiT's classification of C. That is
        exact only if nothing flows between it and x's other facts: no property from it back to x
        in a restriction with a filler, a chain or a transitive property (and, after the
        classification, no individual in its class: ``entail.classify``)."""
        p = self.p
        for role, _filler, axiom in p.top_existentials:
            back = inv(role)
            for t in p.transitive:
                if {(t, False), (t, True)} & (p.sup(role) | p.sup(back)):
                    self.fail(axiom, f"an anonymous successor over {short(role[0])}, a sub-property of the transitive {short(t)}")
            for chain, target in p.chains:
                for i, element in enumerate(chain):
                    if element in p.sup(back) or (i > 0 and element in p.sup(role)):
                        self.fail(axiom, f"an anonymous successor over {short(role[0])}, which the property chain of {short(target)} passes through")
            for e in p.exprs.values():
                if e[0] in ("some", "value") and e[1] in p.sup(back) and (e[0] == "value" or e[2] != THING):
                    self.fail(axiom, f"an anonymous successor over {short(role[0])} whose inverse the restriction {show(e)} reads")


def read(tbox: Graph) -> Program:
    """The ontology's axioms as a ``Program``; ``Unsupported`` names the first axiom outside the fragment."""
    return Reader(tbox).read()


def to_rdf(e: Expr, g: Graph) -> Node:
    """Write an expression back as OWL in RDF (for HermiT's classification of the aux classes)."""
    kind = e[0]
    if kind == "class":
        return e[1]
    node = BNode()

    def restriction(role: Role | URIRef) -> None:
        g.add((node, RDF.type, OWL.Restriction))
        if isinstance(role, tuple) and role[1]:
            prop = BNode()
            g.add((prop, OWL.inverseOf, role[0]))
            g.add((node, OWL.onProperty, prop))
        else:
            g.add((node, OWL.onProperty, role[0] if isinstance(role, tuple) else role))

    if kind in ("and", "or", "oneof"):
        g.add((node, RDF.type, OWL.Class))
        items = [to_rdf(x, g) for x in e[1]] if kind != "oneof" else list(e[1])
        head = BNode()
        Collection(g, head, items)
        g.add((node, {"and": OWL.intersectionOf, "or": OWL.unionOf, "oneof": OWL.oneOf}[kind], head))
    elif kind == "not":
        g.add((node, RDF.type, OWL.Class))
        g.add((node, OWL.complementOf, to_rdf(e[1], g)))
    elif kind == "some":
        restriction(e[1])
        g.add((node, OWL.someValuesFrom, to_rdf(e[2], g)))
    elif kind == "value":
        restriction(e[1])
        g.add((node, OWL.hasValue, e[2]))
    elif kind == "dsome":
        restriction(e[1])
        g.add((node, OWL.someValuesFrom, RDFS.Literal))
    elif kind == "dvalue":
        restriction(e[1])
        g.add((node, OWL.hasValue, e[2]))
    return node

