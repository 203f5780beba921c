"""QuoteFinder: pairing quotation marks, paragraphs, single quotes and apostrophes (no model needed)."""

from __future__ import annotations

import pytest

from communique.quotes.detect import QuoteFinder


def spans(text: str) -> list[str]:
    return [" | ".join(text[a:b] for a, b in m.parts) for m in QuoteFinder().find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready,” she said.", ["We are ready,"]),
        ('"We are ready," she said.', ["We are ready,"]),
        ("He said: «We are ready.»", ["We are ready."]),
        ("‘We are ready,’ she said.", ["We are ready,"]),
        ("He wrote „We are ready“ to them.", ["We are ready"]),
    ],
)
def test_quotes_detect_mark_styles(text, expected):
    assert spans(text) == expected


def test_quotes_detect_apostrophes_do_not_open_or_close():
    text = "The country’s view didn’t change, and the members' plans stayed as the ministers’ own."
    assert spans(text) == []


def test_quotes_detect_single_quotes_inside_double_stay_inside():
    text = "“They call it a ‘paper army’, but it has trained well,” the minister said."
    found = QuoteFinder().find(text)
    assert len(found) == 1
    assert text[found[0].start : found[0].end] == "They call it a ‘paper army’, but it has trained well,"


def test_quotes_detect_reopened_paragraphs_are_one_quotation():
    text = (
        "Intro line.\n“First paragraph of the speech goes on.\n“Second paragraph ends it,” he said.\nAfter."
    )
    found = QuoteFinder().find(text)
    assert len(found) == 1
    assert [text[a:b] for a, b in found[0].parts] == [
        "First paragraph of the speech goes on.",
        "Second paragraph ends it,",
    ]
    assert found[0].closed is not None


def test_quotes_detect_run_on_paragraph_without_reopening():
    text = "Intro line.\n“First paragraph of the speech.\nSecond paragraph, no mark at its start,” he said."
    found = QuoteFinder().find(text)
    assert [text[a:b] for a, b in found[0].parts] == [
        "First paragraph of the speech.",
        "Second paragraph, no mark at its start,",
    ]


def test_quotes_detect_unclosed_quotation_stops_at_its_paragraph():
    paras = ["“An opening mark that never closes."] + [f"Plain paragraph number {i}." for i in range(6)]
    text = "\n".join(paras) + "\nA late “closing” pair."
    found = QuoteFinder().find(text)
    assert text[found[0].start : found[0].end] == "An opening mark that never closes."
    assert found[0].closed is None


def test_quotes_detect_straight_quotes_pair_by_context():
    text = 'The plan, known as "Shield", was praised: "It works well," an officer said.'
    assert spans(text) == ["Shield", "It works well,"]


def test_quotes_detect_closing_mark_typed_as_opening():
    text = "He said ”we will come back next year,” and left."
    assert spans(text) == ["we will come back next year,"]
