"""Facts about an organisation's structure stated in text: chairs, secretaries
general, members joining and leaving.

The patterns live in ``packs/fact_patterns.yaml``; this module fills their
placeholders, runs them on the sentences that contain a trigger word, turns each
match into ``Fact`` objects with their sentence, and compares every fact with
what the packs say (``disagrees_with_pack`` and ``note``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from communique.dates import parse_written
from communique.link.kb import KBEntity, KnowledgeBase, normalise_name
from communique.link.settings import SETTINGS
from communique.model import Document, Fact, Span

if TYPE_CHECKING:
    from communique.link.document import LinkedDocument

# Relations whose object holds a role of the subject organisation, and the role key.
ROLE_RELATIONS = {"chaired_by": "chair", "secretary_general": "secretary_general"}
PRONOUNS = {"he", "she"}
# "this organisation" and the like stand for the organisation the document is about.
ORG_REFERENCE = r"(?:organi[sz]ation|Organi[sz]ation)"


@dataclass
class _Pattern:
    name: str
    relation: str
    triggers: tuple[str, ...]
    context: tuple[str, ...]
    template: str
    facts: list[dict]
    needs_person: bool
    needs_org: bool = False


def _alternation(names: set[str]) -> str:
    """A regex alternation of literal names, longest first, allowing any whitespace inside."""
    parts = [r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True) if n]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


class FactFinder:
    """Compiled fact patterns for one knowledge base."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        macros = kb.packs.macros
        orgs = {
            n
            for e in kb.entities.values()
            if e.type in ("organization", "body")
            for n in (e.name, *e.aliases)
        }
        countries = {
            n for e in kb.entities.values() if e.type == "country" for n in (e.name, *e.aliases, *e.demonyms)
        }
        self.fills = {
            **macros,
            # {docorg}: the organisations this document names that no pack holds, filled per document
            "org": f"(?:{_alternation(orgs)}|{ORG_REFERENCE}|{{docorg}})",
            "country": _alternation(countries),
        }
        self.patterns = [self._compile(item) for _, _, item in kb.fact_patterns]
        # one country of a list group (``each``): whole words only ("India", not "Indian")
        self.country_rx = re.compile(rf"\b{self.fills['country']}\b")

    def _compile(self, item: dict) -> _Pattern:
        template = item["regex"]
        for _ in range(3):  # macros may use macros ({when} holds {date})
            for key, value in self.fills.items():
                template = template.replace("{" + key + "}", value)
        return _Pattern(
            name=item["name"],
            relation=item["relation"],
            triggers=tuple(t.lower() for t in item["triggers"]),
            context=tuple(c.lower() for c in item.get("context", [])),
            template=template,
            facts=item["facts"],
            needs_person="{person}" in template,
            needs_org="{docorg}" in template,
        )

    def find(self, doc: Document, linked: LinkedDocument) -> list[Fact]:
        """Every fact the patterns find in ``doc``, each with its sentence."""
        sents = list(doc.spacy_doc.sents)
        persons = {m.text for e in linked.entities() if e.type == "person" for m in e.mentions}
        # organisations only the text introduces ("the Eurasian Water Partnership"): a sentence
        # naming one gets them in {org}; other sentences keep the patterns compiled once
        doc_orgs = {
            m.text
            for e in linked.entities()
            if e.provisional and e.type == "organization"
            for m in e.mentions
        }
        facts: list[Fact] = []
        state = {"chair": None}
        person_rx = _alternation(persons)
        # {docorg} of a sentence: the organisations whose names it holds as written. Where no
        # other name of the document is in it with other spaces (_alternation allows any), the
        # alternation of all of them finds the same: one compiled pattern per document, not one
        # per sentence (compiling a pattern costs about 0.1 s).
        all_orgs_rx = _alternation(doc_orgs)
        spaced_orgs = [(o, " ".join(o.split())) for o in doc_orgs]
        for i, sent in enumerate(sents):
            text = sent.text  # built from the tokens on each access: once per sentence
            low = text.lower()
            named = {o for o in doc_orgs if o in text}
            org_rx = "(?!)"
            if named:
                spaced = " ".join(text.split())
                org_rx = (
                    all_orgs_rx
                    if named == {o for o, w in spaced_orgs if w in spaced}
                    else _alternation(named)
                )
            for pat in self.patterns:
                if not any(t in low for t in pat.triggers):
                    continue
                if pat.context and not _in_context(pat.context, low, sents[i - 1].text.lower() if i else ""):
                    continue
                template = pat.template.replace("{person}", person_rx) if pat.needs_person else pat.template
                rx = _compiled(template.replace("{docorg}", org_rx) if pat.needs_org else template)
                for m in rx.finditer(text):
                    ctx = _Match(self, doc, linked, sents, i, m, state)
                    facts += ctx.facts(pat)
        return unique_facts(facts)


