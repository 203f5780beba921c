"""Every table of a knowledge base as comparable content, whatever the back-end.

Two knowledge bases built from the same documents must hold the same rows;
only what the database itself makes up may differ: autoincrement ids (they
depend on what was inserted and rolled back before), SQLite's full-text key
and ingest timestamps.
Ids are replaced by the content of the row they name, including the event
ids that story events keep in JSON.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlalchemy import Engine, Integer, select

from communique.store.schema import metadata

# made up by the database or the clock, not by the pipeline (documents.seq is SQLite's full-text
# key, set by a trigger there and unused on PostgreSQL)
VOLATILE = {"ingested_at", "created_at", "seq"}
# integer columns (or JSON keys) that point at another table's autoincrement id
REFERENCES = {"event_id": "events", "quote_id": "quotes", "mention_id": "mentions"}


def _canonical(value: Any) -> Any:
    """A pickled object as plain data: sets sorted, objects as their attributes (hash order varies per process)."""
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, dict):
        return sorted(((repr(_canonical(k)), _canonical(v)) for k, v in value.items()), key=lambda kv: kv[0])
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if hasattr(value, "tolist"):  # array.array, numpy arrays
        return value.tolist()
    if hasattr(value, "__dict__"):
        return [type(value).__name__, _canonical(vars(value))]
    if hasattr(value, "__slots__"):
        return [type(value).__name__, [_canonical(getattr(value, k, None)) for k in value.__slots__]]
    return value


def _story_index(blob: bytes) -> str:
    """The story index blob (a pickle) as canonical text; it is only read from our own test stores."""
    from communique.stories.index import StoryIndex

    index = StoryIndex.loads(blob)
    return json.dumps(_canonical(index), default=repr)


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _autoincrement(table) -> bool:  # noqa: ANN001
    keys = list(table.primary_key.columns)
    return len(keys) == 1 and keys[0].name == "id" and isinstance(keys[0].type, Integer)


def _resolve(value: Any, ids: dict[str, dict[int, str]]) -> Any:
    """Replace id references inside JSON values by the content they name."""
    if isinstance(value, dict):
        return {
            k: ids[REFERENCES[k]].get(v, f"missing:{v}")
            if k in REFERENCES and isinstance(v, int)
            else _resolve(v, ids)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_resolve(v, ids) for v in value]
    return value


def snapshot(engine: Engine) -> dict[str, Counter]:
    """Each table's rows as a multiset of canonical JSON strings."""
    tables = {t.name: t for t in metadata.sorted_tables}
    raw: dict[str, list[dict]] = {}
    with engine.connect() as conn:
        for name, table in tables.items():
            raw[name] = [dict(row._mapping) for row in conn.execute(select(table))]
    for row in raw.get("kv", []):
        if row["key"] == "stories.index":
            row["value"] = _story_index(row["value"])
    # first the content of every row that others point at by id (references among them resolved last)
    ids: dict[str, dict[int, str]] = {}
    for name, table in tables.items():
        if _autoincrement(table):
            ids[name] = {
                row["id"]: json.dumps(
                    {k: _plain(v) for k, v in row.items() if k != "id" and k not in VOLATILE},
                    sort_keys=True, default=str,
                )
                for row in raw[name]
            }  # fmt: skip
    result: dict[str, Counter] = {}
    for name, table in tables.items():
        rows = []
        for row in raw[name]:
            content = {}
            for key, value in row.items():
                if key in VOLATILE or (key == "id" and _autoincrement(table)):
                    continue
                if key in REFERENCES and isinstance(value, int) and key != "id":
                    value = ids[REFERENCES[key]].get(value, f"missing:{value}")
                content[key] = _resolve(_plain(value), ids)
            rows.append(json.dumps(content, sort_keys=True, default=str))
        result[name] = Counter(rows)
    return result


def differences(left: dict[str, Counter], right: dict[str, Counter], limit: int = 3) -> list[str]:
    """Human-readable differences, a few rows per table; empty when the two are equal."""
    found = []
    for name in sorted(set(left) | set(right)):
        a, b = left.get(name, Counter()), right.get(name, Counter())
        if a == b:
            continue
        only_a, only_b = list((a - b).elements()), list((b - a).elements())
        found.append(f"{name}: {sum(a.values())} vs {sum(b.values())} rows")
        found += [f"  only left:  {row[:300]}" for row in only_a[:limit]]
        found += [f"  only right: {row[:300]}" for row in only_b[:limit]]
    return found
