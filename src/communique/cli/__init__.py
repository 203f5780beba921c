"""Command-line interface: ``communique COMMAND``.

Each command group lives in its own module and registers on ``app``; this
list is the one place commands are loaded from.
"""

from __future__ import annotations

from communique.cli import (  # noqa: F401  (imported for their commands)
    analyze,
    bench,
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
    app()
