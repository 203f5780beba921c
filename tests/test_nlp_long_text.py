"""A long text is parsed in pieces, on several cores where the process may have children,
with the same annotations as in one process; a budget stops the pool with the document."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest

from communique import nlp
from communique.ingest.budget import Budget, BudgetExceeded
from communique.nlp import settings as nlp_settings
from tests.conftest import SHARED

POLNEAR_TRAIN = SHARED / "corpora" / "polnear" / "train" / "text"


def polnear_text(chars: int) -> str:
    """Real news articles joined in name order up to ``chars`` characters."""
    parts: list[str] = []
    size = 0
    for path in sorted(POLNEAR_TRAIN.iterdir()):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        size += len(text)
        if size >= chars:
            break
    return "\n\n".join(parts)[:chars]


def annotations(doc) -> list[tuple]:  # noqa: ANN001 (a spaCy Doc)
    tokens = [
        (t.idx, t.text, t.whitespace_, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i)
        + (t.ent_iob_, t.ent_type_, t.is_sent_start, t.norm_, t.is_stop)
        for t in doc
    ]
    return tokens + [(e.start, e.end, e.label_) for e in doc.ents] + [(s.start, s.end) for s in doc.sents]


@pytest.fixture
def parallel_from(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Parse in ``processes`` processes texts of ``chars`` characters or more."""

    def use(processes: int, chars: int) -> None:
        monkeypatch.setattr(
            nlp_settings,
            "SETTINGS",
            nlp_settings.NlpSettings(parse_processes=processes, parallel_chars=chars, parallel_max_mb=10**6),
        )

    return use


def test_nlp_parallel_pieces_same_annotations_as_one_process(parallel_from) -> None:  # noqa: ANN001
    text = polnear_text(130_000)  # three pieces
    assert len(nlp.split_pieces(text)) == 3
    parallel_from(1, 100_000)
    one = nlp.parse_long(text)
    parallel_from(2, 100_000)
    assert nlp.piece_processes(len(text), 3) == 2
    two = nlp.parse_long(text)
    assert two.text == text
    assert annotations(two) == annotations(one)
    assert multiprocessing.active_children() == []


def test_nlp_parallel_only_where_children_are_allowed(parallel_from) -> None:  # noqa: ANN001
    parallel_from(2, 100_000)
    assert nlp.piece_processes(200_000, 4) == 2
    assert nlp.piece_processes(99_999, 2) == 1  # too short to be worth the start
    assert nlp.piece_processes(200_000, 1) == 1  # one piece
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(nlp.piece_processes(200_000, 4)))
    thread.start()
    thread.join()
    assert seen == [1]  # not from a Dask task's or a web request's thread
    parallel_from(1, 100_000)
    assert nlp.piece_processes(200_000, 4) == 1


def test_nlp_parallel_only_while_the_workers_fit_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.ingest.budget import rss_bytes

    held = rss_bytes() / 2**20
    assert nlp_settings.NlpSettings().worker_mb == 300
    monkeypatch.setattr(
        nlp_settings, "SETTINGS", nlp_settings.NlpSettings(2, 100_000, parallel_max_mb=int(held) + 700)
    )
    assert nlp.piece_processes(200_000, 4) == 2  # 2 x 300 MB more fit
    monkeypatch.setattr(
        nlp_settings, "SETTINGS", nlp_settings.NlpSettings(2, 100_000, parallel_max_mb=int(held) + 500)
    )
    assert nlp.piece_processes(200_000, 4) == 1  # they would not: parsed in this process


def test_nlp_document_workers_parse_alone(parallel_from, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    parallel_from(2, 100_000)
    monkeypatch.setattr(nlp, "_PARALLEL_PIECES", True)
    nlp.single_process()  # what an ingest --workers process does at start
    assert nlp.piece_processes(200_000, 4) == 1


def test_nlp_budget_stops_the_pool_with_the_document(parallel_from) -> None:  # noqa: ANN001
    text = polnear_text(400_000)
    parallel_from(2, 100_000)
    budget = Budget(seconds=1.0, memory_mb=None)
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match="time budget of 1 s exceeded in nlp"):
        with budget.watch("nlp"):
            nlp.parse_long(text)
    assert time.monotonic() - started < 15
    assert multiprocessing.active_children() == []  # the workers were ended, not left parsing


def test_nlp_cached_lemmas_are_spacys() -> None:
    """The lemma cache answers what spaCy's rules answer, word for word."""
    pipeline = nlp.load_pipeline()
    lemmatizer = pipeline.get_pipe("lemmatizer")
    cached = lemmatizer.lemmatize
    assert cached != lemmatizer.rule_lemmatize  # the cache is in place
    text = polnear_text(40_000)
    doc = nlp.parse_long(text)
    assert [cached(t)[0] for t in doc] == [lemmatizer.rule_lemmatize(t)[0] for t in doc]
    lemmatizer.lemmatize = lemmatizer.rule_lemmatize
    try:
        plain = nlp.parse_long(text)
    finally:
        lemmatizer.lemmatize = cached
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in plain]
