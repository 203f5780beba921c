"""``StoryIndex``: incremental duplicate detection and story assignment.

Documents are taken one at a time, in the order given: each is checked for
duplicates, compared with the documents in its blocking buckets, and joins
the best-scoring story or starts a new one. Nothing already assigned is
revisited, so adding documents in batches gives the same stories as adding
them all at once, and the cost of a document does not grow with the corpus
(buckets are capped; see ``settings.block_cap``).
"""

from __future__ import annotations

import hashlib
import pickle
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from communique.model import Document
from communique.stories.cluster import (
    CorpusStats,
    StoryProfile,
    build_profile,
    index_keys,
    query_keys,
    score_pair,
)
from communique.stories.dedup import DuplicateFinder, DuplicateMatch, TextSource
from communique.stories.settings import SETTINGS, StorySettings
from communique.stories.shingles import tokenize

# Bump when the pickled layout changes; ``loads`` refuses other versions.
INDEX_VERSION = 1


@dataclass
class Story:
    """One story: its id, label, date range and size."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    size: int = 0


@dataclass
class Assignment:
    """Where one document went.

    story (str): story id; ``new_story`` is True when the document started it.
    score (float): pair score with ``matched`` (1.0 for a duplicate, 0.0 for a first report).
    reason (str): why it joined, for people ("same event date 2012-05-15, same place Moscow, …").
    duplicate (DuplicateMatch | None): the document it repeats, if any.
    """

    document_id: str
    story: str
    new_story: bool
    score: float
    reason: str
    matched: str | None = None
    duplicate: DuplicateMatch | None = None


def story_id_for(document_id: str) -> str:
    """A stable story id from the id of the story's first document."""
    return "story:" + hashlib.sha1(document_id.encode("utf-8")).hexdigest()[:12]


def story_label(doc: Document, profile: StoryProfile) -> str:
    """``date place: headline`` (whatever of these is known)."""
    head = " ".join(x for x in (profile.date, profile.place) if x)
    title = doc.title or " ".join(doc.text.split()[:10])
    return f"{head}: {title}" if head else title


