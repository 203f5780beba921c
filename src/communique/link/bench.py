"""Benchmark: bare ``nlp.pipe`` against ``nlp.pipe`` plus linking, on the same texts."""

from __future__ import annotations

import time
from collections.abc import Sequence
from statistics import median

from communique.model import Document, RawDocument


def run_link_benchmark(texts: Sequence[str], rounds: int = 3) -> dict:
    """Words per second of spaCy alone and of spaCy + linking, alternating, medians of ``rounds``.

    Runs alternate (bare, linked, bare, linked, …) so a drift in the machine's speed
    hits both sides alike; the first parse after loading is a warm-up and not counted.

    texts (Sequence[str]): documents to parse (the same for both runs).
    rounds (int): counted runs of each side.
    RETURNS (dict): documents, words, bare_s, linked_s, bare_words_per_s,
        linked_words_per_s, ratio (linked / bare throughput), link_only_s (medians).
    """
    from communique.link import get_linker
    from communique.nlp import parse_texts

    linker = get_linker()  # packs and matchers load before the clock starts
    linker.link_document(_document("Warm-up text about the CSTO in Minsk.", linker))
    for _ in parse_texts(texts[:20]):
        pass
    words = sum(len(t.split()) for t in texts)
    bare_runs, linked_runs, link_runs = [], [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in parse_texts(texts):
            pass
        bare_runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        link_only = 0.0
        for text, parsed in zip(texts, parse_texts(texts), strict=True):
            t1 = time.perf_counter()
            doc = Document(raw=RawDocument(source="-", text=text), text=text)
            doc.spacy_doc = parsed
            linker.link_document(doc)
            link_only += time.perf_counter() - t1
        linked_runs.append(time.perf_counter() - t0)
        link_runs.append(link_only)
    bare, linked, link_only = median(bare_runs), median(linked_runs), median(link_runs)
    return {
        "documents": len(texts),
        "words": words,
        "rounds": rounds,
        "bare_s": bare,
        "linked_s": linked,
        "link_only_s": link_only,
        "bare_words_per_s": words / bare if bare else 0.0,
        "linked_words_per_s": words / linked if linked else 0.0,
        "ratio": bare / linked if linked else 0.0,
    }


def _document(text: str, linker) -> Document:  # noqa: ANN001
    doc = Document(raw=RawDocument(source="-", text=text), text=text)
    doc.spacy_doc = linker.nlp(text)
    return doc
