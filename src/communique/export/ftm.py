"""The knowledge base as FollowTheMoney entities, built and checked by the ``followthemoney`` package.

Aleph shows an entity's evidence when the export carries it: every stored
document becomes a ``Document`` (title, date, source, text), every mention
of a person, organisation or country a ``Mention`` tying the document to the
entity (``resolved``), and every event an ``Event`` naming its participants
(``involved``; the sources also as ``organizer``) and its report (``proof``). Values go through FtM's own property
types, so countries come out as the two-letter codes FtM expects (``by``,
not ``blr``) and dates as ISO dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from communique.store.read import Reader

# FollowTheMoney schema for each entity type of ours (other types stay out of the export).
FTM_SCHEMA = {
    "person": "Person",
    "organization": "Organization",
    "body": "PublicBody",
    "country": "PublicBody",  # FtM has no country schema; a state acts as a public body
}
# FtM entity ids allow letters, digits, "." and "-" only.
_ID_UNSAFE = re.compile(r"[^0-9A-Za-z.-]+")


def ftm_id(entity_id: str) -> str:
    """Our entity id in FtM's id alphabet ("person:vladimir-putin" → "person-vladimir-putin")."""
    return _ID_UNSAFE.sub("-", entity_id).strip("-.")


def _country_field(schema: str) -> str:
    return "nationality" if schema == "Person" else "jurisdiction"


def entity_proxy(entity: dict[str, Any]) -> EntityProxy | None:
    """A person, organisation or country as an FtM entity; None for types FtM has no schema for."""
    schema = FTM_SCHEMA.get(entity["type"])
    if schema is None:
        return None
    proxy = model.make_entity(schema)
    proxy.id = ftm_id(entity["id"])
    proxy.add("name", entity["name"])
    proxy.add("alias", entity.get("aliases") or [])
    if entity.get("country"):
        proxy.add(_country_field(schema), entity["country"])
    return proxy


def document_proxy(doc: dict[str, Any]) -> EntityProxy:
    proxy = model.make_entity("Document")
    proxy.id = doc["id"]
    proxy.add("title", doc.get("title") or doc["source"])
    proxy.add("fileName", doc["source"])
    proxy.add("sourceUrl", doc.get("url"))
    proxy.add("publishedAt", (doc.get("published") or "")[:10] or None)
    proxy.add("date", doc.get("event_date"))
    proxy.add("bodyText", doc.get("text"))
    return proxy


def mention_proxy(mention: dict[str, Any], entity: EntityProxy) -> EntityProxy:
    proxy = model.make_entity("Mention")
    proxy.make_id("mention", mention["document_id"], mention["start"], mention["end"])
    proxy.add("document", mention["document_id"])
    proxy.add("resolved", entity.id)
    proxy.add("name", mention["text"])
    proxy.add("detectedSchema", entity.schema.name)
    return proxy


def event_proxy(event: dict[str, Any], exported: dict[str, EntityProxy]) -> EntityProxy:
    """An event as FtM's Event: what happened, when and where, who took part, and the report that
    says so (``proof``)."""
    proxy = model.make_entity("Event")
    proxy.make_id("event", event["key"])
    proxy.add("name", f"{event['type']}: {' '.join(event['sentence']['text'].split())[:120]}")
    proxy.add("summary", event["sentence"]["text"])
    proxy.add("date", event.get("date"))
    proxy.add("location", event.get("place"))
    proxy.add("proof", event["document_id"])
    for actor in [*event["source"], *event["target"]]:
        entity = exported.get(actor.get("id") or "")
        if entity is not None:
            proxy.add("involved", entity.id)
            if event["source"] and actor in event["source"]:
                proxy.add("organizer", entity.id)
    return proxy


def ftm_entities(kb: Reader) -> Iterator[EntityProxy]:
    """Entities, then documents with their text, mentions and events (corrections applied by ``kb``)."""
    exported: dict[str, EntityProxy] = {}
    for entity in kb.entities():
        proxy = entity_proxy(entity)
        if proxy is not None:
            exported[entity["id"]] = proxy
            yield proxy
    texts = {d["id"]: d for d in kb.document_rows()}
    for doc in kb.documents():
        yield document_proxy({**texts.get(doc["id"], {}), **doc})
    for mention in kb.mentions():
        entity = exported.get(mention["entity_id"] or "")
        if entity is not None:
            yield mention_proxy(mention, entity)
    for event in kb.events():
        yield event_proxy(event, exported)
