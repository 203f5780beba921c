"""Opening a knowledge base: a SQLite file by default, or any SQLAlchemy URL.

SQLite gets WAL journaling (readers never block the writer, and a killed
writer leaves the last committed state intact) and FTS5 indexes; PostgreSQL
gets the same tables, GIN full-text indexes and a connection pool sized for
the workbench's concurrent requests. Opening a knowledge base brings its
schema to the current revision (``communique.store.migrate``), so a
knowledge base built by an earlier release is upgraded in place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from communique.errors import MissingStoreError
from communique.settings import get_setting


def database_url(target: str | Path) -> str:
    """Turn a path or URL into a SQLAlchemy URL (a bare path means SQLite)."""
    target = str(target)
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def _nul_free(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _nul_free(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_nul_free(v) for v in value)
    return value


def _strip_nul(_conn, _cursor, statement, parameters, _context, _many):  # noqa: ANN001, ANN202 (SQLAlchemy hook)
    """PostgreSQL refuses U+0000 in text: every bound string is written with U+FFFD in its place,
    on every back-end, one character for one (offsets into the text stay right)."""
    return statement, _nul_free(parameters)


def _configure_sqlite(dbapi_connection, _record) -> None:  # noqa: ANN001 (DB-API objects)
    cur = dbapi_connection.cursor()
    # first, so that the pragmas below wait for a writer in another process instead of failing
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
    # Python's sqlite3 would commit before every DDL statement on its own, so a schema upgrade
    # could stop half done; with the driver's own transaction handling off, SQLAlchemy's
    # transactions are SQLite's (``_begin_sqlite``), DDL included.
    dbapi_connection.isolation_level = None


def _begin_sqlite(conn) -> None:  # noqa: ANN001 (a SQLAlchemy Connection)
    """BEGIN for SQLAlchemy's transaction; IMMEDIATE (the write lock at once) when asked, so two
    processes upgrading one file take turns instead of both creating its tables."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("begin_immediate", False) else "BEGIN")


def open_store(target: str | Path, *, create: bool = True) -> Engine:
    """Open (and by default create) the knowledge base at ``target``, upgrading its schema.

    target (str | Path): a SQLite file path or a SQLAlchemy URL
        (``postgresql+psycopg://user@host/db``).
    create (bool): create a missing SQLite file; with False a missing file is an error.
    RETURNS (Engine): a SQLAlchemy engine.
    RAISES StoreError: E202 no knowledge base at ``target`` (MissingStoreError); E201 written by a
        newer release.
    """
    from communique.store.migrate import upgrade

    engine = connect(target, create=create)
    upgrade(engine)
    return engine


def connect(target: str | Path, *, create: bool = True) -> Engine:
    """An engine on ``target`` as it is (``open_store`` without the schema upgrade)."""
    url = database_url(target)
    if url.startswith("sqlite:///") and not create:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            raise MissingStoreError(
                "E202", f"no knowledge base at {path}: run 'communique ingest PATH' first"
            )
    if url.startswith("sqlite"):
        engine = create_engine(url)
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    else:
        # The workbench serves requests from a thread pool: the connection pool must be as large,
        # and a connection the server dropped is replaced, not handed out broken.
        engine = create_engine(
            url,
            pool_size=get_setting("store.db_pool_size"),
            max_overflow=get_setting("store.db_pool_overflow"),
            pool_timeout=get_setting("store.db_pool_timeout"),
            pool_pre_ping=True,
        )
    event.listen(engine, "before_cursor_execute", _strip_nul, retval=True)
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
