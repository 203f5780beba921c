"""The pipeline: ingest → clean → nlp → link → quotes → events → stories.

``analyze`` runs every stage on raw documents and returns ``Document``
objects; storing them is the caller's business (``communique.store``).

One document's failure is that document's alone, the way spaCy's pipeline
error handlers work: with an ``on_error`` handler, any exception in any stage
(or a used-up ``Budget``) for one document is handed to the handler with the
stage's name, the document is left out, and the rest go on. Without a
handler the exception is raised, as before.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from communique.ingest.budget import Budget, BudgetExceeded
from communique.model import Document, RawDocument
from communique.processes import die_with_parent

log = logging.getLogger("communique.pipeline")

Progress = Callable[[str, int], None]  # (stage name, documents done in this call)
ErrorHandler = Callable[[RawDocument, str, BaseException], None]  # (document, stage, error)
# Texts up to this length are parsed together in one nlp.pipe batch (faster); longer ones alone,
# under their own budget.
BATCH_PARSE_CHARS = 20_000


@dataclass
class Failure:
    """A document the pipeline left out: which input, in which stage, and why."""

    source: str
    stage: str
    error: str

    @property
    def reason(self) -> str:
        return f"{self.stage}: {self.error}"


def describe_error(exc: BaseException) -> str:
    """One line that names an error: its type (unless the message says it all) and message."""
    message = " ".join(str(exc).split())[:300]
    if isinstance(exc, BudgetExceeded):
        return message
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def raise_error(raw: RawDocument, stage: str, exc: BaseException) -> None:
    """The default handler: the first failure stops the call, as without isolation."""
    raise exc


def analyze(
    raws: Iterable[RawDocument],
    *,
    stories: bool = False,
    n_process: int = 1,
    progress: Progress | None = None,
    on_error: ErrorHandler | None = None,
    budget: Budget | None = None,
) -> list[Document]:
    """Run the whole pipeline on raw documents.

    raws (Iterable[RawDocument]): what the readers produced.
    stories (bool): group the documents into stories (needs several documents).
    n_process (int): worker processes for spaCy.
    on_error (ErrorHandler | None): called with (document, stage, error) for a document that
        fails in any stage; the document is then left out. None raises the error.
    budget (Budget | None): time and memory each document may use; None: no limit.
    RETURNS (list[Document]): analysed documents, in input order.
    """
    from communique.clean import clean_document
    from communique.events import code_events
    from communique.link import get_linker
    from communique.nlp import parse_long, parse_texts
    from communique.quotes import find_quotes

    tick = progress or (lambda stage, n: None)
    handler = on_error or raise_error
    limits = budget or Budget(None, None)
    runs: list[_Run] = []
    from communique.ingest import mark_site_repeats

    # 1. lines a site prints on many pages of the batch, then clean text and read metadata
    for raw in mark_site_repeats(list(raws)):
        run = _Run(raw, limits.for_text(len(raw.text)), handler)
        run.doc = run.stage("clean", lambda raw=raw: clean_document(raw))
        if run.doc is not None:
            runs.append(run)
        tick("clean", 1)
    # 2. parse: short texts in one batch (a failing batch falls back to one by one), long ones alone
    short = [r for r in runs if len(r.doc.text) <= BATCH_PARSE_CHARS]
    try:
        for run, parsed in zip(short, parse_texts((r.doc.text for r in short), n_process), strict=True):
            run.doc.spacy_doc = parsed
    except Exception as exc:  # noqa: BLE001 - retried document by document below, so the culprit is named
        log.warning("batch parse failed (%s); parsing its documents one by one", describe_error(exc))
        for run in short:
            run.doc.spacy_doc = None
    for run in runs:
        if run.doc.spacy_doc is None and not run.failed:
            run.doc.spacy_doc = run.stage("nlp", lambda run=run: parse_long(run.doc.text))
    runs = [r for r in runs if not r.failed]
    tick("nlp", len(runs))
    linker = get_linker()
    for run in runs:
        doc = run.doc
        # 3. entities and organisation facts, resolved at the document's date
        run.stage("link", lambda doc=doc: linker.link_document(doc))
        # 4. who said what
        quotes = run.stage("quotes", lambda doc=doc: find_quotes(doc))
        if quotes is not None:
            doc.quotes = quotes
        # 5. who did what to whom
        found = run.stage("events", lambda doc=doc: code_events(doc))
        if found is not None:
            doc.events = found
        tick("extract", 1)
    docs = [r.doc for r in runs if not r.failed]
    if any(r.failed for r in runs):
        gc.collect()  # a stopped document can leave a large parse behind in a reference cycle
    # 6. same story, many reports
    if stories and len(docs) > 1:
        from communique.stories import assign_stories

        assign_stories(docs)
    return docs


class _Run:
    """One document on its way through the stages, with its budget and its fate."""

    def __init__(self, raw: RawDocument, budget: Budget, handler: ErrorHandler) -> None:
        self.raw = raw
        self.budget = budget
        self.handler = handler
        self.doc: Document | None = None
        self.failed = False

    def stage(self, name: str, work: Callable[[], object]) -> object:
        """Run one stage for this document; a failure goes to the handler and ends its run."""
        if self.failed:
            return None
        try:
            started = time.perf_counter()
            with self.budget.watch(name):
                result = work()
            log.debug("%s %s: %.1f ms", name, self.raw.source, 1000 * (time.perf_counter() - started))
            return result
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - any failure is this document's only
            self.failed = True
            if self.doc is not None:
                self.doc.spacy_doc = None
            self.handler(self.raw, name, exc)
            return None


def collect_failures(failures: list[Failure]) -> ErrorHandler:
    """An error handler that records each failure and logs it."""

    def on_error(raw: RawDocument, stage: str, exc: BaseException) -> None:
        failure = Failure(raw.source, stage, describe_error(exc))
        log.info("left out %s: %s", raw.source, failure.reason)
        failures.append(failure)

    return on_error


def _analyze_in_worker(
    raws: list[RawDocument], budget: Budget | None
) -> tuple[list[Document], list[Failure]]:
    """One batch in a worker process, returned without the parse (too big to send back)."""
    failures: list[Failure] = []
    docs = analyze(raws, on_error=collect_failures(failures), budget=budget)
    for doc in docs:
        doc.spacy_doc = None
        doc.linked = None
    return docs, failures


def _warm_worker() -> None:
    """Die with the parent; load the model and the packs once per worker, before its first batch.

    The worker's long texts are parsed in it alone: the other workers use the other cores."""
    die_with_parent()
    from communique.link import get_linker
    from communique.nlp import load_pipeline, one_blas_thread, single_process

    single_process()
    one_blas_thread()
    load_pipeline()
    get_linker()


