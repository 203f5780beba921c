"""The Typer application every command module registers on."""

from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(
    name="communique",
    help="Build an evidence-linked knowledge base of events, quotes and organisation facts from documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

# stdout carries data (JSON lines, tables); progress and messages go to stderr.
out = Console()
err = Console(stderr=True)

DEFAULT_DB = "communique.db"
DbOption = typer.Option(
    DEFAULT_DB, "--db", envvar="COMMUNIQUE_DB", help="Knowledge base: a SQLite path or a SQLAlchemy URL."
)
