"""Stage 5 of the pipeline: the curated records and their anchors → one RDF dataset.

- ``facts``: the entities and the facts the digests state (``graph/digest``), what reference
  sources add (``graph/background``), and per issue (``graph/issue/{slug}``) every Web
  Annotation into its text;
- ``claims``: each claim, in its issue's graph, with its holder, modality, reified
  propositions, role-typed links and argument links (curator's readings in ``graph/readings``);
- ``bibliography``: the parser's bibliography (``graph/bibliography``): issues, entries,
  articles, journals and people.
"""
