"""Organisation page and API: members over time, chair by year, secretaries general, bodies,
exercises and operations, each fact with its sources (a document sentence or a pack file).

Pack facts (what the knowledge packs say, with file and line) and text facts
(what a document says, with its sentence) are shown side by side, and a text
fact that contradicts the pack is flagged.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Connection

from communique.api.base import check_text, list_payload, not_found, read_page, respond, store
from communique.api.cache import cached, cached_response
from communique.store import queries
from communique.store.corrections import Corrections
from communique.store.read import Reader

router = APIRouter()
# Relations of text facts that speak of membership (subject: the member, object: the organisation).
MEMBER_RELATIONS = ("member_of",)


def _names_of(conn: Any, org_id: str, name: str) -> set[str]:
    return {org_id, name, *Reader(conn, Corrections()).aliases(org_id)}  # pack data: nothing to correct


def _years(fact: dict[str, Any]) -> list[int]:
    """The calendar years a fact covers (an open-ended fact counts for its first year only)."""
    if fact.get("at"):
        return [int(fact["at"][:4])]
    first = fact.get("from") or fact.get("until")
    if not first:
        return []
    last = fact.get("until") or first
    return list(range(int(first[:4]), int(last[:4]) + 1))


def chair_by_year(spells: list[dict[str, Any]], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per year: the pack's chair(s) with their source, and what documents say."""
    years: dict[int, dict[str, Any]] = defaultdict(lambda: {"pack": [], "text": []})
    for sp in spells:
        for y in _years({"from": sp["from"], "until": sp["until"] or sp["from"]}):
            years[y]["pack"].append(sp)
    for f in facts:
        if f["relation"] != "chaired_by":
            continue
        for y in _years(f):
            years[y]["pack" if f["kind"] == "pack" else "text"].append(f)
    rows = []
    for y in sorted(years):
        row = years[y]
        pack_names = {p.get("name") or p.get("object") for p in row["pack"]}
        for f in row["text"]:
            f["agrees"] = not pack_names or f["object"] in pack_names
        rows.append({"year": y, "pack": row["pack"], "text": row["text"],
                     "disputed": any(f["disagrees_with_pack"] or not f["agrees"] for f in row["text"])})  # fmt: skip
    return rows


