"""What every page module shares: the store handle, pagination, errors, and rendering one
payload as either an HTML page or its JSON twin.

A page answers at ``/thing`` (HTML), ``/thing.json`` (its JSON twin) and
``/api/thing`` (the API); the three share one function that builds the
payload, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection, Engine

from communique.dates import is_partial_iso
from communique.store.corrections import Corrections

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# Page sizes and query lengths: a breach is a 400 that names the limit, not a slow page.
DEFAULT_LIMIT = 20
MAX_LIMIT = 200
MAX_TEXT_PARAM = 500
# Offsets past this are a 400 (a 64-bit database integer overflows at 2**63; no list is this long).
MAX_OFFSET = 2**31 - 1
# Parentheses nested deeper than this in a text parameter are a 400: no search needs more, and
# the full-text query parser recurses on each level.
MAX_NESTING = 16
# Characters no text parameter may hold: NUL and the other C0 controls but tab.
CONTROL_CHARS = frozenset(chr(c) for c in range(32) if c != 9) | {"\x7f"}
# Schemes a URL from a document may link to; anything else (javascript:, data:, vbscript:,
# file: ...) is shown as text, never as a link.
LINK_SCHEMES = ("http", "https")


class ApiError(Exception):
    """An error the API reports in its one JSON error shape (and pages as an error page)."""

    def __init__(self, status: int, error: str, errors: list[Any] | None = None):
        super().__init__(error)
        self.status = status
        self.error = error
        self.errors = errors or []


def error_payload(status: int, error: str, errors: list[Any] | None = None) -> dict[str, Any]:
    """The one JSON error shape: ``{"ok": false, "status", "error", "errors"}``."""
    return {"ok": False, "status": status, "error": error, "errors": errors or []}


def list_payload(request: Request, items: list[Any], total: int, page: Page, **extra: Any) -> dict[str, Any]:
    """The one JSON list shape: ``{"ok": true, "items", "total", "next"}`` (+ page-specific keys)."""
    nxt = None
    if page.offset + page.limit < total:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))
    prev = None
    if page.offset > 0:
        prev = str(
            request.url.include_query_params(offset=max(0, page.offset - page.limit), limit=page.limit)
        )
    return {
        "ok": True,
        "items": items,
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "next": nxt,
        "previous": prev,
        **extra,
    }


@dataclass
class Page:
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def read_page(limit: int | None, offset: int | None, default: int = DEFAULT_LIMIT) -> Page:
    """Validate ``limit``/``offset``; out-of-range values are a 400 that says the allowed range."""
    limit = default if limit is None else limit
    offset = 0 if offset is None else offset
    errors = []
    if not 1 <= limit <= MAX_LIMIT:
        errors.append({"loc": ["query", "limit"], "msg": f"limit must be between 1 and {MAX_LIMIT}"})
    if not 0 <= offset <= MAX_OFFSET:
        errors.append({"loc": ["query", "offset"], "msg": f"offset must be between 0 and {MAX_OFFSET}"})
    if errors:
        raise ApiError(400, "; ".join(e["msg"] for e in errors), errors)
    return Page(limit, offset)


def check_text(name: str, value: str | None, max_chars: int = MAX_TEXT_PARAM) -> str | None:
    """Strip a free-text parameter; longer than ``max_chars`` is a 400."""
    if value is None:
        return None
    msg = None
    if len(value) > max_chars:
        msg = f"{name} is {len(value)} characters long; the limit is {max_chars}"
    elif not CONTROL_CHARS.isdisjoint(value):
        msg = f"{name} holds a control character (NUL, line break ...)"
    elif nesting_depth(value) > MAX_NESTING:
        msg = f"{name} nests parentheses more than {MAX_NESTING} deep"
    if msg:
        raise ApiError(400, msg, [{"loc": ["query", name], "msg": msg}])
    return value.strip() or None


def nesting_depth(value: str) -> int:
    """How deep parentheses nest in a string."""
    depth = deepest = 0
    for ch in value:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth = max(0, depth - 1)
    return deepest


def link_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None: a page shows it as a link only then."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if any(ch in url for ch in CONTROL_CHARS) or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def check_date(name: str, value: str | None) -> str | None:
    """A date filter: YYYY, YYYY-MM or YYYY-MM-DD."""
    value = check_text(name, value, 10)
    if value is None:
        return None
    if not is_partial_iso(value):  # a calendar date: no month 13, no 31 February
        msg = f"{name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not '{value}'"
        raise ApiError(400, msg, [{"loc": ["query", name], "msg": msg}])
    return value


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json") or path == "/openapi.json"


@contextmanager
def store(request: Request) -> Iterator[tuple[Connection, Corrections]]:
    """A read connection and the corrections, for one request."""
    engine: Engine = request.app.state.engine
    with engine.connect() as conn:
        yield conn, Corrections.load(conn)


def make_templates() -> Jinja2Templates:
    # Autoescape everything: document text is untrusted input.
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short"] = lambda s, n=160: s if s is None or len(s) <= n else s[: n - 1] + "…"
    env.filters["link_url"] = link_url
    env.globals["with_params"] = with_params
    return Jinja2Templates(env=env)


def with_params(request: Request, path: str | None = None, **changes: Any) -> str:
    """This page's URL (or ``path``) with query parameters changed; None removes one; offset resets."""
    params = dict(request.query_params)
    params.pop("offset", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    from urllib.parse import urlencode

    query = urlencode(params)
    return (path or request.url.path) + (f"?{query}" if query else "")


def respond(request: Request, template: str, payload: dict[str, Any], status: int = 200):  # noqa: ANN201
    """The payload as JSON on /api/ and .json paths, else rendered with ``template``."""
    if wants_json(request):
        return JSONResponse(payload, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    context = {"request": request, "data": payload, "nav": template.removesuffix(".html")}
    return templates.TemplateResponse(request, template, context, status_code=status)


def render_error(request: Request, status: int, error: str, errors: list[Any] | None = None):  # noqa: ANN201
    payload = error_payload(status, error, errors)
    if wants_json(request):
        return JSONResponse(payload, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    context = {"request": request, "data": payload, "nav": "error"}
    return HTMLResponse(
        templates.get_template("error.html").render(context),
        status_code=status,
    )


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, f"no {what} with id '{ident}'", [{"loc": ["path", "id"], "msg": "not found"}])
