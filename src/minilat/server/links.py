"""The base-IRI ↔ local-URL mapping: ``https://w3id.org/minilat/{path}`` ↔ ``/{path}``.

Every IRI minted by minilat keeps its path on the server, so the mapping is a prefix swap;
a hash IRI (``…/annotation/x#quote``) resolves through its document (``/id/annotation/x``).
"""

from __future__ import annotations

from urllib.parse import quote

from minilat.ids import BASE

ONTOLOGY = BASE + "ontology"
ID = BASE + "id/"
GRAPH = BASE + "graph/"


def is_minted(iri: str) -> bool:
    return iri.startswith(BASE)


def local(iri: str) -> str:
    """The server-relative URL of a minted IRI; any other IRI unchanged."""
    if not iri.startswith(BASE):
        return iri
    rest = iri[len(BASE) :]
    path, hash_, fragment = rest.partition("#")
    return "/" + quote(path, safe="/:@!$&'()*+,;=-._~%") + (hash_ + quote(fragment, safe="-._~") if hash_ else "")


def iri(path: str) -> str:
    """The minted IRI of a server path (``/id/mechanism/quad`` → ``https://w3id.org/minilat/id/mechanism/quad``)."""
    return BASE + path.lstrip("/")


def document(iri_: str) -> str:
    """The document IRI of a hash IRI (the IRI itself otherwise)."""
    return iri_.split("#", 1)[0]


def kind(iri_: str) -> str:
    """The kind of a minted entity: the ``id/{kind}/…`` segment of its IRI ("" for other IRIs)."""
    return iri_[len(ID) :].split("/", 1)[0] if iri_.startswith(ID) else ""


def local_name(iri_: str) -> str:
    """The last segment of an IRI, for display when it has no label."""
    for sep in ("#", "/"):
        if sep in iri_.rstrip(sep):
            return iri_.rstrip(sep).rsplit(sep, 1)[1]
    return iri_


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
