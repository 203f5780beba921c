"""Offices of organisations no pack holds, carried across documents: a role one document states
("X, Secretary General of the Eurasian Water Partnership") resolves the bare office in a later
document, after a store round trip and on Dask workers (passages written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.link import get_linker
from communique.link.kb import KnowledgeBase
from communique.link.settings import SETTINGS
from communique.link.stored import learn_stored_roles
from communique.link.textroles import stated_holder
from communique.store import open_store, save_documents
from tests.link_helpers import ingest_one_per_run, linked, stored_mention_entities

STATES = (
    "Maria Kovalenko, Secretary General of the Eurasian Water Partnership, opened the forum in "
    "Almaty on Monday."
)
AFTER = "The Secretary General of the Eurasian Water Partnership said on Tuesday that the rivers were low."
BEFORE = "The Eurasian Water Partnership Secretary General said on Tuesday that the rivers were low."


@pytest.fixture
def kb():
    kb = get_linker().kb
    kb.forget_stated()
    yield kb
    kb.forget_stated()


def _office_holder(doc, mention: str) -> list[str]:
    return [e.id for e in doc.entities if e.type == "person" and any(m.text == mention for m in e.mentions)]


def test_link_stated_orgs_a_role_of_an_unknown_organisation_is_a_fact(kb):
    doc = linked(STATES, "2024-03-11")
    facts = [(f.subject, f.relation, f.object, f.at) for f in doc.facts]
    assert facts == [("Eurasian Water Partnership", "secretary_general", "Maria Kovalenko", "2024-03-11")]
    assert list(kb.stated_orgs) == ["eurasian water partnership"]


@pytest.mark.parametrize(
    ("text", "mention"), [(AFTER, "The Secretary General"), (BEFORE, "Secretary General")]
)
def test_link_stated_orgs_the_bare_office_resolves_in_a_later_document(kb, text: str, mention: str):
    linked(STATES, "2024-03-11")
    later = linked(text, "2024-04-02")
    assert _office_holder(later, mention) == ["prov:person:maria-kovalenko"]
    orgs = [(e.id, e.type) for e in later.entities if e.name == "Eurasian Water Partnership"]
    assert orgs == [("prov:organization:eurasian-water-partnership", "organization")]


def test_link_stated_orgs_not_at_a_far_date(kb):
    linked(STATES, "2024-03-11")
    far = linked(AFTER, "2026-03-11")
    assert _office_holder(far, "The Secretary General") == []


def test_link_stated_orgs_come_back_from_the_store(kb, tmp_path: Path):
    engine = open_store(tmp_path / "kb.db")
    save_documents(engine, [linked(STATES, "2024-03-11")])
    fresh = KnowledgeBase(kb.packs)  # a later run: nothing learned in memory
    assert learn_stored_roles(engine, fresh) == 1
    found = stated_holder(
        fresh,
        "the Secretary General of the Eurasian Water Partnership",
        "2024-04-02",
        SETTINGS.stated_role_days,
    )
    assert (found.id, found.name) == ("prov:person:maria-kovalenko", "Maria Kovalenko")
    assert (
        fresh.stated_orgs["eurasian water partnership"].id == "prov:organization:eurasian-water-partnership"
    )


def test_link_stated_orgs_reach_a_later_ingest(kb, tmp_path: Path):
    """Two ingest runs: the second (nothing learned in memory) reads the first run's stated role
    of an organisation no pack holds from the store and resolves the bare office."""
    db = tmp_path / "kb.db"
    ingest_one_per_run(db, [(STATES, "2024-03-11"), (AFTER, "2024-04-02")])
    assert stored_mention_entities(db, "The Secretary General") == ["prov:person:maria-kovalenko"]


@pytest.mark.slow
def test_link_stated_orgs_reach_dask_workers(kb):
    """A worker process starts with the roles the client's knowledge base holds (stored by
    earlier runs), as a forked --workers process does."""
    from communique.cluster import ClusterSpec, connect

    linked(STATES, "2024-03-11")  # what learn_stored_roles would have read at the ingest's start

    def in_worker() -> tuple[str | None, str | None]:
        from communique.link import get_linker
        from communique.link.settings import SETTINGS
        from communique.link.textroles import stated_holder

        wkb = get_linker().kb
        org = stated_holder(wkb, "the Eurasian Water Partnership Secretary General", "2024-04-02", 180)
        ngo = stated_holder(wkb, "the ASEAN Secretary-General", "2024-04-02", SETTINGS.stated_role_days)
        return (org.id if org else None, ngo.id if ngo else None)

    with connect(ClusterSpec(local_workers=1)) as client:
        (seen,) = client.run(in_worker).values()
    assert seen == ("prov:person:maria-kovalenko", None)
