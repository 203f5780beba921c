"""Corrections API: analysts mark extractions wrong, change speakers, merge and rename
entities. Writes need the operator's token; reads are open like every other page."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, Field

from communique.api.base import ApiError, list_payload, read_page, respond, store
from communique.store import corrections as corr_store

router = APIRouter()


class CorrectionIn(BaseModel):
    """One correction; see ``communique.store.corrections`` for kinds and target keys."""

    kind: str = Field(description="reject | set_speaker | merge_entities | rename_entity")
    target: str = Field(max_length=400, description="quote:<doc>:<start>:<end>, event:<doc>:<start>:<type>, "
                        "mention:<doc>:<start>:<end> or entity:<id>")  # fmt: skip
    payload: dict[str, Any] = Field(default_factory=dict, description="speaker_id / into / name")
    note: str | None = Field(None, max_length=2000)
    author: str | None = Field(None, max_length=200)


def require_token(request: Request, authorization: str | None) -> None:
    """Writes are refused unless the server has a token and the request carries it, only as
    ``Authorization: Bearer TOKEN`` (no other header, no bare token, never a cookie: a page on
    another site can make a browser send cookies, not this header)."""
    expected = request.app.state.token
    if not expected:
        raise ApiError(
            403,
            "writes are disabled: start the server with --token TOKEN or set COMMUNIQUE_TOKEN",
            [{"loc": ["header", "Authorization"], "msg": "no write token configured on the server"}],
        )
    scheme, _, given = (authorization or "").strip().partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(
            401,
            "a valid token is needed to write: send 'Authorization: Bearer TOKEN'",
            [{"loc": ["header", "Authorization"], "msg": "missing or wrong token"}],
        )


def require_existing(request: Request, target: str, payload: dict[str, Any]) -> None:
    """A correction must name a quote, event, mention or entity the knowledge base holds (and a
    speaker or merge target that exists): a 404 otherwise, never a correction of nothing."""
    from sqlalchemy import func, select

    from communique.store import schema as s

    prefix, parts = corr_store.parse_key(target)
    checks = []
    if prefix == "entity":
        checks.append(("entity", target, s.entities.c.id == parts[0], s.entities))
    elif prefix in ("quote", "mention"):
        table = s.quotes if prefix == "quote" else s.mentions
        doc, start, end = parts[0], int(parts[1]), int(parts[2])
        if max(start, end) >= 2**62:
            raise ApiError(
                404,
                f"no {prefix} {target} in the knowledge base",
                [{"loc": ["body", "target"], "msg": "not found"}],
            )
        cond = (table.c.document_id == doc) & (table.c.start == start) & (table.c.end == end)
        checks.append((prefix, target, cond, table))
    else:  # event
        doc, start, type_ = parts[0], int(parts[1]), parts[2]
        if start >= 2**62:
            raise ApiError(
                404,
                f"no event {target} in the knowledge base",
                [{"loc": ["body", "target"], "msg": "not found"}],
            )
        cond = (
            (s.events.c.document_id == doc)
            & (s.events.c.sentence_start == start)
            & (s.events.c.type == type_)
        )
        checks.append(("event", target, cond, s.events))
    for key in ("speaker_id", "into"):
        if key in payload:
            checks.append(("entity", str(payload[key]), s.entities.c.id == str(payload[key]), s.entities))
    with request.app.state.engine.connect() as conn:
        for what, name, cond, table in checks:
            if not conn.execute(select(func.count()).select_from(table).where(cond)).scalar_one():
                msg = f"no {what} {name} in the knowledge base"
                raise ApiError(
                    404, msg, [{"loc": ["body", "target" if name == target else "payload"], "msg": msg}]
                )


@router.post("/api/corrections", status_code=201)
def create_correction(
    request: Request,
    body: CorrectionIn,
    authorization: str | None = Header(None),
) -> dict[str, Any]:
    """Store a correction; it applies to every page and API answer from now on."""
    require_token(request, authorization)
    payload = {k: v for k, v in body.payload.items() if isinstance(v, str | int | float | bool)}
    corr_store.validate_correction(body.kind, body.target, payload)
    require_existing(request, body.target, payload)
    row = corr_store.add_correction(
        request.app.state.engine, body.kind, body.target, payload, note=body.note, author=body.author
    )
    return {"ok": True, "correction": row}


@router.delete("/api/corrections/{correction_id}")
def withdraw_correction(
    request: Request,
    correction_id: int,
    authorization: str | None = Header(None),
) -> dict[str, Any]:
    """Withdraw a correction by its id."""
    require_token(request, authorization)
    if not corr_store.delete_correction(request.app.state.engine, correction_id):
        raise ApiError(404, f"no correction with id {correction_id}")
    return {"ok": True, "deleted": correction_id}


def corrections_page(request: Request, limit: int | None = None, offset: int | None = None):  # noqa: ANN201
    """Every correction, oldest first."""
    page = read_page(limit, offset, default=100)
    with store(request) as (conn, _corr):
        rows = corr_store.list_corrections(conn)
    payload = list_payload(request, rows[page.offset : page.offset + page.limit], len(rows), page,
                           writable=bool(request.app.state.token))  # fmt: skip
    return respond(request, "corrections.html", payload)


for _path in ("/corrections", "/corrections.json", "/api/corrections"):
    router.add_api_route(
        _path, corrections_page, methods=["GET"], include_in_schema=_path.startswith("/api/")
    )
