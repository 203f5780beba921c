"""Full-text search over documents, quotes and events, with facets and a date histogram.

A user's query is parsed by ``parse_query`` into words, "quoted phrases",
prefixes (``integr*``), ``OR``, ``NOT``/``-word`` and parentheses, then written
out in the backend's own syntax: FTS5 MATCH on SQLite, ``to_tsquery`` on
PostgreSQL. Every word is quoted on the way out, so no user input ever reaches
the query parser raw; a query that cannot be parsed raises ``QueryError``
with a message that says how to fix it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import Connection, text
from sqlalchemy.exc import DataError, OperationalError, ProgrammingError

# Limits that keep one request cheap; the API turns a breach into a 400.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
# How many values each facet lists, and the item kinds search covers.
FACET_SIZE = 12
KINDS = ("document", "quote", "event")
# Type, actor and country facets are counted over this many best hits (they need joins).
FACET_SAMPLE = 1000
# Characters kept on each side of the first hit in a snippet.
SNIPPET_CONTEXT = 110

_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_WORD = re.compile(r"\w", re.UNICODE)


class QueryError(ValueError):
    """A search query that cannot be run, with a message for the user."""


@dataclass
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass
class ParsedQuery:
    """Tokens: Term, or one of the strings "AND", "OR", "NOT", "(", ")"."""

    tokens: list[Any] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        """Words and phrases the user wants to see (not those after NOT), for highlighting."""
        out, negate = [], False
        for tok in self.tokens:
            if tok == "NOT":
                negate = True
            elif isinstance(tok, Term):
                if not negate:
                    out.append(tok)
                negate = False
        return out


# --- parsing ----------------------------------------------------------------------------------


def parse_query(q: str) -> ParsedQuery:
    """Parse a user query; raises QueryError with a helpful message when it is malformed."""
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}")
    if q.count('"') % 2:
        raise QueryError('a closing double quote (") is missing: put phrases "in quotes" or drop the quote')
    tokens: list[Any] = []
    for raw in _TOKEN.findall(q):
        tokens.extend(_read_token(raw))
    tokens = _insert_and(_drop_empty_groups(tokens))
    _check_structure(tokens)
    if sum(isinstance(t, Term) for t in tokens) > MAX_TERMS:
        raise QueryError(f"the query has more than {MAX_TERMS} words; shorten it")
    return ParsedQuery(tokens)


def _read_token(raw: str) -> list[Any]:
    if raw in ("(", ")"):
        return [raw]
    if raw.startswith('"'):
        inner = raw.strip('"').strip()
        return [Term(inner, phrase=True)] if _WORD.search(inner) else []
    if raw in ("OR", "AND", "NOT"):
        return [raw]
    negate = raw.startswith("-") and len(raw) > 1
    word = raw[1:] if negate else raw
    prefix = word.endswith("*")
    word = word.rstrip("*")
    if not _WORD.search(word):
        return []  # punctuation alone matches nothing; dropping it beats an error
    return (["NOT"] if negate else []) + [Term(word, prefix=prefix)]


def _drop_empty_groups(tokens: list[Any]) -> list[Any]:
    out: list[Any] = []
    for tok in tokens:
        if tok == ")" and out and out[-1] == "(":
            out.pop()
        else:
            out.append(tok)
    return out


def _insert_and(tokens: list[Any]) -> list[Any]:
    """Make implicit AND explicit between two operands ("a b" -> "a AND b")."""
    out: list[Any] = []
    for tok in tokens:
        starts_operand = isinstance(tok, Term) or tok in ("(", "NOT")
        if out and starts_operand and (isinstance(out[-1], Term) or out[-1] == ")"):
            out.append("AND")
        out.append(tok)
    return out


def _check_structure(tokens: list[Any]) -> None:
    if not any(isinstance(t, Term) for t in tokens):
        raise QueryError("the query has no words to search for")
    depth, prev = 0, None
    for tok in tokens:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
            if depth < 0:
                raise QueryError("a ')' has no matching '(': check the parentheses")
        if tok in ("AND", "OR") and (prev is None or prev in ("AND", "OR", "NOT", "(")):
            raise QueryError(f"'{tok}' needs a word on each side, e.g. 'treaty {tok} charter'")
        if tok == "NOT" and prev in (None, "(", "OR", "NOT"):
            raise QueryError("NOT (or -word) excludes words: search for at least one word before it")
        prev = tok
    if depth:
        raise QueryError("a '(' is not closed: check the parentheses")
    if prev in ("AND", "OR", "NOT"):
        raise QueryError(f"the query ends with '{prev}': add a word after it or remove it")


# --- writing out ------------------------------------------------------------------------------


def to_fts5(parsed: ParsedQuery) -> str:
    """The parsed query in FTS5 syntax, every word quoted."""
    parts = []
    for tok in parsed.tokens:
        if isinstance(tok, Term):
            quoted = '"' + tok.text.replace('"', '""') + '"'
            parts.append(quoted + ("*" if tok.prefix else ""))
        elif tok == "NOT":
            # FTS5's NOT is binary: "a NOT b"; the AND we inserted before it must go.
            if parts and parts[-1] == "AND":
                parts.pop()
            parts.append("NOT")
        else:
            parts.append(tok)
    return " ".join(parts)


def to_tsquery(parsed: ParsedQuery) -> str:
    """The parsed query for PostgreSQL ``to_tsquery('simple', ...)``.

    Each word is split where SQLite's unicode61 tokenizer splits it (at anything but a letter or
    digit) and its parts must follow each other: "al-Shabab" is the phrase al <-> shabab,
    "U.S." u <-> s, on both back-ends. The indexed text is split the same way (``pg_vector``).
    """
    parts = []
    for tok in parsed.tokens:
        if isinstance(tok, Term):
            words = [w for w in _NON_WORD.split(tok.text.lower()) if w] or ["_"]
            parts.append("(" + " <-> ".join(words) + (":*" if tok.prefix else "") + ")")
        else:
            parts.append({"AND": "&", "OR": "|", "NOT": "!", "(": "(", ")": ")"}[tok])
    return " ".join(parts)


# What an event is searched by (its type, its actors' names, its sentence), on both back-ends.
EVENT_TEXT = "{t}.type || ' ' || coalesce({t}.actor_names, '') || ' ' || {t}.sentence_text"
# Letters and digits make words; everything else separates them (as unicode61 does).
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# On PostgreSQL every searchable row keeps its ``tsvector`` in this stored generated column
# (migration 0004: ``pg_vector`` of what the row is searched by). Search ranks on it: ranking
# the expression instead re-parsed the whole text of every matching row on every search (20 s
# for one common word at 10,000 documents).
PG_FULLTEXT = "pg_fulltext"


def pg_vector(body: str) -> str:
    """The ``tsvector`` of a text expression, split into words as SQLite's FTS5 splits them.

    Must stay identical to the GIN indexes' expressions (migration 0002) for them to be used.
    """
    return f"to_tsvector('simple', regexp_replace({body}, '[^[:alnum:]]+', ' ', 'g'))"


def pg_match(body: str) -> str:
    """A text expression matches the query (bound as ``:match``): for filters on quotes and events."""
    return f"{pg_vector(body)} @@ to_tsquery('simple', :match)"


def pg_row_match(alias: str) -> str:
    """The row ``alias`` (a document, quote or event) matches the query, by its stored vector."""
    return f"{alias}.{PG_FULLTEXT} @@ to_tsquery('simple', :match)"


def pg_row_rank(alias: str) -> str:
    """Lower is better, as bm25() on SQLite."""
    return f"-ts_rank({alias}.{PG_FULLTEXT}, to_tsquery('simple', :match))"


def source_label(source: str | None, url: str | None = None) -> str:
    """Where a document comes from, for the source facet: a web host, else the folder it was read from."""
    for value in (url, source):
        if value and "://" in value:
            host = urlsplit(value).hostname or ""
            return host.removeprefix("www.") or value
    if not source or source == "-":
        return "stdin"
    parent = PurePosixPath(source.replace("\\", "/")).parent.name
    return parent or source


# --- searching --------------------------------------------------------------------------------


@dataclass
class SearchQuery:
    """What to search for; every filter is optional."""

    q: str = ""
    kinds: tuple[str, ...] = KINDS
    actor: str | None = None
    actor_ids: tuple[str, ...] = ()  # the actor and entities merged into it (from corrections)
    country: str | None = None
    type: str | None = None
    year: str | None = None
    source: str | None = None
    exclude: tuple[str, ...] = ()  # rejected quote/event keys (from corrections)
    limit: int = 20
    offset: int = 0


@dataclass
class SearchResult:
    hits: list[dict[str, Any]]
    total: int
    facets: dict[str, list[dict[str, Any]]]
    histogram: list[dict[str, Any]]
    terms: list[Term]
    facets_sampled: bool = False  # type, actor and country counted over the best FACET_SAMPLE hits


def search(conn: Connection, query: SearchQuery) -> SearchResult:
    """Run a search: the page of hits, their total, facets and a monthly histogram.

    Total, kind, year and the histogram are exact (one aggregate query); source,
    type, actor and country are counted over the best ``FACET_SAMPLE`` hits, which
    bounds the cost of a query that matches most of the knowledge base.
    """
    parsed = parse_query(query.q) if query.q.strip() else ParsedQuery()
    sqlite = conn.dialect.name == "sqlite"
    match = (to_fts5(parsed) if sqlite else to_tsquery(parsed)) if parsed.tokens else None
    cte, params = _hits_cte(query, match, sqlite)
    counted, _ = _hits_cte(query, match, sqlite, ranked=False)
    order = "rank, date DESC, kind, item_id" if match else "date DESC, kind, item_id"
    try:
        if query.source:
            total, facets, histogram, best, page = _search_by_source(conn, cte, params, query, bool(match))
        else:
            total, facets, histogram, best, page = _search_all(conn, cte, counted, params, query, order)
        facets.update(_join_facets(conn, best))
    except (OperationalError, ProgrammingError, DataError) as exc:
        # Every word is quoted, so this is a backend's corner case; say so instead of a 500.
        raise QueryError(
            f"the search engine could not run this query ({exc.orig}); try simpler words"
        ) from exc
    hits = [h._asdict() for h in page]
    return SearchResult(hits, total, facets, histogram, parsed.terms, total > FACET_SAMPLE)


def _search_all(
    conn: Connection, cte: str, counted: str, params: dict[str, Any], query: SearchQuery, order: str
) -> tuple:
    agg = conn.execute(
        text(
            f"{counted} SELECT kind, substr(date, 1, 7) AS month, count(*) AS n FROM hits GROUP BY kind, month"
        ),
        params,
    ).all()
    kinds: Counter = Counter()
    years: Counter = Counter()
    months: Counter = Counter()
    for kind, month, n in agg:
        kinds[kind] += n
        years[(month or "")[:4]] += n
        if month and len(month) == 7:
            months[month] += n
    sql = f"{cte} SELECT * FROM hits ORDER BY {order} LIMIT :cap OFFSET :skip"
    best = _labelled_hits(
        conn, conn.execute(text(sql), {**params, "cap": FACET_SAMPLE, "skip": 0}).all(), None
    )
    if query.offset + query.limit <= len(best):
        page = best[query.offset : query.offset + query.limit]
    else:
        rows = conn.execute(text(sql), {**params, "cap": query.limit, "skip": query.offset}).all()
        page = _labelled_hits(conn, rows, None)
    facets = {
        "kind": _top(kinds, None),
        "year": _top(years, None, by_value=True),
        "source": _top(Counter(h.src for h in best), FACET_SIZE),
    }
    histogram = [{"month": m, "count": n} for m, n in sorted(months.items())]
    return sum(kinds.values()), facets, histogram, best, page


def _search_by_source(
    conn: Connection, cte: str, params: dict[str, Any], query: SearchQuery, ranked: bool
) -> tuple:
    """With a source filter every hit is labelled in Python (labels are not stored), then counted."""
    rows = _labelled_hits(conn, conn.execute(text(f"{cte} SELECT * FROM hits"), params).all(), query.source)
    rows = _sorted_hits(rows, ranked=ranked)
    page = rows[query.offset : query.offset + query.limit]
    return len(rows), _count_facets(rows), _histogram(rows), rows[:FACET_SAMPLE], page


def _hits_cte(
    query: SearchQuery, match: str | None, sqlite: bool, ranked: bool = True
) -> tuple[str, dict[str, Any]]:
    """One CTE ``hits(kind, item_id, document_id, rank, date)`` over the chosen kinds.

    Unranked, every rank is 0.0: counting needs no rank, and PostgreSQL computes a select's
    every column, used or not (ts_rank over thousands of hits, for nothing).
    """
    params: dict[str, Any] = {"match": match}
    kinds = [k for k in query.kinds if k in KINDS]
    if query.type:
        kinds = [k for k in kinds if k == "event"]
    selects = [_KIND_SELECTS[k](query, match, sqlite, params, ranked) for k in kinds] or [_EMPTY_SELECT]
    outer = []
    if query.year:
        outer.append("substr(date, 1, 4) = :year")
        params["year"] = query.year
    where = (" WHERE " + " AND ".join(outer)) if outer else ""
    body = " UNION ALL ".join(selects)
    return f"WITH raw_hits AS ({body}), hits AS (SELECT * FROM raw_hits{where})", params


_EMPTY_SELECT = "SELECT 'none' AS kind, '' AS item_id, '' AS document_id, 0.0 AS rank, '' AS date WHERE 1 = 0"
_DOC_DATE = "coalesce(d.event_date, substr(d.published, 1, 10))"


def _id_list(name: str, values: tuple[str, ...], params: dict[str, Any]) -> str:
    """Bind a tuple of strings as :name0, :name1, ... for an IN clause."""
    keys = []
    for i, v in enumerate(values):
        params[f"{name}{i}"] = v
        keys.append(f":{name}{i}")
    return ", ".join(keys) or "NULL"


def _select_documents(
    query: SearchQuery, match: str | None, sqlite: bool, params: dict[str, Any], ranked: bool
) -> str:
    where = []
    join, rank = _text_match(
        "documents", "d.seq", "coalesce(d.title, '') || ' ' || d.text", match, sqlite, where, ranked
    )
    if query.actor:
        ids = _id_list("actor", query.actor_ids or (query.actor,), params)
        where.append(
            f"EXISTS (SELECT 1 FROM mentions a WHERE a.document_id = d.id AND a.entity_id IN ({ids}))"
        )
    if query.country:
        params["country"] = query.country
        where.append(
            "EXISTS (SELECT 1 FROM mentions a JOIN entities x ON x.id = a.entity_id "
            "WHERE a.document_id = d.id AND x.type = 'country' AND x.country = :country)"
        )
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    return (
        f"SELECT 'document' AS kind, d.id AS item_id, d.id AS document_id, {rank} AS rank, "
        f"{_DOC_DATE} AS date FROM documents d {join}{cond}"
    )


def _text_match(
    table: str, key: str, body: str, match: str | None, sqlite: bool, where: list[str], ranked: bool = True
) -> tuple[str, str]:
    """(JOIN clause, rank expression) for full-text matching rows of ``table`` (lower rank is better).

    SQLite joins the FTS5 table on its rowid (``key``: the row's id, ``documents.seq`` for
    documents); PostgreSQL adds the match to ``where`` and ranks by the row's stored vector
    (``PG_FULLTEXT``). Documents match on that vector's GIN index; quotes and events on the GIN
    index of ``body``'s expression, which the quote and event list filters share (their texts
    are short, so a phrase's recheck is cheap). Unranked (for counting), the rank is 0.0.
    """
    if not match:
        return "", "0.0"
    if sqlite:
        fts = f"{table}_fts"
        return (
            f"JOIN (SELECT rowid AS fid{f', bm25({fts}) AS r' if ranked else ''} FROM {fts} "
            f"WHERE {fts} MATCH :match) m ON m.fid = {key}",
            "m.r" if ranked else "0.0",
        )
    alias = key.split(".")[0]
    where.append(pg_row_match(alias) if table == "documents" else pg_match(body))
    return "", pg_row_rank(alias) if ranked else "0.0"


def _excluded(prefix: str, query: SearchQuery, cond: str, params: dict[str, Any]) -> list[str]:
    """SQL clauses leaving out items an analyst rejected (stable keys, see store.corrections)."""
    keys = [k for k in query.exclude if k.startswith(prefix + ":")]
    if not keys:
        return []
    ids = _id_list(prefix + "_x", tuple(keys), params)
    return [f"({cond}) NOT IN ({ids})"]


def _select_quotes(
    query: SearchQuery, match: str | None, sqlite: bool, params: dict[str, Any], ranked: bool
) -> str:
    where = _excluded(
        "quote",
        query,
        "'quote:' || t.document_id || ':' || CAST(t.start AS TEXT) || ':' || CAST(t.\"end\" AS TEXT)",
        params,
    )
    join, rank = _text_match(
        "quotes", "t.id", "coalesce(t.speaker_name, '') || ' ' || t.text", match, sqlite, where, ranked
    )
    if query.actor:
        where.append(f"t.speaker_id IN ({_id_list('qactor', query.actor_ids or (query.actor,), params)})")
    if query.country:
        params["country"] = query.country
        where.append("EXISTS (SELECT 1 FROM entities x WHERE x.id = t.speaker_id AND x.country = :country)")
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    return (
        "SELECT 'quote' AS kind, CAST(t.id AS TEXT) AS item_id, t.document_id AS document_id, "
        f"{rank} AS rank, {_DOC_DATE} AS date "
        f"FROM quotes t JOIN documents d ON d.id = t.document_id {join}{cond}"
    )


def _select_events(
    query: SearchQuery, match: str | None, sqlite: bool, params: dict[str, Any], ranked: bool
) -> str:
    where = _excluded(
        "event",
        query,
        "'event:' || e.document_id || ':' || CAST(e.sentence_start AS TEXT) || ':' || e.type",
        params,
    )
    join, rank = _text_match("events", "e.id", EVENT_TEXT.format(t="e"), match, sqlite, where, ranked)
    if query.type:
        params["etype"] = query.type
        where.append("e.type = :etype")
    if query.actor:
        ids = _id_list("eactor", query.actor_ids or (query.actor,), params)
        where.append(
            f"EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.entity_id IN ({ids}))"
        )
    if query.country:
        params["country"] = query.country
        where.append("EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.country = :country)")
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    return (
        "SELECT 'event' AS kind, CAST(e.id AS TEXT) AS item_id, e.document_id AS document_id, "
        f"{rank} AS rank, coalesce(e.date, {_DOC_DATE}) AS date "
        f"FROM events e JOIN documents d ON d.id = e.document_id {join}{cond}"
    )


_KIND_SELECTS = {"document": _select_documents, "quote": _select_quotes, "event": _select_events}


class Hit(NamedTuple):
    kind: str
    item_id: str
    document_id: str
    rank: float
    date: str | None
    src: str


def _labelled_hits(conn: Connection, rows: list[Any], source: str | None) -> list[Hit]:
    """Attach each hit's source label (worked out once per document), keeping only ``source`` if given."""
    ids = sorted({r.document_id for r in rows})
    labels: dict[str, str] = {}
    d = "SELECT id, source, url FROM documents"
    if len(ids) > 2000:  # most of the store: one scan beats many IN lists
        found = conn.execute(text(d)).all()
    else:
        params: dict[str, Any] = {}
        found = conn.execute(text(f"{d} WHERE id IN ({_id_list('lab', tuple(ids), params)})"), params).all()
    for doc_id, src, url in found:
        labels[doc_id] = source_label(src, url)
    hits = [
        Hit(r.kind, r.item_id, r.document_id, r.rank, r.date, labels.get(r.document_id, "")) for r in rows
    ]
    return [h for h in hits if h.src == source] if source else hits


