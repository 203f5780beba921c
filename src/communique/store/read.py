"""The one way every output reads the knowledge base: analyst corrections applied.

The workbench pages, the JSON API, the CLI commands (``events``, ``quotes``,
``entity``, ``stories``), every exporter and the stories report open a
``Reader`` (``with reading(engine) as kb:``) and ask it for rows. The reader
loads the corrections once and applies them to everything it returns:
rejected quotes, events and mentions are left out; a quote's speaker is the
one the analyst set; merged entities are folded into the entity they were
merged into; renamed entities carry their new name. Page-sized queries live
in ``communique.store.queries`` (the reader delegates to them); the bulk
iterators below stream whole tables for exports.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from communique.store import queries
from communique.store import schema as s
from communique.store.corrections import Corrections, event_key, load_corrections, mention_key

# Rows fetched per round trip when streaming a table.
BATCH = 1000


def content_version(conn: Connection) -> tuple[int, tuple[int, int | None]]:
    """What changes when the knowledge base's content does: documents stored, corrections made
    (their count and last id). Caches of outputs are keyed by it."""
    count = func.count()
    return (
        conn.execute(select(count).select_from(s.documents)).scalar_one(),
        tuple(conn.execute(select(count, func.max(s.corrections.c.id))).one()),
    )


# Names per query when reading persons by name (SQLite bounds a statement's parameters).
NAMES_PER_QUERY = 500


@contextmanager
def reading(engine: Engine) -> Iterator[Reader]:
    """A ``Reader`` over one connection (one consistent view on PostgreSQL and in SQLite's WAL)."""
    with engine.connect() as conn:
        yield Reader(conn)


class Reader:
    """Corrected reads of one knowledge base; see the module docstring."""

    def __init__(self, conn: Connection, corrections: Corrections | None = None):
        self.conn = conn
        self.corr = corrections if corrections is not None else load_corrections(conn)

    # --- pages (delegated to ``queries``) ------------------------------------------------------

    def list_events(self, **filters: Any) -> tuple[list[dict[str, Any]], int]:
        return queries.list_events(self.conn, self.corr, **filters)

    def list_quotes(self, **filters: Any) -> tuple[list[dict[str, Any]], int]:
        return queries.list_quotes(self.conn, self.corr, **filters)

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """An entity's corrected profile (a merged id answers with the entity it was merged into)."""
        return queries.get_entity(self.conn, self.corr, entity_id)

    def document(self, document_id: str) -> dict[str, Any] | None:
        return queries.get_document(self.conn, self.corr, document_id)

    def network(self, *, max_edges: int = 1_000_000, **filters: Any) -> dict[str, Any]:
        """The actor network (nodes weighted by events, edges by shared events)."""
        return queries.actor_network(self.conn, self.corr, max_edges=max_edges, **filters)

    def story_events(self, story_id: str) -> list[dict[str, Any]]:
        return queries.story_events(self.conn, self.corr, story_id)

    # --- lookups ---------------------------------------------------------------------------------

    def has_entity(self, entity_id: str) -> bool:
        """A stored entity has this id (merged or not)."""
        e = s.entities.c
        return self.conn.execute(select(e.id).where(e.id == entity_id)).first() is not None

    def entity_names(self) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]]]:
        """Every entity after merges, and every name it is known by: what a name index is built from.

        RETURNS: entities by id (id, corrected name, type, country, and mentions counted over the
        entities merged into it), and (entity id, name) pairs: each stored entity's name, the words
        of its id, the analyst's name and its aliases, all under the entity it was merged into.
        """
        e, a, m = s.entities.c, s.aliases.c, s.mentions.c
        mentions = dict(self.conn.execute(select(m.entity_id, func.count()).group_by(m.entity_id)).all())
        rows = self.conn.execute(select(e.id, e.name, e.type, e.country)).all()
        canonical = {r.id: self.corr.canonical(r.id) or r.id for r in rows}
        counts: dict[str, int] = {}
        for r in rows:
            counts[canonical[r.id]] = counts.get(canonical[r.id], 0) + mentions.get(r.id, 0)
        entities: dict[str, dict[str, Any]] = {}
        names: list[tuple[str, str]] = []
        for r in rows:
            into = canonical[r.id]
            if into == r.id:
                name = self.corr.name(r.id, r.name) or r.name
                entities[r.id] = {"id": r.id, "name": name, "type": r.type, "country": r.country,
                                  "mentions": counts[r.id]}  # fmt: skip
            names += [(into, r.name), (into, r.id.split(":", 1)[-1].replace("-", " "))]
            renamed = self.corr.name(into, None)
            if renamed:
                names.append((into, renamed))
        for entity_id, alias in self.conn.execute(select(a.entity_id, a.alias)).all():
            names.append((self.corr.canonical(entity_id) or entity_id, alias))
        return entities, names

    def aliases(self, entity_id: str) -> list[str]:
        """The aliases stored for an entity (from its pack)."""
        a = s.aliases.c
        return list(self.conn.execute(select(a.alias).where(a.entity_id == entity_id)).scalars())

    def facts_about(self, relations: tuple[str, ...], objects: set[str]) -> list[Any]:
        """Stored facts of these relations whose object is one of ``objects``, in the order found."""
        f = s.facts.c
        query = select(s.facts).where(f.relation.in_(relations), f.object.in_(sorted(objects)))
        return list(self.conn.execute(query.order_by(f.id)).all())

    def table_counts(self, names: tuple[str, ...]) -> dict[str, int]:
        """Rows stored per table, as stored (what the knowledge base holds, before corrections)."""
        count = func.count()
        return {
            name: self.conn.execute(select(count).select_from(s.metadata.tables[name])).scalar_one()
            for name in names
        }

    def counts_by(self, table: str, column: str) -> list[tuple[Any, int]]:
        """Stored rows of ``table`` per value of ``column``, most first."""
        col = s.metadata.tables[table].c[column]
        rows = self.conn.execute(select(col, func.count()).group_by(col)).all()
        return sorted(((value, n) for value, n in rows), key=lambda r: -r[1])

    def quotes_by_id(self, ids: list[int]) -> dict[str, dict[str, Any]]:
        """Quotes by row id as the pages show them; rejected ones left out."""
        if not ids:
            return {}
        rows = self.conn.execute(select(s.quotes).where(s.quotes.c.id.in_(ids))).mappings().all()
        found = ((str(r["id"]), queries.quote_dict(self.corr, dict(r), {})) for r in rows)
        return {key: quote for key, quote in found if quote is not None}

    def events_by_id(self, ids: list[int]) -> dict[str, dict[str, Any]]:
        """Events by row id as the pages show them."""
        if not ids:
            return {}
        rows = self.conn.execute(select(s.events).where(s.events.c.id.in_(ids))).mappings().all()
        return {str(r["id"]): queries.event_dict(self.corr, r) for r in rows}

    def organisations(self) -> list[dict[str, Any]]:
        """Organisations that have members, by name."""
        e = s.entities.c
        query = select(e.id, e.name).where(e.id.in_(select(s.memberships.c.org_id))).order_by(e.name)
        return [dict(r._mapping) for r in self.conn.execute(query).all()]

    def organisation_ids(self) -> set[str]:
        """Organisations that have members or office holders."""
        ids = set(self.conn.execute(select(s.memberships.c.org_id).distinct()).scalars())
        orgs = self.conn.execute(select(s.roles.c.org).distinct()).scalars()
        return ids | {x for x in orgs if x and x.startswith("org:")}

    def last_event_year(self, entity_id: str) -> str | None:
        """The latest year in which the entity (with those merged into it) acts in an event kept."""
        e, d = s.events.c, s.documents.c
        when = func.coalesce(e.date, func.coalesce(d.event_date, func.substr(d.published, 1, 10)))
        where = queries.event_filters(self.conn, self.corr, entity_id, None, None, None)
        return self.conn.execute(
            select(func.max(func.substr(when, 1, 4)))
            .join_from(s.events, s.documents, d.id == e.document_id)
            .where(*where)
        ).scalar()

    def find_entity_id(self, name: str) -> str | None:
        """The stored entity called ``name`` (id, name, alias or analyst's name), after merges."""
        low = name.strip().lower()
        for eid, new_name in self.corr.names.items():
            if new_name.lower() == low:
                return self.corr.canonical(eid)
        e, a = s.entities.c, s.aliases.c
        row = self.conn.execute(
            select(e.id).where(or_(func.lower(e.id) == low, func.lower(e.name) == low)).order_by(e.id)
        ).first()
        if row is None:
            row = self.conn.execute(
                select(a.entity_id).where(func.lower(a.alias) == low).order_by(a.entity_id)
            ).first()
        return self.corr.canonical(row[0]) if row else None

    def actor_ids_like(self, text: str) -> list[str]:
        """Entity ids whose id, name, alias or analyst's name contains ``text`` (case-insensitive),
        or that an event names so, with every entity merged into them."""
        e, a, ea = s.entities.c, s.aliases.c, s.event_actors.c
        return self._ids_like(text, e.id, e.name, a.alias, ea.name)

    def speaker_ids_like(self, text: str) -> list[str]:
        """As ``actor_ids_like``, for speakers: entities and the speakers quotes name so."""
        e, a, q = s.entities.c, s.aliases.c, s.quotes.c
        return self._ids_like(text, e.id, e.name, a.alias, q.speaker_name)

    def _ids_like(self, text: str, *columns: Any) -> list[str]:
        # % and _ in what the analyst typed are literal characters, not wildcards
        escaped = text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        found: set[str] = set()
        for col in columns:
            id_col = col.table.c.id if col.table is s.entities else col.table.c.get("entity_id", None)
            if id_col is None:  # quotes: the speaker's id
                id_col = col.table.c.speaker_id
            rows = self.conn.execute(
                select(id_col).where(func.lower(col).like(pattern, escape="\\"), id_col.is_not(None))
            )
            found |= set(rows.scalars())
        found |= {eid for eid, n in self.corr.names.items() if text.strip().lower() in n.lower()}
        canonical = {self.corr.canonical(i) for i in found}
        return sorted({m for c in canonical if c for m in self.corr.merged_ids(c)})

    def text_facts(self, relation: str, subject: str, on: str) -> list[Any]:
        """Facts documents state about ``subject`` that hold on the day ``on`` (YYYY-MM-DD)."""
        f = s.facts.c
        covers = or_(
            f.at_date == on,
            and_(f.from_date <= on, or_(f.until_date.is_(None), f.until_date >= on)),
            and_(f.from_date.is_(None), f.until_date >= on, f.at_date.is_(None)),
        )
        query = select(s.facts).where(
            f.relation == relation, f.subject == subject, f.origin == "text", covers
        )
        return list(self.conn.execute(query.order_by(f.id)))

    def dated_text_facts(self) -> list[Any]:
        """Every fact a document stated at a day (``at_date`` of ten characters or more), as
        rows of subject, relation, object, at_date and document_id."""
        f = s.facts.c
        query = select(f.subject, f.relation, f.object, f.at_date, f.document_id).where(
            f.origin == "text", f.at_date.is_not(None), func.length(f.at_date) >= 10
        )
        return list(self.conn.execute(query.order_by(f.id)))

    def persons_named(self, names: set[str]) -> list[Any]:
        """Stored persons whose name is one of ``names`` (id, name, country, sector, provisional)."""
        e = s.entities.c
        found: list[Any] = []
        ordered = sorted(names)
        for i in range(0, len(ordered), NAMES_PER_QUERY):  # bound the IN list of one query
            query = select(e.id, e.name, e.country, e.sector, e.provisional).where(
                e.type == "person", e.name.in_(ordered[i : i + NAMES_PER_QUERY])
            )
            found.extend(self.conn.execute(query.order_by(e.id)))
        return found

    def site_pages(self, host: str, limit: int) -> list[tuple[str, str, list[str]]]:
        """The ``limit`` latest stored pages of a site (address, text, texts the clean stage took
        out): the lines a site repeats are told across batches (``communique.clean.site``)."""
        d, r = s.documents.c, s.removed.c
        bare = host.removeprefix("www.")
        on_host = or_(  # autoescape: a "_" or "%" in the host is literal
            *(
                d.url.contains(f"//{h}/", autoescape=True) | d.url.endswith(f"//{h}", autoescape=True)
                for h in (bare, f"www.{bare}")
            )
        )
        query = select(d.id, d.url, d.text).where(on_host).order_by(d.ingested_at.desc(), d.id).limit(limit)
        rows = list(self.conn.execute(query))
        taken: dict[str, list[str]] = {row.id: [] for row in rows}
        if taken:
            for doc_id, text in self.conn.execute(
                select(r.document_id, r.text).where(r.document_id.in_(taken))
            ):
                taken[doc_id].append(text)
        return [(row.url, row.text, taken[row.id]) for row in rows]

    # --- bulk iterators (exports) ------------------------------------------------------------

    def events(
        self,
        *,
        actor_ids: list[str] | None = None,
        type: str | None = None,  # noqa: A002 (PLOVER's word)
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Events in date order (undated last), each with its document's source, url and date.

        Date bounds compare with the event's own date ("2021" and "2021-06" are whole periods).
        """
        e, d = s.events.c, s.documents.c
        where = queries.event_filters(self.conn, self.corr, None, type, None, None)
        if actor_ids is not None:
            where.append(
                e.id.in_(select(s.event_actors.c.event_id).where(s.event_actors.c.entity_id.in_(actor_ids)))
            )
        if date_from:
            where.append(e.date >= date_from)
        if date_to:
            where.append(e.date <= date_to + "\uffff")
        query = (
            select(s.events, d.title, d.url, d.source.label("document_source"), d.published)
            .join(s.documents, d.id == e.document_id)
            .where(*where)
            .order_by(e.date.is_(None), e.date, e.document_id, e.sentence_start, e.id)
            .limit(limit)
        )
        for row in self.conn.execute(query).mappings():
            item = queries.event_dict(self.corr, row)
            item.update(
                rule=row["rule"], url=row["url"], document_source=row["document_source"],
                published=row["published"],
            )  # fmt: skip
            yield item

    def quotes(self) -> Iterator[dict[str, Any]]:
        """Every quote in document order, corrected."""
        offset = 0
        while True:
            page, total = queries.list_quotes(
                self.conn, self.corr, limit=BATCH, offset=offset, oldest_first=True
            )
            yield from page
            offset += BATCH
            if offset >= total:
                return

    def entities(self) -> Iterator[dict[str, Any]]:
        """Stored entities with their aliases; merged entities left out (their names become aliases
        of the entity they were merged into), renamed entities under their new name."""
        aliases: dict[str, set[str]] = {}
        for eid, alias in self.conn.execute(select(s.aliases.c.entity_id, s.aliases.c.alias)):
            aliases.setdefault(self.corr.canonical(eid) or eid, set()).add(alias)
        rows = list(self.conn.execute(select(s.entities).order_by(s.entities.c.id)).mappings())
        for row in rows:
            canonical = self.corr.canonical(row["id"])
            if canonical != row["id"]:
                aliases.setdefault(canonical or "", set()).add(row["name"])
        for row in rows:
            if self.corr.canonical(row["id"]) != row["id"]:
                continue
            name = self.corr.name(row["id"], row["name"])
            yield {
                "id": row["id"], "name": name, "type": row["type"], "country": row["country"],
                "sector": row["sector"], "provisional": bool(row["provisional"]), "origin": row["origin"],
                "aliases": sorted((aliases.get(row["id"], set()) | {row["name"]}) - {name}),
            }  # fmt: skip

    def mentions(self) -> Iterator[dict[str, Any]]:
        """Every entity mention not rejected, with the (merged) entity it names."""
        m = s.mentions.c
        query = select(m.document_id, m.entity_id, m.start, m.end, m.text).order_by(m.document_id, m.start)
        for r in self.conn.execute(query):
            key = mention_key(r.document_id, r.start, r.end)
            if self.corr.is_rejected(key):
                continue
            yield {"key": key, "document_id": r.document_id, "entity_id": self.corr.canonical(r.entity_id),
                   "start": r.start, "end": r.end, "text": r.text}  # fmt: skip

    def facts(self) -> Iterator[dict[str, Any]]:
        for row in self.conn.execute(select(s.facts).order_by(s.facts.c.id)):
            yield queries.fact_dict(row)

    def document_rows(self) -> Iterator[dict[str, Any]]:
        """Documents' metadata (no text), in id order."""
        d = s.documents.c
        cols = (d.id, d.source, d.url, d.title, d.published, d.event_date, d.place, d.story_id)
        for row in self.conn.execute(select(*cols).order_by(d.id)):
            yield dict(row._mapping)

    def documents(self) -> Iterator[dict[str, Any]]:
        """Each document's ``communique.document/1`` object, with the corrections applied to its
        entities' mentions, quotes and events."""
        d = s.documents.c
        query = select(d.id, d.text, d.contract).order_by(d.id).execution_options(yield_per=BATCH)
        for row in self.conn.execute(query):
            yield self.correct_contract({**(row.contract or {}), "text": row.text})

    def correct_contract(self, contract: dict[str, Any]) -> dict[str, Any]:
        """A stored document object as the analyst corrected it."""
        doc = copy.deepcopy(contract)
        doc_id, corr = doc["id"], self.corr
        entities: dict[str, dict[str, Any]] = {}
        for ent in doc.get("entities") or []:
            mentions = [
                m for m in ent["mentions"] if not corr.is_rejected(mention_key(doc_id, m["start"], m["end"]))
            ]
            actor = corr.apply_to_actor(ent)
            slot = entities.setdefault(actor["id"] or ent["name"], {**ent, **actor, "mentions": []})
            slot["mentions"].extend(mentions)
        doc["entities"] = [e for e in entities.values() if e["mentions"]]
        quotes = []
        for q in doc.get("quotes") or []:
            speaker = q.get("speaker") or {}
            fixed = corr.apply_to_quote({"document_id": doc_id, "start": q["start"], "end": q["end"],
                                         "speaker_id": speaker.get("id"), "speaker_name": speaker.get("name")})  # fmt: skip
            if fixed is None:
                continue
            sid = fixed["speaker_id"]
            quotes.append(
                {**q, "speaker": {"id": sid, "name": fixed["speaker_name"] or sid} if sid else None}
            )
        doc["quotes"] = quotes
        events = []
        for ev in doc.get("events") or []:
            if corr.is_rejected(event_key(doc_id, ev["sentence"]["start"], ev["type"])):
                continue
            events.append({**ev, "source": [corr.apply_to_actor(a) for a in ev.get("source") or []],
                           "target": [corr.apply_to_actor(a) for a in ev.get("target") or []]})  # fmt: skip
        doc["events"] = events
        return doc

    # --- stories -------------------------------------------------------------------------------

    def stories(self, *, limit: int = 20, min_size: int = 1) -> list[dict[str, Any]]:
        """The largest stories with their documents and corrected merged events."""
        st, sd, d = s.stories.c, s.story_documents.c, s.documents.c
        size = func.count(sd.document_id).label("size")
        top = self.conn.execute(
            select(st.id, st.label, st.first_date, st.last_date, size)
            .join(s.story_documents, sd.story_id == st.id)
            .group_by(st.id, st.label, st.first_date, st.last_date)
            .having(size >= min_size)
            .order_by(size.desc(), st.last_date.desc(), st.id)
            .limit(limit)
        ).all()
        out = []
        for row in top:
            docs = self.conn.execute(
                select(d.id, d.title, d.published, d.event_date, sd.reason, sd.score)
                .join(s.story_documents, sd.document_id == d.id)
                .where(sd.story_id == row.id)
                .order_by(d.event_date, d.published, d.id)
            ).all()
            out.append({"id": row.id, "label": row.label, "first_date": row.first_date,
                        "last_date": row.last_date, "documents": [dict(x._mapping) for x in docs],
                        "events": self.story_events(row.id)})  # fmt: skip
        return out


__all__ = ["Reader", "reading"]
