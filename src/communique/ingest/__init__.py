"""Ingest stage: find the inputs a user named and read them into raw documents.

``read_paths`` accepts files, folders (read recursively), glob patterns and
``-`` for stdin, and yields a ``RawDocument`` or a ``Skipped`` per input.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

from communique.ingest.readers import RawDocument, Result, Skipped, read_file, read_stdin

__all__ = ["RawDocument", "Skipped", "expand_paths", "read_paths"]

# Files in a folder that are never documents (editor backups, OS metadata).
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def expand_paths(inputs: Iterable[str]) -> Iterator[Path | Skipped | str]:
    """Expand folders and globs into files, in a stable order; '-' is passed through."""
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        path = Path(item).expanduser()
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name not in IGNORED_NAMES and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            yield path
        elif glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
            if not matches:
                yield Skipped(item, "pattern matched no files")
            yield from matches
        else:
            yield Skipped(item, "no such file or folder")


def read_paths(inputs: Iterable[str]) -> Iterator[Result]:
    """Read every input into raw documents or skips with reasons."""
    for target in expand_paths(inputs):
        if isinstance(target, Skipped):
            yield target
        elif target == "-":
            yield from read_stdin()
        else:
            yield from read_file(target)
