"""Ingest stage: find the inputs a user named and read them into raw documents.

``read_paths`` accepts files, folders (read recursively), glob patterns and
``-`` for stdin, and yields a ``RawDocument`` or a ``Skipped`` per input.
Nothing found on disk stops a run: link loops, named pipes, devices and
unreadable folders become skips with their reasons.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from communique.clean.site import mark_site_repeats
from communique.ingest.readers import (
    RawDocument,
    Result,
    Skipped,
    read_file,
    read_stdin,
    source_name,
)

__all__ = ["RawDocument", "Skipped", "expand_paths", "mark_site_repeats", "read_paths"]

# Files in a folder that are never documents (editor backups, OS metadata).
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def expand_paths(inputs: Iterable[str]) -> Iterator[Path | Skipped | str]:
    """Expand folders and globs into files, in a stable order; '-' is passed through."""
    for item in inputs:
        if item == "-":
            yield "-"
            continue
        path = Path(item).expanduser()
        kind = _lstat_kind(path)
        if kind == "dir":
            yield from _walk(path)
        elif kind is not None:
            yield path  # a file, or something the reader will name (pipe, link loop)
        elif glob.has_magic(item):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True) if not os.path.isdir(p))
            if not matches:
                yield Skipped(item, "pattern matched no files")
            yield from matches
        else:
            yield Skipped(source_name(item), "no such file or folder")


def _lstat_kind(path: Path) -> str | None:
    """'dir' for a folder (or a link to one), 'other' for anything else that exists, None if nothing."""
    try:
        if stat.S_ISDIR(os.stat(path).st_mode):
            return "dir"
    except OSError:
        pass
    return "other" if os.path.lexists(path) else None


def _walk(root: Path) -> Iterator[Path | Skipped]:
    """Every entry under ``root`` that is not a folder, sorted; linked folders followed once.

    ``os.walk`` with links followed, pruning any folder already seen (by device and inode),
    so a link loop is named once instead of walked forever.
    """
    found: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        skipped.append(Skipped(source_name(exc.filename or root), f"cannot list folder: {exc.strerror}"))

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=on_error):
        info = os.stat(folder)
        seen.add((info.st_dev, info.st_ino))
        for name in list(dirs):
            sub = os.path.join(folder, name)
            try:
                sub_info = os.stat(sub)
            except OSError:
                dirs.remove(name)
                continue
            if (sub_info.st_dev, sub_info.st_ino) in seen:
                dirs.remove(name)
                skipped.append(Skipped(source_name(sub), "symbolic link loop: folder already read"))
        for name in files:
            if name not in IGNORED_NAMES and not name.startswith("."):
                found.append(Path(folder) / name)
    yield from skipped
    yield from sorted(found)


def read_paths(inputs: Iterable[str]) -> Iterator[Result]:
    """Read every input into raw documents or skips with reasons."""
    for target in expand_paths(inputs):
        if isinstance(target, Skipped):
            yield target
        elif target == "-":
            yield from read_stdin()
        else:
            yield from read_file(target)
