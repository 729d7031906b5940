"""Suggest a new issue's curation: mentions of known entities, candidate new entities,
claim candidates with type, holder and anchor, and argument-link candidates.

Every suggestion comes from a named rule (:mod:`.rules`) tested on its examples; a person
accepts or rejects what the suggester drafted (``minilat review``), as in INCEpTION.
"""
