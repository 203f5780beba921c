"""A real knowledge base built from the seeds once per test run, and a live server for browser tests.

``seed_kb_path()`` runs the whole pipeline on ../shared/seeds, stores the
documents (with the packs synchronised and the story tables written, as
``communique ingest`` does) and adds one hand-made hostile document whose
title, text, quote and entity name carry markup, for the escaping tests.
The build is cached per process, so every test module shares one.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

from communique.model import Actor, Document, Entity, Event, Mention, Quote, RawDocument, Span
from tests.conftest import SEEDS

# The hostile document: our own words, with markup where text goes.
HOSTILE_TITLE = 'Markup <script>alert("title")</script> test'
HOSTILE_TEXT = (
    'Officials met <script>alert("body")</script> in a hall with <b>bold</b> banners. '
    'The envoy said "<img src=x onerror=alert(1)> is not welcome here" at the end.'
)
HOSTILE_ENTITY = ("prov:person:evil-envoy", 'Envoy <i onmouseover="x()">Evil</i>')


def hostile_document() -> Document:
    raw = RawDocument(source="tests/hostile.txt", text=HOSTILE_TEXT, title=HOSTILE_TITLE)
    doc = Document(
        raw=raw, text=HOSTILE_TEXT, title=HOSTILE_TITLE, event_date="2021-06-01", place="<Nowhere>"
    )
    start = HOSTILE_TEXT.index("<img")
    end = HOSTILE_TEXT.index(" is not welcome here") + len(" is not welcome here")
    envoy = HOSTILE_TEXT.index("envoy")
    doc.entities = [
        Entity(HOSTILE_ENTITY[0], HOSTILE_ENTITY[1], "person", provisional=True,
               mentions=[Mention(envoy, envoy + 5, "envoy")])
    ]  # fmt: skip
    doc.quotes = [
        Quote(HOSTILE_TEXT[start:end], start, end, Actor(HOSTILE_ENTITY[0], HOSTILE_ENTITY[1]), cue="said")
    ]
    first = HOSTILE_TEXT.index(". ") + 1
    doc.events = [
        Event("CONSULT", Span(0, first, HOSTILE_TEXT[:first]), date="2021-06-01",
              source=[Actor(HOSTILE_ENTITY[0], HOSTILE_ENTITY[1])])
    ]  # fmt: skip
    return doc


def _read_seeds() -> list[RawDocument]:
    from communique.ingest import Skipped, read_paths

    return [r for r in read_paths([str(SEEDS)]) if not isinstance(r, Skipped)]


def _write_stories(engine, docs: list[Document]) -> None:  # noqa: ANN001
    from communique.stories.persist import update_story_tables as update_stories

    update_stories(engine, docs)


@lru_cache(maxsize=1)
def seed_kb_path() -> Path:
    """Build the seeds' knowledge base (once per process) and return its path."""
    from communique.pipeline import analyze
    from communique.store import open_store, save_documents

    path = Path(tempfile.mkdtemp(prefix="communique-kb-")) / "seeds.db"
    engine = open_store(path)
    from communique.store.sync import sync_knowledge_base

    sync_knowledge_base(engine)
    docs = analyze(_read_seeds(), stories=True)
    save_documents(engine, docs)
    _write_stories(engine, docs)
    save_documents(engine, [hostile_document()])
    engine.dispose()
    return path


def seed_ids() -> dict[str, str]:
    """Seed file name -> document id."""
    return {Path(r.source).name: r.content_hash for r in _read_seeds()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """The workbench on a free loopback port, run by uvicorn in a thread."""

    def __init__(self, db: Path, token: str | None = None):
        import uvicorn

        from communique.api import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(db, token=token), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the workbench server did not start")
            time.sleep(0.02)  # polling for start-up, not timing a result
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
