"""Stories benchmark: duplicate detection + story clustering time and memory by corpus size.

The corpus is the VOA stories replicated with ``communique.stories.variants``:
the originals, then documents composed of sentences from several originals
(distinct stories, spread over six years) and reprints of recent documents
(boilerplate, a new headline, a moved paragraph, an edited sentence). NLP
would dominate the run, so documents are built without spaCy: title, text
and publication date, and as "actors" the capitalised words inside sentences
(a cheap stand-in for linked entities, used here only). Each size runs in a
fresh process so its peak memory is its own.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil

from communique.model import Document, Entity, RawDocument

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[3].parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
)
# A capitalised word not at the start of a sentence: names, places, organisations.
_CAPITALISED = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b[A-Z][a-z]{2,}\b")
_MAX_ACTORS = 30


def capitalised_actors(text: str) -> list[Entity]:
    """Stand-in entities for the benchmark: distinct capitalised words inside sentences."""
    words = dict.fromkeys(_CAPITALISED.findall(text))
    return [Entity(id=f"cap:{w.lower()}", name=w, type="other") for w in list(words)[:_MAX_ACTORS]]


def iter_documents(records: list[dict], n_docs: int, seed: int = 7) -> Iterator[tuple[Document, str]]:
    """``n_docs`` Documents, each with its origin (original or composed story), made as they are read."""
    from communique.stories.variants import generate_corpus

    for v in generate_corpus(records, n_docs, seed=seed):
        raw = RawDocument(source=f"bench:{v.origin}", text=v.text, title=v.title)
        doc = Document(raw=raw, text=v.text, title=v.title, published=v.published)
        doc.entities = capitalised_actors(v.text)
        yield doc, v.origin


def build_documents(records: list[dict], n_docs: int, seed: int = 7) -> tuple[list[Document], dict[str, str]]:
    """``n_docs`` Documents and the origin (original or composed story) of each document id."""
    docs, origin = [], {}
    for doc, where in iter_documents(records, n_docs, seed):
        docs.append(doc)
        origin[doc.id] = where
    return docs, origin


class PeakRss:
    """Samples this process's resident memory in a thread; ``peak`` is the highest seen."""

    def __init__(self, every: float = 0.05):
        self.every, self.peak, self._stop = every, 0, threading.Event()
        self._proc = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)


def measure_size(corpus: Path, n_docs: int) -> dict:
    """Index ``n_docs`` generated documents once; time, memory and what was found."""
    from communique.stories import StoryIndex, batch_text_source

    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    docs, origin = build_documents(records, n_docs)
    base = psutil.Process().memory_info().rss
    with PeakRss() as rss:
        t0 = time.perf_counter()
        index = StoryIndex(text_source=batch_text_source(docs))
        assignments = index.add(docs)
        elapsed = time.perf_counter() - t0
    t1 = time.perf_counter()
    blob = index.dumps()
    dump_s = time.perf_counter() - t1
    dups = [a.duplicate for a in assignments if a.duplicate]
    return {
        "documents": n_docs,
        "seconds": elapsed,
        "docs_per_s": n_docs / elapsed,
        "peak_rss_mb": rss.peak / 2**20,
        "index_rss_mb": (rss.peak - base) / 2**20,
        "blob_mb": len(blob) / 2**20,
        "dump_s": dump_s,
        "duplicates": len(dups),
        "duplicates_same_origin": sum(origin[d.document_id] == origin[d.duplicate_of] for d in dups),
        "stories": len(index.stories),
        "words": sum(len(d.text.split()) for d in docs),
    }


def _child(corpus: Path, n_docs: int, queue) -> None:  # noqa: ANN001
    queue.put(measure_size(corpus, n_docs))


def run_story_benchmark(
    sizes: tuple[int, ...] = (10_000, 40_000, 160_000), corpus: Path = DEFAULT_CORPUS
) -> dict:
    """Measure every size in its own process; adds the time ratio of each size to the previous one."""
    ctx = multiprocessing.get_context("spawn")
    runs = []
    for n in sizes:
        queue = ctx.Queue()
        proc = ctx.Process(target=_child, args=(corpus, n, queue))
        proc.start()
        runs.append(queue.get())
        proc.join()
    for prev, run in zip(runs, runs[1:], strict=False):
        run["time_ratio"] = run["seconds"] / prev["seconds"]
        run["size_ratio"] = run["documents"] / prev["documents"]
    return {"corpus": str(corpus), "runs": runs}