class StoryIndex:
    """Incremental story index: LSH, blocking buckets, profiles and stories.

    settings (StorySettings): thresholds and weights.
    text_source (TextSource | None): text of indexed documents, for exact duplicate verification
        beyond the in-memory cache; not persisted (set it again after ``loads``).
    """

    def __init__(self, settings: StorySettings = SETTINGS, text_source: TextSource | None = None):
        self.settings = settings
        self.duplicates = DuplicateFinder(settings, text_source)
        self.stats = CorpusStats()
        self.doc_ids: list[str] = []
        self.position: dict[str, int] = {}
        self.profiles: list[StoryProfile] = []
        self.story_of = array("i")
        self.stories: list[Story] = []
        self.story_position: dict[str, int] = {}
        self.blocks: dict[int, array] = {}

    # --- persistence -------------------------------------------------------------------------

    def dumps(self) -> bytes:
        """Pickle the index for the store's ``kv`` table.

        Pickle because the datasketch LSH is a tree of dicts and sets with no
        other serialisation; the blob is only read back from our own knowledge
        base, never from an untrusted source.
        """
        return pickle.dumps((INDEX_VERSION, self), protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, blob: bytes, text_source: TextSource | None = None) -> StoryIndex:
        """Load an index written by ``dumps`` and attach a text source."""
        version, index = pickle.loads(blob)
        if version != INDEX_VERSION or not isinstance(index, cls):
            raise ValueError(f"story index version {version} is not {INDEX_VERSION}: rebuild it")
        index.duplicates.text_source = text_source
        return index

    @property
    def text_source(self) -> TextSource | None:
        return self.duplicates.text_source

    @text_source.setter
    def text_source(self, source: TextSource | None) -> None:
        self.duplicates.text_source = source

    def __len__(self) -> int:
        return len(self.doc_ids)

    # --- adding documents --------------------------------------------------------------------

    def add(self, docs: Iterable[Document]) -> list[Assignment]:
        """Assign each document to a story, in order; documents already indexed keep theirs."""
        return [self.add_document(doc) for doc in docs]

    def add_document(self, doc: Document) -> Assignment:
        """Assign one document: 1. duplicates, 2. candidates from buckets, 3. best story or a new one."""
        if doc.id in self.position:
            return Assignment(doc.id, self.story_of_document(doc.id), False, 0.0, "already indexed")
        # 1. exact and near duplicates join the story of what they repeat
        body_tokens = tokenize(doc.text)
        fp = self.duplicates.fingerprint(tokenize(doc.title or ""), body_tokens)
        duplicate = self.duplicates.find(doc.id, fp)
        # 2. story evidence, counted into the corpus statistics
        profile = build_profile(doc, body_tokens, self.stats, self.settings)
        # 3. the best story among bucket candidates, or a new story
        assignment = self._assign(doc, profile, duplicate)
        self.duplicates.add(doc.id, fp, duplicate)
        self._remember(doc, profile, assignment)
        return assignment

    def _assign(self, doc: Document, profile: StoryProfile, duplicate: DuplicateMatch | None) -> Assignment:
        if duplicate is not None:
            story = self.stories[self.story_of[self.position[duplicate.duplicate_of]]]
            what = (
                "exact duplicate"
                if duplicate.kind == "exact"
                else f"near-duplicate (Jaccard {duplicate.similarity:.2f})"
            )
            reason = f"{what} of {duplicate.duplicate_of[:12]}"
            return Assignment(
                doc.id, story.id, False, duplicate.similarity, reason, duplicate.duplicate_of, duplicate
            )
        best = self._best_match(profile)
        if best is not None:
            score, other, reason = best
            story = self.stories[self.story_of[other]]
            return Assignment(doc.id, story.id, False, round(score, 3), reason, self.doc_ids[other])
        return Assignment(doc.id, story_id_for(doc.id), True, 0.0, "first report")

    def _best_match(self, profile: StoryProfile) -> tuple[float, int, str] | None:
        best = None
        lookup = dict(zip(profile.terms, profile.weights, strict=True))
        for other in self._candidates(profile):
            pair = score_pair(profile, self.profiles[other], self.stats, self.settings, lookup)
            if pair is None or pair.score < self.settings.story_threshold:
                continue
            if not self._fits_story(profile, self.story_of[other]):
                continue
            if best is None or pair.score > best[0]:
                best = (pair.score, other, pair.reason)
        return best

    def _candidates(self, profile: StoryProfile) -> list[int]:
        cap = self.settings.block_cap
        found: set[int] = set()
        for key in query_keys(profile, self.stats, self.settings):
            bucket = self.blocks.get(key)
            if bucket:
                found.update(bucket[-cap:])
        return sorted(found)

    def _fits_story(self, profile: StoryProfile, story_pos: int) -> bool:
        """A story keeps to a few days: a report far from its dates is another event."""
        story = self.stories[story_pos]
        if not profile.day or not story.first_date:
            return True
        first = min(profile.date, story.first_date)
        last = max(profile.date, story.last_date or story.first_date)
        return (date.fromisoformat(last) - date.fromisoformat(first)).days <= self.settings.max_story_days

    def _remember(self, doc: Document, profile: StoryProfile, assignment: Assignment) -> None:
        pos = len(self.doc_ids)
        self.doc_ids.append(doc.id)
        self.position[doc.id] = pos
        for key in index_keys(profile, self.stats, self.settings):
            self.blocks.setdefault(key, array("i")).append(pos)
        profile.names = {}  # names are for this document's reasons only; keep the index small
        self.profiles.append(profile)
        self.story_of.append(self._story_position(doc, profile, assignment))

    def _story_position(self, doc: Document, profile: StoryProfile, assignment: Assignment) -> int:
        if assignment.new_story:
            self.story_position[assignment.story] = len(self.stories)
            self.stories.append(
                Story(assignment.story, story_label(doc, profile), profile.date, profile.date)
            )
        story_pos = self.story_position[assignment.story]
        story = self.stories[story_pos]
        story.size += 1
        if profile.date:
            story.first_date = min(filter(None, (story.first_date, profile.date)))
            story.last_date = max(filter(None, (story.last_date, profile.date)))
        return story_pos

    # --- reading -----------------------------------------------------------------------------

    def story_of_document(self, doc_id: str) -> str | None:
        pos = self.position.get(doc_id)
        return None if pos is None else self.stories[self.story_of[pos]].id

    def groups(self) -> dict[str, list[str]]:
        """Story id -> document ids, in the order they were added."""
        out: dict[str, list[str]] = {}
        for doc_id, story_pos in zip(self.doc_ids, self.story_of, strict=True):
            out.setdefault(self.stories[story_pos].id, []).append(doc_id)
        return out
