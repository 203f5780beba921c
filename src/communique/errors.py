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


def yaml_line(path: Path | str, keys: list[str | int]) -> int | None:
    """1-based line of the value at ``keys`` in a YAML file (None when the file does not parse)."""
    import yaml

    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
    return node.start_mark.line + 1 if node is not None else None


def lexicon_error(path: Path | str, keys: list[str | int], problem: Exception | str) -> DataFileError:
    """E102: a lexicon entry that cannot be used, with the file and line of the entry."""
    what = f"missing field {problem.args[0]!r}" if isinstance(problem, KeyError) else str(problem)
    where = "/".join(str(k) for k in keys)
    return DataFileError("E102", path, yaml_line(path, keys), f"{where}: {what}" if where else what)
