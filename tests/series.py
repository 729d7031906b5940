"""A project home holding the real issue and two synthetic ones, for the series tests.

Issue 2 ("regionalism") and issue 3 ("technology") are written in the series' PDF-text
layout by :mod:`factory`, with their own curation folders; they reuse registry entities
(the Quad, AUKUS, China, Australia, people and a journal of issue 1), add new ones (BRICS,
ASEAN, a new author), and link claims across issues: a claim of issue 2 contests one of
issue 1, a claim of issue 3 supports one of issue 2, and issue 3 states a membership that
issue 1 states too.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml
from factory import FakeArticle, digest

ROOT = Path(__file__).resolve().parents[1]
REVIEWERS = "陈兆源、杨嘉豪"  # registry people of issue 1: reused by name

ISSUE2 = "regionalism"
ISSUE3 = "technology"

ARTICLE2 = FakeArticle(
    authors="Jagannath Panda",
    journal="Australian Journal of International Affairs",
    volume="Vol. 79, No. 1, 2025.",
    title_en="Regionalism and the Quad",
    title_zh="区域主义与四方安全对话",
    paragraphs=[
        "文章认为，四方安全对话（Quad）本质上是一个针对中国的硬制衡联盟。",
        "作者指出，金砖国家（BRICS）的扩员反映了小多边主义在全球南方的扩散。",
        "研究发现，东南亚国家联盟（ASEAN）在印太地区仍然保持中心地位。",
    ],
    compiler="编译：张尊月（中国社会科学院大学）",
)
ARTICLE3 = FakeArticle(
    authors="Lin Mei",
    journal="Journal of Contemporary China",
    volume="Forthcoming",
    title_en="Technology Minilateralism",
    title_zh="技术小多边主义",
    paragraphs=[
        "文章指出，澳大利亚是奥库斯（AUKUS）的创始成员，并借此获得核潜艇技术。",
        "作者认为，Quad针对中国的制衡色彩在技术合作中更加明显。",
    ],
    compiler="编译：郑路（中国社会科学院大学）",
)


def _issue_text(article: FakeArticle, theme: str) -> str:
    preface = f"本期《全球治理学科动态》以“{theme}”为主题，讨论了小多边机制的新发展。"
    return digest([article], preface=preface).replace("甲乙、丙丁", REVIEWERS)


def _claim(slug: str, quote: str, label: str, about: dict, statements: list[dict], **extra: object) -> dict:
    return {
        "slug": slug,
        "entry": "article-1",
        "type": extra.pop("type", "empirical_finding"),
        "holder": "authors",
        "modality": extra.pop("modality", "asserts"),
        "quote": quote,
        "text_en": f"{label} (synthetic test claim).",
        "label_en": label,
        "label_zh": quote[:20],
        "about": about,
        "statements": statements,
        **extra,
    }


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


REGISTRY_ADDITIONS = {
    "mechanisms/series-test.yaml": [
        {"slug": "brics", "label": {"en": "BRICS", "zh": "金砖国家"}, "aliases_en": ["BRICS"], "kind": "minilateral_mechanism"},
        {"slug": "asean", "label": {"en": "Association of Southeast Asian Nations", "zh": "东南亚国家联盟"}, "aliases_en": ["ASEAN"], "kind": "multilateral_institution"},
    ],
    "people/series-test.yaml": [{"slug": "lin-mei", "name": "Lin Mei", "name_en": "Lin Mei", "roles": ["author"]}],
}

ISSUE2_RECORDS = {
    "mentions/mentions.yaml": [
        {"entity": "mechanism/quad", "mentions": ["四方安全对话（Quad）本质上"]},
        {"entity": "mechanism/brics", "mentions": ["金砖国家（BRICS）"]},
        {"entity": "mechanism/asean", "mentions": ["东南亚国家联盟（ASEAN）"]},
        {"entity": "state/CHN", "mentions": ["针对中国的硬制衡联盟"]},
    ],
    "claims/article-1.yaml": [
        _claim(
            "quad-hard-balancing-coalition",
            "四方安全对话（Quad）本质上是一个针对中国的硬制衡联盟。",
            "The Quad is a hard-balancing coalition against China",
            {"topic": ["mechanism/quad"], "feature": ["concept/hard-balancing"], "actor": ["state/CHN"]},
            [{"subject": "mechanism/quad", "predicate": "is_kind_of", "object": "concept/hard-balancing"}],
            type="typology_definition",
            links=[
                {
                    "relation": "contests",
                    "target": "minilateralism/bisley-security-infrastructure-not-balancing",
                    "origin": "curator",
                    "rationale": {"en": "Bisley denies that the Quad is hard balancing; this article asserts it.", "zh": "Bisley否认Quad是硬制衡，本文则肯定之。"},
                }
            ],
        ),
        _claim(
            "brics-expansion-spreads-minilateralism",
            "金砖国家（BRICS）的扩员反映了小多边主义在全球南方的扩散。",
            "BRICS expansion reflects the spread of minilateralism",
            {"topic": ["mechanism/brics"], "context": ["concept/minilateralism"]},
            [{"subject": "mechanism/brics", "predicate": "has_feature", "object": "concept/minilateralism"}],
        ),
        _claim(
            "asean-centrality-persists",
            "东南亚国家联盟（ASEAN）在印太地区仍然保持中心地位。",
            "ASEAN keeps its centrality in the Indo-Pacific",
            {"topic": ["mechanism/asean"]},
            [{"subject": "mechanism/asean", "predicate": "has_feature", "object": "concept/regional-influence"}],
        ),
    ],
}

ISSUE3_RECORDS = {
    "mentions/mentions.yaml": [
        {"entity": "mechanism/aukus", "mentions": ["奥库斯（AUKUS）的创始成员"]},
        {"entity": "mechanism/quad", "mentions": ["Quad针对中国"]},
        {"entity": "state/AUS", "mentions": ["澳大利亚是奥库斯"]},
    ],
    "memberships/memberships.yaml": [],  # filled from issue 1's record below
    "claims/article-1.yaml": [
        _claim(
            "quad-balancing-in-technology",
            "Quad针对中国的制衡色彩在技术合作中更加明显。",
            "The Quad's balancing against China is clearer in technology cooperation",
            {"topic": ["mechanism/quad"], "actor": ["state/CHN"]},
            [{"subject": "mechanism/quad", "predicate": "is_kind_of", "object": "concept/hard-balancing"}],
            links=[
                {
                    "relation": "supports",
                    "target": f"{ISSUE2}/quad-hard-balancing-coalition",
                    "origin": "curator",
                    "rationale": {"en": "Both read the Quad as balancing China.", "zh": "两者都把Quad视为制衡中国。"},
                }
            ],
        ),
    ],
}


def aus_aukus_membership() -> dict:
    """Issue 1's record of Australia in AUKUS, with issue 3's quote instead."""
    path = ROOT / "corpus/curation/issues/minilateralism/memberships/memberships.yaml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    row = next(r for r in rows if r["state"] == "AUS" and r["mechanism"] == "aukus")
    return {**row, "quote": "澳大利亚是奥库斯（AUKUS）的创始成员"}


def register_issue(home: Path, slug: str, number: int, text: str, theme: str, theme_en: str, source: str) -> None:
    """Write a synthetic issue's text into ``home``'s corpus and append its manifest entry."""
    name = f"{number:03d}_{slug}.txt"
    (home / "corpus/digests" / name).write_text(text, encoding="utf-8")
    manifest = home / "corpus/digests/manifest.yaml"
    entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    entries.append(
        {
            "file": name,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "slug": slug,
            "number": number,
            "series": "全球治理学科动态",
            "series_en": "Global Governance Studies Update",
            "theme": theme,
            "theme_en": theme_en,
            "language": "zh",
            "source": source,
        }
    )
    manifest.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_home(home: Path) -> Path:
    """Copy the project's corpus and ontology into ``home`` and add issues 2 and 3."""
    for folder in ("corpus", "ontology"):
        shutil.copytree(ROOT / folder, home / folder)
    registry = home / "corpus/curation/registry"
    for name, rows in REGISTRY_ADDITIONS.items():
        _write(registry / name, rows)
    records3 = dict(ISSUE3_RECORDS, **{"memberships/memberships.yaml": [aus_aukus_membership()]})
    for number, (slug, article, theme, theme_en, records) in enumerate(
        [
            (ISSUE2, ARTICLE2, "全球治理中的区域主义", "Regionalism in Global Governance", ISSUE2_RECORDS),
            (ISSUE3, ARTICLE3, "技术治理中的小多边主义", "Minilateralism in Technology Governance", records3),
        ],
        start=2,
    ):
        register_issue(home, slug, number, _issue_text(article, theme), theme, theme_en, "tests/series.py (synthetic)")
        for rel, rows in records.items():
            _write(home / "corpus/curation/issues" / slug / rel, rows)
    return home
