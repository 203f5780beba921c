"""Commands: stories (see communique --help)."""

from communique.cli.app import app  # noqa: F401
