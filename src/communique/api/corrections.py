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


def require_token(request: Request, authorization: str | None, x_token: str | None) -> None:
    """Writes are refused unless the server has a token and the request carries it."""
    expected = request.app.state.token
    if not expected:
        raise ApiError(
            403,
            "writes are disabled: start the server with --token TOKEN or set COMMUNIQUE_TOKEN",
            [{"loc": ["header", "Authorization"], "msg": "no write token configured on the server"}],
        )
    given = x_token or (authorization or "").removeprefix("Bearer ").strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(
            401,
            "a valid token is needed to write: send 'Authorization: Bearer TOKEN'",
            [{"loc": ["header", "Authorization"], "msg": "missing or wrong token"}],
        )


@router.post("/api/corrections", status_code=201)
def create_correction(
    request: Request,
    body: CorrectionIn,
    authorization: str | None = Header(None),
    x_communique_token: str | None = Header(None),
) -> dict[str, Any]:
    """Store a correction; it applies to every page and API answer from now on."""
    require_token(request, authorization, x_communique_token)
    payload = {k: v for k, v in body.payload.items() if isinstance(v, str | int | float | bool)}
    row = corr_store.add_correction(
        request.app.state.engine, body.kind, body.target, payload, note=body.note, author=body.author
    )
    return {"ok": True, "correction": row}


@router.delete("/api/corrections/{correction_id}")
def withdraw_correction(
    request: Request,
    correction_id: int,
    authorization: str | None = Header(None),
    x_communique_token: str | None = Header(None),
) -> dict[str, Any]:
    """Withdraw a correction by its id."""
    require_token(request, authorization, x_communique_token)
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
