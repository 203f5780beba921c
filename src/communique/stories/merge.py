"""One real-world event per story, with every report of it.

Within a story, event mentions of the same PLOVER type whose actors overlap
and whose dates agree (or lie a day apart) are one event; a mention without
actors joins one of the same type, date and place. Details that disagree
(two dates, two places) are kept side by side and flagged, never resolved
silently: an analyst decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from communique.model import Actor, Document, Event, Span
from communique.text import normalise_text

# Dates of one event as reported may differ by a day (time zones, "yesterday" read on the next day).
DATE_TOLERANCE_DAYS = 1


@dataclass
class EventMention:
    """One report of an event: the document and the sentence it came from."""

    document_id: str
    sentence: Span
    date: str | None = None
    place: str | None = None

    def to_dict(self) -> dict:
        return {
            "document_id": self.document_id,
            "sentence": self.sentence.to_contract(),
            "date": self.date,
            "place": self.place,
        }


@dataclass
class MergedEvent:
    """A real-world event of one story: its type, date, place, actors and all its mentions."""

    type: str
    date: str | None
    place: str | None
    actors: dict[str, str] = field(default_factory=dict)  # actor key -> name
    mentions: list[EventMention] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    @property
    def conflicts(self) -> list[str]:
        """Details the mentions disagree on, e.g. ``date: 2012-05-14 / 2012-05-15``."""
        out = []
        if len(_distinct_days(self.dates)) > 1:
            out.append("date: " + " / ".join(sorted(set(self.dates))))
        if len({normalise_text(p) for p in self.places}) > 1:
            out.append("place: " + " / ".join(sorted(set(self.places))))
        return out

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(m.document_id for m in self.mentions))

    def to_dict(self) -> dict:
        return {
            "type": self.type,
            "date": self.date,
            "place": self.place,
            "actors": [{"key": k, "name": n} for k, n in self.actors.items()],
            "mentions": [m.to_dict() for m in self.mentions],
            "conflicts": self.conflicts,
        }


def actor_key(actor: Actor) -> str:
    """Linked id, else the normalised name (unlinked actors still meet by name)."""
    return actor.id or "name:" + normalise_text(actor.name)


def merge_events(mentions: Iterable[tuple[str, Event]]) -> list[MergedEvent]:
    """Merge (document id, event) pairs of one story into real-world events, in first-mention order."""
    merged: list[MergedEvent] = []
    by_type: dict[str, list[MergedEvent]] = {}
    for doc_id, event in mentions:
        actors = {actor_key(a): a.name for a in event.source + event.target}
        target = next((m for m in by_type.get(event.type, []) if _same_event(m, event, actors)), None)
        if target is None:
            target = MergedEvent(event.type, event.date, event.place)
            by_type.setdefault(event.type, []).append(target)
            merged.append(target)
        _add_mention(target, doc_id, event, actors)
    return merged


def merge_story_events(docs: Iterable[Document]) -> dict[str, list[MergedEvent]]:
    """Merged events per story id of documents whose ``story`` is set."""
    by_story: dict[str, list[tuple[str, Event]]] = {}
    for doc in docs:
        if doc.story:
            by_story.setdefault(doc.story, []).extend((doc.id, e) for e in doc.events)
    return {story: merge_events(items) for story, items in by_story.items()}


def _same_event(m: MergedEvent, event: Event, actors: dict[str, str]) -> bool:
    if not _dates_agree(m.dates, event.date):
        return False
    if actors and m.actors:
        return bool(actors.keys() & m.actors.keys())
    if actors or m.actors:
        return False
    same_place = (event.place and normalise_text(event.place)) == (m.place and normalise_text(m.place))
    return bool(event.date) and event.date in m.dates and same_place


def _add_mention(m: MergedEvent, doc_id: str, event: Event, actors: dict[str, str]) -> None:
    m.mentions.append(EventMention(doc_id, event.sentence, event.date, event.place))
    for key, name in actors.items():
        m.actors.setdefault(key, name)
    if event.date:
        m.dates.append(event.date)
        m.date = m.date or event.date
    if event.place:
        m.places.append(event.place)
        m.place = m.place or event.place


def _dates_agree(dates: list[str], other: str | None) -> bool:
    """No date yet, a less precise date that contains it, or a day within the tolerance."""
    if not other or not dates:
        return True
    for known in dates:
        if known.startswith(other) or other.startswith(known):
            continue
        a, b = _day(known), _day(other)
        if a is None or b is None or abs(a - b) > DATE_TOLERANCE_DAYS:
            return False
    return True


def _day(value: str) -> int | None:
    try:
        return date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def _distinct_days(dates: list[str]) -> set[str]:
    """Distinct dates once a less precise date that contains a more precise one is dropped."""
    unique = set(dates)
    return {d for d in unique if not any(o != d and o.startswith(d) for o in unique)}
