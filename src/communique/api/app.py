"""The analyst workbench: a FastAPI app serving HTML pages and their JSON twins over one
knowledge base.

``create_app(db, token=...)`` builds the app; ``communique serve`` runs it with
uvicorn. Nothing is loaded from the network: styles, scripts and the API docs
(Swagger UI, vendored from npm under ``static/vendor``) are served by the app itself.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from communique.api import (
    brief,
    corrections,
    document,
    entity,
    events,
    names,
    network,
    organisation,
    quotes,
    search,
    stories,
    warm,
)
from communique.api.base import STATIC, ApiError, make_templates, render_error
from communique.store.corrections import CorrectionError
from communique.store.search import QueryError

log = logging.getLogger("communique.api")
TOKEN_ENV = "COMMUNIQUE_TOKEN"
# Host names the workbench answers to besides the loopback ones (comma-separated): a request
# naming any other host is refused, so a page on another site cannot reach this server by
# pointing its own name at 127.0.0.1 (DNS rebinding).
HOSTS_ENV = "COMMUNIQUE_ALLOWED_HOSTS"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Every response: scripts and styles only from this server, no inline script, no plugins, never
# inside another site's frame; content types are not guessed; no referrer leaves the server.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
PAGE_MODULES = (
    search,
    document,
    entity,
    organisation,
    quotes,
    events,
    network,
    stories,
    corrections,
    names,
    brief,
    warm,
)


def create_app(
    db: str | Path | Engine,
    *,
    token: str | None = None,
    allowed_hosts: list[str] | None = None,
    warm_pages: bool = False,
) -> FastAPI:
    """Build the workbench app.

    db (str | Path | Engine): a knowledge base path, SQLAlchemy URL or engine.
    token (str | None): the write token for corrections; None reads ``COMMUNIQUE_TOKEN``,
        and with neither set, writes are refused.
    allowed_hosts (list[str] | None): host names served besides the loopback ones; None reads
        ``COMMUNIQUE_ALLOWED_HOSTS``.
    warm_pages (bool): compute the heaviest pages in the background at start (``api.warm``).
    RETURNS (FastAPI): the app.
    """
    from contextlib import asynccontextmanager

    from communique.store import open_store

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        if warm_pages:
            warm.start_warming(app)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Communique",
        description="Evidence-linked knowledge base: documents, entities, quotes, events, stories.",
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = db if isinstance(db, Engine) else open_store(db, create=False)
    app.state.token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _mount_docs(app)
    _add_error_handlers(app)
    for module in PAGE_MODULES:
        app.include_router(module.router)
    if allowed_hosts is None:
        allowed_hosts = [h.strip() for h in os.environ.get(HOSTS_ENV, "").split(",") if h.strip()]
    app.add_middleware(GuardMiddleware, hosts={*LOOPBACK_HOSTS, *(h.lower() for h in allowed_hosts)})
    return app


class GuardMiddleware:
    """Checks the Host header against the served names and adds the security headers.

    A plain ASGI middleware (not ``BaseHTTPMiddleware``): it wraps every response, static
    files and errors included, without buffering bodies.
    """

    def __init__(self, app, hosts: set[str]) -> None:  # noqa: ANN001 (an ASGI app)
        self.app = app
        self.hosts = hosts
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 (ASGI)
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in self.headers if h[0] not in names),
                ]
            await send(message)

        host = _host_name(scope)
        refusal = None
        if host is not None and host not in self.hosts:
            message = f"this server does not answer to the host name '{host[:100]}'"
            refusal = (message, [{"loc": ["header", "Host"], "msg": message}])
        elif "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
            # NUL has no use in any parameter, and some databases refuse it with an error of their own
            message = "the request holds a NUL character"
            refusal = (message, [{"loc": ["query"], "msg": message}])
        if refusal is not None:
            from starlette.requests import Request as StarletteRequest

            response = render_error(StarletteRequest(scope, receive), 400, *refusal)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _host_name(scope) -> str | None:  # noqa: ANN001
    """The host name a request names (Host header without port), lower case; None to let it pass.

    Requests from Starlette's in-process test client never cross a network, so no rebinding can
    reach them: they pass with whatever host the client names.
    """
    if (scope.get("client") or ("",))[0] == "testclient":
        return None
    raw = (
        next((v for k, v in scope.get("headers", []) if k == b"host"), b"").decode("latin-1").strip().lower()
    )
    if raw.startswith("["):  # [::1]:8000
        return raw[1:].split("]", 1)[0]
    return raw.rsplit(":", 1)[0] if raw.count(":") == 1 else raw


def _mount_docs(app: FastAPI) -> None:
    """API docs at /docs: Swagger UI 5 (reads OpenAPI 3.1), vendored under static/vendor from npm,
    started by a static script so the page needs no inline code (no CDN)."""

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        page = request.app.state.templates.get_template("docs.html")
        return HTMLResponse(page.render(openapi_url=app.openapi_url or "/openapi.json"))


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    def on_api_error(request: Request, exc: ApiError):  # noqa: ANN202
        return render_error(request, exc.status, exc.error, exc.errors)

    @app.exception_handler(QueryError)
    def on_query_error(request: Request, exc: QueryError):  # noqa: ANN202
        return render_error(
            request, 400, f"cannot search for this: {exc}", [{"loc": ["query", "q"], "msg": str(exc)}]
        )

    @app.exception_handler(CorrectionError)
    def on_correction_error(request: Request, exc: CorrectionError):  # noqa: ANN202
        return render_error(request, 400, str(exc), [{"loc": ["body"], "msg": str(exc)}])

    @app.exception_handler(RequestValidationError)
    def on_validation_error(request: Request, exc: RequestValidationError):  # noqa: ANN202
        errors = [_plain_error(e) for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return render_error(request, 400, f"invalid request: {summary}", errors)

    @app.exception_handler(StarletteHTTPException)
    def on_http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return render_error(request, exc.status_code, message)

    @app.exception_handler(Exception)
    def on_crash(request: Request, exc: Exception):  # noqa: ANN202
        log.error("error serving %s", request.url.path, exc_info=exc)
        return render_error(request, 500, "internal error: the server log has the details")


def _plain_error(e: dict[str, Any]) -> dict[str, Any]:
    """A validation error with JSON-safe fields only (pydantic may put exceptions in ``ctx``)."""
    return {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e.get("type")}