def _in_context(words: tuple[str, ...], sentence: str, previous: str) -> bool:
    return any(w in sentence or w in previous for w in words)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


class _Match:
    """One pattern match in one sentence, turned into facts."""

    def __init__(self, finder: FactFinder, doc, linked, sents, i, m: re.Match, state: dict):  # noqa: ANN001
        self.finder, self.kb, self.doc, self.linked = finder, finder.kb, doc, linked
        self.sent, self.prev = sents[i], sents[i - 1] if i else None
        self.m, self.state = m, state

    def facts(self, pat: _Pattern) -> list[Fact]:
        out = []
        for spec in pat.facts:
            subjects = self._each(spec["each"]) if "each" in spec else [None]
            for subject in subjects:
                fact = self._fact(pat, spec, subject)
                if fact is not None:
                    check_against_pack(self.kb, fact)
                    out.append(fact)
        if pat.relation == "chaired_by" and "chair" in (self.m.groupdict() or {}):
            self.state["chair"] = self._entity("chair")
        return out

    def _each(self, group: str) -> list[KBEntity]:
        """Every country a list group names ("Armenia, Belarus and Kazakhstan"), in order, once."""
        text = self.m.group(group) if group in self.m.groupdict() else None
        if not text:
            return []
        base = self.sent.start_char + self.m.start(group)
        out: list[KBEntity] = []
        for piece in self.finder.country_rx.finditer(text):
            ent = self.linked.entity_at(base + piece.start(), base + piece.end())
            found = self.kb.entities.get(ent.id) if ent is not None else None
            found = (
                found if found is not None and found.type == "country" else self.kb.country_for(piece.group())
            )
            if found is not None and found not in out:
                out.append(found)
        return out

    def _fact(self, pat: _Pattern, spec: dict, subject: KBEntity | None = None) -> Fact | None:
        obj = self._object(spec["object"], pat.relation)
        if subject is None:
            subject = self._entity(spec["subject"]) if "subject" in spec else self._org(pat.relation, obj)
        if obj is None or subject is None:
            return None
        sent = self.sent
        fact = Fact(
            subject=subject.name,
            relation=pat.relation,
            object=obj.name,
            sentence=Span(sent.start_char, sent.end_char, sent.text),
        )
        for key, attr in (("from", "from_"), ("until", "until"), ("at", "at")):
            if key in spec:
                setattr(fact, attr, self._date(spec[key]))
        if not (fact.from_ or fact.until or fact.at):
            fact.at = self.doc.reference_date
        return fact

    def _object(self, name: str, relation: str) -> KBEntity | None:
        if name == "current_chair":
            return self.state["chair"] or self._pack_chair()
        if name in ("org", "org2"):  # "joined the organisation": the one the document is about
            return self._org(relation, None)
        return self._entity(name)

    def _pack_chair(self) -> KBEntity | None:
        org = self._org("chaired_by", None)
        on = self._date("date") or self.doc.reference_date
        spell = self.kb.holder("chair", org.id, on) if org and on else None
        return self.kb.entities.get(spell.holder) if spell else None

    def _entity(self, group: str) -> KBEntity | None:
        """The entity a regex group names: a linked mention, a pack name, or a pronoun's antecedent."""
        text = self.m.group(group) if group in self.m.groupdict() else None
        if not text:
            return None
        if text.lower() in PRONOUNS:
            return self._antecedent()
        start = self.sent.start_char + self.m.start(group)
        ent = self.linked.entity_at(start, start + len(text))
        if ent is not None and ent.id in self.kb.entities:
            return self.kb.entities[ent.id]
        if ent is not None:
            return KBEntity(ent.id, ent.name, ent.type, ent.country, ent.sector)
        found = self.kb.country_for(text) or next(iter(self.kb.lookup(text)), None)
        return found

    def _antecedent(self) -> KBEntity | None:
        """First person named in the previous sentence (else earlier in this one)."""
        for span in (self.prev, self.sent):
            if span is None:
                continue
            for _, ent in self.linked.mentions_in(span.start_char, span.end_char):
                if ent.type == "person":
                    return self.kb.entities.get(ent.id) or KBEntity(ent.id, ent.name, ent.type, ent.country)
        return None

    def _org(self, relation: str, obj: KBEntity | None) -> KBEntity | None:
        """The organisation a fact is about: named in the match, else the one the document is about."""
        for group in ("org", "org2"):
            text = self.m.group(group) if group in self.m.groupdict() else None
            named = self.kb.lookup(text, ("organization", "body")) if text else []
            ent = named[0] if named else self._entity(group)
            if ent is not None and ent.type in ("organization", "body"):
                return self.kb.entities.get(ent.part_of or "") or ent
        return self._document_org(ROLE_RELATIONS.get(relation))

    def _document_org(self, role: str | None) -> KBEntity | None:
        """Of the organisations the packs record ``role`` for, the one this document mentions most."""
        if role:
            candidates = set(self.kb.orgs_with(role))
        else:  # membership: an organisation the packs record members for
            candidates = {m.org for m in self.kb.memberships}
        counts = {e.id: len(e.mentions) for e in self.linked.entities() if e.id in candidates}
        if counts:
            return self.kb.entities[max(counts, key=counts.get)]
        return None

    def _date(self, spec: str) -> str | None:
        if spec == "document":
            return self.doc.reference_date
        for prefix, days in (("day_after:", 1), ("day_before:", -1)):
            if spec.startswith(prefix):
                d = self._date(spec.split(":", 1)[1])
                return (date.fromisoformat(d) + timedelta(days=days)).isoformat() if d and len(d) == 10 else d
        text = self.m.group(spec) if spec in self.m.groupdict() else None
        return parse_written(text, self.doc.reference_date, SETTINGS.no_year_lookback_days) if text else None


