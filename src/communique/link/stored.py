"""Roles stated in documents already in the store, read back into the knowledge base.

Linking a document adds the offices it states ("ASEAN Secretary-General Kao Kim Hourn") to the
knowledge base in memory (``KnowledgeBase.learn_role``); the store keeps them as text facts
(``facts`` rows with ``origin`` "text" and the document's date). ``learn_stored_roles`` reads
those rows at the start of an ingest, so a document of a later run resolves "the ASEAN
Secretary-General" to the person an earlier document named.
"""

from __future__ import annotations

from sqlalchemy import Engine

from communique.link.kb import KBEntity, KnowledgeBase, StatedRole, slug
from communique.link.textroles import NOT_ONE_OFFICE, parse_qualified_role
from communique.model import Entity


def learn_stored_roles(engine: Engine, kb: KnowledgeBase) -> int:
    """Add every stored text fact naming one office of a state or organisation at a date to
    ``kb``'s stated roles. RETURNS the number of facts read."""
    from communique.store.read import reading

    offices = {key for key, rw in kb.role_keys.items() if rw.kind == "office"}
    with reading(engine) as reader:
        rows = [r for r in reader.dated_text_facts() if _one_office(kb, r.relation, offices)]
        persons: dict[str, Entity] = {}
        for p in reader.persons_named({r.object for r in rows}):
            persons.setdefault(
                p.name, Entity(p.id, p.name, "person", p.country, p.sector, bool(p.provisional))
            )
    n = 0
    for r in rows:
        # a subject no pack holds is an organisation the text introduced ("Secretary General of the
        # Eurasian Water Partnership"): its provisional entity, as the linker named it
        of = (
            kb.country_for(r.subject)
            or next(iter(kb.lookup(r.subject)), None)
            or _text_organisation(r.subject)
        )
        holder = persons.get(r.object)
        if of is not None and holder is not None:
            stated = StatedRole(holder, r.relation, of.id, r.at_date[:10], f"document {r.document_id}")
            kb.learn_role(stated, of)
            n += 1
    return n


def _text_organisation(name: str) -> KBEntity:
    return KBEntity(f"prov:organization:{slug(name)}", name, "organization")


def _one_office(kb: KnowledgeBase, relation: str, offices: set[str]) -> bool:
    """A relation that is one office held by one person ("secretary_general",
    "deputy_foreign_minister"), not a former holder's or a generic role's."""
    if relation in NOT_ONE_OFFICE or relation.startswith("former_"):
        return False
    parsed = parse_qualified_role(kb, relation.replace("_", " "))
    return (parsed.base if parsed is not None else relation) in offices


def learned_roles() -> list[tuple[StatedRole, KBEntity | None]]:
    """Every stated role the process's knowledge base holds, each with its organisation when no
    pack holds it: what a worker process needs to resolve offices as this process does. Empty
    when the knowledge base was never loaded here (a client that only hands work out)."""
    from communique.link.kb import _kb_for, current_kb

    if not _kb_for.cache_info().currsize:  # not loaded: loading it only to find nothing costs seconds
        return []
    kb = current_kb()
    orgs = {o.id: o for o in kb.stated_orgs.values()}
    return [(r, orgs.get(r.of)) for rs in kb.stated.values() for r in rs]


def learn_roles_from(kb: KnowledgeBase, roles: list[tuple[StatedRole, KBEntity | None]]) -> None:
    """Add roles ``learned_roles`` gave (in another process) to ``kb``."""
    for stated, of in roles:
        kb.learn_role(stated, of)
