"""What every step of the quotes stage reads about one document, gathered once."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from communique.model import Actor, Span
from communique.quotes.cues import CueLexicon, load_cues
from communique.quotes.detect import Paragraphs
from communique.quotes.settings import SETTINGS, QuoteSettings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from communique.model import Entity

# Entity types a quotation may be attributed to (a ministry, a press service or a state speaks too).
SPEAKER_TYPES = ("person", "organization", "body", "country")
PRONOUNS = {"he", "she", "him", "her", "his"}
MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
# Entity labels of a subject that is no person.
NOT_PERSON = ("GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "PRODUCT")
# A possessive inside a name ("Cornell's Casanova"): the words before it name someone else.
POSSESSIVE = re.compile(r"['’]s\s+")
# Words that open a description rather than a name ("the letter", "a reporter", "his aide").
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "one"}
# Honorifics that tell a person's gender ("Mr. Holtz-Eakin", "Ms. Palmieri").
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f"}


@dataclass
class Said:
    """Someone named as a subject or a speaker at an offset, for pronouns that follow."""

    pos: int
    actor: Actor
    mention: Span


@dataclass
class QuoteContext:
    """The text, parse, linked mentions and lexicon of one document, plus what was attributed so far.

    text (str): the document text.
    sdoc (Doc): its spaCy parse.
    linked (LinkedDocument | None): the linker's view of the document.
    """

    text: str
    sdoc: Doc
    linked: Any
    cues: CueLexicon = field(default_factory=load_cues)
    settings: QuoteSettings = SETTINGS
    quoted: list[tuple[int, int]] = field(default_factory=list)  # [opened, outer_end) of every candidate
    said: list[Said] = field(default_factory=list)  # speakers attributed so far, in text order

    def __post_init__(self) -> None:
        self.paras = Paragraphs(self.text)
        # Token offsets and dependency labels read as arrays: iterating spaCy tokens one by one
        # makes a Python object per token, which is most of this stage's cost on long articles.
        from spacy.attrs import DEP, IDX

        columns = self.sdoc.to_array([IDX, DEP]) if len(self.sdoc) else None
        self._tok_starts = columns[:, 0].tolist() if columns is not None else []
        self._deps = columns[:, 1].tolist() if columns is not None else []
        self._subjects: list[Said] | None = None
        self._people: list[Said] | None = None
        self._genders: dict[str, str] | None = None
        self._quoted_index: tuple | None = None  # (quoted, sorted spans, starts, reach, ends, longest)
        self._people_pos: list[int] = []
        self._person_like: dict[str, Entity] | None = None

    # --- quoted spans -------------------------------------------------------------------------------
    # Every quotation asks where the quotations next to it are; scanning ``quoted`` each time was
    # quadratic in the number of quotations, so the spans are indexed once per assignment of
    # ``quoted`` (the list is replaced, never changed in place).

    def _index(self) -> tuple:
        if self._quoted_index is None or self._quoted_index[0] is not self.quoted:
            spans = sorted(self.quoted)
            starts = [a for a, _ in spans]
            reach, far = [], -1
            for _, b in spans:  # the furthest end of any span starting at or before each start
                far = max(far, b)
                reach.append(far)
            longest = max((b - a for a, b in spans), default=0)
            self._quoted_index = (self.quoted, spans, starts, reach, sorted(b for _, b in spans), longest)
        return self._quoted_index

    def in_quote(self, pos: int) -> bool:
        _, _, starts, reach, _, _ = self._index()
        i = bisect_right(starts, pos)
        return i > 0 and reach[i - 1] > pos

    def next_quote_start(self, pos: int) -> int | None:
        """The first quotation's opening at or after ``pos``."""
        _, _, starts, _, _, _ = self._index()
        i = bisect_left(starts, pos)
        return starts[i] if i < len(starts) else None

    def last_quote_end(self, after: int, upto: int) -> int | None:
        """The last end of a quotation in (after, upto]."""
        _, _, _, _, ends, _ = self._index()
        i = bisect_right(ends, upto)
        return ends[i - 1] if i > 0 and ends[i - 1] > after else None

    def quoted_chars(self, start: int, end: int) -> int:
        """Chars of [start, end) inside quotations (counted per quotation)."""
        _, spans, starts, _, _, longest = self._index()
        lo, hi = bisect_left(starts, start - longest), bisect_left(starts, end)
        return sum(max(0, min(end, b) - max(start, a)) for a, b in spans[lo:hi])

    # --- offsets ------------------------------------------------------------------------------------

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [i, j) of the tokens that start inside chars [start, end)."""
        return bisect_left(self._tok_starts, start), bisect_left(self._tok_starts, end)

    def token_at(self, pos: int) -> Token | None:
        i = bisect_right(self._tok_starts, pos) - 1
        return self.sdoc[i] if 0 <= i < len(self.sdoc) else None

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    # --- entities -----------------------------------------------------------------------------------

    def entity_type(self, actor: Actor) -> str | None:
        """The type of the entity an actor stands for (None for groups and unknown ids)."""
        if not actor.id:
            return None
        if actor.id in self.person_like():
            return "person"
        ent = self.linked.kb.entities.get(actor.id) if self.linked is not None else None
        if ent is not None:
            return ent.type
        parts = actor.id.split(":")
        return parts[1] if parts[0] == "prov" and len(parts) > 2 else parts[0]

    def speaker_mentions(self, start: int, end: int) -> list[tuple[Span, Actor]]:
        """Linked mentions of possible speakers in chars [start, end), outside quotations."""
        if self.linked is None:
            return []
        out = []
        like = self.person_like()
        for mention, ent in self.linked.mentions_in(start, end):
            if ent.type in SPEAKER_TYPES and mention.start >= start and not self.in_quote(mention.start):
                ent = like.get(ent.id, ent)
                out.append((Span(mention.start, mention.end, mention.text), self.linked.actor(ent)))
        return out

    def person_like(self) -> dict[str, Entity]:
        """Names the tagger took for organisations that the text treats as people, each mapped to
        one entity per surname ("Carly Fiorina", then "Fiorina", both typed as organisations).

        Read once per document: a new organisation the linker made (no knowledge-base entry)
        whose subject mentions a gendered pronoun follows in the same clause ("Fiorina was upfront
        about her distaste", "Lutnick said he"), twice over all mentions sharing its surname, or
        one with an honorific before it ("Mr. Lutnick"). A new organisation whose name is only the
        surname, alone or after a possessive ("Lutnick", "Cornell's Casanova"), of the one person
        of that surname the document names is that person. Without this, "she said" skips the
        person and goes to the last man named, and one person becomes two speakers.
        """
        if self._person_like is not None:
            return self._person_like
        self._person_like = {}
        if self.linked is None:
            return self._person_like
        votes: dict[str, list[int]] = {}  # surname -> [male, female, honorific]
        by_surname: dict[str, list[Entity]] = {}
        for mention, ent in self.linked.mentions_in(0, len(self.text)):
            if ent.type != "organization" or not ent.id.startswith("prov:") or self.in_quote(mention.start):
                continue
            words = ent.name.split()
            if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
                continue
            surname = words[-1].lower()
            by_surname.setdefault(surname, []).append(ent)
            vote = votes.setdefault(surname, [0, 0, 0])
            i, j = self.token_range(mention.start, mention.end)
            if i >= j:
                continue
            if i > 0 and self.sdoc[i - 1].lower_.rstrip(".") in HONORIFICS:
                vote[2] += 1
            gender = self._pronoun_after_subject(i, j)
            if gender is not None:
                vote[gender == "f"] += 1
        for surname, (male, female, honorific) in votes.items():
            if honorific or (male + female >= 2 and male != female):
                ents = by_surname[surname]
                full = max(ents, key=lambda e: len(e.name.split()))  # the name in full
                for ent in ents:
                    self._person_like[ent.id] = full
        # "Lutnick" or "Cornell's Casanova" typed as an organisation beside the person "Howard
        # Lutnick" / "Lourdes Casanova": the surname alone, or after a possessive, is that person
        people: dict[str, list[Entity]] = {}
        for _, ent in self.linked.mentions_in(0, len(self.text)):
            if ent.type == "person" and ent.name.split():
                found = people.setdefault(ent.name.split()[-1].lower(), [])
                if ent not in found:
                    found.append(ent)
        for surname, ents in by_surname.items():
            if len(people.get(surname, [])) != 1:
                continue
            for ent in ents:
                own = POSSESSIVE.split(ent.name)[-1].split()
                if len(own) == 1:
                    self._person_like[ent.id] = people[surname][0]
        return self._person_like

    def resolve(self, text: str, start: int) -> Actor | None:
        """A name or description at ``start`` -> a speaker, when the linker knows one."""
        if self.linked is None or not text.strip():
            return None
        actor = self.linked.resolve(text, start)
        if actor is None or (actor.id and self.entity_type(actor) not in SPEAKER_TYPES):
            return None
        return actor

    def person_named_before(self, text: str) -> Actor | None:
        """A person already named in full whom ``text`` names in part ("Badrakhan" after "Jian Badrakhan")."""
        partial = getattr(self.linked, "partial_name", None)
        ent = partial(text, ("person",)) if partial is not None else None
        return self.linked.actor(ent) if ent is not None else None

    # --- who was last named -------------------------------------------------------------------------

    def is_person(self, actor: Actor) -> bool:
        """A linked person, or a name the tagger saw as a person that the linker does not know."""
        return actor.id is None or self.entity_type(actor) == "person"

    def is_named_person(self, actor: Actor) -> bool:
        """A person known by a name, not by a description the linker kept as it stands ("the
        letter", "the security team", "The Florida senator's answer"): only a name can be what a
        later "he" or "she" refers to, a description may be no person at all."""
        if actor.id is not None:
            return self.entity_type(actor) == "person"
        words = actor.name.split()
        return bool(words) and words[0].lower() not in DETERMINERS and all(w[:1].isupper() for w in words)

    def subjects(self) -> list[Said]:
        """Persons named as grammatical subjects outside quotations, in text order (computed once)."""
        if self._subjects is None:
            self._subjects = [s for s in self.people() if self._is_subject(s.mention)]
        return self._subjects

    def people(self) -> list[Said]:
        """Every person named outside quotations, in text order: linked persons, then names the tagger
        saw as people that the linker left out ("Ham" after "Gen. Norman Ham"), resolved to the person
        named before in full when there is one (computed once)."""
        if self._people is None:
            found = [
                Said(sp.start, a, sp)
                for sp, a in self.speaker_mentions(0, len(self.text))
                if self.entity_type(a) == "person"
            ]
            covered = [(s.mention.start, s.mention.end) for s in found]
            if self.linked is not None:
                covered += [(m.start, m.end) for m, _ in self.linked.mentions_in(0, len(self.text))]
            for ent in self.sdoc.ents:
                if ent.label_ != "PERSON" or self.in_quote(ent.start_char):
                    continue
                if any(a < ent.end_char and ent.start_char < b for a, b in covered):
                    continue
                name = ent.text.removesuffix("'s").removesuffix("’s")
                actor = self.person_named_before(name)
                if actor is None:
                    continue
                found.append(
                    Said(ent.start_char, actor, self.span(ent.start_char, ent.start_char + len(name)))
                )
            nsubj = self.sdoc.vocab.strings["nsubj"]
            for tok in (self.sdoc[k] for k, dep in enumerate(self._deps) if dep == nsubj):
                # "Ham made it clear", "Jay DiPietro, the club's president, suggested": a name as the
                # subject of a verb that the tagger did not label as a person (nor as a place or body)
                if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
                    continue
                if tok.ent_type_ in NOT_PERSON or tok.head.pos_ not in ("VERB", "AUX"):
                    continue
                if self.in_quote(tok.idx) or any(a <= tok.idx < b for a, b in covered):
                    continue
                first = tok.i
                while (
                    first > 0
                    and self.sdoc[first - 1].pos_ == "PROPN"
                    and self.sdoc[first - 1].dep_ == "compound"
                ):
                    first -= 1
                start = self.sdoc[first].idx
                name = self.text[start : tok.idx + len(tok)]
                actor = self.person_named_before(name)
                if actor is None:
                    continue
                found.append(Said(start, actor, self.span(start, tok.idx + len(tok))))
            found.sort(key=lambda s: s.pos)
            self._people = found
        return self._people

    def people_between(self, start: int, end: int) -> list[Said]:
        """Persons named outside quotations in chars [start, end), in text order."""
        people = self.people()
        if len(self._people_pos) != len(people):
            self._people_pos = [s.pos for s in people]
        return people[bisect_left(self._people_pos, start) : bisect_left(self._people_pos, end)]

    def unlinked_person(self, name: str) -> Actor:
        """A name the linker does not know, the same actor as an earlier mention of its surname."""
        return self._unlinked_person(name, self.people() + self.said)

    def recent_speaker(self, pos: int, paragraphs: int = 2) -> Said | None:
        """The person quoted or named as a subject last before ``pos``, within the last paragraphs."""
        first = self.paras.bounds(max(0, self.paras.index(pos) - paragraphs))[0]
        person = lambda s: self.is_person(s.actor)  # noqa: E731
        return _latest([(self.said, person), (self.subjects(), person)], first, pos)

    def last_person(self, start: int, end: int) -> Said | None:
        """The person named as a subject or quoted last in chars [start, end)."""
        person = lambda s: self.is_person(s.actor)  # noqa: E731
        return _latest([(self.subjects(), person), (self.said, person)], start, end)

    def _unlinked_person(self, name: str, known: list[Said]) -> Actor:
        """A person the linker does not know: the one named before with the same surname (a name
        kept without an id, or a person the linker knows: "Galissa" beside "Nino Galissa", which
        the tagger took for a place), or a new one."""
        last = name.split()[-1]
        for said in reversed(known):
            if said.actor.name.split()[-1:] == [last] and self.is_person(said.actor):
                return said.actor
        return Actor(id=None, name=name)

    def _is_subject(self, span: Span) -> bool:
        i, j = self.token_range(span.start, span.end)
        toks = self.sdoc[i:j]
        return any(t.dep_ in ("nsubj", "nsubjpass") and not (i <= t.head.i < j) for t in toks) or any(
            t.dep_ == "appos" and t.head.dep_ in ("nsubj", "nsubjpass") for t in toks
        )

    def gender(self, actor: Actor) -> str | None:
        """ "m" or "f" when the document says so: an honorific before the name (Mr., Mrs., Ms.) or the
        pronouns of sentences where this person is the only one named (computed once per document);
        else the given name of the person's full name, when the cue lexicon lists it."""
        if self._genders is None:
            self._genders = self._read_genders()
        found = self._genders.get(actor.id or actor.name)
        # the text says nothing: the given name, when the lexicon knows it ("Hillary Clinton")
        return found if found is not None else self.cues.name_gender(actor.name)

    def _pronoun_after_subject(self, i: int, j: int) -> str | None:
        """ "m" or "f" when the name at tokens [i, j) is a subject and a gendered pronoun (a subject
        or a possessive) follows in its sentence before any other noun subject ("Fiorina was
        upfront about her distaste", "Trump said he"): that pronoun is the name's."""
        if i >= j:
            return None
        head = next((t for t in self.sdoc[i:j] if not i <= t.head.i < j or t.head.i == t.i), None)
        if head is None or head.dep_ not in ("nsubj", "nsubjpass"):
            return None
        for tok in self.sdoc[j : head.sent.end]:
            if tok.dep_ in ("nsubj", "nsubjpass", "poss") and (tok.lower_ in MALE or tok.lower_ in FEMALE):
                if self.in_quote(tok.idx):
                    return None
                return "f" if tok.lower_ in FEMALE else "m"
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN"):
                return None  # another subject comes first: the pronoun may be theirs
        return None

    def _read_genders(self) -> dict[str, str]:
        votes: dict[str, list[int]] = {}
        by_sentence: dict[int, list[Said]] = {}
        for said in self.people():
            tok = self.token_at(said.pos)
            if tok is None:
                continue
            key = said.actor.id or said.actor.name
            vote = votes.setdefault(key, [0, 0])
            prev = self.sdoc[tok.i - 1].lower_.rstrip(".") if tok.i > 0 else ""
            if prev in HONORIFICS:
                vote[HONORIFICS[prev] == "f"] += 3
            by_sentence.setdefault(tok.sent.start, []).append(said)
        for sent_start, people in by_sentence.items():
            keys = {s.actor.id or s.actor.name for s in people}
            if len(keys) != 1:
                continue
            key = next(iter(keys))
            first = self.token_at(people[0].pos)
            tokens = list(first.sent[first.i - sent_start + 1 :])
            for tok in tokens:
                if tok.dep_ not in ("nsubj", "nsubjpass", "poss") or self.in_quote(tok.idx):
                    continue
                if tok.lower_ in MALE:
                    votes[key][0] += 1
                elif tok.lower_ in FEMALE:
                    votes[key][1] += 1
        return {k: "m" if m > f else "f" for k, (m, f) in votes.items() if m != f}

    def last_named(self, pos: int, pronoun: str = "") -> Said | None:
        """The person a pronoun at ``pos`` refers to: the most recent person named as a subject or
        quoted as a speaker before it whose gender does not contradict the pronoun; failing that,
        the most recent person named at all."""
        wanted = "m" if pronoun.lower() in MALE else "f" if pronoun.lower() in FEMALE else None

        def agrees(s: Said) -> bool:
            g = self.gender(s.actor) if wanted else None
            return g is None or g == wanted

        found = _latest(
            [(self.subjects(), agrees), (self.said, lambda s: agrees(s) and self.is_named_person(s.actor))],
            0,
            pos,
        )
        if found is not None:
            return found
        people = self.people()
        k = bisect_left(people, pos, key=_pos) - 1
        while k >= 0 and not agrees(people[k]):
            k -= 1
        return people[k] if k >= 0 else None


def _pos(said: Said) -> int:
    return said.pos


def _latest(lists: list[tuple[list[Said], Callable[[Said], bool]]], first: int, pos: int) -> Said | None:
    """The latest Said in [first, pos) that its list's test accepts, over lists sorted by offset; at one
    offset the earlier list, and the earlier entry in a list, wins. A walk back from ``pos``
    rather than a scan of every earlier mention: pronouns and quotations ask this once each."""
    best: Said | None = None
    for items, ok in lists:
        k = bisect_left(items, pos, key=_pos) - 1
        while k >= 0 and items[k].pos >= first and not ok(items[k]):
            k -= 1
        if k < 0 or items[k].pos < first:
            continue
        at = items[k].pos
        while k > 0 and items[k - 1].pos == at:  # the first accepted entry at that offset
            k -= 1
        while not ok(items[k]):
            k += 1
        if best is None or items[k].pos > best.pos:
            best = items[k]
    return best
