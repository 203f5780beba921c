"""The attribution-corpus scorer: the brat reader on annotations written here, and the measured
PolNeAR dev figures pinned on a small subset (the texts are read from ../shared, never copied)."""

from __future__ import annotations

import pytest

from communique.evaluate.polnear import (
    Article,
    analyse_articles,
    load_corpus,
    parse_ann,
    same_person,
    score_corpus,
)
from tests.conftest import SHARED

POLNEAR_DEV = SHARED / "corpora" / "polnear" / "dev"
# Every seventh article of dev by file name (12 articles, all seven publishers).
STEP = 7
# Measured on that subset (communique eval ../shared/corpora/polnear/dev scores all 84); floors.
GOLD_DIRECT, FOUND_DIRECT, RETURNED_DIRECT, ATTRIBUTED_DIRECT = 40, 37, 66, 39
IN_ATTRIBUTION, EXACT_DIRECT, SPEAKER_RIGHT_DIRECT = 63, 33, 35
PARTIAL_DIRECT, PARTIAL_SPEAKER_RIGHT = 24, 18
GOLD_INDIRECT, RETURNED_INDIRECT, ATTRIBUTED_INDIRECT, SPEAKER_RIGHT_INDIRECT = 97, 49, 46, 41


def test_quotes_polnear_reads_brat_standoff():
    text = 'Officials met. "We are ready," she said, and she said that talks would resume.'
    ann = "\n".join(
        [
            'T1\tContent 15 30\t"We are ready,"',
            "T2\tSource 31 34\tshe",
            "T3\tCue 35 39\tsaid",
            "T4\tAttribution 35 39\tsaid",
            "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
            "T5\tContent 54 58;59 78\tthat talks would resume",
            "T6\tSource 45 48\tshe",
            "T7\tCue 49 53\tsaid",
            "stray line without fields",
            "E2\tAttribution:T4 Content:T5 Cue:T7 Source:T6",
            "E3\tAttribution:T4 Cue:T7",
        ]
    )
    direct, indirect = parse_ann(ann, text)
    assert (direct.direct, direct.content, direct.source, direct.cue) == (
        True,
        [(15, 30)],
        [(31, 34)],
        [(35, 39)],
    )
    assert (indirect.direct, indirect.content) == (False, [(54, 58), (59, 78)])


def test_quotes_polnear_names_agree_on_the_surname():
    assert same_person("Hillary Clinton", "Mrs. Clinton")
    assert same_person("Douglas Holtz-Eakin", "Mr. Holtz-Eakin")
    assert same_person("Donald J. Trump", "Trump")
    assert not same_person("Bill de Blasio", "Andrew Cuomo")
    assert not same_person(None, "Trump")


@pytest.fixture(scope="module")
def scored() -> dict:
    articles: list[Article] = load_corpus(POLNEAR_DEV)[::STEP]
    docs = analyse_articles(articles)
    return {
        "direct": score_corpus(articles, docs, "direct"),
        "indirect": score_corpus(articles, docs, "indirect"),
    }


def test_quotes_polnear_dev_subset_direct(scored):
    d = scored["direct"]
    assert d.gold == GOLD_DIRECT
    assert d.found >= FOUND_DIRECT
    assert d.attributed >= ATTRIBUTED_DIRECT and d.returned <= RETURNED_DIRECT
    assert d.in_attribution >= IN_ATTRIBUTION
    assert d.partial >= PARTIAL_DIRECT and d.partial_speaker_right >= PARTIAL_SPEAKER_RIGHT
    assert d.exact >= EXACT_DIRECT
    assert d.speaker_right >= SPEAKER_RIGHT_DIRECT


def test_quotes_polnear_dev_subset_indirect(scored):
    i = scored["indirect"]
    assert i.gold == GOLD_INDIRECT
    assert i.attributed >= ATTRIBUTED_INDIRECT and i.returned <= RETURNED_INDIRECT
    assert i.speaker_right >= SPEAKER_RIGHT_INDIRECT


def test_quotes_polnear_partial_quotation_counts_in_precision():
    """A quoted phrase inside reported speech is part of that attribution (PolNeAR gives every token
    to at most one attribution): right for precision, scored for its speaker, wrong only in the
    direct-only figure. A source naming its person in apposition resolves to that name."""
    text = (
        "Senator Ann Lee spoke in Denver on Tuesday.\n\n"
        'Lee said the new plan was "a total failure from the very start."\n\n'
        'The White House spokesman, Josh Earnest, said: "We disagree with the senator on every point."'
    )

    def at(part: str, word: str | None = None) -> str:
        """Offsets of ``part`` (or of ``word`` inside it) as brat writes them."""
        a = text.index(part) + (part.index(word) if word else 0)
        return f"{a} {a + len(word or part)}"

    partial = 'the new plan was "a total failure from the very start."'
    direct = '"We disagree with the senator on every point."'
    source = "The White House spokesman, Josh Earnest,"
    ann = "\n".join(
        [
            f"T1\tContent {at(partial)}\t{partial}",
            f"T2\tSource {at('Lee said', 'Lee')}\tLee",
            f"T3\tCue {at('Lee said', 'said')}\tsaid",
            "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2",
            f"T4\tContent {at(direct)}\t{direct}",
            f"T5\tSource {at(source)}\t{source}",
            f"T6\tCue {at('said: ', 'said')}\tsaid",
            "E2\tAttribution:T6 Content:T4 Cue:T6 Source:T5",
        ]
    )
    article = Article("written", text, parse_ann(ann, text))
    assert [a.direct for a in article.attributions] == [False, True]
    c = score_corpus([article], analyse_articles([article]))
    assert (c.gold, c.found, c.returned, c.attributed, c.partial) == (1, 1, 2, 1, 1)
    assert (c.precision, c.strict_precision) == (1.0, 0.5)
    assert (c.speaker_right, c.partial_speaker_right) == (1, 1)


def test_quotes_polnear_pronoun_reading_agrees_in_gender():
    from communique.evaluate.polnear import GoldAttribution, SourceNames
    from communique.nlp import parse_texts

    text = (
        "Daniel Ortega wrote about the rally. "
        "The woman who started the chant was Caroline Meyers. "
        "Daniel Ortega left early. "
        "“He truly cares about us,” she said."
    )
    she = text.rindex("she")
    article = Article("gender", text, [GoldAttribution([(0, 1)], [(she, she + 3)], [(she + 4, she + 8)])])
    names = SourceNames(article, next(parse_texts([text])))
    assert "Daniel Ortega" not in names.resolve([(she, she + 3)])
