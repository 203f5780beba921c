"""Schema migrations (Alembic): every knowledge base is brought to the current schema on open.

A new knowledge base is built by running every revision in
``communique/store/migrations/versions`` from the baseline (the first
release's schema); an existing one is upgraded from its recorded revision. A
knowledge base written before migrations existed has the baseline's tables
and no ``alembic_version`` table: it is stamped with the baseline first.
``communique migrate`` runs the same upgrade and says what it did.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from communique.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001_baseline"
# PostgreSQL advisory lock key held while upgrading (any fixed number; "cq" in ASCII)
ADVISORY_LOCK = 0x6371
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade`` found and did."""

    before: str | None  # revision before; None for a new knowledge base
    after: str
    stamped: bool = False  # a knowledge base from before migrations existed

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    """The revision the code's schema (``communique.store.schema``) corresponds to."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None  # the versions folder ships with the package
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> Upgrade:
    """Bring the knowledge base to the head revision (one transaction); a no-op when current.

    RAISES StoreError (E201): the knowledge base was written by a newer release.
    """
    head = head_revision()
    try:
        return _upgrade(engine, head)
    except Exception:
        # Another process (a second worker, a second test) may have upgraded the same knowledge
        # base between our look and our first change: then there is nothing left to do.
        with engine.connect() as conn:
            if current_revision(conn) == head:
                return Upgrade(head, head)
        raise


def _upgrade(engine: Engine, head: str) -> Upgrade:
    with engine.connect() as probe:  # the usual case: already current, and no lock taken
        if current_revision(probe) == head:
            return Upgrade(head, head)
    with engine.connect() as outer:
        # one upgrader at a time; the others wait, then find the head revision
        outer.info["begin_immediate"] = True  # SQLite (see communique.store.db)
        with outer.begin():
            if outer.dialect.name == "postgresql":
                outer.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
            return _upgrade_in(outer, head)


def _upgrade_in(conn: Connection, head: str) -> Upgrade:
    """Stamp and upgrade inside the caller's transaction."""
    before = current_revision(conn)
    if before == head:
        return Upgrade(before, head)
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    if before is not None and before not in known:
        raise StoreError(
            "E201",
            f"the knowledge base is at schema revision {before}, which this release does not know: "
            "it was written by a newer release of communique",
        )
    stamped = before is None and inspect(conn).has_table("documents")
    cfg = _config(conn)
    if stamped:
        command.stamp(cfg, BASELINE)
    command.upgrade(cfg, "head")
    if before is not None or stamped:
        log.info("knowledge base upgraded from %s to %s", before or f"{BASELINE} (previous release)", head)
    return Upgrade(BASELINE if stamped else before, head, stamped)
