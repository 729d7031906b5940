"""The command line: JSON output of the real digest, one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from factory import FakeArticle, digest

from minilat import paths
from minilat.cli import cli
from minilat.commands import COMMANDS


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "minilat", *args], check=False, capture_output=True, text=True, timeout=120)


def test_help_lists_commands() -> None:
    out = run("--help")
    assert out.returncode == 0
    listed = [line.split()[0] for line in out.stdout.split("Commands:", 1)[1].splitlines() if line.startswith("  ") and line.split()]
    assert listed == sorted(COMMANDS)
    assert sorted(COMMANDS) == ["add", "bench", "build", "check", "format", "import", "link", "parse", "push", "query", "review", "serve", "suggest", "views"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_resolves_to_itself(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command) and command.name == name


def test_serve_does_not_import_the_build_pipeline() -> None:
    # Every subcommand's module was imported at start: `minilat serve` ran its event loop beside
    # owlready2, pySHACL, jieba and the build pipeline (~270,000 objects for the collector, 1.5 s).
    probe = "import sys, click; from minilat.cli import cli; cli.get_command(click.Context(cli), 'serve'); print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True).stdout.split())
    assert "minilat.server.cli" in loaded
    assert loaded & {"owlready2", "pyshacl", "jieba", "ahocorasick", "minilat.pipeline.build", "minilat.views.cli", "minilat.push"} == set()


def test_parse_prints_real_values() -> None:
    out = run("parse", str(paths.DIGEST))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [[c["name"] for c in a["compilers"]] for a in data["articles"]] == [["张尊月"], ["和怡然"], ["刘哲希"], ["郑路"]]
    assert data["reviewers"] == ["陈兆源", "杨嘉豪"]
    assert [len(a["paragraphs"]) for a in data["articles"]] == [7, 4, 5, 6]
    assert data["articles"][3]["citation"]["forthcoming"] is True


def test_parse_offsets_option() -> None:
    data = json.loads(run("parse", "--offsets", str(paths.DIGEST)).stdout)
    raw = paths.DIGEST.read_text(encoding="utf-8")
    para = data["articles"][2]["paragraphs"][0]
    assert "".join(raw[i] for i in para["offsets"][:6]) == para["text"][:6] == "当前，全球核"


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    files = {
        "empty": (b"", "empty file"),
        "gb18030": ("本期目录 No. 1 中文".encode("gb18030"), "not valid UTF-8"),
        "binary": (bytes(range(256)), "binary file"),
        "no_article": (digest([]).encode(), "no article header 'No. 1'"),
        "no_compiler": (digest([FakeArticle(compiler=None)]).encode(), "has no '编译"),
        "toc_longer": (digest([FakeArticle()], toc_extra=2).encode(), "lists 3 articles but the body holds 1"),
    }
    out = {}
    for name, (data, expected) in files.items():
        path = tmp / f"{name}.txt"
        path.write_bytes(data)
        out[name] = (path, expected)
    return out


@pytest.mark.parametrize("case", ["empty", "gb18030", "binary", "no_article", "no_compiler", "toc_longer"])
def test_bad_input_one_line_exit_2(tmp_path: Path, case: str) -> None:
    path, expected = _bad_inputs(tmp_path)[case]
    out = run("parse", str(path))
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith(f"minilat: error: {path}:")
    assert expected in lines[0]
    assert "Traceback" not in out.stderr


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    out = run("parse", str(tmp_path / "nope.txt"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "no such file" in out.stderr
