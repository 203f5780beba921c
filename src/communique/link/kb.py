"""The in-memory knowledge base built from the packs: entities, aliases, dated roles,
memberships and chairs.

Every record keeps ``source`` ("packs/csto/people.yaml:57") so answers can say
where a fact comes from. Dates are ISO strings compared as strings; a partial
date ("2012") compares as the start of that period for ``from`` and as its end
for ``until``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from communique.link.packs import PackFile, Packs, current_packs, pack_dirs
from communique.model import Entity
from communique.text import strip_accents

# Entity types of the output contract.
ENTITY_TYPES = ("person", "organization", "country", "place", "body", "exercise", "operation", "other")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"'s?$")
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")
# "St Petersburg", "St. Petersburg" and "Saint Petersburg" are one name.
_SAINT = re.compile(r"(?:(?<=^)|(?<= ))st(?= )")


@lru_cache(maxsize=262144)  # the same names recur across a corpus; folding them is the linker's hot spot
def normalise_name(text: str) -> str:
    """Fold a name for lookups: accents, case, dots, hyphens, possessive, leading "the".

    "the Kassym-Jomart Tokayev’s" -> "kassym jomart tokayev"; "St. Petersburg" -> "saint petersburg".
    """
    text = strip_accents(text.translate(_APOSTROPHES)).casefold()
    text = _SPACES.sub(" ", _NON_WORD.sub(" ", text.replace(".", ""))).strip()
    text = _SAINT.sub("saint", _POSSESSIVE.sub("", text).strip())
    return text[4:] if text.startswith("the ") else text


def slug(text: str) -> str:
    return normalise_name(text).replace("'", "").replace(" ", "-")


def _end_of(date: str) -> str:
    """The last day a partial date covers, for ``until`` comparisons ("2012" -> "2012-12-31")."""
    return date + "-12-31"[len(date) - 4 :] if len(date) < 10 else date


@dataclass
class KBEntity:
    """An entity a pack defines."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    part_of: str | None = None
    note: str | None = None
    pack: str = ""
    source: str = ""


@dataclass
class RoleSpell:
    """Someone (or, for a chair, some state) holding a role of a state or organisation for a time."""

    holder: str
    role: str
    of: str | None
    from_: str
    until: str | None = None
    acting: bool = False
    note: str | None = None
    source: str = ""

    def covers(self, on: str) -> bool:
        return self.from_ <= on and (self.until is None or on <= _end_of(self.until))


@dataclass
class StatedRole:
    """A role a document stated ("ASEAN Secretary-General Kao Kim Hourn") at its date, learned
    while linking so that a bare "the ASEAN Secretary-General" in another document of a nearby
    date names the same person where the packs know no holder."""

    holder: Entity
    role: str  # role key with its qualifier ("deputy_secretary_general")
    of: str  # entity id of the state or organisation
    on: str  # the stating document's date
    source: str = ""  # the document, for answers

    def days_from(self, on: str) -> int:
        return abs((date.fromisoformat(self.on[:10]) - date.fromisoformat(on[:10])).days)


@dataclass
class Membership:
    member: str
    org: str
    from_: str
    until: str | None = None
    note: str | None = None
    source: str = ""

    def covers(self, on: str) -> bool:
        return self.from_ <= on and (self.until is None or on <= _end_of(self.until))


@dataclass
class RoleWord:
    """A role word from ``roles.yaml``: an office, a title or a group, with its sector."""

    key: str
    kind: str
    sector: str
    words: list[str]
    implies: list[str] = field(default_factory=list)
    source: str = ""


