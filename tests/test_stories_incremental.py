"""Adding documents in batches, or across a save and a load, gives the same stories."""

from __future__ import annotations

import random

import pytest

from communique.bench.stories import build_documents
from communique.stories import StoryIndex, batch_text_source


@pytest.fixture(scope="module")
def corpus(voa_records):
    """The VOA stories, composed stories and reprints: 600 documents with stand-in actors."""
    docs, _ = build_documents(voa_records, 600, seed=5)
    random.Random(2).shuffle(docs)
    return docs


def test_stories_incremental_batches_equal_all_at_once(corpus):
    whole = StoryIndex(text_source=batch_text_source(corpus))
    all_at_once = whole.add(corpus)
    stepwise = StoryIndex(text_source=batch_text_source(corpus))
    in_batches = []
    for i in range(0, len(corpus), 70):
        in_batches += stepwise.add(corpus[i : i + 70])
    assert whole.groups() == stepwise.groups()
    # A later batch may join two stories: compare where every document ends up, and why it joined.
    assert [(whole.story_of_document(a.document_id), a.reason, a.score) for a in all_at_once] == [
        (stepwise.story_of_document(a.document_id), a.reason, a.score) for a in in_batches
    ]
    sizes = sorted((len(v) for v in whole.groups().values()), reverse=True)
    assert sizes[0] > 1 and len(sizes) < len(corpus)  # the corpus has stories of several documents


def test_stories_incremental_survives_dumps_and_loads(corpus):
    source = batch_text_source(corpus)
    whole = StoryIndex(text_source=source)
    whole.add(corpus)
    half = StoryIndex(text_source=source)
    half.add(corpus[:300])
    blob = half.dumps()
    reloaded = StoryIndex.loads(blob, text_source=source)
    reloaded.add(corpus[300:])
    assert reloaded.groups() == whole.groups()
    assert StoryIndex.loads(reloaded.dumps()).groups() == whole.groups()


def test_stories_incremental_known_document_keeps_its_story(corpus):
    index = StoryIndex()
    first = index.add(corpus[:5])
    again = index.add(corpus[:5])
    assert [a.story for a in again] == [a.story for a in first]
    assert {a.reason for a in again} == {"already indexed"}
    assert len(index) == 5


def test_stories_incremental_refuses_a_foreign_blob():
    import pickle

    with pytest.raises(ValueError, match="rebuild"):
        StoryIndex.loads(pickle.dumps((0, StoryIndex())))


def test_stories_incremental_rows_restore_the_index(corpus):
    """The rows the store keeps rebuild the index exactly: it goes on as if never reloaded."""
    source = batch_text_source(corpus)
    whole = StoryIndex(text_source=source)
    expected = whole.add(corpus)
    half = StoryIndex(text_source=source)
    half.add(corpus[:300])
    restored = StoryIndex(text_source=source)
    restored.restore(half.take_rows())
    assert restored.groups() == half.groups() and half.take_rows() == []
    rest = restored.add(corpus[300:])
    assert restored.groups() == whole.groups()
    assert [(restored.story_of_document(a.document_id), a.reason, a.score) for a in rest] == [
        (whole.story_of_document(a.document_id), a.reason, a.score) for a in expected[300:]
    ]
    assert len(restored.take_rows()) == len(restored) - len(half)  # a row for each new document


def test_stories_incremental_an_old_blob_becomes_rows(corpus):
    """An index pickled by the previous release (no rows of its own) turns into rows that rebuild it."""
    from communique.stories.persist import rows_of_index

    source = batch_text_source(corpus)
    old = StoryIndex.loads(StoryIndex(text_source=source).dumps())
    old.add(corpus[:300])
    old.journal = []  # the previous release kept none
    whole = StoryIndex(text_source=source)
    whole.add(corpus)
    restored = StoryIndex(text_source=source)
    restored.restore(rows_of_index(StoryIndex.loads(old.dumps())))
    assert restored.groups() == old.groups()
    restored.add(corpus[300:])
    assert restored.groups() == whole.groups()
