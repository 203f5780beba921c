"""Errors a user can act on, each with a code that the docs list (docs/errors.md).

Codes by family:

- ``E1xx`` data files: E101 a pack file, E102 a lexicon file (both name the file and line);
- ``E2xx`` the knowledge base: E201 a schema this release does not know, E202 no knowledge base;
- ``E3xx`` settings: E301 an unknown setting, E302 a value of the wrong type.

The CLI prints ``error: <code> <message>`` on one line and exits with status 1
(see ``communique.cli.app`` for the exit-code policy).
"""

from __future__ import annotations

from pathlib import Path


class CommuniqueError(Exception):
    """Base of every error the CLI reports as ``error: <code> <message>`` (exit status 1)."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(f"{code} {message}")


class DataFileError(CommuniqueError, ValueError):
    """A data file (pack or lexicon) that cannot be used, naming the file and line to fix."""

    def __init__(self, code: str, path: Path | str, line: int | None, message: str):
        self.path, self.line = Path(path), line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(code, f"{where}: {message}")


class StoreError(CommuniqueError):
    """A knowledge base that cannot be opened as it is."""


class SettingError(CommuniqueError, ValueError):
    """An unknown setting, or a value that does not fit the setting."""


class MissingStoreError(StoreError, FileNotFoundError):
    """E202: no knowledge base where one was expected."""
