"""Names to entities: every filter and the entity search take a name, an alias or a
transliteration ("Lukashenka", "Zelenskyy", "CSTO") as well as an id, and the
suggestions endpoint completes names as the analyst types.

The index holds every stored entity's name and aliases, folded (accents and case
removed), with how often the entity is mentioned; it is built once per knowledge
base version and shared by all requests. Matching is hand-written because it mixes
three rules a search library does not combine: an exact folded name, every typed
word a prefix of a word of the name (as you type), and close spellings of one word
(rapidfuzz) for transliterations the packs do not list.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Connection

from communique.api.base import check_text, store
from communique.api.cache import kb_version
from communique.store.corrections import Corrections
from communique.store.read import Reader
from communique.text import fold_words

router = APIRouter()
# A spelling this close to a word of a name (rapidfuzz ratio, 0-100) still finds it: Zelenskiy/Zelenskyy.
FUZZY_CUTOFF = 84
MAX_SUGGESTIONS = 25
EXACT, PREFIX, FUZZY = 3, 2, 1


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: 'Lukashénka-2' -> 'lukashenka 2'."""
    return fold_words(text)


@dataclass
class NameIndex:
    """Folded names of every entity, and the words they are made of."""

    version: tuple
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_word: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, entity_id: str, name: str) -> None:
        folded = fold(name)
        if not folded:
            return
        self.by_name[folded].add(entity_id)
        self.names_of[entity_id].add(name)
        for word in folded.split():
            self.by_word[word].add(entity_id)

    def lookup(self, text: str, *, limit: int = 10, type_: str | None = None) -> list[dict[str, Any]]:
        """Entities whose name or alias matches ``text``, best first (then most mentioned)."""
        folded = fold(text)
        if not folded:
            return []
        scores: dict[str, int] = {}
        for eid in self.by_name.get(folded, ()):
            scores[eid] = EXACT
        words = folded.split()
        prefix_sets = [self._prefixed(w) for w in words]
        for eid in set.intersection(*prefix_sets) if prefix_sets else set():
            scores.setdefault(eid, PREFIX)
        if not scores:
            for eid in self._fuzzy(words):
                scores.setdefault(eid, FUZZY)
        hits = [
            eid
            for eid in scores
            if eid in self.entities and (not type_ or self.entities[eid]["type"] == type_)
        ]
        hits.sort(key=lambda e: (-scores[e], -self.entities[e]["mentions"], self.entities[e]["name"]))
        out = []
        for eid in hits[:limit]:
            entity = self.entities[eid]
            out.append({**entity, "matched": self._matched_name(eid, words), "exact": scores[eid] == EXACT})
        return out

    def _prefixed(self, word: str) -> set[str]:
        if len(word) < 2:
            return set(self.by_word.get(word, ()))
        found: set[str] = set()
        for w, ids in self.by_word.items():
            if w.startswith(word):
                found |= ids
        return found

    def _fuzzy(self, words: list[str]) -> set[str]:
        from rapidfuzz import fuzz, process

        vocabulary = list(self.by_word)
        found: set[str] | None = None
        for word in words:
            if len(word) < 4:
                matches = self.by_word.get(word, set())
            else:
                near = process.extract(
                    word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=20
                )
                matches = set().union(*(self.by_word[w] for w, _, _ in near)) if near else set()
            found = matches if found is None else found & matches
        return found or set()

    def _matched_name(self, entity_id: str, words: list[str]) -> str:
        """The name or alias that the typed words fit best (shown beside the suggestion)."""
        names = [self.entities[entity_id]["name"], *sorted(self.names_of.get(entity_id, ()))]
        for name in names:
            if all(any(w.startswith(x) for w in fold(name).split()) for x in words):
                return name
        return self.entities[entity_id]["name"]


_cache: dict[str, NameIndex] = {}
_lock = threading.Lock()


def name_index(conn: Connection, corr: Corrections) -> NameIndex:
    """The name index for this knowledge base, built on first use and again when it changes."""
    key = str(conn.engine.url)
    version = kb_version(conn)
    with _lock:
        cached = _cache.get(key)
    if cached is None or cached.version != version:
        cached = _build(conn, corr, version)
        with _lock:
            _cache[key] = cached
    return cached


def _build(conn: Connection, corr: Corrections, version: tuple) -> NameIndex:
    index = NameIndex(version)
    index.entities, names = Reader(conn, corr).entity_names()
    for entity_id, name in names:
        index.add(entity_id, name)
    return index


def resolve_entity(conn: Connection, corr: Corrections, value: str | None) -> tuple[str | None, str | None]:
    """An id as given, or the best entity for a name; RETURNS (entity id or None, name typed)."""
    if not value:
        return None, None
    if Reader(conn, corr).has_entity(value) or value in corr.merged:
        return value, None
    hits = name_index(conn, corr).lookup(value, limit=1)
    return (hits[0]["id"] if hits else None), value


def suggest_page(
    request: Request,
    q: str | None = Query(None, description="The start of a name, alias or transliteration."),
    type: str | None = Query(None, description="Only entities of this type, e.g. person."),  # noqa: A002
    limit: int = Query(10, ge=1, le=MAX_SUGGESTIONS, description="How many suggestions."),
):  # noqa: ANN201
    """Entities whose name or alias starts with (or is spelled close to) what was typed, best first."""
    q = check_text("q", q, 200) or ""
    type_ = check_text("type", type, 16)
    with store(request) as (conn, corr):
        items = name_index(conn, corr).lookup(q, limit=limit, type_=type_) if q else []
    return JSONResponse({"ok": True, "query": {"q": q, "type": type_}, "items": items})


router.add_api_route("/api/suggest", suggest_page, methods=["GET"])
