"""The data path, one module (or package, marked /) per stage, in the order they run:

1. corpus — ``corpus``: the digests of the series listed in the manifest, each verified by SHA-256
2. parse — ``parse``: a digest's text → a ``Digest`` (preface, contents, articles), every character with its raw offset
3. records — ``records/``: the curated records (YAML, Pydantic models): a shared registry and one folder per issue
4. anchor — ``anchor``: every curated quote found once in its issue's text → Web Annotation selectors
5. assemble — ``assemble/``: the RDF dataset, a named graph per layer and per issue (facts, claims, bibliography)
6. reason — ``reason/``: rules over every issue → the inferred graph; HermiT → the TBox and the shared layers' consistency
7. validate — ``validate``: SHACL shapes (issue by issue, cached: ``shapes``) and the SPARQL ``*-violation.rq`` rules
8. release — ``release/``: TriG, N-Quads, Turtle, JSON-LD and the VoID + DCAT description, written atomically

``minilat build`` (:mod:`minilat.pipeline.build`) runs them in this order and writes ``graphs/``;
``minilat check`` runs them without writing. Around the path: :mod:`minilat.store` (the only
door to the SPARQL engine), :mod:`minilat.library` (the query library), :mod:`minilat.linking`,
:mod:`minilat.server`, :mod:`minilat.views` and :mod:`minilat.bench`.
"""
