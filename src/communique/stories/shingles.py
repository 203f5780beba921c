"""Normalise text and turn it into word shingles and content terms.

Hashes must be stable across processes because the LSH index is persisted
between ingest runs, so tokens are hashed with CRC-32 (Python's ``hash`` is
salted per process). Shingles are combined from token hashes with numpy
instead of hashing each shingle string: the same result, ten times faster.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from communique.text import normalise_text

# --- content terms -------------------------------------------------------------------------------
# British and American spellings of one word meet in one term, so that two
# translations of one report ("organisation", "organization") share it.
_SPELLING = ((re.compile(r"is(ation|ations|ed|ing|es|e)$"), r"iz\1"), (re.compile(r"our$"), "or"))
_MIN_TERM_CHARS = 3

# Odd 64-bit constants (from splitmix64) for combining token hashes into shingle hashes.
_MIX_A = np.uint64(0xBF58476D1CE4E5B9)
_MIX_B = np.uint64(0x94D049BB133111EB)


def tokenize(text: str) -> list[str]:
    """Words of the normalised text."""
    return normalise_text(text).split()


@lru_cache(maxsize=500_000)
def _token_hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def shingle_hashes(tokens: list[str], size: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the ``size``-word shingles of ``tokens``."""
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    ids = np.fromiter((_token_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    size = min(size, len(ids))
    n = len(ids) - size + 1
    combined = np.zeros(n, dtype=np.uint64)
    for offset in range(size):  # polynomial combination; position matters, order of words matters
        combined = combined * _MIX_A + ids[offset : offset + n]
    combined ^= combined >> np.uint64(31)
    combined *= _MIX_B
    combined ^= combined >> np.uint64(29)
    return np.unique((combined >> np.uint64(32)).astype(np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays."""
    if not len(a) and not len(b):
        return 1.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


@lru_cache(maxsize=200_000)
def content_term(token: str) -> str | None:
    """The term a token counts as for content similarity, or None for stop words and numbers."""
    if len(token) < _MIN_TERM_CHARS or token in STOP_WORDS or token.isdigit():
        return None
    for pattern, repl in _SPELLING:
        token = pattern.sub(repl, token)
    # A crude plural fold: enough to meet "summits" with "summit"; kept cheap
    # because it runs on every token of every document.
    if len(token) > 4 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    return token


def content_terms(tokens: list[str]) -> list[str]:
    """Content terms of a token list, in order (stop words and numbers dropped)."""
    return [t for t in map(content_term, tokens) if t is not None]
