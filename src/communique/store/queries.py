"""Read queries behind the workbench pages and the JSON API.

Every function takes an open connection and the analyst's ``Corrections``
and returns plain dicts and lists (ready for JSON and for templates), with
corrections already applied: rejected items left out, speakers changed,
merged entities folded into one, renamed entities shown by their new name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, and_, func, not_, or_, select, text, tuple_

from communique.store import keyset
from communique.store import schema as s
from communique.store.corrections import Corrections, event_key, mention_key
from communique.store.keyset import Seek
from communique.store.search import EVENT_TEXT, parse_query, pg_match, source_label, to_fts5, to_tsquery

# Caps on the lists an entity or document page shows in full (the API pages through the rest).
PROFILE_EVENTS = 200
PROFILE_QUOTES = 200
PROFILE_DOCUMENTS = 50
CO_ACTORS = 15


def document_date(row: Any) -> str | None:
    """The date a document is filed under: its event date, else the day it was published."""
    return row.event_date or (row.published or "")[:10] or None


def _doc_date_sql() -> Any:
    d = s.documents.c
    return func.coalesce(d.event_date, func.substr(d.published, 1, 10))


def entity_names(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    """id -> {name, type, country} for the given entity ids that are stored."""
    ids = {i for i in ids if i}
    out: dict[str, dict[str, Any]] = {}
    e = s.entities.c
    chunk = sorted(ids)
    for i in range(0, len(chunk), 500):
        rows = conn.execute(select(e.id, e.name, e.type, e.country).where(e.id.in_(chunk[i : i + 500])))
        out.update({r.id: {"name": r.name, "type": r.type, "country": r.country} for r in rows})
    return out


# --- documents ------------------------------------------------------------------------------


def document_summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "date": document_date(row),
        "published": row.published,
        "place": row.place,
        "source": row.source,
        "source_label": source_label(row.source, row.url),
    }


def get_documents(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    d = s.documents.c
    cols = (d.id, d.title, d.event_date, d.published, d.place, d.source, d.url, d.text)
    rows = conn.execute(select(*cols).where(d.id.in_(ids))).all() if ids else []
    return {r.id: {**document_summary(r), "text": r.text} for r in rows}


def get_document(conn: Connection, corr: Corrections, doc_id: str) -> dict[str, Any] | None:
    """A document with its metadata, mentions, quotes, events, facts, removed text and story."""
    row = conn.execute(select(s.documents).where(s.documents.c.id == doc_id)).first()
    if row is None:
        return None
    doc = {
        **document_summary(row),
        "kind": row.kind,
        "encoding": row.encoding,
        "url": row.url,
        "author": row.author,
        "event_date": row.event_date,
        "event_date_reason": row.event_date_reason,
        "language": row.language,
        "ingested_at": row.ingested_at,
        "text": row.text,
    }
    doc["mentions"] = document_mentions(conn, corr, doc_id)
    doc["quotes"] = list_quotes(conn, corr, document_id=doc_id, limit=10_000)[0]
    doc["events"] = list_events(conn, corr, document_id=doc_id, limit=10_000)[0]
    doc["facts"] = document_facts(conn, doc_id)
    doc["removed"] = [
        {"reason": r.reason, "text": r.text}
        for r in conn.execute(
            select(s.removed.c.reason, s.removed.c.text)
            .where(s.removed.c.document_id == doc_id)
            .order_by(s.removed.c.id)
        )
    ]
    doc["story"] = story_of(conn, row.story_id, doc_id, corr) if row.story_id else None
    doc["duplicate_of"] = _duplicate_of(conn, doc_id)
    return doc


def document_mentions(conn: Connection, corr: Corrections, doc_id: str) -> list[dict[str, Any]]:
    m, e = s.mentions.c, s.entities.c
    rows = conn.execute(
        select(m.entity_id, m.start, m.end, m.text, e.name, e.type, e.country)
        .select_from(s.mentions.outerjoin(s.entities, e.id == m.entity_id))
        .where(m.document_id == doc_id)
        .order_by(m.start)
    ).all()
    out = []
    for r in rows:
        key = mention_key(doc_id, r.start, r.end)
        if corr.is_rejected(key):
            continue
        actor = corr.apply_to_actor({"id": r.entity_id, "name": r.name or r.text})
        out.append(
            {"key": key, "entity_id": actor["id"], "name": actor["name"], "type": r.type or "other",
             "country": r.country, "start": r.start, "end": r.end, "text": r.text}
        )  # fmt: skip
    return out


def document_facts(conn: Connection, doc_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(select(s.facts).where(s.facts.c.document_id == doc_id).order_by(s.facts.c.id))
    return [fact_dict(r) for r in rows]


def fact_dict(r: Any) -> dict[str, Any]:
    return {
        "subject": r.subject,
        "relation": r.relation,
        "object": r.object,
        "from": r.from_date,
        "until": r.until_date,
        "at": r.at_date,
        "origin": r.origin,
        "disagrees_with_pack": bool(r.disagrees_with_pack),
        "note": r.note,
        "document_id": r.document_id,
        "sentence": (
            {"start": r.sentence_start, "end": r.sentence_end, "text": r.sentence_text}
            if r.sentence_text is not None
            else None
        ),
    }


def _duplicate_of(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    r = conn.execute(select(s.duplicates).where(s.duplicates.c.document_id == doc_id)).first()
    if r is None:
        return None
    return {"document_id": r.duplicate_of, "similarity": r.similarity, "kind": r.kind}


# --- quotes ---------------------------------------------------------------------------------


def _quote_key_sql() -> Any:
    q = s.quotes.c
    return tuple_(q.document_id, q.start, q.end)


def _key_tuples(keys: set[str]) -> list[tuple[str, int, int]]:
    out = []
    for key in keys:
        _, doc, start, end = key.split(":")
        out.append((doc, int(start), int(end)))
    return out


def _quote_filters(
    conn: Connection, corr: Corrections, speaker: str | None, q: str | None, document_id: str | None
) -> list[Any]:
    t = s.quotes.c
    where: list[Any] = []
    rejected = {k for k in corr.rejected if k.startswith("quote:")}
    if rejected:
        where.append(not_(_quote_key_sql().in_(_key_tuples(rejected))))
    if speaker:
        ids = corr.merged_ids(speaker)
        changed_to = corr.speaker_ids_changed_to(speaker)
        changed_away = set(corr.speakers) - changed_to
        cond = t.speaker_id.in_(sorted(ids))
        if changed_away:
            cond = and_(cond, not_(_quote_key_sql().in_(_key_tuples(changed_away))))
        if changed_to:
            cond = or_(cond, _quote_key_sql().in_(_key_tuples(changed_to)))
        where.append(cond)
    if document_id:
        where.append(t.document_id == document_id)
    if q:
        where.append(_fulltext_condition(conn, "quotes", q))
    return where


def _fulltext_condition(conn: Connection, kind: str, q: str) -> Any:
    """A WHERE clause matching ``q`` on quotes or events (FTS5 on SQLite, tsquery elsewhere)."""
    parsed = parse_query(q)
    id_col = s.quotes.c.id if kind == "quotes" else s.events.c.id
    if conn.dialect.name == "sqlite":
        sub = text(f"SELECT rowid FROM {kind}_fts WHERE {kind}_fts MATCH :fts_q").bindparams(
            fts_q=to_fts5(parsed)
        )
        return id_col.in_(sub)
    body = "coalesce(t.speaker_name, '') || ' ' || t.text" if kind == "quotes" else EVENT_TEXT.format(t="t")
    table = "quotes" if kind == "quotes" else "events"
    sub = text(f"SELECT t.id FROM {table} t WHERE {pg_match(body)}").bindparams(match=to_tsquery(parsed))
    return id_col.in_(sub)


def list_quotes(
    conn: Connection,
    corr: Corrections,
    *,
    speaker: str | None = None,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    document_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
    oldest_first: bool = False,
    seek: Seek | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Quotes, newest first (document order within a document); RETURNS (page, total).

    seek: the page after (or before) a quote's ``QUOTE_ORDER`` key, instead of ``offset``."""
    t, d = s.quotes.c, s.documents.c
    when = _doc_date_sql()
    where = _quote_filters(conn, corr, speaker, q, document_id)
    where += _date_range(when, date_from, date_to)
    base = select(t, d.title, d.event_date, d.published, d.source, d.url, when.label("date")).join(
        s.documents, d.id == t.document_id
    )
    total = conn.execute(select(func.count()).select_from(base.where(*where).subquery())).scalar_one()
    # (date, document, start, end) names one quote; a document's quotes share its date
    keys = [
        (func.coalesce(when, ""), not oldest_first),
        (t.document_id, False),
        (t.start, False),
        (t.end, False),
    ]
    after, order = keyset.seek(keys, seek)
    rows = (
        conn.execute(base.where(*where, *after).order_by(*order).limit(limit).offset(offset)).mappings().all()
    )
    if seek is not None and seek.backwards:
        rows = rows[::-1]
    names = entity_names(conn, {p.get("speaker_id") for p in corr.speakers.values()})
    items = [quote_dict(corr, dict(r), names) for r in rows]
    return [i for i in items if i is not None], total


