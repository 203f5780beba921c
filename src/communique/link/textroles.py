"""Roles the text itself states: "NATO Secretary General Mark Rutte", "Kazakh Foreign
Minister Murat Nurtleu", "Dmitry Peskov, press secretary of the Russian president".

Each becomes a ``TextRole`` at the document's date with its sentence; later bare mentions of
the role in the same document ("the Secretary General", "the minister") resolve to that
person before the packs are asked. Qualifiers stay part of the role: a deputy, an acting,
a first deputy or a former holder is never the holder of the office itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.link.kb import KBEntity, KnowledgeBase, StatedRole, normalise_name
from communique.link.roles import LEADING_WORDS, _find_role_word, _of_phrase, _qualifier, _words
from communique.model import Entity, Fact, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

# Words before a role word that make it another role, and the prefix they give its key.
# "ex" and "former" mean the same; "first deputy" is its own office.
QUALIFIERS = {
    ("first", "deputy"): "first_deputy",
    ("deputy",): "deputy",
    ("vice",): "deputy",
    ("acting",): "acting",
    ("interim",): "acting",
    ("former",): "former",
    ("ex",): "former",
}
QUALIFIER_WORDS = frozenset(w for q in QUALIFIERS for w in q)


@dataclass
class TextRole:
    """Someone the text gives a role: key ("secretary_general", "deputy_foreign_minister"), of whom."""

    holder: Entity
    key: str
    base: str  # the office without its qualifier ("foreign_minister")
    qualifier: str  # "" | deputy | first_deputy | acting | former
    of: KBEntity | None
    start: int  # character offset of the description
    sentence: Span


@dataclass
class ParsedRole:
    key: str
    base: str
    qualifier: str
    kind: str
    of: KBEntity | None


def parse_qualified_role(kb: KnowledgeBase, text: str) -> ParsedRole | None:
    """ "CSTO Deputy Secretary General" -> deputy_secretary_general of the CSTO;
    "former Kazakh Foreign Minister" -> former_foreign_minister of Kazakhstan."""
    words = _words(text.replace("ex-", "ex "))
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    qualifier, kept = "", []
    i = 0
    while i < len(words):
        for q, name in QUALIFIERS.items():
            if tuple(words[i : i + len(q)]) == q and not qualifier:
                qualifier, i = name, i + len(q)
                break
        else:
            kept.append(words[i])
            i += 1
    found = _find_role_word(kb, kept)
    if found is None:
        return None
    start, end, rw = found
    if rw.kind == "group":
        return None
    of = _qualifier(kb, kept[:start]) if start else None
    if of is None:
        of, _ = _of_phrase(kb, kept[end:])
    if of is None:  # "press secretary of the Russian president": the state inside the of-phrase
        for n in range(len(kept) - end, 0, -1):
            for j in range(end, len(kept) - n + 1):
                of = _qualifier(kb, kept[j : j + n])
                if of is not None:
                    break
            if of is not None:
                break
    if of is None:  # an office of one organisation only ("European Commission President")
        owners = {o for (role, o) in kb.spells if role == rw.key and o}
        if len(owners) == 1 and next(iter(owners)).startswith("org:"):
            of = kb.entities.get(next(iter(owners)))
    if of is not None and of.type == "body" and of.part_of in kb.entities:
        of = kb.entities[of.part_of]  # "of the Eurasian Economic Commission": the EAEU's office
    base = rw.key
    if rw.key == "deputy_secretary_general":
        base, qualifier = "secretary_general", qualifier or "deputy"
    key = f"{qualifier}_{base}" if qualifier else base
    return ParsedRole(key=key, base=base, qualifier=qualifier, kind=rw.kind, of=of)


def text_role(kb: KnowledgeBase, description: SpacySpan, holder: Entity, on: str | None) -> TextRole | None:
    """The role a description gives the person named right after (or before) it."""
    if holder.type != "person":
        return None
    parsed = parse_qualified_role(kb, description.text)
    if parsed is None or parsed.kind == "title" and parsed.key in ("honorific",):
        return None
    sent = description.sent
    return TextRole(
        holder=holder,
        key=parsed.key,
        base=parsed.base,
        qualifier=parsed.qualifier,
        of=parsed.of,
        start=description.start_char,
        sentence=Span(sent.start_char, sent.end_char, sent.text),
    )


def holder_in_text(roles: list[TextRole], kb: KnowledgeBase, description: str, start: int) -> Entity | None:
    """The person the document itself gave this role: the nearest before ``start``, else the first after.

    A bare office ("the Secretary General") matches the same office with the same qualifier
    and, when the description names a state or organisation, the same one; a bare title
    ("the minister") matches any office of that kind ("foreign_minister", "deputy_defence_minister").
    """
    parsed = parse_qualified_role(kb, description)
    if parsed is None or not roles:
        return None

    def fits(r: TextRole) -> bool:
        if parsed.of is not None and (r.of is None or r.of.id != parsed.of.id):
            return False
        if parsed.kind == "title":
            if parsed.qualifier and r.qualifier != parsed.qualifier:
                return False
            return r.base.endswith(parsed.base) or (parsed.base == "minister" and "minister" in r.base)
        return r.key == parsed.key

    before = [r for r in roles if r.start < start and fits(r)]
    if before:
        return before[-1].holder
    after = [r for r in roles if r.start >= start and fits(r)]
    return after[0].holder if after else None


# Roles too generic to be one office of a state or organisation ("a minister", "an aide").
NOT_ONE_OFFICE = frozenset({"minister", "aide", "ambassador", "general", "lawmaker", "spokesperson"})


def role_facts(roles: list[TextRole], on: str | None) -> list[Fact]:
    """One fact per stated role: subject the state or organisation, object the person, at the date."""
    out = []
    for r in roles:
        if r.of is None or r.key in NOT_ONE_OFFICE:
            continue
        out.append(
            Fact(
                subject=r.of.name,
                relation=r.key,
                object=r.holder.name,
                sentence=r.sentence,
                at=on,
                origin="text",
                note="stated in the text" + (f" ({r.qualifier})" if r.qualifier else ""),
            )
        )
    return out


def same_name(a: str, b: str) -> bool:
    return normalise_name(a) == normalise_name(b)


def learn_roles(kb: KnowledgeBase, roles: list[TextRole], on: str | None, source: str) -> None:
    """Add the offices a document states to the knowledge base's stated roles, at its date
    (a former holder's role is no office held on that date)."""
    if not on or len(on) < 10:
        return
    for r in roles:
        if r.of is None or r.key in NOT_ONE_OFFICE or r.qualifier == "former":
            continue
        h = r.holder  # without its mentions in this document
        holder = Entity(h.id, h.name, h.type, h.country, h.sector, h.provisional)
        kb.learn_role(StatedRole(holder=holder, role=r.key, of=r.of.id, on=on[:10], source=source), r.of)


def stated_holder(kb: KnowledgeBase, description: str, on: str | None, days: int) -> Entity | None:
    """The person other documents said held the office a bare description names ("the ASEAN
    Secretary-General") nearest to ``on``; None for a former holder or an office of no one named."""
    if not on or len(on) < 10 or not kb.stated:
        return None
    parsed = parse_qualified_role(kb, description)
    if parsed is None or parsed.of is None or parsed.qualifier == "former" or parsed.kind != "office":
        return None
    found = kb.stated_holder(parsed.key, parsed.of.id, on[:10], days)
    return found.holder if found is not None else None
