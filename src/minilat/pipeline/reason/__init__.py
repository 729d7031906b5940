"""Reasoning that scales with the series: what is inferred, and what checks consistency.

- :mod:`.entail` — a rule engine over the whole ABox (every issue): the defined classes,
  property hierarchy, chains and clashes, read generically from the ontology's axioms
  (:mod:`.axioms`); gives exactly what HermiT gives over everything, in linear time.
- :mod:`.classify` — HermiT classifies the ontology alone (cached by a hash of its axioms).
- :mod:`.hermit` — HermiT through owlready2: consistency of the ontology with the shared
  layers (the registry's entities and facts), and the explanation of an inconsistency.
"""
