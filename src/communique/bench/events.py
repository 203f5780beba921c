"""Benchmark of the event stage against the NLP stage on the same texts.

Times ``nlp.pipe`` (parsing), the linker and ``code_events`` separately on one
process, and reports the event stage's cost as a share of the NLP stage's.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from communique.model import Document, RawDocument


def read_texts(path: Path, limit: int) -> list[str]:
    """The ``text`` of the first ``limit`` records of a JSON Lines corpus."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                texts.append(record.get("text") or record.get("body") or "")
            if len(texts) >= limit:
                break
    return texts


def run_event_benchmark(texts: list[str], published: str = "2020-01-01") -> dict:
    """Time parse, link and events on ``texts`` (one document each).

    RETURNS (dict): documents, sentences, sentences_walked, nlp_s, link_s, events_s,
        events, events_per_doc, events_vs_nlp (events time / nlp time).
    """
    from communique.events import get_coder
    from communique.link import get_linker
    from communique.nlp import load_pipeline, parse_documents

    load_pipeline()
    linker = get_linker()
    coder = get_coder()
    docs = [
        Document(raw=RawDocument(source=f"bench:{i}", text=t), text=t, published=published)
        for i, t in enumerate(texts)
    ]
    start = time.perf_counter()
    parse_documents(docs)
    nlp_s = time.perf_counter() - start
    start = time.perf_counter()
    for doc in docs:
        linker.link_document(doc)
    link_s = time.perf_counter() - start
    start = time.perf_counter()
    n_events = sum(len(coder.code(doc)) for doc in docs)
    events_s = time.perf_counter() - start
    sentences = [s for d in docs for s in d.spacy_doc.sents]
    walked = sum(1 for s in sentences if any(t.lemma_.lower() in coder.lex.triggers for t in s))
    return {
        "documents": len(docs),
        "sentences": len(sentences),
        "sentences_walked": walked,
        "nlp_s": nlp_s,
        "link_s": link_s,
        "events_s": events_s,
        "events": n_events,
        "events_per_doc": n_events / max(1, len(docs)),
        "events_vs_nlp": events_s / nlp_s if nlp_s else 0.0,
    }
