"""Texts written for the tests, through the real parser and linker."""

from __future__ import annotations

from communique.link import get_linker
from communique.model import Document, RawDocument
from communique.nlp import parse_text


def linked(text: str, on: str) -> Document:
    """A document of ``text`` whose reference date is ``on``, parsed and linked."""
    doc = Document(raw=RawDocument(source="-", text=text, date_hint=on), text=text)
    doc.spacy_doc = parse_text(text)
    get_linker().link_document(doc)
    return doc
