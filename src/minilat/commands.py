"""The subcommands, each defined in the module whose code it drives: name → ``module:attribute``.

The command group imports a subcommand's module only when that command runs (or ``--help``
lists them all): importing every module up front cost each command ~1.5 s, and left
``minilat serve``'s event loop with ~270,000 objects of modules it never uses (rdflib,
owlready2, the build pipeline) for the garbage collector to walk, against ~27,000.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "parse": "minilat.pipeline.parse:parse_command",
    "build": "minilat.pipeline.build:build_command",
    "check": "minilat.pipeline.build:check_command",
    "format": "minilat.pipeline.records.format:format_command",
    "review": "minilat.pipeline.records.review:review_command",
    "suggest": "minilat.pipeline.suggest.add:suggest_command",
    "add": "minilat.pipeline.suggest.add:add_command",
    "query": "minilat.library.cli:query_command",
    "import": "minilat.importer:import_command",
    "push": "minilat.push:push_command",
    "link": "minilat.linking.wikidata:link_command",
    "views": "minilat.views.cli:views_command",
    "serve": "minilat.server.cli:serve_command",
    "bench": "minilat.bench:bench_command",
}
