"""Ingest benchmark: read + clean + store throughput and peak memory on a replicated corpus.

The corpus is the VOA stories replicated with variations (sentence order
shuffled within paragraphs, a replica marker in the title), so every replica
has its own content hash and is really read, cleaned and stored.
"""

from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from pathlib import Path

from communique.model import Document


def replicate_corpus(source: Path, n_docs: int, target: Path, seed: int = 7) -> int:
    """Write ``n_docs`` JSON records made from ``source`` with variations; returns bytes written."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    written = 0
    with target.open("w", encoding="utf-8") as fh:
        for i in range(n_docs):
            record = dict(records[i % len(records)])
            sentences = record["text"].split(". ")
            if i >= len(records):
                rng.shuffle(sentences)
            record["text"] = ". ".join(sentences)
            record["title"] = f"{record.get('title', '')} ({i // len(records)})"
            line = json.dumps(record, ensure_ascii=False) + "\n"
            written += len(line.encode("utf-8"))
            fh.write(line)
    return written


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ingest_benchmark(source: Path, n_docs: int = 10_000) -> dict:
    """Time reading, cleaning and storing ``n_docs`` documents (no NLP)."""
    from communique.clean import clean_document
    from communique.ingest import RawDocument, read_paths
    from communique.store import open_store
    from communique.store.writer import save_documents

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        size = replicate_corpus(source, n_docs, corpus)
        engine = open_store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        raws = [r for r in read_paths([str(corpus)]) if isinstance(r, RawDocument)]
        t1 = time.perf_counter()
        docs: list[Document] = [clean_document(r) for r in raws]
        t2 = time.perf_counter()
        stored = sum(save_documents(engine, docs))
        t3 = time.perf_counter()
    words = sum(len(d.text.split()) for d in docs)
    return {
        "documents": len(raws),
        "stored": stored,
        "megabytes": size / 2**20,
        "words": words,
        "read_s": t1 - t0,
        "clean_s": t2 - t1,
        "store_s": t3 - t2,
        "total_s": t3 - t0,
        "docs_per_s": len(raws) / (t3 - t0),
        "clean_docs_per_s": len(raws) / (t2 - t1),
        "peak_rss_mb": peak_rss_mb(),
    }
