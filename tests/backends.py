"""Store back-ends for the tests: SQLite files and databases on a real PostgreSQL server.

``store_url`` runs a test once per back-end with a fresh, empty knowledge base.
The PostgreSQL server comes from ``COMMUNIQUE_TEST_PG_URL`` (``bootstrap.py test``
sets it) or is installed and started on loopback by ``scripts/services.py``.
When it cannot start, the PostgreSQL tests fail: a missing service is an error,
never a skip.

Each PostgreSQL knowledge base is its own database, created for the test and
dropped after it, so tests never see each other's rows.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("sqlite", "postgresql")


def _start_server() -> str:
    spec = importlib.util.spec_from_file_location("services", ROOT / "scripts" / "services.py")
    services = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(services)
    return services.ensure_postgres()


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The test server's URL (its test database); the test fails when PostgreSQL cannot start."""
    url = os.environ.get("COMMUNIQUE_TEST_PG_URL")
    if not url:
        try:
            url = _start_server()
        except Exception as exc:  # any failure to start is the same test failure
            pytest.fail(f"PostgreSQL is needed for this test and could not start: {exc}", pytrace=False)
        os.environ["COMMUNIQUE_TEST_PG_URL"] = url
    return url


def _admin(url: str):  # noqa: ANN202 (SQLAlchemy engine)
    """CREATE/DROP DATABASE cannot run inside a transaction, and no connection should linger."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


@contextlib.contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new empty database on the test server for the block; dropped afterwards."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"communique_t_{uuid.uuid4().hex[:12]}"
    admin = _admin(server_url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def fresh_store(backend: str, folder: Path, server_url: str | None = None) -> Iterator[str]:
    """The URL (or SQLite path) of a new empty knowledge base on ``backend``.

    backend (str): "sqlite" or "postgresql".
    folder (Path): where a SQLite file goes.
    server_url (str | None): the PostgreSQL test server (the ``pg_url`` fixture).
    """
    if backend == "sqlite":
        yield str(folder / f"kb-{uuid.uuid4().hex[:8]}.db")
    elif backend == "postgresql":
        if not server_url:
            raise ValueError("a PostgreSQL store needs the pg_url fixture's server URL")
        with postgres_database(server_url) as url:
            yield url
    else:
        raise ValueError(f"unknown back-end {backend!r}")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty knowledge base: a SQLite path, then a PostgreSQL URL (one test run each)."""
    server = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    with fresh_store(request.param, tmp_path, server) as url:
        yield url
