"""The cross-validated sentence classifier measured against the rules (communique.events.classifier)."""

from __future__ import annotations

from pathlib import Path

from communique.events.classifier import NONE_LABEL, combine, label_of, train
from communique.events.evaluate import load_sentence_set
from communique.events.lexicon import PLOVER_TYPES
from communique.model import Event, Span

WRITTEN_SET = Path(__file__).parent / "data" / "event_written.jsonl"


def _event(kind: str) -> Event:
    return Event(type=kind, sentence=Span(0, 0, ""), rule="verb:test")


def test_events_classifier_label_is_first_expected_type_or_none():
    assert label_of({"expected": [{"type": "AID"}, {"type": "AGREE"}]}) == "AID"
    assert label_of({"expected": []}) == NONE_LABEL


def test_events_classifier_fallback_only_fills_sentences_the_rules_left_empty():
    rules = [[], [_event("ASSAULT")], [], []]
    cats = [
        {"PROTEST": 0.6, NONE_LABEL: 0.4},  # empty, sure enough: proposed
        {"AID": 0.9, NONE_LABEL: 0.1},  # the rules coded something: kept as it is
        {"PROTEST": 0.2, NONE_LABEL: 0.8},  # NONE wins: nothing
        {"SANCTION": 0.45, NONE_LABEL: 0.35, "AID": 0.2},  # best type under the threshold
    ]
    out = combine(rules, cats, "fallback", 0.5)
    assert [[e.type for e in events] for events in out] == [["PROTEST"], ["ASSAULT"], [], []]
    assert out[0][0].rule == "textcat"


def test_events_classifier_veto_drops_rule_events_only_when_none_is_sure():
    rules = [[_event("THREATEN")], [_event("ACCUSE")]]
    cats = [{NONE_LABEL: 0.999, "THREATEN": 0.001}, {NONE_LABEL: 0.9, "ACCUSE": 0.1}]
    out = combine(rules, cats, "veto", 0.99)
    assert [[e.type for e in events] for events in out] == [[], ["ACCUSE"]]


def test_events_classifier_trains_on_the_written_dev_sentences():
    rows = load_sentence_set(WRITTEN_SET, split="dev")
    nlp = train(rows, epochs=2)
    doc = nlp("Protesters rallied in the capital against the new law.")
    assert set(doc.cats) == {*PLOVER_TYPES, NONE_LABEL}
    assert abs(sum(doc.cats.values()) - 1.0) < 1e-4  # one exclusive label per sentence