def _sorted_hits(rows: list[Any], ranked: bool) -> list[Any]:
    """Best first (FTS rank), newest first among equals; sorted here, which beats ORDER BY on big hit sets."""
    rows.sort(key=lambda r: (r.date or "", r.kind, r.item_id), reverse=True)
    if ranked:
        rows.sort(key=lambda r: r.rank)
    return rows


def _top(counter: Counter, size: int | None, by_value: bool = False) -> list[dict[str, Any]]:
    items = [{"value": v, "label": v, "count": n} for v, n in counter.items() if v]
    key = (lambda f: f["value"]) if by_value else (lambda f: (-f["count"], str(f["label"])))
    return sorted(items, key=key)[:size]


def _count_facets(rows: list[Any]) -> dict[str, list[dict[str, Any]]]:
    """Facets read straight off the hits: kind, year and source (exact)."""
    return {
        "kind": _top(Counter(r.kind for r in rows), None),
        "year": _top(Counter((r.date or "")[:4] for r in rows), None, by_value=True),
        "source": _top(Counter(r.src for r in rows), FACET_SIZE),
    }


def _join_facets(conn: Connection, rows: list[Any]) -> dict[str, list[dict[str, Any]]]:
    """Facets that need the entity tables (event type, actor, country), over the given hits."""
    docs = [r.item_id for r in rows if r.kind == "document"]
    quotes = [int(r.item_id) for r in rows if r.kind == "quote"]
    events = [int(r.item_id) for r in rows if r.kind == "event"]
    params: dict[str, Any] = {}
    d_in = _id_list("fd", tuple(docs), params)
    q_in = _id_list("fq", tuple(quotes), params)
    e_in = _id_list("fe", tuple(events), params)
    types: Counter = Counter()
    actors: Counter = Counter()
    labels: dict[str, str] = {}
    countries: Counter = Counter()
    if events:
        sql = f"SELECT type, count(*) FROM events WHERE id IN ({e_in}) GROUP BY type"
        types.update(dict(conn.execute(text(sql), params).all()))
        sql = (f"SELECT entity_id, max(name), count(DISTINCT event_id) FROM event_actors WHERE event_id IN ({e_in}) "
               "AND entity_id IS NOT NULL GROUP BY entity_id")  # fmt: skip
        _add(conn.execute(text(sql), params).all(), actors, labels)
        sql = f"SELECT country, count(DISTINCT event_id) FROM event_actors WHERE event_id IN ({e_in}) GROUP BY country"
        countries.update(dict(conn.execute(text(sql), params).all()))
    if quotes:
        sql = (f"SELECT speaker_id, max(speaker_name), count(*) FROM quotes WHERE id IN ({q_in}) "
               "AND speaker_id IS NOT NULL GROUP BY speaker_id")  # fmt: skip
        _add(conn.execute(text(sql), params).all(), actors, labels)
        sql = (f"SELECT x.country, count(*) FROM quotes t JOIN entities x ON x.id = t.speaker_id "
               f"WHERE t.id IN ({q_in}) GROUP BY x.country")  # fmt: skip
        countries.update(dict(conn.execute(text(sql), params).all()))
    if docs:
        sql = (f"SELECT m.entity_id, x.name, x.type, count(DISTINCT m.document_id) FROM mentions m "
               f"JOIN entities x ON x.id = m.entity_id WHERE m.document_id IN ({d_in}) "
               "AND x.type IN ('person', 'organization', 'body', 'country') GROUP BY m.entity_id, x.name, x.type")  # fmt: skip
        for eid, name, etype, n in conn.execute(text(sql), params).all():
            if etype == "country":
                countries[eid.removeprefix("country:")] += n
            else:
                _add([(eid, name, n)], actors, labels)
    actor_facet = _top(actors, FACET_SIZE)
    for f in actor_facet:
        f["label"] = labels.get(f["value"], f["value"])
    return {"type": _top(types, FACET_SIZE), "actor": actor_facet, "country": _top(countries, FACET_SIZE)}