def analyze_batches(
    batches: Iterable[list[RawDocument]],
    workers: int = 1,
    *,
    on_failure: Callable[[Failure], None] | None = None,
    budget: Budget | None = None,
) -> Iterator[list[Document]]:
    """Analyse batches in order, in this process or in ``workers`` processes.

    Why a process pool rather than ``nlp.pipe(n_process=…)``: every stage after
    parsing (link, quotes, events) is pure Python too, and a pool that lives for
    the whole run loads the model and packs once per worker instead of once per batch.
    Results come back in input order, so the caller stores them in a stable order.
    Documents that fail are left out of their batch and passed to ``on_failure``; without
    it, the first failure is raised.
    """
    report = on_failure or _raise_failure
    if workers <= 1:
        for batch in batches:
            failures: list[Failure] = []
            docs = analyze(batch, on_error=collect_failures(failures), budget=budget)
            for failure in failures:
                report(failure)
            yield docs
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # fork shares the loaded interpreter; the pool's own processes are the only children
    with ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_warm_worker) as pool:
        pending = []
        try:
            for batch in batches:
                pending.append(pool.submit(_analyze_in_worker, batch, budget))
                # keep a few batches in flight per worker, not the whole corpus
                while len(pending) > 2 * workers:
                    yield _collect(pending.pop(0).result(), report)
            while pending:
                yield _collect(pending.pop(0).result(), report)
        finally:
            for future in pending:
                future.cancel()


def _collect(
    result: tuple[list[Document], list[Failure]], report: Callable[[Failure], None]
) -> list[Document]:
    docs, failures = result
    for failure in failures:
        report(failure)
    return docs


def _raise_failure(failure: Failure) -> None:
    raise RuntimeError(f"{failure.source}: {failure.reason}")
