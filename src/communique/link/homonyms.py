"""A name the packs give both a country and a place of another country ("Georgia": the
country, and the US state), told apart by the document.

Evidence for one reading, per mention:
- a place of that reading's country in the same sentence ("Atlanta, Georgia", "Alabama and
  Georgia"; "Tbilisi" for the country), or the country's own demonym ("Georgian");
- for a state or province, a word right next to the name that only a state or province has
  ("Georgia Republicans", "Georgia's governor", "the state of Georgia"; packs/name_cues.yaml).
A mention with no evidence of its own takes the reading the document's other mentions of
the name support; with none anywhere, the country. The country of the place itself ("U.S.")
is no evidence: the news often names a country beside another country of that name.

Why hand-written: a per-span label cannot see which country the rest of the document is in.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Span

from communique.link.evidence import name_cues
from communique.link.kb import KBEntity, normalise_name

if TYPE_CHECKING:
    from communique.link.linker import Linker

PLACE_TYPES = ("country", "place")


def choose_reading(linker: Linker, span: Span, found: KBEntity) -> KBEntity:
    """``found``, or the other country or place of the same name the context speaks of."""
    if found.type not in PLACE_TYPES:
        return found
    readings = [e for e in linker.kb.lookup(span.text) if e.type in PLACE_TYPES]
    if len({e.country for e in readings}) < 2:
        return found
    own = _votes(linker, span, readings)
    votes = own or _document_votes(linker, span, readings)
    if not votes:
        return next((e for e in readings if e.type == "country"), found)
    (best, n), *rest = votes.most_common()
    if rest and rest[0][1] == n:
        return found
    return next(e for e in readings if e.id == best)


def _votes(linker: Linker, span: Span, readings: list[KBEntity]) -> Counter:
    kb = linker.kb
    doc = span.doc
    votes: Counter = Counter()
    sent = span.sent
    for s, e in linker.name_matches(doc):
        if not (sent.start <= s and e <= sent.end) or (s < span.end and e > span.start):
            continue
        text = doc[s:e].text
        if normalise_name(text) == normalise_name(span.text):
            continue
        places = [p for p in kb.lookup(text) if p.type == "place"]
        demonym = kb.country_for(text) if not kb.lookup(text) else None
        for r in readings:
            of = r.country
            if any(p.country == of for p in places) or (
                r.type == "country" and demonym is not None and demonym.id == r.id
            ):
                votes[r.id] += 1
    if _subnational_cue(span):
        for r in readings:
            if r.type == "place":
                votes[r.id] += 1
    return votes


def _subnational_cue(span: Span) -> bool:
    cues = name_cues()
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
        i += 1
    after = doc[i].lower_ if i < len(doc) else ""
    j = span.start - 1
    if j >= 0 and doc[j].lower_ == "of":
        j -= 1
    while j >= 0 and doc[j].lower_ == "the":
        j -= 1
    before = doc[j].lower_.rstrip(".") if j >= 0 else ""
    return after in cues.get("subnational_after", ()) or before in cues.get("subnational_before", ())


def _document_votes(linker: Linker, span: Span, readings: list[KBEntity]) -> Counter:
    """The votes of every mention of the name in the document, counted once per document."""
    doc = span.doc
    key = ("_communique_homonyms", normalise_name(span.text))
    cache = doc.user_data.setdefault("_communique_homonym_votes", {})
    if key not in cache:
        total: Counter = Counter()
        for s, e in linker.name_matches(doc):
            other = doc[s:e]
            if normalise_name(other.text) == key[1]:
                total += _votes(linker, other, readings)
        cache[key] = total
    return cache[key]
