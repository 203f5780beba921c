"""The document model every pipeline stage reads and writes.

One ``Document`` travels through the stages: ingest fills ``RawDocument``,
clean fills the text and metadata, nlp attaches a spaCy ``Doc``, link fills
``entities`` and ``facts``, quotes fills ``quotes``, events fills ``events``
and stories sets ``story``. ``to_contract`` renders the output contract
``communique.document/1`` described in the README.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "communique.document/1"


@dataclass
class RawDocument:
    """What a reader found in one file, record or string.

    source (str): path, url or "-" for stdin.
    text (str): decoded text (for HTML: the text trafilatura extracted).
    kind (str): reader that produced it: txt, html, pdf, docx, json, stdin, text.
    encoding (str | None): detected encoding of a text file.
    title / published / author / url: metadata the container itself gave.
    date_hint (str | None): a YYYY-MM-DD date given by the caller (``--date``).
    """

    source: str
    text: str
    kind: str = "txt"
    encoding: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    date_hint: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Stable id: sha256 of the decoded text and the source-given title."""
        # remembered for the very title and text it was computed from: every mention's and
        # quote's id asks for it, and hashing 2 MB of text once per mention took minutes
        cached = self.__dict__.get("_content_hash")
        if cached is not None and cached[0] is self.title and cached[1] is self.text:
            return cached[2]
        h = hashlib.sha256()
        h.update((self.title or "").encode("utf-8"))
        h.update(b"\x00")
        h.update(self.text.encode("utf-8"))
        value = h.hexdigest()[:32]
        self.__dict__["_content_hash"] = (self.title, self.text, value)
        return value


@dataclass
class Removed:
    """A piece of the raw text the cleaner took out of the body, and why."""

    text: str
    reason: str  # contact-block, navigation, gallery, tags-footer, caption, credit, title, dateline...
    cue: str = ""  # what gave it away, when the labeller says more than the label


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Entity:
    """A knowledge-base entity as seen in one document."""

    id: str
    name: str
    type: str  # person|organization|country|place|body|exercise|operation|other
    country: str | None = None
    sector: str | None = None
    provisional: bool = False
    mentions: list[Mention] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
        }


@dataclass
class Actor:
    id: str | None
    name: str
    country: str | None = None
    sector: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "country": self.country, "sector": self.sector}


@dataclass
class Span:
    start: int
    end: int
    text: str

    def to_contract(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: Actor | None = None
    speaker_mention: Span | None = None
    cue: str | None = None
    confidence: float = 0.0
    direct: bool = True
    parts: list[Span] = field(default_factory=list)  # interrupted quotes keep each part
    kind: str = "direct"  # direct (the speaker's words) | indirect ("X said that ..."; direct=False)

    def to_contract(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": {"id": self.speaker.id, "name": self.speaker.name} if self.speaker else None,
            "speaker_mention": self.speaker_mention.to_contract() if self.speaker_mention else None,
            "cue": self.cue,
            "confidence": round(self.confidence, 3),
            "direct": self.direct,
            "kind": self.kind,
        }


@dataclass
class Event:
    type: str
    sentence: Span
    mode: str | None = None
    cameo: str | None = None
    date: str | None = None  # YYYY-MM-DD | YYYY-MM | YYYY
    date_precision: str | None = None  # day|month|year
    place: str | None = None
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    trigger: str | None = None
    rule: str | None = None
    confidence: float = 0.0
    negated: bool = False
    date_reason: str | None = None  # why the event has this date ("'on Friday', from publication 2025-03-14")
    claimed_by: str | None = None  # the speaker when the event is only told inside their quoted words

    def to_contract(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "cameo": self.cameo,
            "date": self.date,
            "place": self.place,
            "source": [a.to_contract() for a in self.source],
            "target": [a.to_contract() for a in self.target],
            "sentence": self.sentence.to_contract(),
            "trigger": self.trigger,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Fact:
    subject: str
    relation: str  # member_of, chaired_by, secretary_general, holds_role, ...
    object: str
    sentence: Span | None = None
    from_: str | None = None
    until: str | None = None
    at: str | None = None
    origin: str = "text"  # text | pack
    disagrees_with_pack: bool = False
    note: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "from": self.from_,
            "until": self.until,
            "at": self.at,
            "sentence": self.sentence.to_contract() if self.sentence else None,
            "disagrees_with_pack": self.disagrees_with_pack,
        }


@dataclass
class Document:
    """A document in the pipeline; see the module docstring."""

    raw: RawDocument
    text: str = ""
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD[THH:MM]
    event_date: str | None = None  # YYYY-MM-DD
    event_date_reason: str | None = None
    place: str | None = None
    language: str = "en"
    removed: list[Removed] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    story: str | None = None
    spacy_doc: Any = None  # spacy.tokens.Doc once the nlp stage ran
    linked: Any = None  # communique.link.LinkedDocument once the link stage ran

    @property
    def id(self) -> str:
        return self.raw.content_hash

    @property
    def reference_date(self) -> str | None:
        """The date that role descriptions and relative dates resolve against."""
        return self.event_date or (self.published or "")[:10] or self.raw.date_hint or None

    def to_contract(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.raw.source,
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "event_date": self.event_date,
            "place": self.place,
            "language": self.language,
            "text": self.text,
            "entities": [e.to_contract() for e in self.entities],
            "quotes": [q.to_contract() for q in self.quotes],
            "events": [e.to_contract() for e in self.events],
            "facts": [f.to_contract() for f in self.facts],
            "story": self.story,
        }
