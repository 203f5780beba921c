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
GOLD_DIRECT, FOUND_DIRECT, RETURNED_DIRECT, ATTRIBUTED_DIRECT = 40, 37, 61, 39
IN_ATTRIBUTION, EXACT_DIRECT, SPEAKER_RIGHT_DIRECT = 58, 33, 35
GOLD_INDIRECT, RETURNED_INDIRECT, ATTRIBUTED_INDIRECT, SPEAKER_RIGHT_INDIRECT = 97, 49, 45, 37


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
    assert d.exact >= EXACT_DIRECT
    assert d.speaker_right >= SPEAKER_RIGHT_DIRECT


def test_quotes_polnear_dev_subset_indirect(scored):
    i = scored["indirect"]
    assert i.gold == GOLD_INDIRECT
    assert i.attributed >= ATTRIBUTED_INDIRECT and i.returned <= RETURNED_INDIRECT
    assert i.speaker_right >= SPEAKER_RIGHT_INDIRECT
