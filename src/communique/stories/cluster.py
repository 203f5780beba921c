"""Story evidence per document, candidate blocking and the pair score.

Two reports of one real-world event need not share a sentence (two
translations of one summit report share none) but share the event date, the
place, the actors and many content words. ``score_pair`` weighs these four
into one number (weights and threshold in ``settings.py``); ``blocking_keys``
lists the few buckets a document is compared within, so no document is ever
compared with the whole corpus.
"""

from __future__ import annotations

import hashlib
import math
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from communique.model import Document
from communique.stories.settings import StorySettings
from communique.stories.shingles import content_terms
from communique.text import normalise_text

# A word rarer than this on wordfreq's Zipf scale (1 = once per 100 million words) weighs
# RARE_ZIPF - zipf; every term weighs at least MIN_IDF (names unknown to wordfreq weigh most).
RARE_ZIPF = 8.0
MIN_IDF = 1.0


@dataclass(slots=True)
class StoryProfile:
    """The story evidence of one document, as kept in the index.

    day (int): proleptic ordinal of the event date (published date when none), 0 when unknown.
    date_kind (str): "event date" or "published".
    place (str | None): place as written; ``place_key`` its normalised form.
    actors (tuple[str, ...]): linked entity ids (entities and event actors).
    terms / weights: the top TF-IDF content terms and their L2-normalised weights.
    """

    day: int
    date_kind: str
    place: str | None
    place_key: str | None
    actors: tuple[str, ...]
    terms: tuple[str, ...]
    weights: array
    names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def date(self) -> str | None:
        return date.fromordinal(self.day).isoformat() if self.day else None


class CorpusStats:
    """Document frequencies of content terms and actors, grown one document at a time."""

    def __init__(self) -> None:
        self.n_docs = 0
        self.term_df: Counter[str] = Counter()
        self.actor_df: Counter[str] = Counter()

    def add(self, terms: set[str], actors: tuple[str, ...]) -> None:
        self.n_docs += 1
        self.term_df.update(terms)
        self.actor_df.update(actors)

    def idf(self, df: int) -> float:
        return math.log((1 + self.n_docs) / (1 + df)) + 1.0


@dataclass
class PairScore:
    """How strongly two documents look like one event, and why."""

    score: float
    reason: str


def parse_day(value: str | None) -> int:
    """Ordinal of a YYYY-MM-DD[...] string; 0 when absent or not a full date."""
    try:
        return date.fromisoformat((value or "")[:10]).toordinal()
    except ValueError:
        return 0


def document_actors(doc: Document) -> dict[str, str]:
    """Linked entity ids of a document (entities and event actors) with their names."""
    names = {e.id: e.name for e in doc.entities if e.id}
    for event in doc.events:
        for actor in event.source + event.target:
            if actor.id:
                names.setdefault(actor.id, actor.name)
    return names


def build_profile(
    doc: Document, tokens: list[str], stats: CorpusStats | None, settings: StorySettings
) -> StoryProfile:
    """Read the story evidence of ``doc`` (and count it into ``stats``, kept for reports only:
    weights come from English word frequencies, so a document's profile does not depend on
    which documents came before it)."""
    event_day = parse_day(doc.event_date)
    day = event_day or parse_day(doc.published)
    names = document_actors(doc)
    actors = tuple(sorted(names))
    counts = Counter(content_terms(tokens))
    if stats is not None:
        stats.add(set(counts), actors)
    terms, weights = _top_terms(counts, settings.top_terms)
    place_key = normalise_text(doc.place) if doc.place else None
    kind = "event date" if event_day else "published"
    return StoryProfile(day, kind, doc.place, place_key or None, actors, terms, weights, names)


@lru_cache(maxsize=200_000)
def term_idf(term: str) -> float:
    """How telling a term is, from its frequency in English (wordfreq's Zipf scale): the same for
    every document whatever the corpus, so scores and stories do not depend on ingestion order."""
    from wordfreq import zipf_frequency

    return max(MIN_IDF, RARE_ZIPF - zipf_frequency(term, "en"))


def _top_terms(counts: Counter[str], k: int) -> tuple[tuple[str, ...], array]:
    """The ``k`` heaviest terms by (1 + log tf) * idf, L2-normalised."""
    log = math.log
    scored = [((1 + log(tf)) * term_idf(t), t) for t, tf in counts.items()]
    scored.sort(key=lambda wt: (-wt[0], wt[1]))
    scored = scored[:k]
    norm = math.sqrt(sum(w * w for w, _ in scored)) or 1.0
    return tuple(sys.intern(t) for _, t in scored), array("f", (w / norm for w, _ in scored))


# --- blocking ------------------------------------------------------------------------------------


