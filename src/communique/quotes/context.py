"""What every step of the quotes stage reads about one document, gathered once."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from communique.model import Actor, Span
from communique.quotes.cues import CueLexicon, load_cues
from communique.quotes.detect import Paragraphs
from communique.quotes.settings import SETTINGS, QuoteSettings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Entity types a quotation may be attributed to (a ministry or a press service speaks too).
SPEAKER_TYPES = ("person", "organization", "body")
PRONOUNS = {"he", "she", "him", "her", "his"}


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
        self._tok_starts = [t.idx for t in self.sdoc]
        self._subjects: list[Said] | None = None

    # --- offsets ------------------------------------------------------------------------------------

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [i, j) of the tokens that start inside chars [start, end)."""
        return bisect_left(self._tok_starts, start), bisect_left(self._tok_starts, end)

    def token_at(self, pos: int) -> Token | None:
        i = bisect_right(self._tok_starts, pos) - 1
        return self.sdoc[i] if 0 <= i < len(self.sdoc) else None

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quoted)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    # --- entities -----------------------------------------------------------------------------------

    def entity_type(self, actor: Actor) -> str | None:
        """The type of the entity an actor stands for (None for groups and unknown ids)."""
        if not actor.id:
            return None
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
        for mention, ent in self.linked.mentions_in(start, end):
            if ent.type in SPEAKER_TYPES and mention.start >= start and not self.in_quote(mention.start):
                out.append((Span(mention.start, mention.end, mention.text), self.linked.actor(ent)))
        return out

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

    def subjects(self) -> list[Said]:
        """Persons named as grammatical subjects outside quotations, in text order (computed once)."""
        if self._subjects is None:
            self._subjects = []
            for span, actor in self.speaker_mentions(0, len(self.text)):
                if self.entity_type(actor) == "person" and self._is_subject(span):
                    self._subjects.append(Said(span.start, actor, span))
        return self._subjects

    def _is_subject(self, span: Span) -> bool:
        i, j = self.token_range(span.start, span.end)
        toks = self.sdoc[i:j]
        return any(t.dep_ in ("nsubj", "nsubjpass") and not (i <= t.head.i < j) for t in toks) or any(
            t.dep_ == "appos" and t.head.dep_ in ("nsubj", "nsubjpass") for t in toks
        )

    def last_named(self, pos: int) -> Said | None:
        """The most recent person named as a subject or speaker before ``pos``."""
        candidates = [s for s in self.subjects() if s.pos < pos]
        candidates += [s for s in self.said if s.pos < pos and self.entity_type(s.actor) == "person"]
        if candidates:
            return max(candidates, key=lambda s: s.pos)
        people = [
            Said(sp.start, a, sp)
            for sp, a in self.speaker_mentions(0, pos)
            if self.entity_type(a) == "person"
        ]
        return people[-1] if people else None
