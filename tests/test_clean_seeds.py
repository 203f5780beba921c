"""The clean stage on the five seeds, against the hand gold: phrases, title, dates, place."""

from __future__ import annotations

import pytest

from communique.clean import clean_document
from communique.evaluate.gold import fold
from communique.model import Document, RawDocument
from tests.conftest import GOLD, SEEDS

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def read_seed(name: str) -> RawDocument:
    path = SEEDS / name
    return RawDocument(source=str(path), text=path.read_bytes().decode("utf-8"))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, Document]:
    return {name: clean_document(read_seed(name)) for name in SEED_NAMES}


def gold_items(field: str) -> list[tuple[str, object]]:
    """(seed, expected value) for every seed whose gold has ``field``; read when collecting."""
    import json

    docs = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    return [(name, g[field]) for name, g in sorted(docs.items()) if field in g]


def gold_phrases(kind: str) -> list[tuple[str, str]]:
    import json

    docs = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    return [(name, p) for name, g in sorted(docs.items()) for p in g.get("clean", {}).get(kind, [])]


@pytest.mark.parametrize(("name", "phrase"), gold_phrases("must_contain"))
def test_clean_seeds_keep_phrase(cleaned, name, phrase):
    assert fold(phrase) in fold(cleaned[name].text)


@pytest.mark.parametrize(("name", "phrase"), gold_phrases("must_not_contain"))
def test_clean_seeds_drop_phrase(cleaned, name, phrase):
    assert fold(phrase) not in fold(cleaned[name].text)


@pytest.mark.parametrize(("name", "title"), gold_items("title"))
def test_clean_seeds_title(cleaned, name, title):
    assert fold(cleaned[name].title or "") == fold(title)


@pytest.mark.parametrize(("name", "published"), gold_items("published"))
def test_clean_seeds_published(cleaned, name, published):
    assert cleaned[name].published == published


@pytest.mark.parametrize(("name", "event_date"), gold_items("event_date"))
def test_clean_seeds_event_date(cleaned, name, event_date):
    doc = cleaned[name]
    assert doc.event_date == event_date, doc.event_date_reason
    assert doc.event_date_reason


@pytest.mark.parametrize(("name", "place"), gold_items("place"))
def test_clean_seeds_place(cleaned, name, place):
    assert cleaned[name].place == place


def test_clean_seeds_every_seed_has_gold(gold):
    assert sorted(gold["documents"]) == SEED_NAMES


def test_clean_seeds_removed_text_is_not_in_body(cleaned):
    for doc in cleaned.values():
        body = fold(doc.text)
        for item in doc.removed:
            if len(item.text) > 20:
                assert fold(item.text) not in body, (item.reason, item.text)


def test_clean_seeds_captions_kept_aside(cleaned):
    for doc in cleaned.values():
        for caption in doc.captions:
            assert fold(caption) not in fold(doc.text)
            assert any(r.reason == "caption" and r.text == caption for r in doc.removed)


def transcript_labels(text: str) -> list[str]:
    """Labels of transcript turns in a raw text: "Title Name: words", the label only names."""
    labels = []
    for line in text.splitlines():
        label, colon, rest = line.strip().partition(": ")
        words = label.split()
        if (
            colon
            and rest
            and 3 <= len(words) <= 15
            and all(w[0].isupper() or w in ("of", "the") for w in words)
        ):
            labels.append(label)
    return labels


def test_clean_seeds_speaker_labels_open_paragraphs(cleaned):
    # The quotes stage finds transcript turns at paragraph starts.
    found = 0
    for doc in cleaned.values():
        heads = {p.split(": ", 1)[0] for p in doc.text.split("\n\n")}
        for label in transcript_labels(doc.raw.text):
            assert label in heads
            found += 1
    assert found >= 2


def test_clean_seeds_cue_line_before_hard_quote_stays(cleaned, gold):
    # A caption-like line naming the speaker just before a quotation is the quote's only cue.
    for name, g in gold["documents"].items():
        for quote in (q for q in g.get("quotes", []) if q.get("hard")):
            paragraphs = [fold(p) for p in cleaned[name].text.split("\n\n")]
            at = next(k for k, p in enumerate(paragraphs) if fold(quote["starts"]) in p)
            speaker = quote["speaker"]
            names = [speaker, *gold["aliases"].get(speaker, [])]
            assert at > 0 and any(n in paragraphs[at - 1] for n in names), paragraphs[at - 1]
