"""The pipeline: ingest → clean → nlp → link → quotes → events → stories.

``analyze`` runs every stage on raw documents and returns ``Document``
objects; storing them is the caller's business (``communique.store``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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
