"""The packs in the knowledge base: entities, aliases, dated roles and memberships.

The linker answers from the packs in memory; the workbench and the exports read
the store. ``sync_knowledge_base`` copies what the packs say into the
``entities``, ``aliases``, ``roles`` and ``memberships`` tables, each row with
the pack file and line it comes from. It runs at the start of every ingest and
does nothing when the packs have not changed since the last run (a fingerprint
of their files is kept in ``kv``).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Engine, delete, insert, select, update

from communique.link.kb import KnowledgeBase
from communique.store import schema as s

FINGERPRINT_KEY = "packs.fingerprint"


def packs_fingerprint(kb: KnowledgeBase) -> bytes:
    """A hash of every pack file's bytes, in load order."""
    digest = hashlib.sha256()
    for pf in kb.packs.files:
        digest.update(str(pf.path.name).encode())
        digest.update(pf.path.read_bytes())
    return digest.hexdigest().encode()


def sync_knowledge_base(engine: Engine, kb: KnowledgeBase | None = None) -> bool:
    """Write the packs' entities, aliases, roles and memberships to the store.

    engine (Engine): an open store.
    kb (KnowledgeBase): the packs; the linker's when None.
    RETURNS (bool): True when the tables were rewritten, False when already current.
    """
    if kb is None:
        from communique.link import get_linker

        kb = get_linker().kb
    fingerprint = packs_fingerprint(kb)
    with engine.begin() as conn:
        stored = conn.execute(select(s.kv.c.value).where(s.kv.c.key == FINGERPRINT_KEY)).scalar()
        if stored == fingerprint:
            return False
        _write_entities(conn, kb)
        _write_roles(conn, kb)
        _write_memberships(conn, kb)
        conn.execute(delete(s.kv).where(s.kv.c.key == FINGERPRINT_KEY))
        conn.execute(insert(s.kv).values(key=FINGERPRINT_KEY, value=fingerprint))
    return True


def _write_entities(conn: Connection, kb: KnowledgeBase) -> None:
    """Pack entities replace their earlier rows; provisional entities from text are left alone."""
    existing = set(conn.execute(select(s.entities.c.id)).scalars())
    fresh, changed = [], []
    for e in kb.entities.values():
        row = {"id": e.id, "name": e.name, "type": e.type, "country": e.country, "sector": e.sector,
               "provisional": False, "origin": f"pack:{e.pack}", "part_of": e.part_of, "source": e.source}  # fmt: skip
        (changed if e.id in existing else fresh).append(row)
    if fresh:
        conn.execute(insert(s.entities), fresh)
    for row in changed:
        conn.execute(update(s.entities).where(s.entities.c.id == row["id"]).values(**row))
    pack_ids = [e.id for e in kb.entities.values()]
    # Aliases of pack entities are the packs' own; rewrite them all.
    for i in range(0, len(pack_ids), 500):
        conn.execute(delete(s.aliases).where(s.aliases.c.entity_id.in_(pack_ids[i : i + 500])))
    aliases = [
        {"entity_id": e.id, "alias": name}
        for e in kb.entities.values()
        for name in dict.fromkeys([*e.aliases, *e.demonyms])
        if name != e.name
    ]
    if aliases:
        conn.execute(insert(s.aliases), aliases)


def _write_roles(conn: Connection, kb: KnowledgeBase) -> None:
    conn.execute(delete(s.roles))
    rows = [
        {"entity_id": sp.holder, "role": sp.role, "org": sp.of, "from_date": sp.from_,
         "until_date": sp.until, "source": sp.source}
        for spells in kb.spells_by_holder.values()
        for sp in spells
    ]  # fmt: skip
    if rows:
        conn.execute(insert(s.roles), rows)


def _write_memberships(conn: Connection, kb: KnowledgeBase) -> None:
    conn.execute(delete(s.memberships))
    rows = [
        {"member_id": m.member, "org_id": m.org, "from_date": m.from_, "until_date": m.until,
         "note": m.note, "source": m.source}
        for m in kb.memberships
    ]  # fmt: skip
    if rows:
        conn.execute(insert(s.memberships), rows)
