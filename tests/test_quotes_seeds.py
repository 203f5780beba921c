"""Quotes in the five seeds, cleaned, parsed and linked, scored against the hand gold."""

from __future__ import annotations

import pytest

from communique.clean import clean_document
from communique.evaluate.gold import NameMatcher, fold, quote_matches
from communique.link import get_linker
from communique.model import Document, Quote, RawDocument
from communique.nlp import parse_documents
from communique.quotes import find_quotes
from communique.quotes.settings import SETTINGS

# Floors over the gold quotes not marked hard (see ../shared/gold/README.md).
RECALL_FLOOR = 0.95
SPEAKER_FLOOR = 0.95


@pytest.fixture(scope="module")
def seeds(seed_paths) -> dict[str, Document]:
    docs = {
        name: clean_document(RawDocument(source=str(path), text=path.read_text(encoding="utf-8")))
        for name, path in seed_paths.items()
    }
    parse_documents(list(docs.values()))
    for doc in docs.values():
        get_linker().link_document(doc)
        doc.quotes = find_quotes(doc)
    return docs


@pytest.fixture(scope="module")
def names(gold) -> NameMatcher:
    return NameMatcher(gold["aliases"])


def match(doc: Document, starts: str) -> Quote | None:
    return next((q for q in doc.quotes if quote_matches(q.text, starts)), None)


def gold_quotes(gold, hard: bool) -> list[tuple[str, dict]]:
    return [
        (name, gq)
        for name, g in gold["documents"].items()
        for gq in g.get("quotes", [])
        if bool(gq.get("hard")) == hard
    ]


def test_quotes_seeds_recall(seeds, gold):
    wanted = gold_quotes(gold, hard=False)
    missed = [(n, gq["starts"]) for n, gq in wanted if match(seeds[n], gq["starts"]) is None]
    assert 1 - len(missed) / len(wanted) >= RECALL_FLOOR, missed


def test_quotes_seeds_speaker_accuracy(seeds, gold, names):
    wanted = gold_quotes(gold, hard=False)
    wrong = []
    for n, gq in wanted:
        q = match(seeds[n], gq["starts"])
        if q is None or not names.same(q.speaker.name if q.speaker else None, gq["speaker"]):
            wrong.append((n, gq["starts"], q.speaker if q else "not found"))
    assert 1 - len(wrong) / len(wanted) >= SPEAKER_FLOOR, wrong


def test_quotes_seeds_not_quotes_are_not_returned(seeds, gold):
    for name, g in gold["documents"].items():
        returned = {fold(q.text).strip(" .,") for q in seeds[name].quotes}
        assert not returned & {fold(nq) for nq in g.get("not_quotes") or []}, name


def test_quotes_seeds_hard_quote_is_found_with_a_weak_cue(seeds, gold, names):
    [(name, gq)] = gold_quotes(gold, hard=True)
    q = match(seeds[name], gq["starts"])
    assert q is not None and names.same(q.speaker.name, gq["speaker"])
    assert q.cue is None and q.confidence < SETTINGS.conf_named  # no reporting cue of its own


def test_quotes_seeds_transcript_turns_have_their_labels(seeds):
    doc = seeds["002_46537543d1896dfd.txt"]
    turns = [
        (q.speaker.name, q.speaker_mention.text) for q in doc.quotes if q.confidence == SETTINGS.conf_turn
    ]
    assert turns == [
        ("Alexander Lukashenko", "President of the Republic of Belarus Alexander Lukashenko"),
        ("Vladimir Putin", "President of Russia Vladimir Putin"),
    ]


def test_quotes_seeds_offsets_and_confidence(seeds):
    for doc in seeds.values():
        for q in doc.quotes:
            assert q.kind in ("direct", "indirect") and q.direct == (q.kind == "direct")
            assert 0 < q.confidence <= 1
            if q.parts:
                assert all(doc.text[p.start : p.end] == p.text for p in q.parts)
                assert q.start == q.parts[0].start and q.end == q.parts[-1].end
            else:
                assert doc.text[q.start : q.end] == q.text
            if q.speaker_mention is not None:
                m = q.speaker_mention
                assert doc.text[m.start : m.end] == m.text
