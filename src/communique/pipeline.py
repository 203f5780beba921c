"""The pipeline: ingest → clean → nlp → link → quotes → events → stories.

``analyze`` runs every stage on raw documents and returns ``Document``
objects; storing them is the caller's business (``communique.store``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from communique.model import Document, RawDocument

Progress = Callable[[str, int], None]  # (stage name, documents done in this call)


def analyze(
    raws: Iterable[RawDocument],
    *,
    stories: bool = False,
    n_process: int = 1,
    progress: Progress | None = None,
) -> list[Document]:
    """Run the whole pipeline on raw documents.

    raws (Iterable[RawDocument]): what the readers produced.
    stories (bool): group the documents into stories (needs several documents).
    n_process (int): worker processes for spaCy.
    RETURNS (list[Document]): analysed documents, in input order.
    """
    from communique.clean import clean_document
    from communique.events import code_events
    from communique.link import get_linker
    from communique.nlp import parse_documents
    from communique.quotes import find_quotes

    tick = progress or (lambda stage, n: None)
    # 1. clean text and read metadata
    docs = []
    for raw in raws:
        docs.append(clean_document(raw))
        tick("clean", 1)
    # 2. parse in batches
    parse_documents(docs, n_process=n_process)
    tick("nlp", len(docs))
    linker = get_linker()
    for doc in docs:
        # 3. entities and organisation facts, resolved at the document's date
        linker.link_document(doc)
        # 4. who said what
        doc.quotes = find_quotes(doc)
        # 5. who did what to whom
        doc.events = code_events(doc)
        tick("extract", 1)
    # 6. same story, many reports
    if stories and len(docs) > 1:
        from communique.stories import assign_stories

        assign_stories(docs)
    return docs


def _analyze_in_worker(raws: list[RawDocument]) -> list[Document]:
    """One batch in a worker process, returned without the parse (too big to send back)."""
    docs = analyze(raws)
    for doc in docs:
        doc.spacy_doc = None
        doc.linked = None
    return docs


def _warm_worker() -> None:
    """Load the model and the packs once per worker, before its first batch."""
    from communique.link import get_linker
    from communique.nlp import load_pipeline

    load_pipeline()
    get_linker()


def analyze_batches(batches: Iterable[list[RawDocument]], workers: int = 1) -> Iterator[list[Document]]:
    """Analyse batches in order, in this process or in ``workers`` processes.

    Why a process pool rather than ``nlp.pipe(n_process=…)``: every stage after
    parsing (link, quotes, events) is pure Python too, and a pool that lives for
    the whole run loads the model and packs once per worker instead of once per batch.
    Results come back in input order, so the caller stores them in a stable order.
    """
    if workers <= 1:
        for batch in batches:
            yield analyze(batch)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # fork shares the loaded interpreter; the pool's own processes are the only children
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_warm_worker) as pool:
        pending = []
        try:
            for batch in batches:
                pending.append(pool.submit(_analyze_in_worker, batch))
                # keep a few batches in flight per worker, not the whole corpus
                while len(pending) > 2 * workers:
                    yield pending.pop(0).result()
            while pending:
                yield pending.pop(0).result()
        finally:
            for future in pending:
                future.cancel()