def check_against_pack(kb: KnowledgeBase, fact: Fact) -> None:
    """Set ``disagrees_with_pack`` and ``note`` when the packs say otherwise for the fact's date."""
    on = fact.at or fact.from_ or fact.until
    if not on:
        return
    role = ROLE_RELATIONS.get(fact.relation)
    if role is None and fact.relation in kb.role_keys and kb.role_keys[fact.relation].kind == "office":
        role = fact.relation  # a role the text states ("foreign_minister" of Kazakhstan)
    if role is not None and len(on) == 10:
        _check_role(kb, fact, role, on)
    elif fact.relation in ("member_of", "observer_of"):
        _check_membership(kb, fact, on)


def _one(kb: KnowledgeBase, name: str) -> KBEntity | None:
    found = kb.lookup(name)
    return found[0] if found else kb.country_for(name)


def _check_role(kb: KnowledgeBase, fact: Fact, role: str, on: str) -> None:
    org, holder = _one(kb, fact.subject), _one(kb, fact.object)
    if org is None:
        return
    spell = kb.holder(role, org.id, on)
    if spell is None or (holder is not None and spell.holder == holder.id):
        return
    fact.disagrees_with_pack = True
    held = kb.entities[spell.holder].name if spell.holder in kb.entities else spell.holder
    fact.note = f"the packs say {held} on {on} ({spell.source})"


def _check_membership(kb: KnowledgeBase, fact: Fact, on: str) -> None:
    member, org = _one(kb, fact.subject), _one(kb, fact.object)
    if member is None or org is None:
        return
    spans = [m for m in kb.memberships if m.member == member.id and m.org == org.id]
    if not spans or any(_membership_agrees(m, fact, on) for m in spans):
        return
    fact.disagrees_with_pack = True
    known = ", ".join(f"{m.from_}–{m.until or ''} ({m.source})" for m in spans)
    fact.note = f"the packs record membership {known}"


def _membership_agrees(m, fact: Fact, on: str) -> bool:  # noqa: ANN001
    """A year-only date agrees when the membership starts (or ends) in that year."""
    if len(on) == 10:
        return m.covers(on)
    if fact.from_:
        return m.from_[:4] == on[:4]
    if fact.until:
        return (m.until or "")[:4] == on[:4]
    return m.covers(on + "-12-31")


def unique_facts(facts: list[Fact]) -> list[Fact]:
    """Facts in order, each (subject, relation, object, bounds, sentence) once."""
    seen, out = set(), []
    for f in facts:
        key = (
            f.subject,
            f.relation,
            f.object,
            f.from_,
            f.until,
            f.at,
            f.sentence.start if f.sentence else None,
        )
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


@lru_cache(maxsize=4)
def _finder(kb: KnowledgeBase) -> FactFinder:
    return FactFinder(kb)


def find_facts(doc: Document, linked: LinkedDocument, kb: KnowledgeBase) -> list[Fact]:
    """Organisation facts stated in ``doc`` (needs ``doc.spacy_doc`` and its linked mentions)."""
    if doc.spacy_doc is None or not kb.fact_patterns:
        return []
    return _finder(kb).find(doc, linked)


__all__ = ["FactFinder", "check_against_pack", "find_facts", "normalise_name", "parse_written"]