class KnowledgeBase:
    """Entities, aliases, roles, memberships and chairs from the packs, indexed for lookups.

    packs (Packs): what ``load_packs`` read; loaded from the default roots when None.
    """

    def __init__(self, packs: Packs | None = None):
        self.packs = packs or current_packs()
        self.entities: dict[str, KBEntity] = {}
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        self.by_demonym: dict[str, list[str]] = defaultdict(list)
        self.spells: dict[tuple[str, str | None], list[RoleSpell]] = defaultdict(list)
        self.spells_by_holder: dict[str, list[RoleSpell]] = defaultdict(list)
        self.memberships: list[Membership] = []
        self.role_words: dict[str, RoleWord] = {}
        self.role_keys: dict[str, RoleWord] = {}
        self.fact_patterns = [(pf, i, item) for pf, i, item in self.packs.of_kind("fact_patterns")]
        # roles documents stated, learned while linking (``learn_role``), by (role, of)
        self.stated: dict[tuple[str, str], list[StatedRole]] = defaultdict(list)
        self._stated_keys: set[tuple[str, str, str, str]] = set()
        # organisations no pack holds that a stated role was of ("Secretary General of the Eurasian
        # Water Partnership"), by normalised name: a role description naming one resolves too
        self.stated_orgs: dict[str, KBEntity] = {}
        self.stated_org_words: set[str] = set()  # every word of those names
        self._load_role_words()
        for pf, i, item in self.packs.of_kind("entities"):
            self._add_entity(pf, i, item)
        for spells in self.spells.values():
            spells.sort(key=lambda s: s.from_)
        # News agencies (media organisations in the packs): their names in a dateline or in
        # brackets are source tags, not organisations the text speaks of.
        self.news_agencies = {
            normalise_name(n)
            for e in self.entities.values()
            if e.sector == "MED" and e.type == "organization"
            for n in (e.name, *e.aliases)
        }

    # --- building -------------------------------------------------------------------------

    def _load_role_words(self) -> None:
        for pf, i, item in self.packs.of_kind("role_words"):
            rw = RoleWord(
                key=item["key"],
                kind=item.get("kind", "office"),
                sector=item["sector"],
                words=item["words"],
                implies=item.get("implies", []),
                source=pf.source(["role_words", i]),
            )
            self.role_keys[rw.key] = rw
            for word in rw.words:
                self.role_words.setdefault(normalise_name(word), rw)

    def _add_entity(self, pf: PackFile, i: int, item: dict) -> None:
        base = ["entities", i]
        ent = KBEntity(
            id=item["id"],
            name=item["name"],
            type=item["type"],
            country=item.get("country"),
            sector=item.get("sector"),
            aliases=item.get("aliases", []),
            demonyms=item.get("demonyms", []),
            part_of=item.get("part_of"),
            note=item.get("note"),
            pack=pf.pack,
            source=pf.source(base),
        )
        self.entities[ent.id] = ent
        for name in [ent.name, *ent.aliases]:
            self._index(self.by_alias, name, ent.id)
        for name in ent.demonyms:
            self._index(self.by_demonym, name, ent.id)
        for j, spell in enumerate(item.get("roles", [])):
            self._add_spell(ent.id, spell, pf.source([*base, "roles", j]))
        for j, m in enumerate(item.get("members", [])):
            self.memberships.append(
                Membership(m["member"], ent.id, m["from"], m.get("until"), m.get("note"),
                           pf.source([*base, "members", j]))
            )  # fmt: skip
        for j, c in enumerate(item.get("chairs", [])):
            spell = {"role": "chair", "of": ent.id, **{k: v for k, v in c.items() if k != "chair"}}
            self._add_spell(c["chair"], spell, pf.source([*base, "chairs", j]))

    @staticmethod
    def _index(index: dict[str, list[str]], name: str, entity_id: str) -> None:
        key = normalise_name(name)
        if key and entity_id not in index[key]:
            index[key].append(entity_id)

    def _add_spell(self, holder: str, item: dict, source: str) -> None:
        role = item["role"]
        keys = [role, *(self.role_keys[role].implies if role in self.role_keys else [])]
        for key in keys:
            spell = RoleSpell(
                holder=holder,
                role=key,
                of=item.get("of"),
                from_=item["from"],
                until=item.get("until"),
                acting=item.get("acting", False),
                note=item.get("note"),
                source=source,
            )
            self.spells[(key, spell.of)].append(spell)
            if key == role:
                self.spells_by_holder[holder].append(spell)

    # --- queries ----------------------------------------------------------------------------

    def lookup(self, name: str, types: tuple[str, ...] | None = None) -> list[KBEntity]:
        """Entities whose name or alias normalises like ``name`` (demonyms excluded)."""
        ids = self.by_alias.get(normalise_name(name), [])
        return [self.entities[i] for i in ids if types is None or self.entities[i].type in types]

    def country_for(self, text: str) -> KBEntity | None:
        """A country named or described by ``text``: "Russia", "Russian", "the Republic of Belarus"."""
        key = normalise_name(text)
        for eid in self.by_alias.get(key, []) + self.by_demonym.get(key, []):
            if self.entities[eid].type == "country":
                return self.entities[eid]
        return None

    def holder(self, role: str, of: str | None, on: str) -> RoleSpell | None:
        """Who held ``role`` of ``of`` on date ``on``; the latest-started spell wins on handover days."""
        held = [s for s in self.spells.get((role, of), []) if s.covers(on)]
        return max(held, key=lambda s: (s.from_, not s.acting)) if held else None

    def learn_role(self, stated: StatedRole, of: KBEntity | None = None) -> None:
        """Remember a role a document stated (once per holder, office and date); ``of``, the
        state or organisation, is remembered by name when no pack holds it."""
        if of is not None and of.id not in self.entities:
            self.stated_orgs.setdefault(normalise_name(of.name), of)
            self.stated_org_words.update(normalise_name(of.name).split())
        key = (stated.role, stated.of, stated.holder.id, stated.on)
        if key not in self._stated_keys:  # a set: a long ingest states the same office many times
            self._stated_keys.add(key)
            self.stated[(stated.role, stated.of)].append(stated)

    def forget_stated(self) -> None:
        """Drop every stated role learned so far."""
        self.stated.clear()
        self._stated_keys.clear()
        self.stated_orgs.clear()
        self.stated_org_words.clear()

    def stated_holder(self, role: str, of: str, on: str, days: int) -> StatedRole | None:
        """Who documents said held ``role`` of ``of`` nearest to ``on``, at most ``days`` away
        (on a tie the later statement)."""
        near = [k for k in self.stated.get((role, of), ()) if len(k.on) >= 10 and k.days_from(on) <= days]
        return min(near, key=lambda k: (k.days_from(on), -int(k.on[:10].replace("-", "")))) if near else None

    def roles_of(self, entity_id: str) -> list[RoleSpell]:
        return sorted(self.spells_by_holder.get(entity_id, []), key=lambda s: s.from_)

    def members(self, org: str, on: str) -> list[Membership]:
        return [m for m in self.memberships if m.org == org and m.covers(on)]

    def orgs_with(self, role: str) -> list[str]:
        """Organisations for which the packs record ``role`` (e.g. every org with a chair)."""
        return sorted({of for (r, of) in self.spells if r == role and of and of.startswith("org:")})


def strip_titles(kb: KnowledgeBase, text: str) -> str:
    """Drop leading titles and role words: "Mr. Lukashenko" -> "Lukashenko"."""
    words = text.split()
    while len(words) > 1:
        for n in range(min(4, len(words) - 1), 0, -1):
            head = normalise_name(" ".join(words[:n]))
            if head in kb.role_words or head in ("the", ""):
                words = words[n:]
                break
        else:
            break
    out = " ".join(words)
    for suffix in ("’s", "'s"):
        out = out.removesuffix(suffix)
    return out


def current_kb() -> KnowledgeBase:
    """The knowledge base of the current packs (``$COMMUNIQUE_PACKS`` included), built once per set
    of pack roots: the linker, the workbench and the store's copy all answer from it."""
    return _kb_for(tuple(pack_dirs()))


@lru_cache(maxsize=2)
def _kb_for(roots: tuple) -> KnowledgeBase:
    return KnowledgeBase(current_packs())
