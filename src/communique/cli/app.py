"""The Typer application every command module registers on.

Exit status, the same for every command:

- 0: the command did its work (an empty result, "no quotes match", is still 0);
- 1: the work failed for a reason in the data or the environment: no knowledge base, a broken
  pack or lexicon file, a knowledge base from a newer release, a failed analysis
  (the message starts with the error's code, see ``communique.errors``);
- 2: the command line is wrong: an unknown option, command, format, event type or setting,
  or a value of the wrong form (Click's usage errors).

Messages go to stderr, data to stdout; ``--verbose`` shows each stage's log, ``--quiet`` only
warnings and errors.
"""

from __future__ import annotations

import logging

import typer
from rich.console import Console
from rich.logging import RichHandler

from communique.errors import CommuniqueError

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
    except CommuniqueError as exc:
        err.print(f"[red]error[/]: {exc}", soft_wrap=True, highlight=False)
        raise typer.Exit(1) from exc


@app.callback()
def main_options(
    setting: list[str] = typer.Option(
        [],
        "--setting",
        "-s",
        metavar="NAME=VALUE",
        help="Override a setting for this run (repeatable); 'communique settings' lists them.",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only warnings and errors."),
) -> None:
    """Build an evidence-linked knowledge base of events, quotes and organisation facts from documents."""
    from communique.settings import configure

    configure_logging(verbose=verbose, quiet=quiet)
    pairs = []
    for item in setting:
        name, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"'{item}' is not NAME=VALUE", param_hint="--setting")
        pairs.append((name.strip(), value.strip()))
    try:
        configure(pairs)
    except CommuniqueError as exc:  # an unknown setting is a usage error: status 2, at start
        raise typer.BadParameter(str(exc), param_hint="--setting") from exc


def configure_logging(*, verbose: bool = False, quiet: bool = False) -> None:
    """The ``communique`` loggers on stderr: INFO by default, DEBUG with --verbose, WARNING with --quiet."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    root = logging.getLogger("communique")
    root.handlers[:] = [RichHandler(console=err, show_path=verbose, show_time=verbose, markup=False)]
    root.setLevel(level)
    root.propagate = False


def require_extra(module: str, extra: str) -> None:
    """Stop with what to install when an optional dependency (``pip install 'communique[extra]'``) is missing."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        err.print(
            f"[red]error[/]: this command needs {module}: pip install 'communique[{extra}]' (or pip install {module})"
        )
        raise typer.Exit(1)
