"""Exact and near-duplicate documents: normalised-text hashes and MinHash LSH.

Only the first of a group of near-duplicates goes into the LSH index: a
reprint is compared with the document it reprints, and the index (and the
cost of a query) grows with the number of distinct documents, not copies.
Candidates from the LSH carry an estimated Jaccard (from MinHash
signatures) and are verified with the exact Jaccard of the shingle sets.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from communique.stories.settings import SETTINGS, StorySettings
from communique.stories.shingles import jaccard, shingle_hashes
from communique.text import normalise_text

# A function giving the text (title, newline, body) of an indexed document by id;
# the store reads it from its documents table, a batch from memory.
# datasketch's 32-bit scheme: shingle hashes are 32-bit.
SCHEME = "affine32"

TextSource = Callable[[str], "str | None"]


@dataclass
class Fingerprint:
    """What duplicate detection needs of one document."""

    body_hash: str
    shingles: np.ndarray
    minhash: LeanMinHash


@dataclass
class DuplicateMatch:
    """``document_id`` repeats ``duplicate_of``.

    kind (str): "exact" (same normalised body) or "near" (shingle Jaccard over the threshold).
    estimated (float): Jaccard estimated from the MinHash signatures.
    similarity (float): verified Jaccard of the shingle sets (the estimate when ``verified`` is False).
    """

    document_id: str
    duplicate_of: str
    kind: str
    estimated: float
    similarity: float
    verified: bool = True


def shingle_text(title: str | None, text: str) -> str:
    """The string a document is shingled from: a new headline is a small change, not none."""
    return f"{title or ''}\n{text}"


class DuplicateFinder:
    """The LSH index, signatures of indexed documents and the exact-hash table.

    settings (StorySettings): shingle size, LSH bands and rows, thresholds.
    text_source (TextSource | None): text of indexed documents for exact verification.
    """

    def __init__(self, settings: StorySettings = SETTINGS, text_source: TextSource | None = None):
        self.settings = settings
        self.text_source = text_source
        params = (settings.lsh_bands, settings.lsh_rows)
        self.lsh = MinHashLSH(num_perm=settings.num_perm, params=params)
        self.exact: dict[str, str] = {}
        self.rows: dict[str, int] = {}  # document id -> row of ``signatures``
        self.signatures = np.zeros((1024, settings.num_perm), dtype=np.uint32)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def __getstate__(self) -> dict:
        # The function and the cache belong to the running process; the owner sets a new source on load.
        state = self.__dict__.copy()
        state["text_source"] = None
        state["_cache"] = OrderedDict()
        state["_perms"] = None
        state["signatures"] = self.signatures[: len(self.rows)].copy()
        return state

    def fingerprint(self, title_tokens: list[str], body_tokens: list[str]) -> Fingerprint:
        """Hash, shingle and MinHash one document from its normalised title and body words."""
        body = hashlib.blake2b(" ".join(body_tokens).encode("utf-8"), digest_size=16).hexdigest()
        shingles = shingle_hashes(title_tokens + body_tokens, self.settings.shingle_words)
        m = MinHash(self.settings.num_perm, hashfunc=int, permutations=self._permutations(), scheme=SCHEME)
        m.update_batch(shingles)
        return Fingerprint(body, shingles, LeanMinHash(m))

    def _permutations(self):  # noqa: ANN202
        # datasketch draws the permutations anew for every MinHash; drawing them once saves a third of the time.
        if getattr(self, "_perms", None) is None:
            self._perms = MinHash(self.settings.num_perm, hashfunc=int, scheme=SCHEME).permutations
        return self._perms

    def find(self, doc_id: str, fp: Fingerprint) -> DuplicateMatch | None:
        """The indexed document ``fp`` repeats, if any (exact first, then the most similar near one)."""
        if fp.body_hash in self.exact:
            return DuplicateMatch(doc_id, self.exact[fp.body_hash], "exact", 1.0, 1.0)
        best = None
        for other, estimate in self._candidates(fp)[: self.settings.max_verified]:
            similarity, verified = self._verify(fp, other, estimate)
            if similarity >= self.settings.near_duplicate_jaccard and (
                best is None or similarity > best.similarity
            ):
                best = DuplicateMatch(doc_id, other, "near", estimate, similarity, verified)
        return best

    def add(self, doc_id: str, fp: Fingerprint, duplicate: DuplicateMatch | None) -> bytes | None:
        """Remember a document; only one that repeats nothing enters the LSH index.

        RETURNS (bytes | None): the signature it entered the LSH with (what ``restore`` needs).
        """
        self.exact.setdefault(fp.body_hash, doc_id)
        self._remember(doc_id, fp.shingles)
        if duplicate is None and doc_id not in self.rows:
            self.lsh.insert(doc_id, fp.minhash, check_duplication=False)
            self._store_signature(doc_id, fp.minhash.hashvalues)
            return self.signatures[self.rows[doc_id]].tobytes()
        return None

    def restore(self, doc_id: str, body_hash: str, signature: bytes | None) -> None:
        """Remember a document from what ``add`` returned (its shingles are read again when needed)."""
        self.exact.setdefault(body_hash, doc_id)
        if signature is not None and doc_id not in self.rows:
            values = np.frombuffer(signature, dtype=np.uint32)
            # seed 1: MinHash's default, which ``fingerprint`` uses
            minhash = LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)
            self.lsh.insert(doc_id, minhash, check_duplication=False)
            self._store_signature(doc_id, values)

    def _candidates(self, fp: Fingerprint) -> list[tuple[str, float]]:
        keys = self.lsh.query(fp.minhash)
        estimates = [
            (k, float(np.mean(self.signatures[self.rows[k]] == fp.minhash.hashvalues))) for k in keys
        ]
        kept = [(k, e) for k, e in estimates if e >= self.settings.min_estimate]
        return sorted(kept, key=lambda kv: (-kv[1], kv[0]))

    def _verify(self, fp: Fingerprint, other: str, estimate: float) -> tuple[float, bool]:
        shingles = self._shingles_of(other)
        if shingles is None:
            return estimate, False
        return jaccard(fp.shingles, shingles), True

    def _shingles_of(self, doc_id: str) -> np.ndarray | None:
        if doc_id in self._cache:
            self._cache.move_to_end(doc_id)
            return self._cache[doc_id]
        text = self.text_source(doc_id) if self.text_source else None
        if text is None:
            return None
        shingles = shingle_hashes(normalise_text(text).split(), self.settings.shingle_words)
        self._remember(doc_id, shingles)
        return shingles

    def _remember(self, doc_id: str, shingles: np.ndarray) -> None:
        self._cache[doc_id] = shingles
        self._cache.move_to_end(doc_id)
        while len(self._cache) > self.settings.shingle_cache:
            self._cache.popitem(last=False)

    def _store_signature(self, doc_id: str, values: np.ndarray) -> None:
        row = len(self.rows)
        if row >= len(self.signatures):  # grow by doubling: amortised linear
            grown = np.zeros((max(1024, 2 * row), self.settings.num_perm), dtype=np.uint32)
            grown[:row] = self.signatures[:row]
            self.signatures = grown
        self.signatures[row] = values
        self.rows[doc_id] = row
