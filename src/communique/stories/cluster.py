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

from communique.model import Document
from communique.stories.settings import StorySettings
from communique.stories.shingles import content_terms, normalise_text


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
    doc: Document, tokens: list[str], stats: CorpusStats, settings: StorySettings
) -> StoryProfile:
    """Read the story evidence of ``doc`` and count it into ``stats``."""
    event_day = parse_day(doc.event_date)
    day = event_day or parse_day(doc.published)
    names = document_actors(doc)
    actors = tuple(sorted(names))
    counts = Counter(content_terms(tokens))
    stats.add(set(counts), actors)
    terms, weights = _top_terms(counts, stats, settings.top_terms)
    place_key = normalise_text(doc.place) if doc.place else None
    kind = "event date" if event_day else "published"
    return StoryProfile(day, kind, doc.place, place_key or None, actors, terms, weights, names)


def _top_terms(counts: Counter[str], stats: CorpusStats, k: int) -> tuple[tuple[str, ...], array]:
    """The ``k`` heaviest terms by (1 + log tf) * idf, L2-normalised."""
    log_n, df, log = math.log(1 + stats.n_docs), stats.term_df, math.log
    # idf inlined (CorpusStats.idf): this runs for every distinct term of every document
    scored = [((1 + log(tf)) * (log_n - log(1 + df[t]) + 1.0), t) for t, tf in counts.items()]
    scored.sort(key=lambda wt: (-wt[0], wt[1]))
    scored = scored[:k]
    norm = math.sqrt(sum(w * w for w, _ in scored)) or 1.0
    return tuple(sys.intern(t) for _, t in scored), array("f", (w / norm for w, _ in scored))


# --- blocking ------------------------------------------------------------------------------------


def _key(*parts: object) -> int:
    """A stable 64-bit key (Python's own hash of strings changes between processes)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def _features(p: StoryProfile, stats: CorpusStats, settings: StorySettings) -> list[str]:
    rarest = sorted(p.actors, key=lambda a: (stats.actor_df[a], a))[: settings.block_entities]
    feats = [f"a:{a}" for a in rarest] + [f"t:{t}" for t in p.terms[: settings.block_terms]]
    if p.place_key:
        feats.append(f"p:{p.place_key}")
    return feats


def index_keys(p: StoryProfile, stats: CorpusStats, settings: StorySettings) -> list[int]:
    """Buckets a document is filed under: (day, feature), (rare actor), (undated, feature)."""
    feats = _features(p, stats, settings)
    keys = [_key("day", p.day, f) for f in feats] if p.day else [_key("undated", f) for f in feats]
    keys += [_key("any", f) for f in feats[:1] + [f"t:{t}" for t in p.terms[:1]]]
    keys += [
        _key("actor", a)
        for a in sorted(p.actors, key=lambda a: (stats.actor_df[a], a))[: settings.block_entities]
    ]
    return list(dict.fromkeys(keys))


def query_keys(p: StoryProfile, stats: CorpusStats, settings: StorySettings) -> list[int]:
    """Buckets a new document is compared within: nearby days, undated reports, rare actors."""
    feats = _features(p, stats, settings)
    keys = [_key("undated", f) for f in feats]
    if p.day:
        window = range(p.day - settings.date_window_days, p.day + settings.date_window_days + 1)
        keys += [_key("day", d, f) for d in window for f in feats]
    else:
        keys += [_key("any", f) for f in feats]
    keys += [_key("actor", a) for a in p.actors if stats.actor_df[a] <= settings.rare_entity_df]
    return list(dict.fromkeys(keys))


# --- scoring -------------------------------------------------------------------------------------


def content_similarity(a: StoryProfile, b: StoryProfile, lookup: dict[str, float] | None = None) -> float:
    """Cosine of the two top-term TF-IDF vectors (``lookup``: ``a``'s terms as a dict, if at hand)."""
    weights = lookup if lookup is not None else dict(zip(a.terms, a.weights, strict=True))
    get = weights.get
    return sum(get(t, 0.0) * w for t, w in zip(b.terms, b.weights, strict=True))


def actor_overlap(a: StoryProfile, b: StoryProfile, stats: CorpusStats) -> tuple[float, list[str]]:
    """IDF-weighted share of the smaller actor set found in the other, and the shared ids."""
    if not a.actors or not b.actors:
        return 0.0, []
    shared = sorted(set(a.actors) & set(b.actors))
    weight = {x: stats.idf(stats.actor_df[x]) for x in set(a.actors) | set(b.actors)}
    smaller = min(sum(weight[x] for x in a.actors), sum(weight[x] for x in b.actors))
    return sum(weight[x] for x in shared) / smaller, shared


def score_pair(
    new: StoryProfile,
    old: StoryProfile,
    stats: CorpusStats,
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
    if new.day and old.day:
        gap = abs(new.day - old.day)
        if gap > settings.date_window_days:
            return None
        both_events = new.date_kind == old.date_kind == "event date"
        factor = (1.0 if gap == 0 else 0.5) * (1.0 if both_events else settings.published_date_factor)
        score += settings.weight_date * factor
        kind = "event date" if both_events else "published date"
        reasons.append(f"same {kind} {new.date}" if gap == 0 else f"{kind}s {gap} day apart")
    if new.place_key and old.place_key:
        same_place = new.place_key == old.place_key
        score += settings.weight_place * (1.0 if same_place else -1.0)
        reasons.append(
            f"same place {new.place}" if same_place else f"places differ ({new.place}/{old.place})"
        )
    overlap, shared = actor_overlap(new, old, stats)
    score += settings.weight_actors * overlap
    if shared:
        reasons.append(_shared_actors(shared, new.names))
    reasons.append(f"content similarity {content:.2f}")
    return PairScore(score, ", ".join(reasons))


def _shared_actors(shared: list[str], names: dict[str, str]) -> str:
    shown = sorted(names.get(x, x) for x in shared)
    shown = ", ".join(shown[:3]) + ("…" if len(shown) > 3 else "")
    return f"{len(shared)} shared actor{'s' if len(shared) > 1 else ''} ({shown})"