def format_story_benchmark(result: dict) -> list[str]:
    """A Markdown table of the figures."""
    lines = [
        "| documents | time (s) | docs/s | peak RSS (MB) | index RSS (MB) | blob (MB) | duplicates | same origin | stories | time ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        ratio = f"{r['time_ratio']:.2f} for {r['size_ratio']:.0f}x" if "time_ratio" in r else ""
        lines.append(
            f"| {r['documents']:,} | {r['seconds']:.1f} | {r['docs_per_s']:.0f} | {r['peak_rss_mb']:.0f} | "
            f"{r['index_rss_mb']:.0f} | {r['blob_mb']:.1f} | {r['duplicates']:,} | {r['duplicates_same_origin']:,} | {r['stories']:,} | {ratio} |"
        )
    return lines


# --- through the ingest path: per-batch cost as the knowledge base grows ----------------------------


def _store_batch(engine, docs: list[Document]) -> tuple[float, float]:  # noqa: ANN001 (an Engine)
    """Store one batch and cluster it, as ``communique ingest`` does; (store, stories) seconds."""
    from communique.store import save_documents
    from communique.stories.persist import update_story_tables

    t0 = time.perf_counter()
    saved = save_documents(engine, docs)
    t1 = time.perf_counter()
    update_story_tables(engine, [d for d, new in zip(docs, saved, strict=True) if new])
    return t1 - t0, time.perf_counter() - t1


def measure_ingest(
    corpus: Path,
    sizes: tuple[int, ...] = (1_000, 10_000, 50_000),
    db: Path | None = None,
    batch: int = 32,
    probes: int = 8,
    grow: int = 1_000,
    report: Callable[[dict], None] | None = None,
) -> dict:
    """Grow one knowledge base to each size and time ``probes`` batches of ``batch`` documents there.

    Growing goes through the same two calls in larger batches (``grow`` documents) to keep the
    run short; the probes are ingest's own batch size. Each probe's time is split into storing
    the documents and the stories stage (index update and story tables); the median is kept.
    ``cold`` is the first probe at the largest size after the process forgets its index
    (a new ``communique ingest`` run on a large knowledge base reads it back once).
    ``report`` is called with each size's figures as soon as they are measured.
    """
    import statistics
    import tempfile

    from communique.store import open_store
    from communique.stories.persist import forget_cached_indexes

    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = max(sizes) + probes * batch * (len(sizes) + 1)
    docs = iter_documents(records, total)
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        engine = open_store(db or Path(tmp) / "kb.db")
        stored, runs = 0, []
        for size in sizes:
            while stored < size:
                chunk = [d for d, _ in itertools.islice(docs, min(grow, size - stored))]
                _store_batch(engine, chunk)
                stored += len(chunk)
            times = []
            for _ in range(probes):
                chunk = [d for d, _ in itertools.islice(docs, batch)]
                times.append(_store_batch(engine, chunk))
                stored += len(chunk)
            runs.append(
                {
                    "documents": size,
                    "store_ms": 1000 * statistics.median(t[0] for t in times),
                    "stories_ms": 1000 * statistics.median(t[1] for t in times),
                    "batch_ms": 1000 * statistics.median(t[0] + t[1] for t in times),
                }
            )
            runs[-1]["ratio"] = runs[-1]["batch_ms"] / runs[0]["batch_ms"]
            if report:
                report(runs[-1])
        forget_cached_indexes()
        chunk = [d for d, _ in itertools.islice(docs, batch)]
        cold = _store_batch(engine, chunk)
        engine.dispose()
    return {
        "corpus": str(corpus),
        "batch": batch,
        "probes": probes,
        "runs": runs,
        "cold_stories_ms": 1000 * cold[1],
    }


INGEST_HEADER = (
    "| documents in the knowledge base | store (ms) | stories (ms) | batch (ms) | batch / batch at the smallest size |",
    "|---:|---:|---:|---:|---:|",
)


def format_ingest_row(r: dict) -> str:
    return f"| {r['documents']:,} | {r['store_ms']:.0f} | {r['stories_ms']:.0f} | {r['batch_ms']:.0f} | {r['ratio']:.2f} |"


def format_ingest_benchmark(result: dict) -> list[str]:
    """A Markdown table of the per-batch figures."""
    lines = [
        f"per batch of {result['batch']} documents (median of {result['probes']} batches)",
        *INGEST_HEADER,
    ]
    lines += [format_ingest_row(r) for r in result["runs"]]
    lines.append(
        f"first batch of a new process at {result['runs'][-1]['documents']:,} documents: "
        f"stories {result['cold_stories_ms']:.0f} ms (the index read back once)"
    )
    return lines
