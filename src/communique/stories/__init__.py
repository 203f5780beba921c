"""Stories stage: duplicates, reprints and reports of the same real-world event.

``assign_stories(docs)`` groups a batch analysed together and sets
``doc.story`` on every document (a document alone gets a story of its own).
``StoryIndex`` does the same incrementally across ingest runs and is
persisted in the knowledge base between them.
"""

from __future__ import annotations

from communique.model import Document
from communique.stories.dedup import DuplicateMatch
from communique.stories.index import Assignment, Story, StoryIndex, story_id_for
from communique.stories.merge import MergedEvent, merge_events, merge_story_events
from communique.stories.settings import SETTINGS, StorySettings

__all__ = [
    "SETTINGS",
    "Assignment",
    "DuplicateMatch",
    "MergedEvent",
    "Story",
    "StoryIndex",
    "StorySettings",
    "assign_stories",
    "batch_text_source",
    "merge_events",
    "merge_story_events",
    "story_id_for",
]


def batch_text_source(docs: list[Document]):  # noqa: ANN201  (returns a TextSource)
    """A text source over documents held in memory."""
    from communique.stories.dedup import shingle_text

    texts = {d.id: (d.title, d.text) for d in docs}

    def text_of(doc_id: str) -> str | None:
        found = texts.get(doc_id)
        return shingle_text(*found) if found else None

    return text_of


def assign_stories(docs: list[Document], settings: StorySettings = SETTINGS) -> list[Assignment]:
    """Set ``doc.story`` on every document of a batch; returns each document's assignment.

    Documents are taken in date order (then by id), so the result does not
    depend on the order of the inputs.
    """
    index = StoryIndex(settings, text_source=batch_text_source(docs))
    ordered = sorted(docs, key=lambda d: ((d.event_date or d.published or "9999")[:10], d.id))
    assignments = {a.document_id: a for a in index.add(ordered)}
    for doc in docs:
        doc.story = assignments[doc.id].story
    return [assignments[d.id] for d in docs]
