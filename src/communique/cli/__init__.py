"""Command-line interface: ``communique COMMAND``.

Each command group lives in its own module and registers on ``app``; this
list is the one place commands are loaded from.
"""

from __future__ import annotations

from communique.cli import (  # noqa: F401  (imported for their commands)
    analyze,
    bench,
    brief,
    evaluate,
    events,
    export,
    ingest,
    kb,
    maintenance,
    quotes,
    serve,
    stories,
)
from communique.cli.app import app


def main() -> None:
    """Run the CLI; an error the user can act on is one line on stderr and exit status 1."""
    from rich.markup import escape

    from communique.cli.app import err
    from communique.errors import CommuniqueError

    try:
        app()
    except CommuniqueError as exc:
        err.print(f"[red]error[/]: {escape(str(exc))}", soft_wrap=True, highlight=False)
        raise SystemExit(1) from None
