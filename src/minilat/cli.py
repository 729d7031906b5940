"""The ``minilat`` command group. Each subcommand lives beside the code it drives and is
imported only when it runs (see :mod:`minilat.commands`)."""

from __future__ import annotations

import importlib
import sys

import click

from minilat.commands import COMMANDS
from minilat.errors import UserError


class Group(click.Group):
    """A click group that turns UserError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"minilat: error: {exc}", err=True)
            sys.exit(exc.exit_code)


class LazyGroup(Group):
    """:class:`Group` over :data:`minilat.commands.COMMANDS`, each module imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        self.add_command(command, cmd_name)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="minilat")
def cli() -> None:
    """minilat: a linked-data knowledge graph of minilateralism in global governance."""


def main() -> None:
    cli(prog_name="minilat")
