"""Keyset ("seek") pagination: the next page is the rows after the last one shown, in a total
order, instead of OFFSET n (which reads and drops n rows, and shifts when rows are added).

A list query names its sort key as (column, descending) pairs ending in a unique column;
``seek`` turns the key of the last (or first) row shown into a WHERE clause and the
ORDER BY for the next (or previous) page. Cursors travel as opaque URL-safe strings.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, or_


@dataclass(frozen=True)
class Seek:
    """Where a page starts: after (or, ``backwards``, before) the row whose sort key is ``key``."""

    key: tuple
    backwards: bool = False


class CursorError(ValueError):
    """A cursor that was not made by ``encode`` (or does not fit this list)."""


def encode(key: tuple | list) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, size: int) -> tuple:
    """The sort key in a cursor of a list whose key has ``size`` parts; RAISES CursorError."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: "[[[[..." nested past the limit
        raise CursorError("not a page cursor") from exc
    if not isinstance(key, list) or len(key) != size:
        raise CursorError("the cursor does not belong to this list")
    if not all(_plain(v) for v in key):
        raise CursorError("not a page cursor")
    return tuple(key)


def _plain(value: Any) -> bool:
    """A value a database compares as the list's own keys: text, a 64-bit integer, a finite number."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str)


def seek(order: list[tuple[Any, bool]], at: Seek | None) -> tuple[list[Any], list[Any]]:
    """(WHERE clauses, ORDER BY) for the page after (or before) ``at`` in ``order``.

    order: (column expression, descending) pairs; the last must be unique, and no column
        may be NULL (wrap nullable ones in coalesce: NULLs sort differently per database).
    """
    flip = bool(at and at.backwards)
    order_by = [col.desc() if desc != flip else col.asc() for col, desc in order]
    if at is None:
        return [], order_by
    clauses = []
    for i, (col, desc) in enumerate(order):
        value = at.key[i]
        if value is None:  # a NULL key never matches a comparison: the cursor is stale
            return [false()], order_by
        later = col < value if desc != flip else col > value
        clauses.append(and_(*(c == at.key[j] for j, (c, _) in enumerate(order[:i])), later))
    return [or_(*clauses)], order_by
