"""Named suggestion rules: each rule that makes a suggestion says what it does and shows examples.

A rule's examples are (input, expected) pairs its module's tests run, so a rule cannot
change behaviour without a test noticing; suggestions carry the names of the rules that
made them, so a reviewer (and the quality benchmark) can see which rule was right or wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rule:
    """One suggestion rule: a stable dotted name, what it does, and worked examples."""

    name: str
    description: str
    examples: tuple[tuple[Any, Any], ...] = ()


def registry(*rules: Rule) -> dict[str, Rule]:
    """Rules by name; two rules with one name are a programming error."""
    out: dict[str, Rule] = {}
    for rule in rules:
        if rule.name in out:
            raise ValueError(f"two suggestion rules are named {rule.name!r}")
        out[rule.name] = rule
    return out
