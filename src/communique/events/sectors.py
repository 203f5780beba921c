"""Sectors of event actors: from the pack person and their offices, the title, the descriptor or the deed.

The linker gives the sector the packs hold (a pack person's, an organisation's, a role
word's). What it leaves open is decided here, from ``lexicons/events/actors.yaml``:

- a state acting as a whole is its government, or its armed forces when its deed is a
  military one ("Russia massed troops" -> MIL);
- an unnamed actor takes its descriptor's sector ("Iraqi troops" -> MIL, "police" -> COP,
  "protesters" -> CVL), and a nationality used as a noun names civilians ("Belarusians");
- a person the packs do not know takes the sector of their title ("Judge Joan Donoghue"),
  else is a civilian; a pack politician out of office at the document's date is a party
  politician;
- an organisation the packs do not know takes the sector its name's last word gives.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from communique.events.lexicon import LEXICON_DIR, load_metonyms
from communique.lexicon import read_lexicon
from communique.model import Actor, Document

if TYPE_CHECKING:
    from spacy.tokens import Token

# Sectors of the state: a group without a state in one of them names nobody (assemble.is_weak);
# a sector given here never turns such a group into somebody, or the reverse.
STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "LEG", "JUD"})
# Quantity words heading a group ("tens of thousands of Sudanese"): the people after "of" act.
QUANTITY_LEMMAS = frozenset({"ten", "thousand", "hundred", "dozen", "score", "million", "group", "number"})


@lru_cache(maxsize=2)
def sector_data() -> dict:
    """``actors.yaml`` (cached per process)."""
    data = dict(read_lexicon(LEXICON_DIR / "actors.yaml"))
    data["military_words"] = frozenset(str(w).lower() for w in data.get("military_words", ()))
    data["descriptors"] = {str(k).lower(): v for k, v in (data.get("descriptors") or {}).items()}
    data["things"] = frozenset(str(w).lower() for w in data.get("things", ()))
    data["organisation_words"] = {
        str(k).lower(): v for k, v in (data.get("organisation_words") or {}).items()
    }
    return data


def people_head(tok: Token) -> Token:
    """The noun naming the people of a quantity phrase ("tens of thousands of Sudanese" -> Sudanese)."""
    seen = 0
    while tok.lemma_.lower() in QUANTITY_LEMMAS and seen < 4:
        nxt = next(
            (p for c in tok.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None
        )
        if nxt is None:
            break
        tok, seen = nxt, seen + 1
    return tok


def descriptor_sector(head: Token, doc: Document | None = None) -> str | None:
    """The sector a descriptor noun gives ("security forces" -> MIL), else the linker's role word's."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    table = sector_data()["descriptors"]
    lemma, word = head.lemma_.lower(), head.lower_
    mods = [c for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
    keys = [f"{mods[-1].lower_} {w}" for w in (word, lemma)] if mods else []
    for key in [*keys, word, lemma]:
        if key in table:
            return table[key]
    if doc is not None and head.pos_ == "NOUN":
        role = doc.linked.kb.role_words.get(word) or doc.linked.kb.role_words.get(lemma)
        if role is not None:
            return role.sector
    return None


def military_deed(tok: Token) -> bool:
    """Whether the subject's deed is a military one: a military word heads the verb's object.

    The object's head, its adjectives, the nouns after its "of" and its conjuncts count
    ("massed troops", "held joint military drills", "completed the withdrawal of its
    troops", "moved troops and tanks"); words deeper in it do not ("detained sailors from
    two Navy patrol boats" is no military deed of the one detaining).
    """
    first = tok
    while first.dep_ == "conj":
        first = first.head
    if first.dep_ != "nsubj":
        return False
    words = sector_data()["military_words"]
    objects = [c for c in first.head.children if c.dep_ == "dobj"]
    objects += [
        p for o in objects for c in o.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"
    ]
    objects += [c for o in objects for c in o.conjuncts]
    for obj in objects:
        for t in [obj, *(c for c in obj.children if c.dep_ == "amod")]:
            if t.lemma_.lower() in words or t.lower_ in words:
                return True
        if obj.i > 0 and f"{obj.doc[obj.i - 1].lower_} {obj.lower_}" in words:
            return True  # "air force"
    return False


def _is_demonym_noun(tok: Token, doc: Document) -> bool:
    """A nationality used as a noun for people ("Belarusians", "Sudanese", "28 Afghans")."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("amod", "compound", "poss"):
        return False
    from communique.link.kb import normalise_name

    kb = doc.linked.kb
    return bool(kb.by_demonym.get(normalise_name(tok.text))) and not kb.by_alias.get(normalise_name(tok.text))


def state_sector(tok: Token, doc: Document) -> str:
    """The sector of a state named by the phrase headed by ``tok``."""
    data = sector_data()
    head = people_head(tok)
    described = descriptor_sector(head, doc) if head.pos_ == "NOUN" else None
    if described is not None:
        return described
    if _is_demonym_noun(head, doc):
        return data["people_sector"]
    if military_deed(tok):
        return data["military_sector"]
    return data["state_sector"]


def with_sector(actor: Actor, tok: Token, doc: Document) -> Actor:
    """The actor with the sector its entity, title, descriptor or deed gives (see the module docstring)."""
    ident = actor.id or ""
    sector = actor.sector
    if ident.startswith("country:"):
        sector = sector or state_sector(tok, doc)
    elif ident.startswith("person:"):
        sector = _pack_person_sector(actor, doc) or _title_sector(tok, doc)
    elif ident.startswith("prov:person"):
        sector = sector or _title_sector(tok, doc) or sector_data()["unknown_person_sector"]
    elif ident.startswith("prov:organization"):
        sector = _organisation_sector(actor, doc) or sector
    elif not ident:
        described = descriptor_sector(people_head(tok), doc)
        if described is not None and (
            actor.country is not None or (described in STATE_SECTORS) == (sector in STATE_SECTORS)
        ):
            sector = described
    if sector == actor.sector:
        return actor
    return Actor(actor.id, actor.name, actor.country, sector)


def _pack_person_sector(actor: Actor, doc: Document) -> str | None:
    """A government politician holding none of the pack's offices on the document's date is a party's."""
    if actor.sector != "GOV" or not doc.published:
        return actor.sector
    kb = doc.linked.kb
    spells = kb.spells_by_holder.get(actor.id or "", [])
    on = str(doc.published)[:10]
    if spells and not any(s.covers(on) for s in spells):
        return sector_data()["out_of_office_sector"]
    return actor.sector


def _title_sector(tok: Token, doc: Document) -> str | None:
    """The sector of a title before a name or in apposition ("Judge Joan Donoghue", "Congressman Andy Levin").

    The longest run of title words that the descriptors or the linker's role words know
    ("Attorney General" before "General"); an honorific ("Mr.") says nothing.
    """
    kb = doc.linked.kb
    table = sector_data()["descriptors"]
    titles = [
        c for c in tok.children if c.dep_ in ("compound", "appos", "nmod") and c.pos_ in ("NOUN", "PROPN")
    ]
    titles += [t for c in titles for t in c.children if t.dep_ == "compound"]
    words = [t.lower_.rstrip(".") for t in sorted(titles, key=lambda t: t.i) if t.i < tok.i]
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n, -1, -1):  # "Judge Maria Lopez": the title among the given names
            key = " ".join(words[i : i + n])
            if key in table:
                return table[key]
            role = kb.role_words.get(key)
            if role is not None and role.key != "honorific":
                return role.sector
    for title in (t for t in titles if t.i > tok.i):  # "Nenad Stevandic, president of ..."
        role = kb.role_words.get(title.lower_) or kb.role_words.get(title.lemma_.lower())
        if role is not None and role.key != "honorific":
            return role.sector
        if title.lemma_.lower() in table:
            return table[title.lemma_.lower()]
    return None


def dated_sector(entry: dict, doc: Document) -> str | None:
    """A metonyms.yaml entry's sector at the document's date ("before": an earlier sector until a day)."""
    earlier = entry.get("before")
    if earlier and doc.published and str(doc.published)[:10] < str(earlier["date"]):
        return earlier["sector"]
    return entry.get("sector")


def _organisation_sector(actor: Actor, doc: Document) -> str | None:
    """A named organisation the packs lack: metonyms.yaml by name, else its name's last word."""
    key = actor.name.lower().removeprefix("the ").strip()
    known = load_metonyms().get(key)
    if known is not None and known.get("sector"):
        return dated_sector(known, doc)
    words = key.split()
    return sector_data()["organisation_words"].get(words[-1]) if words else None
