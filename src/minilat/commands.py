"""The list of subcommands, each defined in the module whose code it drives."""

from __future__ import annotations

import click

from minilat.bench import bench_command
from minilat.importer import import_command
from minilat.library.cli import query_command
from minilat.linking.wikidata import link_command
from minilat.pipeline.build import build_command, check_command
from minilat.pipeline.parse import parse_command
from minilat.pipeline.records.format import format_command
from minilat.pipeline.records.review import review_command
from minilat.pipeline.suggest.add import add_command, suggest_command
from minilat.push import push_command
from minilat.server.cli import serve_command
from minilat.views.cli import views_command

COMMANDS: list[click.Command] = [parse_command, build_command, check_command, format_command, review_command, suggest_command, add_command, query_command, import_command, push_command, link_command, views_command, serve_command, bench_command]