def quote_dict(
    corr: Corrections, r: dict[str, Any], names: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    quote = corr.apply_to_quote(r)
    if quote is None:
        return None
    if quote["speaker_id"] and not quote.get("speaker_name"):
        quote["speaker_name"] = names.get(quote["speaker_id"], {}).get("name", quote["speaker_id"])
    return {
        "key": quote["key"],
        "document_id": quote["document_id"],
        "document_title": quote.get("title"),
        "date": quote.get("date"),
        "text": quote["text"],
        "start": quote["start"],
        "end": quote["end"],
        "speaker": {"id": quote["speaker_id"], "name": quote["speaker_name"]}
        if quote["speaker_id"]
        else None,
        "speaker_mention": quote.get("speaker_mention"),
        "cue": quote.get("cue"),
        "confidence": quote.get("confidence"),
        "corrected": quote["corrected"],
    }


def speaker_counts(conn: Connection, corr: Corrections, top: int = 60) -> list[dict[str, Any]]:
    """Speakers with how many quotes each has (rejected quotes left out, set speakers counted for
    the speaker the analyst chose, merged speakers together), most quoted first."""
    t = s.quotes.c
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    grouped = conn.execute(
        select(t.speaker_id, func.max(t.speaker_name), func.count())
        .where(t.speaker_id.is_not(None))
        .group_by(t.speaker_id)
    ).all()
    for sid, name, n in grouped:
        actor = corr.apply_to_actor({"id": sid, "name": name})
        counts[actor["id"]] += n
        names.setdefault(actor["id"], actor["name"])
    changed = {k for k in corr.rejected if k.startswith("quote:")} | set(corr.speakers)
    if changed:
        rows = conn.execute(
            select(t.document_id, t.start, t.end, t.speaker_id, t.speaker_name).where(
                _quote_key_sql().in_(_key_tuples(changed))
            )
        ).mappings()
        for r in rows:
            if r["speaker_id"]:
                counts[corr.canonical(r["speaker_id"]) or ""] -= 1
            fixed = corr.apply_to_quote(dict(r))
            if fixed is not None and fixed["speaker_id"]:
                counts[fixed["speaker_id"]] += 1
                names.setdefault(fixed["speaker_id"], fixed["speaker_name"] or "")
    missing = {i for i, n in names.items() if not n} | (set(counts) - set(names))
    for eid, info in entity_names(conn, missing).items():
        names[eid] = corr.name(eid, info["name"]) or eid
    return [{"id": i, "name": names.get(i) or i, "count": n} for i, n in counts.most_common() if n > 0][:top]


def _date_range(col: Any, date_from: str | None, date_to: str | None) -> list[Any]:
    where = []
    if date_from:
        where.append(col >= date_from)
    if date_to:
        # "2023" or "2023-05" as an upper bound means the end of that year or month.
        where.append(col <= date_to + "\uffff")
    return where


# --- events ---------------------------------------------------------------------------------


def event_filters(
    conn: Connection,
    corr: Corrections,
    actor: str | None,
    type_: str | None,
    document_id: str | None,
    q: str | None,
) -> list[Any]:
    e, a = s.events.c, s.event_actors.c
    where: list[Any] = []
    rejected = _key_tuples_events({k for k in corr.rejected if k.startswith("event:")})
    if rejected:
        where.append(not_(tuple_(e.document_id, e.sentence_start, e.type).in_(rejected)))
    if actor:
        ids = sorted(corr.merged_ids(actor))
        where.append(e.id.in_(select(a.event_id).where(a.entity_id.in_(ids))))
    if type_:
        where.append(e.type == type_)
    if document_id:
        where.append(e.document_id == document_id)
    if q:
        where.append(_fulltext_condition(conn, "events", q))
    return where


def _key_tuples_events(keys: set[str]) -> list[tuple[str, int, str]]:
    out = []
    for key in keys:
        _, doc, start, type_ = key.split(":")
        out.append((doc, int(start), type_))
    return out


def list_events(
    conn: Connection,
    corr: Corrections,
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 (the API's parameter name)
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    document_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
    seek: Seek | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Events in date order (document order within a document); RETURNS (page, total).

    seek: the page after (or before) an event's ``event_sort_key``, instead of ``offset``."""
    e, d = s.events.c, s.documents.c
    when = func.coalesce(e.date, _doc_date_sql())
    where = event_filters(conn, corr, actor, type, document_id, q) + _date_range(when, date_from, date_to)
    base = select(e, d.title, when.label("when")).join(s.documents, d.id == e.document_id)
    total = conn.execute(select(func.count()).select_from(base.where(*where).subquery())).scalar_one()
    keys = [(e.sentence_start, False), (e.id, False)]
    if not document_id:
        keys = [(func.coalesce(when, ""), True), (e.document_id, False), *keys]
    after, order = keyset.seek(keys, seek)
    rows = (
        conn.execute(base.where(*where, *after).order_by(*order).limit(limit).offset(offset)).mappings().all()
    )
    if seek is not None and seek.backwards:
        rows = rows[::-1]
    return [event_dict(corr, r) for r in rows], total


def event_dict(corr: Corrections, r: Any) -> dict[str, Any]:
    return {
        "key": event_key(r["document_id"], r["sentence_start"], r["type"]),
        "id": r["id"],
        "document_id": r["document_id"],
        "document_title": r.get("title"),
        "type": r["type"],
        "mode": r["mode"],
        "cameo": r["cameo"],
        "date": r["date"],
        "when": r.get("when"),
        "place": r["place"],
        "source": [corr.apply_to_actor(a) for a in (r["source_json"] or [])],
        "target": [corr.apply_to_actor(a) for a in (r["target_json"] or [])],
        "sentence": {"start": r["sentence_start"], "end": r["sentence_end"], "text": r["sentence_text"]},
        "trigger": r["trigger"],
        "rule": r.get("rule"),
        "confidence": r["confidence"],
    }


def event_counts_by_month(
    conn: Connection,
    corr: Corrections,
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002
) -> list[dict[str, Any]]:
    """How many events of each type fall in each month (for the timeline chart)."""
    e = s.events.c
    month = func.substr(func.coalesce(e.date, _doc_date_sql()), 1, 7)
    where = event_filters(conn, corr, actor, type, None, None)
    rows = conn.execute(
        select(month.label("month"), e.type, func.count().label("n"))
        .join(s.documents, s.documents.c.id == e.document_id)
        .where(*where, month.is_not(None))
        .group_by(month, e.type)
        .order_by(month)
    ).all()
    return [{"month": r.month, "type": r.type, "count": r.n} for r in rows if r.month and len(r.month) == 7]


def event_counts_by_date(
    conn: Connection,
    corr: Corrections,
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    document_id: str | None = None,
) -> list[dict[str, Any]]:
    """Events per type and date, with the same filters as ``list_events`` so a chart adds up to
    the list: ``date`` is "YYYY-MM", "YYYY" for events dated by year only, or None when undated."""
    e = s.events.c
    when = func.coalesce(e.date, _doc_date_sql())
    period = func.substr(when, 1, 7)
    where = event_filters(conn, corr, actor, type, document_id, q) + _date_range(when, date_from, date_to)
    rows = conn.execute(
        select(period.label("period"), e.type, func.count().label("n"))
        .join(s.documents, s.documents.c.id == e.document_id)
        .where(*where)
        .group_by(period, e.type)
    ).all()
    counts: Counter = Counter()
    for r in rows:
        date = r.period if r.period and len(r.period) in (4, 7) and r.period[:4].isdigit() else None
        counts[(date, r.type)] += r.n
    return [
        {"date": d, "type": t, "count": n}
        for (d, t), n in sorted(counts.items(), key=lambda x: (x[0][0] or "", x[0][1]))
    ]


# --- stories --------------------------------------------------------------------------------


def story_of(
    conn: Connection, story_id: str, doc_id: str | None = None, corr: Corrections | None = None
) -> dict[str, Any] | None:
    """A story with its documents (the sibling reports) and its merged events, corrected."""
    row = conn.execute(select(s.stories).where(s.stories.c.id == story_id)).first()
    sd, d = s.story_documents.c, s.documents.c
    docs = conn.execute(
        select(d.id, d.title, d.event_date, d.published, d.place, d.source, d.url, sd.reason, sd.score)
        .join(s.story_documents, sd.document_id == d.id)
        .where(sd.story_id == story_id)
        .order_by(_doc_date_sql(), d.id)
    ).all()
    if row is None and not docs:
        return None
    return {
        "id": story_id,
        "label": row.label if row else None,
        "first_date": row.first_date if row else None,
        "last_date": row.last_date if row else None,
        "documents": [{**document_summary(r), "reason": r.reason, "score": r.score} for r in docs],
        "siblings": [document_summary(r) for r in docs if r.id != doc_id],
        "events": story_events(conn, corr or Corrections.load(conn), story_id),
    }


def story_events(conn: Connection, corr: Corrections, story_id: str) -> list[dict[str, Any]]:
    """A story's merged events without rejected mentions (an event left with none is dropped),
    its actors merged and renamed."""
    rows = conn.execute(
        select(s.story_events).where(s.story_events.c.story_id == story_id).order_by(s.story_events.c.id)
    ).all()
    out = []
    for r in rows:
        # a mention is one document's report of the event: its key names the document and sentence
        mentions = [
            m
            for m in r.mentions_json or []
            if not corr.is_rejected(
                event_key(m["document_id"], (m.get("sentence") or {}).get("start", -1), r.type)
            )
        ]
        if r.mentions_json and not mentions:
            continue
        actors: dict[str, dict[str, Any]] = {}
        for actor in r.actors_json or []:  # {"key": entity id or "name:...", "name"}
            fixed = corr.apply_to_actor({"id": actor.get("key"), "name": actor.get("name")})
            actors.setdefault(
                fixed["id"] or fixed["name"] or "", {**actor, "key": fixed["id"], "name": fixed["name"]}
            )
        out.append({"type": r.type, "date": r.date, "place": r.place, "actors": list(actors.values()),
                    "mentions": mentions, "sources": mentions, "conflicts": r.conflicts_json or []})  # fmt: skip
    return out


def list_stories(
    conn: Connection, *, q: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Stories, newest first, with how many documents and merged events each has."""
    st, sd, se = s.stories.c, s.story_documents.c, s.story_events.c
    ndocs = select(func.count()).where(sd.story_id == st.id).scalar_subquery()
    nevents = select(func.count()).where(se.story_id == st.id).scalar_subquery()
    where = [st.label.icontains(q, autoescape=True)] if q else []  # % and _ are literal
    total = conn.execute(select(func.count()).select_from(s.stories).where(*where)).scalar_one()
    rows = conn.execute(
        select(
            st.id, st.label, st.first_date, st.last_date, ndocs.label("documents"), nevents.label("events")
        )
        .where(*where)
        .order_by(st.first_date.desc(), st.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [dict(r._mapping) for r in rows], total


# --- entities -------------------------------------------------------------------------------


def list_entities(
    conn: Connection,
    corr: Corrections,
    *,
    q: str | None = None,
    type: str | None = None,  # noqa: A002
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """Entities that occur in documents, most mentioned first (merged entities left out)."""
    e, m = s.entities.c, s.mentions.c
    n = select(func.count()).where(m.entity_id == e.id).scalar_subquery()
    where = [e.id.not_in(sorted(corr.merged))] if corr.merged else []
    if q:
        where.append(or_(e.name.icontains(q, autoescape=True), e.id.icontains(q, autoescape=True)))
    if type:
        where.append(e.type == type)
    total = conn.execute(select(func.count()).select_from(s.entities).where(*where)).scalar_one()
    rows = conn.execute(
        select(e.id, e.name, e.type, e.country, n.label("mentions"))
        .where(*where)
        .order_by(n.desc(), e.name)
        .limit(limit)
        .offset(offset)
    ).all()
    return [{**dict(r._mapping), "name": corr.name(r.id, r.name)} for r in rows], total


def get_entity(conn: Connection, corr: Corrections, entity_id: str) -> dict[str, Any] | None:
    """An entity's profile: aliases, roles, memberships, events, quotes, co-actors, documents."""
    canonical = corr.canonical(entity_id) or entity_id
    ids = sorted(corr.merged_ids(canonical))
    row = conn.execute(select(s.entities).where(s.entities.c.id == canonical)).first()
    if row is None:
        return None
    events, n_events = list_events(conn, corr, actor=canonical, limit=PROFILE_EVENTS)
    quotes, n_quotes = list_quotes(conn, corr, speaker=canonical, limit=PROFILE_QUOTES)
    return {
        "id": canonical,
        "requested_id": entity_id,
        "name": corr.name(canonical, row.name),
        "pack_name": row.name,
        "type": row.type,
        "country": row.country,
        "sector": row.sector,
        "provisional": bool(row.provisional),
        "origin": row.origin,
        "merged_from": [i for i in ids if i != canonical],
        "aliases": entity_aliases(conn, ids),
        "roles": entity_roles(conn, ids),
        "memberships": entity_memberships(conn, ids),
        "events": events,
        "events_total": n_events,
        "quotes": quotes,
        "quotes_total": n_quotes,
        "co_actors": co_actors(conn, corr, ids),
        "documents": entity_documents(conn, ids),
    }


def entity_aliases(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """Names from the packs, then the ways documents wrote the entity (with how often)."""
    a, m = s.aliases.c, s.mentions.c
    pack = conn.execute(select(a.alias).where(a.entity_id.in_(ids)).distinct()).scalars().all()
    seen = {p.lower() for p in pack}
    out = [{"alias": p, "origin": "pack", "count": None} for p in sorted(pack)]
    rows = conn.execute(
        select(m.text, func.count().label("n"))
        .where(m.entity_id.in_(ids))
        .group_by(m.text)
        .order_by(func.count().desc())
    ).all()
    for r in rows:
        if r.text.lower() not in seen:
            out.append({"alias": r.text, "origin": "text", "count": r.n})
    return out


def entity_roles(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    r = s.roles.c
    rows = conn.execute(select(s.roles).where(r.entity_id.in_(ids)).order_by(r.from_date, r.role)).all()
    names = entity_names(conn, {x.org for x in rows if x.org})
    return [
        {"role": x.role, "org": x.org, "org_name": names.get(x.org, {}).get("name", x.org),
         "from": x.from_date, "until": x.until_date, "source": x.source}
        for x in rows
    ]  # fmt: skip


def entity_memberships(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    ms = s.memberships.c
    rows = conn.execute(select(s.memberships).where(ms.member_id.in_(ids)).order_by(ms.from_date)).all()
    names = entity_names(conn, {x.org_id for x in rows})
    return [
        {"org": x.org_id, "org_name": names.get(x.org_id, {}).get("name", x.org_id),
         "from": x.from_date, "until": x.until_date, "note": x.note, "source": x.source}
        for x in rows
    ]  # fmt: skip


def co_actors(
    conn: Connection, corr: Corrections, ids: list[str], top: int = CO_ACTORS
) -> list[dict[str, Any]]:
    """The actors most often in the same events (source or target), by number of shared events."""
    a, b = s.event_actors.alias("a"), s.event_actors.alias("b")
    rows = conn.execute(
        select(
            b.c.entity_id,
            func.max(b.c.name).label("name"),
            func.count(func.distinct(b.c.event_id)).label("n"),
        )
        .join(a, a.c.event_id == b.c.event_id)
        .where(a.c.entity_id.in_(ids), b.c.entity_id.is_not(None), b.c.entity_id.not_in(ids))
        .group_by(b.c.entity_id)
    ).all()
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for r in rows:
        actor = corr.apply_to_actor({"id": r.entity_id, "name": r.name})
        if actor["id"] in ids:
            continue
        counts[actor["id"]] += r.n
        labels[actor["id"]] = actor["name"]
    return [{"id": i, "name": labels[i], "events": n} for i, n in counts.most_common(top)]


def entity_documents(conn: Connection, ids: list[str], top: int = PROFILE_DOCUMENTS) -> list[dict[str, Any]]:
    m, d = s.mentions.c, s.documents.c
    # Count per document on the (entity_id, document_id) index first, then read each document's
    # row once: grouping the joined rows by every shown column was 4x slower at 10,000 documents.
    per_doc = (
        select(m.document_id, func.count().label("n"))
        .where(m.entity_id.in_(ids))
        .group_by(m.document_id)
        .subquery()
    )
    rows = conn.execute(
        select(d.id, d.title, d.event_date, d.published, d.place, d.source, d.url, per_doc.c.n)
        .join(per_doc, per_doc.c.document_id == d.id)
        .order_by(_doc_date_sql().desc(), d.id)
        .limit(top)
    ).all()
    return [{**document_summary(r), "mentions": r.n} for r in rows]


# --- organisations --------------------------------------------------------------------------

# Role names that mean the rotating chair or the head of the secretariat, however a pack spells them.
CHAIR_ROLES = ("chair", "chairmanship", "chairman", "presidency")
SECRETARY_ROLES = ("secretary_general", "secretary general", "secretary-general")
EXERCISE_TYPES = ("exercise", "operation")


def _role_kind(role: str) -> str:
    low = role.lower().replace("-", "_")
    if "deputy" in low:
        return "other"
    if low.replace(" ", "_") in SECRETARY_ROLES or "secretary_general" in low.replace(" ", "_"):
        return "secretary_general"
    if any(low.startswith(c) for c in CHAIR_ROLES):
        return "chair"
    return "other"


def organisation_facts(conn: Connection, names: set[str]) -> list[dict[str, Any]]:
    """Pack and text facts whose subject is the organisation (by id, name or alias)."""
    f = s.facts.c
    rows = conn.execute(select(s.facts).where(f.subject.in_(sorted(names))).order_by(f.origin, f.id)).all()
    docs = get_documents(conn, sorted({r.document_id for r in rows if r.document_id}))
    out = []
    for r in rows:
        fact = fact_dict(r)
        doc = docs.get(r.document_id or "")
        fact["document_title"] = doc["title"] if doc else None
        fact["document_date"] = doc["date"] if doc else None
        fact["kind"] = "pack" if r.origin.startswith("pack") else "text"
        out.append(fact)
    return out


def organisation_roles(conn: Connection, org_id: str) -> dict[str, list[dict[str, Any]]]:
    r = s.roles.c
    rows = conn.execute(select(s.roles).where(r.org == org_id).order_by(r.from_date, r.id)).all()
    names = entity_names(conn, {x.entity_id for x in rows})
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for x in rows:
        out[_role_kind(x.role)].append(
            {"holder": x.entity_id, "name": names.get(x.entity_id, {}).get("name", x.entity_id),
             "role": x.role, "from": x.from_date, "until": x.until_date, "source": x.source}
        )  # fmt: skip
    return out


def organisation_members(conn: Connection, org_id: str) -> list[dict[str, Any]]:
    ms = s.memberships.c
    rows = conn.execute(
        select(s.memberships).where(ms.org_id == org_id).order_by(ms.from_date, ms.member_id)
    ).all()
    names = entity_names(conn, {x.member_id for x in rows})
    return [
        {"member": x.member_id, "name": names.get(x.member_id, {}).get("name", x.member_id),
         "from": x.from_date, "until": x.until_date, "note": x.note, "source": x.source}
        for x in rows
    ]  # fmt: skip


def organisation_exercises(conn: Connection, corr: Corrections) -> list[dict[str, Any]]:
    """Exercises and operations as documents report them: by entity, year and host place."""
    m, e, d = s.mentions.c, s.entities.c, s.documents.c
    # ORDER BY the label, not the expression again: PostgreSQL wants a DISTINCT query's ORDER BY
    # items in its select list, and a repeated substr() with fresh bound parameters is not.
    year = func.substr(_doc_date_sql(), 1, 4).label("year")
    rows = conn.execute(
        select(e.id, e.name, e.type, year, d.place, d.id.label("doc"), d.title)
        .join(s.mentions, m.entity_id == e.id)
        .join(s.documents, d.id == m.document_id)
        .where(e.type.in_(EXERCISE_TYPES))
        .distinct()
        .order_by(year, e.name, d.id)
    ).all()
    groups: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        key = (corr.canonical(r.id), r.year, r.place)
        slot = groups.setdefault(
            key,
            {"id": key[0], "name": corr.name(r.id, r.name), "type": r.type, "year": r.year, "host": r.place,
             "sources": []},
        )  # fmt: skip
        slot["sources"].append({"document_id": r.doc, "title": r.title})
    return list(groups.values())


def organisation_bodies(conn: Connection, corr: Corrections, org_id: str) -> list[dict[str, Any]]:
    """Bodies of an organisation (``part_of`` in the packs' copy in the store), with their aliases."""
    e, a = s.entities.c, s.aliases.c
    rows = conn.execute(
        select(e.id, e.name, e.source).where(e.part_of == org_id, e.type == "body").order_by(e.name)
    ).all()
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute(select(a.entity_id, a.alias).where(a.entity_id.in_([r.id for r in rows]))):
        aliases[r.entity_id].append(r.alias)
    return [
        {"id": r.id, "name": corr.name(r.id, r.name), "aliases": aliases[r.id], "source": r.source}
        for r in rows
        if corr.canonical(r.id) == r.id
    ]


def entity_row(conn: Connection, entity_id: str) -> Any:
    return conn.execute(select(s.entities).where(s.entities.c.id == entity_id)).first()


# --- network --------------------------------------------------------------------------------


def actor_network(
    conn: Connection,
    corr: Corrections,
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002
    date_from: str | None = None,
    date_to: str | None = None,
    max_edges: int = 150,
) -> dict[str, Any]:
    """Who appears with whom in events: nodes weighted by events, edges by shared events."""
    e = s.events.c
    a, b = s.event_actors.alias("a"), s.event_actors.alias("b")
    when = func.coalesce(e.date, _doc_date_sql())
    where = event_filters(conn, corr, actor, type, None, None) + _date_range(when, date_from, date_to)
    rows = conn.execute(
        select(a.c.entity_id.label("x"), func.max(a.c.name).label("xn"), b.c.entity_id.label("y"),
               func.max(b.c.name).label("yn"), func.count(func.distinct(e.id)).label("n"))
        .select_from(s.events)
        .join(s.documents, s.documents.c.id == e.document_id)
        .join(a, a.c.event_id == e.id)
        .join(b, and_(b.c.event_id == e.id, b.c.entity_id > a.c.entity_id))
        .where(*where, a.c.entity_id.is_not(None), b.c.entity_id.is_not(None))
        .group_by(a.c.entity_id, b.c.entity_id)
    ).all()  # fmt: skip
    return _fold_network(corr, rows, max_edges)


def _fold_network(corr: Corrections, rows: list[Any], max_edges: int) -> dict[str, Any]:
    """Apply merges and renames, then keep the heaviest edges and the nodes they touch."""
    weights: Counter[tuple[str, str]] = Counter()
    names: dict[str, str] = {}
    for r in rows:
        x = corr.apply_to_actor({"id": r.x, "name": r.xn})
        y = corr.apply_to_actor({"id": r.y, "name": r.yn})
        if x["id"] == y["id"]:
            continue
        names[x["id"]], names[y["id"]] = x["name"], y["name"]
        weights[tuple(sorted((x["id"], y["id"])))] += r.n
    edges = [{"source": k[0], "target": k[1], "weight": w} for k, w in weights.most_common(max_edges)]
    degree: Counter[str] = Counter()
    for edge in edges:
        degree[edge["source"]] += edge["weight"]
        degree[edge["target"]] += edge["weight"]
    nodes = [{"id": n, "name": names[n], "weight": w} for n, w in degree.most_common()]
    return {"nodes": nodes, "edges": edges}
