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


def iso_date(value: str | None) -> str | None:
    """A YYYY-MM-DD option value, checked; None stays None."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise typer.BadParameter(f"'{value}' is not a date in YYYY-MM-DD form") from exc


def existing_store(db: str):  # noqa: ANN201 (a SQLAlchemy Engine)
    """The knowledge base at ``db``; a clear error and exit status 1 when there is none."""
    from communique.store import open_store

    try:
        return open_store(db, create=False)
    except FileNotFoundError as exc:
        err.print(f"[red]error[/]: {exc}")
        raise typer.Exit(1) from exc