def _key(*parts: object) -> int:
    """A stable 64-bit key (Python's own hash of strings changes between processes)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _features(p: StoryProfile, settings: StorySettings) -> list[str]:
    """What a document is filed under: its actors (in a fixed order), heaviest terms and place."""
    feats = [f"a:{a}" for a in p.actors[: settings.block_entities]]
    feats += [f"t:{t}" for t in p.terms[: settings.block_terms]]
    if p.place_key:
        feats.append(f"p:{p.place_key}")
    return feats


def index_keys(p: StoryProfile, settings: StorySettings) -> list[int]:
    """Buckets a document is filed under: (day, feature) when dated, (undated, feature) if not."""
    feats = _features(p, settings)
    if p.day:
        return list(dict.fromkeys(_key("day", p.day, f) for f in feats))
    return list(dict.fromkeys(_key("undated", f) for f in feats))


def query_keys(p: StoryProfile, settings: StorySettings) -> list[int]:
    """Buckets a new document is compared within: its features on nearby days (undated documents
    among undated ones). Symmetric with ``index_keys``: whether two documents are compared does
    not depend on which came first, so stories do not depend on the order of ingestion."""
    feats = _features(p, settings)
    if not p.day:
        return list(dict.fromkeys(_key("undated", f) for f in feats))
    reach = max(settings.date_window_days, settings.follow_up_days)
    window = range(p.day - reach, p.day + reach + 1)
    return list(dict.fromkeys(_key("day", d, f) for d in window for f in feats))


# --- scoring -------------------------------------------------------------------------------------


def content_similarity(a: StoryProfile, b: StoryProfile, lookup: dict[str, float] | None = None) -> float:
    """Cosine of the two top-term TF-IDF vectors (``lookup``: ``a``'s terms as a dict, if at hand)."""
    weights = lookup if lookup is not None else dict(zip(a.terms, a.weights, strict=True))
    get = weights.get
    return sum(get(t, 0.0) * w for t, w in zip(b.terms, b.weights, strict=True))


def actor_overlap(a: StoryProfile, b: StoryProfile) -> tuple[float, list[str]]:
    """Share of the smaller actor set found in the other, and the shared ids."""
    if not a.actors or not b.actors:
        return 0.0, []
    shared = sorted(set(a.actors) & set(b.actors))
    return len(shared) / min(len(a.actors), len(b.actors)), shared


def score_pair(
    new: StoryProfile,
    old: StoryProfile,
    settings: StorySettings,
    lookup: dict[str, float] | None = None,
) -> PairScore | None:
    """Score ``new`` against an indexed ``old``; None when they cannot be one event."""
    content = content_similarity(new, old, lookup)
    if content < settings.min_content:
        return None
    # Without linked actors on either side, the words are the only evidence of who is involved.
    content_weight = settings.weight_content + (0.0 if new.actors or old.actors else settings.weight_actors)
    reasons, score = [], content_weight * content
    follow_up = False
    if new.day and old.day:
        gap = abs(new.day - old.day)
        if gap > settings.follow_up_days or (
            gap > settings.date_window_days and content < settings.follow_up_content
        ):
            return None
        both_events = new.date_kind == old.date_kind == "event date"
        kind = "event date" if both_events else "published date"
        follow_up = gap > settings.date_window_days
        if follow_up:
            reasons.append(f"follow-up, {kind}s {gap} days apart")
        else:
            factor = (1.0 if gap == 0 else 0.5) * (1.0 if both_events else settings.published_date_factor)
            score += settings.weight_date * factor
            reasons.append(f"same {kind} {new.date}" if gap == 0 else f"{kind}s {gap} day apart")
    if new.place_key and old.place_key:
        same_place = new.place_key == old.place_key
        score += settings.weight_place * (1.0 if same_place else -1.0)
        reasons.append(
            f"same place {new.place}" if same_place else f"places differ ({new.place}/{old.place})"
        )
    overlap, shared = actor_overlap(new, old)
    score += settings.weight_actors * overlap
    if shared:
        reasons.append(_shared_actors(shared, new.names))
    reasons.append(f"content similarity {content:.2f}")
    if follow_up:
        # A follow-up a few days on shares most of the words and the people, not the date.
        if overlap < settings.follow_up_actors and (new.actors or old.actors):
            return None
        score = max(score, settings.story_threshold)
    return PairScore(score, ", ".join(reasons))


def _shared_actors(shared: list[str], names: dict[str, str]) -> str:
    shown = sorted(names.get(x, x) for x in shared)
    shown = ", ".join(shown[:3]) + ("…" if len(shown) > 3 else "")
    return f"{len(shared)} shared actor{'s' if len(shared) > 1 else ''} ({shown})"