def secretaries(spells: list[dict[str, Any]], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Secretaries general in order of office, each with pack terms and text facts as sources."""
    people: dict[str, dict[str, Any]] = {}
    for sp in spells:
        p = people.setdefault(sp["name"], {"name": sp["name"], "id": sp["holder"], "pack": [], "text": []})
        p["pack"].append(sp)
    for f in facts:
        if f["relation"] == "secretary_general":
            p = people.setdefault(f["object"], {"name": f["object"], "id": None, "pack": [], "text": []})
            p["pack" if f["kind"] == "pack" else "text"].append(f)
    for p in people.values():
        dates = [x.get("from") or x.get("at") or "" for x in p["pack"] + p["text"]]
        p["first"] = min((d for d in dates if d), default="")
        p["disputed"] = any(f["disagrees_with_pack"] for f in p["text"])
    return sorted(people.values(), key=lambda p: (p["first"] or "9999", p["name"]))


def members(
    stored: list[dict[str, Any]], facts: list[dict[str, Any]], names: set[str]
) -> list[dict[str, Any]]:
    """Members with their spells (from the packs) and what documents say about joining or leaving."""
    out: dict[str, dict[str, Any]] = {}
    for m in stored:
        slot = out.setdefault(m["name"], {"name": m["name"], "id": m["member"], "spells": [], "text": []})
        slot["spells"].append(m)
    for f in facts:
        if f["relation"] in MEMBER_RELATIONS and f["object"] in names:
            slot = out.setdefault(f["subject"], {"name": f["subject"], "id": None, "spells": [], "text": []})
            slot["text"].append(f)
    for slot in out.values():
        slot["current"] = any(sp["until"] is None for sp in slot["spells"])
        slot["first"] = min((sp["from"] or "" for sp in slot["spells"]), default="")
    return sorted(out.values(), key=lambda m: (not m["current"], m["first"], m["name"]))


def organisation_profile(conn: Connection, corr: Corrections, org_id: str) -> dict[str, Any] | None:
    """An organisation's page payload; None when ``org_id`` is no organisation."""
    org_id = corr.canonical(org_id) or org_id
    row = queries.entity_row(conn, org_id)
    if row is None or row.type not in ("organization", "body"):
        return None
    names = _names_of(conn, org_id, row.name)
    facts = queries.organisation_facts(conn, names)
    member_facts = _member_facts(conn, names)
    roles = queries.organisation_roles(conn, org_id)
    stored_members = queries.organisation_members(conn, org_id)
    # The same for every organisation (exercises are not tied to one in the store): computed once.
    exercises = cached(conn, "exercises", (), lambda: queries.organisation_exercises(conn, corr), shared=True)
    bodies = queries.organisation_bodies(conn, corr, org_id)
    return {
        "ok": True,
        "id": org_id,
        "name": corr.name(org_id, row.name),
        "aliases": sorted(n for n in names if n not in (org_id, row.name)),
        "members": members(stored_members, member_facts, names),
        "chairs": chair_by_year(roles.get("chair", []), facts),
        "secretaries_general": secretaries(roles.get("secretary_general", []), facts),
        "other_roles": roles.get("other", []),
        "bodies": bodies,
        "exercises": exercises,
        "facts": facts + member_facts,
    }


def _member_facts(conn: Any, names: set[str]) -> list[dict[str, Any]]:
    rows = Reader(conn, Corrections()).facts_about(MEMBER_RELATIONS, names)
    docs = queries.get_documents(conn, sorted({r.document_id for r in rows if r.document_id}))
    out = []
    for r in rows:
        fact = queries.fact_dict(r)
        fact["kind"] = "pack" if r.origin.startswith("pack") else "text"
        fact["document_title"] = docs.get(r.document_id or "", {}).get("title")
        out.append(fact)
    return out


def organisation_profile_cached(conn: Connection, corr: Corrections, org_id: str) -> dict[str, Any] | None:
    # Once per knowledge base version for all workers: the page gathers facts from several tables.
    return cached(
        conn, "organisation", (org_id,), lambda: organisation_profile(conn, corr, org_id), shared=True
    )


def organisation_payload(request: Request, org_id: str) -> dict[str, Any]:
    org_id = check_text("id", org_id, 200) or ""
    with store(request) as (conn, corr):
        payload = organisation_profile_cached(conn, corr, org_id)
    if payload is None:
        raise not_found("organisation", corr.canonical(org_id) or org_id)
    return payload


def organisation_page(request: Request, org_id: str):  # noqa: ANN201
    """An organisation's structure over time, every fact with its sources."""
    with store(request) as (conn, _corr):
        return cached_response(
            conn, request, "organisation", (org_id,),
            lambda: respond(request, "organisation.html", organisation_payload(request, org_id)),
        )  # fmt: skip


def organisation_ids(conn: Connection, corr: Corrections) -> set[str]:
    """Organisations that have members or office holders."""
    return Reader(conn, corr).organisation_ids()


def organisations_page(request: Request, limit: int | None = None, offset: int | None = None):  # noqa: ANN201
    """Organisations that have members or office holders in the knowledge base."""
    page = read_page(limit, offset, default=50)
    with store(request) as (conn, corr):
        ids = organisation_ids(conn, corr)
        names = queries.entity_names(conn, ids)
    items = sorted(
        ({"id": i, "name": corr.name(i, names[i]["name"])} for i in ids if i in names),
        key=lambda o: o["name"],
    )
    payload = list_payload(request, items[page.offset : page.offset + page.limit], len(items), page)
    return respond(request, "organisations.html", payload)


for _path in ("/organisations", "/organisations.json", "/api/organisations"):
    router.add_api_route(
        _path, organisations_page, methods=["GET"], include_in_schema=_path.startswith("/api/")
    )
for _path in ("/organisations/{org_id}.json", "/api/organisations/{org_id}", "/organisations/{org_id}"):
    router.add_api_route(
        _path, organisation_page, methods=["GET"], include_in_schema=_path.startswith("/api/")
    )
