"""Analyst corrections, kept apart from machine output and applied when read.

A correction names its target by a stable key built from the document's
content hash and character offsets, never by an autoincrement row id, so it
still finds its target after the knowledge base is rebuilt or re-ingested:

- ``quote:<document_id>:<start>:<end>``
- ``event:<document_id>:<sentence_start>:<type>``
- ``mention:<document_id>:<start>:<end>``
- ``entity:<entity_id>``

Kinds: ``reject`` (a quote, event or mention is wrong), ``set_speaker`` (a
quote's speaker), ``merge_entities`` (an entity is the same as another) and
``rename_entity`` (an entity's display name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from communique.store import schema as s

# What each kind of correction may target (the prefix of its key), and the payload keys it needs.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reject": (("quote", "event", "mention"), ()),
    "set_speaker": (("quote",), ("speaker_id",)),
    "merge_entities": (("entity",), ("into",)),
    "rename_entity": (("entity",), ("name",)),
}
# Merge chains longer than this are cut: they can only come from a cycle of merges.
MAX_MERGE_DEPTH = 32


class CorrectionError(ValueError):
    """A correction that cannot be stored, with what to do about it."""


def quote_key(document_id: str, start: int, end: int) -> str:
    return f"quote:{document_id}:{start}:{end}"


def event_key(document_id: str, sentence_start: int, type_: str) -> str:
    return f"event:{document_id}:{sentence_start}:{type_}"


def mention_key(document_id: str, start: int, end: int) -> str:
    return f"mention:{document_id}:{start}:{end}"


def entity_key(entity_id: str) -> str:
    return f"entity:{entity_id}"


def parse_key(key: str) -> tuple[str, list[str]]:
    """Split a target key into its prefix and parts; raises CorrectionError when malformed."""
    prefix, _, rest = key.partition(":")
    if prefix == "entity" and rest:
        return prefix, [rest]
    parts = rest.split(":")
    if prefix in ("quote", "mention") and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return prefix, parts
    if prefix == "event" and len(parts) == 3 and parts[1].isdigit() and parts[2]:
        return prefix, parts
    raise CorrectionError(
        f"'{key}' is not a correction target: use quote:<document_id>:<start>:<end>, "
        "event:<document_id>:<sentence_start>:<type>, mention:<document_id>:<start>:<end> or entity:<id>"
    )


def validate_correction(kind: str, target: str, payload: dict[str, Any] | None) -> None:
    """Check kind, target and payload agree; raises CorrectionError saying what is wrong."""
    if kind not in KINDS:
        raise CorrectionError(f"unknown correction kind '{kind}': use one of {', '.join(KINDS)}")
    prefixes, needed = KINDS[kind]
    prefix, _ = parse_key(target)
    if prefix not in prefixes:
        raise CorrectionError(f"a '{kind}' correction targets {' or '.join(prefixes)} keys, not '{prefix}'")
    missing = [k for k in needed if not str((payload or {}).get(k) or "").strip()]
    if missing:
        raise CorrectionError(f"a '{kind}' correction needs payload field(s): {', '.join(missing)}")
    if kind == "merge_entities" and payload and entity_key(payload["into"]) == target:
        raise CorrectionError("an entity cannot be merged into itself")


def add_correction(
    engine: Engine,
    kind: str,
    target: str,
    payload: dict[str, Any] | None = None,
    *,
    note: str | None = None,
    author: str | None = None,
) -> dict[str, Any]:
    """Validate and store one correction; RETURNS the stored row as a dict."""
    validate_correction(kind, target, payload)
    row = {
        "kind": kind,
        "target": target,
        "payload": payload or {},
        "note": note,
        "author": author,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with engine.begin() as conn:
        row["id"] = conn.execute(insert(s.corrections).values(**row)).inserted_primary_key[0]
    return row


def delete_correction(engine: Engine, correction_id: int) -> bool:
    """Withdraw a correction; False when there was none with that id."""
    with engine.begin() as conn:
        result = conn.execute(delete(s.corrections).where(s.corrections.c.id == correction_id))
    return result.rowcount > 0


def list_corrections(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(s.corrections).order_by(s.corrections.c.id)).mappings().all()
    return [dict(r) for r in rows]


@dataclass
class Corrections:
    """Every stored correction, indexed for applying them to rows as they are read."""

    rejected: set[str] = field(default_factory=set)
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)  # quote key -> payload
    merged: dict[str, str] = field(default_factory=dict)  # entity id -> entity id it was merged into
    names: dict[str, str] = field(default_factory=dict)  # entity id -> analyst's name
    # stored names of the entities others were merged into: a merged actor shows the survivor's name
    merge_target_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, conn: Connection) -> Corrections:
        """Read the corrections table; later corrections of one target win."""
        corr = cls()
        for row in list_corrections(conn):
            corr.add(row["kind"], row["target"], row["payload"] or {})
        targets = sorted({corr.canonical(e) for e in corr.merged} - {None})
        if targets:
            e = s.entities.c
            rows = conn.execute(select(e.id, e.name).where(e.id.in_(targets)))
            corr.merge_target_names = {r.id: r.name for r in rows}
        return corr

    def add(self, kind: str, target: str, payload: dict[str, Any]) -> None:
        if kind == "reject":
            self.rejected.add(target)
        elif kind == "set_speaker":
            self.speakers[target] = payload
        elif kind == "merge_entities":
            self.merged[target.removeprefix("entity:")] = payload["into"]
        elif kind == "rename_entity":
            self.names[target.removeprefix("entity:")] = payload["name"]

    def canonical(self, entity_id: str | None) -> str | None:
        """The entity an id stands for after merges (follows chains, stops on cycles)."""
        seen = 0
        while entity_id in self.merged and seen < MAX_MERGE_DEPTH:
            entity_id = self.merged[entity_id]
            seen += 1
        return entity_id

    def merged_ids(self, entity_id: str) -> set[str]:
        """The entity and every entity merged into it."""
        return {e for e in (*self.merged, entity_id) if self.canonical(e) == entity_id}

    def name(self, entity_id: str | None, default: str | None) -> str | None:
        canonical = self.canonical(entity_id)
        return self.names.get(canonical or "", default)

    def is_rejected(self, key: str) -> bool:
        return key in self.rejected

    def speaker_ids_changed_to(self, entity_id: str) -> set[str]:
        """Quote keys whose speaker an analyst set to ``entity_id`` (or an entity merged into it)."""
        ids = self.merged_ids(entity_id)
        return {key for key, p in self.speakers.items() if p.get("speaker_id") in ids}

    def apply_to_quote(self, quote: dict[str, Any]) -> dict[str, Any] | None:
        """A quote dict (document_id, start, end, speaker_id, speaker_name) as corrected, or None if rejected."""
        key = quote_key(quote["document_id"], quote["start"], quote["end"])
        if key in self.rejected:
            return None
        quote = {**quote, "key": key, "corrected": False}
        if key in self.speakers:
            p = self.speakers[key]
            quote.update(speaker_id=p["speaker_id"], speaker_name=p.get("speaker_name"), corrected=True)
        sid = quote.get("speaker_id")
        if sid:
            canonical = self.canonical(sid)
            quote["corrected"] = quote["corrected"] or canonical != sid or canonical in self.names
            quote["speaker_id"] = canonical
            name = quote.get("speaker_name")
            if canonical != sid:
                name = self.merge_target_names.get(canonical or "", name)
            quote["speaker_name"] = self.names.get(canonical, name)
        return quote

    def apply_to_actor(self, actor: dict[str, Any]) -> dict[str, Any]:
        """An actor or entity dict with ``id`` and ``name`` after merges and renames."""
        eid = actor.get("id")
        if not eid:
            return actor
        canonical = self.canonical(eid)
        name = actor.get("name")
        if canonical != eid:
            name = self.merge_target_names.get(canonical or "", name)
        return {**actor, "id": canonical, "name": self.names.get(canonical, name)}


def load_corrections(conn: Connection) -> Corrections:
    return Corrections.load(conn)
