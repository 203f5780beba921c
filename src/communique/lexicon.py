"""The one loader of lexicon files (``lexicons/*.yaml``): the word lists of every stage.

``read_lexicon`` parses a file once and hands back its mapping; a file that does not parse,
does not hold a mapping, or lacks a key the stage asks for raises ``DataFileError`` E102
naming the file and the line to fix (a missing key points at the mapping that lacks it),
never a bare ``KeyError``. ``alternation`` turns a word list into the regex alternation
the stages compile their patterns from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from communique.errors import DataFileError, lexicon_error

# The built-in lexicons, shipped with the package.
LEXICONS = Path(__file__).resolve().parent / "lexicons"


class LexiconMap(dict):
    """A mapping read from a lexicon file that knows where it came from.

    A key the file lacks raises E102 with the file and the line of the mapping, so a
    stage can index it like a dict (``data["cues"]``) and still give a usable error.
    """

    def __init__(self, data: dict, path: Path, keys: tuple[str | int, ...] = ()):
        # Nested mappings are wrapped too, so that they report their own place.
        super().__init__((k, _wrap(v, path, (*keys, k))) for k, v in data.items())
        self.path, self.keys = path, keys

    def __missing__(self, key: str) -> Any:
        raise lexicon_error(self.path, list(self.keys), KeyError(key))


def _wrap(value: Any, path: Path, keys: tuple[str | int, ...]) -> Any:
    return LexiconMap(value, path, keys) if isinstance(value, dict) else value


def read_lexicon(path: Path | str) -> LexiconMap:
    """The mapping a lexicon file holds (an empty file is an empty mapping); E102 when it is no mapping."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError("E102", path, line, f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataFileError("E102", path, 1, f"a lexicon holds a mapping, not a {type(data).__name__}")
    return LexiconMap(data, path)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "Posted on" wins over "Posted")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
