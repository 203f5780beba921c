"""Sentences of the event development set, read back from the shared corpora.

The development set (``tests/data/event_devset.jsonl``) holds no corpus text: each
row names a document (``voa:<id>``, ``web:<id>``, ``polnear:<file stem>``), the
character offsets of one sentence in that document's text, and the first ten hex
digits of the sentence's SHA-1, so that a changed corpus is noticed instead of
scoring the coder on the wrong words. This module finds the corpora and cuts the
sentences out again.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

# Where the corpora live, below the shared data folder.
CORPUS_FILES = {
    "voa": Path("corpora/voa/voa_stories.jsonl"),
    "web": Path("corpora/webpages/pages.jsonl"),
}
POLNEAR_TEXTS = Path("corpora/polnear/train/text")
SHARED_ENV = "COMMUNIQUE_SHARED"


def shared_root() -> Path:
    """The shared data folder: $COMMUNIQUE_SHARED, else ``../shared`` beside the repository or cwd."""
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV])
    candidates = [Path.cwd().parent / "shared", Path(__file__).resolve().parents[3].parent / "shared"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def sentence_hash(text: str) -> str:
    """The short check stored with each row: 10 hex digits of SHA-1."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=4)
def _jsonl_texts(path: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                texts[str(record["id"])] = record["text"]
    return texts


def document_text(doc_id: str, root: Path | None = None) -> str:
    """The full text of a corpus document named ``<corpus>:<id>``."""
    root = root or shared_root()
    corpus, _, key = doc_id.partition(":")
    if corpus == "polnear":
        path = root / POLNEAR_TEXTS / f"{key}.txt"
        if not path.is_file():
            raise FileNotFoundError(f"{doc_id}: no file {path}")
        return path.read_text(encoding="utf-8")
    if corpus not in CORPUS_FILES:
        raise ValueError(f"{doc_id}: unknown corpus {corpus!r} (voa, web, polnear)")
    path = root / CORPUS_FILES[corpus]
    if not path.is_file():
        raise FileNotFoundError(f"{doc_id}: corpus file {path} not found (set {SHARED_ENV})")
    texts = _jsonl_texts(path)
    if key not in texts:
        raise ValueError(f"{doc_id}: no such document in {path}")
    return texts[key]


def resolve_text(row: dict, root: Path | None = None) -> str:
    """The sentence a row points at, checked against its stored hash."""
    text = document_text(row["doc"], root)[row["start"] : row["end"]]
    if sentence_hash(text) != row["sha1"]:
        raise ValueError(f"{row['id']}: {row['doc']}[{row['start']}:{row['end']}] no longer matches its hash")
    return text
