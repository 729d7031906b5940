"""Bad input to ``minilat add`` leaves the corpus and the curation exactly as before:
the same file twice, another layout, another series, a bad slug, and a run interrupted
(Ctrl-C) or failing at every step of moving its files in."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from newissue import issue_text, minilat, new_home, snapshot


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return new_home(tmp_path)


def refused(home: Path, *args: str) -> str:
    before = snapshot(home)
    done = minilat(home, "add", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("minilat: error: ")
    assert snapshot(home) == before
    return done.stderr


def test_the_same_file_twice_is_refused(home: Path) -> None:
    assert minilat(home, "add", str(home.parent / "climate.txt")).returncode == 0
    message = refused(home, str(home.parent / "climate.txt"))
    assert "already in the corpus as issue issue-2" in message


def test_the_first_issue_again_is_refused(home: Path) -> None:
    assert "already in the corpus as issue minilateralism" in refused(home, str(home / "corpus/digests/000_8fd7909f589424fb.txt"))


def test_another_layout_is_refused(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("会议纪要\n\n今天讨论了小多边主义。\n", encoding="utf-8")
    assert "no article header 'No. 1' found" in refused(home, str(other))


def test_an_issue_of_another_series_is_refused(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(issue_text(preface="本期《国际政治动态》以“气候治理”为主题，讨论了新问题。"), encoding="utf-8")
    assert "not an issue of 《全球治理学科动态》: its preface names 《国际政治动态》" in refused(home, str(other))


def test_a_preface_naming_no_theme_needs_theme_option(home: Path, tmp_path: Path) -> None:
    # The preface names the series but no theme: the manifest got theme '' and the issue an empty label.
    other = tmp_path / "no-theme.txt"
    other.write_text(issue_text(preface="本期《全球治理学科动态》讨论了气候俱乐部等小多边机制的新发展。"), encoding="utf-8")
    assert "the preface names no theme" in refused(home, str(other)) and "--theme" in refused(home, str(other), "--theme", " ")
    assert minilat(home, "add", str(other), "--slug", "climate", "--theme", "气候治理中的小多边主义").returncode == 0
    assert "theme: 气候治理中的小多边主义\n" in (home / "corpus/digests/manifest.yaml").read_text(encoding="utf-8")


def test_a_bad_slug_is_refused_before_anything_is_written(home: Path) -> None:
    assert "bad --slug 'Not A Slug'" in refused(home, str(home.parent / "climate.txt"), "--slug", "Not A Slug")


def test_an_empty_file_is_refused(home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes("\ufeff".encode("utf-8"))
    assert "empty file" in refused(home, str(empty))


INTERRUPT = """
import os, sys
from pathlib import Path
import minilat.pipeline.suggest.add as add
calls = {"n": 0}
real = os.replace
def replace(src, dst):
    calls["n"] += 1
    if calls["n"] == int(sys.argv[2]):
        raise KeyboardInterrupt
    return real(src, dst)
add.os.replace = replace
if sys.argv[3] == "anchor":
    def broken(*args, **kwargs):
        raise RuntimeError("anchoring failed")
    add.anchor_all = broken
try:
    add.add_issue(Path(sys.argv[1]), "climate")
except (KeyboardInterrupt, RuntimeError) as exc:
    print(type(exc).__name__)
    sys.exit(3)
"""


@pytest.mark.parametrize(("at", "what"), [(1, "move"), (2, "move"), (3, "move"), (5, "move"), (8, "move"), (99, "anchor")])
def test_an_interrupted_or_failing_run_leaves_everything_as_before(home: Path, at: int, what: str) -> None:
    """Moves: 1 the digest, 2 the issue folder, 3–7 the five registry files, 8 the manifest; then validation."""
    before = snapshot(home)
    env = dict(os.environ, MINILAT_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", INTERRUPT, str(home.parent / "climate.txt"), str(at), what], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert done.stdout.strip() == ("RuntimeError" if what == "anchor" else "KeyboardInterrupt")
    assert snapshot(home) == before
    assert not list((home / "corpus").glob(".add-*"))  # no staging folder left
    assert minilat(home, "add", str(home.parent / "climate.txt"), "--slug", "climate").returncode == 0  # and a rerun works
