"""OCR damage repair on unseen text: VOA stories printed into a narrow column, hyphenated and
ligature-split (tests/damage.py), then cleaned; words are compared with the original."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from rapidfuzz.distance import Levenshtein

from communique.clean import clean_document
from communique.model import RawDocument
from tests.damage import damage_text, hyphen_points, split_ligatures

# Sentences per paragraph when the one-paragraph VOA text is laid out as a magazine article.
SENTENCES_PER_PARAGRAPH = 4
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”])) (?=[\"“A-Z])")


@dataclass
class Score:
    words: int = 0
    damaged: int = 0
    repaired: int = 0
    broken: int = 0
    errors_before: int = 0
    errors_after: int = 0


def as_paragraphs(text: str) -> str:
    sentences = SENTENCE_END.split(text)
    groups = [
        sentences[i : i + SENTENCES_PER_PARAGRAPH] for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    return "\n\n".join(" ".join(g) for g in groups)


def intact_positions(original: list[str], cleaned: list[str]) -> set[int]:
    """Indices of original words that come out of cleaning unchanged (edit-distance alignment)."""
    ok: set[int] = set()
    for tag, a0, a1, _b0, _b1 in Levenshtein.opcodes(original, cleaned):
        if tag == "equal":
            ok.update(range(a0, a1))
    return ok


def score_record(record: dict, seed: int, score: Score) -> None:
    damaged = damage_text(as_paragraphs(record["text"]), seed=seed)
    cleaned = clean_document(RawDocument(source=record["url"], text=damaged.text, kind="txt"))
    # A dateline opening the story ("BLANTYRE —") is taken off the body and listed as removed.
    datelines = [r.text for r in cleaned.removed if r.reason == "dateline"]
    words, out = damaged.words, " ".join([*datelines, cleaned.text]).split()
    ok = intact_positions(words, out)
    score.words += len(words)
    score.damaged += len(damaged.damaged)
    score.repaired += len(damaged.damaged & ok)
    score.broken += len(set(range(len(words))) - damaged.damaged - ok)
    score.errors_before += Levenshtein.distance(words, damaged.text.split())
    score.errors_after += Levenshtein.distance(words, out)


@pytest.fixture(scope="module")
def score(voa_records) -> Score:
    total = Score()
    for seed, record in enumerate(voa_records):
        score_record(record, seed, total)
    print(
        f"\nVOA damage repair over {len(voa_records)} stories, {total.words} words: "
        f"WER before {total.errors_before / total.words:.2%}, after {total.errors_after / total.words:.2%}; "
        f"{total.repaired}/{total.damaged} damaged words repaired ({total.repaired / total.damaged:.1%}); "
        f"{total.broken} intact words broken"
    )
    return total


def test_clean_damage_repairs_most_damaged_words(score):
    assert score.damaged > 1000
    assert score.repaired / score.damaged >= 0.90


def test_clean_damage_breaks_no_intact_word(score):
    assert score.broken == 0


def test_clean_damage_lowers_word_error_rate(score):
    assert score.errors_after < score.errors_before / 5


def test_clean_damage_generator_is_deterministic(voa_records):
    text = voa_records[0]["text"]
    assert damage_text(text, seed=3).text == damage_text(text, seed=3).text
    assert damage_text(text, seed=3).text != damage_text(text, seed=4).text


def test_clean_damage_generator_splits_like_print():
    assert split_ligatures("official") == "offi  cial"
    assert split_ligatures("The") == "Th e"
    assert split_ligatures("after") == "aft er"
    assert split_ligatures("fluent") == "fl uent"
    assert split_ligatures("stiff") == "stiff"  # nothing follows the ligature
    assert all(2 <= p <= len("information") - 3 for p in hyphen_points("information"))


def test_clean_damage_clean_text_unchanged(voa_records):
    # Undamaged news text keeps every word (the cleaner only touches trivia such as spaces); the
    # only thing taken out is a dateline opening the story, listed as removed.
    for record in voa_records:
        raw = RawDocument(source=record["url"], text=record["text"], kind="json", title=record["title"])
        doc = clean_document(raw)
        assert all(r.reason == "dateline" for r in doc.removed)
        datelines = [r.text for r in doc.removed]
        assert " ".join([*datelines, doc.text]).split() == record["text"].split()
