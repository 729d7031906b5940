"""Links to other data sets, beside the pipeline.

- ``links``: the ``graph/links`` graph (Wikidata, DBpedia, Wikipedia, ISSN, DOI) and the opt-in
  ``owl:sameAs`` linkset, built from the confirmed identifiers in
  ``corpus/reference/external-ids.yaml``; its linksets are described in the VoID;
- ``wikidata``: ``minilat link --wikidata``, which proposes missing QIDs into a review file,
  never into the graph.
"""
