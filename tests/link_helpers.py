"""Texts written for the tests, through the real parser and linker."""

from __future__ import annotations

import json
from pathlib import Path

from communique.link import get_linker
from communique.model import Document, RawDocument
from communique.nlp import parse_text, parse_texts


def linked(text: str, on: str) -> Document:
    """A document of ``text`` whose reference date is ``on``, parsed and linked."""
    doc = Document(raw=RawDocument(source="-", text=text, date_hint=on), text=text)
    doc.spacy_doc = parse_text(text)
    get_linker().link_document(doc)
    return doc


def linked_cases(path: Path) -> list[tuple[dict, Document]]:
    """Each case of a JSON Lines file (``text``, ``date``, …) with its document, parsed in one batch and linked."""
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    linker = get_linker()
    out = []
    for case, parsed in zip(cases, parse_texts(c["text"] for c in cases), strict=True):
        doc = Document(
            raw=RawDocument(source="-", text=case["text"], date_hint=case["date"]), text=case["text"]
        )
        doc.spacy_doc = parsed
        linker.link_document(doc)
        out.append((case, doc))
    return out
