"""Events stage: who did what to whom, when and where, coded in PLOVER 2.0.

``code_events(doc)`` reads the spaCy parse (``doc.spacy_doc``) and the linked
entities (``doc.linked``) and returns ``Event`` objects, each with its sentence,
trigger word, the pattern that fired (``rule``) and a confidence.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from communique.events.coder import EventCoder
from communique.events.lexicon import PLOVER_TYPES, load_lexicon
from communique.model import Document, Event

log = logging.getLogger(__name__)

__all__ = ["PLOVER_TYPES", "EventCoder", "code_events", "get_coder", "load_lexicon"]


@lru_cache(maxsize=1)
def get_coder() -> EventCoder:
    """The process's coder (lexicons loaded once); ``get_coder.cache_clear()`` resets it."""
    return EventCoder()


def code_events(doc: Document) -> list[Event]:
    """PLOVER events of a parsed, linked document, in text order.

    doc (Document): needs ``spacy_doc`` (nlp stage) and ``linked`` (link stage).
    RETURNS (list[Event]): events; negated and hypothetical ones are left out.
    """
    events = get_coder().code(doc)
    log.debug("events %s: %s", doc.raw.source, ", ".join(sorted(e.type for e in events)) or "none")
    return events
