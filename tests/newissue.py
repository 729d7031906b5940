"""A new issue of the series written by the tests, for ``minilat add``: another theme
(climate), known entities (the Quad, the United States, Japan, China, Indo-Pacific,
minilateralism), new ones (the G7, BRICS, the 'climate club'), new people (two Latin-named
authors, a compiler and a reviewer with Chinese names) and one reviewer of issue 1."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from factory import FakeArticle, digest

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = FakeArticle(
    authors="Maria Lopez and Kenji Sato",
    journal="Global Governance",
    volume="Vol. 30, No. 2, 2024.",
    title_en="Climate Clubs and Minilateral Cooperation",
    title_zh="气候俱乐部与小多边合作",
    paragraphs=[
        "文章指出，七国集团（G7）提出的“气候俱乐部”是一种小多边机制，旨在推动全球气候治理。",
        "作者认为，美国与日本在气候俱乐部中的合作加强了印太地区的绿色转型，但也削弱了联合国气候框架的包容性。",
        "研究发现，与四方安全对话（Quad）不同，气候俱乐部缺乏明确的安全议程。",
        "作者建议，中国应当通过金砖国家（BRICS）等机制参与气候治理。",
        "然而，文章也承认其研究局限在于案例数量有限。",
    ],
    compiler="编译：欧阳文华（复旦大学国际问题研究院）",
)
PREFACE = "本期《全球治理学科动态》以“气候治理中的小多边主义”为主题，讨论了气候俱乐部等小多边机制的新发展。"
REVIEWERS = "陈兆源、李明"  # 陈兆源 reviewed issue 1: reused by name


def issue_text(preface: str = PREFACE) -> str:
    return digest([ARTICLE], preface=preface, keep_words=True).replace("甲乙、丙丁", REVIEWERS)


def new_home(base: Path) -> Path:
    """A project home holding the real issue only, and the new issue's file beside it."""
    home = base / "home"
    home.mkdir()
    for folder in ("corpus", "ontology"):
        shutil.copytree(ROOT / folder, home / folder)
    (base / "climate.txt").write_text(issue_text(), encoding="utf-8")
    return home


def minilat(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MINILAT_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "minilat", *args], env=env, capture_output=True, text=True, timeout=600)


def snapshot(home: Path) -> dict[str, str]:
    """Every file under the corpus (hidden ones too) → its SHA-256: equal snapshots, same corpus."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((home / "corpus").rglob("*")) if p.is_file()}
