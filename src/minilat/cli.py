"""The ``minilat`` command group. Each subcommand lives beside the code it drives."""

from __future__ import annotations

import sys

import click

from minilat.errors import UserError


class Group(click.Group):
    """A click group that turns UserError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"minilat: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="minilat")
def cli() -> None:
    """minilat: a linked-data knowledge graph of minilateralism in global governance."""


def _register() -> None:
    from minilat.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="minilat")
