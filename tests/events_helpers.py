"""Shared helpers for the event tests: run nlp + link + events on texts written for the tests."""

from __future__ import annotations

from communique.model import Document, Event, RawDocument


def analyse(text: str, published: str | None = "2016-03-10", event_date: str | None = None) -> Document:
    """One document through the real nlp, link and events stages."""
    from communique.events import code_events
    from communique.link import get_linker
    from communique.nlp import parse_documents

    doc = Document(
        raw=RawDocument(source="test", text=text), text=text, published=published, event_date=event_date
    )
    parse_documents([doc])
    get_linker().link_document(doc)
    doc.events = code_events(doc)
    return doc


def only_event(doc: Document) -> Event:
    assert len(doc.events) == 1, [(e.type, e.rule) for e in doc.events]
    return doc.events[0]
