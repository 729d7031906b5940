"""``minilat review``: every claim of an issue or entry in one readable block, for a curator's check.

Read from the curated records (not the built graph), so it works while a build would
still fail, and names entities by their labels so a person can judge without looking
slugs up. ``--format json`` gives the same content for tools.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from minilat import paths
from minilat.errors import UserError
from minilat.pipeline.assemble.claims import entity_labels
from minilat.pipeline.records.curation import Located
from minilat.pipeline.records.models import ABOUT_ROLES, Claim, Statement
from minilat.pipeline.records.series import Series, claim_ref, load_series

HOLDER_TEXT = {"authors": "the article's authors", "editors": "the digest's editors", "compiler": "the compiler"}


def labels(series: Series) -> dict[str, str]:
    """'kind/slug' → 'English / 中文' for every registry entity, and 'claim/issue/slug' for every claim."""
    out = {ref: en if en == zh else f"{en} / {zh}" for ref, (en, zh) in entity_labels(series.combined()).items()}
    for issue, curation in series.issues.items():
        for rec in curation.of("claims"):
            out[f"claim/{issue}/{rec.slug}"] = f"{rec.label_en or '(English to write)'} / {rec.label_zh}"
    return out


def statement_text(st: Statement, name: dict[str, str]) -> str:
    """One statement as 'subject —predicate→ object [qualifiers]'."""
    qualifiers = [f"by {', '.join(name.get(m, m) for m in st.means)}"] if st.means else []
    qualifiers += [f"in {name.get(st.region, st.region)}"] if st.region else []
    qualifiers += [f"from {st.start}"] if st.start else []
    qualifiers += [f"until {st.end}"] if st.end else []
    head = {"condition": "IF ", "outcome": "THEN "}.get(st.role, "")
    neg = "NOT " if st.negated else ""
    tail = f"  [{'; '.join(qualifiers)}]" if qualifiers else ""
    return f"{head}{name.get(st.subject, st.subject)} —{neg}{st.predicate.replace('_', ' ')}→ {name.get(st.object, st.object)}{tail}"


def record(item: Located, name: dict[str, str], issue: str) -> dict[str, Any]:
    """The review view of one claim of ``issue``, as plain data."""
    claim: Claim = item.record
    holder = f"{name.get(claim.holder, claim.holder)} ({claim.holder}), as reported" if claim.reported else HOLDER_TEXT[claim.holder]
    return {
        "slug": claim.slug,
        "issue": issue,
        "where": item.where(),
        "entry": claim.entry,
        "label": {"en": claim.label_en, "zh": claim.label_zh},
        "quote": claim.quote,
        "english": claim.text_en,
        "type": claim.type,
        "holder": holder,
        "modality": claim.modality,
        "addressee": [name.get(ref, ref) for ref in claim.addressee],
        "statements": [statement_text(st, name) for st in claim.statements],
        "about": {role: [name.get(ref, ref) for ref in getattr(claim.about, role)] for role in ABOUT_ROLES if getattr(claim.about, role)},
        "links": [
            {
                "relation": link.relation,
                "target": link.target,
                "target_label": name.get(f"claim/{claim_ref(issue, link.target)}", link.target),
                "origin": link.origin,
                "rationale": link.rationale.en if link.rationale else None,
            }
            for link in claim.links
        ],
    }


def block(view: dict[str, Any]) -> str:
    """The text block a curator reads."""
    lines = [
        f"── {view['slug']}  [{view['issue']} · {view['entry']} · {view['type']} · {view['modality']}]  {view['where']}",
        f"   label      {view['label']['en']} / {view['label']['zh']}",
        f"   holder     {view['holder']}",
        f"   quote      {view['quote']}",
        f"   English    {view['english']}",
    ]
    if view["addressee"]:
        lines.append(f"   addressee  {'; '.join(view['addressee'])}")
    for number, text in enumerate(view["statements"], 1):
        lines.append(f"   {'statements' if number == 1 else '':<10} {number}. {text}")
    for role, refs in view["about"].items():
        lines.append(f"   {role:<10} {'; '.join(refs)}")
    for link in view["links"]:
        origin = f" ({link['origin']}: {link['rationale']})" if link["origin"] else ""
        lines.append(f"   {link['relation']:<10} → {link['target_label']}{origin}")
    return "\n".join(lines)


def decide_issue(root: Path, issue: str, accept: tuple[str, ...], reject: tuple[str, ...], accept_all: bool, fmt: str) -> None:
    """Record the decisions given, then list the issue's drafts still to decide."""
    from minilat.pipeline.records import decide

    if accept or reject or accept_all:
        chosen = decide.decide(root, issue, list(accept), list(reject), accept_all)
        accepted = sum(1 for s in chosen.values() if s == "reviewed")
        click.echo(f"{accepted} accepted, {len(chosen) - accepted} rejected", err=fmt == "json")
    left = decide.drafts_of(root, issue)
    if fmt == "json":
        click.echo(json.dumps([{"id": p.id, "kind": p.kind, "where": p.item.where(), "summary": decide.summary(p)} for p in left], ensure_ascii=False, indent=1))
        return
    for p in left:
        click.echo(decide.summary(p))
    click.echo(f"{len(left)} draft(s) of issue {issue} left to decide" + (f": minilat review {issue} --accept ID / --reject ID / --accept-all" if left else ""))


@click.command("review")
@click.argument("issue", required=False)
@click.option("--accept", multiple=True, help="With ISSUE: accept this draft (id as listed); repeatable.")
@click.option("--reject", multiple=True, help="With ISSUE: reject this draft (kept, never built, not suggested again); repeatable.")
@click.option("--accept-all", is_flag=True, help="With ISSUE: accept every draft left.")
@click.option("--issue", "issues", multiple=True, help="Only claims of this issue (its slug in the manifest); repeatable.")
@click.option("--entry", "entries", multiple=True, help="Only claims of this entry (preface, article-1 …); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Readable blocks or JSON.")
@click.option("--curation", "root", type=click.Path(path_type=Path, file_okay=False), default=paths.CURATION, show_default=True, help="Curation folder.")
def review_command(issue: str | None, accept: tuple[str, ...], reject: tuple[str, ...], accept_all: bool, issues: tuple[str, ...], entries: tuple[str, ...], fmt: str, root: Path) -> None:
    """Print every claim with quote, English, type, holder, modality, statements and links;
    with ISSUE, list the issue's drafts left to decide and accept or reject them."""
    if issue is not None:
        return decide_issue(root, issue, accept, reject, accept_all, fmt)
    if accept or reject or accept_all:
        raise UserError("--accept, --reject and --accept-all need the ISSUE whose drafts they decide")
    series = load_series(root, english=False)
    unknown = sorted(set(issues) - set(series.issues))
    if unknown:
        raise UserError(f"no issue {', '.join(unknown)}; issues: {', '.join(series.issues)}")
    chosen = {slug: cur for slug, cur in series.issues.items() if not issues or slug in issues}
    known = {c.entry for cur in chosen.values() for c in cur.of("claims")}
    unknown = sorted(set(entries) - known)
    if unknown:
        raise UserError(f"no claims for entry {', '.join(unknown)}; entries with claims: {', '.join(sorted(known))}")
    name = labels(series)
    views = [record(item, name, slug) for slug, cur in chosen.items() for item in cur.located("claims") if not entries or item.record.entry in entries]
    if fmt == "json":
        click.echo(json.dumps(views, ensure_ascii=False, indent=2))
        return
    click.echo("\n\n".join(block(view) for view in views))
    click.echo(f"\n{len(views)} claim(s)")
