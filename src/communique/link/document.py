"""``LinkedDocument``: the linked mentions of one document and resolution in its context.

Quotes and events ask it who a span names ("the Belarusian leader", "Mr. Lukashenko",
"Moroccan diplomats") at the document's reference date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

from communique.link.kb import KBEntity, normalise_name, strip_titles
from communique.link.roles import RoleQuery, parse_role_description, resolve_office
from communique.link.surnames import surname_words
from communique.model import Actor, Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span

    from communique.link.linker import Linker


class LinkedDocument:
    """Linked mentions of one document, in text order.

    linker (Linker): the linker (knowledge base and lookups).
    date (str | None): the reference date role descriptions resolve at.
    """

    def __init__(self, linker: Linker, date: str | None):
        self.linker = linker
        self.kb = linker.kb
        self.date = date
        self._entities: dict[str, Entity] = {}
        self._mentions: list[tuple[Mention, Entity]] = []
        # Role descriptions drop the person names inside them. Dropping is deferred and done for
        # all descriptions in one pass, and name starts are indexed once between additions: doing
        # either per call scanned every mention each time, quadratic on long documents.
        self._cuts: list[tuple[int, int, int]] = []  # (start, end, mentions before it) to drop
        self._by_start: dict[int, Entity] | None = None
        self._starts: list[int] = []
        self._names: dict[str, str] = {}  # normalised name, alias or surname -> entity id
        self._name_starts: set[int] = set()
        self._given: dict[str, set[str]] = {}  # given name -> persons named in full ("Hillary")
        self.text_roles: list = []  # TextRole: roles the document itself states
        self.acronyms: dict[str, Entity] = {}  # acronyms the document defines: "BLA" -> its name's entity

    # --- building (used by the linker) -------------------------------------------------------

    def add(self, found: KBEntity | Entity, span: Span, role: bool = False) -> Entity:
        """Record a mention of ``found``; a role description replaces the names inside it."""
        entity = self._entity(found)
        mention = Mention(span.start_char, span.end_char, span.text)
        if role:  # the description names the person; a state or organisation inside it stays named
            self._cuts.append((mention.start, mention.end, len(self._mentions)))
        else:
            self._name_starts.add(mention.start)
            self._index_names(entity, span.text)
        self._mentions.append((mention, entity))
        self._by_start = None
        return entity

    def _live(self) -> list[tuple[Mention, Entity]]:
        """The mentions, with the person names inside role descriptions dropped."""
        if self._cuts:
            cuts = sorted(self._cuts)
            starts = [c[0] for c in cuts]
            longest = max(end - start for start, end, _ in cuts)
            kept = []
            for i, (m, e) in enumerate(self._mentions):
                if e.type == "person":
                    near = cuts[bisect_left(starts, m.start - longest) : bisect_right(starts, m.start)]
                    if any(m.end <= end and i < before for _, end, before in near):
                        continue
                kept.append((m, e))
            self._mentions, self._cuts, self._by_start = kept, [], None
        return self._mentions

    def _entity(self, found: KBEntity | Entity) -> Entity:
        if found.id not in self._entities:
            if isinstance(found, KBEntity):
                ent = Entity(
                    id=found.id, name=found.name, type=found.type, country=found.country, sector=found.sector
                )
            else:
                ent = Entity(found.id, found.name, found.type, found.country, found.sector, found.provisional)
            self._entities[found.id] = ent
            self._index_names(ent, ent.name)
            if isinstance(found, KBEntity):
                for alias in found.aliases:
                    self._index_names(ent, alias)
        return self._entities[found.id]

    def _index_names(self, entity: Entity, text: str) -> None:
        key = normalise_name(text)
        self._names.setdefault(key, entity.id)
        if entity.type == "person" and " " in key:
            words = key.split()
            core = surname_words(key)  # "Marcos" after "Ferdinand Marcos Jr."
            for part in (words, core) if core != words else (words,):
                for i in range(1, len(part)):  # "Lukashenko" after "Alexander Lukashenko", "Abdel Bari"
                    if part[i:] != words[-1:] or core == words:  # not "Jr." alone
                        self._names.setdefault(" ".join(part[i:]), entity.id)
            given = self._given.setdefault(words[0], set())
            given.add(entity.id)

    def entity_starting_at(self, char: int) -> Entity | None:
        """The entity of a name mention starting at ``char`` (while linking, before ``finish``)."""
        if self._by_start is None:
            self._by_start = {}
            for mention, ent in self._live():
                self._by_start.setdefault(mention.start, ent)
        return self._by_start.get(char)

    def person_mention_ends(self) -> list[tuple[int, Entity]]:
        """(end offset, person) of every person mention so far, for appositions ("X, the ...")."""
        return [(m.end, e) for m, e in self._live() if e.type == "person"]

    def coverage(self) -> Callable[[int, int], bool]:
        """A test of whether a mention recorded so far overlaps [start, end), built once (sorted
        starts and the running furthest end) for many queries on a long document."""
        spans = sorted((m.start, m.end) for m, _ in self._mentions)
        starts = [s for s, _ in spans]
        furthest, reach = [], -1
        for _, end in spans:
            reach = max(reach, end)
            furthest.append(reach)

        def covers(start: int, end: int) -> bool:
            i = bisect_left(starts, end)  # mentions starting before ``end``
            return i > 0 and furthest[i - 1] > start

        return covers

    def has_name_at(self, char: int) -> bool:
        return char in self._name_starts

    def partial_name(self, text: str, types: tuple[str, ...]) -> Entity | None:
        """An entity already named in this document that ``text`` names in part ("Mr Putin", "Patrushev")."""
        key = normalise_name(strip_titles(self.kb, text))
        eid = self._names.get(key)
        if eid is None and "person" in types and len(self._given.get(key, ())) == 1:
            eid = next(iter(self._given[key]))
        ent = self._entities.get(eid) if eid else None
        return ent if ent is not None and ent.type in types else None

    def finish(self) -> None:
        """Sort mentions and attach them to their entities."""
        self._live().sort(key=lambda me: (me[0].start, -me[0].end))
        self._starts = [m.start for m, _ in self._mentions]
        for ent in self._entities.values():
            ent.mentions = []
        for mention, ent in self._mentions:
            ent.mentions.append(mention)

    def entities(self) -> list[Entity]:
        """Entities with at least one mention, in order of first mention."""
        seen: dict[str, Entity] = {}
        for _, ent in self._live():
            seen.setdefault(ent.id, ent)
        return list(seen.values())

    # --- the interface quotes and events use --------------------------------------------------

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity of the linked mention overlapping [start, end) most (longest mention on ties)."""
        best: tuple[int, int, Entity] | None = None
        for mention, ent in self.mentions_in(start - 200, end):
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap > 0 and (best is None or (overlap, mention.end - mention.start) > best[:2]):
                best = (overlap, mention.end - mention.start, ent)
        return best[2] if best else None

    def mentions_in(self, start: int, end: int) -> list[tuple[Mention, Entity]]:
        """Linked mentions that end after ``start`` and begin before ``end``, in text order."""
        i = bisect_left(self._starts, max(0, start - 200))
        out = []
        for mention, ent in self._live()[i:]:
            if mention.start >= end:
                break
            if mention.end > start:
                out.append((mention, ent))
        return out

    def actor(self, entity: Entity) -> Actor:
        """The entity as an event or quote actor, with the sector the packs give."""
        return Actor(id=entity.id, name=entity.name, country=entity.country, sector=entity.sector)

    def resolve(self, text: str, start: int | None = None) -> Actor | None:
        """A name, title+name, partial name, role description or group -> an Actor at the document's date."""
        if start is not None:
            ent = self.entity_at(start, start + len(text))
            if ent is not None:
                return self.actor(ent)
        query = parse_role_description(self.kb, text)
        if query is not None:
            return self._resolve_role(text, query, start)
        return self._resolve_name(text)

    def _resolve_role(self, text: str, query: RoleQuery, start: int | None) -> Actor | None:
        if query.rest:  # "President Obama", "Mr. Lukashenko"
            return self._resolve_name(" ".join(query.rest))
        if query.word.kind == "group":
            return Actor(id=None, name=text.strip(), country=query.country, sector=query.word.sector)
        from communique.link.textroles import holder_in_text

        stated = holder_in_text(self.text_roles, self.kb, text, start if start is not None else 10**9)
        if stated is not None:
            return self.actor(stated)
        if query.word.kind != "office" or query.other_office or query.unresolved:
            return None
        if query.of is not None:
            spell = resolve_office(self.kb, query, self.date)
            ent = self.kb.entities.get(spell.holder) if spell else None
            if ent is None:  # no holder in the packs: the one documents of a nearby date named
                from communique.link.settings import SETTINGS
                from communique.link.textroles import stated_holder

                ent = stated_holder(self.kb, text, self.date, SETTINGS.stated_role_days)
            return self.actor(self._entity(ent)) if ent else None
        return self._office_holder_in_text(query.word.key, start)

    def _office_holder_in_text(self, role: str, start: int | None) -> Actor | None:
        """ "the President" with no state named: the nearest earlier mention of someone holding that office."""
        if self.date is None:
            return None
        holders = {
            ent.id
            for ent in self._entities.values()
            if any(s.role == role and s.covers(self.date) for s in self.kb.roles_of(ent.id))
        }
        limit = start if start is not None else float("inf")
        before = [e for m, e in self._live() if e.id in holders and m.start < limit]
        if before:
            return self.actor(before[-1])
        after = [e for _, e in self._live() if e.id in holders]
        return self.actor(after[0]) if after else None

    def _resolve_name(self, text: str) -> Actor | None:
        types = ("person", "organization", "country", "place", "body", "exercise", "operation", "other")
        ent = self.partial_name(text, types)
        if ent is not None:
            return self.actor(ent)
        linker = self.linker
        found = (
            linker._alias(text, types, self.date) or linker._surname(text, types) or linker.fuzzy(text, types)
        )
        if found is None:
            country = self.kb.country_for(text)
            found = country
        return self.actor(self._entity(found)) if found is not None else None
