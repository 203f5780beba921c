"""``StoryIndex``: incremental duplicate detection and story assignment.

A story is a connected group of documents: two documents belong together when one repeats the
other (exact or near duplicate) or when their pair score (date, place, actors, content words)
reaches the threshold. Whether two documents are compared and how they score depends on the two
documents only (term weights come from English word frequencies, blocking keys from the
document itself, nothing is capped by arrival), so the same documents give the same stories
whether they are added together, in any order, or one by one. A story is named after its
first report, the earliest published document; when a new document links two stories they
become one, named after the earlier first report (``moved`` lists documents whose story id
changed in the last ``add``).
"""

from __future__ import annotations

import hashlib
import pickle
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from communique.model import Document
from communique.stories.cluster import (
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
INDEX_VERSION = 2


@dataclass
class Story:
    """One story: its id, label, date range and size."""

    id: str
    label: str
    first_date: str | None
    last_date: str | None
    size: int = 0


@dataclass
class IndexRow:
    """What the index keeps of one document, as the store's ``story_index`` table holds it.

    links (list[int]): positions of the earlier documents it joined (its matches and what it repeats).
    signature (bytes | None): its MinHash values when it entered the LSH (it repeats nothing).
    """

    document_id: str
    profile: StoryProfile
    order_key: str
    label: str
    body_hash: str
    signature: bytes | None
    links: list[int]


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
    """Incremental story index: duplicates (LSH), blocking buckets, profiles and linked groups.

    settings (StorySettings): thresholds and weights.
    text_source (TextSource | None): text of indexed documents, for exact duplicate verification
        beyond the in-memory cache; not persisted (set it again after ``loads``).
    """

    def __init__(self, settings: StorySettings = SETTINGS, text_source: TextSource | None = None):
        self.settings = settings
        self.duplicates = DuplicateFinder(settings, text_source)
        self.doc_ids: list[str] = []
        self.position: dict[str, int] = {}
        self.profiles: list[StoryProfile] = []
        self.order_keys: list[tuple[str, str]] = []  # (published or event date, id): first report
        self.labels: list[str] = []
        self.parent = array("i")
        self.members: dict[int, list[int]] = {}  # root -> positions of its documents
        self.blocks: dict[int, array] = {}
        self.moved: dict[str, str] = {}
        # What each document added since the last ``take_rows``, for the store (``IndexRow``).
        self.journal: list[IndexRow] = []

    # --- persistence -------------------------------------------------------------------------

    def dumps(self) -> bytes:
        """Pickle the whole index (the in-memory benchmark's size figure; what knowledge bases kept in
        ``kv`` before migration 0003, which reads such blobs back with ``loads``). The store keeps
        rows instead (``take_rows``, ``restore``).

        Pickle because the datasketch LSH is a tree of dicts and sets with no
        other serialisation; a blob is only read back from our own knowledge
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
        index.__dict__.setdefault("journal", [])  # an index pickled before rows were journalled
        return index

    @property
    def text_source(self) -> TextSource | None:
        return self.duplicates.text_source

    @text_source.setter
    def text_source(self, source: TextSource | None) -> None:
        self.duplicates.text_source = source

    def __len__(self) -> int:
        return len(self.doc_ids)

    def take_rows(self) -> list[IndexRow]:
        """The rows of the documents added since the last call (the store appends them)."""
        rows, self.journal = self.journal, []
        return rows

    def restore(self, rows: Iterable[IndexRow]) -> None:
        """Add documents from their stored rows, in order: the index is as it was when they were added.

        A row holds everything ``_add_document`` worked out (profile, duplicate fingerprint, the
        documents it linked to), so nothing is parsed or scored again.
        """
        for row in rows:
            pos = self._place(row.document_id, row.profile, row.order_key, row.label)
            self.duplicates.restore(row.document_id, row.body_hash, row.signature)
            for other in row.links:
                self._union(pos, other, {})

    # --- adding documents --------------------------------------------------------------------

    def add(self, docs: Iterable[Document]) -> list[Assignment]:
        """Assign documents to stories; documents already indexed keep theirs.

        The returned assignments carry each document's story after the whole batch (a later
        document of the batch may join two stories); ``moved`` lists documents indexed before
        this call whose story id changed.
        """
        before = {}
        links: list[tuple[Document, tuple[float, str, str | None, DuplicateMatch | None] | None]] = []
        for doc in docs:
            if doc.id in self.position:
                links.append((doc, None))
                continue
            links.append((doc, self._add_document(doc, before)))
        out = []
        for doc, link in links:
            story = self.story_of_document(doc.id)
            if link is None:
                out.append(Assignment(doc.id, story, False, 0.0, "already indexed"))
                continue
            score, reason, matched, duplicate = link
            new_story = matched is None and story == story_id_for(doc.id)
            out.append(Assignment(doc.id, story, new_story, score, reason, matched, duplicate))
        self.moved = {
            doc_id: now for doc_id, was in before.items() if (now := self.story_of_document(doc_id)) != was
        }
        return out

    def add_document(self, doc: Document) -> Assignment:
        """Assign one document (see ``add``)."""
        return self.add([doc])[0]

    def _add_document(
        self, doc: Document, before: dict[str, str]
    ) -> tuple[float, str, str | None, DuplicateMatch | None]:
        # 1. exact and near duplicates belong with what they repeat
        body_tokens = tokenize(doc.text)
        fp = self.duplicates.fingerprint(tokenize(doc.title or ""), body_tokens)
        duplicate = self.duplicates.find(doc.id, fp)
        # 2. story evidence, and every indexed document it scores with above the threshold
        profile = build_profile(doc, body_tokens, None, self.settings)
        matches = self._matches(profile)
        pos = self._remember(doc, profile)
        signature = self.duplicates.add(doc.id, fp, duplicate)
        linked = [other for _, other, _ in matches]
        if duplicate is not None:
            linked.append(self.position[duplicate.duplicate_of])
        self.journal.append(
            IndexRow(
                doc.id, profile, self.order_keys[pos][0], self.labels[pos], fp.body_hash, signature, linked
            )
        )
        for other in linked:
            self._union(pos, other, before)
        if duplicate is not None:
            what = (
                "exact duplicate"
                if duplicate.kind == "exact"
                else f"near-duplicate (Jaccard {duplicate.similarity:.2f})"
            )
            return (
                duplicate.similarity,
                f"{what} of {duplicate.duplicate_of[:12]}",
                duplicate.duplicate_of,
                duplicate,
            )
        if matches:
            score, other, reason = matches[0]
            return round(score, 3), reason, self.doc_ids[other], None
        return 0.0, "first report", None, None

    def _matches(self, profile: StoryProfile) -> list[tuple[float, int, str]]:
        """Indexed documents that score with ``profile`` at or above the threshold, best first."""
        found = []
        lookup = dict(zip(profile.terms, profile.weights, strict=True))
        for other in self._candidates(profile):
            pair = score_pair(profile, self.profiles[other], self.settings, lookup)
            if pair is not None and pair.score >= self.settings.story_threshold:
                found.append((pair.score, other, pair.reason))
        found.sort(key=lambda m: (-m[0], self.doc_ids[m[1]]))
        return found

    def _candidates(self, profile: StoryProfile) -> list[int]:
        found: set[int] = set()
        for key in query_keys(profile, self.settings):
            bucket = self.blocks.get(key)
            if bucket:
                found.update(bucket)
        return sorted(found)

    def _remember(self, doc: Document, profile: StoryProfile) -> int:
        profile.names = {}  # names are for this document's reasons only; keep the index small
        order_key = (doc.published or doc.event_date or "9999")[:16]
        return self._place(doc.id, profile, order_key, story_label(doc, profile))

    def _place(self, doc_id: str, profile: StoryProfile, order_key: str, label: str) -> int:
        pos = len(self.doc_ids)
        self.doc_ids.append(doc_id)
        self.position[doc_id] = pos
        for key in index_keys(profile, self.settings):
            self.blocks.setdefault(key, array("i")).append(pos)
        self.profiles.append(profile)
        self.order_keys.append((order_key, doc_id))
        self.labels.append(label)
        self.parent.append(pos)
        self.members[pos] = [pos]
        return pos

    # --- groups (union-find, the earliest report names the group) ------------------------------

    def _root(self, pos: int) -> int:
        root = pos
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[pos] != root:  # path compression
            self.parent[pos], pos = root, self.parent[pos]
        return root

    def _union(self, a: int, b: int, before: dict[str, str]) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra == rb:
            return
        for root in (ra, rb):  # remember the story ids before this call changed them
            first = self.doc_ids[self._first(root)]
            for pos in self.members[root]:
                before.setdefault(self.doc_ids[pos], story_id_for(first))
        big, small = (ra, rb) if len(self.members[ra]) >= len(self.members[rb]) else (rb, ra)
        self.parent[small] = big
        self.members[big].extend(self.members.pop(small))

    def _first(self, root: int) -> int:
        return min(self.members[root], key=lambda p: self.order_keys[p])

    # --- reading -----------------------------------------------------------------------------

    def story_of_document(self, doc_id: str) -> str | None:
        pos = self.position.get(doc_id)
        if pos is None:
            return None
        return story_id_for(self.doc_ids[self._first(self._root(pos))])

    def story(self, story_id: str) -> Story | None:
        """The story named ``story_id`` (by its first report), or None."""
        for root, positions in self.members.items():
            head = self._first(root)
            if story_id_for(self.doc_ids[head]) == story_id:
                return self._story(root, head, positions)
        return None

    def story_of(self, doc_id: str) -> Story | None:
        """The story of an indexed document."""
        pos = self.position.get(doc_id)
        if pos is None:
            return None
        root = self._root(pos)
        return self._story(root, self._first(root), self.members[root])

    def _story(self, root: int, head: int, positions: list[int]) -> Story:
        days = [d for d in (self.profiles[p].date for p in positions) if d]
        return Story(
            story_id_for(self.doc_ids[head]),
            self.labels[head],
            min(days) if days else None,
            max(days) if days else None,
            len(positions),
        )

    @property
    def stories(self) -> list[Story]:
        """Every story, in the order their first documents were added."""
        roots = sorted(self.members, key=lambda r: min(self.members[r]))
        return [self._story(r, self._first(r), self.members[r]) for r in roots]

    def groups(self) -> dict[str, list[str]]:
        """Story id -> document ids, in the order they were added."""
        out: dict[str, list[str]] = {}
        for doc_id in self.doc_ids:
            out.setdefault(self.story_of_document(doc_id), []).append(doc_id)
        return {k: out[k] for k in sorted(out, key=lambda k: self.position[out[k][0]])}