def _add(rows: list[Any], counter: Counter, labels: dict[str, str]) -> None:
    for eid, name, n in rows:
        counter[eid] += n
        labels.setdefault(eid, name or eid)


def _histogram(rows: list[Any]) -> list[dict[str, Any]]:
    months = Counter(r.date[:7] for r in rows if r.date and len(r.date) >= 7)
    return [{"month": m, "count": n} for m, n in sorted(months.items())]


def make_snippet(text_: str, terms: list[Term], width: int = SNIPPET_CONTEXT) -> list[dict[str, Any]]:
    """A short window around the first hit, as segments ``{"text", "hit"}`` the page escapes."""
    if not text_:
        return []
    rx = highlight_pattern(terms)
    first = rx.search(text_) if rx else None
    start = max(0, (first.start() if first else 0) - width)
    end = min(len(text_), (first.end() if first else 0) + width)
    window = ("…" if start else "") + text_[start:end] + ("…" if end < len(text_) else "")
    return split_hits(window, rx)


def highlight_pattern(terms: list[Term]) -> re.Pattern | None:
    if not terms:
        return None
    alts = []
    for t in terms:
        body = r"\s+".join(re.escape(w) for w in t.text.split())
        alts.append(r"\b" + body + (r"\w*" if t.prefix else r"\b"))
    return re.compile("|".join(alts), re.IGNORECASE)


def split_hits(text_: str, rx: re.Pattern | None) -> list[dict[str, Any]]:
    if rx is None:
        return [{"text": text_, "hit": False}]
    out, pos = [], 0
    for m in rx.finditer(text_):
        if m.start() > pos:
            out.append({"text": text_[pos : m.start()], "hit": False})
        out.append({"text": m.group(0), "hit": True})
        pos = m.end()
    if pos < len(text_):
        out.append({"text": text_[pos:], "hit": False})
    return out
