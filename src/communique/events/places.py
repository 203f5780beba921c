"""Event places: "in Minsk" on the event's words, the host of an exercise or summit, or the dateline.

Only linked places and countries count as places, so "in the information sphere" or
"in two stages" never become one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communique.model import Actor, Document

if TYPE_CHECKING:
    from spacy.tokens import Token

# Prepositions that locate an event ("in Minsk", "at the Kremlin" is not a place entity).
PLACE_PREPS = frozenset({"in", "at"})
PLACE_TYPES = frozenset({"place", "country"})


def place_on(anchors: list[Token], doc: Document) -> str | None:
    """A place named by "in X"/"at X" on the event word or the verb governing it."""
    for anchor in anchors:
        for tok in _place_preps(anchor):
            for pobj in (c for c in tok.children if c.dep_ == "pobj"):
                name = _place_name(pobj, doc)
                if name:
                    return name
    return None


def _place_preps(anchor: Token) -> list[Token]:
    """Place prepositions on the anchor and on the nouns it governs directly ("session of X in Minsk")."""
    preps = [c for c in anchor.children if c.dep_ == "prep" and c.lower_ in PLACE_PREPS]
    for child in anchor.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "prep", "appos", "acl"):
            preps.extend(
                c for c in child.subtree if c.dep_ == "prep" and c.lower_ in PLACE_PREPS and c.head != anchor
            )
    return preps


def _place_name(token: Token, doc: Document) -> str | None:
    ent = doc.linked.entity_at(token.idx, token.idx + len(token.text))
    if ent is not None and ent.type in PLACE_TYPES:
        return ent.name
    return None


def host_place(host: list[Actor], doc: Document) -> str | None:
    """The host's country as the place: "Armenia will host the exercise" -> Armenia."""
    for actor in host:
        if actor.id and actor.id.startswith("country:"):
            return actor.name
        if actor.country:
            ent = doc.linked.kb.entities.get(f"country:{actor.country}")
            if ent is not None:
                return ent.name
    return None
