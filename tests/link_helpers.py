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


def ingest_one_per_run(db: Path, texts: list[tuple[str, str]]) -> None:
    """``communique ingest`` of each (text, published) into ``db``, one command per text and
    nothing learned in memory between them, as in a new process: what one run stated reaches
    the next only through the store."""
    from typer.testing import CliRunner

    from communique.cli import app

    runner = CliRunner()
    for i, (text, published) in enumerate(texts):
        path = db.parent / f"run{i}.jsonl"
        path.write_text(json.dumps({"text": text, "published": published}) + "\n", encoding="utf-8")
        get_linker().kb.forget_stated()
        result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
        assert result.exit_code == 0, result.output


def stored_mention_entities(db: Path, text: str) -> list[str]:
    """The entity ids of the stored mentions written ``text``."""
    from sqlalchemy import select

    from communique.store import open_store
    from communique.store import schema as s

    m = s.mentions.c
    with open_store(db, create=False).connect() as conn:
        return [r.entity_id for r in conn.execute(select(m.entity_id).where(m.text == text))]
