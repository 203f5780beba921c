"""Opening a knowledge base: a SQLite file by default, or any SQLAlchemy URL.

SQLite gets WAL journaling (readers never block the writer, and a killed
writer leaves the last committed state intact) and FTS5 indexes; PostgreSQL
gets the same tables and searches with its own text-search functions (see
``communique.store.search``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

from communique.store.schema import metadata

# FTS5 tables mirror the searchable text of documents and quotes. They are
# filled by the writer in the same transaction as the rows they index.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
    "document_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    "quote_id UNINDEXED, document_id UNINDEXED, speaker, text, tokenize='unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5("
    "event_id UNINDEXED, document_id UNINDEXED, type, actors, text, tokenize='unicode61 remove_diacritics 2')",
)


def database_url(target: str | Path) -> str:
    """Turn a path or URL into a SQLAlchemy URL (a bare path means SQLite)."""
    target = str(target)
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def _configure_sqlite(dbapi_connection, _record) -> None:  # noqa: ANN001 (DB-API objects)
    cur = dbapi_connection.cursor()
    # first, so that the pragmas below wait for a writer in another process instead of failing
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def open_store(target: str | Path, *, create: bool = True) -> Engine:
    """Open (and by default create) the knowledge base at ``target``.

    target (str | Path): a SQLite file path or a SQLAlchemy URL
        (``postgresql+psycopg://user@host/db``).
    create (bool): create missing tables; with False a missing SQLite file is an error.
    RETURNS (Engine): a SQLAlchemy engine.
    """
    url = database_url(target)
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise FileNotFoundError(f"no knowledge base at {path}: run 'communique ingest PATH' first")
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    if create:
        metadata.create_all(engine)
        if engine.dialect.name == "sqlite":
            with engine.begin() as conn:
                for ddl in SQLITE_FTS:
                    conn.execute(text(ddl))
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
