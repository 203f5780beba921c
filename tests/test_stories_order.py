"""Stories do not depend on the batch: the same documents give the same stories whether added
together, in any order or one by one; a story is named after its earliest published report."""

from __future__ import annotations

import random

import pytest

from communique.bench.stories import build_documents
from communique.stories import StoryIndex, assign_stories, batch_text_source, story_id_for

N_DOCS = 240


@pytest.fixture(scope="module")
def corpus(voa_records):
    docs, _ = build_documents(voa_records, N_DOCS, seed=11)
    return docs


@pytest.fixture(scope="module")
def reference(corpus):
    index = StoryIndex(text_source=batch_text_source(corpus))
    index.add(corpus)
    return {d.id: index.story_of_document(d.id) for d in corpus}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stories_order_any_order_gives_the_same_stories(corpus, reference, seed):
    shuffled = list(corpus)
    random.Random(seed).shuffle(shuffled)
    index = StoryIndex(text_source=batch_text_source(corpus))
    index.add(shuffled)
    assert {d.id: index.story_of_document(d.id) for d in corpus} == reference


def test_stories_order_one_by_one_gives_the_same_stories(corpus, reference):
    index = StoryIndex(text_source=batch_text_source(corpus))
    moved = {}
    for doc in reversed(corpus):
        (assignment,) = index.add([doc])
        moved.update(index.moved)
        moved[doc.id] = assignment.story
    assert {d.id: index.story_of_document(d.id) for d in corpus} == reference
    # what ``add`` reported (the new documents' stories and the moves) is the final state
    assert moved == reference


def test_stories_order_first_report_is_the_earliest_published(corpus, reference):
    groups: dict[str, list] = {}
    for doc in corpus:
        groups.setdefault(reference[doc.id], []).append(doc)
    multi = [docs for docs in groups.values() if len(docs) > 1]
    assert len(multi) >= 10 and len(groups) < len(corpus)
    for story_id, docs in groups.items():
        first = min(docs, key=lambda d: ((d.published or "9999")[:16], d.id))
        assert story_id == story_id_for(first.id)


def test_stories_order_batch_assignment_matches_the_index(corpus, reference):
    docs = list(corpus)
    random.Random(9).shuffle(docs)
    assign_stories(docs)
    assert {d.id: d.story for d in docs} == reference


def test_stories_order_voa_reports_of_one_incident_join(voa_records):
    """Five VOA reports of the March 2025 train attack in Pakistan (the attack, the rescue,
    eyewitnesses, a denial, the death toll two days on) make one story, named after the first."""
    from communique.model import RawDocument
    from communique.pipeline import analyze

    reports = [r for r in voa_records if "train" in r["title"].lower() and "2025-03-1" in r["published"]]
    assert len(reports) == 5
    raws = [
        RawDocument(source=r["url"], text=r["text"], kind="json", title=r["title"], published=r["published"])
        for r in reports
    ]
    docs = analyze(raws, stories=True)
    assert len({d.story for d in docs}) == 1
    first = min(docs, key=lambda d: (d.published, d.id))
    assert docs[0].story == story_id_for(first.id)
